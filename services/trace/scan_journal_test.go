package trace_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/causeway/causeway/services/trace"
)

var t0 = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

// TestScanLogSurvivesARestart: the verdicts after a restart are those of a
// service that never stopped. Two places before the restart and one after
// make three: the rule's limit, so that scan flags the code.
func TestScanLogSurvivesARestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "scans.jsonl")
	rule := trace.ScanRule{MaxPlaces: 3, MaxScans: 20, Window: time.Hour}
	l, err := trace.OpenScanLog(path, rule)
	if err != nil {
		t.Fatal(err)
	}
	l.Record("CODE-A", "10.0.1.0/24", t0)
	if v := l.Record("CODE-A", "10.0.2.0/24", t0.Add(time.Minute)); v.Flagged || v.Places != 2 {
		t.Fatalf("two places: %+v", v)
	}
	// A code flagged before the restart stays flagged after it.
	for i := range 3 {
		l.Record("CODE-B", "192.168."+string(rune('1'+i))+".0/24", t0)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}

	l, err = trace.OpenScanLog(path, rule)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if v := l.Peek("CODE-A"); v.Flagged || v.Places != 2 || v.Scans != 2 {
		t.Fatalf("CODE-A after the restart: %+v", v)
	}
	if v := l.Peek("CODE-B"); !v.Flagged {
		t.Fatalf("CODE-B lost its flag in the restart: %+v", v)
	}
	if v := l.Record("CODE-A", "10.0.3.0/24", t0.Add(2*time.Minute)); !v.NewlyFlagged || v.Places != 3 {
		t.Fatalf("the third place after the restart: %+v", v)
	}
	// Out of the window, the old scans no longer count.
	if v := l.Record("CODE-C", "10.0.9.0/24", t0); v.Scans != 1 {
		t.Fatal(v)
	}
	if err := l.Err(); err != nil {
		t.Fatal(err)
	}
}

// TestScanLogJournalDamage: a last line cut short by a crash is dropped
// and the journal goes on after the good lines; a malformed line inside
// the journal is refused with its line number, and the file is left as it was.
func TestScanLogJournalDamage(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "scans.jsonl")
	l, err := trace.OpenScanLog(path, trace.ScanRule{})
	if err != nil {
		t.Fatal(err)
	}
	l.Record("CODE-A", "10.0.1.0/24", t0)
	l.Close()
	good, _ := os.ReadFile(path)
	if err := os.WriteFile(path, append(append([]byte{}, good...), `{"c":"CODE-A","p":"10.0.2`...), 0o600); err != nil {
		t.Fatal(err)
	}
	l, err = trace.OpenScanLog(path, trace.ScanRule{})
	if err != nil {
		t.Fatal(err)
	}
	if v := l.Peek("CODE-A"); v.Scans != 1 {
		t.Fatalf("after a torn line: %+v", v)
	}
	l.Record("CODE-A", "10.0.3.0/24", t0.Add(time.Minute))
	l.Close()
	b, _ := os.ReadFile(path)
	if n := bytes.Count(b, []byte("\n")); n != 2 || bytes.Contains(b, []byte("10.0.2")) {
		t.Fatalf("the torn line was not cut before the next scan:\n%s", b)
	}

	for name, line := range map[string]string{
		"not JSON":     "garbage\n",
		"no code":      `{"p":"10.0.1.0/24","t":1}` + "\n",
		"no time":      `{"c":"CODE-A","p":"10.0.1.0/24"}` + "\n",
		"a huge line":  `{"c":"` + strings.Repeat("A", trace.MaxJournalEntry) + `","t":1}` + "\n",
		"wrong schema": `["CODE-A"]` + "\n",
	} {
		bad := append(append([]byte(line), good...), good...)
		p := filepath.Join(dir, "bad.jsonl")
		if err := os.WriteFile(p, bad, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := trace.OpenScanLog(p, trace.ScanRule{}); err == nil || !strings.Contains(err.Error(), "line 1") {
			t.Errorf("%s: %v", name, err)
		}
		if after, _ := os.ReadFile(p); !bytes.Equal(after, bad) {
			t.Errorf("%s: the refused journal was changed", name)
		}
	}
}

// TestScanLogJournalIsCompacted: a code scanned thousands of times keeps
// its journal bounded, and the compacted journal gives the same verdicts.
func TestScanLogJournalIsCompacted(t *testing.T) {
	path := filepath.Join(t.TempDir(), "scans.jsonl")
	rule := trace.ScanRule{MaxPlaces: 3, MaxScans: 20, Window: 24 * time.Hour}
	l, err := trace.OpenScanLog(path, rule)
	if err != nil {
		t.Fatal(err)
	}
	// CODE-FLAG is flagged by three places, then scanned once two days
	// later: its log keeps that one scan, and the flag.
	for i, place := range []string{"10.0.4.0/24", "10.0.5.0/24", "10.0.6.0/24"} {
		l.Record("CODE-FLAG", place, t0.Add(time.Duration(i)*time.Second))
	}
	if v := l.Record("CODE-FLAG", "10.0.4.0/24", t0.Add(48*time.Hour)); !v.Flagged || v.Scans != 1 {
		t.Fatalf("CODE-FLAG: %+v", v)
	}
	for i := range 5000 {
		l.Record("CODE-HOT", "10.0.1.0/24", t0.Add(time.Duration(i)*time.Second))
	}
	l.Record("CODE-COLD", "10.0.7.0/24", t0)
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	// The log holds 20 scans of CODE-HOT and its flag, CODE-FLAG's scan and
	// flag, and 1 scan of CODE-COLD: 24 lines; the journal is compacted once it passes four times that (and 1024).
	if n := bytes.Count(b, []byte("\n")); n > 1100 {
		t.Fatalf("the journal holds %d lines after 5001 scans", n)
	}
	l, err = trace.OpenScanLog(path, rule)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if v := l.Peek("CODE-HOT"); !v.Flagged || v.Scans != 20 || v.Places != 1 {
		t.Fatalf("CODE-HOT after compaction and restart: %+v", v)
	}
	if v := l.Peek("CODE-COLD"); v.Flagged || v.Scans != 1 {
		t.Fatalf("CODE-COLD after compaction and restart: %+v", v)
	}
	if v := l.Peek("CODE-FLAG"); !v.Flagged || v.Scans != 1 {
		t.Fatalf("CODE-FLAG lost its flag in the compaction: %+v", v)
	}
}
