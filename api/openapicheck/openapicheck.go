// Package openapicheck checks REST traffic against the API's OpenAPI
// description (api.OpenAPI) with kin-openapi's validator. Tests wrap the
// REST handler with Middleware (api.SetRESTMiddleware does it for handlers a
// node builds), so every request and response a test makes is checked:
//
//   - a request the description accepts must get a response it describes
//     (status, media type and body, problem+json errors included; each line
//     of the NDJSON block stream is checked against BlockResponse);
//   - a request the description refuses (unknown path, malformed hex,
//     missing client certificate) must be refused by the server with a 4xx
//     problem+json: a server that accepts what the description refuses has
//     drifted from it.
//
// It is test support, not for production handlers.
package openapicheck

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"mime"
	"net/http"
	"os"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/causeway/causeway/api"
)

var (
	loadOnce sync.Once
	doc      *openapi3.T
	router   routers.Router
	loadErr  error
)

func init() {
	openapi3filter.RegisterBodyDecoder("application/pdf", openapi3filter.FileBodyDecoder)
	// The description's unsigned formats (as oapi-codegen and other
	// generators read them). kin-openapi checks integer formats through
	// int64, which refuses uint64 values above 2^63-1 (random nonces reach
	// them): Load checks "uint64" as a range instead (see uint64AsRange).
	openapi3.DefineIntegerFormatValidator("uint32", openapi3.NewRangeFormatValidator[int64](0, math.MaxUint32))
	openapi3.DefineIntegerFormatValidator("uint64", openapi3.NewRangeFormatValidator[int64](0, math.MaxInt64))
}

// Load parses and validates api.OpenAPI (strictly: examples, defaults,
// patterns and formats included) once, and returns it.
func Load() (*openapi3.T, error) {
	loadOnce.Do(func() {
		l := openapi3.NewLoader()
		doc, loadErr = l.LoadFromData(api.OpenAPI)
		if loadErr != nil {
			return
		}
		if loadErr = doc.Validate(context.Background(), StrictOptions()...); loadErr != nil {
			loadErr = fmt.Errorf("openapi.yaml is not valid: %w", loadErr)
			return
		}
		uint64AsRange(doc)
		// Route by path only: tests reach the server on any address.
		doc.Servers = nil
		router, loadErr = gorillamux.NewRouter(doc)
	})
	return doc, loadErr
}

// StrictOptions are the validation options of Load: every check kin-openapi
// has is on (examples, defaults, schema patterns, extensions, unknown
// fields, 3.1 features as declared).
func StrictOptions() []openapi3.ValidationOption {
	return []openapi3.ValidationOption{
		openapi3.EnableExamplesValidation(),
		openapi3.EnableSchemaDefaultsValidation(),
		openapi3.EnableSchemaPatternValidation(),
		openapi3.EnableSchemaFormatValidation(),
		openapi3.ProhibitExtensionsWithRef(),
	}
}

// Middleware returns next wrapped with the checks the package describes;
// each violation is passed to report (which must be safe for concurrent
// use). The spec is loaded on first use; if it does not load, every request
// reports the error.
func Middleware(next http.Handler, report func(error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := Load(); err != nil {
			report(err)
			next.ServeHTTP(w, r)
			return
		}
		where := r.Method + " " + r.URL.RequestURI()
		var reqErr error
		route, params, err := router.FindRoute(r)
		var in *openapi3filter.RequestValidationInput
		if err != nil {
			reqErr = err
		} else {
			in = &openapi3filter.RequestValidationInput{
				Request: r, PathParams: params, Route: route,
				Options: &openapi3filter.Options{AuthenticationFunc: authenticate, MultiError: true},
			}
			reqErr = openapi3filter.ValidateRequest(r.Context(), in)
		}
		rec := &recorder{w: w, status: http.StatusOK}
		if reqErr == nil && route.Operation.OperationID == "StreamBlocks" {
			rec.lines = func(line []byte) {
				if err := validateStreamLine(route, line); err != nil {
					report(fmt.Errorf("%s: stream line %s: %w", where, truncate(line), err))
				}
			}
		}
		next.ServeHTTP(rec, r)
		rec.flushLine()
		if reqErr != nil {
			// The description refuses the request: so must the server.
			if rec.status < 400 || rec.status >= 500 {
				report(fmt.Errorf("%s: the OpenAPI description refuses the request (%v) but the server answered %d", where, reqErr, rec.status))
				return
			}
			if err := validateProblem(rec); err != nil {
				report(fmt.Errorf("%s: %d: %w", where, rec.status, err))
			}
			return
		}
		if rec.lines != nil && rec.status == http.StatusOK {
			if ct := mediaType(rec.Header()); ct != api.NDJSONContentType {
				report(fmt.Errorf("%s: stream served as %q, the description says %s", where, ct, api.NDJSONContentType))
			}
			return
		}
		out := &openapi3filter.ResponseValidationInput{
			RequestValidationInput: in, Status: rec.status, Header: rec.Header(),
			Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
		}
		out.SetBodyBytes(rec.body.Bytes())
		if err := openapi3filter.ValidateResponse(r.Context(), out); err != nil {
			report(fmt.Errorf("%s: response %d %s does not match the description: %w", where, rec.status, truncate(rec.body.Bytes()), err))
		}
	})
}

// authenticate checks the mutualTLS requirement: the server saw a client
// certificate.
func authenticate(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	if in.SecurityScheme == nil || in.SecurityScheme.Type != "mutualTLS" {
		return fmt.Errorf("unknown security scheme %q", in.SecuritySchemeName)
	}
	r := in.RequestValidationInput.Request
	if r.TLS == nil || len(r.TLS.PeerCertificates) == 0 {
		return errors.New("no client certificate")
	}
	return nil
}

