package confidential

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/gtank/ristretto255"
)

const max64 = 1<<64 - 1

var edgeValues = []uint64{0, 1, 1 << 63, max64}

func elementsOf(cs []Commitment) []*ristretto255.Element {
	out := make([]*ristretto255.Element, len(cs))
	for i := range cs {
		out[i] = cs[i].element()
	}
	return out
}

// checkBoth runs the fast verifier and the reference verifier and fails if
// they disagree; it returns the fast verifier's result.
func checkBoth(t *testing.T, cs []Commitment, p *RangeProof, context []byte) error {
	t.Helper()
	err := VerifyRange(cs, p, context)
	if p.wellFormed() && 1<<len(p.capL) == 64*len(cs) {
		Vs := elementsOf(cs)
		ref := verifyRangeReference(Vs, p, deriveRangeChallenges(Vs, p, context))
		if ref != (err == nil) {
			t.Fatalf("fast verifier says %v, reference verifier says %v", err, ref)
		}
	}
	return err
}

// TestRangeProofEdgeValues: proofs for 0, 1, 2^63 and 2^64−1, alone and
// aggregated by 2, 4 and 8, verify (also after an encoding round trip), have
// the documented size, and agree with the reference verifier.
func TestRangeProofEdgeValues(t *testing.T) {
	rng := seeded(10)
	cases := [][]uint64{}
	for _, v := range edgeValues {
		cases = append(cases, []uint64{v})
	}
	cases = append(cases,
		[]uint64{0, max64}, []uint64{1 << 63, 1},
		[]uint64{0, 1, 1 << 63, max64},
		[]uint64{max64, 1 << 63, 1, 0, 0, 1, 1 << 63, max64})
	ctx := []byte("chain-1/tx-7")
	for _, vals := range cases {
		t.Run(fmt.Sprint(vals), func(t *testing.T) {
			p, cs, bl := mustProve(t, rng, vals, ctx)
			for j := range vals {
				if !cs[j].Equal(Commit(vals[j], bl[j])) {
					t.Fatalf("commitment %d is not Commit(value, blinding)", j)
				}
			}
			var err error
			if len(vals) <= 2 {
				err = checkBoth(t, cs, p, ctx)
			} else {
				err = VerifyRange(cs, p, ctx)
			}
			if err != nil {
				t.Fatalf("valid proof refused: %v", err)
			}
			enc := mustMarshal(t, p)
			if len(enc) != RangeProofSize(len(vals)) {
				t.Fatalf("proof is %d bytes, want %d", len(enc), RangeProofSize(len(vals)))
			}
			var q RangeProof
			if err := q.UnmarshalBinary(enc); err != nil {
				t.Fatal(err)
			}
			if q.Values() != len(vals) || !bytes.Equal(mustMarshal(t, &q), enc) {
				t.Fatal("encoding does not round-trip")
			}
			if err := VerifyRange(cs, &q, ctx); err != nil {
				t.Fatalf("decoded proof refused: %v", err)
			}
		})
	}
	if RangeProofSize(1) != 672 || RangeProofSize(2) != 736 || RangeProofSize(4) != 800 || RangeProofSize(8) != 864 ||
		RangeProofSize(3) != 0 || MinRangeProofSize != 672 || MaxRangeProofSize != 864 {
		t.Fatal("proof sizes")
	}
}

// twoPow64 returns 2^64 as a scalar.
func twoPow64() *ristretto255.Scalar {
	return ristretto255.NewScalar().Multiply(scalarUint64(1<<32), scalarUint64(1<<32))
}

// bitsOf returns the 64 low bits of the scalar's canonical encoding as 0/1
// scalars: what a prover that ignores the range would use.
func bitsOf(v *ristretto255.Scalar) []*ristretto255.Scalar {
	b := v.Bytes()
	out := make([]*ristretto255.Scalar, 64)
	for i := range out {
		out[i] = scalarUint64(uint64(b[i/8]>>(i%8)) & 1)
	}
	return out
}

