package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The list format: fields, continuation lines, and the errors that keep a
// list from running with a mutant that proves nothing.
func TestParseList(t *testing.T) {
	ms, err := parseList(strings.NewReader(`
# a comment
mutant a/one
why:  the check is gone
in:   pkg other
test: ./pkg ^TestA$
test: ./node .
find: if x {
      |	return err
repl: if false && x {
      |	return err
note: guarded elsewhere
`))
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 {
		t.Fatalf("%d mutants", len(ms))
	}
	m := ms[0]
	if m.ID != "a/one" || m.Why != "the check is gone" || m.Note != "guarded elsewhere" || strings.Join(m.In, ",") != "pkg,other" ||
		len(m.Tests) != 2 || m.Tests[0] != (TestRun{"./pkg", "^TestA$"}) || m.Find != "if x {\n\treturn err" || m.Repl != "if false && x {\n\treturn err" {
		t.Fatalf("parsed %+v", m)
	}
	for _, bad := range []string{
		"why: before any mutant",
		"mutant a\nwhy: w\nin: p\ntest: ./p .\n",                             // no find
		"mutant a\nwhy: w\nin: p\nfind: x\nrepl: y\n",                        // no test
		"mutant a\nin: p\ntest: ./p .\nfind: x\nrepl: y\n",                   // no why
		"mutant a\nwhy: w\nin: p\ntest: ./p .\nfind: x  y\nrepl: x y\n",      // no change
		"mutant a\nwhy: w\nin: p\ntest: ./p\nfind: x\nrepl: y\n",             // test without pattern
		"mutant a\nwhy: w\nin: p\ntest: ./p .\nfind: x\nrepl: y\nmutant a\n", // repeated id
		"mutant a\nwhy: w\nin: p\ntest: ./p .\nfind: x\nrepl: y\nbogus: z\n", // unknown field
		"mutant a\nwhy: w\n| dangling\n",                                     // continuation of nothing
		"mutant a\nwhy: w\nin: p\ntest: ./p (\nfind: x\nrepl: y\n",           // bad pattern
	} {
		if _, err := parseList(strings.NewReader(bad)); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

// A snippet matches whatever the layout of its whitespace, exactly once
// across the package's non-test files; a missing or repeated snippet is
// reported, not silently skipped.
func TestLocateAndMutate(t *testing.T) {
	root := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(root, "p"), 0o755))
	must(os.WriteFile(filepath.Join(root, "p", "a.go"), []byte("package p\n\nfunc f(x bool) error {\n\tif x &&\n\t\ty() {\n\t\treturn nil\n\t}\n\treturn err\n}\n"), 0o644))
	must(os.WriteFile(filepath.Join(root, "p", "b.go"), []byte("package p\n\nfunc g() { h() }\n"), 0o644))
	must(os.WriteFile(filepath.Join(root, "p", "a_test.go"), []byte("package p\n\nfunc g() { h() }\n"), 0o644))

	m := &Mutant{ID: "m", In: []string{"p", "missing"}, Find: "if x && y() {\nreturn nil", Repl: "if false {\nreturn nil"}
	s, err := locate(root, m)
	if err != nil {
		t.Fatal(err)
	}
	src, _ := os.ReadFile(filepath.Join(root, s.File))
	if s.File != filepath.Join("p", "a.go") || lineOf(src, s.Start) != 4 {
		t.Fatalf("located at %s:%d", s.File, lineOf(src, s.Start))
	}
	if got := string(mutate(src, s, m.Repl)); !strings.Contains(got, "\tif false {\nreturn nil\n\t}\n\treturn err") {
		t.Fatalf("mutated:\n%s", got)
	}
	// Only non-test files are searched: h() is in b.go once.
	if _, err := locate(root, &Mutant{In: []string{"p"}, Find: "h()"}); err != nil {
		t.Fatal(err)
	}
	if _, err := locate(root, &Mutant{In: []string{"p"}, Find: "if y() {"}); !errors.Is(err, errStale) {
		t.Fatalf("absent snippet: %v", err)
	}
	if _, err := locate(root, &Mutant{In: []string{"p"}, Find: "return"}); !errors.Is(err, errAmbiguous) {
		t.Fatalf("repeated snippet: %v", err)
	}
	// Tokens written together must be together in the source.
	if _, err := locate(root, &Mutant{In: []string{"p"}, Find: "returnerr"}); !errors.Is(err, errStale) {
		t.Fatalf("joined tokens: %v", err)
	}
}
