package trade

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/causeway/causeway/crypto/confidential"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

// Hidden orders: an order whose amount is a Pedersen commitment, paid from
// hidden deposits. The amount's opening (value and blinding) travels sealed
// with the terms; a hidden deposit's opening travels sealed to the
// customer in the deposit's transaction. The bank keeps its customers'
// openings in its Books, because it proves every escrow against them.

// ClassDeposit is the sealed-payload class of a hidden deposit's opening.
const ClassDeposit = "trade-deposit"

// termsMagic starts the sealed terms of a hidden order: magic, the
// amount's opening, then the document.
var termsMagic = []byte("CWTERMS1")

// openingSize is an encoded opening: the value (8 bytes, big-endian) and
// the blinding (32 bytes, the scalar's canonical encoding).
const openingSize = 8 + 32

// ErrBooks is a bank's books that do not match the chain: a hidden deposit
// whose commitment on the chain is not the commitment to what the books
// hold. The bank cannot prove an escrow against it.
var ErrBooks = errors.New("trade: the bank's books do not match the chain")

// ErrShort is a hidden deposit too small for the escrow, found by the
// bank before it submits (the chain refuses it too: no range proof exists
// for a negative change).
var ErrShort = errors.New("trade: the buyer's hidden deposit is short")

func encodeOpening(o confidential.Opening) []byte {
	b := binary.BigEndian.AppendUint64(make([]byte, 0, openingSize), o.Value)
	return append(b, o.Blinding.Bytes()...)
}

func decodeOpening(b []byte) (confidential.Opening, error) {
	if len(b) != openingSize {
		return confidential.Opening{}, fmt.Errorf("trade: an opening is %d bytes, not %d", openingSize, len(b))
	}
	r, err := confidential.DecodeScalar(b[8:])
	if err != nil {
		return confidential.Opening{}, fmt.Errorf("trade: opening: %w", err)
	}
	return confidential.Opening{Value: binary.BigEndian.Uint64(b[:8]), Blinding: r}, nil
}

// sealedTerms is the sealed plaintext of an order's terms: the document
// itself, or for a hidden order the magic, the amount's opening and the
// document.
func sealedTerms(doc []byte, amount *confidential.Opening) []byte {
	if amount == nil {
		return doc
	}
	return append(append(bytes.Clone(termsMagic), encodeOpening(*amount)...), doc...)
}

// parseTerms splits sealed terms into the document and, for a hidden
// order, the amount's opening.
func parseTerms(b []byte) ([]byte, *confidential.Opening, error) {
	if !bytes.HasPrefix(b, termsMagic) {
		return b, nil, nil
	}
	if len(b) < len(termsMagic)+openingSize {
		return nil, nil, errors.New("trade: hidden terms are truncated")
	}
	o, err := decodeOpening(b[len(termsMagic) : len(termsMagic)+openingSize])
	if err != nil {
		return nil, nil, err
	}
	return b[len(termsMagic)+openingSize:], &o, nil
}

func commitment32(c confidential.Commitment) (out [32]byte) {
	copy(out[:], c.Bytes())
	return out
}

func addOpenings(a, b confidential.Opening) (confidential.Opening, error) {
	if a.Value > ^uint64(0)-b.Value {
		return confidential.Opening{}, errors.New("trade: a hidden amount overflows 64 bits")
	}
	return confidential.Opening{Value: a.Value + b.Value, Blinding: a.Blinding.Add(b.Blinding)}, nil
}

