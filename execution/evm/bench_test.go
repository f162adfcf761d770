package evm

import (
	"testing"
	"time"
)

// BenchmarkERC20Transfer measures one ERC-20 transfer transaction (Call,
// including the EVM run and the commit of its writes) on the map KV.
func BenchmarkERC20Transfer(b *testing.B) {
	c := newTestChain(b)
	tokenAddr, tok, _ := c.deploy(alice, "Token", 0, "T", "T", bigInt(1<<62))
	input, err := tok.ABI.Pack("transfer", addr(bob), bigInt(1))
	if err != nil {
		b.Fatal(err)
	}
	to := tokenAddr.Bytes()
	var gas uint64
	b.ReportAllocs()
	start := time.Now()
	for b.Loop() {
		c.kv.writes = c.kv.writes[:0]
		res, err := Call(c.kv, c.ctx, alice, c.nextTx(), to, input, 100_000, 0)
		if err != nil || res.Err != nil {
			b.Fatal(err, res.Err)
		}
		gas = res.GasUsed
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "transfers/s")
	b.ReportMetric(float64(gas), "gas/transfer")
}

// BenchmarkERC20BalanceOf measures a read-only Query of an ERC-20 balance,
// for comparison with a transfer in the same run.
func BenchmarkERC20BalanceOf(b *testing.B) {
	c := newTestChain(b)
	tokenAddr, tok, _ := c.deploy(alice, "Token", 0, "T", "T", bigInt(1<<62))
	input, err := tok.ABI.Pack("balanceOf", addr(alice))
	if err != nil {
		b.Fatal(err)
	}
	to := tokenAddr.Bytes()
	b.ReportAllocs()
	for b.Loop() {
		res, err := Query(c.kv, c.ctx, bob, to, input, 0)
		if err != nil || res.Err != nil {
			b.Fatal(err, res.Err)
		}
	}
}
