package main_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/causeway/causeway/consortium"
	"github.com/causeway/causeway/sdk"
)

// runT runs the CLI with a deadline.
func (c cli) runT(timeout time.Duration, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.bin, args...)
	cmd.Env = c.env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return out.String(), fmt.Errorf("causeway %s: %v\n%s%s", strings.Join(args, " "), err, out.String(), errb.String())
	}
	return out.String(), nil
}

func (c cli) mustT(args ...string) string {
	c.t.Helper()
	out, err := c.runT(45*time.Second, args...)
	if err != nil {
		c.t.Fatal(err)
	}
	return out
}

func freePort(t *testing.T) string {
	t.Helper()
	a, err := consortium.FreeAddr("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// statusOf is the shape of `causeway status -o json`.
type statusOf struct {
	Nodes []struct {
		ID        uint64 `json:"id"`
		Org       string `json:"org"`
		Reachable bool   `json:"reachable"`
		Error     string `json:"error"`
		Height    uint64 `json:"height"`
	} `json:"nodes"`
}

func (c cli) status(args ...string) statusOf {
	c.t.Helper()
	// status exits non-zero while any node is unreachable, and still
	// prints every node's answer.
	out, runErr := c.runT(45*time.Second, append([]string{"status", "-o", "json"}, args...)...)
	var st statusOf
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		c.t.Fatalf("status output %q: %v (%v)", out, err, runErr)
	}
	return st
}

// eventually retries cond until it holds or timeout passes.
func eventually(t *testing.T, what string, timeout time.Duration, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ok, state := cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s; last state: %s", timeout, what, state)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// As a user would, with the causeway binary: a 4-org consortium; a fifth org
// runs `org init` and `join request`, starts its node with `node start
// --join`, and is admitted by `gov propose add-org` and two `gov vote`s; its
// node syncs, serves, and signs blocks as a consenter, and with a founding
// node killed (n=5, f=1) the chain goes on. Then org4 is removed by vote: its
// client is refused everywhere, its node is cut off, and the rest go on.
func TestMultiProcessOrgJoinsAndLeaves(t *testing.T) {
	if testing.Short() {
		t.Skip("multi-process")
	}
	start := time.Now()
	bin := buildCauseway(t)
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "net")
	c := cli{t: t, bin: bin, env: append(os.Environ(), "XDG_CONFIG_HOME="+filepath.Join(tmp, "config"))}

	// a. The founding consortium.
	c.mustT("up", "--orgs", "4", "--dir", dir, "--base-port", "0")
	t.Cleanup(func() { c.runT(30*time.Second, "down", "--dir", dir) })
	netFile := filepath.Join(dir, "network.json")

	// b. The new org's material and join request.
	orgDir := filepath.Join(tmp, "org5")
	out := c.mustT("org", "init", "org5", "--dir", orgDir)
	if !strings.Contains(out, "org5.admin") {
		t.Fatalf("org init output: %s", out)
	}
	p2p, grpcAddr, rest, admin := freePort(t), freePort(t), freePort(t), freePort(t)
	req := filepath.Join(tmp, "req.json")
	out = c.mustT("join", "request", "--org-dir", orgDir, "--node-id", "5", "--p2p", p2p, "--grpc", grpcAddr, "--rest", rest, "--admin", admin,
		"--genesis", filepath.Join(dir, "genesis.json"), "--out", req)
	nodeCfg := filepath.Join(orgDir, "nodes", "node5", "node.json")
	if !strings.Contains(out, nodeCfg) || !strings.Contains(out, "gov propose add-org") {
		t.Fatalf("join request output: %s", out)
	}

	// c. Its node starts before the vote: it syncs and waits to be admitted.
	logPath := filepath.Join(orgDir, "nodes", "node5", "node.log")
	logf, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()
	n5 := exec.Command(bin, "node", "start", "--join", "--config", nodeCfg)
	n5.Env, n5.Stdout, n5.Stderr = c.env, logf, logf
	if err := n5.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- n5.Wait() }()
	t.Cleanup(func() {
		_ = n5.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = n5.Process.Kill()
			<-exited
		}
		if t.Failed() {
			b, _ := os.ReadFile(logPath)
			if len(b) > 6000 {
				b = b[len(b)-6000:]
			}
			t.Logf("node 5 log (tail):\n%s", b)
		}
	})
	nodeLog := func() string { b, _ := os.ReadFile(logPath); return string(b) }
	eventually(t, "node 5 to wait for admission", 15*time.Second, func() (bool, string) {
		return strings.Contains(nodeLog(), "waiting to be admitted"), nodeLog()
	})

	// d. org1 proposes, org2 and org3 approve: 3 of 4 orgs.
	var prop struct {
		ID     string `json:"id"`
		Status string `json:"status"`
		Yes    int    `json:"yes"`
		Needed int    `json:"needed"`
	}
	out = c.mustT("gov", "propose", "add-org", req, "--org", "org1", "--description", "admit org5", "-o", "json")
	if err := json.Unmarshal([]byte(out), &prop); err != nil || prop.ID == "" || prop.Status != "open" || prop.Yes != 1 || prop.Needed != 3 {
		t.Fatalf("propose output %q: %v", out, err)
	}
	id := prop.ID
	out = c.mustT("gov", "vote", id, "--org", "org2")
	if !strings.Contains(out, "committed") || !strings.Contains(out, "open") {
		t.Fatalf("vote output: %s", out)
	}
	c.mustT("gov", "vote", id, "--org", "org3")
	var shown struct {
		Status          string `json:"status"`
		Yes             int    `json:"yes"`
		EffectiveHeight uint64 `json:"effective_height"`
		Votes           []struct {
			Org string `json:"org"`
		} `json:"votes"`
	}
	out = c.mustT("gov", "show", id, "-o", "json")
	if err := json.Unmarshal([]byte(out), &shown); err != nil || shown.Status != "executed" || shown.Yes != 3 || len(shown.Votes) != 3 || shown.EffectiveHeight == 0 {
		t.Fatalf("gov show: %q %v", out, err)
	}
	if out := c.mustT("gov", "list"); !strings.Contains(out, id) || !strings.Contains(out, "executed") {
		t.Fatalf("gov list: %s", out)
	}
	if out := c.mustT("gov", "config", "-o", "json"); !strings.Contains(out, `"org5"`) || !strings.Contains(out, p2p) {
		t.Fatalf("gov config lacks org5 and node 5: %s", out)
	}
	t.Logf("org5 admitted; effective from height %d (%.1fs)", shown.EffectiveHeight, time.Since(start).Seconds())

	// e. A network map that includes org5 and node 5 (and a CA bundle with
	// org5's CA), as the members and org5 would keep.
	nw, err := sdk.LoadNetwork(netFile)
	if err != nil {
		t.Fatal(err)
	}
	o5, err := consortium.LoadOrg(orgDir)
	if err != nil {
		t.Fatal(err)
	}
	bundle, err := os.ReadFile(nw.CABundle)
	if err != nil {
		t.Fatal(err)
	}
	bundle5 := filepath.Join(tmp, "ca-bundle5.pem")
	if err := os.WriteFile(bundle5, append(bundle, o5.CA.CertPEM()...), 0o644); err != nil {
		t.Fatal(err)
	}
	nw.CABundle = bundle5
	nw.Orgs = append(nw.Orgs, o5.NetworkOrg())
	nw.Nodes = append(nw.Nodes, sdk.NetworkNode{ID: 5, Org: "org5", GRPC: grpcAddr, REST: rest, Admin: admin})
	net5 := filepath.Join(tmp, "network5.json")
	if err := nw.Save(net5); err != nil {
		t.Fatal(err)
	}
	eventually(t, "node 5 to catch up and join the consensus", 45*time.Second, func() (bool, string) {
		st := c.status("--network", net5)
		var hi uint64
		for _, n := range st.Nodes {
			hi = max(hi, n.Height)
		}
		n := st.Nodes[4]
		return n.Reachable && n.Height+1 >= shown.EffectiveHeight && n.Height == hi && strings.Contains(nodeLog(), "joined the consensus"), fmt.Sprintf("%+v", st)
	})
	deposit := func(i int, args ...string) (hash string, height uint64) {
		t.Helper()
		out := c.mustT(append([]string{"tx", "evidence", "--hash", fmt.Sprintf("%064x", 1000+i), "-o", "json"}, args...)...)
		var r struct {
			TxHash string `json:"tx_hash"`
			Height uint64 `json:"height"`
		}
		if err := json.Unmarshal([]byte(out), &r); err != nil || r.TxHash == "" {
			t.Fatalf("tx output %q: %v", out, err)
		}
		return r.TxHash, r.Height
	}
	// Transactions through node 5 and the others commit, and node 5 serves
	// them to org5's own client.
	for i := 0; i < 4; i++ {
		h, _ := deposit(i, "--network", net5, "--node", strconv.Itoa([]int{4, 0, 4, 2}[i]))
		eventually(t, "node 5 to have tx "+h, 10*time.Second, func() (bool, string) {
			out, err := c.runT(10*time.Second, "tx", "get", h, "--network", net5, "--node", "4", "--org", "org5", "-o", "json")
			return err == nil && strings.Contains(out, h), fmt.Sprint(out, err)
		})
	}

	// f. kill -9 node 2: n=5 tolerates f=1, and node 5's signature is part of every quorum.
	pidb, err := os.ReadFile(filepath.Join(dir, "nodes", "node2", "node.pid"))
	if err != nil {
		t.Fatal(err)
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(pidb)))
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	var lastHeight uint64
	for i := 4; i < 8; i++ {
		_, lastHeight = deposit(i, "--network", net5, "--node", strconv.Itoa([]int{0, 4, 2, 3}[i%4]))
	}
	var blk struct {
		Block struct {
			Signatures []struct {
				Signer uint64 `json:"signer"`
			} `json:"signatures"`
		} `json:"block"`
	}
	out = c.mustT("block", "get", strconv.FormatUint(lastHeight, 10), "--network", net5, "--node", "4", "-o", "json")
	if err := json.Unmarshal([]byte(out), &blk); err != nil {
		t.Fatal(err)
	}
	signers := map[uint64]bool{}
	for _, s := range blk.Block.Signatures {
		signers[s.Signer] = true
	}
	if !signers[5] || signers[2] || len(signers) < 4 {
		t.Fatalf("block %d signed by %v; want node 5 among a quorum of 4 without node 2", lastHeight, signers)
	}
	t.Logf("with node 2 down, block %d is signed by %v (%.1fs)", lastHeight, signers, time.Since(start).Seconds())
	// Bring node 2 back the way a user would.
	c.mustT("up", "--dir", dir)

	// g. org4 is removed by vote.
	out = c.mustT("gov", "propose", "remove-org", "org4", "--network", net5, "--org", "org1", "-o", "json")
	if err := json.Unmarshal([]byte(out), &prop); err != nil || prop.Needed != 3 {
		t.Fatalf("propose remove-org: %q %v", out, err)
	}
	c.mustT("gov", "vote", prop.ID, "--network", net5, "--org", "org5", "--node", "4")
	c.mustT("gov", "vote", prop.ID, "--network", net5, "--org", "org2", "--node", "1")
	out = c.mustT("gov", "show", prop.ID, "--network", net5, "-o", "json")
	if err := json.Unmarshal([]byte(out), &shown); err != nil || shown.Status != "executed" {
		t.Fatalf("gov show: %q %v", out, err)
	}
	removedAt := shown.EffectiveHeight
	// org4's client certificate is refused by every node.
	eventually(t, "org4's client to be refused everywhere", 15*time.Second, func() (bool, string) {
		st := c.status("--network", net5, "--org", "org4")
		for _, n := range st.Nodes {
			if n.Reachable {
				return false, fmt.Sprintf("%+v", st)
			}
		}
		return true, ""
	})
	// The rest go on; node 4 is cut off from them.
	for i := 8; i < 11; i++ {
		deposit(i, "--network", net5, "--node", strconv.Itoa([]int{0, 1, 4}[i%3]))
	}
	eventually(t, "nodes 1, 2, 3 and 5 to agree, past node 4", 20*time.Second, func() (bool, string) {
		st := c.status("--network", net5)
		var hs []uint64
		for _, n := range st.Nodes {
			if n.ID != 4 && !n.Reachable {
				return false, fmt.Sprintf("%+v", st)
			}
			hs = append(hs, n.Height)
		}
		same := hs[0] == hs[1] && hs[1] == hs[2] && hs[2] == hs[4]
		return same && hs[3] < hs[0] && hs[0] > removedAt, fmt.Sprintf("%+v", st)
	})
	if out := c.mustT("gov", "config", "--network", net5); strings.Contains(out, "org4") {
		t.Fatalf("org4 still in the configuration:\n%s", out)
	}
	t.Logf("done in %.1fs", time.Since(start).Seconds())
}
