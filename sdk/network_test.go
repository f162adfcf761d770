package sdk_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/causeway/causeway/sdk"
)

func sampleNetwork(dir string) *sdk.Network {
	j := func(p ...string) string { return filepath.Join(append([]string{dir}, p...)...) }
	return &sdk.Network{
		ChainID: "causeway-local",
		Nodes: []sdk.NetworkNode{
			{ID: 1, Org: "org1", GRPC: "127.0.0.1:7001", REST: "127.0.0.1:7002", Admin: "127.0.0.1:7003", PID: 4242},
			{ID: 2, Org: "org2", GRPC: "127.0.0.1:7011", REST: "127.0.0.1:7012"},
		},
		Orgs: []sdk.NetworkOrg{
			{Name: "org1", CA: j("orgs", "org1", "ca", "ca.crt"),
				Admin:   sdk.Credential{Cert: j("orgs", "org1", "admin", "cert.pem"), Key: j("orgs", "org1", "admin", "key.pem")},
				Client:  sdk.Credential{Cert: j("orgs", "org1", "client", "cert.pem"), Key: j("orgs", "org1", "client", "key.pem")},
				Account: &sdk.AccountFile{Name: "org1", Key: j("orgs", "org1", "account.key")}},
			{Name: "org2", CA: j("orgs", "org2", "ca", "ca.crt"),
				Client: sdk.Credential{Cert: j("orgs", "org2", "client", "cert.pem"), Key: j("orgs", "org2", "client", "key.pem")}},
		},
		CABundle: j("ca-bundle.pem"),
		Genesis:  j("genesis.json"),
		Dir:      dir,
	}
}

func TestNetworkSaveLoadRoundTrip(t *testing.T) {
	dir := t.TempDir()
	nw := sampleNetwork(dir)
	path := filepath.Join(dir, "network.json")
	if err := nw.Save(path); err != nil {
		t.Fatal(err)
	}

	// On disk: paths relative to the file's folder, the documented field names.
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), dir) {
		t.Fatalf("saved file holds absolute paths:\n%s", raw)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	if m["ca_bundle"] != "ca-bundle.pem" || m["chain_id"] != "causeway-local" {
		t.Fatalf("saved file:\n%s", raw)
	}
	org1 := m["orgs"].([]any)[0].(map[string]any)
	if org1["ca"] != "orgs/org1/ca/ca.crt" || org1["client"].(map[string]any)["key"] != "orgs/org1/client/key.pem" ||
		org1["account"].(map[string]any)["key"] != "orgs/org1/account.key" || org1["account"].(map[string]any)["name"] != "org1" {
		t.Fatalf("saved org: %v", org1)
	}
	node1 := m["nodes"].([]any)[0].(map[string]any)
	for _, k := range []string{"id", "org", "grpc", "rest", "admin", "pid"} {
		if _, ok := node1[k]; !ok {
			t.Fatalf("saved node lacks %q: %v", k, node1)
		}
	}
	if _, ok := m["Dir"]; ok {
		t.Fatal("Dir was saved")
	}

	// Loaded back: absolute paths, equal to the original.
	got, err := sdk.LoadNetwork(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, nw) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", got, nw)
	}

	// The folder moves as a whole: paths follow it.
	moved := filepath.Join(t.TempDir(), "elsewhere")
	if err := os.Rename(dir, moved); err != nil {
		t.Fatal(err)
	}
	got, err = sdk.LoadNetwork(filepath.Join(moved, "network.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, sampleNetwork(moved)) {
		t.Fatalf("after moving:\n got %+v\nwant %+v", got, sampleNetwork(moved))
	}
}

func TestNetworkSaveRelativeInputsAndOutsidePaths(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "shared-bundle.pem")
	nw := &sdk.Network{
		ChainID:  "c",
		Orgs:     []sdk.NetworkOrg{{Name: "o", CA: "o/ca.crt", Client: sdk.Credential{Cert: "o/c.pem", Key: "o/k.pem"}}},
		CABundle: outside,
		Dir:      dir,
	}
	// Saved into a subfolder: paths become relative to that subfolder.
	sub := filepath.Join(dir, "sub")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(sub, "network.json")
	if err := nw.Save(path); err != nil {
		t.Fatal(err)
	}
	got, err := sdk.LoadNetwork(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.Dir != sub || got.Orgs[0].CA != filepath.Join(dir, "o", "ca.crt") || got.CABundle != outside {
		t.Fatalf("loaded %+v", got)
	}
	raw, _ := os.ReadFile(path)
	if !strings.Contains(string(raw), `"ca_bundle": "`+filepath.ToSlash(outside)+`"`) {
		t.Fatalf("a path outside the folder should stay absolute:\n%s", raw)
	}
	if strings.Contains(string(raw), `"account"`) {
		t.Fatalf("an org without an account saved one:\n%s", raw)
	}
	if nw.Orgs[0].CA != "o/ca.crt" {
		t.Fatal("Save modified the network")
	}
}

func TestLoadNetworkErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := sdk.LoadNetwork(filepath.Join(dir, "missing.json")); err == nil {
		t.Fatal("missing file loaded")
	}
	for name, body := range map[string]string{
		"bad json":      `{"chain_id": `,
		"no chain id":   `{"nodes": []}`,
		"duplicate org": `{"chain_id": "c", "orgs": [{"name": "a"}, {"name": "a"}]}`,
		"duplicate id":  `{"chain_id": "c", "nodes": [{"id": 1}, {"id": 1}]}`,
	} {
		p := filepath.Join(dir, strings.ReplaceAll(name, " ", "_")+".json")
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := sdk.LoadNetwork(p); err == nil {
			t.Errorf("%s: loaded", name)
		}
	}
	// Absolute paths in the file are kept as they are.
	p := filepath.Join(dir, "abs.json")
	os.WriteFile(p, []byte(`{"chain_id": "c", "genesis": "/etc/causeway/genesis.json"}`), 0o644)
	nw, err := sdk.LoadNetwork(p)
	if err != nil || nw.Genesis != "/etc/causeway/genesis.json" {
		t.Fatalf("%+v %v", nw, err)
	}
	o, err := nw.Org("x")
	if err == nil {
		t.Fatalf("Org(x) = %+v", o)
	}
}
