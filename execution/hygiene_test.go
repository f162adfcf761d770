package execution

import (
	"strings"
	"testing"

	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
)

// refused runs d on f's chain and checks that it fails with code and leaves
// the state exactly as it was.
func (f *govFixture) refused(t *testing.T, d *types.DecodedTx, code types.Code) *types.Receipt {
	t.Helper()
	before := f.m.clone()
	rc, res := f.run(t, d)
	wantReceipt(t, rc, code)
	wantUnchanged(t, before, res)
	return rc
}

// Evidence metadata that names organisations must name members of the
// chain as it is configured now; hostile or malformed metadata is refused
// with a typed code, and nothing is stored.
func TestEvidenceMetadataHygiene(t *testing.T) {
	f := newGov(t)
	deposit := func(md ...string) *types.DecodedTx {
		var attrs []*types.Attribute
		for i := 0; i+1 < len(md); i += 2 {
			attrs = append(attrs, &types.Attribute{Key: md[i], Value: md[i+1]})
		}
		return evidenceTx(t, "alice", &types.DepositEvidence{Hash: []byte{1, 2, 3}, HashAlgorithm: "sha256", Metadata: attrs}, alice)
	}
	for name, tc := range map[string]struct {
		d    *types.DecodedTx
		code types.Code
	}{
		"unknown reader org":          {deposit("causeway.org", "org1", "causeway.readers", "org2,org9"), types.CodeUnknownOrg},
		"unknown depositing org":      {deposit("causeway.org", "org9"), types.CodeUnknownOrg},
		"forged org name with escape": {deposit("causeway.org", "org1\x1b[8m"), types.CodeInvalidText},
		"reader list with a space":    {deposit("causeway.readers", "org1, org2"), types.CodeInvalidText},
		"reader listed twice":         {deposit("causeway.readers", "org2,org2"), types.CodeInvalidPayload},
		"empty reader":                {deposit("causeway.readers", "org2,"), types.CodeInvalidPayload},
		"escape in a value":           {deposit("file_name", "report.pdf\x1b]0;pwned\x07"), types.CodeInvalidText},
		"carriage return in a value":  {deposit("status", "pending\rVERIFIED"), types.CodeInvalidText},
		"bidi override in a value":    {deposit("file_name", "invoice\u202efdp.exe"), types.CodeInvalidText},
		"control character in a key":  {deposit("ke\x00y", "v"), types.CodeInvalidText},
		"zero width space in a key":   {deposit("own\u200ber", "v"), types.CodeInvalidText},
		"oversize key":                {deposit(strings.Repeat("k", types.MaxMetadataKeyBytes+1), "v"), types.CodeTooLarge},
		"oversize metadata":           {deposit("k", strings.Repeat("v", types.DefaultParams().MaxEvidenceMetadataBytes)), types.CodeTooLarge},
		"empty key":                   {deposit("", "v"), types.CodeInvalidPayload},
		"duplicate key":               {deposit("k", "1", "k", "2"), types.CodeInvalidPayload},
		// Proto3 strings must be UTF-8: such a payload does not even decode.
		"invalid UTF-8 in a value": {sign(t, mkBodyRaw("alice", types.TxType_DEPOSIT_EVIDENCE,
			[]byte{0x0a, 0x01, 0x01, 0x12, 0x06, 's', 'h', 'a', '2', '5', '6', 0x1a, 0x06, 0x0a, 0x01, 'k', 0x12, 0x01, 0xff}), alice), types.CodeMalformed},
	} {
		t.Run(name, func(t *testing.T) {
			rc := f.refused(t, tc.d, tc.code)
			if ev, _ := state.ReadEvidence(f.m, tc.d.Hash); ev != nil {
				t.Fatalf("refused evidence stored: %v (%s)", ev, rc.Error)
			}
		})
	}
	// Members as readers, and printable Unicode, are accepted.
	ok := deposit("causeway.org", "org1", "causeway.readers", "org2,org3", "file_name", "合同 2026.pdf")
	rc, _ := f.run(t, ok)
	wantReceipt(t, rc, "")
	if ev, err := state.ReadEvidence(f.m, ok.Hash); err != nil || ev == nil || len(ev.Metadata) != 3 {
		t.Fatalf("evidence: %v %v", ev, err)
	}
	// Membership is the chain's as it is now: once org3 is removed, it can
	// no longer be named a reader.
	rid, _, _ := f.propose(t, 1, &types.Proposal{Action: &types.Proposal_RemoveOrg{RemoveOrg: &types.RemoveOrg{Name: "org3"}}})
	f.vote(t, 2, rid, true)
	if _, res := f.vote(t, 4, rid, true); res.Config == nil || len(res.Config.Orgs) != 3 {
		t.Fatal("org3 not removed")
	}
	f.refused(t, deposit("causeway.readers", "org2,org3"), types.CodeUnknownOrg)
	rc, _ = f.run(t, deposit("causeway.readers", "org2,org4"))
	wantReceipt(t, rc, "")
}

