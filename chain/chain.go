package chain

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"

	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/execution"
	"github.com/causeway/causeway/execution/evm"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/store"
	"github.com/causeway/causeway/types"
)

// ErrGenesisMismatch is returned when the store belongs to another chain.
var ErrGenesisMismatch = errors.New("data directory holds a different chain's genesis")

// Chain is one node's application: the committed ledger and the state, and
// the only way blocks get into them. It is safe for concurrent use; Apply
// calls are serialised.
type Chain struct {
	genesis *types.Genesis
	suite   types.Suite
	store   *store.Store
	exec    *execution.Executor
	txs     *execution.TxCache
	log     *slog.Logger

	mu        sync.Mutex // serialises Apply and Close
	closed    bool
	config    atomic.Pointer[types.ChainConfig]
	observers []func(*Applied)
	events    *events
}

// Options adjust a Chain.
type Options struct {
	Logger *slog.Logger
	// TxCache is the node's cache of decoded transactions (see
	// execution.TxCache); Apply decodes the transactions of blocks given
	// without them through it. A new one is made when nil.
	TxCache *execution.TxCache
}

// Open opens the application over st: on first use it commits the genesis
// block (block 0, the genesis state); later it checks that st holds this
// genesis. It reads the configuration in force at the committed head.
func Open(st *store.Store, g *types.Genesis, opts Options) (*Chain, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.TxCache == nil {
		opts.TxCache = execution.NewTxCache(g.Suite(), 0)
	}
	c := &Chain{
		genesis: g, suite: g.Suite(), store: st, txs: opts.TxCache, log: opts.Logger,
		exec:   &execution.Executor{ChainID: g.ChainID, Params: g.Params, Suite: g.Suite()},
		events: newEvents(),
	}
	if err := c.initGenesis(); err != nil {
		return nil, err
	}
	cfg, err := state.ReadConfig(st)
	if err != nil {
		return nil, fmt.Errorf("chain configuration: %w", err)
	}
	if cfg == nil {
		return nil, errors.New("chain configuration: missing from the state")
	}
	c.config.Store(cfg)
	return c, nil
}

// initGenesis commits block 0 on first start and checks the genesis on later ones.
func (c *Chain) initGenesis() error {
	gh := c.genesis.Hash()
	stored, err := c.store.GetMeta("genesis_hash")
	if err != nil {
		return err
	}
	if stored != nil {
		if string(stored) != string(gh[:]) {
			return fmt.Errorf("%w: stored %x, configured %s", ErrGenesisMismatch, stored, gh)
		}
		if !c.store.Head().Empty {
			return nil
		}
	}
	writes, nodes, root, err := execution.GenesisState(c.genesis)
	if err != nil {
		return fmt.Errorf("genesis state: %w", err)
	}
	empty := c.suite.ReceiptRoot(nil)
	b := &types.Block{Header: &types.BlockHeader{
		ChainId: c.genesis.ChainID, Height: 0, PrevHash: gh.Bytes(), TimeMs: c.genesis.TimeMs,
		TxRoot: c.suite.TxRoot(nil), StateRoot: root, ReceiptRoot: empty,
	}}
	if err := c.store.SetMeta("genesis_hash", gh.Bytes()); err != nil {
		return err
	}
	return c.store.Commit(&store.Commit{Block: b, Writes: writes, StateNodes: nodes, StateRoot: root, ReceiptRoot: empty})
}

// Genesis returns the chain's genesis.
func (c *Chain) Genesis() *types.Genesis { return c.genesis }

// Store returns the committed ledger for reads. Writes go through Apply only.
func (c *Chain) Store() *store.Store { return c.store }

// TxCache returns the node's cache of decoded transactions.
func (c *Chain) TxCache() *execution.TxCache { return c.txs }

// Head is the last committed block.
func (c *Chain) Head() store.Head { return c.store.Head() }

// Block returns the committed block at height.
func (c *Chain) Block(height uint64) (*types.Block, error) { return c.store.Block(height) }

// HasTx reports whether a transaction with hash h is committed: the replay set.
func (c *Chain) HasTx(h types.Hash) (bool, error) { return c.store.HasTx(h) }

// Config returns the chain configuration in force at the committed head.
func (c *Chain) Config() *types.ChainConfig { return c.config.Load() }

// Applied is what applying a block did.
type Applied struct {
	Block *types.Block
	// Txs are the block's transactions, decoded, and Hashes their hashes.
	Txs    []*types.DecodedTx
	Hashes []types.Hash
	// Receipts are the transactions' receipts, in block order.
	Receipts []*types.Receipt
	// Config is the chain configuration the block put in force, from the
	// next block on; nil when the block did not change it.
	Config *types.ChainConfig
}

