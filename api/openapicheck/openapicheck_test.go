package openapicheck_test

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/causeway/causeway/api"
	"github.com/causeway/causeway/api/internal/openapispec"
	"github.com/causeway/causeway/api/openapicheck"
)

// The committed api/openapi.yaml passes kin-openapi's validation with every
// strict option on.
func TestOpenAPIDocumentValid(t *testing.T) {
	doc, err := openapicheck.Load()
	if err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Fatalf("openapi %q, want 3.1.0", doc.OpenAPI)
	}
}

// The committed file is what the generator writes from the descriptors:
// run go generate ./api after changing a message or a route.
func TestOpenAPIUpToDate(t *testing.T) {
	b, err := openapispec.Generate()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, api.OpenAPI) {
		t.Fatal("api/openapi.yaml is stale: run go generate ./api")
	}
}

// fixed answers every request with one status, media type and body.
func fixed(status int, ct, body string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", ct)
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	})
}

// The middleware reports traffic that strays from the description, and
// only that.
func TestMiddlewareReportsDrift(t *testing.T) {
	member := &tls.ConnectionState{PeerCertificates: []*x509.Certificate{{}}}
	status := `{"node_id":1,"org":"o","chain_id":"c","height":2,"last_block_hash":"` + strings.Repeat("ab", 32) + `","view":0,"leader":1,` +
		`"peers":[],"genesis_hash":"","pool_size":0,"last_block_time_ms":0}`
	problem := `{"type":"urn:causeway:problem:invalid_argument","title":"Invalid argument","status":400,"code":"invalid_argument"}`
	block := `{"hash":"` + strings.Repeat("00", 32) + `","block":{"txs":[],"consensus_metadata":"","signatures":[]}}`
	for _, c := range []struct {
		name, method, path string
		tls                *tls.ConnectionState
		h                  http.Handler
		drift              string // "" when nothing must be reported
	}{
		{"valid", "GET", "/v1/status", member, fixed(200, "application/json", status), ""},
		{"camelCase", "GET", "/v1/status", member, fixed(200, "application/json", strings.Replace(status, "chain_id", "chainId", 1)), "chainId"},
		{"base64 hash", "GET", "/v1/status", member, fixed(200, "application/json", strings.Replace(status, strings.Repeat("ab", 32), "q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=", 1)), "last_block_hash"},
		{"uint64 above 2^63", "GET", "/v1/status", member, fixed(200, "application/json", strings.Replace(status, `"height":2`, `"height":18446744073709551615`, 1)), ""},
		{"negative uint64", "GET", "/v1/status", member, fixed(200, "application/json", strings.Replace(status, `"height":2`, `"height":-1`, 1)), "height"},
		{"integer as string", "GET", "/v1/status", member, fixed(200, "application/json", strings.Replace(status, `"height":2`, `"height":"2"`, 1)), "height"},
		{"undescribed error", "GET", "/v1/status", member, fixed(500, "application/json", `{"code":13,"message":"x"}`), "500"},
		{"malformed hash accepted", "GET", "/v1/txs/zz", member, fixed(200, "application/json", "{}"), "refuses the request"},
		{"malformed hash refused", "GET", "/v1/txs/zz", member, fixed(400, "application/problem+json", problem), ""},
		{"refused without problem json", "GET", "/v1/txs/zz", member, fixed(400, "text/plain", "bad"), "problem+json"},
		{"no certificate accepted", "GET", "/v1/status", nil, fixed(200, "application/json", status), "refuses the request"},
		{"health without certificate", "GET", "/v1/health", nil, fixed(200, "application/json", `{"status":"serving","height":3,"ready":true,"reason":""}`), ""},
		{"unknown path", "GET", "/v1/nope", member, fixed(200, "application/json", "{}"), "refuses the request"},
		{"stream", "GET", "/v1/blocks:stream", member, fixed(200, "application/x-ndjson", block+"\n"+block+"\n"), ""},
		{"stream line drift", "GET", "/v1/blocks:stream", member, fixed(200, "application/x-ndjson", block+"\n"+`{"result":`+block+"}\n"), "stream line"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []error
			var mu sync.Mutex
			h := openapicheck.Middleware(c.h, func(err error) { mu.Lock(); got = append(got, err); mu.Unlock() })
			r := httptest.NewRequest(c.method, "https://node"+c.path, nil)
			r.TLS = c.tls
			h.ServeHTTP(httptest.NewRecorder(), r)
			if c.drift == "" && len(got) > 0 {
				t.Fatalf("reported %v", got)
			}
			if c.drift != "" && (len(got) == 0 || !strings.Contains(fmt.Sprint(got), c.drift)) {
				t.Fatalf("reported %v, want a report mentioning %q", got, c.drift)
			}
		})
	}
}
