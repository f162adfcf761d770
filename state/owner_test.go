package state

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// keyCalls are the calls whose string-literal argument is a state key (the
// readers, scanners and provers of the state): a literal "config" passed to
// one of them spells the config key. Other uses of the word are not keys.
var keyCalls = map[string]bool{"Get": true, "Scan": true, "Prove": true, "Verify": true, "StateValue": true, "GetStateProof": true}

// spelledKeys returns, for one Go source file, the places where it spells a
// state key: a string literal that starts with a key prefix, or the config
// key converted to []byte or passed to a state read. Comments, imports and
// struct tags are not code and are not looked at.
func spelledKeys(fset *token.FileSet, f *ast.File) []string {
	var out []string
	report := func(lit *ast.BasicLit, v string) {
		out = append(out, fset.Position(lit.Pos()).String()+": "+strconv.Quote(v))
	}
	isConfig := func(e ast.Expr) (*ast.BasicLit, bool) {
		lit, ok := e.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return nil, false
		}
		v, err := strconv.Unquote(lit.Value)
		return lit, err == nil && v == configKey
	}
	var inspect func(n ast.Node) bool
	inspect = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ImportSpec:
			return false
		case *ast.Field:
			if n.Tag != nil {
				// A struct tag is not code: look at the field's type only.
				ast.Inspect(n.Type, inspect)
				return false
			}
		case *ast.BasicLit:
			if n.Kind == token.STRING {
				if v, err := strconv.Unquote(n.Value); err == nil && hasKeyPrefix(v) {
					report(n, v)
				}
			}
		case *ast.CallExpr:
			toBytes := false
			if at, ok := n.Fun.(*ast.ArrayType); ok && at.Len == nil {
				if id, ok := at.Elt.(*ast.Ident); ok && id.Name == "byte" {
					toBytes = true
				}
			}
			called := ""
			switch fn := n.Fun.(type) {
			case *ast.SelectorExpr:
				called = fn.Sel.Name
			case *ast.Ident:
				called = fn.Name
			}
			if toBytes || keyCalls[called] {
				for _, a := range n.Args {
					if lit, ok := isConfig(a); ok {
						report(lit, configKey)
					}
				}
			}
		}
		return true
	}
	ast.Inspect(f, inspect)
	return out
}

// hasKeyPrefix reports whether s starts with one of the key prefixes.
func hasKeyPrefix(s string) bool {
	for _, l := range layout {
		if l.prefix != configKey && strings.HasPrefix(s, l.prefix) {
			return true
		}
	}
	return false
}

// No package but this one spells a state key: every Go file of the module
// outside state/, tests excepted, is free of key prefixes and of the config
// key used as a key. A package that needs a key calls this package's
// builders (AccountKey, ConfigKey, ...), so the layout has one owner.
func TestNoOtherPackageSpellsAStateKey(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root not found above state/: %v", err)
	}
	fset := token.NewFileSet()
	files := 0
	var found []string
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			switch {
			case rel == "state", d.Name() == "testdata", d.Name() == "node_modules", d.Name() == "vendor",
				rel != "." && strings.HasPrefix(d.Name(), "."):
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		files++
		found = append(found, spelledKeys(fset, f)...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 50 {
		t.Fatalf("scanned only %d files under %s: the walk is broken", files, root)
	}
	for _, f := range found {
		t.Errorf("%s spells a state key: use package state's key builders", f)
	}
}

// The scan of TestNoOtherPackageSpellsAStateKey catches the ways a key is
// spelled, and leaves other uses of the same words alone.
func TestSpelledKeysDetector(t *testing.T) {
	const src = `package p

import "fmt"

type T struct {
	Config string ` + "`json:\"config\"`" + `
}

func f(r interface{ Get([]byte) ([]byte, error) }, id [32]byte) {
	_ = append([]byte("acct/"), id[:]...)   // 1
	_ = "evid/" + string(id[:])              // 2
	const p = "cfgh/"                        // 3
	_ = []byte("config")                     // 4
	r.Get([]byte("stor/x"))                  // 5
	_, _ = r.Get([]byte("config"))           // 6 (one report: the conversion)
	fmt.Println("config", "account", "gov", "code") // not keys
	_ = map[string]int{"config": 1}          // not a key
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	got := spelledKeys(fset, f)
	if len(got) != 6 {
		t.Fatalf("found %d spelled keys, want 6:\n%s", len(got), strings.Join(got, "\n"))
	}
}
