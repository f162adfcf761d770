package bench

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

// Workloads.
const (
	Evidence = "evidence"
	Transfer = "transfer"
)

// Config describes a run.
type Config struct {
	Network  *sdk.Network
	Workload string
	// Clients is the number of signing client goroutines.
	Clients int
	// InFlight is each client's number of outstanding transactions: the
	// window of a closed-loop run, and a safety bound in an open-loop one.
	InFlight int
	// Rate is the total target rate in tx/s; 0 runs closed-loop.
	Rate     float64
	Warmup   time.Duration
	Duration time.Duration
	// Drain is how long, after the steady phase, the run waits for the
	// transactions still in flight to commit (default 10 s).
	Drain time.Duration
	// CommitTimeout is how long a submitted transaction may take to commit
	// before it counts as timed out (default 30 s).
	CommitTimeout time.Duration
	// Presign, if positive, signs that many transactions before the run
	// starts (with the chain's longest validity), and the clients send those
	// first: the load generator then spends its CPU on sending, not signing,
	// while it shares a machine with the nodes. Clients sign on the fly once
	// they are used up.
	Presign int
	// Progress, if set, is called about once a second.
	Progress func(Sample)
	// Log, if set, receives a line about each preparation step.
	Log func(string)
}

// Sample is one second of the run.
type Sample struct {
	T         float64 `json:"t"`
	Phase     string  `json:"phase"`
	Committed uint64  `json:"committed"`
	TPS       float64 `json:"tps"`
	// SentTPS is how many transactions were submitted in that second.
	SentTPS  float64 `json:"sent_tps"`
	P50Ms    float64 `json:"p50_ms"`
	P99Ms    float64 `json:"p99_ms"`
	Rejected uint64  `json:"rejected"`
	InFlight int64   `json:"in_flight"`
	Height   uint64  `json:"height"`
}

// NodeUsage is one node's resource use over the steady phase.
type NodeUsage struct {
	ID         uint64  `json:"id"`
	CPUPercent float64 `json:"cpu_percent"`
	RSSMiB     float64 `json:"rss_mib"`
	MaxRSSMiB  float64 `json:"max_rss_mib"`
}

// Report is the result of a run.
//
// CommittedTPS counts the transactions whose commit was observed during the
// steady phase, per second of it. The latency percentiles are those of the
// transactions submitted during the steady phase, from the start of their
// submission to the arrival of the block holding them; transactions that
// never committed (see TimedOut) are not in them.
type Report struct {
	Workload     string         `json:"workload"`
	Mode         string         `json:"mode"`
	TargetRate   float64        `json:"target_rate,omitempty"`
	Nodes        int            `json:"nodes"`
	Clients      int            `json:"clients"`
	InFlight     int            `json:"in_flight_per_client"`
	Presigned    int            `json:"presigned,omitempty"`
	WarmupS      float64        `json:"warmup_s"`
	DurationS    float64        `json:"duration_s"`
	Submitted    uint64         `json:"submitted"`
	Committed    uint64         `json:"committed"`
	Rejected     uint64         `json:"rejected"`
	TimedOut     uint64         `json:"timed_out"`
	RejectReason map[string]int `json:"reject_reasons,omitempty"`
	CommittedTPS float64        `json:"committed_tps"`
	// OfferedTPS is the rate of submissions started in the steady phase.
	OfferedTPS float64 `json:"offered_tps"`
	// Unsent counts, in an open-loop run, the transactions the schedule
	// called for that could not be sent because every client had InFlight
	// transactions outstanding: the network did not keep up.
	Unsent uint64  `json:"unsent,omitempty"`
	P50Ms  float64 `json:"p50_ms"`
	P90Ms  float64 `json:"p90_ms"`
	P99Ms  float64 `json:"p99_ms"`
	MaxMs  float64 `json:"max_ms"`
	// ClientCPUPercent is the load generator's own CPU use over the steady
	// phase (100 = one core): on a shared machine it competes with the nodes.
	ClientCPUPercent float64     `json:"client_cpu_percent"`
	NodeUsage        []NodeUsage `json:"node_usage"`
	Timeline         []Sample    `json:"timeline"`
}

