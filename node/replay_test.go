package node_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/execution"
	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/store"
	"github.com/causeway/causeway/types"
)

// Replaying a node's chain on a fresh store, with nothing but the genesis
// and the blocks, gives the same state root and receipts at every height.
func TestReplayOnFreshStoreGivesSameStateRoots(t *testing.T) {
	c := testnet.New(t, testnet.Options{Nodes: 4})
	opt := c.TxOptions()
	cl := c.Client(2)
	org := c.Account(2)
	var txs []*types.Transaction
	for i := 0; i < 20; i++ {
		k, _ := crypto.GenerateEd25519()
		u := sdk.Account{Name: fmt.Sprintf("replay-%d", i), Signer: k, Suite: org.Suite}
		create, _ := u.CreateAccountTx(opt)
		fund, _ := org.TransferTx(opt, u.ID(), 1000)
		over, _ := u.TransferTx(opt, org.ID(), 5000) // fails: insufficient funds (or unknown account if first)
		txs = append(txs, create, fund, over, evidenceTx(t, u, opt, fmt.Sprintf("replay %d", i)))
	}
	for _, tx := range txs {
		submitAll(t, cl, []*types.Transaction{tx}, 1)
	}
	src := c.Node(2)
	head := src.Head()

	g := src.Genesis()
	fresh, err := store.Open(filepath.Join(t.TempDir(), "replay"), store.WithSuite(g.Suite()))
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	writes, nodes, root, err := execution.GenesisState(g)
	if err != nil {
		t.Fatal(err)
	}
	b0, err := src.Store().Block(0)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b0.Header.StateRoot, root) {
		t.Fatal("genesis state root differs")
	}
	if err := fresh.Commit(&store.Commit{Block: b0, Writes: writes, StateNodes: nodes, StateRoot: root, ReceiptRoot: g.Suite().ReceiptRoot(nil)}); err != nil {
		t.Fatal(err)
	}
	ex := &execution.Executor{ChainID: g.ChainID, Params: g.Params, Suite: g.Suite()}
	failed := 0
	for h := uint64(1); h <= head.Height; h++ {
		b, err := src.Store().Block(h)
		if err != nil {
			t.Fatal(err)
		}
		prev := fresh.Head()
		if !bytes.Equal(b.Header.StateRoot, prev.StateRoot) || !bytes.Equal(b.Header.ReceiptRoot, prev.ReceiptRoot) {
			t.Fatalf("height %d: header roots differ from the replayed parent's", h)
		}
		decoded := make([]*types.DecodedTx, len(b.Txs))
		for i, tx := range b.Txs {
			body := &types.TxBody{}
			if err := proto.Unmarshal(tx.Body, body); err != nil {
				t.Fatal(err)
			}
			decoded[i] = &types.DecodedTx{Tx: tx, Body: body, Hash: g.Suite().TxHash(tx)}
		}
		res, err := ex.ExecuteBlock(fresh, prev.StateRoot, b.Header, decoded)
		if err != nil {
			t.Fatal(err)
		}
		want, err := src.Store().Receipts(h)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range res.Receipts {
			if !proto.Equal(r, want[i]) {
				t.Fatalf("height %d receipt %d differs: %v vs %v", h, i, r, want[i])
			}
			if r.Status == types.ReceiptStatus_FAILED {
				failed++
			}
		}
		if err := fresh.Commit(&store.Commit{Block: b, Receipts: res.Receipts, Writes: res.Writes, StateNodes: res.StateNodes, StateRoot: res.StateRoot, ReceiptRoot: res.ReceiptRoot}); err != nil {
			t.Fatal(err)
		}
	}
	if got := fresh.Head(); !bytes.Equal(got.StateRoot, head.StateRoot) || got.Hash != head.Hash {
		t.Fatalf("replayed head %x differs from the node's %x", got.StateRoot, head.StateRoot)
	}
	if failed == 0 {
		t.Fatal("the chain has no failed transactions: the replay covers too little")
	}
	acc, err := state.ReadAccount(fresh, g.Suite().AccountID("replay-7"))
	if err != nil || acc == nil || acc.Balance != 1000 {
		t.Fatalf("replayed account: %v %v", acc, err)
	}
	if _, err := cl.GetAccount(context.Background(), "replay-7"); err != nil {
		t.Fatal(err)
	}
}
