package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// snippetPattern matches find in Go source regardless of how whitespace is
// laid out (indentation, line breaks, gofmt alignment): the snippet's
// tokens, separated by any whitespace where the snippet has some, and by
// none where it has none.
func snippetPattern(find string) *regexp.Regexp {
	var b strings.Builder
	for i, f := range strings.Fields(find) {
		if i > 0 {
			b.WriteString(`\s+`)
		}
		b.WriteString(regexp.QuoteMeta(f))
	}
	return regexp.MustCompile(b.String())
}

// site is where a mutant applies: a file and the byte range of the match.
type site struct {
	File       string // relative to the root
	Start, End int
}

// locate finds m's snippet among the non-test Go files of m.In under root.
// It must occur exactly once: zero means the code changed (the mutant is
// stale), several means the snippet is ambiguous.
func locate(root string, m *Mutant) (site, error) {
	re := snippetPattern(m.Find)
	var found []site
	for _, dir := range m.In {
		files, err := filepath.Glob(filepath.Join(root, dir, "*.go"))
		if err != nil {
			return site{}, err
		}
		sort.Strings(files)
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				return site{}, err
			}
			for _, loc := range re.FindAllIndex(src, -1) {
				rel, _ := filepath.Rel(root, f)
				found = append(found, site{File: rel, Start: loc[0], End: loc[1]})
			}
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return site{}, fmt.Errorf("%w: %q not found in %v", errStale, short(m.Find), m.In)
	default:
		var where []string
		for _, s := range found {
			where = append(where, s.File)
		}
		return site{}, fmt.Errorf("%w: %q found %d times (%v)", errAmbiguous, short(m.Find), len(found), where)
	}
}

// mutate returns src with the site's range replaced by repl.
func mutate(src []byte, s site, repl string) []byte {
	out := make([]byte, 0, len(src)+len(repl))
	out = append(out, src[:s.Start]...)
	out = append(out, repl...)
	return append(out, src[s.End:]...)
}

// lineOf is the 1-based line of byte offset off in src.
func lineOf(src []byte, off int) int { return 1 + strings.Count(string(src[:off]), "\n") }

func short(s string) string {
	s = normalizeSpace(s)
	if len(s) > 70 {
		return s[:67] + "..."
	}
	return s
}
