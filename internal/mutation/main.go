// Command mutation runs targeted mutation testing of Causeway's safety
// checks: for each mutant of a list (see parseList for the format, and
// mutations.txt beside this file), it removes or weakens one check in a
// private copy of the repository, runs the tests named for that check, and
// reports whether a test failed (the mutant is killed) or none did (it
// survived: the check could be removed unnoticed).
//
//	go run ./internal/mutation                      # every mutant
//	go run ./internal/mutation -run 'verify/|sync'  # mutants whose id matches
//	go run ./internal/mutation -check               # only check every snippet is found once
//
// The tree is copied (without .git and node_modules) to a temporary folder
// per worker; the working tree is never modified. Before the mutants, the
// named tests run once unmutated and must pass. It is not part of
// `go test ./...`: a full run takes tens of minutes on two cores.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
)

var (
	errStale     = errors.New("stale")
	errAmbiguous = errors.New("ambiguous")
)

// Status of a mutant after its run.
const (
	Killed   = "killed"   // a test failed
	Timeout  = "timeout"  // a test ran out of time (counted as killed)
	Survived = "survived" // every test passed
	Invalid  = "invalid"  // the mutant does not compile
	Stale    = "stale"    // the snippet is not found exactly once
)

// Result is a mutant's outcome.
type Result struct {
	ID       string        `json:"id"`
	Status   string        `json:"status"`
	Why      string        `json:"why"`
	Note     string        `json:"note,omitempty"`
	Where    string        `json:"where,omitempty"` // file:line of the mutation
	KilledBy string        `json:"killed_by,omitempty"`
	Detail   string        `json:"detail,omitempty"`
	Took     time.Duration `json:"took_ns"`
}

type options struct {
	list, run, out, jsonOut string
	check, baseline, keep   bool
	workers                 int
	timeout                 time.Duration
	verbose                 bool
}

func main() {
	var o options
	flag.StringVar(&o.list, "list", "internal/mutation/mutations.txt", "mutation list, relative to the repository root or absolute")
	flag.StringVar(&o.run, "run", "", "run only the mutants whose id matches this regular expression")
	flag.BoolVar(&o.check, "check", false, "only check that every mutant's snippet is found exactly once; run no test")
	flag.BoolVar(&o.baseline, "baseline", true, "first run every named test unmutated; stop if one fails")
	flag.IntVar(&o.workers, "workers", 1, "mutants tested in parallel (each in its own copy of the tree)")
	flag.DurationVar(&o.timeout, "timeout", 10*time.Minute, "go test -timeout for each test run")
	flag.StringVar(&o.out, "o", "", "also write the report (Markdown) to this file")
	flag.StringVar(&o.jsonOut, "json", "", "also write the results (JSON) to this file")
	flag.BoolVar(&o.keep, "keep", false, "keep the temporary copies")
	flag.BoolVar(&o.verbose, "v", false, "print the output of failing baseline tests and of invalid mutants")
	flag.Parse()
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "mutation:", err)
		os.Exit(1)
	}
}

