package execution

import (
	"fmt"
	"slices"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
)

// govFixture is a chain of four orgs whose admin accounts org1.admin..org4.admin
// are signed by admins[i].
type govFixture struct {
	m      *memState
	admins []*testSigner
	cas    []*pki.CA
	height uint64
}

func newGov(t *testing.T) *govFixture {
	t.Helper()
	g := testGenesis()
	f := &govFixture{}
	for i := 1; i <= 4; i++ {
		org := fmt.Sprintf("org%d", i)
		ca, err := pki.NewCA(org)
		if err != nil {
			t.Fatal(err)
		}
		f.cas = append(f.cas, ca)
		s := newSigner("admin-" + org)
		f.admins = append(f.admins, s)
		g.Orgs = append(g.Orgs, types.GenesisOrg{Name: org, CACert: string(ca.CertPEM())})
		g.Accounts = append(g.Accounts, types.GenesisAccount{Name: types.AdminAccountName(org), Scheme: s.Scheme(), PublicKey: s.PublicKey()})
	}
	ws, nodes, root, err := GenesisState(g)
	if err != nil {
		t.Fatal(err)
	}
	f.m = &memState{kv: map[string][]byte{}, txs: map[types.Hash]bool{}, root: root}
	f.m.applyWrites(ws)
	f.m.applyNodes(nodes)
	return f
}

func (f *govFixture) run(t *testing.T, d *types.DecodedTx) (*types.Receipt, *Result) {
	t.Helper()
	f.height++
	res, err := newExecutor().ExecuteBlock(f.m, f.m.root, header(f.height), []*types.DecodedTx{d})
	if err != nil {
		t.Fatal(err)
	}
	f.m.commit([]*types.DecodedTx{d}, res)
	return res.Receipts[0], res
}

func (f *govFixture) propose(t *testing.T, org int, p *types.Proposal) (types.Hash, *types.Receipt, *Result) {
	t.Helper()
	d := sign(t, mkBody(types.AdminAccountName(fmt.Sprintf("org%d", org)), types.TxType_PROPOSE, p), f.admins[org-1])
	rc, res := f.run(t, d)
	return d.Hash, rc, res
}

func (f *govFixture) vote(t *testing.T, org int, id types.Hash, approve bool) (*types.Receipt, *Result) {
	t.Helper()
	d := sign(t, mkBody(types.AdminAccountName(fmt.Sprintf("org%d", org)), types.TxType_VOTE, &types.Vote{ProposalId: id[:], Approve: approve}), f.admins[org-1])
	return f.run(t, d)
}

func (f *govFixture) config(t *testing.T) *types.ChainConfig {
	t.Helper()
	c, err := state.ReadConfig(f.m)
	if err != nil || c == nil {
		t.Fatalf("config: %v", err)
	}
	return c
}

func (f *govFixture) proposal(t *testing.T, id types.Hash) *types.ProposalRecord {
	t.Helper()
	p, err := state.ReadProposal(f.m, id)
	if err != nil || p == nil {
		t.Fatalf("proposal: %v", err)
	}
	return p
}

func paramProposal(v int64) *types.Proposal {
	return &types.Proposal{Action: &types.Proposal_UpdateParam{UpdateParam: &types.UpdateParam{Name: "batch_max_count", Value: v}}}
}

func TestProposalNeedsAMajorityOfOrgs(t *testing.T) {
	f := newGov(t)
	id, rc, _ := f.propose(t, 1, paramProposal(500))
	wantReceipt(t, rc, "")
	rc, res := f.vote(t, 2, id, true)
	wantReceipt(t, rc, "")
	if res.Config != nil || f.proposal(t, id).Status != types.ProposalStatus_PROPOSAL_OPEN {
		t.Fatal("2 of 4 orgs executed the proposal")
	}
	if f.config(t).Params.BatchMaxCount == 500 {
		t.Fatal("parameter changed without a majority")
	}
	rc, res = f.vote(t, 3, id, true)
	wantReceipt(t, rc, "")
	if res.Config == nil || res.Config.Params.BatchMaxCount != 500 {
		t.Fatalf("3 of 4 orgs did not execute: %v", res.Config)
	}
	p := f.proposal(t, id)
	if p.Status != types.ProposalStatus_PROPOSAL_EXECUTED || p.EffectiveHeight != f.height+1 {
		t.Fatalf("record %v", p)
	}
	if c := f.config(t); c.Version != 2 || c.Params.BatchMaxCount != 500 {
		t.Fatalf("config %v", c)
	}
	// Closed proposals take no more votes.
	rc, _ = f.vote(t, 4, id, true)
	wantReceipt(t, rc, types.CodeInvalidPayload)
}

