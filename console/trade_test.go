package console

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/services/trade"
	"github.com/causeway/causeway/types"
)

// fakeTrade is a Trade in memory: one order proposed per block in blocks
// 1..height (every third sealed to this org, every third sealed to others
// only, every third without terms), two receivable trees (one whose parts
// do not sum, as a broken contract would show); str is put in every chain
// value the page shows; it records the calls.
type fakeTrade struct {
	mu      sync.Mutex
	str     string
	key     bool
	height  uint64
	calls   int
	cursors []trade.Cursor
	opened  []types.Hash
}

var (
	ftSelf   = common.HexToAddress("0x00000000000000000000000000000000000000b1")
	ftSeller = common.HexToAddress("0x00000000000000000000000000000000000000b2")
	ftBank   = common.HexToAddress("0x00000000000000000000000000000000000000b3")
	ftLogi   = common.HexToAddress("0x00000000000000000000000000000000000000b4")
	ftComp   = common.HexToAddress("0x00000000000000000000000000000000000000b5")
)

func (f *fakeTrade) call() {
	f.mu.Lock()
	f.calls++
	f.mu.Unlock()
}

func (f *fakeTrade) Info() trade.ViewInfo {
	in := trade.ViewInfo{Org: "fake-console-org", ChainID: "fake-chain-id", Contract: strings.Repeat("cd", 20), Address: ftSelf,
		Names: map[common.Address]string{ftSelf: "buyer", ftSeller: "seller " + f.str, ftBank: "bank", ftLogi: "logistics"}}
	if f.key {
		in.KeyID = strings.Repeat("11", 32)
	}
	return in
}

func (f *fakeTrade) Balance(context.Context) (uint64, error) { f.call(); return 12345678, nil }

func ftOrderID(h uint64) [32]byte { return [32]byte{0x0d, byte(h >> 8), byte(h)} }

func (f *fakeTrade) Orders(_ context.Context, before trade.Cursor, limit int) (*trade.OrderPage, error) {
	f.call()
	f.mu.Lock()
	f.cursors = append(f.cursors, before)
	f.mu.Unlock()
	top := f.height
	if before.Height != 0 {
		top = before.Height - 1
	}
	pg := &trade.OrderPage{Head: f.height, To: top, StepsTo: f.height, Failed: 1}
	for h := top; h >= 1 && len(pg.Orders) < limit; h-- {
		pg.From = h
		o := trade.OrderView{ID: ftOrderID(h), Buyer: ftSelf, Seller: ftSeller, Bank: ftBank, Logistics: ftLogi, Amount: 10000 + h,
			Status: trade.StatusShipped, Document: [32]byte{0xdd}, Deadline: time.Unix(1764579600, 0), Height: h, TimeMs: 1764576000000,
			Tx: types.Hash{0x7a, byte(h)}, Sealed: h%3 != 0, Readers: 3, Readable: h%3 == 1 && f.key,
			Steps: []trade.Step{
				{Kind: "proposed", By: ftSelf, Amount: 10000 + h, Height: h, Tx: types.Hash{0x7a, byte(h)}},
				{Kind: "signed", By: ftSeller, Height: h + 1},
				{Kind: "funded", By: ftBank, Amount: 10000 + h, Height: h + 1},
				{Kind: "shipped", By: ftLogi, Evidence: strings.Repeat("e1", 32), Height: h + 2},
			}}
		if h == 40 { // a hidden order: no public amount, a commitment
			o.Amount, o.Hidden, o.Commitment = 0, true, strings.Repeat("c0", 32)
			o.Steps[0].Amount, o.Steps[2].Amount = 0, 0
		}
		if h == 37 {
			o.Status, o.Financier, o.Financed = trade.StatusRefunded, ftBank, 8000
			o.Steps = append(o.Steps, trade.Step{Kind: "financed", By: ftBank, Amount: 8000, Height: h + 2},
				trade.Step{Kind: "refunded", By: ftLogi, Amount: 10037, Reason: "lost at sea " + f.str, Height: h + 3})
		}
		pg.Orders = append(pg.Orders, o)
	}
	if pg.From > 1 {
		pg.Next = &trade.Cursor{Height: pg.From, Index: 0}
	}
	return pg, nil
}

