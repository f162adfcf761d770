package evm

import (
	"bytes"
	"errors"
	"math"
	"math/big"
	"slices"
	"testing"

	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/tracing"
	gethtypes "github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"
)

// view is what a StateDB shows of a few addresses, for comparisons.
type view struct {
	balances  []uint64
	nonces    []uint64
	codeHash  []common.Hash
	slots     []common.Hash
	transient []common.Hash
	exists    []bool
	warm      []bool
	refund    uint64
	logs      int
	raw       []byte
}

func viewOf(s *StateDB, addrs []common.Address, slot common.Hash) view {
	var v view
	for _, a := range addrs {
		v.balances = append(v.balances, s.GetBalance(a).Uint64())
		v.nonces = append(v.nonces, s.GetNonce(a))
		v.codeHash = append(v.codeHash, s.GetCodeHash(a))
		v.slots = append(v.slots, s.GetState(a, slot))
		v.transient = append(v.transient, s.GetTransientState(a, slot))
		v.exists = append(v.exists, s.Exist(a))
		_, w := s.SlotInAccessList(a, slot)
		v.warm = append(v.warm, s.AddressInAccessList(a), w)
	}
	v.refund = s.GetRefund()
	v.logs = len(s.Logs())
	v.raw = s.getRaw([]byte("evid/x"))
	return v
}

func (v view) equal(w view) bool {
	return slices.Equal(v.balances, w.balances) && slices.Equal(v.nonces, w.nonces) &&
		slices.Equal(v.codeHash, w.codeHash) && slices.Equal(v.slots, w.slots) &&
		slices.Equal(v.transient, w.transient) && slices.Equal(v.exists, w.exists) &&
		slices.Equal(v.warm, w.warm) && v.refund == w.refund && v.logs == w.logs && bytes.Equal(v.raw, w.raw)
}

// mutate changes everything a StateDB journals.
func mutate(s *StateDB, a, b, fresh common.Address, slot common.Hash, k byte) {
	s.AddBalance(b, uint256.NewInt(uint64(k)), tracing.BalanceChangeTransfer)
	s.SubBalance(a, uint256.NewInt(1), tracing.BalanceChangeTransfer)
	s.SetNonce(a, s.GetNonce(a)+1, tracing.NonceChangeUnspecified)
	s.SetState(a, slot, common.Hash{k})
	s.SetState(b, slot, common.Hash{k, k})
	s.SetTransientState(a, slot, common.Hash{k})
	s.SetCode(b, []byte{0x60, k}, tracing.CodeChangeUnspecified)
	s.AddSlotToAccessList(b, slot)
	s.AddAddressToAccessList(fresh)
	s.AddRefund(uint64(k))
	s.AddLog(&gethtypes.Log{Address: a})
	s.CreateAccount(fresh)
	s.CreateContract(fresh)
	s.AddBalance(fresh, uint256.NewInt(3), tracing.BalanceChangeTransfer)
	s.setRaw([]byte("evid/x"), []byte{k})
}

func TestSnapshotRevert(t *testing.T) {
	c := newTestChain(t)
	s := NewStateDB(c.kv, 1)
	a, b, fresh := addr(alice), addr(bob), common.HexToAddress("0xf00d")
	addrs := []common.Address{a, b, fresh}
	slot := common.Hash{9}
	s.Prepare(params.Rules{IsBerlin: true}, a, common.Address{}, nil, nil, nil)

	v0 := viewOf(s, addrs, slot)
	s0 := s.Snapshot()
	mutate(s, a, b, fresh, slot, 1)
	v1 := viewOf(s, addrs, slot)
	if v1.equal(v0) {
		t.Fatal("mutate changed nothing")
	}
	s1 := s.Snapshot()
	mutate(s, a, b, fresh, slot, 2)
	s2 := s.Snapshot()
	mutate(s, a, b, fresh, slot, 3)
	s.RevertToSnapshot(s2)
	s.RevertToSnapshot(s1)
	if got := viewOf(s, addrs, slot); !got.equal(v1) {
		t.Fatalf("after reverting to snapshot 1:\n%+v\nwant\n%+v", got, v1)
	}
	s.RevertToSnapshot(s0)
	if got := viewOf(s, addrs, slot); !got.equal(v0) {
		t.Fatalf("after reverting to snapshot 0:\n%+v\nwant\n%+v", got, v0)
	}
	if s.Err() != nil || s.failure != nil {
		t.Fatal(s.Err(), s.failure)
	}
	// Everything reverted: committing writes nothing.
	s.Finalise(true)
	kv := newMemKV()
	if n, err := s.Commit(kv); n != 0 || err != nil || len(kv.m) != 0 {
		t.Fatalf("commit after full revert: %d writes, %v", n, err)
	}
	// An unknown snapshot is an internal error.
	s.RevertToSnapshot(5)
	if s.Err() == nil {
		t.Fatal("reverting to an unknown snapshot did not fail")
	}
}