// mkBodyRaw is mkBody with an already encoded payload.
func mkBodyRaw(sender string, typ types.TxType, payload []byte) *types.TxBody {
	b := mkBody(sender, typ, nil)
	b.Payload = payload
	return b
}

// Governance proposals with hostile or oversize text are refused when
// proposed, with a typed code, and change nothing.
func TestGovernanceTextHygiene(t *testing.T) {
	f := newGov(t)
	ca9, err := pki.NewCA("org9")
	if err != nil {
		t.Fatal(err)
	}
	tlsPEM, _, _ := ca9.Issue(pki.IssueRequest{CommonName: "node9", Role: pki.RoleNode})
	signPEM, _, _ := ca9.Issue(pki.IssueRequest{CommonName: "node9", Role: pki.RoleNode, KeyType: pki.KeyEd25519})
	addOrg := func(mut func(a *types.AddOrg)) *types.Proposal {
		a := &types.AddOrg{Name: "org9", CaCert: string(ca9.CertPEM()), AdminKey: key(newSigner("admin-org9"), 100),
			Nodes: []*types.NodeSpec{{Id: 9, Org: "org9", Address: "10.0.0.9:7051", TlsCert: string(tlsPEM), SignCert: string(signPEM)}}}
		mut(a)
		return &types.Proposal{Action: &types.Proposal_AddOrg{AddOrg: a}}
	}
	propose := func(p *types.Proposal) *types.DecodedTx {
		return sign(t, mkBody("org1.admin", types.TxType_PROPOSE, p), f.admins[0])
	}
	for name, tc := range map[string]struct {
		p    *types.Proposal
		code types.Code
	}{
		"org name with escape":          {addOrg(func(a *types.AddOrg) { a.Name = "org9\x1b[2J"; a.Nodes[0].Org = a.Name }), types.CodeInvalidText},
		"org name with bidi override":   {addOrg(func(a *types.AddOrg) { a.Name = "org\u202e9"; a.Nodes[0].Org = a.Name }), types.CodeInvalidText},
		"org name with comma":           {addOrg(func(a *types.AddOrg) { a.Name = "org9,org1"; a.Nodes[0].Org = a.Name }), types.CodeInvalidText},
		"org name too long":             {addOrg(func(a *types.AddOrg) { a.Name = strings.Repeat("o", types.MaxOrgNameBytes+1); a.Nodes[0].Org = a.Name }), types.CodeTooLarge},
		"CA certificate with trailer":   {addOrg(func(a *types.AddOrg) { a.CaCert += "\x1b[31mtrusted\x1b[0m" }), types.CodeInvalidPayload},
		"node address with newline":     {addOrg(func(a *types.AddOrg) { a.Nodes[0].Address = "10.0.0.9:7051\nroot" }), types.CodeInvalidText},
		"node address without port":     {addOrg(func(a *types.AddOrg) { a.Nodes[0].Address = "10.0.0.9" }), types.CodeInvalidPayload},
		"node certificate two blocks":   {addOrg(func(a *types.AddOrg) { a.Nodes[0].TlsCert += string(tlsPEM) }), types.CodeInvalidPayload},
		"description with escape":       {&types.Proposal{Action: &types.Proposal_RemoveOrg{RemoveOrg: &types.RemoveOrg{Name: "org4"}}, Description: "routine\x1b[1A\x1b[2Kapproved"}, types.CodeInvalidText},
		"description with bidi":         {&types.Proposal{Action: &types.Proposal_RemoveOrg{RemoveOrg: &types.RemoveOrg{Name: "org4"}}, Description: "keep \u202eevomer"}, types.CodeInvalidText},
		"serial too long":               {&types.Proposal{Action: &types.Proposal_RevokeCert{RevokeCert: &types.RevokeCert{Serial: strings.Repeat("ab", types.MaxSerialHexChars)}}}, types.CodeTooLarge},
		"add_node address with escape":  {&types.Proposal{Action: &types.Proposal_AddNode{AddNode: &types.AddNode{Node: &types.NodeSpec{Id: 9, Org: "org1", Address: "10.0.0.9:70\x1b51", TlsCert: string(tlsPEM), SignCert: string(signPEM)}}}}, types.CodeInvalidText},
		"proposal above the size limit": {maxAddOrgProposal(3), types.CodeTooLarge},
		"parameter name with escape":    {&types.Proposal{Action: &types.Proposal_UpdateParam{UpdateParam: &types.UpdateParam{Name: "max_tx_bytes\x1b", Value: 1 << 16}}}, types.CodeInvalidText},
		"parameter beyond its ceiling":  {&types.Proposal{Action: &types.Proposal_UpdateParam{UpdateParam: &types.UpdateParam{Name: "batch_max_interval_ms", Value: 3_600_000}}}, types.CodeParamOutOfBounds},
		"parameter below its floor":     {&types.Proposal{Action: &types.Proposal_UpdateParam{UpdateParam: &types.UpdateParam{Name: "max_validity_ms", Value: 1}}}, types.CodeParamOutOfBounds},
		"unknown parameter":             {&types.Proposal{Action: &types.Proposal_UpdateParam{UpdateParam: &types.UpdateParam{Name: "max_everything", Value: 1}}}, types.CodeUnknownParam},
		"org name with NUL in removal":  {&types.Proposal{Action: &types.Proposal_RemoveOrg{RemoveOrg: &types.RemoveOrg{Name: "org\x001"}}}, types.CodeInvalidText},
	} {
		t.Run(name, func(t *testing.T) {
			d := propose(tc.p)
			f.refused(t, d, tc.code)
			if p, _ := state.ReadProposal(f.m, d.Hash); p != nil {
				t.Fatal("refused proposal stored")
			}
		})
	}
	// The same add_org with clean text passes.
	id, rc, _ := f.propose(t, 1, addOrg(func(*types.AddOrg) {}))
	wantReceipt(t, rc, "")
	f.vote(t, 2, id, true)
	if _, res := f.vote(t, 3, id, true); res.Config == nil || len(res.Config.Orgs) != 5 {
		t.Fatal("clean add_org not executed")
	}
	// A further node may reuse neither node 9's address nor its keys.
	tls2, _, _ := ca9.Issue(pki.IssueRequest{CommonName: "node10", Role: pki.RoleNode})
	sign2, _, _ := ca9.Issue(pki.IssueRequest{CommonName: "node10", Role: pki.RoleNode, KeyType: pki.KeyEd25519})
	addNode := func(addr, tlsCert, signCert string) *types.Proposal {
		return &types.Proposal{Action: &types.Proposal_AddNode{AddNode: &types.AddNode{Node: &types.NodeSpec{Id: 10, Org: "org9", Address: addr, TlsCert: tlsCert, SignCert: signCert}}}}
	}
	for name, p := range map[string]*types.Proposal{
		"same address":           addNode("10.0.0.9:7051", string(tls2), string(sign2)),
		"same signing key":       addNode("10.0.0.10:7051", string(tls2), string(signPEM)),
		"same TLS key":           addNode("10.0.0.10:7051", string(tlsPEM), string(sign2)),
		"TLS key as signing key": addNode("10.0.0.10:7051", string(tls2), string(tlsPEM)),
	} {
		t.Run(name, func(t *testing.T) { f.refused(t, propose(p), types.CodeDuplicate) })
	}
	_, rc, _ = f.propose(t, 1, addNode("10.0.0.10:7051", string(tls2), string(sign2)))
	wantReceipt(t, rc, "")
}

