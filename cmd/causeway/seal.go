package main

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/causeway/causeway/crypto/seal"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/sealing"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify"
)

// splitList splits repeated, comma-separated flag values.
func splitList(vs []string) []string {
	var out []string
	for _, v := range vs {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// readInput reads a file, or standard input for "" and "-", refusing more
// than max bytes.
func readInput(path string, max int) ([]byte, error) {
	var r io.Reader = os.Stdin
	if path != "" && path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, int64(max)+1))
	if err != nil {
		return nil, err
	}
	if len(b) > max {
		return nil, fmt.Errorf("the input is larger than %d bytes, the most a transaction of the chain can carry", max)
	}
	return b, nil
}

// sealedID parses the id of sealed data (64 hex digits, 0x optional).
func sealedID(s string) (types.Hash, error) {
	id, err := types.ParseHash(strings.TrimPrefix(s, "0x"))
	if err != nil {
		return id, fmt.Errorf("sealed data id: %w", err)
	}
	return id, nil
}

// sealedReaderView is one reader as -o json prints it.
type sealedReaderView struct {
	Reader  string `json:"reader"`
	Org     string `json:"org,omitempty"`
	Account string `json:"account,omitempty"`
	KeyID   string `json:"key_id"`
	Label   string `json:"label"`
	// KeyStatus says whether the key is still the reader's key in force.
	KeyStatus string `json:"key_status,omitempty"`
	// KeyInForce is true while the key is the reader's key in force (for
	// new data), false once a rotation replaced it.
	KeyInForce bool `json:"key_in_force"`
}

func readerViewOf(r *types.SealedReader) sealedReaderView {
	v := sealedReaderView{Org: r.Org, KeyID: hex.EncodeToString(r.KeyId), Label: r.Label}
	switch {
	case r.Label == types.SealLabelAuditor:
		v.Reader = "the auditor"
	case r.Org != "":
		v.Reader = "org " + r.Org
	default:
		v.Account = hex.EncodeToString(r.Account)
		v.Reader = "account " + v.Account
	}
	return v
}

// sealFlags name a sealed payload's readers and class: the flags of
// causeway seal, which causeway evidence deposit --seal shares.
type sealFlags struct {
	toOrgs, toAccounts, toGroups []string
	class                        string
}

func (s *sealFlags) register(c *cobra.Command) {
	c.Flags().StringArrayVar(&s.toOrgs, "to-org", nil, "a member org that may read it (repeatable, or comma-separated)")
	c.Flags().StringArrayVar(&s.toAccounts, "to-account", nil, "an account that may read it, by name or identity (repeatable)")
	c.Flags().StringArrayVar(&s.toGroups, "to-group", nil, "a reader group of the chain configuration (repeatable)")
	c.Flags().StringVar(&s.class, "class", "", "public class of the data, such as ride-record (printable ASCII, at most 64)")
}

// readers returns the named readers; none is an error.
func (s *sealFlags) readers() (sdk.Readers, error) {
	r := sdk.Readers{Orgs: splitList(s.toOrgs), Accounts: splitList(s.toAccounts), Groups: splitList(s.toGroups)}
	if len(r.Orgs)+len(r.Accounts)+len(r.Groups) == 0 {
		return r, fmt.Errorf("name at least one reader: --to-org, --to-account or --to-group")
	}
	return r, nil
}

// named reports whether any reader or class flag is set.
func (s *sealFlags) named() bool {
	return len(s.toOrgs)+len(s.toAccounts)+len(s.toGroups) > 0 || s.class != ""
}

// options returns the seal options: the class, and a verifier of the
// network's genesis, so that the readers' keys are read through proofs
// and the node answering cannot slip in a key of its own.
func (s *sealFlags) options(nw *sdk.Network) (sdk.SealOptions, error) {
	g, err := types.LoadGenesis(nw.Genesis)
	if err != nil {
		return sdk.SealOptions{}, fmt.Errorf("the network's genesis (to check the readers' keys): %w", err)
	}
	v, err := verify.New(g)
	if err != nil {
		return sdk.SealOptions{}, err
	}
	return sdk.SealOptions{Class: s.class, Verifier: v}, nil
}

