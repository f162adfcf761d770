package execution

import (
	"net"
	"net/url"
	"strings"
	"testing"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/types"
)

// proposeWant proposes p as org and wants a refusal with code whose reason
// contains reason (or success for code "").
func (f *govFixture) proposeWant(t *testing.T, org int, p *types.Proposal, code types.Code, reason string) *types.Receipt {
	t.Helper()
	_, rc, _ := f.propose(t, org, p)
	wantReceipt(t, rc, code)
	if reason != "" && !strings.Contains(rc.Error, reason) {
		t.Fatalf("reason %q does not say %q", rc.Error, reason)
	}
	return rc
}

// endpointCert issues a node TLS certificate valid for ips and dns that
// advertises the client endpoints eps (scheme://host:port).
func endpointCert(t *testing.T, ca *pki.CA, ips []string, dns []string, eps ...string) string {
	t.Helper()
	req := pki.IssueRequest{CommonName: "node1", Role: pki.RoleNode, DNSNames: dns}
	for _, ip := range ips {
		req.IPAddresses = append(req.IPAddresses, net.ParseIP(ip))
	}
	for _, e := range eps {
		u, err := url.Parse(e)
		if err != nil {
			t.Fatal(err)
		}
		req.URIs = append(req.URIs, u)
	}
	c, _, err := ca.Issue(req)
	if err != nil {
		t.Fatal(err)
	}
	return string(c)
}

// A node at p2p address 10.0.0.1 whose clients reach it at
// node1.example.com: a new TLS certificate that drops the client
// endpoints (what issue-node used to make: the p2p host only), advertises
// others, or does not cover their host is refused; one like the current
// certificate is accepted.
func TestRotateNodeCertKeepsClientEndpoints(t *testing.T) {
	const grpcEP, restEP = "causeway-grpc://node1.example.com:7051", "causeway-rest://node1.example.com:7052"
	f := newRotGovNode1(t, "10.0.0.1:7050", func(ca *pki.CA) string {
		return endpointCert(t, ca, []string{"10.0.0.1"}, []string{"localhost", "node1.example.com"}, grpcEP, restEP)
	})
	ca := f.cas[0]
	p2pOnly := endpointCert(t, ca, []string{"10.0.0.1"}, []string{"localhost"})
	f.proposeWant(t, 1, rotateNode(1, p2pOnly, "", 2000), types.CodeInvalidPayload, "advertises the client endpoints")
	moved := endpointCert(t, ca, []string{"10.0.0.1"}, []string{"localhost", "node1.example.com"}, "causeway-grpc://node1.example.com:9999", restEP)
	f.proposeWant(t, 1, rotateNode(1, moved, "", 2000), types.CodeInvalidPayload, "advertises the client endpoints")
	oneOnly := endpointCert(t, ca, []string{"10.0.0.1"}, []string{"localhost", "node1.example.com"}, grpcEP)
	f.proposeWant(t, 1, rotateNode(1, oneOnly, "", 2000), types.CodeInvalidPayload, "advertises the client endpoints")
	uncovered := endpointCert(t, ca, []string{"10.0.0.1"}, []string{"localhost"}, grpcEP, restEP)
	f.proposeWant(t, 1, rotateNode(1, uncovered, "", 2000), types.CodeInvalidPayload, "does not cover the host node1.example.com")
	if c := f.config(t); c.Version != 1 {
		t.Fatalf("refused rotations changed the configuration: version %d", c.Version)
	}
	good := endpointCert(t, ca, []string{"10.0.0.1"}, []string{"localhost", "node1.example.com"}, restEP, grpcEP)
	res := f.pass(t, 1, rotateNode(1, good, "", 2000))
	if n, _ := res.Config.Node(1); n.TLSCert != good {
		t.Fatal("the rotation with the same endpoints did not execute")
	}
}

// issueFor issues under ca a node certificate for key.
func issueFor(t *testing.T, ca *pki.CA, cn string, key crypto.Key) string {
	t.Helper()
	c, err := ca.IssueForKey(pki.IssueRequest{CommonName: cn, Role: pki.RoleNode, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}}, key)
	if err != nil {
		t.Fatal(err)
	}
	return string(c)
}

// newKeyCerts issues a TLS-capable node certificate under ca and returns
// it with its key.
func newKeyCert(t *testing.T, ca *pki.CA, cn string) (string, crypto.Key) {
	t.Helper()
	c, k, err := ca.Issue(pki.IssueRequest{CommonName: cn, Role: pki.RoleNode, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}})
	if err != nil {
		t.Fatal(err)
	}
	key, err := crypto.ParsePrivateKeyPEM(k)
	if err != nil {
		t.Fatal(err)
	}
	return string(c), key
}

