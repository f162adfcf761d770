package sim

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash"
	"io"
	"log/slog"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"sync"
	"testing/synctest"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/consensus"
	"github.com/causeway/causeway/execution"
	"github.com/causeway/causeway/p2p/p2ppb"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

// Sim is one simulated cluster running one schedule. It must be made and
// run inside a testing/synctest bubble: its clock is the bubble's, and
// between two steps of the driver every goroutine of every replica is
// blocked (synctest.Wait), so the driver decides alone, in a deterministic
// order, what happens next.
type Sim struct {
	sched Schedule
	seed  uint64
	// Three generators, so that removing a fault (shrinking) changes the
	// network's and the workload's draws as little as possible.
	rng *rand.Rand // Byzantine decisions
	// sentCount counts each message sent on each link (see messageRand).
	sentCount map[sentKey]uint64
	wrng      *rand.Rand // workload
	frng      *rand.Rand // crash clones
	cons      *Consortium
	tmp       string
	log       *slog.Logger

	tuning   consensus.Tuning
	net      *network
	replicas []*replica // by index; node id = index+1

	// Fault state, changed by the driver under mu (replicas' sync
	// goroutines read it).
	cut   map[[2]uint64]int // directed links cut, with a count per cause
	down  map[uint64]int    // nodes down, with a count per cause
	slow  map[uint64]time.Duration
	chaos []Fault
	byz   map[uint64]*byzState
	// byzantine marks every node that is Byzantine at some point of the
	// schedule: the checkers hold only the others to the rules.
	byzantine map[uint64]bool
	wipes     map[uint64]int // how many times each node lost its data

	events []event // the driver's timeline
	evSeq  uint64

	trace      hash.Hash
	traceCount int
	traceOut   io.Writer // a copy of the trace, for debugging

	// The workload.
	clients      []*client
	probe        *op
	kvAddr       []byte
	submitted    map[types.Hash]bool
	submittedRaw [][]byte
	acked        map[types.Hash]bool
	nextValue    uint64
	lastSubmit   map[uint64]time.Time // per node

	gov []*govOp // governance in progress

	mu      sync.Mutex
	ledgers map[uint64]*ledgerView
	// members is the node set in force at the highest height an honest
	// replica committed.
	members []uint64
	// canon is the block hash committed at each height by the first honest
	// replica to commit it.
	canon      map[uint64]types.Hash
	badSig     map[types.Hash]bool // committed transactions whose signatures do not verify
	checkedSig map[types.Hash]bool
	committees map[uint64]*consensus.Committee
	certified  map[certKey]error
	violations []string
}

// event is a driver action at a simulated time.
type event struct {
	at   time.Time
	seq  uint64
	name string
	fn   func()
}

type receiptAt struct {
	at      time.Time
	receipt *types.Receipt
}

// ledgerView is what the sim saw one replica commit.
type ledgerView struct {
	// hashes are the block hashes it ever committed, by height-1 (kept
	// across crashes and data loss: a recommitted height must match).
	hashes   []types.Hash
	height   uint64                   // its current committed height
	txs      map[types.Hash]uint64    // transactions in its current ledger, by height
	receipts map[types.Hash]receiptAt // the receipts it produced (what clients see)
}

func newLedgerView() *ledgerView {
	return &ledgerView{txs: map[types.Hash]uint64{}, receipts: map[types.Hash]receiptAt{}}
}

