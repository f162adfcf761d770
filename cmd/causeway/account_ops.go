package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

// keySpec parses "KEY" or "KEY:WEIGHT" into a key and a weight; KEY is a
// PEM file or the name of a key in the key store (see loadKey).
func keySpec(spec string, defWeight uint32) (crypto.Key, uint32, error) {
	path, w := spec, defWeight
	if i := strings.LastIndex(spec, ":"); i > 0 {
		n, err := strconv.ParseUint(spec[i+1:], 10, 32)
		if err == nil {
			path, w = spec[:i], uint32(n)
		}
	}
	k, err := loadKey(path)
	if err != nil {
		return nil, 0, err
	}
	return k, w, nil
}

func loadSigners(paths []string) ([]types.Signer, error) {
	var out []types.Signer
	for _, p := range paths {
		k, err := loadKey(p)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, nil
}

// accountOp runs one key-management transaction for the named account.
func accountOp(f *clientFlags, name string, build func(a sdk.Account, opt sdk.TxOptions) (*types.Transaction, error)) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cl, nw, _, err := f.dial(ctx)
	if err != nil {
		return err
	}
	defer cl.Close()
	tx, err := build(sdk.Account{Name: name, Suite: nw.Suite()}, sdk.TxOptions{ChainID: nw.ChainID})
	if err != nil {
		return err
	}
	return submit(ctx, cl, tx, false, f.json())
}

