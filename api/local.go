package api

import (
	"context"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"

	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify/proofpb"
)

// LocalClient is the node's API as a client, in process: its methods call
// the Chain and Proofs services directly with the caller's context, so a
// service hosted in the node (the evidence service behind its REST routes)
// acts with the identity and permissions of the REST caller whose request
// it serves, exactly as if that caller had used gRPC. The context must carry
// an identity (IdentityFromContext): a Route handler's request context does.
//
// It implements apipb.ChainClient, apipb.ProofsClient and
// apipb.LightClientsClient (call options are
// ignored). SubscribeBlocks is not available in process and answers
// Unimplemented.
type LocalClient struct {
	// ChainClient is nil: it only makes LocalClient satisfy the interface
	// for methods added to the service later, which panic if called.
	apipb.ChainClient
	s *Server
}

// Local returns the in-process client of s.
func (s *Server) Local() *LocalClient { return &LocalClient{s: s} }

var (
	_ apipb.ChainClient        = (*LocalClient)(nil)
	_ apipb.ProofsClient       = (*LocalClient)(nil)
	_ apipb.LightClientsClient = (*LocalClient)(nil)
)

func (c *LocalClient) SubmitTx(ctx context.Context, in *apipb.SubmitTxRequest, _ ...grpc.CallOption) (*apipb.SubmitTxResponse, error) {
	return c.s.svc.SubmitTx(ctx, in)
}

func (c *LocalClient) GetTx(ctx context.Context, in *apipb.GetTxRequest, _ ...grpc.CallOption) (*apipb.TxResponse, error) {
	return c.s.svc.GetTx(ctx, in)
}

func (c *LocalClient) GetBlock(ctx context.Context, in *apipb.GetBlockRequest, _ ...grpc.CallOption) (*apipb.BlockResponse, error) {
	return c.s.svc.GetBlock(ctx, in)
}

func (c *LocalClient) SubscribeBlocks(context.Context, *apipb.SubscribeBlocksRequest, ...grpc.CallOption) (grpc.ServerStreamingClient[apipb.BlockResponse], error) {
	return nil, newStatus(codes.Unimplemented, ReasonUnimplemented, "block streams are not available in process")
}

func (c *LocalClient) GetAccount(ctx context.Context, in *apipb.GetAccountRequest, _ ...grpc.CallOption) (*types.Account, error) {
	return c.s.svc.GetAccount(ctx, in)
}

func (c *LocalClient) GetEvidence(ctx context.Context, in *apipb.GetEvidenceRequest, _ ...grpc.CallOption) (*types.Evidence, error) {
	return c.s.svc.GetEvidence(ctx, in)
}

func (c *LocalClient) GetSealed(ctx context.Context, in *apipb.GetSealedRequest, _ ...grpc.CallOption) (*apipb.SealedResponse, error) {
	return c.s.svc.GetSealed(ctx, in)
}

func (c *LocalClient) GetProposal(ctx context.Context, in *apipb.GetProposalRequest, _ ...grpc.CallOption) (*types.ProposalRecord, error) {
	return c.s.svc.GetProposal(ctx, in)
}

func (c *LocalClient) ListProposals(ctx context.Context, in *apipb.ListProposalsRequest, _ ...grpc.CallOption) (*apipb.ListProposalsResponse, error) {
	return c.s.svc.ListProposals(ctx, in)
}

func (c *LocalClient) GetChainConfig(ctx context.Context, in *apipb.GetChainConfigRequest, _ ...grpc.CallOption) (*apipb.ChainConfigResponse, error) {
	return c.s.svc.GetChainConfig(ctx, in)
}

func (c *LocalClient) Status(ctx context.Context, in *apipb.StatusRequest, _ ...grpc.CallOption) (*apipb.StatusResponse, error) {
	return c.s.svc.Status(ctx, in)
}

func (c *LocalClient) Health(ctx context.Context, in *apipb.HealthRequest, _ ...grpc.CallOption) (*apipb.HealthResponse, error) {
	return c.s.svc.Health(ctx, in)
}

func (c *LocalClient) GetTxProof(ctx context.Context, in *apipb.GetTxProofRequest, _ ...grpc.CallOption) (*proofpb.TxProof, error) {
	return c.s.proofs.GetTxProof(ctx, in)
}

func (c *LocalClient) GetStateProof(ctx context.Context, in *apipb.GetStateProofRequest, _ ...grpc.CallOption) (*proofpb.StateProof, error) {
	return c.s.proofs.GetStateProof(ctx, in)
}

func (c *LocalClient) GetConfigChain(ctx context.Context, in *apipb.GetConfigChainRequest, _ ...grpc.CallOption) (*proofpb.ConfigChain, error) {
	return c.s.proofs.GetConfigChain(ctx, in)
}

func (c *LocalClient) ListLightClients(ctx context.Context, in *apipb.ListLightClientsRequest, _ ...grpc.CallOption) (*apipb.ListLightClientsResponse, error) {
	return c.s.lightClients.ListLightClients(ctx, in)
}

func (c *LocalClient) GetSentMessage(ctx context.Context, in *apipb.GetSentMessageRequest, _ ...grpc.CallOption) (*types.SentMessage, error) {
	return c.s.lightClients.GetSentMessage(ctx, in)
}

func (c *LocalClient) GetReceivedMessage(ctx context.Context, in *apipb.GetReceivedMessageRequest, _ ...grpc.CallOption) (*types.ReceivedMessage, error) {
	return c.s.lightClients.GetReceivedMessage(ctx, in)
}

func (c *LocalClient) GetLightClient(ctx context.Context, in *apipb.GetLightClientRequest, _ ...grpc.CallOption) (*types.LightClient, error) {
	return c.s.lightClients.GetLightClient(ctx, in)
}

func (c *LocalClient) GetLightClientHeader(ctx context.Context, in *apipb.GetLightClientHeaderRequest, _ ...grpc.CallOption) (*types.LightHeader, error) {
	return c.s.lightClients.GetLightClientHeader(ctx, in)
}

func (c *LocalClient) VerifyRemoteTx(ctx context.Context, in *apipb.VerifyRemoteTxRequest, _ ...grpc.CallOption) (*apipb.VerifyRemoteTxResponse, error) {
	return c.s.lightClients.VerifyRemoteTx(ctx, in)
}

func (c *LocalClient) VerifyRemoteState(ctx context.Context, in *apipb.VerifyRemoteStateRequest, _ ...grpc.CallOption) (*apipb.VerifyRemoteStateResponse, error) {
	return c.s.lightClients.VerifyRemoteState(ctx, in)
}
