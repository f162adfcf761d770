package node_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/types"
)

// A transaction is decoded once per node on its way to the state: at
// admission (the node a client sent it to, and the peers it is gossiped
// to), then carried decoded through the consensus pool, the proposal's
// verification, the block and execution. Each node's transaction cache
// counts its decodes; before the application line, each transaction was
// decoded about five times per node.
func TestTransactionDecodedOncePerNode(t *testing.T) {
	c := testnet.New(t, testnet.Options{Nodes: 4})
	const n = 60
	txs := make([]*types.Transaction, n)
	for i := range txs {
		txs[i] = evidenceTx(t, c.Account(i%4), c.TxOptions(), fmt.Sprint("decode-once-", i))
	}
	// Settle first: nothing else may be in flight while counting.
	if err := c.WaitHeight(c.MaxHeight(), 30*time.Second); err != nil {
		t.Fatal(err)
	}
	before := make([]uint64, c.Len())
	for i := range before {
		before[i] = c.Node(i).Chain().TxCache().Decodes()
	}
	for i, tx := range txs {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		if _, err := c.Client(i%4).SubmitAndWait(ctx, tx); err != nil {
			cancel()
			t.Fatalf("tx %d: %v", i, err)
		}
		cancel()
	}
	if err := c.WaitHeight(c.MaxHeight(), 30*time.Second); err != nil {
		t.Fatal(err)
	}
	for i := range before {
		got := c.Node(i).Chain().TxCache().Decodes() - before[i]
		if got != n {
			t.Errorf("node %d decoded %d times for %d transactions, want exactly once each", i+1, got, n)
		}
	}
}