// ProposeHiddenOrder: the buyer proposes an order whose amount (o.Amount)
// only the readers of its terms learn. The chain holds a commitment to it;
// the opening is sealed with the terms. It returns the transaction carrying
// the terms and the amount's opening.
func (p *Party) ProposeHiddenOrder(ctx context.Context, o OrderSpec) (types.Hash, confidential.Opening, error) {
	amount, err := confidential.NewOpening(o.Amount)
	if err != nil {
		return types.Hash{}, amount, err
	}
	sealed, err := p.Client.NewSealedPayload(ctx, p.Account, p.Opt, sealedTerms(o.Terms.Document, &amount), o.Terms.Readers, sdk.SealOptions{Class: ClassTerms})
	if err != nil {
		return types.Hash{}, amount, err
	}
	rc, err := p.call(ctx, "propose hidden order", p.abi.PackProposeHiddenOrder(o.ID, o.Seller, o.Bank, o.Logistics,
		commitment32(amount.Commitment()), DocumentHash(o.Terms.Document), uint64(o.Deadline.Unix())), sealed)
	if err != nil {
		return types.Hash{}, amount, err
	}
	return types.Hash(rc.GetTxHash()), amount, nil
}

// OpenHiddenTerms reads a hidden order's terms (carried by txHash) as a
// party they were sealed to: the document, checked against the order's
// document hash, and the amount, checked against the order's commitment.
func (p *Party) OpenHiddenTerms(ctx context.Context, id [32]byte, txHash types.Hash) ([]byte, confidential.Opening, error) {
	raw, _, err := p.Client.Open(ctx, txHash, p.Key)
	if err != nil {
		return nil, confidential.Opening{}, err
	}
	doc, amount, err := parseTerms(raw)
	if err != nil {
		return nil, confidential.Opening{}, err
	}
	if amount == nil {
		return nil, confidential.Opening{}, fmt.Errorf("trade: the terms of %x carry no hidden amount", id)
	}
	o, err := p.Order(ctx, id)
	if err != nil {
		return nil, confidential.Opening{}, err
	}
	if DocumentHash(doc) != o.Document {
		return nil, confidential.Opening{}, fmt.Errorf("trade: the terms of %x do not match the order's document hash", id)
	}
	c, err := p.HiddenAmount(ctx, id)
	if err != nil {
		return nil, confidential.Opening{}, err
	}
	if !amount.Commitment().Equal(c) {
		return nil, confidential.Opening{}, fmt.Errorf("trade: the sealed amount of %x does not open the order's commitment", id)
	}
	return doc, *amount, nil
}

// HiddenAmount is the commitment to order id's amount (the identity for an
// order with a public amount).
func (p *Party) HiddenAmount(ctx context.Context, id [32]byte) (confidential.Commitment, error) {
	out, err := p.query(ctx, p.abi.PackHiddenAmount(id))
	if err != nil {
		return confidential.Commitment{}, err
	}
	c, err := p.abi.UnpackHiddenAmount(out)
	if err != nil {
		return confidential.Commitment{}, err
	}
	return confidential.DecodeCommitment(c[:])
}

// HiddenBalance is the commitment to who's hidden deposit.
func (p *Party) HiddenBalance(ctx context.Context, who common.Address) (confidential.Commitment, error) {
	out, err := p.query(ctx, p.abi.PackHiddenBalanceOf(who))
	if err != nil {
		return confidential.Commitment{}, err
	}
	c, err := p.abi.UnpackHiddenBalanceOf(out)
	if err != nil {
		return confidential.Commitment{}, err
	}
	return confidential.DecodeCommitment(c[:])
}

func (p *Party) bytesQuery(ctx context.Context, input []byte, unpack func([]byte) ([]byte, error)) ([]byte, error) {
	out, err := p.query(ctx, input)
	if err != nil {
		return nil, err
	}
	return unpack(out)
}

// DepositContext and FundContext are the contexts the contract binds the
// proofs of a hidden deposit and escrow to (read from the contract, so
// that they are exactly what it checks).
func (p *Party) DepositContext(ctx context.Context, bank, to common.Address) ([]byte, error) {
	return p.bytesQuery(ctx, p.abi.PackDepositContext(bank, to), p.abi.UnpackDepositContext)
}

