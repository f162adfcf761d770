package execution

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/causeway/causeway/execution/evm"
	"github.com/causeway/causeway/state/smt"
	"github.com/causeway/causeway/store"
	"github.com/causeway/causeway/types"
	"google.golang.org/protobuf/proto"
)

// Key prefixes of the flat state. Every state key is a prefix followed by a
// 32-byte identity; the prefixes are distinct and none is a prefix of another.
const (
	// AccountPrefix precedes an account id; the value is a types.Account.
	AccountPrefix = "acct/"
	// EvidencePrefix precedes an evidence id; the value is a types.Evidence.
	EvidencePrefix = "evid/"
	// ProposalPrefix precedes a proposal id; the value is a types.ProposalRecord.
	ProposalPrefix = "gov/"
	// ConfigKey holds the chain configuration (types.ChainConfig, canonical JSON).
	ConfigKey = "config"
	// ConfigHistoryPrefix precedes the big-endian height from which a
	// configuration applies; the value is that configuration. Together with
	// the genesis it gives the node set of every height (for sync, and for
	// verifiers that trust only the genesis).
	ConfigHistoryPrefix = "cfgh/"
)

// ConfigHistoryKey returns the key of the configuration in force from height on.
func ConfigHistoryKey(height uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte(ConfigHistoryPrefix), height)
}

// ProposalKey returns the state key of proposal id.
func ProposalKey(id types.Hash) []byte { return append([]byte(ProposalPrefix), id[:]...) }

// ReadConfig reads the chain configuration; nil, nil if the state has none.
func ReadConfig(r Getter) (*types.ChainConfig, error) {
	b, err := r.Get([]byte(ConfigKey))
	if err != nil {
		return nil, fmt.Errorf("execution: read config: %w", err)
	}
	if b == nil {
		return nil, nil
	}
	return types.DecodeConfig(b)
}

// ReadProposal reads proposal id; nil, nil if absent.
func ReadProposal(r Getter, id types.Hash) (*types.ProposalRecord, error) {
	b, err := r.Get(ProposalKey(id))
	if err != nil || b == nil {
		return nil, err
	}
	p := &types.ProposalRecord{}
	if err := proto.Unmarshal(b, p); err != nil {
		return nil, fmt.Errorf("execution: stored proposal %s is corrupt: %w", id, err)
	}
	return p, nil
}

// Getter reads one key of the committed state; it returns nil, nil when the
// key is absent.
type Getter interface {
	Get(key []byte) ([]byte, error)
}

// AccountKey returns the state key of the account id: AccountPrefix || id.
func AccountKey(id types.Hash) []byte {
	return append([]byte(AccountPrefix), id[:]...)
}

// EvidenceKey returns the state key of the evidence id: EvidencePrefix || id.
func EvidenceKey(id types.Hash) []byte {
	return append([]byte(EvidencePrefix), id[:]...)
}

// ReadAccount reads the account id from r. It returns nil, nil when the
// account does not exist and an error when r fails or the stored value does
// not decode.
func ReadAccount(r Getter, id types.Hash) (*types.Account, error) {
	b, err := r.Get(AccountKey(id))
	if err != nil {
		return nil, fmt.Errorf("execution: read account %s: %w", id, err)
	}
	if b == nil {
		return nil, nil
	}
	return decodeAccount(id, b)
}

// ReadEvidence reads the evidence id (the hash of the transaction that
// deposited it) from r. It returns nil, nil when there is no such evidence.
func ReadEvidence(r Getter, id types.Hash) (*types.Evidence, error) {
	b, err := r.Get(EvidenceKey(id))
	if err != nil {
		return nil, fmt.Errorf("execution: read evidence %s: %w", id, err)
	}
	if b == nil {
		return nil, nil
	}
	ev := &types.Evidence{}
	if err := proto.Unmarshal(b, ev); err != nil {
		return nil, fmt.Errorf("execution: stored evidence %s is corrupt: %w", id, err)
	}
	return ev, nil
}

func decodeAccount(id types.Hash, b []byte) (*types.Account, error) {
	a := &types.Account{}
	if err := proto.Unmarshal(b, a); err != nil {
		return nil, fmt.Errorf("execution: stored account %s is corrupt: %w", id, err)
	}
	return a, nil
}

// decodeInto decodes a stored value.
func decodeInto(b []byte, m proto.Message) error {
	if err := proto.Unmarshal(b, m); err != nil {
		return fmt.Errorf("execution: stored %T is corrupt: %w", m, err)
	}
	return nil
}

// encode is the one encoding of stored values: deterministic protobuf.
func encode(m proto.Message) []byte {
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(m)
	if err != nil {
		// Accounts and evidence are plain scalars, bytes and lists: they
		// always encode. Failing here is a programming error.
		panic(fmt.Sprintf("execution: encode %T: %v", m, err))
	}
	return b
}

