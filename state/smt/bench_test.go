package smt

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math/rand"
	"os"
	"slices"
	"testing"
	"time"
)

// Benchmarks run over an in-memory node store, so they measure the tree's own
// cost (hashing, encoding, sorting, map lookups), not Pebble's. Trees of 10^4,
// 10^5 and 10^6 keys are built once per size and shared; set
// CAUSEWAY_SMT_BIG=1 to add 10^7 (about 10 GB of memory; the 10^7 tree takes
// over a minute to build). reads/change and writes/change count node reads
// and node writes per change: they grow with log2(N/1000).

const benchBlock = 1000

func benchSizes() []int {
	sizes := []int{1e4, 1e5, 1e6}
	if os.Getenv("CAUSEWAY_SMT_BIG") == "1" {
		sizes = append(sizes, 1e7)
	}
	return sizes
}

type benchTree struct {
	s    *memStore
	tr   *Tree
	root []byte
	next uint64 // keys 0..next-1 have been written at some point
	rng  *rand.Rand
}

var benchTrees = map[int]*benchTree{}

func benchKey(i uint64) []byte {
	k := make([]byte, 13)
	copy(k, "acct/")
	binary.BigEndian.PutUint64(k[5:], i)
	return k
}

func benchValue(rng *rand.Rand) []byte {
	v := make([]byte, 32)
	rng.Read(v)
	return v
}

// getBenchTree returns the shared tree of n keys, building it on first use:
// the keys are fed in chunks in path order, so that the build leaves almost
// no obsolete nodes in the store.
func getBenchTree(b *testing.B, n int) *benchTree {
	if bt, ok := benchTrees[n]; ok {
		return bt
	}
	b.StopTimer()
	defer b.StartTimer()
	start := time.Now()
	rng := rand.New(rand.NewSource(int64(n)))
	type kp struct {
		i    uint64
		path [HashSize]byte
	}
	kps := make([]kp, n)
	for i := range kps {
		kps[i] = kp{uint64(i), sha256.Sum256(benchKey(uint64(i)))}
	}
	slices.SortFunc(kps, func(a, b kp) int { return bytes.Compare(a.path[:], b.path[:]) })
	bt := &benchTree{s: newMemStore(), next: uint64(n), rng: rng}
	bt.tr = New(sha256.New, bt.s)
	const chunk = 1 << 17
	changes := make([]KV, 0, chunk)
	for lo := 0; lo < n; lo += chunk {
		changes = changes[:0]
		for _, e := range kps[lo:min(lo+chunk, n)] {
			changes = append(changes, KV{Key: benchKey(e.i), Value: benchValue(rng)})
		}
		bt.root = mustUpdate(b, bt.tr, bt.s, bt.root, changes)
	}
	b.Logf("built %d keys in %v: %d nodes stored", n, time.Since(start).Round(time.Millisecond), len(bt.s.m))
	benchTrees[n] = bt
	return bt
}

// block returns benchBlock changes: half overwrite existing keys, 40% insert
// new keys, 10% delete existing keys.
func (bt *benchTree) block() []KV {
	changes := make([]KV, benchBlock)
	for j := range changes {
		switch r := bt.rng.Intn(10); {
		case r < 5:
			changes[j] = KV{Key: benchKey(uint64(bt.rng.Int63n(int64(bt.next)))), Value: benchValue(bt.rng)}
		case r < 9:
			changes[j] = KV{Key: benchKey(bt.next), Value: benchValue(bt.rng)}
			bt.next++
		default:
			changes[j] = KV{Key: benchKey(uint64(bt.rng.Int63n(int64(bt.next))))}
		}
	}
	return changes
}

// BenchmarkUpdate applies blocks of 1,000 changes to trees of growing size;
// ns/change is the figure to compare across sizes (it grows with log N).
func BenchmarkUpdate(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("keys=%d", n), func(b *testing.B) {
			bt := getBenchTree(b, n)
			b.ReportAllocs()
			b.ResetTimer()
			var elapsed time.Duration
			reads, writes := 0, 0
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				changes := bt.block()
				bt.s.reads = 0
				b.StartTimer()
				t0 := time.Now()
				root, w, err := bt.tr.Update(bt.root, changes)
				elapsed += time.Since(t0)
				if err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				reads += bt.s.reads
				writes += len(w)
				bt.s.put(nil, w)
				bt.root = root
				b.StartTimer()
			}
			total := float64(b.N * benchBlock)
			b.ReportMetric(float64(elapsed.Nanoseconds())/total, "ns/change")
			b.ReportMetric(float64(reads)/total, "reads/change")
			b.ReportMetric(float64(writes)/total, "writes/change")
		})
	}
}

// BenchmarkProve proves a random key (present, or absent if a previous
// benchmark deleted it) per operation.
func BenchmarkProve(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("keys=%d", n), func(b *testing.B) {
			bt := getBenchTree(b, n)
			rng := rand.New(rand.NewSource(1))
			keys := make([][]byte, 1024)
			for i := range keys {
				keys[i] = benchKey(uint64(rng.Int63n(int64(n))))
			}
			b.ReportAllocs()
			b.ResetTimer()
			depth := 0
			for i := 0; i < b.N; i++ {
				_, p, err := bt.tr.Prove(bt.root, keys[i%len(keys)])
				if err != nil {
					b.Fatal(err)
				}
				depth += len(p.Siblings)
			}
			b.ReportMetric(float64(depth)/float64(b.N), "siblings")
		})
	}
}

// BenchmarkVerify checks membership proofs from a tree of 10^6 keys.
func BenchmarkVerify(b *testing.B) {
	const n = 1e6
	bt := getBenchTree(b, n)
	type claim struct {
		key, value []byte
		p          *Proof
	}
	claims := make([]claim, 256)
	rng := rand.New(rand.NewSource(2))
	for i := range claims {
		k := benchKey(uint64(rng.Int63n(n)))
		v, p, err := bt.tr.Prove(bt.root, k)
		if err != nil {
			b.Fatal(err)
		}
		claims[i] = claim{k, v, p}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := claims[i%len(claims)]
		if err := Verify(sha256.New, bt.root, c.key, c.value, c.p); err != nil {
			b.Fatal(err)
		}
	}
}
