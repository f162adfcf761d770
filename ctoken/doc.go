// Package ctoken holds the rules of Causeway's confidential tokens (issue
// 12) that the chain and its clients share: token identities, the contexts
// that bind each proof to one chain, token, sender, recipient and balance,
// the encoding of an output's opening and who it is sealed to, and the
// client-side construction of issues and transfers (the proofs are made
// here, never on chain) and of a holder's balance from its sealed outputs.
//
// A holder's balance of a token is a Pedersen commitment on chain
// (types.TokenBalance). An issue adds a commitment C with a range proof; a
// transfer from a balance B names B, an amount commitment A for the
// recipient and a change commitment C for the sender, with range proofs
// for A and C (so neither is negative: the sender does not spend more than
// it holds) and a balance proof that B = A + C (no value is created). The
// opening of every output (value and blinding) is sealed with crypto/seal
// to its holder's account encryption key and to the chain's auditor key in
// force, and stored with the output.
//
// Execution (package execution) verifies with the functions here and
// crypto/confidential; it holds no key and draws no randomness. The
// constructors (NewIssue, NewTransfer) draw blindings and proof nonces from
// crypto/rand and are for clients only.
package ctoken
