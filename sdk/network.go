package sdk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/types"
)

// Network is the map of a consortium that `causeway up` writes
// (network.json): its nodes' addresses, each organisation's CA, credentials
// and funded account, the CA bundle and the genesis file.
//
// In the file, paths are relative to the file's folder (so the folder can be
// moved or copied whole); LoadNetwork makes them absolute and Save makes
// them relative again.
type Network struct {
	// ChainID is the chain's id, which every transaction names.
	ChainID string `json:"chain_id"`
	// Crypto is the chain's crypto suite: "intl" (default) or "gm".
	Crypto string `json:"crypto,omitempty"`
	// Nodes are the consortium's nodes; DialNetwork takes an index into it.
	Nodes []NetworkNode `json:"nodes"`
	// Orgs are the member organisations.
	Orgs []NetworkOrg `json:"orgs"`
	// CABundle is a PEM file of every member CA certificate.
	CABundle string `json:"ca_bundle"`
	// Genesis is the chain's genesis file.
	Genesis string `json:"genesis"`
	// Dir is the absolute folder the network was loaded from; relative
	// paths in memory are resolved against it. It is not saved.
	Dir string `json:"-"`
}

// NetworkNode is one node of a Network.
type NetworkNode struct {
	// ID is the node's consensus id.
	ID uint64 `json:"id"`
	// Org is the organisation that runs the node.
	Org string `json:"org"`
	// GRPC is the node's client API address (gRPC, mutual TLS), host:port.
	GRPC string `json:"grpc"`
	// REST is the node's REST/JSON address (HTTPS), host:port.
	REST string `json:"rest"`
	// Admin is the node's plain-HTTP admin address (health, metrics), if any.
	Admin string `json:"admin,omitempty"`
	// PID is the node's process id when it runs as a local process.
	PID int `json:"pid,omitempty"`
}

// NetworkOrg is one member organisation of a Network.
type NetworkOrg struct {
	// Name is the organisation's name, as in its certificates.
	Name string `json:"name"`
	// CA is the organisation's CA certificate file (PEM).
	CA string `json:"ca"`
	// Admin is the organisation's administrator credential.
	Admin Credential `json:"admin"`
	// Client is the organisation's application credential, which the SDK
	// and the CLI use to talk to nodes.
	Client Credential `json:"client"`
	// Account is the organisation's funded on-chain account, if any.
	Account *AccountFile `json:"account,omitempty"`
}

// Credential is a certificate file and its private key file (PEM).
type Credential struct {
	// Cert is the certificate file.
	Cert string `json:"cert"`
	// Key is the private key file.
	Key string `json:"key"`
}

// AccountFile names an on-chain account and its signing key file (an
// Ed25519 key in PKCS#8 PEM, as crypto.SaveKey writes).
type AccountFile struct {
	// Name is the account's name; its identity is the suite's AccountID(Name).
	Name string `json:"name"`
	// Key is the account's signing key file.
	Key string `json:"key"`
}

// LoadNetwork reads a network file, resolving the paths in it against the
// file's folder (which becomes Dir) so that every path of the result is
// absolute.
func LoadNetwork(path string) (*Network, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(abs)
	if err != nil {
		return nil, fmt.Errorf("network file: %w", err)
	}
	n := &Network{}
	if err := json.Unmarshal(b, n); err != nil {
		return nil, fmt.Errorf("network file %s: %w", abs, err)
	}
	if err := n.validate(); err != nil {
		return nil, fmt.Errorf("network file %s: %w", abs, err)
	}
	n.Dir = filepath.Dir(abs)
	n.mapPaths(func(p string) string {
		p = filepath.FromSlash(p)
		if filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(n.Dir, p)
	})
	return n, nil
}

// Save writes the network to path (atomically, through a temporary file in
// the same folder), with every path relative to path's folder when it is
// inside it, and absolute otherwise. Relative paths in n are taken as
// relative to n.Dir, or to the working directory when Dir is empty. n is
// not modified.
func (n *Network) Save(path string) error {
	if err := n.validate(); err != nil {
		return err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	dir := filepath.Dir(abs)
	out := n.clone()
	out.mapPaths(func(p string) string {
		if !filepath.IsAbs(p) {
			base := n.Dir
			if base == "" {
				base, _ = os.Getwd()
			}
			p = filepath.Join(base, p)
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil || !filepath.IsLocal(rel) {
			return filepath.ToSlash(p)
		}
		return filepath.ToSlash(rel)
	})
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	tmp, err := os.CreateTemp(dir, ".network-*.json")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), abs)
}

