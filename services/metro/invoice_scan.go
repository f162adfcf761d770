package metro

import (
	"fmt"
	"image"

	"github.com/makiuchi-d/gozxing"
	gzqr "github.com/makiuchi-d/gozxing/qrcode"
)

// ReadQRImage reads the QR code in an image (a scan or a rendering of an
// invoice page) and returns its content, for VerifyInvoiceQR.
func ReadQRImage(img image.Image) (string, error) {
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrInvoiceQR, err)
	}
	res, err := gzqr.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		return "", fmt.Errorf("%w: no QR code read from the image: %v", ErrInvoiceQR, err)
	}
	return res.GetText(), nil
}
