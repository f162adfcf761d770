package sim

import (
	"crypto/sha256"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/anishathalye/porcupine"

	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

// Bounds of a run, in simulated time.
const (
	// setupBound is how long the contract deployment may take.
	setupBound = 20 * time.Second
	// LivenessBound is how long after the last fault heals every honest
	// replica must have committed a transaction submitted then.
	LivenessBound = 90 * time.Second
	// settleBound is how long the run continues afterwards for pending
	// operations and lagging replicas.
	settleBound = 30 * time.Second
	// stallAfter is how much real time one schedule may take.
	stallAfter = 1 * time.Minute
	// clients is the number of workload clients.
	clients = 3
)

// Result is the outcome of one schedule.
type Result struct {
	Schedule   Schedule
	Violations []string
	// Trace is the hash of the ordered trace of delivered messages and
	// driver events; Events its length.
	Trace  string
	Events int
	// Blocks is a digest of the block hashes of every replica.
	Blocks  string
	Heights []uint64
	// Recovery is how long after the last fault healed every honest
	// replica committed the probe transaction.
	Recovery time.Duration
	// Ops counts the clients' operations, Acked those acknowledged.
	Ops, Acked int
	// Simulated is the simulated time the run took.
	Simulated time.Duration
	history   []porcupine.Operation
}

// Failed reports whether a rule was broken.
func (r *Result) Failed() bool { return len(r.Violations) > 0 }

// RunOptions adjust Run.
type RunOptions struct {
	Logger *slog.Logger
	// Trace, if set, receives the trace of the run, one event a line.
	Trace io.Writer
}

// Run runs one schedule in a synctest bubble of its own and checks it.
func Run(t *testing.T, sched Schedule, opts RunOptions) *Result {
	res := &Result{Schedule: sched}
	// A stalled bubble (every goroutine blocked, one of them on a mutex,
	// so that the fake clock cannot advance) hangs for ever: say which
	// schedule did it before the test binary's timeout does.
	watchdog := time.AfterFunc(stallAfter, func() {
		panic(fmt.Sprintf("sim: schedule %s stalled for %s of real time; replay: go test ./internal/sim -run 'TestSchedules$' -sim.seed=%d -v", sched, stallAfter, sched.Seed))
	})
	defer watchdog.Stop()
	tmp := walBase(t)
	synctest.Test(t, func(t *testing.T) {
		run(res, sched, tmp, opts)
	})
	res.checkLinearizable()
	return res
}

// walBase returns a folder for the replicas' SmartBFT WALs, removed when
// the test ends: in memory (/dev/shm) when the machine has it, since the
// WAL syncs every append, else the test's temporary folder.
func walBase(t *testing.T) string {
	if dir, err := os.MkdirTemp("/dev/shm", "causeway-sim-"); err == nil {
		t.Cleanup(func() { os.RemoveAll(dir) })
		return dir
	}
	return t.TempDir()
}

func run(res *Result, sched Schedule, tmp string, opts RunOptions) {
	s, err := New(sched, tmp, opts.Logger)
	if err != nil {
		res.Violations = append(res.Violations, fmt.Sprintf("start: %v", err))
		return
	}
	s.traceOut = opts.Trace
	defer func() {
		s.Stop()
		res.Trace, res.Events = s.TraceHash(), s.traceCount
		res.Heights = s.Heights()
		res.Simulated = time.Since(epoch)
		s.mu.Lock()
		res.Violations = append(s.violations, res.Violations...)
		h := sha256.New()
		for _, r := range s.replicas {
			for _, bh := range s.ledgers[r.id].hashes {
				h.Write(bh[:])
			}
			h.Write([]byte{0})
		}
		s.mu.Unlock()
		res.Blocks = fmt.Sprintf("%x", h.Sum(nil))
	}()
	if !s.setup() {
		return
	}
	t0 := time.Now()
	s.install(t0)
	heal := t0.Add(sched.HealAt())
	s.runUntil(heal, true, nil)
	if s.broken() {
		return
	}

	// Liveness: every honest replica commits a transaction submitted now.
	s.probe = s.probeOp()
	probeAll := func() bool { return s.committedByAll(s.probe.hash, s.honestMembers()) }
	live := false
	for !live && !s.broken() && time.Now().Before(heal.Add(LivenessBound)) {
		// Sent to every honest member, again every two seconds (as a
		// client retries: a node still starting refuses it).
		for _, id := range s.honestMembers() {
			s.send(s.probe, id)
		}
		next := time.Now().Add(retryAfter)
		if end := heal.Add(LivenessBound); next.After(end) {
			next = end
		}
		live = s.runUntil(next, true, probeAll)
	}
	if live {
		res.Recovery = time.Since(heal)
	} else if s.broken() {
		return
	} else {
		res.Recovery = LivenessBound
		s.mu.Lock()
		s.violate("liveness: %s after the last fault healed, the probe transaction is not committed by every honest node (heights %v)", LivenessBound, s.heightsLocked())
		s.mu.Unlock()
	}
	// Settle: pending operations complete and every honest replica
	// reaches the same height. While a Byzantine node is still at work,
	// the honest replicas need not ever be at one height at one instant:
	// a Byzantine leader may leave up to f of them out of every decision
	// (they catch up by syncing after it, one block late), and the
	// traffic that keeps the chain going makes the next block meanwhile
	// (the simulator's seed 3039). They must still get every block: each
	// honest replica reaches the height the highest one had when the
	// settle phase began.
	deadline := time.Now().Add(settleBound)
	byzantineAtWork := s.byzantineUntil(t0).After(deadline)
	target := s.topHonestHeight()
	settled := func() bool {
		for _, c := range s.clients {
			if c.cur != nil {
				return false
			}
		}
		if byzantineAtWork {
			return s.reached(s.honestMembers(), target)
		}
		return s.sameHeight(s.honestMembers()) && s.caughtUpWithAll(s.honestMembers())
	}
	for !settled() && time.Now().Before(deadline) && !s.broken() {
		// A replica one block behind catches up when the next block
		// comes: keep a little traffic going.
		p := s.probeOp()
		for _, id := range s.honestMembers() {
			s.send(p, id)
		}
		next := time.Now().Add(3 * time.Second)
		if next.After(deadline) {
			next = deadline
		}
		s.runUntil(next, false, settled)
	}
	if s.broken() {
		return
	}
	if !settled() {
		s.mu.Lock()
		if byzantineAtWork {
			s.violate("liveness: %s after the probe, not every honest node reached height %d, the highest when it was committed (heights %v), or operations are pending%s", settleBound, target, s.heightsLocked(), s.pendingLocked())
		} else {
			s.violate("liveness: %s after the probe, the honest nodes are not at one height (heights %v) or operations are pending%s", settleBound, s.heightsLocked(), s.pendingLocked())
		}
		s.mu.Unlock()
	}
	s.finalChecks(res, byzantineAtWork)
}

// setup deploys the KV contract and makes the clients.
func (s *Sim) setup() bool {
	acct := sdk.Account{Name: s.cons.Orgs[0], Signer: s.cons.Accounts[0], Suite: s.cons.Genesis.Suite()}
	raw, h := s.newTx(acct, types.TxType_DEPLOY_CONTRACT, func(o sdk.TxOptions) (*types.Transaction, error) {
		return acct.DeployContractTx(o, kvCode, 2_000_000, 0)
	})
	deploy := &op{raw: raw, hash: h, call: time.Now()}
	all := s.honestMembers()
	if len(all) != len(s.members) {
		all = s.members // a Byzantine founding node is honest until it turns
	}
	deployed := func() bool { return s.committedByAll(h, all) }
	deadline := time.Now().Add(setupBound)
	for !deployed() && time.Now().Before(deadline) && !s.broken() {
		// Sent to every node, again every second (replicas may still be
		// starting and refuse it).
		for _, id := range all {
			s.send(deploy, id)
		}
		s.runUntil(time.Now().Add(time.Second), false, deployed)
	}
	if !deployed() {
		s.mu.Lock()
		s.violate("setup: the contract deployment is not committed by every node within %s (heights %v)", setupBound, s.heightsLocked())
		s.mu.Unlock()
		return false
	}
	s.mu.Lock()
	rc := s.ledgers[1].receipts[h].receipt
	s.mu.Unlock()
	if rc.Status != types.ReceiptStatus_SUCCESS || len(rc.ContractAddress) != 20 {
		s.violate("setup: contract deployment failed: %s %s", rc.ErrorCode, rc.Error)
		return false
	}
	s.kvAddr = rc.ContractAddress
	s.acked[h] = true
	s.newClients(clients)
	return true
}

func (s *Sim) probeOp() *op {
	c := &client{id: clients, acct: sdk.Account{Name: s.cons.Orgs[0], Signer: s.cons.Accounts[0], Suite: s.cons.Genesis.Suite()}}
	s.nextValue++
	o := s.kvOp(c, kvInput{Put: true, Key: probeKey, Value: s.nextValue})
	return o
}

func (s *Sim) committedByAll(h types.Hash, ids []uint64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		if _, ok := s.ledgers[id].txs[h]; !ok {
			return false
		}
	}
	return true
}

