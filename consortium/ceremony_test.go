package consortium

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/node"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

// ceremony makes n orgs in separate folders, each with one node, and
// returns the orgs and their parts (as read back from the part files).
func ceremony(t *testing.T, n int) ([]*Org, []*Part) {
	t.Helper()
	root := t.TempDir()
	var orgs []*Org
	var parts []*Part
	for i := 1; i <= n; i++ {
		name := fmt.Sprintf("org%d", i)
		dir := filepath.Join(root, name)
		if _, err := InitOrg(dir, name); err != nil {
			t.Fatal(err)
		}
		o, err := LoadOrg(dir)
		if err != nil {
			t.Fatal(err)
		}
		host := fmt.Sprintf("10.77.0.%d", i)
		p, err := o.ExportPart(PartOptions{NodeID: uint64(i), Addrs: NodeAddrs{P2P: host + ":7050", GRPC: host + ":7051", REST: host + ":7052"}})
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(root, name+".public.json")
		if err := SavePart(path, p); err != nil {
			t.Fatal(err)
		}
		if p, err = LoadPart(path); err != nil {
			t.Fatal(err)
		}
		orgs, parts = append(orgs, o), append(parts, p)
	}
	return orgs, parts
}

// The ceremony: parts made in separate folders, a genesis assembled from
// them that every org verifies against its own folder and whose hash is
// the same for all; the node configurations name the installed genesis;
// re-exporting gives the same part; the parts hold no private key.
func TestCeremonyAssembleVerifyInstall(t *testing.T) {
	orgs, parts := ceremony(t, 4)
	for i, p := range parts {
		raw, _ := json.Marshal(p)
		if strings.Contains(string(raw), "PRIVATE") {
			t.Fatalf("part %d holds a private key", i)
		}
		again, err := orgs[i].ExportPart(PartOptions{NodeID: uint64(i + 1), Addrs: NodeAddrs{P2P: p.Nodes[0].Address, GRPC: p.Nodes[0].GRPC, REST: p.Nodes[0].REST}})
		if err != nil {
			t.Fatal(err)
		}
		if again.Nodes[0].TLSCert != p.Nodes[0].TLSCert || again.Account != p.Account {
			t.Fatalf("re-export of %s changed the part", p.Org)
		}
	}
	// The same node id with other addresses is refused, not silently re-made.
	if _, err := orgs[0].ExportPart(PartOptions{NodeID: 1, Addrs: NodeAddrs{P2P: "10.77.0.9:7050", GRPC: "10.77.0.9:7051"}}); err == nil || !strings.Contains(err.Error(), "already holds node 1") {
		t.Fatalf("re-export with other addresses: %v", err)
	}
	g, err := Assemble(AssembleOptions{ChainID: "ceremony", Parts: parts, Balance: 5000})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "genesis.json")
	if err := g.Save(path); err != nil {
		t.Fatal(err)
	}
	loaded, err := types.LoadGenesis(path)
	if err != nil {
		t.Fatal(err)
	}
	if loaded.Hash() != g.Hash() {
		t.Fatal("hash changed through the file")
	}
	if len(g.Orgs) != 4 || len(g.Nodes) != 4 || len(g.Accounts) != 8 {
		t.Fatalf("genesis has %d orgs, %d nodes, %d accounts", len(g.Orgs), len(g.Nodes), len(g.Accounts))
	}
	for i, o := range orgs {
		gc, err := VerifyGenesis(loaded, o)
		if err != nil {
			t.Fatalf("%s: %v", o.Name, err)
		}
		if gc.Hash != g.Hash().String() || gc.Account != o.Name || gc.Balance != 5000 || len(gc.OwnNodes) != 1 || gc.OwnNodes[0] != uint64(i+1) {
			t.Fatalf("%s: check %+v", o.Name, gc)
		}
		dst, err := o.InstallGenesis(loaded)
		if err != nil {
			t.Fatal(err)
		}
		cfg := filepath.Join(o.Dir, "nodes", fmt.Sprintf("node%d", i+1), "node.json")
		b, _ := os.ReadFile(cfg)
		var nc struct{ Genesis string }
		_ = json.Unmarshal(b, &nc)
		if filepath.Join(filepath.Dir(cfg), nc.Genesis) != dst {
			t.Fatalf("node.json names genesis %s, installed at %s", nc.Genesis, dst)
		}
		grpcAddr, restAddr, err := NodeEndpoints(g.Nodes[i].TLSCert)
		if err != nil || grpcAddr != parts[i].Nodes[0].GRPC || restAddr != parts[i].Nodes[0].REST {
			t.Fatalf("node %d advertises %q %q (%v)", i+1, grpcAddr, restAddr, err)
		}
	}
	// Installing a different genesis over it is refused.
	other, err := Assemble(AssembleOptions{ChainID: "other", Parts: parts})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := orgs[0].InstallGenesis(other); err == nil {
		t.Fatal("installed another chain's genesis over the first")
	}
}

