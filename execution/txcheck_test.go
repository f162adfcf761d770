package execution

import (
	"errors"
	"fmt"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/types"
)

// signedRaws returns n canonical evidence transactions, each signed by one
// of a few fresh keys.
func signedRaws(t *testing.T, n int) [][]byte {
	t.Helper()
	out := make([][]byte, n)
	for i := range out {
		k := newSigner(fmt.Sprint("key-", i%7))
		d := sign(t, mkBody(fmt.Sprint("account-", i%7), types.TxType_DEPOSIT_EVIDENCE, &types.DepositEvidence{Hash: make([]byte, 32), HashAlgorithm: "sha256"}), k)
		d.Body.Nonce = uint64(i) + 1
		d2 := sign(t, d.Body, k)
		out[i] = types.EncodeTx(d2.Tx)
	}
	return out
}

func decodeAll(t *testing.T, c *TxCache, raws [][]byte) []*types.DecodedTx {
	t.Helper()
	out := make([]*types.DecodedTx, len(raws))
	for i, raw := range raws {
		d, err := c.Decode(raw, 0)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = d
	}
	return out
}

// clone decodes raw afresh, outside any cache, so the test can alter it.
func clone(t *testing.T, raw []byte) *types.DecodedTx {
	t.Helper()
	d, err := types.Intl.DecodeTx(raw, 0)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Each transaction is decoded once: the same bytes again come from the cache.
func TestTxCacheDecodesOnce(t *testing.T) {
	raws := signedRaws(t, 20)
	c := NewTxCache(types.Intl, 1<<10)
	first := decodeAll(t, c, raws)
	again := decodeAll(t, c, raws)
	if got := c.Decodes(); got != uint64(len(raws)) {
		t.Fatalf("%d decodes for %d transactions seen twice, want %d", got, len(raws), len(raws))
	}
	for i := range first {
		if first[i] != again[i] {
			t.Fatalf("tx %d decoded again", i)
		}
	}
	// Non-canonical bytes (the body field repeated: the last one wins)
	// decode, are not cached, and are reported as such.
	bad := protowire.AppendTag(append([]byte(nil), raws[0]...), 1, protowire.BytesType)
	bad = protowire.AppendBytes(bad, first[0].Tx.Body)
	d, err := c.Decode(bad, 0)
	if err != nil {
		t.Fatal(err)
	}
	if Canonical(d, bad) {
		t.Fatal("bytes with an extra field reported canonical")
	}
	if _, err := c.Decode(raws[0], len(raws[0])-1); types.CodeOf(err) != types.CodeTooLarge {
		t.Fatalf("oversized: %v, want too_large", err)
	}
}

// A verified transaction is not verified again, but a copy of it with other
// signature bytes is: the cache is keyed by the whole transaction, not by
// its (body-only) hash.
func TestTxCacheVerifiesWholeTransactions(t *testing.T) {
	raws := signedRaws(t, 100)
	c := NewTxCache(types.Intl, 1<<10)
	txs := decodeAll(t, c, raws)
	for i, err := range c.Verify(txs) {
		if err != nil {
			t.Fatalf("tx %d: %v", i, err)
		}
		if !c.Verified(txs[i]) {
			t.Fatalf("tx %d not recorded as verified", i)
		}
	}
	// Same body (same hash), signature replaced by garbage.
	forged := clone(t, raws[0])
	forged.Tx.Signatures[0].Signature[0] ^= 1
	forged.Raw = types.EncodeTx(forged.Tx)
	if forged.Hash != txs[0].Hash {
		t.Fatal("test setup: the forged copy has another hash")
	}
	if c.Verified(forged) {
		t.Fatal("a copy with a forged signature counts as verified")
	}
	if err := c.Verify([]*types.DecodedTx{forged})[0]; types.CodeOf(err) != types.CodeBadSignature {
		t.Fatalf("forged copy of a verified transaction: %v, want bad_signature", err)
	}
	if c.Verified(forged) {
		t.Fatal("a refused transaction is recorded as verified")
	}
	// A valid extra signature by another key also makes a different
	// transaction, which is verified on its own.
	k, err := crypto.GenerateEd25519()
	if err != nil {
		t.Fatal(err)
	}
	extra := clone(t, raws[1])
	sig, _ := k.Sign(extra.Hash[:])
	extra.Tx.Signatures = append(extra.Tx.Signatures, &types.Signature{Scheme: k.Scheme(), PublicKey: k.PublicKey(), Signature: sig})
	extra.Raw = types.EncodeTx(extra.Tx)
	if c.Verified(extra) {
		t.Fatal("a transaction with an added signature counts as verified")
	}
	if err := c.Verify([]*types.DecodedTx{extra})[0]; err != nil {
		t.Fatal(err)
	}
	// Mixed batch: one bad signature fails only its own transaction.
	fresh := NewTxCache(types.Intl, 1<<10)
	mixed := decodeAll(t, fresh, raws[2:80])
	mixed[10] = clone(t, raws[12])
	mixed[10].Tx.Signatures[0].Signature[5] ^= 0x20
	mixed[10].Raw = types.EncodeTx(mixed[10].Tx)
	for i, err := range fresh.Verify(mixed) {
		if (i == 10) != (err != nil) {
			t.Fatalf("tx %d: %v", i, err)
		}
	}
}

// The cache forgets the oldest generation first, and a transaction in use
// is kept young.
func TestTxCacheForgetsOldGenerations(t *testing.T) {
	raws := signedRaws(t, 5)
	c := NewTxCache(types.Intl, 2)
	decodeAll(t, c, raws[:3]) // the third rotates: {0,1} become the previous generation
	if _, err := c.Decode(raws[0], 0); err != nil || c.Decodes() != 3 {
		t.Fatalf("a recent transaction was decoded again (%d decodes)", c.Decodes())
	}
	decodeAll(t, c, raws[3:5]) // rotates again: 1 is two generations old
	before := c.Decodes()
	if _, err := c.Decode(raws[1], 0); err != nil || c.Decodes() != before+1 {
		t.Fatal("kept a transaction two generations old")
	}
}

// The one transaction check: each rule refuses with its code, in every
// context it runs in, and a ledger failure is not blamed on the transaction.
func TestCheckTxRules(t *testing.T) {
	const now = 1_700_000_000_000
	win := types.DefaultParams().TimeWindow()
	ok := sign(t, mkBody("alice", types.TxType_TRANSFER, &types.Transfer{To: make([]byte, 32), Amount: 1}), newSigner("alice"))
	ok.Body.TimestampMs = now
	base := TxContext{ChainID: ok.Body.ChainId, Window: win, TimeMs: now}
	if terr, err := CheckTx(ok, base); terr != nil || err != nil {
		t.Fatalf("valid transaction: %v %v", terr, err)
	}
	with := func(f func(b *types.TxBody)) *types.DecodedTx {
		b := proto.Clone(ok.Body).(*types.TxBody)
		f(b)
		return &types.DecodedTx{Tx: ok.Tx, Body: b, Hash: ok.Hash}
	}
	cases := map[string]struct {
		d    *types.DecodedTx
		ctx  TxContext
		want types.Code
	}{
		"no body":         {&types.DecodedTx{Tx: ok.Tx}, base, types.CodeMalformed},
		"short sender":    {with(func(b *types.TxBody) { b.Sender = b.Sender[:31] }), base, types.CodeMalformed},
		"other chain":     {with(func(b *types.TxBody) { b.ChainId = "elsewhere" }), base, types.CodeWrongChain},
		"expired":         {ok, TxContext{ChainID: base.ChainID, Window: win, TimeMs: now + ok.Body.ValidityMs + 1}, types.CodeExpired},
		"from the future": {ok, TxContext{ChainID: base.ChainID, Window: win, TimeMs: now - win.MaxFutureMs - 1}, types.CodeFuture},
		"zero validity":   {with(func(b *types.TxBody) { b.ValidityMs = 0 }), base, types.CodeBadValidity},
		"replayed": {ok, TxContext{ChainID: base.ChainID, Window: win, TimeMs: now,
			Committed: func(h types.Hash) (bool, error) { return h == ok.Hash, nil }}, types.CodeDuplicate},
	}
	for name, c := range cases {
		terr, err := CheckTx(c.d, c.ctx)
		if err != nil || terr == nil || terr.Code != c.want {
			t.Errorf("%s: %v %v, want %s", name, terr, err, c.want)
		}
	}
	// At the edges the rules still admit.
	for name, ms := range map[string]int64{"last valid ms": now + ok.Body.ValidityMs, "earliest": now - win.MaxFutureMs} {
		if terr, err := CheckTx(ok, TxContext{ChainID: base.ChainID, Window: win, TimeMs: ms}); terr != nil || err != nil {
			t.Errorf("%s: %v %v", name, terr, err)
		}
	}
	disk := errors.New("disk on fire")
	terr, err := CheckTx(ok, TxContext{ChainID: base.ChainID, Window: win, TimeMs: now, Committed: func(types.Hash) (bool, error) { return false, disk }})
	if terr != nil || !errors.Is(err, disk) {
		t.Fatalf("ledger failure: %v %v, want the ledger's error", terr, err)
	}
}
