package trace_test

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/causeway/causeway/console"
	"github.com/causeway/causeway/services/trace"
)

func chromiumPath() string {
	for _, n := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return ""
}

// consoleInChromium opens the public item page of a console (no session)
// in headless Chromium: the trail of a real code, every step proven, in
// English and Chinese; "unknown code" for a forged one.
func consoleInChromium(t *testing.T, l *trace.Lookup, code, forged string) {
	browser := chromiumPath()
	if browser == "" {
		if os.Getenv("CAUSEWAY_REQUIRE_CHROMIUM") == "1" {
			t.Fatal("no chromium binary on PATH, and CAUSEWAY_REQUIRE_CHROMIUM=1 (apt-get install chromium)")
		}
		t.Skip("no chromium binary on PATH (apt-get install chromium); set CAUSEWAY_REQUIRE_CHROMIUM=1 to fail instead")
	}
	srv, err := console.New(console.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv.EnableTrace(l)
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(browser), chromedp.NoSandbox, chromedp.WindowSize(1280, 900))
	alloc, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 60*time.Second)
	defer cancel()

	page := func(what, url, sel, js string) []string {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(sel))); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		v, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](js))
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if dir := os.Getenv("CAUSEWAY_SCREENSHOTS"); dir != "" {
			if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(90)); err == nil {
				_ = os.WriteFile(filepath.Join(dir, what+".png"), png, 0o644)
			}
		}
		return v
	}
	v := page("trace-item-en", trace.LookupURL(hs.URL, code)+"?lang=en", "#trace-steps", `(t => [
		Array.from(document.querySelectorAll('#trace-steps tr[data-step]')).map(r => r.dataset.step + ':' + r.dataset.proven).join(','),
		Array.from(document.querySelectorAll('#trace-steps td.org')).map(td => td.textContent).join(','),
		document.getElementById('trace-item').dataset.proven, t('trace-verdict'), t('trace-status'), t('trace-height'),
		String(document.querySelectorAll('a[href="/governance"], #logout, nav').length)])(id => document.getElementById(id).textContent.trim())`)
	t.Logf("page: %q", v)
	if len(v) != 7 || v[0] != "production:true,inspection:true,shipping:true,customs:true,retail:true" || v[1] != "producer,inspector,shipper,customs,retailer" ||
		v[2] != "true" || v[3] != "Genuine code" || !strings.Contains(v[4], "every step from production to retail") || !strings.Contains(v[5], "Read from the chain at block") || v[6] != "0" {
		t.Fatalf("trail page: %q", v)
	}
	v = page("trace-item-zh", trace.LookupURL(hs.URL, code)+"?lang=zh", "#trace-steps", `[document.querySelector('h1').textContent, document.getElementById('trace-verdict').textContent.trim()]`)
	if v[0] != "商品溯源" || v[1] != "正品编码" {
		t.Fatalf("zh page: %q", v)
	}
	v = page("trace-unknown-en", trace.LookupURL(hs.URL, forged)+"?lang=en", "#trace-unknown", `[document.querySelector('#trace-unknown h2').textContent, document.getElementById('trace-unknown').dataset.known, String(document.querySelectorAll('#trace-steps').length)]`)
	if v[0] != "Unknown code" || v[1] != "false" || v[2] != "0" {
		t.Fatalf("forged code: %q", v)
	}
}
