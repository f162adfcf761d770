package consensus

import (
	"errors"
	"fmt"
	"sync"

	"github.com/hyperledger-labs/SmartBFT/pkg/api"
	"github.com/hyperledger-labs/SmartBFT/pkg/wal"
	"github.com/hyperledger-labs/SmartBFT/smartbftprotos"
	"google.golang.org/protobuf/proto"
)

// WALStorage is where a replica keeps SmartBFT's write-ahead log: the
// protocol state (the proposal in flight, its prepares and commits, view
// changes) that a replica must not forget across a crash, or it could vote
// twice. Start opens it once per run.
type WALStorage interface {
	// Open opens the log for appending and returns the entries it holds:
	// those appended by earlier runs since (and including) the last
	// truncation point. The entries are nil or empty for a new log.
	Open(lg api.Logger) (api.WriteAheadLog, [][]byte, error)
}

// FileWAL is SmartBFT's own file-based write-ahead log in dir, created if
// missing: every append is synced to disk before it returns. It is what a
// node uses (Config.WALDir).
func FileWAL(dir string) WALStorage { return fileWAL(dir) }

type fileWAL string

// walBufferBytes is the capacity of the buffer SmartBFT's file WAL
// allocates for every record it appends (a hint: a larger record grows it).
// Its default, 1 MiB, made zeroing that buffer a fifth of a replica's CPU
// time in the simulator; a proposal record is a few KiB.
const walBufferBytes = 64 << 10

func (d fileWAL) Open(lg api.Logger) (api.WriteAheadLog, [][]byte, error) {
	w, entries, err := wal.InitializeAndReadAll(lg, string(d), &wal.Options{BufferSizeBytes: walBufferBytes})
	if err != nil {
		return nil, nil, fmt.Errorf("WAL %s: %w", string(d), err)
	}
	return w, entries, nil
}

// MemoryWAL is a write-ahead log held in memory, for tests and simulations.
// Its entries belong to the MemoryWAL value, not to a run of the replica: a
// replica stopped (or crashed) and started again with the same MemoryWAL
// reads what it had appended, as a node restarted on its disk would; Drop
// empties it, as a lost disk. It keeps the same entries SmartBFT's file WAL
// would return: an entry appended as a truncation point discards every
// earlier one. A MemoryWAL is safe for concurrent use.
type MemoryWAL struct {
	mu      sync.Mutex
	entries [][]byte
	// gen counts Opens and Drops: a log opened before the latest one is
	// stale, and its appends are discarded, like the writes of a process
	// that crashed before they reached the disk.
	gen uint64
}

// NewMemoryWAL returns an empty in-memory write-ahead log.
func NewMemoryWAL() *MemoryWAL { return &MemoryWAL{} }

// Open implements WALStorage: it returns a copy of the entries held and a
// log that appends to them. Only the log returned by the latest Open
// appends; earlier ones (a stopped replica's) are silently ignored.
func (m *MemoryWAL) Open(api.Logger) (api.WriteAheadLog, [][]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gen++
	return &memoryLog{m: m, gen: m.gen}, copyEntries(m.entries), nil
}

// Entries returns a copy of the entries the next Open would return.
func (m *MemoryWAL) Entries() [][]byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	return copyEntries(m.entries)
}

// Drop forgets every entry, as if the disk holding the log were lost, and
// makes every log opened so far stale.
func (m *MemoryWAL) Drop() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.entries = nil
	m.gen++
}

func copyEntries(entries [][]byte) [][]byte {
	if len(entries) == 0 {
		return nil
	}
	out := make([][]byte, len(entries))
	for i, e := range entries {
		out[i] = append([]byte(nil), e...)
	}
	return out
}

type memoryLog struct {
	m   *MemoryWAL
	gen uint64
}

var errEmptyWALEntry = errors.New("data is nil or empty")

// Append implements api.WriteAheadLog: entry is stored (copied) after the
// others; when truncateTo is set, the entries before it are discarded.
func (l *memoryLog) Append(entry []byte, truncateTo bool) error {
	if len(entry) == 0 {
		return errEmptyWALEntry
	}
	l.m.mu.Lock()
	defer l.m.mu.Unlock()
	if l.gen != l.m.gen {
		return nil
	}
	e := append([]byte(nil), entry...)
	if truncateTo {
		l.m.entries = [][]byte{e}
	} else {
		l.m.entries = append(l.m.entries, e)
	}
	return nil
}

// restorable returns the WAL entries SmartBFT can restore from, given the
// height of the ledger the replica resumes on, and whether it left out a
// vote for a block the ledger does not hold yet.
//
// SmartBFT (v1.0.1) records its commit vote for the proposal a view change
// carried over right after the NewView record, with no proposal record in
// between; restoring a log that ends so, it expects a proposal record
// before the commit and panics ("expected second last message to be a
// pre-prepare"), so a replica that crashed there could never start again
// (the simulator's seed 372). That trailing commit is left out, and the
// log restores from the NewView before it. When the ledger holds the block
// the vote was for, the vote is spent (SmartBFT itself skips a commit
// record for a decided sequence). When it does not, the replica forgets one
// commit vote for the proposal the view change settled: it can only vote
// for that proposal again (a later view carries the same prepared
// proposal), and is otherwise as a replica that lost its log, which the
// others tolerate; a replica that can never start is worse.
func restorable(entries [][]byte, height uint64) ([][]byte, bool) {
	n := len(entries)
	if n == 0 {
		return entries, false
	}
	last := &smartbftprotos.SavedMessage{}
	if err := proto.Unmarshal(entries[n-1], last); err != nil {
		return entries, false
	}
	commit := last.GetCommit().GetCommit()
	if commit == nil {
		return entries, false
	}
	if n >= 2 {
		prev := &smartbftprotos.SavedMessage{}
		if err := proto.Unmarshal(entries[n-2], prev); err == nil && prev.GetProposedRecord().GetPrePrepare() != nil {
			return entries, false // the shape SmartBFT restores
		}
	}
	return entries[:n-1], commit.Seq > height
}
