package apitest

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/causeway/causeway/api"
	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/types"
)

// ChainID is the chain id of a Backend's blocks and status.
const ChainID = "apitest"

// Backend is an in-memory api.Backend: a chain of blocks (height 0 is
// genesis), committed transactions with receipts, accounts and evidence.
// Tests commit blocks with Commit and script failures with the error
// fields. It is safe for concurrent use.
type Backend struct {
	mu       sync.Mutex
	blocks   []*types.Block
	txs      map[types.Hash]*api.TxResult
	accounts map[types.Hash]*types.Account
	evidence map[types.Hash]*types.Evidence
	sealed   map[types.Hash]*types.SealedRecord
	pending  []*types.DecodedTx
	subs     map[chan *types.Block]struct{}
	changed  chan struct{} // closed and replaced on every commit
	raws     [][]byte

	submitErr, waitErr, readErr error
	autoCommit                  bool
	autoCommitDelay             time.Duration
	afterSubscribe              func()
	beforeGetBlock              func(height uint64)
	editStatus                  func(*apipb.StatusResponse)
}

// NewBackend returns a Backend holding only a genesis block.
func NewBackend() *Backend {
	b := &Backend{
		txs: map[types.Hash]*api.TxResult{}, accounts: map[types.Hash]*types.Account{},
		evidence: map[types.Hash]*types.Evidence{}, sealed: map[types.Hash]*types.SealedRecord{}, subs: map[chan *types.Block]struct{}{},
		changed: make(chan struct{}),
	}
	b.blocks = append(b.blocks, &types.Block{Header: &types.BlockHeader{ChainId: ChainID, Height: 0, TimeMs: 1}})
	return b
}

var _ api.Backend = (*Backend)(nil)

// SetSubmitError makes SubmitTx return err (nil: admit again).
func (b *Backend) SetSubmitError(err error) { b.mu.Lock(); b.submitErr = err; b.mu.Unlock() }

// SetWaitError makes WaitTx return err (nil: wait again).
func (b *Backend) SetWaitError(err error) { b.mu.Lock(); b.waitErr = err; b.mu.Unlock() }

// SetReadError makes every read (GetTx, GetBlock, GetBlockByHash,
// GetAccount, GetEvidence) return err (nil: read again).
func (b *Backend) SetReadError(err error) { b.mu.Lock(); b.readErr = err; b.mu.Unlock() }

// SetAutoCommit makes SubmitTx commit every admitted transaction in a block
// of its own, after delay, in the background.
func (b *Backend) SetAutoCommit(on bool, delay time.Duration) {
	b.mu.Lock()
	b.autoCommit, b.autoCommitDelay = on, delay
	b.mu.Unlock()
}

// OnSubscribe sets f to run right after each subscriber is registered (to
// commit a block between a subscription and its backfill).
func (b *Backend) OnSubscribe(f func()) { b.mu.Lock(); b.afterSubscribe = f; b.mu.Unlock() }

// OnGetBlock sets f to run before each GetBlock(height).
func (b *Backend) OnGetBlock(f func(height uint64)) { b.mu.Lock(); b.beforeGetBlock = f; b.mu.Unlock() }

// Commit appends a block holding txs, records their results (successful
// receipts), publishes the block to subscribers and wakes waiters.
func (b *Backend) Commit(txs ...*types.Transaction) *types.Block {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.commitLocked(txs)
}

func (b *Backend) commitLocked(txs []*types.Transaction) *types.Block {
	height := uint64(len(b.blocks))
	prev := types.Intl.BlockHash(b.blocks[height-1])
	hashes := make([]types.Hash, len(txs))
	for i, tx := range txs {
		hashes[i] = types.Intl.TxHash(tx)
	}
	blk := &types.Block{
		Header: &types.BlockHeader{
			ChainId: ChainID, Height: height, PrevHash: prev.Bytes(), TimeMs: int64(1000 + height),
			TxRoot: types.Intl.TxRoot(hashes), TxCount: uint32(len(txs)), Proposer: 1,
		},
		Txs:        txs,
		Signatures: []*types.QuorumSignature{{Signer: 1, Signature: []byte("sig")}},
	}
	bh := types.Intl.BlockHash(blk)
	for i, tx := range txs {
		body := &types.TxBody{}
		if d, err := types.Intl.DecodeTx(types.EncodeTx(tx), 0); err == nil {
			body = d.Body
		}
		b.txs[hashes[i]] = &api.TxResult{
			Tx: tx, Body: body, Height: height, Index: uint32(i), BlockHash: bh,
			Receipt: &types.Receipt{TxHash: hashes[i].Bytes(), Status: types.ReceiptStatus_SUCCESS, Height: height, Index: uint32(i),
				Events: []*types.Event{{Type: "committed", Attributes: []*types.Attribute{{Key: "height", Value: strconv.FormatUint(height, 10)}}}}},
		}
	}
	b.blocks = append(b.blocks, blk)
	for ch := range b.subs {
		select {
		case ch <- blk:
		default: // a lagging subscriber is dropped, as the node does
			delete(b.subs, ch)
			close(ch)
		}
	}
	close(b.changed)
	b.changed = make(chan struct{})
	return blk
}

