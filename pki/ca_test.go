package pki

import (
	"bytes"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	ccrypto "github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/types"
)

func mustCA(t testing.TB, org string) *CA {
	t.Helper()
	ca, err := NewCA(org)
	if err != nil {
		t.Fatal(err)
	}
	return ca
}

func mustIssue(t testing.TB, ca *CA, req IssueRequest) (certPEM, keyPEM []byte) {
	t.Helper()
	c, k, err := ca.Issue(req)
	if err != nil {
		t.Fatal(err)
	}
	return c, k
}

func mustParse(t testing.TB, certPEM []byte) *x509.Certificate {
	t.Helper()
	c, err := ParseCertPEM(certPEM)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestNewCA(t *testing.T) {
	ca := mustCA(t, "Metro Shanghai")
	c := ca.Cert()
	checks := []struct {
		name string
		ok   bool
	}{
		{"common name", c.Subject.CommonName == "Metro Shanghai CA"},
		{"organisation", len(c.Subject.Organization) == 1 && c.Subject.Organization[0] == "Metro Shanghai"},
		{"org accessor", ca.Org() == "Metro Shanghai"},
		{"is CA", c.IsCA && c.BasicConstraintsValid},
		{"max path len zero", c.MaxPathLen == 0 && c.MaxPathLenZero},
		{"key usage", c.KeyUsage == x509.KeyUsageCertSign|x509.KeyUsageCRLSign},
		{"ecdsa", c.PublicKeyAlgorithm == x509.ECDSA},
		{"self-signed", c.CheckSignatureFrom(c) == nil},
		{"about ten years", c.NotAfter.Sub(time.Now()) > 9*365*24*time.Hour && c.NotAfter.Sub(time.Now()) < 11*365*24*time.Hour},
		{"serial positive, <= 128 bits", c.SerialNumber.Sign() > 0 && c.SerialNumber.BitLen() <= 128},
		{"PEM matches", bytes.Equal(mustParse(t, ca.CertPEM()).Raw, c.Raw)},
	}
	for _, ch := range checks {
		if !ch.ok {
			t.Errorf("%s: failed", ch.name)
		}
	}
	for _, bad := range []string{"", " ", " Org", "Org "} {
		if _, err := NewCA(bad); err == nil {
			t.Errorf("NewCA(%q) succeeded", bad)
		}
	}
}

func TestIssue(t *testing.T) {
	ca := mustCA(t, "Org1")
	tests := []struct {
		name    string
		req     IssueRequest
		wantErr string
		algo    x509.PublicKeyAlgorithm
		scheme  types.SignatureScheme
		maxLife time.Duration
	}{
		{name: "ecdsa node", req: IssueRequest{CommonName: "node1", Role: RoleNode, DNSNames: []string{"node1.example"}, IPAddresses: []net.IP{net.ParseIP("10.0.0.1")}},
			algo: x509.ECDSA, scheme: types.SignatureScheme_ECDSA_P256, maxLife: 5*365*24*time.Hour + time.Hour},
		{name: "explicit ecdsa client", req: IssueRequest{CommonName: "app", Role: RoleClient, KeyType: KeyECDSA, ValidFor: time.Hour},
			algo: x509.ECDSA, scheme: types.SignatureScheme_ECDSA_P256, maxLife: 2 * time.Hour},
		{name: "ed25519 consensus", req: IssueRequest{CommonName: "node1-consensus", Role: RoleNode, KeyType: KeyEd25519},
			algo: x509.Ed25519, scheme: types.SignatureScheme_ED25519, maxLife: 5*365*24*time.Hour + time.Hour},
		{name: "capped at CA expiry", req: IssueRequest{CommonName: "admin", Role: RoleAdmin, ValidFor: 50 * 365 * 24 * time.Hour},
			algo: x509.ECDSA, scheme: types.SignatureScheme_ECDSA_P256, maxLife: 10*365*24*time.Hour + time.Hour},
		{name: "auditor", req: IssueRequest{CommonName: "audit", Role: RoleAuditor}, algo: x509.ECDSA, scheme: types.SignatureScheme_ECDSA_P256, maxLife: 6 * 365 * 24 * time.Hour},
		{name: "empty common name", req: IssueRequest{Role: RoleNode}, wantErr: "common name"},
		{name: "blank common name", req: IssueRequest{CommonName: "  ", Role: RoleNode}, wantErr: "common name"},
		{name: "no role", req: IssueRequest{CommonName: "x"}, wantErr: "unknown role"},
		{name: "unknown role", req: IssueRequest{CommonName: "x", Role: "root"}, wantErr: "unknown role"},
		{name: "unknown key type", req: IssueRequest{CommonName: "x", Role: RoleNode, KeyType: "rsa"}, wantErr: "unknown key type"},
		{name: "negative validity", req: IssueRequest{CommonName: "x", Role: RoleNode, ValidFor: -time.Second}, wantErr: "negative validity"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			certPEM, keyPEM, err := ca.Issue(tc.req)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			c := mustParse(t, certPEM)
			if c.PublicKeyAlgorithm != tc.algo {
				t.Fatalf("algorithm %v, want %v", c.PublicKeyAlgorithm, tc.algo)
			}
			if err := c.CheckSignatureFrom(ca.Cert()); err != nil {
				t.Fatalf("not signed by the CA: %v", err)
			}
			id := IdentityOf(c)
			if id.Org != "Org1" || id.Role != tc.req.Role || id.CommonName != tc.req.CommonName || id.Serial != c.SerialNumber.Text(16) {
				t.Fatalf("identity %+v", id)
			}
			if c.IsCA || c.KeyUsage != x509.KeyUsageDigitalSignature {
				t.Fatalf("IsCA %v, key usage %v", c.IsCA, c.KeyUsage)
			}
			if len(c.ExtKeyUsage) != 2 || c.ExtKeyUsage[0] != x509.ExtKeyUsageServerAuth || c.ExtKeyUsage[1] != x509.ExtKeyUsageClientAuth {
				t.Fatalf("ext key usage %v", c.ExtKeyUsage)
			}
			if c.SerialNumber.BitLen() > 128 || c.SerialNumber.Sign() <= 0 {
				t.Fatalf("serial %v", c.SerialNumber)
			}
			if life := c.NotAfter.Sub(time.Now()); life > tc.maxLife || c.NotAfter.After(ca.Cert().NotAfter) {
				t.Fatalf("lifetime %v, at most %v", life, tc.maxLife)
			}
			if len(tc.req.DNSNames) > 0 && (len(c.DNSNames) != 1 || c.DNSNames[0] != tc.req.DNSNames[0]) {
				t.Fatalf("DNS names %v", c.DNSNames)
			}
			if len(tc.req.IPAddresses) > 0 && (len(c.IPAddresses) != 1 || !c.IPAddresses[0].Equal(tc.req.IPAddresses[0])) {
				t.Fatalf("IP addresses %v", c.IPAddresses)
			}
			// The key is the certificate's key, usable for chain signatures.
			k, err := ccrypto.ParsePrivateKeyPEM(keyPEM)
			if err != nil {
				t.Fatal(err)
			}
			scheme, pub, err := ccrypto.PublicKeyOf(c.PublicKey)
			if err != nil || scheme != tc.scheme || k.Scheme() != tc.scheme || !bytes.Equal(pub, k.PublicKey()) {
				t.Fatalf("key mismatch: %v %v %v", scheme, k.Scheme(), err)
			}
			d := types.Intl.Sum([]byte("block"))
			sig, err := k.Sign(d[:])
			if err != nil {
				t.Fatal(err)
			}
			if err := ccrypto.Verify(scheme, pub, d[:], sig); err != nil {
				t.Fatalf("signature by the issued key: %v", err)
			}
			if tc.scheme == types.SignatureScheme_ED25519 {
				if _, ok := c.PublicKey.(ed25519.PublicKey); !ok {
					t.Fatalf("public key type %T", c.PublicKey)
				}
			}
		})
	}
}

