package trade

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/causeway/causeway/crypto/confidential"
	"github.com/causeway/causeway/crypto/seal"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

// Orgs are the organisations of the trade scenario, each with its node:
// the trading parties, the buyer's bank, the logistics provider, customs,
// and a competitor of the seller that shares the chain.
var Orgs = []string{"buyer", "seller", "bank", "logistics", "customs", "competitor"}

// readers are the orgs whose encryption keys the scenario sets: those
// terms are sealed to, and the competitor (to show it cannot read them).
var readers = []string{"buyer", "seller", "bank", "competitor"}

// DeploymentFile is the deployment's description in its folder.
const DeploymentFile = "trade.json"

// Deployment is the scenario on a consortium.
type Deployment struct {
	ChainID  string `json:"chain_id"`
	Contract string `json:"contract"`
	Dir      string `json:"-"`
}

// LoadDeployment reads DIR/trade.json.
func LoadDeployment(dir string) (*Deployment, error) {
	b, err := os.ReadFile(filepath.Join(dir, DeploymentFile))
	if err != nil {
		return nil, err
	}
	var d Deployment
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, err
	}
	d.Dir = dir
	return &d, nil
}

func orgAccount(nw *sdk.Network, org string) (sdk.Account, error) { return nw.OrgAccount(org) }

func dial(ctx context.Context, nw *sdk.Network, org string) (*sdk.Client, error) {
	return sdk.DialOrg(ctx, nw, org)
}

// Setup prepares a consortium of Orgs: encryption keys (by the admins'
// votes), the contract deployed by the bank, every role granted, the
// buyer's and the bank's deposits.
func Setup(ctx context.Context, nw *sdk.Network, dir string, say func(string, ...any)) (*Deployment, error) {
	if say == nil {
		say = func(string, ...any) {}
	}
	opt := sdk.TxOptions{ChainID: nw.ChainID}
	admins, err := nw.AdminAccounts()
	if err != nil {
		return nil, err
	}
	cl, err := dial(ctx, nw, "bank")
	if err != nil {
		return nil, err
	}
	defer cl.Close()
	suite := "intl"
	if nw.Suite().Name() == types.GM.Name() {
		suite = "gm"
	}
	for _, org := range readers {
		k, err := seal.GenerateEncryptionKey(suite)
		if err != nil {
			return nil, err
		}
		if err := os.MkdirAll(filepath.Join(dir, org), 0o755); err != nil {
			return nil, err
		}
		if err := sdk.SaveEncryptionKey(filepath.Join(dir, org, "encryption.pem"), k); err != nil {
			return nil, err
		}
		say("encryption key of %s: %s", org, k.ID())
		if _, err := cl.SetOrgEncryptionKeyByVote(ctx, opt, admins, org, k.PublicKey()); err != nil {
			return nil, err
		}
	}
	bankAcct, err := orgAccount(nw, "bank")
	if err != nil {
		return nil, err
	}
	addr, err := Deploy(ctx, cl, bankAcct, opt)
	if err != nil {
		return nil, err
	}
	d := &Deployment{ChainID: nw.ChainID, Contract: hex.EncodeToString(addr), Dir: dir}
	b, _ := json.MarshalIndent(d, "", "  ")
	if err := os.WriteFile(filepath.Join(dir, DeploymentFile), append(b, '\n'), 0o644); err != nil {
		return nil, err
	}
	say("the Trade contract is deployed at %s", d.Contract)
	bank := NewParty("bank", cl, bankAcct, nil, addr, opt)
	roles := map[string][]uint8{"buyer": {RoleBuyer, RoleEnterprise}, "seller": {RoleSeller, RoleEnterprise}, "bank": {RoleBank},
		"logistics": {RoleLogistics, RoleEnterprise}, "customs": {RoleCustoms}, "competitor": {RoleSeller, RoleEnterprise}}
	for _, org := range Orgs {
		a, err := orgAccount(nw, org)
		if err != nil {
			return nil, err
		}
		for _, r := range roles[org] {
			if err := bank.GrantRole(ctx, AddressOf(a.ID()), r); err != nil {
				return nil, err
			}
		}
	}
	buyer, _ := orgAccount(nw, "buyer")
	if err := bank.Deposit(ctx, AddressOf(buyer.ID()), 1<<50); err != nil {
		return nil, err
	}
	if err := bank.Deposit(ctx, bank.Address(), 1<<50); err != nil {
		return nil, err
	}
	return d, nil
}

