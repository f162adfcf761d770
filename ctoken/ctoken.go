package ctoken

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/causeway/causeway/crypto/confidential"
	"github.com/causeway/causeway/crypto/seal"
	"github.com/causeway/causeway/sealing"
	"github.com/causeway/causeway/types"
)

// Bounds and constants of confidential tokens.
const (
	// MaxNameBytes bounds a token's name (printable text, types.CheckText).
	MaxNameBytes = 64
	// MaxAuditReasonBytes bounds the reason an auditor gives for an opening.
	MaxAuditReasonBytes = 256
	// OpeningClass is the crypto/seal class of every output opening's envelope.
	OpeningClass = "ctoken-opening"
	// OpeningSize is the size of an encoded opening: value (8 bytes,
	// big-endian) || blinding (32 bytes, canonical little-endian scalar).
	OpeningSize = 40
	// RangeProofSize is the size of each range proof a transaction carries (m = 1).
	RangeProofSize = 672
)

// Errors of the client-side functions (wrapped with details; use errors.Is).
var (
	// ErrBadOpening: an opening does not decode, or does not open the
	// commitment it was stored with.
	ErrBadOpening = errors.New("ctoken: opening does not open the output's commitment")
	// ErrInsufficient: a transfer of more than the holder's balance.
	ErrInsufficient = errors.New("ctoken: amount exceeds the balance")
	// ErrNoKey: a reader without an encryption key.
	ErrNoKey = errors.New("ctoken: reader has no encryption key")
)

// TokenID returns the identity of the token called name: the suite hash of
// "causeway/token/v1" || 0x00 || name.
func TokenID(suite types.Suite, name string) types.Hash {
	return suite.Sum(append([]byte("causeway/token/v1\x00"), name...))
}

// CheckName checks a token name: 1 to MaxNameBytes of printable text.
func CheckName(name string) *types.TxError {
	if name == "" {
		return types.Errorf(types.CodeInvalidPayload, "token name is empty")
	}
	return types.CheckText("token name", name, MaxNameBytes)
}

// context encodes a proof context: a label and length-prefixed fields.
func context(label string, fields ...[]byte) []byte {
	b := []byte("causeway/token/v1/" + label)
	for _, f := range fields {
		b = binary.BigEndian.AppendUint32(b, uint32(len(f)))
		b = append(b, f...)
	}
	return b
}

// IssueContext is the context of an issue's range proof: the chain, the
// token, the issuer and the recipient.
func IssueContext(chainID string, token, issuer, to types.Hash) []byte {
	return context("issue", []byte(chainID), token[:], issuer[:], to[:])
}

// TransferContext is the context of a transfer's three proofs: the chain,
// the token, the sender, the recipient and the sender's balance commitment
// (so that a transfer's proofs are good for that balance only: replayed
// after the balance changed, they no longer verify).
func TransferContext(chainID string, token, from, to types.Hash, balance []byte) []byte {
	return context("transfer", []byte(chainID), token[:], from[:], to[:], balance)
}

// EncodeOpening returns o's OpeningSize bytes.
func EncodeOpening(o confidential.Opening) []byte {
	b := binary.BigEndian.AppendUint64(make([]byte, 0, OpeningSize), o.Value)
	return append(b, o.Blinding.Bytes()...)
}

// DecodeOpening decodes EncodeOpening's bytes.
func DecodeOpening(b []byte) (confidential.Opening, error) {
	if len(b) != OpeningSize {
		return confidential.Opening{}, fmt.Errorf("%w: %d bytes, want %d", ErrBadOpening, len(b), OpeningSize)
	}
	r, err := confidential.DecodeScalar(b[8:])
	if err != nil {
		return confidential.Opening{}, fmt.Errorf("%w: %v", ErrBadOpening, err)
	}
	return confidential.Opening{Value: binary.BigEndian.Uint64(b[:8]), Blinding: r}, nil
}

