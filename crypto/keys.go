package crypto

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"

	"github.com/causeway/causeway/types"
)

// DigestSize is the length of every digest that is signed or verified.
const DigestSize = 32

// pemTypePrivateKey is the PEM block type of a PKCS#8 private key.
const pemTypePrivateKey = "PRIVATE KEY"

// Key is a private signing key: a types.Signer that can also be used where
// the standard library wants a crypto.Signer (x509 certificates, TLS).
type Key interface {
	types.Signer
	// Std returns the key as a crypto.Signer for x509 and TLS:
	// ed25519.PrivateKey, *ecdsa.PrivateKey, or gmsm's *sm2.PrivateKey
	// (usable with smx509, not with crypto/x509 or crypto/tls).
	Std() crypto.Signer
}

// Ed25519Key is an Ed25519 private key. Its public key is the raw 32 bytes
// and its signatures are the 64-byte RFC 8032 signatures of the digest.
type Ed25519Key struct {
	priv ed25519.PrivateKey
}

// ECDSAKey is an ECDSA P-256 private key. Its public key is the 65-byte
// uncompressed SEC1 point and its signatures are ASN.1 DER over the digest.
type ECDSAKey struct {
	priv *ecdsa.PrivateKey
	pub  []byte // uncompressed SEC1 point
}

var (
	_ Key = (*Ed25519Key)(nil)
	_ Key = (*ECDSAKey)(nil)
)

// GenerateEd25519 returns a new random Ed25519 key.
func GenerateEd25519() (*Ed25519Key, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate ed25519 key: %w", err)
	}
	return &Ed25519Key{priv: priv}, nil
}

// GenerateECDSA returns a new random ECDSA P-256 key.
func GenerateECDSA() (*ECDSAKey, error) {
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate ecdsa p-256 key: %w", err)
	}
	return newECDSAKey(priv)
}

func newECDSAKey(priv *ecdsa.PrivateKey) (*ECDSAKey, error) {
	if priv == nil || priv.Curve != elliptic.P256() {
		return nil, fmt.Errorf("%w: ecdsa private key is not on P-256", ErrBadPrivateKey)
	}
	pub, err := priv.PublicKey.Bytes()
	if err != nil {
		return nil, fmt.Errorf("%w: ecdsa-p256: %v", ErrBadPrivateKey, err)
	}
	return &ECDSAKey{priv: priv, pub: pub}, nil
}

// Scheme returns types.SignatureScheme_ED25519.
func (k *Ed25519Key) Scheme() types.SignatureScheme { return types.SignatureScheme_ED25519 }

// PublicKey returns a copy of the raw 32-byte public key.
func (k *Ed25519Key) PublicKey() []byte {
	return append([]byte(nil), k.priv[ed25519.SeedSize:]...)
}

// Sign signs a 32-byte digest.
func (k *Ed25519Key) Sign(digest []byte) ([]byte, error) {
	if err := checkDigest(digest); err != nil {
		return nil, err
	}
	return ed25519.Sign(k.priv, digest), nil
}

// Std returns the key as an ed25519.PrivateKey.
func (k *Ed25519Key) Std() crypto.Signer { return k.priv }

// Scheme returns types.SignatureScheme_ECDSA_P256.
func (k *ECDSAKey) Scheme() types.SignatureScheme { return types.SignatureScheme_ECDSA_P256 }

// PublicKey returns the 65-byte uncompressed SEC1 encoding of the public key.
func (k *ECDSAKey) PublicKey() []byte { return append([]byte(nil), k.pub...) }

// Sign signs a 32-byte digest; the signature is ASN.1 DER and randomized.
func (k *ECDSAKey) Sign(digest []byte) ([]byte, error) {
	if err := checkDigest(digest); err != nil {
		return nil, err
	}
	return ecdsa.SignASN1(rand.Reader, k.priv, digest)
}

// Std returns the key as an *ecdsa.PrivateKey.
func (k *ECDSAKey) Std() crypto.Signer { return k.priv }

// GenerateKey returns a new random key of scheme; an unknown scheme gives
// ErrUnsupportedScheme.
func GenerateKey(scheme types.SignatureScheme) (Key, error) {
	switch scheme {
	case types.SignatureScheme_ED25519:
		return GenerateEd25519()
	case types.SignatureScheme_ECDSA_P256:
		return GenerateECDSA()
	case types.SignatureScheme_SM2:
		return GenerateSM2()
	default:
		return nil, unsupported(scheme)
	}
}

