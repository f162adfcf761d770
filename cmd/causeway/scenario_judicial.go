package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/causeway/causeway/consortium"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/services/judicial"
	"github.com/causeway/causeway/types"
)

// judicialCmd is `causeway scenario judicial`: the notary-and-court
// deployment template and its simulation.
func judicialCmd() *cobra.Command {
	var dir, notaryNet, courtNet, output string
	var basePort, batch, workers int
	var duration time.Duration
	var rate float64
	c := &cobra.Command{
		Use:   "judicial",
		Short: "Judicial evidence chain: companies deposit on a notary chain and a court chain; a court verifies an exported evidence package offline",
		Long: `judicial runs the judicial evidence scenario on two local consortia, made in --dir (or
restarted there) unless --notary-network and --court-network name running ones:

  notary-chain  notary-xuhui, notary-oriental, sh-arbitration, huaxin-electronics, acme-trading
  court-chain   court-pudong, court-sh-financial, sh-arbitration, huaxin-electronics, acme-trading

One node per organisation. The two companies are members of both chains: each of their
deposits is anchored on both (the evidence service deposits the same record on each, with
the company's account there), naming the counterparty and the arbitration commission as
readers. The run:

  1. the seller (huaxin-electronics) and the buyer (acme-trading) deposit the documents of
     a sale as it happens: contract, delivery note, invoice, the buyer's acceptance record
     and its complaint;
  2. both companies deposit records (contracts, invoices, e-mails, chat logs...) for
     --duration, at --rate deposits/s (0: as many as the chains commit);
  3. a dispute: the seller exports the case's evidence package (one JSON file with each
     deposit's certificate and proofs on both chains, the sealed manifest and a PDF summary),
     written to DIR/case-HX-2026-0117/;
  4. the court verifies the package offline, with the two genesis files alone, and checks
     that a copy with one byte changed is rejected with its reason.

The figures: deposits/s sustained on both chains, batch commit latency, package export and
verification time. The consortia keep running: stop them with causeway down --dir DIR.
A court verifies a package with: causeway verify-package PACKAGE --genesis notary-chain/genesis.json
--genesis court-chain/genesis.json.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if duration <= 0 || duration > 24*time.Hour || rate < 0 || rate > 100000 || batch < 1 || batch > 1000 || workers < 1 || workers > 64 {
				return fmt.Errorf("--duration must be in (0, 24h], --rate in [0, 100000], --batch in [1, 1000], --workers in [1, 64]")
			}
			if (notaryNet == "") != (courtNet == "") {
				return fmt.Errorf("give both --notary-network and --court-network, or neither")
			}
			ctx, cancel := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer cancel()
			progress := progressOut(output)
			abs, err := filepath.Abs(dir)
			if err != nil {
				return err
			}
			var nws [2]*sdk.Network
			if notaryNet != "" {
				for i, f := range []string{notaryNet, courtNet} {
					if nws[i], err = sdk.LoadNetwork(f); err != nil {
						return err
					}
				}
			} else {
				if _, err := os.Stat(filepath.Join(abs, consortium.NetworkFile)); err == nil {
					return fmt.Errorf("%s holds one consortium: the judicial scenario makes two, in subfolders of a folder of their own (pick another --dir)", abs)
				}
				for i, ch := range []struct {
					id   string
					orgs []string
				}{{judicial.NotaryChain, judicial.NotaryOrgs()}, {judicial.CourtChain, judicial.CourtOrgs()}} {
					port := 0
					if basePort != 0 {
						port = basePort + 100*i
					}
					cdir := filepath.Join(abs, ch.id)
					if _, err := upOne(ctx, cdir, consortium.Options{Orgs: len(ch.orgs), OrgNames: ch.orgs, ChainID: ch.id, BasePort: port}, progress); err != nil {
						return fmt.Errorf("chain %s: %w", ch.id, err)
					}
					if nws[i], err = sdk.LoadNetwork(filepath.Join(cdir, consortium.NetworkFile)); err != nil {
						return err
					}
				}
				rememberNetwork(filepath.Join(abs, judicial.NotaryChain, consortium.NetworkFile))
			}
			if nws[0].ChainID == nws[1].ChainID {
				return fmt.Errorf("the notary and court networks are the same chain %q", nws[0].ChainID)
			}
			offered := "as many as commit"
			if rate > 0 {
				offered = fmt.Sprintf("%v/s offered", rate)
			}
			fmt.Fprintf(progress, "depositing for %v on %s and %s (%s, batches of %d, %d in flight per company)\n", duration, nws[0].ChainID, nws[1].ChainID, offered, batch, workers)
			rep, err := judicial.Run(ctx, judicial.RunConfig{Notary: nws[0], Court: nws[1], Duration: duration, Rate: rate, Batch: batch, Workers: workers, Dir: abs,
				Every: func(s judicial.Snapshot) {
					fmt.Fprintf(progress, "  %5.0fs  %6d deposits on both chains  %6.1f/s  %d failed\n", s.Elapsed.Seconds(), s.Deposits, s.PerSecond, s.Failed)
				}})
			if err != nil {
				return err
			}
			if output == "json" {
				printJSON(rep)
			} else {
				printJudicialReport(os.Stdout, rep)
				if notaryNet == "" {
					fmt.Printf("\nthe consortia keep running; stop them with: causeway down --dir %s\n", dir)
				}
			}
			if len(rep.Errors) > 0 || rep.Case.Verification == nil || !rep.Case.Verification.Valid {
				return fmt.Errorf("the run had errors: %s", strings.Join(rep.Errors, "; "))
			}
			return nil
		},
	}
	c.Flags().StringVar(&dir, "dir", "judicial-net", "folder of the two consortia (notary-chain/ and court-chain/, made if absent) and of the exported package")
	c.Flags().IntVar(&basePort, "base-port", 7700, "first port of the notary chain's nodes; the court chain's start 100 after (0 picks free ports)")
	c.Flags().StringVar(&notaryNet, "notary-network", "", "network.json of a running notary chain (with --court-network: use them instead of --dir's)")
	c.Flags().StringVar(&courtNet, "court-network", "", "network.json of a running court chain")
	c.Flags().DurationVar(&duration, "duration", 30*time.Second, "how long the companies deposit")
	c.Flags().Float64Var(&rate, "rate", 0, "deposits offered per second (0: as many as the chains commit)")
	c.Flags().IntVar(&batch, "batch", 20, "deposits a company submits at once")
	c.Flags().IntVar(&workers, "workers", 2, "batches in flight per company")
	outputFlag(c, &output)
	c.AddCommand(judicialExportCmd(), judicialSummaryCmd())
	return c
}

func printJudicialReport(w io.Writer, r *judicial.RunReport) {
	fmt.Fprintf(w, "\njudicial evidence chain\n")
	for _, ch := range r.Chains {
		fmt.Fprintf(w, "  %-13s genesis %s\n                %s\n", ch.ChainID, ch.GenesisHash, strings.Join(ch.Orgs, ", "))
	}
	fmt.Fprintf(w, "deposits:  %d on both chains in %s (%d transactions), %d failed\n", r.Deposits, r.Elapsed, r.Transactions, r.Failed)
	fmt.Fprintf(w, "           %.1f deposits/s sustained (%.1f transactions/s); batch commit p50 %s, p99 %s\n",
		r.DepositsPerSecond, r.TransactionsPerSecond, r.BatchCommitP50, r.BatchCommitP99)
	cr := r.Case
	fmt.Fprintf(w, "dispute:   %s  %s\n", cr.Case, cr.Title)
	fmt.Fprintf(w, "export:    %s exported %d deposits in %.0f ms: %s (%d bytes), summary %s\n",
		cr.ExportedBy, len(cr.Documents), cr.ExportMs, cr.Package, cr.Bytes, cr.Summary)
	if v := cr.Verification; v != nil {
		state := "VALID"
		if !v.Valid {
			state = "INVALID: " + v.Error
		}
		fmt.Fprintf(w, "court:     verified offline against the two geneses in %.1f ms (mean of %d): %s\n", cr.VerifyMs, cr.VerifyRuns, state)
		printPackageDeposits(w, v)
	}
	t := cr.Tampered
	if t.Rejected {
		fmt.Fprintf(w, "tampered:  %s\n           rejected (%s): %s\n", t.Change, t.Code, safe(t.Error))
	} else {
		fmt.Fprintf(w, "tampered:  %s: NOT rejected\n", t.Change)
	}
	for _, e := range r.Errors {
		fmt.Fprintf(w, "error:     %s\n", safe(e))
	}
}

// judicialExportCmd exports an evidence package from running chains.
func judicialExportCmd() *cobra.Command {
	var networks []string
	var org, caseRef, title, out, summary, output string
	c := &cobra.Command{
		Use:   "export ID... --network PRIMARY --network OTHER... --org ORG --case REF [--out evidence-package.json]",
		Short: "Export the evidence package of deposits (anchored on one or more chains), sealed on those chains",
		Long: `export gets the certificates of deposit of the evidence ids (as ORG, which must be allowed to
read each) with their proofs on every chain of --network (the primary chain first: the one whose
transaction hash is the evidence id), writes the PDF summary and the manifest, and seals the
manifest by depositing its digest on the chains as ORG. The package is one JSON file; a court
checks it offline with causeway verify-package.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(networks) == 0 || org == "" || caseRef == "" {
				return fmt.Errorf("--network (at least one), --org and --case are required")
			}
			var ids []types.Hash
			for _, a := range args {
				h, err := types.ParseHash(a)
				if err != nil {
					return fmt.Errorf("evidence id %q: %w", a, err)
				}
				ids = append(ids, h)
			}
			var nws []*sdk.Network
			for _, f := range networks {
				nw, err := sdk.LoadNetwork(f)
				if err != nil {
					return err
				}
				nws = append(nws, nw)
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), 2*time.Minute)
			defer cancel()
			svc, caller, done, err := judicial.Connect(ctx, org, nws...)
			if err != nil {
				return err
			}
			defer done()
			start := time.Now()
			pkg, err := judicial.Export(ctx, svc, caller, ids, judicial.ExportOptions{Case: caseRef, Title: title})
			if err != nil {
				return err
			}
			took := time.Since(start)
			raw, err := pkg.JSON()
			if err != nil {
				return err
			}
			if err := os.WriteFile(out, raw, 0o644); err != nil {
				return err
			}
			if summary != "" {
				if err := os.WriteFile(summary, pkg.Summary, 0o644); err != nil {
					return err
				}
			}
			if output == "json" {
				printJSON(map[string]any{"package": out, "summary_pdf": summary, "deposits": len(ids), "bytes": len(raw), "export_ms": float64(took.Microseconds()) / 1000})
				return nil
			}
			fmt.Printf("evidence package of %d deposits written to %s (%d bytes, %v)\n", len(ids), out, len(raw), took.Round(time.Millisecond))
			if summary != "" {
				fmt.Printf("  PDF summary: %s\n", summary)
			}
			fmt.Printf("  verify: causeway verify-package %s --genesis GENESIS...\n", out)
			return nil
		},
	}
	c.Flags().StringArrayVar(&networks, "network", nil, "network.json of a chain the deposits are anchored on (repeatable; the primary chain first)")
	c.Flags().StringVar(&org, "org", "", "organisation exporting (its client certificate, node and account on each chain)")
	c.Flags().StringVar(&caseRef, "case", "", "case reference")
	c.Flags().StringVar(&title, "title", "", "what the dispute is")
	c.Flags().StringVar(&out, "out", "evidence-package.json", "package file to write")
	c.Flags().StringVar(&summary, "summary", "", "also write the PDF summary to this file")
	outputFlag(c, &output)
	return c
}

// judicialSummaryCmd writes a package's PDF summary out.
func judicialSummaryCmd() *cobra.Command {
	var out, output string
	c := &cobra.Command{
		Use:   "summary PACKAGE --out summary.pdf",
		Short: "Write out the PDF summary an evidence package holds (verify the package to know it is the sealed one)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			raw, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			p, err := judicial.Parse(raw)
			if err != nil {
				return err
			}
			if len(p.Summary) == 0 {
				return errors.New("the package holds no summary")
			}
			if err := os.WriteFile(out, p.Summary, 0o644); err != nil {
				return err
			}
			if output == "json" {
				printJSON(map[string]any{"summary_pdf": out, "bytes": len(p.Summary)})
			} else {
				fmt.Printf("wrote %s (%d bytes)\n", out, len(p.Summary))
			}
			return nil
		},
	}
	c.Flags().StringVar(&out, "out", "summary.pdf", "PDF file to write")
	outputFlag(c, &output)
	return c
}
