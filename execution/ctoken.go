package execution

import (
	"bytes"
	"encoding/hex"
	"slices"
	"strconv"

	"github.com/causeway/causeway/crypto/confidential"
	"github.com/causeway/causeway/crypto/seal"
	"github.com/causeway/causeway/ctoken"
	"github.com/causeway/causeway/sealing"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
)

// Events of confidential tokens and audit access.
const (
	// EventTokenCreated: id, name, issuer.
	EventTokenCreated = "token.created"
	// EventTokenIssued: token, to, index (the output's), supply (the new
	// supply commitment, hex).
	EventTokenIssued = "token.issued"
	// EventTokenTransferred: token, from, to, index (the recipient's
	// output), change (the sender's change output index). No amount.
	EventTokenTransferred = "token.transferred"
	// EventAuditAccess: seq, auditor, token, holder, index.
	EventAuditAccess = "audit.access"
	// EventAuditorSet: account, key_id, from_height.
	EventAuditorSet = "gov.auditor_set"
)

// ActionSetAuditor is the governance action naming the chain's auditor.
const ActionSetAuditor = "set_auditor"

func (t *txExec) token(id types.Hash) (*types.Token, error) {
	b, err := t.get(state.TokenKey(id))
	if err != nil || b == nil {
		return nil, err
	}
	return state.DecodeToken(b)
}

// tokenBalance reads holder's balance of token; a holder without one has
// the identity commitment (Commit(0, 0)) and no outputs.
func (t *txExec) tokenBalance(token, holder types.Hash) (*types.TokenBalance, error) {
	b, err := t.get(state.TokenBalanceKey(token, holder))
	if err != nil {
		return nil, err
	}
	if b == nil {
		return &types.TokenBalance{Token: token.Bytes(), Holder: holder.Bytes(), Commitment: confidential.Commitment{}.Bytes()}, nil
	}
	return state.DecodeTokenBalance(b)
}

// addOutput appends an output to holder's outputs and returns its index;
// the caller sets the balance's commitment (and base) and writes it.
func (t *txExec) addOutput(bal *types.TokenBalance, kind types.TokenOutputKind, out *types.TokenOutput, auditor []byte) uint64 {
	token, _ := types.HashOf(bal.Token)
	holder, _ := types.HashOf(bal.Holder)
	idx := bal.Outputs
	bal.Outputs++
	t.put(state.TokenOutputKey(token, holder, idx), state.EncodeTokenOutput(&types.TokenOutputRecord{
		Token: bal.Token, Holder: bal.Holder, Index: idx, Kind: kind,
		Commitment: bytes.Clone(out.Commitment), Envelope: bytes.Clone(out.Envelope),
		TxHash: t.d.Hash.Bytes(), Height: t.header.Height, AuditorKeyId: auditor,
	}))
	return idx
}

// auditorKeyID is the auditor key id in force (nil without an auditor).
func (t *txExec) auditorKeyID() ([]byte, error) {
	r, ok, err := sealing.AuditorReader(t.inForce)
	if err != nil || !ok {
		return nil, err
	}
	return bytes.Clone(r.KeyID[:]), nil
}

// tokenCreate executes TOKEN_CREATE: the sender becomes the issuer of a
// new token with supply Commit(0, 0).
func (t *txExec) tokenCreate() (*types.TxError, error) {
	p := &types.TokenCreate{}
	if terr := t.decodePayload(p); terr != nil {
		return terr, nil
	}
	if terr := ctoken.CheckName(p.Name); terr != nil {
		return terr, nil
	}
	_, issuer, terr, err := t.sender()
	if terr != nil || err != nil {
		return terr, err
	}
	id := ctoken.TokenID(t.e.Suite, p.Name)
	old, err := t.token(id)
	if err != nil {
		return nil, err
	}
	if old != nil {
		return types.Errorf(types.CodeTokenExists, "token %q (%s) already exists", p.Name, id), nil
	}
	t.put(state.TokenKey(id), state.EncodeToken(&types.Token{
		Id: id.Bytes(), Name: p.Name, Issuer: issuer.Bytes(), Supply: confidential.Commitment{}.Bytes(), CreatedHeight: t.header.Height,
	}))
	t.emit(EventTokenCreated, "id", id.String(), "name", p.Name, "issuer", issuer.String())
	return nil, nil
}

