package execution

import (
	"bytes"
	"errors"
	"strconv"
	"testing"

	"github.com/causeway/causeway/crypto/seal"
	"github.com/causeway/causeway/ctoken"
	"github.com/causeway/causeway/sealing"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
)

// setKeyTx is sender's SET_ENCRYPTION_KEY to pub, signed by signers.
func setKeyTx(t *testing.T, sender string, pub []byte, signers ...types.Signer) *types.DecodedTx {
	t.Helper()
	return sign(t, mkBody(sender, types.TxType_SET_ENCRYPTION_KEY, &types.SetEncryptionKey{PublicKey: pub}), signers...)
}

func newEncKey(t *testing.T) *seal.EncryptionKey {
	t.Helper()
	k, err := seal.GenerateEncryptionKey(seal.SuiteIntl)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func accountRecipient(name string, k *seal.EncryptionKey) seal.Recipient {
	return seal.Recipient{PublicKey: k.PublicKey(), Label: types.SealLabelAccount(id(name))}
}

// toDora is a STORE_SEALED from alice to the account dora, wrapped for k.
func toDora(t *testing.T, plain []byte, k *seal.EncryptionKey) (*types.DecodedTx, []byte) {
	raw := envelope(t, plain, accountRecipient("dora", k))
	return sealTx(t, &types.SealedPayload{Envelope: raw, Accounts: [][]byte{id("dora").Bytes()}}), raw
}

// runBlock executes txs as one block on f's state and commits it.
func (f *govFixture) runBlock(t *testing.T, txs ...*types.DecodedTx) *Result {
	t.Helper()
	f.height++
	res, err := newExecutor().ExecuteBlock(f.m, f.m.root, header(f.height), txs)
	if err != nil {
		t.Fatal(err)
	}
	f.m.commit(txs, res)
	return res
}

// An account rotates its encryption key with SET_ENCRYPTION_KEY, signed by
// its own keys: within the rotation's block the old key is still the one in
// force (an envelope for it is stored, one for the new key refused); from
// the next block on only the new key is (an envelope for the old key is
// refused reader_mismatch). The replaced key stays listed with the heights
// it was in force, and still opens what was sealed to it; the new key opens
// only what came after. The event names both keys.
func TestAccountEncryptionKeyRotation(t *testing.T) {
	f := newSealFixture(t)
	oldKey := f.dora
	created := mustAccount(t, f.m, "dora").CreatedHeight
	before, rawBefore := toDora(t, []byte("before rotation"), oldKey)
	rc, _ := f.run(t, before)
	wantReceipt(t, rc, "")

	newKey := newEncKey(t)
	rotate := setKeyTx(t, "dora", newKey.PublicKey(), doraSigner)
	withOld, _ := toDora(t, []byte("same block, old key"), oldKey)
	withNew, _ := toDora(t, []byte("same block, new key"), newKey)
	res := f.runBlock(t, rotate, withOld, withNew)
	rotatedIn := f.height
	wantReceipt(t, res.Receipts[0], "")
	wantReceipt(t, res.Receipts[1], "")
	wantReceipt(t, res.Receipts[2], types.CodeReaderMismatch)
	ev := res.Receipts[0].Events[0]
	if a := attrs(ev); ev.Type != EventAccountEncryptionKeySet || a["id"] != id("dora").String() || a["key_id"] != newKey.ID().String() ||
		a["replaced"] != oldKey.ID().String() || a["from_height"] != strconv.FormatUint(rotatedIn+1, 10) {
		t.Fatalf("event %v", ev)
	}
	if rec, err := state.ReadSealed(f.m, withOld.Hash); err != nil || rec == nil || seal.KeyID(rec.Readers[0].KeyId) != oldKey.ID() {
		t.Fatalf("the payload sealed to the old key in the rotation's block: %v %v", rec, err)
	}

	a := mustAccount(t, f.m, "dora")
	if !bytes.Equal(a.EncryptionKey, newKey.PublicKey()) || a.EncryptionKeyFromHeight != rotatedIn+1 || len(a.ReplacedEncryptionKeys) != 1 {
		t.Fatalf("account after rotation: %v", a)
	}
	if r := a.ReplacedEncryptionKeys[0]; !bytes.Equal(r.PublicKey, oldKey.PublicKey()) || r.FromHeight != created || r.UntilHeight != rotatedIn+1 {
		t.Fatalf("replaced key %v, want from %d until %d", r, created, rotatedIn+1)
	}
	if !bytes.Equal(a.EncryptionKeyAt(rotatedIn), oldKey.PublicKey()) || !bytes.Equal(a.EncryptionKeyAt(rotatedIn+1), newKey.PublicKey()) {
		t.Fatal("EncryptionKeyAt around the rotation")
	}

	// From the next block: the new key only.
	stale, _ := toDora(t, []byte("stale"), oldKey)
	f.refused(t, stale, types.CodeReaderMismatch)
	after, rawAfter := toDora(t, []byte("after rotation"), newKey)
	rc, _ = f.run(t, after)
	wantReceipt(t, rc, "")
	// Named with org2, the account still needs exactly its key in force.
	both := envelope(t, []byte("to org2 and dora"), f.orgRecipient("org2"), accountRecipient("dora", oldKey))
	f.refused(t, sealTx(t, &types.SealedPayload{Envelope: both, Orgs: []string{"org2"}, Accounts: [][]byte{id("dora").Bytes()}}), types.CodeReaderMismatch)

	ctx := sealing.Context(testChain)
	envBefore, _ := seal.Unmarshal(rawBefore, 0)
	envAfter, _ := seal.Unmarshal(rawAfter, 0)
	if got, err := seal.Open(envBefore, oldKey, ctx); err != nil || string(got) != "before rotation" {
		t.Fatalf("old data with the old key: %q %v", got, err)
	}
	if _, err := seal.Open(envBefore, newKey, ctx); !errors.Is(err, seal.ErrNotARecipient) {
		t.Fatalf("old data with the new key: %v", err)
	}
	if got, err := seal.Open(envAfter, newKey, ctx); err != nil || string(got) != "after rotation" {
		t.Fatalf("new data with the new key: %q %v", got, err)
	}
	if _, err := seal.Open(envAfter, oldKey, ctx); !errors.Is(err, seal.ErrNotARecipient) {
		t.Fatalf("new data with the old key: %v", err)
	}
}

// SET_ENCRYPTION_KEY that is hostile or mistaken is refused with a typed
// code and changes nothing: a malformed payload, a missing, short, oversize,
// low-order or other-suite key, the key in force again, a replaced key
// again, an org's key, the auditor's key, a signer who is not the account's (a stranger's key,
// a key of another account, too little weight of a multi-signature
// account), a frozen or missing account, a second rotation in one block, a
// replay of a committed rotation, a transaction for another chain; and a
// forged signature never reaches execution (the signature check before
// ordering refuses it).
func TestSetEncryptionKeyRefusals(t *testing.T) {
	f := newSealFixture(t)
	k1Enc, k2Enc := newEncKey(t), newEncKey(t)
	gm, err := seal.GenerateEncryptionKey(seal.SuiteGM)
	if err != nil {
		t.Fatal(err)
	}
	rotation := setKeyTx(t, "dora", k1Enc.PublicKey(), doraSigner)
	rc, _ := f.run(t, rotation)
	wantReceipt(t, rc, "")
	// A 2-of-3 account with an encryption key.
	multi := &types.CreateAccount{Name: "multi", AuthKeys: []*types.AuthKey{key(k1, 50), key(k2, 50), key(k3, 50)}, EncryptionKey: newEncKey(t).PublicKey()}
	rc, _ = f.run(t, sign(t, mkBody("multi", types.TxType_CREATE_ACCOUNT, multi), k1, k2))
	wantReceipt(t, rc, "")
	// An account that froze itself.
	fz := &types.CreateAccount{Name: "icy", Scheme: carol.Scheme(), PublicKey: carol.PublicKey(), EncryptionKey: newEncKey(t).PublicKey()}
	rc, _ = f.run(t, sign(t, mkBody("icy", types.TxType_CREATE_ACCOUNT, fz), carol))
	wantReceipt(t, rc, "")
	rc, _ = f.run(t, sign(t, mkBody("icy", types.TxType_FREEZE_SELF, nil), carol))
	wantReceipt(t, rc, "")

	orgKey := f.orgKeys["org2"].PublicKey()
	auditorKey := newEncKey(t)
	f.pass(t, 1, &types.Proposal{Action: &types.Proposal_SetAuditor{SetAuditor: &types.SetAuditor{PublicKey: auditorKey.PublicKey(), Account: id("alice").Bytes()}}})
	garbage := mkBody("dora", types.TxType_SET_ENCRYPTION_KEY, nil)
	garbage.Payload = []byte{0xff, 0xff, 0xff}
	wrongChain := mkBody("dora", types.TxType_SET_ENCRYPTION_KEY, &types.SetEncryptionKey{PublicKey: k2Enc.PublicKey()})
	wrongChain.ChainId = "other-chain"
	cases := []struct {
		name string
		d    *types.DecodedTx
		code types.Code
	}{
		{"malformed payload", sign(t, garbage, doraSigner), types.CodeMalformed},
		{"no key", setKeyTx(t, "dora", nil, doraSigner), types.CodeInvalidPayload},
		{"short key", setKeyTx(t, "dora", k2Enc.PublicKey()[:31], doraSigner), types.CodeInvalidPayload},
		{"oversize key", setKeyTx(t, "dora", make([]byte, maxEncryptionKeyBytes+1), doraSigner), types.CodeInvalidPayload},
		{"low-order point", setKeyTx(t, "dora", make([]byte, 32), doraSigner), types.CodeInvalidPayload},
		{"gm key on an intl chain", setKeyTx(t, "dora", gm.PublicKey(), doraSigner), types.CodeInvalidPayload},
		{"the key in force again", setKeyTx(t, "dora", k1Enc.PublicKey(), doraSigner), types.CodeDuplicate},
		{"a replaced key again", setKeyTx(t, "dora", f.dora.PublicKey(), doraSigner), types.CodeDuplicate},
		{"an org's key", setKeyTx(t, "dora", orgKey, doraSigner), types.CodeDuplicate},
		{"the auditor's key", setKeyTx(t, "dora", auditorKey.PublicKey(), doraSigner), types.CodeDuplicate},
		{"signed by a stranger", setKeyTx(t, "dora", k2Enc.PublicKey(), mallet), types.CodeUnauthorized},
		{"signed by another account's key", setKeyTx(t, "dora", k2Enc.PublicKey(), alice), types.CodeUnauthorized},
		{"one of two signatures needed", setKeyTx(t, "multi", k2Enc.PublicKey(), k1), types.CodeUnauthorized},
		{"one key signing twice", setKeyTx(t, "multi", k2Enc.PublicKey(), k1, k1), types.CodeUnauthorized},
		{"frozen account", setKeyTx(t, "icy", k2Enc.PublicKey(), carol), types.CodeAccountFrozen},
		{"no such account", setKeyTx(t, "nobody", k2Enc.PublicKey(), mallet), types.CodeUnknownAccount},
		{"replay of a committed rotation", rotation, types.CodeDuplicate},
		{"another chain's transaction", sign(t, wrongChain, doraSigner), types.CodeWrongChain},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := mustAccount(t, f.m, "dora")
			rc := f.refused(t, c.d, c.code)
			t.Logf("%s: %s", rc.ErrorCode, rc.Error)
			if after := mustAccount(t, f.m, "dora"); !bytes.Equal(state.EncodeAccount(before), state.EncodeAccount(after)) {
				t.Fatal("the account changed")
			}
		})
	}

	// A second rotation in the block of the first is refused: the first key
	// would never be in force.
	first, second := setKeyTx(t, "dora", k2Enc.PublicKey(), doraSigner), setKeyTx(t, "dora", newEncKey(t).PublicKey(), doraSigner)
	res := f.runBlock(t, first, second)
	wantReceipt(t, res.Receipts[0], "")
	wantReceipt(t, res.Receipts[1], types.CodeInvalidPayload)
	if a := mustAccount(t, f.m, "dora"); !bytes.Equal(a.EncryptionKey, k2Enc.PublicKey()) || len(a.ReplacedEncryptionKeys) != 2 {
		t.Fatalf("after two rotations in one block: %v", a)
	}

	// Both keys of the 2-of-3 account rotate it.
	rc, _ = f.run(t, setKeyTx(t, "multi", newEncKey(t).PublicKey(), k1, k3))
	wantReceipt(t, rc, "")

	// A forged signature (the account's key named, the bytes not its
	// signature) is refused by the signature check every node runs before
	// ordering, so execution, which trusts that check, never sees it.
	forged := setKeyTx(t, "dora", newEncKey(t).PublicKey(), doraSigner)
	forged.Tx.Signatures[0].Signature = bytes.Repeat([]byte{7}, len(forged.Tx.Signatures[0].Signature))
	if errs := NewTxCache(types.Intl, 16).Verify([]*types.DecodedTx{forged}); types.CodeOf(errs[0]) != types.CodeBadSignature {
		t.Fatalf("a forged signature: %v", errs[0])
	}
}

