package node_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/node"
	"github.com/causeway/causeway/types"
)

// sample is one line of the Prometheus text exposition.
type sample struct {
	name   string
	labels map[string]string
	value  float64
}

var labelRE = regexp.MustCompile(`([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"`)

// scrape reads an admin listener's /metrics.
func scrape(t *testing.T, admin string) []sample {
	t.Helper()
	resp, err := http.Get("http://" + admin + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/metrics: %s", resp.Status)
	}
	var out []sample
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		s := sample{labels: map[string]string{}}
		rest := line
		if i := strings.IndexAny(line, "{ "); i >= 0 {
			s.name = line[:i]
			rest = line[i:]
		}
		if strings.HasPrefix(rest, "{") {
			end := strings.LastIndex(rest, "}")
			for _, m := range labelRE.FindAllStringSubmatch(rest[1:end], -1) {
				s.labels[m[1]] = m[2]
			}
			rest = rest[end+1:]
		}
		f := strings.Fields(rest)
		v, err := strconv.ParseFloat(f[0], 64)
		if err != nil {
			t.Fatalf("bad sample %q: %v", line, err)
		}
		s.value = v
		out = append(out, s)
	}
	return out
}

// find returns the value of the first sample named name whose labels
// include want, and whether there is one.
func find(ss []sample, name string, want map[string]string) (float64, bool) {
next:
	for _, s := range ss {
		if s.name != name {
			continue
		}
		for k, v := range want {
			if s.labels[k] != v {
				continue next
			}
		}
		return s.value, true
	}
	return 0, false
}

var (
	promStringRE  = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)
	promMatcherRE = regexp.MustCompile(`\{[^{}]*\}`)
	promGroupRE   = regexp.MustCompile(`\b(by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)`)
	promRangeRE   = regexp.MustCompile(`\[[^\]]*\]`)
	labelValuesRE = regexp.MustCompile(`label_values\(([^,()]*),\s*[a-zA-Z_][a-zA-Z0-9_]*\s*\)`)
	promIdentRE   = regexp.MustCompile(`[a-zA-Z_:][a-zA-Z0-9_:]*`)
	promKeywords  = map[string]bool{"by": true, "without": true, "on": true, "ignoring": true, "group_left": true,
		"group_right": true, "bool": true, "and": true, "or": true, "unless": true, "offset": true}
)

// promMetricNames returns the metric names a PromQL expression (or a
// Grafana label_values query) reads.
func promMetricNames(expr string) []string {
	e := labelValuesRE.ReplaceAllString(expr, "($1)")
	e = promStringRE.ReplaceAllString(e, `""`)
	e = promMatcherRE.ReplaceAllString(e, " ")
	e = promGroupRE.ReplaceAllString(e, " ")
	e = promRangeRE.ReplaceAllString(e, " ")
	var out []string
	for _, loc := range promIdentRE.FindAllStringIndex(e, -1) {
		tok := e[loc[0]:loc[1]]
		after := strings.TrimLeft(e[loc[1]:], " \t\n")
		if strings.HasPrefix(after, "(") || promKeywords[tok] {
			continue // a function or a keyword
		}
		if loc[0] > 0 && (e[loc[0]-1] >= '0' && e[loc[0]-1] <= '9' || e[loc[0]-1] == '.' || e[loc[0]-1] == '$') {
			continue // a number's exponent or a Grafana variable
		}
		out = append(out, tok)
	}
	return out
}

// dashboardQueries returns every query string of a Grafana dashboard:
// panel targets' expr and templating queries.
func dashboardQueries(v any, out *[]string) {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			switch s := x.(type) {
			case string:
				if k == "expr" || (k == "query" && strings.Contains(s, "(")) || k == "definition" {
					*out = append(*out, s)
				}
			default:
				dashboardQueries(x, out)
			}
		}
	case []any:
		for _, x := range t {
			dashboardQueries(x, out)
		}
	}
}

