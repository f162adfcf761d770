package smt

import (
	"bytes"
	"errors"
	"fmt"
	"hash"
)

// Errors returned by Verify, wrapped with detail; test with errors.Is. Each
// names one reason a proof is refused.
var (
	// ErrMalformedProof: the proof is missing, has more than 256 siblings, or
	// has a sibling, leaf path or leaf value hash that is not 32 bytes.
	ErrMalformedProof = errors.New("smt: malformed proof")
	// ErrRootMismatch: the proof is well formed but the key, value and
	// siblings do not hash to the root: the proof, key, value or root is wrong.
	ErrRootMismatch = errors.New("smt: proof does not lead to the root")
	// ErrNotMembershipProof: a value was claimed, but the proof is a
	// non-membership proof (it carries another key's leaf).
	ErrNotMembershipProof = errors.New("smt: value claimed but proof is a non-membership proof")
	// ErrKeyPresent: absence was claimed, but the proof's leaf is the key's
	// own leaf, so it would show the key present.
	ErrKeyPresent = errors.New("smt: absence claimed but proof's leaf is the key's own")
	// ErrLeafOffPath: the leaf in a non-membership proof does not lie on the
	// key's path (its path does not share the first len(Siblings) bits).
	ErrLeafOffPath = errors.New("smt: proof's leaf is not on the key's path")
)

// Verify checks that under root, key has value (membership), or, if value is
// empty or nil, that key is absent (non-membership), using proof p from
// Prove. It returns nil only if the claim holds, assuming hashFn is collision
// resistant; otherwise an error that wraps one of ErrHashSize, ErrBadRoot,
// ErrMalformedProof, ErrRootMismatch, ErrNotMembershipProof, ErrKeyPresent or
// ErrLeafOffPath. A nil or empty root is the empty tree. Verify reads nothing
// but its arguments and costs len(p.Siblings)+3 hashes.
func Verify(hashFn func() hash.Hash, root, key, value []byte, p *Proof) error {
	if err := checkHash(hashFn); err != nil {
		return err
	}
	if len(root) == 0 {
		root = zeroDigest[:]
	}
	if len(root) != HashSize {
		return fmt.Errorf("%w: got %d bytes", ErrBadRoot, len(root))
	}
	if p == nil {
		return fmt.Errorf("%w: no proof", ErrMalformedProof)
	}
	depth := len(p.Siblings)
	if depth > MaxDepth {
		return fmt.Errorf("%w: %d siblings, at most %d", ErrMalformedProof, depth, MaxDepth)
	}
	for i, s := range p.Siblings {
		if len(s) != HashSize {
			return fmt.Errorf("%w: sibling %d has %d bytes", ErrMalformedProof, i, len(s))
		}
	}
	h := hashFn()
	var pathBuf, vhBuf [HashSize]byte
	var buf [1 + 2*HashSize]byte
	path := keyPath(h, key, pathBuf[:0])

	var cur []byte
	hasLeaf := len(p.LeafPath) > 0 || len(p.LeafValueHash) > 0
	switch {
	case len(value) > 0:
		if hasLeaf {
			return ErrNotMembershipProof
		}
		h.Reset()
		h.Write(value)
		cur = hashNode(h, &buf, tagLeaf, path, h.Sum(vhBuf[:0]))
	case !hasLeaf:
		cur = zeroDigest[:] // the path ends in an empty subtree
	default:
		if len(p.LeafPath) != HashSize || len(p.LeafValueHash) != HashSize {
			return fmt.Errorf("%w: leaf path of %d bytes and leaf value hash of %d bytes, want %d",
				ErrMalformedProof, len(p.LeafPath), len(p.LeafValueHash), HashSize)
		}
		if bytes.Equal(p.LeafPath, path) {
			return ErrKeyPresent
		}
		if cp := commonPrefix(p.LeafPath, path); cp < depth {
			return fmt.Errorf("%w: leaf shares %d bits with the key's path, proof needs %d",
				ErrLeafOffPath, cp, depth)
		}
		cur = hashNode(h, &buf, tagLeaf, p.LeafPath, p.LeafValueHash)
	}
	for i := depth - 1; i >= 0; i-- {
		if bit(path, i) == 0 {
			cur = hashNode(h, &buf, tagInternal, cur, p.Siblings[i])
		} else {
			cur = hashNode(h, &buf, tagInternal, p.Siblings[i], cur)
		}
	}
	if !bytes.Equal(cur, root) {
		if len(value) > 0 {
			return fmt.Errorf("%w: membership proof at depth %d computes root %x, want %x", ErrRootMismatch, depth, cur, root)
		}
		return fmt.Errorf("%w: non-membership proof at depth %d computes root %x, want %x", ErrRootMismatch, depth, cur, root)
	}
	return nil
}

// hashNode returns H(tag || a || b), reusing buf's storage for the result.
func hashNode(h hash.Hash, buf *[1 + 2*HashSize]byte, tag byte, a, b []byte) []byte {
	buf[0] = tag
	copy(buf[1:], a)
	copy(buf[1+HashSize:], b)
	h.Reset()
	h.Write(buf[:])
	// The result overwrites the first half of buf's tail, which is read
	// before it is written by the next call.
	return h.Sum(buf[1+HashSize : 1+HashSize])
}

// commonPrefix returns the number of leading bits a and b (same length) share.
func commonPrefix(a, b []byte) int {
	for i := range a {
		if x := a[i] ^ b[i]; x != 0 {
			n := 0
			for x&0x80 == 0 {
				x <<= 1
				n++
			}
			return 8*i + n
		}
	}
	return 8 * len(a)
}
