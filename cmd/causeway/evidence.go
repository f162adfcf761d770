package main

import (
	"context"
	"encoding/hex"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/services/evidence"
	"github.com/causeway/causeway/types"
)

func evidenceCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "evidence",
		Short: "Deposit evidence and get certificates of deposit (the evidence service)",
	}
	c.AddCommand(evidenceDepositCmd(), evidenceGetCmd(), evidenceCertificateCmd())
	return c
}

// evidenceService dials the network and returns the evidence service acting
// for the org's client certificate, depositing with the org's account.
// The network is returned too.
func evidenceService(ctx context.Context, f *clientFlags, account, key string) (*evidence.Service, pki.Identity, *sdk.Network, func(), error) {
	cl, nw, org, err := f.dial(ctx)
	if err != nil {
		return nil, pki.Identity{}, nil, nil, err
	}
	cert, err := pki.LoadCertPEM(org.Client.Cert)
	if err != nil {
		cl.Close()
		return nil, pki.Identity{}, nil, nil, err
	}
	acct, err := orgAccount(org, account, key)
	if err != nil {
		cl.Close()
		return nil, pki.Identity{}, nil, nil, err
	}
	acct.Suite = nw.Suite()
	svc, err := evidence.New(evidence.Options{}, evidence.Chain{ChainID: nw.ChainID, Client: cl, Account: acct})
	if err != nil {
		cl.Close()
		return nil, pki.Identity{}, nil, nil, err
	}
	return svc, pki.IdentityOf(cert), nw, func() { cl.Close() }, nil
}