// HolderReaders returns the readers an output of holder must be sealed to,
// in key order: the holder account's encryption key and the auditor's key
// in force in cfg (if any). A holder without a valid key is
// CodeUnknownReader; a holder holding the auditor's key is CodeDuplicate.
func HolderReaders(suite types.Suite, cfg *types.ChainConfig, holder *types.Account) ([]sealing.Reader, *types.TxError, error) {
	id, err := types.HashOf(holder.GetId())
	if err != nil {
		return nil, nil, fmt.Errorf("holder account id: %w", err)
	}
	if len(holder.EncryptionKey) == 0 {
		return nil, types.Errorf(types.CodeUnknownReader, "account %s has no encryption key: confidential outputs are sealed to it", id), nil
	}
	pk, err := seal.ParsePublicKey(sealing.SuiteOf(suite), holder.EncryptionKey)
	if err != nil {
		return nil, types.Errorf(types.CodeUnknownReader, "account %s has no valid %s encryption key: %v", id, suite.Name(), err), nil
	}
	readers := []sealing.Reader{{Account: id, PublicKey: pk.Bytes(), KeyID: pk.ID(), Label: types.SealLabelAccount(id)}}
	aud, ok, err := sealing.AuditorReader(cfg)
	if err != nil {
		return nil, nil, err
	}
	if ok {
		if aud.KeyID == readers[0].KeyID {
			return nil, types.Errorf(types.CodeDuplicate, "account %s holds the auditor's encryption key", id), nil
		}
		readers = append(readers, aud)
		if bytes.Compare(readers[1].KeyID[:], readers[0].KeyID[:]) < 0 {
			readers[0], readers[1] = readers[1], readers[0]
		}
	}
	return readers, nil, nil
}

// CheckOutput checks an output carried by a transaction: a canonical
// commitment (CodeBadCommitment) and an envelope of the chain's suite and
// of class OpeningClass wrapped exactly for readers (package sealing's
// codes). It returns the commitment.
func CheckOutput(suite types.Suite, out *types.TokenOutput, readers []sealing.Reader, maxBytes int) (confidential.Commitment, *types.TxError) {
	c, err := confidential.DecodeCommitment(out.GetCommitment())
	if err != nil {
		return confidential.Commitment{}, types.Errorf(types.CodeBadCommitment, "%v", err)
	}
	env, terr := sealing.CheckEnvelope(suite, out.GetEnvelope(), maxBytes)
	if terr != nil {
		return confidential.Commitment{}, terr
	}
	if env.Class != OpeningClass {
		return confidential.Commitment{}, types.Errorf(types.CodeBadEnvelope, "the opening's envelope is of class %q, want %q", env.Class, OpeningClass)
	}
	if terr := sealing.Match(env, readers); terr != nil {
		return confidential.Commitment{}, terr
	}
	return c, nil
}

// VerifyRange verifies a carried range proof (m = 1) for c; a refusal is
// code (CodeBadRangeProof for an amount or an issue, CodeInsufficientFunds
// for a transfer's change) with what in its reason.
func VerifyRange(c confidential.Commitment, proof, ctx []byte, code types.Code, what string) *types.TxError {
	if len(proof) != RangeProofSize {
		return types.Errorf(code, "%s: range proof is %d bytes, want %d", what, len(proof), RangeProofSize)
	}
	var p confidential.RangeProof
	if err := p.UnmarshalBinary(proof); err != nil {
		return types.Errorf(code, "%s: malformed range proof: %v", what, err)
	}
	if err := confidential.VerifyRange([]confidential.Commitment{c}, &p, ctx); err != nil {
		return types.Errorf(code, "%s: the range proof does not show a value in [0, 2^64): %v", what, err)
	}
	return nil
}

// VerifyBalance verifies a transfer's balance proof: balance = amount + change.
func VerifyBalance(balance, amount, change confidential.Commitment, proof, ctx []byte) *types.TxError {
	if len(proof) != confidential.BalanceProofSize {
		return types.Errorf(types.CodeBadBalanceProof, "balance proof is %d bytes, want %d", len(proof), confidential.BalanceProofSize)
	}
	var p confidential.BalanceProof
	if err := p.UnmarshalBinary(proof); err != nil {
		return types.Errorf(types.CodeBadBalanceProof, "malformed balance proof: %v", err)
	}
	if err := confidential.VerifyBalance([]confidential.Commitment{balance}, []confidential.Commitment{amount, change}, 0, &p, ctx); err != nil {
		return types.Errorf(types.CodeBadBalanceProof, "the balance proof does not show balance = amount + change: %v", err)
	}
	return nil
}
