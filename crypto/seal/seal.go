package seal

import (
	"bytes"
	"crypto/hpke"
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"slices"

	"github.com/emmansun/gmsm/sm2"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/crypto"
)

// Recipient is a reader to seal to.
type Recipient struct {
	// PublicKey is the reader's encryption public key: 32 bytes (X25519)
	// for SuiteIntl, a 65-byte uncompressed SM2 point for SuiteGM.
	PublicKey []byte
	// Label is an optional public name stored with the reader's entry
	// ("org2", "account:<hex>"): printable ASCII without spaces, at most
	// MaxLabelLen bytes. It is authenticated like the rest of the envelope.
	Label string
}

// Option configures Seal.
type Option func(*options)

type options struct {
	class      string
	context    []byte
	maxPayload int
}

// WithClass sets the envelope's class, a public label of what the payload
// is ("ride-record"): printable ASCII without spaces, at most MaxClassLen
// bytes. It is stored in clear and authenticated.
func WithClass(class string) Option { return func(o *options) { o.class = class } }

// WithContext binds the envelope to context, for example the chain id: Open
// succeeds only when given the same bytes. The context is not stored in the
// envelope.
func WithContext(context []byte) Option {
	return func(o *options) { o.context = append([]byte(nil), context...) }
}

// WithMaxPayload sets Seal's plaintext size limit (default
// DefaultMaxPayload, at most MaxPayloadLimit).
func WithMaxPayload(n int) Option { return func(o *options) { o.maxPayload = n } }

// Seal encrypts plaintext once under a fresh random data key with suite's
// AEAD (AES-256-GCM for "intl", SM4-GCM for "gm"; "" means "intl") and wraps
// the data key for each recipient (HPKE for "intl", SM2 for "gm"). Entries
// are stored in ascending KeyID order, whatever the order of recipients.
//
// It refuses: an unknown suite (ErrUnsupportedSuite), no recipients
// (ErrNoRecipients), more than MaxRecipients (ErrTooManyRecipients), a
// malformed public key (ErrBadPublicKey), the same key twice
// (ErrDuplicateRecipient), a bad class or label (ErrBadLabel), and a
// plaintext over the limit (ErrPayloadTooLarge).
func Seal(suite string, plaintext []byte, recipients []Recipient, opts ...Option) (*Envelope, error) {
	suite, err := canonicalSuite(suite)
	if err != nil {
		return nil, err
	}
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if err := checkLabel("class", o.class, MaxClassLen); err != nil {
		return nil, err
	}
	if max := clampMaxPayload(o.maxPayload); len(plaintext) > max {
		return nil, fmt.Errorf("%w: %d bytes, at most %d", ErrPayloadTooLarge, len(plaintext), max)
	}
	if len(recipients) == 0 {
		return nil, ErrNoRecipients
	}
	if len(recipients) > MaxRecipients {
		return nil, fmt.Errorf("%w: %d, at most %d", ErrTooManyRecipients, len(recipients), MaxRecipients)
	}
	dataKey, err := crypto.NewAEADKey(suite)
	if err != nil {
		return nil, err
	}
	env := &Envelope{
		Version:       Version,
		Suite:         suite,
		Class:         o.class,
		KeyCommitment: keyCommitment(suite, dataKey),
	}
	ctxDigest := contextDigest(suite, o.context)
	entries, err := wrapAll(env, ctxDigest, dataKey, recipients, nil)
	if err != nil {
		return nil, err
	}
	env.Recipients = entries
	if err := sealPayload(env, ctxDigest, dataKey, plaintext); err != nil {
		return nil, err
	}
	return env, nil
}

// wrapAll parses recipients, refuses duplicates (among themselves and with
// existing), wraps dataKey for each under env's header, and returns existing
// and the new entries in ascending KeyID order.
func wrapAll(env *Envelope, ctxDigest, dataKey []byte, recipients []Recipient, existing []*Entry) ([]*Entry, error) {
	if n := len(existing) + len(recipients); n > MaxRecipients {
		return nil, fmt.Errorf("%w: %d, at most %d", ErrTooManyRecipients, n, MaxRecipients)
	}
	seen := make(map[KeyID]bool, len(existing)+len(recipients))
	for _, e := range existing {
		seen[KeyID(e.KeyId)] = true
	}
	entries := slices.Clone(existing)
	for i, r := range recipients {
		pk, err := ParsePublicKey(env.Suite, r.PublicKey)
		if err != nil {
			return nil, fmt.Errorf("recipient %d: %w", i, err)
		}
		if err := checkLabel(fmt.Sprintf("recipient %d label", i), r.Label, MaxLabelLen); err != nil {
			return nil, err
		}
		if seen[pk.id] {
			return nil, fmt.Errorf("%w: recipient %d, key %s", ErrDuplicateRecipient, i, pk.id)
		}
		seen[pk.id] = true
		e, err := wrap(env, ctxDigest, dataKey, pk, r.Label)
		if err != nil {
			return nil, fmt.Errorf("recipient %d: %w", i, err)
		}
		entries = append(entries, e)
	}
	slices.SortFunc(entries, func(a, b *Entry) int { return bytes.Compare(a.KeyId, b.KeyId) })
	return entries, nil
}

