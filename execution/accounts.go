package execution

import (
	"bytes"
	"sort"
	"strconv"

	"github.com/causeway/causeway/types"
)

// Events of key management.
const (
	EventAuthUpdated    = "account.auth_updated"    // id, keys (count), total (weight)
	EventRecoverKeySet  = "account.recover_key_set" // id
	EventResetRequested = "account.reset_requested" // id, after_ms
	EventResetCompleted = "account.reset_completed" // id
	EventResetCancelled = "account.reset_cancelled" // id
	EventAccountFrozen  = "account.frozen"          // id, by ("self" or "governance")
)

// MaxAuthKeys bounds an account's auth map.
const MaxAuthKeys = 16

// maxEncryptionKeyBytes bounds an account's encryption public key.
const maxEncryptionKeyBytes = 256

// normalizeAuthKeys checks a complete auth map: every key well formed and
// listed once, weights positive, at most MaxAuthKeys, and a total weight that
// can reach AuthThreshold. It returns a sorted copy, so that equal maps
// encode equally whatever order they were given in.
func normalizeAuthKeys(keys []*types.AuthKey) ([]*types.AuthKey, *types.TxError) {
	if len(keys) == 0 {
		return nil, types.Errorf(types.CodeInvalidPayload, "the auth map is empty")
	}
	if len(keys) > MaxAuthKeys {
		return nil, types.Errorf(types.CodeInvalidPayload, "the auth map has %d keys, at most %d", len(keys), MaxAuthKeys)
	}
	out := make([]*types.AuthKey, 0, len(keys))
	var total uint64
	for i, k := range keys {
		if k == nil {
			return nil, types.Errorf(types.CodeInvalidPayload, "auth key %d is empty", i)
		}
		if terr := checkPublicKey(k.Scheme, k.PublicKey); terr != nil {
			return nil, types.Errorf(types.CodeInvalidPayload, "auth key %d: %s", i, terr.Reason)
		}
		if k.Weight == 0 || k.Weight > AuthThreshold {
			return nil, types.Errorf(types.CodeInvalidPayload, "auth key %d has weight %d; weights are 1..%d", i, k.Weight, AuthThreshold)
		}
		if listedBefore(out, k) {
			return nil, types.Errorf(types.CodeInvalidPayload, "auth key %d is listed twice", i)
		}
		out = append(out, &types.AuthKey{Scheme: k.Scheme, PublicKey: bytes.Clone(k.PublicKey), Weight: k.Weight})
		total += uint64(k.Weight)
	}
	if total < AuthThreshold {
		return nil, types.Errorf(types.CodeInvalidPayload, "the auth map's total weight %d cannot reach the threshold %d", total, AuthThreshold)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Scheme != out[j].Scheme {
			return out[i].Scheme < out[j].Scheme
		}
		return bytes.Compare(out[i].PublicKey, out[j].PublicKey) < 0
	})
	return out, nil
}

func totalWeight(keys []*types.AuthKey) uint64 {
	var t uint64
	for _, k := range keys {
		t += uint64(k.Weight)
	}
	return t
}

// updateAuth executes UPDATE_AUTH, authorised by the current auth map: each
// listed key is added or re-weighted, or removed with weight 0. The new map
// must still be able to reach the threshold, so an account cannot lock
// itself out by mistake.
func (t *txExec) updateAuth() (*types.TxError, error) {
	p := &types.UpdateAuth{}
	if terr := t.decodePayload(p); terr != nil {
		return terr, nil
	}
	if len(p.Keys) == 0 {
		return types.Errorf(types.CodeInvalidPayload, "no keys to update"), nil
	}
	acct, id, terr, err := t.sender()
	if terr != nil || err != nil {
		return terr, err
	}
	next := make([]*types.AuthKey, 0, len(acct.AuthKeys)+len(p.Keys))
	for _, k := range acct.AuthKeys {
		next = append(next, &types.AuthKey{Scheme: k.Scheme, PublicKey: k.PublicKey, Weight: k.Weight})
	}
	for i, u := range p.Keys {
		if u == nil {
			return types.Errorf(types.CodeInvalidPayload, "update %d is empty", i), nil
		}
		found := -1
		for j, k := range next {
			if k.Scheme == u.Scheme && bytes.Equal(k.PublicKey, u.PublicKey) {
				found = j
				break
			}
		}
		switch {
		case found >= 0 && u.Weight == 0:
			next = append(next[:found], next[found+1:]...)
		case found >= 0:
			next[found].Weight = u.Weight
		case u.Weight == 0:
			return types.Errorf(types.CodeInvalidPayload, "update %d removes a key the account does not have", i), nil
		default:
			next = append(next, &types.AuthKey{Scheme: u.Scheme, PublicKey: u.PublicKey, Weight: u.Weight})
		}
	}
	keys, terr := normalizeAuthKeys(next)
	if terr != nil {
		return terr, nil
	}
	acct.AuthKeys = keys
	acct.Version++
	t.putAccount(acct)
	t.emit(EventAuthUpdated, "id", id.String(), "keys", strconv.Itoa(len(keys)), "total", strconv.FormatUint(totalWeight(keys), 10))
	return nil, nil
}

