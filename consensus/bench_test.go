package consensus

import (
	"crypto/sha256"
	"fmt"
	"testing"
	"time"

	bft "github.com/hyperledger-labs/SmartBFT/pkg/types"
	"github.com/hyperledger-labs/SmartBFT/smartbftprotos"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/chain"
	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/execution"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/store"
	"github.com/causeway/causeway/types"
)

// benchLedger is an in-memory consensus.Ledger at a fixed head: the
// benchmarks below measure the adapter's own work, not the store's.
type benchLedger struct {
	head      store.Head
	committed map[types.Hash]bool
}

func (l *benchLedger) Head() store.Head                       { return l.head }
func (l *benchLedger) Block(uint64) (*types.Block, error)     { return nil, store.ErrNotFound }
func (l *benchLedger) HasTx(h types.Hash) (bool, error)       { return l.committed[h], nil }
func (l *benchLedger) ConfigVersionAt(uint64) (uint64, error) { return 0, nil }
func (l *benchLedger) Apply(b *types.Block, txs []*types.DecodedTx) (*chain.Applied, error) {
	return &chain.Applied{Block: b, Txs: txs}, nil
}

// benchGenesis makes a chain of n consensus nodes with Ed25519 signing
// certificates.
func benchGenesis(tb testing.TB, n int) *types.Genesis {
	tb.Helper()
	g := &types.Genesis{ChainID: "bench-chain", Params: types.DefaultParams()}
	for i := 1; i <= n; i++ {
		org := fmt.Sprintf("org%d", i)
		ca, err := pki.NewCA(org)
		if err != nil {
			tb.Fatal(err)
		}
		certPEM, _, err := ca.Issue(pki.IssueRequest{CommonName: "node", Role: pki.RoleNode, KeyType: pki.KeyEd25519})
		if err != nil {
			tb.Fatal(err)
		}
		g.Orgs = append(g.Orgs, types.GenesisOrg{Name: org, CACert: string(ca.CertPEM())})
		g.Nodes = append(g.Nodes, types.GenesisNode{ID: uint64(i), Org: org, Address: "127.0.0.1:1", TLSCert: string(certPEM), SignCert: string(certPEM)})
	}
	return g
}

// benchTxs makes n canonical evidence deposits signed by 16 Ed25519 accounts.
func benchTxs(tb testing.TB, chainID string, n int, nowMs int64) [][]byte {
	tb.Helper()
	keys := make([]crypto.Key, 16)
	for i := range keys {
		k, err := crypto.GenerateEd25519()
		if err != nil {
			tb.Fatal(err)
		}
		keys[i] = k
	}
	out := make([][]byte, n)
	for i := range out {
		digest := sha256.Sum256(fmt.Append(nil, "document ", i))
		payload, _ := proto.Marshal(&types.DepositEvidence{Hash: digest[:], HashAlgorithm: "sha256",
			Metadata: []*types.Attribute{{Key: "bench", Value: "causeway"}}})
		sender := types.Intl.AccountID(fmt.Sprint("account-", i%len(keys)))
		tx, err := types.Intl.NewTx(&types.TxBody{ChainId: chainID, Sender: sender[:], TimestampMs: nowMs - 1000,
			ValidityMs: 300_000, Type: types.TxType_DEPOSIT_EVIDENCE, Payload: payload, Nonce: uint64(i) + 1}, keys[i%len(keys)])
		if err != nil {
			tb.Fatal(err)
		}
		out[i] = types.EncodeTx(tx)
	}
	return out
}

