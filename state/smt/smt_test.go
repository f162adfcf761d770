package smt

import (
	"bytes"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand"
	"sync"
	"testing"
)

func TestEmptyTree(t *testing.T) {
	s := newMemStore()
	tr := New(sha256.New, s)
	empty := EmptyRoot(sha256.New)
	if !bytes.Equal(empty, make([]byte, 32)) {
		t.Fatalf("EmptyRoot = %x", empty)
	}
	for _, root := range [][]byte{nil, {}, empty} {
		v, err := tr.Get(root, []byte("k"))
		if v != nil || err != nil {
			t.Fatalf("Get on empty tree = %x, %v", v, err)
		}
		v, p, err := tr.Prove(root, []byte("k"))
		if v != nil || err != nil || len(p.Siblings) != 0 || p.LeafPath != nil {
			t.Fatalf("Prove on empty tree = %x, %+v, %v", v, p, err)
		}
		if err := Verify(sha256.New, root, []byte("k"), nil, p); err != nil {
			t.Fatal(err)
		}
		if err := Verify(sha256.New, root, []byte("k"), []byte("v"), p); !errors.Is(err, ErrRootMismatch) {
			t.Fatalf("membership in empty tree: %v", err)
		}
		nr, w, err := tr.Update(root, nil)
		if err != nil || !bytes.Equal(nr, empty) || w != nil {
			t.Fatalf("no-op Update = %x, %v, %v", nr, w, err)
		}
		// Deleting absent keys from the empty tree writes nothing.
		nr, w, err = tr.Update(root, []KV{{Key: []byte("a")}, {Key: []byte("b"), Value: []byte{}}})
		if err != nil || !bytes.Equal(nr, empty) || len(w) != 0 {
			t.Fatalf("deleting from empty tree = %x, %v, %v", nr, w, err)
		}
	}
	if reads := s.reads; reads != 0 {
		t.Fatalf("empty tree read %d nodes", reads)
	}
}

func TestSingleKey(t *testing.T) {
	s := newMemStore()
	tr := New(sha256.New, s)
	k, v := []byte("alice"), []byte("100")
	root := mustUpdate(t, tr, s, nil, []KV{{Key: k, Value: v}})
	if want := specLeafHash(sha256.New, hsum(sha256.New, k), v); !bytes.Equal(root, want) {
		t.Fatalf("root of one key = %x, want its leaf hash %x", root, want)
	}
	got, p, err := tr.Prove(root, k)
	if err != nil || !bytes.Equal(got, v) || len(p.Siblings) != 0 {
		t.Fatalf("Prove = %x, %+v, %v", got, p, err)
	}
	if err := Verify(sha256.New, root, k, v, p); err != nil {
		t.Fatal(err)
	}
	// An absent key's proof ends in alice's leaf at the root.
	got, p, err = tr.Prove(root, []byte("bob"))
	if err != nil || got != nil || len(p.Siblings) != 0 || !bytes.Equal(p.LeafPath, hsum(sha256.New, k)) ||
		!bytes.Equal(p.LeafValueHash, hsum(sha256.New, v)) {
		t.Fatalf("Prove(bob) = %x, %+v, %v", got, p, err)
	}
	if err := Verify(sha256.New, root, []byte("bob"), nil, p); err != nil {
		t.Fatal(err)
	}
	if err := Verify(sha256.New, root, k, nil, p); !errors.Is(err, ErrKeyPresent) {
		t.Fatalf("absence of alice with her own leaf: %v", err)
	}
	// The returned value is a copy.
	got, _ = tr.Get(root, k)
	got[0] = 'X'
	if again, _ := tr.Get(root, k); !bytes.Equal(again, v) {
		t.Fatal("Get returned an alias of the stored value")
	}
	// Overwrite with the same value: same root, nothing written.
	nr, w, err := tr.Update(root, []KV{{Key: k, Value: []byte("100")}})
	if err != nil || !bytes.Equal(nr, root) || len(w) != 0 {
		t.Fatalf("same-value overwrite = %x, %d writes, %v", nr, len(w), err)
	}
	// Delete: back to the empty root.
	nr = mustUpdate(t, tr, s, root, []KV{{Key: k}})
	if !bytes.Equal(nr, EmptyRoot(sha256.New)) {
		t.Fatalf("root after deleting the only key = %x", nr)
	}
}

