package confidential

import (
	"crypto/rand"
	"fmt"
	"io"
	"math/bits"

	"github.com/gtank/ristretto255"
)

// Range-proof sizes: 4 elements (A, S, T1, T2), 3 scalars (τx, μ, t̂),
// 2·log2(64·m) elements (L_j, R_j) and 2 scalars (a, b), 32 bytes each.
const (
	rangeProofFixed = 9 * 32

	// MinRangeProofSize is the size of a proof for one value (672 bytes).
	MinRangeProofSize = rangeProofFixed + 2*32*6
	// MaxRangeProofSize is the size of a proof for eight values (864 bytes).
	MaxRangeProofSize = rangeProofFixed + 2*32*9
)

// RangeProof is an aggregated Bulletproofs range proof that each of m
// committed values (m ∈ {1, 2, 4, 8}) lies in [0, 2^64). Its fields are set
// only by ProveRange and UnmarshalBinary; the zero value is malformed.
type RangeProof struct {
	capA, capS, capT1, capT2 *ristretto255.Element
	tauX, mu, tHat           *ristretto255.Scalar
	capL, capR               []*ristretto255.Element // one per inner-product round
	a, b                     *ristretto255.Scalar
}

// rounds returns log2(64·m), the number of inner-product rounds, for a
// supported number m of aggregated values.
func rounds(m int) (int, error) {
	switch m {
	case 1, 2, 4, 8:
		return bits.TrailingZeros(uint(m)) + 6, nil
	}
	return 0, fmt.Errorf("%w: %d values (want 1, 2, 4 or 8)", ErrUnsupportedAggregation, m)
}

// RangeProofSize returns the encoded size of a proof for m values, or 0 if
// m is not 1, 2, 4 or 8.
func RangeProofSize(m int) int {
	k, err := rounds(m)
	if err != nil {
		return 0
	}
	return rangeProofFixed + 2*32*k
}

// Values returns the number of values the proof covers (0 if malformed).
func (p *RangeProof) Values() int {
	if !p.wellFormed() {
		return 0
	}
	return 1 << (len(p.capL) - 6)
}

func (p *RangeProof) wellFormed() bool {
	if p == nil || p.capA == nil || p.capS == nil || p.capT1 == nil || p.capT2 == nil ||
		p.tauX == nil || p.mu == nil || p.tHat == nil || p.a == nil || p.b == nil {
		return false
	}
	if len(p.capL) < 6 || len(p.capL) > 9 || len(p.capR) != len(p.capL) {
		return false
	}
	for j := range p.capL {
		if p.capL[j] == nil || p.capR[j] == nil {
			return false
		}
	}
	return true
}

// ProveRange commits to each value with its blinding and proves that every
// value is in [0, 2^64). len(values) must be 1, 2, 4 or 8
// (ErrUnsupportedAggregation) and equal len(blindings) (ErrMalformed). The
// blindings must be secret and uniformly random (RandomScalar), or the
// commitments do not hide the values. context is bound into the proof: a
// verifier must pass the same bytes (for example the chain ID and the
// transaction's other fields), so the proof cannot be replayed elsewhere.
// It returns the proof and the commitments Commit(values[j], blindings[j]).
func ProveRange(values []uint64, blindings []Scalar, context []byte) (*RangeProof, []Commitment, error) {
	return proveRange(rand.Reader, values, blindings, context)
}

