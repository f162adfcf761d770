package types

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
)

// Genesis is the consortium's founding configuration: the chain id, member
// orgs with their CA certificates, consensus nodes, chain parameters and the
// initial accounts. Every node of a chain holds the same genesis; its hash is
// the root of trust for sync and for offline verification.
type Genesis struct {
	ChainID  string           `json:"chain_id"`
	TimeMs   int64            `json:"time_ms"`
	Crypto   string           `json:"crypto"` // "intl" (SHA-256, Ed25519/ECDSA)
	Orgs     []GenesisOrg     `json:"orgs"`
	Nodes    []GenesisNode    `json:"nodes"`
	Params   ChainParams      `json:"params"`
	Accounts []GenesisAccount `json:"accounts"`
	// Policy and Roles default to DefaultPolicy and DefaultRoles.
	Policy Policy              `json:"policy"`
	Roles  map[string][]string `json:"roles,omitempty"`
}

// GenesisOrg is a founding member organisation.
type GenesisOrg struct {
	Name string `json:"name"`
	// CACert is the org's CA certificate, PEM.
	CACert string `json:"ca_cert"`
	// Admin names the org's admin account (default "<name>.admin"), which
	// must be among the genesis accounts to vote.
	Admin string `json:"admin,omitempty"`
}

// GenesisNode is a founding consensus node.
type GenesisNode struct {
	ID  uint64 `json:"id"`
	Org string `json:"org"`
	// Address is the node's peer (p2p) listen address, host:port.
	Address string `json:"address"`
	// TLSCert is the node's TLS certificate, PEM, issued by its org's CA.
	TLSCert string `json:"tls_cert"`
	// SignCert is the node's consensus signing certificate, PEM (Ed25519), issued by its org's CA.
	SignCert string `json:"sign_cert"`
	// RetiringTLSCert and RetiringSignCert are the certificates a
	// certificate rotation replaced (empty when that one was not replaced),
	// still accepted until the block time RetiringUntilMs: see
	// ChainConfig.Sweep. All three are empty outside a rotation's overlap.
	RetiringTLSCert  string `json:"retiring_tls_cert,omitempty"`
	RetiringSignCert string `json:"retiring_sign_cert,omitempty"`
	RetiringUntilMs  int64  `json:"retiring_until_ms,omitempty"`
}

// TLSCerts returns the TLS certificates (PEM) the node is known by: the
// current one, then the retiring one during a rotation's overlap.
func (n GenesisNode) TLSCerts() []string {
	if n.RetiringTLSCert == "" {
		return []string{n.TLSCert}
	}
	return []string{n.TLSCert, n.RetiringTLSCert}
}

// SignCerts returns the signing certificates (PEM) whose keys sign for the
// node: the current one, then the retiring one during a rotation's overlap.
func (n GenesisNode) SignCerts() []string {
	if n.RetiringSignCert == "" {
		return []string{n.SignCert}
	}
	return []string{n.SignCert, n.RetiringSignCert}
}

// Rotating reports whether the node is inside a certificate rotation's overlap.
func (n GenesisNode) Rotating() bool {
	return n.RetiringTLSCert != "" || n.RetiringSignCert != "" || n.RetiringUntilMs != 0
}

// GenesisAccount is an account that exists from genesis.
type GenesisAccount struct {
	Name      string          `json:"name"`
	Scheme    SignatureScheme `json:"scheme"`
	PublicKey []byte          `json:"public_key"`
	Balance   uint64          `json:"balance"`
	// Org names the member org whose account this is (its admin account, or
	// the account it funds for itself), as the genesis ceremony labels it;
	// empty for an account of no org. Each org's genesis verify checks that
	// the accounts labelled as its own hold its keys, and flags funded
	// accounts of no org.
	Org string `json:"org,omitempty"`
}

