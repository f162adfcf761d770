package api

import (
	"context"
	"encoding/hex"
	"strings"

	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/types"
)

// service implements apipb.ChainServer over a Backend. Both transports call
// it: gRPC directly, REST through grpc-gateway's in-process handlers. Every
// method except Health first authenticates the caller (see authorize), so the
// same rules hold whichever transport a request came in on.
type service struct {
	apipb.UnimplementedChainServer
	s *Server
}

var _ apipb.ChainServer = (*service)(nil)

func (v *service) fail(ctx context.Context, method string, err error) error {
	return toStatus(ctx, v.s.log, method, err)
}

// SubmitTx admits a transaction; with wait, it returns its receipt once committed.
func (v *service) SubmitTx(ctx context.Context, req *apipb.SubmitTxRequest) (*apipb.SubmitTxResponse, error) {
	const m = apipb.Chain_SubmitTx_FullMethodName
	if err := v.s.authorize(ctx, m); err != nil {
		return nil, err
	}
	if len(req.GetTx()) == 0 {
		return nil, v.fail(ctx, m, types.Errorf(types.CodeMalformed, "tx is empty"))
	}
	h, err := v.s.b.SubmitTx(ctx, req.GetTx())
	if err != nil {
		return nil, v.fail(ctx, m, err)
	}
	resp := &apipb.SubmitTxResponse{TxHash: h.String()}
	if !req.GetWait() {
		return resp, nil
	}
	r, err := v.s.b.WaitTx(ctx, h)
	if err != nil {
		return nil, v.fail(ctx, m, err)
	}
	resp.Receipt, resp.Height = r.Receipt, r.Height
	return resp, nil
}

// GetTx returns a committed transaction with its receipt and place in the chain.
func (v *service) GetTx(ctx context.Context, req *apipb.GetTxRequest) (*apipb.TxResponse, error) {
	const m = apipb.Chain_GetTx_FullMethodName
	if err := v.s.authorize(ctx, m); err != nil {
		return nil, err
	}
	h, err := parseHash("hash", req.GetHash())
	if err != nil {
		return nil, err
	}
	r, err := v.s.b.GetTx(h)
	if err != nil {
		return nil, v.fail(ctx, m, err)
	}
	return &apipb.TxResponse{
		TxHash: h.String(), Tx: r.Tx, Body: r.Body, Receipt: r.Receipt,
		Height: r.Height, Index: r.Index, BlockHash: r.BlockHash.String(),
	}, nil
}

// GetBlock returns a committed block by hash when hash is set, else by height.
func (v *service) GetBlock(ctx context.Context, req *apipb.GetBlockRequest) (*apipb.BlockResponse, error) {
	const m = apipb.Chain_GetBlock_FullMethodName
	if err := v.s.authorize(ctx, m); err != nil {
		return nil, err
	}
	var (
		b   *types.Block
		err error
	)
	if req.GetHash() != "" {
		h, perr := parseHash("hash", req.GetHash())
		if perr != nil {
			return nil, perr
		}
		b, err = v.s.b.GetBlockByHash(h)
	} else {
		b, err = v.s.b.GetBlock(req.GetHeight())
	}
	if err != nil {
		return nil, v.fail(ctx, m, err)
	}
	resp, err := blockResponse(v.s.b.Suite(), b)
	if err != nil {
		return nil, v.fail(ctx, m, err)
	}
	return resp, nil
}

// SubscribeBlocks streams stored blocks from from_height, then new ones.
func (v *service) SubscribeBlocks(req *apipb.SubscribeBlocksRequest, stream apipb.Chain_SubscribeBlocksServer) error {
	const m = apipb.Chain_SubscribeBlocks_FullMethodName
	ctx := stream.Context()
	if err := v.s.authorize(ctx, m); err != nil {
		return err
	}
	err := v.s.streamBlocks(ctx, req.GetFromHeight(), stream.Send)
	return v.fail(ctx, m, err)
}

