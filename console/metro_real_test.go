package console

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/services/metro"
)

// The Metro page on a real consortium (3 cities and a tax bureau, each
// with its node; the scenario set up by metro.Setup): shanghai's console
// shows every pair's rides and settlement as the contract keeps them, the
// rides sealed to shanghai opened (and not a ride between two other
// cities, counted as unreadable), ningbo's mark on a rider (its reason as
// text) and the gate check refusing that rider; once ningbo removes the
// mark, the page drops it and the gate allows the rider.
func TestMetroPageOnRealScenario(t *testing.T) {
	if testing.Short() {
		t.Skip("a consortium of 4 nodes")
	}
	names := []string{"shanghai", "ningbo", "suzhou", "taxbureau"}
	cl := testnet.New(t, testnet.Options{Nodes: len(names), OrgNames: names})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	start := time.Now()
	d, err := metro.Setup(ctx, metro.SetupConfig{Network: cl.Network, Cities: names[:3], TaxBureau: "taxbureau", Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("scenario set up in %.1fs", time.Since(start).Seconds())
	cities := map[string]*metro.City{}
	for _, n := range names[:3] {
		c, err := d.Connect(ctx, cl.Network, n)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Client.Close() })
		cities[n] = c
	}
	sh, nb := cities["shanghai"], cities["ningbo"]
	ride := func(home, city string, serial uint64, rider [32]byte, fare uint64) metro.Ride {
		code, _ := metro.CodeOf(city)
		return metro.Ride{ID: metro.Hex(metro.RideID(code, "gate-1", serial)), Rider: metro.Hex(rider), Home: home, City: city,
			Entry: 2, Exit: 30, EntryAt: "2026-12-01T08:00:00Z", ExitAt: "2026-12-01T08:40:00Z", Fare: fare}
	}
	riderA := metro.RiderID([]byte("shanghai rider key"), "13800000000")
	riderB := metro.RiderID([]byte("suzhou rider key"), "13900000000")
	riderC := metro.RiderID([]byte("ningbo rider key"), "13700000000")
	r1 := ride("shanghai", "ningbo", 1, riderA, 600) // sealed to shanghai
	r2 := ride("suzhou", "ningbo", 2, riderB, 300)   // not sealed to shanghai
	r3 := ride("ningbo", "shanghai", 1, riderC, 250) // sealed to shanghai
	for _, x := range []struct {
		c *metro.City
		r metro.Ride
	}{{nb, r1}, {nb, r2}, {sh, r3}} {
		if _, err := x.c.RecordRide(ctx, x.r); err != nil {
			t.Fatal(err)
		}
	}
	// ningbo (the lower code) proposes, shanghai confirms: one settlement
	// of the pair's two rides; net = ningbo owes shanghai 250 - 600 < 0:
	// shanghai owes ningbo 3.50 yuan.
	if err := nb.ProposeSettlement(ctx, "shanghai", 2); err != nil {
		t.Fatal(err)
	}
	// (shanghai's node may apply the proposal's block a moment later.)
	var pend *metro.Pending
	for wait := time.Now().Add(20 * time.Second); pend == nil; time.Sleep(20 * time.Millisecond) {
		if pend, err = sh.PendingSettlement(ctx, "ningbo"); err != nil || pend == nil && time.Now().After(wait) {
			t.Fatalf("pending settlement: %+v %v", pend, err)
		}
	}
	if _, err := sh.ConfirmSettlement(ctx, "ningbo", pend.ThroughSeq, pend.Amount); err != nil {
		t.Fatal(err)
	}
	reason := "unpaid <script>alert(1)</script>"
	rc, err := nb.MarkRider(ctx, riderA, reason, metro.RideID(nb.Code, "gate-1", 1), time.Hour)
	if err != nil {
		t.Fatal(err)
	}

	// shanghai's console, with shanghai's encryption key.
	nc, err := DialNetwork(ctx, cl.Network, "shanghai", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	if err := nc.LoadEncryptionKeys(d.EncryptionKeyPath("shanghai"), ""); err != nil {
		t.Fatal(err)
	}
	v, err := nc.MetroView(d)
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Options{Chain: nc, Metro: v})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	h := &harness{t: t, s: s, srv: srv}
	c := h.signedIn()
	// The console's node has the mark's block.
	for {
		st, err := nc.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.GetHeight() >= rc.GetHeight() {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	pageStart := time.Now()
	resp, body := h.get(c, "/metro")
	t.Logf("/metro answered in %v", time.Since(pageStart))
	if resp.StatusCode != 200 {
		t.Fatalf("/metro: %s\n%s", resp.Status, body)
	}
	row := func(pair string) string {
		i := strings.Index(body, `data-pair="`+pair+`"`)
		if i < 0 {
			t.Fatalf("no row for %s", pair)
		}
		j := strings.Index(body[i:], "</tr>")
		return body[i : i+j]
	}
	if r := row("ningbo-shanghai"); !strings.Contains(r, `data-rides="2"`) || !strings.Contains(r, "shanghai owes ningbo") || !strings.Contains(r, "¥3.50") ||
		!strings.Contains(r, `data-net-fen="350"`) || !strings.Contains(r, `data-settled="2"`) || !strings.Contains(r, `data-settlements="1"`) || !strings.Contains(r, "shanghai paid ¥3.50") {
		t.Errorf("ningbo–shanghai: %s", r)
	}
	if r := row("ningbo-suzhou"); !strings.Contains(r, `data-rides="1"`) || !strings.Contains(r, "suzhou owes ningbo") || !strings.Contains(r, "¥3.00") || !strings.Contains(r, `data-settlements="0"`) {
		t.Errorf("ningbo–suzhou: %s", r)
	}
	if r := row("shanghai-suzhou"); !strings.Contains(r, `data-rides="0"`) {
		t.Errorf("shanghai–suzhou: %s", r)
	}
	for _, want := range []string{`data-ride="` + r1.ID + `"`, `data-ride="` + r3.ID + `"`, "shanghai → ningbo", "ningbo → shanghai", "2 → 30", "¥6.00", "¥2.50",
		"1 ride(s) there are sealed to other cities only", `data-mark="` + metro.Hex(riderA) + `-ningbo"`, "unpaid &lt;script&gt;alert(1)&lt;/script&gt;"} {
		if !strings.Contains(body, want) {
			t.Errorf("/metro lacks %q", want)
		}
	}
	if strings.Contains(body, r2.ID) || strings.Contains(body, metro.Hex(riderB)) || strings.Contains(body, "<script>alert") {
		t.Error("shanghai's console shows a ride it is not party to, or markup from the chain")
	}
	_, body = h.get(c, "/metro/gate?rider="+metro.Hex(riderA))
	if !strings.Contains(body, `data-allowed="false"`) || !strings.Contains(body, `id="mt-refused-by">ningbo<`) || !strings.Contains(body, "unpaid &lt;script&gt;") {
		t.Errorf("gate check of the marked rider:\n%s", body)
	}
	_, body = h.get(c, "/metro/gate?rider="+metro.Hex(riderC))
	if !strings.Contains(body, `data-allowed="true"`) {
		t.Errorf("gate check of an unmarked rider:\n%s", body)
	}

	// The view's pages of one ride, through small windows of blocks: every
	// ride sealed to shanghai once, newest first, and nothing else.
	v.Window = 4
	var seen []string
	others := 0
	cur := metro.Cursor{}
	for pages := 0; ; pages++ {
		if pages > 200 {
			t.Fatal("the ride pages do not end")
		}
		pg, err := v.Rides(ctx, cur, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(pg.Rides) > 1 || pg.To-pg.From >= 4 {
			t.Fatalf("a page of %d rides over blocks %d..%d", len(pg.Rides), pg.From, pg.To)
		}
		for _, r := range pg.Rides {
			seen = append(seen, r.ID)
		}
		others += pg.Others
		if pg.Next == nil {
			break
		}
		cur = *pg.Next
	}
	if strings.Join(seen, ",") != r3.ID+","+r1.ID || others != 1 {
		t.Fatalf("paged rides %v (want r3, r1), %d unreadable (want 1)", seen, others)
	}
	v.Window = 0
	// A fresh view over 4-block windows: each Marks reads at most the new
	// blocks and 4 older ones, and reaches block 1 with ningbo's mark.
	v2, err := nc.MetroView(d)
	if err != nil {
		t.Fatal(err)
	}
	v2.Window = 4
	var ml *metro.MarkList
	for calls, covered := 0, uint64(0); ml == nil || ml.From > 1; calls++ {
		if calls > 100 {
			t.Fatal("the marks coverage does not reach block 1")
		}
		if ml, err = v2.Marks(ctx); err != nil {
			t.Fatal(err)
		}
		if n := ml.To - ml.From + 1; calls > 0 && n > covered+8+(ml.To-rc.GetHeight()) {
			t.Fatalf("one Marks call read blocks %d..%d after %d covered", ml.From, ml.To, covered)
		} else {
			covered = n
		}
	}
	if len(ml.Marks) != 1 || ml.Marks[0].Rider != metro.Hex(riderA) || ml.Marks[0].City != "ningbo" || ml.Marks[0].Reason != reason {
		t.Fatalf("marks over the whole chain: %+v", ml.Marks)
	}

	// ningbo removes its mark.
	if err := nb.UnmarkRider(ctx, riderA); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		_, body = h.get(c, "/metro")
		if !strings.Contains(body, `data-mark="`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the removed mark stays on the page")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !strings.Contains(body, "1 mark(s) seen there are removed or expired") || !strings.Contains(body, "No active mark.") {
		t.Error("the page does not say the mark ended")
	}
	_, body = h.get(c, "/metro/gate?rider="+metro.Hex(riderA))
	if !strings.Contains(body, `data-allowed="true"`) {
		t.Errorf("gate check after the mark's removal:\n%s", body)
	}
}
