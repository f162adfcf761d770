package execution

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/causeway/causeway/crypto/seal"
	"github.com/causeway/causeway/sealing"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
)

// envelopeOf seals plaintext for rs with class under the test chain's
// context.
func envelopeOf(t *testing.T, class string, plaintext []byte, rs ...seal.Recipient) []byte {
	t.Helper()
	opts := []seal.Option{seal.WithContext(sealing.Context(testChain))}
	if class != "" {
		opts = append(opts, seal.WithClass(class))
	}
	env, err := seal.Seal(seal.SuiteIntl, plaintext, rs, opts...)
	if err != nil {
		t.Fatal(err)
	}
	b, err := seal.Marshal(env)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func auditorProposal(pub []byte, account types.Hash, classes ...string) *types.Proposal {
	return &types.Proposal{Action: &types.Proposal_SetAuditor{SetAuditor: &types.SetAuditor{PublicKey: pub, Account: account.Bytes(), Classes: classes}}}
}

// The auditor's classes: a sealed payload of an audited class must also be
// sealed to the auditor's key (and one of another class must not be), the
// auditor opens it after recording the access on chain, and the record
// marks the payload as opened. Each refusal has its code and changes
// nothing.
func TestAuditedClasses(t *testing.T) {
	f := newSealFixture(t)
	aud, err := seal.GenerateEncryptionKey(seal.SuiteIntl)
	if err != nil {
		t.Fatal(err)
	}
	audRecipient := seal.Recipient{PublicKey: aud.PublicKey(), Label: types.SealLabelAuditor}
	dora := id("dora")
	audit := func(p *types.AuditAccess) *types.DecodedTx {
		return sign(t, mkBody("dora", types.TxType_AUDIT_ACCESS, p), doraSigner)
	}
	plain := []byte(`{"card":"6222 0000 1111","fare":"4.00"}`)

	// Before the chain has an auditor, a ride record is sealed to its
	// readers alone.
	before := sealTx(t, &types.SealedPayload{Envelope: envelopeOf(t, "ride-record", plain, f.orgRecipient("org2")), Orgs: []string{"org2"}})
	rc, _ := f.run(t, before)
	wantReceipt(t, rc, "")

	// Governance names the auditor and its classes; the classes are
	// bounded and checked.
	for _, c := range []struct {
		classes []string
		code    types.Code
	}{
		{[]string{"ride-record", "ride-record"}, types.CodeInvalidPayload},
		{[]string{""}, types.CodeInvalidPayload},
		{[]string{"ride\x07record"}, types.CodeInvalidText},
		{[]string{strings.Repeat("c", types.MaxClassBytes+1)}, types.CodeTooLarge},
		{func() []string {
			var cs []string
			for i := 0; i <= types.MaxAuditedClasses; i++ {
				cs = append(cs, fmt.Sprintf("class-%02d", i))
			}
			return cs
		}(), types.CodeTooLarge},
	} {
		_, rc, _ := f.propose(t, 1, auditorProposal(aud.PublicKey(), dora, c.classes...))
		wantReceipt(t, rc, c.code)
	}
	f.pass(t, 2, auditorProposal(aud.PublicKey(), dora, "trade-invoice", "ride-record"))
	a := f.config(t).Auditor
	if a == nil || !slices.Equal(a.Classes, []string{"ride-record", "trade-invoice"}) || a.KeyID != aud.ID().String() {
		t.Fatalf("auditor %+v", a)
	}
	_, rc, _ = f.propose(t, 1, auditorProposal(aud.PublicKey(), dora, "ride-record", "trade-invoice"))
	wantReceipt(t, rc, types.CodeDuplicate)
	// The same key with other classes is a change.
	f.pass(t, 3, auditorProposal(aud.PublicKey(), dora, "ride-record"))
	if a := f.config(t).Auditor; !slices.Equal(a.Classes, []string{"ride-record"}) {
		t.Fatalf("classes %v", a.Classes)
	}

	// A ride record not sealed to the auditor is refused, and so is an
	// invoice (no longer audited) that is.
	f.refused(t, sealTx(t, &types.SealedPayload{Envelope: envelopeOf(t, "ride-record", plain, f.orgRecipient("org2")), Orgs: []string{"org2"}}), types.CodeReaderMismatch)
	f.refused(t, sealTx(t, &types.SealedPayload{Envelope: envelopeOf(t, "trade-invoice", plain, f.orgRecipient("org2"), audRecipient), Orgs: []string{"org2"}}), types.CodeReaderMismatch)

	// Sealed to org2 and the auditor, it is stored with the auditor among
	// its readers; the auditor's key opens the envelope.
	raw := envelopeOf(t, "ride-record", plain, f.orgRecipient("org2"), audRecipient)
	ride := sealTx(t, &types.SealedPayload{Envelope: raw, Orgs: []string{"org2"}})
	rc, _ = f.run(t, ride)
	wantReceipt(t, rc, "")
	rec, err := state.ReadSealed(f.m, ride.Hash)
	if err != nil || rec == nil || len(rec.Readers) != 2 {
		t.Fatalf("record %v %v", rec, err)
	}
	i := slices.IndexFunc(rec.Readers, func(r *types.SealedReader) bool { return r.Label == types.SealLabelAuditor })
	if i < 0 || !bytes.Equal(rec.Readers[i].KeyId, keyIDBytes(aud)) || len(rec.Readers[i].Account) != 0 || rec.Readers[i].Org != "" {
		t.Fatalf("auditor reader %v", rec.Readers)
	}
	env, _ := seal.Unmarshal(raw, 0)
	if got, err := seal.Open(env, aud, sealing.Context(testChain)); err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("auditor opens: %q %v", got, err)
	}
	// An invoice, not audited, is stored without the auditor.
	invoice := sealTx(t, &types.SealedPayload{Envelope: envelopeOf(t, "trade-invoice", plain, f.orgRecipient("org3")), Orgs: []string{"org3"}})
	rc, _ = f.run(t, invoice)
	wantReceipt(t, rc, "")

	// Access records: refusals first.
	f.refused(t, sign(t, mkBody("alice", types.TxType_AUDIT_ACCESS, &types.AuditAccess{Sealed: ride.Hash.Bytes(), Reason: "r"}), alice), types.CodeNotAuditor)
	f.refused(t, audit(&types.AuditAccess{Sealed: invoice.Hash.Bytes(), Reason: "not audited"}), types.CodeNotAudited)
	f.refused(t, audit(&types.AuditAccess{Sealed: before.Hash.Bytes(), Reason: "before the auditor"}), types.CodeNotAudited)
	f.refused(t, audit(&types.AuditAccess{Sealed: id("nothing").Bytes(), Reason: "unknown"}), types.CodeUnknownOutput)
	f.refused(t, audit(&types.AuditAccess{Sealed: ride.Hash[:31], Reason: "short"}), types.CodeInvalidPayload)
	f.refused(t, audit(&types.AuditAccess{Sealed: ride.Hash.Bytes(), Token: id("tok").Bytes(), Holder: dora.Bytes(), Reason: "both"}), types.CodeInvalidPayload)
	f.refused(t, audit(&types.AuditAccess{Sealed: ride.Hash.Bytes(), Index: 3, Reason: "both"}), types.CodeInvalidPayload)
	if v, _ := f.m.Get(state.AuditedSealedKey(ride.Hash)); v != nil {
		t.Fatal("marked before any access")
	}

	// The auditor's access is logged and marks the payload (with the
	// first access's sequence number, kept by later ones).
	for n, reason := range []string{"fare dispute 2026-118", "court order 77"} {
		rc, _ = f.run(t, audit(&types.AuditAccess{Sealed: ride.Hash.Bytes(), Reason: reason}))
		wantReceipt(t, rc, "")
		lb, _ := f.m.Get(state.AuditLogKey(uint64(n)))
		lr, err := state.DecodeAudit(lb)
		if err != nil || !bytes.Equal(lr.Sealed, ride.Hash.Bytes()) || len(lr.Token) != 0 || lr.Reason != reason || lr.Seq != uint64(n) || !bytes.Equal(lr.Auditor, dora.Bytes()) {
			t.Fatalf("log record %d: %v %v", n, lr, err)
		}
		if ev := attrs(rc.Events[0]); ev["sealed"] != ride.Hash.String() || ev["seq"] != fmt.Sprint(n) {
			t.Fatalf("event %v", ev)
		}
		mb, _ := f.m.Get(state.AuditedSealedKey(ride.Hash))
		if seq, err := state.DecodeAuditMark(mb); mb == nil || err != nil || seq != 0 {
			t.Fatalf("mark after access %d: %x %v", n, mb, err)
		}
	}
}