// setRecoverKey executes SET_RECOVER_KEY, authorised by the auth map.
func (t *txExec) setRecoverKey() (*types.TxError, error) {
	p := &types.SetRecoverKey{}
	if terr := t.decodePayload(p); terr != nil {
		return terr, nil
	}
	if p.RecoverKey == nil {
		return types.Errorf(types.CodeInvalidPayload, "recover key is missing"), nil
	}
	if terr := checkPublicKey(p.RecoverKey.Scheme, p.RecoverKey.PublicKey); terr != nil {
		return types.Errorf(types.CodeInvalidPayload, "recover key: %s", terr.Reason), nil
	}
	acct, id, terr, err := t.sender()
	if terr != nil || err != nil {
		return terr, err
	}
	if acct.Status == types.AccountStatus_ACCOUNT_RECOVERING {
		return types.Errorf(types.CodeInvalidPayload, "account %s is recovering: cancel the reset before changing the recover key", id), nil
	}
	acct.RecoverKey = &types.AuthKey{Scheme: p.RecoverKey.Scheme, PublicKey: bytes.Clone(p.RecoverKey.PublicKey)}
	acct.Version++
	t.putAccount(acct)
	t.emit(EventRecoverKeySet, "id", id.String())
	return nil, nil
}

// recoverer loads the sender for a transaction that only its recover key may
// sign (PRE_RESET, RESET).
func (t *txExec) recoverer() (*types.Account, types.Hash, *types.TxError, error) {
	id, _ := types.HashOf(t.d.Body.Sender)
	acct, err := t.account(id)
	if err != nil {
		return nil, id, nil, err
	}
	if acct == nil {
		return nil, id, types.Errorf(types.CodeUnknownAccount, "account %s does not exist", id), nil
	}
	if acct.Status == types.AccountStatus_ACCOUNT_FROZEN {
		return nil, id, types.Errorf(types.CodeAccountFrozen, "account %s is frozen", id), nil
	}
	rk := acct.RecoverKey
	if rk == nil || len(rk.PublicKey) == 0 {
		return nil, id, types.Errorf(types.CodeUnauthorized, "account %s has no recover key", id), nil
	}
	if !signedBy(t.d.Tx.Signatures, rk.Scheme, rk.PublicKey) {
		return nil, id, types.Errorf(types.CodeUnauthorized, "only account %s's recover key may reset its keys", id), nil
	}
	return acct, id, nil, nil
}

// preReset executes PRE_RESET, signed by the recover key: the account enters
// RECOVERING and new_keys are held until the chain's recovery delay passes.
func (t *txExec) preReset() (*types.TxError, error) {
	p := &types.PreReset{}
	if terr := t.decodePayload(p); terr != nil {
		return terr, nil
	}
	keys, terr := normalizeAuthKeys(p.NewKeys)
	if terr != nil {
		return terr, nil
	}
	acct, id, terr, err := t.recoverer()
	if terr != nil || err != nil {
		return terr, err
	}
	if acct.Status == types.AccountStatus_ACCOUNT_RECOVERING {
		return types.Errorf(types.CodeInvalidPayload, "account %s is already recovering", id), nil
	}
	acct.Status = types.AccountStatus_ACCOUNT_RECOVERING
	acct.PendingKeys = keys
	acct.RecoverAfterMs = t.header.TimeMs + t.params.RecoveryDelayMs
	acct.Version++
	t.putAccount(acct)
	t.emit(EventResetRequested, "id", id.String(), "after_ms", strconv.FormatInt(acct.RecoverAfterMs, 10))
	return nil, nil
}

// reset executes RESET, signed by the recover key once the delay has passed:
// the pending keys become the auth map.
func (t *txExec) reset() (*types.TxError, error) {
	acct, id, terr, err := t.recoverer()
	if terr != nil || err != nil {
		return terr, err
	}
	if acct.Status != types.AccountStatus_ACCOUNT_RECOVERING {
		return types.Errorf(types.CodeInvalidPayload, "account %s has no pending reset", id), nil
	}
	if t.header.TimeMs < acct.RecoverAfterMs {
		return types.Errorf(types.CodeInvalidPayload, "the reset of account %s may complete at %d; the chain's time is %d", id, acct.RecoverAfterMs, t.header.TimeMs), nil
	}
	acct.AuthKeys = acct.PendingKeys
	acct.PendingKeys = nil
	acct.RecoverAfterMs = 0
	acct.Status = types.AccountStatus_ACCOUNT_NORMAL
	acct.Version++
	t.putAccount(acct)
	t.emit(EventResetCompleted, "id", id.String())
	return nil, nil
}

// cancelReset executes CANCEL_RESET, authorised by the current auth map: the
// keys the recovery would replace prove they are not lost.
func (t *txExec) cancelReset() (*types.TxError, error) {
	acct, id, terr, err := t.sender()
	if terr != nil || err != nil {
		return terr, err
	}
	if acct.Status != types.AccountStatus_ACCOUNT_RECOVERING {
		return types.Errorf(types.CodeInvalidPayload, "account %s has no pending reset", id), nil
	}
	acct.Status = types.AccountStatus_ACCOUNT_NORMAL
	acct.PendingKeys = nil
	acct.RecoverAfterMs = 0
	acct.Version++
	t.putAccount(acct)
	t.emit(EventResetCancelled, "id", id.String())
	return nil, nil
}

// freezeSelf executes FREEZE_SELF, authorised by the auth map: a frozen
// account can send nothing until governance unfreezes it.
func (t *txExec) freezeSelf() (*types.TxError, error) {
	acct, id, terr, err := t.sender()
	if terr != nil || err != nil {
		return terr, err
	}
	acct.Status = types.AccountStatus_ACCOUNT_FROZEN
	acct.Version++
	t.putAccount(acct)
	t.emit(EventAccountFrozen, "id", id.String(), "by", "self")
	return nil, nil
}
