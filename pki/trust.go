package pki

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emmansun/gmsm/smx509"
)

// Reasons a certificate is refused; the errors returned wrap one of them
// (test with errors.Is) and name the certificate's subject and issuer.
var (
	// ErrNoCertificate: the peer presented no certificate.
	ErrNoCertificate = errors.New("no certificate")
	// ErrUnknownCA: the certificate does not chain to a member CA.
	ErrUnknownCA = errors.New("certificate not issued by a member CA")
	// ErrRevoked: the certificate (or a CA in its chain) is revoked.
	ErrRevoked = errors.New("certificate revoked")
	// ErrInvalidCertificate: the certificate chains to a member CA but is
	// unusable: expired or not yet valid, a CA certificate presented as a
	// leaf, no known role, an organisation other than its CA's, or (for a
	// server) a name that does not match.
	ErrInvalidCertificate = errors.New("invalid certificate")
)

// Trust is the consortium's current trust: the member CA certificates and
// the revoked certificate serials. It is safe for concurrent use; readers
// see an immutable snapshot and every change replaces it atomically, so a
// handshake is checked entirely against one state.
//
// Long-lived connections are re-checked on change like this:
//
//	for {
//		ch := trust.Changed() // take the channel before checking
//		if _, err := trust.VerifyConn(conn.ConnectionState()); err != nil {
//			conn.Close()
//			return
//		}
//		select {
//		case <-ch: // trust changed: check again
//		case <-done:
//			return
//		}
//	}
type Trust struct {
	mu sync.Mutex // serialises writers
	st atomic.Pointer[trustState]
}

type trustState struct {
	cas     []*x509.Certificate
	pool    *x509.CertPool   // never nil: a nil pool would mean the system roots
	smPool  *smx509.CertPool // every CA, SM2 or not, for chains that need smx509
	revoked map[string]struct{}
	version uint64
	changed chan struct{} // closed when this state is replaced
}

// NewTrust returns a Trust whose member CAs are the certificates in caPEMs
// (each may hold several PEM certificates) and with nothing revoked.
func NewTrust(caPEMs ...[]byte) (*Trust, error) {
	cas, pool, smPool, err := parseCAs(caPEMs)
	if err != nil {
		return nil, err
	}
	t := &Trust{}
	t.st.Store(&trustState{cas: cas, pool: pool, smPool: smPool, revoked: map[string]struct{}{}, changed: make(chan struct{})})
	return t, nil
}

// parseCAs parses the member CAs, ECDSA and SM2 alike, into the crypto/x509
// pool (CAs that crypto/x509 can check signatures of) and the smx509 pool
// (all of them).
func parseCAs(caPEMs [][]byte) ([]*x509.Certificate, *x509.CertPool, *smx509.CertPool, error) {
	pool := x509.NewCertPool()
	smPool := smx509.NewCertPool()
	var cas []*x509.Certificate
	for i, p := range caPEMs {
		certs, err := parseCertsPEM(p)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("CA %d: %w", i, err)
		}
		for _, c := range certs {
			if err := checkCACert(c); err != nil {
				return nil, nil, nil, fmt.Errorf("CA %d: %w", i, err)
			}
			sc, err := smx509.ParseCertificate(c.Raw)
			if err != nil {
				return nil, nil, nil, fmt.Errorf("CA %d: %w", i, err)
			}
			if !isSM2Key(c.PublicKey) {
				pool.AddCert(c)
			}
			smPool.AddCert(sc)
			cas = append(cas, c)
		}
	}
	return cas, pool, smPool, nil
}

// update replaces the state with f applied to a copy of it, then wakes the
// Changed channel of the old state. f returns false to leave it unchanged.
func (t *Trust) update(f func(next *trustState) bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	cur := t.st.Load()
	next := *cur
	if !f(&next) {
		return
	}
	next.version = cur.version + 1
	next.changed = make(chan struct{})
	t.st.Store(&next)
	close(cur.changed)
}

// SetCAs replaces the member CAs. On error the trust is unchanged.
func (t *Trust) SetCAs(caPEMs [][]byte) error {
	cas, pool, smPool, err := parseCAs(caPEMs)
	if err != nil {
		return err
	}
	t.update(func(next *trustState) bool {
		next.cas, next.pool, next.smPool = cas, pool, smPool
		return true
	})
	return nil
}

// CAs returns the current member CA certificates.
func (t *Trust) CAs() []*x509.Certificate {
	return append([]*x509.Certificate(nil), t.st.Load().cas...)
}

// Revoke adds a certificate serial (hex; case, a "0x" prefix, colons and
// leading zeros are ignored) to the revoked set. Connections are refused
// from the next handshake on; use Changed to re-check open ones.
func (t *Trust) Revoke(serialHex string) error {
	s, err := normalizeSerial(serialHex)
	if err != nil {
		return err
	}
	t.update(func(next *trustState) bool {
		if _, ok := next.revoked[s]; ok {
			return false
		}
		next.revoked = cloneSet(next.revoked)
		next.revoked[s] = struct{}{}
		return true
	})
	return nil
}

// SetRevoked replaces the whole revoked set, e.g. from on-chain
// configuration at start-up. On error the trust is unchanged.
func (t *Trust) SetRevoked(serialsHex []string) error {
	set := make(map[string]struct{}, len(serialsHex))
	for _, h := range serialsHex {
		s, err := normalizeSerial(h)
		if err != nil {
			return err
		}
		set[s] = struct{}{}
	}
	t.update(func(next *trustState) bool {
		next.revoked = set
		return true
	})
	return nil
}

