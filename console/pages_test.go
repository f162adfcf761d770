package console

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/causeway/causeway/types"
)

// The Sealed data page shows a record's class, suite, readers with their
// key ids, envelope hash and size, carrier, RFC 3339 time and whether the
// console's org reads it; opening needs the org's key, a session and the
// CSRF token, and shows the plaintext escaped or sends it as a download;
// the seal form seals a text or a file to the chosen readers.
func TestSealedDataPage(t *testing.T) {
	f := &fakeChain{height: 9, str: "org2", plaintext: "合同 <b>bold</b>\nline 2"}
	h := newHarness(t, f)
	c := h.signedIn()
	id := strings.Repeat("cd", 32)

	resp, body := h.get(c, "/sealed?id=0x"+id)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/sealed/"+id {
		t.Fatalf("lookup: %s %q", resp.Status, resp.Header.Get("Location"))
	}
	if resp, _ := h.get(c, "/sealed?id=nothex"); resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("lookup of a bad id: %s", resp.Status)
	}
	resp, body = h.get(c, "/sealed/"+id)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("record: %s", resp.Status)
	}
	for _, want := range []string{id, "intl", "STORE_SEALED", "2023-11-14T22:13:20Z", "321 bytes", "0102", "0304", "org:fake-console-org",
		fakeEnvelopeHash, `data-reader="true"`, "fake-console-org is a reader"} {
		if !strings.Contains(body, want) {
			t.Errorf("record page lacks %q", want)
		}
	}
	// Without the org's key: no Open button, and opening is refused.
	if strings.Contains(body, `id="sd-open"`) || !strings.Contains(body, `id="sd-no-key"`) {
		t.Error("the record offers to open without a key")
	}
	token := h.csrfOf(c, "/sealed/"+id)
	if resp, _ := h.post(c, "/sealed/"+id+"/open", url.Values{"csrf": {token}}); resp.StatusCode != http.StatusConflict {
		t.Fatalf("open without a key: %s", resp.Status)
	}

	f.orgKey = true
	_, body = h.get(c, "/sealed/"+id)
	if !strings.Contains(body, `id="sd-open"`) || !strings.Contains(body, `id="sd-download"`) {
		t.Fatal("the record does not offer to open with the org's key")
	}
	opens := f.opens
	for _, bad := range []string{"", token + "x", h.csrfOf(h.signedIn(), "/sealed")} {
		if resp, _ := h.post(c, "/sealed/"+id+"/open", url.Values{"csrf": {bad}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("open with token %q: %s", bad, resp.Status)
		}
	}
	if resp, _ := h.post(h.client(), "/sealed/"+id+"/open", url.Values{"csrf": {token}}); resp.StatusCode == http.StatusOK {
		t.Error("open without a session answered 200")
	}
	if f.opens != opens {
		t.Fatalf("sealed data was opened without a session or a CSRF token (%d times)", f.opens-opens)
	}
	resp, body = h.post(c, "/sealed/"+id+"/open", url.Values{"csrf": {token}})
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "合同 &lt;b&gt;bold&lt;/b&gt;\nline 2") || strings.Contains(body, "<b>bold") {
		t.Fatalf("opened: %s, plaintext not shown escaped", resp.Status)
	}
	resp, body = h.post(c, "/sealed/"+id+"/open", url.Values{"csrf": {token}, "download": {"1"}})
	if resp.StatusCode != http.StatusOK || body != f.plaintext || resp.Header.Get("Content-Type") != "application/octet-stream" ||
		!strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment;") {
		t.Fatalf("download: %s %q %q", resp.Status, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
	}

	// Seal a text to an org and a group, and a file to an account.
	resp, _ = h.post(c, "/sealed", url.Values{"csrf": {token}, "text": {"ride 42"}, "org": {"org2"}, "group": {"metro"}, "class": {"ride-record"}})
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/sealed/") {
		t.Fatalf("seal: %s", resp.Status)
	}
	if len(f.sealed) != 1 || f.sealed[0].plaintext != "ride 42" || f.sealed[0].class != "ride-record" ||
		strings.Join(f.sealed[0].readers.Orgs, ",") != "org2" || strings.Join(f.sealed[0].readers.Groups, ",") != "metro" {
		t.Fatalf("sealed: %+v", f.sealed)
	}
	var mp bytes.Buffer
	mw := multipart.NewWriter(&mp)
	_ = mw.WriteField("csrf", token)
	_ = mw.WriteField("accounts", "alice, bob")
	fw, _ := mw.CreateFormFile("file", "a.bin")
	_, _ = fw.Write([]byte{0, 1, 2, 255})
	mw.Close()
	req, _ := http.NewRequest("POST", h.srv.URL+"/sealed", &mp)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if resp, err := c.Do(req); err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("seal a file: %v %v", resp, err)
	}
	if len(f.sealed) != 2 || f.sealed[1].plaintext != "\x00\x01\x02\xff" || strings.Join(f.sealed[1].readers.Accounts, ",") != "alice,bob" {
		t.Fatalf("sealed file: %+v", f.sealed[1:])
	}
	// Refused before the chain: no reader, no data, a bad class, no token.
	for _, form := range []url.Values{
		{"csrf": {token}, "text": {"x"}},
		{"csrf": {token}, "org": {"org2"}},
		{"csrf": {token}, "text": {"x"}, "org": {"org2"}, "class": {"bad\nclass"}},
		{"csrf": {token}, "text": {"x"}, "org": {"org2"}, "class": {strings.Repeat("c", 65)}},
	} {
		if resp, _ := h.post(c, "/sealed", form); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("seal %v: %s", form, resp.Status)
		}
	}
	for _, bad := range []string{"", token + "x"} {
		if resp, _ := h.post(c, "/sealed", url.Values{"csrf": {bad}, "text": {"x"}, "org": {"org2"}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("seal with token %q: %s", bad, resp.Status)
		}
	}
	if len(f.sealed) != 2 {
		t.Fatalf("%d refused seals reached the chain", len(f.sealed)-2)
	}
	// The seal form lists the configuration's orgs.
	if _, body := h.get(c, "/sealed"); !strings.Contains(body, `name="org" value="org1"`) || !strings.Contains(body, `name="org" value="org2"`) {
		t.Error("the seal form does not offer the member orgs")
	}
}