// wrap encrypts dataKey to pk, bound to wrapInfo(env's header, pk's id,
// label).
func wrap(env *Envelope, ctxDigest, dataKey []byte, pk *PublicKey, label string) (*Entry, error) {
	info := wrapInfo(env.Suite, env.Class, ctxDigest, env.KeyCommitment, pk.id[:], label)
	e := &Entry{KeyId: pk.id[:], Label: label}
	switch env.Suite {
	case SuiteIntl:
		enc, sender, err := hpke.NewSender(pk.x, hpkeKDF, hpkeAEAD, info)
		if err != nil {
			// The low-order check of ParsePublicKey makes this unreachable;
			// if HPKE still refuses the key, say whose fault it is.
			return nil, fmt.Errorf("%w: hpke: %v", ErrBadPublicKey, err)
		}
		ct, err := sender.Seal(nil, dataKey)
		if err != nil {
			return nil, fmt.Errorf("hpke seal: %w", err)
		}
		e.Enc, e.WrappedKey = enc, ct
	case SuiteGM:
		msg := append(slices.Clip(dataKey), digest(SuiteGM, info)...)
		ct, err := sm2Encrypt(pk, msg)
		if err != nil {
			return nil, err
		}
		e.WrappedKey = ct
	}
	return e, nil
}

func sm2Encrypt(pk *PublicKey, msg []byte) ([]byte, error) {
	ct, err := sm2.Encrypt(rand.Reader, pk.sm, msg, sm2EncOpts)
	if err != nil {
		return nil, fmt.Errorf("%w: sm2 encrypt: %v", ErrBadPublicKey, err)
	}
	if len(ct) != sm2WrappedSize {
		return nil, fmt.Errorf("sm2 encrypt: ciphertext is %d bytes, want %d", len(ct), sm2WrappedSize)
	}
	return ct, nil
}

func digest(suite string, b []byte) []byte {
	h := newHash(suite)
	h.Write(b)
	return h.Sum(nil)
}

// sealPayload encrypts plaintext into env under dataKey with a fresh random
// nonce and payloadAD(env) as additional data; env's entries must be final.
func sealPayload(env *Envelope, ctxDigest, dataKey, plaintext []byte) error {
	aead, err := crypto.NewAEAD(env.Suite, dataKey)
	if err != nil {
		return err
	}
	nonce := make([]byte, nonceSize)
	if _, err := rand.Read(nonce); err != nil {
		return fmt.Errorf("seal nonce: %w", err)
	}
	env.Nonce = nonce
	env.Ciphertext = aead.Seal(nil, nonce, plaintext, payloadAD(env, ctxDigest))
	return nil
}

// Open returns the plaintext of env for the holder of key, where context is
// the one env was sealed with (WithContext; nil if none). Errors:
// ErrMalformed (env is not well-formed), ErrNotARecipient (key is not a
// reader; with ErrWrongSuite if key is of the other suite), ErrTampered (the
// reader's entry or the payload fails authentication: altered, re-labelled,
// a reader added, removed or substituted, an entry from another envelope, a
// different context, or a data key that does not match the commitment).
func Open(env *Envelope, key *EncryptionKey, context []byte) ([]byte, error) {
	_, pt, err := open(env, key, context)
	return pt, err
}