// up makes its consortium through the same parts and assembly: every org
// of a generated folder verifies the generated genesis.
func TestGenerateUsesTheCeremony(t *testing.T) {
	for _, suite := range []string{"intl", "gm"} {
		t.Run(suite, func(t *testing.T) { generateUsesTheCeremony(t, suite) })
	}
}

func generateUsesTheCeremony(t *testing.T, suite string) {
	dir := t.TempDir()
	l, err := Generate(Options{Dir: dir, Orgs: 4, BasePort: 0, Crypto: suite})
	if err != nil {
		t.Fatal(err)
	}
	if l.Genesis.Crypto != suite {
		t.Fatalf("genesis suite %q", l.Genesis.Crypto)
	}
	for i := 1; i <= 4; i++ {
		o, err := LoadOrg(filepath.Join(dir, "orgs", fmt.Sprintf("org%d", i)))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := VerifyGenesis(l.Genesis, o, l.NodeConfigs[i-1]); err != nil {
			t.Fatalf("org%d: %v", i, err)
		}
		if g, r, _ := NodeEndpoints(l.Genesis.Nodes[i-1].TLSCert); g != l.Network.Nodes[i-1].GRPC || r != l.Network.Nodes[i-1].REST {
			t.Fatalf("node %d advertises %s %s, network.json says %s %s", i, g, r, l.Network.Nodes[i-1].GRPC, l.Network.Nodes[i-1].REST)
		}
	}
}

func clonePart(t *testing.T, p *Part) *Part {
	t.Helper()
	b, _ := json.Marshal(p)
	c := &Part{}
	if err := json.Unmarshal(b, c); err != nil {
		t.Fatal(err)
	}
	return c
}

// Hostile and mistaken parts are refused by Assemble with a typed error
// naming the org and field.
func TestAssembleRefusesBadParts(t *testing.T) {
	_, parts := ceremony(t, 3)
	foreign, err := pki.NewCA("mallory")
	if err != nil {
		t.Fatal(err)
	}
	foreignTLS, _, err := foreign.Issue(pki.IssueRequest{CommonName: "node1.org1", Role: pki.RoleNode})
	if err != nil {
		t.Fatal(err)
	}
	k, _ := crypto.GenerateEd25519()
	privPEM, _ := crypto.MarshalPrivateKeyPEM(k)
	cases := []struct {
		name  string
		field string
		edit  func(ps []*Part) []*Part
	}{
		{"private key smuggled in", "", func(ps []*Part) []*Part { ps[0].AdminCert += string(privPEM); return ps }},
		{"node TLS cert of another CA", "nodes[0].tls_cert", func(ps []*Part) []*Part { ps[0].Nodes[0].TLSCert = string(foreignTLS); return ps }},
		{"CA of another org", "ca_cert", func(ps []*Part) []*Part { ps[1].CACert = string(foreign.CertPEM()); return ps }},
		{"admin cert of another org", "admin_cert", func(ps []*Part) []*Part { ps[0].AdminCert = ps[1].AdminCert; return ps }},
		{"client cert as admin", "admin_cert", func(ps []*Part) []*Part {
			ps[0].AdminCert = ps[0].Nodes[0].SignCert // a node certificate, not an admin one
			return ps
		}},
		{"endpoints not the certificate's", "nodes[0].grpc", func(ps []*Part) []*Part { ps[2].Nodes[0].GRPC = "10.66.0.1:7051"; return ps }},
		{"p2p host not in TLS cert", "nodes[0].tls_cert", func(ps []*Part) []*Part { ps[2].Nodes[0].Address = "10.66.0.1:7050"; return ps }},
		{"duplicate org", "org", func(ps []*Part) []*Part { return append(ps, ps[0]) }},
		{"duplicate node id", "nodes[0].id", func(ps []*Part) []*Part { ps[1].Nodes[0].ID = 1; return ps }},
		{"account key not hex", "account.public_key", func(ps []*Part) []*Part { ps[1].Account.PublicKey = "zz"; return ps }},
		{"account key not a key", "account.public_key", func(ps []*Part) []*Part {
			ps[1].Account.PublicKey = hex.EncodeToString([]byte("short"))
			return ps
		}},
		{"account named like another org's admin", "account.name", func(ps []*Part) []*Part { ps[1].Account.Name = "org1.admin"; return ps }},
		{"wrong format", "format", func(ps []*Part) []*Part { ps[0].Format = "v0"; return ps }},
		{"no nodes", "nodes", func(ps []*Part) []*Part { ps[0].Nodes = nil; return ps }},
		{"wrong suite", "crypto", func(ps []*Part) []*Part { ps[0].Crypto = "gm"; return ps }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ps := make([]*Part, len(parts))
			for i, p := range parts {
				ps[i] = clonePart(t, p)
			}
			_, err := Assemble(AssembleOptions{ChainID: "c", Parts: tc.edit(ps)})
			var ce *CeremonyError
			if !errors.Is(err, ErrInvalidPart) || !errors.As(err, &ce) {
				t.Fatalf("got %v, want ErrInvalidPart", err)
			}
			if ce.Field != tc.field {
				t.Fatalf("error %q names field %q, want %q", err, ce.Field, tc.field)
			}
		})
	}
	// Unknown fields in a part file are refused on load.
	path := filepath.Join(t.TempDir(), "p.json")
	b, _ := json.Marshal(parts[0])
	b = []byte(strings.Replace(string(b), `"org":`, `"ca_key":"x","org":`, 1))
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadPart(path); err == nil || !strings.Contains(err.Error(), "ca_key") {
		t.Fatalf("part with an unknown field loaded: %v", err)
	}
}

