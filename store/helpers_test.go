package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"testing"

	"github.com/causeway/causeway/types"
	"github.com/cockroachdb/pebble/v2/vfs"
	"google.golang.org/protobuf/proto"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// openMem opens a store on fs (a fresh in-memory FS if nil).
func openMem(t testing.TB, fs vfs.FS, opts ...Option) *Store {
	t.Helper()
	if fs == nil {
		fs = vfs.NewMem()
	}
	s, err := Open("/db", append([]Option{WithFS(fs), WithLogger(quiet), WithCacheSize(8 << 20)}, opts...)...)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

func heightBytes(h uint64) []byte { return binary.BigEndian.AppendUint64(nil, h) }

func blkKey(h uint64) []byte { return fmt.Appendf(nil, "blk/%08d", h) }

// testTxs returns n transactions whose bodies are unique to (height, i, salt).
func testTxs(height uint64, n int, salt string) []*types.Transaction {
	txs := make([]*types.Transaction, n)
	for i := range txs {
		txs[i] = &types.Transaction{
			Body:       fmt.Appendf(nil, "tx %s h=%d i=%d payload-%032d", salt, height, i, i),
			Signatures: []*types.Signature{{PublicKey: []byte{byte(i)}, Signature: []byte("sig")}},
		}
	}
	return txs
}

// makeCommit builds block height on top of prev with ntx transactions, a
// receipt per transaction and state writes:
//
//	"latest"        = height
//	"blk/<height>"  = "v<height>", and "blk/<height-2>" deleted
//	"acct/<i%7>"    = body of transaction i
func makeCommit(height uint64, prev types.Hash, ntx int) *Commit {
	return makeCommitSalt(height, prev, ntx, "")
}

func makeCommitSalt(height uint64, prev types.Hash, ntx int, salt string) *Commit {
	txs := testTxs(height, ntx, salt)
	hashes := make([]types.Hash, ntx)
	receipts := make([]*types.Receipt, ntx)
	writes := []Write{
		{Key: []byte("latest"), Value: heightBytes(height)},
		{Key: blkKey(height), Value: fmt.Appendf(nil, "v%d", height)},
	}
	if height >= 2 {
		writes = append(writes, Write{Key: blkKey(height - 2)})
	}
	for i, tx := range txs {
		hashes[i] = types.Intl.TxHash(tx)
		r := &types.Receipt{TxHash: hashes[i].Bytes(), Height: height, Index: uint32(i)}
		if i%3 == 2 {
			r.Status = types.ReceiptStatus_FAILED
			r.ErrorCode = string(types.CodeInsufficientFunds)
			r.Error = "not enough"
		} else {
			r.Events = []*types.Event{{Type: "transfer", Attributes: []*types.Attribute{{Key: "i", Value: fmt.Sprint(i)}}}}
		}
		receipts[i] = r
		writes = append(writes, Write{Key: fmt.Appendf(nil, "acct/%d", i%7), Value: tx.Body})
	}
	hdr := &types.BlockHeader{
		ChainId:  "test",
		Height:   height,
		TimeMs:   1_700_000_000_000 + int64(height)*1000,
		TxRoot:   types.Intl.TxRoot(hashes),
		TxCount:  uint32(ntx),
		Proposer: 1,
	}
	if height > 0 {
		hdr.PrevHash = prev.Bytes()
	}
	sr := types.Intl.Sum(fmt.Appendf(nil, "state %d %s", height, salt))
	return &Commit{
		Block:       &types.Block{Header: hdr, Txs: txs, ConsensusMetadata: []byte("md")},
		Receipts:    receipts,
		Writes:      writes,
		StateRoot:   sr[:],
		ReceiptRoot: types.Intl.ReceiptRoot(receipts),
	}
}

// buildChain returns n chained commits; block h has txsAt(h) transactions.
func buildChain(n int, txsAt func(h int) int) []*Commit {
	cs := make([]*Commit, n)
	var prev types.Hash
	for h := range cs {
		cs[h] = makeCommit(uint64(h), prev, txsAt(h))
		prev = types.Intl.BlockHash(cs[h].Block)
	}
	return cs
}

func commitAll(t testing.TB, s *Store, cs []*Commit) {
	t.Helper()
	for _, c := range cs {
		if err := s.Commit(c); err != nil {
			t.Fatalf("Commit %d: %v", c.Block.Header.Height, err)
		}
	}
}

// reader is what Store and Snapshot have in common.
type reader interface {
	Block(uint64) (*types.Block, error)
	BlockHash(uint64) (types.Hash, error)
	BlockByHash(types.Hash) (*types.Block, error)
	TxLocation(types.Hash) (uint64, uint32, error)
	Receipt(types.Hash) (*types.Receipt, error)
	Receipts(uint64) ([]*types.Receipt, error)
	Get([]byte) ([]byte, error)
}

var (
	_ reader = (*Store)(nil)
	_ reader = (*Snapshot)(nil)
)

// expectedState applies the writes of cs in order.
func expectedState(cs []*Commit) map[string][]byte {
	m := map[string][]byte{}
	for _, c := range cs {
		for _, w := range c.Writes {
			if w.Value == nil {
				delete(m, string(w.Key))
			} else {
				m[string(w.Key)] = w.Value
			}
		}
	}
	return m
}

// allKeys returns every state key any commit of cs touches, sorted.
func allKeys(cs []*Commit) []string {
	set := map[string]bool{}
	for _, c := range cs {
		for _, w := range c.Writes {
			set[string(w.Key)] = true
		}
	}
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// expectHead is the head after committing cs[h] (Empty if h < 0).
func expectHead(cs []*Commit, h int) Head {
	if h < 0 {
		return Head{Empty: true}
	}
	c := cs[h]
	return Head{
		Height:      uint64(h),
		Hash:        types.Intl.BlockHash(c.Block),
		TimeMs:      c.Block.Header.TimeMs,
		StateRoot:   c.StateRoot,
		ReceiptRoot: c.ReceiptRoot,
	}
}

func headEqual(a, b Head) bool {
	return a.Height == b.Height && a.Hash == b.Hash && a.TimeMs == b.TimeMs && a.Empty == b.Empty &&
		bytes.Equal(a.StateRoot, b.StateRoot) && bytes.Equal(a.ReceiptRoot, b.ReceiptRoot)
}

// verifyAt checks that r holds exactly blocks 0..h of cs (h = -1: none), with
// their indexes, receipts and the state after block h, and nothing of blocks
// after h. Keys and txs are drawn from all of cs so that later blocks' data
// is checked to be absent.
func verifyAt(r reader, cs []*Commit, h int) error { return verifyFrom(r, cs, h, 0) }

// verifyFrom is verifyAt that checks blocks below from only by hash.
func verifyFrom(r reader, cs []*Commit, h, from int) error {
	for i := 0; i < from && i <= h; i++ {
		want := types.Intl.BlockHash(cs[i].Block)
		if got, err := r.BlockHash(uint64(i)); err != nil || got != want {
			return fmt.Errorf("BlockHash(%d) = %s, %v; want %s", i, got, err, want)
		}
	}
	for i := max(from, 0); i <= h; i++ {
		c := cs[i]
		height := uint64(i)
		want := types.Intl.BlockHash(c.Block)
		b, err := r.Block(height)
		if err != nil {
			return fmt.Errorf("Block(%d): %w", height, err)
		}
		if !proto.Equal(b, c.Block) {
			return fmt.Errorf("Block(%d) differs", height)
		}
		if got, err := r.BlockHash(height); err != nil || got != want {
			return fmt.Errorf("BlockHash(%d) = %s, %v; want %s", height, got, err, want)
		}
		if b, err := r.BlockByHash(want); err != nil || !proto.Equal(b, c.Block) {
			return fmt.Errorf("BlockByHash(%d): %v", height, err)
		}
		rs, err := r.Receipts(height)
		if err != nil || len(rs) != len(c.Receipts) {
			return fmt.Errorf("Receipts(%d) = %d receipts, %v; want %d", height, len(rs), err, len(c.Receipts))
		}
		for j, tx := range c.Block.Txs {
			if !proto.Equal(rs[j], c.Receipts[j]) {
				return fmt.Errorf("Receipts(%d)[%d] differs", height, j)
			}
			th := types.Intl.TxHash(tx)
			gh, gi, err := r.TxLocation(th)
			if err != nil || gh != height || gi != uint32(j) {
				return fmt.Errorf("TxLocation(%d/%d) = %d/%d, %v", height, j, gh, gi, err)
			}
			rc, err := r.Receipt(th)
			if err != nil || !proto.Equal(rc, c.Receipts[j]) {
				return fmt.Errorf("Receipt(%d/%d): %v", height, j, err)
			}
		}
	}
	for i := h + 1; i < len(cs); i++ {
		c := cs[i]
		height := uint64(i)
		if _, err := r.Block(height); !errors.Is(err, ErrNotFound) {
			return fmt.Errorf("Block(%d) of uncommitted block: err %v", height, err)
		}
		if _, err := r.BlockHash(height); !errors.Is(err, ErrNotFound) {
			return fmt.Errorf("BlockHash(%d) of uncommitted block: err %v", height, err)
		}
		if _, err := r.BlockByHash(types.Intl.BlockHash(c.Block)); !errors.Is(err, ErrNotFound) {
			return fmt.Errorf("BlockByHash(%d) of uncommitted block: err %v", height, err)
		}
		if _, err := r.Receipts(height); !errors.Is(err, ErrNotFound) {
			return fmt.Errorf("Receipts(%d) of uncommitted block: err %v", height, err)
		}
		for j, tx := range c.Block.Txs {
			// Every transaction of the next block; first and last of later ones.
			if i > h+1 && j != 0 && j != len(c.Block.Txs)-1 {
				continue
			}
			if _, _, err := r.TxLocation(types.Intl.TxHash(tx)); !errors.Is(err, ErrNotFound) {
				return fmt.Errorf("TxLocation(%d/%d) of uncommitted block: err %v", height, j, err)
			}
			if _, err := r.Receipt(types.Intl.TxHash(tx)); !errors.Is(err, ErrNotFound) {
				return fmt.Errorf("Receipt(%d/%d) of uncommitted block: err %v", height, j, err)
			}
		}
	}
	state := expectedState(cs[:h+1])
	for _, k := range allKeys(cs) {
		got, err := r.Get([]byte(k))
		if err != nil {
			return fmt.Errorf("Get(%q): %w", k, err)
		}
		want, ok := state[k]
		if !ok {
			if got != nil {
				return fmt.Errorf("at height %d Get(%q) = %q, want absent", h, k, got)
			}
			continue
		}
		if got == nil || !bytes.Equal(got, want) {
			return fmt.Errorf("at height %d Get(%q) = %q, want %q", h, k, got, want)
		}
	}
	return nil
}
