package main_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/causeway/causeway/consortium"
	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

// As an operator would: `causeway up --chains 2` makes two consortia that
// follow each other; `causeway relay` runs as a real process while chain B
// makes blocks, is killed with SIGKILL six times and started again, each
// restart moving the light client on (alone, then beside a second
// relayer); A's light client of B follows
// to B's last block, and keeps B's real headers; the relayer's /metrics
// show what it did with no error but header_known counted apart; SIGTERM
// stops it cleanly (exit 0); configuration errors exit non-zero.
func TestRelayCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("multi-process")
	}
	bin := buildCauseway(t)
	dir := filepath.Join(t.TempDir(), "chains")
	c := cli{t: t, bin: bin, env: append(os.Environ(), "XDG_CONFIG_HOME="+t.TempDir())}
	t.Cleanup(func() { c.run("down", "--dir", dir) })
	var up struct {
		Chains []struct {
			ChainID string `json:"chain_id"`
			Dir     string `json:"dir"`
			Network string `json:"network"`
		} `json:"chains"`
		Links []struct {
			On         string `json:"on"`
			Follows    string `json:"follows"`
			Registered bool   `json:"registered"`
		} `json:"light_clients"`
	}
	out := c.must("up", "--chains", "2", "--dir", dir, "--base-port", "0", "-o", "json")
	if err := json.Unmarshal([]byte(out), &up); err != nil || len(up.Chains) != 2 || up.Chains[0].ChainID != "chain-a" || up.Chains[1].ChainID != "chain-b" ||
		len(up.Links) != 2 || !up.Links[0].Registered || !up.Links[1].Registered {
		t.Fatalf("up --chains 2: %v\n%s", err, out)
	}
	dirA, dirB := up.Chains[0].Dir, up.Chains[1].Dir
	// Connecting again changes nothing.
	var links []struct {
		Registered bool `json:"registered"`
	}
	if err := json.Unmarshal([]byte(c.must("crosschain", "connect", "--network", dirA, "--remote", dirB, "-o", "json")), &links); err != nil || len(links) != 2 || links[0].Registered || links[1].Registered {
		t.Fatalf("connect again: %v %v", links, err)
	}
	// Configuration errors exit non-zero, with a sentence.
	for _, args := range [][]string{
		{"relay", "--network", dirA, "--remote", dirA},
		{"relay", "--network", dirA, "--remote", filepath.Join(dir, "nowhere")},
		{"relay", "--network", dirA},
		{"relay", "--network", dirA, "--remote", dirB, "--only", "chain-a->chain-z"},
	} {
		if _, err := c.run(args...); err == nil || !strings.Contains(err.Error(), "error: ") {
			t.Fatalf("causeway %s: want a failure with a sentence, got %v", strings.Join(args, " "), err)
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	dial := func(d string) (*sdk.Client, *sdk.Network) {
		nw, err := sdk.LoadNetwork(filepath.Join(d, "network.json"))
		if err != nil {
			t.Fatal(err)
		}
		cl, err := sdk.DialNetwork(ctx, nw, nw.Orgs[0].Name, 0)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cl.Close() })
		return cl, nw
	}
	ca, _ := dial(dirA)
	cb, nwB := dial(dirB)

	// B makes blocks (an evidence deposit every ~100 ms) until stopped.
	key, err := crypto.LoadKey(nwB.Orgs[1].Account.Key)
	if err != nil {
		t.Fatal(err)
	}
	acct := sdk.Account{Name: nwB.Orgs[1].Account.Name, Signer: key, Suite: nwB.Suite()}
	var lastB uint64
	var loadMu sync.Mutex
	loadCtx, stopLoad := context.WithCancel(ctx)
	loadDone := make(chan struct{})
	go func() {
		defer close(loadDone)
		for i := 0; loadCtx.Err() == nil; i++ {
			d := sha256.Sum256([]byte("relay e2e " + strconv.Itoa(i)))
			tx, err := acct.DepositEvidenceTx(sdk.TxOptions{ChainID: nwB.ChainID}, d[:], "sha256", nil)
			if err != nil {
				return
			}
			if r, err := cb.SubmitAndWait(loadCtx, tx); err == nil && r.Receipt.Status == types.ReceiptStatus_SUCCESS {
				loadMu.Lock()
				lastB = r.Height
				loadMu.Unlock()
			}
			time.Sleep(100 * time.Millisecond)
		}
	}()
	defer stopLoad()

	freeAddr := func() string {
		a, err := consortium.FreeAddr("127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	type proc struct {
		cmd  *exec.Cmd
		out  *bytes.Buffer
		errb *bytes.Buffer
	}
	start := func(metrics string) *proc {
		cmd := exec.Command(bin, "relay", "--network", dirA, "--remote", dirB, "--interval", "100ms", "--max-backoff", "2s",
			"--metrics", metrics, "--status-every", "1s", "-o", "json", "--log-level", "info")
		cmd.Env = c.env
		p := &proc{cmd: cmd, out: &bytes.Buffer{}, errb: &bytes.Buffer{}}
		cmd.Stdout, cmd.Stderr = p.out, p.errb
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = cmd.Process.Kill(); _, _ = cmd.Process.Wait() })
		return p
	}
	clientOfB := func() *types.LightClient {
		lc, err := ca.LightClient(ctx, "chain-b")
		if err != nil {
			t.Fatal(err)
		}
		return lc
	}

	// The first relayer is killed with SIGKILL and started again six
	// times; each time, the light client must move before the next kill.
	// During the first three it runs alone (so the restarted process is
	// what moves it); from the fourth, the second relayer runs beside it.
	m2 := freeAddr()
	var second *proc
	var heights []uint64
	for i := range 6 {
		if i == 3 {
			second = start(m2)
		}
		before := clientOfB().LatestHeight
		first := start(freeAddr())
		deadline := time.Now().Add(30 * time.Second)
		for clientOfB().LatestHeight <= before {
			if time.Now().After(deadline) {
				t.Fatalf("restart %d: A's client of B stays at %d\n%s%s", i, before, first.out, first.errb)
			}
			time.Sleep(50 * time.Millisecond)
		}
		time.Sleep(time.Duration(100+150*i) * time.Millisecond)
		if err := first.cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		_ = first.cmd.Wait()
		heights = append(heights, clientOfB().LatestHeight)
	}
	t.Logf("A's client of B after each kill: %v", heights)
	first := start(freeAddr())
	time.Sleep(time.Second)
	stopLoad()
	<-loadDone
	loadMu.Lock()
	last := lastB
	loadMu.Unlock()
	if last == 0 || heights[len(heights)-1] <= heights[0] {
		t.Fatalf("B's last deposit %d; the client moved %v", last, heights)
	}
	deadline := time.Now().Add(time.Minute)
	for clientOfB().LatestHeight < last {
		if time.Now().After(deadline) {
			t.Fatalf("A's client of B stays at %d, B's last deposit is in block %d\nrelayer 2:\n%s%s", clientOfB().LatestHeight, last, second.out, second.errb)
		}
		time.Sleep(100 * time.Millisecond)
	}
	// The header A keeps is B's own block.
	lc := clientOfB()
	kept, err := ca.LightClientHeader(ctx, "chain-b", lc.LatestHeight)
	if err != nil {
		t.Fatal(err)
	}
	blk, err := cb.GetBlock(ctx, lc.LatestHeight)
	if err != nil || blk.Hash != fmt.Sprintf("%x", kept.Hash) {
		t.Fatalf("A keeps header %x at %d, B's block is %s (%v)", kept.Hash, lc.LatestHeight, blk.GetHash(), err)
	}
	time.Sleep(500 * time.Millisecond) // the relayers' rounds end

	// The running relayer's metrics.
	resp, err := http.Get("http://" + m2 + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	samples := map[string]float64{}
	for _, line := range strings.Split(string(body), "\n") {
		if strings.HasPrefix(line, "causeway_relay_") {
			i := strings.LastIndexByte(line, ' ')
			v, err := strconv.ParseFloat(line[i+1:], 64)
			if err != nil {
				t.Fatalf("metric line %q", line)
			}
			samples[line[:i]] = v
		}
	}
	ba := `{path="chain-b->chain-a"}`
	// The relayers keep going: by the scrape the client may have moved on.
	now := clientOfB().LatestHeight
	if got := samples["causeway_relay_client_height"+ba]; got < float64(lc.LatestHeight-1) || got > float64(now) {
		t.Errorf("client_height %v, the client kept %d before the scrape and %d after", got, lc.LatestHeight, now)
	}
	for _, name := range []string{"causeway_relay_source_height" + ba, "causeway_relay_lag_blocks" + ba, "causeway_relay_last_relayed_height" + ba,
		`causeway_relay_carried_total{carrier="headers",path="chain-b->chain-a"}`, `causeway_relay_known_total{carrier="headers",path="chain-b->chain-a"}`,
		`causeway_relay_submit_seconds_count{carrier="headers",path="chain-b->chain-a"}`} {
		if _, ok := samples[name]; !ok {
			t.Errorf("no metric %s in\n%s", name, body)
		}
	}
	if samples[`causeway_relay_carried_total{carrier="headers",path="chain-b->chain-a"}`]+samples[`causeway_relay_known_total{carrier="headers",path="chain-b->chain-a"}`] == 0 {
		t.Error("the second relayer submitted no header")
	}
	for k, v := range samples {
		if strings.HasPrefix(k, "causeway_relay_errors_total") && v > 0 {
			t.Errorf("errors counted: %s %v", k, v)
		}
	}
	t.Logf("relayer 2: carried %v, known %v, submits %v",
		samples[`causeway_relay_carried_total{carrier="headers",path="chain-b->chain-a"}`],
		samples[`causeway_relay_known_total{carrier="headers",path="chain-b->chain-a"}`],
		samples[`causeway_relay_submit_seconds_count{carrier="headers",path="chain-b->chain-a"}`])

	// SIGTERM stops both cleanly, with a last status line per direction.
	for _, p := range []*proc{first, second} {
		if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		if err := p.cmd.Wait(); err != nil {
			t.Fatalf("relayer after SIGTERM: %v\n%s", err, p.errb)
		}
	}
	var lines int
	var lastLine struct {
		Path         string            `json:"path"`
		ClientHeight uint64            `json:"client_height"`
		Errors       map[string]uint64 `json:"errors"`
	}
	sc := bufio.NewScanner(second.out)
	for sc.Scan() {
		if err := json.Unmarshal(sc.Bytes(), &lastLine); err != nil || lastLine.Path == "" {
			t.Fatalf("status line %q: %v", sc.Text(), err)
		}
		lines++
	}
	if lines < 2 || len(lastLine.Errors) != 0 {
		t.Fatalf("%d status lines, the last %+v", lines, lastLine)
	}
}