func TestStateDBSemantics(t *testing.T) {
	c := newTestChain(t)
	s := NewStateDB(c.kv, 3)
	a, nobody := addr(alice), common.HexToAddress("0x1234")
	if !s.Exist(a) || s.Empty(a) || s.GetCodeHash(a) != gethtypes.EmptyCodeHash {
		t.Fatal("alice: exists, not empty, no code")
	}
	if s.Exist(nobody) || !s.Empty(nobody) || s.GetCodeHash(nobody) != (common.Hash{}) || s.GetBalance(nobody).Sign() != 0 {
		t.Fatal("an unknown address: no account")
	}
	// A zero credit only touches: the account exists for the message but is
	// not stored.
	s.AddBalance(nobody, new(uint256.Int), tracing.BalanceChangeTouchAccount)
	if !s.Exist(nobody) {
		t.Fatal("touched account does not exist")
	}
	// Storage: current and committed values.
	tok := common.HexToAddress("0x77")
	s.CreateAccount(tok)
	s.SetState(tok, common.Hash{1}, common.Hash{2})
	if cur, orig := s.GetStateAndCommittedState(tok, common.Hash{1}); cur != (common.Hash{2}) || orig != (common.Hash{}) {
		t.Fatalf("state %x committed %x", cur, orig)
	}
	if s.GetStorageRoot(tok) == (common.Hash{}) {
		t.Fatal("storage root of an account with storage is empty")
	}
	if s.GetStorageRoot(a) != (common.Hash{}) {
		t.Fatal("storage root of an account without code")
	}
	// Code.
	code := []byte{0x60, 0x00, 0x60, 0x00, 0xf3}
	if prev := s.SetCode(tok, code, tracing.CodeChangeUnspecified); prev != nil {
		t.Fatalf("previous code %x", prev)
	}
	if !bytes.Equal(s.GetCode(tok), code) || s.GetCodeSize(tok) != 5 || s.GetCodeHash(tok) != crypto.Keccak256Hash(code) {
		t.Fatal("code round trip")
	}
	// Refunds below zero are an internal error.
	s.AddRefund(10)
	s.SubRefund(4)
	if s.GetRefund() != 6 {
		t.Fatalf("refund %d", s.GetRefund())
	}
	// Overflowing a balance fails the message.
	s.AddBalance(a, uint256.NewInt(math.MaxUint64), tracing.BalanceChangeTransfer)
	if !errors.Is(s.failure, ErrBalanceOverflow) {
		t.Fatalf("overflow: %v", s.failure)
	}
	if s.GetBalance(a).Uint64() != 1_000_000 {
		t.Fatal("an overflowing credit changed the balance")
	}
	big := new(uint256.Int).Lsh(uint256.NewInt(1), 70)
	s2 := NewStateDB(c.kv, 3)
	s2.AddBalance(a, big, tracing.BalanceChangeTransfer)
	if !errors.Is(s2.failure, ErrBalanceOverflow) {
		t.Fatalf("a 2^70 credit: %v", s2.failure)
	}
	s.SubRefund(7)
	if s.Err() == nil {
		t.Fatal("refund below zero did not fail")
	}
	if _, err := s.Commit(newMemKV()); err == nil {
		t.Fatal("commit after an internal failure")
	}
}