// ChainParams are the chain-wide parameters every node applies identically.
type ChainParams struct {
	// BatchMaxCount, BatchMaxBytes and BatchMaxIntervalMs bound a block: it is
	// cut when it holds this many transactions or bytes, or when the oldest
	// pending transaction has waited this long.
	BatchMaxCount      uint64 `json:"batch_max_count"`
	BatchMaxBytes      uint64 `json:"batch_max_bytes"`
	BatchMaxIntervalMs int64  `json:"batch_max_interval_ms"`
	// MaxTxBytes is the largest encoded transaction accepted.
	MaxTxBytes int `json:"max_tx_bytes"`
	// MaxValidityMs is the longest validity period a transaction may ask for;
	// it is also how long a transaction hash is remembered against replay.
	MaxValidityMs int64 `json:"max_validity_ms"`
	// MaxFutureMs is how far ahead of the chain's time a timestamp may be.
	MaxFutureMs int64 `json:"max_future_ms"`
	// MaxEvidenceMetadataBytes bounds an evidence deposit's metadata (keys plus values).
	MaxEvidenceMetadataBytes int `json:"max_evidence_metadata_bytes"`
	// BlockTimeDriftMs is how far a proposed block's time may be ahead of a
	// verifying node's clock.
	BlockTimeDriftMs int64 `json:"block_time_drift_ms"`
	// RecoveryDelayMs is how long after PRE_RESET an account's keys may be
	// reset; during the delay its current keys can cancel the reset.
	RecoveryDelayMs int64 `json:"recovery_delay_ms"`
	// BlockGasLimit bounds the gas of all contract transactions of a block;
	// TxGasLimit bounds one transaction's gas limit.
	BlockGasLimit uint64 `json:"block_gas_limit"`
	TxGasLimit    uint64 `json:"tx_gas_limit"`
}

// DefaultParams are the parameters of a new chain.
func DefaultParams() ChainParams {
	return ChainParams{
		BatchMaxCount:            2000,
		BatchMaxBytes:            4 << 20,
		BatchMaxIntervalMs:       20,
		MaxTxBytes:               64 << 10,
		MaxValidityMs:            10 * 60 * 1000,
		MaxFutureMs:              30 * 1000,
		MaxEvidenceMetadataBytes: 4 << 10,
		BlockTimeDriftMs:         10 * 1000,
		RecoveryDelayMs:          24 * 60 * 60 * 1000,
		BlockGasLimit:            100_000_000,
		TxGasLimit:               30_000_000,
	}
}

// TimeWindow returns the transaction time rules of these parameters.
func (p ChainParams) TimeWindow() TimeWindow {
	return TimeWindow{MaxValidityMs: p.MaxValidityMs, MaxFutureMs: p.MaxFutureMs}
}