// An account without an encryption key gets its first with
// SET_ENCRYPTION_KEY; like a rotation, it is in force from the next block
// (before it, the account is no reader: unknown_reader).
func TestFirstAccountEncryptionKey(t *testing.T) {
	f := newSealFixture(t)
	k := newEncKey(t)
	to := func() *types.DecodedTx {
		return sealTx(t, &types.SealedPayload{Envelope: envelope(t, []byte("x"), accountRecipient("bob", k)), Accounts: [][]byte{id("bob").Bytes()}})
	}
	res := f.runBlock(t, setKeyTx(t, "bob", k.PublicKey(), bob), to())
	wantReceipt(t, res.Receipts[0], "")
	wantReceipt(t, res.Receipts[1], types.CodeUnknownReader)
	if ev := attrs(res.Receipts[0].Events[0]); ev["replaced"] != "" {
		t.Fatalf("event of a first key: %v", ev)
	}
	a := mustAccount(t, f.m, "bob")
	if len(a.ReplacedEncryptionKeys) != 0 || a.EncryptionKeyFromHeight != f.height+1 || a.EncryptionKeyAt(f.height) != nil {
		t.Fatalf("account after its first key: %v", a)
	}
	rc, _ := f.run(t, to())
	wantReceipt(t, rc, "")
}