// benchConsensus returns an adapter (not started: no SmartBFT) over an
// in-memory ledger at height 10, and a clock fixed at now.
func benchConsensus(tb testing.TB, now time.Time) *Consensus {
	tb.Helper()
	g := benchGenesis(tb, 4)
	root := sha256.Sum256([]byte("state"))
	rroot := sha256.Sum256([]byte("receipts"))
	l := &benchLedger{head: store.Head{Height: 10, Hash: types.Intl.Sum([]byte("head")), TimeMs: now.UnixMilli() - 100,
		StateRoot: root[:], ReceiptRoot: rroot[:]}, committed: map[types.Hash]bool{}}
	c, err := New(Config{SelfID: 1, Genesis: g, Now: func() time.Time { return now }}, l, nil)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func benchMetadata(seq uint64) []byte {
	b, _ := proto.Marshal(&smartbftprotos.ViewMetadata{LatestSequence: seq})
	return b
}

const benchBatch = 1000

// BenchmarkAssembleProposal measures the leader's block assembly from 1,000
// pooled evidence deposits: decoding, the chain/time/replay checks, the tx
// root and the encoding of the proposal.
func BenchmarkAssembleProposal(b *testing.B) {
	now := time.Now()
	c := benchConsensus(b, now)
	reqs := benchTxs(b, "bench-chain", benchBatch, now.UnixMilli())
	md := benchMetadata(11)
	b.ReportAllocs()
	for b.Loop() {
		p := c.AssembleProposal(md, reqs)
		if len(p.Payload) == 0 {
			b.Fatal("empty proposal")
		}
	}
	b.ReportMetric(float64(b.N*benchBatch)/b.Elapsed().Seconds(), "tx/s")
}

// BenchmarkVerifyProposal measures the verification of a 1,000-transaction
// proposal. "follower": the proposal comes from another node and every
// transaction is decoded and checked again, with its signatures found in
// the verified set (each was admitted by this node's pool before, the
// normal case) or not ("follower-uncached", so every signature is verified
// here, in batches). "own": SmartBFT has the leader verify the proposal it
// just assembled, which is recognised and not checked twice.
func BenchmarkVerifyProposal(b *testing.B) {
	now := time.Now()
	c := benchConsensus(b, now)
	reqs := benchTxs(b, "bench-chain", benchBatch, now.UnixMilli())
	p := c.AssembleProposal(benchMetadata(11), reqs)
	run := func(b *testing.B, forget, fresh bool) {
		if _, err := c.VerifyProposal(p); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if forget {
				c.checked.Store(nil)
			}
			if fresh {
				// The verifier's set: the one VerifyProposal consults.
				c.verifier.txs = execution.NewTxCache(types.Intl, 1<<18)
			}
			infos, err := c.VerifyProposal(p)
			if err != nil || len(infos) != benchBatch {
				b.Fatalf("VerifyProposal: %d infos, %v", len(infos), err)
			}
		}
		b.ReportMetric(float64(b.N*benchBatch)/b.Elapsed().Seconds(), "tx/s")
	}
	b.Run("follower", func(b *testing.B) { run(b, true, false) })
	b.Run("follower-uncached", func(b *testing.B) { run(b, true, true) })
	b.Run("own", func(b *testing.B) {
		c.AssembleProposal(benchMetadata(11), reqs)
		run(b, false, false)
	})
}

// BenchmarkRequestsFromProposal measures listing the requests of a decided
// 1,000-transaction proposal, which SmartBFT does to remove them from the
// pool: from the bytes, or recognised as the proposal just verified.
func BenchmarkRequestsFromProposal(b *testing.B) {
	now := time.Now()
	c := benchConsensus(b, now)
	reqs := benchTxs(b, "bench-chain", benchBatch, now.UnixMilli())
	p := c.AssembleProposal(benchMetadata(11), reqs)
	for _, known := range []bool{false, true} {
		b.Run(map[bool]string{false: "decode", true: "verified"}[known], func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if !known {
					c.checked.Store(nil)
				}
				if n := len(c.RequestsFromProposal(p)); n != benchBatch {
					b.Fatalf("%d requests", n)
				}
			}
			b.ReportMetric(float64(b.N*benchBatch)/b.Elapsed().Seconds(), "tx/s")
		})
		c.VerifyProposal(p)
	}
}

// BenchmarkRequestID measures SmartBFT's request inspection, done for every
// request entering the pool and again for every request of a decided block.
func BenchmarkRequestID(b *testing.B) {
	now := time.Now()
	c := benchConsensus(b, now)
	reqs := benchTxs(b, "bench-chain", 256, now.UnixMilli())
	b.ReportAllocs()
	i := 0
	var info bft.RequestInfo
	for b.Loop() {
		info = c.RequestID(reqs[i%len(reqs)])
		i++
	}
	if info.ClientID == "malformed" {
		b.Fatal("request not recognised")
	}
}
