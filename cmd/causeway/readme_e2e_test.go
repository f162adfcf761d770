package main_test

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// readmeSkip marks the ```sh block after it as one the README test does not
// run (real hosts, the test suite itself); the rest of the line says why.
const readmeSkip = "<!-- readme-test: skip"

// readmeBlock is one ```sh block of README.md.
type readmeBlock struct {
	line int // 1-based line of the opening fence
	body string
	skip bool
}

// readmeBlocks returns README.md's shell blocks in order.
func readmeBlocks(t *testing.T, path string) []readmeBlock {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var (
		blocks  []readmeBlock
		cur     *readmeBlock
		lastTxt string // the last non-blank line outside a block
	)
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case cur == nil && strings.HasPrefix(line, "```"):
			info := strings.TrimSpace(strings.TrimPrefix(line, "```"))
			cur = &readmeBlock{line: n, skip: strings.HasPrefix(lastTxt, readmeSkip)}
			if info != "sh" && info != "bash" && info != "shell" {
				cur.skip = true // not a shell block: nothing to run
				cur.line = -n
			}
		case cur != nil && strings.HasPrefix(line, "```"):
			if cur.line > 0 {
				blocks = append(blocks, *cur)
			}
			cur = nil
			lastTxt = ""
		case cur != nil:
			cur.body += line + "\n"
		case strings.TrimSpace(line) != "":
			lastTxt = strings.TrimSpace(line)
		}
	}
	if cur != nil {
		t.Fatalf("README.md: block at line %d is not closed", cur.line)
	}
	return blocks
}

// readmeWorkdir makes a folder in which the README's commands run as a
// newcomer runs them from a clone: every top-level entry of the repository
// is linked in, so `go run ./cmd/causeway` and paths like
// contracts/artifacts/Token.json resolve, while whatever the commands
// create (causeway-net, key files) stays in the test's folder.
func readmeWorkdir(t *testing.T, repo string) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir(repo)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() == ".git" || e.Name() == "causeway-net" {
			continue
		}
		if err := os.Symlink(filepath.Join(repo, e.Name()), filepath.Join(dir, e.Name())); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// The README's command blocks run in order against a fresh local
// consortium, each command as written (with `causeway` the built CLI, as
// the README says), in one shell with -e and pipefail: the first command
// that fails fails the test and names its block. Blocks marked
// `<!-- readme-test: skip ... -->` (real hosts, the test suite itself) are
// listed in the log and not run.
func TestReadmeCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("multi-process")
	}
	// `causeway up` with its defaults uses ports 7050 onwards: a developer's
	// own consortium on them would make the README's first command fail.
	if l, err := net.Listen("tcp", "127.0.0.1:7050"); err != nil {
		t.Skipf("the README's `causeway up` needs port 7050, which is in use here: %v", err)
	} else {
		l.Close()
	}
	// The README picks fields out of -o json with jq, as users do; .ci/run
	// installs it.
	if _, err := exec.LookPath("jq"); err != nil {
		t.Skip("the README's commands use jq, which is not installed (.ci/run installs it)")
	}
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	bin := buildCauseway(t)
	blocks := readmeBlocks(t, filepath.Join(repo, "README.md"))
	// A failure is retried once, from scratch, and the first failure is
	// logged as a flake: on a loaded 2-core CI machine a README command
	// can miss a deadline meant for a newcomer's idle one. The same
	// failure twice fails the test.
	first, err := runReadme(t, bin, repo, blocks)
	if err == nil {
		return
	}
	t.Logf("FLAKE? the README's commands failed once; running them again from scratch:\n%v", err)
	if _, err := runReadme(t, bin, repo, blocks); err != nil {
		t.Fatalf("the README's commands failed twice.\nfirst run:\n%s\nsecond run:\n%v", first, err)
	}
}