func evidenceDepositCmd() *cobra.Command {
	var f clientFlags
	var sf sealFlags
	var file, hashHex, alg, account, key, payload, sealIn string
	var meta, readers []string
	c := &cobra.Command{
		Use:   "deposit (--file F | --hash HEX) [--meta key=value]... [--reader ORG]... [--seal FILE|- (--to-org ORG | --to-account ACCOUNT | --to-group GROUP)... [--class C]]",
		Short: "Deposit a file's digest with metadata, optionally carrying data sealed to chosen readers; prints the evidence id",
		Long: `Deposits a file's digest (--file, or --hash) with metadata through the evidence service, with
the org's account (or --account/--key). --reader lists the other orgs that may read the evidence
record and its certificate.

--seal FILE (- for standard input) makes the deposit carry that data sealed to the readers named
with --to-org, --to-account and --to-group, as causeway seal does: the readers' keys come from the
chain through state proofs checked against the network's genesis, the data is encrypted here, and
the node receives only the envelope. The evidence record and its certificate of deposit carry the
envelope's hash (sealed_hash, which causeway verify checks and prints); a reader opens the data
with causeway open EVIDENCE-ID --key ITS-ENCRYPTION-KEY, and causeway readers EVIDENCE-ID lists who
can. Who may read the record (--reader) and who can open the sealed data (--to-*) are separate.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if sealIn == "" && sf.named() {
				return fmt.Errorf("--to-org, --to-account, --to-group and --class name the readers of --seal, which is missing")
			}
			if sealIn != "" && payload != "" {
				return fmt.Errorf("give --seal or --encrypted-payload, not both")
			}
			var sealReaders sdk.Readers
			if sealIn != "" {
				var err error
				if sealReaders, err = sf.readers(); err != nil {
					return err
				}
			}
			req := evidence.Request{HashAlgorithm: alg, Metadata: map[string]string{}, Readers: readers}
			switch {
			case file != "":
				fh, err := os.Open(file)
				if err != nil {
					return err
				}
				d, err := evidence.HashFile(alg, fh)
				fh.Close()
				if err != nil {
					return err
				}
				req.Hash = hex.EncodeToString(d)
				req.Metadata["file_name"] = filepath.Base(file)
			case hashHex != "":
				req.Hash = hashHex
			default:
				return fmt.Errorf("--file or --hash is required")
			}
			for _, m := range meta {
				k, v, ok := strings.Cut(m, "=")
				if !ok {
					return fmt.Errorf("--meta %q: want key=value", m)
				}
				req.Metadata[k] = v
			}
			if payload != "" {
				b, err := os.ReadFile(payload)
				if err != nil {
					return err
				}
				req.EncryptedPayload = b
			}
			var sealed []byte
			if sealIn != "" {
				var err error
				if sealed, err = readInput(sealIn, types.MaxMaxTxBytes); err != nil {
					return err
				}
			}
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			svc, caller, nw, done, err := evidenceService(ctx, &f, account, key)
			if err != nil {
				return err
			}
			defer done()
			var d *evidence.Deposit
			if sealIn != "" {
				opts, err := sf.options(nw)
				if err != nil {
					return err
				}
				d, err = svc.DepositSealed(ctx, caller, req, sealed, sealReaders, opts)
				if err != nil {
					return err
				}
			} else if d, err = svc.Deposit(ctx, caller, req); err != nil {
				return err
			}
			if f.json() {
				printJSON(d)
				return nil
			}
			fmt.Printf("evidence %s\n  deposited on %s in block %d (transaction %s)\n", d.ID, d.ChainID, d.Height, d.TxHash)
			if len(d.SealedHash) > 0 {
				fmt.Printf("  carries %d bytes sealed to its readers, envelope hash %x\n", len(sealed), []byte(d.SealedHash))
				fmt.Printf("  readers: causeway readers %s; a reader opens it: causeway open %s --key ENCRYPTION-KEY.pem\n", d.ID, d.ID)
			}
			fmt.Printf("  certificate: causeway evidence certificate %s --out certificate.json\n", d.ID)
			return nil
		},
	}
	f.register(c)
	c.Flags().StringVar(&file, "file", "", "file whose digest to deposit (its base name becomes metadata file_name)")
	c.Flags().StringVar(&hashHex, "hash", "", "digest to deposit, hex")
	c.Flags().StringVar(&alg, "alg", "sha256", "digest algorithm: "+strings.Join(evidence.Algorithms, ", "))
	c.Flags().StringArrayVar(&meta, "meta", nil, "metadata key=value (repeatable): owner, type, business_id...")
	c.Flags().StringArrayVar(&readers, "reader", nil, "another org allowed to read the evidence (repeatable)")
	c.Flags().StringVar(&payload, "encrypted-payload", "", "file holding a payload already encrypted for its readers (kept in the metadata; see --seal)")
	c.Flags().StringVar(&sealIn, "seal", "", "file (- for standard input) to carry sealed to the readers named by --to-org, --to-account, --to-group")
	sf.register(c)
	c.Flags().StringVar(&account, "account", "", "account to deposit from (default: the org's)")
	c.Flags().StringVar(&key, "key", "", "signing key of --account")
	return c
}

func evidenceGetCmd() *cobra.Command {
	var f clientFlags
	c := &cobra.Command{
		Use:   "get ID",
		Short: "Show a deposited evidence record",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := types.ParseHash(args[0])
			if err != nil {
				return fmt.Errorf("evidence id: %w", err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			svc, caller, _, done, err := evidenceService(ctx, &f, "", "")
			if err != nil {
				return err
			}
			defer done()
			ev, err := svc.Get(ctx, caller, id)
			if err != nil {
				return err
			}
			if f.json() {
				printProto(ev)
				return nil
			}
			fmt.Printf("evidence %x\n  digest:   %s:%x\n  owner:    %x\n  block:    %d at %s\n", ev.Id, safe(ev.HashAlgorithm), ev.Hash, ev.Owner,
				ev.Height, time.UnixMilli(ev.TimeMs).UTC().Format(time.RFC3339Nano))
			md := map[string]string{}
			for _, a := range ev.Metadata {
				md[a.Key] = a.Value
			}
			for _, k := range slices.Sorted(maps.Keys(md)) {
				fmt.Printf("  %s: %s\n", safe(k), safe(md[k]))
			}
			return nil
		},
	}
	f.register(c)
	return c
}

func evidenceCertificateCmd() *cobra.Command {
	var f clientFlags
	var out, format string
	c := &cobra.Command{
		Use:   "certificate ID [--out FILE] [--format json|pdf]",
		Short: "Get the certificate of deposit of an evidence (check it with causeway verify)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := types.ParseHash(args[0])
			if err != nil {
				return fmt.Errorf("evidence id: %w", err)
			}
			if format != "json" && format != "pdf" {
				return fmt.Errorf("--format %q: want json or pdf", format)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			svc, caller, _, done, err := evidenceService(ctx, &f, "", "")
			if err != nil {
				return err
			}
			defer done()
			cert, err := svc.Certificate(ctx, caller, id)
			if err != nil {
				return err
			}
			w := os.Stdout
			if out != "" {
				fh, err := os.Create(out)
				if err != nil {
					return err
				}
				defer fh.Close()
				w = fh
			}
			if format == "pdf" {
				var gs []*types.Genesis
				if nw, err := f.loadNetwork(); err == nil && nw.Genesis != "" {
					if g, err := types.LoadGenesis(nw.Genesis); err == nil {
						gs = append(gs, g)
					}
				}
				rep, _ := evidence.Verify(cert, evidence.VerifyOptions{Geneses: gs, Partial: true})
				if err := evidence.WritePDF(w, cert, rep); err != nil {
					return err
				}
			} else {
				b, err := cert.JSON()
				if err != nil {
					return err
				}
				if _, err := w.Write(append(b, '\n')); err != nil {
					return err
				}
			}
			if out != "" {
				fmt.Fprintf(os.Stderr, "certificate of evidence %s written to %s\n", cert.Evidence.ID, out)
			}
			return nil
		},
	}
	f.register(c)
	c.Flags().StringVar(&out, "out", "", "file to write (default: standard output)")
	c.Flags().StringVar(&format, "format", "json", "json or pdf")
	return c
}
