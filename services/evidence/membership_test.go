package evidence_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/causeway/causeway/consortium"
	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/services/evidence"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify"
)

// govern has the admins of orgs (the first proposes) pass proposal p.
func govern(t *testing.T, c *testnet.Cluster, cl *sdk.Client, p *types.Proposal, orgs ...string) *types.ProposalRecord {
	t.Helper()
	ctx := ctxT(t)
	opt := c.TxOptions()
	admin, err := c.Network.AdminAccount(orgs[0])
	if err != nil {
		t.Fatal(err)
	}
	tx, err := admin.ProposeTx(opt, p)
	if err != nil {
		t.Fatal(err)
	}
	if r, err := cl.SubmitAndWait(ctx, tx); err != nil || r.Receipt.Status != types.ReceiptStatus_SUCCESS {
		t.Fatalf("propose: %v %v", r, err)
	}
	id := c.Network.Suite().TxHash(tx)
	for _, org := range orgs[1:] {
		a, err := c.Network.AdminAccount(org)
		if err != nil {
			t.Fatal(err)
		}
		v, _ := a.VoteTx(opt, id, true)
		if r, err := cl.SubmitAndWait(ctx, v); err != nil || r.Receipt.Status != types.ReceiptStatus_SUCCESS {
			t.Fatalf("vote by %s: %v %v", org, r, err)
		}
	}
	rec, err := cl.GetProposal(ctx, id)
	if err != nil || rec.Status != types.ProposalStatus_PROPOSAL_EXECUTED {
		t.Fatalf("proposal %s: %v %v", id, rec, err)
	}
	return rec
}

