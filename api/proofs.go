package api

import (
	"context"
	"encoding/hex"
	"errors"

	"google.golang.org/grpc/codes"

	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify/proofpb"
)

// ErrNotCertified is returned by a ProofBackend for a proof about block h
// while block h+1, whose header carries h's roots and whose signatures
// certify them, is not committed yet. It is reported as FailedPrecondition
// with reason not_certified: retry after the next block.
var ErrNotCertified = errors.New("not certified yet: the next block is not committed")

// ReasonNotCertified is the reason of ErrNotCertified.
const ReasonNotCertified types.Code = "not_certified"

// ProofBackend is what the Proofs service serves. A Backend that implements
// it serves proofs; otherwise the Proofs methods answer Unimplemented.
type ProofBackend interface {
	// TxProof returns the proof of a committed transaction: ErrNotFound if
	// it is not committed, ErrNotCertified until the block after it is.
	TxProof(h types.Hash) (*proofpb.TxProof, error)
	// StateProof returns the value of key (or its absence) in the state
	// after block height, or, when latest, after the latest block whose
	// successor is committed. ErrNotCertified if block height+1 is not
	// committed.
	StateProof(key []byte, height uint64, latest bool) (*proofpb.StateProof, error)
	// ConfigChain returns the configuration changes in force up to
	// toHeight (or the head when latest); ErrNotFound above the head.
	ConfigChain(toHeight uint64, latest bool) (*proofpb.ConfigChain, error)
}

// proofService implements apipb.ProofsServer over a ProofBackend.
type proofService struct {
	apipb.UnimplementedProofsServer
	s *Server
}

var _ apipb.ProofsServer = (*proofService)(nil)

func (p *proofService) backend() (ProofBackend, error) {
	pb, ok := p.s.b.(ProofBackend)
	if !ok {
		return nil, newStatus(codes.Unimplemented, ReasonUnimplemented, "this node serves no proofs")
	}
	return pb, nil
}

func (p *proofService) fail(ctx context.Context, method string, err error) error {
	if errors.Is(err, ErrNotCertified) {
		return newStatus(codes.FailedPrecondition, ReasonNotCertified, err.Error())
	}
	return toStatus(ctx, p.s.log, method, err)
}

// GetTxProof returns a committed transaction, its receipt and their proof.
func (p *proofService) GetTxProof(ctx context.Context, req *apipb.GetTxProofRequest) (*proofpb.TxProof, error) {
	const m = apipb.Proofs_GetTxProof_FullMethodName
	if err := p.s.authorize(ctx, m); err != nil {
		return nil, err
	}
	b, err := p.backend()
	if err != nil {
		return nil, err
	}
	h, err := parseHash("hash", req.GetHash())
	if err != nil {
		return nil, err
	}
	out, err := b.TxProof(h)
	if err != nil {
		return nil, p.fail(ctx, m, err)
	}
	return out, nil
}

// GetStateProof returns a state value or its absence with its proof.
func (p *proofService) GetStateProof(ctx context.Context, req *apipb.GetStateProofRequest) (*proofpb.StateProof, error) {
	const m = apipb.Proofs_GetStateProof_FullMethodName
	if err := p.s.authorize(ctx, m); err != nil {
		return nil, err
	}
	b, err := p.backend()
	if err != nil {
		return nil, err
	}
	key, err := hex.DecodeString(req.GetKey())
	if err != nil || len(key) == 0 {
		return nil, invalidArgument("key: %q is not a non-empty hex string", req.GetKey())
	}
	if err := p.s.readState(ctx, key); err != nil {
		return nil, err
	}
	out, err := b.StateProof(key, req.GetHeight(), req.Height == nil)
	if err != nil {
		return nil, p.fail(ctx, m, err)
	}
	return out, nil
}

// GetConfigChain returns the configuration changes up to a height.
func (p *proofService) GetConfigChain(ctx context.Context, req *apipb.GetConfigChainRequest) (*proofpb.ConfigChain, error) {
	const m = apipb.Proofs_GetConfigChain_FullMethodName
	if err := p.s.authorize(ctx, m); err != nil {
		return nil, err
	}
	b, err := p.backend()
	if err != nil {
		return nil, err
	}
	out, err := b.ConfigChain(req.GetToHeight(), req.ToHeight == nil)
	if err != nil {
		return nil, p.fail(ctx, m, err)
	}
	return out, nil
}
