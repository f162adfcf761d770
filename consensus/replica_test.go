package consensus

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hyperledger-labs/SmartBFT/smartbftprotos"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/chain"
	"github.com/causeway/causeway/p2p/p2ppb"
	"github.com/causeway/causeway/store"
	"github.com/causeway/causeway/types"
)

// manualClock is a Clock whose time moves only when the test calls
// Advance; its tickers fire then, never on their own.
type manualClock struct {
	mu      sync.Mutex
	now     time.Time
	tickers []*manualTicker
	made    int
}

type manualTicker struct {
	clk    *manualClock
	c      chan time.Time
	period time.Duration
	next   time.Time
}

func (k *manualClock) Now() time.Time {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.now
}

func (k *manualClock) NewTicker(d time.Duration) Ticker {
	k.mu.Lock()
	defer k.mu.Unlock()
	t := &manualTicker{clk: k, c: make(chan time.Time, 1), period: d, next: k.now.Add(d)}
	k.tickers = append(k.tickers, t)
	k.made++
	return t
}

// Advance moves the time by d and fires the tickers that are due, once
// each; like time.Ticker, a tick the reader is not ready for is dropped.
func (k *manualClock) Advance(d time.Duration) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.now = k.now.Add(d)
	for _, t := range k.tickers {
		if t.next.After(k.now) {
			continue
		}
		select {
		case t.c <- k.now:
		default:
		}
		t.next = k.now.Add(t.period)
	}
}

func (k *manualClock) tickersMade() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.made
}

func (t *manualTicker) C() <-chan time.Time { return t.c }

func (t *manualTicker) Stop() {
	k := t.clk
	k.mu.Lock()
	defer k.mu.Unlock()
	for i, o := range k.tickers {
		if o == t {
			k.tickers = append(k.tickers[:i], k.tickers[i+1:]...)
			return
		}
	}
}

// memLedger is a Ledger that stores blocks without executing them: the
// state and receipt roots never change.
type memLedger struct {
	suite  types.Suite
	mu     sync.Mutex
	blocks []*types.Block // blocks[i] is at height i+1
	head   store.Head
	txs    map[types.Hash]bool
	// version is the configuration version in force at every height (the
	// test clusters never reconfigure).
	version uint64
}

func newMemLedger(suite types.Suite) *memLedger {
	return &memLedger{suite: suite, txs: map[types.Hash]bool{},
		head: store.Head{Hash: suite.Sum([]byte("genesis")), StateRoot: []byte("state"), ReceiptRoot: []byte("receipts")}}
}

func (l *memLedger) Head() store.Head {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.head
}

func (l *memLedger) Block(h uint64) (*types.Block, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if h == 0 || h > uint64(len(l.blocks)) {
		return nil, store.ErrNotFound
	}
	return l.blocks[h-1], nil
}

func (l *memLedger) HasTx(h types.Hash) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.txs[h], nil
}

func (l *memLedger) ConfigVersionAt(uint64) (uint64, error) { return l.version, nil }

func (l *memLedger) Apply(b *types.Block, txs []*types.DecodedTx) (*chain.Applied, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if b.Header.Height != l.head.Height+1 {
		return nil, fmt.Errorf("block %d does not follow %d", b.Header.Height, l.head.Height)
	}
	l.blocks = append(l.blocks, b)
	for _, tx := range b.Txs {
		l.txs[l.suite.TxHash(tx)] = true
	}
	l.head.Height, l.head.Hash, l.head.TimeMs = b.Header.Height, l.suite.BlockHash(b), b.Header.TimeMs
	return &chain.Applied{Block: b, Txs: txs}, nil
}

func (l *memLedger) txCount() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.txs)
}

// router is an in-process network: each node's inbox is served by one
// goroutine, messages to a node that is down are dropped.
type router struct {
	ledgers  map[uint64]*memLedger
	replicas map[uint64]*atomic.Pointer[Consensus]
	inboxes  map[uint64]chan envelope
	done     chan struct{}
	wg       sync.WaitGroup
}

type envelope struct {
	from uint64
	m    *p2ppb.PeerMessage
}

func newRouter(ledgers map[uint64]*memLedger) *router {
	r := &router{ledgers: ledgers, replicas: map[uint64]*atomic.Pointer[Consensus]{}, inboxes: map[uint64]chan envelope{}, done: make(chan struct{})}
	for id := range ledgers {
		r.replicas[id] = &atomic.Pointer[Consensus]{}
		r.inboxes[id] = make(chan envelope, 10000)
	}
	for id := range ledgers {
		r.wg.Add(1)
		go r.serve(id)
	}
	return r
}

