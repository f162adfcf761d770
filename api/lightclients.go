package api

import (
	"context"
	"errors"

	"google.golang.org/grpc/codes"

	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify"
	"github.com/causeway/causeway/verify/proofpb"
)

// LightClientBackend is what the LightClients service serves: the light
// clients of other Causeway chains in the committed state (package
// execution/lightclient). A Backend that implements it serves them;
// otherwise the LightClients methods answer Unimplemented. Refusals are
// *types.TxError values with the light client codes (client_not_found,
// client_frozen, header_not_found, bad_proof, ...).
type LightClientBackend interface {
	// LightClients returns every light client, by id, and the height the
	// state was read at.
	LightClients() ([]*types.LightClient, uint64, error)
	// LightClient returns the light client of chainID.
	LightClient(chainID string) (*types.LightClient, error)
	// LightClientHeader returns the verified header at height (0: the
	// latest) of the light client of chainID.
	LightClientHeader(chainID string, height uint64) (*types.LightHeader, error)
	// VerifyRemoteTx verifies a transaction proof of chainID against the
	// verified header at height.
	VerifyRemoteTx(chainID string, height uint64, p *proofpb.TxProof) (*verify.Tx, error)
	// VerifyRemoteState verifies a state value (absence when value is
	// empty) of chainID against the verified header at height.
	VerifyRemoteState(chainID string, height uint64, key, value []byte, p *proofpb.SMTProof) error
}

// lightClientService implements apipb.LightClientsServer over a
// LightClientBackend.
type lightClientService struct {
	apipb.UnimplementedLightClientsServer
	s *Server
}

var _ apipb.LightClientsServer = (*lightClientService)(nil)

func (l *lightClientService) backend(ctx context.Context, method string) (LightClientBackend, error) {
	if err := l.s.authorize(ctx, method); err != nil {
		return nil, err
	}
	b, ok := l.s.b.(LightClientBackend)
	if !ok {
		return nil, newStatus(codes.Unimplemented, ReasonUnimplemented, "this node serves no light clients")
	}
	return b, nil
}

func checkChainID(id string) error {
	if id == "" || len(id) > types.MaxChainIDBytes {
		return invalidArgument("chain_id: %d bytes, want 1 to %d", len(id), types.MaxChainIDBytes)
	}
	return nil
}

// ListLightClients returns every registered light client.
func (l *lightClientService) ListLightClients(ctx context.Context, _ *apipb.ListLightClientsRequest) (*apipb.ListLightClientsResponse, error) {
	const m = apipb.LightClients_ListLightClients_FullMethodName
	b, err := l.backend(ctx, m)
	if err != nil {
		return nil, err
	}
	cs, height, err := b.LightClients()
	if err != nil {
		return nil, toStatus(ctx, l.s.log, m, err)
	}
	return &apipb.ListLightClientsResponse{Clients: cs, Height: height}, nil
}

// GetLightClient returns one light client.
func (l *lightClientService) GetLightClient(ctx context.Context, req *apipb.GetLightClientRequest) (*types.LightClient, error) {
	const m = apipb.LightClients_GetLightClient_FullMethodName
	b, err := l.backend(ctx, m)
	if err != nil {
		return nil, err
	}
	if err := checkChainID(req.GetChainId()); err != nil {
		return nil, err
	}
	c, err := b.LightClient(req.GetChainId())
	if err != nil {
		return nil, toStatus(ctx, l.s.log, m, err)
	}
	return c, nil
}

// GetLightClientHeader returns a verified header of a remote chain.
func (l *lightClientService) GetLightClientHeader(ctx context.Context, req *apipb.GetLightClientHeaderRequest) (*types.LightHeader, error) {
	const m = apipb.LightClients_GetLightClientHeader_FullMethodName
	b, err := l.backend(ctx, m)
	if err != nil {
		return nil, err
	}
	if err := checkChainID(req.GetChainId()); err != nil {
		return nil, err
	}
	if req.Height != nil && req.GetHeight() == 0 {
		return nil, invalidArgument("height: 0 is the remote genesis block, which has no verified header; leave height out for the latest")
	}
	h, err := b.LightClientHeader(req.GetChainId(), req.GetHeight())
	if err != nil {
		return nil, toStatus(ctx, l.s.log, m, err)
	}
	return h, nil
}

// verdict turns a verification refusal into an answer (valid false, with
// its code and reason); client_not_found and internal failures stay errors.
func verdict(err error) (code, reason string, _ error) {
	var te *types.TxError
	if !errors.As(err, &te) || te.Code == types.CodeClientNotFound {
		return "", "", err
	}
	return string(te.Code), te.Reason, nil
}

