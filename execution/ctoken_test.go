package execution

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/causeway/causeway/crypto/confidential"
	"github.com/causeway/causeway/crypto/seal"
	"github.com/causeway/causeway/ctoken"
	"github.com/causeway/causeway/sealing"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
	"google.golang.org/protobuf/proto"
)

// tokenFixture is a four-org chain with accounts ivan (the issuer), hana and
// otto (holders) and audra (the auditor account, named by governance with
// the auditor key), each with its own encryption key, and a token "CNY-c"
// issued by ivan.
type tokenFixture struct {
	*govFixture
	keys    map[string]*seal.EncryptionKey
	signers map[string]*testSigner
	auditor *seal.EncryptionKey
	token   types.Hash
}

func newTokenFixture(t *testing.T) *tokenFixture {
	t.Helper()
	f := &tokenFixture{govFixture: newGov(t), keys: map[string]*seal.EncryptionKey{}, signers: map[string]*testSigner{}}
	for _, name := range []string{"ivan", "hana", "otto", "audra"} {
		k, err := seal.GenerateEncryptionKey(seal.SuiteIntl)
		if err != nil {
			t.Fatal(err)
		}
		s := newSigner(name)
		f.keys[name], f.signers[name] = k, s
		rc, _ := f.run(t, sign(t, mkBody(name, types.TxType_CREATE_ACCOUNT, &types.CreateAccount{
			Name: name, Scheme: s.Scheme(), PublicKey: s.PublicKey(), EncryptionKey: k.PublicKey()}), s))
		wantReceipt(t, rc, "")
	}
	var err error
	if f.auditor, err = seal.GenerateEncryptionKey(seal.SuiteIntl); err != nil {
		t.Fatal(err)
	}
	audra := id("audra")
	f.pass(t, 1, &types.Proposal{Action: &types.Proposal_SetAuditor{SetAuditor: &types.SetAuditor{PublicKey: f.auditor.PublicKey(), Account: audra[:]}}})
	rc, _ := f.run(t, f.tx(t, "ivan", types.TxType_TOKEN_CREATE, &types.TokenCreate{Name: "CNY-c"}))
	wantReceipt(t, rc, "")
	f.token = ctoken.TokenID(types.Intl, "CNY-c")
	return f
}

func (f *tokenFixture) tx(t *testing.T, name string, typ types.TxType, p proto.Message) *types.DecodedTx {
	t.Helper()
	return sign(t, mkBody(name, typ, p), f.signers[name])
}

// readers returns the readers of holder's outputs as the chain has them.
func (f *tokenFixture) readers(t *testing.T, holder string) []sealing.Reader {
	t.Helper()
	rs, terr, err := ctoken.HolderReaders(types.Intl, f.config(t), mustAccount(t, f.m, holder))
	if terr != nil || err != nil {
		t.Fatalf("readers of %s: %v %v", holder, terr, err)
	}
	return rs
}

func (f *tokenFixture) issueTx(t *testing.T, by, to string, v uint64) (*types.DecodedTx, *types.TokenIssue) {
	t.Helper()
	p, _, err := ctoken.NewIssue(types.Intl, testChain, f.token, id("ivan"), id(to), v, f.readers(t, to))
	if err != nil {
		t.Fatal(err)
	}
	return f.tx(t, by, types.TxType_TOKEN_ISSUE, p), p
}

// balance opens holder's balance with its own key.
func (f *tokenFixture) balance(t *testing.T, holder string) confidential.Opening {
	t.Helper()
	o, err := ctoken.Balance(testChain, f.balanceRecord(t, holder), f.outputs(t, holder), f.keys[holder])
	if err != nil {
		t.Fatalf("balance of %s: %v", holder, err)
	}
	return o
}

