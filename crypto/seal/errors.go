package seal

import "errors"

// Errors of this package; test with errors.Is. Messages never include key
// material or plaintext.
var (
	// ErrUnsupportedSuite: the suite is neither "intl" nor "gm" (Seal,
	// GenerateEncryptionKey, ParsePublicKey), or a key file holds a key of
	// neither suite.
	ErrUnsupportedSuite = errors.New("seal: unsupported crypto suite")
	// ErrBadPublicKey: a recipient's public key is malformed: wrong length,
	// not a canonical encoding, not on the curve, or (X25519) a low-order
	// point that would make the shared secret predictable.
	ErrBadPublicKey = errors.New("seal: bad encryption public key")
	// ErrBadPrivateKey: a key file does not hold a valid encryption key.
	ErrBadPrivateKey = errors.New("seal: bad encryption private key")
	// ErrNoRecipients: Seal was given no recipient.
	ErrNoRecipients = errors.New("seal: no recipients")
	// ErrDuplicateRecipient: the same public key is named twice (in Seal's
	// list, or AddReaders names a key that already reads the envelope).
	ErrDuplicateRecipient = errors.New("seal: duplicate recipient")
	// ErrTooManyRecipients: more than MaxRecipients readers.
	ErrTooManyRecipients = errors.New("seal: too many recipients")
	// ErrPayloadTooLarge: the plaintext exceeds the size limit.
	ErrPayloadTooLarge = errors.New("seal: payload too large")
	// ErrBadLabel: a class or recipient label is too long or not printable
	// ASCII.
	ErrBadLabel = errors.New("seal: bad label")
	// ErrMalformed: envelope bytes (or an *Envelope) that are not a
	// canonical, well-formed envelope of this format. Never a panic.
	ErrMalformed = errors.New("seal: malformed envelope")
	// ErrNotARecipient: the key is not one of the envelope's readers.
	ErrNotARecipient = errors.New("seal: key is not a recipient of this envelope")
	// ErrWrongSuite: the key belongs to the other crypto suite than the
	// envelope (an "intl" key for a "gm" envelope or the reverse). Errors
	// wrapping it also wrap ErrNotARecipient.
	ErrWrongSuite = errors.New("seal: key and envelope are of different suites")
	// ErrTampered: the reader's entry or the payload fails authentication:
	// altered bytes, a changed class or reader list, an entry taken from
	// another envelope, or the wrong context.
	ErrTampered = errors.New("seal: envelope fails authentication")
)