// New builds the cluster of sched, seeded by its seed, with the WALs under
// tmp. Call it inside a synctest bubble.
func New(sched Schedule, tmp string, log *slog.Logger) (*Sim, error) {
	if log == nil {
		log = quiet
	}
	seed := sched.Seed
	s := &Sim{
		sched: sched, seed: seed,
		rng:       rand.New(rand.NewPCG(seed, 0x6e6574)),
		sentCount: map[sentKey]uint64{},
		wrng:      rand.New(rand.NewPCG(seed, 0x776f726b)),
		frng:      rand.New(rand.NewPCG(seed, 0x63726173)),
		cons:      consortiumOf(sched.Nodes), tmp: tmp, log: log,
		tuning: simTuning(), net: newNetwork(),
		cut: map[[2]uint64]int{}, down: map[uint64]int{}, slow: map[uint64]time.Duration{},
		byz: map[uint64]*byzState{}, byzantine: map[uint64]bool{}, wipes: map[uint64]int{},
		trace: sha256.New(), submitted: map[types.Hash]bool{}, acked: map[types.Hash]bool{}, lastSubmit: map[uint64]time.Time{},
		ledgers: map[uint64]*ledgerView{}, canon: map[uint64]types.Hash{},
		badSig: map[types.Hash]bool{}, checkedSig: map[types.Hash]bool{}, committees: map[uint64]*consensus.Committee{}, certified: map[certKey]error{},
	}
	for _, f := range sched.Faults {
		if f.Kind == Byzantine {
			for _, id := range f.Nodes {
				s.byzantine[id] = true
			}
		}
	}
	if sched.Replicas() > len(s.cons.SignKeys) {
		return nil, fmt.Errorf("sim: schedule needs %d replicas, the consortium has material for %d", sched.Replicas(), len(s.cons.SignKeys))
	}
	for i := 0; i < sched.Replicas(); i++ {
		id := uint64(i + 1)
		r := &replica{id: id, sim: s, g: s.cons.Genesis, signer: s.cons.SignKeys[i], fs: vfs.NewCrashableMem(),
			walDir: s.walDir(id), log: log.With("node", id)}
		r.ep = &endpoint{sim: s, id: id}
		s.replicas = append(s.replicas, r)
		s.ledgers[id] = newLedgerView()
	}
	for _, id := range s.cons.Genesis.NodeIDs() {
		s.members = append(s.members, id)
	}
	// The founding nodes start now; the others when they join.
	for _, r := range s.replicas[:sched.Nodes] {
		if err := r.open(); err != nil {
			return nil, err
		}
	}
	for _, r := range s.replicas[:sched.Nodes] {
		s.startReplica(r)
	}
	return s, nil
}

func (s *Sim) walDir(id uint64) string {
	return filepath.Join(s.tmp, fmt.Sprintf("wal-%d-%d", id, s.wipes[id]))
}

var (
	consortiaMu sync.Mutex
	consortia   = map[int]*Consortium{}
)

// consortiumOf returns the (deterministic) consortium of n nodes, built once.
func consortiumOf(n int) *Consortium {
	consortiaMu.Lock()
	defer consortiaMu.Unlock()
	c, ok := consortia[n]
	if !ok {
		c = NewConsortium(n)
		consortia[n] = c
	}
	return c
}

// simTuning is the consensus timing of simulated replicas: the LAN tuning
// nodes run with.
func simTuning() consensus.Tuning {
	t := consensus.DefaultTuning()
	t.PoolSize = 2000
	return t
}

// peerIDs returns the ids of the replicas (the peers gossip goes to).
func (s *Sim) peerIDs() []uint64 {
	ids := make([]uint64, 0, len(s.replicas))
	for _, r := range s.replicas {
		ids = append(ids, r.id)
	}
	return ids
}

func (s *Sim) replica(id uint64) *replica { return s.replicas[id-1] }

// honest returns the ids of the replicas the checkers hold to the rules.
func (s *Sim) honest() []uint64 {
	var out []uint64
	for _, r := range s.replicas {
		if !s.byzantine[r.id] {
			out = append(out, r.id)
		}
	}
	return out
}

// honestMembers returns the honest replicas of the node set in force: the
// ones that must commit, catch up and hold every acknowledged transaction.
func (s *Sim) honestMembers() []uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []uint64
	for _, id := range s.members {
		if !s.byzantine[id] {
			out = append(out, id)
		}
	}
	return out
}

// record adds an event to the trace.
func (s *Sim) record(parts ...any) {
	s.traceCount++
	fmt.Fprintln(s.trace, parts...)
	if s.traceOut != nil {
		fmt.Fprintln(s.traceOut, parts...)
	}
}

