package execution

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"errors"
	"maps"
	"testing"

	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
	"google.golang.org/protobuf/proto"
)

const (
	testChain = "test-chain"
	testTime  = int64(1_700_000_000_000) // block time of the test blocks
)

// testSigner signs with an Ed25519 key derived from a name, so that fixtures
// are the same in every run.
type testSigner struct {
	priv ed25519.PrivateKey
}

func newSigner(seed string) *testSigner {
	s := sha256.Sum256([]byte("causeway-test-key/" + seed))
	return &testSigner{priv: ed25519.NewKeyFromSeed(s[:])}
}

func (s *testSigner) Scheme() types.SignatureScheme { return types.SignatureScheme_ED25519 }
func (s *testSigner) PublicKey() []byte {
	return []byte(s.priv.Public().(ed25519.PublicKey))
}
func (s *testSigner) Sign(digest []byte) ([]byte, error) { return ed25519.Sign(s.priv, digest), nil }

// fakeSigner stands for a key of another scheme. Execution never verifies
// signatures (that happens before ordering), so its signature is a
// placeholder.
type fakeSigner struct {
	scheme types.SignatureScheme
	pub    []byte
}

func (s *fakeSigner) Scheme() types.SignatureScheme      { return s.scheme }
func (s *fakeSigner) PublicKey() []byte                  { return s.pub }
func (s *fakeSigner) Sign(digest []byte) ([]byte, error) { return []byte("pre-verified"), nil }

func p256Key(seed byte) []byte {
	k := make([]byte, 65)
	k[0] = 0x04
	for i := 1; i < len(k); i++ {
		k[i] = seed + byte(i)
	}
	return k
}

// memState is an in-memory committed state: a Reader over a map, plus the set
// of committed transaction hashes.
type memState struct {
	kv  map[string][]byte
	txs map[types.Hash]bool
	// nodes holds the state tree nodes by digest (see CommitState).
	nodes map[string][]byte
	// root is the state root after the last applied block.
	root []byte
	// failGet and failHasTx inject reader failures.
	failGet, failHasTx bool
}

var errInjected = errors.New("injected reader failure")

func (m *memState) Get(key []byte) ([]byte, error) {
	if m.failGet {
		return nil, errInjected
	}
	return m.kv[string(key)], nil
}

func (m *memState) HasTx(h types.Hash) (bool, error) {
	if m.failHasTx {
		return false, errInjected
	}
	return m.txs[h], nil
}

func (m *memState) applyWrites(ws []state.Write) {
	for _, w := range ws {
		if w.Value == nil {
			delete(m.kv, string(w.Key))
		} else {
			m.kv[string(w.Key)] = bytes.Clone(w.Value)
		}
	}
}

// commit applies an executed block, as a store would.
func (m *memState) commit(txs []*types.DecodedTx, res *Result) {
	m.applyWrites(res.Writes)
	m.applyNodes(res.StateNodes)
	for _, d := range txs {
		m.txs[d.Hash] = true
	}
	m.root = res.StateRoot
}

func (m *memState) clone() *memState {
	return &memState{kv: maps.Clone(m.kv), txs: maps.Clone(m.txs), nodes: maps.Clone(m.nodes), root: bytes.Clone(m.root)}
}

func (m *memState) put(t testing.TB, a *types.Account) {
	t.Helper()
	id, err := types.HashOf(a.Id)
	if err != nil {
		t.Fatal(err)
	}
	m.kv[string(state.AccountKey(id))] = state.EncodeAccount(a)
}

// Fixture accounts: alice (1000), bob (50), frozen (100, frozen), rich (near
// the uint64 limit). carol is not created at genesis.
var (
	alice  = newSigner("alice")
	bob    = newSigner("bob")
	carol  = newSigner("carol")
	frozen = newSigner("frozen")
	rich   = newSigner("rich")
	mallet = newSigner("mallet") // owns no account
)

func testGenesis() *types.Genesis {
	acct := func(name string, s *testSigner, bal uint64) types.GenesisAccount {
		return types.GenesisAccount{Name: name, Scheme: s.Scheme(), PublicKey: s.PublicKey(), Balance: bal}
	}
	return &types.Genesis{
		ChainID: testChain,
		Params:  types.DefaultParams(),
		// Fixed roles (the defaults before the audit permission), so that
		// the golden state roots (layout_golden_test.go) pin the state
		// layout and commitment, not the default roles of new chains.
		Roles: map[string][]string{
			"admin":   {types.PermGovern, types.PermQuery, types.PermSubmit},
			"client":  {types.PermQuery, types.PermSubmit},
			"node":    {types.PermQuery},
			"auditor": {types.PermQuery},
		},
		Accounts: []types.GenesisAccount{
			acct("alice", alice, 1000),
			acct("bob", bob, 50),
			acct("frozen", frozen, 100),
			acct("rich", rich, ^uint64(0)-10),
		},
	}
}

func newExecutor() *Executor {
	return &Executor{ChainID: testChain, Params: types.DefaultParams()}
}

