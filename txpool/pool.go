package txpool

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/causeway/causeway/execution"
	"github.com/causeway/causeway/p2p/p2ppb"
	"github.com/causeway/causeway/sealing"
	"github.com/causeway/causeway/types"
)

// Orderer is the consensus pool that admitted transactions go to.
type Orderer interface {
	Submit(raw []byte) error
	Prune(drop func(raw []byte) bool)
}

// Ledger answers whether a transaction is committed.
type Ledger interface {
	HasTx(h types.Hash) (bool, error)
}

// Gossip sends admitted transactions to peers.
type Gossip interface {
	Broadcast(m *p2ppb.PeerMessage)
}

// Config configures a Pool.
type Config struct {
	ChainID string
	Suite   types.Suite
	// Params are the chain parameters applied at admission (size limit, time
	// window). CurrentParams, when set, is asked instead at each admission,
	// so that parameter changes by governance apply at once.
	Params        types.ChainParams
	CurrentParams func() types.ChainParams
	// QueueSize bounds transactions waiting for verification.
	QueueSize int
	// MaxBatch bounds one verification batch.
	MaxBatch int
	// Linger is how long the verifier waits for more transactions when a
	// batch is below MinBatch while the pool is busy (the previous batch
	// started less than 20 ms before): a batch of one Ed25519 signature costs
	// about 2.5 times as much per signature as one of 64. An idle pool never
	// waits. Zero means 3 ms; negative disables it.
	Linger   time.Duration
	MinBatch int
	// MaxGossip bounds the transactions of one gossip message, and
	// GossipDelay how long an admitted client transaction may wait to be
	// gossiped with others (zero means 3 ms, negative sends at once): fewer,
	// bigger messages cost less to send and to verify at the peers.
	MaxGossip   int
	GossipDelay time.Duration
	// HeadTimeMs is the time of the last block the ledger held when the pool
	// was made (0 if unknown): a transaction dated more than MaxFutureMs
	// after it cannot be in any earlier block, which spares its admission a
	// ledger read (see certainlyNew).
	HeadTimeMs int64
	// PruneEvery is how often pending transactions that expired or were
	// committed meanwhile are removed from the consensus pool.
	PruneEvery time.Duration
	Now        func() time.Time
	Logger     *slog.Logger
}

// Pool is a node's admission pipeline.
type Pool struct {
	cfg     Config
	ledger  Ledger
	orderer Orderer
	gossip  Gossip
	txs     *execution.TxCache
	log     *slog.Logger

	queue chan *item
	ready chan verifiedBatch
	mu    sync.Mutex
	// pending maps admitted (or being admitted), not yet committed hashes to
	// their expiry (ms).
	pending map[types.Hash]int64
	// recent holds what was committed since startMs (see precheck).
	recent  *recentCommits
	startMs int64

	// gossipMu guards the client transactions waiting to be gossiped.
	gossipMu    sync.Mutex
	gossipBuf   [][]byte
	gossipTimer *time.Timer

	stop        chan struct{}
	wg          sync.WaitGroup
	stopOnce    sync.Once
	admitted    atomic.Uint64
	refused     atomic.Uint64
	batches     atomic.Uint64
	verifiedTxs atomic.Uint64
}

type item struct {
	d      *types.DecodedTx
	local  bool
	result chan error // nil for gossip
}

// verifiedBatch is a batch whose signatures were checked, on its way to the
// consensus pool.
type verifiedBatch struct {
	items []*item
	errs  []error
}

