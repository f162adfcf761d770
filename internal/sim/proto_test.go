package sim

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

func runProto(t *testing.T, seed uint64) ([][]types.Hash, string) {
	var hashes [][]types.Hash
	var trace string
	synctest.Test(t, func(t *testing.T) {
		s, err := New(seed, Options{Nodes: 4, TempDir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Stop()
		s.RunFor(3 * time.Second)
		acct := sdk.Account{Name: s.cons.Orgs[0], Signer: s.cons.Accounts[0], Suite: types.Intl}
		to := types.Intl.AccountID(s.cons.Orgs[1])
		for i := 0; i < 10; i++ {
			tx, err := acct.TransferTx(sdk.TxOptions{ChainID: chainID, Now: time.Now, Nonce: s.rng.Uint64() | 1}, to, 1)
			if err != nil {
				t.Fatal(err)
			}
			raw := types.EncodeTx(tx)
			r := s.replicas[i%4]
			go func() {
				if err := r.submit(context.Background(), raw); err != nil {
					t.Logf("submit: %v", err)
				}
			}()
			synctest.Wait()
			s.RunFor(5 * time.Millisecond)
		}
		s.RunFor(3 * time.Second)
		t.Logf("heights %v trace %s (%d events) commits %d", s.Heights(), s.TraceHash(), s.traceCount, len(s.firstCommit))
		hashes = s.BlockHashes()
		trace = s.TraceHash()
	})
	return hashes, trace
}

func TestProto(t *testing.T) {
	start := time.Now()
	h1, tr1 := runProto(t, 1)
	t.Logf("run 1 took %v", time.Since(start))
	h2, tr2 := runProto(t, 1)
	t.Logf("trace equal %v", tr1 == tr2)
	for i := range h1 {
		if len(h1[i]) != len(h2[i]) {
			t.Errorf("replica %d: heights %d vs %d", i, len(h1[i]), len(h2[i]))
			continue
		}
		for j := range h1[i] {
			if h1[i][j] != h2[i][j] {
				t.Errorf("replica %d height %d differs", i, j+1)
			}
		}
	}
}