// The replaced keys are bounded: after MaxAccountEncryptionKeys+2
// rotations the account lists MaxAccountEncryptionKeys keys in all (its key
// and MaxAccountEncryptionKeys-1 replaced ones, oldest first, each in force
// until the next's first block), EncryptionKeyAt answers for every height
// since the oldest listed, and every listed key is refused again.
func TestAccountEncryptionKeyHistoryBound(t *testing.T) {
	f := newSealFixture(t)
	keys := []*seal.EncryptionKey{f.dora}
	froms := []uint64{mustAccount(t, f.m, "dora").CreatedHeight}
	for i := 0; i < types.MaxAccountEncryptionKeys+2; i++ {
		k := newEncKey(t)
		rc, _ := f.run(t, setKeyTx(t, "dora", k.PublicKey(), doraSigner))
		wantReceipt(t, rc, "")
		keys = append(keys, k)
		froms = append(froms, f.height+1)
	}
	a := mustAccount(t, f.m, "dora")
	rs := a.ReplacedEncryptionKeys
	if len(rs) != types.MaxAccountEncryptionKeys-1 {
		t.Fatalf("%d replaced keys listed, want %d", len(rs), types.MaxAccountEncryptionKeys-1)
	}
	kept := keys[len(keys)-types.MaxAccountEncryptionKeys:]
	keptFrom := froms[len(froms)-types.MaxAccountEncryptionKeys:]
	for i, r := range rs {
		if !bytes.Equal(r.PublicKey, kept[i].PublicKey()) || r.FromHeight != keptFrom[i] || r.UntilHeight != keptFrom[i+1] {
			t.Fatalf("replaced key %d: %v, want from %d until %d", i, r, keptFrom[i], keptFrom[i+1])
		}
	}
	for i, k := range kept {
		until := keptFrom[i] + 5 // the key in force: any later height
		if i+1 < len(kept) {
			until = keptFrom[i+1]
		}
		for h := keptFrom[i]; h < until; h++ {
			if !bytes.Equal(a.EncryptionKeyAt(h), k.PublicKey()) {
				t.Fatalf("key at height %d is not key %d", h, i)
			}
		}
		f.refused(t, setKeyTx(t, "dora", k.PublicKey(), doraSigner), types.CodeDuplicate)
	}
	if a.EncryptionKeyAt(keptFrom[0]-1) != nil {
		t.Fatal("a key in force before the oldest listed one")
	}
}

