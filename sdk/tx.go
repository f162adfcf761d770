package sdk

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/types"
)

// DefaultValidity is how long a transaction stays valid when
// TxOptions.Validity is zero.
const DefaultValidity = 5 * time.Minute

// Account is an on-chain account a program sends transactions from: its
// name (its identity is Suite.AccountID(Name)), a key of its auth map, and
// the chain's crypto suite.
type Account struct {
	// Name is the account's name.
	Name string
	// Signer signs the account's transactions (crypto.LoadKey returns one).
	Signer types.Signer
	// Suite is the chain's crypto suite (Network.Suite()); the zero value is types.Intl.
	Suite types.Suite
}

// ID returns the account's identity, a.Suite.AccountID(a.Name).
func (a Account) ID() types.Hash { return a.Suite.AccountID(a.Name) }

// TxOptions are the common fields of a transaction.
type TxOptions struct {
	// ChainID is the chain the transaction is for; required.
	ChainID string
	// Validity is how long after its timestamp the transaction may be
	// included; 0 means DefaultValidity. The chain refuses validities
	// above its max_validity_ms parameter (10 minutes by default).
	Validity time.Duration
	// Now is the clock of the timestamp; nil means time.Now.
	Now func() time.Time
	// Nonce makes otherwise identical transactions distinct; 0 means a
	// random one. (Replay protection is by hash within the validity
	// window, not by sequence: nonces need not be ordered.)
	Nonce uint64
}

// CreateAccountTx builds the transaction that creates account a with
// a.Signer's key as its only key: sent by the account itself (sender
// a.ID()) and signed by that key.
func (a Account) CreateAccountTx(opt TxOptions) (*types.Transaction, error) {
	if a.Signer == nil {
		return nil, errors.New("account has no signer")
	}
	return a.BuildTx(opt, types.TxType_CREATE_ACCOUNT, &types.CreateAccount{
		Name: a.Name, Scheme: a.Signer.Scheme(), PublicKey: a.Signer.PublicKey(),
	})
}

// TransferTx builds a transfer of amount from a to the account with identity to.
func (a Account) TransferTx(opt TxOptions, to types.Hash, amount uint64) (*types.Transaction, error) {
	return a.BuildTx(opt, types.TxType_TRANSFER, &types.Transfer{To: to.Bytes(), Amount: amount})
}

// DepositEvidenceTx builds the deposit of a file digest (hash, computed with
// algorithm alg, for example "sha256") with metadata, kept in order.
func (a Account) DepositEvidenceTx(opt TxOptions, hash []byte, alg string, metadata []*types.Attribute) (*types.Transaction, error) {
	if len(hash) == 0 {
		return nil, errors.New("evidence hash is empty")
	}
	return a.BuildTx(opt, types.TxType_DEPOSIT_EVIDENCE, &types.DepositEvidence{Hash: hash, HashAlgorithm: alg, Metadata: metadata})
}

// BuildTx builds a transaction of type typ from a: payload in its
// deterministic protobuf encoding, a body with opt's chain, timestamp,
// validity and nonce, signed by a.Signer (types.NewTx). Its hash is
// a.Suite.TxHash of the result.
func (a Account) BuildTx(opt TxOptions, typ types.TxType, payload proto.Message) (*types.Transaction, error) {
	if a.Signer == nil {
		return nil, fmt.Errorf("account %q has no signer", a.Name)
	}
	return a.buildSigned(opt, typ, payload, []types.Signer{a.Signer})
}

// BuildTxSignedBy is BuildTx signed by every one of signers instead of a.Signer:
// how a multi-signature account gathers weight 100.
func (a Account) BuildTxSignedBy(opt TxOptions, typ types.TxType, payload proto.Message, signers ...types.Signer) (*types.Transaction, error) {
	if len(signers) == 0 {
		return nil, fmt.Errorf("account %q: no signers", a.Name)
	}
	return a.buildSigned(opt, typ, payload, signers)
}

