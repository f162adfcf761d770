package trace

import (
	"errors"
	"fmt"
	"strings"
)

// Errors of the scenario. A refusal by the contract is a *RefusedError,
// which also matches (errors.Is) the sentinel whose text its reason
// carries.
var (
	ErrBadInput = errors.New("trace: bad input")
	// ErrUnknownCode is a code that no batch issued: malformed, of no
	// batch, past the batch's items, or with a signature that the batch's
	// code key did not make (a forged code).
	ErrUnknownCode = errors.New("trace: unknown code")
	// ErrRefused matches every refusal by the contract or the chain.
	ErrRefused = errors.New("trace: refused")

	ErrWrongRole       = errors.New("trace: wrong role")
	ErrOutOfOrder      = errors.New("trace: out of order")
	ErrUnknownBatch    = errors.New("trace: unknown batch")
	ErrUnknownProduct  = errors.New("trace: unknown product")
	ErrNotTheProducer  = errors.New("trace: only the product's producer makes its batches")
	ErrRejected        = errors.New("trace: the batch was rejected")
	ErrProductExists   = errors.New("trace: product exists")
	ErrUnknownItem     = errors.New("trace: unknown item")
	ErrNotAMember      = errors.New("trace: only a member flags an item")
	ErrNotTheAdmin     = errors.New("trace: only the admin sets members")
	ErrCannotReject    = errors.New("trace: only inspection and customs reject a batch")
	ErrBadBatchSize    = errors.New("trace: a batch has 1 to 1000000 items")
	ErrMemoTooLong     = errors.New("trace: memo over 96 bytes")
	ErrUnknownStepCode = errors.New("trace: unknown step")
)

// reasons maps each sentinel to the text of the contract's revert reasons
// it matches.
var reasons = map[error]string{
	ErrWrongRole:       "; the caller's role is ",
	ErrOutOfOrder:      "trace: out of order",
	ErrUnknownBatch:    "trace: unknown batch",
	ErrUnknownProduct:  "trace: unknown product",
	ErrNotTheProducer:  ErrNotTheProducer.Error(),
	ErrRejected:        ErrRejected.Error(),
	ErrProductExists:   ErrProductExists.Error(),
	ErrUnknownItem:     ErrUnknownItem.Error(),
	ErrNotAMember:      ErrNotAMember.Error(),
	ErrNotTheAdmin:     ErrNotTheAdmin.Error(),
	ErrCannotReject:    ErrCannotReject.Error(),
	ErrBadBatchSize:    ErrBadBatchSize.Error(),
	ErrMemoTooLong:     ErrMemoTooLong.Error(),
	ErrUnknownStepCode: "trace: unknown step",
}

// RefusedError is an operation the chain refused: its receipt's error code
// and reason (for a contract revert, the contract's reason).
type RefusedError struct {
	Op     string
	Code   string
	Reason string
}

func (e *RefusedError) Error() string {
	return fmt.Sprintf("trace: %s refused: %s (%s)", e.Op, e.Reason, e.Code)
}

// Is matches ErrRefused and the sentinel whose text the reason carries.
func (e *RefusedError) Is(target error) bool {
	if target == ErrRefused {
		return true
	}
	if s, ok := reasons[target]; ok {
		return strings.Contains(e.Reason, s)
	}
	return false
}
