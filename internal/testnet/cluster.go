package testnet

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/causeway/causeway/consensus"
	"github.com/causeway/causeway/consortium"
	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/node"
	"github.com/causeway/causeway/p2p/p2ppb"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
)

// Options adjust a cluster.
type Options struct {
	Nodes  int
	Params *types.ChainParams
	// Outbound installs a message interceptor on the node with this index (Byzantine tests).
	Outbound map[int]func(to uint64, m *p2ppb.PeerMessage) *p2ppb.PeerMessage
	// LogLevel of the nodes' logs (default: warn; CAUSEWAY_TEST_LOG=debug overrides).
	LogLevel slog.Level
	// Crypto is the suite: "intl" (default) or "gm".
	Crypto string
	// ChainID is the chain's id (default "causeway-test").
	ChainID string
	// ServeBlock alters the blocks the node with this index serves to
	// syncing peers (a lying peer).
	ServeBlock map[int]func(*types.Block) *types.Block
	// Configure, if set, adjusts the configuration of node i of New before
	// it first starts (limits, an admin listener, which is off by default).
	Configure func(i int, cfg *node.Config)
	// LogHandler, if set, receives node i's logs instead of stderr
	// (tests that count log lines).
	LogHandler func(i int) slog.Handler
	// OrgNames names the orgs (default org1, org2, ...).
	OrgNames []string
}

// Cluster is a running in-process consortium.
type Cluster struct {
	t       testing.TB
	opts    Options
	Layout  *consortium.Layout
	Network *sdk.Network
	cfgs    []*node.Config

	mu    sync.Mutex
	nodes []*node.Node
}

// New generates a consortium in a temporary folder and starts every node.
// The cluster stops when the test ends.
func New(t testing.TB, opts Options) *Cluster {
	t.Helper()
	if opts.Nodes == 0 {
		opts.Nodes = 4
	}
	if opts.LogLevel == 0 {
		opts.LogLevel = slog.LevelWarn
	}
	if os.Getenv("CAUSEWAY_TEST_LOG") == "debug" {
		opts.LogLevel = slog.LevelDebug
	}
	params := types.DefaultParams()
	if opts.Params != nil {
		params = *opts.Params
	}
	l, err := consortium.Generate(consortium.Options{Dir: t.TempDir(), Orgs: opts.Nodes, ChainID: cmp.Or(opts.ChainID, "causeway-test"), Params: &params, Crypto: opts.Crypto, OrgNames: opts.OrgNames})
	if err != nil {
		t.Fatal(err)
	}
	c := &Cluster{t: t, opts: opts, Layout: l, Network: l.Network, nodes: make([]*node.Node, opts.Nodes)}
	for _, p := range l.NodeConfigs {
		cfg, err := node.LoadConfig(p)
		if err != nil {
			t.Fatal(err)
		}
		cfg.AdminListen = ""
		if opts.Configure != nil {
			opts.Configure(len(c.cfgs), cfg)
		}
		c.cfgs = append(c.cfgs, cfg)
	}
	var wg sync.WaitGroup
	errs := make([]error, opts.Nodes)
	for i := range c.cfgs {
		wg.Add(1)
		go func(i int) { defer wg.Done(); errs[i] = c.start(i) }(i)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			c.StopAll()
			t.Fatal(err)
		}
	}
	t.Cleanup(c.StopAll)
	return c
}

func (c *Cluster) start(i int) error {
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: c.opts.LogLevel}))
	if c.opts.LogHandler != nil {
		log = slog.New(c.opts.LogHandler(i))
	}
	n, err := node.New(c.cfgs[i], node.Options{Logger: log, Outbound: c.opts.Outbound[i], ServeBlock: c.opts.ServeBlock[i]})
	if err != nil {
		return err
	}
	if err := n.Start(); err != nil {
		return err
	}
	c.mu.Lock()
	c.nodes[i] = n
	c.mu.Unlock()
	return nil
}

// AddNode starts a node from a configuration file made outside the cluster
// (a joining org's node) and returns its index.
func (c *Cluster) AddNode(cfgPath string) int {
	c.t.Helper()
	cfg, err := node.LoadConfig(cfgPath)
	if err != nil {
		c.t.Fatal(err)
	}
	cfg.AdminListen = ""
	c.mu.Lock()
	c.cfgs = append(c.cfgs, cfg)
	c.nodes = append(c.nodes, nil)
	i := len(c.cfgs) - 1
	c.mu.Unlock()
	if err := c.start(i); err != nil {
		c.t.Fatalf("start node %d: %v", cfg.ID, err)
	}
	return i
}

// Config returns node i's configuration (as the cluster runs it).
func (c *Cluster) Config(i int) *node.Config {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cfgs[i]
}

// Len is the number of nodes.
func (c *Cluster) Len() int { return len(c.cfgs) }

// Node returns node i (by index), nil if stopped.
func (c *Cluster) Node(i int) *node.Node {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.nodes[i]
}

// Running returns the indexes of running nodes.
func (c *Cluster) Running() []int {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []int
	for i, n := range c.nodes {
		if n != nil {
			out = append(out, i)
		}
	}
	return out
}

// Stop stops node i; its data stays.
func (c *Cluster) Stop(i int) {
	c.mu.Lock()
	n := c.nodes[i]
	c.nodes[i] = nil
	c.mu.Unlock()
	if n != nil {
		n.Stop()
	}
}