// buildSigned is BuildTx signed by every one of signers.
func (a Account) buildSigned(opt TxOptions, typ types.TxType, payload proto.Message, signers []types.Signer) (*types.Transaction, error) {
	if a.Name == "" {
		return nil, errors.New("account name is empty")
	}
	for _, s := range signers {
		if s == nil {
			return nil, fmt.Errorf("account %q: nil signer", a.Name)
		}
	}
	if opt.ChainID == "" {
		return nil, errors.New("chain id is empty")
	}
	validity := opt.Validity
	if validity == 0 {
		validity = DefaultValidity
	}
	if validity < time.Millisecond {
		return nil, fmt.Errorf("validity %v is below a millisecond", validity)
	}
	now := time.Now
	if opt.Now != nil {
		now = opt.Now
	}
	nonce := opt.Nonce
	for nonce == 0 {
		var b [8]byte
		if _, err := rand.Read(b[:]); err != nil {
			return nil, err
		}
		nonce = binary.LittleEndian.Uint64(b[:])
	}
	p, err := proto.MarshalOptions{Deterministic: true}.Marshal(payload)
	if err != nil {
		return nil, fmt.Errorf("encode %s payload: %w", typ, err)
	}
	body := &types.TxBody{
		ChainId: opt.ChainID, Sender: a.ID().Bytes(), TimestampMs: now().UnixMilli(),
		ValidityMs: validity.Milliseconds(), Type: typ, Payload: p, Nonce: nonce,
	}
	tx, err := a.Suite.NewTx(body, signers...)
	if err != nil {
		return nil, fmt.Errorf("sign %s transaction: %w", typ, err)
	}
	return tx, nil
}

// AuthKeyOf returns the auth-map entry of signer's key with the given weight.
func AuthKeyOf(s types.Signer, weight uint32) *types.AuthKey {
	return &types.AuthKey{Scheme: s.Scheme(), PublicKey: s.PublicKey(), Weight: weight}
}

// CreateAccountWithKeysTx builds the creation of account a with a weighted
// auth map (multi-signature), an optional recover key and encryption key. It
// is signed by signers, whose weights in keys must reach 100; a.Signer is not
// used unless it is among signers.
func (a Account) CreateAccountWithKeysTx(opt TxOptions, keys []*types.AuthKey, recover *types.AuthKey, encryptionKey []byte, signers ...types.Signer) (*types.Transaction, error) {
	return a.build(opt, types.TxType_CREATE_ACCOUNT, &types.CreateAccount{Name: a.Name, AuthKeys: keys, RecoverKey: recover, EncryptionKey: encryptionKey}, signers)
}

// UpdateAuthTx builds an update of a's auth map: each key is added or
// re-weighted, or removed with weight 0. signers must carry weight 100 of
// the current map (a.Signer when none are given).
func (a Account) UpdateAuthTx(opt TxOptions, keys []*types.AuthKey, signers ...types.Signer) (*types.Transaction, error) {
	return a.build(opt, types.TxType_UPDATE_AUTH, &types.UpdateAuth{Keys: keys}, signers)
}

// SetRecoverKeyTx sets the key that may later reset a's lost auth keys.
func (a Account) SetRecoverKeyTx(opt TxOptions, recover *types.AuthKey, signers ...types.Signer) (*types.Transaction, error) {
	return a.build(opt, types.TxType_SET_RECOVER_KEY, &types.SetRecoverKey{RecoverKey: recover}, signers)
}

// PreResetTx starts the recovery of a: signed by its recover key, it puts the
// account into RECOVERING; after the chain's recovery delay ResetTx installs newKeys.
func (a Account) PreResetTx(opt TxOptions, recoverKey types.Signer, newKeys []*types.AuthKey) (*types.Transaction, error) {
	return a.build(opt, types.TxType_PRE_RESET, &types.PreReset{NewKeys: newKeys}, []types.Signer{recoverKey})
}

// ResetTx completes a's recovery, signed by its recover key, once the delay has passed.
func (a Account) ResetTx(opt TxOptions, recoverKey types.Signer) (*types.Transaction, error) {
	return a.build(opt, types.TxType_RESET, nil, []types.Signer{recoverKey})
}

// CancelResetTx cancels a pending recovery, signed by a's current auth keys.
func (a Account) CancelResetTx(opt TxOptions, signers ...types.Signer) (*types.Transaction, error) {
	return a.build(opt, types.TxType_CANCEL_RESET, nil, signers)
}

// FreezeSelfTx freezes a (only governance unfreezes it).
func (a Account) FreezeSelfTx(opt TxOptions, signers ...types.Signer) (*types.Transaction, error) {
	return a.build(opt, types.TxType_FREEZE_SELF, nil, signers)
}

// build is BuildTx with explicit signers (a.Signer when none).
func (a Account) build(opt TxOptions, typ types.TxType, payload proto.Message, signers []types.Signer) (*types.Transaction, error) {
	if len(signers) == 0 {
		return a.BuildTx(opt, typ, payload)
	}
	return a.buildSigned(opt, typ, payload, signers)
}
