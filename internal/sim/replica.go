package sim

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/consensus"
	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/execution"
	"github.com/causeway/causeway/store"
	"github.com/causeway/causeway/txpool"
	"github.com/causeway/causeway/types"
)

// replica is one full node of the simulated cluster: store (Pebble on a
// crashable in-memory file system), execution, SmartBFT consensus and the
// admission pool, without listeners: its peers are reached through the
// simulated network (its endpoint).
//
// The application (executing and committing a block, the genesis block) is
// written here, in one place, so that it can be swapped for the chain
// package's once that exists.
type replica struct {
	id     uint64
	sim    *Sim
	g      *types.Genesis
	signer crypto.Key
	// fs holds the store; walDir SmartBFT's WAL (on disk: the WAL has no
	// file-system injection yet). Both survive a crash; a crash with data
	// loss replaces them.
	fs     *vfs.MemFS
	walDir string
	log    *slog.Logger

	store *store.Store
	exec  *execution.Executor
	cons  *consensus.Consensus
	pool  *txpool.Pool
	ep    *endpoint

	commitMu sync.Mutex
	chain    atomic.Pointer[types.ChainConfig]
	// up is whether it runs; the sim changes it under its mu.
	up bool

	// The two tick channels of SmartBFT (scheduler, view changer), fed by
	// the driver one after the other (see Sim.tick); ticking is whether
	// consensus runs on them, nextTick when the next tick is due.
	schedTicks, vcTicks chan time.Time
	ticking             bool
	nextTick            time.Time

	// joining is set for a node that joins by governance: until the node
	// set names it, it syncs from peers (every nextJoinTry), then starts
	// its consensus.
	joining     bool
	nextJoinTry time.Time
	catching    atomic.Bool
	// started is closed when the last start (on its own goroutine) returned.
	started chan struct{}
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// open opens the replica's store (initialising it from genesis when empty)
// and builds its parts; start runs them.
func (r *replica) open() error {
	st, err := store.Open("/db", store.WithFS(r.fs), store.WithLogger(quiet), store.WithCacheSize(1<<20), store.WithSuite(r.g.Suite()))
	if err != nil {
		return fmt.Errorf("replica %d: open store: %w", r.id, err)
	}
	r.store = st
	r.exec = &execution.Executor{ChainID: r.g.ChainID, Params: r.g.Params, Suite: r.g.Suite()}
	if err := r.initGenesis(); err != nil {
		st.Close()
		return fmt.Errorf("replica %d: genesis: %w", r.id, err)
	}
	chain, err := execution.ReadConfig(st)
	if err != nil || chain == nil {
		st.Close()
		return fmt.Errorf("replica %d: chain configuration: %v", r.id, err)
	}
	r.chain.Store(chain)
	if err := os.MkdirAll(r.walDir, 0o755); err != nil {
		return err
	}
	r.cons, err = consensus.New(consensus.Config{
		SelfID: r.id, Genesis: r.g, Chain: chain, Signer: r.signer, WALDir: r.walDir,
		Tuning: r.sim.tuning, Logger: r.log, Tickers: r.tickers,
	}, r, r.ep)
	if err != nil {
		st.Close()
		return err
	}
	r.pool = txpool.New(txpool.Config{ChainID: r.g.ChainID, Suite: r.g.Suite(), Params: r.g.Params,
		CurrentParams: func() types.ChainParams { return r.chainConfig().Params }, HeadTimeMs: st.Head().TimeMs,
		Logger: r.log}, r, orderer{r.cons}, r.ep, r.cons.Verified())
	return nil
}

// tickers implements consensus.Config.Tickers: the channels the driver
// feeds, made by the sim before it starts the replica (armTicks).
func (r *replica) tickers() (sched, vc <-chan time.Time, stop func()) {
	return r.schedTicks, r.vcTicks, func() { r.ticking = false }
}

// armTicks makes the tick channels and schedules the first tick. Each
// replica ticks at its own phase, so that two replicas' ticks, or a tick
// and a millisecond-aligned event, never coincide.
func (r *replica) armTicks() {
	r.schedTicks, r.vcTicks = make(chan time.Time, 1), make(chan time.Time, 1)
	r.ticking = true
	phase := time.Duration(r.id)*r.sim.tuning.Tick/time.Duration(len(r.sim.replicas)+1) + time.Duration(r.id)*371*time.Microsecond
	r.nextTick = time.Now().Add(phase)
}

// start runs the replica's parts (the sim marks it up).
//
// A consenter first catches up with its peers: SmartBFT syncs again when it
// starts, holding its consensus lock while it waits for state responses,
// and a configuration change committed by that sync makes its own
// goroutine wait for the same lock; inside a bubble that waiter would stop
// the clock for good (see holdBack).
func (r *replica) start() error {
	r.pool.Start()
	if r.cons.IsConsenter() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_, _ = r.cons.CatchUp(ctx)
		cancel()
		if err := r.cons.Start(); err != nil {
			return err
		}
	}
	return nil
}

