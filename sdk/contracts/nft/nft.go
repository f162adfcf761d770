// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package nft

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

// NFTMetaData contains all meta data concerning the NFT contract.
var NFTMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"string\",\"name\":\"name_\",\"type\":\"string\"},{\"internalType\":\"string\",\"name\":\"symbol_\",\"type\":\"string\"},{\"internalType\":\"string\",\"name\":\"baseURI_\",\"type\":\"string\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"approved\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"Approval\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"operator\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bool\",\"name\":\"approved\",\"type\":\"bool\"}],\"name\":\"ApprovalForAll\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"Transfer\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"approve\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"balanceOf\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"baseURI\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"getApproved\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"operator\",\"type\":\"address\"}],\"name\":\"isApprovedForAll\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"mint\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"minter\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"name\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"ownerOf\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"safeTransferFrom\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"}],\"name\":\"safeTransferFrom\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"operator\",\"type\":\"address\"},{\"internalType\":\"bool\",\"name\":\"approved\",\"type\":\"bool\"}],\"name\":\"setApprovalForAll\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes4\",\"name\":\"id\",\"type\":\"bytes4\"}],\"name\":\"supportsInterface\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"symbol\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"tokenURI\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"tokenId\",\"type\":\"uint256\"}],\"name\":\"transferFrom\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "NFT",
	Bin: "0x608060405234801561000f575f5ffd5b506040516113b23803806113b283398101604081905261002e9161010c565b5f610039848261021f565b506001610046838261021f565b506002610053828261021f565b5050600380546001600160a01b03191633179055506102d99050565b634e487b7160e01b5f52604160045260245ffd5b5f82601f830112610092575f5ffd5b81516001600160401b038111156100ab576100ab61006f565b604051601f8201601f19908116603f011681016001600160401b03811182821017156100d9576100d961006f565b6040528181528382016020018510156100f0575f5ffd5b8160208501602083015e5f918101602001919091529392505050565b5f5f5f6060848603121561011e575f5ffd5b83516001600160401b03811115610133575f5ffd5b61013f86828701610083565b602086015190945090506001600160401b0381111561015c575f5ffd5b61016886828701610083565b604086015190935090506001600160401b03811115610185575f5ffd5b61019186828701610083565b9150509250925092565b600181811c908216806101af57607f821691505b6020821081036101cd57634e487b7160e01b5f52602260045260245ffd5b50919050565b601f82111561021a57805f5260205f20601f840160051c810160208510156101f85750805b601f840160051c820191505b81811015610217575f8155600101610204565b50505b505050565b81516001600160401b038111156102385761023861006f565b61024c81610246845461019b565b846101d3565b6020601f82116001811461027e575f83156102675750848201515b5f19600385901b1c1916600184901b178455610217565b5f84815260208120601f198516915b828110156102ad578785015182556020948501946001909201910161028d565b50848210156102ca57868401515f19600387901b60f8161c191681555b50505050600190811b01905550565b6110cc806102e65f395ff3fe608060405234801561000f575f5ffd5b50600436106100fb575f3560e01c80636352211e11610093578063a22cb46511610063578063a22cb4651461020c578063b88d4fde1461021f578063c87b56dd14610232578063e985e9c514610245575f5ffd5b80636352211e146101c85780636c0360eb146101db57806370a08231146101e357806395d89b4114610204575f5ffd5b8063095ea7b3116100ce578063095ea7b31461017a57806323b872dd1461018f57806340c10f19146101a257806342842e0e146101b5575f5ffd5b806301ffc9a7146100ff57806306fdde0314610127578063075461721461013c578063081812fc14610167575b5f5ffd5b61011261010d366004610c44565b610280565b60405190151581526020015b60405180910390f35b61012f6102d1565b60405161011e9190610c8d565b60035461014f906001600160a01b031681565b6040516001600160a01b03909116815260200161011e565b61014f610175366004610c9f565b61035c565b61018d610188366004610cd1565b610382565b005b61018d61019d366004610cf9565b610481565b61018d6101b0366004610cd1565b6106c7565b61018d6101c3366004610cf9565b610860565b61014f6101d6366004610c9f565b61087f565b61012f6108e3565b6101f66101f1366004610d33565b6108f0565b60405190815260200161011e565b61012f61096e565b61018d61021a366004610d4c565b61097b565b61018d61022d366004610d99565b6109e6565b61012f610240366004610c9f565b610aeb565b610112610253366004610e76565b6001600160a01b039182165f90815260076020908152604080832093909416825291909152205460ff1690565b5f6301ffc9a760e01b6001600160e01b0319831614806102b057506380ac58cd60e01b6001600160e01b03198316145b806102cb5750635b5e139f60e01b6001600160e01b03198316145b92915050565b5f80546102dd90610ea7565b80601f016020809104026020016040519081016040528092919081815260200182805461030990610ea7565b80156103545780601f1061032b57610100808354040283529160200191610354565b820191905f5260205f20905b81548152906001019060200180831161033757829003601f168201915b505050505081565b5f6103668261087f565b50505f908152600660205260409020546001600160a01b031690565b5f61038c8261087f565b9050336001600160a01b03821614806103c757506001600160a01b0381165f90815260076020908152604080832033845290915290205460ff165b6104265760405162461bcd60e51b815260206004820152602560248201527f4552433732313a206e6f7420746865206f776e6572206e6f7220616e206f70656044820152643930ba37b960d91b60648201526084015b60405180910390fd5b5f8281526006602052604080822080546001600160a01b0319166001600160a01b0387811691821790925591518593918516917f8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b92591a4505050565b5f61048b8261087f565b9050836001600160a01b0316816001600160a01b0316146104f85760405162461bcd60e51b815260206004820152602160248201527f4552433732313a207472616e736665722066726f6d2061206e6f6e2d6f776e656044820152603960f91b606482015260840161041d565b336001600160a01b038216148061052457505f828152600660205260409020546001600160a01b031633145b8061055157506001600160a01b0381165f90815260076020908152604080832033845290915290205460ff165b6105b25760405162461bcd60e51b815260206004820152602c60248201527f4552433732313a2063616c6c6572206973206e6f7420746865206f776e65722060448201526b1b9bdc88185c1c1c9bdd995960a21b606482015260840161041d565b6001600160a01b0383166106145760405162461bcd60e51b8152602060048201526024808201527f4552433732313a207472616e7366657220746f20746865207a65726f206164646044820152637265737360e01b606482015260840161041d565b5f82815260066020908152604080832080546001600160a01b03191690556001600160a01b038781168452600590925280832080545f1901905590851682528120805460019290610666908490610ef3565b90915550505f8281526004602052604080822080546001600160a01b0319166001600160a01b0387811691821790925591518593918816917fddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef91a450505050565b6003546001600160a01b031633146107215760405162461bcd60e51b815260206004820181905260248201527f4552433732313a206f6e6c7920746865206d696e746572206d6179206d696e74604482015260640161041d565b6001600160a01b0382166107775760405162461bcd60e51b815260206004820181905260248201527f4552433732313a206d696e7420746f20746865207a65726f2061646472657373604482015260640161041d565b5f818152600460205260409020546001600160a01b0316156107db5760405162461bcd60e51b815260206004820152601c60248201527f4552433732313a20746f6b656e20616c7265616479206d696e74656400000000604482015260640161041d565b6001600160a01b0382165f908152600560205260408120805460019290610803908490610ef3565b90915550505f8181526004602052604080822080546001600160a01b0319166001600160a01b03861690811790915590518392907fddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef908290a45050565b61087a83838360405180602001604052805f8152506109e6565b505050565b5f818152600460205260408120546001600160a01b0316806102cb5760405162461bcd60e51b815260206004820152601c60248201527f4552433732313a20746f6b656e20646f6573206e6f7420657869737400000000604482015260640161041d565b600280546102dd90610ea7565b5f6001600160a01b0382166109535760405162461bcd60e51b815260206004820152602360248201527f4552433732313a207a65726f206164647265737320686173206e6f2062616c616044820152626e636560e81b606482015260840161041d565b506001600160a01b03165f9081526005602052604090205490565b600180546102dd90610ea7565b335f8181526007602090815260408083206001600160a01b03871680855290835292819020805460ff191686151590811790915590519081529192917f17307eab39ab6107e8899845ad3d59bd9653f200f220920489ca2b5937696c31910160405180910390a35050565b6109f1848484610481565b6001600160a01b0383163b15610ae557604051630a85bd0160e11b81525f906001600160a01b0385169063150b7a0290610a35903390899088908890600401610f06565b6020604051808303815f875af1158015610a51573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610a759190610f42565b90506001600160e01b03198116630a85bd0160e11b14610ae35760405162461bcd60e51b815260206004820152602360248201527f4552433732313a2072656365697665722072656a65637465642074686520746f60448201526235b2b760e91b606482015260840161041d565b505b50505050565b6060610af68261087f565b506002610b0283610b29565b604051602001610b13929190610f74565b6040516020818303038152906040529050919050565b6060815f03610b4f5750506040805180820190915260018152600360fc1b602082015290565b5f825b8015610b785781610b628161101b565b9250610b719050600a82611047565b9050610b52565b505f8167ffffffffffffffff811115610b9357610b93610d85565b6040519080825280601f01601f191660200182016040528015610bbd576020820181803683370190505b5090505b8315610c2557610bd2600a8561105a565b610bdd906030610ef3565b60f81b81610bea8461106d565b93508381518110610bfd57610bfd611082565b60200101906001600160f81b03191690815f1a905350610c1e600a85611047565b9350610bc1565b9392505050565b6001600160e01b031981168114610c41575f5ffd5b50565b5f60208284031215610c54575f5ffd5b8135610c2581610c2c565b5f81518084528060208401602086015e5f602082860101526020601f19601f83011685010191505092915050565b602081525f610c256020830184610c5f565b5f60208284031215610caf575f5ffd5b5035919050565b80356001600160a01b0381168114610ccc575f5ffd5b919050565b5f5f60408385031215610ce2575f5ffd5b610ceb83610cb6565b946020939093013593505050565b5f5f5f60608486031215610d0b575f5ffd5b610d1484610cb6565b9250610d2260208501610cb6565b929592945050506040919091013590565b5f60208284031215610d43575f5ffd5b610c2582610cb6565b5f5f60408385031215610d5d575f5ffd5b610d6683610cb6565b915060208301358015158114610d7a575f5ffd5b809150509250929050565b634e487b7160e01b5f52604160045260245ffd5b5f5f5f5f60808587031215610dac575f5ffd5b610db585610cb6565b9350610dc360208601610cb6565b925060408501359150606085013567ffffffffffffffff811115610de5575f5ffd5b8501601f81018713610df5575f5ffd5b803567ffffffffffffffff811115610e0f57610e0f610d85565b604051601f8201601f19908116603f0116810167ffffffffffffffff81118282101715610e3e57610e3e610d85565b604052818152828201602001891015610e55575f5ffd5b816020840160208301375f6020838301015280935050505092959194509250565b5f5f60408385031215610e87575f5ffd5b610e9083610cb6565b9150610e9e60208401610cb6565b90509250929050565b600181811c90821680610ebb57607f821691505b602082108103610ed957634e487b7160e01b5f52602260045260245ffd5b50919050565b634e487b7160e01b5f52601160045260245ffd5b808201808211156102cb576102cb610edf565b6001600160a01b03858116825284166020820152604081018390526080606082018190525f90610f3890830184610c5f565b9695505050505050565b5f60208284031215610f52575f5ffd5b8151610c2581610c2c565b5f81518060208401855e5f93019283525090919050565b5f5f84545f8160011c90506001821680610f8f57607f821691505b602082108103610fad57634e487b7160e01b5f52602260045260245ffd5b808015610fc15760018114610fd657611004565b60ff1984168752821515830287019450611004565b5f898152602090205f5b84811015610ffc57815489820152600190910190602001610fe0565b505082870194505b505050506110128185610f5d565b95945050505050565b5f6001820161102c5761102c610edf565b5060010190565b634e487b7160e01b5f52601260045260245ffd5b5f8261105557611055611033565b500490565b5f8261106857611068611033565b500690565b5f8161107b5761107b610edf565b505f190190565b634e487b7160e01b5f52603260045260245ffdfea2646970667358221220856d7f6160b6c8e745019be7264e55b5c5e841c8ed6c379410aeba3d63ce01bb64736f6c634300081c0033",
}

