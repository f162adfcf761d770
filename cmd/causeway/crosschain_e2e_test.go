package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// As a user would, with two consortia made by `causeway up`: chain A's
// members register a light client of chain B (crosschain register, gov
// vote), a member relays B's headers (crosschain update), lists and reads
// them (clients, header), and proves on A that an evidence record exists
// on B with its deposit time (crosschain evidence); every command prints
// JSON with -o json, and a failing one exits non-zero with a sentence.
func TestCrossChainCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("multi-process")
	}
	bin := buildCauseway(t)
	base := t.TempDir()
	dirA, dirB := filepath.Join(base, "chain-a"), filepath.Join(base, "chain-b")
	c := cli{t: t, bin: bin, env: append(os.Environ(), "XDG_CONFIG_HOME="+t.TempDir())}
	c.must("up", "--dir", dirB, "--chain-id", "chain-b", "--base-port", "0")
	t.Cleanup(func() { c.run("down", "--dir", dirB) })
	c.must("up", "--dir", dirA, "--chain-id", "chain-a", "--base-port", "0")
	t.Cleanup(func() { c.run("down", "--dir", dirA) })
	netA, netB := filepath.Join(dirA, "network.json"), filepath.Join(dirB, "network.json")
	var prop struct {
		ID      string `json:"id"`
		Action  string `json:"action"`
		Summary string `json:"summary"`
	}
	out := c.must("crosschain", "register", filepath.Join(dirB, "genesis.json"), "--network", netA, "--org", "org1", "-o", "json")
	if err := json.Unmarshal([]byte(out), &prop); err != nil || prop.Action != "register_light_client" || !strings.Contains(prop.Summary, "chain-b") {
		t.Fatalf("register: %v\n%s", err, out)
	}
	c.must("gov", "vote", prop.ID, "--network", netA, "--org", "org2")
	c.must("gov", "vote", prop.ID, "--network", netA, "--org", "org3")

	// B's latest header reaches A.
	var relayed struct {
		Height  uint64   `json:"height"`
		Latest  uint64   `json:"latest_height"`
		Nodes   []uint64 `json:"nodes"`
		Updates []string `json:"updates"`
	}
	out = c.must("crosschain", "update", "chain-b", "--network", netA, "--remote", netB, "-o", "json")
	if err := json.Unmarshal([]byte(out), &relayed); err != nil || relayed.Height == 0 || relayed.Latest != relayed.Height || len(relayed.Nodes) != 4 || len(relayed.Updates) != 1 {
		t.Fatalf("update: %v\n%s", err, out)
	}
	out = c.must("crosschain", "clients", "--network", netA, "-o", "json")
	var list []struct {
		ChainID      string `json:"chain_id"`
		LatestHeight uint64 `json:"latest_height"`
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) != 1 || list[0].ChainID != "chain-b" || list[0].LatestHeight != relayed.Height {
		t.Fatalf("clients: %v\n%s", err, out)
	}
	if out = c.must("crosschain", "clients", "chain-b", "--network", netA); !strings.Contains(out, "nodes [1 2 3 4]") {
		t.Fatalf("clients chain-b:\n%s", out)
	}
	var hdr struct {
		Header struct {
			ChainID string `json:"chain_id"`
			Height  uint64 `json:"height"`
		} `json:"header"`
		Signatures []json.RawMessage `json:"signatures"`
	}
	out = c.must("crosschain", "header", "chain-b", "--network", netA, "-o", "json")
	if err := json.Unmarshal([]byte(out), &hdr); err != nil || hdr.Header.ChainID != "chain-b" || hdr.Header.Height != relayed.Height || len(hdr.Signatures) < 3 {
		t.Fatalf("header: %v\n%s", err, out)
	}

	// An evidence record deposited on B, proven on A.
	var dep struct {
		TxHash string `json:"tx_hash"`
	}
	if err := json.Unmarshal([]byte(c.must("tx", "evidence", "--file", bin, "--network", netB, "-o", "json")), &dep); err != nil || dep.TxHash == "" {
		t.Fatalf("deposit on B: %v", err)
	}
	c.must("tx", "evidence", "--hash", strings.Repeat("ab", 32), "--network", netB) // the next block certifies it
	var ev struct {
		Valid         bool   `json:"valid"`
		EvidenceID    string `json:"evidence_id"`
		Height        uint64 `json:"height"`
		TimeMs        int64  `json:"time_ms"`
		DepositHeight uint64 `json:"deposit_height"`
		Record        string `json:"record"`
		Proof         string `json:"proof"`
	}
	out = c.must("crosschain", "evidence", "chain-b", dep.TxHash, "--network", netA, "--remote", netB, "-o", "json")
	if err := json.Unmarshal([]byte(out), &ev); err != nil || !ev.Valid || ev.EvidenceID != dep.TxHash || ev.TimeMs == 0 || ev.DepositHeight == 0 {
		t.Fatalf("evidence: %v\n%s", err, out)
	}
	var onB struct {
		TimeMs int64 `json:"time_ms"`
	}
	if err := json.Unmarshal([]byte(c.must("evidence", "get", dep.TxHash, "--network", netB, "-o", "json")), &onB); err != nil || onB.TimeMs != ev.TimeMs {
		t.Fatalf("deposit time proven on A %d, B holds %d (%v)", ev.TimeMs, onB.TimeMs, err)
	}

	// A contract on A proves it and reads the deposit time, from the
	// record and proof the command printed.
	art, _ := filepath.Abs("../../contracts/artifacts/RemoteEvidenceCheck.json")
	var deployed struct {
		Address string `json:"contract_address"`
	}
	if err := json.Unmarshal([]byte(c.must("contract", "deploy", art, "chain-b", "--network", netA, "-o", "json")), &deployed); err != nil || deployed.Address == "" {
		t.Fatalf("deploy RemoteEvidenceCheck: %v", err)
	}
	out = c.must("contract", "call", deployed.Address, "attest", strconv.FormatUint(ev.Height, 10), "0x"+dep.TxHash, "0x"+ev.Record, "0x"+ev.Proof,
		"--abi", art, "--network", netA)
	if !strings.Contains(out, "RemoteEvidenceAttested") || !strings.Contains(out, strconv.FormatInt(ev.TimeMs, 10)) {
		t.Fatalf("attest:\n%s", out)
	}
	if got := c.must("contract", "query", deployed.Address, "depositTime", "0x"+dep.TxHash, "--abi", art, "--network", netA); !strings.Contains(got, strconv.FormatInt(ev.TimeMs, 10)) {
		t.Fatalf("depositTime: %s", got)
	}

	// Failures exit non-zero with a sentence.
	for _, args := range [][]string{
		{"crosschain", "header", "chain-z", "--network", netA},
		{"crosschain", "update", "chain-z", "--network", netA, "--remote", netB},
		{"crosschain", "update", "chain-b", "--network", netA},
		{"crosschain", "evidence", "chain-b", strings.Repeat("00", 32), "--network", netA, "--remote", netB},
	} {
		if _, err := c.run(args...); err == nil || !strings.Contains(err.Error(), "error: ") {
			t.Fatalf("causeway %s: want a failure with a sentence, got %v", strings.Join(args, " "), err)
		} else {
			t.Logf("%s", strings.TrimSpace(err.Error()[strings.LastIndex(err.Error(), "error: "):]))
		}
	}
}
