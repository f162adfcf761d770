package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/causeway/causeway/node"
	"github.com/causeway/causeway/store"
)

// corruptedLine is the one line `node start` prints for a damaged ledger:
// the file, what is wrong, and the command that repairs it.
func corruptedLine(ce *store.CorruptionError, cfgPath string) string {
	return fmt.Sprintf("causeway: ledger corrupted: %s: %s; run \"causeway node rebuild --config %s\" to restore it from peers", ce.File, ce.Reason, cfgPath)
}

// exitCorrupted prints corruptedLine on stderr and ends the process with
// status 2, without a stack trace and without touching the damaged files.
func exitCorrupted(ce *store.CorruptionError, cfgPath string) {
	fmt.Fprintln(os.Stderr, corruptedLine(ce, cfgPath))
	os.Exit(2)
}

// asCorruption reports whether err is a damaged ledger.
func asCorruption(err error) (*store.CorruptionError, bool) {
	var ce *store.CorruptionError
	ok := errors.As(err, &ce)
	return ce, ok
}

func nodeRebuildCmd() *cobra.Command {
	var cfgPath, output string
	c := &cobra.Command{
		Use:   "rebuild --config node.json",
		Short: "Rebuild a stopped node's ledger from its peers, verifying every block",
		Long: `rebuild restores the ledger of a stopped node (for example one whose table files are
damaged) from its peers. It moves the node's ledger and consensus log aside into
<data_dir>/corrupted-<time>/ (nothing is deleted), starts a fresh ledger from the genesis and
fetches every block from the peers of the configuration in force. Each block must extend the
previous one (hash chain), match its transactions, follow the re-execution of its parent (state
and receipt roots) and carry the signatures of a quorum of the node set in force at its height.
A peer that serves a block failing any of these is refused and another peer is asked.
Then start the node again with 'causeway node start --config node.json'.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if output != "text" && output != "json" {
				return fmt.Errorf("--output must be text or json, got %q", output)
			}
			cfg, err := node.LoadConfig(cfgPath)
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			fmt.Fprintf(os.Stderr, "rebuilding the ledger of node %d from its peers (the old ledger is kept)\n", cfg.ID)
			last := uint64(0)
			res, err := node.Rebuild(ctx, cfg, node.RebuildOptions{
				Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError})),
				Progress: func(p node.RebuildProgress) {
					if p.Height != last || last == 0 {
						fmt.Fprintf(os.Stderr, "  verified and committed block %d of %d\n", p.Height, p.Target)
						last = p.Height
					}
				},
			})
			if err != nil {
				if res != nil && res.MovedTo != "" {
					return fmt.Errorf("rebuild of node %d: %w (the previous ledger is in %s)", cfg.ID, err, res.MovedTo)
				}
				return fmt.Errorf("rebuild of node %d: %w", cfg.ID, err)
			}
			if output == "json" {
				printJSON(res)
				return nil
			}
			for _, r := range res.Refused {
				fmt.Printf("refused blocks from node %d: %s\n", r.Peer, r.Reason)
			}
			if res.MovedTo != "" {
				fmt.Printf("previous ledger kept in %s\n", res.MovedTo)
			}
			fmt.Printf("ledger rebuilt: %d blocks verified, head %d %s\n", res.Blocks, res.Height, res.HeadHash)
			fmt.Printf("start the node: causeway node start --config %s\n", cfgPath)
			return nil
		},
	}
	c.Flags().StringVar(&cfgPath, "config", "node.json", "node configuration file")
	c.Flags().StringVarP(&output, "output", "o", "text", "output format: text or json")
	return c
}