// fakeEnvelopeHash is the fake record's envelope hash (hex).
var fakeEnvelopeHash = types.Intl.Sum([]byte("env")).String()

// The Confidential assets page shows a token and a holder's commitments;
// without the account's key it says balances stay hidden and refuses to
// open one.
func TestConfidentialAssetsPage(t *testing.T) {
	f := &fakeChain{height: 9, str: "积分"}
	h := newHarness(t, f)
	c := h.signedIn()
	resp, body := h.get(c, "/tokens")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `id="tk-readonly"`) || !strings.Contains(body, "causeway token") {
		t.Fatalf("tokens page: %s, no read-only note", resp.Status)
	}
	_, body = h.get(c, "/tokens?token=points&holder="+strings.Repeat("ab", 32))
	for _, want := range []string{"积分", "0909", "0707", "issued", strings.Repeat("ab", 32), `data-exists="true"`} {
		if !strings.Contains(body, want) {
			t.Errorf("token page lacks %q", want)
		}
	}
	if strings.Contains(body, `id="tk-open"`) {
		t.Error("offers to open a balance without the key")
	}
	token := h.csrfOf(c, "/tokens")
	if resp, _ := h.post(c, "/tokens/balance", url.Values{"csrf": {token}, "token": {"points"}}); resp.StatusCode != http.StatusConflict {
		t.Fatalf("balance without the key: %s", resp.Status)
	}
	if resp, _ := h.post(c, "/tokens/balance", url.Values{"token": {"points"}}); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("balance without a CSRF token: %s", resp.Status)
	}
}

// The Cross-chain page lists light clients and authorised channels, and a
// message's page shows what this chain sent and received.
func TestCrossChainPage(t *testing.T) {
	f := &fakeChain{height: 9, str: "chain-b"}
	h := newHarness(t, f)
	c := h.signedIn()
	_, body := h.get(c, "/crosschain")
	for _, want := range []string{`data-chain="chain-b"`, "0x0000000000000000000000000000000000000001", "0x0000000000000000000000000000000000000002", "ch-authorized", "1 cross-chain message"} {
		if !strings.Contains(body, want) {
			t.Errorf("cross-chain page lacks %q", want)
		}
	}
	id := strings.Repeat("ab", 32)
	resp, _ := h.get(c, "/crosschain/message?id=0x"+id+"&from=chain-b")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/crosschain/message/"+id+"?from=chain-b" {
		t.Fatalf("message lookup: %s %q", resp.Status, resp.Header.Get("Location"))
	}
	_, body = h.get(c, "/crosschain/message/"+id)
	for _, want := range []string{"Sent by this chain", "acknowledged: error", "Received from chain-b", "delivered: the receiver failed", "proved by its header 30"} {
		if !strings.Contains(body, want) {
			t.Errorf("message page lacks %q", want)
		}
	}
	if resp, body := h.get(c, "/crosschain/message/"+strings.Repeat("cd", 32)); resp.StatusCode != http.StatusNotFound || !strings.Contains(body, `id="cc-unknown"`) {
		t.Errorf("unknown message: %s", resp.Status)
	}
	if resp, _ := h.get(c, "/crosschain/message?id=xyz"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("bad id: %s", resp.Status)
	}
}

