package consensus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hyperledger-labs/SmartBFT/pkg/api"
	smartbft "github.com/hyperledger-labs/SmartBFT/pkg/consensus"
	bft "github.com/hyperledger-labs/SmartBFT/pkg/types"
	"github.com/hyperledger-labs/SmartBFT/smartbftprotos"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/chain"
	"github.com/causeway/causeway/execution"
	"github.com/causeway/causeway/internal/testonly"
	"github.com/causeway/causeway/p2p/p2ppb"
	"github.com/causeway/causeway/store"
	"github.com/causeway/causeway/types"
)

// Ledger is the application the consensus orders blocks for, as package
// chain implements it: the committed chain it builds on, and the one way a
// certified block gets into it. A configuration change comes back as
// Apply's result; the consensus puts it in force itself.
type Ledger interface {
	// Head is the last committed block.
	Head() store.Head
	Block(height uint64) (*types.Block, error)
	// HasTx reports whether a transaction is committed (the replay set).
	HasTx(h types.Hash) (bool, error)
	// ConfigVersionAt is the version of the chain configuration in force
	// at height: the consensus rebuilds a stored block's decision with the
	// verification sequence it was decided with (SmartBFT compares the last
	// decisions of nodes in a view change).
	ConfigVersionAt(height uint64) (uint64, error)
	// Apply executes and durably commits b, at Head().Height+1 with its
	// commit quorum checked; txs are its transactions, decoded and with
	// their signatures verified.
	Apply(b *types.Block, txs []*types.DecodedTx) (*chain.Applied, error)
}

// Transport carries messages to peers and fetches blocks from them.
type Transport interface {
	Send(to uint64, m *p2ppb.PeerMessage) bool
	PeerHeight(ctx context.Context, id uint64) (uint64, error)
	FetchBlocks(ctx context.Context, id, from, to uint64, fn func(*types.Block) error) error
}

// Config configures a node's consensus. The zero values of Clock and WAL
// give a node's behaviour: the wall clock and SmartBFT's file WAL in WALDir.
type Config struct {
	SelfID  uint64
	Genesis *types.Genesis
	// Chain is the configuration in force at the committed head.
	Chain *types.ChainConfig
	// Signer is the node's consensus signing key (its signing certificate's
	// key); SetSigner replaces it after a certificate rotation.
	Signer types.Signer
	// WALDir holds SmartBFT's write-ahead log when WAL is nil.
	WALDir string
	// WAL is where SmartBFT's write-ahead log is kept; FileWAL(WALDir) if
	// nil. A MemoryWAL reused across Stop and Start keeps the replica's
	// protocol state, as a disk does.
	WAL    WALStorage
	Tuning Tuning
	Logger *slog.Logger
	// Clock gives the time of proposed and checked blocks and the tickers
	// that drive SmartBFT's heartbeats and view changes; SystemClock() if
	// nil.
	Clock Clock
	// Now, if set, replaces Clock's Now (block times only; the tickers stay
	// Clock's).
	Now func() time.Time
	// Txs is the node's cache of decoded, signature-checked transactions,
	// shared with admission (see execution.TxCache): a transaction is
	// decoded and its signatures verified once per node. A new one if nil.
	Txs *execution.TxCache
}

// Consensus is one node's SmartBFT replica with Causeway's adapter. It wires
// the roles SmartBFT calls, each a small type in its own file: the
// assembler (assembler.go), the verifier and request inspector
// (verifier.go), the signer (signer.go), the comm (comm.go), the
// application and membership notifier (application.go), and the
// synchronizer (sync.go, which Consensus implements itself). The roles are
// embedded, so Consensus still offers their methods (AssembleProposal,
// VerifyProposal, Deliver, ...), but SmartBFT is handed each role on its
// own.
type Consensus struct {
	cfg     Config
	suite   types.Suite
	chainID string
	ledger  Ledger
	net     Transport
	log     *slog.Logger
	clock   Clock
	wal     WALStorage
	// chain is the configuration in force, shared with the roles.
	chain *inForce
	// txs and checked are shared by the assembler and the verifier.
	txs     *execution.TxCache
	checked *atomic.Pointer[checkedProposal]

	*assembler
	*verifier
	*signer
	*application
	comm *comm

	// bft is the SmartBFT instance, replaced when the replica rejoins
	// (bftMu guards the pointer, not the calls).
	bft      *smartbft.Consensus
	instComm *instanceComm // the running instance's comm
	bftMu    sync.RWMutex
	tickers  []Ticker
	running  atomic.Bool
	// cancelStart ends a Start still waiting after a lost log (Stop).
	startMu     sync.Mutex
	cancelStart context.CancelFunc
	// life is held by Start, Stop and rejoin, one at a time. It is a
	// channel, not a mutex: a goroutine waiting for it is durably blocked
	// inside a testing/synctest bubble, as the simulator needs.
	life chan struct{}
	// stopped is set by Stop: a rejoin after it does nothing. rejoining
	// is set while the lag watch restarts the instance.
	stopped   atomic.Bool
	rejoining atomic.Bool
	// fwdDone ends the running instance's tick forwarder (see startBFT).
	fwdDone   chan struct{}
	lag       lagWatch
	rejoins   atomic.Uint64
	abandoned atomic.Uint64
	// syncMu serialises commits by Deliver and by sync.
	syncMu sync.Mutex
}

