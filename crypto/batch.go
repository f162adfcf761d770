package crypto

import (
	"runtime"
	"sync"

	"github.com/oasisprotocol/curve25519-voi/primitives/ed25519"

	"github.com/causeway/causeway/types"
)

// BatchItem is one signature to check in a batch: a signature by PublicKey
// under Scheme over the 32-byte Digest.
type BatchItem struct {
	Scheme    types.SignatureScheme
	PublicKey []byte
	Digest    []byte
	Signature []byte
}

// minChunk is the smallest slice of a batch worth handing to a goroutine in
// VerifyBatchParallel; smaller chunks lose the batch speed-up.
const minChunk = 32

// VerifyBatch checks every item and returns, for each, whether Verify would
// return nil for it. Well-formed Ed25519 items are checked together through
// one curve25519-voi batch verifier under the same ZIP-215 rule as Verify;
// if the batch equation fails, the verifier checks each entry on its own, so
// the per-item results stay exact. Other schemes are checked one by one.
// It never panics, whatever the input.
func VerifyBatch(items []BatchItem) []bool {
	ok := make([]bool, len(items))
	var (
		bv  *ed25519.BatchVerifier
		idx []int
	)
	for i := range items {
		it := &items[i]
		if it.Scheme != types.SignatureScheme_ED25519 {
			ok[i] = Verify(it.Scheme, it.PublicKey, it.Digest, it.Signature) == nil
			continue
		}
		// Items that cannot be valid are settled here so that one
		// malformed entry does not force the whole batch to the slow path.
		if len(it.PublicKey) != ed25519PublicKeySize || len(it.Digest) != DigestSize || len(it.Signature) != ed25519SignatureSize {
			continue
		}
		if bv == nil {
			bv = ed25519.NewBatchVerifierWithCapacity(len(items) - i)
		}
		bv.AddWithOptions(it.PublicKey, it.Digest, it.Signature, ed25519Options)
		idx = append(idx, i)
	}
	if bv != nil {
		_, valid := bv.Verify(nil)
		for j, i := range idx {
			ok[i] = valid[j]
		}
	}
	return ok
}

// VerifyBatchParallel is VerifyBatch spread over up to workers goroutines,
// each verifying a contiguous chunk (workers <= 0 means runtime.GOMAXPROCS).
// Its result is identical to VerifyBatch's.
func VerifyBatchParallel(items []BatchItem, workers int) []bool {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	chunk := (len(items) + workers - 1) / workers
	if chunk < minChunk {
		chunk = minChunk
	}
	if len(items) <= chunk {
		return VerifyBatch(items)
	}
	ok := make([]bool, len(items))
	var wg sync.WaitGroup
	for start := 0; start < len(items); start += chunk {
		end := min(start+chunk, len(items))
		wg.Go(func() {
			copy(ok[start:end], VerifyBatch(items[start:end]))
		})
	}
	wg.Wait()
	return ok
}
