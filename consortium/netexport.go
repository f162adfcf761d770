package consortium

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify"
)

// ErrNotMember: the chain configuration does not (yet) list the org, or
// lists it with another CA certificate.
var ErrNotMember = errors.New("organisation is not a member of the chain")

// NetworkExportOptions say how to build an org's network.json from the
// chain configuration.
type NetworkExportOptions struct {
	// Org is the org whose credentials network.json names and with whose
	// client certificate the nodes are asked.
	Org *Org
	// Node is the gRPC address HOST:PORT of a node to ask.
	Node string
	// Genesis is the chain's genesis file (default ORGDIR/genesis.json);
	// it is the root of trust: the configuration is verified against it.
	Genesis string
	// CAs are extra PEM files of CAs to trust for the first node's TLS
	// certificate (the genesis CAs and the org's own CA are trusted).
	CAs []string
	// Out is the network.json to write; the CA bundle is written beside
	// it as <name>.ca-bundle.pem.
	Out string
	// Account names the org's account (default: the org's name, when
	// ORGDIR/account.key exists).
	Account string
}

// NetworkExport is what ExportNetwork wrote.
type NetworkExport struct {
	// Network is the map written to Path.
	Network *sdk.Network `json:"-"`
	// Path and CABundle are the files written.
	Path     string `json:"network"`
	CABundle string `json:"ca_bundle"`
	// ChainID and Height: the configuration is the one in force at Height.
	ChainID string `json:"chain_id"`
	Height  uint64 `json:"height"`
	// ConfigVersion is the configuration's version.
	ConfigVersion uint64 `json:"config_version"`
	// Orgs are the member orgs whose CAs the bundle holds.
	Orgs []string `json:"orgs"`
	// Nodes are the consensus node ids listed with endpoints.
	Nodes []uint64 `json:"nodes"`
	// Skipped are node ids whose TLS certificate advertises no client
	// endpoint, which network.json cannot list.
	Skipped []uint64 `json:"skipped,omitempty"`
	// Account is the org's account named in network.json, if any.
	Account string `json:"account,omitempty"`
	// AskedNodes counts the nodes whose configuration chains were checked.
	AskedNodes int `json:"asked_nodes"`
}

