package seal

import (
	"bytes"
	"encoding/binary"
	"fmt"

	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/crypto/seal/sealpb"
)

// Envelope is a sealed payload: the protobuf message causeway.v1.
// SealedEnvelope (proto/causeway/v1/seal.proto). Seal and AddReaders make
// them, Marshal and Unmarshal convert them to and from their canonical
// bytes, Open reads them. Open and Marshal check an Envelope built or
// altered by hand as strictly as Unmarshal does.
type Envelope = sealpb.SealedEnvelope

// Entry is one reader's wrapped data key inside an Envelope.
type Entry = sealpb.SealedRecipient

// Format limits and sizes.
const (
	// Version is the envelope format version this package writes and reads.
	Version = 1
	// MaxRecipients bounds the readers of one envelope.
	MaxRecipients = 256
	// DefaultMaxPayload is the plaintext size limit of Seal and Unmarshal
	// when none is given.
	DefaultMaxPayload = 4 << 20
	// MaxPayloadLimit is the largest payload limit accepted (1 GiB).
	MaxPayloadLimit = 1 << 30
	// MaxClassLen and MaxLabelLen bound the class and recipient labels,
	// which are printable ASCII (0x21-0x7e).
	MaxClassLen = 64
	MaxLabelLen = 128

	nonceSize      = 12
	tagSize        = 16
	commitmentSize = 32
	hpkeEncSize    = 32
	// An HPKE wrapped key: the 32-byte data key and the 16-byte GCM tag.
	hpkeWrappedSize = 32 + tagSize
	// An SM2 wrapped key: C1 (65) || C3 (32) || C2 (16-byte data key and
	// 32-byte binding digest).
	sm2WrappedSize = 65 + 32 + 16 + 32
	// maxEntryBytes over-estimates one encoded entry (fields, tags, lengths).
	maxEntryBytes = 512
	// maxHeaderBytes over-estimates the envelope's fields other than the
	// ciphertext and entries.
	maxHeaderBytes = 256
)

// dataKeySize returns the data key length of a canonical suite: 32 bytes
// (AES-256) or 16 (SM4).
func dataKeySize(suite string) int {
	if suite == SuiteGM {
		return 16
	}
	return 32
}

func validLabel(s string, max int) bool {
	if len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

func checkLabel(what, s string, max int) error {
	if !validLabel(s, max) {
		return fmt.Errorf("%w: %s must be at most %d bytes of printable ASCII without spaces", ErrBadLabel, what, max)
	}
	return nil
}

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrMalformed}, args...)...)
}

// validate checks everything about env that does not need a key: version,
// suite, field sizes, labels, the reader count and order. Errors wrap
// ErrMalformed.
func validate(env *Envelope) error {
	if env == nil {
		return malformed("nil envelope")
	}
	if len(env.ProtoReflect().GetUnknown()) != 0 {
		return malformed("unknown fields")
	}
	if env.Version != Version {
		return malformed("version %d, want %d", env.Version, Version)
	}
	if env.Suite != SuiteIntl && env.Suite != SuiteGM {
		return malformed("suite %q", env.Suite)
	}
	if !validLabel(env.Class, MaxClassLen) {
		return malformed("class is not a valid label")
	}
	if len(env.KeyCommitment) != commitmentSize {
		return malformed("key commitment is %d bytes, want %d", len(env.KeyCommitment), commitmentSize)
	}
	if len(env.Nonce) != nonceSize {
		return malformed("nonce is %d bytes, want %d", len(env.Nonce), nonceSize)
	}
	if len(env.Ciphertext) < tagSize {
		return malformed("ciphertext is %d bytes, shorter than the tag", len(env.Ciphertext))
	}
	n := len(env.Recipients)
	if n == 0 {
		return malformed("no recipients")
	}
	if n > MaxRecipients {
		return fmt.Errorf("%w: %w: %d recipients, at most %d", ErrMalformed, ErrTooManyRecipients, n, MaxRecipients)
	}
	for i, e := range env.Recipients {
		if e == nil {
			return malformed("recipient %d is nil", i)
		}
		if len(e.ProtoReflect().GetUnknown()) != 0 {
			return malformed("recipient %d has unknown fields", i)
		}
		if len(e.KeyId) != len(KeyID{}) {
			return malformed("recipient %d key id is %d bytes", i, len(e.KeyId))
		}
		if i > 0 && bytes.Compare(env.Recipients[i-1].KeyId, e.KeyId) >= 0 {
			return malformed("recipients not in strictly ascending key id order at %d", i)
		}
		if !validLabel(e.Label, MaxLabelLen) {
			return malformed("recipient %d label is not a valid label", i)
		}
		switch env.Suite {
		case SuiteIntl:
			if len(e.Enc) != hpkeEncSize || !canonicalX25519(e.Enc) {
				return malformed("recipient %d: HPKE encapsulated key is not a canonical 32-byte X25519 key", i)
			}
			if len(e.WrappedKey) != hpkeWrappedSize {
				return malformed("recipient %d: wrapped key is %d bytes, want %d", i, len(e.WrappedKey), hpkeWrappedSize)
			}
		case SuiteGM:
			if len(e.Enc) != 0 {
				return malformed("recipient %d: gm entries have no encapsulated key", i)
			}
			if len(e.WrappedKey) != sm2WrappedSize || e.WrappedKey[0] != 4 {
				return malformed("recipient %d: wrapped key is not a %d-byte C1C3C2 SM2 ciphertext", i, sm2WrappedSize)
			}
		}
	}
	return nil
}

var marshalOpts = proto.MarshalOptions{Deterministic: true}