// stop halts the replica and closes its store (the sim marked it down).
// A start still in progress (SmartBFT's start-up sync) finishes first.
func (r *replica) stop() {
	if r.started != nil {
		<-r.started
	}
	r.cons.Stop()
	r.pool.Stop()
	r.commitMu.Lock()
	r.store.Close()
	r.commitMu.Unlock()
}

func (r *replica) chainConfig() *types.ChainConfig { return r.chain.Load() }

// initGenesis commits block 0 on first start.
func (r *replica) initGenesis() error {
	if !r.store.Head().Empty {
		return nil
	}
	g := r.g
	writes, nodes, root, err := execution.GenesisState(g)
	if err != nil {
		return err
	}
	empty := g.Suite().ReceiptRoot(nil)
	gh := g.Hash()
	b := &types.Block{Header: &types.BlockHeader{
		ChainId: g.ChainID, Height: 0, PrevHash: gh.Bytes(), TimeMs: g.TimeMs,
		TxRoot: g.Suite().TxRoot(nil), StateRoot: root, ReceiptRoot: empty,
	}}
	return r.store.Commit(&store.Commit{Block: b, Writes: writes, StateNodes: nodes, StateRoot: root, ReceiptRoot: empty})
}

// Head implements consensus.Ledger.
func (r *replica) Head() store.Head { return r.store.Head() }

// Block implements consensus.Ledger.
func (r *replica) Block(height uint64) (*types.Block, error) { return r.store.Block(height) }

// HasTx implements consensus.Ledger and txpool.Ledger.
func (r *replica) HasTx(h types.Hash) (bool, error) { return r.store.HasTx(h) }

// CommitBlock implements consensus.Ledger: execute, commit with one synced
// write, put a configuration change in force, tell the pool and the sim.
func (r *replica) CommitBlock(b *types.Block) (*types.ChainConfig, error) {
	r.commitMu.Lock()
	defer r.commitMu.Unlock()
	head := r.store.Head()
	txs := make([]*types.DecodedTx, len(b.Txs))
	hashes := make([]types.Hash, len(b.Txs))
	for i, tx := range b.Txs {
		body := &types.TxBody{}
		if err := proto.Unmarshal(tx.Body, body); err != nil {
			return nil, fmt.Errorf("block %d tx %d: %w", b.Header.Height, i, err)
		}
		h := r.g.Suite().TxHash(tx)
		txs[i] = &types.DecodedTx{Tx: tx, Body: body, Hash: h}
		hashes[i] = h
	}
	res, err := r.exec.ExecuteBlock(r.store, head.StateRoot, b.Header, txs)
	if err != nil {
		return nil, err
	}
	if err := r.store.Commit(&store.Commit{Block: b, Receipts: res.Receipts, Writes: res.Writes, StateNodes: res.StateNodes, StateRoot: res.StateRoot, ReceiptRoot: res.ReceiptRoot}); err != nil {
		return nil, err
	}
	prev := r.chain.Load()
	if res.Config != nil {
		if err := r.cons.Reconfigure(res.Config); err != nil {
			return nil, err
		}
		r.chain.Store(res.Config)
	}
	r.pool.Committed(hashes)
	r.sim.committed(r, b, res.Receipts, prev, res.Config)
	return res.Config, nil
}

// ConfigVersionAt implements consensus.ConfigVersions.
func (r *replica) ConfigVersionAt(height uint64) (uint64, error) {
	snap, err := r.store.Snapshot()
	if err != nil {
		return 0, err
	}
	defer snap.Close()
	var best []byte
	prefix := []byte(execution.ConfigHistoryPrefix)
	err = snap.Scan(prefix, func(k, v []byte) error {
		rest := k[len(prefix):]
		if len(rest) == 8 && beUint64(rest) <= height {
			best = append(best[:0], v...)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	if best == nil {
		return r.g.Config().Version, nil
	}
	cfg, err := types.DecodeConfig(best)
	if err != nil {
		return 0, err
	}
	return cfg.Version, nil
}

func beUint64(b []byte) uint64 {
	var v uint64
	for _, c := range b {
		v = v<<8 | uint64(c)
	}
	return v
}
