package main_test

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/services/evidence"
)

// chromiumPath finds the system Chromium (Debian's chromium package), or "".
func chromiumPath() string {
	for _, n := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return ""
}

// consoleInfo is what causeway console -o json prints when it is ready.
type consoleInfo struct {
	Org       string `json:"org"`
	URL       string `json:"url"`
	SignInURL string `json:"sign_in_url"`
	VerifyURL string `json:"verify_url"`
}

// startConsole runs causeway console for org and returns its addresses;
// the console stops (SIGTERM) when the test ends.
func startConsole(t *testing.T, c cli, network, org string, extra ...string) consoleInfo {
	t.Helper()
	cmd := exec.Command(c.bin, append([]string{"console", "--network", network, "--org", org, "--listen", "127.0.0.1:0", "-o", "json"}, extra...)...)
	cmd.Env = c.env
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
	})
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("console of %s printed nothing: %v", org, err)
	}
	var info consoleInfo
	if err := json.Unmarshal([]byte(line), &info); err != nil || info.SignInURL == "" {
		t.Fatalf("console of %s: %v: %q", org, err, line)
	}
	return info
}

// As an operator would, in headless Chromium against a 4-org consortium
// that causeway up started: sign in with the one-time link, see 4 healthy
// nodes, deposit a file (hashed in the browser) and download its
// certificate as PDF and JSON, verify the certificate on the public page
// (no session) with the file and see the check fail for a changed file,
// then propose a parameter change in org1's console and vote in org2's and
// org3's until it executes, and admit a fifth org from its join request
// (pasted in org1's console, approved in org2's and org3's). On the way it
// deploys the ERC-20 artifact from the Contracts page, transfers with the
// ABI form and sees the decoded Transfer event, and on the Members page
// issues a client certificate and has its revocation proposed, approved by
// org2 and org3, and shown. CAUSEWAY_SCREENSHOTS=DIR saves a screenshot of
// each page in English and Chinese.
func TestConsoleInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("multi-process, browser")
	}
	browserPath := chromiumPath()
	if browserPath == "" {
		if os.Getenv("CAUSEWAY_REQUIRE_CHROMIUM") == "1" {
			t.Fatal("no chromium binary on PATH, and CAUSEWAY_REQUIRE_CHROMIUM=1 (apt-get install chromium)")
		}
		t.Skip("no chromium binary on PATH (apt-get install chromium); set CAUSEWAY_REQUIRE_CHROMIUM=1 to fail instead")
	}
	bin := buildCauseway(t)
	dir := filepath.Join(t.TempDir(), "net")
	c := cli{t: t, bin: bin, env: append(os.Environ(), "XDG_CONFIG_HOME="+t.TempDir())}
	c.must("up", "--dir", dir, "--base-port", "0")
	t.Cleanup(func() { c.run("down", "--dir", dir) })
	network := filepath.Join(dir, "network.json")
	// org1's console holds the encryption key of org1's account (set on
	// chain below): it opens data sealed to the account and its
	// confidential token balance.
	acctEncKey := filepath.Join(t.TempDir(), "org1-account-enc.pem")
	c.must("keys", "new-encryption", "--out", acctEncKey)
	org1 := startConsole(t, c, network, "org1", "--account-enc-key", acctEncKey)
	org2 := startConsole(t, c, network, "org2")
	org3 := startConsole(t, c, network, "org3")

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(browserPath), chromedp.NoSandbox, chromedp.WindowSize(1280, 900))
	alloc, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 150*time.Second)
	defer cancel()
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	eval := func(what, js string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}
	// waitFor polls a JavaScript condition (a string result, "" = not yet).
	waitFor := func(what, js string, within time.Duration) string {
		t.Helper()
		deadline := time.Now().Add(within)
		for {
			v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
			if err == nil && v != "" {
				return v
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: not within %v (last %q, %v)", what, within, v, err)
			}
			time.Sleep(250 * time.Millisecond)
		}
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
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(shots, fmt.Sprintf("%s-%s.png", name, lang)), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		do("back to English", chromedp.Navigate(url+"?lang=en"))
	}

	// Sign in with the one-time link: the Overview shows 4 nodes, all serving.
	do("sign in", chromedp.Navigate(org1.SignInURL), chromedp.WaitVisible(chromedp.CSS("#nodes")))
	waitFor("4 healthy nodes", `document.querySelectorAll('#nodes tr[data-health="serving"]').length === 4 && document.getElementById('ov-healthy').textContent === '4' ? 'yes' : ''`, 20*time.Second)
	// The link worked once: a second browser context cannot use it again.
	{
		ctx2, cancel2 := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
		if err := chromedp.Do(ctx2, chromedp.Navigate(org1.SignInURL)); err != nil {
			t.Fatal(err)
		}
		if n, err := chromedp.Run(ctx2, chromedp.Evaluate[int](`document.querySelectorAll('#nodes').length`)); err != nil || n != 0 {
			t.Fatalf("the sign-in link worked twice (%v)", err)
		}
		cancel2()
	}
	shoot("overview", org1.URL)

	// Deposit a file: the browser hashes it, the console deposits the digest.
	work := t.TempDir()
	original := filepath.Join(work, "合同.txt")
	content := []byte("Shanghai Metro settlement contract, 2026 — 上海地铁\n")
	if err := os.WriteFile(original, content, 0o644); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(content)
	digest := hex.EncodeToString(sum[:])
	do("evidence page", chromedp.Navigate(org1.URL+"evidence"), chromedp.WaitVisible(chromedp.CSS("#ev-form")),
		chromedp.SetUploadFiles(chromedp.CSS("#ev-file"), []string{original}))
	if got := waitFor("the browser's digest", `document.getElementById('ev-hash').value`, 10*time.Second); got != digest {
		t.Fatalf("the browser computed %s, want %s", got, digest)
	}
	do("deposit", chromedp.SetValue(chromedp.CSS("#ev-owner"), "上海地铁"), chromedp.Click(chromedp.CSS("#ev-submit")),
		chromedp.WaitVisible(chromedp.CSS("#ev-id")))
	id := eval("evidence id", `document.getElementById('ev-id').textContent`)
	if len(id) != 64 || !strings.Contains(eval("metadata", `document.getElementById('ev-metadata').textContent`), "上海地铁") {
		t.Fatalf("evidence %q without its metadata", id)
	}
	shoot("evidence", org1.URL+"evidence/"+id)

	// Download the certificate as PDF and JSON, in the signed-in browser.
	pdfB64 := eval("download the PDF", `fetch(document.getElementById('cert-pdf').href).then(r => r.ok ? r.arrayBuffer() : Promise.reject(r.status)).then(b => btoa(String.fromCharCode(...new Uint8Array(b))))`)
	pdf, err := base64.StdEncoding.DecodeString(pdfB64)
	if err != nil || !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Fatalf("the certificate PDF is not a PDF (%d bytes, %v)", len(pdf), err)
	}
	certJSON := eval("download the JSON", `fetch(document.getElementById('cert-json').href).then(r => r.ok ? r.text() : Promise.reject(r.status))`)
	certFile := filepath.Join(work, "certificate.json")
	if err := os.WriteFile(certFile, []byte(certJSON), 0o644); err != nil {
		t.Fatal(err)
	}

	// Explorer: the block of the deposit, found by search.
	do("explorer", chromedp.Navigate(org1.URL+"explorer"), chromedp.WaitVisible(chromedp.CSS("#blocks")))
	shoot("explorer", org1.URL+"explorer")

	// Contracts: upload the ERC-20 artifact, deploy it as org1 with the
	// constructor form, transfer with the form generated from the ABI, and
	// see the decoded Transfer event; query the balance.
	tokenArt, _ := filepath.Abs("../../contracts/artifacts/Token.json")
	const holder = "0x00000000000000000000000000000000000000aa"
	do("upload the ERC-20 artifact", chromedp.Navigate(org1.URL+"contracts"), chromedp.WaitVisible(chromedp.CSS("#ct-upload-form")),
		chromedp.SetUploadFiles(chromedp.CSS("#ct-file"), []string{tokenArt}), chromedp.Click(chromedp.CSS("#ct-upload")),
		chromedp.WaitVisible(chromedp.CSS("#ct-deploy-form")))
	do("deploy it", chromedp.SetValue(chromedp.CSS(`#ct-deploy-form input[name="arg0"]`), "Metro Credit 地铁积分"),
		chromedp.SetValue(chromedp.CSS(`#ct-deploy-form input[name="arg1"]`), "MRC"),
		chromedp.SetValue(chromedp.CSS(`#ct-deploy-form input[name="arg2"]`), "1000"),
		chromedp.Click(chromedp.CSS("#ct-deploy")), chromedp.WaitVisible(chromedp.CSS("#ct-address")))
	tokenAddr := eval("contract address", `document.getElementById('ct-address').textContent`)
	if len(tokenAddr) != 42 {
		t.Fatalf("no contract address after deploying: %q", tokenAddr)
	}
	contractURL := org1.URL + "contracts/at/" + tokenAddr
	do("transfer", chromedp.SetValue(chromedp.CSS(`form[data-method="transfer"] input[name="arg0"]`), holder),
		chromedp.SetValue(chromedp.CSS(`form[data-method="transfer"] input[name="arg1"]`), "25"),
		chromedp.Click(chromedp.CSS(`form[data-method="transfer"] button`)), chromedp.WaitVisible(chromedp.CSS("#tx-status")))
	ev, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(e => e ? [e.dataset.event, e.querySelector('[data-field="to"]').textContent, e.querySelector('[data-field="value"]').textContent, document.getElementById('tx-status').textContent] : [])(document.querySelector('.event.decoded'))`))
	if err != nil || len(ev) != 4 || ev[0] != "Transfer" || !strings.EqualFold(ev[1], holder) || ev[2] != "25" || !strings.Contains(ev[3], "SUCCESS") {
		t.Fatalf("the transfer's decoded event: %q (%v)", ev, err)
	}
	contractTxURL := eval("tx page", `location.href`)
	do("query balanceOf", chromedp.Navigate(contractURL), chromedp.WaitVisible(chromedp.CSS(`form[data-method="balanceOf"]`)),
		chromedp.SetValue(chromedp.CSS(`form[data-method="balanceOf"] input[name="arg0"]`), holder),
		chromedp.Click(chromedp.CSS(`form[data-method="balanceOf"] button`)), chromedp.WaitVisible(chromedp.CSS("#ct-result")))
	if got := eval("balance", `document.querySelector('#ct-result .output').textContent`); got != "25" {
		t.Fatalf("balanceOf(%s) = %q after the transfer", holder, got)
	}
	shoot("contracts", org1.URL+"contracts")
	shoot("contract", contractURL)
	shoot("contract-tx", strings.Split(contractTxURL, "?")[0])

	// Members: 4 orgs with CA and node certificates; issue a client
	// certificate for org1, propose its revocation, org2 and org3 approve,
	// and the Members page shows it revoked.
	do("members", chromedp.Navigate(org1.URL+"members"), chromedp.WaitVisible(chromedp.CSS("#mb-issue-form")))
	if n := eval("orgs and certificates", `String(document.querySelectorAll('section.org').length) + '/' + document.querySelectorAll('section.org tr.cert[data-what="ca"]').length + '/' + document.querySelectorAll('section.org tr.cert[data-what="tls"]').length`); n != "4/4/4" {
		t.Fatalf("members: orgs/CAs/node TLS certificates = %s, want 4/4/4", n)
	}
	do("issue a client certificate", chromedp.SetValue(chromedp.CSS("#mb-cn"), "app1"), chromedp.Click(chromedp.CSS("#mb-issue")),
		chromedp.WaitVisible(chromedp.CSS("#mb-fresh")))
	serial := eval("issued serial", `document.getElementById('mb-fresh').dataset.serial`)
	shoot("members", org1.URL+"members")
	do("propose its revocation", chromedp.Navigate(org1.URL+"members"), chromedp.WaitVisible(chromedp.CSS("#mb-issued")),
		chromedp.Click(chromedp.CSS(`#mb-issued tr[data-serial="`+serial+`"] button.revoke`)), chromedp.WaitVisible(chromedp.CSS("#notice")))
	revoke := eval("revoke proposal", `(document.querySelector('#proposals tr[data-status="open"]') || {dataset: {}}).dataset.proposal || ''`)
	if len(revoke) != 64 {
		t.Fatal("no open revoke_cert proposal")
	}
	for _, org := range []consoleInfo{org2, org3} {
		do("sign in and approve the revocation as "+org.Org, chromedp.Navigate(org.SignInURL), chromedp.WaitVisible(chromedp.CSS("#nodes")),
			chromedp.Navigate(org.URL+"governance"), chromedp.WaitVisible(chromedp.CSS("#proposals")),
			chromedp.Click(chromedp.CSS(`tr[data-proposal="`+revoke+`"] button.approve`)), chromedp.WaitVisible(chromedp.CSS("#notice")))
	}
	do("members after the revocation", chromedp.Navigate(org1.URL+"members"), chromedp.WaitVisible(chromedp.CSS("#mb-issued")))
	if got := eval("revoked", `(document.querySelector('#mb-issued tr[data-serial="`+serial+`"] .cert-status') || {}).textContent || ''`); got != "revoked" {
		t.Fatalf("the issued certificate after its revocation executed: %q", got)
	}

	// Sealed data and confidential assets: org1's account gets its
	// encryption key, and a token issued to it; in the console, seal a
	// text to the account, see the account (this console) among the
	// readers, open it (escaped), and open the account's token balance.
	nwf, err := sdk.LoadNetwork(network)
	if err != nil {
		t.Fatal(err)
	}
	acct := nwf.Orgs[0].Account
	c.must("account", "set-encryption-key", acct.Name, "--encryption-key", acctEncKey, "--sign", acct.Key, "--network", network, "--org", "org1")
	c.must("token", "create", "地铁积分", "--network", network, "--org", "org1")
	c.must("token", "issue", "地铁积分", "--to", acct.Name, "--amount", "1200", "--network", network, "--org", "org1")
	const secret = "乘车记录 <b>42</b> 上海→苏州"
	do("seal a text", chromedp.Navigate(org1.URL+"sealed"), chromedp.WaitVisible(chromedp.CSS("#sd-seal-form")),
		chromedp.SetValue(chromedp.CSS("#sd-text"), secret), chromedp.SetValue(chromedp.CSS("#sd-accounts"), acct.Name),
		chromedp.SetValue(chromedp.CSS("#sd-class"), "ride-record"), chromedp.Click(chromedp.CSS("#sd-seal")),
		chromedp.WaitVisible(chromedp.CSS("#sd-record")))
	sealedID := eval("sealed id", `document.getElementById('sd-record-id').textContent`)
	if r := eval("reader", `document.getElementById('sd-record').dataset.reader + '/' + document.getElementById('sd-class-value').textContent`); r != "true/ride-record" || len(sealedID) != 64 {
		t.Fatalf("sealed record %q: reader/class %q", sealedID, r)
	}
	shoot("sealed", org1.URL+"sealed/"+sealedID)
	do("open it", chromedp.Navigate(org1.URL+"sealed/"+sealedID), chromedp.WaitVisible(chromedp.CSS("#sd-open")),
		chromedp.Click(chromedp.CSS("#sd-open")), chromedp.WaitVisible(chromedp.CSS("#sd-plaintext")))
	if got := eval("plaintext", `document.getElementById('sd-plaintext').textContent + '/' + document.querySelectorAll('#sd-plaintext b').length`); got != secret+"/0" {
		t.Fatalf("opened: %q", got)
	}
	tokenURL := org1.URL + "tokens?token=" + url.QueryEscape("地铁积分")
	do("token", chromedp.Navigate(tokenURL), chromedp.WaitVisible(chromedp.CSS("#tk-open")))
	if got := eval("token", `document.getElementById('tk-name').textContent + '/' + document.querySelectorAll('#tk-outputs tbody tr').length + '/' + document.getElementById('tk-balance').textContent.trim()`); got != "地铁积分/1/hidden" {
		t.Fatalf("token page: %q", got)
	}
	shoot("tokens", tokenURL)
	do("open the balance", chromedp.Navigate(tokenURL), chromedp.WaitVisible(chromedp.CSS("#tk-open")),
		chromedp.Click(chromedp.CSS("#tk-open")), chromedp.WaitVisible(chromedp.CSS("#tk-balance strong")))
	if got := eval("balance", `document.querySelector('#tk-balance strong').textContent`); got != "1200" {
		t.Fatalf("balance: %q", got)
	}
	do("cross-chain", chromedp.Navigate(org1.URL+"crosschain"), chromedp.WaitVisible(chromedp.CSS("#cc-light-clients")))
	shoot("crosschain", org1.URL+"crosschain")

	// Governance: org1 proposes, org2 and org3 vote in their own consoles.
	do("governance", chromedp.Navigate(org1.URL+"governance"), chromedp.WaitVisible(chromedp.CSS("#param-form")),
		chromedp.SetValue(chromedp.CSS("#param-name"), "max_tx_bytes"), chromedp.SetValue(chromedp.CSS("#param-value"), "131072"),
		chromedp.Click(chromedp.CSS("#param-submit")), chromedp.WaitVisible(chromedp.CSS("#notice")))
	prop := eval("proposal", `(document.querySelector('#proposals tr[data-status="open"]') || {dataset: {}}).dataset.proposal || ''`)
	if len(prop) != 64 {
		t.Fatalf("no open proposal after proposing")
	}
	for _, org := range []consoleInfo{org2, org3} {
		do("vote as "+org.Org, chromedp.Navigate(org.URL+"governance"), chromedp.WaitVisible(chromedp.CSS("#proposals")),
			chromedp.Click(chromedp.CSS(`tr[data-proposal="`+prop+`"] button.approve`)), chromedp.WaitVisible(chromedp.CSS("#notice")))
	}
	if st := eval("status", `document.querySelector('tr[data-proposal="`+prop+`"]').dataset.status`); st != "executed" {
		t.Fatalf("after votes of org1, org2, org3 the proposal is %s", st)
	}

	// Admit a fifth org from its join request: org5 makes its material and
	// request and starts its node, which waits to be admitted; org1 pastes
	// the request in its console, org2 and org3 approve in theirs.
	orgDir := filepath.Join(work, "org5")
	c.mustT("org", "init", "org5", "--dir", orgDir)
	req := filepath.Join(work, "join-request.json")
	c.mustT("join", "request", "--org-dir", orgDir, "--node-id", "5", "--p2p", freePort(t), "--grpc", freePort(t), "--rest", freePort(t),
		"--admin", freePort(t), "--genesis", filepath.Join(dir, "genesis.json"), "--out", req)
	n5 := exec.Command(bin, "node", "start", "--join", "--config", filepath.Join(orgDir, "nodes", "node5", "node.json"))
	n5.Env = c.env
	if err := n5.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = n5.Process.Signal(syscall.SIGTERM); _ = n5.Wait() })
	joinJSON, err := os.ReadFile(req)
	if err != nil {
		t.Fatal(err)
	}
	do("propose add-org", chromedp.Navigate(org1.URL+"governance"), chromedp.WaitVisible(chromedp.CSS("#join-form")),
		chromedp.SetValue(chromedp.CSS("#join-request"), string(joinJSON)), chromedp.Click(chromedp.CSS("#join-submit")),
		chromedp.WaitVisible(chromedp.CSS("#notice")))
	join := eval("add-org proposal", `(document.querySelector('#proposals tr[data-status="open"]') || {dataset: {}}).dataset.proposal || ''`)
	if len(join) != 64 {
		t.Fatalf("no open add-org proposal")
	}
	for _, org := range []consoleInfo{org2, org3} {
		do("vote add-org as "+org.Org, chromedp.Navigate(org.URL+"governance"), chromedp.WaitVisible(chromedp.CSS("#proposals")),
			chromedp.Click(chromedp.CSS(`tr[data-proposal="`+join+`"] button.approve`)), chromedp.WaitVisible(chromedp.CSS("#notice")))
	}
	if st := eval("add-org status", `document.querySelector('tr[data-proposal="`+join+`"]').dataset.status`); st != "executed" {
		t.Fatalf("after votes of org1, org2, org3 the add-org proposal is %s", st)
	}
	if members := eval("members", `document.body.textContent`); !strings.Contains(members, "org5 (org5.admin)") {
		t.Fatal("org5 is not listed among the members after its admission")
	}
	shoot("governance", org3.URL+"governance")

	// The public page, in a browser context with no session: the
	// certificate verifies with the file, and fails with a changed one.
	pub, cancelPub := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	defer cancelPub()
	changed := filepath.Join(work, "changed.txt")
	if err := os.WriteFile(changed, append(content, '!'), 0o644); err != nil {
		t.Fatal(err)
	}
	check := func(file, lang string) (valid, fileState, text string) {
		t.Helper()
		if err := chromedp.Do(pub, chromedp.Navigate(org1.VerifyURL+"?lang="+lang), chromedp.WaitVisible(chromedp.CSS("#verify-form")),
			chromedp.SetUploadFiles(chromedp.CSS("#verify-cert"), []string{certFile}),
			chromedp.SetUploadFiles(chromedp.CSS("#verify-file"), []string{file})); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(10 * time.Second)
		for {
			v, _ := chromedp.Run(pub, chromedp.Evaluate[string](`document.getElementById('verify-hash').value`))
			if len(v) == 64 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the browser did not hash the file")
			}
			time.Sleep(200 * time.Millisecond)
		}
		if err := chromedp.Do(pub, chromedp.Click(chromedp.CSS("#verify-submit")), chromedp.WaitVisible(chromedp.CSS("#verify-result"))); err != nil {
			t.Fatal(err)
		}
		r, err := chromedp.Run(pub, chromedp.Evaluate[[]string](`(e => [e.dataset.valid, e.dataset.file, e.textContent])(document.getElementById('verify-result'))`))
		if err != nil {
			t.Fatal(err)
		}
		if shots != "" {
			png, err := chromedp.Run(pub, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			_ = os.WriteFile(filepath.Join(shots, fmt.Sprintf("verify-%s-%s.png", map[string]string{"true": "valid", "false": "invalid"}[r[0]], lang)), png, 0o644)
		}
		return r[0], r[1], r[2]
	}
	if valid, file, text := check(original, "en"); valid != "true" || file != "match" || !strings.Contains(text, "上海地铁") || !strings.Contains(text, "org1") {
		t.Fatalf("the certificate with its file: valid=%s file=%s\n%s", valid, file, text)
	}
	if nav, _ := chromedp.Run(pub, chromedp.Evaluate[int](`document.querySelectorAll('a[href="/governance"], a[href="/explorer"], #logout').length`)); nav != 0 {
		t.Fatal("the public page links to signed-in pages")
	}
	// The page the certificate's QR code leads to, without a session:
	// only that record's verification.
	parsed, err := evidence.ParseCertificate([]byte(certJSON))
	if err != nil {
		t.Fatal(err)
	}
	lookupURL := org1.URL + "lookup?qr=" + url.QueryEscape(evidence.QRContent(parsed))
	if err := chromedp.Do(pub, chromedp.Navigate(lookupURL), chromedp.WaitVisible(chromedp.CSS("#lookup-result"))); err != nil {
		t.Fatal(err)
	}
	if r, err := chromedp.Run(pub, chromedp.Evaluate[[]string](`[document.getElementById('lookup-result').dataset.valid, document.getElementById('lookup-result').textContent, String(document.querySelectorAll('a[href="/governance"], a[href="/members"], #logout').length)]`)); err != nil ||
		r[0] != "true" || !strings.Contains(r[1], "上海地铁") || !strings.Contains(r[1], id) || r[2] != "0" {
		t.Fatalf("the QR lookup page: %q (%v)", r, err)
	}
	if shots != "" {
		for _, lang := range []string{"en", "zh"} {
			if err := chromedp.Do(pub, chromedp.Navigate(lookupURL+"&lang="+lang), chromedp.WaitVisible(chromedp.CSS("#lookup-result"))); err != nil {
				t.Fatal(err)
			}
			png, err := chromedp.Run(pub, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			_ = os.WriteFile(filepath.Join(shots, "lookup-"+lang+".png"), png, 0o644)
		}
	}
	if valid, file, text := check(changed, "zh"); valid != "false" || file != "mismatch" || !strings.Contains(text, "不一致") {
		t.Fatalf("a changed file: valid=%s file=%s\n%s", valid, file, text)
	}
}