// path32 returns a 32-byte path (a key under idHash) with the given bits set.
func path32(bits ...int) []byte {
	p := make([]byte, HashSize)
	for _, b := range bits {
		p[b/8] |= 0x80 >> (b % 8)
	}
	return p
}

func TestLongSharedPrefix(t *testing.T) {
	s := newMemStore()
	tr := New(newIDHash, s)
	a := path32(3)      // 0001 0000 ... 0
	b := path32(3, 255) // same but the last bit
	va, vb := []byte("A"), []byte("B")
	root := mustUpdate(t, tr, s, nil, []KV{{Key: b, Value: vb}, {Key: a, Value: va}})
	// 255 single-child internal nodes above the split at bit 255, then the
	// split node itself: 256 internal nodes and 2 leaves.
	if n := len(reachable(t, s, root)); n != 258 {
		t.Fatalf("%d nodes, want 258", n)
	}
	for _, kv := range []KV{{a, va}, {b, vb}} {
		v, p, err := tr.Prove(root, kv.Key)
		if err != nil || !bytes.Equal(v, kv.Value) || len(p.Siblings) != MaxDepth {
			t.Fatalf("Prove = %x, %d siblings, %v", v, len(p.Siblings), err)
		}
		if err := Verify(newIDHash, root, kv.Key, kv.Value, p); err != nil {
			t.Fatal(err)
		}
	}
	// A key sharing 200 bits with a and b: proof ends in an empty subtree at
	// depth 201.
	c := path32(3, 200)
	v, p, err := tr.Prove(root, c)
	if err != nil || v != nil || len(p.Siblings) != 201 || p.LeafPath != nil {
		t.Fatalf("Prove(c) = %x, %d siblings, leaf %x, %v", v, len(p.Siblings), p.LeafPath, err)
	}
	if err := Verify(newIDHash, root, c, nil, p); err != nil {
		t.Fatal(err)
	}
	// Deleting b moves a's existing leaf up to the root: no node to write.
	nr, w, err := tr.Update(root, []KV{{Key: b}})
	if err != nil || len(w) != 0 || !bytes.Equal(nr, specLeafHash(newIDHash, a, va)) {
		t.Fatalf("delete b = %x, %d writes, %v", nr, len(w), err)
	}
	// Now an absence proof for b ends in a's leaf at the root, which shares
	// 255 bits with b.
	v, p, err = tr.Prove(nr, b)
	if err != nil || v != nil || len(p.Siblings) != 0 || !bytes.Equal(p.LeafPath, a) {
		t.Fatalf("Prove(b) = %x, %+v, %v", v, p, err)
	}
	if err := Verify(newIDHash, nr, b, nil, p); err != nil {
		t.Fatal(err)
	}
	// A forged proof placing a's leaf below where b's path leaves a's is
	// refused as off path.
	forged := &Proof{Siblings: make([][]byte, MaxDepth), LeafPath: a, LeafValueHash: hsum(newIDHash, va)}
	for i := range forged.Siblings {
		forged.Siblings[i] = make([]byte, HashSize)
	}
	if err := Verify(newIDHash, nr, b, nil, forged); !errors.Is(err, ErrLeafOffPath) {
		t.Fatalf("off-path leaf: %v", err)
	}
	// The old root still proves both keys.
	for _, kv := range []KV{{a, va}, {b, vb}} {
		v, p, err := tr.Prove(root, kv.Key)
		if err != nil || Verify(newIDHash, root, kv.Key, v, p) != nil {
			t.Fatalf("old root: %v", err)
		}
	}
}

