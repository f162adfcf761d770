package node_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify"
)

// Proofs served by a node verify offline against the genesis alone: a
// transaction with its receipt, a state value, a state key's absence; a
// proof about the head block is refused until the next block commits.
func TestProofsVerifyAgainstGenesis(t *testing.T) {
	c := testnet.New(t, testnet.Options{Nodes: 4})
	cl := c.Client(1)
	opt := c.TxOptions()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	v, err := verify.New(c.Node(0).Genesis())
	if err != nil {
		t.Fatal(err)
	}

	dep := evidenceTx(t, c.Account(1), opt, "proved")
	r := submitAll(t, cl, []*types.Transaction{dep}, 1)[0]
	h := c.Network.Suite().TxHash(dep)
	if _, err := cl.GetTxProof(ctx, h); !sdk.IsNotCertified(err) && c.MaxHeight() == r.Height {
		t.Fatalf("proof of a transaction in the head block: err = %v", err)
	}
	submitAll(t, cl, []*types.Transaction{evidenceTx(t, c.Account(1), opt, "next block")}, 1)
	p, err := cl.WaitTxProof(ctx, h)
	if err != nil {
		t.Fatal(err)
	}
	got, err := v.Tx(p)
	if err != nil {
		t.Fatal(err)
	}
	if got.Hash != h || got.Height != r.Height || got.Receipt.Status != types.ReceiptStatus_SUCCESS || len(got.Certified.Signers) < 3 {
		t.Fatalf("verified %+v", got)
	}

	// The evidence record, in the state after its block.
	key := state.EvidenceKey(h)
	sp, err := cl.GetStateProof(ctx, key, r.Height)
	if err != nil {
		t.Fatal(err)
	}
	st, err := v.State(sp)
	if err != nil || !st.Present || st.Height != r.Height {
		t.Fatalf("state proof: %+v %v", st, err)
	}
	// Absent before its block.
	sp, err = cl.GetStateProof(ctx, key, r.Height-1)
	if err != nil {
		t.Fatal(err)
	}
	if st, err := v.State(sp); err != nil || st.Present {
		t.Fatalf("absence proof: %+v %v", st, err)
	}
	// A forged value fails.
	sp, _ = cl.GetStateProof(ctx, key, sdk.LatestHeight)
	sp.Value = append(bytes.Clone(sp.Value), 0)
	if _, err := v.State(sp); !errors.Is(err, verify.ErrStateProof) {
		t.Fatalf("forged value: %v", err)
	}
	// The configuration chain of a chain without governance is empty.
	cc, err := cl.GetConfigChain(ctx, sdk.LatestHeight)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.ConfigChain(cc); err != nil || len(cc.Changes) != 0 {
		t.Fatalf("config chain: %d changes, %v", len(cc.Changes), err)
	}
	// Another chain's genesis refuses the proof.
	other := *c.Node(0).Genesis()
	other.ChainID = "elsewhere"
	ov, _ := verify.New(&other)
	if _, err := ov.Tx(p); !errors.Is(err, verify.ErrGenesis) {
		t.Fatalf("other genesis: %v", err)
	}
}
