package consensus

import (
	"crypto/sha256"
	"runtime"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/types"
)

// VerifySignatures checks every signature of every transaction cryptographically,
// in parallel batches, skipping transactions already in verified (if not nil)
// and adding those that pass. It returns one error per transaction (nil when
// all its signatures are valid).
//
// The verified set is keyed by the hash of the transaction's whole canonical
// encoding (tx.Raw, or its encoding when Raw is nil), signatures included, not
// by the transaction hash (which covers the body only): a copy of a verified
// transaction whose signatures were altered is verified again, and refused.
func VerifySignatures(txs []*types.DecodedTx, verified *VerifiedSet) []error {
	errs := make([]error, len(txs))
	var keys []types.Hash
	if verified != nil {
		keys = make([]types.Hash, len(txs))
	}
	var items []crypto.BatchItem
	var owner []int
	for i, tx := range txs {
		if verified != nil {
			keys[i] = VerifiedKey(tx)
			if verified.Contains(keys[i]) {
				continue
			}
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
				verified.Add(keys[i])
			}
			seen = i
		}
	}
	return errs
}

// VerifiedKey is the key of a transaction in a VerifiedSet: the SHA-256 of
// its canonical encoding, signatures included. It is local to a node (never
// part of the chain), so it does not follow the chain's crypto suite.
func VerifiedKey(tx *types.DecodedTx) types.Hash {
	raw := tx.Raw
	if raw == nil {
		raw = types.EncodeTx(tx.Tx)
	}
	return sha256.Sum256(raw)
}

func short(b []byte) []byte {
	if len(b) > 8 {
		return b[:8]
	}
	return b
}