// Markup in chain values (a sealed record's class and reader org, the
// opened plaintext, a token's name, a light client's chain id, a message's
// error and domains) is shown escaped on the new pages.
func TestNewPagesRenderChainValuesInert(t *testing.T) {
	const script = `<script>alert("x")</script>`
	f := &fakeChain{height: 9, str: script + `<img src=x onerror=alert(1)>`, orgKey: true, plaintext: script}
	h := newHarness(t, f)
	c := h.signedIn()
	id := strings.Repeat("ab", 32)
	token := h.csrfOf(c, "/sealed")
	pages := map[string]string{}
	for _, p := range []string{"/sealed/" + id, "/tokens?token=t", "/crosschain", "/crosschain/message/" + id} {
		_, pages[p] = h.get(c, p)
	}
	_, pages["open"] = h.post(c, "/sealed/"+id+"/open", url.Values{"csrf": {token}})
	for p, body := range pages {
		if !strings.Contains(body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
			t.Errorf("%s does not show the value escaped", p)
		}
		for _, bad := range []string{"<script>alert", "<img src=x"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s contains %q unescaped", p, bad)
			}
		}
	}
}

// Password sign-in is limited per remote address and per user: past the
// limit even the right password is refused (429, Retry-After) without a
// bcrypt comparison, until the window ends; unknown user names take no
// memory; the address table is bounded.
func TestSignInRateLimit(t *testing.T) {
	hash, _ := bcrypt.GenerateFromPassword([]byte("correct horse"), bcrypt.MinCost)
	now := time.Unix(1_700_000_000, 0)
	clock := func() time.Time { return now }
	s, err := New(Options{Chain: &fakeChain{height: 3}, Users: Users{"alice": hash, "bob": hash}, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	srv := newTestServer(t, s)
	h := &harness{t: t, s: s, srv: srv}
	c := h.client()
	_, body := h.get(c, "/login")
	m := csrfField.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no sign-in token")
	}
	try := func(user, pw string) *http.Response {
		resp, _ := h.post(c, "/login", url.Values{"csrf": {m[1]}, "user": {user}, "password": {pw}})
		return resp
	}
	// Per user: 5 failures for alice, then even her right password waits.
	for i := 0; i < maxFailuresPerUser; i++ {
		if resp := try("alice", "wrong"); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failure %d: %s", i, resp.Status)
		}
	}
	resp := try("alice", "correct horse")
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("alice after %d failures: %s (Retry-After %q)", maxFailuresPerUser, resp.Status, resp.Header.Get("Retry-After"))
	}
	// Bob, from the same address, still signs in.
	if resp := try("bob", "correct horse"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("bob: %s", resp.Status)
	}
	// Per address: unknown names from one address hit the address limit.
	for i := 0; i < maxFailuresPerAddress; i++ {
		try("nobody"+strings.Repeat("x", i), "wrong")
	}
	if resp := try("bob", "correct horse"); resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("bob from an address past its limit: %s", resp.Status)
	}
	if n := len(s.signIns.byUser); n != 1 {
		t.Fatalf("%d user names tracked, want 1 (alice; unknown names are not)", n)
	}
	// After the window both are allowed again.
	now = now.Add(signInWindow)
	if resp := try("alice", "correct horse"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("alice after the window: %s", resp.Status)
	}

	// The address table is bounded: full of live entries, a new address
	// is refused; once they expire, it is tracked again.
	l := newSignInLimiter(clock)
	l.max = 3
	for _, a := range []string{"a", "b", "c"} {
		l.failed(a, "u", false)
	}
	l.failed("d", "u", false)
	if len(l.byAddr) != 3 {
		t.Fatalf("%d addresses tracked, max 3", len(l.byAddr))
	}
	if ok, _ := l.allow("d", "u"); ok {
		t.Fatal("a new address was allowed with the table full")
	}
	if ok, _ := l.allow("a", "u"); !ok {
		t.Fatal("a tracked address under its limit was refused")
	}
	now = now.Add(signInWindow)
	if ok, _ := l.allow("d", "u"); !ok {
		t.Fatal("a new address was refused after the entries expired")
	}
}

func newTestServer(t *testing.T, s *Server) *httptest.Server {
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return srv
}
