// Package merkle computes binary Merkle trees over ordered lists of byte
// strings, in the style of RFC 6962 (Certificate Transparency): leaves are hashed
// with a 0x00 prefix and inner nodes with a 0x01 prefix, so a leaf can never be
// passed off as an inner node. The tree of n leaves splits at the largest power
// of two below n. Root and proof are deterministic functions of the list.
//
// Block headers use it for their transaction and receipt roots; inclusion
// proofs (Prove, Verify) let a verifier that holds only a header check that one
// transaction or receipt is in the block.
package merkle
