package seal

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"
)

// TestRoundTrip seals to 1, 3 and 256 readers in both suites; every reader
// opens the marshaled and re-parsed envelope, a non-reader cannot, and
// Readers names exactly the readers.
func TestRoundTrip(t *testing.T) {
	for _, suite := range suites {
		for _, n := range []int{1, 3, MaxRecipients} {
			t.Run(fmt.Sprintf("%s/%d", suite, n), func(t *testing.T) {
				keys := newKeys(t, suite, n)
				pt := randomBytes(t, 1000)
				ctx := []byte("chain-7")
				env := mustSeal(t, suite, pt, keys, WithClass("ride-record"), WithContext(ctx))
				b := mustMarshal(t, env)
				env2, err := Unmarshal(b, 0)
				if err != nil {
					t.Fatalf("Unmarshal: %v", err)
				}
				if env2.Suite != suite || env2.Class != "ride-record" || env2.Version != 1 {
					t.Fatalf("header: suite %q class %q version %d", env2.Suite, env2.Class, env2.Version)
				}
				for _, k := range keys {
					mustOpen(t, env2, k, ctx, pt)
				}
				outsider := newKeys(t, suite, 1)[0]
				_, err = Open(env2, outsider, ctx)
				wantErr(t, err, ErrNotARecipient)

				var want []KeyID
				for _, k := range keys {
					want = append(want, k.ID())
				}
				slices.SortFunc(want, func(a, b KeyID) int { return bytes.Compare(a[:], b[:]) })
				if got := Readers(env2); !slices.Equal(got, want) {
					t.Fatalf("Readers = %d ids, want the %d readers' ids in ascending order", len(got), len(want))
				}
			})
		}
	}
}

// TestEmptyPayload: a zero-length plaintext round-trips.
func TestEmptyPayload(t *testing.T) {
	for _, suite := range suites {
		keys := newKeys(t, suite, 2)
		env := mustSeal(t, suite, nil, keys)
		env2, err := Unmarshal(mustMarshal(t, env), 0)
		if err != nil {
			t.Fatal(err)
		}
		mustOpen(t, env2, keys[1], nil, []byte{})
	}
}

// TestEnvelopeHidesPlaintext searches the marshaled envelope for the
// plaintext and for every 16-byte window of it, for a random and for a
// low-entropy (text) payload.
func TestEnvelopeHidesPlaintext(t *testing.T) {
	text := []byte(strings.Repeat(`{"ride":"R-2024-000117","driver":"D-42","fare_cents":1250}`, 20))
	for _, suite := range suites {
		for name, pt := range map[string][]byte{"random": randomBytes(t, 1024), "text": text} {
			keys := newKeys(t, suite, 3)
			b := mustMarshal(t, mustSeal(t, suite, pt, keys, WithClass("ride-record")))
			if bytes.Contains(b, pt) {
				t.Fatalf("%s/%s: envelope contains the plaintext", suite, name)
			}
			for i := 0; i+16 <= len(pt); i++ {
				if bytes.Contains(b, pt[i:i+16]) {
					t.Fatalf("%s/%s: envelope contains plaintext bytes %d..%d", suite, name, i, i+16)
				}
			}
		}
	}
}

// TestEveryByteFlipDetected flips every byte (with three masks) of a small
// marshaled envelope: Unmarshal refuses it, or both readers fail to open it.
func TestEveryByteFlipDetected(t *testing.T) {
	for _, suite := range suites {
		t.Run(suite, func(t *testing.T) {
			keys := newKeys(t, suite, 2)
			recips := []Recipient{{PublicKey: keys[0].PublicKey(), Label: "org1"}, {PublicKey: keys[1].PublicKey(), Label: "org2"}}
			ctx := []byte("chain-1")
			pt := []byte("pick-up 08:15 at gate 3")
			env, err := Seal(suite, pt, recips, WithClass("ride-record"), WithContext(ctx))
			if err != nil {
				t.Fatal(err)
			}
			b := mustMarshal(t, env)
			for _, k := range keys {
				mustOpen(t, env, k, ctx, pt)
			}
			for i := range b {
				for _, mask := range []byte{0x01, 0x80, 0xff} {
					mod := bytes.Clone(b)
					mod[i] ^= mask
					env2, err := Unmarshal(mod, 0)
					if err != nil {
						if !errors.Is(err, ErrMalformed) {
							t.Fatalf("byte %d ^%#x: Unmarshal error %v does not wrap ErrMalformed", i, mask, err)
						}
						continue
					}
					for _, k := range keys {
						got, err := Open(env2, k, ctx)
						if err == nil {
							t.Fatalf("byte %d ^%#x: reader %s still opens the envelope (plaintext %q)", i, mask, k.ID(), got)
						}
						if !errors.Is(err, ErrTampered) && !errors.Is(err, ErrNotARecipient) {
							t.Fatalf("byte %d ^%#x: unexpected error %v", i, mask, err)
						}
					}
				}
			}
		})
	}
}

