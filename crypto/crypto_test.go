package crypto

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/smx509"
	"github.com/oasisprotocol/curve25519-voi/curve"

	"github.com/causeway/causeway/types"
)

func digestOf(s string) []byte { d := sha256.Sum256([]byte(s)); return d[:] }

func mustKeys(t testing.TB) []Key {
	t.Helper()
	ed, err := GenerateEd25519()
	if err != nil {
		t.Fatal(err)
	}
	ec, err := GenerateECDSA()
	if err != nil {
		t.Fatal(err)
	}
	sm, err := GenerateSM2()
	if err != nil {
		t.Fatal(err)
	}
	return []Key{ed, ec, sm}
}

// allSchemes are the implemented schemes, in mustKeys order.
var allSchemes = []types.SignatureScheme{types.SignatureScheme_ED25519, types.SignatureScheme_ECDSA_P256, types.SignatureScheme_SM2}

func flip(b []byte, i int) []byte {
	c := append([]byte(nil), b...)
	c[i%len(c)] ^= 0x01
	return c
}

func TestKeyShapes(t *testing.T) {
	keys := mustKeys(t)
	ed, ec, sm := keys[0], keys[1], keys[2]
	tests := []struct {
		name    string
		k       Key
		scheme  types.SignatureScheme
		pubLen  int
		pubHead byte
	}{
		{"ed25519", ed, types.SignatureScheme_ED25519, 32, 0},
		{"ecdsa", ec, types.SignatureScheme_ECDSA_P256, 65, 0x04},
		{"sm2", sm, types.SignatureScheme_SM2, 65, 0x04},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.k.Scheme() != tc.scheme {
				t.Fatalf("scheme %v, want %v", tc.k.Scheme(), tc.scheme)
			}
			pub := tc.k.PublicKey()
			if len(pub) != tc.pubLen {
				t.Fatalf("public key %d bytes, want %d", len(pub), tc.pubLen)
			}
			if tc.pubHead != 0 && pub[0] != tc.pubHead {
				t.Fatalf("public key prefix %#x", pub[0])
			}
			pub[1] ^= 0xff // must be a copy
			if bytes.Equal(pub, tc.k.PublicKey()) {
				t.Fatal("PublicKey returned internal storage")
			}
			// The std key and the raw key agree.
			scheme, raw, err := PublicKeyOf(tc.k.Std().Public())
			if err != nil || scheme != tc.scheme || !bytes.Equal(raw, tc.k.PublicKey()) {
				t.Fatalf("PublicKeyOf(Std().Public()) = %v %x %v", scheme, raw, err)
			}
		})
	}
}

func TestSignVerify(t *testing.T) {
	for _, k := range mustKeys(t) {
		other := mustKeys(t)
		var otherSame Key
		for _, o := range other {
			if o.Scheme() == k.Scheme() {
				otherSame = o
			}
		}
		d := digestOf("hello")
		sig, err := k.Sign(d)
		if err != nil {
			t.Fatal(err)
		}
		pub := k.PublicKey()
		tests := []struct {
			name   string
			scheme types.SignatureScheme
			pub    []byte
			digest []byte
			sig    []byte
			want   error
		}{
			{"valid", k.Scheme(), pub, d, sig, nil},
			{"other digest", k.Scheme(), pub, digestOf("hellp"), sig, ErrBadSignature},
			{"flipped sig first byte", k.Scheme(), pub, d, flip(sig, 0), ErrBadSignature},
			{"flipped sig last byte", k.Scheme(), pub, d, flip(sig, len(sig)-1), ErrBadSignature},
			{"truncated sig", k.Scheme(), pub, d, sig[:len(sig)-1], ErrBadSignature},
			{"extended sig", k.Scheme(), pub, d, append(append([]byte(nil), sig...), 0), ErrBadSignature},
			{"empty sig", k.Scheme(), pub, d, nil, ErrBadSignature},
			{"other key", k.Scheme(), otherSame.PublicKey(), d, sig, ErrBadSignature},
			{"nil key", k.Scheme(), nil, d, sig, ErrBadPublicKey},
			{"short key", k.Scheme(), pub[:len(pub)-1], d, sig, ErrBadPublicKey},
			{"long key", k.Scheme(), append(append([]byte(nil), pub...), 0), d, sig, ErrBadPublicKey},
			{"short digest", k.Scheme(), pub, d[:31], sig, ErrBadDigest},
			{"long digest", k.Scheme(), pub, append(append([]byte(nil), d...), 0), sig, ErrBadDigest},
			{"nil digest", k.Scheme(), pub, nil, sig, ErrBadDigest},
			{"unknown 4", types.SignatureScheme(4), pub, d, sig, ErrUnsupportedScheme},
			{"unspecified", types.SignatureScheme_SCHEME_UNSPECIFIED, pub, d, sig, ErrUnsupportedScheme},
			{"unknown scheme", types.SignatureScheme(99), pub, d, sig, ErrUnsupportedScheme},
		}
		for _, tc := range tests {
			t.Run(k.Scheme().String()+"/"+tc.name, func(t *testing.T) {
				err := Verify(tc.scheme, tc.pub, tc.digest, tc.sig)
				if tc.want == nil {
					if err != nil {
						t.Fatalf("Verify: %v", err)
					}
				} else if !errors.Is(err, tc.want) {
					t.Fatalf("Verify error %v, want %v", err, tc.want)
				}
				// The batch verdict is the same.
				got := VerifyBatch([]BatchItem{{tc.scheme, tc.pub, tc.digest, tc.sig}})
				if got[0] != (err == nil) {
					t.Fatalf("VerifyBatch %v, Verify %v", got[0], err)
				}
			})
		}
	}
}

