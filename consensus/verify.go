package consensus

import (
	"runtime"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/types"
)

// VerifySignatures checks every signature of every transaction cryptographically,
// in parallel batches, skipping transactions already in verified (if not nil)
// and adding those that pass. It returns one error per transaction (nil when
// all its signatures are valid).
func VerifySignatures(txs []*types.DecodedTx, verified *VerifiedSet) []error {
	errs := make([]error, len(txs))
	var items []crypto.BatchItem
	var owner []int
	for i, tx := range txs {
		if verified != nil && verified.Contains(tx.Hash) {
			continue
		}
		for _, s := range tx.Tx.Signatures {
			items = append(items, crypto.BatchItem{Scheme: s.Scheme, PublicKey: s.PublicKey, Digest: tx.Hash[:], Signature: s.Signature})
			owner = append(owner, i)
		}
	}
	if len(items) == 0 {
		return errs
	}
	workers := runtime.GOMAXPROCS(0)
	if len(items) < 64 {
		workers = 1
	}
	ok := crypto.VerifyBatchParallel(items, workers)
	for k, good := range ok {
		if !good && errs[owner[k]] == nil {
			errs[owner[k]] = types.Errorf(types.CodeBadSignature, "signature by key %x does not verify", short(items[k].PublicKey))
		}
	}
	if verified != nil {
		seen := -1
		for _, i := range owner {
			if i != seen && errs[i] == nil {
				verified.Add(txs[i].Hash)
			}
			seen = i
		}
	}
	return errs
}

func short(b []byte) []byte {
	if len(b) > 8 {
		return b[:8]
	}
	return b
}
