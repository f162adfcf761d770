package consortium

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/sdk"
)

// Certificate rotation, the org's side. A CA rotation is a new, separate CA
// (not cross-signed): during the overlap the chain trusts both, after it
// only the new one. PrepareCARotation makes the new CA in the org's folder
// (ca-next/) and re-issues the org's admin and client certificates under it
// for the keys they already have, so that the admin account's key does not
// change. Governance then adopts the new CA (rotate_ca); every node of the
// org has its certificates rotated to ones of the new CA (rotate_node_cert)
// within the overlap, and AdoptCA moves the new material into place.

// NextCADir is the folder, under an org's folder, of a prepared CA rotation.
const NextCADir = "ca-next"

// CARotation is a prepared (or adopted) CA rotation of an org.
type CARotation struct {
	// Dir holds the new CA (ca.crt, ca.key) and the re-issued admin and
	// client certificates (admin/cert.pem, client/cert.pem).
	Dir string `json:"dir"`
	// CACert is the new CA certificate's file, the one to propose.
	CACert string `json:"ca_cert"`
	// Serial is the new CA certificate's serial (hex).
	Serial string `json:"serial"`
	// Admin and Client are the re-issued certificates with their keys.
	Admin  sdk.Credential `json:"admin"`
	Client sdk.Credential `json:"client"`
	// Retired is where AdoptCA kept the replaced CA and certificates.
	Retired string `json:"retired,omitempty"`
}

// PrepareCARotation creates a new CA for o in o.Dir/ca-next (refusing to
// overwrite one already prepared) and re-issues o's admin and client
// certificates under it for their current keys.
func (o *Org) PrepareCARotation() (*CARotation, error) {
	dir := filepath.Join(o.Dir, NextCADir)
	if _, err := os.Stat(filepath.Join(dir, pki.CACertFile)); err == nil {
		return nil, fmt.Errorf("a CA rotation is already prepared in %s: adopt it (org adopt-ca) or remove the folder", dir)
	}
	var opts []pki.CAOption
	if o.IsGM() {
		opts = append(opts, pki.WithSM2())
	}
	ca, err := pki.NewCA(o.Name, opts...)
	if err != nil {
		return nil, err
	}
	r := &CARotation{Dir: dir, CACert: filepath.Join(dir, pki.CACertFile), Serial: pki.IdentityOf(ca.Cert()).Serial}
	if r.Admin, err = reissue(ca, o.Admin, filepath.Join(dir, "admin")); err != nil {
		return nil, fmt.Errorf("re-issue the admin certificate: %w", err)
	}
	if r.Client, err = reissue(ca, o.Client, filepath.Join(dir, "client")); err != nil {
		return nil, fmt.Errorf("re-issue the client certificate: %w", err)
	}
	if err := ca.Save(dir); err != nil {
		return nil, err
	}
	return r, nil
}

// reissue issues under ca a certificate with the names and role of cred's,
// for cred's key, into dir/cert.pem (the key is referenced, not copied).
func reissue(ca *pki.CA, cred sdk.Credential, dir string) (sdk.Credential, error) {
	old, err := pki.LoadCertPEM(cred.Cert)
	if err != nil {
		return sdk.Credential{}, err
	}
	key, err := crypto.LoadKey(cred.Key)
	if err != nil {
		return sdk.Credential{}, err
	}
	id := pki.IdentityOf(old)
	certPEM, err := ca.IssueForKey(pki.IssueRequest{CommonName: id.CommonName, Role: id.Role, DNSNames: old.DNSNames, IPAddresses: old.IPAddresses}, key)
	if err != nil {
		return sdk.Credential{}, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return sdk.Credential{}, err
	}
	out := sdk.Credential{Cert: filepath.Join(dir, "cert.pem"), Key: cred.Key}
	return out, os.WriteFile(out.Cert, certPEM, 0o644)
}

