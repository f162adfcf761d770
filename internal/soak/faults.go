package soak

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/causeway/causeway/sdk"
)

// monitor watches the nodes' heights.
type monitor struct {
	c       *cluster
	clients []*sdk.Client

	mu    sync.Mutex
	top   uint64
	topAt time.Time
	stall time.Duration
}

// status asks every node for its status; a node that does not answer
// within a second has a nil entry.
func (m *monitor) status(ctx context.Context) []*nodeStatus {
	out := make([]*nodeStatus, len(m.clients))
	var wg sync.WaitGroup
	for i, cl := range m.clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sctx, cancel := context.WithTimeout(ctx, time.Second)
			defer cancel()
			if st, err := cl.Status(sctx); err == nil {
				out[i] = &nodeStatus{height: st.Height, hash: st.LastBlockHash, leader: st.Leader}
			}
		}()
	}
	wg.Wait()
	return out
}

type nodeStatus struct {
	height uint64
	hash   string
	leader uint64
}

// run samples the heights every 250 ms until ctx ends, keeping the
// longest time the highest one did not move.
func (m *monitor) run(ctx context.Context) {
	m.mu.Lock()
	m.topAt = time.Now()
	m.mu.Unlock()
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		top := uint64(0)
		for _, s := range m.status(ctx) {
			if s != nil {
				top = max(top, s.height)
			}
		}
		now := time.Now()
		m.mu.Lock()
		if top > m.top {
			m.top, m.topAt = top, now
		}
		m.stall = max(m.stall, now.Sub(m.topAt))
		m.mu.Unlock()
	}
}

func (m *monitor) maxStall() time.Duration {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.stall
}

// maxHeight is the highest height any node reports now.
func (m *monitor) maxHeight(ctx context.Context) uint64 {
	top := uint64(0)
	for _, s := range m.status(ctx) {
		if s != nil {
			top = max(top, s.height)
		}
	}
	return top
}

// leader is the leader most nodes name (0 if none answers).
func (m *monitor) leader(ctx context.Context) uint64 {
	votes := map[uint64]int{}
	for _, s := range m.status(ctx) {
		if s != nil && s.leader != 0 {
			votes[s.leader]++
		}
	}
	best, n := uint64(0), 0
	for id, v := range votes {
		if v > n || (v == n && id < best) {
			best, n = id, v
		}
	}
	return best
}

// othersTop is the highest height of the nodes other than id.
func (m *monitor) othersTop(ctx context.Context, id uint64) uint64 {
	top := uint64(0)
	for i, s := range m.status(ctx) {
		if s != nil && uint64(i+1) != id {
			top = max(top, s.height)
		}
	}
	return top
}