func (f *fakeTrade) Receivables(_ context.Context, before trade.Cursor, limit int) (*trade.ReceivablePage, error) {
	f.call()
	mat := time.Unix(1764583200, 0)
	root := [32]byte{0x0e, 1}
	p0, p1 := trade.PartID(root, 0), trade.PartID(root, 1)
	q0, q1 := trade.PartID(p0, 0), trade.PartID(p0, 1)
	good := trade.ReceivableTree{Height: 5, Tx: types.Hash{0x5e}, TimeMs: 1764576000000, Leaves: 3, LiveParts: 2, PaidParts: 1,
		Outstanding: 750, PaidSum: 250, Conserved: true, Nodes: []trade.ReceivableView{
			{ID: root, Debtor: ftSelf, Holder: ftSeller, Amount: 1000, Maturity: mat, Split: true},
			{ID: p0, Debtor: ftSelf, Holder: ftLogi, Amount: 500, Maturity: mat, Parent: root, Split: true, Depth: 1},
			{ID: q0, Debtor: ftSelf, Holder: ftLogi, Amount: 250, Maturity: mat, Parent: p0, Paid: true, Depth: 2},
			{ID: q1, Debtor: ftSelf, Holder: ftComp, Amount: 250, Maturity: mat, Parent: p0, Live: true, Depth: 2},
			{ID: p1, Debtor: ftSelf, Holder: ftSeller, Amount: 500, Maturity: mat, Parent: root, Live: true, Depth: 1},
		}}
	bad := trade.ReceivableTree{Height: 4, Tx: types.Hash{0x4e}, Leaves: 1, LiveParts: 1, Outstanding: 90, Nodes: []trade.ReceivableView{
		{ID: [32]byte{0x0e, 2}, Debtor: ftSelf, Holder: ftSeller, Amount: 100, Maturity: mat, Live: true}}}
	return &trade.ReceivablePage{Trees: []trade.ReceivableTree{good, bad}, From: 1, To: f.height, Head: f.height}, nil
}

func (f *fakeTrade) OpenTerms(_ context.Context, id [32]byte, tx types.Hash) (*trade.OpenedTerms, error) {
	f.call()
	f.mu.Lock()
	f.opened = append(f.opened, tx)
	f.mu.Unlock()
	if !f.key {
		return nil, trade.ErrNoKey
	}
	if id != ftOrderID(1) && id != ftOrderID(4) {
		return nil, fmt.Errorf("%w: key 11… opens nothing", sdk.ErrNotAReader)
	}
	if id == ftOrderID(4) { // a hidden order
		v := uint64(77000)
		return &trade.OpenedTerms{Document: []byte("Contract 4: price as sealed"), Amount: &v}, nil
	}
	return &trade.OpenedTerms{Document: []byte("Contract 1: 20 t of milk powder " + f.str + "\nCNY 10,001")}, nil
}

func newTradeHarness(t *testing.T, c *fakeChain, m Metro, tv Trade) *harness {
	t.Helper()
	if c == nil {
		c = &fakeChain{height: 30}
	}
	s, err := New(Options{Chain: c, Metro: m, Trade: tv})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return &harness{t: t, s: s, srv: srv, chain: c}
}