// AdoptCA moves a prepared CA rotation into place once governance has
// executed it: ca/ gets the new CA, admin/cert.pem and client/cert.pem the
// re-issued certificates; the replaced ones are kept in
// retired/<old CA serial>/. Before the rotate_ca proposal executes the new
// certificates are not trusted yet, so adopt only after.
func (o *Org) AdoptCA() (*CARotation, error) {
	dir := filepath.Join(o.Dir, NextCADir)
	next, err := pki.LoadCA(dir)
	if err != nil {
		return nil, fmt.Errorf("no prepared CA rotation: %w", err)
	}
	if next.Org() != o.Name {
		return nil, fmt.Errorf("the prepared CA is org %s's, not %s's", next.Org(), o.Name)
	}
	retired := filepath.Join(o.Dir, "retired", pki.IdentityOf(o.CA.Cert()).Serial)
	if err := os.MkdirAll(retired, 0o700); err != nil {
		return nil, err
	}
	moves := []struct{ from, keep, with string }{
		{filepath.Join(o.Dir, "ca", pki.CACertFile), filepath.Join(retired, pki.CACertFile), filepath.Join(dir, pki.CACertFile)},
		{filepath.Join(o.Dir, "ca", pki.CAKeyFile), filepath.Join(retired, pki.CAKeyFile), filepath.Join(dir, pki.CAKeyFile)},
		{o.Admin.Cert, filepath.Join(retired, "admin.cert.pem"), filepath.Join(dir, "admin", "cert.pem")},
		{o.Client.Cert, filepath.Join(retired, "client.cert.pem"), filepath.Join(dir, "client", "cert.pem")},
	}
	for _, m := range moves {
		if _, err := os.Stat(m.with); err != nil {
			return nil, fmt.Errorf("prepared rotation incomplete: %w", err)
		}
	}
	for _, m := range moves {
		if err := os.Rename(m.from, m.keep); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
		if err := os.Rename(m.with, m.from); err != nil {
			return nil, err
		}
	}
	if err := os.RemoveAll(dir); err != nil {
		return nil, err
	}
	o.CA = next
	return &CARotation{Dir: filepath.Join(o.Dir, "ca"), CACert: filepath.Join(o.Dir, "ca", pki.CACertFile), Serial: pki.IdentityOf(next.Cert()).Serial,
		Admin: o.Admin, Client: o.Client, Retired: retired}, nil
}

// IssueNodeCerts issues new certificates for node id of o exactly as
// NewNode does, into dir/tls and dir/sign: a TLS certificate valid for the
// hosts of addrs' p2p, gRPC and REST addresses (and localhost) that
// advertises the gRPC and REST endpoints as URIs, and a consensus signing
// certificate. Network export reads a node's client endpoints from those
// URIs and clients check the dialled host against the names, so addrs must
// hold the node's gRPC and REST addresses as well as its p2p one:
// NodeAddrsOf takes them from the node's current certificate, and
// execution refuses a rotation whose new certificate advertises other
// endpoints than the current one. This is the material of a
// rotate_node_cert proposal, to stage on the node.
func (o *Org) IssueNodeCerts(dir string, id uint64, addrs NodeAddrs) (tlsCred, signCred sdk.Credential, err error) {
	if _, err := os.Stat(filepath.Join(dir, "tls", "key.pem")); err == nil {
		return tlsCred, signCred, fmt.Errorf("%s already holds node certificates; choose another folder", dir)
	}
	req := pki.IssueRequest{CommonName: fmt.Sprintf("node%d.%s", id, o.Name), Role: pki.RoleNode, DNSNames: []string{"localhost"}}
	if err := addServerNames(&req, addrs); err != nil {
		return tlsCred, signCred, err
	}
	if tlsCred, err = o.Issue(filepath.Join(dir, "tls"), req); err != nil {
		return tlsCred, signCred, err
	}
	signKey := pki.KeyEd25519
	if o.IsGM() {
		signKey = pki.KeySM2
	}
	signCred, err = o.Issue(filepath.Join(dir, "sign"), pki.IssueRequest{CommonName: req.CommonName, Role: pki.RoleNode, KeyType: signKey})
	return tlsCred, signCred, err
}

// NodeAddrsOf returns the addresses of a node whose peer address is p2p
// and whose current TLS certificate is tlsCertPEM: the gRPC and REST
// addresses are the endpoints the certificate advertises (empty if it
// advertises none).
func NodeAddrsOf(p2p string, tlsCertPEM []byte) (NodeAddrs, error) {
	c, err := pki.ParseCertPEM(tlsCertPEM)
	if err != nil {
		return NodeAddrs{}, fmt.Errorf("current TLS certificate: %w", err)
	}
	g, r := endpointsOf(c)
	return NodeAddrs{P2P: p2p, GRPC: g, REST: r}, nil
}
