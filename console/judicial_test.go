package console

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/services/evidence"
	"github.com/causeway/causeway/services/judicial"
	"github.com/causeway/causeway/types"
)

// fakeJudicial records exports and answers with a fixed package.
type fakeJudicial struct {
	mu    sync.Mutex
	calls []fakeExport
	err   error
}

type fakeExport struct {
	chains []string
	ids    []types.Hash
	o      judicial.ExportOptions
}

func (f *fakeJudicial) Chains() []string { return []string{"fake-chain-id", "court-chain"} }

func (f *fakeJudicial) Export(_ context.Context, chains []string, ids []types.Hash, o judicial.ExportOptions) (*judicial.Package, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, fakeExport{chains, ids, o})
	if f.err != nil {
		return nil, f.err
	}
	return &judicial.Package{Format: judicial.Format, Manifest: json.RawMessage(`{"format":"x"}`), Summary: []byte("%PDF-1.4 fake")}, nil
}

func (f *fakeJudicial) n() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.calls)
}

func newJudicialHarness(t *testing.T, j Judicial, geneses []*types.Genesis) *harness {
	t.Helper()
	c := &fakeChain{height: 30}
	opts := Options{Chain: c, Geneses: geneses}
	if j != nil {
		opts.Judicial = j
	}
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return &harness{t: t, s: s, srv: srv, chain: c}
}

