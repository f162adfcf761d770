package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/causeway/causeway/types"
)

// ceremonyParts makes two orgs in their own folders with the CLI and
// returns their folders and public parts.
func ceremonyParts(t *testing.T) (dirs, parts []string) {
	t.Helper()
	root := t.TempDir()
	for i := 1; i <= 2; i++ {
		name := fmt.Sprintf("org%d", i)
		dir := filepath.Join(root, name)
		if out, err := runRoot(t, "org", "init", name, "--dir", dir); err != nil {
			t.Fatalf("org init: %s %v", out, err)
		}
		part := filepath.Join(root, name+".public.json")
		host := fmt.Sprintf("127.0.0.%d", i)
		out, err := runRoot(t, "org", "export", "--org-dir", dir, "--node-id", fmt.Sprint(i), "--p2p", host+":7050", "--grpc", host+":7051", "--out", part)
		if err != nil {
			t.Fatalf("org export: %s %v", out, err)
		}
		if !strings.Contains(out, "CA sha256:") {
			t.Fatalf("org export does not print the CA fingerprint:\n%s", out)
		}
		dirs, parts = append(dirs, dir), append(parts, part)
	}
	return dirs, parts
}

func assembleArgs(parts []string, out string, extra ...string) []string {
	args := []string{"genesis", "assemble", "--chain-id", "verify-test", "--out", out}
	for _, p := range parts {
		args = append(args, "--part", p)
	}
	return append(args, extra...)
}

