package store

import (
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/causeway/causeway/types"
	"github.com/cockroachdb/pebble/v2"
	"google.golang.org/protobuf/proto"
)

// getCopy returns a copy of the value under key and whether it exists. A
// present empty value is returned as a non-nil empty slice.
func getCopy(r pebble.Reader, key []byte) ([]byte, bool, error) {
	v, closer, err := r.Get(key)
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, corruptionOf("", err)
	}
	out := make([]byte, len(v))
	copy(out, v)
	return out, true, closer.Close()
}

// getProto decodes the value under key into m; found is false if absent.
func getProto(r pebble.Reader, key []byte, m proto.Message) (found bool, err error) {
	v, closer, err := r.Get(key)
	if errors.Is(err, pebble.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, corruptionOf("", err)
	}
	// Unmarshal copies bytes fields, so m does not alias v.
	err = proto.Unmarshal(v, m)
	if cerr := closer.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return true, corrupt("decode %x: %v", key, err)
	}
	return true, nil
}

func readHead(r pebble.Reader) (Head, error) {
	v, ok, err := getCopy(r, headKey)
	if err != nil {
		return Head{}, err
	}
	if !ok {
		return Head{Empty: true}, nil
	}
	return decodeHead(v)
}

func readBlock(r pebble.Reader, height uint64) (*types.Block, error) {
	b := &types.Block{}
	ok, err := getProto(r, blockKey(height), b)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, notFound("block %d", height)
	}
	return b, nil
}

func readBlockHash(r pebble.Reader, height uint64) (types.Hash, error) {
	v, ok, err := getCopy(r, heightIdxKey(height))
	if err != nil {
		return types.Hash{}, err
	}
	if !ok {
		return types.Hash{}, notFound("block %d", height)
	}
	h, err := types.HashOf(v)
	if err != nil {
		return types.Hash{}, corrupt("hash of block %d: %v", height, err)
	}
	return h, nil
}

func readBlockHeight(r pebble.Reader, h types.Hash) (uint64, error) {
	v, ok, err := getCopy(r, hashIdxKey(h))
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, notFound("block %s", h)
	}
	return decodeHeight(v)
}

func readBlockByHash(r pebble.Reader, h types.Hash) (*types.Block, error) {
	height, err := readBlockHeight(r, h)
	if err != nil {
		return nil, err
	}
	return readBlock(r, height)
}

func readTxLocation(r pebble.Reader, h types.Hash) (uint64, uint32, error) {
	v, ok, err := getCopy(r, txKey(h))
	if err != nil {
		return 0, 0, err
	}
	if !ok {
		return 0, 0, notFound("transaction %s", h)
	}
	return decodeTxLoc(v)
}

func readReceipt(r pebble.Reader, h types.Hash) (*types.Receipt, error) {
	height, index, err := readTxLocation(r, h)
	if err != nil {
		return nil, err
	}
	rc := &types.Receipt{}
	ok, err := getProto(r, receiptKey(height, index), rc)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, corrupt("receipt of transaction %s at %d/%d missing", h, height, index)
	}
	return rc, nil
}

func readReceipts(r pebble.Reader, height uint64) ([]*types.Receipt, error) {
	// The height index is written in the same batch as the receipts, so its
	// presence means the block and all of its receipts are visible.
	if _, err := readBlockHash(r, height); err != nil {
		return nil, err
	}
	lower := appendHeightKey(nil, prefixReceipt, height)
	it, err := r.NewIter(&pebble.IterOptions{LowerBound: lower, UpperBound: upperBound(lower)})
	if err != nil {
		return nil, err
	}
	out := []*types.Receipt{}
	for valid := it.First(); valid; valid = it.Next() {
		v, err := it.ValueAndErr()
		if err != nil {
			_ = it.Close()
			return nil, corruptionOf("", err)
		}
		rc := &types.Receipt{}
		if err := proto.Unmarshal(v, rc); err != nil {
			_ = it.Close()
			return nil, corrupt("decode receipt %x: %v", it.Key(), err)
		}
		out = append(out, rc)
	}
	if err := it.Close(); err != nil {
		return nil, corruptionOf("", err)
	}
	return out, nil
}

