package evm

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

// The EVM's part of the state layout (accounts of contracts, the address
// index, code, storage, nonces and evidence deposited through the system
// contract) is part of the chain's consensus. This golden digest pins the
// exact keys and values a fixed run of contracts writes. It was recorded
// before the layout moved into package state, and must never change.
func TestGoldenEVMState(t *testing.T) {
	const want = "b5c74e543a235af01e30451c9a500a2d589826265d3e5c50e3c6ccb41913f6c7"
	c := newTestChain(t)
	tokenAddr, tok, _ := c.deploy(alice, "Token", 0, "Golden", "GLD", bigInt(1_000_000))
	c.mustCall(alice, tokenAddr, tok, "transfer", addr(bob), bigInt(250))
	c.mustCall(alice, tokenAddr, tok, "approve", addr(carol), bigInt(40))

	fAddr, f, _ := c.deploy(alice, "Factory", 0)
	c.mustCall(alice, fAddr, f, "create", bigInt(7))
	c.mustCall(alice, fAddr, f, "create2", bigInt(8), [32]byte{1, 2, 3})
	if res := c.call(alice, fAddr, f, 40, "createAndDestroy", bigInt(9), addr(carol)); res.Err != nil {
		t.Fatalf("createAndDestroy: %v", res.Err)
	}
	// SystemUser's creation code as compiled when the digest was recorded
	// (commit ae72dbe): its metadata hash covers contracts/ICauseway.sol, so
	// the current artifact changes whenever a system contract is added there,
	// which is no change of the layout.
	code, err := os.ReadFile("testdata/golden_SystemUser.hex")
	if err != nil {
		t.Fatal(err)
	}
	su := *loadArtifact(t, "SystemUser")
	if su.Bytecode, err = hex.DecodeString(string(bytes.TrimSpace(code))); err != nil {
		t.Fatal(err)
	}
	res := c.tryDeploy(bob, &su, 0)
	if res.Err != nil || len(res.ContractAddress) != 20 {
		t.Fatalf("deploy SystemUser: %v", res.Err)
	}
	sAddr := common.Address(res.ContractAddress)
	c.mustCall(bob, sAddr, &su, "deposit", [32]byte{9, 9}, "sha256", "golden case")
	// A value transfer to a fresh address creates an implicit account.
	fresh := common.HexToAddress("0x00000000000000000000000000000000000a11ce")
	if res, err := Call(c.kv, c.ctx, alice, c.nextTx(), fresh.Bytes(), nil, testGas, 5); err != nil || res.Err != nil {
		t.Fatalf("transfer to a fresh address: %v %v", err, res.Err)
	}

	for _, p := range []string{"acct/", "evma/", "code/", "stor/", "evmn/", "evid/"} {
		if len(c.kv.keysWithPrefix(p)) == 0 {
			t.Errorf("no state key starts with %q", p)
		}
	}
	sum := sha256.Sum256([]byte(c.kv.dump()))
	if got := hex.EncodeToString(sum[:]); got != want {
		t.Errorf("EVM state digest = %s, want %s: the state layout changed", got, want)
	}
}