func (p *Party) FundContext(ctx context.Context, id [32]byte, balance confidential.Commitment) ([]byte, error) {
	return p.bytesQuery(ctx, p.abi.PackFundContext(id, commitment32(balance)), p.abi.UnpackFundContext)
}

// EscrowProof is what the buyer's bank submits to escrow a hidden order:
// the change left in the buyer's hidden deposit, a range proof for
// [amount, change] and a balance proof of [balance] = [amount, change].
type EscrowProof struct {
	Change       confidential.Commitment
	RangeProof   []byte
	BalanceProof []byte
}

// ProveEscrow proves that balance covers amount, with the context the
// contract gives (FundContext). It refuses (ErrShort) an amount above the
// balance: no range proof exists for a negative change.
func ProveEscrow(context []byte, balance, amount confidential.Opening) (*EscrowProof, confidential.Opening, error) {
	if amount.Value > balance.Value {
		return nil, confidential.Opening{}, fmt.Errorf("%w: %d wanted, %d held", ErrShort, amount.Value, balance.Value)
	}
	change := confidential.Opening{Value: balance.Value - amount.Value, Blinding: balance.Blinding.Sub(amount.Blinding)}
	rp, cs, err := confidential.ProveRange([]uint64{amount.Value, change.Value}, []confidential.Scalar{amount.Blinding, change.Blinding}, context)
	if err != nil {
		return nil, change, err
	}
	bp, err := confidential.ProveBalance([]confidential.Opening{balance}, []confidential.Opening{amount, change}, 0, context)
	if err != nil {
		return nil, change, err
	}
	rb, err := rp.MarshalBinary()
	if err != nil {
		return nil, change, err
	}
	bb, err := bp.MarshalBinary()
	if err != nil {
		return nil, change, err
	}
	return &EscrowProof{Change: cs[1], RangeProof: rb, BalanceProof: bb}, change, nil
}

// SubmitEscrow submits a hidden order's escrow as proved.
func (p *Party) SubmitEscrow(ctx context.Context, id [32]byte, e *EscrowProof) error {
	_, err := p.call(ctx, "fund hidden", p.abi.PackFundHidden(id, commitment32(e.Change), e.RangeProof, e.BalanceProof), nil)
	return err
}

// SubmitHiddenDeposit credits to's hidden deposit with the commitment
// amount and its range proof (context DepositContext), sealing the
// opening to readers in the same transaction.
// It returns the transaction.
func (p *Party) SubmitHiddenDeposit(ctx context.Context, to common.Address, amount confidential.Commitment, rangeProof []byte, opening []byte, readers sdk.Readers) (types.Hash, error) {
	sealed, err := p.Client.NewSealedPayload(ctx, p.Account, p.Opt, opening, readers, sdk.SealOptions{Class: ClassDeposit})
	if err != nil {
		return types.Hash{}, err
	}
	rc, err := p.call(ctx, "deposit hidden", p.abi.PackDepositHidden(to, commitment32(amount), rangeProof), sealed)
	if err != nil {
		return types.Hash{}, err
	}
	return types.Hash(rc.GetTxHash()), nil
}

// Books are a bank's record of its customers' hidden deposits: the
// opening of each, and the hidden orders it escrowed that are not yet
// released or refunded (a refund returns the amount to the buyer, so the
// books follow it). They are the bank's private records; Save and
// LoadBooks keep them in a file. Safe for concurrent use: an escrow holds
// the books until the chain answers, because the next escrow for the same
// buyer is proved against the change it leaves.
type Books struct {
	mu       sync.Mutex
	deposits map[common.Address]confidential.Opening
	escrows  map[[32]byte]escrow
}

type escrow struct {
	Buyer  common.Address
	Amount confidential.Opening
}

// NewBooks are empty books.
func NewBooks() *Books {
	return &Books{deposits: map[common.Address]confidential.Opening{}, escrows: map[[32]byte]escrow{}}
}

