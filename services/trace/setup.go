package trace

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/ethereum/go-ethereum/common"

	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/sdk/contracts/trace"
	"github.com/causeway/causeway/types"
)

// DeploymentFile is the name of a deployment's description in its folder.
const DeploymentFile = "trace.json"

// Member is an org of the scenario and its role.
type Member struct {
	Org  string `json:"org"`
	Role string `json:"role"`
}

// Product is a product class.
type Product struct {
	ID       string `json:"id"` // at most 32 bytes
	Name     string `json:"name"`
	Imported bool   `json:"imported"` // its batches pass customs
}

// DefaultMembers are the orgs of `causeway scenario trace`, one a role.
var DefaultMembers = []Member{{"producer", "producer"}, {"inspector", "inspector"}, {"shipper", "shipper"}, {"customs", "customs"}, {"retailer", "retailer"}}

// DefaultProducts are the products the stories name: imported milk
// powder, Moutai, Wuchang rice.
var DefaultProducts = []Product{
	{ID: "milk-powder-nz-900g", Name: "婴儿配方奶粉 900g (新西兰进口) · infant formula, imported from New Zealand", Imported: true},
	{ID: "moutai-53-500ml", Name: "贵州茅台酒 53%vol 500ml · Kweichow Moutai"},
	{ID: "wuchang-rice-5kg", Name: "五常大米 5kg · Wuchang rice"},
}

// Deployment describes the scenario on a consortium. It is saved as trace.json.
type Deployment struct {
	ChainID  string    `json:"chain_id"`
	Contract string    `json:"contract"` // 40 hex digits
	Admin    string    `json:"admin"`    // the org that deployed it (sets members)
	Members  []Member  `json:"members"`
	Products []Product `json:"products"`
	// Dir holds the batches' code keys (keys/B<n>.key), for printing labels.
	Dir string `json:"-"`
}

// ContractAddress is the contract's 20-byte address.
func (d *Deployment) ContractAddress() ([]byte, error) {
	b, err := hex.DecodeString(d.Contract)
	if err != nil || len(b) != 20 {
		return nil, fmt.Errorf("%w: contract address %q", ErrBadInput, d.Contract)
	}
	return b, nil
}

// Save writes the deployment to DIR/trace.json.
func (d *Deployment) Save() error {
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(d.Dir, DeploymentFile), append(b, '\n'), 0o644)
}

// LoadDeployment reads DIR/trace.json.
func LoadDeployment(dir string) (*Deployment, error) {
	b, err := os.ReadFile(filepath.Join(dir, DeploymentFile))
	if err != nil {
		return nil, err
	}
	var d Deployment
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, DeploymentFile), err)
	}
	d.Dir = dir
	return &d, nil
}

// OrgOf is the first org holding role.
func (d *Deployment) OrgOf(role Role) (string, error) {
	for _, m := range d.Members {
		if m.Role == role.String() {
			return m.Org, nil
		}
	}
	return "", fmt.Errorf("%w: no org has the role %s", ErrBadInput, role)
}

// RoleOf is org's role.
func (d *Deployment) RoleOf(org string) Role {
	for _, m := range d.Members {
		if m.Org == org {
			r, _ := ParseRole(m.Role)
			return r
		}
	}
	return RoleNone
}

// codeKeyPath is where a batch's code key is kept: DIR/keys/B<n>.key.
func (d *Deployment) codeKeyPath(batch uint64) string {
	return filepath.Join(d.Dir, "keys", "B"+strconv.FormatUint(batch, 10)+".key")
}

// SaveCodeKey keeps a batch's code key (to print its labels later).
func (d *Deployment) SaveCodeKey(batch uint64, key ed25519.PrivateKey) error {
	p := d.codeKeyPath(batch)
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return err
	}
	return os.WriteFile(p, []byte(hex.EncodeToString(key.Seed())), 0o600)
}

// CodeKey reads a batch's code key.
func (d *Deployment) CodeKey(batch uint64) (ed25519.PrivateKey, error) {
	b, err := os.ReadFile(d.codeKeyPath(batch))
	if err != nil {
		return nil, err
	}
	seed, err := hex.DecodeString(string(b))
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("%w: code key of batch %d", ErrBadInput, batch)
	}
	return ed25519.NewKeyFromSeed(seed), nil
}

// Dial connects to org's first node as org (sdk.DialOrg).
func Dial(ctx context.Context, nw *sdk.Network, org string) (*sdk.Client, error) {
	return sdk.DialOrg(ctx, nw, org)
}

// OrgAccount is org's funded account from the network map (sdk.Network.OrgAccount).
func OrgAccount(nw *sdk.Network, org string) (sdk.Account, error) { return nw.OrgAccount(org) }

