package main_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/services/trade"
)

// The Trade page in headless Chromium: the trade scenario's six orgs
// (in-process nodes, trade.Setup, a short trade.Simulate: delivered,
// refunded and financed orders, receivables down three tiers, discounted
// and paid); the seller's console (causeway console --trade DIR --enc-key,
// a real process) links the page, lists the orders with their steps and
// the receivables with their sum check, and opens an order's terms.
// CAUSEWAY_SCREENSHOTS=DIR saves trade-{en,zh}.png and
// trade-terms-{en,zh}.png. It skips without chromium like
// TestConsoleInChromium (CAUSEWAY_REQUIRE_CHROMIUM=1 fails).
func TestTradeConsoleInChromium(t *testing.T) {
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
	cl := testnet.New(t, testnet.Options{Nodes: len(trade.Orgs), OrgNames: trade.Orgs})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	dir := filepath.Join(t.TempDir(), "trade")
	d, err := trade.Setup(ctx, cl.Network, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := trade.Simulate(ctx, cl.Network, d, trade.SimConfig{Trades: 8, Concurrency: 4, FailEvery: 4, FinanceEvery: 3, ReceivableEvery: 3, HiddenEvery: 4, Maturity: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Conserved || !rep.HiddenConserved || rep.Hidden != 2 || rep.Delivered != 6 || rep.Refunded != 2 || rep.Receivables == 0 {
		t.Fatalf("simulation: %+v", rep)
	}
	if err := cl.WaitHeight(cl.MaxHeight(), 10*time.Second); err != nil {
		t.Fatal(err)
	}

	c := cli{t: t, bin: bin, env: append(os.Environ(), "XDG_CONFIG_HOME="+t.TempDir())}
	sc := startConsole(t, c, filepath.Join(cl.Network.Dir, "network.json"), "seller", "--trade", d.Dir, "--enc-key", filepath.Join(dir, "seller", "encryption.pem"))

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
	shoot := func(name string, open func(lang string)) {
		t.Helper()
		if shots == "" {
			return
		}
		for _, lang := range []string{"en", "zh"} {
			open(lang)
			png, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(shots, fmt.Sprintf("%s-%s.png", name, lang)), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		do("back to English", chromedp.Navigate(sc.URL+"trade?lang=en"))
	}

	do("sign in", chromedp.Navigate(sc.SignInURL), chromedp.WaitVisible(chromedp.CSS("#nav-trade")))
	do("trade page", chromedp.Click(chromedp.CSS("#nav-trade")), chromedp.WaitVisible(chromedp.CSS("#td-orders")))
	got := eval("the page", `JSON.stringify({
		orders: document.querySelectorAll('#td-orders tr[data-order]').length,
		delivered: document.querySelectorAll('#td-orders td[data-status="6"]').length,
		refunded: document.querySelectorAll('#td-orders td[data-status="7"]').length,
		open: document.querySelectorAll('form[data-terms="open"]').length,
		trees: document.querySelectorAll('[data-receivable]').length,
		conserved: document.querySelectorAll('[data-receivable] [data-conserved="true"]').length,
		balance: document.getElementById('td-balance').querySelector('strong').textContent,
	})`)
	want := fmt.Sprintf(`{"orders":8,"delivered":6,"refunded":2,"open":8,"trees":%d,"conserved":%d,`, rep.Receivables, rep.Receivables)
	if !strings.HasPrefix(got, want) || strings.Contains(got, `"balance":"0"`) {
		t.Errorf("the Trade page: %s, want %s…", got, want)
	}
	shoot("trade", func(lang string) {
		do("trade "+lang, chromedp.Navigate(sc.URL+"trade?lang="+lang), chromedp.WaitVisible(chromedp.CSS("#td-orders")))
	})
	do("open terms", chromedp.Click(chromedp.CSS(`form[data-terms="open"] button`)), chromedp.WaitVisible(chromedp.CSS("#td-terms")))
	if v := eval("terms", `document.getElementById('td-terms').textContent`); !strings.HasPrefix(v, "Contract ") || !strings.Contains(v, "CNY") {
		t.Errorf("opened terms: %q", v)
	}
	shoot("trade-terms", func(lang string) {
		do("terms "+lang, chromedp.Navigate(sc.URL+"trade?lang="+lang), chromedp.WaitVisible(chromedp.CSS("#td-orders")),
			chromedp.Click(chromedp.CSS(`form[data-terms="open"] button`)), chromedp.WaitVisible(chromedp.CSS("#td-terms")))
	})
}
