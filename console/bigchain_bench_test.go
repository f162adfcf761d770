package console

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
	smartbftprotos "github.com/hyperledger-labs/SmartBFT/smartbftprotos"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/chain"
	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/node"
	"github.com/causeway/causeway/store"
	"github.com/causeway/causeway/types"
)

// noSyncFS is Pebble's disk file system without fsync: filling a ledger
// with 10^5 blocks takes seconds instead of 10^5 fsyncs. The data still
// goes to the files (the page cache); the node reopens them normally.
type noSyncFS struct{ vfs.FS }

type noSyncFile struct{ vfs.File }

func (noSyncFile) Sync() error                { return nil }
func (noSyncFile) SyncData() error            { return nil }
func (noSyncFile) SyncTo(int64) (bool, error) { return true, nil }
func wrapNoSync(f vfs.File, err error) (vfs.File, error) {
	if err != nil {
		return nil, err
	}
	return noSyncFile{f}, nil
}
func (fs noSyncFS) Create(name string, c vfs.DiskWriteCategory) (vfs.File, error) {
	return wrapNoSync(fs.FS.Create(name, c))
}
func (fs noSyncFS) OpenReadWrite(name string, c vfs.DiskWriteCategory, o ...vfs.OpenOption) (vfs.File, error) {
	return wrapNoSync(fs.FS.OpenReadWrite(name, c, o...))
}
func (fs noSyncFS) ReuseForWrite(old, name string, c vfs.DiskWriteCategory) (vfs.File, error) {
	return wrapNoSync(fs.FS.ReuseForWrite(old, name, c))
}

// fillLedger appends n empty blocks to a stopped node's ledger through
// chain.Apply (the application line a node commits certified blocks with:
// each block executed and committed with its state root and receipts
// root), each header chained to its parent and carrying consensus metadata
// whose sequence is its height, so that the node resumes after them. The
// blocks' quorum signatures are the last real block's (nothing re-checks
// stored blocks' signatures; a peer syncing them would refuse them).
func fillLedger(tb testing.TB, cfg *node.Config, g *types.Genesis, n int) {
	tb.Helper()
	st, err := store.Open(node.LedgerDir(cfg), store.WithSuite(g.Suite()), store.WithFS(noSyncFS{vfs.Default}))
	if err != nil {
		tb.Fatal(err)
	}
	defer st.Close()
	ch, err := chain.Open(st, g, chain.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		tb.Fatal(err)
	}
	defer ch.Close()
	head := ch.Head()
	last, err := ch.Block(head.Height)
	if err != nil {
		tb.Fatal(err)
	}
	md := &smartbftprotos.ViewMetadata{}
	if err := proto.Unmarshal(last.ConsensusMetadata, md); err != nil {
		tb.Fatal(err)
	}
	start := time.Now()
	for i := 0; i < n; i++ {
		head = ch.Head()
		md.LatestSequence = head.Height + 1
		md.DecisionsInView++
		mdb, _ := proto.Marshal(md)
		b := &types.Block{Header: &types.BlockHeader{ChainId: g.ChainID, Height: head.Height + 1, PrevHash: head.Hash.Bytes(), TimeMs: head.TimeMs + 1,
			TxRoot: g.Suite().TxRoot(nil), StateRoot: head.StateRoot, ReceiptRoot: head.ReceiptRoot, Proposer: last.Header.GetProposer()},
			ConsensusMetadata: mdb, Signatures: last.Signatures}
		if _, err := ch.Apply(b, []*types.DecodedTx{}); err != nil {
			tb.Fatalf("block %d: %v", b.Header.Height, err)
		}
	}
	tb.Logf("filled %d blocks in %s (height %d)", n, time.Since(start).Round(time.Millisecond), ch.Head().Height)
}

// BenchmarkPagesOnRealNode measures the console's pages against a real
// node serving a ledger of CAUSEWAY_CONSOLE_BLOCKS blocks (default 10^5):
// a one-node cluster (internal/testnet) is stopped, its Pebble ledger is
// filled with empty blocks through chain.Apply, the node restarts on it
// (verifying the ledger's checksums and hash chain as every start does),
// and the console talks to it through the SDK over mutual TLS, as
// `causeway console` does. Each sub-benchmark is one page, fetched signed
// in over HTTP; it reports ns/op and the slowest request (max-ms).
//
//	go test -run '^$' -bench PagesOnRealNode -benchtime 50x ./console/
func BenchmarkPagesOnRealNode(b *testing.B) {
	blocks := 100_000
	if s := os.Getenv("CAUSEWAY_CONSOLE_BLOCKS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			b.Fatalf("CAUSEWAY_CONSOLE_BLOCKS=%q", s)
		}
		blocks = n
	}
	cl := testnet.New(b, testnet.Options{Nodes: 1})
	g, err := types.LoadGenesis(cl.Config(0).Genesis)
	if err != nil {
		b.Fatal(err)
	}
	cl.Stop(0)
	fillLedger(b, cl.Config(0), g, blocks)
	t0 := time.Now()
	cl.Restart(0)
	b.Logf("node restarted on the filled ledger in %s (height %d)", time.Since(t0).Round(time.Millisecond), cl.Node(0).Head().Height)
	defer cl.StopAll()

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	nc, err := DialNetwork(ctx, cl.Network, cl.Network.Orgs[0].Name, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer nc.Close()
	s, err := New(Options{Chain: nc})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(s.SignInLink(srv.URL))
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	tip := cl.Node(0).Head().Height
	if tip < uint64(blocks) {
		b.Fatalf("the node serves height %d, want ≥ %d", tip, blocks)
	}
	pages := []string{"/", "/api/overview", "/explorer", "/explorer?from=" + strconv.FormatUint(tip/2, 10), "/explorer?from=25",
		"/explorer/block/" + strconv.FormatUint(tip/3, 10), "/explorer/search?q=" + strconv.FormatUint(tip-7, 10), "/members", "/contracts"}
	for _, p := range pages {
		b.Run(p, func(b *testing.B) {
			var times []time.Duration
			for i := 0; i < b.N; i++ {
				t := time.Now()
				resp, err := c.Get(srv.URL + p)
				if err != nil {
					b.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusSeeOther {
					b.Fatalf("%s: %s", p, resp.Status)
				}
				times = append(times, time.Since(t))
			}
			sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
			b.ReportMetric(float64(times[len(times)-1].Microseconds())/1000, "max-ms")
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
		})
	}
}
