package seal

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/hpke"
	"crypto/sha256"
	"encoding/binary"
	"encoding/pem"
	"errors"
	"testing"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/sm4"
	"github.com/emmansun/gmsm/smx509"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
)

// byHand is an independent reader of the documented format: it parses the
// wire bytes with protowire (field numbers of seal.proto), rebuilds every
// binding from the package documentation and decrypts with the primitives
// directly (crypto/hpke, gmsm's SM2, AES-GCM / SM4-GCM), using the private
// key as read from its PKCS#8 file.
type byHand struct {
	version                       uint64
	suite, class                  string
	commitment, nonce, ciphertext []byte
	entries                       []handEntry
}

type handEntry struct {
	keyID, enc, wrapped []byte
	label               string
}

func parseByHand(t *testing.T, b []byte) byHand {
	t.Helper()
	var env byHand
	last := protowire.Number(0)
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			t.Fatal("bad tag")
		}
		b = b[n:]
		if num < last || (num == last && num != 5) {
			t.Fatalf("field %d after field %d: not in canonical order", num, last)
		}
		last = num
		if num == 1 {
			if typ != protowire.VarintType {
				t.Fatal("version is not a varint")
			}
			v, n := protowire.ConsumeVarint(b)
			env.version, b = v, b[n:]
			continue
		}
		if typ != protowire.BytesType {
			t.Fatalf("field %d has wire type %d", num, typ)
		}
		v, n := protowire.ConsumeBytes(b)
		if n < 0 {
			t.Fatal("bad length")
		}
		b = b[n:]
		switch num {
		case 2:
			env.suite = string(v)
		case 3:
			env.class = string(v)
		case 4:
			env.commitment = v
		case 6:
			env.nonce = v
		case 7:
			env.ciphertext = v
		case 5:
			var e handEntry
			for len(v) > 0 {
				num, typ, n := protowire.ConsumeTag(v)
				if n < 0 || typ != protowire.BytesType {
					t.Fatal("bad entry field")
				}
				f, m := protowire.ConsumeBytes(v[n:])
				v = v[n+m:]
				switch num {
				case 1:
					e.keyID = f
				case 2:
					e.label = string(f)
				case 3:
					e.enc = f
				case 4:
					e.wrapped = f
				default:
					t.Fatalf("entry field %d", num)
				}
			}
			env.entries = append(env.entries, e)
		default:
			t.Fatalf("field %d", num)
		}
	}
	return env
}

func handHash(suite string, parts ...[]byte) []byte {
	var b []byte
	for _, p := range parts {
		b = append(b, p...)
	}
	if suite == SuiteGM {
		s := sm3.Sum(b)
		return s[:]
	}
	s := sha256.Sum256(b)
	return s[:]
}

func handCore(env byHand, purpose byte, ctx []byte) []byte {
	b := []byte("causeway-seal\x00")
	b = append(b, purpose, 1, byte(len(env.suite)))
	b = append(b, env.suite...)
	b = append(b, byte(len(env.class)))
	b = append(b, env.class...)
	b = append(b, handHash(env.suite, []byte("causeway-seal-context\x00"), ctx)...)
	return append(b, env.commitment...)
}

