package confidential

import (
	"crypto/rand"
	"fmt"
	"testing"
)

func BenchmarkCommit(b *testing.B) {
	r, err := RandomScalar()
	if err != nil {
		b.Fatal(err)
	}
	generators() // derive the generators outside the timing
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Commit(uint64(i), r)
	}
}

func benchValues(m int) []uint64 {
	vs := make([]uint64, m)
	for i := range vs {
		vs[i] = uint64(i+1) * 0x0123456789abcdef
	}
	return vs
}

func BenchmarkProveRange(b *testing.B) {
	generators()
	for _, m := range []int{1, 2, 4, 8} {
		b.Run(fmt.Sprintf("m=%d", m), func(b *testing.B) {
			vs := benchValues(m)
			bl := testScalars(b, rand.Reader, m)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, _, err := ProveRange(vs, bl, []byte("bench")); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkVerifyRange(b *testing.B) {
	generators()
	for _, m := range []int{1, 2, 4, 8} {
		b.Run(fmt.Sprintf("m=%d", m), func(b *testing.B) {
			p, cs, _ := mustProve(b, rand.Reader, benchValues(m), []byte("bench"))
			b.ReportMetric(float64(RangeProofSize(m)), "proof-bytes")
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := VerifyRange(cs, p, []byte("bench")); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// balanceFixture returns two inputs and two outputs that balance with fee 7.
func balanceFixture(b testing.TB) (ins, outs []Opening, fee uint64) {
	bl := testScalars(b, rand.Reader, 4)
	ins = []Opening{{Value: 100, Blinding: bl[0]}, {Value: 50, Blinding: bl[1]}}
	outs = []Opening{{Value: 120, Blinding: bl[2]}, {Value: 23, Blinding: bl[3]}}
	return ins, outs, 7
}

func openingCommitments(os []Opening) []Commitment {
	cs := make([]Commitment, len(os))
	for i, o := range os {
		cs[i] = o.Commitment()
	}
	return cs
}

func BenchmarkProveBalance(b *testing.B) {
	ins, outs, fee := balanceFixture(b)
	generators()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := ProveBalance(ins, outs, fee, []byte("bench")); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerifyBalance(b *testing.B) {
	ins, outs, fee := balanceFixture(b)
	p, err := ProveBalance(ins, outs, fee, []byte("bench"))
	if err != nil {
		b.Fatal(err)
	}
	ci, co := openingCommitments(ins), openingCommitments(outs)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := VerifyBalance(ci, co, fee, p, []byte("bench")); err != nil {
			b.Fatal(err)
		}
	}
}
