package trace

import (
	"bytes"
	"crypto/ed25519"
	"strings"
	"testing"
	"time"
)

// A sheet of labels: 21 a page, each QR code the item's lookup URL.
func TestLabels(t *testing.T) {
	_, key, _ := ed25519.GenerateKey(nil)
	contract := bytes.Repeat([]byte{7}, 20)
	codes := IssueCodes("chain", contract, 3, key, 0, 30)
	var b bytes.Buffer
	if err := WriteLabels(&b, LabelSheet{Product: DefaultProducts[0].Name, Batch: 3, Codes: codes, BaseURL: "https://trace.example.com/"}); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("%PDF")) || bytes.Count(b.Bytes(), []byte("/Type /Page\n")) != 2 {
		t.Fatalf("%d bytes, %d pages", b.Len(), bytes.Count(b.Bytes(), []byte("/Type /Page\n")))
	}
	if u := LookupURL("https://trace.example.com/", codes[0]); !strings.HasPrefix(u, "https://trace.example.com/q/item/B3-0-") {
		t.Fatal(u)
	}
	c, err := ParseCode(strings.ToLower(codes[5]))
	if err != nil || c.Serial != 5 || !CheckCode("chain", contract, [32]byte(key.Public().(ed25519.PublicKey)), c) {
		t.Fatalf("%v %v", c, err)
	}
	if CheckCode("other-chain", contract, [32]byte(key.Public().(ed25519.PublicKey)), c) {
		t.Fatal("a code of one chain checks on another")
	}
}

// The scan rule, deterministically.
func TestScanRule(t *testing.T) {
	l := NewScanLog(ScanRule{MaxPlaces: 3, MaxScans: 5})
	var v Verdict
	for i, p := range []string{"a", "a", "b", "a"} {
		if v = l.Record("x", p, testTime(i)); v.Flagged {
			t.Fatalf("scan %d flagged: %+v", i, v)
		}
	}
	if v = l.Record("x", "c", testTime(5)); !v.Flagged || !v.NewlyFlagged || v.Places != 3 {
		t.Fatalf("third place: %+v", v)
	}
	if v = l.Record("x", "c", testTime(6)); !v.Flagged || v.NewlyFlagged {
		t.Fatalf("stays flagged: %+v", v)
	}
	// Too many scans from one place.
	for i := range 4 {
		if v = l.Record("y", "a", testTime(i)); v.Flagged {
			t.Fatalf("scan %d: %+v", i, v)
		}
	}
	if v = l.Record("y", "a", testTime(4)); !v.NewlyFlagged || v.Scans != 5 {
		t.Fatalf("fifth scan: %+v", v)
	}
	// Scans older than the window are forgotten.
	for i, p := range []string{"a", "b"} {
		l.Record("z", p, testTime(i))
	}
	if v = l.Record("z", "c", testTime(0).Add(DefaultScanRule.Window+testTime(3).Sub(testTime(0)))); v.Flagged || v.Places != 1 {
		t.Fatalf("window: %+v", v)
	}
	if PlaceOfAddr("198.51.100.7:1234") != "198.51.100.0/24" || PlaceOfAddr("[2001:db8:1:2::5]:80") != "2001:db8:1::/48" {
		t.Fatal(PlaceOfAddr("198.51.100.7:1234"), PlaceOfAddr("[2001:db8:1:2::5]:80"))
	}
}

func testTime(i int) time.Time { return time.Date(2026, 12, 1, 0, 0, i, 0, time.UTC) }
