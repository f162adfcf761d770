package trace

import (
	"crypto/ed25519"
	"encoding/base32"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
)

// Item codes. A batch registers its item count and the public half of an
// ed25519 key drawn for it; item i's code is
//
//	B<batch>-<i>-<signature>
//
// where the signature (base32, no padding, 103 characters) is the batch
// key's over "causeway-trace/v1|CHAIN|CONTRACT|BATCH|I". Issuing a
// batch's codes is one transaction and N signatures off chain (10^4 codes
// in about half a second); anyone holding the chain's state checks a code
// without any secret and without a list of codes. A forged code fails the
// signature check ("unknown code"); a copied genuine code passes it and
// is caught by its scan pattern instead (ScanLog). The code is in QR
// alphanumeric characters (0-9, A-Z, '-') so its QR stays small.

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// codeMessage is what a batch key signs for item serial.
func codeMessage(chainID string, contract []byte, batch uint64, serial uint32) []byte {
	return fmt.Appendf(nil, "causeway-trace/v1|%s|%s|%d|%d", chainID, hex.EncodeToString(contract), batch, serial)
}

// IssueCodes returns the codes of items from .. from+n-1 of batch, signed
// by the batch's key.
func IssueCodes(chainID string, contract []byte, batch uint64, key ed25519.PrivateKey, from, n uint32) []string {
	out := make([]string, n)
	for i := range n {
		s := from + i
		sig := ed25519.Sign(key, codeMessage(chainID, contract, batch, s))
		out[i] = "B" + strconv.FormatUint(batch, 10) + "-" + strconv.FormatUint(uint64(s), 10) + "-" + b32.EncodeToString(sig)
	}
	return out
}

// Code is a parsed item code.
type Code struct {
	Batch  uint64
	Serial uint32
	Sig    []byte
}

// ParseCode reads a code's syntax (case-insensitive); it does not check
// the signature (CheckCode).
func ParseCode(s string) (Code, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	bad := fmt.Errorf("%w: not a code", ErrUnknownCode)
	if len(s) > 160 || !strings.HasPrefix(s, "B") {
		return Code{}, bad
	}
	parts := strings.Split(s[1:], "-")
	if len(parts) != 3 {
		return Code{}, bad
	}
	b, err1 := strconv.ParseUint(parts[0], 10, 64)
	i, err2 := strconv.ParseUint(parts[1], 10, 32)
	sig, err3 := b32.DecodeString(parts[2])
	if err1 != nil || err2 != nil || err3 != nil || len(sig) != ed25519.SignatureSize || b == 0 {
		return Code{}, bad
	}
	return Code{Batch: b, Serial: uint32(i), Sig: sig}, nil
}

// CheckCode tells whether c was signed by the batch key codeKey.
func CheckCode(chainID string, contract []byte, codeKey [32]byte, c Code) bool {
	return ed25519.Verify(ed25519.PublicKey(codeKey[:]), codeMessage(chainID, contract, c.Batch, c.Serial), c.Sig)
}

// String is the code's canonical text.
func (c Code) String() string {
	return "B" + strconv.FormatUint(c.Batch, 10) + "-" + strconv.FormatUint(uint64(c.Serial), 10) + "-" + b32.EncodeToString(c.Sig)
}

// LookupURL is the public lookup page of code under a console's address
// (what a label's QR code holds).
func LookupURL(base, code string) string {
	return strings.TrimSuffix(base, "/") + "/q/item/" + code
}
