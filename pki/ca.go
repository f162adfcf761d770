package pki

import (
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	ccrypto "github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/types"
)

// Role is what a certificate's holder may do; it is carried in the
// certificate's Subject OrganizationalUnit.
type Role string

// The roles a member CA can issue.
const (
	// RoleAdmin administers its organisation: votes, configuration.
	RoleAdmin Role = "admin"
	// RoleClient is an application that submits transactions and queries.
	RoleClient Role = "client"
	// RoleNode is a consortium node (consensus, p2p, API server).
	RoleNode Role = "node"
	// RoleAuditor may read (and decrypt where granted) but not write.
	RoleAuditor Role = "auditor"
)

// Valid reports whether r is one of the known roles.
func (r Role) Valid() bool {
	switch r {
	case RoleAdmin, RoleClient, RoleNode, RoleAuditor:
		return true
	}
	return false
}

// KeyType is the algorithm of an issued certificate's key.
type KeyType string

// Key types for IssueRequest.KeyType.
const (
	// KeyECDSA is ECDSA P-256, the default: use it for TLS certificates.
	KeyECDSA KeyType = "ecdsa"
	// KeyEd25519 is Ed25519: consensus signing certificates.
	KeyEd25519 KeyType = "ed25519"
	// KeySM2 is SM2 (GM suite): signing identities on a GM chain
	// (consensus signing certificates, account keys). It cannot be used
	// for TLS; see the package documentation.
	KeySM2 KeyType = "sm2"
)

// File names used by (*CA).Save and LoadCA.
const (
	CACertFile = "ca.crt"
	CAKeyFile  = "ca.key"
)

const (
	caValidity      = 10 * 365 * 24 * time.Hour
	defaultValidity = 5 * 365 * 24 * time.Hour
	// backdate tolerates clocks that lag the issuer's.
	backdate = 5 * time.Minute
)

// CA is an organisation's certificate authority: a self-signed ECDSA P-256
// or (WithSM2) SM2 certificate and its key.
type CA struct {
	cert    *x509.Certificate
	certPEM []byte
	key     ccrypto.Key
}

// IssueRequest describes a certificate for (*CA).Issue.
type IssueRequest struct {
	// CommonName names the holder (node name, user name); required.
	CommonName string
	// Role is the holder's role; required.
	Role Role
	// DNSNames and IPAddresses are the names a server certificate is valid
	// for (subject alternative names).
	DNSNames    []string
	IPAddresses []net.IP
	// URIs are URI subject alternative names; a node's TLS certificate
	// carries its advertised client endpoints this way (see package
	// consortium), so that the chain configuration, which holds the
	// certificate, also says where its clients connect.
	URIs []*url.URL
	// KeyType is the key algorithm; "" means KeyECDSA.
	KeyType KeyType
	// ValidFor is how long the certificate is valid; 0 means 5 years. It
	// is cut short at the CA's own expiry.
	ValidFor time.Duration
}

// NewCA creates a self-signed CA for org, valid for 10 years: ECDSA P-256
// by default, SM2 (signing with SM2-with-SM3) with WithSM2.
func NewCA(org string, opts ...CAOption) (*CA, error) {
	if org == "" || strings.TrimSpace(org) != org {
		return nil, fmt.Errorf("new CA: organisation name %q is empty or has surrounding spaces", org)
	}
	var o caOptions
	for _, f := range opts {
		f(&o)
	}
	var (
		key ccrypto.Key
		err error
	)
	if o.sm2 {
		key, err = ccrypto.GenerateSM2()
	} else {
		key, err = ccrypto.GenerateECDSA()
	}
	if err != nil {
		return nil, err
	}
	serial, err := randomSerial()
	if err != nil {
		return nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: org + " CA", Organization: []string{org}},
		NotBefore:             now.Add(-backdate),
		NotAfter:              now.Add(caValidity),
		IsCA:                  true,
		BasicConstraintsValid: true,
		MaxPathLenZero:        true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	var der []byte
	if o.sm2 {
		der, err = newSMCA(tmpl, key)
	} else {
		der, err = x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Std().Public(), key.Std())
	}
	if err != nil {
		return nil, fmt.Errorf("new CA %q: %w", org, err)
	}
	return newCA(der, key)
}

func newCA(der []byte, key ccrypto.Key) (*CA, error) {
	cert, err := parseCert(der)
	if err != nil {
		return nil, err
	}
	return &CA{cert: cert, certPEM: encodeCert(der), key: key}, nil
}