func TestExtremePaths(t *testing.T) {
	s := newMemStore()
	tr := New(newIDHash, s)
	zero := make([]byte, HashSize)
	ones := bytes.Repeat([]byte{0xff}, HashSize)
	model := map[string][]byte{string(zero): []byte("0"), string(ones): []byte("1")}
	root := mustUpdate(t, tr, s, nil, modelKVs(model))
	want := hsum(newIDHash, []byte{tagInternal}, specLeafHash(newIDHash, zero, []byte("0")), specLeafHash(newIDHash, ones, []byte("1")))
	if !bytes.Equal(root, want) {
		t.Fatalf("root %x, want %x", root, want)
	}
	for k, v := range model {
		got, p, err := tr.Prove(root, []byte(k))
		if err != nil || !bytes.Equal(got, v) || len(p.Siblings) != 1 || Verify(newIDHash, root, []byte(k), v, p) != nil {
			t.Fatalf("Prove(%x) = %x, %+v, %v", k, got, p, err)
		}
	}
}

func TestLastWriteWins(t *testing.T) {
	s := newMemStore()
	tr := New(sha256.New, s)
	root := mustUpdate(t, tr, s, nil, []KV{
		{Key: []byte("a"), Value: []byte("1")},
		{Key: []byte("b"), Value: []byte("1")},
		{Key: []byte("a"), Value: []byte("2")},
		{Key: []byte("b")},
		{Key: []byte("c")},
		{Key: []byte("c"), Value: []byte("3")},
	})
	want := specRoot(sha256.New, map[string][]byte{"a": []byte("2"), "c": []byte("3")})
	if !bytes.Equal(root, want) {
		t.Fatalf("root %x, want %x", root, want)
	}
}

// TestGoldenRoot pins the node format and hashing rules: changing either
// changes every root on every chain, which must be a deliberate decision.
func TestGoldenRoot(t *testing.T) {
	s := newMemStore()
	tr := New(sha256.New, s)
	var changes []KV
	for i := 0; i < 10; i++ {
		changes = append(changes, KV{Key: fmt.Appendf(nil, "key-%d", i), Value: fmt.Appendf(nil, "value-%d", i)})
	}
	root := mustUpdate(t, tr, s, nil, changes)
	// Cross-checked against an independent Python implementation of the rules in doc.go.
	const golden = "e1e7f656eed821507c039efd17a5b2798976f19f8199db6e63004d3da584877d"
	if got := hex.EncodeToString(root); got != golden {
		t.Fatalf("root of the golden set = %s, want %s", got, golden)
	}
}

func TestOrderAndBatchIndependence(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	model := map[string][]byte{}
	for i := 0; i < 2000; i++ {
		model[fmt.Sprintf("acct/%d", i)] = randValue(rng)
	}
	kvs := modelKVs(model)
	want := specRoot(sha256.New, model)
	for trial := 0; trial < 4; trial++ {
		rng.Shuffle(len(kvs), func(i, j int) { kvs[i], kvs[j] = kvs[j], kvs[i] })
		s := newMemStore()
		tr := New(sha256.New, s)
		var root []byte
		for rest := kvs; len(rest) > 0; {
			n := 1 + rng.Intn(len(rest))
			if trial == 0 {
				n = 1 // one key at a time
			}
			root = mustUpdate(t, tr, s, root, rest[:n])
			rest = rest[n:]
		}
		if !bytes.Equal(root, want) {
			t.Fatalf("trial %d: root %x, want %x", trial, root, want)
		}
	}
}

