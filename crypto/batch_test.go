package crypto

import (
	"fmt"
	mrand "math/rand/v2"
	"testing"

	"github.com/causeway/causeway/types"
)

// corruptions turn a valid item into a (usually) invalid one.
var corruptions = []func(r *mrand.Rand, it *BatchItem){
	func(r *mrand.Rand, it *BatchItem) { it.Signature = flip(it.Signature, r.IntN(len(it.Signature))) },
	func(r *mrand.Rand, it *BatchItem) { it.Digest = flip(it.Digest, r.IntN(32)) },
	func(r *mrand.Rand, it *BatchItem) { it.PublicKey = flip(it.PublicKey, r.IntN(len(it.PublicKey))) },
	func(r *mrand.Rand, it *BatchItem) { it.Signature = it.Signature[:r.IntN(len(it.Signature))] },
	func(r *mrand.Rand, it *BatchItem) { it.PublicKey = it.PublicKey[:r.IntN(len(it.PublicKey))] },
	func(r *mrand.Rand, it *BatchItem) { it.Digest = it.Digest[:r.IntN(32)] },
	func(r *mrand.Rand, it *BatchItem) { it.Signature = nil },
	func(r *mrand.Rand, it *BatchItem) { it.PublicKey = nil },
	func(r *mrand.Rand, it *BatchItem) { it.Scheme = types.SignatureScheme_SM2 },
	func(r *mrand.Rand, it *BatchItem) { it.Scheme = types.SignatureScheme(r.IntN(5)) },
	func(r *mrand.Rand, it *BatchItem) {
		b := make([]byte, len(it.Signature))
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		it.Signature = b
	},
	func(r *mrand.Rand, it *BatchItem) {
		b := make([]byte, len(it.PublicKey))
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		it.PublicKey = b
	},
	func(r *mrand.Rand, it *BatchItem) { it.Signature = append(it.Signature, 0) },
}

// randomItems returns n signed items over all schemes (three quarters of
// them Ed25519), each corrupted with probability badPercent.
func randomItems(t testing.TB, n, badPercent int) []BatchItem {
	t.Helper()
	r := mrand.New(mrand.NewPCG(uint64(n), uint64(badPercent)))
	var keys []Key
	for range 8 {
		keys = append(keys, mustKeys(t)...)
	}
	items := make([]BatchItem, n)
	for i := range items {
		k := keys[r.IntN(len(keys))]
		if r.IntN(4) != 0 { // mostly Ed25519, like the chain
			k = keys[3*r.IntN(len(keys)/3)]
		}
		d := digestOf(fmt.Sprint("item", i))
		sig, err := k.Sign(d)
		if err != nil {
			t.Fatal(err)
		}
		items[i] = BatchItem{k.Scheme(), k.PublicKey(), d, sig}
		if r.IntN(100) < badPercent {
			corruptions[r.IntN(len(corruptions))](r, &items[i])
		}
	}
	return items
}

func TestVerifyBatchMatchesVerify(t *testing.T) {
	tests := []struct {
		n, bad int
	}{
		{0, 0}, {1, 0}, {1, 100}, {7, 50}, {64, 0}, {64, 5}, {200, 1}, {300, 30}, {257, 100},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("n=%d,bad=%d%%", tc.n, tc.bad), func(t *testing.T) {
			items := randomItems(t, tc.n, tc.bad)
			want := make([]bool, len(items))
			for i, it := range items {
				want[i] = Verify(it.Scheme, it.PublicKey, it.Digest, it.Signature) == nil
				if tc.bad == 0 && !want[i] {
					t.Fatalf("item %d of an all-valid batch fails", i)
				}
			}
			check := func(name string, got []bool) {
				t.Helper()
				if len(got) != len(want) {
					t.Fatalf("%s: %d results for %d items", name, len(got), len(want))
				}
				for i := range want {
					if got[i] != want[i] {
						t.Fatalf("%s: item %d = %v, Verify says %v (%+v)", name, i, got[i], want[i], items[i])
					}
				}
			}
			check("VerifyBatch", VerifyBatch(items))
			for _, w := range []int{-1, 0, 1, 2, 3, 8, 1000} {
				check(fmt.Sprintf("VerifyBatchParallel(%d)", w), VerifyBatchParallel(items, w))
			}
		})
	}
}