// Validate checks the genesis for structural errors, for user-supplied text
// that would be stored and printed (chain id, org, account and admin names,
// node addresses, certificate fields: see CheckText and CheckCertPEM), and
// for a configuration that could not stay live and governable: parameters
// outside their bounds (ChainParams.Check), a policy that cannot pass
// proposals or an admin role that may not submit (ChainConfig.CheckConfig).
func (g *Genesis) Validate() error {
	if g.ChainID == "" {
		return fmt.Errorf("genesis: chain_id is empty")
	}
	if terr := CheckText("chain_id", g.ChainID, MaxChainIDBytes); terr != nil {
		return fmt.Errorf("genesis: %w", terr)
	}
	if strings.ContainsAny(g.ChainID, " ,/") {
		return fmt.Errorf("genesis: chain_id %q has a space, comma or slash", g.ChainID)
	}
	if _, err := SuiteNamed(g.Crypto); err != nil {
		return fmt.Errorf("genesis: %w", err)
	}
	if len(g.Nodes) == 0 {
		return fmt.Errorf("genesis: no consensus nodes")
	}
	orgs := map[string]bool{}
	for _, o := range g.Orgs {
		if o.Name == "" || o.CACert == "" {
			return fmt.Errorf("genesis: org %q lacks a name or CA certificate", o.Name)
		}
		if terr := CheckOrgName(o.Name); terr != nil {
			return fmt.Errorf("genesis: %w", terr)
		}
		if terr := CheckCertPEM(fmt.Sprintf("CA certificate of org %s", o.Name), o.CACert); terr != nil {
			return fmt.Errorf("genesis: %w", terr)
		}
		if o.Admin != "" {
			if terr := CheckName(fmt.Sprintf("admin account name of org %s", o.Name), o.Admin, MaxNameBytes); terr != nil {
				return fmt.Errorf("genesis: %w", terr)
			}
		}
		if orgs[o.Name] {
			return fmt.Errorf("genesis: org %q listed twice", o.Name)
		}
		orgs[o.Name] = true
	}
	if g.Policy.Default.Den == 0 && (len(g.Policy.Actions) > 0 || g.Policy.ProposalTTLMs != 0 || g.Policy.Default.Num != 0) {
		return Errorf(CodeBadPolicy, "genesis: the policy has no default threshold: it would be replaced by the default policy, and its per-action thresholds and proposal lifetime ignored; give policy.default (e.g. 1/2)")
	}
	admins := map[string]string{}
	for _, o := range g.Config().Orgs {
		if other, ok := admins[o.Admin]; ok {
			return Errorf(CodeBadPolicy, "genesis: org %s has the admin account %q of org %s: its admin could vote for one of them only, and the other org would have no vote", o.Name, o.Admin, other)
		}
		admins[o.Admin] = o.Name
	}
	ids := map[uint64]bool{}
	for _, n := range g.Nodes {
		if n.ID == 0 {
			return fmt.Errorf("genesis: node id 0 is not allowed")
		}
		if ids[n.ID] {
			return fmt.Errorf("genesis: node id %d listed twice", n.ID)
		}
		ids[n.ID] = true
		if !orgs[n.Org] {
			return fmt.Errorf("genesis: node %d belongs to unknown org %q", n.ID, n.Org)
		}
		if n.Address == "" || n.TLSCert == "" || n.SignCert == "" {
			return fmt.Errorf("genesis: node %d lacks an address or certificates", n.ID)
		}
		if terr := CheckAddress(fmt.Sprintf("address of node %d", n.ID), n.Address); terr != nil {
			return fmt.Errorf("genesis: %w", terr)
		}
		for _, c := range []struct{ what, pem string }{{"TLS", n.TLSCert}, {"signing", n.SignCert}} {
			if terr := CheckCertPEM(fmt.Sprintf("%s certificate of node %d", c.what, n.ID), c.pem); terr != nil {
				return fmt.Errorf("genesis: %w", terr)
			}
		}
	}
	for i, n := range g.Nodes {
		if terr := CheckNodeDistinct(g.Nodes[:i], n); terr != nil {
			return fmt.Errorf("genesis: %w", terr)
		}
	}
	if err := g.Config().CheckConfig(); err != nil {
		return fmt.Errorf("genesis: %w", err)
	}
	names := map[string]bool{}
	for _, a := range g.Accounts {
		if a.Name == "" || names[a.Name] {
			return fmt.Errorf("genesis: account name %q empty or repeated", a.Name)
		}
		if terr := CheckName("account name", a.Name, MaxNameBytes); terr != nil {
			return fmt.Errorf("genesis: %w", terr)
		}
		if a.Org != "" && !orgs[a.Org] {
			return fmt.Errorf("genesis: account %q is labelled as org %q's, which is not a member", a.Name, a.Org)
		}
		names[a.Name] = true
	}
	return nil
}

// NodeIDs returns the consensus node ids, ascending.
func (g *Genesis) NodeIDs() []uint64 {
	ids := make([]uint64, 0, len(g.Nodes))
	for _, n := range g.Nodes {
		ids = append(ids, n.ID)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

// Node returns the node with the given id.
func (g *Genesis) Node(id uint64) (GenesisNode, bool) {
	for _, n := range g.Nodes {
		if n.ID == id {
			return n, true
		}
	}
	return GenesisNode{}, false
}

// Hash returns the genesis hash: the suite's hash of its canonical JSON encoding.
func (g *Genesis) Hash() Hash {
	b, err := json.Marshal(g)
	if err != nil {
		panic(err)
	}
	return g.Suite().Sum(b)
}

// Suite returns the chain's crypto suite. Validate rejects unknown names.
func (g *Genesis) Suite() Suite {
	s, err := SuiteNamed(g.Crypto)
	if err != nil {
		return Intl
	}
	return s
}

// Quorum returns the number of commit signatures that certify a block among n
// consensus nodes: ceil((n+f+1)/2) with f = (n-1)/3, as in SmartBFT.
func Quorum(n int) int {
	f := (n - 1) / 3
	return (n + f + 2) / 2
}

// LoadGenesis reads and validates a genesis file.
func LoadGenesis(path string) (*Genesis, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	g := &Genesis{}
	if err := json.Unmarshal(b, g); err != nil {
		return nil, fmt.Errorf("genesis %s: %w", path, err)
	}
	if err := g.Validate(); err != nil {
		return nil, err
	}
	return g, nil
}

// Save writes the genesis as indented JSON.
func (g *Genesis) Save(path string) error {
	b, err := json.MarshalIndent(g, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}