// New makes a replica; Start runs it.
func New(cfg Config, ledger Ledger, net Transport) (*Consensus, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Tuning == (Tuning{}) {
		cfg.Tuning = DefaultTuning()
	}
	if cfg.Chain == nil {
		cfg.Chain = cfg.Genesis.Config()
	}
	clock := cfg.Clock
	if clock == nil {
		clock = SystemClock()
	}
	if cfg.Now != nil {
		clock = nowClock{Clock: clock, now: cfg.Now}
	}
	walStore := cfg.WAL
	if walStore == nil {
		walStore = FileWAL(cfg.WALDir)
	}
	c := &Consensus{
		cfg: cfg, suite: cfg.Genesis.Suite(), chainID: cfg.Genesis.ChainID, ledger: ledger, net: net,
		log: cfg.Logger, clock: clock, wal: walStore, chain: &inForce{},
		txs: cfg.Txs, checked: &atomic.Pointer[checkedProposal]{},
	}
	if c.txs == nil {
		c.txs = execution.NewTxCache(c.suite, 0)
	}
	if err := c.Reconfigure(cfg.Chain); err != nil {
		return nil, err
	}
	rules := &txRules{chainID: c.chainID, ledger: ledger}
	c.verifier = &verifier{chainID: c.chainID, suite: c.suite, ledger: ledger, clock: clock, chain: c.chain,
		rules: rules, txs: c.txs, checked: c.checked}
	c.assembler = &assembler{selfID: cfg.SelfID, chainID: c.chainID, suite: c.suite, ledger: ledger, clock: clock,
		chain: c.chain, rules: rules, txs: c.txs, checked: c.checked, removeFromPool: c.removeFromPool, log: c.log}
	c.signer = newSigner(cfg.SelfID, c.chainID, c.suite, cfg.Signer)
	c.application = &application{ledger: ledger, txs: c.txs, log: c.log, mu: &c.syncMu, reconfig: c.putInForce}
	c.comm = &comm{net: net, chain: c.chain, log: c.log}
	c.life = make(chan struct{}, 1)
	return c, nil
}

// inForce is the chain configuration in force, shared by the roles: it
// changes when governance executes a change, from the next block on
// (Consensus.Reconfigure).
type inForce struct {
	com     atomic.Pointer[Committee]
	par     atomic.Pointer[types.ChainParams]
	version atomic.Uint64
}

func (f *inForce) committee() *Committee     { return f.com.Load() }
func (f *inForce) params() types.ChainParams { return *f.par.Load() }

// SetSigner makes s the node's consensus signing key from the next
// signature on: a node whose signing certificate governance rotated
// switches to the new key without a restart. Signatures already sent stay
// valid while the chain configuration still lists the old key (the
// rotation's overlap).
func (c *Consensus) SetSigner(s types.Signer) { c.signer.setKey(s) }

// Signer returns the signing key in use.
func (c *Consensus) Signer() types.Signer { return c.signer.key() }

// Reconfigure puts a new chain configuration in force: its node set signs
// and verifies the next blocks, its parameters bound them. The consensus
// library itself is reconfigured through Deliver's result.
func (c *Consensus) Reconfigure(cfg *types.ChainConfig) error {
	com, err := CommitteeOf(c.chainID, c.suite, cfg.Nodes)
	if err != nil {
		return err
	}
	params := cfg.Params
	c.chain.com.Store(com)
	c.chain.par.Store(&params)
	c.chain.version.Store(cfg.Version)
	return nil
}

