package bench

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
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
	// InFlight is each client's number of outstanding transactions (closed loop).
	InFlight int
	// Rate is the total target rate in tx/s; 0 runs closed-loop.
	Rate     float64
	Warmup   time.Duration
	Duration time.Duration
	// Progress, if set, is called about once a second.
	Progress func(Sample)
}

// Sample is one second of the run.
type Sample struct {
	T          float64 `json:"t"`
	Phase      string  `json:"phase"`
	Committed  uint64  `json:"committed"`
	TPS        float64 `json:"tps"`
	P50Ms      float64 `json:"p50_ms"`
	P99Ms      float64 `json:"p99_ms"`
	Rejected   uint64  `json:"rejected"`
	InFlight   int64   `json:"in_flight"`
	Height     uint64  `json:"height"`
}

// NodeUsage is one node's resource use over the steady phase.
type NodeUsage struct {
	ID         uint64  `json:"id"`
	CPUPercent float64 `json:"cpu_percent"`
	RSSMiB     float64 `json:"rss_mib"`
	MaxRSSMiB  float64 `json:"max_rss_mib"`
}

// Report is the result of a run.
type Report struct {
	Workload     string         `json:"workload"`
	Mode         string         `json:"mode"`
	TargetRate   float64        `json:"target_rate,omitempty"`
	Nodes        int            `json:"nodes"`
	Clients      int            `json:"clients"`
	DurationS    float64        `json:"duration_s"`
	Submitted    uint64         `json:"submitted"`
	Committed    uint64         `json:"committed"`
	Rejected     uint64         `json:"rejected"`
	RejectReason map[string]int `json:"reject_reasons,omitempty"`
	CommittedTPS float64        `json:"committed_tps"`
	P50Ms        float64        `json:"p50_ms"`
	P90Ms        float64        `json:"p90_ms"`
	P99Ms        float64        `json:"p99_ms"`
	MaxMs        float64        `json:"max_ms"`
	NodeUsage    []NodeUsage    `json:"node_usage"`
	Timeline     []Sample       `json:"timeline"`
}

type pendingTx struct {
	at     time.Time
	steady bool
	done   chan struct{} // closed when the transaction commits
}

type run struct {
	cfg      Config
	suite    types.Suite
	start    time.Time
	steadyAt time.Time
	endAt    time.Time

	mu        sync.Mutex
	pending   map[types.Hash]pendingTx
	latencies []float64 // steady-phase, ms
	window    []float64 // last second, ms
	reasons   map[string]int

	submitted, committed, steadyCommitted, rejected atomic.Uint64
	inflight                                         atomic.Int64
	height                                           atomic.Uint64
}

