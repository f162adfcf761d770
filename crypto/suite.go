package crypto

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"

	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/sm4"
)

// The crypto suites a chain can be created with (chosen at genesis), by
// the names types.SuiteNamed uses. The suite helpers below also take ""
// for SuiteIntl, as types does.
const (
	// SuiteIntl is the international suite: SHA-256 hashing and
	// AES-256-GCM symmetric encryption.
	SuiteIntl = "intl"
	// SuiteGM is the Chinese national (GuoMi) suite: SM3 hashing, SM4-GCM
	// symmetric encryption and SM2 signatures.
	SuiteGM = "gm"
)

// Errors of the suite helpers; test with errors.Is.
var (
	// ErrUnknownSuite: the suite name is neither SuiteIntl nor SuiteGM.
	ErrUnknownSuite = errors.New("unknown crypto suite")
	// ErrBadSymmetricKey: a symmetric key has the wrong length for its
	// suite (see AEADKeySize).
	ErrBadSymmetricKey = errors.New("bad symmetric key")
	// ErrDecrypt: a sealed message is too short or fails authentication
	// (wrong key, wrong additional data, or altered bytes).
	ErrDecrypt = errors.New("message authentication failed")
)

// canonicalSuite maps "" to SuiteIntl.
func canonicalSuite(suite string) string {
	if suite == "" {
		return SuiteIntl
	}
	return suite
}

func unknownSuite(suite string) error {
	return fmt.Errorf("%w %q (want %q or %q)", ErrUnknownSuite, suite, SuiteIntl, SuiteGM)
}

// NewHash returns the constructor of the chain hash of suite: SHA-256 for
// SuiteIntl and SM3 for SuiteGM. Both give 32-byte digests.
func NewHash(suite string) (func() hash.Hash, error) {
	switch canonicalSuite(suite) {
	case SuiteIntl:
		return sha256.New, nil
	case SuiteGM:
		return sm3.New, nil
	default:
		return nil, unknownSuite(suite)
	}
}

// AEAD parameters shared by both suites.
const (
	// AEADNonceSize is the length of the random nonce that Seal prefixes
	// to its output.
	AEADNonceSize = 12
	// AEADOverhead is how much longer Seal's output is than its input:
	// the nonce and the 16-byte GCM tag.
	AEADOverhead = AEADNonceSize + 16
)

// AEADKeySize returns the key length of suite's AEAD: 32 bytes for
// AES-256-GCM (SuiteIntl), 16 bytes for SM4-GCM (SuiteGM; SM4 has only
// 128-bit keys).
func AEADKeySize(suite string) (int, error) {
	switch canonicalSuite(suite) {
	case SuiteIntl:
		return 32, nil
	case SuiteGM:
		return sm4.BlockSize, nil
	default:
		return 0, unknownSuite(suite)
	}
}

// NewAEADKey returns a random key for suite's AEAD.
func NewAEADKey(suite string) ([]byte, error) {
	n, err := AEADKeySize(suite)
	if err != nil {
		return nil, err
	}
	k := make([]byte, n)
	if _, err := rand.Read(k); err != nil {
		return nil, fmt.Errorf("aead key: %w", err)
	}
	return k, nil
}

// NewAEAD returns suite's AEAD under key: AES-256-GCM (SuiteIntl) or
// SM4-GCM (SuiteGM), both with 12-byte nonces and 16-byte tags. Callers
// that choose nonces themselves must never repeat one under a key; Seal
// does it for them.
func NewAEAD(suite string, key []byte) (cipher.AEAD, error) {
	n, err := AEADKeySize(suite)
	if err != nil {
		return nil, err
	}
	if len(key) != n {
		return nil, fmt.Errorf("%w: %s key is %d bytes, want %d", ErrBadSymmetricKey, suite, len(key), n)
	}
	var block cipher.Block
	if canonicalSuite(suite) == SuiteGM {
		block, err = sm4.NewCipher(key)
	} else {
		block, err = aes.NewCipher(key)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadSymmetricKey, err)
	}
	return cipher.NewGCM(block)
}

// Seal encrypts and authenticates plaintext, and authenticates
// additionalData, under key with suite's AEAD. The output is
// nonce || ciphertext || tag, AEADOverhead bytes longer than plaintext,
// with a fresh random nonce: do not seal more than 2^32 messages under one
// key.
func Seal(suite string, key, plaintext, additionalData []byte) ([]byte, error) {
	aead, err := NewAEAD(suite, key)
	if err != nil {
		return nil, err
	}
	out := make([]byte, AEADNonceSize, AEADNonceSize+len(plaintext)+aead.Overhead())
	if _, err := rand.Read(out); err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	return aead.Seal(out, out[:AEADNonceSize], plaintext, additionalData), nil
}

// Open reverses Seal: it returns the plaintext if sealed was made by Seal
// with the same suite, key and additionalData, and otherwise an error
// wrapping ErrDecrypt (or ErrUnknownSuite, ErrBadSymmetricKey).
func Open(suite string, key, sealed, additionalData []byte) ([]byte, error) {
	aead, err := NewAEAD(suite, key)
	if err != nil {
		return nil, err
	}
	if len(sealed) < AEADNonceSize+aead.Overhead() {
		return nil, fmt.Errorf("%w: sealed message is %d bytes, shorter than the %d-byte overhead", ErrDecrypt, len(sealed), AEADOverhead)
	}
	pt, err := aead.Open(nil, sealed[:AEADNonceSize], sealed[AEADNonceSize:], additionalData)
	if err != nil {
		return nil, fmt.Errorf("%w (%s)", ErrDecrypt, suite)
	}
	return pt, nil
}
