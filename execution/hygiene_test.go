package execution

import (
	"strings"
	"testing"

	"github.com/causeway/causeway/pki"
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
			if ev, _ := ReadEvidence(f.m, tc.d.Hash); ev != nil {
				t.Fatalf("refused evidence stored: %v (%s)", ev, rc.Error)
			}
		})
	}
	// Members as readers, and printable Unicode, are accepted.
	ok := deposit("causeway.org", "org1", "causeway.readers", "org2,org3", "file_name", "合同 2026.pdf")
	rc, _ := f.run(t, ok)
	wantReceipt(t, rc, "")
	if ev, err := ReadEvidence(f.m, ok.Hash); err != nil || ev == nil || len(ev.Metadata) != 3 {
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
			if p, _ := ReadProposal(f.m, d.Hash); p != nil {
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
}