// violate records a broken rule.
func (s *Sim) violate(format string, a ...any) {
	msg := fmt.Sprintf("t=%s: ", time.Since(epoch).Round(time.Millisecond)) + fmt.Sprintf(format, a...)
	s.violations = append(s.violations, msg)
}

// broken reports whether a rule was broken.
func (s *Sim) broken() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.violations) > 0
}

// TraceHash is the hash of the ordered trace of delivered messages and
// driver events so far.
func (s *Sim) TraceHash() string { return fmt.Sprintf("%x", s.trace.Sum(nil)) }

// at schedules fn on the driver's timeline.
func (s *Sim) at(t time.Time, name string, fn func()) {
	s.evSeq++
	e := event{at: t, seq: s.evSeq, name: name, fn: fn}
	i, _ := slices.BinarySearchFunc(s.events, e, func(a, b event) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return int(a.seq) - int(b.seq)
	})
	s.events = slices.Insert(s.events, i, e)
}

// linkUp reports whether a message from -> to gets through now; mu held.
func (s *Sim) linkUp(from, to uint64) bool { return s.cut[[2]uint64{from, to}] == 0 }

// schedule moves what replicas sent to the delivery queue, deciding for
// each message (in canonical order) whether it is lost or duplicated and
// when it arrives.
func (s *Sim) schedule() {
	now := time.Now()
	sent := s.net.take()
	var out []*envelope
	for _, e := range sent {
		if bz := s.byz[e.from]; bz != nil {
			out = append(out, s.byzOut(bz, e)...)
			out = append(out, s.byzInject(e.from, bz)...)
			continue
		}
		out = append(out, e)
	}
	var loss, dup float64
	var extra time.Duration
	for _, c := range s.chaos {
		loss, dup, extra = max(loss, c.Loss), max(dup, c.Dup), max(extra, c.Extra)
	}
	for _, e := range out {
		if !s.linkUp(e.from, e.to) {
			continue
		}
		rng := s.messageRand(e)
		if loss > 0 && rng.Float64() < loss {
			continue
		}
		copies := 1
		if dup > 0 && rng.Float64() < dup {
			copies = 2
		}
		for k := 0; k < copies; k++ {
			delay := time.Millisecond + time.Duration(rng.IntN(4000))*time.Microsecond + s.slow[e.from] + s.slow[e.to]
			if extra > 0 {
				delay += time.Duration(rng.Int64N(int64(extra)))
			}
			c := *e
			c.at = now.Add(delay)
			s.net.enqueue(&c)
		}
	}
}

// messageRand is the generator that decides a sent message's fate: seeded
// by the schedule's seed, the link, the message's content and how many
// times the same message was sent on the same link before. Two replicas
// sending at one simulated instant reach the driver in either order (the
// Go scheduler's choice); drawing from one shared stream would hand their
// messages each other's delays. With a generator per message, the order in
// which the driver sees them does not matter.
func (s *Sim) messageRand(e *envelope) *rand.Rand {
	key := sentKey{e.from, e.to, e.hash}
	n := s.sentCount[key]
	s.sentCount[key] = n + 1
	h := sha256.New()
	var b [8]byte
	for _, v := range []uint64{s.seed, e.from, e.to, n} {
		binary.BigEndian.PutUint64(b[:], v)
		h.Write(b[:])
	}
	h.Write(e.hash[:])
	sum := h.Sum(nil)
	return rand.New(rand.NewPCG(binary.BigEndian.Uint64(sum[:8]), binary.BigEndian.Uint64(sum[8:16])))
}

// sentKey is a message on a link.
type sentKey struct {
	from, to uint64
	hash     [32]byte
}