// Keys are compared as keys (not certificates), across kinds, and with
// the retiring keys of a rotation's overlap; a revoked certificate cannot
// be rotated in or added.
func TestRotationKeysDistinctAndNotRevoked(t *testing.T) {
	f := newRotGov(t)
	// Node 1 rotates to TLS key A and signing key B; its old keys retire.
	tlsA, keyA := newKeyCert(t, f.cas[0], "node1-tls-v2")
	signB, keyB := newKeyCert(t, f.cas[0], "node1-sign-v2")
	f.pass(t, 1, rotateNode(1, tlsA, signB, 60_000))
	// (node 1 now has TLS key A and signing key B, its old keys retiring)
	// Node 2 (org2) may not take node 1's keys under its own CA: not its
	// new TLS key as TLS key, not its signing key as TLS key, not its TLS
	// key as signing key.
	f.proposeWant(t, 2, rotateNode(2, issueFor(t, f.cas[1], "node2", keyA), "", 2000), types.CodeDuplicate, "node 1")
	f.proposeWant(t, 2, rotateNode(2, issueFor(t, f.cas[1], "node2", keyB), "", 2000), types.CodeDuplicate, "node 1")
	f.proposeWant(t, 2, rotateNode(2, "", issueFor(t, f.cas[1], "node2", keyA), 2000), types.CodeDuplicate, "node 1")
	// Nor node 1's retiring keys: once that overlap is over, node 1
	// rotates again, and A is retiring.
	f.emptyBlock(t, testTime+60_000)
	tlsA2, _ := newKeyCert(t, f.cas[0], "node1-tls-v3")
	f.pass(t, 1, rotateNode(1, tlsA2, "", 60_000))
	if n1, _ := f.config(t).Node(1); n1.RetiringTLSCert != tlsA {
		t.Fatal("A is not node 1's retiring TLS certificate")
	}
	f.proposeWant(t, 2, rotateNode(2, issueFor(t, f.cas[1], "node2", keyA), "", 2000), types.CodeDuplicate, "node 1")
	f.proposeWant(t, 2, rotateNode(2, "", issueFor(t, f.cas[1], "node2", keyA), 2000), types.CodeDuplicate, "node 1")
	// One node using a key for both TLS and signing.
	tlsC, keyC := newKeyCert(t, f.cas[2], "node3-tls-v2")
	f.proposeWant(t, 3, rotateNode(3, tlsC, issueFor(t, f.cas[2], "node3-sign", keyC), 2000), types.CodeDuplicate, "one key")
	// A revoked certificate, even if not in use, is refused in a rotation
	// and in add_node.
	tlsD, _ := newKeyCert(t, f.cas[3], "node4-v2")
	cd, _ := pki.ParseCertPEM([]byte(tlsD))
	f.pass(t, 4, &types.Proposal{Action: &types.Proposal_RevokeCert{RevokeCert: &types.RevokeCert{Serial: cd.SerialNumber.Text(16)}}})
	f.proposeWant(t, 4, rotateNode(4, tlsD, "", 2000), types.CodeInvalidPayload, "is revoked")
	signE, _ := newKeyCert(t, f.cas[3], "node5-sign")
	add := &types.Proposal{Action: &types.Proposal_AddNode{AddNode: &types.AddNode{Node: &types.NodeSpec{Id: 5, Org: "org4", Address: "127.0.0.1:7005", TlsCert: tlsD, SignCert: signE}}}}
	f.proposeWant(t, 4, add, types.CodeInvalidPayload, "is revoked")
}

// A refusal quoting a certificate's subject escapes its control
// characters: none reaches the receipt.
func TestRotationRefusalEscapesCertificateText(t *testing.T) {
	f := newRotGov(t)
	evil, _, err := f.cas[0].Issue(pki.IssueRequest{CommonName: "x\x1b]0;pwned\a", Role: pki.RoleClient})
	if err != nil {
		t.Fatal(err)
	}
	rc := f.proposeWant(t, 1, rotateNode(1, string(evil), "", 2000), types.CodeInvalidPayload, "want role node")
	if terr := types.CheckText("receipt error", rc.Error, len(rc.Error)); terr != nil {
		t.Fatalf("the receipt carries raw certificate text: %q: %v", rc.Error, terr)
	}
	if !strings.Contains(rc.Error, `x\x1b]0;pwned\x07`) {
		t.Fatalf("the subject is not shown escaped: %q", rc.Error)
	}
}

