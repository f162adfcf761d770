package execution

import (
	"testing"

	"github.com/causeway/causeway/types"
)

// The threshold is exactly 100: keys of weights 50, 49 and 1 act together,
// and any two of them (at most 99) do not.
func TestAuthThresholdIsExactlyOneHundred(t *testing.T) {
	m := newState(t)
	p := &types.CreateAccount{Name: "weights", AuthKeys: []*types.AuthKey{key(k1, 50), key(k2, 49), key(k3, 1)}}
	wantReceipt(t, step(t, m, 1, testTime, tx(t, "weights", types.TxType_CREATE_ACCOUNT, p, k1, k2, k3)), "")
	wantReceipt(t, step(t, m, 2, testTime, transferTx(t, "alice", "weights", 100, alice)), "")
	for i, tc := range []struct {
		name    string
		signers []types.Signer
		want    types.Code
	}{
		{"50 + 49 = 99", []types.Signer{k1, k2}, types.CodeUnauthorized},
		{"50 + 1 = 51", []types.Signer{k1, k3}, types.CodeUnauthorized},
		{"49 + 1 = 50", []types.Signer{k2, k3}, types.CodeUnauthorized},
		{"50 + 49 + 1 = 100", []types.Signer{k1, k2, k3}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantReceipt(t, step(t, m, uint64(10+i), testTime, transferTx(t, "weights", "bob", 1, tc.signers...)), tc.want)
		})
	}
	if got := mustAccount(t, m, "weights").Balance; got != 99 {
		t.Fatalf("balance %d, want 99 (one transfer of 1 authorised)", got)
	}
}

// A frozen account stays frozen: its recover key can neither start nor
// complete a reset (only governance unfreezes it), and its auth keys cannot
// send.
func TestFrozenAccountCannotBeReset(t *testing.T) {
	m := newState(t)
	p := &types.CreateAccount{Name: "locked", AuthKeys: []*types.AuthKey{key(k1, 100)}, RecoverKey: key(rk, 0)}
	wantReceipt(t, step(t, m, 1, testTime, tx(t, "locked", types.TxType_CREATE_ACCOUNT, p, k1)), "")
	wantReceipt(t, step(t, m, 2, testTime, tx(t, "locked", types.TxType_FREEZE_SELF, nil, k1)), "")
	before := mustAccount(t, m, "locked")
	pre := &types.PreReset{NewKeys: []*types.AuthKey{key(newKey, 100)}}
	wantReceipt(t, step(t, m, 3, testTime, tx(t, "locked", types.TxType_PRE_RESET, pre, rk)), types.CodeAccountFrozen)
	wantReceipt(t, step(t, m, 4, testTime, tx(t, "locked", types.TxType_RESET, nil, rk)), types.CodeAccountFrozen)
	wantReceipt(t, step(t, m, 5, testTime, tx(t, "locked", types.TxType_CANCEL_RESET, nil, k1)), types.CodeAccountFrozen)
	after := mustAccount(t, m, "locked")
	if after.Status != types.AccountStatus_ACCOUNT_FROZEN || after.Version != before.Version || len(after.PendingKeys) != 0 {
		t.Fatalf("account changed: %v -> %v", before, after)
	}
}