// deliver hands e to its receiver if the receiver is up and the link is.
func (s *Sim) deliver(e *envelope) {
	r := s.replica(e.to)
	if !r.up || !s.linkUp(e.from, e.to) {
		return
	}
	m := &p2ppb.PeerMessage{}
	if err := proto.Unmarshal(e.raw, m); err != nil {
		return
	}
	if bz := s.byz[e.to]; bz != nil {
		bz.remember(e.raw)
	}
	s.record("deliver", time.Since(epoch).Microseconds(), e.from, e.to, fmt.Sprintf("%x", e.hash[:8]), kindOf(m))
	switch k := m.Kind.(type) {
	case *p2ppb.PeerMessage_Consensus:
		if holdBack(r.cons, k.Consensus) {
			// See holdBack: delivered a little later.
			c := *e
			c.at = time.Now().Add(10 * time.Millisecond)
			s.net.enqueue(&c)
			return
		}
		r.cons.HandleConsensus(e.from, k.Consensus)
	case *p2ppb.PeerMessage_Forward:
		if holdBack(r.cons, nil) {
			c := *e
			c.at = time.Now().Add(10 * time.Millisecond)
			s.net.enqueue(&c)
			return
		}
		r.cons.HandleForward(e.from, k.Forward)
	case *p2ppb.PeerMessage_Txs:
		r.pool.HandleTxs(e.from, k.Txs.GetTxs())
	}
}

// runUntil advances the simulation until end, or until done returns true
// (checked at every step); issuing tells whether clients start new
// operations.
func (s *Sim) runUntil(end time.Time, issuing bool, done func() bool) bool {
	for {
		synctest.Wait()
		s.schedule()
		now := time.Now()
		for e := s.net.due(now); e != nil; e = s.net.due(now) {
			s.deliver(e)
			synctest.Wait()
			s.schedule()
		}
		for len(s.events) > 0 && !s.events[0].at.After(now) {
			ev := s.events[0]
			s.events = s.events[1:]
			s.record("event", time.Since(epoch).Microseconds(), ev.name)
			ev.fn()
			synctest.Wait()
			s.schedule()
		}
		s.tick(now)
		s.stepJoins(now)
		s.stepGov(now)
		s.stepClients(issuing)
		if s.broken() {
			return false // a rule is broken: no need to go on
		}
		if done != nil && done() {
			return true
		}
		if !now.Before(end) {
			return false
		}
		wake := end
		if nx := s.net.next(); !nx.IsZero() && nx.Before(wake) {
			wake = nx
		}
		if len(s.events) > 0 && s.events[0].at.Before(wake) {
			wake = s.events[0].at
		}
		if cw := s.clientWake(issuing); !cw.IsZero() && cw.Before(wake) {
			wake = cw
		}
		for _, r := range s.replicas {
			if r.ticking && r.nextTick.Before(wake) {
				wake = r.nextTick
			}
			if r.joining && r.nextJoinTry.Before(wake) {
				wake = r.nextJoinTry
			}
		}
		for _, g := range s.gov {
			if !g.done && g.retryAt.Before(wake) {
				wake = g.retryAt
			}
		}
		if !wake.After(now) {
			continue
		}
		t := time.NewTimer(wake.Sub(now))
		select {
		case <-t.C:
		case <-s.net.notify:
		}
		t.Stop()
	}
}

// tick feeds the replicas' due ticks, in id order, the scheduler's then
// the view changer's, each handled before the next (a tick is dropped when
// the previous one was not taken yet, as time.Ticker does).
func (s *Sim) tick(now time.Time) {
	for _, r := range s.replicas {
		for r.ticking && !r.nextTick.After(now) {
			for _, ch := range []chan time.Time{r.schedTicks, r.vcTicks} {
				select {
				case ch <- now:
				default:
				}
				synctest.Wait()
				s.schedule()
			}
			// A slow node's ticks come late too.
			r.nextTick = r.nextTick.Add(s.tuning.Tick + min(s.slow[r.id], 2*s.tuning.Tick))
		}
	}
}

// clientWake is the next time a client acts on its own.
func (s *Sim) clientWake(issuing bool) time.Time {
	var w time.Time
	for _, c := range s.clients {
		var t time.Time
		switch {
		case c.cur != nil:
			t = c.cur.retryAt
		case issuing:
			t = c.nextAt
		default:
			continue
		}
		if w.IsZero() || t.Before(w) {
			w = t
		}
	}
	return w
}

