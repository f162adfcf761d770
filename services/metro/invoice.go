package metro

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/crypto/seal"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/sdk/contracts/metro"
	"github.com/causeway/causeway/types"
)

// E-invoices. The ride city issues the invoice of a paid ride, once: its
// content (InvoiceContent) is sealed in the issuing transaction to the
// issuing city, the employers the rider names and, added by the chain, the
// tax bureau's auditor key; the contract stores the invoice number, the
// ride, the issuer, the amount (the ride's fare, never typed in) and a
// salted digest of the content, which its InvoiceIssued event carries. A
// registered employer reimburses an invoice once. The tax bureau, the
// chain's auditor for the class metro-invoice, lists every invoice and
// opens each one (TaxBureau). The printed invoice (WriteInvoicePDF) has a
// QR code that verifies offline against the chain's genesis
// (VerifyInvoiceQR).

// Errors of e-invoices, beside errors.go's ErrNotPaid, ErrInvoiceExists,
// ErrInvoiceNumberUsed, ErrAlreadyReimbursed, ErrNotAnEmployer and
// ErrNotTheRideCity (which refusals by the contract match).
var (
	// ErrUnknownInvoice: no invoice has this number.
	ErrUnknownInvoice = errors.New("metro: unknown invoice")
	// ErrNotTheTaxBureau: only the tax bureau registers employers.
	ErrNotTheTaxBureau = errors.New("metro: only the tax bureau")
	// ErrInvoiceContent: an invoice's content does not match what the
	// chain stores for it (amount, ride, issuer, number or digest).
	ErrInvoiceContent = errors.New("metro: invoice content does not match the chain")
)

// invoiceReasons are the contract's reasons that this file's sentinels
// stand for (RefusedError.Is knows errors.go's).
var invoiceReasons = []error{ErrUnknownInvoice, ErrNotTheTaxBureau}

// refine makes a refusal whose reason is one of invoiceReasons match that
// sentinel too.
func refine(err error) error {
	var re *RefusedError
	if !errors.As(err, &re) {
		return err
	}
	for _, s := range invoiceReasons {
		if strings.Contains(re.Reason, s.Error()) {
			return &refinedError{RefusedError: re, sentinel: s}
		}
	}
	return err
}

type refinedError struct {
	*RefusedError
	sentinel error
}

func (e *refinedError) Is(target error) bool {
	return target == e.sentinel || e.RefusedError.Is(target)
}
func (e *refinedError) Unwrap() error { return e.RefusedError }

// InvoiceFormat names the invoice content format.
const InvoiceFormat = "causeway-metro-invoice/v1"

// Gas of the invoice calls.
const gasInvoice = 300_000

// InvoiceContent is an e-invoice as issued: sealed on chain, printed on
// the PDF and carried, whole, by its QR code. Amounts are in fen.
type InvoiceContent struct {
	Format string `json:"format"`
	// Number is the invoice number: 1 to 32 characters of A-Z, a-z, 0-9
	// and '-', unique on the chain.
	Number string `json:"number"`
	Ride   string `json:"ride"`   // the ride's id, 64 hex digits
	Amount uint64 `json:"amount"` // fen: the ride's fare
	Issuer string `json:"issuer"` // the ride city
	// Buyer is the buyer's title (the rider's employer, 购买方名称), and
	// BuyerTaxID its taxpayer id, if any.
	Buyer      string        `json:"buyer"`
	BuyerTaxID string        `json:"buyer_tax_id,omitempty"`
	IssuedAt   string        `json:"issued_at"` // RFC 3339
	Items      []InvoiceItem `json:"items"`
	// Salt (32 hex digits, random) makes the on-chain digest reveal
	// nothing of the content.
	Salt string `json:"salt"`
}

// InvoiceItem is a line of an invoice.
type InvoiceItem struct {
	Name     string `json:"name"`
	Quantity uint32 `json:"quantity"`
	Amount   uint64 `json:"amount"` // fen, for the line
}

