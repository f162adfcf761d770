// Package types defines Causeway's data: transactions, blocks, receipts,
// accounts and evidence (generated from proto/causeway/v1/types.proto), the
// genesis configuration, and the helpers that hash, sign and check them.
//
// A transaction is {body bytes, signatures}: its hash is SHA-256 of the body
// bytes exactly as signed, and every signature is over that hash. A block's
// hash is SHA-256 of the deterministic encoding of its header; consensus nodes
// certify a block by signing CommitMessage(chain, blockHash, aux).
//
// This package sits at the bottom of the import graph: it imports nothing of
// Causeway's but merkle.
package types
