// Package crypto implements Causeway's signature schemes: key generation,
// PKCS#8 PEM storage, public-key encodings and signature verification for
// Ed25519 and ECDSA P-256 (SM2 is reserved and reported as unsupported).
// Every signature is over a 32-byte digest. Ed25519 signatures are verified
// with curve25519-voi under the ZIP-215 rules, the same rule for single,
// batch and parallel verification, so every node reaches the same verdict on
// every input; ECDSA P-256 keys are uncompressed SEC1 points and signatures
// are ASN.1 DER. Verification never panics on malformed input and returns
// typed errors (ErrBadSignature, ErrBadPublicKey, ErrBadDigest,
// ErrUnsupportedScheme) that callers can test with errors.Is.
package crypto
