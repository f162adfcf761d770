package verify_test

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"math/rand"
	"path/filepath"
	"testing"

	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/state/smt"
	"github.com/causeway/causeway/store"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify"
)

// Property: after any sequence of blocks of random puts and deletes
// committed through the store (flat state and tree nodes in one batch), a
// proof read from the store for any key - present, deleted or never
// written - shows exactly the value a plain map holds, at the latest root
// and at every earlier one; the proof of a different value, or of absence
// for a present key (and the reverse), is refused.
func TestStateProofsMatchAMap(t *testing.T) {
	for _, tc := range []struct {
		suite types.Suite
		seed  int64
	}{{types.Intl, 1}, {types.Intl, 2}, {types.Intl, 3}, {types.GM, 4}} {
		t.Run(fmt.Sprintf("%s-%d", tc.suite.Name(), tc.seed), func(t *testing.T) {
			stateProperty(t, tc.suite, tc.seed)
		})
	}
}

func stateProperty(t *testing.T, suite types.Suite, seed int64) {
	rng := rand.New(rand.NewSource(seed))
	s, err := store.Open(filepath.Join(t.TempDir(), "db"), store.WithSuite(suite))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	v := hashOnly(suite)
	const keySpace = 400
	key := func(i int) []byte {
		prefix := []string{"acct/", "evid/", "gov/", "cfgh/"}[i%4]
		return fmt.Appendf(nil, "%s%06d", prefix, i)
	}
	ref := map[string][]byte{}
	var roots [][]byte
	var history []map[string][]byte
	var root []byte
	var prev types.Hash
	for h := uint64(0); h < 40; h++ {
		var ws []store.Write
		seen := map[string]bool{}
		for n := rng.Intn(60); n >= 0; n-- {
			k := key(rng.Intn(keySpace))
			if seen[string(k)] { // store.Commit applies writes in order; keep one per key like ExecuteBlock
				continue
			}
			seen[string(k)] = true
			var val []byte
			if rng.Intn(3) > 0 {
				val = fmt.Appendf(nil, "value %d at %d: %x", rng.Int63(), h, rng.Int63())
			}
			ws = append(ws, store.Write{Key: k, Value: val})
			if val == nil {
				delete(ref, string(k))
			} else {
				ref[string(k)] = val
			}
		}
		r, nodes, err := state.Commit(suite, s, root, ws)
		if err != nil {
			t.Fatal(err)
		}
		blk := &types.Block{Header: &types.BlockHeader{ChainId: "prop", Height: h, PrevHash: prev[:], StateRoot: r}}
		if err := s.Commit(&store.Commit{Block: blk, Writes: ws, StateNodes: nodes, StateRoot: r}); err != nil {
			t.Fatal(err)
		}
		prev = s.Head().Hash
		root = r
		roots = append(roots, r)
		history = append(history, maps.Clone(ref))

		// Every key, against the flat state and the map.
		tree := state.Tree(suite, s)
		for i := 0; i < keySpace+20; i++ {
			k := key(i)
			val, p, err := tree.Prove(root, k)
			if err != nil {
				t.Fatal(err)
			}
			want := ref[string(k)]
			if !bytes.Equal(val, want) {
				t.Fatalf("block %d key %s: proof value %q, map %q", h, k, val, want)
			}
			if flat, _ := s.Get(k); !bytes.Equal(flat, want) {
				t.Fatalf("block %d key %s: flat %q, map %q", h, k, flat, want)
			}
			hdr := &types.BlockHeader{Height: h, StateRoot: root}
			pp := verify.SMTProofOf(p)
			if err := v.StateValue(hdr, "proof", k, val, pp); err != nil {
				t.Fatalf("block %d key %s: %v", h, k, err)
			}
			// A wrong claim fails: another value, or presence for absence.
			wrong := []byte("forged")
			if err := v.StateValue(hdr, "proof", k, wrong, pp); !errors.Is(err, verify.ErrStateProof) {
				t.Fatalf("block %d key %s: forged value accepted: %v", h, k, err)
			}
			if val != nil {
				if err := v.StateValue(hdr, "proof", k, nil, pp); !errors.Is(err, verify.ErrStateProof) {
					t.Fatalf("block %d key %s: absence accepted for a present key", h, k)
				}
			}
		}
	}
	// Old roots stay provable (nodes are never deleted).
	tree := state.Tree(suite, s)
	for i := 0; i < 200; i++ {
		h := rng.Intn(len(roots))
		k := key(rng.Intn(keySpace))
		val, p, err := tree.Prove(roots[h], k)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(val, history[h][string(k)]) {
			t.Fatalf("root of block %d key %s: %q, want %q", h, k, val, history[h][string(k)])
		}
		if err := smt.Verify(suite.Hasher(), roots[h], k, val, p); err != nil {
			t.Fatal(err)
		}
	}
	// And the root is the root of the final set, built in one go.
	var all []store.Write
	for k, val := range ref {
		all = append(all, store.Write{Key: []byte(k), Value: val})
	}
	r, _, err := state.Commit(suite, emptyNodes{}, nil, all)
	if err != nil || !bytes.Equal(r, root) {
		t.Fatalf("root of the final set %x, incremental root %x (%v)", r, root, err)
	}
}

type emptyNodes struct{}

func (emptyNodes) StateNode([]byte) ([]byte, error) { return nil, nil }

// hashOnly returns a Verifier whose genesis has the suite and no nodes
// (StateValue needs only the hash).
func hashOnly(suite types.Suite) *verify.Verifier {
	g := &types.Genesis{ChainID: "prop", Crypto: suite.Name()}
	v, err := verify.New(g)
	if err != nil {
		panic(err)
	}
	return v
}
