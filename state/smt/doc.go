// Package smt is Causeway's authenticated state commitment: a compressed
// sparse Merkle tree over 256-bit paths, updated once per block, whose root a
// block header carries and whose proofs show, to a verifier that trusts only
// that root, that a state key holds a given value or holds none. Key k lives
// at path H(k), read most significant bit first (0 = left), where H is the
// chain's 32-byte hash (SHA-256 or SM3) passed in as a func() hash.Hash.
// Hashing: a leaf is H(0x00 || path || H(value)), an internal node is
// H(0x01 || left || right), and an empty subtree is the all-zero digest, one
// sentinel for every depth (so EmptyRoot is 32 zero bytes). Compression: a
// subtree holding one key is that key's leaf, placed at the highest level
// where it is alone, and an internal node always holds at least two keys (one
// child may be empty when all its keys share the next bit); so the root is a
// function of the set of (key, value) pairs alone, not of insertion order,
// batching or history, depth is about log2(N), and N random keys take about
// 2.4N nodes (N leaves, 1.44N internal). Values are non-empty: writing an empty
// or nil value deletes the key. Storage: nodes are content-addressed and
// immutable; a node's key is its digest (leaf and internal digests are
// domain-separated, so keys never collide) and its bytes are
// 0x01 || flags || left || right for an internal node (flags bit 0 and bit 1:
// left and right child is a leaf) or 0x00 || path || uvarint(len(k)) || k || value
// for a leaf. Update writes only new nodes and never deletes one, so every
// root ever returned stays readable and provable while the caller keeps the
// writes (pruning would need reference counts, since versions share
// subtrees). Guarantees: everything is deterministic (no map iteration,
// clocks or goroutines; Update sorts its input and its writes), so every node
// computes the same root and the same writes; Verify is sound if H is
// collision resistant: an accepted membership proof means the key has exactly
// that value under the root, and an accepted non-membership proof, ending in
// an empty subtree or in another key's leaf on the key's path, means it has
// none.
package smt
