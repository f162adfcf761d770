package evidence

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/causeway/causeway/services/internal/pdfkit"
)

// QRContent is what a certificate's QR code holds: a URI with the evidence
// id, the chain, and the deposited digest with its algorithm.
func QRContent(c *Certificate) string {
	return "causeway:evidence/" + c.Evidence.ID + "?chain=" + url.QueryEscape(c.Evidence.ChainID) +
		"&hash=" + url.QueryEscape(c.Evidence.HashAlgorithm) + ":" + c.Evidence.Hash
}

// WritePDF writes a printable certificate of deposit: the evidence, where
// and when each chain recorded it and which nodes certified it, how to
// verify it, and a QR code of QRContent. The JSON certificate is what
// `causeway verify` checks; the PDF is its human-readable companion. Text
// is set in a CJK TrueType font when one is installed (PDFFont: Chinese
// metadata prints as written); without one, in the PDF core fonts
// (Latin-1), where other characters print as '?' and the page says why.
func WritePDF(w io.Writer, c *Certificate, rep *Report) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetTitle("Certificate of deposit "+c.Evidence.ID, true)
	pdf.SetProducer("Causeway evidence service", true)
	if t, err := time.Parse(time.RFC3339, c.IssuedAt); err == nil {
		pdf.SetCreationDate(t)
	}
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	text := func(s string) string { return tr(latin1(s)) }
	sans, mono := "Helvetica", "Courier"
	_, ttf, fontErr := pdfkit.Font()
	if fontErr == nil {
		pdf.AddUTF8FontFromBytes("cjk", "", ttf)
		pdf.AddUTF8FontFromBytes("cjk", "B", ttf)
		sans, mono = "cjk", "cjk"
		text = pdfkit.Printable
	}
	pdf.SetMargins(18, 18, 18)
	pdf.AddPage()

	pdf.SetFont(sans, "B", 18)
	pdf.CellFormat(0, 10, text("Certificate of Electronic Evidence Deposit"), "", 1, "L", false, 0, "")
	pdf.SetFont(sans, "", 9)
	pdf.CellFormat(0, 5, text("Causeway consortium blockchain - "+CertificateFormat), "", 1, "L", false, 0, "")
	pdf.Ln(3)

	// QR code at the top right.
	qr, err := qrPNG(QRContent(c), 256)
	if err != nil {
		return err
	}
	pdf.RegisterImageOptionsReader("qr", fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(qr))
	pdf.ImageOptions("qr", 152, 14, 40, 40, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")

	row := func(k, v string) {
		pdf.SetFont(sans, "B", 9)
		pdf.CellFormat(38, 5.5, text(k), "", 0, "L", false, 0, "")
		pdf.SetFont(mono, "", 8.5)
		pdf.MultiCell(0, 5.5, text(v), "", "L", false)
	}
	section := func(title string) {
		pdf.Ln(2)
		pdf.SetFont(sans, "B", 12)
		pdf.CellFormat(0, 7, text(title), "B", 1, "L", false, 0, "")
		pdf.Ln(1)
	}
	e := c.Evidence
	section("Evidence")
	pdf.SetRightMargin(62) // leave the QR code free
	row("Evidence ID", e.ID)
	pdf.SetRightMargin(18)
	row("Digest", e.HashAlgorithm+": "+e.Hash)
	for _, k := range slices.Sorted(maps.Keys(e.Metadata)) {
		row(k, e.Metadata[k])
	}
	if e.Org != "" {
		row("Deposited by", fmt.Sprintf("%s (organisation %s)", e.Depositor, e.Org))
	}
	row("Owner account", e.Owner)
	if len(e.Readers) > 0 {
		row("Readers", strings.Join(e.Readers, ", "))
	}
	if len(e.EncryptedPayload) > 0 {
		row("Encrypted payload", fmt.Sprintf("%d bytes", len(e.EncryptedPayload)))
	}
	if len(e.SealedHash) > 0 {
		row("Sealed data", fmt.Sprintf("envelope hash %x", []byte(e.SealedHash)))
	}
	row("Deposit time", e.Time+" (block time)")

	section("Anchors")
	for i, a := range c.Anchors {
		row("Chain", fmt.Sprintf("%s (anchor %d of %d)", a.ChainID, i+1, len(c.Anchors)))
		row("Genesis hash", a.GenesisHash)
		row("Transaction", a.EvidenceID)
		row("Block", fmt.Sprintf("%d  %s", a.Height, a.BlockHash))
		row("Block time", time.UnixMilli(a.TimeMs).UTC().Format(time.RFC3339Nano))
		if rep != nil && i < len(rep.Anchors) && rep.Anchors[i].Checked {
			ar := rep.Anchors[i]
			row("Certified by", fmt.Sprintf("%s, configuration version %d, block %d", strings.Join(ar.CertifiedBy, ", "), ar.ConfigVersion, a.Height+1))
		}
		pdf.Ln(1)
	}

	section("Verification")
	pdf.SetFont(sans, "", 9)
	status := "Not checked when issued."
	if rep != nil {
		status = "Checked when issued: the proofs verify against the chains' geneses."
		if !rep.Valid {
			status = "Checked when issued: INVALID: " + rep.Error
		}
	}
	pdf.MultiCell(0, 5, text(status+" This page summarises the JSON certificate of deposit, which "+
		"holds the Merkle proofs, block headers and node signatures. Anyone holding the chain's genesis file "+
		"can check it offline, without trusting any node:"), "", "L", false)
	pdf.SetFont(mono, "", 8.5)
	pdf.MultiCell(0, 5, text("causeway verify certificate.json --file ORIGINAL --genesis genesis.json"), "", "L", false)
	pdf.SetFont(sans, "", 8)
	pdf.Ln(2)
	pdf.MultiCell(0, 4, text("Issued "+c.IssuedAt+". The QR code holds "+QRContent(c)), "", "L", false)
	if fontErr != nil && hasNonLatin1(c) {
		pdf.MultiCell(0, 4, text("Characters outside Latin-1 are shown as '?' on this page (the JSON certificate holds them as written): "+ErrNoFont.Error()+"."), "", "L", false)
	}
	if err := pdf.Error(); err != nil {
		return err
	}
	return pdf.Output(w)
}

// qrPNG renders content as a QR code (error correction M) in a grayscale
// PNG of at least size pixels a side, every module a whole number of
// pixels (pdfkit.QRPNG).
func qrPNG(content string, size int) ([]byte, error) {
	b, _, err := pdfkit.QRPNG(content, size, qrcode.Medium)
	return b, err
}

// hasNonLatin1 reports whether the certificate's printed text has
// characters the core fonts cannot show.
func hasNonLatin1(c *Certificate) bool {
	e := c.Evidence
	all := []string{e.Org, e.Depositor, e.ChainID}
	for k, v := range e.Metadata {
		all = append(all, k, v)
	}
	for _, s := range all {
		if latin1(s) != s {
			return true
		}
	}
	return false
}

// latin1 replaces characters the PDF core fonts cannot show.
func latin1(s string) string { return pdfkit.Latin1(s) }
