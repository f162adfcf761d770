package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/causeway/causeway/node"
)

func nodeCmd() *cobra.Command {
	c := &cobra.Command{Use: "node", Short: "Run a node"}
	var cfgPath, output string
	var join bool
	var logFormat string
	start := &cobra.Command{
		Use:   "start [--join] --config node.json",
		Short: "Run one node from its configuration file until interrupted",
		Long: `start runs one node until interrupted. A node that is not (yet) a consensus node of the
chain syncs blocks from the others and starts consensus once governance adds it; --join says
that this is expected (a new org's node, see 'causeway join request') and reports the
progress until the node is admitted.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := node.NewLogger(io.Discard, logFormat, ""); err != nil {
				return fmt.Errorf("--log-format: %w", err)
			}
			cfg, err := node.LoadConfig(cfgPath)
			if err != nil {
				return err
			}
			if logFormat == "" && output == "json" {
				logFormat = "json" // -o json: the node's log lines are JSON objects
			}
			log, err := node.NewLogger(os.Stderr, orDefault(logFormat, cfg.LogFormat), cfg.LogLevel)
			if err != nil {
				return fmt.Errorf("node config %s: %w", cfgPath, err)
			}
			n, err := node.New(cfg, node.Options{Logger: log})
			if ce, ok := asCorruption(err); ok {
				exitCorrupted(ce, cfgPath)
			}
			if err != nil {
				return err
			}
			switch consenter := n.Consensus().IsConsenter(); {
			case join && consenter:
				log.Info("join: this node is already a consensus node of the chain; starting as one")
			case join:
				log.Info("join: waiting to be admitted by governance (causeway gov propose add-org / add-node); syncing blocks from the consortium meanwhile",
					"node", cfg.ID, "org", cfg.Org, "height", n.Head().Height)
			case !consenter:
				log.Warn("this node is not a consensus node of the chain: it syncs from peers until governance adds it (start with --join to follow its admission)")
			}
			// Listen for signals before the node says it started: a
			// supervisor that stops it right after "node started" gets a
			// clean stop, not the default signal action.
			sig := make(chan os.Signal, 1)
			signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
			defer signal.Stop(sig)
			if err := n.Start(); err != nil {
				return err
			}
			done := make(chan struct{})
			if join {
				go reportJoin(n, log, done)
			}
			var s os.Signal
			select {
			case s = <-sig:
			case <-n.Failed():
				exitCorrupted(n.Failure(), cfgPath)
			}
			log.Info("stopping", "signal", s.String())
			close(done)
			n.Stop()
			return nil
		},
	}
	start.Flags().StringVar(&cfgPath, "config", "node.json", "node configuration file")
	start.Flags().StringVar(&logFormat, "log-format", "", "log format: text or json (one JSON object per line); default: the config's log_format, else text")
	start.Flags().BoolVar(&join, "join", false, "join a running consortium: sync and wait until governance admits this node")
	outputFlag(start, &output)
	c.AddCommand(start, nodeRebuildCmd(), nodeStageRotationCmd(), nodeInstallStagedCmd())
	return c
}

// reportJoin logs a joining node's progress until it is a running consenter.
func reportJoin(n *node.Node, log *slog.Logger, done <-chan struct{}) {
	t := time.NewTicker(2 * time.Second)
	defer t.Stop()
	last := uint64(0)
	for {
		select {
		case <-done:
			return
		case <-t.C:
		}
		h := n.Head().Height
		if n.Consensus().Running() {
			log.Info("join: admitted; this node is a consensus node", "height", h, "nodes", n.ChainConfig().NodeIDs())
			return
		}
		if h != last {
			log.Info("join: syncing; waiting to be admitted", "height", h)
			last = h
		}
	}
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
