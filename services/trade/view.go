package trade

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	gethcrypto "github.com/ethereum/go-ethereum/crypto"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/crypto/confidential"
	"github.com/causeway/causeway/crypto/seal"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/sdk/contracts"
	"github.com/causeway/causeway/sdk/contracts/trade"
	"github.com/causeway/causeway/types"
)

// View is a read-only view of the scenario for one org of the consortium
// (the web console's Trade page): the orders proposed in a bounded window
// of recent blocks with their steps (who signed, escrowed, attested, with
// which evidence), the receivables issued there with their parts, the
// org's deposit, and the terms of an order sealed to the org, opened with
// its encryption key. It never reads the whole chain. It is safe for
// concurrent use.
type View struct {
	// Party is the org's connection (client, account, and Key: its org's
	// encryption key, or nil).
	Party *Party
	// Window is the most blocks a page reads for its orders or
	// receivables (default DefaultViewWindow); an orders page reads at
	// most as many blocks again above it for the orders' later steps.
	Window uint64
	// Names are the consortium's accounts by address (org names), shown
	// instead of addresses.
	Names map[common.Address]string

	dep   *Deployment
	cmu   sync.Mutex
	cache map[uint64]*types.Block
}

// DefaultViewWindow is how many blocks a View page reads at most.
const DefaultViewWindow = 200

// maxCachedBlocks bounds a View's cache of blocks (blocks are final).
const maxCachedBlocks = 1024

// maxParts bounds the receivables one original's tree may show.
const maxParts = 256

// ErrNoKey: the view holds no encryption key of its org.
var ErrNoKey = errors.New("trade: no encryption key of this org")

// NewView is org's view of deployment d, read through cl as acct (any
// account: the view only queries). key is the org's encryption key, or nil.
func NewView(d *Deployment, cl *sdk.Client, org string, acct sdk.Account, key *seal.EncryptionKey, names map[common.Address]string) (*View, error) {
	addr, err := hex.DecodeString(d.Contract)
	if err != nil || len(addr) != 20 {
		return nil, fmt.Errorf("trade: contract address %q", d.Contract)
	}
	return &View{Party: NewParty(org, cl, acct, key, addr, sdk.TxOptions{ChainID: d.ChainID}), Names: names, dep: d,
		cache: map[uint64]*types.Block{}}, nil
}

func (v *View) window() uint64 {
	if v.Window == 0 {
		return DefaultViewWindow
	}
	return v.Window
}

// ViewInfo says what the view is about.
type ViewInfo struct {
	Org      string
	ChainID  string
	Contract string // 40 hex digits
	Address  common.Address
	KeyID    string // the org's encryption key id (hex), "" without one
	// Names are the consortium's accounts by address.
	Names map[common.Address]string
}

// Info describes the deployment and the org.
func (v *View) Info() ViewInfo {
	in := ViewInfo{Org: v.Party.Name, ChainID: v.dep.ChainID, Contract: v.dep.Contract, Address: v.Party.Address(), Names: v.Names}
	if v.Party.Key != nil {
		id := v.Party.Key.ID()
		in.KeyID = hex.EncodeToString(id[:])
	}
	return in
}

// Balance is the org's account's deposit in the contract.
func (v *View) Balance(ctx context.Context) (uint64, error) {
	return v.Party.Balance(ctx, v.Party.Address())
}

// Cursor is a place in the chain, newest first: a page holds what was
// done in blocks below Height, and in block Height before transaction
// Index. The zero Cursor is the head.
type Cursor struct {
	Height uint64
	Index  int
}

// Step is something done to an order, as its transaction's events say.
type Step struct {
	// Kind is proposed, signed, funded, financed, shipped, cleared,
	// delivered, released or refunded.
	Kind     string
	By       common.Address // who did it (the attester of a milestone)
	Evidence string         // a milestone's evidence hash (64 hex digits), or ""
	Amount   uint64         // funded, financed, released (to the seller), refunded
	// ToFinancier is what a release repaid the financier.
	ToFinancier uint64
	Reason      string // a refund's
	Height      uint64
	Index       int
	Tx          types.Hash
}

