package metro_test

import (
	"bytes"
	"compress/flate"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"image"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	qrcode "github.com/skip2/go-qrcode"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/consortium"
	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/crypto/seal"
	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/services/metro"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify/proofpb"
)

// invoiceScenario is a small consortium for the invoice tests: three
// cities and the tax bureau.
type invoiceScenario struct {
	c       *testnet.Cluster
	d       *metro.Deployment
	cities  map[string]*metro.City
	bureau  *metro.TaxBureau
	genesis *types.Genesis
}

func newInvoiceScenario(t *testing.T, cities ...string) *invoiceScenario {
	t.Helper()
	names := append(append([]string{}, cities...), "taxbureau")
	c := testnet.New(t, testnet.Options{Nodes: len(names), OrgNames: names})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	start := time.Now()
	d, err := metro.Setup(ctx, metro.SetupConfig{Network: c.Network, Cities: cities, TaxBureau: "taxbureau", Dir: t.TempDir(), Rules: metro.FareRules{Stations: 12, Zones: 3, Base: 200, PerZone: 100, Max: 1000}})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("set up %d cities in %.1fs", len(cities), time.Since(start).Seconds())
	s := &invoiceScenario{c: c, d: d, cities: map[string]*metro.City{}}
	for _, name := range cities {
		city, err := d.Connect(ctx, c.Network, name)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { city.Client.Close() })
		s.cities[name] = city
	}
	if s.bureau, err = d.ConnectTaxBureau(ctx, c.Network); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.bureau.Client.Close() })
	if s.genesis, err = types.LoadGenesis(c.Network.Genesis); err != nil {
		t.Fatal(err)
	}
	return s
}

// employer creates an employer account with its own signing and
// encryption keys, funded by the tax bureau.
func (s *invoiceScenario) employer(t *testing.T, ctx context.Context, name string) *metro.Employer {
	t.Helper()
	signer, err := crypto.GenerateKey(types.SignatureScheme_ED25519)
	if err != nil {
		t.Fatal(err)
	}
	key, err := seal.GenerateEncryptionKey("intl")
	if err != nil {
		t.Fatal(err)
	}
	a := sdk.Account{Name: name, Signer: signer, Suite: s.c.Network.Suite()}
	if err := metro.CreateEmployerAccount(ctx, s.bureau.Client, s.bureau.Opt, a, key, s.bureau.Account, 10_000_000); err != nil {
		t.Fatal(err)
	}
	return &metro.Employer{Client: s.bureau.Client, Account: a, Key: key, Contract: s.bureau.Contract, Opt: s.bureau.Opt}
}

// paidRide records a ride of a rider of home at city's gates and, if
// paid, confirms its payment by the home city.
func (s *invoiceScenario) paidRide(t *testing.T, ctx context.Context, home, city string, serial uint64, paid bool) [32]byte {
	t.Helper()
	code, _ := metro.CodeOf(city)
	id := metro.RideID(code, "gate-inv", serial)
	r := metro.Ride{ID: metro.Hex(id), Rider: metro.Hex(metro.RiderID([]byte("k"), home+string(rune('a'+serial)))), Home: home, City: city,
		Entry: 1, Exit: 12, EntryAt: "2026-12-01T08:00:00Z", ExitAt: "2026-12-01T08:40:00Z", Fare: 400}
	if _, err := s.cities[city].RecordRide(ctx, r); err != nil {
		t.Fatal(err)
	}
	if paid {
		if err := s.cities[home].ConfirmPayment(ctx, id, [32]byte{1}); err != nil {
			t.Fatal(err)
		}
	}
	return id
}

