package state

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/causeway/causeway/state/smt"
	"github.com/causeway/causeway/types"
	"google.golang.org/protobuf/proto"
)

// mem is a map-backed state: a Getter, a Scanner and a NodeReader.
type mem struct {
	kv      map[string][]byte
	nodes   map[string][]byte
	failGet bool
}

var errDisk = errors.New("disk on fire")

func newMem() *mem { return &mem{kv: map[string][]byte{}, nodes: map[string][]byte{}} }

func (m *mem) Get(k []byte) ([]byte, error) {
	if m.failGet {
		return nil, errDisk
	}
	return m.kv[string(k)], nil
}

func (m *mem) Scan(prefix []byte, fn func(k, v []byte) error) error {
	for _, k := range slices.Sorted(maps.Keys(m.kv)) {
		if strings.HasPrefix(k, string(prefix)) {
			if err := fn([]byte(k), m.kv[k]); err != nil {
				return err
			}
		}
	}
	return nil
}

func (m *mem) StateNode(d []byte) ([]byte, error) { return m.nodes[string(d)], nil }

func (m *mem) apply(ws, nodes []Write) {
	for _, w := range ws {
		if len(w.Value) == 0 {
			delete(m.kv, string(w.Key))
		} else {
			m.kv[string(w.Key)] = w.Value
		}
	}
	for _, n := range nodes {
		m.nodes[string(n.Key)] = n.Value
	}
}

func fill(n int, b byte) []byte { return bytes.Repeat([]byte{b}, n) }

// Every key has exactly the documented bytes. These are part of consensus:
// a change here changes every state root.
func TestKeyLayout(t *testing.T) {
	id := types.Hash(fill(32, 0xaa))
	addr := [AddressSize]byte(fill(20, 0xbb))
	slot := [SlotSize]byte(fill(32, 0xcc))
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	for _, c := range []struct {
		name      string
		got, want []byte
	}{
		{"account", AccountKey(id), cat([]byte("acct/"), fill(32, 0xaa))},
		{"evidence", EvidenceKey(id), cat([]byte("evid/"), fill(32, 0xaa))},
		{"proposal", ProposalKey(id), cat([]byte("gov/"), fill(32, 0xaa))},
		{"config", ConfigKey(), []byte("config")},
		{"config history", ConfigHistoryKey(0x0102030405060708), []byte("cfgh/\x01\x02\x03\x04\x05\x06\x07\x08")},
		{"address index", AddressIndexKey(addr), cat([]byte("evma/"), fill(20, 0xbb))},
		{"code", CodeKey(slot), cat([]byte("code/"), fill(32, 0xcc))},
		{"storage", StorageKey(addr, slot), cat([]byte("stor/"), fill(20, 0xbb), fill(32, 0xcc))},
		{"nonce", NonceKey(addr), cat([]byte("evmn/"), fill(20, 0xbb))},
		{"light client", LightClientKey(id), cat([]byte("lcli/"), fill(32, 0xaa))},
		{"light genesis", LightGenesisKey(id), cat([]byte("lcgn/"), fill(32, 0xaa))},
		{"light config", LightConfigKey(id, 0x0102030405060708), cat([]byte("lccf/"), fill(32, 0xaa), []byte("\x01\x02\x03\x04\x05\x06\x07\x08"))},
		{"light header", LightHeaderKey(id, 0x0102030405060708), cat([]byte("lchd/"), fill(32, 0xaa), []byte("\x01\x02\x03\x04\x05\x06\x07\x08"))},
	} {
		if !bytes.Equal(c.got, c.want) {
			t.Errorf("%s key = %q, want %q", c.name, c.got, c.want)
		}
		if k := Kind(c.got); k == "" || !bytes.HasPrefix(c.got, []byte(k)) {
			t.Errorf("Kind(%s key) = %q", c.name, k)
		}
	}
	// No prefix is a prefix of another, so a key has one kind.
	for i, a := range layout {
		for j, b := range layout {
			if i != j && strings.HasPrefix(a.prefix, b.prefix) {
				t.Errorf("prefix %q starts with prefix %q", a.prefix, b.prefix)
			}
		}
	}
	for _, k := range []string{"", "acct/", "acct/short", "config2", "cfgh/1234567", "nope/" + strings.Repeat("x", 32)} {
		if got := Kind([]byte(k)); got != "" {
			t.Errorf("Kind(%q) = %q, want none", k, got)
		}
	}
	// Builders return fresh slices: a caller may append to one.
	k := ConfigKey()
	k[0] = 'x'
	if string(ConfigKey()) != "config" {
		t.Fatal("ConfigKey shares its bytes")
	}
}

