package pki

import (
	"bytes"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"net"
	"path/filepath"
	"testing"
	"time"

	"github.com/emmansun/gmsm/smx509"

	ccrypto "github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/types"
)

func mustSM2CA(t testing.TB, org string) *CA {
	t.Helper()
	ca, err := NewCA(org, WithSM2())
	if err != nil {
		t.Fatal(err)
	}
	return ca
}

// smParse parses with smx509, to look at what crypto/x509 cannot.
func smParse(t testing.TB, c *x509.Certificate) *smx509.Certificate {
	t.Helper()
	sc, err := smx509.ParseCertificate(c.Raw)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func TestNewSM2CA(t *testing.T) {
	ca := mustSM2CA(t, "Court Hangzhou")
	c := ca.Cert()
	sc := smParse(t, c)
	scheme, _, err := ccrypto.PublicKeyOf(c.PublicKey)
	checks := []struct {
		name string
		ok   bool
	}{
		{"key type", ca.KeyType() == KeySM2 && mustCA(t, "x").KeyType() == KeyECDSA},
		{"sm2 public key", err == nil && scheme == types.SignatureScheme_SM2},
		{"sm2-with-sm3 signature", sc.SignatureAlgorithm == smx509.SM2WithSM3},
		{"self-signed", sc.CheckSignatureFrom(sc) == nil},
		{"view: unknown signature algorithm", c.SignatureAlgorithm == x509.UnknownSignatureAlgorithm},
		{"common name", c.Subject.CommonName == "Court Hangzhou CA"},
		{"org", ca.Org() == "Court Hangzhou"},
		{"is CA", c.IsCA && c.BasicConstraintsValid && c.MaxPathLenZero},
		{"key usage", c.KeyUsage == x509.KeyUsageCertSign|x509.KeyUsageCRLSign},
		{"validity", c.NotAfter.Sub(c.NotBefore) > 9*365*24*time.Hour},
		{"subject key id", len(c.SubjectKeyId) > 0},
		{"PEM round trip", bytes.Equal(mustParse(t, ca.CertPEM()).Raw, c.Raw)},
	}
	for _, ch := range checks {
		if !ch.ok {
			t.Errorf("%s: failed", ch.name)
		}
	}
	// crypto/x509 alone cannot parse it: that is why ParseCertPEM falls
	// back to smx509.
	if _, err := x509.ParseCertificate(c.Raw); err == nil {
		t.Fatal("crypto/x509 parsed an SM2 certificate; the smx509 view may be unnecessary")
	}
}

// TestSM2Issue issues every leaf key type from an ECDSA and an SM2 CA and
// checks the certificate, the key, and verification in a mixed trust.
func TestSM2Issue(t *testing.T) {
	cas := map[string]*CA{"ecdsa": mustCA(t, "Bank"), "sm2": mustSM2CA(t, "Notary")}
	trust, err := NewTrust(cas["ecdsa"].CertPEM(), cas["sm2"].CertPEM())
	if err != nil {
		t.Fatal(err)
	}
	for caName, ca := range cas {
		for _, kt := range []struct {
			kt     KeyType
			scheme types.SignatureScheme
		}{{KeyECDSA, types.SignatureScheme_ECDSA_P256}, {KeyEd25519, types.SignatureScheme_ED25519}, {KeySM2, types.SignatureScheme_SM2}} {
			t.Run(caName+" CA/"+string(kt.kt)+" leaf", func(t *testing.T) {
				certPEM, keyPEM := mustIssue(t, ca, IssueRequest{CommonName: "signer", Role: RoleNode, KeyType: kt.kt,
					DNSNames: []string{"node1.example"}, IPAddresses: []net.IP{net.ParseIP("10.0.0.1")}})
				c := mustParse(t, certPEM)
				k, err := ccrypto.ParsePrivateKeyPEM(keyPEM)
				if err != nil {
					t.Fatal(err)
				}
				scheme, pub, err := ccrypto.PublicKeyOf(c.PublicKey)
				if err != nil || scheme != kt.scheme || k.Scheme() != kt.scheme || !bytes.Equal(pub, k.PublicKey()) {
					t.Fatalf("certificate key %v %x %v, key file %v", scheme, pub, err, k.Scheme())
				}
				sc := smParse(t, c)
				wantAlg := smx509.ECDSAWithSHA256
				if caName == "sm2" {
					wantAlg = smx509.SM2WithSM3
				}
				if sc.SignatureAlgorithm != wantAlg {
					t.Fatalf("signature algorithm %v, want %v", sc.SignatureAlgorithm, wantAlg)
				}
				if c.Subject.CommonName != "signer" || c.Subject.Organization[0] != ca.Org() || len(c.DNSNames) != 1 || len(c.IPAddresses) != 1 ||
					c.KeyUsage != x509.KeyUsageDigitalSignature || len(c.ExtKeyUsage) != 2 || c.ExtKeyUsage[0] != x509.ExtKeyUsageServerAuth {
					t.Fatalf("certificate fields: %+v", c)
				}
				id, err := trust.Verify([]*x509.Certificate{c})
				if err != nil {
					t.Fatal(err)
				}
				if id.Org != ca.Org() || id.Role != RoleNode || id.CommonName != "signer" || id.Serial != c.SerialNumber.Text(16) {
					t.Fatalf("identity %+v", id)
				}
				// The key signs what the certificate's key verifies.
				d := types.GM.Sum([]byte("block"))
				sig, err := k.Sign(d[:])
				if err != nil {
					t.Fatal(err)
				}
				if err := ccrypto.Verify(scheme, pub, d[:], sig); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
	if _, _, err := cas["sm2"].Issue(IssueRequest{CommonName: "x", Role: RoleNode, KeyType: "rsa"}); err == nil {
		t.Fatal("unknown key type accepted")
	}
}

// craftSM signs a leaf made by mutating an Issue-like template with ca's
// key through smx509, with an SM2 key unless ecdsaKey.
func craftSM(t *testing.T, ca *CA, ecdsaKey bool, mutate func(*smx509.Certificate)) *x509.Certificate {
	t.Helper()
	var k ccrypto.Key
	var err error
	if ecdsaKey {
		k, err = ccrypto.GenerateECDSA()
	} else {
		k, err = ccrypto.GenerateSM2()
	}
	if err != nil {
		t.Fatal(err)
	}
	serial, _ := randomSerial()
	tmpl := &smx509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "crafted", Organization: []string{ca.Org()}, OrganizationalUnit: []string{"node"}},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              smx509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
	}
	mutate(tmpl)
	parent := smParse(t, ca.cert)
	der, err := smx509.CreateCertificate(rand.Reader, tmpl, parent, k.Std().Public(), ca.key.Std())
	if err != nil {
		t.Fatal(err)
	}
	c, err := parseCert(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSM2TrustVerify(t *testing.T) {
	org1, org2, org3 := mustCA(t, "Org1"), mustSM2CA(t, "Org2"), mustSM2CA(t, "Org3")
	imposter := mustSM2CA(t, "Org2") // same name as Org2's CA, another key
	tr, err := NewTrust(org1.CertPEM(), org2.CertPEM())
	if err != nil {
		t.Fatal(err)
	}
	leaf := func(ca *CA, kt KeyType) *x509.Certificate {
		c, _ := mustIssue(t, ca, IssueRequest{CommonName: "n", Role: RoleClient, KeyType: kt})
		return mustParse(t, c)
	}
	revoked := leaf(org2, KeySM2)
	if err := tr.Revoke(revoked.SerialNumber.Text(16)); err != nil {
		t.Fatal(err)
	}
	badSig := leaf(org2, KeySM2)
	raw := append([]byte(nil), badSig.Raw...)
	raw[len(raw)-3] ^= 1 // inside the signature's s
	badSig, err = parseCert(raw)
	if err != nil {
		t.Fatal(err)
	}
	sm2Leaf := leaf(org2, KeySM2)
	tests := []struct {
		name  string
		chain []*x509.Certificate
		want  error
	}{
		{"ecdsa org, ecdsa leaf", []*x509.Certificate{leaf(org1, KeyECDSA)}, nil},
		{"ecdsa org, sm2 leaf", []*x509.Certificate{leaf(org1, KeySM2)}, nil},
		{"sm2 org, sm2 leaf", []*x509.Certificate{sm2Leaf}, nil},
		{"sm2 org, ecdsa leaf", []*x509.Certificate{leaf(org2, KeyECDSA)}, nil},
		{"sm2 org, ed25519 leaf", []*x509.Certificate{leaf(org2, KeyEd25519)}, nil},
		{"sm2 leaf with its CA appended", []*x509.Certificate{sm2Leaf, org2.Cert()}, nil},
		{"outsider sm2 CA", []*x509.Certificate{leaf(org3, KeySM2)}, ErrUnknownCA},
		{"imposter CA with a member's name", []*x509.Certificate{leaf(imposter, KeySM2)}, ErrUnknownCA},
		{"imposter CA in the chain", []*x509.Certificate{leaf(imposter, KeySM2), imposter.Cert()}, ErrUnknownCA},
		{"altered signature", []*x509.Certificate{badSig}, ErrUnknownCA},
		{"revoked sm2 leaf", []*x509.Certificate{revoked}, ErrRevoked},
		{"sm2 CA as leaf", []*x509.Certificate{org2.Cert()}, ErrInvalidCertificate},
		{"expired", []*x509.Certificate{craftSM(t, org2, false, func(c *smx509.Certificate) {
			c.NotBefore, c.NotAfter = time.Now().Add(-2*time.Hour), time.Now().Add(-time.Hour)
		})}, ErrInvalidCertificate},
		{"not yet valid", []*x509.Certificate{craftSM(t, org2, true, func(c *smx509.Certificate) {
			c.NotBefore = time.Now().Add(time.Hour)
		})}, ErrInvalidCertificate},
		{"no role", []*x509.Certificate{craftSM(t, org2, false, func(c *smx509.Certificate) {
			c.Subject.OrganizationalUnit = []string{"janitor"}
		})}, ErrInvalidCertificate},
		{"other org's name", []*x509.Certificate{craftSM(t, org2, false, func(c *smx509.Certificate) {
			c.Subject.Organization = []string{"Org1"}
		})}, ErrInvalidCertificate},
		{"crafted ok", []*x509.Certificate{craftSM(t, org2, false, func(*smx509.Certificate) {})}, nil},
		{"empty", nil, ErrNoCertificate},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			id, err := tr.Verify(tc.chain)
			if tc.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				if id.Org != tc.chain[0].Subject.Organization[0] {
					t.Fatalf("identity %+v", id)
				}
				return
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("error %v, want %v", err, tc.want)
			}
		})
	}
	// Governance removes Org2's SM2 CA, then revokes it after putting it back.
	if err := tr.SetCAs([][]byte{org1.CertPEM()}); err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Verify([]*x509.Certificate{sm2Leaf}); !errors.Is(err, ErrUnknownCA) {
		t.Fatalf("after removing the CA: %v", err)
	}
	if err := tr.SetCAs([][]byte{org1.CertPEM(), org2.CertPEM(), org3.CertPEM()}); err != nil {
		t.Fatal(err)
	}
	if len(tr.CAs()) != 3 || !isSM2Key(tr.CAs()[1].PublicKey) {
		t.Fatal("CAs() lost the SM2 CAs")
	}
	if _, err := tr.Verify([]*x509.Certificate{sm2Leaf}); err != nil {
		t.Fatal(err)
	}
	if err := tr.Revoke(org2.Cert().SerialNumber.Text(16)); err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Verify([]*x509.Certificate{sm2Leaf}); !errors.Is(err, ErrRevoked) {
		t.Fatalf("after revoking the CA: %v", err)
	}
}

func TestSM2SaveLoadCA(t *testing.T) {
	ca := mustSM2CA(t, "Tax Bureau")
	dir := filepath.Join(t.TempDir(), "ca")
	if err := ca.Save(dir); err != nil {
		t.Fatal(err)
	}
	loaded, err := LoadCA(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(loaded.Cert().Raw, ca.Cert().Raw) || loaded.KeyType() != KeySM2 || loaded.Org() != "Tax Bureau" {
		t.Fatal("loaded CA differs")
	}
	k, err := ccrypto.LoadKey(filepath.Join(dir, CAKeyFile))
	if err != nil || k.Scheme() != types.SignatureScheme_SM2 {
		t.Fatalf("CA key file: %v", err)
	}
	tr, err := NewTrust(ca.CertPEM())
	if err != nil {
		t.Fatal(err)
	}
	c, _ := mustIssue(t, loaded, IssueRequest{CommonName: "m", Role: RoleClient, KeyType: KeySM2})
	if _, err := tr.Verify([]*x509.Certificate{mustParse(t, c)}); err != nil {
		t.Fatalf("leaf of the loaded CA: %v", err)
	}
	// A key that is not the certificate's is refused.
	other := mustSM2CA(t, "Tax Bureau")
	mixed := t.TempDir()
	copyFile(t, filepath.Join(dir, CACertFile), filepath.Join(mixed, CACertFile))
	if err := ccrypto.SaveKey(filepath.Join(mixed, CAKeyFile), other.key); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadCA(mixed); err == nil {
		t.Fatal("LoadCA accepted a key that is not the certificate's")
	}
}

// TestSM2CATLS runs mutual TLS with P-256 transport certificates issued by
// an SM2 CA, beside an ECDSA CA, and checks that SM2 certificates are
// refused for TLS with a clear error.
func TestSM2CATLS(t *testing.T) {
	e := &env{org1: mustCA(t, "Org1"), org2: mustSM2CA(t, "Org2"), org3: mustSM2CA(t, "Org3"), rejects: &rejectLog{}}
	var err error
	if e.trust, err = NewTrust(e.org1.CertPEM(), e.org2.CertPEM()); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name               string
		serverCA, clientCA *CA
		serverErr          error
		clientErr          error
	}{
		{name: "sm2-CA server, ecdsa-CA client", serverCA: e.org2, clientCA: e.org1},
		{name: "ecdsa-CA server, sm2-CA client", serverCA: e.org1, clientCA: e.org2},
		{name: "sm2-CA server and client", serverCA: e.org2, clientCA: e.org2},
		{name: "client of an outsider sm2 CA", serverCA: e.org2, clientCA: e.org3, serverErr: ErrUnknownCA},
		{name: "server of an outsider sm2 CA", serverCA: e.org3, clientCA: e.org1, clientErr: ErrUnknownCA},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cli, clientID := e.client(t, tc.clientCA, "127.0.0.1")
			srv, cliRes := handshake(t, e.server(t, tc.serverCA, RequireClientCert), cli)
			switch {
			case tc.serverErr != nil:
				if !errors.Is(srv.err, tc.serverErr) {
					t.Fatalf("server error %v, want %v", srv.err, tc.serverErr)
				}
			case tc.clientErr != nil:
				if !errors.Is(cliRes.err, tc.clientErr) {
					t.Fatalf("client error %v, want %v", cliRes.err, tc.clientErr)
				}
			default:
				if srv.err != nil || cliRes.err != nil {
					t.Fatalf("server %v, client %v", srv.err, cliRes.err)
				}
				if cliRes.state.Version != tls.VersionTLS13 {
					t.Fatalf("TLS version %x", cliRes.state.Version)
				}
				got, err := IdentityFromTLS(srv.state)
				if err != nil || got.Serial != clientID.Serial || got.Org != tc.clientCA.Org() {
					t.Fatalf("client identity %+v, %v", got, err)
				}
				if _, err := e.trust.VerifyConn(cliRes.state); err != nil {
					t.Fatalf("re-check of the server: %v", err)
				}
			}
		})
	}
	// SM2-keyed certificates cannot do TLS: refused up front, clearly.
	for _, ca := range []*CA{e.org1, e.org2} {
		certPEM, keyPEM := mustIssue(t, ca, IssueRequest{CommonName: "signer", Role: RoleNode, KeyType: KeySM2, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}})
		if _, err := e.trust.ServerTLS(certPEM, keyPEM, RequireClientCert); !errors.Is(err, ErrTLSKey) {
			t.Fatalf("ServerTLS with an SM2 certificate: %v", err)
		}
		if _, err := e.trust.ClientTLS(certPEM, keyPEM, "127.0.0.1"); !errors.Is(err, ErrTLSKey) {
			t.Fatalf("ClientTLS with an SM2 certificate: %v", err)
		}
	}
}

func TestParseCertPEMSM2(t *testing.T) {
	ca := mustSM2CA(t, "Org")
	certPEM, _ := mustIssue(t, ca, IssueRequest{CommonName: "a", Role: RoleAuditor, KeyType: KeySM2})
	// A bundle: key block, SM2 leaf, SM2 CA.
	bundle := append(append([]byte("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"), certPEM...), ca.CertPEM()...)
	c, err := ParseCertPEM(bundle)
	if err != nil || c.Subject.CommonName != "a" {
		t.Fatalf("ParseCertPEM: %v", err)
	}
	all, err := parseCertsPEM(bundle)
	if err != nil || len(all) != 2 || !all[1].IsCA {
		t.Fatalf("parseCertsPEM: %d, %v", len(all), err)
	}
	if id := IdentityOf(c); id.Role != RoleAuditor || id.Org != "Org" {
		t.Fatalf("identity %+v", id)
	}
	// Damaged SM2 DER is an error, not a panic.
	for _, cut := range []int{1, 10, len(c.Raw) / 2, len(c.Raw) - 1} {
		if _, err := parseCert(c.Raw[:cut]); err == nil {
			t.Fatalf("truncated certificate (%d bytes) parsed", cut)
		}
	}
}
