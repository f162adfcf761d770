package metro

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// FareRules are a city's fare rules as Setup registers them: stations
// 1..Stations over Zones zones, Base + PerZone × the zones crossed, at
// most Max (fen).
type FareRules struct {
	Stations, Zones    int
	Base, PerZone, Max uint64
}

// DefaultFareRules are the rules Setup registers for every city.
var DefaultFareRules = FareRules{Stations: 40, Zones: 6, Base: 200, PerZone: 100, Max: 1000}

// Zone is the zone of station id (from 1).
func (f FareRules) Zone(id uint32) int {
	return 1 + (int(id)-1)*f.Zones/f.Stations
}

// Fare is the fare between two stations.
func (f FareRules) Fare(entry, exit uint32) uint64 {
	d := f.Zone(entry) - f.Zone(exit)
	if d < 0 {
		d = -d
	}
	return min(f.Base+f.PerZone*uint64(d), f.Max)
}

// SimConfig is a ride simulation.
type SimConfig struct {
	// Rate is the offered load off-peak, rides a second (default 20); the
	// rush hour in the middle of the run offers Peak times as many
	// (default 2).
	Rate, Peak float64
	Duration   time.Duration // default 30 s
	// Riders per city (default 1000); UnpaidFraction of them never pay
	// (default 0.01): their home city marks them after their first ride.
	Riders         int
	UnpaidFraction float64
	// InFlight bounds the rides waiting for their block (default 256).
	InFlight int
	Seed     uint64
	Rules    FareRules
	// MarkTTL is how long an unpaid-fare mark lasts (default 1 hour).
	MarkTTL time.Duration
}

// Simulator drives rides through the cities' gates: a gate check at the
// ride city, the ride recorded at exit, the home city confirming the
// payment (or marking the rider who does not pay).
type Simulator struct {
	cfg SimConfig

	mu     sync.Mutex
	cities []*City
	byName map[string]*City
	keys   map[string][]byte
	rng    *rand.Rand
	serial atomic.Uint64
	stats  SimStats
	gate   []time.Duration
	commit []time.Duration
	errs   []error
	marked map[[32]byte]bool
	// Rides the simulator committed, by pair (home, city): fare sums, for
	// checking the chain's positions against.
	owes map[[2]string]int64
	log  []RideLog
	stop chan struct{}
	once sync.Once
}

// Stop ends the run early: no ride is offered after it, and Run returns
// once the rides in flight are done.
func (s *Simulator) Stop() { s.once.Do(func() { close(s.stop) }) }

// RideLog is one committed ride as the simulator sent it.
type RideLog struct {
	Ride   Ride
	Height uint64
	Seq    uint64
}

// SimStats are a run's figures.
type SimStats struct {
	Offered, Committed, Refused, Failed, Unpaid, Marked uint64
	Elapsed                                             time.Duration
	GateP50, GateP99, CommitP50, CommitP99              time.Duration
}

// RidesPerSecond is the sustained rate of committed rides.
func (s SimStats) RidesPerSecond() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Committed) / s.Elapsed.Seconds()
}

// NewSimulator prepares a run; add the cities with AddCity.
func NewSimulator(cfg SimConfig) *Simulator {
	if cfg.Rate <= 0 {
		cfg.Rate = 20
	}
	if cfg.Peak < 1 {
		cfg.Peak = 2
	}
	if cfg.Duration <= 0 {
		cfg.Duration = 30 * time.Second
	}
	if cfg.Riders <= 0 {
		cfg.Riders = 1000
	}
	if cfg.UnpaidFraction < 0 || cfg.UnpaidFraction >= 1 {
		cfg.UnpaidFraction = 0
	} else if cfg.UnpaidFraction == 0 {
		cfg.UnpaidFraction = 0.01
	}
	if cfg.InFlight <= 0 {
		cfg.InFlight = 256
	}
	if cfg.Rules.Stations == 0 {
		cfg.Rules = DefaultFareRules
	}
	if cfg.MarkTTL <= 0 {
		cfg.MarkTTL = time.Hour
	}
	s := &Simulator{cfg: cfg, stop: make(chan struct{}), byName: map[string]*City{}, keys: map[string][]byte{}, rng: rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15)),
		marked: map[[32]byte]bool{}, owes: map[[2]string]int64{}}
	return s
}

// AddCity lets riders ride in city, and city's riders ride elsewhere,
// from now on (also for a city that joins during the run). riderKey is the
// city's rider key (Deployment.RiderKey).
func (s *Simulator) AddCity(c *City, riderKey []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cities = append(s.cities, c)
	s.keys[c.Name] = riderKey
	s.byName[c.Name] = c
}

// weight is a city's share of traffic: the first cities are the largest.
func weight(i int) float64 { return 1 / float64(i+1) }

func (s *Simulator) pick(exclude string) *City {
	total := 0.0
	for i, c := range s.cities {
		if c.Name != exclude {
			total += weight(i)
		}
	}
	x := s.rng.Float64() * total
	for i, c := range s.cities {
		if c.Name == exclude {
			continue
		}
		x -= weight(i)
		if x <= 0 {
			return c
		}
	}
	for i := len(s.cities) - 1; i >= 0; i-- {
		if s.cities[i].Name != exclude {
			return s.cities[i]
		}
	}
	return nil
}

