package soak

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/causeway/causeway/types"
)

// Config is what a soak runs.
type Config struct {
	// Duration is how long the load and the faults last (required).
	Duration time.Duration
	// Seed drives the fault schedule and the clients' choices.
	Seed uint64
	// Binary is the causeway executable the nodes run (see Build).
	Binary string
	// Dir is an empty folder for the consortium, the nodes' data and logs.
	Dir string
	// Clients is the number of concurrent clients (default 6).
	Clients int
	// Keys is the number of registers of the key-value workload (default 8).
	Keys int
	// Validity is the transactions' validity period (default 30 s): a
	// client resends a transaction to other nodes until it expires, and
	// the closing check waits that long for unacknowledged ones to settle.
	Validity time.Duration
	// FaultMin and FaultMax bound how long one fault lasts (default 1 s
	// and 8 s); QuietMin and QuietMax the pause between faults (default
	// 1 s and 4 s).
	FaultMin, FaultMax time.Duration
	QuietMin, QuietMax time.Duration
	// CatchUp bounds how long a restarted or healed node may take to reach
	// the height the others had (default 2 min); slower is a violation.
	CatchUp time.Duration
	// Stall bounds how long the chain may go without a new block while at
	// most one node is faulty (default 1 min); longer is a violation.
	Stall time.Duration
	// Logf reports progress (default: nothing).
	Logf func(format string, args ...any)
}

func (c *Config) defaults() {
	set := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	if c.Clients == 0 {
		c.Clients = 6
	}
	if c.Keys == 0 {
		c.Keys = 8
	}
	set(&c.Validity, 30*time.Second)
	set(&c.FaultMin, time.Second)
	set(&c.FaultMax, 8*time.Second)
	set(&c.QuietMin, time.Second)
	set(&c.QuietMax, 4*time.Second)
	set(&c.CatchUp, 2*time.Minute)
	set(&c.Stall, time.Minute)
	if c.Logf == nil {
		c.Logf = func(string, ...any) {}
	}
}

// Report is what a soak did and found.
type Report struct {
	Seed     uint64
	Duration time.Duration // of the load and faults
	Wall     time.Duration // everything, setup and checks included

	Submitted, Acked map[string]int // transactions by kind
	// Resent counts transactions sent again, to another node, after an
	// attempt failed; Doubled those also sent to a second node at once.
	Resent, Doubled int
	// UnackedCommitted and UnackedDropped are transactions no node
	// acknowledged (the client gave up or the soak ended): found in the
	// chain, or expired without being committed.
	UnackedCommitted, UnackedDropped int

	Kills, LeaderKills int
	Partitions         map[string]int
	// EffectivePartitions counts isolations during which the others
	// committed at least 5 blocks: the isolated node must have committed
	// at most 2 of them meanwhile (the cut held).
	EffectivePartitions int
	// CatchUps counts nodes restarted or healed; MaxCatchUp is the longest
	// any took to reach the height the others had when it came back.
	CatchUps   int
	MaxCatchUp time.Duration
	// Stuck counts nodes that did not catch up within Config.CatchUp
	// although no fault was active on them (each a violation, then
	// restarted so that the soak goes on).
	Stuck int
	// MaxStall is the longest time without a new block during the load.
	MaxStall time.Duration

	FinalHeight uint64
	// FinalCatchUp is how long the cluster took, after every node was
	// restarted at the end, to agree on one height again.
	FinalCatchUp time.Duration

	// KVOps are the register transactions checked for linearizability;
	// Linearizable is porcupine's verdict on them.
	KVOps        int
	Linearizable string
	// LocalReads are register reads served from one node's state;
	// StaleLocalReads of them returned a state older than a block already
	// acknowledged to some client when the read began (allowed: such reads
	// are not linearizable, see the package documentation).
	LocalReads, StaleLocalReads int
	// ProofsVerified counts acknowledged transactions whose proof was
	// checked offline against the genesis.
	ProofsVerified int

	// Violations are the checkers' findings; a correct run has none.
	Violations []string
	// Notes are observations that are not violations.
	Notes []string
	// NodeLogs are the tails of the nodes' logs, kept when a check failed.
	NodeLogs []string
}

