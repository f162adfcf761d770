package metro

import (
	"context"
	"fmt"
	"math/big"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/causeway/causeway/sdk"
)

// RunConfig is a whole scenario run on a deployed consortium.
type RunConfig struct {
	Network    *sdk.Network
	Deployment *Deployment
	Sim        SimConfig
	// JoinAt, with Join set, is when a new city joins during the run.
	// Join makes it a member of the consortium and a city of the
	// scenario, and returns its connection and rider key.
	JoinAt time.Duration
	Join   func(ctx context.Context) (*City, []byte, error)
	// Every, if set, is called about once a second with the run so far.
	Every func(Snapshot)
	// SettleTimeout bounds the wait for the last settlements after the
	// rides stop (default 2 minutes).
	SettleTimeout time.Duration
}

// Snapshot is the run so far.
type Snapshot struct {
	Elapsed     time.Duration
	Sim         SimStats
	Settlements int
	Cities      []string
	Joined      string
}

// PairReport is a pair's final state, checked against the simulator's rides.
type PairReport struct {
	A           string `json:"a"`
	B           string `json:"b"`
	Rides       uint64 `json:"rides"`
	Net         string `json:"net"` // fen; > 0: A owes B
	Settled     uint64 `json:"settled_rides"`
	Settlements uint64 `json:"settlements"`
	// Matches: the chain's rides and net equal the simulator's own tally,
	// and every ride is settled.
	Matches bool `json:"matches"`
}

// Report is a run's outcome and figures.
type Report struct {
	Cities            []string     `json:"cities"`
	Joined            string       `json:"joined_city,omitempty"`
	JoinedAfter       string       `json:"joined_after,omitempty"`
	JoinTook          string       `json:"join_took,omitempty"`
	Offered           uint64       `json:"rides_offered"`
	Committed         uint64       `json:"rides_committed"`
	Refused           uint64       `json:"refused_at_gate"`
	Failed            uint64       `json:"failed"`
	Marked            uint64       `json:"riders_marked"`
	RidesPerSecond    float64      `json:"rides_per_second"`
	Elapsed           string       `json:"elapsed"`
	GateP50           string       `json:"gate_check_p50"`
	GateP99           string       `json:"gate_check_p99"`
	CommitP50         string       `json:"ride_commit_p50"`
	CommitP99         string       `json:"ride_commit_p99"`
	Settlements       int          `json:"settlements"`
	SettleP50         string       `json:"settlement_latency_p50"`
	SettleP99         string       `json:"settlement_latency_p99"`
	Pairs             []PairReport `json:"pairs"`
	AllMatch          bool         `json:"all_pairs_match"`
	Errors            []string     `json:"errors,omitempty"`
	settleLatencies   []time.Duration
	joinedFirstSettle *SettlementRecord
}

