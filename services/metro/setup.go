package metro

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/ethereum/go-ethereum/common"

	"github.com/causeway/causeway/crypto/seal"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/sdk/contracts/metro"
	"github.com/causeway/causeway/types"
)

// DeploymentFile is the name of a deployment's description in its folder.
const DeploymentFile = "metro.json"

// Deployment describes the scenario on a consortium: what every city's
// systems need besides their own keys. It is saved as metro.json.
type Deployment struct {
	ChainID   string   `json:"chain_id"`
	Contract  string   `json:"contract"` // 40 hex digits
	Cities    []string `json:"cities"`   // org names, founding cities first, then joined ones
	TaxBureau string   `json:"tax_bureau"`
	// Dir holds one folder per org: encryption.pem (the org's encryption
	// key) and, for cities, rider.key (the secret of their riders' ids).
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

// Save writes the deployment to DIR/metro.json.
func (d *Deployment) Save() error {
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(d.Dir, DeploymentFile), append(b, '\n'), 0o644)
}

// LoadDeployment reads DIR/metro.json.
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

// EncryptionKeyPath is org's encryption key file in the deployment.
func (d *Deployment) EncryptionKeyPath(org string) string {
	return filepath.Join(d.Dir, org, "encryption.pem")
}

// RiderKey reads city's rider key.
func (d *Deployment) RiderKey(city string) ([]byte, error) {
	return os.ReadFile(filepath.Join(d.Dir, city, "rider.key"))
}

// SetupConfig is what Setup prepares.
type SetupConfig struct {
	Network   *sdk.Network
	Cities    []string // org names of the founding cities
	TaxBureau string   // org name of the tax bureau
	Dir       string   // where keys and metro.json go
	// Rules are the fare rules every city registers (default DefaultFareRules).
	Rules    FareRules
	Progress func(format string, args ...any)
}

// Dial connects to org's first node as org (sdk.DialOrg).
func Dial(ctx context.Context, nw *sdk.Network, org string) (*sdk.Client, error) {
	return sdk.DialOrg(ctx, nw, org)
}

// OrgAccount is org's funded account (the network map's), which operates
// the org's part of the scenario (sdk.Network.OrgAccount).
func OrgAccount(nw *sdk.Network, org string) (sdk.Account, error) { return nw.OrgAccount(org) }

