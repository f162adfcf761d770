package types

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
)

// ChainConfig is the consortium's configuration as it stands on chain: the
// member orgs with their CAs, the consensus nodes, the chain parameters, the
// governance policy, what each certificate role may do, and the revoked
// certificates. Genesis sets it; afterwards only executed governance
// proposals change it, and a change made in block h applies from block h+1
// on every node. Its encoding (canonical JSON: struct order, sorted lists,
// sorted map keys) is what the state holds.
type ChainConfig struct {
	// Version counts executed changes; it is 1 at genesis.
	Version uint64        `json:"version"`
	Orgs    []OrgConfig   `json:"orgs"`
	Nodes   []GenesisNode `json:"nodes"`
	Params  ChainParams   `json:"params"`
	Policy  Policy        `json:"policy"`
	// Roles maps a certificate role (admin, client, node, auditor) to the
	// permissions it grants: "submit", "query", "govern", "audit".
	Roles map[string][]string `json:"roles"`
	// Revoked holds revoked certificate serials (lower-case hex), sorted.
	Revoked []string `json:"revoked,omitempty"`
	// ReaderGroups are the named groups of reader orgs that sealed
	// payloads may name (ReaderGroup), sorted by name.
	ReaderGroups []ReaderGroup `json:"reader_groups,omitempty"`
	// Auditor is the chain's auditor (set_auditor): every confidential
	// token output is also sealed to its key. Nil until governance sets one.
	Auditor *AuditorConfig `json:"auditor,omitempty"`
}

// OrgConfig is a member organisation.
type OrgConfig struct {
	Name string `json:"name"`
	// CACert is the org's CA certificate, PEM.
	CACert string `json:"ca_cert"`
	// Admin is the name of the org's admin account, which proposes and votes.
	Admin string `json:"admin"`
	// RetiringCACert is the CA certificate (PEM) a CA rotation replaced,
	// still trusted until the block time RetiringCAUntilMs: see
	// ChainConfig.Sweep. Both are empty outside a rotation's overlap.
	RetiringCACert    string `json:"retiring_ca_cert,omitempty"`
	RetiringCAUntilMs int64  `json:"retiring_ca_until_ms,omitempty"`
	// EncryptionKeys are the org's encryption keys for sealed data, in the
	// order they came into force (ascending FromHeight): the last is in
	// force, the others were replaced by rotations (set_org_encryption_key)
	// and stay listed, at most MaxOrgEncryptionKeys in all. Empty until the
	// org sets one; data cannot be sealed to it meanwhile.
	EncryptionKeys []OrgEncryptionKey `json:"encryption_keys,omitempty"`
}

// Rotating reports whether the org's CA is inside a rotation's overlap.
func (o OrgConfig) Rotating() bool { return o.RetiringCACert != "" || o.RetiringCAUntilMs != 0 }

// Policy says how many member orgs must approve a proposal.
type Policy struct {
	// Default applies to every action without its own threshold.
	Default Threshold `json:"default"`
	// Actions overrides the threshold per action (add_org, remove_org,
	// add_node, remove_node, update_param, revoke_cert, freeze_account,
	// unfreeze_account, rotate_node_cert, rotate_ca, set_org_encryption_key,
	// set_reader_group, remove_reader_group).
	Actions map[string]Threshold `json:"actions,omitempty"`
	// ProposalTTLMs is how long a proposal stays open for votes.
	ProposalTTLMs int64 `json:"proposal_ttl_ms"`
}

// Threshold is "more than Num/Den of the member orgs": {1, 2} is a majority,
// {2, 3} more than two thirds.
type Threshold struct {
	Num uint32 `json:"num"`
	Den uint32 `json:"den"`
}

// GovernanceActions are the names of the governance actions, as a
// Policy's Actions map and execution's ActionOf spell them. A policy may
// give a threshold only to these: a misspelt name would silently leave the
// action at the default threshold.
var GovernanceActions = []string{
	"add_org", "remove_org", "add_node", "remove_node", "update_param", "revoke_cert",
	"freeze_account", "unfreeze_account", "rotate_node_cert", "rotate_ca",
	"set_org_encryption_key", "set_reader_group", "remove_reader_group",
	"set_auditor", "register_light_client", "remove_light_client",
	"authorize_message_channel", "revoke_message_channel",
}

