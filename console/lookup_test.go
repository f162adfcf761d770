package console

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/services/evidence"
	"github.com/causeway/causeway/types"
)

// The page a certificate's QR code leads to: in a browser without a
// session, the QR content (pasted at /lookup, or mapped to /q/...) shows
// that record's verification — valid, who, what, when — and nothing else:
// not another deposit, not the console's org, no private page. A wrong
// digest, another chain or an unknown id get the same "no record" answer.
func TestLookupPageShowsOnlyThatRecord(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a cluster")
	}
	cl := testnet.New(t, testnet.Options{Nodes: 1})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	nc, err := DialNetwork(ctx, cl.Network, cl.Network.Orgs[0].Name, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	sum := sha256.Sum256([]byte("batch 2026-11 of tea, Pu'er 普洱\n"))
	digest := hex.EncodeToString(sum[:])
	mine, err := nc.Deposit(ctx, evidence.Request{Hash: digest, HashAlgorithm: "sha256", Metadata: map[string]string{"owner": "云南茶厂", "note": "<script>alert(1)</script>"}})
	if err != nil {
		t.Fatal(err)
	}
	other, err := nc.Deposit(ctx, evidence.Request{Hash: strings.Repeat("77", 32), HashAlgorithm: "sha256", Metadata: map[string]string{"owner": "another-secret-owner"}})
	if err != nil {
		t.Fatal(err)
	}
	id, _ := types.ParseHash(mine.ID)
	cert, err := nc.Certificate(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	g, err := types.LoadGenesis(cl.Network.Genesis)
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Options{Chain: nc, Geneses: []*types.Genesis{g}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	get := func(path string) (int, string) {
		t.Helper()
		resp, err := http.Get(srv.URL + path) // no cookies: no session
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	qr := evidence.QRContent(cert)
	status, page := get("/lookup?qr=" + url.QueryEscape(qr))
	if status != http.StatusOK {
		t.Fatalf("lookup of %s: %d\n%s", qr, status, page)
	}
	for _, want := range []string{`data-valid="true"`, "云南茶厂", mine.ID, digest, "&lt;script&gt;alert(1)&lt;/script&gt;", "org1"} {
		if !strings.Contains(page, want) {
			t.Errorf("the lookup page lacks %q", want)
		}
	}
	for _, leak := range []string{other.ID, "another-secret-owner", cl.Network.Nodes[0].GRPC, `href="/explorer`, `href="/evidence`,
		`href="/governance`, `href="/members`, `href="/contracts`, `action="/logout"`, "<script>alert"} {
		if strings.Contains(page, leak) {
			t.Errorf("the lookup page shows %q", leak)
		}
	}
	// The same answer for a wrong digest, another chain, an unknown id.
	base := "/q/evidence/" + mine.ID
	for _, p := range []string{
		base + "?chain=" + url.QueryEscape(cl.Network.ChainID) + "&hash=sha256:" + strings.Repeat("77", 32),
		base + "?chain=other-chain&hash=sha256:" + digest,
		"/q/evidence/" + strings.Repeat("ab", 32) + "?chain=" + url.QueryEscape(cl.Network.ChainID) + "&hash=sha256:" + digest,
		"/q/evidence/" + other.ID + "?chain=" + url.QueryEscape(cl.Network.ChainID) + "&hash=sha256:" + digest,
	} {
		status, page := get(p)
		if status != http.StatusNotFound || strings.Contains(page, "another-secret-owner") || strings.Contains(page, "云南茶厂") {
			t.Errorf("%s: %d", p, status)
		}
	}
	if status, _ := get("/lookup?qr=" + url.QueryEscape("https://evil.example/x")); status != http.StatusBadRequest {
		t.Errorf("a foreign QR content: %d", status)
	}
}