// proveRange is ProveRange with the prover's randomness read from rng (the
// tests pass a seeded reader).
func proveRange(rng io.Reader, values []uint64, blindings []Scalar, context []byte) (*RangeProof, []Commitment, error) {
	m := len(values)
	if _, err := rounds(m); err != nil {
		return nil, nil, err
	}
	if len(blindings) != m {
		return nil, nil, fmt.Errorf("%w: %d values but %d blindings", ErrMalformed, m, len(blindings))
	}
	vs := make([]*ristretto255.Scalar, m)
	gammas := make([]*ristretto255.Scalar, m)
	aL := make([]*ristretto255.Scalar, 0, m*RangeBits)
	for j, v := range values {
		vs[j] = scalarUint64(v)
		gammas[j] = scalarCopy(&blindings[j].s)
		for i := 0; i < RangeBits; i++ {
			aL = append(aL, scalarUint64((v>>i)&1)) // no branch on the secret bit
		}
	}
	if err := checkRangeWitness(vs, aL); err != nil {
		return nil, nil, err
	}
	p, Vs, err := buildRangeProof(rng, vs, gammas, aL, context)
	if err != nil {
		return nil, nil, err
	}
	cs := make([]Commitment, m)
	for j := range Vs {
		cs[j] = Commitment{p: Vs[j]}
	}
	return p, cs, nil
}

// checkRangeWitness checks that aL holds, for each value, 64 scalars in
// {0, 1} whose weighted sum Σ aL_i·2^i is the value (ErrOutOfRange
// otherwise).
func checkRangeWitness(vs, aL []*ristretto255.Scalar) error {
	if len(aL) != len(vs)*RangeBits {
		return fmt.Errorf("%w: %d bits for %d values", ErrOutOfRange, len(aL), len(vs))
	}
	zero, one := ristretto255.NewScalar(), scalarUint64(1)
	twoN := powers(scalarUint64(2), RangeBits)
	for j, v := range vs {
		sum := ristretto255.NewScalar()
		for i := 0; i < RangeBits; i++ {
			bit := aL[j*RangeBits+i]
			if bit.Equal(zero) == 0 && bit.Equal(one) == 0 {
				return fmt.Errorf("%w: value %d has a digit that is not a bit", ErrOutOfRange, j)
			}
			sum.Add(sum, ristretto255.NewScalar().Multiply(bit, twoN[i]))
		}
		if sum.Equal(v) == 0 {
			return fmt.Errorf("%w: value %d is not its %d bits", ErrOutOfRange, j, RangeBits)
		}
	}
	return nil
}

// newRangeTranscript starts a range proof's transcript: the protocol, n, m,
// the caller's context and the commitments in order.
func newRangeTranscript(Vs []*ristretto255.Element, context []byte) *transcript {
	t := newTranscript("range-proof")
	t.appendUint64("n", RangeBits)
	t.appendUint64("m", uint64(len(Vs)))
	t.appendMessage("context", context)
	for _, V := range Vs {
		t.appendElement("V", V)
	}
	return t
}