// tally counts the transactions submitted and acknowledged.
func (r *Report) tally(w *workload) {
	if len(r.Submitted) > 0 {
		return
	}
	for _, o := range w.ops {
		r.Submitted[o.kind.String()]++
		if o.ack != nil {
			r.Acked[o.kind.String()]++
		}
		if o.attempts > 1 {
			r.Resent++
		}
		if o.doubled {
			r.Doubled++
		}
	}
}

// OK reports a run without violations.
func (r *Report) OK() bool { return len(r.Violations) == 0 }

func (r *Report) violation(format string, args ...any) {
	r.Violations = append(r.Violations, fmt.Sprintf(format, args...))
}

// String renders the figures.
func (r *Report) String() string {
	sum := func(m map[string]int) int {
		n := 0
		for _, v := range m {
			n += v
		}
		return n
	}
	s := fmt.Sprintf(`soak seed %d: %s of load and faults (%s wall)
  transactions: %d submitted, %d acknowledged %v; %d resent after a failed attempt, %d sent to two nodes at once; unacknowledged: %d committed, %d expired
  faults: %d kill -9 (%d of the leader), %d partitions %v (%d isolations checked to hold)
  catch-up: %d restarts/heals, max %s, %d nodes stuck; longest stall without a block %s
  final height %d on every node; all nodes agreed %s after the closing restart
  key-value: %d register transactions, linearizable: %s; %d local reads (%d stale)
  proofs of %d acknowledged transactions verified offline
  violations: %d`,
		r.Seed, r.Duration.Round(time.Second), r.Wall.Round(time.Second),
		sum(r.Submitted), sum(r.Acked), r.Acked, r.Resent, r.Doubled, r.UnackedCommitted, r.UnackedDropped,
		r.Kills, r.LeaderKills, sum(r.Partitions), r.Partitions, r.EffectivePartitions,
		r.CatchUps, r.MaxCatchUp.Round(time.Millisecond), r.Stuck, r.MaxStall.Round(time.Millisecond),
		r.FinalHeight, r.FinalCatchUp.Round(time.Millisecond),
		r.KVOps, r.Linearizable, r.LocalReads, r.StaleLocalReads,
		r.ProofsVerified, len(r.Violations))
	for _, v := range r.Violations {
		s += "\n    - " + v
	}
	for _, n := range r.Notes {
		s += "\n  note: " + n
	}
	return s
}

