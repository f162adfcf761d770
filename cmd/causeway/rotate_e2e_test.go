package main_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/causeway/causeway/sdk"
)

// As an operator would, with the causeway binary and the commands of the
// rotation procedure: on a running 4-org consortium (separate node
// processes), node 1's TLS and signing certificates are rotated, then org2's
// CA (and node 2 onto it). No node process restarts; transactions commit
// throughout; after each overlap the old material is refused.
func TestMultiProcessCertRotation(t *testing.T) {
	if testing.Short() {
		t.Skip("multi-process")
	}
	start := time.Now()
	bin := buildCauseway(t)
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "net")
	c := cli{t: t, bin: bin, env: append(os.Environ(), "XDG_CONFIG_HOME="+filepath.Join(tmp, "config"))}
	c.mustT("up", "--orgs", "4", "--dir", dir, "--base-port", "0")
	t.Cleanup(func() { c.runT(30*time.Second, "down", "--dir", dir) })
	pids := func() string {
		var s []string
		for i := 1; i <= 4; i++ {
			b, _ := os.ReadFile(filepath.Join(dir, "nodes", fmt.Sprintf("node%d", i), "node.pid"))
			s = append(s, strings.TrimSpace(string(b)))
		}
		return strings.Join(s, ",")
	}
	pidsBefore := pids()
	k := 0
	deposit := func(args ...string) uint64 {
		t.Helper()
		k++
		out := c.mustT(append([]string{"tx", "evidence", "--hash", fmt.Sprintf("%064x", 5000+k), "-o", "json"}, args...)...)
		var r struct {
			Height json.Number `json:"height"` // a number since the one JSON codec; a string before
		}
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("tx output %q: %v", out, err)
		}
		h, _ := strconv.ParseUint(r.Height.String(), 10, 64)
		return h
	}
	jsonOf := func(out string, v any) {
		t.Helper()
		if err := json.Unmarshal([]byte(out), v); err != nil {
			t.Fatalf("output %q: %v", out, err)
		}
	}
	type proposal struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	}
	pass := func(args []string, voters ...string) {
		t.Helper()
		var p proposal
		jsonOf(c.mustT(append(append([]string{"gov", "propose"}, args...), "-o", "json")...), &p)
		for _, v := range voters {
			c.mustT("gov", "vote", p.ID, "--org", v)
		}
		jsonOf(c.mustT("gov", "show", p.ID, "-o", "json"), &p)
		if p.Status != "executed" {
			t.Fatalf("proposal %v is %s", args, p.Status)
		}
	}
	type cfgNode struct {
		ID       uint64 `json:"id"`
		TLSCert  string `json:"tls_cert"`
		Retiring int64  `json:"retiring_until_ms"`
	}
	type cfgOrg struct {
		Name     string `json:"name"`
		CACert   string `json:"ca_cert"`
		Retiring int64  `json:"retiring_ca_until_ms"`
	}
	config := func() (nodes []cfgNode, orgs []cfgOrg) {
		var cfg struct {
			Nodes []cfgNode `json:"nodes"`
			Orgs  []cfgOrg  `json:"orgs"`
		}
		jsonOf(c.mustT("gov", "config", "-o", "json"), &cfg)
		return cfg.Nodes, cfg.Orgs
	}
	h0 := deposit()

	// --- Node 1: new TLS and signing certificates. ----------------------
	var ncfg struct {
		P2P string `json:"p2p_listen"`
	}
	node1 := filepath.Join(dir, "nodes", "node1")
	b, _ := os.ReadFile(filepath.Join(node1, "node.json"))
	jsonOf(string(b), &ncfg)
	newDir := filepath.Join(tmp, "node1-v2")
	var issued struct {
		TLSCert  string `json:"tls_cert"`
		SignCert string `json:"sign_cert"`
	}
	jsonOf(c.mustT("cert", "issue-node", "--org-dir", filepath.Join(dir, "orgs", "org1"), "--node-id", "1", "--p2p", ncfg.P2P, "--out", newDir, "-o", "json"), &issued)
	var staged struct {
		TLSSerial  string `json:"tls_serial"`
		SignSerial string `json:"sign_serial"`
	}
	jsonOf(c.mustT("node", "stage-rotation", "--config", filepath.Join(node1, "node.json"), "--from", newDir, "-o", "json"), &staged)
	if staged.TLSSerial == "" || staged.SignSerial == "" {
		t.Fatalf("stage-rotation: %+v", staged)
	}
	oldTLS, _ := os.ReadFile(filepath.Join(node1, "tls", "cert.pem"))
	newTLS, _ := os.ReadFile(issued.TLSCert)
	pass([]string{"rotate-node-cert", "--org", "org1", "--node-id", "1", "--tls-cert", issued.TLSCert, "--sign-cert", issued.SignCert, "--overlap", "3s"}, "org2", "org3")
	// The running node switches and saves its new material.
	eventually(t, "node 1 to switch to its new certificates", 20*time.Second, func() (bool, string) {
		cur, _ := os.ReadFile(filepath.Join(node1, "tls", "cert.pem"))
		log, _ := os.ReadFile(filepath.Join(node1, "node.log"))
		return bytes.Equal(cur, newTLS) && strings.Contains(string(log), "now signing with the new consensus key"), ""
	})
	during := deposit("--node", "0")
	nodes, _ := config()
	if nodes[0].Retiring == 0 || nodes[0].TLSCert != string(newTLS) {
		t.Fatalf("during the overlap, node 1 in the configuration: %+v", nodes[0])
	}
	// Transactions through node 1 and the others keep committing; the
	// overlap ends with the first block at or after its end.
	eventually(t, "the end of node 1's overlap", 30*time.Second, func() (bool, string) {
		deposit("--node", "0")
		nodes, _ := config()
		return nodes[0].Retiring == 0, fmt.Sprintf("%+v", nodes[0])
	})
	after := deposit("--node", "0")
	if out, _ := os.ReadFile(filepath.Join(node1, "tls", "cert.pem.retired")); !bytes.Equal(out, oldTLS) {
		t.Fatal("node 1 did not keep its old TLS certificate as cert.pem.retired")
	}

	// --- org2: a new CA, then node 2 onto it. ---------------------------
	org2 := filepath.Join(dir, "orgs", "org2")
	var prep struct {
		CACert string `json:"ca_cert"`
	}
	jsonOf(c.mustT("org", "rotate-ca", "--org-dir", org2, "-o", "json"), &prep)
	oldClientCert := filepath.Join(org2, "client", "cert.pem")
	oldClient, _ := os.ReadFile(oldClientCert)
	pass([]string{"rotate-ca", "--org", "org2", "--ca-cert", prep.CACert, "--overlap", "15s"}, "org3", "org4")
	var adopted struct {
		Retired string `json:"retired"`
	}
	jsonOf(c.mustT("org", "adopt-ca", "--org-dir", org2, "-o", "json"), &adopted)
	// Clients check node certificates against the bundle: add the new CA.
	newCA, _ := os.ReadFile(filepath.Join(org2, "ca", "ca.crt"))
	bundle, _ := os.ReadFile(filepath.Join(dir, "ca-bundle.pem"))
	if err := os.WriteFile(filepath.Join(dir, "ca-bundle.pem"), append(bundle, newCA...), 0o644); err != nil {
		t.Fatal(err)
	}
	// A network file whose org2 client still holds the old CA's certificate.
	nw, err := sdk.LoadNetwork(filepath.Join(dir, "network.json"))
	if err != nil {
		t.Fatal(err)
	}
	oldCert := filepath.Join(tmp, "org2-old-client.pem")
	if err := os.WriteFile(oldCert, oldClient, 0o644); err != nil {
		t.Fatal(err)
	}
	for i := range nw.Orgs {
		if nw.Orgs[i].Name == "org2" {
			nw.Orgs[i].Client.Cert = oldCert
		}
	}
	oldNet := filepath.Join(tmp, "old-org2.json")
	if err := nw.Save(oldNet); err != nil {
		t.Fatal(err)
	}
	reachable := func(args ...string) int {
		out, _ := c.runT(30*time.Second, append([]string{"status", "-o", "json"}, args...)...)
		var st statusOf
		_ = json.Unmarshal([]byte(out), &st)
		n := 0
		for _, nd := range st.Nodes {
			if nd.Reachable {
				n++
			}
		}
		return n
	}
	// During the overlap, the old CA's client and the new CA's client are served.
	if n := reachable("--network", oldNet, "--org", "org2"); n != 4 {
		t.Fatalf("during the overlap, the old CA's client reaches %d nodes", n)
	}
	if n := reachable("--org", "org2"); n != 4 {
		t.Fatalf("the new CA's client reaches %d nodes", n)
	}
	node2 := filepath.Join(dir, "nodes", "node2")
	b, _ = os.ReadFile(filepath.Join(node2, "node.json"))
	jsonOf(string(b), &ncfg)
	new2 := filepath.Join(tmp, "node2-v2")
	jsonOf(c.mustT("cert", "issue-node", "--org-dir", org2, "--node-id", "2", "--p2p", ncfg.P2P, "--out", new2, "-o", "json"), &issued)
	c.mustT("node", "stage-rotation", "--config", filepath.Join(node2, "node.json"), "--from", new2)
	pass([]string{"rotate-node-cert", "--org", "org2", "--node-id", "2", "--tls-cert", issued.TLSCert, "--sign-cert", issued.SignCert, "--overlap", "2s"}, "org3", "org4")
	eventually(t, "the end of org2's CA overlap", 45*time.Second, func() (bool, string) {
		deposit("--node", "1")
		_, orgs := config()
		return orgs[1].Retiring == 0, fmt.Sprintf("%+v", orgs[1].Retiring)
	})
	if n := reachable("--network", oldNet, "--org", "org2"); n != 0 {
		t.Fatalf("after the overlap, the old CA's client reaches %d nodes", n)
	}
	if n := reachable("--org", "org2"); n != 4 {
		t.Fatalf("after the overlap, the new CA's client reaches %d nodes", n)
	}
	final := deposit("--node", "1")
	if pids() != pidsBefore {
		t.Fatalf("node processes changed: %s, then %s", pidsBefore, pids())
	}
	if !(h0 < during && during < after && after < final) {
		t.Fatalf("heights did not advance: %d, %d, %d, %d", h0, during, after, final)
	}
	t.Logf("heights %d → %d → %d → %d, no restart, done in %.1fs", h0, during, after, final, time.Since(start).Seconds())
}
