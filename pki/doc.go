// Package pki holds Causeway's membership cryptography: each organisation's
// certificate authority, the certificates it issues (the holder's role in the
// Subject OrganizationalUnit, its organisation in Subject Organization), and
// a Trust — the consortium's current member CAs plus revoked serials — that
// builds mutual-TLS configurations for servers and clients. Trust can be
// changed at run time (governance adds or removes org CAs and revokes
// certificates): every handshake, including resumed sessions, is checked
// against the trust current at that moment, a certificate is accepted only if
// it chains to a member CA of its own organisation, carries a known role and
// is not revoked, and Changed/Version let holders of long-lived connections
// re-check their peers when trust changes. Refusals are typed errors
// (ErrNoCertificate, ErrUnknownCA, ErrRevoked, ErrInvalidCertificate) whose
// messages name the certificate's subject and issuer.
//
// # GM (SM2) certificates and their limits
//
// On a chain of the GM suite an organisation's CA can be an SM2 CA
// (NewCA with WithSM2), whose certificates are signed with SM2-with-SM3 by
// gmsm's smx509, and leaves can hold SM2 keys (IssueRequest.KeyType
// KeySM2). ParseCertPEM, LoadCA, IdentityOf and Trust.Verify handle them,
// and one Trust can hold SM2 and ECDSA member CAs side by side; SM2-keyed
// certificates are returned as *x509.Certificate views built by smx509 (see
// ParseCertPEM), which only Trust.Verify, not x509's Verify, can check.
//
// TLS is the exception. Go's crypto/tls has no SM2 cipher suites or
// signature algorithms, and the Chinese TLS variant (TLCP, GB/T 38636) is a
// different protocol from TLS 1.3 that neither the standard library nor
// gmsm v0.44.0 implements (gmsm's tls13 package only offers key-exchange
// primitives). So on a GM chain SM2 certificates serve identities and
// signatures — consensus signing certificates, account and client signing
// keys — while TLS transport certificates stay ECDSA P-256: ServerTLS and
// ClientTLS refuse an SM2-keyed certificate with ErrTLSKey. Those P-256
// transport certificates may be issued by the org's ECDSA CA or by its SM2
// CA: crypto/tls only uses their P-256 key in the handshake, and the SM2
// signature on them is checked by Trust in VerifyConnection. The transport
// encryption itself therefore uses the standard TLS 1.3 suites (AES-GCM or
// ChaCha20-Poly1305 with X25519/P-256 key exchange), not SM4.
//
// Certificate rotation: a KeyPair holds a node's TLS certificate and key
// and can be replaced while configurations built WithKeyPair serve, so a
// node switches certificates without a restart (new handshakes present the
// new one). ParseMemberCA and CheckIssuedBy are the deterministic checks
// (no clock) that governance applies to a rotated CA and node certificate.
package pki