func freeAddr(t *testing.T) string {
	t.Helper()
	a, err := consortium.FreeAddr("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// A certificate made before a membership change (org5 added, org4 removed)
// still verifies after it, against the genesis alone; so does one made
// after the change for the old deposit, and one for a deposit made after
// it, whose proof follows the two changes. A configuration chain with a
// change left out, reordered or not vouched for is refused.
func TestCertificateSurvivesMembershipChanges(t *testing.T) {
	c := testnet.New(t, testnet.Options{Nodes: 4})
	g := c.Node(0).Genesis()
	cl := c.Client(0)
	svc := service(t, 0, c)
	caller := callerOf(t, c.Network, 0)
	ctx := ctxT(t)
	trust := evidence.VerifyOptions{Geneses: []*types.Genesis{g}}

	before, err := svc.Deposit(ctx, caller, evidence.Request{Hash: sha256Hex([]byte("before")), HashAlgorithm: "sha256", Metadata: map[string]string{"file_name": "before.txt"}})
	if err != nil {
		t.Fatal(err)
	}
	id := mustHash(t, before.ID)
	certBefore, err := svc.Certificate(ctx, caller, id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := evidence.Verify(certBefore, trust); err != nil {
		t.Fatal(err)
	}

	// org5 joins (its node starts, syncs and becomes a consenter)...
	org5, err := consortium.InitOrg(filepath.Join(t.TempDir(), "org5"), "org5")
	if err != nil {
		t.Fatal(err)
	}
	cfgPath, gn, err := org5.NewNode(filepath.Join(org5.Dir, "nodes", "node5"), 5,
		consortium.NodeAddrs{P2P: freeAddr(t), GRPC: freeAddr(t), REST: freeAddr(t)}, filepath.Join(c.Layout.Dir, "genesis.json"))
	if err != nil {
		t.Fatal(err)
	}
	req, err := org5.JoinRequest(gn)
	if err != nil {
		t.Fatal(err)
	}
	n5 := c.AddNode(cfgPath)
	added := govern(t, c, cl, &types.Proposal{Action: &types.Proposal_AddOrg{AddOrg: req}}, "org1", "org2", "org3")
	deadline := time.Now().Add(60 * time.Second)
	for n := c.Node(n5); n == nil || !n.Consensus().Running(); n = c.Node(n5) {
		if time.Now().After(deadline) {
			t.Fatal("node 5 did not join")
		}
		time.Sleep(50 * time.Millisecond)
	}
	c.Network.Orgs = append(c.Network.Orgs, org5.NetworkOrg()) // org5's admin votes next
	// ... and org4 leaves.
	removed := govern(t, c, cl, &types.Proposal{Action: &types.Proposal_RemoveOrg{RemoveOrg: &types.RemoveOrg{Name: "org4"}}}, "org1", "org2", "org5")
	t.Logf("org5 in force from %d, org4 out from %d", added.EffectiveHeight, removed.EffectiveHeight)
	c.Stop(3)

	// The certificate made before the changes verifies after them.
	rep, err := evidence.Verify(clone(t, certBefore), trust)
	if err != nil {
		t.Fatalf("certificate made before the changes: %v", err)
	}
	if len(rep.Anchors[0].ConfigChanges) != 0 {
		t.Fatalf("old certificate follows changes %v", rep.Anchors[0].ConfigChanges)
	}
	// So does a certificate of the old deposit made now.
	again, err := svc.Certificate(ctx, caller, id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := evidence.Verify(again, trust); err != nil {
		t.Fatalf("old deposit's certificate made after the changes: %v", err)
	}

	// A deposit after the changes: certified by the new node set, through
	// the two changes.
	after, err := svc.Deposit(ctx, caller, evidence.Request{Hash: sha256Hex([]byte("after")), HashAlgorithm: "sha256"})
	if err != nil {
		t.Fatal(err)
	}
	certAfter, err := svc.Certificate(ctx, caller, mustHash(t, after.ID))
	if err != nil {
		t.Fatal(err)
	}
	rep, err = evidence.Verify(certAfter, trust)
	if err != nil {
		t.Fatalf("certificate after the changes: %v", err)
	}
	ar := rep.Anchors[0]
	if !slices.Equal(ar.ConfigChanges, []uint64{added.EffectiveHeight, removed.EffectiveHeight}) || ar.ConfigVersion != 3 {
		t.Fatalf("changes %v, version %d", ar.ConfigChanges, ar.ConfigVersion)
	}
	for _, s := range ar.CertifiedBy {
		if s == "node 4 (org4)" {
			t.Fatalf("certified by the removed node: %v", ar.CertifiedBy)
		}
	}
	t.Logf("certified by %v under configuration %d", ar.CertifiedBy, ar.ConfigVersion)

	// A chain that leaves out the last change: the configuration proven in
	// the certifying header is not the one the chain gives.
	bad := clone(t, certAfter)
	ch := bad.Anchors[0].TxProof.ConfigChain
	ch.Changes = ch.Changes[:1]
	if _, err := evidence.Verify(bad, trust); !errors.Is(err, verify.ErrConfig) {
		t.Fatalf("chain without the last change: %v", err)
	}
	// Reordered changes.
	bad = clone(t, certAfter)
	ch = bad.Anchors[0].TxProof.ConfigChain
	ch.Changes[0], ch.Changes[1] = ch.Changes[1], ch.Changes[0]
	if _, err := evidence.Verify(bad, trust); !errors.Is(err, verify.ErrConfigChain) {
		t.Fatalf("reordered chain: %v", err)
	}
	// A change's configuration altered.
	bad = clone(t, certAfter)
	bad.Anchors[0].TxProof.ConfigChain.Changes[1].Config[10] ^= 1
	if _, err := evidence.Verify(bad, trust); !errors.Is(err, verify.ErrConfigChain) && !errors.Is(err, verify.ErrSignature) {
		t.Fatalf("altered configuration: %v", err)
	}
	// A change whose header carries only the signatures of nodes the
	// previous set does not know: org5's node alone cannot vouch for
	// org4's removal (f+1 = 2 of the previous five needed), even if the new
	// set's quorum were met.
	bad = clone(t, certAfter)
	link := bad.Anchors[0].TxProof.ConfigChain.Changes[0] // org5 added: the previous set is the genesis's
	var only5 = link.Header.Signatures[:0]
	for _, s := range link.Header.Signatures {
		if s.Signer == 5 {
			only5 = append(only5, s)
		}
	}
	link.Header.Signatures = only5
	if _, err := evidence.Verify(bad, trust); !errors.Is(err, verify.ErrQuorum) && !errors.Is(err, verify.ErrConfigChain) {
		t.Fatalf("change signed by the new node only: %v", err)
	}

	// The node's own REST verification (it trusts its genesis) agrees.
	st, _, body := orgREST(t, c, 0, 0).do("POST", "/v1/evidence:verify", map[string]any{"certificate": json.RawMessage(mustJSON(t, certBefore))})
	if st != 200 || !bytes.Contains(body, []byte(`"valid": true`)) {
		t.Fatalf("REST verify: %d %s", st, body)
	}
}

func mustHash(t testing.TB, s string) types.Hash {
	t.Helper()
	h, err := types.ParseHash(s)
	if err != nil {
		t.Fatal(err)
	}
	return h
}