// holder reads a recipient account and the readers its outputs are sealed to.
func (t *txExec) holder(raw []byte, what string) (types.Hash, []sealing.Reader, *types.TxError, error) {
	id, err := types.HashOf(raw)
	if err != nil {
		return id, nil, types.Errorf(types.CodeInvalidPayload, "%s must be a %d-byte account identity, got %d bytes", what, types.HashSize, len(raw)), nil
	}
	a, err := t.account(id)
	if err != nil {
		return id, nil, nil, err
	}
	if a == nil {
		return id, nil, types.Errorf(types.CodeUnknownAccount, "%s account %s does not exist", what, id), nil
	}
	readers, terr, err := ctoken.HolderReaders(t.e.Suite, t.inForce, sealing.AccountAt(a, t.header.Height))
	return id, readers, terr, err
}

// tokenOf reads the token a payload names.
func (t *txExec) tokenOf(raw []byte) (types.Hash, *types.Token, *types.TxError, error) {
	id, err := types.HashOf(raw)
	if err != nil {
		return id, nil, types.Errorf(types.CodeInvalidPayload, "token must be a %d-byte token id, got %d bytes", types.HashSize, len(raw)), nil
	}
	tok, err := t.token(id)
	if err != nil {
		return id, nil, nil, err
	}
	if tok == nil {
		return id, nil, types.Errorf(types.CodeUnknownToken, "token %s does not exist", id), nil
	}
	return id, tok, nil, nil
}

// tokenIssue executes TOKEN_ISSUE: only the issuer; the output's
// commitment must be range-proven; it is added to the supply and to the
// recipient's balance.
func (t *txExec) tokenIssue() (*types.TxError, error) {
	p := &types.TokenIssue{}
	if terr := t.decodePayload(p); terr != nil {
		return terr, nil
	}
	tokID, tok, terr, err := t.tokenOf(p.Token)
	if terr != nil || err != nil {
		return terr, err
	}
	_, issuer, terr, err := t.sender()
	if terr != nil || err != nil {
		return terr, err
	}
	if !bytes.Equal(tok.Issuer, issuer[:]) {
		return types.Errorf(types.CodeNotIssuer, "account %s is not the issuer of token %s (%s): only its issuer issues", issuer, tok.Name, tokID), nil
	}
	to, readers, terr, err := t.holder(p.To, "recipient")
	if terr != nil || err != nil {
		return terr, err
	}
	c, terr := ctoken.CheckOutput(t.e.Suite, p.GetOutput(), readers, t.params.MaxTxBytes)
	if terr != nil {
		return terr, nil
	}
	if terr := ctoken.VerifyRange(c, p.RangeProof, ctoken.IssueContext(t.e.ChainID, tokID, issuer, to), types.CodeBadRangeProof, "issued amount"); terr != nil {
		return terr, nil
	}
	supply, err := confidential.DecodeCommitment(tok.Supply)
	if err != nil {
		return nil, &state.CorruptError{What: "token supply", Key: state.TokenKey(tokID), Err: err}
	}
	bal, err := t.tokenBalance(tokID, to)
	if err != nil {
		return nil, err
	}
	old, err := confidential.DecodeCommitment(bal.Commitment)
	if err != nil {
		return nil, &state.CorruptError{What: "token balance", Key: state.TokenBalanceKey(tokID, to), Err: err}
	}
	aud, err := t.auditorKeyID()
	if err != nil {
		return nil, err
	}
	idx := t.addOutput(bal, types.TokenOutputKind_TOKEN_OUTPUT_ISSUED, p.Output, aud)
	bal.Commitment = old.Add(c).Bytes()
	t.put(state.TokenBalanceKey(tokID, to), state.EncodeTokenBalance(bal))
	tok.Supply = supply.Add(c).Bytes()
	tok.Issues++
	t.put(state.TokenKey(tokID), state.EncodeToken(tok))
	t.emit(EventTokenIssued, "token", tokID.String(), "to", to.String(), "index", strconv.FormatUint(idx, 10), "supply", hex.EncodeToString(tok.Supply))
	return nil, nil
}

