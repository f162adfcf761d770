package txpool

import (
	"sync"
	"testing"
	"time"

	"github.com/causeway/causeway/execution"
	"github.com/causeway/causeway/types"
)

// gatedLedger holds every look-up until released, and says when one
// arrives.
type gatedLedger struct {
	arrived chan struct{}
	release chan struct{}
}

func (l *gatedLedger) HasTx(types.Hash) (bool, error) {
	l.arrived <- struct{}{}
	<-l.release
	return false, nil
}

// Two submissions of one transaction that both pass the quick pending
// check (neither is pending yet) and wait in the ledger look-up together:
// exactly one is admitted, the other is refused as a duplicate by the
// reservation taken under the lock.
func TestDuplicatesRacingThroughTheLedgerReadAdmitOne(t *testing.T) {
	h := newHarness(t, nil)
	gl := &gatedLedger{arrived: make(chan struct{}), release: make(chan struct{})}
	params := types.DefaultParams()
	params.MaxTxBytes = 4096
	h.pool = New(Config{ChainID: testChain, Suite: types.Intl, Params: params, Now: h.clock.now, PruneEvery: time.Hour},
		gl, h.orderer, h.gossip, execution.NewTxCache(types.Intl, 1<<10))
	h.start(t)
	raw, _ := h.raw(t, nil) // dated now: not certainly new, so the ledger is read
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = h.submit(raw) }()
	}
	for range errs {
		select {
		case <-gl.arrived:
		case <-time.After(5 * time.Second):
			t.Fatal("the submissions did not both reach the ledger look-up")
		}
	}
	close(gl.release)
	wg.Wait()
	admitted := 0
	for _, err := range errs {
		switch {
		case err == nil:
			admitted++
		case types.CodeOf(err) != types.CodeDuplicate:
			t.Fatalf("refused with %v, want duplicate", err)
		}
	}
	if admitted != 1 || len(h.orderer.submitted()) != 1 {
		t.Fatalf("%d admitted, orderer got %d; want 1 and 1", admitted, len(h.orderer.submitted()))
	}
}