// buildRangeProof is the prover of Bünz et al. §4.1–4.3 for the values vs
// with blindings gammas and bit vector aL (64 bits per value, least
// significant first). It does not check the witness: the tests use it as a
// cheating prover. It returns the proof and the commitments V_j.
func buildRangeProof(rng io.Reader, vs, gammas, aL []*ristretto255.Scalar, context []byte) (*RangeProof, []*ristretto255.Element, error) {
	gens := generators()
	m := len(vs)
	N := m * RangeBits
	Gs, Hs := gens.Gi[:N], gens.Hi[:N]

	Vs := make([]*ristretto255.Element, m)
	for j := range vs {
		Vs[j] = commitElement(vs[j], gammas[j])
	}
	t := newRangeTranscript(Vs, context)

	// A = α·H + <aL, G> + <aR, H>, aR = aL − 1.
	one := scalarUint64(1)
	aR := make([]*ristretto255.Scalar, N)
	for i := range aR {
		aR[i] = ristretto255.NewScalar().Subtract(aL[i], one)
	}
	alpha, err := randomScalar(rng)
	if err != nil {
		return nil, nil, err
	}
	A := ristretto255.NewIdentityElement().MultiScalarMult(
		append(append([]*ristretto255.Scalar{alpha}, aL...), aR...),
		append(append([]*ristretto255.Element{gens.H}, Gs...), Hs...))

	// S = ρ·H + <sL, G> + <sR, H> with random blinding vectors.
	sL, err := randomScalars(rng, N)
	if err != nil {
		return nil, nil, err
	}
	sR, err := randomScalars(rng, N)
	if err != nil {
		return nil, nil, err
	}
	rho, err := randomScalar(rng)
	if err != nil {
		return nil, nil, err
	}
	S := ristretto255.NewIdentityElement().MultiScalarMult(
		append(append([]*ristretto255.Scalar{rho}, sL...), sR...),
		append(append([]*ristretto255.Element{gens.H}, Gs...), Hs...))

	t.appendElement("A", A)
	t.appendElement("S", S)
	y := t.challenge("y")
	z := t.challenge("z")

	// l(X) = (aL − z·1) + sL·X
	// r(X) = y^N ∘ (aR + z·1 + sR·X) + Σ_j z^(2+j)·(0…0 || 2^n || 0…0)
	yN := powers(y, N)
	zPow := powers(z, m+3) // z^0 … z^(m+2)
	twoN := powers(scalarUint64(2), RangeBits)
	l0 := make([]*ristretto255.Scalar, N)
	r0 := make([]*ristretto255.Scalar, N)
	r1 := make([]*ristretto255.Scalar, N)
	for i := 0; i < N; i++ {
		l0[i] = ristretto255.NewScalar().Subtract(aL[i], z)
		r := ristretto255.NewScalar().Add(aR[i], z)
		r.Multiply(r, yN[i])
		r.Add(r, ristretto255.NewScalar().Multiply(zPow[2+i/RangeBits], twoN[i%RangeBits]))
		r0[i] = r
		r1[i] = ristretto255.NewScalar().Multiply(yN[i], sR[i])
	}
	// t(X) = <l(X), r(X)> = t0 + t1·X + t2·X²
	t1 := ristretto255.NewScalar().Add(innerProduct(l0, r1), innerProduct(sL, r0))
	t2 := innerProduct(sL, r1)
	tau1, err := randomScalar(rng)
	if err != nil {
		return nil, nil, err
	}
	tau2, err := randomScalar(rng)
	if err != nil {
		return nil, nil, err
	}
	T1 := ristretto255.NewIdentityElement().MultiScalarMult(
		[]*ristretto255.Scalar{t1, tau1}, []*ristretto255.Element{gens.G, gens.H})
	T2 := ristretto255.NewIdentityElement().MultiScalarMult(
		[]*ristretto255.Scalar{t2, tau2}, []*ristretto255.Element{gens.G, gens.H})

	t.appendElement("T1", T1)
	t.appendElement("T2", T2)
	x := t.challenge("x")

	l := make([]*ristretto255.Scalar, N)
	r := make([]*ristretto255.Scalar, N)
	for i := 0; i < N; i++ {
		l[i] = ristretto255.NewScalar().Multiply(sL[i], x)
		l[i].Add(l[i], l0[i])
		r[i] = ristretto255.NewScalar().Multiply(r1[i], x)
		r[i].Add(r[i], r0[i])
	}
	tHat := innerProduct(l, r)
	// τx = τ2·x² + τ1·x + Σ_j z^(2+j)·γ_j
	tauX := ristretto255.NewScalar().Multiply(tau2, x)
	tauX.Add(tauX, tau1).Multiply(tauX, x)
	for j := range gammas {
		tauX.Add(tauX, ristretto255.NewScalar().Multiply(zPow[2+j], gammas[j]))
	}
	// μ = α + ρ·x
	mu := ristretto255.NewScalar().Multiply(rho, x)
	mu.Add(mu, alpha)

	t.appendScalar("tau_x", tauX)
	t.appendScalar("mu", mu)
	t.appendScalar("t_hat", tHat)
	w := t.challenge("w")

	// Inner-product argument for <l, G> + <r, H'> + t̂·w·Q with
	// H'_i = y^-i·H_i.
	yInv := ristretto255.NewScalar().Invert(y)
	Qw := ristretto255.NewIdentityElement().ScalarMult(w, gens.Q)
	Ls, Rs, a, b := proveInnerProduct(t, Gs, Hs, powers(yInv, N), Qw, l, r)

	return &RangeProof{
		capA: A, capS: S, capT1: T1, capT2: T2,
		tauX: tauX, mu: mu, tHat: tHat,
		capL: Ls, capR: Rs, a: a, b: b,
	}, Vs, nil
}

