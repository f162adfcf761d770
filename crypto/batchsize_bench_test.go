package crypto

import (
	"fmt"
	"testing"

	"github.com/causeway/causeway/types"
)

// BenchmarkEd25519BatchSize measures the CPU cost per signature of one
// Ed25519 batch verification (VerifyBatch, one goroutine) by batch size: what
// the admission pool gains by verifying what arrived together in one batch.
func BenchmarkEd25519BatchSize(b *testing.B) {
	for _, n := range []int{1, 4, 16, 32, 64, 128, 256, 512, 1024} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			benchBatch(b, types.SignatureScheme_ED25519, n, VerifyBatch)
		})
	}
}
