package trade_test

import (
	"context"
	"encoding/binary"
	"errors"
	"testing"
	"time"

	"github.com/causeway/causeway/crypto/confidential"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/services/trade"
)

// expectHidden waits until who's hidden deposit on the bank's node is the
// commitment want (computed by the test from openings it holds).
func (w *world) expectHidden(ctx context.Context, what, who string, want confidential.Commitment) {
	w.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		got, err := w.p("bank").HiddenBalance(ctx, w.p(who).Address())
		if err != nil {
			w.t.Fatal(err)
		}
		if got.Equal(want) {
			return
		}
		if time.Now().After(deadline) {
			w.t.Fatalf("%s: %s's hidden deposit is %s, want %s", what, who, got, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestHiddenOrderEscrowedReleasedAndRefunded: a trade whose amount is a
// commitment. The buyer's bank escrows it from the buyer's hidden deposit
// with proofs the chain checks; delivery releases it to the seller's hidden
// deposit and a failed delivery refunds it. Only the parties read the
// amount: the order, its events and its transactions never carry it. A
// bank that lies (creates money, overdraws, replays a stale proof) is
// refused and nothing changes.
func TestHiddenOrderEscrowedReleasedAndRefunded(t *testing.T) {
	if testing.Short() {
		t.Skip("a consortium of 6 nodes")
	}
	w := newWorld(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	buyer, seller, bank, logi, customs, comp := w.p("buyer"), w.p("seller"), w.p("bank"), w.p("logistics"), w.p("customs"), w.p("competitor")
	books := trade.NewBooks()
	parties := sdk.Readers{Orgs: []string{"buyer", "seller", "bank"}}

	// The bank credits the buyer's hidden deposit; the buyer opens it.
	depTx, err := bank.DepositHidden(ctx, books, buyer.Address(), 1_000_000, sdk.Readers{Orgs: []string{"buyer", "bank"}})
	if err != nil {
		t.Fatal(err)
	}
	w.sync()
	dep, err := buyer.OpenDeposit(ctx, depTx)
	if err != nil || dep.Value != 1_000_000 {
		t.Fatalf("the buyer's deposit opening: %+v %v", dep, err)
	}
	if _, err := comp.OpenDeposit(ctx, depTx); !errors.Is(err, sdk.ErrNotAReader) {
		t.Fatalf("the competitor opened the deposit: %v", err)
	}
	w.expectHidden(ctx, "after the deposit", "buyer", confidential.Commit(1_000_000, dep.Blinding))
	if _, err := comp.DepositHidden(ctx, trade.NewBooks(), comp.Address(), 5, sdk.Readers{Orgs: []string{"competitor"}}); err == nil {
		t.Fatal("the competitor credited itself")
	} else {
		refused(t, "the competitor deposits", err, "not a bank")
	}

	// A hidden order of 250000: the parties read the amount, the competitor nothing.
	const amountA = 250_000
	doc := []byte("采购合同 No. 2026-204: 40 t of milk powder, FOB Rotterdam, price as sealed")
	orderA := id("hidden order A")
	spec := trade.OrderSpec{ID: orderA, Seller: seller.Address(), Bank: bank.Address(), Logistics: logi.Address(), Amount: amountA,
		Deadline: time.Now().Add(time.Hour), Terms: trade.Terms{Document: doc, Readers: parties}}
	termsTx, _, err := buyer.ProposeHiddenOrder(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	w.sync()
	gotDoc, a, err := seller.OpenHiddenTerms(ctx, orderA, termsTx)
	if err != nil || string(gotDoc) != string(doc) || a.Value != amountA {
		t.Fatalf("the seller's view of the hidden terms: %q %d %v", gotDoc, a.Value, err)
	}
	if _, _, err := comp.OpenHiddenTerms(ctx, orderA, termsTx); !errors.Is(err, sdk.ErrNotAReader) {
		t.Fatalf("the competitor opened the hidden terms: %v", err)
	}
	if o, err := comp.Order(ctx, orderA); err != nil || o.Amount != 0 {
		t.Fatalf("the order shows a public amount: %+v %v", o, err)
	}
	// Neither the proposal nor its receipt carries the amount in any encoding a reader could scan for.
	w.noAmountIn(ctx, termsTx, amountA)
	if err := seller.SignOrder(ctx, orderA, doc); err != nil {
		t.Fatal(err)
	}
	_, bankA, err := bank.OpenHiddenTerms(ctx, orderA, termsTx)
	if err != nil || !bankA.Commitment().Equal(a.Commitment()) {
		t.Fatalf("the bank's view of the amount: %v", err)
	}
	refused(t, "a public escrow of a hidden order", bank.Fund(ctx, orderA), "escrowed with fundHidden")
	refused(t, "financing a hidden order", bank.Finance(ctx, orderA, 1), "not on the chain")

	// Lying banks. (1) Creating money: the balance claimed is 2000000, so the
	// change commits to 1750000 while the deposit holds 1000000.
	balance, err := bank.HiddenBalance(ctx, buyer.Address())
	if err != nil {
		t.Fatal(err)
	}
	fctx, err := bank.FundContext(ctx, orderA, balance)
	if err != nil {
		t.Fatal(err)
	}
	inflated := confidential.Opening{Value: 2_000_000, Blinding: dep.Blinding}
	forged, _, err := trade.ProveEscrow(fctx, inflated, bankA)
	if err != nil {
		t.Fatal(err)
	}
	refused(t, "an escrow that creates money", bank.SubmitEscrow(ctx, orderA, forged), "do not add up to the buyer's hidden deposit")
	// (2) A proof from another order's context (replay): valid for order Z, not for A.
	zctx, err := bank.FundContext(ctx, id("order Z"), balance)
	if err != nil {
		t.Fatal(err)
	}
	replayed, _, err := trade.ProveEscrow(zctx, dep, bankA)
	if err != nil {
		t.Fatal(err)
	}
	refused(t, "a proof made for another order", bank.SubmitEscrow(ctx, orderA, replayed), "no range proof")
	// (3) Someone else than the order's bank.
	honest, _, err := trade.ProveEscrow(fctx, dep, bankA)
	if err != nil {
		t.Fatal(err)
	}
	refused(t, "the competitor escrows", comp.SubmitEscrow(ctx, orderA, honest), "only the buyer's bank escrows")
	w.expectHidden(ctx, "after the refused escrows", "buyer", confidential.Commit(1_000_000, dep.Blinding))
	// (4) A stale proof: the deposit changed after the proof was made.
	dep2Tx, err := bank.DepositHidden(ctx, books, buyer.Address(), 10_000, sdk.Readers{Orgs: []string{"buyer", "bank"}})
	if err != nil {
		t.Fatal(err)
	}
	w.sync()
	dep2, err := buyer.OpenDeposit(ctx, dep2Tx)
	if err != nil || dep2.Value != 10_000 {
		t.Fatalf("the second deposit: %+v %v", dep2, err)
	}
	refused(t, "a stale proof", bank.SubmitEscrow(ctx, orderA, honest), "no range proof")
	if o, _ := bank.Order(ctx, orderA); o.Status != trade.StatusSigned {
		t.Fatalf("the refused escrows changed the order: %+v", o)
	}
	// The honest bank escrows: the buyer's deposit is now 1010000 − 250000.
	if err := bank.FundHidden(ctx, books, orderA, bankA); err != nil {
		t.Fatal(err)
	}
	held := confidential.Commit(1_010_000-amountA, dep.Blinding.Add(dep2.Blinding).Sub(a.Blinding))
	w.expectHidden(ctx, "after the escrow", "buyer", held)

	// (5) An overdraw: an order of 900000 against 760000 left. The bank's
	// tooling refuses; a bank that submits anyway has no range proof for a
	// negative change, and the chain refuses what it sends.
	orderB := id("hidden order B")
	specB := spec
	specB.ID, specB.Amount = orderB, 900_000
	termsB, _, err := buyer.ProposeHiddenOrder(ctx, specB)
	if err != nil {
		t.Fatal(err)
	}
	if err := seller.SignOrder(ctx, orderB, doc); err != nil {
		t.Fatal(err)
	}
	w.sync()
	_, b, err := bank.OpenHiddenTerms(ctx, orderB, termsB)
	if err != nil {
		t.Fatal(err)
	}
	if err := bank.FundHidden(ctx, books, orderB, b); !errors.Is(err, trade.ErrShort) {
		t.Fatalf("an overdraw: want ErrShort, got %v", err)
	}
	cur, err := bank.HiddenBalance(ctx, buyer.Address())
	if err != nil {
		t.Fatal(err)
	}
	bctx, err := bank.FundContext(ctx, orderB, cur)
	if err != nil {
		t.Fatal(err)
	}
	// The change it would need commits to 760000 − 900000 (mod the group
	// order); its range proof is one made for other commitments.
	negative := cur.Sub(b.Commitment())
	fake, _, err := trade.ProveEscrow(bctx, confidential.Opening{Value: 1_000_000, Blinding: b.Blinding}, b)
	if err != nil {
		t.Fatal(err)
	}
	fake.Change = negative
	refused(t, "an overdraw with a borrowed range proof", bank.SubmitEscrow(ctx, orderB, fake), "no range proof")
	w.expectHidden(ctx, "after the refused overdraw", "buyer", held)

	// Delivery releases the amount to the seller's hidden deposit, which the
	// seller opens with what the terms told it.
	if err := logi.AttestShipped(ctx, orderA, id("bl A")); err != nil {
		t.Fatal(err)
	}
	if err := customs.AttestCleared(ctx, orderA, id("decl A")); err != nil {
		t.Fatal(err)
	}
	if err := logi.ConfirmDelivery(ctx, orderA, id("pod A")); err != nil {
		t.Fatal(err)
	}
	w.expectHidden(ctx, "the seller after delivery", "seller", confidential.Commit(amountA, a.Blinding))
	w.expectBalance(ctx, "the seller's public deposit is untouched", "seller", 0)

	// A failed delivery refunds: order C of 60000, escrowed, then lost.
	orderC := id("hidden order C")
	specC := spec
	specC.ID, specC.Amount = orderC, 60_000
	termsC, _, err := buyer.ProposeHiddenOrder(ctx, specC)
	if err != nil {
		t.Fatal(err)
	}
	if err := seller.SignOrder(ctx, orderC, doc); err != nil {
		t.Fatal(err)
	}
	w.sync()
	_, c, err := bank.OpenHiddenTerms(ctx, orderC, termsC)
	if err != nil {
		t.Fatal(err)
	}
	if err := bank.FundHidden(ctx, books, orderC, c); err != nil {
		t.Fatal(err)
	}
	w.expectHidden(ctx, "after escrowing C", "buyer", held.Sub(c.Commitment()))
	if err := logi.Refund(ctx, orderC, "container lost at sea"); err != nil {
		t.Fatal(err)
	}
	w.expectHidden(ctx, "after the refund of C", "buyer", held)
	// The bank's books follow the refund: they open the deposit on the chain.
	w.sync()
	got, err := bank.Sync(ctx, books, buyer.Address())
	if err != nil || got.Value != 1_010_000-amountA {
		t.Fatalf("the bank's books after the refund: %d %v", got.Value, err)
	}
	// Books that do not match the chain are caught before any proof is sent.
	if err := bank.FundHidden(ctx, trade.NewBooks(), orderB, b); !errors.Is(err, trade.ErrBooks) {
		t.Fatalf("empty books: want ErrBooks, got %v", err)
	}
}

// noAmountIn fails if the transaction tx, or its receipt's logs, contain
// v as a 32-byte or 8-byte big-endian number.
func (w *world) noAmountIn(ctx context.Context, tx [32]byte, v uint64) {
	w.t.Helper()
	r, err := w.c.Client(0).GetTx(ctx, tx)
	if err != nil {
		w.t.Fatal(err)
	}
	word := make([]byte, 32)
	binary.BigEndian.PutUint64(word[24:], v)
	short := word[24:]
	var blobs [][]byte
	blobs = append(blobs, r.GetTx().GetBody())
	for _, l := range r.GetReceipt().GetLogs() {
		blobs = append(blobs, l.GetData())
		blobs = append(blobs, l.GetTopics()...)
	}
	for _, b := range blobs {
		if containsBytes(b, word) || containsBytes(b, short) {
			w.t.Fatalf("the amount %d is visible in transaction %x", v, tx)
		}
	}
}

func containsBytes(b, sub []byte) bool {
	for i := 0; i+len(sub) <= len(b); i++ {
		if string(b[i:i+len(sub)]) == string(sub) {
			return true
		}
	}
	return false
}
