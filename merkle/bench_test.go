package merkle

import (
	"crypto/sha256"
	"fmt"
	"testing"
)

func hashes(n int) [][]byte {
	out := make([][]byte, n)
	for i := range out {
		h := sha256.Sum256(fmt.Append(nil, i))
		out[i] = h[:]
	}
	return out
}

// BenchmarkRoot measures the root of n 32-byte items (a block's tx root).
func BenchmarkRoot(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			it := hashes(n)
			b.ReportAllocs()
			for b.Loop() {
				SHA256.Root(it)
			}
		})
	}
}

// BenchmarkProve measures generating one inclusion proof among n items
// ("this transaction is in block h"), which rehashes the whole list.
func BenchmarkProve(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			it := hashes(n)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := SHA256.Prove(it, i%n); err != nil {
					b.Fatal(err)
				}
				i += 7919
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "proofs/s")
		})
	}
}

// BenchmarkVerify measures checking one inclusion proof, what an offline
// verifier does.
func BenchmarkVerify(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			it := hashes(n)
			root := SHA256.Root(it)
			const k = 64
			proofs := make([]Proof, k)
			for j := range proofs {
				p, err := SHA256.Prove(it, j*n/k)
				if err != nil {
					b.Fatal(err)
				}
				proofs[j] = p
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				j := i % k
				if err := SHA256.Verify(root, it[j*n/k], proofs[j]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
