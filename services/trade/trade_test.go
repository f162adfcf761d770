package trade_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/crypto/seal"
	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/services/trade"
	"github.com/causeway/causeway/types"
)

var orgs = []string{"buyer", "seller", "bank", "logistics", "customs", "competitor"}

type world struct {
	t       *testing.T
	c       *testnet.Cluster
	parties map[string]*trade.Party
}

func id(s string) [32]byte { return sha256.Sum256([]byte(s)) }

// newWorld: six orgs, each with its node; the ones that read terms get
// an encryption key; the bank's account deploys the contract and grants
// the roles; two more enterprise accounts (tiers 2 and 3) are created.
func newWorld(t *testing.T) *world {
	t.Helper()
	c := testnet.New(t, testnet.Options{Nodes: len(orgs), OrgNames: orgs})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	opt := c.TxOptions()
	admins, err := c.Network.AdminAccounts()
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]*seal.EncryptionKey{}
	cl0 := c.Client(0)
	for _, org := range []string{"buyer", "seller", "bank", "competitor"} {
		k, err := seal.GenerateEncryptionKey("intl")
		if err != nil {
			t.Fatal(err)
		}
		keys[org] = k
		if _, err := cl0.SetOrgEncryptionKeyByVote(ctx, opt, admins, org, k.PublicKey()); err != nil {
			t.Fatal(err)
		}
	}
	w := &world{t: t, c: c, parties: map[string]*trade.Party{}}
	addr, err := trade.Deploy(ctx, c.Client(2), c.Account(2), opt)
	if err != nil {
		t.Fatal(err)
	}
	for i, org := range orgs {
		w.parties[org] = trade.NewParty(org, c.Client(i), c.Account(i), keys[org], addr, opt)
	}
	// Tier-2 and tier-3 suppliers: accounts of their own (through the seller's node).
	for _, name := range []string{"tier2", "tier3"} {
		k, err := crypto.GenerateKey(types.SignatureScheme_ED25519)
		if err != nil {
			t.Fatal(err)
		}
		a := sdk.Account{Name: name, Signer: k, Suite: c.Network.Suite()}
		tx, err := a.CreateAccountTx(opt)
		if err != nil {
			t.Fatal(err)
		}
		if r, err := c.Client(1).SubmitAndWait(ctx, tx); err != nil || r.GetReceipt().GetStatus() != types.ReceiptStatus_SUCCESS {
			t.Fatalf("account %s: %v %v", name, err, r.GetReceipt())
		}
		w.parties[name] = trade.NewParty(name, c.Client(1), a, nil, addr, opt)
	}
	bank := w.parties["bank"]
	grants := []struct {
		who  string
		role uint8
	}{{"buyer", trade.RoleBuyer}, {"seller", trade.RoleSeller}, {"bank", trade.RoleBank}, {"logistics", trade.RoleLogistics},
		{"customs", trade.RoleCustoms}, {"buyer", trade.RoleEnterprise}, {"seller", trade.RoleEnterprise}, {"tier2", trade.RoleEnterprise}, {"tier3", trade.RoleEnterprise}}
	for _, g := range grants {
		if err := bank.GrantRole(ctx, w.parties[g.who].Address(), g.role); err != nil {
			t.Fatal(err)
		}
	}
	if err := bank.Deposit(ctx, w.parties["buyer"].Address(), 1_000_000); err != nil {
		t.Fatal(err)
	}
	if err := bank.Deposit(ctx, bank.Address(), 500_000); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *world) p(name string) *trade.Party { return w.parties[name] }

// sync waits until every node holds the highest block any node has: a
// transaction is acknowledged by the node it was sent to, and the others
// apply its block moments later.
func (w *world) sync() {
	w.t.Helper()
	if err := w.c.WaitHeight(w.c.MaxHeight(), 10*time.Second); err != nil {
		w.t.Fatal(err)
	}
}

func (w *world) balance(ctx context.Context, who string) uint64 {
	w.t.Helper()
	b, err := w.p("bank").Balance(ctx, w.p(who).Address())
	if err != nil {
		w.t.Fatal(err)
	}
	return b
}