func readState(r pebble.Reader, key []byte) ([]byte, error) {
	v, _, err := getCopy(r, stateKey(key))
	return v, err
}

func scanState(r pebble.Reader, prefix []byte, fn func(key, value []byte) error) error {
	lower := stateKey(prefix)
	it, err := r.NewIter(&pebble.IterOptions{LowerBound: lower, UpperBound: upperBound(lower)})
	if err != nil {
		return err
	}
	for valid := it.First(); valid; valid = it.Next() {
		v, err := it.ValueAndErr()
		if err == nil {
			err = fn(it.Key()[1:], v)
		}
		if err != nil {
			_ = it.Close()
			return corruptionOf("", err)
		}
	}
	return corruptionOf("", it.Close())
}

// Block returns the block at height, decoded from its stored protobuf; the
// caller owns the result. ErrNotFound if height is above the head.
// Cost: one point read and a protobuf decode of the whole block.
func (s *Store) Block(height uint64) (*types.Block, error) {
	if err := s.acquire(); err != nil {
		return nil, err
	}
	defer s.release()
	return readBlock(s.db, height)
}

// BlockHash returns the hash of the block at height without decoding the
// block. ErrNotFound if height is above the head. Cost: one point read.
func (s *Store) BlockHash(height uint64) (types.Hash, error) {
	if err := s.acquire(); err != nil {
		return types.Hash{}, err
	}
	defer s.release()
	return readBlockHash(s.db, height)
}

// BlockHeight returns the height of the block with hash h; ErrNotFound if no
// committed block has that hash. Cost: one point read.
func (s *Store) BlockHeight(h types.Hash) (uint64, error) {
	if err := s.acquire(); err != nil {
		return 0, err
	}
	defer s.release()
	return readBlockHeight(s.db, h)
}

// BlockByHash returns the committed block with hash h; ErrNotFound if none.
// Cost: two point reads and a protobuf decode of the block.
func (s *Store) BlockByHash(h types.Hash) (*types.Block, error) {
	if err := s.acquire(); err != nil {
		return nil, err
	}
	defer s.release()
	return readBlockByHash(s.db, h)
}

// TxLocation returns the height of the block holding the transaction with
// hash h and its index in that block; ErrNotFound if no committed block holds
// it. Cost: one point read (bloom-filtered, so misses are cheap).
func (s *Store) TxLocation(h types.Hash) (height uint64, index uint32, err error) {
	if err := s.acquire(); err != nil {
		return 0, 0, err
	}
	defer s.release()
	return readTxLocation(s.db, h)
}

