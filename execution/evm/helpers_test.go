package evm

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"google.golang.org/protobuf/proto"
)

// memKV is a map-backed KV that records the order of its writes.
type memKV struct {
	m      map[string][]byte
	writes []string // keys set or deleted, in call order
	gets   int
	// failAfter makes Get fail once it has been called this many times (0: never).
	failAfter int
}

func newMemKV() *memKV { return &memKV{m: map[string][]byte{}} }

func (kv *memKV) Get(key []byte) ([]byte, error) {
	kv.gets++
	if kv.failAfter > 0 && kv.gets >= kv.failAfter {
		return nil, errors.New("disk on fire")
	}
	return kv.m[string(key)], nil
}

func (kv *memKV) Set(key, value []byte) {
	kv.writes = append(kv.writes, string(key))
	kv.m[string(key)] = bytes.Clone(value)
}

func (kv *memKV) Delete(key []byte) {
	kv.writes = append(kv.writes, string(key))
	delete(kv.m, string(key))
}

// dump is the KV's content in key order, for byte-wise comparison.
func (kv *memKV) dump() string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(kv.m)) {
		fmt.Fprintf(&b, "%x=%x\n", k, kv.m[k])
	}
	return b.String()
}

func (kv *memKV) clone() *memKV {
	c := newMemKV()
	for k, v := range kv.m {
		c.m[k] = bytes.Clone(v)
	}
	return c
}

