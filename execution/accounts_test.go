package execution

import (
	"testing"

	"github.com/causeway/causeway/types"
)

func key(s types.Signer, w uint32) *types.AuthKey {
	return &types.AuthKey{Scheme: s.Scheme(), PublicKey: s.PublicKey(), Weight: w}
}

// step executes one transaction in its own block and commits it.
func step(t *testing.T, m *memState, height uint64, timeMs int64, d *types.DecodedTx) *types.Receipt {
	t.Helper()
	h := header(height)
	h.TimeMs = timeMs
	res, err := newExecutor().ExecuteBlock(m, m.root, h, []*types.DecodedTx{d})
	if err != nil {
		t.Fatal(err)
	}
	m.commit([]*types.DecodedTx{d}, res)
	return res.Receipts[0]
}

// at re-times d to be valid at block time timeMs and signs it again.
func at(t *testing.T, d *types.DecodedTx, timeMs int64, signers ...types.Signer) *types.DecodedTx {
	t.Helper()
	d.Body.TimestampMs = timeMs - 1000
	return sign(t, d.Body, signers...)
}

func tx(t *testing.T, sender string, typ types.TxType, payload any, signers ...types.Signer) *types.DecodedTx {
	t.Helper()
	var body *types.TxBody
	switch p := payload.(type) {
	case nil:
		body = mkBody(sender, typ, nil)
	case *types.CreateAccount:
		body = mkBody(sender, typ, p)
	case *types.UpdateAuth:
		body = mkBody(sender, typ, p)
	case *types.SetRecoverKey:
		body = mkBody(sender, typ, p)
	case *types.PreReset:
		body = mkBody(sender, typ, p)
	case *types.Transfer:
		body = mkBody(sender, typ, p)
	default:
		t.Fatalf("payload %T", payload)
	}
	return sign(t, body, signers...)
}

var (
	k1, k2, k3 = newSigner("k1"), newSigner("k2"), newSigner("k3")
	rk         = newSigner("recover")
	newKey     = newSigner("replacement")
)

// A 2-of-3 account: three keys of weight 50.
func createMultisig(t *testing.T, m *memState) {
	t.Helper()
	p := &types.CreateAccount{Name: "multi", AuthKeys: []*types.AuthKey{key(k1, 50), key(k2, 50), key(k3, 50)}, RecoverKey: key(rk, 0)}
	wantReceipt(t, step(t, m, 1, testTime, tx(t, "multi", types.TxType_CREATE_ACCOUNT, p, k1, k2)), "")
	wantReceipt(t, step(t, m, 2, testTime, transferTx(t, "alice", "multi", 500, alice)), "")
}

func TestMultiSignatureTwoOfThree(t *testing.T) {
	m := newState(t)
	createMultisig(t, m)
	a := mustAccount(t, m, "multi")
	if len(a.AuthKeys) != 3 || a.RecoverKey == nil {
		t.Fatalf("account %v", a)
	}
	cases := []struct {
		name    string
		signers []types.Signer
		want    types.Code
	}{
		{"one of three (50) is insufficient", []types.Signer{k1}, types.CodeUnauthorized},
		{"the same key twice counts once", []types.Signer{k1, k1}, types.CodeUnauthorized},
		{"an outsider's key adds nothing", []types.Signer{k1, mallet}, types.CodeUnauthorized},
		{"the recover key is not an auth key", []types.Signer{k1, rk}, types.CodeUnauthorized},
		{"two of three (100) pass", []types.Signer{k1, k3}, ""},
		{"all three pass", []types.Signer{k1, k2, k3}, ""},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := step(t, m, uint64(10+i), testTime, transferTx(t, "multi", "bob", 1, tc.signers...))
			wantReceipt(t, r, tc.want)
		})
	}
	if got := mustAccount(t, m, "multi").Balance; got != 498 {
		t.Fatalf("balance %d, want 498", got)
	}
}

