package store

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"sync/atomic"

	"github.com/causeway/causeway/types"
	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/bloom"
	"github.com/cockroachdb/pebble/v2/vfs"
)

// Store is a node's durable storage: the committed chain 0..head, its
// receipts and transaction index, the flat state after head, and metadata.
//
// A Store is safe for concurrent use by any number of readers and one
// committer (concurrent Commit calls are serialised, and all but the one
// extending the head are refused with ErrOutOfOrder). Reads outside a Snapshot
// always see whole blocks: a commit becomes visible all at once. Consecutive
// reads may straddle a commit; use Snapshot for several reads of one height.
type Store struct {
	db    *pebble.DB
	suite types.Suite

	// closeMu is held shared by every operation and exclusively by Close, so
	// that Close waits for operations in progress and later calls get ErrClosed.
	closeMu sync.RWMutex
	closed  bool

	// commitMu serialises Commit; failed is a sticky error set when a batch
	// failed to commit, after which the in-memory head may disagree with disk.
	commitMu sync.Mutex
	failed   error

	head atomic.Pointer[Head]

	snapMu sync.Mutex
	snaps  map[*Snapshot]struct{}

	// nodes caches state tree nodes (nil: no cache).
	nodes *nodeCache

	// fail records the first damage found on disk.
	fail *failure
}

// Head describes the last committed block.
type Head struct {
	// Height and Hash identify the block; TimeMs is its header time.
	Height uint64
	Hash   types.Hash
	TimeMs int64
	// StateRoot is the state commitment after executing the block and
	// ReceiptRoot the root of its receipts, as passed to Commit.
	StateRoot   []byte
	ReceiptRoot []byte
	// Empty is true when nothing was committed yet, not even block 0; all
	// other fields are then zero.
	Empty bool
}

// clone returns h with its roots copied.
func (h *Head) clone() Head {
	c := *h
	c.StateRoot = bytes.Clone(h.StateRoot)
	c.ReceiptRoot = bytes.Clone(h.ReceiptRoot)
	return c
}

// Option configures Open.
type Option func(*config)

type config struct {
	fs        vfs.FS
	cacheSize int64
	logger    *slog.Logger
	// tune, if set, adjusts Pebble's options last (tests only).
	tune  func(*pebble.Options)
	suite types.Suite
	// nodeCache is the state tree node cache's budget in bytes.
	nodeCache int64
	// onCorrupt is told of the first damage found (WithCorruptionHandler).
	onCorrupt func(*CorruptionError)
}

// WithFS makes the store use fs instead of the operating system's file
// system, e.g. vfs.NewMem() or vfs.NewCrashableMem() in tests.
func WithFS(fs vfs.FS) Option { return func(c *config) { c.fs = fs } }

// WithCacheSize sets the size in bytes of Pebble's block cache (default 64 MiB).
func WithCacheSize(bytes int64) Option { return func(c *config) { c.cacheSize = bytes } }

// WithLogger sends Pebble's log messages to l (default slog.Default()).
// Pebble's informational messages are logged at Debug level.
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// WithSuite sets the chain's crypto suite, whose hash computes the block and
// transaction hashes the store indexes (default types.Intl).
func WithSuite(s types.Suite) Option { return func(c *config) { c.suite = s } }

// withPebbleOptions lets tests tune Pebble (small memtables to force flushes).
func withPebbleOptions(f func(*pebble.Options)) Option { return func(c *config) { c.tune = f } }

// DefaultCacheSize is the block cache size used unless WithCacheSize is given.
const DefaultCacheSize = 64 << 20

// Open opens the store in dir, creating it if it does not exist. It recovers
// from a crash by replaying Pebble's write-ahead log, so the store comes back
// at the last block whose commit reached disk, and loads the head into memory.
// It fails with ErrCorrupt if dir holds a Pebble database that is not a store
// of a known schema version or whose head is inconsistent, and with a
// *CorruptionError naming the file when Pebble finds a damaged file. Damage
// found later (on reads, in compactions) is returned as a *CorruptionError by
// the read that met it and reported to WithCorruptionHandler; it never panics.
//
// Cost: Pebble's open and WAL replay (proportional to unflushed data), plus a
// few point reads.
func Open(dir string, opts ...Option) (*Store, error) {
	cfg := config{fs: vfs.Default, cacheSize: DefaultCacheSize, logger: slog.Default(), nodeCache: DefaultStateNodeCacheSize}
	for _, o := range opts {
		o(&cfg)
	}
	// Blocks of a few thousand transactions are about 1 MiB of batch;
	// larger memtables mean fewer flushes and less write amplification,
	// for at most 2 x 32 MiB of memory and a longer WAL replay on Open.
	const memTableSize = 32 << 20
	// Pebble reserves the memtables' memory (up to two of them) from the
	// block cache: size the cache so that cfg.cacheSize is left for blocks.
	// (Without this the 64 MiB default held no blocks at all once two
	// memtables were in use, and every point read went to the file system.)
	cache := pebble.NewCache(cfg.cacheSize + 2*memTableSize)
	defer cache.Unref()
	abs := dir
	if a, err := filepath.Abs(dir); err == nil && cfg.fs == vfs.Default {
		abs = a
	}
	fail := &failure{dir: abs, handler: cfg.onCorrupt}
	logger := pebbleLogger{l: cfg.logger, fail: fail}
	po := &pebble.Options{
		FS:                 cfg.fs,
		Cache:              cache,
		Logger:             logger,
		EventListener:      logger.events(),
		FormatMajorVersion: pebble.FormatNewest,
		MemTableSize:       memTableSize,
	}
	// Point lookups by hash dominate reads: bloom filters on every level.
	po.Levels[0].FilterPolicy = bloom.FilterPolicy(10)
	if cfg.tune != nil {
		cfg.tune(po)
	}
	db, err := pebble.Open(dir, po)
	if err != nil {
		if c := corruptionOf(abs, err); c != err {
			return nil, c
		}
		return nil, fmt.Errorf("store: open %s: %w", dir, err)
	}
	s := &Store{db: db, suite: cfg.suite, snaps: map[*Snapshot]struct{}{}, nodes: newNodeCache(cfg.nodeCache), fail: fail}
	if err := s.load(); err != nil {
		_ = db.Close()
		return nil, corruptionOf(abs, err)
	}
	return s, nil
}

