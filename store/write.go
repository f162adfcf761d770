package store

import "github.com/causeway/causeway/state"

// Write is one change to the flat state (Value nil deletes Key), or one new
// node of the state tree. It is package state's Write: state owns the
// layout of keys and values and computes the commitment; the store persists
// them opaquely.
type Write = state.Write
