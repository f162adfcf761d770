package store

import (
	"bytes"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/causeway/causeway/types"
	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/vfs"
)

func TestOpenEmpty(t *testing.T) {
	s := openMem(t, nil)
	defer s.Close()
	if h := s.Head(); !headEqual(h, Head{Empty: true}) {
		t.Fatalf("Head of new store = %+v", h)
	}
	if err := verifyAt(s, buildChain(3, func(int) int { return 2 }), -1); err != nil {
		t.Fatal(err)
	}
	if ok, err := s.HasTx(types.Intl.Sum([]byte("x"))); ok || err != nil {
		t.Fatalf("HasTx = %v, %v", ok, err)
	}
	if _, err := s.BlockHeight(types.Intl.Sum([]byte("x"))); !errors.Is(err, ErrNotFound) {
		t.Fatalf("BlockHeight err = %v", err)
	}
	if v, err := s.GetMeta("genesis"); v != nil || err != nil {
		t.Fatalf("GetMeta = %q, %v", v, err)
	}
}

func TestOpenOnDisk(t *testing.T) {
	dir := t.TempDir()
	cs := buildChain(4, func(h int) int { return h })
	s, err := Open(dir, WithLogger(quiet))
	if err != nil {
		t.Fatal(err)
	}
	commitAll(t, s, cs)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(dir, WithLogger(quiet))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := verifyAt(s, cs, 3); err != nil {
		t.Fatal(err)
	}
}

