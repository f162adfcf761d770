package api

import (
	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/reflection"

	"github.com/causeway/causeway/api/apipb"
)

// Services are the names of the gRPC services the API serves, beside the
// standard grpc.health.v1.Health and grpc.reflection services.
var Services = []string{apipb.Chain_ServiceDesc.ServiceName, apipb.Proofs_ServiceDesc.ServiceName}

// registerStandard registers server reflection and the standard health
// service on g. Both are reached like every method: over the mutual-TLS
// handshake that needs a member certificate, with no further
// authorization (as Chain.Health): a member's tools list the services and
// probe health with any certificate of their org.
func (s *Server) registerStandard(g *grpc.Server) {
	healthpb.RegisterHealthServer(g, s.health)
	reflection.Register(g)
}

func newHealthServer() *health.Server {
	h := health.NewServer() // "" starts SERVING
	for _, name := range Services {
		h.SetServingStatus(name, healthpb.HealthCheckResponse_SERVING)
	}
	return h
}

// SetServing sets what the standard grpc.health.v1 service answers for the
// server ("") and for each of Services: SERVING, or NOT_SERVING (a node
// that is outside the node set, or shutting down). A Server starts
// serving. Watchers are told of each change. Safe for concurrent use.
func (s *Server) SetServing(serving bool) {
	st := healthpb.HealthCheckResponse_NOT_SERVING
	if serving {
		st = healthpb.HealthCheckResponse_SERVING
	}
	s.health.SetServingStatus("", st)
	for _, name := range Services {
		s.health.SetServingStatus(name, st)
	}
}
