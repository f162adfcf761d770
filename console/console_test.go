package console

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/causeway/causeway/types"
)

// harness is a console on a fake chain behind httptest.
type harness struct {
	t     *testing.T
	s     *Server
	srv   *httptest.Server
	chain *fakeChain
}

func newHarness(t *testing.T, c *fakeChain) *harness {
	t.Helper()
	if c == nil {
		c = &fakeChain{height: 30}
	}
	s, err := New(Options{Chain: c})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return &harness{t: t, s: s, srv: srv, chain: c}
}

// client returns a browser-like client (cookies, no redirects followed).
func (h *harness) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// signedIn returns a client with a session, signed in through a one-time link.
func (h *harness) signedIn() *http.Client {
	h.t.Helper()
	c := h.client()
	resp, err := c.Get(h.s.SignInLink(h.srv.URL))
	if err != nil {
		h.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		h.t.Fatalf("sign-in link: %s", resp.Status)
	}
	return c
}

func (h *harness) get(c *http.Client, path string) (*http.Response, string) {
	h.t.Helper()
	resp, err := c.Get(h.srv.URL + path)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func (h *harness) post(c *http.Client, path string, form url.Values) (*http.Response, string) {
	h.t.Helper()
	resp, err := c.PostForm(h.srv.URL+path, form)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrfOf reads the CSRF token of a signed-in page.
func (h *harness) csrfOf(c *http.Client, path string) string {
	h.t.Helper()
	_, body := h.get(c, path)
	m := csrfField.FindStringSubmatch(body)
	if m == nil {
		h.t.Fatalf("no CSRF token on %s", path)
	}
	return m[1]
}

// concrete turns a route pattern into a path.
func concrete(p string) string {
	r := strings.NewReplacer("{$}", "", "{height}", "7", "{hash}", strings.Repeat("ab", 32), "{account}", "alice", "{id}", strings.Repeat("cd", 32), "{address}", "0x"+strings.Repeat("ef", 20), "{no}", "7")
	return r.Replace(p)
}

// Every page and action except the public ones refuses a request without
// a session: pages send the browser to the sign-in page, everything else
// answers 401 (or 403 for a POST, whose CSRF token cannot match without a
// session), and nothing from the chain is in the answer.
func TestPrivateRoutesRefuseWithoutSession(t *testing.T) {
	m := &fakeMetro{str: "fake-metro-city", key: true, height: 30, marked: [32]byte{0x42}}
	ft := &fakeTrade{str: "fake-trade-value", key: true, height: 30}
	tv := &fakeTraceView{str: "fake-trace-value", total: 30}
	h := newOptionsHarness(t, Options{Metro: m, Trade: ft, Trace: tv, PublicURL: tracePublicURL})
	n := 0
	for _, rt := range h.s.routes {
		if rt.public {
			continue
		}
		n++
		path := concrete(rt.path)
		for _, c := range []*http.Client{h.client(), withCookie(h, "cw_session", "forged-session-id")} {
			var resp *http.Response
			var body string
			if rt.method == "POST" {
				resp, body = h.post(c, path, url.Values{"csrf": {"x"}, "hash": {strings.Repeat("ab", 32)}})
			} else {
				resp, body = h.get(c, path)
			}
			switch resp.StatusCode {
			case http.StatusSeeOther:
				if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, "/login") {
					t.Errorf("%s %s: redirects to %q", rt.method, path, loc)
				}
			case http.StatusUnauthorized, http.StatusForbidden:
			default:
				t.Errorf("%s %s without a session: %s", rt.method, path, resp.Status)
			}
			for _, leak := range []string{"fake-console-org", "fake-chain-id", "fake-node-org", "10.9.9.9", "fake-metro-city", "fake-trade-value", "12,345,678", "fake-trace-value", "12345"} {
				if strings.Contains(body, leak) {
					t.Errorf("%s %s without a session shows %q", rt.method, path, leak)
				}
			}
		}
	}
	if n < 45 { // incl. /trade and its terms action, /trace, its batches and labels
		t.Fatalf("only %d private routes", n)
	}
	if m.calls != 0 {
		t.Fatalf("the metro deployment was read %d times without a session", m.calls)
	}
	if ft.calls != 0 || len(ft.opened) != 0 {
		t.Fatalf("the trade deployment was read %d times (terms opened %d times) without a session", ft.calls, len(ft.opened))
	}
	if tv.calls != 0 {
		t.Fatalf("the trace deployment was read %d times (labels %d) without a session", tv.calls, tv.labels)
	}
	if h.chain.writes != 0 || h.chain.blocks != 0 || h.chain.reads != 0 || h.chain.opens != 0 {
		t.Fatalf("the chain was used without a session: %d writes, %d block reads, %d other reads, %d openings", h.chain.writes, h.chain.blocks, h.chain.reads, h.chain.opens)
	}
	// The same pages answer once signed in.
	c := h.signedIn()
	for _, p := range []string{"/", "/explorer", "/explorer/block/7", "/evidence", "/governance", "/api/overview", "/sealed", "/tokens", "/crosschain", "/metro", "/metro/gate?rider=" + strings.Repeat("ab", 32), "/trade", "/trace", "/trace/batch/7"} {
		if resp, _ := h.get(c, p); resp.StatusCode != http.StatusOK {
			t.Errorf("signed in, %s: %s", p, resp.Status)
		}
	}
}

func withCookie(h *harness, name, value string) *http.Client {
	c := h.client()
	u, _ := url.Parse(h.srv.URL)
	c.Jar.SetCookies(u, []*http.Cookie{{Name: name, Value: value}})
	return c
}

// A state-changing request without its CSRF token, or with another
// session's, is refused before it reaches the chain; with it, it works.
func TestPostWithoutCSRFTokenIsRefused(t *testing.T) {
	h := newHarness(t, nil)
	c := h.signedIn()
	other := h.signedIn()
	otherToken := h.csrfOf(other, "/evidence")
	token := h.csrfOf(c, "/evidence")
	forms := map[string]url.Values{
		"/evidence":           {"hash": {strings.Repeat("ab", 32)}, "owner": {"x"}},
		"/governance/propose": {"kind": {"param"}, "name": {"max_tx_bytes"}, "value": {"131072"}},
		"/governance/" + strings.Repeat("cd", 32) + "/vote": {"approve": {"1"}},
		"/logout": {},
	}
	for path, form := range forms {
		for _, bad := range []string{"", otherToken, token + "x"} {
			f := url.Values{}
			for k, v := range form {
				f[k] = v
			}
			if bad != "" {
				f.Set("csrf", bad)
			}
			if resp, _ := h.post(c, path, f); resp.StatusCode != http.StatusForbidden {
				t.Errorf("POST %s with token %q: %s, want 403", path, bad, resp.Status)
			}
		}
	}
	if h.chain.writes != 0 {
		t.Fatalf("%d writes reached the chain without a valid CSRF token", h.chain.writes)
	}
	// The token in a header works as well as in the form.
	for path, form := range forms {
		if path == "/logout" {
			continue
		}
		f := url.Values{"csrf": {token}}
		for k, v := range form {
			f[k] = v
		}
		if resp, body := h.post(c, path, f); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("POST %s with its token: %s %s", path, resp.Status, body)
		}
	}
	if h.chain.writes != 3 {
		t.Fatalf("%d writes with valid tokens, want 3", h.chain.writes)
	}
	// The public forms need their double-submit token too.
	pub := h.client()
	for _, path := range []string{"/login", "/verify"} {
		if resp, _ := h.post(pub, path, url.Values{"user": {"a"}, "certificate_text": {"{}"}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("public POST %s without a token: %s", path, resp.Status)
		}
	}
	// A cross-origin POST is refused even with the token.
	req, _ := http.NewRequest("POST", h.srv.URL+"/evidence", strings.NewReader(url.Values{"csrf": {token}, "hash": {strings.Repeat("ab", 32)}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-origin POST: %s", resp.Status)
	}
}

// Markup in evidence metadata (and in every other value from the chain:
// event attributes, proposal descriptions) is shown as text, never run.
func TestChainValuesAreRenderedInert(t *testing.T) {
	const script = `<script>alert("x")</script>`
	hostile := []string{script, `<img src=x onerror=alert(1)>`, `"><svg onload=alert(1)>`, `javascript:alert(1)`, `</td></tr></table><h1>forged</h1>`}
	h := newHarness(t, &fakeChain{height: 3, desc: strings.Join(hostile, " ")})
	c := h.signedIn()
	token := h.csrfOf(c, "/evidence")
	form := url.Values{"csrf": {token}, "hash": {strings.Repeat("ab", 32)}, "file_name": {hostile[1]}, "owner": {script}, "extra": {"note=" + hostile[2] + "\n" + hostile[4] + "=k"}}
	resp, _ := h.post(c, "/evidence", form)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("deposit: %s", resp.Status)
	}
	loc := resp.Header.Get("Location")
	h.chain.events = []*types.Event{{Type: script, Attributes: []*types.Attribute{{Key: hostile[1], Value: hostile[2]}}}}
	for _, p := range []string{loc, "/evidence", "/governance", "/explorer/tx/" + strings.Repeat("ab", 32)} {
		resp, body := h.get(c, p)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %s", p, resp.Status)
		}
		for _, bad := range []string{"<script>alert", "<img src=x", "<svg onload", "<h1>forged", `href="javascript:`} {
			if strings.Contains(body, bad) {
				t.Errorf("%s contains live markup %q", p, bad)
			}
		}
	}
	_, body := h.get(c, loc)
	if !strings.Contains(body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") || !strings.Contains(body, "&lt;img src=x onerror=alert(1)&gt;") {
		t.Errorf("the metadata is not shown as text:\n%s", body)
	}
	// Every answer forbids inline scripts anyway.
	if got := resp.Header.Get("Content-Security-Policy"); got != ContentSecurityPolicy || strings.Contains(got, "unsafe-inline") {
		t.Errorf("CSP %q", got)
	}
}

// The one-time sign-in link signs in once; the second use, or a made-up
// token, is refused.
func TestOneTimeLinkWorksOnce(t *testing.T) {
	h := newHarness(t, nil)
	link := h.s.SignInLink(h.srv.URL)
	c := h.client()
	resp, err := c.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("first use: %s", resp.Status)
	}
	var sess *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == "cw_session" {
			sess = ck
		}
	}
	if sess == nil || !sess.HttpOnly || sess.SameSite != http.SameSiteStrictMode || sess.Path != "/" {
		t.Fatalf("session cookie %+v", sess)
	}
	if r, _ := h.get(c, "/"); r.StatusCode != http.StatusOK {
		t.Fatalf("signed in: %s", r.Status)
	}
	for _, l := range []string{link, h.srv.URL + "/signin?token=guess", h.srv.URL + "/signin"} {
		c2 := h.client()
		resp, err := c2.Get(l)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s: %s, want 403", l, resp.Status)
		}
		if r, _ := h.get(c2, "/"); r.StatusCode != http.StatusSeeOther {
			t.Errorf("%s signed a browser in", l)
		}
	}
	// Signing out ends the session on the server, not only in the browser.
	token := h.csrfOf(c, "/")
	h.post(c, "/logout", url.Values{"csrf": {token}})
	if r, _ := h.get(withCookie(h, "cw_session", sess.Value), "/"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("the session outlived sign-out: %s", r.Status)
	}
}