func (env byHand) open(t *testing.T, keyPEM []byte, ctx []byte) []byte {
	t.Helper()
	block, _ := pem.Decode(keyPEM)
	std, err := smx509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	var pub []byte
	switch k := std.(type) {
	case *ecdh.PrivateKey:
		pub = k.PublicKey().Bytes()
	case *sm2.PrivateKey:
		pub = append([]byte{4}, k.X.FillBytes(make([]byte, 32))...)
		pub = append(pub, k.Y.FillBytes(make([]byte, 32))...)
	}
	id := handHash(env.suite, []byte("causeway-seal-keyid\x00"), []byte{byte(len(env.suite))}, []byte(env.suite), pub)
	var mine *handEntry
	for i := range env.entries {
		if bytes.Equal(env.entries[i].keyID, id) {
			mine = &env.entries[i]
		}
	}
	if mine == nil {
		t.Fatal("no entry for the key")
	}
	info := append(handCore(env, 'W', ctx), mine.keyID...)
	info = append(info, byte(len(mine.label)))
	info = append(info, mine.label...)

	var dk []byte
	switch k := std.(type) {
	case *ecdh.PrivateKey:
		hk, err := hpke.NewDHKEMPrivateKey(k)
		if err != nil {
			t.Fatal(err)
		}
		r, err := hpke.NewRecipient(mine.enc, hk, hpke.HKDFSHA256(), hpke.AES256GCM(), info)
		if err != nil {
			t.Fatal(err)
		}
		if dk, err = r.Open(nil, mine.wrapped); err != nil {
			t.Fatalf("HPKE open with the documented info: %v", err)
		}
		if len(dk) != 32 {
			t.Fatalf("intl data key is %d bytes", len(dk))
		}
	case *sm2.PrivateKey:
		if len(mine.enc) != 0 || len(mine.wrapped) != 145 || mine.wrapped[0] != 4 {
			t.Fatal("gm entry shape")
		}
		// gmsm's default order is C1C3C2; decrypting as C1C2C3 must fail,
		// which shows which one the envelope uses.
		if _, err := sm2.Decrypt(k, mine.wrapped); err != nil {
			t.Fatalf("SM2 decrypt (C1C3C2): %v", err)
		}
		if _, err := k.Decrypt(nil, mine.wrapped, sm2.NewPlainDecrypterOpts(sm2.C1C2C3)); err == nil {
			t.Fatal("the SM2 ciphertext also decrypts as C1C2C3")
		}
		msg, _ := sm2.Decrypt(k, mine.wrapped)
		if len(msg) != 48 || !bytes.Equal(msg[16:], handHash(SuiteGM, info)) {
			t.Fatal("SM2 plaintext is not data key || SM3(info)")
		}
		dk = msg[:16]
	}
	if !bytes.Equal(handHash(env.suite, []byte("causeway-seal-commit\x00"), dk), env.commitment) {
		t.Fatal("key commitment is not H(\"causeway-seal-commit\" || 0 || data key)")
	}

	ad := handCore(env, 'P', ctx)
	ad = binary.BigEndian.AppendUint16(ad, uint16(len(env.entries)))
	for _, e := range env.entries {
		ad = append(ad, e.keyID...)
		ad = append(ad, byte(len(e.label)))
		ad = append(ad, e.label...)
		ad = append(ad, byte(len(e.enc)))
		ad = append(ad, e.enc...)
		ad = binary.BigEndian.AppendUint16(ad, uint16(len(e.wrapped)))
		ad = append(ad, e.wrapped...)
	}
	var block2 cipher.Block
	if env.suite == SuiteGM {
		block2, err = sm4.NewCipher(dk)
	} else {
		block2, err = aes.NewCipher(dk)
	}
	if err != nil {
		t.Fatal(err)
	}
	g, err := cipher.NewGCM(block2)
	if err != nil {
		t.Fatal(err)
	}
	pt, err := g.Open(nil, env.nonce, env.ciphertext, ad)
	if err != nil {
		t.Fatalf("payload does not open with the documented additional data: %v", err)
	}
	return pt
}

// TestFormatByHand opens envelopes of both suites with an independent
// implementation of the documented format; for gm that is an SM2 decryption
// and an SM4-GCM decryption.
func TestFormatByHand(t *testing.T) {
	for _, suite := range suites {
		t.Run(suite, func(t *testing.T) {
			keys := newKeys(t, suite, 3)
			pt := []byte("trip 117: 12.5 km, 23 min")
			ctx := []byte("chain-42")
			rs := recipientsOf(keys)
			rs[1].Label = "account:00ff"
			env, err := Seal(suite, pt, rs, WithClass("ride-record"), WithContext(ctx))
			if err != nil {
				t.Fatal(err)
			}
			hand := parseByHand(t, mustMarshal(t, env))
			if hand.version != 1 || hand.suite != suite || hand.class != "ride-record" || len(hand.entries) != 3 || len(hand.nonce) != 12 {
				t.Fatalf("header %+v", hand)
			}
			for i := 1; i < len(hand.entries); i++ {
				if bytes.Compare(hand.entries[i-1].keyID, hand.entries[i].keyID) >= 0 {
					t.Fatal("entries not in ascending key id order")
				}
			}
			for _, k := range keys {
				kp, err := k.MarshalPEM()
				if err != nil {
					t.Fatal(err)
				}
				if got := hand.open(t, kp, ctx); !bytes.Equal(got, pt) {
					t.Fatalf("by hand: %q", got)
				}
			}
		})
	}
}

func appendField(b []byte, num protowire.Number, v uint64) []byte {
	b = protowire.AppendTag(b, num, protowire.VarintType)
	return protowire.AppendVarint(b, v)
}

