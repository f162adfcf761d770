package evidence

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
)

// Hex is bytes that JSON writes as lower-case hex, like every hash, id and
// key of the API. Decoding takes hex of either case; a string that is not
// hex is decoded as standard base64, the encoding of documents written
// before hex (certificates of deposit kept by users).
type Hex []byte

// MarshalJSON writes h as a hex string.
func (h Hex) MarshalJSON() ([]byte, error) { return json.Marshal(hex.EncodeToString(h)) }

// UnmarshalJSON reads a hex (or legacy base64) string.
func (h *Hex) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("want a hex string: %w", err)
	}
	d, err := hex.DecodeString(s)
	if err != nil {
		if d, err = base64.StdEncoding.DecodeString(s); err != nil {
			return fmt.Errorf("%.40q is not hex", s)
		}
	}
	*h = d
	return nil
}
