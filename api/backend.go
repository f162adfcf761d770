package api

import (
	"context"

	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/types"
)

// Backend is what the API serves: one node's pool, chain and state. The node
// package implements it; tests use fakes.
type Backend interface {
	// SubmitTx admits raw transaction bytes to the pool. A refusal is a
	// *types.TxError (malformed, bad signature, wrong chain, expired, duplicate,
	// too large, pool full...); nothing is changed by a refused transaction.
	SubmitTx(ctx context.Context, raw []byte) (types.Hash, error)
	// WaitTx blocks until the transaction is committed or ctx ends.
	WaitTx(ctx context.Context, h types.Hash) (*TxResult, error)
	// GetTx returns a committed transaction; ErrNotFound if it is not committed.
	GetTx(h types.Hash) (*TxResult, error)
	// GetBlock returns the committed block at height; ErrNotFound above the head.
	GetBlock(height uint64) (*types.Block, error)
	// GetBlockByHash returns a committed block by hash; ErrNotFound if unknown.
	GetBlockByHash(h types.Hash) (*types.Block, error)
	// Height returns the committed height.
	Height() uint64
	// SubscribeBlocks delivers every block committed after the call, in order,
	// until ctx ends. A subscriber that falls too far behind is dropped: the
	// channel is closed.
	SubscribeBlocks(ctx context.Context) <-chan *types.Block
	// GetAccount returns the account with identity id; ErrNotFound if absent.
	GetAccount(id types.Hash) (*types.Account, error)
	// GetEvidence returns the evidence with id; ErrNotFound if absent.
	GetEvidence(id types.Hash) (*types.Evidence, error)
	// GetSealed returns the record of sealed payload id; ErrNotFound if
	// absent. Its envelope is in the transaction with hash id (GetTx).
	GetSealed(id types.Hash) (*types.SealedRecord, error)
	// Status describes the node.
	Status() *apipb.StatusResponse
	// GetProposal returns a governance proposal; ErrNotFound if absent.
	GetProposal(id types.Hash) (*types.ProposalRecord, error)
	// ListProposals returns every governance proposal, newest first.
	ListProposals() ([]*types.ProposalRecord, error)
	// ChainConfig returns the configuration in force and the height it was read at.
	ChainConfig() (*types.ChainConfig, uint64)
	// QueryContract runs a read-only contract call on the committed state.
	QueryContract(ctx context.Context, req *apipb.QueryContractRequest) (*apipb.QueryContractResponse, error)
	// Suite is the chain's crypto suite (account identities, block hashes).
	Suite() types.Suite
}

// TxResult is a committed transaction with its receipt and place in the chain.
type TxResult struct {
	Tx        *types.Transaction
	Body      *types.TxBody
	Receipt   *types.Receipt
	Height    uint64
	Index     uint32
	BlockHash types.Hash
}
