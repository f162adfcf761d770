package consensus

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hyperledger-labs/SmartBFT/smartbftprotos"
	"google.golang.org/protobuf/proto"
)

func savedBytes(t *testing.T, m *smartbftprotos.SavedMessage) []byte {
	t.Helper()
	b, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func savedProposal(t *testing.T, seq uint64) []byte {
	return savedBytes(t, &smartbftprotos.SavedMessage{Content: &smartbftprotos.SavedMessage_ProposedRecord{
		ProposedRecord: &smartbftprotos.ProposedRecord{PrePrepare: &smartbftprotos.PrePrepare{Seq: seq, Proposal: &smartbftprotos.Proposal{}}}}})
}

func savedCommit(t *testing.T, seq uint64) []byte {
	return savedBytes(t, &smartbftprotos.SavedMessage{Content: &smartbftprotos.SavedMessage_Commit{
		Commit: &smartbftprotos.Message{Content: &smartbftprotos.Message_Commit{Commit: &smartbftprotos.Commit{Seq: seq}}}}})
}

func savedViewChange(t *testing.T, left uint64) []byte {
	return savedBytes(t, &smartbftprotos.SavedMessage{Content: &smartbftprotos.SavedMessage_ViewChange{
		ViewChange: &smartbftprotos.ViewChange{NextView: left}}})
}

func savedNewView(t *testing.T, seq uint64) []byte {
	return savedBytes(t, &smartbftprotos.SavedMessage{Content: &smartbftprotos.SavedMessage_NewView{
		NewView: &smartbftprotos.ViewMetadata{ViewId: 2, LatestSequence: seq}}})
}

// SmartBFT cannot restore a log that ends with a commit vote right after a
// NewView record (it panics on start), nor one that ends with a proposal
// the ledger already holds (it resumes at that old sequence): restorable
// leaves those records out, and leaves every other shape as it is.
func TestRestorableDropsRecordsSmartBFTCannotRestore(t *testing.T) {
	cases := []struct {
		name    string
		entries [][]byte
		height  uint64
		keep    int
		why     string // a word the reason must hold, "" for none
	}{
		{"empty", nil, 0, 0, ""},
		{"proposal then commit", [][]byte{savedProposal(t, 6), savedCommit(t, 6)}, 5, 2, ""},
		{"proposal then commit, decided", [][]byte{savedProposal(t, 6), savedCommit(t, 6)}, 6, 2, ""},
		{"proposal only", [][]byte{savedProposal(t, 6)}, 5, 1, ""},
		{"proposal only, decided", [][]byte{savedProposal(t, 6)}, 6, 0, "already holds"},
		{"proposal only, long decided", [][]byte{savedNewView(t, 5), savedProposal(t, 6)}, 16, 1, "already holds"},
		{"new view last", [][]byte{savedProposal(t, 5), savedNewView(t, 5)}, 5, 2, ""},
		{"commit after new view, block decided", [][]byte{savedProposal(t, 5), savedNewView(t, 5), savedCommit(t, 6)}, 6, 2, "spent"},
		{"commit after new view, block not decided", [][]byte{savedProposal(t, 5), savedNewView(t, 5), savedCommit(t, 6)}, 5, 2, "forgotten"},
		{"lone commit", [][]byte{savedCommit(t, 6)}, 6, 0, "spent"},
		{"garbage last", [][]byte{savedProposal(t, 6), []byte{0xff, 0xff}}, 5, 2, ""},
		{"view change after an undecided proposal", [][]byte{savedProposal(t, 6), savedViewChange(t, 2)}, 5, 1, "left out"},
		{"view changes after an undecided proposal and its vote", [][]byte{savedProposal(t, 6), savedCommit(t, 6), savedViewChange(t, 2), savedViewChange(t, 3)}, 5, 2, "left out"},
		{"view change after a decided proposal", [][]byte{savedProposal(t, 6), savedCommit(t, 6), savedViewChange(t, 2)}, 6, 3, ""},
		{"view change after a new view", [][]byte{savedProposal(t, 5), savedNewView(t, 5), savedViewChange(t, 3)}, 5, 3, ""},
		{"lone view change", [][]byte{savedViewChange(t, 2)}, 5, 1, ""},
	}
	for _, tc := range cases {
		got, why := restorable(tc.entries, tc.height)
		if len(got) != tc.keep || (tc.why == "") != (why == "") || !strings.Contains(why, tc.why) {
			t.Errorf("%s: kept %d entries (%q), want %d (%q)", tc.name, len(got), why, tc.keep, tc.why)
		}
		for i := range got {
			if string(got[i]) != string(tc.entries[i]) {
				t.Errorf("%s: entry %d changed", tc.name, i)
			}
		}
	}
}

// A replica that crashed after recording a proposal but before its commit
// vote, and caught up past that proposal from its peers before it started
// again, must take part in consensus at the ledger's height: SmartBFT would
// resume it at the old sequence, refusing every proposal (TestRestorable...
// above checks the rule; this checks it on a cluster that needs the
// replica for its quorum).
func TestReplicaResumesPastAProposalItsLedgerHolds(t *testing.T) {
	tc := newTestCluster(t, 4)
	want := tc.submit(10)
	tc.waitFor("first transactions on every node", tc.allHave(want, 1, 2, 3, 4))

	// Node 4 crashes right after recording the proposal of its last block:
	// its log ends with that proposal record.
	tc.stop(4)
	entries, last := cutAfterLastProposal(t, tc.wals[4])

	// The others go on; node 4 catches up past that proposal, then starts,
	// while node 3 is down: nodes 1, 2 and 4 must form the quorum.
	want = tc.submit(10)
	tc.waitFor("the others decide without node 4", tc.allHave(want, 1, 2, 3))
	tc.stop(3)
	c, err := New(tc.cfgs[4], tc.ledgers[4], endpoint{tc.router, 4})
	if err != nil {
		t.Fatal(err)
	}
	tc.router.replicas[4].Store(c)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := c.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	m := &smartbftprotos.SavedMessage{}
	if err := proto.Unmarshal(entries[last], m); err != nil {
		t.Fatal(err)
	}
	if seq, h := m.GetProposedRecord().GetPrePrepare().GetSeq(), tc.ledgers[4].Head().Height; seq > h {
		t.Fatalf("the test needs the logged proposal (%d) at or below the ledger (%d)", seq, h)
	}
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	want = tc.submit(10)
	tc.waitFor("nodes 1, 2 and 4 decide together", tc.allHave(want, 1, 2, 4))
	tc.sameChains(1, 2, 4)
}

// A replica that crashed after recording a proposal, before its commit
// vote and before its ledger held the block, starts after its peers
// decided that block and more. SmartBFT syncs on start and then restores
// the proposal as in flight anyway, resuming at the old sequence and
// refusing every proposal ("wrong digest"); the cluster, which needs it
// for its quorum, then waits for the request timeouts and changes its
// leader. Start catches up first, so that the decided proposal is left
// out: the replica takes part at once, under the same leader.
func TestReplicaStartsPastAProposalItsPeersDecided(t *testing.T) {
	tc := newTestCluster(t, 4)
	var want int
	for tc.ledgers[4].Head().Height < 2 {
		want = tc.submit(5)
		tc.waitFor("first transactions on every node", tc.allHave(want, 1, 2, 3, 4))
	}
	tc.stop(4)
	cutAfterLastProposal(t, tc.wals[4])
	l := tc.ledgers[4]
	l.mu.Lock()
	l.blocks = l.blocks[:len(l.blocks)-1]
	prev := l.blocks[len(l.blocks)-1]
	l.head.Height, l.head.Hash, l.head.TimeMs = prev.Header.Height, l.suite.BlockHash(prev), prev.Header.TimeMs
	l.mu.Unlock()

	// The others decide more blocks; node 3 stops; node 4 starts (with no
	// catch-up of the test's own) and must complete every quorum.
	want = tc.submit(5)
	tc.waitFor("the others decide without node 4", tc.allHave(want, 1, 2, 3))
	tc.stop(3)
	tc.start(4)
	for range 3 {
		want = tc.submit(5)
		tc.waitFor("nodes 1, 2 and 4 decide together", tc.allHave(want, 1, 2, 4))
	}
	for _, id := range []uint64{1, 2, 4} {
		if l := tc.router.replicas[id].Load().Leader(); l != 1 {
			t.Fatalf("node %d follows leader %d: the cluster had to replace node 1 to get past node 4", id, l)
		}
	}
	tc.sameChains(1, 2, 4)
}

// cutAfterLastProposal makes w end with its last proposal record, as the
// log of a replica that crashed right after recording that proposal, and
// returns the entries it held and that record's index.
func cutAfterLastProposal(t *testing.T, w *MemoryWAL) ([][]byte, int) {
	t.Helper()
	entries := w.Entries()
	last := -1
	for i, e := range entries {
		m := &smartbftprotos.SavedMessage{}
		if proto.Unmarshal(e, m) == nil && m.GetProposedRecord() != nil {
			last = i
		}
	}
	if last < 0 {
		t.Fatalf("the log holds no proposal record (%d entries)", len(entries))
	}
	w.mu.Lock()
	w.entries = entries[:last+1]
	w.mu.Unlock()
	return entries, last
}

// A replica that crashed with the first proposal of a new view in flight
// (its peers had changed views, and nothing was decided in the new view
// yet) restarts in that view. SmartBFT takes the view from the last block
// (view 0 here), since the proposal record truncated the log's view-change
// records: the replica followed node 1, the leader its peers had replaced,
// told every peer asking for its state that the view was 0, and, with
// other replicas crashed in the middle of the view change, no view could
// gather a quorum again (the simulator's seed 3074).
func TestReplicaRestartsInTheViewOfItsProposalInFlight(t *testing.T) {
	tc := newTestCluster(t, 4)
	want := tc.submit(5)
	tc.waitFor("first transactions on every node", tc.allHave(want, 1, 2, 3, 4))
	if l := tc.router.replicas[3].Load().Leader(); l != 1 {
		t.Fatalf("leader is %d, the test expects node 1 (view 0)", l)
	}
	tc.stop(1)
	tc.waitFor("nodes 2, 3 and 4 change to view 1 (leader 2)", func() bool {
		for _, id := range []uint64{2, 3, 4} {
			if tc.router.replicas[id].Load().Leader() != 2 {
				return false
			}
		}
		return true
	})
	height := tc.ledgers[3].Head().Height

	// Node 4 stops: node 2 proposes in view 1, node 3 records the
	// proposal, and no quorum can decide it. Node 3 crashes there.
	tc.stop(4)
	tc.submit(1)
	tc.waitFor("node 3 records view 1's first proposal", func() bool {
		for _, e := range tc.wals[3].Entries() {
			m := &smartbftprotos.SavedMessage{}
			if proto.Unmarshal(e, m) == nil && m.GetProposedRecord().GetPrePrepare().GetView() == 1 {
				return true
			}
		}
		return false
	})
	tc.stop(3)
	entries, last := cutAfterLastProposal(t, tc.wals[3])
	m := &smartbftprotos.SavedMessage{}
	if err := proto.Unmarshal(entries[last], m); err != nil {
		t.Fatal(err)
	}
	if pp := m.GetProposedRecord().GetPrePrepare(); pp.GetView() != 1 || pp.GetSeq() != height+1 {
		t.Fatalf("node 3's log ends with a proposal of view %d for sequence %d; the test needs view 1, sequence %d", pp.GetView(), pp.GetSeq(), height+1)
	}
	if h := tc.ledgers[3].Head().Height; h != height {
		t.Fatalf("node 3's ledger moved to %d: the proposal was decided", h)
	}

	tc.start(3)
	if l := tc.router.replicas[3].Load().Leader(); l != 2 {
		t.Fatalf("node 3 restarted following node %d; it was in view 1, led by node 2", l)
	}
	tc.start(4)
	want = tc.submit(5)
	tc.waitFor("nodes 2, 3 and 4 decide", tc.allHave(want, 2, 3, 4))
	tc.sameChains(2, 3, 4)
}

// viewInFlight reads the proposal in flight from the two log shapes
// SmartBFT restores one from, and from no other.
func TestViewInFlightShapes(t *testing.T) {
	proposal := func(view, seq, dec uint64) []byte {
		md, err := proto.Marshal(&smartbftprotos.ViewMetadata{ViewId: view, LatestSequence: seq, DecisionsInView: dec})
		if err != nil {
			t.Fatal(err)
		}
		return savedBytes(t, &smartbftprotos.SavedMessage{Content: &smartbftprotos.SavedMessage_ProposedRecord{
			ProposedRecord: &smartbftprotos.ProposedRecord{PrePrepare: &smartbftprotos.PrePrepare{View: view, Seq: seq,
				Proposal: &smartbftprotos.Proposal{Metadata: md}}}}})
	}
	for _, tt := range []struct {
		name           string
		entries        [][]byte
		view, seq, dec uint64
		ok             bool
	}{
		{"empty log", nil, 0, 0, 0, false},
		{"proposal last", [][]byte{savedNewView(t, 7), proposal(2, 8, 0)}, 2, 8, 0, true},
		{"commit vote after the proposal", [][]byte{proposal(3, 9, 4), savedCommit(t, 9)}, 3, 9, 4, true},
		{"commit vote alone", [][]byte{savedNewView(t, 7), savedCommit(t, 8)}, 0, 0, 0, false},
		{"view change last", [][]byte{proposal(2, 8, 0), savedViewChange(t, 2)}, 0, 0, 0, false},
		{"new view last", [][]byte{proposal(2, 8, 0), savedNewView(t, 8)}, 0, 0, 0, false},
		{"undecodable last record", [][]byte{proposal(2, 8, 0), []byte{0xff, 0xff}}, 0, 0, 0, false},
	} {
		view, seq, dec, ok := viewInFlight(tt.entries)
		if ok != tt.ok || view != tt.view || seq != tt.seq || dec != tt.dec {
			t.Errorf("%s: viewInFlight = view %d, seq %d, decisions %d, %v; want %d, %d, %d, %v",
				tt.name, view, seq, dec, ok, tt.view, tt.seq, tt.dec, tt.ok)
		}
	}
}
