package sealing

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/crypto/seal"
	"github.com/causeway/causeway/types"
)

// fixture is a configuration of three orgs with keys (org4 without) and a
// group, and accounts of which "dora" has a key and "copycat" registered
// org2's key as its own.
func fixture(t *testing.T) (*types.ChainConfig, map[string]*seal.EncryptionKey, Accounts) {
	t.Helper()
	keys := map[string]*seal.EncryptionKey{}
	cfg := &types.ChainConfig{ReaderGroups: []types.ReaderGroup{{Name: "delta", Orgs: []string{"org1", "org2", "org3"}}}}
	for _, o := range []string{"org1", "org2", "org3", "org4", "上海地铁"} {
		oc := types.OrgConfig{Name: o}
		if o != "org4" {
			k, err := seal.GenerateEncryptionKey(seal.SuiteIntl)
			if err != nil {
				t.Fatal(err)
			}
			keys[o] = k
			oc.EncryptionKeys = []types.OrgEncryptionKey{{PublicKey: hex.EncodeToString(k.PublicKey()), KeyID: k.ID().String(), FromHeight: 1}}
		}
		cfg.Orgs = append(cfg.Orgs, oc)
	}
	dora, _ := seal.GenerateEncryptionKey(seal.SuiteIntl)
	keys["dora"] = dora
	accts := map[types.Hash]*types.Account{
		types.Intl.AccountID("dora"):    {Name: "dora", EncryptionKey: dora.PublicKey()},
		types.Intl.AccountID("copycat"): {Name: "copycat", EncryptionKey: keys["org2"].PublicKey()},
		types.Intl.AccountID("nokey"):   {Name: "nokey"},
	}
	return cfg, keys, func(id types.Hash) (*types.Account, error) { return accts[id], nil }
}

// Resolve lists each reader once, in key order, whether named directly or
// through a group, with its key in force and its label; readers sharing a
// key are refused.
func TestResolve(t *testing.T) {
	cfg, keys, accts := fixture(t)
	dora := types.Intl.AccountID("dora")
	rs, terr, err := Resolve(types.Intl, cfg, &types.SealedPayload{Orgs: []string{"org2"}, Groups: []string{"delta"}, Accounts: [][]byte{dora[:]}}, accts)
	if terr != nil || err != nil {
		t.Fatal(terr, err)
	}
	if len(rs) != 4 {
		t.Fatalf("%d readers: %v", len(rs), rs)
	}
	for i, r := range rs {
		if i > 0 && bytes.Compare(rs[i-1].KeyID[:], r.KeyID[:]) >= 0 {
			t.Fatal("readers are not in key order")
		}
		name := r.Org
		if name == "" {
			name = "dora"
			if r.Label != "account:"+dora.String() {
				t.Fatalf("label %q", r.Label)
			}
		} else if r.Label != "org:"+r.Org {
			t.Fatalf("label %q", r.Label)
		}
		if r.KeyID != keys[name].ID() || !bytes.Equal(r.PublicKey, keys[name].PublicKey()) {
			t.Fatalf("reader %s has key %s", r, r.KeyID)
		}
	}
	copycat := types.Intl.AccountID("copycat")
	nokey := types.Intl.AccountID("nokey")
	for name, c := range map[string]struct {
		spec *types.SealedPayload
		code types.Code
	}{
		"shared key":    {&types.SealedPayload{Orgs: []string{"org2"}, Accounts: [][]byte{copycat[:]}}, types.CodeDuplicate},
		"no key":        {&types.SealedPayload{Orgs: []string{"org4"}}, types.CodeUnknownReader},
		"account nokey": {&types.SealedPayload{Accounts: [][]byte{nokey[:]}}, types.CodeUnknownReader},
		"account twice": {&types.SealedPayload{Accounts: [][]byte{dora[:], dora[:]}}, types.CodeInvalidPayload},
		"group twice":   {&types.SealedPayload{Groups: []string{"delta", "delta"}}, types.CodeInvalidPayload},
		"nobody":        {&types.SealedPayload{}, types.CodeInvalidPayload},
		"hostile name":  {&types.SealedPayload{Orgs: []string{"org\x1b[2J"}}, types.CodeUnknownReader},
	} {
		_, terr, err := Resolve(types.Intl, cfg, c.spec, accts)
		if err != nil || terr == nil || terr.Code != c.code {
			t.Errorf("%s: %v %v, want %s", name, terr, err, c.code)
			continue
		}
		if strings.ContainsRune(terr.Reason, 0x1b) {
			t.Errorf("%s: the reason carries an escape: %q", name, terr.Reason)
		}
	}
	// An org whose name is not printable ASCII gets a hashed label, which
	// an envelope accepts.
	rs, terr, err = Resolve(types.Intl, cfg, &types.SealedPayload{Orgs: []string{"上海地铁"}}, accts)
	if terr != nil || err != nil || !strings.HasPrefix(rs[0].Label, "org-sha256:") {
		t.Fatalf("%v %v %v", rs, terr, err)
	}
	env, err := seal.Seal(seal.SuiteIntl, []byte("x"), []seal.Recipient{rs[0].Recipient()})
	if err != nil {
		t.Fatal(err)
	}
	if terr := Match(env, rs); terr != nil {
		t.Fatal(terr)
	}
}