// waitHeight waits until node id is at target or above.
func (m *monitor) waitHeight(ctx context.Context, id, target uint64, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	var last uint64
	for {
		sctx, cancel := context.WithTimeout(ctx, time.Second)
		st, err := m.clients[id-1].Status(sctx)
		cancel()
		if err == nil {
			last = st.Height
			if st.Height >= target {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("node %d at height %d, not %d, after %s", id, last, target, timeout)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// waitServing waits until every node answers.
func (m *monitor) waitServing(ctx context.Context, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		missing := ""
		for i, s := range m.status(ctx) {
			if s == nil {
				missing += fmt.Sprintf(" %d", i+1)
			}
		}
		if missing == "" {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("nodes%s do not answer %s after their start", missing, timeout)
		}
		if !sleep(ctx, 200*time.Millisecond) {
			return ctx.Err()
		}
	}
}

// waitAgree waits until every node answers with the same height, at least
// least, and the same block hash there, and returns that height.
func (m *monitor) waitAgree(ctx context.Context, least uint64, timeout time.Duration) (uint64, error) {
	deadline := time.Now().Add(timeout)
	for {
		sts := m.status(ctx)
		agree := true
		for _, s := range sts {
			if s == nil || sts[0] == nil || s.height != sts[0].height || s.hash != sts[0].hash || s.height < least {
				agree = false
			}
		}
		if agree {
			return sts[0].height, nil
		}
		if time.Now().After(deadline) {
			desc := ""
			for i, s := range sts {
				if s == nil {
					desc += fmt.Sprintf(" node %d: no answer;", i+1)
				} else {
					desc += fmt.Sprintf(" node %d: height %d;", i+1, s.height)
				}
			}
			return 0, fmt.Errorf("the nodes did not agree on a height of at least %d within %s:%s", least, timeout, desc)
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// faults runs the fault schedule: one fault at a time, each healed (and
// the node caught up) before the next, so that at most f = 1 node is
// faulty at any moment and the cluster must stay live.
type faults struct {
	cfg   *Config
	c     *cluster
	mon   *monitor
	rep   *Report
	rng   *rand.Rand
	end   time.Time
	start time.Time
}

func (f *faults) between(lo, hi time.Duration) time.Duration {
	if hi <= lo {
		return lo
	}
	return lo + time.Duration(f.rng.Int64N(int64(hi-lo)))
}

func (f *faults) logf(format string, args ...any) {
	f.cfg.Logf("soak: +%s "+format, append([]any{time.Since(f.start).Round(100 * time.Millisecond)}, args...)...)
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	select {
	case <-ctx.Done():
		return false
	case <-time.After(d):
		return true
	}
}

func (f *faults) run(ctx context.Context) {
	f.start = time.Now()
	for {
		quiet := f.between(f.cfg.QuietMin, f.cfg.QuietMax)
		if time.Until(f.end) < quiet+f.cfg.FaultMin {
			sleep(ctx, time.Until(f.end))
			return
		}
		if !sleep(ctx, quiet) {
			return
		}
		f.restartExited()
		// Every node, not only the last victim, must have caught up before
		// the next fault: a node left behind is a faulty node, and a
		// second fault would then exceed f.
		f.allCaughtUp(ctx)
		if time.Until(f.end) < f.cfg.FaultMin {
			sleep(ctx, time.Until(f.end))
			return
		}
		hold := min(f.between(f.cfg.FaultMin, f.cfg.FaultMax), time.Until(f.end))
		victim := uint64(1 + f.rng.IntN(len(f.c.nodes)))
		switch p := f.rng.IntN(100); {
		case p < 40:
			leader := false
			if f.rng.IntN(2) == 0 {
				if l := f.mon.leader(ctx); l != 0 {
					victim, leader = l, true
				}
			}
			if f.rng.IntN(6) == 0 {
				hold = 0 // restart at once: the restart races the crash recovery of the others
			}
			f.kill(ctx, victim, leader, hold)
		case p < 60:
			f.partition(ctx, "isolated", victim, hold, true, true)
		case p < 75:
			f.partition(ctx, "cannot-send", victim, hold, true, false)
		case p < 90:
			f.partition(ctx, "cannot-receive", victim, hold, false, true)
		default:
			to := uint64(1 + (int(victim)+f.rng.IntN(len(f.c.nodes)-1))%len(f.c.nodes))
			f.linkCut(ctx, victim, to, hold)
		}
		if ctx.Err() != nil {
			return
		}
	}
}

// restartExited restarts (and reports) node processes that died by
// themselves.
func (f *faults) restartExited() {
	for _, p := range f.c.nodes {
		if p.exited() {
			f.rep.violation("node %d's process exited by itself:\n%s", p.id, p.logTail(2000))
			p.kill() // reap
			if err := p.start(f.c.bin); err != nil {
				f.rep.violation("restart node %d: %v", p.id, err)
			}
		}
	}
}

func (f *faults) kill(ctx context.Context, id uint64, leader bool, down time.Duration) {
	what := ""
	if leader {
		what = " (the leader)"
		f.rep.LeaderKills++
	}
	f.logf("kill -9 node %d%s, restart after %s", id, what, down.Round(time.Millisecond))
	p := f.c.nodes[id-1]
	p.kill()
	f.rep.Kills++
	sleep(ctx, down)
	target := f.mon.othersTop(ctx, id)
	if err := p.start(f.c.bin); err != nil {
		f.rep.violation("restart node %d: %v", id, err)
		return
	}
	f.caughtUp(ctx, id, target)
}

// partition cuts the links node id dials (out) and/or those dialed to it
// (in), refusing or stalling their connections.
func (f *faults) partition(ctx context.Context, kind string, id uint64, hold time.Duration, out, in bool) {
	mode := Refused
	if f.rng.IntN(2) == 0 {
		mode = Stalled
	}
	f.logf("partition: node %d %s (links %s) for %s", id, kind, mode, hold.Round(time.Millisecond))
	f.rep.Partitions[kind]++
	o, i := Up, Up
	if out {
		o = mode
	}
	if in {
		i = mode
	}
	// A node cut off both ways cannot commit while the others do: check
	// that the cut took effect (the proxies are in the path). A block or
	// two may complete from messages already delivered.
	before := f.mon.status(ctx)
	f.c.setNode(id, o, i)
	sleep(ctx, hold)
	during := f.mon.status(ctx)
	target := f.mon.othersTop(ctx, id)
	f.c.setNode(id, Up, Up)
	if in && out && before[id-1] != nil && during[id-1] != nil {
		gained, others := during[id-1].height-before[id-1].height, target-min(target, before[id-1].height)
		if others >= 5 {
			f.rep.EffectivePartitions++
			if gained > 2 {
				f.rep.violation("partition: node %d, isolated, committed %d blocks while the others committed %d: the cut did not hold", id, gained, others)
			}
		}
	}
	f.caughtUp(ctx, id, target)
}

// linkCut cuts the one link from -> to: from cannot reach to, every other
// path works (to still reaches from).
func (f *faults) linkCut(ctx context.Context, from, to uint64, hold time.Duration) {
	mode := Refused
	if f.rng.IntN(2) == 0 {
		mode = Stalled
	}
	f.logf("partition: link %d -> %d %s for %s", from, to, mode, hold.Round(time.Millisecond))
	f.rep.Partitions["one-link"]++
	lk := f.c.links[from-1][to-1]
	lk.Set(mode)
	sleep(ctx, hold)
	target := f.mon.othersTop(ctx, from)
	lk.Set(Up)
	f.caughtUp(ctx, from, target)
}

// caughtUp waits for node id to reach target and records how long it
// took; a node that does not is stuck (see unstick).
func (f *faults) caughtUp(ctx context.Context, id, target uint64) {
	t0 := time.Now()
	err := f.mon.waitHeight(ctx, id, target, f.cfg.CatchUp)
	if ctx.Err() != nil {
		return
	}
	d := time.Since(t0)
	f.rep.CatchUps++
	f.rep.MaxCatchUp = max(f.rep.MaxCatchUp, d)
	if err != nil {
		f.unstick(ctx, id, fmt.Sprintf("after its fault was healed: %v", err))
		return
	}
	f.logf("node %d at height %d or above after %s", id, target, d.Round(time.Millisecond))
}

// allCaughtUp waits until every node has reached the height the highest
// one has now; one that does not within cfg.CatchUp, with no fault
// active, is stuck.
func (f *faults) allCaughtUp(ctx context.Context) {
	target := f.mon.maxHeight(ctx)
	deadline := time.Now().Add(f.cfg.CatchUp)
	for _, p := range f.c.nodes {
		err := f.mon.waitHeight(ctx, p.id, target, max(time.Until(deadline), time.Second))
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			f.unstick(ctx, p.id, fmt.Sprintf("with no fault active: %v", err))
		}
	}
}

// unstick reports a node that does not catch up (a liveness violation),
// saves its goroutines for the report, and restarts it (kill -9), as an
// operator would, so that the soak goes on with at most one faulty node.
func (f *faults) unstick(ctx context.Context, id uint64, why string) {
	f.rep.Stuck++
	dump := f.c.dumpGoroutines(id)
	f.rep.violation("liveness: node %d did not catch up %s; its goroutines: %s; restarted it", id, why, dump)
	f.logf("node %d stuck (%s); goroutines in %s; restarting it", id, why, dump)
	p := f.c.nodes[id-1]
	p.kill()
	target := f.mon.othersTop(ctx, id)
	if err := p.start(f.c.bin); err != nil {
		f.rep.violation("restart node %d: %v", id, err)
		return
	}
	if err := f.mon.waitHeight(ctx, id, target, f.cfg.CatchUp); err != nil && ctx.Err() == nil {
		f.rep.violation("liveness: node %d did not catch up after a restart either: %v", id, err)
	}
}