func (s *Sim) sameHeight(ids []uint64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		if s.ledgers[id].height != s.ledgers[ids[0]].height {
			return false
		}
	}
	return true
}

// byzantineUntil returns when the last Byzantine fault of the schedule
// ends (t0 if it has none).
func (s *Sim) byzantineUntil(t0 time.Time) time.Time {
	end := t0
	for _, f := range s.sched.Faults {
		if f.Kind == Byzantine && t0.Add(f.End()).After(end) {
			end = t0.Add(f.End())
		}
	}
	return end
}

// topHonestHeight returns the height of the highest honest replica.
func (s *Sim) topHonestHeight() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	var top uint64
	for _, id := range s.honest() {
		top = max(top, s.ledgers[id].height)
	}
	return top
}

// reached reports whether the replicas ids are all at height h or above.
func (s *Sim) reached(ids []uint64, h uint64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		if s.ledgers[id].height < h {
			return false
		}
	}
	return true
}

// caughtUpWithAll reports whether the replicas ids have every block an
// honest replica committed: a node that left the node set may have decided
// the last block (the one that removed it) an instant before the others,
// which then still have to commit it.
func (s *Sim) caughtUpWithAll(ids []uint64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	var top uint64
	for _, id := range s.honest() {
		top = max(top, s.ledgers[id].height)
	}
	for _, id := range ids {
		if s.ledgers[id].height < top {
			return false
		}
	}
	return true
}

