package evidence

import (
	"crypto/sha256"
	"crypto/sha3"
	"crypto/sha512"
	"fmt"
	"hash"
	"io"
	"slices"

	"github.com/emmansun/gmsm/sm3"
	xsha3 "golang.org/x/crypto/sha3"
)

// Algorithms are the digest algorithms a deposit may name, sorted: those the
// chain accepts.
var Algorithms = []string{"keccak256", "sha256", "sha3-256", "sha512", "sm3"}

// NewHash returns the hash of algorithm alg.
func NewHash(alg string) (hash.Hash, error) {
	switch alg {
	case "sha256":
		return sha256.New(), nil
	case "sm3":
		return sm3.New(), nil
	case "sha512":
		return sha512.New(), nil
	case "sha3-256":
		return sha3.New256(), nil
	case "keccak256":
		return xsha3.NewLegacyKeccak256(), nil
	}
	return nil, fmt.Errorf("unknown hash algorithm %q (want one of %v)", alg, Algorithms)
}

// HashFile returns the digest of r's contents with algorithm alg.
func HashFile(alg string, r io.Reader) ([]byte, error) {
	h, err := NewHash(alg)
	if err != nil {
		return nil, err
	}
	if _, err := io.Copy(h, r); err != nil {
		return nil, err
	}
	return h.Sum(nil), nil
}

func knownAlgorithm(alg string) bool { return slices.Contains(Algorithms, alg) }
