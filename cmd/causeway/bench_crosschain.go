package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/causeway/causeway/bench"
	"github.com/causeway/causeway/services/relayer"
)

func benchCrossChainCmd() *cobra.Command {
	var local, remote relaySide
	var cfg bench.CrossChainConfig
	var dir, output string
	c := &cobra.Command{
		Use:   "crosschain (--dir FOLDER | --network A --remote B)",
		Short: "Measure contract messages between two chains: messages per second end to end, send-to-receipt latency",
		Long: `bench crosschain deploys a MessageBox contract on each chain, authorises the pair by governance
(with the local consortia's admin keys), and has A's contract send --messages atomic messages to
B's (ordered and unordered transactions in turn, --per-tx messages each, at --rate messages per
second, 0: all at once) while a relayer carries them and their acknowledgements (in process, as
` + "`causeway relay`" + ` runs it; --external-relayer: relayers you run). When B has received every
message and A every acknowledgement, it reads from the chains the block times of each message's
send, receipt and acknowledgement, and reports messages per second end to end and the latency
percentiles. Both chains must keep a light client of the other (up --chains 2 does this).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if dir != "" {
				local.network, remote.network = filepath.Join(dir, "chain-a"), filepath.Join(dir, "chain-b")
			}
			if local.network == "" || remote.network == "" {
				return errors.New("give --dir (a folder of `causeway up --chains 2`) or --network and --remote")
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
			defer stop()
			dctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			defer cancel()
			a, nwA, err := local.open(dctx, nil)
			if err != nil {
				return err
			}
			defer a.Client.Close()
			b, nwB, err := remote.open(dctx, nil)
			if err != nil {
				return err
			}
			defer b.Client.Close()
			adA, err := relayer.Admins(nwA)
			if err != nil {
				return err
			}
			adB, err := relayer.Admins(nwB)
			if err != nil {
				return err
			}
			cfg.A = bench.CrossChainSide{Chain: a, Admins: adA}
			cfg.B = bench.CrossChainSide{Chain: b, Admins: adB}
			cfg.Progress = func(format string, v ...any) { fmt.Fprintf(os.Stderr, format+"\n", v...) }
			res, err := bench.CrossChain(ctx, cfg)
			if err != nil {
				return err
			}
			if output == "json" {
				printJSON(res)
				return nil
			}
			ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
			fmt.Printf("%d messages %s -> %s (%d per transaction, rate %v/s): %d received, %d acknowledged\n",
				res.Messages, a.ChainID, b.ChainID, cfg.PerTx, cfg.Rate, res.Received, res.Acked)
			fmt.Printf("end to end %.0f messages/s (first send to last receipt %.1f s); with acknowledgements %.0f/s (%.1f s)\n",
				res.PerSecond, res.Span.Seconds(), res.AckPerSecond, res.AckSpan.Seconds())
			fmt.Printf("send to receipt: p50 %.0f ms, p99 %.0f ms, max %.0f ms\n", ms(res.Latency.P50), ms(res.Latency.P99), ms(res.Latency.Max))
			fmt.Printf("send to acknowledgement: p50 %.0f ms, p99 %.0f ms, max %.0f ms\n", ms(res.AckLatency.P50), ms(res.AckLatency.P99), ms(res.AckLatency.Max))
			if !cfg.ExternalRelayer {
				fmt.Printf("relayer: %d headers, %d ticks\n", res.RelayTxs, res.Ticks)
			}
			return nil
		},
	}
	c.Flags().StringVar(&dir, "dir", "", "folder of `causeway up --chains 2` (its chain-a sends to its chain-b)")
	local.register(c, "", "the sending chain")
	remote.register(c, "remote-", "the receiving chain")
	c.Flags().IntVar(&cfg.Messages, "messages", 1000, "messages to send")
	c.Flags().IntVar(&cfg.PerTx, "per-tx", 10, "messages per send transaction")
	c.Flags().Float64Var(&cfg.Rate, "rate", 0, "offered load in messages per second (0: all at once)")
	c.Flags().BoolVar(&cfg.ExternalRelayer, "external-relayer", false, "do not relay in process: relayers you run (causeway relay) carry the messages")
	c.Flags().DurationVar(&cfg.Interval, "interval", 100*time.Millisecond, "the in-process relayer's idle interval")
	c.Flags().DurationVar(&cfg.Timeout, "timeout", 10*time.Minute, "give up after this long")
	outputFlag(c, &output)
	return c
}