// tokenTransfer executes TOKEN_TRANSFER: the sender's balance B (as named
// by the payload, which must be the one on chain) becomes the change C, and
// the recipient's balance grows by the amount A, if A and C are range
// proven and B = A + C is proven. Checks run cheapest first.
func (t *txExec) tokenTransfer() (*types.TxError, error) {
	p := &types.TokenTransfer{}
	if terr := t.decodePayload(p); terr != nil {
		return terr, nil
	}
	tokID, _, terr, err := t.tokenOf(p.Token)
	if terr != nil || err != nil {
		return terr, err
	}
	sender, from, terr, err := t.sender()
	if terr != nil || err != nil {
		return terr, err
	}
	to, toReaders, terr, err := t.holder(p.To, "recipient")
	if terr != nil || err != nil {
		return terr, err
	}
	if to == from {
		return types.Errorf(types.CodeInvalidPayload, "a confidential transfer to oneself is refused"), nil
	}
	fromReaders, terr, err := ctoken.HolderReaders(t.e.Suite, t.inForce, sealing.AccountAt(sender, t.header.Height))
	if terr != nil || err != nil {
		return terr, err
	}
	fromBal, err := t.tokenBalance(tokID, from)
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(p.Balance, fromBal.Commitment) {
		return types.Errorf(types.CodeStaleBalance, "the proofs are made against balance %x, but the sender's balance of token %s is %x (replayed, or another transfer or receipt came first: prove again)", p.Balance, tokID, fromBal.Commitment), nil
	}
	balance, err := confidential.DecodeCommitment(fromBal.Commitment)
	if err != nil {
		return nil, &state.CorruptError{What: "token balance", Key: state.TokenBalanceKey(tokID, from), Err: err}
	}
	a, terr := ctoken.CheckOutput(t.e.Suite, p.GetAmount(), toReaders, t.params.MaxTxBytes)
	if terr != nil {
		return types.Errorf(terr.Code, "amount: %s", terr.Reason), nil
	}
	c, terr := ctoken.CheckOutput(t.e.Suite, p.GetChange(), fromReaders, t.params.MaxTxBytes)
	if terr != nil {
		return types.Errorf(terr.Code, "change: %s", terr.Reason), nil
	}
	ctx := ctoken.TransferContext(t.e.ChainID, tokID, from, to, fromBal.Commitment)
	if terr := ctoken.VerifyRange(a, p.AmountProof, ctx, types.CodeBadRangeProof, "amount"); terr != nil {
		return terr, nil
	}
	if terr := ctoken.VerifyRange(c, p.ChangeProof, ctx, types.CodeInsufficientFunds, "change (balance − amount)"); terr != nil {
		return types.Errorf(terr.Code, "overdraw refused: %s", terr.Reason), nil
	}
	if terr := ctoken.VerifyBalance(balance, a, c, p.BalanceProof, ctx); terr != nil {
		return terr, nil
	}
	toBal, err := t.tokenBalance(tokID, to)
	if err != nil {
		return nil, err
	}
	old, err := confidential.DecodeCommitment(toBal.Commitment)
	if err != nil {
		return nil, &state.CorruptError{What: "token balance", Key: state.TokenBalanceKey(tokID, to), Err: err}
	}
	aud, err := t.auditorKeyID()
	if err != nil {
		return nil, err
	}
	ci := t.addOutput(fromBal, types.TokenOutputKind_TOKEN_OUTPUT_CHANGE, p.Change, aud)
	fromBal.Base = ci
	fromBal.Commitment = c.Bytes()
	t.put(state.TokenBalanceKey(tokID, from), state.EncodeTokenBalance(fromBal))
	ai := t.addOutput(toBal, types.TokenOutputKind_TOKEN_OUTPUT_RECEIVED, p.Amount, aud)
	toBal.Commitment = old.Add(a).Bytes()
	t.put(state.TokenBalanceKey(tokID, to), state.EncodeTokenBalance(toBal))
	t.emit(EventTokenTransferred, "token", tokID.String(), "from", from.String(), "to", to.String(),
		"index", strconv.FormatUint(ai, 10), "change", strconv.FormatUint(ci, 10))
	return nil, nil
}

