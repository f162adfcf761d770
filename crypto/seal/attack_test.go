package seal

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hpke"
	"crypto/rand"
	"encoding/binary"
	"testing"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/sm4"
)

// GF(2^128) arithmetic of GCM (NIST SP 800-38D, 6.3): bit 0 is the most
// significant bit of byte 0; the field polynomial is x^128 + x^7 + x^2 + x
// + 1.

type gf [16]byte

func gfMul(x, y gf) gf {
	var z gf
	v := y
	for i := 0; i < 128; i++ {
		if x[i/8]>>(7-i%8)&1 == 1 {
			for j := range z {
				z[j] ^= v[j]
			}
		}
		lsb := v[15] & 1
		for j := 15; j > 0; j-- {
			v[j] = v[j]>>1 | v[j-1]<<7
		}
		v[0] >>= 1
		if lsb == 1 {
			v[0] ^= 0xe1
		}
	}
	return z
}

func gfXor(a, b gf) gf {
	for i := range a {
		a[i] ^= b[i]
	}
	return a
}

// gfInv returns x^(2^128-2) = x^-1 for x != 0.
func gfInv(x gf) gf {
	one := gf{0x80}
	inv, p := one, x
	for i := 1; i < 128; i++ {
		p = gfMul(p, p)
		inv = gfMul(inv, p)
	}
	return inv
}

func gfPow(x gf, e int) gf {
	r := gf{0x80}
	for ; e > 0; e-- {
		r = gfMul(r, x)
	}
	return r
}

// ghash is GHASH_H(A || 0-pad || C || 0-pad || [len(A)]64 || [len(C)]64).
func ghash(h gf, ad, ct []byte) gf {
	var x gf
	absorb := func(b []byte) {
		for len(b) > 0 {
			var blk gf
			n := copy(blk[:], b)
			b = b[n:]
			x = gfMul(gfXor(x, blk), h)
		}
	}
	absorb(ad)
	absorb(ct)
	var l gf
	binary.BigEndian.PutUint64(l[:8], uint64(len(ad))*8)
	binary.BigEndian.PutUint64(l[8:], uint64(len(ct))*8)
	return gfMul(gfXor(x, l), h)
}

// twoKeyCiphertext returns a 32-byte GCM ciphertext and tag that
// authenticate under both block ciphers b1 and b2 with nonce and ad (the
// "invisible salamanders" construction): the last ciphertext block is solved
// for so that both tags agree.
func twoKeyCiphertext(t *testing.T, b1, b2 cipher.Block, nonce, ad []byte) []byte {
	t.Helper()
	var h1, h2, j0 gf
	b1.Encrypt(h1[:], make([]byte, 16))
	b2.Encrypt(h2[:], make([]byte, 16))
	copy(j0[:], nonce)
	j0[15] = 1
	var e1, e2 gf
	b1.Encrypt(e1[:], j0[:])
	b2.Encrypt(e2[:], j0[:])

	ct := make([]byte, 32)
	if _, err := rand.Read(ct[:16]); err != nil {
		t.Fatal(err)
	}
	// With the last block X, tag_k = E_k(J0) + S_k(X=0) + X*H_k^2, since the
	// last ciphertext block is followed by one length block.
	s1, s2 := ghash(h1, ad, ct), ghash(h2, ad, ct)
	rhs := gfXor(gfXor(e1, s1), gfXor(e2, s2))
	x := gfMul(rhs, gfInv(gfXor(gfPow(h1, 2), gfPow(h2, 2))))
	copy(ct[16:], x[:])
	tag := gfXor(e1, ghash(h1, ad, ct))
	return append(ct, tag[:]...)
}