// Run generates a 4-org consortium (n = 4, f = 1) in cfg.Dir, runs its
// nodes as processes of cfg.Binary, and for cfg.Duration runs the
// workload while killing (SIGKILL) and restarting nodes and cutting their
// peer links, never more than one node faulty at a time. Then it heals
// everything, restarts every node, waits for them to agree, and runs the
// checkers. The error is for a soak that could not run; what the checkers
// found is in Report.Violations.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	cfg.defaults()
	if cfg.Duration <= 0 {
		return nil, fmt.Errorf("soak: a duration is required")
	}
	began := time.Now()
	rep := &Report{Seed: cfg.Seed, Submitted: map[string]int{}, Acked: map[string]int{}, Partitions: map[string]int{}}
	c, err := newCluster(cfg.Binary, cfg.Dir, 4)
	if err != nil {
		return nil, err
	}
	defer c.shutdown()
	for _, p := range c.nodes {
		if err := p.start(c.bin); err != nil {
			return nil, err
		}
	}
	cfg.Logf("soak: consortium in %s, nodes started", c.dir)
	clients, err := waitDial(ctx, c, time.Minute)
	if err != nil {
		return nil, err
	}
	defer func() {
		for _, cl := range clients {
			cl.Close()
		}
	}()
	accounts, err := orgAccounts(c.nw)
	if err != nil {
		return nil, err
	}
	g, err := types.LoadGenesis(c.nw.Genesis)
	if err != nil {
		return nil, err
	}
	w := &workload{start: time.Now(), chainID: c.nw.ChainID, suite: c.nw.Suite(), validity: cfg.Validity,
		nodes: len(c.nodes), clients: clients, accounts: accounts, keys: cfg.Keys}
	mon := &monitor{c: c, clients: clients}
	if err := w.deploy(ctx); err != nil {
		return nil, err
	}
	initial, err := balances(ctx, clients[0], accounts)
	if err != nil {
		return nil, err
	}
	cfg.Logf("soak: register contract at %x; load and faults for %s (seed %d)", w.contract, cfg.Duration, cfg.Seed)

	// The load phase.
	loadCtx, stopLoad := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for i := range cfg.Clients {
		wg.Add(1)
		go func() { defer wg.Done(); w.run(loadCtx, i, cfg.Seed) }()
	}
	monCtx, stopMon := context.WithCancel(ctx)
	monDone := make(chan struct{})
	go func() { mon.run(monCtx); close(monDone) }()
	loadStart := time.Now()
	f := &faults{cfg: &cfg, c: c, mon: mon, rep: rep, rng: rand.New(rand.NewPCG(cfg.Seed, 0x50a4)), end: loadStart.Add(cfg.Duration)}
	f.run(ctx)
	stopLoad()
	wg.Wait()
	stopMon()
	<-monDone
	rep.Duration = time.Since(loadStart)
	rep.MaxStall = mon.maxStall()
	if rep.MaxStall > cfg.Stall {
		rep.violation("liveness: no block for %s while at most one node was faulty (bound %s)", rep.MaxStall.Round(time.Millisecond), cfg.Stall)
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}

	// Heal everything and restart every node.
	cfg.Logf("soak: load over; healing every link and restarting every node")
	c.healAll()
	before := mon.maxHeight(ctx)
	for _, p := range c.nodes {
		p.stop(15 * time.Second)
	}
	restarted := time.Now()
	for _, p := range c.nodes {
		if err := p.start(c.bin); err != nil {
			return nil, err
		}
	}
	if err := mon.waitServing(ctx, cfg.CatchUp); err != nil {
		rep.violation("after the closing restart: %v", err)
		return finish(rep, c, w, began), nil
	}
	// With no load, do the nodes agree by themselves? (Noted, not a
	// violation: a node one block behind on an idle chain may wait for
	// the next block to learn of it.)
	if _, err := mon.waitAgree(ctx, before, 20*time.Second); err != nil {
		rep.Notes = append(rep.Notes, fmt.Sprintf("closing restart, no load for 20 s: %v; then transactions were sent", err))
	}
	// Then, with a trickle of transactions (as any chain in use has),
	// every node must reach the same height.
	h, err := w.converge(ctx, mon, before, cfg.CatchUp)
	rep.FinalCatchUp = time.Since(restarted)
	if err != nil {
		rep.violation("after the closing restart: %v", err)
		return finish(rep, c, w, began), nil
	}
	cfg.Logf("soak: every node at height %d, %s after the restart", h, rep.FinalCatchUp.Round(time.Millisecond))
	// Let every unacknowledged transaction expire, then commit a block
	// after that: no transaction of the run can be committed any more,
	// so the chain's content is final for the checkers.
	var last time.Time
	for _, o := range w.ops {
		if o.ack == nil {
			last = maxTime(last, o.expires)
		}
	}
	if d := time.Until(last) + 2*time.Second; d > 0 {
		cfg.Logf("soak: waiting %s for unacknowledged transactions to expire", d.Round(time.Second))
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(d):
		}
	}
	m, err := w.marker(ctx)
	if err != nil {
		rep.violation("after the closing restart: %v", err)
		return finish(rep, c, w, began), nil
	}
	final, err := w.converge(ctx, mon, m.ack.Height, cfg.CatchUp)
	if err != nil {
		rep.violation("closing: %v", err)
		return finish(rep, c, w, began), nil
	}
	rep.FinalHeight = final
	cfg.Logf("soak: checking %d blocks on %d nodes", final, len(c.nodes))
	ck := &checker{w: w, clients: clients, genesis: g, rep: rep, initial: initial, height: final}
	if err := ck.run(ctx); err != nil {
		return nil, err
	}
	return finish(rep, c, w, began), nil
}

// finish fills the closing figures and, when something failed, the tail
// of each node's log.
func finish(rep *Report, c *cluster, w *workload, began time.Time) *Report {
	rep.Wall = time.Since(began)
	rep.tally(w)
	if !rep.OK() {
		for _, p := range c.nodes {
			path := filepath.Join(filepath.Dir(p.logPath), "node.log")
			rep.NodeLogs = append(rep.NodeLogs, fmt.Sprintf("node %d log %s, tail:\n%s", p.id, path, p.logTail(3000)))
		}
	}
	return rep
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// TempDir makes a folder for a soak under the system's temporary folder.
func TempDir() (string, error) { return os.MkdirTemp("", "causeway-soak-") }
