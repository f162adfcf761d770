package execution

import (
	"encoding/pem"
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/types"
)

// gmNodeCerts issues a GM node's certificates from an SM2 CA, as
// consortium does for a "gm" chain: an ECDSA P-256 TLS certificate (crypto/tls
// cannot use SM2 keys) and an SM2 signing certificate, both signed with
// SM2-with-SM3. It also returns the signing key.
func gmNodeCerts(t *testing.T, ca *pki.CA, name string) (tlsPEM, signPEM string, signKey crypto.Key) {
	t.Helper()
	tc, _, err := ca.Issue(pki.IssueRequest{CommonName: name, Role: pki.RoleNode, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}})
	if err != nil {
		t.Fatal(err)
	}
	sc, kp, err := ca.Issue(pki.IssueRequest{CommonName: name + "-sign", Role: pki.RoleNode, KeyType: pki.KeySM2})
	if err != nil {
		t.Fatal(err)
	}
	k, err := crypto.ParsePrivateKeyPEM(kp)
	if err != nil {
		t.Fatal(err)
	}
	return string(tc), string(sc), k
}

func newSMCA(t *testing.T, org string) *pki.CA {
	t.Helper()
	ca, err := pki.NewCA(org, pki.WithSM2())
	if err != nil {
		t.Fatal(err)
	}
	if ca.KeyType() != pki.KeySM2 {
		t.Fatalf("CA of %s is %s, want sm2", org, ca.KeyType())
	}
	return ca
}

// newGMGov is newRotGov with the certificates of a GM chain: SM2 CAs, SM2
// signing certificates. (The executor hashes with the intl suite, as the
// other fixtures do: the certificate checks do not depend on the hash.)
func newGMGov(t *testing.T) *govFixture {
	t.Helper()
	g := testGenesis()
	f := &govFixture{}
	for i := 1; i <= 4; i++ {
		org := fmt.Sprintf("org%d", i)
		ca := newSMCA(t, org)
		f.cas = append(f.cas, ca)
		s := newSigner("admin-" + org)
		f.admins = append(f.admins, s)
		g.Orgs = append(g.Orgs, types.GenesisOrg{Name: org, CACert: string(ca.CertPEM())})
		g.Accounts = append(g.Accounts, types.GenesisAccount{Name: types.AdminAccountName(org), Scheme: s.Scheme(), PublicKey: s.PublicKey()})
		tlsPEM, signPEM, _ := gmNodeCerts(t, ca, fmt.Sprintf("node%d", i))
		g.Nodes = append(g.Nodes, types.GenesisNode{ID: uint64(i), Org: org, Address: fmt.Sprintf("127.0.0.1:%d", 7000+i), TLSCert: tlsPEM, SignCert: signPEM})
	}
	if err := g.Validate(); err != nil {
		t.Fatalf("GM genesis refused: %v", err)
	}
	ws, nodes, root, err := GenesisState(g)
	if err != nil {
		t.Fatal(err)
	}
	f.m = &memState{kv: map[string][]byte{}, txs: map[types.Hash]bool{}, root: root}
	f.m.applyWrites(ws)
	f.m.applyNodes(nodes)
	return f
}

func addNodeProposal(id uint64, org, addr, tlsPEM, signPEM string) *types.Proposal {
	return &types.Proposal{Action: &types.Proposal_AddNode{AddNode: &types.AddNode{Node: &types.NodeSpec{Id: id, Org: org, Address: addr, TlsCert: tlsPEM, SignCert: signPEM}}}}
}