func (f *tokenFixture) balanceRecord(t *testing.T, holder string) *types.TokenBalance {
	t.Helper()
	b := f.m.kv[string(state.TokenBalanceKey(f.token, id(holder)))]
	if b == nil {
		return &types.TokenBalance{Commitment: confidential.Commitment{}.Bytes()}
	}
	r, err := state.DecodeTokenBalance(b)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (f *tokenFixture) output(t *testing.T, holder string, i uint64) *types.TokenOutputRecord {
	t.Helper()
	r, err := state.DecodeTokenOutput(f.m.kv[string(state.TokenOutputKey(f.token, id(holder), i))])
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (f *tokenFixture) outputs(t *testing.T, holder string) []*types.TokenOutputRecord {
	bal := f.balanceRecord(t, holder)
	var outs []*types.TokenOutputRecord
	for i := bal.Base; i < bal.Outputs; i++ {
		outs = append(outs, f.output(t, holder, i))
	}
	return outs
}

// transferPayload proves a transfer of amount from from's current balance.
func (f *tokenFixture) transferPayload(t *testing.T, from, to string, amount uint64) *types.TokenTransfer {
	t.Helper()
	p, _, err := ctoken.NewTransfer(types.Intl, testChain, f.token, id(from), id(to), f.balance(t, from), amount, f.readers(t, to), f.readers(t, from))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// refused executes d alone on the current state and checks it fails with
// code and changes nothing.
func (f *tokenFixture) refused(t *testing.T, d *types.DecodedTx, code types.Code) {
	t.Helper()
	res := execute(t, f.m, f.height+1, d)
	wantReceipt(t, res.Receipts[0], code)
	wantUnchanged(t, f.m, res)
}

// Issues and transfers with hidden amounts: each holder opens its balance
// from its own sealed outputs (and only those), the supply commitment opens
// to the issued total, no amount appears in the state or the events, and
// the auditor opens every output; its accesses are logged in order.
func TestConfidentialToken(t *testing.T) {
	f := newTokenFixture(t)
	d, _ := f.issueTx(t, "ivan", "hana", 1000)
	rc, _ := f.run(t, d)
	wantReceipt(t, rc, "")
	d, _ = f.issueTx(t, "ivan", "otto", 5)
	rc, _ = f.run(t, d)
	wantReceipt(t, rc, "")
	rc, _ = f.run(t, f.tx(t, "hana", types.TxType_TOKEN_TRANSFER, f.transferPayload(t, "hana", "otto", 300)))
	wantReceipt(t, rc, "")
	rc, _ = f.run(t, f.tx(t, "otto", types.TxType_TOKEN_TRANSFER, f.transferPayload(t, "otto", "hana", 105)))
	wantReceipt(t, rc, "")
	rc, _ = f.run(t, f.tx(t, "hana", types.TxType_TOKEN_TRANSFER, f.transferPayload(t, "hana", "otto", 805)))
	wantReceipt(t, rc, "") // all of it: a zero change
	for holder, want := range map[string]uint64{"hana": 0, "otto": 1005} {
		if got := f.balance(t, holder).Value; got != want {
			t.Fatalf("%s's balance: %d, want %d", holder, got, want)
		}
	}
	// Another holder's key opens none of hana's outputs.
	if _, err := ctoken.OpenOutput(testChain, f.output(t, "hana", 0), f.keys["otto"]); !errors.Is(err, seal.ErrNotARecipient) {
		t.Fatalf("otto opens hana's output: %v", err)
	}
	// The supply: the issuer sums the issue outputs it made.
	tok, err := state.DecodeToken(f.m.kv[string(state.TokenKey(f.token))])
	if err != nil || tok.Issues != 2 || !bytes.Equal(tok.Issuer, id("ivan").Bytes()) {
		t.Fatalf("token %v %v", tok, err)
	}
	var supply confidential.Opening
	for _, h := range []string{"hana", "otto"} {
		o, err := ctoken.OpenOutput(testChain, f.output(t, h, 0), f.auditor)
		if err != nil {
			t.Fatal(err)
		}
		supply.Value += o.Value
		supply.Blinding = supply.Blinding.Add(o.Blinding)
	}
	if !bytes.Equal(supply.Commitment().Bytes(), tok.Supply) || supply.Value != 1005 {
		t.Fatalf("supply commitment does not open to the issued 1005")
	}
	// The auditor opens every output of both holders, logging each first.
	var total, opened uint64
	for _, h := range []string{"hana", "otto"} {
		for i := uint64(0); i < f.balanceRecord(t, h).Outputs; i++ {
			rc, _ := f.run(t, f.tx(t, "audra", types.TxType_AUDIT_ACCESS, &types.AuditAccess{Token: f.token[:], Holder: id(h).Bytes(), Index: i, Reason: "annual review"}))
			wantReceipt(t, rc, "")
			out := f.output(t, h, i)
			if !bytes.Equal(out.AuditorKeyId, keyIDBytes(f.auditor)) {
				t.Fatalf("output %s/%d names auditor key %x", h, i, out.AuditorKeyId)
			}
			o, err := ctoken.OpenOutput(testChain, out, f.auditor)
			if err != nil {
				t.Fatalf("auditor opens %s/%d: %v", h, i, err)
			}
			total += o.Value
			rec, err := state.DecodeAudit(f.m.kv[string(state.AuditLogKey(opened))])
			if err != nil || rec.Seq != opened || rec.Index != i || !bytes.Equal(rec.Holder, id(h).Bytes()) || !bytes.Equal(rec.Auditor, id("audra").Bytes()) || rec.Reason != "annual review" {
				t.Fatalf("audit record %d: %v %v", opened, rec, err)
			}
			opened++
		}
	}
	// hana: issue 1000, change 700, received 105, change 0; otto: issue 5, received 300, change 200, received 805.
	if total != 1000+700+105+0+5+300+200+805 || opened != 8 {
		t.Fatalf("auditor total %d over %d outputs", total, opened)
	}
	if n, _ := state.DecodeNonce(f.m.kv[string(state.AuditCountKey())]); n != 8 {
		t.Fatalf("audit count %d", n)
	}
}

// Every hostile case is refused with its code and changes nothing.
func TestConfidentialTokenRefusals(t *testing.T) {
	f := newTokenFixture(t)
	d, _ := f.issueTx(t, "ivan", "hana", 700)
	rc, _ := f.run(t, d)
	wantReceipt(t, rc, "")
	good := f.transferPayload(t, "hana", "otto", 300)
	clone := func() *types.TokenTransfer { return proto.Clone(good).(*types.TokenTransfer) }
	transfer := func(p *types.TokenTransfer) *types.DecodedTx {
		return f.tx(t, "hana", types.TxType_TOKEN_TRANSFER, p)
	}
	flip := func(b []byte, i int) []byte { c := bytes.Clone(b); c[i] ^= 0x01; return c }

	t.Run("non-issuer issue", func(t *testing.T) {
		d, _ := f.issueTx(t, "hana", "hana", 1_000_000)
		f.refused(t, d, types.CodeNotIssuer)
	})
	t.Run("forged issue range proof", func(t *testing.T) {
		_, p := f.issueTx(t, "ivan", "hana", 10)
		p.RangeProof = flip(p.RangeProof, 200)
		f.refused(t, f.tx(t, "ivan", types.TxType_TOKEN_ISSUE, p), types.CodeBadRangeProof)
	})
	t.Run("issue proof for another recipient", func(t *testing.T) {
		_, p := f.issueTx(t, "ivan", "hana", 10)
		q := proto.Clone(p).(*types.TokenIssue)
		q.To = id("otto").Bytes()
		q.Output.Envelope = mustOutput(t, f, "otto").Envelope // sealed right, proof for hana's context
		f.refused(t, f.tx(t, "ivan", types.TxType_TOKEN_ISSUE, q), types.CodeBadRangeProof)
	})
	t.Run("forged amount range proof", func(t *testing.T) {
		p := clone()
		p.AmountProof = flip(p.AmountProof, 100)
		f.refused(t, transfer(p), types.CodeBadRangeProof)
	})
	t.Run("amount range proof of another context", func(t *testing.T) {
		// Canonical and well-formed, for the right commitment, but made for
		// another recipient: the transcript differs, the proof fails.
		p := clone()
		a, err := ctoken.OpenOutput(testChain, &types.TokenOutputRecord{Commitment: p.Amount.Commitment, Envelope: p.Amount.Envelope}, f.keys["otto"])
		if err != nil {
			t.Fatal(err)
		}
		p.AmountProof = rangeProofOf(t, a, ctoken.TransferContext(testChain, f.token, id("hana"), id("ivan"), p.Balance))
		f.refused(t, transfer(p), types.CodeBadRangeProof)
	})
	t.Run("overdraw", func(t *testing.T) {
		// 800 of a balance of 700: the change commits to −100 mod ℓ, and
		// no range proof for it exists; the sender offers one for another
		// commitment (an honest prover refuses to make one).
		bal := f.balance(t, "hana")
		if _, _, err := ctoken.NewTransfer(types.Intl, testChain, f.token, id("hana"), id("otto"), bal, 800, f.readers(t, "otto"), f.readers(t, "hana")); !errors.Is(err, ctoken.ErrInsufficient) {
			t.Fatalf("client-side overdraw: %v", err)
		}
		a, _ := confidential.NewOpening(800)
		change := bal.Commitment().Sub(a.Commitment()) // commits to ℓ−100
		p := clone()
		p.Amount = outputOf(t, f, a, "otto")
		p.Amount.Commitment = a.Commitment().Bytes()
		p.Change.Commitment = change.Bytes()
		ctx := ctoken.TransferContext(testChain, f.token, id("hana"), id("otto"), p.Balance)
		p.AmountProof = rangeProofOf(t, a, ctx)
		p.ChangeProof = good.ChangeProof
		f.refused(t, transfer(p), types.CodeInsufficientFunds)
	})
	t.Run("wrong balance proof", func(t *testing.T) {
		// Valid range proofs for an amount 300 and a change 500 (800 out of
		// 700), with the balance proof of the honest 300 + 400.
		p := clone()
		ctx := ctoken.TransferContext(testChain, f.token, id("hana"), id("otto"), p.Balance)
		c, _ := confidential.NewOpening(500)
		p.Change = outputOf(t, f, c, "hana")
		p.ChangeProof = rangeProofOf(t, c, ctx)
		f.refused(t, transfer(p), types.CodeBadBalanceProof)
		q := clone()
		q.BalanceProof = flip(q.BalanceProof, 40)
		f.refused(t, transfer(q), types.CodeBadBalanceProof)
	})
	t.Run("output without the auditor", func(t *testing.T) {
		p := clone()
		a, _ := confidential.NewOpening(1)
		// The holder alone: readers come in key order, so the auditor's
		// place among them depends on the (random) keys.
		var holder []sealing.Reader
		for _, r := range f.readers(t, "otto") {
			if r.Label != types.SealLabelAuditor {
				holder = append(holder, r)
			}
		}
		if len(holder) != 1 {
			t.Fatalf("readers of otto besides the auditor: %v", holder)
		}
		env, err := ctoken.SealOpening(types.Intl, testChain, a, holder)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Equal(env, p.Amount.Envelope) {
			t.Fatal("same envelope")
		}
		p.Amount.Envelope = env
		d := transfer(p)
		res := execute(t, f.m, f.height+1, d)
		wantReceipt(t, res.Receipts[0], types.CodeReaderMismatch)
		if !strings.Contains(res.Receipts[0].Error, "the auditor") {
			t.Fatalf("the reason does not name the auditor: %s", res.Receipts[0].Error)
		}
		wantUnchanged(t, f.m, res)
	})
	t.Run("bad commitment", func(t *testing.T) {
		p := clone()
		p.Amount.Commitment = bytes.Repeat([]byte{0xff}, 32)
		f.refused(t, transfer(p), types.CodeBadCommitment)
	})
	t.Run("to oneself", func(t *testing.T) {
		p := clone()
		p.To = id("hana").Bytes()
		f.refused(t, transfer(p), types.CodeInvalidPayload)
	})
	t.Run("unknown token", func(t *testing.T) {
		p := clone()
		p.Token = ctoken.TokenID(types.Intl, "nope").Bytes()
		f.refused(t, transfer(p), types.CodeUnknownToken)
	})
	t.Run("token name taken", func(t *testing.T) {
		f.refused(t, f.tx(t, "hana", types.TxType_TOKEN_CREATE, &types.TokenCreate{Name: "CNY-c"}), types.CodeTokenExists)
	})
	t.Run("someone else's balance", func(t *testing.T) {
		// otto submits hana's proofs as his own transfer: his balance is not
		// the one they were made against.
		p := clone()
		p.To = id("ivan").Bytes()
		f.refused(t, f.tx(t, "otto", types.TxType_TOKEN_TRANSFER, p), types.CodeStaleBalance)
	})
	t.Run("replayed transfer", func(t *testing.T) {
		d := transfer(clone())
		rc, _ := f.run(t, d)
		wantReceipt(t, rc, "")
		// The same transaction again: a duplicate.
		f.refused(t, d, types.CodeDuplicate)
		// The same proofs in a new transaction: the balance has moved on.
		f.refused(t, transfer(clone()), types.CodeStaleBalance)
		if got := f.balance(t, "hana").Value; got != 400 {
			t.Fatalf("hana: %d after one transfer of 300", got)
		}
	})
	t.Run("non-auditor access", func(t *testing.T) {
		f.refused(t, f.tx(t, "hana", types.TxType_AUDIT_ACCESS, &types.AuditAccess{Token: f.token[:], Holder: id("hana").Bytes(), Index: 0}), types.CodeNotAuditor)
		f.refused(t, f.tx(t, "audra", types.TxType_AUDIT_ACCESS, &types.AuditAccess{Token: f.token[:], Holder: id("hana").Bytes(), Index: 99}), types.CodeUnknownOutput)
	})
}

// The auditor governance rules: its own key, an existing account; before
// any auditor, AUDIT_ACCESS is refused and outputs are sealed to the holder
// alone.
func TestAuditorGovernance(t *testing.T) {
	f := &tokenFixture{govFixture: newGov(t), keys: map[string]*seal.EncryptionKey{}, signers: map[string]*testSigner{}}
	k, _ := seal.GenerateEncryptionKey(seal.SuiteIntl)
	s := newSigner("audra")
	f.signers["audra"] = s
	rc, _ := f.run(t, sign(t, mkBody("audra", types.TxType_CREATE_ACCOUNT, &types.CreateAccount{Name: "audra", Scheme: s.Scheme(), PublicKey: s.PublicKey(), EncryptionKey: k.PublicKey()}), s))
	wantReceipt(t, rc, "")
	f.refused(t, f.tx(t, "audra", types.TxType_AUDIT_ACCESS, &types.AuditAccess{Token: make([]byte, 32), Holder: make([]byte, 32)}), types.CodeNotAuditor)
	propose := func(pub, acct []byte) *types.Receipt {
		_, rc, _ := f.propose(t, 1, &types.Proposal{Action: &types.Proposal_SetAuditor{SetAuditor: &types.SetAuditor{PublicKey: pub, Account: acct}}})
		return rc
	}
	wantReceipt(t, propose(k.PublicKey(), id("nobody").Bytes()), types.CodeUnknownAccount)
	wantReceipt(t, propose(make([]byte, 32), id("audra").Bytes()), types.CodeInvalidPayload) // low-order X25519
	wantReceipt(t, propose(k.PublicKey(), []byte{1}), types.CodeInvalidPayload)
	res := f.pass(t, 2, &types.Proposal{Action: &types.Proposal_SetAuditor{SetAuditor: &types.SetAuditor{PublicKey: k.PublicKey(), Account: id("audra").Bytes()}}})
	a := res.Config.Auditor
	if a == nil || a.KeyID != k.ID().String() || a.Account != id("audra").String() || a.FromHeight != f.height+1 {
		t.Fatalf("auditor %+v", a)
	}
	wantReceipt(t, propose(k.PublicKey(), id("audra").Bytes()), types.CodeDuplicate)
}

func mustOutput(t *testing.T, f *tokenFixture, holder string) *types.TokenOutput {
	o, _ := confidential.NewOpening(10)
	return outputOf(t, f, o, holder)
}

func outputOf(t *testing.T, f *tokenFixture, o confidential.Opening, holder string) *types.TokenOutput {
	t.Helper()
	out, err := ctoken.Output(types.Intl, testChain, o, f.readers(t, holder))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func rangeProofOf(t *testing.T, o confidential.Opening, ctx []byte) []byte {
	t.Helper()
	p, _, err := confidential.ProveRange([]uint64{o.Value}, []confidential.Scalar{o.Blinding}, ctx)
	if err != nil {
		t.Fatal(err)
	}
	b, err := p.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func keyIDBytes(k *seal.EncryptionKey) []byte { id := k.ID(); return id[:] }

// The same token blocks executed on two copies of the state give the same
// writes, receipts and state root.
func TestConfidentialTokenDeterministic(t *testing.T) {
	f := newTokenFixture(t)
	other := f.m.clone()
	d, _ := f.issueTx(t, "ivan", "hana", 500)
	run := func(m *memState, h uint64, d *types.DecodedTx) *Result {
		res := execute(t, m, h, d)
		m.commit([]*types.DecodedTx{d}, res)
		return res
	}
	h := f.height + 1
	r1, r2 := run(f.m, h, d), run(other, h, d)
	if !bytes.Equal(r1.StateRoot, r2.StateRoot) || !bytes.Equal(r1.ReceiptRoot, r2.ReceiptRoot) {
		t.Fatal("issue: roots differ")
	}
	f.height = h
	tr := f.tx(t, "hana", types.TxType_TOKEN_TRANSFER, f.transferPayload(t, "hana", "otto", 123))
	aud := f.tx(t, "audra", types.TxType_AUDIT_ACCESS, &types.AuditAccess{Token: f.token[:], Holder: id("hana").Bytes(), Index: 0, Reason: "r"})
	for _, d := range []*types.DecodedTx{tr, aud} {
		h++
		r1, r2 := run(f.m, h, d), run(other, h, d)
		wantReceipt(t, r1.Receipts[0], "")
		if !bytes.Equal(r1.StateRoot, r2.StateRoot) || !bytes.Equal(r1.ReceiptRoot, r2.ReceiptRoot) || len(r1.Writes) != len(r2.Writes) {
			t.Fatalf("block %d: results differ", h)
		}
	}
}
