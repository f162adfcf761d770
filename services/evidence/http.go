package evidence

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

// Method names of the REST endpoints, in the form of gRPC full method names:
// what a host's authorization hook is asked with (deposits need the
// permission to submit transactions, the rest to query).
const (
	MethodDeposit      = "/causeway.v1.Evidence/Deposit"
	MethodDepositBatch = "/causeway.v1.Evidence/DepositBatch"
	MethodCertificate  = "/causeway.v1.Evidence/Certificate"
	MethodVerify       = "/causeway.v1.Evidence/Verify"
)

// Route is one REST endpoint of the service.
type Route struct {
	// Pattern is the http.ServeMux pattern; Method the name to authorize.
	Pattern, Method string
	Handler         http.Handler
}

// HandlerOptions configure the REST endpoints.
type HandlerOptions struct {
	// Identity returns the verified identity of a request's caller (the
	// host authenticates callers; a node passes api.IdentityFromContext).
	Identity func(*http.Request) (pki.Identity, error)
	// Verify holds the geneses POST /v1/evidence:verify trusts; anchors on
	// other chains are reported unchecked.
	Verify VerifyOptions
	// Logger receives internal errors (default: discard).
	Logger *slog.Logger
	// MaxBodyBytes bounds a request body (default 4 MiB).
	MaxBodyBytes int64
}

// Routes returns the service's REST endpoints:
//
//	POST /v1/evidence                    {hash, hash_algorithm, metadata, readers?, encrypted_payload?, sealed?} -> Deposit
//	POST /v1/evidence:batch              {"items": [request, ...]} -> {"results": [Deposit, ...]}
//	GET  /v1/evidence/{id}/certificate   -> Certificate JSON; ?format=pdf: the printable PDF
//	POST /v1/evidence:verify             {"certificate": {...}, "hash": "<hex>" | "file": "<hex>"} -> Report
//
// (GET /v1/evidence/{id} is the node API's GetEvidence.) Errors are RFC 9457
// problem JSON with a "code" as the node API's.
func Routes(s *Service, opts HandlerOptions) []Route {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = 4 << 20
	}
	h := &handler{s: s, o: opts}
	return []Route{
		{Pattern: "POST /v1/evidence", Method: MethodDeposit, Handler: http.HandlerFunc(h.deposit)},
		{Pattern: "POST /v1/evidence:batch", Method: MethodDepositBatch, Handler: http.HandlerFunc(h.batch)},
		{Pattern: "GET /v1/evidence/{id}/certificate", Method: MethodCertificate, Handler: http.HandlerFunc(h.certificate)},
		{Pattern: "POST /v1/evidence:verify", Method: MethodVerify, Handler: http.HandlerFunc(h.verify)},
	}
}

// Handler serves Routes on one mux, for hosts without their own routing;
// it does not authorize methods (the Identity hook must).
func Handler(s *Service, opts HandlerOptions) http.Handler {
	mux := http.NewServeMux()
	for _, r := range Routes(s, opts) {
		mux.Handle(r.Pattern, r.Handler)
	}
	return mux
}

type handler struct {
	s *Service
	o HandlerOptions
}

func (h *handler) caller(w http.ResponseWriter, r *http.Request) (pki.Identity, bool) {
	if h.o.Identity == nil {
		h.problem(w, r, http.StatusUnauthorized, "unauthenticated", "no caller identity")
		return pki.Identity{}, false
	}
	id, err := h.o.Identity(r)
	if err != nil {
		h.problem(w, r, http.StatusUnauthorized, "unauthenticated", err.Error())
		return pki.Identity{}, false
	}
	return id, true
}

func (h *handler) decode(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, h.o.MaxBodyBytes))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			h.problem(w, r, http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("request body is over %d bytes", h.o.MaxBodyBytes))
			return false
		}
		h.problem(w, r, http.StatusBadRequest, "invalid_argument", "request body: "+err.Error())
		return false
	}
	return true
}

func (h *handler) deposit(w http.ResponseWriter, r *http.Request) {
	caller, ok := h.caller(w, r)
	if !ok {
		return
	}
	var req Request
	if !h.decode(w, r, &req) {
		return
	}
	d, err := h.s.Deposit(r.Context(), caller, req)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

// BatchRequest is the body of POST /v1/evidence:batch.
type BatchRequest struct {
	Items []Request `json:"items"`
}

// BatchResponse is its answer.
type BatchResponse struct {
	Results []*Deposit `json:"results"`
}

func (h *handler) batch(w http.ResponseWriter, r *http.Request) {
	caller, ok := h.caller(w, r)
	if !ok {
		return
	}
	var req BatchRequest
	if !h.decode(w, r, &req) {
		return
	}
	ds, err := h.s.DepositBatch(r.Context(), caller, req.Items)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, BatchResponse{Results: ds})
}

