package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/causeway/causeway/consortium"
	"github.com/causeway/causeway/sdk"
)

// upOne creates the consortium in abs if it holds none, and starts its
// nodes; it reports whether it created it.
func upOne(ctx context.Context, abs string, opts consortium.Options, progress io.Writer) (bool, error) {
	netFile := filepath.Join(abs, consortium.NetworkFile)
	created := false
	if _, err := os.Stat(netFile); err != nil {
		created = true
		fmt.Fprintf(progress, "creating a consortium of %d organisations in %s\n", opts.Orgs, abs)
		opts.Dir = abs
		if _, err := consortium.Generate(opts); err != nil {
			return created, err
		}
	} else {
		fmt.Fprintf(progress, "restarting the consortium in %s\n", abs)
	}
	exe, err := os.Executable()
	if err != nil {
		return created, err
	}
	return created, consortium.Up(ctx, abs, exe, func(s string) { fmt.Fprintln(progress, "  "+s) })
}

// chainIDs are the chain ids of `up --chains N`: chain-a, chain-b, ...
func chainIDs(n int) []string {
	var out []string
	for i := range n {
		out = append(out, "chain-"+string(rune('a'+i)))
	}
	return out
}

func upCmd() *cobra.Command {
	var orgs, basePort, chains int
	var dir, chainID, suite, output string
	c := &cobra.Command{
		Use:   "up",
		Short: "Create (or restart) a local consortium and wait until it commits blocks",
		Long: `up creates a local consortium in --dir: a certificate authority per organisation,
admin, client and node certificates, an account per organisation, a genesis, and one node
process per organisation on loopback. If --dir already holds a consortium, up restarts its
nodes with their data. It returns once a transaction has been committed.

With --chains N (2 to 26), up makes N consortia instead, each with its own organisations, keys,
nodes and ports, in the folders chain-a, chain-b, ... of --dir (default causeway-chains), with
chain ids chain-a, chain-b, ...; it then connects every two of them (each keeps a light client
of the other, registered by the votes of its own org admins: crosschain connect) and prints the
causeway relay command that carries headers between them.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if chains != 1 {
				if chains < 2 || chains > 26 {
					return fmt.Errorf("--chains %d: want 1 to 26", chains)
				}
				if cmd.Flags().Changed("chain-id") {
					return fmt.Errorf("--chain-id names one chain; with --chains the chain ids are %s, ...", chainIDs(2))
				}
				if !cmd.Flags().Changed("dir") {
					dir = "causeway-chains"
				}
				return upChains(dir, chains, orgs, basePort, suite, output)
			}
			abs, err := filepath.Abs(dir)
			if err != nil {
				return err
			}
			netFile := filepath.Join(abs, consortium.NetworkFile)
			// Progress goes to standard error when standard output is JSON.
			progress := progressOut(output)
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			start := time.Now()
			created, err := upOne(ctx, abs, consortium.Options{Orgs: orgs, ChainID: chainID, BasePort: basePort, Crypto: suite}, progress)
			if err != nil {
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
	c.Flags().StringVar(&dir, "dir", "causeway-net", "folder of the consortium (with --chains: of the consortia; default causeway-chains)")
	c.Flags().StringVar(&chainID, "chain-id", "causeway-local", "chain id of a new consortium")
	c.Flags().StringVar(&suite, "crypto", "intl", "crypto suite of a new consortium: intl (SHA-256, Ed25519) or gm (SM3, SM2, SM4)")
	c.Flags().IntVar(&basePort, "base-port", 7050, "first port; node i uses base+10(i-1) .. +3 (0 picks free ports); with --chains, chain k starts 100 ports (or more, for many orgs) after chain k-1")
	c.Flags().IntVar(&chains, "chains", 1, "number of consortia to make and connect (chain ids chain-a, chain-b, ...)")
	outputFlag(c, &output)
	return c
}

// chainView is what up --chains prints per chain.
type chainView struct {
	ChainID string `json:"chain_id"`
	Dir     string `json:"dir"`
	Created bool   `json:"created"`
	Network string `json:"network"`
	Genesis string `json:"genesis"`
}

// upChains makes (or restarts) n consortia in dir and connects every two.
func upChains(dir string, n, orgs, basePort int, suite, output string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(abs, consortium.NetworkFile)); err == nil {
		return fmt.Errorf("%s holds one consortium: --chains makes its consortia in subfolders of a folder of their own (pick another --dir)", abs)
	}
	progress := progressOut(output)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	start := time.Now()
	stride := max(100, (10*orgs+99)/100*100)
	var views []chainView
	var nets []*sdk.Network
	for i, id := range chainIDs(n) {
		port := 0
		if basePort != 0 {
			port = basePort + i*stride
		}
		cdir := filepath.Join(abs, id)
		created, err := upOne(ctx, cdir, consortium.Options{Orgs: orgs, ChainID: id, BasePort: port, Crypto: suite}, progress)
		if err != nil {
			return fmt.Errorf("chain %s: %w", id, err)
		}
		netFile := filepath.Join(cdir, consortium.NetworkFile)
		nw, err := sdk.LoadNetwork(netFile)
		if err != nil {
			return err
		}
		if nw.ChainID != id {
			return fmt.Errorf("%s holds chain %q, not %q", cdir, nw.ChainID, id)
		}
		nets = append(nets, nw)
		views = append(views, chainView{ChainID: id, Dir: cdir, Created: created, Network: netFile, Genesis: filepath.Join(cdir, "genesis.json")})
	}
	fmt.Fprintln(progress, "connecting the chains (each keeps a light client of the other)")
	cctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	var links []connectView
	for i := range nets {
		for j := i + 1; j < len(nets); j++ {
			v, err := connectChains(cctx, nets[i], nets[j], progress)
			if err != nil {
				return err
			}
			links = append(links, v...)
		}
	}
	rememberNetwork(views[0].Network)
	if output == "json" {
		printJSON(map[string]any{"dir": abs, "chains": views, "light_clients": links, "seconds": time.Since(start).Seconds()})
		return nil
	}
	fmt.Printf("%d consortia are committing blocks and follow each other (%.1fs)\n", n, time.Since(start).Seconds())
	for _, v := range views {
		fmt.Printf("  %-8s %s\n", v.ChainID, v.Network)
	}
	fmt.Printf("relay:  causeway relay --network %s --remote %s\n", views[0].Dir, views[1].Dir)
	fmt.Printf("stop:   causeway down --dir %s\n", dir)
	return nil
}

func downCmd() *cobra.Command {
	var dir, output string
	c := &cobra.Command{
		Use:   "down",
		Short: "Stop the nodes of a local consortium, or of the consortia of up --chains (their data stays)",
		RunE: func(cmd *cobra.Command, args []string) error {
			dirs := []string{dir}
			if _, err := os.Stat(filepath.Join(dir, consortium.NetworkFile)); err != nil {
				// The folder of up --chains: a consortium per subfolder.
				if m, _ := filepath.Glob(filepath.Join(dir, "*", consortium.NetworkFile)); len(m) > 0 {
					dirs = dirs[:0]
					for _, f := range m {
						dirs = append(dirs, filepath.Dir(f))
					}
				}
			}
			for _, d := range dirs {
				if err := consortium.Down(d); err != nil {
					return err
				}
			}
			if output == "json" {
				printJSON(map[string]any{"dir": dir, "stopped": true, "consortia": dirs})
				return nil
			}
			if len(dirs) > 1 {
				fmt.Printf("stopped the %d consortia in %s; `causeway up --chains %d --dir %s` restarts them\n", len(dirs), dir, len(dirs), dir)
				return nil
			}
			fmt.Printf("stopped the consortium in %s; `causeway up --dir %s` restarts it\n", dir, dir)
			return nil
		},
	}
	c.Flags().StringVar(&dir, "dir", "causeway-net", "folder of the consortium (or of the consortia of up --chains)")
	outputFlag(c, &output)
	return c
}
