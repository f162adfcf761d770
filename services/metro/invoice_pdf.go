package metro

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/causeway/causeway/services/internal/pdfkit"
)

// InvoiceCertificateFile is the name of the full certificate attached to
// an invoice PDF.
const InvoiceCertificateFile = "invoice-certificate.json"

// InvoicePDF is what an invoice PDF shows.
type InvoicePDF struct {
	Content InvoiceContent
	// QR is the QR code's content (InvoiceQR).
	QR string
	// Certificate, if set, is attached as InvoiceCertificateFile
	// (NewInvoiceCertificate).
	Certificate []byte
	ChainID     string
	TxHash      string
	Height      uint64
}

// yuan prints fen as yuan with two decimals.
func yuan(fen uint64) string { return fmt.Sprintf("%d.%02d", fen/100, fen%100) }

// WriteInvoicePDF writes a one-page e-invoice (电子发票): the seller (the
// ride city) and buyer, the lines and total, where the chain recorded it,
// and a QR code that verifies offline against the chain's genesis
// (VerifyInvoiceQR); the full certificate is attached. Chinese text is
// set in a CJK TrueType font when one is installed (see package pdfkit);
// without one, it prints as '?' and the page says why.
func WriteInvoicePDF(w io.Writer, p *InvoicePDF) error {
	c := p.Content
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetTitle("Metro e-invoice "+c.Number, true)
	pdf.SetProducer("Causeway metro scenario", true)
	if t, err := time.Parse(time.RFC3339, c.IssuedAt); err == nil {
		pdf.SetCreationDate(t)
	}
	sans := "Helvetica"
	text := func(s string) string { return pdfkit.Latin1(s) }
	_, ttf, fontErr := pdfkit.Font()
	if fontErr == nil {
		pdf.AddUTF8FontFromBytes("cjk", "", ttf)
		pdf.AddUTF8FontFromBytes("cjk", "B", ttf)
		sans = "cjk"
		text = pdfkit.Printable
	} else {
		tr := pdf.UnicodeTranslatorFromDescriptor("")
		text = func(s string) string { return tr(pdfkit.Latin1(s)) }
	}
	if len(p.Certificate) > 0 {
		pdf.SetAttachments([]fpdf.Attachment{{Content: p.Certificate, Filename: InvoiceCertificateFile,
			Description: "Full proof of the invoice (configuration chain included)"}})
	}
	pdf.SetMargins(18, 16, 18)
	pdf.AddPage()

	pdf.SetFont(sans, "B", 18)
	pdf.CellFormat(0, 10, text("电子发票（城市轨道交通） Metro e-invoice"), "", 1, "C", false, 0, "")
	pdf.SetFont(sans, "", 9)
	pdf.CellFormat(0, 5, text("Issued on the Causeway consortium chain - "+InvoiceFormat), "", 1, "C", false, 0, "")
	pdf.Ln(4)

	row := func(k, v string) {
		pdf.SetFont(sans, "B", 10)
		pdf.CellFormat(52, 6.5, text(k), "", 0, "L", false, 0, "")
		pdf.SetFont(sans, "", 10)
		pdf.MultiCell(0, 6.5, text(v), "", "L", false)
	}
	row("发票号码 Number", c.Number)
	row("开票日期 Issued", c.IssuedAt)
	row("销售方 Seller", c.Issuer+" metro")
	buyer := c.Buyer
	if c.BuyerTaxID != "" {
		buyer += "  (" + c.BuyerTaxID + ")"
	}
	row("购买方 Buyer", buyer)
	row("行程 Ride", c.Ride)
	pdf.Ln(3)

	// The lines.
	pdf.SetFont(sans, "B", 10)
	pdf.SetFillColor(235, 235, 235)
	pdf.CellFormat(110, 7, text("项目名称 Item"), "1", 0, "L", true, 0, "")
	pdf.CellFormat(24, 7, text("数量 Qty"), "1", 0, "R", true, 0, "")
	pdf.CellFormat(40, 7, text("金额 Amount (CNY)"), "1", 1, "R", true, 0, "")
	pdf.SetFont(sans, "", 10)
	for _, it := range c.Items {
		pdf.CellFormat(110, 7, text(it.Name), "1", 0, "L", false, 0, "")
		pdf.CellFormat(24, 7, fmt.Sprint(it.Quantity), "1", 0, "R", false, 0, "")
		pdf.CellFormat(40, 7, yuan(it.Amount), "1", 1, "R", false, 0, "")
	}
	pdf.SetFont(sans, "B", 11)
	pdf.CellFormat(134, 8, text("价税合计 Total"), "1", 0, "L", false, 0, "")
	pdf.CellFormat(40, 8, "¥ "+yuan(c.Amount), "1", 1, "R", false, 0, "")
	pdf.Ln(4)

	pdf.SetFont(sans, "", 8.5)
	if p.ChainID != "" {
		row("链 Chain", p.ChainID)
	}
	if p.TxHash != "" {
		row("交易 Transaction", fmt.Sprintf("%s (block %d)", p.TxHash, p.Height))
	}
	pdf.Ln(2)

	// The QR code: as large as the page allows, so that every module is
	// several pixels at ordinary print and scan resolutions.
	level := qrcode.Medium
	png, modules, err := pdfkit.QRPNG(p.QR, 1024, level)
	if err != nil {
		level = qrcode.Low
		if png, modules, err = pdfkit.QRPNG(p.QR, 1024, level); err != nil {
			return fmt.Errorf("invoice QR code: %w", err)
		}
	}
	side := 95.0
	x := (210 - side) / 2
	y := pdf.GetY()
	if y+side > 270 {
		y = 270 - side
	}
	pdf.RegisterImageOptionsReader("qr", fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(png))
	pdf.ImageOptions("qr", x, y, side, side, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	pdf.SetY(y + side + 1)
	pdf.SetFont(sans, "", 8.5)
	note := fmt.Sprintf("扫码离线验真 Scan to verify offline: the QR code (%d modules a side) holds the invoice, its receipt's Merkle proof "+
		"and the consortium's signatures over the block; anyone holding the chain's genesis file checks it without any node: "+
		"causeway scenario metro invoice verify-qr --genesis genesis.json. The attached %s holds the full proof.", modules, InvoiceCertificateFile)
	pdf.MultiCell(0, 4.2, text(note), "", "C", false)
	if fontErr != nil && strings.ContainsFunc(c.Buyer+c.Issuer+itemsText(c), func(r rune) bool { return r > 0xff }) {
		pdf.MultiCell(0, 4, text("Characters outside Latin-1 are shown as '?' on this page: "+pdfkit.ErrNoFont.Error()+"."), "", "L", false)
	}
	if err := pdf.Error(); err != nil {
		return err
	}
	return pdf.Output(w)
}

func itemsText(c InvoiceContent) string {
	var s strings.Builder
	for _, it := range c.Items {
		s.WriteString(it.Name)
	}
	return s.String()
}