// VerifyRemoteTx checks a remote transaction proof against a verified
// header.
func (l *lightClientService) VerifyRemoteTx(ctx context.Context, req *apipb.VerifyRemoteTxRequest) (*apipb.VerifyRemoteTxResponse, error) {
	const m = apipb.LightClients_VerifyRemoteTx_FullMethodName
	b, err := l.backend(ctx, m)
	if err != nil {
		return nil, err
	}
	if err := checkChainID(req.GetChainId()); err != nil {
		return nil, err
	}
	if req.GetProof() == nil {
		return nil, invalidArgument("proof: missing")
	}
	tx, err := b.VerifyRemoteTx(req.GetChainId(), req.GetHeight(), req.GetProof())
	if err != nil {
		code, reason, err := verdict(err)
		if err != nil {
			return nil, toStatus(ctx, l.s.log, m, err)
		}
		return &apipb.VerifyRemoteTxResponse{Code: code, Reason: reason}, nil
	}
	return &apipb.VerifyRemoteTxResponse{Valid: true, TxHash: tx.Hash.String(), TxHeight: tx.Height, Index: tx.Index,
		BlockHash: tx.BlockHash.String(), TimeMs: tx.TimeMs, Receipt: tx.Receipt}, nil
}

// VerifyRemoteState checks a remote state value or absence against a
// verified header.
func (l *lightClientService) VerifyRemoteState(ctx context.Context, req *apipb.VerifyRemoteStateRequest) (*apipb.VerifyRemoteStateResponse, error) {
	const m = apipb.LightClients_VerifyRemoteState_FullMethodName
	b, err := l.backend(ctx, m)
	if err != nil {
		return nil, err
	}
	if err := checkChainID(req.GetChainId()); err != nil {
		return nil, err
	}
	if len(req.GetKey()) == 0 || req.GetProof() == nil {
		return nil, invalidArgument("key and proof: both are needed")
	}
	if err := b.VerifyRemoteState(req.GetChainId(), req.GetHeight(), req.GetKey(), req.GetValue(), req.GetProof()); err != nil {
		code, reason, err := verdict(err)
		if err != nil {
			return nil, toStatus(ctx, l.s.log, m, err)
		}
		return &apipb.VerifyRemoteStateResponse{Code: code, Reason: reason}, nil
	}
	return &apipb.VerifyRemoteStateResponse{Valid: true, Present: len(req.GetValue()) > 0}, nil
}

// MessageBackend is what the LightClients service serves of cross-chain
// contract messages (package execution/sdp): this chain's records of the
// messages it sent and received, from the committed state. A Backend that
// implements it serves them; otherwise the methods answer Unimplemented.
// A missing record is a *types.TxError with code message_not_found.
type MessageBackend interface {
	// SentMessage returns this chain's record of message id.
	SentMessage(id types.Hash) (*types.SentMessage, error)
	// ReceivedMessage returns this chain's marker of message id of chain
	// senderDomain.
	ReceivedMessage(senderDomain string, id types.Hash) (*types.ReceivedMessage, error)
}

func (l *lightClientService) messages(ctx context.Context, method string) (MessageBackend, error) {
	if err := l.s.authorize(ctx, method); err != nil {
		return nil, err
	}
	b, ok := l.s.b.(MessageBackend)
	if !ok {
		return nil, newStatus(codes.Unimplemented, ReasonUnimplemented, "this node serves no contract messages")
	}
	return b, nil
}

// GetSentMessage returns the record of a message this chain sent.
func (l *lightClientService) GetSentMessage(ctx context.Context, req *apipb.GetSentMessageRequest) (*types.SentMessage, error) {
	const m = apipb.LightClients_GetSentMessage_FullMethodName
	b, err := l.messages(ctx, m)
	if err != nil {
		return nil, err
	}
	id, err := parseHash("id", req.GetId())
	if err != nil {
		return nil, err
	}
	r, err := b.SentMessage(id)
	if err != nil {
		return nil, toStatus(ctx, l.s.log, m, err)
	}
	return r, nil
}

// GetReceivedMessage returns the marker of a message this chain received.
func (l *lightClientService) GetReceivedMessage(ctx context.Context, req *apipb.GetReceivedMessageRequest) (*types.ReceivedMessage, error) {
	const m = apipb.LightClients_GetReceivedMessage_FullMethodName
	b, err := l.messages(ctx, m)
	if err != nil {
		return nil, err
	}
	if err := checkChainID(req.GetChainId()); err != nil {
		return nil, err
	}
	id, err := parseHash("id", req.GetId())
	if err != nil {
		return nil, err
	}
	r, err := b.ReceivedMessage(req.GetChainId(), id)
	if err != nil {
		return nil, toStatus(ctx, l.s.log, m, err)
	}
	return r, nil
}