// Approvals returns how many approving orgs out of members pass the
// threshold: the least k with k*Den > members*Num. Den must not be 0.
func (t Threshold) Approvals(members int) int {
	return int(uint64(members)*uint64(t.Num)/uint64(t.Den)) + 1
}

// String returns the threshold as "NUM/DEN".
func (t Threshold) String() string { return fmt.Sprintf("%d/%d", t.Num, t.Den) }

// Met reports whether approvals out of members orgs pass the threshold.
func (t Threshold) Met(approvals, members int) bool {
	return uint64(approvals)*uint64(t.Den) > uint64(members)*uint64(t.Num)
}

// For returns the threshold of action.
func (p Policy) For(action string) Threshold {
	if t, ok := p.Actions[action]; ok {
		return t
	}
	return p.Default
}

// Permissions of certificate roles.
const (
	PermSubmit = "submit"
	PermQuery  = "query"
	PermGovern = "govern"
	// PermAudit reads exactly what is sealed to the chain's auditor, once
	// the opening is recorded on chain (AUDIT_ACCESS, which it may submit):
	// the token outputs and audited sealed payloads it logged, the audit
	// log, the chain's status and configuration. Nothing else.
	PermAudit = "audit"
)

// DefaultRoles are the role permissions of a chain whose genesis sets none.
func DefaultRoles() map[string][]string {
	return map[string][]string{
		"admin":   {PermGovern, PermQuery, PermSubmit},
		"client":  {PermQuery, PermSubmit},
		"node":    {PermQuery},
		"auditor": {PermQuery},
	}
}

// RecommendedRoles are the role permissions `causeway up` and `causeway
// genesis assemble` write into a new genesis: DefaultRoles, except that the
// auditor role may only audit (PermAudit: what is sealed to the chain's
// auditor, once its opening is on chain) instead of query everything.
// DefaultRoles stay what a genesis without roles gets, so that the
// configuration, and every hash, of such a genesis never changes.
func RecommendedRoles() map[string][]string {
	r := DefaultRoles()
	r["auditor"] = []string{PermAudit}
	return r
}

// DefaultPolicy is a majority of orgs for every action, proposals open for a week.
func DefaultPolicy() Policy {
	return Policy{Default: Threshold{Num: 1, Den: 2}, ProposalTTLMs: 7 * 24 * 60 * 60 * 1000}
}

// Allows reports whether a certificate role has a permission.
func (c *ChainConfig) Allows(role, perm string) bool {
	return slices.Contains(c.Roles[role], perm)
}

// Org returns the member org called name.
func (c *ChainConfig) Org(name string) (OrgConfig, bool) {
	for _, o := range c.Orgs {
		if o.Name == name {
			return o, true
		}
	}
	return OrgConfig{}, false
}

// Node returns the consensus node with id.
func (c *ChainConfig) Node(id uint64) (GenesisNode, bool) {
	for _, n := range c.Nodes {
		if n.ID == id {
			return n, true
		}
	}
	return GenesisNode{}, false
}

// NodeIDs returns the consensus node ids, ascending.
func (c *ChainConfig) NodeIDs() []uint64 {
	ids := make([]uint64, 0, len(c.Nodes))
	for _, n := range c.Nodes {
		ids = append(ids, n.ID)
	}
	slices.Sort(ids)
	return ids
}

// CACerts returns the member orgs' CA certificates, PEM: each org's
// current CA and, during a CA rotation's overlap, its retiring one.
func (c *ChainConfig) CACerts() [][]byte {
	out := make([][]byte, 0, len(c.Orgs))
	for _, o := range c.Orgs {
		out = append(out, []byte(o.CACert))
		if o.RetiringCACert != "" {
			out = append(out, []byte(o.RetiringCACert))
		}
	}
	return out
}

