package verify_test

import (
	"errors"
	"fmt"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify"
	"github.com/causeway/causeway/verify/proofpb"
)

// txWorld is a block h of three signed transactions and block h+1, which
// links to it, carries its receipts' root and is signed by a quorum.
type txWorld struct {
	*world
	ms       []member
	txs      []*types.Transaction
	receipts []*types.Receipt
	block    *types.BlockHeader
	next     *proofpb.SignedHeader
	config   *proofpb.ConfigProof
}

const txHeight = 7

func newTxWorld(t *testing.T) *txWorld {
	w, ms := newWorld(t, 4)
	tw := &txWorld{world: w, ms: ms}
	key, err := crypto.GenerateEd25519()
	if err != nil {
		t.Fatal(err)
	}
	sender := w.suite.AccountID("alice")
	var hashes []types.Hash
	for i := range 3 {
		tx, err := w.suite.NewTx(&types.TxBody{ChainId: w.g.ChainID, Sender: sender[:], TimestampMs: w.g.TimeMs, ValidityMs: 60_000,
			Type: types.TxType_DEPOSIT_EVIDENCE, Payload: fmt.Appendf(nil, "doc %d", i), Nonce: uint64(i)}, key)
		if err != nil {
			t.Fatal(err)
		}
		h := w.suite.TxHash(tx)
		tw.txs = append(tw.txs, tx)
		hashes = append(hashes, h)
		tw.receipts = append(tw.receipts, &types.Receipt{TxHash: h[:], Status: types.ReceiptStatus_SUCCESS, Height: txHeight, Index: uint32(i)})
	}
	tw.block = w.header(txHeight, w.root(map[string][]byte{"config": w.config(1, ms...).Encode()}))
	tw.block.TxRoot = w.suite.TxRoot(hashes)
	tw.block.TxCount = uint32(len(hashes))
	enc := w.config(1, ms...).Encode()
	root := w.root(map[string][]byte{"config": enc, "evid/x": []byte("y")})
	next := w.header(txHeight+1, root)
	bh := w.suite.HeaderHash(tw.block)
	next.PrevHash = bh[:]
	next.ReceiptRoot = w.suite.ReceiptRoot(tw.receipts)
	tw.next = w.signed(next, signers(ms[0], ms[1], ms[2])...)
	tw.config = &proofpb.ConfigProof{Config: enc, Proof: w.prove(root, state.ConfigKey())}
	return tw
}

// proof is the proof of transaction i.
func (tw *txWorld) proof(i int) *proofpb.TxProof {
	tw.t.Helper()
	var txItems, rcItems [][]byte
	for j, tx := range tw.txs {
		h := tw.suite.TxHash(tx)
		txItems = append(txItems, h[:])
		rcItems = append(rcItems, types.EncodeReceipt(tw.receipts[j]))
	}
	tp, err := tw.suite.Merkle().Prove(txItems, i)
	if err != nil {
		tw.t.Fatal(err)
	}
	rp, err := tw.suite.Merkle().Prove(rcItems, i)
	if err != nil {
		tw.t.Fatal(err)
	}
	return &proofpb.TxProof{
		Tx:           proto.Clone(tw.txs[i]).(*types.Transaction),
		Receipt:      proto.Clone(tw.receipts[i]).(*types.Receipt),
		Header:       proto.Clone(tw.block).(*types.BlockHeader),
		TxProof:      verify.MerkleProofOf(tp),
		Next:         proto.Clone(tw.next).(*proofpb.SignedHeader),
		ReceiptProof: verify.MerkleProofOf(rp),
		Config:       proto.Clone(tw.config).(*proofpb.ConfigProof),
		ConfigChain:  tw.chain(txHeight + 1),
	}
}

