package execution

import (
	"bytes"
	"crypto/x509"
	"fmt"
	"math/big"
	"net"
	"net/url"
	"slices"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
)

// Bounds of a certificate rotation's overlap, in milliseconds of block
// time. The floor leaves the rotated node time to switch to its new
// material and in-flight consensus messages signed with the old key time to
// land; the ceiling keeps a replaced key or CA, which may be compromised,
// from being trusted for long. They are protocol constants: every node must
// agree on them, so changing them is a software upgrade, not a vote.
const (
	MinCertOverlapMs int64 = 1_000
	MaxCertOverlapMs int64 = 30 * 24 * 60 * 60 * 1000
)

// Governance action names of certificate rotation (policy keys).
const (
	ActionRotateNodeCert = "rotate_node_cert"
	ActionRotateCA       = "rotate_ca"
)

// checkRotationProposer refuses a rotation proposed by another org than the
// one whose node, CA or encryption key it replaces: an org's key material
// is its own.
// Other actions pass.
func checkRotationProposer(p *types.Proposal, org string, cfg *types.ChainConfig) *types.TxError {
	switch a := p.Action.(type) {
	case *types.Proposal_RotateNodeCert:
		n, ok := cfg.Node(a.RotateNodeCert.GetId())
		if ok && n.Org != org {
			return types.Errorf(types.CodeUnauthorized, "node %d belongs to org %s: only its own org may rotate its certificates, not %s", n.ID, n.Org, org)
		}
	case *types.Proposal_RotateCa:
		if a.RotateCa.GetOrg() != org {
			return types.Errorf(types.CodeUnauthorized, "only org %s may rotate its own CA, not %s", a.RotateCa.GetOrg(), org)
		}
	case *types.Proposal_SetOrgEncryptionKey:
		if a.SetOrgEncryptionKey.GetOrg() != org {
			return types.Errorf(types.CodeUnauthorized, "only org %s may set its own encryption key, not %s", a.SetOrgEncryptionKey.GetOrg(), org)
		}
	}
	return nil
}

func checkOverlap(ms int64) *types.TxError {
	if ms < MinCertOverlapMs || ms > MaxCertOverlapMs {
		return types.Errorf(types.CodeInvalidPayload, "overlap_ms %d is out of bounds [%d, %d]", ms, MinCertOverlapMs, MaxCertOverlapMs)
	}
	return nil
}

// refusal returns a refusal of code whose reason is format and a, escaped
// with types.EscapeText: reasons of rotations quote certificate contents
// (subjects, parse errors) that a proposer chose, and a receipt must never
// carry control or direction-changing characters to a terminal.
func refusal(code types.Code, format string, a ...any) *types.TxError {
	return types.Errorf(code, "%s", types.EscapeText(fmt.Sprintf(format, a...)))
}

