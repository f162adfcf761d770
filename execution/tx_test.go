package execution

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
	"google.golang.org/protobuf/proto"
)

// txCase is one transaction executed alone in block 1 on the fixture state.
type txCase struct {
	name  string
	build func(t testing.TB) *types.DecodedTx
	want  types.Code // "" = success
	// check inspects the committed state after a successful transaction.
	check func(t *testing.T, after *memState, res *Result, d *types.DecodedTx)
}

func runTxCases(t *testing.T, cases []txCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := newState(t)
			d := tc.build(t)
			res := execute(t, m, 1, d)
			rc := res.Receipts[0]
			wantReceipt(t, rc, tc.want)
			if !bytes.Equal(rc.TxHash, d.Hash[:]) || rc.Height != 1 || rc.Index != 0 {
				t.Fatalf("receipt identifies tx %x height %d index %d", rc.TxHash, rc.Height, rc.Index)
			}
			if tc.want != "" {
				wantUnchanged(t, m, res)
				return
			}
			if len(rc.Events) == 0 {
				t.Fatal("successful transaction emitted no event")
			}
			after := m.clone()
			after.commit([]*types.DecodedTx{d}, res)
			if tc.check != nil {
				tc.check(t, after, res, d)
			}
		})
	}
}

// createWith builds a CREATE_ACCOUNT from sender for the payload (name, scheme, pub).
func createWith(sender, name string, scheme types.SignatureScheme, pub []byte, signers ...types.Signer) func(testing.TB) *types.DecodedTx {
	return func(t testing.TB) *types.DecodedTx {
		return sign(t, mkBody(sender, types.TxType_CREATE_ACCOUNT, &types.CreateAccount{Name: name, Scheme: scheme, PublicKey: pub}), signers...)
	}
}

func rawPayload(sender string, typ types.TxType, payload []byte, signers ...types.Signer) func(testing.TB) *types.DecodedTx {
	return func(t testing.TB) *types.DecodedTx {
		b := mkBody(sender, typ, nil)
		b.Payload = payload
		return sign(t, b, signers...)
	}
}

