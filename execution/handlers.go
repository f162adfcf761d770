package execution

import (
	"bytes"
	"encoding/hex"
	"math"
	"strconv"

	"github.com/causeway/causeway/execution/evm"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
	"google.golang.org/protobuf/proto"
)

// Event types emitted by successful transactions.
const (
	EventAccountCreated    = "account.created"    // attributes: id (hex), name
	EventTransfer          = "transfer"           // attributes: from, to (hex), amount (decimal)
	EventEvidenceDeposited = "evidence.deposited" // attributes: id, hash, owner (hex)
)

// MaxEvidenceHashBytes is the longest evidence digest accepted.
const MaxEvidenceHashBytes = 64

// EvidenceHashAlgorithms are the accepted values of DepositEvidence.hash_algorithm, sorted.
var EvidenceHashAlgorithms = []string{"keccak256", "sha256", "sha3-256", "sha512", "sm3"}

func knownHashAlgorithm(a string) bool {
	for _, k := range EvidenceHashAlgorithms {
		if a == k {
			return true
		}
	}
	return false
}

// decodePayload decodes the transaction's payload into m.
func (t *txExec) decodePayload(m proto.Message) *types.TxError {
	if err := proto.Unmarshal(t.d.Body.Payload, m); err != nil {
		return types.Errorf(types.CodeMalformed, "cannot decode %v payload: %v", t.d.Body.Type, err)
	}
	return nil
}

// createAccount executes CREATE_ACCOUNT: the sender is the identity of the new
// account's name. With auth_keys the account gets that weighted auth map and
// the transaction must be signed by keys of it worth AuthThreshold; otherwise
// its single key is public_key, with full weight, which must sign.
func (t *txExec) createAccount() (*types.TxError, error) {
	p := &types.CreateAccount{}
	if terr := t.decodePayload(p); terr != nil {
		return terr, nil
	}
	if terr := checkAccountName(p.Name); terr != nil {
		return terr, nil
	}
	keys := p.AuthKeys
	if len(keys) == 0 {
		if terr := checkPublicKey(p.Scheme, p.PublicKey); terr != nil {
			return terr, nil
		}
		keys = []*types.AuthKey{{Scheme: p.Scheme, PublicKey: p.PublicKey, Weight: AuthThreshold}}
	} else if len(p.PublicKey) != 0 {
		return types.Errorf(types.CodeInvalidPayload, "give either public_key or auth_keys, not both"), nil
	}
	keys, terr := normalizeAuthKeys(keys)
	if terr != nil {
		return terr, nil
	}
	if p.RecoverKey != nil {
		if terr := checkPublicKey(p.RecoverKey.Scheme, p.RecoverKey.PublicKey); terr != nil {
			return types.Errorf(types.CodeInvalidPayload, "recover key: %s", terr.Reason), nil
		}
	}
	if len(p.EncryptionKey) > 0 {
		if _, terr := t.checkEncryptionKey(p.EncryptionKey); terr != nil {
			return terr, nil
		}
	}
	id := t.e.Suite.AccountID(p.Name)
	if !bytes.Equal(t.d.Body.Sender, id[:]) {
		return types.Errorf(types.CodeInvalidPayload, "sender %x is not the identity %s of account name %q", t.d.Body.Sender, id, p.Name), nil
	}
	acct := &types.Account{
		Id: id.Bytes(), Name: p.Name, AuthKeys: keys, Status: types.AccountStatus_ACCOUNT_NORMAL,
		Version: 1, CreatedHeight: t.header.Height, EncryptionKey: bytes.Clone(p.EncryptionKey),
	}
	if p.RecoverKey != nil {
		acct.RecoverKey = &types.AuthKey{Scheme: p.RecoverKey.Scheme, PublicKey: bytes.Clone(p.RecoverKey.PublicKey)}
	}
	if terr := authorize(acct, t.d.Tx.Signatures); terr != nil {
		return types.Errorf(types.CodeUnauthorized, "a new account's transaction must be signed by its keys: %s", terr.Reason), nil
	}
	existing, err := t.account(id)
	if err != nil {
		return nil, err
	}
	if existing != nil {
		return types.Errorf(types.CodeAccountExists, "account %q (%s) already exists", p.Name, id), nil
	}
	t.putAccount(acct)
	if err := evm.IndexAccount(kv{t}, id); err != nil {
		return nil, err
	}
	t.emit(EventAccountCreated, "id", id.String(), "name", p.Name)
	return nil, nil
}