// Wipe deletes a stopped node's data (ledger and WAL): restarted, it is a
// fresh node that must rebuild the chain from its peers.
func (c *Cluster) Wipe(i int) {
	c.t.Helper()
	if c.Node(i) != nil {
		c.t.Fatalf("wipe a running node %d", i)
	}
	if err := os.RemoveAll(c.cfgs[i].DataDir); err != nil {
		c.t.Fatal(err)
	}
}

// Restart starts a stopped node i again from its data.
func (c *Cluster) Restart(i int) {
	c.t.Helper()
	if err := c.start(i); err != nil {
		c.t.Fatalf("restart node %d: %v", i, err)
	}
}

// StopAll stops every running node.
func (c *Cluster) StopAll() {
	for i := range c.cfgs {
		c.Stop(i)
	}
}

// IndexOf returns the index of the node with the given id.
func (c *Cluster) IndexOf(id uint64) int {
	for i, cfg := range c.cfgs {
		if cfg.ID == id {
			return i
		}
	}
	return -1
}

// Client dials node i with org i's client certificate.
func (c *Cluster) Client(i int) *sdk.Client {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cl, err := sdk.DialNetwork(ctx, c.Network, c.Network.Orgs[i%len(c.Network.Orgs)].Name, i)
	if err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(func() { cl.Close() })
	return cl
}

// Account returns org i's funded genesis account.
func (c *Cluster) Account(i int) sdk.Account {
	c.t.Helper()
	o := c.Network.Orgs[i]
	k, err := crypto.LoadKey(o.Account.Key)
	if err != nil {
		c.t.Fatal(err)
	}
	return sdk.Account{Name: o.Account.Name, Signer: k, Suite: c.Network.Suite()}
}

// TxOptions are transaction options for this chain.
func (c *Cluster) TxOptions() sdk.TxOptions { return sdk.TxOptions{ChainID: c.Network.ChainID} }

// WaitHeight waits until every running node has committed height h.
func (c *Cluster) WaitHeight(h uint64, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		low := uint64(0)
		first := true
		for _, i := range c.Running() {
			n := c.Node(i)
			if n == nil {
				continue
			}
			hh := n.Head().Height
			if first || hh < low {
				low, first = hh, false
			}
		}
		if !first && low >= h {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("running nodes reached only height %d of %d within %s", low, h, timeout)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// MaxHeight returns the highest committed height among running nodes.
func (c *Cluster) MaxHeight() uint64 {
	var h uint64
	for _, i := range c.Running() {
		if n := c.Node(i); n != nil {
			h = max(h, n.Head().Height)
		}
	}
	return h
}

// Leader returns the index of the node the running nodes agree is the leader, or -1.
func (c *Cluster) Leader() int {
	votes := map[uint64]int{}
	for _, i := range c.Running() {
		if n := c.Node(i); n != nil {
			votes[n.Consensus().Leader()]++
		}
	}
	for id, v := range votes {
		if id != 0 && v*2 > len(c.Running()) {
			return c.IndexOf(id)
		}
	}
	return -1
}

// CheckConsistent verifies that the running nodes hold identical blocks at
// every height up to the lowest head, identical state roots at their common
// head, and that every stored block carries a valid commit quorum.
func (c *Cluster) CheckConsistent() error {
	running := c.Running()
	if len(running) == 0 {
		return nil
	}
	low := uint64(1<<63 - 1)
	for _, i := range running {
		low = min(low, c.Node(i).Head().Height)
	}
	ref := c.Node(running[0])
	com, err := consensus.NewCommittee(ref.Genesis())
	if err != nil {
		return err
	}
	for h := uint64(0); h <= low; h++ {
		// The node set that signs block h is the configuration in force from h.
		if cb, err := ref.Store().Get(state.ConfigHistoryKey(h)); err != nil {
			return err
		} else if cb != nil {
			cfg, err := state.DecodeConfig(cb)
			if err != nil {
				return err
			}
			if com, err = consensus.CommitteeOf(ref.Genesis().ChainID, ref.Genesis().Suite(), cfg.Nodes); err != nil {
				return err
			}
		}
		want, err := ref.Store().BlockHash(h)
		if err != nil {
			return fmt.Errorf("node %d height %d: %w", ref.ID(), h, err)
		}
		for _, i := range running[1:] {
			got, err := c.Node(i).Store().BlockHash(h)
			if err != nil {
				return fmt.Errorf("node %d height %d: %w", c.Node(i).ID(), h, err)
			}
			if got != want {
				return fmt.Errorf("height %d: node %d has block %s, node %d has %s", h, ref.ID(), want, c.Node(i).ID(), got)
			}
		}
		if h > 0 {
			b, err := ref.Store().Block(h)
			if err != nil {
				return err
			}
			if err := com.VerifyQuorum(b); err != nil {
				return fmt.Errorf("height %d: %w", h, err)
			}
		}
	}
	// State roots at the common head: compare heads of nodes at that height.
	var root []byte
	for _, i := range running {
		hd := c.Node(i).Head()
		if hd.Height != low {
			continue
		}
		if root == nil {
			root = hd.StateRoot
		} else if !bytes.Equal(root, hd.StateRoot) {
			return fmt.Errorf("state roots differ at height %d", low)
		}
	}
	return nil
}