func (c *Consensus) committee() *Committee { return c.chain.committee() }

// IsConsenter reports whether this node is in the current node set.
func (c *Consensus) IsConsenter() bool { return c.committee().Contains(c.cfg.SelfID) }

// Running reports whether the replica runs and takes part in consensus: a
// node that governance removed from the node set stops (SmartBFT evicts it).
func (c *Consensus) Running() bool { return c.running.Load() && c.IsConsenter() }

// putInForce puts a configuration that a committed block changed in force
// here, and returns SmartBFT's view of it.
func (c *Consensus) putInForce(cfg *types.ChainConfig) bft.Reconfig {
	if err := c.Reconfigure(cfg); err != nil {
		// The configuration passed execution's checks on every node; a
		// node set whose keys do not parse here cannot happen.
		c.log.Error("consensus: cannot put the new configuration in force", "version", cfg.Version, "err", err)
	}
	return c.reconfigOf(cfg)
}

// reconfigOf is SmartBFT's view of a configuration change.
func (c *Consensus) reconfigOf(cfg *types.ChainConfig) bft.Reconfig {
	return bft.Reconfig{InLatestDecision: true, CurrentNodes: cfg.NodeIDs(), CurrentConfig: bftConfig(c.cfg.SelfID, cfg.Params, c.cfg.Tuning)}
}

// Txs is the node's cache of decoded, signature-checked transactions.
func (c *Consensus) Txs() *execution.TxCache { return c.txs }

// Committee returns the consensus nodes and their keys.
func (c *Consensus) Committee() *Committee { return c.committee() }

// Start opens the WAL, restores the last decision from the ledger and
// starts SmartBFT, with two tickers of the clock (Tuning.Tick) driving its
// heartbeats and view changes.
func (c *Consensus) Start() error {
	if !c.IsConsenter() {
		return ErrNotConsenter
	}
	c.life <- struct{}{}
	defer func() { <-c.life }()
	c.stopped.Store(false)
	return c.startBFT()
}

// current is the running SmartBFT instance.
func (c *Consensus) current() *smartbft.Consensus {
	c.bftMu.RLock()
	defer c.bftMu.RUnlock()
	return c.bft
}