// A genesis altered after assembly, in any of an org's material, fails
// that org's VerifyGenesis; an alteration of the shared choices changes
// the hash the orgs compare.
func TestVerifyGenesisDetectsTampering(t *testing.T) {
	orgs, parts := ceremony(t, 3)
	good, err := Assemble(AssembleOptions{ChainID: "c", Parts: parts})
	if err != nil {
		t.Fatal(err)
	}
	mallory, _ := InitOrg(filepath.Join(t.TempDir(), "m"), "org1")
	mTLS, _, _ := mallory.CA.Issue(pki.IssueRequest{CommonName: "node1.org1", Role: pki.RoleNode})
	other, _ := crypto.GenerateEd25519()
	clone := func() *types.Genesis {
		b, _ := json.Marshal(good)
		g := &types.Genesis{}
		_ = json.Unmarshal(b, g)
		return g
	}
	cases := []struct {
		name string
		edit func(g *types.Genesis)
	}{
		{"CA replaced", func(g *types.Genesis) { g.Orgs[0].CACert = string(mallory.CA.CertPEM()) }},
		{"admin key replaced", func(g *types.Genesis) {
			g.Accounts[0].PublicKey = other.PublicKey()
			g.Accounts[0].Scheme = other.Scheme()
		}},
		{"account key replaced", func(g *types.Genesis) { g.Accounts[1].PublicKey = other.PublicKey() }},
		{"node TLS cert replaced", func(g *types.Genesis) { g.Nodes[0].TLSCert = string(mTLS) }},
		{"node signing cert swapped", func(g *types.Genesis) { g.Nodes[0].SignCert = g.Nodes[0].TLSCert }},
		{"node address changed", func(g *types.Genesis) { g.Nodes[0].Address = "10.66.6.6:7050" }},
		{"node moved to another org", func(g *types.Genesis) { g.Nodes[0].Org = "org2" }},
		{"extra node in the org's name", func(g *types.Genesis) {
			n := g.Nodes[1]
			n.ID, n.Org, n.Address = 9, "org1", "10.77.0.9:7050"
			g.Nodes = append(g.Nodes, n)
		}},
		{"org dropped", func(g *types.Genesis) { g.Orgs = g.Orgs[1:]; g.Nodes = g.Nodes[1:] }},
		{"another org lists its CA", func(g *types.Genesis) { g.Orgs[1].CACert = g.Orgs[0].CACert }},
		{"suite changed", func(g *types.Genesis) { g.Crypto = "gm" }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g := clone()
			tc.edit(g)
			_, err := VerifyGenesis(g, orgs[0])
			if !errors.Is(err, ErrGenesisMismatch) {
				t.Fatalf("got %v, want ErrGenesisMismatch", err)
			}
			if g.Hash() == good.Hash() {
				t.Fatal("tampering left the hash unchanged")
			}
		})
	}
	// Changing a shared choice passes each org's check but not the hash
	// comparison.
	g := clone()
	g.Params.BatchMaxCount = 1000
	if _, err := VerifyGenesis(g, orgs[0]); err != nil {
		t.Fatal(err)
	}
	if g.Hash() == good.Hash() {
		t.Fatal("a parameter change left the hash unchanged")
	}
}

