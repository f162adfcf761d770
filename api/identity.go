package api

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/status"

	"github.com/causeway/causeway/pki"
)

// identityKey keys the verified identity of a REST caller in a request context.
type identityKey struct{}

// contextWithIdentity records the REST caller's verified identity. It is
// unexported so that only the REST handler, after checking the caller's
// certificate, can vouch for an identity.
func contextWithIdentity(ctx context.Context, id pki.Identity) context.Context {
	return context.WithValue(ctx, identityKey{}, id)
}

// IdentityFromContext returns the verified identity of the caller of the API
// call that ctx belongs to: the REST caller's client certificate (checked by
// the REST handler) or the gRPC peer's (checked during the mutual-TLS
// handshake). The error wraps pki.ErrNoCertificate when the caller presented
// none.
func IdentityFromContext(ctx context.Context) (pki.Identity, error) {
	if id, ok := ctx.Value(identityKey{}).(pki.Identity); ok {
		return id, nil
	}
	p, ok := peer.FromContext(ctx)
	if !ok {
		return pki.Identity{}, fmt.Errorf("%w: the call has no authenticated peer", pki.ErrNoCertificate)
	}
	info, ok := p.AuthInfo.(credentials.TLSInfo)
	if !ok {
		return pki.Identity{}, fmt.Errorf("%w: the connection is not TLS", pki.ErrNoCertificate)
	}
	return pki.IdentityFromTLS(info.State)
}

// authorize checks that the caller of method has a verified identity and,
// when Options.Authorize is set, that it may call method.
func (s *Server) authorize(ctx context.Context, method string) error {
	id, err := IdentityFromContext(ctx)
	if err != nil {
		return newStatus(codes.Unauthenticated, ReasonUnauthenticated, "a client certificate issued by a member CA is required")
	}
	if s.opts.Authorize == nil {
		return nil
	}
	if err := s.opts.Authorize(ctx, id, method); err != nil {
		s.log.InfoContext(ctx, "call refused", "method", method, "caller", id.String(), "err", err)
		if st, ok := status.FromError(err); ok {
			if hasReason(st) {
				return err
			}
			return newStatus(st.Code(), reasonOfCode(st.Code()), st.Message())
		}
		return newStatus(codes.PermissionDenied, ReasonPermissionDenied, err.Error())
	}
	return nil
}

// restIdentity returns the verified identity of a REST caller from its
// connection state. When conf (the server's TLS configuration) has a
// VerifyConnection check, as those of pki.Trust.ServerTLS do, the
// certificate is checked again against it, so a certificate revoked or a CA
// removed after the connection was opened is refused from the next request
// on; otherwise the handshake must have produced verified chains.
func restIdentity(cs *tls.ConnectionState, conf *tls.Config) (pki.Identity, error) {
	if cs == nil || len(cs.PeerCertificates) == 0 {
		return pki.Identity{}, fmt.Errorf("%w presented", pki.ErrNoCertificate)
	}
	switch {
	case conf != nil && conf.VerifyConnection != nil:
		if err := conf.VerifyConnection(*cs); err != nil {
			return pki.Identity{}, err
		}
	case len(cs.VerifiedChains) == 0:
		return pki.Identity{}, errors.New("the client certificate was not verified by the TLS handshake")
	}
	return pki.IdentityFromTLS(*cs)
}
