package consortium

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/node"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/types"
)

// The genesis ceremony of a consortium whose organisations do not share a
// folder: each org makes its CA and keys in its own folder (InitOrg) and
// exports only public material (Org.ExportPart, a Part); one party
// assembles the genesis from the parts (Assemble); every org checks it
// against its own folder (VerifyGenesis) and compares its hash out of band.
// Generate runs the same steps for a local consortium in one folder.

// PartFormat identifies the format of a genesis part file.
const PartFormat = "causeway-genesis-part/1"

// AccountKeyFile is the name of an org's account signing key in its folder.
const AccountKeyFile = "account.key"

// URI schemes with which a node's TLS certificate advertises its client
// endpoints (URI subject alternative names, e.g. causeway-grpc://10.0.0.1:7051).
const (
	EndpointSchemeGRPC = pki.EndpointSchemeGRPC
	EndpointSchemeREST = pki.EndpointSchemeREST
)

// Errors of the ceremony; CeremonyError values wrap one of them.
var (
	// ErrInvalidPart: a genesis part is malformed, inconsistent, conflicts
	// with another part, or holds private key material.
	ErrInvalidPart = errors.New("invalid genesis part")
	// ErrGenesisMismatch: a genesis does not hold an org's material as the
	// org's folder has it (a tampered or mistaken genesis).
	ErrGenesisMismatch = errors.New("genesis does not match the organisation's material")
)

// CeremonyError says which org and which field of a part or genesis is
// wrong, and why. errors.Is matches its Kind.
type CeremonyError struct {
	// Kind is ErrInvalidPart or ErrGenesisMismatch.
	Kind error
	// Org is the organisation concerned.
	Org string
	// Field is the path of the offending field, e.g. "nodes[0].tls_cert".
	Field string
	// Reason says what is wrong.
	Reason string
}

// Error implements error.
func (e *CeremonyError) Error() string {
	what := "genesis part"
	if e.Kind == ErrGenesisMismatch {
		what = "genesis"
	}
	field := ""
	if e.Field != "" {
		field = e.Field + ": "
	}
	return fmt.Sprintf("%s, org %q: %s%s", what, e.Org, field, e.Reason)
}

// Is reports whether target is e's Kind.
func (e *CeremonyError) Is(target error) bool { return target == e.Kind }

func partErr(org, field, format string, args ...any) error {
	return &CeremonyError{Kind: ErrInvalidPart, Org: org, Field: field, Reason: fmt.Sprintf(format, args...)}
}

func mismatch(org, field, format string, args ...any) error {
	return &CeremonyError{Kind: ErrGenesisMismatch, Org: org, Field: field, Reason: fmt.Sprintf(format, args...)}
}

// Part is an organisation's public contribution to a genesis: its CA
// certificate, its admin certificate (whose key signs for its governance
// account ORG.admin), its funded account's public key and its nodes with
// their addresses and certificates. It holds no private key; it is safe to
// send by e-mail, but its integrity is what the ceremony checks: the
// assembled genesis is verified by each org against its own folder.
type Part struct {
	// Format is PartFormat.
	Format string `json:"format"`
	// Org is the organisation's name, as in its CA certificate.
	Org string `json:"org"`
	// Crypto is the chain's crypto suite the org's keys are for: "intl" or "gm".
	Crypto string `json:"crypto"`
	// CACert is the org's CA certificate, PEM.
	CACert string `json:"ca_cert"`
	// AdminCert is the org's admin certificate, PEM, issued by its CA.
	AdminCert string `json:"admin_cert"`
	// Account is the org's account, funded at genesis.
	Account PartAccount `json:"account"`
	// Nodes are the org's consensus nodes.
	Nodes []PartNode `json:"nodes"`
}

// PartAccount is an account's name and public key in a Part.
type PartAccount struct {
	// Name is the account's name (by default the org's name).
	Name string `json:"name"`
	// Scheme is the key's signature scheme (ed25519, ecdsa-p256, sm2).
	Scheme string `json:"scheme"`
	// PublicKey is the key's public key, hex.
	PublicKey string `json:"public_key"`
}

// PartNode is a node in a Part.
type PartNode struct {
	// ID is the node's consensus id, unique in the consortium.
	ID uint64 `json:"id"`
	// Address is the peer (p2p) address HOST:PORT the other nodes dial.
	Address string `json:"address"`
	// GRPC and REST are the client endpoints HOST:PORT; the TLS
	// certificate advertises the same ones.
	GRPC string `json:"grpc"`
	REST string `json:"rest,omitempty"`
	// TLSCert and SignCert are the node's TLS and consensus signing
	// certificates, PEM, issued by the org's CA.
	TLSCert  string `json:"tls_cert"`
	SignCert string `json:"sign_cert"`
}