// Governance cannot freeze a member org's admin account (freezing two of
// four would leave no majority to unfreeze them); other accounts, and the
// admin account of an org that was removed, can be frozen.
func TestAdminAccountsCannotBeFrozenByVote(t *testing.T) {
	f := newGov(t)
	freeze := func(name string) *types.Proposal {
		acct := id(name)
		return &types.Proposal{Action: &types.Proposal_FreezeAccount{FreezeAccount: &types.FreezeAccount{Id: acct[:]}}}
	}
	for _, org := range []string{"org2", "org3"} {
		rc := f.refused(t, sign(t, mkBody("org1.admin", types.TxType_PROPOSE, freeze(types.AdminAccountName(org))), f.admins[0]), types.CodeInvalidPayload)
		if !strings.Contains(rc.Error, "remove the org") {
			t.Fatalf("reason %q", rc.Error)
		}
	}
	pid, rc, _ := f.propose(t, 1, freeze("alice"))
	wantReceipt(t, rc, "")
	f.vote(t, 2, pid, true)
	f.vote(t, 3, pid, true)
	if mustAccount(t, f.m, "alice").Status != types.AccountStatus_ACCOUNT_FROZEN {
		t.Fatal("alice not frozen")
	}
	// Once org4 is removed, its admin account is an ordinary account.
	rid, _, _ := f.propose(t, 1, &types.Proposal{Action: &types.Proposal_RemoveOrg{RemoveOrg: &types.RemoveOrg{Name: "org4"}}})
	f.vote(t, 2, rid, true)
	f.vote(t, 3, rid, true)
	_, rc, _ = f.propose(t, 1, freeze("org4.admin"))
	wantReceipt(t, rc, "")
}

