package api

import (
	"net/http"

	"github.com/causeway/causeway/types"
)

// Route is a REST endpoint served beside the gateway's, by a handler that
// another package provides (the evidence service's, for example). The REST
// handler authenticates the caller as for every endpoint, puts the caller's
// identity in the request context (IdentityFromContext), and asks
// Options.Authorize with Method before calling Handler; a refused call gets
// problem JSON.
type Route struct {
	// Pattern is an http.ServeMux pattern with a method, such as
	// "POST /v1/evidence" or "GET /v1/evidence/{id}/certificate". Routes are
	// matched before the gateway's.
	Pattern string
	// Method is the name Authorize is asked with, in the form of a gRPC
	// full method name ("/causeway.v1.Evidence/Deposit").
	Method string
	// Handler serves the route.
	Handler http.Handler
}

// routeMux returns the ServeMux of routes (nil when there are none); each
// handler first authorizes its Method.
func (s *Server) routeMux(routes []Route) *http.ServeMux {
	if len(routes) == 0 {
		return nil
	}
	mux := http.NewServeMux()
	for _, rt := range routes {
		rt := rt
		mux.Handle(rt.Pattern, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if err := s.authorize(r.Context(), rt.Method); err != nil {
				s.writeStatusProblem(w, r, err)
				return
			}
			rt.Handler.ServeHTTP(w, r)
		}))
	}
	return mux
}

// WriteProblem writes an RFC 9457 problem as every REST error of the API
// is written, for Route handlers.
func (s *Server) WriteProblem(w http.ResponseWriter, r *http.Request, httpStatus int, reason types.Code, detail string) {
	s.writeProblem(w, r, httpStatus, reason, detail)
}

// AddRoutes adds REST routes, served by the handlers REST returns from then
// on. Call it before REST.
func (s *Server) AddRoutes(routes ...Route) { s.routes = append(s.routes, routes...) }
