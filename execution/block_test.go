package execution

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand"
	"reflect"
	"slices"
	"testing"

	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
	"google.golang.org/protobuf/proto"
)

func TestOverlayCreateThenUse(t *testing.T) {
	m := newState(t)
	txs := []*types.DecodedTx{
		createTx(t, "carol", carol),
		transferTx(t, "alice", "carol", 300, alice),
		transferTx(t, "carol", "bob", 100, carol),
		transferTx(t, "carol", "bob", 201, carol), // carol has 200 left
		evidenceTx(t, "carol", &types.DepositEvidence{Hash: []byte{1, 2, 3}, HashAlgorithm: "sha256"}, carol),
	}
	res := execute(t, m, 7, txs...)
	for i, want := range []types.Code{"", "", "", types.CodeInsufficientFunds, ""} {
		wantReceipt(t, res.Receipts[i], want)
		if res.Receipts[i].Height != 7 || res.Receipts[i].Index != uint32(i) {
			t.Fatalf("receipt %d: height %d index %d", i, res.Receipts[i].Height, res.Receipts[i].Index)
		}
	}
	// Net writes: alice, bob, carol, carol's EVM address index, one evidence; sorted, one per key.
	if len(res.Writes) != 5 {
		t.Fatalf("%d writes, want 5", len(res.Writes))
	}
	if !slices.IsSortedFunc(res.Writes, state.CompareWrites) {
		t.Fatal("writes are not sorted by key")
	}
	if !bytes.Equal(res.ReceiptRoot, types.Intl.ReceiptRoot(res.Receipts)) {
		t.Fatal("receipt root differs from types.ReceiptRoot")
	}
	if !bytes.Equal(res.StateRoot, mustCommitState(t, m, res.Writes)) {
		t.Fatal("state root differs from state.Commit(types.Intl, prev, writes)")
	}
	m.commit(txs, res)
	c := mustAccount(t, m, "carol")
	if c.Balance != 200 || c.Version != 3 || c.CreatedHeight != 7 {
		t.Fatalf("carol = %v", c)
	}
	if a := mustAccount(t, m, "alice"); a.Balance != 700 || a.Version != 2 {
		t.Fatalf("alice = %v", a)
	}
	if b := mustAccount(t, m, "bob"); b.Balance != 150 || b.Version != 2 {
		t.Fatalf("bob = %v", b)
	}
	if ev, err := state.ReadEvidence(m, txs[4].Hash); err != nil || ev == nil || !bytes.Equal(ev.Owner, id("carol").Bytes()) {
		t.Fatalf("evidence = %v, %v", ev, err)
	}
}

func TestFailedTxLeavesNoTrace(t *testing.T) {
	// A failing transaction between two good ones: the result equals that of
	// the block without it, except for its receipt.
	m := newState(t)
	good1 := transferTx(t, "alice", "bob", 10, alice)
	bad := transferTx(t, "bob", "alice", 1000, bob)
	good2 := transferTx(t, "bob", "alice", 5, bob)
	with := execute(t, m.clone(), 1, good1, bad, good2)
	without := execute(t, m.clone(), 1, good1, good2)
	wantReceipt(t, with.Receipts[1], types.CodeInsufficientFunds)
	if !reflect.DeepEqual(with.Writes, without.Writes) || !bytes.Equal(with.StateRoot, without.StateRoot) {
		t.Fatal("a failed transaction changed the writes")
	}
	if bytes.Equal(with.ReceiptRoot, without.ReceiptRoot) {
		t.Fatal("receipt root does not commit to the failed receipt")
	}
}

func TestEmptyBlock(t *testing.T) {
	m := newState(t)
	res := execute(t, m, 1)
	if len(res.Receipts) != 0 || len(res.Writes) != 0 {
		t.Fatalf("empty block result: %+v", res)
	}
	if !bytes.Equal(res.StateRoot, m.root) || !bytes.Equal(res.ReceiptRoot, types.Intl.ReceiptRoot(nil)) {
		t.Fatal("empty block roots")
	}
}

