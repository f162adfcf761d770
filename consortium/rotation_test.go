package consortium

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/causeway/causeway/pki"
)

// A node whose p2p address is an IP and whose client endpoints are at a DNS
// name: its rotated TLS certificate must still be valid for that name and
// advertise the same gRPC and REST endpoints (network export reads them,
// and clients check the name they dial), not only the p2p host.
func TestIssueNodeCertsKeepsClientEndpoints(t *testing.T) {
	root := t.TempDir()
	o, err := InitOrg(filepath.Join(root, "org1"), "org1")
	if err != nil {
		t.Fatal(err)
	}
	addrs := NodeAddrs{P2P: "10.0.0.1:7050", GRPC: "node1.example.com:7051", REST: "node1.example.com:7052"}
	_, gn, err := o.NewNode(filepath.Join(root, "node1"), 1, addrs, filepath.Join(root, "genesis.json"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := NodeAddrsOf(gn.Address, []byte(gn.TLSCert))
	if err != nil {
		t.Fatal(err)
	}
	if got != addrs {
		t.Fatalf("addresses read from the current certificate: %+v, want %+v", got, addrs)
	}
	tlsCred, _, err := o.IssueNodeCerts(filepath.Join(root, "node1-v2"), 1, got)
	if err != nil {
		t.Fatal(err)
	}
	newPEM, err := os.ReadFile(tlsCred.Cert)
	if err != nil {
		t.Fatal(err)
	}
	c, err := pki.ParseCertPEM(newPEM)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{"10.0.0.1", "node1.example.com", "localhost"} {
		if err := c.VerifyHostname(h); err != nil {
			t.Errorf("the rotated TLS certificate is not valid for %s: %v", h, err)
		}
	}
	g, r, err := NodeEndpoints(string(newPEM))
	if err != nil {
		t.Fatal(err)
	}
	if g != addrs.GRPC || r != addrs.REST {
		t.Fatalf("the rotated TLS certificate advertises gRPC %q and REST %q, want %q and %q", g, r, addrs.GRPC, addrs.REST)
	}
	cur, _ := pki.ParseCertPEM([]byte(gn.TLSCert))
	if a, b := pki.Endpoints(cur), pki.Endpoints(c); len(a) != 2 || len(b) != 2 || a[0] != b[0] || a[1] != b[1] {
		t.Fatalf("endpoints: current %v, rotated %v", a, b)
	}
	// The same folder twice is refused; a bad address is refused.
	if _, _, err := o.IssueNodeCerts(filepath.Join(root, "node1-v2"), 1, got); err == nil {
		t.Fatal("issued over existing node certificates")
	}
	if _, _, err := o.IssueNodeCerts(filepath.Join(root, "node1-v3"), 1, NodeAddrs{P2P: "10.0.0.1:7050", GRPC: "no-port"}); err == nil {
		t.Fatal("a gRPC address without a port was accepted")
	}
}