// TestInvoiceIssuedOnceReimbursedOnceAuditedAndVerifiedOffline: an invoice
// is issued once per paid ride (an unpaid ride, a second invoice, a used
// number and another city are refused), reimbursed once by a registered
// employer (a second time and an unregistered employer are refused); the
// tax bureau lists and opens every invoice, a city not party cannot open
// one; the PDF's QR code, read back from the rendered page, verifies
// offline against the genesis, and a tampered QR code or another chain's
// genesis fails.
func TestInvoiceIssuedOnceReimbursedOnceAuditedAndVerifiedOffline(t *testing.T) {
	if testing.Short() {
		t.Skip("a consortium of 4 nodes")
	}
	// Three cities and the tax bureau; CAUSEWAY_INVOICE_CITIES=N (up to
	// 11) runs the same with N cities, to measure the QR code of a larger
	// consortium.
	cities := []string{"shanghai", "hangzhou", "nanjing"}
	if n, err := strconv.Atoi(os.Getenv("CAUSEWAY_INVOICE_CITIES")); err == nil && n > 3 && n <= len(cityNames) {
		cities = append(cities, []string{"suzhou", "ningbo", "hefei", "wuxi", "changzhou", "wenzhou", "xuzhou", "nantong"}[:n-3]...)
	}
	s := newInvoiceScenario(t, cities...)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	sh, hz, nj := s.cities["shanghai"], s.cities["hangzhou"], s.cities["nanjing"]

	// Rides at Shanghai's gates by Hangzhou riders: two paid, one unpaid;
	// one at Nanjing's by a Shanghai rider, paid.
	paid1 := s.paidRide(t, ctx, "hangzhou", "shanghai", 1, true)
	paid2 := s.paidRide(t, ctx, "hangzhou", "shanghai", 2, true)
	unpaid := s.paidRide(t, ctx, "hangzhou", "shanghai", 3, false)
	paid3 := s.paidRide(t, ctx, "shanghai", "nanjing", 4, true)

	acme := s.employer(t, ctx, "employer-acme")
	rogue := s.employer(t, ctx, "employer-rogue")
	if err := s.bureau.RegisterEmployer(ctx, acme.Account.ID(), "上海某某科技有限公司"); err != nil {
		t.Fatal(err)
	}
	// Only the tax bureau registers employers.
	if _, err := acme.Reimburse(ctx, "NOPE-1"); !errors.Is(err, metro.ErrUnknownInvoice) {
		t.Fatalf("reimbursing an unknown invoice: %v", err)
	}

	buyer := metro.InvoiceContent{Buyer: "上海某某科技有限公司", BuyerTaxID: "91310000MA1FL0000X"}
	if _, err := sh.IssueInvoice(ctx, unpaid, "SH-2026-0000", buyer, acme.Account.Name); !errors.Is(err, metro.ErrNotPaid) {
		t.Fatalf("invoice of an unpaid ride: %v", err)
	}
	inv, err := sh.IssueInvoice(ctx, paid1, "SH-2026-0001", buyer, acme.Account.Name)
	if err != nil {
		t.Fatal(err)
	}
	if inv.Content.Amount != 400 || inv.Content.Issuer != "shanghai" || inv.Content.Ride != metro.Hex(paid1) {
		t.Fatalf("issued %+v", inv.Content)
	}
	if _, err := sh.IssueInvoice(ctx, paid1, "SH-2026-0002", buyer, acme.Account.Name); !errors.Is(err, metro.ErrInvoiceExists) {
		t.Fatalf("second invoice of a ride: %v", err)
	}
	if _, err := sh.IssueInvoice(ctx, paid2, "SH-2026-0001", buyer); !errors.Is(err, metro.ErrInvoiceNumberUsed) {
		t.Fatalf("an invoice number used twice: %v", err)
	}
	if _, err := hz.IssueInvoice(ctx, paid2, "HZ-2026-0001", buyer); !errors.Is(err, metro.ErrNotTheRideCity) {
		t.Fatalf("the home city issues the ride city's invoice: %v", err)
	}
	inv2, err := sh.IssueInvoice(ctx, paid2, "SH-2026-0002", metro.InvoiceContent{Buyer: "个人 (individual)"})
	if err != nil {
		t.Fatal(err)
	}
	inv3, err := nj.IssueInvoice(ctx, paid3, "NJ-2026-0001", buyer, acme.Account.Name)
	if err != nil {
		t.Fatal(err)
	}

	// Reimbursed once, by a registered employer only.
	if _, err := rogue.Reimburse(ctx, "SH-2026-0001"); !errors.Is(err, metro.ErrNotAnEmployer) {
		t.Fatalf("an unregistered employer reimburses: %v", err)
	}
	if _, err := acme.Reimburse(ctx, "SH-2026-0001"); err != nil {
		t.Fatal(err)
	}
	if _, err := acme.Reimburse(ctx, "SH-2026-0001"); !errors.Is(err, metro.ErrAlreadyReimbursed) {
		t.Fatalf("second reimbursement: %v", err)
	}
	st, err := acme.Invoice(ctx, "SH-2026-0001")
	if err != nil {
		t.Fatal(err)
	}
	if st.ReimbursedBy != hex.EncodeToString(metro.Address(acme.Account.ID()).Bytes()) || st.Amount != 400 || st.Digest != inv.Digest {
		t.Fatalf("invoice state %+v", st)
	}

	// The tax bureau's auditor view: every invoice, opened.
	all, err := s.bureau.Invoices(ctx, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	count, err := s.bureau.InvoiceCount(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]*metro.IssuedInvoice{"SH-2026-0001": inv, "SH-2026-0002": inv2, "NJ-2026-0001": inv3}
	if len(all) != len(want) || count != uint64(len(want)) {
		t.Fatalf("the auditor sees %d invoices, the contract counts %d, want %d", len(all), count, len(want))
	}
	for _, a := range all {
		w := want[a.Number]
		if a.Err != nil || w == nil || a.Content == nil || a.TxHash != w.TxHash || !bytes.Equal(mustEncode(t, a.Content), w.Encoded) {
			t.Fatalf("auditor's view of %s: %+v (err %v)", a.Number, a.Content, a.Err)
		}
	}
	// A city not party cannot open an invoice; the issuer and the
	// employer it is sealed to can.
	if _, _, err := nj.OpenInvoice(ctx, inv.TxHash); !errors.Is(err, sdk.ErrNotAReader) {
		t.Fatalf("nanjing opened shanghai's invoice: %v", err)
	}
	if _, _, err := hz.OpenInvoice(ctx, inv.TxHash); !errors.Is(err, sdk.ErrNotAReader) {
		t.Fatalf("hangzhou opened shanghai's invoice: %v", err)
	}
	if _, _, err := rogue.OpenInvoice(ctx, inv.TxHash); !errors.Is(err, sdk.ErrNotAReader) {
		t.Fatalf("another employer opened the invoice: %v", err)
	}
	for who, open := range map[string]func(context.Context, types.Hash) (*metro.InvoiceContent, []byte, error){"shanghai": sh.OpenInvoice, "the employer": acme.OpenInvoice} {
		_, b, err := open(ctx, inv.TxHash)
		if err != nil || !bytes.Equal(b, inv.Encoded) {
			t.Fatalf("%s opens its invoice: %v", who, err)
		}
	}

	// The QR code and the full certificate.
	qr, cert, err := sh.InvoiceProof(ctx, inv)
	if err != nil {
		t.Fatal(err)
	}
	v, err := metro.VerifyInvoiceQR(qr, s.genesis, metro.WithContract(sh.Contract))
	if err != nil {
		t.Fatal(err)
	}
	if v.Content.Number != "SH-2026-0001" || v.Content.Amount != 400 || v.Content.Buyer != buyer.Buyer || v.TxHash != inv.TxHash.String() || v.Height != inv.Height || v.Full {
		t.Fatalf("verified %+v", v)
	}
	full, err := metro.VerifyInvoiceCertificate(cert, s.genesis, metro.WithContract(sh.Contract))
	if err != nil || !full.Full || full.Digest != v.Digest {
		t.Fatalf("certificate: %+v, %v", full, err)
	}
	var aux []int
	for _, f := range qrFields(t, qr) {
		if f.num == 8 {
			qs := &types.QuorumSignature{}
			proto.Unmarshal(f.val, qs)
			aux = append(aux, len(qs.Aux))
		}
	}
	if p, err := sh.Client.GetTxProof(ctx, inv.TxHash); err == nil {
		fullBytes, _ := proto.Marshal(p)
		var z bytes.Buffer
		w, _ := flate.NewWriter(&z, flate.BestCompression)
		w.Write(fullBytes)
		w.Close()
		t.Logf("full TxProof: %d bytes, %d deflated (%d configuration changes); certificate %d bytes", len(fullBytes), z.Len(), len(p.GetConfigChain().GetChanges()), len(cert))
	}
	version := 0
	if q, err := qrcode.New(qr, qrcode.Medium); err == nil {
		version = q.VersionNumber
	}
	t.Logf("QR content %d characters (version %d at level M); signers %v; signature aux sizes %v", len(qr), version, v.Signers, aux)

	// Tampering and another chain.
	checkTampered(t, qr, s.genesis)
	other, err := consortium.Generate(consortium.Options{Dir: t.TempDir(), Orgs: len(cities) + 1, ChainID: s.genesis.ChainID, OrgNames: append(cities, "taxbureau")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := metro.VerifyInvoiceQR(qr, other.Genesis); !errors.Is(err, metro.ErrWrongChain) {
		t.Fatalf("another chain's genesis: %v", err)
	}
	// Claiming the other chain's genesis: its nodes signed nothing here.
	oh := other.Genesis.Hash()
	if _, err := metro.VerifyInvoiceQR(rewriteQR(t, qr, 9, oh[:8]), other.Genesis); !errors.Is(err, metro.ErrInvoiceProof) {
		t.Fatalf("a QR code claiming another chain's genesis: %v", err)
	}
	if _, err := metro.VerifyInvoiceCertificate(cert, other.Genesis); err == nil {
		t.Fatal("the certificate verifies against another chain's genesis")
	}
	if _, err := metro.VerifyInvoiceQR(qr, s.genesis, metro.WithContract(make([]byte, 20))); !errors.Is(err, metro.ErrInvoiceContent) {
		t.Fatalf("another contract: %v", err)
	}

	// The PDF: its QR code, read back from the rendered page, verifies.
	checkPDF(t, &metro.InvoicePDF{Content: inv.Content, QR: qr, Certificate: cert, ChainID: s.genesis.ChainID, TxHash: inv.TxHash.String(), Height: inv.Height}, s.genesis)
}

func readPNG(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return png.Decode(f)
}

func mustEncode(t *testing.T, c *metro.InvoiceContent) []byte {
	b, err := c.Encode()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// qrFields decodes a QR code's payload into its wire fields, in order.
type qrField struct {
	num protowire.Number
	typ protowire.Type
	val []byte
	v   uint64
}

func qrFields(t *testing.T, qr string) []qrField {
	t.Helper()
	z, err := metro.Base45Decode(strings.TrimPrefix(qr, metro.QRPrefix))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(flate.NewReader(bytes.NewReader(z)))
	if err != nil {
		t.Fatal(err)
	}
	var out []qrField
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		b = b[n:]
		f := qrField{num: num, typ: typ}
		if typ == protowire.VarintType {
			f.v, n = protowire.ConsumeVarint(b)
		} else {
			f.val, n = protowire.ConsumeBytes(b)
		}
		if n < 0 {
			t.Fatal("bad QR payload")
		}
		b = b[n:]
		out = append(out, f)
	}
	return out
}

func encodeQR(fs []qrField) string {
	var b []byte
	for _, f := range fs {
		b = protowire.AppendTag(b, f.num, f.typ)
		if f.typ == protowire.VarintType {
			b = protowire.AppendVarint(b, f.v)
		} else {
			b = protowire.AppendBytes(b, f.val)
		}
	}
	var z bytes.Buffer
	w, _ := flate.NewWriter(&z, flate.BestCompression)
	w.Write(b)
	w.Close()
	return metro.QRPrefix + metro.Base45Encode(z.Bytes())
}

// rewriteQR replaces the first field num of a QR code's payload.
func rewriteQR(t *testing.T, qr string, num protowire.Number, val []byte) string {
	fs := qrFields(t, qr)
	for i := range fs {
		if fs[i].num == num {
			fs[i].val = val
			break
		}
	}
	return encodeQR(fs)
}

func checkTampered(t *testing.T, qr string, g *types.Genesis) {
	t.Helper()
	fs := qrFields(t, qr)
	var content, receipt []byte
	var sig int
	for i, f := range fs {
		switch f.num {
		case 1:
			content = f.val
		case 3:
			receipt = f.val
		case 8:
			sig = i
		}
	}
	// A changed amount: the content no longer has the digest the chain
	// committed.
	changed := bytes.Replace(content, []byte(`"amount":400`), []byte(`"amount":4000`), 1)
	if bytes.Equal(changed, content) {
		t.Fatalf("no amount in %s", content)
	}
	if _, err := metro.VerifyInvoiceQR(rewriteQR(t, qr, 1, changed), g); !errors.Is(err, metro.ErrInvoiceContent) {
		t.Fatalf("a QR code with a changed amount: %v", err)
	}
	// A changed buyer, likewise.
	if _, err := metro.VerifyInvoiceQR(rewriteQR(t, qr, 1, bytes.Replace(content, []byte("上海"), []byte("北京"), 1)), g); !errors.Is(err, metro.ErrInvoiceContent) {
		t.Fatalf("a QR code with a changed buyer: %v", err)
	}
	// A changed receipt (the event's amount): off the Merkle path.
	rc := &types.Receipt{}
	if err := proto.Unmarshal(receipt, rc); err != nil {
		t.Fatal(err)
	}
	for _, l := range rc.Logs {
		if len(l.Data) >= 32 {
			l.Data[31] ^= 0x40
		}
	}
	if _, err := metro.VerifyInvoiceQR(rewriteQR(t, qr, 3, types.EncodeReceipt(rc)), g); !errors.Is(err, metro.ErrInvoiceProof) {
		t.Fatalf("a QR code with a changed receipt: %v", err)
	}
	// A forged signature.
	qs := &types.QuorumSignature{}
	if err := proto.Unmarshal(fs[sig].val, qs); err != nil {
		t.Fatal(err)
	}
	qs.Signature[3] ^= 1
	forged := append([]qrField{}, fs...)
	forged[sig].val, _ = proto.Marshal(qs)
	if _, err := metro.VerifyInvoiceQR(encodeQR(forged), g); !errors.Is(err, metro.ErrInvoiceProof) {
		t.Fatalf("a QR code with a forged signature: %v", err)
	}
	// Too few signatures.
	var few []qrField
	n := 0
	for _, f := range fs {
		if f.num == 8 {
			if n++; n > 1 {
				continue
			}
		}
		few = append(few, f)
	}
	if _, err := metro.VerifyInvoiceQR(encodeQR(few), g); !errors.Is(err, metro.ErrInvoiceProof) {
		t.Fatalf("a QR code with one signature: %v", err)
	}
	// Not an invoice QR code at all.
	for _, bad := range []string{"", "CWINV1:", "CWINV1:%%%", "https://example.com/", qr[:len(qr)/2]} {
		if _, err := metro.VerifyInvoiceQR(bad, g); !errors.Is(err, metro.ErrInvoiceQR) {
			t.Fatalf("QR content %.20q: %v", bad, err)
		}
	}
}

// checkPDF renders the invoice's PDF page with poppler's pdftoppm, reads
// the QR code back with gozxing and verifies it offline; the attached
// certificate is extracted with pdfdetach and verified. Without poppler
// the test skips that part, unless CAUSEWAY_REQUIRE_CJK_PDF=1.
func checkPDF(t *testing.T, p *metro.InvoicePDF, g *types.Genesis) {
	t.Helper()
	dir := t.TempDir()
	var buf bytes.Buffer
	if err := metro.WriteInvoicePDF(&buf, p); err != nil {
		t.Fatal(err)
	}
	if d := os.Getenv("CAUSEWAY_INVOICE_PDF_DIR"); d != "" {
		dir = d
	}
	file := filepath.Join(dir, "invoice.pdf")
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("invoice PDF: %d KiB", buf.Len()>>10)
	pdftoppm, err1 := exec.LookPath("pdftoppm")
	pdftotext, err2 := exec.LookPath("pdftotext")
	if err1 != nil || err2 != nil {
		if os.Getenv("CAUSEWAY_REQUIRE_CJK_PDF") == "1" {
			t.Fatal("poppler-utils is not installed, and CAUSEWAY_REQUIRE_CJK_PDF=1")
		}
		t.Log("poppler-utils is not installed: the PDF's QR code is not read back")
		return
	}
	if out, err := exec.Command(pdftotext, "-enc", "UTF-8", file, "-").CombinedOutput(); err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	} else if os.Getenv("CAUSEWAY_REQUIRE_CJK_PDF") == "1" || !strings.Contains(string(out), "?") {
		for _, want := range []string{p.Content.Number, "上海某某科技有限公司", "电子发票", "4.00"} {
			if !strings.Contains(string(out), want) {
				t.Errorf("the PDF text lacks %q:\n%s", want, out)
			}
		}
	}
	// gozxing's detector misjudges the module size of large symbols at
	// some resolutions (a version-31 symbol reads at 200 and 400 dpi but
	// not always at 300): read the page as scanners do, at one of the
	// usual resolutions.
	text := ""
	var errs []string
	for _, dpi := range []string{"300", "200", "400", "600"} {
		if out, err := exec.Command(pdftoppm, "-png", "-r", dpi, "-gray", "-singlefile", file, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v\n%s", err, out)
		}
		img, err := readPNG(filepath.Join(dir, "page.png"))
		if err != nil {
			t.Fatal(err)
		}
		if text, err = metro.ReadQRImage(img); err == nil {
			t.Logf("the QR code read from the page rendered at %s dpi", dpi)
			break
		}
		errs = append(errs, dpi+" dpi: "+err.Error())
	}
	if text == "" {
		t.Fatalf("no QR code read from the rendered page: %v", errs)
	}
	if text != p.QR {
		t.Fatalf("the page's QR code reads %d characters, want the %d of the invoice's", len(text), len(p.QR))
	}
	v, err := metro.VerifyInvoiceQR(text, g)
	if err != nil {
		t.Fatalf("the QR code read from the page: %v", err)
	}
	if v.Content.Number != p.Content.Number || v.Content.Amount != p.Content.Amount {
		t.Fatalf("the page's QR code proves %+v", v.Content)
	}
	// The attached certificate.
	if pdfdetach, err := exec.LookPath("pdfdetach"); err == nil {
		out := filepath.Join(dir, "cert.json")
		if b, err := exec.Command(pdfdetach, "-save", "1", "-o", out, file).CombinedOutput(); err != nil {
			t.Fatalf("pdfdetach: %v\n%s", err, b)
		}
		cert, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := metro.VerifyInvoiceCertificate(cert, g); err != nil {
			t.Fatalf("the attached certificate: %v", err)
		}
	}
}

// TestInvoiceQRSize measures the QR content for consortia of 4 to 16
// nodes from a real proof's parts: the content and receipt of a typical
// invoice, a Merkle path in a block of 500 transactions, a header, and
// commit signatures of the size this chain's nodes make (ed25519, with
// SmartBFT's aux, 4 to 7 bytes measured: 8 here): a quorum's, as blocks carry, and every node's,
// the worst case. It checks that it fits a QR code (version 40 at most)
// and logs the version.
func TestInvoiceQRSize(t *testing.T) {
	sigSize := func() []byte { b := make([]byte, 64); rand.Read(b); return b }
	hash := func() []byte { b := make([]byte, 32); rand.Read(b); return b }
	enc, _ := (&metro.InvoiceContent{Format: metro.InvoiceFormat, Number: "SH-2026-000000001", Ride: hex.EncodeToString(hash()), Amount: 400,
		Issuer: "shanghai", Buyer: "上海某某科技有限公司", BuyerTaxID: "91310000MA1FL0000X", IssuedAt: "2026-12-01T08:41:07Z",
		Items: []metro.InvoiceItem{{Name: metro.DefaultItem, Quantity: 1, Amount: 400}}, Salt: hex.EncodeToString(hash()[:16])}).Encode()
	data := append(make([]byte, 24), 0x01, 0x90)
	data = append(data, make([]byte, 6)...)
	data = append(data, hash()...)
	rc := &types.Receipt{TxHash: hash(), Status: types.ReceiptStatus_SUCCESS, Height: 123456, Index: 321, GasUsed: 71234,
		Logs: []*types.Log{{Address: hash()[:20], Topics: [][]byte{hash(), hash(), hash(), hash()}, Data: data}}}
	var sib [][]byte
	for range 9 {
		sib = append(sib, hash())
	}
	for _, c := range []struct{ nodes, sigs int }{{4, 3}, {7, 5}, {7, 7}, {8, 6}, {12, 8}, {12, 12}, {16, 11}} {
		n := c.sigs
		var sigs []*types.QuorumSignature
		for i := range n {
			// aux: SmartBFT's signature auxiliary data, as measured on this
			// chain's blocks (see the e2e test's log); 0 when none.
			sigs = append(sigs, &types.QuorumSignature{Signer: uint64(i + 1), Signature: sigSize(), Aux: auxSample})
		}
		p := &proofpb.TxProof{Receipt: rc, ReceiptProof: &proofpb.MerkleProof{Index: 321, Total: 500, Siblings: sib},
			Next: &proofpb.SignedHeader{Header: &types.BlockHeader{ChainId: "causeway-metro", Height: 123457, PrevHash: hash(), TimeMs: time.Now().UnixMilli(),
				TxRoot: hash(), StateRoot: hash(), ReceiptRoot: hash(), TxCount: 500, Proposer: 3}, Signatures: sigs},
			ConfigChain: &proofpb.ConfigChain{GenesisHash: hash()}}
		qr, err := metro.InvoiceQR(enc, hash()[:20], p)
		if err != nil {
			t.Fatal(err)
		}
		q, err := qrcode.New(qr, qrcode.Low)
		if err != nil {
			t.Fatalf("%d nodes: %d characters do not fit a QR code: %v", n, len(qr), err)
		}
		qm, errM := qrcode.New(qr, qrcode.Medium)
		level := "L"
		if errM == nil {
			level, q = "M", qm
		}
		t.Logf("%2d nodes, %2d signatures: QR content %d characters, version %d at level %s", c.nodes, n, len(qr), q.VersionNumber, level)
	}
}

// auxSample is a commit signature's aux of the size this chain's blocks
// carry (TestInvoiceIssuedOnceReimbursedOnceAuditedAndVerifiedOffline logs it).
var auxSample = make([]byte, auxBytes)

const auxBytes = 8

// Base45 follows RFC 9285's examples, round-trips, and refuses what is
// not base45.
func TestInvoiceBase45(t *testing.T) {
	for plain, enc := range map[string]string{"AB": "BB8", "Hello!!": "%69 VD92EX0", "base-45": "UJCLQE7W581", "ietf!": "QED8WEX0", "": ""} {
		if got := metro.Base45Encode([]byte(plain)); got != enc {
			t.Errorf("encode %q: %q, want %q", plain, got, enc)
		}
		if got, err := metro.Base45Decode(enc); err != nil || string(got) != plain {
			t.Errorf("decode %q: %q, %v", enc, got, err)
		}
	}
	for i := 0; i < 200; i++ {
		b := make([]byte, i)
		rand.Read(b)
		if got, err := metro.Base45Decode(metro.Base45Encode(b)); err != nil || !bytes.Equal(got, b) {
			t.Fatalf("round trip of %d bytes: %v", i, err)
		}
	}
	for _, bad := range []string{"A", "GGW", "ab8", "BB8A", ":::"} {
		if _, err := metro.Base45Decode(bad); err == nil {
			t.Errorf("decoded %q", bad)
		}
	}
}
