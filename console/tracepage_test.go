package console

import (
	"bytes"
	"compress/zlib"
	"context"
	"crypto/ed25519"
	"encoding/base32"
	"encoding/hex"
	"fmt"
	"image"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/makiuchi-d/gozxing"
	gzqr "github.com/makiuchi-d/gozxing/qrcode"

	"github.com/causeway/causeway/services/trace"
)

// fakeTraceView is a Trace in memory: batches 1..total of 50 items, batch
// n at step 1 + n%5 (every 7th rejected), the console holding the code
// keys of the batches numbered ≡ 0 mod 3; str is put in every chain value
// the page shows; it records the calls.
type fakeTraceView struct {
	mu      sync.Mutex
	str     string
	total   uint64
	calls   int
	befores []uint64
	labels  int
}

const (
	ftvChain = "fake-trace-chain"
	ftvItems = 50
)

var (
	ftvContract = bytes.Repeat([]byte{0xcd}, 20)
	ftvKey      = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{0x5e}, 32))
)

func (f *fakeTraceView) call() {
	f.mu.Lock()
	f.calls++
	f.mu.Unlock()
}

func (f *fakeTraceView) Info() trace.ViewInfo {
	return trace.ViewInfo{Org: "fake-console-org", Role: "producer", ChainID: ftvChain, Contract: hex.EncodeToString(ftvContract)}
}

func (f *fakeTraceView) batch(no uint64, prove bool) trace.BatchView {
	stage := trace.Step(1 + no%5)
	b := trace.BatchView{No: no, ProductID: "milk-powder-nz-900g", Product: "婴儿奶粉 fake-trace-value " + f.str, Producer: "producer", Items: ftvItems,
		Imported: no%2 == 0, Stage: stage.String(), Complete: stage == trace.StepRetail, CodeKey: hex.EncodeToString(ftvKey.Public().(ed25519.PublicKey)),
		HasCodeKey: no%3 == 0, Proven: prove, Height: 1000 + no}
	if no%7 == 0 && stage < trace.StepRetail {
		b.Rejected, b.RejectedAt = true, (stage + 1).String()
	} else if stage < trace.StepRetail {
		b.Next = (stage + 1).String()
	}
	for _, s := range trace.Steps {
		if s > stage {
			break
		}
		sv := trace.StepView{Step: s, Name: s.String(), Org: s.String() + "-org " + f.str, At: fmt.Sprintf("2026-12-01T10:%02d:00Z", int(s)), Height: 100*no + uint64(s),
			Evidence: strings.Repeat(fmt.Sprintf("%02x", 0xe0+int(s)), 32), Memo: "memo " + f.str}
		if prove {
			sv.Proven, sv.TxHash, sv.Signers = s != trace.StepRetail, strings.Repeat("ab", 32), 4
			if !sv.Proven {
				sv.Unproven = "its certificate is not there yet " + f.str
			}
		}
		b.Steps = append(b.Steps, sv)
	}
	return b
}

func (f *fakeTraceView) Batches(_ context.Context, before uint64, limit int) (*trace.BatchPage, error) {
	f.mu.Lock()
	f.calls++
	f.befores = append(f.befores, before)
	f.mu.Unlock()
	top := f.total
	if before != 0 && before-1 < top {
		top = before - 1
	}
	p := &trace.BatchPage{Total: f.total, Flags: 7, Attestations: 12345, Height: 4242}
	for no := top; no > 0 && len(p.Batches) < limit; no-- {
		p.Batches = append(p.Batches, f.batch(no, false))
	}
	if last := top - uint64(len(p.Batches)); last > 0 {
		p.Next = last + 1
	}
	return p, nil
}

func (f *fakeTraceView) Batch(_ context.Context, no uint64) (*trace.BatchView, error) {
	f.call()
	if no > f.total {
		return nil, fmt.Errorf("%w: batch %d", trace.ErrUnknownBatch, no)
	}
	b := f.batch(no, true)
	if b.HasCodeKey {
		b.SampleCode = trace.IssueCodes(ftvChain, ftvContract, no, ftvKey, 0, 1)[0]
	}
	return &b, nil
}

