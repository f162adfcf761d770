package smt

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"hash"
	"slices"
)

// Update applies changes to the tree with root root (nil, empty or EmptyRoot
// for the empty tree) and returns the new root and the nodes to persist.
//
// Changes may come in any order; when a key appears more than once the last
// change wins. A change with an empty or nil Value deletes its key (deleting an
// absent key is a no-op). The new root depends only on the resulting set of
// (key, value) pairs.
//
// writes holds every node of the new tree that is not a node of the old one,
// keyed by its 32-byte digest and sorted by key, each key once; the caller
// prefixes the keys as it likes and persists them, typically in the block's
// Pebble batch. A write may repeat a node that is already stored from an
// older version (same key, same bytes), so writing it again is harmless.
// Nothing is ever deleted: nodes of older roots stay valid, so Get and Prove
// keep working at every root whose writes were persisted.
//
// Cost: the changes are sorted by path and applied in one descent, so a block
// of B changes over N keys reads and hashes O(B log N) nodes, and each node on
// the shared upper paths is read and rewritten once. Update does not modify
// changes, and the returned slices do not alias them or anything the reader
// returned.
func (t *Tree) Update(root []byte, changes []KV) (newRoot []byte, writes []KV, err error) {
	if t.err != nil {
		return nil, nil, t.err
	}
	rr, err := rootRef(root)
	if err != nil {
		return nil, nil, err
	}
	if len(changes) == 0 {
		if rr.d == nil {
			return make([]byte, HashSize), nil, nil
		}
		return slices.Clone(rr.d), nil, nil
	}
	u := &updater{t: t, h: t.hashFn()}
	paths := make([]byte, HashSize*len(changes))
	order := make([]sortKey, len(changes))
	for i, c := range changes {
		p := keyPath(u.h, c.Key, paths[i*HashSize:i*HashSize:(i+1)*HashSize])
		order[i] = sortKey{binary.BigEndian.Uint64(p), i}
	}
	// Sort by path, then by position in changes, so that the last change of
	// each key comes last among its equals.
	slices.SortFunc(order, func(a, b sortKey) int {
		if a.prefix != b.prefix {
			return cmp.Compare(a.prefix, b.prefix)
		}
		if c := bytes.Compare(paths[a.i*HashSize:(a.i+1)*HashSize], paths[b.i*HashSize:(b.i+1)*HashSize]); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	})
	out := make([]change, 0, len(changes))
	for j, o := range order {
		p := paths[o.i*HashSize : (o.i+1)*HashSize]
		if j+1 < len(order) && bytes.Equal(p, paths[order[j+1].i*HashSize:(order[j+1].i+1)*HashSize]) {
			continue // a later change of the same key wins
		}
		c := &changes[o.i]
		out = append(out, change{path: p, key: c.Key, value: c.Value})
	}
	nr, err := u.update(rr, 0, out)
	if err != nil {
		return nil, nil, err
	}
	if nr.d == nil {
		newRoot = make([]byte, HashSize)
	} else {
		newRoot = slices.Clone(nr.d)
	}
	w := sortWrites(u.writes)
	return newRoot, w, nil
}

// sortKey orders byte strings by their first 8 bytes, then by index i.
type sortKey struct {
	prefix uint64
	i      int
}

// sortWrites returns w sorted by key with duplicate keys removed. Sorting
// small index records rather than KVs, by a uint64 prefix first, is several
// times faster than sorting the KVs with bytes.Compare.
func sortWrites(w []KV) []KV {
	if len(w) < 2 {
		return w
	}
	order := make([]sortKey, len(w))
	for i := range w {
		order[i] = sortKey{binary.BigEndian.Uint64(w[i].Key), i}
	}
	slices.SortFunc(order, func(a, b sortKey) int {
		if a.prefix != b.prefix {
			return cmp.Compare(a.prefix, b.prefix)
		}
		return bytes.Compare(w[a.i].Key, w[b.i].Key)
	})
	out := make([]KV, 0, len(w))
	for _, o := range order {
		kv := w[o.i]
		if n := len(out); n > 0 && bytes.Equal(out[n-1].Key, kv.Key) {
			continue
		}
		out = append(out, kv)
	}
	return out
}

// change is one pending leaf: a change from the caller (digest nil; empty
// value = delete), or an existing leaf carried down unchanged (digest set).
type change struct {
	path, key, value []byte
	digest           []byte
}

// updater holds the state of one Update call.
type updater struct {
	t       *Tree
	h       hash.Hash
	slab    []byte
	writes  []KV
	scratch []change
	buf     [1 + 2*HashSize]byte
	vh      [HashSize]byte
}

const slabSize = 64 << 10

// alloc returns n fresh bytes (length and capacity n) carved from a slab, so
// that digests and node encodings cost no allocation each.
func (u *updater) alloc(n int) []byte {
	if len(u.slab) < n {
		size := slabSize
		if n > size {
			size = n
		}
		u.slab = make([]byte, size)
	}
	b := u.slab[:n:n]
	u.slab = u.slab[n:]
	return b
}

