package main

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/causeway/causeway/consortium"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/services/trace"
)

// traceNetFlags locate the consortium of `causeway scenario trace`.
type traceNetFlags struct {
	dir      string
	basePort int
}

func (f *traceNetFlags) register(c *cobra.Command) {
	c.Flags().StringVar(&f.dir, "dir", "trace-net", "folder of the consortium (made if empty)")
	c.Flags().IntVar(&f.basePort, "base-port", 7600, "first port of the consortium's nodes (0 picks free ports)")
}

// up starts (or restarts) the consortium and deploys the scenario once.
func (f *traceNetFlags) up(ctx context.Context, progress io.Writer) (*sdk.Network, *trace.Deployment, error) {
	abs, err := filepath.Abs(f.dir)
	if err != nil {
		return nil, nil, err
	}
	var names []string
	for _, m := range trace.DefaultMembers {
		names = append(names, m.Org)
	}
	created, err := upOne(ctx, abs, consortium.Options{Orgs: len(names), OrgNames: names, ChainID: "trace", BasePort: f.basePort}, progress)
	if err != nil {
		return nil, nil, err
	}
	if created {
		rememberNetwork(filepath.Join(abs, consortium.NetworkFile))
	}
	nw, err := sdk.LoadNetwork(filepath.Join(abs, consortium.NetworkFile))
	if err != nil {
		return nil, nil, err
	}
	depDir := filepath.Join(abs, "trace")
	dep, err := trace.LoadDeployment(depDir)
	if os.IsNotExist(err) {
		fmt.Fprintf(progress, "deploying the scenario: %d orgs, one a role\n", len(names))
		dep, err = trace.Setup(ctx, trace.SetupConfig{Network: nw, Dir: depDir, Progress: func(f string, a ...any) { fmt.Fprintf(progress, "  "+f+"\n", a...) }})
	}
	return nw, dep, err
}

