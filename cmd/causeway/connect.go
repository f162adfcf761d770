package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/services/relayer"
	"github.com/causeway/causeway/types"
)

// connectView is what connect prints per direction.
type connectView struct {
	On         string `json:"on"`
	Follows    string `json:"follows"`
	Registered bool   `json:"registered"` // false: it kept one already
	Proposal   string `json:"proposal,omitempty"`
	Votes      int    `json:"votes,omitempty"`
}

// connectChains makes each of two local consortia keep a light client of
// the other, by governance with the votes of their own org admins (whose
// keys a local consortium's network.json names).
func connectChains(ctx context.Context, nwA, nwB *sdk.Network, progress io.Writer) ([]connectView, error) {
	if nwA.ChainID == nwB.ChainID {
		return nil, fmt.Errorf("both networks are chain %q: connect links two different chains", nwA.ChainID)
	}
	var out []connectView
	for _, d := range [][2]*sdk.Network{{nwA, nwB}, {nwB, nwA}} {
		on, other := d[0], d[1]
		admins, err := relayer.Admins(on)
		if err != nil {
			return out, fmt.Errorf("chain %s: connect votes with every org's admin key, as `causeway up` makes them (members of a real consortium use crosschain register and gov vote): %w", on.ChainID, err)
		}
		g, err := types.LoadGenesis(other.Genesis)
		if err != nil {
			return out, fmt.Errorf("chain %s's genesis: %w", other.ChainID, err)
		}
		cl, err := sdk.DialNetwork(ctx, on, on.Orgs[0].Name, 0)
		if err != nil {
			return out, fmt.Errorf("chain %s: %w", on.ChainID, err)
		}
		rec, err := relayer.Register(ctx, cl, sdk.TxOptions{ChainID: on.ChainID}, admins, g)
		cl.Close()
		if err != nil {
			return out, err
		}
		v := connectView{On: on.ChainID, Follows: other.ChainID, Registered: rec != nil}
		if rec != nil {
			v.Proposal, v.Votes = fmt.Sprintf("%x", rec.Id), len(rec.Votes)
			fmt.Fprintf(progress, "  %s keeps a light client of %s (proposal %.16x, %d vote(s))\n", on.ChainID, other.ChainID, rec.Id, len(rec.Votes))
		} else {
			fmt.Fprintf(progress, "  %s kept a light client of %s already\n", on.ChainID, other.ChainID)
		}
		out = append(out, v)
	}
	return out, nil
}

func ccConnectCmd() *cobra.Command {
	var f clientFlags
	var remote string
	var relay bool
	var o relayOptions
	c := &cobra.Command{
		Use:   "connect --network A --remote B [--relay]",
		Short: "Make two local consortia keep light clients of each other (governance by their own org admins), and optionally relay",
		Long: `connect registers each chain as a light client on the other: on each chain the first org's
admin proposes the other chain's genesis and the other orgs' admins vote until it passes. It needs
every org's admin key, as a consortium made by ` + "`causeway up`" + ` has them; members of a real
consortium propose with crosschain register and vote with gov vote. A chain that keeps a light
client of the other already is left as it is, so connect can be run again. With --relay it then
relays in the foreground, like causeway relay.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if remote == "" {
				return errors.New("--remote NETWORK.json (the other chain's network or consortium folder) is required")
			}
			if f.network != "" {
				f.network = networkPath(f.network)
			}
			nwA, err := f.loadNetwork()
			if err != nil {
				return err
			}
			nwB, err := sdk.LoadNetwork(networkPath(remote))
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			cctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
			defer cancel()
			views, err := connectChains(cctx, nwA, nwB, progressOut(f.output))
			if err != nil {
				return err
			}
			if f.json() && !relay {
				printJSON(views)
			}
			if !relay {
				if !f.json() {
					fmt.Printf("connected %s and %s; relay with: causeway relay --network %s --remote %s\n", nwA.ChainID, nwB.ChainID, nwA.Dir, nwB.Dir)
				}
				return nil
			}
			o.output = f.output
			local, rem := relaySide{network: nwA.Dir}, relaySide{network: nwB.Dir}
			a, _, err := local.open(cctx, nil)
			if err != nil {
				return err
			}
			defer a.Client.Close()
			b, _, err := rem.open(cctx, nil)
			if err != nil {
				return err
			}
			defer b.Client.Close()
			return runRelay(ctx, a, b, o)
		},
	}
	f.register(c)
	c.Flags().StringVar(&remote, "remote", "", "network.json (or consortium folder) of the other chain (required)")
	c.Flags().BoolVar(&relay, "relay", false, "then relay between the two chains until stopped (the flags of causeway relay apply)")
	o.register(c)
	return c
}
