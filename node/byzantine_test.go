package node_test

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hyperledger-labs/SmartBFT/smartbftprotos"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/p2p/p2ppb"
	"github.com/causeway/causeway/types"
)

// byzantine makes a node equivocate as leader (a different, well-formed
// proposal to half of the followers), send garbage instead of every third
// protocol message, and corrupt the signatures of the rest.
func byzantine(counter *atomic.Uint64) func(to uint64, m *p2ppb.PeerMessage) *p2ppb.PeerMessage {
	return func(to uint64, m *p2ppb.PeerMessage) *p2ppb.PeerMessage {
		raw := m.GetConsensus()
		if raw == nil {
			return m
		}
		n := counter.Add(1)
		if n%3 == 0 {
			return &p2ppb.PeerMessage{Kind: &p2ppb.PeerMessage_Consensus{Consensus: []byte(fmt.Sprintf("garbage %d \x00\xff", n))}}
		}
		msg := &smartbftprotos.Message{}
		if err := proto.Unmarshal(raw, msg); err != nil {
			return m
		}
		switch c := msg.Content.(type) {
		case *smartbftprotos.Message_PrePrepare:
			if to%2 == 1 && c.PrePrepare.Proposal != nil {
				h := &types.BlockHeader{}
				if proto.Unmarshal(c.PrePrepare.Proposal.Header, h) == nil {
					h.TimeMs++ // a different, individually valid block
					c.PrePrepare.Proposal.Header, _ = proto.MarshalOptions{Deterministic: true}.Marshal(h)
				}
			}
		case *smartbftprotos.Message_Commit:
			if c.Commit.Signature != nil && len(c.Commit.Signature.Value) > 0 {
				c.Commit.Signature.Value[0] ^= 0xff
			}
		}
		b, _ := proto.Marshal(msg)
		return &p2ppb.PeerMessage{Kind: &p2ppb.PeerMessage_Consensus{Consensus: b}}
	}
}

// One Byzantine node of four (f=1) — the initial leader — equivocates and sends
// garbage; the three honest nodes still commit every transaction and agree.
func TestByzantineLeaderDoesNotStopHonestNodes(t *testing.T) {
	var counter atomic.Uint64
	c := testnet.New(t, testnet.Options{Nodes: 4, Outbound: map[int]func(uint64, *p2ppb.PeerMessage) *p2ppb.PeerMessage{0: byzantine(&counter)}})
	opt := c.TxOptions()
	start := time.Now()
	for i := 0; i < 20; i++ {
		k := 1 + i%3 // honest nodes only
		r := submitAll(t, c.Client(k), []*types.Transaction{evidenceTx(t, c.Account(k), opt, fmt.Sprintf("byz %d", i))}, 1)[0]
		if r.Status != types.ReceiptStatus_SUCCESS {
			t.Fatalf("tx %d: %s", i, r.ErrorCode)
		}
	}
	t.Logf("20 transactions committed despite the Byzantine node in %.1fs; it sent %d tampered messages", time.Since(start).Seconds(), counter.Load())
	if counter.Load() == 0 {
		t.Fatal("the Byzantine node sent nothing: the test proves nothing")
	}
	if l := c.Leader(); l == 0 {
		t.Fatalf("the Byzantine node is still the leader")
	}
	c.Stop(0)
	if err := c.CheckConsistent(); err != nil {
		t.Fatal(err)
	}
}
