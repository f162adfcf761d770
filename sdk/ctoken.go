package sdk

import (
	"context"
	"fmt"

	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/crypto/confidential"
	"github.com/causeway/causeway/crypto/seal"
	"github.com/causeway/causeway/ctoken"
	"github.com/causeway/causeway/sealing"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
)

// Confidential tokens (package ctoken). The proofs are made here, in the
// client; the node receives commitments, proofs and sealed openings only.
// Token state is read with GetStateProof, which serves the state after the
// block before the head: the reads below first make sure the head block
// holds nothing of the caller's (Account.Fresh), so that a client sees its
// own last transfer.

// TokenOutputs is a holder's balance record and the outputs it sums.
type TokenOutputs struct {
	Balance *types.TokenBalance
	// Outputs are the outputs Balance.base..Balance.outputs-1, in order.
	Outputs []*types.TokenOutputRecord
}

// stateValue reads a state key at the latest provable height (nil when
// absent).
func (c *Client) stateValue(ctx context.Context, key []byte) ([]byte, error) {
	p, err := c.GetStateProof(ctx, key, LatestHeight)
	if err != nil {
		return nil, err
	}
	return p.GetValue(), nil
}

// Fresh makes the state the node proves include every block committed so
// far: it commits a transfer of 1 from a to itself (failed or not, it
// makes a block after them). Token reads call it before reading.
func (c *Client) Fresh(ctx context.Context, a Account, opt TxOptions) error {
	tx, err := a.TransferTx(opt, a.ID(), 1)
	if err != nil {
		return err
	}
	_, err = c.SubmitAndWait(ctx, tx)
	return err
}

// Token reads token id; nil, nil when it does not exist.
func (c *Client) Token(ctx context.Context, id types.Hash) (*types.Token, error) {
	b, err := c.stateValue(ctx, state.TokenKey(id))
	if err != nil || b == nil {
		return nil, err
	}
	return state.DecodeToken(b)
}

// TokenHoldings reads holder's balance record of token and its outputs.
func (c *Client) TokenHoldings(ctx context.Context, token, holder types.Hash) (*TokenOutputs, error) {
	b, err := c.stateValue(ctx, state.TokenBalanceKey(token, holder))
	if err != nil {
		return nil, err
	}
	out := &TokenOutputs{Balance: &types.TokenBalance{Token: token.Bytes(), Holder: holder.Bytes(), Commitment: confidential.Commitment{}.Bytes()}}
	if b != nil {
		if out.Balance, err = state.DecodeTokenBalance(b); err != nil {
			return nil, err
		}
	}
	for i := out.Balance.Base; i < out.Balance.Outputs; i++ {
		rec, err := c.TokenOutput(ctx, token, holder, i)
		if err != nil {
			return nil, err
		}
		out.Outputs = append(out.Outputs, rec)
	}
	return out, nil
}

// TokenOutput reads one output of holder.
func (c *Client) TokenOutput(ctx context.Context, token, holder types.Hash, index uint64) (*types.TokenOutputRecord, error) {
	b, err := c.stateValue(ctx, state.TokenOutputKey(token, holder, index))
	if err != nil {
		return nil, err
	}
	if b == nil {
		return nil, &types.TxError{Code: types.CodeUnknownOutput, Reason: fmt.Sprintf("token %s has no output %d of holder %s (in the state the node proves)", token, index, holder)}
	}
	return state.DecodeTokenOutput(b)
}

// TokenBalance returns a's balance of token: it reads a's outputs and opens
// them with key, a's encryption key (or with one of older, keys of a that
// a rotation replaced: outputs received before it were sealed to those),
// and checks they sum to the balance commitment on chain.
func (c *Client) TokenBalance(ctx context.Context, a Account, opt TxOptions, key *seal.EncryptionKey, token types.Hash, older ...*seal.EncryptionKey) (confidential.Opening, *TokenOutputs, error) {
	if err := c.Fresh(ctx, a, opt); err != nil {
		return confidential.Opening{}, nil, err
	}
	h, err := c.TokenHoldings(ctx, token, a.ID())
	if err != nil {
		return confidential.Opening{}, nil, err
	}
	o, err := ctoken.Balance(opt.ChainID, h.Balance, h.Outputs, key, older...)
	return o, h, err
}