// load checks the schema version and loads the head.
func (s *Store) load() error {
	ver, ok, err := getCopy(s.db, versionKey)
	if err != nil {
		return err
	}
	if !ok {
		it, err := s.db.NewIter(nil)
		if err != nil {
			return err
		}
		nonEmpty := it.First()
		if err := it.Close(); err != nil {
			return err
		}
		if nonEmpty {
			return corrupt("database has data but no schema version")
		}
		if err := s.db.Set(versionKey, []byte{schemaVersion}, pebble.Sync); err != nil {
			return fmt.Errorf("store: write schema version: %w", err)
		}
	} else if len(ver) != 1 || ver[0] != schemaVersion {
		return corrupt("schema version %x, this build reads version %d only (version 2 made the state root a sparse Merkle tree root): start from an empty data directory and sync", ver, schemaVersion)
	}
	head, err := readHead(s.db)
	if err != nil {
		return err
	}
	if !head.Empty {
		h, err := readBlockHash(s.db, head.Height)
		if err != nil {
			return corrupt("head block %d: %v", head.Height, err)
		}
		if h != head.Hash {
			return corrupt("head hash %s differs from indexed hash %s at height %d", head.Hash, h, head.Height)
		}
	}
	s.head.Store(&head)
	return nil
}

// Close waits for operations in progress, closes any Snapshot still open and
// closes the database. Every later call, including Close, returns ErrClosed.
// All committed blocks are already durable; Close adds no durability.
func (s *Store) Close() error {
	s.closeMu.Lock()
	defer s.closeMu.Unlock()
	if s.closed {
		return ErrClosed
	}
	s.closed = true
	s.snapMu.Lock()
	var err error
	for sn := range s.snaps {
		err = errors.Join(err, sn.snap.Close())
		sn.closed.Store(true)
		delete(s.snaps, sn)
	}
	s.snapMu.Unlock()
	return errors.Join(err, s.db.Close())
}

// acquire marks an operation in progress; every successful acquire must be
// followed by release.
func (s *Store) acquire() error {
	s.closeMu.RLock()
	if s.closed {
		s.closeMu.RUnlock()
		return ErrClosed
	}
	return nil
}

func (s *Store) release() { s.closeMu.RUnlock() }

// Head returns the last committed block's summary, or Head{Empty: true} if
// nothing was committed. It reads memory only (two small copies), never disk.
// A block is visible to every other read before Head reports it.
func (s *Store) Head() Head { return s.head.Load().clone() }

// SetMeta stores a small piece of node metadata (for example the genesis
// hash) under key, durably (one synced write) before returning. A nil value
// deletes key. Metadata is not part of any block and not covered by roots.
func (s *Store) SetMeta(key string, value []byte) error {
	if err := s.acquire(); err != nil {
		return err
	}
	defer s.release()
	if value == nil {
		return s.db.Delete(metaKey(key), pebble.Sync)
	}
	return s.db.Set(metaKey(key), value, pebble.Sync)
}

// GetMeta returns a copy of the metadata value under key, or (nil, nil) if
// none is set. A stored empty value is returned as a non-nil empty slice.
// Cost: one point read.
func (s *Store) GetMeta(key string) ([]byte, error) {
	if err := s.acquire(); err != nil {
		return nil, err
	}
	defer s.release()
	v, _, err := getCopy(s.db, metaKey(key))
	return v, err
}

// pebbleLogger adapts slog to Pebble's logger and turns Pebble's reports of
// damaged files into corruption reports instead of panics.
type pebbleLogger struct {
	l    *slog.Logger
	fail *failure
}

// events is Pebble's event listener: a damaged file found on any path
// (reads, compactions, table statistics) is reported once to the store's
// corruption handler; the operation that met it returns the error.
func (p pebbleLogger) events() *pebble.EventListener {
	return &pebble.EventListener{
		DataCorruption: func(info pebble.DataCorruptionInfo) {
			p.l.Debug("damaged file", "component", "pebble", "path", info.Path, "err", info.Details)
			p.fail.report(info.Details)
		},
		BackgroundError: func(err error) {
			if pebble.IsCorruptionError(err) {
				p.fail.report(err)
				return
			}
			p.l.Error("background error", "component", "pebble", "err", err)
		},
	}
}

func (p pebbleLogger) Infof(format string, args ...any) {
	p.l.Debug(fmt.Sprintf(format, args...), "component", "pebble")
}

func (p pebbleLogger) Errorf(format string, args ...any) {
	p.l.Error(fmt.Sprintf(format, args...), "component", "pebble")
}

// Fatalf handles a condition Pebble cannot recover from; it must not return.
// With a corruption handler (WithCorruptionHandler) it reports the condition
// there and parks the calling goroutine, so that the process ends with the
// handler's clear message instead of a stack trace; without one it panics.
func (p pebbleLogger) Fatalf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if p.fail.handler != nil {
		p.fail.report(corrupt("%s", oneLine(msg)))
		select {}
	}
	p.l.Error(msg, "component", "pebble", "fatal", true)
	panic("store: pebble fatal: " + msg)
}
