package trace

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	gethtypes "github.com/ethereum/go-ethereum/core/types"

	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/sdk/contracts"
	"github.com/causeway/causeway/sdk/contracts/trace"
	"github.com/causeway/causeway/types"
)

// Role is what an org does in the supply chain; role r attests step r.
type Role uint8

// Roles.
const (
	RoleNone Role = iota
	RoleProducer
	RoleInspector
	RoleShipper
	RoleCustoms
	RoleRetailer
)

// Step is a step of a batch's life.
type Step uint8

// Steps, in their order (customs only for imported batches).
const (
	StepProduction Step = iota + 1
	StepInspection
	StepShipping
	StepCustoms
	StepRetail
)

// Steps lists the steps in order.
var Steps = []Step{StepProduction, StepInspection, StepShipping, StepCustoms, StepRetail}

func (r Role) String() string {
	switch r {
	case RoleProducer:
		return "producer"
	case RoleInspector:
		return "inspector"
	case RoleShipper:
		return "shipper"
	case RoleCustoms:
		return "customs"
	case RoleRetailer:
		return "retailer"
	}
	return "none"
}

func (s Step) String() string {
	switch s {
	case StepProduction:
		return "production"
	case StepInspection:
		return "inspection"
	case StepShipping:
		return "shipping"
	case StepCustoms:
		return "customs"
	case StepRetail:
		return "retail"
	}
	return "none"
}

// ParseRole reads a role's name.
func ParseRole(s string) (Role, error) {
	for r := RoleProducer; r <= RoleRetailer; r++ {
		if r.String() == s {
			return r, nil
		}
	}
	return RoleNone, fmt.Errorf("%w: role %q (producer, inspector, shipper, customs, retailer)", ErrBadInput, s)
}

// Gas limits of the scenario's calls (measured use is far below).
const (
	gasBatch  = 500_000
	gasAttest = 300_000
	gasSmall  = 200_000
)

// Name32 is a name (an org's, a product's id) as the contract's bytes32:
// its bytes, left-aligned, at most 32.
func Name32(s string) ([32]byte, error) {
	var b [32]byte
	if s == "" || len(s) > 32 {
		return b, fmt.Errorf("%w: name %q must have 1 to 32 bytes", ErrBadInput, s)
	}
	copy(b[:], s)
	return b, nil
}

// nameOf is the inverse of Name32.
func nameOf(b [32]byte) string { return string(bytes.TrimRight(b[:], "\x00")) }

// Address is the EVM address of an account: the last 20 bytes of its identity.
func Address(id types.Hash) common.Address { return common.BytesToAddress(id[12:]) }

// Org is one org's connection to the scenario: the typed interface its
// systems call. It is safe for concurrent use.
type Org struct {
	Name     string
	Role     Role
	Client   *sdk.Client
	Account  sdk.Account
	Contract []byte // the Trace contract's 20-byte address
	Opt      sdk.TxOptions
	abi      *trace.Trace
}

// NewOrg connects org name, of role, through cl, sending as acct.
func NewOrg(name string, role Role, cl *sdk.Client, acct sdk.Account, contract []byte, opt sdk.TxOptions) (*Org, error) {
	if len(contract) != 20 {
		return nil, fmt.Errorf("%w: contract address has %d bytes, want 20", ErrBadInput, len(contract))
	}
	return &Org{Name: name, Role: role, Client: cl, Account: acct, Contract: contract, Opt: opt, abi: trace.NewTrace()}, nil
}

// Receipt is a committed attestation.
type Receipt struct {
	TxHash types.Hash
	Height uint64
}

func (o *Org) call(ctx context.Context, op string, input []byte, gas uint64) (*types.Receipt, error) {
	tx, err := o.Account.BuildTx(o.Opt, types.TxType_CALL_CONTRACT, &types.CallContract{To: o.Contract, Input: input, GasLimit: gas})
	if err != nil {
		return nil, err
	}
	return submit(ctx, o.Client, op, tx)
}

func submit(ctx context.Context, cl *sdk.Client, op string, tx *types.Transaction) (*types.Receipt, error) {
	r, err := cl.SubmitOK(ctx, tx)
	var te *types.TxError
	if errors.As(err, &te) {
		return r.GetReceipt(), &RefusedError{Op: op, Code: string(te.Code), Reason: te.Reason}
	}
	if err != nil {
		return nil, fmt.Errorf("trace: %s: %w", op, err)
	}
	return r.GetReceipt(), nil
}

// query runs a read-only call on the local node's committed state.
func query(ctx context.Context, cl *sdk.Client, from string, contract, input []byte) ([]byte, uint64, error) {
	r, err := cl.QueryContract(ctx, from, contract, input, 0)
	if err != nil {
		return nil, 0, err
	}
	if r.GetErrorCode() != "" {
		return nil, r.GetHeight(), &RefusedError{Op: "query", Code: r.GetErrorCode(), Reason: r.GetError()}
	}
	return r.GetReturnData(), r.GetHeight(), nil
}

func (o *Org) query(ctx context.Context, input []byte) ([]byte, uint64, error) {
	return query(ctx, o.Client, o.Account.ID().String(), o.Contract, input)
}