// rate is the offered load at fraction f of the run: a rush-hour peak
// (a raised cosine) in its middle third.
func (s *Simulator) rate(f float64) float64 {
	if f < 1.0/3 || f > 2.0/3 {
		return s.cfg.Rate
	}
	x := (f - 1.0/3) * 3 // 0..1 across the peak
	return s.cfg.Rate * (1 + (s.cfg.Peak-1)*(1-math.Cos(2*math.Pi*x))/2)
}

// Run offers rides until the duration ends, then waits for those in flight.
func (s *Simulator) Run(ctx context.Context) (SimStats, error) {
	start := time.Now()
	sem := make(chan struct{}, s.cfg.InFlight)
	var wg sync.WaitGroup
	next := start
	for {
		now := time.Now()
		el := now.Sub(start)
		if el >= s.cfg.Duration || ctx.Err() != nil {
			break
		}
		select {
		case <-s.stop:
			el = s.cfg.Duration
		default:
		}
		if el >= s.cfg.Duration {
			break
		}
		if now.Before(next) {
			select {
			case <-ctx.Done():
			case <-s.stop:
			case <-time.After(next.Sub(now)):
			}
			continue
		}
		next = next.Add(time.Duration(float64(time.Second) / s.rate(float64(el)/float64(s.cfg.Duration))))
		s.mu.Lock()
		if len(s.cities) < 2 {
			s.mu.Unlock()
			return s.stats, fmt.Errorf("%w: a simulation needs 2 cities", ErrBadInput)
		}
		city := s.pick("")
		home := s.pick(city.Name)
		rider := s.rng.IntN(s.cfg.Riders)
		key := s.keys[home.Name]
		entry := uint32(1 + s.rng.IntN(s.cfg.Rules.Stations))
		exit := uint32(1 + s.rng.IntN(s.cfg.Rules.Stations))
		s.stats.Offered++
		s.mu.Unlock()
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			continue
		}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			s.ride(ctx, city, home, key, rider, entry, exit)
		}()
	}
	wg.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.Elapsed = time.Since(start)
	s.stats.GateP50, s.stats.GateP99 = percentile(s.gate, 0.5), percentile(s.gate, 0.99)
	s.stats.CommitP50, s.stats.CommitP99 = percentile(s.commit, 0.5), percentile(s.commit, 0.99)
	return s.stats, nil
}

func percentile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	c := slices.Clone(ds)
	sort.Slice(c, func(i, j int) bool { return c[i] < c[j] })
	return c[min(len(c)-1, int(q*float64(len(c))))]
}

// unpaid tells whether rider i of a city never pays: the first
// UnpaidFraction of each city's riders, the same in every run.
func (s *Simulator) unpaid(i int) bool {
	return i < int(math.Round(s.cfg.UnpaidFraction*float64(s.cfg.Riders)))
}

func (s *Simulator) ride(ctx context.Context, city, home *City, riderKey []byte, riderIdx int, entry, exit uint32) {
	rider := RiderID(riderKey, "rider-"+strconv.Itoa(riderIdx))
	t0 := time.Now()
	d, err := city.GateCheck(ctx, rider)
	gate := time.Since(t0)
	s.mu.Lock()
	s.gate = append(s.gate, gate)
	s.mu.Unlock()
	if err != nil {
		s.fail(err)
		return
	}
	if !d.Allowed {
		s.mu.Lock()
		s.stats.Refused++
		s.mu.Unlock()
		return
	}
	serial := s.serial.Add(1)
	r := Ride{ID: Hex(RideID(city.Code, "sim-gate", serial)), Rider: Hex(rider), Home: home.Name, City: city.Name,
		Entry: entry, Exit: exit, EntryAt: t0.UTC().Format(time.RFC3339), ExitAt: time.Now().UTC().Format(time.RFC3339),
		Fare: s.cfg.Rules.Fare(entry, exit)}
	t1 := time.Now()
	rc, err := city.RecordRide(ctx, r)
	if err != nil {
		s.fail(err)
		return
	}
	s.mu.Lock()
	s.stats.Committed++
	s.commit = append(s.commit, time.Since(t1))
	s.owes[[2]string{home.Name, city.Name}] += int64(r.Fare)
	s.log = append(s.log, RideLog{Ride: r, Height: rc.Height, Seq: rc.Seq})
	s.mu.Unlock()
	id, _ := hex32(r.ID)
	if !s.unpaid(riderIdx) {
		if err := home.ConfirmPayment(ctx, id, [32]byte{}); err != nil {
			s.fail(err)
		}
		return
	}
	// The home city could not collect the fare: it marks the rider.
	s.mu.Lock()
	s.stats.Unpaid++
	first := !s.marked[rider]
	s.marked[rider] = true
	s.mu.Unlock()
	if first {
		if _, err := home.MarkRider(ctx, rider, "unpaid-fare", id, s.cfg.MarkTTL); err != nil {
			s.fail(err)
			return
		}
		s.mu.Lock()
		s.stats.Marked++
		s.mu.Unlock()
	}
}

func (s *Simulator) fail(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.Failed++
	if len(s.errs) < 20 {
		s.errs = append(s.errs, err)
	}
}

// Errors returns the first errors of the run.
func (s *Simulator) Errors() []error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.errs)
}

// Owes returns the fares committed per (home, ride city), as the
// simulator sent them.
func (s *Simulator) Owes() map[[2]string]int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[[2]string]int64, len(s.owes))
	for k, v := range s.owes {
		out[k] = v
	}
	return out
}

// Log returns the committed rides.
func (s *Simulator) Log() []RideLog {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.log)
}

// Stats returns the figures so far.
func (s *Simulator) Stats() SimStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}
