package pki

import (
	"crypto/tls"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// result is one side's view of a connection.
type result struct {
	err   error
	state tls.ConnectionState
}

// handshake connects a client using cli to a server using srv over a
// 127.0.0.1 listener. The server completes the handshake and writes one
// byte; the client handshakes and reads it, so a refusal of the client's
// certificate (reported after the client's TLS 1.3 handshake) is seen too.
func handshake(t *testing.T, srv, cli *tls.Config) (server, client result) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	done := make(chan result, 1)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			done <- result{err: err}
			return
		}
		defer conn.Close()
		conn.SetDeadline(time.Now().Add(10 * time.Second))
		tc := tls.Server(conn, srv)
		err = tc.Handshake()
		if err == nil {
			_, err = tc.Write([]byte{1})
		}
		done <- result{err: err, state: tc.ConnectionState()}
		io.Copy(io.Discard, tc) // wait for the client to finish reading
	}()
	raw, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	raw.SetDeadline(time.Now().Add(10 * time.Second))
	cc := tls.Client(raw, cli)
	err = cc.Handshake()
	if err == nil {
		_, err = io.ReadFull(cc, make([]byte, 1))
	}
	client = result{err: err, state: cc.ConnectionState()}
	cc.Close()
	return <-done, client
}

// env is a consortium of two member orgs and one outsider.
type env struct {
	org1, org2, org3 *CA
	trust            *Trust
	rejects          *rejectLog
}

type rejectLog struct {
	mu   sync.Mutex
	errs []error
}

func (l *rejectLog) add(err error) { l.mu.Lock(); l.errs = append(l.errs, err); l.mu.Unlock() }
func (l *rejectLog) last() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.errs) == 0 {
		return nil
	}
	return l.errs[len(l.errs)-1]
}

func newEnv(t *testing.T) *env {
	e := &env{org1: mustCA(t, "Org1"), org2: mustCA(t, "Org2"), org3: mustCA(t, "Org3"), rejects: &rejectLog{}}
	var err error
	e.trust, err = NewTrust(e.org1.CertPEM(), e.org2.CertPEM())
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) server(t *testing.T, ca *CA, mode ClientAuthMode) *tls.Config {
	certPEM, keyPEM := mustIssue(t, ca, IssueRequest{CommonName: "node1", Role: RoleNode,
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}})
	cfg, err := e.trust.ServerTLS(certPEM, keyPEM, mode, WithOnReject(e.rejects.add))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func (e *env) client(t *testing.T, ca *CA, serverName string) (*tls.Config, Identity) {
	var certPEM, keyPEM []byte
	var id Identity
	if ca != nil {
		certPEM, keyPEM = mustIssue(t, ca, IssueRequest{CommonName: "app-" + ca.Org(), Role: RoleClient})
		id = IdentityOf(mustParse(t, certPEM))
	}
	cfg, err := e.trust.ClientTLS(certPEM, keyPEM, serverName, WithOnReject(e.rejects.add))
	if err != nil {
		t.Fatal(err)
	}
	return cfg, id
}