// An account that holds the auditor's key cannot be named as a reader of an
// audited class: the envelope would need two entries for one key.
func TestAuditedClassReaderHoldingTheAuditorKey(t *testing.T) {
	f := newSealFixture(t)
	// The auditor's key is dora's account key.
	f.pass(t, 1, auditorProposal(f.dora.PublicKey(), id("dora"), "ride-record"))
	cfg := f.config(t)
	readers := []sealing.Reader{{Account: id("dora"), PublicKey: f.dora.PublicKey(), KeyID: f.dora.ID(), Label: types.SealLabelAccount(id("dora"))}}
	if _, terr, err := sealing.WithAuditor(cfg, "ride-record", readers); err != nil || terr == nil || terr.Code != types.CodeDuplicate {
		t.Fatalf("WithAuditor: %v %v", terr, err)
	}
	if got, terr, err := sealing.WithAuditor(cfg, "other", readers); err != nil || terr != nil || len(got) != 1 {
		t.Fatalf("WithAuditor of an unaudited class: %v %v %v", got, terr, err)
	}
	f.refused(t, sealTx(t, &types.SealedPayload{
		Envelope: envelopeOf(t, "ride-record", []byte("x"), seal.Recipient{PublicKey: f.dora.PublicKey(), Label: types.SealLabelAccount(id("dora"))}),
		Accounts: [][]byte{id("dora").Bytes()}}), types.CodeDuplicate)
}