func TestCrossSchemeFails(t *testing.T) {
	keys := mustKeys(t)
	d := digestOf("x")
	for _, k := range keys {
		sig, _ := k.Sign(d)
		for _, s := range allSchemes {
			if s == k.Scheme() {
				continue
			}
			if err := Verify(s, k.PublicKey(), d, sig); err == nil {
				t.Fatalf("%v signature verified as %v", k.Scheme(), s)
			}
		}
	}
}

func TestSignRejectsBadDigest(t *testing.T) {
	for _, k := range mustKeys(t) {
		for _, d := range [][]byte{nil, {}, make([]byte, 31), make([]byte, 33), make([]byte, 64)} {
			if _, err := k.Sign(d); !errors.Is(err, ErrBadDigest) {
				t.Fatalf("%v Sign(%d bytes) error %v, want ErrBadDigest", k.Scheme(), len(d), err)
			}
		}
	}
}

// edEncoding returns the first 32-byte Ed25519 point encoding, among the
// non-canonical ones and then small y values, for which pred holds.
func edEncoding(t *testing.T, pred func(decodes, small, canonical bool) bool) []byte {
	t.Helper()
	p := []byte{0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}
	try := func(b []byte) bool {
		var c curve.CompressedEdwardsY
		var e curve.EdwardsPoint
		if _, err := c.SetBytes(b); err != nil {
			return false
		}
		_, err := e.SetCompressedY(&c)
		decodes := err == nil
		return pred(decodes, decodes && e.IsSmallOrder(), c.IsCanonicalVartime())
	}
	// Non-canonical encodings p+k, k < 19, then small y values.
	for k := 0; k < 19; k++ {
		b := append([]byte(nil), p...)
		b[0] += byte(k)
		if try(b) {
			return b
		}
	}
	for y := 0; y < 1<<16; y++ {
		b := make([]byte, 32)
		b[0], b[1] = byte(y), byte(y>>8)
		if try(b) {
			return b
		}
	}
	t.Fatal("no encoding found")
	return nil
}