// newState returns the genesis state of testGenesis with "frozen" frozen.
func newState(t testing.TB) *memState {
	t.Helper()
	ws, nodes, root, err := GenesisState(testGenesis())
	if err != nil {
		t.Fatal(err)
	}
	m := &memState{kv: map[string][]byte{}, txs: map[types.Hash]bool{}, root: root}
	m.applyWrites(ws)
	m.applyNodes(nodes)
	f, err := state.ReadAccount(m, id("frozen"))
	if err != nil || f == nil {
		t.Fatalf("frozen fixture: %v %v", f, err)
	}
	f.Status = types.AccountStatus_ACCOUNT_FROZEN
	m.put(t, f)
	return m
}

func id(name string) types.Hash { return types.Intl.AccountID(name) }

func header(height uint64) *types.BlockHeader {
	return &types.BlockHeader{ChainId: testChain, Height: height, TimeMs: testTime}
}

// txOpts tweaks a transaction body away from the valid default.
type txOpts struct {
	chain    *string
	ts       *int64
	validity *int64
	nonce    uint64
}

var nonceCounter uint64

// mkBody returns a valid body from sender, with a fresh nonce.
func mkBody(sender string, typ types.TxType, payload proto.Message) *types.TxBody {
	nonceCounter++
	var pb []byte
	if payload != nil {
		var err error
		pb, err = proto.MarshalOptions{Deterministic: true}.Marshal(payload)
		if err != nil {
			panic(err)
		}
	}
	s := id(sender)
	return &types.TxBody{
		ChainId:     testChain,
		Sender:      s[:],
		TimestampMs: testTime - 1000,
		ValidityMs:  60_000,
		Type:        typ,
		Payload:     pb,
		Nonce:       nonceCounter,
	}
}

// sign encodes body, signs it and decodes it as a node would.
func sign(t testing.TB, body *types.TxBody, signers ...types.Signer) *types.DecodedTx {
	t.Helper()
	tx, err := types.Intl.NewTx(body, signers...)
	if err != nil {
		t.Fatal(err)
	}
	d, err := types.Intl.DecodeTx(types.EncodeTx(tx), 0)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func createTx(t testing.TB, name string, s types.Signer) *types.DecodedTx {
	return sign(t, mkBody(name, types.TxType_CREATE_ACCOUNT, &types.CreateAccount{Name: name, Scheme: s.Scheme(), PublicKey: s.PublicKey()}), s)
}

func transferTx(t testing.TB, from, to string, amount uint64, signers ...types.Signer) *types.DecodedTx {
	toID := id(to)
	return sign(t, mkBody(from, types.TxType_TRANSFER, &types.Transfer{To: toID[:], Amount: amount}), signers...)
}

func evidenceTx(t testing.TB, owner string, p *types.DepositEvidence, signers ...types.Signer) *types.DecodedTx {
	return sign(t, mkBody(owner, types.TxType_DEPOSIT_EVIDENCE, p), signers...)
}

func execute(t testing.TB, m *memState, height uint64, txs ...*types.DecodedTx) *Result {
	t.Helper()
	res, err := newExecutor().ExecuteBlock(m, m.root, header(height), txs)
	if err != nil {
		t.Fatalf("ExecuteBlock: %v", err)
	}
	if len(res.Receipts) != len(txs) {
		t.Fatalf("%d receipts for %d txs", len(res.Receipts), len(txs))
	}
	return res
}

func mustAccount(t testing.TB, r state.Getter, name string) *types.Account {
	t.Helper()
	a, err := state.ReadAccount(r, id(name))
	if err != nil {
		t.Fatal(err)
	}
	if a == nil {
		t.Fatalf("account %q does not exist", name)
	}
	return a
}

// wantReceipt checks a receipt's status and code.
func wantReceipt(t testing.TB, rc *types.Receipt, code types.Code) {
	t.Helper()
	if code == "" {
		if rc.Status != types.ReceiptStatus_SUCCESS || rc.ErrorCode != "" || rc.Error != "" {
			t.Fatalf("want success, got %v %s: %s", rc.Status, rc.ErrorCode, rc.Error)
		}
		return
	}
	if rc.Status != types.ReceiptStatus_FAILED || rc.ErrorCode != string(code) {
		t.Fatalf("want FAILED %s, got %v %q: %s", code, rc.Status, rc.ErrorCode, rc.Error)
	}
	if rc.Error == "" {
		t.Fatalf("failed receipt %s has no readable reason", code)
	}
	if len(rc.Events) != 0 {
		t.Fatalf("failed receipt has events: %v", rc.Events)
	}
}

// wantUnchanged checks that a block changed no state.
func wantUnchanged(t testing.TB, m *memState, res *Result) {
	t.Helper()
	if len(res.Writes) != 0 {
		t.Fatalf("failed transactions wrote %d keys", len(res.Writes))
	}
	if !bytes.Equal(res.StateRoot, m.root) {
		t.Fatalf("state root of an empty change set differs")
	}
}

func attrs(ev *types.Event) map[string]string {
	out := map[string]string{}
	for _, a := range ev.Attributes {
		out[a.Key] = a.Value
	}
	return out
}

// encode encodes a transaction payload: deterministic protobuf.
func encode(m proto.Message) []byte {
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(m)
	if err != nil {
		panic(err)
	}
	return b
}
