package consensus

import (
	"log/slog"
	"maps"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/hyperledger-labs/SmartBFT/smartbftprotos"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/internal/testonly"
	"github.com/causeway/causeway/p2p/p2ppb"
)

// comm implements SmartBFT's Comm over the Transport: protocol messages and
// forwarded requests go out as peer messages, best effort (SmartBFT
// retransmits what matters), to the nodes of the configuration in force.
// Inbound, it decodes peers' protocol messages, dropping and counting
// garbage.
type comm struct {
	net   Transport
	chain *inForce
	log   *slog.Logger
	// badMsgs counts malformed protocol messages received, staleMsgs the
	// view-change messages dropped as stale (see staleViewChange).
	badMsgs   atomic.Uint64
	staleMsgs atomic.Uint64
	// early holds the latest view data each peer sent (see redeliver).
	earlyMu sync.Mutex
	early   map[uint64]earlyViewData
	// newView is the highest view a NewView message was sent or received
	// for: view data for it or an earlier view is no longer handed over
	// again (a leader that already formed the new view would form it a
	// second time).
	newView uint64
	// wanted is the highest next view each peer's view-change messages
	// asked for (see wantedView).
	wantedMu sync.Mutex
	wanted   map[uint64]uint64
	// quiet is one more than the highest view this replica left for good:
	// it sends no proposal, vote or heartbeat of a view below it.
	quiet atomic.Uint64
	// sent holds the latest proposal, prepare and commit this replica sent
	// (see resendInFlight).
	sentMu sync.Mutex
	sent   [3]sentMessage
}

// sentMessage is a protocol message as sent, and the sequence it is for.
type sentMessage struct {
	seq uint64
	raw []byte
}

// remember keeps msg, as marshalled to raw, if it is a proposal or a vote.
func (m *comm) remember(msg *smartbftprotos.Message, raw []byte) {
	slot, seq := -1, uint64(0)
	switch {
	case msg.GetPrePrepare() != nil:
		slot, seq = 0, msg.GetPrePrepare().GetSeq()
	case msg.GetPrepare() != nil:
		slot, seq = 1, msg.GetPrepare().GetSeq()
	case msg.GetCommit() != nil:
		slot, seq = 2, msg.GetCommit().GetSeq()
	default:
		return
	}
	m.sentMu.Lock()
	m.sent[slot] = sentMessage{seq: seq, raw: raw}
	m.sentMu.Unlock()
}

// resendInFlight sends peer to again this replica's latest proposal,
// prepare and commit for a sequence above decided (the ledger's height),
// when that peer announces that it started (see announceStart).
//
// SmartBFT (v1.0.1) sends a proposal and its votes once. A replica that
// starts (a restart, a new node, a lag-watch rejoin) after the leader
// proposed the next sequence never sees that proposal nor the votes for
// it; if the others need its votes for a quorum (a Byzantine or crashed
// peer among them), the sequence waits for the request timeouts and a
// view change, 20 seconds or more (the simulator's seeds 627 and 4564).
// Sent again, they are duplicates of what every peer already received,
// which the protocol ignores.
func (m *comm) resendInFlight(to, decided uint64) {
	m.sentMu.Lock()
	var out [][]byte
	for _, s := range m.sent {
		if s.raw != nil && s.seq > decided {
			out = append(out, s.raw)
		}
	}
	m.sentMu.Unlock()
	for _, raw := range out {
		m.net.Send(to, &p2ppb.PeerMessage{Kind: &p2ppb.PeerMessage_Consensus{Consensus: raw}})
	}
}

// announceStart tells the peers that this replica (re)started, in
// SmartBFT's words: a state-transfer request (SmartBFT itself sends one
// while it starts, when the comm cannot take answers yet). Peers answer
// with their state, which a running replica ignores, and with the
// proposal in flight and their votes for it (resendInFlight).
func (m *comm) announceStart(self uint64) {
	msg := &smartbftprotos.Message{Content: &smartbftprotos.Message_StateTransferRequest{StateTransferRequest: &smartbftprotos.StateTransferRequest{}}}
	for _, id := range m.Nodes() {
		if id != self {
			m.SendConsensus(id, msg)
		}
	}
}

