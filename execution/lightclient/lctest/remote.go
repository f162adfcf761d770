// Package lctest is test support for light clients: Remote, a Causeway
// chain simulated in memory (its genesis, node keys, configuration changes,
// state tree, transactions and receipts), whose signed headers, updates and
// proofs have exactly the shape a node serves (package chain), so that the
// light client's tests can make valid ones and break exactly one thing.
// It is not for production code.
package lctest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify"
	"github.com/causeway/causeway/verify/proofpb"
	"google.golang.org/protobuf/proto"
)

// Member is a consensus node of the remote chain whose signing key the test
// holds.
type Member struct {
	ID   uint64
	Org  string
	Key  crypto.Key
	Node types.GenesisNode
}

// Remote is a simulated Causeway chain. Block h's header carries the state
// root after block h-1 and the receipt root of block h-1, as on a real
// chain; a configuration change made in block h is in force from h+1.
type Remote struct {
	T       testing.TB
	Suite   types.Suite
	Genesis *types.Genesis
	CAs     map[string]*pki.CA
	// Members holds every node ever made, by id (removed ones included:
	// their keys can still sign forgeries).
	Members map[uint64]*Member
	// User signs the chain's transactions.
	User crypto.Key

	nodes   map[string][]byte
	kv      map[string][]byte
	root    []byte // state root after the last block
	headers []*types.BlockHeader
	txs     [][]*types.Transaction
	rcpts   [][]*types.Receipt
	// configs[h] is the configuration in force from h (0: genesis).
	configs map[uint64]*types.ChainConfig
	cur     *types.ChainConfig // configuration after the last block
	// pendingConfig is the change the next block makes (Reconfigure).
	pendingConfig *types.ChainConfig
	next          uint64 // next member id
}

type memNodes map[string][]byte

func (m memNodes) StateNode(k []byte) ([]byte, error) { return m[string(k)], nil }

// NewRemote founds a chain with one org and one consensus node per org,
// node i of org "r<i>", and commits its genesis block (height 0).
func NewRemote(t testing.TB, chainID string, orgs int) *Remote {
	t.Helper()
	r := &Remote{T: t, Suite: types.Intl, CAs: map[string]*pki.CA{}, Members: map[uint64]*Member{},
		nodes: map[string][]byte{}, kv: map[string][]byte{}, configs: map[uint64]*types.ChainConfig{}, next: 1}
	user, err := crypto.GenerateEd25519()
	if err != nil {
		t.Fatal(err)
	}
	r.User = user
	g := &types.Genesis{ChainID: chainID, TimeMs: 1_700_000_000_000, Crypto: "intl", Params: types.DefaultParams()}
	for i := 1; i <= orgs; i++ {
		org := fmt.Sprintf("r%d", i)
		r.org(org)
		g.Orgs = append(g.Orgs, types.GenesisOrg{Name: org, CACert: string(r.CAs[org].CertPEM())})
		m := r.NewMember(org)
		g.Nodes = append(g.Nodes, m.Node)
	}
	g.Accounts = []types.GenesisAccount{{Name: "user", Scheme: user.Scheme(), PublicKey: user.PublicKey(), Balance: 1000}}
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
	r.Genesis = g
	r.cur = g.Config()
	r.configs[0] = r.cur
	// Block 0 commits the genesis state.
	enc := r.cur.Encode()
	r.kv[string(state.ConfigKey())] = enc
	r.headers = append(r.headers, &types.BlockHeader{ChainId: chainID, Height: 0, TimeMs: g.TimeMs,
		TxRoot: r.Suite.TxRoot(nil), StateRoot: nil, ReceiptRoot: r.Suite.ReceiptRoot(nil)})
	r.txs = append(r.txs, nil)
	r.rcpts = append(r.rcpts, nil)
	r.commitState(map[string][]byte{string(state.ConfigKey()): enc})
	return r
}

func (r *Remote) org(name string) *pki.CA {
	if ca := r.CAs[name]; ca != nil {
		return ca
	}
	ca, err := pki.NewCA(name)
	if err != nil {
		r.T.Fatal(err)
	}
	r.CAs[name] = ca
	return ca
}

