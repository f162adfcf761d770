package execution

import (
	"bytes"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"strconv"
	"strings"

	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
)

// Governance events.
const (
	EventProposed = "gov.proposed" // id, action, proposer
	EventVoted    = "gov.voted"    // id, org, approve
	EventExecuted = "gov.executed" // id, action, effective_height, config_version
	EventRejected = "gov.rejected" // id
	EventUnfrozen = "account.unfrozen"
)

// ActionOf names a proposal's action as the policy does.
func ActionOf(p *types.Proposal) string {
	switch p.GetAction().(type) {
	case *types.Proposal_AddOrg:
		return "add_org"
	case *types.Proposal_RemoveOrg:
		return "remove_org"
	case *types.Proposal_AddNode:
		return "add_node"
	case *types.Proposal_RemoveNode:
		return "remove_node"
	case *types.Proposal_UpdateParam:
		return "update_param"
	case *types.Proposal_RevokeCert:
		return "revoke_cert"
	case *types.Proposal_FreezeAccount:
		return "freeze_account"
	case *types.Proposal_UnfreezeAccount:
		return "unfreeze_account"
	case *types.Proposal_RotateNodeCert:
		return ActionRotateNodeCert
	case *types.Proposal_RotateCa:
		return ActionRotateCA
	case *types.Proposal_SetOrgEncryptionKey:
		return ActionSetOrgEncryptionKey
	case *types.Proposal_SetReaderGroup:
		return ActionSetReaderGroup
	case *types.Proposal_RemoveReaderGroup:
		return ActionRemoveReaderGroup
	case *types.Proposal_SetAuditor:
		return ActionSetAuditor
	case *types.Proposal_RegisterLightClient:
		return ActionRegisterLightClient
	case *types.Proposal_RemoveLightClient:
		return ActionRemoveLightClient
	case *types.Proposal_AuthorizeMessageChannel:
		return ActionAuthorizeMessageChannel
	case *types.Proposal_RevokeMessageChannel:
		return ActionRevokeMessageChannel
	}
	return ""
}

// govSender checks that the sender is the admin account of a member org and
// authorised by its keys; it returns the org.
func (t *txExec) govSender() (string, *types.TxError, error) {
	acct, id, terr, err := t.sender()
	if terr != nil || err != nil {
		return "", terr, err
	}
	for _, o := range t.config.Orgs {
		if o.Admin == acct.Name {
			return o.Name, nil, nil
		}
	}
	return "", types.Errorf(types.CodeUnauthorized, "account %s (%q) is not the admin account of a member org", id, acct.Name), nil
}

// propose executes PROPOSE: a member org's admin opens a proposal, which
// counts as that org's approving vote. Its id is the transaction hash.
func (t *txExec) propose() (*types.TxError, error) {
	p := &types.Proposal{}
	if terr := t.decodePayload(p); terr != nil {
		return terr, nil
	}
	action := ActionOf(p)
	if action == "" {
		return types.Errorf(types.CodeInvalidPayload, "the proposal has no action"), nil
	}
	if len(p.Description) > 1024 {
		return types.Errorf(types.CodeInvalidPayload, "description is %d bytes, at most 1024", len(p.Description)), nil
	}
	org, terr, err := t.govSender()
	if terr != nil || err != nil {
		return terr, err
	}
	if terr := checkRotationProposer(p, org, t.config); terr != nil {
		return terr, nil
	}
	// Validate the action against the current configuration: a proposal that
	// could never execute is refused at once.
	if terr, err := t.apply(p, t.config.Clone(), true); terr != nil || err != nil {
		return terr, err
	}
	rec := &types.ProposalRecord{
		Id: t.d.Hash.Bytes(), Proposal: p, Proposer: org, Status: types.ProposalStatus_PROPOSAL_OPEN,
		CreatedHeight: t.header.Height, ExpiresMs: t.header.TimeMs + t.config.Policy.ProposalTTLMs,
	}
	t.emit(EventProposed, "id", t.d.Hash.String(), "action", action, "proposer", org)
	return t.castVote(rec, org, true)
}

