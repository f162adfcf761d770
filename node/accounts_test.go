package node_test

import (
	"context"
	"testing"
	"time"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

// The account model end to end on a 4-node cluster: a 2-of-3 multi-signature
// account, a key rotation, and a two-step recovery with the chain's delay.
func TestAccountKeyManagementOnCluster(t *testing.T) {
	params := types.DefaultParams()
	params.RecoveryDelayMs = 1500
	c := testnet.New(t, testnet.Options{Nodes: 4, Params: &params})
	cl := c.Client(0)
	opt := c.TxOptions()
	ctx := context.Background()
	k := make([]crypto.Key, 3)
	for i := range k {
		k[i], _ = crypto.GenerateEd25519()
	}
	ecdsaKey, _ := crypto.GenerateECDSA()
	rk, _ := crypto.GenerateEd25519()
	acct := sdk.Account{Name: "treasury", Suite: c.Network.Suite()}
	send := func(tx *types.Transaction, err error) *types.Receipt {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return submitAll(t, cl, []*types.Transaction{tx}, 1)[0]
	}
	expect := func(r *types.Receipt, code types.Code) {
		t.Helper()
		if string(code) != r.ErrorCode {
			t.Fatalf("receipt %s (%s), want %q", r.ErrorCode, r.Error, code)
		}
	}
	keys := []*types.AuthKey{sdk.AuthKeyOf(k[0], 50), sdk.AuthKeyOf(k[1], 50), sdk.AuthKeyOf(ecdsaKey, 50)}
	expect(send(acct.CreateAccountWithKeysTx(opt, keys, sdk.AuthKeyOf(rk, 0), nil, k[0], k[1])), "")
	expect(send(c.Account(0).TransferTx(opt, acct.ID(), 1000)), "")

	to := c.Account(1).ID()
	// 1 of 3 fails, 2 of 3 (mixing Ed25519 and ECDSA) passes.
	a1 := acct
	a1.Signer = k[0]
	expect(send(a1.TransferTx(opt, to, 1)), types.CodeUnauthorized)
	expect(send(transferSignedBy(acct, opt, to, k[0], ecdsaKey)), "")

	// Rotate k[1] out; it can no longer sign.
	expect(send(acct.UpdateAuthTx(opt, []*types.AuthKey{sdk.AuthKeyOf(k[1], 0), sdk.AuthKeyOf(k[2], 50)}, k[0], k[1])), "")
	expect(send(transferSignedBy(acct, opt, to, k[0], k[1])), types.CodeUnauthorized)
	expect(send(transferSignedBy(acct, opt, to, k[0], k[2])), "")

	// All auth keys "lost": recover with the recover key after the delay.
	fresh, _ := crypto.GenerateEd25519()
	expect(send(acct.PreResetTx(opt, rk, []*types.AuthKey{sdk.AuthKeyOf(fresh, 100)})), "")
	a, err := cl.GetAccount(ctx, "treasury")
	if err != nil || a.Status != types.AccountStatus_ACCOUNT_RECOVERING {
		t.Fatalf("after pre-reset: %v %v", a, err)
	}
	expect(send(acct.ResetTx(opt, rk)), types.CodeInvalidPayload) // too early
	time.Sleep(1600 * time.Millisecond)
	expect(send(acct.ResetTx(opt, rk)), "")
	af := acct
	af.Signer = fresh
	expect(send(af.TransferTx(opt, to, 1)), "")
	expect(send(transferSignedBy(acct, opt, to, k[0], k[2])), types.CodeUnauthorized)

	// Every node agrees.
	if err := c.WaitHeight(c.MaxHeight(), 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if err := c.CheckConsistent(); err != nil {
		t.Fatal(err)
	}
}

// transferSignedBy builds a transfer of 1 from a signed by every one of signers.
func transferSignedBy(a sdk.Account, opt sdk.TxOptions, to types.Hash, signers ...types.Signer) (*types.Transaction, error) {
	return a.BuildTxSignedBy(opt, types.TxType_TRANSFER, &types.Transfer{To: to.Bytes(), Amount: 1}, signers...)
}
