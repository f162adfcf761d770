package api

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/health"
	"google.golang.org/grpc/keepalive"

	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/types"
)

// DefaultMaxRequestBytes is the request size limit when Options.MaxRequestBytes is 0.
const DefaultMaxRequestBytes = 1 << 20

// Options configure a Server.
type Options struct {
	// Logger receives internal errors (whose text is not sent to clients) and
	// refused callers. Nil discards.
	Logger *slog.Logger
	// MaxRequestBytes bounds one request message: gRPC messages above it are
	// refused with ResourceExhausted; a REST body above twice it plus 4 KiB
	// (room for the hex encoding of a transaction in JSON) is refused with
	// 413 and reason too_large. 0 means DefaultMaxRequestBytes.
	MaxRequestBytes int
	// Authorize, when set, is asked before every authenticated call, with the
	// caller's verified identity and the gRPC full method name (for example
	// apipb.Chain_SubmitTx_FullMethodName), whichever transport the call came
	// in on. A non-nil error refuses the call: a gRPC status error is
	// returned as it is, any other error as PermissionDenied with its text.
	// It is where roles and revocation are enforced.
	Authorize func(ctx context.Context, id pki.Identity, method string) error
	// ReadEvidence, when set, is asked before GetEvidence returns a record
	// to the caller id; a non-nil error refuses the call (PermissionDenied
	// unless it is a gRPC status). It is where the evidence service's read
	// policy is enforced.
	ReadEvidence func(ctx context.Context, id pki.Identity, ev *types.Evidence) error
	// ReadState, when set, is asked before GetStateProof returns the value
	// under key, and before GetSealed returns a sealed payload (with its
	// record's state key), for the caller id; a non-nil error refuses the
	// call (PermissionDenied unless it is a gRPC status). It is where a
	// role that may read only some state (the auditor's) is held to it.
	ReadState func(ctx context.Context, id pki.Identity, key []byte) error
	// GRPCServerOptions are added to the options of the servers GRPC
	// returns, after the server's own (later options override earlier
	// ones; interceptors chain inside the server's): connection limits,
	// keepalive policy, metrics interceptors.
	GRPCServerOptions []grpc.ServerOption
}

// Server serves a Backend over gRPC and REST. One Server may back any number
// of gRPC servers and REST handlers; it holds no per-connection state.
type Server struct {
	b    Backend
	opts Options
	log  *slog.Logger
	svc  *service
	// proofs serves the Proofs service, lightClients the LightClients
	// service; routes are the extra REST routes.
	proofs       *proofService
	lightClients *lightClientService
	routes       []Route
	// health serves grpc.health.v1 (see SetServing).
	health *health.Server
}

// NewServer returns a Server for b.
func NewServer(b Backend, opts Options) *Server {
	if opts.MaxRequestBytes <= 0 {
		opts.MaxRequestBytes = DefaultMaxRequestBytes
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{b: b, opts: opts, log: log, health: newHealthServer()}
	s.svc = &service{s: s}
	s.proofs = &proofService{s: s}
	s.lightClients = &lightClientService{s: s}
	return s
}

// GRPC returns a gRPC server with the Chain, Proofs and LightClients services, server
// reflection and grpc.health.v1 (see SetServing) registered, ready to
// Serve. creds must be mutual TLS (credentials.NewTLS of a config from
// pki.Trust.ServerTLS with pki.RequireClientCert): every method except
// Health needs the caller's verified certificate. Incoming messages are
// bounded by Options.MaxRequestBytes; handler panics are recovered and
// reported as Internal.
func (s *Server) GRPC(creds credentials.TransportCredentials) *grpc.Server {
	g := grpc.NewServer(append([]grpc.ServerOption{
		grpc.Creds(creds),
		grpc.MaxRecvMsgSize(s.opts.MaxRequestBytes),
		grpc.ConnectionTimeout(10 * time.Second),
		grpc.KeepaliveEnforcementPolicy(keepalive.EnforcementPolicy{MinTime: 10 * time.Second, PermitWithoutStream: true}),
		grpc.ChainUnaryInterceptor(s.recoverUnary),
		grpc.ChainStreamInterceptor(s.recoverStream),
	}, s.opts.GRPCServerOptions...)...)
	apipb.RegisterChainServer(g, s.svc)
	apipb.RegisterProofsServer(g, s.proofs)
	apipb.RegisterLightClientsServer(g, s.lightClients)
	s.registerStandard(g)
	return g
}

func (s *Server) recoverUnary(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (resp any, err error) {
	defer func() {
		if r := recover(); r != nil {
			s.log.ErrorContext(ctx, "panic in handler", "method", info.FullMethod, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			err = newStatus(codes.Internal, ReasonInternal, "internal error")
		}
	}()
	return h(ctx, req)
}

func (s *Server) recoverStream(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, h grpc.StreamHandler) (err error) {
	defer func() {
		if r := recover(); r != nil {
			s.log.ErrorContext(ss.Context(), "panic in handler", "method", info.FullMethod, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			err = newStatus(codes.Internal, ReasonInternal, "internal error")
		}
	}()
	return h(srv, ss)
}
