package node_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/causeway/causeway/execution/evm"
	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/types"
)

// BenchmarkERC20Transfers measures committed ERC-20 transfers per second on
// an in-process cluster of 1 and 4 nodes (real mTLS, consensus, Pebble):
//
//	go test -run XXX -bench ERC20Transfers -benchtime 2000x ./node
func BenchmarkERC20Transfers(b *testing.B) {
	for _, nodes := range []int{1, 4} {
		b.Run(fmt.Sprintf("nodes=%d", nodes), func(b *testing.B) {
			c := testnet.New(b, testnet.Options{Nodes: nodes})
			t := &testing.T{}
			e := &contractEnv{t: t, c: c, cl: c.Client(0), acct: c.Account(0), opt: c.TxOptions()}
			token := artifact(b, "Token")
			code, _ := token.DeployCode([]string{"Bench", "B", "1000000000000"})
			tx, _ := e.acct.DeployContractTx(e.opt, code, 0, 0)
			r := submitAllB(b, e, []*types.Transaction{tx})[0]
			addr := r.ContractAddress
			to := hexAddr(evm.AddressOf(c.Account(nodes - 1).ID()).Bytes())
			input, err := token.Input("transfer", []string{to, "1"})
			if err != nil {
				b.Fatal(err)
			}
			txs := make([]*types.Transaction, b.N)
			for i := range txs {
				if txs[i], err = e.acct.CallContractTx(e.opt, addr, input, 100_000, 0); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			start := time.Now()
			rs := submitAllB(b, e, txs)
			el := time.Since(start)
			b.StopTimer()
			for _, r := range rs {
				if r.Status != types.ReceiptStatus_SUCCESS {
					b.Fatalf("transfer failed: %s %s", r.ErrorCode, r.Error)
				}
			}
			b.ReportMetric(float64(b.N)/el.Seconds(), "transfers/s")
		})
	}
}

// submitAllB submits txs with 256 in flight and returns their receipts.
func submitAllB(b *testing.B, e *contractEnv, txs []*types.Transaction) []*types.Receipt {
	out := make([]*types.Receipt, len(txs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 256)
	var mu sync.Mutex
	var first error
	for i, tx := range txs {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int, tx *types.Transaction) {
			defer wg.Done()
			defer func() { <-sem }()
			r, err := e.cl.SubmitAndWait(contextTimeout(60*time.Second), tx)
			if err != nil {
				mu.Lock()
				if first == nil {
					first = err
				}
				mu.Unlock()
				return
			}
			out[i] = r.Receipt
		}(i, tx)
	}
	wg.Wait()
	if first != nil {
		b.Fatal(first)
	}
	return out
}
