package main_test

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
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

	"github.com/causeway/causeway/api/openapicheck"
)

// The CLI is compiled once per test run (sharedBuild) and hard-linked
// into each test's own folder: a test's nodes write their OpenAPI
// violations beside the executable they run as, so each test still reads
// only its own.
var sharedBuild struct {
	once sync.Once
	dir  string
	bin  string
	err  error
}

// TestMain checks every REST request and response of the package's tests
// (nodes started in process serve REST) against api/openapi.yaml, and at
// the end deletes the CLI the multi-process tests shared.
func TestMain(m *testing.M) {
	code := openapicheck.Main(m)
	if sharedBuild.dir != "" {
		os.RemoveAll(sharedBuild.dir)
	}
	os.Exit(code)
}

// buildCauseway returns the CLI for a test, compiled with -tags
// openapicheck: the nodes it runs check every REST exchange against
// api/openapi.yaml, and the test fails at its end if any strayed.
func buildCauseway(t *testing.T) string {
	t.Helper()
	sharedBuild.once.Do(func() {
		sharedBuild.dir, sharedBuild.err = os.MkdirTemp("", "causeway-cli-")
		if sharedBuild.err != nil {
			return
		}
		sharedBuild.bin = filepath.Join(sharedBuild.dir, "causeway")
		cmd := exec.Command("go", "build", "-tags", "openapicheck", "-o", sharedBuild.bin, ".")
		cmd.Stderr = os.Stderr
		sharedBuild.err = cmd.Run()
	})
	if sharedBuild.err != nil {
		t.Fatalf("build: %v", sharedBuild.err)
	}
	bin := filepath.Join(t.TempDir(), "causeway")
	if err := os.Link(sharedBuild.bin, bin); err != nil {
		b, rerr := os.ReadFile(sharedBuild.bin)
		if rerr != nil {
			t.Fatalf("link the CLI: %v; read it: %v", err, rerr)
		}
		if err := os.WriteFile(bin, b, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		if b, err := os.ReadFile(filepath.Join(filepath.Dir(bin), "openapi-violations.log")); err == nil && len(b) > 0 {
			t.Errorf("REST exchanges with the nodes strayed from api/openapi.yaml:\n%s", b)
		}
	})
	return bin
}

type cli struct {
	t   *testing.T
	bin string
	env []string
}

func (c cli) run(args ...string) (string, error) {
	cmd := exec.Command(c.bin, args...)
	cmd.Env = c.env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if err != nil {
		return out.String(), fmt.Errorf("causeway %s: %v\n%s%s", strings.Join(args, " "), err, out.String(), errb.String())
	}
	return out.String(), nil
}

func (c cli) must(args ...string) string {
	c.t.Helper()
	out, err := c.run(args...)
	if err != nil {
		c.t.Fatal(err)
	}
	return out
}

