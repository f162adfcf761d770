// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package confidentialescrow

import (
	"bytes"
	"errors"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Reference imports to suppress errors if they are not otherwise used.
var (
	_ = bytes.Equal
	_ = errors.New
	_ = big.NewInt
	_ = common.Big1
	_ = types.BloomLookup
	_ = abi.ConvertType
)

// ConfidentialEscrowMetaData contains all meta data concerning the ConfidentialEscrow contract.
var ConfidentialEscrowMetaData = bind.MetaData{
	ABI: "[{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"buyer\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"seller\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"arbiter\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"amount\",\"type\":\"bytes32\"}],\"name\":\"Locked\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"toSeller\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"refund\",\"type\":\"bytes32\"}],\"name\":\"Settled\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"LOCK\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"SETTLE\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"ZERO\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"seller\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"arbiter\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"amount\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"rangeProof\",\"type\":\"bytes\"}],\"name\":\"lock\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"buyer\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"seller\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"arbiter\",\"type\":\"address\"}],\"name\":\"lockContext\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"name\":\"locks\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"buyer\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"seller\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"arbiter\",\"type\":\"address\"},{\"internalType\":\"enumConfidentialEscrow.State\",\"name\":\"state\",\"type\":\"uint8\"},{\"internalType\":\"bytes32\",\"name\":\"amount\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"toSeller\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"refund\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"}],\"name\":\"refundAll\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"}],\"name\":\"release\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"toSeller\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"refund\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"rangeProof\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"balanceProof\",\"type\":\"bytes\"}],\"name\":\"settle\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"}],\"name\":\"settleContext\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "ConfidentialEscrow",
	Bin: "0x6080604052348015600e575f5ffd5b50610fbc8061001c5f395ff3fe608060405234801561000f575f5ffd5b506004361061009b575f3560e01c806367d42a8b1161006357806367d42a8b14610118578063a4f0d7d01461012b578063d84f01df1461014c578063e1b342bc1461016f578063ed5e843714610182575f5ffd5b80630335d91b1461009f5780633971dfe6146100b4578063514abd2e146100dd5780635614dc00146100f057806358fa63ca14610103575b5f5ffd5b6100b26100ad366004610c0e565b6101ef565b005b6100c76100c2366004610c99565b610492565b6040516100d49190610cde565b60405180910390f35b6100b26100eb366004610d12565b6104de565b6100b26100fe366004610c99565b61082a565b61010a5f81565b6040519081526020016100d4565b6100b2610126366004610c99565b61084e565b61010a76436f6e666964656e7469616c457363726f772f6c6f636b60481b81565b61010a78436f6e666964656e7469616c457363726f772f736574746c6560381b81565b6100c761017d366004610d85565b61086d565b6101dc610190366004610c99565b5f602081905290815260409020805460018201546002830154600384015460048501546005909501546001600160a01b039485169593851694831693600160a01b90930460ff16929087565b6040516100d49796959493929190610de3565b5f6101fb8860026108dd565b90505f61020789610492565b6040805160028082526060820183529293505f92909160208301908036833701905050905088815f8151811061023f5761023f610e43565b602002602001018181525050878160018151811061025f5761025f610e43565b60209081029190910101526040516350354f7f60e11b81526101059063a06a9efe906102959084908b908b908890600401610eb9565b602060405180830381865afa1580156102b0573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906102d49190610efd565b61034b5760405162461bcd60e51b815260206004820152603760248201527f436f6e666964656e7469616c457363726f773a20696e76616c69642072616e6760448201527f652070726f6f6620666f7220746865206f75747075747300000000000000000060648201526084015b60405180910390fd5b6040805160018082528183019092525f91602080830190803683370190505090508360030154815f8151811061038357610383610e43565b602090810291909101015260405163d3a47a8960e01b81526101069063d3a47a89906103bd90849086905f908c908c908b90600401610f1c565b602060405180830381865afa1580156103d8573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906103fc9190610efd565b6104795760405162461bcd60e51b815260206004820152604260248201527f436f6e666964656e7469616c457363726f773a20746865206f7574707574732060448201527f646f206e6f742061646420757020746f20746865206c6f636b656420616d6f756064820152611b9d60f21b608482015260a401610342565b6104858b858c8c610b66565b5050505050505050505050565b60408051466020820152308183015278436f6e666964656e7469616c457363726f772f736574746c6560381b60608201526080808201939093528151808203909301835260a001905290565b5f5f878152602081905260409020600290810154600160a01b900460ff169081111561050c5761050c610dcf565b1461056a5760405162461bcd60e51b815260206004820152602860248201527f436f6e666964656e7469616c457363726f773a206c6f636b20696420616c726560448201526718591e481d5cd95960c21b6064820152608401610342565b6001600160a01b0385161580159061058a57506001600160a01b03841615155b6105d65760405162461bcd60e51b815260206004820181905260248201527f436f6e666964656e7469616c457363726f773a207a65726f20616464726573736044820152606401610342565b6040805160018082528183019092525f916020808301908036833701905050905083815f8151811061060a5761060a610e43565b602090810291909101015261010563a06a9efe82858561062c8c338d8d61086d565b6040518563ffffffff1660e01b815260040161064b9493929190610eb9565b602060405180830381865afa158015610666573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061068a9190610efd565b6106f55760405162461bcd60e51b815260206004820152603660248201527f436f6e666964656e7469616c457363726f773a20696e76616c69642072616e6760448201527519481c1c9bdbd988199bdc881d1a1948185b5bdd5b9d60521b6064820152608401610342565b6040805160e0810182523381526001600160a01b038881166020808401918252898316848601908152600160608601818152608087018c90525f60a0880181905260c088018190528f81529384905296909220855181549086166001600160a01b031991821617825593519281018054938616938516939093179092555160028083018054929095169382168417855595519495919493926001600160a81b03199091161790600160a01b9084908111156107b2576107b2610dcf565b02179055506080820151600382015560a0820151600482015560c090910151600590910155604080516001600160a01b0387811682526020820187905288169133918a917ff1d03a1d3d8161b199e12b63248419641285de92eb75d15557d7ec5df7cff3ad910160405180910390a450505050505050565b5f6108368260016108dd565b905061084a82825f5f1b8460030154610b66565b5050565b5f610859825f6108dd565b905061084a828283600301545f5f1b610b66565b60408051466020820152308183015276436f6e666964656e7469616c457363726f772f6c6f636b60481b606082015260808101959095526001600160a01b0393841660a086015291831660c085015290911660e08084019190915281518084039091018152610100909201905290565b5f82815260208190526040812090600282810154600160a01b900460ff169081111561090b5761090b610dcf565b036109585760405162461bcd60e51b815260206004820181905260248201527f436f6e666964656e7469616c457363726f773a206e6f2073756368206c6f636b6044820152606401610342565b6001600282810154600160a01b900460ff169081111561097a5761097a610dcf565b146109d35760405162461bcd60e51b815260206004820152602360248201527f436f6e666964656e7469616c457363726f773a20616c726561647920736574746044820152621b195960ea1b6064820152608401610342565b5f8260028111156109e6576109e6610dcf565b03610a605780546001600160a01b03163314610a5b5760405162461bcd60e51b815260206004820152602e60248201527f436f6e666964656e7469616c457363726f773a206f6e6c79207468652062757960448201526d6572206d61792072656c6561736560901b6064820152608401610342565b610b60565b6001826002811115610a7457610a74610dcf565b03610aec5760018101546001600160a01b03163314610a5b5760405162461bcd60e51b815260206004820152602e60248201527f436f6e666964656e7469616c457363726f773a206f6e6c79207468652073656c60448201526d1b195c881b585e481c99599d5b9960921b6064820152608401610342565b60028101546001600160a01b03163314610b605760405162461bcd60e51b815260206004820152602f60248201527f436f6e666964656e7469616c457363726f773a206f6e6c79207468652061726260448201526e69746572206d617920736574746c6560881b6064820152608401610342565b92915050565b60028301805460ff60a01b1916600160a11b17905560048301829055600583018190556040805183815260208101839052815186927f203cce1f67b058ba52a646b6c35a5552c45cae466c702d358628cdafffd19606928290030190a250505050565b5f5f83601f840112610bd9575f5ffd5b50813567ffffffffffffffff811115610bf0575f5ffd5b602083019150836020828501011115610c07575f5ffd5b9250929050565b5f5f5f5f5f5f5f60a0888a031215610c24575f5ffd5b873596506020880135955060408801359450606088013567ffffffffffffffff811115610c4f575f5ffd5b610c5b8a828b01610bc9565b909550935050608088013567ffffffffffffffff811115610c7a575f5ffd5b610c868a828b01610bc9565b989b979a50959850939692959293505050565b5f60208284031215610ca9575f5ffd5b5035919050565b5f81518084528060208401602086015e5f602082860101526020601f19601f83011685010191505092915050565b602081525f610cf06020830184610cb0565b9392505050565b80356001600160a01b0381168114610d0d575f5ffd5b919050565b5f5f5f5f5f5f60a08789031215610d27575f5ffd5b86359550610d3760208801610cf7565b9450610d4560408801610cf7565b935060608701359250608087013567ffffffffffffffff811115610d67575f5ffd5b610d7389828a01610bc9565b979a9699509497509295939492505050565b5f5f5f5f60808587031215610d98575f5ffd5b84359350610da860208601610cf7565b9250610db660408601610cf7565b9150610dc460608601610cf7565b905092959194509250565b634e487b7160e01b5f52602160045260245ffd5b6001600160a01b03888116825287811660208301528616604082015260e0810160038610610e1f57634e487b7160e01b5f52602160045260245ffd5b8560608301528460808301528360a08301528260c083015298975050505050505050565b634e487b7160e01b5f52603260045260245ffd5b5f8151808452602084019350602083015f5b82811015610e87578151865260209586019590910190600101610e69565b5093949350505050565b81835281816020850137505f828201602090810191909152601f909101601f19169091010190565b606081525f610ecb6060830187610e57565b8281036020840152610ede818688610e91565b90508281036040840152610ef28185610cb0565b979650505050505050565b5f60208284031215610f0d575f5ffd5b81518015158114610cf0575f5ffd5b60a081525f610f2e60a0830189610e57565b8281036020840152610f408189610e57565b905067ffffffffffffffff871660408401528281036060840152610f65818688610e91565b90508281036080840152610f798185610cb0565b999850505050505050505056fea2646970667358221220d2a08cb8099943a637988eb82f4b3a9ccbcab88a56f34696b63eb40774ee3d1064736f6c634300081c0033",
}