// pendingTx is a submitted transaction waiting for its block.
type pendingTx struct {
	at     time.Time
	steady bool
	slot   chan struct{} // the client's in-flight window, released at commit
}

type run struct {
	cfg      Config
	suite    types.Suite
	start    time.Time
	steadyAt time.Time
	endAt    time.Time

	mu        sync.Mutex
	pending   map[types.Hash]pendingTx
	latencies []float64 // of steady-phase submissions, ms
	window    []float64 // commits of the last second, ms
	reasons   map[string]int

	// signed holds pre-signed transactions; next counts those taken.
	signed []*types.Transaction
	next   atomic.Int64

	submitted, sent, steadySent, committed, steadyCommitted, rejected, timedOut, unsent atomic.Uint64
	inflight                                                                            atomic.Int64
	height                                                                              atomic.Uint64
}

// Run executes the benchmark against cfg.Network: warm-up, steady phase,
// then a drain of what is still in flight.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if cfg.Workload == "" {
		cfg.Workload = Evidence
	}
	if cfg.Workload != Evidence && cfg.Workload != Transfer {
		return nil, fmt.Errorf("unknown workload %q (want evidence or transfer)", cfg.Workload)
	}
	if cfg.Clients <= 0 {
		cfg.Clients = 32
	}
	if cfg.InFlight <= 0 {
		cfg.InFlight = 64
	}
	if cfg.Duration <= 0 {
		cfg.Duration = 20 * time.Second
	}
	if cfg.Warmup < 0 {
		cfg.Warmup = 0
	}
	if cfg.Drain <= 0 {
		cfg.Drain = 10 * time.Second
	}
	if cfg.CommitTimeout <= 0 {
		cfg.CommitTimeout = 30 * time.Second
	}
	if cfg.Rate < 0 {
		return nil, fmt.Errorf("negative rate %v", cfg.Rate)
	}
	nw := cfg.Network
	if nw == nil || len(nw.Nodes) == 0 {
		return nil, errors.New("no network to benchmark")
	}
	accounts := make([]sdk.Account, 0, len(nw.Orgs))
	for _, o := range nw.Orgs {
		if o.Account == nil {
			continue
		}
		k, err := crypto.LoadKey(o.Account.Key)
		if err != nil {
			return nil, err
		}
		accounts = append(accounts, sdk.Account{Name: o.Account.Name, Signer: k, Suite: nw.Suite()})
	}
	if len(accounts) == 0 {
		return nil, errors.New("network.json lists no org accounts to send from")
	}
	// One connection per node, shared by the clients.
	conns := make([]*sdk.Client, len(nw.Nodes))
	for i := range nw.Nodes {
		c, err := sdk.DialNetwork(ctx, nw, nw.Orgs[i%len(nw.Orgs)].Name, i)
		if err != nil {
			return nil, fmt.Errorf("node %d: %w", nw.Nodes[i].ID, err)
		}
		defer c.Close()
		conns[i] = c
	}
	r := &run{cfg: cfg, suite: nw.Suite(), pending: map[types.Hash]pendingTx{}, reasons: map[string]int{}}
	if cfg.Presign > 0 {
		if cfg.Log != nil {
			cfg.Log(fmt.Sprintf("pre-signing %d transactions", cfg.Presign))
		}
		start := time.Now()
		if err := r.presign(ctx, accounts); err != nil {
			return nil, err
		}
		if cfg.Log != nil {
			cfg.Log(fmt.Sprintf("pre-signed %d transactions in %s", cfg.Presign, time.Since(start).Round(time.Millisecond)))
		}
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Observe commits from the start, so that nothing committed is missed.
	var wg sync.WaitGroup
	observing := make(chan struct{})
	wg.Add(1)
	go func() { defer wg.Done(); r.observe(ctx, conns[0], observing) }()
	select {
	case <-observing:
	case <-ctx.Done():
		return nil, ctx.Err()
	}

	r.start = time.Now()
	r.steadyAt = r.start.Add(cfg.Warmup)
	r.endAt = r.steadyAt.Add(cfg.Duration)

	var tokens chan struct{}
	if cfg.Rate > 0 {
		tokens = make(chan struct{}, cfg.Clients*cfg.InFlight)
		wg.Add(1)
		go func() { defer wg.Done(); r.pace(ctx, tokens) }()
	}
	wg.Add(1)
	go func() { defer wg.Done(); r.sweep(ctx) }()
	sendCtx, stopSending := context.WithDeadline(ctx, r.endAt)
	defer stopSending()
	var cw sync.WaitGroup
	for i := 0; i < cfg.Clients; i++ {
		cw.Add(1)
		go func(i int) {
			defer cw.Done()
			r.client(sendCtx, i, accounts, conns, tokens)
		}(i)
	}

	// Progress, usage sampling, and the drain after the steady phase.
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	var timeline []Sample
	var lastCommitted, lastSent uint64
	var usage0, usage1 map[uint64]procSample
	var cpu0, cpu1 cpuSample
	maxRSS := map[uint64]float64{}
	steadyTaken, endTaken := false, false
	drainUntil := r.endAt.Add(cfg.Drain)
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case now := <-tick.C:
			if !steadyTaken && !now.Before(r.steadyAt) {
				usage0, cpu0 = sampleUsage(nw), selfCPU()
				steadyTaken = true
			}
			u := sampleUsage(nw)
			for id, s := range u {
				maxRSS[id] = max(maxRSS[id], s.rss)
			}
			if !endTaken && !now.Before(r.endAt) {
				usage1, cpu1 = u, selfCPU()
				endTaken = true
			}
			c, sent := r.committed.Load(), r.sent.Load()
			s := Sample{T: now.Sub(r.start).Seconds(), Phase: r.phase(now), Committed: c, TPS: float64(c - lastCommitted),
				SentTPS: float64(sent - lastSent), Rejected: r.rejected.Load(), InFlight: r.inflight.Load(), Height: r.height.Load()}
			lastCommitted, lastSent = c, sent
			s.P50Ms, s.P99Ms = r.takeWindow()
			timeline = append(timeline, s)
			if cfg.Progress != nil {
				cfg.Progress(s)
			}
			if endTaken && (r.inflight.Load() == 0 || !now.Before(drainUntil)) {
				break loop
			}
		}
	}
	stopSending()
	cw.Wait()
	if err := context.Cause(ctx); err != nil && !endTaken {
		return nil, err
	}
	cancel()
	wg.Wait()

	rep := r.report(len(nw.Nodes))
	rep.Timeline = timeline
	rep.NodeUsage = usageReport(usage0, usage1, maxRSS)
	if steadyTaken && endTaken {
		if d := cpu1.at.Sub(cpu0.at).Seconds(); d > 0 {
			rep.ClientCPUPercent = 100 * (cpu1.cpu - cpu0.cpu) / d
		}
	}
	return rep, nil
}