// Sweep ends the certificate rotations whose overlap is over at block time
// timeMs: retiring node certificates with an end at or before timeMs are
// removed, then retiring CAs with such an end, except those keepCA (nil:
// none) reports as still needed. It reports whether c changed; the caller
// then bumps Version. Execution calls it at the start of every block with
// the block's time, so every node removes them at the same height and the
// configuration without them is in force from the next block: until then
// the retiring material is still accepted. Block time only advances with
// blocks, so on an idle chain the overlap ends with the first block after
// its end time.
//
// Execution's keepCA keeps an org's retiring CA while a node of the org
// still holds a certificate (current, or retiring in its own rotation's
// overlap) issued by that CA and not by the org's current one: retiring
// the CA would cut such a node off, and enough of them would halt the
// chain. The CA then stays trusted, past its stated end, until the org has
// moved its nodes to certificates of its new CA (rotate_node_cert, and
// that rotation's overlap has ended) or removed them; the org cannot start
// another CA rotation meanwhile.
func (c *ChainConfig) Sweep(timeMs int64, keepCA func(c *ChainConfig, o OrgConfig) bool) bool {
	changed := false
	for i := range c.Nodes {
		n := &c.Nodes[i]
		if n.Rotating() && n.RetiringUntilMs <= timeMs {
			n.RetiringTLSCert, n.RetiringSignCert, n.RetiringUntilMs = "", "", 0
			changed = true
		}
	}
	for i := range c.Orgs {
		o := &c.Orgs[i]
		if o.Rotating() && o.RetiringCAUntilMs <= timeMs && (keepCA == nil || !keepCA(c, *o)) {
			o.RetiringCACert, o.RetiringCAUntilMs = "", 0
			changed = true
		}
	}
	return changed
}

// Normalize sorts the lists so that equal configurations encode equally.
func (c *ChainConfig) Normalize() {
	sort.Slice(c.Orgs, func(i, j int) bool { return c.Orgs[i].Name < c.Orgs[j].Name })
	sort.Slice(c.Nodes, func(i, j int) bool { return c.Nodes[i].ID < c.Nodes[j].ID })
	slices.Sort(c.Revoked)
	c.Revoked = slices.Compact(c.Revoked)
	sort.Slice(c.ReaderGroups, func(i, j int) bool { return c.ReaderGroups[i].Name < c.ReaderGroups[j].Name })
	for i := range c.ReaderGroups {
		slices.Sort(c.ReaderGroups[i].Orgs)
	}
}

// Encode returns the canonical encoding of c.
func (c *ChainConfig) Encode() []byte {
	b, err := json.Marshal(c)
	if err != nil {
		panic(err)
	}
	return b
}

// DecodeConfig decodes a stored configuration.
func DecodeConfig(b []byte) (*ChainConfig, error) {
	c := &ChainConfig{}
	if err := json.Unmarshal(b, c); err != nil {
		return nil, fmt.Errorf("chain config: %w", err)
	}
	return c, nil
}

// Clone returns a deep copy of c.
func (c *ChainConfig) Clone() *ChainConfig {
	d, err := DecodeConfig(c.Encode())
	if err != nil {
		panic(err)
	}
	return d
}

// AdminAccountName is the name of an org's admin account.
func AdminAccountName(org string) string { return org + ".admin" }

// Config returns the configuration the genesis founds.
func (g *Genesis) Config() *ChainConfig {
	c := &ChainConfig{Version: 1, Params: g.Params, Policy: g.Policy, Roles: g.Roles}
	if c.Roles == nil {
		c.Roles = DefaultRoles()
	}
	if c.Policy.Default.Den == 0 {
		c.Policy = DefaultPolicy()
	}
	for _, o := range g.Orgs {
		admin := o.Admin
		if admin == "" {
			admin = AdminAccountName(o.Name)
		}
		c.Orgs = append(c.Orgs, OrgConfig{Name: o.Name, CACert: o.CACert, Admin: admin})
	}
	c.Nodes = append(c.Nodes, g.Nodes...)
	c.Normalize()
	return c
}