// rangeChallenges are the verifier's challenges for one proof.
type rangeChallenges struct {
	y, z, x, w *ristretto255.Scalar
	u          []*ristretto255.Scalar // one per inner-product round
	c          *ristretto255.Scalar   // weight combining the two checks
}

// deriveRangeChallenges replays the prover's transcript. The last challenge
// c is drawn after the whole proof, so the prover cannot choose the proof
// knowing it.
func deriveRangeChallenges(Vs []*ristretto255.Element, p *RangeProof, context []byte) *rangeChallenges {
	t := newRangeTranscript(Vs, context)
	ch := &rangeChallenges{}
	t.appendElement("A", p.capA)
	t.appendElement("S", p.capS)
	ch.y = t.challenge("y")
	ch.z = t.challenge("z")
	t.appendElement("T1", p.capT1)
	t.appendElement("T2", p.capT2)
	ch.x = t.challenge("x")
	t.appendScalar("tau_x", p.tauX)
	t.appendScalar("mu", p.mu)
	t.appendScalar("t_hat", p.tHat)
	ch.w = t.challenge("w")
	for j := range p.capL {
		t.appendElement("L", p.capL[j])
		t.appendElement("R", p.capR[j])
		ch.u = append(ch.u, t.challenge("u"))
	}
	t.appendScalar("a", p.a)
	t.appendScalar("b", p.b)
	ch.c = t.challenge("c")
	return ch
}

// VerifyRange checks that proof shows every committed value to lie in
// [0, 2^64), for the commitments in this order and this context. It
// returns nil, or ErrUnsupportedAggregation (len(commitments) not 1, 2, 4
// or 8), ErrMalformed (nil or malformed proof), or ErrInvalidProof. It
// never panics. Verification time depends only on public data.
func VerifyRange(commitments []Commitment, proof *RangeProof, context []byte) error {
	k, err := rounds(len(commitments))
	if err != nil {
		return err
	}
	if !proof.wellFormed() {
		return fmt.Errorf("%w: incomplete range proof", ErrMalformed)
	}
	if len(proof.capL) != k {
		return fmt.Errorf("%w: proof covers %d values, %d commitments given", ErrInvalidProof, proof.Values(), len(commitments))
	}
	Vs := make([]*ristretto255.Element, len(commitments))
	for j := range commitments {
		Vs[j] = commitments[j].element()
	}
	if !verifyRangeWith(Vs, proof, deriveRangeChallenges(Vs, proof, context)) {
		return ErrInvalidProof
	}
	return nil
}

// verifyRangeWith checks the proof's two relations for the given challenges
// in one multi-scalar multiplication. With k rounds, N = 64·m generators,
// s_i = Π_j u_j^(±1) (+1 where bit k−1−j of i is set) and H'_i = y^-i·H_i,
// the relations are
//
//	(1)  t̂·G + τx·H = Σ_j z^(2+j)·V_j + δ(y,z)·G + x·T1 + x²·T2
//	(2)  A + x·S − μ·H + t̂·w·Q − z·ΣG_i + Σ_i (z·y^i + z^(2+j)·2^(i mod 64))·H'_i
//	       + Σ_j (u_j²·L_j + u_j⁻²·R_j) = Σ_i a·s_i·G_i + Σ_i b·s_i⁻¹·H'_i + a·b·w·Q
//
// with δ(y,z) = (z − z²)·Σ_i y^i − Σ_j z^(3+j)·(2^64 − 1). (1) is §4.1's
// check of t̂ and τx against the commitments, aggregated as in §4.3; (2) is
// §4.1's check of the vectors l, r through P, with the inner-product
// argument unrolled as in §3.1. The check is c·(1) + (2) = 0 for the
// transcript-derived weight c, which with overwhelming probability holds
// only if both do.
func verifyRangeWith(Vs []*ristretto255.Element, p *RangeProof, ch *rangeChallenges) bool {
	scalars, points, ok := rangeCheckTerms(Vs, p, ch)
	if !ok {
		return false
	}
	sum := ristretto255.NewIdentityElement().VarTimeMultiScalarMult(scalars, points)
	return sum.Equal(ristretto255.NewIdentityElement()) == 1
}