func TestCreateAccount(t *testing.T) {
	ed := types.SignatureScheme_ED25519
	p256 := &fakeSigner{scheme: types.SignatureScheme_ECDSA_P256, pub: p256Key(7)}
	long := strings.Repeat("n", MaxAccountNameBytes)
	cjk := "上海地铁 Metro-1"

	checkCreated := func(name string, s types.Signer) func(*testing.T, *memState, *Result, *types.DecodedTx) {
		return func(t *testing.T, after *memState, res *Result, _ *types.DecodedTx) {
			a := mustAccount(t, after, name)
			want := &types.Account{
				Id: id(name).Bytes(), Name: name, Balance: 0,
				AuthKeys: []*types.AuthKey{{Scheme: s.Scheme(), PublicKey: s.PublicKey(), Weight: 100}},
				Status:   types.AccountStatus_ACCOUNT_NORMAL, Version: 1, CreatedHeight: 1,
			}
			if !proto.Equal(a, want) {
				t.Fatalf("account = %v, want %v", a, want)
			}
			// The account, and its EVM address index.
			if len(res.Writes) != 2 || !bytes.Equal(res.Writes[0].Key, state.AccountKey(id(name))) || !bytes.HasPrefix(res.Writes[1].Key, []byte("evma/")) {
				t.Fatalf("writes = %v", res.Writes)
			}
			ev := res.Receipts[0].Events[0]
			at := attrs(ev)
			if ev.Type != EventAccountCreated || at["id"] != id(name).String() || at["name"] != name {
				t.Fatalf("event = %v", ev)
			}
		}
	}

	runTxCases(t, []txCase{
		{name: "ed25519", build: func(t testing.TB) *types.DecodedTx { return createTx(t, "carol", carol) }, check: checkCreated("carol", carol)},
		{name: "p256", build: createWith("dave", "dave", p256.scheme, p256.pub, p256), check: checkCreated("dave", p256)},
		{name: "max length name", build: createWith(long, long, ed, carol.PublicKey(), carol), check: checkCreated(long, carol)},
		{name: "unicode name", build: createWith(cjk, cjk, ed, carol.PublicKey(), carol), check: checkCreated(cjk, carol)},
		{name: "extra signers", build: createWith("carol", "carol", ed, carol.PublicKey(), mallet, carol), check: checkCreated("carol", carol)},

		{name: "empty name", build: createWith("", "", ed, carol.PublicKey(), carol), want: types.CodeInvalidPayload},
		{name: "name too long", build: createWith(long+"n", long+"n", ed, carol.PublicKey(), carol), want: types.CodeInvalidPayload},
		{name: "control character", build: createWith("ca\x01rol", "ca\x01rol", ed, carol.PublicKey(), carol), want: types.CodeInvalidText},
		{name: "DEL", build: createWith("carol\x7f", "carol\x7f", ed, carol.PublicKey(), carol), want: types.CodeInvalidText},
		{name: "bidi override", build: createWith("ali\u202ece", "ali\u202ece", ed, carol.PublicKey(), carol), want: types.CodeInvalidText},
		{name: "zero width space", build: createWith("al\u200bice", "al\u200bice", ed, carol.PublicKey(), carol), want: types.CodeInvalidText},
		{name: "scheme SM2", build: createWith("carol", "carol", types.SignatureScheme_SM2, carol.PublicKey(), carol), want: types.CodeInvalidPayload},
		{name: "scheme unspecified", build: createWith("carol", "carol", types.SignatureScheme_SCHEME_UNSPECIFIED, carol.PublicKey(), carol), want: types.CodeInvalidPayload},
		{name: "ed25519 key too short", build: createWith("carol", "carol", ed, carol.PublicKey()[:31], carol), want: types.CodeInvalidPayload},
		{name: "p256 key too short", build: createWith("dave", "dave", p256.scheme, p256.pub[:64], p256), want: types.CodeInvalidPayload},
		{name: "p256 key compressed prefix", build: func(t testing.TB) *types.DecodedTx {
			k := p256Key(7)
			k[0] = 0x02
			s := &fakeSigner{scheme: types.SignatureScheme_ECDSA_P256, pub: k}
			return createWith("dave", "dave", s.scheme, k, s)(t)
		}, want: types.CodeInvalidPayload},
		{name: "sender is not the name's identity", build: createWith("alice", "carol", ed, carol.PublicKey(), carol), want: types.CodeInvalidPayload},
		{name: "not signed by the new key", build: createWith("carol", "carol", ed, carol.PublicKey(), mallet), want: types.CodeUnauthorized},
		{name: "signed by the key under another scheme", build: createWith("carol", "carol", ed, carol.PublicKey(), &fakeSigner{scheme: types.SignatureScheme_ECDSA_P256, pub: carol.PublicKey()}), want: types.CodeUnauthorized},
		{name: "account exists", build: createWith("alice", "alice", ed, mallet.PublicKey(), mallet), want: types.CodeAccountExists},
		{name: "undecodable payload", build: rawPayload("carol", types.TxType_CREATE_ACCOUNT, []byte{0xff, 0xff}, carol), want: types.CodeMalformed},
		{name: "invalid UTF-8 name", build: rawPayload("carol", types.TxType_CREATE_ACCOUNT, []byte{0x0a, 0x02, 0xc3, 0x28}, carol), want: types.CodeMalformed},
	})
}