// CommitBlock appends blk as it is (its height must be the next), for tests
// that need every header field set, and publishes it to subscribers.
func (b *Backend) CommitBlock(blk *types.Block) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if blk.GetHeader().GetHeight() != uint64(len(b.blocks)) {
		panic(fmt.Sprintf("apitest: block height %d, want %d", blk.GetHeader().GetHeight(), len(b.blocks)))
	}
	b.blocks = append(b.blocks, blk)
	for ch := range b.subs {
		select {
		case ch <- blk:
		default:
			delete(b.subs, ch)
			close(ch)
		}
	}
	close(b.changed)
	b.changed = make(chan struct{})
}

// PutTx stores a committed transaction's result as it is, under its hash.
func (b *Backend) PutTx(r *api.TxResult) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.txs[types.Intl.TxHash(r.Tx)] = r
}

// EditStatus makes Status pass its answer through f (nil: as it is).
func (b *Backend) EditStatus(f func(*apipb.StatusResponse)) {
	b.mu.Lock()
	b.editStatus = f
	b.mu.Unlock()
}

// CommitEmpty commits n blocks without transactions.
func (b *Backend) CommitEmpty(n int) {
	for range n {
		b.Commit()
	}
}

// DropSubscribers closes every subscription, as the node does to
// subscribers that fall too far behind.
func (b *Backend) DropSubscribers() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs {
		delete(b.subs, ch)
		close(ch)
	}
}

// Subscribers returns the number of open subscriptions.
func (b *Backend) Subscribers() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.subs)
}

// Submitted returns the raw transactions admitted so far.
func (b *Backend) Submitted() [][]byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([][]byte(nil), b.raws...)
}

// PutAccount stores an account under its id.
func (b *Backend) PutAccount(a *types.Account) {
	b.mu.Lock()
	defer b.mu.Unlock()
	id, _ := types.HashOf(a.Id)
	b.accounts[id] = a
}

// PutEvidence stores an evidence record under its id.
func (b *Backend) PutEvidence(e *types.Evidence) {
	b.mu.Lock()
	defer b.mu.Unlock()
	id, _ := types.HashOf(e.Id)
	b.evidence[id] = e
}

// SubmitTx decodes raw (refusing it as the pool would: malformed,
// duplicate) and admits it.
func (b *Backend) SubmitTx(ctx context.Context, raw []byte) (types.Hash, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.submitErr != nil {
		return types.Hash{}, b.submitErr
	}
	d, err := types.Intl.DecodeTx(raw, 0)
	if err != nil {
		return types.Hash{}, err
	}
	if _, ok := b.txs[d.Hash]; ok {
		return types.Hash{}, types.Errorf(types.CodeDuplicate, "transaction %s is already committed", d.Hash)
	}
	for _, p := range b.pending {
		if p.Hash == d.Hash {
			return types.Hash{}, types.Errorf(types.CodeDuplicate, "transaction %s is already pending", d.Hash)
		}
	}
	b.raws = append(b.raws, raw)
	if b.autoCommit {
		tx, delay := d.Tx, b.autoCommitDelay
		go func() {
			time.Sleep(delay)
			b.Commit(tx)
		}()
	} else {
		b.pending = append(b.pending, d)
	}
	return d.Hash, nil
}

// CommitPending commits the admitted, not yet committed transactions in one block.
func (b *Backend) CommitPending() *types.Block {
	b.mu.Lock()
	defer b.mu.Unlock()
	txs := make([]*types.Transaction, len(b.pending))
	for i, p := range b.pending {
		txs[i] = p.Tx
	}
	b.pending = nil
	return b.commitLocked(txs)
}