// TestRangeProofRefusesOutOfRange runs cheating provers, which build a proof
// with the honest algorithm but for a value outside [0, 2^64): the prover's
// own witness check refuses each with ErrOutOfRange, and every proof they
// build is refused by both verifiers.
func TestRangeProofRefusesOutOfRange(t *testing.T) {
	rng := seeded(11)
	minusOne := ristretto255.NewScalar().Negate(scalarUint64(1))
	two64 := twoPow64()
	// 2^64 written with a digit 2 at position 63: Σ a_i·2^i is right, but a
	// digit is not a bit.
	nonBinary := bitsOf(scalarUint64(0))
	nonBinary[63] = scalarUint64(2)
	// the bits of 5 used for the value 6
	cases := []struct {
		name string
		v    *ristretto255.Scalar
		aL   []*ristretto255.Scalar
	}{
		{"2^64 truncated to its low 64 bits", two64, bitsOf(two64)},
		{"2^64 with a digit 2", two64, nonBinary},
		{"-1 mod ℓ with its low 64 bits", minusOne, bitsOf(minusOne)},
		{"-1 mod ℓ as 64 one bits", minusOne, bitsOf(scalarUint64(max64))},
		{"6 with the bits of 5", scalarUint64(6), bitsOf(scalarUint64(5))},
	}
	ctx := []byte("ctx")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := checkRangeWitness([]*ristretto255.Scalar{c.v}, c.aL); !errors.Is(err, ErrOutOfRange) {
				t.Fatalf("witness check: %v, want ErrOutOfRange", err)
			}
			gamma, _ := randomScalar(rng)
			p, Vs, err := buildRangeProof(rng, []*ristretto255.Scalar{c.v}, []*ristretto255.Scalar{gamma}, c.aL, ctx)
			if err != nil {
				t.Fatal(err)
			}
			cs := []Commitment{{p: Vs[0]}}
			if err := checkBoth(t, cs, p, ctx); !errors.Is(err, ErrInvalidProof) {
				t.Fatalf("out-of-range proof: %v, want ErrInvalidProof", err)
			}
			// Aggregated with an honest value, in either position.
			hv := scalarUint64(42)
			for _, order := range [][2]int{{0, 1}, {1, 0}} {
				vs := []*ristretto255.Scalar{c.v, hv}
				aLs := [][]*ristretto255.Scalar{c.aL, bitsOf(hv)}
				g2, _ := randomScalar(rng)
				vs2 := []*ristretto255.Scalar{vs[order[0]], vs[order[1]]}
				aL2 := append(append([]*ristretto255.Scalar{}, aLs[order[0]]...), aLs[order[1]]...)
				p, Vs, err := buildRangeProof(rng, vs2, []*ristretto255.Scalar{gamma, g2}, aL2, ctx)
				if err != nil {
					t.Fatal(err)
				}
				if err := checkBoth(t, []Commitment{{p: Vs[0]}, {p: Vs[1]}}, p, ctx); !errors.Is(err, ErrInvalidProof) {
					t.Fatalf("aggregated out-of-range proof: %v, want ErrInvalidProof", err)
				}
			}
		})
	}
	// The same cheating prover with an honest witness is accepted: the
	// refusals above are about the values, not the harness.
	v := scalarUint64(123456789)
	gamma, _ := randomScalar(rng)
	p, Vs, err := buildRangeProof(rng, []*ristretto255.Scalar{v}, []*ristretto255.Scalar{gamma}, bitsOf(v), ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := checkBoth(t, []Commitment{{p: Vs[0]}}, p, ctx); err != nil {
		t.Fatalf("honest witness through the cheating harness: %v", err)
	}
}

