package trace

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/go-pdf/fpdf"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/causeway/causeway/services/internal/pdfkit"
)

// LabelSheet is a run of item labels to print.
type LabelSheet struct {
	Product string // what the label says (Chinese welcome)
	Batch   uint64
	// Codes are the items' codes (IssueCodes), one label each.
	Codes []string
	// BaseURL is the public console's address; each QR code holds
	// LookupURL(BaseURL, code).
	BaseURL string
}

// Label geometry: A4 sheets of 3 × 7 labels of 70 × 42.3 mm, the common
// 21-up self-adhesive sheet.
const (
	labelCols, labelRows = 3, 7
	labelW, labelH       = 70.0, 42.3
	labelQR              = 34.0
)

// WriteLabels writes the labels as an A4 PDF, 21 a page: each a QR code of
// the item's lookup page, the product, the batch and item, and "scan to
// verify". Chinese text is set in a CJK font when one is installed
// (package pdfkit); without one it prints as '?'.
func WriteLabels(w io.Writer, s LabelSheet) error {
	if len(s.Codes) == 0 {
		return fmt.Errorf("%w: no codes to print", ErrBadInput)
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetTitle(fmt.Sprintf("Item labels, batch %d", s.Batch), true)
	pdf.SetProducer("Causeway traceability scenario", true)
	pdf.SetMargins(0, 0, 0)
	pdf.SetAutoPageBreak(false, 0)
	sans := "Helvetica"
	var text func(string) string
	if _, ttf, err := pdfkit.Font(); err == nil {
		pdf.AddUTF8FontFromBytes("cjk", "", ttf)
		sans, text = "cjk", pdfkit.Printable
	} else {
		tr := pdf.UnicodeTranslatorFromDescriptor("")
		text = func(s string) string { return tr(pdfkit.Latin1(s)) }
	}
	left := (210 - labelCols*labelW) / 2
	top := (297 - labelRows*labelH) / 2
	for i, code := range s.Codes {
		if i%(labelCols*labelRows) == 0 {
			pdf.AddPage()
		}
		k := i % (labelCols * labelRows)
		x := left + float64(k%labelCols)*labelW
		y := top + float64(k/labelCols)*labelH
		png, _, err := pdfkit.QRPNG(LookupURL(s.BaseURL, code), 320, qrcode.Medium)
		if err != nil {
			return fmt.Errorf("label %d: %w", i, err)
		}
		name := "qr" + strconv.Itoa(i)
		pdf.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(png))
		pdf.ImageOptions(name, x+2, y+(labelH-labelQR)/2, labelQR, labelQR, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
		c, _ := ParseCode(code)
		tx := x + labelQR + 4
		tw := labelW - labelQR - 6
		pdf.SetXY(tx, y+5)
		pdf.SetFont(sans, "", 7.5)
		pdf.MultiCell(tw, 3.4, text(short(s.Product, 60)), "", "L", false)
		pdf.SetXY(tx, y+labelH-17)
		pdf.SetFont(sans, "", 7)
		pdf.CellFormat(tw, 3.6, text(fmt.Sprintf("批次 Batch %d", c.Batch)), "", 2, "L", false, 0, "")
		pdf.CellFormat(tw, 3.6, text(fmt.Sprintf("单品 Item %d", c.Serial)), "", 2, "L", false, 0, "")
		pdf.SetFont(sans, "", 7.5)
		pdf.CellFormat(tw, 4, text("扫码验真 Scan to verify"), "", 2, "L", false, 0, "")
		// (free space for a 1D code or a hologram lies under the text)
		if err := pdf.Error(); err != nil {
			return err
		}
	}
	return pdf.Output(w)
}

func short(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