// DefaultItem is the line of a metro ride invoice.
const DefaultItem = "*运输服务*城市轨道交通客运服务 (metro passenger transport)"

// InvoiceNumber is an invoice number as the contract keys it:
// left-aligned ASCII in 32 bytes.
func InvoiceNumber(number string) ([32]byte, error) {
	var b [32]byte
	if len(number) == 0 || len(number) > 32 {
		return b, fmt.Errorf("%w: invoice number %q must have 1 to 32 characters", ErrBadInput, number)
	}
	for i := 0; i < len(number); i++ {
		c := number[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return b, fmt.Errorf("%w: invoice number %q: only A-Z, a-z, 0-9 and '-'", ErrBadInput, number)
		}
	}
	copy(b[:], number)
	return b, nil
}

// InvoiceDigest is the digest the chain stores for an invoice's encoded
// content: SHA-256 of a domain tag and the exact bytes.
func InvoiceDigest(encoded []byte) [32]byte {
	h := sha256.New()
	h.Write([]byte(InvoiceFormat + "\x00"))
	h.Write(encoded)
	var d [32]byte
	copy(d[:], h.Sum(nil))
	return d
}

// Encode returns the content's encoding (JSON, no HTML escaping): the
// bytes sealed on chain, digested, and carried by the QR code.
func (c *InvoiceContent) Encode() ([]byte, error) {
	var buf bytes.Buffer
	e := json.NewEncoder(&buf)
	e.SetEscapeHTML(false)
	if err := e.Encode(c); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// ParseInvoiceContent decodes an encoded content, refusing unknown fields
// and other formats, and checks it (Check).
func ParseInvoiceContent(b []byte) (*InvoiceContent, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	var c InvoiceContent
	if err := d.Decode(&c); err != nil {
		return nil, fmt.Errorf("%w: invoice content: %v", ErrBadInput, err)
	}
	if d.More() {
		return nil, fmt.Errorf("%w: invoice content: trailing data", ErrBadInput)
	}
	if err := c.Check(); err != nil {
		return nil, err
	}
	return &c, nil
}

// Check checks the content's form: format, number, ride id, issuer, time,
// salt, and that its lines sum to its amount.
func (c *InvoiceContent) Check() error {
	bad := func(f string, a ...any) error {
		return fmt.Errorf("%w: invoice: "+f, append([]any{ErrBadInput}, a...)...)
	}
	if c.Format != InvoiceFormat {
		return bad("format %q, want %q", c.Format, InvoiceFormat)
	}
	if _, err := InvoiceNumber(c.Number); err != nil {
		return err
	}
	if _, err := hex32(c.Ride); err != nil {
		return bad("ride id: %v", err)
	}
	if _, err := CodeOf(c.Issuer); err != nil {
		return err
	}
	if _, err := time.Parse(time.RFC3339, c.IssuedAt); err != nil {
		return bad("issue time %q is not RFC 3339", c.IssuedAt)
	}
	if s, err := hex.DecodeString(c.Salt); err != nil || len(s) != 16 {
		return bad("salt must be 32 hex digits")
	}
	if c.Buyer == "" || len(c.Buyer) > 200 || !utf8.ValidString(c.Buyer) || !utf8.ValidString(c.BuyerTaxID) || len(c.BuyerTaxID) > 40 {
		return bad("buyer title must be 1 to 200 bytes of UTF-8 (tax id at most 40)")
	}
	if len(c.Items) == 0 || len(c.Items) > 8 {
		return bad("1 to 8 lines")
	}
	var sum uint64
	for i, it := range c.Items {
		if it.Name == "" || len(it.Name) > 120 || !utf8.ValidString(it.Name) || it.Quantity == 0 {
			return bad("line %d: a name of 1 to 120 bytes and a quantity", i+1)
		}
		sum += it.Amount
	}
	if sum != c.Amount {
		return bad("the lines sum to %d fen, the invoice says %d", sum, c.Amount)
	}
	return nil
}

// InvoiceState is an invoice as the contract stores it.
type InvoiceState struct {
	Number       string
	Ride         string // hex
	Issuer       string
	Amount       uint64 // fen
	IssuedAt     uint64 // block height
	Digest       [32]byte
	ReimbursedBy string // 40 hex digits of the employer's address, "" if not reimbursed
	ReimbursedAt uint64 // block height
}

// IssuedInvoice is a committed invoice: its content and where the chain
// recorded it.
type IssuedInvoice struct {
	Content InvoiceContent
	// Encoded is the content as sealed and digested.
	Encoded []byte
	Digest  [32]byte
	// TxHash is the issuing transaction (the sealed payload's id), in
	// block Height.
	TxHash types.Hash
	Height uint64
}

// IssueInvoice issues the e-invoice of a paid ride taken at this city's
// gates, number number, sealed to this city, the employer accounts named
// and the tax bureau (the chain's auditor for the class metro-invoice).
// content gives the buyer and optionally the lines, the issue time (now by
// default) and the salt (random by default); its number, ride and issuer
// are set here, and its amount is the ride's fare on chain. The chain
// refuses a ride that is not paid (ErrNotPaid), that has an invoice
// (ErrInvoiceExists), a number used before (ErrInvoiceNumberUsed) and a
// ride of another city (ErrNotTheRideCity).
func (c *City) IssueInvoice(ctx context.Context, ride [32]byte, number string, content InvoiceContent, employers ...string) (*IssuedInvoice, error) {
	num, err := InvoiceNumber(number)
	if err != nil {
		return nil, err
	}
	out, _, err := c.query(ctx, c.abi.PackRides(ride))
	if err != nil {
		return nil, err
	}
	r, err := c.abi.UnpackRides(out)
	if err != nil {
		return nil, err
	}
	if r.RideCity == ([32]byte{}) {
		return nil, fmt.Errorf("%w: ride %s", ErrUnknownRide, Hex(ride))
	}
	content.Format, content.Number, content.Ride, content.Issuer = InvoiceFormat, number, Hex(ride), c.Name
	if content.Amount != 0 && content.Amount != r.Fare {
		return nil, fmt.Errorf("%w: the invoice says %d fen, the ride's fare is %d", ErrInvoiceContent, content.Amount, r.Fare)
	}
	content.Amount = r.Fare
	if len(content.Items) == 0 {
		content.Items = []InvoiceItem{{Name: DefaultItem, Quantity: 1, Amount: r.Fare}}
	}
	if content.IssuedAt == "" {
		content.IssuedAt = time.Now().UTC().Format(time.RFC3339)
	}
	if content.Salt == "" {
		s := make([]byte, 16)
		if _, err := rand.Read(s); err != nil {
			return nil, err
		}
		content.Salt = hex.EncodeToString(s)
	}
	if err := content.Check(); err != nil {
		return nil, err
	}
	enc, err := content.Encode()
	if err != nil {
		return nil, err
	}
	digest := InvoiceDigest(enc)
	input := c.abi.PackIssueInvoice(num, ride, digest)
	key := "invoice:" + strings.Join(employers, ",")
	for attempt := 0; ; attempt++ {
		sealed, err := c.sealFor(ctx, key, sdk.Readers{Orgs: []string{c.Name}, Accounts: employers}, ClassInvoice, enc)
		if err != nil {
			return nil, err
		}
		rc, err := c.call(ctx, "issue invoice", input, gasInvoice, sealed)
		if attempt == 0 && isReaderMismatch(err) {
			c.forget(key)
			continue
		}
		if err != nil {
			return nil, refine(err)
		}
		return &IssuedInvoice{Content: content, Encoded: enc, Digest: digest, TxHash: types.Hash(rc.GetTxHash()), Height: rc.GetHeight()}, nil
	}
}

// Invoice reads invoice number as the contract stores it (ErrUnknownInvoice
// if none).
func (c *City) Invoice(ctx context.Context, number string) (*InvoiceState, error) {
	return readInvoice(ctx, c.Client, c.Account, c.Contract, number)
}

func readInvoice(ctx context.Context, cl *sdk.Client, a sdk.Account, contract []byte, number string) (*InvoiceState, error) {
	num, err := InvoiceNumber(number)
	if err != nil {
		return nil, err
	}
	abi := metro.NewMetro()
	out, _, err := queryAs(ctx, cl, a, contract, abi.PackInvoices(num))
	if err != nil {
		return nil, err
	}
	inv, err := abi.UnpackInvoices(out)
	if err != nil {
		return nil, err
	}
	if inv.Ride == ([32]byte{}) {
		return nil, fmt.Errorf("%w: %s", ErrUnknownInvoice, number)
	}
	s := &InvoiceState{Number: number, Ride: Hex(inv.Ride), Issuer: Code(inv.Issuer).String(), Amount: inv.Amount,
		IssuedAt: inv.IssuedAt, Digest: inv.Digest, ReimbursedAt: inv.ReimbursedAt}
	if inv.ReimbursedBy != ([20]byte{}) {
		s.ReimbursedBy = hex.EncodeToString(inv.ReimbursedBy[:])
	}
	return s, nil
}

// OpenInvoice reads the sealed content of the invoice that transaction
// txHash issued with this city's key (the issuing city reads its own).
func (c *City) OpenInvoice(ctx context.Context, txHash types.Hash) (*InvoiceContent, []byte, error) {
	return openInvoice(ctx, c.Client, txHash, c.Key)
}

func openInvoice(ctx context.Context, cl *sdk.Client, txHash types.Hash, key *seal.EncryptionKey) (*InvoiceContent, []byte, error) {
	b, _, err := cl.Open(ctx, txHash, key)
	if err != nil {
		return nil, nil, err
	}
	c, err := ParseInvoiceContent(b)
	if err != nil {
		return nil, nil, err
	}
	return c, b, nil
}

// queryAs runs a read-only contract call as account a.
func queryAs(ctx context.Context, cl *sdk.Client, a sdk.Account, contract, input []byte) ([]byte, uint64, error) {
	r, err := cl.QueryContract(ctx, a.ID().String(), contract, input, 0)
	if err != nil {
		return nil, 0, err
	}
	if r.GetErrorCode() != "" {
		return nil, r.GetHeight(), refine(&RefusedError{Op: "query", Code: r.GetErrorCode(), Reason: r.GetError()})
	}
	return r.GetReturnData(), r.GetHeight(), nil
}

// callAs sends a contract call as account a and waits for it.
func callAs(ctx context.Context, cl *sdk.Client, a sdk.Account, opt sdk.TxOptions, contract []byte, op string, input []byte) (*types.Receipt, error) {
	tx, err := a.BuildTx(opt, types.TxType_CALL_CONTRACT, &types.CallContract{To: contract, Input: input, GasLimit: gasInvoice})
	if err != nil {
		return nil, err
	}
	rc, err := submit(ctx, cl, op, tx)
	return rc, refine(err)
}

// Employer is a rider's employer on the chain: an account the tax bureau
// registered, which reads the invoices sealed to it and reimburses each
// once.
type Employer struct {
	Client   *sdk.Client
	Account  sdk.Account
	Key      *seal.EncryptionKey // the account's encryption key
	Contract []byte
	Opt      sdk.TxOptions
}

// CreateEmployerAccount creates account a on the chain with a's signer as
// its key and key as its encryption key (so that invoices can be sealed
// to it), sent by a itself, and funds it from funder with amount (for the
// gas of its calls; 0 for none).
func CreateEmployerAccount(ctx context.Context, cl *sdk.Client, opt sdk.TxOptions, a sdk.Account, key *seal.EncryptionKey, funder sdk.Account, amount uint64) error {
	tx, err := a.CreateAccountWithKeysTx(opt, []*types.AuthKey{sdk.AuthKeyOf(a.Signer, 100)}, nil, key.PublicKey(), a.Signer)
	if err != nil {
		return err
	}
	if _, err := submit(ctx, cl, "create employer account", tx); err != nil {
		return err
	}
	if amount == 0 {
		return nil
	}
	tx, err = funder.TransferTx(opt, a.ID(), amount)
	if err != nil {
		return err
	}
	_, err = submit(ctx, cl, "fund employer account", tx)
	return err
}

// Reimburse marks invoice number reimbursed by this employer: once
// (ErrAlreadyReimbursed), and only by a registered employer
// (ErrNotAnEmployer).
func (e *Employer) Reimburse(ctx context.Context, number string) (*types.Receipt, error) {
	num, err := InvoiceNumber(number)
	if err != nil {
		return nil, err
	}
	return callAs(ctx, e.Client, e.Account, e.Opt, e.Contract, "reimburse invoice", metro.NewMetro().PackReimburse(num))
}

// OpenInvoice reads an invoice sealed to this employer.
func (e *Employer) OpenInvoice(ctx context.Context, txHash types.Hash) (*InvoiceContent, []byte, error) {
	return openInvoice(ctx, e.Client, txHash, e.Key)
}

// Invoice reads an invoice's state.
func (e *Employer) Invoice(ctx context.Context, number string) (*InvoiceState, error) {
	return readInvoice(ctx, e.Client, e.Account, e.Contract, number)
}

// TaxBureau is the tax bureau's view of the scenario: it registers the
// employers that may reimburse, and, as the chain's auditor for the class
// metro-invoice, lists and opens every invoice.
type TaxBureau struct {
	Client  *sdk.Client
	Account sdk.Account
	// AuditorKey is the auditor's encryption key (Setup writes it to
	// DIR/TAXBUREAU/auditor.pem).
	AuditorKey *seal.EncryptionKey
	Contract   []byte
	Opt        sdk.TxOptions
}

// AuditorKeyPath is the tax bureau's auditor key file in the deployment.
func (d *Deployment) AuditorKeyPath() string { return filepath.Join(d.Dir, d.TaxBureau, "auditor.pem") }

// ConnectTaxBureau opens the tax bureau's connection (its org's first
// node and account, and its auditor key). Close Client when done.
func (d *Deployment) ConnectTaxBureau(ctx context.Context, nw *sdk.Network) (*TaxBureau, error) {
	addr, err := d.ContractAddress()
	if err != nil {
		return nil, err
	}
	key, err := sdk.LoadEncryptionKey(d.AuditorKeyPath())
	if err != nil {
		return nil, err
	}
	acct, err := OrgAccount(nw, d.TaxBureau)
	if err != nil {
		return nil, err
	}
	cl, err := Dial(ctx, nw, d.TaxBureau)
	if err != nil {
		return nil, err
	}
	return &TaxBureau{Client: cl, Account: acct, AuditorKey: key, Contract: addr, Opt: sdk.TxOptions{ChainID: nw.ChainID}}, nil
}

// RegisterEmployer registers account employer (its identity) under name
// (1 to 32 bytes) as an employer that may reimburse invoices.
func (t *TaxBureau) RegisterEmployer(ctx context.Context, employer types.Hash, name string) error {
	if name == "" || len(name) > 32 {
		return fmt.Errorf("%w: employer name %q must have 1 to 32 bytes", ErrBadInput, name)
	}
	var n [32]byte
	copy(n[:], name)
	_, err := callAs(ctx, t.Client, t.Account, t.Opt, t.Contract, "register employer", metro.NewMetro().PackRegisterEmployer(Address(employer), n))
	return err
}

// AuditedInvoice is one invoice in the auditor's view.
type AuditedInvoice struct {
	Number  string
	TxHash  types.Hash
	Height  uint64
	Issuer  string
	Amount  uint64
	Digest  [32]byte
	Content *InvoiceContent // nil if it could not be opened (Err says why)
	Err     error
}

// Invoices lists every invoice issued in blocks from..to (to 0: up to the
// node's head) from the InvoiceIssued events of the contract's committed
// transactions, and opens each with the auditor key, checking the content
// against the event (ErrInvoiceContent). It reads blocks one by one: a
// tax bureau's system would follow SubscribeBlocks instead.
func (t *TaxBureau) Invoices(ctx context.Context, from, to uint64) ([]AuditedInvoice, error) {
	if to == 0 {
		st, err := t.Client.Status(ctx)
		if err != nil {
			return nil, err
		}
		to = st.GetHeight()
	}
	from = max(from, 1)
	abi := metro.NewMetro()
	var out []AuditedInvoice
	for h := from; h <= to; h++ {
		b, err := t.Client.GetBlock(ctx, h)
		if err != nil {
			return nil, err
		}
		for _, tx := range b.GetBlock().GetTxs() {
			call, ok := contractCall(tx, t.Contract)
			if !ok || call.GetSealed() == nil || !bytes.HasPrefix(call.GetInput(), issueSelector) {
				continue
			}
			hash := t.Account.Suite.TxHash(tx)
			r, err := t.Client.GetTx(ctx, hash)
			if err != nil {
				return nil, err
			}
			rc := r.GetReceipt()
			if rc.GetStatus() != types.ReceiptStatus_SUCCESS {
				continue
			}
			for _, l := range rc.GetLogs() {
				ev, err := abi.UnpackInvoiceIssuedEvent(toEthLog(l))
				if err != nil || !bytes.Equal(l.GetAddress(), t.Contract) {
					continue
				}
				ai := AuditedInvoice{Number: Code(ev.Invoice).String(), TxHash: hash, Height: h, Issuer: Code(ev.Issuer).String(), Amount: ev.Amount, Digest: ev.Digest}
				c, enc, err := openInvoice(ctx, t.Client, hash, t.AuditorKey)
				switch {
				case err != nil:
					ai.Err = err
				case InvoiceDigest(enc) != ev.Digest || c.Number != ai.Number || c.Amount != ev.Amount || c.Issuer != ai.Issuer || c.Ride != Hex(ev.Ride):
					ai.Err = fmt.Errorf("%w: invoice %s", ErrInvoiceContent, ai.Number)
					ai.Content = c
				default:
					ai.Content = c
				}
				out = append(out, ai)
			}
		}
	}
	return out, nil
}

// InvoiceCount is the number of invoices the contract has issued.
func (t *TaxBureau) InvoiceCount(ctx context.Context) (uint64, error) {
	abi := metro.NewMetro()
	out, _, err := queryAs(ctx, t.Client, t.Account, t.Contract, abi.PackInvoiceCount())
	if err != nil {
		return 0, err
	}
	return abi.UnpackInvoiceCount(out)
}

// Invoice reads an invoice's state.
func (t *TaxBureau) Invoice(ctx context.Context, number string) (*InvoiceState, error) {
	return readInvoice(ctx, t.Client, t.Account, t.Contract, number)
}

var issueSelector = metro.NewMetro().PackIssueInvoice([32]byte{}, [32]byte{}, [32]byte{})[:4]

// contractCall decodes tx as a call of contract.
func contractCall(tx *types.Transaction, contract []byte) (*types.CallContract, bool) {
	var body types.TxBody
	if err := proto.Unmarshal(tx.GetBody(), &body); err != nil || body.GetType() != types.TxType_CALL_CONTRACT {
		return nil, false
	}
	var call types.CallContract
	if err := proto.Unmarshal(body.GetPayload(), &call); err != nil || !bytes.Equal(call.GetTo(), contract) {
		return nil, false
	}
	return &call, true
}

// LoadEmployer is a convenience for tools: the employer account name with
// its key file and encryption key file.
func LoadEmployer(cl *sdk.Client, suite types.Suite, name, keyFile, encKeyFile string, contract []byte, opt sdk.TxOptions) (*Employer, error) {
	k, err := crypto.LoadKey(keyFile)
	if err != nil {
		return nil, err
	}
	e := &Employer{Client: cl, Account: sdk.Account{Name: name, Signer: k, Suite: suite}, Contract: contract, Opt: opt}
	if encKeyFile != "" {
		if e.Key, err = sdk.LoadEncryptionKey(encKeyFile); err != nil {
			return nil, err
		}
	}
	return e, nil
}
