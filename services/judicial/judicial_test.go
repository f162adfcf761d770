package judicial_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/services/evidence"
	"github.com/causeway/causeway/services/judicial"
	"github.com/causeway/causeway/types"
)

// chains are a notary chain and a court chain with the scenario's orgs,
// smaller: two companies and the arbitration commission on both.
type chains struct {
	notary, court *testnet.Cluster
	geneses       []*types.Genesis
}

func twoChains(t *testing.T) *chains {
	t.Helper()
	n := testnet.New(t, testnet.Options{Nodes: 4, ChainID: judicial.NotaryChain, OrgNames: []string{"notary-xuhui", "sh-arbitration", "huaxin-electronics", "acme-trading"}})
	c := testnet.New(t, testnet.Options{Nodes: 4, ChainID: judicial.CourtChain, OrgNames: []string{"court-pudong", "sh-arbitration", "huaxin-electronics", "acme-trading"}})
	return &chains{notary: n, court: c, geneses: []*types.Genesis{n.Node(0).Genesis(), c.Node(0).Genesis()}}
}

// party is an org's evidence service over clusters cs and its identity.
func party(t *testing.T, org string, cs ...*testnet.Cluster) (*evidence.Service, pki.Identity) {
	t.Helper()
	var chs []evidence.Chain
	var id pki.Identity
	for _, c := range cs {
		i := orgIndex(t, c.Network, org)
		chs = append(chs, evidence.Chain{ChainID: c.Network.ChainID, Client: c.Client(i), Account: c.Account(i)})
		cert, err := pki.LoadCertPEM(c.Network.Orgs[i].Client.Cert)
		if err != nil {
			t.Fatal(err)
		}
		id = pki.IdentityOf(cert)
	}
	s, err := evidence.New(evidence.Options{CertifyAfter: 50 * time.Millisecond}, chs...)
	if err != nil {
		t.Fatal(err)
	}
	return s, id
}

func orgIndex(t *testing.T, nw *sdk.Network, org string) int {
	t.Helper()
	for i, o := range nw.Orgs {
		if o.Name == org {
			return i
		}
	}
	t.Fatalf("no org %s on %s", org, nw.ChainID)
	return -1
}