func TestFinaliseDropsTouchedEmptyAccounts(t *testing.T) {
	c := newTestChain(t)
	s := NewStateDB(c.kv, 3)
	empty, funded := common.HexToAddress("0xe1"), common.HexToAddress("0xe2")
	s.AddBalance(empty, new(uint256.Int), tracing.BalanceChangeTouchAccount)
	s.AddBalance(funded, uint256.NewInt(5), tracing.BalanceChangeTransfer)
	s.SubBalance(addr(alice), uint256.NewInt(5), tracing.BalanceChangeTransfer)
	// Carol is empty (no balance, no code) but existed: she is kept.
	s.AddBalance(addr(carol), new(uint256.Int), tracing.BalanceChangeTouchAccount)
	s.Finalise(true)
	kv := c.kv.clone()
	kv.writes = nil
	if _, err := s.Commit(kv); err != nil {
		t.Fatal(err)
	}
	want := []string{
		string(state.AccountKey(alice)),
		string(state.AccountKey(ImplicitID(funded))),
		string(state.AddressIndexKey(funded)),
	}
	slices.Sort(want)
	if !slices.Equal(kv.writes, want) {
		t.Fatalf("writes %q, want %q", kv.writes, want)
	}
	if _, ok := kv.m[string(state.AccountKey(carol))]; !ok {
		t.Fatal("an existing empty account was deleted")
	}
}

func TestQueryNeverWrites(t *testing.T) {
	c := newTestChain(t)
	tokenAddr, tok, _ := c.deploy(alice, "Token", 0, "T", "T", bigInt(100))
	sAddr, su, _ := c.deploy(alice, "SystemUser", 0)
	input, _ := tok.ABI.Pack("transfer", addr(bob), bigInt(40))
	ro := readOnlyKV{c.kv}
	c.expectUnchanged(func() {
		res, err := Query(ro, c.ctx, alice, tokenAddr.Bytes(), input, 0)
		if err != nil || res.Err != nil {
			t.Fatalf("query transfer: %v %v", err, res.Err)
		}
		// The result is what a transaction would get, logs included.
		if ok, _ := tok.ABI.Unpack("transfer", res.ReturnData); !ok[0].(bool) || len(res.Logs) != 1 {
			t.Fatalf("query transfer returned %x, %d logs", res.ReturnData, len(res.Logs))
		}
		in2, _ := su.ABI.Pack("deposit", [32]byte{1}, "sha256", "q")
		if res, err := Query(ro, c.ctx, types.Hash{}, sAddr.Bytes(), in2, 0); err != nil || res.Err != nil {
			t.Fatalf("query deposit by an unknown account: %v %v", err, res.Err)
		}
		// A failing query writes nothing either.
		in3, _ := tok.ABI.Pack("transfer", addr(bob), bigInt(1000))
		if res, err := Query(ro, c.ctx, alice, tokenAddr.Bytes(), in3, 0); err != nil || res.RevertReason != "ERC20: transfer amount exceeds balance" {
			t.Fatalf("failing query: %v %v", err, res.RevertReason)
		}
	})
	if got := c.query(bob, tokenAddr, tok, "balanceOf", addr(bob))[0].(*big.Int); got.Sign() != 0 {
		t.Fatalf("a query transferred %s tokens", got)
	}
}

// readOnlyKV has only Get; writing through it would not compile, and Query
// accepts it.
type readOnlyKV struct{ kv *memKV }

func (r readOnlyKV) Get(key []byte) ([]byte, error) { return r.kv.Get(key) }