func TestConfigHistoryKeyRoundTrip(t *testing.T) {
	for _, h := range []uint64{0, 1, 255, 1 << 40, ^uint64(0)} {
		got, ok := ParseConfigHistoryKey(ConfigHistoryKey(h))
		if !ok || got != h {
			t.Fatalf("height %d: parsed %d %v", h, got, ok)
		}
	}
	for _, k := range [][]byte{nil, []byte("cfgh/"), []byte("cfgh/1234567"), []byte("cfgh/123456789"), AccountKey(types.Hash{})[:13]} {
		if _, ok := ParseConfigHistoryKey(k); ok {
			t.Fatalf("%q parsed as a configuration history key", k)
		}
	}
	// Keys sort by height, so a scan lists the history in height order.
	if bytes.Compare(ConfigHistoryKey(255), ConfigHistoryKey(256)) >= 0 {
		t.Fatal("history keys do not sort by height")
	}
}

// Values round-trip, encode deterministically, and decoders reject what
// they cannot read with ErrCorrupt instead of panicking.
func TestCodecs(t *testing.T) {
	acct := &types.Account{Id: fill(32, 1), Name: "alice", Balance: 7, Version: 3,
		AuthKeys: []*types.AuthKey{{Scheme: types.SignatureScheme_ED25519, PublicKey: fill(32, 2), Weight: 100}}}
	if a, err := DecodeAccount(EncodeAccount(acct)); err != nil || !proto.Equal(a, acct) {
		t.Fatalf("account: %v %v", a, err)
	}
	if b, _ := (proto.MarshalOptions{Deterministic: true}).Marshal(acct); !bytes.Equal(EncodeAccount(acct), b) {
		t.Fatal("account encoding is not deterministic protobuf")
	}
	ev := &types.Evidence{Id: fill(32, 3), Hash: fill(32, 4), HashAlgorithm: "sha256", Height: 9,
		Metadata: []*types.Attribute{{Key: "k", Value: "v"}}}
	if e, err := DecodeEvidence(EncodeEvidence(ev)); err != nil || !proto.Equal(e, ev) {
		t.Fatalf("evidence: %v %v", e, err)
	}
	rec := &types.ProposalRecord{Id: fill(32, 5), Status: types.ProposalStatus_PROPOSAL_OPEN, ExpiresMs: 77}
	if p, err := DecodeProposal(EncodeProposal(rec)); err != nil || !proto.Equal(p, rec) {
		t.Fatalf("proposal: %v %v", p, err)
	}
	cfg := &types.ChainConfig{Version: 4, Params: types.DefaultParams(), Policy: types.DefaultPolicy(), Roles: types.DefaultRoles()}
	if !bytes.Equal(EncodeConfig(cfg), cfg.Encode()) {
		t.Fatal("config encoding is not ChainConfig.Encode")
	}
	if c, err := DecodeConfig(EncodeConfig(cfg)); err != nil || !bytes.Equal(c.Encode(), cfg.Encode()) {
		t.Fatalf("config: %v", err)
	}
	id := types.Hash(fill(32, 6))
	if got, err := DecodeIdentity(EncodeIdentity(id)); err != nil || got != id {
		t.Fatalf("identity: %v %v", got, err)
	}
	for _, n := range []uint64{1, 2, 1 << 63} {
		if got, err := DecodeNonce(EncodeNonce(n)); err != nil || got != n || len(EncodeNonce(n)) != 8 {
			t.Fatalf("nonce %d: %d %v", n, got, err)
		}
	}
	if EncodeNonce(0) != nil {
		t.Fatal("a zero nonce is stored")
	}
	if n, err := DecodeNonce(nil); n != 0 || err != nil {
		t.Fatal("an absent nonce is not 0")
	}
	v := [SlotSize]byte(fill(32, 7))
	if got, err := DecodeSlot(EncodeSlot(v)); err != nil || got != v {
		t.Fatalf("slot: %x %v", got, err)
	}
	if EncodeSlot([SlotSize]byte{}) != nil {
		t.Fatal("a zero slot is stored")
	}
	if got, err := DecodeSlot(nil); err != nil || got != ([SlotSize]byte{}) {
		t.Fatal("an absent slot is not zero")
	}

	bad := []byte{0xff, 0xff}
	for name, err := range map[string]error{
		"account":  second(DecodeAccount(bad)),
		"evidence": second(DecodeEvidence(bad)),
		"proposal": second(DecodeProposal(bad)),
		"config":   second(DecodeConfig(bad)),
		"identity": second(DecodeIdentity(bad)),
		"nonce":    second(DecodeNonce(bad)),
		"slot":     second(DecodeSlot(bad)),
	} {
		var ce *CorruptError
		if !errors.Is(err, ErrCorrupt) || !errors.As(err, &ce) || ce.What == "" {
			t.Errorf("%s: corrupt value gives %v", name, err)
		}
	}
}