func TestInternalErrors(t *testing.T) {
	e := newExecutor()
	m := newState(t)
	d := transferTx(t, "alice", "bob", 1, alice)
	if _, err := e.ExecuteBlock(nil, m.root, header(1), nil); err == nil {
		t.Error("nil reader accepted")
	}
	if _, err := e.ExecuteBlock(m, m.root, nil, nil); err == nil {
		t.Error("nil header accepted")
	}
	m.failGet = true
	if _, err := e.ExecuteBlock(m, m.root, header(1), []*types.DecodedTx{d}); !errors.Is(err, errInjected) {
		t.Errorf("Get failure: err = %v", err)
	}
	m.failGet, m.failHasTx = false, true
	if _, err := e.ExecuteBlock(m, m.root, header(1), []*types.DecodedTx{d}); !errors.Is(err, errInjected) {
		t.Errorf("HasTx failure: err = %v", err)
	}
	m.failHasTx = false
	m.kv[string(state.AccountKey(id("alice")))] = []byte{0xff}
	if _, err := e.ExecuteBlock(m, m.root, header(1), []*types.DecodedTx{d}); err == nil {
		t.Error("corrupt account accepted")
	}
}

func TestReadAccountAndEvidence(t *testing.T) {
	m := newState(t)
	if a, err := state.ReadAccount(m, id("nobody")); a != nil || err != nil {
		t.Fatalf("absent account: %v, %v", a, err)
	}
	if e, err := state.ReadEvidence(m, id("nothing")); e != nil || err != nil {
		t.Fatalf("absent evidence: %v, %v", e, err)
	}
	m.kv[string(state.EvidenceKey(id("bad")))] = []byte{0xff}
	if _, err := state.ReadEvidence(m, id("bad")); err == nil {
		t.Fatal("corrupt evidence accepted")
	}
	m.failGet = true
	if _, err := state.ReadAccount(m, id("alice")); !errors.Is(err, errInjected) {
		t.Fatalf("reader failure: %v", err)
	}
}

func TestKeys(t *testing.T) {
	h := id("x")
	if got := state.AccountKey(h); !bytes.Equal(got, append([]byte("acct/"), h[:]...)) {
		t.Fatalf("state.AccountKey = %q", got)
	}
	if got := state.EvidenceKey(h); !bytes.Equal(got, append([]byte("evid/"), h[:]...)) {
		t.Fatalf("state.EvidenceKey = %q", got)
	}
}

func TestGenesisState(t *testing.T) {
	g := testGenesis()
	ws, nodes, root, err := GenesisState(g)
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) != 2*len(g.Accounts)+1 || !slices.IsSortedFunc(ws, state.CompareWrites) { // accounts, their EVM address index, config
		t.Fatalf("genesis writes: %d, sorted %v", len(ws), slices.IsSortedFunc(ws, state.CompareWrites))
	}
	if r, n, err := state.Commit(types.Intl, state.EmptyTree, nil, ws); err != nil || !bytes.Equal(root, r) || !reflect.DeepEqual(nodes, n) {
		t.Fatal("genesis root is not state.Commit(empty tree, writes)")
	}
	m := &memState{kv: map[string][]byte{}}
	m.applyWrites(ws)
	a := mustAccount(t, m, "alice")
	want := &types.Account{Id: id("alice").Bytes(), Name: "alice", Balance: 1000,
		AuthKeys: []*types.AuthKey{{Scheme: types.SignatureScheme_ED25519, PublicKey: alice.PublicKey(), Weight: 100}},
		Version:  1}
	if !proto.Equal(a, want) {
		t.Fatalf("alice = %v", a)
	}
	// The order of accounts in the genesis file does not matter.
	g2 := testGenesis()
	slices.Reverse(g2.Accounts)
	ws2, _, root2, err := GenesisState(g2)
	if err != nil || !reflect.DeepEqual(ws, ws2) || !bytes.Equal(root, root2) {
		t.Fatalf("genesis depends on account order: %v", err)
	}

	bad := map[string]func(g *types.Genesis){
		"repeated name": func(g *types.Genesis) { g.Accounts = append(g.Accounts, g.Accounts[0]) },
		"empty name":    func(g *types.Genesis) { g.Accounts[0].Name = "" },
		"control char":  func(g *types.Genesis) { g.Accounts[0].Name = "a\nb" },
		"short key":     func(g *types.Genesis) { g.Accounts[0].PublicKey = g.Accounts[0].PublicKey[:5] },
		"scheme SM2":    func(g *types.Genesis) { g.Accounts[0].Scheme = types.SignatureScheme_SM2 },
	}
	for name, edit := range bad {
		g := testGenesis()
		edit(g)
		if _, _, _, err := GenesisState(g); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, _, _, err := GenesisState(nil); err == nil {
		t.Error("nil genesis accepted")
	}
}