func TestGovernanceVotingRules(t *testing.T) {
	f := newGov(t)
	// Non-admins can neither propose nor vote.
	d := sign(t, mkBody("alice", types.TxType_PROPOSE, paramProposal(70)), alice)
	rc, _ := f.run(t, d)
	wantReceipt(t, rc, types.CodeUnauthorized)
	id, rc, _ := f.propose(t, 1, paramProposal(70))
	wantReceipt(t, rc, "")
	d = sign(t, mkBody("alice", types.TxType_VOTE, &types.Vote{ProposalId: id[:], Approve: true}), alice)
	rc, _ = f.run(t, d)
	wantReceipt(t, rc, types.CodeUnauthorized)
	// An admin account signed by another key is not authorised.
	d = sign(t, mkBody("org2.admin", types.TxType_VOTE, &types.Vote{ProposalId: id[:], Approve: true}), mallet)
	rc, _ = f.run(t, d)
	wantReceipt(t, rc, types.CodeUnauthorized)
	// A double vote counts once: the proposer's org cannot vote again.
	rc, _ = f.vote(t, 1, id, true)
	wantReceipt(t, rc, types.CodeDuplicate)
	rc, _ = f.vote(t, 2, id, true)
	wantReceipt(t, rc, "")
	rc, _ = f.vote(t, 2, id, true)
	wantReceipt(t, rc, types.CodeDuplicate)
	if f.proposal(t, id).Status != types.ProposalStatus_PROPOSAL_OPEN {
		t.Fatal("double votes executed the proposal")
	}
	// Majority against rejects.
	rc, _ = f.vote(t, 3, id, false)
	wantReceipt(t, rc, "")
	rc, _ = f.vote(t, 4, id, false)
	wantReceipt(t, rc, "")
	if p := f.proposal(t, id); p.Status != types.ProposalStatus_PROPOSAL_REJECTED {
		t.Fatalf("status %v", p.Status)
	}
	if f.config(t).Params.BatchMaxCount == 70 {
		t.Fatal("rejected proposal changed the parameter")
	}
}

func TestVoteOfRemovedOrgDoesNotCount(t *testing.T) {
	f := newGov(t)
	// org4 approves a parameter change, then org4 is removed.
	pid, _, _ := f.propose(t, 4, paramProposal(42))
	rid, _, _ := f.propose(t, 1, &types.Proposal{Action: &types.Proposal_RemoveOrg{RemoveOrg: &types.RemoveOrg{Name: "org4"}}})
	f.vote(t, 2, rid, true)
	_, res := f.vote(t, 3, rid, true)
	if res.Config == nil || len(res.Config.Orgs) != 3 {
		t.Fatalf("org4 not removed: %v", res.Config)
	}
	// 3 members now: org4's vote is ignored, org1's alone (1 of 3) is not enough.
	rc, res := f.vote(t, 1, pid, true)
	wantReceipt(t, rc, "")
	if res.Config != nil {
		t.Fatal("the removed org's vote counted")
	}
	// org4's admin can no longer vote.
	rc, _ = f.vote(t, 4, pid, true)
	wantReceipt(t, rc, types.CodeUnauthorized)
	// A second member makes 2 of 3: executed.
	_, res = f.vote(t, 2, pid, true)
	if res.Config == nil || res.Config.Params.BatchMaxCount != 42 {
		t.Fatal("2 of 3 members did not execute")
	}
}

func TestProposalExpires(t *testing.T) {
	f := newGov(t)
	id, _, _ := f.propose(t, 1, paramProposal(90))
	p := f.proposal(t, id)
	f.height++
	d := sign(t, mkBody("org2.admin", types.TxType_VOTE, &types.Vote{ProposalId: id[:], Approve: true}), f.admins[1])
	h := header(f.height)
	h.TimeMs = p.ExpiresMs + 1
	d.Body.TimestampMs = h.TimeMs - 1000
	d = sign(t, d.Body, f.admins[1])
	res, err := newExecutor().ExecuteBlock(f.m, f.m.root, h, []*types.DecodedTx{d})
	if err != nil {
		t.Fatal(err)
	}
	wantReceipt(t, res.Receipts[0], types.CodeExpired)
}