func TestCommitRoundTripAndReopen(t *testing.T) {
	fs := vfs.NewMem()
	txCounts := []int{0, 1, 3, 10, 0, 257}
	cs := buildChain(len(txCounts), func(h int) int { return txCounts[h] })
	s := openMem(t, fs)
	for h, c := range cs {
		if err := s.Commit(c); err != nil {
			t.Fatalf("Commit %d: %v", h, err)
		}
		if got, want := s.Head(), expectHead(cs, h); !headEqual(got, want) {
			t.Fatalf("Head after %d = %+v, want %+v", h, got, want)
		}
		if err := verifyAt(s, cs, h); err != nil {
			t.Fatalf("after commit %d: %v", h, err)
		}
	}
	// Receipts of a block without transactions: empty, not missing.
	if rs, err := s.Receipts(0); err != nil || rs == nil || len(rs) != 0 {
		t.Fatalf("Receipts(0) = %v, %v", rs, err)
	}
	tx := cs[3].Block.Txs[4]
	if ok, err := s.HasTx(types.Intl.TxHash(tx)); !ok || err != nil {
		t.Fatalf("HasTx = %v, %v", ok, err)
	}
	if h, err := s.BlockHeight(types.Intl.BlockHash(cs[5].Block)); h != 5 || err != nil {
		t.Fatalf("BlockHeight = %d, %v", h, err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s = openMem(t, fs)
	defer s.Close()
	if got, want := s.Head(), expectHead(cs, len(cs)-1); !headEqual(got, want) {
		t.Fatalf("Head after reopen = %+v, want %+v", got, want)
	}
	if err := verifyAt(s, cs, len(cs)-1); err != nil {
		t.Fatalf("after reopen: %v", err)
	}
	// The chain continues after reopening.
	next := makeCommit(uint64(len(cs)), s.Head().Hash, 2)
	if err := s.Commit(next); err != nil {
		t.Fatalf("Commit after reopen: %v", err)
	}
}

func TestReturnedDataIsOwned(t *testing.T) {
	s := openMem(t, nil)
	defer s.Close()
	cs := buildChain(1, func(int) int { return 1 })
	commitAll(t, s, cs)
	// Mutating what was committed, or what reads return, changes nothing stored.
	cs[0].StateRoot[0] ^= 0xff
	cs[0].Writes[0].Value[0] ^= 0xff
	h := s.Head()
	h.StateRoot[0] ^= 0xff
	v, _ := s.Get([]byte("latest"))
	v[7] = 99
	fresh := buildChain(1, func(int) int { return 1 })
	if err := verifyAt(s, fresh, 0); err != nil {
		t.Fatal(err)
	}
	if !headEqual(s.Head(), expectHead(fresh, 0)) {
		t.Fatalf("head changed through an alias")
	}
}

func TestStateWrites(t *testing.T) {
	type kv struct{ k, v string }
	type want struct {
		k     string
		v     []byte // nil: absent
		empty bool   // present with an empty value
	}
	tests := []struct {
		name   string
		blocks [][]Write
		want   []want
	}{
		{
			name:   "set",
			blocks: [][]Write{{{Key: []byte("a"), Value: []byte("1")}}},
			want:   []want{{k: "a", v: []byte("1")}, {k: "b"}},
		},
		{
			name: "overwrite across blocks",
			blocks: [][]Write{
				{{Key: []byte("a"), Value: []byte("1")}},
				{{Key: []byte("a"), Value: []byte("2")}},
			},
			want: []want{{k: "a", v: []byte("2")}},
		},
		{
			name:   "last write in a block wins",
			blocks: [][]Write{{{Key: []byte("a"), Value: []byte("1")}, {Key: []byte("a"), Value: []byte("2")}}},
			want:   []want{{k: "a", v: []byte("2")}},
		},
		{
			name: "delete in a later block",
			blocks: [][]Write{
				{{Key: []byte("a"), Value: []byte("1")}, {Key: []byte("b"), Value: []byte("2")}},
				{{Key: []byte("a")}},
			},
			want: []want{{k: "a"}, {k: "b", v: []byte("2")}},
		},
		{
			name:   "set then delete in one block",
			blocks: [][]Write{{{Key: []byte("a"), Value: []byte("1")}, {Key: []byte("a")}}},
			want:   []want{{k: "a"}},
		},
		{
			name:   "delete then set in one block",
			blocks: [][]Write{{{Key: []byte("a")}, {Key: []byte("a"), Value: []byte("3")}}},
			want:   []want{{k: "a", v: []byte("3")}},
		},
		{
			name:   "delete absent key",
			blocks: [][]Write{{{Key: []byte("nope")}}},
			want:   []want{{k: "nope"}},
		},
		{
			name:   "empty value is present",
			blocks: [][]Write{{{Key: []byte("e"), Value: []byte{}}}},
			want:   []want{{k: "e", empty: true}},
		},
		{
			name:   "empty key",
			blocks: [][]Write{{{Key: []byte{}, Value: []byte("root")}}},
			want:   []want{{k: "", v: []byte("root")}},
		},
		{
			name: "binary keys",
			blocks: [][]Write{{
				{Key: []byte{0xff, 0xff}, Value: []byte("ff")},
				{Key: []byte{0x00}, Value: []byte("00")},
			}},
			want: []want{{k: "\xff\xff", v: []byte("ff")}, {k: "\x00", v: []byte("00")}, {k: "\xff"}},
		},
		{
			name:   "state keys do not collide with other namespaces",
			blocks: [][]Write{{{Key: []byte("h"), Value: []byte("not the head")}}},
			want:   []want{{k: "h", v: []byte("not the head")}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := vfs.NewMem()
			s := openMem(t, fs)
			var prev types.Hash
			for h, ws := range tc.blocks {
				c := makeCommit(uint64(h), prev, 0)
				c.Writes = ws
				if err := s.Commit(c); err != nil {
					t.Fatal(err)
				}
				prev = types.Intl.BlockHash(c.Block)
			}
			check := func(s *Store) {
				t.Helper()
				for _, w := range tc.want {
					got, err := s.Get([]byte(w.k))
					if err != nil {
						t.Fatal(err)
					}
					switch {
					case w.empty:
						if got == nil || len(got) != 0 {
							t.Errorf("Get(%q) = %#v, want empty non-nil", w.k, got)
						}
					case w.v == nil:
						if got != nil {
							t.Errorf("Get(%q) = %q, want absent", w.k, got)
						}
					default:
						if !bytes.Equal(got, w.v) {
							t.Errorf("Get(%q) = %q, want %q", w.k, got, w.v)
						}
					}
				}
			}
			check(s)
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			s = openMem(t, fs)
			defer s.Close()
			check(s)
			if s.Head().Height != uint64(len(tc.blocks)-1) {
				t.Fatalf("head %d after reopen", s.Head().Height)
			}
		})
	}
}

func TestOutOfOrder(t *testing.T) {
	cs := buildChain(3, func(int) int { return 2 })
	head := types.Intl.BlockHash(cs[2].Block)
	tests := []struct {
		name   string
		before int // commits of cs applied first
		commit func() *Commit
	}{
		{"empty store, height 1", 0, func() *Commit { return makeCommit(1, types.Hash{}, 1) }},
		{"empty store, height 5", 0, func() *Commit { return makeCommit(5, types.Hash{}, 1) }},
		{"repeat genesis", 1, func() *Commit { return makeCommitSalt(0, types.Hash{}, 1, "again") }},
		{"repeat head", 3, func() *Commit { return makeCommitSalt(2, types.Intl.BlockHash(cs[1].Block), 1, "again") }},
		{"exact repeat of head", 3, func() *Commit { return cs[2] }},
		{"old height", 3, func() *Commit { return makeCommitSalt(1, types.Intl.BlockHash(cs[0].Block), 1, "again") }},
		{"gap", 3, func() *Commit { return makeCommit(4, head, 1) }},
		{"wrong prev hash", 3, func() *Commit { return makeCommit(3, types.Intl.Sum([]byte("other")), 1) }},
		{"prev hash of grandparent", 3, func() *Commit { return makeCommit(3, types.Intl.BlockHash(cs[1].Block), 1) }},
		{"missing prev hash", 3, func() *Commit {
			c := makeCommit(3, head, 1)
			c.Block.Header.PrevHash = nil
			return c
		}},
		{"truncated prev hash", 3, func() *Commit {
			c := makeCommit(3, head, 1)
			c.Block.Header.PrevHash = head[:31]
			return c
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := vfs.NewMem()
			s := openMem(t, fs)
			defer s.Close()
			commitAll(t, s, cs[:tc.before])
			before := s.Head()
			c := tc.commit()
			err := s.Commit(c)
			if !errors.Is(err, ErrOutOfOrder) {
				t.Fatalf("Commit err = %v, want ErrOutOfOrder", err)
			}
			var oe *OrderError
			if !errors.As(err, &oe) || oe.Height != c.Block.Header.Height || !headEqual(oe.Head, before) {
				t.Fatalf("OrderError = %+v", oe)
			}
			if err.Error() == "" {
				t.Fatal("empty message")
			}
			assertUnchanged(t, s, cs, tc.before-1, c)
		})
	}
}

// assertUnchanged checks that s is still at cs[h] and holds nothing of the
// refused commit c (whose transactions and state writes are distinct).
func assertUnchanged(t *testing.T, s *Store, cs []*Commit, h int, c *Commit) {
	t.Helper()
	if got := s.Head(); !headEqual(got, expectHead(cs, h)) {
		t.Fatalf("head changed to %+v", got)
	}
	if err := verifyAt(s, cs, h); err != nil {
		t.Fatal(err)
	}
	if c == nil || c.Block == nil || c.Block.Header == nil {
		return
	}
	for _, tx := range c.Block.Txs {
		if tx == nil {
			continue
		}
		if owned := func() bool {
			for _, old := range cs[:h+1] {
				for _, otx := range old.Block.Txs {
					if types.Intl.TxHash(otx) == types.Intl.TxHash(tx) {
						return true
					}
				}
			}
			return false
		}(); owned {
			continue
		}
		if ok, err := s.HasTx(types.Intl.TxHash(tx)); ok || err != nil {
			t.Fatalf("refused transaction indexed: %v, %v", ok, err)
		}
	}
	if _, err := s.BlockByHash(types.Intl.BlockHash(c.Block)); !errors.Is(err, ErrNotFound) && !(h >= 0 && types.Intl.BlockHash(c.Block) == types.Intl.BlockHash(cs[h].Block)) {
		t.Fatalf("refused block indexed by hash: %v", err)
	}
}

func TestInvalidCommit(t *testing.T) {
	cs := buildChain(2, func(int) int { return 2 })
	head := types.Intl.BlockHash(cs[1].Block)
	tests := []struct {
		name   string
		commit func() *Commit
	}{
		{"nil commit", func() *Commit { return nil }},
		{"nil block", func() *Commit { return &Commit{} }},
		{"nil header", func() *Commit { return &Commit{Block: &types.Block{}} }},
		{"too few receipts", func() *Commit {
			c := makeCommit(2, head, 3)
			c.Receipts = c.Receipts[:2]
			return c
		}},
		{"too many receipts", func() *Commit {
			c := makeCommit(2, head, 3)
			c.Receipts = append(c.Receipts, c.Receipts[0])
			return c
		}},
		{"nil transaction", func() *Commit {
			c := makeCommit(2, head, 3)
			c.Block.Txs[1] = nil
			return c
		}},
		{"nil receipt", func() *Commit {
			c := makeCommit(2, head, 3)
			c.Receipts[2] = nil
			return c
		}},
		{"receipt for another transaction", func() *Commit {
			c := makeCommit(2, head, 3)
			c.Receipts[0], c.Receipts[1] = c.Receipts[1], c.Receipts[0]
			return c
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := openMem(t, nil)
			defer s.Close()
			commitAll(t, s, cs)
			c := tc.commit()
			if err := s.Commit(c); !errors.Is(err, ErrInvalid) {
				t.Fatalf("Commit err = %v, want ErrInvalid", err)
			}
			assertUnchanged(t, s, cs, 1, c)
			// A valid commit still goes through afterwards.
			if err := s.Commit(makeCommit(2, head, 1)); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestReceiptWithoutTxHash(t *testing.T) {
	s := openMem(t, nil)
	defer s.Close()
	c := makeCommit(0, types.Hash{}, 2)
	c.Receipts[1].TxHash = nil
	if err := s.Commit(c); err != nil {
		t.Fatal(err)
	}
	r, err := s.Receipt(types.Intl.TxHash(c.Block.Txs[1]))
	if err != nil || r.Index != 1 {
		t.Fatalf("Receipt = %v, %v", r, err)
	}
}

func TestDuplicateTxHashPointsToLatest(t *testing.T) {
	s := openMem(t, nil)
	defer s.Close()
	c0 := makeCommit(0, types.Hash{}, 2)
	c1 := makeCommit(1, types.Intl.BlockHash(c0.Block), 3)
	c1.Block.Txs[2] = c0.Block.Txs[0]
	c1.Receipts[2].TxHash = types.Intl.TxHash(c0.Block.Txs[0]).Bytes()
	commitAll(t, s, []*Commit{c0, c1})
	h, i, err := s.TxLocation(types.Intl.TxHash(c0.Block.Txs[0]))
	if err != nil || h != 1 || i != 2 {
		t.Fatalf("TxLocation = %d/%d, %v; want 1/2", h, i, err)
	}
}

func TestMeta(t *testing.T) {
	fs := vfs.NewMem()
	s := openMem(t, fs)
	steps := []struct {
		key   string
		value []byte // nil deletes
	}{
		{"genesis", []byte("hash-1")},
		{"genesis", []byte("hash-2")},
		{"empty", []byte{}},
		{"gone", []byte("x")},
		{"gone", nil},
		{"", []byte("empty key")},
	}
	for _, st := range steps {
		if err := s.SetMeta(st.key, st.value); err != nil {
			t.Fatal(err)
		}
	}
	check := func(s *Store) {
		t.Helper()
		for k, want := range map[string][]byte{"genesis": []byte("hash-2"), "empty": {}, "gone": nil, "": []byte("empty key"), "never": nil} {
			got, err := s.GetMeta(k)
			if err != nil || !bytes.Equal(got, want) || (want != nil) != (got != nil) {
				t.Errorf("GetMeta(%q) = %#v, %v; want %#v", k, got, err, want)
			}
		}
	}
	check(s)
	// Metadata and state live in different namespaces.
	if v, _ := s.Get([]byte("genesis")); v != nil {
		t.Fatalf("meta visible as state: %q", v)
	}
	s.Close()
	s = openMem(t, fs)
	defer s.Close()
	check(s)
	if !s.Head().Empty {
		t.Fatal("metadata made the store non-empty")
	}
}

func TestClose(t *testing.T) {
	s := openMem(t, nil)
	cs := buildChain(2, func(int) int { return 1 })
	commitAll(t, s, cs[:1])
	sn, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close with an open snapshot: %v", err)
	}
	tx := types.Intl.TxHash(cs[0].Block.Txs[0])
	calls := map[string]func() error{
		"Commit":       func() error { return s.Commit(cs[1]) },
		"Block":        func() error { _, err := s.Block(0); return err },
		"BlockHash":    func() error { _, err := s.BlockHash(0); return err },
		"BlockByHash":  func() error { _, err := s.BlockByHash(types.Hash{}); return err },
		"BlockHeight":  func() error { _, err := s.BlockHeight(types.Hash{}); return err },
		"TxLocation":   func() error { _, _, err := s.TxLocation(tx); return err },
		"HasTx":        func() error { _, err := s.HasTx(tx); return err },
		"Receipt":      func() error { _, err := s.Receipt(tx); return err },
		"Receipts":     func() error { _, err := s.Receipts(0); return err },
		"Get":          func() error { _, err := s.Get([]byte("latest")); return err },
		"SetMeta":      func() error { return s.SetMeta("a", []byte("b")) },
		"GetMeta":      func() error { _, err := s.GetMeta("a"); return err },
		"Snapshot":     func() error { _, err := s.Snapshot(); return err },
		"Close":        s.Close,
		"snap.Get":     func() error { _, err := sn.Get([]byte("latest")); return err },
		"snap.Block":   func() error { _, err := sn.Block(0); return err },
		"snap.Scan":    func() error { return sn.Scan(nil, func(k, v []byte) error { return nil }) },
		"snap.Close":   sn.Close,
		"snap.Receipt": func() error { _, err := sn.Receipt(tx); return err },
	}
	for name, f := range calls {
		if err := f(); !errors.Is(err, ErrClosed) {
			t.Errorf("%s after Close: %v, want ErrClosed", name, err)
		}
	}
	if h := s.Head(); h.Height != 0 || h.Empty {
		t.Errorf("Head after Close = %+v", h)
	}
}

func TestSnapshot(t *testing.T) {
	s := openMem(t, nil)
	defer s.Close()
	cs := buildChain(6, func(h int) int { return h + 1 })

	empty, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	defer empty.Close()
	commitAll(t, s, cs[:3])
	sn, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	commitAll(t, s, cs[3:])

	if !empty.Head().Empty {
		t.Fatalf("empty snapshot head = %+v", empty.Head())
	}
	if err := verifyAt(empty, cs, -1); err != nil {
		t.Fatalf("empty snapshot: %v", err)
	}
	if got := sn.Head(); !headEqual(got, expectHead(cs, 2)) {
		t.Fatalf("snapshot head = %+v", got)
	}
	if err := verifyAt(sn, cs, 2); err != nil {
		t.Fatalf("snapshot: %v", err)
	}
	if err := verifyAt(s, cs, 5); err != nil {
		t.Fatalf("store: %v", err)
	}

	// Scan sees the snapshot's state under a prefix, in order.
	var keys []string
	err = sn.Scan([]byte("blk/"), func(k, v []byte) error {
		keys = append(keys, string(k))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{string(blkKey(1)), string(blkKey(2))}; fmt.Sprint(keys) != fmt.Sprint(want) {
		t.Fatalf("Scan keys = %q, want %q", keys, want)
	}
	var all int
	if err := sn.Scan(nil, func(k, v []byte) error { all++; return nil }); err != nil {
		t.Fatal(err)
	}
	if want := len(expectedState(cs[:3])); all != want {
		t.Fatalf("Scan(nil) saw %d keys, want %d", all, want)
	}
	stop := errors.New("stop")
	n := 0
	if err := sn.Scan(nil, func(k, v []byte) error { n++; return stop }); err != stop || n != 1 {
		t.Fatalf("Scan stop: %v after %d", err, n)
	}
	if err := sn.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := sn.Get([]byte("latest")); !errors.Is(err, ErrClosed) {
		t.Fatalf("Get on closed snapshot: %v", err)
	}
	if err := sn.Close(); !errors.Is(err, ErrClosed) {
		t.Fatalf("second Close: %v", err)
	}
}

func TestConcurrentReaders(t *testing.T) {
	const blocks = 120
	cs := buildChain(blocks, func(h int) int { return 1 + h%9 })
	s := openMem(t, nil)
	defer s.Close()

	var done atomic.Bool
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	fail := func(err error) {
		select {
		case errs <- err:
		default:
		}
	}
	for r := 0; r < 6; r++ {
		wg.Add(1)
		go func(r int) {
			defer wg.Done()
			for !done.Load() {
				h := s.Head()
				if h.Empty {
					continue
				}
				c := cs[h.Height]
				// Everything Head reports is readable.
				if got, err := s.BlockHash(h.Height); err != nil || got != h.Hash {
					fail(fmt.Errorf("reader %d: BlockHash(%d) = %s, %v; head says %s", r, h.Height, got, err, h.Hash))
					return
				}
				rs, err := s.Receipts(h.Height)
				if err != nil || len(rs) != len(c.Receipts) {
					fail(fmt.Errorf("reader %d: Receipts(%d): %d, %v", r, h.Height, len(rs), err))
					return
				}
				tx := c.Block.Txs[len(c.Block.Txs)-1]
				if ht, _, err := s.TxLocation(types.Intl.TxHash(tx)); err != nil || ht != h.Height {
					fail(fmt.Errorf("reader %d: TxLocation: %d, %v", r, ht, err))
					return
				}
				// State is at least as new as the head read before it.
				v, err := s.Get([]byte("latest"))
				if err != nil || len(v) != 8 || bytesToHeight(v) < h.Height {
					fail(fmt.Errorf("reader %d: latest = %x, %v; head %d", r, v, err, h.Height))
					return
				}
				// A snapshot is exactly at its own head.
				if r%2 == 0 {
					sn, err := s.Snapshot()
					if err != nil {
						fail(err)
						return
					}
					sh := sn.Head()
					v, err := sn.Get([]byte("latest"))
					if err == nil && (sh.Empty || bytesToHeight(v) != sh.Height || sh.Height < h.Height) {
						err = fmt.Errorf("snapshot head %d, latest %x, earlier head %d", sh.Height, v, h.Height)
					}
					if err == nil {
						if _, e := sn.Block(sh.Height + 1); !errors.Is(e, ErrNotFound) {
							err = fmt.Errorf("snapshot sees block %d above its head: %v", sh.Height+1, e)
						}
					}
					sn.Close()
					if err != nil {
						fail(fmt.Errorf("reader %d: %w", r, err))
						return
					}
				}
			}
		}(r)
	}
	// A second would-be committer racing with the real one is refused, never
	// corrupts anything.
	wg.Add(1)
	go func() {
		defer wg.Done()
		for !done.Load() {
			h := s.Head()
			if h.Empty {
				continue
			}
			c := makeCommitSalt(h.Height+2, h.Hash, 1, "intruder")
			if err := s.Commit(c); !errors.Is(err, ErrOutOfOrder) {
				fail(fmt.Errorf("intruder commit: %v", err))
				return
			}
		}
	}()
	for _, c := range cs {
		if err := s.Commit(c); err != nil {
			done.Store(true)
			wg.Wait()
			t.Fatal(err)
		}
	}
	done.Store(true)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if err := verifyAt(s, cs, blocks-1); err != nil {
		t.Fatal(err)
	}
}

func bytesToHeight(b []byte) uint64 {
	h, _ := decodeHeight(b)
	return h
}

func TestOpenRejectsForeignData(t *testing.T) {
	fs := vfs.NewMem()
	db, err := pebble.Open("/db", &pebble.Options{FS: fs, Logger: pebbleLogger{l: quiet, fail: &failure{}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Set([]byte("foreign"), []byte("x"), pebble.Sync); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Open("/db", WithFS(fs), WithLogger(quiet)); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Open foreign db: %v, want ErrCorrupt", err)
	}

	fs = vfs.NewMem()
	s := openMem(t, fs)
	s.Close()
	db, err = pebble.Open("/db", &pebble.Options{FS: fs, Logger: pebbleLogger{l: quiet, fail: &failure{}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Set(versionKey, []byte{99}, pebble.Sync); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Open("/db", WithFS(fs), WithLogger(quiet)); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Open future schema: %v, want ErrCorrupt", err)
	}
}

func TestOpenRejectsInconsistentHead(t *testing.T) {
	fs := vfs.NewMem()
	s := openMem(t, fs)
	commitAll(t, s, buildChain(2, func(int) int { return 1 }))
	s.Close()
	db, err := pebble.Open("/db", &pebble.Options{FS: fs, Logger: pebbleLogger{l: quiet, fail: &failure{}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Delete(heightIdxKey(1), pebble.Sync); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Open("/db", WithFS(fs), WithLogger(quiet)); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Open: %v, want ErrCorrupt", err)
	}
}

func TestHeadEncoding(t *testing.T) {
	heads := []Head{
		{Height: 0, Hash: types.Intl.Sum([]byte("a"))},
		{Height: 1<<64 - 1, Hash: types.Intl.Sum([]byte("b")), TimeMs: -5, StateRoot: []byte{1, 2, 3}, ReceiptRoot: bytes.Repeat([]byte{9}, 300)},
	}
	for _, h := range heads {
		got, err := decodeHead(encodeHead(&h))
		if err != nil || !headEqual(got, h) {
			t.Fatalf("round trip %+v = %+v, %v", h, got, err)
		}
		enc := encodeHead(&h)
		for _, bad := range [][]byte{nil, enc[:10], enc[:len(enc)-1], append(bytes.Clone(enc), 0), append([]byte{7}, enc[1:]...)} {
			if _, err := decodeHead(bad); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("decodeHead(%x) err = %v", bad, err)
			}
		}
	}
}

func TestUpperBound(t *testing.T) {
	tests := []struct{ in, want []byte }{
		{[]byte{'s'}, []byte{'t'}},
		{[]byte{'s', 0x01, 0xff}, []byte{'s', 0x02}},
		{[]byte{'r', 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff}, []byte{'r', 0, 0, 0, 0, 0, 0, 1}},
		{[]byte{0xff, 0xff}, nil},
	}
	for _, tc := range tests {
		if got := upperBound(tc.in); !bytes.Equal(got, tc.want) {
			t.Errorf("upperBound(%x) = %x, want %x", tc.in, got, tc.want)
		}
	}
	// Receipts at the largest height do not run into other namespaces.
	k := receiptKey(1<<64-1, 1<<32-1)
	if ub := upperBound(appendHeightKey(nil, prefixReceipt, 1<<64-1)); bytes.Compare(k, ub) >= 0 || ub[0] != prefixReceipt+1 {
		t.Errorf("bound %x, key %x", ub, k)
	}
}