// GenesisState returns the state g founds: the writes that create its
// initial accounts and its configuration, sorted by key, the nodes of the
// state tree over them, and its root (CommitState of the writes on the empty
// tree). Each account gets one auth key of weight AuthThreshold, its
// balance, status NORMAL, version 1 and created height 0. It fails if an
// account's name, key scheme or key is invalid or two accounts share a name.
func GenesisState(g *types.Genesis) (writes, nodes []store.Write, root []byte, err error) {
	if g == nil {
		return nil, nil, nil, fmt.Errorf("execution: nil genesis")
	}
	writes = make([]store.Write, 0, 2*len(g.Accounts)+1)
	seen := make(map[types.Hash]string, len(g.Accounts))
	for i, ga := range g.Accounts {
		if err := checkAccountName(ga.Name); err != nil {
			return nil, nil, nil, fmt.Errorf("execution: genesis account %d: %s", i, err.Reason)
		}
		if err := checkPublicKey(ga.Scheme, ga.PublicKey); err != nil {
			return nil, nil, nil, fmt.Errorf("execution: genesis account %q: %s", ga.Name, err.Reason)
		}
		id := g.Suite().AccountID(ga.Name)
		if prev, ok := seen[id]; ok {
			return nil, nil, nil, fmt.Errorf("execution: genesis accounts %q and %q have the same identity", prev, ga.Name)
		}
		seen[id] = ga.Name
		acct := newAccount(id, ga.Name, ga.Scheme, ga.PublicKey, 0)
		acct.Balance = ga.Balance
		writes = append(writes, store.Write{Key: AccountKey(id), Value: encode(acct)},
			store.Write{Key: evm.IndexKey(evm.AddressOf(id)), Value: id.Bytes()})
	}
	writes = append(writes, store.Write{Key: []byte(ConfigKey), Value: g.Config().Encode()})
	sortWrites(writes)
	root, nodes, err = CommitState(g.Suite(), emptyTree{}, nil, writes)
	if err != nil {
		return nil, nil, nil, err
	}
	return writes, nodes, root, nil
}

// emptyTree reads no nodes: the genesis state is built on the empty tree.
type emptyTree struct{}

func (emptyTree) StateNode([]byte) ([]byte, error) { return nil, nil }

// newAccount returns a fresh NORMAL account with a single auth key of weight
// AuthThreshold.
func newAccount(id types.Hash, name string, scheme types.SignatureScheme, pub []byte, height uint64) *types.Account {
	return &types.Account{
		Id:            id.Bytes(),
		Name:          name,
		AuthKeys:      []*types.AuthKey{{Scheme: scheme, PublicKey: bytes.Clone(pub), Weight: AuthThreshold}},
		Status:        types.AccountStatus_ACCOUNT_NORMAL,
		Version:       1,
		CreatedHeight: height,
	}
}

// NodeReader reads the nodes of the state tree (package state/smt) by their
// 32-byte digest, returning nil, nil for a node that is not stored. The
// store's StateNode implements it. The tree never modifies a returned slice
// and keeps none after a call returns.
type NodeReader interface {
	StateNode(digest []byte) ([]byte, error)
}

// CommitState is the state commitment: it applies writes (a nil or empty
// Value deletes its key) to the sparse Merkle tree with root prev (nil or
// empty for the empty tree) and returns the new root and the tree nodes to
// persist with the writes (sorted by digest). The tree maps each state key,
// as bytes, to its stored value, hashed with the suite's hash; its root
// depends only on the resulting set of (key, value) pairs, not on history or
// on the order of writes (for a key written twice the last write wins), and a
// block without writes keeps the root. A present value must be non-empty: a
// write of an empty value commits as a deletion. Reading nodes of prev that
// r does not hold fails with smt.ErrMissingNode. Cost: O(len(writes) x
// log2(number of keys)) node reads and hashes.
func CommitState(suite types.Suite, r NodeReader, prev []byte, writes []store.Write) (root []byte, nodes []store.Write, err error) {
	changes := make([]smt.KV, len(writes))
	for i, w := range writes {
		changes[i] = smt.KV{Key: w.Key, Value: w.Value}
	}
	root, kvs, err := smt.New(suite.Hasher(), treeReader{r}).Update(prev, changes)
	if err != nil {
		return nil, nil, fmt.Errorf("state commitment: %w", err)
	}
	nodes = make([]store.Write, len(kvs))
	for i, kv := range kvs {
		nodes[i] = store.Write{Key: kv.Key, Value: kv.Value}
	}
	return root, nodes, nil
}

// StateTree returns the state tree over the nodes r reads, for reading and
// proving values at any committed root (smt.Tree.Get and Prove).
func StateTree(suite types.Suite, r NodeReader) *smt.Tree {
	return smt.New(suite.Hasher(), treeReader{r})
}

// treeReader adapts a NodeReader to smt.NodeReader.
type treeReader struct{ r NodeReader }

func (t treeReader) GetNode(key []byte) ([]byte, error) { return t.r.StateNode(key) }

func compareWrites(a, b store.Write) int { return bytes.Compare(a.Key, b.Key) }

// sortWrites sorts by key; the sort is stable so that equal keys keep their
// order, which keeps even malformed input deterministic.
func sortWrites(ws []store.Write) { slices.SortStableFunc(ws, compareWrites) }
