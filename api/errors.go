package api

import "errors"

// ErrNotFound is returned by a Backend for a block, transaction, account or
// evidence that does not exist (yet).
var ErrNotFound = errors.New("not found")
