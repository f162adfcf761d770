package execution

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/causeway/causeway/types"
)

// The state layout (keys and value encodings) and the state commitment are
// part of the chain's consensus: a change to either changes every node's
// state root. These golden values pin them on deterministic chains that
// write every kind of key the executor writes: accounts, the EVM address
// index, evidence, proposals, the configuration and its history. (The EVM's
// own keys are pinned in package evm's layout golden test.) They were
// recorded before the layout moved into package state, and must never
// change.

// stateDigest is SHA-256 over the state's (key, value) pairs in key order.
func stateDigest(kv map[string][]byte) string {
	h := sha256.New()
	for _, k := range slices.Sorted(maps.Keys(kv)) {
		fmt.Fprintf(h, "%x=%x\n", k, kv[k])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// goldenGovGenesis is testGenesis with four orgs whose CA certificates are
// fixed placeholders (the genesis state does not parse them, and the
// proposals below do not use them), so that its configuration is the same
// in every run.
func goldenGovGenesis() (*types.Genesis, []*testSigner) {
	g := testGenesis()
	var admins []*testSigner
	for i := 1; i <= 4; i++ {
		org := fmt.Sprintf("org%d", i)
		s := newSigner("admin-" + org)
		admins = append(admins, s)
		g.Orgs = append(g.Orgs, types.GenesisOrg{Name: org, CACert: "fixed CA certificate of " + org})
		g.Accounts = append(g.Accounts, types.GenesisAccount{Name: types.AdminAccountName(org), Scheme: s.Scheme(), PublicKey: s.PublicKey()})
	}
	return g, admins
}

func TestGoldenStateRoots(t *testing.T) {
	want := map[string]string{
		"genesis root":    "abfec72dc200b029a75c2780bf97219400df20f8145005e2305ccc2323b9f275",
		"genesis state":   "acec91d34f20b3f4ba540d1c377b77457b73659e8abad9ad75f91e93bcf04645",
		"GM genesis root": "bc815095e9fddac1d4599f69e6e32c96d97898a25bec4de466accad0ac01c05e",
		"chain root":      "2fc7c16a23ac382fb6942ce421ed32d5f851d1bfcefa6de33dba7e698225157f",
		"chain state":     "8e8c54376573f2d9beb8b422194351cfcd70351d5c10d40325181e82092fbf9b",
		"gov root":        "c819c1d3eafe7839708f6881fbc801f6c02557c63c4cac48cce172f48608dc68",
		"gov state":       "a3b4c31f9233fc669e5f8fd7d6cce82672306fc82a21011d60eabf25d699ac88",
	}
	got := map[string]string{}

	// The genesis state.
	m := newState(t)
	ws, _, root, err := GenesisState(testGenesis())
	if err != nil {
		t.Fatal(err)
	}
	gkv := map[string][]byte{}
	for _, w := range ws {
		gkv[string(w.Key)] = w.Value
	}
	got["genesis root"], got["genesis state"] = hex.EncodeToString(root), stateDigest(gkv)
	gm := testGenesis()
	gm.Crypto = "gm"
	if _, _, root, err = GenesisState(gm); err != nil {
		t.Fatal(err)
	}
	got["GM genesis root"] = hex.EncodeToString(root)

	// A random chain of 50 blocks: accounts, transfers, evidence, failures.
	blocks := randomChain(t, 20240917, 50)
	e := newExecutor()
	for h := uint64(1); h <= 50; h++ {
		res, err := e.ExecuteBlock(m, m.root, &types.BlockHeader{ChainId: testChain, Height: h, TimeMs: blockTime(h)}, blocks[h-1])
		if err != nil {
			t.Fatal(err)
		}
		m.commit(blocks[h-1], res)
	}
	got["chain root"], got["chain state"] = hex.EncodeToString(m.root), stateDigest(m.kv)
	wantPrefixes(t, m.kv, "acct/", "evma/", "evid/", "config")

	// Governance: proposals, votes, a parameter change, a revocation, a
	// freeze and an unfreeze (proposal records, configuration, history).
	g, admins := goldenGovGenesis()
	ws, nodes, root, err := GenesisState(g)
	if err != nil {
		t.Fatal(err)
	}
	f := &govFixture{admins: admins, m: &memState{kv: map[string][]byte{}, txs: map[types.Hash]bool{}, root: root}}
	f.m.applyWrites(ws)
	f.m.applyNodes(nodes)
	pass := func(org int, p *types.Proposal) {
		t.Helper()
		pid, rc, _ := f.propose(t, org, p)
		wantReceipt(t, rc, "")
		f.vote(t, org%4+1, pid, true)
		rc, _ = f.vote(t, (org+1)%4+1, pid, true)
		wantReceipt(t, rc, "")
	}
	aliceID := id("alice")
	nonceCounter = 1 << 40 // transaction hashes independent of the tests run before
	pass(1, &types.Proposal{Action: &types.Proposal_UpdateParam{UpdateParam: &types.UpdateParam{Name: "batch_max_count", Value: 77}}})
	pass(2, &types.Proposal{Action: &types.Proposal_RevokeCert{RevokeCert: &types.RevokeCert{Serial: "ABCDEF01"}}})
	pass(3, &types.Proposal{Action: &types.Proposal_FreezeAccount{FreezeAccount: &types.FreezeAccount{Id: aliceID[:]}}})
	pass(4, &types.Proposal{Action: &types.Proposal_UnfreezeAccount{UnfreezeAccount: &types.UnfreezeAccount{Id: aliceID[:]}}})
	pid, rc, _ := f.propose(t, 1, &types.Proposal{Action: &types.Proposal_UpdateParam{UpdateParam: &types.UpdateParam{Name: "batch_max_count", Value: 78}}})
	wantReceipt(t, rc, "")
	f.vote(t, 2, pid, false) // stays open
	got["gov root"], got["gov state"] = hex.EncodeToString(f.m.root), stateDigest(f.m.kv)
	wantPrefixes(t, f.m.kv, "acct/", "evma/", "gov/", "config", "cfgh/")

	for _, k := range slices.Sorted(maps.Keys(want)) {
		if got[k] != want[k] {
			t.Errorf("%s = %s, want %s: the state layout or commitment changed", k, got[k], want[k])
		}
	}
}

// wantPrefixes checks that the state has a key with each prefix, so that
// the golden values cover them.
func wantPrefixes(t *testing.T, kv map[string][]byte, prefixes ...string) {
	t.Helper()
	for _, p := range prefixes {
		if !slices.ContainsFunc(slices.Collect(maps.Keys(kv)), func(k string) bool { return strings.HasPrefix(k, p) }) {
			t.Errorf("no state key starts with %q", p)
		}
	}
}