func (f *fakeTraceView) Labels(_ context.Context, no, from, count uint64) (*trace.LabelSheet, error) {
	f.mu.Lock()
	f.calls++
	f.labels++
	f.mu.Unlock()
	switch {
	case no > f.total:
		return nil, trace.ErrUnknownBatch
	case count == 0 || count > trace.MaxLabels || from > ftvItems || count > ftvItems-from:
		return nil, &trace.LabelRangeError{Batch: no, Items: ftvItems, From: from, Count: count}
	case no%3 != 0:
		return nil, trace.ErrNoCodeKey
	}
	return &trace.LabelSheet{Product: "婴儿奶粉 " + f.str, Batch: no, Codes: trace.IssueCodes(ftvChain, ftvContract, no, ftvKey, uint32(from), uint32(count))}, nil
}

func newTraceHarness(t *testing.T, tv Trace, publicURL string) *harness {
	t.Helper()
	return newOptionsHarness(t, Options{Trace: tv, PublicURL: publicURL})
}

// newOptionsHarness is a console with opts on a fake chain.
func newOptionsHarness(t *testing.T, opts Options) *harness {
	t.Helper()
	c := &fakeChain{height: 30}
	opts.Chain = c
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return &harness{t: t, s: s, srv: srv, chain: c}
}

const tracePublicURL = "https://trace.example.com"

// The Traceability page: totals, 20 batches a page newest first with
// their steps (org, time, block, evidence, memo) and next step or
// "rejected", paged by a cursor that reaches the view and is refused
// (400, the view not asked) when malformed; chain values escaped; the
// nav link only with a deployment.
func TestTracePage(t *testing.T) {
	f := &fakeTraceView{str: hostile, total: 45}
	h := newTraceHarness(t, f, tracePublicURL)
	c := h.signedIn()
	resp, body := h.get(c, "/trace")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/trace: %s\n%s", resp.Status, body)
	}
	if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") {
		t.Fatal("a chain value is rendered as markup")
	}
	for _, want := range []string{
		`id="nav-trace"`, `data-batches="45" data-flags="7" data-attestations="12345"`, "45 batches, 12345 attestations, 7 items flagged as possible counterfeits",
		`href="/explorer/block/4242"`, `href="/contracts/at/0x` + hex.EncodeToString(ftvContract) + `"`,
		"婴儿奶粉 fake-trace-value &lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;", "memo &lt;script&gt;",
		"inspection-org &lt;script&gt;", `data-evidence="` + strings.Repeat("e2", 32) + `"`, "2026-12-01T10:02:00Z", `href="/explorer/block/4402"`,
		`<tr data-batch="45" class="self">`, `data-key="held"`, `data-next="rejected"`, "Rejected at", `data-next="retail"`, "At retail",
		`href="/trace/batch/45"`, `href="/trace?before=26"`, "imported",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/trace lacks %q", want)
		}
	}
	if n := strings.Count(body, `<tr data-batch="`); n != TraceBatchesPerPage {
		t.Errorf("%d batches on a page, want %d", n, TraceBatchesPerPage)
	}
	// Batch 42 (≡ 0 mod 7, at step 3): rejected at customs, no next step.
	if !regexp.MustCompile(`(?s)<tr data-batch="42"[^>]*>.*?data-stage="shipping" data-rejected="true"><strong class="error">Rejected at Customs</strong>.*?data-next="rejected">none: rejected</td>`).MatchString(body) {
		t.Error("batch 42 is not shown rejected at customs")
	}
	// Paging to the end: every batch once, newest first.
	var seen []uint64
	for path, pages := "/trace", 0; path != ""; pages++ {
		if pages > 5 {
			t.Fatal("paging does not end")
		}
		resp, body := h.get(c, path)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %s", path, resp.Status)
		}
		for _, m := range regexp.MustCompile(`<tr data-batch="(\d+)"`).FindAllStringSubmatch(body, -1) {
			n, _ := strconv.ParseUint(m[1], 10, 64)
			seen = append(seen, n)
		}
		path = ""
		if m := regexp.MustCompile(`href="(/trace\?before=\d+)" id="tp-older"`).FindStringSubmatch(body); m != nil {
			path = m[1]
		}
		if pages > 0 && !strings.Contains(body, `id="tp-newest"`) {
			t.Errorf("%s has no link to the newest", path)
		}
	}
	if len(seen) != 45 || seen[0] != 45 || seen[44] != 1 {
		t.Fatalf("paged through %d batches: %v", len(seen), seen)
	}
	for i := range seen[1:] {
		if seen[i+1] != seen[i]-1 {
			t.Fatalf("not newest first: %v", seen)
		}
	}
	if got := f.befores[len(f.befores)-1]; got != 6 {
		t.Errorf("cursor %d reached the view, want 6", got)
	}
	// Bad cursors are refused before the view is asked.
	calls := f.calls
	for _, bad := range []string{"abc", "0", "-1", "1.5", "+3", " 3", "0x10", "3e2", "99999999999999999999", "184467440737095516160", "26.0"} {
		if resp, _ := h.get(c, "/trace?before="+url.QueryEscape(bad)); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("before=%q: %s", bad, resp.Status)
		}
	}
	for _, bad := range []string{"abc", "0", "-1", "1.5", "0x10", "99999999999999999999"} {
		if resp, _ := h.get(c, "/trace/batch/"+url.PathEscape(bad)); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("/trace/batch/%s: %s", bad, resp.Status)
		}
	}
	if f.calls != calls {
		t.Fatalf("bad cursors reached the view %d times", f.calls-calls)
	}
	if resp, body := h.get(c, "/trace/batch/999"); resp.StatusCode != http.StatusNotFound || !strings.Contains(body, "There is no batch 999") {
		t.Errorf("/trace/batch/999: %s", resp.Status)
	}

	// A console without a deployment has no link and no page.
	h2 := newTraceHarness(t, nil, tracePublicURL)
	c2 := h2.signedIn()
	if _, body := h2.get(c2, "/"); strings.Contains(body, "nav-trace") {
		t.Error("the nav shows Traceability without a deployment")
	}
	for _, p := range []string{"/trace", "/trace/batch/3"} {
		if resp, _ := h2.get(c2, p); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s without a deployment: %s", p, resp.Status)
		}
	}
}

