package node

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"sync/atomic"

	"github.com/causeway/causeway/store"
	"github.com/causeway/causeway/types"
)

// StorageCheckQuick, as a configuration's storage_check, skips the full
// verification of the ledger at start (see Config.StorageCheck).
const StorageCheckQuick = "quick"

// failSignal tells the node's runner that the ledger was found damaged while
// the node ran (a read, a commit or a background compaction met a bad file).
type failSignal struct {
	once sync.Once
	ch   chan struct{}
	err  atomic.Pointer[store.CorruptionError]
}

func newFailSignal() *failSignal { return &failSignal{ch: make(chan struct{})} }

func (f *failSignal) corrupted(ce *store.CorruptionError) {
	f.err.CompareAndSwap(nil, ce)
	f.once.Do(func() { close(f.ch) })
}

// Failed returns a channel that is closed when the node finds its ledger
// damaged while running. The node cannot go on safely: its runner should
// report Failure and end the process (`causeway node start` does, with one
// line naming the file and the remedy).
func (n *Node) Failed() <-chan struct{} { return n.fail.ch }

// Failure returns the damage that closed Failed, or nil.
func (n *Node) Failure() *store.CorruptionError { return n.fail.err.Load() }

// LedgerDir is the folder of a node's ledger (Pebble files) inside its data
// folder.
func LedgerDir(cfg *Config) string { return filepath.Join(cfg.DataDir, "ledger") }

// openLedger opens the node's store and, unless the configuration asks for a
// quick check only, verifies every table checksum and the blocks' hash chain
// (store.Verify). Damage is returned as a *store.CorruptionError naming the
// file.
func openLedger(cfg *Config, g *types.Genesis, fail *failSignal) (*store.Store, error) {
	st, err := store.Open(LedgerDir(cfg), store.WithSuite(g.Suite()), store.WithCorruptionHandler(fail.corrupted))
	if err != nil {
		return nil, ledgerError(cfg, err)
	}
	if cfg.StorageCheck != StorageCheckQuick {
		if err := st.Verify(context.Background(), nil); err != nil {
			st.Close()
			return nil, ledgerError(cfg, err)
		}
	}
	return st, nil
}

// ledgerError turns any sign of damaged storage in err into a
// *store.CorruptionError (naming the ledger folder when no single file is
// known), so that callers can test for it with errors.As.
func ledgerError(cfg *Config, err error) error {
	if err == nil {
		return nil
	}
	var ce *store.CorruptionError
	if errors.As(err, &ce) {
		return ce
	}
	if errors.Is(err, store.ErrCorrupt) {
		return &store.CorruptionError{File: LedgerDir(cfg), Reason: err.Error(), Err: err}
	}
	return err
}
