// Command causeway is the command-line interface of Causeway: it starts nodes
// and local consortia, submits and queries transactions, and benchmarks. It
// only parses flags and prints; the work is done by the packages it calls.
package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

func main() {
	if err := rootCmd().Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "error:", userError(err))
		os.Exit(1)
	}
}

// rootCmd returns the command tree.
func rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "causeway",
		Short:         "Causeway: a permissioned consortium blockchain",
		SilenceUsage:  true,
		SilenceErrors: true,
		// Every command has -o/--output; its value is checked before the
		// command runs.
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			if fl := cmd.Flags().Lookup("output"); fl != nil && fl.Value.String() != "text" && fl.Value.String() != "json" {
				return fmt.Errorf("--output %q: want text or json", fl.Value.String())
			}
			return nil
		},
	}
	root.AddCommand(upCmd(), downCmd(), nodeCmd(), statusCmd(), txCmd(), blockCmd(), accountCmd(), benchCmd())
	root.AddCommand(keysCmd())
	root.AddCommand(contractCmd())
	root.AddCommand(orgCmd(), certCmd(), joinCmd(), govCmd())
	root.AddCommand(verifyCmd(), verifyPackageCmd(), evidenceCmd())
	root.AddCommand(crosschainCmd(), relayCmd())
	root.AddCommand(sealCmd(), openCmd(), readersCmd())
	root.AddCommand(tokenCmd(), auditCmd())
	root.AddCommand(genesisCmd(), networkCmd())
	root.AddCommand(consoleCmd())
	root.AddCommand(scenarioCmd())
	return root
}