// rpcWait is a sync request's round trip from -> to: it fails when either
// direction is cut or the peer is down. It takes no simulated time:
// SmartBFT holds locks while it syncs (the controller's sync lock, the view
// changer's in-flight lock), and inside a bubble a goroutine waiting for
// such a lock would stop the clock for good if the sync waited for it.
func (s *Sim) rpcWait(ctx context.Context, from, to uint64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.linkUp(from, to) || !s.linkUp(to, from) || !s.replica(to).up {
		return errUnreachable
	}
	return nil
}

// serveHeight answers a peer's height request: a forging Byzantine node
// claims more than it has, to be the one synced from.
func (s *Sim) serveHeight(id uint64) (uint64, error) {
	s.mu.Lock()
	r := s.replica(id)
	st, bz := r.store, s.byz[id]
	s.mu.Unlock()
	h := st.Head().Height
	if bz != nil && bz.modes[ModeForge] {
		h += 3
	}
	return h, nil
}

// serveBlock answers a peer's block request (a forging Byzantine node
// sends a forged block).
func (s *Sim) serveBlock(id, requester, h uint64) (*types.Block, error) {
	s.mu.Lock()
	r := s.replica(id)
	st, bz := r.store, s.byz[id]
	s.mu.Unlock()
	forge := bz != nil && bz.modes[ModeForge]
	head := st.Head().Height
	if forge && h == head+1 {
		return s.fabricateBlock(r, st, requester)
	}
	if h > head {
		return nil, nil
	}
	b, err := st.Block(h)
	if err != nil {
		return nil, err
	}
	if forge {
		return s.forgeBlock(r, requester, b), nil
	}
	return b, nil
}

// committed is called by a replica for each block it commits, with the
// chain configuration in force for it (prev) and the one the block put in
// force (next, nil if unchanged).
func (s *Sim) committed(r *replica, b *types.Block, receipts []*types.Receipt, prev, next *types.ChainConfig) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	lv := s.ledgers[r.id]
	h := b.Header.Height
	suite := r.g.Suite()
	bh := suite.HeaderHash(b.Header)
	honest := !s.byzantine[r.id]
	if h != lv.height+1 {
		s.violate("node %d committed height %d on top of height %d", r.id, h, lv.height)
	}
	lv.height = h
	if h <= uint64(len(lv.hashes)) {
		if lv.hashes[h-1] != bh && honest {
			s.violate("agreement: node %d committed block %s at height %d, where it had committed %s before a restart", r.id, bh, h, lv.hashes[h-1])
		}
		lv.hashes[h-1] = bh
	} else {
		lv.hashes = append(lv.hashes, bh)
	}
	if honest {
		if c, ok := s.canon[h]; !ok {
			s.canon[h] = bh
			if next != nil {
				s.members = next.NodeIDs()
				s.record("members", h, fmt.Sprint(s.members))
			}
		} else if c != bh {
			s.violate("agreement: node %d committed block %s at height %d, another honest node %s", r.id, bh, h, c)
		}
	}
	if honest {
		// Certification: a committed block carries a quorum of commit
		// signatures of the node set in force.
		if com := s.committeeOf(prev); com != nil {
			// Checked once per block and node set (the same block reaches
			// every replica).
			key := certKey{bh, prev.Version, sha256.Sum256(mustMarshalSigs(b))}
			err, seen := s.certified[key]
			if !seen {
				err = com.VerifyQuorum(b)
				s.certified[key] = err
			}
			if err != nil {
				s.violate("certification: node %d committed block %s at height %d without a valid quorum: %v", r.id, bh, h, err)
			}
		}
	}
	var toCheck []*types.DecodedTx
	for i, tx := range b.Txs {
		th := suite.TxHash(tx)
		if prev, dup := lv.txs[th]; dup && honest {
			s.violate("double execution: node %d committed tx %s at heights %d and %d", r.id, th, prev, h)
		}
		lv.txs[th] = h
		if _, ok := lv.receipts[th]; !ok {
			lv.receipts[th] = receiptAt{at: now, receipt: receipts[i]}
		}
		if honest && !s.submitted[th] {
			s.violate("validity: node %d committed tx %s at height %d, which no client submitted", r.id, th, h)
		}
		if !s.checkedSig[th] {
			s.checkedSig[th] = true
			toCheck = append(toCheck, &types.DecodedTx{Tx: tx, Hash: th})
		}
	}
	for i, err := range execution.NewTxCache(r.g.Suite(), len(toCheck)+1).Verify(toCheck) {
		if err != nil && honest {
			s.violate("validity: node %d committed tx %s at height %d with a bad signature: %v", r.id, toCheck[i].Hash, h, err)
		}
	}
}

