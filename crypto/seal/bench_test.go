package seal

import (
	"fmt"
	"testing"
)

// BenchmarkSeal seals a 1 KiB payload to 1 and 10 readers; the per-reader
// cost is roughly (ns/op at 10 - ns/op at 1) / 9.
func BenchmarkSeal(b *testing.B) {
	for _, suite := range suites {
		for _, n := range []int{1, 10} {
			b.Run(fmt.Sprintf("%s/readers=%d", suite, n), func(b *testing.B) {
				rs := recipientsOf(newKeys(b, suite, n))
				pt := randomBytes(b, 1024)
				b.SetBytes(int64(len(pt)))
				b.ReportAllocs()
				for b.Loop() {
					if _, err := Seal(suite, pt, rs, WithContext([]byte("chain-1"))); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkOpen opens a 1 KiB payload sealed to 1 and 10 readers (one
// reader's cost: find the entry, unwrap it, check the commitment, decrypt).
func BenchmarkOpen(b *testing.B) {
	for _, suite := range suites {
		for _, n := range []int{1, 10} {
			b.Run(fmt.Sprintf("%s/readers=%d", suite, n), func(b *testing.B) {
				keys := newKeys(b, suite, n)
				pt := randomBytes(b, 1024)
				env := mustSeal(b, suite, pt, keys, WithContext([]byte("chain-1")))
				k := keys[n-1]
				b.SetBytes(int64(len(pt)))
				b.ReportAllocs()
				for b.Loop() {
					if _, err := Open(env, k, []byte("chain-1")); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkUnmarshal parses and checks a marshaled 10-reader envelope.
func BenchmarkUnmarshal(b *testing.B) {
	for _, suite := range suites {
		b.Run(suite, func(b *testing.B) {
			env := mustSeal(b, suite, randomBytes(b, 1024), newKeys(b, suite, 10))
			data := mustMarshal(b, env)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Unmarshal(data, 0); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
