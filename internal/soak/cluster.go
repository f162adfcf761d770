package soak

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/causeway/causeway/consortium"
	"github.com/causeway/causeway/node"
	"github.com/causeway/causeway/sdk"
)

// Build compiles the causeway command into dir and returns the path of the
// executable. It runs `go build`, so it needs the Go toolchain and the
// module's source (a test's working directory is inside the module).
func Build(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "causeway")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/causeway/causeway/cmd/causeway")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build causeway: %v\n%s", err, out)
	}
	return bin, nil
}

// cluster is a generated 4-org consortium whose nodes run as separate
// `causeway node start` processes, every peer link through a Link.
type cluster struct {
	bin   string
	dir   string
	nw    *sdk.Network
	nodes []*proc
	// links[i][j] carries what node i+1 dials to reach node j+1 (nil on
	// the diagonal).
	links [][]*Link
}

// proc is one node's process.
type proc struct {
	id      uint64
	config  string
	logPath string

	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{}
}

// newCluster generates a consortium of n orgs in dir and rewrites each
// node's configuration so that it reaches its peers through Links.
func newCluster(bin, dir string, n int) (*cluster, error) {
	base, err := basePort(n * 10)
	if err != nil {
		return nil, err
	}
	l, err := consortium.Generate(consortium.Options{Dir: filepath.Join(dir, "net"), Orgs: n, ChainID: "causeway-soak", BasePort: base})
	if err != nil {
		return nil, fmt.Errorf("generate the consortium: %w", err)
	}
	c := &cluster{bin: bin, dir: l.Dir, nw: l.Network}
	p2p := make([]string, n)
	for i, path := range l.NodeConfigs {
		cfg, err := node.LoadConfig(path)
		if err != nil {
			return nil, err
		}
		p2p[i] = cfg.P2PListen
	}
	c.links = make([][]*Link, n)
	for i := range n {
		c.links[i] = make([]*Link, n)
		for j := range n {
			if i == j {
				continue
			}
			lk, err := NewLink(uint64(i+1), uint64(j+1), p2p[j])
			if err != nil {
				c.closeLinks()
				return nil, err
			}
			c.links[i][j] = lk
		}
	}
	for i, path := range l.NodeConfigs {
		if err := c.routeThroughLinks(path, i); err != nil {
			c.closeLinks()
			return nil, err
		}
		c.nodes = append(c.nodes, &proc{id: uint64(i + 1), config: path, logPath: filepath.Join(filepath.Dir(path), "node.log")})
	}
	return c, nil
}

// dumpGoroutines saves node id's goroutine stacks (its admin endpoint's
// /debug/pprof/goroutine?debug=2) beside its log, and returns the file's
// path, or why there is none.
func (c *cluster) dumpGoroutines(id uint64) string {
	admin := c.nw.Nodes[id-1].Admin
	if admin == "" {
		return "none (the node has no admin endpoint)"
	}
	cl := &http.Client{Timeout: 10 * time.Second}
	resp, err := cl.Get("http://" + admin + "/debug/pprof/goroutine?debug=2")
	if err != nil {
		return "none: " + err.Error()
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return "none: " + err.Error()
	}
	path := filepath.Join(filepath.Dir(c.nodes[id-1].logPath), fmt.Sprintf("goroutines-%s.txt", time.Now().Format("150405.000")))
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return "none: " + err.Error()
	}
	return path
}

// basePort finds span free ports in a row below the kernel's ephemeral
// range. Nodes are restarted on their ports again and again; a port from
// the ephemeral range (what port 0 gives) could meanwhile be taken as the
// source port of some outgoing connection (a client, a proxy), and the
// node would not start.
func basePort(span int) (int, error) {
	low := 32768
	if b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range"); err == nil {
		if f := strings.Fields(string(b)); len(f) == 2 {
			if v, err := strconv.Atoi(f[0]); err == nil {
				low = v
			}
		}
	}
	lo, hi := 10000, low-span
	if hi <= lo {
		return 0, fmt.Errorf("no room for %d ports below the ephemeral range (from %d)", span, low)
	}
	for range 100 {
		base := lo + rand.IntN(hi-lo)
		var ls []net.Listener
		ok := true
		for p := base; p < base+span; p++ {
			l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(p)))
			if err != nil {
				ok = false
				break
			}
			ls = append(ls, l)
		}
		for _, l := range ls {
			l.Close()
		}
		if ok {
			return base, nil
		}
	}
	return 0, fmt.Errorf("no %d free ports in a row between %d and %d", span, lo, hi)
}

