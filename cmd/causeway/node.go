package main

import (
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/causeway/causeway/node"
)

func nodeCmd() *cobra.Command {
	c := &cobra.Command{Use: "node", Short: "Run a node"}
	var cfgPath string
	start := &cobra.Command{
		Use:   "start",
		Short: "Run one node from its configuration file until interrupted",
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := node.LoadConfig(cfgPath)
			if err != nil {
				return err
			}
			var level slog.Level
			if err := level.UnmarshalText([]byte(orDefault(cfg.LogLevel, "info"))); err != nil {
				return fmt.Errorf("log_level: %w", err)
			}
			log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
			n, err := node.New(cfg, node.Options{Logger: log})
			if err != nil {
				return err
			}
			if err := n.Start(); err != nil {
				return err
			}
			sig := make(chan os.Signal, 1)
			signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
			s := <-sig
			log.Info("stopping", "signal", s.String())
			n.Stop()
			return nil
		},
	}
	start.Flags().StringVar(&cfgPath, "config", "node.json", "node configuration file")
	c.AddCommand(start)
	return c
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