// The export needs a session and its CSRF token, and refuses bad input
// before anything reaches the exporter; with them, the chosen deposits
// and chains reach it, the package is listed and downloads as JSON and
// PDF — for a signed-in browser only.
func TestJudicialExportNeedsSessionAndCSRF(t *testing.T) {
	fj := &fakeJudicial{}
	h := newJudicialHarness(t, fj, nil)
	id1, id2 := strings.Repeat("ab", 32), strings.Repeat("cd", 32)
	form := url.Values{"case": {"（2026）沪0115民初1234号"}, "id": {id1}, "ids": {id2 + "\n" + id1}, "chain": {"court-chain"}}

	// No session: the page sends to sign-in, the POST and downloads are refused.
	anon := h.client()
	if resp, body := h.get(anon, "/judicial"); resp.StatusCode != http.StatusSeeOther || strings.Contains(body, "fake-console-org") {
		t.Fatalf("GET /judicial without a session: %s", resp.Status)
	}
	for _, c := range []*http.Client{anon, withCookie(h, "cw_session", "forged")} {
		f := url.Values{"csrf": {"x"}}
		for k, v := range form {
			f[k] = v
		}
		if resp, _ := h.post(c, "/judicial/export", f); resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("POST /judicial/export without a session: %s", resp.Status)
		}
	}
	// CSRF: none, another session's, a wrong one.
	c := h.signedIn()
	other := h.signedIn()
	token, otherToken := h.csrfOf(c, "/judicial"), h.csrfOf(other, "/judicial")
	for _, bad := range []string{"", otherToken, token + "x"} {
		f := url.Values{}
		for k, v := range form {
			f[k] = v
		}
		if bad != "" {
			f.Set("csrf", bad)
		}
		if resp, _ := h.post(c, "/judicial/export", f); resp.StatusCode != http.StatusForbidden {
			t.Errorf("POST /judicial/export with token %q: %s, want 403", bad, resp.Status)
		}
	}
	// Bad input: 400, nothing exported.
	for name, bad := range map[string]url.Values{
		"no case":       {"id": {id1}},
		"no deposit":    {"case": {"c"}},
		"bad id":        {"case": {"c"}, "ids": {"<script>x</script>"}},
		"unknown chain": {"case": {"c"}, "id": {id1}, "chain": {"other-chain"}},
		"long case":     {"case": {strings.Repeat("x", 201)}, "id": {id1}},
	} {
		bad.Set("csrf", token)
		resp, body := h.post(c, "/judicial/export", bad)
		if resp.StatusCode != http.StatusBadRequest || strings.Contains(body, "<script>x") {
			t.Errorf("%s: %s", name, resp.Status)
		}
	}
	if fj.n() != 0 {
		t.Fatalf("%d exports reached the exporter without a session, a valid token or valid input", fj.n())
	}
	// With its token: the deposits (deduplicated) and the chains reach it.
	form.Set("csrf", token)
	resp, body := h.post(c, "/judicial/export", form)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("export: %s %s", resp.Status, body)
	}
	if fj.n() != 1 {
		t.Fatalf("%d exports", fj.n())
	}
	call := fj.calls[0]
	if strings.Join(call.chains, ",") != "fake-chain-id,court-chain" || len(call.ids) != 2 || call.ids[0].String() != id1 || call.ids[1].String() != id2 ||
		call.o.Case != "（2026）沪0115民初1234号" {
		t.Fatalf("export call %+v", call)
	}
	_, page := h.get(c, resp.Header.Get("Location"))
	m := regexp.MustCompile(`/judicial/export/([0-9a-f]{32})/package.json`).FindStringSubmatch(page)
	if m == nil || !strings.Contains(page, "（2026）沪0115民初1234号") || !strings.Contains(page, `id="notice"`) {
		t.Fatalf("the export is not listed:\n%s", page)
	}
	// The fake package does not verify here: the page says so.
	if !strings.Contains(page, `data-valid="false"`) {
		t.Fatal("the console's own check of the package is not shown")
	}
	for path, want := range map[string]string{"/judicial/export/" + m[1] + "/package.json": `"format": "causeway-evidence-package/v1"`, "/judicial/export/" + m[1] + "/summary.pdf": "%PDF-"} {
		resp, body := h.get(c, path)
		if resp.StatusCode != 200 || !strings.Contains(body, want) || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("%s: %s %q", path, resp.Status, body)
		}
		if resp, body := h.get(anon, path); resp.StatusCode != http.StatusUnauthorized || strings.Contains(body, "PDF") {
			t.Errorf("%s without a session: %s", path, resp.Status)
		}
	}
	if resp, _ := h.get(c, "/judicial/export/"+strings.Repeat("00", 16)+"/package.json"); resp.StatusCode != 404 {
		t.Errorf("unknown export: %s", resp.Status)
	}
	// A console without an exporter says so, and refuses the POST.
	h2 := newJudicialHarness(t, nil, nil)
	c2 := h2.signedIn()
	if _, body := h2.get(c2, "/judicial"); !strings.Contains(body, `id="jd-no-export"`) || !strings.Contains(body, `href="/judicial/verify"`) {
		t.Fatal("no exporter: the page does not say so")
	}
	if resp, _ := h2.post(c2, "/judicial/export", url.Values{"csrf": {h2.csrfOf(c2, "/judicial")}, "case": {"c"}, "id": {id1}}); resp.StatusCode != http.StatusConflict {
		t.Fatalf("export without an exporter: %s", resp.Status)
	}
}

// publicForm gets the public verify form's CSRF cookie and token.
func publicForm(t *testing.T, base string) (*http.Cookie, string) {
	t.Helper()
	resp, err := http.Get(base + "/judicial/verify")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var cookie *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == "cw_csrf" {
			cookie = ck
		}
	}
	token := csrfField.FindSubmatch(page)
	if resp.StatusCode != 200 || cookie == nil || token == nil {
		t.Fatalf("the public verify form: %s, no CSRF token", resp.Status)
	}
	return cookie, string(token[1])
}

// packageForm is the verify form's multipart body.
func packageForm(token string, pkg []byte, geneses ...[]byte) (*bytes.Buffer, string) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf", token)
	fw, _ := mw.CreateFormFile("package", "evidence-package.json")
	_, _ = fw.Write(pkg)
	for _, g := range geneses {
		fw, _ := mw.CreateFormFile("genesis", "genesis.json")
		_, _ = fw.Write(g)
	}
	mw.Close()
	return &body, mw.FormDataContentType()
}