// muzzle silences this replica in view left and every earlier view.
//
// A replica that restores into a view change (SmartBFT records one when it
// votes to leave a view; see abdicate for a replica that lost its log)
// first starts the view it voted to leave, then joins the view change. If
// it led that view and had requests waiting, it could propose in it in
// between, to followers that have not left it yet: a second proposal for a
// sequence it may have proposed before it crashed. Its comm drops any
// such message instead.
func (m *comm) muzzle(left uint64) {
	for {
		q := m.quiet.Load()
		if left+1 <= q || m.quiet.CompareAndSwap(q, left+1) {
			return
		}
	}
}

// viewOf is the view of a proposal, a vote or a heartbeat.
func viewOf(msg *smartbftprotos.Message) (uint64, bool) {
	switch {
	case msg.GetPrePrepare() != nil:
		return msg.GetPrePrepare().GetView(), true
	case msg.GetPrepare() != nil:
		return msg.GetPrepare().GetView(), true
	case msg.GetCommit() != nil:
		return msg.GetCommit().GetView(), true
	case msg.GetHeartBeat() != nil:
		return msg.GetHeartBeat().GetView(), true
	}
	return 0, false
}

// sawViewChange records that peer from asked to change to view next.
func (m *comm) sawViewChange(from, next uint64) {
	m.wantedMu.Lock()
	defer m.wantedMu.Unlock()
	if m.wanted == nil {
		m.wanted = make(map[uint64]uint64)
	}
	if next > m.wanted[from] {
		m.wanted[from] = next
	}
}

// wantedView is the highest view that at least k members of ids other than
// self asked to change to (0 if fewer than k asked for any). With k > f,
// at least one of them is honest, so a Byzantine peer cannot inflate it.
func (m *comm) wantedView(ids []uint64, self uint64, k int) uint64 {
	m.wantedMu.Lock()
	defer m.wantedMu.Unlock()
	var views []uint64
	for _, id := range ids {
		if v, ok := m.wanted[id]; ok && id != self {
			views = append(views, v)
		}
	}
	if k <= 0 || len(views) < k {
		return 0
	}
	slices.Sort(views)
	return views[len(views)-k]
}

// sawNewView records a NewView message for view v and forgets the view
// data kept for it and earlier views.
func (m *comm) sawNewView(v uint64) {
	m.earlyMu.Lock()
	defer m.earlyMu.Unlock()
	if v > m.newView {
		m.newView = v
	}
	for id, e := range m.early {
		if e.next <= m.newView {
			delete(m.early, id)
		}
	}
}

// newViewOf is the view a NewView message installs (its view data's next
// view), or false if msg is no NewView or does not parse.
func newViewOf(msg *smartbftprotos.Message) (uint64, bool) {
	nv := msg.GetNewView()
	if nv == nil || len(nv.GetSignedViewData()) == 0 {
		return 0, false
	}
	vd := &smartbftprotos.ViewData{}
	if err := proto.Unmarshal(nv.GetSignedViewData()[0].GetRawViewData(), vd); err != nil {
		return 0, false
	}
	return vd.NextView, true
}

// earlyViewData is a peer's view data for a view change to next.
type earlyViewData struct {
	next uint64
	msg  *smartbftprotos.Message
}

// SendConsensus implements SmartBFT's Comm.
func (m *comm) SendConsensus(to uint64, msg *smartbftprotos.Message) {
	if v, ok := viewOf(msg); ok && v < m.quiet.Load() {
		return // a view this replica left for good (see muzzle)
	}
	if v, ok := newViewOf(msg); ok {
		m.sawNewView(v)
	}
	b, err := proto.Marshal(msg)
	if err != nil {
		return
	}
	m.remember(msg, b)
	m.net.Send(to, &p2ppb.PeerMessage{Kind: &p2ppb.PeerMessage_Consensus{Consensus: b}})
}

