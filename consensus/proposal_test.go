package consensus

import (
	"errors"
	"testing"
	"time"

	"github.com/causeway/causeway/types"
)

// admit decodes raws and records them as verified, as the pool does.
func admit(t *testing.T, c *Consensus, raws [][]byte) {
	t.Helper()
	for i, err := range c.txs.Verify(decodeAll(t, raws)) {
		if err != nil {
			t.Fatalf("tx %d: %v", i, err)
		}
	}
}

// The leader's own proposal is recognised when SmartBFT verifies it; a
// proposal of the same transactions from elsewhere, or any other bytes, is
// checked in full.
func TestOwnProposalVerifiedOnce(t *testing.T) {
	now := time.Now()
	c := benchConsensus(t, now)
	raws := benchTxs(t, "bench-chain", 50, now.UnixMilli())
	admit(t, c, raws)
	p := c.AssembleProposal(benchMetadata(11), raws)
	infos, err := c.VerifyProposal(p)
	if err != nil || len(infos) != 50 {
		t.Fatalf("own proposal: %d infos, %v", len(infos), err)
	}
	if got := c.RequestsFromProposal(p); len(got) != 50 || got[7] != infos[7] {
		t.Fatal("requests of the verified proposal differ")
	}
	// Same transactions, another metadata: a different proposal, checked
	// in full (and refused: the sequence does not match the height).
	q := p
	q.Metadata = benchMetadata(12)
	if _, err := c.VerifyProposal(q); !errors.Is(err, ErrBadProposal) {
		t.Fatalf("altered proposal: %v, want a bad proposal", err)
	}
}

// Transactions that reached the pool without this node verifying their
// signatures (so not in the verified set) make the leader verify its own
// proposal in full: a bad signature is still refused.
func TestOwnProposalWithUnverifiedTransaction(t *testing.T) {
	now := time.Now()
	c := benchConsensus(t, now)
	raws := benchTxs(t, "bench-chain", 20, now.UnixMilli())
	admit(t, c, raws[:19])
	d := decodeAll(t, raws[19:])[0]
	d.Tx.Signatures[0].Signature[0] ^= 1
	raws[19] = types.EncodeTx(d.Tx)
	p := c.AssembleProposal(benchMetadata(11), raws)
	if _, err := c.VerifyProposal(p); !errors.Is(err, ErrBadProposal) {
		t.Fatalf("own proposal with a bad signature: %v, want a bad proposal", err)
	}
}

// A checked proposal is recognised only on the head it was checked on.
func TestCheckedProposalIsBoundToHead(t *testing.T) {
	now := time.Now()
	c := benchConsensus(t, now)
	raws := benchTxs(t, "bench-chain", 10, now.UnixMilli())
	admit(t, c, raws)
	p := c.AssembleProposal(benchMetadata(11), raws)
	l := c.ledger.(*benchLedger)
	oldHead := l.head
	l.head.Hash = types.Intl.Sum([]byte("another head"))
	if _, err := c.VerifyProposal(p); !errors.Is(err, ErrBadProposal) {
		t.Fatalf("proposal on another head: %v, want a bad proposal", err)
	}
	if _, ok := c.checked.Load().match(p, l.head.Hash); ok {
		t.Fatal("a checked proposal matched another head")
	}
	l.head = oldHead
	if _, err := c.VerifyProposal(p); err != nil {
		t.Fatal(err)
	}
}