func TestGovernanceActions(t *testing.T) {
	f := newGov(t)
	pass := func(org int, p *types.Proposal) *Result {
		t.Helper()
		id, rc, _ := f.propose(t, org, p)
		wantReceipt(t, rc, "")
		f.vote(t, org%4+1, id, true)
		_, res := f.vote(t, (org+1)%4+1, id, true)
		if f.proposal(t, id).Status != types.ProposalStatus_PROPOSAL_EXECUTED {
			t.Fatalf("%v not executed", ActionOf(p))
		}
		return res
	}
	// Add org5 with one node.
	ca5, _ := pki.NewCA("org5")
	tlsPEM, _, _ := ca5.Issue(pki.IssueRequest{CommonName: "node5", Role: pki.RoleNode})
	signPEM, _, _ := ca5.Issue(pki.IssueRequest{CommonName: "node5", Role: pki.RoleNode, KeyType: pki.KeyEd25519})
	admin5 := newSigner("admin-org5")
	add := &types.AddOrg{Name: "org5", CaCert: string(ca5.CertPEM()), AdminKey: key(admin5, 100),
		Nodes: []*types.NodeSpec{{Id: 5, Org: "org5", Address: "127.0.0.1:7090", TlsCert: string(tlsPEM), SignCert: string(signPEM)}}}
	res := pass(1, &types.Proposal{Action: &types.Proposal_AddOrg{AddOrg: add}})
	if len(res.Config.Orgs) != 5 || len(res.Config.Nodes) != 1 || res.Config.Nodes[0].ID != 5 {
		t.Fatalf("config after add-org: %d orgs, %v", len(res.Config.Orgs), res.Config.NodeIDs())
	}
	if a := mustAccount(t, f.m, "org5.admin"); a.AuthKeys[0].Weight != 100 {
		t.Fatal("admin account")
	}
	// A node certificate from another CA is refused at proposal time.
	bad := proto.Clone(add).(*types.AddOrg)
	bad.Name = "org6"
	ca6, _ := pki.NewCA("org6")
	bad.CaCert = string(ca6.CertPEM()) // node certificates are org5's
	_, rc, _ := f.propose(t, 1, &types.Proposal{Action: &types.Proposal_AddOrg{AddOrg: bad}})
	wantReceipt(t, rc, types.CodeInvalidPayload)

	// Revoke a certificate.
	res = pass(2, &types.Proposal{Action: &types.Proposal_RevokeCert{RevokeCert: &types.RevokeCert{Serial: "ABCDEF01"}}})
	if len(res.Config.Revoked) != 1 || res.Config.Revoked[0] != "abcdef01" {
		t.Fatalf("revoked %v", res.Config.Revoked)
	}
	// Freeze and unfreeze an account.
	aliceID := id("alice")
	pass(3, &types.Proposal{Action: &types.Proposal_FreezeAccount{FreezeAccount: &types.FreezeAccount{Id: aliceID[:]}}})
	if mustAccount(t, f.m, "alice").Status != types.AccountStatus_ACCOUNT_FROZEN {
		t.Fatal("not frozen")
	}
	rc, _ = f.run(t, transferTx(t, "alice", "bob", 1, alice))
	wantReceipt(t, rc, types.CodeAccountFrozen)
	pass(4, &types.Proposal{Action: &types.Proposal_UnfreezeAccount{UnfreezeAccount: &types.UnfreezeAccount{Id: aliceID[:]}}})
	rc, _ = f.run(t, transferTx(t, "alice", "bob", 1, alice))
	wantReceipt(t, rc, "")
	// The last consensus node cannot be removed; an unknown parameter is refused.
	_, rc, _ = f.propose(t, 1, &types.Proposal{Action: &types.Proposal_RemoveNode{RemoveNode: &types.RemoveNode{Id: 5}}})
	wantReceipt(t, rc, types.CodeInvalidPayload)
	_, rc, _ = f.propose(t, 1, &types.Proposal{Action: &types.Proposal_UpdateParam{UpdateParam: &types.UpdateParam{Name: "nonsense", Value: 1}}})
	wantReceipt(t, rc, types.CodeUnknownParam)
}

// Every action a proposal can hold has a name that a genesis policy may
// give a threshold to (types.GovernanceActions), and the list names no
// other.
func TestActionNamesAreThePolicyNames(t *testing.T) {
	var names []string
	for _, p := range []*types.Proposal{
		{Action: &types.Proposal_AddOrg{}}, {Action: &types.Proposal_RemoveOrg{}}, {Action: &types.Proposal_AddNode{}},
		{Action: &types.Proposal_RemoveNode{}}, {Action: &types.Proposal_UpdateParam{}}, {Action: &types.Proposal_RevokeCert{}},
		{Action: &types.Proposal_FreezeAccount{}}, {Action: &types.Proposal_UnfreezeAccount{}},
		{Action: &types.Proposal_RotateNodeCert{}}, {Action: &types.Proposal_RotateCa{}},
		{Action: &types.Proposal_SetOrgEncryptionKey{}}, {Action: &types.Proposal_SetReaderGroup{}}, {Action: &types.Proposal_RemoveReaderGroup{}},
		{Action: &types.Proposal_SetAuditor{}},
		{Action: &types.Proposal_RegisterLightClient{}}, {Action: &types.Proposal_RemoveLightClient{}},
		{Action: &types.Proposal_AuthorizeMessageChannel{}}, {Action: &types.Proposal_RevokeMessageChannel{}},
	} {
		names = append(names, ActionOf(p))
	}
	if !slices.Equal(names, types.GovernanceActions) {
		t.Fatalf("ActionOf names %v, types.GovernanceActions %v", names, types.GovernanceActions)
	}
	if n := (&types.Proposal{}).ProtoReflect().Descriptor().Oneofs().ByName("action").Fields().Len(); n != len(names) {
		t.Fatalf("a proposal has %d actions, the test knows %d", n, len(names))
	}
}