// KeyFromStd wraps a private key as a Key: an ed25519.PrivateKey, a P-256
// *ecdsa.PrivateKey, or an SM2 key (gmsm's *sm2.PrivateKey, or an
// *ecdsa.PrivateKey on gmsm's SM2 curve). SM2 keys are checked: the scalar
// must be in range and match the public point.
func KeyFromStd(s crypto.Signer) (Key, error) {
	switch p := s.(type) {
	case ed25519.PrivateKey:
		if len(p) != ed25519.PrivateKeySize {
			return nil, fmt.Errorf("%w: ed25519 private key is %d bytes", ErrBadPrivateKey, len(p))
		}
		return &Ed25519Key{priv: p}, nil
	case *sm2.PrivateKey:
		return newSM2Key(p)
	case *ecdsa.PrivateKey:
		if p != nil && isSM2Curve(&p.PublicKey) {
			return newSM2Key(&sm2.PrivateKey{PrivateKey: *p})
		}
		return newECDSAKey(p)
	default:
		return nil, fmt.Errorf("%w: private key type %T", ErrUnsupportedScheme, s)
	}
}

// MarshalPrivateKeyPEM encodes k as a PKCS#8 "PRIVATE KEY" PEM block. An
// SM2 key is written as OpenSSL and gmsm write it: algorithm id-ecPublicKey
// with the SM2 curve OID (1.2.156.10197.1.301) as parameter.
func MarshalPrivateKeyPEM(k Key) ([]byte, error) {
	if k == nil {
		return nil, fmt.Errorf("%w: nil key", ErrBadPrivateKey)
	}
	der, err := marshalPKCS8(k)
	if err != nil {
		return nil, fmt.Errorf("marshal private key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: pemTypePrivateKey, Bytes: der}), nil
}

// MarshalPKCS8 encodes k as PKCS#8 DER (see MarshalPrivateKeyPEM).
func MarshalPKCS8(k Key) ([]byte, error) {
	if k == nil {
		return nil, fmt.Errorf("%w: nil key", ErrBadPrivateKey)
	}
	der, err := marshalPKCS8(k)
	if err != nil {
		return nil, fmt.Errorf("marshal private key: %w", err)
	}
	return der, nil
}

func marshalPKCS8(k Key) ([]byte, error) {
	if k.Scheme() == types.SignatureScheme_SM2 {
		return smx509.MarshalPKCS8PrivateKey(k.Std())
	}
	return x509.MarshalPKCS8PrivateKey(k.Std())
}

// ParsePKCS8 decodes PKCS#8 DER holding an Ed25519, ECDSA P-256 or SM2 key.
// It never panics; errors wrap ErrBadPrivateKey or ErrUnsupportedScheme.
func ParsePKCS8(der []byte) (Key, error) {
	std, err := smx509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadPrivateKey, err)
	}
	s, ok := std.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("%w: private key type %T", ErrUnsupportedScheme, std)
	}
	return KeyFromStd(s)
}

// ParsePrivateKeyPEM decodes the first PEM block of b: a PKCS#8 "PRIVATE KEY"
// holding an Ed25519, ECDSA P-256 or SM2 key, or a SEC1 "EC PRIVATE KEY"
// (P-256 or SM2).
func ParsePrivateKeyPEM(b []byte) (Key, error) {
	block, _ := pem.Decode(b)
	if block == nil {
		return nil, fmt.Errorf("%w: no PEM block found", ErrBadPrivateKey)
	}
	var (
		std any
		err error
	)
	switch block.Type {
	case pemTypePrivateKey:
		// smx509's parser is crypto/x509's plus the SM2 curve and OIDs.
		std, err = smx509.ParsePKCS8PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		std, err = smx509.ParseTypedECPrivateKey(block.Bytes)
	default:
		return nil, fmt.Errorf("%w: PEM block type %q is not a private key", ErrBadPrivateKey, block.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadPrivateKey, err)
	}
	s, ok := std.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("%w: private key type %T", ErrUnsupportedScheme, std)
	}
	return KeyFromStd(s)
}

// LoadKey reads a private key PEM file written by SaveKey (or any PKCS#8 or
// SEC1 PEM file holding an Ed25519, P-256 or SM2 key).
func LoadKey(path string) (Key, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load key: %w", err)
	}
	k, err := ParsePrivateKeyPEM(b)
	if err != nil {
		return nil, fmt.Errorf("load key %s: %w", path, err)
	}
	return k, nil
}

// SaveKey writes k to path as PKCS#8 PEM with mode 0600. The file is replaced
// atomically (written to a temporary file in the same directory, then
// renamed), so a reader never sees a partial key.
func SaveKey(path string, k Key) error {
	b, err := MarshalPrivateKeyPEM(k)
	if err != nil {
		return err
	}
	return writeFileAtomic(path, b)
}

// writeFileAtomic writes b to path with mode 0600 via a temporary file.
func writeFileAtomic(path string, b []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("save key: %w", err)
	}
	tmp := f.Name()
	err = f.Chmod(0o600)
	if err == nil {
		_, err = f.Write(b)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("save key %s: %w", path, err)
	}
	return nil
}

func checkDigest(digest []byte) error {
	if len(digest) != DigestSize {
		return fmt.Errorf("%w: digest is %d bytes, want %d", ErrBadDigest, len(digest), DigestSize)
	}
	return nil
}
