package main

import (
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/causeway/causeway/consortium"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/services/trade"
)

func tradeCmd() *cobra.Command {
	var dir, output string
	var basePort int
	var cfg trade.SimConfig
	c := &cobra.Command{
		Use:   "trade",
		Short: "Trade finance: orders with sealed terms, bank escrow, attested milestones, release, refunds, financing, multi-tier receivables",
		Long: `trade runs the trade-finance scenario on a local consortium of six organisations, each with
its node: a buyer, a seller, the buyer's bank, a logistics provider, customs, and a competitor
of the seller. It creates the consortium in --dir (or restarts the one there), deploys the
Trade contract once (encryption keys, roles, deposits), then runs --trades orders, --concurrency
at a time: each is proposed by the buyer with its terms sealed to the buyer, the seller and the
bank, signed by the seller, escrowed by the bank, shipped, cleared by customs and delivered,
which releases the payment; every --fail-every-th delivery fails and is refunded, every
--finance-every-th order is financed by the bank, and every --receivable-every-th delivered
trade's payable is split down three tiers and discounted, then paid at maturity. Every
--hidden-every-th order is hidden: its amount is a Pedersen commitment whose opening only the
parties read (sealed with the terms), escrowed by the bank from the buyer's hidden deposit with
a range proof and a balance proof that the chain checks; the bank keeps its books of hidden
deposits in DIR/trade/bank/books.json. At the end every deposit, public and hidden, is checked
against what the trades say. The consortium keeps running: stop it
with ` + "`causeway down --dir DIR`" + `.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cfg.Trades < 1 || cfg.Trades > 1_000_000 || cfg.Concurrency < 1 || cfg.Concurrency > 1024 {
				return fmt.Errorf("--trades must be in [1, 10^6] and --concurrency in [1, 1024]")
			}
			if cfg.HiddenEvery < 0 || cfg.FailEvery < 1 || cfg.FinanceEvery < 1 || cfg.ReceivableEvery < 1 {
				return fmt.Errorf("--hidden-every must be at least 0, and --fail-every, --finance-every and --receivable-every at least 1")
			}
			ctx, cancel := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer cancel()
			progress := progressOut(output)
			abs, err := filepath.Abs(dir)
			if err != nil {
				return err
			}
			if _, err := upOne(ctx, abs, consortium.Options{Orgs: len(trade.Orgs), OrgNames: trade.Orgs, ChainID: "trade-finance", BasePort: basePort}, progress); err != nil {
				return err
			}
			nw, err := sdk.LoadNetwork(filepath.Join(abs, consortium.NetworkFile))
			if err != nil {
				return err
			}
			depDir := filepath.Join(abs, "trade")
			dep, err := trade.LoadDeployment(depDir)
			if os.IsNotExist(err) {
				fmt.Fprintln(progress, "deploying the scenario")
				dep, err = trade.Setup(ctx, nw, depDir, func(f string, a ...any) { fmt.Fprintf(progress, "  "+f+"\n", a...) })
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(progress, "running %d trades, %d at a time\n", cfg.Trades, cfg.Concurrency)
			rep, err := trade.Simulate(ctx, nw, dep, cfg)
			if err != nil {
				return err
			}
			if output == "json" {
				printJSON(rep)
			} else {
				fmt.Printf("trades: %d (%d delivered and paid, %d refunded, %d financed) in %s: %.1f trades/s, %.1f transactions/s\n",
					rep.Trades, rep.Delivered, rep.Refunded, rep.Financed, rep.Elapsed, rep.TradesPerSecond, rep.TxPerSecond)
				fmt.Printf("order to payment: p50 %s, p99 %s\n", rep.TradeP50, rep.TradeP99)
				fmt.Printf("receivables: %d split down three tiers and discounted, %d parts paid at maturity\n", rep.Receivables, rep.PartsPaid)
				fmt.Printf("every deposit moved as the trades say: %v\n", rep.Conserved)
				if cfg.HiddenEvery > 0 {
					fmt.Printf("hidden orders: %d; the hidden deposits moved as the trades say: %v\n", rep.Hidden, rep.HiddenConserved)
				}
				for _, e := range rep.Errors {
					fmt.Println("error:", e)
				}
				fmt.Printf("\nthe consortium keeps running; stop it with: causeway down --dir %s\n", dir)
			}
			if !rep.Conserved || !rep.HiddenConserved || len(rep.Errors) > 0 {
				return fmt.Errorf("the run did not complete every trade exactly")
			}
			return nil
		},
	}
	c.Flags().StringVar(&dir, "dir", "trade-net", "folder of the consortium (made if empty)")
	c.Flags().IntVar(&basePort, "base-port", 7500, "first port of the consortium's nodes (0 picks free ports)")
	c.Flags().IntVar(&cfg.Trades, "trades", 100, "orders to run")
	c.Flags().IntVar(&cfg.Concurrency, "concurrency", 16, "orders in progress at once")
	c.Flags().IntVar(&cfg.FailEvery, "fail-every", 10, "every n-th delivery fails and is refunded")
	c.Flags().IntVar(&cfg.FinanceEvery, "finance-every", 3, "every n-th order is financed")
	c.Flags().IntVar(&cfg.ReceivableEvery, "receivable-every", 5, "every n-th delivered trade's payable becomes a receivable passed down three tiers")
	c.Flags().IntVar(&cfg.HiddenEvery, "hidden-every", 4, "every n-th order is hidden: its amount a commitment (0: none)")
	outputFlag(c, &output)
	return c
}
