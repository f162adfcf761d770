package evidence_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/causeway/causeway/services/evidence"
)

// A certificate's PDF is a PDF of one page whose QR code decodes to the
// evidence id and digest (here without a chain: the layout only).
func TestPDFLayoutAndQRCode(t *testing.T) {
	c := &evidence.Certificate{Format: evidence.CertificateFormat, IssuedAt: "2026-01-02T03:04:05Z",
		Evidence: evidence.Record{ID: strings.Repeat("ab", 32), Hash: strings.Repeat("cd", 32), HashAlgorithm: "sha256",
			Metadata: map[string]string{"owner": "Acme Ltd", "file_name": "合同.pdf", "type": "contract"},
			Org:      "org1", Depositor: "client@org1", Owner: strings.Repeat("01", 32), ChainID: "court", Height: 7, Time: "2026-01-02T03:04:05Z"},
		Anchors: []*evidence.Anchor{{ChainID: "court", GenesisHash: strings.Repeat("ef", 32), EvidenceID: strings.Repeat("ab", 32), Height: 7}},
	}
	var buf bytes.Buffer
	if err := evidence.WritePDF(&buf, c, nil); err != nil {
		t.Fatal(err)
	}
	pdf := buf.Bytes()
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) || !bytes.Contains(pdf[len(pdf)-16:], []byte("%%EOF")) {
		t.Fatalf("not a PDF: %q...", pdf[:16])
	}
	if n := pdfPages(pdf); n != 1 {
		t.Fatalf("%d pages", n)
	}
	img, err := pdfImage(pdf)
	if err != nil {
		t.Fatal(err)
	}
	text, err := decodeQR(img)
	if err != nil {
		t.Fatal(err)
	}
	if text != evidence.QRContent(c) || !strings.Contains(text, c.Evidence.ID) || !strings.Contains(text, c.Evidence.Hash) {
		t.Fatalf("QR code %q", text)
	}
}
