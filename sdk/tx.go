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
	if a.Name == "" {
		return nil, errors.New("account name is empty")
	}
	if a.Signer == nil {
		return nil, fmt.Errorf("account %q has no signer", a.Name)
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
	tx, err := a.Suite.NewTx(body, a.Signer)
	if err != nil {
		return nil, fmt.Errorf("sign %s transaction: %w", typ, err)
	}
	return tx, nil
}
