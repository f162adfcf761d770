package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/causeway/causeway/consortium"
)

func networkCmd() *cobra.Command {
	c := &cobra.Command{Use: "network", Short: "Network maps (network.json) for client tools"}
	var orgDir, node, genesis, account, out, output string
	var cas []string
	var timeout time.Duration
	export := &cobra.Command{
		Use:   "export --org-dir D --node HOST:PORT [--genesis GENESIS.json] --out network.json",
		Short: "Write this org's network.json from the chain configuration, verified against the genesis",
		Long: `export connects with the org's client certificate to the node at --node (its gRPC address),
fetches the configuration chain from it and from every node it lists, verifies each against the
genesis (quorum signatures of the node set in force at every change), and writes network.json
from the latest: every consensus node with the client endpoints its TLS certificate advertises,
this org with its own certificate and key paths and account (D/account.key), and a CA bundle of
every member CA (written beside it as NAME.ca-bundle.pem). Any member can run it, and a new org
once governance has admitted it. Use the file with --network on every client command.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if orgDir == "" || node == "" || out == "" {
				return fmt.Errorf("--org-dir, --node and --out are required")
			}
			o, err := consortium.LoadOrg(orgDir)
			if err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(context.Background(), timeout)
			defer cancel()
			res, err := consortium.ExportNetwork(ctx, consortium.NetworkExportOptions{Org: o, Node: node, Genesis: genesis, CAs: cas, Out: out, Account: account})
			if err != nil {
				return err
			}
			if output == "json" {
				printJSON(res)
				return nil
			}
			fmt.Printf("network.json of org %s for chain %s written to %s\n", o.Name, res.ChainID, res.Path)
			fmt.Printf("  configuration version %d in force at height %d (checked against %d node(s))\n", res.ConfigVersion, res.Height, res.AskedNodes)
			fmt.Printf("  members:    %v\n  nodes:      %v\n  CA bundle:  %s\n", res.Orgs, res.Nodes, res.CABundle)
			if len(res.Skipped) > 0 {
				fmt.Printf("  skipped nodes %v: their TLS certificates advertise no client endpoint\n", res.Skipped)
			}
			if res.Account != "" {
				fmt.Printf("  account:    %s (key %s)\n", res.Account, o.AccountKeyPath())
			}
			fmt.Printf("try:  causeway status --network %s --org %s\n", out, o.Name)
			return nil
		},
	}
	export.Flags().StringVar(&orgDir, "org-dir", "", "folder of the organisation")
	export.Flags().StringVar(&node, "node", "", "gRPC address HOST:PORT of a node of the chain")
	export.Flags().StringVar(&genesis, "genesis", "", "the chain's genesis, the root of trust (default ORGDIR/genesis.json)")
	export.Flags().StringArrayVar(&cas, "ca", nil, "extra CA certificate file to trust for --node's certificate (repeatable)")
	export.Flags().StringVar(&account, "account", "", "name of the org's account (default: the org's name, if ORGDIR/account.key exists)")
	export.Flags().StringVar(&out, "out", "network.json", "where to write the network map")
	export.Flags().DurationVar(&timeout, "timeout", 30*time.Second, "how long to wait for the nodes")
	export.Flags().StringVarP(&output, "output", "o", "text", "output format: text or json")
	c.AddCommand(export)
	return c
}
