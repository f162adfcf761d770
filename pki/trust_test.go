package pki

import (
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"

	ccrypto "github.com/causeway/causeway/crypto"
)

// craft signs a leaf made by mutating an Issue-like template with ca's key.
func craft(t *testing.T, ca *CA, mutate func(*x509.Certificate)) *x509.Certificate {
	t.Helper()
	k, err := ccrypto.GenerateECDSA()
	if err != nil {
		t.Fatal(err)
	}
	serial, _ := randomSerial()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "crafted", Organization: []string{ca.Org()}, OrganizationalUnit: []string{"node"}},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		BasicConstraintsValid: true,
	}
	mutate(tmpl)
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, k.Std().Public(), ca.key.Std())
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestTrustVerify(t *testing.T) {
	org1, org2, org3 := mustCA(t, "Org1"), mustCA(t, "Org2"), mustCA(t, "Org3")
	tr, err := NewTrust(org1.CertPEM(), org2.CertPEM())
	if err != nil {
		t.Fatal(err)
	}
	leaf := func(ca *CA, role Role) *x509.Certificate {
		c, _ := mustIssue(t, ca, IssueRequest{CommonName: "n-" + string(role), Role: role})
		return mustParse(t, c)
	}
	revoked := leaf(org2, RoleClient)
	if err := tr.Revoke(revoked.SerialNumber.Text(16)); err != nil {
		t.Fatal(err)
	}
	// A sub-CA under Org1 (forbidden by MaxPathLenZero) and a leaf under it.
	subKey, _ := ccrypto.GenerateECDSA()
	subTmpl := &x509.Certificate{SerialNumber: big.NewInt(77), Subject: pkix.Name{CommonName: "sub", Organization: []string{"Org1"}},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign}
	subDER, _ := x509.CreateCertificate(rand.Reader, subTmpl, org1.cert, subKey.Std().Public(), org1.key.Std())
	sub, _ := x509.ParseCertificate(subDER)
	subCA := &CA{cert: sub, key: subKey}
	underSub := craft(t, subCA, func(c *x509.Certificate) {})

	tests := []struct {
		name  string
		chain []*x509.Certificate
		want  error
		msg   string
		org   string
		role  Role
	}{
		{name: "org1 node", chain: []*x509.Certificate{leaf(org1, RoleNode)}, org: "Org1", role: RoleNode},
		{name: "org2 admin", chain: []*x509.Certificate{leaf(org2, RoleAdmin)}, org: "Org2", role: RoleAdmin},
		{name: "org1 auditor with CA in chain", chain: []*x509.Certificate{leaf(org1, RoleAuditor), org1.Cert()}, org: "Org1", role: RoleAuditor},
		{name: "ed25519 leaf", chain: func() []*x509.Certificate {
			c, _ := mustIssue(t, org1, IssueRequest{CommonName: "c", Role: RoleNode, KeyType: KeyEd25519})
			return []*x509.Certificate{mustParse(t, c)}
		}(), org: "Org1", role: RoleNode},
		{name: "nil chain", chain: nil, want: ErrNoCertificate},
		{name: "nil leaf", chain: []*x509.Certificate{nil}, want: ErrNoCertificate},
		{name: "unknown CA", chain: []*x509.Certificate{leaf(org3, RoleNode)}, want: ErrUnknownCA, msg: `issued by "CN=Org3 CA,O=Org3"`},
		{name: "unknown CA with its CA in chain", chain: []*x509.Certificate{leaf(org3, RoleNode), org3.Cert()}, want: ErrUnknownCA},
		{name: "revoked", chain: []*x509.Certificate{revoked}, want: ErrRevoked, msg: "CN=n-client,OU=client,O=Org2"},
		{name: "CA cert as leaf", chain: []*x509.Certificate{org1.Cert()}, want: ErrInvalidCertificate, msg: "CA certificate"},
		{name: "expired", chain: []*x509.Certificate{craft(t, org1, func(c *x509.Certificate) { c.NotAfter = time.Now().Add(-time.Minute) })}, want: ErrInvalidCertificate, msg: "expired"},
		{name: "not yet valid", chain: []*x509.Certificate{craft(t, org1, func(c *x509.Certificate) {
			c.NotBefore = time.Now().Add(time.Hour)
			c.NotAfter = time.Now().Add(2 * time.Hour)
		})}, want: ErrInvalidCertificate},
		{name: "org of another member", chain: []*x509.Certificate{craft(t, org1, func(c *x509.Certificate) { c.Subject.Organization = []string{"Org2"} })}, want: ErrInvalidCertificate, msg: "does not match"},
		{name: "two orgs", chain: []*x509.Certificate{craft(t, org1, func(c *x509.Certificate) { c.Subject.Organization = []string{"Org1", "Org2"} })}, want: ErrInvalidCertificate},
		{name: "no org", chain: []*x509.Certificate{craft(t, org1, func(c *x509.Certificate) { c.Subject.Organization = nil })}, want: ErrInvalidCertificate},
		{name: "no role", chain: []*x509.Certificate{craft(t, org1, func(c *x509.Certificate) { c.Subject.OrganizationalUnit = nil })}, want: ErrInvalidCertificate, msg: "role"},
		{name: "unknown role", chain: []*x509.Certificate{craft(t, org1, func(c *x509.Certificate) { c.Subject.OrganizationalUnit = []string{"root"} })}, want: ErrInvalidCertificate},
		{name: "leaf under a sub-CA", chain: []*x509.Certificate{underSub, sub}, want: ErrInvalidCertificate},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			id, err := tr.Verify(tc.chain)
			if tc.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				if id.Org != tc.org || id.Role != tc.role || id.Cert != tc.chain[0] {
					t.Fatalf("identity %+v", id)
				}
				return
			}
			t.Log(err)
			if !errors.Is(err, tc.want) {
				t.Fatalf("error %v, want %v", err, tc.want)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("error %q does not mention %q", err, tc.msg)
			}
		})
	}
}