func (r *router) serve(id uint64) {
	defer r.wg.Done()
	for {
		select {
		case <-r.done:
			return
		case e := <-r.inboxes[id]:
			c := r.replicas[id].Load()
			if c == nil {
				continue
			}
			switch k := e.m.Kind.(type) {
			case *p2ppb.PeerMessage_Consensus:
				c.HandleConsensus(e.from, k.Consensus)
			case *p2ppb.PeerMessage_Forward:
				c.HandleForward(e.from, k.Forward)
			}
		}
	}
}

func (r *router) close() {
	close(r.done)
	r.wg.Wait()
}

// endpoint is node self's Transport.
type endpoint struct {
	r    *router
	self uint64
}

func (e endpoint) Send(to uint64, m *p2ppb.PeerMessage) bool {
	in, ok := e.r.inboxes[to]
	if !ok || e.r.replicas[to].Load() == nil {
		return false
	}
	select {
	case in <- envelope{e.self, m}:
		return true
	default:
		return false
	}
}

func (e endpoint) PeerHeight(_ context.Context, id uint64) (uint64, error) {
	if p, ok := e.r.replicas[id]; !ok || p.Load() == nil {
		return 0, fmt.Errorf("node %d is down", id)
	}
	return e.r.ledgers[id].Head().Height, nil
}

func (e endpoint) FetchBlocks(ctx context.Context, id, from, to uint64, fn func(*types.Block) error) error {
	if p, ok := e.r.replicas[id]; !ok || p.Load() == nil {
		return fmt.Errorf("node %d is down", id)
	}
	for h := from; h <= to; h++ {
		b, err := e.r.ledgers[id].Block(h)
		if err != nil {
			return err
		}
		if err := fn(proto.Clone(b).(*types.Block)); err != nil {
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	return nil
}

// testCluster is n replicas in one process over the router, each with a
// memory WAL, all on one manual clock.
type testCluster struct {
	t       *testing.T
	g       *types.Genesis
	clock   *manualClock
	router  *router
	ledgers map[uint64]*memLedger
	wals    map[uint64]*MemoryWAL
	cfgs    map[uint64]Config
	nextTx  int
}

func newTestCluster(t *testing.T, n int) *testCluster {
	g, keys := testCommittee(t, n)
	tc := &testCluster{t: t, g: g, clock: &manualClock{now: time.Now()},
		ledgers: map[uint64]*memLedger{}, wals: map[uint64]*MemoryWAL{}, cfgs: map[uint64]Config{}}
	for id := range keys {
		tc.ledgers[id] = newMemLedger(g.Suite())
		tc.ledgers[id].version = g.Config().Version
		tc.wals[id] = NewMemoryWAL()
	}
	tc.router = newRouter(tc.ledgers)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		logger = slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	for id, k := range keys {
		tc.cfgs[id] = Config{SelfID: id, Genesis: g, Signer: k, WAL: tc.wals[id], Clock: tc.clock,
			Logger: logger.With("node", id)}
		tc.start(id)
	}
	t.Cleanup(func() {
		for id := range keys {
			tc.stop(id)
		}
		tc.router.close()
	})
	return tc
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) { w.t.Log(string(p)); return len(p), nil }

// start makes a fresh replica of node id, on its ledger and WAL (a process
// restart), and starts it.
func (tc *testCluster) start(id uint64) {
	c, err := New(tc.cfgs[id], tc.ledgers[id], endpoint{tc.router, id})
	if err != nil {
		tc.t.Fatal(err)
	}
	tc.router.replicas[id].Store(c)
	if err := c.Start(); err != nil {
		tc.t.Fatal(err)
	}
}

func (tc *testCluster) stop(id uint64) {
	if c := tc.router.replicas[id].Swap(nil); c != nil {
		c.Stop()
	}
}

// submit hands n new transactions, stamped with the clock's time, to every
// running replica (as the pool's gossip would), and returns how many the
// cluster was given so far.
func (tc *testCluster) submit(n int) int {
	raws := benchTxs(tc.t, tc.g.ChainID, n, tc.clock.Now().UnixMilli())
	for _, raw := range raws {
		for _, p := range tc.router.replicas {
			if c := p.Load(); c != nil {
				// A replica may already have ordered the transaction
				// by the time the loop reaches it (the others cut a
				// batch and committed it): that is not a failure.
				if err := c.Submit(raw); err != nil && types.CodeOf(err) != types.CodeDuplicate {
					tc.t.Fatal(err)
				}
			}
		}
	}
	tc.nextTx += n
	return tc.nextTx
}

// waitFor drives the clock by hand, one tick at a time, until cond holds;
// the deadline is generous, the test normally takes a few seconds.
func (tc *testCluster) waitFor(what string, cond func() bool) {
	tc.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			tc.t.Fatalf("timed out waiting for %s", what)
		}
		tc.clock.Advance(DefaultTuning().Tick)
		time.Sleep(10 * time.Millisecond)
	}
}

// allHave reports whether the ledgers of ids hold want transactions.
func (tc *testCluster) allHave(want int, ids ...uint64) func() bool {
	return func() bool {
		for _, id := range ids {
			if tc.ledgers[id].txCount() < want {
				return false
			}
		}
		return true
	}
}

// sameChains checks that the ledgers of ids hold the same blocks up to the
// lowest head among them, each with a valid commit quorum.
func (tc *testCluster) sameChains(ids ...uint64) {
	tc.t.Helper()
	low := ^uint64(0)
	for _, id := range ids {
		low = min(low, tc.ledgers[id].Head().Height)
	}
	com, err := NewCommittee(tc.g)
	if err != nil {
		tc.t.Fatal(err)
	}
	for h := uint64(1); h <= low; h++ {
		ref, _ := tc.ledgers[ids[0]].Block(h)
		if err := com.VerifyQuorum(ref); err != nil {
			tc.t.Fatalf("block %d: %v", h, err)
		}
		for _, id := range ids[1:] {
			b, _ := tc.ledgers[id].Block(h)
			if tc.g.Suite().BlockHash(b) != tc.g.Suite().BlockHash(ref) {
				tc.t.Fatalf("node %d and node %d differ at height %d", ids[0], id, h)
			}
		}
	}
}

// Four replicas commit blocks with no wall-clock ticker: the only tickers
// SmartBFT gets are the manual clock's, driven by the test, and block
// times are the manual clock's.
func TestReplicasCommitOnManualClock(t *testing.T) {
	tc := newTestCluster(t, 4)
	if got := tc.clock.tickersMade(); got != 8 {
		t.Fatalf("%d tickers from the injected clock, want 2 per replica", got)
	}
	start := tc.clock.Now().UnixMilli()
	want := tc.submit(20)
	tc.waitFor("20 transactions on every node", tc.allHave(want, 1, 2, 3, 4))
	want = tc.submit(20)
	tc.waitFor("40 transactions on every node", tc.allHave(want, 1, 2, 3, 4))
	tc.sameChains(1, 2, 3, 4)
	end := tc.clock.Now().UnixMilli()
	for h := uint64(1); h <= tc.ledgers[1].Head().Height; h++ {
		b, _ := tc.ledgers[1].Block(h)
		if b.Header.TimeMs < start || b.Header.TimeMs > end {
			t.Fatalf("block %d time %d is not the manual clock's (%d..%d)", h, b.Header.TimeMs, start, end)
		}
	}
}

// A follower stopped and restarted on its ledger and memory WAL rejoins:
// it catches up with the blocks committed without it and takes part in
// the next ones.
func TestReplicaRestartsWithMemoryWAL(t *testing.T) {
	tc := newTestCluster(t, 4)
	want := tc.submit(10)
	tc.waitFor("first transactions on every node", tc.allHave(want, 1, 2, 3, 4))

	leader := tc.router.replicas[1].Load().Leader()
	down := uint64(4)
	if leader == down {
		down = 3
	}
	if len(tc.wals[down].Entries()) == 0 {
		t.Fatal("the replica wrote nothing to its memory WAL")
	}
	up := []uint64{}
	for id := uint64(1); id <= 4; id++ {
		if id != down {
			up = append(up, id)
		}
	}
	tc.stop(down)
	before := tc.ledgers[down].Head().Height
	want = tc.submit(10)
	tc.waitFor("transactions committed by the three others", tc.allHave(want, up...))
	if h := tc.ledgers[down].Head().Height; h != before {
		t.Fatalf("stopped node moved from height %d to %d", before, h)
	}

	tc.start(down)
	want = tc.submit(10)
	tc.waitFor("every transaction on every node, the restarted one included", tc.allHave(want, 1, 2, 3, 4))
	tc.sameChains(1, 2, 3, 4)
}