func TestTransfer(t *testing.T) {
	balances := func(want map[string]uint64, versions map[string]uint64) func(*testing.T, *memState, *Result, *types.DecodedTx) {
		return func(t *testing.T, after *memState, res *Result, _ *types.DecodedTx) {
			for name, bal := range want {
				if a := mustAccount(t, after, name); a.Balance != bal {
					t.Errorf("%s balance = %d, want %d", name, a.Balance, bal)
				}
			}
			for name, v := range versions {
				if a := mustAccount(t, after, name); a.Version != v {
					t.Errorf("%s version = %d, want %d", name, a.Version, v)
				}
			}
			if len(res.Writes) != len(versions) {
				t.Errorf("%d writes, want %d", len(res.Writes), len(versions))
			}
		}
	}
	badTo := func(n int) func(testing.TB) *types.DecodedTx {
		return func(t testing.TB) *types.DecodedTx {
			return sign(t, mkBody("alice", types.TxType_TRANSFER, &types.Transfer{To: make([]byte, n), Amount: 1}), alice)
		}
	}

	runTxCases(t, []txCase{
		{name: "ok", build: func(t testing.TB) *types.DecodedTx { return transferTx(t, "alice", "bob", 100, alice) },
			check: func(t *testing.T, after *memState, res *Result, d *types.DecodedTx) {
				balances(map[string]uint64{"alice": 900, "bob": 150}, map[string]uint64{"alice": 2, "bob": 2})(t, after, res, d)
				ev := res.Receipts[0].Events[0]
				at := attrs(ev)
				if ev.Type != EventTransfer || at["from"] != id("alice").String() || at["to"] != id("bob").String() || at["amount"] != "100" {
					t.Fatalf("event = %v", ev)
				}
			}},
		{name: "whole balance", build: func(t testing.TB) *types.DecodedTx { return transferTx(t, "alice", "bob", 1000, alice) },
			check: balances(map[string]uint64{"alice": 0, "bob": 1050}, map[string]uint64{"alice": 2, "bob": 2})},
		{name: "self", build: func(t testing.TB) *types.DecodedTx { return transferTx(t, "alice", "alice", 10, alice) },
			check: balances(map[string]uint64{"alice": 1000}, map[string]uint64{"alice": 2})},
		{name: "to a frozen account", build: func(t testing.TB) *types.DecodedTx { return transferTx(t, "alice", "frozen", 1, alice) },
			check: balances(map[string]uint64{"alice": 999, "frozen": 101}, map[string]uint64{"alice": 2, "frozen": 2})},
		{name: "to the uint64 limit", build: func(t testing.TB) *types.DecodedTx { return transferTx(t, "alice", "rich", 10, alice) },
			check: balances(map[string]uint64{"alice": 990, "rich": ^uint64(0)}, map[string]uint64{"alice": 2, "rich": 2})},
		{name: "extra unrelated signature", build: func(t testing.TB) *types.DecodedTx { return transferTx(t, "alice", "bob", 1, mallet, alice) },
			check: balances(map[string]uint64{"alice": 999, "bob": 51}, map[string]uint64{"alice": 2, "bob": 2})},

		{name: "recipient too short", build: badTo(31), want: types.CodeInvalidPayload},
		{name: "recipient empty", build: badTo(0), want: types.CodeInvalidPayload},
		{name: "recipient unknown", build: func(t testing.TB) *types.DecodedTx { return transferTx(t, "alice", "nobody", 1, alice) }, want: types.CodeUnknownAccount},
		{name: "zero amount", build: func(t testing.TB) *types.DecodedTx { return transferTx(t, "alice", "bob", 0, alice) }, want: types.CodeInvalidPayload},
		{name: "insufficient funds", build: func(t testing.TB) *types.DecodedTx { return transferTx(t, "bob", "alice", 51, bob) }, want: types.CodeInsufficientFunds},
		{name: "self insufficient", build: func(t testing.TB) *types.DecodedTx { return transferTx(t, "bob", "bob", 51, bob) }, want: types.CodeInsufficientFunds},
		{name: "receiver overflow", build: func(t testing.TB) *types.DecodedTx { return transferTx(t, "alice", "rich", 11, alice) }, want: types.CodeInvalidPayload},
		{name: "sender unknown", build: func(t testing.TB) *types.DecodedTx { return transferTx(t, "mallet", "alice", 1, mallet) }, want: types.CodeUnknownAccount},
		{name: "sender frozen", build: func(t testing.TB) *types.DecodedTx { return transferTx(t, "frozen", "alice", 1, frozen) }, want: types.CodeAccountFrozen},
		{name: "signed by another key", build: func(t testing.TB) *types.DecodedTx { return transferTx(t, "alice", "bob", 1, bob) }, want: types.CodeUnauthorized},
		{name: "undecodable payload", build: rawPayload("alice", types.TxType_TRANSFER, []byte{0x0a}, alice), want: types.CodeMalformed},
	})
}