// Users sign in with a bcrypt-hashed password; a wrong one is refused.
func TestPasswordSignIn(t *testing.T) {
	hash, err := HashPassword("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	f := dir + "/users.json"
	if err := os.WriteFile(f, []byte(`{"users":[{"name":"alice","password_hash":"`+hash+`"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	users, err := LoadUsers(f)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f, []byte(`{"users":[{"name":"bob","password_hash":"plain"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadUsers(f); err == nil {
		t.Fatal("a plain-text password was accepted")
	}
	s, err := New(Options{Chain: &fakeChain{height: 1}, Users: users})
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, s: s, srv: httptest.NewServer(s.Handler())}
	defer h.srv.Close()
	c := h.client()
	_, body := h.get(c, "/login?next=/governance")
	tok := csrfField.FindStringSubmatch(body)[1]
	if r, _ := h.post(c, "/login", url.Values{"csrf": {tok}, "user": {"alice"}, "password": {"wrong password"}}); r.StatusCode != http.StatusUnauthorized {
		t.Fatalf("wrong password: %s", r.Status)
	}
	r, _ := h.post(c, "/login", url.Values{"csrf": {tok}, "user": {"alice"}, "password": {"correct horse"}, "next": {"//evil.example/"}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/" {
		t.Fatalf("sign-in: %s to %q", r.Status, r.Header.Get("Location"))
	}
	if r, _ := h.get(c, "/governance"); r.StatusCode != http.StatusOK {
		t.Fatalf("signed in: %s", r.Status)
	}
}

// Bodies are bounded, and every answer has the security headers.
func TestLimitsAndHeaders(t *testing.T) {
	h := newHarness(t, nil)
	c := h.signedIn()
	token := h.csrfOf(c, "/evidence")
	big := url.Values{"csrf": {token}, "hash": {strings.Repeat("ab", 32)}, "extra": {strings.Repeat("k=v\n", MaxBodyBytes/4+10)}}
	if r, _ := h.post(c, "/evidence", big); r.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a body over the limit: %s", r.Status)
	}
	for _, p := range []string{"/", "/verify", "/login", "/static/app.js", "/nothing"} {
		r, _ := h.get(c, p)
		for k, v := range map[string]string{"Content-Security-Policy": ContentSecurityPolicy, "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"} {
			if r.Header.Get(k) != v {
				t.Errorf("%s: %s = %q", p, k, r.Header.Get(k))
			}
		}
	}
	srv := h.s.HTTPServer("127.0.0.1:0")
	if srv.ReadHeaderTimeout == 0 || srv.ReadTimeout == 0 || srv.WriteTimeout == 0 || srv.IdleTimeout == 0 || srv.MaxHeaderBytes == 0 {
		t.Errorf("server without timeouts: %+v", srv)
	}
	for _, n := range []string{"https://evil.example/", "//evil.example", "/\\evil.example", "evil"} {
		if safeNext(n) != "/" {
			t.Errorf("safeNext(%q) = %q", n, safeNext(n))
		}
	}
}

// The Explorer pages through history: on a chain of 10^5 blocks a page
// reads PageSize blocks, wherever it starts, and answers well under 300 ms.
func TestExplorerPagesThroughHistory(t *testing.T) {
	h := newHarness(t, &fakeChain{height: 100_000})
	c := h.signedIn()
	for _, p := range []string{"/explorer", "/explorer?from=50000", "/explorer?from=20", "/explorer/block/99999"} {
		h.chain.blocks = 0
		start := time.Now()
		r, body := h.get(c, p)
		took := time.Since(start)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("%s: %s", p, r.Status)
		}
		if h.chain.blocks > PageSize {
			t.Errorf("%s read %d blocks", p, h.chain.blocks)
		}
		if took > 300*time.Millisecond {
			t.Errorf("%s took %v", p, took)
		}
		if p == "/explorer?from=50000" && (!strings.Contains(body, `href="/explorer/block/50000"`) || !strings.Contains(body, `href="/explorer?from=49980"`)) {
			t.Errorf("page from 50000 lacks its blocks or its link to older ones")
		}
	}
}

// BenchmarkExplorerPage renders an Explorer page of a chain of 10^5 blocks
// (in memory: this measures the console's share, which reads PageSize
// blocks a page whatever the chain's length).
func BenchmarkExplorerPage(b *testing.B) {
	s, err := New(Options{Chain: &fakeChain{height: 100_000}})
	if err != nil {
		b.Fatal(err)
	}
	id, ss := s.sessions.create("bench")
	_ = ss
	h := s.Handler()
	for b.Loop() {
		req := httptest.NewRequest("GET", "/explorer?from=50000", nil)
		req.AddCookie(&http.Cookie{Name: "cw_session", Value: id})
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatal(w.Code)
		}
	}
}
