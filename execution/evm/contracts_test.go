package evm

import (
	"bytes"
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

func bigInt(v int64) *big.Int { return big.NewInt(v) }

func TestERC20(t *testing.T) {
	c := newTestChain(t)
	tokenAddr, tok, dres := c.deploy(alice, "Token", 0, "Causeway Token", "CWY", bigInt(1_000_000))

	// The contract is an account with code, indexed by its address.
	wantID := ContractID(nil, alice, sha256Tx(1), 0)
	if tokenAddr != AddressOf(wantID) {
		t.Fatalf("token address %x, want AddressOf(ContractID) %x", tokenAddr, AddressOf(wantID))
	}
	acct := c.account(wantID)
	if acct == nil || len(acct.CodeHash) != 32 || acct.Version != 1 || acct.CreatedHeight != testHeight {
		t.Fatalf("contract account %v", acct)
	}
	if !bytes.Equal(acct.CodeHash, crypto.Keccak256(tok.Runtime)) {
		t.Fatalf("code hash %x is not keccak256 of the deployed code", acct.CodeHash)
	}
	if got := c.kv.m[string(state.CodeKey(common.Hash(acct.CodeHash)))]; !bytes.Equal(got, tok.Runtime) {
		t.Fatalf("stored code differs from the artifact's deployed bytecode")
	}
	if id, ok, err := IdentityOf(c.kv, tokenAddr); err != nil || !ok || id != wantID {
		t.Fatalf("IdentityOf(token) = %s %v %v", id, ok, err)
	}
	if n := c.kv.m[string(state.NonceKey(tokenAddr))]; !bytes.Equal(n, []byte{0, 0, 0, 0, 0, 0, 0, 1}) {
		t.Fatalf("contract nonce %x, want 1", n)
	}
	if dres.GasUsed == 0 || dres.GasUsed > testGas || dres.ReturnData != nil {
		t.Fatalf("deploy result: gas %d, return %x", dres.GasUsed, dres.ReturnData)
	}
	// The constructor's mint is logged.
	if len(dres.Logs) != 1 || !bytes.Equal(dres.Logs[0].Address, tokenAddr[:]) {
		t.Fatalf("deploy logs %v", dres.Logs)
	}

	if got := c.query(alice, tokenAddr, tok, "balanceOf", addr(alice))[0].(*big.Int); got.Int64() != 1_000_000 {
		t.Fatalf("alice has %s tokens", got)
	}
	if got := c.query(bob, tokenAddr, tok, "name")[0].(string); got != "Causeway Token" {
		t.Fatalf("name %q", got)
	}

	res := c.mustCall(alice, tokenAddr, tok, "transfer", addr(bob), bigInt(250))
	if ok := unpack(t, tok, "transfer", res)[0].(bool); !ok {
		t.Fatal("transfer returned false")
	}
	if len(res.Logs) != 1 {
		t.Fatalf("%d logs, want 1 Transfer", len(res.Logs))
	}
	lg := res.Logs[0]
	ev := tok.ABI.Events["Transfer"]
	if !bytes.Equal(lg.Address, tokenAddr[:]) || len(lg.Topics) != 3 || !bytes.Equal(lg.Topics[0], ev.ID[:]) {
		t.Fatalf("Transfer log %x %x", lg.Address, lg.Topics)
	}
	if common.BytesToAddress(lg.Topics[1]) != addr(alice) || common.BytesToAddress(lg.Topics[2]) != addr(bob) {
		t.Fatalf("Transfer log from/to %x %x", lg.Topics[1], lg.Topics[2])
	}
	vals, err := ev.Inputs.NonIndexed().Unpack(lg.Data)
	if err != nil || vals[0].(*big.Int).Int64() != 250 {
		t.Fatalf("Transfer value %v %v", vals, err)
	}
	if res.GasUsed < 21_000 || res.GasUsed > 100_000 {
		t.Fatalf("transfer used %d gas", res.GasUsed)
	}

	if got := c.query(bob, tokenAddr, tok, "balanceOf", addr(bob))[0].(*big.Int); got.Int64() != 250 {
		t.Fatalf("bob has %s tokens", got)
	}
	if got := c.query(bob, tokenAddr, tok, "balanceOf", addr(alice))[0].(*big.Int); got.Int64() != 999_750 {
		t.Fatalf("alice has %s tokens", got)
	}

	// Allowances: bob spends for alice.
	c.mustCall(alice, tokenAddr, tok, "approve", addr(bob), bigInt(100))
	c.mustCall(bob, tokenAddr, tok, "transferFrom", addr(alice), addr(carol), bigInt(60))
	res = c.call(bob, tokenAddr, tok, 0, "transferFrom", addr(alice), addr(carol), bigInt(60))
	if !errors.Is(res.Err, ErrReverted) || res.RevertReason != "ERC20: insufficient allowance" {
		t.Fatalf("over-allowance transferFrom: %v %q", res.Err, res.RevertReason)
	}
	if got := c.query(carol, tokenAddr, tok, "balanceOf", addr(carol))[0].(*big.Int); got.Int64() != 60 {
		t.Fatalf("carol has %s tokens", got)
	}
	if got := c.query(carol, tokenAddr, tok, "allowance", addr(alice), addr(bob))[0].(*big.Int); got.Int64() != 40 {
		t.Fatalf("allowance %s", got)
	}

	// Failures.
	res = c.call(bob, tokenAddr, tok, 0, "transfer", addr(carol), bigInt(1_000))
	if res.RevertReason != "ERC20: transfer amount exceeds balance" || ErrorCode(res.Err) != CodeReverted {
		t.Fatalf("overdraft: %v %q", res.Err, res.RevertReason)
	}
	res = c.call(bob, tokenAddr, tok, 0, "mint", addr(bob), bigInt(1))
	if res.RevertReason != "ERC20: only the owner may mint" {
		t.Fatalf("mint by non-owner: %v %q", res.Err, res.RevertReason)
	}
	c.mustCall(alice, tokenAddr, tok, "mint", addr(carol), bigInt(5))
	if got := c.query(carol, tokenAddr, tok, "totalSupply")[0].(*big.Int); got.Int64() != 1_000_005 {
		t.Fatalf("total supply %s", got)
	}
}

// sha256Tx is the hash of the n-th transaction a testChain sends.
func sha256Tx(n uint64) types.Hash {
	c := &testChain{n: n - 1}
	return c.nextTx()
}

func TestERC721(t *testing.T) {
	c := newTestChain(t)
	nftAddr, nft, _ := c.deploy(alice, "NFT", 0, "Metro Tickets", "MTK", "https://nft.example/")

	res := c.mustCall(alice, nftAddr, nft, "mint", addr(alice), bigInt(1))
	if len(res.Logs) != 1 || len(res.Logs[0].Topics) != 4 {
		t.Fatalf("mint logs %v", res.Logs)
	}
	c.mustCall(alice, nftAddr, nft, "mint", addr(alice), bigInt(2))
	if got := c.query(bob, nftAddr, nft, "ownerOf", bigInt(1))[0].(common.Address); got != addr(alice) {
		t.Fatalf("owner of 1 is %x", got)
	}
	if got := c.query(bob, nftAddr, nft, "balanceOf", addr(alice))[0].(*big.Int); got.Int64() != 2 {
		t.Fatalf("alice has %s tokens", got)
	}
	if got := c.query(bob, nftAddr, nft, "tokenURI", bigInt(2))[0].(string); got != "https://nft.example/2" {
		t.Fatalf("tokenURI %q", got)
	}
	if ok := c.query(bob, nftAddr, nft, "supportsInterface", [4]byte{0x80, 0xac, 0x58, 0xcd})[0].(bool); !ok {
		t.Fatal("does not support ERC-721")
	}

	res = c.call(bob, nftAddr, nft, 0, "mint", addr(bob), bigInt(3))
	if res.RevertReason != "ERC721: only the minter may mint" {
		t.Fatalf("mint by bob: %v %q", res.Err, res.RevertReason)
	}
	res = c.call(alice, nftAddr, nft, 0, "mint", addr(bob), bigInt(1))
	if res.RevertReason != "ERC721: token already minted" {
		t.Fatalf("double mint: %v %q", res.Err, res.RevertReason)
	}
	res = c.call(bob, nftAddr, nft, 0, "transferFrom", addr(alice), addr(bob), bigInt(1))
	if res.RevertReason != "ERC721: caller is not the owner nor approved" {
		t.Fatalf("theft: %v %q", res.Err, res.RevertReason)
	}

	res = c.mustCall(alice, nftAddr, nft, "transferFrom", addr(alice), addr(bob), bigInt(1))
	ev := nft.ABI.Events["Transfer"]
	if lg := res.Logs[0]; !bytes.Equal(lg.Topics[0], ev.ID[:]) || new(big.Int).SetBytes(lg.Topics[3]).Int64() != 1 {
		t.Fatalf("Transfer log %x", lg.Topics)
	}
	if got := c.query(bob, nftAddr, nft, "ownerOf", bigInt(1))[0].(common.Address); got != addr(bob) {
		t.Fatalf("owner of 1 is %x after transfer", got)
	}

	// An approved operator moves token 2.
	c.mustCall(alice, nftAddr, nft, "approve", addr(carol), bigInt(2))
	if got := c.query(bob, nftAddr, nft, "getApproved", bigInt(2))[0].(common.Address); got != addr(carol) {
		t.Fatalf("approved %x", got)
	}
	c.mustCall(carol, nftAddr, nft, "transferFrom", addr(alice), addr(carol), bigInt(2))
	if got := c.query(bob, nftAddr, nft, "ownerOf", bigInt(2))[0].(common.Address); got != addr(carol) {
		t.Fatalf("owner of 2 is %x", got)
	}
	if got := c.query(bob, nftAddr, nft, "getApproved", bigInt(2))[0].(common.Address); got != (common.Address{}) {
		t.Fatalf("approval survived the transfer: %x", got)
	}

	// A safe transfer to a contract that is no ERC-721 receiver fails and
	// changes nothing.
	tokenAddr, _, _ := c.deploy(alice, "Token", 0, "T", "T", bigInt(1))
	c.expectUnchanged(func() {
		res = c.call(bob, nftAddr, nft, 0, "safeTransferFrom", addr(bob), tokenAddr, bigInt(1))
	})
	if !errors.Is(res.Err, ErrReverted) {
		t.Fatalf("safe transfer to a non-receiver: %v", res.Err)
	}
	res = c.call(bob, nftAddr, nft, 0, "ownerOf", bigInt(99))
	if res.RevertReason != "ERC721: token does not exist" {
		t.Fatalf("ownerOf(99): %q", res.RevertReason)
	}
}

func TestEscrow(t *testing.T) {
	c := newTestChain(t)
	escAddr, esc, _ := c.deploy(alice, "Escrow", 1000, addr(bob), addr(carol))
	escID, _, _ := IdentityOf(c.kv, escAddr)
	if c.balance(alice) != 999_000 || c.balance(escID) != 1000 {
		t.Fatalf("after deposit: alice %d, escrow %d", c.balance(alice), c.balance(escID))
	}
	if v := c.account(alice).Version; v != 2 {
		t.Fatalf("alice's version %d, want 2 after one balance change", v)
	}
	res := c.call(bob, escAddr, esc, 0, "release")
	if res.RevertReason != "Escrow: only the buyer or the arbiter may release" {
		t.Fatalf("release by seller: %v %q", res.Err, res.RevertReason)
	}
	res = c.mustCall(carol, escAddr, esc, "release")
	if c.balance(bob) != 1500 || c.balance(escID) != 0 {
		t.Fatalf("after release: bob %d, escrow %d", c.balance(bob), c.balance(escID))
	}
	if len(res.Logs) != 1 {
		t.Fatalf("release logs %v", res.Logs)
	}
	res = c.call(alice, escAddr, esc, 0, "release")
	if res.RevertReason != "Escrow: already settled" {
		t.Fatalf("second release: %q", res.RevertReason)
	}
	// The transient lock was released (and would be gone anyway).
	if locked := c.query(alice, escAddr, esc, "isLocked")[0].(bool); locked {
		t.Fatal("lock held between transactions")
	}
	if res := c.tryDeploy(alice, esc, 0, addr(bob), addr(carol)); res.RevertReason != "Escrow: nothing deposited" {
		t.Fatalf("escrow without deposit: %v %q", res.Err, res.RevertReason)
	}

	// A refund by the seller pays the buyer back.
	esc2, _, _ := c.deploy(alice, "Escrow", 300, addr(bob), addr(carol))
	c.mustCall(bob, esc2, esc, "refund")
	if c.balance(alice) != 999_000 {
		t.Fatalf("after refund alice has %d", c.balance(alice))
	}
}

func TestReverts(t *testing.T) {
	c := newTestChain(t)
	rAddr, rev, _ := c.deploy(alice, "Reverter", 0)
	c.mustCall(alice, rAddr, rev, "setPositive", bigInt(7))

	var res *Result
	c.expectUnchanged(func() { res = c.call(alice, rAddr, rev, 0, "setPositive", bigInt(0)) })
	if !errors.Is(res.Err, ErrReverted) || res.RevertReason != "Reverter: value must be positive" {
		t.Fatalf("require: %v %q", res.Err, res.RevertReason)
	}
	if !strings.Contains(res.Err.Error(), "Reverter: value must be positive") {
		t.Fatalf("error %q lacks the reason", res.Err)
	}
	if res.GasUsed == 0 || res.GasUsed >= testGas/2 {
		t.Fatalf("a revert used %d gas; it should return what is left", res.GasUsed)
	}
	if res.Logs != nil {
		t.Fatalf("a revert kept logs %v", res.Logs)
	}
	if !bytes.Equal(res.ReturnData[:4], errorSelector) {
		t.Fatalf("revert data %x is not Error(string)", res.ReturnData)
	}

	// A write before the revert is undone.
	c.expectUnchanged(func() { res = c.call(alice, rAddr, rev, 0, "writeThenRevert", bigInt(9)) })
	if res.RevertReason != "Reverter: wrote, then reverted" {
		t.Fatalf("writeThenRevert: %q", res.RevertReason)
	}
	if v := c.query(alice, rAddr, rev, "value")[0].(*big.Int); v.Int64() != 7 {
		t.Fatalf("value %s after a reverted write", v)
	}

	// A custom error: the data is returned, there is no string reason.
	res = c.call(alice, rAddr, rev, 0, "failCustom")
	custom := rev.ABI.Errors["Unauthorized"]
	if !errors.Is(res.Err, ErrReverted) || res.RevertReason != "" || !bytes.Equal(res.ReturnData[:4], custom.ID[:4]) {
		t.Fatalf("custom error: %v %q %x", res.Err, res.RevertReason, res.ReturnData)
	}
	vals, err := custom.Unpack(res.ReturnData)
	if err != nil || vals.([]any)[0].(common.Address) != addr(alice) {
		t.Fatalf("custom error args %v %v", vals, err)
	}

	// A panic is decoded too.
	res = c.call(alice, rAddr, rev, 0, "failPanic", bigInt(0))
	if !errors.Is(res.Err, ErrReverted) || !strings.Contains(res.RevertReason, "division or modulo by zero") {
		t.Fatalf("panic: %v %q", res.Err, res.RevertReason)
	}
	res = c.call(alice, rAddr, rev, 0, "failPlain")
	if !errors.Is(res.Err, ErrReverted) || res.RevertReason != "" || len(res.ReturnData) != 0 {
		t.Fatalf("plain revert: %v %q %x", res.Err, res.RevertReason, res.ReturnData)
	}

	// A reverting constructor: no contract, nothing written.
	esc := loadArtifact(t, "Escrow")
	c.expectUnchanged(func() { res = c.tryDeploy(alice, esc, 0, addr(bob), addr(carol)) })
	if res.RevertReason != "Escrow: nothing deposited" || res.ContractAddress != nil {
		t.Fatalf("reverting constructor: %v %q %x", res.Err, res.RevertReason, res.ContractAddress)
	}
}

func TestOutOfGas(t *testing.T) {
	c := newTestChain(t)
	gAddr, gb, _ := c.deploy(alice, "GasBurner", 0)
	var res *Result
	c.expectUnchanged(func() { res = c.callGas(alice, gAddr, gb, 0, 300_000, "spin") })
	if !errors.Is(res.Err, ErrOutOfGas) || ErrorCode(res.Err) != CodeOutOfGas {
		t.Fatalf("spin: %v", res.Err)
	}
	if res.GasUsed != 300_000 {
		t.Fatalf("out of gas used %d, want all 300000", res.GasUsed)
	}
	res = c.mustCall(alice, gAddr, gb, "burn", bigInt(10))
	if v := c.query(alice, gAddr, gb, "counter")[0].(*big.Int); v.Int64() != 10 {
		t.Fatalf("counter %s", v)
	}
	// Too little gas for the deployment's code deposit.
	c.expectUnchanged(func() {
		tok := loadArtifact(t, "Token")
		ctor, _ := tok.ABI.Pack("", "A", "B", bigInt(1))
		code := append(append([]byte{}, tok.Bytecode...), ctor...)
		r, err := Deploy(c.kv, c.ctx, alice, c.nextTx(), code, IntrinsicGas(code, true)+100_000, 0)
		if err != nil || ErrorCode(r.Err) != CodeOutOfGas || r.GasUsed != IntrinsicGas(code, true)+100_000 {
			t.Fatalf("deploy with little gas: %v %+v", err, r)
		}
	})
}

func TestContractCallsContract(t *testing.T) {
	c := newTestChain(t)
	tokenAddr, tok, _ := c.deploy(alice, "Token", 0, "T", "T", bigInt(1000))
	callerAddr, cl, _ := c.deploy(bob, "Caller", 0)

	if got := c.query(carol, callerAddr, cl, "balanceAt", tokenAddr, addr(alice))[0].(*big.Int); got.Int64() != 1000 {
		t.Fatalf("balanceAt %s", got)
	}
	c.mustCall(alice, tokenAddr, tok, "approve", callerAddr, bigInt(500))
	res := c.mustCall(alice, callerAddr, cl, "payMany", tokenAddr,
		[]common.Address{addr(bob), addr(carol)}, []*big.Int{bigInt(100), bigInt(200)})
	if total := unpack(t, cl, "payMany", res)[0].(*big.Int); total.Int64() != 300 {
		t.Fatalf("paid %s", total)
	}
	if len(res.Logs) != 3 { // two Transfers by the token, one Paid by the caller
		t.Fatalf("%d logs", len(res.Logs))
	}
	if !bytes.Equal(res.Logs[0].Address, tokenAddr[:]) || !bytes.Equal(res.Logs[2].Address, callerAddr[:]) {
		t.Fatal("logs out of order")
	}
	if got := c.query(carol, tokenAddr, tok, "balanceOf", addr(carol))[0].(*big.Int); got.Int64() != 200 {
		t.Fatalf("carol has %s", got)
	}

	// An inner failure caught with try/catch: the inner call's effects are
	// undone, the outer call's kept.
	res = c.mustCall(alice, callerAddr, cl, "tryPay", tokenAddr, addr(bob), bigInt(10_000))
	out := unpack(t, cl, "tryPay", res)
	if out[0].(bool) || out[1].(string) != "ERC20: insufficient allowance" {
		t.Fatalf("tryPay: %v", out)
	}
	if a := c.query(carol, callerAddr, cl, "attempts")[0].(*big.Int); a.Int64() != 1 {
		t.Fatalf("attempts %s", a)
	}
	if f := c.query(carol, callerAddr, cl, "failures")[0].(*big.Int); f.Int64() != 1 {
		t.Fatalf("failures %s", f)
	}
	if got := c.query(carol, tokenAddr, tok, "balanceOf", addr(alice))[0].(*big.Int); got.Int64() != 700 {
		t.Fatalf("alice has %s", got)
	}
	// A failure that is not caught fails the whole transaction.
	c.expectUnchanged(func() {
		res = c.call(alice, callerAddr, cl, 0, "payMany", tokenAddr,
			[]common.Address{addr(bob), addr(carol)}, []*big.Int{bigInt(100), bigInt(10_000)})
	})
	if res.RevertReason != "ERC20: insufficient allowance" {
		t.Fatalf("payMany over allowance: %q", res.RevertReason)
	}
}

func TestFactoryCreateAndSelfDestruct(t *testing.T) {
	c := newTestChain(t)
	fAddr, f, _ := c.deploy(alice, "Factory", 0)
	child := loadArtifact(t, "Child")

	res := c.mustCall(alice, fAddr, f, "create", bigInt(7))
	c1 := unpack(t, f, "create", res)[0].(common.Address)
	if want := crypto.CreateAddress(fAddr, 1); c1 != want {
		t.Fatalf("CREATE address %x, want %x", c1, want)
	}
	if id, ok, _ := IdentityOf(c.kv, c1); !ok || id != ImplicitID(c1) {
		t.Fatalf("child identity %s %v", id, ok)
	}
	if a := c.account(ImplicitID(c1)); a == nil || len(a.CodeHash) != 32 {
		t.Fatalf("child account %v", a)
	}
	if n := c.kv.m[string(state.NonceKey(fAddr))]; !bytes.Equal(n, []byte{0, 0, 0, 0, 0, 0, 0, 2}) {
		t.Fatalf("factory nonce %x, want 2", n)
	}
	if v := c.query(bob, c1, child, "value")[0].(*big.Int); v.Int64() != 7 {
		t.Fatalf("child value %s", v)
	}
	if p := c.query(bob, c1, child, "parent")[0].(common.Address); p != fAddr {
		t.Fatalf("child parent %x", p)
	}

	salt := [32]byte{1, 2, 3}
	want := c.query(bob, fAddr, f, "predict2", bigInt(8), salt)[0].(common.Address)
	res = c.mustCall(alice, fAddr, f, "create2", bigInt(8), salt)
	if c2 := unpack(t, f, "create2", res)[0].(common.Address); c2 != want {
		t.Fatalf("CREATE2 address %x, want %x", c2, want)
	}
	// The same salt again collides.
	res = c.call(alice, fAddr, f, 0, "create2", bigInt(8), salt)
	if !errors.Is(res.Err, ErrReverted) {
		t.Fatalf("second CREATE2 with one salt: %v", res.Err)
	}

	// Created and destroyed in one transaction: nothing of it is stored, and
	// its value goes to the beneficiary.
	before := c.balance(carol)
	res = c.call(alice, fAddr, f, 40, "createAndDestroy", bigInt(9), addr(carol))
	if res.Err != nil {
		t.Fatalf("createAndDestroy: %v %q", res.Err, res.RevertReason)
	}
	c3 := unpack(t, f, "createAndDestroy", res)[0].(common.Address)
	for _, k := range []string{string(state.AccountKey(ImplicitID(c3))), string(state.AddressIndexKey(c3)), string(state.NonceKey(c3))} {
		if _, ok := c.kv.m[k]; ok {
			t.Fatalf("destroyed contract left key %x", k)
		}
	}
	if len(c.kv.keysWithPrefix(state.StoragePrefix+string(c3[:]))) != 0 {
		t.Fatal("destroyed contract left storage")
	}
	if c.balance(carol) != before+40 {
		t.Fatalf("beneficiary got %d", c.balance(carol)-before)
	}

	// Destroyed in a later transaction (EIP-6780): only the balance moves.
	res = c.mustCall(alice, fAddr, f, "destroy", bigInt(0), addr(bob))
	if a := c.account(ImplicitID(c1)); a == nil || len(a.CodeHash) != 32 {
		t.Fatal("a contract destroyed after its creating transaction lost its account")
	}
	if v := c.query(bob, c1, child, "value")[0].(*big.Int); v.Int64() != 7 {
		t.Fatalf("child storage after SELFDESTRUCT: %s", v)
	}
}

func TestEnvironment(t *testing.T) {
	c := newTestChain(t)
	c.ctx.BlockHash = func(h uint64) [32]byte { return [32]byte{byte(h), 0xbb} }
	eAddr, env, _ := c.deploy(alice, "Env", 0)
	out := c.query(bob, eAddr, env, "context")
	if out[0].(*big.Int).Uint64() != testHeight || out[1].(*big.Int).Int64() != testTimeMs/1000 ||
		out[2].(*big.Int).Int64() != testChainID || out[3].(common.Address) != c.ctx.Coinbase ||
		out[4].(*big.Int).Int64() != testBlockGas || out[5].(*big.Int).Sign() != 0 || out[6].(common.Address) != addr(bob) {
		t.Fatalf("context %v", out)
	}
	if h := c.query(bob, eAddr, env, "parentHash")[0].([32]byte); h != [32]byte{testHeight - 1, 0xbb} {
		t.Fatalf("parent hash %x", h)
	}
	// Transient storage lasts one transaction.
	for i := 0; i < 2; i++ {
		res := c.mustCall(alice, eAddr, env, "transientRoundTrip", bigInt(5))
		out := unpack(t, env, "transientRoundTrip", res)
		if out[0].(*big.Int).Sign() != 0 || out[1].(*big.Int).Int64() != 5 {
			t.Fatalf("transient round trip %d: %v", i, out)
		}
	}
	if len(c.kv.keysWithPrefix(state.StoragePrefix+string(eAddr[:]))) != 0 {
		t.Fatal("transient storage was persisted")
	}
}