// HasTx reports whether a committed block holds the transaction with hash h.
// Cost: one point read (bloom-filtered, so misses are cheap).
func (s *Store) HasTx(h types.Hash) (bool, error) {
	_, _, err := s.TxLocation(h)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// Receipt returns the receipt of the committed transaction with hash h;
// ErrNotFound if no committed block holds it. Cost: two point reads and a
// small decode.
func (s *Store) Receipt(h types.Hash) (*types.Receipt, error) {
	if err := s.acquire(); err != nil {
		return nil, err
	}
	defer s.release()
	return readReceipt(s.db, h)
}

// Receipts returns the receipts of the block at height in transaction order
// (an empty, non-nil slice for a block without transactions); ErrNotFound if
// height is above the head. Cost: one point read and one range scan.
func (s *Store) Receipts(height uint64) ([]*types.Receipt, error) {
	if err := s.acquire(); err != nil {
		return nil, err
	}
	defer s.release()
	return readReceipts(s.db, height)
}

// Get returns a copy of the flat state value under key as of the latest
// committed block, or (nil, nil) if the key is absent. A stored empty value is
// returned as a non-nil empty slice. Cost: one point read.
func (s *Store) Get(key []byte) ([]byte, error) {
	if err := s.acquire(); err != nil {
		return nil, err
	}
	defer s.release()
	return readState(s.db, key)
}

// Snapshot is a consistent, read-only view of the store at one committed
// block: every read through it sees exactly the state, blocks and receipts as
// of Head(), whatever is committed meanwhile. Its methods are safe for
// concurrent use, but not concurrently with its Close. An open snapshot pins
// data on disk (old versions are not compacted away), so close it promptly;
// Store.Close closes any left open.
type Snapshot struct {
	s      *Store
	snap   *pebble.Snapshot
	head   Head
	closed atomic.Bool
}

// Snapshot opens a consistent view at the current head. Cost: cheap (no
// copying); one point read for the head.
func (s *Store) Snapshot() (*Snapshot, error) {
	if err := s.acquire(); err != nil {
		return nil, err
	}
	defer s.release()
	snap := s.db.NewSnapshot()
	head, err := readHead(snap)
	if err != nil {
		_ = snap.Close()
		return nil, err
	}
	sn := &Snapshot{s: s, snap: snap, head: head}
	s.snapMu.Lock()
	s.snaps[sn] = struct{}{}
	s.snapMu.Unlock()
	return sn, nil
}

// Close releases the snapshot. Later calls on it return ErrClosed.
func (sn *Snapshot) Close() error {
	sn.s.snapMu.Lock()
	defer sn.s.snapMu.Unlock()
	if _, ok := sn.s.snaps[sn]; !ok {
		return ErrClosed
	}
	delete(sn.s.snaps, sn)
	sn.closed.Store(true)
	return sn.snap.Close()
}

func (sn *Snapshot) acquire() error {
	if err := sn.s.acquire(); err != nil {
		return err
	}
	if sn.closed.Load() {
		sn.s.release()
		return fmt.Errorf("%w: snapshot", ErrClosed)
	}
	return nil
}

// Head returns the head the snapshot was taken at (Empty if the store was
// empty). Cost: memory only.
func (sn *Snapshot) Head() Head { return sn.head.clone() }

// Get is Store.Get as of the snapshot's head.
func (sn *Snapshot) Get(key []byte) ([]byte, error) {
	if err := sn.acquire(); err != nil {
		return nil, err
	}
	defer sn.s.release()
	return readState(sn.snap, key)
}

// Scan calls fn for every state key starting with prefix, in ascending byte
// order, with the key (without the store's namespace) and its value as of the
// snapshot's head. key and value are valid only during the call; copy them to
// keep them. An error from fn stops the scan and is returned.
// Cost: one range scan, sequential reads.
func (sn *Snapshot) Scan(prefix []byte, fn func(key, value []byte) error) error {
	if err := sn.acquire(); err != nil {
		return err
	}
	defer sn.s.release()
	return scanState(sn.snap, prefix, fn)
}

// Block is Store.Block as of the snapshot's head.
func (sn *Snapshot) Block(height uint64) (*types.Block, error) {
	if err := sn.acquire(); err != nil {
		return nil, err
	}
	defer sn.s.release()
	return readBlock(sn.snap, height)
}

// BlockHash is Store.BlockHash as of the snapshot's head.
func (sn *Snapshot) BlockHash(height uint64) (types.Hash, error) {
	if err := sn.acquire(); err != nil {
		return types.Hash{}, err
	}
	defer sn.s.release()
	return readBlockHash(sn.snap, height)
}

// BlockByHash is Store.BlockByHash as of the snapshot's head.
func (sn *Snapshot) BlockByHash(h types.Hash) (*types.Block, error) {
	if err := sn.acquire(); err != nil {
		return nil, err
	}
	defer sn.s.release()
	return readBlockByHash(sn.snap, h)
}

// TxLocation is Store.TxLocation as of the snapshot's head.
func (sn *Snapshot) TxLocation(h types.Hash) (height uint64, index uint32, err error) {
	if err := sn.acquire(); err != nil {
		return 0, 0, err
	}
	defer sn.s.release()
	return readTxLocation(sn.snap, h)
}

// Receipt is Store.Receipt as of the snapshot's head.
func (sn *Snapshot) Receipt(h types.Hash) (*types.Receipt, error) {
	if err := sn.acquire(); err != nil {
		return nil, err
	}
	defer sn.s.release()
	return readReceipt(sn.snap, h)
}

// Receipts is Store.Receipts as of the snapshot's head.
func (sn *Snapshot) Receipts(height uint64) ([]*types.Receipt, error) {
	if err := sn.acquire(); err != nil {
		return nil, err
	}
	defer sn.s.release()
	return readReceipts(sn.snap, height)
}
