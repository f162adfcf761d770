package api

import (
	"context"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/types"
)

// readEvidence applies Options.ReadEvidence to a record about to be returned.
func (s *Server) readEvidence(ctx context.Context, ev *types.Evidence) error {
	if s.opts.ReadEvidence == nil {
		return nil
	}
	return checkRead(ctx, func(id pki.Identity) error { return s.opts.ReadEvidence(ctx, id, ev) })
}

// readState applies Options.ReadState to the state key about to be read.
func (s *Server) readState(ctx context.Context, key []byte) error {
	if s.opts.ReadState == nil {
		return nil
	}
	return checkRead(ctx, func(id pki.Identity) error { return s.opts.ReadState(ctx, id, key) })
}

// checkRead asks a read policy about the caller and turns its refusal into
// the API's status.
func checkRead(ctx context.Context, policy func(id pki.Identity) error) error {
	id, err := IdentityFromContext(ctx)
	if err != nil {
		return newStatus(codes.Unauthenticated, ReasonUnauthenticated, "a client certificate issued by a member CA is required")
	}
	if err := policy(id); err != nil {
		if st, ok := status.FromError(err); ok {
			if hasReason(st) {
				return err
			}
			return newStatus(st.Code(), reasonOfCode(st.Code()), st.Message())
		}
		return newStatus(codes.PermissionDenied, ReasonPermissionDenied, err.Error())
	}
	return nil
}
