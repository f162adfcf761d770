package trace_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/services/trace"
)

type scenario struct {
	t    *testing.T
	c    *testnet.Cluster
	d    *trace.Deployment
	orgs map[string]*trace.Org
}

// newScenario starts a 5-org consortium (one node each: producer,
// inspector, shipper, customs, retailer) and deploys the scenario.
func newScenario(t *testing.T) *scenario {
	t.Helper()
	var names []string
	for _, m := range trace.DefaultMembers {
		names = append(names, m.Org)
	}
	c := testnet.New(t, testnet.Options{Nodes: len(names), OrgNames: names})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	d, err := trace.Setup(ctx, trace.SetupConfig{Network: c.Network, Dir: t.TempDir(), Progress: func(f string, a ...any) { t.Logf("setup: "+f, a...) }})
	if err != nil {
		t.Fatal(err)
	}
	s := &scenario{t: t, c: c, d: d, orgs: map[string]*trace.Org{}}
	for _, n := range names {
		o, err := d.Connect(ctx, c.Network, n)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { o.Client.Close() })
		s.orgs[n] = o
	}
	return s
}

func evidence(s string) [32]byte { return sha256.Sum256([]byte(s)) }

// refused checks that err is a refusal matching want whose reason
// contains text.
func refused(t *testing.T, what string, err, want error, text string) {
	t.Helper()
	var re *trace.RefusedError
	if !errors.As(err, &re) || !errors.Is(err, want) || !strings.Contains(re.Reason, text) {
		t.Fatalf("%s: got %v, want a refusal %v with %q", what, err, want, text)
	}
	t.Logf("%s: refused: %s", what, re.Reason)
}

