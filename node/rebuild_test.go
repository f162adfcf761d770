package node_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/node"
	"github.com/causeway/causeway/store"
	"github.com/causeway/causeway/types"
)

// commitSome commits n transactions, one per block, through node 0.
func commitSome(t *testing.T, c *testnet.Cluster, n int, tag string) {
	t.Helper()
	cl := c.Client(0)
	acct := c.Account(0)
	for i := 0; i < n; i++ {
		submitAll(t, cl, []*types.Transaction{evidenceTx(t, acct, c.TxOptions(), fmt.Sprintf("%s %d", tag, i))}, 1)
	}
}

// flipLargestTable inverts 64 bytes in the middle of the largest table file
// of a stopped node's ledger and returns its path.
func flipLargestTable(t *testing.T, ledger string) string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(ledger, "*.sst"))
	var path string
	var size int64
	for _, p := range m {
		if fi, err := os.Stat(p); err == nil && fi.Size() > size {
			path, size = p, fi.Size()
		}
	}
	if path == "" {
		t.Fatalf("no table file in %s", ledger)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := len(b) / 2; i < len(b)/2+64; i++ {
		b[i] ^= 0x5a
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// stopWithTables stops node i and has its ledger written into table files
// (a restart replays the write-ahead log into a table).
func stopWithTables(t *testing.T, c *testnet.Cluster, i int) {
	t.Helper()
	c.Stop(i)
	c.Restart(i)
	c.Stop(i)
}

// A node whose table file is damaged refuses to start with a
// *store.CorruptionError naming that file; Rebuild moves the damaged ledger
// aside and restores the chain from the peers; restarted, the node holds the
// same blocks as the others and keeps committing.
func TestRebuildRestoresCorruptedLedger(t *testing.T) {
	c := testnet.New(t, testnet.Options{Nodes: 4})
	commitSome(t, c, 12, "before")
	if err := c.WaitHeight(c.MaxHeight(), 20*time.Second); err != nil {
		t.Fatal(err)
	}
	stopWithTables(t, c, 3)
	cfg := c.Config(3)
	damaged := flipLargestTable(t, node.LedgerDir(cfg))

	_, err := node.New(cfg, node.Options{})
	var ce *store.CorruptionError
	if !errors.As(err, &ce) {
		t.Fatalf("start on a damaged ledger: want a CorruptionError, got %v", err)
	}
	if ce.File != damaged || strings.ContainsAny(ce.Reason, "\r\n") {
		t.Fatalf("error names %q (reason %q), damaged file is %s", ce.File, ce.Reason, damaged)
	}

	commitSome(t, c, 3, "while down")
	want := c.MaxHeight()
	var progress []node.RebuildProgress
	res, err := node.Rebuild(context.Background(), cfg, node.RebuildOptions{Progress: func(p node.RebuildProgress) { progress = append(progress, p) }})
	if err != nil {
		t.Fatal(err)
	}
	if res.Height < want || res.Blocks < int(want) {
		t.Fatalf("rebuilt %+v, want height %d from honest peers", res, want)
	}
	// An honest peer may fail to answer on a loaded machine, but none of
	// its blocks fails verification.
	for _, r := range res.Refused {
		for _, bad := range []string{"signature", "does not", "root", "metadata", "tx count", "chain id", "no header"} {
			if strings.Contains(r.Reason, bad) {
				t.Fatalf("an honest peer's block was refused: %+v", r)
			}
		}
	}
	if len(progress) == 0 || progress[len(progress)-1].Height != res.Height {
		t.Fatalf("progress %+v does not end at %d", progress, res.Height)
	}
	// The damaged ledger is kept, not deleted.
	if _, err := os.Stat(filepath.Join(res.MovedTo, "ledger", filepath.Base(damaged))); err != nil {
		t.Fatalf("damaged ledger not kept in %s: %v", res.MovedTo, err)
	}
	c.Restart(3)
	if h := c.Node(3).Head(); h.Height != res.Height || h.Hash.String() != res.HeadHash {
		t.Fatalf("restarted at %d %s, rebuilt %d %s", h.Height, h.Hash, res.Height, res.HeadHash)
	}
	commitSome(t, c, 3, "after")
	if err := c.WaitHeight(c.MaxHeight(), 20*time.Second); err != nil {
		t.Fatal(err)
	}
	if c.Node(3).Head().Height <= res.Height {
		t.Fatal("rebuilt node does not commit new blocks")
	}
	if err := c.CheckConsistent(); err != nil {
		t.Fatal(err)
	}
}

// A peer that serves forged blocks (an extra transaction inserted, the
// transaction root and count recomputed so that only the quorum signatures
// can tell) is refused during a rebuild, and the chain is taken from the
// honest peers. A rebuild of a running node is refused and moves nothing.
func TestRebuildRefusesLyingPeer(t *testing.T) {
	var suite types.Suite
	forge := func(b *types.Block) *types.Block {
		if b.Header.Height == 0 || len(b.Txs) == 0 {
			return b
		}
		f := proto.Clone(b).(*types.Block)
		extra := proto.Clone(f.Txs[0]).(*types.Transaction)
		extra.Body = append(extra.Body, 0)
		f.Txs = append(f.Txs, extra)
		hashes := make([]types.Hash, len(f.Txs))
		for i, tx := range f.Txs {
			hashes[i] = suite.TxHash(tx)
		}
		f.Header.TxRoot = suite.TxRoot(hashes)
		f.Header.TxCount = uint32(len(f.Txs))
		return f
	}
	c := testnet.New(t, testnet.Options{Nodes: 4, ServeBlock: map[int]func(*types.Block) *types.Block{0: forge}})
	suite = c.Node(0).Genesis().Suite()
	commitSome(t, c, 8, "tx")
	if err := c.WaitHeight(c.MaxHeight(), 20*time.Second); err != nil {
		t.Fatal(err)
	}
	// Not while the node runs: nothing is moved.
	if _, err := node.Rebuild(context.Background(), c.Config(3), node.RebuildOptions{}); !errors.Is(err, node.ErrNodeRunning) {
		t.Fatalf("rebuild of a running node: %v", err)
	}
	if m, _ := filepath.Glob(filepath.Join(c.Config(3).DataDir, "corrupted-*")); len(m) != 0 {
		t.Fatalf("a refused rebuild moved the ledger: %v", m)
	}
	c.Stop(3)
	res, err := node.Rebuild(context.Background(), c.Config(3), node.RebuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	liar := false
	for _, r := range res.Refused {
		switch {
		case r.Peer == c.Node(0).ID() && strings.Contains(r.Reason, "bad commit signature"):
			liar = true
		case strings.Contains(r.Reason, "signature"):
			t.Fatalf("an honest peer's block was refused: %+v", r)
		}
	}
	if !liar {
		t.Fatalf("refused %+v, want node %d refused for its quorum certificate", res.Refused, c.Node(0).ID())
	}
	if res.Height != c.MaxHeight() {
		t.Fatalf("rebuilt to %d, chain is at %d", res.Height, c.MaxHeight())
	}
	c.Restart(3)
	if err := c.CheckConsistent(); err != nil {
		t.Fatal(err)
	}
}

// Damage met while the node runs (here: reads of a ledger started with the
// quick check only) closes Failed, names the file in Failure, and turns the
// health answer to ledger_corrupted, not ready.
func TestDamageFoundWhileRunningIsReported(t *testing.T) {
	c := testnet.New(t, testnet.Options{Nodes: 4})
	commitSome(t, c, 12, "tx")
	if err := c.WaitHeight(c.MaxHeight(), 20*time.Second); err != nil {
		t.Fatal(err)
	}
	stopWithTables(t, c, 3)
	cfg := c.Config(3)
	damaged := flipLargestTable(t, node.LedgerDir(cfg))
	cfg.StorageCheck = node.StorageCheckQuick
	c.Restart(3)
	n := c.Node(3)
	// (The node may meet the damage by itself, on a read it makes; the
	// reads below make sure.)
	for h := uint64(0); h <= n.Head().Height; h++ {
		_, _ = n.Store().Block(h)
		_, _ = n.Store().Receipts(h)
	}
	_ = n.Store().Verify(context.Background(), nil)
	select {
	case <-n.Failed():
	case <-time.After(5 * time.Second):
		t.Fatal("Failed not closed after reading a damaged table")
	}
	if f := n.Failure(); f == nil || f.File != damaged {
		t.Fatalf("Failure %+v, damaged file %s", f, damaged)
	}
	if h := n.Health(); h.Status != node.HealthLedgerCorrupted || h.Ready || !strings.Contains(h.Reason, damaged) {
		t.Fatalf("health %+v", h)
	}
}

// With no peer answering, a rebuild fails with ErrNoPeerServed and says
// where the previous ledger was kept; it does not pretend to have rebuilt.
func TestRebuildWithoutPeersFails(t *testing.T) {
	c := testnet.New(t, testnet.Options{Nodes: 4})
	commitSome(t, c, 2, "tx")
	c.StopAll()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := node.Rebuild(ctx, c.Config(0), node.RebuildOptions{})
	if !errors.Is(err, node.ErrNoPeerServed) {
		t.Fatalf("rebuild without peers: %v", err)
	}
	if res == nil || res.MovedTo == "" {
		t.Fatalf("result %+v does not say where the ledger went", res)
	}
	if _, err := os.Stat(filepath.Join(res.MovedTo, "ledger")); err != nil {
		t.Fatal(err)
	}
}