// startBFT starts a SmartBFT instance on the WAL and the ledger; life held.
func (c *Consensus) startBFT() error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c.startMu.Lock()
	c.cancelStart = cancel
	c.startMu.Unlock()
	lg := bftLogger{c.log.With("component", "smartbft")}
	w, entries, err := c.wal.Open(lg)
	if err != nil {
		return fmt.Errorf("consensus: %w", err)
	}
	if endsWithProposal(entries) && !testonly.StaleProposalRestored.Load() {
		// SmartBFT syncs when it starts, then restores the proposal in
		// flight without comparing it with what it synced: a replica
		// that catches up past that proposal then resumes at its old
		// sequence. Catch up first, so that restorable sees the height
		// SmartBFT will start at.
		_, _ = c.CatchUp(ctx)
	}
	t1 := c.clock.NewTicker(c.cfg.Tuning.Tick)
	t2 := c.clock.NewTicker(c.cfg.Tuning.Tick)
	c.tickers = []Ticker{t1, t2}
	if len(entries) == 0 && !testonly.AmnesiacLeaderLeads.Load() {
		join, err := c.awaitSuccessorAfterAmnesia(ctx, t1.C())
		if err == nil && join > 0 {
			entries, err = abdicate(w, join)
		}
		if err != nil {
			t1.Stop()
			t2.Stop()
			return err
		}
	}
	md, last, err := c.lastDecision()
	if err != nil {
		t1.Stop()
		t2.Stop()
		return err
	}
	restored, why := restorable(entries, c.ledger.Head().Height)
	if why != "" {
		c.log.Warn("consensus: the write-ahead log ends with a record SmartBFT cannot restore from; leaving it out",
			"height", c.ledger.Head().Height, "record", why)
	}
	if left, ok := leavingView(restored); ok {
		c.comm.muzzle(left)
	}
	if view, seq, dec, ok := viewInFlight(restored); ok && view > md.GetViewId() && seq > c.ledger.Head().Height && !testonly.ViewOfInFlightForgotten.Load() {
		// SmartBFT takes the view a replica starts in from its last
		// block, or from a log ending with a view change or a NewView
		// record. A proposal record truncates the log, so a replica
		// that crashed with a proposal of a later view in flight (a
		// view its peers changed to, in which nothing was decided yet)
		// restores that proposal into its view object while its
		// controller goes back to the old view: it takes the old
		// view's leader for the leader, tells every peer that asks
		// for its state the old view, and never takes part in the
		// view it was in (the simulator's seed 3074, where no view
		// could gather a quorum again). It starts in the proposal's
		// view: that view's NewView was valid, or it would not have
		// recorded the proposal. SmartBFT adds one to the decisions
		// it is given (the block's); the subtraction wraps for the
		// first proposal of a view (0), as SmartBFT's addition does.
		md = &smartbftprotos.ViewMetadata{ViewId: view, LatestSequence: md.GetLatestSequence(), DecisionsInView: dec - 1}
	}
	// SmartBFT's scheduler ticks come through a forwarder, which also
	// paces the lag watch (see checkLag).
	sched := make(chan time.Time, 1)
	ic := &instanceComm{comm: c.comm}
	b := &smartbft.Consensus{
		Config:             bftConfig(c.cfg.SelfID, c.chain.params(), c.cfg.Tuning),
		Application:        c.application,
		Assembler:          c.assembler,
		WAL:                w,
		WALInitialContent:  restored,
		Comm:               ic,
		Signer:             c.signer,
		Verifier:           c.verifier,
		MembershipNotifier: c.application,
		RequestInspector:   c.verifier,
		Synchronizer:       c,
		Logger:             lg,
		Metadata:           md,
		LastProposal:       last.Proposal,
		LastSignatures:     last.Signatures,
		Scheduler:          sched,
		ViewChangerTicker:  t2.C(),
	}
	c.bftMu.Lock()
	c.bft, c.instComm = b, ic
	c.bftMu.Unlock()
	if err := b.Start(); err != nil {
		t1.Stop()
		t2.Stop()
		return fmt.Errorf("consensus: %w", err)
	}
	if !testonly.ReconfigRestoresWAL.Load() {
		retireInitialContent(restored)
	}
	done := make(chan struct{})
	c.fwdDone = done
	c.lag = lagWatch{}
	go c.forwardTicks(t1.C(), sched, done)
	c.running.Store(true)
	c.comm.announceStart(c.cfg.SelfID)
	return nil
}

// forwardTicks hands the scheduler ticks to SmartBFT (dropping one it is
// not ready for, as a ticker does) and checks every lagCheckTicks ticks
// whether this replica fell behind the others for good.
func (c *Consensus) forwardTicks(in <-chan time.Time, out chan<- time.Time, done <-chan struct{}) {
	n := 0
	for {
		select {
		case <-done:
			return
		case now := <-in:
			select {
			case out <- now:
			default:
			}
			if n++; n%lagCheckTicks == 0 && c.lag.checking.CompareAndSwap(false, true) {
				go func() {
					defer c.lag.checking.Store(false)
					c.checkLag()
				}()
			}
		}
	}
}

// lagCheckTicks is how often (in scheduler ticks) the lag watch asks the
// peers for their heights; lagChecks is how many checks in a row must find
// this replica stuck before it rejoins.
const (
	lagCheckTicks = 10
	lagChecks     = 5
)

// lagWatch is the state of the lag watch.
type lagWatch struct {
	checking atomic.Bool
	height   uint64 // the local height at the last check
	stuck    int    // checks in a row that found this replica stuck
}

// checkLag makes a replica that fell behind for good rejoin.
//
// SmartBFT (v1.0.1) can leave a follower alone in a view change: late
// messages of an old view make it start one that no other replica joins,
// and it then ignores the view the others decide blocks in, syncing no
// more (the simulator's seed 260; the soak saw a node stay behind until it
// was restarted). A replica is stuck when its height has not moved for
// lagChecks checks while at least f+1 peers (so at least one honest one)
// report greater heights; it then stops its SmartBFT instance and starts a
// new one on its WAL and ledger, which catches up and resumes in the
// others' view.
func (c *Consensus) checkLag() {
	if c.stopped.Load() || !c.running.Load() {
		return
	}
	h := c.ledger.Head().Height
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	peers := c.peerHeights(ctx) // above h, highest first
	cancel()
	f := (len(c.committee().IDs()) - 1) / 3
	// At least f+1 peers (so at least one honest) are two blocks or more
	// ahead: a peer one block ahead is the normal state of a follower, and
	// a Byzantine peer may claim any height.
	ahead := 0
	if len(peers) > f && peers[f].height >= h+2 {
		ahead = len(peers)
	}
	if ahead > 0 && h == c.lag.height && !testonly.StuckReplicaStays.Load() {
		c.lag.stuck++
	} else {
		c.lag.stuck = 0
	}
	c.lag.height = h
	if c.lag.stuck < lagChecks {
		return
	}
	c.log.Warn("consensus: this replica is stuck behind the others; restarting its consensus instance",
		"height", h, "peers_ahead", ahead)
	c.rejoin()
}

