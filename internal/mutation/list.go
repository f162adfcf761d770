package main

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// Mutant is one targeted change to a safety check: the snippet Find,
// searched in the non-test Go files of the directories In (so that it
// still applies when the code moves between files of those packages), is
// replaced by Repl, and the Tests are run against the result. A test
// failing "kills" the mutant; all passing means the check can be removed
// without any test noticing ("survived").
type Mutant struct {
	ID string
	// Why says what a survivor would mean: the check that is gone.
	Why string
	// Note explains a known survivor (an equivalent mutant, or a check
	// guarded elsewhere).
	Note  string
	In    []string
	Tests []TestRun
	Find  string
	Repl  string
	// Line is where the mutant starts in the list file.
	Line int
}

// TestRun is `go test -run Run Pkg`.
type TestRun struct {
	Pkg string
	Run string
}

func (t TestRun) String() string { return t.Pkg + " " + t.Run }

// parseList reads a mutation list. The format, one field per line:
//
//	# comment
//	mutant verify/quorum-minus-one
//	why:  a header signed by quorum - 1 nodes verifies
//	in:   verify
//	test: ./verify TestSignedHeader
//	test: ./node ^TestProofsVerifyAgainstGenesis$
//	find: if len(signers) < ns.quorum() {
//	repl: if len(signers) < ns.quorum()-1 {
//
// "find" and "repl" continue on following lines that start with "|"
// (after optional indentation): each adds a newline and the rest of the
// line. "in" lists directories relative to the repository root,
// separated by spaces. A mutant ends at the next "mutant" line.
func parseList(r io.Reader) ([]*Mutant, error) {
	var out []*Mutant
	var cur *Mutant
	var last *string // the field "|" lines continue
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	ids := map[string]bool{}
	for sc.Scan() {
		n++
		line := sc.Text()
		trim := strings.TrimSpace(line)
		if trim == "" || strings.HasPrefix(trim, "#") {
			last = nil
			continue
		}
		if strings.HasPrefix(trim, "|") {
			if last == nil {
				return nil, fmt.Errorf("line %d: a continuation line must follow find: or repl:", n)
			}
			*last += "\n" + strings.TrimPrefix(trim, "|")
			continue
		}
		last = nil
		if id, ok := strings.CutPrefix(trim, "mutant "); ok {
			id = strings.TrimSpace(id)
			if ids[id] {
				return nil, fmt.Errorf("line %d: mutant %q is listed twice", n, id)
			}
			ids[id] = true
			cur = &Mutant{ID: id, Line: n}
			out = append(out, cur)
			continue
		}
		if cur == nil {
			return nil, fmt.Errorf("line %d: %q before the first mutant line", n, trim)
		}
		key, val, ok := strings.Cut(trim, ":")
		if !ok {
			return nil, fmt.Errorf("line %d: want key: value, got %q", n, trim)
		}
		val = strings.TrimSpace(val)
		switch key {
		case "why":
			cur.Why = val
		case "note":
			cur.Note = val
		case "in":
			cur.In = append(cur.In, strings.Fields(val)...)
		case "test":
			f := strings.Fields(val)
			if len(f) != 2 {
				return nil, fmt.Errorf("line %d: test: wants a package and a -run pattern, got %q", n, val)
			}
			if _, err := regexp.Compile(f[1]); err != nil {
				return nil, fmt.Errorf("line %d: %v", n, err)
			}
			cur.Tests = append(cur.Tests, TestRun{Pkg: f[0], Run: f[1]})
		case "find":
			cur.Find = val
			last = &cur.Find
		case "repl":
			cur.Repl = val
			last = &cur.Repl
		default:
			return nil, fmt.Errorf("line %d: unknown field %q", n, key)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	for _, m := range out {
		switch {
		case m.Find == "":
			return nil, fmt.Errorf("mutant %s (line %d): no find:", m.ID, m.Line)
		case len(m.In) == 0:
			return nil, fmt.Errorf("mutant %s (line %d): no in:", m.ID, m.Line)
		case len(m.Tests) == 0:
			return nil, fmt.Errorf("mutant %s (line %d): no test:", m.ID, m.Line)
		case m.Why == "":
			return nil, fmt.Errorf("mutant %s (line %d): no why:", m.ID, m.Line)
		case normalizeSpace(m.Find) == normalizeSpace(m.Repl):
			return nil, fmt.Errorf("mutant %s (line %d): repl: is find:", m.ID, m.Line)
		}
	}
	return out, nil
}

func normalizeSpace(s string) string { return strings.Join(strings.Fields(s), " ") }
