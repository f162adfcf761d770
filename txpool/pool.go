package txpool

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/causeway/causeway/consensus"
	"github.com/causeway/causeway/p2p/p2ppb"
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
	Params  types.ChainParams
	// QueueSize bounds transactions waiting for verification.
	QueueSize int
	// MaxBatch bounds one verification batch.
	MaxBatch int
	// PruneEvery is how often pending transactions that expired or were
	// committed meanwhile are removed from the consensus pool.
	PruneEvery time.Duration
	Now        func() time.Time
	Logger     *slog.Logger
}

// Pool is a node's admission pipeline.
type Pool struct {
	cfg      Config
	ledger   Ledger
	orderer  Orderer
	gossip   Gossip
	verified *consensus.VerifiedSet
	log      *slog.Logger

	queue chan *item
	mu    sync.Mutex
	// pending maps admitted, not yet committed hashes to their expiry (ms).
	pending map[types.Hash]int64

	stop     chan struct{}
	wg       sync.WaitGroup
	admitted atomic.Uint64
	refused  atomic.Uint64
}

type item struct {
	d      *types.DecodedTx
	local  bool
	result chan error // nil for gossip
}

// New makes a pool; Start runs it.
func New(cfg Config, ledger Ledger, orderer Orderer, gossip Gossip, verified *consensus.VerifiedSet) *Pool {
	if cfg.QueueSize <= 0 {
		cfg.QueueSize = 20000
	}
	if cfg.MaxBatch <= 0 {
		cfg.MaxBatch = 1024
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
	return &Pool{cfg: cfg, ledger: ledger, orderer: orderer, gossip: gossip, verified: verified, log: cfg.Logger,
		queue: make(chan *item, cfg.QueueSize), pending: map[types.Hash]int64{}, stop: make(chan struct{})}
}

// Start runs the verifier and the pruner.
func (p *Pool) Start() {
	p.wg.Add(2)
	go p.verifyLoop()
	go p.pruneLoop()
}

// Stop halts the pool; queued submissions fail with CodeUnavailable.
func (p *Pool) Stop() {
	close(p.stop)
	p.wg.Wait()
}

// Stats returns how many transactions were admitted and refused.
func (p *Pool) Stats() (admitted, refused uint64) { return p.admitted.Load(), p.refused.Load() }

// Pending returns how many admitted transactions are not yet committed.
func (p *Pool) Pending() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.pending)
}

// Submit admits a client's transaction: it returns once the transaction is in
// the consensus pool (nil) or refused (*types.TxError).
func (p *Pool) Submit(ctx context.Context, raw []byte) (types.Hash, error) {
	d, err := p.precheck(raw)
	if err != nil {
		p.refused.Add(1)
		return types.Hash{}, err
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
// the hash against concurrent duplicates.
func (p *Pool) precheck(raw []byte) (*types.DecodedTx, error) {
	d, err := p.cfg.Suite.DecodeTx(raw, p.cfg.Params.MaxTxBytes)
	if err != nil {
		return nil, err
	}
	d.Raw = types.EncodeTx(d.Tx) // canonical bytes from here on
	if d.Body.ChainId != p.cfg.ChainID {
		return nil, types.Errorf(types.CodeWrongChain, "transaction is for chain %q, this node serves %q", d.Body.ChainId, p.cfg.ChainID)
	}
	if err := p.cfg.Params.TimeWindow().CheckTime(d.Body, p.cfg.Now().UnixMilli()); err != nil {
		return nil, err
	}
	committed, err := p.ledger.HasTx(d.Hash)
	if err != nil {
		return nil, types.Errorf(types.CodeUnavailable, "cannot read the ledger: %v", err)
	}
	if committed {
		return nil, types.Errorf(types.CodeDuplicate, "transaction %s is already committed", d.Hash)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.pending[d.Hash]; ok {
		return nil, types.Errorf(types.CodeDuplicate, "transaction %s is already pending", d.Hash)
	}
	p.pending[d.Hash] = d.Body.TimestampMs + d.Body.ValidityMs
	return d, nil
}

func (p *Pool) release(h types.Hash) {
	p.mu.Lock()
	delete(p.pending, h)
	p.mu.Unlock()
}

// Committed tells the pool that these transactions are in a block.
func (p *Pool) Committed(hashes []types.Hash) {
	p.mu.Lock()
	for _, h := range hashes {
		delete(p.pending, h)
	}
	p.mu.Unlock()
}

func (p *Pool) verifyLoop() {
	defer p.wg.Done()
	batch := make([]*item, 0, p.cfg.MaxBatch)
	for {
		batch = batch[:0]
		select {
		case <-p.stop:
			p.drain()
			return
		case it := <-p.queue:
			batch = append(batch, it)
		}
	fill:
		for len(batch) < p.cfg.MaxBatch {
			select {
			case it := <-p.queue:
				batch = append(batch, it)
			default:
				break fill
			}
		}
		p.admit(batch)
	}
}

func (p *Pool) admit(batch []*item) {
	txs := make([]*types.DecodedTx, len(batch))
	for i, it := range batch {
		txs[i] = it.d
	}
	errs := consensus.VerifySignatures(txs, p.verified)
	var gossip [][]byte
	for i, it := range batch {
		err := errs[i]
		if err == nil {
			err = p.orderer.Submit(it.d.Raw)
			if err != nil {
				err = submitError(err)
			}
		}
		if err == nil {
			p.admitted.Add(1)
			if it.local {
				gossip = append(gossip, it.d.Raw)
			}
		} else {
			p.release(it.d.Hash)
		}
		if it.result != nil {
			it.result <- err
		}
	}
	if len(gossip) > 0 && p.gossip != nil {
		p.gossip.Broadcast(&p2ppb.PeerMessage{Kind: &p2ppb.PeerMessage_Txs{Txs: &p2ppb.TxGossip{Txs: gossip}}})
	}
}

// submitError turns the consensus pool's refusals into typed errors.
func submitError(err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "already exists"), strings.Contains(msg, "already processed"):
		return types.Errorf(types.CodeDuplicate, "transaction is already pending or ordered")
	case strings.Contains(msg, "semaphore"):
		return types.Errorf(types.CodePoolFull, "the ordering pool is full; retry later")
	case errors.Is(err, consensus.ErrNotRunning), strings.Contains(msg, "no leader"), strings.Contains(msg, "closed"):
		return types.Errorf(types.CodeUnavailable, "consensus is not ready: %v", err)
	}
	return types.Errorf(types.CodeUnavailable, "%v", err)
}

func (p *Pool) drain() {
	for {
		select {
		case it := <-p.queue:
			if it.result != nil {
				it.result <- types.Errorf(types.CodeUnavailable, "node is stopping")
			}
		default:
			return
		}
	}
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
		seen, err := p.ledger.HasTx(d.Hash)
		return err == nil && seen
	})
}