func TestVerifyBatchNil(t *testing.T) {
	if got := VerifyBatch(nil); len(got) != 0 {
		t.Fatalf("VerifyBatch(nil) = %v", got)
	}
	if got := VerifyBatchParallel(nil, 4); len(got) != 0 {
		t.Fatalf("VerifyBatchParallel(nil) = %v", got)
	}
}

// FuzzVerify checks that Verify and VerifyBatch never panic and always agree.
func FuzzVerify(f *testing.F) {
	for _, it := range randomItems(f, 16, 50) {
		f.Add(byte(it.Scheme), it.PublicKey, it.Digest, it.Signature)
	}
	f.Fuzz(func(t *testing.T, scheme byte, pub, digest, sig []byte) {
		s := types.SignatureScheme(scheme % 5)
		ok := Verify(s, pub, digest, sig) == nil
		got := VerifyBatch([]BatchItem{{s, pub, digest, sig}, {s, pub, digest, sig}})
		if got[0] != ok || got[1] != ok {
			t.Fatalf("Verify %v, VerifyBatch %v", ok, got)
		}
	})
}

func benchItems(b *testing.B, scheme types.SignatureScheme, n int) []BatchItem {
	k, err := GenerateKey(scheme)
	if err != nil {
		b.Fatal(err)
	}
	items := make([]BatchItem, n)
	for i := range items {
		d := digestOf(fmt.Sprint(i))
		sig, err := k.Sign(d)
		if err != nil {
			b.Fatal(err)
		}
		items[i] = BatchItem{scheme, k.PublicKey(), d, sig}
	}
	return items
}

// benchSchemes names the schemes in benchmark names.
var benchSchemes = []struct {
	name   string
	scheme types.SignatureScheme
}{
	{"ed25519", types.SignatureScheme_ED25519},
	{"ecdsa-p256", types.SignatureScheme_ECDSA_P256},
	{"sm2", types.SignatureScheme_SM2},
}

// BenchmarkVerify measures one verification per scheme with Verify and
// reports ns/sig (the same as ns/op).
func BenchmarkVerify(b *testing.B) {
	for _, bs := range benchSchemes {
		b.Run(bs.name, func(b *testing.B) {
			it := benchItems(b, bs.scheme, 1)[0]
			b.ReportAllocs()
			for b.Loop() {
				if err := Verify(it.Scheme, it.PublicKey, it.Digest, it.Signature); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/sig")
		})
	}
}

// benchBatch runs verify over n valid signatures of one key per iteration
// and reports the cost per signature.
func benchBatch(b *testing.B, scheme types.SignatureScheme, n int, verify func([]BatchItem) []bool) {
	items := benchItems(b, scheme, n)
	b.ReportAllocs()
	for b.Loop() {
		for _, ok := range verify(items) {
			if !ok {
				b.Fatal("valid signature refused")
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/sig")
}

// BenchmarkVerifyBatch measures VerifyBatchParallel (GOMAXPROCS workers)
// over 64 and 1024 valid signatures per scheme: Ed25519 chunks use the
// curve25519-voi batch equation, ECDSA and SM2 are verified one by one
// across the workers. Compare its ns/sig with BenchmarkVerify's.
func BenchmarkVerifyBatch(b *testing.B) {
	for _, bs := range benchSchemes {
		for _, n := range []int{64, 1024} {
			b.Run(fmt.Sprintf("%s/%d", bs.name, n), func(b *testing.B) {
				benchBatch(b, bs.scheme, n, func(it []BatchItem) []bool { return VerifyBatchParallel(it, 0) })
			})
		}
	}
}

// BenchmarkVerifyBatchSerial is BenchmarkVerifyBatch on one goroutine
// (VerifyBatch): the gain of the Ed25519 batch equation alone.
func BenchmarkVerifyBatchSerial(b *testing.B) {
	for _, bs := range benchSchemes {
		for _, n := range []int{64, 1024} {
			b.Run(fmt.Sprintf("%s/%d", bs.name, n), func(b *testing.B) {
				benchBatch(b, bs.scheme, n, VerifyBatch)
			})
		}
	}
}
