package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// As a user would: deploy the ERC-20 example with the CLI, transfer, see the
// Transfer event decoded, and query the balances; with solc-js installed,
// deploy straight from the .sol source too.
func TestContractCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("multi-process")
	}
	bin := buildCauseway(t)
	dir := filepath.Join(t.TempDir(), "net")
	c := cli{t: t, bin: bin, env: append(os.Environ(), "XDG_CONFIG_HOME="+t.TempDir())}
	c.must("up", "--dir", dir, "--base-port", "0")
	t.Cleanup(func() { c.run("down", "--dir", dir) })
	art, _ := filepath.Abs("../../contracts/artifacts/Token.json")

	out := c.must("contract", "deploy", art, "Metro Credit", "MRC", "1000", "-o", "json")
	var dep struct {
		Address string `json:"contract_address"`
		Status  string `json:"status"`
	}
	if err := json.Unmarshal([]byte(out), &dep); err != nil || dep.Address == "" {
		t.Fatalf("deploy output %q: %v", out, err)
	}
	to := "0x00000000000000000000000000000000000000aa"
	out = c.must("contract", "call", dep.Address, "transfer", to, "25", "--abi", art)
	if !strings.Contains(out, "event Transfer(from=0x") || !strings.Contains(out, "value=25)") || !strings.Contains(out, "returned true") {
		t.Fatalf("call output lacks the decoded event: %s", out)
	}
	if got := strings.TrimSpace(c.must("contract", "query", dep.Address, "balanceOf", to, "--abi", art, "--node", "2")); got != "25" {
		t.Fatalf("balanceOf = %q", got)
	}
	// A revert is reported with its reason, and the command fails.
	out, err := c.run("contract", "call", dep.Address, "transfer", to, "100000", "--abi", art)
	if err == nil || !strings.Contains(out, "exceeds balance") {
		t.Fatalf("over-transfer: %v\n%s", err, out)
	}
	// From source, when solc-js is installed (CI installs it: contracts/ npm ci).
	src, _ := filepath.Abs("../../contracts/src/Token.sol")
	if _, err := os.Stat("../../contracts/node_modules/solc"); err == nil {
		out = c.must("contract", "deploy", src, "FromSource", "SRC", "7", "-o", "json")
		if !strings.Contains(out, "contract_address") {
			t.Fatalf("deploy from source: %s", out)
		}
	} else {
		t.Log("solc-js not installed in contracts/: skipped deploying from .sol")
	}
}