// The leader of view 0 loses its write-ahead log (its disk) and restarts
// on its blocks: it must not resume as view 0's leader (it could propose
// the next sequence again with other contents) until the others have
// replaced it and decided a block without it; then it rejoins in their
// view and takes part again.
func TestLeaderWithoutWALWaitsForTheOthers(t *testing.T) {
	tc := newTestCluster(t, 4)
	want := tc.submit(10)
	tc.waitFor("first transactions on every node", tc.allHave(want, 1, 2, 3, 4))
	if l := tc.router.replicas[2].Load().Leader(); l != 1 {
		t.Fatalf("leader is %d, the test expects node 1 (view 0)", l)
	}
	tc.stop(1)
	tc.wals[1].Drop()
	h0 := tc.ledgers[1].Head().Height

	// Restart node 1 off the router: its Start blocks while it waits.
	c, err := New(tc.cfgs[1], tc.ledgers[1], endpoint{tc.router, 1})
	if err != nil {
		t.Fatal(err)
	}
	var othersAtStart uint64
	started := make(chan error, 1)
	go func() {
		err := c.Start()
		othersAtStart = tc.ledgers[2].Head().Height
		tc.router.replicas[1].Store(c)
		started <- err
	}()
	select {
	case err := <-started:
		t.Fatalf("node 1 started at once (err %v) as the leader of view 0 without its WAL", err)
	case <-time.After(300 * time.Millisecond):
	}
	want = tc.submit(10) // to nodes 2, 3 and 4: node 1 is not routed yet
	tc.waitFor("the others decide without node 1", tc.allHave(want, 2, 3, 4))
	tc.waitFor("node 1 starts", func() bool { return len(started) == 1 })
	if err := <-started; err != nil {
		t.Fatal(err)
	}
	if othersAtStart <= h0 {
		t.Fatalf("node 1 started when the others were at height %d, not past its own %d", othersAtStart, h0)
	}
	if l := c.Leader(); l == 1 {
		t.Fatalf("node 1 resumed as leader")
	}
	want = tc.submit(10)
	tc.waitFor("every transaction on every node, node 1 included", tc.allHave(want, 1, 2, 3, 4))
	tc.sameChains(1, 2, 3, 4)
}

// preprepares is a Transport that records the views of the proposals its
// node sends.
type preprepares struct {
	endpoint
	mu    sync.Mutex
	views []uint64
}

func (p *preprepares) Send(to uint64, m *p2ppb.PeerMessage) bool {
	if raw := m.GetConsensus(); raw != nil {
		msg := &smartbftprotos.Message{}
		if proto.Unmarshal(raw, msg) == nil && msg.GetPrePrepare() != nil {
			p.mu.Lock()
			p.views = append(p.views, msg.GetPrePrepare().GetView())
			p.mu.Unlock()
		}
	}
	return p.endpoint.Send(to, m)
}

func (p *preprepares) sent() []uint64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]uint64(nil), p.views...)
}

// A leader that lost its WAL while the others cannot decide without it
// (one of them is down too) must not resume as the leader of its old view
// when its wait runs out: it gives that view up, joins the others' view
// change, and the three decide in a later view.
func TestAmnesiacLeaderGivesUpItsView(t *testing.T) {
	tc := newTestCluster(t, 4)
	want := tc.submit(10)
	tc.waitFor("first transactions on every node", tc.allHave(want, 1, 2, 3, 4))
	if l := tc.router.replicas[2].Load().Leader(); l != 1 {
		t.Fatalf("leader is %d, the test expects node 1 (view 0)", l)
	}
	tc.stop(1)
	tc.wals[1].Drop()
	tc.stop(4)

	tr := &preprepares{endpoint: endpoint{tc.router, 1}}
	c, err := New(tc.cfgs[1], tc.ledgers[1], tr)
	if err != nil {
		t.Fatal(err)
	}
	tc.router.replicas[1].Store(c) // it hears the others while it waits
	started := make(chan error, 1)
	go func() { started <- c.Start() }()
	tc.waitFor("node 1 starts", func() bool { return len(started) == 1 })
	if err := <-started; err != nil {
		t.Fatal(err)
	}
	want = tc.submit(10)
	tc.waitFor("nodes 1, 2 and 3 decide together", func() bool {
		for _, v := range tr.sent() {
			if v == 0 {
				t.Fatalf("node 1 proposed in view 0, which it led before it lost its WAL")
			}
		}
		return tc.allHave(want, 1, 2, 3)()
	})
	if l := c.Leader(); l == 1 {
		t.Fatalf("node 1 leads again")
	}
	tc.sameChains(1, 2, 3)
}
