package evidence_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/causeway/causeway/services/evidence"
)

// A certificate PDF with Chinese metadata (owner 上海地铁, file 合同.pdf)
// shows the Chinese text when a CJK font is installed: poppler's pdftotext
// extracts it, and pdftoppm renders the page to PNG. Without a font or
// poppler-utils the test skips, unless CAUSEWAY_REQUIRE_CJK_PDF=1 (set by
// .ci/run, which installs fonts-wqy-microhei and poppler-utils).
func TestPDFShowsChineseMetadata(t *testing.T) {
	require := os.Getenv("CAUSEWAY_REQUIRE_CJK_PDF") == "1"
	skip := func(why string) {
		t.Helper()
		if require {
			t.Fatal(why + ", and CAUSEWAY_REQUIRE_CJK_PDF=1")
		}
		t.Skip(why)
	}
	path, err := evidence.PDFFont()
	if err != nil {
		skip(err.Error())
	}
	pdftotext, err1 := exec.LookPath("pdftotext")
	pdftoppm, err2 := exec.LookPath("pdftoppm")
	if err1 != nil || err2 != nil {
		skip("poppler-utils (pdftotext, pdftoppm) is not installed")
	}
	t.Logf("font %s", path)
	c := &evidence.Certificate{Format: evidence.CertificateFormat, IssuedAt: "2026-01-02T03:04:05Z",
		Evidence: evidence.Record{ID: strings.Repeat("ab", 32), Hash: strings.Repeat("cd", 32), HashAlgorithm: "sha256",
			Metadata: map[string]string{"owner": "上海地铁", "file_name": "合同.pdf", "type": "contract"},
			Org:      "org1", Depositor: "client@org1", Owner: strings.Repeat("01", 32), ChainID: "court", Height: 7, Time: "2026-01-02T03:04:05Z"},
		Anchors: []*evidence.Anchor{{ChainID: "court", GenesisHash: strings.Repeat("ef", 32), EvidenceID: strings.Repeat("ab", 32), Height: 7}},
	}
	var buf bytes.Buffer
	if err := evidence.WritePDF(&buf, c, nil); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	pdf := filepath.Join(dir, "cert.pdf")
	if err := os.WriteFile(pdf, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdftotext, "-enc", "UTF-8", pdf, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	text := string(out)
	for _, want := range []string{"上海地铁", "合同.pdf", "Certificate of Electronic Evidence Deposit", c.Evidence.ID} {
		if !strings.Contains(strings.ReplaceAll(text, "\n", ""), want) {
			t.Errorf("the PDF text lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "????") {
		t.Errorf("the PDF still prints '?' for Chinese:\n%s", text)
	}
	// The page renders to a PNG.
	if out, err := exec.Command(pdftoppm, "-png", "-r", "50", "-singlefile", pdf, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	png, err := os.ReadFile(filepath.Join(dir, "page.png"))
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Fatalf("no PNG rendering: %v", err)
	}
}

// PDFs stay small with a CJK font: only the glyphs used are embedded.
func TestPDFWithCJKFontIsSubset(t *testing.T) {
	if _, err := evidence.PDFFont(); err != nil {
		t.Skip(err)
	}
	c := &evidence.Certificate{Format: evidence.CertificateFormat, Evidence: evidence.Record{ID: "ab", Metadata: map[string]string{"owner": "上海地铁"}}}
	var buf bytes.Buffer
	if err := evidence.WritePDF(&buf, c, nil); err != nil {
		t.Fatal(err)
	}
	if buf.Len() > 400<<10 {
		t.Fatalf("a one-page certificate takes %d KiB", buf.Len()>>10)
	}
}
