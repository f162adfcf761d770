package trade

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/causeway/causeway/crypto/seal"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/sdk/contracts"
	"github.com/causeway/causeway/sdk/contracts/trade"
	"github.com/causeway/causeway/types"
)

// Roles of the Trade contract.
const (
	RoleBuyer      uint8 = 1
	RoleSeller     uint8 = 2
	RoleBank       uint8 = 3
	RoleLogistics  uint8 = 4
	RoleCustoms    uint8 = 5
	RoleEnterprise uint8 = 6
)

// ClassTerms is the sealed-payload class of an order's terms.
const ClassTerms = "trade-terms"

// Order statuses, as the contract numbers them.
const (
	StatusProposed  uint8 = 1
	StatusSigned    uint8 = 2
	StatusFunded    uint8 = 3
	StatusShipped   uint8 = 4
	StatusCleared   uint8 = 5
	StatusDelivered uint8 = 6
	StatusRefunded  uint8 = 7
)

// ErrRefused matches every refusal by the contract or the chain; a
// *RefusedError carries the contract's reason.
var ErrRefused = errors.New("trade: refused")

// RefusedError is an operation the chain refused, with its reason.
type RefusedError struct {
	Op, Code, Reason string
}

func (e *RefusedError) Error() string {
	return fmt.Sprintf("trade: %s refused: %s (%s)", e.Op, e.Reason, e.Code)
}

// Is matches ErrRefused.
func (e *RefusedError) Is(target error) bool { return target == ErrRefused }

// Party is one participant: an account on the chain, through its org's
// node. It is safe for concurrent use.
type Party struct {
	Name     string
	Client   *sdk.Client
	Account  sdk.Account
	Contract []byte
	Opt      sdk.TxOptions
	// Key opens terms sealed to the party's org (its org's encryption key).
	Key *seal.EncryptionKey
	abi *trade.Trade
}

// NewParty connects account acct through cl to the contract at addr.
func NewParty(name string, cl *sdk.Client, acct sdk.Account, key *seal.EncryptionKey, addr []byte, opt sdk.TxOptions) *Party {
	return &Party{Name: name, Client: cl, Account: acct, Contract: addr, Opt: opt, Key: key, abi: trade.NewTrade()}
}

// Address is the party's EVM address.
func (p *Party) Address() common.Address { return AddressOf(p.Account.ID()) }

// AddressOf is an account's EVM address: the last 20 bytes of its identity.
func AddressOf(id types.Hash) common.Address { return common.BytesToAddress(id[12:]) }

func (p *Party) call(ctx context.Context, op string, input []byte, sealed *types.SealedPayload) (*types.Receipt, error) {
	rc, err := p.Client.Call(ctx, p.Account, p.Opt, p.Contract, input, 600_000, sealed)
	var te *types.TxError
	if errors.As(err, &te) {
		return rc, &RefusedError{Op: op, Code: string(te.Code), Reason: strings.TrimPrefix(te.Reason, "execution reverted: ")}
	}
	if err != nil {
		return nil, fmt.Errorf("trade: %s: %w", op, err)
	}
	return rc, nil
}

func (p *Party) query(ctx context.Context, input []byte) ([]byte, error) {
	r, err := p.Client.QueryContract(ctx, p.Account.ID().String(), p.Contract, input, 0)
	if err != nil {
		return nil, err
	}
	if r.GetErrorCode() != "" {
		return nil, &RefusedError{Op: "query", Code: r.GetErrorCode(), Reason: r.GetError()}
	}
	return r.GetReturnData(), nil
}

// Deploy deploys the Trade contract from the operator's account.
func Deploy(ctx context.Context, cl *sdk.Client, operator sdk.Account, opt sdk.TxOptions) ([]byte, error) {
	tx, err := operator.DeployContractTx(opt, common.FromHex(trade.TradeMetaData.Bin), 5_000_000, 0)
	if err != nil {
		return nil, err
	}
	r, err := cl.SubmitAndWait(ctx, tx)
	if err != nil {
		return nil, err
	}
	if rc := r.GetReceipt(); rc.GetStatus() != types.ReceiptStatus_SUCCESS {
		return nil, &RefusedError{Op: "deploy", Code: rc.GetErrorCode(), Reason: rc.GetError()}
	}
	return r.GetReceipt().GetContractAddress(), nil
}