func TestRefusedMessages(t *testing.T) {
	c := newTestChain(t)
	tokenAddr, tok, _ := c.deploy(alice, "Token", 0, "T", "T", bigInt(100))
	input, _ := tok.ABI.Pack("transfer", addr(bob), bigInt(1))
	code := loadArtifact(t, "Reverter").Bytecode
	nobody := types.Intl.AccountID("nobody")
	cases := []struct {
		name string
		run  func() (*Result, error)
		want error
		code types.Code
	}{
		{"unknown sender", func() (*Result, error) {
			return Call(c.kv, c.ctx, nobody, c.nextTx(), tokenAddr.Bytes(), input, testGas, 0)
		}, ErrUnknownSender, types.CodeUnknownAccount},
		{"unknown deployer", func() (*Result, error) {
			return Deploy(c.kv, c.ctx, nobody, c.nextTx(), code, testGas, 0)
		}, ErrUnknownSender, types.CodeUnknownAccount},
		{"short address", func() (*Result, error) {
			return Call(c.kv, c.ctx, alice, c.nextTx(), tokenAddr[:19], input, testGas, 0)
		}, ErrInvalidAddress, types.CodeInvalidPayload},
		{"query short address", func() (*Result, error) {
			return Query(c.kv, c.ctx, alice, nil, input, 0)
		}, ErrInvalidAddress, types.CodeInvalidPayload},
		{"empty code", func() (*Result, error) {
			return Deploy(c.kv, c.ctx, alice, c.nextTx(), nil, testGas, 0)
		}, ErrEmptyCode, types.CodeInvalidPayload},
		{"huge code", func() (*Result, error) {
			return Deploy(c.kv, c.ctx, alice, c.nextTx(), make([]byte, params.MaxInitCodeSize+1), testGas, 0)
		}, vm.ErrMaxInitCodeSizeExceeded, types.CodeInvalidPayload},
		{"intrinsic gas", func() (*Result, error) {
			return Call(c.kv, c.ctx, alice, c.nextTx(), tokenAddr.Bytes(), input, 21_000, 0)
		}, ErrIntrinsicGas, types.CodeInvalidPayload},
		{"intrinsic gas of a deployment", func() (*Result, error) {
			return Deploy(c.kv, c.ctx, alice, c.nextTx(), code, 53_000, 0)
		}, ErrIntrinsicGas, types.CodeInvalidPayload},
		{"block gas limit", func() (*Result, error) {
			return Call(c.kv, c.ctx, alice, c.nextTx(), tokenAddr.Bytes(), input, testBlockGas+1, 0)
		}, ErrGasLimit, CodeGasLimit},
		{"query above the block gas limit", func() (*Result, error) {
			return Query(c.kv, c.ctx, alice, tokenAddr.Bytes(), input, testBlockGas+1)
		}, ErrGasLimit, CodeGasLimit},
		{"value above the balance", func() (*Result, error) {
			return Call(c.kv, c.ctx, bob, c.nextTx(), addr(carol).Bytes(), nil, testGas, 501)
		}, ErrInsufficientFunds, types.CodeInsufficientFunds},
		{"deployment value above the balance", func() (*Result, error) {
			return Deploy(c.kv, c.ctx, bob, c.nextTx(), code, testGas, 501)
		}, ErrInsufficientFunds, types.CodeInsufficientFunds},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var res *Result
			var err error
			c.expectUnchanged(func() { res, err = tc.run() })
			if err != nil {
				t.Fatalf("internal error %v", err)
			}
			if !errors.Is(res.Err, tc.want) || ErrorCode(res.Err) != tc.code || res.GasUsed != 0 {
				t.Fatalf("got %v (%s, gas %d), want %v (%s)", res.Err, ErrorCode(res.Err), res.GasUsed, tc.want, tc.code)
			}
		})
	}
}