// Connect opens org's party.
func (d *Deployment) Connect(ctx context.Context, nw *sdk.Network, org string) (*Party, error) {
	addr, err := hex.DecodeString(d.Contract)
	if err != nil || len(addr) != 20 {
		return nil, fmt.Errorf("trade: contract address %q", d.Contract)
	}
	acct, err := orgAccount(nw, org)
	if err != nil {
		return nil, err
	}
	var key *seal.EncryptionKey
	if slices.Contains(readers, org) {
		if key, err = sdk.LoadEncryptionKey(filepath.Join(d.Dir, org, "encryption.pem")); err != nil {
			return nil, err
		}
	}
	cl, err := dial(ctx, nw, org)
	if err != nil {
		return nil, err
	}
	return NewParty(org, cl, acct, key, addr, sdk.TxOptions{ChainID: nw.ChainID}), nil
}

// SimConfig is a simulation: Trades orders, Concurrency of them at once;
// every FailEvery-th delivery fails and is refunded, every FinanceEvery-th
// order is financed, and every ReceivableEvery-th delivered trade's payable
// becomes a receivable passed down three tiers and discounted. Every
// HiddenEvery-th order (0: none) is hidden: its amount is a commitment,
// escrowed from the buyer's hidden deposit; a hidden order is neither
// financed nor turned into a receivable, which would show its amount.
type SimConfig struct {
	Trades, Concurrency                      int
	FailEvery, FinanceEvery, ReceivableEvery int
	HiddenEvery                              int
	Maturity                                 time.Duration // of the receivables (default 5 s); they are paid at the end
}

// Report is a simulation's outcome.
type Report struct {
	Trades          int      `json:"trades"`
	Delivered       int      `json:"delivered"`
	Refunded        int      `json:"refunded"`
	Financed        int      `json:"financed"`
	Hidden          int      `json:"hidden_orders"`
	Receivables     int      `json:"receivables"`
	PartsPaid       int      `json:"receivable_parts_paid"`
	Transactions    int      `json:"transactions"`
	Elapsed         string   `json:"elapsed"`
	TxPerSecond     float64  `json:"transactions_per_second"`
	TradesPerSecond float64  `json:"trades_per_second"`
	TradeP50        string   `json:"trade_latency_p50"`
	TradeP99        string   `json:"trade_latency_p99"`
	Conserved       bool     `json:"amounts_conserved"`
	HiddenConserved bool     `json:"hidden_amounts_conserved"`
	Errors          []string `json:"errors,omitempty"`
}

