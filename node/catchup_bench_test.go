package node_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"runtime/pprof"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

// BenchmarkCatchUp measures how fast a restarted node catches up on history:
// in a 4-node in-process cluster, node 4 stops, the other three commit
// CAUSEWAY_CATCHUP_TXS evidence deposits (default 60,000) in full blocks,
// then node 4 restarts and syncs them from its peers (fetching blocks,
// checking their quorum certificates, executing and storing them). It
// reports transactions and blocks synced per second of wall time, from the
// restart until node 4 reaches its peers' height. Setup takes a minute or
// so; run it once:
//
//	go test ./node -run '^$' -bench CatchUp -benchtime 1x
//
// CAUSEWAY_CATCHUP_PROFILE=file writes a CPU profile of the catch-up phase.
func BenchmarkCatchUp(b *testing.B) {
	total := 60_000
	if s := os.Getenv("CAUSEWAY_CATCHUP_TXS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			b.Fatalf("CAUSEWAY_CATCHUP_TXS=%q", s)
		}
		total = n
	}
	c := testnet.New(b, testnet.Options{Nodes: 4})
	const lagging = 3
	c.Stop(lagging)
	from := c.MaxHeight()

	start := time.Now()
	fill(b, c, []int{0, 1, 2}, total)
	if err := c.WaitHeight(c.MaxHeight(), 30*time.Second); err != nil {
		b.Fatal(err)
	}
	target := c.MaxHeight()
	txs := 0
	for h := from + 1; h <= target; h++ {
		blk, err := c.Node(0).Store().Block(h)
		if err != nil {
			b.Fatal(err)
		}
		txs += len(blk.Txs)
	}
	b.Logf("filled %d blocks, %d transactions in %s; restarting node %d at height %d", target-from, txs, time.Since(start).Round(time.Second), lagging+1, from)

	if path := os.Getenv("CAUSEWAY_CATCHUP_PROFILE"); path != "" {
		// A CPU profile of the catch-up alone (the process runs every node).
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			b.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	b.ResetTimer()
	start = time.Now()
	c.Restart(lagging)
	n := c.Node(lagging)
	for n.Head().Height < target {
		if time.Since(start) > 10*time.Minute {
			b.Fatalf("node %d reached only height %d of %d in 10 minutes", lagging+1, n.Head().Height, target)
		}
		time.Sleep(5 * time.Millisecond)
	}
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(txs)/elapsed.Seconds(), "tx/s")
	b.ReportMetric(float64(target-from)/elapsed.Seconds(), "blocks/s")
	b.Logf("node %d synced %d blocks (%d transactions) in %s", lagging+1, target-from, txs, elapsed.Round(time.Millisecond))
	if err := c.CheckConsistent(); err != nil {
		b.Fatal(err)
	}
}

// fill submits total evidence deposits to the given nodes, as fast as they
// admit them, and returns once all are admitted.
func fill(b *testing.B, c *testnet.Cluster, nodes []int, total int) {
	b.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	var sent atomic.Int64
	var wg sync.WaitGroup
	var failed atomic.Value
	for w := 0; w < 64; w++ {
		i := nodes[w%len(nodes)]
		cl := c.Client(i)
		acct := c.Account(w % c.Len())
		opt := c.TxOptions()
		wg.Add(1)
		go func() {
			defer wg.Done()
			for sent.Add(1) <= int64(total) {
				var digest [32]byte
				rand.Read(digest[:])
				tx, err := acct.DepositEvidenceTx(opt, digest[:], "sha256", []*types.Attribute{{Key: "bench", Value: "catch-up"}})
				if err != nil {
					failed.Store(err)
					return
				}
				for {
					_, err := cl.Submit(ctx, tx)
					if err == nil {
						break
					}
					if r := sdk.ReasonOf(err); r != types.CodePoolFull || ctx.Err() != nil {
						failed.Store(fmt.Errorf("submit: %w", err))
						return
					}
					time.Sleep(20 * time.Millisecond)
				}
			}
		}()
	}
	wg.Wait()
	if err, _ := failed.Load().(error); err != nil {
		b.Fatal(err)
	}
	// Wait for the pools to drain into blocks.
	for _, i := range nodes {
		for c.Node(i).Consensus().PoolSize() > 0 {
			if ctx.Err() != nil {
				b.Fatal("pools did not drain")
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
}
