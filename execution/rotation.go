package execution

import (
	"bytes"
	"crypto/x509"
	"net"
	"slices"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/store"
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
// one whose node or CA it replaces: an org's key material is its own.
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
	}
	return nil
}

func checkOverlap(ms int64) *types.TxError {
	if ms < MinCertOverlapMs || ms > MaxCertOverlapMs {
		return types.Errorf(types.CodeInvalidPayload, "overlap_ms %d is out of bounds [%d, %d]", ms, MinCertOverlapMs, MaxCertOverlapMs)
	}
	return nil
}

// rotateNodeCert applies a RotateNodeCert to cfg at block time nowMs: the
// node's new certificates become current and the replaced ones retire at
// nowMs+overlap.
func rotateNodeCert(cfg *types.ChainConfig, r *types.RotateNodeCert, nowMs int64) *types.TxError {
	bad := func(format string, a ...any) *types.TxError {
		return types.Errorf(types.CodeInvalidPayload, format, a...)
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
		return c, nil
	}
	retiringTLS, retiringSign := "", ""
	if r.TlsCert != "" {
		c, terr := issued("TLS", r.TlsCert)
		if terr != nil {
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
		for _, other := range cfg.Nodes {
			for _, p := range other.TLSCerts() {
				if oc, err := pki.ParseCertPEM([]byte(p)); err == nil && bytes.Equal(oc.Raw, c.Raw) {
					return bad("node %d new TLS certificate is already node %d's", n.ID, other.ID)
				}
			}
		}
		retiringTLS = n.TLSCert
	}
	if r.SignCert != "" {
		c, terr := issued("signing", r.SignCert)
		if terr != nil {
			return terr
		}
		scheme, pub, err := crypto.PublicKeyOf(c.PublicKey)
		if err != nil {
			return bad("node %d new signing certificate: %v", n.ID, err)
		}
		for _, other := range cfg.Nodes {
			for _, p := range other.SignCerts() {
				oc, err := pki.ParseCertPEM([]byte(p))
				if err != nil {
					continue
				}
				if os, opub, err := crypto.PublicKeyOf(oc.PublicKey); err == nil && os == scheme && bytes.Equal(opub, pub) {
					return bad("node %d new signing key is already node %d's", n.ID, other.ID)
				}
			}
		}
		retiringSign = n.SignCert
	}
	if r.TlsCert != "" {
		n.TLSCert = r.TlsCert
	}
	if r.SignCert != "" {
		n.SignCert = r.SignCert
	}
	n.RetiringTLSCert, n.RetiringSignCert, n.RetiringUntilMs = retiringTLS, retiringSign, nowMs+r.OverlapMs
	return nil
}

// rotateCA applies a RotateCA to cfg at block time nowMs: the new CA
// becomes the org's and the replaced one retires at nowMs+overlap.
func rotateCA(cfg *types.ChainConfig, r *types.RotateCA, nowMs int64) *types.TxError {
	bad := func(format string, a ...any) *types.TxError {
		return types.Errorf(types.CodeInvalidPayload, format, a...)
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
	for _, other := range cfg.Orgs {
		for _, p := range []string{other.CACert, other.RetiringCACert} {
			if oc, err := pki.ParseCertPEM([]byte(p)); err == nil && (bytes.Equal(oc.Raw, ca.Raw) || bytes.Equal(oc.RawSubjectPublicKeyInfo, ca.RawSubjectPublicKeyInfo)) {
				return bad("org %s new CA has the certificate or key of org %s's CA", o.Name, other.Name)
			}
		}
	}
	o.RetiringCACert, o.RetiringCAUntilMs = o.CACert, nowMs+r.OverlapMs
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
	if !next.Sweep(b.header.TimeMs) {
		return
	}
	next.Version++
	next.Normalize()
	enc := next.Encode()
	b.state.apply([]store.Write{
		{Key: []byte(ConfigKey), Value: enc},
		{Key: ConfigHistoryKey(b.header.Height + 1), Value: enc},
	})
	b.config = next
}
