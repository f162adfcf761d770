package console

import (
	"context"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/causeway/causeway/services/metro"
	"github.com/causeway/causeway/types"
)

// fakeMetro is a Metro in memory: three cities, rides sealed to the org
// in blocks 1..height (one ride per block), one active mark; str is put in
// every chain value the page shows; it records the calls.
type fakeMetro struct {
	mu      sync.Mutex
	str     string
	key     bool
	height  uint64
	calls   int
	cursors []metro.Cursor
	gates   [][32]byte
	marked  [32]byte // the rider the gate check refuses
}

func (f *fakeMetro) call() {
	f.mu.Lock()
	f.calls++
	f.mu.Unlock()
}

func (f *fakeMetro) Info() metro.ViewInfo {
	in := metro.ViewInfo{Org: "fake-console-org", ChainID: "fake-chain-id", Contract: strings.Repeat("ab", 20),
		Cities: []string{"shanghai", "ningbo", f.str}, TaxBureau: "taxbureau", IsCity: true}
	if f.key {
		in.KeyID = strings.Repeat("11", 32)
	}
	return in
}

func (f *fakeMetro) Pairs(context.Context) ([]*metro.Position, error) {
	f.call()
	return []*metro.Position{
		{A: "ningbo", B: "shanghai", Rides: 7, Net: big.NewInt(1234), SettledSeq: 5, SettledNet: big.NewInt(900), Settlements: 2, Height: 41},
		{A: "ningbo", B: f.str, Rides: 3, Net: big.NewInt(-505), SettledSeq: 0, SettledNet: new(big.Int), Height: 41},
		{A: "shanghai", B: f.str, Net: new(big.Int), SettledNet: new(big.Int), Height: 41},
	}, nil
}

func (f *fakeMetro) Rides(_ context.Context, before metro.Cursor, limit int) (*metro.RidePage, error) {
	f.call()
	f.mu.Lock()
	f.cursors = append(f.cursors, before)
	f.mu.Unlock()
	top := f.height
	if before.Height != 0 {
		top = before.Height - 1
	}
	pg := &metro.RidePage{Head: f.height, To: top, Others: 4, Failed: 1}
	for h := top; h >= 1 && len(pg.Rides) < limit; h-- {
		pg.From = h
		entry := "2026-12-01T08:00:00Z"
		if h%2 == 1 {
			entry += f.str // not RFC 3339: shown as written
		}
		pg.Rides = append(pg.Rides, metro.RideView{Ride: metro.Ride{ID: fmt.Sprintf("%064x", h), Rider: strings.Repeat("5a", 32), Home: "shanghai", City: f.str,
			Entry: 3, Exit: 17, EntryAt: entry, ExitAt: "2026-12-01T08:31:00Z", Fare: 400 + h},
			TxHash: types.Hash{byte(h)}, Height: h, TimeMs: 1764576000000, Seq: h})
	}
	if pg.From > 1 {
		pg.Next = &metro.Cursor{Height: pg.From, Index: 0}
	}
	return pg, nil
}

func (f *fakeMetro) Marks(context.Context) (*metro.MarkList, error) {
	f.call()
	return &metro.MarkList{From: 1, To: f.height, Height: f.height, Ended: 2, Marks: []metro.MarkView{{Rider: metro.Hex(f.marked), City: "ningbo",
		Reason: "unpaid fare " + f.str, Evidence: strings.Repeat("ee", 32), MarkedAt: time.Unix(1764576000, 0), ExpiresAt: time.Unix(1764579600, 0),
		Appealed: true, RemovalVotes: 1, Block: 9}}}, nil
}

func (f *fakeMetro) GateCheck(_ context.Context, rider [32]byte) (*metro.Decision, error) {
	f.call()
	f.mu.Lock()
	f.gates = append(f.gates, rider)
	f.mu.Unlock()
	if rider == f.marked {
		return &metro.Decision{MarkedBy: "ningbo", Reason: "unpaid fare " + f.str, ExpiresAt: time.Unix(1764579600, 0), Height: 40}, nil
	}
	return &metro.Decision{Allowed: true, Height: 40}, nil
}