// TestClassAndContextBound: a changed class or another context fails for
// every reader.
func TestClassAndContextBound(t *testing.T) {
	for _, suite := range suites {
		keys := newKeys(t, suite, 2)
		pt := []byte("payload")
		env := mustSeal(t, suite, pt, keys, WithClass("ride-record"), WithContext([]byte("chain-1")))
		for _, k := range keys {
			mustOpen(t, env, k, []byte("chain-1"), pt)
			_, err := Open(env, k, []byte("chain-2"))
			wantErr(t, err, ErrTampered)
			_, err = Open(env, k, nil)
			wantErr(t, err, ErrTampered)
		}
		for _, class := range []string{"ride-RECORD", "invoice", ""} {
			relabelled := proto.Clone(env).(*Envelope)
			relabelled.Class = class
			for _, k := range keys {
				_, err := Open(relabelled, k, []byte("chain-1"))
				wantErr(t, err, ErrTampered)
			}
		}
		// Without a class and context, adding either is detected too.
		plain := mustSeal(t, suite, pt, keys)
		mustOpen(t, plain, keys[0], nil, pt)
		_, err := Open(plain, keys[0], []byte("chain-1"))
		wantErr(t, err, ErrTampered)
		plain.Class = "ride-record"
		_, err = Open(plain, keys[0], nil)
		wantErr(t, err, ErrTampered)
	}
}

// TestRecipientListBound: removing an entry, relabelling one, or swapping
// in the same reader's entry from another envelope is detected.
func TestRecipientListBound(t *testing.T) {
	for _, suite := range suites {
		t.Run(suite, func(t *testing.T) {
			keys := newKeys(t, suite, 3)
			ctx := []byte("chain-1")
			rs := recipientsOf(keys)
			for i := range rs {
				rs[i].Label = fmt.Sprintf("org%d", i+1)
			}
			a, err := Seal(suite, []byte("envelope A"), rs, WithClass("c"), WithContext(ctx))
			if err != nil {
				t.Fatal(err)
			}
			b, err := Seal(suite, []byte("envelope B"), rs, WithClass("c"), WithContext(ctx))
			if err != nil {
				t.Fatal(err)
			}

			// Remove one reader's entry: the removed reader is no longer a
			// recipient, the others cannot open any more.
			for drop := range a.Recipients {
				mod := proto.Clone(a).(*Envelope)
				dropped := KeyID(mod.Recipients[drop].KeyId)
				mod.Recipients = slices.Delete(mod.Recipients, drop, drop+1)
				for _, k := range keys {
					_, err := Open(mod, k, ctx)
					if k.ID() == dropped {
						wantErr(t, err, ErrNotARecipient)
					} else {
						wantErr(t, err, ErrTampered)
					}
				}
			}

			// Substitute entries of A by the same readers' entries of B.
			for i := range a.Recipients {
				mod := proto.Clone(a).(*Envelope)
				mod.Recipients[i] = proto.Clone(b.Recipients[i]).(*Entry)
				if !bytes.Equal(mod.Recipients[i].KeyId, a.Recipients[i].KeyId) {
					t.Fatal("entries of A and B are not in the same order")
				}
				for _, k := range keys {
					_, err := Open(mod, k, ctx)
					wantErr(t, err, ErrTampered)
				}
			}

			// Change a reader's label (to one of the same length, and to
			// none).
			for _, label := range []string{"orgX", ""} {
				mod := proto.Clone(a).(*Envelope)
				mod.Recipients[0].Label = label
				for _, k := range keys {
					_, err := Open(mod, k, ctx)
					wantErr(t, err, ErrTampered)
				}
			}

			// Put A's payload into B's envelope.
			mod := proto.Clone(b).(*Envelope)
			mod.Nonce, mod.Ciphertext, mod.KeyCommitment = a.Nonce, a.Ciphertext, a.KeyCommitment
			for _, k := range keys {
				_, err := Open(mod, k, ctx)
				wantErr(t, err, ErrTampered)
			}
		})
	}
}