// PayloadOf finds the sealed payload of each carrier, and none elsewhere.
func TestPayloadOf(t *testing.T) {
	sp := &types.SealedPayload{Envelope: []byte("e"), Orgs: []string{"org2"}}
	for typ, m := range map[types.TxType]proto.Message{
		types.TxType_STORE_SEALED:     sp,
		types.TxType_DEPOSIT_EVIDENCE: &types.DepositEvidence{Hash: []byte{1}, Sealed: sp},
		types.TxType_CALL_CONTRACT:    &types.CallContract{To: make([]byte, 20), Sealed: sp},
	} {
		pb, _ := proto.Marshal(m)
		got, err := PayloadOf(&types.TxBody{Type: typ, Payload: pb})
		if err != nil || !proto.Equal(got, sp) {
			t.Fatalf("%v: %v %v", typ, got, err)
		}
	}
	pb, _ := proto.Marshal(&types.Transfer{To: make([]byte, 32), Amount: 1})
	if got, err := PayloadOf(&types.TxBody{Type: types.TxType_TRANSFER, Payload: pb}); got != nil || err != nil {
		t.Fatalf("a transfer carries %v %v", got, err)
	}
	if _, err := PayloadOf(&types.TxBody{Type: types.TxType_STORE_SEALED, Payload: []byte{0xff}}); err == nil {
		t.Fatal("a malformed payload decodes")
	}
}

