package chain_test

import (
	"crypto/sha256"
	"errors"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/chain"
	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/store"
	"github.com/causeway/causeway/types"
)

const chainID = "chain-test"

type fixture struct {
	g     *types.Genesis
	key   crypto.Key
	fs    vfs.FS
	chain *chain.Chain
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	key, err := crypto.GenerateEd25519()
	if err != nil {
		t.Fatal(err)
	}
	g := &types.Genesis{ChainID: chainID, TimeMs: 1_700_000_000_000, Params: types.DefaultParams(),
		Accounts: []types.GenesisAccount{{Name: "alice", Scheme: key.Scheme(), PublicKey: key.PublicKey(), Balance: 1000}}}
	f := &fixture{g: g, key: key, fs: vfs.NewMem()}
	f.chain = f.open(t)
	return f
}

func (f *fixture) open(t *testing.T) *chain.Chain {
	t.Helper()
	st, err := store.Open("ledger", store.WithFS(f.fs), store.WithSuite(f.g.Suite()))
	if err != nil {
		t.Fatal(err)
	}
	c, err := chain.Open(st, f.g, chain.Options{})
	if err != nil {
		st.Close()
		t.Fatal(err)
	}
	return c
}

// block makes the block after the head holding txs (its quorum is not
// Apply's business: consensus checks it before).
func (f *fixture) block(t *testing.T, txs ...*types.Transaction) *types.Block {
	t.Helper()
	head := f.chain.Head()
	hashes := make([]types.Hash, len(txs))
	for i, tx := range txs {
		hashes[i] = f.g.Suite().TxHash(tx)
	}
	return &types.Block{Header: &types.BlockHeader{ChainId: chainID, Height: head.Height + 1, PrevHash: head.Hash.Bytes(),
		TimeMs: head.TimeMs + 1000, TxRoot: f.g.Suite().TxRoot(hashes), StateRoot: head.StateRoot, ReceiptRoot: head.ReceiptRoot,
		TxCount: uint32(len(txs))}, Txs: txs}
}

func (f *fixture) deposit(t *testing.T, tag string) *types.Transaction {
	t.Helper()
	d := sha256.Sum256([]byte(tag))
	payload, _ := proto.Marshal(&types.DepositEvidence{Hash: d[:], HashAlgorithm: "sha256"})
	sender := f.g.Suite().AccountID("alice")
	tx, err := f.g.Suite().NewTx(&types.TxBody{ChainId: chainID, Sender: sender[:], TimestampMs: f.chain.Head().TimeMs,
		ValidityMs: 60_000, Type: types.TxType_DEPOSIT_EVIDENCE, Payload: payload, Nonce: 1}, f.key)
	if err != nil {
		t.Fatal(err)
	}
	return tx
}

// Apply commits a block durably with its results, tells the observers in
// order before waking waiters, and the block survives a reopen.
func TestApplyCommitsAndNotifies(t *testing.T) {
	f := newFixture(t)
	tx := f.deposit(t, "one")
	h := f.g.Suite().TxHash(tx)
	done, cancel := f.chain.Wait(h)
	defer cancel()
	var order []string
	f.chain.OnApply(func(a *chain.Applied) {
		select {
		case <-done:
			t.Error("a waiter was woken before the observers ran")
		default:
		}
		order = append(order, "first")
	})
	f.chain.OnApply(func(a *chain.Applied) { order = append(order, "second") })
	b := f.block(t, tx)
	a, err := f.chain.Apply(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Receipts) != 1 || a.Receipts[0].Status != types.ReceiptStatus_SUCCESS || a.Hashes[0] != h || a.Config != nil {
		t.Fatalf("applied: %+v", a)
	}
	if len(order) != 2 || order[0] != "first" || order[1] != "second" {
		t.Fatalf("observers ran as %v", order)
	}
	select {
	case <-done:
	default:
		t.Fatal("the waiter was not woken")
	}
	if ok, _ := f.chain.HasTx(h); !ok || f.chain.Head().Height != 1 {
		t.Fatal("the block is not committed")
	}
	// The decode went through the node's cache: applying decoded it once.
	if f.chain.TxCache().Decodes() != 1 {
		t.Fatalf("%d decodes", f.chain.TxCache().Decodes())
	}
	if err := f.chain.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := f.chain.Apply(f.block(t), nil); !errors.Is(err, chain.ErrClosed) {
		t.Fatalf("apply after close: %v", err)
	}
	re := f.open(t)
	defer re.Close()
	if re.Head().Height != 1 {
		t.Fatalf("reopened at %d", re.Head().Height)
	}
}

// A block that does not follow the head is refused and changes nothing.
func TestApplyRefusesBlocksOutOfOrder(t *testing.T) {
	f := newFixture(t)
	defer f.chain.Close()
	before := f.chain.Head()
	b := f.block(t, f.deposit(t, "gap"))
	b.Header.Height += 1
	if _, err := f.chain.Apply(b, nil); err == nil {
		t.Fatal("a block above head+1 was applied")
	}
	old := f.block(t)
	old.Header.Height = before.Height
	if _, err := f.chain.Apply(old, nil); err == nil {
		t.Fatal("a block at the head's height was applied")
	}
	b = f.block(t, f.deposit(t, "mismatch"))
	if _, err := f.chain.Apply(b, []*types.DecodedTx{}); err == nil {
		t.Fatal("a block applied with the wrong number of decoded transactions")
	}
	if after := f.chain.Head(); after.Height != before.Height || after.Hash != before.Hash {
		t.Fatal("a refused block changed the head")
	}
}

// A store holding another chain is refused.
func TestOpenRefusesAnotherChainsStore(t *testing.T) {
	f := newFixture(t)
	f.chain.Close()
	f.g.ChainID = "another-chain"
	st, err := store.Open("ledger", store.WithFS(f.fs), store.WithSuite(f.g.Suite()))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := chain.Open(st, f.g, chain.Options{}); !errors.Is(err, chain.ErrGenesisMismatch) {
		t.Fatalf("open: %v, want ErrGenesisMismatch", err)
	}
}
