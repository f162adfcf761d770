package confidential

import (
	"bytes"
	"errors"
	"testing"

	"github.com/gtank/ristretto255"
)

func openings(t testing.TB, seed uint64, values ...uint64) []Opening {
	rng := seeded(seed)
	out := make([]Opening, len(values))
	for i, v := range values {
		o, err := newOpeningWith(rng, v)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = o
	}
	return out
}

// excessOf returns Σ r_in − Σ r_out.
func excessOf(ins, outs []Opening) *ristretto255.Scalar {
	r := ristretto255.NewScalar()
	for _, o := range ins {
		r.Add(r, &o.Blinding.s)
	}
	for _, o := range outs {
		r.Subtract(r, &o.Blinding.s)
	}
	return r
}

func TestBalanceProof(t *testing.T) {
	rng := seeded(20)
	ctx := []byte("chain-1/tx-9")
	ins := openings(t, 21, 1000, max64, 5)
	outs := openings(t, 22, 600, 390, max64)
	const fee = 15
	p, err := proveBalance(rng, ins, outs, fee, ctx)
	if err != nil {
		t.Fatal(err)
	}
	ci, co := openingCommitments(ins), openingCommitments(outs)
	if err := VerifyBalance(ci, co, fee, p, ctx); err != nil {
		t.Fatalf("valid proof refused: %v", err)
	}
	enc := mustMarshal(t, p)
	var q BalanceProof
	if err := q.UnmarshalBinary(enc); err != nil || !bytes.Equal(mustMarshal(t, &q), enc) {
		t.Fatalf("round trip: %v", err)
	}
	if err := VerifyBalance(ci, co, fee, &q, ctx); err != nil {
		t.Fatal(err)
	}

	refuse := func(name string, ci, co []Commitment, fee uint64, p *BalanceProof, ctx []byte) {
		t.Helper()
		if err := VerifyBalance(ci, co, fee, p, ctx); !errors.Is(err, ErrInvalidProof) {
			t.Errorf("%s: %v, want ErrInvalidProof", name, err)
		}
	}
	refuse("fee+1", ci, co, fee+1, p, ctx)
	refuse("fee-1", ci, co, fee-1, p, ctx)
	refuse("no fee", ci, co, 0, p, ctx)
	zero := openings(t, 23, 0)[0]
	refuse("extra output of 0", ci, append(co[:len(co):len(co)], zero.Commitment()), fee, p, ctx)
	refuse("extra input of 0", append(ci[:len(ci):len(ci)], zero.Commitment()), co, fee, p, ctx)
	refuse("missing output", ci, co[:2], fee, p, ctx)
	refuse("output +1", ci, []Commitment{co[0].AddValue(1), co[1], co[2]}, fee, p, ctx)
	refuse("inputs and outputs exchanged", co, ci, fee, p, ctx)
	refuse("wrong context", ci, co, fee, p, []byte("chain-2/tx-9"))
	// Moving value from an output to the fee keeps Σ in − Σ out − fee
	// equal but changes the statement: the transcript binds each term.
	refuse("fee moved", ci, []Commitment{co[0].SubValue(1), co[1], co[2]}, fee+1, p, ctx)
	// So does moving value or blinding between outputs, or between inputs.
	refuse("value moved between outputs", ci, []Commitment{co[0].SubValue(1), co[1].AddValue(1), co[2]}, fee, p, ctx)
	refuse("inputs reordered", []Commitment{ci[1], ci[0], ci[2]}, co, fee, p, ctx)
	shift := Commit(0, ScalarFromUint64(5))
	refuse("blinding moved between inputs", []Commitment{ci[0].Add(shift), ci[1].Sub(shift), ci[2]}, co, fee, p, ctx)

	for i := range enc {
		for _, mask := range []byte{0x01, 0x80} {
			bad := append([]byte(nil), enc...)
			bad[i] ^= mask
			var q BalanceProof
			if err := q.UnmarshalBinary(bad); err != nil {
				if !errors.Is(err, ErrMalformed) {
					t.Fatalf("byte %d: %v", i, err)
				}
				continue
			}
			refuse("flipped byte", ci, co, fee, &q, ctx)
		}
	}
	if err := VerifyBalance(ci, co, fee, &BalanceProof{}, ctx); !errors.Is(err, ErrMalformed) {
		t.Errorf("zero-value proof: %v", err)
	}
	if err := VerifyBalance(ci, co, fee, nil, ctx); !errors.Is(err, ErrMalformed) {
		t.Errorf("nil proof: %v", err)
	}
	if _, err := (&BalanceProof{}).MarshalBinary(); !errors.Is(err, ErrMalformed) {
		t.Error("zero-value proof marshalled")
	}
	for _, n := range []int{0, 32, 63, 65, 128} {
		b := make([]byte, n)
		copy(b, enc)
		if err := q.UnmarshalBinary(b); !errors.Is(err, ErrMalformed) {
			t.Errorf("%d-byte proof: %v", n, err)
		}
	}
	for _, bad := range []string{ellHex, badElementEncodings[0]} {
		b := append([]byte(nil), enc...)
		if bad == ellHex {
			copy(b[32:], mustHex(t, bad))
		} else {
			copy(b, mustHex(t, bad))
		}
		if err := q.UnmarshalBinary(b); !errors.Is(err, ErrNonCanonical) {
			t.Errorf("non-canonical: %v", err)
		}
	}
}

