package main

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/causeway/causeway/execution"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/sealing"
	"github.com/causeway/causeway/types"
)

// accountKeyView is one encryption key of an account as -o json prints it.
type accountKeyView struct {
	KeyID      string `json:"key_id"`
	PublicKey  string `json:"public_key"`
	FromHeight uint64 `json:"from_height"`
	// UntilHeight is the first block the key is no longer in force (absent
	// for the latest key).
	UntilHeight uint64 `json:"until_height,omitempty"`
}

func accountKeyViews(suite types.Suite, a *types.Account) []accountKeyView {
	var out []accountKeyView
	for _, k := range sealing.AccountKeys(suite, a) {
		out = append(out, accountKeyView{KeyID: k.KeyID.String(), PublicKey: fmt.Sprintf("%x", k.PublicKey), FromHeight: k.FromHeight, UntilHeight: k.UntilHeight})
	}
	return out
}

// printAccountKeys prints an account's encryption keys for people.
func printAccountKeys(suite types.Suite, a *types.Account) {
	ks := sealing.AccountKeys(suite, a)
	for i := len(ks) - 1; i >= 0; i-- {
		k := ks[i]
		if k.UntilHeight == 0 {
			fmt.Printf("  encryption key %s, in force from block %d\n", k.KeyID, k.FromHeight)
		} else {
			fmt.Printf("  encryption key %s, replaced (in force from block %d to %d)\n", k.KeyID, k.FromHeight, k.UntilHeight-1)
		}
	}
}

// accountSetEncryptionKeyCmd is `causeway account set-encryption-key`.
func accountSetEncryptionKeyCmd() *cobra.Command {
	var f clientFlags
	var encKey string
	var sign []string
	c := &cobra.Command{
		Use:   "set-encryption-key NAME --encryption-key FILE --sign FILE ...",
		Short: "Set or rotate an account's encryption key (what data sealed to the account is wrapped for)",
		Long: `Makes the public key of --encryption-key (causeway keys new-encryption) the account's
encryption key, signed by current auth keys worth 100 (--sign, repeatable), like every other
account transaction. The new key is in force from the block after the one that executes the
transaction; data sealed to the account from then on is wrapped for it, and an envelope for the
replaced key is refused (reader_mismatch). Keep the replaced key's file: it still opens what was
sealed to the account before, and causeway readers ID shows which key each reader holds. The
replaced keys stay listed on the account (16 keys in all); none of them, no org's key and not the
auditor's may be set again (duplicate).

After a compromise: rotate first, and seal new data once the rotation's block is committed.
What was sealed to the old key stays readable by whoever holds it.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if encKey == "" {
				return fmt.Errorf("--encryption-key is required: the new key file (causeway keys new-encryption --out FILE)")
			}
			if len(sign) == 0 {
				return fmt.Errorf("--sign is required: auth keys of the account worth 100")
			}
			key, err := sdk.LoadEncryptionKey(encKey)
			if err != nil {
				return err
			}
			signers, err := loadSigners(sign)
			if err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			cl, nw, _, err := f.dial(ctx)
			if err != nil {
				return err
			}
			defer cl.Close()
			a := sdk.Account{Name: args[0], Suite: nw.Suite()}
			resp, err := cl.SetEncryptionKey(ctx, a, sdk.TxOptions{ChainID: nw.ChainID}, key, signers...)
			if err != nil {
				return err
			}
			ev := map[string]string{}
			for _, e := range resp.GetReceipt().GetEvents() {
				if e.Type == execution.EventAccountEncryptionKeySet {
					for _, at := range e.Attributes {
						ev[at.Key] = at.Value
					}
				}
			}
			from, _ := strconv.ParseUint(ev["from_height"], 10, 64)
			if f.json() {
				printJSON(struct {
					Account    string `json:"account"`
					ID         string `json:"id"`
					KeyID      string `json:"key_id"`
					FromHeight uint64 `json:"from_height"`
					Replaced   string `json:"replaced,omitempty"`
					TxHash     string `json:"tx_hash"`
					Height     uint64 `json:"height"`
				}{args[0], ev["id"], ev["key_id"], from, ev["replaced"], resp.TxHash, resp.Height})
				return nil
			}
			fmt.Printf("account %s: encryption key %s in force from block %s (transaction %s in block %d)\n",
				safe(args[0]), safe(ev["key_id"]), safe(ev["from_height"]), resp.TxHash, resp.Height)
			if ev["replaced"] != "" {
				fmt.Printf("  replaces key %s: keep its file, it still opens what was sealed to the account before\n", safe(ev["replaced"]))
			}
			return nil
		},
	}
	f.register(c)
	c.Flags().StringVar(&encKey, "encryption-key", "", "the new encryption key file (causeway keys new-encryption)")
	c.Flags().StringArrayVar(&sign, "sign", nil, "key file or key-store name of a current auth key (repeatable)")
	return c
}
