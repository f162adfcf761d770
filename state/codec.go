package state

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/causeway/causeway/types"
	"google.golang.org/protobuf/proto"
)

// ErrCorrupt is wrapped by every error that reports a stored value that does
// not decode: the state is damaged, or was not written by this layout. It
// is an internal failure, never the fault of a transaction.
var ErrCorrupt = errors.New("state: stored value is corrupt")

// CorruptError reports a stored value that does not decode. errors.Is(err,
// ErrCorrupt) holds for it.
type CorruptError struct {
	// What names the kind of value ("account", "evidence", ...).
	What string
	// Key is the state key it was read from; nil when the decoder was given
	// only the value.
	Key []byte
	// Err is why it does not decode.
	Err error
}

func (e *CorruptError) Error() string {
	if e.Key != nil {
		return fmt.Sprintf("state: stored %s under %x is corrupt: %v", e.What, e.Key, e.Err)
	}
	return fmt.Sprintf("state: stored %s is corrupt: %v", e.What, e.Err)
}

// Is makes errors.Is(err, ErrCorrupt) hold.
func (e *CorruptError) Is(target error) bool { return target == ErrCorrupt }

// Unwrap returns the decoding error.
func (e *CorruptError) Unwrap() error { return e.Err }

func corrupt(what string, err error) error { return &CorruptError{What: what, Err: err} }

// deterministic is the one encoding of protobuf values: deterministic
// protobuf, so that every node stores the same bytes.
var deterministic = proto.MarshalOptions{Deterministic: true}

func encodeProto(m proto.Message) []byte {
	b, err := deterministic.Marshal(m)
	if err != nil {
		// Stored messages are plain scalars, bytes and lists: they always
		// encode. Failing here is a programming error.
		panic(fmt.Sprintf("state: encode %T: %v", m, err))
	}
	return b
}

func decodeProto[M proto.Message](what string, b []byte, m M) (M, error) {
	if err := proto.Unmarshal(b, m); err != nil {
		var zero M
		return zero, corrupt(what, err)
	}
	return m, nil
}

// EncodeAccount returns the stored form of a: deterministic protobuf.
func EncodeAccount(a *types.Account) []byte { return encodeProto(a) }

// DecodeAccount decodes a stored account; the result does not alias b.
func DecodeAccount(b []byte) (*types.Account, error) {
	return decodeProto("account", b, &types.Account{})
}

// EncodeEvidence returns the stored form of ev: deterministic protobuf.
func EncodeEvidence(ev *types.Evidence) []byte { return encodeProto(ev) }

// DecodeEvidence decodes a stored evidence record; the result does not
// alias b.
func DecodeEvidence(b []byte) (*types.Evidence, error) {
	return decodeProto("evidence", b, &types.Evidence{})
}

// EncodeSealed returns the stored form of r: deterministic protobuf.
func EncodeSealed(r *types.SealedRecord) []byte { return encodeProto(r) }

// DecodeSealed decodes a stored sealed payload record; the result does not
// alias b.
func DecodeSealed(b []byte) (*types.SealedRecord, error) {
	return decodeProto("sealed payload record", b, &types.SealedRecord{})
}

// EncodeProposal returns the stored form of p: deterministic protobuf.
func EncodeProposal(p *types.ProposalRecord) []byte { return encodeProto(p) }

// DecodeProposal decodes a stored proposal record; the result does not
// alias b.
func DecodeProposal(b []byte) (*types.ProposalRecord, error) {
	return decodeProto("proposal", b, &types.ProposalRecord{})
}

// EncodeConfig returns the stored form of c, under the config key and in
// the configuration history: its canonical JSON (ChainConfig.Encode).
func EncodeConfig(c *types.ChainConfig) []byte { return c.Encode() }

// DecodeConfig decodes a stored configuration.
func DecodeConfig(b []byte) (*types.ChainConfig, error) {
	c, err := types.DecodeConfig(b)
	if err != nil {
		return nil, corrupt("configuration", err)
	}
	return c, nil
}