// TestBalanceProofRefusesCreatedValue: a prover that does not check the
// values (it knows every blinding and proves r = Σ r_in − Σ r_out) cannot
// make outputs worth more, or less, than inputs minus fee verify.
func TestBalanceProofRefusesCreatedValue(t *testing.T) {
	rng := seeded(24)
	ctx := []byte("ctx")
	for _, c := range []struct {
		name      string
		ins, outs []uint64
		fee       uint64
	}{
		{"outputs exceed inputs", []uint64{100}, []uint64{60, 50}, 0},
		{"outputs exceed inputs by 1", []uint64{100, 1}, []uint64{101}, 1},
		{"fee not covered", []uint64{100}, []uint64{100}, 1},
		{"value destroyed", []uint64{100}, []uint64{99}, 0},
		{"outputs overflow 2^64", []uint64{max64}, []uint64{max64, 1}, 0},
		{"inputs overflow 2^64", []uint64{max64, 1}, []uint64{0}, 0},
		{"outputs and fee overflow 2^64", []uint64{5}, []uint64{max64}, 6},
	} {
		ins := openings(t, 25, c.ins...)
		outs := openings(t, 26, c.outs...)
		if _, err := proveBalance(rng, ins, outs, c.fee, ctx); !errors.Is(err, ErrUnbalanced) {
			t.Errorf("%s: honest prover: %v, want ErrUnbalanced", c.name, err)
		}
		ci, co := openingCommitments(ins), openingCommitments(outs)
		p, err := buildBalanceProof(rng, ci, co, c.fee, excessOf(ins, outs), ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := VerifyBalance(ci, co, c.fee, p, ctx); !errors.Is(err, ErrInvalidProof) {
			t.Errorf("%s: cheating proof: %v, want ErrInvalidProof", c.name, err)
		}
	}
	// The same harness with balanced values verifies.
	ins, outs := openings(t, 27, 10, 20), openings(t, 28, 29)
	ci, co := openingCommitments(ins), openingCommitments(outs)
	p, err := buildBalanceProof(rng, ci, co, 1, excessOf(ins, outs), ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := VerifyBalance(ci, co, 1, p, ctx); err != nil {
		t.Fatalf("balanced values through the cheating harness: %v", err)
	}
}

// TestNegativeOutputNeedsRangeProof: an output committing to −50 (ℓ − 50)
// balances an output of 150 against an input of 100, so VerifyBalance
// accepts it; the range proof on the outputs is what refuses it.
func TestNegativeOutputNeedsRangeProof(t *testing.T) {
	rng := seeded(29)
	ctx := []byte("ctx")
	in := openings(t, 30, 100)[0]
	big := openings(t, 31, 150)[0]
	gNeg, _ := randomScalar(rng)
	minus50 := ristretto255.NewScalar().Negate(scalarUint64(50))
	neg := Commitment{p: commitElement(minus50, gNeg)}
	r := ristretto255.NewScalar().Subtract(&in.Blinding.s, &big.Blinding.s)
	r.Subtract(r, gNeg)
	ci, co := []Commitment{in.Commitment()}, []Commitment{big.Commitment(), neg}
	p, err := buildBalanceProof(rng, ci, co, 0, r, ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := VerifyBalance(ci, co, 0, p, ctx); err != nil {
		t.Fatalf("the balance itself holds modulo ℓ: %v", err)
	}
	rp, Vs, err := buildRangeProof(rng, []*ristretto255.Scalar{scalarUint64(150), minus50},
		[]*ristretto255.Scalar{&big.Blinding.s, gNeg}, append(bitsOf(scalarUint64(150)), bitsOf(minus50)...), ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !(Commitment{p: Vs[1]}).Equal(neg) {
		t.Fatal("range proof over another commitment")
	}
	if err := VerifyRange(co, rp, ctx); !errors.Is(err, ErrInvalidProof) {
		t.Fatalf("range proof of a negative output: %v, want ErrInvalidProof", err)
	}
}

func TestProveBalanceArguments(t *testing.T) {
	many := make([]Opening, MaxBalanceTerms+1)
	if _, err := ProveBalance(many, nil, 0, nil); !errors.Is(err, ErrMalformed) {
		t.Errorf("too many inputs: %v", err)
	}
	if err := VerifyBalance(nil, make([]Commitment, MaxBalanceTerms+1), 0, nil, nil); !errors.Is(err, ErrMalformed) {
		t.Errorf("too many outputs: %v", err)
	}
	// No inputs, no outputs, no fee: trivially balanced.
	p, err := ProveBalance(nil, nil, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := VerifyBalance(nil, nil, 0, p, nil); err != nil {
		t.Fatal(err)
	}
	if err := VerifyBalance(nil, nil, 1, p, nil); !errors.Is(err, ErrInvalidProof) {
		t.Fatal("fee from nothing")
	}
	if _, err := proveBalance(bytes.NewReader(nil), nil, nil, 0, nil); !errors.Is(err, ErrRandomness) {
		t.Errorf("no randomness: %v", err)
	}
}
