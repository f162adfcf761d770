package evidence

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image/png"
	"testing"

	"github.com/makiuchi-d/gozxing"
	gzqr "github.com/makiuchi-d/gozxing/qrcode"
	qrcode "github.com/skip2/go-qrcode"
)

// TestQRCodeDecodes renders QR codes of certificate-shaped contents and
// reads them back: every module is a whole number of pixels and the
// content survives.
func TestQRCodeDecodes(t *testing.T) {
	for i := 0; i < 60; i++ {
		a, b := sha256.Sum256([]byte(fmt.Sprint(i))), sha256.Sum256([]byte(fmt.Sprint("file", i)))
		content := "causeway:evidence/" + hex.EncodeToString(a[:]) + "?chain=causeway-local&hash=sha256:" + hex.EncodeToString(b[:])
		raw, err := qrPNG(content, 256)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		q, _ := qrcode.New(content, qrcode.Medium)
		side, modules := img.Bounds().Dx(), len(q.Bitmap())
		if side < 256 || side%modules != 0 {
			t.Fatalf("content %d: %d pixels a side for %d modules", i, side, modules)
		}
		bmp, err := gozxing.NewBinaryBitmapFromImage(img)
		if err != nil {
			t.Fatal(err)
		}
		res, err := gzqr.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_PURE_BARCODE: true})
		if err != nil || res.GetText() != content {
			t.Fatalf("content %d: %v %q", i, err, res)
		}
	}
}