// postPackage submits the public verify form as a browser without a
// session would.
func postPackage(t *testing.T, base, lang string, pkg []byte, geneses ...[]byte) (int, string) {
	t.Helper()
	cookie, token := publicForm(t, base)
	body, ctype := packageForm(token, pkg, geneses...)
	req, _ := http.NewRequest("POST", base+"/judicial/verify?lang="+lang, body)
	req.Header.Set("Content-Type", ctype)
	req.AddCookie(cookie)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// The judicial page on two real chains (a notary chain and a court chain,
// one node each): the seller deposits two documents on both (one's file
// name is markup), exports their package from its console (signed in,
// CSRF), downloads it and its PDF; a court's console that trusts only the
// notary chain checks it on the public page, without a session: untrusted
// until the court chain's genesis file is given, then valid with each
// deposit's document, digest, depositor, RFC 3339 time and the heights on
// both chains, the markup inert, nothing beyond the package shown and the
// chain never asked; a changed digest, signature, removed anchor, removed
// certificate or summary fails with its precise reason.
func TestJudicialPackageOnRealChains(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two clusters")
	}
	notary := testnet.New(t, testnet.Options{Nodes: 1, ChainID: judicial.NotaryChain, OrgNames: []string{judicial.Seller}})
	court := testnet.New(t, testnet.Options{Nodes: 1, ChainID: judicial.CourtChain, OrgNames: []string{judicial.Seller}})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	// The seller's evidence service over both chains, as the scenario's
	// companies deposit (services/judicial tests build it the same way).
	svc, err := evidence.New(evidence.Options{CertifyAfter: 50 * time.Millisecond},
		evidence.Chain{ChainID: judicial.NotaryChain, Client: notary.Client(0), Account: notary.Account(0)},
		evidence.Chain{ChainID: judicial.CourtChain, Client: court.Client(0), Account: court.Account(0)})
	if err != nil {
		t.Fatal(err)
	}
	cert, err := pki.LoadCertPEM(notary.Network.Orgs[0].Client.Cert)
	if err != nil {
		t.Fatal(err)
	}
	seller := pki.IdentityOf(cert)
	docs := []struct{ body, name string }{
		{"采购合同 HX-2026-0117: 2000 control boards, signed by both parties", `<script>alert(1)</script>采购合同.pdf`},
		{"送货单 DN-5531: 2000 control boards handed to the carrier", "送货单-DN-5531.pdf"},
	}
	var deps []*evidence.Deposit
	var digests []string
	for _, d := range docs {
		sum := sha256.Sum256([]byte(d.body))
		digests = append(digests, hex.EncodeToString(sum[:]))
		dep, err := svc.Deposit(ctx, seller, evidence.Request{Hash: digests[len(digests)-1], HashAlgorithm: "sha256",
			Metadata: map[string]string{"file_name": d.name, "type": "contract", "business_id": "HX-2026-0117"}})
		if err != nil {
			t.Fatal(err)
		}
		deps = append(deps, dep)
	}
	gNotary, err := types.LoadGenesis(notary.Network.Genesis)
	if err != nil {
		t.Fatal(err)
	}
	gCourt, err := types.LoadGenesis(court.Network.Genesis)
	if err != nil {
		t.Fatal(err)
	}
	courtGenesis, err := os.ReadFile(court.Network.Genesis)
	if err != nil {
		t.Fatal(err)
	}

	// The seller's console: its chain is the notary chain, the court
	// chain given as another chain of its deposits.
	nc, err := DialNetwork(ctx, notary.Network, judicial.Seller, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	jx, err := nc.JudicialExporter(ctx, court.Network)
	if err != nil {
		t.Fatal(err)
	}
	defer jx.Close()
	if got := strings.Join(jx.Chains(), ","); got != judicial.NotaryChain+","+judicial.CourtChain {
		t.Fatalf("exporter chains %s", got)
	}
	party, err := New(Options{Chain: nc, Judicial: jx, Geneses: []*types.Genesis{gNotary, gCourt}})
	if err != nil {
		t.Fatal(err)
	}
	psrv := httptest.NewServer(party.Handler())
	defer psrv.Close()
	h := &harness{t: t, s: party, srv: psrv}
	c := h.signedIn()
	caseRef := `（2026）沪0115民初1234号 <img src=x onerror=alert(1)>`
	resp, body := h.post(c, "/judicial/export", url.Values{"csrf": {h.csrfOf(c, "/judicial")}, "case": {caseRef}, "title": {"买卖合同纠纷"},
		"ids": {deps[0].ID + "\n" + deps[1].ID}, "chain": {judicial.CourtChain}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("export: %s %s", resp.Status, body)
	}
	_, page := h.get(c, resp.Header.Get("Location"))
	m := regexp.MustCompile(`/judicial/export/([0-9a-f]{32})/package.json`).FindStringSubmatch(page)
	if m == nil || !strings.Contains(page, `data-valid="true"`) || !strings.Contains(page, "&lt;img src=x onerror=alert(1)&gt;") || strings.Contains(page, "<img src=x") {
		t.Fatalf("the exported package is not listed as verified, or its case is not escaped:\n%s", page)
	}
	_, raw := h.get(c, "/judicial/export/"+m[1]+"/package.json")
	if !judicial.IsPackage([]byte(raw)) {
		t.Fatalf("the download is not a package: %.200s", raw)
	}
	if _, pdf := h.get(c, "/judicial/export/"+m[1]+"/summary.pdf"); !strings.HasPrefix(pdf, "%PDF-") {
		t.Fatal("the summary is not a PDF")
	}
	pkg := []byte(raw)

	// The court's console trusts its own chain only (here the notary
	// chain) and must not touch its chain for a public check.
	courtConsole, err := New(Options{Chain: &refusingChain{fakeChain: fakeChain{height: 9}, t: t}, Geneses: []*types.Genesis{gNotary}})
	if err != nil {
		t.Fatal(err)
	}
	csrv := httptest.NewServer(courtConsole.Handler())
	defer csrv.Close()

	status, page := postPackage(t, csrv.URL, "en", pkg)
	if status != 200 || !strings.Contains(page, `data-valid="false"`) || !strings.Contains(page, `data-code="untrusted_genesis"`) ||
		!strings.Contains(page, "Chain court-chain (genesis "+gCourt.Hash().String()+") is not trusted: add its genesis file.") ||
		strings.Contains(page, "trusted geneses") {
		t.Fatalf("without the court chain's genesis: %d\n%s", status, resultOf(page))
	}
	status, page = postPackage(t, csrv.URL, "en", pkg, courtGenesis)
	if status != 200 || !strings.Contains(page, `data-valid="true"`) {
		t.Fatalf("with the court chain's genesis: %d\n%s", status, resultOf(page))
	}
	for i, d := range deps {
		ev, err := notary.Client(0).GetEvidence(ctx, mustHash(t, d.ID))
		if err != nil {
			t.Fatal(err)
		}
		row := between(page, `<tr data-deposit="`+d.ID+`">`, "</tr>\n")
		want := []string{"sha256:" + digests[i], "huaxin-electronics of org huaxin-electronics",
			`data-time="` + time.UnixMilli(ev.TimeMs).UTC().Format(time.RFC3339Nano) + `"`}
		for _, a := range d.Anchors {
			want = append(want, `data-chain="`+a.ChainID+`" data-height="`+itoa(a.Height)+`"`)
		}
		if i == 0 {
			want = append(want, "&lt;script&gt;alert(1)&lt;/script&gt;采购合同.pdf")
		} else {
			want = append(want, "送货单-DN-5531.pdf")
		}
		for _, w := range want {
			if !strings.Contains(row, w) {
				t.Errorf("deposit %d lacks %q:\n%s", i, w, row)
			}
		}
	}
	for _, w := range []string{"&lt;img src=x onerror=alert(1)&gt;", `data-chain="notary-chain"`, `data-chain="court-chain"`, gNotary.Hash().String(),
		"the one sealed", `id="jd-seal"`, `id="jd-given"`} {
		if !strings.Contains(page, w) {
			t.Errorf("the valid page lacks %q", w)
		}
	}
	// Nothing beyond the package (and the genesis file given).
	for _, leak := range []string{"<script>alert", "<img src=x", "fake-console-org", "fake-chain-id", notary.Network.Nodes[0].GRPC,
		`href="/explorer`, `href="/evidence`, `href="/judicial"`, `action="/logout"`} {
		if strings.Contains(page, leak) {
			t.Errorf("the public page shows %q", leak)
		}
	}
	for _, hx := range hexRun.FindAllString(page, -1) {
		if !bytes.Contains(pkg, []byte(hx)) && !bytes.Contains(courtGenesis, []byte(hx)) && hx != gCourt.Hash().String() {
			t.Errorf("the public page shows %s, which is not in the package", hx)
		}
	}
	// In Chinese too.
	if _, zhPage := postPackage(t, csrv.URL, "zh", pkg, courtGenesis); !strings.Contains(zhPage, "电子证据包有效") {
		t.Error("the zh page does not say the package is valid")
	}

	// Changed packages fail with their precise reason.
	for _, tc := range []struct {
		name   string
		change func(p *judicial.Package)
		code   string
		field  string // prefix
		dep    string
		why    string
	}{
		{"one byte of a digest", func(p *judicial.Package) {
			editCertificate(t, p, 0, func(c *evidence.Certificate) { c.Evidence.Hash = flipFirst(c.Evidence.Hash) })
		}, "certificate", "certificates[0].evidence.hash", deps[0].ID, "The certificate was altered"},
		{"one byte of a signature", func(p *judicial.Package) {
			editCertificate(t, p, 1, func(c *evidence.Certificate) { c.Anchors[0].TxProof.Next.Signatures[0].Signature[3] ^= 1 })
		}, "certificate", "certificates[1].anchors[0].tx_proof.next.signatures", deps[1].ID, "do not verify against the chain"},
		{"a proof removed", func(p *judicial.Package) {
			editCertificate(t, p, 1, func(c *evidence.Certificate) { c.Anchors = c.Anchors[:1] })
		}, "anchor_mismatch", "certificates[1].anchors", deps[1].ID, "anchors differ from the chains the sealed manifest lists"},
		{"a certificate removed", func(p *judicial.Package) { p.Certificates = p.Certificates[:1] },
			"malformed", "certificates", "", "not a readable evidence package"},
		{"one byte of the summary", func(p *judicial.Package) { p.Summary[len(p.Summary)/2] ^= 1 },
			"summary_changed", "summary_pdf", "", "The PDF summary is not the one sealed"},
	} {
		p, err := judicial.Parse(pkg)
		if err != nil {
			t.Fatal(err)
		}
		tc.change(p)
		bad, err := p.JSON()
		if err != nil {
			t.Fatal(err)
		}
		status, page := postPackage(t, csrv.URL, "en", bad, courtGenesis)
		res := resultOf(page)
		if status != 200 || !strings.Contains(res, `data-valid="false"`) || !strings.Contains(res, `data-code="`+tc.code+`"`) ||
			!strings.Contains(res, `id="jd-field">`+tc.field) || !strings.Contains(res, tc.why) ||
			(tc.dep != "" && !strings.Contains(res, `data-deposit="`+tc.dep+`"`)) || strings.Contains(res, `id="jd-deposits"`) {
			t.Errorf("%s: %d\n%s", tc.name, status, res)
		}
	}
}

func resultOf(page string) string {
	if i := strings.Index(page, `id="jd-result"`); i >= 0 {
		return page[i:]
	}
	if i := strings.Index(page, `id="error"`); i >= 0 {
		return page[i:]
	}
	return page
}

func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	j := strings.Index(s[i:], to)
	if j < 0 {
		return s[i:]
	}
	return s[i : i+j]
}

func itoa(n uint64) string { return strconv.FormatUint(n, 10) }

func mustHash(t *testing.T, s string) types.Hash {
	t.Helper()
	h, err := types.ParseHash(s)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func flipFirst(s string) string {
	b := []byte(s)
	if b[0] == '0' {
		b[0] = '1'
	} else {
		b[0] = '0'
	}
	return string(b)
}

// editCertificate decodes certificate i of p, changes it and puts it back.
func editCertificate(t *testing.T, p *judicial.Package, i int, f func(*evidence.Certificate)) {
	t.Helper()
	c, err := evidence.ParseCertificate(p.Certificates[i])
	if err != nil {
		t.Fatal(err)
	}
	f(c)
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	p.Certificates[i] = b
}

// The public verify form refuses a package over 8 MiB with a clear
// message, and a body over the form's limit; both before any check.
func TestJudicialVerifyRefusesOversizedUploads(t *testing.T) {
	h := newJudicialHarness(t, nil, nil)
	post := func(pkg []byte, geneses ...[]byte) *httptest.ResponseRecorder {
		token := strings.Repeat("t", 43)
		body, ctype := packageForm(token, pkg, geneses...)
		r := httptest.NewRequest("POST", "/judicial/verify?lang=en", body)
		r.Header.Set("Content-Type", ctype)
		r.AddCookie(&http.Cookie{Name: "cw_csrf", Value: token})
		w := httptest.NewRecorder()
		h.s.Handler().ServeHTTP(w, r)
		return w
	}
	big := bytes.Repeat([]byte(" "), MaxPackageBytes+1)
	if w := post(big); w.Code != http.StatusRequestEntityTooLarge || !strings.Contains(w.Body.String(), "The package is larger than 8 MiB: refused.") {
		t.Fatalf("a package of 8 MiB + 1: %d %.300s", w.Code, w.Body.String())
	}
	if w := post(bytes.Repeat([]byte(" "), maxPackageUpload+1)); w.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("a body over the form's limit: %d", w.Code)
	}
	if w := post([]byte(`{}`), bytes.Repeat([]byte(" "), MaxGenesisBytes+1)); w.Code != http.StatusRequestEntityTooLarge || !strings.Contains(w.Body.String(), "larger than 1 MiB") {
		t.Fatalf("a genesis over 1 MiB: %d", w.Code)
	}
	if w := post([]byte(`{}`), []byte(`{"chain_id": "<b>x</b>"}`)); w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "is not a valid genesis") {
		t.Fatalf("a bad genesis: %d", w.Code)
	}
	// A package just under the limit is checked (and is not one).
	w := post(append([]byte(`{"format": "causeway-evidence-package/v1", "manifest": "<script>"}`), bytes.Repeat([]byte(" "), MaxPackageBytes-200)...))
	if w.Code != 200 || !strings.Contains(w.Body.String(), `data-code="malformed"`) {
		t.Fatalf("a package under the limit: %d %.500s", w.Code, resultOf(w.Body.String()))
	}
}

