package api

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime/debug"
	"strconv"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/types"
)

// REST paths served outside grpc-gateway's routing.
const (
	// HealthPath answers without a client certificate.
	HealthPath = "/v1/health"
	// BlockStreamPath streams blocks as newline-delimited JSON.
	BlockStreamPath = "/v1/blocks:stream"
)

// Media types of REST responses.
const (
	ProblemContentType = "application/problem+json"
	NDJSONContentType  = "application/x-ndjson"
)

// Problem is the RFC 9457 body (application/problem+json) of every REST
// error. Code is the same reason a gRPC caller finds in the status's
// errdetails.ErrorInfo: a types.Code for a refused transaction, or one of
// the Reason constants.
type Problem struct {
	// Type is "urn:causeway:problem:" followed by Code.
	Type string `json:"type"`
	// Title is a short summary of the problem type, the same for every
	// occurrence of the type.
	Title string `json:"title"`
	// Status is the HTTP status code.
	Status int `json:"status"`
	// Detail explains this occurrence.
	Detail string `json:"detail,omitempty"`
	// Code is the machine-readable reason.
	Code types.Code `json:"code"`
	// Instance is the request path.
	Instance string `json:"instance,omitempty"`
}

// ProblemTypePrefix prefixes a Problem's Code to form its Type.
const ProblemTypePrefix = "urn:causeway:problem:"

// REST returns the REST/JSON handler of the API (the HTTP mapping of
// proto/causeway/v1/api.yaml, served in process by grpc-gateway). Serve it
// over TLS with tlsConf, made by pki.Trust.ServerTLS with
// pki.OptionalClientCert:
//
//   - GET /v1/health answers anyone; every other request needs a client
//     certificate from a member CA and gets 401 without one. The caller's
//     certificate is checked again on each request with tlsConf's
//     VerifyConnection (a nil tlsConf accepts only certificates the
//     handshake itself verified), and the caller's identity reaches the
//     same authorization as over gRPC.
//   - Errors are RFC 9457 problem JSON (see Problem and HTTPStatusOf).
//   - Request bodies are limited as Options.MaxRequestBytes describes.
//   - GET /v1/blocks:stream?from_height=N streams blocks as newline-delimited
//     JSON, one BlockResponse per line, flushed per block, from height N
//     (0: from the next block) until the client goes away.
func (s *Server) REST(tlsConf *tls.Config) http.Handler {
	mux := runtime.NewServeMux(
		// One JSON encoding (package apijson: bytes as hex) both ways.
		runtime.WithMarshalerOption(runtime.MIMEWildcard, JSONMarshaler{}),
		runtime.WithErrorHandler(s.gatewayError),
		runtime.WithRoutingErrorHandler(s.routingError),
		// HTTP headers do not become gRPC metadata: nothing a REST caller
		// writes in a header is mistaken for server-side context.
		runtime.WithIncomingHeaderMatcher(func(string) (string, bool) { return "", false }),
	)
	if err := apipb.RegisterChainHandlerServer(context.Background(), mux, s.svc); err != nil {
		panic(err) // only fails on a nil mux
	}
	if err := apipb.RegisterProofsHandlerServer(context.Background(), mux, s.proofs); err != nil {
		panic(err)
	}
	if err := apipb.RegisterLightClientsHandlerServer(context.Background(), mux, s.lightClients); err != nil {
		panic(err)
	}
	return wrapREST(&restHandler{s: s, mux: mux, tls: tlsConf, limit: int64(s.opts.MaxRequestBytes)*2 + 4096, routes: s.routeMux(s.routes)})
}

type restHandler struct {
	s     *Server
	mux   *runtime.ServeMux
	tls   *tls.Config
	limit int64
	// routes serves the extra Routes (nil: none).
	routes *http.ServeMux
}

// bodyState records whether a request body went over the limit, so that the
// gateway's decoding error can be reported as too_large.
type bodyState struct{ exceeded bool }

type bodyStateKey struct{}

type limitedBody struct {
	io.ReadCloser
	st *bodyState
}

func (b *limitedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		b.st.exceeded = true
	}
	return n, err
}

