package evidence

import (
	"github.com/causeway/causeway/services/internal/pdfkit"
)

// FontEnv names the environment variable that picks the TrueType font of
// PDF certificates (a .ttf, or a .ttc collection whose first font is
// used). Without it, the fonts that Debian's fonts-wqy-microhei and
// fonts-droid-fallback install are tried, in that order.
const FontEnv = pdfkit.FontEnv

// FontCandidates are the CJK fonts (open licences, TrueType outlines) that
// PDF certificates use when installed: they cover Chinese as well as
// Latin text. (The list is package pdfkit's, shared with the other
// services' documents.)
var FontCandidates = pdfkit.FontCandidates

// ErrNoFont says that no CJK font was found: certificates then print
// characters outside Latin-1 as '?'.
var ErrNoFont = pdfkit.ErrNoFont

// PDFFont returns the path of the font PDF certificates use, or ErrNoFont
// (wrapped with what was tried). It looks once per process.
func PDFFont() (string, error) {
	p, _, err := pdfkit.Font()
	return p, err
}