// tamperings of a decoded proof: element swaps and replacements.
func structuralTampers(p *RangeProof) map[string]*RangeProof {
	cp := func() *RangeProof {
		q := *p
		q.capL = append([]*ristretto255.Element(nil), p.capL...)
		q.capR = append([]*ristretto255.Element(nil), p.capR...)
		return &q
	}
	id := ristretto255.NewIdentityElement()
	one := scalarUint64(1)
	plusOne := func(s *ristretto255.Scalar) *ristretto255.Scalar { return ristretto255.NewScalar().Add(s, one) }
	out := map[string]*RangeProof{}
	q := cp()
	q.capA, q.capS = p.capS, p.capA
	out["swap A,S"] = q
	q = cp()
	q.capT1, q.capT2 = p.capT2, p.capT1
	out["swap T1,T2"] = q
	q = cp()
	q.tauX, q.mu = p.mu, p.tauX
	out["swap tau_x,mu"] = q
	q = cp()
	q.a, q.b = p.b, p.a
	out["swap a,b"] = q
	q = cp()
	q.tHat = p.tauX
	out["t_hat := tau_x"] = q
	q = cp()
	q.capL[0], q.capR[0] = p.capR[0], p.capL[0]
	out["swap L1,R1"] = q
	q = cp()
	q.capL[0], q.capL[1] = p.capL[1], p.capL[0]
	out["swap L1,L2"] = q
	q = cp()
	q.capL = append(q.capL[1:], q.capL[0])
	q.capR = append(q.capR[1:], q.capR[0])
	out["rotate rounds"] = q
	q = cp()
	q.capA = id
	out["A := identity"] = q
	q = cp()
	q.capT2 = id
	out["T2 := identity"] = q
	q = cp()
	q.capR[len(q.capR)-1] = id
	out["last R := identity"] = q
	q = cp()
	q.a = plusOne(p.a)
	out["a+1"] = q
	q = cp()
	q.b = plusOne(p.b)
	out["b+1"] = q
	q = cp()
	q.tHat = plusOne(p.tHat)
	out["t_hat+1"] = q
	q = cp()
	q.tauX, q.mu = plusOne(p.tauX), plusOne(p.mu)
	out["tau_x+1, mu+1"] = q
	q = cp()
	q.capA = ristretto255.NewIdentityElement().Add(p.capA, generators().G)
	out["A+G"] = q
	return out
}