// routeThroughLinks sets peer_addresses in node i's configuration file.
func (c *cluster) routeThroughLinks(path string, i int) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	cfg := &node.Config{}
	if err := json.Unmarshal(b, cfg); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	cfg.PeerAddresses = map[uint64]string{}
	for j, lk := range c.links[i] {
		if lk != nil {
			cfg.PeerAddresses[uint64(j+1)] = lk.Addr()
		}
	}
	return cfg.Save(path)
}

func (c *cluster) closeLinks() {
	for _, row := range c.links {
		for _, lk := range row {
			if lk != nil {
				lk.Close()
			}
		}
	}
}

// start runs the node's process, appending its output to its log.
func (p *proc) start(bin string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cmd != nil {
		return fmt.Errorf("node %d is already running", p.id)
	}
	logf, err := os.OpenFile(p.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	fmt.Fprintf(logf, "=== soak: start node %d at %s\n", p.id, time.Now().Format(time.RFC3339Nano))
	cmd := exec.Command(bin, "node", "start", "--config", p.config)
	cmd.Stdout, cmd.Stderr = logf, logf
	// Its own process group (a ^C in the terminal reaches the soak, which
	// stops the nodes itself), and killed if the soak dies first.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		logf.Close()
		return err
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); logf.Close(); close(done) }()
	p.cmd, p.done = cmd, done
	return nil
}

// exited reports a process that stopped by itself (not by kill or stop).
func (p *proc) exited() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cmd == nil {
		return false
	}
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// kill sends SIGKILL and waits for the process to be gone.
func (p *proc) kill() {
	p.signal(syscall.SIGKILL, 0)
}

// stop sends SIGTERM and waits up to timeout, then SIGKILL.
func (p *proc) stop(timeout time.Duration) {
	p.signal(syscall.SIGTERM, timeout)
}

func (p *proc) signal(sig syscall.Signal, timeout time.Duration) {
	p.mu.Lock()
	cmd, done := p.cmd, p.done
	p.cmd, p.done = nil, nil
	p.mu.Unlock()
	if cmd == nil {
		return
	}
	_ = cmd.Process.Signal(sig)
	if timeout > 0 {
		select {
		case <-done:
			return
		case <-time.After(timeout):
			_ = cmd.Process.Kill()
		}
	}
	<-done
}

// logTail returns the last n bytes of the node's log.
func (p *proc) logTail(n int) string {
	b, err := os.ReadFile(p.logPath)
	if err != nil {
		return err.Error()
	}
	if len(b) > n {
		b = b[len(b)-n:]
		if i := strings.IndexByte(string(b), '\n'); i >= 0 {
			b = b[i+1:]
		}
	}
	return string(b)
}

// shutdown stops every node and closes the links.
func (c *cluster) shutdown() {
	var wg sync.WaitGroup
	for _, p := range c.nodes {
		wg.Add(1)
		go func() { defer wg.Done(); p.stop(10 * time.Second) }()
	}
	wg.Wait()
	c.closeLinks()
}

// setNode puts every link from and to node id (1-based) in state out
// (links it dials) and in (links dialed to it).
func (c *cluster) setNode(id uint64, out, in LinkState) {
	i := int(id - 1)
	for j := range c.links {
		if j == i {
			continue
		}
		c.links[i][j].Set(out)
		c.links[j][i].Set(in)
	}
}

// healAll puts every link up.
func (c *cluster) healAll() {
	for _, row := range c.links {
		for _, lk := range row {
			if lk != nil {
				lk.Set(Up)
			}
		}
	}
}