// Deposit is the opening of who's hidden deposit as the books hold it.
func (b *Books) Deposit(who common.Address) confidential.Opening {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.deposits[who]
}

type booksFile struct {
	Deposits map[string]string `json:"deposits"` // address -> hex opening
	Escrows  map[string]struct {
		Buyer  string `json:"buyer"`
		Amount string `json:"amount"`
	} `json:"escrows"` // order id -> escrow
}

// Save writes the books to path (mode 0600: they open every customer's
// hidden deposit).
func (b *Books) Save(path string) error {
	b.mu.Lock()
	f := booksFile{Deposits: map[string]string{}, Escrows: map[string]struct {
		Buyer  string `json:"buyer"`
		Amount string `json:"amount"`
	}{}}
	for a, o := range b.deposits {
		f.Deposits[hex.EncodeToString(a[:])] = hex.EncodeToString(encodeOpening(o))
	}
	for id, e := range b.escrows {
		f.Escrows[hex.EncodeToString(id[:])] = struct {
			Buyer  string `json:"buyer"`
			Amount string `json:"amount"`
		}{hex.EncodeToString(e.Buyer[:]), hex.EncodeToString(encodeOpening(e.Amount))}
	}
	b.mu.Unlock()
	raw, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(raw, '\n'), 0o600)
}

// LoadBooks reads books that Save wrote.
func LoadBooks(path string) (*Books, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f booksFile
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, fmt.Errorf("trade: books %s: %w", path, err)
	}
	b := NewBooks()
	addr := func(s string) (common.Address, error) {
		x, err := hex.DecodeString(s)
		if err != nil || len(x) != 20 {
			return common.Address{}, fmt.Errorf("trade: books %s: bad address %q", path, s)
		}
		return common.BytesToAddress(x), nil
	}
	opening := func(s string) (confidential.Opening, error) {
		x, err := hex.DecodeString(s)
		if err != nil {
			return confidential.Opening{}, fmt.Errorf("trade: books %s: bad opening", path)
		}
		return decodeOpening(x)
	}
	for a, o := range f.Deposits {
		who, err := addr(a)
		if err != nil {
			return nil, err
		}
		if b.deposits[who], err = opening(o); err != nil {
			return nil, err
		}
	}
	for s, e := range f.Escrows {
		x, err := hex.DecodeString(s)
		if err != nil || len(x) != 32 {
			return nil, fmt.Errorf("trade: books %s: bad order id %q", path, s)
		}
		buyer, err := addr(e.Buyer)
		if err != nil {
			return nil, err
		}
		amount, err := opening(e.Amount)
		if err != nil {
			return nil, err
		}
		b.escrows[[32]byte(x)] = escrow{Buyer: buyer, Amount: amount}
	}
	return b, nil
}

// DepositHidden: the bank credits to's hidden deposit with amount, seals
// the opening to readers (the customer's org, and the bank's own) and
// records it in its books. It returns the deposit's transaction.
func (p *Party) DepositHidden(ctx context.Context, books *Books, to common.Address, amount uint64, readers sdk.Readers) (types.Hash, error) {
	o, err := confidential.NewOpening(amount)
	if err != nil {
		return types.Hash{}, err
	}
	cctx, err := p.DepositContext(ctx, p.Address(), to)
	if err != nil {
		return types.Hash{}, err
	}
	rp, cs, err := confidential.ProveRange([]uint64{o.Value}, []confidential.Scalar{o.Blinding}, cctx)
	if err != nil {
		return types.Hash{}, err
	}
	rb, err := rp.MarshalBinary()
	if err != nil {
		return types.Hash{}, err
	}
	books.mu.Lock()
	defer books.mu.Unlock()
	sum, err := addOpenings(books.deposits[to], o)
	if err != nil {
		return types.Hash{}, err
	}
	tx, err := p.SubmitHiddenDeposit(ctx, to, cs[0], rb, encodeOpening(o), readers)
	if err != nil {
		return types.Hash{}, err
	}
	books.deposits[to] = sum
	return tx, nil
}