// keysWithPrefix lists the keys that start with prefix, sorted.
func (kv *memKV) keysWithPrefix(prefix string) []string {
	var out []string
	for k := range kv.m {
		if strings.HasPrefix(k, prefix) {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// artifact is a compiled contract from contracts/artifacts.
type artifact struct {
	Name     string
	ABI      abi.ABI
	Bytecode []byte
	Runtime  []byte
}

var (
	artifactMu    sync.Mutex
	artifactCache = map[string]*artifact{}
)

func loadArtifact(t testing.TB, name string) *artifact {
	t.Helper()
	artifactMu.Lock()
	defer artifactMu.Unlock()
	if a, ok := artifactCache[name]; ok {
		return a
	}
	b, err := os.ReadFile(filepath.Join("..", "..", "contracts", "artifacts", name+".json"))
	if err != nil {
		t.Fatalf("read artifact %s (run `npm install && node compile.js` in contracts/): %v", name, err)
	}
	var raw struct {
		ABI              json.RawMessage `json:"abi"`
		Bytecode         string          `json:"bytecode"`
		DeployedBytecode string          `json:"deployedBytecode"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatalf("artifact %s: %v", name, err)
	}
	a := &artifact{Name: name}
	if a.ABI, err = abi.JSON(bytes.NewReader(raw.ABI)); err != nil {
		t.Fatalf("artifact %s abi: %v", name, err)
	}
	if a.Bytecode, err = hex.DecodeString(strings.TrimPrefix(raw.Bytecode, "0x")); err != nil {
		t.Fatalf("artifact %s bytecode: %v", name, err)
	}
	if a.Runtime, err = hex.DecodeString(strings.TrimPrefix(raw.DeployedBytecode, "0x")); err != nil {
		t.Fatalf("artifact %s deployed bytecode: %v", name, err)
	}
	artifactCache[name] = a
	return a
}

const (
	testChainID  = 4242
	testHeight   = 77
	testTimeMs   = int64(1_700_000_123_456)
	testGas      = 5_000_000
	testBlockGas = 30_000_000
)

var (
	alice = types.Intl.AccountID("alice")
	bob   = types.Intl.AccountID("bob")
	carol = types.Intl.AccountID("carol")
)

// testChain is a KV with some accounts and a way to send messages to it.
type testChain struct {
	t   testing.TB
	kv  *memKV
	ctx Context
	n   uint64 // transactions sent, for distinct hashes
}

func newTestChain(t testing.TB) *testChain {
	t.Helper()
	c := &testChain{t: t, kv: newMemKV(), ctx: Context{
		ChainID:       testChainID,
		Height:        testHeight,
		TimeMs:        testTimeMs,
		BlockGasLimit: testBlockGas,
		Coinbase:      common.HexToAddress("0x00000000000000000000000000000000c0ffee00"),
	}}
	c.addAccount("alice", 1_000_000)
	c.addAccount("bob", 500)
	c.addAccount("carol", 0)
	c.kv.writes = nil
	return c
}

// addAccount writes an account as the executor's CREATE_ACCOUNT would, and
// indexes it.
func (c *testChain) addAccount(name string, balance uint64) types.Hash {
	id := types.Intl.AccountID(name)
	acct := &types.Account{
		Id: id.Bytes(), Name: name, Balance: balance, Version: 1,
		AuthKeys: []*types.AuthKey{{Scheme: types.SignatureScheme_ED25519, PublicKey: bytes.Repeat([]byte{1}, 32), Weight: 100}},
	}
	c.kv.Set(state.AccountKey(id), state.EncodeAccount(acct))
	if err := IndexAccount(c.kv, id); err != nil {
		c.t.Fatal(err)
	}
	return id
}

func (c *testChain) nextTx() types.Hash {
	c.n++
	return sha256.Sum256(binary.BigEndian.AppendUint64([]byte("tx"), c.n))
}

func (c *testChain) account(id types.Hash) *types.Account {
	c.t.Helper()
	b := c.kv.m[string(state.AccountKey(id))]
	if b == nil {
		return nil
	}
	a := &types.Account{}
	if err := proto.Unmarshal(b, a); err != nil {
		c.t.Fatal(err)
	}
	return a
}

func (c *testChain) balance(id types.Hash) uint64 {
	if a := c.account(id); a != nil {
		return a.Balance
	}
	return 0
}

// deploy deploys the artifact with constructor args and requires success.
func (c *testChain) deploy(from types.Hash, name string, value uint64, args ...any) (common.Address, *artifact, *Result) {
	c.t.Helper()
	a := loadArtifact(c.t, name)
	res := c.tryDeploy(from, a, value, args...)
	if res.Err != nil {
		c.t.Fatalf("deploy %s: %v (reason %q)", name, res.Err, res.RevertReason)
	}
	if len(res.ContractAddress) != 20 {
		c.t.Fatalf("deploy %s: contract address %x", name, res.ContractAddress)
	}
	return common.Address(res.ContractAddress), a, res
}

func (c *testChain) tryDeploy(from types.Hash, a *artifact, value uint64, args ...any) *Result {
	c.t.Helper()
	ctorArgs, err := a.ABI.Pack("", args...)
	if err != nil {
		c.t.Fatalf("pack constructor of %s: %v", a.Name, err)
	}
	code := append(slices.Clone(a.Bytecode), ctorArgs...)
	res, err := Deploy(c.kv, c.ctx, from, c.nextTx(), code, testGas, value)
	if err != nil {
		c.t.Fatalf("deploy %s: internal error %v", a.Name, err)
	}
	return res
}

// call sends a CALL_CONTRACT transaction; it does not require success.
func (c *testChain) call(from types.Hash, to common.Address, a *artifact, value uint64, method string, args ...any) *Result {
	c.t.Helper()
	return c.callGas(from, to, a, value, testGas, method, args...)
}

func (c *testChain) callGas(from types.Hash, to common.Address, a *artifact, value, gas uint64, method string, args ...any) *Result {
	c.t.Helper()
	input, err := a.ABI.Pack(method, args...)
	if err != nil {
		c.t.Fatalf("pack %s.%s: %v", a.Name, method, err)
	}
	res, err := Call(c.kv, c.ctx, from, c.nextTx(), to.Bytes(), input, gas, value)
	if err != nil {
		c.t.Fatalf("call %s.%s: internal error %v", a.Name, method, err)
	}
	return res
}

// mustCall is call that requires success.
func (c *testChain) mustCall(from types.Hash, to common.Address, a *artifact, method string, args ...any) *Result {
	c.t.Helper()
	res := c.call(from, to, a, 0, method, args...)
	if res.Err != nil {
		c.t.Fatalf("%s.%s: %v (reason %q)", a.Name, method, res.Err, res.RevertReason)
	}
	return res
}

// query runs a read-only call and unpacks its outputs; it requires success.
func (c *testChain) query(from types.Hash, to common.Address, a *artifact, method string, args ...any) []any {
	c.t.Helper()
	input, err := a.ABI.Pack(method, args...)
	if err != nil {
		c.t.Fatalf("pack %s.%s: %v", a.Name, method, err)
	}
	res, err := Query(c.kv, c.ctx, from, to.Bytes(), input, 0)
	if err != nil {
		c.t.Fatalf("query %s.%s: internal error %v", a.Name, method, err)
	}
	if res.Err != nil {
		c.t.Fatalf("query %s.%s: %v (reason %q)", a.Name, method, res.Err, res.RevertReason)
	}
	out, err := a.ABI.Unpack(method, res.ReturnData)
	if err != nil {
		c.t.Fatalf("unpack %s.%s: %v", a.Name, method, err)
	}
	return out
}

// unpack decodes the outputs of method from a result's return data.
func unpack(t testing.TB, a *artifact, method string, res *Result) []any {
	t.Helper()
	out, err := a.ABI.Unpack(method, res.ReturnData)
	if err != nil {
		t.Fatalf("unpack %s.%s: %v", a.Name, method, err)
	}
	return out
}

// expectUnchanged runs f and fails if it changed the KV.
func (c *testChain) expectUnchanged(f func()) {
	c.t.Helper()
	before := c.kv.dump()
	nw := len(c.kv.writes)
	f()
	if after := c.kv.dump(); after != before || len(c.kv.writes) != nw {
		c.t.Fatalf("the KV changed (%d writes)", len(c.kv.writes)-nw)
	}
}

func addr(id types.Hash) common.Address { return AddressOf(id) }
