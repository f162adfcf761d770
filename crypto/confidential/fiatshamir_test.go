package confidential

import (
	"errors"
	"fmt"
	"testing"

	"github.com/gtank/ristretto255"
)

// TestRangeProofBindsEveryElement guards the Fiat–Shamir transcript against
// "frozen heart" forgeries. Start from a proof for an out-of-range value
// (2^64 proved with its low 64 bits), aggregated with an honest one. Under
// its own challenges the verifier's combined check leaves a residual
// E ≠ 0. Each group element X of the statement and of the proof (V_1, V_2,
// A, S, T1, T2, every L_j and R_j) enters the check with a coefficient κ,
// so X − κ⁻¹·E makes the check hold for those challenges: a valid proof
// of an out-of-range value if X were not hashed before the challenges. The
// verifier must refuse each.
func TestRangeProofBindsEveryElement(t *testing.T) {
	rng := seeded(60)
	ctx := []byte("fs")
	two64 := twoPow64()
	g1, g2 := mustRandomScalar(t, rng), mustRandomScalar(t, rng)
	honest := scalarUint64(77)
	p, Vs, err := buildRangeProof(rng, []*ristretto255.Scalar{two64, honest},
		[]*ristretto255.Scalar{g1, g2}, append(bitsOf(two64), bitsOf(honest)...), ctx)
	if err != nil {
		t.Fatal(err)
	}
	ch := deriveRangeChallenges(Vs, p, ctx)
	sc, pts, ok := rangeCheckTerms(Vs, p, ch)
	if !ok {
		t.Fatal("shapes")
	}
	E := ristretto255.NewIdentityElement().VarTimeMultiScalarMult(sc, pts)
	if E.Equal(ristretto255.NewIdentityElement()) == 1 {
		t.Fatal("the out-of-range proof already verifies")
	}

	type target struct {
		name string
		slot func(q *RangeProof, vs []*ristretto255.Element) **ristretto255.Element
	}
	targets := []target{
		{"V_1", func(_ *RangeProof, vs []*ristretto255.Element) **ristretto255.Element { return &vs[0] }},
		{"V_2", func(_ *RangeProof, vs []*ristretto255.Element) **ristretto255.Element { return &vs[1] }},
		{"A", func(q *RangeProof, _ []*ristretto255.Element) **ristretto255.Element { return &q.capA }},
		{"S", func(q *RangeProof, _ []*ristretto255.Element) **ristretto255.Element { return &q.capS }},
		{"T1", func(q *RangeProof, _ []*ristretto255.Element) **ristretto255.Element { return &q.capT1 }},
		{"T2", func(q *RangeProof, _ []*ristretto255.Element) **ristretto255.Element { return &q.capT2 }},
	}
	for j := range p.capL {
		j := j
		targets = append(targets,
			target{fmt.Sprintf("L_%d", j+1), func(q *RangeProof, _ []*ristretto255.Element) **ristretto255.Element { return &q.capL[j] }},
			target{fmt.Sprintf("R_%d", j+1), func(q *RangeProof, _ []*ristretto255.Element) **ristretto255.Element { return &q.capR[j] }})
	}
	for _, tg := range targets {
		q := *p
		q.capL = append([]*ristretto255.Element(nil), p.capL...)
		q.capR = append([]*ristretto255.Element(nil), p.capR...)
		vs := append([]*ristretto255.Element(nil), Vs...)
		slot := tg.slot(&q, vs)
		old := *slot
		idx := -1
		for i, pt := range pts {
			if pt == old {
				idx = i
			}
		}
		if idx < 0 {
			t.Fatalf("%s is not a term of the check", tg.name)
		}
		kInv := ristretto255.NewScalar().Invert(sc[idx])
		*slot = ristretto255.NewIdentityElement().Subtract(old, ristretto255.NewIdentityElement().ScalarMult(kInv, E))
		if !verifyRangeWith(vs, &q, ch) {
			t.Fatalf("%s: the forgery does not satisfy the check under the old challenges", tg.name)
		}
		cs := []Commitment{{p: vs[0]}, {p: vs[1]}}
		if err := VerifyRange(cs, &q, ctx); !errors.Is(err, ErrInvalidProof) {
			t.Errorf("%s solved for after the challenges: %v, want ErrInvalidProof", tg.name, err)
		}
	}
}

// TestBalanceProofBindsEveryElement: the same for balance proofs. For a
// created-value attempt, s·H − R − e·X = E ≠ 0; replacing R by R + E, or
// an input C by C + e⁻¹·E (or an output by C − e⁻¹·E), satisfies the
// equation under the old challenge, and the verifier must refuse each.
func TestBalanceProofBindsEveryElement(t *testing.T) {
	rng := seeded(61)
	ctx := []byte("fs")
	ins, outs := openings(t, 62, 100, 5), openings(t, 63, 200)
	ci, co := openingCommitments(ins), openingCommitments(outs)
	const fee = 1
	p, err := buildBalanceProof(rng, ci, co, fee, excessOf(ins, outs), ctx)
	if err != nil {
		t.Fatal(err)
	}
	X := balanceExcess(ci, co, fee)
	e := balanceChallenge(ci, co, fee, X, p.capR, ctx)
	sH := ristretto255.NewIdentityElement().ScalarMult(p.s, generators().H)
	E := ristretto255.NewIdentityElement().Subtract(sH, p.capR)
	E.Subtract(E, ristretto255.NewIdentityElement().ScalarMult(e, X))
	if E.Equal(ristretto255.NewIdentityElement()) == 1 {
		t.Fatal("the created-value proof already verifies")
	}
	d := ristretto255.NewIdentityElement().ScalarMult(ristretto255.NewScalar().Invert(e), E)

	q := &BalanceProof{capR: ristretto255.NewIdentityElement().Add(p.capR, E), s: p.s}
	if !checkBalanceRelation(X, q.capR, e, q.s) {
		t.Fatal("R forgery construction")
	}
	if err := VerifyBalance(ci, co, fee, q, ctx); !errors.Is(err, ErrInvalidProof) {
		t.Errorf("R solved for after the challenge: %v", err)
	}
	ci2 := append([]Commitment(nil), ci...)
	ci2[1] = Commitment{p: ristretto255.NewIdentityElement().Add(ci[1].element(), d)}
	if !checkBalanceRelation(balanceExcess(ci2, co, fee), p.capR, e, p.s) {
		t.Fatal("input forgery construction")
	}
	if err := VerifyBalance(ci2, co, fee, p, ctx); !errors.Is(err, ErrInvalidProof) {
		t.Errorf("input solved for after the challenge: %v", err)
	}
	co2 := []Commitment{{p: ristretto255.NewIdentityElement().Subtract(co[0].element(), d)}}
	if !checkBalanceRelation(balanceExcess(ci, co2, fee), p.capR, e, p.s) {
		t.Fatal("output forgery construction")
	}
	if err := VerifyBalance(ci, co2, fee, p, ctx); !errors.Is(err, ErrInvalidProof) {
		t.Errorf("output solved for after the challenge: %v", err)
	}
}
