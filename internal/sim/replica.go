package sim

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync/atomic"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/causeway/causeway/chain"
	"github.com/causeway/causeway/consensus"
	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/store"
	"github.com/causeway/causeway/txpool"
	"github.com/causeway/causeway/types"
)

// replica is one full node of the simulated cluster: the application line
// (package chain: store on a crashable in-memory file system, execution),
// SmartBFT consensus and the admission pool, wired as node wires them but
// without listeners: its peers are reached through the simulated network
// (its endpoint).
type replica struct {
	id     uint64
	sim    *Sim
	g      *types.Genesis
	signer crypto.Key
	// fs holds the store; walDir SmartBFT's WAL (a file WAL in the test's
	// temporary folder). Both survive a crash; a crash with data loss
	// replaces them.
	fs     *vfs.MemFS
	walDir string
	log    *slog.Logger

	ledger *chain.Chain
	store  *store.Store // ledger.Store(), for reads
	cons   *consensus.Consensus
	pool   *txpool.Pool
	ep     *endpoint
	// cfg is the configuration in force before the block being applied.
	cfg *types.ChainConfig

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

// open opens the replica's store and application (initialising it from
// genesis when empty) and builds its parts as node does; start runs them.
func (r *replica) open() error {
	st, err := store.Open("/db", store.WithFS(r.fs), store.WithLogger(quiet), store.WithCacheSize(1<<20), store.WithSuite(r.g.Suite()))
	if err != nil {
		return fmt.Errorf("replica %d: open store: %w", r.id, err)
	}
	ledger, err := chain.Open(st, r.g, chain.Options{Logger: r.log})
	if err != nil {
		st.Close()
		return fmt.Errorf("replica %d: %w", r.id, err)
	}
	r.ledger, r.store, r.cfg = ledger, st, ledger.Config()
	if err := os.MkdirAll(r.walDir, 0o755); err != nil {
		return err
	}
	r.cons, err = consensus.New(consensus.Config{
		SelfID: r.id, Genesis: r.g, Chain: r.cfg, Signer: r.signer, WALDir: r.walDir,
		Tuning: r.sim.tuning, Logger: r.log, Clock: &tickClock{r: r}, Txs: ledger.TxCache(),
	}, ledger, r.ep)
	if err != nil {
		ledger.Close()
		return err
	}
	r.pool = txpool.New(txpool.Config{ChainID: r.g.ChainID, Suite: r.g.Suite(), Params: r.g.Params,
		CurrentParams: func() types.ChainParams { return r.chainConfig().Params }, HeadTimeMs: st.Head().TimeMs,
		Logger: r.log}, ledger, orderer{r.cons}, r.ep, ledger.TxCache())
	ledger.OnApply(func(a *chain.Applied) {
		prev := r.cfg
		if a.Config != nil {
			r.cfg = a.Config
		}
		r.pool.Committed(a.Hashes)
		r.sim.committed(r, a.Block, a.Receipts, prev, a.Config)
	})
	return nil
}

// tickClock is the replica's consensus.Clock: the bubble's time, and as
// tickers the two channels the driver feeds (made by the sim before it
// starts the replica, see armTicks): consensus asks for its scheduler's
// ticker first and its view changer's second.
type tickClock struct {
	r *replica
	n int
}

func (k *tickClock) Now() time.Time { return time.Now() }

func (k *tickClock) NewTicker(time.Duration) consensus.Ticker {
	k.n++
	// A replica that restarts its consensus instance (the lag watch)
	// stopped its tickers: the driver feeds them again.
	k.r.ticking = true
	if k.n%2 == 1 {
		return simTicker{c: k.r.schedTicks, r: k.r}
	}
	return simTicker{c: k.r.vcTicks, r: k.r}
}

type simTicker struct {
	c chan time.Time
	r *replica
}

func (t simTicker) C() <-chan time.Time { return t.c }
func (t simTicker) Stop()               { t.r.ticking = false }

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
		// A node removed from the node set while it was down learns it
		// by catching up: it stays a non-consenter, as a node does.
		if !r.cons.IsConsenter() {
			return nil
		}
		if err := r.cons.Start(); err != nil {
			return err
		}
	}
	return nil
}

// stop halts the replica and closes its store (the sim marked it down).
// A start still in progress (SmartBFT's start-up sync) finishes first.
func (r *replica) stop() {
	// While it stops, the replica's ticks come from a ticker of its own:
	// the driver, which feeds them otherwise, waits here, and SmartBFT's
	// view changer may be waiting for two ticks before it can stop.
	ticking := make(chan struct{})
	defer close(ticking)
	go func() {
		t := time.NewTicker(r.sim.tuning.Tick)
		defer t.Stop()
		for {
			select {
			case <-ticking:
				return
			case now := <-t.C:
				for _, ch := range []chan time.Time{r.schedTicks, r.vcTicks} {
					select {
					case ch <- now:
					default:
					}
				}
			}
		}
	}()
	if r.started != nil {
		<-r.started
	}
	// Stop takes SmartBFT's consensus lock: wait (in simulated time) for a
	// reconfiguration holding it to finish, rather than for the lock.
	for i := 0; i < 600 && reconfiguring(r.cons); i++ {
		time.Sleep(r.sim.tuning.Tick / 10)
	}
	r.cons.Stop()
	r.pool.Stop()
	r.ledger.Close()
}

func (r *replica) chainConfig() *types.ChainConfig { return r.ledger.Config() }
