// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package systemuser

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

// SystemUserMetaData contains all meta data concerning the SystemUser contract.
var SystemUserMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"h\",\"type\":\"bytes32\"},{\"internalType\":\"string\",\"name\":\"alg\",\"type\":\"string\"},{\"internalType\":\"string\",\"name\":\"meta\",\"type\":\"string\"}],\"name\":\"deposit\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"h1\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"h2\",\"type\":\"bytes32\"}],\"name\":\"depositAfterFailure\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"h\",\"type\":\"bytes32\"}],\"name\":\"depositAndRevert\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"h\",\"type\":\"bytes32\"}],\"name\":\"depositStatic\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"ok\",\"type\":\"bool\"},{\"internalType\":\"bytes\",\"name\":\"ret\",\"type\":\"bytes\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"h1\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"h2\",\"type\":\"bytes32\"}],\"name\":\"depositTwice\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"a\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"b\",\"type\":\"bytes32\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"h\",\"type\":\"bytes32\"}],\"name\":\"depositUnderStatic\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"ok\",\"type\":\"bool\"},{\"internalType\":\"bytes\",\"name\":\"ret\",\"type\":\"bytes\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"deposits\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"}],\"name\":\"hash\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"}],\"name\":\"info\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"balance\",\"type\":\"uint64\"},{\"internalType\":\"uint8\",\"name\":\"status\",\"type\":\"uint8\"},{\"internalType\":\"uint64\",\"name\":\"version\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"lastEvidence\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"pubkey\",\"type\":\"bytes\"},{\"internalType\":\"bytes32\",\"name\":\"digest\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"sig\",\"type\":\"bytes\"}],\"name\":\"verify\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "SystemUser",
	Bin: "0x6080604052348015600e575f5ffd5b50610ae08061001c5f395ff3fe608060405234801561000f575f5ffd5b50600436106100a6575f3560e01c80638bcf6e151161006e5780638bcf6e1514610139578063aa1e84de1461015a578063b64a097e1461016d578063c27d607b146101ad578063c9ebfb65146101b5578063ed813a75146101c8575f5ffd5b8063024ad318146100aa5780632c431353146100d2578063323a5e0b146100fa5780638328c61f14610111578063840cd00b14610126575b5f5ffd5b6100bd6100b83660046106ba565b6101db565b60405190151581526020015b60405180910390f35b6100e56100e0366004610733565b610253565b604080519283526020830191909152016100c9565b61010360015481565b6040519081526020016100c9565b61012461011f366004610753565b6102ea565b005b610103610134366004610733565b61036e565b61014c610147366004610753565b61040d565b6040516100c9929190610798565b6101036101683660046107ba565b6104a9565b61018061017b366004610753565b610511565b6040805167ffffffffffffffff948516815260ff90931660208401529216918101919091526060016100c9565b6101035f5481565b6101036101c3366004610898565b610584565b61014c6101d6366004610753565b610610565b604051633b010eed60e21b81525f906101029063ec043bb49061020a908990899089908990899060040161092d565b602060405180830381865afa158015610225573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906102499190610965565b9695505050505050565b5f5f61029b846040518060400160405280600681526020016539b430991a9b60d11b81525060405180604001604052806005815260200164199a5c9cdd60da1b815250610584565b91506102e18360405180604001604052806003815260200162736d3360e81b815250604051806040016040528060068152602001651cd958dbdb9960d21b815250610584565b90509250929050565b610321816040518060400160405280600681526020016539b430991a9b60d11b81525060405180602001604052805f815250610584565b5060405162461bcd60e51b815260206004820152601c60248201527f53797374656d557365723a20756e646f20746865206465706f73697400000000604482015260640160405180910390fd5b604051638328c61f60e01b8152600481018390525f903090638328c61f906024015f604051808303815f87803b1580156103a6575f5ffd5b505af19250505080156103b7575060015b50610406826040518060400160405280600681526020016539b430991a9b60d11b8152506040518060400160405280600d81526020016c6166746572206661696c75726560981b815250610584565b9392505050565b5f60606101036001600160a01b03168360405160240161042d9190610984565b60408051601f198184030181529181526020820180516001600160e01b031663d0c147f960e01b1790525161046291906109b9565b5f60405180830381855afa9150503d805f811461049a576040519150601f19603f3d011682016040523d82523d5f602084013e61049f565b606091505b5091509150915091565b604051633ecd0d8f60e21b81525f906101019063fb34363c906104d290869086906004016109cf565b602060405180830381865afa1580156104ed573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061040691906109e2565b604051634a557bfd60e11b8152600481018290525f9081908190610100906394aaf7fa90602401606060405180830381865afa158015610553573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906105779190610a15565b9250925092509193909250565b60405163d0c147f960e01b81525f906101039063d0c147f9906105af90879087908790600401610a5c565b6020604051808303815f875af11580156105cb573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906105ef91906109e2565b5f818155600180549293509061060483610a86565b91905055509392505050565b5f6060306001600160a01b0316306001600160a01b031663c9ebfb658560405160240161063d9190610984565b60408051601f198184030181529181526020820180516001600160e01b031660e09490941b93909317909252905161046292506109b9565b5f5f83601f840112610685575f5ffd5b50813567ffffffffffffffff81111561069c575f5ffd5b6020830191508360208285010111156106b3575f5ffd5b9250929050565b5f5f5f5f5f606086880312156106ce575f5ffd5b853567ffffffffffffffff8111156106e4575f5ffd5b6106f088828901610675565b90965094505060208601359250604086013567ffffffffffffffff811115610716575f5ffd5b61072288828901610675565b969995985093965092949392505050565b5f5f60408385031215610744575f5ffd5b50508035926020909101359150565b5f60208284031215610763575f5ffd5b5035919050565b5f81518084528060208401602086015e5f602082860101526020601f19601f83011685010191505092915050565b8215158152604060208201525f6107b2604083018461076a565b949350505050565b5f5f602083850312156107cb575f5ffd5b823567ffffffffffffffff8111156107e1575f5ffd5b6107ed85828601610675565b90969095509350505050565b634e487b7160e01b5f52604160045260245ffd5b5f82601f83011261081c575f5ffd5b813567ffffffffffffffff811115610836576108366107f9565b604051601f8201601f19908116603f0116810167ffffffffffffffff81118282101715610865576108656107f9565b60405281815283820160200185101561087c575f5ffd5b816020850160208301375f918101602001919091529392505050565b5f5f5f606084860312156108aa575f5ffd5b83359250602084013567ffffffffffffffff8111156108c7575f5ffd5b6108d38682870161080d565b925050604084013567ffffffffffffffff8111156108ef575f5ffd5b6108fb8682870161080d565b9150509250925092565b81835281816020850137505f828201602090810191909152601f909101601f19169091010190565b606081525f610940606083018789610905565b8560208401528281036040840152610959818587610905565b98975050505050505050565b5f60208284031215610975575f5ffd5b81518015158114610406575f5ffd5b9081526060602082018190526006908201526539b430991a9b60d11b608082015260a0604082018190525f9082015260c00190565b5f82518060208501845e5f920191825250919050565b602081525f6107b2602083018486610905565b5f602082840312156109f2575f5ffd5b5051919050565b805167ffffffffffffffff81168114610a10575f5ffd5b919050565b5f5f5f60608486031215610a27575f5ffd5b610a30846109f9565b9250602084015160ff81168114610a45575f5ffd5b9150610a53604085016109f9565b90509250925092565b838152606060208201525f610a74606083018561076a565b8281036040840152610249818561076a565b5f60018201610aa357634e487b7160e01b5f52601160045260245ffd5b506001019056fea2646970667358221220c1f06c6c8a1742ad0989fa8ca700118227b68ec7e5cb5e72b83bf3afeef8daa764736f6c634300081c0033",
}