func traceCmd() *cobra.Command {
	var nf traceNetFlags
	var output string
	var sim trace.SimConfig
	var items int
	c := &cobra.Command{
		Use:   "trace",
		Short: "Product traceability: batches attested step by step by the orgs responsible, consumers' QR lookups, counterfeit signals",
		Long: `trace runs the traceability scenario on a local consortium of five organisations, one a role:
producer, inspector, shipper, customs and retailer. It creates the consortium in --dir (or
restarts the one there), deploys the scenario once (the Trace contract with the members'
roles, the products: imported milk powder, Moutai, Wuchang rice), then for --duration keeps
--in-flight batches moving from production through inspection, shipping, customs (imported
products only) to retail, each step attested by its org with an evidence hash as soon as the
previous one is committed, while consumers scan items at retail: genuine codes from the
buyer's place, copied labels from anywhere (flagged by the scan rule, the flag recorded on
chain), and forged codes (unknown). Then it looks codes up as fast as the retailer's lookup
service answers for --lookup-duration (each answer: the item and its batch read from the
retailer's node, the code's signature checked, every step's transaction proof checked
against the genesis once and cached). It prints attestations/s and lookups/s. The consortium
keeps running: stop it with ` + "`causeway down --dir DIR`" + `.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if items < 1 || items > 1_000_000 || sim.InFlight < 1 || sim.InFlight > 1024 || sim.ScanRate <= 0 || sim.ScanRate > 10_000 ||
				sim.CopiedFraction < 0 || sim.ForgedFraction < 0 || sim.CopiedFraction+sim.ForgedFraction > 1 || sim.LookupWorkers < 1 || sim.LookupWorkers > 1024 {
				return fmt.Errorf("--items must be in [1, 10^6], --in-flight and --lookup-workers in [1, 1024], --scan-rate in (0, 10000], --copied + --forged at most 1")
			}
			if sim.Duration <= 0 || sim.Duration > 24*time.Hour || sim.LookupDuration <= 0 || sim.LookupDuration > time.Hour {
				return fmt.Errorf("--duration must be in (0, 24h] and --lookup-duration in (0, 1h]")
			}
			sim.Items = uint32(items)
			sim.Seed = uint64(time.Now().UnixNano())
			ctx, cancel := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer cancel()
			progress := progressOut(output)
			nw, dep, err := nf.up(ctx, progress)
			if err != nil {
				return err
			}
			fmt.Fprintf(progress, "supply chain for %v: %d batches in flight, %d items each, consumers scanning %v/s; then lookups for %v with %d workers\n",
				sim.Duration, sim.InFlight, sim.Items, sim.ScanRate, sim.LookupDuration, sim.LookupWorkers)
			rep, err := trace.Run(ctx, trace.RunConfig{Network: nw, Deployment: dep, Sim: sim, Every: func(s trace.Snapshot) {
				fmt.Fprintf(progress, "  %5.0fs  %-12s batches %d (at retail %d)  attestations %d (%.1f/s)  scans %d  lookups %d\n",
					s.Elapsed.Seconds(), s.Phase, s.Batches, s.AtRetail, s.Attestations, float64(s.Attestations)/max(s.Elapsed.Seconds(), 1), s.Scans, s.Lookups)
			}})
			if err != nil {
				return err
			}
			if output == "json" {
				printJSON(rep)
			} else {
				printTraceReport(os.Stdout, rep)
				fmt.Printf("\nthe consortium keeps running; stop it with: causeway down --dir %s\n", nf.dir)
			}
			if !rep.Correct {
				return errors.New("the run's outcome is not what the simulator attested and scanned: see the errors above")
			}
			return nil
		},
	}
	nf.register(c)
	c.Flags().DurationVar(&sim.Duration, "duration", 30*time.Second, "how long batches move through the supply chain")
	c.Flags().IntVar(&sim.InFlight, "in-flight", 16, "batches moving at once")
	c.Flags().IntVar(&items, "items", 1000, "items a batch (codes issued in bulk)")
	c.Flags().Float64Var(&sim.RejectFraction, "reject", 0.02, "fraction of batches that fail inspection")
	c.Flags().Float64Var(&sim.ScanRate, "scan-rate", 20, "consumers' scans a second during the supply-chain phase")
	c.Flags().Float64Var(&sim.CopiedFraction, "copied", 0.1, "fraction of scans of copied labels")
	c.Flags().Float64Var(&sim.ForgedFraction, "forged", 0.05, "fraction of scans of forged codes")
	c.Flags().DurationVar(&sim.LookupDuration, "lookup-duration", 10*time.Second, "how long lookups run at full speed after")
	c.Flags().IntVar(&sim.LookupWorkers, "lookup-workers", 8, "concurrent lookups in that phase")
	outputFlag(c, &output)
	c.AddCommand(traceBatchCmd(), traceLookupCmd())
	return c
}

func printTraceReport(w io.Writer, r *trace.Report) {
	fmt.Fprintf(w, "\nsupply chain: %d batches of %d items (%d codes registered), %d at retail, %d rejected at inspection\n", r.Batches, r.Items, r.CodesRegistered, r.AtRetail, r.Rejected)
	fmt.Fprintf(w, "attestations: %d in %s = %.1f/s with %d batches in flight; commit latency p50 %s, p99 %s\n", r.Attestations, r.Elapsed, r.AttestationsPerSecond, r.InFlight, r.AttestP50, r.AttestP99)
	fmt.Fprintf(w, "item codes: signed off chain at %.0f codes/s (one transaction a batch)\n", r.CodesSignedPerSecond)
	fmt.Fprintf(w, "consumers' scans: %d; forged %d, unknown %d; copied codes %d, flagged %d; genuine codes flagged %d; flags on chain %d\n",
		r.Scans, r.Forged, r.ForgedUnknown, r.CopiedCodes, r.CopiedFlagged, r.GenuineFlagged, r.FlagsOnChain)
	fmt.Fprintf(w, "lookups: %d = %.1f/s with %d workers; p50 %s, p99 %s\n", r.Lookups, r.LookupsPerSecond, r.LookupWorkers, r.LookupP50, r.LookupP99)
	check := "ok"
	if !r.Correct {
		check = "NOT OK"
	}
	fmt.Fprintf(w, "check: %s\n", check)
	for _, e := range r.Errors {
		fmt.Fprintln(w, "error:", e)
	}
}

// traceBatchCmd: the producer makes a batch and prints its labels.
func traceBatchCmd() *cobra.Command {
	var nf traceNetFlags
	var product, out, baseURL, evidenceFile, memo, output string
	var items int
	c := &cobra.Command{
		Use:   "batch",
		Short: "Make a batch as the producer (the production step) and print its items' QR labels as a PDF",
		Long: `batch makes a batch of --items items of --product as the producer: one transaction registers
the batch, its production evidence (the SHA-256 of --evidence, a file) and the public key
of the code-signing key drawn for it; the items' codes are signed off chain, and the labels
(21 a page, A4) are written to --out, each QR code holding BASE-URL/q/item/CODE, the public
page of a console serving the scenario. The code key is kept in DIR/trace/keys.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if items < 1 || items > 1_000_000 {
				return fmt.Errorf("--items must be in [1, 10^6]")
			}
			ctx := cmd.Context()
			nw, dep, err := nf.up(ctx, os.Stderr)
			if err != nil {
				return err
			}
			imported := false
			found := false
			for _, p := range dep.Products {
				if p.ID == product {
					imported, found = p.Imported, true
				}
			}
			if !found {
				return fmt.Errorf("--product %q is not a product of the deployment", product)
			}
			ev := sha256.Sum256([]byte(product + time.Now().String()))
			if evidenceFile != "" {
				b, err := os.ReadFile(evidenceFile)
				if err != nil {
					return err
				}
				ev = sha256.Sum256(b)
			}
			prodOrg, err := dep.OrgOf(trace.RoleProducer)
			if err != nil {
				return err
			}
			o, err := dep.Connect(ctx, nw, prodOrg)
			if err != nil {
				return err
			}
			defer o.Client.Close()
			b, err := o.CreateBatch(ctx, product, uint32(items), imported, ev, memo)
			if err != nil {
				return err
			}
			if err := dep.SaveCodeKey(b.No, b.CodeKey); err != nil {
				return err
			}
			codes := trace.IssueCodes(dep.ChainID, o.Contract, b.No, b.CodeKey, 0, b.Items)
			name := product
			for _, p := range dep.Products {
				if p.ID == product {
					name = p.Name
				}
			}
			f, err := os.Create(out)
			if err != nil {
				return err
			}
			if err := trace.WriteLabels(f, trace.LabelSheet{Product: name, Batch: b.No, Codes: codes, BaseURL: baseURL}); err != nil {
				f.Close()
				return err
			}
			if err := f.Close(); err != nil {
				return err
			}
			if output == "json" {
				printJSON(map[string]any{"batch": b.No, "product": product, "items": b.Items, "height": b.Receipt.Height, "labels": out, "first_code": codes[0]})
				return nil
			}
			fmt.Printf("batch %d of %s: %d items, block %d; labels: %s\nfirst code: %s\n", b.No, product, b.Items, b.Receipt.Height, out, codes[0])
			return nil
		},
	}
	nf.register(c)
	c.Flags().StringVar(&product, "product", trace.DefaultProducts[0].ID, "product id")
	c.Flags().IntVar(&items, "items", 21, "items in the batch")
	c.Flags().StringVar(&out, "out", "labels.pdf", "the labels' PDF")
	c.Flags().StringVar(&baseURL, "base-url", "http://127.0.0.1:8080", "the address of the console whose public page the QR codes open")
	c.Flags().StringVar(&evidenceFile, "evidence", "", "production record whose SHA-256 is the step's evidence")
	c.Flags().StringVar(&memo, "memo", "", "a note on the production step (at most 96 bytes)")
	outputFlag(c, &output)
	return c
}