// holderReaders resolves the readers of holder's outputs from the chain.
func (c *Client) holderReaders(ctx context.Context, suite types.Suite, holder types.Hash) ([]sealing.Reader, error) {
	cfg, err := c.ChainConfig(ctx)
	if err != nil {
		return nil, err
	}
	acct, err := c.GetAccount(ctx, holder.String())
	if err != nil {
		return nil, err
	}
	rs, terr, err := ctoken.HolderReaders(suite, cfg, acct)
	if err != nil {
		return nil, err
	}
	if terr != nil {
		return nil, terr
	}
	return rs, nil
}

// CreateToken creates token name with a as its issuer and returns its id.
func (c *Client) CreateToken(ctx context.Context, a Account, opt TxOptions, name string) (types.Hash, error) {
	tx, err := a.BuildTx(opt, types.TxType_TOKEN_CREATE, &types.TokenCreate{Name: name})
	if err != nil {
		return types.Hash{}, err
	}
	_, err = c.SubmitOK(ctx, tx)
	return ctoken.TokenID(a.Suite, name), err
}

// IssueToken issues value of token from a (its issuer) to holder, hidden:
// the opening is sealed to the holder and the auditor in force.
func (c *Client) IssueToken(ctx context.Context, a Account, opt TxOptions, token, holder types.Hash, value uint64) (*apipb.SubmitTxResponse, error) {
	rs, err := c.holderReaders(ctx, a.Suite, holder)
	if err != nil {
		return nil, err
	}
	p, _, err := ctoken.NewIssue(a.Suite, opt.ChainID, token, a.ID(), holder, value, rs)
	if err != nil {
		return nil, err
	}
	tx, err := a.BuildTx(opt, types.TxType_TOKEN_ISSUE, p)
	if err != nil {
		return nil, err
	}
	return c.SubmitOK(ctx, tx)
}

// TransferPayload proves a transfer of amount of token from a, whose
// balance has opening balance, to holder, without submitting it. It
// returns the payload and the change (a's new balance opening).
func (c *Client) TransferPayload(ctx context.Context, a Account, opt TxOptions, token, holder types.Hash, balance confidential.Opening, amount uint64) (*types.TokenTransfer, confidential.Opening, error) {
	toRs, err := c.holderReaders(ctx, a.Suite, holder)
	if err != nil {
		return nil, confidential.Opening{}, err
	}
	fromRs, err := c.holderReaders(ctx, a.Suite, a.ID())
	if err != nil {
		return nil, confidential.Opening{}, err
	}
	return ctoken.NewTransfer(a.Suite, opt.ChainID, token, a.ID(), holder, balance, amount, toRs, fromRs)
}

// TransferToken sends amount of token from a to holder with the amount
// hidden: it opens a's balance with key (and older, as TokenBalance), proves, submits and waits. On
// stale_balance (a receipt raced it), it reads and proves again, once.
func (c *Client) TransferToken(ctx context.Context, a Account, opt TxOptions, key *seal.EncryptionKey, token, holder types.Hash, amount uint64, older ...*seal.EncryptionKey) (*apipb.SubmitTxResponse, error) {
	for attempt := 0; ; attempt++ {
		bal, _, err := c.TokenBalance(ctx, a, opt, key, token, older...)
		if err != nil {
			return nil, err
		}
		p, _, err := c.TransferPayload(ctx, a, opt, token, holder, bal, amount)
		if err != nil {
			return nil, err
		}
		tx, err := a.BuildTx(opt, types.TxType_TOKEN_TRANSFER, p)
		if err != nil {
			return nil, err
		}
		resp, err := c.SubmitOK(ctx, tx)
		if attempt == 0 && ReasonOf(err) == types.CodeStaleBalance {
			continue
		}
		return resp, err
	}
}