// Setup prepares a consortium for the scenario, through governance voted
// by every org's admin (a local consortium whose admin keys one operator
// holds; real members vote with `causeway gov vote`):
//
//   - each city and the tax bureau gets an encryption key
//     (set_org_encryption_key), written to DIR/ORG/encryption.pem;
//   - the reader group metro-clearing names the clearing role (the tax
//     bureau by default);
//   - the tax bureau becomes the chain's auditor for the class
//     metro-invoice, so that every invoice is sealed to it;
//   - the Metro contract is deployed with the founding cities and the
//     tax bureau, and each city registers its stations and fare rules;
//   - each city draws its rider key (DIR/CITY/rider.key).
func Setup(ctx context.Context, cfg SetupConfig) (*Deployment, error) {
	say := cfg.Progress
	if say == nil {
		say = func(string, ...any) {}
	}
	if len(cfg.Cities) < 2 {
		return nil, fmt.Errorf("%w: the scenario needs at least 2 cities", ErrBadInput)
	}
	if slices.Contains(cfg.Cities, cfg.TaxBureau) || cfg.TaxBureau == "" {
		return nil, fmt.Errorf("%w: the tax bureau must be an org that is not a city", ErrBadInput)
	}
	nw := cfg.Network
	opt := sdk.TxOptions{ChainID: nw.ChainID}
	admins, err := nw.AdminAccounts()
	if err != nil {
		return nil, err
	}
	cl, err := Dial(ctx, nw, cfg.Cities[0])
	if err != nil {
		return nil, err
	}
	defer cl.Close()
	if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
		return nil, err
	}
	orgs := append(slices.Clone(cfg.Cities), cfg.TaxBureau)
	for _, org := range orgs {
		if err := GiveOrgKey(ctx, cl, nw, admins, org, filepath.Join(cfg.Dir, org), say); err != nil {
			return nil, err
		}
	}
	say("reader group %s = [%s] (the clearing role)", ClearingGroup, cfg.TaxBureau)
	if _, err := cl.Govern(ctx, opt, admins, &types.Proposal{Action: &types.Proposal_SetReaderGroup{SetReaderGroup: &types.SetReaderGroup{Name: ClearingGroup, Orgs: []string{cfg.TaxBureau}}}}, "the clearing reader group"); err != nil {
		return nil, err
	}
	bureau, err := OrgAccount(nw, cfg.TaxBureau)
	if err != nil {
		return nil, err
	}
	auditKey, err := seal.GenerateEncryptionKey(sealSuite(nw))
	if err != nil {
		return nil, err
	}
	if err := sdk.SaveEncryptionKey(filepath.Join(cfg.Dir, cfg.TaxBureau, "auditor.pem"), auditKey); err != nil {
		return nil, err
	}
	say("auditor: %s, for the class %s", cfg.TaxBureau, ClassInvoice)
	if _, err := cl.Govern(ctx, opt, admins, sdk.SetAuditorProposal(auditKey.PublicKey(), bureau.ID(), ClassInvoice), "the tax bureau as auditor of invoices"); err != nil {
		return nil, err
	}

	// The contract, deployed by the first city.
	first, err := OrgAccount(nw, cfg.Cities[0])
	if err != nil {
		return nil, err
	}
	codes := make([][32]byte, len(cfg.Cities))
	addrs := make([]common.Address, len(cfg.Cities))
	for i, c := range cfg.Cities {
		code, err := CodeOf(c)
		if err != nil {
			return nil, err
		}
		a, err := OrgAccount(nw, c)
		if err != nil {
			return nil, err
		}
		codes[i], addrs[i] = code, Address(a.ID())
	}
	say("deploying the Metro contract with %d cities", len(cfg.Cities))
	code := append(common.FromHex(metro.MetroMetaData.Bin), metro.NewMetro().PackConstructor(codes, addrs, Address(bureau.ID()))...)
	tx, err := first.DeployContractTx(opt, code, 20_000_000, 0)
	if err != nil {
		return nil, err
	}
	rc, err := submit(ctx, cl, "deploy the Metro contract", tx)
	if err != nil {
		return nil, err
	}
	d := &Deployment{ChainID: nw.ChainID, Contract: hex.EncodeToString(rc.GetContractAddress()), Cities: slices.Clone(cfg.Cities), TaxBureau: cfg.TaxBureau, Dir: cfg.Dir}
	if err := d.Save(); err != nil {
		return nil, err
	}
	for _, c := range cfg.Cities {
		if err := d.PrepareCity(ctx, nw, c, cfg.Rules); err != nil {
			return nil, err
		}
	}
	say("the scenario is deployed at %s", d.Contract)
	return d, nil
}

func sealSuite(nw *sdk.Network) string {
	if nw.Suite().Name() == types.GM.Name() {
		return "gm"
	}
	return "intl"
}

// GiveOrgKey draws an encryption key for org, writes it to dir and puts it
// in force by governance (proposed by org's admin, voted by the others).
func GiveOrgKey(ctx context.Context, cl *sdk.Client, nw *sdk.Network, admins []sdk.Account, org, dir string, say func(string, ...any)) error {
	k, err := seal.GenerateEncryptionKey(sealSuite(nw))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := sdk.SaveEncryptionKey(filepath.Join(dir, "encryption.pem"), k); err != nil {
		return err
	}
	say("encryption key of %s: %s", org, k.ID())
	_, err = cl.SetOrgEncryptionKeyByVote(ctx, sdk.TxOptions{ChainID: nw.ChainID}, admins, org, k.PublicKey())
	return err
}