// SystemUser is an auto generated Go binding around an Ethereum contract.
type SystemUser struct {
	abi abi.ABI
}

// NewSystemUser creates a new instance of SystemUser.
func NewSystemUser() *SystemUser {
	parsed, err := SystemUserMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &SystemUser{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *SystemUser) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackDeposit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc9ebfb65.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function deposit(bytes32 h, string alg, string meta) returns(bytes32 id)
func (systemUser *SystemUser) PackDeposit(h [32]byte, alg string, meta string) []byte {
	enc, err := systemUser.abi.Pack("deposit", h, alg, meta)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDeposit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc9ebfb65.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function deposit(bytes32 h, string alg, string meta) returns(bytes32 id)
func (systemUser *SystemUser) TryPackDeposit(h [32]byte, alg string, meta string) ([]byte, error) {
	return systemUser.abi.Pack("deposit", h, alg, meta)
}

// UnpackDeposit is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xc9ebfb65.
//
// Solidity: function deposit(bytes32 h, string alg, string meta) returns(bytes32 id)
func (systemUser *SystemUser) UnpackDeposit(data []byte) ([32]byte, error) {
	out, err := systemUser.abi.Unpack("deposit", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackDepositAfterFailure is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x840cd00b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function depositAfterFailure(bytes32 h1, bytes32 h2) returns(bytes32)
func (systemUser *SystemUser) PackDepositAfterFailure(h1 [32]byte, h2 [32]byte) []byte {
	enc, err := systemUser.abi.Pack("depositAfterFailure", h1, h2)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDepositAfterFailure is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x840cd00b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function depositAfterFailure(bytes32 h1, bytes32 h2) returns(bytes32)
func (systemUser *SystemUser) TryPackDepositAfterFailure(h1 [32]byte, h2 [32]byte) ([]byte, error) {
	return systemUser.abi.Pack("depositAfterFailure", h1, h2)
}

// UnpackDepositAfterFailure is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x840cd00b.
//
// Solidity: function depositAfterFailure(bytes32 h1, bytes32 h2) returns(bytes32)
func (systemUser *SystemUser) UnpackDepositAfterFailure(data []byte) ([32]byte, error) {
	out, err := systemUser.abi.Unpack("depositAfterFailure", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackDepositAndRevert is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8328c61f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function depositAndRevert(bytes32 h) returns()
func (systemUser *SystemUser) PackDepositAndRevert(h [32]byte) []byte {
	enc, err := systemUser.abi.Pack("depositAndRevert", h)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDepositAndRevert is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8328c61f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function depositAndRevert(bytes32 h) returns()
func (systemUser *SystemUser) TryPackDepositAndRevert(h [32]byte) ([]byte, error) {
	return systemUser.abi.Pack("depositAndRevert", h)
}

// PackDepositStatic is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8bcf6e15.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function depositStatic(bytes32 h) view returns(bool ok, bytes ret)
func (systemUser *SystemUser) PackDepositStatic(h [32]byte) []byte {
	enc, err := systemUser.abi.Pack("depositStatic", h)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDepositStatic is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8bcf6e15.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function depositStatic(bytes32 h) view returns(bool ok, bytes ret)
func (systemUser *SystemUser) TryPackDepositStatic(h [32]byte) ([]byte, error) {
	return systemUser.abi.Pack("depositStatic", h)
}

// DepositStaticOutput serves as a container for the return parameters of contract
// method DepositStatic.
type DepositStaticOutput struct {
	Ok  bool
	Ret []byte
}

// UnpackDepositStatic is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8bcf6e15.
//
// Solidity: function depositStatic(bytes32 h) view returns(bool ok, bytes ret)
func (systemUser *SystemUser) UnpackDepositStatic(data []byte) (DepositStaticOutput, error) {
	out, err := systemUser.abi.Unpack("depositStatic", data)
	outstruct := new(DepositStaticOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Ok = *abi.ConvertType(out[0], new(bool)).(*bool)
	outstruct.Ret = *abi.ConvertType(out[1], new([]byte)).(*[]byte)
	return *outstruct, nil
}

// PackDepositTwice is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2c431353.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function depositTwice(bytes32 h1, bytes32 h2) returns(bytes32 a, bytes32 b)
func (systemUser *SystemUser) PackDepositTwice(h1 [32]byte, h2 [32]byte) []byte {
	enc, err := systemUser.abi.Pack("depositTwice", h1, h2)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDepositTwice is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2c431353.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function depositTwice(bytes32 h1, bytes32 h2) returns(bytes32 a, bytes32 b)
func (systemUser *SystemUser) TryPackDepositTwice(h1 [32]byte, h2 [32]byte) ([]byte, error) {
	return systemUser.abi.Pack("depositTwice", h1, h2)
}

// DepositTwiceOutput serves as a container for the return parameters of contract
// method DepositTwice.
type DepositTwiceOutput struct {
	A [32]byte
	B [32]byte
}

// UnpackDepositTwice is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x2c431353.
//
// Solidity: function depositTwice(bytes32 h1, bytes32 h2) returns(bytes32 a, bytes32 b)
func (systemUser *SystemUser) UnpackDepositTwice(data []byte) (DepositTwiceOutput, error) {
	out, err := systemUser.abi.Unpack("depositTwice", data)
	outstruct := new(DepositTwiceOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.A = *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	outstruct.B = *abi.ConvertType(out[1], new([32]byte)).(*[32]byte)
	return *outstruct, nil
}

// PackDepositUnderStatic is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xed813a75.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function depositUnderStatic(bytes32 h) view returns(bool ok, bytes ret)
func (systemUser *SystemUser) PackDepositUnderStatic(h [32]byte) []byte {
	enc, err := systemUser.abi.Pack("depositUnderStatic", h)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDepositUnderStatic is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xed813a75.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function depositUnderStatic(bytes32 h) view returns(bool ok, bytes ret)
func (systemUser *SystemUser) TryPackDepositUnderStatic(h [32]byte) ([]byte, error) {
	return systemUser.abi.Pack("depositUnderStatic", h)
}

// DepositUnderStaticOutput serves as a container for the return parameters of contract
// method DepositUnderStatic.
type DepositUnderStaticOutput struct {
	Ok  bool
	Ret []byte
}

// UnpackDepositUnderStatic is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xed813a75.
//
// Solidity: function depositUnderStatic(bytes32 h) view returns(bool ok, bytes ret)
func (systemUser *SystemUser) UnpackDepositUnderStatic(data []byte) (DepositUnderStaticOutput, error) {
	out, err := systemUser.abi.Unpack("depositUnderStatic", data)
	outstruct := new(DepositUnderStaticOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Ok = *abi.ConvertType(out[0], new(bool)).(*bool)
	outstruct.Ret = *abi.ConvertType(out[1], new([]byte)).(*[]byte)
	return *outstruct, nil
}

// PackDeposits is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x323a5e0b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function deposits() view returns(uint256)
func (systemUser *SystemUser) PackDeposits() []byte {
	enc, err := systemUser.abi.Pack("deposits")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDeposits is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x323a5e0b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function deposits() view returns(uint256)
func (systemUser *SystemUser) TryPackDeposits() ([]byte, error) {
	return systemUser.abi.Pack("deposits")
}

// UnpackDeposits is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x323a5e0b.
//
// Solidity: function deposits() view returns(uint256)
func (systemUser *SystemUser) UnpackDeposits(data []byte) (*big.Int, error) {
	out, err := systemUser.abi.Unpack("deposits", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xaa1e84de.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function hash(bytes data) view returns(bytes32)
func (systemUser *SystemUser) PackHash(data []byte) []byte {
	enc, err := systemUser.abi.Pack("hash", data)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xaa1e84de.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function hash(bytes data) view returns(bytes32)
func (systemUser *SystemUser) TryPackHash(data []byte) ([]byte, error) {
	return systemUser.abi.Pack("hash", data)
}

// UnpackHash is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xaa1e84de.
//
// Solidity: function hash(bytes data) view returns(bytes32)
func (systemUser *SystemUser) UnpackHash(data []byte) ([32]byte, error) {
	out, err := systemUser.abi.Unpack("hash", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackInfo is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb64a097e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function info(bytes32 id) view returns(uint64 balance, uint8 status, uint64 version)
func (systemUser *SystemUser) PackInfo(id [32]byte) []byte {
	enc, err := systemUser.abi.Pack("info", id)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackInfo is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb64a097e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function info(bytes32 id) view returns(uint64 balance, uint8 status, uint64 version)
func (systemUser *SystemUser) TryPackInfo(id [32]byte) ([]byte, error) {
	return systemUser.abi.Pack("info", id)
}

// InfoOutput serves as a container for the return parameters of contract
// method Info.
type InfoOutput struct {
	Balance uint64
	Status  uint8
	Version uint64
}

// UnpackInfo is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xb64a097e.
//
// Solidity: function info(bytes32 id) view returns(uint64 balance, uint8 status, uint64 version)
func (systemUser *SystemUser) UnpackInfo(data []byte) (InfoOutput, error) {
	out, err := systemUser.abi.Unpack("info", data)
	outstruct := new(InfoOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Balance = *abi.ConvertType(out[0], new(uint64)).(*uint64)
	outstruct.Status = *abi.ConvertType(out[1], new(uint8)).(*uint8)
	outstruct.Version = *abi.ConvertType(out[2], new(uint64)).(*uint64)
	return *outstruct, nil
}

// PackLastEvidence is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc27d607b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function lastEvidence() view returns(bytes32)
func (systemUser *SystemUser) PackLastEvidence() []byte {
	enc, err := systemUser.abi.Pack("lastEvidence")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLastEvidence is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc27d607b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function lastEvidence() view returns(bytes32)
func (systemUser *SystemUser) TryPackLastEvidence() ([]byte, error) {
	return systemUser.abi.Pack("lastEvidence")
}

// UnpackLastEvidence is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xc27d607b.
//
// Solidity: function lastEvidence() view returns(bytes32)
func (systemUser *SystemUser) UnpackLastEvidence(data []byte) ([32]byte, error) {
	out, err := systemUser.abi.Unpack("lastEvidence", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackVerify is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x024ad318.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function verify(bytes pubkey, bytes32 digest, bytes sig) view returns(bool)
func (systemUser *SystemUser) PackVerify(pubkey []byte, digest [32]byte, sig []byte) []byte {
	enc, err := systemUser.abi.Pack("verify", pubkey, digest, sig)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackVerify is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x024ad318.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function verify(bytes pubkey, bytes32 digest, bytes sig) view returns(bool)
func (systemUser *SystemUser) TryPackVerify(pubkey []byte, digest [32]byte, sig []byte) ([]byte, error) {
	return systemUser.abi.Pack("verify", pubkey, digest, sig)
}

// UnpackVerify is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x024ad318.
//
// Solidity: function verify(bytes pubkey, bytes32 digest, bytes sig) view returns(bool)
func (systemUser *SystemUser) UnpackVerify(data []byte) (bool, error) {
	out, err := systemUser.abi.Unpack("verify", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}
