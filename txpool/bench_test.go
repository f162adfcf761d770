package txpool

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/causeway/causeway/execution"
	"github.com/causeway/causeway/types"
)

// benchPool returns a started pool over an in-memory ledger and a consensus
// pool that accepts everything, and n signed transactions.
func benchPool(b *testing.B, n int, adjust func(*Config)) (*harness, [][]byte) {
	b.Helper()
	h := newHarness(b, func(c *Config) {
		c.QueueSize = n + 1
		if adjust != nil {
			adjust(c)
		}
	})
	h.pool.txs = execution.NewTxCache(types.Intl, n+1)
	raws := make([][]byte, n)
	for i := range raws {
		raws[i], _ = h.raw(b, nil)
	}
	h.pool.Start()
	b.Cleanup(h.pool.Stop)
	return h, raws
}

// BenchmarkSubmit measures admission of client transactions by 64
// concurrent submitters: decoding, checks, batched signature verification
// and hand-over to consensus (a no-op here), per transaction; with the
// verifier's linger (the default) and without.
func BenchmarkSubmit(b *testing.B) {
	b.Run("linger=3ms", func(b *testing.B) { benchSubmit(b, 3*time.Millisecond) })
	b.Run("linger=off", func(b *testing.B) { benchSubmit(b, -1) })
}

func benchSubmit(b *testing.B, linger time.Duration) {
	h, raws := benchPool(b, b.N, func(c *Config) { c.Linger = linger })
	b.ReportAllocs()
	b.ResetTimer()
	var wg sync.WaitGroup
	next := make(chan []byte, 1024)
	for w := 0; w < 64; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for raw := range next {
				if _, err := h.pool.Submit(context.Background(), raw); err != nil {
					b.Error(err)
				}
			}
		}()
	}
	for _, raw := range raws {
		next <- raw
	}
	close(next)
	wg.Wait()
	b.StopTimer()
	batches, txs := h.pool.BatchStats()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tx/s")
	if batches > 0 {
		b.ReportMetric(float64(txs)/float64(batches), "tx/batch")
	}
}

// BenchmarkHandleTxs measures admission of transactions gossiped by a peer
// in messages of 256.
func BenchmarkHandleTxs(b *testing.B) {
	h, raws := benchPool(b, b.N, nil)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < len(raws); i += 256 {
		h.pool.HandleTxs(2, raws[i:min(i+256, len(raws))])
	}
	for {
		if a, _ := h.pool.Stats(); a == uint64(b.N) {
			break
		}
		time.Sleep(100 * time.Microsecond)
	}
	b.StopTimer()
	batches, txs := h.pool.BatchStats()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tx/s")
	if batches > 0 {
		b.ReportMetric(float64(txs)/float64(batches), "tx/batch")
	}
}