func TestValueTransfers(t *testing.T) {
	c := newTestChain(t)
	// To an account: a plain transfer through the EVM.
	res, err := Call(c.kv, c.ctx, alice, c.nextTx(), addr(bob).Bytes(), nil, 21_000, 100)
	if err != nil || res.Err != nil || res.GasUsed != 21_000 {
		t.Fatalf("transfer: %v %v, gas %d", err, res.Err, res.GasUsed)
	}
	if c.balance(alice) != 999_900 || c.balance(bob) != 600 {
		t.Fatalf("balances %d %d", c.balance(alice), c.balance(bob))
	}
	if c.account(bob).Version != 2 || c.account(alice).Version != 2 {
		t.Fatal("versions not bumped")
	}
	// To an address no account has: an implicit account appears, indexed.
	stranger := common.HexToAddress("0x5757575757575757575757575757575757575757")
	if _, err := Call(c.kv, c.ctx, alice, c.nextTx(), stranger.Bytes(), nil, 30_000, 7); err != nil {
		t.Fatal(err)
	}
	if a := c.account(ImplicitID(stranger)); a == nil || a.Balance != 7 || a.Version != 1 || a.CreatedHeight != testHeight {
		t.Fatalf("implicit account %v", a)
	}
	if id, ok, _ := IdentityOf(c.kv, stranger); !ok || id != ImplicitID(stranger) {
		t.Fatal("implicit account not indexed")
	}
	// Without value, calling an empty address does nothing at all.
	c.expectUnchanged(func() {
		res, _ = Call(c.kv, c.ctx, alice, c.nextTx(), common.HexToAddress("0xdead").Bytes(), nil, 30_000, 0)
	})
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	// A credit past 2^64-1 fails the message.
	acct := c.account(carol)
	acct.Balance = math.MaxUint64 - 10
	c.kv.Set(state.AccountKey(carol), state.EncodeAccount(acct))
	c.expectUnchanged(func() {
		res, _ = Call(c.kv, c.ctx, alice, c.nextTx(), addr(carol).Bytes(), nil, 30_000, 11)
	})
	if !errors.Is(res.Err, ErrBalanceOverflow) || ErrorCode(res.Err) != CodeOverflow {
		t.Fatalf("overflow: %v", res.Err)
	}
}

func TestSenderIndexedOnFirstUse(t *testing.T) {
	c := newTestChain(t)
	// dave's account was created without its address index.
	dave := types.Intl.AccountID("dave")
	c.kv.Set(state.AccountKey(dave), state.EncodeAccount(&types.Account{Id: dave.Bytes(), Name: "dave", Balance: 10, Version: 1}))
	if _, ok, _ := IdentityOf(c.kv, addr(dave)); ok {
		t.Fatal("dave is indexed")
	}
	// A query does not index him.
	c.expectUnchanged(func() { _, _ = Query(c.kv, c.ctx, dave, addr(bob).Bytes(), nil, 0) })
	res, err := Call(c.kv, c.ctx, dave, c.nextTx(), addr(bob).Bytes(), nil, 21_000, 1)
	if err != nil || res.Err != nil {
		t.Fatal(err, res.Err)
	}
	if id, ok, _ := IdentityOf(c.kv, addr(dave)); !ok || id != dave {
		t.Fatal("dave was not indexed by his first EVM transaction")
	}
}

func TestAddressIndex(t *testing.T) {
	kv := newMemKV()
	id := types.Intl.AccountID("erin")
	if AddressOf(id) != common.Address(id[12:]) {
		t.Fatal("AddressOf is not the last 20 bytes")
	}
	if err := IndexAccount(kv, id); err != nil {
		t.Fatal(err)
	}
	kv.writes = nil
	if err := IndexAccount(kv, id); err != nil || len(kv.writes) != 0 {
		t.Fatalf("re-indexing: %v, %d writes", err, len(kv.writes))
	}
	other := id
	other[0] ^= 1 // same address, other identity
	if err := IndexAccount(kv, other); !errors.Is(err, ErrAddressTaken) {
		t.Fatalf("conflicting identity: %v", err)
	}
	if got, ok, err := IdentityOf(kv, AddressOf(id)); err != nil || !ok || got != id {
		t.Fatalf("IdentityOf: %s %v %v", got, ok, err)
	}
	if _, ok, err := IdentityOf(kv, common.Address{1}); ok || err != nil {
		t.Fatal("IdentityOf an unknown address")
	}
	kv.m[string(state.AddressIndexKey(common.Address{2}))] = []byte{1, 2, 3}
	if _, _, err := IdentityOf(kv, common.Address{2}); err == nil {
		t.Fatal("a corrupt index entry was accepted")
	}
	// The sender of a message whose address belongs to another identity.
	c := newTestChain(t)
	fake := alice
	fake[0] ^= 1
	c.kv.Set(state.AccountKey(fake), state.EncodeAccount(&types.Account{Id: fake.Bytes(), Balance: 5, Version: 1}))
	res, err := Call(c.kv, c.ctx, fake, c.nextTx(), addr(bob).Bytes(), nil, 21_000, 1)
	if err != nil || !errors.Is(res.Err, ErrAddressTaken) {
		t.Fatalf("sender with a taken address: %v %v", err, res.Err)
	}
	if ImplicitID(common.Address{1})[11] != 0 || AddressOf(ImplicitID(common.Address{1})) != (common.Address{1}) {
		t.Fatal("ImplicitID")
	}
}

