package smt

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"math/rand"
	"reflect"
	"testing"

	"github.com/emmansun/gmsm/sm3"
)

// keyMode is a hash function and a pool of state keys to draw operations from.
type keyMode struct {
	name   string
	hashFn func() hash.Hash
	pool   func(rng *rand.Rand) [][]byte
	// neighbour returns an absent-looking key whose path is close to key's.
	neighbour func(rng *rand.Rand, key []byte) []byte
}

func stringPool(n int) func(*rand.Rand) [][]byte {
	return func(*rand.Rand) [][]byte {
		keys := make([][]byte, n)
		for i := range keys {
			keys[i] = fmt.Appendf(nil, "key-%d", i)
		}
		return keys
	}
}

// sharedPrefixKeys searches for keys whose SHA-256 paths share at least bits
// leading bits with H(anchor), so that real hashing also gets deep paths.
func sharedPrefixKeys(anchor string, bits, n int) [][]byte {
	target := sha256.Sum256([]byte(anchor))
	keys := [][]byte{[]byte(anchor)}
	for i := 0; len(keys) < n+1; i++ {
		k := fmt.Appendf(nil, "%s/%d", anchor, i)
		p := sha256.Sum256(k)
		if commonPrefix(p[:], target[:]) >= bits {
			keys = append(keys, k)
		}
	}
	return keys
}

// clusteredPool makes 32-byte keys (their own paths under idHash) in a few
// clusters: copies of a base with a random tail starting at a random bit, so
// pairs share prefixes of every length up to 255 bits.
func clusteredPool(rng *rand.Rand) [][]byte {
	var keys [][]byte
	bases := make([][]byte, 4)
	for i := range bases {
		bases[i] = make([]byte, HashSize)
		rng.Read(bases[i])
	}
	bases[0] = make([]byte, HashSize)               // all zeros
	bases[1] = bytes.Repeat([]byte{0xff}, HashSize) // all ones
	seen := map[string]bool{}
	for len(keys) < 160 {
		k := append([]byte(nil), bases[rng.Intn(len(bases))]...)
		var from int
		switch rng.Intn(3) {
		case 0:
			from = 240 + rng.Intn(16) // neighbours deep down
		case 1:
			from = rng.Intn(256)
		default:
			from = 8 + rng.Intn(24)
		}
		for b := from; b < MaxDepth; b++ {
			if rng.Intn(2) == 1 {
				k[b/8] ^= 0x80 >> (b % 8)
			}
		}
		if !seen[string(k)] {
			seen[string(k)] = true
			keys = append(keys, k)
		}
	}
	return keys
}

func flipDeepBit(rng *rand.Rand, key []byte) []byte {
	k := append([]byte(nil), key...)
	b := 160 + rng.Intn(96)
	k[b/8] ^= 0x80 >> (b % 8)
	return k
}

func freshKey(rng *rand.Rand, key []byte) []byte {
	return fmt.Appendf(nil, "%s~%d", key, rng.Int63())
}

var modes = []keyMode{
	{
		name:   "sha256",
		hashFn: sha256.New,
		pool: func(rng *rand.Rand) [][]byte {
			keys := stringPool(300)(rng)
			keys = append(keys, sharedPrefixKeys("anchor-a", 14, 10)...)
			keys = append(keys, sharedPrefixKeys("anchor-b", 18, 3)...)
			return keys
		},
		neighbour: freshKey,
	},
	{name: "sm3", hashFn: sm3.New, pool: stringPool(150), neighbour: freshKey},
	{name: "identity-clustered", hashFn: newIDHash, pool: clusteredPool, neighbour: flipDeepBit},
}

type version struct {
	root  []byte
	model map[string][]byte
}

func TestPropertyAgainstMap(t *testing.T) {
	for _, m := range modes {
		for _, seed := range []int64{1, 2, 3} {
			t.Run(fmt.Sprintf("%s/seed%d", m.name, seed), func(t *testing.T) {
				t.Parallel()
				runProperty(t, m, seed, 50)
			})
		}
	}
}