// A token output to an account is sealed to its key in force too: in the
// block of the holder's rotation an issue wrapped for the old key passes
// and one for the new key is refused; in the next block the reverse.
func TestTokenOutputsFollowAccountRotation(t *testing.T) {
	f := newTokenFixture(t)
	oldKey, newKey := f.keys["hana"], newEncKey(t)
	issueFor := func(k *seal.EncryptionKey, v uint64) *types.DecodedTx {
		acct := mustAccount(t, f.m, "hana")
		acct.EncryptionKey = k.PublicKey()
		rs, terr, err := ctoken.HolderReaders(types.Intl, f.config(t), acct)
		if terr != nil || err != nil {
			t.Fatal(terr, err)
		}
		p, _, err := ctoken.NewIssue(types.Intl, testChain, f.token, id("ivan"), id("hana"), v, rs)
		if err != nil {
			t.Fatal(err)
		}
		return f.tx(t, "ivan", types.TxType_TOKEN_ISSUE, p)
	}
	res := f.runBlock(t, setKeyTx(t, "hana", newKey.PublicKey(), f.signers["hana"]), issueFor(oldKey, 5), issueFor(newKey, 6))
	wantReceipt(t, res.Receipts[0], "")
	wantReceipt(t, res.Receipts[1], "")
	wantReceipt(t, res.Receipts[2], types.CodeReaderMismatch)
	f.refused(t, issueFor(oldKey, 7), types.CodeReaderMismatch)
	rc, _ := f.run(t, issueFor(newKey, 8))
	wantReceipt(t, rc, "")
	// Each output opens with the key it was sealed to.
	for i, k := range []*seal.EncryptionKey{oldKey, newKey} {
		if _, err := ctoken.OpenOutput(testChain, f.output(t, "hana", uint64(i)), k); err != nil {
			t.Fatalf("output %d with its key: %v", i, err)
		}
	}
	// The balance (5 + 8) opens with the key in force and the replaced one
	// together, with neither alone.
	bal, outs := f.balanceRecord(t, "hana"), f.outputs(t, "hana")
	if o, err := ctoken.Balance(testChain, bal, outs, newKey, oldKey); err != nil || o.Value != 13 {
		t.Fatalf("balance with both keys: %d %v", o.Value, err)
	}
	for _, k := range []*seal.EncryptionKey{oldKey, newKey} {
		if _, err := ctoken.Balance(testChain, bal, outs, k); !errors.Is(err, seal.ErrNotARecipient) {
			t.Fatalf("balance with one key: %v", err)
		}
	}
}