func TestParsePublicKey(t *testing.T) {
	keys := mustKeys(t)
	ed, ec, sm := keys[0].PublicKey(), keys[1].PublicKey(), keys[2].PublicKey()
	smPriv := keys[2].Std().(*sm2.PrivateKey)
	smCompressed := elliptic.MarshalCompressed(sm2.P256(), smPriv.X, smPriv.Y)
	smOffCurve := append([]byte(nil), sm...)
	smOffCurve[64] ^= 1
	smHybrid := append([]byte{6}, sm[1:]...) // X9.62 hybrid encoding
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	p384raw, _ := p384.PublicKey.Bytes()
	ecdsaPriv := keys[1].Std().(*ecdsa.PrivateKey)
	compressed := elliptic.MarshalCompressed(elliptic.P256(), ecdsaPriv.X, ecdsaPriv.Y)
	offCurve := append([]byte(nil), ec...)
	offCurve[64] ^= 1
	notPoint := edEncoding(t, func(d, _, _ bool) bool { return !d })
	smallOrder := edEncoding(t, func(d, s, c bool) bool { return d && s && c })
	nonCanonical := edEncoding(t, func(d, s, c bool) bool { return d && !s && !c })
	tests := []struct {
		name   string
		scheme types.SignatureScheme
		raw    []byte
		want   error
		msg    string // substring of the error, if set
	}{
		{"ed25519 ok", types.SignatureScheme_ED25519, ed, nil, ""},
		{"ecdsa ok", types.SignatureScheme_ECDSA_P256, ec, nil, ""},
		{"ed25519 short", types.SignatureScheme_ED25519, ed[:31], ErrBadPublicKey, ""},
		{"ed25519 nil", types.SignatureScheme_ED25519, nil, ErrBadPublicKey, ""},
		{"ed25519 not a point", types.SignatureScheme_ED25519, notPoint, ErrBadPublicKey, "not a curve point"},
		{"ed25519 small order", types.SignatureScheme_ED25519, smallOrder, ErrBadPublicKey, "small order"},
		{"ed25519 non-canonical", types.SignatureScheme_ED25519, nonCanonical, ErrBadPublicKey, "not canonically encoded"},
		{"ecdsa given to ed25519", types.SignatureScheme_ED25519, ec, ErrBadPublicKey, ""},
		{"ed25519 given to ecdsa", types.SignatureScheme_ECDSA_P256, ed, ErrBadPublicKey, ""},
		{"ecdsa compressed", types.SignatureScheme_ECDSA_P256, compressed, ErrBadPublicKey, ""},
		{"ecdsa off curve", types.SignatureScheme_ECDSA_P256, offCurve, ErrBadPublicKey, "ecdsa-p256: "},
		{"ecdsa p384", types.SignatureScheme_ECDSA_P256, p384raw, ErrBadPublicKey, ""},
		{"ecdsa zeros", types.SignatureScheme_ECDSA_P256, append([]byte{4}, make([]byte, 64)...), ErrBadPublicKey, ""},
		{"ecdsa nil", types.SignatureScheme_ECDSA_P256, nil, ErrBadPublicKey, ""},
		{"sm2 ok", types.SignatureScheme_SM2, sm, nil, ""},
		{"p256 point given to sm2", types.SignatureScheme_SM2, ec, ErrBadPublicKey, "sm2: "},
		{"sm2 point given to ecdsa", types.SignatureScheme_ECDSA_P256, sm, ErrBadPublicKey, "ecdsa-p256: "},
		{"sm2 compressed", types.SignatureScheme_SM2, smCompressed, ErrBadPublicKey, "uncompressed"},
		{"sm2 hybrid", types.SignatureScheme_SM2, smHybrid, ErrBadPublicKey, ""},
		{"sm2 off curve", types.SignatureScheme_SM2, smOffCurve, ErrBadPublicKey, "sm2: "},
		{"sm2 zeros", types.SignatureScheme_SM2, append([]byte{4}, make([]byte, 64)...), ErrBadPublicKey, ""},
		{"sm2 infinity", types.SignatureScheme_SM2, []byte{0}, ErrBadPublicKey, ""},
		{"sm2 nil", types.SignatureScheme_SM2, nil, ErrBadPublicKey, ""},
		{"sm2 short", types.SignatureScheme_SM2, sm[:64], ErrBadPublicKey, ""},
		{"unknown scheme", types.SignatureScheme(4), ec, ErrUnsupportedScheme, ""},
		{"unspecified", types.SignatureScheme_SCHEME_UNSPECIFIED, ed, ErrUnsupportedScheme, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pk, err := ParsePublicKey(tc.scheme, tc.raw)
			if tc.want != nil {
				if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.msg) {
					t.Fatalf("error %v, want %v (%q)", err, tc.want, tc.msg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			s, raw, err := PublicKeyOf(pk)
			if err != nil || s != tc.scheme || !bytes.Equal(raw, tc.raw) {
				t.Fatalf("round trip: %v %x %v", s, raw, err)
			}
		})
	}
}

func TestPublicKeyOf(t *testing.T) {
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	rsaKey, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	sm, err := GenerateSM2()
	if err != nil {
		t.Fatal(err)
	}
	smPub := sm.Std().Public().(*ecdsa.PublicKey)
	off := *smPub
	off.Y = new(big.Int).Add(smPub.Y, big.NewInt(1))
	huge := *smPub
	huge.X = new(big.Int).Lsh(big.NewInt(1), 300)
	neg := *smPub
	neg.X = big.NewInt(-1)
	noY := *smPub
	noY.Y = nil
	tests := []struct {
		name string
		pub  any
		want error
	}{
		{"sm2 ok", smPub, nil},
		{"sm2 off curve", &off, ErrBadPublicKey},
		{"sm2 coordinate too big", &huge, ErrBadPublicKey},
		{"sm2 negative coordinate", &neg, ErrBadPublicKey},
		{"sm2 nil coordinate", &noY, ErrBadPublicKey},
		{"p384", &p384.PublicKey, ErrUnsupportedScheme},
		{"rsa", &rsaKey.PublicKey, ErrUnsupportedScheme},
		{"nil", nil, ErrUnsupportedScheme},
		{"nil ecdsa", (*ecdsa.PublicKey)(nil), ErrUnsupportedScheme},
		{"short ed25519", ed25519.PublicKey(make([]byte, 31)), ErrBadPublicKey},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, raw, err := PublicKeyOf(tc.pub)
			if tc.want == nil {
				if err != nil || s != types.SignatureScheme_SM2 || !bytes.Equal(raw, sm.PublicKey()) {
					t.Fatalf("PublicKeyOf = %v %x %v", s, raw, err)
				}
				return
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("error %v, want %v", err, tc.want)
			}
		})
	}
}

