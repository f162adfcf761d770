package relayer

import (
	"context"
	"crypto/sha256"
	"errors"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/causeway/causeway/consortium"
	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

// pair is two in-process 4-node chains, chain-a and chain-b.
type pair struct {
	a, b   *testnet.Cluster
	ca, cb *sdk.Client
}

func ctxT(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// side is chain c seen by a relayer signing with org i's account.
func side(c *testnet.Cluster, cl *sdk.Client, i int) *Chain {
	return &Chain{Client: cl, Account: c.Account(i), ChainID: c.Network.ChainID}
}

// deposit commits an evidence deposit on c (a block with a transaction
// other than a light-client update) and returns its block height.
func deposit(t *testing.T, c *testnet.Cluster, cl *sdk.Client, tag string) uint64 {
	t.Helper()
	d := sha256.Sum256([]byte(tag))
	tx, err := c.Account(0).DepositEvidenceTx(c.TxOptions(), d[:], "sha256", nil)
	if err != nil {
		t.Fatal(err)
	}
	r, err := cl.SubmitAndWait(ctxT(t, time.Minute), tx)
	if err != nil || r.Receipt.Status != types.ReceiptStatus_SUCCESS {
		t.Fatalf("deposit %q: %v %v", tag, r, err)
	}
	return r.Height
}

// govern passes p on c by the votes of org1..org3's admins.
func govern(t *testing.T, c *testnet.Cluster, cl *sdk.Client, p *types.Proposal) *types.ProposalRecord {
	t.Helper()
	ctx := ctxT(t, time.Minute)
	var id types.Hash
	for i, org := range []string{"org1", "org2", "org3"} {
		a, err := c.Network.AdminAccount(org)
		if err != nil {
			t.Fatal(err)
		}
		var tx *types.Transaction
		if i == 0 {
			tx, err = a.ProposeTx(c.TxOptions(), p)
			id = c.Network.Suite().TxHash(tx)
		} else {
			tx, err = a.VoteTx(c.TxOptions(), id, true)
		}
		if err != nil {
			t.Fatal(err)
		}
		if r, err := cl.SubmitAndWait(ctx, tx); err != nil || r.Receipt.Status != types.ReceiptStatus_SUCCESS {
			t.Fatalf("governance by %s: %v %v", org, r, err)
		}
	}
	rec, err := cl.GetProposal(ctx, id)
	if err != nil || rec.Status != types.ProposalStatus_PROPOSAL_EXECUTED {
		t.Fatalf("proposal: %v %v", rec, err)
	}
	return rec
}

func waitFor(t *testing.T, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(timeout); !cond(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// metric sums the samples of the family name whose labels include want.
func metric(t *testing.T, reg *prometheus.Registry, name string, want map[string]string) float64 {
	t.Helper()
	fams, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	sum := 0.0
	for _, f := range fams {
		if f.GetName() != name {
			continue
		}
	next:
		for _, m := range f.GetMetric() {
			for k, v := range want {
				if !slices.ContainsFunc(m.GetLabel(), func(l *dto.LabelPair) bool { return l.GetName() == k && l.GetValue() == v }) {
					continue next
				}
			}
			switch {
			case m.Counter != nil:
				sum += m.Counter.GetValue()
			case m.Gauge != nil:
				sum += m.Gauge.GetValue()
			case m.Histogram != nil:
				sum += float64(m.Histogram.GetSampleCount())
			}
		}
	}
	return sum
}

// errorCodes returns the codes of the errors counted in reg.
func errorCodes(t *testing.T, reg *prometheus.Registry) map[string]float64 {
	t.Helper()
	fams, _ := reg.Gather()
	out := map[string]float64{}
	for _, f := range fams {
		if f.GetName() == "causeway_relay_errors_total" {
			for _, m := range f.GetMetric() {
				for _, l := range m.GetLabel() {
					if l.GetName() == "code" && m.GetCounter().GetValue() > 0 {
						out[l.GetValue()] += m.GetCounter().GetValue()
					}
				}
			}
		}
	}
	return out
}

type running struct {
	r    *Relayer
	reg  *prometheus.Registry
	stop func() error
}

// start runs a relayer signing with org i's accounts until stop.
func (p *pair) start(t *testing.T, i int, interval time.Duration) *running {
	t.Helper()
	r, reg := p.relayer(t, i, interval)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	var once sync.Once
	var err error
	stop := func() error { once.Do(func() { cancel(); err = <-done }); return err }
	t.Cleanup(func() { stop() })
	return &running{r: r, reg: reg, stop: stop}
}

func (p *pair) relayer(t *testing.T, i int, interval time.Duration) (*Relayer, *prometheus.Registry) {
	t.Helper()
	reg := prometheus.NewRegistry()
	m, err := NewMetrics(reg)
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(Config{A: side(p.a, p.ca, i), B: side(p.b, p.cb, i), Interval: interval, MaxBackoff: time.Second, Metrics: m})
	if err != nil {
		t.Fatal(err)
	}
	return r, reg
}

func (p *pair) client(t *testing.T, on *sdk.Client, of string) *types.LightClient {
	t.Helper()
	lc, err := on.LightClient(ctxT(t, 10*time.Second), of)
	if err != nil {
		t.Fatal(err)
	}
	return lc
}

func head(t *testing.T, cl *sdk.Client) uint64 {
	t.Helper()
	st, err := cl.Status(ctxT(t, 10*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	return st.Height
}

// The relayer against two in-process chains, in order: it refuses bad
// configurations; it catches a destination up with one update; it leaves
// two idle chains idle (no relaying of relay blocks back and forth); it
// follows new headers and a membership change (an org joins, another
// leaves); two relayers at once count no error, only header_known, and
// every kept header is counted by exactly one of them; and a new relayer
// (a restart, with no memory) continues from the chains' state.
func TestRelayer(t *testing.T) {
	p := &pair{a: testnet.New(t, testnet.Options{Nodes: 4, ChainID: "chain-a"}), b: testnet.New(t, testnet.Options{Nodes: 4, ChainID: "chain-b"})}
	p.ca, p.cb = p.a.Client(0), p.b.Client(0)
	ctx := ctxT(t, 5*time.Minute)

	t.Run("configuration errors", func(t *testing.T) {
		var ce *ConfigError
		if _, err := New(Config{A: side(p.a, p.ca, 1), B: side(p.a, p.ca, 2)}); !errors.As(err, &ce) {
			t.Fatalf("a chain relayed to itself: %v", err)
		}
		if _, err := New(Config{A: side(p.a, p.ca, 1), B: side(p.b, p.cb, 1), Directions: []string{"chain-a->chain-z"}}); !errors.As(err, &ce) {
			t.Fatalf("an unknown direction: %v", err)
		}
		// Neither chain keeps a light client of the other yet.
		r, _ := p.relayer(t, 1, 50*time.Millisecond)
		if _, err := r.Check(ctx); !errors.As(err, &ce) {
			t.Fatalf("Check with no light client: %v", err)
		}
		// A side labelled with another chain's id.
		wrong := side(p.b, p.cb, 1)
		wrong.ChainID = "chain-x"
		r, err := New(Config{A: side(p.a, p.ca, 1), B: wrong})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Check(ctx); !errors.As(err, &ce) {
			t.Fatalf("Check with a mislabelled side: %v", err)
		}
	})

	// Each chain registers the other by governance (Register); B makes
	// blocks before any relayer runs.
	for _, x := range []struct {
		on    *testnet.Cluster
		cl    *sdk.Client
		other *testnet.Cluster
	}{{p.a, p.ca, p.b}, {p.b, p.cb, p.a}} {
		admins, err := Admins(x.on.Network)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Register(ctx, x.cl, x.on.TxOptions(), admins, x.other.Node(0).Genesis()); err != nil {
			t.Fatal(err)
		}
		gh := x.other.Node(0).Genesis().Hash()
		if lc := p.client(t, x.cl, x.other.Network.ChainID); string(lc.GenesisHash) != string(gh[:]) || lc.LatestHeight != 0 {
			t.Fatalf("registered: %v", lc)
		}
		// Registering again is a no-op.
		if rec, err := Register(ctx, x.cl, x.on.TxOptions(), admins, x.other.Node(0).Genesis()); rec != nil || err != nil {
			t.Fatalf("second Register: %v %v", rec, err)
		}
		if x.on == p.a {
			// One direction ready, the other waiting for its registration.
			r, _ := p.relayer(t, 1, 50*time.Millisecond)
			if waiting, err := r.Check(ctx); err != nil || !slices.Equal(waiting, []string{"chain-a->chain-b"}) {
				t.Fatalf("Check with one light client: %v %v", waiting, err)
			}
		}
	}
	var lastB uint64
	for i := range 3 {
		lastB = deposit(t, p.b, p.cb, "before the relayer "+string(rune('0'+i)))
	}

	t.Run("wrong genesis is fatal", func(t *testing.T) {
		// A chain with chain-b's id and another genesis.
		c := testnet.New(t, testnet.Options{Nodes: 1, ChainID: "chain-b"})
		cc := c.Client(0)
		r, err := New(Config{A: side(p.a, p.ca, 1), B: side(c, cc, 0), Directions: []string{"chain-b->chain-a"}, Interval: 50 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		var ce *ConfigError
		if _, err := r.Check(ctx); !errors.As(err, &ce) {
			t.Fatalf("Check: %v", err)
		}
		rctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		if err := r.Run(rctx); !errors.As(err, &ce) || rctx.Err() != nil {
			t.Fatalf("Run: want a configuration error before the deadline, got %v", err)
		}
		if lc := p.client(t, p.ca, "chain-b"); lc.LatestHeight != 0 {
			t.Fatalf("a header of the impostor reached A: %v", lc)
		}
	})

	r1 := p.start(t, 1, 100*time.Millisecond)
	t.Run("catches up in one update", func(t *testing.T) {
		if waiting, err := r1.r.Check(ctx); err != nil || len(waiting) != 0 {
			t.Fatalf("Check: %v %v", waiting, err)
		}
		waitFor(t, "A's client of B to reach B's last deposit", 30*time.Second, func() bool { return p.client(t, p.ca, "chain-b").LatestHeight >= lastB })
		// A made blocks too (its votes): B's client of A follows.
		waitFor(t, "B's client of A", 30*time.Second, func() bool { return p.client(t, p.cb, "chain-a").LatestHeight > 0 })
		if lc := p.client(t, p.ca, "chain-b"); lc.Headers != 1 {
			t.Fatalf("catching up over %d blocks took %d headers, want one", lastB, lc.Headers)
		}
		// The metric is counted when the round ends, after the client is read.
		carried := func() float64 {
			return metric(t, r1.reg, "causeway_relay_carried_total", map[string]string{"path": "chain-b->chain-a", "carrier": "headers"})
		}
		waitFor(t, "the round to end", 10*time.Second, func() bool { return carried() > 0 })
		if got := carried(); got != 1 {
			t.Fatalf("carried_total %v", got)
		}
	})

	t.Run("idle chains stay idle", func(t *testing.T) {
		// Let the last relay blocks commit, then watch: a relayer that
		// relayed relay blocks would make each chain grow for ever.
		time.Sleep(time.Second)
		ha, hb := head(t, p.ca), head(t, p.cb)
		time.Sleep(2 * time.Second) // 20 rounds
		if ha2, hb2 := head(t, p.ca), head(t, p.cb); ha2 != ha || hb2 != hb {
			t.Fatalf("idle chains grew: A %d -> %d, B %d -> %d", ha, ha2, hb, hb2)
		}
		st := r1.r.Status()
		for _, s := range st {
			if s.Rounds < 10 || s.LastError != "" {
				t.Fatalf("status %+v", s)
			}
		}
	})

	t.Run("follows new headers", func(t *testing.T) {
		for i := range 3 {
			lastB = deposit(t, p.b, p.cb, "while relaying "+string(rune('0'+i)))
		}
		waitFor(t, "A's client to follow B", 30*time.Second, func() bool { return p.client(t, p.ca, "chain-b").LatestHeight >= lastB })
	})

	t.Run("follows a membership change", func(t *testing.T) {
		org5, err := consortium.InitOrg(filepath.Join(t.TempDir(), "org5"), "org5")
		if err != nil {
			t.Fatal(err)
		}
		addr := func() string {
			a, err := consortium.FreeAddr("127.0.0.1")
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		cfgPath, gn, err := org5.NewNode(filepath.Join(org5.Dir, "nodes", "node5"), 5, consortium.NodeAddrs{P2P: addr(), GRPC: addr(), REST: addr()}, filepath.Join(p.b.Layout.Dir, "genesis.json"))
		if err != nil {
			t.Fatal(err)
		}
		join, err := org5.JoinRequest(gn)
		if err != nil {
			t.Fatal(err)
		}
		n5 := p.b.AddNode(cfgPath)
		added := govern(t, p.b, p.cb, &types.Proposal{Action: &types.Proposal_AddOrg{AddOrg: join}})
		waitFor(t, "node 5 to join B's consensus", 30*time.Second, func() bool {
			n := p.b.Node(n5)
			return n != nil && n.Consensus().Running() && n.Head().Height >= added.EffectiveHeight-1
		})
		deposit(t, p.b, p.cb, "with org5")
		removed := govern(t, p.b, p.cb, &types.Proposal{Action: &types.Proposal_RemoveOrg{RemoveOrg: &types.RemoveOrg{Name: "org4"}}})
		waitFor(t, "node 4 to leave B's consensus", 30*time.Second, func() bool { return !p.b.Node(3).Consensus().Running() })
		p.b.Stop(3)
		// No transaction on B after the votes: the removal takes effect
		// in a block of relay updates only (A's deposit, relayed to B),
		// which the relayer carries because B's configuration moved.
		deposit(t, p.a, p.ca, "on A")
		waitFor(t, "A's client to follow both changes", 30*time.Second, func() bool { return len(p.client(t, p.ca, "chain-b").Configs) == 3 })
		lastB = deposit(t, p.b, p.cb, "after org4 left")
		waitFor(t, "A's client to follow B", 30*time.Second, func() bool { return p.client(t, p.ca, "chain-b").LatestHeight >= lastB })
		lc := p.client(t, p.ca, "chain-b")
		if c := lc.Configs[1]; c.Height != added.EffectiveHeight || !slices.Equal(c.Nodes, []uint64{1, 2, 3, 4, 5}) {
			t.Fatalf("config after org5 joined: %v (effective %d)", c, added.EffectiveHeight)
		}
		if c := lc.Configs[2]; c.Height != removed.EffectiveHeight || !slices.Equal(c.Nodes, []uint64{1, 2, 3, 5}) {
			t.Fatalf("config after org4 left: %v (effective %d)", c, removed.EffectiveHeight)
		}
		if codes := errorCodes(t, r1.reg); len(codes) != 0 {
			t.Fatalf("errors counted: %v", codes)
		}
		if err := r1.stop(); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("two relayers at once", func(t *testing.T) {
		before := p.client(t, p.ca, "chain-b").Headers
		r2, r3 := p.start(t, 2, 30*time.Millisecond), p.start(t, 0, 30*time.Millisecond)
		for i := range 4 {
			lastB = deposit(t, p.b, p.cb, "two relayers "+string(rune('0'+i)))
		}
		waitFor(t, "A's client to follow B", 30*time.Second, func() bool { return p.client(t, p.ca, "chain-b").LatestHeight >= lastB })
		time.Sleep(500 * time.Millisecond)
		for _, r := range []*running{r2, r3} {
			if err := r.stop(); err != nil {
				t.Fatal(err)
			}
		}
		// Rounds that are certain to race: two relayers read the same
		// state, both submit the same head, one is header_known.
		r4, reg4 := p.relayer(t, 2, 0)
		r5, reg5 := p.relayer(t, 0, 0)
		for i := range 3 {
			lastB = deposit(t, p.b, p.cb, "race "+string(rune('0'+i)))
			var wg sync.WaitGroup
			errs := make([]error, 2)
			for j, r := range []*Relayer{r4, r5} {
				wg.Add(1)
				go func() { defer wg.Done(); _, errs[j] = r.Once(ctx) }()
			}
			wg.Wait()
			if err := errors.Join(errs...); err != nil {
				t.Fatalf("race %d: %v", i, err)
			}
		}
		lc := p.client(t, p.ca, "chain-b")
		if lc.LatestHeight < lastB {
			t.Fatalf("client at %d, B's last deposit at %d", lc.LatestHeight, lastB)
		}
		path := map[string]string{"path": "chain-b->chain-a", "carrier": "headers"}
		carried, known := 0.0, 0.0
		for _, reg := range []*prometheus.Registry{r2.reg, r3.reg, reg4, reg5} {
			if codes := errorCodes(t, reg); len(codes) != 0 {
				t.Fatalf("errors counted: %v", codes)
			}
			carried += metric(t, reg, "causeway_relay_carried_total", path)
			known += metric(t, reg, "causeway_relay_known_total", path)
		}
		if carried != float64(lc.Headers-before) {
			t.Fatalf("the relayers counted %v headers kept, the client kept %d", carried, lc.Headers-before)
		}
		if known == 0 {
			t.Fatal("no relayer met a header another had carried: the race did not happen")
		}
		for _, r := range []*Relayer{r4, r5} {
			for _, s := range r.Status() {
				if s.Path == "chain-b->chain-a" && s.ClientHeight != lc.LatestHeight {
					t.Fatalf("%s status says the client is at %d, it is at %d", s.Path, s.ClientHeight, lc.LatestHeight)
				}
			}
		}
		t.Logf("carried %v, known %v", carried, known)
	})

	t.Run("a restarted relayer continues from the chains", func(t *testing.T) {
		before := p.client(t, p.ca, "chain-b")
		for i := range 2 {
			lastB = deposit(t, p.b, p.cb, "while stopped "+string(rune('0'+i)))
		}
		r, reg := p.relayer(t, 3, 0)
		if _, err := r.Once(ctx); err != nil {
			t.Fatal(err)
		}
		lc := p.client(t, p.ca, "chain-b")
		path := map[string]string{"path": "chain-b->chain-a", "carrier": "headers"}
		if lc.Headers != before.Headers+1 || lc.LatestHeight < lastB ||
			metric(t, reg, "causeway_relay_carried_total", path) != 1 || metric(t, reg, "causeway_relay_known_total", path) != 0 {
			t.Fatalf("after a restart: client %d headers (was %d), latest %d (B's last deposit %d)", lc.Headers, before.Headers, lc.LatestHeight, lastB)
		}
		if g := metric(t, reg, "causeway_relay_last_relayed_height", map[string]string{"path": "chain-b->chain-a"}); uint64(g) != lc.LatestHeight {
			t.Fatalf("last_relayed_height %v, client at %d", g, lc.LatestHeight)
		}
		if metric(t, reg, "causeway_relay_submit_seconds", path) != 1 {
			t.Fatal("no submit latency recorded")
		}
		// Nothing new: another round submits nothing.
		if _, err := r.Once(ctx); err != nil || p.client(t, p.ca, "chain-b").Headers != lc.Headers {
			t.Fatalf("an idle round: %v", err)
		}
		// EnsureHeader: a header already kept, then one to relay, then
		// one the source has not made.
		path0 := r.Paths()[0]
		if path0.Name() != "chain-b->chain-a" {
			t.Fatalf("path %s", path0.Name())
		}
		if h, err := path0.EnsureHeader(ctx, lc.LatestHeight); err != nil || h != lc.LatestHeight {
			t.Fatalf("EnsureHeader(kept): %d %v", h, err)
		}
		want := deposit(t, p.b, p.cb, "ensure") // a relay-only round would skip nothing here: it is asked for
		if h, err := path0.EnsureHeader(ctx, want); err != nil || h < want {
			t.Fatalf("EnsureHeader(%d): %d %v", want, h, err)
		}
		if _, err := path0.EnsureHeader(ctx, want+1000); sdk.ReasonOf(err) != types.CodeHeaderNotFound {
			t.Fatalf("EnsureHeader(future): %v", err)
		}
	})
	t.Run("fails over when its node stops", func(t *testing.T) {
		b := side(p.b, p.cb, 1)
		b.Dial = func(ctx context.Context, attempt int) (*sdk.Client, error) {
			i := []int{1, 2}[(attempt-1)%2]
			return sdk.DialNetwork(ctx, p.b.Network, p.b.Network.Orgs[i].Name, i)
		}
		reg := prometheus.NewRegistry()
		m, err := NewMetrics(reg)
		if err != nil {
			t.Fatal(err)
		}
		r, err := New(Config{A: side(p.a, p.ca, 1), B: b, Interval: 50 * time.Millisecond, MaxBackoff: 500 * time.Millisecond, Metrics: m})
		if err != nil {
			t.Fatal(err)
		}
		rctx, cancel := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() { done <- r.Run(rctx) }()
		defer func() { cancel(); <-done }()
		p.b.Stop(0) // the node both directions read B from
		cb1 := p.b.Client(1)
		last := deposit(t, p.b, cb1, "node 0 stopped")
		waitFor(t, "A's client of B past node 0's stop", 30*time.Second, func() bool { return p.client(t, p.ca, "chain-b").LatestHeight >= last })
		if codes := errorCodes(t, reg); len(codes) == 0 {
			t.Fatal("no error counted: the relayer never met the stopped node")
		} else {
			t.Logf("errors before failing over: %v", codes)
		}
	})
}
