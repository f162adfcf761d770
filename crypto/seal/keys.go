package seal

import (
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/hpke"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"hash"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"

	"github.com/causeway/causeway/crypto"
)

// The suites, as package crypto names them.
const (
	// SuiteIntl wraps data keys with HPKE (DHKEM(X25519, HKDF-SHA256),
	// HKDF-SHA256, AES-256-GCM) and seals payloads with AES-256-GCM.
	SuiteIntl = crypto.SuiteIntl
	// SuiteGM wraps data keys with SM2 public-key encryption and seals
	// payloads with SM4-GCM.
	SuiteGM = crypto.SuiteGM
)

// Public key sizes.
const (
	// X25519PublicKeySize is the length of an "intl" encryption public key.
	X25519PublicKeySize = 32
	// SM2PublicKeySize is the length of a "gm" encryption public key, an
	// uncompressed SEC1 point 0x04 || x || y.
	SM2PublicKeySize = 65
)

// PEMType is the PEM block type of an encryption key file. The block holds
// PKCS#8 DER (X25519 keys as RFC 8410 id-X25519, SM2 keys as id-ecPublicKey
// with the SM2 curve OID, as OpenSSL and gmsm write them). The type differs
// from the "PRIVATE KEY" of signing keys on purpose: an SM2 signing key file
// is refused here and an encryption key file is refused by
// crypto.ParsePrivateKeyPEM, so one key is never used for both.
const PEMType = "CAUSEWAY ENCRYPTION KEY"

// The HPKE ciphersuite of SuiteIntl (RFC 9180 base mode).
var (
	hpkeKEM  = hpke.DHKEM(ecdh.X25519())
	hpkeKDF  = hpke.HKDFSHA256()
	hpkeAEAD = hpke.AES256GCM()
)

// sm2EncOpts makes gmsm splice SM2 ciphertexts as C1 || C3 || C2 (GB/T
// 32918.4-2016 order) with C1 uncompressed; sm2DecOpts parses that order.
var (
	sm2EncOpts = sm2.NewPlainEncrypterOpts(sm2.MarshalUncompressed, sm2.C1C3C2)
	sm2DecOpts = sm2.NewPlainDecrypterOpts(sm2.C1C3C2)
)

// canonicalSuite maps "" to SuiteIntl, as package crypto does, and refuses
// other names.
func canonicalSuite(suite string) (string, error) {
	switch suite {
	case "", SuiteIntl:
		return SuiteIntl, nil
	case SuiteGM:
		return SuiteGM, nil
	default:
		return "", fmt.Errorf("%w %q (want %q or %q)", ErrUnsupportedSuite, suite, SuiteIntl, SuiteGM)
	}
}

// newHash returns the suite's hash: SHA-256 (intl) or SM3 (gm). suite must
// be canonical.
func newHash(suite string) hash.Hash {
	if suite == SuiteGM {
		return sm3.New()
	}
	return sha256.New()
}

// KeyID names an encryption public key: the suite's hash (SHA-256 or SM3) of
// "causeway-seal-keyid" || 0x00 || len(suite) || suite || public key, with
// len(suite) one byte. Recipient entries are found and ordered by it.
type KeyID [32]byte

// String returns the lower-case hex of id.
func (id KeyID) String() string { return hex.EncodeToString(id[:]) }

// ParseKeyID decodes the 64-character hex form of a KeyID.
func ParseKeyID(s string) (KeyID, error) {
	var id KeyID
	if len(s) != 2*len(id) {
		return id, fmt.Errorf("%w: key id is %d hex characters, want %d", ErrMalformed, len(s), 2*len(id))
	}
	if _, err := hex.Decode(id[:], []byte(s)); err != nil {
		return id, fmt.Errorf("%w: key id: %v", ErrMalformed, err)
	}
	return id, nil
}

func keyIDOf(suite string, pub []byte) KeyID {
	h := newHash(suite)
	h.Write([]byte("causeway-seal-keyid\x00"))
	h.Write([]byte{byte(len(suite))})
	h.Write([]byte(suite))
	h.Write(pub)
	var id KeyID
	h.Sum(id[:0])
	return id
}

// KeyIDOf checks that pub is a valid encryption public key of suite (see
// ParsePublicKey) and returns its KeyID.
func KeyIDOf(suite string, pub []byte) (KeyID, error) {
	pk, err := ParsePublicKey(suite, pub)
	if err != nil {
		return KeyID{}, err
	}
	return pk.id, nil
}

// PublicKey is a validated encryption public key.
type PublicKey struct {
	suite string
	raw   []byte
	id    KeyID
	x     hpke.PublicKey   // SuiteIntl
	sm    *ecdsa.PublicKey // SuiteGM
}

// Suite returns the key's suite, SuiteIntl or SuiteGM.
func (p *PublicKey) Suite() string { return p.suite }