// IsRevoked reports whether the serial (hex, in any form Revoke accepts) is
// revoked; an unparsable serial is not.
func (t *Trust) IsRevoked(serialHex string) bool {
	s, err := normalizeSerial(serialHex)
	if err != nil {
		return false
	}
	_, ok := t.st.Load().revoked[s]
	return ok
}

// Revoked returns the revoked serials in normalised hex, sorted.
func (t *Trust) Revoked() []string {
	var out []string
	for s := range t.st.Load().revoked {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// Version counts changes to the trust; it increases with every change.
func (t *Trust) Version() uint64 { return t.st.Load().version }

// Changed returns a channel that is closed at the next change of the trust
// (CAs or revocations). Take a fresh channel after each change.
func (t *Trust) Changed() <-chan struct{} { return t.st.Load().changed }

// Verify checks a certificate chain (leaf first, then any intermediates)
// against the current trust and returns the leaf's identity. The leaf must
// chain to a member CA, be within its validity period, not be a CA, carry
// a known role and the organisation of the CA that issued it, and neither
// it nor a CA in its chain may be revoked. Extended key usage is not
// checked. Chains with SM2 keys or SM2 signatures (GM suite) are checked
// with gmsm's smx509 under the same rules, against the same member CAs.
// Errors wrap ErrNoCertificate, ErrUnknownCA, ErrRevoked or
// ErrInvalidCertificate.
func (t *Trust) Verify(chain []*x509.Certificate) (Identity, error) {
	st := t.st.Load()
	if len(chain) == 0 || chain[0] == nil {
		return Identity{}, fmt.Errorf("%w presented", ErrNoCertificate)
	}
	leaf := chain[0]
	id := IdentityOf(leaf)
	if leaf.IsCA {
		return id, refusal(ErrInvalidCertificate, leaf, "a CA certificate is not a member identity")
	}
	var chains [][]*x509.Certificate
	if slices.ContainsFunc(chain, usesSMX509) {
		var err error
		if chains, err = verifySM(st, chain, time.Now()); err != nil {
			return id, err
		}
	} else {
		inter := x509.NewCertPool()
		for _, c := range chain[1:] {
			if c != nil {
				inter.AddCert(c)
			}
		}
		var err error
		chains, err = leaf.Verify(x509.VerifyOptions{
			Roots:         st.pool,
			Intermediates: inter,
			KeyUsages:     []x509.ExtKeyUsage{x509.ExtKeyUsageAny},
		})
		if err != nil {
			var unknown x509.UnknownAuthorityError
			if errors.As(err, &unknown) {
				return id, refusal(ErrUnknownCA, leaf, err.Error())
			}
			return id, refusal(ErrInvalidCertificate, leaf, err.Error())
		}
	}
	if id.Role == "" {
		return id, refusal(ErrInvalidCertificate, leaf, fmt.Sprintf("no known role in organizational unit %q", leaf.Subject.OrganizationalUnit))
	}
	// Accept the first verified chain that passes; report the first failure.
	var first error
	for _, c := range chains {
		err := checkChain(st, leaf, c)
		if err == nil {
			return id, nil
		}
		if first == nil {
			first = err
		}
	}
	return id, first
}

func checkChain(st *trustState, leaf *x509.Certificate, chain []*x509.Certificate) error {
	for _, c := range chain {
		if _, ok := st.revoked[c.SerialNumber.Text(16)]; ok {
			if c == leaf {
				return refusal(ErrRevoked, leaf, "serial "+c.SerialNumber.Text(16)+" is revoked")
			}
			return refusal(ErrRevoked, leaf, fmt.Sprintf("issuing CA %q (serial %s) is revoked", c.Subject.String(), c.SerialNumber.Text(16)))
		}
	}
	root := chain[len(chain)-1]
	caOrg := root.Subject.Organization[0] // member CAs always name an org
	if len(leaf.Subject.Organization) != 1 || leaf.Subject.Organization[0] != caOrg {
		return refusal(ErrInvalidCertificate, leaf, fmt.Sprintf("organisation %q does not match its CA's organisation %q", leaf.Subject.Organization, caOrg))
	}
	return nil
}

// VerifyConn re-checks the peer of an established TLS connection against
// the current trust (see Changed).
func (t *Trust) VerifyConn(state tls.ConnectionState) (Identity, error) {
	return t.Verify(state.PeerCertificates)
}

// refusal wraps kind with the certificate's subject, serial and issuer.
func refusal(kind error, c *x509.Certificate, reason string) error {
	serial := "?"
	if c.SerialNumber != nil {
		serial = c.SerialNumber.Text(16)
	}
	return fmt.Errorf("%w: subject %q (serial %s) issued by %q: %s", kind, c.Subject.String(), serial, c.Issuer.String(), reason)
}

// normalizeSerial turns a hex serial into lower-case hex without prefix,
// separators or leading zeros: the form of Identity.Serial.
func normalizeSerial(s string) (string, error) {
	h := strings.ReplaceAll(strings.TrimSpace(s), ":", "")
	h = strings.TrimPrefix(strings.TrimPrefix(h, "0x"), "0X")
	n, ok := new(big.Int).SetString(h, 16)
	if !ok || h == "" || n.Sign() < 0 || strings.ContainsAny(h, "+-_") {
		return "", fmt.Errorf("serial %q is not hexadecimal", s)
	}
	return n.Text(16), nil
}

func cloneSet(m map[string]struct{}) map[string]struct{} {
	c := make(map[string]struct{}, len(m)+1)
	for k := range m {
		c[k] = struct{}{}
	}
	return c
}
