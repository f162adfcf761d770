package evm

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"

	"github.com/causeway/causeway/types"
	"github.com/ethereum/go-ethereum/common"
	"google.golang.org/protobuf/proto"
)

// Getter reads one key; it returns nil, nil when the key is absent. Values it
// returns are not modified by this package.
type Getter interface {
	Get(key []byte) ([]byte, error)
}

// KV is the state a message runs on: the executor's view of the committed
// state plus the writes of the block's earlier transactions. Deploy and Call
// read it while the message runs and call Set and Delete only after it
// succeeded, in ascending key order; Query never calls them.
type KV interface {
	Getter
	// Set stores value under key. Both slices are owned by the callee.
	Set(key, value []byte)
	// Delete removes key.
	Delete(key []byte)
}

// Key prefixes of the EVM's part of the flat state (see the package
// documentation). They are five bytes each, distinct from each other and
// from the executor's.
const (
	AccountPrefix  = "acct/" // || identity (32): types.Account
	EvidencePrefix = "evid/" // || evidence id (32): types.Evidence
	IndexPrefix    = "evma/" // || address (20): identity (32)
	CodePrefix     = "code/" // || keccak256(code) (32): code
	StoragePrefix  = "stor/" // || address (20) || slot (32): value (32)
	NoncePrefix    = "evmn/" // || address (20): uint64 big-endian
)

// contractDomain separates contract identities from other SHA-256 uses.
const contractDomain = "causeway/contract"

// AccountKey is the state key of the account id.
func AccountKey(id types.Hash) []byte { return cat(AccountPrefix, id[:]) }

// EvidenceKey is the state key of the evidence id.
func EvidenceKey(id types.Hash) []byte { return cat(EvidencePrefix, id[:]) }

// IndexKey is the state key of the reverse index entry of addr.
func IndexKey(addr common.Address) []byte { return cat(IndexPrefix, addr[:]) }

// CodeKey is the state key of the code whose keccak256 hash is h.
func CodeKey(h common.Hash) []byte { return cat(CodePrefix, h[:]) }

// StorageKey is the state key of storage slot of the contract at addr.
func StorageKey(addr common.Address, slot common.Hash) []byte {
	return cat(StoragePrefix, addr[:], slot[:])
}

// NonceKey is the state key of the EVM nonce of the contract at addr.
func NonceKey(addr common.Address) []byte { return cat(NoncePrefix, addr[:]) }

func cat(prefix string, parts ...[]byte) []byte {
	n := len(prefix)
	for _, p := range parts {
		n += len(p)
	}
	b := make([]byte, 0, n)
	b = append(b, prefix...)
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

// AddressOf returns the EVM address of the Causeway identity id: its last 20
// bytes.
func AddressOf(id types.Hash) common.Address {
	return common.Address(id[types.HashSize-common.AddressLength:])
}

// ImplicitID returns the identity of an account that the EVM itself brings
// into being at addr (a contract created by CREATE or CREATE2, or an address
// first credited by a value transfer): 12 zero bytes followed by addr.
// AddressOf(ImplicitID(addr)) == addr.
func ImplicitID(addr common.Address) types.Hash {
	var id types.Hash
	copy(id[types.HashSize-common.AddressLength:], addr[:])
	return id
}

// ContractID returns the identity of the contract deployed as the index-th
// creation of the DEPLOY_CONTRACT transaction txHash sent by deployer:
//
//	hash("causeway/contract" || deployer || txHash || uint32be(index))
//
// where hash is the chain hash h, or SHA-256 when h is nil. Deploy uses
// index 0.
func ContractID(h func([]byte) [32]byte, deployer, txHash types.Hash, index uint32) types.Hash {
	b := make([]byte, 0, len(contractDomain)+2*types.HashSize+4)
	b = append(b, contractDomain...)
	b = append(b, deployer[:]...)
	b = append(b, txHash[:]...)
	b = binary.BigEndian.AppendUint32(b, index)
	return types.Hash(chainHash(h, b))
}

func chainHash(h func([]byte) [32]byte, b []byte) [32]byte {
	if h == nil {
		return sha256.Sum256(b)
	}
	return h(b)
}

// IdentityOf looks up the identity whose EVM address is addr in the reverse
// index. ok is false when no account has that address (or it was never
// indexed).
func IdentityOf(kv Getter, addr common.Address) (id types.Hash, ok bool, err error) {
	b, err := kv.Get(IndexKey(addr))
	if err != nil {
		return id, false, fmt.Errorf("evm: read address index %x: %w", addr, err)
	}
	if b == nil {
		return id, false, nil
	}
	id, err = types.HashOf(b)
	if err != nil {
		return id, false, fmt.Errorf("evm: address index %x is corrupt: %w", addr, err)
	}
	if AddressOf(id) != addr {
		return id, false, fmt.Errorf("evm: address index %x points to identity %s of another address", addr, id)
	}
	return id, true, nil
}

// IndexAccount records in kv that the EVM address of identity id is
// AddressOf(id), so that contracts can reach the account. It reads the entry
// first and writes only when it is missing; it fails, writing nothing, if
// the address already belongs to another identity (which takes a 160-bit
// collision). The executor calls it whenever it creates an account.
func IndexAccount(kv KV, id types.Hash) error {
	addr := AddressOf(id)
	b, err := kv.Get(IndexKey(addr))
	if err != nil {
		return fmt.Errorf("evm: read address index %x: %w", addr, err)
	}
	if b != nil {
		if bytes.Equal(b, id[:]) {
			return nil
		}
		return fmt.Errorf("%w: address %x of identity %s already belongs to identity %x", ErrAddressTaken, addr, id, b)
	}
	kv.Set(IndexKey(addr), id.Bytes())
	return nil
}

// encode is the one encoding of stored values: deterministic protobuf.
func encode(m proto.Message) []byte {
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(m)
	if err != nil {
		// Accounts and evidence are plain scalars, bytes and lists: they
		// always encode. Failing here is a programming error.
		panic(fmt.Sprintf("evm: encode %T: %v", m, err))
	}
	return b
}
