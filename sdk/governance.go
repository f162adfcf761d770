package sdk

import (
	"context"
	"fmt"

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

// Govern passes proposal p: admins[0] proposes it and the others vote for
// it in turn until it executes (the votes beyond the threshold are not
// cast). It is for consortia whose admin keys one operator holds (a local
// `causeway up`, a scenario's set-up); members of a real consortium vote
// with `causeway gov vote`. It returns the executed proposal's record; one
// that did not execute after every vote is an error naming what.
func (c *Client) Govern(ctx context.Context, opt TxOptions, admins []Account, p *types.Proposal, what string) (*types.ProposalRecord, error) {
	if len(admins) == 0 {
		return nil, fmt.Errorf("%s: no admin account to propose with", what)
	}
	tx, err := admins[0].ProposeTx(opt, p)
	if err != nil {
		return nil, err
	}
	if _, err := c.SubmitOK(ctx, tx); err != nil {
		return nil, fmt.Errorf("propose %s: %w", what, err)
	}
	id := admins[0].Suite.TxHash(tx)
	for _, a := range admins[1:] {
		rec, err := c.GetProposal(ctx, id)
		if err != nil {
			return nil, err
		}
		if rec.Status != types.ProposalStatus_PROPOSAL_OPEN {
			break
		}
		v, err := a.VoteTx(opt, id, true)
		if err != nil {
			return nil, err
		}
		if _, err := c.SubmitOK(ctx, v); err != nil {
			return nil, fmt.Errorf("vote as %s: %w", a.Name, err)
		}
	}
	rec, err := c.GetProposal(ctx, id)
	if err != nil {
		return nil, err
	}
	if rec.Status != types.ProposalStatus_PROPOSAL_EXECUTED {
		return rec, fmt.Errorf("%s on %q is %s after %d vote(s): %s", what, opt.ChainID, rec.Status, len(admins), rec.Reason)
	}
	return rec, nil
}