func runProperty(t *testing.T, m keyMode, seed int64, batches int) {
	rng := rand.New(rand.NewSource(seed))
	pool := m.pool(rng)
	s := newMemStore()
	tr := New(m.hashFn, s)
	model := map[string][]byte{}
	root := EmptyRoot(m.hashFn)
	history := []version{{root, cloneModel(model)}}

	for b := 0; b < batches; b++ {
		var changes []KV
		n := rng.Intn(30)
		switch {
		case b%17 == 5:
			n = 150 + rng.Intn(150)
		case b%13 == 7:
			n = 0
		}
		for i := 0; i < n; i++ {
			k := pool[rng.Intn(len(pool))]
			switch r := rng.Intn(100); {
			case r < 55:
				changes = append(changes, KV{Key: k, Value: randValue(rng)})
			case r < 75: // delete (present or not)
				var v []byte
				if rng.Intn(2) == 0 {
					v = []byte{} // empty, not nil: also a delete
				}
				changes = append(changes, KV{Key: k, Value: v})
			case r < 85: // rewrite the same value
				if v, ok := model[string(k)]; ok {
					changes = append(changes, KV{Key: k, Value: append([]byte(nil), v...)})
				}
			default: // delete a present key
				if kvs := modelKVs(model); len(kvs) > 0 {
					changes = append(changes, KV{Key: kvs[rng.Intn(len(kvs))].Key})
				}
			}
		}
		root = applyAndCheck(t, m, tr, s, root, changes, model)
		history = append(history, version{root, cloneModel(model)})
		checkVersion(t, m, tr, root, model, pool, rng, true)

		if b%10 == 9 {
			checkRebuild(t, m, root, model, rng)
			for i := 0; i < 4; i++ {
				v := history[rng.Intn(len(history))]
				checkVersion(t, m, tr, v.root, v.model, pool, rng, false)
			}
		}
	}

	// Every version ever returned is still readable and provable.
	for _, v := range history {
		checkVersion(t, m, tr, v.root, v.model, pool, rng, false)
	}

	// Deleting everything, in shuffled order mixed with deletes of absent
	// keys, gives the empty root.
	var dels []KV
	for _, kv := range modelKVs(model) {
		dels = append(dels, KV{Key: kv.Key})
	}
	for i := 0; i < 20; i++ {
		dels = append(dels, KV{Key: m.neighbour(rng, pool[rng.Intn(len(pool))])})
	}
	rng.Shuffle(len(dels), func(i, j int) { dels[i], dels[j] = dels[j], dels[i] })
	half := len(dels) / 2
	root = applyAndCheck(t, m, tr, s, root, dels[:half], model)
	root = applyAndCheck(t, m, tr, s, root, dels[half:], model)
	if len(model) != 0 || !bytes.Equal(root, EmptyRoot(m.hashFn)) {
		t.Fatalf("after deleting everything: root %x, %d keys in model", root, len(model))
	}
	checkVersion(t, m, tr, root, model, pool, rng, true)
}

// applyAndCheck updates the tree and the model with changes, and checks the
// writes, the determinism of Update and the root against the specification.
func applyAndCheck(t *testing.T, m keyMode, tr *Tree, s *memStore, root []byte, changes []KV, model map[string][]byte) []byte {
	t.Helper()
	nr, writes, err := tr.Update(root, changes)
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	nr2, writes2, err := tr.Update(root, changes)
	if err != nil || !bytes.Equal(nr, nr2) || !reflect.DeepEqual(writes, writes2) {
		t.Fatalf("Update is not deterministic")
	}
	checkWrites(t, m.hashFn, writes)
	old := reachable(t, s, root)
	s.put(t, writes)
	now := reachable(t, s, nr)
	written := map[[HashSize]byte]bool{}
	for _, w := range writes {
		written[[HashSize]byte(w.Key)] = true
		if !now[[HashSize]byte(w.Key)] {
			t.Fatalf("write %x is not a node of the new tree", w.Key)
		}
	}
	for d := range now {
		if !old[d] && !written[d] {
			t.Fatalf("new node %x not written", d)
		}
	}
	for _, c := range changes {
		if len(c.Value) == 0 {
			delete(model, string(c.Key))
		} else {
			model[string(c.Key)] = c.Value
		}
	}
	if want := specRoot(m.hashFn, model); !bytes.Equal(nr, want) {
		t.Fatalf("root %x, specification gives %x", nr, want)
	}
	if len(changes) == 0 && !bytes.Equal(nr, root) && !(len(root) == 0 && isZero(nr)) {
		t.Fatalf("empty update changed the root")
	}
	return nr
}