// Bytes returns the key's encoding: 32 bytes (X25519) or 65 (SM2).
func (p *PublicKey) Bytes() []byte { return append([]byte(nil), p.raw...) }

// ID returns the key's KeyID.
func (p *PublicKey) ID() KeyID { return p.id }

// lowOrderProbe is a fixed X25519 scalar. X25519 clamps scalars to a
// multiple of 8, so its product with a point is the all-zero value (which
// crypto/ecdh reports as an error) exactly when the point's order divides 8:
// the low-order points, for which the "shared secret" is known to everyone.
var lowOrderProbe = func() *ecdh.PrivateKey {
	seed := sha256.Sum256([]byte("causeway-seal low-order probe"))
	k, err := ecdh.X25519().NewPrivateKey(seed[:])
	if err != nil {
		panic(err)
	}
	return k
}()

// canonicalX25519 reports whether b is the canonical encoding of a u
// coordinate: top bit clear and u < 2^255 - 19. X25519 itself masks the top
// bit and reduces, so without this check 2 encodings of one key would get 2
// KeyIDs and pass the duplicate check.
func canonicalX25519(b []byte) bool {
	if len(b) != X25519PublicKeySize || b[31]&0x80 != 0 {
		return false
	}
	if b[31] != 0x7f || b[0] < 0xed {
		return true
	}
	for _, c := range b[1:31] {
		if c != 0xff {
			return true
		}
	}
	return false // 2^255-19 <= u < 2^255
}

// ParsePublicKey validates an encryption public key of suite ("" means
// SuiteIntl). An "intl" key is a 32-byte X25519 u coordinate, canonically
// encoded and not of low order (order dividing 8: 0, 1, and the others that
// would make every sender's shared secret public); a "gm" key is a 65-byte
// uncompressed SM2 point on the curve. Errors wrap ErrBadPublicKey or
// ErrUnsupportedSuite.
func ParsePublicKey(suite string, b []byte) (*PublicKey, error) {
	suite, err := canonicalSuite(suite)
	if err != nil {
		return nil, err
	}
	p := &PublicKey{suite: suite, raw: append([]byte(nil), b...)}
	switch suite {
	case SuiteIntl:
		if len(b) != X25519PublicKeySize {
			return nil, fmt.Errorf("%w: X25519 public key is %d bytes, want %d", ErrBadPublicKey, len(b), X25519PublicKeySize)
		}
		if !canonicalX25519(b) {
			return nil, fmt.Errorf("%w: X25519 public key is not canonically encoded", ErrBadPublicKey)
		}
		ek, err := ecdh.X25519().NewPublicKey(b)
		if err != nil {
			return nil, fmt.Errorf("%w: X25519: %v", ErrBadPublicKey, err)
		}
		if _, err := lowOrderProbe.ECDH(ek); err != nil {
			return nil, fmt.Errorf("%w: X25519 public key is a low-order point", ErrBadPublicKey)
		}
		if p.x, err = hpke.NewDHKEMPublicKey(ek); err != nil {
			return nil, fmt.Errorf("%w: X25519: %v", ErrBadPublicKey, err)
		}
	case SuiteGM:
		if len(b) != SM2PublicKeySize || b[0] != 4 {
			return nil, fmt.Errorf("%w: SM2 public key must be a %d-byte uncompressed point, got %d bytes", ErrBadPublicKey, SM2PublicKeySize, len(b))
		}
		if p.sm, err = sm2.NewPublicKey(b); err != nil {
			return nil, fmt.Errorf("%w: SM2: %v", ErrBadPublicKey, err)
		}
	}
	p.id = keyIDOf(suite, p.raw)
	return p, nil
}

// EncryptionKey is a reader's private key: X25519 (SuiteIntl) or SM2
// (SuiteGM).
type EncryptionKey struct {
	pub *PublicKey
	x   *ecdh.PrivateKey // SuiteIntl
	xk  hpke.PrivateKey  // SuiteIntl, x as an HPKE key
	sm  *sm2.PrivateKey  // SuiteGM
}

// GenerateEncryptionKey returns a new random encryption key of suite (""
// means SuiteIntl).
func GenerateEncryptionKey(suite string) (*EncryptionKey, error) {
	suite, err := canonicalSuite(suite)
	if err != nil {
		return nil, err
	}
	if suite == SuiteGM {
		k, err := sm2.GenerateKey(rand.Reader)
		if err != nil {
			return nil, fmt.Errorf("generate sm2 encryption key: %w", err)
		}
		return newSM2Key(k)
	}
	k, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate x25519 encryption key: %w", err)
	}
	return newX25519Key(k)
}

