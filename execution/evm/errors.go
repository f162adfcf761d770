package evm

import (
	"errors"

	"github.com/causeway/causeway/types"
	"github.com/ethereum/go-ethereum/core/vm"
)

// Failures of a message, reported in Result.Err (test with errors.Is). The
// EVM's own errors (vm.ErrWriteProtection, vm.ErrDepth, vm.ErrInvalidCode,
// ...) are reported as they are.
var (
	// ErrReverted: the code executed REVERT (Solidity require, revert); the
	// message's remaining gas was returned. Result.RevertReason holds the
	// decoded reason when the revert data is Error(string) or Panic(uint256).
	ErrReverted = vm.ErrExecutionReverted
	// ErrOutOfGas: the message ran out of gas; all of its gas was used.
	ErrOutOfGas = vm.ErrOutOfGas
	// ErrUnknownSender: the sending account does not exist.
	ErrUnknownSender = errors.New("evm: sender account does not exist")
	// ErrInvalidAddress: a contract address is not 20 bytes.
	ErrInvalidAddress = errors.New("evm: a contract address must be 20 bytes")
	// ErrEmptyCode: a deployment without creation code.
	ErrEmptyCode = errors.New("evm: creation code is empty")
	// ErrIntrinsicGas: the gas limit does not cover the intrinsic gas.
	ErrIntrinsicGas = errors.New("evm: gas limit is below the intrinsic gas")
	// ErrGasLimit: the message's gas limit exceeds the block's.
	ErrGasLimit = errors.New("evm: gas limit exceeds the block gas limit")
	// ErrInsufficientFunds: the sender cannot pay the value it sends.
	ErrInsufficientFunds = errors.New("evm: insufficient balance")
	// ErrBalanceOverflow: a credit would take a balance past 2^64-1, the
	// largest Causeway balance. The whole message fails.
	ErrBalanceOverflow = errors.New("evm: balance overflow")
	// ErrAddressTaken: the EVM address of an identity belongs to another
	// identity in the reverse index.
	ErrAddressTaken = errors.New("evm: address belongs to another identity")
	// ErrInternal: the EVM panicked. The message fails and writes nothing.
	ErrInternal = errors.New("evm: internal error")
)

// Receipt error codes of EVM failures that have no types.Code of their own.
const (
	CodeReverted types.Code = "reverted"
	CodeOutOfGas types.Code = "out_of_gas"
	CodeGasLimit types.Code = "gas_limit"
	CodeOverflow types.Code = "balance_overflow"
	CodeEVM      types.Code = "evm_error"
)

// ErrorCode returns the stable receipt error code of a Result.Err: "" for
// nil, CodeReverted, CodeOutOfGas, CodeGasLimit, CodeOverflow, one of the
// types.Code constants (unknown_account, insufficient_funds,
// invalid_payload, account_exists), or CodeEVM for any other EVM failure.
func ErrorCode(err error) types.Code {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, vm.ErrExecutionReverted):
		return CodeReverted
	case errors.Is(err, vm.ErrOutOfGas), errors.Is(err, vm.ErrCodeStoreOutOfGas), errors.Is(err, vm.ErrGasUintOverflow):
		return CodeOutOfGas
	case errors.Is(err, ErrGasLimit):
		return CodeGasLimit
	case errors.Is(err, ErrBalanceOverflow):
		return CodeOverflow
	case errors.Is(err, ErrUnknownSender):
		return types.CodeUnknownAccount
	case errors.Is(err, ErrInsufficientFunds), errors.Is(err, vm.ErrInsufficientBalance):
		return types.CodeInsufficientFunds
	case errors.Is(err, ErrInvalidAddress), errors.Is(err, ErrEmptyCode), errors.Is(err, ErrIntrinsicGas),
		errors.Is(err, vm.ErrMaxInitCodeSizeExceeded):
		return types.CodeInvalidPayload
	case errors.Is(err, ErrAddressTaken), errors.Is(err, vm.ErrContractAddressCollision):
		return types.CodeAccountExists
	default:
		return CodeEVM
	}
}
