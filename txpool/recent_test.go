package txpool

import (
	"fmt"
	"testing"
	"time"

	"github.com/causeway/causeway/types"
)

func TestRecentCommitsFilter(t *testing.T) {
	r := newRecentCommits(0, 1000)
	var added []types.Hash
	for i := 0; i < 10000; i++ {
		added = append(added, types.Intl.Sum(fmt.Append(nil, "committed ", i)))
	}
	r.add(0, 0, added)
	for i, h := range added {
		if !r.mayContain(h) {
			t.Fatalf("hash %d added but not found: a false negative", i)
		}
	}
	fp := 0
	for i := 0; i < 10000; i++ {
		if r.mayContain(types.Intl.Sum(fmt.Append(nil, "other ", i))) {
			fp++
		}
	}
	if fp > 10 {
		t.Fatalf("%d false positives in 10,000 lookups", fp)
	}
	// A hash stays at least two periods, then goes.
	late := types.Intl.Sum([]byte("late"))
	r.add(1000, 0, []types.Hash{late}) // second generation
	r.add(2000, 0, nil)                // third
	if !r.mayContain(added[0]) || !r.mayContain(late) {
		t.Fatal("a hash was forgotten within two periods")
	}
	r.add(3000, 0, nil) // the first generation is reused
	if r.mayContain(added[0]) {
		t.Fatal("a hash outlived three periods")
	}
	if !r.mayContain(late) {
		t.Fatal("a hash added two periods ago was forgotten")
	}
	// A longer replay window lengthens the period at once.
	r.add(3500, 10_000, nil)
	r.add(9000, 0, nil)
	if !r.mayContain(late) {
		t.Fatal("the period did not grow")
	}
}

// Once the pool has run longer than the replay window allows a
// transaction committed before its start to be valid, admission of a new
// transaction needs no ledger read; a committed one is still refused.
func TestAdmissionSkipsLedgerForNewTransactions(t *testing.T) {
	h := newHarness(t, nil)
	h.start(t)
	// Right after the start, the ledger is read.
	raw, _ := h.raw(t, nil)
	if err := h.submit(raw); err != nil {
		t.Fatal(err)
	}
	if n := h.ledger.reads.Load(); n != 1 {
		t.Fatalf("%d ledger reads for a transaction right after the start, want 1", n)
	}
	h.clock.advance(2 * time.Minute)
	reads := h.ledger.reads.Load()
	raw, hash := h.raw(t, nil)
	if err := h.submit(raw); err != nil {
		t.Fatal(err)
	}
	if n := h.ledger.reads.Load() - reads; n != 0 {
		t.Fatalf("%d ledger reads for a new transaction, want 0", n)
	}
	// Committed: the filter knows, the ledger confirms, it is refused.
	h.ledger.commit(hash)
	h.pool.Committed([]types.Hash{hash})
	if err := h.submit(raw); types.CodeOf(err) != types.CodeDuplicate {
		t.Fatalf("resubmitting a committed transaction: %v, want duplicate", err)
	}
	// A transaction dated before the start could have been committed
	// before it: the ledger is asked.
	reads = h.ledger.reads.Load()
	old, oldHash := h.raw(t, func(b *types.TxBody) { b.TimestampMs -= 2 * 60_000; b.ValidityMs = 5 * 60_000 })
	h.ledger.commit(oldHash)
	if err := h.submit(old); types.CodeOf(err) != types.CodeDuplicate {
		t.Fatalf("a transaction committed before the start: %v, want duplicate", err)
	}
	if h.ledger.reads.Load() == reads {
		t.Fatal("no ledger read for a transaction dated before the start")
	}
}

// With the time of the ledger's head when the pool was made, a transaction
// dated MaxFutureMs after it needs no ledger read; one dated earlier does.
func TestAdmissionSkipsLedgerAfterHeadTime(t *testing.T) {
	c := newClock()
	h := newHarness(t, func(cfg *Config) { cfg.HeadTimeMs = c.now().UnixMilli() - 60_000 })
	h.start(t)
	// The harness clock starts at the same instant as c.
	raw, _ := h.raw(t, nil) // dated 60 s after the head: later than head + 30 s
	if err := h.submit(raw); err != nil {
		t.Fatal(err)
	}
	if n := h.ledger.reads.Load(); n != 0 {
		t.Fatalf("%d ledger reads, want 0", n)
	}
	old, oldHash := h.raw(t, func(b *types.TxBody) { b.TimestampMs -= 40_000 }) // 20 s after the head
	h.ledger.commit(oldHash)
	if err := h.submit(old); types.CodeOf(err) != types.CodeDuplicate {
		t.Fatalf("a transaction possibly committed before the pool: %v, want duplicate", err)
	}
}
