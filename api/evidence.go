package api

import (
	"context"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/causeway/causeway/types"
)

// readEvidence applies Options.ReadEvidence to a record about to be returned.
func (s *Server) readEvidence(ctx context.Context, ev *types.Evidence) error {
	if s.opts.ReadEvidence == nil {
		return nil
	}
	id, err := IdentityFromContext(ctx)
	if err != nil {
		return newStatus(codes.Unauthenticated, ReasonUnauthenticated, "a client certificate issued by a member CA is required")
	}
	if err := s.opts.ReadEvidence(ctx, id, ev); err != nil {
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
