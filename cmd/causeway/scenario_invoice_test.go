package main

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/services/metro"
)

// runInvoiceCmd runs `invoice ARGS...` in process and returns what it
// printed on standard output.
func runInvoiceCmd(t *testing.T, args ...string) (string, error) {
	t.Helper()
	return runCobra(t, metroInvoiceCmd(), args...)
}

// runCobra runs command c with args in process and returns its standard output.
func runCobra(t *testing.T, c *cobra.Command, args ...string) (string, error) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdout
	os.Stdout = w
	done := make(chan string)
	go func() { b, _ := io.ReadAll(r); done <- string(b) }()
	c.SetArgs(args)
	c.SilenceUsage, c.SilenceErrors = true, true
	err = c.Execute()
	w.Close()
	os.Stdout = old
	return <-done, err
}

// The invoice commands on a consortium of two cities and a tax bureau: an
// employer is created and registered, a paid ride's invoice is issued with
// its PDF, reimbursed once, listed by the tax bureau, and its QR code
// verifies offline with the genesis alone (a tampered one does not).
func TestScenarioInvoiceCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("a consortium of 3 nodes")
	}
	names := []string{"shanghai", "ningbo", "taxbureau"}
	c := testnet.New(t, testnet.Options{Nodes: 3, OrgNames: names})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dir := t.TempDir()
	d, err := metro.Setup(ctx, metro.SetupConfig{Network: c.Network, Cities: names[:2], TaxBureau: "taxbureau", Dir: dir, Rules: metro.FareRules{Stations: 8, Zones: 2, Base: 200, PerZone: 100, Max: 1000}})
	if err != nil {
		t.Fatal(err)
	}
	netFile := filepath.Join(dir, "network.json")
	if err := c.Network.Save(netFile); err != nil {
		t.Fatal(err)
	}
	// A ride of a Shanghai rider at Ningbo's gates, paid.
	nb, err := d.Connect(ctx, c.Network, "ningbo")
	if err != nil {
		t.Fatal(err)
	}
	defer nb.Client.Close()
	sh, err := d.Connect(ctx, c.Network, "shanghai")
	if err != nil {
		t.Fatal(err)
	}
	defer sh.Client.Close()
	code, _ := metro.CodeOf("ningbo")
	id := metro.RideID(code, "gate-cli", 1)
	if _, err := nb.RecordRide(ctx, metro.Ride{ID: metro.Hex(id), Rider: metro.Hex(metro.RiderID([]byte("k"), "r1")), Home: "shanghai", City: "ningbo",
		Entry: 1, Exit: 8, EntryAt: "2026-12-01T08:00:00Z", ExitAt: "2026-12-01T08:30:00Z", Fare: 300}); err != nil {
		t.Fatal(err)
	}
	if err := sh.ConfirmPayment(ctx, id, [32]byte{9}); err != nil {
		t.Fatal(err)
	}
	common := []string{"--network", netFile, "--deployment", dir, "-o", "json"}

	if _, err := runInvoiceCmd(t, append([]string{"employer", "acme", "--title", "宁波某公司"}, common...)...); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(dir, "invoice.pdf")
	out, err := runInvoiceCmd(t, append([]string{"issue", metro.Hex(id), "NB-0001", "--city", "ningbo", "--buyer", "宁波某公司", "--employer", "acme", "--pdf", pdf}, common...)...)
	if err != nil {
		t.Fatal(err)
	}
	var issued invoiceJSON
	if err := json.Unmarshal([]byte(out), &issued); err != nil || issued.QR == "" || issued.Content.Amount != 300 {
		t.Fatalf("issue -o json: %v\n%s", err, out)
	}
	if _, err := os.Stat(pdf); err != nil {
		t.Fatal(err)
	}
	if _, err := runInvoiceCmd(t, append([]string{"issue", metro.Hex(id), "NB-0002", "--city", "ningbo", "--buyer", "x"}, common...)...); err == nil || !strings.Contains(err.Error(), "already has an invoice") {
		t.Fatalf("a second invoice: %v", err)
	}
	if _, err := runInvoiceCmd(t, append([]string{"reimburse", "NB-0001", "--employer", "acme"}, common...)...); err != nil {
		t.Fatal(err)
	}
	if _, err := runInvoiceCmd(t, append([]string{"reimburse", "NB-0001", "--employer", "acme"}, common...)...); err == nil || !strings.Contains(err.Error(), "already reimbursed") {
		t.Fatalf("a second reimbursement: %v", err)
	}
	out, err = runInvoiceCmd(t, append([]string{"list"}, common...)...)
	if err != nil {
		t.Fatal(err)
	}
	var list []auditedJSON
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) != 1 || list[0].Content == nil || list[0].Content.Buyer != "宁波某公司" || list[0].ReimbursedBy == "" {
		t.Fatalf("list -o json: %v\n%s", err, out)
	}

	// Offline: the genesis only.
	genesis := c.Network.Genesis
	out, err = runInvoiceCmd(t, "verify-qr", issued.QR, "--genesis", genesis, "--contract", d.Contract, "-o", "json")
	if err != nil || !strings.Contains(out, `"valid": true`) {
		t.Fatalf("verify-qr: %v\n%s", err, out)
	}
	out, err = runInvoiceCmd(t, "verify-qr", issued.QR[:len(issued.QR)-9]+"000000000", "--genesis", genesis, "-o", "json")
	if err == nil || !strings.Contains(out, `"valid": false`) {
		t.Fatalf("verify-qr of a damaged QR code: %v\n%s", err, out)
	}
	// `pdf` prints it again from the chain.
	out, err = runInvoiceCmd(t, append([]string{"pdf", issued.TxHash, "--city", "ningbo", "--out", filepath.Join(dir, "again.pdf")}, common...)...)
	if err != nil || !strings.Contains(out, "NB-0001") {
		t.Fatalf("pdf: %v\n%s", err, out)
	}

	// The city commands: the gate, a mark by shanghai seen at ningbo's
	// gate, its removal, the positions, and approve-city of a city that exists.
	cityArgs := func(org string, args ...string) []string {
		return append(args, "--network", netFile, "--deployment", dir, "--org", org, "-o", "json")
	}
	rider := metro.Hex(metro.RiderID([]byte("k"), "r2"))
	gate := func(org string) map[string]any {
		t.Helper()
		out, err := runCobra(t, metroCmd(), cityArgs(org, "gate", rider)...)
		var m map[string]any
		if err != nil || json.Unmarshal([]byte(out), &m) != nil {
			t.Fatalf("gate: %v\n%s", err, out)
		}
		return m
	}
	if m := gate("ningbo"); m["allowed"] != true {
		t.Fatalf("gate of an unmarked rider: %v", m)
	}
	if _, err := runCobra(t, metroCmd(), cityArgs("shanghai", "mark", rider, "--reason", "unpaid-fare", "--ttl", "1h")...); err != nil {
		t.Fatal(err)
	}
	if m := gate("ningbo"); m["allowed"] != false || m["marked_by"] != "shanghai" || m["reason"] != "unpaid-fare" {
		t.Fatalf("gate of a marked rider at another city: %v", m)
	}
	if _, err := runCobra(t, metroCmd(), cityArgs("ningbo", "mark", rider, "--remove")...); err == nil {
		t.Fatal("ningbo removed shanghai's mark")
	}
	if _, err := runCobra(t, metroCmd(), cityArgs("shanghai", "mark", rider, "--remove")...); err != nil {
		t.Fatal(err)
	}
	if m := gate("ningbo"); m["allowed"] != true {
		t.Fatalf("gate after the mark's removal: %v", m)
	}
	if _, err := runCobra(t, metroCmd(), cityArgs("shanghai", "gate", "beef")...); err == nil {
		t.Fatal("gate accepted a rider id that is not 64 hex digits")
	}
	out, err = runCobra(t, metroCmd(), cityArgs("shanghai", "positions")...)
	var pos []map[string]any
	if err != nil || json.Unmarshal([]byte(out), &pos) != nil || len(pos) != 1 || pos[0]["a"] != "ningbo" || pos[0]["rides"] != float64(1) || pos[0]["net"] != "-300" {
		t.Fatalf("positions: %v\n%s", err, out)
	}
	out, err = runCobra(t, metroCmd(), cityArgs("shanghai", "approve-city", "ningbo", "ningbo")...)
	if err != nil || !strings.Contains(out, `"admitted": true`) {
		t.Fatalf("approve-city of a city that exists: %v\n%s", err, out)
	}
}
