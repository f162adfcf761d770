package pki

import (
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/x509"
	"errors"
	"fmt"
	"time"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"

	ccrypto "github.com/causeway/causeway/crypto"
)

// GM (SM2) certificates.
//
// crypto/x509 cannot parse a certificate whose key is on the SM2 curve, nor
// check an SM2-with-SM3 signature; gmsm's smx509 (a fork of crypto/x509) can.
// This package keeps *x509.Certificate in its API: an SM2-keyed certificate
// is parsed with smx509 and returned as an *x509.Certificate "view" with the
// same Raw bytes, names, validity, extensions and PublicKey (an
// *ecdsa.PublicKey on gmsm's SM2 curve, which ccrypto.PublicKeyOf reports as
// SignatureScheme_SM2), and SignatureAlgorithm x509.UnknownSignatureAlgorithm.
// A certificate signed with SM2 but holding a P-256 or Ed25519 key parses
// with crypto/x509 itself, also with x509.UnknownSignatureAlgorithm. Such
// certificates cannot be checked with (*x509.Certificate).Verify or
// CheckSignatureFrom: use Trust.Verify, which checks them with smx509.

// ErrTLSKey: the certificate's key cannot be used for TLS by crypto/tls (an
// SM2 key); issue an ECDSA P-256 certificate for TLS.
var ErrTLSKey = errors.New("key type cannot be used for TLS")

// CAOption configures NewCA.
type CAOption func(*caOptions)

type caOptions struct {
	sm2 bool
}

// WithSM2 makes an SM2 CA (the GM suite): its key is SM2 and it signs the
// certificates it issues with SM2-with-SM3. It can issue SM2 leaves (for
// signing identities) as well as ECDSA P-256 leaves (for TLS).
func WithSM2() CAOption { return func(o *caOptions) { o.sm2 = true } }

// usesSMX509 reports whether a certificate needs smx509 to be verified: its
// key is SM2 or it is signed with an algorithm crypto/x509 does not know.
func usesSMX509(c *x509.Certificate) bool {
	if c == nil {
		return false
	}
	return c.SignatureAlgorithm == x509.UnknownSignatureAlgorithm || isSM2Key(c.PublicKey)
}

func isSM2Key(pub any) bool {
	k, ok := pub.(*ecdsa.PublicKey)
	return ok && k != nil && sm2.IsSM2PublicKey(k)
}

// parseCert parses DER with crypto/x509, falling back to smx509 for
// SM2-keyed certificates (returned as a view, see above).
func parseCert(der []byte) (*x509.Certificate, error) {
	c, err := x509.ParseCertificate(der)
	if err == nil {
		return c, nil
	}
	sc, smErr := smx509.ParseCertificate(der)
	if smErr != nil || !isSM2Key(sc.PublicKey) {
		return nil, err
	}
	return stdView(sc), nil
}

// stdView copies an smx509 certificate into an *x509.Certificate. The
// enumerations copied (key usage, extended key usage, public key
// algorithm) have the same values in both packages.
func stdView(sc *smx509.Certificate) *x509.Certificate {
	c := &x509.Certificate{
		Raw:                         sc.Raw,
		RawTBSCertificate:           sc.RawTBSCertificate,
		RawSubjectPublicKeyInfo:     sc.RawSubjectPublicKeyInfo,
		RawSubject:                  sc.RawSubject,
		RawIssuer:                   sc.RawIssuer,
		Signature:                   sc.Signature,
		SignatureAlgorithm:          x509.UnknownSignatureAlgorithm,
		PublicKeyAlgorithm:          x509.UnknownPublicKeyAlgorithm,
		PublicKey:                   sc.PublicKey,
		Version:                     sc.Version,
		SerialNumber:                sc.SerialNumber,
		Issuer:                      sc.Issuer,
		Subject:                     sc.Subject,
		NotBefore:                   sc.NotBefore,
		NotAfter:                    sc.NotAfter,
		KeyUsage:                    x509.KeyUsage(sc.KeyUsage),
		Extensions:                  sc.Extensions,
		UnhandledCriticalExtensions: sc.UnhandledCriticalExtensions,
		UnknownExtKeyUsage:          sc.UnknownExtKeyUsage,
		BasicConstraintsValid:       sc.BasicConstraintsValid,
		IsCA:                        sc.IsCA,
		MaxPathLen:                  sc.MaxPathLen,
		MaxPathLenZero:              sc.MaxPathLenZero,
		SubjectKeyId:                sc.SubjectKeyId,
		AuthorityKeyId:              sc.AuthorityKeyId,
		OCSPServer:                  sc.OCSPServer,
		IssuingCertificateURL:       sc.IssuingCertificateURL,
		DNSNames:                    sc.DNSNames,
		EmailAddresses:              sc.EmailAddresses,
		IPAddresses:                 sc.IPAddresses,
		URIs:                        sc.URIs,
		PermittedDNSDomainsCritical: sc.PermittedDNSDomainsCritical,
		PermittedDNSDomains:         sc.PermittedDNSDomains,
		ExcludedDNSDomains:          sc.ExcludedDNSDomains,
		PermittedIPRanges:           sc.PermittedIPRanges,
		ExcludedIPRanges:            sc.ExcludedIPRanges,
		PermittedEmailAddresses:     sc.PermittedEmailAddresses,
		ExcludedEmailAddresses:      sc.ExcludedEmailAddresses,
		PermittedURIDomains:         sc.PermittedURIDomains,
		ExcludedURIDomains:          sc.ExcludedURIDomains,
		CRLDistributionPoints:       sc.CRLDistributionPoints,
		PolicyIdentifiers:           sc.PolicyIdentifiers,
	}
	if _, ok := sc.PublicKey.(*ecdsa.PublicKey); ok {
		c.PublicKeyAlgorithm = x509.ECDSA
	}
	for _, u := range sc.ExtKeyUsage {
		c.ExtKeyUsage = append(c.ExtKeyUsage, x509.ExtKeyUsage(u))
	}
	return c
}