// rejoin stops the SmartBFT instance and starts a new one.
func (c *Consensus) rejoin() {
	c.life <- struct{}{}
	defer func() { <-c.life }()
	if c.stopped.Load() || !c.running.Load() {
		return
	}
	c.rejoining.Store(true)
	defer c.rejoining.Store(false)
	// The requests waiting in the old instance's pool go to the new one
	// (the admission pool counts them as handed over).
	var carried [][]byte
	if b := c.current(); b != nil && b.Pool != nil {
		b.Pool.Prune(func(raw []byte) error {
			carried = append(carried, append([]byte(nil), raw...))
			return nil
		})
	}
	c.stopBFT()
	// Catch up first, so that the new instance starts where the others
	// are (its own start-up sync then commits nothing: a configuration
	// change committed there would wait for the lock its start holds).
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	_, _ = c.CatchUp(ctx)
	cancel()
	if err := c.startBFT(); err != nil {
		c.log.Error("consensus: restarting the consensus instance failed", "err", err)
		return
	}
	c.rejoins.Add(1)
	go func() {
		for _, raw := range carried {
			_ = c.Submit(raw) // committed meanwhile, or the pool is full: dropped
		}
	}()
}

// Rejoins counts the times the replica restarted its consensus instance
// because it was stuck behind the others.
func (c *Consensus) Rejoins() uint64 { return c.rejoins.Load() }

// stopBFT stops the running SmartBFT instance; life held.
//
// SmartBFT (v1.0.1) can deadlock so that its Stop never returns: when the
// view that decided a block is aborted while the controller delivers it,
// the controller waits for ever to hand the delivery over, the view
// changer waits for ever to abort the next view through the controller,
// and Stop first waits for the view changer (the soak's node that stayed
// behind, and whose lag-watch restart then hung). An instance that has not
// stopped after stopGrace is abandoned: its comm is retired, so that it
// can send nothing more, and its goroutines stay blocked where they are.
func (c *Consensus) stopBFT() {
	if !c.running.Swap(false) {
		return
	}
	// The instance stops while its ticks still come: a reconfiguration
	// it may be finishing waits for them.
	b, ic := c.current(), c.instComm
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		b.Stop()
	}()
	select {
	case <-stopped:
	case <-time.After(stopGrace):
		c.log.Error("consensus: the SmartBFT instance did not stop (a deadlock of SmartBFT v1.0.1 between delivering and aborting a view); abandoning it",
			"height", c.ledger.Head().Height, "waited", stopGrace)
		c.abandoned.Add(1)
	}
	ic.retired.Store(true)
	close(c.fwdDone)
	for _, t := range c.tickers {
		t.Stop()
	}
}

// stopGrace is how long stopBFT waits for a SmartBFT instance to stop.
const stopGrace = 10 * time.Second

// Abandoned counts the SmartBFT instances that did not stop and were
// abandoned (see stopBFT).
func (c *Consensus) Abandoned() uint64 { return c.abandoned.Load() }

// instanceComm is one SmartBFT instance's view of the comm: once retired
// (its instance stopped or was abandoned), it sends nothing.
type instanceComm struct {
	*comm
	retired atomic.Bool
}

// SendConsensus implements SmartBFT's Comm.
func (ic *instanceComm) SendConsensus(to uint64, msg *smartbftprotos.Message) {
	if !ic.retired.Load() {
		ic.comm.SendConsensus(to, msg)
	}
}

// SendTransaction implements SmartBFT's Comm.
func (ic *instanceComm) SendTransaction(to uint64, req []byte) {
	if !ic.retired.Load() {
		ic.comm.SendTransaction(to, req)
	}
}

