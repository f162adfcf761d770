package evm

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"

	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
	"github.com/ethereum/go-ethereum/common"
)

// KV is the state a message runs on: the executor's view of the committed
// state plus the writes of the block's earlier transactions. Deploy and Call
// read it while the message runs and call Set and Delete only after it
// succeeded, in ascending key order; Query never calls them.
type KV interface {
	state.Getter
	// Set stores value under key. Both slices are owned by the callee.
	Set(key, value []byte)
	// Delete removes key.
	Delete(key []byte)
}

// contractDomain separates contract identities from other SHA-256 uses.
const contractDomain = "causeway/contract"

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
// indexed). It fails if the entry is corrupt or names an identity of
// another address.
func IdentityOf(kv state.Getter, addr common.Address) (id types.Hash, ok bool, err error) {
	id, ok, err = state.ReadIdentity(kv, addr)
	if err != nil || !ok {
		return id, false, err
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
	key := state.AddressIndexKey(addr)
	b, err := kv.Get(key)
	if err != nil {
		return fmt.Errorf("evm: read address index %x: %w", addr, err)
	}
	if b != nil {
		if bytes.Equal(b, state.EncodeIdentity(id)) {
			return nil
		}
		return fmt.Errorf("%w: address %x of identity %s already belongs to identity %x", ErrAddressTaken, addr, id, b)
	}
	kv.Set(key, state.EncodeIdentity(id))
	return nil
}