// FundHidden: the buyer's bank escrows hidden order id, whose amount's
// opening it read from the terms. It brings its books up to date with the
// chain (refunds of earlier escrows), checks them against the buyer's
// hidden deposit on the chain, proves the escrow and submits it. A proof
// that went stale (the deposit changed between reading and the block) is
// proved again, up to three times.
func (p *Party) FundHidden(ctx context.Context, books *Books, id [32]byte, amount confidential.Opening) error {
	o, err := p.Order(ctx, id)
	if err != nil {
		return err
	}
	books.mu.Lock()
	defer books.mu.Unlock()
	for attempt := 0; ; attempt++ {
		bal, onChain, err := p.syncLocked(ctx, books, o.Buyer)
		if errors.Is(err, ErrBooks) && attempt < 2 {
			// A refund may land between reading the order and the deposit.
			time.Sleep(200 * time.Millisecond)
			continue
		}
		if err != nil {
			return err
		}
		cctx, err := p.FundContext(ctx, id, onChain)
		if err != nil {
			return err
		}
		proof, change, err := ProveEscrow(cctx, bal, amount)
		if err != nil {
			return err
		}
		err = p.SubmitEscrow(ctx, id, proof)
		var re *RefusedError
		if errors.As(err, &re) && attempt < 2 && isProofRefusal(re.Reason) {
			continue
		}
		if err != nil {
			return err
		}
		books.deposits[o.Buyer] = change
		books.escrows[id] = escrow{Buyer: o.Buyer, Amount: amount}
		return nil
	}
}

func isProofRefusal(reason string) bool {
	return bytes.Contains([]byte(reason), []byte("do not add up")) || bytes.Contains([]byte(reason), []byte("no range proof"))
}

// Sync brings the books of who's hidden deposit up to date with the
// chain and checks them: escrows released are dropped, escrows refunded
// return to the buyer. It returns ErrBooks if the books still do not open
// the deposit on the chain.
func (p *Party) Sync(ctx context.Context, books *Books, who common.Address) (confidential.Opening, error) {
	books.mu.Lock()
	defer books.mu.Unlock()
	o, _, err := p.syncLocked(ctx, books, who)
	return o, err
}

func (p *Party) syncLocked(ctx context.Context, books *Books, who common.Address) (confidential.Opening, confidential.Commitment, error) {
	var ids [][32]byte
	for id, e := range books.escrows {
		if e.Buyer == who {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return bytes.Compare(ids[i][:], ids[j][:]) < 0 })
	for _, id := range ids {
		o, err := p.Order(ctx, id)
		if err != nil {
			return confidential.Opening{}, confidential.Commitment{}, err
		}
		switch o.Status {
		case StatusDelivered:
			delete(books.escrows, id)
		case StatusRefunded:
			sum, err := addOpenings(books.deposits[who], books.escrows[id].Amount)
			if err != nil {
				return confidential.Opening{}, confidential.Commitment{}, err
			}
			books.deposits[who] = sum
			delete(books.escrows, id)
		}
	}
	onChain, err := p.HiddenBalance(ctx, who)
	if err != nil {
		return confidential.Opening{}, confidential.Commitment{}, err
	}
	bal := books.deposits[who]
	if !bal.Commitment().Equal(onChain) {
		return bal, onChain, fmt.Errorf("%w: the hidden deposit of %s is %s on the chain", ErrBooks, who.Hex(), onChain)
	}
	return bal, onChain, nil
}

// OpenDeposit reads a hidden deposit's opening that a bank sealed to the
// party's org (the deposit's transaction).
func (p *Party) OpenDeposit(ctx context.Context, txHash types.Hash) (confidential.Opening, error) {
	raw, _, err := p.Client.Open(ctx, txHash, p.Key)
	if err != nil {
		return confidential.Opening{}, err
	}
	return decodeOpening(raw)
}
