package main

import (
	"context"
	"fmt"
	"os"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/causeway/causeway/sdk"
)

type nodeStatus struct {
	ID            uint64       `json:"id"`
	Org           string       `json:"org"`
	Address       string       `json:"grpc"`
	Reachable     bool         `json:"reachable"`
	Error         string       `json:"error,omitempty"`
	Health        string       `json:"health,omitempty"`
	Ready         bool         `json:"ready"`
	Reason        string       `json:"reason,omitempty"`
	Height        uint64       `json:"height"`
	LastBlockHash string       `json:"last_block_hash,omitempty"`
	View          uint64       `json:"view"`
	Leader        uint64       `json:"leader"`
	PoolSize      uint64       `json:"pool_size"`
	Peers         []peerStatus `json:"peers"`
}

type peerStatus struct {
	ID        uint64 `json:"id"`
	Connected bool   `json:"connected"`
}

func statusCmd() *cobra.Command {
	var (
		f    clientFlags
		wait time.Duration
	)
	c := &cobra.Command{
		Use:   "status",
		Short: "Show each node's height, view, leader and peers",
		Long: `status asks every node of the network for its height, consensus view, leader, pool
size and peers, and prints them (with -o json, as one JSON document on standard output).

Exit status: 0 when every node answered; 1 when any node did not (the answers of the
others are still printed, and the error names how many nodes were unreachable), or when
the network file cannot be read.

With --wait D, status asks again (every half second) until every node answers and is
ready, or D has passed; it then prints the last answers, with the exit status above
(a node that answers but is not ready does not fail the command). Scripts use it after
starting or admitting a node.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			nw, err := f.loadNetwork()
			if err != nil {
				return err
			}
			org, err := f.orgOf(nw)
			if err != nil {
				return err
			}
			out := struct {
				ChainID string       `json:"chain_id"`
				Nodes   []nodeStatus `json:"nodes"`
			}{ChainID: nw.ChainID}
			deadline := time.Now().Add(wait)
			for {
				out.Nodes = pollNodes(nw, org.Name)
				if wait <= 0 || allReady(out.Nodes) || time.Now().After(deadline) {
					break
				}
				time.Sleep(500 * time.Millisecond)
			}
			if f.json() {
				printJSON(out)
				return unreachable(out.Nodes)
			}
			fmt.Printf("chain %s\n", nw.ChainID)
			w := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "NODE\tORG\tADDRESS\tHEALTH\tHEIGHT\tVIEW\tLEADER\tPOOL\tPEERS")
			for _, n := range out.Nodes {
				if !n.Reachable {
					fmt.Fprintf(w, "%d\t%s\t%s\tunreachable: %s\n", n.ID, safe(n.Org), safe(n.Address), n.Error)
					continue
				}
				peers := ""
				for _, p := range n.Peers {
					mark := "+"
					if !p.Connected {
						mark = "-"
					}
					peers += fmt.Sprintf("%s%d ", mark, p.ID)
				}
				fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%s\n", n.ID, safe(n.Org), safe(n.Address), safe(orDefault(n.Health, "?")), n.Height, n.View, n.Leader, n.PoolSize, peers)
			}
			if err := w.Flush(); err != nil {
				return err
			}
			for _, n := range out.Nodes {
				if n.Reachable && n.Reason != "" {
					fmt.Printf("node %d is not ready: %s\n", n.ID, safe(n.Reason))
				}
			}
			return unreachable(out.Nodes)
		},
	}
	f.register(c)
	c.Flags().DurationVar(&wait, "wait", 0, "ask again until every node answers and is ready, for at most this long (0: ask once)")
	return c
}

// unreachable returns an error when any node did not answer: status then
// exits non-zero.
func unreachable(nodes []nodeStatus) error {
	down := 0
	for _, n := range nodes {
		if !n.Reachable {
			down++
		}
	}
	switch {
	case down == 0:
		return nil
	case down == len(nodes):
		return fmt.Errorf("no node answers (all %d unreachable)", down)
	default:
		return fmt.Errorf("%d of %d nodes unreachable", down, len(nodes))
	}
}

// pollNodes asks every node of nw, as org, for its status and health.
func pollNodes(nw *sdk.Network, org string) []nodeStatus {
	var nodes []nodeStatus
	for i, n := range nw.Nodes {
		ns := nodeStatus{ID: n.ID, Org: n.Org, Address: n.GRPC}
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		cl, err := sdk.DialNetwork(ctx, nw, org, i)
		if err == nil {
			st, err2 := cl.Status(ctx)
			err = err2
			if err == nil {
				ns.Reachable = true
				ns.Height, ns.LastBlockHash, ns.View, ns.Leader, ns.PoolSize = st.Height, st.LastBlockHash, st.View, st.Leader, st.PoolSize
				for _, p := range st.Peers {
					ns.Peers = append(ns.Peers, peerStatus{ID: p.Id, Connected: p.Connected})
				}
				if h, err := cl.Health(ctx); err == nil {
					ns.Health, ns.Ready, ns.Reason = h.Status, h.Ready, h.Reason
				}
			}
			cl.Close()
		}
		cancel()
		if err != nil {
			ns.Error = userError(err)
		}
		nodes = append(nodes, ns)
	}
	return nodes
}

// allReady reports whether every node answered and is ready.
func allReady(nodes []nodeStatus) bool {
	for _, n := range nodes {
		if !n.Reachable || !n.Ready {
			return false
		}
	}
	return true
}
