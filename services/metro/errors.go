package metro

import (
	"errors"
	"fmt"
	"strings"
)

// Errors of the scenario. A refusal by the contract is a *RefusedError,
// which also matches (errors.Is) the sentinel for its reason below.
var (
	ErrBadInput = errors.New("metro: bad input")
	// ErrRefused matches every refusal by the contract or the chain.
	ErrRefused            = errors.New("metro: refused")
	ErrNotACity           = errors.New("metro: not an active city")
	ErrRideExists         = errors.New("metro: ride exists")
	ErrUnknownRide        = errors.New("metro: unknown ride")
	ErrFareOutsideRules   = errors.New("metro: fare outside the city's rules")
	ErrAlreadyPaid        = errors.New("metro: already paid")
	ErrNotPaid            = errors.New("metro: the ride is not paid")
	ErrInvoiceExists      = errors.New("metro: the ride already has an invoice")
	ErrInvoiceNumberUsed  = errors.New("metro: invoice number used")
	ErrAlreadyReimbursed  = errors.New("metro: already reimbursed")
	ErrNotAnEmployer      = errors.New("metro: not a registered employer")
	ErrSettlementPending  = errors.New("metro: a settlement is pending")
	ErrAmountDiffers      = errors.New("metro: the amount differs")
	ErrNoPendingSettlment = errors.New("metro: no pending settlement")
	ErrNoActiveMark       = errors.New("metro: no active mark")
	ErrNotTheRideCity     = errors.New("metro: only the ride city issues its invoice")
	ErrNotTheHomeCity     = errors.New("metro: not the ride's home city")
	ErrCityExists         = errors.New("metro: city exists")
	ErrNotAppealed        = errors.New("metro: the mark is not appealed")
	ErrAlreadyVoted       = errors.New("metro: already voted")
	ErrNoMarkByThisCity   = errors.New("metro: no active mark by this city")
	ErrNothingToSettle    = errors.New("metro: nothing to settle through this ride")
)

var reasons = []error{ErrNotACity, ErrRideExists, ErrUnknownRide, ErrFareOutsideRules, ErrAlreadyPaid,
	ErrNotPaid, ErrInvoiceExists, ErrInvoiceNumberUsed, ErrAlreadyReimbursed, ErrNotAnEmployer,
	ErrSettlementPending, ErrAmountDiffers, ErrNoPendingSettlment, ErrNoActiveMark, ErrNotTheRideCity, ErrNotTheHomeCity, ErrCityExists, ErrNotAppealed, ErrAlreadyVoted, ErrNoMarkByThisCity, ErrNothingToSettle}

// RefusedError is an operation the chain refused: its receipt's error code
// and reason (for a contract revert, the contract's reason).
type RefusedError struct {
	Op     string
	Code   string
	Reason string
}

func (e *RefusedError) Error() string {
	return fmt.Sprintf("metro: %s refused: %s (%s)", e.Op, e.Reason, e.Code)
}

// Is matches ErrRefused and the sentinel whose text the reason carries.
func (e *RefusedError) Is(target error) bool {
	if target == ErrRefused {
		return true
	}
	for _, r := range reasons {
		if target == r {
			return strings.Contains(e.Reason, r.Error())
		}
	}
	return false
}

func asRefused(err error, re **RefusedError) bool { return errors.As(err, re) }
