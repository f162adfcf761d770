package merkle

import (
	"bytes"
	"fmt"
	"testing"
)

func items(n int) [][]byte {
	out := make([][]byte, n)
	for i := range out {
		out[i] = []byte(fmt.Sprintf("item-%d", i))
	}
	return out
}

func TestProofsForEveryIndex(t *testing.T) {
	for n := 1; n <= 33; n++ {
		it := items(n)
		root := Root(it)
		for i := 0; i < n; i++ {
			p, err := SHA256.Prove(it, i)
			if err != nil {
				t.Fatal(err)
			}
			if err := SHA256.Verify(root, it[i], p); err != nil {
				t.Fatalf("n=%d i=%d: %v", n, i, err)
			}
			// Wrong item, wrong index and tampered sibling all fail.
			if SHA256.Verify(root, []byte("other"), p) == nil {
				t.Fatalf("n=%d i=%d: wrong item verified", n, i)
			}
			if n > 1 {
				q := p
				q.Index = uint64((i + 1) % n)
				if SHA256.Verify(root, it[i], q) == nil {
					t.Fatalf("n=%d i=%d: wrong index verified", n, i)
				}
				q = Proof{Index: p.Index, Total: p.Total, Siblings: append([][]byte(nil), p.Siblings...)}
				q.Siblings[0] = bytes.Repeat([]byte{7}, 32)
				if SHA256.Verify(root, it[i], q) == nil {
					t.Fatalf("n=%d i=%d: tampered sibling verified", n, i)
				}
			}
		}
	}
}

func TestRootDistinguishesOrderAndLength(t *testing.T) {
	a := Root([][]byte{[]byte("a"), []byte("b")})
	b := Root([][]byte{[]byte("b"), []byte("a")})
	c := Root([][]byte{[]byte("a"), []byte("b"), []byte("b")})
	if bytes.Equal(a, b) || bytes.Equal(a, c) {
		t.Fatal("roots collide")
	}
	if len(Root(nil)) != 32 {
		t.Fatal("empty root must be a hash")
	}
	// A one-leaf tree is not the raw item.
	if bytes.Equal(Root([][]byte{[]byte("x")}), []byte("x")) {
		t.Fatal("leaf not domain separated")
	}
}