func TestSerialsAreUnique(t *testing.T) {
	ca := mustCA(t, "Org1")
	seen := map[string]bool{}
	for range 20 {
		c, _ := mustIssue(t, ca, IssueRequest{CommonName: "n", Role: RoleNode})
		s := IdentityOf(mustParse(t, c)).Serial
		if seen[s] {
			t.Fatalf("serial %s issued twice", s)
		}
		seen[s] = true
	}
}

func TestSaveLoadCA(t *testing.T) {
	ca := mustCA(t, "Org1")
	dir := filepath.Join(t.TempDir(), "ca")
	if err := ca.Save(dir); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(dir, CAKeyFile))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("ca.key mode %v, %v", st.Mode().Perm(), err)
	}
	loaded, err := LoadCA(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(loaded.CertPEM(), ca.CertPEM()) || loaded.Org() != "Org1" {
		t.Fatal("loaded CA differs")
	}
	// The loaded CA issues certificates the original CA's trust accepts.
	certPEM, _ := mustIssue(t, loaded, IssueRequest{CommonName: "n", Role: RoleNode})
	tr, _ := NewTrust(ca.CertPEM())
	if _, err := tr.Verify([]*x509.Certificate{mustParse(t, certPEM)}); err != nil {
		t.Fatal(err)
	}

	other := mustCA(t, "Org2")
	leafPEM, leafKey := mustIssue(t, ca, IssueRequest{CommonName: "n", Role: RoleNode})
	tests := []struct {
		name  string
		setup func(dir string)
	}{
		{"missing dir", func(dir string) { os.RemoveAll(dir) }},
		{"missing key", func(dir string) { os.Remove(filepath.Join(dir, CAKeyFile)) }},
		{"missing cert", func(dir string) { os.Remove(filepath.Join(dir, CACertFile)) }},
		{"other CA's key", func(dir string) {
			other.Save(filepath.Join(dir, "o"))
			copyFile(t, filepath.Join(dir, "o", CAKeyFile), filepath.Join(dir, CAKeyFile))
		}},
		{"leaf instead of CA", func(dir string) {
			os.WriteFile(filepath.Join(dir, CACertFile), leafPEM, 0o644)
			os.WriteFile(filepath.Join(dir, CAKeyFile), leafKey, 0o600)
		}},
		{"garbage cert", func(dir string) { os.WriteFile(filepath.Join(dir, CACertFile), []byte("junk"), 0o644) }},
		{"garbage key", func(dir string) { os.WriteFile(filepath.Join(dir, CAKeyFile), []byte("junk"), 0o600) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := t.TempDir()
			if err := ca.Save(d); err != nil {
				t.Fatal(err)
			}
			tc.setup(d)
			if _, err := LoadCA(d); err == nil {
				t.Fatal("LoadCA succeeded")
			}
		})
	}
}