func TestMutualTLS(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name       string
		serverCA   *CA
		mode       ClientAuthMode
		clientCA   *CA // nil: no client certificate
		serverName string
		serverErr  error // nil: the server accepts
		clientErr  error // nil: the client accepts the server
		rejectMsg  string
	}{
		{name: "two member orgs", serverCA: e.org1, clientCA: e.org2, serverName: "127.0.0.1"},
		{name: "same org by DNS name", serverCA: e.org2, clientCA: e.org2, serverName: "localhost"},
		{name: "client from unknown CA", serverCA: e.org1, clientCA: e.org3, serverName: "127.0.0.1",
			serverErr: ErrUnknownCA, rejectMsg: `issued by "CN=Org3 CA,O=Org3"`},
		{name: "no client cert, required", serverCA: e.org1, serverName: "127.0.0.1", serverErr: ErrNoCertificate, rejectMsg: "TLS client refused: no certificate presented"},
		{name: "no client cert, optional", serverCA: e.org1, mode: OptionalClientCert, serverName: "127.0.0.1"},
		{name: "unknown CA, optional", serverCA: e.org1, mode: OptionalClientCert, clientCA: e.org3, serverName: "127.0.0.1", serverErr: ErrUnknownCA},
		{name: "member client, optional", serverCA: e.org1, mode: OptionalClientCert, clientCA: e.org2, serverName: "127.0.0.1"},
		{name: "server from unknown CA", serverCA: e.org3, clientCA: e.org1, serverName: "127.0.0.1", clientErr: ErrUnknownCA, rejectMsg: "TLS server 127.0.0.1 refused"},
		{name: "server name mismatch", serverCA: e.org1, clientCA: e.org2, serverName: "node9.example", clientErr: ErrInvalidCertificate, rejectMsg: "node9.example"},
		{name: "server IP mismatch", serverCA: e.org1, clientCA: e.org2, serverName: "127.0.0.2", clientErr: ErrInvalidCertificate},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cli, clientID := e.client(t, tc.clientCA, tc.serverName)
			srv, cliRes := handshake(t, e.server(t, tc.serverCA, tc.mode), cli)
			switch {
			case tc.serverErr != nil:
				if !errors.Is(srv.err, tc.serverErr) {
					t.Fatalf("server error %v, want %v", srv.err, tc.serverErr)
				}
				if cliRes.err == nil {
					t.Fatal("client did not notice the refusal")
				}
			case tc.clientErr != nil:
				if !errors.Is(cliRes.err, tc.clientErr) {
					t.Fatalf("client error %v, want %v", cliRes.err, tc.clientErr)
				}
				if srv.err == nil {
					t.Fatal("server did not notice the refusal")
				}
			default:
				if srv.err != nil || cliRes.err != nil {
					t.Fatalf("server %v, client %v", srv.err, cliRes.err)
				}
				if v := cliRes.state.Version; v != tls.VersionTLS13 {
					t.Fatalf("TLS version %x", v)
				}
				got, err := IdentityFromTLS(srv.state)
				if tc.clientCA == nil {
					if !errors.Is(err, ErrNoCertificate) {
						t.Fatalf("identity of a certless client: %v", err)
					}
				} else if err != nil || got.Serial != clientID.Serial || got.Org != tc.clientCA.Org() || got.Role != RoleClient {
					t.Fatalf("client identity %+v, %v", got, err)
				}
				sid, err := IdentityFromTLS(cliRes.state)
				if err != nil || sid.Org != tc.serverCA.Org() || sid.Role != RoleNode || sid.CommonName != "node1" {
					t.Fatalf("server identity %+v, %v", sid, err)
				}
			}
			if tc.rejectMsg != "" {
				if last := e.rejects.last(); last == nil || !strings.Contains(last.Error(), tc.rejectMsg) {
					t.Fatalf("OnReject got %v, want mention of %q", last, tc.rejectMsg)
				}
			}
		})
	}
}

func TestTLSFollowsTrustChanges(t *testing.T) {
	e := newEnv(t)
	srv := e.server(t, e.org1, RequireClientCert)
	cli2, id2 := e.client(t, e.org2, "127.0.0.1")
	cli1, _ := e.client(t, e.org1, "127.0.0.1")
	expect := func(cli *tls.Config, want error) result {
		t.Helper()
		s, c := handshake(t, srv, cli)
		if want == nil {
			if s.err != nil || c.err != nil {
				t.Fatalf("server %v, client %v", s.err, c.err)
			}
		} else if !errors.Is(s.err, want) || c.err == nil {
			t.Fatalf("server %v, client %v, want %v", s.err, c.err, want)
		}
		return s
	}
	open := expect(cli2, nil)
	changed := e.trust.Changed()

	// Revoke: refused at the next handshake; the open connection's peer
	// fails its re-check once Changed fires.
	if err := e.trust.Revoke(id2.Serial); err != nil {
		t.Fatal(err)
	}
	assertClosed(t, changed)
	if _, err := e.trust.VerifyConn(open.state); !errors.Is(err, ErrRevoked) {
		t.Fatalf("re-check of an open connection: %v", err)
	}
	expect(cli2, ErrRevoked)
	if last := e.rejects.last(); last == nil || !strings.Contains(last.Error(), "O=Org2") || !strings.Contains(last.Error(), "Org2 CA") {
		t.Fatalf("reject log line %v does not name subject and issuer", last)
	}
	// A fresh Org2 certificate still works until Org2 is removed.
	cli2b, _ := e.client(t, e.org2, "127.0.0.1")
	expect(cli2b, nil)
	if err := e.trust.SetCAs([][]byte{e.org1.CertPEM()}); err != nil {
		t.Fatal(err)
	}
	expect(cli2b, ErrUnknownCA)
	expect(cli1, nil)
	// Removing the server's own org makes clients refuse the server.
	if err := e.trust.SetCAs([][]byte{e.org2.CertPEM()}); err != nil {
		t.Fatal(err)
	}
	_, c := handshake(t, srv, cli2b)
	if !errors.Is(c.err, ErrUnknownCA) {
		t.Fatalf("client accepted a server of a removed org: %v", c.err)
	}
}