// rotateNodeCert applies a RotateNodeCert to cfg at block time nowMs: the
// node's new certificates become current and the replaced ones retire at
// nowMs+overlap.
func rotateNodeCert(cfg *types.ChainConfig, r *types.RotateNodeCert, nowMs int64) *types.TxError {
	bad := func(format string, a ...any) *types.TxError {
		return refusal(types.CodeInvalidPayload, format, a...)
	}
	if terr := checkOverlap(r.OverlapMs); terr != nil {
		return terr
	}
	i := slices.IndexFunc(cfg.Nodes, func(n types.GenesisNode) bool { return n.ID == r.Id })
	if i < 0 {
		return bad("node %d is not a consensus node", r.Id)
	}
	n := &cfg.Nodes[i]
	if n.Rotating() {
		return bad("node %d is already rotating its certificates: the previous ones are accepted until block time %d", n.ID, n.RetiringUntilMs)
	}
	if r.TlsCert == "" && r.SignCert == "" {
		return bad("give a new TLS certificate, a new signing certificate, or both")
	}
	o, ok := cfg.Org(n.Org)
	if !ok {
		return bad("node %d's org %s is not a member", n.ID, n.Org)
	}
	ca, err := pki.ParseMemberCA([]byte(o.CACert), o.Name)
	if err != nil {
		return bad("org %s's CA: %v", o.Name, err)
	}
	issued := func(what, p string) (*x509.Certificate, *types.TxError) {
		c, err := pki.ParseCertPEM([]byte(p))
		if err != nil {
			return nil, bad("node %d new %s certificate: %v", n.ID, what, err)
		}
		if c.IsCA {
			return nil, bad("node %d new %s certificate is a CA certificate", n.ID, what)
		}
		if err := pki.CheckIssuedBy(c, ca); err != nil {
			return nil, bad("node %d new %s certificate is not issued by org %s's current CA: %v", n.ID, what, o.Name, err)
		}
		id := pki.IdentityOf(c)
		if id.Org != o.Name || id.Role != pki.RoleNode {
			return nil, bad("node %d new %s certificate is for %s, want role node of org %s", n.ID, what, id, o.Name)
		}
		if isRevoked(cfg, c) {
			return nil, bad("node %d new %s certificate (serial %s) is revoked", n.ID, what, id.Serial)
		}
		return c, nil
	}
	// A rotation brings new keys: the replaced ones may be compromised.
	own, terr := nodeSPKIs(*n)
	if terr != nil {
		return terr
	}
	fresh := func(what string, c *x509.Certificate) *types.TxError {
		if slices.ContainsFunc(own, func(k []byte) bool { return bytes.Equal(k, c.RawSubjectPublicKeyInfo) }) {
			return bad("node %d new %s key is already node %d's: a rotation needs a new key", n.ID, what, n.ID)
		}
		return nil
	}
	next := *n
	if r.TlsCert != "" {
		c, terr := issued("TLS", r.TlsCert)
		if terr != nil {
			return terr
		}
		if terr := fresh("TLS", c); terr != nil {
			return terr
		}
		// Peers dial the node at its address and check the name: a
		// certificate that does not cover it would cut the node off.
		host, _, err := net.SplitHostPort(n.Address)
		if err != nil {
			return bad("node %d address %q: %v", n.ID, n.Address, err)
		}
		if err := c.VerifyHostname(host); err != nil {
			return bad("node %d new TLS certificate does not cover its address host %s: %v", n.ID, host, err)
		}
		if terr := checkSameEndpoints(n.ID, n.TLSCert, c); terr != nil {
			return terr
		}
		next.TLSCert, next.RetiringTLSCert = r.TlsCert, n.TLSCert
	}
	if r.SignCert != "" {
		c, terr := issued("signing", r.SignCert)
		if terr != nil {
			return terr
		}
		if _, _, err := crypto.PublicKeyOf(c.PublicKey); err != nil {
			return bad("node %d new signing certificate: %v", n.ID, err)
		}
		if terr := fresh("signing", c); terr != nil {
			return terr
		}
		next.SignCert, next.RetiringSignCert = r.SignCert, n.SignCert
	}
	next.RetiringUntilMs = nowMs + r.OverlapMs
	// Current and retiring keys of every node, across kinds.
	if terr := types.CheckNodeDistinct(cfg.Nodes, next); terr != nil {
		return refusal(terr.Code, "%s", terr.Reason)
	}
	*n = next
	return nil
}

// nodeSPKIs returns the public keys (SubjectPublicKeyInfo) of n's current
// and retiring TLS and signing certificates.
func nodeSPKIs(n types.GenesisNode) ([][]byte, *types.TxError) {
	var out [][]byte
	for _, p := range append(n.TLSCerts(), n.SignCerts()...) {
		c, err := pki.ParseCertPEM([]byte(p))
		if err != nil {
			return nil, refusal(types.CodeInvalidPayload, "node %d stored certificate: %v", n.ID, err)
		}
		out = append(out, c.RawSubjectPublicKeyInfo)
	}
	return out, nil
}

// checkSameEndpoints refuses a new TLS certificate c of node id whose
// advertised client endpoints (pki.Endpoints: the gRPC and REST addresses
// network export hands to clients) differ from those of its current
// certificate curPEM, or whose names do not cover their hosts: clients
// would be sent elsewhere, or refuse the name of the node they dial. A
// node's client addresses do not change by a rotation.
func checkSameEndpoints(id uint64, curPEM string, c *x509.Certificate) *types.TxError {
	cur, err := pki.ParseCertPEM([]byte(curPEM))
	if err != nil {
		return refusal(types.CodeInvalidPayload, "node %d current TLS certificate: %v", id, err)
	}
	want, got := pki.Endpoints(cur), pki.Endpoints(c)
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(want, got) {
		return refusal(types.CodeInvalidPayload, "node %d new TLS certificate advertises the client endpoints %v, its current one %v: issue it for the same gRPC and REST addresses (causeway cert issue-node takes them from the current certificate)", id, got, want)
	}
	for _, e := range got {
		u, err := url.Parse(e)
		if err != nil {
			return refusal(types.CodeInvalidPayload, "node %d new TLS certificate endpoint %q: %v", id, e, err)
		}
		if err := c.VerifyHostname(u.Hostname()); err != nil {
			return refusal(types.CodeInvalidPayload, "node %d new TLS certificate does not cover the host %s of its endpoint %s: %v", id, u.Hostname(), e, err)
		}
	}
	return nil
}