func (r *run) phase(now time.Time) string {
	switch {
	case now.Before(r.steadyAt):
		return "warmup"
	case now.Before(r.endAt):
		return "steady"
	}
	return "drain"
}

func (r *run) steady(t time.Time) bool { return !t.Before(r.steadyAt) && t.Before(r.endAt) }

// pace issues the open-loop schedule: by time t after the start, floor(rate*t)
// tokens in all. It catches up after a late wake-up rather than skipping
// ticks; a token that finds the channel full (every client at its in-flight
// bound) is counted as unsent.
func (r *run) pace(ctx context.Context, tokens chan<- struct{}) {
	p := pacer{rate: r.cfg.Rate}
	step := time.Duration(float64(time.Second) / r.cfg.Rate)
	step = min(max(step, time.Millisecond), 50*time.Millisecond)
	t := time.NewTicker(step)
	defer t.Stop()
	for {
		for n := p.due(time.Since(r.start)); n > 0; n-- {
			select {
			case tokens <- struct{}{}:
			default:
				if time.Now().Before(r.endAt) {
					r.unsent.Add(1)
				}
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// pacer counts the tokens of an open-loop schedule.
type pacer struct {
	rate   float64
	issued uint64
}

// due returns how many tokens to issue now, elapsed after the start.
func (p *pacer) due(elapsed time.Duration) uint64 {
	want := uint64(p.rate * elapsed.Seconds())
	if want <= p.issued {
		return 0
	}
	n := want - p.issued
	p.issued = want
	return n
}

func nonce() uint64 {
	var b [8]byte
	rand.Read(b[:])
	return binary.LittleEndian.Uint64(b[:])
}

// client signs and submits transactions: each takes a slot of its in-flight
// window (and, open-loop, a token of the schedule); the slot frees when the
// transaction commits, is refused, or times out.
func (r *run) client(ctx context.Context, i int, accounts []sdk.Account, conns []*sdk.Client, tokens chan struct{}) {
	acct := accounts[i%len(accounts)]
	to := accounts[(i+1)%len(accounts)].ID()
	slots := make(chan struct{}, r.cfg.InFlight)
	var wg sync.WaitGroup
	defer wg.Wait()
	for n := 0; ctx.Err() == nil; n++ {
		if tokens != nil {
			select {
			case <-tokens:
			case <-ctx.Done():
				return
			}
		}
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			return
		}
		var tx *types.Transaction
		var err error
		if k := r.next.Add(1) - 1; k < int64(len(r.signed)) {
			tx = r.signed[k]
		} else {
			tx, err = r.sign(acct, to, 0)
		}
		if err != nil {
			<-slots
			r.reject("sign: " + err.Error())
			continue
		}
		h := r.suite.TxHash(tx)
		conn := conns[(i+n)%len(conns)]
		now := time.Now()
		r.mu.Lock()
		r.pending[h] = pendingTx{at: now, steady: r.steady(now), slot: slots}
		r.mu.Unlock()
		r.inflight.Add(1)
		r.sent.Add(1)
		if r.steady(now) {
			r.steadySent.Add(1)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			// The submission outlives the sending phase: a transaction sent
			// is followed to its end (or the run's).
			sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			_, err := conn.Submit(sctx, tx)
			cancel()
			r.submitted.Add(1)
			if err != nil && r.forget(h) {
				r.reject(string(sdk.ReasonOf(err)))
			}
		}()
	}
}

// sign builds and signs one transaction of the workload from acct.
func (r *run) sign(acct sdk.Account, to types.Hash, validity time.Duration) (*types.Transaction, error) {
	opt := sdk.TxOptions{ChainID: r.cfg.Network.ChainID, Nonce: nonce(), Validity: validity}
	if r.cfg.Workload == Transfer {
		return acct.TransferTx(opt, to, 1)
	}
	var digest [32]byte
	rand.Read(digest[:])
	return acct.DepositEvidenceTx(opt, digest[:], "sha256", []*types.Attribute{{Key: "bench", Value: "causeway"}})
}

// presign signs cfg.Presign transactions on every core, from the accounts
// in turn, valid for the chain's longest validity.
func (r *run) presign(ctx context.Context, accounts []sdk.Account) error {
	validity := sdk.DefaultValidity
	if g, err := types.LoadGenesis(r.cfg.Network.Genesis); err == nil {
		validity = time.Duration(g.Params.MaxValidityMs) * time.Millisecond
	}
	r.signed = make([]*types.Transaction, r.cfg.Presign)
	workers := runtime.GOMAXPROCS(0)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for k := w; k < len(r.signed); k += workers {
				if ctx.Err() != nil {
					errs <- ctx.Err()
					return
				}
				tx, err := r.sign(accounts[k%len(accounts)], accounts[(k+1)%len(accounts)].ID(), validity)
				if err != nil {
					errs <- err
					return
				}
				r.signed[k] = tx
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// forget removes a pending transaction and frees its slot; it reports false
// if the transaction was no longer pending (it committed meanwhile).
func (r *run) forget(h types.Hash) bool {
	r.mu.Lock()
	p, ok := r.pending[h]
	delete(r.pending, h)
	r.mu.Unlock()
	if ok {
		r.inflight.Add(-1)
		<-p.slot
	}
	return ok
}

func (r *run) reject(reason string) {
	r.rejected.Add(1)
	if reason == "" {
		reason = "unknown"
	}
	r.mu.Lock()
	r.reasons[reason]++
	r.mu.Unlock()
}

// sweep times out transactions that did not commit within CommitTimeout.
func (r *run) sweep(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			var late []pendingTx
			r.mu.Lock()
			for h, p := range r.pending {
				if now.Sub(p.at) > r.cfg.CommitTimeout {
					delete(r.pending, h)
					late = append(late, p)
				}
			}
			r.mu.Unlock()
			for _, p := range late {
				r.inflight.Add(-1)
				r.timedOut.Add(1)
				<-p.slot
			}
		}
	}
}

// observe follows committed blocks from one node, from the height after
// the node's head at the start (the node sends stored blocks from there, so
// none is missed whenever the stream is established), resubscribing after
// the last block received when the stream breaks, and settles the
// transactions they hold. It closes ready once it knows where to start.
func (r *run) observe(ctx context.Context, conn *sdk.Client, ready chan struct{}) {
	var next uint64
	for next == 0 {
		h, err := conn.Health(ctx)
		if err == nil {
			r.height.Store(h.GetHeight())
			next = h.GetHeight() + 1
			break
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(200 * time.Millisecond):
		}
	}
	close(ready)
	for {
		blocks, errs := conn.SubscribeBlocks(ctx, next)
		for b := range blocks {
			r.settle(b)
			next = b.Block.GetHeader().GetHeight() + 1
		}
		<-errs
		select {
		case <-ctx.Done():
			return
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// settle records the commit of every pending transaction of b.
func (r *run) settle(b *apipb.BlockResponse) {
	now := time.Now()
	if h := b.Block.GetHeader().GetHeight(); h > r.height.Load() {
		r.height.Store(h)
	}
	var slots []chan struct{}
	r.mu.Lock()
	for _, tx := range b.Block.GetTxs() {
		h := r.suite.TxHash(tx)
		p, ok := r.pending[h]
		if !ok {
			continue
		}
		delete(r.pending, h)
		slots = append(slots, p.slot)
		r.committed.Add(1)
		if r.steady(now) {
			r.steadyCommitted.Add(1)
		}
		ms := float64(now.Sub(p.at).Microseconds()) / 1000
		r.window = append(r.window, ms)
		if p.steady {
			r.latencies = append(r.latencies, ms)
		}
	}
	r.mu.Unlock()
	r.inflight.Add(-int64(len(slots)))
	for _, s := range slots {
		<-s
	}
}

func (r *run) takeWindow() (p50, p99 float64) {
	r.mu.Lock()
	w := r.window
	r.window = nil
	r.mu.Unlock()
	sort.Float64s(w)
	return percentile(w, 50), percentile(w, 99)
}

// percentile returns the nearest-rank p-th percentile of sorted values: the
// smallest value that at least p% of the values do not exceed.
func percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(float64(len(sorted))*p/100)) - 1
	return sorted[min(max(rank, 0), len(sorted)-1)]
}

func (r *run) report(nodes int) *Report {
	cfg := r.cfg
	r.mu.Lock()
	defer r.mu.Unlock()
	lat := append([]float64(nil), r.latencies...)
	sort.Float64s(lat)
	reasons := map[string]int{}
	for k, v := range r.reasons {
		reasons[k] = v
	}
	rep := &Report{Workload: cfg.Workload, Mode: "closed-loop", Nodes: nodes, Clients: cfg.Clients, InFlight: cfg.InFlight, Presigned: cfg.Presign,
		WarmupS: cfg.Warmup.Seconds(), DurationS: cfg.Duration.Seconds(),
		Submitted: r.submitted.Load(), Committed: r.committed.Load(), Rejected: r.rejected.Load(), TimedOut: r.timedOut.Load(),
		RejectReason: reasons, Unsent: r.unsent.Load(),
		CommittedTPS: float64(r.steadyCommitted.Load()) / cfg.Duration.Seconds(),
		OfferedTPS:   float64(r.steadySent.Load()) / cfg.Duration.Seconds(),
		P50Ms:        percentile(lat, 50), P90Ms: percentile(lat, 90), P99Ms: percentile(lat, 99)}
	if len(lat) > 0 {
		rep.MaxMs = lat[len(lat)-1]
	}
	if len(rep.RejectReason) == 0 {
		rep.RejectReason = nil
	}
	if cfg.Rate > 0 {
		rep.Mode, rep.TargetRate = "open-loop", cfg.Rate
	}
	return rep
}
