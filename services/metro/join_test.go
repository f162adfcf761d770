package metro_test

import (
	"context"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/causeway/causeway/consortium"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/services/metro"
	"github.com/causeway/causeway/types"
)

// TestNewCityJoinsWhileRidesFlow: while the simulator drives rides
// between four cities, a fifth joins the consortium (its own node) and
// the scenario; no other city stops. Riders then ride to and from it.
// At the end no ride is lost or settled twice: every pair's rides, net
// and settlements equal what the simulator committed, the settlements of
// each pair cover consecutive rides without overlap, and the new city's
// first settlement is the sum of the rides it covers.
func TestNewCityJoinsWhileRidesFlow(t *testing.T) {
	if testing.Short() {
		t.Skip("a consortium of 6 nodes")
	}
	s := newScenario(t, 4)
	ctx, cancel := context.WithTimeout(context.Background(), 6*time.Minute)
	defer cancel()
	nw := s.c.Network

	var settled sync.Map // "a/b" → []metro.SettlementRecord (appended under mu)
	var mu sync.Mutex
	onSettled := func(r metro.SettlementRecord) {
		mu.Lock()
		defer mu.Unlock()
		k := r.A + "/" + r.B
		v, _ := settled.Load(k)
		list, _ := v.([]metro.SettlementRecord)
		settled.Store(k, append(list, r))
	}
	sctx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	settlers := map[string]*metro.Settler{}
	startSettler := func(c *metro.City) {
		st := &metro.Settler{City: c, From: 1, OnSettled: onSettled}
		settlers[c.Name] = st
		wg.Add(1)
		go func() { defer wg.Done(); st.Run(sctx) }()
	}
	for _, name := range s.names {
		startSettler(s.cities[name])
	}
	defer func() { stop(); wg.Wait() }()

	// The run lasts until jiaxing has ridden enough (Stop below), however
	// long its join takes on a busy machine.
	sim := metro.NewSimulator(metro.SimConfig{Rate: 8, Peak: 2, Duration: 5 * time.Minute, Riders: 200, UnpaidFraction: 0.02, Seed: 7})
	for _, name := range s.names {
		k, err := s.d.RiderKey(name)
		if err != nil {
			t.Fatal(err)
		}
		sim.AddCity(s.cities[name], k)
	}
	simDone := make(chan metro.SimStats, 1)
	go func() {
		st, err := sim.Run(ctx)
		if err != nil {
			t.Error(err)
		}
		simDone <- st
	}()
	time.Sleep(5 * time.Second)

	// Jiaxing joins the consortium with its own node, as `causeway org
	// init`, `join request`, `node start --join` and the members' votes on
	// `gov propose add-org` do.
	joinStart := time.Now()
	org, err := consortium.InitOrg(filepath.Join(t.TempDir(), "jiaxing"), "jiaxing")
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
	grpcAddr, restAddr := addr(), addr()
	j, err := org.PrepareJoin(consortium.JoinOptions{NodeID: 6, Addrs: consortium.NodeAddrs{P2P: addr(), GRPC: grpcAddr, REST: restAddr}, Genesis: filepath.Join(s.c.Layout.Dir, "genesis.json")})
	if err != nil {
		t.Fatal(err)
	}
	idx := s.c.AddNode(j.NodeConfig)
	admins, err := nw.AdminAccounts()
	if err != nil {
		t.Fatal(err)
	}
	added, err := s.cities["shanghai"].Client.Govern(ctx, sdk.TxOptions{ChainID: nw.ChainID}, admins, &types.Proposal{Action: &types.Proposal_AddOrg{AddOrg: j.Request}}, "the admission of jiaxing")
	if err != nil {
		t.Fatal(err)
	}
	for n := s.c.Node(idx); n == nil || !n.Consensus().Running() || n.Head().Height < added.EffectiveHeight-1; n = s.c.Node(idx) {
		if time.Since(joinStart) > time.Minute {
			t.Fatal("jiaxing's node did not join consensus")
		}
		time.Sleep(50 * time.Millisecond)
	}
	// Its network map entry, and its CA in the bundle its client trusts.
	no := org.NetworkOrg()
	no.Account = &sdk.AccountFile{Name: "jiaxing", Key: org.AccountKeyPath()}
	nw.Orgs = append(nw.Orgs, no)
	nw.Nodes = append(nw.Nodes, sdk.NetworkNode{ID: 6, Org: "jiaxing", GRPC: grpcAddr, REST: restAddr})
	bundle, err := os.OpenFile(nw.CABundle, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	bundle.Write(org.CA.CertPEM())
	bundle.Close()
	// It creates its account with its key, then joins the scenario.
	acct, err := metro.OrgAccount(nw, "jiaxing")
	if err != nil {
		t.Fatal(err)
	}
	cl, err := metro.Dial(ctx, nw, "jiaxing")
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	tx, err := acct.CreateAccountTx(sdk.TxOptions{ChainID: nw.ChainID})
	if err != nil {
		t.Fatal(err)
	}
	if r, err := cl.SubmitAndWait(ctx, tx); err != nil || r.GetReceipt().GetStatus() != types.ReceiptStatus_SUCCESS {
		t.Fatalf("jiaxing's account: %v %v", r.GetReceipt(), err)
	}
	admins, err = nw.AdminAccounts()
	if err != nil {
		t.Fatal(err)
	}
	var voters []*metro.City
	for _, name := range s.names {
		voters = append(voters, s.cities[name])
	}
	if err := s.d.AdmitCity(ctx, nw, "jiaxing", admins, voters, metro.FareRules{}); err != nil {
		t.Fatal(err)
	}
	jx, err := s.d.Connect(ctx, nw, "jiaxing")
	if err != nil {
		t.Fatal(err)
	}
	defer jx.Client.Close()
	if jx.Client == nil {
		t.Fatal("no client")
	}
	s.cities["jiaxing"] = jx
	startSettler(jx)
	key, err := s.d.RiderKey("jiaxing")
	if err != nil {
		t.Fatal(err)
	}
	sim.AddCity(jx, key)
	t.Logf("jiaxing joined the chain and the scenario in %.1fs while rides flowed", time.Since(joinStart).Seconds())
	// Ride on until 30 rides to or from jiaxing are committed.
	for deadline := time.Now().Add(2 * time.Minute); ; {
		n := 0
		for _, r := range sim.Log() {
			if r.Ride.Home == "jiaxing" || r.Ride.City == "jiaxing" {
				n++
			}
		}
		if n >= 30 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d rides to or from jiaxing after 2 minutes", n)
		}
		time.Sleep(200 * time.Millisecond)
	}
	sim.Stop()

	stats := <-simDone
	t.Logf("simulator: %+v (%.1f rides/s); errors: %v", stats, stats.RidesPerSecond(), sim.Errors())
	if stats.Failed != 0 {
		t.Fatalf("%d rides failed: %v", stats.Failed, sim.Errors())
	}
	names := append(append([]string{}, s.names...), "jiaxing")
	owes := sim.Owes()
	log := sim.Log()
	count := map[[2]string]uint64{}
	bySeq := map[[2]string]map[uint64]int64{} // (a, b) → seq → a owes b
	for _, r := range log {
		a, b := min(r.Ride.Home, r.Ride.City), max(r.Ride.Home, r.Ride.City)
		count[[2]string{a, b}]++
		if bySeq[[2]string{a, b}] == nil {
			bySeq[[2]string{a, b}] = map[uint64]int64{}
		}
		v := int64(r.Ride.Fare)
		if r.Ride.Home != a {
			v = -v
		}
		if _, dup := bySeq[[2]string{a, b}][r.Seq]; dup {
			t.Fatalf("two rides of %s/%s with seq %d", a, b, r.Seq)
		}
		bySeq[[2]string{a, b}][r.Seq] = v
	}
	jiaxingRides := 0
	for k, n := range count {
		if k[0] == "jiaxing" || k[1] == "jiaxing" {
			jiaxingRides += int(n)
		}
	}
	if jiaxingRides == 0 {
		t.Fatal("no ride to or from jiaxing")
	}
	deadline := time.Now().Add(2 * time.Minute)
	for i, x := range names {
		for _, y := range names[i+1:] {
			a, b := min(x, y), max(x, y)
			want := owes[[2]string{a, b}] - owes[[2]string{b, a}]
			for {
				p, err := s.cities[x].Position(ctx, y)
				if err != nil {
					t.Fatal(err)
				}
				if p.Rides != count[[2]string{a, b}] || p.Net.Cmp(big.NewInt(want)) != 0 {
					t.Fatalf("pair %s/%s: %d rides netting %v on chain; the simulator committed %d netting %d", a, b, p.Rides, p.Net, count[[2]string{a, b}], want)
				}
				if p.SettledSeq == p.Rides {
					if p.SettledNet.Cmp(big.NewInt(want)) != 0 {
						t.Fatalf("pair %s/%s settled %v; its rides net %d", a, b, p.SettledNet, want)
					}
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("pair %s/%s not settled: %+v; errors %v %v", a, b, p, settlers[a].Errors(), settlers[b].Errors())
				}
				time.Sleep(200 * time.Millisecond)
			}
			// Settlements: consecutive, no overlap, each the sum of its rides.
			v, _ := settled.Load(a + "/" + b)
			list, _ := v.([]metro.SettlementRecord)
			sort.Slice(list, func(i, j int) bool { return list[i].FromSeq < list[j].FromSeq })
			next := uint64(1)
			for k, r := range list {
				if r.FromSeq != next {
					t.Fatalf("pair %s/%s: settlement %d covers %d..%d, expected to start at %d", a, b, k, r.FromSeq, r.ThroughSeq, next)
				}
				var sum int64
				for q := r.FromSeq; q <= r.ThroughSeq; q++ {
					sum += bySeq[[2]string{a, b}][q]
				}
				if sum != r.Amount {
					t.Fatalf("pair %s/%s: settlement %d..%d of %d; the simulator's rides sum to %d", a, b, r.FromSeq, r.ThroughSeq, r.Amount, sum)
				}
				next = r.ThroughSeq + 1
			}
			if next != count[[2]string{a, b}]+1 {
				t.Fatalf("pair %s/%s: settlements cover through %d of %d rides", a, b, next-1, count[[2]string{a, b}])
			}
		}
	}
	t.Logf("%d rides settled across %d cities, %d to or from jiaxing", len(log), len(names), jiaxingRides)
}