// certKey identifies a block's certificate check: the block, the node set
// it is checked against, and its signatures.
type certKey struct {
	block   types.Hash
	version uint64
	sigs    [32]byte
}

func mustMarshalSigs(b *types.Block) []byte {
	var out []byte
	for _, sg := range b.Signatures {
		raw, _ := marshal.Marshal(sg)
		out = append(out, raw...)
	}
	return out
}

// committeeOf returns the committee of a chain configuration (cached by
// version); mu held.
func (s *Sim) committeeOf(cfg *types.ChainConfig) *consensus.Committee {
	if cfg == nil {
		return nil
	}
	if c, ok := s.committees[cfg.Version]; ok {
		return c
	}
	c, err := consensus.CommitteeOf(s.cons.Genesis.ChainID, s.cons.Genesis.Suite(), cfg.Nodes)
	if err != nil {
		s.violate("committee of configuration %d: %v", cfg.Version, err)
		return nil
	}
	s.committees[cfg.Version] = c
	return c
}

// Heights returns each replica's committed height, by index.
func (s *Sim) Heights() []uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]uint64, len(s.replicas))
	for i, r := range s.replicas {
		out[i] = s.ledgers[r.id].height
	}
	return out
}

// Stop stops every replica (the bubble must end with no goroutine left).
func (s *Sim) Stop() {
	for _, r := range s.replicas {
		s.mu.Lock()
		wasUp := r.up
		r.up = false
		s.mu.Unlock()
		if wasUp {
			r.stop()
		}
		synctest.Wait()
	}
}

// Fault application: each fault starts and ends on the driver's timeline.

func (s *Sim) crashStart(id uint64, wipe bool) {
	r := s.replica(id)
	s.mu.Lock()
	s.down[id]++
	wasUp := r.up
	r.up = false
	s.mu.Unlock()
	if wasUp {
		var clone *vfs.MemFS
		if !wipe {
			// A crash: what Pebble synced survives, unsynced data partly.
			clone = r.fs.CrashClone(vfs.CrashCloneCfg{UnsyncedDataPercent: s.frng.IntN(101), RNG: s.frng})
		}
		r.stop()
		synctest.Wait()
		if clone != nil {
			r.fs = clone
		}
	}
	if wipe {
		s.mu.Lock()
		s.wipes[id]++
		r.fs = vfs.NewCrashableMem()
		r.walDir = s.walDir(id)
		lv := s.ledgers[id]
		lv.height = 0
		lv.txs = map[types.Hash]uint64{}
		s.mu.Unlock()
	}
}

func (s *Sim) crashEnd(id uint64) {
	r := s.replica(id)
	s.mu.Lock()
	s.down[id]--
	restart := s.down[id] == 0 && !r.up
	s.mu.Unlock()
	if !restart {
		return
	}
	if err := r.open(); err != nil {
		s.mu.Lock()
		s.violate("node %d cannot restart: %v", id, err)
		s.mu.Unlock()
		return
	}
	// What survived the crash: the views of the ledger follow the store.
	head := r.store.Head().Height
	s.mu.Lock()
	lv := s.ledgers[id]
	if head > lv.height {
		s.violate("node %d restarted at height %d, above the %d it had committed", id, head, lv.height)
	}
	lv.height = head
	for h, at := range lv.txs {
		if at > head {
			delete(lv.txs, h)
		}
	}
	s.mu.Unlock()
	s.startReplica(r)
}

