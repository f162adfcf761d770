package trace

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/causeway/causeway/sdk"
)

// SimConfig is a traceability simulation.
type SimConfig struct {
	// Duration of the supply-chain phase (default 30 s): InFlight batches
	// (default 16) at a time go from production to retail, each step
	// attested by its org as soon as the previous one is committed.
	Duration time.Duration
	InFlight int
	// Items a batch (default 1000). RejectFraction of the batches fail
	// inspection (default 0.02).
	Items          uint32
	RejectFraction float64
	// ScanRate is consumers' scans a second during that phase (default
	// 20), of items of batches at retail; CopiedFraction of them (default
	// 0.1) are of copied labels (a few codes a batch that counterfeiters
	// print on many fakes, scanned from anywhere); ForgedFraction
	// (default 0.05) are of made-up codes.
	ScanRate       float64
	CopiedFraction float64
	ForgedFraction float64
	// LookupDuration is the lookup phase after (default 10 s):
	// LookupWorkers (default 8) look up codes of items at retail as fast
	// as the lookup service answers.
	LookupDuration time.Duration
	LookupWorkers  int
	Rule           ScanRule
	Seed           uint64
}

func (c *SimConfig) defaults() {
	if c.Duration <= 0 {
		c.Duration = 30 * time.Second
	}
	if c.InFlight <= 0 {
		c.InFlight = 16
	}
	if c.Items == 0 {
		c.Items = 1000
	}
	if c.ScanRate <= 0 {
		c.ScanRate = 20
	}
	if c.LookupDuration <= 0 {
		c.LookupDuration = 10 * time.Second
	}
	if c.LookupWorkers <= 0 {
		c.LookupWorkers = 8
	}
}

// RunConfig is a whole scenario run on a deployed consortium.
type RunConfig struct {
	Network    *sdk.Network
	Deployment *Deployment
	Sim        SimConfig
	// Every, if set, is called about once a second with the run so far.
	Every func(Snapshot)
}

// Snapshot is the run so far.
type Snapshot struct {
	Phase        string
	Elapsed      time.Duration
	Batches      int
	AtRetail     int
	Attestations uint64
	Scans        uint64
	Lookups      uint64
}

// Report is a run's outcome and figures.
type Report struct {
	Orgs     []Member `json:"orgs"`
	InFlight int      `json:"batches_in_flight"`
	Items    uint32   `json:"items_per_batch"`
	// Supply-chain phase.
	Batches               int     `json:"batches"`
	AtRetail              int     `json:"batches_at_retail"`
	Rejected              int     `json:"batches_rejected"`
	Attestations          uint64  `json:"attestations"`
	AttestationsPerSecond float64 `json:"attestations_per_second"`
	AttestP50             string  `json:"attestation_commit_p50"`
	AttestP99             string  `json:"attestation_commit_p99"`
	CodesRegistered       uint64  `json:"codes_registered"`
	CodesSignedPerSecond  float64 `json:"codes_signed_per_second"`
	Elapsed               string  `json:"elapsed"`
	// Consumers' scans during that phase.
	Scans          uint64 `json:"scans"`
	Forged         uint64 `json:"forged_scans"`
	ForgedUnknown  uint64 `json:"forged_scans_unknown"`
	CopiedCodes    int    `json:"copied_codes_scanned"`
	CopiedFlagged  int    `json:"copied_codes_flagged"`
	GenuineFlagged int    `json:"genuine_codes_flagged"`
	FlagsOnChain   uint64 `json:"flags_on_chain"`
	// Lookup phase.
	Lookups          uint64  `json:"lookups"`
	LookupsPerSecond float64 `json:"lookups_per_second"`
	// LookupsPerSecondWarm is the rate over the phase's second half, when
	// the steps' proofs of most batches are checked and cached.
	LookupsPerSecondWarm float64 `json:"lookups_per_second_second_half"`
	LookupP50            string  `json:"lookup_p50"`
	LookupP99            string  `json:"lookup_p99"`
	LookupWorkers        int     `json:"lookup_workers"`
	// Correct: every batch's trail matches what the simulator attested,
	// every forged code was unknown, no genuine code was flagged and every
	// copied code scanned from enough places was flagged.
	Correct bool     `json:"correct"`
	Errors  []string `json:"errors,omitempty"`
}