func (h *handler) certificate(w http.ResponseWriter, r *http.Request) {
	caller, ok := h.caller(w, r)
	if !ok {
		return
	}
	id, err := types.ParseHash(r.PathValue("id"))
	if err != nil {
		h.problem(w, r, http.StatusBadRequest, "invalid_argument", fmt.Sprintf("evidence id %q is not a 64-hex-digit hash", r.PathValue("id")))
		return
	}
	format := r.URL.Query().Get("format")
	if format != "" && format != "json" && format != "pdf" {
		h.problem(w, r, http.StatusBadRequest, "invalid_argument", fmt.Sprintf("format %q: want json or pdf", format))
		return
	}
	c, err := h.s.Certificate(r.Context(), caller, id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if format != "pdf" {
		writeJSON(w, http.StatusOK, c)
		return
	}
	vo := h.o.Verify
	vo.Partial = true
	rep, _ := Verify(c, vo)
	var buf bytes.Buffer
	if err := WritePDF(&buf, c, rep); err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf("inline; filename=\"evidence-%s.pdf\"", c.Evidence.ID[:16]))
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf.Bytes())
}

// VerifyRequest is the body of POST /v1/evidence:verify: a certificate and
// the original file or its digest, both hex.
type VerifyRequest struct {
	Certificate json.RawMessage `json:"certificate"`
	Hash        string          `json:"hash,omitempty"`
	File        Hex             `json:"file,omitempty"`
}

func (h *handler) verify(w http.ResponseWriter, r *http.Request) {
	if _, ok := h.caller(w, r); !ok {
		return
	}
	var req VerifyRequest
	if !h.decode(w, r, &req) {
		return
	}
	if len(req.Certificate) == 0 {
		h.problem(w, r, http.StatusBadRequest, "invalid_argument", "certificate is missing")
		return
	}
	opts := h.o.Verify
	opts.Partial = true
	switch {
	case req.File != nil:
		opts.File = bytes.NewReader(req.File)
	case req.Hash != "":
		d, err := hex.DecodeString(strings.TrimPrefix(req.Hash, "0x"))
		if err != nil {
			h.problem(w, r, http.StatusBadRequest, "invalid_argument", "hash is not hex")
			return
		}
		opts.Hash = d
	}
	c, err := ParseCertificate(req.Certificate)
	var rep *Report
	if err == nil {
		rep, _ = Verify(c, opts)
	} else {
		rep = &Report{Error: err.Error(), Code: kindCode(ErrCertificate)}
	}
	writeJSON(w, http.StatusOK, rep)
}

// fail writes a service error as problem JSON.
func (h *handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, ErrInvalid):
		h.problem(w, r, http.StatusBadRequest, "invalid_argument", err.Error())
	case errors.Is(err, ErrForbidden):
		h.problem(w, r, http.StatusForbidden, "permission_denied", err.Error())
	case errors.Is(err, ErrNotFound):
		h.problem(w, r, http.StatusNotFound, "not_found", err.Error())
	case errors.Is(err, ErrNotCertified):
		h.problem(w, r, http.StatusServiceUnavailable, string(sdk.ReasonNotCertified), err.Error())
	case errors.Is(err, context.DeadlineExceeded):
		h.problem(w, r, http.StatusGatewayTimeout, "deadline_exceeded", err.Error())
	default:
		if st, ok := status.FromError(err); ok && st.Code() != codes.Unknown && st.Code() != codes.Internal {
			h.problem(w, r, runtime.HTTPStatusFromCode(st.Code()), string(sdk.ReasonOf(err)), st.Message())
			return
		}
		h.o.Logger.ErrorContext(r.Context(), "evidence service", "path", r.URL.Path, "err", err)
		h.problem(w, r, http.StatusInternalServerError, "internal", "internal error")
	}
}

// problem writes an RFC 9457 problem, as the node API does.
func (h *handler) problem(w http.ResponseWriter, r *http.Request, st int, code, detail string) {
	b, _ := json.Marshal(map[string]any{
		"type": "urn:causeway:problem:" + code, "title": http.StatusText(st), "status": st,
		"detail": detail, "code": code, "instance": r.URL.Path,
	})
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(st)
	_, _ = w.Write(b)
}

func writeJSON(w http.ResponseWriter, st int, v any) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	b = append(b, '\n')
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(st)
	_, _ = w.Write(b)
}
