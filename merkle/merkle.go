package merkle

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"hash"
)

// HashFunc makes a new hash; sha256.New by default.
type HashFunc func() hash.Hash

// Tree computes roots and proofs with one hash function.
type Tree struct {
	New HashFunc
}

// SHA256 is the tree over SHA-256.
var SHA256 = Tree{New: sha256.New}

// ErrInvalidProof is returned by Verify when a proof does not lead to the root.
var ErrInvalidProof = errors.New("merkle: proof does not match root")

// Root returns the Merkle root of items. The root of no items is the hash of
// the empty string.
func (t Tree) Root(items [][]byte) []byte {
	if len(items) == 0 {
		h := t.New()
		return h.Sum(nil)
	}
	leaves := make([][]byte, len(items))
	for i, it := range items {
		leaves[i] = t.leaf(it)
	}
	return t.root(leaves)
}

// Root is SHA256.Root.
func Root(items [][]byte) []byte { return SHA256.Root(items) }

func (t Tree) leaf(data []byte) []byte {
	h := t.New()
	h.Write([]byte{0})
	h.Write(data)
	return h.Sum(nil)
}

func (t Tree) node(l, r []byte) []byte {
	h := t.New()
	h.Write([]byte{1})
	h.Write(l)
	h.Write(r)
	return h.Sum(nil)
}

func (t Tree) root(leaves [][]byte) []byte {
	if len(leaves) == 1 {
		return leaves[0]
	}
	k := split(len(leaves))
	return t.node(t.root(leaves[:k]), t.root(leaves[k:]))
}

// split returns the largest power of two strictly below n (n >= 2).
func split(n int) int {
	k := 1
	for k<<1 < n {
		k <<= 1
	}
	return k
}

// Proof is an inclusion proof of the item at Index in a list of Total items:
// the sibling hashes from the leaf up to the root.
type Proof struct {
	Index    uint64   `json:"index"`
	Total    uint64   `json:"total"`
	Siblings [][]byte `json:"siblings"`
}

// Prove returns the inclusion proof of items[index].
func (t Tree) Prove(items [][]byte, index int) (Proof, error) {
	if index < 0 || index >= len(items) {
		return Proof{}, errors.New("merkle: index out of range")
	}
	leaves := make([][]byte, len(items))
	for i, it := range items {
		leaves[i] = t.leaf(it)
	}
	var sib [][]byte
	t.path(leaves, index, &sib)
	return Proof{Index: uint64(index), Total: uint64(len(items)), Siblings: sib}, nil
}

// path appends siblings bottom-up.
func (t Tree) path(leaves [][]byte, index int, sib *[][]byte) {
	if len(leaves) == 1 {
		return
	}
	k := split(len(leaves))
	if index < k {
		t.path(leaves[:k], index, sib)
		*sib = append(*sib, t.root(leaves[k:]))
	} else {
		t.path(leaves[k:], index-k, sib)
		*sib = append(*sib, t.root(leaves[:k]))
	}
}

// Verify checks that item is at p.Index in a list of p.Total items whose root is root.
func (t Tree) Verify(root, item []byte, p Proof) error {
	if p.Total == 0 || p.Index >= p.Total {
		return ErrInvalidProof
	}
	// Recompute the left/right decisions top-down, then fold bottom-up.
	var rights []bool // true when the sibling is on the right, top-down
	idx, n := p.Index, p.Total
	for n > 1 {
		k := uint64(split(int(n)))
		if idx < k {
			rights = append(rights, true)
			n = k
		} else {
			rights = append(rights, false)
			idx -= k
			n -= k
		}
	}
	if len(rights) != len(p.Siblings) {
		return ErrInvalidProof
	}
	h := t.leaf(item)
	for i, s := range p.Siblings {
		if rights[len(rights)-1-i] {
			h = t.node(h, s)
		} else {
			h = t.node(s, h)
		}
	}
	if !bytes.Equal(h, root) {
		return ErrInvalidProof
	}
	return nil
}
