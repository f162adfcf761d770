package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/services/judicial"
)

// The judicial scenario command on two running consortia (in process): it
// deposits on both chains, exports the case's package and verifies it
// offline; causeway verify-package then checks the written package with
// the two genesis files, refuses it with one genesis, and refuses a copy
// with a changed byte naming the deposit and field; the summary command
// writes out the PDF.
func TestScenarioJudicialCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("two consortia of 4 nodes")
	}
	notary := testnet.New(t, testnet.Options{Nodes: 4, ChainID: judicial.NotaryChain, OrgNames: []string{"notary-xuhui", judicial.Arbitration, judicial.Seller, judicial.Buyer}})
	court := testnet.New(t, testnet.Options{Nodes: 4, ChainID: judicial.CourtChain, OrgNames: []string{"court-pudong", judicial.Arbitration, judicial.Seller, judicial.Buyer}})
	dir := t.TempDir()
	nf, cf := filepath.Join(dir, "notary.json"), filepath.Join(dir, "court.json")
	if err := notary.Network.Save(nf); err != nil {
		t.Fatal(err)
	}
	if err := court.Network.Save(cf); err != nil {
		t.Fatal(err)
	}
	out, err := runCobra(t, judicialCmd(), "--notary-network", nf, "--court-network", cf, "--dir", dir, "--duration", "3s", "--batch", "10", "-o", "json")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var rep judicial.RunReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	cr := rep.Case
	if rep.Deposits == 0 || rep.DepositsPerSecond <= 0 || cr.Verification == nil || !cr.Verification.Valid || len(cr.Verification.Deposits) != 5 ||
		!cr.Tampered.Rejected || cr.Tampered.Code != "certificate" || !strings.HasSuffix(cr.Tampered.Field, "evidence.metadata.result") || cr.ExportMs <= 0 || cr.VerifyMs <= 0 {
		t.Fatalf("report: %s", out)
	}
	t.Logf("%.1f deposits/s, export %.0f ms, verify %.1f ms, package %d bytes", rep.DepositsPerSecond, cr.ExportMs, cr.VerifyMs, cr.Bytes)

	gn, gc := notary.Network.Genesis, court.Network.Genesis
	out, err = runCobra(t, verifyPackageCmd(), cr.Package, "--genesis", gn, "--genesis", gc)
	if err != nil || !strings.Contains(out, "VALID evidence package") || !strings.Contains(out, "验收记录-2026-11-02.pdf") ||
		!strings.Contains(out, "deposited by client@acme-trading of org acme-trading") || !strings.Contains(out, "on court-chain: block") {
		t.Fatalf("%v\n%s", err, out)
	}
	// The court trusts only one of the chains.
	out, err = runCobra(t, verifyPackageCmd(), cr.Package, "--genesis", gn, "-o", "json")
	var vr judicial.Report
	if !errors.Is(err, errPackageInvalid) || json.Unmarshal([]byte(out), &vr) != nil || vr.Code != "untrusted_genesis" || vr.Field != "manifest.chains[1]" {
		t.Fatalf("one genesis: %v\n%s", err, out)
	}
	// One byte of the file changed.
	raw, err := os.ReadFile(cr.Package)
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "tampered.json")
	changed := bytes.Replace(raw, []byte(`"file_name": "送货单-DN-5531.pdf"`), []byte(`"file_name": "送货单-DN-5532.pdf"`), 1)
	if bytes.Equal(changed, raw) {
		t.Fatal("the delivery note's file name is not in the package")
	}
	if err := os.WriteFile(bad, changed, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err = runCobra(t, verifyPackageCmd(), bad, "--genesis", gn, "--genesis", gc)
	if !errors.Is(err, errPackageInvalid) || !strings.Contains(out, "INVALID evidence package") || !strings.Contains(out, "field:   certificates[1].evidence.metadata.file_name") {
		t.Fatalf("tampered: %v\n%s", err, out)
	}
	// The summary, written out.
	pdf := filepath.Join(dir, "summary.pdf")
	if _, err := runCobra(t, judicialCmd(), "summary", cr.Package, "--out", pdf); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(pdf); err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("summary: %v", err)
	}
}