// checkVersion checks Get, Prove and Verify at root against model, for every
// present key and for absent ones; with tamper it also tampers with a few
// proofs.
func checkVersion(t *testing.T, m keyMode, tr *Tree, root []byte, model map[string][]byte, pool [][]byte, rng *rand.Rand, tamper bool) {
	t.Helper()
	kvs := modelKVs(model)
	for i, kv := range kvs {
		got, err := tr.Get(root, kv.Key)
		if err != nil || !bytes.Equal(got, kv.Value) {
			t.Fatalf("Get(%x) = %x, %v; want %x", kv.Key, got, err, kv.Value)
		}
		v, p, err := tr.Prove(root, kv.Key)
		if err != nil || !bytes.Equal(v, kv.Value) {
			t.Fatalf("Prove(%x) = %x, %v; want %x", kv.Key, v, err, kv.Value)
		}
		if err := Verify(m.hashFn, root, kv.Key, v, p); err != nil {
			t.Fatalf("Verify membership of %x: %v", kv.Key, err)
		}
		if err := Verify(m.hashFn, root, kv.Key, nil, p); !isProofError(err) {
			t.Fatalf("membership proof accepted as absence: %v", err)
		}
		if err := Verify(m.hashFn, root, kv.Key, append(v, 0), p); !errors.Is(err, ErrRootMismatch) {
			t.Fatalf("membership proof accepted for another value: %v", err)
		}
		if tamper && i < 2 {
			checkTamper(t, m, rng, root, kv.Key, v, p, model)
		}
	}
	var absent [][]byte
	for _, k := range pool {
		if _, ok := model[string(k)]; !ok {
			absent = append(absent, k)
		}
	}
	for i := 0; i < 10 && len(pool) > 0; i++ {
		absent = append(absent, m.neighbour(rng, pool[rng.Intn(len(pool))]))
	}
	tampered := 0
	for _, k := range absent {
		if _, ok := model[string(k)]; ok {
			continue
		}
		got, err := tr.Get(root, k)
		if err != nil || got != nil {
			t.Fatalf("Get(absent %x) = %x, %v", k, got, err)
		}
		v, p, err := tr.Prove(root, k)
		if err != nil || v != nil || p == nil {
			t.Fatalf("Prove(absent %x) = %x, %v, %v", k, v, p, err)
		}
		if err := Verify(m.hashFn, root, k, nil, p); err != nil {
			t.Fatalf("Verify absence of %x: %v", k, err)
		}
		if err := Verify(m.hashFn, root, k, []byte("x"), p); !isProofError(err) {
			t.Fatalf("absence proof accepted as membership: %v", err)
		}
		if tamper && tampered < 2 && (len(p.LeafPath) > 0 || tampered == 0) {
			tampered++
			checkTamper(t, m, rng, root, k, nil, p, model)
		}
	}
}