// A batch's detail: its steps proven or why not, the public page of item
// 0 (under the console's public address), and the label form only where
// the console holds the code key.
func TestTraceBatchPage(t *testing.T) {
	f := &fakeTraceView{str: hostile, total: 45}
	h := newTraceHarness(t, f, tracePublicURL)
	c := h.signedIn()
	resp, body := h.get(c, "/trace/batch/24") // at retail, key held
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("batch 24: %s\n%s", resp.Status, body)
	}
	if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") {
		t.Fatal("a chain value is rendered as markup")
	}
	sample := trace.IssueCodes(ftvChain, ftvContract, 24, ftvKey, 0, 1)[0]
	for _, want := range []string{
		`data-batch="24"`, `<tr data-step="inspection" data-proven="true">`, "transaction abababab…ababab in block 2402, certified by 4 consensus nodes",
		`<tr data-step="retail" data-proven="false">`, "its certificate is not there yet &lt;script&gt;", "memo &lt;script&gt;",
		`href="` + tracePublicURL + `/q/item/` + sample + `"`, `id="tp-labels"`, `action="/trace/batch/24/labels"`, `name="count" id="tp-count" min="1" max="210" value="21"`,
		`max="49"`, tracePublicURL + "/q/item/CODE", `name="csrf" value="`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("batch 24 lacks %q", want)
		}
	}
	// No key: no form, no sample, and why.
	_, body = h.get(c, "/trace/batch/25")
	if strings.Contains(body, `id="tp-labels"`) || strings.Contains(body, "/q/item/") || !strings.Contains(body, `id="tp-no-key"`) ||
		!strings.Contains(body, "does not hold the code key of batch 25") {
		t.Error("batch 25 (no key) offers labels or does not say why")
	}
	// No public address: no form either.
	h2 := newTraceHarness(t, f, "")
	c2 := h2.signedIn()
	if _, body := h2.get(c2, "/trace/batch/24"); strings.Contains(body, `id="tp-labels"`) || !strings.Contains(body, `id="tp-no-url"`) {
		t.Error("labels offered without a public address")
	}
	tok := h2.csrfOf(c2, "/trace")
	if resp, body := h2.post(c2, "/trace/batch/24/labels", url.Values{"csrf": {tok}, "from": {"0"}, "count": {"3"}}); resp.StatusCode != http.StatusConflict ||
		!strings.Contains(body, "does not know its public address") {
		t.Errorf("labels without a public address: %s", resp.Status)
	}
}

