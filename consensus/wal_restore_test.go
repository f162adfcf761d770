package consensus

import (
	"testing"

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

func savedNewView(t *testing.T, seq uint64) []byte {
	return savedBytes(t, &smartbftprotos.SavedMessage{Content: &smartbftprotos.SavedMessage_NewView{
		NewView: &smartbftprotos.ViewMetadata{ViewId: 2, LatestSequence: seq}}})
}

// SmartBFT cannot restore a log that ends with a commit vote right after a
// NewView record (it panics on start): restorable leaves that vote out,
// and leaves every other shape as it is.
func TestRestorableDropsACommitSmartBFTCannotRestore(t *testing.T) {
	cases := []struct {
		name    string
		entries [][]byte
		height  uint64
		keep    int
		forgot  bool
	}{
		{"empty", nil, 0, 0, false},
		{"proposal then commit", [][]byte{savedProposal(t, 6), savedCommit(t, 6)}, 5, 2, false},
		{"proposal only", [][]byte{savedProposal(t, 6)}, 5, 1, false},
		{"new view last", [][]byte{savedProposal(t, 5), savedNewView(t, 5)}, 5, 2, false},
		{"commit after new view, block decided", [][]byte{savedProposal(t, 5), savedNewView(t, 5), savedCommit(t, 6)}, 6, 2, false},
		{"commit after new view, block not decided", [][]byte{savedProposal(t, 5), savedNewView(t, 5), savedCommit(t, 6)}, 5, 2, true},
		{"lone commit", [][]byte{savedCommit(t, 6)}, 6, 0, false},
		{"garbage last", [][]byte{savedProposal(t, 6), []byte{0xff, 0xff}}, 5, 2, false},
	}
	for _, tc := range cases {
		got, forgot := restorable(tc.entries, tc.height)
		if len(got) != tc.keep || forgot != tc.forgot {
			t.Errorf("%s: kept %d entries (forgot an undecided vote: %v), want %d (%v)", tc.name, len(got), forgot, tc.keep, tc.forgot)
		}
		for i := range got {
			if string(got[i]) != string(tc.entries[i]) {
				t.Errorf("%s: entry %d changed", tc.name, i)
			}
		}
	}
}