func TestKVFailureIsInternal(t *testing.T) {
	c := newTestChain(t)
	tokenAddr, tok, _ := c.deploy(alice, "Token", 0, "T", "T", bigInt(100))
	input, _ := tok.ABI.Pack("transfer", addr(bob), bigInt(1))
	probe := c.kv.clone()
	if _, err := Call(probe, c.ctx, alice, c.nextTx(), tokenAddr.Bytes(), input, testGas, 0); err != nil {
		t.Fatal(err)
	}
	if probe.gets < 5 {
		t.Fatalf("a transfer read only %d keys", probe.gets)
	}
	for n := 1; n <= probe.gets; n++ {
		kv := c.kv.clone()
		kv.failAfter = n
		res, err := Call(kv, c.ctx, alice, c.nextTx(), tokenAddr.Bytes(), input, testGas, 0)
		if err == nil {
			t.Fatalf("Get failing after %d reads: result %+v, no error", n, res)
		}
		if len(kv.writes) != 0 {
			t.Fatalf("Get failing after %d reads: %d writes", n, len(kv.writes))
		}
	}
	// Corrupt stored state is internal too.
	kv := c.kv.clone()
	kv.m[string(state.AccountKey(alice))] = []byte{0xff, 0xff}
	if _, err := Call(kv, c.ctx, alice, c.nextTx(), tokenAddr.Bytes(), input, testGas, 0); err == nil {
		t.Fatal("a corrupt sender account is not an internal error")
	}
	kv = c.kv.clone()
	id, _, _ := IdentityOf(kv, tokenAddr)
	delete(kv.m, string(state.CodeKey(common.Hash(c.account(id).CodeHash))))
	if _, err := Call(kv, c.ctx, alice, c.nextTx(), tokenAddr.Bytes(), input, testGas, 0); err == nil {
		t.Fatal("missing code is not an internal error")
	}
}

// script runs the same deployments and calls on a fresh chain and returns
// its KV and results.
func script(t *testing.T) (*memKV, []*Result) {
	c := newTestChain(t)
	var results []*Result
	tokenAddr, tok, r := c.deploy(alice, "Token", 0, "T", "T", bigInt(1_000_000))
	results = append(results, r)
	nftAddr, nft, r := c.deploy(bob, "NFT", 0, "N", "N", "u/")
	results = append(results, r)
	callerAddr, cl, r := c.deploy(carol, "Caller", 0)
	results = append(results, r)
	fAddr, f, r := c.deploy(alice, "Factory", 0)
	results = append(results, r)
	sAddr, su, r := c.deploy(alice, "SystemUser", 0)
	results = append(results, r)
	escAddr, esc, r := c.deploy(alice, "Escrow", 77, addr(bob), addr(carol))
	results = append(results, r)
	for i := 0; i < 20; i++ {
		results = append(results, c.call(alice, tokenAddr, tok, 0, "transfer", addr(bob), bigInt(int64(i+1))))
		results = append(results, c.call(bob, nftAddr, nft, 0, "mint", addr(alice), bigInt(int64(i))))
	}
	results = append(results,
		c.call(alice, tokenAddr, tok, 0, "approve", callerAddr, bigInt(1000)),
		c.call(alice, callerAddr, cl, 0, "payMany", tokenAddr, []common.Address{addr(bob), addr(carol), fAddr}, []*big.Int{bigInt(1), bigInt(2), bigInt(3)}),
		c.call(alice, callerAddr, cl, 0, "tryPay", tokenAddr, addr(bob), bigInt(1_000_000)),
		c.call(alice, fAddr, f, 5, "create", bigInt(1)),
		c.call(alice, fAddr, f, 0, "create2", bigInt(2), [32]byte{7}),
		c.call(alice, fAddr, f, 9, "createAndDestroy", bigInt(3), addr(bob)),
		c.call(bob, sAddr, su, 0, "depositTwice", [32]byte{1}, [32]byte{2}),
		c.call(bob, sAddr, su, 0, "depositAfterFailure", [32]byte{3}, [32]byte{4}),
		c.call(carol, escAddr, esc, 0, "release"),
		c.call(alice, escAddr, esc, 0, "release"),
		c.call(alice, tokenAddr, tok, 0, "transfer", addr(bob), bigInt(1<<40)),
	)
	return c.kv, results
}

