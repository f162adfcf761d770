package pdfkit

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"

	qrcode "github.com/skip2/go-qrcode"
)

// QRPNG renders content as a QR code at error-correction level in an 8-bit
// grayscale PNG of at least size pixels a side (a grayscale PNG embeds in a
// PDF as a plain DeviceGray image). Every module is the same whole number
// of pixels: scaling to an exact size instead gives modules of uneven
// width, which scanners misread now and then. It also returns the symbol's
// side in modules, quiet zone included.
func QRPNG(content string, size int, level qrcode.RecoveryLevel) ([]byte, int, error) {
	q, err := qrcode.New(content, level)
	if err != nil {
		return nil, 0, err
	}
	modules := len(q.Bitmap()) // the symbol and its quiet zone, a side
	src := q.Image(-max(1, (size+modules-1)/modules))
	b := src.Bounds()
	g := image.NewGray(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			g.Set(x, y, color.GrayModel.Convert(src.At(x, y)))
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, g); err != nil {
		return nil, 0, err
	}
	return buf.Bytes(), modules, nil
}

// Latin1 replaces the characters the PDF core fonts cannot show (and
// control characters but newlines) with '?'.
func Latin1(s string) string {
	return strings.Map(func(r rune) rune {
		if r > 0xff || (r < 0x20 && r != '\n') {
			return '?'
		}
		return r
	}, s)
}

// Printable replaces control characters but newlines with '?' (for text
// set in the CJK font, which shows everything else).
func Printable(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\n' {
			return '?'
		}
		return r
	}, s)
}