// TestCrossSuite: an intl envelope cannot be opened with a gm key, nor the
// reverse, and Seal refuses the other suite's public keys.
func TestCrossSuite(t *testing.T) {
	intl := newKeys(t, SuiteIntl, 1)[0]
	gm := newKeys(t, SuiteGM, 1)[0]
	envIntl := mustSeal(t, SuiteIntl, []byte("x"), []*EncryptionKey{intl})
	envGM := mustSeal(t, SuiteGM, []byte("x"), []*EncryptionKey{gm})
	_, err := Open(envIntl, gm, nil)
	wantErr(t, err, ErrWrongSuite, ErrNotARecipient)
	_, err = Open(envGM, intl, nil)
	wantErr(t, err, ErrWrongSuite, ErrNotARecipient)

	_, err = Seal(SuiteIntl, []byte("x"), []Recipient{{PublicKey: gm.PublicKey()}})
	wantErr(t, err, ErrBadPublicKey)
	_, err = Seal(SuiteGM, []byte("x"), []Recipient{{PublicKey: intl.PublicKey()}})
	wantErr(t, err, ErrBadPublicKey)

	// An envelope relabelled to the other suite is refused as malformed
	// (its entries have the wrong shape) before any key is used.
	mod := proto.Clone(envIntl).(*Envelope)
	mod.Suite = SuiteGM
	_, err = Open(mod, gm, nil)
	wantErr(t, err, ErrMalformed)
}

// TestSealRefusals covers Seal's argument checks.
func TestSealRefusals(t *testing.T) {
	for _, suite := range suites {
		keys := newKeys(t, suite, 2)
		rs := recipientsOf(keys)

		_, err := Seal(suite, []byte("x"), nil)
		wantErr(t, err, ErrNoRecipients)

		_, err = Seal(suite, []byte("x"), []Recipient{rs[0], rs[1], rs[0]})
		wantErr(t, err, ErrDuplicateRecipient)
		_, err = Seal(suite, []byte("x"), []Recipient{rs[0], {PublicKey: rs[0].PublicKey, Label: "other"}})
		wantErr(t, err, ErrDuplicateRecipient)

		many := recipientsOf(newKeys(t, suite, MaxRecipients+1))
		_, err = Seal(suite, []byte("x"), many)
		wantErr(t, err, ErrTooManyRecipients)
		if _, err := Seal(suite, []byte("x"), many[:MaxRecipients]); err != nil {
			t.Fatalf("%d recipients: %v", MaxRecipients, err)
		}

		_, err = Seal(suite, make([]byte, 101), rs, WithMaxPayload(100))
		wantErr(t, err, ErrPayloadTooLarge)
		if _, err := Seal(suite, make([]byte, 100), rs, WithMaxPayload(100)); err != nil {
			t.Fatal(err)
		}
		_, err = Seal(suite, make([]byte, DefaultMaxPayload+1), rs)
		wantErr(t, err, ErrPayloadTooLarge)

		for _, class := range []string{"ride record", "r\x00", strings.Repeat("c", MaxClassLen+1), "é"} {
			_, err = Seal(suite, []byte("x"), rs, WithClass(class))
			wantErr(t, err, ErrBadLabel)
		}
		_, err = Seal(suite, []byte("x"), []Recipient{{PublicKey: rs[0].PublicKey, Label: strings.Repeat("l", MaxLabelLen+1)}})
		wantErr(t, err, ErrBadLabel)
		if _, err := Seal(suite, []byte("x"), []Recipient{{PublicKey: rs[0].PublicKey, Label: strings.Repeat("l", MaxLabelLen)}}, WithClass(strings.Repeat("c", MaxClassLen))); err != nil {
			t.Fatal(err)
		}
	}
	_, err := Seal("rsa", []byte("x"), []Recipient{{PublicKey: make([]byte, 32)}})
	wantErr(t, err, ErrUnsupportedSuite)
	if _, err := GenerateEncryptionKey("rsa"); !errors.Is(err, ErrUnsupportedSuite) {
		t.Fatalf("GenerateEncryptionKey(rsa): %v", err)
	}
	// "" is intl, as in package crypto.
	k := newKeys(t, "", 1)[0]
	if k.Suite() != SuiteIntl {
		t.Fatalf("suite %q", k.Suite())
	}
	env := mustSeal(t, "", []byte("x"), []*EncryptionKey{k})
	if env.Suite != SuiteIntl {
		t.Fatalf("envelope suite %q", env.Suite)
	}
}