// A transaction proof verifies when every part holds; each hostile proof
// below changes one part, and is refused with the kind that names it.
func TestTxProofRefusesEachBrokenPart(t *testing.T) {
	tw := newTxWorld(t)
	for i := range tw.txs {
		got, err := tw.v.Tx(tw.proof(i))
		if err != nil {
			t.Fatalf("tx %d: %v", i, err)
		}
		if got.Hash != tw.suite.TxHash(tw.txs[i]) || got.Height != txHeight || int(got.Index) != i || got.BlockHash != tw.suite.HeaderHash(tw.block) {
			t.Fatalf("tx %d verified as %+v", i, got)
		}
	}
	key, _ := crypto.GenerateEd25519()
	sender := tw.suite.AccountID("bob")
	stranger, err := tw.suite.NewTx(&types.TxBody{ChainId: tw.g.ChainID, Sender: sender[:], TimestampMs: tw.g.TimeMs, ValidityMs: 60_000,
		Type: types.TxType_DEPOSIT_EVIDENCE, Payload: []byte("not in the block")}, key)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		edit func(p *proofpb.TxProof)
		want error
	}{
		{"next block at another height", func(p *proofpb.TxProof) {
			p.Header.Height++
		}, verify.ErrHeader},
		{"a block the certified header does not link to", func(p *proofpb.TxProof) {
			p.Header.TimeMs++ // same height, other hash
		}, verify.ErrHeader},
		{"a transaction that is not in the block", func(p *proofpb.TxProof) {
			p.Tx = proto.Clone(stranger).(*types.Transaction)
			h := tw.suite.TxHash(p.Tx)
			p.Receipt.TxHash = h[:]
		}, verify.ErrTxInclusion},
		{"an inclusion proof at another index", func(p *proofpb.TxProof) {
			p.TxProof.Index = 2
			p.Receipt.Index = 2
			p.ReceiptProof.Index = 2
		}, verify.ErrTxInclusion},
		{"an inclusion proof over another count", func(p *proofpb.TxProof) {
			p.TxProof.Total = 4
		}, verify.ErrTxInclusion},
		{"the receipt of another transaction", func(p *proofpb.TxProof) {
			p.Receipt = proto.Clone(tw.receipts[0]).(*types.Receipt)
		}, verify.ErrReceiptInclusion},
		{"a receipt of another height", func(p *proofpb.TxProof) {
			p.Receipt.Height++
		}, verify.ErrReceiptInclusion},
		{"a receipt whose status was changed", func(p *proofpb.TxProof) {
			p.Receipt.Status = types.ReceiptStatus_FAILED
			p.Receipt.ErrorCode = "unauthorized"
		}, verify.ErrReceiptInclusion},
		{"a receipt proof at another index", func(p *proofpb.TxProof) {
			p.ReceiptProof.Index = 0
		}, verify.ErrReceiptInclusion},
		{"a receipt proof with a sibling altered", func(p *proofpb.TxProof) {
			p.ReceiptProof.Siblings[0] = append([]byte(nil), p.ReceiptProof.Siblings[0]...)
			p.ReceiptProof.Siblings[0][0] ^= 1
		}, verify.ErrReceiptInclusion},
		{"a transaction signature that does not verify", func(p *proofpb.TxProof) {
			p.Tx.Signatures[0].Signature[2] ^= 1 // the hash is the body's: still included
		}, verify.ErrTransaction},
		{"the next header signed by quorum - 1", func(p *proofpb.TxProof) {
			p.Next.Signatures = p.Next.Signatures[:2]
		}, verify.ErrQuorum},
		{"a block of another chain", func(p *proofpb.TxProof) {
			p.Header.ChainId = "another-chain"
		}, verify.ErrGenesis},
		{"a part missing", func(p *proofpb.TxProof) {
			p.ReceiptProof = nil
		}, verify.ErrMalformed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := tw.proof(1)
			tc.edit(p)
			if _, err := tw.v.Tx(p); !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
}

// A transaction for another chain, included and certified like any other,
// is refused: the proof is of a transaction this chain would not run.
func TestTxProofRefusesAnotherChainsTransaction(t *testing.T) {
	tw := newTxWorld(t)
	key, _ := crypto.GenerateEd25519()
	sender := tw.suite.AccountID("mallory")
	tx, err := tw.suite.NewTx(&types.TxBody{ChainId: "another-chain", Sender: sender[:], TimestampMs: tw.g.TimeMs, ValidityMs: 60_000,
		Type: types.TxType_DEPOSIT_EVIDENCE, Payload: []byte("x")}, key)
	if err != nil {
		t.Fatal(err)
	}
	tw.txs[2] = tx
	h := tw.suite.TxHash(tx)
	tw.receipts[2].TxHash = h[:]
	hashes := []types.Hash{tw.suite.TxHash(tw.txs[0]), tw.suite.TxHash(tw.txs[1]), h}
	tw.block.TxRoot = tw.suite.TxRoot(hashes)
	next := proto.Clone(tw.next.Header).(*types.BlockHeader)
	bh := tw.suite.HeaderHash(tw.block)
	next.PrevHash = bh[:]
	next.ReceiptRoot = tw.suite.ReceiptRoot(tw.receipts)
	tw.next = tw.signed(next, signers(tw.ms[0], tw.ms[1], tw.ms[2])...)
	if _, err := tw.v.Tx(tw.proof(0)); err != nil {
		t.Fatalf("the block's other transaction: %v", err)
	}
	if _, err := tw.v.Tx(tw.proof(2)); !errors.Is(err, verify.ErrTransaction) {
		t.Fatalf("another chain's transaction: %v, want %v", err, verify.ErrTransaction)
	}
}

// The receipt at a transaction's index must be that transaction's, at its
// height and index: a certified block whose receipt list does not match
// its transactions (which honest nodes never sign) proves nothing about
// them.
func TestTxProofRefusesAReceiptOfAnotherTransaction(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(r *types.Receipt, tw *txWorld)
	}{
		{"another transaction's hash", func(r *types.Receipt, tw *txWorld) { h := tw.suite.TxHash(tw.txs[0]); r.TxHash = h[:] }},
		{"another height", func(r *types.Receipt, _ *txWorld) { r.Height = txHeight - 1 }},
		{"another index", func(r *types.Receipt, _ *txWorld) { r.Index = 0 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tw := newTxWorld(t)
			tc.edit(tw.receipts[1], tw)
			next := proto.Clone(tw.next.Header).(*types.BlockHeader)
			next.ReceiptRoot = tw.suite.ReceiptRoot(tw.receipts)
			tw.next = tw.signed(next, signers(tw.ms[0], tw.ms[1], tw.ms[2])...)
			if _, err := tw.v.Tx(tw.proof(2)); err != nil {
				t.Fatalf("the block's other transaction: %v", err)
			}
			if _, err := tw.v.Tx(tw.proof(1)); !errors.Is(err, verify.ErrReceiptInclusion) {
				t.Fatalf("got %v, want %v", err, verify.ErrReceiptInclusion)
			}
		})
	}
}