// vote executes VOTE by a member org's admin. An org votes once; votes of
// orgs that are no longer members do not count.
func (t *txExec) vote() (*types.TxError, error) {
	v := &types.Vote{}
	if terr := t.decodePayload(v); terr != nil {
		return terr, nil
	}
	id, err := types.HashOf(v.ProposalId)
	if err != nil {
		return types.Errorf(types.CodeInvalidPayload, "proposal id: %v", err), nil
	}
	org, terr, err := t.govSender()
	if terr != nil || err != nil {
		return terr, err
	}
	b, err := t.get(state.ProposalKey(id))
	if err != nil {
		return nil, err
	}
	if b == nil {
		return types.Errorf(types.CodeInvalidPayload, "proposal %s does not exist", id), nil
	}
	rec, err := state.DecodeProposal(b)
	if err != nil {
		return nil, fmt.Errorf("proposal %s: %w", id, err)
	}
	if rec.Status != types.ProposalStatus_PROPOSAL_OPEN {
		return types.Errorf(types.CodeInvalidPayload, "proposal %s is %v", id, rec.Status), nil
	}
	if t.header.TimeMs > rec.ExpiresMs {
		return types.Errorf(types.CodeExpired, "proposal %s expired at %d", id, rec.ExpiresMs), nil
	}
	for _, pv := range rec.Votes {
		if pv.Org == org {
			return types.Errorf(types.CodeDuplicate, "org %s has already voted on proposal %s", org, id), nil
		}
	}
	return t.castVote(rec, org, v.Approve)
}

// castVote records org's vote, tallies the member orgs' votes, and executes
// or rejects the proposal when the policy is decided.
func (t *txExec) castVote(rec *types.ProposalRecord, org string, approve bool) (*types.TxError, error) {
	id, _ := types.HashOf(rec.Id)
	rec.Votes = append(rec.Votes, &types.VoteRecord{Org: org, Approve: approve, Height: t.header.Height})
	t.emit(EventVoted, "id", id.String(), "org", org, "approve", strconv.FormatBool(approve))
	yes, no := 0, 0
	for _, v := range rec.Votes {
		if _, member := t.config.Org(v.Org); !member {
			continue
		}
		if v.Approve {
			yes++
		} else {
			no++
		}
	}
	members := len(t.config.Orgs)
	th := t.config.Policy.For(ActionOf(rec.Proposal))
	switch {
	case th.Met(yes, members):
		next := t.config.Clone()
		t.proposalID = id
		if terr, err := t.apply(rec.Proposal, next, false); terr != nil || err != nil {
			return terr, err
		}
		rec.Status = types.ProposalStatus_PROPOSAL_EXECUTED
		rec.ClosedHeight = t.header.Height
		rec.EffectiveHeight = t.header.Height + 1
		if next.Version != t.config.Version {
			t.setConfig(next)
		}
		t.emitKeySet(rec.Proposal)
		t.emit(EventExecuted, "id", id.String(), "action", ActionOf(rec.Proposal),
			"effective_height", strconv.FormatUint(rec.EffectiveHeight, 10), "config_version", strconv.FormatUint(next.Version, 10))
	case !th.Met(members-no, members):
		rec.Status = types.ProposalStatus_PROPOSAL_REJECTED
		rec.ClosedHeight = t.header.Height
		rec.Reason = fmt.Sprintf("%d of %d member orgs voted against", no, members)
		t.emit(EventRejected, "id", id.String())
	}
	t.put(state.ProposalKey(id), state.EncodeProposal(rec))
	return nil, nil
}

// setConfig stages the new configuration; it becomes the block's
// configuration only if this transaction succeeds (see execTx).
func (t *txExec) setConfig(c *types.ChainConfig) {
	c.Normalize()
	enc := state.EncodeConfig(c)
	t.put(state.ConfigKey(), enc)
	t.put(state.ConfigHistoryKey(t.header.Height+1), enc)
	t.newConfig = c
}

