package confidential

import "github.com/gtank/ristretto255"

// proveInnerProduct runs the inner-product argument (Bünz et al., §3,
// Protocol 2, made non-interactive) for
//
//	P = <a, G'> + <b, H'> + <a, b>·Q,   G'_i = G[i],  H'_i = hFactors[i]·H[i],
//
// a and b of the same power-of-two length. It appends L_j, R_j to t before
// drawing each round's challenge u_j. In round j, with lo/hi the halves:
//
//	L = <a_lo, G'_hi> + <b_hi, H'_lo> + <a_lo, b_hi>·Q
//	R = <a_hi, G'_lo> + <b_lo, H'_hi> + <a_hi, b_lo>·Q
//	a ← u·a_lo + u⁻¹·a_hi        b ← u⁻¹·b_lo + u·b_hi
//	G' ← u⁻¹·G'_lo + u·G'_hi     H' ← u·H'_lo + u⁻¹·H'_hi
//
// The factors are folded into the first round's generators, so H' is never
// computed on its own. L and R depend on the secret vectors and use the
// constant-time multi-scalar multiplication; folding the generators uses
// only public challenges. It returns the L_j, R_j and the final a, b. The
// inputs are not modified.
func proveInnerProduct(t *transcript, G, H []*ristretto255.Element, hFactors []*ristretto255.Scalar,
	Q *ristretto255.Element, a, b []*ristretto255.Scalar) (Ls, Rs []*ristretto255.Element, aFinal, bFinal *ristretto255.Scalar) {
	return proveInnerProductWith(func(L, R *ristretto255.Element) *ristretto255.Scalar {
		t.appendElement("L", L)
		t.appendElement("R", R)
		return t.challenge("u")
	}, G, H, hFactors, Q, a, b)
}

// proveInnerProductWith is proveInnerProduct with the challenges drawn by
// next (the tests' simulator chooses them itself).
func proveInnerProductWith(next func(L, R *ristretto255.Element) *ristretto255.Scalar,
	G, H []*ristretto255.Element, hFactors []*ristretto255.Scalar,
	Q *ristretto255.Element, a, b []*ristretto255.Scalar) (Ls, Rs []*ristretto255.Element, aFinal, bFinal *ristretto255.Scalar) {
	n := len(a)
	G = append([]*ristretto255.Element(nil), G...)
	H = append([]*ristretto255.Element(nil), H...)
	a = append([]*ristretto255.Scalar(nil), a...)
	b = append([]*ristretto255.Scalar(nil), b...)
	var gf []*ristretto255.Scalar // nil: all ones
	hf := hFactors

	factor := func(f []*ristretto255.Scalar, i int, s *ristretto255.Scalar) *ristretto255.Scalar {
		if f == nil {
			return s
		}
		return ristretto255.NewScalar().Multiply(s, f[i])
	}

	for n > 1 {
		h := n / 2
		aLo, aHi, bLo, bHi := a[:h], a[h:n], b[:h], b[h:n]
		cL := innerProduct(aLo, bHi)
		cR := innerProduct(aHi, bLo)

		ls := make([]*ristretto255.Scalar, 0, 2*h+1)
		lp := make([]*ristretto255.Element, 0, 2*h+1)
		rs := make([]*ristretto255.Scalar, 0, 2*h+1)
		rp := make([]*ristretto255.Element, 0, 2*h+1)
		for i := 0; i < h; i++ {
			ls = append(ls, factor(gf, h+i, aLo[i]), factor(hf, i, bHi[i]))
			lp = append(lp, G[h+i], H[i])
			rs = append(rs, factor(gf, i, aHi[i]), factor(hf, h+i, bLo[i]))
			rp = append(rp, G[i], H[h+i])
		}
		ls = append(ls, cL)
		lp = append(lp, Q)
		rs = append(rs, cR)
		rp = append(rp, Q)
		L := ristretto255.NewIdentityElement().MultiScalarMult(ls, lp)
		R := ristretto255.NewIdentityElement().MultiScalarMult(rs, rp)
		Ls = append(Ls, L)
		Rs = append(Rs, R)

		u := next(L, R)
		uInv := ristretto255.NewScalar().Invert(u)

		for i := 0; i < h; i++ {
			lo := ristretto255.NewScalar().Multiply(aLo[i], u)
			hi := ristretto255.NewScalar().Multiply(aHi[i], uInv)
			a[i] = lo.Add(lo, hi)
			lo = ristretto255.NewScalar().Multiply(bLo[i], uInv)
			hi = ristretto255.NewScalar().Multiply(bHi[i], u)
			b[i] = lo.Add(lo, hi)
		}
		if h > 1 { // the last round's folded generators are not needed
			for i := 0; i < h; i++ {
				G[i] = ristretto255.NewIdentityElement().VarTimeMultiScalarMult(
					[]*ristretto255.Scalar{factor(gf, i, uInv), factor(gf, h+i, u)},
					[]*ristretto255.Element{G[i], G[h+i]})
				H[i] = ristretto255.NewIdentityElement().VarTimeMultiScalarMult(
					[]*ristretto255.Scalar{factor(hf, i, u), factor(hf, h+i, uInv)},
					[]*ristretto255.Element{H[i], H[h+i]})
			}
		}
		gf, hf = nil, nil
		n = h
	}
	return Ls, Rs, a[0], b[0]
}