// SetupConfig is what Setup prepares.
type SetupConfig struct {
	Network  *sdk.Network
	Members  []Member  // default DefaultMembers; the first producer deploys and is the admin
	Products []Product // default DefaultProducts, defined by that producer
	Dir      string    // where trace.json and the code keys go
	Progress func(format string, args ...any)
}

// Setup deploys the Trace contract with the members and their roles
// (deployed by the first producer, the contract's admin) and defines the
// products.
func Setup(ctx context.Context, cfg SetupConfig) (*Deployment, error) {
	say := cfg.Progress
	if say == nil {
		say = func(string, ...any) {}
	}
	if cfg.Members == nil {
		cfg.Members = DefaultMembers
	}
	if cfg.Products == nil {
		cfg.Products = DefaultProducts
	}
	nw := cfg.Network
	var accts []common.Address
	var orgs [][32]byte
	var roles []uint8
	admin := ""
	for _, m := range cfg.Members {
		r, err := ParseRole(m.Role)
		if err != nil {
			return nil, err
		}
		a, err := OrgAccount(nw, m.Org)
		if err != nil {
			return nil, err
		}
		n, err := Name32(m.Org)
		if err != nil {
			return nil, err
		}
		accts, orgs, roles = append(accts, Address(a.ID())), append(orgs, n), append(roles, uint8(r))
		if r == RoleProducer && admin == "" {
			admin = m.Org
		}
	}
	if admin == "" {
		return nil, fmt.Errorf("%w: the scenario needs a producer", ErrBadInput)
	}
	if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
		return nil, err
	}
	acct, err := OrgAccount(nw, admin)
	if err != nil {
		return nil, err
	}
	cl, err := Dial(ctx, nw, admin)
	if err != nil {
		return nil, err
	}
	defer cl.Close()
	say("deploying the Trace contract with %d members, by %s", len(cfg.Members), admin)
	code := append(common.FromHex(trace.TraceMetaData.Bin), trace.NewTrace().PackConstructor(accts, orgs, roles)...)
	tx, err := acct.DeployContractTx(sdk.TxOptions{ChainID: nw.ChainID}, code, 20_000_000, 0)
	if err != nil {
		return nil, err
	}
	rc, err := submit(ctx, cl, "deploy the Trace contract", tx)
	if err != nil {
		return nil, err
	}
	d := &Deployment{ChainID: nw.ChainID, Contract: hex.EncodeToString(rc.GetContractAddress()), Admin: admin, Members: cfg.Members, Products: cfg.Products, Dir: cfg.Dir}
	o, err := NewOrg(admin, RoleProducer, cl, acct, rc.GetContractAddress(), sdk.TxOptions{ChainID: nw.ChainID})
	if err != nil {
		return nil, err
	}
	for _, p := range cfg.Products {
		say("product %s: %s", p.ID, p.Name)
		if err := o.DefineProduct(ctx, p.ID, p.Name); err != nil {
			return nil, err
		}
	}
	if err := d.Save(); err != nil {
		return nil, err
	}
	say("the scenario is deployed at %s", d.Contract)
	return d, nil
}

// Connect opens org's connection: its first node and its account. Close
// o.Client when done.
func (d *Deployment) Connect(ctx context.Context, nw *sdk.Network, org string) (*Org, error) {
	addr, err := d.ContractAddress()
	if err != nil {
		return nil, err
	}
	acct, err := OrgAccount(nw, org)
	if err != nil {
		return nil, err
	}
	cl, err := Dial(ctx, nw, org)
	if err != nil {
		return nil, err
	}
	o, err := NewOrg(org, d.RoleOf(org), cl, acct, addr, sdk.TxOptions{ChainID: nw.ChainID})
	if err != nil {
		cl.Close()
		return nil, err
	}
	return o, nil
}

// NewLookupFor is the lookup service of org (which reads through its own
// node, checks proofs against the network's genesis and records the flags
// its scan log raises) with rule.
func (d *Deployment) NewLookupFor(o *Org, nw *sdk.Network, rule ScanRule) (*Lookup, error) {
	return d.NewLookupWith(o, nw, NewScanLog(rule))
}

// NewLookupWith is NewLookupFor with the scan log scans (for example one
// that OpenScanLog keeps on disk).
func (d *Deployment) NewLookupWith(o *Org, nw *sdk.Network, scans *ScanLog) (*Lookup, error) {
	g, err := types.LoadGenesis(nw.Genesis)
	if err != nil {
		return nil, err
	}
	return NewLookup(LookupConfig{Client: o.Client, From: o.Account.ID().String(), ChainID: d.ChainID, Contract: o.Contract, Genesis: g,
		Scans: scans, Reporter: o})
}
