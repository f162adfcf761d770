// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package escrow

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

// EscrowMetaData contains all meta data concerning the Escrow contract.
var EscrowMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"addresspayable\",\"name\":\"seller_\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"arbiter_\",\"type\":\"address\"}],\"stateMutability\":\"payable\",\"type\":\"constructor\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"Refunded\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"Released\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"amount\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"arbiter\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"buyer\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"isLocked\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"refund\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"release\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"seller\",\"outputs\":[{\"internalType\":\"addresspayable\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"state\",\"outputs\":[{\"internalType\":\"enumEscrow.State\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "Escrow",
	Bin: "0x6101006040526040516109c43803806109c483398101604081905261002391610119565b5f34116100775760405162461bcd60e51b815260206004820152601960248201527f457363726f773a206e6f7468696e67206465706f73697465640000000000000060448201526064015b60405180910390fd5b6001600160a01b0382161580159061009757506001600160a01b03811615155b6100e35760405162461bcd60e51b815260206004820152601460248201527f457363726f773a207a65726f2061646472657373000000000000000000000000604482015260640161006e565b336080526001600160a01b0391821660a0521660c0523460e052610151565b6001600160a01b0381168114610116575f5ffd5b50565b5f5f6040838503121561012a575f5ffd5b825161013581610102565b602084015190925061014681610102565b809150509250929050565b60805160a05160c05160e0516107ee6101d65f395f818161011f0152818161034c015281816104500152818161064b015261075001525f818161016d0152818161022a015261052901525f8181608e015281816101f801528181610628015261070501525f818160dc015281816103290152818161040501526104f701526107ee5ff3fe608060405234801561000f575f5ffd5b5060043610610085575f3560e01c8063a4e2d63411610058578063a4e2d63414610106578063aa8c217c1461011a578063c19d93fb1461014f578063fe25e00a14610168575f5ffd5b806308551a5314610089578063590e1ae3146100cd5780637150d8ae146100d757806386d1a69f146100fe575b5f5ffd5b6100b07f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b0390911681526020015b60405180910390f35b6100d561018f565b005b6100b07f000000000000000000000000000000000000000000000000000000000000000081565b6100d5610493565b60405160ff5f5c16151581526020016100c4565b6101417f000000000000000000000000000000000000000000000000000000000000000081565b6040519081526020016100c4565b5f5461015b9060ff1681565b6040516100c49190610792565b6100b07f000000000000000000000000000000000000000000000000000000000000000081565b60ff5f5c16156101df5760405162461bcd60e51b8152602060048201526016602482015275115cd8dc9bddce881c99595b9d1c985b9d0818d85b1b60521b60448201526064015b60405180910390fd5b60015f805c60ff19168217905d50336001600160a01b037f000000000000000000000000000000000000000000000000000000000000000016148061024c5750336001600160a01b037f000000000000000000000000000000000000000000000000000000000000000016145b6102b25760405162461bcd60e51b815260206004820152603160248201527f457363726f773a206f6e6c79207468652073656c6c6572206f722074686520616044820152701c989a5d195c881b585e481c99599d5b99607a1b60648201526084016101d6565b5f5f5460ff1660028111156102c9576102c961077e565b146103105760405162461bcd60e51b8152602060048201526017602482015276115cd8dc9bddce88185b1c9958591e481cd95d1d1b1959604a1b60448201526064016101d6565b5f805460ff191660021781556040516001600160a01b037f000000000000000000000000000000000000000000000000000000000000000016907f0000000000000000000000000000000000000000000000000000000000000000908381818185875af1925050503d805f81146103a2576040519150601f19603f3d011682016040523d82523d5f602084013e6103a7565b606091505b50509050806104035760405162461bcd60e51b815260206004820152602260248201527f457363726f773a20726566756e6420746f20746865206275796572206661696c604482015261195960f21b60648201526084016101d6565b7f00000000000000000000000000000000000000000000000000000000000000006001600160a01b03167fd7dee2702d63ad89917b6a4da9981c90c4d24f8c2bdfd64c604ecae57d8d06517f000000000000000000000000000000000000000000000000000000000000000060405161047e91815260200190565b60405180910390a2505f60ff19815c16815d50565b60ff5f5c16156104de5760405162461bcd60e51b8152602060048201526016602482015275115cd8dc9bddce881c99595b9d1c985b9d0818d85b1b60521b60448201526064016101d6565b60015f805c60ff19168217905d50336001600160a01b037f000000000000000000000000000000000000000000000000000000000000000016148061054b5750336001600160a01b037f000000000000000000000000000000000000000000000000000000000000000016145b6105b15760405162461bcd60e51b815260206004820152603160248201527f457363726f773a206f6e6c7920746865206275796572206f72207468652061726044820152706269746572206d61792072656c6561736560781b60648201526084016101d6565b5f5f5460ff1660028111156105c8576105c861077e565b1461060f5760405162461bcd60e51b8152602060048201526017602482015276115cd8dc9bddce88185b1c9958591e481cd95d1d1b1959604a1b60448201526064016101d6565b5f805460ff191660011781556040516001600160a01b037f000000000000000000000000000000000000000000000000000000000000000016907f0000000000000000000000000000000000000000000000000000000000000000908381818185875af1925050503d805f81146106a1576040519150601f19603f3d011682016040523d82523d5f602084013e6106a6565b606091505b50509050806107035760405162461bcd60e51b8152602060048201526024808201527f457363726f773a207061796d656e7420746f207468652073656c6c65722066616044820152631a5b195960e21b60648201526084016101d6565b7f00000000000000000000000000000000000000000000000000000000000000006001600160a01b03167fb21fb52d5749b80f3182f8c6992236b5e5576681880914484d7f4c9b062e619e7f000000000000000000000000000000000000000000000000000000000000000060405161047e91815260200190565b634e487b7160e01b5f52602160045260245ffd5b60208101600383106107b257634e487b7160e01b5f52602160045260245ffd5b9190529056fea26469706673582212201e130f6c1228a74cbc27dc5807a2693e1300a54d7844280769016c43f3a7853064736f6c634300081c0033",
}