// AuditOpen is the auditor's opening of one output: it first records the
// access on chain (AUDIT_ACCESS by a, the auditor account, with reason)
// and only once that is committed reads the output and opens it with key,
// the auditor's encryption key. It works through a client with an
// auditor-role certificate, which may submit AUDIT_ACCESS and nothing else
// (except for an output made in the same block as the record, which needs
// a further block: Fresh, a transfer, which that certificate may not send).
func (c *Client) AuditOpen(ctx context.Context, a Account, opt TxOptions, key *seal.EncryptionKey, token, holder types.Hash, index uint64, reason string) (confidential.Opening, *types.TokenOutputRecord, error) {
	tx, err := a.BuildTx(opt, types.TxType_AUDIT_ACCESS, &types.AuditAccess{Token: token.Bytes(), Holder: holder.Bytes(), Index: index, Reason: reason})
	if err != nil {
		return confidential.Opening{}, nil, err
	}
	if _, err := c.SubmitOK(ctx, tx); err != nil {
		return confidential.Opening{}, nil, err
	}
	// The output existed when the record committed; it is provable unless
	// it was made in that very block (the proven state is the one before
	// the head): then make a block first (Fresh).
	rec, err := c.TokenOutput(ctx, token, holder, index)
	if ReasonOf(err) == types.CodeUnknownOutput {
		if err := c.Fresh(ctx, a, opt); err != nil {
			return confidential.Opening{}, nil, err
		}
		rec, err = c.TokenOutput(ctx, token, holder, index)
	}
	if err != nil {
		return confidential.Opening{}, nil, err
	}
	o, err := ctoken.OpenOutput(opt.ChainID, rec, key)
	return o, rec, err
}

// AuditOpenSealed is the auditor's opening of sealed payload id, of a
// class the chain's auditor audits: it first records the access on chain
// (AUDIT_ACCESS naming the payload, by a, the auditor account, with
// reason) and only once that is committed reads the payload and opens it
// with key, the auditor's encryption key. Through an auditor-role
// certificate the node serves the payload only after that record.
func (c *Client) AuditOpenSealed(ctx context.Context, a Account, opt TxOptions, key *seal.EncryptionKey, id types.Hash, reason string) ([]byte, *types.SealedRecord, error) {
	tx, err := a.BuildTx(opt, types.TxType_AUDIT_ACCESS, &types.AuditAccess{Sealed: id.Bytes(), Reason: reason})
	if err != nil {
		return nil, nil, err
	}
	if _, err := c.SubmitOK(ctx, tx); err != nil {
		return nil, nil, err
	}
	return c.Open(ctx, id, key)
}

// AuditLog reads the on-chain audit access log, oldest first, from record
// from on (at most limit records; 0: all).
func (c *Client) AuditLog(ctx context.Context, from, limit uint64) ([]*types.AuditRecord, error) {
	b, err := c.stateValue(ctx, state.AuditCountKey())
	if err != nil {
		return nil, err
	}
	n, err := state.DecodeNonce(b)
	if err != nil {
		return nil, err
	}
	var out []*types.AuditRecord
	for i := from; i < n && (limit == 0 || uint64(len(out)) < limit); i++ {
		v, err := c.stateValue(ctx, state.AuditLogKey(i))
		if err != nil {
			return nil, err
		}
		r, err := state.DecodeAudit(v)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// SetAuditorProposal is the governance action naming the auditor: its
// encryption key, its account, and the sealed-payload classes also sealed
// to its key (confidential token outputs always are).
func SetAuditorProposal(publicKey []byte, account types.Hash, classes ...string) *types.Proposal {
	return &types.Proposal{Action: &types.Proposal_SetAuditor{SetAuditor: &types.SetAuditor{PublicKey: publicKey, Account: account.Bytes(), Classes: classes}}}
}