// NewMember makes a node of org (creating its CA if needed) with fresh
// signing and TLS keys; it is in no configuration until one names it.
func (r *Remote) NewMember(org string) *Member {
	r.T.Helper()
	ca := r.org(org)
	id := r.next
	r.next++
	sign, err := crypto.GenerateEd25519()
	if err != nil {
		r.T.Fatal(err)
	}
	tlsKey, err := crypto.GenerateEd25519()
	if err != nil {
		r.T.Fatal(err)
	}
	signCert, err := ca.IssueForKey(pki.IssueRequest{CommonName: fmt.Sprintf("node%d-sign", id), Role: pki.RoleNode}, sign)
	if err != nil {
		r.T.Fatal(err)
	}
	tlsCert, err := ca.IssueForKey(pki.IssueRequest{CommonName: fmt.Sprintf("node%d", id), Role: pki.RoleNode}, tlsKey)
	if err != nil {
		r.T.Fatal(err)
	}
	m := &Member{ID: id, Org: org, Key: sign, Node: types.GenesisNode{ID: id, Org: org, Address: fmt.Sprintf("127.0.0.1:%d", 20000+id),
		TLSCert: string(tlsCert), SignCert: string(signCert)}}
	r.Members[id] = m
	return m
}

// GenesisJSON returns the genesis in its canonical encoding.
func (r *Remote) GenesisJSON() []byte {
	b, err := json.Marshal(r.Genesis)
	if err != nil {
		r.T.Fatal(err)
	}
	return b
}

// Register is the register_light_client action for this chain.
func (r *Remote) Register() *types.RegisterLightClient {
	gh := r.Genesis.Hash()
	return &types.RegisterLightClient{ChainId: r.Genesis.ChainID, Genesis: r.GenesisJSON(), GenesisHash: gh[:], Crypto: r.Suite.Name()}
}

// Height is the last block's height.
func (r *Remote) Height() uint64 { return uint64(len(r.headers) - 1) }

// Header returns block h's header.
func (r *Remote) Header(h uint64) *types.BlockHeader { return r.headers[h] }

// ConfigAt returns the configuration in force at height h.
func (r *Remote) ConfigAt(h uint64) *types.ChainConfig {
	var best uint64
	for k := range r.configs {
		if k <= h && k >= best {
			best = k
		}
	}
	return r.configs[best]
}

// Changes returns the heights of the configuration changes, ascending.
func (r *Remote) Changes() []uint64 {
	var hs []uint64
	for h := range r.configs {
		if h > 0 {
			hs = append(hs, h)
		}
	}
	slices.Sort(hs)
	return hs
}

// Reconfigure makes the next block change the configuration: the new node
// set is nodes (member ids; new orgs get their CA added), in force from the
// block after it. It returns that height.
func (r *Remote) Reconfigure(nodes ...uint64) uint64 {
	r.T.Helper()
	c := r.cur.Clone()
	c.Version++
	c.Nodes = nil
	orgs := map[string]bool{}
	for _, id := range nodes {
		m := r.Members[id]
		c.Nodes = append(c.Nodes, m.Node)
		orgs[m.Org] = true
	}
	var kept []types.OrgConfig
	for _, o := range c.Orgs {
		if orgs[o.Name] {
			kept = append(kept, o)
			delete(orgs, o.Name)
		}
	}
	for _, o := range slices.Sorted(maps.Keys(orgs)) {
		kept = append(kept, types.OrgConfig{Name: o, CACert: string(r.CAs[o].CertPEM()), Admin: types.AdminAccountName(o)})
	}
	c.Orgs = kept
	c.Normalize()
	r.pendingConfig = c
	return r.Height() + 2
}

// Block commits the next block with txs (signed by User; made with Tx) and
// the state writes (key -> value, empty value deletes). It returns its
// height.
func (r *Remote) Block(txs []*types.Transaction, writes map[string][]byte) uint64 {
	r.T.Helper()
	h := uint64(len(r.headers))
	prev := r.headers[h-1]
	ph := r.Suite.HeaderHash(prev)
	hashes := make([]types.Hash, len(txs))
	for i, tx := range txs {
		hashes[i] = r.Suite.TxHash(tx)
	}
	hdr := &types.BlockHeader{ChainId: r.Genesis.ChainID, Height: h, PrevHash: ph[:], TimeMs: r.Genesis.TimeMs + int64(h)*1000,
		TxRoot: r.Suite.TxRoot(hashes), StateRoot: bytes.Clone(r.root), ReceiptRoot: r.Suite.ReceiptRoot(r.rcpts[h-1]),
		TxCount: uint32(len(txs)), Proposer: r.ConfigAt(h).Nodes[0].ID}
	r.headers = append(r.headers, hdr)
	r.txs = append(r.txs, txs)
	rcpts := make([]*types.Receipt, len(txs))
	for i := range txs {
		rcpts[i] = &types.Receipt{TxHash: hashes[i].Bytes(), Status: types.ReceiptStatus_SUCCESS, Height: h, Index: uint32(i)}
	}
	r.rcpts = append(r.rcpts, rcpts)
	ws := maps.Clone(writes)
	if ws == nil {
		ws = map[string][]byte{}
	}
	if c := r.pendingConfig; c != nil {
		enc := c.Encode()
		ws[string(state.ConfigKey())] = enc
		ws[string(state.ConfigHistoryKey(h+1))] = enc
		r.configs[h+1] = c
		r.cur = c
		r.pendingConfig = nil
	}
	r.commitState(ws)
	return h
}