// The Trade page: the deposit, orders with status, parties by name,
// amounts, financing, steps with attesters and evidence, terms (open
// button only when sealed to this org and the console has its key, else
// why not), paged by a cursor; receivables with their parts tree and the
// sum check (✓ and ✗); chain values escaped; bad cursors refused before
// the view is asked.
func TestTradePage(t *testing.T) {
	f := &fakeTrade{str: hostile, key: true, height: 45}
	h := newTradeHarness(t, nil, nil, f)
	c := h.signedIn()
	resp, body := h.get(c, "/trade")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/trade: %s\n%s", resp.Status, body)
	}
	if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") {
		t.Fatal("a chain value is rendered as markup")
	}
	for _, want := range []string{
		`id="nav-trade"`, "12,345,678", `data-status="4"`, "shipped", "seller &lt;script&gt;alert(1)&lt;/script&gt;",
		`data-evidence="` + strings.Repeat("e1", 32) + `"`, "10,045", "Orders proposed in blocks 26 to 45 (the head is 45)",
		"1 proposal(s) there failed", `href="/trade?before=26.0"`,
		`data-order="` + types.Hash(ftOrderID(37)).String() + `"`, "refunded", "lost at sea &lt;script&gt;", "8,000",
		`data-terms="others"`, "sealed to 3 other key(s): this org cannot read them", "no sealed terms",
		`action="/trade/order/` + types.Hash(ftOrderID(43)).String() + `/terms"`, `name="tx" value="` + (types.Hash{0x7a, 43}).String() + `"`,
		`data-conserved="true"`, "2 live, 750 outstanding; 1 paid, 250 — sum 1,000 = face value 1,000", `data-conserved="false"`,
		"do NOT sum", `data-depth="2"`, `data-state="paid"`, `data-state="split"`, `data-state="live"`,
		`data-amount="hidden"`, `data-commitment="` + strings.Repeat("c0", 32) + `"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/trade lacks %q", want)
		}
	}
	if n := strings.Count(body, `data-order="`); n != TradeOrdersPerPage {
		t.Errorf("%d orders on a page, want %d", n, TradeOrdersPerPage)
	}
	if n := strings.Count(body, `data-terms="open"`); n != 6 { // heights 43, 40, …, 28 ≡ 1 mod 3
		t.Errorf("%d open buttons", n)
	}
	// Paging.
	_, body = h.get(c, "/trade?before=26.0")
	if !strings.Contains(body, "blocks 6 to 25") || !strings.Contains(body, `href="/trade?before=6.0"`) || !strings.Contains(body, `id="td-newest"`) {
		t.Error("the second page is not the older one")
	}
	if got := f.cursors[len(f.cursors)-1]; got != (trade.Cursor{Height: 26}) {
		t.Errorf("cursor %+v reached the view", got)
	}
	_, body = h.get(c, "/trade?before=6.0")
	if strings.Contains(body, `id="td-older"`) {
		t.Error("the last page links to older orders")
	}
	calls := f.calls
	for _, q := range []string{"before=x", "before=5", "before=0.1", "rbefore=5.-1", "rbefore=<script>"} {
		if resp, _ := h.get(c, "/trade?"+q); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: %s, want 400", q, resp.Status)
		}
	}
	if f.calls != calls {
		t.Fatal("a bad cursor reached the view")
	}

	// Opening terms: POST with the session's CSRF token only.
	token := h.csrfOf(c, "/trade")
	id := types.Hash(ftOrderID(43)).String()
	tx := (types.Hash{0x7a, 43}).String()
	for _, bad := range []string{"", token + "x", h.csrfOf(h.signedIn(), "/trade")} {
		if resp, _ := h.post(c, "/trade/order/"+id+"/terms", url.Values{"csrf": {bad}, "tx": {tx}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("open with token %q: %s", bad, resp.Status)
		}
	}
	if resp, _ := h.post(h.client(), "/trade/order/"+id+"/terms", url.Values{"csrf": {token}, "tx": {tx}}); resp.StatusCode == http.StatusOK {
		t.Error("open without a session answered 200")
	}
	if len(f.opened) != 0 {
		t.Fatal("terms were opened without a session or a CSRF token")
	}
	resp, body = h.post(c, "/trade/order/"+types.Hash(ftOrderID(1)).String()+"/terms", url.Values{"csrf": {token}, "tx": {tx}})
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Contract 1: 20 t of milk powder &lt;script&gt;alert(1)&lt;/script&gt;") ||
		strings.Contains(body, "<script>alert") || !strings.Contains(body, `id="td-terms-checked"`) {
		t.Fatalf("opened terms: %s\n%s", resp.Status, body)
	}
	if len(f.opened) != 1 || f.opened[0].String() != tx {
		t.Fatalf("the proposal's transaction did not reach the view: %v", f.opened)
	}
	if strings.Contains(body, `id="td-hidden-amount"`) {
		t.Error("an order with a public amount shows a hidden amount")
	}
	// A hidden order's terms show the amount they opened.
	if resp, body := h.post(c, "/trade/order/"+types.Hash(ftOrderID(4)).String()+"/terms", url.Values{"csrf": {token}, "tx": {tx}}); resp.StatusCode != http.StatusOK ||
		!strings.Contains(body, `id="td-hidden-amount">77,000<`) {
		t.Errorf("a hidden order's terms: %s\n%s", resp.Status, body)
	}
	if resp, body := h.post(c, "/trade/order/"+types.Hash(ftOrderID(2)).String()+"/terms", url.Values{"csrf": {token}, "tx": {tx}}); resp.StatusCode != http.StatusForbidden ||
		!strings.Contains(body, "not sealed to this org") {
		t.Errorf("terms sealed to others: %s", resp.Status)
	}
	n := len(f.opened)
	for _, bad := range []struct{ id, tx string }{{"zz", tx}, {id, ""}, {id, "<script>"}} {
		if resp, _ := h.post(c, "/trade/order/"+bad.id+"/terms", url.Values{"csrf": {token}, "tx": {bad.tx}}); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("terms %q %q: %s, want 400", bad.id, bad.tx, resp.Status)
		}
	}
	if len(f.opened) != n {
		t.Fatal("bad input reached OpenTerms")
	}

	// Without the org's key: no button, the flag named, opening → 409.
	nk := &fakeTrade{str: "x", height: 10}
	h2 := newTradeHarness(t, nil, nil, nk)
	c2 := h2.signedIn()
	_, body = h2.get(c2, "/trade")
	if strings.Contains(body, `data-terms="open"`) || !strings.Contains(body, `data-terms="nokey"`) || !strings.Contains(body, `id="td-no-key"`) || !strings.Contains(body, "--enc-key") {
		t.Error("without a key the page offers to open terms or does not say why not")
	}
	if resp, _ := h2.post(c2, "/trade/order/"+types.Hash(ftOrderID(1)).String()+"/terms", url.Values{"csrf": {h2.csrfOf(c2, "/trade")}, "tx": {tx}}); resp.StatusCode != http.StatusConflict {
		t.Errorf("open without a key: %s, want 409", resp.Status)
	}
	// Without a deployment: no link, no page.
	h3 := newHarness(t, nil)
	c3 := h3.signedIn()
	if _, body := h3.get(c3, "/"); strings.Contains(body, "/trade") {
		t.Error("a console without a deployment links to the Trade page")
	}
	if resp, _ := h3.get(c3, "/trade"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("/trade without a deployment: %s", resp.Status)
	}
}