// open returns the data key and the plaintext.
func open(env *Envelope, key *EncryptionKey, context []byte) ([]byte, []byte, error) {
	if err := validate(env); err != nil {
		return nil, nil, err
	}
	if key == nil || key.pub == nil {
		return nil, nil, fmt.Errorf("%w: nil key", ErrNotARecipient)
	}
	if key.Suite() != env.Suite {
		return nil, nil, fmt.Errorf("%w: %w: key is %q, envelope is %q", ErrNotARecipient, ErrWrongSuite, key.Suite(), env.Suite)
	}
	id := key.ID()
	i, found := slices.BinarySearchFunc(env.Recipients, id[:], func(e *Entry, t []byte) int { return bytes.Compare(e.KeyId, t) })
	if !found {
		return nil, nil, fmt.Errorf("%w: key %s", ErrNotARecipient, id)
	}
	e := env.Recipients[i]
	ctxDigest := contextDigest(env.Suite, context)
	dataKey, err := unwrap(env, ctxDigest, key, e)
	if err != nil {
		return nil, nil, err
	}
	if subtle.ConstantTimeCompare(keyCommitment(env.Suite, dataKey), env.KeyCommitment) != 1 {
		return nil, nil, fmt.Errorf("%w: data key does not match the envelope's key commitment", ErrTampered)
	}
	aead, err := crypto.NewAEAD(env.Suite, dataKey)
	if err != nil {
		return nil, nil, err
	}
	pt, err := aead.Open(nil, env.Nonce, env.Ciphertext, payloadAD(env, ctxDigest))
	if err != nil {
		return nil, nil, fmt.Errorf("%w: payload", ErrTampered)
	}
	return dataKey, pt, nil
}

// unwrap recovers the data key from key's entry e.
func unwrap(env *Envelope, ctxDigest []byte, key *EncryptionKey, e *Entry) ([]byte, error) {
	info := wrapInfo(env.Suite, env.Class, ctxDigest, env.KeyCommitment, e.KeyId, e.Label)
	n := dataKeySize(env.Suite)
	switch env.Suite {
	case SuiteIntl:
		r, err := hpke.NewRecipient(e.Enc, key.xk, hpkeKDF, hpkeAEAD, info)
		if err != nil {
			return nil, fmt.Errorf("%w: entry: hpke: %v", ErrTampered, err)
		}
		dataKey, err := r.Open(nil, e.WrappedKey)
		if err != nil || len(dataKey) != n {
			return nil, fmt.Errorf("%w: entry does not open", ErrTampered)
		}
		return dataKey, nil
	default: // SuiteGM, by validate
		msg, err := key.sm.Decrypt(nil, e.WrappedKey, sm2DecOpts)
		if err != nil || len(msg) != n+32 {
			return nil, fmt.Errorf("%w: entry does not open", ErrTampered)
		}
		if subtle.ConstantTimeCompare(msg[n:], digest(SuiteGM, info)) != 1 {
			return nil, fmt.Errorf("%w: entry is bound to another envelope header", ErrTampered)
		}
		return msg[:n:n], nil
	}
}

// AddReaders returns a new envelope with the same payload, class and data
// key as env, readable by env's readers and by newRecipients. opener must be
// a reader of env and context the one env was sealed with; the new envelope
// is bound to the same context. env is not modified.
//
// The existing entries are kept as they are (so no reader's public key is
// needed) and new entries wrap the same data key; the payload is encrypted
// again under a fresh nonce, because its additional data covers the reader
// list. A new reader of the result can therefore read env too, if they see
// it: both share one data key.
//
// There is no RemoveReaders: a reader who once opened an envelope knows its
// data key and plaintext, and nothing done to the envelope afterwards takes
// that back. Revoking a reader means sealing new data without them (Seal,
// fresh data key); what was sealed to them stays readable by whoever kept
// the old key.
func AddReaders(env *Envelope, opener *EncryptionKey, context []byte, newRecipients ...Recipient) (*Envelope, error) {
	dataKey, pt, err := open(env, opener, context)
	if err != nil {
		return nil, err
	}
	if len(newRecipients) == 0 {
		return nil, ErrNoRecipients
	}
	out := &Envelope{
		Version:       env.Version,
		Suite:         env.Suite,
		Class:         env.Class,
		KeyCommitment: slices.Clone(env.KeyCommitment),
	}
	existing := make([]*Entry, len(env.Recipients))
	for i, e := range env.Recipients {
		existing[i] = proto.Clone(e).(*Entry)
	}
	ctxDigest := contextDigest(env.Suite, context)
	entries, err := wrapAll(out, ctxDigest, dataKey, newRecipients, existing)
	if err != nil {
		return nil, err
	}
	out.Recipients = entries
	if err := sealPayload(out, ctxDigest, dataKey, pt); err != nil {
		return nil, err
	}
	return out, nil
}
