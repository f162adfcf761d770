package ctoken

import (
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/causeway/causeway/crypto/confidential"
	"github.com/causeway/causeway/crypto/seal"
	"github.com/causeway/causeway/sealing"
	"github.com/causeway/causeway/types"
)

func decodeHex(s string) ([]byte, error) { return hex.DecodeString(s) }

// SealOpening seals o's encoding to readers (from HolderReaders) under
// chain chainID's context, as an output's envelope.
func SealOpening(suite types.Suite, chainID string, o confidential.Opening, readers []sealing.Reader) ([]byte, error) {
	rs := make([]seal.Recipient, len(readers))
	for i, r := range readers {
		rs[i] = r.Recipient()
	}
	env, err := seal.Seal(sealing.SuiteOf(suite), EncodeOpening(o), rs, seal.WithClass(OpeningClass), seal.WithContext(sealing.Context(chainID)))
	if err != nil {
		return nil, err
	}
	return seal.Marshal(env)
}

// Output builds a TokenOutput of opening o sealed to readers.
func Output(suite types.Suite, chainID string, o confidential.Opening, readers []sealing.Reader) (*types.TokenOutput, error) {
	env, err := SealOpening(suite, chainID, o, readers)
	if err != nil {
		return nil, err
	}
	return &types.TokenOutput{Commitment: o.Commitment().Bytes(), Envelope: env}, nil
}

func rangeProof(o confidential.Opening, ctx []byte) ([]byte, error) {
	p, _, err := confidential.ProveRange([]uint64{o.Value}, []confidential.Scalar{o.Blinding}, ctx)
	if err != nil {
		return nil, err
	}
	return p.MarshalBinary()
}

// NewIssue builds the payload of TOKEN_ISSUE: value of token from issuer to
// to, its opening sealed to toReaders (HolderReaders of the recipient). It
// returns the opening too.
func NewIssue(suite types.Suite, chainID string, token, issuer, to types.Hash, value uint64, toReaders []sealing.Reader) (*types.TokenIssue, confidential.Opening, error) {
	o, err := confidential.NewOpening(value)
	if err != nil {
		return nil, o, err
	}
	out, err := Output(suite, chainID, o, toReaders)
	if err != nil {
		return nil, o, err
	}
	proof, err := rangeProof(o, IssueContext(chainID, token, issuer, to))
	if err != nil {
		return nil, o, err
	}
	return &types.TokenIssue{Token: token.Bytes(), To: to.Bytes(), Output: out, RangeProof: proof}, o, nil
}

// NewTransfer builds the payload of TOKEN_TRANSFER: amount of token from
// from, whose balance has opening balance, to to. The amount's opening is
// sealed to toReaders, the change's to fromReaders. It returns the change's
// opening (the sender's new balance). ErrInsufficient if amount exceeds
// balance.Value.
func NewTransfer(suite types.Suite, chainID string, token, from, to types.Hash, balance confidential.Opening, amount uint64, toReaders, fromReaders []sealing.Reader) (*types.TokenTransfer, confidential.Opening, error) {
	if amount > balance.Value {
		return nil, confidential.Opening{}, fmt.Errorf("%w: %d > %d", ErrInsufficient, amount, balance.Value)
	}
	a, err := confidential.NewOpening(amount)
	if err != nil {
		return nil, a, err
	}
	// The change gets a fresh blinding, so that it cannot be linked to
	// the balance; the balance proof shows knowledge of the difference.
	c, err := confidential.NewOpening(balance.Value - amount)
	if err != nil {
		return nil, c, err
	}
	bal := balance.Commitment().Bytes()
	ctx := TransferContext(chainID, token, from, to, bal)
	amountOut, err := Output(suite, chainID, a, toReaders)
	if err != nil {
		return nil, c, err
	}
	changeOut, err := Output(suite, chainID, c, fromReaders)
	if err != nil {
		return nil, c, err
	}
	ap, err := rangeProof(a, ctx)
	if err != nil {
		return nil, c, err
	}
	cp, err := rangeProof(c, ctx)
	if err != nil {
		return nil, c, err
	}
	bp, err := confidential.ProveBalance([]confidential.Opening{balance}, []confidential.Opening{a, c}, 0, ctx)
	if err != nil {
		return nil, c, err
	}
	bpb, err := bp.MarshalBinary()
	if err != nil {
		return nil, c, err
	}
	return &types.TokenTransfer{
		Token: token.Bytes(), To: to.Bytes(), Balance: bal, Amount: amountOut, Change: changeOut,
		AmountProof: ap, ChangeProof: cp, BalanceProof: bpb,
	}, c, nil
}

