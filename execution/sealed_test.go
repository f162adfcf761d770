package execution

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/causeway/causeway/crypto/seal"
	"github.com/causeway/causeway/sealing"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
)

// sealFixture is a four-org chain (newGov) on which org1..org3 have set
// encryption keys by governance (org4 has none), the group "delta" is
// org1, org2, org3, and the account "dora" has an encryption key.
type sealFixture struct {
	*govFixture
	orgKeys map[string]*seal.EncryptionKey
	dora    *seal.EncryptionKey
}

var doraSigner = newSigner("dora")

func newSealFixture(t *testing.T) *sealFixture {
	t.Helper()
	f := &sealFixture{govFixture: newGov(t), orgKeys: map[string]*seal.EncryptionKey{}}
	for i := 1; i <= 3; i++ {
		org := fmt.Sprintf("org%d", i)
		f.orgKeys[org] = f.setKey(t, i)
	}
	f.pass(t, 1, groupProposal("delta", "org1", "org2", "org3"))
	var err error
	if f.dora, err = seal.GenerateEncryptionKey(seal.SuiteIntl); err != nil {
		t.Fatal(err)
	}
	create := sign(t, mkBody("dora", types.TxType_CREATE_ACCOUNT, &types.CreateAccount{
		Name: "dora", Scheme: doraSigner.Scheme(), PublicKey: doraSigner.PublicKey(), EncryptionKey: f.dora.PublicKey()}), doraSigner)
	rc, _ := f.run(t, create)
	wantReceipt(t, rc, "")
	return f
}

// setKey has org i set a fresh encryption key by governance and returns it.
func (f *sealFixture) setKey(t *testing.T, i int) *seal.EncryptionKey {
	t.Helper()
	k, err := seal.GenerateEncryptionKey(seal.SuiteIntl)
	if err != nil {
		t.Fatal(err)
	}
	f.pass(t, i, keyProposal(fmt.Sprintf("org%d", i), k.PublicKey()))
	return k
}

func keyProposal(org string, pub []byte) *types.Proposal {
	return &types.Proposal{Action: &types.Proposal_SetOrgEncryptionKey{SetOrgEncryptionKey: &types.SetOrgEncryptionKey{Org: org, PublicKey: pub}}}
}

func groupProposal(name string, orgs ...string) *types.Proposal {
	return &types.Proposal{Action: &types.Proposal_SetReaderGroup{SetReaderGroup: &types.SetReaderGroup{Name: name, Orgs: orgs}}}
}

