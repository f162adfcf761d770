package crypto

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"fmt"
	"math/big"

	"github.com/emmansun/gmsm/sm2"

	"github.com/causeway/causeway/types"
)

// SM2 keys and signatures (GB/T 32918.2-2016, GM/T 0009-2023).
//
// What is signed. An SM2 signature is not over the bytes handed to it but
// over e = SM3(Z_A || M), where Z_A = SM3(ENTL_A || ID_A || a || b || x_G ||
// y_G || x_A || y_A) binds the signer's public key and a user ID. Causeway
// takes M to be the 32-byte digest that every scheme signs (a transaction
// hash, a block hash) and ID_A to be the standard default user ID
// "1234567812345678" (SM2DefaultUID, GM/T 0009-2023 §10), so an SM2
// signature by Causeway is exactly what gmsm's
// sm2.VerifyASN1WithSM2(pub, nil, digest, sig), OpenSSL's
// "-sigopt distid:1234567812345678" and other GM toolkits verify for the
// message digest. Signatures are ASN.1 DER SEQUENCE{r, s} and randomized
// (gmsm hedges the nonce with the private key and the message).

// SM2DefaultUID is the user ID (ID_A) of every SM2 signature made or
// verified by this package: the default of GM/T 0009-2023.
const SM2DefaultUID = "1234567812345678"

// sm2PublicKeySize is the length of an uncompressed SM2 point.
const sm2PublicKeySize = 65

// sm2Curve is gmsm's SM2 P-256 curve; an *ecdsa.PublicKey or
// *ecdsa.PrivateKey whose Curve is this value is an SM2 key (NIST P-256 is
// elliptic.P256(), a different value).
var sm2Curve = sm2.P256()

// sm2SignerOpts makes gmsm compute Z_A with the default UID and sign
// SM3(Z_A || digest).
var sm2SignerOpts = sm2.NewSM2SignerOption(true, []byte(SM2DefaultUID))

// SM2Key is an SM2 private key. Its public key is the 65-byte uncompressed
// point 0x04 || x || y and its signatures are ASN.1 DER over
// SM3(Z_A || digest) with the default user ID (see SM2DefaultUID).
type SM2Key struct {
	priv *sm2.PrivateKey
	pub  []byte // uncompressed point
}

var _ Key = (*SM2Key)(nil)

// GenerateSM2 returns a new random SM2 key.
func GenerateSM2() (*SM2Key, error) {
	priv, err := sm2.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate sm2 key: %w", err)
	}
	return newSM2Key(priv)
}

// newSM2Key validates priv and wraps it. The scalar must be in [1, n-2] and
// the public point must be the one the scalar gives: a parsed key file whose
// two halves disagree is refused rather than signing for a key nobody holds.
func newSM2Key(priv *sm2.PrivateKey) (*SM2Key, error) {
	if priv == nil || priv.Curve != sm2Curve || priv.D == nil || priv.D.Sign() <= 0 || priv.D.BitLen() > 256 {
		return nil, fmt.Errorf("%w: sm2 private key is not a valid SM2 scalar", ErrBadPrivateKey)
	}
	checked, err := sm2.NewPrivateKey(priv.D.FillBytes(make([]byte, 32)))
	if err != nil {
		return nil, fmt.Errorf("%w: sm2: %v", ErrBadPrivateKey, err)
	}
	pub := encodeSM2Point(checked.X, checked.Y)
	if priv.X != nil || priv.Y != nil {
		if priv.X == nil || priv.Y == nil || priv.X.Cmp(checked.X) != 0 || priv.Y.Cmp(checked.Y) != 0 {
			return nil, fmt.Errorf("%w: sm2 public key does not match the private scalar", ErrBadPrivateKey)
		}
	}
	return &SM2Key{priv: checked, pub: pub}, nil
}

// Scheme returns types.SignatureScheme_SM2.
func (k *SM2Key) Scheme() types.SignatureScheme { return types.SignatureScheme_SM2 }

// PublicKey returns the 65-byte uncompressed encoding of the public key.
func (k *SM2Key) PublicKey() []byte { return append([]byte(nil), k.pub...) }

// Sign signs a 32-byte digest: the signature is ASN.1 DER over
// SM3(Z_A || digest), Z_A computed with SM2DefaultUID.
func (k *SM2Key) Sign(digest []byte) ([]byte, error) {
	if err := checkDigest(digest); err != nil {
		return nil, err
	}
	sig, err := sm2.SignASN1(rand.Reader, k.priv, digest, sm2SignerOpts)
	if err != nil {
		return nil, fmt.Errorf("sm2 sign: %w", err)
	}
	return sig, nil
}

// Std returns the key as a *sm2.PrivateKey (gmsm), which smx509 uses to
// sign SM2 certificates. Note that its crypto.Signer Sign method signs the
// given bytes as a pre-computed e unless opts is an *sm2.SM2SignerOption;
// use (*SM2Key).Sign for chain signatures.
func (k *SM2Key) Std() crypto.Signer { return k.priv }

func verifySM2(pub, digest, sig []byte) error {
	pk, err := parseSM2(pub)
	if err != nil {
		return err
	}
	if !sm2.VerifyASN1WithSM2(pk, []byte(SM2DefaultUID), digest, sig) {
		return fmt.Errorf("%w: sm2 signature does not verify", ErrBadSignature)
	}
	return nil
}

// parseSM2 decodes a 65-byte uncompressed SM2 point and checks that it is
// on the curve (and so not the point at infinity).
func parseSM2(pub []byte) (*ecdsa.PublicKey, error) {
	if len(pub) != sm2PublicKeySize || pub[0] != 4 {
		return nil, fmt.Errorf("%w: sm2 public key must be a %d-byte uncompressed point, got %d bytes", ErrBadPublicKey, sm2PublicKeySize, len(pub))
	}
	pk, err := sm2.NewPublicKey(pub)
	if err != nil {
		return nil, fmt.Errorf("%w: sm2: %v", ErrBadPublicKey, err)
	}
	return pk, nil
}

// isSM2Curve reports whether an ECDSA key's curve is SM2 P-256.
func isSM2Curve(k *ecdsa.PublicKey) bool { return k != nil && k.Curve == sm2Curve }

// sm2PublicKeyBytes validates an *ecdsa.PublicKey on the SM2 curve and
// returns its uncompressed encoding.
func sm2PublicKeyBytes(k *ecdsa.PublicKey) ([]byte, error) {
	if k.X == nil || k.Y == nil || k.X.Sign() < 0 || k.Y.Sign() < 0 || k.X.BitLen() > 256 || k.Y.BitLen() > 256 {
		return nil, fmt.Errorf("%w: sm2 public key coordinates out of range", ErrBadPublicKey)
	}
	b := encodeSM2Point(k.X, k.Y)
	if _, err := parseSM2(b); err != nil {
		return nil, err
	}
	return b, nil
}

func encodeSM2Point(x, y *big.Int) []byte {
	b := make([]byte, sm2PublicKeySize)
	b[0] = 4
	x.FillBytes(b[1:33])
	y.FillBytes(b[33:])
	return b
}