func second[T any](_ T, err error) error { return err }

func TestTypedReads(t *testing.T) {
	m := newMem()
	id := types.Hash(fill(32, 1))
	for name, f := range map[string]func() (any, error){
		"account":  func() (any, error) { return ReadAccount(m, id) },
		"evidence": func() (any, error) { return ReadEvidence(m, id) },
		"proposal": func() (any, error) { return ReadProposal(m, id) },
		"config":   func() (any, error) { return ReadConfig(m) },
	} {
		// Absent: nil, nil.
		if v, err := f(); err != nil || !isNil(v) {
			t.Errorf("%s absent: %v %v", name, v, err)
		}
		// The reader's failure is wrapped.
		m.failGet = true
		if _, err := f(); !errors.Is(err, errDisk) {
			t.Errorf("%s: reader failure gives %v", name, err)
		}
		m.failGet = false
	}
	acct := &types.Account{Id: id[:], Name: "a", Version: 1}
	m.kv[string(AccountKey(id))] = EncodeAccount(acct)
	if a, err := ReadAccount(m, id); err != nil || !proto.Equal(a, acct) {
		t.Fatalf("account: %v %v", a, err)
	}
	// Corrupt values name the key.
	m.kv[string(EvidenceKey(id))] = []byte{0xff}
	_, err := ReadEvidence(m, id)
	var ce *CorruptError
	if !errors.As(err, &ce) || !bytes.Equal(ce.Key, EvidenceKey(id)) || !strings.Contains(err.Error(), hex.EncodeToString(EvidenceKey(id))) {
		t.Fatalf("corrupt evidence: %v", err)
	}

	// The address index.
	addr := [AddressSize]byte(fill(20, 2))
	if _, ok, err := ReadIdentity(m, addr); ok || err != nil {
		t.Fatal("absent index entry found")
	}
	m.kv[string(AddressIndexKey(addr))] = EncodeIdentity(id)
	if got, ok, err := ReadIdentity(m, addr); !ok || err != nil || got != id {
		t.Fatalf("index: %s %v %v", got, ok, err)
	}
	m.kv[string(AddressIndexKey(addr))] = []byte{1, 2, 3}
	if _, _, err := ReadIdentity(m, addr); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("corrupt index: %v", err)
	}
}

func isNil(v any) bool {
	switch v := v.(type) {
	case *types.Account:
		return v == nil
	case *types.Evidence:
		return v == nil
	case *types.ProposalRecord:
		return v == nil
	case *types.ChainConfig:
		return v == nil
	}
	return v == nil
}

