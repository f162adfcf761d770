package execution

import (
	"fmt"
	"testing"

	"github.com/causeway/causeway/types"
)

const benchBlockTxs = 1000

// benchState returns a state with 100 funded accounts and their signers.
func benchState(b *testing.B) (*memState, []string, []*testSigner) {
	g := testGenesis()
	var names []string
	var signers []*testSigner
	for i := 0; i < 100; i++ {
		name := fmt.Sprintf("bench-%d", i)
		s := newSigner(name)
		names, signers = append(names, name), append(signers, s)
		g.Accounts = append(g.Accounts, types.GenesisAccount{Name: name, Scheme: s.Scheme(), PublicKey: s.PublicKey(), Balance: 1 << 40})
	}
	ws, nodes, root, err := GenesisState(g)
	if err != nil {
		b.Fatal(err)
	}
	m := &memState{kv: map[string][]byte{}, txs: map[types.Hash]bool{}, root: root}
	m.applyWrites(ws)
	m.applyNodes(nodes)
	return m, names, signers
}

// benchExecute executes txs on m repeatedly (the state is only read, so every
// iteration does the same work) and reports transactions per second.
func benchExecute(b *testing.B, m *memState, txs []*types.DecodedTx) {
	e := newExecutor()
	res, err := e.ExecuteBlock(m, m.root, header(1), txs)
	if err != nil {
		b.Fatal(err)
	}
	for i, rc := range res.Receipts {
		if rc.Status != types.ReceiptStatus_SUCCESS {
			b.Fatalf("tx %d failed: %s", i, rc.Error)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	iters := 0
	for b.Loop() {
		if _, err := e.ExecuteBlock(m, m.root, header(1), txs); err != nil {
			b.Fatal(err)
		}
		iters++
	}
	b.ReportMetric(float64(iters*len(txs))/b.Elapsed().Seconds(), "tx/s")
}

func BenchmarkExecuteTransfer(b *testing.B) {
	m, names, signers := benchState(b)
	txs := make([]*types.DecodedTx, benchBlockTxs)
	for i := range txs {
		from := i % len(names)
		txs[i] = transferTx(b, names[from], names[(i*7+1)%len(names)], uint64(1+i), signers[from])
	}
	benchExecute(b, m, txs)
}

func BenchmarkExecuteEvidence(b *testing.B) {
	m, names, signers := benchState(b)
	txs := make([]*types.DecodedTx, benchBlockTxs)
	for i := range txs {
		from := i % len(names)
		h := types.Intl.Sum([]byte(fmt.Sprint("file-", i)))
		txs[i] = evidenceTx(b, names[from], &types.DepositEvidence{
			Hash:          h[:],
			HashAlgorithm: "sha256",
			Metadata: []*types.Attribute{
				{Key: "file", Value: fmt.Sprintf("invoice-%06d.pdf", i)},
				{Key: "case", Value: "2024-civil-0173"},
				{Key: "court", Value: "Hangzhou Internet Court"},
			},
		}, signers[from])
	}
	benchExecute(b, m, txs)
}