func TestNodeCountAndCost(t *testing.T) {
	const n, b = 20000, 200
	rng := rand.New(rand.NewSource(11))
	s := newMemStore()
	tr := New(sha256.New, s)
	changes := make([]KV, n)
	for i := range changes {
		changes[i] = KV{Key: fmt.Appendf(nil, "k%d", i), Value: randValue(rng)}
	}
	root := mustUpdate(t, tr, s, nil, changes)
	nodes := len(reachable(t, s, root))
	if nodes < 2*n-1 || nodes > 3*n {
		t.Fatalf("%d nodes for %d keys, want about 2N", nodes, n)
	}
	if len(s.m) != nodes {
		t.Fatalf("one-batch build stored %d nodes, %d reachable", len(s.m), nodes)
	}
	// A block of b changes reads and writes O(b log n) nodes.
	block := make([]KV, b)
	for i := range block {
		block[i] = KV{Key: fmt.Appendf(nil, "k%d", rng.Intn(2*n)), Value: randValue(rng)}
	}
	s.reads = 0
	_, w, err := tr.Update(root, block)
	if err != nil {
		t.Fatal(err)
	}
	bound := int(float64(b) * (math.Log2(n) + 4))
	if s.reads > bound || len(w) > bound {
		t.Fatalf("block of %d changes over %d keys: %d reads, %d writes, bound %d", b, n, s.reads, len(w), bound)
	}
	t.Logf("%d keys: %d nodes; block of %d: %d reads, %d writes", n, nodes, b, s.reads, len(w))
}

func TestErrors(t *testing.T) {
	s := newMemStore()
	tr := New(sha256.New, s)
	root := mustUpdate(t, tr, s, nil, []KV{{Key: []byte("a"), Value: []byte("1")}, {Key: []byte("b"), Value: []byte("2")}})

	if _, err := tr.Get(root[:31], []byte("a")); !errors.Is(err, ErrBadRoot) {
		t.Fatalf("short root: %v", err)
	}
	if _, _, err := tr.Update(append(root, 0), []KV{{Key: []byte("a")}}); !errors.Is(err, ErrBadRoot) {
		t.Fatalf("long root: %v", err)
	}
	unknown := hsum(sha256.New, []byte("nothing"))
	if _, err := tr.Get(unknown, []byte("a")); !errors.Is(err, ErrMissingNode) {
		t.Fatalf("unknown root: %v", err)
	}
	if _, _, err := tr.Prove(unknown, []byte("a")); !errors.Is(err, ErrMissingNode) {
		t.Fatalf("unknown root: %v", err)
	}
	if _, _, err := tr.Update(unknown, []KV{{Key: []byte("a"), Value: []byte("1")}}); !errors.Is(err, ErrMissingNode) {
		t.Fatalf("unknown root: %v", err)
	}

	// Corrupt the root node in several ways.
	good := s.m[[HashSize]byte(root)]
	for name, bad := range map[string][]byte{
		"empty":          {},
		"unknown tag":    append([]byte{7}, good[1:]...),
		"short internal": good[:40],
		"bad flags":      append([]byte{tagInternal, 0x80}, good[2:]...),
		"two empties":    append([]byte{tagInternal, 0}, make([]byte, 64)...),
		"short leaf":     {tagLeaf, 1, 2},
		"leaf key len":   append(append([]byte{tagLeaf}, make([]byte, 32)...), 0xff, 0xff, 0x03),
		"leaf no value":  append(append([]byte{tagLeaf}, make([]byte, 32)...), 1, 'k'),
	} {
		s.m[[HashSize]byte(root)] = bad
		if _, err := tr.Get(root, []byte("a")); !errors.Is(err, ErrCorruptNode) {
			t.Errorf("%s: Get: %v", name, err)
		}
		if _, _, err := tr.Update(root, []KV{{Key: []byte("c"), Value: []byte("3")}}); !errors.Is(err, ErrCorruptNode) {
			t.Errorf("%s: Update: %v", name, err)
		}
	}
	s.m[[HashSize]byte(root)] = good

	// A failing reader.
	boom := errors.New("disk on fire")
	ftr := New(sha256.New, failingReader{boom})
	if _, err := ftr.Get(root, []byte("a")); !errors.Is(err, boom) {
		t.Fatalf("reader error: %v", err)
	}

	// A hash of the wrong size.
	btr := New(sha512.New, s)
	if _, err := btr.Get(root, []byte("a")); !errors.Is(err, ErrHashSize) {
		t.Fatalf("sha512 Get: %v", err)
	}
	if _, _, err := btr.Update(root, nil); !errors.Is(err, ErrHashSize) {
		t.Fatalf("sha512 Update: %v", err)
	}
	v, p, _ := tr.Prove(root, []byte("a"))
	if err := Verify(sha512.New, root, []byte("a"), v, p); !errors.Is(err, ErrHashSize) {
		t.Fatalf("sha512 Verify: %v", err)
	}
	if err := Verify(nil, root, []byte("a"), v, p); !errors.Is(err, ErrHashSize) {
		t.Fatalf("nil hash Verify: %v", err)
	}
	// Malformed proofs.
	if err := Verify(sha256.New, root, []byte("a"), v, nil); !errors.Is(err, ErrMalformedProof) {
		t.Fatalf("nil proof: %v", err)
	}
	long := &Proof{Siblings: make([][]byte, MaxDepth+1)}
	for i := range long.Siblings {
		long.Siblings[i] = make([]byte, HashSize)
	}
	if err := Verify(sha256.New, root, []byte("a"), v, long); !errors.Is(err, ErrMalformedProof) {
		t.Fatalf("257 siblings: %v", err)
	}
	if err := Verify(sha256.New, root, []byte("a"), nil, &Proof{LeafPath: make([]byte, 31), LeafValueHash: make([]byte, 32)}); !errors.Is(err, ErrMalformedProof) {
		t.Fatalf("short leaf path: %v", err)
	}
	if err := Verify(sha256.New, root, []byte("a"), v, &Proof{Siblings: p.Siblings, LeafPath: make([]byte, 32)}); !errors.Is(err, ErrNotMembershipProof) {
		t.Fatalf("membership with a leaf: %v", err)
	}
}

