package store

import (
	"errors"
	"fmt"
)

var (
	// ErrNotFound is returned (possibly wrapped; test with errors.Is) when a
	// block, transaction or receipt is not in the store.
	ErrNotFound = errors.New("store: not found")
	// ErrOutOfOrder is returned (wrapped in an *OrderError) when a commit does
	// not extend the head: wrong height or wrong parent hash. The store is
	// unchanged.
	ErrOutOfOrder = errors.New("store: block out of order")
	// ErrInvalid is returned (wrapped) when a commit is malformed: nil block or
	// header, nil transactions or receipts, or receipts that do not match the
	// block's transactions one for one. The store is unchanged.
	ErrInvalid = errors.New("store: invalid commit")
	// ErrClosed is returned by every method called after Close.
	ErrClosed = errors.New("store: closed")
	// ErrCorrupt is returned (wrapped) when stored data cannot be decoded or is
	// inconsistent, or when the store was written by an unknown schema version.
	ErrCorrupt = errors.New("store: corrupt data")
)

// OrderError describes a refused out-of-order commit. errors.Is(err,
// ErrOutOfOrder) is true for it.
type OrderError struct {
	// Head is the store's head when the commit was refused.
	Head Head
	// Height and PrevHash are those of the refused block's header.
	Height   uint64
	PrevHash []byte
}

func (e *OrderError) Error() string {
	if e.Head.Empty {
		return fmt.Sprintf("store: block out of order: store is empty, want height 0, got %d", e.Height)
	}
	if e.Height != e.Head.Height+1 {
		return fmt.Sprintf("store: block out of order: head is %d, want height %d, got %d",
			e.Head.Height, e.Head.Height+1, e.Height)
	}
	return fmt.Sprintf("store: block out of order: height %d has prev hash %x, head hash is %s",
		e.Height, e.PrevHash, e.Head.Hash)
}

// Is reports whether target is ErrOutOfOrder.
func (e *OrderError) Is(target error) bool { return target == ErrOutOfOrder }

func notFound(what string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrNotFound, fmt.Sprintf(what, args...))
}

func corrupt(what string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrCorrupt, fmt.Sprintf(what, args...))
}

func invalid(what string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(what, args...))
}