func run(o options) error {
	root, err := repoRoot()
	if err != nil {
		return err
	}
	listPath := o.list
	if !filepath.IsAbs(listPath) {
		listPath = filepath.Join(root, listPath)
	}
	f, err := os.Open(listPath)
	if err != nil {
		return err
	}
	mutants, err := parseList(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", listPath, err)
	}
	if o.run != "" {
		re, err := regexp.Compile(o.run)
		if err != nil {
			return err
		}
		var sel []*Mutant
		for _, m := range mutants {
			if re.MatchString(m.ID) {
				sel = append(sel, m)
			}
		}
		mutants = sel
	}
	if len(mutants) == 0 {
		return errors.New("no mutant selected")
	}

	// Locate every snippet in the working tree first.
	stale := 0
	for _, m := range mutants {
		if _, err := locate(root, m); err != nil {
			fmt.Printf("%-8s %-40s %v\n", Stale, m.ID, err)
			stale++
		}
	}
	if o.check {
		fmt.Printf("%d mutants, %d found exactly once, %d stale or ambiguous\n", len(mutants), len(mutants)-stale, stale)
		if stale > 0 {
			return errors.New("stale mutants: update the list")
		}
		return nil
	}

	workers := max(1, min(o.workers, len(mutants)))
	copies := make([]string, workers)
	for i := range copies {
		if copies[i], err = copyTree(root); err != nil {
			return err
		}
		if !o.keep {
			defer os.RemoveAll(copies[i])
		} else {
			fmt.Println("copy:", copies[i])
		}
	}

	if o.baseline {
		if err := baseline(o, copies[0], mutants); err != nil {
			return err
		}
	}

	start := time.Now()
	results := make([]Result, len(mutants))
	jobs := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for w := range workers {
		wg.Add(1)
		go func(dir string) {
			defer wg.Done()
			for i := range jobs {
				r := runMutant(o, dir, mutants[i])
				mu.Lock()
				results[i] = r
				done++
				fmt.Printf("[%2d/%d] %-8s %-44s %6.1fs  %s\n", done, len(mutants), r.Status, r.ID, r.Took.Seconds(), r.KilledBy+r.Detail)
				mu.Unlock()
			}
		}(copies[w])
	}
	for i := range mutants {
		jobs <- i
	}
	close(jobs)
	wg.Wait()

	report := summarize(results, time.Since(start))
	fmt.Print("\n", report)
	if o.out != "" {
		if err := os.WriteFile(o.out, []byte(report), 0o644); err != nil {
			return err
		}
	}
	if o.jsonOut != "" {
		b, _ := json.MarshalIndent(results, "", "  ")
		if err := os.WriteFile(o.jsonOut, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// baseline runs every distinct test of the selected mutants on the
// unmutated copy: a kill means something only if the test passes without
// the mutation.
func baseline(o options, dir string, mutants []*Mutant) error {
	seen := map[TestRun]bool{}
	var runs []TestRun
	for _, m := range mutants {
		for _, t := range m.Tests {
			if !seen[t] {
				seen[t] = true
				runs = append(runs, t)
			}
		}
	}
	sort.Slice(runs, func(i, j int) bool { return runs[i].String() < runs[j].String() })
	fmt.Printf("baseline: %d test runs on the unmutated tree\n", len(runs))
	for _, t := range runs {
		start := time.Now()
		out, status := goTest(dir, t, o.timeout)
		fmt.Printf("  %-8s %-60s %6.1fs\n", map[string]string{"": "pass"}[status]+status, t, time.Since(start).Seconds())
		if status != "" {
			if o.verbose {
				fmt.Println(out)
			}
			return fmt.Errorf("baseline: %s fails without any mutation (%s); fix the tree or the list", t, status)
		}
	}
	return nil
}

// runMutant applies m in dir, runs its tests in order until one fails, and
// restores the file.
func runMutant(o options, dir string, m *Mutant) (r Result) {
	r = Result{ID: m.ID, Why: m.Why, Note: m.Note}
	start := time.Now()
	defer func() { r.Took = time.Since(start) }()
	s, err := locate(dir, m)
	if err != nil {
		r.Status, r.Detail = Stale, err.Error()
		return r
	}
	path := filepath.Join(dir, s.File)
	orig, err := os.ReadFile(path)
	if err != nil {
		r.Status, r.Detail = Invalid, err.Error()
		return r
	}
	r.Where = fmt.Sprintf("%s:%d", s.File, lineOf(orig, s.Start))
	if err := os.WriteFile(path, mutate(orig, s, m.Repl), 0o644); err != nil {
		r.Status, r.Detail = Invalid, err.Error()
		return r
	}
	defer os.WriteFile(path, orig, 0o644)
	for _, t := range m.Tests {
		out, status := goTest(dir, t, o.timeout)
		switch status {
		case "":
			continue
		case Invalid:
			r.Status, r.Detail = Invalid, "does not compile: "+firstLines(out, 3)
			if o.verbose {
				fmt.Println(out)
			}
			return r
		default:
			r.Status, r.KilledBy = status, t.String()
			return r
		}
	}
	r.Status = Survived
	return r
}

// goTest runs one test command in dir. It returns the output and "" when
// the tests pass, Killed when one fails, Timeout when they run out of time,
// Invalid when the package or its tests do not build.
func goTest(dir string, t TestRun, timeout time.Duration) (string, string) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout+time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "test", "-count=1", "-timeout", timeout.String(), "-run", t.Run, t.Pkg)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CAUSEWAY_TEST_LOG=")
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err := cmd.Run()
	out := buf.String()
	switch {
	case err == nil:
		if strings.Contains(out, "no tests to run") {
			// A pattern that selects nothing proves nothing.
			return out, Invalid
		}
		return out, ""
	case strings.Contains(out, "[build failed]") || strings.Contains(out, "[setup failed]"):
		return out, Invalid
	case ctx.Err() != nil || strings.Contains(out, "panic: test timed out"):
		return out, Timeout
	default:
		return out, Killed
	}
}

func summarize(results []Result, took time.Duration) string {
	var b strings.Builder
	count := map[string]int{}
	for _, r := range results {
		count[r.Status]++
	}
	killed := count[Killed] + count[Timeout]
	scored := killed + count[Survived]
	rate := 0.0
	if scored > 0 {
		rate = 100 * float64(killed) / float64(scored)
	}
	fmt.Fprintf(&b, "## Mutation testing of the safety checks\n\n")
	fmt.Fprintf(&b, "%d mutants in %s: %d killed (%d by timeout), %d survived, %d invalid, %d stale.\n\n",
		len(results), took.Round(time.Second), killed, count[Timeout], count[Survived], count[Invalid], count[Stale])
	fmt.Fprintf(&b, "**Kill rate: %.1f %%** (%d of %d compiling, located mutants).\n\n", rate, killed, scored)
	fmt.Fprintf(&b, "| mutant | status | where | killed by |\n|---|---|---|---|\n")
	for _, r := range results {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", r.ID, r.Status, r.Where, r.KilledBy)
	}
	var surv []Result
	for _, r := range results {
		if r.Status != Killed && r.Status != Timeout {
			surv = append(surv, r)
		}
	}
	if len(surv) > 0 {
		fmt.Fprintf(&b, "\n### Not killed\n\n")
		for _, r := range surv {
			fmt.Fprintf(&b, "- **%s** (%s, %s): %s.", r.ID, r.Status, r.Where, r.Why)
			if r.Note != "" {
				fmt.Fprintf(&b, " Note: %s", r.Note)
			}
			if r.Detail != "" {
				fmt.Fprintf(&b, " Detail: %s", r.Detail)
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, " / ")
}

// repoRoot is the folder of the main module's go.mod.
func repoRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("not inside a Go module: run from the repository")
	}
	return filepath.Dir(mod), nil
}

// copyTree copies the repository at root to a new temporary folder,
// leaving out version control, npm packages and build outputs.
func copyTree(root string) (string, error) {
	dst, err := os.MkdirTemp("", "causeway-mutation-")
	if err != nil {
		return "", err
	}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		name := d.Name()
		if rel != "." && (name == ".git" || name == "node_modules" || name == "causeway-net" || rel == "bin" || rel == "causeway") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		return copyFile(p, target)
	})
	if err != nil {
		os.RemoveAll(dst)
		return "", err
	}
	return dst, nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	st, err := in.Stat()
	if err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, st.Mode().Perm())
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
