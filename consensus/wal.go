package consensus

import (
	"errors"
	"fmt"
	"sync"

	"github.com/hyperledger-labs/SmartBFT/pkg/api"
	"github.com/hyperledger-labs/SmartBFT/pkg/wal"
	"github.com/hyperledger-labs/SmartBFT/smartbftprotos"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/internal/testonly"
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
// height of the ledger the replica resumes on, and why it left entries out
// ("" if it did not).
//
// Two shapes of log SmartBFT (v1.0.1) cannot restore from are cut short:
//
//   - A log that ends with a proposal record for a sequence the ledger
//     already holds (the replica crashed in the middle of that proposal,
//     and caught up past it from its peers before it started again).
//     SmartBFT restores the last proposal record as in flight without
//     comparing it with the ledger, so the replica would resume at that old
//     sequence: it refuses the others' proposals ("wrong digest"), and its
//     view data carries a stale in-flight proposal that makes every NewView
//     built from it invalid, so no view change completes (the simulator's
//     seed 3429). The decided proposal is no longer in flight: it is left
//     out.
//   - A log that ends with a commit vote right after a NewView record.
//     SmartBFT records its commit vote for the proposal a view change
//     carried over there, with no proposal record in between; restoring
//     such a log it expects a proposal record before the commit and panics
//     ("expected second last message to be a pre-prepare"), so a replica
//     that crashed there could never start again (seed 372). That trailing
//     commit is left out, and the log restores from the NewView before it.
//     When the ledger holds the block the vote was for, the vote is spent
//     (SmartBFT itself skips a commit record for a decided sequence). When
//     it does not, the replica forgets one commit vote for the proposal the
//     view change settled: it can only vote for that proposal again (a
//     later view carries the same prepared proposal), and is otherwise as a
//     replica that lost its log, which the others tolerate; a replica that
//     can never start is worse.
func restorable(entries [][]byte, height uint64) ([][]byte, string) {
	n := len(entries)
	if n == 0 {
		return entries, ""
	}
	last := &smartbftprotos.SavedMessage{}
	if err := proto.Unmarshal(entries[n-1], last); err != nil {
		return entries, ""
	}
	if last.GetViewChange() != nil && !testonly.InFlightForgottenInViewChange.Load() {
		if kept, seq, ok := inFlightBeforeViewChange(entries, height); ok {
			return kept, fmt.Sprintf("the view-change vote after the proposal in flight for sequence %d is left out, so that the proposal is restored", seq)
		}
	}
	if pp := last.GetProposedRecord().GetPrePrepare(); pp != nil && pp.Seq <= height {
		return entries[:n-1], fmt.Sprintf("a proposal for sequence %d, which the ledger already holds, is no longer in flight", pp.Seq)
	}
	commit := last.GetCommit().GetCommit()
	if commit == nil {
		return entries, ""
	}
	if n >= 2 {
		prev := &smartbftprotos.SavedMessage{}
		if err := proto.Unmarshal(entries[n-2], prev); err == nil && prev.GetProposedRecord().GetPrePrepare() != nil {
			return entries, "" // the shape SmartBFT restores
		}
	}
	if commit.Seq > height {
		return entries[:n-1], fmt.Sprintf("a commit vote right after a view change, for the undecided sequence %d, is forgotten", commit.Seq)
	}
	return entries[:n-1], fmt.Sprintf("a commit vote right after a view change, for the decided sequence %d, is spent", commit.Seq)
}

// inFlightBeforeViewChange looks through the view-change records that end
// a log for a proposal in flight before them: a proposal record, alone or
// followed by this replica's commit vote for it, for a sequence above
// height. It returns the log up to that proposal (or vote) and its
// sequence.
//
// SmartBFT (v1.0.1) restores the proposal in flight only from the last
// record of the log: a replica that crashed after it voted to leave a view
// restores the view change and forgets the proposal it had prepared, or
// even committed, there. Its view data then says nothing was in flight,
// and a new view formed from a quorum of such view data may put another
// proposal at that sequence: a fork with the replicas that had committed
// it (the simulator's seed 992: two replicas restarted so, and a third had
// lost its disk). Left out, the view-change vote is forgotten instead — a
// complaint the replica may make again, which cannot change what any
// quorum decided — and the proposal is restored with the replica's votes
// for it.
func inFlightBeforeViewChange(entries [][]byte, height uint64) ([][]byte, uint64, bool) {
	i := len(entries)
	for i > 0 {
		m := &smartbftprotos.SavedMessage{}
		if proto.Unmarshal(entries[i-1], m) != nil || m.GetViewChange() == nil {
			break
		}
		i--
	}
	if i == 0 || i == len(entries) {
		return nil, 0, false
	}
	m := &smartbftprotos.SavedMessage{}
	if proto.Unmarshal(entries[i-1], m) != nil {
		return nil, 0, false
	}
	if pp := m.GetProposedRecord().GetPrePrepare(); pp != nil && pp.Seq > height {
		return entries[:i], pp.Seq, true
	}
	if c := m.GetCommit().GetCommit(); c != nil && c.Seq > height && i >= 2 {
		prev := &smartbftprotos.SavedMessage{}
		if proto.Unmarshal(entries[i-2], prev) == nil && prev.GetProposedRecord().GetPrePrepare().GetSeq() == c.Seq && prev.GetProposedRecord().GetPrePrepare() != nil {
			return entries[:i], c.Seq, true
		}
	}
	return nil, 0, false
}

// retireInitialContent makes the write-ahead log content a SmartBFT
// instance started from restore nothing more, once it has.
//
// SmartBFT (v1.0.1) restores a replica's protocol state from the content
// it was started with, and again each time a committed block reconfigures
// it (each reconfiguration builds new components, which restore once
// more). By then that content is stale: if it ends with a proposal record,
// the reconfigured replica takes that long-decided proposal as in flight
// at its current sequence, refuses every proposal for that sequence as a
// wrong digest, and its view data (an in-flight proposal for an old
// sequence) makes every NewView built from it invalid: the chain stops
// (the simulator's seed 3429, where a node joined while another had
// restarted in the middle of a proposal). SmartBFT keeps the content in a
// slice that shares its elements with entries, so once Start has
// restored from it, its last record becomes a NewView record for view 0
// and sequence 0, which every later restore passes over: no proposal in
// flight, no view change to resume, and no view older than the current.
func retireInitialContent(entries [][]byte) {
	if len(entries) == 0 {
		return
	}
	neutral, err := proto.Marshal(&smartbftprotos.SavedMessage{Content: &smartbftprotos.SavedMessage_NewView{NewView: &smartbftprotos.ViewMetadata{}}})
	if err != nil {
		panic(err) // a constant message
	}
	entries[len(entries)-1] = neutral
}

// leavingView reports the view a write-ahead log ending with a view-change
// record leaves: SmartBFT restores such a log by starting that view, then
// joining the view change. (It records a view change with the view being
// left.)
func leavingView(entries [][]byte) (uint64, bool) {
	if len(entries) == 0 {
		return 0, false
	}
	last := &smartbftprotos.SavedMessage{}
	if err := proto.Unmarshal(entries[len(entries)-1], last); err != nil || last.GetViewChange() == nil {
		return 0, false
	}
	return last.GetViewChange().GetNextView(), true
}

// endsWithProposal reports whether a write-ahead log ends with a proposal
// record: the replica stopped with that proposal in flight.
func endsWithProposal(entries [][]byte) bool {
	if len(entries) == 0 {
		return false
	}
	last := &smartbftprotos.SavedMessage{}
	return proto.Unmarshal(entries[len(entries)-1], last) == nil && last.GetProposedRecord() != nil
}

// viewInFlight returns the view and sequence of the proposal a
// write-ahead log restores as in flight, and the decisions in view its
// metadata carries: the log
// ends with a proposal record, or with this replica's commit vote right
// after one (the two shapes SmartBFT restores a proposal from).
func viewInFlight(entries [][]byte) (view, seq, decisions uint64, ok bool) {
	n := len(entries)
	if n == 0 {
		return 0, 0, 0, false
	}
	last := &smartbftprotos.SavedMessage{}
	if proto.Unmarshal(entries[n-1], last) != nil {
		return 0, 0, 0, false
	}
	pp := last.GetProposedRecord().GetPrePrepare()
	if pp == nil && last.GetCommit().GetCommit() != nil && n >= 2 {
		prev := &smartbftprotos.SavedMessage{}
		if proto.Unmarshal(entries[n-2], prev) != nil {
			return 0, 0, 0, false
		}
		pp = prev.GetProposedRecord().GetPrePrepare()
	}
	if pp == nil {
		return 0, 0, 0, false
	}
	md := &smartbftprotos.ViewMetadata{}
	if proto.Unmarshal(pp.GetProposal().GetMetadata(), md) != nil {
		return 0, 0, 0, false
	}
	return pp.GetView(), pp.GetSeq(), md.GetDecisionsInView(), true
}
