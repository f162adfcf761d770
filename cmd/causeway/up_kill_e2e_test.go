package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/causeway/causeway/consortium"
)

// `causeway up` killed (SIGKILL) at many moments, from the first file it
// writes to the nodes' start, can always be run again: the rerun succeeds,
// the consortium commits, and `causeway down` leaves no node process behind
// (not even one started by a killed run before it wrote the pid file).
func TestUpKilledAtManyPointsThenRerun(t *testing.T) {
	if testing.Short() {
		t.Skip("multi-process")
	}
	bin := buildCauseway(t)
	dir := filepath.Join(t.TempDir(), "net")
	c := cli{t: t, bin: bin, env: append(os.Environ(), "XDG_CONFIG_HOME="+t.TempDir())}
	t.Cleanup(func() { c.run("down", "--dir", dir) })
	// waitFor polls (every millisecond, up to 20 s) until cond holds.
	waitFor := func(cond func() bool) bool {
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
			if cond() {
				return true
			}
		}
		return false
	}
	staging := func() bool {
		m, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), ".net.partial-*"))
		return len(m) > 0
	}
	published := func() bool { _, err := os.Stat(filepath.Join(dir, "network.json")); return err == nil }
	type point struct {
		// after the moment the condition first holds in this run
		when  string
		cond  func() bool
		after time.Duration
	}
	var points []point
	// While generating: after the staging folder appears.
	for _, d := range []time.Duration{0, 2, 5, 10, 20, 35, 60} {
		points = append(points, point{"generating", staging, d * time.Millisecond})
	}
	// While starting the nodes: after the folder is published.
	for _, d := range []time.Duration{0, 30, 150, 400, 900} {
		points = append(points, point{"starting nodes", published, d * time.Millisecond})
	}
	killedDuringGeneration := 0
	for _, p := range points {
		if p.when == "generating" && published() {
			continue // only a first generation can be interrupted
		}
		cmd := exec.Command(bin, "up", "--dir", dir, "--base-port", "0")
		cmd.Env = c.env
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if !waitFor(p.cond) {
			t.Fatalf("%s: condition never held", p.when)
		}
		time.Sleep(p.after)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		if !published() {
			killedDuringGeneration++
		}
		// Either nothing or a whole consortium is in dir.
		if _, err := os.Stat(dir); err == nil && !published() {
			t.Fatalf("killed %s +%s: %s exists without network.json", p.when, p.after, dir)
		}
		t.Logf("killed %s +%s: consortium published %v", p.when, p.after, published())
	}
	if killedDuringGeneration == 0 {
		t.Fatal("no kill landed during a generation")
	}
	out := c.must("up", "--dir", dir, "--base-port", "0")
	if !strings.Contains(out, "consortium is committing blocks") {
		t.Fatalf("rerun of up: %s", out)
	}
	if m, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), ".net.partial-*")); len(m) != 0 {
		t.Fatalf("staging folders left: %v", m)
	}
	c.must("tx", "evidence", "--hash", strings.Repeat("ab", 32), "-o", "json")
	procs, err := consortium.Processes(dir)
	if err != nil {
		t.Fatal(err)
	}
	c.must("down", "--dir", dir)
	for _, p := range procs {
		if pid := p.PID(); pid != 0 {
			t.Fatalf("node %d still runs (pid %d) after down", p.ID, pid)
		}
	}
}