// WaitTx waits until h is committed or ctx ends.
func (b *Backend) WaitTx(ctx context.Context, h types.Hash) (*api.TxResult, error) {
	for {
		b.mu.Lock()
		if b.waitErr != nil {
			err := b.waitErr
			b.mu.Unlock()
			return nil, err
		}
		r, ok := b.txs[h]
		ch := b.changed
		b.mu.Unlock()
		if ok {
			return r, nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// GetTx returns a committed transaction.
func (b *Backend) GetTx(h types.Hash) (*api.TxResult, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.readErr != nil {
		return nil, b.readErr
	}
	r, ok := b.txs[h]
	if !ok {
		return nil, api.ErrNotFound
	}
	return r, nil
}

// GetBlock returns the block at height.
func (b *Backend) GetBlock(height uint64) (*types.Block, error) {
	if f := b.hookGetBlock(); f != nil {
		f(height)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.readErr != nil {
		return nil, b.readErr
	}
	if height >= uint64(len(b.blocks)) {
		return nil, api.ErrNotFound
	}
	return b.blocks[height], nil
}

func (b *Backend) hookGetBlock() func(uint64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.beforeGetBlock
}

// GetBlockByHash returns the block with header hash h.
func (b *Backend) GetBlockByHash(h types.Hash) (*types.Block, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.readErr != nil {
		return nil, b.readErr
	}
	for _, blk := range b.blocks {
		if types.Intl.BlockHash(blk) == h {
			return blk, nil
		}
	}
	return nil, api.ErrNotFound
}

// Height returns the height of the last block.
func (b *Backend) Height() uint64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return uint64(len(b.blocks) - 1)
}

// SubscribeBlocks delivers blocks committed after the call until ctx ends;
// a subscriber more than 64 blocks behind is dropped.
func (b *Backend) SubscribeBlocks(ctx context.Context) <-chan *types.Block {
	ch := make(chan *types.Block, 64)
	b.mu.Lock()
	b.subs[ch] = struct{}{}
	after := b.afterSubscribe
	b.mu.Unlock()
	go func() {
		<-ctx.Done()
		b.mu.Lock()
		if _, ok := b.subs[ch]; ok {
			delete(b.subs, ch)
			close(ch)
		}
		b.mu.Unlock()
	}()
	if after != nil {
		after()
	}
	return ch
}

// GetAccount returns a stored account.
func (b *Backend) GetAccount(id types.Hash) (*types.Account, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.readErr != nil {
		return nil, b.readErr
	}
	a, ok := b.accounts[id]
	if !ok {
		return nil, api.ErrNotFound
	}
	return a, nil
}

// GetEvidence returns a stored evidence record.
func (b *Backend) GetEvidence(id types.Hash) (*types.Evidence, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.readErr != nil {
		return nil, b.readErr
	}
	e, ok := b.evidence[id]
	if !ok {
		return nil, api.ErrNotFound
	}
	return e, nil
}

// GetSealed returns a stored sealed payload record (PutSealed).
func (b *Backend) GetSealed(id types.Hash) (*types.SealedRecord, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.readErr != nil {
		return nil, b.readErr
	}
	r, ok := b.sealed[id]
	if !ok {
		return nil, api.ErrNotFound
	}
	return r, nil
}

// PutSealed stores a sealed payload record under its id; the transaction
// carrying its envelope is committed separately (Commit).
func (b *Backend) PutSealed(r *types.SealedRecord) {
	id, _ := types.HashOf(r.Id)
	b.mu.Lock()
	b.sealed[id] = r
	b.mu.Unlock()
}

// Status describes the fake node.
func (b *Backend) Status() *apipb.StatusResponse {
	b.mu.Lock()
	defer b.mu.Unlock()
	head := b.blocks[len(b.blocks)-1]
	st := &apipb.StatusResponse{
		NodeId: 1, Org: "org1", ChainId: ChainID, Height: head.Header.Height,
		LastBlockHash: types.Intl.BlockHash(head).String(), Leader: 1, PoolSize: uint64(len(b.pending)),
		Peers: []*apipb.PeerStatus{{Id: 2, Org: "org2", Address: "127.0.0.1:1", Connected: true}},
	}
	if b.editStatus != nil {
		b.editStatus(st)
	}
	return st
}

// Suite implements api.Backend: the fake chain uses the international suite.
func (b *Backend) Suite() types.Suite { return types.Intl }

// GetProposal implements api.Backend: the fake chain has no governance.
func (b *Backend) GetProposal(types.Hash) (*types.ProposalRecord, error) { return nil, api.ErrNotFound }

// ListProposals implements api.Backend.
func (b *Backend) ListProposals() ([]*types.ProposalRecord, error) { return nil, nil }

// ChainConfig implements api.Backend.
func (b *Backend) ChainConfig() (*types.ChainConfig, uint64) {
	return &types.ChainConfig{Version: 1, Params: types.DefaultParams(), Roles: types.DefaultRoles(), Policy: types.DefaultPolicy()}, b.Height()
}

// QueryContract implements api.Backend: the fake chain has no contracts.
func (b *Backend) QueryContract(context.Context, *apipb.QueryContractRequest) (*apipb.QueryContractResponse, error) {
	return nil, api.ErrNotFound
}