func sealCmd() *cobra.Command {
	var f clientFlags
	var sf sealFlags
	var account, key string
	var timeout time.Duration
	c := &cobra.Command{
		Use:   "seal [FILE|-] (--to-org ORG | --to-account ACCOUNT | --to-group GROUP)...",
		Short: "Store data on the chain encrypted to chosen readers; prints its id",
		Long: `Seals FILE (or standard input) for the named readers and stores it on the chain, sent by
--org's account (or --account/--key). Readers are member orgs (read with their org encryption
key), accounts (by name or 64-hex-digit identity, read with the account's encryption key) and
reader groups of the chain configuration. The readers' current keys come from the chain,
through state proofs checked against the network's genesis (the node cannot substitute a key);
the data is encrypted here, and the node receives only the envelope: no node can read it unless
its org is a reader. Open it with causeway open; list its readers with causeway readers.

Revoking a reader (removing it from a group, rotating a compromised org key) stops access to
data sealed afterwards; what was sealed to it before stays readable by whoever kept the key.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			readers, err := sf.readers()
			if err != nil {
				return err
			}
			in := ""
			if len(args) == 1 {
				in = args[0]
			}
			data, err := readInput(in, types.MaxMaxTxBytes)
			if err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(context.Background(), timeout)
			defer cancel()
			cl, nw, org, err := f.dial(ctx)
			if err != nil {
				return err
			}
			defer cl.Close()
			acct, err := orgAccount(org, account, key)
			if err != nil {
				return err
			}
			acct.Suite = nw.Suite()
			opts, err := sf.options(nw)
			if err != nil {
				return err
			}
			res, err := cl.Seal(ctx, acct, sdk.TxOptions{ChainID: nw.ChainID}, data, readers, opts)
			if err != nil {
				return err
			}
			var views []sealedReaderView
			for _, r := range res.Record.Readers {
				v := readerViewOf(r)
				v.KeyInForce = true // resolved for this block
				views = append(views, v)
			}
			if f.json() {
				printJSON(struct {
					ID           string             `json:"id"`
					TxHash       string             `json:"tx_hash"`
					Height       uint64             `json:"height"`
					Bytes        int                `json:"bytes"`
					EnvelopeSize int                `json:"envelope_size"`
					Class        string             `json:"class,omitempty"`
					Readers      []sealedReaderView `json:"readers"`
				}{res.ID.String(), res.ID.String(), res.Height, len(data), res.EnvelopeSize, res.Record.Class, views})
				return nil
			}
			fmt.Printf("sealed %s\n  %d bytes, stored in block %d (transaction %s) as a %d-byte envelope\n", res.ID, len(data), res.Height, res.ID, res.EnvelopeSize)
			for _, v := range views {
				fmt.Printf("  reader %s  key %s\n", safe(v.Reader), v.KeyID)
			}
			fmt.Printf("open with:  causeway open %s --key ENCRYPTION-KEY.pem\n", res.ID)
			return nil
		},
	}
	f.register(c)
	sf.register(c)
	c.Flags().StringVar(&account, "account", "", "account to send from (default: the org's)")
	c.Flags().StringVar(&key, "key", "", "signing key of --account")
	c.Flags().DurationVar(&timeout, "timeout", 60*time.Second, "how long to wait for the block")
	return c
}

func openCmd() *cobra.Command {
	var f clientFlags
	var keyFile, out string
	c := &cobra.Command{
		Use:   "open ID --key ENCRYPTION-KEY.pem [--out FILE]",
		Short: "Read sealed data with a reader's encryption key (an org admin uses the org's key)",
		Long: `Fetches the sealed data ID from the node (ciphertext only) and opens it here with --key, the
encryption key of one of its readers: an org's key, an account's, or a key a rotation
replaced, for data sealed while it was in force. Writes the data to standard output, or to
--out (created with mode 0600); -o json prints it in a JSON object.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := sealedID(args[0])
			if err != nil {
				return err
			}
			if keyFile == "" {
				return fmt.Errorf("--key is required: the encryption key file of a reader")
			}
			key, err := sdk.LoadEncryptionKey(keyFile)
			if err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			cl, _, _, err := f.dial(ctx)
			if err != nil {
				return err
			}
			defer cl.Close()
			plain, _, err := cl.Open(ctx, id, key)
			if err != nil {
				return err
			}
			return writeOpened(id, key.ID(), plain, out, f.json())
		},
	}
	f.register(c)
	c.Flags().StringVar(&keyFile, "key", "", "encryption key file of a reader (PEM \""+seal.PEMType+"\")")
	c.Flags().StringVar(&out, "out", "", "write the data to this new file (mode 0600) instead of standard output")
	return c
}