// TestUnmarshalStrict: truncations, garbage, unknown fields, non-canonical
// encodings and every out-of-range field are refused with ErrMalformed.
func TestUnmarshalStrict(t *testing.T) {
	for _, suite := range suites {
		t.Run(suite, func(t *testing.T) {
			keys := newKeys(t, suite, 2)
			pt := randomBytes(t, 100)
			env := mustSeal(t, suite, pt, keys, WithClass("c"))
			good := mustMarshal(t, env)
			if _, err := Unmarshal(good, 0); err != nil {
				t.Fatal(err)
			}

			for n := 0; n < len(good); n++ {
				_, err := Unmarshal(good[:n], 0)
				wantErr(t, err, ErrMalformed)
			}
			for i := 0; i < 200; i++ {
				_, err := Unmarshal(randomBytes(t, i*7), 0)
				wantErr(t, err, ErrMalformed)
			}

			// Payload limit.
			if _, err := Unmarshal(good, len(pt)); err != nil {
				t.Fatalf("limit = payload size: %v", err)
			}
			_, err := Unmarshal(good, len(pt)-1)
			wantErr(t, err, ErrMalformed, ErrPayloadTooLarge)
			_, err = Unmarshal(make([]byte, DefaultMaxPayload+tagSize+maxHeaderBytes+MaxRecipients*maxEntryBytes+1), 0)
			wantErr(t, err, ErrMalformed, ErrPayloadTooLarge)

			// Encodings that decode to the same message but are not
			// canonical: a repeated field, a non-minimal varint, an unknown
			// field, fields out of order.
			nonCanonical := map[string][]byte{
				"version twice":    appendField(bytes.Clone(good), 1, 1),
				"unknown field":    appendField(bytes.Clone(good), 99, 5),
				"long varint":      append([]byte{0x08, 0x81, 0x00}, good[2:]...),
				"class at end":     nil,
				"unknown in entry": nil,
			}
			if good[0] != 0x08 || good[1] != 0x01 {
				t.Fatal("envelope does not start with version 1")
			}
			// Move the class field (3) to the end.
			{
				b := good[2:]
				var head, class, tail []byte
				head = good[:2]
				for len(b) > 0 {
					num, _, n := protowire.ConsumeTag(b)
					m := protowire.ConsumeFieldValue(num, protowire.BytesType, b[n:])
					if num == 3 {
						class = b[:n+m]
					} else {
						tail = append(tail, b[:n+m]...)
					}
					b = b[n+m:]
				}
				nonCanonical["class at end"] = append(append(bytes.Clone(head), tail...), class...)
			}
			{
				mod := proto.Clone(env).(*Envelope)
				mod.Recipients[0].ProtoReflect().SetUnknown(appendField(nil, 9, 1))
				b, err := proto.MarshalOptions{Deterministic: true}.Marshal(mod)
				if err != nil {
					t.Fatal(err)
				}
				nonCanonical["unknown in entry"] = b
				_, err = Marshal(mod)
				wantErr(t, err, ErrMalformed)
			}
			for name, b := range nonCanonical {
				probe := new(Envelope)
				if err := proto.Unmarshal(b, probe); err != nil {
					t.Fatalf("%s: the test input is not even protobuf: %v", name, err)
				}
				_, err := Unmarshal(b, 0)
				if err == nil {
					t.Fatalf("%s: accepted", name)
				}
				wantErr(t, err, ErrMalformed)
			}

			// Out-of-range fields, encoded with plain proto.Marshal so that
			// only Unmarshal's checks stand in the way.
			mutations := map[string]func(e *Envelope){
				"version 0":     func(e *Envelope) { e.Version = 0 },
				"version 2":     func(e *Envelope) { e.Version = 2 },
				"suite GM":      func(e *Envelope) { e.Suite = "GM" },
				"suite empty":   func(e *Envelope) { e.Suite = "" },
				"class space":   func(e *Envelope) { e.Class = "a b" },
				"commitment 31": func(e *Envelope) { e.KeyCommitment = e.KeyCommitment[:31] },
				"nonce 11":      func(e *Envelope) { e.Nonce = e.Nonce[:11] },
				"ciphertext 15": func(e *Envelope) { e.Ciphertext = e.Ciphertext[:15] },
				"no recipients": func(e *Envelope) { e.Recipients = nil },
				"key id 31":     func(e *Envelope) { e.Recipients[0].KeyId = e.Recipients[0].KeyId[:31] },
				"label newline": func(e *Envelope) { e.Recipients[0].Label = "a\n" },
				"out of order":  func(e *Envelope) { e.Recipients[0], e.Recipients[1] = e.Recipients[1], e.Recipients[0] },
				"duplicate":     func(e *Envelope) { e.Recipients[1] = e.Recipients[0] },
				"wrapped key short": func(e *Envelope) {
					e.Recipients[0].WrappedKey = e.Recipients[0].WrappedKey[:len(e.Recipients[0].WrappedKey)-1]
				},
				"enc": func(e *Envelope) {
					if e.Suite == SuiteIntl {
						e.Recipients[0].Enc[31] |= 0x80 // non-canonical X25519
					} else {
						e.Recipients[0].Enc = []byte{1}
					}
				},
				"wrapped prefix": func(e *Envelope) {
					if e.Suite == SuiteGM {
						e.Recipients[0].WrappedKey[0] = 2
					} else {
						e.Recipients[0].WrappedKey = append(e.Recipients[0].WrappedKey, 0)
					}
				},
				"too many": func(e *Envelope) {
					for len(e.Recipients) <= MaxRecipients {
						f := proto.Clone(e.Recipients[len(e.Recipients)-1]).(*Entry)
						id := KeyID(f.KeyId)
						for i := 31; i >= 0; i-- { // id + 1
							id[i]++
							if id[i] != 0 {
								break
							}
						}
						f.KeyId = id[:]
						e.Recipients = append(e.Recipients, f)
					}
				},
			}
			for name, mutate := range mutations {
				mod := proto.Clone(env).(*Envelope)
				mutate(mod)
				b, err := proto.MarshalOptions{Deterministic: true}.Marshal(mod)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				_, err = Unmarshal(b, 0)
				if err == nil {
					t.Fatalf("%s: Unmarshal accepted it", name)
				}
				wantErr(t, err, ErrMalformed)
				if name == "too many" && !errors.Is(err, ErrTooManyRecipients) {
					t.Fatalf("too many: %v", err)
				}
				_, err = Marshal(mod)
				wantErr(t, err, ErrMalformed)
				_, err = Open(mod, keys[0], nil)
				wantErr(t, err, ErrMalformed)
				if Readers(mod) != nil {
					t.Fatalf("%s: Readers of a malformed envelope", name)
				}
			}
		})
	}
	_, err := Marshal(nil)
	wantErr(t, err, ErrMalformed)
	_, err = Open(nil, newKeys(t, SuiteIntl, 1)[0], nil)
	wantErr(t, err, ErrMalformed)
	if Readers(nil) != nil {
		t.Fatal("Readers(nil)")
	}
}