// Blocks commits n empty blocks and returns the last height.
func (r *Remote) Blocks(n int) uint64 {
	for i := 0; i < n; i++ {
		r.Block(nil, nil)
	}
	return r.Height()
}

func (r *Remote) commitState(ws map[string][]byte) {
	var writes []state.Write
	for _, k := range slices.Sorted(maps.Keys(ws)) {
		v := ws[k]
		if len(v) == 0 {
			delete(r.kv, k)
			v = nil
		} else {
			r.kv[k] = v
		}
		writes = append(writes, state.Write{Key: []byte(k), Value: v})
	}
	root, nodes, err := state.Commit(r.Suite, memNodes(r.nodes), r.root, writes)
	if err != nil {
		r.T.Fatal(err)
	}
	for _, n := range nodes {
		r.nodes[string(n.Key)] = n.Value
	}
	r.root = root
}

// Tx returns a transaction of the chain signed by User, with the given
// nonce, ready for Block.
func (r *Remote) Tx(typ types.TxType, payload []byte, nonce uint64) *types.Transaction {
	r.T.Helper()
	user := r.Suite.AccountID("user")
	tx, err := r.Suite.NewTx(&types.TxBody{ChainId: r.Genesis.ChainID, Sender: user[:], TimestampMs: r.Genesis.TimeMs, ValidityMs: 60_000,
		Type: typ, Payload: payload, Nonce: nonce}, r.User)
	if err != nil {
		r.T.Fatal(err)
	}
	return tx
}

// InForce returns the members of the configuration in force at h.
func (r *Remote) InForce(h uint64) []*Member {
	var out []*Member
	for _, n := range r.ConfigAt(h).Nodes {
		out = append(out, r.Members[n.ID])
	}
	return out
}

// Sign returns block h's header with the commit signatures of signers
// (all of the node set in force at h when none are given).
func (r *Remote) Sign(h uint64, signers ...*Member) *proofpb.SignedHeader {
	return r.SignHeader(r.headers[h], signers...)
}

// SignHeader signs hdr (any header, a forged one included) with signers,
// or with the node set in force at its height.
func (r *Remote) SignHeader(hdr *types.BlockHeader, signers ...*Member) *proofpb.SignedHeader {
	r.T.Helper()
	if len(signers) == 0 {
		signers = r.InForce(hdr.Height)
	}
	sh := &proofpb.SignedHeader{Header: hdr}
	hh := r.Suite.HeaderHash(hdr)
	for i, m := range signers {
		aux := []byte(fmt.Sprintf("aux %d", i))
		sig, err := m.Key.Sign(r.Suite.CommitMessage(hdr.ChainId, hdr.Height, hh, aux))
		if err != nil {
			r.T.Fatal(err)
		}
		sh.Signatures = append(sh.Signatures, &types.QuorumSignature{Signer: m.ID, Signature: sig, Aux: aux})
	}
	return sh
}

// Prove returns the value of key under root and its proof.
func (r *Remote) Prove(root, key []byte) ([]byte, *proofpb.SMTProof) {
	r.T.Helper()
	v, p, err := state.Tree(r.Suite, memNodes(r.nodes)).Prove(root, key)
	if err != nil {
		r.T.Fatal(err)
	}
	return v, verify.SMTProofOf(p)
}

// ConfigProof proves the configuration in force at hdr's height under its
// state root.
func (r *Remote) ConfigProof(hdr *types.BlockHeader) *proofpb.ConfigProof {
	v, p := r.Prove(hdr.StateRoot, state.ConfigKey())
	return &proofpb.ConfigProof{Config: v, Proof: p}
}

