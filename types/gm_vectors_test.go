package types_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/emmansun/gmsm/sm3"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/types"
)

// The GM suite hashes with SM3 and the intl suite with SHA-256: checked
// against the published test vectors (GB/T 32905-2016 appendix A, FIPS
// 180-2) and against gmsm's sm3 and the standard library's sha256 called
// here directly, never through the suite. A suite that quietly hashed with
// the other function (or a GM chain with SHA-256) fails here.
func TestSuiteHashesAreSM3AndSHA256(t *testing.T) {
	abcd := bytes.Repeat([]byte("abcd"), 16)
	for _, tc := range []struct {
		suite types.Suite
		in    []byte
		want  string
	}{
		{types.GM, []byte("abc"), "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"},
		{types.GM, abcd, "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"},
		{types.Intl, []byte("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
	} {
		got := tc.suite.Sum(tc.in)
		if hex.EncodeToString(got[:]) != tc.want {
			t.Errorf("%s.Sum(%q) = %x, want %s", tc.suite.Name(), tc.in, got, tc.want)
		}
		h := tc.suite.Hasher()()
		h.Write(tc.in)
		if hex.EncodeToString(h.Sum(nil)) != tc.want {
			t.Errorf("%s.Hasher() is not the suite's hash", tc.suite.Name())
		}
	}
	if s, err := types.SuiteNamed("gm"); err != nil || s.Name() != "gm" || s.Sum([]byte("abc")) != types.GM.Sum([]byte("abc")) {
		t.Fatalf("SuiteNamed(gm) = %v, %v", s.Name(), err)
	}
	g := &types.Genesis{Crypto: "gm"}
	if g.Suite().Name() != "gm" {
		t.Fatalf("a gm genesis has suite %s", g.Suite().Name())
	}

	// Every chain hash of the GM suite is SM3 of the bytes it names.
	sm3Of := func(b []byte) [32]byte { return sm3.Sum(b) }
	body := []byte("a transaction body")
	tx := &types.Transaction{Body: body}
	if types.GM.TxHash(tx) != sm3Of(body) {
		t.Error("GM transaction hash is not SM3 of the body")
	}
	if types.Intl.TxHash(tx) != sha256.Sum256(body) {
		t.Error("intl transaction hash is not SHA-256 of the body")
	}
	if types.GM.AccountID("alice") != sm3Of([]byte("alice")) {
		t.Error("GM account identity is not SM3 of the name")
	}
	hdr := &types.BlockHeader{ChainId: "gm-chain", Height: 7, TimeMs: 1234, TxCount: 1}
	hb, err := proto.MarshalOptions{Deterministic: true}.Marshal(hdr)
	if err != nil {
		t.Fatal(err)
	}
	if types.GM.HeaderHash(hdr) != sm3Of(hb) {
		t.Error("GM block hash is not SM3 of the header's deterministic encoding")
	}
	// A one-transaction root is the leaf hash SM3(0x00 || tx hash).
	th := sm3Of(body)
	leaf := sm3Of(append([]byte{0}, th[:]...))
	if !bytes.Equal(types.GM.TxRoot([]types.Hash{th}), leaf[:]) {
		t.Error("GM transaction root is not an SM3 Merkle root")
	}
	// Two: SM3(0x01 || leaf0 || leaf1).
	th2 := sm3Of([]byte("second"))
	leaf2 := sm3Of(append([]byte{0}, th2[:]...))
	node := sm3Of(append(append([]byte{1}, leaf[:]...), leaf2[:]...))
	if !bytes.Equal(types.GM.TxRoot([]types.Hash{th, th2}), node[:]) {
		t.Error("GM transaction root of two is not SM3(0x01 || leaf || leaf)")
	}
}
