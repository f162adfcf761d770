package confidential

import (
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/gtank/ristretto255"
)

// Zero knowledge, tested two ways.
//
// (a) Honest-verifier simulators. A simulator chooses the challenges first
// and then writes a transcript without the witness; the verification
// equations accept it. In the random-oracle model the simulator programs
// the oracle to return its chosen challenges, so proofs reveal nothing a
// simulator could not produce. The real verifiers must refuse the same
// proofs: challenges derived from the transcript are what stops a forger
// who, like the simulator, has no witness.
//
// (b) A statistical test: the response scalars of proofs for 0 and for
// 2^64−1 are indistinguishable, and uniform.

func randomElement(t testing.TB, rng io.Reader) *ristretto255.Element {
	t.Helper()
	var b [64]byte
	if _, err := io.ReadFull(rng, b[:]); err != nil {
		t.Fatal(err)
	}
	e, _ := ristretto255.NewIdentityElement().SetUniformBytes(b[:])
	return e
}

func mustRandomScalar(t testing.TB, rng io.Reader) *ristretto255.Scalar {
	t.Helper()
	s, err := randomScalar(rng)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestBalanceSimulator: for commitments nobody knows openings of, a
// simulator picks e and s, sets R = s·H − e·X, and the Schnorr equation
// accepts (R, e, s).
func TestBalanceSimulator(t *testing.T) {
	rng := seeded(40)
	for i := 0; i < 20; i++ {
		ins := []Commitment{{p: randomElement(t, rng)}, {p: randomElement(t, rng)}}
		outs := []Commitment{{p: randomElement(t, rng)}}
		const fee = 3
		X := balanceExcess(ins, outs, fee)
		e, s := mustRandomScalar(t, rng), mustRandomScalar(t, rng)
		R := ristretto255.NewIdentityElement().VarTimeMultiScalarMult(
			[]*ristretto255.Scalar{s, ristretto255.NewScalar().Negate(e)},
			[]*ristretto255.Element{generators().H, X})
		if !checkBalanceRelation(X, R, e, s) {
			t.Fatal("the verifier's equation refuses a simulated transcript")
		}
		if err := VerifyBalance(ins, outs, fee, &BalanceProof{capR: R, s: s}, nil); !errors.Is(err, ErrInvalidProof) {
			t.Fatalf("a simulated proof with a chosen challenge verifies: %v", err)
		}
	}
}

// deltaYZ is δ(y,z) = (z − z²)·Σ_{i<64m} y^i − Σ_{j<m} z^(3+j)·(2^64 − 1).
func deltaYZ(y, z *ristretto255.Scalar, m int) *ristretto255.Scalar {
	sumY := ristretto255.NewScalar()
	for _, p := range powers(y, 64*m) {
		sumY.Add(sumY, p)
	}
	zp := powers(z, m+3)
	d := ristretto255.NewScalar().Subtract(z, zp[2])
	d.Multiply(d, sumY)
	for j := 0; j < m; j++ {
		d.Subtract(d, ristretto255.NewScalar().Multiply(zp[3+j], scalarUint64(max64)))
	}
	return d
}

// simulateRangeProof writes a range proof for the commitments Vs without
// knowing their openings, for challenges it chooses first.
func simulateRangeProof(t testing.TB, rng io.Reader, Vs []*ristretto255.Element) (*RangeProof, *rangeChallenges) {
	g := generators()
	m := len(Vs)
	N := 64 * m
	k, err := rounds(m)
	if err != nil {
		t.Fatal(err)
	}
	ch := &rangeChallenges{
		y: mustRandomScalar(t, rng), z: mustRandomScalar(t, rng), x: mustRandomScalar(t, rng),
		w: mustRandomScalar(t, rng), c: mustRandomScalar(t, rng),
	}
	for j := 0; j < k; j++ {
		ch.u = append(ch.u, mustRandomScalar(t, rng))
	}
	y, z, x := ch.y, ch.z, ch.x
	l, _ := randomScalars(rng, N)
	r, _ := randomScalars(rng, N)
	tHat := innerProduct(l, r)
	tauX, mu := mustRandomScalar(t, rng), mustRandomScalar(t, rng)
	S, T2 := randomElement(t, rng), randomElement(t, rng)

	// T1 from the t̂, τx relation: x·T1 = t̂·G + τx·H − Σ z^(2+j)·V_j − δ·G − x²·T2.
	zp := powers(z, m+3)
	sc := []*ristretto255.Scalar{ristretto255.NewScalar().Subtract(tHat, deltaYZ(y, z, m)), tauX,
		ristretto255.NewScalar().Negate(ristretto255.NewScalar().Multiply(x, x))}
	pt := []*ristretto255.Element{g.G, g.H, T2}
	for j, V := range Vs {
		sc = append(sc, ristretto255.NewScalar().Negate(zp[2+j]))
		pt = append(pt, V)
	}
	xInv := ristretto255.NewScalar().Invert(x)
	T1 := ristretto255.NewIdentityElement().VarTimeMultiScalarMult(sc, pt)
	T1.ScalarMult(xInv, T1)

	// A from the relation for P: A = μ·H + <l, G> + <r, H'> − x·S + z·ΣG_i
	//                        − Σ (z·y^i + z^(2+j)·2^(i mod 64))·H'_i.
	yInvPow := powers(ristretto255.NewScalar().Invert(y), N)
	yPow := powers(y, N)
	twoN := powers(scalarUint64(2), 64)
	sc = []*ristretto255.Scalar{mu, ristretto255.NewScalar().Negate(x)}
	pt = []*ristretto255.Element{g.H, S}
	for i := 0; i < N; i++ {
		sc = append(sc, ristretto255.NewScalar().Add(l[i], z))
		pt = append(pt, g.Gi[i])
		e := ristretto255.NewScalar().Multiply(z, yPow[i])
		e.Add(e, ristretto255.NewScalar().Multiply(zp[2+i/64], twoN[i%64]))
		hc := ristretto255.NewScalar().Subtract(r[i], e)
		sc = append(sc, hc.Multiply(hc, yInvPow[i]))
		pt = append(pt, g.Hi[i])
	}
	A := ristretto255.NewIdentityElement().VarTimeMultiScalarMult(sc, pt)

	// The inner-product argument for l and r with the chosen challenges.
	Qw := ristretto255.NewIdentityElement().ScalarMult(ch.w, g.Q)
	round := 0
	Ls, Rs, a, b := proveInnerProductWith(func(_, _ *ristretto255.Element) *ristretto255.Scalar {
		round++
		return ch.u[round-1]
	}, g.Gi[:N], g.Hi[:N], yInvPow, Qw, l, r)

	return &RangeProof{capA: A, capS: S, capT1: T1, capT2: T2, tauX: tauX, mu: mu, tHat: tHat,
		capL: Ls, capR: Rs, a: a, b: b}, ch
}

// TestRangeSimulator: for commitments with unknown openings (random group
// elements: their "values" are unknown, almost surely not below 2^64), a
// simulator that picks the challenges first produces proofs that both
// verifiers' equations accept; the real verifier, deriving the challenges
// from the transcript, refuses them.
func TestRangeSimulator(t *testing.T) {
	rng := seeded(41)
	for _, m := range []int{1, 2} {
		t.Run(fmt.Sprintf("m=%d", m), func(t *testing.T) {
			Vs := make([]*ristretto255.Element, m)
			cs := make([]Commitment, m)
			for j := range Vs {
				Vs[j] = randomElement(t, rng)
				cs[j] = Commitment{p: Vs[j]}
			}
			p, ch := simulateRangeProof(t, rng, Vs)
			if !verifyRangeWith(Vs, p, ch) {
				t.Fatal("the verifier's equations refuse a simulated transcript")
			}
			if !verifyRangeReference(Vs, p, ch) {
				t.Fatal("the reference verifier refuses a simulated transcript")
			}
			// Sanity: the same equations refuse the simulated proof for a
			// different commitment.
			other := append([]*ristretto255.Element{randomElement(t, rng)}, Vs[1:]...)
			if verifyRangeWith(other, p, ch) {
				t.Fatal("a simulated transcript verifies for another commitment")
			}
			if err := VerifyRange(cs, p, nil); !errors.Is(err, ErrInvalidProof) {
				t.Fatalf("a simulated proof with chosen challenges verifies: %v", err)
			}
		})
	}
}

// chiSquareCritical15 is the 1−10⁻⁶ quantile of χ² with 15 degrees of
// freedom: a statistic above it has probability 10⁻⁶ under the hypothesis.
const chiSquareCritical15 = 56.49

// TestResponsesIndependentOfValue proves 200 times each the values 0 and
// 2^64−1 (m = 1) with seeded randomness, and compares the distributions of
// the low nibble of τx, μ, t̂, a, b and of the verifier-computable
// estimate (t̂ − δ(y,z))/z², which equals the value when the prover's
// blinding vectors sL, sR are left out. For each feature, both samples must
// look uniform (χ² goodness of fit) and alike (χ² two-sample test), each at
// p = 10⁻⁶ with 15 degrees of freedom. It also checks that τx is never
// z²·γ, which it would be without the blinding τ1, τ2 (revealing γ, hence
// the value).
func TestResponsesIndependentOfValue(t *testing.T) {
	const samples = 200
	features := []string{"tau_x", "mu", "t_hat", "a", "b", "(t_hat-delta)/z^2"}
	counts := map[uint64]*[6][16]int{}
	for _, v := range []uint64{0, max64} {
		rng := seeded(42 + v%7)
		hist := &[6][16]int{}
		for i := 0; i < samples; i++ {
			p, cs, bl := mustProve(t, rng, []uint64{v}, []byte("zk"))
			ch := deriveRangeChallenges(elementsOf(cs), p, []byte("zk"))
			// Without τ1, τ2, τx would be z²·γ and reveal the blinding.
			z2g := ristretto255.NewScalar().Multiply(ch.z, ch.z)
			if z2g.Multiply(z2g, &bl[0].s).Equal(p.tauX) == 1 {
				t.Fatal("tau_x = z²·γ: the proof reveals the blinding")
			}
			zInv := ristretto255.NewScalar().Invert(ch.z)
			est := ristretto255.NewScalar().Subtract(p.tHat, deltaYZ(ch.y, ch.z, 1))
			est.Multiply(est, zInv).Multiply(est, zInv)
			for f, s := range []*ristretto255.Scalar{p.tauX, p.mu, p.tHat, p.a, p.b, est} {
				hist[f][s.Bytes()[0]&0x0f]++
			}
		}
		counts[v] = hist
	}
	for f, name := range features {
		h0, h1 := counts[0][f], counts[max64][f]
		for _, h := range [][16]int{h0, h1} {
			exp := float64(samples) / 16
			chi := 0.0
			for _, o := range h {
				d := float64(o) - exp
				chi += d * d / exp
			}
			if chi > chiSquareCritical15 {
				t.Errorf("%s: not uniform (χ² = %.1f > %.1f): %v", name, chi, chiSquareCritical15, h)
			}
		}
		chi := 0.0
		for b := range h0 {
			if s := h0[b] + h1[b]; s > 0 {
				d := float64(h0[b] - h1[b])
				chi += d * d / float64(s)
			}
		}
		if chi > chiSquareCritical15 {
			t.Errorf("%s: distributions for 0 and 2^64-1 differ (χ² = %.1f > %.1f): %v vs %v", name, chi, chiSquareCritical15, h0, h1)
		}
		t.Logf("%-18s two-sample χ² = %5.1f %v %v", name, chi, h0, h1)
	}
}
