package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Contract messages through the CLI alone, between two consortia from
// `causeway up` (issue 13): each chain registers the other, both authorise
// the token pair by governance, a transfer locked on A is relayed to B
// (crosschain messages relay), minted there, and its acknowledgement is
// relayed back (crosschain messages acks); status and sent read it with
// -o json; failures exit non-zero with one sentence.
func TestCrossChainMessagesCLI(t *testing.T) {
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
	pass := func(net string, args ...string) {
		t.Helper()
		var prop struct {
			ID string `json:"id"`
		}
		out := c.must(append(args, "--network", net, "--org", "org1", "-o", "json")...)
		if err := json.Unmarshal([]byte(out), &prop); err != nil || prop.ID == "" {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
		c.must("gov", "vote", prop.ID, "--network", net, "--org", "org2")
		c.must("gov", "vote", prop.ID, "--network", net, "--org", "org3")
	}
	pass(netA, "crosschain", "register", filepath.Join(dirB, "genesis.json"))
	pass(netB, "crosschain", "register", filepath.Join(dirA, "genesis.json"))
	c.must("crosschain", "update", "chain-b", "--network", netA, "--remote", netB)
	c.must("crosschain", "update", "chain-a", "--network", netB, "--remote", netA)

	art, _ := filepath.Abs("../../contracts/artifacts/CrossChainToken.json")
	deploy := func(net, supply string) string {
		t.Helper()
		var d struct {
			Address string `json:"contract_address"`
		}
		if err := json.Unmarshal([]byte(c.must("contract", "deploy", art, "TOK", supply, "--network", net, "-o", "json")), &d); err != nil || d.Address == "" {
			t.Fatalf("deploy: %v", err)
		}
		return strings.TrimPrefix(d.Address, "0x")
	}
	ta, tb := deploy(netA, "1000"), deploy(netB, "0")
	pass(netA, "crosschain", "messages", "authorize", "chain-b", ta, tb)
	pass(netB, "crosschain", "messages", "authorize", "chain-a", tb, ta)
	pad := "0x" + strings.Repeat("0", 24)
	c.must("contract", "call", ta, "setPeer", "chain-b", pad+tb, "--abi", art, "--network", netA)
	c.must("contract", "call", tb, "setPeer", "chain-a", pad+ta, "--abi", art, "--network", netB)

	bob := "0x000000000000000000000000000000000000b0b0"
	c.must("contract", "call", ta, "send", "chain-b", bob, "100", "2", "1000000", "--abi", art, "--network", netA)
	c.must("tx", "evidence", "--hash", strings.Repeat("ab", 32), "--network", netA) // the next block proves the send
	var relayed struct {
		Delivered int    `json:"delivered"`
		Next      uint64 `json:"next"`
		Txs       int    `json:"transactions"`
	}
	out := c.must("crosschain", "messages", "relay", "chain-a", "--network", netB, "--remote", netA, "-o", "json")
	if err := json.Unmarshal([]byte(out), &relayed); err != nil || relayed.Delivered != 1 || relayed.Next != 1 || relayed.Txs != 1 {
		t.Fatalf("relay: %v\n%s", err, out)
	}
	if got := c.must("contract", "query", tb, "balanceOf", bob, "--abi", art, "--network", netB); !strings.Contains(got, "100") {
		t.Fatalf("bob on B: %s", got)
	}
	// Again: nothing new (the message is received already).
	out = c.must("crosschain", "messages", "relay", "chain-a", "--network", netB, "--remote", netA, "-o", "json")
	if err := json.Unmarshal([]byte(out), &relayed); err != nil || relayed.Delivered != 0 || relayed.Txs != 0 {
		t.Fatalf("relay again: %v\n%s", err, out)
	}
	c.must("tx", "evidence", "--hash", strings.Repeat("cd", 32), "--network", netB)
	out = c.must("crosschain", "messages", "acks", "chain-b", "--network", netA, "--remote", netB, "-o", "json")
	if err := json.Unmarshal([]byte(out), &relayed); err != nil || relayed.Delivered != 1 {
		t.Fatalf("acks: %v\n%s", err, out)
	}
	var sent struct {
		Count uint64   `json:"count"`
		Last  []string `json:"last_ids"`
	}
	if err := json.Unmarshal([]byte(c.must("crosschain", "messages", "sent", "--network", netA, "-o", "json")), &sent); err != nil || sent.Count != 1 || len(sent.Last) != 1 {
		t.Fatalf("sent: %v %+v", err, sent)
	}
	var st struct {
		State string `json:"state"`
		Peer  string `json:"peer_chain"`
	}
	if err := json.Unmarshal([]byte(c.must("crosschain", "messages", "status", sent.Last[0], "--network", netA, "-o", "json")), &st); err != nil || st.State != "ack_success" || st.Peer != "chain-b" {
		t.Fatalf("status on A: %v %+v", err, st)
	}
	if err := json.Unmarshal([]byte(c.must("crosschain", "messages", "status", sent.Last[0], "--from", "chain-a", "--network", netB, "-o", "json")), &st); err != nil || st.State != "success" {
		t.Fatalf("status on B: %v %+v", err, st)
	}
	if got := c.must("crosschain", "messages", "status", sent.Last[0], "--network", netA); !strings.Contains(got, "ack_success") {
		t.Fatalf("status:\n%s", got)
	}

	// Failures exit non-zero with a sentence.
	for _, args := range [][]string{
		{"crosschain", "messages", "status", strings.Repeat("00", 32), "--network", netA},
		{"crosschain", "messages", "status", "xyz", "--network", netA},
		{"crosschain", "messages", "relay", "chain-z", "--network", netB, "--remote", netA},
		{"crosschain", "messages", "authorize", "chain-b", "0x12", tb, "--network", netA, "--org", "org1"},
	} {
		if _, err := c.run(args...); err == nil || !strings.Contains(err.Error(), "error: ") {
			t.Fatalf("causeway %s: want a failure with a sentence, got %v", strings.Join(args, " "), err)
		}
	}
}