// Run drives the scenario: a settlement agent per city, the simulator,
// the join; then it waits until every pair is settled and checks each
// pair against the simulator's own tally.
func Run(ctx context.Context, cfg RunConfig) (*Report, error) {
	d, nw := cfg.Deployment, cfg.Network
	if cfg.SettleTimeout <= 0 {
		cfg.SettleTimeout = 2 * time.Minute
	}
	cities := map[string]*City{}
	var names []string
	defer func() {
		for _, c := range cities {
			c.Client.Close()
		}
	}()
	sim := NewSimulator(cfg.Sim)
	for _, name := range d.Cities {
		c, err := d.Connect(ctx, nw, name)
		if err != nil {
			return nil, err
		}
		k, err := d.RiderKey(name)
		if err != nil {
			return nil, err
		}
		cities[name] = c
		names = append(names, name)
		sim.AddCity(c, k)
	}
	var mu sync.Mutex
	var lat []time.Duration
	settledCount := 0
	rep := &Report{}
	joined := ""
	onSettled := func(r SettlementRecord) {
		mu.Lock()
		defer mu.Unlock()
		settledCount++
		lat = append(lat, r.Latency)
		if joined != "" && (r.A == joined || r.B == joined) && rep.joinedFirstSettle == nil {
			rr := r
			rep.joinedFirstSettle = &rr
		}
	}
	// The settlers stop (stop) before they are waited for (wg.Wait).
	var wg sync.WaitGroup
	defer wg.Wait()
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	settlers := []*Settler{}
	startSettler := func(c *City) {
		st := &Settler{City: c, From: 1, OnSettled: onSettled}
		settlers = append(settlers, st)
		wg.Add(1)
		go func() { defer wg.Done(); st.Run(sctx) }()
	}
	for _, name := range names {
		startSettler(cities[name])
	}

	start := time.Now()
	simDone := make(chan error, 1)
	go func() { _, err := sim.Run(ctx); simDone <- err }()
	joinDone := make(chan error, 1)
	if cfg.Join != nil && cfg.JoinAt > 0 {
		go func() {
			select {
			case <-ctx.Done():
				joinDone <- ctx.Err()
				return
			case <-time.After(cfg.JoinAt):
			}
			t0 := time.Now()
			c, key, err := cfg.Join(ctx)
			if err != nil {
				joinDone <- fmt.Errorf("the new city's join: %w", err)
				return
			}
			mu.Lock()
			joined = c.Name
			cities[c.Name] = c
			names = append(names, c.Name)
			rep.Joined, rep.JoinedAfter, rep.JoinTook = c.Name, cfg.JoinAt.String(), time.Since(t0).Round(time.Millisecond).String()
			startSettler(c)
			mu.Unlock()
			sim.AddCity(c, key)
			joinDone <- nil
		}()
	} else {
		joinDone <- nil
	}
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	var simErr error
	simRunning := true
	for simRunning {
		select {
		case simErr = <-simDone:
			simRunning = false
		case <-tick.C:
			if cfg.Every != nil {
				mu.Lock()
				snap := Snapshot{Elapsed: time.Since(start), Sim: sim.Stats(), Settlements: settledCount, Cities: slices.Clone(names), Joined: joined}
				mu.Unlock()
				cfg.Every(snap)
			}
		}
	}
	if simErr != nil {
		return nil, simErr
	}
	if err := <-joinDone; err != nil {
		return nil, err
	}
	stats := sim.Stats()

	// Wait until every pair is settled; then compare with the simulator.
	owes := sim.Owes()
	count := map[[2]string]uint64{}
	for _, r := range sim.Log() {
		count[[2]string{min(r.Ride.Home, r.Ride.City), max(r.Ride.Home, r.Ride.City)}]++
	}
	mu.Lock()
	all := slices.Clone(names)
	mu.Unlock()
	sort.Strings(all)
	reader := cities[all[0]]
	deadline := time.Now().Add(cfg.SettleTimeout)
	rep.AllMatch = true
	for i, a := range all {
		for _, b := range all[i+1:] {
			want := owes[[2]string{a, b}] - owes[[2]string{b, a}]
			var p *Position
			var err error
			for {
				p, err = reader.PositionOf(ctx, a, b)
				if err != nil {
					return nil, err
				}
				if p.SettledSeq >= p.Rides || time.Now().After(deadline) {
					break
				}
				if cfg.Every != nil {
					mu.Lock()
					snap := Snapshot{Elapsed: time.Since(start), Sim: stats, Settlements: settledCount, Cities: all, Joined: joined}
					mu.Unlock()
					cfg.Every(snap)
				}
				time.Sleep(500 * time.Millisecond)
			}
			pr := PairReport{A: a, B: b, Rides: p.Rides, Net: p.Net.String(), Settled: p.SettledSeq, Settlements: p.Settlements}
			pr.Matches = p.Rides == count[[2]string{a, b}] && p.Net.Cmp(big.NewInt(want)) == 0 && p.SettledSeq == p.Rides && p.SettledNet.Cmp(big.NewInt(want)) == 0
			rep.AllMatch = rep.AllMatch && pr.Matches
			rep.Pairs = append(rep.Pairs, pr)
		}
	}
	stop()
	wg.Wait()
	for _, st := range settlers {
		for _, e := range st.Errors() {
			rep.Errors = append(rep.Errors, st.City.Name+": "+e.Error())
		}
	}
	for _, e := range sim.Errors() {
		rep.Errors = append(rep.Errors, "simulator: "+e.Error())
	}
	mu.Lock()
	defer mu.Unlock()
	rep.Cities = all
	rep.Offered, rep.Committed, rep.Refused, rep.Failed, rep.Marked = stats.Offered, stats.Committed, stats.Refused, stats.Failed, stats.Marked
	rep.RidesPerSecond = float64(int(stats.RidesPerSecond()*10)) / 10
	rep.Elapsed = stats.Elapsed.Round(time.Millisecond).String()
	rep.GateP50, rep.GateP99 = stats.GateP50.Round(10*time.Microsecond).String(), stats.GateP99.Round(10*time.Microsecond).String()
	rep.CommitP50, rep.CommitP99 = stats.CommitP50.Round(time.Millisecond).String(), stats.CommitP99.Round(time.Millisecond).String()
	rep.Settlements = settledCount
	rep.settleLatencies = lat
	rep.SettleP50, rep.SettleP99 = percentile(lat, 0.5).String(), percentile(lat, 0.99).String()
	return rep, nil
}

// JoinedFirstSettlement is the joined city's first confirmed settlement.
func (r *Report) JoinedFirstSettlement() *SettlementRecord { return r.joinedFirstSettle }