// newSMCA creates a self-signed SM2 CA certificate from the template that
// NewCA uses for ECDSA.
func newSMCA(tmpl *x509.Certificate, key ccrypto.Key) ([]byte, error) {
	st := smTemplate(tmpl)
	return smx509.CreateCertificate(rand.Reader, st, st, key.Std().Public(), key.Std())
}

// issueSM signs a leaf with smx509: used when the CA or the leaf key is
// SM2.
func issueSM(ca *CA, tmpl *x509.Certificate, pub any) ([]byte, error) {
	parent, err := smx509.ParseCertificate(ca.cert.Raw)
	if err != nil {
		return nil, err
	}
	return smx509.CreateCertificate(rand.Reader, smTemplate(tmpl), parent, pub, ca.key.Std())
}

// smTemplate converts the fields of a template that NewCA and Issue set.
func smTemplate(t *x509.Certificate) *smx509.Certificate {
	st := &smx509.Certificate{
		SerialNumber:          t.SerialNumber,
		Subject:               t.Subject,
		NotBefore:             t.NotBefore,
		NotAfter:              t.NotAfter,
		KeyUsage:              smx509.KeyUsage(t.KeyUsage),
		IsCA:                  t.IsCA,
		BasicConstraintsValid: t.BasicConstraintsValid,
		MaxPathLen:            t.MaxPathLen,
		MaxPathLenZero:        t.MaxPathLenZero,
		DNSNames:              t.DNSNames,
		IPAddresses:           t.IPAddresses,
		URIs:                  t.URIs,
	}
	for _, u := range t.ExtKeyUsage {
		st.ExtKeyUsage = append(st.ExtKeyUsage, smx509.ExtKeyUsage(u))
	}
	return st
}

// verifySM checks chain against the trust with smx509 and returns the
// verified chains as the *x509.Certificate values the trust and the caller
// hold.
func verifySM(st *trustState, chain []*x509.Certificate, now time.Time) ([][]*x509.Certificate, error) {
	byRaw := make(map[string]*x509.Certificate, len(chain)+len(st.cas))
	for _, c := range st.cas {
		byRaw[string(c.Raw)] = c
	}
	parsed := make([]*smx509.Certificate, 0, len(chain))
	for _, c := range chain {
		if c == nil {
			continue
		}
		sc, err := smx509.ParseCertificate(c.Raw)
		if err != nil {
			return nil, refusal(ErrInvalidCertificate, chain[0], "cannot parse with smx509: "+err.Error())
		}
		parsed = append(parsed, sc)
		byRaw[string(c.Raw)] = c
	}
	inter := smx509.NewCertPool()
	for _, sc := range parsed[1:] {
		inter.AddCert(sc)
	}
	chains, err := parsed[0].Verify(smx509.VerifyOptions{
		Roots:         st.smPool,
		Intermediates: inter,
		CurrentTime:   now,
		KeyUsages:     []smx509.ExtKeyUsage{smx509.ExtKeyUsageAny},
	})
	if err != nil {
		var unknown smx509.UnknownAuthorityError
		if errors.As(err, &unknown) {
			return nil, refusal(ErrUnknownCA, chain[0], err.Error())
		}
		return nil, refusal(ErrInvalidCertificate, chain[0], err.Error())
	}
	out := make([][]*x509.Certificate, len(chains))
	for i, sc := range chains {
		for _, c := range sc {
			v, ok := byRaw[string(c.Raw)]
			if !ok {
				v = stdView(c)
			}
			out[i] = append(out[i], v)
		}
	}
	return out, nil
}

// checkTLSKey refuses a certificate whose key crypto/tls cannot use.
func checkTLSKey(certPEM []byte) error {
	c, err := ParseCertPEM(certPEM)
	if err != nil {
		return err
	}
	if isSM2Key(c.PublicKey) {
		return fmt.Errorf("%w: %q has an SM2 key; crypto/tls has no SM2 (TLCP is another protocol): use an ECDSA P-256 certificate for TLS", ErrTLSKey, c.Subject.String())
	}
	return nil
}
