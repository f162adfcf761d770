package consensus

import (
	"testing"

	"github.com/hyperledger-labs/SmartBFT/smartbftprotos"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/p2p/p2ppb"
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

// sentTo is a Transport that records the consensus messages sent.
type sentTo struct {
	endpoint
	msgs []*smartbftprotos.Message
	to   []uint64
}

func (s *sentTo) Send(to uint64, m *p2ppb.PeerMessage) bool {
	msg := &smartbftprotos.Message{}
	if proto.Unmarshal(m.GetConsensus(), msg) == nil {
		s.msgs = append(s.msgs, msg)
		s.to = append(s.to, to)
	}
	return true
}

func prePrepare(view, seq uint64) *smartbftprotos.Message {
	return &smartbftprotos.Message{Content: &smartbftprotos.Message_PrePrepare{PrePrepare: &smartbftprotos.PrePrepare{View: view, Seq: seq}}}
}

func prepare(view, seq uint64) *smartbftprotos.Message {
	return &smartbftprotos.Message{Content: &smartbftprotos.Message_Prepare{Prepare: &smartbftprotos.Prepare{View: view, Seq: seq}}}
}

func commit(view, seq uint64) *smartbftprotos.Message {
	return &smartbftprotos.Message{Content: &smartbftprotos.Message_Commit{Commit: &smartbftprotos.Commit{View: view, Seq: seq}}}
}

// A replica that left view 3 for good sends no proposal, vote or heartbeat
// of view 3 or earlier; view-change messages and later views go out.
func TestMuzzledReplicaSendsNothingOfTheViewsItLeft(t *testing.T) {
	tr := &sentTo{}
	m := &comm{net: tr}
	m.muzzle(3)
	m.muzzle(1) // a lower view does not lift it
	hb := func(v uint64) *smartbftprotos.Message {
		return &smartbftprotos.Message{Content: &smartbftprotos.Message_HeartBeat{HeartBeat: &smartbftprotos.HeartBeat{View: v}}}
	}
	vc := &smartbftprotos.Message{Content: &smartbftprotos.Message_ViewChange{ViewChange: &smartbftprotos.ViewChange{NextView: 4}}}
	for _, msg := range []*smartbftprotos.Message{prePrepare(3, 9), prepare(3, 9), commit(2, 8), hb(3), hb(0)} {
		m.SendConsensus(2, msg)
	}
	if len(tr.msgs) != 0 {
		t.Fatalf("sent %d messages of views it left: %v", len(tr.msgs), tr.msgs)
	}
	for _, msg := range []*smartbftprotos.Message{vc, prePrepare(4, 9), prepare(4, 9), commit(4, 9), hb(4)} {
		m.SendConsensus(2, msg)
	}
	if len(tr.msgs) != 5 {
		t.Fatalf("sent %d of the 5 messages of view 4 and the view change", len(tr.msgs))
	}
}

// A peer that announces its start gets this replica's latest proposal and
// votes again, but only for a sequence above the decided height.
func TestStartedPeerGetsTheProposalInFlightAgain(t *testing.T) {
	tr := &sentTo{}
	m := &comm{net: tr}
	for _, msg := range []*smartbftprotos.Message{prePrepare(1, 9), prepare(1, 9), commit(1, 9), prePrepare(1, 10), prepare(1, 10)} {
		m.SendConsensus(3, msg)
	}
	tr.msgs, tr.to = nil, nil
	m.resendInFlight(4, 9) // 9 decided: the proposal and prepare for 10 are in flight
	if len(tr.msgs) != 2 || tr.msgs[0].GetPrePrepare().GetSeq() != 10 || tr.msgs[1].GetPrepare().GetSeq() != 10 || tr.to[0] != 4 || tr.to[1] != 4 {
		t.Fatalf("resent %v to %v, want the proposal and prepare for 10 to node 4", tr.msgs, tr.to)
	}
	tr.msgs, tr.to = nil, nil
	m.resendInFlight(4, 10) // all decided
	if len(tr.msgs) != 0 {
		t.Fatalf("resent decided messages: %v", tr.msgs)
	}
}

// The view a quorum−1 of peers want counts peers of the node set other than
// this replica, each once, at its highest wish, and the k-th highest wins:
// one lying peer cannot raise it.
func TestWantedViewIsTheKthHighestWish(t *testing.T) {
	m := &comm{}
	ids := []uint64{1, 2, 3, 4}
	m.sawViewChange(2, 1)
	if got := m.wantedView(ids, 1, 2); got != 0 {
		t.Fatalf("one peer's wish: %d, want 0 (two needed)", got)
	}
	m.sawViewChange(3, 1)
	m.sawViewChange(4, 1_000_000) // a Byzantine peer
	m.sawViewChange(9, 2_000_000) // not a member
	m.sawViewChange(1, 3_000_000) // this replica itself
	m.sawViewChange(2, 0)         // lower wishes do not lower it
	if got := m.wantedView(ids, 1, 2); got != 1 {
		t.Fatalf("wanted %d, want 1", got)
	}
	m.sawViewChange(3, 2)
	if got := m.wantedView(ids, 1, 2); got != 2 {
		t.Fatalf("wanted %d, want 2", got)
	}
}
