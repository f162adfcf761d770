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
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/node"
	"github.com/causeway/causeway/types"
)

// lockedBuffer collects log lines from concurrent writers.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) lines() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := strings.TrimSpace(l.b.String())
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// raiseFileLimit lifts the soft limit on open files to the hard one and
// skips the test if that is below need.
func raiseFileLimit(t *testing.T, need uint64) {
	t.Helper()
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatal(err)
	}
	if lim.Cur < lim.Max {
		old := lim.Cur
		lim.Cur = lim.Max
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { lim.Cur = old; syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim) })
	}
	if lim.Max < need {
		t.Skipf("RLIMIT_NOFILE hard limit %d is below the %d this test needs", lim.Max, need)
	}
}

// outsiderAddr is the loopback source address of outsider k (127.1.0.1 on):
// every outsider is a different address.
func outsiderAddr(k int) net.IP {
	return net.IPv4(127, byte(1+k/62500), byte(k/250%250), byte(k%250+1))
}

// metricValue scrapes name{labels...} (label match by substring) from an
// admin listener's /metrics; -1 if absent.
func metricValue(t *testing.T, admin, name, labelSubstr string) float64 {
	t.Helper()
	resp, err := http.Get("http://" + admin + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, name+"{") && strings.Contains(line, labelSubstr) {
			f := strings.Fields(line)
			v, err := strconv.ParseFloat(f[len(f)-1], 64)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
	}
	return -1
}