// rangeCheckTerms returns the terms of c·(1) + (2), which verifyRangeWith
// requires to sum to the identity; ok is false if the shapes do not match.
func rangeCheckTerms(Vs []*ristretto255.Element, p *RangeProof, ch *rangeChallenges) (scalars []*ristretto255.Scalar, points []*ristretto255.Element, ok bool) {
	gens := generators()
	m := len(Vs)
	k := len(p.capL)
	N := m * RangeBits
	if N != 1<<k || len(ch.u) != k {
		return nil, nil, false
	}
	neg := func(s *ristretto255.Scalar) *ristretto255.Scalar { return ristretto255.NewScalar().Negate(s) }
	mul := func(a, b *ristretto255.Scalar) *ristretto255.Scalar { return ristretto255.NewScalar().Multiply(a, b) }
	add := func(a, b *ristretto255.Scalar) *ristretto255.Scalar { return ristretto255.NewScalar().Add(a, b) }
	sub := func(a, b *ristretto255.Scalar) *ristretto255.Scalar { return ristretto255.NewScalar().Subtract(a, b) }

	y, z, x, w, c := ch.y, ch.z, ch.x, ch.w, ch.c

	// s_i from the round challenges: s_0 = Π u_j⁻¹, and setting bit b of the
	// index multiplies by u_(k−1−b)².
	uSq := make([]*ristretto255.Scalar, k)
	uInvSq := make([]*ristretto255.Scalar, k)
	s := make([]*ristretto255.Scalar, N)
	s[0] = scalarUint64(1)
	for j, u := range ch.u {
		uInv := ristretto255.NewScalar().Invert(u)
		uSq[j] = mul(u, u)
		uInvSq[j] = mul(uInv, uInv)
		s[0].Multiply(s[0], uInv)
	}
	for i := 1; i < N; i++ {
		hb := bits.Len(uint(i)) - 1
		s[i] = mul(s[i-1<<hb], uSq[k-1-hb])
	}

	yPow := powers(y, N)
	yInvPow := powers(ristretto255.NewScalar().Invert(y), N)
	zPow := powers(z, m+3)
	twoN := powers(scalarUint64(2), RangeBits)

	sumY := ristretto255.NewScalar()
	for _, yi := range yPow {
		sumY.Add(sumY, yi)
	}
	delta := mul(sub(z, zPow[2]), sumY)
	twoNMinus1 := scalarUint64(^uint64(0))
	for j := 0; j < m; j++ {
		delta.Subtract(delta, mul(zPow[3+j], twoNMinus1))
	}

	scalars = make([]*ristretto255.Scalar, 0, 2*N+2*k+m+7)
	points = make([]*ristretto255.Element, 0, 2*N+2*k+m+7)
	push := func(sc *ristretto255.Scalar, pt *ristretto255.Element) {
		scalars = append(scalars, sc)
		points = append(points, pt)
	}

	push(mul(c, sub(p.tHat, delta)), gens.G)
	push(sub(mul(c, p.tauX), p.mu), gens.H)
	for j, V := range Vs {
		push(neg(mul(c, zPow[2+j])), V)
	}
	push(neg(mul(c, x)), p.capT1)
	push(neg(mul(c, mul(x, x))), p.capT2)
	push(scalarUint64(1), p.capA)
	push(x, p.capS)
	push(mul(w, sub(p.tHat, mul(p.a, p.b))), gens.Q)
	for j := 0; j < k; j++ {
		push(uSq[j], p.capL[j])
		push(uInvSq[j], p.capR[j])
	}
	for i := 0; i < N; i++ {
		// G_i: −z − a·s_i
		push(neg(add(z, mul(p.a, s[i]))), gens.Gi[i])
		// H_i: z + y^-i·(z^(2+j)·2^(i mod 64) − b·s_i⁻¹), s_i⁻¹ = s_(N−1−i)
		hc := sub(mul(zPow[2+i/RangeBits], twoN[i%RangeBits]), mul(p.b, s[N-1-i]))
		push(add(z, mul(yInvPow[i], hc)), gens.Hi[i])
	}
	return scalars, points, true
}

