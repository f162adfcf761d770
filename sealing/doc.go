// Package sealing holds the chain's rules for sealed payloads (issue 12,
// per-member encrypted data): what a transaction that carries a payload
// encrypted to chosen readers (types.SealedPayload) must satisfy, and how
// the readers it names become the encryption keys its envelope must be
// wrapped for.
//
// A sender names readers as member orgs, accounts and reader groups.
// Resolve turns the names into readers with their encryption keys in force,
// against a chain configuration (org keys, groups) and the accounts'
// encryption keys; CheckEnvelope checks an envelope's bytes (canonical, of
// the chain's suite, bounded); Match checks that the envelope has exactly
// one entry per distinct reader key, labelled for its reader. Execution
// applies the three to every carried payload, with the configuration in
// force at the executing block, and the SDK uses Resolve to know whom to
// seal for, so client and chain agree by construction.
//
// Everything here is deterministic and needs no private key: a node checks
// the envelope's shape and reader list, never its contents. Sealing (which
// draws randomness) and opening happen in the client (package sdk over
// crypto/seal); the context every envelope is sealed under is the chain id
// (Context), so an envelope copied to another chain does not open there.
package sealing