// Run executes the benchmark against cfg.Network.
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
	nw := cfg.Network
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
	r.start = time.Now()
	r.steadyAt = r.start.Add(cfg.Warmup)
	r.endAt = r.steadyAt.Add(cfg.Duration)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	blocks, errs := conns[0].SubscribeBlocks(ctx, 0)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); r.observe(ctx, blocks, errs) }()

	usage0 := sampleUsage(nw)
	var usage1 map[uint64]procSample
	var maxRSS = map[uint64]float64{}

	var limiter <-chan time.Time
	var tokens chan struct{}
	if cfg.Rate > 0 {
		tokens = make(chan struct{}, cfg.Clients*cfg.InFlight)
		interval := time.Duration(float64(time.Second) / cfg.Rate * 100) // 100 tokens per tick
		if interval < time.Millisecond {
			interval = time.Millisecond
		}
		t := time.NewTicker(interval)
		defer t.Stop()
		limiter = t.C
		perTick := int(cfg.Rate * interval.Seconds())
		go func() {
			for {
				select {
				case <-ctx.Done():
					return
				case <-limiter:
					for i := 0; i < perTick; i++ {
						select {
						case tokens <- struct{}{}:
						default:
						}
					}
				}
			}
		}()
	}
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
	// Progress and usage sampling.
	tick := time.NewTicker(time.Second)
	var timeline []Sample
	var lastCommitted uint64
	steadyUsageTaken := false
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case now := <-tick.C:
			c := r.committed.Load()
			s := Sample{T: now.Sub(r.start).Seconds(), Phase: r.phase(now), Committed: c, TPS: float64(c - lastCommitted),
				Rejected: r.rejected.Load(), InFlight: r.inflight.Load(), Height: r.height.Load()}
			lastCommitted = c
			s.P50Ms, s.P99Ms = r.takeWindow()
			timeline = append(timeline, s)
			if cfg.Progress != nil {
				cfg.Progress(s)
			}
			if !steadyUsageTaken && !now.Before(r.steadyAt) {
				usage0 = sampleUsage(nw)
				steadyUsageTaken = true
			}
			for id, u := range sampleUsage(nw) {
				maxRSS[id] = max(maxRSS[id], u.rss)
			}
			if !now.Before(r.endAt) {
				usage1 = sampleUsage(nw)
				break loop
			}
		}
	}
	tick.Stop()
	cw.Wait()
	// Let in-flight transactions land, briefly, so that the tail is counted.
	drain := time.Now().Add(5 * time.Second)
	for r.inflight.Load() > 0 && time.Now().Before(drain) && ctx.Err() == nil {
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	wg.Wait()

	rep := r.report(cfg, len(nw.Nodes))
	rep.Timeline = timeline
	rep.NodeUsage = usageReport(usage0, usage1, maxRSS)
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

func nonce() uint64 {
	var b [8]byte
	rand.Read(b[:])
	return binary.LittleEndian.Uint64(b[:])
}

func (r *run) client(ctx context.Context, i int, accounts []sdk.Account, conns []*sdk.Client, tokens chan struct{}) {
	acct := accounts[i%len(accounts)]
	to := accounts[(i+1)%len(accounts)].ID()
	sem := make(chan struct{}, r.cfg.InFlight)
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
		case sem <- struct{}{}:
		case <-ctx.Done():
			return
		}
		opt := sdk.TxOptions{ChainID: r.cfg.Network.ChainID, Nonce: nonce()}
		var tx *types.Transaction
		var err error
		if r.cfg.Workload == Transfer {
			tx, err = acct.TransferTx(opt, to, 1)
		} else {
			var digest [32]byte
			rand.Read(digest[:])
			tx, err = acct.DepositEvidenceTx(opt, digest[:], "sha256", []*types.Attribute{{Key: "bench", Value: "causeway"}})
		}
		if err != nil {
			<-sem
			r.reject("sign: " + err.Error())
			continue
		}
		h := r.suite.TxHash(tx)
		conn := conns[(i+n)%len(conns)]
		now := time.Now()
		r.mu.Lock()
		done := make(chan struct{})
		r.pending[h] = pendingTx{at: now, steady: !now.Before(r.steadyAt) && now.Before(r.endAt), done: done}
		r.mu.Unlock()
		r.inflight.Add(1)
		wg.Add(1)
		go func() {
			defer wg.Done()
			sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			_, err := conn.Submit(sctx, tx)
			cancel()
			r.submitted.Add(1)
			if err != nil {
				r.mu.Lock()
				_, still := r.pending[h]
				delete(r.pending, h)
				r.mu.Unlock()
				if still {
					r.inflight.Add(-1)
				}
				r.reject(string(sdk.ReasonOf(err)))
				<-sem
				return
			}
			// The slot frees when the transaction commits, or after a timeout.
			select {
			case <-done:
			case <-time.After(30 * time.Second):
				r.mu.Lock()
				if _, ok := r.pending[h]; ok {
					delete(r.pending, h)
					r.inflight.Add(-1)
					r.reasons["commit_timeout"]++
				}
				r.mu.Unlock()
			}
			<-sem
		}()
	}
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

func (r *run) observe(ctx context.Context, blocks <-chan *apipb.BlockResponse, errs <-chan error) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-errs:
			return
		case b, ok := <-blocks:
			if !ok {
				return
			}
			now := time.Now()
			r.height.Store(b.Block.GetHeader().GetHeight())
			r.mu.Lock()
			for _, tx := range b.Block.GetTxs() {
				h := r.suite.TxHash(tx)
				p, ok := r.pending[h]
				if !ok {
					continue
				}
				delete(r.pending, h)
				close(p.done)
				r.inflight.Add(-1)
				r.committed.Add(1)
				ms := float64(now.Sub(p.at).Microseconds()) / 1000
				r.window = append(r.window, ms)
				if p.steady {
					r.steadyCommitted.Add(1)
					r.latencies = append(r.latencies, ms)
				}
			}
			r.mu.Unlock()
		}
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

func percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted)-1) * p / 100)
	return sorted[i]
}

func (r *run) report(cfg Config, nodes int) *Report {
	r.mu.Lock()
	defer r.mu.Unlock()
	lat := append([]float64(nil), r.latencies...)
	sort.Float64s(lat)
	rep := &Report{Workload: cfg.Workload, Mode: "closed-loop", Nodes: nodes, Clients: cfg.Clients,
		DurationS: cfg.Duration.Seconds(), Submitted: r.submitted.Load(), Committed: r.committed.Load(),
		Rejected: r.rejected.Load(), RejectReason: r.reasons,
		CommittedTPS: float64(r.steadyCommitted.Load()) / cfg.Duration.Seconds(),
		P50Ms:        percentile(lat, 50), P90Ms: percentile(lat, 90), P99Ms: percentile(lat, 99)}
	if len(lat) > 0 {
		rep.MaxMs = lat[len(lat)-1]
	}
	if cfg.Rate > 0 {
		rep.Mode, rep.TargetRate = "open-loop", cfg.Rate
	}
	return rep
}