// runReadme runs the README's blocks in a fresh folder and home, and
// returns the first failure's summary and the error (with the whole output).
func runReadme(t *testing.T, bin, repo string, blocks []readmeBlock) (string, error) {
	t.Helper()
	work := readmeWorkdir(t, repo)
	home := t.TempDir()

	var script strings.Builder
	script.WriteString("set -euo pipefail\n")
	script.WriteString("trap 'echo \"README command failed: $BASH_COMMAND\" >&2' ERR\n")
	ran := 0
	var skipped []string
	for _, b := range blocks {
		if b.skip {
			skipped = append(skipped, fmt.Sprint(b.line))
			continue
		}
		ran++
		fmt.Fprintf(&script, "cd %q\necho '### README.md:%d' >&2\n", work, b.line)
		script.WriteString(b.body)
	}
	if len(skipped) > 0 {
		t.Logf("README.md blocks not run (marked skip), at lines %s", strings.Join(skipped, ", "))
	}
	if ran < 5 {
		t.Fatalf("only %d README blocks to run: the parser or the README's markers are wrong", ran)
	}

	cmd := exec.Command("bash", "-c", script.String())
	cmd.Dir = work
	// Its own process group, so that a timeout ends `go run` and whatever
	// else the script started, not only bash.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	// HOME is the test's (key store, last network), but Go's caches stay
	// the caller's: `go run ./cmd/causeway up` must not rebuild every
	// dependency from an empty module cache.
	cmd.Env = append(os.Environ(), goEnv(t, "GOMODCACHE", "GOCACHE", "GOPATH")...)
	cmd.Env = append(cmd.Env,
		"PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"),
		"HOME="+home,
		"XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"CAUSEWAY_PASSPHRASE=readme-test-passphrase",
	)
	t.Cleanup(func() {
		downAll(bin, work, cmd.Env)
		// Whatever the script left running in the background (a node
		// started with &, when a later command failed before stopping it)
		// is in the script's process group.
		if cmd.Process != nil {
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		}
	})
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(5 * time.Minute):
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		err = <-done
		err = fmt.Errorf("README commands still running after 5 minutes (a command that never returns?): %v", err)
	}
	// Whatever the script left running is stopped before a second run.
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	downAll(bin, work, cmd.Env)
	if err != nil {
		// The failing block and its last lines come first: CI logs keep
		// the head and the tail of a long output, not its middle.
		summary := failureSummary(out.String())
		return summary, fmt.Errorf("%v\n%s\n--- the whole output ---\n%s", err, summary, out.String())
	}
	t.Logf("%d README blocks ran:\n%s", ran, out.String())
	return "", nil
}

// downAll stops every consortium the README made in work: causeway-net,
// any other folder with a network.json (the second chain of the
// cross-chain section) and the folder of `up --chains` (whose consortia
// are its subfolders), whose nodes run in their own sessions.
func downAll(bin, work string, env []string) {
	entries, _ := os.ReadDir(work)
	for _, e := range entries {
		if !e.IsDir() { // the repository's entries are symlinks
			continue
		}
		dir := filepath.Join(work, e.Name())
		// A consortium, or the folder of `up --chains` (one per subfolder).
		sub, _ := filepath.Glob(filepath.Join(dir, "*", "network.json"))
		if _, err := os.Stat(filepath.Join(dir, "network.json")); err != nil && len(sub) == 0 {
			continue
		}
		down := exec.Command(bin, "down", "--dir", dir)
		down.Env = env
		_ = down.Run()
	}
}

// goEnv returns NAME=value for each of the go command's settings names, as
// `go env` reports them for the test's own environment.
func goEnv(t *testing.T, names ...string) []string {
	t.Helper()
	out, err := exec.Command("go", append([]string{"env"}, names...)...).Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	vals := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(vals) != len(names) {
		t.Fatalf("go env %v printed %q", names, out)
	}
	env := make([]string, len(names))
	for i, n := range names {
		env[i] = n + "=" + vals[i]
	}
	return env
}

// failureSummary is the README block that was running when the script
// stopped, and the last lines it printed.
func failureSummary(out string) string {
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	start := 0
	for i, l := range lines {
		if strings.HasPrefix(l, "### README.md:") {
			start = i
		}
	}
	if len(lines)-start > 40 {
		lines = append([]string{lines[start], "[...]"}, lines[len(lines)-40:]...)
	} else {
		lines = lines[start:]
	}
	return strings.Join(lines, "\n")
}
