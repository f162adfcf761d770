// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package remoteevidence

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

// RemoteEvidenceCheckAttested is an auto generated low-level Go binding around an user-defined struct.
type RemoteEvidenceCheckAttested struct {
	Hash           []byte
	Alg            string
	Owner          [32]byte
	DepositHeight  uint64
	DepositTimeMs  uint64
	ProvenAtHeight uint64
}

// RemoteEvidenceCheckMetaData contains all meta data concerning the RemoteEvidenceCheck contract.
var RemoteEvidenceCheckMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"string\",\"name\":\"chainId\",\"type\":\"string\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"owner\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"depositTimeMs\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"remoteHeight\",\"type\":\"uint64\"}],\"name\":\"RemoteEvidenceAttested\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"height\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"evidence\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"proof\",\"type\":\"bytes\"}],\"name\":\"attest\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"depositTimeMs\",\"type\":\"uint64\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"}],\"name\":\"depositTime\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"proven\",\"type\":\"bool\"},{\"internalType\":\"uint64\",\"name\":\"timeMs\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"latestRemoteHeader\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"height\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"blockHash\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"timeMs\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"}],\"name\":\"record\",\"outputs\":[{\"components\":[{\"internalType\":\"bytes\",\"name\":\"hash\",\"type\":\"bytes\"},{\"internalType\":\"string\",\"name\":\"alg\",\"type\":\"string\"},{\"internalType\":\"bytes32\",\"name\":\"owner\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"depositHeight\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"depositTimeMs\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"provenAtHeight\",\"type\":\"uint64\"}],\"internalType\":\"structRemoteEvidenceCheck.Attested\",\"name\":\"\",\"type\":\"tuple\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"remoteChain\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "RemoteEvidenceCheck",
	Bin: "0x608060405234801561000f575f5ffd5b50604051610ead380380610ead83398101604081905261002e91610054565b5f6100398282610188565b5050610242565b634e487b7160e01b5f52604160045260245ffd5b5f60208284031215610064575f5ffd5b81516001600160401b03811115610079575f5ffd5b8201601f81018413610089575f5ffd5b80516001600160401b038111156100a2576100a2610040565b604051601f8201601f19908116603f011681016001600160401b03811182821017156100d0576100d0610040565b6040528181528282016020018610156100e7575f5ffd5b8160208401602083015e5f91810160200191909152949350505050565b600181811c9082168061011857607f821691505b60208210810361013657634e487b7160e01b5f52602260045260245ffd5b50919050565b601f82111561018357805f5260205f20601f840160051c810160208510156101615750805b601f840160051c820191505b81811015610180575f815560010161016d565b50505b505050565b81516001600160401b038111156101a1576101a1610040565b6101b5816101af8454610104565b8461013c565b6020601f8211600181146101e7575f83156101d05750848201515b5f19600385901b1c1916600184901b178455610180565b5f84815260208120601f198516915b8281101561021657878501518255602094850194600190920191016101f6565b508482101561023357868401515f19600387901b60f8161c191681555b50505050600190811b01905550565b610c5e8061024f5f395ff3fe608060405234801561000f575f5ffd5b5060043610610055575f3560e01c806306216fa0146100595780634c6b2a7d1461007757806394f50a12146100a9578063968b098f146100d4578063b5c645bd14610132575b5f5ffd5b610061610152565b60405161006e9190610655565b60405180910390f35b61007f6101dd565b604080516001600160401b039485168152602081019390935292169181019190915260600161006e565b6100bc6100b73660046106c9565b610265565b6040516001600160401b03909116815260200161006e565b6101136100e2366004610752565b5f908152600160205260409020600301546001600160401b03600160801b82048116151592600160401b9092041690565b6040805192151583526001600160401b0390911660208301520161006e565b610145610140366004610752565b61047d565b60405161006e9190610769565b5f805461015e906107f1565b80601f016020809104026020016040519081016040528092919081815260200182805461018a906107f1565b80156101d55780601f106101ac576101008083540402835291602001916101d5565b820191905f5260205f20905b8154815290600101906020018083116101b857829003601f168201915b505050505081565b5f5f5f5f5f5f6101096001600160a01b03166357e4646e5f5f6040518363ffffffff1660e01b81526004016102139291906108a8565b60c060405180830381865afa15801561022e573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061025291906108e2565b949b939a50939850919650505050505050565b5f85815260016020526040808220905163c00b557d60e01b8152829061010c9063c00b557d906102a59084908d908d908d908d908d908d90600401610967565b5f60405180830381865afa1580156102bf573d5f5f3e3d5ffd5b505050506040513d5f823e601f3d908101601f191682016040526102e69190810190610a6b565b6003880180546fffffffffffffffffffffffffffffffff1916600160401b6001600160401b038481169190910267ffffffffffffffff19169190911790841617905560028801839055875f6001820161033f8782610b6e565b5061034c90508682610b6e565b50859650505050505050806103e25760405162461bcd60e51b815260206004820152604c60248201527f52656d6f746545766964656e6365436865636b3a207468652070726f6f66206460448201527f6f6573206e6f7420686f6c6420756e64657220746865206c6967687420636c6960648201526b32b73a13b9903432b0b232b960a11b608482015260a40160405180910390fd5b60038201805467ffffffffffffffff60801b1916600160801b6001600160401b038c81169182029290921792839055600285015460408051600160401b90950490931684526020840191909152918a917fd0138bbf122260483a2362a7fd22d16a86d9d5e0ff7b0edaa579519706f54433910160405180910390a35060030154600160401b90046001600160401b0316979650505050505050565b6040805160c0810182526060808252602082018190525f92820183905281018290526080810182905260a08101919091525f8281526001602052604090819020815160c081019092528054829082906104d5906107f1565b80601f0160208091040260200160405190810160405280929190818152602001828054610501906107f1565b801561054c5780601f106105235761010080835404028352916020019161054c565b820191905f5260205f20905b81548152906001019060200180831161052f57829003601f168201915b50505050508152602001600182018054610565906107f1565b80601f0160208091040260200160405190810160405280929190818152602001828054610591906107f1565b80156105dc5780601f106105b3576101008083540402835291602001916105dc565b820191905f5260205f20905b8154815290600101906020018083116105bf57829003601f168201915b5050509183525050600282015460208201526003909101546001600160401b038082166040840152600160401b820481166060840152600160801b9091041660809091015292915050565b5f81518084528060208401602086015e5f602082860101526020601f19601f83011685010191505092915050565b602081525f6106676020830184610627565b9392505050565b6001600160401b0381168114610682575f5ffd5b50565b5f5f83601f840112610695575f5ffd5b5081356001600160401b038111156106ab575f5ffd5b6020830191508360208285010111156106c2575f5ffd5b9250929050565b5f5f5f5f5f5f608087890312156106de575f5ffd5b86356106e98161066e565b95506020870135945060408701356001600160401b0381111561070a575f5ffd5b61071689828a01610685565b90955093505060608701356001600160401b03811115610734575f5ffd5b61074089828a01610685565b979a9699509497509295939492505050565b5f60208284031215610762575f5ffd5b5035919050565b602081525f825160c0602084015261078460e0840182610627565b90506020840151601f198483030160408501526107a18282610627565b915050604084015160608401526001600160401b0360608501511660808401526001600160401b0360808501511660a08401526001600160401b0360a08501511660c08401528091505092915050565b600181811c9082168061080557607f821691505b60208210810361082357634e487b7160e01b5f52602260045260245ffd5b50919050565b5f8154610835816107f1565b80855260018216801561084f576001811461086b5761089f565b60ff1983166020870152602082151560051b870101935061089f565b845f5260205f205f5b838110156108965781546020828a010152600182019150602081019050610874565b87016020019450505b50505092915050565b604081525f6108ba6040830185610829565b90506001600160401b03831660208301529392505050565b80516108dd8161066e565b919050565b5f5f5f5f5f5f60c087890312156108f7575f5ffd5b86516109028161066e565b6020880151604089015160608a015160808b015160a08c0151949a50929850909650945092506109318161066e565b809150509295509295509295565b81835281816020850137505f828201602090810191909152601f909101601f19169091010190565b60a081525f61097960a083018a610829565b6001600160401b038916602084015287604084015282810360608401526109a181878961093f565b905082810360808401526109b681858761093f565b9a9950505050505050505050565b634e487b7160e01b5f52604160045260245ffd5b5f5f6001600160401b038411156109f1576109f16109c4565b50604051601f19601f85018116603f011681018181106001600160401b0382111715610a1f57610a1f6109c4565b604052838152905080828401851015610a36575f5ffd5b8383602083015e5f60208583010152509392505050565b5f82601f830112610a5c575f5ffd5b610667838351602085016109d8565b5f5f5f5f5f5f60c08789031215610a80575f5ffd5b86518015158114610a8f575f5ffd5b60208801519096506001600160401b03811115610aaa575f5ffd5b8701601f81018913610aba575f5ffd5b610ac9898251602084016109d8565b95505060408701516001600160401b03811115610ae4575f5ffd5b610af089828a01610a4d565b60608901519095509350610b089050608088016108d2565b9150610b1660a088016108d2565b90509295509295509295565b601f821115610b6957805f5260205f20601f840160051c81016020851015610b475750805b601f840160051c820191505b81811015610b66575f8155600101610b53565b50505b505050565b81516001600160401b03811115610b8757610b876109c4565b610b9b81610b9584546107f1565b84610b22565b6020601f821160018114610bcd575f8315610bb65750848201515b5f19600385901b1c1916600184901b178455610b66565b5f84815260208120601f198516915b82811015610bfc5787850151825560209485019460019092019101610bdc565b5084821015610c1957868401515f19600387901b60f8161c191681555b50505050600190811b0190555056fea2646970667358221220c1a486e6a9e494fa9266a4544e7eb88563e5637a125f1dfd4af6ef4917a870f464736f6c634300081c0033",
}

