package crypto

import (
	"fmt"
	"strings"

	"github.com/causeway/causeway/types"
)

// SchemeName returns the short lower-case name of a signature scheme used
// in files and on the command line: "ed25519", "ecdsa-p256" or "sm2"; an
// unknown scheme gives its protobuf name.
func SchemeName(s types.SignatureScheme) string {
	switch s {
	case types.SignatureScheme_ED25519:
		return "ed25519"
	case types.SignatureScheme_ECDSA_P256:
		return "ecdsa-p256"
	case types.SignatureScheme_SM2:
		return "sm2"
	default:
		return s.String()
	}
}

// ParseScheme parses a scheme name, case-insensitively: "ed25519";
// "ecdsa", "ecdsa-p256", "ecdsa_p256" or "p256"; "sm2". Anything else gives
// ErrUnsupportedScheme.
func ParseScheme(name string) (types.SignatureScheme, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "ed25519":
		return types.SignatureScheme_ED25519, nil
	case "ecdsa", "ecdsa-p256", "ecdsa_p256", "p256", "p-256":
		return types.SignatureScheme_ECDSA_P256, nil
	case "sm2":
		return types.SignatureScheme_SM2, nil
	default:
		return types.SignatureScheme_SCHEME_UNSPECIFIED, fmt.Errorf("%w %q (want ed25519, ecdsa or sm2)", ErrUnsupportedScheme, name)
	}
}