// apply applies p to cfg (a copy). With check only, it validates and
// changes nothing outside cfg.
func (t *txExec) apply(p *types.Proposal, cfg *types.ChainConfig, check bool) (*types.TxError, error) {
	bad := func(format string, a ...any) (*types.TxError, error) {
		return types.Errorf(types.CodeInvalidPayload, format, a...), nil
	}
	if terr := types.CheckProposal(p); terr != nil { // sizes and text, at propose and at execution
		return terr, nil
	}
	switch a := p.Action.(type) {
	case *types.Proposal_AddOrg:
		o := a.AddOrg
		if err := checkAccountName(o.Name); err != nil || strings.ContainsAny(o.Name, " /") {
			return bad("org name %q is not valid", o.Name)
		}
		if _, ok := cfg.Org(o.Name); ok {
			return bad("org %s is already a member", o.Name)
		}
		ca, err := parseCert(o.CaCert)
		if err != nil || !ca.IsCA {
			return bad("org %s: CA certificate: %v", o.Name, errOr(err, "not a CA"))
		}
		if o.AdminKey == nil {
			return bad("org %s: admin key is missing", o.Name)
		}
		if terr := checkPublicKey(o.AdminKey.Scheme, o.AdminKey.PublicKey); terr != nil {
			return bad("org %s: admin key: %s", o.Name, terr.Reason)
		}
		adminName := types.AdminAccountName(o.Name)
		adminID := t.e.Suite.AccountID(adminName)
		if existing, err := t.account(adminID); err != nil {
			return nil, err
		} else if existing != nil && !check {
			return bad("account %s already exists", adminName)
		}
		cfg.Orgs = append(cfg.Orgs, types.OrgConfig{Name: o.Name, CACert: o.CaCert, Admin: adminName})
		for _, n := range o.Nodes {
			if n.Org != o.Name {
				return bad("node %d belongs to org %q, not %s", n.Id, n.Org, o.Name)
			}
			if terr := addNode(cfg, n, ca); terr != nil {
				return terr, nil
			}
		}
		if !check {
			acct := &types.Account{Id: adminID.Bytes(), Name: adminName, Status: types.AccountStatus_ACCOUNT_NORMAL, Version: 1, CreatedHeight: t.header.Height,
				AuthKeys: []*types.AuthKey{{Scheme: o.AdminKey.Scheme, PublicKey: bytes.Clone(o.AdminKey.PublicKey), Weight: AuthThreshold}}}
			t.putAccount(acct)
		}
	case *types.Proposal_RemoveOrg:
		name := a.RemoveOrg.Name
		if _, ok := cfg.Org(name); !ok {
			return bad("org %s is not a member", name)
		}
		if len(cfg.Orgs) == 1 {
			return bad("cannot remove the last org")
		}
		var nodes []types.GenesisNode
		for _, n := range cfg.Nodes {
			if n.Org != name {
				nodes = append(nodes, n)
			}
		}
		if len(nodes) == 0 && len(cfg.Nodes) > 0 {
			return bad("removing org %s would leave no consensus node", name)
		}
		cfg.RemoveOrg(name) // its encryption keys and group memberships go with it
		cfg.Nodes = nodes
	case *types.Proposal_AddNode:
		n := a.AddNode.GetNode()
		if n == nil {
			return bad("node is missing")
		}
		o, ok := cfg.Org(n.Org)
		if !ok {
			return bad("node %d belongs to org %q, which is not a member", n.Id, n.Org)
		}
		ca, err := parseCert(o.CACert)
		if err != nil {
			return nil, fmt.Errorf("stored CA of org %s: %w", o.Name, err)
		}
		if terr := addNode(cfg, n, ca); terr != nil {
			return terr, nil
		}
	case *types.Proposal_RemoveNode:
		id := a.RemoveNode.Id
		if _, ok := cfg.Node(id); !ok {
			return bad("node %d is not a consensus node", id)
		}
		if len(cfg.Nodes) == 1 {
			return bad("cannot remove the last consensus node")
		}
		var nodes []types.GenesisNode
		for _, n := range cfg.Nodes {
			if n.ID != id {
				nodes = append(nodes, n)
			}
		}
		cfg.Nodes = nodes
	case *types.Proposal_UpdateParam:
		if err := cfg.Params.SetParam(a.UpdateParam.Name, a.UpdateParam.Value); err != nil {
			return paramRefusal(err), nil
		}
	case *types.Proposal_RevokeCert:
		serial := strings.ToLower(a.RevokeCert.Serial)
		if len(serial)%2 == 1 { // big.Int.Text(16) drops a leading zero nibble
			serial = "0" + serial
		}
		if _, err := hex.DecodeString(serial); err != nil || serial == "" {
			return bad("serial %q is not hex", a.RevokeCert.Serial)
		}
		if terr := refuseRevokingInUse(cfg, serial); terr != nil {
			return terr, nil
		}
		for _, r := range cfg.Revoked {
			if r == serial {
				return bad("certificate %s is already revoked", serial)
			}
		}
		cfg.Revoked = append(cfg.Revoked, serial)
	case *types.Proposal_RotateNodeCert:
		if terr := rotateNodeCert(cfg, a.RotateNodeCert, t.header.TimeMs); terr != nil {
			return terr, nil
		}
	case *types.Proposal_RotateCa:
		if terr := rotateCA(cfg, a.RotateCa, t.header.TimeMs); terr != nil {
			return terr, nil
		}
	case *types.Proposal_FreezeAccount, *types.Proposal_UnfreezeAccount:
		var raw []byte
		freeze := false
		if f, ok := a.(*types.Proposal_FreezeAccount); ok {
			raw, freeze = f.FreezeAccount.Id, true
		} else {
			raw = a.(*types.Proposal_UnfreezeAccount).UnfreezeAccount.Id
		}
		id, err := types.HashOf(raw)
		if err != nil {
			return bad("account id: %v", err)
		}
		acct, err := t.account(id)
		if err != nil {
			return nil, err
		}
		if acct == nil {
			return bad("account %s does not exist", id)
		}
		if terr := refuseAdminFreeze(cfg, acct, freeze); terr != nil {
			return terr, nil
		}
		if check {
			return nil, nil
		}
		if freeze {
			acct.Status = types.AccountStatus_ACCOUNT_FROZEN
			t.emit(EventAccountFrozen, "id", id.String(), "by", "governance")
		} else {
			acct.Status = types.AccountStatus_ACCOUNT_NORMAL
			if len(acct.PendingKeys) > 0 {
				acct.Status = types.AccountStatus_ACCOUNT_RECOVERING
			}
			t.emit(EventUnfrozen, "id", id.String())
		}
		acct.Version++
		t.putAccount(acct)
		return nil, nil // accounts, not the configuration
	case *types.Proposal_SetAuditor:
		terr, err := t.setAuditor(cfg, a.SetAuditor)
		if terr != nil || err != nil {
			return terr, err
		}
	case *types.Proposal_RegisterLightClient, *types.Proposal_RemoveLightClient:
		_, terr, err := t.applyLightClient(p, check)
		return terr, err // the light clients' state, not the configuration
	case *types.Proposal_AuthorizeMessageChannel, *types.Proposal_RevokeMessageChannel:
		return t.applyMessageChannel(p, check) // the channels' state, not the configuration
	default:
		handled, terr := t.applySealGovernance(p, cfg)
		if !handled {
			return bad("unknown governance action")
		}
		if terr != nil {
			return terr, nil
		}
	}
	cfg.Version++
	return nil, nil
}