// New makes a pool; Start runs it. txs is the node's transaction cache:
// admission decodes and verifies each transaction through it, once per node.
func New(cfg Config, ledger Ledger, orderer Orderer, gossip Gossip, txs *execution.TxCache) *Pool {
	if cfg.QueueSize <= 0 {
		cfg.QueueSize = 20000
	}
	if cfg.MaxBatch <= 0 {
		cfg.MaxBatch = 1024
	}
	if cfg.Linger == 0 {
		cfg.Linger = 3 * time.Millisecond
	}
	if cfg.MinBatch <= 0 {
		cfg.MinBatch = 64
	}
	if cfg.MaxGossip <= 0 {
		cfg.MaxGossip = 1024
	}
	if cfg.GossipDelay == 0 {
		cfg.GossipDelay = 3 * time.Millisecond
	}
	if cfg.PruneEvery <= 0 {
		cfg.PruneEvery = 2 * time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	p := &Pool{cfg: cfg, ledger: ledger, orderer: orderer, gossip: gossip, txs: txs, log: cfg.Logger,
		queue: make(chan *item, cfg.QueueSize), ready: make(chan verifiedBatch, 2),
		pending: map[types.Hash]int64{}, stop: make(chan struct{}), startMs: cfg.Now().UnixMilli()}
	p.recent = newRecentCommits(p.startMs, recentPeriod(p.params()))
	return p
}

// recentPeriod is the rotation period of the recent-commits filter: it
// keeps hashes at least two periods, which must cover the replay window
// (a transaction is valid at most MaxValidityMs after, and MaxFutureMs
// before, its timestamp), with a minute to spare for clock skew.
func recentPeriod(p types.ChainParams) int64 {
	return (p.MaxValidityMs+p.MaxFutureMs+p.BlockTimeDriftMs+60_000)/2 + 1
}

// Start runs the verifier, the submitter and the pruner.
func (p *Pool) Start() {
	p.wg.Add(3)
	go p.verifyLoop()
	go p.submitLoop()
	go p.pruneLoop()
}

// Stop halts the pool; queued submissions fail with CodeUnavailable. It is
// safe to call more than once.
func (p *Pool) Stop() {
	p.stopOnce.Do(func() { close(p.stop) })
	p.wg.Wait()
	p.flushGossip() // what was admitted reaches the peers
}

// Stats returns how many transactions were admitted and refused.
func (p *Pool) Stats() (admitted, refused uint64) { return p.admitted.Load(), p.refused.Load() }

// BatchStats returns how many verification batches ran and how many
// transactions they verified (their ratio is the mean batch size).
func (p *Pool) BatchStats() (batches, txs uint64) { return p.batches.Load(), p.verifiedTxs.Load() }

// Pending returns how many admitted transactions are not yet committed.
func (p *Pool) Pending() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.pending)
}

func (p *Pool) params() types.ChainParams {
	if p.cfg.CurrentParams != nil {
		return p.cfg.CurrentParams()
	}
	return p.cfg.Params
}

// Submit admits a client's transaction: it returns once the transaction is in
// the consensus pool (nil) or refused (*types.TxError).
func (p *Pool) Submit(ctx context.Context, raw []byte) (types.Hash, error) {
	d, err := p.precheck(raw)
	if err != nil {
		p.refused.Add(1)
		var h types.Hash
		if d != nil {
			h = d.Hash
		}
		return h, err
	}
	it := &item{d: d, local: true, result: make(chan error, 1)}
	select {
	case p.queue <- it:
	default:
		p.release(d.Hash)
		p.refused.Add(1)
		return d.Hash, types.Errorf(types.CodePoolFull, "the node's admission queue is full; retry later")
	}
	select {
	case err := <-it.result:
		if err != nil {
			p.refused.Add(1)
		}
		return d.Hash, err
	case <-p.stop:
		return d.Hash, types.Errorf(types.CodeUnavailable, "node is stopping")
	case <-ctx.Done():
		return d.Hash, ctx.Err()
	}
}

// HandleTxs admits transactions gossiped by a peer, without answering.
func (p *Pool) HandleTxs(from uint64, txs [][]byte) {
	for _, raw := range txs {
		d, err := p.precheck(raw)
		if err != nil {
			continue // committed, pending here, or invalid for this node: nothing to do
		}
		select {
		case p.queue <- &item{d: d}:
		default:
			p.release(d.Hash)
		}
	}
}

