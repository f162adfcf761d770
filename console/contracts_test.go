package console

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"

	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/sdk/contracts"
	"github.com/causeway/causeway/types"
)

// upload posts an artifact file through the Contracts page's form.
func (h *harness) upload(c *http.Client, token, filename string, content []byte) *http.Response {
	h.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	if token != "" {
		_ = mw.WriteField("csrf", token)
	}
	fw, _ := mw.CreateFormFile("artifact", filename)
	_, _ = fw.Write(content)
	_ = mw.Close()
	resp, err := c.Post(h.srv.URL+"/contracts/upload", mw.FormDataContentType(), &b)
	if err != nil {
		h.t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

func tokenArtifact(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("../contracts/artifacts/Token.json")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The new routes of the Contracts and Members pages follow the session
// and CSRF rules: without a session nothing reaches the chain; a POST
// without its token (or with another session's) is refused; with it,
// the ERC-20 artifact uploads, deploys with typed constructor arguments,
// its ABI forms query and call, and bad arguments are refused before
// anything is sent.
func TestContractAndMemberActionsNeedSessionAndCSRF(t *testing.T) {
	ca, err := pki.NewCA("org1")
	if err != nil {
		t.Fatal(err)
	}
	fc := &fakeChain{height: 3, ca: ca}
	h := newHarness(t, fc)
	h.s.issued.dir = t.TempDir()
	art := tokenArtifact(t)
	addr := "0x" + strings.Repeat("00", 19) + "aa"

	// No session: refused, nothing stored, nothing sent.
	anon := h.client()
	if resp := h.upload(anon, "x", "Token.json", art); resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("upload without a session: %s", resp.Status)
	}
	for _, p := range []string{"/contracts", "/members", "/contracts/at/" + addr, "/contracts/tx/" + strings.Repeat("ab", 32)} {
		if resp, _ := h.get(anon, p); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("GET %s without a session: %s", p, resp.Status)
		}
	}
	if len(h.s.contracts.Artifacts()) != 0 {
		t.Fatal("an artifact was stored without a session")
	}

	c := h.signedIn()
	other := h.signedIn()
	token := h.csrfOf(c, "/contracts")
	otherToken := h.csrfOf(other, "/members")
	for _, bad := range []string{"", otherToken, token + "x"} {
		if resp := h.upload(c, bad, "Token.json", art); resp.StatusCode != http.StatusForbidden {
			t.Errorf("upload with token %q: %s, want 403", bad, resp.Status)
		}
	}
	if len(h.s.contracts.Artifacts()) != 0 {
		t.Fatal("an artifact was stored without a valid CSRF token")
	}
	resp := h.upload(c, token, "Token.json", art)
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/contracts/artifact/") {
		t.Fatalf("upload: %s %s", resp.Status, resp.Header.Get("Location"))
	}
	artPage := resp.Header.Get("Location")
	if _, body := h.get(c, artPage); !strings.Contains(body, `name="arg2"`) || !strings.Contains(body, "initialSupply") {
		t.Fatalf("the deploy form has no constructor fields:\n%s", body)
	}
	id := strings.TrimPrefix(artPage, "/contracts/artifact/")
	posts := map[string]url.Values{
		"/contracts/artifact/" + id + "/deploy": {"arg0": {"Metro Credit"}, "arg1": {"MRC"}, "arg2": {"1000"}},
		"/contracts/artifact/" + id + "/attach": {"address": {addr}},
		"/contracts/at/" + addr + "/call":       {"method": {"transfer"}, "arg0": {addr}, "arg1": {"25"}},
		"/contracts/at/" + addr + "/query":      {"method": {"balanceOf"}, "arg0": {addr}},
		"/members/issue":                        {"common_name": {"app1"}},
		"/members/revoke":                       {"serial": {"1f2e"}},
	}
	for path, form := range posts {
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
	if fc.writes != 0 || len(fc.calls) != 0 {
		t.Fatalf("%d writes and %d calls reached the chain without a valid CSRF token", fc.writes, len(fc.calls))
	}

	// With the token: deploy, then the contract's page has a form per method.
	with := func(f url.Values) url.Values { f = cloneValues(f); f.Set("csrf", token); return f }
	resp, body := h.post(c, "/contracts/artifact/"+id+"/deploy", with(posts["/contracts/artifact/"+id+"/deploy"]))
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/contracts/at/"+addr) {
		t.Fatalf("deploy: %s %s %s", resp.Status, resp.Header.Get("Location"), body)
	}
	_, body = h.get(c, "/contracts/at/"+addr)
	for _, m := range []string{"transfer", "balanceOf", "approve", "totalSupply"} {
		if !strings.Contains(body, `data-method="`+m+`"`) {
			t.Errorf("no form for %s", m)
		}
	}
	resp, body = h.post(c, "/contracts/at/"+addr+"/query", with(posts["/contracts/at/"+addr+"/query"]))
	if resp.StatusCode != http.StatusOK || !regexp.MustCompile(`id="ct-result"[^>]*>.*42`).MatchString(body) {
		t.Fatalf("query: %s\n%s", resp.Status, body)
	}
	resp, _ = h.post(c, "/contracts/at/"+addr+"/call", with(posts["/contracts/at/"+addr+"/call"]))
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/contracts/tx/") {
		t.Fatalf("call: %s", resp.Status)
	}
	a, _ := contracts.ParseArtifact(art)
	want, _ := a.Input("transfer", []string{addr, "25"})
	if last := fc.calls[len(fc.calls)-1]; !bytes.Equal(last, want) {
		t.Fatalf("the call sent %x, want %x", last, want)
	}
	// Arguments are parsed by their ABI types; bad ones never reach the chain.
	writes, calls := fc.writes, len(fc.calls)
	for _, f := range []url.Values{
		{"method": {"transfer"}, "arg0": {"<script>alert(1)</script>"}, "arg1": {"25"}},
		{"method": {"transfer"}, "arg0": {addr}, "arg1": {"-1"}},
		{"method": {"transfer"}, "arg0": {addr}, "arg1": {"1" + strings.Repeat("0", 80)}},
		{"method": {"transfer"}, "arg0": {addr}},
		{"method": {"no_such_method"}},
	} {
		resp, body := h.post(c, "/contracts/at/"+addr+"/call", with(f))
		if resp.StatusCode != http.StatusBadRequest || strings.Contains(body, "<script>alert") {
			t.Errorf("call %v: %s", f, resp.Status)
		}
	}
	if resp, _ := h.post(c, "/contracts/at/0xnothex/call", with(url.Values{"method": {"transfer"}})); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a bad address: %s", resp.Status)
	}
	if fc.writes != writes || len(fc.calls) != calls {
		t.Fatal("a call with bad arguments reached the chain")
	}

	// Members: issue a client certificate with the org's CA, then propose its revocation.
	resp, body = h.post(c, "/members/issue", with(posts["/members/issue"]))
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("issue: %s %s", resp.Status, body)
	}
	_, body = h.get(c, resp.Header.Get("Location"))
	m := regexp.MustCompile(`id="mb-fresh" data-serial="([0-9a-f]+)"`).FindStringSubmatch(body)
	if m == nil || !strings.Contains(body, "BEGIN CERTIFICATE") {
		t.Fatalf("the issued certificate is not shown:\n%s", body)
	}
	rfc3339 := regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ`)
	fp := regexp.MustCompile(`class="mono fp">[0-9a-f]{64}<`)
	if len(rfc3339.FindAllString(body, -1)) < 4 || len(fp.FindAllString(body, -1)) < 2 {
		t.Errorf("validity in RFC 3339 or hex fingerprints missing:\n%s", body)
	}
	if resp, _ := h.post(c, "/members/issue", with(url.Values{"common_name": {"../../etc"}})); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a path as common name: %s", resp.Status)
	}
	if resp, _ := h.post(c, "/members/revoke", with(url.Values{"serial": {m[1]}})); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/governance?done=") {
		t.Errorf("propose revocation: %s", resp.Status)
	}
	if resp, _ := h.post(c, "/members/revoke", with(url.Values{"serial": {"<b>x</b>"}})); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a bad serial: %s", resp.Status)
	}
	fc.revoked = []string{m[1]}
	if _, body := h.get(c, "/members"); !strings.Contains(body, "revoked") {
		t.Error("a revoked serial is not shown as revoked")
	}
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// Markup in an artifact's contract name, method and argument names, and in
// event values decoded from a receipt's logs is shown as text.
func TestContractValuesAreRenderedInert(t *testing.T) {
	const script = `<script>alert("x")</script>`
	abiJSON := `[{"type":"event","name":"Note","inputs":[{"name":"text","type":"string","indexed":false}]},
	 {"type":"function","name":"set","stateMutability":"nonpayable","inputs":[{"name":"\"><img src=x onerror=alert(1)>","type":"string"}],"outputs":[]}]`
	artJSON, _ := json.Marshal(map[string]any{"contractName": script, "abi": json.RawMessage(abiJSON), "bytecode": "0x6000"})
	fc := &fakeChain{height: 3}
	h := newHarness(t, fc)
	c := h.signedIn()
	token := h.csrfOf(c, "/contracts")
	resp := h.upload(c, token, "x.json", artJSON)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %s", resp.Status)
	}
	artPage := resp.Header.Get("Location")
	id := strings.TrimPrefix(artPage, "/contracts/artifact/")
	addr := "0x" + strings.Repeat("00", 19) + "aa"
	if resp, _ := h.post(c, "/contracts/artifact/"+id+"/deploy", url.Values{"csrf": {token}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("deploy: %s", resp.Status)
	}
	parsed, err := abi.JSON(strings.NewReader(abiJSON))
	if err != nil {
		t.Fatal(err)
	}
	data, err := parsed.Events["Note"].Inputs.Pack(`<img src=x onerror=alert(1)></td></tr></table><h1>forged</h1>`)
	if err != nil {
		t.Fatal(err)
	}
	fc.logs = []*types.Log{{Address: common.HexToAddress(addr).Bytes(), Topics: [][]byte{parsed.Events["Note"].ID.Bytes()}, Data: data}}
	txPath := "/contracts/tx/" + strings.Repeat("ab", 32)
	for _, p := range []string{"/contracts", artPage, "/contracts/at/" + addr, txPath, "/explorer/tx/" + strings.Repeat("ab", 32)} {
		resp, body := h.get(c, p)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %s", p, resp.Status)
		}
		for _, bad := range []string{"<script>alert", "<img src=x", "<h1>forged"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s contains live markup %q", p, bad)
			}
		}
	}
	_, body := h.get(c, txPath)
	if !strings.Contains(body, `data-event="Note"`) || !strings.Contains(body, "&lt;img src=x onerror=alert(1)&gt;&lt;/td&gt;") {
		t.Errorf("the event is not decoded and shown as text:\n%s", body)
	}
}

// A Solidity file is compiled with solc-js when it is installed; where it
// is not, the page says so and how to install it (and nothing is stored).
func TestSolidityUploadCompilesOrSaysWhy(t *testing.T) {
	h := newHarness(t, nil)
	c := h.signedIn()
	token := h.csrfOf(c, "/contracts")
	src := []byte("// SPDX-License-Identifier: MIT\npragma solidity ^0.8.20;\ncontract Hello { event Hi(string s); function hi(string calldata s) external { emit Hi(s); } }\n")
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	_ = mw.WriteField("csrf", token)
	fw, _ := mw.CreateFormFile("artifact", "Hello.sol")
	_, _ = fw.Write(src)
	_ = mw.Close()
	resp, err := c.Post(h.srv.URL+"/contracts/upload", mw.FormDataContentType(), &b)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusSeeOther: // solc-js is installed: the compiled artifact is kept
		if arts := h.s.contracts.Artifacts(); len(arts) != 1 || arts[0].Name != "Hello" || len(arts[0].art.Bytecode) == 0 {
			t.Fatalf("compiled artifacts %+v", arts)
		}
	case http.StatusUnprocessableEntity:
		if !strings.Contains(string(body), "solc-js") || !strings.Contains(string(body), "npm ci") || len(h.s.contracts.Artifacts()) != 0 {
			t.Fatalf("without solc-js: %s", body)
		}
		t.Log("solc-js is not installed here: the page says how to install it")
	default:
		t.Fatalf("upload of a .sol: %s\n%s", resp.Status, body)
	}
}
