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

// hostileLeader rewrites the proposals a node sends as leader, in the first
// view it leads once armed, by adding one transaction chosen by add (given
// the batch) and recomputing the header's transaction root and count, so
// that the proposal is well formed and only the rule the added transaction
// breaks can refuse it. It counts the proposals it rewrote.
type hostileLeader struct {
	armed    *atomic.Bool
	view     atomic.Int64 // the view it rewrites in; -1 until its first
	rewrites atomic.Int64
	suite    func() types.Suite
	add      func(batch [][]byte) []byte
}

func (h *hostileLeader) outbound(_ uint64, m *p2ppb.PeerMessage) *p2ppb.PeerMessage {
	raw := m.GetConsensus()
	if raw == nil || !h.armed.Load() {
		return m
	}
	msg := &smartbftprotos.Message{}
	if proto.Unmarshal(raw, msg) != nil {
		return m
	}
	pp := msg.GetPrePrepare()
	if pp == nil || pp.Proposal == nil {
		return m
	}
	h.view.CompareAndSwap(-1, int64(pp.View))
	if h.view.Load() != int64(pp.View) {
		return m
	}
	batch := &types.TxBatch{}
	hdr := &types.BlockHeader{}
	if proto.Unmarshal(pp.Proposal.Payload, batch) != nil || proto.Unmarshal(pp.Proposal.Header, hdr) != nil {
		return m
	}
	batch.Txs = append(batch.Txs, h.add(batch.Txs))
	suite := h.suite()
	hashes := make([]types.Hash, len(batch.Txs))
	for i, raw := range batch.Txs {
		tx := &types.Transaction{}
		if proto.Unmarshal(raw, tx) != nil {
			return m
		}
		hashes[i] = suite.TxHash(tx)
	}
	hdr.TxRoot = suite.TxRoot(hashes)
	hdr.TxCount = uint32(len(batch.Txs))
	det := proto.MarshalOptions{Deterministic: true}
	pp.Proposal.Payload, _ = det.Marshal(batch)
	pp.Proposal.Header, _ = det.Marshal(hdr)
	out, _ := proto.Marshal(msg)
	h.rewrites.Add(1)
	return &p2ppb.PeerMessage{Kind: &p2ppb.PeerMessage_Consensus{Consensus: out}}
}

// Three Byzantine leaders in turn (one per view, so never more than f = 1
// at a time) each propose a well-formed batch with one bad transaction: a
// forged signature, a transaction committed earlier, the batch's first
// transaction a second time. The honest followers refuse each proposal,
// the leadership moves on, the fourth (honest) leader commits the batch,
// and no block holds the bad transaction, a replay or a repeat.
func TestByzantineLeadersProposingBadTransactions(t *testing.T) {
	const attempts = 3
	for i := 1; i <= attempts; i++ {
		why := hostileLeadersRun(t)
		if why == "" {
			return
		}
		t.Logf("attempt %d of %d proves nothing: %s", i, attempts, why)
	}
	t.Errorf("in %d attempts, no run had each of the three hostile leaders propose", attempts)
}

// hostileLeadersRun is one run of TestByzantineLeadersProposingBadTransactions
// on a fresh cluster. It returns why the run proves nothing (a hostile
// leader never proposed), or "" once every check has run.
func hostileLeadersRun(t *testing.T) string {
	t.Helper()
	var armed atomic.Bool
	var c *testnet.Cluster
	suite := func() types.Suite { return c.Network.Suite() }
	var forged, replayed []byte
	leaders := []*hostileLeader{
		{armed: &armed, suite: suite, add: func([][]byte) []byte { return forged }},
		{armed: &armed, suite: suite, add: func([][]byte) []byte { return replayed }},
		{armed: &armed, suite: suite, add: func(b [][]byte) []byte { return b[0] }},
	}
	out := map[int]func(uint64, *p2ppb.PeerMessage) *p2ppb.PeerMessage{}
	for i, l := range leaders {
		l.view.Store(-1)
		out[i] = l.outbound
	}
	c = testnet.New(t, testnet.Options{Nodes: 4, Outbound: out})
	l := c.Leader()
	for deadline := time.Now().Add(10 * time.Second); l == -1 && time.Now().Before(deadline); l = c.Leader() {
		time.Sleep(50 * time.Millisecond)
	}
	if l != 0 {
		c.StopAll()
		return fmt.Sprintf("the first leader is node index %d, not 0: the leaders would not come in the order this test arms them", l)
	}
	opt := c.TxOptions()
	cl := c.Client(3)
	// A transaction committed before the leaders turn hostile: the replay.
	old := evidenceTx(t, c.Account(3), opt, "committed before")
	submitAll(t, cl, []*types.Transaction{old}, 1)
	replayed = types.EncodeTx(old)
	// A transaction no node has seen, with a forged signature.
	f := evidenceTx(t, c.Account(2), opt, "forged")
	f.Signatures[0].Signature[3] ^= 0x01
	forged = types.EncodeTx(f)

	armed.Store(true)
	start := time.Now()
	tx := evidenceTx(t, c.Account(3), opt, "proposed by hostile leaders")
	r := submitAll(t, cl, []*types.Transaction{tx}, 1)[0]
	if r.Status != types.ReceiptStatus_SUCCESS {
		t.Fatalf("tx: %s", r.ErrorCode)
	}
	t.Logf("committed at height %d after %.1fs; rewrites %d, %d, %d", r.Height, time.Since(start).Seconds(),
		leaders[0].rewrites.Load(), leaders[1].rewrites.Load(), leaders[2].rewrites.Load())
	for i, l := range leaders {
		if l.rewrites.Load() == 0 {
			// A view change can pass over a leader before it proposes
			// (its request forwarding timed out first): this run proves
			// nothing about it, so run again on a fresh cluster.
			c.StopAll()
			return fmt.Sprintf("node index %d never proposed as a hostile leader", i)
		}
	}
	if err := c.WaitHeight(r.Height, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	if err := c.CheckConsistent(); err != nil {
		t.Fatal(err)
	}
	// Every node's chain: the forged transaction nowhere, every other
	// transaction once.
	s := c.Network.Suite()
	forgedHash, oldHash, txHash := s.TxHash(f), s.TxHash(old), s.TxHash(tx)
	for _, i := range c.Running() {
		n := c.Node(i)
		seen := map[types.Hash]uint64{}
		for h := uint64(1); h <= n.Head().Height; h++ {
			b, err := n.Store().Block(h)
			if err != nil {
				t.Fatal(err)
			}
			for _, btx := range b.Txs {
				th := s.TxHash(btx)
				if prev, dup := seen[th]; dup {
					t.Errorf("node %d: transaction %s in block %d and again in block %d", n.ID(), th, prev, h)
				}
				seen[th] = h
			}
		}
		if _, ok := seen[forgedHash]; ok {
			t.Errorf("node %d committed the forged transaction", n.ID())
		}
		if seen[oldHash] == 0 || seen[txHash] != r.Height {
			t.Errorf("node %d: committed transaction at %d, proposed one at %d (want %d)", n.ID(), seen[oldHash], seen[txHash], r.Height)
		}
	}
	return ""
}
