package pdfkit

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"sync"
)

// FontEnv names the environment variable that picks the TrueType font of
// the services' PDF documents (a .ttf, or a .ttc collection whose first font is
// used). Without it, the fonts that Debian's fonts-wqy-microhei and
// fonts-droid-fallback install are tried, in that order.
const FontEnv = "CAUSEWAY_PDF_FONT"

// FontCandidates are the CJK fonts (open licences, TrueType outlines) that
// PDF documents use when installed: they cover Chinese as well as
// Latin text.
var FontCandidates = []string{
	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
	"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
	"/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf",
}

// ErrNoFont says that no CJK font was found: documents then print
// characters outside Latin-1 as '?'.
var ErrNoFont = errors.New("no CJK font for PDF documents: characters outside Latin-1 print as '?'; install Debian's fonts-wqy-microhei (or fonts-droid-fallback), or set " + FontEnv + " to a TrueType font")

var font struct {
	once sync.Once
	path string
	ttf  []byte
	err  error
}

// Font returns the path of the font PDF documents use and the TrueType
// font itself (the first font of a collection, standalone), or ErrNoFont
// (wrapped with what was tried). It looks once per process; the bytes are
// shared and must not be modified.
func Font() (path string, ttf []byte, err error) {
	loadFont()
	return font.path, font.ttf, font.err
}

func loadFont() {
	font.once.Do(func() {
		paths := FontCandidates
		if p := os.Getenv(FontEnv); p != "" {
			paths = []string{p}
		}
		var errs []error
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				if os.Getenv(FontEnv) != "" {
					errs = append(errs, err)
				}
				continue
			}
			ttf, err := firstFont(b)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", p, err))
				continue
			}
			font.path, font.ttf = p, ttf
			return
		}
		font.err = errors.Join(append([]error{ErrNoFont}, errs...)...)
	})
}

// firstFont returns a TrueType font file: b itself, or the first font of
// a TrueType collection (.ttc) rewritten as a standalone font (its table
// directory with the tables it names copied after it).
func firstFont(b []byte) ([]byte, error) {
	if len(b) < 12 {
		return nil, errors.New("not a font file")
	}
	switch string(b[:4]) {
	case "\x00\x01\x00\x00", "true":
		return b, nil
	case "OTTO":
		return nil, errors.New("a CFF (OpenType) font: PDF documents need TrueType outlines")
	case "ttcf":
	default:
		return nil, errors.New("not a TrueType font or collection")
	}
	if binary.BigEndian.Uint32(b[8:]) == 0 || len(b) < 16 {
		return nil, errors.New("an empty font collection")
	}
	off := int(binary.BigEndian.Uint32(b[12:]))
	if off+12 > len(b) {
		return nil, errors.New("a truncated font collection")
	}
	if string(b[off:off+4]) == "OTTO" {
		return nil, errors.New("a CFF (OpenType) collection: PDF documents need TrueType outlines")
	}
	n := int(binary.BigEndian.Uint16(b[off+4:]))
	dir := off + 12
	if dir+16*n > len(b) {
		return nil, errors.New("a truncated font collection")
	}
	var out bytes.Buffer
	out.Write(b[off : off+12])
	records := make([]byte, 16*n)
	copy(records, b[dir:dir+16*n])
	out.Write(records)
	for i := range n {
		r := records[16*i:]
		start, length := int(binary.BigEndian.Uint32(r[8:])), int(binary.BigEndian.Uint32(r[12:]))
		if start < 0 || length < 0 || start+length > len(b) {
			return nil, errors.New("a font table lies outside the collection")
		}
		for out.Len()%4 != 0 {
			out.WriteByte(0)
		}
		binary.BigEndian.PutUint32(r[8:], uint32(out.Len()))
		out.Write(b[start : start+length])
	}
	res := out.Bytes()
	copy(res[12:], records)
	return res, nil
}
