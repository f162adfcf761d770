package execution

import (
	"bytes"
	"slices"
	"strconv"

	"github.com/causeway/causeway/crypto/seal"
	"github.com/causeway/causeway/sealing"
	"github.com/causeway/causeway/types"
)

// EventAccountEncryptionKeySet: an account set a new encryption key, in
// force from from_height (id, key_id, from_height, replaced: the key id it
// replaces, empty for the account's first key).
const EventAccountEncryptionKeySet = "account.encryption_key_set"

// checkEncryptionKey checks an account's encryption public key, as
// CREATE_ACCOUNT and SET_ENCRYPTION_KEY take it: at most
// maxEncryptionKeyBytes, and a valid key of the chain's suite that a sender
// can wrap data keys for (crypto/seal: X25519 for intl, canonical and not of
// low order; an uncompressed SM2 point for gm). A refusal is
// CodeInvalidPayload.
func (t *txExec) checkEncryptionKey(pub []byte) (*seal.PublicKey, *types.TxError) {
	if len(pub) > maxEncryptionKeyBytes {
		return nil, types.Errorf(types.CodeInvalidPayload, "encryption key is %d bytes, at most %d", len(pub), maxEncryptionKeyBytes)
	}
	pk, err := seal.ParsePublicKey(sealing.SuiteOf(t.e.Suite), pub)
	if err != nil {
		return nil, types.Errorf(types.CodeInvalidPayload, "encryption key: not an encryption public key of the %s suite: %v", t.e.Suite.Name(), err)
	}
	return pk, nil
}

// setEncryptionKey executes SET_ENCRYPTION_KEY, authorised by the sender's
// auth map like every other account transaction: public_key becomes the
// account's encryption key from the next block on (so a payload sealed to
// the account later in this block is still wrapped for the key in force).
// The key must be a valid key of the chain's suite (checkEncryptionKey),
// not one the account lists (its key or a replaced one: CodeDuplicate) nor
// one an org lists or the auditor's (CodeDuplicate: an envelope wraps once
// per key). One
// rotation per account and block: a second one in the block of the first
// is refused (CodeInvalidPayload), since the first key would never be in
// force. The replaced key is kept, with the heights it was in force, in
// replaced_encryption_keys, at most types.MaxAccountEncryptionKeys - 1 of
// them (the oldest dropped).
func (t *txExec) setEncryptionKey() (*types.TxError, error) {
	p := &types.SetEncryptionKey{}
	if terr := t.decodePayload(p); terr != nil {
		return terr, nil
	}
	if len(p.PublicKey) == 0 {
		return types.Errorf(types.CodeInvalidPayload, "the new encryption key is missing"), nil
	}
	pk, terr := t.checkEncryptionKey(p.PublicKey)
	if terr != nil {
		return terr, nil
	}
	acct, id, terr, err := t.sender()
	if terr != nil || err != nil {
		return terr, err
	}
	kid := pk.ID()
	if bytes.Equal(acct.EncryptionKey, pk.Bytes()) {
		return types.Errorf(types.CodeDuplicate, "encryption key %s is already account %s's key: a key is never set twice", kid, id), nil
	}
	for _, r := range acct.ReplacedEncryptionKeys {
		if bytes.Equal(r.GetPublicKey(), pk.Bytes()) {
			return types.Errorf(types.CodeDuplicate, "encryption key %s was account %s's key until block %d: a replaced key is never set again", kid, id, r.GetUntilHeight()-1), nil
		}
	}
	for _, o := range t.config.Orgs {
		if _, used := o.EncryptionKeyByID(kid.String()); used {
			return types.Errorf(types.CodeDuplicate, "encryption key %s is listed for org %s: an account needs a key of its own", kid, o.Name), nil
		}
	}
	if aud, ok, err := sealing.AuditorReader(t.config); err != nil {
		return nil, err
	} else if ok && aud.KeyID == kid {
		return types.Errorf(types.CodeDuplicate, "encryption key %s is the auditor's: an account needs a key of its own", kid), nil
	}
	next := t.header.Height + 1
	if len(acct.EncryptionKey) > 0 && acct.EncryptionKeyFrom() > t.header.Height {
		return types.Errorf(types.CodeInvalidPayload, "account %s already set its encryption key in this block (in force from block %d): set another from then on", id, acct.EncryptionKeyFrom()), nil
	}
	replaced := ""
	if len(acct.EncryptionKey) > 0 {
		if old, err := seal.ParsePublicKey(sealing.SuiteOf(t.e.Suite), acct.EncryptionKey); err == nil {
			replaced = old.ID().String()
		}
		acct.ReplacedEncryptionKeys = append(acct.ReplacedEncryptionKeys, &types.ReplacedEncryptionKey{
			PublicKey: acct.EncryptionKey, FromHeight: acct.EncryptionKeyFrom(), UntilHeight: next,
		})
		if n := len(acct.ReplacedEncryptionKeys); n > types.MaxAccountEncryptionKeys-1 {
			acct.ReplacedEncryptionKeys = slices.Clone(acct.ReplacedEncryptionKeys[n-(types.MaxAccountEncryptionKeys-1):])
		}
	}
	acct.EncryptionKey = bytes.Clone(pk.Bytes())
	acct.EncryptionKeyFromHeight = next
	acct.Version++
	t.putAccount(acct)
	t.emit(EventAccountEncryptionKeySet, "id", id.String(), "key_id", kid.String(), "from_height", strconv.FormatUint(next, 10), "replaced", replaced)
	return nil, nil
}
