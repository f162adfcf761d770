package types

import (
	"encoding/hex"
	"slices"
)

// Codes of refused confidential token and audit transactions (package
// execution applies the rules, package ctoken builds the proofs).
const (
	// CodeUnknownToken: the named confidential token does not exist.
	CodeUnknownToken Code = "unknown_token"
	// CodeTokenExists: TOKEN_CREATE for a name already taken.
	CodeTokenExists Code = "token_exists"
	// CodeNotIssuer: TOKEN_ISSUE by an account other than the token's issuer.
	CodeNotIssuer Code = "not_issuer"
	// CodeBadCommitment: a commitment is not a canonical ristretto255
	// encoding.
	CodeBadCommitment Code = "bad_commitment"
	// CodeBadRangeProof: a range proof is malformed or does not show its
	// commitment holds a value in [0, 2^64).
	CodeBadRangeProof Code = "bad_range_proof"
	// CodeBadBalanceProof: a balance proof is malformed or does not show
	// the inputs equal the outputs.
	CodeBadBalanceProof Code = "bad_balance_proof"
	// CodeStaleBalance: a transfer's proofs were made against a balance
	// commitment that is not (or no longer) the sender's: it was replayed
	// or raced another transfer or receipt.
	CodeStaleBalance Code = "stale_balance"
	// CodeNotAuditor: AUDIT_ACCESS from an account that is not the
	// chain's auditor account, or while the chain has no auditor.
	CodeNotAuditor Code = "not_auditor"
	// CodeUnknownOutput: AUDIT_ACCESS names an output or a sealed payload
	// that does not exist.
	CodeUnknownOutput Code = "unknown_output"
	// CodeNotAudited: AUDIT_ACCESS names a sealed payload that is not sealed
	// to the auditor (its class was not audited when it was stored).
	CodeNotAudited Code = "not_audited"
)

// Overdraws are refused with CodeInsufficientFunds: the change range proof
// does not show balance − amount ≥ 0.

// AuditorConfig is the chain's auditor, as governance set it.
type AuditorConfig struct {
	// PublicKey is the auditor's encryption public key of the chain's
	// suite, lower-case hex.
	PublicKey string `json:"public_key"`
	// KeyID is its crypto/seal KeyID, lower-case hex.
	KeyID string `json:"key_id"`
	// Account is the auditor account's identity, lower-case hex: the only
	// sender AUDIT_ACCESS accepts.
	Account string `json:"account"`
	// FromHeight is the first block in which this auditor is in force.
	FromHeight uint64 `json:"from_height"`
	// Classes are the sealed-payload classes that must also be sealed to
	// the auditor's key (sorted, distinct; at most MaxAuditedClasses).
	Classes []string `json:"classes,omitempty"`
}

// MaxAuditedClasses bounds the sealed-payload classes the auditor opens.
const MaxAuditedClasses = 16

// MaxClassBytes bounds a sealed-payload class label (crypto/seal's bound).
const MaxClassBytes = 64

// Audits reports whether a sealed payload of class must also be sealed to
// the auditor (a nil auditor audits nothing).
func (a *AuditorConfig) Audits(class string) bool {
	return a != nil && class != "" && slices.Contains(a.Classes, class)
}

// CheckAuditedClasses checks the classes of a set_auditor proposal: at most
// MaxAuditedClasses, distinct, each a non-empty printable label of at most
// MaxClassBytes bytes. It returns them sorted.
func CheckAuditedClasses(classes []string) ([]string, *TxError) {
	if len(classes) > MaxAuditedClasses {
		return nil, Errorf(CodeTooLarge, "the auditor is given %d classes, at most %d", len(classes), MaxAuditedClasses)
	}
	out := slices.Clone(classes)
	slices.Sort(out)
	for i, c := range out {
		if c == "" {
			return nil, Errorf(CodeInvalidPayload, "an audited class is empty")
		}
		if terr := CheckText("audited class", c, MaxClassBytes); terr != nil {
			return nil, terr
		}
		if i > 0 && out[i-1] == c {
			return nil, Errorf(CodeInvalidPayload, "audited class %q is listed twice", c)
		}
	}
	return out, nil
}

// SealLabelAuditor is the envelope entry label of the auditor's key.
const SealLabelAuditor = "auditor"

// AccountHash returns the auditor account's identity; ok is false if the
// stored hex is not one.
func (a *AuditorConfig) AccountHash() (Hash, bool) {
	b, err := hex.DecodeString(a.Account)
	if err != nil {
		return Hash{}, false
	}
	h, err := HashOf(b)
	return h, err == nil
}
