package verify_test

import (
	"errors"
	"testing"

	"github.com/causeway/causeway/verify"
)

// A light client's incremental use of the rules: a history rebuilt with
// Resume from what ConfigChain proved answers like it; Extend verifies only
// changes above the settled height, by the same vouching rule, and refuses
// one at or below it; SignedHeaderIn refuses heights the history does not
// cover.
func TestIncrementalHistory(t *testing.T) {
	w, ms := newWorld(t, 4)
	m5 := w.member(5)
	v2 := w.config(2, ms[0], ms[1], ms[2], ms[3], m5) // node 5 joins at 10
	ch10 := w.change(10, v2, signers(ms[0], ms[1], ms[2], ms[3], m5)...)
	full, err := w.v.ConfigChain(w.chain(12, ch10))
	if err != nil {
		t.Fatal(err)
	}
	// Rebuilt from the stored configurations: the same node sets.
	known, err := w.v.Resume(12, verify.Known{Height: 0, Config: w.g.Config().Encode()}, verify.Known{Height: 10, Config: v2.Encode()})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []uint64{0, 9, 10, 12} {
		a, _ := full.At(h)
		b, _ := known.At(h)
		if a.Version != b.Version {
			t.Fatalf("height %d: version %d from the chain, %d resumed", h, a.Version, b.Version)
		}
	}
	if _, ok := known.At(13); ok {
		t.Fatal("a resumed history answers above its end")
	}
	// A suffix covers only its heights.
	suffix, err := w.v.Resume(12, verify.Known{Height: 10, Config: v2.Encode()})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := suffix.At(9); ok || suffix.From() != 10 {
		t.Fatal("a suffix answers below its first configuration")
	}
	sp := w.stateProof(11, v2, w.chain(11), "evid/x", "1", signers(ms[0], ms[1], ms[2], m5)...)
	if _, err := w.v.SignedHeaderIn("header", sp.Header, sp.Config, suffix); err != nil {
		t.Fatalf("a header under the suffix: %v", err)
	}
	old := w.stateProof(8, w.config(1, ms...), w.chain(8), "evid/x", "1", signers(ms...)...)
	if _, err := w.v.SignedHeaderIn("header", old.Header, old.Config, suffix); !errors.Is(err, verify.ErrConfigChain) {
		t.Fatalf("a header below the suffix: %v", err)
	}

	// Extend applies the vouching rule: node 5 alone (one of the five, f =
	// 1) cannot hand the chain to itself and a newcomer.
	m6 := w.member(6)
	v3 := w.config(3, m5, m6)
	grab := w.change(20, v3, m5.as(), m6.as())
	if _, err := w.v.Extend(known, w.chain(20, grab)); !errors.Is(err, verify.ErrConfigChain) {
		t.Fatalf("a change vouched for by one of the five: %v", err)
	}
	v3 = w.config(3, ms[0], ms[1], ms[2], m5) // org of node 4 leaves at 20
	ch20 := w.change(20, v3, signers(ms[0], ms[1], ms[2], m5)...)
	ext, err := w.v.Extend(known, w.chain(21, ch20))
	if err != nil {
		t.Fatalf("extend with the next change: %v", err)
	}
	if c, _ := ext.At(20); c.Version != 3 || ext.To != 21 {
		t.Fatalf("extended history: version %d, to %d", c.Version, ext.To)
	}
	// A change at or below the settled height is refused, even if valid.
	settled, _ := w.v.Resume(25, verify.Known{Height: 10, Config: v2.Encode()})
	if _, err := w.v.Extend(settled, w.chain(25, ch20)); !errors.Is(err, verify.ErrConfigChain) {
		t.Fatalf("a change below the settled height: %v", err)
	}
	if _, err := w.v.Resume(12, verify.Known{Height: 10, Config: v2.Encode()}, verify.Known{Height: 10, Config: v2.Encode()}); err == nil {
		t.Fatal("Resume accepts configurations out of order")
	}
}
