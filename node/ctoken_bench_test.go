package node_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/crypto/confidential"
	"github.com/causeway/causeway/crypto/seal"
	"github.com/causeway/causeway/ctoken"
	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/sealing"
	"github.com/causeway/causeway/types"
)

// BenchmarkConfidentialTransfersOnCluster measures committed confidential
// token transfers per second on an in-process 4-node cluster (real mTLS,
// consensus, Pebble; the chain verifies two range proofs and a balance
// proof per transfer). 32 holders send to one sink, each its own transfers
// in sequence (a holder's next transfer is proven against the change of
// its previous one), all holders at once, through the four nodes. The
// proofs are made before the timer starts: the figure is the chain's, not
// the clients' (BenchmarkConfidentialTransfer in ctoken times proving).
//
//	go test -run '^$' -bench ConfidentialTransfersOnCluster -benchtime 256x ./node
func BenchmarkConfidentialTransfersOnCluster(b *testing.B) {
	const senders = 32
	c := testnet.New(b, testnet.Options{Nodes: 4})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	opt := c.TxOptions()
	suite := c.Network.Suite()
	var cls []*sdk.Client
	for i := 0; i < 4; i++ { // dial once each, before any goroutine
		cls = append(cls, c.Client(i))
	}
	// mk creates an account with an encryption key (called from
	// goroutines: it reports with Errorf).
	mk := func(name string) sdk.Account {
		k, err1 := crypto.GenerateKey(types.SignatureScheme_ED25519)
		ek, err2 := seal.GenerateEncryptionKey(suite.Name())
		if err1 != nil || err2 != nil {
			b.Error(err1, err2)
			return sdk.Account{}
		}
		a := sdk.Account{Name: name, Signer: k, Suite: suite}
		tx, err := a.CreateAccountWithKeysTx(opt, []*types.AuthKey{sdk.AuthKeyOf(k, 100)}, nil, ek.PublicKey(), k)
		if err != nil {
			b.Error(err)
			return a
		}
		if r, err := cls[0].SubmitAndWait(ctx, tx); err != nil || r.Receipt.Status != types.ReceiptStatus_SUCCESS {
			b.Errorf("create %s: %v %v", name, err, r)
		}
		return a
	}
	issuer, sink := mk("bench-issuer"), mk("bench-sink")
	holders := make([]sdk.Account, senders)
	parallel(b, senders, func(i int) { holders[i] = mk(fmt.Sprintf("bench-holder-%d", i)) })
	if b.Failed() {
		b.FailNow()
	}
	cl := cls[0]
	token, err := cl.CreateToken(ctx, issuer, opt, "bench-credit")
	if err != nil {
		b.Fatal(err)
	}
	cfg, err := cl.ChainConfig(ctx)
	if err != nil {
		b.Fatal(err)
	}
	readers := func(a sdk.Account) []sealing.Reader {
		acct, err := cl.GetAccount(ctx, a.ID().String())
		if err != nil {
			b.Error(err)
			return nil
		}
		rs, terr, err := ctoken.HolderReaders(suite, cfg, acct)
		if terr != nil || err != nil {
			b.Error(terr, err)
		}
		return rs
	}
	sinkRs := readers(sink)
	// Issue to each holder, keeping the opening: the holder's balance.
	balances := make([]confidential.Opening, senders)
	holderRs := make([][]sealing.Reader, senders)
	parallel(b, senders, func(i int) {
		holderRs[i] = readers(holders[i])
		p, o, err := ctoken.NewIssue(suite, opt.ChainID, token, issuer.ID(), holders[i].ID(), 1_000_000, holderRs[i])
		if err != nil {
			b.Error(err)
			return
		}
		tx, _ := issuer.BuildTx(opt, types.TxType_TOKEN_ISSUE, p)
		if r, err := cls[i%4].SubmitAndWait(ctx, tx); err != nil || r.Receipt.Status != types.ReceiptStatus_SUCCESS {
			b.Errorf("issue: %v %v", err, r)
		}
		balances[i] = o
	})
	// Prove every transfer, holder by holder, each from the previous change.
	txs := make([][]*types.Transaction, senders)
	parallel(b, senders, func(i int) {
		bal := balances[i]
		for j := i; j < b.N; j += senders {
			p, change, err := ctoken.NewTransfer(suite, opt.ChainID, token, holders[i].ID(), sink.ID(), bal, 1, sinkRs, holderRs[i])
			if err != nil {
				b.Error(err)
				return
			}
			tx, err := holders[i].BuildTx(opt, types.TxType_TOKEN_TRANSFER, p)
			if err != nil {
				b.Error(err)
				return
			}
			txs[i], bal = append(txs[i], tx), change
		}
	})
	b.ResetTimer()
	start := time.Now()
	parallel(b, senders, func(i int) {
		for _, tx := range txs[i] {
			r, err := cls[i%4].SubmitAndWait(ctx, tx)
			if err != nil || r.Receipt.Status != types.ReceiptStatus_SUCCESS {
				b.Errorf("transfer: %v %v", err, r.GetReceipt())
				return
			}
		}
	})
	el := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/el.Seconds(), "transfers/s")
}

// parallel runs f(0..n-1) at once and waits; it stops the benchmark if any
// failed.
func parallel(b *testing.B, n int, f func(i int)) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) { defer wg.Done(); f(i) }(i)
	}
	wg.Wait()
	if b.Failed() {
		b.FailNow()
	}
}
