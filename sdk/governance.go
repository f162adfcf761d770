package sdk

import (
	"context"

	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/types"
)

// GetProposal returns a governance proposal with its votes.
func (c *Client) GetProposal(ctx context.Context, id types.Hash) (*types.ProposalRecord, error) {
	return c.chain.GetProposal(ctx, &apipb.GetProposalRequest{Id: id.String()})
}

// ListProposals returns the governance proposals, newest first.
func (c *Client) ListProposals(ctx context.Context) ([]*types.ProposalRecord, error) {
	r, err := c.chain.ListProposals(ctx, &apipb.ListProposalsRequest{})
	if err != nil {
		return nil, err
	}
	return r.Proposals, nil
}

// ChainConfig returns the chain configuration in force.
func (c *Client) ChainConfig(ctx context.Context) (*types.ChainConfig, error) {
	r, err := c.chain.GetChainConfig(ctx, &apipb.GetChainConfigRequest{})
	if err != nil {
		return nil, err
	}
	return types.DecodeConfig([]byte(r.Config))
}

// ProposeTx builds a governance proposal from a, which must be the admin
// account of a member org (Network.AdminAccount); it counts as that org's
// approval. The proposal's id is the transaction's hash.
func (a Account) ProposeTx(opt TxOptions, p *types.Proposal) (*types.Transaction, error) {
	return a.BuildTx(opt, types.TxType_PROPOSE, p)
}

// VoteTx builds a member org's vote on proposal id.
func (a Account) VoteTx(opt TxOptions, id types.Hash, approve bool) (*types.Transaction, error) {
	return a.BuildTx(opt, types.TxType_VOTE, &types.Vote{ProposalId: id.Bytes(), Approve: approve})
}