// Printing labels: session and CSRF required, the count bounded and the
// range inside the batch before anything is issued, refused (409) without
// the code key; the PDF holds exactly the requested labels, each QR code
// the public page of the item's code, the codes computed here from the
// key (not by IssueCodes).
func TestTraceLabels(t *testing.T) {
	f := &fakeTraceView{str: hostile, total: 45}
	h := newTraceHarness(t, f, tracePublicURL)
	c := h.signedIn()
	other := h.signedIn()
	tok, otherTok := h.csrfOf(c, "/trace"), h.csrfOf(other, "/trace")
	form := func(csrf, from, count string) url.Values {
		return url.Values{"csrf": {csrf}, "from": {from}, "count": {count}}
	}
	// Refused before the view: no session, no / wrong / another session's token.
	if resp, _ := h.post(h.client(), "/trace/batch/24/labels", form(tok, "0", "3")); resp.StatusCode != http.StatusUnauthorized && resp.StatusCode != http.StatusForbidden {
		t.Errorf("no session: %s", resp.Status)
	}
	for _, bad := range []string{"", "x", otherTok} {
		if resp, body := h.post(c, "/trace/batch/24/labels", form(bad, "0", "3")); resp.StatusCode != http.StatusForbidden || strings.HasPrefix(body, "%PDF") {
			t.Errorf("CSRF %q: %s", bad, resp.Status)
		}
	}
	// Bad numbers and counts over the bound.
	for _, v := range []url.Values{form(tok, "0", "211"), form(tok, "0", "0"), form(tok, "0", "100000"), form(tok, "x", "3"), form(tok, "0", "-1"),
		form(tok, "", "3"), form(tok, "0", "")} {
		resp, body := h.post(c, "/trace/batch/24/labels", v)
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%v: %s", v, resp.Status)
		}
		if v.Get("count") == "211" && !strings.Contains(body, "Print 1 to 210 labels at once") {
			t.Error("the count refusal does not say the bound")
		}
	}
	if resp, _ := h.post(c, "/trace/batch/abc/labels", form(tok, "0", "3")); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("batch abc: %s", resp.Status)
	}
	if f.labels != 0 {
		t.Fatalf("refused requests reached the view %d times", f.labels)
	}
	// Refused by the view: outside the batch, no key, unknown batch.
	if resp, body := h.post(c, "/trace/batch/24/labels", form(tok, "40", "21")); resp.StatusCode != http.StatusBadRequest ||
		!strings.Contains(body, "21 labels from item 40 do not fit in batch 24, which has 50 items") {
		t.Errorf("range outside the batch: %s", resp.Status)
	}
	if resp, body := h.post(c, "/trace/batch/25/labels", form(tok, "0", "3")); resp.StatusCode != http.StatusConflict ||
		!strings.Contains(body, "does not hold the code key of batch 25") {
		t.Errorf("no key: %s", resp.Status)
	}
	if resp, _ := h.post(c, "/trace/batch/999/labels", form(tok, "0", "3")); resp.StatusCode != http.StatusNotFound {
		t.Errorf("batch 999: %s", resp.Status)
	}
	// The labels.
	for _, r := range []struct{ from, count uint64 }{{5, 23}, {0, 1}, {29, 21}} {
		resp, err := c.PostForm(h.srv.URL+"/trace/batch/24/labels", form(tok, fmt.Sprint(r.from), fmt.Sprint(r.count)))
		if err != nil {
			t.Fatal(err)
		}
		pdf, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(pdf, []byte("%PDF")) {
			t.Fatalf("labels %v: %s %s %q", r, resp.Status, resp.Header.Get("Content-Type"), pdf[:min(len(pdf), 200)])
		}
		if cd := resp.Header.Get("Content-Disposition"); cd != fmt.Sprintf(`attachment; filename="labels-B24-%d-%d.pdf"`, r.from, r.from+r.count-1) {
			t.Errorf("disposition %q", cd)
		}
		if pages, want := bytes.Count(pdf, []byte("/Type /Page\n")), int(r.count+20)/21; pages != want {
			t.Errorf("labels %v: %d pages, want %d", r, pages, want)
		}
		got := pdfQRCodes(t, pdf)
		if len(got) != int(r.count) {
			t.Fatalf("labels %v: %d QR codes", r, len(got))
		}
		// (fpdf writes the images in its own order)
		var want []string
		for i := range r.count {
			want = append(want, tracePublicURL+"/q/item/"+expectedCode(24, r.from+i))
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("labels %v: QR codes\n%q\nwant\n%q", r, got, want)
		}
	}
}

// expectedCode computes item serial's code of a fake batch from the key,
// as docs/trace.md defines it (without IssueCodes).
func expectedCode(batch, serial uint64) string {
	msg := fmt.Sprintf("causeway-trace/v1|%s|%s|%d|%d", ftvChain, hex.EncodeToString(ftvContract), batch, serial)
	sig := ed25519.Sign(ftvKey, []byte(msg))
	return fmt.Sprintf("B%d-%d-%s", batch, serial, base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(sig))
}