// auditAccess executes AUDIT_ACCESS: the auditor account in force records
// that it opens an item sealed to its key, an existing token output or a
// sealed payload of a class it audits; the record is appended to the log,
// and the item is marked as opened (the mark is what lets a caller whose
// role only audits read it).
func (t *txExec) auditAccess() (*types.TxError, error) {
	p := &types.AuditAccess{}
	if terr := t.decodePayload(p); terr != nil {
		return terr, nil
	}
	if terr := types.CheckText("audit reason", p.Reason, ctoken.MaxAuditReasonBytes); terr != nil {
		return terr, nil
	}
	_, id, terr, err := t.sender()
	if terr != nil || err != nil {
		return terr, err
	}
	a := t.inForce.Auditor
	if a == nil {
		return types.Errorf(types.CodeNotAuditor, "the chain has no auditor (governance sets one with set_auditor)"), nil
	}
	if acct, ok := a.AccountHash(); !ok || acct != id {
		return types.Errorf(types.CodeNotAuditor, "account %s is not the chain's auditor account", id), nil
	}
	rec := &types.AuditRecord{Auditor: id.Bytes(), Index: p.Index, Reason: p.Reason,
		TxHash: t.d.Hash.Bytes(), Height: t.header.Height, TimeMs: t.header.TimeMs}
	var mark []byte
	var item []string
	if len(p.Sealed) > 0 {
		var terr *types.TxError
		mark, terr, err = t.auditSealed(p, rec)
		if terr != nil || err != nil {
			return terr, err
		}
		item = []string{"sealed", hex.EncodeToString(p.Sealed)}
	} else {
		tok, err1 := types.HashOf(p.Token)
		holder, err2 := types.HashOf(p.Holder)
		if err1 != nil || err2 != nil {
			return types.Errorf(types.CodeInvalidPayload, "token and holder must be %d-byte ids (or sealed names a sealed payload)", types.HashSize), nil
		}
		b, err := t.get(state.TokenOutputKey(tok, holder, p.Index))
		if err != nil {
			return nil, err
		}
		if b == nil {
			return types.Errorf(types.CodeUnknownOutput, "token %s has no output %d of holder %s", tok, p.Index, holder), nil
		}
		rec.Token, rec.Holder = tok.Bytes(), holder.Bytes()
		mark = state.AuditedOutputKey(tok, holder, p.Index)
		item = []string{"token", tok.String(), "holder", holder.String(), "index", strconv.FormatUint(p.Index, 10)}
	}
	cb, err := t.get(state.AuditCountKey())
	if err != nil {
		return nil, err
	}
	seq, err := state.DecodeNonce(cb)
	if err != nil {
		return nil, err
	}
	rec.Seq = seq
	t.put(state.AuditLogKey(seq), state.EncodeAudit(rec))
	t.put(state.AuditCountKey(), state.EncodeNonce(seq+1))
	if old, err := t.get(mark); err != nil {
		return nil, err
	} else if old == nil {
		t.put(mark, state.EncodeAuditMark(seq))
	}
	t.emit(EventAuditAccess, append([]string{"seq", strconv.FormatUint(seq, 10), "auditor", id.String()}, item...)...)
	return nil, nil
}