func TestAccountNameRule(t *testing.T) {
	good := []string{"alice", "a b", "上海地铁", "Ünïcödé", "emoji 🚇", "~!@#$%^&*()_+", string(rune(0x10ffff - 2))}
	bad := []string{"", "\x00", "a\tb", "a\nb", "\x7f", "\u0085", "\u00ad", "\u061c", "\u200b", "\u200d", "\u200e", "\u2028", "\u202e", "\u2066", "\ufeff", "\ufffa", "\ufdd0", "\uffff", "\U0001fffe", "\xff"}
	for _, s := range good {
		if err := checkAccountName(s); err != nil {
			t.Errorf("%q refused: %v", s, err)
		}
	}
	for _, s := range bad {
		want := types.CodeInvalidText
		if s == "" {
			want = types.CodeInvalidPayload
		}
		if err := checkAccountName(s); err == nil || err.Code != want {
			t.Errorf("%q: got %v, want %s", s, err, want)
		}
	}
}

// mixedBlock returns a block exercising every transaction type, success and
// failure.
func mixedBlock(t testing.TB) []*types.DecodedTx {
	d := transferTx(t, "alice", "bob", 1, alice)
	return []*types.DecodedTx{
		createTx(t, "carol", carol),
		d,
		transferTx(t, "alice", "carol", 40, alice),
		transferTx(t, "carol", "alice", 5, carol),
		evidenceTx(t, "bob", &types.DepositEvidence{Hash: []byte{1}, HashAlgorithm: "sm3", Metadata: []*types.Attribute{{Key: "z", Value: "1"}, {Key: "a", Value: "2"}}}, bob),
		transferTx(t, "bob", "alice", 10_000, bob),
		d,
		createTx(t, "alice", alice),
		transferTx(t, "frozen", "bob", 1, frozen),
	}
}

func TestDeterminism(t *testing.T) {
	base := newState(t)
	txs := mixedBlock(t)
	e := newExecutor()
	var results []*Result
	for i := 0; i < 3; i++ {
		s := newState(t) // built from scratch each time, not shared
		if i == 2 {
			s = base.clone()
		}
		res, err := e.ExecuteBlock(s, s.root, header(3), txs)
		if err != nil {
			t.Fatal(err)
		}
		results = append(results, res)
	}
	// Executing does not modify the reader's state.
	res, err := e.ExecuteBlock(base, base.root, header(3), txs)
	if err != nil {
		t.Fatal(err)
	}
	results = append(results, res)
	first := results[0]
	for i, r := range results[1:] {
		if !reflect.DeepEqual(first.Writes, r.Writes) || !bytes.Equal(first.StateRoot, r.StateRoot) || !bytes.Equal(first.ReceiptRoot, r.ReceiptRoot) {
			t.Fatalf("run %d differs", i+1)
		}
		for j := range first.Receipts {
			if !bytes.Equal(types.EncodeReceipt(first.Receipts[j]), types.EncodeReceipt(r.Receipts[j])) {
				t.Fatalf("run %d receipt %d differs", i+1, j)
			}
		}
	}
	var ok int
	for _, rc := range first.Receipts {
		if rc.Status == types.ReceiptStatus_SUCCESS {
			ok++
		}
	}
	if ok != 5 {
		t.Fatalf("%d of %d transactions succeeded, want 5", ok, len(txs))
	}
}

