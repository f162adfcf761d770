package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

// sendFlags are the flags of commands that submit a transaction.
type sendFlags struct {
	clientFlags
	account string
	key     string
	async   bool
	timeout time.Duration
}

func (f *sendFlags) register(c *cobra.Command) {
	f.clientFlags.register(c)
	c.Flags().StringVar(&f.account, "account", "", "sending account name (default: the org's account)")
	c.Flags().StringVar(&f.key, "key", "", "sending account's key file (default: the org's account key)")
	c.Flags().BoolVar(&f.async, "async", false, "return once the node admits the transaction, without waiting for its block")
	c.Flags().DurationVar(&f.timeout, "timeout", 30*time.Second, "how long to wait")
}

// send builds a transaction with build and submits it.
func (f *sendFlags) send(build func(acct sdk.Account, opt sdk.TxOptions) (*types.Transaction, error)) error {
	ctx, cancel := context.WithTimeout(context.Background(), f.timeout)
	defer cancel()
	cl, nw, org, err := f.dial(ctx)
	if err != nil {
		return err
	}
	defer cl.Close()
	acct, err := orgAccount(org, f.account, f.key)
	if err != nil {
		return err
	}
	acct.Suite = nw.Suite()
	tx, err := build(acct, sdk.TxOptions{ChainID: nw.ChainID})
	if err != nil {
		return err
	}
	return submit(ctx, cl, tx, f.async, f.json())
}

func submit(ctx context.Context, cl *sdk.Client, tx *types.Transaction, async, asJSON bool) error {
	if async {
		h, err := cl.Submit(ctx, tx)
		if err != nil {
			return err
		}
		if asJSON {
			printJSON(map[string]string{"tx_hash": h.String()})
		} else {
			fmt.Printf("submitted %s\n", h)
		}
		return nil
	}
	resp, err := cl.SubmitAndWait(ctx, tx)
	if err != nil {
		return err
	}
	if asJSON {
		printProto(resp)
		if resp.Receipt.GetStatus() != types.ReceiptStatus_SUCCESS {
			return fmt.Errorf("transaction failed: %s", resp.Receipt.GetErrorCode())
		}
		return nil
	}
	r := resp.Receipt
	fmt.Printf("tx %s committed in block %d: %s\n", resp.TxHash, resp.Height, r.Status)
	if r.Status != types.ReceiptStatus_SUCCESS {
		fmt.Printf("  error %s: %s\n", safe(r.ErrorCode), safe(r.Error))
	}
	for _, e := range r.Events {
		fmt.Printf("  event %s%s\n", safe(e.Type), attrs(e.Attributes))
	}
	if r.Status != types.ReceiptStatus_SUCCESS {
		return fmt.Errorf("transaction failed: %s", r.ErrorCode)
	}
	return nil
}

func attrs(as []*types.Attribute) string {
	var b strings.Builder
	for _, a := range as {
		fmt.Fprintf(&b, " %s=%s", safe(a.Key), safe(a.Value))
	}
	return b.String()
}

func txCmd() *cobra.Command {
	c := &cobra.Command{Use: "tx", Short: "Submit and query transactions"}
	c.AddCommand(txTransferCmd(), txCreateAccountCmd(), txEvidenceCmd(), txGetCmd())
	return c
}

func txTransferCmd() *cobra.Command {
	var f sendFlags
	var to string
	var amount uint64
	c := &cobra.Command{
		Use:   "transfer --to ACCOUNT --amount N",
		Short: "Transfer balance to another account",
		RunE: func(cmd *cobra.Command, args []string) error {
			if to == "" || amount == 0 {
				return fmt.Errorf("--to and a positive --amount are required")
			}
			return f.send(func(a sdk.Account, opt sdk.TxOptions) (*types.Transaction, error) {
				toID, err := accountID(a.Suite, to)
				if err != nil {
					return nil, err
				}
				return a.TransferTx(opt, toID, amount)
			})
		},
	}
	f.register(c)
	c.Flags().StringVar(&to, "to", "", "receiving account: a name or a 64-hex-digit identity")
	c.Flags().Uint64Var(&amount, "amount", 0, "amount to transfer")
	return c
}