func TestCreateAccountRefusesBadAuthMaps(t *testing.T) {
	cases := []struct {
		name    string
		p       *types.CreateAccount
		signers []types.Signer
		want    types.Code
	}{
		{"weights cannot reach the threshold", &types.CreateAccount{Name: "x", AuthKeys: []*types.AuthKey{key(k1, 40), key(k2, 40)}}, []types.Signer{k1, k2}, types.CodeInvalidPayload},
		{"a key listed twice", &types.CreateAccount{Name: "x", AuthKeys: []*types.AuthKey{key(k1, 60), key(k1, 60)}}, []types.Signer{k1}, types.CodeInvalidPayload},
		{"zero weight", &types.CreateAccount{Name: "x", AuthKeys: []*types.AuthKey{key(k1, 100), key(k2, 0)}}, []types.Signer{k1}, types.CodeInvalidPayload},
		{"signed by too little weight", &types.CreateAccount{Name: "x", AuthKeys: []*types.AuthKey{key(k1, 50), key(k2, 50)}}, []types.Signer{k1}, types.CodeUnauthorized},
		{"both public key and auth map", &types.CreateAccount{Name: "x", Scheme: k1.Scheme(), PublicKey: k1.PublicKey(), AuthKeys: []*types.AuthKey{key(k1, 100)}}, []types.Signer{k1}, types.CodeInvalidPayload},
		{"malformed recover key", &types.CreateAccount{Name: "x", AuthKeys: []*types.AuthKey{key(k1, 100)}, RecoverKey: &types.AuthKey{Scheme: types.SignatureScheme_ED25519, PublicKey: []byte{1, 2}}}, []types.Signer{k1}, types.CodeInvalidPayload},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := newState(t)
			res := execute(t, m, 1, tx(t, tc.p.Name, types.TxType_CREATE_ACCOUNT, tc.p, tc.signers...))
			wantReceipt(t, res.Receipts[0], tc.want)
			wantUnchanged(t, m, res)
		})
	}
}

func TestUpdateAuthRotatesKeys(t *testing.T) {
	m := newState(t)
	createMultisig(t, m)
	// Rotate k3 out and add newKey with weight 50, signed by k1+k2.
	up := &types.UpdateAuth{Keys: []*types.AuthKey{key(k3, 0), key(newKey, 50)}}
	wantReceipt(t, step(t, m, 3, testTime, tx(t, "multi", types.TxType_UPDATE_AUTH, up, k1, k2)), "")
	a := mustAccount(t, m, "multi")
	if len(a.AuthKeys) != 3 || signedBy([]*types.Signature{{Scheme: k3.Scheme(), PublicKey: k3.PublicKey()}}, a.AuthKeys[0].Scheme, a.AuthKeys[0].PublicKey) {
		t.Fatalf("auth map after rotation: %v", a.AuthKeys)
	}
	// The rotated-out key can no longer sign, even with a valid partner.
	wantReceipt(t, step(t, m, 4, testTime, transferTx(t, "multi", "bob", 1, k1, k3)), types.CodeUnauthorized)
	wantReceipt(t, step(t, m, 5, testTime, transferTx(t, "multi", "bob", 1, k1, newKey)), "")

	// An update must itself be authorised at 100.
	wantReceipt(t, step(t, m, 6, testTime, tx(t, "multi", types.TxType_UPDATE_AUTH, &types.UpdateAuth{Keys: []*types.AuthKey{key(mallet, 100)}}, k1)), types.CodeUnauthorized)
	// And cannot leave the account unable to act.
	wantReceipt(t, step(t, m, 7, testTime, tx(t, "multi", types.TxType_UPDATE_AUTH, &types.UpdateAuth{Keys: []*types.AuthKey{key(k1, 0), key(k2, 0)}}, k1, k2)), types.CodeInvalidPayload)
	// Re-weighting: k1 alone becomes enough.
	wantReceipt(t, step(t, m, 8, testTime, tx(t, "multi", types.TxType_UPDATE_AUTH, &types.UpdateAuth{Keys: []*types.AuthKey{key(k1, 100)}}, k1, newKey)), "")
	wantReceipt(t, step(t, m, 9, testTime, transferTx(t, "multi", "bob", 1, k1)), "")
}

func TestRecoveryCompletesAfterTheDelay(t *testing.T) {
	m := newState(t)
	createMultisig(t, m)
	delay := newExecutor().Params.RecoveryDelayMs
	pre := tx(t, "multi", types.TxType_PRE_RESET, &types.PreReset{NewKeys: []*types.AuthKey{key(newKey, 100)}}, rk)
	wantReceipt(t, step(t, m, 3, testTime, pre), "")
	a := mustAccount(t, m, "multi")
	if a.Status != types.AccountStatus_ACCOUNT_RECOVERING || a.RecoverAfterMs != testTime+delay {
		t.Fatalf("after pre-reset: %v", a)
	}
	// Too early.
	early := testTime + delay - 1
	wantReceipt(t, step(t, m, 4, early, at(t, tx(t, "multi", types.TxType_RESET, nil, rk), early, rk)), types.CodeInvalidPayload)
	// The new key cannot act before the reset completes.
	wantReceipt(t, step(t, m, 5, early, at(t, transferTx(t, "multi", "bob", 1, newKey), early, newKey)), types.CodeUnauthorized)
	// After the delay: the recover key completes the reset.
	later := testTime + delay
	r := tx(t, "multi", types.TxType_RESET, nil, rk)
	r.Body.TimestampMs = later - 1000
	r = sign(t, r.Body, rk)
	wantReceipt(t, step(t, m, 6, later, r), "")
	a = mustAccount(t, m, "multi")
	if a.Status != types.AccountStatus_ACCOUNT_NORMAL || len(a.AuthKeys) != 1 || len(a.PendingKeys) != 0 {
		t.Fatalf("after reset: %v", a)
	}
	// Old keys are gone; the new key acts alone.
	tr := transferTx(t, "multi", "bob", 1, k1, k2)
	tr.Body.TimestampMs = later - 1000
	wantReceipt(t, step(t, m, 7, later, sign(t, tr.Body, k1, k2)), types.CodeUnauthorized)
	tr = transferTx(t, "multi", "bob", 1, newKey)
	tr.Body.TimestampMs = later - 1000
	wantReceipt(t, step(t, m, 8, later, sign(t, tr.Body, newKey)), "")
}