func newMetroHarness(t *testing.T, c *fakeChain, m *fakeMetro) *harness {
	t.Helper()
	if c == nil {
		c = &fakeChain{height: 30}
	}
	s, err := New(Options{Chain: c, Metro: m})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return &harness{t: t, s: s, srv: srv, chain: c}
}

const hostile = `<script>alert(1)</script><img src=x onerror=alert(2)>`

// The Metro page: every pair's position with its direction in yuan and
// fen, the rides sealed to the org paged by a cursor, the active marks,
// the gate check allowed and refused (by whom, why, until when, on which
// block); a bad cursor or rider id is refused before the chain is asked;
// without the org's key no ride is read and the page names the flag.
// Chain values are shown as text. Without a deployment there is no page
// and no link.
func TestMetroPage(t *testing.T) {
	m := &fakeMetro{str: hostile, key: true, height: 75, marked: [32]byte{0x42}}
	h := newMetroHarness(t, nil, m)
	c := h.signedIn()
	resp, body := h.get(c, "/metro")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/metro: %s", resp.Status)
	}
	for _, want := range []string{`id="nav-metro"`, "0x" + strings.Repeat("ab", 20), `data-pair="ningbo-shanghai"`, "ningbo owes shanghai", "¥12.34", "(1234 fen)", "ningbo paid ¥9.00",
		`data-net-fen="505"`, "¥5.05", "even", `data-settlements="2"`, "Read blocks 46 to 75 (the head is 75)", "4 ride(s) there are sealed to other cities only",
		"1 ride(s) sealed to this org failed", `href="/metro?before=46.0"`, "¥4.75", "3 → 17", "2026-12-01 08:00–08:31", "/metro/gate?rider=" + strings.Repeat("5a", 32),
		"appealed, 1 vote(s) to remove", "2025-12-01 08:00:00 UTC", "2025-12-01 09:00:00 UTC", "2 mark(s) seen there are removed or expired", `id="mt-gate-form"`} {
		if !strings.Contains(body, want) {
			t.Errorf("/metro lacks %q", want)
		}
	}
	if n := strings.Count(body, "data-ride="); n != MetroRidesPerPage {
		t.Errorf("%d rides on a page, want %d", n, MetroRidesPerPage)
	}
	if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") {
		t.Fatal("a chain value is rendered as markup")
	}
	if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the hostile value is not shown as text")
	}
	// Paging.
	_, body = h.get(c, "/metro?before=46.0")
	if !strings.Contains(body, "Read blocks 16 to 45") || !strings.Contains(body, `href="/metro?before=16.0"`) || !strings.Contains(body, `id="mt-newest"`) {
		t.Error("the second page of rides is not the older one")
	}
	if got := m.cursors[len(m.cursors)-1]; got != (metro.Cursor{Height: 46, Index: 0}) {
		t.Errorf("cursor %+v reached the view", got)
	}
	_, body = h.get(c, "/metro?before=16.0")
	if strings.Contains(body, `id="mt-older"`) {
		t.Error("the last page links to older rides")
	}
	calls := m.calls
	for _, bad := range []string{"x", "5", "0.1", "5.-1", "5.1.2", "<script>"} {
		if resp, _ := h.get(c, "/metro?before="+bad); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("before=%q: %s, want 400", bad, resp.Status)
		}
	}
	// Gate check.
	allowed := strings.Repeat("0c", 32)
	resp, body = h.get(c, "/metro/gate?rider=0x"+allowed)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `data-allowed="true"`) || !strings.Contains(body, "Rider "+allowed+" may enter") || !strings.Contains(body, "state of block 40") {
		t.Errorf("allowed rider: %s\n%s", resp.Status, body)
	}
	resp, body = h.get(c, "/metro/gate?rider="+metro.Hex(m.marked))
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `data-allowed="false"`) || !strings.Contains(body, `id="mt-refused-by">ningbo<`) ||
		!strings.Contains(body, "unpaid fare &lt;script&gt;") || !strings.Contains(body, "2025-12-01 09:00:00 UTC") || !strings.Contains(body, `href="/explorer/block/40"`) {
		t.Errorf("marked rider: %s\n%s", resp.Status, body)
	}
	if strings.Contains(body, "<script>alert") {
		t.Fatal("the reason of a mark is rendered as markup")
	}
	if len(m.gates) != 2 || m.gates[1] != m.marked {
		t.Fatalf("gate checks reached the view: %x", m.gates)
	}
	for _, bad := range []string{"abc", strings.Repeat("0g", 32), strings.Repeat("ab", 33), "<script>alert(1)</script>"} {
		resp, body := h.get(c, "/metro/gate?rider="+bad)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "64 hexadecimal digits") || strings.Contains(body, "<script>alert") {
			t.Errorf("rider %q: %s", bad, resp.Status)
		}
	}
	if len(m.gates) != 2 || m.calls != calls+2 {
		t.Fatalf("bad input reached the view (%d gate checks, %d calls after %d)", len(m.gates), m.calls, calls)
	}
	// Without the org's key: no ride read, the flag named.
	nk := &fakeMetro{str: "suzhou", height: 10}
	h2 := newMetroHarness(t, nil, nk)
	_, body = h2.get(h2.signedIn(), "/metro")
	if !strings.Contains(body, `id="mt-no-key"`) || !strings.Contains(body, "--enc-key") || strings.Contains(body, `id="mt-rides"`) || len(nk.cursors) != 0 {
		t.Errorf("without a key the page reads rides or does not say why")
	}
	// Without a deployment: no link, no page.
	h3 := newHarness(t, nil)
	c3 := h3.signedIn()
	if _, body := h3.get(c3, "/"); strings.Contains(body, "/metro") {
		t.Error("a console without a deployment links to the Metro page")
	}
	if resp, _ := h3.get(c3, "/metro"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("/metro without a deployment: %s", resp.Status)
	}
}

