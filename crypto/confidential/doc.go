// Package confidential is the cryptographic core of Causeway's confidential
// amounts (issue 12): Pedersen commitments to 64-bit values, Bulletproofs
// range proofs that committed values lie in [0, 2^64), and balance proofs
// that committed inputs equal committed outputs plus a public fee. A
// contract adds and subtracts commitments without learning the amounts; the
// proofs show that no value was created.
//
// # Group and generators
//
// The group is ristretto255 (RFC 9496, github.com/gtank/ristretto255), of
// prime order ℓ = 2^252 + 27742317777372353535851937790883648493. The
// value generator G is the ristretto255 base point. Every other generator
// is derived by hashing a fixed label to the group, with the element
// derivation of RFC 9496 §4.3.4 (FromUniformBytes, which the library now
// calls SetUniformBytes) applied to a SHA-512 digest:
//
//	H   = derive(SHA-512("causeway/confidential/v1/H"))                    blinding generator
//	Q   = derive(SHA-512("causeway/confidential/v1/Q"))                    inner-product argument
//	G_i = derive(SHA-512("causeway/confidential/v1/G_i" || uint32_be(i)))  i = 0 … 511
//	H_i = derive(SHA-512("causeway/confidential/v1/H_i" || uint32_be(i)))  i = 0 … 511
//
// Since the derivation is a hash, nobody knows a discrete-logarithm
// relation between any two generators, which is what makes commitments
// binding and proofs sound. The tests pin every generator's encoding.
//
// # Commitments
//
// Commit(v, r) = v·G + r·H: the value multiplies G, the blinding H (the
// convention of the paper's V = h^γ·g^v). A commitment encodes as the 32
// bytes of its group element; DecodeCommitment and DecodeScalar accept only
// canonical encodings (ErrNonCanonical), so a commitment or scalar has one
// encoding. Commitments are perfectly hiding when the blinding is uniformly
// random (RandomScalar, NewOpening) and computationally binding.
//
// Commitment.Add, Sub, AddValue, SubValue and Sum are homomorphic: the
// values and blindings add as scalars modulo ℓ, not modulo 2^64. The sum of
// commitments to 2^64−1 and 1 commits to 2^64, and subtracting a larger
// value gives a commitment to ℓ − |difference|, a "negative" amount. A sum
// or difference of range-proved values is therefore never silently wrapped;
// instead only a range proof on the result shows that it is a small
// non-negative amount.
//
// # Range proofs
//
// ProveRange and VerifyRange implement the aggregated logarithmic range
// proof of Bünz, Bootle, Boneh, Poelstra, Wuille and Maxwell, "Bulletproofs:
// Short Proofs for Confidential Transactions and More", IEEE S&P 2018
// (IACR ePrint 2017/1066): §4.1 (the range proof), §3 and §4.2 (the
// logarithmic inner-product argument, Protocols 1 and 2), §4.3 (aggregating
// m values), made non-interactive with Fiat–Shamir (§4.4). The bit length
// is n = 64; m ∈ {1, 2, 4, 8} values share one proof of 32·(9 + 2·log2(64m))
// bytes (672, 736, 800, 864). The verifier checks the polynomial relation for t̂ and τx and the
// inner-product relation unrolled as in §3.1 together in one variable-time
// multi-scalar multiplication, the two combined with a weight drawn from the
// transcript after the whole proof. The prover computes everything that
// depends on the secrets with constant-time multi-scalar multiplications;
// it has not been audited for side channels.
//
// # Balance proofs
//
// ProveBalance and VerifyBalance show that X = Σ C_in − Σ C_out − fee·G is
// r·H for an r the prover knows: a Schnorr proof of knowledge over H. If
// the values did not balance, X would have a G component and the proof
// would need log_G H. Balance proofs say nothing about ranges: every output
// needs a range proof, or an output of "−50" (ℓ − 50) creates 50.
//
// # Transcripts and context
//
// Challenges come from a transcript of this package: a running SHA-512 over
// length-prefixed, labelled records, starting with the domain
// "causeway/confidential/v1/transcript" and the protocol name, each
// challenge the SHA-512 so far reduced modulo ℓ (never zero). A range proof's
// transcript binds n, m, the caller's context bytes and every commitment in
// order before the proof; a balance proof's binds the context, every
// commitment in order and the fee. Callers pass as context what the proof
// must not be replayed outside of, such as the chain ID and the rest of the
// transaction.
//
// # Zero knowledge
//
// Both proofs are honest-verifier zero knowledge (perfect special HVZK, as
// the paper proves for its range proofs): a simulator that may choose the challenges
// produces accepting transcripts without the values. The tests run such
// simulators and check the response scalars' distributions for 0 and
// 2^64−1.
//
// # Errors
//
// Functions return ErrMalformed (wrong lengths and shapes, also
// ErrNonCanonical for non-canonical encodings), ErrInvalidProof,
// ErrOutOfRange, ErrUnsupportedAggregation, ErrUnbalanced and ErrRandomness,
// wrapped with details: test with errors.Is. Decoding and verification never
// panic on any input. Verification is deterministic: the same proof and
// inputs always give the same verdict on every node.
//
// Pedersen commitments: T. P. Pedersen, "Non-Interactive and
// Information-Theoretic Secure Verifiable Secret Sharing", CRYPTO 1991,
// LNCS 576, pp. 129–140.
package confidential
