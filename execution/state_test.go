package execution

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand"
	"testing"

	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/state/smt"
	"github.com/causeway/causeway/types"
)

// StateNode implements NodeReader over the memState's node map.
func (m *memState) StateNode(digest []byte) ([]byte, error) {
	return m.nodes[string(digest)], nil
}

// applyNodes stores state tree nodes, as a store's Commit does.
func (m *memState) applyNodes(nodes []state.Write) {
	if m.nodes == nil {
		m.nodes = map[string][]byte{}
	}
	for _, n := range nodes {
		m.nodes[string(n.Key)] = bytes.Clone(n.Value)
	}
}

// mustCommitState returns the root of writes applied to m's state tree.
func mustCommitState(t testing.TB, m *memState, writes []state.Write) []byte {
	t.Helper()
	root, _, err := state.Commit(types.Intl, m, m.root, writes)
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// The state root is the tree root over the set of (key, value) pairs: the
// same set gives the same root whatever the history, order of writes or
// batching; every key and value is proven against it; deletions and
// absent keys prove absent.
func TestCommitState(t *testing.T) {
	for _, suite := range []types.Suite{types.Intl, types.GM} {
		t.Run(suite.Name(), func(t *testing.T) {
			rng := rand.New(rand.NewSource(7))
			m := &memState{}
			ref := map[string][]byte{}
			var root []byte
			for blk := 0; blk < 30; blk++ {
				var ws []state.Write
				for i := 0; i < 1+rng.Intn(40); i++ {
					k := fmt.Appendf(nil, "acct/%03d", rng.Intn(300))
					var v []byte
					if rng.Intn(4) > 0 {
						v = fmt.Appendf(nil, "v%d-%d", blk, i)
					}
					ws = append(ws, state.Write{Key: k, Value: v})
					if v == nil {
						delete(ref, string(k))
					} else {
						ref[string(k)] = v
					}
				}
				r, nodes, err := state.Commit(suite, m, root, ws)
				if err != nil {
					t.Fatal(err)
				}
				m.applyNodes(nodes)
				root = r
			}
			// One batch of the final set, in another order, on the empty tree.
			var all []state.Write
			for k, v := range ref {
				all = append(all, state.Write{Key: []byte(k), Value: v})
			}
			fresh := &memState{}
			r2, nodes, err := state.Commit(suite, fresh, nil, all)
			if err != nil {
				t.Fatal(err)
			}
			fresh.applyNodes(nodes)
			if !bytes.Equal(root, r2) {
				t.Fatal("root depends on history")
			}
			tree := state.Tree(suite, m)
			for i := 0; i < 300; i++ {
				k := fmt.Appendf(nil, "acct/%03d", i)
				v, p, err := tree.Prove(root, k)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(v, ref[string(k)]) {
					t.Fatalf("%s = %q, want %q", k, v, ref[string(k)])
				}
				if err := smt.Verify(suite.Hasher(), root, k, v, p); err != nil {
					t.Fatalf("%s: %v", k, err)
				}
			}
			// No writes keep the root; an empty value deletes.
			if r, n, err := state.Commit(suite, m, root, nil); err != nil || !bytes.Equal(r, root) || len(n) != 0 {
				t.Fatal("empty change set changed the root")
			}
			var some string
			for k := range ref {
				some = k
				break
			}
			rDel, _, _ := state.Commit(suite, m, root, []state.Write{{Key: []byte(some)}})
			rEmpty, _, _ := state.Commit(suite, m, root, []state.Write{{Key: []byte(some), Value: []byte{}}})
			if bytes.Equal(rDel, root) || !bytes.Equal(rDel, rEmpty) {
				t.Fatal("deletion")
			}
		})
	}
}

func TestCommitStateMissingNode(t *testing.T) {
	m := &memState{}
	root, _, err := state.Commit(types.Intl, m, nil, []state.Write{{Key: []byte("a"), Value: []byte("1")}, {Key: []byte("b"), Value: []byte("2")}})
	if err != nil {
		t.Fatal(err)
	}
	// The nodes were not kept: the next update cannot read the tree.
	if _, _, err := state.Commit(types.Intl, m, root, []state.Write{{Key: []byte("c"), Value: []byte("3")}}); !errors.Is(err, smt.ErrMissingNode) {
		t.Fatalf("err = %v, want ErrMissingNode", err)
	}
}