func TestTrustChanges(t *testing.T) {
	org1, org2 := mustCA(t, "Org1"), mustCA(t, "Org2")
	tr, err := NewTrust(org1.CertPEM())
	if err != nil {
		t.Fatal(err)
	}
	c2 := mustParse(t, first(mustIssue(t, org2, IssueRequest{CommonName: "n", Role: RoleNode})))
	c1 := mustParse(t, first(mustIssue(t, org1, IssueRequest{CommonName: "n", Role: RoleNode})))
	verify := func(c *x509.Certificate) error { _, err := tr.Verify([]*x509.Certificate{c}); return err }

	v0, ch := tr.Version(), tr.Changed()
	if !errors.Is(verify(c2), ErrUnknownCA) {
		t.Fatal("Org2 trusted before it joined")
	}
	// Org2 joins.
	if err := tr.SetCAs([][]byte{org1.CertPEM(), org2.CertPEM()}); err != nil {
		t.Fatal(err)
	}
	assertClosed(t, ch)
	if tr.Version() != v0+1 || len(tr.CAs()) != 2 {
		t.Fatalf("version %d, %d CAs", tr.Version(), len(tr.CAs()))
	}
	if err := verify(c2); err != nil {
		t.Fatal(err)
	}
	// A bad update leaves everything as it was.
	v, ch := tr.Version(), tr.Changed()
	for _, bad := range [][][]byte{{[]byte("junk")}, {org1.CertPEM(), first(mustIssue(t, org1, IssueRequest{CommonName: "leaf", Role: RoleNode}))}} {
		if err := tr.SetCAs(bad); err == nil {
			t.Fatal("SetCAs accepted a bad CA list")
		}
	}
	if err := tr.Revoke("xyz"); err == nil {
		t.Fatal("Revoke accepted a non-hex serial")
	}
	if err := tr.SetRevoked([]string{"01", "nothex"}); err == nil {
		t.Fatal("SetRevoked accepted a non-hex serial")
	}
	if tr.Version() != v || len(tr.CAs()) != 2 || len(tr.Revoked()) != 0 {
		t.Fatal("a failed update changed the trust")
	}
	assertOpen(t, ch)

	// Revocation, in any spelling of the serial.
	serial := c2.SerialNumber.Text(16)
	spellings := []string{serial, strings.ToUpper(serial), "0x" + serial, "00" + serial, colons(serial)}
	for _, s := range spellings {
		if tr.IsRevoked(s) {
			t.Fatalf("%s revoked too early", s)
		}
	}
	if err := tr.Revoke(colons(strings.ToUpper(serial))); err != nil {
		t.Fatal(err)
	}
	assertClosed(t, ch)
	for _, s := range spellings {
		if !tr.IsRevoked(s) {
			t.Fatalf("IsRevoked(%s) = false", s)
		}
	}
	if tr.IsRevoked("not hex") {
		t.Fatal("IsRevoked of junk")
	}
	if !errors.Is(verify(c2), ErrRevoked) {
		t.Fatal("revoked certificate accepted")
	}
	// Revoking again changes nothing.
	v, ch = tr.Version(), tr.Changed()
	if err := tr.Revoke(serial); err != nil || tr.Version() != v {
		t.Fatalf("re-revoke: %v, version %d -> %d", err, v, tr.Version())
	}
	assertOpen(t, ch)
	if got := tr.Revoked(); len(got) != 1 || got[0] != serial {
		t.Fatalf("Revoked() = %v", got)
	}
	// SetRevoked replaces the set.
	if err := tr.SetRevoked(nil); err != nil || verify(c2) != nil {
		t.Fatalf("un-revoke: %v", err)
	}
	// Revoking the issuing CA's serial refuses its whole org.
	if err := tr.Revoke(org2.Cert().SerialNumber.Text(16)); err != nil {
		t.Fatal(err)
	}
	if err := verify(c2); !errors.Is(err, ErrRevoked) || !strings.Contains(err.Error(), "issuing CA") {
		t.Fatalf("leaf of a revoked CA: %v", err)
	}
	// Org2 leaves.
	if err := tr.SetCAs([][]byte{org1.CertPEM()}); err != nil {
		t.Fatal(err)
	}
	if !errors.Is(verify(c2), ErrUnknownCA) || verify(c1) != nil {
		t.Fatal("removing Org2 did not apply")
	}
	// Nobody trusted: everything is an unknown CA (never the system roots).
	if err := tr.SetCAs(nil); err != nil {
		t.Fatal(err)
	}
	if !errors.Is(verify(c1), ErrUnknownCA) {
		t.Fatal("empty trust accepted a certificate")
	}
}