// An account's key in force at a height: before its key's first block, the
// replaced key whose heights hold it; before the oldest listed, none.
// AccountAt copies only when the key in force is not the latest, and leaves
// the account it was given unchanged; Resolve through AccountsAt uses the
// key in force.
func TestAccountAt(t *testing.T) {
	k0, _ := seal.GenerateEncryptionKey(seal.SuiteIntl)
	k1, _ := seal.GenerateEncryptionKey(seal.SuiteIntl)
	did := types.Intl.AccountID("dora")
	a := &types.Account{Id: did.Bytes(), Name: "dora", CreatedHeight: 3, EncryptionKey: k1.PublicKey(), EncryptionKeyFromHeight: 10,
		ReplacedEncryptionKeys: []*types.ReplacedEncryptionKey{{PublicKey: k0.PublicKey(), FromHeight: 3, UntilHeight: 10}}}
	orig := proto.Clone(a)
	for h, want := range map[uint64][]byte{2: nil, 3: k0.PublicKey(), 9: k0.PublicKey(), 10: k1.PublicKey(), 99: k1.PublicKey()} {
		got := AccountAt(a, h)
		if !bytes.Equal(got.EncryptionKey, want) {
			t.Fatalf("height %d: key %x, want %x", h, got.EncryptionKey, want)
		}
		if (got == a) != (h >= 10) {
			t.Fatalf("height %d: copied %v", h, got != a)
		}
	}
	if !proto.Equal(a, orig) {
		t.Fatal("AccountAt changed its argument")
	}
	if AccountAt(nil, 5) != nil {
		t.Fatal("AccountAt(nil)")
	}
	fresh := &types.Account{Id: did.Bytes(), CreatedHeight: 3}
	if got := AccountAt(fresh, 5); got != fresh || got.EncryptionKey != nil {
		t.Fatal("an account without a key")
	}
	accounts := func(id types.Hash) (*types.Account, error) {
		if id == did {
			return a, nil
		}
		return nil, nil
	}
	spec := &types.SealedPayload{Accounts: [][]byte{did.Bytes()}}
	for h, want := range map[uint64]seal.KeyID{9: k0.ID(), 10: k1.ID()} {
		rs, terr, err := Resolve(types.Intl, &types.ChainConfig{}, spec, AccountsAt(accounts, h))
		if terr != nil || err != nil || len(rs) != 1 || rs[0].KeyID != want {
			t.Fatalf("height %d: %v %v %v", h, rs, terr, err)
		}
	}
	if _, terr, _ := Resolve(types.Intl, &types.ChainConfig{}, spec, AccountsAt(accounts, 2)); types.CodeOf(terr) != types.CodeUnknownReader {
		t.Fatalf("before any key: %v", terr)
	}
	none := &types.SealedPayload{Accounts: [][]byte{types.Intl.AccountID("nobody").Bytes()}}
	if _, terr, _ := Resolve(types.Intl, &types.ChainConfig{}, none, AccountsAt(accounts, 9)); types.CodeOf(terr) != types.CodeUnknownReader {
		t.Fatalf("a missing account: %v", terr)
	}
}

// AccountKeys lists the replaced keys, oldest first, then the latest, with
// the heights each is in force.
func TestAccountKeys(t *testing.T) {
	k0, _ := seal.GenerateEncryptionKey(seal.SuiteIntl)
	k1, _ := seal.GenerateEncryptionKey(seal.SuiteIntl)
	k2, _ := seal.GenerateEncryptionKey(seal.SuiteIntl)
	a := &types.Account{CreatedHeight: 3, EncryptionKey: k2.PublicKey(), EncryptionKeyFromHeight: 12,
		ReplacedEncryptionKeys: []*types.ReplacedEncryptionKey{{PublicKey: k0.PublicKey(), FromHeight: 3, UntilHeight: 10}, {PublicKey: k1.PublicKey(), FromHeight: 10, UntilHeight: 12}}}
	ks := AccountKeys(types.Intl, a)
	want := []AccountKey{{KeyID: k0.ID(), FromHeight: 3, UntilHeight: 10}, {KeyID: k1.ID(), FromHeight: 10, UntilHeight: 12}, {KeyID: k2.ID(), FromHeight: 12}}
	if len(ks) != len(want) {
		t.Fatalf("%d keys", len(ks))
	}
	for i, k := range ks {
		if k.KeyID != want[i].KeyID || k.FromHeight != want[i].FromHeight || k.UntilHeight != want[i].UntilHeight {
			t.Fatalf("key %d: %+v, want %+v", i, k, want[i])
		}
	}
	created := &types.Account{CreatedHeight: 7, EncryptionKey: k0.PublicKey()}
	if ks := AccountKeys(types.Intl, created); len(ks) != 1 || ks[0].FromHeight != 7 || ks[0].UntilHeight != 0 {
		t.Fatalf("a key set at creation: %+v", ks)
	}
	if ks := AccountKeys(types.Intl, &types.Account{}); len(ks) != 0 {
		t.Fatalf("no key: %+v", ks)
	}
}