// randomChain builds n blocks of random transactions, some valid and some
// not, from a fixed seed. It tracks only names, not balances: whether a
// transaction succeeds is for execution to decide.
func randomChain(t testing.TB, seed int64, n int) [][]*types.DecodedTx {
	rng := rand.New(rand.NewSource(seed))
	signers := map[string]*testSigner{"alice": alice, "bob": bob, "frozen": frozen, "rich": rich}
	names := []string{"alice", "bob", "frozen", "rich"}
	var all []*types.DecodedTx
	pick := func() string { return names[rng.Intn(len(names))] }
	blocks := make([][]*types.DecodedTx, n)
	for h := 1; h <= n; h++ {
		now := blockTime(uint64(h))
		count := rng.Intn(25)
		var txs []*types.DecodedTx
		for i := 0; i < count; i++ {
			var body *types.TxBody
			var signer types.Signer
			switch k := rng.Intn(100); {
			case k < 15: // a new account (sometimes a name that exists)
				name := fmt.Sprintf("user-%d", rng.Intn(60))
				s := newSigner(name)
				signers[name] = s
				if !slices.Contains(names, name) {
					names = append(names, name)
				}
				body = mkBody(name, types.TxType_CREATE_ACCOUNT, &types.CreateAccount{Name: name, Scheme: s.Scheme(), PublicKey: s.PublicKey()})
				signer = s
			case k < 65: // a transfer, often more than the sender has
				from, to := pick(), pick()
				toID := id(to)
				amount := uint64(rng.Intn(400))
				if rng.Intn(10) == 0 {
					amount = ^uint64(0) - uint64(rng.Intn(3))
				}
				body = mkBody(from, types.TxType_TRANSFER, &types.Transfer{To: toID[:], Amount: amount})
				signer = signers[from]
			case k < 85: // an evidence deposit
				owner := pick()
				hash := make([]byte, 1+rng.Intn(64))
				rng.Read(hash)
				var md []*types.Attribute
				for j := rng.Intn(4); j > 0; j-- {
					md = append(md, &types.Attribute{Key: fmt.Sprintf("k%d", rng.Intn(4)), Value: fmt.Sprint(rng.Int63())})
				}
				alg := EvidenceHashAlgorithms[rng.Intn(len(EvidenceHashAlgorithms))]
				body = mkBody(owner, types.TxType_DEPOSIT_EVIDENCE, &types.DepositEvidence{Hash: hash, HashAlgorithm: alg, Metadata: md})
				signer = signers[owner]
			case k < 92 && len(all) > 0: // a replay of an earlier transaction
				txs = append(txs, all[rng.Intn(len(all))])
				continue
			default: // signed by a stranger, or for another chain
				to := id(pick())
				body = mkBody(pick(), types.TxType_TRANSFER, &types.Transfer{To: to[:], Amount: 1})
				signer = mallet
				if rng.Intn(2) == 0 {
					body.ChainId = "elsewhere"
					signer = signers[names[0]]
				}
			}
			body.Nonce = rng.Uint64()
			// Mostly fresh, sometimes expired or from the future.
			body.TimestampMs = now - int64(rng.Intn(75_000))
			if rng.Intn(20) == 0 {
				body.TimestampMs = now + 31_000
			}
			d := sign(t, body, signer)
			txs = append(txs, d)
			all = append(all, d)
		}
		blocks[h-1] = txs
	}
	return blocks
}

func blockTime(h uint64) int64 { return testTime + int64(h)*1_500 }

func TestReplayRandomChain(t *testing.T) {
	const n = 50
	blocks := randomChain(t, 20240917, n)
	a, b := newState(t), newState(t)
	e1, e2 := newExecutor(), newExecutor()
	codes := map[string]int{}
	for h := uint64(1); h <= n; h++ {
		hd := &types.BlockHeader{ChainId: testChain, Height: h, TimeMs: blockTime(h)}
		txs := blocks[h-1]
		ra, err := e1.ExecuteBlock(a, a.root, hd, txs)
		if err != nil {
			t.Fatal(err)
		}
		rb, err := e2.ExecuteBlock(b, b.root, proto.Clone(hd).(*types.BlockHeader), txs)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(ra.StateRoot, rb.StateRoot) || !bytes.Equal(ra.ReceiptRoot, rb.ReceiptRoot) {
			t.Fatalf("height %d: nodes diverge", h)
		}
		if !bytes.Equal(ra.StateRoot, mustCommitState(t, a, ra.Writes)) {
			t.Fatalf("height %d: root is not state.Commit(types.Intl, prev, writes)", h)
		}
		for _, rc := range ra.Receipts {
			codes[rc.ErrorCode]++
		}
		a.commit(txs, ra)
		b.commit(txs, rb)
	}
	if !reflect.DeepEqual(a.kv, b.kv) {
		t.Fatal("final states differ")
	}
	// The chain must exercise success and the main failures, or the
	// comparison proves little.
	for _, c := range []types.Code{"", types.CodeDuplicate, types.CodeInsufficientFunds, types.CodeUnauthorized, types.CodeWrongChain, types.CodeExpired, types.CodeAccountExists, types.CodeAccountFrozen} {
		if codes[string(c)] == 0 {
			t.Errorf("random chain has no receipt with code %q (codes: %v)", c, codes)
		}
	}
	t.Logf("receipt codes: %v", codes)

	// The same chain from another seed ends elsewhere: the roots do depend on the blocks.
	other := randomChain(t, 1, 3)
	c := newState(t)
	for h := uint64(1); h <= 3; h++ {
		res, err := e1.ExecuteBlock(c, c.root, &types.BlockHeader{ChainId: testChain, Height: h, TimeMs: blockTime(h)}, other[h-1])
		if err != nil {
			t.Fatal(err)
		}
		c.commit(other[h-1], res)
	}
	if bytes.Equal(c.root, a.root) {
		t.Fatal("different chains give the same root")
	}
}
