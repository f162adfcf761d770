package sdk

import (
	"context"
	"encoding/hex"
	"time"

	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify/proofpb"
)

// ReasonNotCertified is the reason of a proof asked for too early: the
// block after the one the proof is about is not committed yet (api.ReasonNotCertified).
const ReasonNotCertified types.Code = "not_certified"

// IsNotCertified reports whether err says a proof cannot be made yet
// because the next block is not committed.
func IsNotCertified(err error) bool { return ReasonOf(err) == ReasonNotCertified }

func (c *Client) proofs() apipb.ProofsClient {
	if p, ok := c.chain.(apipb.ProofsClient); ok {
		return p
	}
	return apipb.NewProofsClient(c.conn)
}

// GetTxProof returns the proof that a committed transaction and its receipt
// are in the chain, checkable offline with package verify. The proof of a
// transaction in block h needs block h+1: until it is committed the error
// satisfies IsNotCertified (see WaitTxProof).
func (c *Client) GetTxProof(ctx context.Context, h types.Hash) (*proofpb.TxProof, error) {
	return c.proofs().GetTxProof(ctx, &apipb.GetTxProofRequest{Hash: h.String()})
}

// WaitTxProof is GetTxProof, retried (every 20 to 200 ms) while the
// transaction is not committed or not certified yet, until ctx ends.
// Certification needs another block: on an idle chain, some transaction
// must be submitted for it to come.
func (c *Client) WaitTxProof(ctx context.Context, h types.Hash) (*proofpb.TxProof, error) {
	delay := 20 * time.Millisecond
	for {
		p, err := c.GetTxProof(ctx, h)
		if err == nil || !(IsNotCertified(err) || IsNotFound(err)) {
			return p, err
		}
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, err
		case <-t.C:
		}
		delay = min(2*delay, 200*time.Millisecond)
	}
}

// GetStateProof returns the value of a state key (nil when absent) in the
// state after block height, with its proof. Use LatestHeight for the latest
// certified state (after the block before the head).
func (c *Client) GetStateProof(ctx context.Context, key []byte, height uint64) (*proofpb.StateProof, error) {
	req := &apipb.GetStateProofRequest{Key: hex.EncodeToString(key)}
	if height != LatestHeight {
		req.Height = &height
	}
	return c.proofs().GetStateProof(ctx, req)
}

// LatestHeight asks GetStateProof and GetConfigChain for the latest height
// they can serve.
const LatestHeight = ^uint64(0)

// GetConfigChain returns the chain's configuration changes up to toHeight
// (LatestHeight: the head), each with its proof: with the genesis, a
// verifier learns the node set of every height.
func (c *Client) GetConfigChain(ctx context.Context, toHeight uint64) (*proofpb.ConfigChain, error) {
	req := &apipb.GetConfigChainRequest{}
	if toHeight != LatestHeight {
		req.ToHeight = &toHeight
	}
	return c.proofs().GetConfigChain(ctx, req)
}
