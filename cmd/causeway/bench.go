package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/causeway/causeway/bench"
	"github.com/causeway/causeway/consortium"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

func benchCmd() *cobra.Command {
	var f clientFlags
	var cfg bench.Config
	var nodes int
	var chart string
	var keep bool
	var cpuProfile string
	var params []string
	c := &cobra.Command{
		Use:   "bench",
		Short: "Measure committed throughput and submit-to-commit latency",
		Long: `bench drives a workload at a consortium: --network (default: the last one up made), or with
--nodes N a fresh local consortium of N node processes that it starts and stops itself.
Closed-loop by default (each client keeps --inflight transactions outstanding); --rate R runs
open-loop at R tx/s in total.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
			defer stop()
			var nw *sdk.Network
			var err error
			if nodes > 0 {
				dir, err := os.MkdirTemp("", "causeway-bench-")
				if err != nil {
					return err
				}
				if !keep {
					defer os.RemoveAll(dir)
				}
				progress(f, "starting a local consortium of %d nodes in %s", nodes, dir)
				p := types.DefaultParams()
				for _, kv := range params {
					name, val, ok := strings.Cut(kv, "=")
					v, err := strconv.ParseInt(val, 10, 64)
					if !ok || err != nil {
						return fmt.Errorf("--param %q: want name=integer", kv)
					}
					if err := p.SetParam(name, v); err != nil {
						return fmt.Errorf("--param %q: %w", kv, err)
					}
				}
				if _, err := consortium.Generate(consortium.Options{Dir: dir, Orgs: nodes, ChainID: "causeway-bench", Params: &p}); err != nil {
					return err
				}
				exe, err := os.Executable()
				if err != nil {
					return err
				}
				defer consortium.Down(dir)
				if err := consortium.Up(ctx, dir, exe, func(s string) { progress(f, "  %s", s) }); err != nil {
					return err
				}
				nw, err = sdk.LoadNetwork(filepath.Join(dir, consortium.NetworkFile))
				if err != nil {
					return err
				}
			} else if nw, err = f.loadNetwork(); err != nil {
				return err
			}
			cfg.Network = nw
			cfg.Log = func(s string) { progress(f, "%s", s) }
			if cpuProfile != "" {
				fh, err := os.Create(cpuProfile)
				if err != nil {
					return err
				}
				defer fh.Close()
				if err := pprof.StartCPUProfile(fh); err != nil {
					return err
				}
				defer pprof.StopCPUProfile()
			}
			cfg.Progress = func(s bench.Sample) {
				progress(f, "%5.0fs %-7s committed %8d  %7.0f tx/s (sent %7.0f)  p50 %6.1f ms  p99 %7.1f ms  in flight %5d  rejected %d  height %d",
					s.T, s.Phase, s.Committed, s.TPS, s.SentTPS, s.P50Ms, s.P99Ms, s.InFlight, s.Rejected, s.Height)
			}
			rep, err := bench.Run(ctx, cfg)
			if err != nil {
				return err
			}
			if chart != "" {
				fh, err := os.Create(chart)
				if err != nil {
					return err
				}
				if err := bench.WriteChart(fh, rep); err != nil {
					fh.Close()
					return err
				}
				fh.Close()
			}
			if f.json() {
				out := *rep
				printJSON(out)
				return nil
			}
			fmt.Printf("workload %s, %d nodes, %d clients x %d in flight, %s, %.0f s steady\n", rep.Workload, rep.Nodes, rep.Clients, rep.InFlight, rep.Mode, rep.DurationS)
			if rep.Mode == "open-loop" {
				fmt.Printf("target %.0f tx/s, offered %.0f tx/s, unsent %d\n", rep.TargetRate, rep.OfferedTPS, rep.Unsent)
			}
			fmt.Printf("committed %.0f tx/s; latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms; rejected %d; timed out %d\n",
				rep.CommittedTPS, rep.P50Ms, rep.P90Ms, rep.P99Ms, rep.MaxMs, rep.Rejected, rep.TimedOut)
			fmt.Printf("load generator cpu %.0f%% (%d transactions pre-signed)\n", rep.ClientCPUPercent, rep.Presigned)
			for reason, n := range rep.RejectReason {
				fmt.Printf("  rejected %s: %d\n", reason, n)
			}
			for _, u := range rep.NodeUsage {
				fmt.Printf("  node %d: cpu %.0f%%, rss %.0f MiB (max %.0f MiB)\n", u.ID, u.CPUPercent, u.RSSMiB, u.MaxRSSMiB)
			}
			if chart != "" {
				fmt.Printf("chart: %s\n", chart)
			}
			return nil
		},
	}
	f.register(c)
	c.Flags().IntVar(&nodes, "nodes", 0, "start a fresh local consortium of this many nodes instead of using --network")
	c.Flags().BoolVar(&keep, "keep", false, "keep the --nodes consortium's folder")
	c.Flags().StringArrayVar(&params, "param", nil, "with --nodes, a chain parameter of the genesis, name=value (e.g. batch_max_interval_ms=50); repeatable")
	c.Flags().StringVar(&cfg.Workload, "workload", bench.Evidence, "evidence or transfer")
	c.Flags().IntVar(&cfg.Clients, "clients", 32, "signing clients")
	c.Flags().IntVar(&cfg.InFlight, "inflight", 64, "outstanding transactions per client (the closed-loop window; a bound in open loop)")
	c.Flags().Float64Var(&cfg.Rate, "rate", 0, "total target rate in tx/s (open loop); 0 is closed loop")
	c.Flags().DurationVar(&cfg.Warmup, "warmup", 5*time.Second, "warm-up before measuring")
	c.Flags().DurationVar(&cfg.Duration, "duration", 20*time.Second, "measured steady phase")
	c.Flags().DurationVar(&cfg.Drain, "drain", 10*time.Second, "how long to wait after the steady phase for transactions in flight")
	c.Flags().IntVar(&cfg.Presign, "presign", 0, "sign this many transactions before the run and send those first (the generator then does not compete with local nodes for CPU by signing)")
	c.Flags().StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of the load generator itself to this file")
	c.Flags().StringVar(&chart, "chart", "", "write an HTML chart of throughput and latency to this file")
	c.AddCommand(benchCrossChainCmd())
	return c
}

// progress prints to stderr so that -o json stays clean on stdout.
func progress(f clientFlags, format string, a ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", a...)
}