func TestDepositEvidence(t *testing.T) {
	digest := bytes.Repeat([]byte{0xab}, 32)
	dep := func(p *types.DepositEvidence, owner string, signers ...types.Signer) func(testing.TB) *types.DecodedTx {
		return func(t testing.TB) *types.DecodedTx { return evidenceTx(t, owner, p, signers...) }
	}
	md := func(kv ...string) []*types.Attribute {
		var out []*types.Attribute
		for i := 0; i+1 < len(kv); i += 2 {
			out = append(out, &types.Attribute{Key: kv[i], Value: kv[i+1]})
		}
		return out
	}
	limit := types.DefaultParams().MaxEvidenceMetadataBytes
	stored := func(p *types.DepositEvidence) func(*testing.T, *memState, *Result, *types.DecodedTx) {
		return func(t *testing.T, after *memState, res *Result, d *types.DecodedTx) {
			ev, err := state.ReadEvidence(after, d.Hash)
			if err != nil || ev == nil {
				t.Fatalf("evidence not stored: %v", err)
			}
			want := &types.Evidence{
				Id: d.Hash.Bytes(), Hash: p.Hash, HashAlgorithm: p.HashAlgorithm, Metadata: p.Metadata,
				Owner: id("alice").Bytes(), TxHash: d.Hash.Bytes(), Height: 1, TimeMs: testTime,
			}
			if !proto.Equal(ev, want) {
				t.Fatalf("evidence = %v, want %v", ev, want)
			}
			if len(res.Writes) != 1 || !bytes.Equal(res.Writes[0].Key, state.EvidenceKey(d.Hash)) {
				t.Fatalf("writes = %v (the owner's account must not change)", res.Writes)
			}
			e := res.Receipts[0].Events[0]
			at := attrs(e)
			if e.Type != EventEvidenceDeposited || at["id"] != d.Hash.String() || at["hash"] != hex.EncodeToString(p.Hash) || at["owner"] != id("alice").String() {
				t.Fatalf("event = %v", e)
			}
		}
	}
	var cases []txCase
	ok := func(name string, p *types.DepositEvidence) {
		cases = append(cases, txCase{name: name, build: dep(p, "alice", alice), check: stored(p)})
	}
	bad := func(name string, code types.Code, p *types.DepositEvidence, owner string, signers ...types.Signer) {
		cases = append(cases, txCase{name: name, build: dep(p, owner, signers...), want: code})
	}
	ok("with metadata", &types.DepositEvidence{Hash: digest, HashAlgorithm: "sha256", Metadata: md("file", "contract.pdf", "case", "2024-17")})
	for _, alg := range EvidenceHashAlgorithms {
		ok("algorithm "+alg, &types.DepositEvidence{Hash: digest, HashAlgorithm: alg})
	}
	ok("1-byte hash", &types.DepositEvidence{Hash: []byte{1}, HashAlgorithm: "sha512"})
	ok("64-byte hash", &types.DepositEvidence{Hash: bytes.Repeat([]byte{1}, 64), HashAlgorithm: "sha512"})
	ok("metadata at the limit", &types.DepositEvidence{Hash: digest, HashAlgorithm: "sm3", Metadata: md("k", strings.Repeat("v", limit-1))})
	ok("empty value", &types.DepositEvidence{Hash: digest, HashAlgorithm: "sm3", Metadata: md("k", "")})

	bad("empty hash", types.CodeInvalidPayload, &types.DepositEvidence{HashAlgorithm: "sha256"}, "alice", alice)
	bad("65-byte hash", types.CodeInvalidPayload, &types.DepositEvidence{Hash: bytes.Repeat([]byte{1}, 65), HashAlgorithm: "sha512"}, "alice", alice)
	bad("unknown algorithm", types.CodeInvalidPayload, &types.DepositEvidence{Hash: digest, HashAlgorithm: "md5"}, "alice", alice)
	bad("algorithm in upper case", types.CodeInvalidPayload, &types.DepositEvidence{Hash: digest, HashAlgorithm: "SHA256"}, "alice", alice)
	bad("no algorithm", types.CodeInvalidPayload, &types.DepositEvidence{Hash: digest}, "alice", alice)
	bad("empty metadata key", types.CodeInvalidPayload, &types.DepositEvidence{Hash: digest, HashAlgorithm: "sha256", Metadata: md("a", "1", "", "2")}, "alice", alice)
	bad("repeated metadata key", types.CodeInvalidPayload, &types.DepositEvidence{Hash: digest, HashAlgorithm: "sha256", Metadata: md("a", "1", "b", "2", "a", "3")}, "alice", alice)
	bad("metadata over the limit", types.CodeTooLarge, &types.DepositEvidence{Hash: digest, HashAlgorithm: "sha256", Metadata: md("k", strings.Repeat("v", limit))}, "alice", alice)
	bad("metadata over the limit in keys", types.CodeTooLarge, &types.DepositEvidence{Hash: digest, HashAlgorithm: "sha256", Metadata: md(strings.Repeat("k", limit/2+1), "", strings.Repeat("K", limit/2), "")}, "alice", alice)
	bad("unknown owner", types.CodeUnknownAccount, &types.DepositEvidence{Hash: digest, HashAlgorithm: "sha256"}, "mallet", mallet)
	bad("frozen owner", types.CodeAccountFrozen, &types.DepositEvidence{Hash: digest, HashAlgorithm: "sha256"}, "frozen", frozen)
	bad("unauthorized", types.CodeUnauthorized, &types.DepositEvidence{Hash: digest, HashAlgorithm: "sha256"}, "alice", bob)
	cases = append(cases, txCase{name: "undecodable payload", build: rawPayload("alice", types.TxType_DEPOSIT_EVIDENCE, []byte{0x1a, 0x05, 0x00}, alice), want: types.CodeMalformed})
	runTxCases(t, cases)
}