// As a user would: causeway up, transactions through the CLI, kill -9 on a
// node process, restart it with causeway up, and every acknowledged
// transaction is on every node.
func TestMultiProcessKillAndRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("multi-process")
	}
	bin := buildCauseway(t)
	dir := filepath.Join(t.TempDir(), "net")
	c := cli{t: t, bin: bin, env: append(os.Environ(), "XDG_CONFIG_HOME="+t.TempDir())}
	out := c.must("up", "--dir", dir, "--base-port", "0")
	t.Log(out)
	t.Cleanup(func() { c.run("down", "--dir", dir) })

	// network.json has the documented shape.
	var nw struct {
		ChainID string `json:"chain_id"`
		Nodes   []struct {
			ID   uint64 `json:"id"`
			Org  string `json:"org"`
			GRPC string `json:"grpc"`
			REST string `json:"rest"`
		} `json:"nodes"`
		Orgs []struct {
			Name   string `json:"name"`
			CA     string `json:"ca"`
			Admin  struct{ Cert, Key string }
			Client struct{ Cert, Key string }
		} `json:"orgs"`
		CABundle string `json:"ca_bundle"`
	}
	raw, err := os.ReadFile(filepath.Join(dir, "network.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &nw); err != nil {
		t.Fatal(err)
	}
	if nw.ChainID == "" || len(nw.Nodes) != 4 || len(nw.Orgs) != 4 || nw.CABundle == "" || nw.Orgs[0].Client.Cert == "" || nw.Nodes[0].REST == "" {
		t.Fatalf("network.json lacks fields: %s", raw)
	}
	for _, p := range []string{nw.CABundle, nw.Orgs[1].Client.Cert, nw.Orgs[1].Admin.Key, nw.Orgs[1].CA} {
		if filepath.IsAbs(p) {
			t.Fatalf("path %s in network.json is not relative", p)
		}
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Fatal(err)
		}
	}

	var acked []string
	deposit := func(i int, node int) {
		t.Helper()
		out := c.must("tx", "evidence", "--hash", fmt.Sprintf("%064x", i+1), "--meta", "n="+strconv.Itoa(i), "--node", strconv.Itoa(node), "-o", "json")
		var r struct {
			TxHash string `json:"tx_hash"`
			Height uint64 `json:"height"`
		}
		if err := json.Unmarshal([]byte(out), &r); err != nil || r.TxHash == "" {
			t.Fatalf("tx output %q: %v", out, err)
		}
		acked = append(acked, r.TxHash)
	}
	for i := 0; i < 10; i++ {
		deposit(i, i%4)
	}

	// REST, as a tool would use it (the nodes check each exchange against
	// api/openapi.yaml; see buildCauseway).
	rest := restClient(t, dir, nw.CABundle, nw.Orgs[0].Client.Cert, nw.Orgs[0].Client.Key)
	anon := restClient(t, dir, nw.CABundle, "", "")
	base := "https://" + nw.Nodes[0].REST
	for _, c := range []struct {
		client *http.Client
		path   string
		want   int
	}{
		{rest, "/v1/status", http.StatusOK},
		{rest, "/v1/txs/" + acked[0], http.StatusOK},
		{rest, "/v1/blocks/1", http.StatusOK},
		{rest, "/v1/txs/zz", http.StatusBadRequest},
		{anon, "/v1/health", http.StatusOK},
		{anon, "/v1/status", http.StatusUnauthorized},
	} {
		resp, err := c.client.Get(base + c.path)
		if err != nil {
			t.Fatalf("GET %s: %v", c.path, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.want {
			t.Fatalf("GET %s: %d %s, want %d", c.path, resp.StatusCode, body, c.want)
		}
	}

	// kill -9 node 2.
	pidb, err := os.ReadFile(filepath.Join(dir, "nodes", "node2", "node.pid"))
	if err != nil {
		t.Fatal(err)
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(pidb)))
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	for i := 10; i < 20; i++ {
		deposit(i, []int{0, 2, 3}[i%3])
	}
	// status shows the killed node and exits non-zero.
	status, err := c.run("status", "-o", "json")
	if err == nil || !strings.Contains(status, `"reachable": false`) {
		t.Fatalf("status with a killed node: %v: %s", err, status)
	}

	// Restart it the way a user would.
	c.must("up", "--dir", dir)
	deadline := time.Now().Add(60 * time.Second)
	for {
		var st struct {
			Nodes []struct {
				ID     uint64 `json:"id"`
				Height uint64 `json:"height"`
			} `json:"nodes"`
		}
		out, _ := c.run("status", "-o", "json") // non-zero until every node answers
		if err := json.Unmarshal([]byte(out), &st); err != nil {
			t.Fatal(err)
		}
		low, high := st.Nodes[0].Height, st.Nodes[0].Height
		for _, n := range st.Nodes {
			low, high = min(low, n.Height), max(high, n.Height)
		}
		if low == high && low > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("nodes did not converge: %s", out)
		}
		time.Sleep(200 * time.Millisecond)
	}
	// Every acknowledged transaction is on the restarted node (and the others).
	for _, h := range acked {
		for node := 0; node < 4; node++ {
			out := c.must("tx", "get", h, "--node", strconv.Itoa(node), "-o", "json")
			if !strings.Contains(out, h) {
				t.Fatalf("node %d lost tx %s: %s", node, h, out)
			}
		}
	}
	c.must("down", "--dir", dir)
}

// restClient returns an HTTPS client of the nodes' REST endpoints trusting
// the CA bundle, presenting the certificate and key (paths relative to
// dir; "" for none).
func restClient(t *testing.T, dir, caBundle, cert, key string) *http.Client {
	t.Helper()
	pool := x509.NewCertPool()
	ca, err := os.ReadFile(filepath.Join(dir, caBundle))
	if err != nil || !pool.AppendCertsFromPEM(ca) {
		t.Fatalf("CA bundle: %v", err)
	}
	conf := &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}
	if cert != "" {
		pair, err := tls.LoadX509KeyPair(filepath.Join(dir, cert), filepath.Join(dir, key))
		if err != nil {
			t.Fatal(err)
		}
		conf.Certificates = []tls.Certificate{pair}
	}
	tr := &http.Transport{TLSClientConfig: conf}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 20 * time.Second}
}