func accountOpsCmds() []*cobra.Command {
	var out []*cobra.Command
	{
		var f clientFlags
		var keys []string
		var recover, encKey string
		c := &cobra.Command{
			Use:   "create NAME --key FILE[:WEIGHT] ... [--recover-key FILE] [--encryption-key FILE]",
			Short: "Create an account with a weighted auth map (multi-signature) and a recover key",
			Args:  cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				if len(keys) == 0 {
					return fmt.Errorf("at least one --key is required")
				}
				var auth []*types.AuthKey
				var signers []types.Signer
				for _, s := range keys {
					k, w, err := keySpec(s, 100)
					if err != nil {
						return err
					}
					auth = append(auth, sdk.AuthKeyOf(k, w))
					signers = append(signers, k)
				}
				var rk *types.AuthKey
				if recover != "" {
					k, _, err := keySpec(recover, 0)
					if err != nil {
						return err
					}
					rk = sdk.AuthKeyOf(k, 0)
				}
				var encPub []byte
				if encKey != "" {
					k, err := sdk.LoadEncryptionKey(encKey)
					if err != nil {
						return err
					}
					encPub = k.PublicKey()
				}
				return accountOp(&f, args[0], func(a sdk.Account, opt sdk.TxOptions) (*types.Transaction, error) {
					return a.CreateAccountWithKeysTx(opt, auth, rk, encPub, signers...)
				})
			},
		}
		f.register(c)
		c.Flags().StringArrayVar(&keys, "key", nil, "auth key file with its weight, FILE:WEIGHT (repeatable; weights must reach 100)")
		c.Flags().StringVar(&recover, "recover-key", "", "key file of the recover key")
		c.Flags().StringVar(&encKey, "encryption-key", "", "encryption key file (causeway keys new-encryption) whose public key data sealed to the account is wrapped for")
		out = append(out, c)
	}
	{
		var f clientFlags
		var set, sign []string
		c := &cobra.Command{
			Use:   "update-auth NAME --set FILE:WEIGHT ... --sign FILE ...",
			Short: "Add, re-weight or remove (weight 0) auth keys; signed by current keys worth 100",
			Args:  cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				var upd []*types.AuthKey
				for _, s := range set {
					k, w, err := keySpec(s, 100)
					if err != nil {
						return err
					}
					upd = append(upd, sdk.AuthKeyOf(k, w))
				}
				signers, err := loadSigners(sign)
				if err != nil {
					return err
				}
				return accountOp(&f, args[0], func(a sdk.Account, opt sdk.TxOptions) (*types.Transaction, error) {
					return a.UpdateAuthTx(opt, upd, signers...)
				})
			},
		}
		f.register(c)
		c.Flags().StringArrayVar(&set, "set", nil, "key file and new weight, FILE:WEIGHT (0 removes)")
		c.Flags().StringArrayVar(&sign, "sign", nil, "key file of a current auth key to sign with (repeatable)")
		out = append(out, c)
	}
	{
		var f clientFlags
		var recover string
		var sign []string
		c := &cobra.Command{
			Use:   "set-recover-key NAME --recover-key FILE --sign FILE ...",
			Short: "Set the key that may reset lost auth keys",
			Args:  cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				k, _, err := keySpec(recover, 0)
				if err != nil {
					return err
				}
				signers, err := loadSigners(sign)
				if err != nil {
					return err
				}
				return accountOp(&f, args[0], func(a sdk.Account, opt sdk.TxOptions) (*types.Transaction, error) {
					return a.SetRecoverKeyTx(opt, sdk.AuthKeyOf(k, 0), signers...)
				})
			},
		}
		f.register(c)
		c.Flags().StringVar(&recover, "recover-key", "", "key file of the new recover key")
		c.Flags().StringArrayVar(&sign, "sign", nil, "key file of a current auth key (repeatable)")
		out = append(out, c)
	}
	{
		var f clientFlags
		var recover string
		var newKeys []string
		c := &cobra.Command{
			Use:   "pre-reset NAME --recover-key FILE --new-key FILE[:WEIGHT] ...",
			Short: "Start recovering an account whose keys are lost (step 1 of 2)",
			Args:  cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				rk, _, err := keySpec(recover, 0)
				if err != nil {
					return err
				}
				var keys []*types.AuthKey
				for _, s := range newKeys {
					k, w, err := keySpec(s, 100)
					if err != nil {
						return err
					}
					keys = append(keys, sdk.AuthKeyOf(k, w))
				}
				return accountOp(&f, args[0], func(a sdk.Account, opt sdk.TxOptions) (*types.Transaction, error) {
					return a.PreResetTx(opt, rk, keys)
				})
			},
		}
		f.register(c)
		c.Flags().StringVar(&recover, "recover-key", "", "key file of the account's recover key")
		c.Flags().StringArrayVar(&newKeys, "new-key", nil, "new auth key file with its weight (repeatable)")
		out = append(out, c)
	}
	{
		var f clientFlags
		var recover string
		c := &cobra.Command{
			Use:   "reset NAME --recover-key FILE",
			Short: "Complete a recovery after the chain's delay (step 2 of 2)",
			Args:  cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				rk, _, err := keySpec(recover, 0)
				if err != nil {
					return err
				}
				return accountOp(&f, args[0], func(a sdk.Account, opt sdk.TxOptions) (*types.Transaction, error) {
					return a.ResetTx(opt, rk)
				})
			},
		}
		f.register(c)
		c.Flags().StringVar(&recover, "recover-key", "", "key file of the account's recover key")
		out = append(out, c)
	}
	for _, op := range []struct {
		use, short string
		build      func(a sdk.Account, opt sdk.TxOptions, s ...types.Signer) (*types.Transaction, error)
	}{
		{"cancel-reset NAME --sign FILE ...", "Cancel a pending recovery with the current auth keys", sdk.Account.CancelResetTx},
		{"freeze NAME --sign FILE ...", "Freeze your own account (governance unfreezes it)", sdk.Account.FreezeSelfTx},
	} {
		var f clientFlags
		var sign []string
		build := op.build
		c := &cobra.Command{
			Use:   op.use,
			Short: op.short,
			Args:  cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				signers, err := loadSigners(sign)
				if err != nil {
					return err
				}
				return accountOp(&f, args[0], func(a sdk.Account, opt sdk.TxOptions) (*types.Transaction, error) {
					return build(a, opt, signers...)
				})
			},
		}
		f.register(c)
		c.Flags().StringArrayVar(&sign, "sign", nil, "key file of a current auth key (repeatable)")
		out = append(out, c)
	}
	return out
}
