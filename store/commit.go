package store

import (
	"bytes"
	"fmt"

	"github.com/causeway/causeway/types"
	"github.com/cockroachdb/pebble/v2"
	"google.golang.org/protobuf/proto"
)

// Commit is everything a node persists for one block.
type Commit struct {
	// Block is the block to append; its header's Height and PrevHash must
	// extend the head.
	Block *types.Block
	// Receipts are the receipts of Block's transactions, one per transaction,
	// in the same order (Receipts[i] belongs to Block.Txs[i]). A receipt whose
	// TxHash is set must carry that transaction's hash.
	Receipts []*types.Receipt
	// Writes are the state changes of executing Block, applied in order (a
	// later write to the same key wins); a nil Value deletes.
	Writes []Write
	// StateNodes are the new nodes of the state tree whose root is StateRoot
	// (Key: the node's 32-byte digest, Value: its encoding), as
	// state.Commit returns them. Nodes are immutable and keyed by
	// content, so writing one that is already stored is harmless.
	StateNodes []Write
	// StateRoot is the state commitment after executing Block and ReceiptRoot
	// the root of Receipts; the store records them in the head and does not
	// check them.
	StateRoot   []byte
	ReceiptRoot []byte
}

var deterministic = proto.MarshalOptions{Deterministic: true}

// Commit appends one block durably and atomically. It writes a single Pebble
// batch, committed with pebble.Sync, holding: the block (deterministic
// protobuf) under its height, the height->hash and hash->height indexes, a
// tx-hash -> (height, index) entry for every transaction, every receipt under
// (height, index), every state write, every new state tree node, and the new
// head. When Commit returns
// nil the block is on disk and visible to all readers, and Head reports it;
// a crash at any moment leaves either all of it or none of it.
//
// Commit refuses, leaving the store unchanged, with an *OrderError
// (errors.Is(err, ErrOutOfOrder)) unless the header's Height is head+1 (0 when
// the store is empty) and its PrevHash equals the head hash (not checked at
// height 0), and with ErrInvalid for a malformed commit. If a transaction hash
// repeats (within or across blocks) its index entry points to the latest one;
// replay protection is the caller's job. If Pebble fails to commit the batch,
// Commit returns the error and every later Commit returns it too: close and
// reopen the store, which then resumes at whatever reached disk.
//
// Cost: one fsync plus encoding the block and receipts and hashing each
// transaction body; the batch holds about twice the block's size plus the
// receipts and writes. Concurrent calls are serialised.
func (s *Store) Commit(c *Commit) error {
	if err := s.acquire(); err != nil {
		return err
	}
	defer s.release()
	if err := checkCommit(c); err != nil {
		return err
	}
	s.commitMu.Lock()
	defer s.commitMu.Unlock()
	if s.failed != nil {
		return s.failed
	}
	head := s.head.Load()
	hdr := c.Block.Header
	if head.Empty {
		if hdr.Height != 0 {
			return &OrderError{Head: head.clone(), Height: hdr.Height, PrevHash: bytes.Clone(hdr.PrevHash)}
		}
	} else if hdr.Height != head.Height+1 || !bytes.Equal(hdr.PrevHash, head.Hash[:]) {
		return &OrderError{Head: head.clone(), Height: hdr.Height, PrevHash: bytes.Clone(hdr.PrevHash)}
	}

	blockBytes, err := deterministic.Marshal(c.Block)
	if err != nil {
		return invalid("encode block %d: %v", hdr.Height, err)
	}
	hash := s.suite.BlockHash(c.Block)
	height := hdr.Height

	size := 2*len(blockBytes) + 64*len(c.Block.Txs) + 128
	for _, w := range c.Writes {
		size += len(w.Key) + len(w.Value) + 8
	}
	for _, w := range c.StateNodes {
		size += len(w.Key) + len(w.Value) + 8
	}
	batch := s.db.NewBatch(pebble.WithInitialSizeBytes(size))
	defer batch.Close()

	set := func(k, v []byte) {
		// Batch.Set copies k and v and fails only on a committed batch.
		if err == nil {
			err = batch.Set(k, v, nil)
		}
	}
	set(blockKey(height), blockBytes)
	set(heightIdxKey(height), hash[:])
	set(hashIdxKey(hash), encodeHeight(height))

	var key, loc, buf []byte
	for i, tx := range c.Block.Txs {
		txh := s.suite.TxHash(tx)
		if r := c.Receipts[i]; len(r.TxHash) != 0 && !bytes.Equal(r.TxHash, txh[:]) {
			return invalid("receipt %d of block %d has tx hash %x, transaction hash is %s", i, height, r.TxHash, txh)
		}
		key = appendHashKey(key[:0], prefixTx, txh)
		loc = encodeTxLocAppend(loc[:0], height, uint32(i))
		set(key, loc)
		buf, err = deterministic.MarshalAppend(buf[:0], c.Receipts[i])
		if err != nil {
			return invalid("encode receipt %d of block %d: %v", i, height, err)
		}
		key = appendReceiptKey(key[:0], height, uint32(i))
		set(key, buf)
	}
	for _, w := range c.Writes {
		key = appendPrefixed(key[:0], prefixState, w.Key)
		if w.Value == nil {
			if err == nil {
				err = batch.Delete(key, nil)
			}
		} else {
			set(key, w.Value)
		}
	}
	for _, w := range c.StateNodes {
		key = appendPrefixed(key[:0], prefixStateNode, w.Key)
		set(key, w.Value)
	}
	newHead := Head{
		Height:      height,
		Hash:        hash,
		TimeMs:      hdr.TimeMs,
		StateRoot:   bytes.Clone(c.StateRoot),
		ReceiptRoot: bytes.Clone(c.ReceiptRoot),
	}
	set(headKey, encodeHead(&newHead))
	if err != nil {
		return fmt.Errorf("store: build batch for block %d: %w", height, err)
	}
	if err := batch.Commit(pebble.Sync); err != nil {
		s.failed = fmt.Errorf("store: commit of block %d failed; reopen the store: %w", height, err)
		return s.failed
	}
	s.head.Store(&newHead)
	s.cacheNodes(c.StateNodes)
	return nil
}

// checkCommit rejects structurally malformed commits.
func checkCommit(c *Commit) error {
	if c == nil || c.Block == nil || c.Block.Header == nil {
		return invalid("nil commit, block or header")
	}
	h := c.Block.Header.Height
	if len(c.Receipts) != len(c.Block.Txs) {
		return invalid("block %d has %d transactions but %d receipts", h, len(c.Block.Txs), len(c.Receipts))
	}
	if uint64(len(c.Block.Txs)) > 1<<32-1 {
		return invalid("block %d has too many transactions", h)
	}
	for i, w := range c.StateNodes {
		if len(w.Key) != types.HashSize || len(w.Value) == 0 {
			return invalid("block %d state tree node %d has a %d-byte key and a %d-byte value", h, i, len(w.Key), len(w.Value))
		}
	}
	for i, tx := range c.Block.Txs {
		if tx == nil {
			return invalid("block %d transaction %d is nil", h, i)
		}
		if c.Receipts[i] == nil {
			return invalid("block %d receipt %d is nil", h, i)
		}
	}
	return nil
}
