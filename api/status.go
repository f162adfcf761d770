package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/causeway/causeway/types"
)

// ErrorDomain is the Domain of the errdetails.ErrorInfo attached to every
// error the API returns.
const ErrorDomain = "causeway"

// Reasons of errors that are not a refused transaction. A refused
// transaction's reason is its types.Code (malformed, duplicate, ...). Every
// error the API returns carries exactly one reason, in an
// errdetails.ErrorInfo over gRPC and in the "code" member of the problem JSON
// over REST.
const (
	ReasonNotFound         types.Code = "not_found"
	ReasonInvalidArgument  types.Code = "invalid_argument"
	ReasonUnauthenticated  types.Code = "unauthenticated"
	ReasonPermissionDenied types.Code = "permission_denied"
	ReasonDeadlineExceeded types.Code = "deadline_exceeded"
	ReasonCanceled         types.Code = "canceled"
	ReasonInternal         types.Code = "internal"
	ReasonUnimplemented    types.Code = "unimplemented"
	// ReasonMethodNotAllowed is a REST request with a method its path
	// does not serve (HTTP 405).
	ReasonMethodNotAllowed types.Code = "method_not_allowed"
	// ReasonResourceExhausted is reported for a ResourceExhausted status
	// that names no more precise reason (pool_full does).
	ReasonResourceExhausted types.Code = "resource_exhausted"
	// ReasonRequestTooLarge is reported for a request (not a transaction)
	// above the server's size limit; it is types.CodeTooLarge.
	ReasonRequestTooLarge = types.CodeTooLarge
	// ReasonUnavailable is reported when the node cannot serve the call now
	// (shutting down, a block stream that cannot continue); it is
	// types.CodeUnavailable.
	ReasonUnavailable = types.CodeUnavailable
)

// CodeOfTxError returns the gRPC code a refused transaction with code c is
// reported with:
//
//	malformed, too_large, wrong_chain, bad_signature, no_signature,
//	bad_validity, invalid_payload, unknown_type          -> InvalidArgument
//	expired, future_timestamp                             -> FailedPrecondition
//	unknown_account, insufficient_funds, account_frozen   -> FailedPrecondition
//	duplicate, account_exists                             -> AlreadyExists
//	client_not_found, header_not_found                    -> NotFound
//	client_frozen                                         -> FailedPrecondition
//	message_not_found (with client_not_found...)          -> NotFound
//	client_exists, header_known                           -> AlreadyExists
//	pool_full                                             -> ResourceExhausted
//	unauthorized                                          -> PermissionDenied
//	unavailable                                           -> Unavailable
//	any other code                                        -> InvalidArgument
//
// InvalidArgument means the transaction can never be admitted as it is;
// FailedPrecondition means it is well formed but the chain's present state or
// time refuses it (a future timestamp may be admitted later, an expired one
// must be re-signed); ResourceExhausted and Unavailable mean the same bytes
// may be retried later.
func CodeOfTxError(c types.Code) codes.Code {
	switch c {
	case types.CodeExpired, types.CodeFuture,
		types.CodeUnknownAccount, types.CodeInsufficientFunds, types.CodeAccountFrozen, types.CodeClientFrozen:
		return codes.FailedPrecondition
	case types.CodeDuplicate, types.CodeAccountExists, types.CodeClientExists, types.CodeHeaderKnown:
		return codes.AlreadyExists
	case types.CodeClientNotFound, types.CodeHeaderNotFound, types.CodeMessageNotFound:
		return codes.NotFound
	case types.CodePoolFull:
		return codes.ResourceExhausted
	case types.CodeUnauthorized:
		return codes.PermissionDenied
	case types.CodeUnavailable:
		return codes.Unavailable
	default:
		return codes.InvalidArgument
	}
}