// An outsider without a certificate holds over 2,000 idle or half-sent
// connections (one per source address, as the cap allows, and reopened as
// soon as the node closes them) to the REST and gRPC ports of a node, and
// more from addresses already at their cap; a few idle ones also sit on
// the p2p and admin ports. Meanwhile the node answers a
// member's gRPC and REST requests and blocks commit through it. Every
// outsider connection is closed by the node's timeouts within a generous
// bound, the limiter's counts return to zero, and the node's log lines
// about refusals stay within the configured rate.
func TestOutsiderConnectionsDoNotStarveMembers(t *testing.T) {
	if testing.Short() {
		t.Skip("opens thousands of connections")
	}
	const (
		idleREST, helloREST, slowREST = 850, 500, 150 // 1,500 REST outsiders
		idleGRPC, helloGRPC           = 900, 600      // 1,500 gRPC outsiders
		extraPerPort                  = 100           // addresses that open 3 connections
		noCertGRPC                    = 20            // TLS without a certificate on gRPC
		held                          = 2000
		timeout                       = 2 * time.Second
		burst                         = 5
		interval                      = time.Second
		bound                         = 20 * time.Second // "eventually" for each close
	)
	raiseFileLimit(t, 8000)

	var logs lockedBuffer
	began := time.Now()
	c := testnet.New(t, testnet.Options{Nodes: 4,
		Configure: func(i int, cfg *node.Config) {
			cfg.Limits = node.Limits{
				HandshakeTimeout: node.Duration(timeout), ReadHeaderTimeout: node.Duration(timeout),
				MaxUnauthenticated: 3000, MaxUnauthenticatedPerIP: 1, PendingPerIP: 1,
				RefusalLogBurst: burst, RefusalLogInterval: node.Duration(interval),
			}
			if i == 0 {
				cfg.AdminListen = "127.0.0.1:0"
			}
		},
		LogHandler: func(i int) slog.Handler {
			if i == 0 {
				return slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn})
			}
			return slog.NewTextHandler(io.Discard, nil)
		},
	})
	t.Cleanup(func() {
		if t.Failed() {
			for _, l := range logs.lines() {
				if !strings.Contains(l, "127.1.") {
					t.Log(l)
				}
			}
		}
	})
	n0 := c.Node(0)
	restAddr, grpcAddr, admin := n0.Addr("rest"), n0.Addr("grpc"), n0.Addr("admin")

	bundle, err := os.ReadFile(c.Network.CABundle)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(bundle)
	anonTLS := &tls.Config{RootCAs: pool, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS13, NextProtos: []string{"http/1.1"}}

	var (
		open      atomic.Int64 // outsider connections open now
		attacking atomic.Bool
		failures  = make(chan error, 100)
		wg        sync.WaitGroup
	)
	attacking.Store(true)
	fail := func(err error) {
		select {
		case failures <- err:
		default:
		}
	}
	// outsider k keeps one connection of the given kind to addr open while
	// the attack lasts (reopening it when the node closes it); each
	// connection must be closed by the node within bound. once: open one
	// connection only.
	outsider := func(k int, addr, kind string, once bool) {
		defer wg.Done()
		d := net.Dialer{LocalAddr: &net.TCPAddr{IP: outsiderAddr(k)}, Timeout: 10 * time.Second}
		if !once {
			// Staggered starts spread the node's closes over the timeout,
			// so the outsiders' reopened connections keep the count steady.
			time.Sleep(time.Duration(k%20) * timeout / 20)
		}
		for first := true; first || (!once && attacking.Load()); first = false {
			conn, err := d.Dial("tcp", addr)
			if err != nil {
				fail(fmt.Errorf("outsider %d (%s): dial: %w", k, kind, err))
				return
			}
			opened := time.Now()
			open.Add(1)
			stop := make(chan struct{})
			var rd io.Reader = conn
			switch kind {
			case "hello": // a TLS record header announcing 512 bytes, and 10 of them
				conn.Write(append([]byte{0x16, 0x03, 0x01, 0x02, 0x00}, bytes.Repeat([]byte{1}, 10)...))
			case "slowloris": // TLS without a certificate, then a header one byte at a time
				tc := tls.Client(conn, anonTLS)
				tc.SetDeadline(time.Now().Add(bound))
				if err := tc.Handshake(); err != nil {
					break // closed during the handshake: counted below
				}
				tc.SetDeadline(time.Time{})
				rd = tc
				tc.Write([]byte("GET /v1/health HTTP/1.1\r\nHost: node\r\n"))
				go func() {
					for {
						select {
						case <-stop:
							return
						case <-time.After(300 * time.Millisecond):
						}
						if _, err := tc.Write([]byte("x")); err != nil {
							return
						}
					}
				}()
			case "nocert":
				tc := tls.Client(conn, &tls.Config{RootCAs: pool, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS13, NextProtos: []string{"h2"}})
				tc.SetDeadline(time.Now().Add(bound))
				if tc.Handshake() == nil {
					rd = tc
				}
			}
			conn.SetReadDeadline(time.Now().Add(bound))
			_, err = io.Copy(io.Discard, rd)
			close(stop)
			conn.Close()
			open.Add(-1)
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				fail(fmt.Errorf("outsider %d (%s): connection still open %s after it was opened", k, kind, bound))
				return
			}
			if lived := time.Since(opened); lived < 100*time.Millisecond && !once {
				time.Sleep(200 * time.Millisecond) // refused at once: do not spin
			}
		}
	}
	k := 0
	start := func(count int, addr, kind string, once bool) {
		for i := 0; i < count; i++ {
			wg.Add(1)
			go outsider(k, addr, kind, once)
			k++
			if k%200 == 0 {
				time.Sleep(20 * time.Millisecond) // pace the dials a little
			}
		}
	}
	start(idleREST, restAddr, "idle", false)
	start(helloREST, restAddr, "hello", false)
	start(slowREST, restAddr, "slowloris", false)
	start(idleGRPC, grpcAddr, "idle", false)
	start(helloGRPC, grpcAddr, "hello", false)
	start(noCertGRPC, grpcAddr, "nocert", false)
	// Addresses already holding a connection open two more each: one waits
	// for the address's slot, the next is refused at once.
	for _, base := range []int{0, idleREST + helloREST + slowREST} {
		for i := 0; i < extraPerPort; i++ {
			for j := 0; j < 2; j++ {
				addr := restAddr
				if base > 0 {
					addr = grpcAddr
				}
				wg.Add(1)
				go outsider(base+i, addr, "idle", true)
			}
		}
	}
	// The p2p and admin ports get idle outsiders too (one connection each).
	for i := 0; i < 50; i++ {
		wg.Add(2)
		go outsider(k, n0.Addr("p2p"), "idle", true)
		go outsider(k+1, admin, "idle", true)
		k += 2
	}
	deadline := time.Now().Add(bound)
	for open.Load() < 2800 {
		if time.Now().After(deadline) {
			t.Fatalf("outsiders hold only %d connections", open.Load())
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("outsiders hold %d connections", open.Load())

	// A member is served meanwhile, over gRPC and REST, and blocks commit.
	cl := c.Client(0)
	acct := c.Account(0)
	opt := c.TxOptions()
	h0 := n0.Head().Height
	var minHeld int64 = 1 << 62
	orgDir := c.Network.Dir
	o := c.Network.Orgs[0]
	path := func(p string) string {
		if filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(orgDir, p)
	}
	memberCert, err := tls.LoadX509KeyPair(path(o.Client.Cert), path(o.Client.Key))
	if err != nil {
		t.Fatal(err)
	}
	hc := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{
		RootCAs: pool, ServerName: "127.0.0.1", Certificates: []tls.Certificate{memberCert}, MinVersion: tls.VersionTLS13}}}
	for i := 0; i < 5; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		r, err := cl.SubmitAndWait(ctx, evidenceTx(t, acct, opt, fmt.Sprintf("under attack %d", i)))
		cancel()
		if err != nil {
			t.Fatalf("member's transaction %d: %v", i, err)
		}
		if r.Receipt.Status != types.ReceiptStatus_SUCCESS {
			t.Fatalf("member's transaction %d: %s", i, r.Receipt.Error)
		}
		resp, err := hc.Get("https://" + restAddr + "/v1/status")
		if err != nil {
			t.Fatalf("member's REST request %d: %v", i, err)
		}
		var st map[string]any
		json.NewDecoder(resp.Body).Decode(&st)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("member's REST request %d: %s", i, resp.Status)
		}
		minHeld = min(minHeld, open.Load())
	}
	if minHeld < held {
		t.Fatalf("the outsiders held only %d connections while the member was served, want %d", minHeld, held)
	}
	if h := n0.Head().Height; h < h0+5 {
		t.Fatalf("height %d -> %d: blocks did not commit", h0, h)
	}
	if err := c.WaitHeight(n0.Head().Height, 20*time.Second); err != nil {
		t.Fatal(err)
	}
	held0 := metricValue(t, admin, "causeway_listener_unauthenticated_connections", `listener="rest"`) +
		metricValue(t, admin, "causeway_listener_unauthenticated_connections", `listener="grpc"`)
	t.Logf("member served: %d blocks committed while outsiders held at least %d connections (node counts %v unauthenticated)",
		n0.Head().Height-h0, minHeld, held0)

	// The attack stops: every connection still open is closed by the timeouts.
	attacking.Store(false)
	wg.Wait()
	close(failures)
	for err := range failures {
		t.Error(err)
	}
	if t.Failed() {
		return
	}
	for _, l := range []string{"rest", "grpc"} {
		deadline := time.Now().Add(bound)
		for metricValue(t, admin, "causeway_listener_unauthenticated_connections", `listener="`+l+`"`) != 0 {
			if time.Now().After(deadline) {
				t.Fatalf("%s listener still counts unauthenticated connections", l)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	refused := metricValue(t, admin, "causeway_listener_refused_total", `listener="rest"`) +
		metricValue(t, admin, "causeway_listener_refused_total", `listener="grpc"`)

	// Refusal logging within its rate: per listener, at most the burst per
	// interval plus one summary per interval.
	elapsed := time.Since(began)
	intervals := int(elapsed/interval) + 1
	perListener := map[string]int{}
	summarised := 0.0
	outsiderLines := 0
	for _, line := range logs.lines() {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line not JSON: %q", line)
		}
		if strings.Contains(line, `"remote":"127.1.`) || strings.Contains(line, "127.1.") {
			outsiderLines++
		}
		if rec["component"] != "netlimit" {
			continue
		}
		perListener[fmt.Sprint(rec["listener"])]++
		if rec["msg"] == "refusals suppressed" {
			summarised += rec["count"].(float64)
		}
	}
	limit := burst*intervals + intervals
	for l, n := range perListener {
		if n > limit {
			t.Errorf("listener %s wrote %d refusal lines in %s, the rate allows %d", l, n, elapsed.Round(time.Second), limit)
		}
	}
	if total := perListener["rest"] + perListener["grpc"]; outsiderLines > total {
		t.Errorf("%d log lines name outsiders, but only %d came through the refusal logs", outsiderLines, total)
	}
	if summarised == 0 || refused < held {
		t.Fatalf("refusals: %v counted, %v summarised: the outsiders were not refused in bulk", refused, summarised)
	}
	t.Logf("%v refusals in %s: %v log lines (rest %d, grpc %d), %v summarised", refused, elapsed.Round(time.Second),
		perListener["rest"]+perListener["grpc"]+perListener["p2p"], perListener["rest"], perListener["grpc"], summarised)
}
