package verify_test

import (
	"fmt"
	"sort"
	"testing"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/state/smt"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify"
	"github.com/causeway/causeway/verify/proofpb"
)

// The helpers below build proofs by hand, outside any node: a chain of
// headers whose state roots are sparse Merkle trees held in memory, signed
// by keys the test owns. Each hostile case starts from a proof that
// verifies and breaks exactly one thing, so that a verifier which stops
// checking that one thing accepts it.

// member is a consensus node the test holds the signing key of.
type member struct {
	id   uint64
	key  crypto.Key
	node types.GenesisNode
}

// signer signs under id with key: a member's own key, or any other key
// under a member's id (a forgery).
type signer struct {
	id  uint64
	key crypto.Key
}

func (m member) as() signer { return signer{m.id, m.key} }

// world is one chain: its CA, its genesis members, and a state tree.
type world struct {
	t     *testing.T
	suite types.Suite
	ca    *pki.CA
	g     *types.Genesis
	v     *verify.Verifier
	nodes *memNodes
	tree  *smt.Tree
}

type memNodes struct{ m map[string][]byte }

func (s *memNodes) GetNode(key []byte) ([]byte, error) { return s.m[string(key)], nil }

// newWorld founds a chain of n members with ids 1..n.
func newWorld(t *testing.T, n int) (*world, []member) {
	t.Helper()
	ca, err := pki.NewCA("org1")
	if err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, suite: types.Intl, ca: ca, nodes: &memNodes{m: map[string][]byte{}}}
	w.tree = smt.New(w.suite.Hasher(), w.nodes)
	w.g = &types.Genesis{ChainID: "hostile-chain", TimeMs: 1_700_000_000_000, Params: types.DefaultParams(),
		Orgs: []types.GenesisOrg{{Name: "org1", CACert: string(ca.CertPEM())}}}
	var ms []member
	for i := 1; i <= n; i++ {
		m := w.member(uint64(i))
		ms = append(ms, m)
		w.g.Nodes = append(w.g.Nodes, m.node)
	}
	w.v, err = verify.New(w.g)
	if err != nil {
		t.Fatal(err)
	}
	return w, ms
}

// member makes a node with a fresh Ed25519 signing key certified by the
// chain's CA.
func (w *world) member(id uint64) member {
	w.t.Helper()
	k, err := crypto.GenerateEd25519()
	if err != nil {
		w.t.Fatal(err)
	}
	cert, err := w.ca.IssueForKey(pki.IssueRequest{CommonName: fmt.Sprintf("node%d", id), Role: pki.RoleNode}, k)
	if err != nil {
		w.t.Fatal(err)
	}
	return member{id: id, key: k, node: types.GenesisNode{ID: id, Org: "org1", Address: "127.0.0.1:1", TLSCert: string(cert), SignCert: string(cert)}}
}

// outsider is a key no configuration knows.
func (w *world) outsider() crypto.Key {
	w.t.Helper()
	k, err := crypto.GenerateEd25519()
	if err != nil {
		w.t.Fatal(err)
	}
	return k
}

// config is the genesis configuration with nodes replaced by ms, at version.
func (w *world) config(version uint64, ms ...member) *types.ChainConfig {
	c := w.g.Config()
	c.Version = version
	c.Nodes = nil
	for _, m := range ms {
		c.Nodes = append(c.Nodes, m.node)
	}
	return c
}

// root builds a tree holding exactly kv and returns its root.
func (w *world) root(kv map[string][]byte) []byte {
	w.t.Helper()
	var ch []smt.KV
	for k, v := range kv {
		ch = append(ch, smt.KV{Key: []byte(k), Value: v})
	}
	sort.Slice(ch, func(i, j int) bool { return string(ch[i].Key) < string(ch[j].Key) })
	r, writes, err := w.tree.Update(nil, ch)
	if err != nil {
		w.t.Fatal(err)
	}
	for _, wr := range writes {
		w.nodes.m[string(wr.Key)] = wr.Value
	}
	return r
}

// prove returns the proof of key (its value or absence) under root.
func (w *world) prove(root []byte, key []byte) *proofpb.SMTProof {
	w.t.Helper()
	_, p, err := w.tree.Prove(root, key)
	if err != nil {
		w.t.Fatal(err)
	}
	return verify.SMTProofOf(p)
}

// header is a block header of this chain at height over root.
func (w *world) header(height uint64, root []byte) *types.BlockHeader {
	prev := w.suite.Sum(fmt.Appendf(nil, "block %d", height-1))
	return &types.BlockHeader{ChainId: w.g.ChainID, Height: height, PrevHash: prev[:], TimeMs: w.g.TimeMs + int64(height)*1000,
		StateRoot: root, TxRoot: w.suite.TxRoot(nil), ReceiptRoot: w.suite.ReceiptRoot(nil)}
}

// sig is s's commit signature over hdr with aux.
func (w *world) sig(hdr *types.BlockHeader, s signer, aux string) *types.QuorumSignature {
	w.t.Helper()
	sig, err := s.key.Sign(w.suite.CommitMessage(w.g.ChainID, hdr.Height, w.suite.HeaderHash(hdr), []byte(aux)))
	if err != nil {
		w.t.Fatal(err)
	}
	return &types.QuorumSignature{Signer: s.id, Signature: sig, Aux: []byte(aux)}
}

// signed is hdr with the commit signatures of ss.
func (w *world) signed(hdr *types.BlockHeader, ss ...signer) *proofpb.SignedHeader {
	sh := &proofpb.SignedHeader{Header: hdr}
	for i, s := range ss {
		sh.Signatures = append(sh.Signatures, w.sig(hdr, s, fmt.Sprint("aux ", i)))
	}
	return sh
}

func signers(ms ...member) []signer {
	out := make([]signer, len(ms))
	for i, m := range ms {
		out[i] = m.as()
	}
	return out
}

// chain is a configuration chain with the given changes, up to to.
func (w *world) chain(to uint64, changes ...*proofpb.ConfigChange) *proofpb.ConfigChain {
	gh := w.g.Hash()
	return &proofpb.ConfigChain{ChainId: w.g.ChainID, GenesisHash: gh[:], ToHeight: to, Changes: changes}
}

// change is a configuration change in force from height h: block h's
// header, over a state holding cfg as both "config" and "cfgh/h", signed
// by ss.
func (w *world) change(h uint64, cfg *types.ChainConfig, ss ...signer) *proofpb.ConfigChange {
	enc := cfg.Encode()
	key := state.ConfigHistoryKey(h)
	root := w.root(map[string][]byte{string(state.ConfigKey()): enc, string(key): enc})
	return &proofpb.ConfigChange{Height: h, Config: enc, Header: w.signed(w.header(h, root), ss...), Proof: w.prove(root, key)}
}

// stateProof proves that key has value after block h-1, with block h
// signed by ss under configuration cfg (the one in force at h), given the
// configuration chain cc.
func (w *world) stateProof(h uint64, cfg *types.ChainConfig, cc *proofpb.ConfigChain, key, value string, ss ...signer) *proofpb.StateProof {
	enc := cfg.Encode()
	kv := map[string][]byte{string(state.ConfigKey()): enc, "acct/alice": []byte("100")}
	if value != "" {
		kv[key] = []byte(value)
	}
	root := w.root(kv)
	return &proofpb.StateProof{Key: []byte(key), Value: []byte(value), Height: h - 1,
		Header:      w.signed(w.header(h, root), ss...),
		Proof:       w.prove(root, []byte(key)),
		Config:      &proofpb.ConfigProof{Config: enc, Proof: w.prove(root, state.ConfigKey())},
		ConfigChain: cc}
}