// ExportNetwork builds the org's network.json from the chain configuration:
// it asks opts.Node, then every node it lists, for the configuration chain,
// verifies each against the genesis (quorum signatures of the node set in
// force at each change, see package verify), and keeps the latest. The map
// lists every consensus node with the client endpoints its TLS certificate
// advertises, this org only (with its own certificate and key paths and
// account), and a CA bundle of every member CA. No node is trusted beyond
// answering: a node can withhold recent changes, not forge them.
func ExportNetwork(ctx context.Context, opts NetworkExportOptions) (*NetworkExport, error) {
	o := opts.Org
	if o == nil || opts.Node == "" || opts.Out == "" {
		return nil, errors.New("network export: org, node and output path are required")
	}
	// network.json names the org's files relative to its own folder: start
	// from absolute paths.
	if !filepath.IsAbs(o.Dir) {
		abs, err := filepath.Abs(o.Dir)
		if err != nil {
			return nil, err
		}
		if o, err = LoadOrg(abs); err != nil {
			return nil, err
		}
	}
	if opts.Genesis == "" {
		opts.Genesis = filepath.Join(o.Dir, "genesis.json")
	}
	g, err := types.LoadGenesis(opts.Genesis)
	if err != nil {
		return nil, fmt.Errorf("network export: the genesis is the root of trust: %w", err)
	}
	v, err := verify.New(g)
	if err != nil {
		return nil, err
	}
	trust := [][]byte{o.CA.CertPEM()}
	for _, org := range g.Orgs {
		trust = append(trust, []byte(org.CACert))
	}
	for _, f := range opts.CAs {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		trust = append(trust, b)
	}
	// A node that is starting refuses connections for a moment: retry
	// until ctx ends, but not a configuration that does not verify.
	var best *verifiedConfig
	for {
		best, err = configFrom(ctx, v, o, opts.Node, bytes.Join(trust, nil))
		if err == nil {
			break
		}
		if errors.Is(err, errUnverified) || ctx.Err() != nil {
			return nil, fmt.Errorf("network export: node %s: %w", opts.Node, err)
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("network export: node %s: %w", opts.Node, err)
		case <-time.After(500 * time.Millisecond):
		}
	}
	asked := 1
	// Ask the other nodes too, trusting the verified member CAs: the most
	// recent verified configuration wins.
	bundle := bytes.Join(best.cfg.CACerts(), nil)
	for _, n := range best.cfg.Nodes {
		addr, _, err := NodeEndpoints(n.TLSCert)
		if err != nil || addr == "" || addr == opts.Node {
			continue
		}
		if c, err := configFrom(ctx, v, o, addr, bundle); err == nil {
			asked++
			if c.height > best.height {
				best = c
			}
		}
	}
	cfg := best.cfg
	member, ok := cfg.Org(o.Name)
	if !ok {
		return nil, fmt.Errorf("%w: chain %s, configuration version %d at height %d does not list %q (if it was just admitted, retry after the next block)",
			ErrNotMember, g.ChainID, cfg.Version, best.height, o.Name)
	}
	if c, err := pki.ParseCertPEM([]byte(member.CACert)); err != nil || !bytes.Equal(c.Raw, o.CA.Cert().Raw) {
		return nil, fmt.Errorf("%w: chain %s lists org %q with another CA certificate than %s's", ErrNotMember, g.ChainID, o.Name, o.Dir)
	}
	out, err := filepath.Abs(opts.Out)
	if err != nil {
		return nil, err
	}
	ext := filepath.Ext(out)
	bundlePath := out[:len(out)-len(ext)] + ".ca-bundle.pem"
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(bundlePath, bytes.Join(cfg.CACerts(), nil), 0o644); err != nil {
		return nil, err
	}
	genesisPath, err := filepath.Abs(opts.Genesis)
	if err != nil {
		return nil, err
	}
	res := &NetworkExport{Path: out, CABundle: bundlePath, ChainID: g.ChainID, Height: best.height, ConfigVersion: cfg.Version, AskedNodes: asked}
	nw := &sdk.Network{ChainID: g.ChainID, Crypto: g.Crypto, CABundle: bundlePath, Genesis: genesisPath, Dir: filepath.Dir(out)}
	for _, n := range cfg.Nodes {
		grpcAddr, restAddr, err := NodeEndpoints(n.TLSCert)
		if err != nil || grpcAddr == "" {
			res.Skipped = append(res.Skipped, n.ID)
			continue
		}
		nw.Nodes = append(nw.Nodes, sdk.NetworkNode{ID: n.ID, Org: n.Org, GRPC: grpcAddr, REST: restAddr})
		res.Nodes = append(res.Nodes, n.ID)
	}
	for _, org := range cfg.Orgs {
		res.Orgs = append(res.Orgs, org.Name)
	}
	no := o.NetworkOrg()
	if _, err := os.Stat(o.AccountKeyPath()); err == nil {
		name := opts.Account
		if name == "" {
			name = o.Name
		}
		no.Account = &sdk.AccountFile{Name: name, Key: o.AccountKeyPath()}
		res.Account = name
	} else if opts.Account != "" {
		return nil, fmt.Errorf("network export: account %s: %s has no account key", opts.Account, o.AccountKeyPath())
	}
	nw.Orgs = []sdk.NetworkOrg{no}
	if len(nw.Nodes) == 0 {
		return nil, fmt.Errorf("network export: no node of chain %s advertises a client endpoint in its TLS certificate", g.ChainID)
	}
	if err := nw.Save(out); err != nil {
		return nil, err
	}
	res.Network = nw
	return res, nil
}

// errUnverified: a node's configuration chain does not verify against the
// genesis (another chain, or a forged answer).
var errUnverified = errors.New("configuration chain does not verify against the genesis")

// verifiedConfig is a configuration proven against the genesis.
type verifiedConfig struct {
	cfg    *types.ChainConfig
	height uint64
}

// configFrom asks the node at addr for its configuration chain, with the
// org's client certificate, and verifies it.
func configFrom(ctx context.Context, v *verify.Verifier, o *Org, addr string, caPEM []byte) (*verifiedConfig, error) {
	c, err := sdk.Dial(ctx, sdk.Config{Address: addr, CertFile: o.Client.Cert, KeyFile: o.Client.Key, CAPEM: caPEM})
	if err != nil {
		return nil, err
	}
	defer c.Close()
	chain, err := c.GetConfigChain(ctx, sdk.LatestHeight)
	if err != nil {
		return nil, err
	}
	cs, err := v.ConfigChain(chain)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errUnverified, err)
	}
	cfg, ok := cs.At(cs.To)
	if !ok {
		return nil, fmt.Errorf("configuration chain up to height %d has no configuration in force", cs.To)
	}
	return &verifiedConfig{cfg: cfg, height: cs.To}, nil
}
