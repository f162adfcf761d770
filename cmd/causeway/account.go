package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"
)

func accountCmd() *cobra.Command {
	c := &cobra.Command{Use: "account", Short: "Query accounts"}
	var f clientFlags
	get := &cobra.Command{
		Use:   "get NAME|ID",
		Short: "Show an account's balance, keys and status",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			cl, nw, _, err := f.dial(ctx)
			if err != nil {
				return err
			}
			defer cl.Close()
			a, err := cl.GetAccount(ctx, args[0])
			if err != nil {
				return err
			}
			if f.json() {
				printProto(a)
				return nil
			}
			fmt.Printf("account %s\n  id %x\n  balance %d\n  status %s\n  version %d\n", safe(a.Name), a.Id, a.Balance, a.Status, a.Version)
			for _, k := range a.AuthKeys {
				fmt.Printf("  key %s %x weight %d\n", k.Scheme, k.PublicKey, k.Weight)
			}
			printAccountKeys(nw.Suite(), a)
			return nil
		},
	}
	f.register(get)
	c.AddCommand(get)
	c.AddCommand(accountOpsCmds()...)
	c.AddCommand(accountSetEncryptionKeyCmd())
	return c
}