func readersCmd() *cobra.Command {
	var f clientFlags
	c := &cobra.Command{
		Use:   "readers ID",
		Short: "Show who can read sealed data: its readers, their key ids, and whether each key is still in force",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := sealedID(args[0])
			if err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			cl, _, _, err := f.dial(ctx)
			if err != nil {
				return err
			}
			defer cl.Close()
			got, err := cl.GetSealed(ctx, id)
			if err != nil {
				return err
			}
			cfg, err := cl.ChainConfig(ctx)
			if err != nil {
				return err
			}
			rec := got.Record
			var views []sealedReaderView
			for _, r := range rec.Readers {
				v := readerViewOf(r)
				v.KeyStatus, v.KeyInForce = keyStatus(ctx, cl, cfg, rec.Suite, r)
				views = append(views, v)
			}
			var accounts []string
			for _, a := range rec.Accounts {
				accounts = append(accounts, hex.EncodeToString(a))
			}
			view := struct {
				ID           string             `json:"id"`
				Owner        string             `json:"owner"`
				Height       uint64             `json:"height"`
				Time         time.Time          `json:"time"`
				Carrier      string             `json:"carrier"`
				Suite        string             `json:"suite"`
				Class        string             `json:"class,omitempty"`
				EnvelopeHash string             `json:"envelope_hash"`
				EnvelopeSize uint64             `json:"envelope_size"`
				Orgs         []string           `json:"orgs,omitempty"`
				Accounts     []string           `json:"accounts,omitempty"`
				Groups       []string           `json:"groups,omitempty"`
				Readers      []sealedReaderView `json:"readers"`
			}{hex.EncodeToString(rec.Id), hex.EncodeToString(rec.Owner), rec.Height, time.UnixMilli(rec.TimeMs).UTC(), rec.Carrier.String(),
				rec.Suite, rec.Class, hex.EncodeToString(rec.EnvelopeHash), rec.EnvelopeSize, rec.Orgs, accounts, rec.Groups, views}
			if f.json() {
				printJSON(view)
				return nil
			}
			fmt.Printf("sealed data %s\n  sent by %s in block %d at %s (%s)\n", view.ID, view.Owner, view.Height, view.Time.Format(time.RFC3339), view.Carrier)
			fmt.Printf("  envelope %d bytes, %s suite, hash %s", view.EnvelopeSize, view.Suite, view.EnvelopeHash)
			if view.Class != "" {
				fmt.Printf(", class %s", safe(view.Class))
			}
			fmt.Println()
			named := append(append(prefixed("org ", rec.Orgs), prefixed("account ", accounts)...), prefixed("group ", rec.Groups)...)
			fmt.Printf("  named readers: %s\n", safe(strings.Join(named, ", ")))
			fmt.Println("  who can read it:")
			for _, v := range views {
				fmt.Printf("    %-20s key %s  (%s)\n", safe(v.Reader), v.KeyID, safe(v.KeyStatus))
			}
			return nil
		},
	}
	f.register(c)
	return c
}

func prefixed(p string, ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = p + s
	}
	return out
}

