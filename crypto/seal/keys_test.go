package seal

import (
	"bytes"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"math/big"
	"strings"
	"testing"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"

	"github.com/causeway/causeway/crypto"
)

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestX25519PublicKeyRefusals: wrong lengths, the low-order points of
// Curve25519 (the list libsodium refuses, from
// https://cr.yp.to/ecdh.html#validate) and non-canonical encodings are
// refused by ParsePublicKey, KeyIDOf and Seal with ErrBadPublicKey.
func TestX25519PublicKeyRefusals(t *testing.T) {
	good := newKeys(t, SuiteIntl, 1)[0].PublicKey()
	highBit := bytes.Clone(good)
	highBit[31] |= 0x80
	bad := map[string][]byte{
		"empty":    nil,
		"31 bytes": good[:31],
		"33 bytes": append(bytes.Clone(good), 0),
		"65 bytes": newKeys(t, SuiteGM, 1)[0].PublicKey(),
		// Canonical low-order points: 0, 1, the two of order 8, p-1.
		"zero":     unhex(t, "0000000000000000000000000000000000000000000000000000000000000000"),
		"one":      unhex(t, "0100000000000000000000000000000000000000000000000000000000000000"),
		"order 8":  unhex(t, "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"),
		"order 8'": unhex(t, "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157"),
		"p-1":      unhex(t, "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
		// Non-canonical encodings: p, p+1 (equal to 0 and 1), 2^255-1, a
		// good key with the top bit set.
		"p":                     unhex(t, "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
		"p+1":                   unhex(t, "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
		"2^255-1":               unhex(t, "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
		"high bit":              highBit,
		"order 8 with high bit": unhex(t, "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b880"),
	}
	for name, pub := range bad {
		if _, err := ParsePublicKey(SuiteIntl, pub); err == nil {
			t.Errorf("%s: ParsePublicKey accepted it", name)
		} else {
			wantErr(t, err, ErrBadPublicKey)
		}
		_, err := KeyIDOf(SuiteIntl, pub)
		wantErr(t, err, ErrBadPublicKey)
		_, err = Seal(SuiteIntl, []byte("x"), []Recipient{{PublicKey: good}, {PublicKey: pub}})
		wantErr(t, err, ErrBadPublicKey)
	}
	// The largest canonical value below p-1 that is not of low order, p-2,
	// is accepted: the canonical check is not off by one.
	if _, err := ParsePublicKey(SuiteIntl, unhex(t, "ebffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")); err != nil {
		t.Fatalf("p-2: %v", err)
	}
}

// TestSM2PublicKeyRefusals: wrong length or prefix, a point off the curve,
// coordinates out of range and the other suite's key size are refused.
func TestSM2PublicKeyRefusals(t *testing.T) {
	good := newKeys(t, SuiteGM, 1)[0].PublicKey()
	offCurve := bytes.Clone(good)
	offCurve[64] ^= 1
	compressed := append([]byte{2 + good[64]&1}, good[1:33]...)
	hybrid := bytes.Clone(good)
	hybrid[0] = 6 | good[64]&1
	xTooBig := bytes.Clone(good)
	copy(xTooBig[1:33], bytes.Repeat([]byte{0xff}, 32))
	bad := map[string][]byte{
		"empty":      nil,
		"64 bytes":   good[1:],
		"66 bytes":   append(bytes.Clone(good), 0),
		"32 bytes":   newKeys(t, SuiteIntl, 1)[0].PublicKey(),
		"compressed": compressed,
		"hybrid":     hybrid,
		"off curve":  offCurve,
		"infinity":   append([]byte{4}, make([]byte, 64)...),
		"x >= p":     xTooBig,
	}
	for name, pub := range bad {
		if _, err := ParsePublicKey(SuiteGM, pub); err == nil {
			t.Errorf("%s: ParsePublicKey accepted it", name)
		} else {
			wantErr(t, err, ErrBadPublicKey)
		}
		_, err := Seal(SuiteGM, []byte("x"), []Recipient{{PublicKey: pub}})
		wantErr(t, err, ErrBadPublicKey)
	}
	// A NIST P-256 point is on another curve.
	p256, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	nist := make([]byte, 65)
	nist[0] = 4
	p256.X.FillBytes(nist[1:33])
	p256.Y.FillBytes(nist[33:])
	_, err = ParsePublicKey(SuiteGM, nist)
	wantErr(t, err, ErrBadPublicKey)
}

// TestKeyIDFormula recomputes KeyIDs with SHA-256 and SM3 directly from the
// documented formula.
func TestKeyIDFormula(t *testing.T) {
	for _, suite := range suites {
		k := newKeys(t, suite, 1)[0]
		msg := append([]byte("causeway-seal-keyid\x00"), byte(len(suite)))
		msg = append(msg, suite...)
		msg = append(msg, k.PublicKey()...)
		var want [32]byte
		if suite == SuiteGM {
			want = sm3.Sum(msg)
		} else {
			want = sha256.Sum256(msg)
		}
		if k.ID() != KeyID(want) {
			t.Fatalf("%s: KeyID %s, want %x", suite, k.ID(), want)
		}
		id, err := KeyIDOf(suite, k.PublicKey())
		if err != nil || id != KeyID(want) {
			t.Fatalf("%s: KeyIDOf = %s, %v", suite, id, err)
		}
		parsed, err := ParseKeyID(hex.EncodeToString(want[:]))
		if err != nil || parsed != k.ID() || k.ID().String() != hex.EncodeToString(want[:]) {
			t.Fatalf("%s: hex form: %s %v", suite, parsed, err)
		}
	}
	for _, s := range []string{"", "00", strings.Repeat("g", 64), strings.Repeat("0", 66)} {
		_, err := ParseKeyID(s)
		wantErr(t, err, ErrMalformed)
	}
}

// TestKeyFileRoundTrip: a key written by MarshalPEM parses back to the same
// key (it opens what was sealed to the original); the file is PKCS#8 that
// the standard parsers read; signing-key files and other keys are refused.
func TestKeyFileRoundTrip(t *testing.T) {
	for _, suite := range suites {
		k := newKeys(t, suite, 1)[0]
		b, err := k.MarshalPEM()
		if err != nil {
			t.Fatal(err)
		}
		block, rest := pem.Decode(b)
		if block == nil || block.Type != "CAUSEWAY ENCRYPTION KEY" || len(rest) != 0 {
			t.Fatalf("%s: PEM block %v", suite, block)
		}
		// Independent check of the DER: the standard parsers read it and
		// give the same public key.
		std, err := smx509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			t.Fatal(err)
		}
		switch p := std.(type) {
		case *ecdh.PrivateKey:
			if suite != SuiteIntl || !bytes.Equal(p.PublicKey().Bytes(), k.PublicKey()) {
				t.Fatalf("%s: PKCS#8 holds another X25519 key", suite)
			}
			if _, err := x509.ParsePKCS8PrivateKey(block.Bytes); err != nil {
				t.Fatalf("crypto/x509 cannot read the X25519 key: %v", err)
			}
		case *sm2.PrivateKey:
			pub := append([]byte{4}, p.X.FillBytes(make([]byte, 32))...)
			pub = append(pub, p.Y.FillBytes(make([]byte, 32))...)
			if suite != SuiteGM || !bytes.Equal(pub, k.PublicKey()) {
				t.Fatalf("%s: PKCS#8 holds another SM2 key", suite)
			}
		default:
			t.Fatalf("%s: PKCS#8 holds a %T", suite, std)
		}

		k2, err := ParseEncryptionKeyPEM(b)
		if err != nil {
			t.Fatal(err)
		}
		if k2.Suite() != suite || k2.ID() != k.ID() || !bytes.Equal(k2.PublicKey(), k.PublicKey()) {
			t.Fatalf("%s: parsed key differs", suite)
		}
		env := mustSeal(t, suite, []byte("for the file key"), []*EncryptionKey{k})
		mustOpen(t, env, k2, nil, []byte("for the file key"))

		// The same DER under the signing keys' PEM type is refused, and
		// this file is refused by the signing-key parser.
		as := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: block.Bytes})
		_, err = ParseEncryptionKeyPEM(as)
		wantErr(t, err, ErrBadPrivateKey)
		if _, err := crypto.ParsePrivateKeyPEM(b); err == nil {
			t.Fatalf("%s: crypto.ParsePrivateKeyPEM accepted an encryption key file", suite)
		}
		// Truncated DER.
		trunc := pem.EncodeToMemory(&pem.Block{Type: PEMType, Bytes: block.Bytes[:len(block.Bytes)-1]})
		_, err = ParseEncryptionKeyPEM(trunc)
		wantErr(t, err, ErrBadPrivateKey)
	}

	for name, in := range map[string][]byte{"empty": nil, "garbage": []byte("not a pem file"), "headers": []byte("-----BEGIN CAUSEWAY ENCRYPTION KEY-----\nProc-Type: 4,ENCRYPTED\n\nAAAA\n-----END CAUSEWAY ENCRYPTION KEY-----\n")} {
		if _, err := ParseEncryptionKeyPEM(in); err == nil {
			t.Fatalf("%s: accepted", name)
		} else {
			wantErr(t, err, ErrBadPrivateKey)
		}
	}

	// A NIST P-256 key or an Ed25519 key is not an encryption key.
	p256, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	der, err := x509.MarshalPKCS8PrivateKey(p256)
	if err != nil {
		t.Fatal(err)
	}
	_, err = ParseEncryptionKeyPEM(pem.EncodeToMemory(&pem.Block{Type: PEMType, Bytes: der}))
	wantErr(t, err, ErrUnsupportedSuite)
	ed, err := crypto.GenerateEd25519()
	if err != nil {
		t.Fatal(err)
	}
	der, err = crypto.MarshalPKCS8(ed)
	if err != nil {
		t.Fatal(err)
	}
	_, err = ParseEncryptionKeyPEM(pem.EncodeToMemory(&pem.Block{Type: PEMType, Bytes: der}))
	wantErr(t, err, ErrUnsupportedSuite)
	p256x, _ := ecdh.P256().GenerateKey(rand.Reader)
	der, err = x509.MarshalPKCS8PrivateKey(p256x)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseEncryptionKeyPEM(pem.EncodeToMemory(&pem.Block{Type: PEMType, Bytes: der})); err == nil {
		t.Fatal("ECDH P-256 key accepted")
	}
}

// TestSM2KeyMismatchRefused: an SM2 key whose public point is not the one
// its scalar gives is refused.
func TestSM2KeyMismatchRefused(t *testing.T) {
	a, _ := sm2.GenerateKey(rand.Reader)
	b, _ := sm2.GenerateKey(rand.Reader)
	mixed := &sm2.PrivateKey{PrivateKey: ecdsa.PrivateKey{PublicKey: b.PublicKey, D: new(big.Int).Set(a.D)}}
	_, err := newSM2Key(mixed)
	wantErr(t, err, ErrBadPrivateKey)
	if _, err := newSM2Key(a); err != nil {
		t.Fatal(err)
	}
}
