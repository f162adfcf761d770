package execution

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/causeway/causeway/store"
	"github.com/causeway/causeway/execution/evm"
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

// GenesisState returns the writes that create g's initial accounts, sorted by
// key, and the genesis state root StateRoot(32 zero bytes, writes). Each
// account gets one auth key of weight AuthThreshold, its balance, status
// NORMAL, version 1 and created height 0. It fails if an account's name, key
// scheme or key is invalid or two accounts share a name.
func GenesisState(g *types.Genesis) ([]store.Write, []byte, error) {
	if g == nil {
		return nil, nil, fmt.Errorf("execution: nil genesis")
	}
	writes := make([]store.Write, 0, len(g.Accounts))
	seen := make(map[types.Hash]string, len(g.Accounts))
	for i, ga := range g.Accounts {
		if err := checkAccountName(ga.Name); err != nil {
			return nil, nil, fmt.Errorf("execution: genesis account %d: %s", i, err.Reason)
		}
		if err := checkPublicKey(ga.Scheme, ga.PublicKey); err != nil {
			return nil, nil, fmt.Errorf("execution: genesis account %q: %s", ga.Name, err.Reason)
		}
		id := g.Suite().AccountID(ga.Name)
		if prev, ok := seen[id]; ok {
			return nil, nil, fmt.Errorf("execution: genesis accounts %q and %q have the same identity", prev, ga.Name)
		}
		seen[id] = ga.Name
		acct := newAccount(id, ga.Name, ga.Scheme, ga.PublicKey, 0)
		acct.Balance = ga.Balance
		writes = append(writes, store.Write{Key: AccountKey(id), Value: encode(acct)},
			store.Write{Key: evm.IndexKey(evm.AddressOf(id)), Value: id.Bytes()})
	}
	writes = append(writes, store.Write{Key: []byte(ConfigKey), Value: g.Config().Encode()})
	sortWrites(writes)
	return writes, StateRoot(g.Suite(), make([]byte, types.HashSize), writes), nil
}

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

// StateRoot returns the interim state commitment after applying writes to the
// state committed by prev:
//
//	SHA-256(prev || for each write in ascending key order:
//	        uint32be(len key) || key || flag || uint32be(len value) || value)
//
// where flag is 1 for a present value and 0 for a deletion (whose value is
// then empty). Writes are hashed in key order whatever order they are passed
// in; they should hold one write per key (Result.Writes and GenesisState
// do). Every block changes the root, even one without writes. This chained
// digest detects divergence between nodes but supports no proofs; a sparse
// Merkle tree replaces it later.
func StateRoot(suite types.Suite, prev []byte, writes []store.Write) []byte {
	if !slices.IsSortedFunc(writes, compareWrites) {
		writes = slices.Clone(writes)
		sortWrites(writes)
	}
	h := suite.NewHash()
	h.Write(prev)
	var n [4]byte
	for _, w := range writes {
		binary.BigEndian.PutUint32(n[:], uint32(len(w.Key)))
		h.Write(n[:])
		h.Write(w.Key)
		if w.Value == nil {
			h.Write([]byte{0})
		} else {
			h.Write([]byte{1})
		}
		binary.BigEndian.PutUint32(n[:], uint32(len(w.Value)))
		h.Write(n[:])
		h.Write(w.Value)
	}
	return h.Sum(nil)
}

func compareWrites(a, b store.Write) int { return bytes.Compare(a.Key, b.Key) }

// sortWrites sorts by key; the sort is stable so that equal keys keep their
// order, which keeps even malformed input deterministic.
func sortWrites(ws []store.Write) { slices.SortStableFunc(ws, compareWrites) }