type simBatch struct {
	no       uint64
	imported bool
	key      ed25519.PrivateKey
}

// copiedLabel is an item whose label counterfeiters copied onto many fakes.
type copiedLabel struct {
	b      *simBatch
	serial uint32
}

// maxCopied is how many copied labels are in circulation in a run: the
// first batches at retail each have one.
const maxCopied = 10

// Run drives the scenario on a deployment: batches through the supply
// chain with consumers scanning, then lookups at full speed, and checks
// the outcome.
func Run(ctx context.Context, cfg RunConfig) (*Report, error) {
	sc := cfg.Sim
	sc.defaults()
	d, nw := cfg.Deployment, cfg.Network
	orgs := map[Role]*Org{}
	for r := RoleProducer; r <= RoleRetailer; r++ {
		name, err := d.OrgOf(r)
		if err != nil {
			return nil, err
		}
		o, err := d.Connect(ctx, nw, name)
		if err != nil {
			return nil, err
		}
		defer o.Client.Close()
		orgs[r] = o
	}
	look, err := d.NewLookupFor(orgs[RoleRetailer], nw, sc.Rule)
	if err != nil {
		return nil, err
	}
	contract := orgs[RoleProducer].Contract
	rng := rand.New(rand.NewPCG(sc.Seed, sc.Seed^0x9e3779b97f4a7c15))
	var rngMu sync.Mutex
	rnd := func(n int) int { rngMu.Lock(); defer rngMu.Unlock(); return rng.IntN(n) }
	rndF := func() float64 { rngMu.Lock(); defer rngMu.Unlock(); return rng.Float64() }

	rep := &Report{Orgs: d.Members, InFlight: sc.InFlight, Items: sc.Items, LookupWorkers: sc.LookupWorkers}
	var (
		mu        sync.Mutex
		errs      []string
		lat       []time.Duration
		retail    []*simBatch
		copied    []copiedLabel
		batches   int
		rejected  int
		atts      atomic.Uint64
		scans     atomic.Uint64
		lookups   atomic.Uint64
		forged    atomic.Uint64
		forgedUnk atomic.Uint64
		codesReg  atomic.Uint64
		signTime  atomic.Int64
		signed    atomic.Uint64
		scanned   = map[string]bool{} // copied codes scanned
		flagged   = map[string]bool{} // codes the service flagged
	)
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if len(errs) < 20 {
			errs = append(errs, err.Error())
		}
	}
	ev := func(parts ...any) [32]byte { return sha256.Sum256(fmt.Append(nil, parts...)) }
	products := d.Products
	if len(products) == 0 {
		return nil, fmt.Errorf("%w: the deployment has no products", ErrBadInput)
	}

	// The supply chain.
	start := time.Now()
	deadline := start.Add(sc.Duration)
	pctx, stop := context.WithDeadline(ctx, deadline.Add(2*time.Minute))
	defer stop()
	timed := func(f func() error) error {
		t0 := time.Now()
		err := f()
		if err == nil {
			atts.Add(1)
			mu.Lock()
			lat = append(lat, time.Since(t0))
			mu.Unlock()
		}
		return err
	}
	var wg sync.WaitGroup
	for w := 0; w < sc.InFlight; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; time.Now().Before(deadline) && pctx.Err() == nil; n++ {
				p := products[rnd(len(products))]
				var b *Batch
				if err := timed(func() (err error) {
					b, err = orgs[RoleProducer].CreateBatch(pctx, p.ID, sc.Items, p.Imported, ev("production", p.ID, n), "line "+fmt.Sprint(1+rnd(4)))
					return err
				}); err != nil {
					fail(err)
					continue
				}
				mu.Lock()
				batches++
				mu.Unlock()
				codesReg.Add(uint64(sc.Items))
				if rndF() < sc.RejectFraction {
					if err := orgs[RoleInspector].Reject(pctx, b.No, StepInspection, ev("report", b.No), "failed inspection"); err != nil {
						fail(err)
					}
					mu.Lock()
					rejected++
					mu.Unlock()
					continue
				}
				steps := []Step{StepInspection, StepShipping, StepCustoms, StepRetail}
				ok := true
				for _, s := range steps {
					if s == StepCustoms && !p.Imported {
						continue
					}
					if err := timed(func() error {
						_, err := orgs[Role(s)].Attest(pctx, b.No, s, ev(s, b.No), s.String()+" of batch "+fmt.Sprint(b.No))
						return err
					}); err != nil {
						fail(err)
						ok = false
						break
					}
				}
				if !ok {
					continue
				}
				// Codes are signed when labels are printed: time one batch's worth.
				t0 := time.Now()
				IssueCodes(d.ChainID, contract, b.No, b.CodeKey, 0, min(sc.Items, 200))
				signTime.Add(int64(time.Since(t0)))
				signed.Add(uint64(min(sc.Items, 200)))
				sb := &simBatch{no: b.No, imported: p.Imported, key: b.CodeKey}
				mu.Lock()
				retail = append(retail, sb)
				if len(copied) < maxCopied {
					copied = append(copied, copiedLabel{sb, uint32(rnd(int(sc.Items)))})
				}
				mu.Unlock()
			}
		}()
	}
	isCopied := func(b *simBatch, s uint32) bool {
		mu.Lock()
		defer mu.Unlock()
		return slices.Contains(copied, copiedLabel{b, s})
	}
	pick := func() *simBatch {
		mu.Lock()
		defer mu.Unlock()
		if len(retail) == 0 {
			return nil
		}
		return retail[rnd(len(retail))]
	}
	code := func(b *simBatch, serial uint32) string {
		return IssueCodes(d.ChainID, contract, b.no, b.key, serial, 1)[0]
	}
	homeOf := func(b *simBatch, serial uint32) string {
		var x [12]byte
		binary.BigEndian.PutUint64(x[:], b.no)
		binary.BigEndian.PutUint32(x[8:], serial)
		h := sha256.Sum256(x[:])
		return fmt.Sprintf("10.%d.%d.0/24", h[0], h[1])
	}
	// Consumers.
	scanDone := make(chan struct{})
	go func() {
		defer close(scanDone)
		tick := time.NewTicker(time.Duration(float64(time.Second) / sc.ScanRate))
		defer tick.Stop()
		var swg sync.WaitGroup
		defer swg.Wait()
		for time.Now().Before(deadline) {
			select {
			case <-pctx.Done():
				return
			case <-tick.C:
			}
			b := pick()
			if b == nil {
				continue
			}
			swg.Add(1)
			go func() {
				defer swg.Done()
				scans.Add(1)
				r := rndF()
				switch {
				case r < sc.ForgedFraction:
					forged.Add(1)
					fake := make([]byte, 64)
					for i := range fake {
						fake[i] = byte(rnd(256))
					}
					c := Code{Batch: b.no, Serial: uint32(rnd(int(sc.Items))), Sig: fake}
					if _, err := look.Lookup(pctx, c.String(), "192.0.2.0/24"); errors.Is(err, ErrUnknownCode) {
						forgedUnk.Add(1)
					} else if err != nil {
						fail(err)
					}
				case r < sc.ForgedFraction+sc.CopiedFraction:
					mu.Lock()
					cl := copied[rnd(len(copied))]
					mu.Unlock()
					c := code(cl.b, cl.serial)
					v, err := look.Lookup(pctx, c, fmt.Sprintf("172.16.%d.0/24", rnd(64)))
					if err != nil {
						fail(err)
						return
					}
					mu.Lock()
					scanned[c] = scanned[c] || v.Places >= look.Scans().Rule.MaxPlaces
					flagged[c] = flagged[c] || v.Flagged
					mu.Unlock()
				default:
					s := uint32(rnd(int(sc.Items)))
					if isCopied(b, s) {
						return
					}
					c := code(b, s)
					v, err := look.Lookup(pctx, c, homeOf(b, s))
					if err != nil {
						fail(err)
						return
					}
					if v.Flagged {
						mu.Lock()
						flagged[c] = true
						mu.Unlock()
					}
				}
			}()
		}
	}()
	tick := time.NewTicker(time.Second)
	snap := func(phase string) Snapshot {
		mu.Lock()
		defer mu.Unlock()
		return Snapshot{Phase: phase, Elapsed: time.Since(start), Batches: batches, AtRetail: len(retail), Attestations: atts.Load(), Scans: scans.Load(), Lookups: lookups.Load()}
	}
	done := make(chan struct{})
	go func() { wg.Wait(); <-scanDone; close(done) }()
	for running := true; running; {
		select {
		case <-done:
			running = false
		case <-tick.C:
			if cfg.Every != nil {
				cfg.Every(snap("supply chain"))
			}
		}
	}
	elapsed := time.Since(start)
	for _, e := range look.WaitFlags() {
		fail(e)
	}

	// Lookups at full speed.
	var llat []time.Duration
	if len(retail) > 0 {
		lstart := time.Now()
		ldeadline := lstart.Add(sc.LookupDuration)
		var lwg sync.WaitGroup
		for w := 0; w < sc.LookupWorkers; w++ {
			lwg.Add(1)
			go func() {
				defer lwg.Done()
				var mine []time.Duration
				for time.Now().Before(ldeadline) && ctx.Err() == nil {
					b := pick()
					c := code(b, uint32(rnd(int(sc.Items))))
					t0 := time.Now()
					if _, err := look.Lookup(ctx, c, ""); err != nil {
						fail(err)
						continue
					}
					mine = append(mine, time.Since(t0))
					lookups.Add(1)
				}
				mu.Lock()
				llat = append(llat, mine...)
				mu.Unlock()
			}()
		}
		var half uint64
		var lhalf time.Time
		mid := time.NewTimer(sc.LookupDuration / 2)
		defer mid.Stop()
		lwait := make(chan struct{})
		go func() { lwg.Wait(); close(lwait) }()
		for running := true; running; {
			select {
			case <-lwait:
				running = false
			case <-mid.C:
				lhalf, half = time.Now(), lookups.Load()
			case <-tick.C:
				if cfg.Every != nil {
					cfg.Every(snap("lookups"))
				}
			}
		}
		rep.LookupsPerSecond = round1(float64(lookups.Load()) / time.Since(lstart).Seconds())
		if half > 0 {
			rep.LookupsPerSecondWarm = round1(float64(lookups.Load()-half) / time.Since(lhalf).Seconds())
		}
	}
	tick.Stop()

	// The outcome.
	rep.Batches, rep.AtRetail, rep.Rejected = batches, len(retail), rejected
	rep.Attestations = atts.Load()
	rep.AttestationsPerSecond = round1(float64(rep.Attestations) / elapsed.Seconds())
	rep.AttestP50, rep.AttestP99 = percentile(lat, 0.5).String(), percentile(lat, 0.99).String()
	rep.CodesRegistered = codesReg.Load()
	if st := time.Duration(signTime.Load()); st > 0 {
		rep.CodesSignedPerSecond = float64(int(float64(signed.Load()) / st.Seconds()))
	}
	rep.Elapsed = elapsed.Round(time.Millisecond).String()
	rep.Scans, rep.Forged, rep.ForgedUnknown = scans.Load(), forged.Load(), forgedUnk.Load()
	rep.Lookups = lookups.Load()
	rep.LookupP50, rep.LookupP99 = percentile(llat, 0.5).String(), percentile(llat, 0.99).String()
	correct := rep.Forged == rep.ForgedUnknown
	for c, enough := range scanned {
		rep.CopiedCodes++
		if flagged[c] {
			rep.CopiedFlagged++
		} else if enough {
			correct = false
		}
	}
	for c, f := range flagged {
		if _, copied := scanned[c]; f && !copied {
			rep.GenuineFlagged++
			correct = false
		}
	}
	out, _, err := query(ctx, orgs[RoleRetailer].Client, orgs[RoleRetailer].Account.ID().String(), contract, orgs[RoleRetailer].abi.PackFlagCount())
	if err == nil {
		rep.FlagsOnChain, _ = orgs[RoleRetailer].abi.UnpackFlagCount(out)
	}
	// Every batch at retail has its whole trail, proven.
	for _, b := range retail[:min(len(retail), 20)] {
		v, err := look.Lookup(ctx, code(b, 0), "")
		if err != nil {
			fail(err)
			correct = false
			continue
		}
		want := 4
		if b.imported {
			want = 5
		}
		if len(v.Steps) != want || !v.Complete {
			fail(fmt.Errorf("batch %d: trail of %d steps, want %d", b.no, len(v.Steps), want))
			correct = false
		}
	}
	rep.Errors = errs
	rep.Correct = correct && len(errs) == 0
	return rep, nil
}

func round1(x float64) float64 { return float64(int(x*10)) / 10 }

func percentile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(q * float64(len(s)-1))
	return s[i].Round(time.Millisecond / 10)
}
