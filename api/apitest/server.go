package apitest

import (
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"

	"github.com/causeway/causeway/api"
	"github.com/causeway/causeway/api/openapicheck"
	"github.com/causeway/causeway/pki"
)

// Cred is a certificate and its key, PEM.
type Cred struct {
	CertPEM, KeyPEM []byte
}

// PKI is a throw-away consortium PKI: one CA per member organisation, all
// trusted by Trust, and a rogue CA that is not a member.
type PKI struct {
	Trust *pki.Trust
	// CAs are the member CAs by organisation.
	CAs map[string]*pki.CA
	// Orgs are the member organisations in order.
	Orgs []string
	// CABundle is every member CA certificate, PEM.
	CABundle []byte
	// Rogue is a CA outside the consortium; it claims the first member's
	// organisation name.
	Rogue *pki.CA
}

// NewPKI creates a CA for each of orgs (default "org1", "org2").
func NewPKI(orgs ...string) (*PKI, error) {
	if len(orgs) == 0 {
		orgs = []string{"org1", "org2"}
	}
	p := &PKI{CAs: map[string]*pki.CA{}, Orgs: orgs}
	for _, o := range orgs {
		ca, err := pki.NewCA(o)
		if err != nil {
			return nil, err
		}
		p.CAs[o] = ca
		p.CABundle = append(p.CABundle, ca.CertPEM()...)
	}
	t, err := pki.NewTrust(p.CABundle)
	if err != nil {
		return nil, err
	}
	p.Trust = t
	if p.Rogue, err = pki.NewCA(orgs[0]); err != nil {
		return nil, err
	}
	return p, nil
}

// Issue issues a certificate to a holder of role in org, valid for
// 127.0.0.1 and localhost.
func (p *PKI) Issue(org string, role pki.Role) (Cred, error) {
	ca, ok := p.CAs[org]
	if !ok {
		return Cred{}, fmt.Errorf("org %q is not a member", org)
	}
	return issue(ca, role)
}

// IssueRogue issues a certificate from the rogue CA.
func (p *PKI) IssueRogue(role pki.Role) (Cred, error) { return issue(p.Rogue, role) }

func issue(ca *pki.CA, role pki.Role) (Cred, error) {
	cert, key, err := ca.Issue(pki.IssueRequest{
		CommonName: fmt.Sprintf("%s@%s", role, ca.Org()), Role: role,
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
	})
	return Cred{CertPEM: cert, KeyPEM: key}, err
}

// Served is an api.Server serving a Backend on loopback: gRPC with
// pki.RequireClientCert and REST with pki.OptionalClientCert, both presenting
// a node certificate of the first member org.
type Served struct {
	Server *api.Server
	PKI    *PKI
	// GRPCAddr and RESTAddr are host:port on 127.0.0.1.
	GRPCAddr, RESTAddr string
	// ServerCred is the node certificate the endpoints present.
	ServerCred Cred
}

// Start serves b with opts until the test ends. A nil p gets a new PKI.
func Start(t testing.TB, b api.Backend, opts api.Options, p *PKI) *Served {
	t.Helper()
	if p == nil {
		var err error
		if p, err = NewPKI(); err != nil {
			t.Fatal(err)
		}
	}
	sc, err := p.Issue(p.Orgs[0], pki.RoleNode)
	if err != nil {
		t.Fatal(err)
	}
	grpcTLS, err := p.Trust.ServerTLS(sc.CertPEM, sc.KeyPEM, pki.RequireClientCert)
	if err != nil {
		t.Fatal(err)
	}
	restTLS, err := p.Trust.ServerTLS(sc.CertPEM, sc.KeyPEM, pki.OptionalClientCert)
	if err != nil {
		t.Fatal(err)
	}
	srv := api.NewServer(b, opts)

	gl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	gs := srv.GRPC(credentials.NewTLS(grpcTLS))
	go gs.Serve(gl)

	rl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: openapicheck.Middleware(srv.REST(restTLS), Reporter(t)), TLSConfig: restTLS, ReadHeaderTimeout: 10 * time.Second,
		ErrorLog: log.New(io.Discard, "", 0)} // refused handshakes are expected in tests
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := hs.ServeTLS(rl, "", ""); err != nil && !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("REST server: %v", err)
		}
	}()
	t.Cleanup(func() {
		gs.Stop()
		hs.Close()
		<-done
	})
	return &Served{Server: srv, PKI: p, GRPCAddr: gl.Addr().String(), RESTAddr: rl.Addr().String(), ServerCred: sc}
}

// Reporter returns a report function for openapicheck.Middleware that fails
// t with each violation while t runs, and drops those that come after (a
// stream handler may still be writing when the test ends).
func Reporter(t testing.TB) func(error) {
	var mu sync.Mutex
	done := false
	t.Cleanup(func() { mu.Lock(); done = true; mu.Unlock() })
	return func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if !done {
			t.Errorf("OpenAPI: %v", err)
		}
	}
}

// ClientTLS returns a client TLS configuration for the endpoints presenting
// c (nil: no client certificate).
func (s *Served) ClientTLS(c *Cred) (*tls.Config, error) {
	if c == nil {
		return s.PKI.Trust.ClientTLS(nil, nil, "127.0.0.1")
	}
	return s.PKI.Trust.ClientTLS(c.CertPEM, c.KeyPEM, "127.0.0.1")
}

// GRPCConn returns a client connection to the gRPC endpoint presenting c
// (nil: none), closed when the test ends.
func (s *Served) GRPCConn(t testing.TB, c *Cred) *grpc.ClientConn {
	t.Helper()
	conf, err := s.ClientTLS(c)
	if err != nil {
		t.Fatal(err)
	}
	cc, err := grpc.NewClient(s.GRPCAddr, grpc.WithTransportCredentials(credentials.NewTLS(conf)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cc.Close() })
	return cc
}

// HTTPClient returns a client of the REST endpoint presenting c (nil: none).
func (s *Served) HTTPClient(t testing.TB, c *Cred) *http.Client {
	t.Helper()
	conf, err := s.ClientTLS(c)
	if err != nil {
		t.Fatal(err)
	}
	tr := &http.Transport{TLSClientConfig: conf, ForceAttemptHTTP2: true}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 30 * time.Second}
}

// URL returns the https URL of path on the REST endpoint.
func (s *Served) URL(path string) string { return "https://" + s.RESTAddr + path }
