package confidential

import (
	"crypto/rand"
	"fmt"
	"io"
	"math/bits"

	"github.com/gtank/ristretto255"
)

const (
	// BalanceProofSize is the size of an encoded balance proof.
	BalanceProofSize = 64

	// MaxBalanceTerms bounds the inputs and, separately, the outputs of one
	// balance proof, so that verifying one has a bounded cost.
	MaxBalanceTerms = 256
)

// BalanceProof shows that inputs and outputs balance: that
//
//	X = Σ C_in − Σ C_out − fee·G
//
// is a multiple r·H of the blinding generator alone, and that the prover
// knows r (a Schnorr proof of knowledge over H). If X = d·G + r·H with
// d ≠ 0, producing such a proof means knowing log_G H. With every output
// (and input) range-proved, d = 0 modulo ℓ means the values balance as
// integers. Its fields are set only by ProveBalance and UnmarshalBinary; the
// zero value is malformed.
type BalanceProof struct {
	capR *ristretto255.Element // nonce commitment k·H
	s    *ristretto255.Scalar  // response k + e·r
}

// ProveBalance proves that the inputs' values equal the outputs' values plus
// the public fee, for the commitments Opening.Commitment() of each, and
// binds context as ProveRange does. It refuses with ErrUnbalanced when the
// values do not balance as integers, and with ErrMalformed when there are
// more than MaxBalanceTerms inputs or outputs.
func ProveBalance(inputs, outputs []Opening, fee uint64, context []byte) (*BalanceProof, error) {
	return proveBalance(rand.Reader, inputs, outputs, fee, context)
}

func proveBalance(rng io.Reader, inputs, outputs []Opening, fee uint64, context []byte) (*BalanceProof, error) {
	if err := checkBalanceCounts(len(inputs), len(outputs)); err != nil {
		return nil, err
	}
	var inHi, inLo, outHi, outLo, carry uint64
	for _, o := range inputs {
		inLo, carry = bits.Add64(inLo, o.Value, 0)
		inHi += carry
	}
	outLo = fee
	for _, o := range outputs {
		outLo, carry = bits.Add64(outLo, o.Value, 0)
		outHi += carry
	}
	if inHi != outHi || inLo != outLo {
		return nil, ErrUnbalanced
	}
	ins := make([]Commitment, len(inputs))
	outs := make([]Commitment, len(outputs))
	excess := ristretto255.NewScalar()
	for i, o := range inputs {
		ins[i] = o.Commitment()
		excess.Add(excess, &o.Blinding.s)
	}
	for i, o := range outputs {
		outs[i] = o.Commitment()
		excess.Subtract(excess, &o.Blinding.s)
	}
	return buildBalanceProof(rng, ins, outs, fee, excess, context)
}

func checkBalanceCounts(in, out int) error {
	if in > MaxBalanceTerms || out > MaxBalanceTerms {
		return fmt.Errorf("%w: %d inputs and %d outputs, at most %d of each", ErrMalformed, in, out, MaxBalanceTerms)
	}
	return nil
}

// balanceExcess returns X = Σ inputs − Σ outputs − fee·G.
func balanceExcess(inputs, outputs []Commitment, fee uint64) *ristretto255.Element {
	X := Sum(inputs...).Sub(Sum(outputs...)).SubValue(fee)
	return X.element()
}

// balanceChallenge is e, bound to the protocol, the context, the counts, every
// commitment in order, the fee, X and R.
func balanceChallenge(inputs, outputs []Commitment, fee uint64, X, R *ristretto255.Element, context []byte) *ristretto255.Scalar {
	t := newTranscript("balance-proof")
	t.appendMessage("context", context)
	t.appendUint64("inputs", uint64(len(inputs)))
	for _, c := range inputs {
		t.appendElement("C_in", c.element())
	}
	t.appendUint64("outputs", uint64(len(outputs)))
	for _, c := range outputs {
		t.appendElement("C_out", c.element())
	}
	t.appendUint64("fee", fee)
	t.appendElement("X", X)
	t.appendElement("R", R)
	return t.challenge("e")
}

// buildBalanceProof proves knowledge of r with X = r·H without checking that
// it holds (the tests use it as a cheating prover).
func buildBalanceProof(rng io.Reader, inputs, outputs []Commitment, fee uint64, r *ristretto255.Scalar, context []byte) (*BalanceProof, error) {
	k, err := randomScalar(rng)
	if err != nil {
		return nil, err
	}
	R := ristretto255.NewIdentityElement().ScalarMult(k, blindingGenerator())
	X := balanceExcess(inputs, outputs, fee)
	e := balanceChallenge(inputs, outputs, fee, X, R, context)
	s := ristretto255.NewScalar().Multiply(e, r)
	s.Add(s, k)
	return &BalanceProof{capR: R, s: s}, nil
}

// VerifyBalance checks that proof shows Σ inputs = Σ outputs + fee·G up to
// a known multiple of H, for these commitments in this order, this fee and
// this context. It returns nil, ErrMalformed or ErrInvalidProof, and never
// panics. It says nothing about the values' ranges: range-prove the outputs,
// or a negative output can create value.
func VerifyBalance(inputs, outputs []Commitment, fee uint64, proof *BalanceProof, context []byte) error {
	if err := checkBalanceCounts(len(inputs), len(outputs)); err != nil {
		return err
	}
	if !proof.wellFormed() {
		return fmt.Errorf("%w: incomplete balance proof", ErrMalformed)
	}
	X := balanceExcess(inputs, outputs, fee)
	e := balanceChallenge(inputs, outputs, fee, X, proof.capR, context)
	if !checkBalanceRelation(X, proof.capR, e, proof.s) {
		return ErrInvalidProof
	}
	return nil
}

// checkBalanceRelation checks s·H = R + e·X.
func checkBalanceRelation(X, R *ristretto255.Element, e, s *ristretto255.Scalar) bool {
	lhs := ristretto255.NewIdentityElement().VarTimeMultiScalarMult(
		[]*ristretto255.Scalar{s, ristretto255.NewScalar().Negate(e)},
		[]*ristretto255.Element{blindingGenerator(), X})
	return lhs.Equal(R) == 1
}

func (p *BalanceProof) wellFormed() bool { return p != nil && p.capR != nil && p.s != nil }

// MarshalBinary encodes the proof as R || s, 64 bytes. A malformed proof
// (the zero value) gives ErrMalformed.
func (p *BalanceProof) MarshalBinary() ([]byte, error) {
	if !p.wellFormed() {
		return nil, fmt.Errorf("%w: incomplete balance proof", ErrMalformed)
	}
	return append(p.capR.Bytes(), p.s.Bytes()...), nil
}

// UnmarshalBinary decodes a proof encoded by MarshalBinary, refusing any
// length but 64 bytes and non-canonical encodings (ErrMalformed). On error
// p is unchanged.
func (p *BalanceProof) UnmarshalBinary(data []byte) error {
	if len(data) != BalanceProofSize {
		return fmt.Errorf("%w: balance proof is %d bytes, want %d", ErrMalformed, len(data), BalanceProofSize)
	}
	R, err := decodeElement(data[:32], "R")
	if err != nil {
		return err
	}
	s := ristretto255.NewScalar()
	if err := decodeScalarInto(s, data[32:], "s"); err != nil {
		return err
	}
	p.capR, p.s = R, s
	return nil
}
