package console

import (
	"context"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/services/trade"
	"github.com/causeway/causeway/types"
)

// The Trade page on a real consortium (the scenario's six orgs, each with
// its node; trade.Setup): a delivered, financed order and a refunded one,
// a receivable split across three tiers, discounted and one part paid.
// The seller's console shows both orders with their status, parties,
// amounts, every step with its attester and evidence hash, opens the
// terms sealed to it (shown as text) and shows the receivable's tree with
// the sum check; the competitor's console lists the same orders but says
// it cannot read their terms (and opening them is refused), and shows its
// deposit from the discount.
func TestTradePageOnRealScenario(t *testing.T) {
	if testing.Short() {
		t.Skip("a consortium of 6 nodes")
	}
	cl := testnet.New(t, testnet.Options{Nodes: len(trade.Orgs), OrgNames: trade.Orgs})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	start := time.Now()
	dir := t.TempDir()
	d, err := trade.Setup(ctx, cl.Network, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("scenario set up in %.1fs", time.Since(start).Seconds())
	p := map[string]*trade.Party{}
	for _, org := range trade.Orgs {
		x, err := d.Connect(ctx, cl.Network, org)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { x.Client.Close() })
		p[org] = x
	}
	buyer, seller, bank, logi, customs, comp := p["buyer"], p["seller"], p["bank"], p["logistics"], p["customs"], p["competitor"]
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	ev := func(s string) [32]byte { return trade.DocumentHash([]byte(s)) }
	order := func(name string, amount uint64) ([32]byte, []byte, types.Hash) {
		id := ev("order " + name)
		doc := []byte("Contract " + name + ": 20 t of milk powder <script>alert(1)</script>, CNY " + name)
		tx, err := buyer.ProposeOrder(ctx, trade.OrderSpec{ID: id, Seller: seller.Address(), Bank: bank.Address(), Logistics: logi.Address(),
			Amount: amount, Deadline: time.Now().Add(time.Hour), Terms: trade.Terms{Document: doc, Readers: sdk.Readers{Orgs: []string{"buyer", "seller", "bank"}}}})
		must(err)
		must(seller.SignOrder(ctx, id, doc))
		must(bank.Fund(ctx, id))
		return id, doc, tx
	}
	// A: financed at 80 %, shipped, cleared, delivered: released.
	idA, docA, txA := order("A", 10_000)
	must(bank.Finance(ctx, idA, 8_000))
	must(logi.AttestShipped(ctx, idA, ev("bill of lading A")))
	must(customs.AttestCleared(ctx, idA, ev("customs declaration A")))
	must(logi.ConfirmDelivery(ctx, idA, ev("proof of delivery A")))
	// B: shipped, then the delivery fails: refunded.
	idB, _, txB := order("B", 20_000)
	must(logi.AttestShipped(ctx, idB, ev("bill of lading B")))
	must(logi.Refund(ctx, idB, "delivery failed <b>storm</b>"))
	// A receivable down three tiers: buyer → seller (split) → logistics
	// (split) → competitor, discounted by the bank; one part paid.
	rid := ev("receivable 1")
	maturity := time.Now().Add(3 * time.Second)
	must(buyer.IssueReceivable(ctx, rid, seller.Address(), 1000, maturity))
	parts, err := seller.Split(ctx, rid, 500, 500)
	must(err)
	must(seller.TransferReceivable(ctx, parts[0], logi.Address()))
	sub, err := logi.Split(ctx, parts[0], 250, 250)
	must(err)
	must(logi.TransferReceivable(ctx, sub[1], comp.Address()))
	must(bank.Discount(ctx, sub[1], comp.Address(), 100))
	time.Sleep(time.Until(maturity) + 1500*time.Millisecond)
	must(buyer.Pay(ctx, sub[0]))
	if err := cl.WaitHeight(cl.MaxHeight(), 10*time.Second); err != nil {
		t.Fatal(err)
	}

	console := func(org string) (*harness, *trade.View) {
		nc, err := DialNetwork(ctx, cl.Network, org, indexOf(trade.Orgs, org))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(nc.Close)
		must(nc.LoadEncryptionKeys(filepath.Join(dir, org, "encryption.pem"), ""))
		v, err := nc.TradeView(d)
		must(err)
		s, err := New(Options{Chain: nc, Trade: v})
		must(err)
		srv := httptest.NewServer(s.Handler())
		t.Cleanup(srv.Close)
		return &harness{t: t, s: s, srv: srv}, v
	}
	h, v := console("seller")
	c := h.signedIn()
	pageStart := time.Now()
	resp, body := h.get(c, "/trade")
	t.Logf("/trade answered in %v", time.Since(pageStart))
	if resp.StatusCode != 200 {
		t.Fatalf("/trade: %s\n%s", resp.Status, body)
	}
	block := func(attr, key string) string {
		i := strings.Index(body, attr+`="`+key+`"`)
		if i < 0 {
			t.Fatalf("no %s %s", attr, key)
		}
		j := strings.Index(body[i:], "</tr>")
		return body[i : i+j]
	}
	rowA := block("data-order", types.Hash(idA).String())
	for _, want := range []string{`data-status="6"`, `data-amount="10,000"`, `data-financed="8,000"`, ">buyer<", ">seller<", ">bank<", ">logistics<",
		`data-step="proposed"`, `data-step="signed"`, `data-step="funded"`, `data-step="financed"`, `data-step="shipped"`, `data-step="cleared"`,
		`data-step="delivered"`, `data-step="released"`, ">customs<", "8,000 to the financier",
		`data-evidence="` + types.Hash(ev("bill of lading A")).String() + `"`, `data-evidence="` + types.Hash(ev("customs declaration A")).String() + `"`,
		`data-evidence="` + types.Hash(ev("proof of delivery A")).String() + `"`, `data-terms="open"`, `value="` + txA.String() + `"`} {
		if !strings.Contains(rowA, want) {
			t.Errorf("order A lacks %q:\n%s", want, rowA)
		}
	}
	rowB := block("data-order", types.Hash(idB).String())
	for _, want := range []string{`data-status="7"`, `data-amount="20,000"`, `data-step="refunded"`, "delivery failed &lt;b&gt;storm&lt;/b&gt;", `data-terms="open"`} {
		if !strings.Contains(rowB, want) {
			t.Errorf("order B lacks %q:\n%s", want, rowB)
		}
	}
	if strings.Index(body, types.Hash(idB).String()) > strings.Index(body, types.Hash(idA).String()) {
		t.Error("the orders are not newest first")
	}
	// The seller's deposit: A's amount (8,000 advanced, 2,000 on release).
	if !strings.Contains(body, `<strong>10,000</strong>`) {
		t.Error("the seller's deposit is not 10,000")
	}
	// The receivable's tree and the check.
	i := strings.Index(body, `data-receivable="`+types.Hash(rid).String()+`"`)
	if i < 0 {
		t.Fatal("no receivable")
	}
	tree := body[i : i+strings.Index(body[i:], "</div>")]
	for _, want := range []string{`data-conserved="true"`, "3 part(s) not split further — 2 live, 750 outstanding; 1 paid, 250 — sum 1,000 = face value 1,000",
		`data-part="` + types.Hash(parts[0]).String() + `" data-depth="1"`, `data-part="` + types.Hash(sub[0]).String() + `" data-depth="2"`,
		`data-part="` + types.Hash(sub[1]).String() + `" data-depth="2"`, `data-part="` + types.Hash(parts[1]).String() + `" data-depth="1"`} {
		if !strings.Contains(tree, want) {
			t.Errorf("the receivable lacks %q:\n%s", want, tree)
		}
	}
	for part, want := range map[[32]byte][]string{rid: {"split"}, parts[0]: {"split", ">logistics<"}, sub[0]: {"paid", ">logistics<"},
		sub[1]: {"live", ">bank<"}, parts[1]: {"live", ">seller<"}} {
		i := strings.Index(tree, `data-part="`+types.Hash(part).String()+`"`)
		r := tree[i : i+strings.Index(tree[i:], "</tr>")]
		if !strings.Contains(r, `data-state="`+want[0]+`"`) || len(want) > 1 && !strings.Contains(r, want[1]) {
			t.Errorf("part %x: want %v:\n%s", part[:4], want, r)
		}
	}
	// Opening A's terms: the document, as text.
	token := h.csrfOf(c, "/trade")
	resp, body = h.post(c, "/trade/order/"+types.Hash(idA).String()+"/terms", url.Values{"csrf": {token}, "tx": {txA.String()}})
	if resp.StatusCode != 200 || !strings.Contains(body, strings.ReplaceAll(strings.ReplaceAll(string(docA), "<", "&lt;"), ">", "&gt;")) || strings.Contains(body, "<script>alert") {
		t.Fatalf("terms of A: %s\n%s", resp.Status, body)
	}
	// B's proposal does not open as A's terms (they hash to another document).
	if resp, _ := h.post(c, "/trade/order/"+types.Hash(idA).String()+"/terms", url.Values{"csrf": {token}, "tx": {txB.String()}}); resp.StatusCode == 200 {
		t.Error("another order's terms opened as A's")
	}
	// The view's pages of one order: B, then A, then nothing.
	var seen []string
	cur := trade.Cursor{}
	for pages := 0; ; pages++ {
		if pages > 50 {
			t.Fatal("the order pages do not end")
		}
		pg, err := v.Orders(ctx, cur, 1)
		must(err)
		for _, o := range pg.Orders {
			seen = append(seen, string(rune('A'+map[[32]byte]int{idA: 0, idB: 1}[o.ID])))
		}
		if pg.Next == nil {
			break
		}
		cur = *pg.Next
	}
	if strings.Join(seen, "") != "BA" {
		t.Fatalf("paged orders %v, want B, A", seen)
	}
	// Over windows of 4 blocks: each page reads at most 4 blocks for
	// proposals and 4 above them for steps, and every order comes once.
	v.Window = 4
	seen, cur = nil, trade.Cursor{}
	for pages := 0; ; pages++ {
		if pages > 200 {
			t.Fatal("the order pages do not end")
		}
		pg, err := v.Orders(ctx, cur, 5)
		must(err)
		if pg.To-pg.From >= 4 || pg.StepsTo > pg.To+4 {
			t.Fatalf("a page over blocks %d..%d, steps to %d", pg.From, pg.To, pg.StepsTo)
		}
		for _, o := range pg.Orders {
			seen = append(seen, string(rune('A'+map[[32]byte]int{idA: 0, idB: 1}[o.ID])))
		}
		if pg.Next == nil {
			break
		}
		cur = *pg.Next
	}
	if strings.Join(seen, "") != "BA" {
		t.Fatalf("paged orders over small windows %v, want B, A", seen)
	}
	v.Window = 0

	// The competitor: lists the orders, cannot read their terms.
	h2, _ := console("competitor")
	c2 := h2.signedIn()
	_, body = h2.get(c2, "/trade")
	if strings.Contains(body, `data-terms="open"`) || strings.Count(body, `data-terms="others"`) != 2 || !strings.Contains(body, "this org cannot read them") {
		t.Error("the competitor's console offers terms it cannot read, or does not say so")
	}
	// Its deposit: the discounted part (250 less 1 %, rounded down: 248).
	if !strings.Contains(body, `<strong>248</strong>`) {
		t.Error("the competitor's deposit is not 248")
	}
	resp, body = h2.post(c2, "/trade/order/"+types.Hash(idA).String()+"/terms", url.Values{"csrf": {h2.csrfOf(c2, "/trade")}, "tx": {txA.String()}})
	if resp.StatusCode != 403 || strings.Contains(body, "milk powder") {
		t.Fatalf("the competitor opening A's terms: %s", resp.Status)
	}
}

func indexOf(xs []string, x string) int {
	for i, y := range xs {
		if y == x {
			return i
		}
	}
	return -1
}
