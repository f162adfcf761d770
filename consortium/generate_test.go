package consortium

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/causeway/causeway/node"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

// The child side of TestGenerateKilledAtEveryStep: generate into
// CAUSEWAY_TEST_GEN_DIR and SIGKILL this process at step number
// CAUSEWAY_TEST_GEN_KILL_AT.
func TestGenerateChildKilled(t *testing.T) {
	dir := os.Getenv("CAUSEWAY_TEST_GEN_DIR")
	if dir == "" {
		t.Skip("child of TestGenerateKilledAtEveryStep")
	}
	at, _ := strconv.Atoi(os.Getenv("CAUSEWAY_TEST_GEN_KILL_AT"))
	n := 0
	failpoint = func(string) error {
		if n == at {
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
			time.Sleep(time.Minute)
		}
		n++
		return nil
	}
	if _, err := Generate(Options{Dir: dir, Orgs: 4}); err != nil {
		t.Fatal(err)
	}
}

// steps lists the steps of a generation of n orgs.
func steps(t *testing.T, n int) []string {
	t.Helper()
	var out []string
	failpoint = func(s string) error { out = append(out, s); return nil }
	defer func() { failpoint = func(string) error { return nil } }()
	if _, err := Generate(Options{Dir: filepath.Join(t.TempDir(), "net"), Orgs: n}); err != nil {
		t.Fatal(err)
	}
	return out
}

// checkLayout checks that dir holds a complete consortium: the network map,
// a valid genesis naming every node, and every node's configuration with the
// files it names.
func checkLayout(t *testing.T, dir string, orgs int) {
	t.Helper()
	nw, err := sdk.LoadNetwork(filepath.Join(dir, NetworkFile))
	if err != nil {
		t.Fatal(err)
	}
	g, err := types.LoadGenesis(nw.Genesis)
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Validate(); err != nil || len(g.Nodes) != orgs || len(nw.Nodes) != orgs || len(nw.Orgs) != orgs {
		t.Fatalf("genesis %v with %d nodes, network %d nodes %d orgs", err, len(g.Nodes), len(nw.Nodes), len(nw.Orgs))
	}
	procs, err := Processes(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range procs {
		cfg, err := node.LoadConfig(p.Config)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{cfg.Genesis, cfg.TLSCert, cfg.TLSKey, cfg.SignKey, cfg.EvidenceKey} {
			if _, err := os.Stat(f); err != nil {
				t.Fatalf("node %d: %v", p.ID, err)
			}
		}
	}
	for _, o := range nw.Orgs {
		for _, f := range []string{o.CA, o.Admin.Cert, o.Admin.Key, o.Client.Cert, o.Client.Key, o.Account.Key} {
			if _, err := os.Stat(f); err != nil {
				t.Fatalf("org %s: %v", o.Name, err)
			}
		}
	}
}

// A generation killed (SIGKILL) before each of its steps leaves the target
// folder untouched (absent), and generating again succeeds with a complete
// consortium and removes the killed run's staging folder.
func TestGenerateKilledAtEveryStep(t *testing.T) {
	all := steps(t, 4)
	if len(all) < 10 {
		t.Fatalf("only %d steps: %v", len(all), all)
	}
	for k, step := range all {
		parent := t.TempDir()
		dir := filepath.Join(parent, "net")
		cmd := exec.Command(os.Args[0], "-test.run=^TestGenerateChildKilled$", "-test.count=1")
		cmd.Env = append(os.Environ(), "CAUSEWAY_TEST_GEN_DIR="+dir, "CAUSEWAY_TEST_GEN_KILL_AT="+strconv.Itoa(k))
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Fatalf("step %d (%s): child was not killed: %v\n%s", k, step, err, out)
		}
		if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("killed before %s: %s exists (%v)", step, dir, err)
		}
		if m, _ := filepath.Glob(filepath.Join(parent, ".net.partial-*")); len(m) != 1 {
			t.Fatalf("killed before %s: want the killed run's staging folder, found %v", step, m)
		}
		if _, err := Generate(Options{Dir: dir, Orgs: 4}); err != nil {
			t.Fatalf("rerun after a kill before %s: %v", step, err)
		}
		checkLayout(t, dir, 4)
		if m, _ := filepath.Glob(filepath.Join(parent, ".net.partial-*")); len(m) != 0 {
			t.Fatalf("stale staging folders left: %v", m)
		}
	}
}