// TestEd25519Rule pins the chain's single Ed25519 rule (ZIP-215): a
// signature valid only under the cofactored equation is accepted by Verify
// and by batch verification alike, and a non-canonical S is refused by both.
func TestEd25519Rule(t *testing.T) {
	identity := make([]byte, 32)
	identity[0] = 1
	order8 := edEncoding(t, func(d, s, c bool) bool { return d && s && c })
	if bytes.Equal(order8, identity) {
		t.Fatal("expected a non-identity small-order point")
	}
	d := digestOf("any message")
	// A = identity, R = small order, S = 0: [8]R = [8]([S]B - [k]A) holds.
	cofactoredOnly := append(append([]byte(nil), order8...), make([]byte, 32)...)
	// S = L (the group order) is not canonical.
	l := []byte{0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10}
	nonCanonicalS := append(append([]byte(nil), identity...), l...)
	tests := []struct {
		name string
		pub  []byte
		sig  []byte
		ok   bool
	}{
		{"cofactored-only signature accepted", identity, cofactoredOnly, true},
		{"non-canonical S refused", identity, nonCanonicalS, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := Verify(types.SignatureScheme_ED25519, tc.pub, d, tc.sig)
			if (err == nil) != tc.ok {
				t.Fatalf("Verify = %v, want ok=%v", err, tc.ok)
			}
			// Same verdict in a batch, alone and among valid signatures.
			items := randomItems(t, 40, 0)
			items = append(items, BatchItem{types.SignatureScheme_ED25519, tc.pub, d, tc.sig})
			got := VerifyBatch(items)
			if got[len(got)-1] != tc.ok {
				t.Fatalf("VerifyBatch = %v, want %v", got[len(got)-1], tc.ok)
			}
		})
	}
	// The standard library's cofactorless rule refuses the first one: that
	// is why it must not be used to verify chain signatures anywhere.
	if ed25519.Verify(identity, d, cofactoredOnly) {
		t.Fatal("expected the stdlib (cofactorless) rule to differ on this signature")
	}
}

func TestPEMRoundTrip(t *testing.T) {
	dir := t.TempDir()
	for _, k := range mustKeys(t) {
		t.Run(k.Scheme().String(), func(t *testing.T) {
			b, err := MarshalPrivateKeyPEM(k)
			if err != nil {
				t.Fatal(err)
			}
			if blk, _ := pem.Decode(b); blk == nil || blk.Type != "PRIVATE KEY" {
				t.Fatalf("not a PRIVATE KEY PEM: %s", b)
			}
			k2, err := ParsePrivateKeyPEM(b)
			if err != nil {
				t.Fatal(err)
			}
			if k2.Scheme() != k.Scheme() || !bytes.Equal(k2.PublicKey(), k.PublicKey()) {
				t.Fatal("parsed key differs")
			}
			path := filepath.Join(dir, k.Scheme().String()+".key")
			// A pre-existing world-readable file is replaced by a 0600 one.
			if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := SaveKey(path, k); err != nil {
				t.Fatal(err)
			}
			st, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if st.Mode().Perm() != 0o600 {
				t.Fatalf("mode %v, want 0600", st.Mode().Perm())
			}
			k3, err := LoadKey(path)
			if err != nil {
				t.Fatal(err)
			}
			d := digestOf("pem")
			sig, err := k3.Sign(d)
			if err != nil {
				t.Fatal(err)
			}
			if err := Verify(k.Scheme(), k.PublicKey(), d, sig); err != nil {
				t.Fatalf("loaded key signs for a different public key: %v", err)
			}
		})
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		t.Fatalf("temporary files left behind: %v", entries)
	}
}

