package state

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/causeway/causeway/state/smt"
	"github.com/causeway/causeway/types"
)

// Write is one change to the state: Value is the new value of Key, and a nil
// Value deletes Key. The same type carries the state tree's new nodes (Key:
// a node's 32-byte digest, Value: its encoding), as Commit returns them.
type Write struct {
	Key   []byte
	Value []byte
}

// SortWrites sorts ws by key, stably, so that writes to one key keep their
// order (the last wins) and even malformed input sorts deterministically.
func SortWrites(ws []Write) { slices.SortStableFunc(ws, CompareWrites) }

// CompareWrites orders writes by key, bytewise.
func CompareWrites(a, b Write) int { return bytes.Compare(a.Key, b.Key) }

// NodeReader reads the nodes of the state tree by their 32-byte digest,
// returning nil, nil for a node that is not stored. The store and its
// snapshots implement it. The tree never modifies a returned slice and keeps
// none after a call returns.
type NodeReader interface {
	StateNode(digest []byte) ([]byte, error)
}

// EmptyTree is a NodeReader that holds no nodes: enough to commit writes on
// the empty state (the genesis), whose root is nil.
var EmptyTree NodeReader = emptyTree{}

type emptyTree struct{}

func (emptyTree) StateNode([]byte) ([]byte, error) { return nil, nil }

// Commit is the state commitment: it applies writes (a nil or empty Value
// deletes its key) to the sparse Merkle tree with root prev (nil or empty
// for the empty state) and returns the new root and the tree nodes to
// persist with the writes (sorted by digest). The tree maps each state key,
// as bytes, to its stored value, hashed with the suite's hash; its root
// depends only on the resulting set of (key, value) pairs, not on history
// or on the order of writes (for a key written twice the last write wins),
// and a block without writes keeps the root. A present value must be
// non-empty: a write of an empty value commits as a deletion. Reading nodes
// of prev that r does not hold fails with smt.ErrMissingNode.
// Cost: O(len(writes) x log2(number of keys)) node reads and hashes.
func Commit(suite types.Suite, r NodeReader, prev []byte, writes []Write) (root []byte, nodes []Write, err error) {
	changes := make([]smt.KV, len(writes))
	for i, w := range writes {
		changes[i] = smt.KV{Key: w.Key, Value: w.Value}
	}
	root, kvs, err := Tree(suite, r).Update(prev, changes)
	if err != nil {
		return nil, nil, fmt.Errorf("state commitment: %w", err)
	}
	nodes = make([]Write, len(kvs))
	for i, kv := range kvs {
		nodes[i] = Write{Key: kv.Key, Value: kv.Value}
	}
	return root, nodes, nil
}

// Tree returns the state tree over the nodes r reads, hashed with the
// suite's hash, for reading and proving values under any committed root
// (smt.Tree.Get and Prove; smt.Verify checks a proof).
func Tree(suite types.Suite, r NodeReader) *smt.Tree {
	return smt.New(suite.Hasher(), treeReader{r})
}

// treeReader adapts a NodeReader to smt.NodeReader.
type treeReader struct{ r NodeReader }

func (t treeReader) GetNode(key []byte) ([]byte, error) { return t.r.StateNode(key) }

// Verify checks a proof, made by Tree(suite, ...).Prove, that key holds
// value under the state root root, or, for a nil value, that it holds none.
// It needs no state: a verifier that trusts only root (from a certified
// header) can run it offline. It fails, with an error wrapping one of
// smt.Verify's (smt.ErrRootMismatch and others), when the proof does not
// show it. Cost: about 260 hashes at most.
func Verify(suite types.Suite, root, key, value []byte, p *smt.Proof) error {
	return smt.Verify(suite.Hasher(), root, key, value, p)
}