type failingReader struct{ err error }

func (f failingReader) GetNode([]byte) ([]byte, error) { return nil, f.err }

func TestProofJSON(t *testing.T) {
	s := newMemStore()
	tr := New(sha256.New, s)
	var changes []KV
	for i := 0; i < 100; i++ {
		changes = append(changes, KV{Key: fmt.Appendf(nil, "k%d", i), Value: fmt.Appendf(nil, "v%d", i)})
	}
	root := mustUpdate(t, tr, s, nil, changes)
	for _, k := range []string{"k42", "absent"} {
		v, p, err := tr.Prove(root, []byte(k))
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		var q Proof
		if err := json.Unmarshal(b, &q); err != nil {
			t.Fatal(err)
		}
		if err := Verify(sha256.New, root, []byte(k), v, &q); err != nil {
			t.Fatalf("%s after JSON round trip: %v", k, err)
		}
	}
}

func TestConcurrentReaders(t *testing.T) {
	s := newMemStore()
	tr := New(sha256.New, s)
	var changes []KV
	for i := 0; i < 500; i++ {
		changes = append(changes, KV{Key: fmt.Appendf(nil, "k%d", i), Value: fmt.Appendf(nil, "v%d", i)})
	}
	root := mustUpdate(t, tr, s, nil, changes)
	cs := concurrentStore{m: s.m}
	ctr := New(sha256.New, cs)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 500; i++ {
				k := fmt.Appendf(nil, "k%d", (i*7+g)%600)
				v, p, err := ctr.Prove(root, k)
				if err == nil {
					err = Verify(sha256.New, root, k, v, p)
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// concurrentStore is a read-only view of a memStore without the read counter.
type concurrentStore struct{ m map[[HashSize]byte][]byte }

func (c concurrentStore) GetNode(k []byte) ([]byte, error) { return c.m[[HashSize]byte(k)], nil }
