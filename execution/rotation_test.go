package execution

import (
	"bytes"
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
)

// nodeCerts issues a node's TLS (ECDSA) and signing (Ed25519) certificates.
func nodeCerts(t *testing.T, ca *pki.CA, name string) (tlsPEM, signPEM string) {
	t.Helper()
	tc, _, err := ca.Issue(pki.IssueRequest{CommonName: name, Role: pki.RoleNode, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}})
	if err != nil {
		t.Fatal(err)
	}
	sc, _, err := ca.Issue(pki.IssueRequest{CommonName: name + "-sign", Role: pki.RoleNode, KeyType: pki.KeyEd25519})
	if err != nil {
		t.Fatal(err)
	}
	return string(tc), string(sc)
}

// newRotGov is newGov's four orgs with one consensus node each (node i of
// org i).
func newRotGov(t *testing.T) *govFixture {
	t.Helper()
	return newRotGovNode1(t, "", nil)
}

// newRotGovNode1 is newRotGov with node 1 at address addr (if not empty)
// with the TLS certificate tls1 makes with org1's CA (if not nil).
func newRotGovNode1(t *testing.T, addr string, tls1 func(ca *pki.CA) string) *govFixture {
	t.Helper()
	g := testGenesis()
	f := &govFixture{}
	for i := 1; i <= 4; i++ {
		org := fmt.Sprintf("org%d", i)
		ca, err := pki.NewCA(org)
		if err != nil {
			t.Fatal(err)
		}
		f.cas = append(f.cas, ca)
		s := newSigner("admin-" + org)
		f.admins = append(f.admins, s)
		g.Orgs = append(g.Orgs, types.GenesisOrg{Name: org, CACert: string(ca.CertPEM())})
		g.Accounts = append(g.Accounts, types.GenesisAccount{Name: types.AdminAccountName(org), Scheme: s.Scheme(), PublicKey: s.PublicKey()})
		tlsPEM, signPEM := nodeCerts(t, ca, fmt.Sprintf("node%d", i))
		address := fmt.Sprintf("127.0.0.1:%d", 7000+i)
		if i == 1 && addr != "" {
			address = addr
		}
		if i == 1 && tls1 != nil {
			tlsPEM = tls1(ca)
		}
		g.Nodes = append(g.Nodes, types.GenesisNode{ID: uint64(i), Org: org, Address: address, TLSCert: tlsPEM, SignCert: signPEM})
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

// emptyBlock executes a block without transactions at block time timeMs.
func (f *govFixture) emptyBlock(t *testing.T, timeMs int64) *Result {
	t.Helper()
	f.height++
	h := header(f.height)
	h.TimeMs = timeMs
	res, err := newExecutor().ExecuteBlock(f.m, f.m.root, h, nil)
	if err != nil {
		t.Fatal(err)
	}
	f.m.commit(nil, res)
	return res
}

// pass proposes p as org proposer and has the next two orgs approve it; it
// fails the test unless the proposal executes.
func (f *govFixture) pass(t *testing.T, proposer int, p *types.Proposal) *Result {
	t.Helper()
	id, rc, _ := f.propose(t, proposer, p)
	wantReceipt(t, rc, "")
	var res *Result
	for _, o := range []int{proposer%4 + 1, (proposer+1)%4 + 1} {
		rc, res = f.vote(t, o, id, true)
		wantReceipt(t, rc, "")
	}
	if res.Config == nil {
		t.Fatalf("proposal %s did not execute", ActionOf(p))
	}
	return res
}

func rotateNode(id uint64, tlsPEM, signPEM string, overlap int64) *types.Proposal {
	return &types.Proposal{Action: &types.Proposal_RotateNodeCert{RotateNodeCert: &types.RotateNodeCert{Id: id, TlsCert: tlsPEM, SignCert: signPEM, OverlapMs: overlap}}}
}

func rotateCAProposal(org, caPEM string, overlap int64) *types.Proposal {
	return &types.Proposal{Action: &types.Proposal_RotateCa{RotateCa: &types.RotateCA{Org: org, CaCert: caPEM, OverlapMs: overlap}}}
}

func TestRotateNodeCertKeepsOldUntilOverlapEnds(t *testing.T) {
	f := newRotGov(t)
	old, _ := f.config(t).Node(1)
	tlsPEM, signPEM := nodeCerts(t, f.cas[0], "node1-v2")
	res := f.pass(t, 1, rotateNode(1, tlsPEM, signPEM, 5000))
	n, _ := res.Config.Node(1)
	if n.TLSCert != tlsPEM || n.SignCert != signPEM {
		t.Fatal("the new certificates are not current")
	}
	if n.RetiringTLSCert != old.TLSCert || n.RetiringSignCert != old.SignCert || n.RetiringUntilMs != testTime+5000 {
		t.Fatalf("retiring material: until %d, tls kept %v, sign kept %v", n.RetiringUntilMs, n.RetiringTLSCert == old.TLSCert, n.RetiringSignCert == old.SignCert)
	}
	if got := n.TLSCerts(); len(got) != 2 || got[0] != tlsPEM || got[1] != old.TLSCert {
		t.Fatal("TLSCerts does not list new then old")
	}
	if got := n.SignCerts(); len(got) != 2 || got[0] != signPEM || got[1] != old.SignCert {
		t.Fatal("SignCerts does not list new then old")
	}
	version := res.Config.Version
	// Before the end of the overlap nothing changes.
	if r := f.emptyBlock(t, testTime+4999); r.Config != nil {
		t.Fatal("the overlap ended early")
	}
	// The first block at or after its end sweeps the old material, with a
	// history entry for the next height.
	r := f.emptyBlock(t, testTime+5000)
	if r.Config == nil || r.Config.Version != version+1 {
		t.Fatalf("the sweep did not change the configuration: %v", r.Config)
	}
	n, _ = r.Config.Node(1)
	if n.Rotating() || n.TLSCert != tlsPEM || n.SignCert != signPEM || len(n.TLSCerts()) != 1 || len(n.SignCerts()) != 1 {
		t.Fatalf("after the sweep: %+v", n)
	}
	stored := f.config(t)
	if !bytes.Equal(stored.Encode(), r.Config.Encode()) {
		t.Fatal("stored configuration differs from the result's")
	}
	hist := f.m.kv[string(state.ConfigHistoryKey(f.height+1))]
	if !bytes.Equal(hist, stored.Encode()) {
		t.Fatal("no configuration history entry for the height the sweep applies from")
	}
	// Sweeping is idempotent.
	if r := f.emptyBlock(t, testTime+9999); r.Config != nil {
		t.Fatal("a second sweep changed the configuration")
	}
}

func TestRotateOnlyTLSCertKeepsSigningKey(t *testing.T) {
	f := newRotGov(t)
	old, _ := f.config(t).Node(2)
	tlsPEM, _ := nodeCerts(t, f.cas[1], "node2-v2")
	res := f.pass(t, 2, rotateNode(2, tlsPEM, "", 2000))
	n, _ := res.Config.Node(2)
	if n.SignCert != old.SignCert || n.RetiringSignCert != "" || n.RetiringTLSCert != old.TLSCert || n.TLSCert != tlsPEM {
		t.Fatalf("TLS-only rotation: %+v", n)
	}
}

func TestRotateCAThenNodesMustUseTheNewCA(t *testing.T) {
	f := newRotGov(t)
	oldCA := string(f.cas[0].CertPEM())
	newCA, err := pki.NewCA("org1")
	if err != nil {
		t.Fatal(err)
	}
	res := f.pass(t, 1, rotateCAProposal("org1", string(newCA.CertPEM()), 3000))
	o, _ := res.Config.Org("org1")
	if o.CACert != string(newCA.CertPEM()) || o.RetiringCACert != oldCA || o.RetiringCAUntilMs != testTime+3000 {
		t.Fatalf("org after CA rotation: %+v", o)
	}
	cas := res.Config.CACerts()
	if len(cas) != 5 || !containsPEM(cas, oldCA) || !containsPEM(cas, string(newCA.CertPEM())) {
		t.Fatalf("trusted CAs during the overlap: %d", len(cas))
	}
	// A node certificate from the replaced CA is no longer acceptable.
	tlsOld, signOld := nodeCerts(t, f.cas[0], "node1-old-ca")
	_, rc, _ := f.propose(t, 1, rotateNode(1, tlsOld, signOld, 2000))
	wantReceipt(t, rc, types.CodeInvalidPayload)
	if !strings.Contains(rc.Error, "not issued by org org1's current CA") {
		t.Fatalf("reason: %s", rc.Error)
	}
	// One from the new CA is.
	tlsNew, signNew := nodeCerts(t, newCA, "node1-new-ca")
	f.pass(t, 1, rotateNode(1, tlsNew, signNew, 2000))
	// The overlap of the CA ends at its own time.
	r := f.emptyBlock(t, testTime+3000)
	if r.Config == nil {
		t.Fatal("no sweep")
	}
	o, _ = r.Config.Org("org1")
	if o.Rotating() || containsPEM(r.Config.CACerts(), oldCA) || len(r.Config.CACerts()) != 4 {
		t.Fatal("the old CA is still trusted after the overlap")
	}
}

func containsPEM(list [][]byte, p string) bool {
	for _, b := range list {
		if string(b) == p {
			return true
		}
	}
	return false
}

func TestRotationHostile(t *testing.T) {
	f := newRotGov(t)
	tls1, sign1 := nodeCerts(t, f.cas[0], "node1-v2")
	propose := func(org int, p *types.Proposal, code types.Code, reason string) {
		t.Helper()
		_, rc, _ := f.propose(t, org, p)
		wantReceipt(t, rc, code)
		if reason != "" && !strings.Contains(rc.Error, reason) {
			t.Fatalf("reason %q does not say %q", rc.Error, reason)
		}
	}
	// A certificate not issued by the node's org's CA: another member's CA,
	// or a look-alike CA with the same org name.
	tls2, sign2 := nodeCerts(t, f.cas[1], "node1-by-org2")
	propose(1, rotateNode(1, tls2, sign2, 2000), types.CodeInvalidPayload, "not issued by org org1's current CA")
	fake, err := pki.NewCA("org1")
	if err != nil {
		t.Fatal(err)
	}
	tlsFake, signFake := nodeCerts(t, fake, "node1-fake")
	propose(1, rotateNode(1, tlsFake, "", 2000), types.CodeInvalidPayload, "not issued by")
	propose(1, rotateNode(1, "", signFake, 2000), types.CodeInvalidPayload, "not issued by")
	// Not a node certificate, garbage, a CA certificate.
	client, _, err := f.cas[0].Issue(pki.IssueRequest{CommonName: "app", Role: pki.RoleClient})
	if err != nil {
		t.Fatal(err)
	}
	propose(1, rotateNode(1, string(client), "", 2000), types.CodeInvalidPayload, "want role node")
	propose(1, rotateNode(1, "not a certificate", "", 2000), types.CodeInvalidPayload, "PEM")
	propose(1, rotateNode(1, string(f.cas[0].CertPEM()), "", 2000), types.CodeInvalidPayload, "CA certificate")
	propose(1, rotateNode(1, "", "", 2000), types.CodeInvalidPayload, "give a new TLS certificate")
	// A TLS certificate for another host than the node's address.
	elsewhere, _, err := f.cas[0].Issue(pki.IssueRequest{CommonName: "node1", Role: pki.RoleNode, IPAddresses: []net.IP{net.ParseIP("10.9.9.9")}})
	if err != nil {
		t.Fatal(err)
	}
	propose(1, rotateNode(1, string(elsewhere), "", 2000), types.CodeInvalidPayload, "does not cover its address host 127.0.0.1")
	// Another node's certificate.
	n2, _ := f.config(t).Node(2)
	propose(2, rotateNode(2, n2.TLSCert, "", 2000), types.CodeInvalidPayload, "already node 2's")
	// Someone else's node or CA.
	propose(2, rotateNode(1, tls1, sign1, 2000), types.CodeUnauthorized, "only its own org")
	newCA, err := pki.NewCA("org1")
	if err != nil {
		t.Fatal(err)
	}
	propose(2, rotateCAProposal("org1", string(newCA.CertPEM()), 2000), types.CodeUnauthorized, "only org org1")
	// A missing node or org.
	propose(1, rotateNode(99, tls1, sign1, 2000), types.CodeInvalidPayload, "not a consensus node")
	// The overlap out of its bounds.
	for _, ms := range []int64{-1, 0, MinCertOverlapMs - 1, MaxCertOverlapMs + 1} {
		propose(1, rotateNode(1, tls1, sign1, ms), types.CodeInvalidPayload, "out of bounds")
		propose(1, rotateCAProposal("org1", string(newCA.CertPEM()), ms), types.CodeInvalidPayload, "out of bounds")
	}
	// A CA of another org, a leaf as CA, a bundle smuggling a second CA.
	other, err := pki.NewCA("org9")
	if err != nil {
		t.Fatal(err)
	}
	propose(1, rotateCAProposal("org1", string(other.CertPEM()), 2000), types.CodeInvalidPayload, "names organisation")
	propose(1, rotateCAProposal("org1", tls1, 2000), types.CodeInvalidPayload, "not a CA")
	propose(1, rotateCAProposal("org1", string(newCA.CertPEM())+string(other.CertPEM()), 2000), types.CodeInvalidPayload, "PEM")
	propose(1, rotateCAProposal("org1", string(f.cas[1].CertPEM()), 2000), types.CodeInvalidPayload, "")
	// The bounds themselves are accepted.
	_, rc, _ := f.propose(t, 1, rotateNode(1, tls1, sign1, MinCertOverlapMs))
	wantReceipt(t, rc, "")
	_, rc, _ = f.propose(t, 1, rotateNode(1, tls1, sign1, MaxCertOverlapMs))
	wantReceipt(t, rc, "")
	if c := f.config(t); c.Version != 1 {
		t.Fatalf("refused proposals changed the configuration: version %d", c.Version)
	}
}

func TestRotationReplay(t *testing.T) {
	f := newRotGov(t)
	tls1, sign1 := nodeCerts(t, f.cas[0], "node1-v2")
	p := rotateNode(1, tls1, sign1, 2000)
	d := sign(t, mkBody("org1.admin", types.TxType_PROPOSE, p), f.admins[0])
	rc, _ := f.run(t, d)
	wantReceipt(t, rc, "")
	id := d.Hash
	for _, o := range []int{2, 3} {
		rc, _ = f.vote(t, o, id, true)
		wantReceipt(t, rc, "")
	}
	// The same transaction again is a replay.
	rc, _ = f.run(t, d)
	wantReceipt(t, rc, types.CodeDuplicate)
	// The same rotation in a new transaction: during the overlap, the node
	// is already rotating; after it, the certificates are already current.
	_, rc, _ = f.propose(t, 1, p)
	wantReceipt(t, rc, types.CodeInvalidPayload)
	if !strings.Contains(rc.Error, "already rotating") {
		t.Fatalf("reason: %s", rc.Error)
	}
	f.emptyBlock(t, testTime+2000)
	_, rc, _ = f.propose(t, 1, p)
	wantReceipt(t, rc, types.CodeInvalidPayload)
	if !strings.Contains(rc.Error, "already node 1's") {
		t.Fatalf("reason: %s", rc.Error)
	}
	// A second open proposal for the same rotation cannot execute once the
	// first has: it is validated again when it would execute.
	f2 := newRotGov(t)
	tlsA, signA := nodeCerts(t, f2.cas[0], "node1-a")
	p2 := rotateNode(1, tlsA, signA, 2000)
	id1, rc, _ := f2.propose(t, 1, p2)
	wantReceipt(t, rc, "")
	id2, rc, _ := f2.propose(t, 1, rotateNode(1, tlsA, signA, 3000))
	wantReceipt(t, rc, "")
	for _, o := range []int{2, 3} {
		rc, _ = f2.vote(t, o, id1, true)
		wantReceipt(t, rc, "")
	}
	rc, _ = f2.vote(t, 2, id2, true)
	wantReceipt(t, rc, "")
	rc, _ = f2.vote(t, 3, id2, true)
	wantReceipt(t, rc, types.CodeInvalidPayload)
	if n, _ := f2.config(t).Node(1); n.RetiringUntilMs != testTime+2000 {
		t.Fatalf("the second proposal changed the rotation: until %d", n.RetiringUntilMs)
	}
}
