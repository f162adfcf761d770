package api

import (
	_ "embed"
	"net/http"
	"sync"
)

//go:generate go run ./internal/openapigen -o openapi.yaml

// OpenAPI is the OpenAPI 3.1 description of the REST API (api/openapi.yaml,
// generated from the protobuf descriptors by go generate): every endpoint of
// REST, the evidence service's routes included, with the exact JSON of
// package apijson, problem+json errors and the NDJSON block stream.
//
//go:embed openapi.yaml
var OpenAPI []byte

var restMiddleware struct {
	sync.Mutex
	wrap func(http.Handler) http.Handler
}

// SetRESTMiddleware makes every REST handler that Server.REST returns from
// then on wrapped by wrap (nil: none). It is for tests, which validate every
// request and response against OpenAPI this way; production code does not
// call it.
func SetRESTMiddleware(wrap func(http.Handler) http.Handler) {
	restMiddleware.Lock()
	restMiddleware.wrap = wrap
	restMiddleware.Unlock()
}

func wrapREST(h http.Handler) http.Handler {
	restMiddleware.Lock()
	wrap := restMiddleware.wrap
	restMiddleware.Unlock()
	if wrap == nil {
		return h
	}
	return wrap(h)
}
