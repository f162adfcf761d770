package main_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/causeway/causeway/consortium"
	"github.com/causeway/causeway/sdk"
)

// As an operator would meet it: a stopped node of a running four-node
// consortium gets a damaged table file; `causeway node start` refuses with
// exactly one line naming the file and the remedy (no panic, no stack trace,
// non-zero exit); `causeway node rebuild` restores the ledger from the peers;
// restarted, the node holds the same blocks as the others and keeps
// committing.
func TestCorruptedTableFileRebuildFromPeers(t *testing.T) {
	if testing.Short() {
		t.Skip("multi-process")
	}
	bin := buildCauseway(t)
	dir := filepath.Join(t.TempDir(), "net")
	c := cli{t: t, bin: bin, env: append(os.Environ(), "XDG_CONFIG_HOME="+t.TempDir())}
	c.must("up", "--dir", dir, "--base-port", "0")
	t.Cleanup(func() { c.run("down", "--dir", dir) })
	deposit := func(i, node int) {
		t.Helper()
		c.must("tx", "evidence", "--hash", fmt.Sprintf("%064x", i+1000), "--node", strconv.Itoa(node), "-o", "json")
	}
	for i := 0; i < 6; i++ {
		deposit(i, i%4)
	}
	procs, err := consortium.Processes(dir)
	if err != nil {
		t.Fatal(err)
	}
	p := procs[3]
	// Stop node 4, restart it once (its log of recent writes becomes a
	// table file) and stop it again.
	if err := p.Stop(15 * time.Second); err != nil {
		t.Fatal(err)
	}
	c.must("up", "--dir", dir)
	if err := p.Stop(15 * time.Second); err != nil {
		t.Fatal(err)
	}
	ledger := filepath.Join(p.Dir, "data", "ledger")
	damaged := flipMiddleOfLargestTable(t, ledger)

	// The node refuses to start, with one line.
	startCtx, cancelStart := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancelStart()
	cmd := exec.CommandContext(startCtx, bin, "node", "start", "--config", p.Config)
	cmd.Env = c.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 {
		t.Fatalf("node start on a damaged ledger: %v, want exit status 2; output:\n%s", err, out.String())
	}
	line := regexp.MustCompile(`^causeway: ledger corrupted: ` + regexp.QuoteMeta(damaged) + `: [^\n]+; run "causeway node rebuild --config ` + regexp.QuoteMeta(p.Config) + `" to restore it from peers\n$`)
	if !line.MatchString(out.String()) {
		t.Fatalf("node start printed, want exactly one line naming %s and the remedy:\n%s", damaged, out.String())
	}
	t.Logf("node start: %s", out.String())
	if strings.Contains(out.String(), "goroutine") || strings.Contains(out.String(), "panic") {
		t.Fatalf("stack trace printed:\n%s", out.String())
	}

	// The others go on meanwhile.
	for i := 6; i < 9; i++ {
		deposit(i, i%3)
	}
	var res struct {
		MovedTo  string `json:"moved_to"`
		Height   uint64 `json:"height"`
		HeadHash string `json:"head_hash"`
		Blocks   int    `json:"blocks"`
	}
	raw := c.must("node", "rebuild", "--config", p.Config, "-o", "json")
	if err := json.Unmarshal([]byte(raw), &res); err != nil {
		t.Fatalf("rebuild -o json printed %q: %v", raw, err)
	}
	if res.Height == 0 || res.Blocks != int(res.Height) || len(res.HeadHash) != 64 {
		t.Fatalf("rebuild result %s", raw)
	}
	if _, err := os.Stat(filepath.Join(res.MovedTo, "ledger", filepath.Base(damaged))); err != nil {
		t.Fatalf("damaged ledger not kept: %v", err)
	}

	// Restarted, it commits and agrees with every other node.
	c.must("up", "--dir", dir)
	for i := 9; i < 12; i++ {
		deposit(i, 3)
	}
	// A fresh context: the one above bounded only the refused start, and the
	// deposits and the rebuild since may have used up its 30 s.
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	nw, err := sdk.LoadNetwork(filepath.Join(dir, "network.json"))
	if err != nil {
		t.Fatal(err)
	}
	clients := make([]*sdk.Client, len(nw.Nodes))
	for i := range nw.Nodes {
		cl, err := sdk.DialNetwork(ctx, nw, nw.Orgs[0].Name, i)
		if err != nil {
			t.Fatal(err)
		}
		defer cl.Close()
		clients[i] = cl
	}
	var low uint64
	deadline := time.Now().Add(20 * time.Second)
	for {
		low = ^uint64(0)
		for _, cl := range clients {
			st, err := cl.Status(ctx)
			if err != nil {
				t.Fatal(err)
			}
			low = min(low, st.Height)
		}
		if low > res.Height {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the rebuilt node did not commit past %d (lowest height %d)", res.Height, low)
		}
		time.Sleep(100 * time.Millisecond)
	}
	for h := uint64(0); h <= low; h++ {
		var want string
		for i, cl := range clients {
			b, err := cl.GetBlock(ctx, h)
			if err != nil {
				t.Fatalf("node %d block %d: %v", i+1, h, err)
			}
			if i == 0 {
				want = b.Hash
			} else if b.Hash != want {
				t.Fatalf("block %d: node 1 has %s, node %d has %s", h, want, i+1, b.Hash)
			}
		}
	}
}

// flipMiddleOfLargestTable inverts 64 bytes in the middle of the largest
// table file in dir and returns its path.
func flipMiddleOfLargestTable(t *testing.T, dir string) string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(dir, "*.sst"))
	var path string
	var size int64
	for _, p := range m {
		if fi, err := os.Stat(p); err == nil && fi.Size() > size {
			path, size = p, fi.Size()
		}
	}
	if path == "" {
		t.Fatalf("no table file in %s", dir)
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