// GM (SM2) certificates pass the same checks as intl ones, at genesis and in
// add_org, add_node, rotate_node_cert, rotate_ca and revoke_cert; the
// hostile cases are refused for the same reasons.
func TestGMCertificatesInGovernance(t *testing.T) {
	f := newGMGov(t)
	refuse := func(org int, p *types.Proposal, code types.Code, reason string) {
		t.Helper()
		_, rc, _ := f.propose(t, org, p)
		wantReceipt(t, rc, code)
		if !strings.Contains(rc.Error, reason) {
			t.Fatalf("reason %q does not say %q", rc.Error, reason)
		}
	}

	// Hostile first, while the configuration is the genesis one.
	other := newSMCA(t, "org2-lookalike")
	tlsX, signX, _ := gmNodeCerts(t, f.cas[1], "node9")
	refuse(1, addNodeProposal(9, "org1", "127.0.0.1:7009", tlsX, signX), types.CodeInvalidPayload, "not issued by org org1's CA")
	fake := newSMCA(t, "org1")
	tlsF, signF, _ := gmNodeCerts(t, fake, "node9")
	refuse(1, addNodeProposal(9, "org1", "127.0.0.1:7009", tlsF, signF), types.CodeInvalidPayload, "not issued by")
	refuse(1, rotateNode(1, "", signF, 2000), types.CodeInvalidPayload, "not issued by")
	// A second certificate for node 7's SM2 signing key: one key would
	// count twice towards a quorum.
	tls7, sign7, key7 := gmNodeCerts(t, f.cas[0], "node7")
	f.pass(t, 1, addNodeProposal(7, "org1", "127.0.0.1:7007", tls7, sign7))
	tls9, _, _ := gmNodeCerts(t, f.cas[0], "node9")
	again, err := f.cas[0].IssueForKey(pki.IssueRequest{CommonName: "node9-sign", Role: pki.RoleNode}, key7)
	if err != nil {
		t.Fatal(err)
	}
	refuse(1, addNodeProposal(9, "org1", "127.0.0.1:7009", tls9, string(again)), types.CodeDuplicate, "count twice")
	// A corrupt SM2 certificate (its signature cut off) and an SM2 CA
	// certificate with a second block after it.
	blk, _ := pem.Decode(f.cas[2].CertPEM())
	cut := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: blk.Bytes[:len(blk.Bytes)-20]}))
	adminKey := &types.AuthKey{Scheme: types.SignatureScheme_ED25519, PublicKey: newSigner("admin-org5").PublicKey(), Weight: AuthThreshold}
	addOrg := func(name, caPEM string, nodes ...*types.NodeSpec) *types.Proposal {
		return &types.Proposal{Action: &types.Proposal_AddOrg{AddOrg: &types.AddOrg{Name: name, CaCert: caPEM, AdminKey: adminKey, Nodes: nodes}}}
	}
	refuse(1, addOrg("org5", cut), types.CodeInvalidPayload, "CA certificate")
	refuse(1, addOrg("org5", string(other.CertPEM())+string(other.CertPEM())), types.CodeInvalidPayload, "exactly one PEM CERTIFICATE block")
	refuse(1, addNodeProposal(9, "org1", "127.0.0.1:7009", tls9, cut), types.CodeInvalidPayload, "signing certificate")

	// Then the accepted ones: a GM org with a GM node joins, an org adds a
	// GM node, a node rotates to new SM2 certificates, an org rotates to a
	// new SM2 CA.
	ca5 := newSMCA(t, "org5")
	tls5, sign5, _ := gmNodeCerts(t, ca5, "node5")
	f.pass(t, 1, addOrg("org5", string(ca5.CertPEM()), &types.NodeSpec{Id: 5, Org: "org5", Address: "127.0.0.1:7005", TlsCert: tls5, SignCert: sign5}))
	tls6, sign6, _ := gmNodeCerts(t, f.cas[0], "node6")
	f.pass(t, 1, addNodeProposal(6, "org1", "127.0.0.1:7006", tls6, sign6))
	tls1, sign1, _ := gmNodeCerts(t, f.cas[0], "node1-v2")
	f.pass(t, 1, rotateNode(1, tls1, sign1, MinCertOverlapMs))
	ca2 := newSMCA(t, "org2")
	f.pass(t, 2, rotateCAProposal("org2", string(ca2.CertPEM()), MinCertOverlapMs))
	c := f.config(t)
	if _, ok := c.Org("org5"); !ok || len(c.Nodes) != 7 {
		t.Fatalf("orgs %v, nodes %v", c.Orgs, c.NodeIDs())
	}
	if n, _ := c.Node(1); n.SignCert != sign1 {
		t.Fatal("node 1 did not rotate its SM2 signing certificate")
	}
	// An SM2 signing certificate in use cannot be revoked: the check must
	// parse it to see its serial.
	c1, err := pki.ParseCertPEM([]byte(sign6))
	if err != nil {
		t.Fatal(err)
	}
	refuse(1, &types.Proposal{Action: &types.Proposal_RevokeCert{RevokeCert: &types.RevokeCert{Serial: c1.SerialNumber.Text(16)}}}, types.CodeInvalidPayload, "remove the node first")
	ca5c, _ := pki.ParseCertPEM(ca5.CertPEM())
	refuse(1, &types.Proposal{Action: &types.Proposal_RevokeCert{RevokeCert: &types.RevokeCert{Serial: ca5c.SerialNumber.Text(16)}}}, types.CodeInvalidPayload, "remove the org first")
}
