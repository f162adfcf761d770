package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/causeway/causeway/types"
	"github.com/cockroachdb/pebble/v2"
)

// diskStore commits n blocks into a store on disk and reopens it once, so
// that the blocks are flushed into table files; it returns the folder.
func diskStore(t *testing.T, n int) (string, []*Commit) {
	t.Helper()
	dir := t.TempDir()
	cs := buildChain(n, func(h int) int { return 5 })
	s, err := Open(dir, WithLogger(quiet))
	if err != nil {
		t.Fatal(err)
	}
	commitAll(t, s, cs)
	if err := s.db.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return dir, cs
}

// flipTable inverts 64 bytes at frac of the length of the largest table file.
func flipTable(t *testing.T, dir string, frac float64) string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(dir, "*.sst"))
	if len(m) == 0 {
		t.Fatal("no table file")
	}
	var path string
	var size int64
	for _, p := range m {
		if fi, err := os.Stat(p); err == nil && fi.Size() > size {
			path, size = p, fi.Size()
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	at := int(float64(len(b)) * frac)
	for i := at; i < at+64 && i < len(b); i++ {
		b[i] ^= 0xa5
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// A flipped byte anywhere in a table file's data is found by Verify, reported
// as a *CorruptionError naming that file (never a panic), and the handler is
// told once.
func TestVerifyFindsDamagedTable(t *testing.T) {
	for _, frac := range []float64{0.1, 0.35, 0.6, 0.85} {
		dir, _ := diskStore(t, 200)
		path := flipTable(t, dir, frac)
		var told atomic.Int32
		s, err := Open(dir, WithLogger(quiet), WithCorruptionHandler(func(*CorruptionError) { told.Add(1) }))
		if err == nil {
			err = s.Verify(context.Background(), nil)
			defer s.Close()
		}
		var ce *CorruptionError
		if !errors.As(err, &ce) {
			t.Fatalf("at %.2f: want a CorruptionError, got %v", frac, err)
		}
		if !errors.Is(err, ErrCorrupt) {
			t.Fatalf("at %.2f: CorruptionError is not ErrCorrupt", frac)
		}
		if ce.File != path {
			t.Fatalf("at %.2f: error names %q, damaged file is %q (%v)", frac, ce.File, path, err)
		}
		t.Logf("at %.2f: %v", frac, err)
		if strings.ContainsAny(ce.Reason, "\n\r") || ce.Reason == "" {
			t.Fatalf("reason is not one line: %q", ce.Reason)
		}
		if s != nil && s.Corruption() == nil {
			t.Fatal("Corruption() is nil after a damaged read")
		}
		if s != nil && told.Load() != 1 {
			t.Fatalf("handler told %d times, want once", told.Load())
		}
	}
}

// Point reads of every block through a damaged table return typed errors or
// data, never panic, and any error names the file.
func TestDamagedReadsReturnTypedErrors(t *testing.T) {
	dir, _ := diskStore(t, 200)
	path := flipTable(t, dir, 0.5)
	s, err := Open(dir, WithLogger(quiet))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	bad := 0
	for h := uint64(0); h < 200; h++ {
		if _, err := s.Block(h); err != nil {
			var ce *CorruptionError
			if !errors.As(err, &ce) || ce.File != path {
				t.Fatalf("block %d: %v", h, err)
			}
			bad++
		}
		if _, err := s.Receipts(h); err != nil {
			var ce *CorruptionError
			if !errors.As(err, &ce) {
				t.Fatalf("receipts %d: %v", h, err)
			}
			bad++
		}
	}
	sn, err := s.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	defer sn.Close()
	if err := sn.Scan(nil, func(k, v []byte) error { return nil }); err != nil {
		var ce *CorruptionError
		if !errors.As(err, &ce) {
			t.Fatalf("scan: %v", err)
		}
		bad++
	}
	if bad == 0 && s.Verify(context.Background(), nil) == nil {
		t.Fatal("damage not found by any read nor by Verify")
	}
}

// Verify checks the hash chain: a block replaced by another one of the same
// height (valid encoding, valid checksums) is found.
func TestVerifyFindsBrokenHashChain(t *testing.T) {
	dir, cs := diskStore(t, 20)
	s, err := Open(dir, WithLogger(quiet))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Verify(context.Background(), nil); err != nil {
		t.Fatalf("intact store: %v", err)
	}
	forged := makeCommitSalt(7, types.Hash{1}, 3, "forged").Block
	b, err := deterministic.Marshal(forged)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.db.Set(blockKey(7), b, pebble.Sync); err != nil {
		t.Fatal(err)
	}
	err = s.Verify(context.Background(), nil)
	var ce *CorruptionError
	if !errors.As(err, &ce) || !strings.Contains(ce.Reason, "block 7 does not extend block 6") {
		t.Fatalf("want broken chain at 7, got %v", err)
	}
	if ce.File != dir {
		t.Fatalf("names %q, want the store folder %q", ce.File, dir)
	}
	_ = cs
	s.Close()
}

// Damage to Pebble's own files at open is a *CorruptionError too: a damaged
// MANIFEST is named; damaged bytes quoted in a message are escaped, so the
// reason is one printable line.
func TestOpenOfDamagedMetadataFiles(t *testing.T) {
	for _, pat := range []string{"MANIFEST-*", "OPTIONS-*"} {
		dir, _ := diskStore(t, 30)
		s, err := Open(dir, WithLogger(quiet)) // a second MANIFEST
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
		m, _ := filepath.Glob(filepath.Join(dir, pat))
		if len(m) == 0 {
			t.Fatalf("no %s", pat)
		}
		for _, p := range m {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			for i := len(b) / 2; i < len(b)/2+8 && i < len(b); i++ {
				b[i] ^= 0xff
			}
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		_, err = Open(dir, WithLogger(quiet))
		var ce *CorruptionError
		if !errors.As(err, &ce) {
			t.Fatalf("%s damaged: %v", pat, err)
		}
		if pat == "MANIFEST-*" && !strings.HasPrefix(filepath.Base(ce.File), "MANIFEST-") {
			t.Fatalf("damaged MANIFEST not named: %v", err)
		}
		for _, r := range ce.Reason {
			if r < 0x20 || r == 0x7f || r == 0xfffd {
				t.Fatalf("%s: reason holds control or invalid characters: %q", pat, ce.Reason)
			}
		}
	}
}

// A compaction that meets a damaged table reports it to the handler (the
// file named); nothing panics.
func TestCompactionOfDamagedTableReports(t *testing.T) {
	// Two overlapping tables, so that a compaction must read them.
	dir := t.TempDir()
	cs := buildChain(250, func(h int) int { return 5 })
	s, err := Open(dir, WithLogger(quiet))
	if err != nil {
		t.Fatal(err)
	}
	commitAll(t, s, cs[:200])
	if err := s.db.Flush(); err != nil {
		t.Fatal(err)
	}
	commitAll(t, s, cs[200:])
	if err := s.db.Flush(); err != nil {
		t.Fatal(err)
	}
	s.Close()
	path := flipTable(t, dir, 0.5)
	got := make(chan *CorruptionError, 1)
	s, err = Open(dir, WithLogger(quiet), WithCorruptionHandler(func(ce *CorruptionError) { got <- ce }))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// A new table overlapping the damaged one, so that compacting must
	// read the damaged one.
	for _, k := range [][]byte{{0}, []byte("b"), []byte("s"), {0xfe}} {
		if err := s.db.Set(k, []byte("x"), pebble.Sync); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.db.Flush(); err != nil {
		t.Fatal(err)
	}
	// Pebble retries a failed compaction: bound the wait.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- s.db.Compact(ctx, []byte{0}, []byte{0xff}, false) }()
	select {
	case ce := <-got:
		if ce.File != path {
			t.Fatalf("handler told of %s, damaged is %s", ce.File, path)
		}
	case err := <-done:
		t.Fatalf("compaction ended (%v) without telling the handler; levels:\n%s", err, s.db.Metrics())
	case <-time.After(10 * time.Second):
		t.Fatal("handler not told of the damaged table met by a compaction")
	}
	cancel()
	<-done
	if s.Corruption() == nil {
		t.Fatal("Corruption() is nil")
	}
}