// PrepareCity draws city's rider key (if it has none) and registers its
// stations and fare rules (DefaultFareRules if rules is zero).
func (d *Deployment) PrepareCity(ctx context.Context, nw *sdk.Network, city string, rules FareRules) error {
	if rules.Stations == 0 {
		rules = DefaultFareRules
	}
	if rules.Stations > 4096 || rules.Zones < 1 || rules.Zones > 255 || rules.Max > 100000 || rules.Base > rules.Max || rules.Base == 0 {
		return fmt.Errorf("%w: fare rules %+v (at most 4096 stations, 1 to 255 zones, 0 < base <= max <= 100000)", ErrBadInput, rules)
	}
	rk := filepath.Join(d.Dir, city, "rider.key")
	if _, err := os.Stat(rk); os.IsNotExist(err) {
		k := make([]byte, 32)
		if _, err := rand.Read(k); err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(rk), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(rk, k, 0o600); err != nil {
			return err
		}
	}
	c, err := d.Connect(ctx, nw, city)
	if err != nil {
		return err
	}
	defer c.Client.Close()
	ids := make([]uint32, rules.Stations)
	zs := make([]uint8, rules.Stations)
	for i := range ids {
		ids[i] = uint32(i + 1)
		zs[i] = uint8(rules.Zone(ids[i]))
	}
	if err := c.SetStations(ctx, ids, zs); err != nil {
		return err
	}
	return c.SetFares(ctx, uint32(rules.Base), uint32(rules.PerZone), uint32(rules.Max))
}

// Connect opens city's connection: its first node, its account, its
// encryption key. Close c.Client when done.
func (d *Deployment) Connect(ctx context.Context, nw *sdk.Network, city string) (*City, error) {
	addr, err := d.ContractAddress()
	if err != nil {
		return nil, err
	}
	key, err := sdk.LoadEncryptionKey(d.EncryptionKeyPath(city))
	if err != nil {
		return nil, err
	}
	acct, err := OrgAccount(nw, city)
	if err != nil {
		return nil, err
	}
	cl, err := Dial(ctx, nw, city)
	if err != nil {
		return nil, err
	}
	c, err := NewCity(city, cl, acct, key, addr, sdk.TxOptions{ChainID: nw.ChainID})
	if err != nil {
		cl.Close()
		return nil, err
	}
	return c, nil
}

// AdmitCity makes city, an org that has joined the consortium (its node
// runs and its account exists), a city of the scenario without any other
// city stopping: its encryption key is put in force by governance (city's
// admin proposes, the admins voting in turn), the founding cities approve
// it in the contract until a majority has, and it registers its stations
// and fare rules. admins must include city's admin account.
func (d *Deployment) AdmitCity(ctx context.Context, nw *sdk.Network, city string, admins []sdk.Account, voters []*City, rules FareRules) error {
	if slices.Contains(d.Cities, city) {
		return fmt.Errorf("%w: %s is a city already", ErrBadInput, city)
	}
	acct, err := OrgAccount(nw, city)
	if err != nil {
		return err
	}
	if len(voters) == 0 {
		return fmt.Errorf("%w: no city to approve %s", ErrBadInput, city)
	}
	if err := GiveOrgKey(ctx, voters[0].Client, nw, admins, city, filepath.Join(d.Dir, city), func(string, ...any) {}); err != nil {
		return err
	}
	for _, v := range voters {
		err := v.ApproveCity(ctx, city, acct.ID())
		if errors.Is(err, ErrCityExists) {
			break // admitted: the majority is reached
		}
		if err != nil {
			return err
		}
	}
	if ok, err := voters[0].IsCity(ctx, city); err != nil || !ok {
		return fmt.Errorf("metro: %s not admitted after %d approvals (a majority of the active cities is needed): %v", city, len(voters), err)
	}
	d.Cities = append(d.Cities, city)
	if err := d.Save(); err != nil {
		return err
	}
	return d.PrepareCity(ctx, nw, city, rules)
}