func TestEd25519TLS(t *testing.T) {
	e := newEnv(t)
	certPEM, keyPEM := mustIssue(t, e.org1, IssueRequest{CommonName: "n", Role: RoleNode, KeyType: KeyEd25519, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}})
	srv, err := e.trust.ServerTLS(certPEM, keyPEM, RequireClientCert)
	if err != nil {
		t.Fatal(err)
	}
	ccert, ckey := mustIssue(t, e.org2, IssueRequest{CommonName: "c", Role: RoleAdmin, KeyType: KeyEd25519})
	cli, err := e.trust.ClientTLS(ccert, ckey, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	s, c := handshake(t, srv, cli)
	if s.err != nil || c.err != nil {
		t.Fatalf("server %v, client %v", s.err, c.err)
	}
}

func TestPeerCheck(t *testing.T) {
	e := newEnv(t)
	nodesOnly := WithPeerCheck(func(id Identity) error {
		if id.Role != RoleNode {
			return errors.New("peer is not a node")
		}
		return nil
	})
	certPEM, keyPEM := mustIssue(t, e.org1, IssueRequest{CommonName: "n", Role: RoleNode, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}})
	srv, err := e.trust.ServerTLS(certPEM, keyPEM, RequireClientCert, nodesOnly)
	if err != nil {
		t.Fatal(err)
	}
	for _, role := range []Role{RoleNode, RoleClient} {
		c, k := mustIssue(t, e.org2, IssueRequest{CommonName: "p", Role: role})
		cli, err := e.trust.ClientTLS(c, k, "127.0.0.1", nodesOnly)
		if err != nil {
			t.Fatal(err)
		}
		s, _ := handshake(t, srv, cli)
		if (s.err == nil) != (role == RoleNode) {
			t.Fatalf("role %s: server %v", role, s.err)
		}
	}
}

func TestTLSConfigErrors(t *testing.T) {
	e := newEnv(t)
	certPEM, keyPEM := mustIssue(t, e.org1, IssueRequest{CommonName: "n", Role: RoleNode})
	_, otherKey := mustIssue(t, e.org1, IssueRequest{CommonName: "m", Role: RoleNode})
	tests := []struct {
		name string
		err  func() error
	}{
		{"server: no cert", func() error { _, err := e.trust.ServerTLS(nil, keyPEM, RequireClientCert); return err }},
		{"server: key of another cert", func() error { _, err := e.trust.ServerTLS(certPEM, otherKey, RequireClientCert); return err }},
		{"server: bad mode", func() error { _, err := e.trust.ServerTLS(certPEM, keyPEM, ClientAuthMode(7)); return err }},
		{"client: empty server name", func() error { _, err := e.trust.ClientTLS(certPEM, keyPEM, ""); return err }},
		{"client: cert without key", func() error { _, err := e.trust.ClientTLS(certPEM, nil, "x"); return err }},
		{"client: garbage", func() error { _, err := e.trust.ClientTLS([]byte("x"), []byte("y"), "x"); return err }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.err() == nil {
				t.Fatal("accepted")
			}
		})
	}
	cfg, err := e.trust.ServerTLS(certPEM, keyPEM, OptionalClientCert)
	if err != nil || cfg.MinVersion != tls.VersionTLS13 {
		t.Fatalf("server config: %v", err)
	}
	ccfg, err := e.trust.ClientTLS(nil, nil, "x")
	if err != nil || ccfg.MinVersion != tls.VersionTLS13 || len(ccfg.Certificates) != 0 {
		t.Fatalf("certless client config: %v", err)
	}
}