// lastDecision is the last block's consensus metadata and decision, from
// which SmartBFT resumes; both are empty before the first block.
func (c *Consensus) lastDecision() (*smartbftprotos.ViewMetadata, bft.Decision, error) {
	md := &smartbftprotos.ViewMetadata{}
	head := c.ledger.Head()
	if head.Height == 0 {
		return md, bft.Decision{}, nil
	}
	b, err := c.ledger.Block(head.Height)
	if err != nil {
		return nil, bft.Decision{}, fmt.Errorf("consensus: last block: %w", err)
	}
	if err := proto.Unmarshal(b.ConsensusMetadata, md); err != nil {
		return nil, bft.Decision{}, fmt.Errorf("consensus: last block metadata: %w", err)
	}
	return md, c.storedDecision(b), nil
}

// awaitSuccessorAfterAmnesia keeps a replica that starts without its
// write-ahead log from leading the view it would resume in, and returns
// the view it must join instead (0: resume as usual).
//
// A replica with blocks but an empty log has lost its protocol state (a
// lost disk, a rebuilt node; a node that joined and never took part is
// treated alike). If it was the leader of the view its last block was
// decided in, it may already have proposed the next block in that view
// before it lost the log, and some followers may have prepared it. Were
// it to resume as that view's leader, it would propose the same sequence
// again with other contents: an equivocation it cannot know it makes.
// Followers split between the two proposals, and SmartBFT's view change
// (v1.0.1) counts an unprepared conflicting proposal as an argument
// against the prepared one, so no later view can settle the sequence and
// the chain stops for good (found by internal/sim).
//
// So such a replica first stays out, catching up from its peers every few
// ticks. If the chain moves past the height it resumed at (the others
// replaced it as leader and settled what it may have proposed), it resumes
// in their view. Otherwise it gives up the view it led, never to lead it
// again: once a quorum−1 of its peers asked to leave that view (they are
// changing views without it, and may need its view data to finish, as in
// the simulator's seeds 1275 and 7740), or once the others have had a
// heartbeat timeout and a view-change timeout to move on and did not.
// A replica that would resume as a follower starts at once: a follower
// cannot equivocate unless the leader does.
func (c *Consensus) awaitSuccessorAfterAmnesia(ctx context.Context, ticks <-chan time.Time) (uint64, error) {
	md, _, err := c.lastDecision()
	if err != nil {
		return 0, err
	}
	h0 := c.ledger.Head().Height
	com := c.committee()
	ids := com.IDs()
	if h0 == 0 || len(ids) < 2 || ids[md.ViewId%uint64(len(ids))] != c.cfg.SelfID {
		// Alone, there is nobody to equivocate to.
		return 0, nil
	}
	t := c.cfg.Tuning
	limit := int((t.HeartbeatTimeout + t.ViewChangeTimeout) / t.Tick)
	c.log.Warn("consensus: starting without a write-ahead log as the leader of the last block's view; "+
		"waiting for the others to decide the next block first", "height", h0, "view", md.ViewId,
		"at_most", t.HeartbeatTimeout+t.ViewChangeTimeout)
	for i := 1; ; i++ {
		select {
		case <-ctx.Done():
			return 0, types.Errorf(types.CodeUnavailable, "%v", ErrNotRunning)
		case <-ticks:
		}
		if i%5 == 0 {
			syncCtx, cancel := context.WithTimeout(ctx, 5*t.Tick)
			_, _ = c.CatchUp(syncCtx)
			cancel()
			if h := c.ledger.Head().Height; h > h0 {
				c.log.Info("consensus: the chain moved on without this replica; starting", "height", h)
				return 0, nil
			}
		}
		wanted := c.comm.wantedView(ids, c.cfg.SelfID, com.Quorum()-1)
		if testonly.AmnesiacLeaderResumes.Load() {
			if i < limit {
				continue
			}
			c.log.Warn("consensus: the chain did not move on without this replica; starting", "height", c.ledger.Head().Height)
			return 0, nil
		}
		if wanted > md.ViewId || i >= limit {
			join := viewToJoin(md.ViewId, wanted)
			c.log.Warn("consensus: giving up the view this replica led before it lost its write-ahead log",
				"height", c.ledger.Head().Height, "view", md.ViewId, "peers_want_view", wanted, "joining_view_change_to", join)
			return join, nil
		}
	}
}