// The Trade pages render in both languages with no missing message, and
// the keys built at run time (statuses, steps) are in both catalogues.
func TestTradePagesHaveNoMissingMessages(t *testing.T) {
	for _, k := range []string{"td.status_0", "td.status_1", "td.status_2", "td.status_3", "td.status_4", "td.status_5", "td.status_6", "td.status_7",
		"td.step_proposed", "td.step_signed", "td.step_funded", "td.step_financed", "td.step_shipped", "td.step_cleared", "td.step_delivered",
		"td.step_released", "td.step_refunded"} {
		if en[k] == "" || zh[k] == "" {
			t.Errorf("%s is missing", k)
		}
	}
	f := &fakeTrade{str: "苏州", key: true, height: 40}
	h := newTradeHarness(t, nil, nil, f)
	c := h.signedIn()
	missing := regexp.MustCompile(`![a-z_]+\.[a-z_.0-9]+`)
	for _, lang := range []string{"en", "zh"} {
		for _, p := range []string{"/trade", "/trade?before=20.0&rbefore=3.0"} {
			_, body := h.get(c, p+"&lang="+lang)
			if !strings.Contains(p, "?") {
				_, body = h.get(c, p+"?lang="+lang)
			}
			if s := missing.FindString(body); s != "" {
				t.Errorf("%s in %s has a missing message: %s", p, lang, s)
			}
			if lang == "zh" && (!strings.Contains(body, "控制台") || !strings.Contains(body, "贸易融资") || !strings.Contains(body, "面值")) {
				t.Errorf("%s is not in Chinese", p)
			}
		}
		_, body := h.post(c, "/trade/order/"+types.Hash(ftOrderID(1)).String()+"/terms?lang="+lang, url.Values{"csrf": {h.csrfOf(c, "/trade")}, "tx": {strings.Repeat("ab", 32)}})
		if s := missing.FindString(body); s != "" {
			t.Errorf("terms in %s have a missing message: %s", lang, s)
		}
		if lang == "zh" && !strings.Contains(body, "订单条款") {
			t.Error("the terms page is not in Chinese")
		}
	}
}
