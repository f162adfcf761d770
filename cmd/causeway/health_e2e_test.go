package main_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// After governance removes node 4, `causeway status` shows it as removed,
// not ready, with the reason (text and -o json), its admin /healthz answers
// 503, and the members stay serving.
func TestStatusShowsNodeRemovedByGovernance(t *testing.T) {
	if testing.Short() {
		t.Skip("multi-process")
	}
	bin := buildCauseway(t)
	dir := filepath.Join(t.TempDir(), "net")
	c := cli{t: t, bin: bin, env: append(os.Environ(), "XDG_CONFIG_HOME="+t.TempDir())}
	c.must("up", "--dir", dir, "--base-port", "0")
	t.Cleanup(func() { c.run("down", "--dir", dir) })

	var prop struct {
		ID string `json:"id"`
	}
	out := c.mustT("gov", "propose", "remove-node", "4", "--org", "org1", "-o", "json")
	if err := json.Unmarshal([]byte(out), &prop); err != nil || prop.ID == "" {
		t.Fatalf("propose output %q: %v", out, err)
	}
	c.mustT("gov", "vote", prop.ID, "--org", "org2")
	c.mustT("gov", "vote", prop.ID, "--org", "org3")

	type node struct {
		ID     uint64 `json:"id"`
		Health string `json:"health"`
		Ready  bool   `json:"ready"`
		Reason string `json:"reason"`
	}
	var st struct {
		Nodes []node `json:"nodes"`
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		out = c.must("status", "-o", "json")
		if err := json.Unmarshal([]byte(out), &st); err != nil {
			t.Fatal(err)
		}
		if len(st.Nodes) == 4 && st.Nodes[3].Health == "removed" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("status never showed node 4 removed: %s", out)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if n := st.Nodes[3]; n.Ready || !strings.Contains(n.Reason, "removed from the node set by governance") {
		t.Fatalf("node 4: %+v", n)
	}
	for _, n := range st.Nodes[:3] {
		if n.Health != "serving" || !n.Ready || n.Reason != "" {
			t.Fatalf("member %+v", n)
		}
	}
	text := c.must("status")
	if !strings.Contains(text, "node 4 is not ready: node 4 was removed from the node set by governance") {
		t.Fatalf("status text does not explain node 4:\n%s", text)
	}
	var nw struct {
		Nodes []struct {
			Admin string `json:"admin"`
		} `json:"nodes"`
	}
	raw, err := os.ReadFile(filepath.Join(dir, "network.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &nw); err != nil || nw.Nodes[3].Admin == "" {
		t.Fatalf("network.json admin address: %v", err)
	}
	resp, err := http.Get("http://" + nw.Nodes[3].Admin + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("node 4 /healthz: %s", resp.Status)
	}
}
