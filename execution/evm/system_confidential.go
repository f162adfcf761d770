package evm

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/causeway/causeway/crypto/confidential"
)

// The confidential-amount system contracts (0x…0104–0x…0108) verify what
// package crypto/confidential proves: openings of Pedersen commitments,
// Bulletproofs range proofs and balance proofs, and add and subtract
// commitments. They only verify; clients make the proofs off-chain. They
// read and write no state, so they work in static calls.
//
// Inputs are bounded, and checked before any group operation: a range proof
// covers 1, 2, 4 or 8 commitments and is exactly
// confidential.RangeProofSize(m) bytes; a balance proof has at most
// MaxBalanceTerms inputs and as many outputs and is exactly
// confidential.BalanceProofSize bytes; a context is at most
// MaxProofContextBytes. A call outside these bounds, or with a commitment,
// blinding or proof element that is not a canonical encoding, reverts with a
// "causeway: <function>: ..." reason. A well-formed call whose opening or
// proof does not hold returns false.

const (
	// MaxRangeCommitments bounds the commitments of one verifyRange call
	// (confidential.MaxAggregation).
	MaxRangeCommitments = confidential.MaxAggregation
	// MaxBalanceTerms bounds the inputs, and separately the outputs, of one
	// verifyBalance call. crypto/confidential allows 256; a contract needs
	// few, and the bound keeps one call's cost small.
	MaxBalanceTerms = 16
	// MaxProofContextBytes bounds the context of verifyRange and
	// verifyBalance: enough for abi.encode of a chain ID, an address, a
	// purpose and a few identifiers.
	MaxProofContextBytes = 1024
)

// Gas of the confidential system contracts, charged before they run. Each
// figure is the call's median CPU time in BenchmarkConfidentialSystemContracts
// times R = 117.9 gas/µs, rounded up to a multiple of 100 gas; R is the
// geometric mean of the gas per µs of go-ethereum's ecrecover (74.4) and
// ecPairing with two pairs (187.0) measured in the same run
// (BenchmarkPrecompileReference). So these calls buy less CPU time per gas
// than ecrecover, the cheaper of the two. See .notes/confidential-evm.md for
// the figures and the command.
const (
	VerifyCommitmentGas     = 6800 // verifyCommitment, flat (57 µs)
	VerifyBalanceBaseGas    = 8500 // verifyBalance: base (72 µs)
	VerifyBalanceTermGas    = 1000 // verifyBalance: per input or output (7.7 µs)
	CommitmentArithmeticGas = 1500 // addCommitments, subCommitments, flat (12 µs)
	ProofWordGas            = 12   // verifyRange, verifyBalance: per 32-byte word of the call's input
)

// verifyRangeGasByValues is the gas of verifyRange, before ProofWordGas, by
// the number of commitments: 1.52, 3.09, 7.09 and 12.66 ms.
var verifyRangeGasByValues = [MaxRangeCommitments + 1]uint64{1: 179_000, 2: 364_800, 4: 836_300, 8: 1_493_100}

// VerifyRangeGas returns the gas verifyRange charges for m commitments
// before ProofWordGas: 179000, 364800, 836300 or 1493100 for m = 1, 2, 4,
// 8. Other counts (which revert before any curve work) are charged as the
// next supported count, at most 8, and as 1 below 1.
func VerifyRangeGas(m uint64) uint64 {
	switch {
	case m <= 1:
		return verifyRangeGasByValues[1]
	case m == 2:
		return verifyRangeGasByValues[2]
	case m <= 4:
		return verifyRangeGasByValues[4]
	default:
		return verifyRangeGasByValues[8]
	}
}

// abiArrayLen returns the length of the dynamic array or bytes argument
// number i of ABI-encoded arguments, read from its head without decoding the
// rest; ok is false when the encoding does not hold a plausible length. It
// only sizes the gas charge: Run decodes the call properly.
func abiArrayLen(args []byte, i int) (n uint64, ok bool) {
	word := func(at uint64) (uint64, bool) {
		if at > uint64(len(args)) || uint64(len(args))-at < 32 {
			return 0, false
		}
		w := args[at : at+32]
		for _, b := range w[:24] {
			if b != 0 {
				return 0, false
			}
		}
		return binary.BigEndian.Uint64(w[24:]), true
	}
	off, ok := word(32 * uint64(i))
	if !ok {
		return 0, false
	}
	return word(off)
}

// chargedCount returns the number of elements of array argument i that a
// call's gas is computed for: its length clamped to [lo, hi], or lo when the
// input does not encode one.
func chargedCount(input []byte, i int, lo, hi uint64) uint64 {
	if len(input) < 4 {
		return lo
	}
	n, ok := abiArrayLen(input[4:], i)
	if !ok || n < lo {
		return lo
	}
	return min(n, hi)
}

// verifyRangeGas is VerifyRangeGas(m) + ProofWordGas·words(input), m being
// the number of commitments the input declares (1 if it declares none).
func verifyRangeGas(input []byte) uint64 {
	m := chargedCount(input, 0, 1, MaxRangeCommitments)
	return VerifyRangeGas(m) + ProofWordGas*words(input)
}

// verifyBalanceGas is VerifyBalanceBaseGas + VerifyBalanceTermGas·(inputs +
// outputs) + ProofWordGas·words(input), each count clamped to [0,
// MaxBalanceTerms].
func verifyBalanceGas(input []byte) uint64 {
	terms := chargedCount(input, 0, 0, MaxBalanceTerms) + chargedCount(input, 1, 0, MaxBalanceTerms)
	return VerifyBalanceBaseGas + VerifyBalanceTermGas*terms + ProofWordGas*words(input)
}

