package state

import (
	"errors"
	"fmt"

	"github.com/causeway/causeway/types"
)

// Getter reads one key of a state: the committed state (the store and its
// snapshots implement it), or a view of it with pending writes. Get returns
// nil, nil when the key is absent. This package never modifies a returned
// value, and keeps none after a call returns.
type Getter interface {
	Get(key []byte) ([]byte, error)
}

// Scanner lists the entries of a state whose keys start with a prefix, in
// ascending key order (store.Snapshot implements it). key and value are
// valid only during the call of fn; an error from fn stops the scan and is
// returned.
type Scanner interface {
	Scan(prefix []byte, fn func(key, value []byte) error) error
}

// read gets key from r and decodes it with decode; it returns the zero M and
// a nil error when the key is absent. Errors name what and key.
func read[M any](r Getter, what string, k []byte, decode func([]byte) (M, error)) (M, error) {
	var zero M
	b, err := r.Get(k)
	if err != nil {
		return zero, fmt.Errorf("state: read %s %x: %w", what, k, err)
	}
	if b == nil {
		return zero, nil
	}
	m, err := decode(b)
	if err != nil {
		return zero, withKey(err, k)
	}
	return m, nil
}

// withKey records k in a CorruptError.
func withKey(err error, k []byte) error {
	var ce *CorruptError
	if errors.As(err, &ce) && ce.Key == nil {
		ce.Key = append([]byte(nil), k...)
	}
	return err
}

// ReadAccount reads account id; nil, nil if it does not exist. It fails if
// r fails or the stored value does not decode (ErrCorrupt).
// Cost: one Get and a protobuf decode.
func ReadAccount(r Getter, id types.Hash) (*types.Account, error) {
	return read(r, "account", AccountKey(id), DecodeAccount)
}

// ReadEvidence reads evidence id; nil, nil if there is none.
func ReadEvidence(r Getter, id types.Hash) (*types.Evidence, error) {
	return read(r, "evidence", EvidenceKey(id), DecodeEvidence)
}

// ReadSealed reads the record of sealed payload id; nil, nil if there is
// none.
func ReadSealed(r Getter, id types.Hash) (*types.SealedRecord, error) {
	return read(r, "sealed payload record", SealedKey(id), DecodeSealed)
}

// ReadProposal reads proposal id; nil, nil if there is none.
func ReadProposal(r Getter, id types.Hash) (*types.ProposalRecord, error) {
	return read(r, "proposal", ProposalKey(id), DecodeProposal)
}

// ReadConfig reads the chain configuration in force; nil, nil if the state
// has none (only states built by hand in tests lack one).
func ReadConfig(r Getter) (*types.ChainConfig, error) {
	return read(r, "configuration", ConfigKey(), DecodeConfig)
}

// ReadIdentity reads the address index: the id of the account whose EVM
// address is addr. ok is false when the index has no entry for addr. It
// does not check that the id maps back to addr; that is the EVM's rule.
func ReadIdentity(r Getter, addr [AddressSize]byte) (id types.Hash, ok bool, err error) {
	k := AddressIndexKey(addr)
	b, err := r.Get(k)
	if err != nil {
		return id, false, fmt.Errorf("state: read address index %x: %w", addr, err)
	}
	if b == nil {
		return id, false, nil
	}
	id, err = DecodeIdentity(b)
	if err != nil {
		return id, false, withKey(err, k)
	}
	return id, true, nil
}

// ScanProposals calls fn with every stored proposal, in ascending id order.
// An error from fn stops the scan and is returned.
// Cost: one range scan over the proposals, each decoded.
func ScanProposals(s Scanner, fn func(*types.ProposalRecord) error) error {
	return s.Scan([]byte(ProposalPrefix), func(k, v []byte) error {
		p, err := DecodeProposal(v)
		if err != nil {
			return withKey(err, k)
		}
		return fn(p)
	})
}

// ScanConfigHistory calls fn with every entry of the configuration history,
// in ascending height order: the height from which a configuration is in
// force, and that configuration in its stored form (DecodeConfig decodes
// it; the slice is valid only during the call). It fails, with ErrCorrupt,
// on a key under ConfigHistoryPrefix that is not a ConfigHistoryKey. An
// error from fn stops the scan and is returned.
// Cost: one range scan over the history; nothing is decoded.
func ScanConfigHistory(s Scanner, fn func(height uint64, config []byte) error) error {
	return s.Scan([]byte(ConfigHistoryPrefix), func(k, v []byte) error {
		h, ok := ParseConfigHistoryKey(k)
		if !ok {
			return &CorruptError{What: "configuration history key", Key: append([]byte(nil), k...), Err: fmt.Errorf("%d bytes, not %d", len(k), len(ConfigHistoryPrefix)+8)}
		}
		return fn(h, v)
	})
}