func addNode(cfg *types.ChainConfig, n *types.NodeSpec, ca *x509.Certificate) *types.TxError {
	if n.Id == 0 {
		return types.Errorf(types.CodeInvalidPayload, "node id 0 is not allowed")
	}
	if _, ok := cfg.Node(n.Id); ok {
		return types.Errorf(types.CodeInvalidPayload, "node id %d is taken", n.Id)
	}
	if n.Address == "" {
		return types.Errorf(types.CodeInvalidPayload, "node %d has no address", n.Id)
	}
	for _, c := range []struct{ what, pem string }{{"TLS", n.TlsCert}, {"signing", n.SignCert}} {
		cert, err := parseCert(c.pem)
		if err != nil {
			return types.Errorf(types.CodeInvalidPayload, "node %d %s certificate: %v", n.Id, c.what, err)
		}
		if err := pki.CheckIssuedBy(cert, ca); err != nil {
			return types.Errorf(types.CodeInvalidPayload, "node %d %s certificate is not issued by org %s's CA: %v", n.Id, c.what, n.Org, err)
		}
		if isRevoked(cfg, cert) {
			return types.Errorf(types.CodeInvalidPayload, "node %d %s certificate (serial %s) is revoked", n.Id, c.what, pki.IdentityOf(cert).Serial)
		}
	}
	gn := types.GenesisNode{ID: n.Id, Org: n.Org, Address: n.Address, TLSCert: n.TlsCert, SignCert: n.SignCert}
	if terr := types.CheckNodeDistinct(cfg.Nodes, gn); terr != nil {
		return terr
	}
	cfg.Nodes = append(cfg.Nodes, gn)
	return nil
}

// parseCert parses a certificate field of either suite: crypto/x509, or
// gmsm's smx509 for SM2 keys (pki.ParseCertPEM). Check signatures on what
// it returns with pki.CheckIssuedBy, which knows SM2, never with
// (*x509.Certificate).CheckSignatureFrom.
func parseCert(p string) (*x509.Certificate, error) {
	blk, _ := pem.Decode([]byte(p))
	if blk == nil {
		return nil, fmt.Errorf("not PEM")
	}
	return pki.ParseCertPEM(pem.EncodeToMemory(blk))
}

func errOr(err error, s string) any {
	if err != nil {
		return err
	}
	return s
}