// auditSealed checks the sealed payload an AUDIT_ACCESS names: token,
// holder and index are empty, the payload exists and its envelope has an
// entry for the auditor (its class was audited when it was stored). It
// fills rec and returns the item's mark key.
func (t *txExec) auditSealed(p *types.AuditAccess, rec *types.AuditRecord) ([]byte, *types.TxError, error) {
	if len(p.Token) > 0 || len(p.Holder) > 0 || p.Index != 0 {
		return nil, types.Errorf(types.CodeInvalidPayload, "an audit access names either a token output or a sealed payload, not both"), nil
	}
	sid, err := types.HashOf(p.Sealed)
	if err != nil {
		return nil, types.Errorf(types.CodeInvalidPayload, "sealed must be a %d-byte id", types.HashSize), nil
	}
	b, err := t.get(state.SealedKey(sid))
	if err != nil {
		return nil, nil, err
	}
	if b == nil {
		return nil, types.Errorf(types.CodeUnknownOutput, "there is no sealed payload %s", sid), nil
	}
	sr, err := state.DecodeSealed(b)
	if err != nil {
		return nil, nil, err
	}
	if !slices.ContainsFunc(sr.Readers, func(r *types.SealedReader) bool { return r.Label == types.SealLabelAuditor }) {
		return nil, types.Errorf(types.CodeNotAudited, "sealed payload %s (class %q) is not sealed to the auditor: its class was not audited when it was stored", sid, types.EscapeText(sr.Class)), nil
	}
	rec.Sealed = sid.Bytes()
	return state.AuditedSealedKey(sid), nil, nil
}

// setAuditor applies SetAuditor to cfg: a valid encryption key of the
// chain's suite that no org lists, an existing account and the audited
// classes (types.CheckAuditedClasses); in force from the next block. The
// same auditor again is CodeDuplicate; the same key with another account or
// other classes is a change.
func (t *txExec) setAuditor(cfg *types.ChainConfig, s *types.SetAuditor) (*types.TxError, error) {
	pk, err := seal.ParsePublicKey(sealing.SuiteOf(t.e.Suite), s.PublicKey)
	if err != nil {
		return types.Errorf(types.CodeInvalidPayload, "auditor: not an encryption public key of the %s suite: %v", t.e.Suite.Name(), err), nil
	}
	kid := pk.ID().String()
	for _, o := range cfg.Orgs {
		if _, used := o.EncryptionKeyByID(kid); used {
			return types.Errorf(types.CodeDuplicate, "encryption key %s is listed for org %s; the auditor needs its own key", kid, o.Name), nil
		}
	}
	classes, terr := types.CheckAuditedClasses(s.Classes)
	if terr != nil {
		return terr, nil
	}
	id, err := types.HashOf(s.Account)
	if err != nil {
		return types.Errorf(types.CodeInvalidPayload, "auditor account: %v", err), nil
	}
	acct, err := t.account(id)
	if err != nil {
		return nil, err
	}
	if acct == nil {
		return types.Errorf(types.CodeUnknownAccount, "auditor account %s does not exist", id), nil
	}
	if a := cfg.Auditor; a != nil && a.KeyID == kid && a.Account == id.String() && slices.Equal(a.Classes, classes) {
		return types.Errorf(types.CodeDuplicate, "encryption key %s, account %s and these classes are already the auditor's: nothing would change", kid, id), nil
	}
	cfg.Auditor = &types.AuditorConfig{PublicKey: hex.EncodeToString(pk.Bytes()), KeyID: kid, Account: id.String(), FromHeight: t.header.Height + 1, Classes: classes}
	return nil, nil
}