// FuzzUnmarshal: Unmarshal never panics, every error wraps ErrMalformed, and
// whatever it accepts is canonical (Marshal gives the input back) and is
// opened or refused with a typed error.
func FuzzUnmarshal(f *testing.F) {
	var keys []*EncryptionKey
	for _, suite := range suites {
		ks := newKeys(f, suite, 2)
		keys = append(keys, ks...)
		for _, n := range []int{0, 1, 40} {
			env, err := Seal(suite, bytes.Repeat([]byte{'x'}, n), recipientsOf(ks), WithClass("seed"))
			if err != nil {
				f.Fatal(err)
			}
			b, err := Marshal(env)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
			f.Add(b[:len(b)/2])
			f.Add(append(bytes.Clone(b), 0))
		}
	}
	f.Add([]byte{})
	f.Add([]byte{0x08, 0x01})
	f.Add([]byte("\x08\x01\x12\x04intl"))
	f.Add(bytes.Repeat([]byte{0xff}, 64))
	f.Fuzz(func(t *testing.T, data []byte) {
		env, err := Unmarshal(data, 1<<16)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error %v does not wrap ErrMalformed", err)
			}
			return
		}
		again, err := Marshal(env)
		if err != nil || !bytes.Equal(again, data) {
			t.Fatalf("accepted a non-canonical encoding (%v)", err)
		}
		if len(Readers(env)) == 0 {
			t.Fatal("accepted envelope without readers")
		}
		for _, k := range keys {
			if _, err := Open(env, k, nil); err != nil && !errors.Is(err, ErrNotARecipient) && !errors.Is(err, ErrTampered) {
				t.Fatalf("Open: untyped error %v", err)
			}
		}
	})
}