// Public verification is rate-limited per client address (not by any
// header), in a bounded table that fails closed, and runs a bounded
// number of checks at once.
func TestJudicialVerifyIsRateLimited(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	clock := func() time.Time { return now }
	h := newJudicialHarness(t, nil, nil)
	h.s.jud.limit = newPublicLimiter(clock, 3, time.Minute, 1)
	h.s.jud.limit.max = 2
	post := func(addr string) *httptest.ResponseRecorder {
		token := strings.Repeat("t", 43)
		body, ctype := packageForm(token, []byte(`{"format": "x"}`))
		r := httptest.NewRequest("POST", "/judicial/verify?lang=en", body)
		r.Header.Set("Content-Type", ctype)
		r.Header.Set("X-Forwarded-For", "192.0.2.99")
		r.AddCookie(&http.Cookie{Name: "cw_csrf", Value: token})
		r.RemoteAddr = addr + ":5555"
		w := httptest.NewRecorder()
		h.s.Handler().ServeHTTP(w, r)
		return w
	}
	for i := range 3 {
		if w := post("198.51.100.1"); w.Code != 200 {
			t.Fatalf("verification %d: %d", i, w.Code)
		}
	}
	w := post("198.51.100.1")
	if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") == "" || !strings.Contains(w.Body.String(), "Too many verifications") {
		t.Fatalf("the 4th verification: %d", w.Code)
	}
	if w := post("198.51.100.2"); w.Code != 200 {
		t.Fatalf("another address: %d", w.Code)
	}
	// The table is full (2 live addresses): a third address is refused.
	if w := post("198.51.100.3"); w.Code != http.StatusTooManyRequests {
		t.Fatalf("a new address with the table full: %d", w.Code)
	}
	now = now.Add(time.Minute)
	for _, a := range []string{"198.51.100.1", "198.51.100.3"} {
		if w := post(a); w.Code != 200 {
			t.Fatalf("%s after the window: %d", a, w.Code)
		}
	}
	// At most one check at once: with the slot taken, a request waits,
	// then gets 503.
	l := newPublicLimiter(clock, 3, time.Minute, 1)
	if !l.acquire(context.Background(), time.Millisecond) || l.acquire(context.Background(), 10*time.Millisecond) {
		t.Fatal("the concurrency bound")
	}
	l.release()
	if !l.acquire(context.Background(), time.Millisecond) {
		t.Fatal("the slot was not released")
	}
}

