package smt

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
)

// HashSize is the size of every digest, path and node key: 32 bytes.
const HashSize = 32

// MaxDepth is the number of bits in a path, and so the most siblings a proof
// can hold.
const MaxDepth = 8 * HashSize

const (
	tagLeaf     byte = 0x00
	tagInternal byte = 0x01

	flagLeftLeaf  byte = 1 << 0
	flagRightLeaf byte = 1 << 1

	internalSize = 2 + 2*HashSize
)

// Errors returned by Tree methods, possibly wrapped with detail; test with
// errors.Is.
var (
	// ErrHashSize: the hash function does not produce 32-byte digests.
	ErrHashSize = errors.New("smt: hash function must produce 32-byte digests")
	// ErrBadRoot: a root is neither empty nor a 32-byte digest.
	ErrBadRoot = errors.New("smt: root must be empty or a 32-byte digest")
	// ErrMissingNode: a node reachable from the root is not in the store (an
	// unknown root, or nodes that were never persisted or were pruned).
	ErrMissingNode = errors.New("smt: node not found")
	// ErrCorruptNode: stored node bytes cannot be decoded, or the tree under
	// the root is not well formed.
	ErrCorruptNode = errors.New("smt: corrupt node")
)

// NodeReader reads persisted nodes by key (a node's 32-byte digest, without
// the caller's prefix). GetNode returns nil, nil when the key is absent. The
// Tree never modifies a returned slice and keeps none after its own call
// (Get, Prove or Update) returns, but it does hold several at once during the
// call, so a reader backed by Pebble must return a copy of the value, not
// the buffer that Pebble's Get returns, which dies with its closer. The Tree reads only nodes
// reachable from the root it is given.
type NodeReader interface {
	GetNode(key []byte) ([]byte, error)
}

// KV is a key and a value. As an Update change, Key is a state key and Value
// its new value, where an empty or nil Value deletes the key. As an Update
// write, Key is a node key (32 bytes) and Value the node's encoding.
type KV struct {
	Key, Value []byte
}

// Tree reads, updates and proves sparse Merkle trees stored through a
// NodeReader. A Tree holds no mutable state: it is safe for concurrent use if
// its NodeReader is, and any number of roots can be used through one Tree.
type Tree struct {
	hashFn func() hash.Hash
	r      NodeReader
	err    error
}

// New returns a Tree that hashes with hashFn (which must produce 32-byte
// digests, or every method fails with ErrHashSize) and reads nodes from r.
func New(hashFn func() hash.Hash, r NodeReader) *Tree {
	t := &Tree{hashFn: hashFn, r: r}
	t.err = checkHash(hashFn)
	return t
}

func checkHash(hashFn func() hash.Hash) error {
	if hashFn == nil {
		return ErrHashSize
	}
	if n := hashFn().Size(); n != HashSize {
		return fmt.Errorf("%w: got %d bytes", ErrHashSize, n)
	}
	return nil
}

var zeroDigest [HashSize]byte

// EmptyRoot returns the root of the empty tree: the all-zero digest of the
// hash's size (32 bytes for every hash the tree accepts). Update and Get also
// accept a nil or empty root as the empty tree.
func EmptyRoot(hashFn func() hash.Hash) []byte {
	n := HashSize
	if hashFn != nil {
		n = hashFn().Size()
	}
	return make([]byte, n)
}

func isZero(d []byte) bool { return bytes.Equal(d, zeroDigest[:]) }

// bit returns bit i of path, most significant bit of byte 0 first.
func bit(path []byte, i int) byte { return path[i>>3] >> (7 - uint(i&7)) & 1 }

// ref is a reference to a subtree: its digest (nil for the empty subtree) and
// whether it is a single leaf.
type ref struct {
	d    []byte
	leaf bool
}

func (a ref) same(b ref) bool { return bytes.Equal(a.d, b.d) }

func rootRef(root []byte) (ref, error) {
	switch {
	case len(root) == 0:
		return ref{}, nil
	case len(root) != HashSize:
		return ref{}, fmt.Errorf("%w: got %d bytes", ErrBadRoot, len(root))
	case isZero(root):
		return ref{}, nil
	}
	return ref{d: root}, nil
}

// node is a decoded stored node. Slices alias the stored bytes.
type node struct {
	leaf bool
	// internal node
	left, right ref
	// leaf
	path, key, value []byte
}

func decodeNode(b []byte) (node, error) {
	if len(b) == 0 {
		return node{}, errors.New("empty encoding")
	}
	switch b[0] {
	case tagInternal:
		if len(b) != internalSize {
			return node{}, fmt.Errorf("internal node of %d bytes", len(b))
		}
		flags := b[1]
		if flags&^(flagLeftLeaf|flagRightLeaf) != 0 {
			return node{}, fmt.Errorf("bad flags %#x", flags)
		}
		n := node{
			left:  ref{d: b[2 : 2+HashSize], leaf: flags&flagLeftLeaf != 0},
			right: ref{d: b[2+HashSize:], leaf: flags&flagRightLeaf != 0},
		}
		if isZero(n.left.d) {
			if n.left.leaf {
				return node{}, errors.New("empty child flagged as leaf")
			}
			n.left.d = nil
		}
		if isZero(n.right.d) {
			if n.right.leaf {
				return node{}, errors.New("empty child flagged as leaf")
			}
			n.right.d = nil
		}
		if n.left.d == nil && n.right.d == nil {
			return node{}, errors.New("internal node with two empty children")
		}
		return n, nil
	case tagLeaf:
		if len(b) < 1+HashSize+1 {
			return node{}, fmt.Errorf("leaf of %d bytes", len(b))
		}
		rest := b[1+HashSize:]
		kl, n := binary.Uvarint(rest)
		if n <= 0 || kl > uint64(len(rest)-n) {
			return node{}, errors.New("bad key length in leaf")
		}
		rest = rest[n:]
		v := rest[kl:]
		if len(v) == 0 {
			return node{}, errors.New("leaf with empty value")
		}
		return node{leaf: true, path: b[1 : 1+HashSize], key: rest[:kl], value: v}, nil
	}
	return node{}, fmt.Errorf("unknown node tag %#x", b[0])
}

// load reads and decodes the node with digest d.
func (t *Tree) load(d []byte) (node, error) {
	b, err := t.r.GetNode(d)
	if err != nil {
		return node{}, fmt.Errorf("smt: reading node %x: %w", d, err)
	}
	if b == nil {
		return node{}, fmt.Errorf("%w: %x", ErrMissingNode, d)
	}
	n, err := decodeNode(b)
	if err != nil {
		return node{}, fmt.Errorf("%w: node %x: %v", ErrCorruptNode, d, err)
	}
	return n, nil
}

// keyPath returns H(key) appended to dst.
func keyPath(h hash.Hash, key, dst []byte) []byte {
	h.Reset()
	h.Write(key)
	return h.Sum(dst)
}