// RemoteEvidenceCheck is an auto generated Go binding around an Ethereum contract.
type RemoteEvidenceCheck struct {
	abi abi.ABI
}

// NewRemoteEvidenceCheck creates a new instance of RemoteEvidenceCheck.
func NewRemoteEvidenceCheck() *RemoteEvidenceCheck {
	parsed, err := RemoteEvidenceCheckMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &RemoteEvidenceCheck{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *RemoteEvidenceCheck) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(string chainId) returns()
func (remoteEvidenceCheck *RemoteEvidenceCheck) PackConstructor(chainId string) []byte {
	enc, err := remoteEvidenceCheck.abi.Pack("", chainId)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackAttest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x94f50a12.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function attest(uint64 height, bytes32 id, bytes evidence, bytes proof) returns(uint64 depositTimeMs)
func (remoteEvidenceCheck *RemoteEvidenceCheck) PackAttest(height uint64, id [32]byte, evidence []byte, proof []byte) []byte {
	enc, err := remoteEvidenceCheck.abi.Pack("attest", height, id, evidence, proof)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAttest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x94f50a12.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function attest(uint64 height, bytes32 id, bytes evidence, bytes proof) returns(uint64 depositTimeMs)
func (remoteEvidenceCheck *RemoteEvidenceCheck) TryPackAttest(height uint64, id [32]byte, evidence []byte, proof []byte) ([]byte, error) {
	return remoteEvidenceCheck.abi.Pack("attest", height, id, evidence, proof)
}

// UnpackAttest is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x94f50a12.
//
// Solidity: function attest(uint64 height, bytes32 id, bytes evidence, bytes proof) returns(uint64 depositTimeMs)
func (remoteEvidenceCheck *RemoteEvidenceCheck) UnpackAttest(data []byte) (uint64, error) {
	out, err := remoteEvidenceCheck.abi.Unpack("attest", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackDepositTime is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x968b098f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function depositTime(bytes32 id) view returns(bool proven, uint64 timeMs)
func (remoteEvidenceCheck *RemoteEvidenceCheck) PackDepositTime(id [32]byte) []byte {
	enc, err := remoteEvidenceCheck.abi.Pack("depositTime", id)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDepositTime is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x968b098f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function depositTime(bytes32 id) view returns(bool proven, uint64 timeMs)
func (remoteEvidenceCheck *RemoteEvidenceCheck) TryPackDepositTime(id [32]byte) ([]byte, error) {
	return remoteEvidenceCheck.abi.Pack("depositTime", id)
}

// DepositTimeOutput serves as a container for the return parameters of contract
// method DepositTime.
type DepositTimeOutput struct {
	Proven bool
	TimeMs uint64
}

// UnpackDepositTime is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x968b098f.
//
// Solidity: function depositTime(bytes32 id) view returns(bool proven, uint64 timeMs)
func (remoteEvidenceCheck *RemoteEvidenceCheck) UnpackDepositTime(data []byte) (DepositTimeOutput, error) {
	out, err := remoteEvidenceCheck.abi.Unpack("depositTime", data)
	outstruct := new(DepositTimeOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Proven = *abi.ConvertType(out[0], new(bool)).(*bool)
	outstruct.TimeMs = *abi.ConvertType(out[1], new(uint64)).(*uint64)
	return *outstruct, nil
}

// PackLatestRemoteHeader is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4c6b2a7d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function latestRemoteHeader() view returns(uint64 height, bytes32 blockHash, uint64 timeMs)
func (remoteEvidenceCheck *RemoteEvidenceCheck) PackLatestRemoteHeader() []byte {
	enc, err := remoteEvidenceCheck.abi.Pack("latestRemoteHeader")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLatestRemoteHeader is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4c6b2a7d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function latestRemoteHeader() view returns(uint64 height, bytes32 blockHash, uint64 timeMs)
func (remoteEvidenceCheck *RemoteEvidenceCheck) TryPackLatestRemoteHeader() ([]byte, error) {
	return remoteEvidenceCheck.abi.Pack("latestRemoteHeader")
}

// LatestRemoteHeaderOutput serves as a container for the return parameters of contract
// method LatestRemoteHeader.
type LatestRemoteHeaderOutput struct {
	Height    uint64
	BlockHash [32]byte
	TimeMs    uint64
}

// UnpackLatestRemoteHeader is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x4c6b2a7d.
//
// Solidity: function latestRemoteHeader() view returns(uint64 height, bytes32 blockHash, uint64 timeMs)
func (remoteEvidenceCheck *RemoteEvidenceCheck) UnpackLatestRemoteHeader(data []byte) (LatestRemoteHeaderOutput, error) {
	out, err := remoteEvidenceCheck.abi.Unpack("latestRemoteHeader", data)
	outstruct := new(LatestRemoteHeaderOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Height = *abi.ConvertType(out[0], new(uint64)).(*uint64)
	outstruct.BlockHash = *abi.ConvertType(out[1], new([32]byte)).(*[32]byte)
	outstruct.TimeMs = *abi.ConvertType(out[2], new(uint64)).(*uint64)
	return *outstruct, nil
}

// PackRecord is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb5c645bd.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function record(bytes32 id) view returns((bytes,string,bytes32,uint64,uint64,uint64))
func (remoteEvidenceCheck *RemoteEvidenceCheck) PackRecord(id [32]byte) []byte {
	enc, err := remoteEvidenceCheck.abi.Pack("record", id)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRecord is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb5c645bd.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function record(bytes32 id) view returns((bytes,string,bytes32,uint64,uint64,uint64))
func (remoteEvidenceCheck *RemoteEvidenceCheck) TryPackRecord(id [32]byte) ([]byte, error) {
	return remoteEvidenceCheck.abi.Pack("record", id)
}

// UnpackRecord is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xb5c645bd.
//
// Solidity: function record(bytes32 id) view returns((bytes,string,bytes32,uint64,uint64,uint64))
func (remoteEvidenceCheck *RemoteEvidenceCheck) UnpackRecord(data []byte) (RemoteEvidenceCheckAttested, error) {
	out, err := remoteEvidenceCheck.abi.Unpack("record", data)
	if err != nil {
		return *new(RemoteEvidenceCheckAttested), err
	}
	out0 := *abi.ConvertType(out[0], new(RemoteEvidenceCheckAttested)).(*RemoteEvidenceCheckAttested)
	return out0, nil
}

// PackRemoteChain is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06216fa0.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function remoteChain() view returns(string)
func (remoteEvidenceCheck *RemoteEvidenceCheck) PackRemoteChain() []byte {
	enc, err := remoteEvidenceCheck.abi.Pack("remoteChain")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRemoteChain is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06216fa0.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function remoteChain() view returns(string)
func (remoteEvidenceCheck *RemoteEvidenceCheck) TryPackRemoteChain() ([]byte, error) {
	return remoteEvidenceCheck.abi.Pack("remoteChain")
}

// UnpackRemoteChain is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x06216fa0.
//
// Solidity: function remoteChain() view returns(string)
func (remoteEvidenceCheck *RemoteEvidenceCheck) UnpackRemoteChain(data []byte) (string, error) {
	out, err := remoteEvidenceCheck.abi.Unpack("remoteChain", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// RemoteEvidenceCheckRemoteEvidenceAttested represents a RemoteEvidenceAttested event raised by the RemoteEvidenceCheck contract.
type RemoteEvidenceCheckRemoteEvidenceAttested struct {
	Id            [32]byte
	Owner         [32]byte
	DepositTimeMs uint64
	RemoteHeight  uint64
	Raw           *types.Log // Blockchain specific contextual infos
}

const RemoteEvidenceCheckRemoteEvidenceAttestedEventName = "RemoteEvidenceAttested"

// ContractEventName returns the user-defined event name.
func (RemoteEvidenceCheckRemoteEvidenceAttested) ContractEventName() string {
	return RemoteEvidenceCheckRemoteEvidenceAttestedEventName
}

// UnpackRemoteEvidenceAttestedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RemoteEvidenceAttested(bytes32 indexed id, bytes32 indexed owner, uint64 depositTimeMs, uint64 remoteHeight)
func (remoteEvidenceCheck *RemoteEvidenceCheck) UnpackRemoteEvidenceAttestedEvent(log *types.Log) (*RemoteEvidenceCheckRemoteEvidenceAttested, error) {
	event := "RemoteEvidenceAttested"
	if len(log.Topics) == 0 || log.Topics[0] != remoteEvidenceCheck.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(RemoteEvidenceCheckRemoteEvidenceAttested)
	if len(log.Data) > 0 {
		if err := remoteEvidenceCheck.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range remoteEvidenceCheck.abi.Events[event].Inputs {
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