// Marshal returns the canonical encoding of env: its deterministic protobuf
// encoding (fields in number order, no unknown fields). It refuses an
// envelope that is not well-formed (ErrMalformed).
func Marshal(env *Envelope) ([]byte, error) {
	if err := validate(env); err != nil {
		return nil, err
	}
	b, err := marshalOpts.Marshal(env)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	return b, nil
}

// clampMaxPayload maps a limit <= 0 to DefaultMaxPayload and caps it at
// MaxPayloadLimit.
func clampMaxPayload(n int) int {
	if n <= 0 {
		return DefaultMaxPayload
	}
	return min(n, MaxPayloadLimit)
}

// Unmarshal decodes an envelope from its canonical encoding, refusing
// plaintexts longer than maxPayload bytes (<= 0 means DefaultMaxPayload). It
// is strict: every error wraps ErrMalformed, and any byte string other than
// what Marshal writes for a well-formed envelope is refused (unknown fields,
// fields out of order or repeated, non-minimal varints, recipients out of
// order, wrong field sizes). It checks no cryptography; Open does. It never
// panics, and reads nothing beyond a size bound derived from maxPayload and
// MaxRecipients.
func Unmarshal(data []byte, maxPayload int) (*Envelope, error) {
	maxPayload = clampMaxPayload(maxPayload)
	if limit := maxPayload + tagSize + maxHeaderBytes + MaxRecipients*maxEntryBytes; len(data) > limit {
		return nil, fmt.Errorf("%w: %w: envelope is %d bytes, over the %d-byte bound", ErrMalformed, ErrPayloadTooLarge, len(data), limit)
	}
	env := new(Envelope)
	if err := proto.Unmarshal(data, env); err != nil {
		return nil, malformed("%v", err)
	}
	if err := validate(env); err != nil {
		return nil, err
	}
	if n := len(env.Ciphertext) - tagSize; n > maxPayload {
		return nil, fmt.Errorf("%w: %w: payload is %d bytes, at most %d", ErrMalformed, ErrPayloadTooLarge, n, maxPayload)
	}
	again, err := marshalOpts.Marshal(env)
	if err != nil || !bytes.Equal(again, data) {
		return nil, malformed("not the canonical encoding")
	}
	return env, nil
}

// Readers returns the KeyIDs of env's readers in envelope order (ascending),
// or nil if env is not well-formed. It needs no key and reveals nothing the
// envelope does not show in clear; a KeyID becomes a name through the chain's
// registry of encryption keys (an account's or a member's).
func Readers(env *Envelope) []KeyID {
	if validate(env) != nil {
		return nil
	}
	ids := make([]KeyID, len(env.Recipients))
	for i, e := range env.Recipients {
		copy(ids[i][:], e.KeyId)
	}
	return ids
}

// Binding encodings. Every variable-length field has a length prefix, so no
// two different tuples encode to the same bytes.

const bindingMagic = "causeway-seal\x00"

// Purpose bytes that separate the payload AD from the wrapping info.
const (
	purposePayload = 'P'
	purposeWrap    = 'W'
)

// headerCore is what both bindings start with:
//
//	"causeway-seal" 0x00 || purpose (1) || version (1) ||
//	len(suite) (1) || suite || len(class) (1) || class ||
//	context digest (32) || key commitment (32)
func headerCore(purpose byte, suite, class string, ctxDigest, commitment []byte) []byte {
	b := make([]byte, 0, len(bindingMagic)+4+len(suite)+len(class)+64)
	b = append(b, bindingMagic...)
	b = append(b, purpose, Version, byte(len(suite)))
	b = append(b, suite...)
	b = append(b, byte(len(class)))
	b = append(b, class...)
	b = append(b, ctxDigest...)
	return append(b, commitment...)
}

// payloadAD is the additional data of the payload's AEAD:
//
//	headerCore('P') || count (2, big-endian) || for each entry, in order:
//	  key id (32) || len(label) (1) || label || len(enc) (1) || enc ||
//	  len(wrapped) (2, big-endian) || wrapped
func payloadAD(env *Envelope, ctxDigest []byte) []byte {
	b := headerCore(purposePayload, env.Suite, env.Class, ctxDigest, env.KeyCommitment)
	b = binary.BigEndian.AppendUint16(b, uint16(len(env.Recipients)))
	for _, e := range env.Recipients {
		b = append(b, e.KeyId...)
		b = append(b, byte(len(e.Label)))
		b = append(b, e.Label...)
		b = append(b, byte(len(e.Enc)))
		b = append(b, e.Enc...)
		b = binary.BigEndian.AppendUint16(b, uint16(len(e.WrappedKey)))
		b = append(b, e.WrappedKey...)
	}
	return b
}

// wrapInfo is what one reader's wrapped key is bound to: the HPKE info
// (intl), or the input of the digest encrypted with the data key (gm):
//
//	headerCore('W') || key id (32) || len(label) (1) || label
func wrapInfo(suite, class string, ctxDigest, commitment, keyID []byte, label string) []byte {
	b := headerCore(purposeWrap, suite, class, ctxDigest, commitment)
	b = append(b, keyID...)
	b = append(b, byte(len(label)))
	return append(b, label...)
}

// contextDigest is H("causeway-seal-context" || 0x00 || context).
func contextDigest(suite string, context []byte) []byte {
	h := newHash(suite)
	h.Write([]byte("causeway-seal-context\x00"))
	h.Write(context)
	return h.Sum(nil)
}

// keyCommitment is H("causeway-seal-commit" || 0x00 || data key).
func keyCommitment(suite string, dataKey []byte) []byte {
	h := newHash(suite)
	h.Write([]byte("causeway-seal-commit\x00"))
	h.Write(dataKey)
	return h.Sum(nil)
}
