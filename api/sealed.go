package api

import (
	"bytes"
	"context"
	"fmt"

	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/sealing"
	"github.com/causeway/causeway/state"
)

// GetSealed returns a stored sealed payload: its record and its envelope,
// read from the transaction that carried it and checked against the
// record's envelope hash. Decrypting is the reader's business (package
// sdk): the node holds no reader's key.
func (v *service) GetSealed(ctx context.Context, req *apipb.GetSealedRequest) (*apipb.SealedResponse, error) {
	const m = apipb.Chain_GetSealed_FullMethodName
	if err := v.s.authorize(ctx, m); err != nil {
		return nil, err
	}
	id, err := parseHash("id", req.GetId())
	if err != nil {
		return nil, err
	}
	if err := v.s.readState(ctx, state.SealedKey(id)); err != nil {
		return nil, err
	}
	rec, err := v.s.b.GetSealed(id)
	if err != nil {
		return nil, v.fail(ctx, m, err)
	}
	tx, err := v.s.b.GetTx(id)
	if err != nil {
		return nil, v.fail(ctx, m, fmt.Errorf("sealed payload %s: its transaction: %w", id, err))
	}
	p, err := sealing.PayloadOf(tx.Body)
	if err != nil || p == nil {
		return nil, v.fail(ctx, m, fmt.Errorf("sealed payload %s: its transaction carries no sealed payload (%v)", id, err))
	}
	if h := v.s.b.Suite().Sum(p.Envelope); !bytes.Equal(h[:], rec.EnvelopeHash) {
		return nil, v.fail(ctx, m, fmt.Errorf("sealed payload %s: the envelope in its transaction does not hash to the record's", id))
	}
	return &apipb.SealedResponse{Record: rec, Envelope: p.Envelope}, nil
}
