package evm

import (
	"bytes"
	"crypto/sha512"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/causeway/causeway/crypto/confidential"
	"github.com/ethereum/go-ethereum/common"
	"github.com/gtank/ristretto255"
)

// Commitments made by hand with ristretto255, independently of package
// confidential: C = v·G + r·H, G the base point, H the element derived from
// SHA-512("causeway/confidential/v1/H") (RFC 9496 §4.3.4).

func handH(t testing.TB) *ristretto255.Element {
	t.Helper()
	d := sha512.Sum512([]byte("causeway/confidential/v1/H"))
	h, err := ristretto255.NewIdentityElement().SetUniformBytes(d[:])
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// handScalar derives a scalar from a label.
func handScalar(t testing.TB, label string) *ristretto255.Scalar {
	t.Helper()
	d := sha512.Sum512([]byte("test blinding/" + label))
	s, err := ristretto255.NewScalar().SetUniformBytes(d[:])
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func handUint64(t testing.TB, v uint64) *ristretto255.Scalar {
	t.Helper()
	var b [32]byte
	binary.LittleEndian.PutUint64(b[:], v)
	s, err := ristretto255.NewScalar().SetCanonicalBytes(b[:])
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func handCommit(t testing.TB, v uint64, r *ristretto255.Scalar) *ristretto255.Element {
	t.Helper()
	vG := ristretto255.NewIdentityElement().ScalarBaseMult(handUint64(t, v))
	rH := ristretto255.NewIdentityElement().ScalarMult(r, handH(t))
	return vG.Add(vG, rH)
}

func word(b []byte) [32]byte { return [32]byte(b) }

// opening returns the opening of v with the blinding derived from label,
// as package confidential represents it.
func opening(t testing.TB, v uint64, label string) confidential.Opening {
	t.Helper()
	r, err := confidential.DecodeScalar(handScalar(t, label).Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return confidential.Opening{Value: v, Blinding: r}
}

// Non-canonical encodings.
var (
	// an odd field element ("negative"), refused by RFC 9496 decoding
	nonCanonicalPoint = [32]byte{1}
	// 2^256 − 1: above the field prime
	nonCanonicalPoint2 = [32]byte(bytes.Repeat([]byte{0xff}, 32))
	// the group order ℓ, little-endian: the smallest non-canonical scalar
	scalarL = [32]byte(mustHex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010"))
)

func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// sysCall calls a system contract directly, as an account, with testGas.
func (c *testChain) sysCall(to common.Address, method string, args ...any) *Result {
	c.t.Helper()
	input, err := SystemABI.Pack(method, args...)
	if err != nil {
		c.t.Fatalf("pack %s: %v", method, err)
	}
	return c.sysCallInput(to, input, testGas)
}

func (c *testChain) sysCallInput(to common.Address, input []byte, gas uint64) *Result {
	c.t.Helper()
	var res *Result
	c.expectUnchanged(func() { // they read and write nothing
		var err error
		res, err = Call(c.kv, c.ctx, alice, c.nextTx(), to.Bytes(), input, gas, 0)
		if err != nil {
			c.t.Fatalf("call %x: %v", to, err)
		}
	})
	return res
}

// verdict calls a verifying system contract and returns its bool, requiring
// success.
func (c *testChain) verdict(to common.Address, method string, args ...any) bool {
	c.t.Helper()
	res := c.sysCall(to, method, args...)
	if res.Err != nil {
		c.t.Fatalf("%s: %v (reason %q)", method, res.Err, res.RevertReason)
	}
	out, err := SystemABI.Unpack(method, res.ReturnData)
	if err != nil {
		c.t.Fatalf("unpack %s: %v", method, err)
	}
	return out[0].(bool)
}

// expectRevert calls a system contract and requires a revert whose reason
// is "causeway: method: " followed by text containing want.
func (c *testChain) expectRevert(to common.Address, want, method string, args ...any) {
	c.t.Helper()
	res := c.sysCall(to, method, args...)
	prefix := "causeway: " + method + ": "
	if !errors.Is(res.Err, ErrReverted) || !strings.HasPrefix(res.RevertReason, prefix) || !strings.Contains(res.RevertReason, want) {
		c.t.Fatalf("%s: %v %q, want a revert %q...%q", method, res.Err, res.RevertReason, prefix, want)
	}
}

func TestSystemVerifyCommitment(t *testing.T) {
	c := newTestChain(t)
	r := handScalar(t, "a")
	for _, v := range []uint64{0, 1, 1000, 1<<64 - 1} {
		cm := word(handCommit(t, v, r).Bytes())
		if !c.verdict(VerifyCommitmentAddress, "verifyCommitment", cm, v, word(r.Bytes())) {
			t.Fatalf("Commit(%d, r) does not open to (%d, r)", v, v)
		}
		if c.verdict(VerifyCommitmentAddress, "verifyCommitment", cm, v+1, word(r.Bytes())) {
			t.Fatalf("Commit(%d, r) opens to %d", v, v+1)
		}
		r2 := ristretto255.NewScalar().Add(r, handUint64(t, 1))
		if c.verdict(VerifyCommitmentAddress, "verifyCommitment", cm, v, word(r2.Bytes())) {
			t.Fatalf("Commit(%d, r) opens with r+1", v)
		}
	}
	// The identity (32 zero bytes) is Commit(0, 0), and nothing else.
	if !c.verdict(VerifyCommitmentAddress, "verifyCommitment", [32]byte{}, uint64(0), [32]byte{}) {
		t.Fatal("the identity is not Commit(0, 0)")
	}
	if c.verdict(VerifyCommitmentAddress, "verifyCommitment", [32]byte{}, uint64(1), [32]byte{}) {
		t.Fatal("the identity opens to 1")
	}
	// The largest canonical blinding, ℓ − 1, is accepted.
	lm1 := scalarL
	lm1[0]--
	rl := ristretto255.NewScalar()
	if _, err := rl.SetCanonicalBytes(lm1[:]); err != nil {
		t.Fatal(err)
	}
	if !c.verdict(VerifyCommitmentAddress, "verifyCommitment", word(handCommit(t, 7, rl).Bytes()), uint64(7), lm1) {
		t.Fatal("blinding ℓ−1 refused")
	}
	// Malformed encodings revert.
	good := word(handCommit(t, 5, r).Bytes())
	c.expectRevert(VerifyCommitmentAddress, "commitment is not a canonical ristretto255 encoding", "verifyCommitment", nonCanonicalPoint, uint64(5), word(r.Bytes()))
	c.expectRevert(VerifyCommitmentAddress, "commitment is not a canonical ristretto255 encoding", "verifyCommitment", nonCanonicalPoint2, uint64(5), word(r.Bytes()))
	c.expectRevert(VerifyCommitmentAddress, "blinding is not a canonical scalar", "verifyCommitment", good, uint64(5), scalarL)
	c.expectRevert(VerifyCommitmentAddress, "blinding is not a canonical scalar", "verifyCommitment", good, uint64(5), nonCanonicalPoint2)
}

func TestSystemCommitmentArithmetic(t *testing.T) {
	c := newTestChain(t)
	a := handCommit(t, 30, handScalar(t, "a"))
	b := handCommit(t, 12, handScalar(t, "b"))
	call := func(method string, x, y [32]byte) [32]byte {
		res := c.sysCall(map[string]common.Address{"addCommitments": AddCommitmentsAddress, "subCommitments": SubCommitmentsAddress}[method], method, x, y)
		if res.Err != nil {
			t.Fatalf("%s: %v %q", method, res.Err, res.RevertReason)
		}
		out, err := SystemABI.Unpack(method, res.ReturnData)
		if err != nil {
			t.Fatal(err)
		}
		return out[0].([32]byte)
	}
	sum := ristretto255.NewIdentityElement().Add(a, b)
	if got := call("addCommitments", word(a.Bytes()), word(b.Bytes())); got != word(sum.Bytes()) {
		t.Fatalf("a + b = %x, want %x", got, sum.Bytes())
	}
	diff := ristretto255.NewIdentityElement().Subtract(a, b)
	if got := call("subCommitments", word(a.Bytes()), word(b.Bytes())); got != word(diff.Bytes()) {
		t.Fatalf("a − b = %x, want %x", got, diff.Bytes())
	}
	// The sum opens to the sums of the values and of the blindings.
	if got := call("addCommitments", word(a.Bytes()), word(b.Bytes())); got != word(handCommit(t, 42, ristretto255.NewScalar().Add(handScalar(t, "a"), handScalar(t, "b"))).Bytes()) {
		t.Fatal("a + b is not Commit(30 + 12, ra + rb)")
	}
	// b − a commits to −18, that is ℓ − 18, not to 2^64 − 18.
	rba := ristretto255.NewScalar().Subtract(handScalar(t, "b"), handScalar(t, "a"))
	minus18 := ristretto255.NewIdentityElement().ScalarBaseMult(ristretto255.NewScalar().Negate(handUint64(t, 18)))
	want := minus18.Add(minus18, ristretto255.NewIdentityElement().ScalarMult(rba, handH(t)))
	got := call("subCommitments", word(b.Bytes()), word(a.Bytes()))
	if got != word(want.Bytes()) || got == word(handCommit(t, 1<<64-18, rba).Bytes()) {
		t.Fatal("b − a is not Commit(−18 mod ℓ, rb − ra)")
	}
	if got := call("subCommitments", word(a.Bytes()), word(a.Bytes())); got != ([32]byte{}) {
		t.Fatalf("a − a = %x, want the identity", got)
	}
	for _, m := range []string{"addCommitments", "subCommitments"} {
		to := map[string]common.Address{"addCommitments": AddCommitmentsAddress, "subCommitments": SubCommitmentsAddress}[m]
		c.expectRevert(to, "a is not a canonical ristretto255 encoding", m, nonCanonicalPoint, word(b.Bytes()))
		c.expectRevert(to, "b is not a canonical ristretto255 encoding", m, word(a.Bytes()), nonCanonicalPoint2)
	}
}

// rangeProof proves the openings' values with package confidential and
// returns the commitments and the encoded proof.
func rangeProof(t testing.TB, os []confidential.Opening, context []byte) ([][32]byte, []byte) {
	t.Helper()
	values := make([]uint64, len(os))
	blindings := make([]confidential.Scalar, len(os))
	for i, o := range os {
		values[i], blindings[i] = o.Value, o.Blinding
	}
	p, cs, err := confidential.ProveRange(values, blindings, context)
	if err != nil {
		t.Fatal(err)
	}
	b, err := p.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	words := commitmentWords(cs)
	for i, o := range os { // the commitments are the openings'
		if words[i] != word(handCommit(t, o.Value, handScalarOf(t, o)).Bytes()) {
			t.Fatal("ProveRange's commitment is not Commit(v, r)")
		}
	}
	return words, b
}

func handScalarOf(t testing.TB, o confidential.Opening) *ristretto255.Scalar {
	t.Helper()
	s, err := ristretto255.NewScalar().SetCanonicalBytes(o.Blinding.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func openings(t testing.TB, label string, values ...uint64) []confidential.Opening {
	os := make([]confidential.Opening, len(values))
	for i, v := range values {
		os[i] = opening(t, v, label+"/"+string(rune('a'+i)))
	}
	return os
}

func TestSystemVerifyRange(t *testing.T) {
	c := newTestChain(t)
	ctx := []byte("chain 4242 / contract / purpose")
	valid := func(cs [][32]byte, p, context []byte) bool {
		return c.verdict(VerifyRangeAddress, "verifyRange", cs, p, context)
	}
	for _, m := range []int{1, 2, 4, 8} {
		values := []uint64{0, 1<<64 - 1, 1, 1 << 63, 5, 6, 7, 8}[:m]
		cs, p := rangeProof(t, openings(t, "range", values...), ctx)
		if len(p) != []int{0, 672, 736, 0, 800, 0, 0, 0, 864}[m] {
			t.Fatalf("m=%d: proof is %d bytes", m, len(p))
		}
		if !valid(cs, p, ctx) {
			t.Fatalf("m=%d: a valid proof does not verify", m)
		}
	}

	cs, p := rangeProof(t, openings(t, "two", 700, 300), ctx)
	// Tampered proofs that stay canonical: false, not a revert.
	tHat := slicesClone(p)
	tHat[6*32] ^= 1 // the low byte of t̂ (little-endian scalar)
	if _, err := confidential.DecodeScalar(tHat[6*32 : 7*32]); err != nil {
		t.Fatal("the tampered t̂ is not canonical")
	}
	otherA := slicesClone(p)
	copy(otherA, ristretto255.NewGeneratorElement().Bytes()) // A := G
	lastB := slicesClone(p)
	lastB[len(lastB)-32] ^= 1 // the low byte of b
	swapped := [][32]byte{cs[1], cs[0]}
	other, _ := rangeProof(t, openings(t, "other", 700, 300), ctx)
	for name, tc := range map[string]struct {
		cs      [][32]byte
		p, ctxt []byte
	}{
		"t̂ tampered":          {cs, tHat, ctx},
		"A replaced":           {cs, otherA, ctx},
		"b tampered":           {cs, lastB, ctx},
		"wrong context":        {cs, p, []byte("chain 4242 / contract / other purpose")},
		"empty context":        {cs, p, nil},
		"swapped commitments":  {swapped, p, ctx},
		"other commitments":    {other, p, ctx},
		"commitment repeated":  {[][32]byte{cs[0], cs[0]}, p, ctx},
		"identity commitments": {[][32]byte{{}, {}}, p, ctx},
	} {
		if valid(tc.cs, tc.p, tc.ctxt) {
			t.Errorf("%s: verifies", name)
		}
	}

	// The largest context is accepted; one byte more reverts.
	bigCtx := bytes.Repeat([]byte{7}, MaxProofContextBytes)
	cs1, p1 := rangeProof(t, openings(t, "big", 9), bigCtx)
	if MaxProofContextBytes != 1024 || !valid(cs1, p1, bigCtx) {
		t.Fatal("a proof with a 1024-byte context does not verify")
	}
	c.expectRevert(VerifyRangeAddress, "context is 1025 bytes, at most 1024", "verifyRange", cs1, p1, append(bigCtx, 7))

	// Shapes: reverts.
	nine := make([][32]byte, 9)
	for i := range nine {
		nine[i] = cs[0]
	}
	cs8, p8 := rangeProof(t, openings(t, "eight", 1, 2, 3, 4, 5, 6, 7, 8), ctx)
	for _, tc := range []struct {
		cs     [][32]byte
		p      []byte
		reason string
	}{
		{nil, p1, "0 commitments; a range proof covers 1, 2, 4 or 8"},
		{[][32]byte{cs[0], cs[1], cs[0]}, p, "3 commitments; a range proof covers 1, 2, 4 or 8"},
		{nine, p8, "9 commitments, at most 8"},
		{append(cs8, cs8...), p8, "16 commitments, at most 8"},
		{cs, p1, "proof is 672 bytes, want 736 (m = 2)"},
		{cs1, p, "proof is 736 bytes, want 672 (m = 1)"},
		{cs1, append(slicesClone(p1), 0), "proof is 673 bytes, want 672 (m = 1)"},
		{cs1, p1[:671], "proof is 671 bytes"},
		{cs1, nil, "proof is 0 bytes"},
		{cs1, make([]byte, 100_000), "proof is 100000 bytes"},
		// Shape before encodings: a count error wins over bad points.
		{[][32]byte{nonCanonicalPoint, nonCanonicalPoint, nonCanonicalPoint}, []byte{1}, "3 commitments"},
		{[][32]byte{nonCanonicalPoint}, []byte{1}, "proof is 1 bytes"},
		// Encodings.
		{[][32]byte{cs[0], nonCanonicalPoint}, p, "commitment 1 is not a canonical ristretto255 encoding"},
		{[][32]byte{nonCanonicalPoint2}, p1, "commitment 0 is not a canonical ristretto255 encoding"},
		{cs, withChunk(p, 0, nonCanonicalPoint2), "malformed proof"},                                 // A
		{cs, withChunk(p, 7, nonCanonicalPoint), "malformed proof"},                                  // L_1
		{cs, withChunk(p, 4, scalarL), "malformed proof"},                                            // τx
		{cs, withChunk(p, len(p)/32-1, scalarL), "malformed proof"},                                  // b
		{cs, withChunk(p, len(p)/32-2, [32]byte(bytes.Repeat([]byte{0xff}, 32))), "malformed proof"}, // a
	} {
		c.expectRevert(VerifyRangeAddress, tc.reason, "verifyRange", tc.cs, tc.p, ctx)
	}
}

func slicesClone(b []byte) []byte { return append([]byte(nil), b...) }

// withChunk returns a copy of p with its i-th 32-byte chunk replaced.
func withChunk(p []byte, i int, w [32]byte) []byte {
	q := slicesClone(p)
	copy(q[32*i:], w[:])
	return q
}

func balanceProof(t testing.TB, ins, outs []confidential.Opening, fee uint64, context []byte) []byte {
	t.Helper()
	p, err := confidential.ProveBalance(ins, outs, fee, context)
	if err != nil {
		t.Fatal(err)
	}
	b, err := p.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// handWords returns the openings' commitments, made by hand.
func handWords(t testing.TB, os []confidential.Opening) [][32]byte {
	out := make([][32]byte, len(os))
	for i, o := range os {
		out[i] = word(handCommit(t, o.Value, handScalarOf(t, o)).Bytes())
	}
	return out
}

func TestSystemVerifyBalance(t *testing.T) {
	c := newTestChain(t)
	ctx := []byte("settle #1")
	ins := openings(t, "in", 1000)
	outs := openings(t, "out", 700, 300)
	in, out := handWords(t, ins), handWords(t, outs)
	p := balanceProof(t, ins, outs, 0, ctx)
	valid := func(in, out [][32]byte, fee uint64, p, context []byte) bool {
		return c.verdict(VerifyBalanceAddress, "verifyBalance", in, out, fee, p, context)
	}
	if !valid(in, out, 0, p, ctx) {
		t.Fatal("a valid balance proof does not verify")
	}
	// With a fee: 600 + 450 = 1000 + 45 + 5.
	ins2, outs2 := openings(t, "in2", 600, 450), openings(t, "out2", 1000, 45)
	in2, out2 := handWords(t, ins2), handWords(t, outs2)
	p2 := balanceProof(t, ins2, outs2, 5, ctx)
	if !valid(in2, out2, 5, p2, ctx) {
		t.Fatal("a valid balance proof with a fee does not verify")
	}

	// The lock of 1000 claimed to be 1100, to pay out 800 + 300: outputs
	// exceed the input.
	over := openings(t, "out", 800, 300)
	pOver := balanceProof(t, []confidential.Opening{{Value: 1100, Blinding: ins[0].Blinding}}, over, 0, ctx)
	// ... and 1000 paid out as 600 + 300, destroying 100.
	under := openings(t, "out", 600, 300)
	pUnder := balanceProof(t, []confidential.Opening{{Value: 900, Blinding: ins[0].Blinding}}, under, 0, ctx)
	sTampered := slicesClone(p)
	sTampered[32] ^= 1 // the low byte of s
	rReplaced := withChunk(p, 0, word(ristretto255.NewGeneratorElement().Bytes()))
	for name, tc := range map[string]struct {
		in, out [][32]byte
		fee     uint64
		p, ctxt []byte
	}{
		"fee 1":                 {in, out, 1, p, ctx},
		"fee 1 less":            {in2, out2, 4, p2, ctx},
		"fee 1 more":            {in2, out2, 6, p2, ctx},
		"outputs exceed inputs": {in, handWords(t, over), 0, pOver, ctx},
		"value destroyed":       {in, handWords(t, under), 0, pUnder, ctx},
		"inputs and outputs":    {out, in, 0, p, ctx},
		"outputs swapped":       {in, [][32]byte{out[1], out[0]}, 0, p, ctx},
		"inputs swapped":        {[][32]byte{in2[1], in2[0]}, out2, 5, p2, ctx},
		"output missing":        {in, out[:1], 0, p, ctx},
		"extra zero output":     {in, append(slicesCloneW(out), [32]byte{}), 0, p, ctx},
		"wrong context":         {in, out, 0, p, []byte("settle #2")},
		"s tampered":            {in, out, 0, sTampered, ctx},
		"R replaced":            {in, out, 0, rReplaced, ctx},
	} {
		if valid(tc.in, tc.out, tc.fee, tc.p, tc.ctxt) {
			t.Errorf("%s: verifies", name)
		}
	}

	// 16 inputs and 16 outputs are accepted.
	var v16 []uint64
	for i := range 16 {
		v16 = append(v16, uint64(100+i))
	}
	ins16, outs16 := openings(t, "in16", v16...), openings(t, "out16", v16...)
	p16 := balanceProof(t, ins16, outs16, 0, ctx)
	in16, out16 := handWords(t, ins16), handWords(t, outs16)
	if !valid(in16, out16, 0, p16, ctx) {
		t.Fatal("16 inputs and 16 outputs refused")
	}
	for _, tc := range []struct {
		in, out [][32]byte
		p, ctxt []byte
		reason  string
	}{
		{append(slicesCloneW(in16), in16[0]), out16, p16, ctx, "17 inputs and 16 outputs; at most 16 of each"},
		{in16, append(slicesCloneW(out16), out16[0]), p16, ctx, "16 inputs and 17 outputs; at most 16 of each"},
		{in, out, p[:63], ctx, "proof is 63 bytes; a balance proof is 64"},
		{in, out, append(slicesClone(p), 0), ctx, "proof is 65 bytes"},
		{in, out, nil, ctx, "proof is 0 bytes"},
		{in, out, p, bytes.Repeat([]byte{1}, 1025), "context is 1025 bytes, at most 1024"},
		// Shape before encodings.
		{append(slicesCloneW(in16), nonCanonicalPoint), out16, nil, ctx, "17 inputs"},
		{[][32]byte{nonCanonicalPoint}, out, nil, ctx, "proof is 0 bytes"},
		// Encodings.
		{[][32]byte{nonCanonicalPoint}, out, p, ctx, "input 0 is not a canonical ristretto255 encoding"},
		{in, [][32]byte{out[0], nonCanonicalPoint2}, p, ctx, "output 1 is not a canonical ristretto255 encoding"},
		{in, out, withChunk(p, 0, nonCanonicalPoint), ctx, "malformed proof"},
		{in, out, withChunk(p, 1, scalarL), ctx, "malformed proof"},
	} {
		c.expectRevert(VerifyBalanceAddress, tc.reason, "verifyBalance", tc.in, tc.out, uint64(0), tc.p, tc.ctxt)
	}
}

func slicesCloneW(w [][32]byte) [][32]byte { return append([][32]byte(nil), w...) }

// TestConfidentialSystemContractsGas checks the documented gas: a call with
// exactly the intrinsic gas plus the documented charge succeeds and uses
// all of it; one gas less runs out.
func TestConfidentialSystemContractsGas(t *testing.T) {
	c := newTestChain(t)
	ctx := []byte("gas")
	cs1, p1 := rangeProof(t, openings(t, "g", 5), ctx)
	cs8, p8 := rangeProof(t, openings(t, "g", 1, 2, 3, 4, 5, 6, 7, 8), ctx)
	ins, outs := openings(t, "gi", 10, 20), openings(t, "go", 25, 5)
	pb := balanceProof(t, ins, outs, 0, ctx)
	o := opening(t, 3, "gc")
	cm := handWords(t, []confidential.Opening{o})[0]
	pack := func(method string, args ...any) []byte {
		b, err := SystemABI.Pack(method, args...)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	words := func(b []byte) uint64 { return (uint64(len(b)) + 31) / 32 }
	nine := append(slicesCloneW(cs8), cs8[0])
	for _, tc := range []struct {
		name  string
		to    common.Address
		input []byte
		gas   func(input []byte) uint64 // the documented charge
		ok    bool
	}{
		{"verifyCommitment", VerifyCommitmentAddress, pack("verifyCommitment", cm, uint64(3), word(o.Blinding.Bytes())),
			func([]byte) uint64 { return 6800 }, true},
		{"verifyRange m=1", VerifyRangeAddress, pack("verifyRange", cs1, p1, ctx),
			func(in []byte) uint64 { return 179_000 + 12*words(in) }, true},
		{"verifyRange m=2 (with the m=1 proof: reverts)", VerifyRangeAddress, pack("verifyRange", append(slicesCloneW(cs1), cs1[0]), p1, ctx),
			func(in []byte) uint64 { return 364_800 + 12*words(in) }, false},
		{"verifyRange m=3 (reverts)", VerifyRangeAddress, pack("verifyRange", nine[:3], p8, ctx),
			func(in []byte) uint64 { return 836_300 + 12*words(in) }, false},
		{"verifyRange m=8", VerifyRangeAddress, pack("verifyRange", cs8, p8, ctx),
			func(in []byte) uint64 { return 1_493_100 + 12*words(in) }, true},
		{"verifyRange m=9 (reverts)", VerifyRangeAddress, pack("verifyRange", nine, p8, ctx),
			func(in []byte) uint64 { return 1_493_100 + 12*words(in) }, false},
		{"verifyRange m=0 (reverts)", VerifyRangeAddress, pack("verifyRange", [][32]byte{}, p1, ctx),
			func(in []byte) uint64 { return 179_000 + 12*words(in) }, false},
		{"verifyRange undecodable", VerifyRangeAddress, pack("verifyRange", cs1, p1, ctx)[:40],
			func(in []byte) uint64 { return 179_000 + 12*2 }, false},
		{"verifyBalance 2+2", VerifyBalanceAddress, pack("verifyBalance", handWords(t, ins), handWords(t, outs), uint64(0), pb, ctx),
			func(in []byte) uint64 { return 8500 + 1000*4 + 12*words(in) }, true},
		{"verifyBalance 2+0", VerifyBalanceAddress, pack("verifyBalance", handWords(t, ins), [][32]byte{}, uint64(0), pb, ctx),
			func(in []byte) uint64 { return 8500 + 1000*2 + 12*words(in) }, true},
		{"verifyBalance 40+0 (reverts)", VerifyBalanceAddress, pack("verifyBalance", make([][32]byte, 40), [][32]byte{}, uint64(0), pb, ctx),
			func(in []byte) uint64 { return 8500 + 1000*16 + 12*words(in) }, false},
		{"addCommitments", AddCommitmentsAddress, pack("addCommitments", cm, cm), func([]byte) uint64 { return 1500 }, true},
		{"subCommitments", SubCommitmentsAddress, pack("subCommitments", cm, cm), func([]byte) uint64 { return 1500 }, true},
	} {
		gas := IntrinsicGas(tc.input, false) + tc.gas(tc.input)
		res := c.sysCallInput(tc.to, tc.input, gas)
		if tc.ok && res.Err != nil {
			t.Fatalf("%s with the documented gas: %v %q", tc.name, res.Err, res.RevertReason)
		}
		if !tc.ok && !errors.Is(res.Err, ErrReverted) {
			t.Fatalf("%s: %v, want a revert", tc.name, res.Err)
		}
		if res.GasUsed != gas {
			t.Fatalf("%s: used %d gas, want %d", tc.name, res.GasUsed, gas)
		}
		res = c.sysCallInput(tc.to, tc.input, gas-1)
		if !errors.Is(res.Err, ErrOutOfGas) || res.GasUsed != gas-1 {
			t.Fatalf("%s with one gas less: %v, used %d", tc.name, res.Err, res.GasUsed)
		}
	}
	// "verifyBalance 2+0" above is well-formed but does not balance.
	if c.verdict(VerifyBalanceAddress, "verifyBalance", handWords(t, ins), [][32]byte{}, uint64(0), pb, ctx) {
		t.Fatal("2 inputs, no outputs verify")
	}
}

// staticRelay deploys a contract that STATICCALLs target with its own
// calldata and returns (or reverts with) what target returned.
func (c *testChain) staticRelay(target common.Address) common.Address {
	c.t.Helper()
	runtime := []byte{
		0x36, 0x5f, 0x5f, 0x37, // CALLDATACOPY(0, 0, CALLDATASIZE)
		0x5f, 0x5f, 0x36, 0x5f, // retSize 0, retOffset 0, argsSize CALLDATASIZE, argsOffset 0
		0x61, target[18], target[19], // PUSH2 target
		0x5a, 0xfa, // GAS STATICCALL
		0x3d, 0x5f, 0x5f, 0x3e, // RETURNDATACOPY(0, 0, RETURNDATASIZE)
		0x60, 0x17, 0x57, // PUSH1 23 JUMPI
		0x3d, 0x5f, 0xfd, // REVERT(0, RETURNDATASIZE)
		0x5b, 0x3d, 0x5f, 0xf3, // JUMPDEST RETURN(0, RETURNDATASIZE)
	}
	if !bytes.Equal(target[:18], make([]byte, 18)) || runtime[23] != 0x5b {
		c.t.Fatal("bad relay")
	}
	initCode := append([]byte{0x60, byte(len(runtime)), 0x80, 0x60, 0x09, 0x5f, 0x39, 0x5f, 0xf3}, runtime...)
	res, err := Deploy(c.kv, c.ctx, alice, c.nextTx(), initCode, testGas, 0)
	if err != nil || res.Err != nil {
		c.t.Fatalf("deploy relay: %v %v", err, res.Err)
	}
	return common.Address(res.ContractAddress)
}

// The confidential system contracts are read-only: they work through
// STATICCALL (which the relay proves by failing to deposit evidence).
func TestConfidentialSystemContractsStatic(t *testing.T) {
	c := newTestChain(t)
	ctx := []byte("static")
	cs, p := rangeProof(t, openings(t, "s", 77), ctx)
	ins, outs := openings(t, "si", 50), openings(t, "so", 20, 30)
	pb := balanceProof(t, ins, outs, 0, ctx)
	o := opening(t, 8, "sc")
	cm := handWords(t, []confidential.Opening{o})[0]
	for _, tc := range []struct {
		to     common.Address
		method string
		args   []any
		want   any
	}{
		{VerifyRangeAddress, "verifyRange", []any{cs, p, ctx}, true},
		{VerifyRangeAddress, "verifyRange", []any{cs, p, []byte("other")}, false},
		{VerifyBalanceAddress, "verifyBalance", []any{handWords(t, ins), handWords(t, outs), uint64(0), pb, ctx}, true},
		{VerifyCommitmentAddress, "verifyCommitment", []any{cm, uint64(8), word(o.Blinding.Bytes())}, true},
		{AddCommitmentsAddress, "addCommitments", []any{cm, [32]byte{}}, cm},
		{SubCommitmentsAddress, "subCommitments", []any{cm, cm}, [32]byte{}},
	} {
		relay := c.staticRelay(tc.to)
		input, _ := SystemABI.Pack(tc.method, tc.args...)
		res, err := Query(c.kv, c.ctx, bob, relay.Bytes(), input, 0)
		if err != nil || res.Err != nil {
			t.Fatalf("%s through STATICCALL: %v %v %q", tc.method, err, res.Err, res.RevertReason)
		}
		out, err := SystemABI.Unpack(tc.method, res.ReturnData)
		if err != nil || out[0] != tc.want {
			t.Fatalf("%s through STATICCALL = %v %v, want %v", tc.method, out, err, tc.want)
		}
	}
	// The relay's call is static: a deposit through it is refused.
	relay := c.staticRelay(EvidenceAddress)
	input, _ := SystemABI.Pack("depositEvidence", [32]byte{1}, "sha256", "")
	res, err := Call(c.kv, c.ctx, alice, c.nextTx(), relay.Bytes(), input, testGas, 0)
	if err != nil || !strings.Contains(res.RevertReason, "not allowed in a static call") {
		t.Fatalf("deposit through the relay: %v %v %q", err, res.Err, res.RevertReason)
	}
	// Reverts pass through the relay too.
	relay = c.staticRelay(VerifyRangeAddress)
	input, _ = SystemABI.Pack("verifyRange", [][32]byte{}, p, ctx)
	res, _ = Query(c.kv, c.ctx, bob, relay.Bytes(), input, 0)
	if res.RevertReason != "causeway: verifyRange: 0 commitments; a range proof covers 1, 2, 4 or 8" {
		t.Fatalf("revert through the relay: %q", res.RevertReason)
	}
}

// Generic refusals of system contracts apply to the new ones.
func TestConfidentialSystemContractsRefuse(t *testing.T) {
	c := newTestChain(t)
	input, _ := SystemABI.Pack("addCommitments", [32]byte{}, [32]byte{})
	res, err := Call(c.kv, c.ctx, alice, c.nextTx(), AddCommitmentsAddress.Bytes(), input, testGas, 5)
	if err != nil || !strings.Contains(res.RevertReason, "do not accept value") {
		t.Fatalf("value: %v %v %q", err, res.Err, res.RevertReason)
	}
	// Each address implements only its own function.
	input, _ = SystemABI.Pack("subCommitments", [32]byte{}, [32]byte{})
	res = c.sysCallInput(AddCommitmentsAddress, input, testGas)
	if !strings.Contains(res.RevertReason, "unknown function selector") {
		t.Fatalf("subCommitments at the add address: %q", res.RevertReason)
	}
	res = c.sysCallInput(VerifyRangeAddress, []byte{1, 2, 3}, testGas)
	if !strings.Contains(res.RevertReason, "unknown function selector") {
		t.Fatalf("short input: %q", res.RevertReason)
	}
	input, _ = SystemABI.Pack("verifyBalance", [][32]byte{}, [][32]byte{}, uint64(0), []byte{}, []byte{})
	res = c.sysCallInput(VerifyBalanceAddress, input[:100], testGas)
	if !strings.Contains(res.RevertReason, "causeway: verifyBalance: malformed arguments") {
		t.Fatalf("truncated input: %q", res.RevertReason)
	}
	// A commitment array whose declared length exceeds the input.
	input, _ = SystemABI.Pack("verifyRange", [][32]byte{{}}, []byte{}, []byte{})
	binary.BigEndian.PutUint64(input[4+3*32+24:], 1<<40)
	res = c.sysCallInput(VerifyRangeAddress, input, testGas)
	if !strings.Contains(res.RevertReason, "causeway: verifyRange: malformed arguments") {
		t.Fatalf("overlong array: %v %q", res.Err, res.RevertReason)
	}
}