// GrantRole: the operator gives who a role.
func (p *Party) GrantRole(ctx context.Context, who common.Address, role uint8) error {
	_, err := p.call(ctx, "grant role", p.abi.PackGrantRole(who, role), nil)
	return err
}

// Deposit: a bank credits a customer's deposit.
func (p *Party) Deposit(ctx context.Context, to common.Address, amount uint64) error {
	_, err := p.call(ctx, "deposit", p.abi.PackDeposit(to, new(big.Int).SetUint64(amount)), nil)
	return err
}

// Balance is who's deposit.
func (p *Party) Balance(ctx context.Context, who common.Address) (uint64, error) {
	out, err := p.query(ctx, p.abi.PackBalanceOf(who))
	if err != nil {
		return 0, err
	}
	v, err := p.abi.UnpackBalanceOf(out)
	if err != nil {
		return 0, err
	}
	return v.Uint64(), nil
}

// Terms are an order's commercial terms, the contract document: sealed to
// the parties named, never public. The chain keeps their hash.
type Terms struct {
	Document []byte
	// Readers are the orgs (and groups) the terms are sealed to: the
	// buyer's, the seller's and the banks' orgs.
	Readers sdk.Readers
}

// DocumentHash is the hash of a contract document the order commits to.
func DocumentHash(doc []byte) [32]byte { return sha256.Sum256(doc) }

// OrderSpec is a new order.
type OrderSpec struct {
	ID                      [32]byte
	Seller, Bank, Logistics common.Address
	Amount                  uint64
	Deadline                time.Time
	Terms                   Terms
}

// ProposeOrder: the buyer proposes an order; its terms travel sealed in
// the same transaction. It returns the transaction carrying the terms.
func (p *Party) ProposeOrder(ctx context.Context, o OrderSpec) (types.Hash, error) {
	sealed, err := p.Client.NewSealedPayload(ctx, p.Account, p.Opt, o.Terms.Document, o.Terms.Readers, sdk.SealOptions{Class: ClassTerms})
	if err != nil {
		return types.Hash{}, err
	}
	rc, err := p.call(ctx, "propose order", p.abi.PackProposeOrder(o.ID, o.Seller, o.Bank, o.Logistics, new(big.Int).SetUint64(o.Amount),
		DocumentHash(o.Terms.Document), uint64(o.Deadline.Unix())), sealed)
	if err != nil {
		return types.Hash{}, err
	}
	return types.Hash(rc.GetTxHash()), nil
}

// OpenTerms reads the terms a proposal carried (txHash), as a party whose
// org they were sealed to, and checks them against the order's hash. For a
// hidden order it returns the document only (OpenHiddenTerms also opens
// the amount).
func (p *Party) OpenTerms(ctx context.Context, id [32]byte, txHash types.Hash) ([]byte, error) {
	raw, _, err := p.Client.Open(ctx, txHash, p.Key)
	if err != nil {
		return nil, err
	}
	doc, _, err := parseTerms(raw)
	if err != nil {
		return nil, err
	}
	o, err := p.Order(ctx, id)
	if err != nil {
		return nil, err
	}
	if DocumentHash(doc) != o.Document {
		return nil, fmt.Errorf("trade: the terms of %x do not match the order's document hash", id)
	}
	return doc, nil
}

// SignOrder: the seller signs the order over the document it read.
func (p *Party) SignOrder(ctx context.Context, id [32]byte, doc []byte) error {
	_, err := p.call(ctx, "sign order", p.abi.PackSignOrder(id, DocumentHash(doc)), nil)
	return err
}

// Fund: the buyer's bank escrows the payment.
func (p *Party) Fund(ctx context.Context, id [32]byte) error {
	_, err := p.call(ctx, "fund", p.abi.PackFund(id), nil)
	return err
}

// AttestShipped, AttestCleared, ConfirmDelivery: the milestones, each with
// the hash of its evidence (a bill of lading, a customs declaration, a
// proof of delivery).
func (p *Party) AttestShipped(ctx context.Context, id, evidence [32]byte) error {
	_, err := p.call(ctx, "attest shipped", p.abi.PackAttestShipped(id, evidence), nil)
	return err
}

func (p *Party) AttestCleared(ctx context.Context, id, evidence [32]byte) error {
	_, err := p.call(ctx, "attest cleared", p.abi.PackAttestCleared(id, evidence), nil)
	return err
}