// EncodeIdentity returns the stored form of an address index entry: the
// account id's 32 bytes.
func EncodeIdentity(id types.Hash) []byte { return id.Bytes() }

// DecodeIdentity decodes an address index entry.
func DecodeIdentity(b []byte) (types.Hash, error) {
	id, err := types.HashOf(b)
	if err != nil {
		return id, corrupt("address index entry", err)
	}
	return id, nil
}

// EncodeNonce returns the stored form of an EVM nonce: 8 bytes big-endian,
// or nil (no key: delete it) for 0.
func EncodeNonce(n uint64) []byte {
	if n == 0 {
		return nil
	}
	return binary.BigEndian.AppendUint64(nil, n)
}

// EncodeAuditMark returns the stored form of an audit mark: the sequence
// number of the auditor's first opening of the item, always 8 bytes (never
// empty: an empty value is an absent key).
func EncodeAuditMark(seq uint64) []byte { return binary.BigEndian.AppendUint64(nil, seq) }

// DecodeAuditMark decodes a stored audit mark.
func DecodeAuditMark(b []byte) (uint64, error) {
	if len(b) != 8 {
		return 0, fmt.Errorf("audit mark: %d bytes, want 8", len(b))
	}
	return binary.BigEndian.Uint64(b), nil
}

// DecodeNonce decodes a stored EVM nonce; an absent value (nil or empty) is 0.
func DecodeNonce(b []byte) (uint64, error) {
	switch len(b) {
	case 0:
		return 0, nil
	case 8:
		return binary.BigEndian.Uint64(b), nil
	}
	return 0, corrupt("nonce", fmt.Errorf("%d bytes, not 8", len(b)))
}

// EncodeSlot returns the stored form of an EVM storage value: its 32 bytes,
// or nil (no key: delete it) for zero.
func EncodeSlot(v [SlotSize]byte) []byte {
	if v == [SlotSize]byte{} {
		return nil
	}
	return append([]byte(nil), v[:]...)
}

// DecodeSlot decodes a stored EVM storage value; an absent value (nil or
// empty) is zero.
func DecodeSlot(b []byte) ([SlotSize]byte, error) {
	var v [SlotSize]byte
	switch len(b) {
	case 0:
		return v, nil
	case SlotSize:
		return [SlotSize]byte(b), nil
	}
	return v, corrupt("storage value", fmt.Errorf("%d bytes, not %d", len(b), SlotSize))
}

// EncodeToken returns the stored form of a confidential token.
func EncodeToken(t *types.Token) []byte { return encodeProto(t) }

// DecodeToken decodes a stored confidential token.
func DecodeToken(b []byte) (*types.Token, error) { return decodeProto("token", b, &types.Token{}) }

// EncodeTokenBalance returns the stored form of a token balance.
func EncodeTokenBalance(t *types.TokenBalance) []byte { return encodeProto(t) }

// DecodeTokenBalance decodes a stored token balance.
func DecodeTokenBalance(b []byte) (*types.TokenBalance, error) {
	return decodeProto("token balance", b, &types.TokenBalance{})
}

// EncodeTokenOutput returns the stored form of a token output.
func EncodeTokenOutput(t *types.TokenOutputRecord) []byte { return encodeProto(t) }

// DecodeTokenOutput decodes a stored token output.
func DecodeTokenOutput(b []byte) (*types.TokenOutputRecord, error) {
	return decodeProto("token output", b, &types.TokenOutputRecord{})
}

// EncodeAudit returns the stored form of an audit record.
func EncodeAudit(r *types.AuditRecord) []byte { return encodeProto(r) }

// DecodeAudit decodes a stored audit record.
func DecodeAudit(b []byte) (*types.AuditRecord, error) {
	return decodeProto("audit record", b, &types.AuditRecord{})
}
