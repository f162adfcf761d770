package crypto

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"testing"

	"github.com/causeway/causeway/types"
)

func TestNewHash(t *testing.T) {
	tests := []struct {
		suite string
		want  string // of "abc"
		err   error
	}{
		{SuiteIntl, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", nil},
		// GB/T 32905-2016 Appendix A.1.
		{SuiteGM, "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0", nil},
		{"", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", nil},
		{"GM", "", ErrUnknownSuite},
		{"sha256", "", ErrUnknownSuite},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%q", tc.suite), func(t *testing.T) {
			newHash, err := NewHash(tc.suite)
			if tc.err != nil {
				if !errors.Is(err, tc.err) || newHash != nil {
					t.Fatalf("NewHash = %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			h := newHash()
			h.Write([]byte("abc"))
			if got := hex.EncodeToString(h.Sum(nil)); got != tc.want || h.Size() != DigestSize {
				t.Fatalf("digest %s (size %d), want %s", got, h.Size(), tc.want)
			}
			// The same hash as the chain's suite of that name in types.
			ts, err := types.SuiteNamed(tc.suite)
			if err != nil {
				t.Fatal(err)
			}
			if d := ts.Sum([]byte("abc")); hex.EncodeToString(d[:]) != tc.want {
				t.Fatalf("types suite %q hashes to %x", tc.suite, d)
			}
		})
	}
}

// TestSM4GCMVector checks NewAEAD("gm") against RFC 8998 Appendix A.1.
func TestSM4GCMVector(t *testing.T) {
	key := unhex(t, "0123456789abcdeffedcba9876543210")
	nonce := unhex(t, "00001234567800000000abcd")
	pt := unhex(t, "aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbccccccccccccccccddddddddddddddddeeeeeeeeeeeeeeeeffffffffffffffffeeeeeeeeeeeeeeeeaaaaaaaaaaaaaaaa")
	ad := unhex(t, "feedfacedeadbeeffeedfacedeadbeefabaddad2")
	want := "17f399f08c67d5ee19d0dc9969c4bb7d5fd46fd3756489069157b282bb200735d82710ca5c22f0ccfa7cbf93d496ac15a56834cbcf98c397b4024a2691233b8d" +
		"83de3541e4c2b58177e065a9bf7b62ec"
	aead, err := NewAEAD(SuiteGM, key)
	if err != nil {
		t.Fatal(err)
	}
	ct := aead.Seal(nil, nonce, pt, ad)
	if hex.EncodeToString(ct) != want {
		t.Fatalf("SM4-GCM ciphertext %x", ct)
	}
	sealed := append(append([]byte(nil), nonce...), ct...)
	got, err := Open(SuiteGM, key, sealed, ad)
	if err != nil || !bytes.Equal(got, pt) {
		t.Fatalf("Open = %x, %v", got, err)
	}
}

func TestSealOpen(t *testing.T) {
	for _, suite := range []string{SuiteIntl, SuiteGM} {
		key, err := NewAEADKey(suite)
		if err != nil {
			t.Fatal(err)
		}
		other, _ := NewAEADKey(suite)
		pt := []byte("private data for city 7")
		ad := []byte("header")
		sealed, err := Seal(suite, key, pt, ad)
		if err != nil {
			t.Fatal(err)
		}
		if len(sealed) != len(pt)+AEADOverhead {
			t.Fatalf("%s: sealed %d bytes, want %d", suite, len(sealed), len(pt)+AEADOverhead)
		}
		again, _ := Seal(suite, key, pt, ad)
		if bytes.Equal(again, sealed) {
			t.Fatalf("%s: two seals are identical (nonce reused)", suite)
		}
		otherSuite := SuiteGM
		if suite == SuiteGM {
			otherSuite = SuiteIntl
		}
		tests := []struct {
			name   string
			suite  string
			key    []byte
			sealed []byte
			ad     []byte
			want   error
		}{
			{"ok", suite, key, sealed, ad, nil},
			{"wrong key", suite, other, sealed, ad, ErrDecrypt},
			{"wrong additional data", suite, key, sealed, []byte("headex"), ErrDecrypt},
			{"no additional data", suite, key, sealed, nil, ErrDecrypt},
			{"flipped nonce", suite, key, flip(sealed, 0), ad, ErrDecrypt},
			{"flipped ciphertext", suite, key, flip(sealed, AEADNonceSize+1), ad, ErrDecrypt},
			{"flipped tag", suite, key, flip(sealed, len(sealed)-1), ad, ErrDecrypt},
			{"truncated", suite, key, sealed[:len(sealed)-1], ad, ErrDecrypt},
			{"shorter than overhead", suite, key, sealed[:AEADOverhead-1], ad, ErrDecrypt},
			{"empty", suite, key, nil, ad, ErrDecrypt},
			{"other suite", otherSuite, key, sealed, ad, ErrBadSymmetricKey},
			{"short key", suite, key[:len(key)-1], sealed, ad, ErrBadSymmetricKey},
			{"unknown suite", "aes", key, sealed, ad, ErrUnknownSuite},
		}
		for _, tc := range tests {
			t.Run(suite+"/"+tc.name, func(t *testing.T) {
				got, err := Open(tc.suite, tc.key, tc.sealed, tc.ad)
				if tc.want == nil {
					if err != nil || !bytes.Equal(got, pt) {
						t.Fatalf("Open = %q, %v", got, err)
					}
					return
				}
				if !errors.Is(err, tc.want) || got != nil {
					t.Fatalf("Open error %v, want %v", err, tc.want)
				}
			})
		}
		// Empty plaintext round-trips too.
		e, err := Seal(suite, key, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := Open(suite, key, e, nil); err != nil || len(got) != 0 {
			t.Fatalf("%s: empty round trip = %q, %v", suite, got, err)
		}
	}
	if _, err := Seal(SuiteIntl, make([]byte, 16), nil, nil); !errors.Is(err, ErrBadSymmetricKey) {
		t.Fatalf("AES-128 key accepted: %v", err)
	}
	if _, err := NewAEADKey("x"); !errors.Is(err, ErrUnknownSuite) {
		t.Fatalf("NewAEADKey(x) = %v", err)
	}
}

func TestSchemeNames(t *testing.T) {
	for _, s := range allSchemes {
		got, err := ParseScheme(SchemeName(s))
		if err != nil || got != s {
			t.Fatalf("ParseScheme(SchemeName(%v)) = %v, %v", s, got, err)
		}
		if got, err := ParseScheme(s.String()); err != nil || got != s {
			t.Fatalf("ParseScheme(%q) = %v, %v", s.String(), got, err)
		}
	}
	tests := []struct {
		in   string
		want error
	}{
		{"ECDSA", nil}, {" sm2 ", nil}, {"p256", nil},
		{"", ErrUnsupportedScheme}, {"rsa", ErrUnsupportedScheme}, {"SCHEME_UNSPECIFIED", ErrUnsupportedScheme},
	}
	for _, tc := range tests {
		if _, err := ParseScheme(tc.in); !errors.Is(err, tc.want) && !(tc.want == nil && err == nil) {
			t.Fatalf("ParseScheme(%q) = %v, want %v", tc.in, err, tc.want)
		}
	}
}