// checkTamper changes every part of a valid claim (root, key, value, proof)
// and checks that Verify refuses it with a typed error, except for changes to
// the key that leave a true claim (another absent key on the same path).
func checkTamper(t *testing.T, m keyMode, rng *rand.Rand, root, key, value []byte, p *Proof, model map[string][]byte) {
	t.Helper()
	refuse := func(what string, root, key, value []byte, p *Proof) {
		t.Helper()
		err := Verify(m.hashFn, root, key, value, p)
		if err == nil {
			t.Fatalf("tampered %s accepted (key %x)", what, key)
		}
		if !isProofError(err) {
			t.Fatalf("tampered %s: untyped error %v", what, err)
		}
	}
	clone := func() *Proof {
		q := &Proof{LeafPath: bytes.Clone(p.LeafPath), LeafValueHash: bytes.Clone(p.LeafValueHash)}
		for _, s := range p.Siblings {
			q.Siblings = append(q.Siblings, bytes.Clone(s))
		}
		return q
	}
	flip := func(b []byte, i int) { b[i] ^= 1 << uint(rng.Intn(8)) }

	// Every byte of the proof; for deep proofs, every byte of the outer three
	// siblings at each end and one random byte of a quarter of the others.
	w := clone()
	for i := range w.Siblings {
		deep := len(w.Siblings) > 24 && i >= 3 && i < len(w.Siblings)-3
		if deep && rng.Intn(4) != 0 {
			continue
		}
		for j := 0; j < HashSize; j++ {
			jj := j
			if deep {
				if j > 0 {
					break
				}
				jj = rng.Intn(HashSize)
			}
			old := w.Siblings[i][jj]
			flip(w.Siblings[i], jj)
			refuse(fmt.Sprintf("sibling %d byte %d", i, jj), root, key, value, w)
			w.Siblings[i][jj] = old
		}
	}
	for j := range p.LeafPath {
		q := clone()
		flip(q.LeafPath, j)
		refuse(fmt.Sprintf("leaf path byte %d", j), root, key, value, q)
	}
	for j := range p.LeafValueHash {
		q := clone()
		flip(q.LeafValueHash, j)
		refuse(fmt.Sprintf("leaf value hash byte %d", j), root, key, value, q)
	}
	// Its shape.
	if len(p.Siblings) > 0 {
		q := clone()
		q.Siblings = q.Siblings[1:]
		refuse("proof without its first sibling", root, key, value, q)
		q = clone()
		q.Siblings = q.Siblings[:len(q.Siblings)-1]
		refuse("proof without its last sibling", root, key, value, q)
		q = clone()
		q.Siblings[0] = q.Siblings[0][:HashSize-1]
		refuse("short sibling", root, key, value, q)
	}
	if len(p.Siblings) < MaxDepth {
		q := clone()
		q.Siblings = append(q.Siblings, make([]byte, HashSize))
		refuse("proof with an extra empty sibling", root, key, value, q)
		q = clone()
		q.Siblings = append([][]byte{make([]byte, HashSize)}, q.Siblings...)
		refuse("proof with an extra leading sibling", root, key, value, q)
	}
	if len(p.LeafPath) > 0 {
		q := clone()
		q.LeafPath, q.LeafValueHash = nil, nil
		refuse("non-membership proof without its leaf", root, key, value, q)
		q = clone()
		q.LeafValueHash = nil
		refuse("non-membership proof without its leaf value hash", root, key, value, q)
	} else {
		q := clone()
		q.LeafPath = hsum(m.hashFn, key)
		q.LeafValueHash = hsum(m.hashFn, []byte("v"))
		refuse("proof with the key's own leaf", root, key, value, q)
	}
	refuse("nil proof", root, key, value, nil)

	// The value.
	if value != nil {
		for j := range value {
			v := bytes.Clone(value)
			flip(v, j)
			refuse(fmt.Sprintf("value byte %d", j), root, key, v, p)
		}
		refuse("value extended", root, key, append(bytes.Clone(value), 1), p)
		refuse("value truncated", root, key, value[:len(value)-1], p)
		refuse("value removed", root, key, nil, p)
	} else {
		refuse("value added", root, key, []byte{1}, p)
	}
	// The root.
	for j := 0; j < HashSize; j++ {
		r := bytes.Clone(root)
		flip(r, j)
		refuse(fmt.Sprintf("root byte %d", j), r, key, value, p)
	}
	refuse("short root", root[:HashSize-1], key, value, p)
	// The key: a different key may only be accepted if the claim about it is
	// true (soundness), which happens for absence proofs when the new key is
	// also absent and its path ends in the same place.
	for j := range key {
		k := bytes.Clone(key)
		flip(k, j)
		err := Verify(m.hashFn, root, k, value, p)
		if err == nil {
			got, ok := model[string(k)]
			if value == nil && ok || value != nil && !bytes.Equal(got, value) {
				t.Fatalf("false claim about key %x accepted after tampering with byte %d", k, j)
			}
			if value != nil {
				t.Fatalf("membership proof accepted for another key %x", k)
			}
		} else if !isProofError(err) {
			t.Fatalf("tampered key: untyped error %v", err)
		}
	}
}

// checkRebuild builds model's tree from scratch in a fresh store, in random
// order and random batches, and expects the same root.
func checkRebuild(t *testing.T, m keyMode, root []byte, model map[string][]byte, rng *rand.Rand) {
	t.Helper()
	kvs := modelKVs(model)
	rng.Shuffle(len(kvs), func(i, j int) { kvs[i], kvs[j] = kvs[j], kvs[i] })
	for _, split := range []int{1, 2, 7} {
		s := newMemStore()
		tr := New(m.hashFn, s)
		var r []byte // nil: empty tree
		rest := kvs
		for part := split; part > 0; part-- {
			n := len(rest)
			if part > 1 {
				n = rng.Intn(len(rest) + 1)
			}
			r = mustUpdate(t, tr, s, r, rest[:n])
			rest = rest[n:]
		}
		if !bytes.Equal(r, root) {
			t.Fatalf("rebuild in %d batches: root %x, want %x", split, r, root)
		}
	}
}