func (h *restHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			h.s.log.ErrorContext(r.Context(), "panic in REST handler", "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			h.s.writeProblem(w, r, http.StatusInternalServerError, ReasonInternal, "internal error")
		}
	}()
	if r.ContentLength > h.limit {
		h.s.writeProblem(w, r, http.StatusRequestEntityTooLarge, ReasonRequestTooLarge,
			fmt.Sprintf("request body is %d bytes, the limit is %d", r.ContentLength, h.limit))
		return
	}
	st := &bodyState{}
	ctx := context.WithValue(r.Context(), bodyStateKey{}, st)
	if r.Body != nil && r.Body != http.NoBody {
		r.Body = &limitedBody{ReadCloser: http.MaxBytesReader(w, r.Body, h.limit), st: st}
	}
	public := r.URL.Path == HealthPath && (r.Method == http.MethodGet || r.Method == http.MethodHead)
	if r.TLS != nil && len(r.TLS.PeerCertificates) > 0 {
		id, err := restIdentity(r.TLS, h.tls)
		if err != nil {
			h.s.log.InfoContext(ctx, "REST caller refused", "remote", r.RemoteAddr, "err", err)
			h.s.writeProblem(w, r, http.StatusUnauthorized, ReasonUnauthenticated, "client certificate refused: "+err.Error())
			return
		}
		ctx = contextWithIdentity(ctx, id)
	} else if !public {
		h.s.writeProblem(w, r, http.StatusUnauthorized, ReasonUnauthenticated,
			"a client certificate issued by a member CA is required (only GET "+HealthPath+" answers without one)")
		return
	}
	r = r.WithContext(ctx)
	if r.URL.Path == BlockStreamPath && r.Method == http.MethodGet {
		h.s.serveBlockStream(w, r)
		return
	}
	if h.routes != nil {
		if _, pattern := h.routes.Handler(r); pattern != "" {
			h.routes.ServeHTTP(w, r) // routes again, setting the path values
			return
		}
	}
	h.mux.ServeHTTP(w, r)
}

// serveBlockStream serves GET /v1/blocks:stream as newline-delimited JSON.
func (s *Server) serveBlockStream(w http.ResponseWriter, r *http.Request) {
	const m = apipb.Chain_SubscribeBlocks_FullMethodName
	ctx := r.Context()
	if err := s.authorize(ctx, m); err != nil {
		s.writeStatusProblem(w, r, err)
		return
	}
	var from uint64
	q := r.URL.Query()
	v := q.Get("from_height")
	if v == "" {
		v = q.Get("fromHeight")
	}
	if v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			s.writeStatusProblem(w, r, invalidArgument("from_height: %q is not a block height", v))
			return
		}
		from = n
	}
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", NDJSONContentType)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	if err := rc.Flush(); err != nil {
		s.log.WarnContext(ctx, "block stream: response cannot be flushed", "err", err)
		return
	}
	send := func(b *apipb.BlockResponse) error {
		line, err := marshalLine(b)
		if err != nil {
			return err
		}
		if _, err := w.Write(line); err != nil {
			return err
		}
		return rc.Flush()
	}
	err := s.streamBlocks(ctx, from, send)
	if err != nil && ctx.Err() == nil {
		// The status line is sent: the stream just ends; the client resumes
		// from the height after the last block it received.
		s.log.WarnContext(ctx, "block stream ended", "from_height", from, "err", err)
	}
}

// gatewayError is grpc-gateway's error handler: it writes err as problem JSON.
func (s *Server) gatewayError(ctx context.Context, _ *runtime.ServeMux, _ runtime.Marshaler, w http.ResponseWriter, r *http.Request, err error) {
	httpStatus := 0
	var hse *runtime.HTTPStatusError
	if errors.As(err, &hse) {
		httpStatus, err = hse.HTTPStatus, hse.Err
	}
	if st, ok := r.Context().Value(bodyStateKey{}).(*bodyState); ok && st.exceeded {
		err = newStatus(codes.InvalidArgument, ReasonRequestTooLarge, "request body is over the limit")
		httpStatus = http.StatusRequestEntityTooLarge
	}
	if _, ok := status.FromError(err); !ok {
		err = toStatus(ctx, s.log, "REST "+r.URL.Path, err)
	}
	st := status.Convert(err)
	reason := ReasonOfStatus(st)
	if httpStatus == 0 {
		httpStatus = HTTPStatusOf(st.Code(), reason)
	}
	s.writeProblem(w, r, httpStatus, reason, st.Message())
}