// Simulate runs trades between the scenario's parties and checks at the
// end that every deposit moved exactly as the trades say.
func Simulate(ctx context.Context, nw *sdk.Network, d *Deployment, cfg SimConfig) (*Report, error) {
	if cfg.Trades <= 0 {
		cfg.Trades = 100
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 16
	}
	if cfg.FailEvery <= 0 {
		cfg.FailEvery = 10
	}
	if cfg.FinanceEvery <= 0 {
		cfg.FinanceEvery = 3
	}
	if cfg.ReceivableEvery <= 0 {
		cfg.ReceivableEvery = 5
	}
	if cfg.Maturity <= 0 {
		cfg.Maturity = 5 * time.Second
	}
	p := map[string]*Party{}
	for _, org := range Orgs {
		x, err := d.Connect(ctx, nw, org)
		if err != nil {
			return nil, err
		}
		defer x.Client.Close()
		p[org] = x
	}
	buyer, seller, bank, logi, customs, comp := p["buyer"], p["seller"], p["bank"], p["logistics"], p["customs"], p["competitor"]
	addrs := []string{"buyer", "seller", "bank", "logistics", "competitor"}
	before := map[string]uint64{}
	for _, o := range addrs {
		b, err := bank.Balance(ctx, p[o].Address())
		if err != nil {
			return nil, err
		}
		before[o] = b
	}
	var err error
	var books *Books
	var hiddenBefore confidential.Opening
	var sellerHiddenBefore confidential.Commitment
	if cfg.HiddenEvery > 0 {
		if books, err = loadOrFundBooks(ctx, d, bank, buyer); err != nil {
			return nil, err
		}
		if hiddenBefore, err = bank.Sync(ctx, books, buyer.Address()); err != nil {
			return nil, err
		}
		if sellerHiddenBefore, err = bank.HiddenBalance(ctx, seller.Address()); err != nil {
			return nil, err
		}
	}
	var mu sync.Mutex
	rep := &Report{Trades: cfg.Trades}
	var released []confidential.Opening // hidden amounts delivered to the seller
	var hiddenOut uint64
	var lat []time.Duration
	var maturing [][32]byte
	expect := map[string]int64{}
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if len(rep.Errors) < 20 {
			rep.Errors = append(rep.Errors, err.Error())
		}
	}
	tx := func(n int) { mu.Lock(); rep.Transactions += n; mu.Unlock() }
	run := time.Now().UnixNano()
	start := time.Now()
	sem := make(chan struct{}, cfg.Concurrency)
	var wg sync.WaitGroup
	for i := 0; i < cfg.Trades; i++ {
		sem <- struct{}{}
		wg.Add(1)
		go func(i int) {
			defer func() { <-sem; wg.Done() }()
			t0 := time.Now()
			id := DocumentHash([]byte(fmt.Sprintf("order %d/%d", run, i)))
			amount := uint64(10_000 + 100*i)
			doc := []byte(fmt.Sprintf("Contract %d: %d t of goods, %d CNY, delivery within the hour", i, 1+i%20, amount))
			spec := OrderSpec{ID: id, Seller: seller.Address(), Bank: bank.Address(), Logistics: logi.Address(), Amount: amount,
				Deadline: time.Now().Add(time.Hour), Terms: Terms{Document: doc, Readers: sdk.Readers{Orgs: []string{"buyer", "seller", "bank"}}}}
			hidden := cfg.HiddenEvery > 0 && i%cfg.HiddenEvery == 1%cfg.HiddenEvery
			var amountOpening confidential.Opening
			steps := []func() error{
				func() error { _, err := buyer.ProposeOrder(ctx, spec); return err },
				func() error { return seller.SignOrder(ctx, id, doc) },
				func() error { return bank.Fund(ctx, id) },
			}
			if hidden {
				var termsTx types.Hash
				steps = []func() error{
					func() (err error) { termsTx, _, err = buyer.ProposeHiddenOrder(ctx, spec); return err },
					// The seller signs only if the sealed amount is the one agreed.
					func() error {
						_, a, err := retryRead(ctx, func() ([]byte, confidential.Opening, error) { return seller.OpenHiddenTerms(ctx, id, termsTx) })
						if err == nil && a.Value != amount {
							err = fmt.Errorf("the sealed amount is %d, not %d", a.Value, amount)
						}
						if err != nil {
							return err
						}
						return seller.SignOrder(ctx, id, doc)
					},
					func() (err error) {
						if _, amountOpening, err = retryRead(ctx, func() ([]byte, confidential.Opening, error) { return bank.OpenHiddenTerms(ctx, id, termsTx) }); err != nil {
							return err
						}
						return bank.FundHidden(ctx, books, id, amountOpening)
					},
				}
			}
			financed := i%cfg.FinanceEvery == 0 && !hidden
			if financed {
				steps = append(steps, func() error { return bank.Finance(ctx, id, amount*8/10) })
			}
			steps = append(steps, func() error { return logi.AttestShipped(ctx, id, DocumentHash([]byte("bl"+string(id[:])))) })
			failed := i%cfg.FailEvery == cfg.FailEvery-1
			if failed {
				steps = append(steps, func() error { return logi.Refund(ctx, id, "delivery failed") })
			} else {
				steps = append(steps,
					func() error { return customs.AttestCleared(ctx, id, DocumentHash([]byte("decl"+string(id[:])))) },
					func() error { return logi.ConfirmDelivery(ctx, id, DocumentHash([]byte("pod"+string(id[:])))) })
			}
			for _, s := range steps {
				if err := s(); err != nil {
					fail(fmt.Errorf("trade %d: %w", i, err))
					return
				}
			}
			tx(len(steps))
			mu.Lock()
			lat = append(lat, time.Since(t0))
			if financed {
				rep.Financed++
			}
			if hidden {
				rep.Hidden++
				if failed {
					rep.Refunded++
				} else {
					rep.Delivered++
					released = append(released, amountOpening)
					hiddenOut += amount
				}
				mu.Unlock()
				return
			}
			if failed {
				rep.Refunded++
				// The seller keeps a financing of a failed order (it is its debt to the bank, off this order).
				if financed {
					expect["bank"] -= int64(amount * 8 / 10)
					expect["seller"] += int64(amount * 8 / 10)
				}
			} else {
				rep.Delivered++
				expect["buyer"] -= int64(amount)
				expect["seller"] += int64(amount)
			}
			mu.Unlock()
			if failed || i%cfg.ReceivableEvery != 0 {
				return
			}
			// The buyer, a core enterprise, confirms a payable to the seller;
			// the seller splits it and passes a part to the logistics provider
			// (its own supplier), which splits again and passes a part to the
			// competitor; the bank discounts that part at 1 %.
			rid := DocumentHash([]byte(fmt.Sprintf("receivable %d/%d", run, i)))
			face := amount
			var parts, sub [][32]byte
			rsteps := []func() error{
				func() error {
					return buyer.IssueReceivable(ctx, rid, seller.Address(), face, time.Now().Add(cfg.Maturity))
				},
				func() (err error) { parts, err = seller.Split(ctx, rid, face/2, face-face/2); return err },
				func() error { return seller.TransferReceivable(ctx, parts[0], logi.Address()) },
				func() (err error) { sub, err = logi.Split(ctx, parts[0], face/4, face/2-face/4); return err },
				func() error { return logi.TransferReceivable(ctx, sub[1], comp.Address()) },
				func() error { return bank.Discount(ctx, sub[1], comp.Address(), 100) },
			}
			for _, s := range rsteps {
				if err := s(); err != nil {
					fail(fmt.Errorf("receivable %d: %w", i, err))
					return
				}
			}
			tx(len(rsteps))
			disc := (face/2 - face/4) - (face/2-face/4)/100
			mu.Lock()
			rep.Receivables++
			maturing = append(maturing, parts[1], sub[0], sub[1])
			expect["buyer"] -= int64(face)
			expect["seller"] += int64(face - face/2)
			expect["logistics"] += int64(face / 4)
			expect["competitor"] += int64(disc)
			expect["bank"] += int64(face/2-face/4) - int64(disc)
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	elapsed := time.Since(start)
	// At maturity the core enterprise pays every part, once.
	time.Sleep(cfg.Maturity + time.Second)
	for _, pid := range maturing {
		if err := buyer.Pay(ctx, pid); err != nil {
			fail(fmt.Errorf("pay %x: %w", pid, err))
			continue
		}
		rep.PartsPaid++
		rep.Transactions++
	}
	// Every deposit moved exactly as the trades say.
	rep.Conserved = true
	if err := waitSynced(ctx, bank, buyer); err != nil {
		return nil, err
	}
	for _, o := range addrs {
		b, err := bank.Balance(ctx, p[o].Address())
		if err != nil {
			return nil, err
		}
		if int64(b)-int64(before[o]) != expect[o] {
			rep.Conserved = false
			fail(fmt.Errorf("%s's deposit moved by %d, the trades say %d", o, int64(b)-int64(before[o]), expect[o]))
		}
	}
	// Hidden deposits: the bank's books (which follow the refunds) open the
	// buyer's deposit on the chain and hold what it had less what was
	// delivered; the seller's deposit grew by exactly the amounts it was
	// told in the terms.
	rep.HiddenConserved = true
	if books != nil {
		after, err := bank.Sync(ctx, books, buyer.Address())
		if err != nil {
			rep.HiddenConserved = false
			fail(err)
		} else if after.Value != hiddenBefore.Value-hiddenOut {
			rep.HiddenConserved = false
			fail(fmt.Errorf("the buyer's hidden deposit holds %d, the trades say %d", after.Value, hiddenBefore.Value-hiddenOut))
		}
		sellerAfter, err := bank.HiddenBalance(ctx, seller.Address())
		var want []confidential.Commitment
		for _, o := range released {
			want = append(want, o.Commitment())
		}
		if err != nil || !sellerAfter.Sub(sellerHiddenBefore).Equal(confidential.Sum(want...)) {
			rep.HiddenConserved = false
			fail(fmt.Errorf("the seller's hidden deposit did not grow by the amounts delivered (%v)", err))
		}
		if err := books.Save(booksPath(d)); err != nil {
			return nil, err
		}
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	if len(lat) > 0 {
		rep.TradeP50 = lat[len(lat)/2].Round(time.Millisecond).String()
		rep.TradeP99 = lat[min(len(lat)-1, len(lat)*99/100)].Round(time.Millisecond).String()
	}
	rep.Elapsed = elapsed.Round(time.Millisecond).String()
	rep.TxPerSecond = float64(int(float64(rep.Transactions)/elapsed.Seconds()*10)) / 10
	rep.TradesPerSecond = float64(int(float64(rep.Delivered+rep.Refunded)/elapsed.Seconds()*10)) / 10
	return rep, nil
}

func booksPath(d *Deployment) string { return filepath.Join(d.Dir, "bank", "books.json") }

// loadOrFundBooks reads the bank's books of hidden deposits, or, on the
// first run, credits the buyer's hidden deposit and starts them.
func loadOrFundBooks(ctx context.Context, d *Deployment, bank, buyer *Party) (*Books, error) {
	books, err := LoadBooks(booksPath(d))
	if err == nil || !os.IsNotExist(err) {
		return books, err
	}
	books = NewBooks()
	if _, err := bank.DepositHidden(ctx, books, buyer.Address(), 1<<50, sdk.Readers{Orgs: []string{"buyer", "bank"}}); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(booksPath(d)), 0o755); err != nil {
		return nil, err
	}
	return books, books.Save(booksPath(d))
}

// retryRead retries a read that needs a block the reader's node may not
// have applied yet, for up to 10 seconds.
func retryRead(ctx context.Context, read func() ([]byte, confidential.Opening, error)) ([]byte, confidential.Opening, error) {
	deadline := time.Now().Add(10 * time.Second)
	for {
		doc, o, err := read()
		if err == nil || time.Now().After(deadline) || ctx.Err() != nil {
			return doc, o, err
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitSynced waits until a's node has every block b's node has.
func waitSynced(ctx context.Context, a, b *Party) error {
	deadline := time.Now().Add(10 * time.Second)
	for {
		sa, err := a.Client.Status(ctx)
		if err != nil {
			return err
		}
		sb, err := b.Client.Status(ctx)
		if err != nil {
			return err
		}
		if sa.GetHeight() >= sb.GetHeight() {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("trade: the bank's node stays behind the buyer's")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
