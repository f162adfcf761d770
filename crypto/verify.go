package crypto

import (
	"crypto"
	"crypto/ecdsa"
	stded25519 "crypto/ed25519"
	"crypto/elliptic"
	"errors"
	"fmt"

	"github.com/oasisprotocol/curve25519-voi/curve"
	"github.com/oasisprotocol/curve25519-voi/primitives/ed25519"

	"github.com/causeway/causeway/types"
)

// Errors returned (wrapped with context) by this package; test with errors.Is.
var (
	// ErrBadSignature: the signature is malformed or does not verify.
	ErrBadSignature = errors.New("bad signature")
	// ErrBadPublicKey: the public key is malformed for its scheme.
	ErrBadPublicKey = errors.New("bad public key")
	// ErrBadPrivateKey: a private key could not be parsed or used.
	ErrBadPrivateKey = errors.New("bad private key")
	// ErrBadDigest: the signed message is not a 32-byte digest.
	ErrBadDigest = errors.New("bad digest")
	// ErrUnsupportedScheme: the signature scheme, key type or suite is
	// unknown.
	ErrUnsupportedScheme = errors.New("unsupported signature scheme")
)

// ed25519Options is the one Ed25519 verification rule of the chain: ZIP-215
// (cofactored equation, small-order and non-canonical A and R accepted,
// canonical S required). It is the same for single and batch verification,
// so the two can never disagree on a signature.
var ed25519Options = &ed25519.Options{Verify: ed25519.VerifyOptionsZIP_215}

const (
	ed25519PublicKeySize = 32
	ed25519SignatureSize = 64
	p256PublicKeySize    = 65
)

// Verify checks that sig is a valid signature of the 32-byte digest by the
// public key pub under scheme. It returns nil if it is, and otherwise an
// error wrapping ErrBadSignature, ErrBadPublicKey, ErrBadDigest or
// ErrUnsupportedScheme. It never panics.
//
// SM2 signatures are checked over SM3(Z_A || digest) with the default user
// ID (see SM2DefaultUID); the signature must be strict ASN.1 DER.
//
// ECDSA signatures are malleable: if (r, s) verifies, so does (r, n-s).
// That is harmless as long as signatures are never hashed into an
// identifier (a transaction hash covers only the body).
func Verify(scheme types.SignatureScheme, pub, digest, sig []byte) error {
	if err := checkDigest(digest); err != nil {
		return fmt.Errorf("%s: %w", scheme, err)
	}
	switch scheme {
	case types.SignatureScheme_ED25519:
		return verifyEd25519(pub, digest, sig)
	case types.SignatureScheme_ECDSA_P256:
		return verifyECDSA(pub, digest, sig)
	case types.SignatureScheme_SM2:
		return verifySM2(pub, digest, sig)
	default:
		return unsupported(scheme)
	}
}

func unsupported(scheme types.SignatureScheme) error {
	return fmt.Errorf("%w: %s", ErrUnsupportedScheme, scheme)
}

func verifyEd25519(pub, digest, sig []byte) error {
	if len(pub) != ed25519PublicKeySize {
		return fmt.Errorf("%w: ed25519 public key is %d bytes, want %d", ErrBadPublicKey, len(pub), ed25519PublicKeySize)
	}
	if len(sig) != ed25519SignatureSize {
		return fmt.Errorf("%w: ed25519 signature is %d bytes, want %d", ErrBadSignature, len(sig), ed25519SignatureSize)
	}
	if ed25519.VerifyWithOptions(pub, digest, sig, ed25519Options) {
		return nil
	}
	// Only on failure: tell a key that is not a curve point from a
	// signature that does not verify.
	if !ed25519PointDecodes(pub) {
		return fmt.Errorf("%w: ed25519 public key is not a curve point", ErrBadPublicKey)
	}
	return fmt.Errorf("%w: ed25519 signature does not verify", ErrBadSignature)
}

// ed25519PointDecodes reports whether b is the encoding of a curve point
// (canonical or not).
func ed25519PointDecodes(b []byte) bool {
	var c curve.CompressedEdwardsY
	if _, err := c.SetBytes(b); err != nil {
		return false
	}
	var p curve.EdwardsPoint
	_, err := p.SetCompressedY(&c)
	return err == nil
}

func verifyECDSA(pub, digest, sig []byte) error {
	pk, err := parseP256(pub)
	if err != nil {
		return err
	}
	if !ecdsa.VerifyASN1(pk, digest, sig) {
		return fmt.Errorf("%w: ecdsa-p256 signature does not verify", ErrBadSignature)
	}
	return nil
}

