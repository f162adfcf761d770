package seal

import (
	"bytes"
	"crypto/rand"
	"errors"
	"testing"
)

var suites = []string{SuiteIntl, SuiteGM}

func newKeys(t testing.TB, suite string, n int) []*EncryptionKey {
	t.Helper()
	keys := make([]*EncryptionKey, n)
	for i := range keys {
		k, err := GenerateEncryptionKey(suite)
		if err != nil {
			t.Fatal(err)
		}
		keys[i] = k
	}
	return keys
}

func recipientsOf(keys []*EncryptionKey) []Recipient {
	rs := make([]Recipient, len(keys))
	for i, k := range keys {
		rs[i] = Recipient{PublicKey: k.PublicKey()}
	}
	return rs
}

func randomBytes(t testing.TB, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}

func mustSeal(t testing.TB, suite string, pt []byte, keys []*EncryptionKey, opts ...Option) *Envelope {
	t.Helper()
	env, err := Seal(suite, pt, recipientsOf(keys), opts...)
	if err != nil {
		t.Fatalf("Seal: %v", err)
	}
	return env
}

func mustMarshal(t testing.TB, env *Envelope) []byte {
	t.Helper()
	b, err := Marshal(env)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	return b
}

func mustOpen(t testing.TB, env *Envelope, k *EncryptionKey, context []byte, want []byte) {
	t.Helper()
	got, err := Open(env, k, context)
	if err != nil {
		t.Fatalf("Open by %s: %v", k.ID(), err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("Open by %s: wrong plaintext", k.ID())
	}
}

func wantErr(t testing.TB, err error, targets ...error) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %v", targets)
	}
	for _, target := range targets {
		if !errors.Is(err, target) {
			t.Fatalf("got %v, want errors.Is %v", err, target)
		}
	}
}