// Governance cannot revoke a certificate a consensus node or a member CA
// uses now (a vote could otherwise cut off the node set); once the node is
// removed its certificate can be revoked, and unrelated serials always can.
func TestCertificatesInUseCannotBeRevoked(t *testing.T) {
	f := newGov(t)
	tlsPEM, _, _ := f.cas[0].Issue(pki.IssueRequest{CommonName: "node7", Role: pki.RoleNode})
	signPEM, _, _ := f.cas[0].Issue(pki.IssueRequest{CommonName: "node7", Role: pki.RoleNode, KeyType: pki.KeyEd25519})
	pass := func(p *types.Proposal) {
		t.Helper()
		pid, rc, _ := f.propose(t, 1, p)
		wantReceipt(t, rc, "")
		f.vote(t, 2, pid, true)
		f.vote(t, 3, pid, true)
		if f.proposal(t, pid).Status != types.ProposalStatus_PROPOSAL_EXECUTED {
			t.Fatalf("%v not executed", ActionOf(p))
		}
	}
	node := func(id uint64, addr string, tlsCert, signCert []byte) *types.Proposal {
		return &types.Proposal{Action: &types.Proposal_AddNode{AddNode: &types.AddNode{Node: &types.NodeSpec{Id: id, Org: "org1", Address: addr, TlsCert: string(tlsCert), SignCert: string(signCert)}}}}
	}
	pass(node(7, "10.0.0.7:7051", tlsPEM, signPEM))
	tls8, _, _ := f.cas[0].Issue(pki.IssueRequest{CommonName: "node8", Role: pki.RoleNode})
	sign8, _, _ := f.cas[0].Issue(pki.IssueRequest{CommonName: "node8", Role: pki.RoleNode, KeyType: pki.KeyEd25519})
	pass(node(8, "10.0.0.8:7051", tls8, sign8))
	revoke := func(serial string) *types.DecodedTx {
		return sign(t, mkBody("org1.admin", types.TxType_PROPOSE, &types.Proposal{Action: &types.Proposal_RevokeCert{RevokeCert: &types.RevokeCert{Serial: serial}}}), f.admins[0])
	}
	serialOf := func(p []byte) string {
		c, err := parseCert(string(p))
		if err != nil {
			t.Fatal(err)
		}
		return c.SerialNumber.Text(16)
	}
	for name, serial := range map[string]string{
		"node TLS certificate":          serialOf(tlsPEM),
		"node signing certificate":      serialOf(signPEM),
		"with leading zeros, uppercase": "000" + strings.ToUpper(serialOf(signPEM)),
		"member CA certificate":         serialOf(f.cas[2].CertPEM()),
	} {
		t.Run(name, func(t *testing.T) {
			rc := f.refused(t, revoke(serial), types.CodeInvalidPayload)
			if !strings.Contains(rc.Error, "remove the") {
				t.Fatalf("reason %q does not say what to do", rc.Error)
			}
		})
	}
	// An odd number of hex digits (big.Int.Text(16) drops a leading zero
	// nibble) is a serial too.
	_, rc, _ := f.propose(t, 1, &types.Proposal{Action: &types.Proposal_RevokeCert{RevokeCert: &types.RevokeCert{Serial: "abc"}}})
	wantReceipt(t, rc, "")
	pass(&types.Proposal{Action: &types.Proposal_RemoveNode{RemoveNode: &types.RemoveNode{Id: 7}}})
	pass(&types.Proposal{Action: &types.Proposal_RevokeCert{RevokeCert: &types.RevokeCert{Serial: serialOf(signPEM)}}})
	if c := f.config(t); len(c.Revoked) != 1 || len(c.Nodes) != 1 {
		t.Fatalf("revoked %v, nodes %v", c.Revoked, c.NodeIDs())
	}
}

