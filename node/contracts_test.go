package node_test

import (
	"context"
	"math/big"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/causeway/causeway/execution/evm"
	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/sdk/contracts"
	"github.com/causeway/causeway/types"
)

func artifact(t testing.TB, name string) *contracts.Artifact {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	a, err := contracts.LoadArtifact(filepath.Join(filepath.Dir(file), "..", "contracts", "artifacts", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

type contractEnv struct {
	gas  uint64 // default gas limit, 0 for the SDK's
	t    *testing.T
	c    *testnet.Cluster
	cl   *sdk.Client
	acct sdk.Account
	opt  sdk.TxOptions
}

func (e *contractEnv) send(tx *types.Transaction, err error) *types.Receipt {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
	r := submitAll(e.t, e.cl, []*types.Transaction{tx}, 1)[0]
	// A query may go to another node: every node must hold the block
	// first (a node a block behind answers a contract just deployed with
	// empty code).
	if err := e.c.WaitHeight(r.GetHeight(), 20*time.Second); err != nil {
		e.t.Fatal(err)
	}
	return r
}

func (e *contractEnv) deploy(art *contracts.Artifact, args ...string) []byte {
	e.t.Helper()
	code, err := art.DeployCode(args)
	if err != nil {
		e.t.Fatal(err)
	}
	r := e.send(e.acct.DeployContractTx(e.opt, code, e.gas, 0))
	if r.Status != types.ReceiptStatus_SUCCESS || len(r.ContractAddress) != 20 {
		e.t.Fatalf("deploy %s: %s %s", art.Name, r.ErrorCode, r.Error)
	}
	return r.ContractAddress
}

func (e *contractEnv) call(art *contracts.Artifact, to []byte, gas uint64, method string, args ...string) *types.Receipt {
	e.t.Helper()
	input, err := art.Input(method, args)
	if err != nil {
		e.t.Fatal(err)
	}
	if gas == 0 {
		gas = e.gas
	}
	return e.send(e.acct.CallContractTx(e.opt, to, input, gas, 0))
}

// query runs a read-only call on node i and returns the decoded outputs.
func (e *contractEnv) query(i int, art *contracts.Artifact, to []byte, method string, args ...string) []string {
	e.t.Helper()
	input, err := art.Input(method, args)
	if err != nil {
		e.t.Fatal(err)
	}
	r, err := e.c.Client(i).QueryContract(context.Background(), e.acct.Name, to, input, 0)
	if err != nil || r.ErrorCode != "" {
		e.t.Fatalf("query %s: %v %s", method, err, r.GetError())
	}
	out, err := art.Outputs(method, r.ReturnData)
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

func hexAddr(b []byte) string { return common.BytesToAddress(b).Hex() }

// ERC-20 and ERC-721 flows on the 4-node cluster; every node ends with the
// same state root and answers queries the same.
func TestERC20AndERC721OnCluster(t *testing.T) {
	c := testnet.New(t, testnet.Options{Nodes: 4})
	e := &contractEnv{t: t, c: c, cl: c.Client(0), acct: c.Account(0), opt: c.TxOptions()}
	me := hexAddr(evm.AddressOf(e.acct.ID()).Bytes())
	bob := hexAddr(evm.AddressOf(c.Account(1).ID()).Bytes())

	token := artifact(t, "Token")
	addr := e.deploy(token, "Metro Ride Credit", "MRC", "1000000")
	r := e.call(token, addr, 0, "transfer", bob, "2500")
	if r.Status != types.ReceiptStatus_SUCCESS {
		t.Fatalf("transfer: %s %s", r.ErrorCode, r.Error)
	}
	ev, ok := token.DecodeLog(r.Logs[0])
	if !ok || ev.Name != "Transfer" || ev.Fields[2].Value != "2500" || !strings.EqualFold(ev.Fields[1].Value, bob) {
		t.Fatalf("event %v", ev)
	}
	// A transfer above the balance reverts with the contract's reason and changes nothing.
	r = e.call(token, addr, 0, "transfer", bob, "999999999")
	if r.Status != types.ReceiptStatus_FAILED || r.ErrorCode != "reverted" || !strings.Contains(r.Error, "exceeds balance") {
		t.Fatalf("over-transfer: %s %s", r.ErrorCode, r.Error)
	}
	if err := c.WaitHeight(c.MaxHeight(), 60*time.Second); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 4; i++ {
		if got := e.query(i, token, addr, "balanceOf", bob); got[0] != "2500" {
			t.Fatalf("node %d: balanceOf(bob) = %v", i, got)
		}
		if got := e.query(i, token, addr, "balanceOf", me); got[0] != "997500" {
			t.Fatalf("node %d: balanceOf(me) = %v", i, got)
		}
	}

	nft := artifact(t, "NFT")
	naddr := e.deploy(nft, "Ride Pass", "PASS", "https://passes.example/")
	if r := e.call(nft, naddr, 0, "mint", me, "7"); r.Status != types.ReceiptStatus_SUCCESS {
		t.Fatalf("mint: %s %s", r.ErrorCode, r.Error)
	}
	r = e.call(nft, naddr, 0, "transferFrom", me, bob, "7")
	if r.Status != types.ReceiptStatus_SUCCESS {
		t.Fatalf("transferFrom: %s %s", r.ErrorCode, r.Error)
	}
	if ev, ok := nft.DecodeLog(r.Logs[len(r.Logs)-1]); !ok || ev.Name != "Transfer" || ev.Fields[2].Value != "7" {
		t.Fatalf("NFT event %v", ev)
	}
	// Node 4 answers the query: let it apply the transfer's block first.
	if err := c.WaitHeight(r.Height, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if got := e.query(3, nft, naddr, "ownerOf", "7"); !strings.EqualFold(got[0], bob) {
		t.Fatalf("ownerOf(7) = %v", got)
	}
	if err := c.WaitHeight(c.MaxHeight(), 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if err := c.CheckConsistent(); err != nil {
		t.Fatal(err)
	}
}

// Reverts, out-of-gas, gas limits, and contracts calling system contracts
// and other contracts, on a real cluster.
func TestContractFailuresAndCalls(t *testing.T) {
	params := types.DefaultParams()
	params.TxGasLimit = types.MinTxGasLimit // the floors: 10 M each
	params.BlockGasLimit = types.MinBlockGasLimit
	c := testnet.New(t, testnet.Options{Nodes: 4, Params: &params})
	e := &contractEnv{gas: 2_000_000, t: t, c: c, cl: c.Client(1), acct: c.Account(1), opt: c.TxOptions()}

	rev := artifact(t, "Reverter")
	raddr := e.deploy(rev)
	r := e.call(rev, raddr, 0, "setPositive", "0")
	if r.Status != types.ReceiptStatus_FAILED || r.ErrorCode != "reverted" || !strings.Contains(r.Error, "execution reverted:") || r.GasUsed == 0 {
		t.Fatalf("revert: %s %q gas %d", r.ErrorCode, r.Error, r.GasUsed)
	}
	burn := artifact(t, "GasBurner")
	baddr := e.deploy(burn)
	r = e.call(burn, baddr, 100_000, "spin")
	if r.Status != types.ReceiptStatus_FAILED || r.ErrorCode != "out_of_gas" || r.GasUsed != 100_000 {
		t.Fatalf("out of gas: %s %q gas %d", r.ErrorCode, r.Error, r.GasUsed)
	}
	// Above the chain's per-transaction limit: refused before running.
	r = e.call(burn, baddr, types.MinTxGasLimit+1_000_000, "spin")
	if r.Status != types.ReceiptStatus_FAILED || r.ErrorCode != string(evm.CodeGasLimit) || r.GasUsed != 0 {
		t.Fatalf("tx gas limit: %s %q", r.ErrorCode, r.Error)
	}

	// A contract calling the system contracts (SM3 and evidence deposit).
	sys := artifact(t, "SystemUser")
	saddr := e.deploy(sys)
	got := e.query(0, sys, saddr, "hash", "0x616263")
	if got[0] != "0x66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0" { // SM3("abc"), GB/T 32905 test vector
		t.Fatalf("sm3(abc) = %v", got)
	}
	r = e.call(sys, saddr, 0, "deposit", "0x"+strings.Repeat("ab", 32), "sha256", "contract=SystemUser")
	if r.Status != types.ReceiptStatus_SUCCESS {
		t.Fatalf("deposit via contract: %s %s", r.ErrorCode, r.Error)
	}
	ids, err := sys.Outputs("deposit", r.ReturnData)
	if err != nil {
		t.Fatal(err)
	}
	id, err := types.ParseHash(strings.TrimPrefix(ids[0], "0x"))
	if err != nil {
		t.Fatal(err)
	}
	evd, err := e.cl.GetEvidence(context.Background(), id)
	if err != nil || evd.HashAlgorithm != "sha256" {
		t.Fatalf("evidence deposited by the contract: %v %v", evd, err)
	}

	// A contract calling another contract: Caller pays with the token.
	token := artifact(t, "Token")
	taddr := e.deploy(token, "T", "T", "1000")
	caller := artifact(t, "Caller")
	caddr := e.deploy(caller)
	if got := e.query(2, caller, caddr, "balanceAt", hexAddr(taddr), hexAddr(evm.AddressOf(e.acct.ID()).Bytes())); got[0] != "1000" {
		t.Fatalf("balanceAt via Caller = %v", got)
	}
	if err := c.WaitHeight(c.MaxHeight(), 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if err := c.CheckConsistent(); err != nil {
		t.Fatal(err)
	}
	_ = big.NewInt
}

func contextTimeout(d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	_ = cancel // released when the deadline passes
	return ctx
}

// A fresh node replays a chain with contracts, accounts and evidence from its
// peers: it re-executes every block, and sync accepts a block only when the
// state root in the next header equals its own, so a divergence would stop it.
func TestFreshNodeReplaysContractChain(t *testing.T) {
	c := testnet.New(t, testnet.Options{Nodes: 4})
	e := &contractEnv{t: t, c: c, cl: c.Client(0), acct: c.Account(0), opt: c.TxOptions()}
	token := artifact(t, "Token")
	addr := e.deploy(token, "Replay", "R", "5000")
	for i := 0; i < 5; i++ {
		e.call(token, addr, 0, "transfer", hexAddr(evm.AddressOf(c.Account(i%4).ID()).Bytes()), "3")
		submitAll(t, e.cl, []*types.Transaction{evidenceTx(t, e.acct, e.opt, "replay contract "+string(rune('a'+i)))}, 1)
	}
	e.call(token, addr, 0, "transfer", hexAddr(addr), "999999") // reverts
	target := c.MaxHeight()
	c.Stop(3)
	c.Wipe(3)
	c.Restart(3)
	if err := c.WaitHeight(target, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	if err := c.CheckConsistent(); err != nil {
		t.Fatal(err)
	}
	if got := e.query(3, token, addr, "totalSupply"); got[0] != "5000" {
		t.Fatalf("replayed totalSupply = %v", got)
	}
}