// OrderView is an order: its state now (the contract's getter) and the
// steps found in the blocks read.
type OrderView struct {
	ID                             [32]byte
	Buyer, Seller, Bank, Logistics common.Address
	Financier                      common.Address // zero: not financed
	Amount, Financed               uint64
	Status                         uint8
	Document                       [32]byte
	Deadline                       time.Time
	// The proposal: its block, index, block time and transaction (which
	// carries the sealed terms).
	Height uint64
	Index  int
	TimeMs int64
	Tx     types.Hash
	Steps  []Step
	// Hidden: the amount is a commitment (Commitment, 64 hex digits); the
	// Amount fields are then 0 and only the terms' readers learn it.
	Hidden     bool
	Commitment string
	// Sealed: the proposal carried sealed terms (Readers key ids); Readable:
	// this org's key is one of them.
	Sealed   bool
	Readers  int
	Readable bool
}

// OrderPage is a page of orders, newest proposal first.
type OrderPage struct {
	Orders []OrderView
	// Blocks From..To were read for proposals (both 0 on an empty chain);
	// steps were read up to StepsTo.
	From, To, StepsTo uint64
	Head              uint64
	// Next is where the next (older) page starts; nil at block 1.
	Next *Cursor
	// Failed counts proposals in the blocks read that failed.
	Failed int
}

var (
	abi            = trade.NewTrade()
	selPropose     = string(abi.PackProposeOrder([32]byte{}, common.Address{}, common.Address{}, common.Address{}, new(big.Int), [32]byte{}, 0)[:4])
	selProposeHid  = string(abi.PackProposeHiddenOrder([32]byte{}, common.Address{}, common.Address{}, common.Address{}, [32]byte{}, [32]byte{}, 0)[:4])
	selIssue       = string(abi.PackIssueReceivable([32]byte{}, common.Address{}, new(big.Int), 0)[:4])
	orderSelectors = map[string]bool{
		string(abi.PackSignOrder([32]byte{}, [32]byte{})[:4]):            true,
		string(abi.PackFund([32]byte{})[:4]):                             true,
		string(abi.PackAttestShipped([32]byte{}, [32]byte{})[:4]):        true,
		string(abi.PackAttestCleared([32]byte{}, [32]byte{})[:4]):        true,
		string(abi.PackConfirmDelivery([32]byte{}, [32]byte{})[:4]):      true,
		string(abi.PackRefund([32]byte{}, "")[:4]):                       true,
		string(abi.PackFinance([32]byte{}, new(big.Int))[:4]):            true,
		string(abi.PackFundHidden([32]byte{}, [32]byte{}, nil, nil)[:4]): true,
	}
)

// call is a transaction calling the contract, where it is.
type call struct {
	tx     *types.Transaction
	c      *types.CallContract
	sender types.Hash
	height uint64
	index  int
	timeMs int64
}

func (c *call) selector() string {
	if len(c.c.GetInput()) < 4 {
		return ""
	}
	return string(c.c.GetInput()[:4])
}

// firstWord is the call's first argument (an order's or a receivable's id).
func (c *call) firstWord() ([32]byte, bool) {
	in := c.c.GetInput()
	if len(in) < 36 {
		return [32]byte{}, false
	}
	return [32]byte(in[4:36]), true
}

// contractCall decodes a transaction that calls the contract.
func (v *View) contractCall(tx *types.Transaction) (*types.CallContract, types.Hash) {
	var body types.TxBody
	if err := proto.Unmarshal(tx.GetBody(), &body); err != nil || body.GetType() != types.TxType_CALL_CONTRACT {
		return nil, types.Hash{}
	}
	var cc types.CallContract
	if err := proto.Unmarshal(body.GetPayload(), &cc); err != nil || !bytes.Equal(cc.GetTo(), v.Party.Contract) {
		return nil, types.Hash{}
	}
	return &cc, types.Hash(body.GetSender())
}

