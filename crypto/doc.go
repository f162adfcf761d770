// Package crypto implements Causeway's cryptography: the signature schemes
// (key generation, PKCS#8 PEM storage, public-key encodings, signature
// verification) for Ed25519, ECDSA P-256 and SM2; the chain's hash per
// crypto suite (SHA-256 for "intl", SM3 for "gm", see NewHash); and an AEAD
// per suite for data at rest (AES-256-GCM or SM4-GCM, see Seal and Open).
//
// Every signature is over a 32-byte digest. Ed25519 signatures are verified
// with curve25519-voi under the ZIP-215 rules, the same rule for single,
// batch and parallel verification, so every node reaches the same verdict on
// every input; ECDSA P-256 and SM2 keys are uncompressed SEC1 points (65
// bytes) and their signatures ASN.1 DER. An SM2 signature is over
// SM3(Z_A || digest) with the standard default user ID (see SM2DefaultUID).
// Verification never panics on malformed input and returns typed errors
// (ErrBadSignature, ErrBadPublicKey, ErrBadDigest, ErrUnsupportedScheme)
// that callers can test with errors.Is.
//
// Encrypted key files live in the subpackage keystore; payloads encrypted to
// several readers (HPKE or SM2 wrapping of a data key) in the subpackage seal.
package crypto