// ConfidentialEscrow is an auto generated Go binding around an Ethereum contract.
type ConfidentialEscrow struct {
	abi abi.ABI
}

// NewConfidentialEscrow creates a new instance of ConfidentialEscrow.
func NewConfidentialEscrow() *ConfidentialEscrow {
	parsed, err := ConfidentialEscrowMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &ConfidentialEscrow{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *ConfidentialEscrow) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackLOCK is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa4f0d7d0.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function LOCK() view returns(bytes32)
func (confidentialEscrow *ConfidentialEscrow) PackLOCK() []byte {
	enc, err := confidentialEscrow.abi.Pack("LOCK")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLOCK is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa4f0d7d0.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function LOCK() view returns(bytes32)
func (confidentialEscrow *ConfidentialEscrow) TryPackLOCK() ([]byte, error) {
	return confidentialEscrow.abi.Pack("LOCK")
}

// UnpackLOCK is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa4f0d7d0.
//
// Solidity: function LOCK() view returns(bytes32)
func (confidentialEscrow *ConfidentialEscrow) UnpackLOCK(data []byte) ([32]byte, error) {
	out, err := confidentialEscrow.abi.Unpack("LOCK", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackSETTLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd84f01df.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function SETTLE() view returns(bytes32)
func (confidentialEscrow *ConfidentialEscrow) PackSETTLE() []byte {
	enc, err := confidentialEscrow.abi.Pack("SETTLE")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSETTLE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd84f01df.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function SETTLE() view returns(bytes32)
func (confidentialEscrow *ConfidentialEscrow) TryPackSETTLE() ([]byte, error) {
	return confidentialEscrow.abi.Pack("SETTLE")
}

// UnpackSETTLE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd84f01df.
//
// Solidity: function SETTLE() view returns(bytes32)
func (confidentialEscrow *ConfidentialEscrow) UnpackSETTLE(data []byte) ([32]byte, error) {
	out, err := confidentialEscrow.abi.Unpack("SETTLE", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackZERO is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x58fa63ca.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function ZERO() view returns(bytes32)
func (confidentialEscrow *ConfidentialEscrow) PackZERO() []byte {
	enc, err := confidentialEscrow.abi.Pack("ZERO")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackZERO is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x58fa63ca.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function ZERO() view returns(bytes32)
func (confidentialEscrow *ConfidentialEscrow) TryPackZERO() ([]byte, error) {
	return confidentialEscrow.abi.Pack("ZERO")
}

// UnpackZERO is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x58fa63ca.
//
// Solidity: function ZERO() view returns(bytes32)
func (confidentialEscrow *ConfidentialEscrow) UnpackZERO(data []byte) ([32]byte, error) {
	out, err := confidentialEscrow.abi.Unpack("ZERO", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackLock is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x514abd2e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function lock(bytes32 id, address seller, address arbiter, bytes32 amount, bytes rangeProof) returns()
func (confidentialEscrow *ConfidentialEscrow) PackLock(id [32]byte, seller common.Address, arbiter common.Address, amount [32]byte, rangeProof []byte) []byte {
	enc, err := confidentialEscrow.abi.Pack("lock", id, seller, arbiter, amount, rangeProof)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLock is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x514abd2e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function lock(bytes32 id, address seller, address arbiter, bytes32 amount, bytes rangeProof) returns()
func (confidentialEscrow *ConfidentialEscrow) TryPackLock(id [32]byte, seller common.Address, arbiter common.Address, amount [32]byte, rangeProof []byte) ([]byte, error) {
	return confidentialEscrow.abi.Pack("lock", id, seller, arbiter, amount, rangeProof)
}

// PackLockContext is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe1b342bc.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function lockContext(bytes32 id, address buyer, address seller, address arbiter) view returns(bytes)
func (confidentialEscrow *ConfidentialEscrow) PackLockContext(id [32]byte, buyer common.Address, seller common.Address, arbiter common.Address) []byte {
	enc, err := confidentialEscrow.abi.Pack("lockContext", id, buyer, seller, arbiter)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLockContext is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe1b342bc.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function lockContext(bytes32 id, address buyer, address seller, address arbiter) view returns(bytes)
func (confidentialEscrow *ConfidentialEscrow) TryPackLockContext(id [32]byte, buyer common.Address, seller common.Address, arbiter common.Address) ([]byte, error) {
	return confidentialEscrow.abi.Pack("lockContext", id, buyer, seller, arbiter)
}

// UnpackLockContext is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe1b342bc.
//
// Solidity: function lockContext(bytes32 id, address buyer, address seller, address arbiter) view returns(bytes)
func (confidentialEscrow *ConfidentialEscrow) UnpackLockContext(data []byte) ([]byte, error) {
	out, err := confidentialEscrow.abi.Unpack("lockContext", data)
	if err != nil {
		return *new([]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([]byte)).(*[]byte)
	return out0, nil
}

// PackLocks is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xed5e8437.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function locks(bytes32 ) view returns(address buyer, address seller, address arbiter, uint8 state, bytes32 amount, bytes32 toSeller, bytes32 refund)
func (confidentialEscrow *ConfidentialEscrow) PackLocks(arg0 [32]byte) []byte {
	enc, err := confidentialEscrow.abi.Pack("locks", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLocks is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xed5e8437.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function locks(bytes32 ) view returns(address buyer, address seller, address arbiter, uint8 state, bytes32 amount, bytes32 toSeller, bytes32 refund)
func (confidentialEscrow *ConfidentialEscrow) TryPackLocks(arg0 [32]byte) ([]byte, error) {
	return confidentialEscrow.abi.Pack("locks", arg0)
}

// LocksOutput serves as a container for the return parameters of contract
// method Locks.
type LocksOutput struct {
	Buyer    common.Address
	Seller   common.Address
	Arbiter  common.Address
	State    uint8
	Amount   [32]byte
	ToSeller [32]byte
	Refund   [32]byte
}

// UnpackLocks is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xed5e8437.
//
// Solidity: function locks(bytes32 ) view returns(address buyer, address seller, address arbiter, uint8 state, bytes32 amount, bytes32 toSeller, bytes32 refund)
func (confidentialEscrow *ConfidentialEscrow) UnpackLocks(data []byte) (LocksOutput, error) {
	out, err := confidentialEscrow.abi.Unpack("locks", data)
	outstruct := new(LocksOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Buyer = *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	outstruct.Seller = *abi.ConvertType(out[1], new(common.Address)).(*common.Address)
	outstruct.Arbiter = *abi.ConvertType(out[2], new(common.Address)).(*common.Address)
	outstruct.State = *abi.ConvertType(out[3], new(uint8)).(*uint8)
	outstruct.Amount = *abi.ConvertType(out[4], new([32]byte)).(*[32]byte)
	outstruct.ToSeller = *abi.ConvertType(out[5], new([32]byte)).(*[32]byte)
	outstruct.Refund = *abi.ConvertType(out[6], new([32]byte)).(*[32]byte)
	return *outstruct, nil
}

// PackRefundAll is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5614dc00.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function refundAll(bytes32 id) returns()
func (confidentialEscrow *ConfidentialEscrow) PackRefundAll(id [32]byte) []byte {
	enc, err := confidentialEscrow.abi.Pack("refundAll", id)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRefundAll is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5614dc00.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function refundAll(bytes32 id) returns()
func (confidentialEscrow *ConfidentialEscrow) TryPackRefundAll(id [32]byte) ([]byte, error) {
	return confidentialEscrow.abi.Pack("refundAll", id)
}

// PackRelease is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x67d42a8b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function release(bytes32 id) returns()
func (confidentialEscrow *ConfidentialEscrow) PackRelease(id [32]byte) []byte {
	enc, err := confidentialEscrow.abi.Pack("release", id)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRelease is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x67d42a8b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function release(bytes32 id) returns()
func (confidentialEscrow *ConfidentialEscrow) TryPackRelease(id [32]byte) ([]byte, error) {
	return confidentialEscrow.abi.Pack("release", id)
}

// PackSettle is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0335d91b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function settle(bytes32 id, bytes32 toSeller, bytes32 refund, bytes rangeProof, bytes balanceProof) returns()
func (confidentialEscrow *ConfidentialEscrow) PackSettle(id [32]byte, toSeller [32]byte, refund [32]byte, rangeProof []byte, balanceProof []byte) []byte {
	enc, err := confidentialEscrow.abi.Pack("settle", id, toSeller, refund, rangeProof, balanceProof)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSettle is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0335d91b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function settle(bytes32 id, bytes32 toSeller, bytes32 refund, bytes rangeProof, bytes balanceProof) returns()
func (confidentialEscrow *ConfidentialEscrow) TryPackSettle(id [32]byte, toSeller [32]byte, refund [32]byte, rangeProof []byte, balanceProof []byte) ([]byte, error) {
	return confidentialEscrow.abi.Pack("settle", id, toSeller, refund, rangeProof, balanceProof)
}

// PackSettleContext is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3971dfe6.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function settleContext(bytes32 id) view returns(bytes)
func (confidentialEscrow *ConfidentialEscrow) PackSettleContext(id [32]byte) []byte {
	enc, err := confidentialEscrow.abi.Pack("settleContext", id)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSettleContext is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3971dfe6.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function settleContext(bytes32 id) view returns(bytes)
func (confidentialEscrow *ConfidentialEscrow) TryPackSettleContext(id [32]byte) ([]byte, error) {
	return confidentialEscrow.abi.Pack("settleContext", id)
}

// UnpackSettleContext is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x3971dfe6.
//
// Solidity: function settleContext(bytes32 id) view returns(bytes)
func (confidentialEscrow *ConfidentialEscrow) UnpackSettleContext(data []byte) ([]byte, error) {
	out, err := confidentialEscrow.abi.Unpack("settleContext", data)
	if err != nil {
		return *new([]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([]byte)).(*[]byte)
	return out0, nil
}

// ConfidentialEscrowLocked represents a Locked event raised by the ConfidentialEscrow contract.
type ConfidentialEscrowLocked struct {
	Id      [32]byte
	Buyer   common.Address
	Seller  common.Address
	Arbiter common.Address
	Amount  [32]byte
	Raw     *types.Log // Blockchain specific contextual infos
}

const ConfidentialEscrowLockedEventName = "Locked"

// ContractEventName returns the user-defined event name.
func (ConfidentialEscrowLocked) ContractEventName() string {
	return ConfidentialEscrowLockedEventName
}

// UnpackLockedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Locked(bytes32 indexed id, address indexed buyer, address indexed seller, address arbiter, bytes32 amount)
func (confidentialEscrow *ConfidentialEscrow) UnpackLockedEvent(log *types.Log) (*ConfidentialEscrowLocked, error) {
	event := "Locked"
	if len(log.Topics) == 0 || log.Topics[0] != confidentialEscrow.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(ConfidentialEscrowLocked)
	if len(log.Data) > 0 {
		if err := confidentialEscrow.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range confidentialEscrow.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// ConfidentialEscrowSettled represents a Settled event raised by the ConfidentialEscrow contract.
type ConfidentialEscrowSettled struct {
	Id       [32]byte
	ToSeller [32]byte
	Refund   [32]byte
	Raw      *types.Log // Blockchain specific contextual infos
}

const ConfidentialEscrowSettledEventName = "Settled"

// ContractEventName returns the user-defined event name.
func (ConfidentialEscrowSettled) ContractEventName() string {
	return ConfidentialEscrowSettledEventName
}

// UnpackSettledEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Settled(bytes32 indexed id, bytes32 toSeller, bytes32 refund)
func (confidentialEscrow *ConfidentialEscrow) UnpackSettledEvent(log *types.Log) (*ConfidentialEscrowSettled, error) {
	event := "Settled"
	if len(log.Topics) == 0 || log.Topics[0] != confidentialEscrow.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(ConfidentialEscrowSettled)
	if len(log.Data) > 0 {
		if err := confidentialEscrow.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range confidentialEscrow.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}