// The Metro pages render in both languages with no missing message.
func TestMetroPagesHaveNoMissingMessages(t *testing.T) {
	m := &fakeMetro{str: "suzhou", key: true, height: 40, marked: [32]byte{0x42}}
	h := newMetroHarness(t, nil, m)
	c := h.signedIn()
	missing := regexp.MustCompile(`![a-z_]+\.[a-z_.]+`)
	for _, lang := range []string{"en", "zh"} {
		for _, p := range []string{"/metro", "/metro?before=20.0", "/metro/gate", "/metro/gate?rider=" + metro.Hex(m.marked), "/metro/gate?rider=" + strings.Repeat("0c", 32), "/metro/gate?rider=bad"} {
			sep := "?"
			if strings.Contains(p, "?") {
				sep = "&"
			}
			_, body := h.get(c, p+sep+"lang="+lang)
			if s := missing.FindString(body); s != "" {
				t.Errorf("%s in %s has a missing message: %s", p, lang, s)
			}
			if lang == "zh" && (!strings.Contains(body, "控制台") || !strings.Contains(body, "地铁")) {
				t.Errorf("%s is not in Chinese", p)
			}
		}
	}
	_, body := h.get(c, "/metro?lang=zh")
	for _, want := range []string{"ningbo 应付 shanghai", "¥12.34", "（1234 分）", "风险名单：有效标记", "闸机核验"} {
		if !strings.Contains(body, want) && !strings.Contains(body, strings.ReplaceAll(strings.ReplaceAll(want, "（", "("), "）", ")")) {
			t.Errorf("zh /metro lacks %q", want)
		}
	}
}
