package consensus

import (
	"log/slog"
	"sync/atomic"

	"github.com/hyperledger-labs/SmartBFT/smartbftprotos"
	"google.golang.org/protobuf/proto"

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
}

// SendConsensus implements SmartBFT's Comm.
func (m *comm) SendConsensus(to uint64, msg *smartbftprotos.Message) {
	b, err := proto.Marshal(msg)
	if err != nil {
		return
	}
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
	if !c.running.Load() {
		return
	}
	msg, ok := c.comm.decode(from, raw)
	if !ok {
		return
	}
	switch staleViewChange(msg, c.ledger.Head().Height) {
	case viewChangeMalformed:
		c.comm.badMsgs.Add(1)
		return
	case viewChangeStale:
		if c.comm.staleMsgs.Add(1)%100 == 1 {
			c.log.Info("dropping a stale view-change message", "from", from, "decided", c.ledger.Head().Height, "total", c.comm.staleMsgs.Load())
		}
		return
	}
	c.bft.HandleMessage(from, msg)
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
	c.bft.HandleRequest(from, raw)
}

// BadMessages counts malformed protocol messages received.
func (c *Consensus) BadMessages() uint64 { return c.comm.badMsgs.Load() }
