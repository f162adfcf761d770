package contracts

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi"
)

// compileScript compiles one Solidity file with solc-js (npm "solc", which
// bundles the compiler and works offline) for the Cancun EVM, resolving
// imports relative to the file, and prints the standard JSON output.
const compileScript = `
const fs = require('fs'), path = require('path'), solc = require('solc');
const file = path.resolve(process.argv[1]);
const dir = path.dirname(file);
const input = { language: 'Solidity', sources: { [path.basename(file)]: { content: fs.readFileSync(file, 'utf8') } },
  settings: { evmVersion: 'cancun', optimizer: { enabled: true, runs: 200 },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } } };
const imports = (p) => { try { return { contents: fs.readFileSync(path.resolve(dir, p), 'utf8') }; } catch (e) { return { error: e.message }; } };
process.stdout.write(solc.compile(JSON.stringify(input), { import: imports }));
`

// ErrNoCompiler is returned when Node.js or npm's solc cannot be found.
var ErrNoCompiler = errors.New("solc-js not found: install it with `npm ci` in the repository's contracts/ folder (or any parent folder of the .sol file), and make sure node is on PATH")

// CompileFile compiles a .sol file with solc-js and returns the contract
// called name (default: the file's base name).
func CompileFile(path, name string) (*Artifact, error) {
	if name == "" {
		name = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	}
	modules := findSolc(path)
	if modules == "" {
		return nil, ErrNoCompiler
	}
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, ErrNoCompiler
	}
	cmd := exec.Command(node, "-e", compileScript, path)
	cmd.Env = append(os.Environ(), "NODE_PATH="+modules)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("solc: %v: %s", err, errb.String())
	}
	var res struct {
		Errors []struct {
			Severity, FormattedMessage string
		}
		Contracts map[string]map[string]struct {
			ABI json.RawMessage
			EVM struct {
				Bytecode struct{ Object string }
			}
		}
	}
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		return nil, fmt.Errorf("solc output: %w", err)
	}
	var msgs []string
	for _, e := range res.Errors {
		if e.Severity == "error" {
			msgs = append(msgs, e.FormattedMessage)
		}
	}
	if len(msgs) > 0 {
		return nil, fmt.Errorf("compile %s:\n%s", path, strings.Join(msgs, "\n"))
	}
	for _, file := range res.Contracts {
		if c, ok := file[name]; ok {
			a, err := abi.JSON(bytes.NewReader(c.ABI))
			if err != nil {
				return nil, err
			}
			code, err := hex.DecodeString(c.EVM.Bytecode.Object)
			if err != nil {
				return nil, err
			}
			return &Artifact{Name: name, ABI: a, Bytecode: code, ABIJSON: c.ABI}, nil
		}
	}
	return nil, fmt.Errorf("%s defines no contract %q", path, name)
}

// findSolc looks for node_modules/solc in the file's folder and its parents,
// then in ./contracts and the executable's repository, and returns the
// node_modules folder.
func findSolc(file string) string {
	var starts []string
	if abs, err := filepath.Abs(file); err == nil {
		starts = append(starts, filepath.Dir(abs))
	}
	if wd, err := os.Getwd(); err == nil {
		starts = append(starts, filepath.Join(wd, "contracts"), wd)
	}
	for _, d := range starts {
		for {
			nm := filepath.Join(d, "node_modules")
			if _, err := os.Stat(filepath.Join(nm, "solc", "package.json")); err == nil {
				return nm
			}
			if c := filepath.Join(d, "contracts", "node_modules"); fileExists(filepath.Join(c, "solc", "package.json")) {
				return c
			}
			parent := filepath.Dir(d)
			if parent == d {
				break
			}
			d = parent
		}
	}
	return ""
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }
