package consensus

import (
	"testing"
	"time"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/types"
)

func decodeAll(t *testing.T, raws [][]byte) []*types.DecodedTx {
	t.Helper()
	out := make([]*types.DecodedTx, len(raws))
	for i, raw := range raws {
		d, err := types.Intl.DecodeTx(raw, 0)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = d
	}
	return out
}

// A verified transaction is not verified again, but a copy of it with other
// signature bytes is: the verified set is keyed by the whole transaction,
// not by its (body-only) hash.
func TestVerifySignaturesCachesWholeTransactions(t *testing.T) {
	raws := benchTxs(t, "c", 100, time.Now().UnixMilli())
	set := NewVerifiedSet(1 << 10)
	txs := decodeAll(t, raws)
	for i, err := range VerifySignatures(txs, set) {
		if err != nil {
			t.Fatalf("tx %d: %v", i, err)
		}
		if !set.Contains(VerifiedKey(txs[i])) {
			t.Fatalf("tx %d not recorded as verified", i)
		}
	}
	// Same body (same hash), signature replaced by garbage.
	forged := decodeAll(t, raws[:1])[0]
	forged.Tx.Signatures[0].Signature = append([]byte(nil), forged.Tx.Signatures[0].Signature...)
	forged.Tx.Signatures[0].Signature[0] ^= 1
	forged.Raw = types.EncodeTx(forged.Tx)
	if forged.Hash != txs[0].Hash {
		t.Fatal("test setup: the forged copy has another hash")
	}
	if err := VerifySignatures([]*types.DecodedTx{forged}, set)[0]; types.CodeOf(err) != types.CodeBadSignature {
		t.Fatalf("forged copy of a verified transaction: %v, want bad_signature", err)
	}
	// A valid extra signature by another key also makes a different
	// transaction, which is verified on its own.
	k, err := crypto.GenerateEd25519()
	if err != nil {
		t.Fatal(err)
	}
	extra := decodeAll(t, raws[1:2])[0]
	sig, _ := k.Sign(extra.Hash[:])
	extra.Tx.Signatures = append(extra.Tx.Signatures, &types.Signature{Scheme: k.Scheme(), PublicKey: k.PublicKey(), Signature: sig})
	extra.Raw = types.EncodeTx(extra.Tx)
	if set.Contains(VerifiedKey(extra)) {
		t.Fatal("a transaction with an added signature counts as verified")
	}
	if err := VerifySignatures([]*types.DecodedTx{extra}, set)[0]; err != nil {
		t.Fatal(err)
	}
	// Mixed batch: one bad signature fails only its own transaction.
	mixed := decodeAll(t, raws[2:80])
	mixed[10].Tx.Signatures[0].Signature = append([]byte(nil), mixed[10].Tx.Signatures[0].Signature...)
	mixed[10].Tx.Signatures[0].Signature[5] ^= 0x20
	mixed[10].Raw = types.EncodeTx(mixed[10].Tx)
	for i, err := range VerifySignatures(mixed, NewVerifiedSet(1<<10)) {
		if (i == 10) != (err != nil) {
			t.Fatalf("tx %d: %v", i, err)
		}
	}
}