// Chain returns the configuration chain up to to: every change at or below
// it, each with block h's header signed by the node set in force at h.
func (r *Remote) Chain(to uint64) *proofpb.ConfigChain {
	gh := r.Genesis.Hash()
	c := &proofpb.ConfigChain{ChainId: r.Genesis.ChainID, GenesisHash: gh[:], ToHeight: to}
	for _, h := range r.Changes() {
		if h > to {
			break
		}
		c.Changes = append(c.Changes, r.Change(h))
	}
	return c
}

// Change returns the configuration change in force from h, signed by the
// new node set (or signers).
func (r *Remote) Change(h uint64, signers ...*Member) *proofpb.ConfigChange {
	hdr := r.headers[h]
	v, p := r.Prove(hdr.StateRoot, state.ConfigHistoryKey(h))
	if v == nil {
		r.T.Fatalf("no configuration change at height %d", h)
	}
	return &proofpb.ConfigChange{Height: h, Config: v, Header: r.Sign(h, signers...), Proof: p}
}

// Update is the update of a light client with block h's header, signed by
// the node set in force, with the configuration chain up to h.
func (r *Remote) Update(h uint64) *proofpb.LightClientUpdate {
	hdr := r.headers[h]
	return &proofpb.LightClientUpdate{ChainId: r.Genesis.ChainID, Header: r.Sign(h), Config: r.ConfigProof(hdr), ConfigChain: r.Chain(h)}
}

// TxProof proves transaction i of block h; it needs block h+1.
func (r *Remote) TxProof(h uint64, i int) *proofpb.TxProof {
	r.T.Helper()
	txs, rcpts := r.txs[h], r.rcpts[h]
	hashes := make([][]byte, len(txs))
	encs := make([][]byte, len(rcpts))
	for j := range txs {
		th := r.Suite.TxHash(txs[j])
		hashes[j] = th[:]
		encs[j] = types.EncodeReceipt(rcpts[j])
	}
	tp, err := r.Suite.Merkle().Prove(hashes, i)
	if err != nil {
		r.T.Fatal(err)
	}
	rp, err := r.Suite.Merkle().Prove(encs, i)
	if err != nil {
		r.T.Fatal(err)
	}
	next := r.headers[h+1]
	return &proofpb.TxProof{Tx: txs[i], Receipt: rcpts[i], Header: r.headers[h], TxProof: verify.MerkleProofOf(tp),
		Next: r.Sign(h + 1), ReceiptProof: verify.MerkleProofOf(rp), Config: r.ConfigProof(next), ConfigChain: r.Chain(h + 1)}
}

// Forge returns a header like block h's but over a state holding exactly kv
// (plus the configuration in force at h when kv has no "config"), and
// with its time moved by dt ms: a block the chain never made. Sign it with
// SignHeader.
func (r *Remote) Forge(h uint64, dt int64, kv map[string][]byte) *types.BlockHeader {
	r.T.Helper()
	kv = maps.Clone(kv)
	if kv == nil {
		kv = map[string][]byte{}
	}
	if _, ok := kv[string(state.ConfigKey())]; !ok {
		kv[string(state.ConfigKey())] = r.ConfigAt(h).Encode()
	}
	var writes []state.Write
	for _, k := range slices.Sorted(maps.Keys(kv)) {
		writes = append(writes, state.Write{Key: []byte(k), Value: kv[k]})
	}
	root, nodes, err := state.Commit(r.Suite, memNodes(r.nodes), nil, writes)
	if err != nil {
		r.T.Fatal(err)
	}
	for _, n := range nodes {
		r.nodes[string(n.Key)] = n.Value
	}
	f := proto.Clone(r.headers[h]).(*types.BlockHeader)
	f.StateRoot = root
	f.TimeMs += dt
	return f
}

// ForgedUpdate is the update carrying a forged header: signed by signers,
// with the configuration in force proven under its own state root, and the
// configuration chain chain.
func (r *Remote) ForgedUpdate(hdr *types.BlockHeader, chain *proofpb.ConfigChain, signers ...*Member) *proofpb.LightClientUpdate {
	return &proofpb.LightClientUpdate{ChainId: r.Genesis.ChainID, Header: r.SignHeader(hdr, signers...), Config: r.ConfigProof(hdr), ConfigChain: chain}
}
