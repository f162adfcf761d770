package consortium

import (
	"fmt"
	"os"
	"path/filepath"

	"google.golang.org/protobuf/encoding/protojson"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/node"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

// Org is an organisation's local material, in its own folder: its CA
// (ca/ca.crt, ca/ca.key), an admin and a client certificate with keys
// (admin/, client/), and its nodes (nodes/nodeN/). `causeway org init`
// creates it; `causeway cert issue` and `causeway join request` add to it.
type Org struct {
	Name   string
	Dir    string
	CA     *pki.CA
	Admin  sdk.Credential
	Client sdk.Credential
}

// OrgOption adjusts InitOrg.
type OrgOption func(*orgOptions)

type orgOptions struct{ gm bool }

// GM makes an org for a chain of the GM suite: an SM2 CA, which signs SM2
// consensus signing certificates and (ECDSA P-256) TLS certificates, since
// Go's TLS stack has no SM2 (see package pki).
func GM() OrgOption { return func(o *orgOptions) { o.gm = true } }

// InitOrg creates an org's CA, admin and client certificates in dir.
func InitOrg(dir, name string, opts ...OrgOption) (*Org, error) {
	var oo orgOptions
	for _, f := range opts {
		f(&oo)
	}
	if _, err := os.Stat(filepath.Join(dir, "ca", pki.CACertFile)); err == nil {
		return nil, fmt.Errorf("%s already holds an org", dir)
	}
	var caOpts []pki.CAOption
	if oo.gm {
		caOpts = append(caOpts, pki.WithSM2())
	}
	ca, err := pki.NewCA(name, caOpts...)
	if err != nil {
		return nil, err
	}
	if err := ca.Save(filepath.Join(dir, "ca")); err != nil {
		return nil, err
	}
	o := &Org{Name: name, Dir: dir, CA: ca}
	if o.Admin, err = o.Issue(filepath.Join(dir, "admin"), pki.IssueRequest{CommonName: "admin@" + name, Role: pki.RoleAdmin}); err != nil {
		return nil, err
	}
	if o.Client, err = o.Issue(filepath.Join(dir, "client"), pki.IssueRequest{CommonName: "client@" + name, Role: pki.RoleClient}); err != nil {
		return nil, err
	}
	return o, nil
}

// LoadOrg opens the org in dir.
func LoadOrg(dir string) (*Org, error) {
	ca, err := pki.LoadCA(filepath.Join(dir, "ca"))
	if err != nil {
		return nil, err
	}
	cred := func(sub string) sdk.Credential {
		return sdk.Credential{Cert: filepath.Join(dir, sub, "cert.pem"), Key: filepath.Join(dir, sub, "key.pem")}
	}
	return &Org{Name: ca.Org(), Dir: dir, CA: ca, Admin: cred("admin"), Client: cred("client")}, nil
}

// Issue issues a certificate and writes cert.pem and key.pem into dir.
func (o *Org) Issue(dir string, req pki.IssueRequest) (sdk.Credential, error) {
	certPEM, keyPEM, err := o.CA.Issue(req)
	if err != nil {
		return sdk.Credential{}, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return sdk.Credential{}, err
	}
	c := sdk.Credential{Cert: filepath.Join(dir, "cert.pem"), Key: filepath.Join(dir, "key.pem")}
	if err := os.WriteFile(c.Cert, certPEM, 0o644); err != nil {
		return c, err
	}
	return c, os.WriteFile(c.Key, keyPEM, 0o600)
}

// IsGM reports whether the org belongs to a GM-suite chain (its CA is SM2).
func (o *Org) IsGM() bool { return o.CA.KeyType() == pki.KeySM2 }

// AdminKey is the key of the org's admin certificate, which also signs for
// its admin account in governance.
func (o *Org) AdminKey() (crypto.Key, error) { return crypto.LoadKey(o.Admin.Key) }

// NodeAddrs are the addresses a node listens on.
type NodeAddrs struct {
	P2P, GRPC, REST, Admin string
}

// NewNode issues a node's TLS certificate (valid for the hosts of its P2P,
// gRPC and REST addresses, and advertising its client endpoints, see
// NodeEndpoints) and consensus signing certificate into ndir and writes
// its configuration file there; genesisPath is the chain's genesis. It returns the configuration
// file and the node as the chain configuration lists it.
func (o *Org) NewNode(ndir string, id uint64, addrs NodeAddrs, genesisPath string) (string, types.GenesisNode, error) {
	req := pki.IssueRequest{CommonName: fmt.Sprintf("node%d.%s", id, o.Name), Role: pki.RoleNode, DNSNames: []string{"localhost"}}
	if err := addServerNames(&req, addrs); err != nil {
		return "", types.GenesisNode{}, err
	}
	tlsCred, err := o.Issue(filepath.Join(ndir, "tls"), req)
	if err != nil {
		return "", types.GenesisNode{}, err
	}
	signKey := pki.KeyEd25519
	if o.CA.KeyType() == pki.KeySM2 {
		signKey = pki.KeySM2 // a GM chain signs blocks with SM2
	}
	signCred, err := o.Issue(filepath.Join(ndir, "sign"), pki.IssueRequest{CommonName: req.CommonName, Role: pki.RoleNode, KeyType: signKey})
	if err != nil {
		return "", types.GenesisNode{}, err
	}
	tlsPEM, err := os.ReadFile(tlsCred.Cert)
	if err != nil {
		return "", types.GenesisNode{}, err
	}
	signPEM, err := os.ReadFile(signCred.Cert)
	if err != nil {
		return "", types.GenesisNode{}, err
	}
	gen, err := filepath.Rel(ndir, genesisPath)
	if err != nil {
		gen = genesisPath
	}
	cfg := &node.Config{ID: id, Org: o.Name, DataDir: "data", Genesis: gen,
		P2PListen: addrs.P2P, GRPCListen: addrs.GRPC, RESTListen: addrs.REST, AdminListen: addrs.Admin,
		TLSCert: "tls/cert.pem", TLSKey: "tls/key.pem", SignKey: "sign/key.pem", LogLevel: "info"}
	path := filepath.Join(ndir, "node.json")
	if err := cfg.Save(path); err != nil {
		return "", types.GenesisNode{}, err
	}
	return path, types.GenesisNode{ID: id, Org: o.Name, Address: addrs.P2P, TLSCert: string(tlsPEM), SignCert: string(signPEM)}, nil
}

// JoinRequest is what a new org hands the consortium to be admitted: the
// AddOrg governance action (its CA, admin key and nodes).
func (o *Org) JoinRequest(nodes ...types.GenesisNode) (*types.AddOrg, error) {
	k, err := o.AdminKey()
	if err != nil {
		return nil, err
	}
	req := &types.AddOrg{Name: o.Name, CaCert: string(o.CA.CertPEM()), AdminKey: &types.AuthKey{Scheme: k.Scheme(), PublicKey: k.PublicKey(), Weight: 100}}
	for _, n := range nodes {
		req.Nodes = append(req.Nodes, &types.NodeSpec{Id: n.ID, Org: n.Org, Address: n.Address, TlsCert: n.TLSCert, SignCert: n.SignCert})
	}
	return req, nil
}

// SaveJoinRequest writes a join request as JSON.
func SaveJoinRequest(path string, req *types.AddOrg) error {
	b, err := protojson.MarshalOptions{UseProtoNames: true, Indent: "  "}.Marshal(req)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// LoadJoinRequest reads a join request written by SaveJoinRequest.
func LoadJoinRequest(path string) (*types.AddOrg, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	req := &types.AddOrg{}
	if err := protojson.Unmarshal(b, req); err != nil {
		return nil, fmt.Errorf("join request %s: %w", path, err)
	}
	return req, nil
}

// NetworkOrg describes o as network.json lists an org.
func (o *Org) NetworkOrg() sdk.NetworkOrg {
	return sdk.NetworkOrg{Name: o.Name, CA: filepath.Join(o.Dir, "ca", pki.CACertFile), Admin: o.Admin, Client: o.Client}
}

// JoinOptions describe the node an org brings to a running consortium.
type JoinOptions struct {
	// NodeID is the new node's consensus id; it must not be a founding node's.
	NodeID uint64
	// Addrs are the addresses the node listens on; Addrs.P2P is the address
	// the other nodes dial, so it must be reachable from them.
	Addrs NodeAddrs
	// Genesis is the consortium's genesis file.
	Genesis string
}

// Join is what PrepareJoin made.
type Join struct {
	// Request is the join request: the AddOrg action a member proposes.
	Request *types.AddOrg
	// Node is the new node as the chain configuration will list it.
	Node types.GenesisNode
	// NodeConfig is the node's configuration file (o.Dir/nodes/nodeN/node.json).
	NodeConfig string
	// Genesis is the org's copy of the genesis (o.Dir/genesis.json), which
	// the node's configuration names.
	Genesis string
}

// PrepareJoin prepares o to join the consortium whose genesis is
// opts.Genesis: it checks the node id against the founding nodes, keeps a
// copy of the genesis in o.Dir, issues the node's certificates and writes
// its configuration into o.Dir/nodes/nodeN (refusing to overwrite an
// existing node), makes the org's account key (ORGDIR/account.key) if it
// has none, and returns the join request. It changes nothing on any
// chain: the request takes effect once governance executes it.
func (o *Org) PrepareJoin(opts JoinOptions) (*Join, error) {
	if opts.NodeID == 0 {
		return nil, fmt.Errorf("node id must be positive")
	}
	g, err := types.LoadGenesis(opts.Genesis)
	if err != nil {
		return nil, err
	}
	if n, ok := g.Node(opts.NodeID); ok {
		return nil, fmt.Errorf("node id %d is a founding node of chain %s (org %s); choose another id", opts.NodeID, g.ChainID, n.Org)
	}
	ndir := filepath.Join(o.Dir, "nodes", fmt.Sprintf("node%d", opts.NodeID))
	if _, err := os.Stat(filepath.Join(ndir, "node.json")); err == nil {
		return nil, fmt.Errorf("%s already holds node %d; choose another id or remove it", ndir, opts.NodeID)
	}
	src, err := filepath.Abs(opts.Genesis)
	if err != nil {
		return nil, err
	}
	dst, err := filepath.Abs(filepath.Join(o.Dir, "genesis.json"))
	if err != nil {
		return nil, err
	}
	if src != dst {
		b, err := os.ReadFile(src)
		if err != nil {
			return nil, err
		}
		if old, err := types.LoadGenesis(dst); err == nil {
			if old.Hash() != g.Hash() {
				return nil, fmt.Errorf("%s holds the genesis of another chain (%s)", dst, old.ChainID)
			}
		} else if err := os.WriteFile(dst, b, 0o644); err != nil {
			return nil, err
		}
	}
	cfgPath, gn, err := o.NewNode(ndir, opts.NodeID, opts.Addrs, dst)
	if err != nil {
		return nil, err
	}
	// The org's account key, for the account it creates once admitted.
	if _, err := o.AccountKey(); err != nil {
		return nil, err
	}
	req, err := o.JoinRequest(gn)
	if err != nil {
		return nil, err
	}
	return &Join{Request: req, Node: gn, NodeConfig: cfgPath, Genesis: dst}, nil
}