func (s *Sim) heightsLocked() []uint64 {
	out := make([]uint64, len(s.replicas))
	for i, r := range s.replicas {
		out[i] = s.ledgers[r.id].height
	}
	return out
}

// finalChecks checks agreement height by height, durability of every
// acknowledged transaction, and records the history for the
// linearizability check.
func (s *Sim) finalChecks(res *Result, lateAllowed bool) {
	members := s.honestMembers()
	s.mu.Lock()
	defer s.mu.Unlock()
	honest := s.honest()
	// Agreement over the current ledgers (the live check already compared
	// every commit with the first honest one at its height).
	for _, id := range honest {
		lv := s.ledgers[id]
		if lv.height > uint64(len(lv.hashes)) {
			continue
		}
		for h := uint64(1); h <= lv.height; h++ {
			if c, ok := s.canon[h]; ok && c != lv.hashes[h-1] {
				s.violate("agreement: node %d holds block %s at height %d, another honest node %s", id, lv.hashes[h-1], h, c)
				break
			}
		}
	}
	// Durability: every acknowledged transaction is in every honest
	// ledger. With a Byzantine node still at work an honest replica may
	// be a block or two late (see the settle phase): a transaction
	// committed above its height is not yet in it, but must be in every
	// honest ledger that reached that height.
	var ackd []types.Hash
	for h := range s.acked {
		ackd = append(ackd, h)
	}
	slices.SortFunc(ackd, func(a, b types.Hash) int { return slices.Compare(a[:], b[:]) })
	for _, h := range ackd {
		at, found := uint64(0), false
		for _, id := range members {
			if hh, ok := s.ledgers[id].txs[h]; ok {
				at, found = hh, true
				break
			}
		}
		for _, id := range members {
			if _, ok := s.ledgers[id].txs[h]; ok {
				continue
			}
			if found && lateAllowed && s.ledgers[id].height < at {
				continue
			}
			s.violate("durability: acknowledged tx %s is not in node %d's ledger (height %d)", h, id, s.ledgers[id].height)
		}
	}
	// The history.
	for _, c := range s.clients {
		for _, o := range c.ops {
			res.Ops++
			in := o.in
			switch {
			case o.done && !o.failed:
				res.Acked++
				res.history = append(res.history, porcupine.Operation{ClientId: c.id, Input: in, Call: o.call.UnixNano(), Output: o.out, Return: o.ret.UnixNano()})
			case o.done && o.failed:
				res.Acked++
				s.violate("workload: operation %+v (tx %s) committed with a failed receipt", in, o.hash)
			case in.Put:
				// Pending: it may have taken effect, at any time after its call.
				res.history = append(res.history, porcupine.Operation{ClientId: c.id, Input: in, Call: o.call.UnixNano(), Return: pendingReturn})
			}
		}
	}
}

// kvModel is a map of registers (initially 0), partitioned by key.
var kvModel = porcupine.Model{
	Partition: func(history []porcupine.Operation) [][]porcupine.Operation {
		byKey := map[uint64][]porcupine.Operation{}
		var keys []uint64
		for _, o := range history {
			k := o.Input.(kvInput).Key
			if _, ok := byKey[k]; !ok {
				keys = append(keys, k)
			}
			byKey[k] = append(byKey[k], o)
		}
		slices.Sort(keys)
		out := make([][]porcupine.Operation, 0, len(keys))
		for _, k := range keys {
			out = append(out, byKey[k])
		}
		return out
	},
	Init: func() any { return uint64(0) },
	Step: func(state, input, output any) (bool, any) {
		in := input.(kvInput)
		if in.Put {
			return true, in.Value
		}
		return output.(uint64) == state.(uint64), state
	},
	DescribeOperation: func(input, output any) string {
		in := input.(kvInput)
		if in.Put {
			return fmt.Sprintf("put(%d, %d)", in.Key, in.Value)
		}
		return fmt.Sprintf("get(%d) -> %v", in.Key, output)
	},
}

// checkLinearizable checks the recorded history with porcupine (outside
// the bubble: the checker's timeout is real time).
func (r *Result) checkLinearizable() {
	if len(r.history) == 0 {
		return
	}
	switch porcupine.CheckOperationsTimeout(kvModel, r.history, 30*time.Second) {
	case porcupine.Illegal:
		r.Violations = append(r.Violations, fmt.Sprintf("linearizability: the history of %d key-value operations is not linearizable", len(r.history)))
	case porcupine.Unknown:
		r.Violations = append(r.Violations, "linearizability: the check timed out")
	}
}