func parseP256(pub []byte) (*ecdsa.PublicKey, error) {
	if len(pub) != p256PublicKeySize || pub[0] != 4 {
		return nil, fmt.Errorf("%w: ecdsa-p256 public key must be a %d-byte uncompressed point, got %d bytes", ErrBadPublicKey, p256PublicKeySize, len(pub))
	}
	pk, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), pub)
	if err != nil {
		return nil, fmt.Errorf("%w: ecdsa-p256: %v", ErrBadPublicKey, err)
	}
	return pk, nil
}

// ParsePublicKey validates raw as a public key of scheme and returns it as a
// standard library key (ed25519.PublicKey or *ecdsa.PublicKey; for SM2 an
// *ecdsa.PublicKey on gmsm's SM2 curve). It is the admission check for keys
// entering the chain (account keys, genesis keys) and is stricter than
// Verify: an Ed25519 key must be a canonical encoding of a point that is not
// of small order (such keys offer no security), and an ECDSA or SM2 key must
// be an uncompressed point on its curve.
func ParsePublicKey(scheme types.SignatureScheme, raw []byte) (crypto.PublicKey, error) {
	switch scheme {
	case types.SignatureScheme_ED25519:
		if len(raw) != ed25519PublicKeySize {
			return nil, fmt.Errorf("%w: ed25519 public key is %d bytes, want %d", ErrBadPublicKey, len(raw), ed25519PublicKeySize)
		}
		var c curve.CompressedEdwardsY
		var p curve.EdwardsPoint
		if _, err := c.SetBytes(raw); err != nil {
			return nil, fmt.Errorf("%w: ed25519: %v", ErrBadPublicKey, err)
		}
		if _, err := p.SetCompressedY(&c); err != nil {
			return nil, fmt.Errorf("%w: ed25519 public key is not a curve point", ErrBadPublicKey)
		}
		if !c.IsCanonicalVartime() {
			return nil, fmt.Errorf("%w: ed25519 public key is not canonically encoded", ErrBadPublicKey)
		}
		if p.IsSmallOrder() {
			return nil, fmt.Errorf("%w: ed25519 public key is of small order", ErrBadPublicKey)
		}
		return stded25519.PublicKey(append([]byte(nil), raw...)), nil
	case types.SignatureScheme_ECDSA_P256:
		return parseP256(raw)
	case types.SignatureScheme_SM2:
		return parseSM2(raw)
	default:
		return nil, unsupported(scheme)
	}
}

// PublicKeyOf returns the scheme and raw encoding of a standard library
// public key, such as the one in an x509 certificate: an ed25519.PublicKey
// gives its 32 bytes, a P-256 *ecdsa.PublicKey its 65-byte uncompressed
// point. SM2 public keys are *ecdsa.PublicKey too (that is how gmsm and
// smx509 represent them); they are told apart from P-256 by their Curve,
// which is gmsm's sm2.P256() rather than elliptic.P256(), and give
// SignatureScheme_SM2 with the 65-byte uncompressed point. Other key types
// give ErrUnsupportedScheme.
func PublicKeyOf(std crypto.PublicKey) (types.SignatureScheme, []byte, error) {
	switch k := std.(type) {
	case stded25519.PublicKey:
		if len(k) != ed25519PublicKeySize {
			return 0, nil, fmt.Errorf("%w: ed25519 public key is %d bytes", ErrBadPublicKey, len(k))
		}
		return types.SignatureScheme_ED25519, append([]byte(nil), k...), nil
	case *ecdsa.PublicKey:
		if isSM2Curve(k) {
			b, err := sm2PublicKeyBytes(k)
			if err != nil {
				return 0, nil, err
			}
			return types.SignatureScheme_SM2, b, nil
		}
		if k == nil || k.Curve != elliptic.P256() {
			return 0, nil, fmt.Errorf("%w: ecdsa public key is not on P-256", ErrUnsupportedScheme)
		}
		b, err := k.Bytes()
		if err != nil {
			return 0, nil, fmt.Errorf("%w: ecdsa-p256: %v", ErrBadPublicKey, err)
		}
		return types.SignatureScheme_ECDSA_P256, b, nil
	default:
		return 0, nil, fmt.Errorf("%w: public key type %T", ErrUnsupportedScheme, std)
	}
}
