package metro

import (
	"errors"
	"strings"
)

// base45Alphabet is RFC 9285's: the QR code alphanumeric set, so that a
// base45 text fills a QR code in alphanumeric mode (5.5 bits a character).
const base45Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"

// Base45Encode encodes b in base45 (RFC 9285): each two bytes as three
// characters, a last single byte as two.
func Base45Encode(b []byte) string {
	var s strings.Builder
	s.Grow((len(b)/2)*3 + 2)
	for i := 0; i+1 < len(b); i += 2 {
		n := int(b[i])<<8 | int(b[i+1])
		s.WriteByte(base45Alphabet[n%45])
		s.WriteByte(base45Alphabet[(n/45)%45])
		s.WriteByte(base45Alphabet[n/(45*45)])
	}
	if len(b)%2 == 1 {
		n := int(b[len(b)-1])
		s.WriteByte(base45Alphabet[n%45])
		s.WriteByte(base45Alphabet[n/45])
	}
	return s.String()
}

var errBase45 = errors.New("invalid base45")

// Base45Decode decodes RFC 9285 base45, refusing characters outside the
// alphabet, a dangling character and values above a chunk's range.
func Base45Decode(s string) ([]byte, error) {
	val := func(c byte) (int, bool) {
		i := strings.IndexByte(base45Alphabet, c)
		return i, i >= 0
	}
	if len(s)%3 == 1 {
		return nil, errBase45
	}
	out := make([]byte, 0, len(s)/3*2+1)
	for i := 0; i < len(s); i += 3 {
		if i+2 >= len(s) { // two characters: one byte
			a, ok1 := val(s[i])
			b, ok2 := val(s[i+1])
			n := a + b*45
			if !ok1 || !ok2 || n > 0xff {
				return nil, errBase45
			}
			out = append(out, byte(n))
			break
		}
		a, ok1 := val(s[i])
		b, ok2 := val(s[i+1])
		c, ok3 := val(s[i+2])
		n := a + b*45 + c*45*45
		if !ok1 || !ok2 || !ok3 || n > 0xffff {
			return nil, errBase45
		}
		out = append(out, byte(n>>8), byte(n))
	}
	return out, nil
}