// precheck runs the checks that need no signature verification and reserves
// the hash against concurrent duplicates. It returns the decoded transaction
// with an error once the transaction is decoded (so that callers can report
// its hash).
func (p *Pool) precheck(raw []byte) (*types.DecodedTx, error) {
	params := p.params()
	d, err := p.txs.Decode(raw, params.MaxTxBytes)
	if err != nil {
		return nil, err
	}
	// The pool forwards d.Raw, the canonical bytes, from here on. The
	// pending set answers duplicates first, without a ledger read.
	p.mu.Lock()
	_, dup := p.pending[d.Hash]
	p.mu.Unlock()
	if dup {
		return d, types.Errorf(types.CodeDuplicate, "transaction %s is already pending", d.Hash)
	}
	committed := func(h types.Hash) (bool, error) {
		if p.certainlyNew(d, params) {
			return false, nil
		}
		return p.ledger.HasTx(h)
	}
	terr, err := execution.CheckTx(d, execution.TxContext{ChainID: p.cfg.ChainID, Window: params.TimeWindow(), TimeMs: p.cfg.Now().UnixMilli(), Committed: committed})
	if err != nil {
		return d, types.Errorf(types.CodeUnavailable, "cannot read the ledger: %v", err)
	}
	if terr != nil {
		return d, terr
	}
	if d.Body.Type == types.TxType_PROPOSE {
		// Refuse at once a proposal execution would refuse whatever the
		// state (a parameter out of its bounds, oversize or unprintable text).
		if terr := types.CheckProposalPayload(d.Body.Payload, params); terr != nil {
			return d, terr
		}
	}
	// A sealed payload whose envelope is malformed, of the other suite or
	// too large is refused whatever the state; its readers need the state
	// and are execution's to check.
	if sp, err := sealing.PayloadOf(d.Body); err == nil && sp != nil {
		if _, terr := sealing.CheckEnvelope(p.cfg.Suite, sp.Envelope, params.MaxTxBytes); terr != nil {
			return d, terr
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.pending[d.Hash]; ok {
		return d, types.Errorf(types.CodeDuplicate, "transaction %s is already pending", d.Hash)
	}
	p.pending[d.Hash] = d.Body.TimestampMs + d.Body.ValidityMs
	return d, nil
}

// certainlyNew reports whether d was certainly not committed, without
// reading the ledger. Every block this node commits goes through Committed,
// so the recent-commits filter knows everything committed here since the
// pool was made. A transaction committed earlier is in a block whose time is
// at least its timestamp minus MaxFutureMs (execution checks the time window
// at the block time) and at most the time of the head then (block times
// never decrease): so a transaction dated more than MaxFutureMs after that
// head cannot be in an earlier block, and if the filter does not hold it
// either, it was never committed. Without the head's time, the pool's start
// plus BlockTimeDriftMs and a minute for clock skew bounds those blocks'
// times. Older transactions, and filter hits, are checked in the ledger.
// (This only spares admission a read: proposals and execution check the
// ledger themselves.)
func (p *Pool) certainlyNew(d *types.DecodedTx, params types.ChainParams) bool {
	before := p.cfg.HeadTimeMs
	if before == 0 {
		before = p.startMs + params.BlockTimeDriftMs + 60_000
	}
	if d.Body.TimestampMs <= before+params.MaxFutureMs {
		return false
	}
	return !p.recent.mayContain(d.Hash)
}

func (p *Pool) release(h types.Hash) {
	p.mu.Lock()
	delete(p.pending, h)
	p.mu.Unlock()
}

// Committed tells the pool that these transactions are in a block. The node
// calls it for every block it commits, decided or synced.
func (p *Pool) Committed(hashes []types.Hash) {
	p.recent.add(p.cfg.Now().UnixMilli(), recentPeriod(p.params()), hashes)
	p.mu.Lock()
	for _, h := range hashes {
		delete(p.pending, h)
	}
	p.mu.Unlock()
}

// busyGap is the longest pause between batches after which the verifier
// still lingers for a bigger batch.
const busyGap = 20 * time.Millisecond

// verifyLoop drains the queue into batches and verifies their signatures;
// submitLoop hands the verified ones to consensus, so that the next batch is
// verified while the previous one is being submitted.
func (p *Pool) verifyLoop() {
	defer p.wg.Done()
	defer close(p.ready)
	var last time.Time // when the previous batch started
	for {
		var batch []*item
		select {
		case <-p.stop:
			return
		case it := <-p.queue:
			batch = append(make([]*item, 0, min(p.cfg.MaxBatch, len(p.queue)+1)), it)
		}
		first := time.Now()
		batch = p.fill(batch)
		if len(batch) < p.cfg.MinBatch && p.cfg.Linger > 0 && first.Sub(last) < busyGap {
			// Busy: wait briefly for more, for a cheaper batch.
			t := time.NewTimer(p.cfg.Linger)
		linger:
			for len(batch) < p.cfg.MinBatch {
				select {
				case it := <-p.queue:
					batch = append(batch, it)
					batch = p.fill(batch)
				case <-t.C:
					break linger
				case <-p.stop:
					break linger
				}
			}
			t.Stop()
		}
		last = first
		txs := make([]*types.DecodedTx, len(batch))
		for i, it := range batch {
			txs[i] = it.d
		}
		errs := p.txs.Verify(txs)
		p.batches.Add(1)
		p.verifiedTxs.Add(uint64(len(batch)))
		select {
		case p.ready <- verifiedBatch{items: batch, errs: errs}:
		case <-p.stop:
			p.fail(batch)
			return
		}
	}
}

// fill appends what is queued, up to MaxBatch.
func (p *Pool) fill(batch []*item) []*item {
	for len(batch) < p.cfg.MaxBatch {
		select {
		case it := <-p.queue:
			batch = append(batch, it)
		default:
			return batch
		}
	}
	return batch
}

func (p *Pool) submitLoop() {
	defer p.wg.Done()
	for vb := range p.ready {
		p.admit(vb)
	}
	// The verifier stopped: refuse what is still queued.
	for {
		select {
		case it := <-p.queue:
			p.fail([]*item{it})
		default:
			return
		}
	}
}

func (p *Pool) fail(items []*item) {
	for _, it := range items {
		p.release(it.d.Hash)
		if it.result != nil {
			it.result <- types.Errorf(types.CodeUnavailable, "node is stopping")
		}
	}
}

func (p *Pool) admit(vb verifiedBatch) {
	for i, it := range vb.items {
		err := vb.errs[i]
		if err == nil {
			if err = p.orderer.Submit(it.d.Raw); err != nil {
				err = submitError(err)
			}
		}
		if err == nil {
			p.admitted.Add(1)
			if it.local {
				p.toGossip(it.d.Raw)
			}
		} else {
			p.release(it.d.Hash)
		}
		if it.result != nil {
			it.result <- err
		}
	}
}

// toGossip queues an admitted client transaction for gossip to every peer,
// so that whichever node leads has it and none is lost if this node
// crashes. Transactions go out MaxGossip at a time, or GossipDelay after the
// first of a message was queued.
func (p *Pool) toGossip(raw []byte) {
	if p.gossip == nil {
		return
	}
	p.gossipMu.Lock()
	p.gossipBuf = append(p.gossipBuf, raw)
	var out [][]byte
	switch {
	case len(p.gossipBuf) >= p.cfg.MaxGossip || p.cfg.GossipDelay < 0:
		out = p.takeGossip()
	case p.gossipTimer == nil:
		p.gossipTimer = time.AfterFunc(p.cfg.GossipDelay, p.flushGossip)
	}
	p.gossipMu.Unlock()
	p.broadcast(out)
}

// takeGossip empties the gossip buffer; gossipMu is held.
func (p *Pool) takeGossip() [][]byte {
	out := p.gossipBuf
	p.gossipBuf = nil
	if p.gossipTimer != nil {
		p.gossipTimer.Stop()
		p.gossipTimer = nil
	}
	return out
}

func (p *Pool) flushGossip() {
	p.gossipMu.Lock()
	out := p.takeGossip()
	p.gossipMu.Unlock()
	p.broadcast(out)
}

func (p *Pool) broadcast(txs [][]byte) {
	if len(txs) == 0 {
		return
	}
	p.gossip.Broadcast(&p2ppb.PeerMessage{Kind: &p2ppb.PeerMessage_Txs{Txs: &p2ppb.TxGossip{Txs: txs}}})
}

// submitError types a refusal by the orderer: the orderer's own typed
// refusals (*types.TxError) pass through, anything else means the
// ordering service cannot take the transaction now.
func submitError(err error) error {
	var te *types.TxError
	if errors.As(err, &te) {
		return te
	}
	return types.Errorf(types.CodeUnavailable, "consensus cannot take the transaction now: %v", err)
}

func (p *Pool) pruneLoop() {
	defer p.wg.Done()
	t := time.NewTicker(p.cfg.PruneEvery)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			p.prune()
		}
	}
}

// prune forgets expired pending hashes and removes from the consensus pool
// transactions that expired or were committed (for instance through sync).
// A transaction still pending here was not committed by this node (commits
// remove it), so only the others need a ledger read.
func (p *Pool) prune() {
	now := p.cfg.Now().UnixMilli()
	p.mu.Lock()
	for h, exp := range p.pending {
		if exp < now {
			delete(p.pending, h)
		}
	}
	p.mu.Unlock()
	p.orderer.Prune(func(raw []byte) bool {
		d, err := p.cfg.Suite.DecodeTx(raw, 0)
		if err != nil {
			return true
		}
		if d.Body.TimestampMs+d.Body.ValidityMs < now {
			return true
		}
		p.mu.Lock()
		_, pending := p.pending[d.Hash]
		p.mu.Unlock()
		if pending {
			return false
		}
		seen, err := p.ledger.HasTx(d.Hash)
		return err == nil && seen
	})
}