// viewToJoin is the view change a replica that led view led and lost its
// log joins: the next view, or the later one that a quorum−1 of its peers
// want.
func viewToJoin(led, wanted uint64) uint64 { return max(led+1, wanted) }

// abdicate puts a view change to view join at the head of an empty
// write-ahead log, as SmartBFT records its own: the replica restores into
// that view change, votes to leave view join−1, and sends its view data to
// join's leader, as the others expect of a replica that stopped hearing
// from its leader. While SmartBFT restores it briefly runs view join−1
// (which it may lead); the comm sends nothing of a view it is leaving (see
// muzzle). The record is appended to the log, so a restart before anything
// else resumes the same way.
func abdicate(w api.WriteAheadLog, join uint64) ([][]byte, error) {
	// SmartBFT saves a view change with the view being left.
	rec, err := proto.Marshal(&smartbftprotos.SavedMessage{Content: &smartbftprotos.SavedMessage_ViewChange{
		ViewChange: &smartbftprotos.ViewChange{NextView: join - 1},
	}})
	if err != nil {
		return nil, fmt.Errorf("consensus: %w", err)
	}
	if err := w.Append(rec, true); err != nil {
		return nil, fmt.Errorf("consensus: write-ahead log: %w", err)
	}
	return [][]byte{rec}, nil
}

// Stop halts the replica. It is safe to call more than once.
func (c *Consensus) Stop() {
	c.stopped.Store(true)
	c.startMu.Lock()
	if c.cancelStart != nil {
		c.cancelStart()
	}
	c.startMu.Unlock()
	c.life <- struct{}{}
	defer func() { <-c.life }()
	c.stopBFT()
}

// ErrNotConsenter is returned by Start when this node is not in the node set
// (yet): a joining node syncs until governance has added it.
var ErrNotConsenter = errors.New("this node is not a consensus node of the chain")

// ErrNotRunning is returned when submitting to a stopped replica.
var ErrNotRunning = errors.New("consensus is not running")

// Submit adds a verified, canonical transaction to the ordering pool.
func (c *Consensus) Submit(raw []byte) error {
	if !c.running.Load() && c.rejoining.Load() {
		// The lag watch is restarting the instance: wait for it rather
		// than refuse the client (rejoin holds life until it is done).
		c.life <- struct{}{}
		<-c.life
	}
	if !c.running.Load() {
		return types.Errorf(types.CodeUnavailable, "%v", ErrNotRunning)
	}
	return submitError(c.current().SubmitRequest(raw))
}

// submitError types SmartBFT's refusals of a request. SmartBFT keeps its
// error values internal, so its messages are matched here, next to the
// library version they belong to, and nowhere else.
func submitError(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "already exists"), strings.Contains(msg, "already processed"):
		return types.Errorf(types.CodeDuplicate, "transaction is already pending or ordered")
	case strings.Contains(msg, "semaphore"):
		return types.Errorf(types.CodePoolFull, "the ordering pool is full; retry later")
	}
	return types.Errorf(types.CodeUnavailable, "consensus is not ready: %v", err)
}

// Prune removes from the pool the requests for which drop returns true.
func (c *Consensus) Prune(drop func(raw []byte) bool) {
	b := c.current()
	if !c.running.Load() || b == nil || b.Pool == nil {
		return
	}
	b.Pool.Prune(func(raw []byte) error {
		if drop(raw) {
			return errors.New("pruned")
		}
		return nil
	})
}

// removeFromPool removes requests from SmartBFT's pool, in the background:
// the assembler calls it from inside SmartBFT.
func (c *Consensus) removeFromPool(infos []bft.RequestInfo) {
	b := c.current()
	if b == nil || b.Pool == nil {
		return
	}
	go func() {
		for _, info := range infos {
			_ = b.Pool.RemoveRequest(info)
		}
	}()
}

// PoolSize returns how many requests wait for ordering.
func (c *Consensus) PoolSize() int {
	b := c.current()
	if !c.running.Load() || b == nil || b.Pool == nil {
		return 0
	}
	return b.Pool.Size()
}

// Leader returns the current leader's id, 0 if unknown.
func (c *Consensus) Leader() uint64 {
	if !c.running.Load() {
		return 0
	}
	return c.current().GetLeaderID()
}

func mustMarshal(m proto.Message) []byte {
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(m)
	if err != nil {
		panic(err)
	}
	return b
}