// The story end to end on one consortium: a batch of imported milk
// powder from production to retail, with a consumer's lookup showing each
// step proven; every role violation and out-of-order step refused with its
// reason; forged codes unknown; a code scanned from many places flagged,
// on chain, and seen by another org's lookup service; and the public page
// in headless Chromium.
func TestTraceOnConsortium(t *testing.T) {
	if testing.Short() {
		t.Skip("consortium")
	}
	s := newScenario(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	prod, insp, ship, cust, ret := s.orgs["producer"], s.orgs["inspector"], s.orgs["shipper"], s.orgs["customs"], s.orgs["retailer"]
	contract := prod.Contract
	milk := trace.DefaultProducts[0]

	// --- a batch from production to retail
	b, err := prod.CreateBatch(ctx, milk.ID, 10_000, true, evidence("production record 2026-11-30 line 3"), "lot NZ-2611-03")
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	codes := trace.IssueCodes(s.d.ChainID, contract, b.No, b.CodeKey, 0, b.Items)
	t.Logf("batch %d: %d codes issued in %v (one transaction)", b.No, len(codes), time.Since(t0).Round(time.Millisecond))
	steps := []struct {
		o    *trace.Org
		step trace.Step
		ev   string
		memo string
	}{
		{insp, trace.StepInspection, "inspection report CIQ-2026-11-4471", "passed: protein, melamine, microbiology"},
		{ship, trace.StepShipping, "bill of lading COSU6301447210", "Auckland -> Shanghai, container TGHU 8812034"},
		{cust, trace.StepCustoms, "customs declaration 2201-2026-0008841", "released at Shanghai Yangshan"},
		{ret, trace.StepRetail, "goods receipt GR-77120", "store 021-118, Shanghai"},
	}
	for _, st := range steps {
		if _, err := st.o.Attest(ctx, b.No, st.step, evidence(st.ev), st.memo); err != nil {
			t.Fatalf("%s: %v", st.step, err)
		}
	}
	// The lookup service of the retailer (the org that runs the public page).
	look, err := s.d.NewLookupFor(ret, s.c.Network, trace.ScanRule{MaxPlaces: 3, MaxScans: 20})
	if err != nil {
		t.Fatal(err)
	}
	// The retail step is certified by the next block's signatures: another
	// transaction makes that block.
	if err := prod.DefineProduct(ctx, "spare-product", "spare"); err != nil {
		t.Fatal(err)
	}
	v := waitProven(t, ctx, look, codes[42])
	if len(v.Steps) != 5 || !v.Complete || v.Product != milk.Name || v.Producer != "producer" || v.Serial != 42 {
		t.Fatalf("trail: %+v", v)
	}
	wantOrgs := []string{"producer", "inspector", "shipper", "customs", "retailer"}
	for i, sv := range v.Steps {
		if sv.Org != wantOrgs[i] || sv.Step != trace.Steps[i] || !sv.Proven || sv.TxHash == "" || sv.Signers < 4 {
			t.Fatalf("step %d: %+v", i, sv)
		}
	}
	if v.Steps[1].Evidence != hexOf(evidence(steps[0].ev)) || v.Steps[1].Memo != steps[0].memo {
		t.Fatalf("inspection evidence: %+v", v.Steps[1])
	}
	t.Logf("trail of %s: %d steps proven, read at block %d", v.Code, len(v.Steps), v.Height)

	// --- refusals, each with its reason
	b2, err := prod.CreateBatch(ctx, trace.DefaultProducts[1].ID, 500, false, evidence("moutai production"), "")
	if err != nil {
		t.Fatal(err)
	}
	_, err = ship.Attest(ctx, b2.No, trace.StepInspection, evidence("x"), "")
	refused(t, "the shipper attests inspection", err, trace.ErrWrongRole, "inspection is attested by an org with the role inspector; the caller's role is shipper")
	_, err = ship.Attest(ctx, b2.No, trace.StepShipping, evidence("x"), "")
	refused(t, "shipping before inspection", err, trace.ErrOutOfOrder, "the batch is at production, its next step is inspection")
	_, err = ret.Attest(ctx, b2.No, trace.StepRetail, evidence("x"), "")
	refused(t, "retail before inspection", err, trace.ErrOutOfOrder, "its next step is inspection")
	if _, err := insp.Attest(ctx, b2.No, trace.StepInspection, evidence("ok"), ""); err != nil {
		t.Fatal(err)
	}
	_, err = insp.Attest(ctx, b2.No, trace.StepInspection, evidence("again"), "")
	refused(t, "inspection twice", err, trace.ErrOutOfOrder, "the batch is at inspection, its next step is shipping")
	if _, err := ship.Attest(ctx, b2.No, trace.StepShipping, evidence("ship"), ""); err != nil {
		t.Fatal(err)
	}
	_, err = cust.Attest(ctx, b2.No, trace.StepCustoms, evidence("x"), "")
	refused(t, "customs on a domestic batch", err, trace.ErrOutOfOrder, "not imported, it has no customs step")
	_, err = ret.Attest(ctx, 999, trace.StepRetail, evidence("x"), "")
	refused(t, "an unknown batch", err, trace.ErrUnknownBatch, "unknown batch")
	_, err = ret.CreateBatch(ctx, milk.ID, 10, true, evidence("x"), "")
	refused(t, "the retailer makes a batch", err, trace.ErrWrongRole, "production is attested by an org with the role producer; the caller's role is retailer")
	err = insp.Reject(ctx, b2.No, trace.StepRetail, evidence("x"), "no")
	refused(t, "reject at retail", err, trace.ErrCannotReject, "only inspection and customs")
	// A batch refused at inspection goes no further.
	b3, err := prod.CreateBatch(ctx, trace.DefaultProducts[2].ID, 100, false, evidence("rice"), "")
	if err != nil {
		t.Fatal(err)
	}
	if err := insp.Reject(ctx, b3.No, trace.StepInspection, evidence("report: cadmium over limit"), "cadmium 0.31 mg/kg > 0.2"); err != nil {
		t.Fatal(err)
	}
	_, err = ship.Attest(ctx, b3.No, trace.StepShipping, evidence("x"), "")
	refused(t, "shipping a rejected batch", err, trace.ErrRejected, "rejected")
	err = ret.SetMember(ctx, ret.Account.ID(), "retailer", trace.RoleProducer)
	refused(t, "the retailer makes itself a producer", err, trace.ErrNotTheAdmin, "only the admin")

	// --- forged codes are unknown
	c42, _ := trace.ParseCode(codes[42])
	forged := []string{
		"B1-42-" + strings.Repeat("A", 103),                                // a made-up signature
		strings.Replace(codes[42], "B1-42-", "B1-43-", 1),                  // another item's serial under item 42's signature
		trace.IssueCodes(s.d.ChainID, contract, b.No, b3.CodeKey, 7, 1)[0], // signed by another batch's key
		"B1-10000-" + strings.SplitN(codes[0], "-", 3)[2],                  // past the batch's items
		"B77-1-" + strings.SplitN(codes[1], "-", 3)[2],                     // no such batch
		"not a code", "", c42.String() + "X",
	}
	for _, f := range forged {
		if _, err := look.Lookup(ctx, f, "203.0.113.0/24"); !errors.Is(err, trace.ErrUnknownCode) {
			t.Fatalf("forged code %q: %v", f, err)
		}
	}

	// --- a code scanned from many places is flagged, on chain
	copied := codes[7]
	for i, place := range []string{"198.51.100.0/24", "198.51.100.0/24", "203.0.113.0/24"} {
		v, err := look.Lookup(ctx, copied, place)
		if err != nil || v.Flagged {
			t.Fatalf("scan %d: flagged too early: %+v %v", i, v, err)
		}
	}
	v, err = look.Lookup(ctx, copied, "192.0.2.0/24")
	if err != nil || !v.Flagged || v.Places != 3 {
		t.Fatalf("scan from a third place: %+v %v", v, err)
	}
	if errs := look.WaitFlags(); len(errs) > 0 {
		t.Fatal(errs)
	}
	// Another org's lookup service, which saw none of these scans, shows
	// the flag from the chain; a genuine item scanned by its buyer is not
	// flagged.
	other, err := s.d.NewLookupFor(prod, s.c.Network, trace.ScanRule{})
	if err != nil {
		t.Fatal(err)
	}
	// (its node may be a block behind the retailer's)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if v, err = other.Lookup(ctx, copied, ""); err != nil || v.Flagged {
			break
		}
	}
	if err != nil || !v.Flagged || v.FlagBy != "retailer" || v.FlagPlaces != 3 || v.Scans != 0 {
		t.Fatalf("the flag on chain: %+v %v", v, err)
	}
	for range 3 {
		v, err = look.Lookup(ctx, codes[8], "100.64.1.0/24")
		if err != nil || v.Flagged {
			t.Fatalf("a genuine item: %+v %v", v, err)
		}
	}

	t.Run("simulator", func(t *testing.T) {
		rep, err := trace.Run(ctx, trace.RunConfig{Network: s.c.Network, Deployment: s.d, Sim: trace.SimConfig{Duration: 6 * time.Second, InFlight: 8, Items: 500,
			ScanRate: 40, CopiedFraction: 0.3, ForgedFraction: 0.1, LookupDuration: 2 * time.Second, LookupWorkers: 4, Rule: trace.ScanRule{MaxPlaces: 3, MaxScans: 20}, Seed: 7}})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("simulator: %d batches (%d at retail, %d rejected), %d attestations (%.1f/s, p50 %s), %d scans (%d forged, all unknown: %v; %d copied codes, %d flagged; %d genuine flagged), %.0f lookups/s, %d flags on chain",
			rep.Batches, rep.AtRetail, rep.Rejected, rep.Attestations, rep.AttestationsPerSecond, rep.AttestP50, rep.Scans, rep.Forged, rep.Forged == rep.ForgedUnknown,
			rep.CopiedCodes, rep.CopiedFlagged, rep.GenuineFlagged, rep.LookupsPerSecond, rep.FlagsOnChain)
		if rep.CopiedFlagged == 0 {
			t.Fatalf("no copied code flagged: %+v", rep)
		}
		if !rep.Correct || rep.AtRetail == 0 || rep.Attestations == 0 || rep.Lookups == 0 || rep.Forged == 0 {
			t.Fatalf("report: %+v", rep)
		}
	})
	if t.Run("console", func(t *testing.T) { consoleInChromium(t, look, codes[42], forged[0]) }) {
		t.Log("the public lookup page shows the trail and refuses the forged code")
	}
}

func hexOf(b [32]byte) string {
	const d = "0123456789abcdef"
	out := make([]byte, 64)
	for i, x := range b {
		out[2*i], out[2*i+1] = d[x>>4], d[x&15]
	}
	return string(out)
}

// waitProven looks code up until every step is proven.
func waitProven(t *testing.T, ctx context.Context, l *trace.Lookup, code string) *trace.ItemView {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		v, err := l.Lookup(ctx, code, "")
		if err != nil {
			t.Fatal(err)
		}
		if v.AllProven || time.Now().After(deadline) {
			if !v.AllProven {
				t.Fatalf("not proven: %+v", v.Steps)
			}
			return v
		}
		time.Sleep(200 * time.Millisecond)
	}
}
