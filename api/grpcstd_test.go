package api_test

import (
	"slices"
	"testing"

	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	reflectionpb "google.golang.org/grpc/reflection/grpc_reflection_v1"
	"google.golang.org/grpc/status"

	"github.com/causeway/causeway/api"
)

// A member's tools list the gRPC services by reflection and resolve their
// descriptors, and probe the standard health service; the node sets what
// health answers.
func TestGRPCReflectionAndHealth(t *testing.T) {
	e := newEnv(t, api.Options{})
	ctx := testCtx(t)
	conn := e.s.GRPCConn(t, &e.client)

	stream, err := reflectionpb.NewServerReflectionClient(conn).ServerReflectionInfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := stream.Send(&reflectionpb.ServerReflectionRequest{MessageRequest: &reflectionpb.ServerReflectionRequest_ListServices{}}); err != nil {
		t.Fatal(err)
	}
	resp, err := stream.Recv()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range resp.GetListServicesResponse().GetService() {
		names = append(names, s.GetName())
	}
	for _, want := range append([]string{"grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection"}, api.Services...) {
		if !slices.Contains(names, want) {
			t.Errorf("reflection lists %v, missing %s", names, want)
		}
	}
	if err := stream.Send(&reflectionpb.ServerReflectionRequest{MessageRequest: &reflectionpb.ServerReflectionRequest_FileContainingSymbol{FileContainingSymbol: "causeway.v1.Chain"}}); err != nil {
		t.Fatal(err)
	}
	if resp, err = stream.Recv(); err != nil || len(resp.GetFileDescriptorResponse().GetFileDescriptorProto()) == 0 {
		t.Fatalf("descriptor of causeway.v1.Chain: %v %v", resp, err)
	}

	hc := healthpb.NewHealthClient(conn)
	for _, svc := range append([]string{""}, api.Services...) {
		r, err := hc.Check(ctx, &healthpb.HealthCheckRequest{Service: svc})
		if err != nil || r.Status != healthpb.HealthCheckResponse_SERVING {
			t.Fatalf("health %q: %v %v", svc, r, err)
		}
	}
	if _, err := hc.Check(ctx, &healthpb.HealthCheckRequest{Service: "causeway.v1.Nothing"}); status.Code(err) != codes.NotFound {
		t.Fatalf("unknown service: %v, want NotFound", err)
	}

	w, err := hc.Watch(ctx, &healthpb.HealthCheckRequest{Service: ""})
	if err != nil {
		t.Fatal(err)
	}
	if r, err := w.Recv(); err != nil || r.Status != healthpb.HealthCheckResponse_SERVING {
		t.Fatalf("watch: %v %v", r, err)
	}
	e.s.Server.SetServing(false)
	if r, err := w.Recv(); err != nil || r.Status != healthpb.HealthCheckResponse_NOT_SERVING {
		t.Fatalf("watch after SetServing(false): %v %v", r, err)
	}
	if r, err := hc.Check(ctx, &healthpb.HealthCheckRequest{Service: api.Services[0]}); err != nil || r.Status != healthpb.HealthCheckResponse_NOT_SERVING {
		t.Fatalf("check after SetServing(false): %v %v", r, err)
	}
	e.s.Server.SetServing(true)
	if r, err := hc.Check(ctx, &healthpb.HealthCheckRequest{}); err != nil || r.Status != healthpb.HealthCheckResponse_SERVING {
		t.Fatalf("check after SetServing(true): %v %v", r, err)
	}

	// Without a client certificate, the handshake refuses the caller.
	anon := healthpb.NewHealthClient(e.s.GRPCConn(t, nil))
	if _, err := anon.Check(ctx, &healthpb.HealthCheckRequest{}); err == nil {
		t.Fatal("health check without a certificate answered")
	}
}
