package api

import (
	"context"

	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/types"
)

// GetProposal returns a governance proposal with its votes.
func (v *service) GetProposal(ctx context.Context, req *apipb.GetProposalRequest) (*types.ProposalRecord, error) {
	const m = apipb.Chain_GetProposal_FullMethodName
	if err := v.s.authorize(ctx, m); err != nil {
		return nil, err
	}
	id, err := parseHash("id", req.GetId())
	if err != nil {
		return nil, err
	}
	p, err := v.s.b.GetProposal(id)
	if err != nil {
		return nil, v.fail(ctx, m, err)
	}
	return p, nil
}

// ListProposals returns the governance proposals, newest first.
func (v *service) ListProposals(ctx context.Context, _ *apipb.ListProposalsRequest) (*apipb.ListProposalsResponse, error) {
	const m = apipb.Chain_ListProposals_FullMethodName
	if err := v.s.authorize(ctx, m); err != nil {
		return nil, err
	}
	ps, err := v.s.b.ListProposals()
	if err != nil {
		return nil, v.fail(ctx, m, err)
	}
	return &apipb.ListProposalsResponse{Proposals: ps}, nil
}

// GetChainConfig returns the configuration in force.
func (v *service) GetChainConfig(ctx context.Context, _ *apipb.GetChainConfigRequest) (*apipb.ChainConfigResponse, error) {
	const m = apipb.Chain_GetChainConfig_FullMethodName
	if err := v.s.authorize(ctx, m); err != nil {
		return nil, err
	}
	c, h := v.s.b.ChainConfig()
	if c == nil {
		return nil, v.fail(ctx, m, ErrNotFound)
	}
	return &apipb.ChainConfigResponse{Config: string(c.Encode()), Version: c.Version, Height: h}, nil
}

// QueryContract runs a read-only contract call.
func (v *service) QueryContract(ctx context.Context, req *apipb.QueryContractRequest) (*apipb.QueryContractResponse, error) {
	const m = apipb.Chain_QueryContract_FullMethodName
	if err := v.s.authorize(ctx, m); err != nil {
		return nil, err
	}
	r, err := v.s.b.QueryContract(ctx, req)
	if err != nil {
		return nil, v.fail(ctx, m, err)
	}
	return r, nil
}