// startInProcess runs the nodes of a generated consortium in this process.
func startInProcess(t *testing.T, l *Layout) {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, path := range l.NodeConfigs {
		cfg, err := node.LoadConfig(path)
		if err != nil {
			t.Fatal(err)
		}
		n, err := node.New(cfg, node.Options{Logger: log})
		if err != nil {
			t.Fatal(err)
		}
		if err := n.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(n.Stop)
	}
}

// network export builds a member's network.json from the chain
// configuration, verified against the genesis, with the client endpoints
// the nodes' certificates advertise and the org's own credentials only;
// it refuses a genesis the chain does not prove, an org that is not a
// member, and gives up on an unreachable node when its context ends.
func TestExportNetwork(t *testing.T) {
	dir := t.TempDir()
	l, err := Generate(Options{Dir: dir, Orgs: 4, BasePort: 0})
	if err != nil {
		t.Fatal(err)
	}
	startInProcess(t, l)
	o2, err := LoadOrg(filepath.Join(dir, "orgs", "org2"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	out := filepath.Join(t.TempDir(), "net2.json")
	res, err := ExportNetwork(ctx, NetworkExportOptions{Org: o2, Node: l.Network.Nodes[2].GRPC, Genesis: filepath.Join(dir, "genesis.json"), Out: out})
	if err != nil {
		t.Fatal(err)
	}
	if res.AskedNodes != 4 || len(res.Nodes) != 4 || len(res.Orgs) != 4 || res.Account != "org2" || len(res.Skipped) != 0 {
		t.Fatalf("export: %+v", res)
	}
	nw, err := sdk.LoadNetwork(out)
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range nw.Nodes {
		if n != (sdk.NetworkNode{ID: l.Network.Nodes[i].ID, Org: l.Network.Nodes[i].Org, GRPC: l.Network.Nodes[i].GRPC, REST: l.Network.Nodes[i].REST}) {
			t.Fatalf("node %d: %+v, want %+v", i, n, l.Network.Nodes[i])
		}
	}
	if len(nw.Orgs) != 1 || nw.Orgs[0].Name != "org2" || nw.Orgs[0].Client.Key != o2.Client.Key || nw.Orgs[0].Account.Key != o2.AccountKeyPath() {
		t.Fatalf("orgs: %+v", nw.Orgs)
	}
	bundle, _ := os.ReadFile(nw.CABundle)
	if strings.Count(string(bundle), "BEGIN CERTIFICATE") != 4 || strings.Contains(string(bundle), "PRIVATE") {
		t.Fatalf("CA bundle:\n%s", bundle)
	}
	// The exported map works: org2's client reads the chain through node 1.
	c, err := sdk.DialNetwork(ctx, nw, "org2", 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Status(ctx); err != nil {
		t.Fatal(err)
	}
	c.Close()

	// Another chain's genesis (same orgs, another chain id): refused, not retried.
	other := *l.Genesis
	other.ChainID = "another-chain"
	otherPath := filepath.Join(t.TempDir(), "other.json")
	if err := other.Save(otherPath); err != nil {
		t.Fatal(err)
	}
	if _, err := ExportNetwork(ctx, NetworkExportOptions{Org: o2, Node: l.Network.Nodes[0].GRPC, Genesis: otherPath, Out: out}); !errors.Is(err, errUnverified) {
		t.Fatalf("another chain's genesis: %v", err)
	}
	// An org that is not a member (its client certificate is refused, and
	// the chain does not list it).
	stranger, err := InitOrg(filepath.Join(t.TempDir(), "org9"), "org9")
	if err != nil {
		t.Fatal(err)
	}
	sctx, scancel := context.WithTimeout(ctx, 3*time.Second)
	defer scancel()
	if _, err := ExportNetwork(sctx, NetworkExportOptions{Org: stranger, Node: l.Network.Nodes[0].GRPC, Genesis: filepath.Join(dir, "genesis.json"), Out: out}); err == nil {
		t.Fatal("a stranger exported the network")
	}
	// An unreachable node: retried until the context ends.
	uctx, ucancel := context.WithTimeout(ctx, 2*time.Second)
	defer ucancel()
	start := time.Now()
	if _, err := ExportNetwork(uctx, NetworkExportOptions{Org: o2, Node: "127.0.0.1:1", Genesis: filepath.Join(dir, "genesis.json"), Out: out}); err == nil || time.Since(start) < time.Second {
		t.Fatalf("unreachable node: %v after %v", err, time.Since(start))
	}
}

// VerifyGenesis reports the whole genesis; GenesisWarnings flags every
// choice that gives power to fewer than half of the orgs or outside them,
// even in a genesis that bypassed types' checks.
func TestVerifyGenesisReviewAndWarnings(t *testing.T) {
	orgs, parts := ceremony(t, 3)
	g, err := Assemble(AssembleOptions{ChainID: "review", Parts: parts, Balance: 9})
	if err != nil {
		t.Fatal(err)
	}
	gc, err := VerifyGenesis(g, orgs[1])
	if err != nil {
		t.Fatal(err)
	}
	if len(gc.Thresholds) != len(types.GovernanceActions) || len(gc.Members) != 3 || len(gc.NodeList) != 3 || len(gc.Accounts) != 6 || len(gc.Warnings) != 0 || gc.Roles["admin"] == nil {
		t.Fatalf("check %+v", gc)
	}
	if gc.Members[1].CAFingerprint != CAFingerprint(orgs[1].CA.Cert()) || len(gc.Members[1].Nodes) != 1 || gc.Members[1].Nodes[0] != 2 {
		t.Fatalf("member %+v", gc.Members[1])
	}
	for _, a := range gc.Accounts {
		if a.Org == "" {
			t.Fatalf("assembled account %q has no org", a.Name)
		}
	}
	for _, tc := range []struct {
		name, want string
		edit       func(g *types.Genesis)
	}{
		{"default 0/1", "the default threshold 0/1 lets 1 of 3 orgs", func(g *types.Genesis) { g.Policy.Default = types.Threshold{Num: 0, Den: 1} }},
		{"remove_org 0/2", "the threshold of remove_org is 0/2: 1 of 3 orgs", func(g *types.Genesis) {
			g.Policy = types.DefaultPolicy()
			g.Policy.Actions = map[string]types.Threshold{"remove_org": {Num: 0, Den: 2}}
		}},
		{"auditor governs", `role "auditor" has the "govern" permission`, func(g *types.Genesis) {
			g.Roles = types.DefaultRoles()
			g.Roles["auditor"] = []string{types.PermGovern}
		}},
		{"admin elsewhere", `org org3's admin account, which votes for it, is "org1"`, func(g *types.Genesis) { g.Orgs[2].Admin = "org1" }},
		{"funded account of no org", `account "x" holds a balance of 5`, func(g *types.Genesis) {
			g.Accounts = append(g.Accounts, types.GenesisAccount{Name: "x", Scheme: types.SignatureScheme_ED25519, PublicKey: make([]byte, 32), Balance: 5})
		}},
	} {
		c := *g
		c.Policy, c.Orgs, c.Accounts = g.Policy, slices.Clone(g.Orgs), slices.Clone(g.Accounts)
		tc.edit(&c)
		w := GenesisWarnings(&c)
		if len(w) == 0 || !strings.Contains(w[0], tc.want) {
			t.Errorf("%s: warnings %q", tc.name, w)
		}
	}
	// An account labelled as org2's that org2 does not hold is refused by org2.
	c := *g
	c.Accounts = append(slices.Clone(g.Accounts), types.GenesisAccount{Name: "org2-extra", Org: "org2", Scheme: types.SignatureScheme_ED25519, PublicKey: make([]byte, 32), Balance: 5})
	if _, err := VerifyGenesis(&c, orgs[1]); !errors.Is(err, ErrGenesisMismatch) || !strings.Contains(err.Error(), "org2-extra") {
		t.Fatalf("foreign account labelled as org2's: %v", err)
	}
}
