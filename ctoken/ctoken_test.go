package ctoken

import (
	"bytes"
	"errors"
	"testing"

	"github.com/causeway/causeway/crypto/confidential"
	"github.com/causeway/causeway/crypto/seal"
	"github.com/causeway/causeway/sealing"
	"github.com/causeway/causeway/types"
)

const chain = "ctoken-test"

func reader(t testing.TB, name string) (*seal.EncryptionKey, []sealing.Reader) {
	t.Helper()
	k, err := seal.GenerateEncryptionKey(seal.SuiteIntl)
	if err != nil {
		t.Fatal(err)
	}
	id := types.Intl.AccountID(name)
	acct := &types.Account{Id: id.Bytes(), EncryptionKey: k.PublicKey()}
	rs, terr, err := HolderReaders(types.Intl, &types.ChainConfig{}, acct)
	if terr != nil || err != nil {
		t.Fatal(terr, err)
	}
	return k, rs
}

// verify runs the checks execution runs on a transfer's proofs.
func verify(p *types.TokenTransfer, token, from, to types.Hash) *types.TxError {
	ctx := TransferContext(chain, token, from, to, p.Balance)
	bal, _ := confidential.DecodeCommitment(p.Balance)
	a, err := confidential.DecodeCommitment(p.Amount.Commitment)
	if err != nil {
		return types.Errorf(types.CodeBadCommitment, "%v", err)
	}
	c, err := confidential.DecodeCommitment(p.Change.Commitment)
	if err != nil {
		return types.Errorf(types.CodeBadCommitment, "%v", err)
	}
	if terr := VerifyRange(a, p.AmountProof, ctx, types.CodeBadRangeProof, "amount"); terr != nil {
		return terr
	}
	if terr := VerifyRange(c, p.ChangeProof, ctx, types.CodeInsufficientFunds, "change"); terr != nil {
		return terr
	}
	return VerifyBalance(bal, a, c, p.BalanceProof, ctx)
}

// A transfer made by NewTransfer verifies under its own context only; its
// outputs open, with the recipient's and the sender's keys, to the amount
// and the change; an amount above the balance is refused client-side.
func TestTransferRoundTrip(t *testing.T) {
	token := TokenID(types.Intl, "t")
	from, to := types.Intl.AccountID("a"), types.Intl.AccountID("b")
	fk, frs := reader(t, "a")
	tk, trs := reader(t, "b")
	bal, _ := confidential.NewOpening(1000)
	p, change, err := NewTransfer(types.Intl, chain, token, from, to, bal, 250, trs, frs)
	if err != nil {
		t.Fatal(err)
	}
	if change.Value != 750 {
		t.Fatalf("change %d", change.Value)
	}
	if terr := verify(p, token, from, to); terr != nil {
		t.Fatal(terr)
	}
	if terr := verify(p, token, from, types.Intl.AccountID("c")); terr == nil || terr.Code != types.CodeBadRangeProof {
		t.Fatalf("another recipient's context: %v", terr)
	}
	for _, c := range []struct {
		out  *types.TokenOutput
		key  *seal.EncryptionKey
		want uint64
	}{{p.Amount, tk, 250}, {p.Change, fk, 750}} {
		o, err := OpenOutput(chain, &types.TokenOutputRecord{Commitment: c.out.Commitment, Envelope: c.out.Envelope}, c.key)
		if err != nil || o.Value != c.want {
			t.Fatalf("open: %d %v", o.Value, err)
		}
	}
	if _, err := OpenOutput(chain, &types.TokenOutputRecord{Commitment: p.Amount.Commitment, Envelope: p.Amount.Envelope}, fk); !errors.Is(err, seal.ErrNotARecipient) {
		t.Fatalf("the sender opens the amount: %v", err)
	}
	// An envelope whose opening does not open the commitment.
	if _, err := OpenOutput(chain, &types.TokenOutputRecord{Commitment: p.Change.Commitment, Envelope: p.Amount.Envelope}, tk); !errors.Is(err, ErrBadOpening) {
		t.Fatalf("mismatched opening: %v", err)
	}
	if _, _, err := NewTransfer(types.Intl, chain, token, from, to, bal, 1001, trs, frs); !errors.Is(err, ErrInsufficient) {
		t.Fatalf("overdraw: %v", err)
	}
}

// Balance sums the outputs from base and checks the sum opens the balance
// commitment; a missing or extra output is refused.
func TestBalance(t *testing.T) {
	k, rs := reader(t, "a")
	var recs []*types.TokenOutputRecord
	sum := confidential.Commitment{}
	for i, v := range []uint64{5, 7, 11} {
		o, _ := confidential.NewOpening(v)
		out, err := Output(types.Intl, chain, o, rs)
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, &types.TokenOutputRecord{Index: uint64(i) + 2, Commitment: out.Commitment, Envelope: out.Envelope})
		sum = sum.Add(o.Commitment())
	}
	bal := &types.TokenBalance{Commitment: sum.Bytes(), Base: 2, Outputs: 5}
	o, err := Balance(chain, bal, recs, k)
	if err != nil || o.Value != 23 {
		t.Fatalf("balance %d %v", o.Value, err)
	}
	if _, err := Balance(chain, bal, recs[:2], k); err == nil {
		t.Fatal("a missing output was accepted")
	}
	bal.Commitment = sum.AddValue(1).Bytes()
	if _, err := Balance(chain, bal, recs, k); !errors.Is(err, ErrBadOpening) {
		t.Fatalf("wrong balance commitment: %v", err)
	}
}

