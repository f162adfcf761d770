package confidential

import "errors"

// Errors returned by this package. They are wrapped with details; test for
// them with errors.Is.
var (
	// ErrMalformed: an encoding has the wrong length, or an argument has the
	// wrong shape (for example fewer blindings than values).
	ErrMalformed = errors.New("confidential: malformed input")

	// ErrNonCanonical: a scalar or group element is not in its one canonical
	// 32-byte encoding. Every ErrNonCanonical error is also ErrMalformed.
	ErrNonCanonical = errors.New("confidential: non-canonical encoding")

	// ErrInvalidProof: a well-formed proof does not verify for the given
	// commitments, context (and fee, for balance proofs).
	ErrInvalidProof = errors.New("confidential: invalid proof")

	// ErrOutOfRange: a range-proof witness is not a value in [0, 2^64) with
	// its 64 bits. Values given as uint64 always fit; the error guards the
	// prover's scalar core against a witness that could never verify.
	ErrOutOfRange = errors.New("confidential: value out of range")

	// ErrUnsupportedAggregation: a range proof over a number of values other
	// than 1, 2, 4 or 8.
	ErrUnsupportedAggregation = errors.New("confidential: unsupported number of aggregated values")

	// ErrUnbalanced: ProveBalance was asked to prove that inputs equal outputs
	// plus fee when they do not.
	ErrUnbalanced = errors.New("confidential: inputs do not equal outputs plus fee")

	// ErrRandomness: the source of randomness failed.
	ErrRandomness = errors.New("confidential: randomness source failed")
)
