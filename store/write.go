package store

// Write is one change to the flat state: Value nil deletes Key.
type Write struct {
	Key   []byte
	Value []byte
}