// OpenOutput opens a stored output with key (the holder's or the
// auditor's), or with one of older (keys of the holder that a rotation
// replaced: an output is sealed to the key in force at its block), under
// chain chainID's context and checks that the opening opens the output's
// commitment (ErrBadOpening otherwise: the sender sealed something else).
func OpenOutput(chainID string, rec *types.TokenOutputRecord, key *seal.EncryptionKey, older ...*seal.EncryptionKey) (confidential.Opening, error) {
	env, err := seal.Unmarshal(rec.GetEnvelope(), 0)
	if err != nil {
		return confidential.Opening{}, err
	}
	// The output was sealed to the holder's key in force at its block:
	// key, or one a rotation replaced (older).
	var pt []byte
	for _, k := range append([]*seal.EncryptionKey{key}, older...) {
		if pt, err = seal.Open(env, k, sealing.Context(chainID)); !errors.Is(err, seal.ErrNotARecipient) {
			break
		}
	}
	if err != nil {
		return confidential.Opening{}, err
	}
	o, err := DecodeOpening(pt)
	if err != nil {
		return o, err
	}
	c, err := confidential.DecodeCommitment(rec.GetCommitment())
	if err != nil {
		return confidential.Opening{}, fmt.Errorf("%w: stored commitment: %v", ErrBadOpening, err)
	}
	if !o.Commitment().Equal(c) {
		return confidential.Opening{}, fmt.Errorf("%w (output %d)", ErrBadOpening, rec.GetIndex())
	}
	return o, nil
}

// Balance sums the openings of a holder's outputs base..outputs-1 (outs,
// in index order, from TokenBalance.base), each opened with key or one of
// older (OpenOutput), into the opening of its balance,
// and checks it opens bal.commitment. The value is summed in 128 bits and
// refused beyond 2^64 − 1.
func Balance(chainID string, bal *types.TokenBalance, outs []*types.TokenOutputRecord, key *seal.EncryptionKey, older ...*seal.EncryptionKey) (confidential.Opening, error) {
	if uint64(len(outs)) != bal.GetOutputs()-bal.GetBase() {
		return confidential.Opening{}, fmt.Errorf("ctoken: %d outputs given, the balance sums %d (%d..%d)", len(outs), bal.GetOutputs()-bal.GetBase(), bal.GetBase(), bal.GetOutputs())
	}
	var sum confidential.Opening
	for i, rec := range outs {
		if rec.GetIndex() != bal.GetBase()+uint64(i) {
			return confidential.Opening{}, fmt.Errorf("ctoken: output %d given where %d is due", rec.GetIndex(), bal.GetBase()+uint64(i))
		}
		o, err := OpenOutput(chainID, rec, key, older...)
		if err != nil {
			return confidential.Opening{}, err
		}
		if sum.Value+o.Value < sum.Value {
			return confidential.Opening{}, fmt.Errorf("%w: the balance exceeds 2^64 − 1", ErrBadOpening)
		}
		sum.Value += o.Value
		sum.Blinding = sum.Blinding.Add(o.Blinding)
	}
	c, err := confidential.DecodeCommitment(bal.GetCommitment())
	if err != nil {
		return confidential.Opening{}, fmt.Errorf("%w: stored balance: %v", ErrBadOpening, err)
	}
	if !sum.Commitment().Equal(c) {
		return confidential.Opening{}, fmt.Errorf("%w: the outputs do not sum to the balance commitment", ErrBadOpening)
	}
	return sum, nil
}