func deposit(t *testing.T, ctx context.Context, s *evidence.Service, who pki.Identity, doc string, md map[string]string, readers ...string) types.Hash {
	t.Helper()
	d := sha256.Sum256([]byte(doc))
	dep, err := s.Deposit(ctx, who, evidence.Request{Hash: hex.EncodeToString(d[:]), HashAlgorithm: "sha256", Metadata: md, Readers: readers})
	if err != nil {
		t.Fatal(err)
	}
	h, err := types.ParseHash(dep.ID)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// A package of three deposits by two companies, each anchored on the
// notary chain and the court chain, exported by the seller: it verifies
// offline against both geneses and reports who deposited what and when on
// which chains; every change to it fails with its precise reason, naming
// the deposit and the field.
func TestPackageRoundTripAndTampering(t *testing.T) {
	if testing.Short() {
		t.Skip("two consortia of 4 nodes")
	}
	ch := twoChains(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	seller, sellerID := party(t, "huaxin-electronics", ch.notary, ch.court)
	buyer, buyerID := party(t, "acme-trading", ch.notary, ch.court)
	contract := deposit(t, ctx, seller, sellerID, "采购合同 HX-2026-0117 signed by both parties",
		map[string]string{"file_name": "采购合同-HX-2026-0117.pdf", "type": "contract", "business_id": "HX-2026-0117"}, "acme-trading", "sh-arbitration")
	delivery := deposit(t, ctx, seller, sellerID, "delivery note DN-5531: 2000 units, signed by the carrier",
		map[string]string{"file_name": "delivery-note-DN-5531.pdf", "type": "delivery_note", "business_id": "HX-2026-0117"}, "acme-trading")
	acceptance := deposit(t, ctx, buyer, buyerID, "验收记录: 2000 units received, 12 damaged",
		map[string]string{"file_name": "验收记录.pdf", "type": "acceptance", "business_id": "HX-2026-0117"}, "huaxin-electronics")
	ids := []types.Hash{contract, delivery, acceptance}

	start := time.Now()
	pkg, err := judicial.Export(ctx, seller, sellerID, ids, judicial.ExportOptions{Case: "（2026）沪0115民初1234号", Title: "买卖合同纠纷 sales contract dispute"})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("export: %v", time.Since(start))
	raw, err := pkg.JSON()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("package: %d bytes, summary %d bytes", len(raw), len(pkg.Summary))
	if !judicial.IsPackage(raw) {
		t.Fatal("IsPackage")
	}
	// Offline: parse the bytes and verify against the geneses alone.
	p, err := judicial.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	start = time.Now()
	rep, err := judicial.VerifyPackage(p, ch.geneses)
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	t.Logf("verify: %v", time.Since(start))
	if !rep.Valid || len(rep.Deposits) != 3 || !rep.SummaryChecked || rep.Seal == nil || rep.Seal.Record.Org != "huaxin-electronics" {
		t.Fatalf("report %+v", rep)
	}
	for i, d := range rep.Deposits {
		if d.Record.ID != ids[i].String() || len(d.Anchors) != 2 || !d.Anchors[0].Checked || !d.Anchors[1].Checked ||
			d.Anchors[0].ChainID != judicial.NotaryChain || d.Anchors[1].ChainID != judicial.CourtChain {
			t.Fatalf("deposit %d: %+v", i, d)
		}
	}
	if rep.Deposits[2].Record.Org != "acme-trading" || rep.Deposits[2].Label != "验收记录.pdf" || rep.Deposits[0].Record.Metadata["business_id"] != "HX-2026-0117" {
		t.Fatalf("who deposited what: %+v", rep.Deposits)
	}
	// Re-indenting the file changes nothing.
	var compact bytes.Buffer
	if err := json.Compact(&compact, raw); err != nil {
		t.Fatal(err)
	}
	if p2, err := judicial.Parse(compact.Bytes()); err != nil {
		t.Fatal(err)
	} else if _, err := judicial.VerifyPackage(p2, ch.geneses); err != nil {
		t.Fatalf("compact form: %v", err)
	}
	checkSummaryText(t, pkg.Summary, "电子证据包摘要", "验收记录.pdf", "（2026）沪0115民初1234号")

	// A certificate from another chain: a deposit on a third consortium.
	other := testnet.New(t, testnet.Options{Nodes: 1, ChainID: "other-chain", OrgNames: []string{"huaxin-electronics"}})
	osvc, oid := party(t, "huaxin-electronics", other)
	foreignID := deposit(t, ctx, osvc, oid, "delivery note DN-5531: 2000 units, signed by the carrier", map[string]string{"file_name": "delivery-note-DN-5531.pdf"})
	foreign, err := osvc.Certificate(ctx, oid, foreignID)
	if err != nil {
		t.Fatal(err)
	}
	// A certificate of the same deposits on the notary chain alone.
	notaryOnly, notaryID := party(t, "huaxin-electronics", ch.notary)
	single := deposit(t, ctx, notaryOnly, notaryID, "a note anchored on one chain", map[string]string{"file_name": "note.txt"})
	singleCert, err := notaryOnly.Certificate(ctx, notaryID, single)
	if err != nil {
		t.Fatal(err)
	}

	c0, c1 := contract.String(), delivery.String()
	tamperings := []struct {
		name   string
		change func(p *judicial.Package)
		// trusted: the geneses the court trusts (default both).
		trusted []*types.Genesis
		kind    error
		deposit string
		field   string // prefix of the reported field
		cause   string // the evidence error's code, when a certificate fails
	}{
		{name: "a byte of a certificate's metadata", change: func(p *judicial.Package) {
			editCert(t, p, 1, func(c *evidence.Certificate) { c.Evidence.Metadata["file_name"] = "delivery-note-DN-5532.pdf" })
		}, kind: judicial.ErrCertificate, deposit: c1, field: "certificates[1].evidence.metadata.file_name", cause: "certificate_mismatch"},
		{name: "a byte of a certificate's digest", change: func(p *judicial.Package) {
			editCert(t, p, 0, func(c *evidence.Certificate) { c.Evidence.Hash = flipHex(c.Evidence.Hash) })
		}, kind: judicial.ErrCertificate, deposit: c0, field: "certificates[0].evidence.hash", cause: "certificate_mismatch"},
		{name: "a byte of a stored record on the court chain", change: func(p *judicial.Package) {
			editCert(t, p, 0, func(c *evidence.Certificate) { c.Anchors[1].Record[len(c.Anchors[1].Record)-1] ^= 1 })
		}, kind: judicial.ErrCertificate, deposit: c0, field: "certificates[0].anchors[1].record", cause: "state_proof"},
		{name: "a byte of a commit signature", change: func(p *judicial.Package) {
			editCert(t, p, 1, func(c *evidence.Certificate) { c.Anchors[0].TxProof.Next.Signatures[0].Signature[3] ^= 1 })
		}, kind: judicial.ErrCertificate, deposit: c1, field: "certificates[1].anchors[0].tx_proof.next.signatures"},
		{name: "a byte of issued_at, which no proof covers", change: func(p *judicial.Package) {
			editCert(t, p, 2, func(c *evidence.Certificate) { c.IssuedAt = "2020-01-01T00:00:00Z" })
		}, kind: judicial.ErrCertificateChanged, deposit: acceptance.String(), field: "certificates[2]"},
		{name: "a proof swapped between two deposits", change: func(p *judicial.Package) {
			var a, b *evidence.Certificate
			editCert(t, p, 1, func(c *evidence.Certificate) { b = c })
			editCert(t, p, 0, func(c *evidence.Certificate) { a = c; c.Anchors[0].TxProof = b.Anchors[0].TxProof })
			_ = a
		}, kind: judicial.ErrCertificate, deposit: c0, field: "certificates[0].anchors[0]", cause: "certificate_mismatch"},
		{name: "an anchor removed", change: func(p *judicial.Package) {
			editCert(t, p, 1, func(c *evidence.Certificate) { c.Anchors = c.Anchors[:1] })
		}, kind: judicial.ErrAnchorMissing, deposit: c1, field: "certificates[1].anchors"},
		{name: "the anchors reordered", change: func(p *judicial.Package) {
			editCert(t, p, 1, func(c *evidence.Certificate) { c.Anchors[0], c.Anchors[1] = c.Anchors[1], c.Anchors[0] })
		}, kind: judicial.ErrCertificate, deposit: c1, field: "certificates[1].evidence"},
		{name: "a certificate from another chain", change: func(p *judicial.Package) {
			p.Certificates[1] = mustJSON(t, foreign)
		}, kind: judicial.ErrUntrustedGenesis, deposit: c1, field: "certificates[1].anchors[0].genesis_hash", cause: "no_genesis"},
		{name: "a certificate of another deposit on a trusted chain", change: func(p *judicial.Package) {
			p.Certificates[1] = mustJSON(t, singleCert)
		}, kind: judicial.ErrWrongDeposit, deposit: c1, field: "certificates[1].evidence.id"},
		{name: "two certificates swapped", change: func(p *judicial.Package) {
			p.Certificates[0], p.Certificates[1] = p.Certificates[1], p.Certificates[0]
		}, kind: judicial.ErrWrongDeposit, deposit: c0, field: "certificates[0].evidence.id"},
		{name: "a certificate removed", change: func(p *judicial.Package) {
			p.Certificates = p.Certificates[:2]
		}, kind: judicial.ErrMalformed, field: "certificates"},
		{name: "the manifest's case changed", change: func(p *judicial.Package) {
			editManifest(t, p, func(m *judicial.Manifest) { m.Case = "（2026）沪0115民初1235号" })
		}, kind: judicial.ErrManifestChanged, field: "manifest"},
		{name: "a deposit dropped from the manifest and its certificate", change: func(p *judicial.Package) {
			editManifest(t, p, func(m *judicial.Manifest) { m.Deposits = m.Deposits[:2] })
			p.Certificates = p.Certificates[:2]
		}, kind: judicial.ErrManifestChanged, field: "manifest"},
		{name: "the summary changed", change: func(p *judicial.Package) {
			p.Summary[len(p.Summary)/2] ^= 1
		}, kind: judicial.ErrSummaryChanged, field: "summary_pdf"},
		{name: "the seal's signature changed", change: func(p *judicial.Package) {
			c, err := evidence.ParseCertificate(p.Seal)
			if err != nil {
				t.Fatal(err)
			}
			c.Anchors[1].TxProof.Next.Signatures[0].Signature[0] ^= 1
			p.Seal = mustJSON(t, c)
		}, kind: judicial.ErrSeal, field: "seal.anchors[1].tx_proof.next.signatures", cause: "signature"},
		{name: "the seal replaced by a deposit certificate", change: func(p *judicial.Package) {
			p.Seal = p.Certificates[0]
		}, kind: judicial.ErrManifestChanged, field: "manifest"},
		{name: "the court trusts only the notary chain", change: func(*judicial.Package) {},
			trusted: ch.geneses[:1], kind: judicial.ErrUntrustedGenesis, field: "manifest.chains[1]"},
		{name: "the court trusts another chain's genesis", change: func(*judicial.Package) {},
			trusted: []*types.Genesis{ch.geneses[0], other.Node(0).Genesis()}, kind: judicial.ErrUntrustedGenesis, field: "manifest.chains[1]"},
		{name: "another format", change: func(p *judicial.Package) { p.Format = "causeway-evidence-package/v0" },
			kind: judicial.ErrMalformed, field: "format"},
	}
	for _, tc := range tamperings {
		t.Run(tc.name, func(t *testing.T) {
			p, err := judicial.Parse(raw)
			if err != nil {
				t.Fatal(err)
			}
			tc.change(p)
			b, err := p.JSON()
			if err != nil {
				t.Fatal(err)
			}
			if p, err = judicial.Parse(b); err != nil {
				t.Fatal(err)
			}
			trusted := tc.trusted
			if trusted == nil {
				trusted = ch.geneses
			}
			rep, err := judicial.VerifyPackage(p, trusted)
			var pe *judicial.Error
			if !errors.Is(err, tc.kind) || !errors.As(err, &pe) {
				t.Fatalf("got %v, want %v", err, tc.kind)
			}
			if pe.Deposit != tc.deposit || !strings.HasPrefix(pe.Field, tc.field) {
				t.Fatalf("deposit %q field %q, want %q %q: %v", pe.Deposit, pe.Field, tc.deposit, tc.field, err)
			}
			if rep.Valid || rep.Code != pe.Code() || rep.Field != pe.Field || rep.Deposit != pe.Deposit || (tc.cause != "" && rep.Cause != tc.cause) {
				t.Fatalf("report %+v", rep)
			}
			t.Logf("%s: %v", tc.name, err)
		})
	}
}

// editCert decodes certificate i of p, changes it and puts it back.
func editCert(t *testing.T, p *judicial.Package, i int, f func(*evidence.Certificate)) {
	t.Helper()
	c, err := evidence.ParseCertificate(p.Certificates[i])
	if err != nil {
		t.Fatal(err)
	}
	f(c)
	p.Certificates[i] = mustJSON(t, c)
}

func editManifest(t *testing.T, p *judicial.Package, f func(*judicial.Manifest)) {
	t.Helper()
	m := &judicial.Manifest{}
	if err := json.Unmarshal(p.Manifest, m); err != nil {
		t.Fatal(err)
	}
	f(m)
	p.Manifest = mustJSON(t, m)
}

func mustJSON(t *testing.T, v any) json.RawMessage {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func flipHex(s string) string {
	b := []byte(s)
	if b[0] == '0' {
		b[0] = '1'
	} else {
		b[0] = '0'
	}
	return string(b)
}

// checkSummaryText checks that the PDF summary shows the Chinese text,
// with poppler's pdftotext when installed.
func checkSummaryText(t *testing.T, pdf []byte, want ...string) {
	t.Helper()
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatal("the summary is not a PDF")
	}
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Log("pdftotext is not installed: the summary's text is not checked")
		return
	}
	f := filepath.Join(t.TempDir(), "summary.pdf")
	if err := os.WriteFile(f, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", f, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := judicialFont(); err != nil {
		t.Logf("no CJK font (%v): the Chinese text is not checked", err)
		return
	}
	for _, w := range want {
		if !strings.Contains(string(out), w) {
			t.Fatalf("the summary lacks %q:\n%s", w, out)
		}
	}
}

func judicialFont() (string, error) { return evidence.PDFFont() }