// expectBalance waits until the bank's node has applied the latest block
// (a transaction is acknowledged by the node it was sent to; the others
// apply its block moments later) and checks who's deposit.
func (w *world) expectBalance(ctx context.Context, what, who string, want uint64) {
	w.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		b := w.balance(ctx, who)
		if b == want {
			return
		}
		if time.Now().After(deadline) {
			w.t.Fatalf("%s: %s holds %d, want %d", what, who, b, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// refused expects err to be the contract's refusal with reason.
func refused(t *testing.T, what string, err error, reason string) {
	t.Helper()
	var re *trade.RefusedError
	if !errors.As(err, &re) || !errors.Is(err, trade.ErrRefused) || !strings.Contains(re.Reason, reason) {
		t.Fatalf("%s: want the refusal %q, got %v", what, reason, err)
	}
}

// TestTradeFromOrderToPaymentRefundAndReceivables: a trade from order to
// automatic payment with financing; a failed delivery refunded; a
// receivable split across three tiers and discounted, amounts conserved
// and each part paid once; a competitor cannot read the terms; every role
// violation refused with its reason, changing nothing.
func TestTradeFromOrderToPaymentRefundAndReceivables(t *testing.T) {
	if testing.Short() {
		t.Skip("a consortium of 6 nodes")
	}
	w := newWorld(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	buyer, seller, bank, logi, customs, comp := w.p("buyer"), w.p("seller"), w.p("bank"), w.p("logistics"), w.p("customs"), w.p("competitor")

	// The order: terms sealed to buyer, seller and bank.
	doc := []byte("采购合同 No. 2026-118: 20 t of Wuchang rice, CIF Shanghai, 100000 CNY, delivery by 2026-12-31")
	orderA := id("order A")
	spec := trade.OrderSpec{ID: orderA, Seller: seller.Address(), Bank: bank.Address(), Logistics: logi.Address(), Amount: 100_000,
		Deadline: time.Now().Add(time.Hour), Terms: trade.Terms{Document: doc, Readers: sdk.Readers{Orgs: []string{"buyer", "seller", "bank"}}}}
	// Role violations first: the seller cannot propose.
	if _, err := seller.ProposeOrder(ctx, spec); err == nil {
		t.Fatal("the seller proposed an order")
	} else {
		refused(t, "the seller proposes", err, "not a buyer")
	}
	termsTx, err := buyer.ProposeOrder(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	// The seller reads the terms; the competitor cannot, with its own key.
	w.sync()
	got, err := seller.OpenTerms(ctx, orderA, termsTx)
	if err != nil || string(got) != string(doc) {
		t.Fatalf("the seller's terms: %q %v", got, err)
	}
	if _, err := comp.OpenTerms(ctx, orderA, termsTx); !errors.Is(err, sdk.ErrNotAReader) {
		t.Fatalf("the competitor opened the terms: %v", err)
	}
	refused(t, "the buyer signs its own order", buyer.SignOrder(ctx, orderA, doc), "only the order's seller signs")
	refused(t, "the seller signs another document", seller.SignOrder(ctx, orderA, []byte("another")), "another document")
	refused(t, "funding before signature", bank.Fund(ctx, orderA), "not a signed order")
	if err := seller.SignOrder(ctx, orderA, doc); err != nil {
		t.Fatal(err)
	}
	refused(t, "the seller funds", seller.Fund(ctx, orderA), "only the buyer's bank escrows")
	refused(t, "shipping before funding", logi.AttestShipped(ctx, orderA, id("bl")), "not a funded order")
	if err := bank.Fund(ctx, orderA); err != nil {
		t.Fatal(err)
	}
	w.expectBalance(ctx, "the buyer's deposit after escrow", "buyer", 900_000)
	// Financing against the order: at most 80 %, once.
	refused(t, "financing above 80 %", bank.Finance(ctx, orderA, 80_001), "at most 80 %")
	refused(t, "the competitor finances", comp.Finance(ctx, orderA, 10_000), "not a bank")
	if err := bank.Finance(ctx, orderA, 80_000); err != nil {
		t.Fatal(err)
	}
	refused(t, "a second financing", bank.Finance(ctx, orderA, 1_000), "already financed")
	w.expectBalance(ctx, "the seller after financing", "seller", 80_000)
	// Milestones, each by its attester, in order.
	refused(t, "customs attests shipment", customs.AttestShipped(ctx, orderA, id("bl")), "only the order's logistics provider")
	if err := logi.AttestShipped(ctx, orderA, id("bill of lading")); err != nil {
		t.Fatal(err)
	}
	refused(t, "delivery before clearance", logi.ConfirmDelivery(ctx, orderA, id("pod")), "not a cleared order")
	refused(t, "the competitor clears", comp.AttestCleared(ctx, orderA, id("decl")), "not customs")
	if err := customs.AttestCleared(ctx, orderA, id("customs declaration")); err != nil {
		t.Fatal(err)
	}
	refused(t, "the seller refunds", seller.Refund(ctx, orderA, "x"), "only the logistics provider, or anyone after the deadline")
	refused(t, "customs confirms delivery", customs.ConfirmDelivery(ctx, orderA, id("pod")), "only the order's logistics provider")
	if err := logi.ConfirmDelivery(ctx, orderA, id("proof of delivery")); err != nil {
		t.Fatal(err)
	}
	// Released at once: the financier repaid first, the rest to the seller.
	w.expectBalance(ctx, "the seller after delivery", "seller", 80_000+20_000)
	w.expectBalance(ctx, "the bank after repayment", "bank", 500_000)
	w.sync()
	if o, _ := buyer.Order(ctx, orderA); o.Status != trade.StatusDelivered {
		t.Fatalf("order A: %+v", o)
	}
	refused(t, "a second delivery", logi.ConfirmDelivery(ctx, orderA, id("pod")), "not a cleared order")
	refused(t, "a refund after payment", logi.Refund(ctx, orderA, "late"), "nothing escrowed")

	// A failed delivery is refunded.
	orderB := id("order B")
	specB := spec
	specB.ID, specB.Amount = orderB, 50_000
	if _, err := buyer.ProposeOrder(ctx, specB); err != nil {
		t.Fatal(err)
	}
	if err := seller.SignOrder(ctx, orderB, doc); err != nil {
		t.Fatal(err)
	}
	if err := bank.Fund(ctx, orderB); err != nil {
		t.Fatal(err)
	}
	if err := logi.AttestShipped(ctx, orderB, id("bl B")); err != nil {
		t.Fatal(err)
	}
	if err := logi.Refund(ctx, orderB, "container lost at sea"); err != nil {
		t.Fatal(err)
	}
	w.expectBalance(ctx, "the buyer after the refund", "buyer", 900_000)
	refused(t, "clearing a refunded order", customs.AttestCleared(ctx, orderB, id("decl")), "not a shipped order")

	// Receivables across three tiers.
	const face = 300_000
	if err := bank.Deposit(ctx, buyer.Address(), face); err != nil { // the core enterprise's funds for maturity
		t.Fatal(err)
	}
	w.expectBalance(ctx, "the core enterprise's funds", "buyer", 900_000+face)
	coreBefore := w.balance(ctx, "buyer")
	recv := id("payable 2026-Q4")
	maturity := time.Now().Add(4 * time.Second)
	refused(t, "a bank issues a receivable", bank.IssueReceivable(ctx, recv, seller.Address(), face, maturity.Add(time.Hour)), "not an enterprise")
	if err := buyer.IssueReceivable(ctx, recv, seller.Address(), face, maturity); err != nil {
		t.Fatal(err)
	}
	if _, err := seller.Split(ctx, recv, 200_000, 99_999); err == nil {
		t.Fatal("a split that does not sum")
	} else {
		refused(t, "a split that does not sum", err, "do not sum to the whole")
	}
	if _, err := w.p("tier2").Split(ctx, recv, 150_000, 150_000); err == nil {
		t.Fatal("a split by a non-holder")
	} else {
		refused(t, "a split by a non-holder", err, "only the holder splits")
	}
	parts, err := seller.Split(ctx, recv, 200_000, 100_000)
	if err != nil {
		t.Fatal(err)
	}
	p1, p2 := parts[0], parts[1]
	if err := seller.TransferReceivable(ctx, p1, w.p("tier2").Address()); err != nil {
		t.Fatal(err)
	}
	sub, err := w.p("tier2").Split(ctx, p1, 150_000, 50_000)
	if err != nil {
		t.Fatal(err)
	}
	p11, p12 := sub[0], sub[1]
	if err := w.p("tier2").TransferReceivable(ctx, p12, w.p("tier3").Address()); err != nil {
		t.Fatal(err)
	}
	refused(t, "discount with a stale holder", bank.Discount(ctx, p12, w.p("tier2").Address(), 200), "the holder changed")
	if err := bank.Discount(ctx, p12, w.p("tier3").Address(), 200); err != nil {
		t.Fatal(err)
	}
	w.expectBalance(ctx, "tier 3 after discounting 50000 at 2", "tier3", 50_000-1_000)
	// The live parts sum to the face value (the test's own sum).
	w.sync()
	var sum uint64
	for _, pid := range [][32]byte{p2, p11, p12} {
		r, err := buyer.Receivable(ctx, pid)
		if err != nil || !r.Live || r.Paid {
			t.Fatalf("part %x: %+v %v", pid, r, err)
		}
		sum += r.Amount
	}
	if sum != face {
		t.Fatalf("the live parts sum to %d, the receivable was %d", sum, face)
	}
	refused(t, "paying before maturity", buyer.Pay(ctx, p2), "not mature")
	time.Sleep(time.Until(maturity) + time.Second)
	refused(t, "paying a split receivable", buyer.Pay(ctx, recv), "split: pay its parts")
	refused(t, "the holder pays itself", seller.Pay(ctx, p2), "only the debtor pays")
	for _, pid := range [][32]byte{p2, p11, p12} {
		if err := buyer.Pay(ctx, pid); err != nil {
			t.Fatal(err)
		}
	}
	refused(t, "paying a part twice", buyer.Pay(ctx, p12), "already paid")
	w.expectBalance(ctx, "the core enterprise paid the face value exactly", "buyer", coreBefore-face)
	want := map[string]uint64{"seller": 100_000 + 100_000, "tier2": 150_000, "tier3": 49_000, "bank": 500_000 - 49_000 + 50_000}
	for who, v := range want {
		w.expectBalance(ctx, "after the payments", who, v)
	}
	// Only the operator grants roles.
	refused(t, "the competitor grants itself the bank role", comp.GrantRole(ctx, comp.Address(), trade.RoleBank), "only the operator grants roles")
}