// keyStatus says whether a reader's key is still its key in force, in
// words and as a bool.
func keyStatus(ctx context.Context, cl *sdk.Client, cfg *types.ChainConfig, suite string, r *types.SealedReader) (string, bool) {
	kid := hex.EncodeToString(r.KeyId)
	if r.Label == types.SealLabelAuditor {
		if a := cfg.Auditor; a != nil && a.KeyID == kid {
			return fmt.Sprintf("the auditor's key in force, since block %d", a.FromHeight), true
		}
		return "a former auditor's key", false
	}
	if r.Org != "" {
		o, ok := cfg.Org(r.Org)
		if !ok {
			return "the org is no longer a member", false
		}
		if cur, ok := o.EncryptionKey(); ok && cur.KeyID == kid {
			return fmt.Sprintf("the org's key in force, since block %d", cur.FromHeight), true
		}
		for i, k := range o.EncryptionKeys {
			if k.KeyID == kid && i+1 < len(o.EncryptionKeys) {
				return fmt.Sprintf("replaced at block %d: an older key of the org, still opens this data", o.EncryptionKeys[i+1].FromHeight), false
			}
		}
		return "an older key of the org, no longer listed", false
	}
	a, err := cl.GetAccount(ctx, hex.EncodeToString(r.Account))
	if err != nil {
		return "account not found", false
	}
	s, err := types.SuiteNamed(suite)
	if err != nil {
		return "unknown suite " + suite, false
	}
	// The record names the key in force when the data was stored, so the
	// account's latest key, if it is this one, is in force now.
	for _, k := range sealing.AccountKeys(s, a) {
		switch {
		case k.KeyID.String() != kid:
		case k.UntilHeight == 0:
			return fmt.Sprintf("the account's key in force, since block %d", k.FromHeight), true
		default:
			return fmt.Sprintf("replaced at block %d: an older key of the account, still opens this data", k.UntilHeight), false
		}
	}
	return "an older key of the account, no longer listed", false
}

// newEncryptionKeyCmd is `causeway keys new-encryption`.
func newEncryptionKeyCmd() *cobra.Command {
	var out, suite, output string
	c := &cobra.Command{
		Use:   "new-encryption --out FILE [--crypto intl|gm]",
		Short: "Generate an encryption key for sealed data (an org's or an account's); prints its key id and public key",
		Long: `Writes a new encryption key to --out (PEM "` + seal.PEMType + `", mode 0600; keep it: whoever holds it
reads what is sealed to it). Register its public key as an org's key with
causeway gov propose set-encryption-key FILE, or as an account's with
causeway account create ... --encryption-key FILE (or, for an existing account, a new or
rotated key with causeway account set-encryption-key NAME --encryption-key FILE).
intl keys are X25519 (HPKE), gm keys SM2.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return fmt.Errorf("--out is required")
			}
			k, err := seal.GenerateEncryptionKey(suite)
			if err != nil {
				return err
			}
			if err := sdk.SaveEncryptionKey(out, k); err != nil {
				return err
			}
			if output == "json" {
				printJSON(map[string]string{"file": out, "suite": k.Suite(), "key_id": k.ID().String(), "public_key": hex.EncodeToString(k.PublicKey())})
				return nil
			}
			fmt.Printf("encryption key %s (%s) written to %s\n  public key %x\n", k.ID(), k.Suite(), out, k.PublicKey())
			return nil
		},
	}
	c.Flags().StringVar(&out, "out", "", "the new key file")
	c.Flags().StringVar(&suite, "crypto", "intl", "crypto suite of the chain: intl or gm")
	outputFlag(c, &output)
	return c
}

// writeOpened prints what open and audit open read: to out (a new file,
// mode 0600) when set, else to standard output; with asJSON, a JSON object
// (the data itself only when it is not written to out).
func writeOpened(id types.Hash, keyID seal.KeyID, plain []byte, out string, asJSON bool) error {
	if out != "" {
		fh, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return err
		}
		if _, err := fh.Write(plain); err != nil {
			fh.Close()
			return err
		}
		if err := fh.Close(); err != nil {
			return err
		}
	}
	switch {
	case asJSON:
		v := struct {
			ID        string `json:"id"`
			KeyID     string `json:"key_id"`
			Bytes     int    `json:"bytes"`
			Out       string `json:"out,omitempty"`
			Plaintext string `json:"plaintext,omitempty"`
			Base64    string `json:"plaintext_base64,omitempty"`
		}{ID: id.String(), KeyID: keyID.String(), Bytes: len(plain), Out: out}
		if out == "" {
			if utf8.Valid(plain) {
				v.Plaintext = string(plain)
			} else {
				v.Base64 = base64.StdEncoding.EncodeToString(plain)
			}
		}
		printJSON(v)
	case out != "":
		fmt.Printf("opened %s with key %s: %d bytes written to %s\n", id, keyID, len(plain), out)
	default:
		_, err := os.Stdout.Write(plain)
		return err
	}
	return nil
}
