package smt

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"math/rand"
	"slices"
	"testing"
)

// memStore is an in-memory NodeReader. It counts reads and checks that a key
// is never rewritten with different bytes (content addressing).
type memStore struct {
	m     map[[HashSize]byte][]byte
	reads int
}

func newMemStore() *memStore { return &memStore{m: make(map[[HashSize]byte][]byte)} }

func (s *memStore) GetNode(key []byte) ([]byte, error) {
	s.reads++
	if len(key) != HashSize {
		return nil, nil
	}
	return s.m[[HashSize]byte(key)], nil
}

func (s *memStore) put(t testing.TB, writes []KV) {
	for _, w := range writes {
		k := [HashSize]byte(w.Key)
		if old, ok := s.m[k]; ok && t != nil && !bytes.Equal(old, w.Value) {
			t.Fatalf("node %x rewritten with different bytes", w.Key)
		}
		s.m[k] = w.Value
	}
}

// idHash is a test hash whose digest of exactly 32 bytes is those bytes and
// whose digest of anything else is SHA-256. 32-byte keys are then their own
// paths, so tests can choose paths (long shared prefixes, neighbours) while
// node hashing stays SHA-256.
type idHash struct {
	h    hash.Hash
	head [HashSize]byte
	n    int
}

func newIDHash() hash.Hash { return &idHash{h: sha256.New()} }

func (h *idHash) Write(p []byte) (int, error) {
	if h.n < HashSize {
		copy(h.head[h.n:], p)
	}
	h.n += len(p)
	return h.h.Write(p)
}
func (h *idHash) Sum(b []byte) []byte {
	if h.n == HashSize {
		return append(b, h.head[:]...)
	}
	return h.h.Sum(b)
}
func (h *idHash) Reset()         { h.h.Reset(); h.n = 0 }
func (h *idHash) Size() int      { return HashSize }
func (h *idHash) BlockSize() int { return 64 }

func hsum(hashFn func() hash.Hash, parts ...[]byte) []byte {
	h := hashFn()
	for _, p := range parts {
		h.Write(p)
	}
	return h.Sum(nil)
}

// specLeafHash and specRoot are the tree's definition written out naively,
// independently of the implementation: the root of a set of leaves.
func specLeafHash(hashFn func() hash.Hash, path, value []byte) []byte {
	return hsum(hashFn, []byte{tagLeaf}, path, hsum(hashFn, value))
}

type specLeaf struct{ path, value []byte }

func specRoot(hashFn func() hash.Hash, model map[string][]byte) []byte {
	var leaves []specLeaf
	for k, v := range model {
		leaves = append(leaves, specLeaf{hsum(hashFn, []byte(k)), v})
	}
	slices.SortFunc(leaves, func(a, b specLeaf) int { return bytes.Compare(a.path, b.path) })
	return specSub(hashFn, leaves, 0)
}

func specSub(hashFn func() hash.Hash, leaves []specLeaf, depth int) []byte {
	switch len(leaves) {
	case 0:
		return make([]byte, HashSize)
	case 1:
		return specLeafHash(hashFn, leaves[0].path, leaves[0].value)
	}
	i := 0
	for i < len(leaves) && bit(leaves[i].path, depth) == 0 {
		i++
	}
	return hsum(hashFn, []byte{tagInternal}, specSub(hashFn, leaves[:i], depth+1), specSub(hashFn, leaves[i:], depth+1))
}

// proofErrors are the typed reasons Verify may give.
var proofErrors = []error{ErrBadRoot, ErrMalformedProof, ErrRootMismatch, ErrNotMembershipProof, ErrKeyPresent, ErrLeafOffPath}

func isProofError(err error) bool {
	for _, e := range proofErrors {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// reachable returns the digests of every node reachable from root, and fails
// the test on a missing or corrupt node or a non-canonical shape.
func reachable(t testing.TB, s *memStore, root []byte) map[[HashSize]byte]bool {
	t.Helper()
	seen := map[[HashSize]byte]bool{}
	var walk func(d []byte, depth int) (leaves int)
	walk = func(d []byte, depth int) int {
		if isZero(d) {
			return 0
		}
		seen[[HashSize]byte(d)] = true
		b := s.m[[HashSize]byte(d)]
		if b == nil {
			t.Fatalf("node %x missing", d)
		}
		n, err := decodeNode(b)
		if err != nil {
			t.Fatalf("node %x: %v", d, err)
		}
		if n.leaf {
			return 1
		}
		l := walk(b[2:2+HashSize], depth+1)
		r := walk(b[2+HashSize:], depth+1)
		if l+r < 2 {
			t.Fatalf("internal node %x at depth %d holds %d leaves", d, depth, l+r)
		}
		return l + r
	}
	if len(root) > 0 {
		walk(root, 0)
	}
	return seen
}

// checkWrites checks that writes are sorted, distinct and content-addressed.
func checkWrites(t testing.TB, hashFn func() hash.Hash, writes []KV) {
	t.Helper()
	for i, w := range writes {
		if i > 0 && bytes.Compare(writes[i-1].Key, w.Key) >= 0 {
			t.Fatalf("writes not sorted and distinct at %d", i)
		}
		n, err := decodeNode(w.Value)
		if err != nil {
			t.Fatalf("write %x: %v", w.Key, err)
		}
		var d []byte
		if n.leaf {
			d = specLeafHash(hashFn, n.path, n.value)
			if !bytes.Equal(hsum(hashFn, n.key), n.path) {
				t.Fatalf("leaf %x: path is not H(key)", w.Key)
			}
		} else {
			d = hsum(hashFn, []byte{tagInternal}, w.Value[2:2+HashSize], w.Value[2+HashSize:])
		}
		if !bytes.Equal(d, w.Key) {
			t.Fatalf("write key %x is not the node's digest %x", w.Key, d)
		}
	}
}

func mustUpdate(t testing.TB, tr *Tree, s *memStore, root []byte, changes []KV) []byte {
	t.Helper()
	nr, w, err := tr.Update(root, changes)
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	s.put(t, w)
	return nr
}

func modelKVs(model map[string][]byte) []KV {
	kvs := make([]KV, 0, len(model))
	for k, v := range model {
		kvs = append(kvs, KV{Key: []byte(k), Value: v})
	}
	slices.SortFunc(kvs, func(a, b KV) int { return bytes.Compare(a.Key, b.Key) })
	return kvs
}

func cloneModel(m map[string][]byte) map[string][]byte {
	c := make(map[string][]byte, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

func randValue(rng *rand.Rand) []byte {
	v := make([]byte, 1+rng.Intn(40))
	rng.Read(v)
	return v
}

func hexKey(k []byte) string { return fmt.Sprintf("%x", k) }
