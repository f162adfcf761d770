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
package pki
