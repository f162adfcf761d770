package consensus

import (
	"bytes"
	"fmt"
	"testing"
)

func walEntries(t *testing.T, w *MemoryWAL) []string {
	t.Helper()
	_, entries, err := w.Open(nil)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = string(e)
	}
	return out
}

// The memory WAL returns on reopening what SmartBFT's file WAL would: the
// entries since the last truncation point, that point included.
func TestMemoryWALAppendAndTruncate(t *testing.T) {
	w := NewMemoryWAL()
	log, entries, err := w.Open(nil)
	if err != nil || len(entries) != 0 {
		t.Fatalf("new WAL: %d entries, %v", len(entries), err)
	}
	buf := []byte("a")
	for _, step := range []struct {
		entry    string
		truncate bool
	}{{"a", false}, {"b", false}, {"c", true}, {"d", false}} {
		buf = append(buf[:0], step.entry...)
		if err := log.Append(buf, step.truncate); err != nil {
			t.Fatal(err)
		}
	}
	buf[0] = 'x' // the WAL keeps its own copy
	if got := fmt.Sprint(walEntries(t, w)); got != "[c d]" {
		t.Fatalf("entries after reopening: %s, want [c d]", got)
	}
	if err := log.Append(nil, false); err == nil {
		t.Fatal("an empty entry was accepted")
	}
}

// Entries survive reopening (a replica's restart); only the latest log
// appends (a stopped replica's late writes are lost); Drop forgets all.
func TestMemoryWALRestartAndDrop(t *testing.T) {
	w := NewMemoryWAL()
	first, _, _ := w.Open(nil)
	_ = first.Append([]byte("one"), false)
	second, entries, _ := w.Open(nil)
	if len(entries) != 1 || !bytes.Equal(entries[0], []byte("one")) {
		t.Fatalf("restart read %q", entries)
	}
	entries[0][0] = 'X' // the caller's copy
	_ = first.Append([]byte("stale"), false)
	_ = second.Append([]byte("two"), false)
	if got := fmt.Sprint(walEntries(t, w)); got != "[one two]" {
		t.Fatalf("entries: %s, want [one two]", got)
	}
	if got := len(w.Entries()); got != 2 {
		t.Fatalf("Entries: %d, want 2", got)
	}
	third, _, _ := w.Open(nil)
	w.Drop()
	_ = third.Append([]byte("after drop"), false)
	if got := walEntries(t, w); len(got) != 0 {
		t.Fatalf("entries after Drop: %q", got)
	}
	fourth, _, _ := w.Open(nil)
	_ = fourth.Append([]byte("fresh"), true)
	if got := fmt.Sprint(walEntries(t, w)); got != "[fresh]" {
		t.Fatalf("entries: %s, want [fresh]", got)
	}
}