// NFT is an auto generated Go binding around an Ethereum contract.
type NFT struct {
	abi abi.ABI
}

// NewNFT creates a new instance of NFT.
func NewNFT() *NFT {
	parsed, err := NFTMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &NFT{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *NFT) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(string name_, string symbol_, string baseURI_) returns()
func (nFT *NFT) PackConstructor(name_ string, symbol_ string, baseURI_ string) []byte {
	enc, err := nFT.abi.Pack("", name_, symbol_, baseURI_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackApprove is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x095ea7b3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function approve(address to, uint256 tokenId) returns()
func (nFT *NFT) PackApprove(to common.Address, tokenId *big.Int) []byte {
	enc, err := nFT.abi.Pack("approve", to, tokenId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackApprove is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x095ea7b3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function approve(address to, uint256 tokenId) returns()
func (nFT *NFT) TryPackApprove(to common.Address, tokenId *big.Int) ([]byte, error) {
	return nFT.abi.Pack("approve", to, tokenId)
}

// PackBalanceOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x70a08231.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function balanceOf(address owner) view returns(uint256)
func (nFT *NFT) PackBalanceOf(owner common.Address) []byte {
	enc, err := nFT.abi.Pack("balanceOf", owner)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBalanceOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x70a08231.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function balanceOf(address owner) view returns(uint256)
func (nFT *NFT) TryPackBalanceOf(owner common.Address) ([]byte, error) {
	return nFT.abi.Pack("balanceOf", owner)
}

// UnpackBalanceOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x70a08231.
//
// Solidity: function balanceOf(address owner) view returns(uint256)
func (nFT *NFT) UnpackBalanceOf(data []byte) (*big.Int, error) {
	out, err := nFT.abi.Unpack("balanceOf", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackBaseURI is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6c0360eb.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function baseURI() view returns(string)
func (nFT *NFT) PackBaseURI() []byte {
	enc, err := nFT.abi.Pack("baseURI")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBaseURI is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6c0360eb.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function baseURI() view returns(string)
func (nFT *NFT) TryPackBaseURI() ([]byte, error) {
	return nFT.abi.Pack("baseURI")
}

// UnpackBaseURI is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x6c0360eb.
//
// Solidity: function baseURI() view returns(string)
func (nFT *NFT) UnpackBaseURI(data []byte) (string, error) {
	out, err := nFT.abi.Unpack("baseURI", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// PackGetApproved is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x081812fc.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getApproved(uint256 tokenId) view returns(address)
func (nFT *NFT) PackGetApproved(tokenId *big.Int) []byte {
	enc, err := nFT.abi.Pack("getApproved", tokenId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGetApproved is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x081812fc.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function getApproved(uint256 tokenId) view returns(address)
func (nFT *NFT) TryPackGetApproved(tokenId *big.Int) ([]byte, error) {
	return nFT.abi.Pack("getApproved", tokenId)
}

// UnpackGetApproved is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x081812fc.
//
// Solidity: function getApproved(uint256 tokenId) view returns(address)
func (nFT *NFT) UnpackGetApproved(data []byte) (common.Address, error) {
	out, err := nFT.abi.Unpack("getApproved", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackIsApprovedForAll is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe985e9c5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function isApprovedForAll(address owner, address operator) view returns(bool)
func (nFT *NFT) PackIsApprovedForAll(owner common.Address, operator common.Address) []byte {
	enc, err := nFT.abi.Pack("isApprovedForAll", owner, operator)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackIsApprovedForAll is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe985e9c5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function isApprovedForAll(address owner, address operator) view returns(bool)
func (nFT *NFT) TryPackIsApprovedForAll(owner common.Address, operator common.Address) ([]byte, error) {
	return nFT.abi.Pack("isApprovedForAll", owner, operator)
}

// UnpackIsApprovedForAll is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe985e9c5.
//
// Solidity: function isApprovedForAll(address owner, address operator) view returns(bool)
func (nFT *NFT) UnpackIsApprovedForAll(data []byte) (bool, error) {
	out, err := nFT.abi.Unpack("isApprovedForAll", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackMint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x40c10f19.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function mint(address to, uint256 tokenId) returns()
func (nFT *NFT) PackMint(to common.Address, tokenId *big.Int) []byte {
	enc, err := nFT.abi.Pack("mint", to, tokenId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x40c10f19.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function mint(address to, uint256 tokenId) returns()
func (nFT *NFT) TryPackMint(to common.Address, tokenId *big.Int) ([]byte, error) {
	return nFT.abi.Pack("mint", to, tokenId)
}

// PackMinter is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x07546172.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function minter() view returns(address)
func (nFT *NFT) PackMinter() []byte {
	enc, err := nFT.abi.Pack("minter")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMinter is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x07546172.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function minter() view returns(address)
func (nFT *NFT) TryPackMinter() ([]byte, error) {
	return nFT.abi.Pack("minter")
}

// UnpackMinter is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x07546172.
//
// Solidity: function minter() view returns(address)
func (nFT *NFT) UnpackMinter(data []byte) (common.Address, error) {
	out, err := nFT.abi.Unpack("minter", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackName is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06fdde03.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function name() view returns(string)
func (nFT *NFT) PackName() []byte {
	enc, err := nFT.abi.Pack("name")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackName is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06fdde03.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function name() view returns(string)
func (nFT *NFT) TryPackName() ([]byte, error) {
	return nFT.abi.Pack("name")
}

// UnpackName is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x06fdde03.
//
// Solidity: function name() view returns(string)
func (nFT *NFT) UnpackName(data []byte) (string, error) {
	out, err := nFT.abi.Unpack("name", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// PackOwnerOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6352211e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function ownerOf(uint256 tokenId) view returns(address)
func (nFT *NFT) PackOwnerOf(tokenId *big.Int) []byte {
	enc, err := nFT.abi.Pack("ownerOf", tokenId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOwnerOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6352211e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function ownerOf(uint256 tokenId) view returns(address)
func (nFT *NFT) TryPackOwnerOf(tokenId *big.Int) ([]byte, error) {
	return nFT.abi.Pack("ownerOf", tokenId)
}

// UnpackOwnerOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x6352211e.
//
// Solidity: function ownerOf(uint256 tokenId) view returns(address)
func (nFT *NFT) UnpackOwnerOf(data []byte) (common.Address, error) {
	out, err := nFT.abi.Unpack("ownerOf", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackSafeTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x42842e0e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function safeTransferFrom(address from, address to, uint256 tokenId) returns()
func (nFT *NFT) PackSafeTransferFrom(from common.Address, to common.Address, tokenId *big.Int) []byte {
	enc, err := nFT.abi.Pack("safeTransferFrom", from, to, tokenId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSafeTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x42842e0e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function safeTransferFrom(address from, address to, uint256 tokenId) returns()
func (nFT *NFT) TryPackSafeTransferFrom(from common.Address, to common.Address, tokenId *big.Int) ([]byte, error) {
	return nFT.abi.Pack("safeTransferFrom", from, to, tokenId)
}

// PackSafeTransferFrom0 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb88d4fde.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function safeTransferFrom(address from, address to, uint256 tokenId, bytes data) returns()
func (nFT *NFT) PackSafeTransferFrom0(from common.Address, to common.Address, tokenId *big.Int, data []byte) []byte {
	enc, err := nFT.abi.Pack("safeTransferFrom0", from, to, tokenId, data)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSafeTransferFrom0 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb88d4fde.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function safeTransferFrom(address from, address to, uint256 tokenId, bytes data) returns()
func (nFT *NFT) TryPackSafeTransferFrom0(from common.Address, to common.Address, tokenId *big.Int, data []byte) ([]byte, error) {
	return nFT.abi.Pack("safeTransferFrom0", from, to, tokenId, data)
}

// PackSetApprovalForAll is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa22cb465.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setApprovalForAll(address operator, bool approved) returns()
func (nFT *NFT) PackSetApprovalForAll(operator common.Address, approved bool) []byte {
	enc, err := nFT.abi.Pack("setApprovalForAll", operator, approved)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetApprovalForAll is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa22cb465.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setApprovalForAll(address operator, bool approved) returns()
func (nFT *NFT) TryPackSetApprovalForAll(operator common.Address, approved bool) ([]byte, error) {
	return nFT.abi.Pack("setApprovalForAll", operator, approved)
}

// PackSupportsInterface is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x01ffc9a7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function supportsInterface(bytes4 id) pure returns(bool)
func (nFT *NFT) PackSupportsInterface(id [4]byte) []byte {
	enc, err := nFT.abi.Pack("supportsInterface", id)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSupportsInterface is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x01ffc9a7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function supportsInterface(bytes4 id) pure returns(bool)
func (nFT *NFT) TryPackSupportsInterface(id [4]byte) ([]byte, error) {
	return nFT.abi.Pack("supportsInterface", id)
}

// UnpackSupportsInterface is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x01ffc9a7.
//
// Solidity: function supportsInterface(bytes4 id) pure returns(bool)
func (nFT *NFT) UnpackSupportsInterface(data []byte) (bool, error) {
	out, err := nFT.abi.Unpack("supportsInterface", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackSymbol is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x95d89b41.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function symbol() view returns(string)
func (nFT *NFT) PackSymbol() []byte {
	enc, err := nFT.abi.Pack("symbol")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSymbol is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x95d89b41.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function symbol() view returns(string)
func (nFT *NFT) TryPackSymbol() ([]byte, error) {
	return nFT.abi.Pack("symbol")
}

// UnpackSymbol is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x95d89b41.
//
// Solidity: function symbol() view returns(string)
func (nFT *NFT) UnpackSymbol(data []byte) (string, error) {
	out, err := nFT.abi.Unpack("symbol", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// PackTokenURI is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc87b56dd.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function tokenURI(uint256 tokenId) view returns(string)
func (nFT *NFT) PackTokenURI(tokenId *big.Int) []byte {
	enc, err := nFT.abi.Pack("tokenURI", tokenId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTokenURI is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc87b56dd.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function tokenURI(uint256 tokenId) view returns(string)
func (nFT *NFT) TryPackTokenURI(tokenId *big.Int) ([]byte, error) {
	return nFT.abi.Pack("tokenURI", tokenId)
}

// UnpackTokenURI is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xc87b56dd.
//
// Solidity: function tokenURI(uint256 tokenId) view returns(string)
func (nFT *NFT) UnpackTokenURI(data []byte) (string, error) {
	out, err := nFT.abi.Unpack("tokenURI", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// PackTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x23b872dd.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function transferFrom(address from, address to, uint256 tokenId) returns()
func (nFT *NFT) PackTransferFrom(from common.Address, to common.Address, tokenId *big.Int) []byte {
	enc, err := nFT.abi.Pack("transferFrom", from, to, tokenId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x23b872dd.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function transferFrom(address from, address to, uint256 tokenId) returns()
func (nFT *NFT) TryPackTransferFrom(from common.Address, to common.Address, tokenId *big.Int) ([]byte, error) {
	return nFT.abi.Pack("transferFrom", from, to, tokenId)
}

// NFTApproval represents a Approval event raised by the NFT contract.
type NFTApproval struct {
	Owner    common.Address
	Approved common.Address
	TokenId  *big.Int
	Raw      *types.Log // Blockchain specific contextual infos
}

const NFTApprovalEventName = "Approval"

// ContractEventName returns the user-defined event name.
func (NFTApproval) ContractEventName() string {
	return NFTApprovalEventName
}

// UnpackApprovalEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Approval(address indexed owner, address indexed approved, uint256 indexed tokenId)
func (nFT *NFT) UnpackApprovalEvent(log *types.Log) (*NFTApproval, error) {
	event := "Approval"
	if len(log.Topics) == 0 || log.Topics[0] != nFT.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(NFTApproval)
	if len(log.Data) > 0 {
		if err := nFT.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range nFT.abi.Events[event].Inputs {
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

// NFTApprovalForAll represents a ApprovalForAll event raised by the NFT contract.
type NFTApprovalForAll struct {
	Owner    common.Address
	Operator common.Address
	Approved bool
	Raw      *types.Log // Blockchain specific contextual infos
}

const NFTApprovalForAllEventName = "ApprovalForAll"

// ContractEventName returns the user-defined event name.
func (NFTApprovalForAll) ContractEventName() string {
	return NFTApprovalForAllEventName
}

// UnpackApprovalForAllEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ApprovalForAll(address indexed owner, address indexed operator, bool approved)
func (nFT *NFT) UnpackApprovalForAllEvent(log *types.Log) (*NFTApprovalForAll, error) {
	event := "ApprovalForAll"
	if len(log.Topics) == 0 || log.Topics[0] != nFT.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(NFTApprovalForAll)
	if len(log.Data) > 0 {
		if err := nFT.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range nFT.abi.Events[event].Inputs {
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

// NFTTransfer represents a Transfer event raised by the NFT contract.
type NFTTransfer struct {
	From    common.Address
	To      common.Address
	TokenId *big.Int
	Raw     *types.Log // Blockchain specific contextual infos
}

const NFTTransferEventName = "Transfer"

// ContractEventName returns the user-defined event name.
func (NFTTransfer) ContractEventName() string {
	return NFTTransferEventName
}

// UnpackTransferEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Transfer(address indexed from, address indexed to, uint256 indexed tokenId)
func (nFT *NFT) UnpackTransferEvent(log *types.Log) (*NFTTransfer, error) {
	event := "Transfer"
	if len(log.Topics) == 0 || log.Topics[0] != nFT.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(NFTTransfer)
	if len(log.Data) > 0 {
		if err := nFT.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range nFT.abi.Events[event].Inputs {
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
