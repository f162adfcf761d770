package smt

import (
	"bytes"
	"fmt"
	"slices"
)

// Get returns the value of key in the tree with root root, or nil if the key
// is absent. It reads one node per level of the key's path, about log2(N).
// The returned slice is a copy the caller owns.
func (t *Tree) Get(root []byte, key []byte) (value []byte, err error) {
	v, _, err := t.walk(root, key, false)
	return v, err
}

// Proof shows that a key has a given value, or has none, under a root. It is
// self-contained: Verify needs only the hash function, the root, the key and
// the claimed value. All fields are plain byte strings, so it maps directly to
// JSON (base64) and to a protobuf message:
//
//	message SMTProof {
//	  repeated bytes siblings = 1;
//	  bytes leaf_path = 2;
//	  bytes leaf_value_hash = 3;
//	}
type Proof struct {
	// Siblings are the digests of the siblings along the key's path, root
	// side first: Siblings[i] is the sibling of the path's node at depth i+1
	// (all zero for an empty sibling). The proven node is at depth
	// len(Siblings), at most 256.
	Siblings [][]byte `json:"siblings"`
	// LeafPath and LeafValueHash are set only in a non-membership proof whose
	// path ends in the leaf of another key: that leaf's path (which shares the
	// first len(Siblings) bits of the key's path) and the hash of its value.
	// Both are empty in a membership proof and in a non-membership proof whose
	// path ends in an empty subtree.
	LeafPath      []byte `json:"leaf_path,omitempty"`
	LeafValueHash []byte `json:"leaf_value_hash,omitempty"`
}

// Prove returns the value of key under root and a proof of it: a membership
// proof if the key is present (value non-nil), or a non-membership proof if
// it is absent (value nil). It reads the same nodes as Get. The returned
// value and proof are owned by the caller.
func (t *Tree) Prove(root []byte, key []byte) (value []byte, p *Proof, err error) {
	return t.walk(root, key, true)
}

// walk descends from root along key's path; with prove it also builds the
// proof.
func (t *Tree) walk(root, key []byte, prove bool) ([]byte, *Proof, error) {
	if t.err != nil {
		return nil, nil, t.err
	}
	n, err := rootRef(root)
	if err != nil {
		return nil, nil, err
	}
	h := t.hashFn()
	var pathBuf [HashSize]byte
	path := keyPath(h, key, pathBuf[:0])
	var sibs [MaxDepth][]byte // alias reader bytes; copied out below
	depth := 0
	for {
		if n.d == nil {
			return nil, proof(prove, sibs[:depth], nil, nil), nil
		}
		nd, err := t.load(n.d)
		if err != nil {
			return nil, nil, err
		}
		if nd.leaf {
			if bytes.Equal(nd.path, path) {
				return slices.Clone(nd.value), proof(prove, sibs[:depth], nil, nil), nil
			}
			if !prove {
				return nil, nil, nil
			}
			h.Reset()
			h.Write(nd.value)
			return nil, proof(true, sibs[:depth], nd.path, h.Sum(nil)), nil
		}
		if depth >= MaxDepth {
			return nil, nil, fmt.Errorf("%w: internal node %x below depth %d", ErrCorruptNode, n.d, MaxDepth)
		}
		next, sib := nd.left, nd.right
		if bit(path, depth) == 1 {
			next, sib = nd.right, nd.left
		}
		sibs[depth] = sib.d // nil for empty
		depth++
		n = next
	}
}

// proof assembles a Proof, copying everything into one fresh buffer.
func proof(prove bool, sibs [][]byte, leafPath, leafValueHash []byte) *Proof {
	if !prove {
		return nil
	}
	buf := make([]byte, HashSize*len(sibs)+len(leafPath))
	p := &Proof{Siblings: make([][]byte, len(sibs))}
	for i, s := range sibs {
		b := buf[i*HashSize : (i+1)*HashSize : (i+1)*HashSize]
		copy(b, s) // nil (empty) leaves the zero digest
		p.Siblings[i] = b
	}
	if leafPath != nil {
		p.LeafPath = buf[len(sibs)*HashSize:]
		copy(p.LeafPath, leafPath)
		p.LeafValueHash = leafValueHash
	}
	return p
}