// SendTransaction implements SmartBFT's Comm: a request forwarded to the leader.
func (m *comm) SendTransaction(to uint64, req []byte) {
	m.net.Send(to, &p2ppb.PeerMessage{Kind: &p2ppb.PeerMessage_Forward{Forward: req}})
}

// Nodes implements SmartBFT's Comm: the node set in force, ascending.
func (m *comm) Nodes() []uint64 { return m.chain.committee().IDs() }

// decode parses a peer's protocol message; garbage is counted, logged now
// and then, and refused.
func (m *comm) decode(from uint64, raw []byte) (*smartbftprotos.Message, bool) {
	msg := &smartbftprotos.Message{}
	if err := proto.Unmarshal(raw, msg); err != nil || msg.Content == nil {
		if m.badMsgs.Add(1)%100 == 1 {
			m.log.Warn("dropping malformed consensus message", "from", from, "err", err, "total", m.badMsgs.Load())
		}
		return nil, false
	}
	return msg, true
}

// HandleConsensus passes a peer's protocol message to SmartBFT. Garbage is
// dropped and counted, and so are stale view-change messages (see
// staleViewChange).
func (c *Consensus) HandleConsensus(from uint64, raw []byte) {
	msg, ok := c.comm.decode(from, raw)
	if !ok {
		return
	}
	if vc := msg.GetViewChange(); vc != nil {
		c.comm.sawViewChange(from, vc.GetNextView()) // also while not running: see awaitSuccessorAfterAmnesia
	}
	if !c.running.Load() {
		return
	}
	if msg.GetStateTransferRequest() != nil && !testonly.InFlightNotResent.Load() {
		c.comm.resendInFlight(from, c.ledger.Head().Height)
	}
	if !c.handOver(from, msg) {
		return
	}
	switch {
	case msg.GetNewView() != nil:
		if v, ok := newViewOf(msg); ok {
			c.comm.sawNewView(v)
		}
	case msg.GetViewData() != nil:
		c.comm.keepViewData(from, msg)
	case msg.GetViewChange() != nil && !testonly.ViewDataNotRedelivered.Load():
		for _, e := range c.comm.earlyFor(msg.GetViewChange().GetNextView()) {
			c.handOver(e.from, e.msg)
		}
	}
}

// handOver passes msg to SmartBFT unless it is a stale or malformed
// view-change message, and reports whether it did.
func (c *Consensus) handOver(from uint64, msg *smartbftprotos.Message) bool {
	switch staleViewChange(msg, c.ledger.Head().Height) {
	case viewChangeMalformed:
		c.comm.badMsgs.Add(1)
		return false
	case viewChangeStale:
		if c.comm.staleMsgs.Add(1)%100 == 1 {
			c.log.Info("dropping a stale view-change message", "from", from, "decided", c.ledger.Head().Height, "total", c.comm.staleMsgs.Load())
		}
		return false
	}
	c.current().HandleMessage(from, msg)
	return true
}