func copyFile(t *testing.T, from, to string) {
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestParseCertPEM(t *testing.T) {
	ca := mustCA(t, "Org1")
	keyBlock := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte{1}})
	tests := []struct {
		name string
		in   []byte
		ok   bool
	}{
		{"ca", ca.CertPEM(), true},
		{"key block first", append(keyBlock, ca.CertPEM()...), true},
		{"empty", nil, false},
		{"garbage", []byte("-----BEGIN NOTHING"), false},
		{"only a key", keyBlock, false},
		{"corrupt der", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte{0x30, 1, 2}}), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := ParseCertPEM(tc.in)
			if tc.ok != (err == nil) {
				t.Fatalf("err %v, want ok=%v", err, tc.ok)
			}
			if tc.ok && !bytes.Equal(c.Raw, ca.Cert().Raw) {
				t.Fatal("wrong certificate")
			}
		})
	}
	path := filepath.Join(t.TempDir(), "c.pem")
	os.WriteFile(path, ca.CertPEM(), 0o644)
	if c, err := LoadCertPEM(path); err != nil || !bytes.Equal(c.Raw, ca.Cert().Raw) {
		t.Fatalf("LoadCertPEM: %v", err)
	}
	if _, err := LoadCertPEM(path + ".missing"); err == nil {
		t.Fatal("LoadCertPEM of a missing file succeeded")
	}
}

func TestIdentityOf(t *testing.T) {
	c := &x509.Certificate{SerialNumber: big.NewInt(0xabc)}
	c.Subject.CommonName = "x"
	c.Subject.Organization = []string{"O1", "O2"}
	c.Subject.OrganizationalUnit = []string{"dept", "auditor", "node"}
	id := IdentityOf(c)
	if id.Org != "O1" || id.Role != RoleAuditor || id.Serial != "abc" || id.CommonName != "x" || id.Cert != c {
		t.Fatalf("%+v", id)
	}
	if s := id.String(); !strings.Contains(s, "auditor@O1") {
		t.Fatalf("String() = %q", s)
	}
	if (IdentityOf(nil) != Identity{}) {
		t.Fatal("IdentityOf(nil) not empty")
	}
	if id := IdentityOf(&x509.Certificate{}); id.Role != "" || id.Org != "" {
		t.Fatalf("%+v", id)
	}
}
