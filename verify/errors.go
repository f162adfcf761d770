package verify

import (
	"errors"
	"fmt"
)

// Kinds of verification failure. An *Error's Kind is one of them (or a kind
// defined by a package built on this one, such as services/evidence);
// errors.Is(err, ErrSignature) tests for it.
var (
	// ErrMalformed: a required part of the proof is missing or has the
	// wrong shape (a nil header, a hash of the wrong size, bytes that do
	// not decode).
	ErrMalformed = errors.New("malformed proof")
	// ErrGenesis: the proof is for another chain or genesis than the one
	// the verifier trusts.
	ErrGenesis = errors.New("wrong chain or genesis")
	// ErrConfigChain: a configuration change is not proven: out of order,
	// its value is not under its header's state root, or too few of the
	// previous node set vouch for it.
	ErrConfigChain = errors.New("configuration chain does not verify")
	// ErrHeader: a header is not the one the proof needs: wrong chain id or
	// height, or it does not link to the previous block.
	ErrHeader = errors.New("block header does not verify")
	// ErrConfig: the configuration in force at a signed header is not the
	// one the configuration chain gives, or is not under its state root.
	ErrConfig = errors.New("configuration in force does not verify")
	// ErrSignature: a commit signature does not verify, is by a node
	// outside the node set in force, or is repeated.
	ErrSignature = errors.New("commit signature does not verify")
	// ErrQuorum: fewer distinct nodes signed than the node set's quorum.
	ErrQuorum = errors.New("insufficient commit quorum")
	// ErrTxInclusion: the transaction is not under the block's tx root.
	ErrTxInclusion = errors.New("transaction inclusion proof does not verify")
	// ErrReceiptInclusion: the receipt is not under the next block's
	// receipt root, or does not belong to the transaction.
	ErrReceiptInclusion = errors.New("receipt inclusion proof does not verify")
	// ErrTransaction: the transaction itself is wrong: another chain, or
	// a signature that does not verify.
	ErrTransaction = errors.New("transaction does not verify")
	// ErrStateProof: a state value or absence is not under the state root.
	ErrStateProof = errors.New("state proof does not verify")
)

// Error is a verification failure: what failed (Kind), where in the proof
// (Path, such as "config_chain.changes[1].header.signatures[2]"), at which
// block height when that applies, why (Detail), and the underlying error if
// any (Err: a merkle or smt error, a signature error).
type Error struct {
	Kind   error
	Path   string
	Height uint64
	Detail string
	Err    error
}

func (e *Error) Error() string {
	msg := e.Kind.Error()
	if e.Path != "" {
		msg = e.Path + ": " + msg
	}
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Is reports whether target is e's Kind.
func (e *Error) Is(target error) bool { return target == e.Kind }

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// fail returns an *Error.
func fail(kind error, path string, height uint64, err error, format string, args ...any) *Error {
	return &Error{Kind: kind, Path: path, Height: height, Detail: fmt.Sprintf(format, args...), Err: err}
}

// Prefixed returns err with prefix prepended to its Path when err is an
// *Error (so that a package embedding proofs can say where they sit, e.g.
// "anchors[1].tx_proof"), or err unchanged.
func Prefixed(prefix string, err error) error {
	var e *Error
	if !errors.As(err, &e) {
		return err
	}
	c := *e
	if c.Path == "" {
		c.Path = prefix
	} else {
		c.Path = prefix + "." + c.Path
	}
	return &c
}