// decodeCommitments decodes canonical commitment encodings; what names the
// list in errors.
func decodeCommitments(what string, raw [][32]byte) ([]confidential.Commitment, error) {
	cs := make([]confidential.Commitment, len(raw))
	for i := range raw {
		c, err := confidential.DecodeCommitment(raw[i][:])
		if err != nil {
			return nil, fmt.Errorf("%s %d is not a canonical ristretto255 encoding", what, i)
		}
		cs[i] = c
	}
	return cs, nil
}

func checkContext(context []byte) error {
	if len(context) > MaxProofContextBytes {
		return fmt.Errorf("context is %d bytes, at most %d", len(context), MaxProofContextBytes)
	}
	return nil
}

// verifyCommitmentRun returns whether commitment = Commit(value, blinding).
func verifyCommitmentRun(_ frame, args []any) ([]any, error) {
	raw, value, rawBlinding := args[0].([32]byte), args[1].(uint64), args[2].([32]byte)
	c, err := confidential.DecodeCommitment(raw[:])
	if err != nil {
		return nil, errors.New("commitment is not a canonical ristretto255 encoding")
	}
	r, err := confidential.DecodeScalar(rawBlinding[:])
	if err != nil {
		return nil, errors.New("blinding is not a canonical scalar (below the group order, little-endian)")
	}
	return []any{confidential.Commit(value, r).Equal(c)}, nil
}

// verifyRangeRun returns whether proof shows every commitment, in this order
// and for this context, to hold a value in [0, 2^64).
func verifyRangeRun(_ frame, args []any) ([]any, error) {
	raw, proofBytes, context := args[0].([][32]byte), args[1].([]byte), args[2].([]byte)
	m := len(raw)
	if m > MaxRangeCommitments {
		return nil, fmt.Errorf("%d commitments, at most %d", m, MaxRangeCommitments)
	}
	want := confidential.RangeProofSize(m)
	if want == 0 {
		return nil, fmt.Errorf("%d commitments; a range proof covers 1, 2, 4 or 8", m)
	}
	if len(proofBytes) != want {
		return nil, fmt.Errorf("proof is %d bytes, want %d (m = %d)", len(proofBytes), want, m)
	}
	if err := checkContext(context); err != nil {
		return nil, err
	}
	cs, err := decodeCommitments("commitment", raw)
	if err != nil {
		return nil, err
	}
	var proof confidential.RangeProof
	if err := proof.UnmarshalBinary(proofBytes); err != nil {
		return nil, fmt.Errorf("malformed proof: %v", err)
	}
	switch err := confidential.VerifyRange(cs, &proof, context); {
	case err == nil:
		return []any{true}, nil
	case errors.Is(err, confidential.ErrInvalidProof):
		return []any{false}, nil
	default: // unreachable after the checks above
		return nil, err
	}
}

// verifyBalanceRun returns whether proof shows Σ inputs = Σ outputs + fee·G
// up to a multiple of H known to the prover, for these commitments in this
// order, this fee and this context.
func verifyBalanceRun(_ frame, args []any) ([]any, error) {
	rawIn, rawOut := args[0].([][32]byte), args[1].([][32]byte)
	fee, proofBytes, context := args[2].(uint64), args[3].([]byte), args[4].([]byte)
	if len(rawIn) > MaxBalanceTerms || len(rawOut) > MaxBalanceTerms {
		return nil, fmt.Errorf("%d inputs and %d outputs; at most %d of each", len(rawIn), len(rawOut), MaxBalanceTerms)
	}
	if len(proofBytes) != confidential.BalanceProofSize {
		return nil, fmt.Errorf("proof is %d bytes; a balance proof is %d", len(proofBytes), confidential.BalanceProofSize)
	}
	if err := checkContext(context); err != nil {
		return nil, err
	}
	ins, err := decodeCommitments("input", rawIn)
	if err != nil {
		return nil, err
	}
	outs, err := decodeCommitments("output", rawOut)
	if err != nil {
		return nil, err
	}
	var proof confidential.BalanceProof
	if err := proof.UnmarshalBinary(proofBytes); err != nil {
		return nil, fmt.Errorf("malformed proof: %v", err)
	}
	switch err := confidential.VerifyBalance(ins, outs, fee, &proof, context); {
	case err == nil:
		return []any{true}, nil
	case errors.Is(err, confidential.ErrInvalidProof):
		return []any{false}, nil
	default: // unreachable after the checks above
		return nil, err
	}
}

// decodePair decodes the two commitment arguments of addCommitments and
// subCommitments.
func decodePair(args []any) (a, b confidential.Commitment, err error) {
	ra, rb := args[0].([32]byte), args[1].([32]byte)
	if a, err = confidential.DecodeCommitment(ra[:]); err != nil {
		return a, b, errors.New("a is not a canonical ristretto255 encoding")
	}
	if b, err = confidential.DecodeCommitment(rb[:]); err != nil {
		return a, b, errors.New("b is not a canonical ristretto255 encoding")
	}
	return a, b, nil
}

func addCommitmentsRun(_ frame, args []any) ([]any, error) {
	a, b, err := decodePair(args)
	if err != nil {
		return nil, err
	}
	return []any{[32]byte(a.Add(b).Bytes())}, nil
}

func subCommitmentsRun(_ frame, args []any) ([]any, error) {
	a, b, err := decodePair(args)
	if err != nil {
		return nil, err
	}
	return []any{[32]byte(a.Sub(b).Bytes())}, nil
}
