package pki

import (
	"bytes"
	"errors"
	"net"
	"strings"
	"testing"
)

func TestCheckIssuedBy(t *testing.T) {
	for _, gm := range []bool{false, true} {
		var opts []CAOption
		if gm {
			opts = append(opts, WithSM2())
		}
		ca, err := NewCA("Org1", opts...)
		if err != nil {
			t.Fatal(err)
		}
		lookalike, err := NewCA("Org1", opts...) // same name, another key
		if err != nil {
			t.Fatal(err)
		}
		for _, kt := range []KeyType{KeyECDSA, KeyEd25519, KeySM2} {
			if kt == KeySM2 && !gm {
				continue
			}
			certPEM, _ := mustIssue(t, ca, IssueRequest{CommonName: "n", Role: RoleNode, KeyType: kt})
			cert := mustParse(t, certPEM)
			if err := CheckIssuedBy(cert, ca.Cert()); err != nil {
				t.Fatalf("gm=%v %s: own CA: %v", gm, kt, err)
			}
			if err := CheckIssuedBy(cert, lookalike.Cert()); !errors.Is(err, ErrNotIssuedBy) {
				t.Fatalf("gm=%v %s: a look-alike CA with the same name passes: %v", gm, kt, err)
			}
		}
	}
}

func TestParseMemberCA(t *testing.T) {
	ca := mustCA(t, "Org1")
	other := mustCA(t, "Org2")
	if c, err := ParseMemberCA(ca.CertPEM(), "Org1"); err != nil || !bytes.Equal(c.Raw, ca.Cert().Raw) {
		t.Fatalf("a member CA is refused: %v", err)
	}
	leaf, _ := mustIssue(t, ca, IssueRequest{CommonName: "n", Role: RoleNode})
	for name, c := range map[string]struct {
		pem  []byte
		want string
	}{
		"another org's CA":   {other.CertPEM(), "names organisation"},
		"a leaf":             {leaf, "not a CA"},
		"a bundle of two":    {append(ca.CertPEM(), other.CertPEM()...), "exactly one"},
		"a key block beside": {append(ca.CertPEM(), []byte("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")...), "exactly one"},
		"garbage":            {[]byte("not PEM"), "no CERTIFICATE"},
	} {
		if _, err := ParseMemberCA(c.pem, "Org1"); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Fatalf("%s: %v, want an error saying %q", name, err, c.want)
		}
	}
}

// A server and a client built WithKeyPair present the pair current at each
// handshake: after Set, new handshakes show the new certificate.
func TestKeyPairSwapsCertificateForNewHandshakes(t *testing.T) {
	e := newEnv(t)
	req := IssueRequest{CommonName: "node1", Role: RoleNode, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}}
	oldCert, oldKey := mustIssue(t, e.org1, req)
	newCert, newKey := mustIssue(t, e.org1, req)
	srvPair, err := NewKeyPair(oldCert, oldKey)
	if err != nil {
		t.Fatal(err)
	}
	cliPair, err := NewKeyPair(oldCert, oldKey)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := e.trust.ServerTLS(nil, nil, RequireClientCert, WithKeyPair(srvPair))
	if err != nil {
		t.Fatal(err)
	}
	cli, err := e.trust.ClientTLS(nil, nil, "127.0.0.1", WithKeyPair(cliPair))
	if err != nil {
		t.Fatal(err)
	}
	s, c := handshake(t, srv, cli)
	if s.err != nil || c.err != nil || !bytes.Equal(c.state.PeerCertificates[0].Raw, mustParse(t, oldCert).Raw) {
		t.Fatalf("first handshake: %v %v", s.err, c.err)
	}
	if err := srvPair.Set(newCert, newKey); err != nil {
		t.Fatal(err)
	}
	if err := cliPair.Set(newCert, newKey); err != nil {
		t.Fatal(err)
	}
	s, c = handshake(t, srv, cli)
	if s.err != nil || c.err != nil {
		t.Fatalf("after Set: %v %v", s.err, c.err)
	}
	if !bytes.Equal(c.state.PeerCertificates[0].Raw, mustParse(t, newCert).Raw) || !bytes.Equal(s.state.PeerCertificates[0].Raw, mustParse(t, newCert).Raw) {
		t.Fatal("after Set, a new handshake still shows the old certificate")
	}
	// A mismatched pair is refused and changes nothing.
	if err := srvPair.Set(newCert, oldKey); err == nil {
		t.Fatal("Set took a key that is not the certificate's")
	}
	if !bytes.Equal(srvPair.Certificate().Raw, mustParse(t, newCert).Raw) {
		t.Fatal("a refused Set changed the pair")
	}
	// Both a key pair and PEM is a configuration error.
	if _, err := e.trust.ServerTLS(newCert, newKey, RequireClientCert, WithKeyPair(srvPair)); err == nil {
		t.Fatal("ServerTLS took a key pair and PEM")
	}
}