// transfer executes TRANSFER: amount moves from the sender to an existing
// account. A transfer to oneself checks the balance and changes nothing but
// the account's version.
func (t *txExec) transfer() (*types.TxError, error) {
	p := &types.Transfer{}
	if terr := t.decodePayload(p); terr != nil {
		return terr, nil
	}
	if len(p.To) != types.HashSize {
		return types.Errorf(types.CodeInvalidPayload, "recipient must be a %d-byte account identity, got %d bytes", types.HashSize, len(p.To)), nil
	}
	if p.Amount == 0 {
		return types.Errorf(types.CodeInvalidPayload, "amount must be positive"), nil
	}
	from, fromID, terr, err := t.sender()
	if terr != nil || err != nil {
		return terr, err
	}
	toID, _ := types.HashOf(p.To)
	to := from
	if toID != fromID {
		if to, err = t.account(toID); err != nil {
			return nil, err
		}
		if to == nil {
			return types.Errorf(types.CodeUnknownAccount, "recipient account %s does not exist", toID), nil
		}
	}
	if from.Balance < p.Amount {
		return types.Errorf(types.CodeInsufficientFunds, "balance %d is less than the amount %d", from.Balance, p.Amount), nil
	}
	if to != from {
		if to.Balance > math.MaxUint64-p.Amount {
			return types.Errorf(types.CodeInvalidPayload, "amount %d would overflow the recipient's balance %d", p.Amount, to.Balance), nil
		}
		from.Balance -= p.Amount
		to.Balance += p.Amount
		to.Version++
		t.putAccount(to)
	}
	from.Version++
	t.putAccount(from)
	t.emit(EventTransfer, "from", fromID.String(), "to", toID.String(), "amount", strconv.FormatUint(p.Amount, 10))
	return nil, nil
}

// depositEvidence executes DEPOSIT_EVIDENCE: it stores the digest and metadata
// under the transaction's hash, owned by the sender, stamped with the block's
// height and time.
func (t *txExec) depositEvidence() (*types.TxError, error) {
	p := &types.DepositEvidence{}
	if terr := t.decodePayload(p); terr != nil {
		return terr, nil
	}
	if len(p.Hash) == 0 || len(p.Hash) > MaxEvidenceHashBytes {
		return types.Errorf(types.CodeInvalidPayload, "evidence hash is %d bytes, it must be 1 to %d", len(p.Hash), MaxEvidenceHashBytes), nil
	}
	if !knownHashAlgorithm(p.HashAlgorithm) {
		return types.Errorf(types.CodeInvalidPayload, "hash algorithm %q is not one of %v", p.HashAlgorithm, EvidenceHashAlgorithms), nil
	}
	if terr := types.CheckMetadata(p.Metadata, t.params.MaxEvidenceMetadataBytes); terr != nil {
		return terr, nil
	}
	if terr := t.checkEvidenceOrgs(p.Metadata); terr != nil {
		return terr, nil
	}
	_, owner, terr, err := t.sender()
	if terr != nil || err != nil {
		return terr, err
	}
	id := t.d.Hash
	key := state.EvidenceKey(id)
	old, err := t.get(key)
	if err != nil {
		return nil, err
	}
	if old != nil {
		// Unreachable while transaction hashes are unique, but never overwrite.
		return types.Errorf(types.CodeDuplicate, "evidence %s already exists", id), nil
	}
	var sealedHash []byte
	if p.Sealed != nil {
		h, terr, err := t.storeSealed(p.Sealed, owner)
		if terr != nil || err != nil {
			return terr, err
		}
		sealedHash = h.Bytes()
	}
	ev := &types.Evidence{
		Id:            id.Bytes(),
		Hash:          p.Hash,
		HashAlgorithm: p.HashAlgorithm,
		Metadata:      p.Metadata,
		Owner:         owner.Bytes(),
		TxHash:        id.Bytes(),
		Height:        t.header.Height,
		TimeMs:        t.header.TimeMs,
		SealedHash:    sealedHash,
	}
	t.put(key, state.EncodeEvidence(ev))
	t.emit(EventEvidenceDeposited, "id", id.String(), "hash", hex.EncodeToString(p.Hash), "owner", owner.String())
	return nil, nil
}