// traceLookupCmd looks a code up as the public page does.
func traceLookupCmd() *cobra.Command {
	var nf traceNetFlags
	var org, output string
	c := &cobra.Command{
		Use:   "lookup CODE",
		Short: "Look an item code up as the public page does: its trail, each step proven against the genesis, its flag",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			nw, dep, err := nf.up(ctx, progressOut(output))
			if err != nil {
				return err
			}
			o, err := dep.Connect(ctx, nw, org)
			if err != nil {
				return err
			}
			defer o.Client.Close()
			l, err := dep.NewLookupFor(o, nw, trace.ScanRule{})
			if err != nil {
				return err
			}
			v, err := l.Lookup(ctx, args[0], "")
			if err != nil {
				return err
			}
			if output == "json" {
				printJSON(v)
				return nil
			}
			fmt.Printf("%s\n%s (batch %d, item %d of %d), by %s; read at block %d\n", v.Code, v.Product, v.Batch, v.Serial, v.Items, v.Producer, v.Height)
			for _, s := range v.Steps {
				proof := "not proven: " + s.Unproven
				if s.Proven {
					proof = fmt.Sprintf("proven: tx %s in block %d, certified by %d nodes", s.TxHash, s.Height, s.Signers)
				}
				fmt.Printf("  %-10s %-10s %s  evidence %s  %s\n    %s\n", s.Name, s.Org, s.At, s.Evidence, s.Memo, proof)
			}
			if v.Flagged {
				fmt.Printf("FLAGGED as a possible counterfeit by %s: scanned from %d places (%d scans)\n", v.FlagBy, v.FlagPlaces, v.FlagScans)
			}
			return nil
		},
	}
	nf.register(c)
	c.Flags().StringVar(&org, "org", "retailer", "org whose node and account read the chain")
	outputFlag(c, &output)
	return c
}