// TestEnvelope covers the checks common to every transaction type.
func TestEnvelope(t *testing.T) {
	withBody := func(edit func(b *types.TxBody)) func(testing.TB) *types.DecodedTx {
		return func(t testing.TB) *types.DecodedTx {
			to := id("bob")
			b := mkBody("alice", types.TxType_TRANSFER, &types.Transfer{To: to[:], Amount: 1})
			edit(b)
			return sign(t, b, alice)
		}
	}
	p := types.DefaultParams()
	runTxCases(t, []txCase{
		{name: "valid", build: withBody(func(b *types.TxBody) {})},
		{name: "at the expiry instant", build: withBody(func(b *types.TxBody) { b.TimestampMs = testTime - b.ValidityMs })},
		{name: "at the future limit", build: withBody(func(b *types.TxBody) { b.TimestampMs = testTime + p.MaxFutureMs })},
		{name: "wrong chain", build: withBody(func(b *types.TxBody) { b.ChainId = "other-chain" }), want: types.CodeWrongChain},
		{name: "no chain", build: withBody(func(b *types.TxBody) { b.ChainId = "" }), want: types.CodeWrongChain},
		{name: "expired", build: withBody(func(b *types.TxBody) { b.TimestampMs = testTime - b.ValidityMs - 1 }), want: types.CodeExpired},
		{name: "future", build: withBody(func(b *types.TxBody) { b.TimestampMs = testTime + p.MaxFutureMs + 1 }), want: types.CodeFuture},
		{name: "zero validity", build: withBody(func(b *types.TxBody) { b.ValidityMs = 0 }), want: types.CodeBadValidity},
		{name: "validity too long", build: withBody(func(b *types.TxBody) { b.ValidityMs = p.MaxValidityMs + 1 }), want: types.CodeBadValidity},
		{name: "unknown type", build: withBody(func(b *types.TxBody) { b.Type = 99 }), want: types.CodeUnknownType},
		{name: "unspecified type", build: withBody(func(b *types.TxBody) { b.Type = types.TxType_TX_TYPE_UNSPECIFIED }), want: types.CodeUnknownType},
		{name: "nil body", build: func(t testing.TB) *types.DecodedTx {
			d := transferTx(t, "alice", "bob", 1, alice)
			d.Body = nil
			return d
		}, want: types.CodeMalformed},
		{name: "short sender", build: func(t testing.TB) *types.DecodedTx {
			d := transferTx(t, "alice", "bob", 1, alice)
			d.Body.Sender = d.Body.Sender[:20]
			return d
		}, want: types.CodeMalformed},
	})

	t.Run("nil transaction", func(t *testing.T) {
		m := newState(t)
		res := execute(t, m, 1, nil, &types.DecodedTx{})
		for _, rc := range res.Receipts {
			wantReceipt(t, rc, types.CodeMalformed)
		}
		wantUnchanged(t, m, res)
	})
}

func TestDuplicate(t *testing.T) {
	t.Run("in block", func(t *testing.T) {
		m := newState(t)
		d := transferTx(t, "alice", "bob", 100, alice)
		res := execute(t, m, 1, d, d)
		wantReceipt(t, res.Receipts[0], "")
		wantReceipt(t, res.Receipts[1], types.CodeDuplicate)
		m.commit(nil, res)
		if a := mustAccount(t, m, "alice"); a.Balance != 900 {
			t.Fatalf("alice balance = %d: the duplicate was applied", a.Balance)
		}
	})
	t.Run("in block after a failure", func(t *testing.T) {
		// A failed transaction is still in the block: its hash is spent.
		m := newState(t)
		d := transferTx(t, "bob", "alice", 100, bob) // bob has 50
		res := execute(t, m, 1, d, d)
		wantReceipt(t, res.Receipts[0], types.CodeInsufficientFunds)
		wantReceipt(t, res.Receipts[1], types.CodeDuplicate)
	})
	t.Run("committed earlier", func(t *testing.T) {
		m := newState(t)
		d := transferTx(t, "alice", "bob", 100, alice)
		res := execute(t, m, 1, d)
		wantReceipt(t, res.Receipts[0], "")
		m.commit([]*types.DecodedTx{d}, res)
		res = execute(t, m, 2, d)
		wantReceipt(t, res.Receipts[0], types.CodeDuplicate)
		wantUnchanged(t, m, res)
	})
	t.Run("same payload new nonce", func(t *testing.T) {
		m := newState(t)
		res := execute(t, m, 1, transferTx(t, "alice", "bob", 100, alice), transferTx(t, "alice", "bob", 100, alice))
		wantReceipt(t, res.Receipts[0], "")
		wantReceipt(t, res.Receipts[1], "")
	})
}

