package main_test

import (
	"bufio"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/causeway/causeway/consortium"
)

// `causeway node start --log-format json` writes one JSON object per line
// on standard error, from the first line to the last; an unknown format
// is refused before anything starts.
func TestNodeStartJSONLogs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the CLI")
	}
	bin := buildCauseway(t)
	l, err := consortium.Generate(consortium.Options{Dir: filepath.Join(t.TempDir(), "net"), Orgs: 4})
	if err != nil {
		t.Fatal(err)
	}
	cfg := l.NodeConfigs[0]

	out, err := exec.Command(bin, "node", "start", "--config", cfg, "--log-format", "xml").CombinedOutput()
	if err == nil || !strings.Contains(string(out), "--log-format") {
		t.Fatalf("format xml: err %v, output %s", err, out)
	}

	cmd := exec.Command(bin, "node", "start", "--config", cfg, "--log-format", "json")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	lines := make(chan string, 1000)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	check := func(line string) map[string]any {
		t.Helper()
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("not a JSON object: %q", line)
		}
		for _, k := range []string{"time", "level", "msg"} {
			if _, ok := rec[k]; !ok {
				t.Fatalf("no %q in %s", k, line)
			}
		}
		return rec
	}
	timeout := time.After(60 * time.Second)
	started := false
	for !started {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatal("the node exited before it started")
			}
			started = check(line)["msg"] == "node started"
		case <-timeout:
			t.Fatal("no \"node started\" line within 60s")
		}
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	for line := range lines {
		check(line)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("node exit: %v", err)
	}
}