// PartOptions say which node ExportPart makes or exports.
type PartOptions struct {
	// NodeID is the node's consensus id.
	NodeID uint64
	// Addrs are its addresses; Addrs.P2P and Addrs.GRPC are required.
	Addrs NodeAddrs
	// NodeDir is the node's folder (default ORGDIR/nodes/nodeN).
	NodeDir string
	// Genesis is the genesis path the node's configuration names (default
	// ORGDIR/genesis.json, where VerifyGenesis installs a verified genesis).
	Genesis string
	// Account names the org's funded account (default the org's name).
	Account string
}

// AccountKeyPath is the org's account signing key file.
func (o *Org) AccountKeyPath() string { return filepath.Join(o.Dir, AccountKeyFile) }

// AccountKey returns the org's account signing key, creating it (Ed25519,
// or SM2 for a GM org) if the folder has none yet.
func (o *Org) AccountKey() (crypto.Key, error) {
	path := o.AccountKeyPath()
	if _, err := os.Stat(path); err == nil {
		return crypto.LoadKey(path)
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	var k crypto.Key
	var err error
	if o.IsGM() {
		k, err = crypto.GenerateSM2()
	} else {
		k, err = crypto.GenerateEd25519()
	}
	if err != nil {
		return nil, err
	}
	if err := crypto.SaveKey(path, k); err != nil {
		return nil, err
	}
	return k, nil
}

// Suite names the crypto suite of the org's chain: "gm" for an SM2 CA,
// "intl" otherwise.
func (o *Org) Suite() string {
	if o.IsGM() {
		return types.GM.Name()
	}
	return types.Intl.Name()
}

// ExportPart makes what the org contributes to a genesis: its account key
// (ORGDIR/account.key) if it has none, and the node opts names with its
// certificates and configuration if its folder has none (an existing node
// is exported as it is, provided its id and addresses are the ones asked
// for). It returns the org's Part; every private key stays in the org's
// folder.
func (o *Org) ExportPart(opts PartOptions) (*Part, error) {
	if opts.NodeID == 0 {
		return nil, fmt.Errorf("export %s: node id must be positive", o.Name)
	}
	if opts.Addrs.P2P == "" || opts.Addrs.GRPC == "" {
		return nil, fmt.Errorf("export %s: the node's p2p and grpc addresses are required", o.Name)
	}
	for _, a := range []string{opts.Addrs.P2P, opts.Addrs.GRPC, opts.Addrs.REST, opts.Addrs.Admin} {
		if a == "" {
			continue
		}
		if _, _, err := net.SplitHostPort(a); err != nil {
			return nil, fmt.Errorf("export %s: address %q: %w", o.Name, a, err)
		}
	}
	if opts.NodeDir == "" {
		opts.NodeDir = filepath.Join(o.Dir, "nodes", fmt.Sprintf("node%d", opts.NodeID))
	}
	if opts.Genesis == "" {
		opts.Genesis = filepath.Join(o.Dir, "genesis.json")
	}
	if opts.Account == "" {
		opts.Account = o.Name
	}
	acct, err := o.AccountKey()
	if err != nil {
		return nil, err
	}
	cfgPath := filepath.Join(opts.NodeDir, "node.json")
	if _, err := os.Stat(cfgPath); errors.Is(err, os.ErrNotExist) {
		if _, _, err := o.NewNode(opts.NodeDir, opts.NodeID, opts.Addrs, opts.Genesis); err != nil {
			return nil, err
		}
		if err := setEvidenceAccount(cfgPath, opts.Account, o.AccountKeyPath()); err != nil {
			return nil, err
		}
	} else if err != nil {
		return nil, err
	}
	cfg, err := node.LoadConfig(cfgPath)
	if err != nil {
		return nil, err
	}
	if cfg.ID != opts.NodeID || cfg.Org != o.Name || cfg.P2PListen != opts.Addrs.P2P || cfg.GRPCListen != opts.Addrs.GRPC || cfg.RESTListen != opts.Addrs.REST {
		return nil, fmt.Errorf("export %s: %s already holds node %d of %s at p2p %s, grpc %s, rest %s; remove it or export it with those values",
			o.Name, opts.NodeDir, cfg.ID, cfg.Org, cfg.P2PListen, cfg.GRPCListen, cfg.RESTListen)
	}
	tlsPEM, err := os.ReadFile(cfg.TLSCert)
	if err != nil {
		return nil, err
	}
	signPEM, err := os.ReadFile(filepath.Join(filepath.Dir(cfg.SignKey), "cert.pem"))
	if err != nil {
		return nil, err
	}
	adminPEM, err := os.ReadFile(o.Admin.Cert)
	if err != nil {
		return nil, err
	}
	p := &Part{
		Format: PartFormat, Org: o.Name, Crypto: o.Suite(),
		CACert: string(o.CA.CertPEM()), AdminCert: string(adminPEM),
		Account: PartAccount{Name: opts.Account, Scheme: crypto.SchemeName(acct.Scheme()), PublicKey: hex.EncodeToString(acct.PublicKey())},
		Nodes: []PartNode{{ID: opts.NodeID, Address: opts.Addrs.P2P, GRPC: opts.Addrs.GRPC, REST: opts.Addrs.REST,
			TLSCert: string(tlsPEM), SignCert: string(signPEM)}},
	}
	if _, err := CheckPart(p); err != nil {
		return nil, err
	}
	return p, nil
}

// SavePart writes a part as indented JSON.
func SavePart(path string, p *Part) error {
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// LoadPart reads a part written by SavePart; unknown fields are refused.
// It does not check the part: Assemble does (see CheckPart).
func LoadPart(path string) (*Part, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	p := &Part{}
	if err := dec.Decode(p); err != nil {
		return nil, fmt.Errorf("genesis part %s: %w", path, err)
	}
	return p, nil
}

// checkedPart is a part with its parsed material.
type checkedPart struct {
	part        *Part
	adminScheme types.SignatureScheme
	adminKey    []byte
	acctScheme  types.SignatureScheme
	acctKey     []byte
}

// CheckPart checks a part on its own: its format and suite; that it holds
// no private key; that the CA certificate is a CA of the part's org; that
// the admin, node TLS and node signing certificates are issued by that CA
// for that org with the right roles; that each node's TLS certificate is
// valid for the host of its p2p address and advertises the part's client
// endpoints; and that the account's public key parses. It returns the
// admin account's key, which the admin certificate carries. Errors are
// CeremonyErrors of kind ErrInvalidPart.
func CheckPart(p *Part) (types.GenesisAccount, error) {
	c, err := checkPart(p)
	if err != nil {
		return types.GenesisAccount{}, err
	}
	return types.GenesisAccount{Name: types.AdminAccountName(p.Org), Scheme: c.adminScheme, PublicKey: c.adminKey}, nil
}

func checkPart(p *Part) (*checkedPart, error) {
	org := p.Org
	if p.Format != PartFormat {
		return nil, partErr(org, "format", "format %q, want %q", p.Format, PartFormat)
	}
	if org == "" || strings.TrimSpace(org) != org || strings.ContainsFunc(org, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return nil, partErr(org, "org", "organisation name is empty or has spaces or control characters around or in it")
	}
	if _, err := types.SuiteNamed(p.Crypto); err != nil {
		return nil, partErr(org, "crypto", "%v", err)
	}
	raw, _ := json.Marshal(p)
	if bytes.Contains(raw, []byte("PRIVATE KEY")) {
		return nil, partErr(org, "", "holds a private key (a PEM PRIVATE KEY block): a part must hold public material only")
	}
	ca, err := pki.ParseCertPEM([]byte(p.CACert))
	if err != nil {
		return nil, partErr(org, "ca_cert", "%v", err)
	}
	trust, err := pki.NewTrust([]byte(p.CACert))
	if err != nil {
		return nil, partErr(org, "ca_cert", "%v", err)
	}
	if len(ca.Subject.Organization) != 1 || ca.Subject.Organization[0] != org {
		return nil, partErr(org, "ca_cert", "CA certificate is for organisation %q", ca.Subject.Organization)
	}
	caGM := ca.PublicKey != nil && func() bool {
		s, _, err := crypto.PublicKeyOf(ca.PublicKey)
		return err == nil && s == types.SignatureScheme_SM2
	}()
	if caGM != (p.Crypto == types.GM.Name()) {
		return nil, partErr(org, "crypto", "suite %q does not fit the CA's key (SM2: %v)", p.Crypto, caGM)
	}
	leaf := func(field, pemText string, role pki.Role) (*x509.Certificate, error) {
		cert, err := pki.ParseCertPEM([]byte(pemText))
		if err != nil {
			return nil, partErr(org, field, "%v", err)
		}
		id, err := trust.Verify([]*x509.Certificate{cert})
		if err != nil {
			return nil, partErr(org, field, "not a valid certificate of the org's CA: %v", err)
		}
		if id.Role != role {
			return nil, partErr(org, field, "role %q, want %q", id.Role, role)
		}
		return cert, nil
	}
	out := &checkedPart{part: p}
	admin, err := leaf("admin_cert", p.AdminCert, pki.RoleAdmin)
	if err != nil {
		return nil, err
	}
	if out.adminScheme, out.adminKey, err = crypto.PublicKeyOf(admin.PublicKey); err != nil {
		return nil, partErr(org, "admin_cert", "public key: %v", err)
	}
	if p.Account.Name == "" || p.Account.Name == types.AdminAccountName(org) {
		return nil, partErr(org, "account.name", "account name %q is empty or the admin account's", p.Account.Name)
	}
	if out.acctScheme, err = crypto.ParseScheme(p.Account.Scheme); err != nil {
		return nil, partErr(org, "account.scheme", "%v", err)
	}
	if out.acctKey, err = hex.DecodeString(p.Account.PublicKey); err != nil {
		return nil, partErr(org, "account.public_key", "not hex: %v", err)
	}
	if _, err := crypto.ParsePublicKey(out.acctScheme, out.acctKey); err != nil {
		return nil, partErr(org, "account.public_key", "%v", err)
	}
	if len(p.Nodes) == 0 {
		return nil, partErr(org, "nodes", "no nodes: every founding org runs at least one")
	}
	ids := map[uint64]bool{}
	for i, n := range p.Nodes {
		f := fmt.Sprintf("nodes[%d]", i)
		if n.ID == 0 || ids[n.ID] {
			return nil, partErr(org, f+".id", "id %d is zero or repeated", n.ID)
		}
		ids[n.ID] = true
		host, _, err := net.SplitHostPort(n.Address)
		if err != nil || host == "" {
			return nil, partErr(org, f+".address", "p2p address %q is not HOST:PORT", n.Address)
		}
		if _, _, err := net.SplitHostPort(n.GRPC); err != nil {
			return nil, partErr(org, f+".grpc", "grpc address %q is not HOST:PORT", n.GRPC)
		}
		tc, err := leaf(f+".tls_cert", n.TLSCert, pki.RoleNode)
		if err != nil {
			return nil, err
		}
		if err := tc.VerifyHostname(host); err != nil {
			return nil, partErr(org, f+".tls_cert", "not valid for the p2p host: %v", err)
		}
		grpcEP, restEP := endpointsOf(tc)
		if grpcEP != n.GRPC || restEP != n.REST {
			return nil, partErr(org, f+".grpc", "the part says grpc %q rest %q, the TLS certificate advertises grpc %q rest %q", n.GRPC, n.REST, grpcEP, restEP)
		}
		sc, err := leaf(f+".sign_cert", n.SignCert, pki.RoleNode)
		if err != nil {
			return nil, err
		}
		if _, _, err := crypto.PublicKeyOf(sc.PublicKey); err != nil {
			return nil, partErr(org, f+".sign_cert", "public key: %v", err)
		}
	}
	return out, nil
}

// AssembleOptions are the chain-wide choices of the party that assembles
// a genesis.
type AssembleOptions struct {
	// ChainID names the chain; required.
	ChainID string
	// Time is the genesis time (default now).
	Time time.Time
	// Params are the chain parameters (default types.DefaultParams()).
	Params *types.ChainParams
	// Policy is the governance policy (default types.DefaultPolicy()).
	Policy *types.Policy
	// Balance funds each org's account (default 1,000,000,000,000).
	Balance uint64
	// Parts are the orgs' parts, in the order the genesis lists them.
	Parts []*Part
}

// Assemble builds a genesis from the orgs' parts after checking each
// (CheckPart) and all together: one crypto suite, distinct org names, CA
// certificates, node ids, node addresses and account names. Every org then
// checks the result with VerifyGenesis and compares its hash.
func Assemble(opts AssembleOptions) (*types.Genesis, error) {
	if opts.ChainID == "" {
		return nil, errors.New("assemble: chain id is required")
	}
	if len(opts.Parts) == 0 {
		return nil, errors.New("assemble: no parts")
	}
	if opts.Time.IsZero() {
		opts.Time = time.Now()
	}
	if opts.Balance == 0 {
		opts.Balance = 1_000_000_000_000
	}
	params := types.DefaultParams()
	if opts.Params != nil {
		params = *opts.Params
	}
	g := &types.Genesis{ChainID: opts.ChainID, TimeMs: opts.Time.UnixMilli(), Crypto: opts.Parts[0].Crypto, Params: params, Roles: types.RecommendedRoles()}
	if opts.Policy != nil {
		g.Policy = *opts.Policy
	}
	orgs, cas, accounts := map[string]bool{}, map[string]string{}, map[string]string{}
	nodeIDs, addrs := map[uint64]string{}, map[string]string{}
	for i, p := range opts.Parts {
		c, err := checkPart(p)
		if err != nil {
			return nil, fmt.Errorf("part %d: %w", i+1, err)
		}
		if p.Crypto != g.Crypto {
			return nil, partErr(p.Org, "crypto", "suite %q, but the first part's is %q", p.Crypto, g.Crypto)
		}
		if orgs[p.Org] {
			return nil, partErr(p.Org, "org", "two parts are of org %q", p.Org)
		}
		orgs[p.Org] = true
		ca, _ := pki.ParseCertPEM([]byte(p.CACert))
		if other, ok := cas[string(ca.Raw)]; ok {
			return nil, partErr(p.Org, "ca_cert", "the same CA certificate as org %q's", other)
		}
		cas[string(ca.Raw)] = p.Org
		for _, name := range []string{types.AdminAccountName(p.Org), p.Account.Name} {
			if other, ok := accounts[name]; ok {
				return nil, partErr(p.Org, "account.name", "account %q is also org %q's", name, other)
			}
			accounts[name] = p.Org
		}
		g.Orgs = append(g.Orgs, types.GenesisOrg{Name: p.Org, CACert: p.CACert})
		g.Accounts = append(g.Accounts,
			types.GenesisAccount{Name: types.AdminAccountName(p.Org), Scheme: c.adminScheme, PublicKey: c.adminKey, Org: p.Org},
			types.GenesisAccount{Name: p.Account.Name, Scheme: c.acctScheme, PublicKey: c.acctKey, Balance: opts.Balance, Org: p.Org})
		for j, n := range p.Nodes {
			if other, ok := nodeIDs[n.ID]; ok {
				return nil, partErr(p.Org, fmt.Sprintf("nodes[%d].id", j), "node id %d is also a node of org %q", n.ID, other)
			}
			nodeIDs[n.ID] = p.Org
			if other, ok := addrs[n.Address]; ok {
				return nil, partErr(p.Org, fmt.Sprintf("nodes[%d].address", j), "address %s is also a node's of org %q", n.Address, other)
			}
			addrs[n.Address] = p.Org
			g.Nodes = append(g.Nodes, types.GenesisNode{ID: n.ID, Org: p.Org, Address: n.Address, TLSCert: n.TLSCert, SignCert: n.SignCert})
		}
	}
	// An account name may not shadow another org's admin account.
	for name, org := range accounts {
		if base, ok := strings.CutSuffix(name, ".admin"); ok && orgs[base] && base != org {
			return nil, partErr(org, "account.name", "account %q is the admin account of org %q", name, base)
		}
	}
	if err := g.Validate(); err != nil {
		return nil, fmt.Errorf("assemble: %w", err)
	}
	return g, nil
}

// GenesisCheck is what VerifyGenesis found.
type GenesisCheck struct {
	// ChainID, Hash (hex) and Crypto are the genesis's.
	ChainID string `json:"chain_id"`
	Hash    string `json:"hash"`
	Crypto  string `json:"crypto"`
	// Org is the org checked.
	Org string `json:"org"`
	// Orgs and Nodes list every member org and node id, as the genesis
	// founds them, for the operator to compare with what was agreed.
	Orgs  []string `json:"orgs"`
	Nodes []uint64 `json:"nodes"`
	// Account and Balance are the org's funded account and its balance.
	Account string `json:"account,omitempty"`
	Balance uint64 `json:"balance"`
	// OwnNodes are the org's nodes found in the genesis.
	OwnNodes []uint64 `json:"own_nodes"`
	// Params and Policy are the chain parameters and governance policy.
	Params types.ChainParams `json:"params"`
	Policy types.Policy      `json:"policy"`
	// Thresholds is the threshold in force for every governance action
	// (types.GovernanceActions), its own or the default.
	Thresholds []ActionThreshold `json:"thresholds"`
	// Roles are the certificate roles and their permissions.
	Roles map[string][]string `json:"roles"`
	// Members are the member orgs with their admin account, CA fingerprint
	// and nodes; NodeList every node with its org and address; Accounts
	// every genesis account with its org and balance.
	Members  []MemberInfo  `json:"members"`
	NodeList []NodeInfo    `json:"node_list"`
	Accounts []AccountInfo `json:"accounts"`
	// Warnings are choices of the genesis that no org can check against its
	// own folder and that give a minority, a non-admin role or an account
	// of no org power (see GenesisWarnings). Empty when there are none.
	Warnings []string `json:"warnings"`
}

// ActionThreshold is the threshold of one governance action.
type ActionThreshold struct {
	Action string `json:"action"`
	Num    uint32 `json:"num"`
	Den    uint32 `json:"den"`
	// Default is true when the action has no threshold of its own.
	Default bool `json:"default"`
	// Approvals is how many of the Members orgs pass the action.
	Approvals int `json:"approvals"`
	Members   int `json:"members"`
}

// MemberInfo is a member org as the genesis founds it.
type MemberInfo struct {
	Name  string `json:"name"`
	Admin string `json:"admin"`
	// CAFingerprint is the SHA-256 of the CA certificate (DER), hex: what
	// the orgs compare out of band with the fingerprint each org's
	// 'causeway org export' printed for its own CA (openssl x509 -noout
	// -fingerprint -sha256 prints the same digits, upper-case with colons).
	CAFingerprint string   `json:"ca_fingerprint"`
	CASubject     string   `json:"ca_subject"`
	Nodes         []uint64 `json:"nodes"`
}

// NodeInfo is a consensus node of the genesis.
type NodeInfo struct {
	ID      uint64 `json:"id"`
	Org     string `json:"org"`
	Address string `json:"address"`
}

// AccountInfo is a genesis account.
type AccountInfo struct {
	Name      string `json:"name"`
	Org       string `json:"org,omitempty"`
	Scheme    string `json:"scheme"`
	PublicKey string `json:"public_key"`
	Balance   uint64 `json:"balance"`
}

// GenesisWarnings returns, in a fixed order, the choices of g that let
// fewer than all the orgs together, or someone outside them, hold power,
// each as one sentence:
//   - a threshold (the default or an action's) below 1/2, which fewer than
//     half of the orgs pass (types refuses these since MinThreshold; a
//     genesis made by another tool is still flagged);
//   - a role other than "admin" with the govern permission;
//   - an org whose admin account is not ORG.admin, or is an account
//     labelled as another org's;
//   - an account with a balance that is no org's account (not labelled
//     with a member org and not an org's admin account).
func GenesisWarnings(g *types.Genesis) []string {
	var w []string
	cfg := g.Config()
	half := func(t types.Threshold) bool { return t.Den != 0 && uint64(t.Num)*2 < uint64(t.Den) }
	if t := cfg.Policy.Default; half(t) {
		w = append(w, fmt.Sprintf("the default threshold %s lets %d of %d orgs pass an action without a threshold of its own: fewer than half", t, t.Approvals(len(cfg.Orgs)), len(cfg.Orgs)))
	}
	for _, a := range slices.Sorted(maps.Keys(cfg.Policy.Actions)) {
		if t := cfg.Policy.Actions[a]; half(t) {
			w = append(w, fmt.Sprintf("the threshold of %s is %s: %d of %d orgs pass it, fewer than half", a, t, t.Approvals(len(cfg.Orgs)), len(cfg.Orgs)))
		}
	}
	for _, r := range slices.Sorted(maps.Keys(cfg.Roles)) {
		if r != "admin" && slices.Contains(cfg.Roles[r], types.PermGovern) {
			w = append(w, fmt.Sprintf("role %q has the %q permission: certificates of that role, not only org admins, may govern", r, types.PermGovern))
		}
	}
	orgOf := map[string]string{}
	for _, a := range g.Accounts {
		orgOf[a.Name] = a.Org
	}
	admins := map[string]bool{}
	for _, o := range cfg.Orgs {
		admins[o.Admin] = true
		if o.Admin != types.AdminAccountName(o.Name) {
			w = append(w, fmt.Sprintf("org %s's admin account, which votes for it, is %q, not %q", o.Name, o.Admin, types.AdminAccountName(o.Name)))
		}
		if other := orgOf[o.Admin]; other != "" && other != o.Name {
			w = append(w, fmt.Sprintf("org %s's admin account %q is labelled as org %s's account", o.Name, o.Admin, other))
		}
	}
	for _, a := range g.Accounts {
		if a.Balance > 0 && a.Org == "" && !admins[a.Name] {
			w = append(w, fmt.Sprintf("account %q holds a balance of %d and is not an account of any org", a.Name, a.Balance))
		}
	}
	return w
}

// review fills what every org reads in gc: thresholds, roles, members,
// nodes, accounts and warnings.
func (gc *GenesisCheck) review(g *types.Genesis) error {
	cfg := g.Config()
	gc.Roles = cfg.Roles
	for _, a := range types.GovernanceActions {
		t, own := cfg.Policy.Actions[a]
		if !own {
			t = cfg.Policy.Default
		}
		gc.Thresholds = append(gc.Thresholds, ActionThreshold{Action: a, Num: t.Num, Den: t.Den, Default: !own, Approvals: t.Approvals(len(cfg.Orgs)), Members: len(cfg.Orgs)})
	}
	for i, o := range cfg.Orgs {
		c, err := pki.ParseCertPEM([]byte(o.CACert))
		if err != nil {
			return fmt.Errorf("orgs[%d].ca_cert: %w", i, err)
		}
		m := MemberInfo{Name: o.Name, Admin: o.Admin, CAFingerprint: CAFingerprint(c), CASubject: c.Subject.String(), Nodes: []uint64{}}
		for _, n := range g.Nodes {
			if n.Org == o.Name {
				m.Nodes = append(m.Nodes, n.ID)
			}
		}
		slices.Sort(m.Nodes)
		gc.Members = append(gc.Members, m)
	}
	for _, id := range g.NodeIDs() {
		n, _ := g.Node(id)
		gc.NodeList = append(gc.NodeList, NodeInfo{ID: n.ID, Org: n.Org, Address: n.Address})
	}
	for _, a := range g.Accounts {
		gc.Accounts = append(gc.Accounts, AccountInfo{Name: a.Name, Org: a.Org, Scheme: crypto.SchemeName(a.Scheme), PublicKey: hex.EncodeToString(a.PublicKey), Balance: a.Balance})
	}
	gc.Warnings = GenesisWarnings(g)
	if gc.Warnings == nil {
		gc.Warnings = []string{}
	}
	return nil
}

// CAFingerprint is the SHA-256 of a certificate's DER encoding, hex.
func CAFingerprint(c *x509.Certificate) string {
	sum := sha256.Sum256(c.Raw)
	return hex.EncodeToString(sum[:])
}

// VerifyGenesis checks a genesis against the org's own folder: the org is
// a member with its own CA certificate, which no other org lists; its
// admin account has its admin certificate's key; its account key (if the
// folder has one) is a genesis account's; each of its nodes (every
// node.json under ORGDIR/nodes, and the configuration files in extraNodes)
// is in the genesis with its id, p2p address and certificates unaltered,
// and the genesis lists no other node as the org's; and every node's
// certificates in the genesis are issued by its org's CA. Errors are
// CeremonyErrors of kind ErrGenesisMismatch. It does not check the
// choices the org cannot check alone (the other orgs, the parameters): the
// operator reads them in the result and compares the hash with the others.
func VerifyGenesis(g *types.Genesis, o *Org, extraNodes ...string) (*GenesisCheck, error) {
	if err := g.Validate(); err != nil {
		return nil, mismatch(o.Name, "", "%v", err)
	}
	gc := &GenesisCheck{ChainID: g.ChainID, Hash: g.Hash().String(), Crypto: g.Crypto, Org: o.Name, Params: g.Params, Policy: g.Config().Policy, Nodes: g.NodeIDs()}
	if g.Crypto != o.Suite() {
		return nil, mismatch(o.Name, "crypto", "suite %q, the org's keys are for %q", g.Crypto, o.Suite())
	}
	own := o.CA.Cert().Raw
	var member *types.GenesisOrg
	for i, go_ := range g.Orgs {
		gc.Orgs = append(gc.Orgs, go_.Name)
		c, err := pki.ParseCertPEM([]byte(go_.CACert))
		if err != nil {
			return nil, mismatch(o.Name, fmt.Sprintf("orgs[%d].ca_cert", i), "org %q: %v", go_.Name, err)
		}
		same := bytes.Equal(c.Raw, own)
		switch {
		case go_.Name == o.Name && !same:
			return nil, mismatch(o.Name, fmt.Sprintf("orgs[%d].ca_cert", i), "the genesis lists another CA certificate (serial %s) than the org's (serial %s)",
				c.SerialNumber.Text(16), o.CA.Cert().SerialNumber.Text(16))
		case go_.Name != o.Name && same:
			return nil, mismatch(o.Name, fmt.Sprintf("orgs[%d].ca_cert", i), "org %q lists this org's CA certificate", go_.Name)
		case go_.Name == o.Name:
			member = &g.Orgs[i]
		}
	}
	if member == nil {
		return nil, mismatch(o.Name, "orgs", "the org is not a member")
	}
	accounts := map[string]types.GenesisAccount{}
	for _, a := range g.Accounts {
		accounts[a.Name] = a
	}
	adminName := member.Admin
	if adminName == "" {
		adminName = types.AdminAccountName(o.Name)
	}
	ak, err := o.AdminKey()
	if err != nil {
		return nil, err
	}
	if a, ok := accounts[adminName]; !ok || a.Scheme != ak.Scheme() || !bytes.Equal(a.PublicKey, ak.PublicKey()) {
		return nil, mismatch(o.Name, "accounts", "admin account %s is missing or does not hold the admin certificate's key", adminName)
	}
	if _, err := os.Stat(o.AccountKeyPath()); err == nil {
		k, err := crypto.LoadKey(o.AccountKeyPath())
		if err != nil {
			return nil, err
		}
		for _, a := range g.Accounts {
			if a.Scheme == k.Scheme() && bytes.Equal(a.PublicKey, k.PublicKey()) {
				gc.Account, gc.Balance = a.Name, a.Balance
				break
			}
		}
		if gc.Account == "" {
			return nil, mismatch(o.Name, "accounts", "no account holds the org's account key (%s)", o.AccountKeyPath())
		}
	}
	// The org's nodes, from its folder.
	cfgs, _ := filepath.Glob(filepath.Join(o.Dir, "nodes", "*", "node.json"))
	cfgs = append(cfgs, extraNodes...)
	mine := map[uint64]bool{}
	for _, path := range cfgs {
		cfg, err := node.LoadConfig(path)
		if err != nil {
			return nil, err
		}
		if cfg.Org != o.Name || mine[cfg.ID] {
			continue
		}
		n, ok := g.Node(cfg.ID)
		if !ok {
			continue // a node made for another chain or not yet admitted
		}
		f := fmt.Sprintf("nodes[id=%d]", cfg.ID)
		if n.Org != o.Name {
			return nil, mismatch(o.Name, f+".org", "node %d is listed as org %q's", cfg.ID, n.Org)
		}
		if n.Address != cfg.P2PListen {
			return nil, mismatch(o.Name, f+".address", "address %s, the node listens on %s", n.Address, cfg.P2PListen)
		}
		for _, c := range []struct{ field, got, file string }{
			{"tls_cert", n.TLSCert, cfg.TLSCert},
			{"sign_cert", n.SignCert, filepath.Join(filepath.Dir(cfg.SignKey), "cert.pem")},
		} {
			ok, err := samePEMCert(c.got, c.file)
			if err != nil {
				return nil, err
			}
			if !ok {
				return nil, mismatch(o.Name, f+"."+c.field, "certificate differs from the node's own (%s)", c.file)
			}
		}
		mine[cfg.ID] = true
		gc.OwnNodes = append(gc.OwnNodes, cfg.ID)
	}
	trust := map[string]*pki.Trust{}
	for _, go_ := range g.Orgs {
		t, err := pki.NewTrust([]byte(go_.CACert))
		if err != nil {
			return nil, mismatch(o.Name, "orgs", "org %q: %v", go_.Name, err)
		}
		trust[go_.Name] = t
	}
	for _, n := range g.Nodes {
		f := fmt.Sprintf("nodes[id=%d]", n.ID)
		if n.Org == o.Name && !mine[n.ID] {
			return nil, mismatch(o.Name, f, "node %d at %s is listed as the org's, but the org has no such node under %s (name nodes kept elsewhere by their node.json)",
				n.ID, n.Address, filepath.Join(o.Dir, "nodes"))
		}
		for _, c := range []struct{ field, pem string }{{"tls_cert", n.TLSCert}, {"sign_cert", n.SignCert}} {
			cert, err := pki.ParseCertPEM([]byte(c.pem))
			if err != nil {
				return nil, mismatch(o.Name, f+"."+c.field, "org %q's node: %v", n.Org, err)
			}
			if id, err := trust[n.Org].Verify([]*x509.Certificate{cert}); err != nil || id.Role != pki.RoleNode {
				return nil, mismatch(o.Name, f+"."+c.field, "org %q's node certificate is not a node certificate of its CA (role %q): %v", n.Org, id.Role, err)
			}
		}
	}
	if len(gc.OwnNodes) == 0 {
		return nil, mismatch(o.Name, "nodes", "none of the org's nodes is in the genesis")
	}
	slices.Sort(gc.OwnNodes)
	// Accounts labelled as the org's hold the org's keys: its admin
	// account's or its account's.
	for _, a := range g.Accounts {
		if a.Org != o.Name || a.Name == adminName || (gc.Account != "" && a.Name == gc.Account) {
			continue
		}
		return nil, mismatch(o.Name, fmt.Sprintf("accounts[name=%s]", a.Name), "account %q (balance %d) is labelled as the org's, but the org holds no such account", a.Name, a.Balance)
	}
	if err := gc.review(g); err != nil {
		return nil, mismatch(o.Name, "", "%v", err)
	}
	return gc, nil
}

// InstallGenesis copies a verified genesis to ORGDIR/genesis.json, which
// the nodes ExportPart made name; it refuses to replace a different one.
func (o *Org) InstallGenesis(g *types.Genesis) (string, error) {
	dst := filepath.Join(o.Dir, "genesis.json")
	if old, err := types.LoadGenesis(dst); err == nil {
		if old.Hash() != g.Hash() {
			return "", fmt.Errorf("%s holds another genesis (chain %s, hash %s); remove it first", dst, old.ChainID, old.Hash())
		}
		return dst, nil
	}
	return dst, g.Save(dst)
}

// samePEMCert reports whether pemText holds the certificate in file.
func samePEMCert(pemText, file string) (bool, error) {
	want, err := pki.LoadCertPEM(file)
	if err != nil {
		return false, err
	}
	got, err := pki.ParseCertPEM([]byte(pemText))
	if err != nil {
		return false, nil
	}
	return bytes.Equal(got.Raw, want.Raw), nil
}

// addServerNames makes req valid for the hosts of addrs' p2p, gRPC and
// REST addresses and advertises the gRPC and REST endpoints as URIs.
func addServerNames(req *pki.IssueRequest, addrs NodeAddrs) error {
	if _, _, err := net.SplitHostPort(addrs.P2P); err != nil {
		return fmt.Errorf("p2p address %q: %w", addrs.P2P, err)
	}
	for _, a := range []string{addrs.P2P, addrs.GRPC, addrs.REST} {
		if a == "" {
			continue
		}
		host, _, err := net.SplitHostPort(a)
		if err != nil {
			return fmt.Errorf("address %q: %w", a, err)
		}
		if ip := net.ParseIP(host); ip != nil {
			if !slices.ContainsFunc(req.IPAddresses, ip.Equal) {
				req.IPAddresses = append(req.IPAddresses, ip)
			}
		} else if host != "" && !slices.Contains(req.DNSNames, host) {
			req.DNSNames = append(req.DNSNames, host)
		}
	}
	if addrs.GRPC != "" {
		req.URIs = append(req.URIs, &url.URL{Scheme: EndpointSchemeGRPC, Host: addrs.GRPC})
	}
	if addrs.REST != "" {
		req.URIs = append(req.URIs, &url.URL{Scheme: EndpointSchemeREST, Host: addrs.REST})
	}
	return nil
}

// endpointsOf returns the client endpoints a node's TLS certificate advertises.
func endpointsOf(c *x509.Certificate) (grpcAddr, restAddr string) {
	for _, u := range c.URIs {
		switch u.Scheme {
		case EndpointSchemeGRPC:
			grpcAddr = u.Host
		case EndpointSchemeREST:
			restAddr = u.Host
		}
	}
	return grpcAddr, restAddr
}

// NodeEndpoints returns the client gRPC and REST addresses that a node's
// TLS certificate (PEM, as the chain configuration holds it) advertises;
// empty when it advertises none (certificates made before this scheme).
func NodeEndpoints(tlsCertPEM string) (grpcAddr, restAddr string, err error) {
	c, err := pki.ParseCertPEM([]byte(tlsCertPEM))
	if err != nil {
		return "", "", err
	}
	g, r := endpointsOf(c)
	return g, r, nil
}