// isRevoked reports whether c's serial is among cfg's revoked serials
// (compared as numbers, as revoke_cert's are).
func isRevoked(cfg *types.ChainConfig, c *x509.Certificate) bool {
	for _, r := range cfg.Revoked {
		if s, ok := new(big.Int).SetString(r, 16); ok && c.SerialNumber != nil && s.Cmp(c.SerialNumber) == 0 {
			return true
		}
	}
	return false
}

// rotateCA applies a RotateCA to cfg at block time nowMs: the new CA
// becomes the org's and the replaced one retires at nowMs+overlap.
func rotateCA(cfg *types.ChainConfig, r *types.RotateCA, nowMs int64) *types.TxError {
	bad := func(format string, a ...any) *types.TxError {
		return refusal(types.CodeInvalidPayload, format, a...)
	}
	if terr := checkOverlap(r.OverlapMs); terr != nil {
		return terr
	}
	i := slices.IndexFunc(cfg.Orgs, func(o types.OrgConfig) bool { return o.Name == r.Org })
	if i < 0 {
		return bad("org %s is not a member", r.Org)
	}
	o := &cfg.Orgs[i]
	if o.Rotating() {
		return bad("org %s is already rotating its CA: the previous one is trusted until block time %d", o.Name, o.RetiringCAUntilMs)
	}
	ca, err := pki.ParseMemberCA([]byte(r.CaCert), o.Name)
	if err != nil {
		return bad("org %s new CA: %v", o.Name, err)
	}
	// A node of the org inside its own rotation's overlap keeps its
	// retiring certificates, of the CA being replaced, until that overlap
	// ends: the CA's overlap must not end first.
	end := nowMs + r.OverlapMs
	for _, n := range cfg.Nodes {
		if n.Org == o.Name && n.Rotating() && n.RetiringUntilMs > end {
			return bad("node %d of org %s is rotating its certificates until block time %d, after this CA overlap's end %d: wait for it, or give a longer overlap", n.ID, o.Name, n.RetiringUntilMs, end)
		}
	}
	for _, other := range cfg.Orgs {
		for _, p := range []string{other.CACert, other.RetiringCACert} {
			if oc, err := pki.ParseCertPEM([]byte(p)); err == nil && (bytes.Equal(oc.Raw, ca.Raw) || bytes.Equal(oc.RawSubjectPublicKeyInfo, ca.RawSubjectPublicKeyInfo)) {
				return bad("org %s new CA has the certificate or key of org %s's CA", o.Name, other.Name)
			}
		}
	}
	o.RetiringCACert, o.RetiringCAUntilMs = o.CACert, end
	o.CACert = r.CaCert
	return nil
}

// sweepRotations ends the rotations whose overlap is over at the block's
// time, before its transactions run: the configuration without the retiring
// material is stored (with its history entry) and is in force from the next
// block, on every node alike.
func (b *blockExec) sweepRotations() {
	due := false
	for _, o := range b.config.Orgs {
		due = due || (o.Rotating() && o.RetiringCAUntilMs <= b.header.TimeMs)
	}
	for _, n := range b.config.Nodes {
		due = due || (n.Rotating() && n.RetiringUntilMs <= b.header.TimeMs)
	}
	if !due {
		return
	}
	next := b.config.Clone()
	if !next.Sweep(b.header.TimeMs, caStillNeeded) {
		return
	}
	next.Version++
	next.Normalize()
	enc := state.EncodeConfig(next)
	b.state.apply([]state.Write{
		{Key: state.ConfigKey(), Value: enc},
		{Key: state.ConfigHistoryKey(b.header.Height + 1), Value: enc},
	})
	b.config = next
}

// caStillNeeded reports whether org o's retiring CA must stay trusted past
// its overlap's end (see types.ChainConfig.Sweep): some node of o holds a
// certificate, current or retiring, that the retiring CA issued and o's
// current CA did not. It only verifies signatures over cfg's contents, in
// cfg's order, so every node answers alike. A certificate or CA that does
// not parse counts as not needing the CA (it could not chain to it).
func caStillNeeded(cfg *types.ChainConfig, o types.OrgConfig) bool {
	old, err := pki.ParseCertPEM([]byte(o.RetiringCACert))
	if err != nil {
		return false
	}
	cur, _ := pki.ParseCertPEM([]byte(o.CACert))
	for _, n := range cfg.Nodes {
		if n.Org != o.Name {
			continue
		}
		for _, p := range append(n.TLSCerts(), n.SignCerts()...) {
			c, err := pki.ParseCertPEM([]byte(p))
			if err != nil || pki.CheckIssuedBy(c, old) != nil {
				continue
			}
			if cur == nil || pki.CheckIssuedBy(c, cur) != nil {
				return true
			}
		}
	}
	return false
}