// TestRangeProofTampering: flipping any bit pattern in any byte, swapping or
// replacing elements, a wrong commitment, a wrong context, or the wrong
// number of commitments all make verification fail.
func TestRangeProofTampering(t *testing.T) {
	rng := seeded(12)
	ctx := []byte("ctx-A")
	for _, m := range []int{1, 2} {
		vals := []uint64{1234567, 1 << 40}[:m]
		p, cs, bl := mustProve(t, rng, vals, ctx)
		enc := mustMarshal(t, p)
		if err := checkBoth(t, cs, p, ctx); err != nil {
			t.Fatal(err)
		}
		flips, decoded := 0, 0
		for i := range enc {
			for _, mask := range []byte{0x01, 0x80} {
				if m == 2 && (i+int(mask))%5 != 0 { // m=2: a sample of the bytes
					continue
				}
				bad := append([]byte(nil), enc...)
				bad[i] ^= mask
				flips++
				var q RangeProof
				if err := q.UnmarshalBinary(bad); err != nil {
					if !errors.Is(err, ErrMalformed) {
						t.Fatalf("m=%d byte %d: decode error %v is not ErrMalformed", m, i, err)
					}
					continue
				}
				decoded++
				verify := VerifyRange
				if decoded%16 == 0 { // the slow reference verifier on a sample
					verify = func(cs []Commitment, p *RangeProof, ctx []byte) error { return checkBoth(t, cs, p, ctx) }
				}
				if err := verify(cs, &q, ctx); !errors.Is(err, ErrInvalidProof) {
					t.Fatalf("m=%d byte %d ^ %#x: %v, want ErrInvalidProof", m, i, mask, err)
				}
			}
		}
		t.Logf("m=%d: %d flips, %d decoded and refused by the verifiers, the rest refused by decoding", m, flips, decoded)
		if decoded < flips/10 {
			t.Fatalf("only %d of %d flipped proofs decoded: the verifier is hardly exercised", decoded, flips)
		}
		for name, q := range structuralTampers(p) {
			if err := checkBoth(t, cs, q, ctx); !errors.Is(err, ErrInvalidProof) {
				t.Errorf("m=%d %s: %v, want ErrInvalidProof", m, name, err)
			}
		}
		if err := checkBoth(t, cs, p, []byte("ctx-B")); !errors.Is(err, ErrInvalidProof) {
			t.Errorf("m=%d wrong context: %v", m, err)
		}
		if err := checkBoth(t, cs, p, nil); !errors.Is(err, ErrInvalidProof) {
			t.Errorf("m=%d no context: %v", m, err)
		}
		wrong := [][]Commitment{}
		for j := range cs {
			w := append([]Commitment(nil), cs...)
			w[j] = cs[j].AddValue(1)
			wrong = append(wrong, w)
			w = append([]Commitment(nil), cs...)
			w[j] = Commit(vals[j], bl[j].Add(ScalarFromUint64(1)))
			wrong = append(wrong, w)
			w = append([]Commitment(nil), cs...)
			w[j] = Commitment{}
			wrong = append(wrong, w)
		}
		for i, w := range wrong {
			if err := checkBoth(t, w, p, ctx); !errors.Is(err, ErrInvalidProof) {
				t.Errorf("m=%d wrong commitments %d: %v", m, i, err)
			}
		}
		// Wrong number of commitments.
		other := append(append([]Commitment(nil), cs...), cs...)
		if err := VerifyRange(other, p, ctx); !errors.Is(err, ErrInvalidProof) {
			t.Errorf("m=%d with %d commitments: %v", m, len(other), err)
		}
		if err := VerifyRange([]Commitment{cs[0], cs[0], cs[0]}, p, ctx); !errors.Is(err, ErrUnsupportedAggregation) {
			t.Errorf("m=%d with 3 commitments: %v", m, err)
		}
	}
}