func blockCipher(t *testing.T, suite string, key []byte) cipher.Block {
	t.Helper()
	var (
		b   cipher.Block
		err error
	)
	if suite == SuiteGM {
		b, err = sm4.NewCipher(key)
	} else {
		b, err = aes.NewCipher(key)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestKeyCommitmentStopsTwoKeyCiphertext: a malicious sender wraps one data
// key for Alice and another for Bob, with a payload ciphertext that GCM
// authenticates under both keys, so that without the key commitment Alice
// and Bob would read two different plaintexts from one envelope. Bob's Open
// must fail.
func TestKeyCommitmentStopsTwoKeyCiphertext(t *testing.T) {
	for _, suite := range suites {
		t.Run(suite, func(t *testing.T) {
			keys := newKeys(t, suite, 2)
			alice, bob := keys[0], keys[1]
			n := dataKeySize(suite)
			dk1, dk2 := randomBytes(t, n), randomBytes(t, n)
			ctx := []byte("chain-1")
			ctxDigest := contextDigest(suite, ctx)
			env := &Envelope{Version: Version, Suite: suite, Class: "c", KeyCommitment: keyCommitment(suite, dk1)}
			var entries []*Entry
			for _, r := range []struct {
				k  *EncryptionKey
				dk []byte
			}{{alice, dk1}, {bob, dk2}} {
				e, err := wrap(env, ctxDigest, r.dk, r.k.pub, "")
				if err != nil {
					t.Fatal(err)
				}
				entries = append(entries, e)
			}
			if bytes.Compare(entries[0].KeyId, entries[1].KeyId) > 0 {
				entries[0], entries[1] = entries[1], entries[0]
			}
			env.Recipients = entries
			env.Nonce = randomBytes(t, 12)
			ad := payloadAD(env, ctxDigest)
			env.Ciphertext = twoKeyCiphertext(t, blockCipher(t, suite, dk1), blockCipher(t, suite, dk2), env.Nonce, ad)

			// The attack is real: plain GCM opens the ciphertext under both
			// keys, to different plaintexts.
			var pts [][]byte
			for _, dk := range [][]byte{dk1, dk2} {
				g, err := cipher.NewGCM(blockCipher(t, suite, dk))
				if err != nil {
					t.Fatal(err)
				}
				pt, err := g.Open(nil, env.Nonce, env.Ciphertext, ad)
				if err != nil {
					t.Fatalf("two-key ciphertext does not open under one key: %v", err)
				}
				pts = append(pts, pt)
			}
			if bytes.Equal(pts[0], pts[1]) {
				t.Fatal("the two plaintexts are equal")
			}

			env, err := Unmarshal(mustMarshal(t, env), 0)
			if err != nil {
				t.Fatal(err)
			}
			mustOpen(t, env, alice, ctx, pts[0])
			got, err := Open(env, bob, ctx)
			if err == nil {
				t.Fatalf("Bob opened the envelope to a different plaintext than Alice (%x vs %x)", got, pts[0])
			}
			wantErr(t, err, ErrTampered)
		})
	}
}

// TestEntryBoundToHeader: an entry that wraps the right data key but is
// bound to another header (another class), or to no header at all, is
// refused even when the payload's additional data is recomputed over it (as
// someone who knows the data key, a reader or the sender, can do).
func TestEntryBoundToHeader(t *testing.T) {
	for _, suite := range suites {
		t.Run(suite, func(t *testing.T) {
			alice := newKeys(t, suite, 1)[0]
			ctx := []byte("chain-1")
			ctxDigest := contextDigest(suite, ctx)
			dk := randomBytes(t, dataKeySize(suite))
			pt := []byte("payload")
			id := alice.ID()
			build := func(info []byte) *Envelope {
				env := &Envelope{Version: Version, Suite: suite, Class: "ride-record", KeyCommitment: keyCommitment(suite, dk)}
				e := &Entry{KeyId: id[:]}
				if suite == SuiteIntl {
					enc, s, err := hpke.NewSender(alice.pub.x, hpke.HKDFSHA256(), hpke.AES256GCM(), info)
					if err != nil {
						t.Fatal(err)
					}
					ct, err := s.Seal(nil, dk)
					if err != nil {
						t.Fatal(err)
					}
					e.Enc, e.WrappedKey = enc, ct
				} else {
					msg := append(bytes.Clone(dk), sm3Sum(info)...)
					ct, err := sm2.Encrypt(rand.Reader, alice.pub.sm, msg, sm2.NewPlainEncrypterOpts(sm2.MarshalUncompressed, sm2.C1C3C2))
					if err != nil {
						t.Fatal(err)
					}
					e.WrappedKey = ct
				}
				env.Recipients = []*Entry{e}
				if err := sealPayload(env, ctxDigest, dk, pt); err != nil {
					t.Fatal(err)
				}
				return env
			}
			// The right binding opens (the construction above is correct).
			right := wrapInfo(suite, "ride-record", ctxDigest, keyCommitment(suite, dk), id[:], "")
			mustOpen(t, build(right), alice, ctx, pt)
			for name, info := range map[string][]byte{
				"other class":   wrapInfo(suite, "invoice", ctxDigest, keyCommitment(suite, dk), id[:], ""),
				"other context": wrapInfo(suite, "ride-record", contextDigest(suite, []byte("chain-2")), keyCommitment(suite, dk), id[:], ""),
				"other label":   wrapInfo(suite, "ride-record", ctxDigest, keyCommitment(suite, dk), id[:], "org2"),
				"empty":         nil,
			} {
				_, err := Open(build(info), alice, ctx)
				if err == nil {
					t.Fatalf("%s: entry bound to another header opened", name)
				}
				wantErr(t, err, ErrTampered)
			}
		})
	}
}

func sm3Sum(b []byte) []byte {
	s := sm3.Sum(b)
	return s[:]
}
