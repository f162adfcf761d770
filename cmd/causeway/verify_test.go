package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/causeway/causeway/internal/testnet"
)

// runCLI runs the evidence and verify commands in process and returns what
// they printed on standard output.
func runCLI(t *testing.T, args ...string) (string, error) {
	t.Helper()
	root := &cobra.Command{Use: "causeway", SilenceUsage: true, SilenceErrors: true}
	root.AddCommand(verifyCmd(), evidenceCmd())
	root.SetArgs(args)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout := os.Stdout
	os.Stdout = w
	root.SetOut(w)
	done := make(chan []byte)
	go func() { b, _ := io.ReadAll(r); done <- b }()
	err = root.Execute()
	w.Close()
	os.Stdout = stdout
	return string(<-done), err
}

// The evidence commands deposit a file and fetch its certificate; with every
// node stopped, `causeway verify` checks it offline: it passes with the
// original file and prints who deposited what and when, and fails (non-zero
// exit) on a changed file or a changed certificate.
func TestEvidenceCLIAndOfflineVerify(t *testing.T) {
	c := testnet.New(t, testnet.Options{Nodes: 4})
	nw := filepath.Join(c.Layout.Dir, "network.json")
	dir := t.TempDir()
	file := filepath.Join(dir, "contract.txt")
	if err := os.WriteFile(file, []byte("the original contract\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := runCLI(t, "evidence", "deposit", "--network", nw, "--file", file, "--meta", "owner=Acme Ltd", "-o", "json")
	if err != nil {
		t.Fatalf("deposit: %v\n%s", err, out)
	}
	var d struct {
		ID     string `json:"id"`
		Height uint64 `json:"height"`
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil || len(d.ID) != 64 {
		t.Fatalf("deposit output %q: %v", out, err)
	}
	if out, err := runCLI(t, "evidence", "get", d.ID, "--network", nw); err != nil || !strings.Contains(out, "owner: Acme Ltd") {
		t.Fatalf("get: %v\n%s", err, out)
	}
	cert := filepath.Join(dir, "certificate.json")
	if out, err := runCLI(t, "evidence", "certificate", d.ID, "--network", nw, "--out", cert); err != nil {
		t.Fatalf("certificate: %v\n%s", err, out)
	}
	pdf := filepath.Join(dir, "certificate.pdf")
	if out, err := runCLI(t, "evidence", "certificate", d.ID, "--network", nw, "--format", "pdf", "--out", pdf); err != nil {
		t.Fatalf("certificate pdf: %v\n%s", err, out)
	}
	if b, _ := os.ReadFile(pdf); !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	genesis := filepath.Join(c.Layout.Dir, "genesis.json")

	// Offline from here on.
	c.StopAll()
	out, err = runCLI(t, "verify", cert, "--file", file, "--genesis", genesis)
	if err != nil {
		t.Fatalf("verify: %v\n%s", err, out)
	}
	for _, want := range []string{"VALID certificate of deposit " + d.ID, "contract.txt matches", "owner:", "Acme Ltd", "deposited by client", "of org org1", "deposited at", "certified at block", "node 1 (org1)"} {
		if !strings.Contains(out, want) {
			t.Errorf("verify output lacks %q:\n%s", want, out)
		}
	}
	t.Log(out)
	out, err = runCLI(t, "verify", cert, "--file", file, "--genesis", genesis, "-o", "json")
	var rep struct {
		Valid bool `json:"valid"`
	}
	if err != nil || json.Unmarshal([]byte(out), &rep) != nil || !rep.Valid {
		t.Fatalf("verify -o json: %v\n%s", err, out)
	}

	// A changed file.
	changed := filepath.Join(dir, "changed.txt")
	os.WriteFile(changed, []byte("the original contract!\n"), 0o644)
	if out, err := runCLI(t, "verify", cert, "--file", changed, "--genesis", genesis); err == nil || !strings.Contains(out, "INVALID") || !strings.Contains(out, "file does not match") {
		t.Fatalf("changed file: %v\n%s", err, out)
	}
	// A changed certificate (the block time the certificate claims).
	raw, _ := os.ReadFile(cert)
	var m map[string]any
	json.Unmarshal(raw, &m)
	m["evidence"].(map[string]any)["time_ms"] = 1
	forged, _ := json.Marshal(m)
	fc := filepath.Join(dir, "forged.json")
	os.WriteFile(fc, forged, 0o644)
	if out, err := runCLI(t, "verify", fc, "--file", file, "--genesis", genesis, "-o", "json"); err == nil || !strings.Contains(out, "certificate_mismatch") {
		t.Fatalf("changed certificate: %v\n%s", err, out)
	}
	// Without the chain's genesis.
	if _, err := runCLI(t, "verify", cert, "--genesis", filepath.Join(dir, "missing.json")); err == nil {
		t.Fatal("verified without a genesis")
	}
}