var pdfImage = regexp.MustCompile(`/Subtype /Image\n/Width (\d+)\n/Height (\d+)\n/ColorSpace /DeviceGray\n/BitsPerComponent 8\n/Filter /FlateDecode\n/DecodeParms <<[^>]*>>\n/Length (\d+)>>\nstream\n`)

// pdfQRCodes reads the QR code of every image of a labels PDF:
// fpdf stores each PNG's 8-bit gray rows deflated with their PNG filters.
func pdfQRCodes(t *testing.T, pdf []byte) []string {
	t.Helper()
	var out []string
	for _, m := range pdfImage.FindAllSubmatchIndex(pdf, -1) {
		w, _ := strconv.Atoi(string(pdf[m[2]:m[3]]))
		hgt, _ := strconv.Atoi(string(pdf[m[4]:m[5]]))
		n, _ := strconv.Atoi(string(pdf[m[6]:m[7]]))
		zr, err := zlib.NewReader(bytes.NewReader(pdf[m[1] : m[1]+n]))
		if err != nil {
			t.Fatal(err)
		}
		raw, err := io.ReadAll(zr)
		if err != nil || len(raw) != hgt*(w+1) {
			t.Fatalf("image: %d bytes for %d×%d: %v", len(raw), w, hgt, err)
		}
		img := image.NewGray(image.Rect(0, 0, w, hgt))
		prev := make([]byte, w)
		for y := range hgt {
			row := raw[y*(w+1)+1 : (y+1)*(w+1)]
			for x := range w {
				var a, b, cc byte // left, up, up-left
				if x > 0 {
					a, cc = row[x-1], prev[x-1]
				}
				b = prev[x]
				switch raw[y*(w+1)] {
				case 1:
					row[x] += a
				case 2:
					row[x] += b
				case 3:
					row[x] += byte((int(a) + int(b)) / 2)
				case 4:
					p := int(a) + int(b) - int(cc)
					pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(cc))
					switch {
					case pa <= pb && pa <= pc:
						row[x] += a
					case pb <= pc:
						row[x] += b
					default:
						row[x] += cc
					}
				}
			}
			copy(img.Pix[y*img.Stride:], row)
			prev = row
		}
		bmp, err := gozxing.NewBinaryBitmapFromImage(img)
		if err != nil {
			t.Fatal(err)
		}
		res, err := gzqr.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_PURE_BARCODE: true})
		if err != nil {
			t.Fatalf("QR code %d: %v", len(out), err)
		}
		out = append(out, res.GetText())
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// The Traceability pages render in both languages with no missing
// message, the step names built at run time in both catalogues.
func TestTracePagesHaveNoMissingMessages(t *testing.T) {
	for _, s := range trace.Steps {
		if k := "trace.step." + s.String(); en[k] == "" || zh[k] == "" {
			t.Errorf("%s is missing", k)
		}
	}
	f := &fakeTraceView{str: "上海", total: 30}
	h := newTraceHarness(t, f, tracePublicURL)
	c := h.signedIn()
	missing := regexp.MustCompile(`![a-z_]+\.[a-z_.0-9]+`)
	tok := h.csrfOf(c, "/trace")
	for _, lang := range []string{"en", "zh"} {
		for _, p := range []string{"/trace?lang=", "/trace?before=12&lang=", "/trace/batch/21?lang=", "/trace/batch/22?lang=", "/trace/batch/999?lang="} {
			_, body := h.get(c, p+lang)
			if s := missing.FindString(body); s != "" {
				t.Errorf("%s%s has a missing message: %s", p, lang, s)
			}
			if lang == "zh" && (!strings.Contains(body, "控制台") || !strings.Contains(body, "溯源")) {
				t.Errorf("%s is not in Chinese", p)
			}
		}
		for _, v := range []url.Values{{"from": {"0"}, "count": {"300"}}, {"from": {"40"}, "count": {"20"}}} {
			v.Set("csrf", tok)
			_, body := h.post(c, "/trace/batch/22/labels?lang="+lang, v)
			if s := missing.FindString(body); s != "" {
				t.Errorf("label refusal in %s has a missing message: %s", lang, s)
			}
			if lang == "zh" && !strings.Contains(body, "标签") {
				t.Errorf("label refusal in %s is not in Chinese: %s", lang, body)
			}
		}
	}
}