// validateStreamLine checks one NDJSON line against the 200 response's
// schema.
func validateStreamLine(route *routers.Route, line []byte) error {
	resp := route.Operation.Responses.Status(http.StatusOK)
	mt := resp.Value.Content.Get(api.NDJSONContentType)
	if mt == nil {
		return errors.New("the description has no " + api.NDJSONContentType + " response")
	}
	var v any
	if err := json.Unmarshal(line, &v); err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	return mt.Schema.Value.VisitJSON(v, openapi3.MultiErrors())
}

// validateProblem checks that a refusal is problem JSON as the description
// gives it.
func validateProblem(rec *recorder) error {
	if ct := mediaType(rec.Header()); ct != api.ProblemContentType {
		return fmt.Errorf("error served as %q, not %s", ct, api.ProblemContentType)
	}
	s := doc.Components.Schemas["Problem"]
	if s == nil {
		return errors.New("the description has no Problem schema")
	}
	var v any
	if err := json.Unmarshal(rec.body.Bytes(), &v); err != nil {
		return fmt.Errorf("problem is not JSON: %w", err)
	}
	return s.Value.VisitJSON(v, openapi3.MultiErrors())
}

func mediaType(h http.Header) string {
	mt, _, _ := mime.ParseMediaType(h.Get("Content-Type"))
	return mt
}

func truncate(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 300 {
		s = s[:300] + "..."
	}
	return s
}

// recorder passes a response through while keeping a copy of its status
// and body (or handing each complete line to lines, for streams).
type recorder struct {
	w       http.ResponseWriter
	status  int
	written bool
	body    bytes.Buffer
	lines   func([]byte)
}

func (r *recorder) Header() http.Header { return r.w.Header() }

func (r *recorder) WriteHeader(code int) {
	if !r.written {
		r.status, r.written = code, true
	}
	r.w.WriteHeader(code)
}

func (r *recorder) Write(p []byte) (int, error) {
	r.written = true
	r.body.Write(p)
	if r.lines != nil && r.status == http.StatusOK {
		for {
			i := bytes.IndexByte(r.body.Bytes(), '\n')
			if i < 0 {
				break
			}
			line := append([]byte(nil), r.body.Next(i+1)...)
			r.lines(bytes.TrimSpace(line))
		}
	}
	return r.w.Write(p)
}

// flushLine checks a last line without a newline.
func (r *recorder) flushLine() {
	if r.lines != nil && r.status == http.StatusOK && len(bytes.TrimSpace(r.body.Bytes())) > 0 {
		r.lines(bytes.TrimSpace(r.body.Bytes()))
	}
}

// Flush flushes the underlying writer (the block stream flushes per block).
func (r *recorder) Flush() {
	if f, ok := r.w.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (r *recorder) Unwrap() http.ResponseWriter { return r.w }

// Main runs a package's tests (m.Run) with every REST handler that
// api.Server.REST builds checked by Middleware (through
// api.SetRESTMiddleware), then prints the violations and fails the run if
// there were any. Call it from TestMain in packages whose tests serve REST
// from nodes they start in process.
func Main(m interface{ Run() int }) int {
	var mu sync.Mutex
	var violations []error
	api.SetRESTMiddleware(func(h http.Handler) http.Handler {
		return Middleware(h, func(err error) {
			mu.Lock()
			violations = append(violations, err)
			mu.Unlock()
		})
	})
	code := m.Run()
	api.SetRESTMiddleware(nil)
	mu.Lock()
	defer mu.Unlock()
	if len(violations) > 0 {
		fmt.Fprintf(os.Stderr, "FAIL: %d REST exchanges strayed from api/openapi.yaml:\n", len(violations))
		for _, err := range violations {
			fmt.Fprintln(os.Stderr, "  ", err)
		}
		if code == 0 {
			code = 1
		}
	}
	return code
}

// uint64AsRange rewrites, in the loaded copy that validates the wire (not
// in the file), every integer schema of format "uint64" into the range
// 0 .. 2^64-1 without a format: kin-openapi's format check goes through
// int64 and would refuse valid values of 2^63 and above, while its minimum
// and maximum compare as float64 and accept the whole range. The file keeps
// the format, which generators need to choose an unsigned 64-bit type.
func uint64AsRange(doc *openapi3.T) {
	seen := map[*openapi3.Schema]bool{}
	var walk func(ref *openapi3.SchemaRef)
	walk = func(ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		sc := ref.Value
		seen[sc] = true
		if sc.Format == "uint64" && sc.Type.Is(openapi3.TypeInteger) {
			sc.Format = ""
			lo, hi := 0.0, float64(math.MaxUint64)
			sc.Min, sc.Max = &lo, &hi
		}
		for _, p := range sc.Properties {
			walk(p)
		}
		walk(sc.Items)
		if sc.AdditionalProperties.Schema != nil {
			walk(sc.AdditionalProperties.Schema)
		}
		for _, l := range [][]*openapi3.SchemaRef{sc.AllOf, sc.AnyOf, sc.OneOf} {
			for _, r := range l {
				walk(r)
			}
		}
		walk(sc.Not)
	}
	if doc.Components != nil {
		for _, r := range doc.Components.Schemas {
			walk(r)
		}
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			for _, p := range op.Parameters {
				if p.Value != nil {
					walk(p.Value.Schema)
				}
			}
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				for _, mt := range op.RequestBody.Value.Content {
					walk(mt.Schema)
				}
			}
			for _, resp := range op.Responses.Map() {
				if resp.Value != nil {
					for _, mt := range resp.Value.Content {
						walk(mt.Schema)
					}
				}
			}
		}
	}
}
