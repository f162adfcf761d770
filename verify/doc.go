// Package verify checks Causeway proofs offline, trusting nothing but a
// chain's genesis: that a transaction is in block h and has a given receipt
// (proofpb.TxProof), that a state key has a value or none after a block
// (proofpb.StateProof), and which node set was in force at any height
// (proofpb.ConfigChain).
//
// What is checked, for a proof about block h:
//
//   - The configuration chain from the genesis: each change is the value of
//     the state key state.ConfigHistoryKey(height) under the state root of
//     the first block it applies to, whose header carries commit signatures of a quorum of the
//     new node set and of more than a third (f+1) of the previous one, so an
//     honest member of the set in force when the change was made vouches for
//     it. A certificate made before a membership change therefore verifies
//     after it: it carries the chain up to the node set that signed it.
//   - The signed header (block h+1 for receipts and state, whose header
//     carries block h's roots): its chain id, its link to block h (prev_hash),
//     the configuration in force at its height, proven under its own state
//     root (so a chain that leaves out a change is caught), and valid
//     signatures over the suite's CommitMessage from a quorum of that
//     configuration's nodes. Every signature must verify, not only a quorum.
//   - Merkle inclusion of the transaction hash under block h's tx root and of
//     the receipt under block h+1's receipt root; the transaction's own
//     signatures; sparse Merkle proofs of state values and absences.
//
// A light client (package execution/lightclient) applies the same rules
// incrementally, remembering what they proved: Extend verifies only the
// configuration changes above a history it settled, which Resume rebuilds
// from the configurations it stored; SignedHeaderIn checks a header against
// such a history; TxUnder and StateValue check proofs against a header it
// verified before.
//
// Errors are *Error values naming what failed (Kind, tested with errors.Is
// against ErrMalformed, ErrGenesis, ErrConfigChain, ErrHeader, ErrConfig,
// ErrSignature, ErrQuorum, ErrTxInclusion, ErrReceiptInclusion,
// ErrTransaction, ErrStateProof), where (Path, a field path in the proof)
// and at which Height.
//
// The package imports only types, merkle, state/smt, crypto and pki: it has
// no node, store or network code, and performs no I/O.
package verify
