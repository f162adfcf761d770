// Package types defines Causeway's data: transactions, blocks, receipts,
// accounts and evidence (generated from proto/causeway/v1/types.proto), the
// genesis configuration, and the helpers that hash, sign and check them.
//
// A transaction is {body bytes, signatures}: its hash is the chain's hash of
// the body bytes exactly as signed, and every signature is over that hash. A
// block's hash is the hash of the deterministic encoding of its header;
// consensus nodes certify a block by signing CommitMessage(chain, height,
// blockHash, aux). The hash is the chain's Suite, chosen at genesis: SHA-256
// (Intl) or SM3 (GM); every hashing helper is a method of Suite so that no
// code can hash with the wrong one by default.
//
// This package sits at the bottom of the import graph: it imports nothing of
// Causeway's but merkle.
package types