// blocks fetches the blocks at heights, in that order, 4 requests at a
// time, through the cache.
func (v *View) blocks(ctx context.Context, heights []uint64) ([]*types.Block, error) {
	out := make([]*types.Block, len(heights))
	errs := make([]error, len(heights))
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for i, h := range heights {
		v.cmu.Lock()
		b := v.cache[h]
		v.cmu.Unlock()
		if b != nil {
			out[i] = b
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			r, err := v.Party.Client.GetBlock(ctx, h)
			if err != nil {
				errs[i] = err
				return
			}
			out[i] = r.GetBlock()
			v.cmu.Lock()
			if len(v.cache) >= maxCachedBlocks {
				clear(v.cache)
			}
			v.cache[h] = out[i]
			v.cmu.Unlock()
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// scan reads blocks top down to low (transactions of block top before
// index idx only, idx < 0: all), newest first, and gives each call on the
// contract to f until f says stop. It returns the lowest block read.
func (v *View) scan(ctx context.Context, top uint64, idx int, low uint64, f func(*call) (stop bool)) (uint64, error) {
	const ahead = 16
	from := top
	for h := top; h >= low && h > 0; {
		lo := low
		if h >= low+ahead-1 {
			lo = h - ahead + 1
		}
		var hs []uint64
		for x := h; x >= lo; x-- {
			hs = append(hs, x)
		}
		bs, err := v.blocks(ctx, hs)
		if err != nil {
			return 0, err
		}
		for k, blk := range bs {
			bh := hs[k]
			from = bh
			txs := blk.GetTxs()
			end := len(txs)
			if bh == top && idx >= 0 && idx < end {
				end = idx
			}
			for i := end - 1; i >= 0; i-- {
				cc, sender := v.contractCall(txs[i])
				if cc == nil {
					continue
				}
				if f(&call{tx: txs[i], c: cc, sender: sender, height: bh, index: i, timeMs: blk.GetHeader().GetTimeMs()}) {
					return bh, nil
				}
			}
		}
		if lo <= 1 {
			break
		}
		h = lo - 1
	}
	return from, nil
}

// bounds is where a page starts: block top (before transaction idx; -1:
// all of it) down to low; ok false when there is nothing to read.
func (v *View) bounds(before Cursor, head uint64) (top uint64, idx int, low uint64, ok bool) {
	top, idx = before.Height, before.Index
	if top == 0 || top > head {
		top, idx = head, -1
	}
	if idx == 0 {
		top, idx = top-1, -1
	}
	if top == 0 {
		return 0, 0, 0, false
	}
	low = 1
	if top > v.window() {
		low = top - v.window() + 1
	}
	return top, idx, low, true
}

// Orders reads a page of at most limit orders proposed from before on
// (the zero Cursor: the head), newest first, reading at most Window blocks
// for the proposals and at most Window blocks above them for their later
// steps. Each order's state is the contract's now; its steps are those the
// blocks read hold, each confirmed by its transaction's events.
func (v *View) Orders(ctx context.Context, before Cursor, limit int) (*OrderPage, error) {
	if limit <= 0 {
		limit = 20
	}
	st, err := v.Party.Client.Status(ctx)
	if err != nil {
		return nil, err
	}
	head := st.GetHeight()
	pg := &OrderPage{Head: head}
	top, idx, low, ok := v.bounds(before, head)
	if !ok {
		return pg, nil
	}
	pg.To = top
	var props []*call
	var calls []*call // later steps, in the blocks read
	seen := map[[32]byte]bool{}
	from, err := v.scan(ctx, top, idx, low, func(c *call) bool {
		switch {
		case c.selector() == selPropose || c.selector() == selProposeHid:
			if len(props) == limit {
				pg.Next = &Cursor{Height: c.height, Index: c.index + 1}
				return true
			}
			props = append(props, c)
		case orderSelectors[c.selector()]:
			calls = append(calls, c)
		}
		return false
	})
	if err != nil {
		return nil, err
	}
	pg.From = from
	if pg.Next == nil && from > 1 {
		pg.Next = &Cursor{Height: from, Index: 0}
	}
	pg.StepsTo = top
	if top < head {
		pg.StepsTo = min(head, top+v.window())
		if _, err := v.scan(ctx, pg.StepsTo, -1, top+1, func(c *call) bool {
			if orderSelectors[c.selector()] {
				calls = append(calls, c)
			}
			return false
		}); err != nil {
			return nil, err
		}
	}
	if idx >= 0 { // the rest of block top
		if _, err := v.scan(ctx, top, -1, top, func(c *call) bool {
			if c.index >= idx && orderSelectors[c.selector()] {
				calls = append(calls, c)
			}
			return false
		}); err != nil {
			return nil, err
		}
	}
	// The proposals: confirmed by their receipts, oldest successful one
	// per id (a later one with the same id failed).
	rcs, err := v.receipts(ctx, props)
	if err != nil {
		return nil, err
	}
	var orders []*OrderView
	byID := map[[32]byte]*OrderView{}
	for i := len(props) - 1; i >= 0; i-- {
		c := props[i]
		id, _ := c.firstWord()
		var ev *trade.TradeOrderProposed
		var hidden *trade.TradeAmountHidden
		for _, l := range rcs[i].GetLogs() {
			if e, err := abi.UnpackOrderProposedEvent(contracts.EthLog(l)); err == nil && e.Id == id {
				ev = e
			}
			if e, err := abi.UnpackAmountHiddenEvent(contracts.EthLog(l)); err == nil && e.Id == id {
				hidden = e
			}
		}
		if rcs[i].GetStatus() != types.ReceiptStatus_SUCCESS || ev == nil || seen[id] {
			pg.Failed++
			continue
		}
		seen[id] = true
		o := &OrderView{ID: id, Height: c.height, Index: c.index, TimeMs: c.timeMs, Tx: v.Party.Account.Suite.TxHash(c.tx),
			Steps: []Step{{Kind: "proposed", By: AddressOf(c.sender), Amount: ev.Amount.Uint64(), Height: c.height, Index: c.index, Tx: v.Party.Account.Suite.TxHash(c.tx)}}}
		if hidden != nil {
			o.Hidden, o.Commitment = true, hex.EncodeToString(hidden.Amount[:])
		}
		if sp := c.c.GetSealed(); sp != nil {
			if env, err := seal.Unmarshal(sp.GetEnvelope(), 0); err == nil {
				o.Sealed = true
				rs := seal.Readers(env)
				o.Readers = len(rs)
				if v.Party.Key != nil {
					o.Readable = slices.Contains(rs, v.Party.Key.ID())
				}
			}
		}
		orders = append(orders, o)
		byID[id] = o
	}
	// Their later steps, confirmed by their events.
	var mine []*call
	for _, c := range calls {
		id, _ := c.firstWord()
		if o := byID[id]; o != nil && (c.height > o.Height || c.height == o.Height && c.index > o.Index) {
			mine = append(mine, c)
		}
	}
	srcs, err := v.receipts(ctx, mine)
	if err != nil {
		return nil, err
	}
	for i, c := range mine {
		if srcs[i].GetStatus() != types.ReceiptStatus_SUCCESS {
			continue
		}
		id, _ := c.firstWord()
		o := byID[id]
		base := Step{By: AddressOf(c.sender), Height: c.height, Index: c.index, Tx: v.Party.Account.Suite.TxHash(c.tx)}
		for _, l := range srcs[i].GetLogs() {
			el := contracts.EthLog(l)
			s := base
			switch {
			case isEvent(abi.UnpackOrderSignedEvent(el)):
				s.Kind = "signed"
			case isEvent(abi.UnpackOrderFundedEvent(el)):
				e, _ := abi.UnpackOrderFundedEvent(el)
				s.Kind, s.By, s.Amount = "funded", e.Bank, e.Amount.Uint64()
			case isEvent(abi.UnpackFinancedEvent(el)):
				e, _ := abi.UnpackFinancedEvent(el)
				s.Kind, s.By, s.Amount = "financed", e.Financier, e.Amount.Uint64()
			case isEvent(abi.UnpackMilestoneEvent(el)):
				e, _ := abi.UnpackMilestoneEvent(el)
				s.Kind, s.By, s.Evidence = milestoneKind(e.Status), e.By, hex.EncodeToString(e.Evidence[:])
			case isEvent(abi.UnpackReleasedEvent(el)):
				e, _ := abi.UnpackReleasedEvent(el)
				s.Kind, s.By, s.Amount, s.ToFinancier = "released", e.Seller, e.ToSeller.Uint64(), e.ToFinancier.Uint64()
			case isEvent(abi.UnpackRefundedEvent(el)):
				e, _ := abi.UnpackRefundedEvent(el)
				s.Kind, s.Amount, s.Reason = "refunded", e.Amount.Uint64(), e.Reason
			default:
				continue
			}
			o.Steps = append(o.Steps, s)
		}
	}
	// Their state now.
	states := make([]*trade.OrdersOutput, len(orders))
	if err := each(len(orders), func(i int) error {
		out, err := v.Party.query(ctx, abi.PackOrders(orders[i].ID))
		if err != nil {
			return err
		}
		o, err := abi.UnpackOrders(out)
		states[i] = &o
		return err
	}); err != nil {
		return nil, err
	}
	for i := len(orders) - 1; i >= 0; i-- { // newest first
		o, s := orders[i], states[i]
		o.Buyer, o.Seller, o.Bank, o.Logistics, o.Financier = s.Buyer, s.Seller, s.Bank, s.Logistics, s.Financier
		o.Amount, o.Financed, o.Status, o.Document = s.Amount.Uint64(), s.Financed.Uint64(), s.Status, s.Document
		o.Deadline = time.Unix(int64(s.Deadline), 0)
		sort.SliceStable(o.Steps, func(a, b int) bool {
			x, y := o.Steps[a], o.Steps[b]
			return x.Height < y.Height || x.Height == y.Height && x.Index < y.Index
		})
		pg.Orders = append(pg.Orders, *o)
	}
	return pg, nil
}

func isEvent[T any](_ T, err error) bool { return err == nil }

func milestoneKind(s uint8) string {
	switch s {
	case StatusShipped:
		return "shipped"
	case StatusCleared:
		return "cleared"
	case StatusDelivered:
		return "delivered"
	}
	return fmt.Sprintf("status-%d", s)
}

// each runs f(0..n-1), 4 at a time, and returns the first error.
func each(n int, f func(i int) error) error {
	errs := make([]error, n)
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			errs[i] = f(i)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// receipts reads the calls' receipts, 4 at a time.
func (v *View) receipts(ctx context.Context, cs []*call) ([]*types.Receipt, error) {
	out := make([]*types.Receipt, len(cs))
	err := each(len(cs), func(i int) error {
		h := v.Party.Account.Suite.TxHash(cs[i].tx)
		r, err := v.Party.Client.GetTx(ctx, h)
		if err != nil {
			return fmt.Errorf("transaction %s: %w", h, err)
		}
		out[i] = r.GetReceipt()
		return nil
	})
	return out, err
}

// OpenedTerms are an order's terms as a reader opened them.
type OpenedTerms struct {
	Document []byte
	// Amount is a hidden order's amount, opened from the terms and checked
	// against the order's commitment; nil for an order with a public amount.
	Amount *uint64
}

// OpenTerms opens the terms of order id that its proposal (transaction
// tx) carried, sealed to the org, with the org's key; they must hash to
// the order's document, and a hidden order's amount must open its
// commitment. Without a key: ErrNoKey; a key that is not a reader: an
// error matching sdk.ErrNotAReader.
func (v *View) OpenTerms(ctx context.Context, id [32]byte, tx types.Hash) (*OpenedTerms, error) {
	if v.Party.Key == nil {
		return nil, ErrNoKey
	}
	c, err := v.Party.HiddenAmount(ctx, id)
	if err != nil {
		return nil, err
	}
	if c.Equal(confidential.Commitment{}) {
		doc, err := v.Party.OpenTerms(ctx, id, tx)
		if err != nil {
			return nil, err
		}
		return &OpenedTerms{Document: doc}, nil
	}
	doc, a, err := v.Party.OpenHiddenTerms(ctx, id, tx)
	if err != nil {
		return nil, err
	}
	return &OpenedTerms{Document: doc, Amount: &a.Value}, nil
}

// ReceivableView is a receivable as the contract holds it now.
type ReceivableView struct {
	ID             [32]byte
	Debtor, Holder common.Address
	Amount         uint64
	Maturity       time.Time
	Parent         [32]byte
	Live, Paid     bool
	// Split: it was split into its parts (neither live nor paid).
	Split bool
	// Depth is its depth in its original's tree (0: the original).
	Depth int
}

// ReceivableTree is an original receivable and its parts, parents before
// their parts (depth first), with the check that the parts not split
// further sum to the original's face value.
type ReceivableTree struct {
	Nodes []ReceivableView
	// The original's issue: block, index, time, transaction.
	Height uint64
	Index  int
	TimeMs int64
	Tx     types.Hash
	// Leaves are the parts not split further; Outstanding (live) plus
	// Paid is their sum; Conserved: it equals the face value.
	Leaves, LiveParts, PaidParts int
	Outstanding, PaidSum         uint64
	Conserved                    bool
	// Truncated: the tree has more than maxParts receivables (not all read).
	Truncated bool
}

// ReceivablePage is a page of receivables issued, newest first.
type ReceivablePage struct {
	Trees      []ReceivableTree
	From, To   uint64
	Head       uint64
	Next       *Cursor
	Failed     int // issues in the blocks read that created nothing
	ReadHeight uint64
}

// PartID is the id of part i of a split receivable, as the contract
// derives it.
func PartID(id [32]byte, i int) [32]byte {
	return gethcrypto.Keccak256Hash(id[:], common.LeftPadBytes(big.NewInt(int64(i)).Bytes(), 32))
}

func (v *View) receivable(ctx context.Context, id [32]byte) (*ReceivableView, error) {
	out, err := v.Party.query(ctx, abi.PackReceivables(id))
	if err != nil {
		return nil, err
	}
	r, err := abi.UnpackReceivables(out)
	if err != nil {
		return nil, err
	}
	return &ReceivableView{ID: id, Debtor: r.Debtor, Holder: r.Holder, Amount: r.Amount.Uint64(), Maturity: time.Unix(int64(r.Maturity), 0),
		Parent: r.Parent, Live: r.Live, Paid: r.Paid, Split: r.Debtor != (common.Address{}) && !r.Live && !r.Paid}, nil
}

// Receivables reads a page of at most limit original receivables issued
// from before on, newest first, reading at most Window blocks; each with
// its parts as the contract holds them now (read through the parts' ids,
// which the contract derives from their parent's).
func (v *View) Receivables(ctx context.Context, before Cursor, limit int) (*ReceivablePage, error) {
	if limit <= 0 {
		limit = 10
	}
	st, err := v.Party.Client.Status(ctx)
	if err != nil {
		return nil, err
	}
	head := st.GetHeight()
	pg := &ReceivablePage{Head: head, ReadHeight: head}
	top, idx, low, ok := v.bounds(before, head)
	if !ok {
		return pg, nil
	}
	pg.To = top
	var issues []*call
	seen := map[[32]byte]bool{}
	from, err := v.scan(ctx, top, idx, low, func(c *call) bool {
		if c.selector() != selIssue {
			return false
		}
		id, ok := c.firstWord()
		if !ok || seen[id] {
			return false
		}
		if len(issues) == limit {
			pg.Next = &Cursor{Height: c.height, Index: c.index + 1}
			return true
		}
		seen[id] = true
		issues = append(issues, c)
		return false
	})
	if err != nil {
		return nil, err
	}
	pg.From = from
	if pg.Next == nil && from > 1 {
		pg.Next = &Cursor{Height: from, Index: 0}
	}
	trees := make([]*ReceivableTree, len(issues))
	if err := each(len(issues), func(i int) error {
		c := issues[i]
		id, _ := c.firstWord()
		root, err := v.receivable(ctx, id)
		if err != nil {
			return err
		}
		if root.Debtor == (common.Address{}) || root.Parent != ([32]byte{}) {
			return nil // the issue failed
		}
		t := &ReceivableTree{Height: c.height, Index: c.index, TimeMs: c.timeMs, Tx: v.Party.Account.Suite.TxHash(c.tx)}
		if err := v.walk(ctx, t, root, 0); err != nil {
			return err
		}
		t.Conserved = !t.Truncated && t.Outstanding+t.PaidSum == root.Amount
		trees[i] = t
		return nil
	}); err != nil {
		return nil, err
	}
	for _, t := range trees {
		if t == nil {
			pg.Failed++
			continue
		}
		pg.Trees = append(pg.Trees, *t)
	}
	return pg, nil
}

// walk adds r and, if it was split, its parts (depth first) to t.
func (v *View) walk(ctx context.Context, t *ReceivableTree, r *ReceivableView, depth int) error {
	if len(t.Nodes) >= maxParts {
		t.Truncated = true
		return nil
	}
	r.Depth = depth
	t.Nodes = append(t.Nodes, *r)
	if !r.Split {
		t.Leaves++
		if r.Paid {
			t.PaidParts++
			t.PaidSum += r.Amount
		} else {
			t.LiveParts++
			t.Outstanding += r.Amount
		}
		return nil
	}
	for i := 0; i < 16; i++ {
		p, err := v.receivable(ctx, PartID(r.ID, i))
		if err != nil {
			return err
		}
		if p.Debtor == (common.Address{}) || p.Parent != r.ID {
			break
		}
		if err := v.walk(ctx, t, p, depth+1); err != nil {
			return err
		}
	}
	return nil
}
