package main

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/causeway/causeway/services/evidence"
	"github.com/causeway/causeway/services/judicial"
	"github.com/causeway/causeway/types"
)

// errInvalid makes the command exit non-zero after printing the report.
var errInvalid = errors.New("the certificate does not verify")

func verifyCmd() *cobra.Command {
	var file, hashHex, output, network string
	var geneses []string
	c := &cobra.Command{
		Use:   "verify CERTIFICATE [--file ORIGINAL | --hash HEX] [--genesis GENESIS]...",
		Short: "Check a certificate of deposit offline, against the chains' geneses",
		Long: `Check a certificate of deposit (the JSON that "causeway evidence certificate"
or GET /v1/evidence/{id}/certificate returns) without any network access:
the original file's digest, the Merkle proofs of the deposit transaction, its
receipt and the stored record, the block headers, and the commit signatures
against the node set in force, followed from each chain's genesis through its
membership changes. Every chain the certificate is anchored on needs its
genesis file (--genesis, repeatable; default: the genesis of --network or of
the last "causeway up"). Exits 0 only if everything holds.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			raw, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			var gs []*types.Genesis
			if len(geneses) == 0 {
				f := clientFlags{network: network}
				nw, err := f.loadNetwork()
				if err != nil || nw.Genesis == "" {
					return fmt.Errorf("no --genesis given and no network genesis found: give the genesis file of each chain the certificate is anchored on")
				}
				geneses = []string{nw.Genesis}
			}
			if judicial.IsPackage(raw) {
				return verifyPackage(cmd.OutOrStdout(), raw, geneses, output)
			}
			for _, p := range geneses {
				g, err := types.LoadGenesis(p)
				if err != nil {
					return fmt.Errorf("--genesis %s: %w", p, err)
				}
				gs = append(gs, g)
			}
			opts := evidence.VerifyOptions{Geneses: gs}
			switch {
			case file != "" && hashHex != "":
				return fmt.Errorf("give --file or --hash, not both")
			case file != "":
				fh, err := os.Open(file)
				if err != nil {
					return err
				}
				defer fh.Close()
				opts.File = fh
			case hashHex != "":
				d, err := hex.DecodeString(strings.TrimPrefix(hashHex, "0x"))
				if err != nil {
					return fmt.Errorf("--hash: %w", err)
				}
				opts.Hash = d
			}
			var rep *evidence.Report
			cert, err := evidence.ParseCertificate(raw)
			if err == nil {
				rep, err = evidence.Verify(cert, opts)
			} else {
				rep = &evidence.Report{Error: err.Error(), Code: "certificate_mismatch"}
			}
			if output == "json" {
				b, _ := json.MarshalIndent(rep, "", "  ")
				fmt.Fprintln(cmd.OutOrStdout(), string(b))
			} else {
				printReport(cmd.OutOrStdout(), rep, file)
			}
			if err != nil {
				return fmt.Errorf("%w: %v", errInvalid, err)
			}
			return nil
		},
	}
	c.Flags().StringVar(&file, "file", "", "the original file, whose digest must be the deposited one")
	c.Flags().StringVar(&hashHex, "hash", "", "the original file's digest, hex (instead of --file)")
	c.Flags().StringArrayVar(&geneses, "genesis", nil, "genesis file of a chain the certificate is anchored on (repeatable)")
	c.Flags().StringVar(&network, "network", "", "network.json whose genesis to trust when no --genesis is given")
	c.Flags().StringVarP(&output, "output", "o", "text", "output format: text or json")
	return c
}

// printReport prints who deposited what and when, and what each chain
// certifies.
func printReport(w io.Writer, rep *evidence.Report, file string) {
	if rep.Valid {
		fmt.Fprintf(w, "VALID certificate of deposit %s\n", safe(rep.Record.ID))
	} else {
		fmt.Fprintf(w, "INVALID certificate of deposit %s\n  reason: %s\n", safe(rep.Record.ID), safe(rep.Error))
	}
	e := rep.Record
	if e.ID == "" {
		return
	}
	fmt.Fprintf(w, "  digest:      %s:%s\n", safe(e.HashAlgorithm), safe(e.Hash))
	switch {
	case rep.FileChecked && file != "":
		fmt.Fprintf(w, "  file:        %s matches the deposited digest\n", file)
	case rep.FileChecked:
		fmt.Fprintf(w, "  file:        the given digest matches\n")
	case rep.Valid:
		fmt.Fprintf(w, "  file:        not checked (give --file or --hash)\n")
	}
	for _, k := range slices.Sorted(maps.Keys(e.Metadata)) {
		fmt.Fprintf(w, "  %-12s %s\n", safe(k)+":", safe(e.Metadata[k]))
	}
	if len(e.SealedHash) > 0 {
		fmt.Fprintf(w, "  sealed data: envelope hash %x (data sealed to chosen readers; causeway readers %s lists them)\n", []byte(e.SealedHash), safe(e.ID))
	}
	who := "account " + e.Owner
	if e.Org != "" {
		who = fmt.Sprintf("%s of org %s (account %s)", e.Depositor, e.Org, e.Owner)
	}
	who = safe(who)
	fmt.Fprintf(w, "  deposited by %s\n", who)
	fmt.Fprintf(w, "  deposited at %s (block time)\n", e.Time)
	for i, a := range rep.Anchors {
		state := "not checked: no genesis given for this chain"
		if a.Checked {
			state = fmt.Sprintf("certified at block %d by %s (configuration version %d", a.Height+1, strings.Join(a.CertifiedBy, ", "), a.ConfigVersion)
			if len(a.ConfigChanges) > 0 {
				state += fmt.Sprintf(", after membership changes at heights %v", a.ConfigChanges)
			}
			state += ")"
		}
		fmt.Fprintf(w, "  chain %d: %s (genesis %s)\n    block %d %s at %s, transaction %s\n    %s\n",
			i+1, safe(a.ChainID), safe(a.GenesisHash), a.Height, safe(a.BlockHash), safe(a.Time), safe(a.EvidenceID), safe(state))
	}
}