// LoadCA reads a CA saved by Save from dir and checks that the key matches
// the certificate.
func LoadCA(dir string) (*CA, error) {
	certPath := filepath.Join(dir, CACertFile)
	cert, err := LoadCertPEM(certPath)
	if err != nil {
		return nil, fmt.Errorf("load CA: %w", err)
	}
	if err := checkCACert(cert); err != nil {
		return nil, fmt.Errorf("load CA %s: %w", certPath, err)
	}
	key, err := ccrypto.LoadKey(filepath.Join(dir, CAKeyFile))
	if err != nil {
		return nil, fmt.Errorf("load CA: %w", err)
	}
	_, certPub, err := ccrypto.PublicKeyOf(cert.PublicKey)
	if err != nil || string(certPub) != string(key.PublicKey()) {
		return nil, fmt.Errorf("load CA %s: %s does not hold the certificate's key", dir, CAKeyFile)
	}
	return newCA(cert.Raw, key)
}

// Save writes the CA to dir (created if missing) as ca.crt and ca.key, the
// key with mode 0600.
func (ca *CA) Save(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("save CA: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, CACertFile), ca.certPEM, 0o644); err != nil {
		return fmt.Errorf("save CA: %w", err)
	}
	return ccrypto.SaveKey(filepath.Join(dir, CAKeyFile), ca.key)
}

// Cert returns the CA certificate. For an SM2 CA it is a view parsed by
// smx509 (see ParseCertPEM).
func (ca *CA) Cert() *x509.Certificate { return ca.cert }

// KeyType returns the algorithm of the CA's own key: KeyECDSA or KeySM2.
func (ca *CA) KeyType() KeyType {
	if ca.key.Scheme() == types.SignatureScheme_SM2 {
		return KeySM2
	}
	return KeyECDSA
}

// CertPEM returns the CA certificate in PEM form.
func (ca *CA) CertPEM() []byte { return append([]byte(nil), ca.certPEM...) }

// Org returns the organisation the CA belongs to.
func (ca *CA) Org() string { return ca.cert.Subject.Organization[0] }

// Issue creates a leaf certificate for req, signed by the CA, and a new key;
// it returns both in PEM form (the key as PKCS#8). The certificate's Subject
// is {CN: req.CommonName, O: the CA's org, OU: req.Role}; it is valid for
// server and client authentication and has a random 128-bit serial. An SM2
// CA signs with SM2-with-SM3 whatever the leaf's key type; an SM2 leaf
// (KeySM2) is for signing, not TLS.
func (ca *CA) Issue(req IssueRequest) (certPEM, keyPEM []byte, err error) {
	if strings.TrimSpace(req.CommonName) == "" {
		return nil, nil, errors.New("issue: common name is empty")
	}
	if !req.Role.Valid() {
		return nil, nil, fmt.Errorf("issue %q: unknown role %q", req.CommonName, req.Role)
	}
	if req.ValidFor < 0 {
		return nil, nil, fmt.Errorf("issue %q: negative validity %v", req.CommonName, req.ValidFor)
	}
	var key ccrypto.Key
	switch req.KeyType {
	case KeyECDSA, "":
		key, err = ccrypto.GenerateECDSA()
	case KeyEd25519:
		key, err = ccrypto.GenerateEd25519()
	case KeySM2:
		key, err = ccrypto.GenerateSM2()
	default:
		return nil, nil, fmt.Errorf("issue %q: unknown key type %q", req.CommonName, req.KeyType)
	}
	if err != nil {
		return nil, nil, err
	}
	certPEM, err = ca.IssueForKey(req, key)
	if err != nil {
		return nil, nil, err
	}
	keyPEM, err = ccrypto.MarshalPrivateKeyPEM(key)
	if err != nil {
		return nil, nil, err
	}
	return certPEM, keyPEM, nil
}

