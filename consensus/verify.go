package consensus

import (
	"crypto/sha256"
	"encoding/binary"

	bft "github.com/hyperledger-labs/SmartBFT/pkg/types"

	"github.com/causeway/causeway/types"
)

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

// forgetRequests removes the transactions of a block committed through
// sync from SmartBFT's request pool. SmartBFT removes the requests of the
// decisions it delivers itself, but not those of synced blocks: left in the
// pool, they would be forwarded to the leader when their forward timeout
// expires (which refuses them, already committed) and, later still, be
// taken for requests the leader censors, and trigger a view change. A node
// that lags under load and syncs often would keep the leader busy refusing
// them. Removing them also keeps late gossip from adding them again.
func (c *Consensus) forgetRequests(txs []*types.DecodedTx) {
	b := c.current()
	if !c.running.Load() || b == nil || b.Pool == nil {
		return
	}
	for _, d := range txs {
		if d.Body != nil {
			_ = b.Pool.RemoveRequest(requestInfo(d))
		}
	}
}