// routingError reports an unknown path or method as problem JSON.
func (s *Server) routingError(ctx context.Context, mux *runtime.ServeMux, m runtime.Marshaler, w http.ResponseWriter, r *http.Request, httpStatus int) {
	switch httpStatus {
	case http.StatusNotFound:
		s.writeProblem(w, r, httpStatus, ReasonNotFound, fmt.Sprintf("no endpoint %s %s", r.Method, r.URL.Path))
	case http.StatusMethodNotAllowed:
		w.Header().Set("Allow", http.MethodGet) // every endpoint but POST /v1/txs is GET
		if r.URL.Path == "/v1/txs" {
			w.Header().Set("Allow", http.MethodPost)
		}
		s.writeProblem(w, r, httpStatus, ReasonMethodNotAllowed, fmt.Sprintf("method %s is not allowed on %s", r.Method, r.URL.Path))
	default:
		s.writeProblem(w, r, httpStatus, ReasonInvalidArgument, http.StatusText(httpStatus))
	}
}

// writeStatusProblem writes a gRPC status error as problem JSON.
func (s *Server) writeStatusProblem(w http.ResponseWriter, r *http.Request, err error) {
	st := status.Convert(err)
	reason := ReasonOfStatus(st)
	s.writeProblem(w, r, HTTPStatusOf(st.Code(), reason), reason, st.Message())
}

// writeProblem writes an RFC 9457 problem.
func (s *Server) writeProblem(w http.ResponseWriter, r *http.Request, httpStatus int, reason types.Code, detail string) {
	p := Problem{
		Type: ProblemTypePrefix + string(reason), Title: problemTitle(reason, httpStatus),
		Status: httpStatus, Detail: detail, Code: reason, Instance: r.URL.Path,
	}
	b, err := json.Marshal(p)
	if err != nil {
		b = []byte(`{"type":"about:blank","title":"Internal Server Error","status":500,"code":"internal"}`)
		httpStatus = http.StatusInternalServerError
	}
	h := w.Header()
	h.Del("Trailer")
	h.Set("Content-Type", ProblemContentType)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(httpStatus)
	_, _ = w.Write(b)
}

var problemTitles = map[types.Code]string{
	types.CodeMalformed:         "Malformed transaction",
	types.CodeTooLarge:          "Too large",
	types.CodeWrongChain:        "Transaction for another chain",
	types.CodeBadSignature:      "Bad signature",
	types.CodeNoSignature:       "Transaction not signed",
	types.CodeExpired:           "Transaction expired",
	types.CodeFuture:            "Transaction timestamp in the future",
	types.CodeBadValidity:       "Bad validity period",
	types.CodeDuplicate:         "Duplicate transaction",
	types.CodePoolFull:          "Transaction pool full",
	types.CodeUnauthorized:      "Not authorized",
	types.CodeUnknownAccount:    "Unknown account",
	types.CodeAccountExists:     "Account exists",
	types.CodeInsufficientFunds: "Insufficient funds",
	types.CodeAccountFrozen:     "Account frozen",
	types.CodeInvalidPayload:    "Invalid payload",
	types.CodeUnknownType:       "Unknown transaction type",
	types.CodeUnavailable:       "Unavailable",
	ReasonNotFound:              "Not found",
	ReasonInvalidArgument:       "Invalid argument",
	ReasonUnauthenticated:       "Client certificate required",
	ReasonPermissionDenied:      "Permission denied",
	ReasonDeadlineExceeded:      "Deadline exceeded",
	ReasonCanceled:              "Canceled",
	ReasonInternal:              "Internal error",
	ReasonUnimplemented:         "Not implemented",
	ReasonMethodNotAllowed:      "Method not allowed",
	ReasonResourceExhausted:     "Resource exhausted",
}

func problemTitle(reason types.Code, httpStatus int) string {
	if t, ok := problemTitles[reason]; ok {
		return t
	}
	return http.StatusText(httpStatus)
}
