// Package store is a node's durable storage, on Pebble: committed blocks,
// their receipts, a transaction-hash index, the flat key/value state after the
// last block, the nodes of the sparse Merkle tree that commits to the state
// (content-addressed and never overwritten, so the tree of every committed
// height stays readable and provable), and small node metadata. Every block is committed by exactly one
// Pebble batch, written with pebble.Sync, that carries the block, its indexes,
// its receipts, its state writes, its new state tree nodes and the new head together; the batch is atomic,
// so a crash at any point (including during the fsync) leaves the store at the
// last fully committed block, with nothing of a later block visible, and Open
// resumes from there. Blocks are accepted only in order (height head+1, parent
// hash = head hash), so the stored chain is always a contiguous prefix 0..head.
// Keys are a one-byte namespace prefix followed by fixed-width big-endian
// integers and raw hashes, so that iteration order is numeric order:
//
//	"b" height(8)            -> Block (deterministic protobuf)
//	"n" height(8)            -> block hash (32)
//	"x" blockHash(32)        -> height(8)
//	"t" txHash(32)           -> height(8) index(4)
//	"r" height(8) index(4)   -> Receipt (deterministic protobuf)
//	"s" key                  -> flat state value at head (key and value as
//	                            package state lays them out; opaque here)
//	"a" digest(32)           -> state tree node (package state/smt), immutable
//	"m" key                  -> node metadata (SetMeta/GetMeta)
//	"h"                      -> head record (height, hash, time, state and receipt roots)
//	"v"                      -> schema version (one byte)
//
// The store does not interpret state keys or values, nor compute the state
// root: package state owns both, and Commit persists what state.Commit and
// the executor produce (Write is state.Write).
//
// A Store is safe for any number of concurrent readers alongside one committer.
package store