// DefineProduct: a producer defines a product class it makes (id at most
// 32 bytes, e.g. "feihe-astrobaby-3"; name what consumers read).
func (o *Org) DefineProduct(ctx context.Context, id, name string) error {
	pid, err := Name32(id)
	if err != nil {
		return err
	}
	_, err = o.call(ctx, "define product", o.abi.PackDefineProduct(pid, name), gasSmall)
	return err
}

// Batch is a batch as its producer made it: its number and the private
// key that signs its item codes (CodeKey: keep it only as long as labels
// are printed).
type Batch struct {
	No      uint64
	Product string
	Items   uint32
	CodeKey ed25519.PrivateKey
	Receipt Receipt
}

// CreateBatch makes a batch of items of product (the production step,
// with the hash of its evidence, e.g. the production record): it draws the
// batch's code-signing key and registers its public half.
func (o *Org) CreateBatch(ctx context.Context, product string, items uint32, imported bool, evidence [32]byte, memo string) (*Batch, error) {
	pid, err := Name32(product)
	if err != nil {
		return nil, err
	}
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		return nil, err
	}
	var key [32]byte
	copy(key[:], pub)
	rc, err := o.call(ctx, "create batch", o.abi.PackCreateBatch(pid, items, key, imported, evidence, memo), gasBatch)
	if err != nil {
		return nil, err
	}
	b := &Batch{Product: product, Items: items, CodeKey: priv, Receipt: Receipt{TxHash: types.Hash(rc.GetTxHash()), Height: rc.GetHeight()}}
	for _, l := range rc.GetLogs() {
		if ev, err := o.abi.UnpackBatchCreatedEvent(toEthLog(l)); err == nil {
			b.No = ev.Batch
		}
	}
	if b.No == 0 {
		return nil, fmt.Errorf("trace: create batch: no BatchCreated event in the receipt")
	}
	return b, nil
}

// Attest attests step of batch with the hash of its evidence (e.g. the
// SHA-256 of the inspection report) and a short memo (at most 96 bytes).
func (o *Org) Attest(ctx context.Context, batch uint64, step Step, evidence [32]byte, memo string) (*Receipt, error) {
	rc, err := o.call(ctx, "attest "+step.String(), o.abi.PackAttest(batch, uint8(step), evidence, memo), gasAttest)
	if err != nil {
		return nil, err
	}
	return &Receipt{TxHash: types.Hash(rc.GetTxHash()), Height: rc.GetHeight()}, nil
}

// Reject refuses batch at step (inspection or customs) with evidence and a reason.
func (o *Org) Reject(ctx context.Context, batch uint64, step Step, evidence [32]byte, reason string) error {
	_, err := o.call(ctx, "reject at "+step.String(), o.abi.PackReject(batch, uint8(step), evidence, reason), gasAttest)
	return err
}

// Flag records on chain that item serial of batch looks counterfeit
// (its code's scan pattern, see ScanRule).
func (o *Org) Flag(ctx context.Context, batch uint64, serial uint32, places, scans uint32) error {
	_, err := o.call(ctx, "flag item", o.abi.PackFlagItem(batch, serial, places, scans), gasSmall)
	return err
}

// SetMember: the admin (the deployer) gives org's account a role.
func (o *Org) SetMember(ctx context.Context, account types.Hash, org string, role Role) error {
	n, err := Name32(org)
	if err != nil {
		return err
	}
	_, err = o.call(ctx, "set member", o.abi.PackSetMember(Address(account), n, uint8(role)), gasSmall)
	return err
}

// NextStep is the step that comes next for batch (0: none).
func (o *Org) NextStep(ctx context.Context, batch uint64) (Step, error) {
	out, _, err := o.query(ctx, o.abi.PackNextStep(batch))
	if err != nil {
		return 0, err
	}
	s, err := o.abi.UnpackNextStep(out)
	return Step(s), err
}

// StepRecord is a step's attestation as the contract holds it.
type StepRecord struct {
	Step     Step
	Org      string
	By       common.Address
	At       time.Time
	Height   uint64
	Evidence [32]byte
	Memo     string
}

func getStep(ctx context.Context, cl *sdk.Client, from string, contract []byte, abi *trace.Trace, batch uint64, step Step) (*StepRecord, error) {
	out, _, err := query(ctx, cl, from, contract, abi.PackGetStep(batch, uint8(step)))
	if err != nil {
		return nil, err
	}
	s, err := abi.UnpackGetStep(out)
	if err != nil {
		return nil, err
	}
	if s.By == (common.Address{}) {
		return nil, nil
	}
	return &StepRecord{Step: step, Org: nameOf(s.Org), By: s.By, At: time.Unix(int64(s.At), 0).UTC(), Height: s.Height, Evidence: s.Evidence, Memo: s.Memo}, nil
}

// GetStep reads step of batch (nil if it is not attested).
func (o *Org) GetStep(ctx context.Context, batch uint64, step Step) (*StepRecord, error) {
	return getStep(ctx, o.Client, o.Account.ID().String(), o.Contract, o.abi, batch, step)
}

// toEthLog converts a receipt's log for the generated binding's decoders.
func toEthLog(l *types.Log) *gethtypes.Log { return contracts.EthLog(l) }

// cleanReason trims the EVM's prefix from a revert reason.
func cleanReason(s string) string {
	if i := strings.Index(s, "trace: "); i >= 0 {
		return s[i:]
	}
	return s
}
