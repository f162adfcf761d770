package execution

import (
	"bytes"

	"github.com/causeway/causeway/types"
)

// AuthThreshold is the total weight of distinct auth keys whose signatures a
// transaction needs to act for an account.
const AuthThreshold = 100

// MaxAccountNameBytes is the longest account name, in bytes of UTF-8.
const MaxAccountNameBytes = types.MaxNameBytes

// Public key lengths accepted for a new account's key.
const (
	ed25519PublicKeyLen = 32
	p256PublicKeyLen    = 65 // uncompressed SEC 1 point: 0x04 || X || Y
)

// authorize checks that sigs carry enough weight for acct: the weights of the
// DISTINCT auth keys (equal scheme and public key) that appear among sigs must
// add up to AuthThreshold. A key that signs twice counts once; a key listed
// twice in the auth map counts once, with its first weight. Signatures are
// assumed valid (see the package documentation): only which keys signed
// matters here.
func authorize(acct *types.Account, sigs []*types.Signature) *types.TxError {
	var total uint64
	for i, k := range acct.AuthKeys {
		if k == nil || k.Weight == 0 || !signedBy(sigs, k.Scheme, k.PublicKey) {
			continue
		}
		if listedBefore(acct.AuthKeys[:i], k) {
			continue
		}
		total += uint64(k.Weight)
	}
	if total < AuthThreshold {
		return types.Errorf(types.CodeUnauthorized, "signatures carry weight %d of the %d needed to act for account %x", total, AuthThreshold, acct.Id)
	}
	return nil
}

func listedBefore(keys []*types.AuthKey, k *types.AuthKey) bool {
	for _, p := range keys {
		if p != nil && p.Scheme == k.Scheme && bytes.Equal(p.PublicKey, k.PublicKey) {
			return true
		}
	}
	return false
}

// signedBy reports whether one of sigs is by the key (scheme, pub).
func signedBy(sigs []*types.Signature, scheme types.SignatureScheme, pub []byte) bool {
	for _, s := range sigs {
		if s != nil && s.Scheme == scheme && bytes.Equal(s.PublicKey, pub) {
			return true
		}
	}
	return false
}

// checkPublicKey checks that pub is a well-formed key of a scheme an account
// may use: Ed25519 (32 bytes) or ECDSA P-256 (65-byte uncompressed point).
func checkPublicKey(scheme types.SignatureScheme, pub []byte) *types.TxError {
	switch scheme {
	case types.SignatureScheme_ED25519:
		if len(pub) != ed25519PublicKeyLen {
			return types.Errorf(types.CodeInvalidPayload, "an Ed25519 public key is %d bytes, got %d", ed25519PublicKeyLen, len(pub))
		}
	case types.SignatureScheme_ECDSA_P256:
		if len(pub) != p256PublicKeyLen || pub[0] != 0x04 {
			return types.Errorf(types.CodeInvalidPayload, "an ECDSA P-256 public key is a %d-byte uncompressed point, got %d bytes", p256PublicKeyLen, len(pub))
		}
	case types.SignatureScheme_SM2:
		if len(pub) != p256PublicKeyLen || pub[0] != 0x04 {
			return types.Errorf(types.CodeInvalidPayload, "an SM2 public key is a %d-byte uncompressed point, got %d bytes", p256PublicKeyLen, len(pub))
		}
	default:
		return types.Errorf(types.CodeInvalidPayload, "signature scheme %v is not allowed for accounts (use ED25519, ECDSA_P256 or SM2)", scheme)
	}
	return nil
}

// checkAccountName checks that name is 1..MaxAccountNameBytes bytes of
// printable UTF-8 (types.PrintableRune): an empty or oversize name is
// CodeInvalidPayload, a refused character CodeInvalidText.
func checkAccountName(name string) *types.TxError {
	if len(name) > MaxAccountNameBytes {
		return types.Errorf(types.CodeInvalidPayload, "account name is %d bytes, the limit is %d", len(name), MaxAccountNameBytes)
	}
	return types.CheckName("account name", name, MaxAccountNameBytes)
}
