package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/causeway/causeway/consortium"
)

func upCmd() *cobra.Command {
	var orgs, basePort int
	var dir, chainID, suite, output string
	c := &cobra.Command{
		Use:   "up",
		Short: "Create (or restart) a local consortium and wait until it commits blocks",
		Long: `up creates a local consortium in --dir: a certificate authority per organisation,
admin, client and node certificates, an account per organisation, a genesis, and one node
process per organisation on loopback. If --dir already holds a consortium, up restarts its
nodes with their data. It returns once a transaction has been committed.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			abs, err := filepath.Abs(dir)
			if err != nil {
				return err
			}
			netFile := filepath.Join(abs, consortium.NetworkFile)
			// Progress goes to standard error when standard output is JSON.
			progress := progressOut(output)
			created := false
			if _, err := os.Stat(netFile); err != nil {
				created = true
				fmt.Fprintf(progress, "creating a consortium of %d organisations in %s\n", orgs, abs)
				if _, err := consortium.Generate(consortium.Options{Dir: abs, Orgs: orgs, ChainID: chainID, BasePort: basePort, Crypto: suite}); err != nil {
					return err
				}
			} else {
				fmt.Fprintf(progress, "restarting the consortium in %s\n", abs)
			}
			exe, err := os.Executable()
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			start := time.Now()
			if err := consortium.Up(ctx, abs, exe, func(s string) { fmt.Fprintln(progress, "  "+s) }); err != nil {
				return err
			}
			rememberNetwork(netFile)
			if output == "json" {
				printJSON(map[string]any{"dir": abs, "created": created, "network": netFile, "genesis": filepath.Join(abs, "genesis.json"),
					"ca_bundle": filepath.Join(abs, "ca-bundle.pem"), "seconds": time.Since(start).Seconds()})
				return nil
			}
			fmt.Printf("consortium is committing blocks (%.1fs)\n", time.Since(start).Seconds())
			fmt.Printf("  network map:  %s\n  genesis:      %s\n  CA bundle:    %s\n", netFile, filepath.Join(abs, "genesis.json"), filepath.Join(abs, "ca-bundle.pem"))
			fmt.Printf("try:  causeway status\n      causeway tx evidence --file README.md\n      causeway down --dir %s\n", dir)
			return nil
		},
	}
	c.Flags().IntVar(&orgs, "orgs", 4, "number of organisations (one node each)")
	c.Flags().StringVar(&dir, "dir", "causeway-net", "folder of the consortium")
	c.Flags().StringVar(&chainID, "chain-id", "causeway-local", "chain id of a new consortium")
	c.Flags().StringVar(&suite, "crypto", "intl", "crypto suite of a new consortium: intl (SHA-256, Ed25519) or gm (SM3, SM2, SM4)")
	c.Flags().IntVar(&basePort, "base-port", 7050, "first port; node i uses base+10(i-1) .. +3 (0 picks free ports)")
	outputFlag(c, &output)
	return c
}

func downCmd() *cobra.Command {
	var dir, output string
	c := &cobra.Command{
		Use:   "down",
		Short: "Stop the nodes of a local consortium (their data stays)",
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := consortium.Down(dir); err != nil {
				return err
			}
			if output == "json" {
				printJSON(map[string]any{"dir": dir, "stopped": true})
				return nil
			}
			fmt.Printf("stopped the consortium in %s; `causeway up --dir %s` restarts it\n", dir, dir)
			return nil
		},
	}
	c.Flags().StringVar(&dir, "dir", "causeway-net", "folder of the consortium")
	outputFlag(c, &output)
	return c
}