func txCreateAccountCmd() *cobra.Command {
	var f clientFlags
	var keyOut string
	var async bool
	c := &cobra.Command{
		Use:   "create-account NAME",
		Short: "Create an account with a new Ed25519 key (written to --key-out)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			name := args[0]
			if keyOut == "" {
				keyOut = name + ".key"
			}
			if _, err := os.Stat(keyOut); err == nil {
				return fmt.Errorf("%s exists; choose another --key-out", keyOut)
			}
			k, err := crypto.GenerateEd25519()
			if err != nil {
				return err
			}
			if err := crypto.SaveKey(keyOut, k); err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			cl, nw, _, err := f.dial(ctx)
			if err != nil {
				return err
			}
			defer cl.Close()
			tx, err := sdk.Account{Name: name, Signer: k, Suite: nw.Suite()}.CreateAccountTx(sdk.TxOptions{ChainID: nw.ChainID})
			if err != nil {
				return err
			}
			if !f.json() {
				fmt.Printf("account %s (id %s), key in %s\n", name, nw.Suite().AccountID(name), keyOut)
			}
			return submit(ctx, cl, tx, async, f.json())
		},
	}
	f.register(c)
	c.Flags().StringVar(&keyOut, "key-out", "", "where to write the new key (default NAME.key)")
	c.Flags().BoolVar(&async, "async", false, "do not wait for the block")
	return c
}

func txEvidenceCmd() *cobra.Command {
	var f sendFlags
	var hashHex, file, alg string
	var meta []string
	c := &cobra.Command{
		Use:   "evidence (--file F | --hash HEX) [--meta key=value ...]",
		Short: "Deposit the hash of a file as evidence",
		RunE: func(cmd *cobra.Command, args []string) error {
			var digest []byte
			switch {
			case file != "":
				b, err := os.ReadFile(file)
				if err != nil {
					return err
				}
				s := sha256.Sum256(b)
				digest, alg = s[:], "sha256"
				meta = append(meta, "file_name="+file)
			case hashHex != "":
				d, err := hex.DecodeString(hashHex)
				if err != nil {
					return fmt.Errorf("--hash: %w", err)
				}
				digest = d
			default:
				return fmt.Errorf("--file or --hash is required")
			}
			var attrs []*types.Attribute
			for _, m := range meta {
				k, v, ok := strings.Cut(m, "=")
				if !ok {
					return fmt.Errorf("--meta %q: want key=value", m)
				}
				attrs = append(attrs, &types.Attribute{Key: k, Value: v})
			}
			return f.send(func(a sdk.Account, opt sdk.TxOptions) (*types.Transaction, error) {
				return a.DepositEvidenceTx(opt, digest, alg, attrs)
			})
		},
	}
	f.register(c)
	c.Flags().StringVar(&file, "file", "", "file whose SHA-256 to deposit")
	c.Flags().StringVar(&hashHex, "hash", "", "digest to deposit, hex")
	c.Flags().StringVar(&alg, "alg", "sha256", "hash algorithm of --hash")
	c.Flags().StringArrayVar(&meta, "meta", nil, "metadata key=value (repeatable)")
	return c
}

func txGetCmd() *cobra.Command {
	var f clientFlags
	c := &cobra.Command{
		Use:   "get HASH",
		Short: "Show a committed transaction with its receipt",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			h, err := types.ParseHash(args[0])
			if err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			cl, _, _, err := f.dial(ctx)
			if err != nil {
				return err
			}
			defer cl.Close()
			r, err := cl.GetTx(ctx, h)
			if err != nil {
				return err
			}
			if f.json() {
				printProto(r)
				return nil
			}
			fmt.Printf("tx %s\n  block %d (%s) index %d\n  type %s sender %x\n  status %s %s\n", r.TxHash, r.Height, r.BlockHash, r.Index,
				r.Body.GetType(), r.Body.GetSender(), r.Receipt.GetStatus(), safe(r.Receipt.GetErrorCode()))
			for _, e := range r.Receipt.GetEvents() {
				fmt.Printf("  event %s%s\n", safe(e.Type), attrs(e.Attributes))
			}
			return nil
		},
	}
	f.register(c)
	return c
}

// accountID accepts an account name or a hex identity.
func accountID(suite types.Suite, s string) (types.Hash, error) {
	if len(s) == 64 {
		if h, err := types.ParseHash(s); err == nil {
			return h, nil
		}
	}
	return suite.AccountID(s), nil
}
