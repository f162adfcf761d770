package metro_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/services/metro"
	"github.com/causeway/causeway/types"
)

// cityNames are the cities of the tests, in the Yangtze River Delta.
var cityNames = []string{"shanghai", "hangzhou", "nanjing", "suzhou", "ningbo", "hefei", "wuxi", "changzhou", "wenzhou", "xuzhou", "nantong"}

// testCities is 7, or 11 with CAUSEWAY_METRO_FULL=1.
func testCities() int {
	if os.Getenv("CAUSEWAY_METRO_FULL") == "1" {
		return 11
	}
	return 7
}

type scenario struct {
	t      *testing.T
	c      *testnet.Cluster
	d      *metro.Deployment
	cities map[string]*metro.City
	names  []string
}

func newScenario(t *testing.T, n int) *scenario {
	t.Helper()
	names := append(append([]string{}, cityNames[:n]...), "taxbureau")
	c := testnet.New(t, testnet.Options{Nodes: len(names), OrgNames: names})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	start := time.Now()
	d, err := metro.Setup(ctx, metro.SetupConfig{Network: c.Network, Cities: names[:n], TaxBureau: "taxbureau", Dir: t.TempDir(),
		Progress: func(f string, a ...any) { t.Logf("setup: "+f, a...) }})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("set up %d cities in %.1fs", n, time.Since(start).Seconds())
	s := &scenario{t: t, c: c, d: d, cities: map[string]*metro.City{}, names: names[:n]}
	for _, name := range names[:n] {
		city, err := d.Connect(ctx, c.Network, name)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { city.Client.Close() })
		s.cities[name] = city
	}
	return s
}

// zone is the test's own copy of the set-up's station zoning (40
// stations over 6 zones), and fare of the fare rules (200 + 100 a zone,
// at most 1000): the expected values do not come from the code under test.
func zone(station uint32) int64 { return 1 + int64(station-1)*6/40 }

func fare(entry, exit uint32) uint64 {
	d := zone(entry) - zone(exit)
	if d < 0 {
		d = -d
	}
	return uint64(min(200+100*d, 1000))
}

func riderOf(home string, i int) [32]byte {
	return metro.RiderID([]byte("test rider key of "+home), "account-"+strconv.Itoa(i))
}

func (s *scenario) ride(home, city string, serial uint64, rider [32]byte, entry, exit uint32) metro.Ride {
	code, _ := metro.CodeOf(city)
	return metro.Ride{ID: metro.Hex(metro.RideID(code, "gate-1", serial)), Rider: metro.Hex(rider), Home: home, City: city,
		Entry: entry, Exit: exit, EntryAt: "2026-12-01T08:00:00Z", ExitAt: "2026-12-01T08:30:00Z", Fare: fare(entry, exit)}
}