// TestAuthorization runs an account with three keys of weight 50 against
// sets of signatures.
func TestAuthorization(t *testing.T) {
	k1, k2, k3 := newSigner("k1"), newSigner("k2"), newSigner("k3")
	key := func(s types.Signer, w uint32) *types.AuthKey {
		return &types.AuthKey{Scheme: s.Scheme(), PublicKey: s.PublicKey(), Weight: w}
	}
	account := func(name string, keys ...*types.AuthKey) *types.Account {
		return &types.Account{Id: id(name).Bytes(), Name: name, Balance: 100, AuthKeys: keys, Version: 1}
	}
	fixture := func(t testing.TB) *memState {
		m := newState(t)
		m.put(t, account("multi", key(k1, 50), key(k2, 50), key(k3, 50)))
		m.put(t, account("listed-twice", key(k1, 50), key(k1, 50)))
		m.put(t, account("heavy", key(k1, 0), key(k2, 1000)))
		return m
	}
	otherScheme := &fakeSigner{scheme: types.SignatureScheme_ECDSA_P256, pub: k2.PublicKey()}
	cases := []struct {
		name    string
		account string
		signers []types.Signer
		want    types.Code
	}{
		{"one of three", "multi", []types.Signer{k1}, types.CodeUnauthorized},
		{"two of three", "multi", []types.Signer{k1, k2}, ""},
		{"two others", "multi", []types.Signer{k3, k2}, ""},
		{"all three", "multi", []types.Signer{k1, k2, k3}, ""},
		{"same key twice", "multi", []types.Signer{k1, k1}, types.CodeUnauthorized},
		{"same key three times", "multi", []types.Signer{k2, k2, k2}, types.CodeUnauthorized},
		{"same key twice and another", "multi", []types.Signer{k1, k1, k3}, ""},
		{"one key and a stranger", "multi", []types.Signer{k1, mallet}, types.CodeUnauthorized},
		{"right bytes wrong scheme", "multi", []types.Signer{k1, otherScheme}, types.CodeUnauthorized},
		{"key listed twice counts once", "listed-twice", []types.Signer{k1}, types.CodeUnauthorized},
		{"zero weight key", "heavy", []types.Signer{k1}, types.CodeUnauthorized},
		{"weight above threshold", "heavy", []types.Signer{k2}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := fixture(t)
			res := execute(t, m, 1, transferTx(t, tc.account, "alice", 10, tc.signers...))
			wantReceipt(t, res.Receipts[0], tc.want)
			if tc.want != "" {
				wantUnchanged(t, m, res)
				return
			}
			m.commit(nil, res)
			if a := mustAccount(t, m, tc.account); a.Balance != 90 || a.Version != 2 {
				t.Fatalf("account after transfer: %v", a)
			}
		})
	}
}

func TestAuthorizeOverflowSafe(t *testing.T) {
	// Weights are summed in 64 bits: two maximal uint32 weights cannot wrap.
	s1, s2 := newSigner("w1"), newSigner("w2")
	a := &types.Account{Id: id("w").Bytes(), AuthKeys: []*types.AuthKey{
		{Scheme: s1.Scheme(), PublicKey: s1.PublicKey(), Weight: ^uint32(0)},
		{Scheme: s2.Scheme(), PublicKey: s2.PublicKey(), Weight: ^uint32(0)},
	}}
	sigs := []*types.Signature{{Scheme: s1.Scheme(), PublicKey: s1.PublicKey()}, nil, {Scheme: s2.Scheme(), PublicKey: s2.PublicKey()}}
	if err := authorize(a, sigs); err != nil {
		t.Fatal(err)
	}
}
