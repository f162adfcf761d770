package state

import (
	"bytes"
	"encoding/binary"

	"github.com/causeway/causeway/types"
)

// Key prefixes. Each kind of entry is its prefix followed by the fields the
// package documentation lists; use the key builders rather than the
// prefixes, except to scan one kind of entry.
const (
	// AccountPrefix precedes an account id (32 bytes); the value is a
	// types.Account.
	AccountPrefix = "acct/"
	// EvidencePrefix precedes an evidence id (32 bytes); the value is a
	// types.Evidence.
	EvidencePrefix = "evid/"
	// ProposalPrefix precedes a proposal id (32 bytes); the value is a
	// types.ProposalRecord.
	ProposalPrefix = "gov/"
	// ConfigHistoryPrefix precedes the big-endian height (8 bytes) from which
	// a configuration applies; the value is that configuration. With the
	// genesis it gives the node set of every height (for sync, and for
	// verifiers that trust only the genesis).
	ConfigHistoryPrefix = "cfgh/"
	// AddressIndexPrefix precedes an EVM address (20 bytes); the value is
	// the account id (32 bytes) at that address.
	AddressIndexPrefix = "evma/"
	// CodePrefix precedes the keccak256 hash (32 bytes) of EVM runtime code;
	// the value is the code.
	CodePrefix = "code/"
	// StoragePrefix precedes an EVM address (20 bytes) and a storage slot
	// (32 bytes); the value is the slot's non-zero 32-byte value.
	StoragePrefix = "stor/"
	// NoncePrefix precedes an EVM address (20 bytes); the value is the
	// contract's non-zero EVM nonce, uint64 big-endian.
	NoncePrefix = "evmn/"
	// SealedPrefix precedes a sealed payload's id (32 bytes: the hash of
	// the transaction that carried it); the value is a types.SealedRecord.
	SealedPrefix = "seal/"
	// TokenPrefix precedes a confidential token's id (32 bytes); the value
	// is a types.Token.
	TokenPrefix = "tokn/"
	// TokenBalancePrefix precedes a token id and a holder's account id (32
	// bytes each); the value is a types.TokenBalance.
	TokenBalancePrefix = "tokb/"
	// TokenOutputPrefix precedes a token id, a holder's account id and the
	// output's index (big-endian, 8 bytes); the value is a
	// types.TokenOutputRecord.
	TokenOutputPrefix = "toko/"
	// AuditLogPrefix precedes an audit record's sequence number
	// (big-endian, 8 bytes); the value is a types.AuditRecord.
	AuditLogPrefix = "audl/"
	// AuditedOutputPrefix precedes a token id, a holder's account id and an
	// output index, as in TokenOutputPrefix; the value is the sequence
	// number (uint64 big-endian) of the auditor's first recorded opening of
	// that output. Its presence is what lets an audit-only caller read it.
	AuditedOutputPrefix = "audo/"
	// AuditedSealedPrefix precedes a sealed payload's id; the value is as
	// for AuditedOutputPrefix.
	AuditedSealedPrefix = "auds/"
)

// auditCountKey is the key of the number of audit records.
const auditCountKey = "auditcount"

// configKey is the key of the configuration in force.
const configKey = "config"

// Sizes of the fixed-width key fields.
const (
	// IDSize is the size of an account, evidence or proposal id.
	IDSize = types.HashSize
	// AddressSize is the size of an EVM address.
	AddressSize = 20
	// SlotSize is the size of an EVM storage slot, of its value and of a
	// code hash.
	SlotSize = 32
)

// layout lists every key prefix with the length of what follows it, for
// Kind and the tests. The config key is an exact key, not a prefix.
var layout = []struct {
	prefix string
	rest   int
}{
	{AccountPrefix, IDSize},
	{EvidencePrefix, IDSize},
	{ProposalPrefix, IDSize},
	{ConfigHistoryPrefix, 8},
	{AddressIndexPrefix, AddressSize},
	{CodePrefix, SlotSize},
	{StoragePrefix, AddressSize + SlotSize},
	{NoncePrefix, AddressSize},
	{SealedPrefix, IDSize},
	{TokenPrefix, IDSize},
	{TokenBalancePrefix, 2 * IDSize},
	{TokenOutputPrefix, 2*IDSize + 8},
	{AuditLogPrefix, 8},
	{AuditedOutputPrefix, 2*IDSize + 8},
	{AuditedSealedPrefix, IDSize},
	{LightClientPrefix, IDSize},
	{LightGenesisPrefix, IDSize},
	{LightConfigPrefix, IDSize + 8},
	{LightHeaderPrefix, IDSize + 8},
	{SDPOutboxPrefix, IDSize},
	{SDPAckPrefix, IDSize},
	{SDPSentPrefix, IDSize},
	{SDPReceivedPrefix, IDSize},
	{SDPSendSeqPrefix, IDSize},
	{SDPRecvSeqPrefix, IDSize},
	{SDPPairPrefix, IDSize},
	{configKey, 0},
	{auditCountKey, 0},
	{sdpNonceKey, 0},
}