// OnApply registers fn to be called with every block applied from now on,
// after it is durable and before Apply returns, in registration order and
// before clients waiting for its transactions are woken. The node registers
// what must follow a commit (the transaction pool's view, the TLS trust of a
// new configuration, metrics); fn must not call Apply.
func (c *Chain) OnApply(fn func(*Applied)) {
	c.mu.Lock()
	c.observers = append(c.observers, fn)
	c.mu.Unlock()
}

// ErrClosed is returned by Apply after Close.
var ErrClosed = errors.New("chain: closed")

// Apply executes b, a certified block at Head().Height+1, and commits it
// with its results in one synced write: when Apply returns nil, the block
// survives a crash. txs are b's transactions already decoded (with their
// signatures verified) by whoever certified the block, in block order; nil
// decodes them through the transaction cache. The caller must have checked
// b's certificate (its quorum of signatures) and its transactions'
// signatures: Apply executes what it is given.
//
// When the block changes the chain configuration, Applied.Config is the new
// configuration, already in force for Config() when Apply returns; the
// caller (consensus) reconfigures itself from it.
func (c *Chain) Apply(b *types.Block, txs []*types.DecodedTx) (*Applied, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, ErrClosed
	}
	head := c.store.Head()
	if b == nil || b.Header == nil {
		return nil, errors.New("chain: nil block")
	}
	if b.Header.Height != head.Height+1 {
		return nil, fmt.Errorf("chain: block %d does not follow the head %d", b.Header.Height, head.Height)
	}
	if txs == nil {
		var err error
		if txs, err = c.decode(b); err != nil {
			return nil, err
		}
	}
	if len(txs) != len(b.Txs) {
		return nil, fmt.Errorf("chain: block %d has %d transactions, %d decoded", b.Header.Height, len(b.Txs), len(txs))
	}
	hashes := make([]types.Hash, len(txs))
	for i, d := range txs {
		hashes[i] = d.Hash
	}
	res, err := c.exec.ExecuteBlock(c.store, head.StateRoot, b.Header, txs)
	if err != nil {
		return nil, err
	}
	if err := c.store.Commit(&store.Commit{Block: b, Receipts: res.Receipts, Writes: res.Writes, StateNodes: res.StateNodes, StateRoot: res.StateRoot, ReceiptRoot: res.ReceiptRoot}); err != nil {
		return nil, err
	}
	if res.Config != nil {
		c.config.Store(res.Config)
		c.log.Info("chain configuration changed", "height", b.Header.Height, "version", res.Config.Version, "nodes", res.Config.NodeIDs())
	}
	a := &Applied{Block: b, Txs: txs, Hashes: hashes, Receipts: res.Receipts, Config: res.Config}
	for _, fn := range c.observers {
		fn(a)
	}
	c.events.publish(b, hashes)
	return a, nil
}

// decode decodes a block's transactions (a synced or replayed block).
func (c *Chain) decode(b *types.Block) ([]*types.DecodedTx, error) {
	txs := make([]*types.DecodedTx, len(b.Txs))
	for i, tx := range b.Txs {
		d, err := c.txs.Decode(types.EncodeTx(tx), 0)
		if err != nil {
			// Certified blocks hold only transactions that decode (proposals
			// are refused otherwise); should one not, execution gives it a
			// FAILED receipt rather than stall the chain.
			body := &types.TxBody{}
			if proto.Unmarshal(tx.Body, body) != nil {
				body = nil
			}
			d = &types.DecodedTx{Tx: tx, Body: body, Hash: c.suite.TxHash(tx)}
		}
		txs[i] = d
	}
	return txs, nil
}

// Wait returns a channel closed when the transaction h commits (or the
// chain closes), and a function to stop waiting.
func (c *Chain) Wait(h types.Hash) (<-chan struct{}, func()) { return c.events.wait(h) }

// Subscribe delivers the blocks committed from now on until ctx ends. A
// subscriber that lags by more than 1024 blocks is dropped (its channel
// closes).
func (c *Chain) Subscribe(ctx context.Context) <-chan *types.Block { return c.events.subscribe(ctx) }

// Close stops Apply, wakes every waiter and closes the store. Committed
// blocks are durable.
func (c *Chain) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil
	}
	c.closed = true
	c.events.close()
	return c.store.Close()
}

// Query runs a read-only contract call on the state at the committed head
// (as if in a block after it), and returns its result with the head's
// height. Nothing is written.
func (c *Chain) Query(from types.Hash, to, input []byte, gasLimit uint64) (*evm.Result, uint64, error) {
	sn, err := c.store.Snapshot()
	if err != nil {
		return nil, 0, err
	}
	defer sn.Close()
	head := sn.Head()
	blk, err := sn.Block(head.Height)
	if err != nil {
		return nil, 0, err
	}
	res, err := c.exec.Query(sn, blk.Header, from, to, input, gasLimit)
	return res, head.Height, err
}
