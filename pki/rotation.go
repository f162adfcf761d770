package pki

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/emmansun/gmsm/smx509"
)

// ErrNotIssuedBy is wrapped by CheckIssuedBy when a certificate's signature
// is not by the CA's key.
var ErrNotIssuedBy = errors.New("certificate not issued by the CA")

// ParseMemberCA parses a PEM document that must hold exactly one
// certificate, a CA certificate naming org as its organisation: what a
// member org's CA entry in the chain configuration may hold. It does not
// look at the clock (validity is checked at each handshake), so execution
// can use it deterministically.
func ParseMemberCA(pemBytes []byte, org string) (*x509.Certificate, error) {
	certs, err := parseCertsPEM(pemBytes)
	if err != nil {
		return nil, err
	}
	rest := pemBytes
	blocks := 0
	for {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		blocks++
	}
	if len(certs) != 1 || blocks != 1 {
		return nil, fmt.Errorf("a member CA entry must hold exactly one PEM certificate, found %d PEM blocks", blocks)
	}
	c := certs[0]
	if err := checkCACert(c); err != nil {
		return nil, err
	}
	if len(c.Subject.Organization) != 1 || c.Subject.Organization[0] != org {
		return nil, fmt.Errorf("CA certificate %q names organisation %q, not %q", c.Subject.String(), c.Subject.Organization, org)
	}
	return c, nil
}

// CheckIssuedBy checks that cert is signed by ca's key, with crypto/x509 or,
// for SM2 keys and signatures, gmsm's smx509. It checks the signature only:
// not validity periods, roles or revocation (Trust.Verify does, at each
// handshake). Errors wrap ErrNotIssuedBy.
func CheckIssuedBy(cert, ca *x509.Certificate) error {
	var err error
	if usesSMX509(cert) || usesSMX509(ca) {
		var sc, sca *smx509.Certificate
		if sc, err = smx509.ParseCertificate(cert.Raw); err == nil {
			if sca, err = smx509.ParseCertificate(ca.Raw); err == nil {
				err = sc.CheckSignatureFrom(sca)
			}
		}
	} else {
		err = cert.CheckSignatureFrom(ca)
	}
	if err != nil {
		return fmt.Errorf("%w: %q is not signed by %q: %v", ErrNotIssuedBy, cert.Subject.String(), ca.Subject.String(), err)
	}
	return nil
}

// KeyPair is a TLS certificate and key that can be replaced while servers
// and clients use it: configurations built with WithKeyPair present the
// pair current at each handshake. Connections already established keep the
// certificate they were made with. It is safe for concurrent use.
type KeyPair struct {
	cur atomic.Pointer[keyPairState]
}

type keyPairState struct {
	cert *tls.Certificate
	leaf *x509.Certificate
}

// NewKeyPair returns a KeyPair holding certPEM/keyPEM.
func NewKeyPair(certPEM, keyPEM []byte) (*KeyPair, error) {
	kp := &KeyPair{}
	if err := kp.Set(certPEM, keyPEM); err != nil {
		return nil, err
	}
	return kp, nil
}

// Set replaces the pair from the next handshake on. The key must match the
// certificate and be usable for TLS; on error the pair is unchanged.
func (kp *KeyPair) Set(certPEM, keyPEM []byte) error {
	if err := checkTLSKey(certPEM); err != nil {
		return fmt.Errorf("TLS key pair: %w", err)
	}
	c, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return fmt.Errorf("TLS key pair: %w", err)
	}
	leaf, err := x509.ParseCertificate(c.Certificate[0])
	if err != nil {
		return fmt.Errorf("TLS key pair: %w", err)
	}
	c.Leaf = leaf
	kp.cur.Store(&keyPairState{cert: &c, leaf: leaf})
	return nil
}

// Certificate returns the current certificate (parsed).
func (kp *KeyPair) Certificate() *x509.Certificate { return kp.cur.Load().leaf }

func (kp *KeyPair) tlsCert() *tls.Certificate { return kp.cur.Load().cert }

// WithKeyPair makes ServerTLS and ClientTLS present kp's pair current at
// each handshake instead of a fixed one; their certPEM and keyPEM arguments
// must then be nil.
func WithKeyPair(kp *KeyPair) TLSOption { return func(o *tlsOptions) { o.keyPair = kp } }

// URI schemes with which a node's TLS certificate advertises its client
// endpoints (URI subject alternative names, e.g.
// causeway-grpc://10.0.0.1:7051): network export reads a node's gRPC and
// REST addresses from them, and clients dial those hosts and check the
// certificate's names against them.
const (
	EndpointSchemeGRPC = "causeway-grpc"
	EndpointSchemeREST = "causeway-rest"
)

// Endpoints returns the client endpoints c advertises: every URI of scheme
// EndpointSchemeGRPC or EndpointSchemeREST, as scheme://host:port, in the
// certificate's order. Other URIs are ignored.
func Endpoints(c *x509.Certificate) []string {
	var out []string
	for _, u := range c.URIs {
		if u.Scheme == EndpointSchemeGRPC || u.Scheme == EndpointSchemeREST {
			out = append(out, u.Scheme+"://"+u.Host)
		}
	}
	return out
}