func TestNewTrustBad(t *testing.T) {
	org1 := mustCA(t, "Org1")
	leafPEM, _ := mustIssue(t, org1, IssueRequest{CommonName: "n", Role: RoleNode})
	tests := []struct {
		name string
		pems [][]byte
		ok   bool
	}{
		{"none", nil, true},
		{"one", [][]byte{org1.CertPEM()}, true},
		{"bundle in one PEM", [][]byte{append(org1.CertPEM(), mustCA(t, "Org2").CertPEM()...)}, true},
		{"garbage", [][]byte{[]byte("junk")}, false},
		{"empty PEM", [][]byte{nil}, false},
		{"leaf as CA", [][]byte{leafPEM}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewTrust(tc.pems...)
			if tc.ok != (err == nil) {
				t.Fatalf("err %v, want ok=%v", err, tc.ok)
			}
		})
	}
}

// TestTrustConcurrent runs verification while the trust changes (go test -race).
func TestTrustConcurrent(t *testing.T) {
	org1, org2 := mustCA(t, "Org1"), mustCA(t, "Org2")
	tr, _ := NewTrust(org1.CertPEM(), org2.CertPEM())
	c1 := mustParse(t, first(mustIssue(t, org1, IssueRequest{CommonName: "n", Role: RoleNode})))
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := tr.Verify([]*x509.Certificate{c1}); err != nil {
					t.Error(err)
					return
				}
				_ = tr.CAs()
				_ = tr.IsRevoked("1")
			}
		})
	}
	for i := range 100 {
		if err := tr.Revoke(fmt.Sprintf("%x", i+1)); err != nil {
			t.Fatal(err)
		}
		if err := tr.SetCAs([][]byte{org1.CertPEM(), org2.CertPEM()}); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	if tr.Version() != 200 {
		t.Fatalf("version %d, want 200", tr.Version())
	}
}

func first(a, _ []byte) []byte { return a }

func colons(hex string) string {
	if len(hex)%2 == 1 {
		hex = "0" + hex
	}
	var parts []string
	for i := 0; i < len(hex); i += 2 {
		parts = append(parts, hex[i:i+2])
	}
	return strings.Join(parts, ":")
}

func assertClosed(t *testing.T, ch <-chan struct{}) {
	t.Helper()
	select {
	case <-ch:
	default:
		t.Fatal("Changed channel not closed after a change")
	}
}

func assertOpen(t *testing.T, ch <-chan struct{}) {
	t.Helper()
	select {
	case <-ch:
		t.Fatal("Changed channel closed without a change")
	default:
	}
}
