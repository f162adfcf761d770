package consensus

import (
	"crypto/sha256"
	"encoding/binary"
	"runtime"

	bft "github.com/hyperledger-labs/SmartBFT/pkg/types"
	"google.golang.org/protobuf/proto"

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

// checkedProposal is a proposal that passed every check of VerifyProposal
// (or was assembled from checked transactions) on top of head, with its
// requests: verifying the same bytes on the same head again, or listing its
// requests, needs no decoding.
type checkedProposal struct {
	digest [32]byte
	head   types.Hash
	infos  []bft.RequestInfo
}

func newCheckedProposal(p bft.Proposal, head types.Hash, infos []bft.RequestInfo) *checkedProposal {
	return &checkedProposal{digest: proposalDigest(p), head: head, infos: infos}
}

// match returns a copy of the requests of cp if p is the same proposal and
// head (the zero hash matches any head) is the one it was checked on.
func (cp *checkedProposal) match(p bft.Proposal, head types.Hash) ([]bft.RequestInfo, bool) {
	if cp == nil || (!head.IsZero() && head != cp.head) || proposalDigest(p) != cp.digest {
		return nil, false
	}
	return append([]bft.RequestInfo(nil), cp.infos...), true
}

// proposalDigest is the SHA-256 of a proposal's parts, each length-prefixed.
func proposalDigest(p bft.Proposal) [32]byte {
	h := sha256.New()
	var n [8]byte
	for _, part := range [][]byte{p.Header, p.Payload, p.Metadata} {
		binary.BigEndian.PutUint64(n[:], uint64(len(part)))
		h.Write(n[:])
		h.Write(part)
	}
	binary.BigEndian.PutUint64(n[:], uint64(p.VerificationSequence))
	h.Write(n[:])
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// forgetRequests removes the transactions of b, committed through sync,
// from SmartBFT's request pool. SmartBFT removes the requests of the
// decisions it delivers itself, but not those of synced blocks: left in the
// pool, they would be forwarded to the leader when their forward timeout
// expires (which refuses them, already committed) and, later still, be
// taken for requests the leader censors, and trigger a view change. A node
// that lags under load and syncs often would keep the leader busy refusing
// them. Removing them also keeps late gossip from adding them again.
func (c *Consensus) forgetRequests(b *types.Block) {
	if !c.running.Load() || c.bft == nil || c.bft.Pool == nil {
		return
	}
	for _, tx := range b.Txs {
		body := &types.TxBody{}
		if err := proto.Unmarshal(tx.Body, body); err != nil {
			continue
		}
		d := &types.DecodedTx{Tx: tx, Body: body, Hash: c.suite.TxHash(tx)}
		_ = c.bft.Pool.RemoveRequest(requestInfo(d))
	}
}

func short(b []byte) []byte {
	if len(b) > 8 {
		return b[:8]
	}
	return b
}
