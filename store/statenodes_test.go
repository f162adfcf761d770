package store

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/causeway/causeway/types"
)

func testNode(i int) Write {
	d := types.Intl.Sum(fmt.Appendf(nil, "node %d", i))
	return Write{Key: d[:], Value: fmt.Appendf(nil, "\x01encoding of node %d", i)}
}

// State tree nodes commit in the block's batch, are readable after a
// reopen, through the cache or not, and through snapshots; malformed nodes
// refuse the commit.
func TestStateNodes(t *testing.T) {
	for _, cache := range []int64{0, 1 << 20, 600} { // off, ample, tiny (generations turn over)
		t.Run(fmt.Sprint("cache=", cache), func(t *testing.T) {
			fs := vfs.NewMem()
			s := openMem(t, fs, WithStateNodeCache(cache))
			var prev types.Hash
			var all []Write
			for h := 0; h < 5; h++ {
				c := makeCommit(uint64(h), prev, 2)
				for i := 0; i < 20; i++ {
					c.StateNodes = append(c.StateNodes, testNode(h*20+i))
				}
				if h == 3 {
					c.StateNodes = append(c.StateNodes, testNode(0)) // rewriting a stored node is harmless
				}
				if err := s.Commit(c); err != nil {
					t.Fatal(err)
				}
				all = append(all, c.StateNodes...)
				prev = s.Head().Hash
			}
			check := func(s *Store) {
				t.Helper()
				sn, err := s.Snapshot()
				if err != nil {
					t.Fatal(err)
				}
				defer sn.Close()
				for _, w := range all {
					for _, r := range []interface{ StateNode([]byte) ([]byte, error) }{s, sn} {
						v, err := r.StateNode(w.Key)
						if err != nil || !bytes.Equal(v, w.Value) {
							t.Fatalf("node %x = %q, %v", w.Key, v, err)
						}
					}
				}
				if v, err := s.StateNode(make([]byte, 32)); v != nil || err != nil {
					t.Fatalf("absent node = %q, %v", v, err)
				}
			}
			check(s)
			s.Close()
			s = openMem(t, fs, WithStateNodeCache(cache))
			defer s.Close()
			check(s)

			bad := makeCommit(5, s.Head().Hash, 1)
			bad.StateNodes = []Write{{Key: []byte("short"), Value: []byte("x")}}
			if err := s.Commit(bad); !errors.Is(err, ErrInvalid) {
				t.Fatalf("short node key: %v", err)
			}
			bad.StateNodes = []Write{{Key: testNode(1).Key}}
			if err := s.Commit(bad); !errors.Is(err, ErrInvalid) {
				t.Fatalf("empty node: %v", err)
			}
			if s.Head().Height != 4 {
				t.Fatal("a refused commit changed the store")
			}
		})
	}
}