// A generation failing at any step leaves nothing behind; a folder that is
// neither empty nor a consortium is refused, and an empty one is used.
func TestGenerateFailureLeavesNothing(t *testing.T) {
	boom := errors.New("injected")
	for _, step := range steps(t, 2) {
		parent := t.TempDir()
		dir := filepath.Join(parent, "net")
		failpoint = func(s string) error {
			if s == step {
				return boom
			}
			return nil
		}
		_, err := Generate(Options{Dir: dir, Orgs: 2})
		failpoint = func(string) error { return nil }
		if !errors.Is(err, boom) {
			t.Fatalf("failure at %s: %v", step, err)
		}
		if ents, _ := os.ReadDir(parent); len(ents) != 0 {
			t.Fatalf("failure at %s left %v", step, ents)
		}
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Generate(Options{Dir: dir, Orgs: 1}); err == nil {
		t.Fatal("generated into a folder holding other files")
	}
	empty := t.TempDir()
	if _, err := Generate(Options{Dir: empty, Orgs: 1}); err != nil {
		t.Fatal(err)
	}
	checkLayout(t, empty, 1)
	if _, err := Generate(Options{Dir: empty, Orgs: 1}); err == nil {
		t.Fatal("generated over an existing consortium")
	}
}

// A consortium generated after a kill in the middle of a generation runs:
// its nodes start from the published folder and commit a transaction.
func TestGenerateAfterKillRuns(t *testing.T) {
	all := steps(t, 4)
	parent := t.TempDir()
	dir := filepath.Join(parent, "net")
	cmd := exec.Command(os.Args[0], "-test.run=^TestGenerateChildKilled$", "-test.count=1")
	cmd.Env = append(os.Environ(), "CAUSEWAY_TEST_GEN_DIR="+dir, "CAUSEWAY_TEST_GEN_KILL_AT="+strconv.Itoa(len(all)-1))
	_ = cmd.Run()
	l, err := Generate(Options{Dir: dir, Orgs: 4})
	if err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.DiscardHandler)
	for _, p := range l.NodeConfigs {
		cfg, err := node.LoadConfig(p)
		if err != nil {
			t.Fatal(err)
		}
		cfg.AdminListen = ""
		n, err := node.New(cfg, node.Options{Logger: quiet})
		if err != nil {
			t.Fatal(err)
		}
		if err := n.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(n.Stop)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	h, height, err := Probe(ctx, l.Network)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(fmt.Sprintf("probe %s committed at %d", h, height))
}

// Free ports are distinct, bindable, and drawn below the kernel's ephemeral
// range, where outgoing connections cannot take them between the choice and
// the node's bind.
func TestChoosePortsBelowTheEphemeralRange(t *testing.T) {
	lo, hi := listenRange()
	ports, err := choosePorts("127.0.0.1", 0, 16)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int]bool{}
	for _, p := range ports {
		if seen[p] {
			t.Fatalf("port %d chosen twice: %v", p, ports)
		}
		seen[p] = true
		if hi > lo && (p < lo || p >= hi) {
			t.Fatalf("port %d outside [%d, %d): %v", p, lo, hi, ports)
		}
		l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(p)))
		if err != nil {
			t.Fatalf("chosen port %d cannot be bound: %v", p, err)
		}
		l.Close()
	}
	if hi <= lo {
		t.Logf("no ephemeral range known here; ports from the kernel: %v", ports)
	}
}
