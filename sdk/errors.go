package sdk

import (
	"context"
	"errors"
	"strings"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/causeway/causeway/types"
)

// errorDomain is the ErrorInfo domain of Causeway's errors (api.ErrorDomain).
const errorDomain = "causeway"

// ReasonOf returns the machine-readable reason of an error from a Client:
//
//   - for an error the node returned, the Reason of its
//     errdetails.ErrorInfo: a refused transaction's types.Code
//     (types.CodeDuplicate, types.CodePoolFull, ...) or one of the api
//     package's Reason constants ("not_found", "unauthenticated", ...);
//   - for a gRPC status without one (a connection failure, a request the
//     transport refused), the snake_case name of its code ("unavailable",
//     "resource_exhausted", "deadline_exceeded", ...);
//   - for a *types.TxError (for example from a local check), its Code;
//   - for context errors, "deadline_exceeded" or "canceled";
//   - "" for nil and for any other error.
func ReasonOf(err error) types.Code {
	if err == nil {
		return ""
	}
	var te *types.TxError
	if errors.As(err, &te) {
		return te.Code
	}
	if st, ok := status.FromError(err); ok {
		for _, d := range st.Details() {
			if info, ok := d.(*errdetails.ErrorInfo); ok && info.GetDomain() == errorDomain && info.GetReason() != "" {
				return types.Code(info.GetReason())
			}
		}
		if st.Code() != codes.Unknown && st.Code() != codes.OK {
			return codeReason(st.Code())
		}
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return codeReason(codes.DeadlineExceeded)
	case errors.Is(err, context.Canceled):
		return codeReason(codes.Canceled)
	}
	return ""
}

// codeReason is the snake_case name of a gRPC code: "deadline_exceeded".
func codeReason(c codes.Code) types.Code {
	var b strings.Builder
	for i, r := range c.String() {
		if r >= 'A' && r <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return types.Code(b.String())
}

// IsNotFound reports whether err says the block, transaction, account or
// evidence asked for does not exist (yet).
func IsNotFound(err error) bool {
	return status.Code(err) == codes.NotFound
}