// Openings encode to 40 bytes and refuse other lengths and non-canonical
// blindings; contexts differ in every field.
func TestEncodings(t *testing.T) {
	o, _ := confidential.NewOpening(1 << 63)
	b := EncodeOpening(o)
	if len(b) != OpeningSize {
		t.Fatal(len(b))
	}
	d, err := DecodeOpening(b)
	if err != nil || d.Value != o.Value || !d.Blinding.Equal(o.Blinding) {
		t.Fatalf("round trip: %v", err)
	}
	for _, bad := range [][]byte{b[:39], append(bytes.Clone(b), 0), append(b[:8:8], bytes.Repeat([]byte{0xff}, 32)...)} {
		if _, err := DecodeOpening(bad); !errors.Is(err, ErrBadOpening) {
			t.Fatalf("%x: %v", bad, err)
		}
	}
	h := func(s string) types.Hash { return types.Intl.AccountID(s) }
	base := TransferContext("c", h("t"), h("a"), h("b"), []byte{1})
	for _, other := range [][]byte{
		TransferContext("d", h("t"), h("a"), h("b"), []byte{1}), TransferContext("c", h("u"), h("a"), h("b"), []byte{1}),
		TransferContext("c", h("t"), h("b"), h("a"), []byte{1}), TransferContext("c", h("t"), h("a"), h("b"), []byte{2}),
		IssueContext("c", h("t"), h("a"), h("b")),
	} {
		if bytes.Equal(base, other) {
			t.Fatal("two contexts are equal")
		}
	}
	if terr := CheckName(""); terr == nil {
		t.Fatal("empty name")
	}
	if terr := CheckName(string(bytes.Repeat([]byte{'a'}, MaxNameBytes+1))); terr == nil {
		t.Fatal("long name")
	}
}

// BenchmarkConfidentialTransfer: a transfer's client side (two range
// proofs, a balance proof, two sealed openings) and the chain's checks
// (two range proof and one balance proof verifications).
func BenchmarkConfidentialTransfer(b *testing.B) {
	token := TokenID(types.Intl, "t")
	from, to := types.Intl.AccountID("a"), types.Intl.AccountID("b")
	_, frs := reader(b, "a")
	_, trs := reader(b, "b")
	bal, _ := confidential.NewOpening(1_000_000)
	p, _, err := NewTransfer(types.Intl, chain, token, from, to, bal, 1, trs, frs) // warms the generators
	if err != nil {
		b.Fatal(err)
	}
	b.Run("prove", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, _, err := NewTransfer(types.Intl, chain, token, from, to, bal, 12345, trs, frs); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("verify", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if terr := verify(p, token, from, to); terr != nil {
				b.Fatal(terr)
			}
		}
	})
}

// On a GM chain the openings are sealed with SM2 + SM4-GCM to SM2 keys and
// token ids are SM3 hashes; a transfer verifies and its outputs open.
func TestGMTransfer(t *testing.T) {
	key := func(name string) (*seal.EncryptionKey, []sealing.Reader) {
		k, err := seal.GenerateEncryptionKey(seal.SuiteGM)
		if err != nil {
			t.Fatal(err)
		}
		acct := &types.Account{Id: types.GM.AccountID(name).Bytes(), EncryptionKey: k.PublicKey()}
		rs, terr, err := HolderReaders(types.GM, &types.ChainConfig{}, acct)
		if terr != nil || err != nil {
			t.Fatal(terr, err)
		}
		return k, rs
	}
	token := TokenID(types.GM, "t")
	if token == TokenID(types.Intl, "t") {
		t.Fatal("the GM token id is the intl one")
	}
	from, to := types.GM.AccountID("a"), types.GM.AccountID("b")
	_, frs := key("a")
	tk, trs := key("b")
	bal, _ := confidential.NewOpening(10)
	p, _, err := NewTransfer(types.GM, chain, token, from, to, bal, 4, trs, frs)
	if err != nil {
		t.Fatal(err)
	}
	if terr := verify(p, token, from, to); terr != nil {
		t.Fatal(terr)
	}
	env, err := seal.Unmarshal(p.Amount.Envelope, 0)
	if err != nil || env.Suite != seal.SuiteGM {
		t.Fatalf("envelope suite: %v %v", env.GetSuite(), err)
	}
	if _, terr := CheckOutput(types.Intl, p.Amount, trs, 0); terr == nil || terr.Code != types.CodeBadEnvelope {
		t.Fatalf("a GM envelope on an intl chain: %v", terr)
	}
	o, err := OpenOutput(chain, &types.TokenOutputRecord{Commitment: p.Amount.Commitment, Envelope: p.Amount.Envelope}, tk)
	if err != nil || o.Value != 4 {
		t.Fatalf("open: %d %v", o.Value, err)
	}
}
