package types

import (
	"encoding/hex"
	"fmt"
)

// HashSize is the length of every Causeway hash.
const HashSize = 32

// Hash is a 32-byte digest: a transaction hash, block hash or account identity.
type Hash [HashSize]byte

// HashOf converts a 32-byte slice to a Hash.
func HashOf(b []byte) (Hash, error) {
	var h Hash
	if len(b) != HashSize {
		return h, fmt.Errorf("hash must be %d bytes, got %d", HashSize, len(b))
	}
	copy(h[:], b)
	return h, nil
}

// ParseHash parses 64 hex digits.
func ParseHash(s string) (Hash, error) {
	var h Hash
	b, err := hex.DecodeString(s)
	if err != nil {
		return h, fmt.Errorf("hash %q is not hex: %w", s, err)
	}
	return HashOf(b)
}

// String is the hash in lower-case hex.
func (h Hash) String() string { return hex.EncodeToString(h[:]) }

// Bytes returns a copy of the hash as a slice.
func (h Hash) Bytes() []byte { return append([]byte(nil), h[:]...) }

// IsZero reports whether h is all zeroes.
func (h Hash) IsZero() bool { return h == Hash{} }
