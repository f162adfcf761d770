package console

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/services/evidence"
	"github.com/causeway/causeway/types"
)

// refusingChain fails the test on any use: the public pages must not touch
// the chain.
type refusingChain struct {
	fakeChain
	t *testing.T
}

func (r *refusingChain) Nodes(context.Context) []NodeStatus {
	r.t.Error("the public page asked the chain for its nodes")
	return nil
}

func (r *refusingChain) Evidence(context.Context, types.Hash) (*types.Evidence, error) {
	r.t.Error("the public page read evidence from the chain")
	return nil, errNotFound
}

func (r *refusingChain) Status(context.Context) (*apipb.StatusResponse, error) {
	r.t.Error("the public page asked the chain for its status")
	return nil, errNotFound
}

// postVerify submits the public Verify form as a browser would: the
// certificate file, and the digest the browser computed of the file.
func postVerify(t *testing.T, base string, cert []byte, digest string) string {
	t.Helper()
	c := &http.Client{}
	resp, err := c.Get(base + "/verify")
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
	if cookie == nil || token == nil {
		t.Fatal("the verify page has no CSRF token")
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf", string(token[1]))
	_ = mw.WriteField("hash", digest)
	fw, _ := mw.CreateFormFile("certificate", "certificate.json")
	_, _ = fw.Write(cert)
	mw.Close()
	req, _ := http.NewRequest("POST", base+"/verify", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(cookie)
	resp, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("verify: %s %s", resp.Status, b)
	}
	return string(b)
}

var hexRun = regexp.MustCompile(`[0-9a-f]{16,}`)

// The public Verify page checks a real certificate against the genesis
// offline, says who deposited what and when, fails for a changed file, and
// shows nothing that is not in the certificate: no other evidence, no
// node, no org but the certificate's, no link to a signed-in page, and it
// never asks the chain anything.
func TestVerifyPageRevealsOnlyTheCertificate(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a cluster")
	}
	cl := testnet.New(t, testnet.Options{Nodes: 1})
	svc, err := evidence.New(evidence.Options{CertifyAfter: 50 * time.Millisecond},
		evidence.Chain{ChainID: cl.Network.ChainID, Client: cl.Client(0), Account: cl.Account(0)})
	if err != nil {
		t.Fatal(err)
	}
	cert0, err := pki.LoadCertPEM(cl.Network.Orgs[0].Client.Cert)
	if err != nil {
		t.Fatal(err)
	}
	caller := pki.IdentityOf(cert0)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	file := []byte("合同 — contract of 2026, signed\n")
	sum := sha256.Sum256(file)
	digest := hex.EncodeToString(sum[:])
	mine, err := svc.Deposit(ctx, caller, evidence.Request{Hash: digest, HashAlgorithm: "sha256",
		Metadata: map[string]string{"owner": "上海地铁", "file_name": "合同.pdf", "note": "<b>bold</b><script>alert(1)</script>"}})
	if err != nil {
		t.Fatal(err)
	}
	other, err := svc.Deposit(ctx, caller, evidence.Request{Hash: strings.Repeat("77", 32), HashAlgorithm: "sha256",
		Metadata: map[string]string{"owner": "another-secret-owner"}})
	if err != nil {
		t.Fatal(err)
	}
	id, _ := types.ParseHash(mine.ID)
	cert, err := svc.Certificate(ctx, caller, id)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := cert.JSON()
	if err != nil {
		t.Fatal(err)
	}
	g, err := types.LoadGenesis(cl.Network.Genesis)
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Options{Chain: &refusingChain{fakeChain: fakeChain{height: 9}, t: t}, Geneses: []*types.Genesis{g}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()

	page := postVerify(t, srv.URL, raw, digest)
	for _, want := range []string{`data-valid="true"`, `data-file="match"`, "上海地铁", "合同.pdf", mine.ID, digest, "&lt;script&gt;alert(1)&lt;/script&gt;"} {
		if !strings.Contains(page, want) {
			t.Errorf("the verify page lacks %q", want)
		}
	}
	// Nothing beyond the certificate.
	for _, leak := range []string{other.ID, "another-secret-owner", cl.Network.Nodes[0].GRPC, "fake-console-org", "fake-chain-id",
		`href="/explorer`, `href="/evidence`, `href="/governance`, `action="/logout"`, "<script>alert"} {
		if strings.Contains(page, leak) {
			t.Errorf("the verify page shows %q, which is not in the certificate", leak)
		}
	}
	for _, h := range hexRun.FindAllString(page, -1) {
		if !bytes.Contains(raw, []byte(h)) {
			t.Errorf("the verify page shows %s, which is not in the certificate", h)
		}
	}
	// A changed file fails, and says so.
	changed := sha256.Sum256(append(file, '!'))
	page = postVerify(t, srv.URL, raw, hex.EncodeToString(changed[:]))
	if !strings.Contains(page, `data-valid="false"`) || !strings.Contains(page, `data-file="mismatch"`) {
		t.Errorf("a changed file verified:\n%s", page)
	}
	// A tampered certificate fails, says why, and is not presented as a
	// record of deposit.
	tampered := bytes.Replace(raw, []byte("上海地铁"), []byte("北京地铁"), 1)
	page = postVerify(t, srv.URL, tampered, "")
	if !strings.Contains(page, `data-valid="false"`) || !strings.Contains(page, "The certificate was altered") || strings.Contains(page, "Deposited by") {
		t.Errorf("a tampered certificate verified or showed its record:\n%s", page[strings.Index(page, "verify-result"):])
	}
}