// TestRangeProofBindsOrder: a proof for two commitments does not verify for
// them in the other order (unless they are the same commitment).
func TestRangeProofBindsOrder(t *testing.T) {
	rng := seeded(13)
	ctx := []byte("order")
	swap := func(cs []Commitment) []Commitment { return []Commitment{cs[1], cs[0]} }

	p, cs, _ := mustProve(t, rng, []uint64{5, 6}, ctx)
	if err := checkBoth(t, swap(cs), p, ctx); !errors.Is(err, ErrInvalidProof) {
		t.Fatalf("different values swapped: %v", err)
	}
	p, cs, _ = mustProve(t, rng, []uint64{7, 7}, ctx)
	if err := checkBoth(t, swap(cs), p, ctx); !errors.Is(err, ErrInvalidProof) {
		t.Fatalf("equal values, different blindings, swapped: %v", err)
	}
	r := testScalar(t, rng)
	p, cs, err := proveRange(rng, []uint64{7, 7}, []Scalar{r, r}, ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := checkBoth(t, swap(cs), p, ctx); err != nil {
		t.Fatalf("identical commitments swapped: %v", err)
	}
}

// TestRangeProofEncoding: every truncation, oversize and non-canonical field
// is refused with ErrMalformed, never a panic; the zero value and nil are
// malformed.
func TestRangeProofEncoding(t *testing.T) {
	rng := seeded(14)
	p, cs, _ := mustProve(t, rng, []uint64{99}, nil)
	enc := mustMarshal(t, p)
	valid := map[int]bool{672: true, 736: true, 800: true, 864: true}
	for n := 0; n <= MaxRangeProofSize+130; n++ {
		if valid[n] {
			continue
		}
		// All zeros decode in any layout (the identity, the scalar 0), so
		// only the length check refuses them; the proof's own bytes,
		// truncated or extended, must be refused too.
		zeros := make([]byte, n)
		prefix := append(append([]byte(nil), enc...), enc...)[:n]
		for _, b := range [][]byte{zeros, prefix} {
			var q RangeProof
			if err := q.UnmarshalBinary(b); !errors.Is(err, ErrMalformed) {
				t.Fatalf("%d-byte proof: %v, want ErrMalformed", n, err)
			}
			if q.wellFormed() {
				t.Fatal("a failed UnmarshalBinary filled the proof")
			}
		}
	}
	var q RangeProof
	if err := q.UnmarshalBinary(make([]byte, 1<<20)); !errors.Is(err, ErrMalformed) {
		t.Fatal("1 MiB proof accepted")
	}
	// A valid length for m=2 holding the m=1 proof and 64 more bytes.
	longer := append(append([]byte(nil), enc...), enc[:64]...)
	if err := q.UnmarshalBinary(longer); err == nil {
		if err := VerifyRange(cs, &q, nil); !errors.Is(err, ErrInvalidProof) {
			t.Fatalf("m=2-sized proof for one commitment: %v", err)
		}
	} else if !errors.Is(err, ErrMalformed) {
		t.Fatal(err)
	}
	// Non-canonical scalars and elements in each position.
	for i := 0; i < len(enc)/32; i++ {
		for _, bad := range [][]byte{mustHex(t, ellHex), mustHex(t, badElementEncodings[1])} {
			b := append([]byte(nil), enc...)
			copy(b[32*i:], bad)
			var q RangeProof
			err := q.UnmarshalBinary(b)
			if !errors.Is(err, ErrMalformed) || !errors.Is(err, ErrNonCanonical) {
				t.Fatalf("non-canonical chunk %d: %v", i, err)
			}
		}
	}
	// Zero value and nil.
	if _, err := (&RangeProof{}).MarshalBinary(); !errors.Is(err, ErrMalformed) {
		t.Fatal("zero-value proof marshalled")
	}
	if err := VerifyRange(cs, &RangeProof{}, nil); !errors.Is(err, ErrMalformed) {
		t.Fatalf("zero-value proof: %v", err)
	}
	if err := VerifyRange(cs, nil, nil); !errors.Is(err, ErrMalformed) {
		t.Fatalf("nil proof: %v", err)
	}
	half := *p
	half.capR = half.capR[:3]
	if err := VerifyRange(cs, &half, nil); !errors.Is(err, ErrMalformed) {
		t.Fatalf("mismatched L/R: %v", err)
	}
	if (&RangeProof{}).Values() != 0 || p.Values() != 1 {
		t.Fatal("Values")
	}
}

func TestProveRangeArguments(t *testing.T) {
	rng := seeded(15)
	for _, m := range []int{0, 3, 5, 16} {
		vals := make([]uint64, m)
		if _, _, err := proveRange(rng, vals, testScalars(t, rng, m), nil); !errors.Is(err, ErrUnsupportedAggregation) {
			t.Errorf("m=%d: %v, want ErrUnsupportedAggregation", m, err)
		}
		if err := VerifyRange(make([]Commitment, m), nil, nil); !errors.Is(err, ErrUnsupportedAggregation) {
			t.Errorf("verify m=%d: %v", m, err)
		}
	}
	if _, _, err := proveRange(rng, []uint64{1, 2}, testScalars(t, rng, 1), nil); !errors.Is(err, ErrMalformed) {
		t.Errorf("fewer blindings: %v", err)
	}
	if _, _, err := proveRange(bytes.NewReader(nil), []uint64{1}, testScalars(t, rng, 1), nil); !errors.Is(err, ErrRandomness) {
		t.Errorf("no randomness: %v", err)
	}
	// The public entry point uses crypto/rand.
	bl, err := RandomScalar()
	if err != nil {
		t.Fatal(err)
	}
	p, cs, err := ProveRange([]uint64{3}, []Scalar{bl}, []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	if err := VerifyRange(cs, p, []byte("x")); err != nil {
		t.Fatal(err)
	}
}
