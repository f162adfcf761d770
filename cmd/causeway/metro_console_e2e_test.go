package main_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/services/metro"
)

// The Metro page in headless Chromium: a consortium of three cities and a
// tax bureau (in-process nodes, the scenario set up by metro.Setup), rides
// between every pair settled by the cities' settlement agents, a few more
// rides left unsettled, a rider marked by ningbo; shanghai's console
// (causeway console --metro DIR --enc-key, a real process) links the page,
// shows the three pairs, the rides sealed to shanghai and the mark, and
// its gate-check form refuses the marked rider. CAUSEWAY_SCREENSHOTS=DIR
// saves metro-{en,zh}.png and metro-gate-{en,zh}.png. It skips without
// chromium like TestConsoleInChromium (CAUSEWAY_REQUIRE_CHROMIUM=1 fails).
func TestMetroConsoleInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("consortium, browser")
	}
	browserPath := chromiumPath()
	if browserPath == "" {
		if os.Getenv("CAUSEWAY_REQUIRE_CHROMIUM") == "1" {
			t.Fatal("no chromium binary on PATH, and CAUSEWAY_REQUIRE_CHROMIUM=1 (apt-get install chromium)")
		}
		t.Skip("no chromium binary on PATH (apt-get install chromium); set CAUSEWAY_REQUIRE_CHROMIUM=1 to fail instead")
	}
	bin := buildCauseway(t)
	names := []string{"shanghai", "ningbo", "suzhou", "taxbureau"}
	cl := testnet.New(t, testnet.Options{Nodes: len(names), OrgNames: names})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	d, err := metro.Setup(ctx, metro.SetupConfig{Network: cl.Network, Cities: names[:3], TaxBureau: "taxbureau", Dir: filepath.Join(t.TempDir(), "metro")})
	if err != nil {
		t.Fatal(err)
	}
	cities := map[string]*metro.City{}
	for _, n := range names[:3] {
		c, err := d.Connect(ctx, cl.Network, n)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Client.Close() })
		cities[n] = c
	}
	serial := uint64(0)
	record := func(home, city string, account string, entry, exit uint32, minute int) metro.Ride {
		t.Helper()
		c := cities[city]
		fare, err := c.Fare(ctx, city, entry, exit)
		if err != nil {
			t.Fatal(err)
		}
		serial++
		rk, err := d.RiderKey(home)
		if err != nil {
			t.Fatal(err)
		}
		at := time.Date(2026, 12, 1, 8, minute, 0, 0, time.UTC)
		r := metro.Ride{ID: metro.Hex(metro.RideID(c.Code, "gate-3", serial)), Rider: metro.Hex(metro.RiderID(rk, account)), Home: home, City: city,
			Entry: entry, Exit: exit, EntryAt: at.Format(time.RFC3339), ExitAt: at.Add(time.Duration(10+int(entry+exit)%30) * time.Minute).Format(time.RFC3339), Fare: fare}
		if _, err := c.RecordRide(ctx, r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	// Rides between every pair, settled by the cities' agents.
	pairs := [][2]string{{"shanghai", "ningbo"}, {"ningbo", "shanghai"}, {"shanghai", "suzhou"}, {"suzhou", "shanghai"}, {"ningbo", "suzhou"}, {"suzhou", "ningbo"}}
	for i, p := range pairs {
		record(p[0], p[1], fmt.Sprintf("1380000%04d", i), uint32(1+i*3), uint32(40-i*5), 5+i)
		record(p[0], p[1], fmt.Sprintf("1390000%04d", i), uint32(2+i), uint32(20+i*2), 12+i)
	}
	sctx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for _, n := range names[:3] {
		st := &metro.Settler{City: cities[n], From: 1}
		wg.Add(1)
		go func() { defer wg.Done(); st.Run(sctx) }()
	}
	deadline := time.Now().Add(60 * time.Second)
	for _, p := range [][2]string{{"shanghai", "ningbo"}, {"shanghai", "suzhou"}, {"ningbo", "suzhou"}} {
		for {
			pos, err := cities[p[0]].Position(ctx, p[1])
			if err != nil {
				t.Fatal(err)
			}
			if pos.SettledSeq == pos.Rides {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s–%s not settled: %+v", p[0], p[1], pos)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	stop()
	wg.Wait()
	// A few more rides, not settled yet, and a mark.
	record("ningbo", "shanghai", "13700000001", 3, 38, 41)
	last := record("shanghai", "suzhou", "13800000009", 12, 25, 47)
	rk, _ := d.RiderKey("shanghai")
	marked := metro.RiderID(rk, "13800000009")
	rc, err := cities["suzhou"].MarkRider(ctx, marked, "unpaid-fare", metro.RideID(cities["suzhou"].Code, "gate-3", serial), 72*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	// shanghai's node (the console's) has the mark's block.
	for {
		st, err := cities["shanghai"].Client.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.GetHeight() >= rc.GetHeight() {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}

	c := cli{t: t, bin: bin, env: append(os.Environ(), "XDG_CONFIG_HOME="+t.TempDir())}
	sh := startConsole(t, c, filepath.Join(cl.Network.Dir, "network.json"), "shanghai", "--metro", d.Dir, "--enc-key", d.EncryptionKeyPath("shanghai"))

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(browserPath), chromedp.NoSandbox, chromedp.WindowSize(1280, 900))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	bctx, cancelB := chromedp.NewContext(alloc)
	defer cancelB()
	bctx, cancelB = context.WithTimeout(bctx, 90*time.Second)
	defer cancelB()
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(bctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	eval := func(what, js string) string {
		t.Helper()
		v, err := chromedp.Run(bctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}
	shots := os.Getenv("CAUSEWAY_SCREENSHOTS")
	shoot := func(name, url string) {
		t.Helper()
		if shots == "" {
			return
		}
		for _, lang := range []string{"en", "zh"} {
			sep := "?"
			if strings.Contains(url, "?") {
				sep = "&"
			}
			do("screenshot "+name, chromedp.Navigate(url+sep+"lang="+lang), chromedp.WaitReady(chromedp.CSS("main")))
			png, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(shots, fmt.Sprintf("%s-%s.png", name, lang)), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		do("back to English", chromedp.Navigate(url+"?lang=en"))
	}

	do("sign in", chromedp.Navigate(sh.SignInURL), chromedp.WaitVisible(chromedp.CSS("#nav-metro")))
	do("metro page", chromedp.Click(chromedp.CSS("#nav-metro")), chromedp.WaitVisible(chromedp.CSS("#mt-pairs")))
	got := eval("the page", `JSON.stringify({
		pairs: [...document.querySelectorAll('#mt-pairs tr[data-pair]')].map(r => r.dataset.pair + ':' + r.querySelector('[data-rides]').dataset.rides + ':' + r.querySelector('[data-settlements]').dataset.settlements),
		rides: document.querySelectorAll('#mt-rides tr[data-ride]').length,
		newest: (document.querySelector('#mt-rides tr[data-ride]') || {dataset: {}}).dataset.ride,
		marks: [...document.querySelectorAll('#mt-marks tr[data-mark]')].map(r => r.dataset.mark + ':' + r.querySelector('.reason').textContent),
	})`)
	for _, want := range []string{`"ningbo-shanghai:5:`, `"ningbo-suzhou:4:`, `"shanghai-suzhou:5:`, `"rides":10`, `"newest":"` + last.ID + `"`,
		`"` + metro.Hex(marked) + `-suzhou:unpaid-fare"`} {
		if !strings.Contains(got, want) {
			t.Errorf("the Metro page lacks %s: %s", want, got)
		}
	}
	shoot("metro", sh.URL+"metro")
	do("gate check", chromedp.Navigate(sh.URL+"metro"), chromedp.WaitVisible(chromedp.CSS("#mt-rider")),
		chromedp.SendKeys(chromedp.CSS("#mt-rider"), metro.Hex(marked)), chromedp.Click(chromedp.CSS("#mt-check")), chromedp.WaitVisible(chromedp.CSS("#mt-decision")))
	if v := eval("decision", `document.getElementById('mt-decision').dataset.allowed + ':' + document.getElementById('mt-refused-by').textContent`); v != "false:suzhou" {
		t.Errorf("gate check of the marked rider: %s", v)
	}
	shoot("metro-gate", sh.URL+"metro/gate?rider="+metro.Hex(marked))
}