// TestMetroRidesNetAndSettleBetweenEveryPair: rides from every city, each
// pair netted and settled to the sum of its rides as the test tallies
// them itself; a city reads the rides it is party to and no other, through
// the API and on its node's disk.
func TestMetroRidesNetAndSettleBetweenEveryPair(t *testing.T) {
	if testing.Short() {
		t.Skip("a consortium of 8 nodes")
	}
	n := testCities()
	s := newScenario(t, n)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	settlers := map[string]*metro.Settler{}
	var wg sync.WaitGroup
	sctx, stop := context.WithCancel(ctx)
	for _, name := range s.names {
		st := &metro.Settler{City: s.cities[name], From: 1}
		settlers[name] = st
		wg.Add(1)
		go func() { defer wg.Done(); st.Run(sctx) }()
	}
	defer func() { stop(); wg.Wait() }()

	// Two rides for every ordered pair (home, city), and the test's own
	// tally of each pair: owes[home][city] += fare.
	type sent struct {
		ride metro.Ride
		tx   types.Hash
	}
	owes := map[[2]string]int64{}
	var mu sync.Mutex
	var rides []sent
	var serial uint64
	errs := make(chan error, 1000)
	var rw sync.WaitGroup
	for ci, city := range s.names {
		for hi, home := range s.names {
			if home == city {
				continue
			}
			for k := 0; k < 2; k++ {
				serial++
				entry, exit := uint32(1+(ci*7+hi*3+k)%40), uint32(1+(ci*11+hi*5+k*13)%40)
				r := s.ride(home, city, serial, riderOf(home, ci*100+k), entry, exit)
				owes[[2]string{home, city}] += int64(r.Fare)
				rw.Add(1)
				go func() {
					defer rw.Done()
					rc, err := s.cities[city].RecordRide(ctx, r)
					if err != nil {
						errs <- fmt.Errorf("ride %s→%s: %w", home, city, err)
						return
					}
					mu.Lock()
					rides = append(rides, sent{r, rc.TxHash})
					mu.Unlock()
				}()
			}
		}
	}
	rw.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	want := n * (n - 1) * 2
	if len(rides) != want {
		t.Fatalf("%d rides committed, want %d", len(rides), want)
	}

	// A recorded ride is refused a second time, and nothing changes.
	dup := rides[0].ride
	before, _ := s.cities[dup.City].Position(ctx, dup.Home)
	if _, err := s.cities[dup.City].RecordRide(ctx, dup); !errors.Is(err, metro.ErrRideExists) {
		t.Fatalf("second record of a ride: %v", err)
	}
	// A fare outside the ride city's rules is refused.
	bad := s.ride(s.names[1], s.names[0], 9999, riderOf(s.names[1], 9999), 1, 2)
	bad.Fare = 5000
	if _, err := s.cities[s.names[0]].RecordRide(ctx, bad); !errors.Is(err, metro.ErrFareOutsideRules) {
		t.Fatalf("ride with a fare outside the rules: %v", err)
	}
	after, _ := s.cities[dup.City].Position(ctx, dup.Home)
	if after.Rides != before.Rides || after.Net.Cmp(before.Net) != 0 {
		t.Fatalf("refused rides changed the position: %+v → %+v", before, after)
	}

	// Every pair settles to exactly its rides.
	deadline := time.Now().Add(2 * time.Minute)
	for i, x := range s.names {
		for _, y := range s.names[i+1:] {
			a, b := x, y
			if b < a {
				a, b = b, a
			}
			wantNet := owes[[2]string{a, b}] - owes[[2]string{b, a}] // a owes b if > 0
			for {
				p, err := s.cities[x].Position(ctx, y)
				if err != nil {
					t.Fatal(err)
				}
				if p.A != a || p.B != b || p.Rides != 4 || p.Net.Cmp(big.NewInt(wantNet)) != 0 {
					t.Fatalf("pair %s/%s: position %+v, want 4 rides netting %d", a, b, p, wantNet)
				}
				if p.SettledSeq == 4 {
					if p.SettledNet.Cmp(big.NewInt(wantNet)) != 0 {
						t.Fatalf("pair %s/%s settled %v, the rides sum to %d", a, b, p.SettledNet, wantNet)
					}
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("pair %s/%s not settled: %+v; errors of %s: %v; of %s: %v", a, b, p, a, settlers[a].Errors(), b, settlers[b].Errors())
				}
				time.Sleep(200 * time.Millisecond)
			}
		}
	}
	// The settlements each city confirmed sum, per pair, to its net.
	sums := map[[2]string]int64{}
	var lat []time.Duration
	for _, st := range settlers {
		for _, r := range st.Confirmed() {
			sums[[2]string{r.A, r.B}] += r.Amount
			lat = append(lat, r.Latency)
		}
		if st.Rejected() != 0 {
			t.Fatalf("%s rejected %d honest settlements", st.City.Name, st.Rejected())
		}
	}
	for i, x := range s.names {
		for _, y := range s.names[i+1:] {
			a, b := min(x, y), max(x, y)
			if got, want := sums[[2]string{a, b}], owes[[2]string{a, b}]-owes[[2]string{b, a}]; got != want {
				t.Fatalf("settlements of %s/%s sum to %d, the rides to %d", a, b, got, want)
			}
		}
	}
	t.Logf("%d rides, %d settlements; latencies %v", len(rides), len(lat), lat)

	// Privacy. Each city reads exactly the rides it is party to.
	for _, name := range s.names {
		read := settlers[name].Rides()
		for _, r := range rides {
			_, got := read[r.tx]
			party := r.ride.Home == name || r.ride.City == name
			if got != party {
				t.Fatalf("%s read ride %s→%s: %v", name, r.ride.Home, r.ride.City, got)
			}
		}
	}
	outsider := s.names[n-1]
	var theirs sent
	for _, r := range rides {
		if r.ride.Home != outsider && r.ride.City != outsider {
			theirs = r
			break
		}
	}
	if _, err := s.cities[outsider].OpenRide(ctx, theirs.tx); !errors.Is(err, sdk.ErrNotAReader) {
		t.Fatalf("%s opened a ride between %s and %s: %v", outsider, theirs.ride.Home, theirs.ride.City, err)
	}
	got, err := s.cities[theirs.ride.Home].OpenRide(ctx, theirs.tx)
	if err != nil || *got != theirs.ride {
		t.Fatalf("the home city reads its ride: %+v, %v", got, err)
	}
	// On disk: the outsider's node holds no rider id or station of a ride
	// it is not party to, in any file (the rider ids are never marked, so
	// only sealed records carry them). The home city's node is checked
	// the same way as a control: it holds them only sealed too.
	rider, _ := hex.DecodeString(theirs.ride.Rider)
	idx := -1
	for i, o := range s.c.Network.Orgs {
		if o.Name == outsider {
			idx = i
		}
	}
	dataDir := s.c.Config(idx).DataDir
	if found := grepTree(t, dataDir, rider, []byte(theirs.ride.Rider)); found != "" {
		t.Fatalf("%s's node stores the rider id of a ride it is not party to, in %s", outsider, found)
	}
	// The control: the clearing role's sealed payloads are in the ledger,
	// so the ride's transaction is on the outsider's disk (its id is).
	if found := grepTree(t, dataDir, rideIDBytes(t, theirs.ride.ID)); found == "" {
		t.Fatalf("the ride's id is on no file of %s's node: the disk check looks at the wrong files", outsider)
	}
}

func rideIDBytes(t *testing.T, h string) []byte {
	b, err := hex.DecodeString(h)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// grepTree returns the first file under dir that holds any of needles.
func grepTree(t *testing.T, dir string, needles ...[]byte) string {
	t.Helper()
	found := ""
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || found != "" {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		for _, n := range needles {
			if bytes.Contains(b, n) {
				found = p
			}
		}
		return nil
	})
	return found
}
