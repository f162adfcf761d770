package console

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/causeway/causeway/services/trace"
)

type fakeTrace struct{ places []string }

func (f *fakeTrace) Lookup(_ context.Context, code, place string) (*trace.ItemView, error) {
	f.places = append(f.places, place)
	if code != "B1-2-GOOD" {
		return nil, trace.ErrUnknownCode
	}
	return &trace.ItemView{Code: code, Batch: 1, Serial: 2, Items: 10, Product: `<script>alert(1)</script>奶粉`, Producer: "producer", Complete: true, Height: 9,
		Flagged: true, FlagBy: "retailer", FlagPlaces: 3, FlagScans: 4, AllProven: true,
		Steps: []trace.StepView{{Step: trace.StepProduction, Name: "production", Org: "producer", At: "2026-12-01T00:00:00Z", Height: 3,
			Evidence: strings.Repeat("ab", 32), Memo: `"><img src=x>`, Proven: true, TxHash: strings.Repeat("cd", 32), Signers: 4}}}, nil
}

// The item page is public, escapes the chain's values, says "unknown code"
// for a forged one, and logs the scan under the client's network.
func TestTraceItemPage(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeTrace{}
	s.EnableTrace(f)
	get := func(path string) (int, string) {
		r := httptest.NewRequest(http.MethodGet, path, nil)
		r.RemoteAddr = "198.51.100.7:4242"
		w := httptest.NewRecorder()
		s.Handler().ServeHTTP(w, r)
		return w.Code, w.Body.String()
	}
	code, body := get("/q/item/B1-2-GOOD?lang=zh")
	if code != 200 || !strings.Contains(body, "疑似假冒") || !strings.Contains(body, "&lt;script&gt;") || strings.Contains(body, "<script>alert") ||
		strings.Contains(body, `"><img`) || !strings.Contains(body, `data-step="production"`) || !strings.Contains(body, "已证明") {
		t.Fatalf("%d %s", code, body)
	}
	code, body = get("/q/item/B1-3-FORGED%3Cb%3E?lang=en")
	if code != 404 || !strings.Contains(body, "Unknown code") || !strings.Contains(body, "B1-3-FORGED&lt;b&gt;") {
		t.Fatalf("%d %s", code, body)
	}
	if len(f.places) != 2 || f.places[0] != "198.51.100.0/24" {
		t.Fatalf("places %v", f.places)
	}
	if code, _ := get("/q/item/"); code != 404 {
		t.Fatalf("no code: %d", code)
	}
}