// A rotation executes the same on two copies of a state.
func TestAccountRotationDeterministic(t *testing.T) {
	f := newSealFixture(t)
	k := newEncKey(t)
	txs := []*types.DecodedTx{setKeyTx(t, "dora", k.PublicKey(), doraSigner), setKeyTx(t, "bob", newEncKey(t).PublicKey(), bob)}
	var roots [][]byte
	for i := 0; i < 2; i++ {
		m := f.m.clone()
		res, err := newExecutor().ExecuteBlock(m, m.root, header(f.height+1), txs)
		if err != nil {
			t.Fatal(err)
		}
		wantReceipt(t, res.Receipts[0], "")
		wantReceipt(t, res.Receipts[1], "")
		roots = append(roots, res.StateRoot)
	}
	if !bytes.Equal(roots[0], roots[1]) {
		t.Fatal("two executions of one block differ")
	}
}

// On a GM chain an account's encryption key is an SM2 key: an X25519 key
// is refused, an SM2 one set, and from the next block data sealed with
// SM2 and SM4-GCM to the account is stored and opens with it.
func TestAccountEncryptionKeyGM(t *testing.T) {
	m := newState(t)
	e := &Executor{ChainID: testChain, Params: types.DefaultParams(), Suite: types.GM}
	run := func(height uint64, d *types.DecodedTx) *types.Receipt {
		t.Helper()
		res, err := e.ExecuteBlock(m, m.root, header(height), []*types.DecodedTx{d})
		if err != nil {
			t.Fatal(err)
		}
		m.commit([]*types.DecodedTx{d}, res)
		return res.Receipts[0]
	}
	intl := newEncKey(t)
	sm2, err := seal.GenerateEncryptionKey(seal.SuiteGM)
	if err != nil {
		t.Fatal(err)
	}
	wantReceipt(t, run(1, setKeyTx(t, "alice", intl.PublicKey(), alice)), types.CodeInvalidPayload)
	wantReceipt(t, run(2, setKeyTx(t, "alice", sm2.PublicKey(), alice)), "")
	env, err := seal.Seal(seal.SuiteGM, []byte("gm data"), []seal.Recipient{{PublicKey: sm2.PublicKey(), Label: types.SealLabelAccount(id("alice"))}},
		seal.WithContext(sealing.Context(testChain)))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := seal.Marshal(env)
	wantReceipt(t, run(3, sealTx(t, &types.SealedPayload{Envelope: raw, Accounts: [][]byte{id("alice").Bytes()}})), "")
	if got, err := seal.Open(env, sm2, sealing.Context(testChain)); err != nil || string(got) != "gm data" {
		t.Fatalf("open: %q %v", got, err)
	}
}