// envelope seals plaintext for the given public keys and labels with the
// test chain's context.
func envelope(t *testing.T, plaintext []byte, rs ...seal.Recipient) []byte {
	t.Helper()
	env, err := seal.Seal(seal.SuiteIntl, plaintext, rs, seal.WithContext(sealing.Context(testChain)), seal.WithClass("ride-record"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := seal.Marshal(env)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (f *sealFixture) orgRecipient(org string) seal.Recipient {
	return seal.Recipient{PublicKey: f.orgKeys[org].PublicKey(), Label: types.SealLabelOrg(org)}
}

func sealTx(t *testing.T, p *types.SealedPayload) *types.DecodedTx {
	return sign(t, mkBody("alice", types.TxType_STORE_SEALED, p), alice)
}

// A ride record sealed by alice to org2 and org3 is stored with its readers
// resolved and its envelope's hash; org2 and org3 open the envelope the
// transaction carries, org1 and dora cannot; the same payload rides on an
// evidence deposit (whose record keeps the envelope's hash) and on a
// contract call.
func TestSealedPayloadStored(t *testing.T) {
	f := newSealFixture(t)
	plain := []byte(`{"card":"6222 0000 1111","from":"Hongqiao","to":"Suzhou North"}`)
	raw := envelope(t, plain, f.orgRecipient("org2"), f.orgRecipient("org3"))
	d := sealTx(t, &types.SealedPayload{Envelope: raw, Orgs: []string{"org3", "org2"}})
	rc, _ := f.run(t, d)
	wantReceipt(t, rc, "")
	rec, err := state.ReadSealed(f.m, d.Hash)
	if err != nil || rec == nil {
		t.Fatalf("record: %v %v", rec, err)
	}
	if h := types.Intl.Sum(raw); !bytes.Equal(rec.EnvelopeHash, h[:]) || rec.EnvelopeSize != uint64(len(raw)) ||
		rec.Class != "ride-record" || rec.Suite != "intl" || rec.Carrier != types.TxType_STORE_SEALED || !bytes.Equal(rec.Owner, id("alice").Bytes()) {
		t.Fatalf("record %v", rec)
	}
	if len(rec.Readers) != 2 {
		t.Fatalf("readers %v", rec.Readers)
	}
	for _, r := range rec.Readers {
		k := f.orgKeys[r.Org]
		if k == nil || r.KeyId == nil || seal.KeyID(r.KeyId) != k.ID() || r.Label != "org:"+r.Org {
			t.Fatalf("reader %v", r)
		}
	}
	if ev := rc.Events[0]; ev.Type != EventSealedStored || attrs(ev)["readers"] != "2" {
		t.Fatalf("event %v", ev)
	}
	env, err := seal.Unmarshal(raw, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, org := range []string{"org2", "org3"} {
		got, err := seal.Open(env, f.orgKeys[org], sealing.Context(testChain))
		if err != nil || !bytes.Equal(got, plain) {
			t.Fatalf("%s opens: %q %v", org, got, err)
		}
	}
	for _, k := range []*seal.EncryptionKey{f.orgKeys["org1"], f.dora} {
		if _, err := seal.Open(env, k, sealing.Context(testChain)); !errors.Is(err, seal.ErrNotARecipient) {
			t.Fatalf("a non-reader opens: %v", err)
		}
	}

	// On an evidence deposit, to the group and an account.
	raw2 := envelope(t, plain, f.orgRecipient("org1"), f.orgRecipient("org2"), f.orgRecipient("org3"),
		seal.Recipient{PublicKey: f.dora.PublicKey(), Label: types.SealLabelAccount(id("dora"))})
	dep := evidenceTx(t, "alice", &types.DepositEvidence{Hash: make([]byte, 32), HashAlgorithm: "sha256",
		Sealed: &types.SealedPayload{Envelope: raw2, Groups: []string{"delta"}, Accounts: [][]byte{id("dora").Bytes()}}}, alice)
	rc, _ = f.run(t, dep)
	wantReceipt(t, rc, "")
	ev, err := state.ReadEvidence(f.m, dep.Hash)
	if err != nil || ev == nil {
		t.Fatal(ev, err)
	}
	rec, err = state.ReadSealed(f.m, dep.Hash)
	if err != nil || rec == nil || len(rec.Readers) != 4 || !bytes.Equal(rec.EnvelopeHash, ev.SealedHash) || rec.Carrier != types.TxType_DEPOSIT_EVIDENCE {
		t.Fatalf("evidence %v, record %v (%v)", ev, rec, err)
	}

	// On a contract call (to an address without code: the call succeeds).
	call := sign(t, mkBody("alice", types.TxType_CALL_CONTRACT, &types.CallContract{To: make([]byte, 20), GasLimit: 100_000,
		Sealed: &types.SealedPayload{Envelope: envelope(t, plain, f.orgRecipient("org2")), Orgs: []string{"org2"}}}), alice)
	rc, _ = f.run(t, call)
	wantReceipt(t, rc, "")
	if rec, err := state.ReadSealed(f.m, call.Hash); err != nil || rec == nil || rec.Carrier != types.TxType_CALL_CONTRACT {
		t.Fatalf("call record %v %v", rec, err)
	}
}

// Hostile and mistaken sealed payloads are each refused with a typed code
// and change nothing: malformed, empty, non-canonical, oversized and
// other-suite envelopes; unknown readers; an entry for an unknown key; a
// named reader left out; a forged label; a reader named twice; a payload
// for another chain. The same payloads on an evidence deposit and a
// contract call are refused the same way, storing no evidence.
func TestSealedPayloadRefusals(t *testing.T) {
	f := newSealFixture(t)
	plain := []byte("ride record")
	good := envelope(t, plain, f.orgRecipient("org2"), f.orgRecipient("org3"))
	stranger, _ := seal.GenerateEncryptionKey(seal.SuiteIntl)
	gmKey, _ := seal.GenerateEncryptionKey(seal.SuiteGM)
	gmEnv, err := seal.Seal(seal.SuiteGM, plain, []seal.Recipient{{PublicKey: gmKey.PublicKey(), Label: "org:org2"}}, seal.WithContext(sealing.Context(testChain)))
	if err != nil {
		t.Fatal(err)
	}
	gmRaw, _ := seal.Marshal(gmEnv)
	big := envelope(t, make([]byte, types.DefaultParams().MaxTxBytes+1), f.orgRecipient("org2"))
	var many []string
	for i := 0; i <= seal.MaxRecipients; i++ {
		many = append(many, fmt.Sprintf("o%d", i))
	}
	two := []string{"org2", "org3"}
	cases := []struct {
		name string
		p    *types.SealedPayload
		code types.Code
	}{
		{"empty envelope", &types.SealedPayload{Orgs: two}, types.CodeBadEnvelope},
		{"garbage bytes", &types.SealedPayload{Envelope: []byte("not an envelope at all"), Orgs: two}, types.CodeBadEnvelope},
		{"truncated envelope", &types.SealedPayload{Envelope: good[:len(good)-1], Orgs: two}, types.CodeBadEnvelope},
		{"trailing byte", &types.SealedPayload{Envelope: append(bytes.Clone(good), 0), Orgs: two}, types.CodeBadEnvelope},
		{"gm envelope on an intl chain", &types.SealedPayload{Envelope: gmRaw, Orgs: []string{"org2"}}, types.CodeBadEnvelope},
		{"oversized envelope", &types.SealedPayload{Envelope: big, Orgs: []string{"org2"}}, types.CodeTooLarge},
		{"no reader", &types.SealedPayload{Envelope: good}, types.CodeInvalidPayload},
		{"too many readers", &types.SealedPayload{Envelope: good, Orgs: many}, types.CodeInvalidPayload},
		{"org named twice", &types.SealedPayload{Envelope: good, Orgs: []string{"org2", "org3", "org2"}}, types.CodeInvalidPayload},
		{"not a member", &types.SealedPayload{Envelope: good, Orgs: []string{"org2", "org9"}}, types.CodeUnknownReader},
		{"org without a key", &types.SealedPayload{Envelope: good, Orgs: []string{"org2", "org3", "org4"}}, types.CodeUnknownReader},
		{"unknown group", &types.SealedPayload{Envelope: good, Groups: []string{"pearl-delta"}}, types.CodeUnknownReader},
		{"account without a key", &types.SealedPayload{Envelope: good, Orgs: two, Accounts: [][]byte{id("alice").Bytes()}}, types.CodeUnknownReader},
		{"no such account", &types.SealedPayload{Envelope: good, Orgs: two, Accounts: [][]byte{id("nobody").Bytes()}}, types.CodeUnknownReader},
		{"account id of 31 bytes", &types.SealedPayload{Envelope: good, Orgs: two, Accounts: [][]byte{make([]byte, 31)}}, types.CodeInvalidPayload},
		{"entry for an unknown key", &types.SealedPayload{Orgs: two, Envelope: envelope(t, plain, f.orgRecipient("org2"),
			seal.Recipient{PublicKey: stranger.PublicKey(), Label: "org:org3"})}, types.CodeReaderMismatch},
		{"extra entry for a non-reader", &types.SealedPayload{Orgs: []string{"org2"}, Envelope: good}, types.CodeReaderMismatch},
		{"named reader left out", &types.SealedPayload{Orgs: two, Envelope: envelope(t, plain, f.orgRecipient("org2"))}, types.CodeReaderMismatch},
		{"group member left out", &types.SealedPayload{Groups: []string{"delta"}, Envelope: good}, types.CodeReaderMismatch},
		{"forged label", &types.SealedPayload{Orgs: two, Envelope: envelope(t, plain, f.orgRecipient("org2"),
			seal.Recipient{PublicKey: f.orgKeys["org3"].PublicKey(), Label: "org:org4"})}, types.CodeReaderMismatch},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rc := f.refused(t, sealTx(t, c.p), c.code)
			t.Logf("%s: %s", rc.ErrorCode, rc.Error)
			dep := evidenceTx(t, "alice", &types.DepositEvidence{Hash: make([]byte, 32), HashAlgorithm: "sha256", Sealed: c.p}, alice)
			f.refused(t, dep, c.code)
			call := sign(t, mkBody("alice", types.TxType_CALL_CONTRACT, &types.CallContract{To: make([]byte, 20), GasLimit: 100_000, Sealed: c.p}), alice)
			f.refused(t, call, c.code)
		})
	}

	// A transaction for another chain is refused before its payload is read.
	other := "other-chain"
	body := mkBody("alice", types.TxType_STORE_SEALED, &types.SealedPayload{Envelope: good, Orgs: two})
	body.ChainId = other
	f.refused(t, sign(t, body, alice), types.CodeWrongChain)

	// An envelope sealed under another chain's context cannot be told apart
	// by a node (it needs no key), so it is stored; but no reader opens it
	// as this chain's: the context is bound into every entry and the payload.
	foreign, err := seal.Seal(seal.SuiteIntl, plain, []seal.Recipient{f.orgRecipient("org2")}, seal.WithContext(sealing.Context(other)))
	if err != nil {
		t.Fatal(err)
	}
	foreignRaw, _ := seal.Marshal(foreign)
	rc, _ := f.run(t, sealTx(t, &types.SealedPayload{Envelope: foreignRaw, Orgs: []string{"org2"}}))
	wantReceipt(t, rc, "")
	if _, err := seal.Open(foreign, f.orgKeys["org2"], sealing.Context(testChain)); !errors.Is(err, seal.ErrTampered) {
		t.Fatalf("an envelope of another chain opened here: %v", err)
	}

	// The good envelope, correctly named, passes: the refusals above were
	// for their own reasons.
	rc, _ = f.run(t, sealTx(t, &types.SealedPayload{Envelope: good, Orgs: two}))
	wantReceipt(t, rc, "")
}

// Rotation: after org2 rotates its key, data must be sealed to the new key
// (an envelope for the old one is refused) and the old key still opens what
// was sealed to it; both keys stay listed with the height each came into
// force. The new key is in force from the block after the vote that
// executes it, not within that block. Revocation: after org3 leaves the
// group, a payload for the group must leave org3 out.
func TestSealedRotationAndRevocation(t *testing.T) {
	f := newSealFixture(t)
	plain := []byte("before rotation")
	oldKey := f.orgKeys["org2"]
	before := envelope(t, plain, f.orgRecipient("org2"))
	rc, _ := f.run(t, sealTx(t, &types.SealedPayload{Envelope: before, Orgs: []string{"org2"}}))
	wantReceipt(t, rc, "")

	newKey, _ := seal.GenerateEncryptionKey(seal.SuiteIntl)
	id, rc, _ := f.propose(t, 2, keyProposal("org2", newKey.PublicKey()))
	wantReceipt(t, rc, "")
	rc, _ = f.vote(t, 3, id, true)
	wantReceipt(t, rc, "")
	// The deciding vote and two payloads in one block: the old key is still
	// in force there.
	withOld := sealTx(t, &types.SealedPayload{Envelope: envelope(t, plain, f.orgRecipient("org2")), Orgs: []string{"org2"}})
	withNew := sealTx(t, &types.SealedPayload{Envelope: envelope(t, plain, seal.Recipient{PublicKey: newKey.PublicKey(), Label: "org:org2"}), Orgs: []string{"org2"}})
	vote := sign(t, mkBody(types.AdminAccountName("org4"), types.TxType_VOTE, &types.Vote{ProposalId: id[:], Approve: true}), f.admins[3])
	f.height++
	res, err := newExecutor().ExecuteBlock(f.m, f.m.root, header(f.height), []*types.DecodedTx{vote, withOld, withNew})
	if err != nil {
		t.Fatal(err)
	}
	f.m.commit([]*types.DecodedTx{vote, withOld, withNew}, res)
	wantReceipt(t, res.Receipts[0], "")
	wantReceipt(t, res.Receipts[1], "")
	wantReceipt(t, res.Receipts[2], types.CodeReaderMismatch)
	rotatedAt := f.height + 1
	o, _ := f.config(t).Org("org2")
	if len(o.EncryptionKeys) != 2 || o.EncryptionKeys[0].KeyID != oldKey.ID().String() || o.EncryptionKeys[1].KeyID != newKey.ID().String() ||
		o.EncryptionKeys[1].FromHeight != rotatedAt || o.EncryptionKeys[0].FromHeight >= rotatedAt {
		t.Fatalf("org2 keys after rotation: %v", o.EncryptionKeys)
	}
	// From the next block: the new key only.
	f.refused(t, sealTx(t, &types.SealedPayload{Envelope: envelope(t, plain, f.orgRecipient("org2")), Orgs: []string{"org2"}}), types.CodeReaderMismatch)
	f.orgKeys["org2"] = newKey
	after := envelope(t, []byte("after rotation"), f.orgRecipient("org2"))
	rc, _ = f.run(t, sealTx(t, &types.SealedPayload{Envelope: after, Orgs: []string{"org2"}}))
	wantReceipt(t, rc, "")
	// What was sealed before opens with the old key, not the new; the reverse after.
	envBefore, _ := seal.Unmarshal(before, 0)
	envAfter, _ := seal.Unmarshal(after, 0)
	ctx := sealing.Context(testChain)
	if got, err := seal.Open(envBefore, oldKey, ctx); err != nil || string(got) != "before rotation" {
		t.Fatalf("old data with the old key: %q %v", got, err)
	}
	if _, err := seal.Open(envBefore, newKey, ctx); !errors.Is(err, seal.ErrNotARecipient) {
		t.Fatalf("old data with the new key: %v", err)
	}
	if _, err := seal.Open(envAfter, oldKey, ctx); !errors.Is(err, seal.ErrNotARecipient) {
		t.Fatalf("new data with the old key: %v", err)
	}
	// A key is never reused, by its org or another.
	_, rc, _ = f.propose(t, 2, keyProposal("org2", oldKey.PublicKey()))
	wantReceipt(t, rc, types.CodeDuplicate)
	_, rc, _ = f.propose(t, 4, keyProposal("org4", newKey.PublicKey()))
	wantReceipt(t, rc, types.CodeDuplicate)

	// Revocation from a group.
	group := func() []seal.Recipient {
		return []seal.Recipient{f.orgRecipient("org1"), f.orgRecipient("org2"), f.orgRecipient("org3")}
	}
	rc, _ = f.run(t, sealTx(t, &types.SealedPayload{Envelope: envelope(t, plain, group()...), Groups: []string{"delta"}}))
	wantReceipt(t, rc, "")
	f.pass(t, 1, groupProposal("delta", "org1", "org2"))
	f.refused(t, sealTx(t, &types.SealedPayload{Envelope: envelope(t, plain, group()...), Groups: []string{"delta"}}), types.CodeReaderMismatch)
	rc, _ = f.run(t, sealTx(t, &types.SealedPayload{Envelope: envelope(t, plain, group()[:2]...), Groups: []string{"delta"}}))
	wantReceipt(t, rc, "")
	// Named directly, org3 is still a reader: revocation is of the group.
	rc, _ = f.run(t, sealTx(t, &types.SealedPayload{Envelope: envelope(t, plain, group()...), Groups: []string{"delta"}, Orgs: []string{"org3"}}))
	wantReceipt(t, rc, "")
}

// The governance of org encryption keys and reader groups: only an org sets
// its own key; a key must be a valid key of the chain's suite; the list
// keeps at most MaxOrgEncryptionKeys, dropping the oldest; groups name
// distinct member orgs; removing an org removes it from every group and
// drops the groups it leaves empty.
func TestSealGovernanceRules(t *testing.T) {
	f := newSealFixture(t)
	k, _ := seal.GenerateEncryptionKey(seal.SuiteIntl)
	gm, _ := seal.GenerateEncryptionKey(seal.SuiteGM)
	_, rc, _ := f.propose(t, 1, keyProposal("org4", k.PublicKey()))
	wantReceipt(t, rc, types.CodeUnauthorized)
	for name, pub := range map[string][]byte{
		"short key":       k.PublicKey()[:31],
		"low-order point": make([]byte, 32),
		"gm key":          gm.PublicKey(),
	} {
		_, rc, _ = f.propose(t, 4, keyProposal("org4", pub))
		if rc.ErrorCode != string(types.CodeInvalidPayload) {
			t.Fatalf("%s: %s %s", name, rc.ErrorCode, rc.Error)
		}
	}
	_, rc, _ = f.propose(t, 4, keyProposal("org4", nil))
	wantReceipt(t, rc, types.CodeInvalidPayload)
	// Rotations beyond the bound drop the oldest keys.
	var last *seal.EncryptionKey
	for i := 0; i < types.MaxOrgEncryptionKeys+2; i++ {
		last = f.setKey(t, 4)
	}
	o, _ := f.config(t).Org("org4")
	if len(o.EncryptionKeys) != types.MaxOrgEncryptionKeys {
		t.Fatalf("org4 lists %d keys", len(o.EncryptionKeys))
	}
	if cur, _ := o.EncryptionKey(); cur.KeyID != last.ID().String() {
		t.Fatalf("key in force %v, want %s", cur, last.ID())
	}
	for i := 1; i < len(o.EncryptionKeys); i++ {
		if o.EncryptionKeys[i].FromHeight <= o.EncryptionKeys[i-1].FromHeight {
			t.Fatalf("keys out of order: %v", o.EncryptionKeys)
		}
	}
	// Groups.
	for _, c := range []struct {
		p    *types.Proposal
		code types.Code
	}{
		{groupProposal("g", "org1", "org9"), types.CodeUnknownOrg},
		{groupProposal("g", "org1", "org1"), types.CodeInvalidPayload},
		{groupProposal("g"), types.CodeInvalidPayload},
		{groupProposal("bad name", "org1"), types.CodeInvalidText},
		{groupProposal("delta", "org3", "org2", "org1"), types.CodeInvalidPayload}, // no change
		{&types.Proposal{Action: &types.Proposal_RemoveReaderGroup{RemoveReaderGroup: &types.RemoveReaderGroup{Name: "nope"}}}, types.CodeInvalidPayload},
	} {
		_, rc, _ = f.propose(t, 1, c.p)
		if rc.ErrorCode != string(c.code) {
			t.Fatalf("%v: %s %s, want %s", c.p, rc.ErrorCode, rc.Error, c.code)
		}
	}
	f.pass(t, 1, groupProposal("pair", "org3", "org4"))
	f.pass(t, 1, groupProposal("solo", "org3"))
	f.pass(t, 1, &types.Proposal{Action: &types.Proposal_RemoveOrg{RemoveOrg: &types.RemoveOrg{Name: "org3"}}})
	cfg := f.config(t)
	if _, ok := cfg.ReaderGroup("solo"); ok {
		t.Fatal("a group left empty by remove_org stays")
	}
	if g, _ := cfg.ReaderGroup("delta"); len(g.Orgs) != 2 || g.Orgs[0] != "org1" || g.Orgs[1] != "org2" {
		t.Fatalf("delta after remove_org: %v", g)
	}
	if g, _ := cfg.ReaderGroup("pair"); len(g.Orgs) != 1 || g.Orgs[0] != "org4" {
		t.Fatalf("pair after remove_org: %v", g)
	}
	rm, rc, _ := f.propose(t, 1, &types.Proposal{Action: &types.Proposal_RemoveReaderGroup{RemoveReaderGroup: &types.RemoveReaderGroup{Name: "pair"}}})
	wantReceipt(t, rc, "")
	rc, _ = f.vote(t, 2, rm, true) // 2 of the 3 orgs left
	wantReceipt(t, rc, "")
	if _, ok := f.config(t).ReaderGroup("pair"); ok {
		t.Fatal("remove_reader_group left the group")
	}
	// An account's encryption key must be a key of the chain's suite.
	bad := sign(t, mkBody("erin", types.TxType_CREATE_ACCOUNT, &types.CreateAccount{
		Name: "erin", Scheme: carol.Scheme(), PublicKey: carol.PublicKey(), EncryptionKey: gm.PublicKey()}), carol)
	f.refused(t, bad, types.CodeInvalidPayload)
}

// Executing the same sealed payloads on two copies of a state gives the same
// state root: no randomness, clock or map order reaches the result.
func TestSealedDeterministic(t *testing.T) {
	f := newSealFixture(t)
	txs := []*types.DecodedTx{
		sealTx(t, &types.SealedPayload{Envelope: envelope(t, []byte("a"), f.orgRecipient("org1"), f.orgRecipient("org2"), f.orgRecipient("org3")), Groups: []string{"delta"}}),
		sealTx(t, &types.SealedPayload{Envelope: envelope(t, []byte("b"), f.orgRecipient("org2")), Orgs: []string{"org2"}, Accounts: [][]byte{id("dora").Bytes()}}),
	}
	var roots [][]byte
	for i := 0; i < 2; i++ {
		m := f.m.clone()
		res, err := newExecutor().ExecuteBlock(m, m.root, header(f.height+1), txs)
		if err != nil {
			t.Fatal(err)
		}
		roots = append(roots, res.StateRoot)
	}
	if !bytes.Equal(roots[0], roots[1]) {
		t.Fatal("two executions of one block differ")
	}
}