// keepViewData remembers the view data a member sent for the next view
// (the latest per sender: at most one per member), so that redeliver can
// hand it over again.
//
// SmartBFT (v1.0.1) takes view data only once its replica has itself
// moved to the next view, which it does on a quorum of view-change
// messages; view data that arrives before the last of those (it was sent
// by a replica that reached the quorum first, and links do not order
// messages across senders) is dropped, and never resent. When every
// replica's view data is early at the next leader, that view change times
// out, and the next ones can fail the same way: the simulator showed a
// chain stalled for more than 90 s after a leader crash (seeds 5093 and
// 5242). Handing a kept view data over again after each view-change
// message fixes that: SmartBFT counts one view data per sender, so a
// second copy of one it took changes nothing.
func (m *comm) keepViewData(from uint64, msg *smartbftprotos.Message) {
	vd := &smartbftprotos.ViewData{}
	if err := proto.Unmarshal(msg.GetViewData().GetRawViewData(), vd); err != nil {
		return
	}
	if !m.chain.committee().Contains(from) {
		return
	}
	m.earlyMu.Lock()
	defer m.earlyMu.Unlock()
	if m.early == nil {
		m.early = map[uint64]earlyViewData{}
	}
	if vd.NextView <= m.newView {
		return
	}
	if old, ok := m.early[from]; ok && old.next > vd.NextView {
		return
	}
	m.early[from] = earlyViewData{next: vd.NextView, msg: msg}
	// Forget what belongs to views before this one.
	for id, e := range m.early {
		if e.next < vd.NextView {
			delete(m.early, id)
		}
	}
}

// keptViewData is a member's kept view data.
type keptViewData struct {
	from uint64
	msg  *smartbftprotos.Message
}

// earlyFor returns the kept view data for a change to view next, by
// sender, in ascending order.
func (m *comm) earlyFor(next uint64) []keptViewData {
	m.earlyMu.Lock()
	defer m.earlyMu.Unlock()
	var out []keptViewData
	for _, id := range slices.Sorted(maps.Keys(m.early)) {
		if e := m.early[id]; e.next == next {
			out = append(out, keptViewData{id, e.msg})
		}
	}
	return out
}

type viewChangeVerdict int

const (
	viewChangeCurrent viewChangeVerdict = iota
	viewChangeStale
	viewChangeMalformed
)

// staleViewChange judges a view-change message (a NewView, or the
// ViewData a node sends the next leader) against the last sequence this
// node decided. One whose view data carries an in-flight proposal for a
// sequence below it is stale: it belongs to a view change the chain has
// long passed, typically queued for this node while it was down and
// delivered when it came back. SmartBFT (v1.0.1) panics on such a NewView
// ("got an in flight proposal with sequence s while its last decision was
// on sequence d"), so it must not reach it: dropping a message is always
// safe, and a node that missed the current view learns it by sync and
// heartbeats. View data that does not parse is malformed (SmartBFT would
// panic on it too). Other messages are current.
func staleViewChange(msg *smartbftprotos.Message, decided uint64) viewChangeVerdict {
	var signed []*smartbftprotos.SignedViewData
	switch {
	case msg.GetNewView() != nil:
		signed = msg.GetNewView().GetSignedViewData()
	case msg.GetViewData() != nil:
		signed = []*smartbftprotos.SignedViewData{msg.GetViewData()}
	default:
		return viewChangeCurrent
	}
	for _, svd := range signed {
		vd := &smartbftprotos.ViewData{}
		if err := proto.Unmarshal(svd.GetRawViewData(), vd); err != nil {
			return viewChangeMalformed
		}
		p := vd.GetInFlightProposal()
		if p == nil {
			continue
		}
		md := &smartbftprotos.ViewMetadata{}
		if err := proto.Unmarshal(p.GetMetadata(), md); err != nil {
			return viewChangeMalformed
		}
		if md.LatestSequence < decided {
			return viewChangeStale
		}
	}
	return viewChangeCurrent
}

// StaleMessages counts view-change messages dropped as stale.
func (c *Consensus) StaleMessages() uint64 { return c.comm.staleMsgs.Load() }

// HandleForward passes a request forwarded by a peer to SmartBFT, which
// verifies it before adding it to the pool.
func (c *Consensus) HandleForward(from uint64, raw []byte) {
	if !c.running.Load() {
		return
	}
	c.current().HandleRequest(from, raw)
}

// BadMessages counts malformed protocol messages received.
func (c *Consensus) BadMessages() uint64 { return c.comm.badMsgs.Load() }
