package consensus

import (
	"testing"

	"github.com/hyperledger-labs/SmartBFT/smartbftprotos"
	"google.golang.org/protobuf/proto"
)

func viewData(t *testing.T, inFlight uint64) *smartbftprotos.SignedViewData {
	t.Helper()
	vd := &smartbftprotos.ViewData{NextView: 5}
	if inFlight > 0 {
		md, _ := proto.Marshal(&smartbftprotos.ViewMetadata{ViewId: 4, LatestSequence: inFlight})
		vd.InFlightProposal = &smartbftprotos.Proposal{Header: []byte("h"), Payload: []byte("p"), Metadata: md}
	}
	raw, err := proto.Marshal(vd)
	if err != nil {
		t.Fatal(err)
	}
	return &smartbftprotos.SignedViewData{RawViewData: raw, Signer: 2, Signature: []byte("sig")}
}

func newView(svds ...*smartbftprotos.SignedViewData) *smartbftprotos.Message {
	return &smartbftprotos.Message{Content: &smartbftprotos.Message_NewView{NewView: &smartbftprotos.NewView{SignedViewData: svds}}}
}

// A view change whose in-flight proposal is for a sequence below the last
// one this node decided (a message queued while the node was down) never
// reaches SmartBFT, which panics on it; the current ones do. Found by the
// soak: a node restarted after kill -9 synced to 1205 and then crashed on
// a NewView carrying an in-flight proposal for 1149.
func TestStaleViewChangeMessagesAreDropped(t *testing.T) {
	const decided = 1205
	cases := []struct {
		name string
		msg  *smartbftprotos.Message
		want viewChangeVerdict
	}{
		{"new view, in flight long decided", newView(viewData(t, 0), viewData(t, 1149), viewData(t, 0)), viewChangeStale},
		{"new view, in flight one below the last decision", newView(viewData(t, decided-1)), viewChangeStale},
		{"new view, in flight the last decision", newView(viewData(t, decided)), viewChangeCurrent},
		{"new view, in flight the next sequence", newView(viewData(t, decided+1), viewData(t, decided+1)), viewChangeCurrent},
		{"new view, nothing in flight", newView(viewData(t, 0), viewData(t, 0)), viewChangeCurrent},
		{"view data, in flight long decided", &smartbftprotos.Message{Content: &smartbftprotos.Message_ViewData{ViewData: viewData(t, 7)}}, viewChangeStale},
		{"view data, in flight next", &smartbftprotos.Message{Content: &smartbftprotos.Message_ViewData{ViewData: viewData(t, decided+1)}}, viewChangeCurrent},
		{"new view with garbage view data", newView(&smartbftprotos.SignedViewData{RawViewData: []byte{0xff, 0xff}}), viewChangeMalformed},
		{"view change", &smartbftprotos.Message{Content: &smartbftprotos.Message_ViewChange{ViewChange: &smartbftprotos.ViewChange{NextView: 3}}}, viewChangeCurrent},
	}
	for _, c := range cases {
		if got := staleViewChange(c.msg, decided); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	// Garbage metadata in an in-flight proposal is malformed too.
	vd, _ := proto.Marshal(&smartbftprotos.ViewData{InFlightProposal: &smartbftprotos.Proposal{Metadata: []byte{0xff, 0xff}}})
	if got := staleViewChange(newView(&smartbftprotos.SignedViewData{RawViewData: vd}), decided); got != viewChangeMalformed {
		t.Errorf("garbage in-flight metadata: %v", got)
	}
}

// A running replica drops a stale NewView before SmartBFT sees it, counts
// it, and goes on committing.
func TestReplicaDropsStaleNewView(t *testing.T) {
	tc := newTestCluster(t, 4)
	for round := 0; tc.ledgers[2].Head().Height < 3; round++ {
		if round == 10 {
			t.Fatalf("height %d after %d rounds", tc.ledgers[2].Head().Height, round)
		}
		want := tc.submit(5)
		tc.waitFor("a round of transactions", tc.allHave(want, 1, 2, 3, 4))
	}
	r := tc.router.replicas[2].Load()
	raw, err := proto.Marshal(newView(viewData(t, 1), viewData(t, 1), viewData(t, 1)))
	if err != nil {
		t.Fatal(err)
	}
	r.HandleConsensus(3, raw)
	if r.StaleMessages() != 1 {
		t.Fatalf("stale messages: %d, want 1", r.StaleMessages())
	}
	want := tc.submit(10)
	tc.waitFor("transactions after the stale message", tc.allHave(want, 1, 2, 3, 4))
	tc.sameChains(1, 2, 3, 4)
}
