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
	// badMsgs counts malformed protocol messages received.
	badMsgs atomic.Uint64
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
// dropped and counted.
func (c *Consensus) HandleConsensus(from uint64, raw []byte) {
	if !c.running.Load() {
		return
	}
	if msg, ok := c.comm.decode(from, raw); ok {
		c.bft.HandleMessage(from, msg)
	}
}

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