// Ending a CA rotation cannot cut off the org's nodes: the CA rotation is
// refused while a node's own overlap outlasts it, the retiring CA stays
// trusted past its end while a node still holds certificates of it only,
// and it cannot be revoked meanwhile.
func TestCARotationWaitsForTheOrgsNodes(t *testing.T) {
	f := newRotGov(t)
	oldCA := string(f.cas[0].CertPEM())
	newCA, err := pki.NewCA("org1")
	if err != nil {
		t.Fatal(err)
	}
	// Node 1 rotating until testTime+10000: a CA overlap ending before is refused.
	tls1, sign1 := nodeCerts(t, f.cas[0], "node1-v2")
	f.pass(t, 1, rotateNode(1, tls1, sign1, 10_000))
	f.proposeWant(t, 1, rotateCAProposal("org1", string(newCA.CertPEM()), 3000), types.CodeInvalidPayload, "rotating its certificates until")
	// A longer one is accepted; try on a fresh chain for the rest.
	f.proposeWant(t, 1, rotateCAProposal("org1", string(newCA.CertPEM()), 20_000), "", "")

	f = newRotGov(t)
	oldCA = string(f.cas[0].CertPEM())
	f.pass(t, 1, rotateCAProposal("org1", string(newCA.CertPEM()), 3000))
	// The retiring CA cannot be revoked: node 1 holds only its certificates.
	caCert, _ := pki.ParseCertPEM([]byte(oldCA))
	f.proposeWant(t, 2, &types.Proposal{Action: &types.Proposal_RevokeCert{RevokeCert: &types.RevokeCert{Serial: caCert.SerialNumber.Text(16)}}}, types.CodeInvalidPayload, "retiring CA certificate of member org org1")
	// The overlap's end passes with node 1 still on the old CA: the CA
	// stays trusted.
	f.emptyBlock(t, testTime+3000)
	f.emptyBlock(t, testTime+60_000)
	cfg := f.config(t)
	if o, _ := cfg.Org("org1"); !o.Rotating() || !containsPEM(cfg.CACerts(), oldCA) {
		t.Fatal("the old CA was retired while node 1 holds only certificates of it")
	}
	// Node 1 moves to the new CA; once its own overlap is over, the old CA
	// retires.
	tlsN, signN := nodeCerts(t, newCA, "node1-new-ca")
	f.pass(t, 1, rotateNode(1, tlsN, signN, 5000))
	f.emptyBlock(t, testTime+4999)
	if o, _ := f.config(t).Org("org1"); !o.Rotating() {
		t.Fatal("the old CA retired while node 1's retiring certificates still depend on it")
	}
	r := f.emptyBlock(t, testTime+5000)
	if r.Config == nil {
		t.Fatal("no sweep")
	}
	if o, _ := r.Config.Org("org1"); o.Rotating() || containsPEM(r.Config.CACerts(), oldCA) {
		t.Fatal("the old CA is still trusted after node 1 moved and its overlap ended")
	}
	if n, _ := r.Config.Node(1); n.Rotating() {
		t.Fatal("node 1's overlap did not end")
	}
}

// CheckNodeDistinct compares SM2 keys too (read from the certificate's
// structure, which crypto/x509 does not parse for SM2): a GM chain's
// node rotation must not fail on it, and a shared SM2 key is caught.
func TestCheckNodeDistinctSM2(t *testing.T) {
	ca, err := pki.NewCA("org1", pki.WithSM2())
	if err != nil {
		t.Fatal(err)
	}
	issue := func(cn string) (string, crypto.Key) {
		c, k, err := ca.Issue(pki.IssueRequest{CommonName: cn, Role: pki.RoleNode, KeyType: pki.KeySM2})
		if err != nil {
			t.Fatal(err)
		}
		key, err := crypto.ParsePrivateKeyPEM(k)
		if err != nil {
			t.Fatal(err)
		}
		return string(c), key
	}
	tls1, _ := issue("n1-tls")
	sign1, key1 := issue("n1-sign")
	tls2, _ := issue("n2-tls")
	sign2, _ := issue("n2-sign")
	n1 := types.GenesisNode{ID: 1, Org: "org1", Address: "a:1", TLSCert: tls1, SignCert: sign1}
	n2 := types.GenesisNode{ID: 2, Org: "org1", Address: "a:2", TLSCert: tls2, SignCert: sign2}
	if terr := types.CheckNodeDistinct([]types.GenesisNode{n1}, n2); terr != nil {
		t.Fatalf("distinct SM2 nodes refused: %v", terr)
	}
	same, err := ca.IssueForKey(pki.IssueRequest{CommonName: "n2-sign", Role: pki.RoleNode}, key1)
	if err != nil {
		t.Fatal(err)
	}
	n2.SignCert = string(same)
	if terr := types.CheckNodeDistinct([]types.GenesisNode{n1}, n2); terr == nil || terr.Code != types.CodeDuplicate {
		t.Fatalf("a shared SM2 signing key: %v", terr)
	}
}