func TestDeterminism(t *testing.T) {
	kv1, res1 := script(t)
	kv2, res2 := script(t)
	if kv1.dump() != kv2.dump() {
		t.Fatal("two runs of one script left different KV contents")
	}
	if !slices.Equal(kv1.writes, kv2.writes) {
		t.Fatal("two runs of one script wrote in different orders")
	}
	for i := range res1 {
		a, b := res1[i], res2[i]
		if a.GasUsed != b.GasUsed || !bytes.Equal(a.ReturnData, b.ReturnData) || a.RevertReason != b.RevertReason ||
			!bytes.Equal(a.ContractAddress, b.ContractAddress) || len(a.Logs) != len(b.Logs) || (a.Err == nil) != (b.Err == nil) {
			t.Fatalf("result %d differs: %+v vs %+v", i, a, b)
		}
		for j := range a.Logs {
			if !bytes.Equal(a.Logs[j].Data, b.Logs[j].Data) || !slices.EqualFunc(a.Logs[j].Topics, b.Logs[j].Topics, bytes.Equal) {
				t.Fatalf("result %d log %d differs", i, j)
			}
		}
	}
	// The script exercised failures as well as successes.
	var failed int
	for _, r := range res1 {
		if r.Err != nil {
			failed++
		}
	}
	if failed == 0 || failed == len(res1) {
		t.Fatalf("%d of %d messages failed", failed, len(res1))
	}
}

func TestCommitWritesInKeyOrder(t *testing.T) {
	c := newTestChain(t)
	c.kv.writes = nil
	tokenAddr, tok, _ := c.deploy(alice, "Token", 0, "T", "T", bigInt(10))
	if !slices.IsSorted(c.kv.writes) {
		t.Fatalf("deployment writes out of order: %q", c.kv.writes)
	}
	c.kv.writes = nil
	c.mustCall(alice, tokenAddr, tok, "transfer", addr(bob), bigInt(1))
	if !slices.IsSorted(c.kv.writes) || len(c.kv.writes) != 2 { // two balance slots
		t.Fatalf("transfer writes %q", c.kv.writes)
	}
	// Reading back what was written: storage slots are 32 bytes, zero is no key.
	for _, k := range c.kv.keysWithPrefix(state.StoragePrefix) {
		if v := c.kv.m[k]; len(v) != 32 || bytes.Equal(v, make([]byte, 32)) {
			t.Fatalf("slot %x = %x", k, v)
		}
	}
	c.kv.writes = nil
	c.mustCall(alice, tokenAddr, tok, "transfer", addr(bob), bigInt(9)) // empties alice's slot
	deleted := 0
	for _, k := range c.kv.writes {
		if _, ok := c.kv.m[k]; !ok {
			deleted++
		}
	}
	if deleted != 1 {
		t.Fatalf("%d slots deleted, want 1", deleted)
	}
}
