package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/causeway/causeway/services/judicial"
	"github.com/causeway/causeway/types"
)

// errPackageInvalid makes the command exit non-zero after printing the
// report.
var errPackageInvalid = errors.New("the evidence package does not verify")

// verifyPackageCmd is `causeway verify-package PACKAGE --genesis G...`:
// the offline check of an evidence package (the judicial scenario's).
// `causeway verify` can hand a package to verifyPackage too.
func verifyPackageCmd() *cobra.Command {
	var geneses []string
	var output, network string
	c := &cobra.Command{
		Use:   "verify-package PACKAGE --genesis GENESIS...",
		Short: "Check an evidence package offline, against the geneses of the chains it is anchored on",
		Long: `Check an evidence package (causeway scenario judicial export) without any network access:
the seal (the manifest's digest deposited on the chains by the exporting party), the PDF
summary's digest, and every deposit's certificate of deposit, each against the genesis of every
chain it is anchored on, as causeway verify checks one certificate. It prints who deposited
what and when on which chains. Every chain of the package needs its genesis file (--genesis,
repeatable; default: the genesis of --network or of the last "causeway up"). Any change to the
package fails with the deposit and the field at fault. Exits 0 only if everything holds.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			raw, err := readInput(args[0], 1<<30)
			if err != nil {
				return err
			}
			if len(geneses) == 0 {
				f := clientFlags{network: network}
				nw, err := f.loadNetwork()
				if err != nil || nw.Genesis == "" {
					return fmt.Errorf("no --genesis given and no network genesis found: give the genesis file of each chain the package is anchored on")
				}
				geneses = []string{nw.Genesis}
			}
			return verifyPackage(cmd.OutOrStdout(), raw, geneses, output)
		},
	}
	c.Flags().StringArrayVar(&geneses, "genesis", nil, "genesis file of a chain the package is anchored on (repeatable)")
	c.Flags().StringVar(&network, "network", "", "network.json whose genesis to trust when no --genesis is given")
	c.Flags().StringVarP(&output, "output", "o", "text", "output format: text or json")
	return c
}

// verifyPackage checks package raw against the genesis files and prints
// the report (text or json) on w; the error is non-nil unless it is valid.
// causeway verify calls it for a file that judicial.IsPackage recognises.
func verifyPackage(w io.Writer, raw []byte, genesisFiles []string, output string) error {
	var gs []*types.Genesis
	for _, p := range genesisFiles {
		g, err := types.LoadGenesis(p)
		if err != nil {
			return fmt.Errorf("--genesis %s: %w", p, err)
		}
		gs = append(gs, g)
	}
	var rep *judicial.Report
	p, err := judicial.Parse(raw)
	if err == nil {
		rep, err = judicial.VerifyPackage(p, gs)
	} else {
		rep = &judicial.Report{Error: err.Error(), Code: "malformed", Deposits: []judicial.DepositReport{}}
	}
	if output == "json" {
		b, _ := json.MarshalIndent(rep, "", "  ")
		fmt.Fprintln(w, string(b))
	} else {
		printPackageReport(w, rep)
	}
	if err != nil {
		return fmt.Errorf("%w: %v", errPackageInvalid, err)
	}
	return nil
}

func printPackageReport(w io.Writer, rep *judicial.Report) {
	if rep.Valid {
		fmt.Fprintf(w, "VALID evidence package %s\n", safe(rep.Case))
	} else {
		fmt.Fprintf(w, "INVALID evidence package %s\n  reason: %s\n", safe(rep.Case), safe(rep.Error))
		if rep.Deposit != "" {
			fmt.Fprintf(w, "  deposit: %s\n", rep.Deposit)
		}
		if rep.Field != "" {
			fmt.Fprintf(w, "  field:   %s\n", safe(rep.Field))
		}
	}
	if rep.Title != "" {
		fmt.Fprintf(w, "  matter:      %s\n", safe(rep.Title))
	}
	if s := rep.Seal; s != nil && s.Valid {
		who := s.Record.Depositor + " of org " + s.Record.Org
		var chains []string
		for _, a := range s.Anchors {
			chains = append(chains, a.ChainID)
		}
		fmt.Fprintf(w, "  exported by: %s, sealed at %s on %s\n", safe(who), s.Record.Time, safe(strings.Join(chains, ", ")))
	}
	for _, c := range rep.Chains {
		fmt.Fprintf(w, "  chain:       %s (genesis %s)\n", safe(c.ChainID), c.GenesisHash)
	}
	if rep.SummaryChecked {
		fmt.Fprintf(w, "  summary:     the PDF summary is the one sealed (causeway scenario judicial summary PACKAGE writes it out)\n")
	}
	printPackageDeposits(w, rep)
}

// printPackageDeposits prints who deposited what and when on which
// chains, per verified deposit.
func printPackageDeposits(w io.Writer, rep *judicial.Report) {
	for i, d := range rep.Deposits {
		e := d.Record
		fmt.Fprintf(w, "  %d. %s\n", i+1, safe(d.Label))
		fmt.Fprintf(w, "     evidence %s, %s:%s\n", e.ID, safe(e.HashAlgorithm), safe(e.Hash))
		who := "account " + e.Owner
		if e.Org != "" {
			who = fmt.Sprintf("%s of org %s", e.Depositor, e.Org)
		}
		fmt.Fprintf(w, "     deposited by %s at %s\n", safe(who), e.Time)
		for _, k := range slices.Sorted(maps.Keys(e.Metadata)) {
			if k != "file_name" {
				fmt.Fprintf(w, "     %s: %s\n", safe(k), safe(e.Metadata[k]))
			}
		}
		for _, a := range d.Anchors {
			fmt.Fprintf(w, "     on %s: block %d at %s, certified by %s\n", safe(a.ChainID), a.Height, a.Time, safe(strings.Join(a.CertifiedBy, ", ")))
		}
	}
}