// editGenesis rewrites a genesis file as a malicious assembler could,
// without any check.
func editGenesis(t *testing.T, src, dst string, edit func(g *types.Genesis)) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	g := &types.Genesis{}
	if err := json.Unmarshal(b, g); err != nil {
		t.Fatal(err)
	}
	edit(g)
	b, _ = json.MarshalIndent(g, "", "  ")
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// genesis verify prints the whole genesis every org must agree to; a
// threshold that lets fewer than half of the orgs pass an action is refused
// (by assemble, and by verify when an assembler writes it by hand), and
// roles, admin accounts and funded accounts that give power outside the
// orgs are flagged with WARNING lines, in text and in JSON.
func TestGenesisVerifyShowsAndFlags(t *testing.T) {
	dirs, parts := ceremonyParts(t)
	tmp := t.TempDir()
	good := filepath.Join(tmp, "genesis.json")

	// --policy remove_org=0/2: one org alone could remove the others.
	out, err := runRoot(t, assembleArgs(parts, filepath.Join(tmp, "weak.json"), "--policy", "remove_org=0/2")...)
	if err == nil || !strings.Contains(err.Error(), "remove_org") || !strings.Contains(err.Error(), "below the floor 1/2") {
		t.Fatalf("assemble with remove_org=0/2: %s %v", out, err)
	}
	if _, err := os.Stat(filepath.Join(tmp, "weak.json")); err == nil {
		t.Fatal("assemble wrote the refused genesis")
	}

	if out, err := runRoot(t, assembleArgs(parts, good, "--policy", "add_org=2/3", "--balance", "777")...); err != nil {
		t.Fatalf("assemble: %s %v", out, err)
	}
	out, err = runRoot(t, "genesis", "verify", good, "--org-dir", dirs[0])
	if err != nil {
		t.Fatalf("verify: %s %v", out, err)
	}
	for _, want := range append(append([]string{
		"unaltered", "members (2):", "(yours)", "CA sha256 ", "accounts (4):", "org2.admin", "balance 777",
		"add_org  ", "2/3", "(default)", "2 of 2 orgs", "roles:", "govern, query, submit", "genesis hash",
	}, types.GovernanceActions...), paramNames()...) {
		if !strings.Contains(out, want) {
			t.Errorf("verify output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "WARNING") {
		t.Errorf("an assembled genesis is flagged:\n%s", out)
	}
	out, err = runRoot(t, "genesis", "verify", good, "--org-dir", dirs[1], "-o", "json")
	if err != nil {
		t.Fatalf("verify -o json: %s %v", out, err)
	}
	var ok struct {
		OK       bool     `json:"ok"`
		Warnings []string `json:"warnings"`
		Check    struct {
			Thresholds []struct {
				Action    string `json:"action"`
				Num, Den  uint32
				Approvals int `json:"approvals"`
			} `json:"thresholds"`
			Params  map[string]int64    `json:"params"`
			Roles   map[string][]string `json:"roles"`
			Members []struct {
				CAFingerprint string `json:"ca_fingerprint"`
			}
			Accounts []struct {
				Name, Org string
				Balance   uint64
			} `json:"accounts"`
		} `json:"check"`
	}
	if err := json.Unmarshal([]byte(out), &ok); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if !ok.OK || ok.Warnings == nil || len(ok.Warnings) != 0 || len(ok.Check.Thresholds) != len(types.GovernanceActions) ||
		len(ok.Check.Params) != len(types.ParamBounds()) || len(ok.Check.Roles) == 0 || len(ok.Check.Members) != 2 ||
		len(ok.Check.Members[0].CAFingerprint) != 64 || len(ok.Check.Accounts) != 4 {
		t.Fatalf("verify -o json: %s", out)
	}

	// A hand-made genesis with remove_org at 0/2 is refused by verify, in
	// text and in JSON.
	weak := filepath.Join(tmp, "weak-by-hand.json")
	editGenesis(t, good, weak, func(g *types.Genesis) {
		g.Policy.Actions["remove_org"] = types.Threshold{Num: 0, Den: 2}
	})
	out, err = runRoot(t, "genesis", "verify", weak, "--org-dir", dirs[0])
	if err == nil || !strings.Contains(err.Error(), `"remove_org" is 0/2, below the floor 1/2`) {
		t.Fatalf("verify of remove_org=0/2 (text): %s %v", out, err)
	}
	out, err = runRoot(t, "genesis", "verify", weak, "--org-dir", dirs[0], "-o", "json")
	var refused struct {
		OK    bool   `json:"ok"`
		Error string `json:"error"`
		Code  string `json:"code"`
	}
	if err == nil || json.Unmarshal([]byte(out), &refused) != nil || refused.OK || refused.Code != string(types.CodeBadPolicy) || !strings.Contains(refused.Error, "remove_org") {
		t.Fatalf("verify of remove_org=0/2 (json): %s %v", out, err)
	}

	// Power outside the orgs that types does not refuse is flagged.
	flagged := filepath.Join(tmp, "flagged.json")
	editGenesis(t, good, flagged, func(g *types.Genesis) {
		g.Roles = types.DefaultRoles()
		g.Roles["client"] = append(g.Roles["client"], types.PermGovern)
		g.Accounts = append(g.Accounts, types.GenesisAccount{Name: "mallory", Scheme: g.Accounts[0].Scheme, PublicKey: g.Accounts[0].PublicKey, Balance: 1 << 40})
	})
	out, err = runRoot(t, "genesis", "verify", flagged, "--org-dir", dirs[0])
	if err != nil {
		t.Fatalf("verify of a flagged genesis: %s %v", out, err)
	}
	for _, want := range []string{`WARNING: role "client" has the "govern" permission`, `WARNING: account "mallory" holds a balance of 1099511627776 and is not an account of any org`, "(no org)"} {
		if !strings.Contains(out, want) {
			t.Errorf("verify output lacks %q:\n%s", want, out)
		}
	}
	out, err = runRoot(t, "genesis", "verify", flagged, "--org-dir", dirs[0], "-o", "json")
	if err != nil || json.Unmarshal([]byte(out), &ok) != nil || !ok.OK || len(ok.Warnings) != 2 {
		t.Fatalf("verify -o json of a flagged genesis: %s %v", out, err)
	}

	// An account labelled as the org's that the org does not hold is refused.
	stolen := filepath.Join(tmp, "stolen.json")
	editGenesis(t, good, stolen, func(g *types.Genesis) {
		g.Accounts = append(g.Accounts, types.GenesisAccount{Name: "org1-treasury", Org: "org1", Scheme: g.Accounts[2].Scheme, PublicKey: g.Accounts[2].PublicKey, Balance: 1 << 40})
	})
	if out, err := runRoot(t, "genesis", "verify", stolen, "--org-dir", dirs[0]); err == nil || !strings.Contains(err.Error(), "org1-treasury") {
		t.Fatalf("verify of an account labelled as org1's: %s %v", out, err)
	}
	out, err = runRoot(t, "genesis", "verify", stolen, "--org-dir", dirs[0], "-o", "json")
	if err == nil || json.Unmarshal([]byte(out), &refused) != nil || refused.OK || refused.Code != "genesis_mismatch" {
		t.Fatalf("verify -o json of an account labelled as org1's: %s %v", out, err)
	}
}

func paramNames() []string {
	var names []string
	for _, b := range types.ParamBounds() {
		names = append(names, b.Name)
	}
	return names
}
