package types

import (
	"errors"
	"fmt"
)

// Code is a stable, machine-readable reason a transaction was refused or failed.
type Code string

// Reasons for refusing a transaction before it is ordered (admission) or for
// failing it in execution (receipt error codes).
const (
	CodeMalformed         Code = "malformed"
	CodeTooLarge          Code = "too_large"
	CodeWrongChain        Code = "wrong_chain"
	CodeBadSignature      Code = "bad_signature"
	CodeNoSignature       Code = "no_signature"
	CodeExpired           Code = "expired"
	CodeFuture            Code = "future_timestamp"
	CodeBadValidity       Code = "bad_validity"
	CodeDuplicate         Code = "duplicate"
	CodePoolFull          Code = "pool_full"
	CodeUnauthorized      Code = "unauthorized"
	CodeUnknownAccount    Code = "unknown_account"
	CodeAccountExists     Code = "account_exists"
	CodeInsufficientFunds Code = "insufficient_funds"
	CodeAccountFrozen     Code = "account_frozen"
	CodeInvalidPayload    Code = "invalid_payload"
	CodeUnknownType       Code = "unknown_type"
	CodeUnavailable       Code = "unavailable"
	// CodeBlockGasFull: the block's remaining gas cannot cover a contract
	// transaction's gas limit (execution/evm has the other contract codes).
	CodeBlockGasFull Code = "block_gas_limit"
)

// TxError is a typed refusal of a transaction: a Code plus a readable reason.
type TxError struct {
	Code   Code
	Reason string
}

func (e *TxError) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Reason) }

// Errorf makes a *TxError.
func Errorf(code Code, format string, args ...any) *TxError {
	return &TxError{Code: code, Reason: fmt.Sprintf(format, args...)}
}

// CodeOf returns the Code of err if it is (or wraps) a *TxError, else "".
func CodeOf(err error) Code {
	var te *TxError
	if errors.As(err, &te) {
		return te.Code
	}
	return ""
}