// The operator's view of a running consortium: every metric the shipped
// Grafana dashboard queries is exposed by a node's /metrics, every series
// carries the chain and node labels, requests are counted by transport,
// method and code with their latency, peers, leader and sync progress are
// right, a view change (the leader stopped) is counted, and a node
// configured for JSON logs writes one JSON object per line.
func TestOperatorMetricsAndDashboard(t *testing.T) {
	var logs lockedBuffer
	c := testnet.New(t, testnet.Options{Nodes: 4,
		Configure: func(i int, cfg *node.Config) {
			cfg.AdminListen = "127.0.0.1:0"
			cfg.LogFormat = node.LogJSON
		},
		LogHandler: func(i int) slog.Handler {
			w := io.Writer(io.Discard)
			if i == 1 {
				w = &logs
			}
			// What `causeway node start` does with log_format json.
			log, err := node.NewLogger(w, node.LogJSON, "info")
			if err != nil {
				t.Fatal(err)
			}
			return log.Handler()
		},
	})
	leader := c.Leader()
	for i := 0; leader < 0 && i < 100; i++ {
		time.Sleep(50 * time.Millisecond)
		leader = c.Leader()
	}
	if leader < 0 {
		t.Fatal("no leader")
	}
	s := (leader + 1) % 4 // the node scraped: not the leader, which is stopped later
	n := c.Node(s)
	admin := n.Addr("admin")
	chain := c.Network.ChainID
	self := strconv.FormatUint(n.ID(), 10)

	// Requests over gRPC and REST, from a member and from an anonymous caller.
	cl := c.Client(s)
	if _, err := cl.Status(context.Background()); err != nil {
		t.Fatal(err)
	}
	submitAll(t, cl, []*types.Transaction{evidenceTx(t, c.Account(s), c.TxOptions(), "metrics")}, 1)
	bundle, err := os.ReadFile(c.Network.CABundle)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(bundle)
	o := c.Network.Orgs[s]
	abs := func(p string) string {
		if filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(c.Network.Dir, p)
	}
	cert, err := tls.LoadX509KeyPair(abs(o.Client.Cert), abs(o.Client.Key))
	if err != nil {
		t.Fatal(err)
	}
	get := func(certs []tls.Certificate, path string) int {
		hc := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{
			RootCAs: pool, ServerName: "127.0.0.1", Certificates: certs, MinVersion: tls.VersionTLS13}}}
		resp, err := hc.Get("https://" + n.Addr("rest") + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := get([]tls.Certificate{cert}, "/v1/status"); code != 200 {
		t.Fatalf("member REST status: %d", code)
	}
	if code := get(nil, "/v1/health"); code != 200 {
		t.Fatalf("anonymous health: %d", code)
	}
	if code := get(nil, "/v1/status"); code != 401 {
		t.Fatalf("anonymous status: %d", code)
	}

	var ss []sample
	waitFor(t, "peer links and heights in the metrics", 15*time.Second, func() bool {
		ss = scrape(t, admin)
		v, _ := find(ss, "causeway_p2p_peers_connected", nil)
		_, polled := find(ss, "causeway_sync_peer_height", nil)
		return v == 3 && polled
	})

	t.Run("dashboard uses only exposed metrics", func(t *testing.T) {
		exposed := map[string]bool{}
		for _, x := range ss {
			exposed[x.name] = true
		}
		raw, err := os.ReadFile(filepath.Join("..", "deploy", "grafana", "causeway.json"))
		if err != nil {
			t.Fatal(err)
		}
		var dash any
		if err := json.Unmarshal(raw, &dash); err != nil {
			t.Fatalf("dashboard is not JSON: %v", err)
		}
		var queries []string
		dashboardQueries(dash, &queries)
		used := map[string]bool{}
		for _, q := range queries {
			for _, name := range promMetricNames(q) {
				used[name] = true
			}
		}
		if len(used) < 25 {
			t.Fatalf("found only %d metric names in %d dashboard queries: %v", len(used), len(queries), used)
		}
		var missing []string
		for name := range used {
			if !exposed[name] {
				missing = append(missing, name)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Fatalf("the dashboard queries metrics a node does not expose: %v", missing)
		}
		t.Logf("%d dashboard queries use %d metrics, all exposed", len(queries), len(used))
	})

	t.Run("every series is labelled with chain and node", func(t *testing.T) {
		for _, x := range ss {
			if x.labels["chain"] != chain || x.labels["node"] != self {
				t.Fatalf("%s%v: want chain=%q node=%q", x.name, x.labels, chain, self)
			}
		}
	})

	t.Run("requests by transport, method and code, with latency", func(t *testing.T) {
		for _, want := range []map[string]string{
			{"transport": "grpc", "method": "/causeway.v1.Chain/SubmitTx", "code": "OK"},
			{"transport": "grpc", "method": "/causeway.v1.Chain/Status", "code": "OK"},
			{"transport": "rest", "method": "/causeway.v1.Chain/Status", "code": "200"},
			{"transport": "rest", "method": "/causeway.v1.Chain/Health", "code": "200"},
			{"transport": "rest", "method": "unknown", "code": "401"},
		} {
			if v, ok := find(ss, "causeway_requests_total", want); !ok || v < 1 {
				t.Errorf("causeway_requests_total%v = %v (present %v)", want, v, ok)
			}
			if v, ok := find(ss, "causeway_request_duration_seconds_count", want); !ok || v < 1 {
				t.Errorf("causeway_request_duration_seconds_count%v = %v (present %v)", want, v, ok)
			}
		}
	})

	t.Run("leader, peers and sync progress", func(t *testing.T) {
		lid := float64(c.Node(leader).ID())
		if v, _ := find(ss, "causeway_consensus_leader", nil); v != lid {
			t.Errorf("leader gauge %v, want %v", v, lid)
		}
		if v, _ := find(ss, "causeway_consensus_is_leader", nil); v != 0 {
			t.Errorf("is_leader %v on a follower", v)
		}
		for i := 0; i < 4; i++ {
			if i == s {
				continue
			}
			peer := strconv.FormatUint(c.Node(i).ID(), 10)
			if v, ok := find(ss, "causeway_p2p_peer_connected", map[string]string{"peer": peer}); !ok || v != 1 {
				t.Errorf("peer %s connected = %v (present %v)", peer, v, ok)
			}
		}
		h, _ := find(ss, "causeway_height", nil)
		target, _ := find(ss, "causeway_sync_target_height", nil)
		behind, _ := find(ss, "causeway_sync_behind_blocks", nil)
		if h < 1 || target < h || behind != target-h {
			t.Errorf("height %v, sync target %v, behind %v", h, target, behind)
		}
	})

	t.Run("view change counted", func(t *testing.T) {
		before, _ := find(scrape(t, admin), "causeway_consensus_view_changes_total", nil)
		old := c.Node(leader).ID()
		c.Stop(leader)
		// A transaction commits only after the others change view.
		submitAll(t, cl, []*types.Transaction{evidenceTx(t, c.Account(s), c.TxOptions(), "after the leader stopped")}, 1)
		var after, view, lead, connected float64
		waitFor(t, "the view change in the metrics", 20*time.Second, func() bool {
			ss := scrape(t, admin)
			after, _ = find(ss, "causeway_consensus_view_changes_total", nil)
			view, _ = find(ss, "causeway_consensus_view", nil)
			lead, _ = find(ss, "causeway_consensus_leader", nil)
			connected, _ = find(ss, "causeway_p2p_peers_connected", nil)
			return after >= before+1 && lead != float64(old) && lead != 0 && connected == 2
		})
		t.Logf("view changes %v -> %v, view %v, leader %d -> %v, peers connected %v", before, after, view, old, lead, connected)
	})

	t.Run("JSON logs", func(t *testing.T) {
		lines := logs.lines()
		if len(lines) == 0 {
			t.Fatal("no log lines")
		}
		for _, line := range lines {
			var rec map[string]any
			if err := json.Unmarshal([]byte(line), &rec); err != nil {
				t.Fatalf("not a JSON object: %q", line)
			}
			for _, k := range []string{"time", "level", "msg", "node"} {
				if _, ok := rec[k]; !ok {
					t.Fatalf("log line without %q: %s", k, line)
				}
			}
			if _, err := time.Parse(time.RFC3339Nano, fmt.Sprint(rec["time"])); err != nil {
				t.Fatalf("time %v is not RFC 3339: %v", rec["time"], err)
			}
		}
		if !bytes.Contains([]byte(strings.Join(lines, "\n")), []byte(`"msg":"node started"`)) {
			t.Fatal("no \"node started\" line")
		}
	})
}

// NewLogger writes text or JSON and refuses other formats with a typed error.
func TestNewLogger(t *testing.T) {
	var buf bytes.Buffer
	log, err := node.NewLogger(&buf, "json", "debug")
	if err != nil {
		t.Fatal(err)
	}
	log.Debug("hello", "k", 1)
	var rec map[string]any
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil || rec["msg"] != "hello" || rec["k"] != float64(1) || rec["level"] != "DEBUG" {
		t.Fatalf("json line %q: %v", buf.String(), err)
	}
	buf.Reset()
	log, _ = node.NewLogger(&buf, "", "")
	log.Debug("hidden")
	log.Info("shown")
	if s := buf.String(); strings.Contains(s, "hidden") || !strings.Contains(s, "level=INFO msg=shown") {
		t.Fatalf("text log %q", s)
	}
	if _, err := node.NewLogger(&buf, "xml", ""); !errors.Is(err, node.ErrLogFormat) {
		t.Fatalf("format xml: %v", err)
	}
	if _, err := node.NewLogger(&buf, "json", "loud"); err == nil {
		t.Fatal("level loud accepted")
	}
}