// HTTPStatusOf returns the HTTP status a gRPC code and reason are served
// with over REST: grpc-gateway's standard mapping (InvalidArgument and
// FailedPrecondition 400, Unauthenticated 401, PermissionDenied 403,
// NotFound 404, AlreadyExists 409, ResourceExhausted 429, Canceled 499,
// Internal 500, Unavailable 503, DeadlineExceeded 504), except that
// too_large is 413 Content Too Large.
func HTTPStatusOf(code codes.Code, reason types.Code) int {
	if reason == types.CodeTooLarge {
		return http.StatusRequestEntityTooLarge
	}
	return runtime.HTTPStatusFromCode(code)
}

// reasonOfCode is the reason reported for a status that carries none.
func reasonOfCode(c codes.Code) types.Code {
	switch c {
	case codes.NotFound:
		return ReasonNotFound
	case codes.InvalidArgument, codes.OutOfRange:
		return ReasonInvalidArgument
	case codes.Unauthenticated:
		return ReasonUnauthenticated
	case codes.PermissionDenied:
		return ReasonPermissionDenied
	case codes.DeadlineExceeded:
		return ReasonDeadlineExceeded
	case codes.Canceled:
		return ReasonCanceled
	case codes.Unavailable:
		return ReasonUnavailable
	case codes.Unimplemented:
		return ReasonUnimplemented
	case codes.ResourceExhausted:
		return ReasonResourceExhausted
	default:
		return ReasonInternal
	}
}

// newStatus makes a status error carrying an ErrorInfo with reason.
func newStatus(code codes.Code, reason types.Code, msg string) error {
	st := status.New(code, msg)
	if ds, err := st.WithDetails(&errdetails.ErrorInfo{Reason: string(reason), Domain: ErrorDomain}); err == nil {
		st = ds
	}
	return st.Err()
}

// invalidArgument reports a bad request field.
func invalidArgument(format string, args ...any) error {
	return newStatus(codes.InvalidArgument, ReasonInvalidArgument, fmt.Sprintf(format, args...))
}

// ReasonOfStatus returns the reason carried by st's ErrorInfo (domain
// "causeway"), or one derived from its code when it carries none.
func ReasonOfStatus(st *status.Status) types.Code {
	for _, d := range st.Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok && info.GetDomain() == ErrorDomain && info.GetReason() != "" {
			return types.Code(info.GetReason())
		}
	}
	return reasonOfCode(st.Code())
}

// toStatus converts an error from the backend (or from the API itself) to the
// gRPC status error returned to the client. Internal errors are logged and
// reported without their text, which may name files or internal state.
func toStatus(ctx context.Context, log *slog.Logger, method string, err error) error {
	if err == nil {
		return nil
	}
	var te *types.TxError
	switch {
	case errors.As(err, &te):
		return newStatus(CodeOfTxError(te.Code), te.Code, te.Error())
	case errors.Is(err, ErrNotFound):
		return newStatus(codes.NotFound, ReasonNotFound, err.Error())
	case errors.Is(err, context.DeadlineExceeded):
		return newStatus(codes.DeadlineExceeded, ReasonDeadlineExceeded, "deadline exceeded")
	case errors.Is(err, context.Canceled):
		return newStatus(codes.Canceled, ReasonCanceled, "canceled")
	}
	if st, ok := status.FromError(err); ok {
		if st.Code() == codes.Internal || st.Code() == codes.Unknown {
			log.ErrorContext(ctx, "internal error", "method", method, "err", err)
			return newStatus(codes.Internal, ReasonInternal, "internal error")
		}
		if hasReason(st) {
			return st.Err()
		}
		return newStatus(st.Code(), reasonOfCode(st.Code()), st.Message())
	}
	log.ErrorContext(ctx, "internal error", "method", method, "err", err)
	return newStatus(codes.Internal, ReasonInternal, "internal error")
}

func hasReason(st *status.Status) bool {
	for _, d := range st.Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok && info.GetDomain() == ErrorDomain {
			return true
		}
	}
	return false
}