func newX25519Key(k *ecdh.PrivateKey) (*EncryptionKey, error) {
	if k == nil || k.Curve() != ecdh.X25519() {
		return nil, fmt.Errorf("%w: not an X25519 key", ErrBadPrivateKey)
	}
	pub, err := ParsePublicKey(SuiteIntl, k.PublicKey().Bytes())
	if err != nil {
		// Only a scalar that clamps to a multiple of the group order gets
		// here; no generator produces one.
		return nil, fmt.Errorf("%w: %v", ErrBadPrivateKey, err)
	}
	xk, err := hpke.NewDHKEMPrivateKey(k)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadPrivateKey, err)
	}
	return &EncryptionKey{pub: pub, x: k, xk: xk}, nil
}

// newSM2Key checks that the scalar is in [1, n-2] and that the public point
// (when present) is the one the scalar gives, as crypto's SM2 signing keys
// do: a key file whose halves disagree is refused.
func newSM2Key(k *sm2.PrivateKey) (*EncryptionKey, error) {
	if k == nil || k.D == nil || k.D.Sign() <= 0 || k.D.BitLen() > 256 || k.Curve != sm2.P256() {
		return nil, fmt.Errorf("%w: not a valid SM2 scalar", ErrBadPrivateKey)
	}
	checked, err := sm2.NewPrivateKey(k.D.FillBytes(make([]byte, 32)))
	if err != nil {
		return nil, fmt.Errorf("%w: sm2: %v", ErrBadPrivateKey, err)
	}
	if k.X != nil || k.Y != nil {
		if k.X == nil || k.Y == nil || k.X.Cmp(checked.X) != 0 || k.Y.Cmp(checked.Y) != 0 {
			return nil, fmt.Errorf("%w: sm2 public key does not match the private scalar", ErrBadPrivateKey)
		}
	}
	raw := make([]byte, SM2PublicKeySize)
	raw[0] = 4
	checked.X.FillBytes(raw[1:33])
	checked.Y.FillBytes(raw[33:])
	pub, err := ParsePublicKey(SuiteGM, raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadPrivateKey, err)
	}
	return &EncryptionKey{pub: pub, sm: checked}, nil
}

// Suite returns the key's suite, SuiteIntl or SuiteGM.
func (k *EncryptionKey) Suite() string { return k.pub.suite }

// PublicKey returns the public key that senders seal to: 32 bytes (X25519)
// or 65 (uncompressed SM2 point).
func (k *EncryptionKey) PublicKey() []byte { return k.pub.Bytes() }

// ID returns the KeyID of the key's public key.
func (k *EncryptionKey) ID() KeyID { return k.pub.id }

// MarshalPEM encodes k as a PKCS#8 PEM block of type PEMType. The output is
// the secret key in clear: store it with mode 0600, or encrypted (package
// crypto/keystore).
func (k *EncryptionKey) MarshalPEM() ([]byte, error) {
	var (
		der []byte
		err error
	)
	if k.sm != nil {
		der, err = smx509.MarshalPKCS8PrivateKey(k.sm)
	} else {
		der, err = x509.MarshalPKCS8PrivateKey(k.x)
	}
	if err != nil {
		return nil, fmt.Errorf("marshal encryption key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: PEMType, Bytes: der}), nil
}

// ParseEncryptionKeyPEM decodes a key written by MarshalPEM: the first PEM
// block of b must be of type PEMType and hold a PKCS#8 X25519 or SM2 key;
// the suite follows from the key. Errors wrap ErrBadPrivateKey or
// ErrUnsupportedSuite; it never panics.
func ParseEncryptionKeyPEM(b []byte) (*EncryptionKey, error) {
	block, _ := pem.Decode(b)
	if block == nil {
		return nil, fmt.Errorf("%w: no PEM block found", ErrBadPrivateKey)
	}
	if block.Type != PEMType {
		return nil, fmt.Errorf("%w: PEM block type %q, want %q", ErrBadPrivateKey, block.Type, PEMType)
	}
	if len(block.Headers) != 0 {
		return nil, fmt.Errorf("%w: PEM headers (encrypted PEM?) are not supported", ErrBadPrivateKey)
	}
	std, err := smx509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadPrivateKey, err)
	}
	switch k := std.(type) {
	case *ecdh.PrivateKey:
		if k.Curve() != ecdh.X25519() {
			return nil, fmt.Errorf("%w: ECDH key on a curve other than X25519", ErrUnsupportedSuite)
		}
		return newX25519Key(k)
	case *sm2.PrivateKey:
		return newSM2Key(k)
	case *ecdsa.PrivateKey:
		if k.Curve == sm2.P256() {
			return newSM2Key(&sm2.PrivateKey{PrivateKey: *k})
		}
		return nil, fmt.Errorf("%w: ECDSA key on curve %s", ErrUnsupportedSuite, k.Curve.Params().Name)
	default:
		return nil, fmt.Errorf("%w: key type %T is not an encryption key", ErrUnsupportedSuite, std)
	}
}