// MarshalBinary encodes the proof as
//
//	A || S || T1 || T2 || τx || μ || t̂ || L_1 || R_1 || … || L_k || R_k || a || b
//
// 32 bytes each (RangeProofSize(m) bytes in all). A malformed proof (the
// zero value) gives ErrMalformed.
func (p *RangeProof) MarshalBinary() ([]byte, error) {
	if !p.wellFormed() {
		return nil, fmt.Errorf("%w: incomplete range proof", ErrMalformed)
	}
	out := make([]byte, 0, rangeProofFixed+64*len(p.capL))
	for _, e := range []*ristretto255.Element{p.capA, p.capS, p.capT1, p.capT2} {
		out = append(out, e.Bytes()...)
	}
	for _, s := range []*ristretto255.Scalar{p.tauX, p.mu, p.tHat} {
		out = append(out, s.Bytes()...)
	}
	for j := range p.capL {
		out = append(out, p.capL[j].Bytes()...)
		out = append(out, p.capR[j].Bytes()...)
	}
	out = append(out, p.a.Bytes()...)
	out = append(out, p.b.Bytes()...)
	return out, nil
}

// UnmarshalBinary decodes a proof encoded by MarshalBinary. It refuses, with
// ErrMalformed, any length other than RangeProofSize(m) for m ∈ {1, 2, 4, 8}
// and any non-canonical element or scalar (also ErrNonCanonical); so every
// proof has one encoding. On error p is unchanged. It never panics.
func (p *RangeProof) UnmarshalBinary(data []byte) error {
	n := len(data)
	if n < MinRangeProofSize || n > MaxRangeProofSize || (n-rangeProofFixed)%64 != 0 {
		return fmt.Errorf("%w: range proof is %d bytes, want %d, %d, %d or %d", ErrMalformed, n,
			RangeProofSize(1), RangeProofSize(2), RangeProofSize(4), RangeProofSize(8))
	}
	k := (n - rangeProofFixed) / 64
	chunk := func(i int) []byte { return data[32*i : 32*i+32] }
	var q RangeProof
	var err error
	elements := []**ristretto255.Element{&q.capA, &q.capS, &q.capT1, &q.capT2}
	names := []string{"A", "S", "T1", "T2"}
	for i, e := range elements {
		if *e, err = decodeElement(chunk(i), names[i]); err != nil {
			return err
		}
	}
	scalars := []**ristretto255.Scalar{&q.tauX, &q.mu, &q.tHat}
	names = []string{"tau_x", "mu", "t_hat"}
	for i, s := range scalars {
		*s = ristretto255.NewScalar()
		if err = decodeScalarInto(*s, chunk(4+i), names[i]); err != nil {
			return err
		}
	}
	q.capL = make([]*ristretto255.Element, k)
	q.capR = make([]*ristretto255.Element, k)
	for j := 0; j < k; j++ {
		if q.capL[j], err = decodeElement(chunk(7+2*j), fmt.Sprintf("L_%d", j+1)); err != nil {
			return err
		}
		if q.capR[j], err = decodeElement(chunk(8+2*j), fmt.Sprintf("R_%d", j+1)); err != nil {
			return err
		}
	}
	q.a, q.b = ristretto255.NewScalar(), ristretto255.NewScalar()
	if err = decodeScalarInto(q.a, chunk(7+2*k), "a"); err != nil {
		return err
	}
	if err = decodeScalarInto(q.b, chunk(8+2*k), "b"); err != nil {
		return err
	}
	*p = q
	return nil
}