// key returns prefix || parts, in one allocation.
func key(prefix string, parts ...[]byte) []byte {
	n := len(prefix)
	for _, p := range parts {
		n += len(p)
	}
	b := make([]byte, 0, n)
	b = append(b, prefix...)
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

// AccountKey returns the key of account id: AccountPrefix || id.
func AccountKey(id types.Hash) []byte { return key(AccountPrefix, id[:]) }

// EvidenceKey returns the key of evidence id: EvidencePrefix || id.
func EvidenceKey(id types.Hash) []byte { return key(EvidencePrefix, id[:]) }

// ProposalKey returns the key of proposal id: ProposalPrefix || id.
func ProposalKey(id types.Hash) []byte { return key(ProposalPrefix, id[:]) }

// SealedKey returns the key of sealed payload id: SealedPrefix || id.
func SealedKey(id types.Hash) []byte { return key(SealedPrefix, id[:]) }

// TokenKey returns the key of confidential token id: TokenPrefix || id.
func TokenKey(id types.Hash) []byte { return key(TokenPrefix, id[:]) }

// TokenBalanceKey returns the key of holder's balance of token:
// TokenBalancePrefix || token || holder.
func TokenBalanceKey(token, holder types.Hash) []byte {
	return key(TokenBalancePrefix, token[:], holder[:])
}

// TokenOutputKey returns the key of holder's output index of token:
// TokenOutputPrefix || token || holder || uint64be(index).
func TokenOutputKey(token, holder types.Hash, index uint64) []byte {
	return key(TokenOutputPrefix, token[:], holder[:], binary.BigEndian.AppendUint64(nil, index))
}

// AuditLogKey returns the key of audit record seq: AuditLogPrefix ||
// uint64be(seq).
func AuditLogKey(seq uint64) []byte {
	return key(AuditLogPrefix, binary.BigEndian.AppendUint64(nil, seq))
}

// AuditedOutputKey returns the key of the auditor's first opening of
// holder's output index of token: AuditedOutputPrefix || token || holder ||
// uint64be(index).
func AuditedOutputKey(token, holder types.Hash, index uint64) []byte {
	return key(AuditedOutputPrefix, token[:], holder[:], binary.BigEndian.AppendUint64(nil, index))
}

// AuditedSealedKey returns the key of the auditor's first opening of sealed
// payload id: AuditedSealedPrefix || id.
func AuditedSealedKey(id types.Hash) []byte { return key(AuditedSealedPrefix, id[:]) }

// AuditedKeyOf returns the key that records the auditor's opening of the
// item stored under k (a token output or a sealed payload); ok is false for
// any other key.
func AuditedKeyOf(k []byte) (audited []byte, ok bool) {
	if rest, found := bytes.CutPrefix(k, []byte(TokenOutputPrefix)); found && len(rest) == 2*IDSize+8 {
		return key(AuditedOutputPrefix, rest), true
	}
	if rest, found := bytes.CutPrefix(k, []byte(SealedPrefix)); found && len(rest) == IDSize {
		return key(AuditedSealedPrefix, rest), true
	}
	return nil, false
}

// AuditReadable reports whether k is a key a caller that only audits may
// always read: the configuration, the number of audit records and an audit
// record.
func AuditReadable(k []byte) bool {
	if string(k) == configKey || string(k) == auditCountKey {
		return true
	}
	rest, found := bytes.CutPrefix(k, []byte(AuditLogPrefix))
	return found && len(rest) == 8
}

// AuditCountKey returns the key of the number of audit records (its value
// is EncodeNonce of the count; absent = 0). The caller owns the slice.
func AuditCountKey() []byte { return []byte(auditCountKey) }

// ConfigKey returns the key of the chain configuration in force. The caller
// owns the returned slice.
func ConfigKey() []byte { return []byte(configKey) }

// ConfigHistoryKey returns the key of the configuration in force from height
// on: ConfigHistoryPrefix || uint64be(height).
func ConfigHistoryKey(height uint64) []byte {
	b := make([]byte, 0, len(ConfigHistoryPrefix)+8)
	b = append(b, ConfigHistoryPrefix...)
	return binary.BigEndian.AppendUint64(b, height)
}

// ParseConfigHistoryKey returns the height of a ConfigHistoryKey; ok is
// false if k is not one.
func ParseConfigHistoryKey(k []byte) (height uint64, ok bool) {
	if len(k) != len(ConfigHistoryPrefix)+8 || string(k[:len(ConfigHistoryPrefix)]) != ConfigHistoryPrefix {
		return 0, false
	}
	return binary.BigEndian.Uint64(k[len(ConfigHistoryPrefix):]), true
}

// AddressIndexKey returns the key of the reverse index entry of the EVM
// address addr: AddressIndexPrefix || addr.
func AddressIndexKey(addr [AddressSize]byte) []byte { return key(AddressIndexPrefix, addr[:]) }

// CodeKey returns the key of the EVM code whose keccak256 hash is
// codeHash: CodePrefix || codeHash.
func CodeKey(codeHash [SlotSize]byte) []byte { return key(CodePrefix, codeHash[:]) }

// StorageKey returns the key of storage slot of the contract at addr:
// StoragePrefix || addr || slot.
func StorageKey(addr [AddressSize]byte, slot [SlotSize]byte) []byte {
	return key(StoragePrefix, addr[:], slot[:])
}

// NonceKey returns the key of the EVM nonce of the contract at addr:
// NoncePrefix || addr.
func NonceKey(addr [AddressSize]byte) []byte { return key(NoncePrefix, addr[:]) }

// Kind returns the prefix of the kind of entry k is (the config key for the
// configuration), or "" if k is not a well-formed state key.
func Kind(k []byte) string {
	for _, l := range layout {
		if len(k) == len(l.prefix)+l.rest && string(k[:len(l.prefix)]) == l.prefix {
			return l.prefix
		}
	}
	return ""
}
