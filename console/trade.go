package console

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/ethereum/go-ethereum/common"

	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/services/trade"
	"github.com/causeway/causeway/types"
)

// Trade is what the Trade page reads: the trade-finance scenario's
// deployment (causeway scenario trade) as this console's org sees it.
// *trade.View implements it over the SDK; tests use fakes. Everything it
// returns came from the chain (or sealed terms) and is untrusted: the
// templates escape it.
type Trade interface {
	Info() trade.ViewInfo
	// Orders is a page of the orders proposed from before on, newest
	// first, reading a bounded window of blocks.
	Orders(ctx context.Context, before trade.Cursor, limit int) (*trade.OrderPage, error)
	// Receivables is a page of the original receivables issued from before
	// on, each with its parts.
	Receivables(ctx context.Context, before trade.Cursor, limit int) (*trade.ReceivablePage, error)
	// Balance is the org's account's deposit in the contract.
	Balance(ctx context.Context) (uint64, error)
	// OpenTerms opens an order's sealed terms (carried by its proposal,
	// transaction tx) with the org's encryption key, and a hidden order's
	// amount: trade.ErrNoKey without the key, sdk.ErrNotAReader when they
	// are not sealed to the org.
	OpenTerms(ctx context.Context, id [32]byte, tx types.Hash) (*trade.OpenedTerms, error)
}

// TradeOrdersPerPage and TradeReceivablesPerPage are how many orders and
// original receivables the Trade page shows at once.
const (
	TradeOrdersPerPage      = 20
	TradeReceivablesPerPage = 10
)

// TradeView is the Trade page's source for the deployment d (trade.json
// and its folder), read through the console's node as its org, opening
// terms with the org's encryption key if the console holds it (--enc-key).
// The network map's org accounts name the addresses.
func (c *NetworkChain) TradeView(d *trade.Deployment) (*trade.View, error) {
	if d.ChainID != c.nw.ChainID {
		return nil, fmt.Errorf("the trade deployment in %s is for chain %q, the console's network is %q", d.Dir, d.ChainID, c.nw.ChainID)
	}
	names := map[common.Address]string{}
	for _, o := range c.nw.Orgs {
		if o.Account != nil {
			names[trade.AddressOf(c.nw.Suite().AccountID(o.Account.Name))] = o.Name
		}
	}
	return trade.NewView(d, c.main(), c.org, c.acct, c.orgKey, names)
}

// partyRef is an address as the page shows it: the org's name if known.
type partyRef struct {
	Name, Addr string
	Self       bool
}

type tradeNames struct {
	names map[common.Address]string
	self  common.Address
}

func (n tradeNames) of(a common.Address) partyRef {
	if a == (common.Address{}) {
		return partyRef{}
	}
	return partyRef{Name: n.names[a], Addr: a.Hex(), Self: a == n.self}
}

type stepRow struct {
	Kind        string
	By          partyRef
	Evidence    string
	Amount      string
	ToFinancier string
	Reason      string
	Height      uint64
	Tx          string
}

type orderRow struct {
	ID, Document, Tx, Time, Deadline string
	Height                           uint64
	Status                           uint8
	Buyer, Seller, Bank, Logistics   partyRef
	Financier                        partyRef
	Amount, Financed                 string
	Hidden                           bool
	Commitment                       string
	Steps                            []stepRow
	Sealed, Readable                 bool
	Readers                          int
	Ours                             bool
}

type receivableRow struct {
	ID, Parent       string
	Debtor, Holder   partyRef
	Amount, Maturity string
	Live, Paid       bool
	Split            bool
	Depth            int
	Indent           string
}

type treeRow struct {
	Root                        receivableRow
	Nodes                       []receivableRow
	Height                      uint64
	Tx, Time                    string
	Leaves, LiveParts, PaidPart int
	Outstanding, PaidSum, Sum   string
	Face                        string
	Conserved, Truncated        bool
}