func TestScans(t *testing.T) {
	m := newMem()
	for i := byte(3); i > 0; i-- {
		id := types.Hash(fill(32, i))
		m.kv[string(ProposalKey(id))] = EncodeProposal(&types.ProposalRecord{Id: id[:], CreatedHeight: uint64(i)})
	}
	m.kv[string(AccountKey(types.Hash{}))] = EncodeAccount(&types.Account{Name: "not a proposal"})
	var heights []uint64
	if err := ScanProposals(m, func(p *types.ProposalRecord) error { heights = append(heights, p.CreatedHeight); return nil }); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(heights, []uint64{1, 2, 3}) {
		t.Fatalf("proposals in order %v", heights)
	}
	m.kv[string(ProposalKey(types.Hash(fill(32, 9))))] = []byte{0xff}
	if err := ScanProposals(m, func(*types.ProposalRecord) error { return nil }); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("corrupt proposal: %v", err)
	}

	for _, h := range []uint64{300, 0, 7} {
		m.kv[string(ConfigHistoryKey(h))] = []byte(fmt.Sprint(h))
	}
	var got []string
	if err := ScanConfigHistory(m, func(h uint64, v []byte) error { got = append(got, fmt.Sprintf("%d=%s", h, v)); return nil }); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []string{"0=0", "7=7", "300=300"}) {
		t.Fatalf("history %v", got)
	}
	stop := errors.New("stop")
	if err := ScanConfigHistory(m, func(uint64, []byte) error { return stop }); err != stop {
		t.Fatalf("fn's error: %v", err)
	}
	m.kv["cfgh/bad"] = []byte("x")
	if err := ScanConfigHistory(m, func(uint64, []byte) error { return nil }); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("malformed history key: %v", err)
	}
}

// The commitment: the root is a function of the set of pairs (not of
// history, batching or order), every value proves against it, no writes
// keep the root, and an empty value deletes.
func TestCommit(t *testing.T) {
	for _, suite := range []types.Suite{types.Intl, types.GM} {
		t.Run(suite.Name(), func(t *testing.T) {
			rng := rand.New(rand.NewSource(11))
			m := newMem()
			var root []byte
			for blk := 0; blk < 20; blk++ {
				var ws []Write
				for i := 0; i < 1+rng.Intn(30); i++ {
					k := AccountKey(types.Hash{byte(rng.Intn(200))})
					var v []byte
					if rng.Intn(4) > 0 {
						v = fmt.Appendf(nil, "v%d-%d", blk, i)
					}
					ws = append(ws, Write{Key: k, Value: v})
				}
				SortWrites(ws)
				r, nodes, err := Commit(suite, m, root, ws)
				if err != nil {
					t.Fatal(err)
				}
				// Commit's input is the net change: apply in order, last wins.
				m.apply(ws, nodes)
				root = r
			}
			all := make([]Write, 0, len(m.kv))
			for k, v := range m.kv {
				all = append(all, Write{Key: []byte(k), Value: v})
			}
			rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
			r2, _, err := Commit(suite, EmptyTree, nil, all)
			if err != nil || !bytes.Equal(r2, root) {
				t.Fatalf("root depends on history: %v", err)
			}
			tree := Tree(suite, m)
			for k, v := range m.kv {
				got, p, err := tree.Prove(root, []byte(k))
				if err != nil || !bytes.Equal(got, v) {
					t.Fatalf("%x: %q %v", k, got, err)
				}
				if err := smt.Verify(suite.Hasher(), root, []byte(k), v, p); err != nil {
					t.Fatal(err)
				}
			}
			if r, n, err := Commit(suite, m, root, nil); err != nil || !bytes.Equal(r, root) || len(n) != 0 {
				t.Fatal("no writes changed the root")
			}
			some := []byte(slices.Sorted(maps.Keys(m.kv))[0])
			rDel, _, _ := Commit(suite, m, root, []Write{{Key: some}})
			rEmpty, _, _ := Commit(suite, m, root, []Write{{Key: some, Value: []byte{}}})
			if bytes.Equal(rDel, root) || !bytes.Equal(rDel, rEmpty) {
				t.Fatal("deletion")
			}
		})
	}
	// Nodes that are not kept cannot be read back.
	root, _, err := Commit(types.Intl, EmptyTree, nil, []Write{{Key: []byte("a"), Value: []byte("1")}, {Key: []byte("b"), Value: []byte("2")}})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := Commit(types.Intl, EmptyTree, root, []Write{{Key: []byte("c"), Value: []byte("3")}}); !errors.Is(err, smt.ErrMissingNode) {
		t.Fatalf("missing nodes: %v", err)
	}
}

func TestSortWritesIsStable(t *testing.T) {
	ws := []Write{{Key: []byte("b"), Value: []byte("1")}, {Key: []byte("a")}, {Key: []byte("b"), Value: []byte("2")}}
	SortWrites(ws)
	if string(ws[0].Key) != "a" || string(ws[1].Value) != "1" || string(ws[2].Value) != "2" {
		t.Fatalf("sorted %q", ws)
	}
}