// Org returns the organisation called name.
func (n *Network) Org(name string) (NetworkOrg, error) {
	for _, o := range n.Orgs {
		if o.Name == name {
			return o, nil
		}
	}
	return NetworkOrg{}, fmt.Errorf("org %q is not in the network", name)
}

func (n *Network) validate() error {
	if n.ChainID == "" {
		return errors.New("chain_id is empty")
	}
	ids := map[uint64]bool{}
	for i, nd := range n.Nodes {
		if ids[nd.ID] {
			return fmt.Errorf("node %d: id %d appears twice", i, nd.ID)
		}
		ids[nd.ID] = true
	}
	names := map[string]bool{}
	for i, o := range n.Orgs {
		if o.Name == "" {
			return fmt.Errorf("org %d has no name", i)
		}
		if names[o.Name] {
			return fmt.Errorf("org %q appears twice", o.Name)
		}
		names[o.Name] = true
	}
	return nil
}

func (n *Network) clone() *Network {
	c := *n
	c.Nodes = append([]NetworkNode(nil), n.Nodes...)
	c.Orgs = make([]NetworkOrg, len(n.Orgs))
	for i, o := range n.Orgs {
		c.Orgs[i] = o
		if o.Account != nil {
			a := *o.Account
			c.Orgs[i].Account = &a
		}
	}
	return &c
}

// mapPaths applies f to every non-empty path of n.
func (n *Network) mapPaths(f func(string) string) {
	m := func(p *string) {
		if *p != "" {
			*p = f(*p)
		}
	}
	m(&n.CABundle)
	m(&n.Genesis)
	for i := range n.Orgs {
		o := &n.Orgs[i]
		m(&o.CA)
		m(&o.Admin.Cert)
		m(&o.Admin.Key)
		m(&o.Client.Cert)
		m(&o.Client.Key)
		if o.Account != nil {
			m(&o.Account.Key)
		}
	}
}

// Suite returns the chain's crypto suite (types.Intl when unset or unknown).
func (n *Network) Suite() types.Suite {
	s, err := types.SuiteNamed(n.Crypto)
	if err != nil {
		return types.Intl
	}
	return s
}

// AdminAccount returns org's admin account, which proposes and votes in
// governance: its name is "<org>.admin" and its key is the org's admin
// certificate key.
func (n *Network) AdminAccount(org string) (Account, error) {
	o, err := n.Org(org)
	if err != nil {
		return Account{}, err
	}
	k, err := crypto.LoadKey(o.Admin.Key)
	if err != nil {
		return Account{}, err
	}
	return Account{Name: types.AdminAccountName(o.Name), Signer: k, Suite: n.Suite()}, nil
}

// AdminAccounts returns the admin accounts of every org of n, in its
// order: the voters Client.Govern needs on a local consortium.
func (n *Network) AdminAccounts() ([]Account, error) {
	var out []Account
	for _, o := range n.Orgs {
		a, err := n.AdminAccount(o.Name)
		if err != nil {
			return nil, fmt.Errorf("org %s: %w", o.Name, err)
		}
		out = append(out, a)
	}
	return out, nil
}

// OrgAccount returns org's funded account, as the network map lists it
// (its name and signing key file).
func (n *Network) OrgAccount(org string) (Account, error) {
	o, err := n.Org(org)
	if err != nil {
		return Account{}, err
	}
	if o.Account == nil {
		return Account{}, fmt.Errorf("org %q has no account in the network map", org)
	}
	k, err := crypto.LoadKey(o.Account.Key)
	if err != nil {
		return Account{}, err
	}
	return Account{Name: o.Account.Name, Signer: k, Suite: n.Suite()}, nil
}

// DialOrg connects to the first node org runs, as org.
func DialOrg(ctx context.Context, n *Network, org string) (*Client, error) {
	for i, node := range n.Nodes {
		if node.Org == org {
			return DialNetwork(ctx, n, org, i)
		}
	}
	return nil, fmt.Errorf("org %q runs no node in the network map", org)
}