// startReplica starts r's parts and marks it up. Starting runs on a
// goroutine of its own: SmartBFT syncs when it starts and waits for its
// peers' state responses, which only the driver can deliver.
func (s *Sim) startReplica(r *replica) {
	s.mu.Lock()
	r.up = true
	s.mu.Unlock()
	r.armTicks()
	done := make(chan struct{})
	r.started = done
	go func() {
		defer close(done)
		if err := r.start(); err != nil {
			s.mu.Lock()
			s.violate("node %d cannot start: %v", r.id, err)
			s.mu.Unlock()
		}
	}()
	synctest.Wait()
}

func (s *Sim) setCut(nodes []uint64, oneWay bool, delta int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range nodes {
		for _, r := range s.replicas {
			b := r.id
			if containsID(nodes, b) {
				continue
			}
			s.cut[[2]uint64{a, b}] += delta
			if !oneWay {
				s.cut[[2]uint64{b, a}] += delta
			}
		}
	}
}

// install puts the faults of the schedule on the driver's timeline, from t0.
func (s *Sim) install(t0 time.Time) {
	for i, f := range s.sched.Faults {
		f := f
		name := fmt.Sprintf("%d:%s", i, f.Kind)
		start, end := t0.Add(f.At), t0.Add(f.End())
		switch f.Kind {
		case Crash, Wipe:
			for _, id := range f.Nodes {
				id := id
				s.at(start, name+" start", func() { s.crashStart(id, f.Kind == Wipe) })
				s.at(end, name+" end", func() { s.crashEnd(id) })
			}
		case Partition, OneWay:
			s.at(start, name+" start", func() { s.setCut(f.Nodes, f.Kind == OneWay, 1) })
			s.at(end, name+" end", func() { s.setCut(f.Nodes, f.Kind == OneWay, -1) })
		case Chaos:
			s.at(start, name+" start", func() { s.chaos = append(s.chaos, f) })
			s.at(end, name+" end", func() {
				for j, c := range s.chaos {
					if c.At == f.At && c.Dur == f.Dur && c.Loss == f.Loss && c.Dup == f.Dup && c.Extra == f.Extra {
						s.chaos = slices.Delete(s.chaos, j, j+1)
						break
					}
				}
			})
		case Slow:
			s.at(start, name+" start", func() {
				for _, id := range f.Nodes {
					s.slow[id] += f.Extra
				}
			})
			s.at(end, name+" end", func() {
				for _, id := range f.Nodes {
					s.slow[id] -= f.Extra
				}
			})
		case Join:
			s.at(start, name, func() { s.join(f.Nodes[0]) })
		case Leave:
			s.at(start, name, func() { s.leave(f.Nodes[0]) })
		case Byzantine:
			s.at(start, name+" start", func() {
				s.mu.Lock()
				defer s.mu.Unlock()
				for _, id := range f.Nodes {
					bz := &byzState{modes: map[string]bool{}, alts: map[[2]uint64]byzAlt{}}
					for _, m := range f.Modes {
						bz.modes[m] = true
					}
					s.byz[id] = bz
				}
			})
			s.at(end, name+" end", func() {
				s.mu.Lock()
				defer s.mu.Unlock()
				for _, id := range f.Nodes {
					delete(s.byz, id)
				}
			})
		}
	}
}

// newClients makes the workload's clients, one per org account.
func (s *Sim) newClients(k int) {
	for i := 0; i < k; i++ {
		org := i % s.cons.N
		s.clients = append(s.clients, &client{id: i, acct: sdk.Account{Name: s.cons.Orgs[org], Signer: s.cons.Accounts[org], Suite: s.cons.Genesis.Suite()},
			nextAt: time.Now().Add(s.thinkTime())})
	}
}
