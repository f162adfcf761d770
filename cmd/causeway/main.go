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
	root := &cobra.Command{
		Use:           "causeway",
		Short:         "Causeway: a permissioned consortium blockchain",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(upCmd(), downCmd(), nodeCmd(), statusCmd(), txCmd(), blockCmd(), accountCmd(), benchCmd())
	root.AddCommand(keysCmd())
	root.AddCommand(contractCmd())
	root.AddCommand(orgCmd(), certCmd(), joinCmd(), govCmd())
	root.AddCommand(verifyCmd(), evidenceCmd())
	root.AddCommand(genesisCmd(), networkCmd())
	if err := root.Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}