// update applies the sorted, deduplicated changes ch (all sharing the first
// depth bits of their paths) to the subtree n rooted at depth.
func (u *updater) update(n ref, depth int, ch []change) (ref, error) {
	if len(ch) == 0 {
		return n, nil
	}
	if n.d == nil {
		return u.build(depth, u.merge(ch, nil))
	}
	nd, err := u.t.load(n.d)
	if err != nil {
		return ref{}, err
	}
	if nd.leaf {
		return u.build(depth, u.merge(ch, &change{path: nd.path, key: nd.key, value: nd.value, digest: n.d}))
	}
	if depth >= MaxDepth {
		return ref{}, fmt.Errorf("%w: internal node %x below depth %d", ErrCorruptNode, n.d, MaxDepth)
	}
	i := splitAt(ch, depth)
	l, err := u.update(nd.left, depth+1, ch[:i])
	if err != nil {
		return ref{}, err
	}
	r, err := u.update(nd.right, depth+1, ch[i:])
	if err != nil {
		return ref{}, err
	}
	if l.same(nd.left) && r.same(nd.right) {
		return n, nil
	}
	return u.combine(l, r), nil
}

// merge returns the leaves that a subtree holding only old (nil: nothing)
// holds after the changes ch: ch without deletions, plus old unless a change
// replaces or deletes it, sorted by path. A change that rewrites old's value
// unchanged keeps old, so that nothing is rewritten. The result lives in
// u.scratch, valid until the next merge.
func (u *updater) merge(ch []change, old *change) []change {
	s := u.scratch[:0]
	placed := old == nil
	for i := range ch {
		c := &ch[i]
		if !placed {
			switch cmp := bytes.Compare(old.path, c.path); {
			case cmp < 0:
				s = append(s, *old)
				placed = true
			case cmp == 0:
				placed = true
				if len(c.value) > 0 {
					if bytes.Equal(c.value, old.value) {
						s = append(s, *old)
					} else {
						s = append(s, *c)
					}
				}
				continue
			}
		}
		if len(c.value) > 0 {
			s = append(s, *c)
		}
	}
	if !placed {
		s = append(s, *old)
	}
	u.scratch = s[:0]
	return s
}

// build returns the subtree at depth that holds exactly the leaves s (sorted,
// distinct paths sharing their first depth bits).
func (u *updater) build(depth int, s []change) (ref, error) {
	switch len(s) {
	case 0:
		return ref{}, nil
	case 1:
		return u.leaf(&s[0]), nil
	}
	if depth >= MaxDepth {
		return ref{}, fmt.Errorf("%w: two leaves with path %x", ErrCorruptNode, s[0].path)
	}
	i := splitAt(s, depth)
	l, err := u.build(depth+1, s[:i])
	if err != nil {
		return ref{}, err
	}
	r, err := u.build(depth+1, s[i:])
	if err != nil {
		return ref{}, err
	}
	return u.combine(l, r), nil
}

// splitAt returns the index of the first change whose path has bit depth set;
// the changes are sorted and share their first depth bits.
func splitAt(s []change, depth int) int {
	lo, hi := 0, len(s)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if bit(s[m].path, depth) == 0 {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// leaf returns the leaf for c, creating and recording it unless c is an
// existing leaf.
func (u *updater) leaf(c *change) ref {
	if c.digest != nil {
		return ref{d: c.digest, leaf: true}
	}
	u.h.Reset()
	u.h.Write(c.value)
	vh := u.h.Sum(u.vh[:0])
	d := u.digest(tagLeaf, c.path, vh)

	kl := binary.PutUvarint(u.buf[:], uint64(len(c.key)))
	enc := u.alloc(1 + HashSize + kl + len(c.key) + len(c.value))
	enc[0] = tagLeaf
	copy(enc[1:], c.path)
	copy(enc[1+HashSize:], u.buf[:kl])
	copy(enc[1+HashSize+kl:], c.key)
	copy(enc[1+HashSize+kl+len(c.key):], c.value)
	u.writes = append(u.writes, KV{Key: d, Value: enc})
	return ref{d: d, leaf: true}
}

// combine returns the subtree with children l and r, applying the
// compression rule: an empty subtree stays empty, and a leaf whose sibling is
// empty moves up to take its parent's place.
func (u *updater) combine(l, r ref) ref {
	switch {
	case l.d == nil && r.d == nil:
		return ref{}
	case l.d == nil && r.leaf:
		return r
	case r.d == nil && l.leaf:
		return l
	}
	ld, rd := l.d, r.d
	if ld == nil {
		ld = zeroDigest[:]
	}
	if rd == nil {
		rd = zeroDigest[:]
	}
	d := u.digest(tagInternal, ld, rd)
	enc := u.alloc(internalSize)
	enc[0] = tagInternal
	var flags byte
	if l.leaf {
		flags |= flagLeftLeaf
	}
	if r.leaf {
		flags |= flagRightLeaf
	}
	enc[1] = flags
	copy(enc[2:], ld)
	copy(enc[2+HashSize:], rd)
	u.writes = append(u.writes, KV{Key: d, Value: enc})
	return ref{d: d}
}

// digest returns H(tag || a || b) in fresh slab memory.
func (u *updater) digest(tag byte, a, b []byte) []byte {
	u.buf[0] = tag
	copy(u.buf[1:], a)
	copy(u.buf[1+HashSize:], b)
	u.h.Reset()
	u.h.Write(u.buf[:])
	return u.h.Sum(u.alloc(HashSize)[:0])
}