// Every message of the judicial pages exists in both languages (the keys
// built at run time too), and the pages render with none missing; the
// Chinese pages are Chinese.
func TestJudicialPagesHaveNoMissingMessages(t *testing.T) {
	for _, k := range judicialWhy {
		if en[k] == "" || zh[k] == "" {
			t.Errorf("%s is not in both catalogues", k)
		}
	}
	for _, k := range []string{"jd.err.no_export", "jd.err.case", "jd.err.title", "jd.err.bad_id", "jd.err.no_ids", "jd.err.too_many", "jd.err.bad_chain",
		"jd.err.export", "jd.err.no_package", "jd.err.rate_limited", "jd.err.no_package_file", "jd.err.package_too_large", "jd.err.too_many_geneses",
		"jd.err.genesis_too_large", "jd.err.bad_genesis", "jd.err.busy", "jd.exported"} {
		if en[k] == "" || zh[k] == "" {
			t.Errorf("%s is not in both catalogues", k)
		}
	}
	fj := &fakeJudicial{}
	h := newJudicialHarness(t, fj, nil)
	c := h.signedIn()
	resp, _ := h.post(c, "/judicial/export", url.Values{"csrf": {h.csrfOf(c, "/judicial")}, "case": {"c"}, "id": {strings.Repeat("ab", 32)}})
	done := resp.Header.Get("Location")
	missing := regexp.MustCompile(`![a-z_]+\.[a-z_.]+`)
	for _, lang := range []string{"en", "zh"} {
		pages := map[string]string{}
		for _, p := range []string{"/judicial", done, "/judicial/verify"} {
			sep := "?"
			if strings.Contains(p, "?") {
				sep = "&"
			}
			_, pages[p] = h.get(c, p+sep+"lang="+lang)
		}
		for _, pkg := range []string{`{"format": "x"}`, "not json"} {
			w := httptest.NewRecorder()
			token := strings.Repeat("t", 43)
			body, ctype := packageForm(token, []byte(pkg))
			r := httptest.NewRequest("POST", "/judicial/verify?lang="+lang, body)
			r.Header.Set("Content-Type", ctype)
			r.AddCookie(&http.Cookie{Name: "cw_csrf", Value: token})
			h.s.Handler().ServeHTTP(w, r)
			pages["verify "+pkg] = w.Body.String()
		}
		_, pages["bad export"] = h.post(c, "/judicial/export?lang="+lang, url.Values{"csrf": {h.csrfOf(c, "/judicial")}, "case": {""}})
		for p, body := range pages {
			if s := missing.FindString(body); s != "" {
				t.Errorf("%s in %s has a missing message: %s", p, lang, s)
			}
			if lang == "zh" && !strings.Contains(body, "控制台") {
				t.Errorf("%s is not in Chinese", p)
			}
		}
	}
}