// GetAccount returns an account by name or by 64-hex-digit identity.
func (v *service) GetAccount(ctx context.Context, req *apipb.GetAccountRequest) (*types.Account, error) {
	const m = apipb.Chain_GetAccount_FullMethodName
	if err := v.s.authorize(ctx, m); err != nil {
		return nil, err
	}
	id, err := AccountRef(v.s.b.Suite(), req.GetAccount())
	if err != nil {
		return nil, err
	}
	a, err := v.s.b.GetAccount(id)
	if err != nil {
		return nil, v.fail(ctx, m, err)
	}
	return a, nil
}

// GetEvidence returns a deposited evidence record by its hex id.
func (v *service) GetEvidence(ctx context.Context, req *apipb.GetEvidenceRequest) (*types.Evidence, error) {
	const m = apipb.Chain_GetEvidence_FullMethodName
	if err := v.s.authorize(ctx, m); err != nil {
		return nil, err
	}
	id, err := parseHash("id", req.GetId())
	if err != nil {
		return nil, err
	}
	e, err := v.s.b.GetEvidence(id)
	if err != nil {
		return nil, v.fail(ctx, m, err)
	}
	if err := v.s.readEvidence(ctx, e); err != nil {
		return nil, err
	}
	return e, nil
}

// Status describes the node.
func (v *service) Status(ctx context.Context, _ *apipb.StatusRequest) (*apipb.StatusResponse, error) {
	const m = apipb.Chain_Status_FullMethodName
	if err := v.s.authorize(ctx, m); err != nil {
		return nil, err
	}
	st := v.s.b.Status()
	if st == nil {
		return nil, v.fail(ctx, m, errNoStatus)
	}
	return st, nil
}

// Health answers, without authentication, whether the node serves as a
// consensus node (ready), and otherwise why not, with its height.
func (v *service) Health(ctx context.Context, _ *apipb.HealthRequest) (*apipb.HealthResponse, error) {
	resp := &apipb.HealthResponse{Status: HealthServing, Ready: true, Height: v.s.b.Height()}
	if hr, ok := v.s.b.(HealthReporter); ok {
		resp.Status, resp.Ready, resp.Reason = hr.HealthStatus()
	}
	return resp, nil
}

// HealthReporter is implemented by a Backend that knows whether its node is
// ready: a node outside the node set (removed by governance, or not yet
// admitted) or with a damaged ledger answers Health with ready false, its
// status and a one-line reason.
type HealthReporter interface {
	HealthStatus() (status string, ready bool, reason string)
}

// HealthServing is the status Health reports while the node serves.
const HealthServing = "serving"

type constError string

func (e constError) Error() string { return string(e) }

const errNoStatus = constError("backend returned no status")

// parseHash parses a hex hash request field, reporting InvalidArgument.
func parseHash(field, s string) (types.Hash, error) {
	if s == "" {
		return types.Hash{}, invalidArgument("%s is required", field)
	}
	h, err := types.ParseHash(strings.TrimPrefix(s, "0x"))
	if err != nil {
		return types.Hash{}, invalidArgument("%s: want %d hex digits: %v", field, 2*types.HashSize, err)
	}
	return h, nil
}

// AccountRef resolves how clients name an account: 64 hex digits are an
// identity; anything else is a name, whose identity is suite.AccountID(name).
// An empty reference is an InvalidArgument status error.
func AccountRef(suite types.Suite, s string) (types.Hash, error) {
	if s == "" {
		return types.Hash{}, invalidArgument("account is required")
	}
	if len(s) == 2*types.HashSize {
		if b, err := hex.DecodeString(s); err == nil {
			return types.HashOf(b)
		}
	}
	return suite.AccountID(s), nil
}

// blockResponse pairs a block with its hash.
func blockResponse(suite types.Suite, b *types.Block) (*apipb.BlockResponse, error) {
	if b == nil || b.GetHeader() == nil {
		return nil, constError("backend returned a block without a header")
	}
	return &apipb.BlockResponse{Hash: suite.BlockHash(b).String(), Block: b}, nil
}