func (p *Party) ConfirmDelivery(ctx context.Context, id, evidence [32]byte) error {
	_, err := p.call(ctx, "confirm delivery", p.abi.PackConfirmDelivery(id, evidence), nil)
	return err
}

// Refund returns a failed order's escrow to the buyer.
func (p *Party) Refund(ctx context.Context, id [32]byte, reason string) error {
	_, err := p.call(ctx, "refund", p.abi.PackRefund(id, reason), nil)
	return err
}

// Finance: a bank advances amount to the seller against the order.
func (p *Party) Finance(ctx context.Context, id [32]byte, amount uint64) error {
	_, err := p.call(ctx, "finance", p.abi.PackFinance(id, new(big.Int).SetUint64(amount)), nil)
	return err
}

// OrderState is an order as the contract holds it.
type OrderState struct {
	Buyer, Seller, Bank, Logistics common.Address
	Amount, Financed               uint64
	Document                       [32]byte
	Status                         uint8
}

// Order reads an order.
func (p *Party) Order(ctx context.Context, id [32]byte) (*OrderState, error) {
	out, err := p.query(ctx, p.abi.PackOrders(id))
	if err != nil {
		return nil, err
	}
	o, err := p.abi.UnpackOrders(out)
	if err != nil {
		return nil, err
	}
	return &OrderState{Buyer: o.Buyer, Seller: o.Seller, Bank: o.Bank, Logistics: o.Logistics, Amount: o.Amount.Uint64(),
		Financed: o.Financed.Uint64(), Document: o.Document, Status: o.Status}, nil
}

// IssueReceivable: a core enterprise confirms a payable to its supplier.
func (p *Party) IssueReceivable(ctx context.Context, id [32]byte, supplier common.Address, amount uint64, maturity time.Time) error {
	_, err := p.call(ctx, "issue receivable", p.abi.PackIssueReceivable(id, supplier, new(big.Int).SetUint64(amount), uint64(maturity.Unix())), nil)
	return err
}

// Split: the holder splits a receivable; it returns the parts' ids.
func (p *Party) Split(ctx context.Context, id [32]byte, amounts ...uint64) ([][32]byte, error) {
	bs := make([]*big.Int, len(amounts))
	for i, a := range amounts {
		bs[i] = new(big.Int).SetUint64(a)
	}
	rc, err := p.call(ctx, "split", p.abi.PackSplit(id, bs), nil)
	if err != nil {
		return nil, err
	}
	for _, l := range rc.GetLogs() {
		if ev, err := p.abi.UnpackReceivableSplitEvent(contracts.EthLog(l)); err == nil {
			return ev.Parts, nil
		}
	}
	return nil, fmt.Errorf("trade: split of %x: no ReceivableSplit event", id)
}

// TransferReceivable passes a receivable down a tier.
func (p *Party) TransferReceivable(ctx context.Context, id [32]byte, to common.Address) error {
	_, err := p.call(ctx, "transfer receivable", p.abi.PackTransferReceivable(id, to), nil)
	return err
}

// Discount: a bank buys a receivable from holder at rateBps below face.
func (p *Party) Discount(ctx context.Context, id [32]byte, holder common.Address, rateBps uint64) error {
	_, err := p.call(ctx, "discount", p.abi.PackDiscount(id, holder, new(big.Int).SetUint64(rateBps)), nil)
	return err
}

// Pay: the debtor pays a mature receivable to its holder.
func (p *Party) Pay(ctx context.Context, id [32]byte) error {
	_, err := p.call(ctx, "pay", p.abi.PackPay(id), nil)
	return err
}

// ReceivableState is a receivable as the contract holds it.
type ReceivableState struct {
	Debtor, Holder common.Address
	Amount         uint64
	Parent         [32]byte
	Live, Paid     bool
}

// Receivable reads a receivable.
func (p *Party) Receivable(ctx context.Context, id [32]byte) (*ReceivableState, error) {
	out, err := p.query(ctx, p.abi.PackReceivables(id))
	if err != nil {
		return nil, err
	}
	r, err := p.abi.UnpackReceivables(out)
	if err != nil {
		return nil, err
	}
	return &ReceivableState{Debtor: r.Debtor, Holder: r.Holder, Amount: r.Amount.Uint64(), Parent: r.Parent, Live: r.Live, Paid: r.Paid}, nil
}