// amount formats an amount with thousands separators.
func amount(v uint64) string {
	s := strconv.FormatUint(v, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func toTradeCursor(s string) (trade.Cursor, bool) {
	c, ok := parseCursor(s)
	return trade.Cursor{Height: c.Height, Index: c.Index}, ok
}

func cursorString(c *trade.Cursor) string {
	if c == nil {
		return ""
	}
	return fmt.Sprintf("%d.%d", c.Height, c.Index)
}

// tradePage shows the org's deposit, a page of recent orders with their
// steps and terms, and a page of recent receivables with their parts.
func (s *Server) tradePage(w http.ResponseWriter, r *http.Request) {
	tv := s.opts.Trade
	q := r.URL.Query()
	before, ok1 := toTradeCursor(q.Get("before"))
	rbefore, ok2 := toTradeCursor(q.Get("rbefore"))
	if !ok1 || !ok2 {
		s.fail(w, r, http.StatusBadRequest, "err.bad_form")
		return
	}
	info := tv.Info()
	n := tradeNames{names: info.Names, self: info.Address}
	p := s.newPage(w, r, "title.trade", "trade")
	data := map[string]any{"Info": info, "Self": n.of(info.Address), "HasKey": info.KeyID != "", "Before": q.Get("before"), "RBefore": q.Get("rbefore")}
	p.Data = data
	ctx, cancel := chainCtx(r)
	defer cancel()
	bal, err := tv.Balance(ctx)
	if err != nil {
		s.failChain(w, r, err)
		return
	}
	data["Balance"] = amount(bal)
	op, err := tv.Orders(ctx, before, TradeOrdersPerPage)
	if err != nil {
		s.failChain(w, r, err)
		return
	}
	var orders []orderRow
	for _, o := range op.Orders {
		row := orderRow{ID: types.Hash(o.ID).String(), Document: types.Hash(o.Document).String(), Tx: o.Tx.String(), Height: o.Height,
			Time: time.UnixMilli(o.TimeMs).UTC().Format("2006-01-02 15:04:05 UTC"), Deadline: utc(o.Deadline), Status: o.Status,
			Buyer: n.of(o.Buyer), Seller: n.of(o.Seller), Bank: n.of(o.Bank), Logistics: n.of(o.Logistics), Financier: n.of(o.Financier),
			Amount: amount(o.Amount), Financed: amount(o.Financed), Hidden: o.Hidden, Commitment: o.Commitment, Sealed: o.Sealed, Readable: o.Readable, Readers: o.Readers}
		row.Ours = row.Buyer.Self || row.Seller.Self || row.Bank.Self || row.Logistics.Self || row.Financier.Self
		for _, st := range o.Steps {
			sr := stepRow{Kind: st.Kind, By: n.of(st.By), Evidence: st.Evidence, Reason: st.Reason, Height: st.Height, Tx: st.Tx.String()}
			if st.Amount != 0 {
				sr.Amount = amount(st.Amount)
			}
			if st.ToFinancier != 0 {
				sr.ToFinancier = amount(st.ToFinancier)
			}
			row.Steps = append(row.Steps, sr)
		}
		orders = append(orders, row)
	}
	data["Orders"], data["OrderPage"], data["Next"] = orders, op, cursorString(op.Next)
	rp, err := tv.Receivables(ctx, rbefore, TradeReceivablesPerPage)
	if err != nil {
		s.failChain(w, r, err)
		return
	}
	var trees []treeRow
	for _, t := range rp.Trees {
		if len(t.Nodes) == 0 {
			continue
		}
		tr := treeRow{Height: t.Height, Tx: t.Tx.String(), Time: time.UnixMilli(t.TimeMs).UTC().Format("2006-01-02 15:04:05 UTC"),
			Leaves: t.Leaves, LiveParts: t.LiveParts, PaidPart: t.PaidParts, Outstanding: amount(t.Outstanding), PaidSum: amount(t.PaidSum),
			Sum: amount(t.Outstanding + t.PaidSum), Face: amount(t.Nodes[0].Amount), Conserved: t.Conserved, Truncated: t.Truncated}
		for i, nd := range t.Nodes {
			rr := receivableRow{ID: types.Hash(nd.ID).String(), Debtor: n.of(nd.Debtor), Holder: n.of(nd.Holder), Amount: amount(nd.Amount),
				Maturity: utc(nd.Maturity), Live: nd.Live, Paid: nd.Paid, Split: nd.Split, Depth: nd.Depth}
			if nd.Parent != ([32]byte{}) {
				rr.Parent = types.Hash(nd.Parent).String()
			}
			for range nd.Depth {
				rr.Indent += "\u00a0\u00a0\u00a0\u00a0"
			}
			if i == 0 {
				tr.Root = rr
			}
			tr.Nodes = append(tr.Nodes, rr)
		}
		trees = append(trees, tr)
	}
	data["Trees"], data["RecvPage"], data["RNext"] = trees, rp, cursorString(rp.Next)
	s.render(w, "trade.html", p)
}

// tradeTerms opens an order's sealed terms for the signed-in user (POST,
// session + CSRF): shown as text (escaped), each opening logged.
func (s *Server) tradeTerms(w http.ResponseWriter, r *http.Request) {
	id, err1 := types.ParseHash(r.PathValue("id"))
	tx, err2 := types.ParseHash(r.PostFormValue("tx"))
	if err1 != nil || err2 != nil {
		s.fail(w, r, http.StatusBadRequest, "err.bad_form")
		return
	}
	ctx, cancel := chainCtx(r)
	defer cancel()
	opened, err := s.opts.Trade.OpenTerms(ctx, [32]byte(id), tx)
	switch {
	case errors.Is(err, trade.ErrNoKey):
		s.fail(w, r, http.StatusConflict, "err.trade_no_key")
		return
	case errors.Is(err, sdk.ErrNotAReader):
		s.fail(w, r, http.StatusForbidden, "err.trade_not_reader")
		return
	case err != nil:
		s.failChain(w, r, err)
		return
	}
	s.opts.Logger.Info("console: trade terms opened", "order", id.String(), "user", sessionOf(r).user)
	p := s.newPage(w, r, "title.trade_terms", "trade")
	plain := opened.Document
	data := map[string]any{"ID": id.String(), "Tx": tx.String(), "Size": len(plain)}
	if opened.Amount != nil {
		data["HiddenAmount"] = amount(*opened.Amount)
	}
	if utf8.Valid(plain) {
		shown := plain
		if len(shown) > maxShownPlaintext {
			shown = shown[:maxShownPlaintext]
			for !utf8.Valid(shown) {
				shown = shown[:len(shown)-1]
			}
			data["Cut"] = true
		}
		data["Text"] = string(shown)
	} else {
		data["Binary"] = true
	}
	p.Data = data
	s.render(w, "trade_terms.html", p)
}
