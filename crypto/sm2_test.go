package crypto

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"math/big"
	"testing"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm3"
	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"

	"github.com/causeway/causeway/types"
)

// An SM2 key and signature made by OpenSSL 3.0 (an implementation
// independent of gmsm):
//
//	openssl genpkey -algorithm SM2 -out key.pem
//	printf 'causeway sm2 vector' | openssl dgst -sha256 -binary > msg
//	openssl pkeyutl -sign -rawin -in msg -inkey key.pem -digest sm3 \
//	    -pkeyopt distid:1234567812345678 -out sig
//
// It pins what Causeway's SM2 signs: SM3(Z_A || digest) with the default
// user ID, the 32-byte digest being the message.
const (
	opensslSM2Key = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqBHM9VAYItBG0wawIBAQQgrQY5bH6aFC/2eF5t
48wrUV3z6VCGn8j2moj5vMTSGvihRANCAASePSb5rYmAaF76AKk9PXTm76n/TE8M
d/gcQv+/g0mZ2Ni7JiSBAJ5OEOJVFyrq/r+cDaf/QPDhAJbaD0Oa33Hv
-----END PRIVATE KEY-----
`
	opensslSM2Pub    = "049e3d26f9ad8980685efa00a93d3d74e6efa9ff4c4f0c77f81c42ffbf834999d8d8bb262481009e4e10e255172aeafebf9c0da7ff40f0e10096da0f439adf71ef"
	opensslSM2Digest = "8e317a1e61f6c82cbcb2254bda6e15fbbd070646d76a801802c41693e36cf950"
	opensslSM2Sig    = "304502203ebfc9a7dbfcd122ffd36a6d52a30fa87f9d46e71ceaee97e9582504d6afbe17022100ba9d28ceef6423cb3db900acffbfce8ed62de9332ff6a7cff3b515452f375069"
)

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSM2OpenSSLVector(t *testing.T) {
	pub, d, sig := unhex(t, opensslSM2Pub), unhex(t, opensslSM2Digest), unhex(t, opensslSM2Sig)
	k, err := ParsePrivateKeyPEM([]byte(opensslSM2Key))
	if err != nil {
		t.Fatal(err)
	}
	if k.Scheme() != types.SignatureScheme_SM2 || !bytes.Equal(k.PublicKey(), pub) {
		t.Fatalf("parsed OpenSSL key: %v %x", k.Scheme(), k.PublicKey())
	}
	// Our PKCS#8 encoding is byte for byte OpenSSL's.
	out, err := MarshalPrivateKeyPEM(k)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != opensslSM2Key {
		t.Fatalf("PKCS#8 differs from OpenSSL's:\n%s", out)
	}
	tests := []struct {
		name   string
		digest []byte
		sig    []byte
		want   error
	}{
		{"openssl signature", d, sig, nil},
		{"other digest", digestOf("x"), sig, ErrBadSignature},
		{"flipped r", d, flip(sig, 10), ErrBadSignature},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := Verify(types.SignatureScheme_SM2, pub, tc.digest, tc.sig)
			if (tc.want == nil && err != nil) || (tc.want != nil && !errors.Is(err, tc.want)) {
				t.Fatalf("Verify = %v, want %v", err, tc.want)
			}
		})
	}
	// Our signature by the same key verifies the same way.
	mine, err := k.Sign(d)
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(types.SignatureScheme_SM2, pub, d, mine); err != nil {
		t.Fatal(err)
	}
}

// TestSM2WhatIsSigned pins the message of an SM2 signature against gmsm's
// primitives: e = SM3(Z_A || digest), Z_A with the default UID.
func TestSM2WhatIsSigned(t *testing.T) {
	k, err := GenerateSM2()
	if err != nil {
		t.Fatal(err)
	}
	pk, err := parseSM2(k.PublicKey())
	if err != nil {
		t.Fatal(err)
	}
	d := digestOf("what is signed")
	sig, err := k.Sign(d)
	if err != nil {
		t.Fatal(err)
	}
	za, err := sm2.CalculateZA(pk, []byte(SM2DefaultUID))
	if err != nil {
		t.Fatal(err)
	}
	h := sm3.New()
	h.Write(za)
	h.Write(d)
	e := h.Sum(nil)
	checks := []struct {
		name string
		ok   bool
		want bool
	}{
		{"gmsm VerifyASN1WithSM2, default uid", sm2.VerifyASN1WithSM2(pk, nil, d, sig), true},
		{"e = SM3(Z_A || digest)", sm2.VerifyASN1(pk, e, sig), true},
		{"digest signed as e directly", sm2.VerifyASN1(pk, d, sig), false},
		{"another uid", sm2.VerifyASN1WithSM2(pk, []byte("alice@causeway"), d, sig), false},
	}
	for _, c := range checks {
		if c.ok != c.want {
			t.Errorf("%s: %v, want %v", c.name, c.ok, c.want)
		}
	}
	// A gmsm signature with the default signer options verifies; one made
	// through the plain crypto.Signer interface (digest taken as e) does
	// not: Std() must be used with sm2.DefaultSM2SignerOpts.
	gm, err := k.Std().Sign(rand.Reader, d, sm2.DefaultSM2SignerOpts)
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(types.SignatureScheme_SM2, k.PublicKey(), d, gm); err != nil {
		t.Fatalf("gmsm default-option signature: %v", err)
	}
	raw, err := k.Std().Sign(rand.Reader, d, crypto.Hash(0))
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(types.SignatureScheme_SM2, k.PublicKey(), d, raw); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("signature over e = digest: %v, want ErrBadSignature", err)
	}
}

// derSig builds SEQUENCE{r, s} with cryptobyte from big-endian bytes.
func derSig(r, s *big.Int) []byte {
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1BigInt(r)
		b.AddASN1BigInt(s)
	})
	return b.BytesOrPanic()
}

func TestSM2SignatureEncoding(t *testing.T) {
	k, err := GenerateSM2()
	if err != nil {
		t.Fatal(err)
	}
	d := digestOf("encoding")
	sig, err := k.Sign(d)
	if err != nil {
		t.Fatal(err)
	}
	var r, s big.Int
	in := cryptobyte.String(sig)
	var inner cryptobyte.String
	if !in.ReadASN1(&inner, asn1.SEQUENCE) || !inner.ReadASN1Integer(&r) || !inner.ReadASN1Integer(&s) {
		t.Fatal("signature is not SEQUENCE{r, s}")
	}
	n := sm2.P256().Params().N
	// BER long-form length of the SEQUENCE (not DER).
	longLen := append([]byte{0x30, 0x81, sig[1]}, sig[2:]...)
	// An integer padded with a superfluous zero byte (not DER).
	rb := r.Bytes()
	padded := []byte{0x02, byte(len(rb) + 1), 0}
	if rb[0]&0x80 != 0 {
		padded = []byte{0x02, byte(len(rb) + 2), 0, 0}
	}
	padded = append(padded, rb...)
	sPart := derSig(big.NewInt(1), &s)[5:] // the INTEGER s after SEQUENCE{INTEGER 1, ...}
	nonMinimal := append([]byte{0x30, byte(len(padded) + len(sPart))}, append(padded, sPart...)...)
	tests := []struct {
		name string
		sig  []byte
		ok   bool
	}{
		{"valid", sig, true},
		{"re-encoded", derSig(&r, &s), true},
		{"trailing byte", append(append([]byte(nil), sig...), 0), false},
		{"long-form length", longLen, false},
		{"non-minimal integer", nonMinimal, false},
		{"r = 0", derSig(big.NewInt(0), &s), false},
		{"s = 0", derSig(&r, big.NewInt(0)), false},
		{"s + n", derSig(&r, new(big.Int).Add(&s, n)), false},
		{"r + n", derSig(new(big.Int).Add(&r, n), &s), false},
		{"n - s", derSig(&r, new(big.Int).Sub(n, &s)), false},
		{"negative s", derSig(&r, new(big.Int).Neg(&s)), false},
		{"raw r||s", append(r.FillBytes(make([]byte, 32)), s.FillBytes(make([]byte, 32))...), false},
		{"empty sequence", []byte{0x30, 0}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := Verify(types.SignatureScheme_SM2, k.PublicKey(), d, tc.sig)
			if tc.ok != (err == nil) || (!tc.ok && !errors.Is(err, ErrBadSignature)) {
				t.Fatalf("Verify = %v, want ok=%v", err, tc.ok)
			}
		})
	}
}

func TestSM2KeyFromStd(t *testing.T) {
	k, err := GenerateSM2()
	if err != nil {
		t.Fatal(err)
	}
	// gmsm hands SM2 keys out as *ecdsa.PrivateKey on its curve as well.
	ec := k.Std().(*sm2.PrivateKey).PrivateKey
	k2, err := KeyFromStd(&ec)
	if err != nil {
		t.Fatal(err)
	}
	if k2.Scheme() != types.SignatureScheme_SM2 || !bytes.Equal(k2.PublicKey(), k.PublicKey()) {
		t.Fatal("*ecdsa.PrivateKey on the SM2 curve not recognised as SM2")
	}
	// A P-256 ECDSA key is not taken for SM2, nor the other way round.
	p, _ := GenerateECDSA()
	if s, _, _ := PublicKeyOf(p.Std().Public()); s != types.SignatureScheme_ECDSA_P256 {
		t.Fatalf("P-256 key seen as %v", s)
	}
	if s, _, _ := PublicKeyOf(&ec.PublicKey); s != types.SignatureScheme_SM2 {
		t.Fatalf("SM2 key seen as %v", s)
	}
	if _, ok := any(k2.Std().Public()).(*ecdsa.PublicKey); !ok {
		t.Fatal("SM2 Std().Public() is not an *ecdsa.PublicKey")
	}
}

func TestGenerateKey(t *testing.T) {
	for _, s := range allSchemes {
		k, err := GenerateKey(s)
		if err != nil || k.Scheme() != s {
			t.Fatalf("GenerateKey(%v) = %v, %v", s, k, err)
		}
	}
	for _, s := range []types.SignatureScheme{types.SignatureScheme_SCHEME_UNSPECIFIED, 4, -1} {
		if _, err := GenerateKey(s); !errors.Is(err, ErrUnsupportedScheme) {
			t.Fatalf("GenerateKey(%v) error %v", s, err)
		}
	}
}

// FuzzParsePrivateKey checks that private-key parsing never panics and that
// whatever parses round-trips and signs for its own public key.
func FuzzParsePrivateKey(f *testing.F) {
	for _, k := range mustKeys(f) {
		der, err := MarshalPKCS8(k)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(der)
	}
	blk, _ := pem.Decode([]byte(opensslSM2Key))
	f.Add(blk.Bytes)
	f.Fuzz(func(t *testing.T, der []byte) {
		_, _ = ParsePrivateKeyPEM(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der}))
		k, err := ParsePKCS8(der)
		if err != nil {
			if !errors.Is(err, ErrBadPrivateKey) && !errors.Is(err, ErrUnsupportedScheme) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		d := digestOf("fuzz")
		sig, err := k.Sign(d)
		if err != nil {
			t.Fatal(err)
		}
		if err := Verify(k.Scheme(), k.PublicKey(), d, sig); err != nil {
			t.Fatalf("parsed %v key does not verify its own signature: %v", k.Scheme(), err)
		}
	})
}

// FuzzParsePublicKey checks that public-key parsing never panics and that
// an accepted key round-trips through PublicKeyOf.
func FuzzParsePublicKey(f *testing.F) {
	for _, k := range mustKeys(f) {
		f.Add(byte(k.Scheme()), k.PublicKey())
	}
	f.Fuzz(func(t *testing.T, scheme byte, raw []byte) {
		s := types.SignatureScheme(scheme % 5)
		pk, err := ParsePublicKey(s, raw)
		if err != nil {
			return
		}
		s2, raw2, err := PublicKeyOf(pk)
		if err != nil || s2 != s || !bytes.Equal(raw2, raw) {
			t.Fatalf("round trip %v %x: %v %x %v", s, raw, s2, raw2, err)
		}
	})
}