// IssueForKey is Issue for a key the holder already has (req.KeyType is
// ignored): for example to re-issue an admin's certificate under a new CA
// while the admin keeps the key its governance account knows.
func (ca *CA) IssueForKey(req IssueRequest, key ccrypto.Key) ([]byte, error) {
	if strings.TrimSpace(req.CommonName) == "" {
		return nil, errors.New("issue: common name is empty")
	}
	if !req.Role.Valid() {
		return nil, fmt.Errorf("issue %q: unknown role %q", req.CommonName, req.Role)
	}
	if req.ValidFor < 0 {
		return nil, fmt.Errorf("issue %q: negative validity %v", req.CommonName, req.ValidFor)
	}
	serial, err := randomSerial()
	if err != nil {
		return nil, err
	}
	validFor := req.ValidFor
	if validFor == 0 {
		validFor = defaultValidity
	}
	now := time.Now()
	notAfter := now.Add(validFor)
	if notAfter.After(ca.cert.NotAfter) {
		notAfter = ca.cert.NotAfter
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject: pkix.Name{
			CommonName:         req.CommonName,
			Organization:       []string{ca.Org()},
			OrganizationalUnit: []string{string(req.Role)},
		},
		NotBefore:             now.Add(-backdate),
		NotAfter:              notAfter,
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		BasicConstraintsValid: true,
		DNSNames:              req.DNSNames,
		IPAddresses:           req.IPAddresses,
		URIs:                  req.URIs,
	}
	var der []byte
	if ca.key.Scheme() == types.SignatureScheme_SM2 || key.Scheme() == types.SignatureScheme_SM2 {
		der, err = issueSM(ca, tmpl, key.Std().Public())
	} else {
		der, err = x509.CreateCertificate(rand.Reader, tmpl, ca.cert, key.Std().Public(), ca.key.Std())
	}
	if err != nil {
		return nil, fmt.Errorf("issue %q: %w", req.CommonName, err)
	}
	return encodeCert(der), nil
}

// ParseCertPEM parses the first CERTIFICATE block of b. Certificates with
// SM2 keys, which crypto/x509 cannot parse, are parsed with gmsm's smx509
// and returned as an *x509.Certificate view of the same bytes: its
// PublicKey is an *ecdsa.PublicKey on the SM2 curve and its
// SignatureAlgorithm x509.UnknownSignatureAlgorithm. Check such
// certificates with Trust.Verify, not with x509's own Verify.
func ParseCertPEM(b []byte) (*x509.Certificate, error) {
	for {
		var block *pem.Block
		block, b = pem.Decode(b)
		if block == nil {
			return nil, errors.New("no CERTIFICATE PEM block found")
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		cert, err := parseCert(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("parse certificate: %w", err)
		}
		return cert, nil
	}
}

// parseCertsPEM parses every CERTIFICATE block of b; there must be one.
func parseCertsPEM(b []byte) ([]*x509.Certificate, error) {
	var certs []*x509.Certificate
	for {
		var block *pem.Block
		block, b = pem.Decode(b)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		cert, err := parseCert(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("parse certificate: %w", err)
		}
		certs = append(certs, cert)
	}
	if len(certs) == 0 {
		return nil, errors.New("no CERTIFICATE PEM block found")
	}
	return certs, nil
}

// LoadCertPEM reads the first certificate of a PEM file.
func LoadCertPEM(path string) (*x509.Certificate, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	cert, err := ParseCertPEM(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return cert, nil
}

// Identity is who a certificate says its holder is.
type Identity struct {
	// Org is the holder's organisation (Subject Organization).
	Org string
	// Role is the holder's role (the first Subject OrganizationalUnit that
	// is a known role), or "" if it has none.
	Role Role
	// CommonName is the holder's name (Subject CommonName).
	CommonName string
	// Serial is the certificate serial number in lower-case hex.
	Serial string
	// Cert is the certificate itself.
	Cert *x509.Certificate
}

// IdentityOf reads the identity out of cert without verifying it.
func IdentityOf(cert *x509.Certificate) Identity {
	if cert == nil {
		return Identity{}
	}
	id := Identity{CommonName: cert.Subject.CommonName, Cert: cert}
	if len(cert.Subject.Organization) > 0 {
		id.Org = cert.Subject.Organization[0]
	}
	for _, ou := range cert.Subject.OrganizationalUnit {
		if Role(ou).Valid() {
			id.Role = Role(ou)
			break
		}
	}
	if cert.SerialNumber != nil {
		id.Serial = cert.SerialNumber.Text(16)
	}
	return id
}

// String formats the identity for logs: "name (role@org, serial s)".
func (id Identity) String() string {
	return fmt.Sprintf("%s (%s@%s, serial %s)", id.CommonName, id.Role, id.Org, id.Serial)
}

func encodeCert(der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

func randomSerial() (*big.Int, error) {
	for {
		n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
		if err != nil {
			return nil, fmt.Errorf("serial number: %w", err)
		}
		if n.Sign() > 0 {
			return n, nil
		}
	}
}

// checkCACert refuses certificates that cannot act as a member CA.
func checkCACert(c *x509.Certificate) error {
	if !c.BasicConstraintsValid || !c.IsCA {
		return fmt.Errorf("certificate %q is not a CA certificate", c.Subject.String())
	}
	if len(c.Subject.Organization) == 0 || c.Subject.Organization[0] == "" {
		return fmt.Errorf("CA certificate %q names no organisation", c.Subject.String())
	}
	return nil
}
