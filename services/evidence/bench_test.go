package evidence_test

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/services/evidence"
	"github.com/causeway/causeway/types"
)

// BenchmarkDepositREST measures committed evidence deposits per second on a
// 4-node in-process consortium, through the node's REST API as a client
// application would use it: "single" is POST /v1/evidence from 64
// concurrent callers (each call returns once its deposit is committed);
// "batch" is POST /v1/evidence:batch of 200 deposits from 4 concurrent
// callers. One op is one deposit.
func BenchmarkDepositREST(b *testing.B) {
	c := testnet.New(b, testnet.Options{Nodes: 4})
	var seq atomic.Int64
	req := func() evidence.Request {
		n := seq.Add(1)
		return evidence.Request{Hash: sha256Hex(fmt.Appendf(nil, "bench %d", n)), HashAlgorithm: "sha256",
			Metadata: map[string]string{"owner": "Acme Ltd", "file_name": fmt.Sprintf("scan-%d.pdf", n), "business_id": fmt.Sprint(n)}}
	}
	clients := make([]*rest, 4)
	for i := range clients {
		clients[i] = orgREST(b, c, i, i) // each org through its own node
	}
	run := func(b *testing.B, workers, per int) {
		ops := b.N
		var next atomic.Int64
		var wg sync.WaitGroup
		var failed atomic.Value
		start := time.Now()
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				cl := clients[w%len(clients)]
				for {
					lo := int(next.Add(int64(per))) - per
					if lo >= ops {
						return
					}
					n := min(per, ops-lo)
					var st int
					var body []byte
					if per == 1 {
						st, _, body = cl.do(http.MethodPost, "/v1/evidence", req())
					} else {
						items := make([]evidence.Request, n)
						for i := range items {
							items[i] = req()
						}
						st, _, body = cl.do(http.MethodPost, "/v1/evidence:batch", evidence.BatchRequest{Items: items})
						var br evidence.BatchResponse
						if st == http.StatusOK && (json.Unmarshal(body, &br) != nil || len(br.Results) != n) {
							st = 0
						}
					}
					if st != http.StatusOK {
						failed.Store(fmt.Sprintf("%d %s", st, body))
						return
					}
				}
			}(w)
		}
		wg.Wait()
		if f := failed.Load(); f != nil {
			b.Fatal(f)
		}
		b.ReportMetric(float64(ops)/time.Since(start).Seconds(), "deposits/s")
	}
	b.Run("single", func(b *testing.B) { run(b, 64, 1) })
	b.Run("batch", func(b *testing.B) { run(b, 4, 200) })
	// The baseline: the same deposits as plain DEPOSIT_EVIDENCE transactions
	// over gRPC (SDK SubmitAndWait), 64 concurrent callers.
	b.Run("raw-grpc-baseline", func(b *testing.B) {
		type sender struct {
			cl   *sdk.Client
			acct sdk.Account
		}
		senders := make([]sender, 4)
		for i := range senders {
			senders[i] = sender{c.Client(i), c.Account(i)}
		}
		var next atomic.Int64
		var wg sync.WaitGroup
		var failed atomic.Value
		start := time.Now()
		for w := 0; w < 64; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				s := senders[w%len(senders)]
				for next.Add(1) <= int64(b.N) {
					r := req()
					d, _ := hex.DecodeString(r.Hash)
					tx, err := s.acct.DepositEvidenceTx(c.TxOptions(), d, r.HashAlgorithm, []*types.Attribute{{Key: "owner", Value: r.Metadata["owner"]}, {Key: "file_name", Value: r.Metadata["file_name"]}})
					if err == nil {
						_, err = s.cl.SubmitAndWait(context.Background(), tx)
					}
					if err != nil {
						failed.Store(err)
						return
					}
				}
			}(w)
		}
		wg.Wait()
		if f := failed.Load(); f != nil {
			b.Fatal(f)
		}
		b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "deposits/s")
	})
}