// A contract chooses its revert reason, so the transaction cannot be
// refused for it: the reason kept in the receipt's error has its control
// and direction-changing characters escaped and is cut to 1 KiB.
func TestRevertReasonIsEscapedInReceipts(t *testing.T) {
	m := newState(t)
	// Runtime: revert with the call's input as the revert data.
	//   CALLDATASIZE PUSH1 0 PUSH1 0 CALLDATACOPY CALLDATASIZE PUSH1 0 REVERT
	runtime := []byte{0x36, 0x60, 0x00, 0x60, 0x00, 0x37, 0x36, 0x60, 0x00, 0xfd}
	// Init: copy the runtime that follows this 12-byte prefix and return it.
	//   PUSH1 len PUSH1 12 PUSH1 0 CODECOPY PUSH1 len PUSH1 0 RETURN
	code := append([]byte{0x60, byte(len(runtime)), 0x60, 12, 0x60, 0x00, 0x39, 0x60, byte(len(runtime)), 0x60, 0x00, 0xf3}, runtime...)
	deploy := sign(t, mkBody("alice", types.TxType_DEPLOY_CONTRACT, &types.DeployContract{Code: code, GasLimit: 1_000_000}), alice)
	res := execute(t, m, 1, deploy)
	wantReceipt(t, res.Receipts[0], "")
	m.commit([]*types.DecodedTx{deploy}, res)

	reason := "paid\x1b[2K\rrefunded \u202eevil\n" + strings.Repeat("x", 3000)
	// Error(string): selector, offset 32, length, the bytes padded to 32.
	input := []byte{0x08, 0xc3, 0x79, 0xa0}
	word := func(n int) []byte {
		w := make([]byte, 32)
		for i := 31; n > 0; i-- {
			w[i] = byte(n)
			n >>= 8
		}
		return w
	}
	input = append(input, word(32)...)
	input = append(input, word(len(reason))...)
	input = append(input, reason...)
	input = append(input, make([]byte, (32-len(reason)%32)%32)...)
	call := sign(t, mkBody("alice", types.TxType_CALL_CONTRACT, &types.CallContract{To: res.Receipts[0].ContractAddress, Input: input, GasLimit: 1_000_000}), alice)
	rc := execute(t, m, 2, call).Receipts[0]
	if rc.Status != types.ReceiptStatus_FAILED {
		t.Fatalf("the call did not revert: %v", rc)
	}
	if terr := types.CheckText("receipt error", rc.Error, len(rc.Error)); terr != nil {
		t.Fatalf("receipt error holds refused text: %v: %q", terr, rc.Error)
	}
	if !strings.Contains(rc.Error, `paid\x1b[2K\x0drefunded \u202eevil\x0a`) {
		t.Fatalf("receipt error %q does not show the escaped reason", rc.Error)
	}
	if len(rc.Error) > 1200 {
		t.Fatalf("receipt error is %d bytes", len(rc.Error))
	}
}