// TestAddReaders: new readers and old ones open the re-issued envelope; the
// original is unchanged; a non-reader cannot re-issue; duplicates and the
// reader limit are enforced; the two envelopes' payloads do not mix.
func TestAddReaders(t *testing.T) {
	for _, suite := range suites {
		t.Run(suite, func(t *testing.T) {
			old := newKeys(t, suite, 2)
			added := newKeys(t, suite, 2)
			ctx := []byte("chain-1")
			pt := []byte("shared record")
			env := mustSeal(t, suite, pt, old, WithClass("ride-record"), WithContext(ctx))
			before := mustMarshal(t, env)

			env2, err := AddReaders(env, old[1], ctx, Recipient{PublicKey: added[0].PublicKey(), Label: "org3"}, Recipient{PublicKey: added[1].PublicKey()})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(mustMarshal(t, env), before) {
				t.Fatal("AddReaders modified its input")
			}
			env2, err = Unmarshal(mustMarshal(t, env2), 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range append(slices.Clone(old), added...) {
				mustOpen(t, env2, k, ctx, pt)
			}
			if len(Readers(env2)) != 4 || env2.Class != "ride-record" {
				t.Fatalf("re-issued envelope: %d readers, class %q", len(Readers(env2)), env2.Class)
			}
			// Old entries are kept byte for byte.
			for _, e := range env.Recipients {
				i := slices.IndexFunc(env2.Recipients, func(f *Entry) bool { return bytes.Equal(f.KeyId, e.KeyId) })
				if i < 0 || !proto.Equal(env2.Recipients[i], e) {
					t.Fatalf("entry %x not kept", e.KeyId)
				}
			}
			_, err = Open(env, added[0], ctx)
			wantErr(t, err, ErrNotARecipient)

			// Mixing the two: the old payload under the new reader list.
			mix := proto.Clone(env2).(*Envelope)
			mix.Nonce, mix.Ciphertext = env.Nonce, env.Ciphertext
			for _, k := range old {
				_, err := Open(mix, k, ctx)
				wantErr(t, err, ErrTampered)
			}

			_, err = AddReaders(env, added[0], ctx, Recipient{PublicKey: added[1].PublicKey()})
			wantErr(t, err, ErrNotARecipient)
			_, err = AddReaders(env, old[0], []byte("chain-2"), Recipient{PublicKey: added[1].PublicKey()})
			wantErr(t, err, ErrTampered)
			_, err = AddReaders(env, old[0], ctx, Recipient{PublicKey: old[1].PublicKey(), Label: "again"})
			wantErr(t, err, ErrDuplicateRecipient)
			_, err = AddReaders(env, old[0], ctx)
			wantErr(t, err, ErrNoRecipients)
			_, err = AddReaders(env, old[0], ctx, recipientsOf(newKeys(t, suite, MaxRecipients-1))...)
			wantErr(t, err, ErrTooManyRecipients)
			if _, err := AddReaders(env, old[0], ctx, recipientsOf(newKeys(t, suite, MaxRecipients-2))...); err != nil {
				t.Fatalf("filling up to %d readers: %v", MaxRecipients, err)
			}
		})
	}
}