// Escrow is an auto generated Go binding around an Ethereum contract.
type Escrow struct {
	abi abi.ABI
}

// NewEscrow creates a new instance of Escrow.
func NewEscrow() *Escrow {
	parsed, err := EscrowMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &Escrow{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *Escrow) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address seller_, address arbiter_) payable returns()
func (escrow *Escrow) PackConstructor(seller_ common.Address, arbiter_ common.Address) []byte {
	enc, err := escrow.abi.Pack("", seller_, arbiter_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackAmount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xaa8c217c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function amount() view returns(uint256)
func (escrow *Escrow) PackAmount() []byte {
	enc, err := escrow.abi.Pack("amount")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAmount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xaa8c217c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function amount() view returns(uint256)
func (escrow *Escrow) TryPackAmount() ([]byte, error) {
	return escrow.abi.Pack("amount")
}

// UnpackAmount is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xaa8c217c.
//
// Solidity: function amount() view returns(uint256)
func (escrow *Escrow) UnpackAmount(data []byte) (*big.Int, error) {
	out, err := escrow.abi.Unpack("amount", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackArbiter is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfe25e00a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function arbiter() view returns(address)
func (escrow *Escrow) PackArbiter() []byte {
	enc, err := escrow.abi.Pack("arbiter")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackArbiter is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfe25e00a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function arbiter() view returns(address)
func (escrow *Escrow) TryPackArbiter() ([]byte, error) {
	return escrow.abi.Pack("arbiter")
}

// UnpackArbiter is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xfe25e00a.
//
// Solidity: function arbiter() view returns(address)
func (escrow *Escrow) UnpackArbiter(data []byte) (common.Address, error) {
	out, err := escrow.abi.Unpack("arbiter", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackBuyer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7150d8ae.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function buyer() view returns(address)
func (escrow *Escrow) PackBuyer() []byte {
	enc, err := escrow.abi.Pack("buyer")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBuyer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7150d8ae.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function buyer() view returns(address)
func (escrow *Escrow) TryPackBuyer() ([]byte, error) {
	return escrow.abi.Pack("buyer")
}

// UnpackBuyer is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7150d8ae.
//
// Solidity: function buyer() view returns(address)
func (escrow *Escrow) UnpackBuyer(data []byte) (common.Address, error) {
	out, err := escrow.abi.Unpack("buyer", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackIsLocked is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa4e2d634.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function isLocked() view returns(bool)
func (escrow *Escrow) PackIsLocked() []byte {
	enc, err := escrow.abi.Pack("isLocked")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackIsLocked is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa4e2d634.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function isLocked() view returns(bool)
func (escrow *Escrow) TryPackIsLocked() ([]byte, error) {
	return escrow.abi.Pack("isLocked")
}

// UnpackIsLocked is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa4e2d634.
//
// Solidity: function isLocked() view returns(bool)
func (escrow *Escrow) UnpackIsLocked(data []byte) (bool, error) {
	out, err := escrow.abi.Unpack("isLocked", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackRefund is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x590e1ae3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function refund() returns()
func (escrow *Escrow) PackRefund() []byte {
	enc, err := escrow.abi.Pack("refund")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRefund is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x590e1ae3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function refund() returns()
func (escrow *Escrow) TryPackRefund() ([]byte, error) {
	return escrow.abi.Pack("refund")
}

// PackRelease is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x86d1a69f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function release() returns()
func (escrow *Escrow) PackRelease() []byte {
	enc, err := escrow.abi.Pack("release")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRelease is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x86d1a69f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function release() returns()
func (escrow *Escrow) TryPackRelease() ([]byte, error) {
	return escrow.abi.Pack("release")
}

// PackSeller is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x08551a53.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function seller() view returns(address)
func (escrow *Escrow) PackSeller() []byte {
	enc, err := escrow.abi.Pack("seller")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSeller is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x08551a53.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function seller() view returns(address)
func (escrow *Escrow) TryPackSeller() ([]byte, error) {
	return escrow.abi.Pack("seller")
}

// UnpackSeller is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x08551a53.
//
// Solidity: function seller() view returns(address)
func (escrow *Escrow) UnpackSeller(data []byte) (common.Address, error) {
	out, err := escrow.abi.Unpack("seller", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackState is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc19d93fb.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function state() view returns(uint8)
func (escrow *Escrow) PackState() []byte {
	enc, err := escrow.abi.Pack("state")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackState is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc19d93fb.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function state() view returns(uint8)
func (escrow *Escrow) TryPackState() ([]byte, error) {
	return escrow.abi.Pack("state")
}

// UnpackState is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xc19d93fb.
//
// Solidity: function state() view returns(uint8)
func (escrow *Escrow) UnpackState(data []byte) (uint8, error) {
	out, err := escrow.abi.Unpack("state", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// EscrowRefunded represents a Refunded event raised by the Escrow contract.
type EscrowRefunded struct {
	To     common.Address
	Amount *big.Int
	Raw    *types.Log // Blockchain specific contextual infos
}

const EscrowRefundedEventName = "Refunded"

// ContractEventName returns the user-defined event name.
func (EscrowRefunded) ContractEventName() string {
	return EscrowRefundedEventName
}

// UnpackRefundedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Refunded(address indexed to, uint256 amount)
func (escrow *Escrow) UnpackRefundedEvent(log *types.Log) (*EscrowRefunded, error) {
	event := "Refunded"
	if len(log.Topics) == 0 || log.Topics[0] != escrow.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(EscrowRefunded)
	if len(log.Data) > 0 {
		if err := escrow.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range escrow.abi.Events[event].Inputs {
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

// EscrowReleased represents a Released event raised by the Escrow contract.
type EscrowReleased struct {
	To     common.Address
	Amount *big.Int
	Raw    *types.Log // Blockchain specific contextual infos
}

const EscrowReleasedEventName = "Released"

// ContractEventName returns the user-defined event name.
func (EscrowReleased) ContractEventName() string {
	return EscrowReleasedEventName
}

// UnpackReleasedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Released(address indexed to, uint256 amount)
func (escrow *Escrow) UnpackReleasedEvent(log *types.Log) (*EscrowReleased, error) {
	event := "Released"
	if len(log.Topics) == 0 || log.Topics[0] != escrow.abi.Events[event].ID {
		return nil, errors.New("event signature mismatch")
	}
	out := new(EscrowReleased)
	if len(log.Data) > 0 {
		if err := escrow.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range escrow.abi.Events[event].Inputs {
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