func TestRecoveryCancelledByAuthKeys(t *testing.T) {
	m := newState(t)
	createMultisig(t, m)
	wantReceipt(t, step(t, m, 3, testTime, tx(t, "multi", types.TxType_PRE_RESET, &types.PreReset{NewKeys: []*types.AuthKey{key(mallet, 100)}}, rk)), "")
	// Cancelling needs the auth map's threshold too.
	wantReceipt(t, step(t, m, 4, testTime, tx(t, "multi", types.TxType_CANCEL_RESET, nil, k1)), types.CodeUnauthorized)
	wantReceipt(t, step(t, m, 5, testTime, tx(t, "multi", types.TxType_CANCEL_RESET, nil, k1, k2)), "")
	a := mustAccount(t, m, "multi")
	if a.Status != types.AccountStatus_ACCOUNT_NORMAL || len(a.PendingKeys) != 0 {
		t.Fatalf("after cancel: %v", a)
	}
	// A reset after the delay now fails: nothing is pending.
	later := testTime + newExecutor().Params.RecoveryDelayMs
	r := tx(t, "multi", types.TxType_RESET, nil, rk)
	r.Body.TimestampMs = later - 1000
	wantReceipt(t, step(t, m, 6, later, sign(t, r.Body, rk)), types.CodeInvalidPayload)
}

func TestRecoveryNeedsTheRecoverKey(t *testing.T) {
	m := newState(t)
	createMultisig(t, m)
	p := &types.PreReset{NewKeys: []*types.AuthKey{key(mallet, 100)}}
	for name, signers := range map[string][]types.Signer{
		"an outsider":        {mallet},
		"even all auth keys": {k1, k2, k3},
	} {
		t.Run(name, func(t *testing.T) {
			wantReceipt(t, step(t, m, 3, testTime, tx(t, "multi", types.TxType_PRE_RESET, p, signers...)), types.CodeUnauthorized)
		})
	}
	// An account without a recover key cannot be reset at all.
	wantReceipt(t, step(t, m, 4, testTime, tx(t, "alice", types.TxType_PRE_RESET, p, alice)), types.CodeUnauthorized)
	// The recover key is set by the auth keys, then works.
	wantReceipt(t, step(t, m, 5, testTime, tx(t, "alice", types.TxType_SET_RECOVER_KEY, &types.SetRecoverKey{RecoverKey: key(rk, 0)}, alice)), "")
	wantReceipt(t, step(t, m, 6, testTime, tx(t, "alice", types.TxType_PRE_RESET, p, rk)), "")
}

func TestFrozenAccountIsRejected(t *testing.T) {
	m := newState(t)
	wantReceipt(t, step(t, m, 1, testTime, tx(t, "alice", types.TxType_FREEZE_SELF, nil, alice)), "")
	if a := mustAccount(t, m, "alice"); a.Status != types.AccountStatus_ACCOUNT_FROZEN {
		t.Fatalf("status %v", a.Status)
	}
	for i, d := range []*types.DecodedTx{
		transferTx(t, "alice", "bob", 1, alice),
		evidenceTx(t, "alice", &types.DepositEvidence{Hash: []byte{1}, HashAlgorithm: "sha256"}, alice),
		tx(t, "alice", types.TxType_UPDATE_AUTH, &types.UpdateAuth{Keys: []*types.AuthKey{key(k1, 100)}}, alice),
		tx(t, "alice", types.TxType_FREEZE_SELF, nil, alice),
	} {
		wantReceipt(t, step(t, m, uint64(2+i), testTime, d), types.CodeAccountFrozen)
	}
	// It can still receive.
	wantReceipt(t, step(t, m, 9, testTime, transferTx(t, "bob", "alice", 5, bob)), "")
}
