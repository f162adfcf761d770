package confidential

import "github.com/gtank/ristretto255"

// verifyRangeReference is a second, deliberately naive verifier written from
// the paper's equations: it checks the t̂, τx relation of §4.1 on its own,
// computes P with H'_i = y^-i·H_i as explicit points, and folds the
// inner-product argument round by round (Protocol 2) instead of unrolling
// it. The fast verifier must agree with it.
func verifyRangeReference(Vs []*ristretto255.Element, p *RangeProof, ch *rangeChallenges) bool {
	g := generators()
	m := len(Vs)
	N := 64 * m
	if len(p.capL) != len(ch.u) || 1<<len(p.capL) != N {
		return false
	}
	sc := func(v uint64) *ristretto255.Scalar { return scalarUint64(v) }
	mul := func(a, b *ristretto255.Scalar) *ristretto255.Scalar { return ristretto255.NewScalar().Multiply(a, b) }
	add := func(a, b *ristretto255.Scalar) *ristretto255.Scalar { return ristretto255.NewScalar().Add(a, b) }
	sub := func(a, b *ristretto255.Scalar) *ristretto255.Scalar { return ristretto255.NewScalar().Subtract(a, b) }
	smul := func(s *ristretto255.Scalar, e *ristretto255.Element) *ristretto255.Element {
		return ristretto255.NewIdentityElement().ScalarMult(s, e)
	}
	padd := func(a, b *ristretto255.Element) *ristretto255.Element {
		return ristretto255.NewIdentityElement().Add(a, b)
	}
	pow := func(x *ristretto255.Scalar, e int) *ristretto255.Scalar {
		r := sc(1)
		for i := 0; i < e; i++ {
			r = mul(r, x)
		}
		return r
	}
	y, z, x, w := ch.y, ch.z, ch.x, ch.w
	z2 := mul(z, z)

	// δ(y,z) = (z − z²)·<1, y^N> − Σ_{j=1..m} z^{j+2}·<1, 2^n>
	sumY, sum2 := sc(0), sc(0)
	for i := 0; i < N; i++ {
		sumY = add(sumY, pow(y, i))
	}
	for i := 0; i < 64; i++ {
		sum2 = add(sum2, pow(sc(2), i))
	}
	delta := mul(sub(z, z2), sumY)
	for j := 1; j <= m; j++ {
		delta = sub(delta, mul(pow(z, j+2), sum2))
	}

	// g^t̂ h^τx = V^(z²·z^m) g^δ T1^x T2^x²
	lhs := padd(smul(p.tHat, g.G), smul(p.tauX, g.H))
	rhs := padd(smul(delta, g.G), padd(smul(x, p.capT1), smul(mul(x, x), p.capT2)))
	for j := 1; j <= m; j++ {
		rhs = padd(rhs, smul(pow(z, j+1), Vs[j-1]))
	}
	if lhs.Equal(rhs) != 1 {
		return false
	}

	// P = A·S^x·g^-z·h'^(z·y^N + Σ z^(1+j)·2^n block)
	yInv := ristretto255.NewScalar().Invert(y)
	G := make([]*ristretto255.Element, N)
	Hp := make([]*ristretto255.Element, N)
	P := padd(p.capA, smul(x, p.capS))
	for i := 0; i < N; i++ {
		G[i] = g.Gi[i]
		Hp[i] = smul(pow(yInv, i), g.Hi[i])
		j := i/64 + 1
		e := add(mul(z, pow(y, i)), mul(pow(z, j+1), pow(sc(2), i%64)))
		P = padd(P, padd(smul(ristretto255.NewScalar().Negate(z), G[i]), smul(e, Hp[i])))
	}
	// Protocol 1: P·h^-μ·(u^w)^t̂ is what the inner-product argument proves.
	Qw := smul(w, g.Q)
	P = padd(P, padd(smul(ristretto255.NewScalar().Negate(p.mu), g.H), smul(p.tHat, Qw)))

	// Protocol 2, folded explicitly.
	for j, u := range ch.u {
		n := len(G) / 2
		uInv := ristretto255.NewScalar().Invert(u)
		P = padd(padd(smul(mul(u, u), p.capL[j]), P), smul(mul(uInv, uInv), p.capR[j]))
		G2 := make([]*ristretto255.Element, n)
		H2 := make([]*ristretto255.Element, n)
		for i := 0; i < n; i++ {
			G2[i] = padd(smul(uInv, G[i]), smul(u, G[n+i]))
			H2[i] = padd(smul(u, Hp[i]), smul(uInv, Hp[n+i]))
		}
		G, Hp = G2, H2
	}
	want := padd(padd(smul(p.a, G[0]), smul(p.b, Hp[0])), smul(mul(p.a, p.b), Qw))
	return P.Equal(want) == 1
}