func TestParsePrivateKeyPEMBad(t *testing.T) {
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	p384der, _ := x509.MarshalPKCS8PrivateKey(p384)
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 1024)
	rsader, _ := x509.MarshalPKCS8PrivateKey(rsaKey)
	ec, _ := GenerateECDSA()
	sec1, _ := x509.MarshalECPrivateKey(ec.Std().(*ecdsa.PrivateKey))
	sm, _ := GenerateSM2()
	smSec1, _ := smx509.MarshalSM2PrivateKey(sm.Std().(*sm2.PrivateKey))
	enc := func(typ string, der []byte) []byte { return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}) }
	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"empty", nil, ErrBadPrivateKey},
		{"garbage", []byte("not a pem"), ErrBadPrivateKey},
		{"certificate block", enc("CERTIFICATE", []byte{1, 2, 3}), ErrBadPrivateKey},
		{"corrupt der", enc("PRIVATE KEY", []byte{0x30, 0x03, 1, 2}), ErrBadPrivateKey},
		{"p384", enc("PRIVATE KEY", p384der), ErrBadPrivateKey},
		{"rsa", enc("PRIVATE KEY", rsader), ErrUnsupportedScheme},
		{"sec1 p256 ok", enc("EC PRIVATE KEY", sec1), nil},
		{"sec1 sm2 ok", enc("EC PRIVATE KEY", smSec1), nil},
		{"sec1 garbage", enc("EC PRIVATE KEY", []byte{0x30, 0}), ErrBadPrivateKey},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			k, err := ParsePrivateKeyPEM(tc.in)
			if tc.want == nil {
				if err != nil || (!bytes.Equal(k.PublicKey(), ec.PublicKey()) && !bytes.Equal(k.PublicKey(), sm.PublicKey())) {
					t.Fatalf("got %v", err)
				}
				return
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("error %v, want %v", err, tc.want)
			}
		})
	}
	if _, err := LoadKey(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Fatal("LoadKey of a missing file succeeded")
	}
	if _, err := MarshalPrivateKeyPEM(nil); !errors.Is(err, ErrBadPrivateKey) {
		t.Fatalf("MarshalPrivateKeyPEM(nil) = %v", err)
	}
	if err := SaveKey(filepath.Join(t.TempDir(), "no", "such", "dir", "k"), ec); err == nil {
		t.Fatal("SaveKey into a missing directory succeeded")
	}
}

func TestKeyFromStd(t *testing.T) {
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 1024)
	sm, _ := GenerateSM2()
	smPriv := sm.Std().(*sm2.PrivateKey)
	smWith := func(f func(k *ecdsa.PrivateKey)) func() error {
		return func() error {
			k := smPriv.PrivateKey
			k.D = new(big.Int).Set(k.D)
			f(&k)
			_, err := KeyFromStd(&sm2.PrivateKey{PrivateKey: k})
			return err
		}
	}
	n := sm2.P256().Params().N
	bad := []struct {
		name string
		err  error
		got  func() error
	}{
		{"p384", ErrBadPrivateKey, func() error { _, err := KeyFromStd(p384); return err }},
		{"nil ecdsa", ErrBadPrivateKey, func() error { _, err := KeyFromStd((*ecdsa.PrivateKey)(nil)); return err }},
		{"short ed25519", ErrBadPrivateKey, func() error { _, err := KeyFromStd(ed25519.PrivateKey(make([]byte, 10))); return err }},
		{"rsa", ErrUnsupportedScheme, func() error { _, err := KeyFromStd(rsaKey); return err }},
		{"nil sm2", ErrBadPrivateKey, func() error { _, err := KeyFromStd((*sm2.PrivateKey)(nil)); return err }},
		{"sm2 zero scalar", ErrBadPrivateKey, smWith(func(k *ecdsa.PrivateKey) { k.D.SetInt64(0) })},
		{"sm2 nil scalar", ErrBadPrivateKey, smWith(func(k *ecdsa.PrivateKey) { k.D = nil })},
		{"sm2 scalar n-1", ErrBadPrivateKey, smWith(func(k *ecdsa.PrivateKey) { k.D.Sub(n, big.NewInt(1)) })},
		{"sm2 scalar n", ErrBadPrivateKey, smWith(func(k *ecdsa.PrivateKey) { k.D.Set(n) })},
		{"sm2 scalar 2^300", ErrBadPrivateKey, smWith(func(k *ecdsa.PrivateKey) { k.D.Lsh(big.NewInt(1), 300) })},
		{"sm2 mismatched public key", ErrBadPrivateKey, smWith(func(k *ecdsa.PrivateKey) { k.D.Add(k.D, big.NewInt(1)) })},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.got(); !errors.Is(err, tc.err) {
				t.Fatalf("error %v, want %v", err, tc.err)
			}
		})
	}
}
