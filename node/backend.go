package node

import (
	"context"
	"encoding/hex"
	"errors"
	"github.com/causeway/causeway/execution/evm"
	"sort"
	"strings"

	"github.com/causeway/causeway/api"
	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/chain"
	"github.com/causeway/causeway/execution/lightclient"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/store"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify"
	"github.com/causeway/causeway/verify/proofpb"
	"github.com/hyperledger-labs/SmartBFT/smartbftprotos"
	"google.golang.org/protobuf/proto"
)

// backend implements api.Backend over the node.
type backend Node

var _ api.Backend = (*backend)(nil)

func notFound(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return api.ErrNotFound
	}
	return err
}

func (b *backend) SubmitTx(ctx context.Context, raw []byte) (types.Hash, error) {
	if err := (*Node)(b).checkAuditorTx(ctx, raw); err != nil {
		return types.Hash{}, err
	}
	return b.pool.Submit(ctx, raw)
}

func (b *backend) WaitTx(ctx context.Context, h types.Hash) (*api.TxResult, error) {
	done, cancel := b.ledger.Wait(h)
	defer cancel()
	if r, err := b.GetTx(h); err == nil {
		return r, nil
	} else if !errors.Is(err, api.ErrNotFound) {
		return nil, err
	}
	select {
	case <-done:
		return b.GetTx(h)
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (b *backend) GetTx(h types.Hash) (*api.TxResult, error) {
	height, index, err := b.store.TxLocation(h)
	if err != nil {
		return nil, notFound(err)
	}
	blk, err := b.store.Block(height)
	if err != nil {
		return nil, notFound(err)
	}
	if int(index) >= len(blk.Txs) {
		return nil, api.ErrNotFound
	}
	tx := blk.Txs[index]
	body := &types.TxBody{}
	if err := proto.Unmarshal(tx.Body, body); err != nil {
		return nil, err
	}
	rc, err := b.store.Receipt(h)
	if err != nil {
		return nil, notFound(err)
	}
	return &api.TxResult{Tx: tx, Body: body, Receipt: rc, Height: height, Index: index, BlockHash: b.genesis.Suite().BlockHash(blk)}, nil
}

func (b *backend) GetBlock(height uint64) (*types.Block, error) {
	blk, err := b.store.Block(height)
	return blk, notFound(err)
}

func (b *backend) GetBlockByHash(h types.Hash) (*types.Block, error) {
	blk, err := b.store.BlockByHash(h)
	return blk, notFound(err)
}

func (b *backend) Height() uint64 { return b.store.Head().Height }

func (b *backend) SubscribeBlocks(ctx context.Context) <-chan *types.Block {
	return b.ledger.Subscribe(ctx)
}

func (b *backend) GetAccount(id types.Hash) (*types.Account, error) {
	a, err := state.ReadAccount(b.store, id)
	if err != nil {
		return nil, err
	}
	if a == nil {
		return nil, api.ErrNotFound
	}
	return a, nil
}

func (b *backend) GetEvidence(id types.Hash) (*types.Evidence, error) {
	e, err := state.ReadEvidence(b.store, id)
	if err != nil {
		return nil, err
	}
	if e == nil {
		return nil, api.ErrNotFound
	}
	return e, nil
}

func (b *backend) GetSealed(id types.Hash) (*types.SealedRecord, error) {
	r, err := state.ReadSealed(b.store, id)
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, api.ErrNotFound
	}
	return r, nil
}

func (b *backend) Status() *apipb.StatusResponse {
	n := (*Node)(b)
	head := n.store.Head()
	st := &apipb.StatusResponse{
		NodeId: n.cfg.ID, Org: n.cfg.Org, ChainId: n.genesis.ChainID, Height: head.Height,
		LastBlockHash: head.Hash.String(), Leader: n.consensus.Leader(), GenesisHash: n.genesis.Hash().String(),
		PoolSize: uint64(n.consensus.PoolSize()), LastBlockTimeMs: head.TimeMs,
	}
	if head.Height > 0 {
		if blk, err := n.store.Block(head.Height); err == nil {
			md := &smartbftprotos.ViewMetadata{}
			if proto.Unmarshal(blk.ConsensusMetadata, md) == nil {
				st.View = md.ViewId
			}
		}
	}
	for _, p := range n.net.Peers() {
		org := ""
		if gn, ok := n.genesis.Node(p.ID); ok {
			org = gn.Org
		}
		st.Peers = append(st.Peers, &apipb.PeerStatus{Id: p.ID, Org: org, Address: p.Address, Connected: p.Connected})
	}
	return st
}

func (b *backend) Suite() types.Suite { return b.genesis.Suite() }

func (b *backend) GetProposal(id types.Hash) (*types.ProposalRecord, error) {
	p, err := state.ReadProposal(b.store, id)
	if err != nil {
		return nil, err
	}
	if p == nil {
		return nil, api.ErrNotFound
	}
	b.markExpired(p)
	return p, nil
}

// markExpired reports an open proposal whose voting period ended before the
// committed head's time as expired (votes on it would fail).
func (b *backend) markExpired(p *types.ProposalRecord) {
	if p.Status == types.ProposalStatus_PROPOSAL_OPEN && b.store.Head().TimeMs > p.ExpiresMs {
		p.Status = types.ProposalStatus_PROPOSAL_EXPIRED
		p.Reason = "the voting period ended without a decision"
	}
}

func (b *backend) ListProposals() ([]*types.ProposalRecord, error) {
	sn, err := b.store.Snapshot()
	if err != nil {
		return nil, err
	}
	defer sn.Close()
	var out []*types.ProposalRecord
	err = state.ScanProposals(sn, func(p *types.ProposalRecord) error {
		b.markExpired(p)
		out = append(out, p)
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].CreatedHeight > out[j].CreatedHeight })
	return out, err
}

func (b *backend) ChainConfig() (*types.ChainConfig, uint64) {
	return (*Node)(b).ChainConfig(), b.store.Head().Height
}

func (b *backend) QueryContract(_ context.Context, req *apipb.QueryContractRequest) (*apipb.QueryContractResponse, error) {
	to, err := hex.DecodeString(strings.TrimPrefix(req.To, "0x"))
	if err != nil || len(to) != 20 {
		return nil, types.Errorf(types.CodeInvalidPayload, "contract address %q must be 20 bytes of hex", req.To)
	}
	var from types.Hash
	if req.From != "" {
		if from, err = api.AccountRef(b.genesis.Suite(), req.From); err != nil {
			return nil, err
		}
	}
	res, height, err := b.ledger.Query(from, to, req.Input, req.GasLimit)
	if err != nil {
		return nil, err
	}
	out := &apipb.QueryContractResponse{ReturnData: res.ReturnData, GasUsed: res.GasUsed, Height: height}
	if res.Err != nil {
		out.ErrorCode = string(evm.ErrorCode(res.Err))
		out.Error = res.Err.Error()
		if res.RevertReason != "" {
			out.Error = "execution reverted: " + res.RevertReason
		}
	}
	return out, nil
}

// TxProof implements api.ProofBackend.
func (b *backend) TxProof(h types.Hash) (*proofpb.TxProof, error) {
	p, err := b.ledger.TxProof(h)
	return p, proofError(err)
}

// StateProof implements api.ProofBackend.
func (b *backend) StateProof(key []byte, height uint64, latest bool) (*proofpb.StateProof, error) {
	p, err := b.ledger.StateProof(key, height, latest)
	return p, proofError(err)
}

// ConfigChain implements api.ProofBackend.
func (b *backend) ConfigChain(toHeight uint64, latest bool) (*proofpb.ConfigChain, error) {
	p, err := b.ledger.ConfigChain(toHeight, latest)
	return p, proofError(err)
}

var _ api.ProofBackend = (*backend)(nil)

// proofError gives the chain's refusals the API's meaning, keeping their text.
func proofError(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, chain.ErrNotCertified):
		return apiError{err, api.ErrNotCertified}
	case errors.Is(err, chain.ErrNotFound):
		return apiError{err, api.ErrNotFound}
	}
	return err
}

// apiError is err, which also matches the API error kind.
type apiError struct {
	error
	kind error
}

func (e apiError) Unwrap() []error { return []error{e.error, e.kind} }

var _ api.LightClientBackend = (*backend)(nil)

var _ api.MessageBackend = (*backend)(nil)

// SentMessage implements api.MessageBackend.
func (b *backend) SentMessage(id types.Hash) (*types.SentMessage, error) {
	m, err := state.ReadSentMessage(b.store, id)
	if err != nil {
		return nil, err
	}
	if m == nil {
		return nil, types.Errorf(types.CodeMessageNotFound, "this chain sent no message %s", id)
	}
	return m, nil
}

// ReceivedMessage implements api.MessageBackend.
func (b *backend) ReceivedMessage(senderDomain string, id types.Hash) (*types.ReceivedMessage, error) {
	m, err := state.ReadReceivedMessage(b.store, types.SDPReceiptID(b.genesis.Suite(), senderDomain, id))
	if err != nil {
		return nil, err
	}
	if m == nil {
		return nil, types.Errorf(types.CodeMessageNotFound, "this chain has not received message %s of chain %q", id, senderDomain)
	}
	return m, nil
}

// snapshotRead runs f on a snapshot of the committed state, so that every
// read of one answer comes from the same height.
func (b *backend) snapshotRead(f func(sn *store.Snapshot) error) error {
	sn, err := b.store.Snapshot()
	if err != nil {
		return err
	}
	defer sn.Close()
	return f(sn)
}

// LightClients implements api.LightClientBackend.
func (b *backend) LightClients() ([]*types.LightClient, uint64, error) {
	var out []*types.LightClient
	var height uint64
	err := b.snapshotRead(func(sn *store.Snapshot) error {
		height = sn.Head().Height
		return state.ScanLightClients(sn, func(c *types.LightClient) error {
			out = append(out, c)
			return nil
		})
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].ChainId < out[j].ChainId })
	return out, height, err
}

// LightClient implements api.LightClientBackend.
func (b *backend) LightClient(chainID string) (*types.LightClient, error) {
	c, err := lightclient.Client(b.store, b.genesis.Suite(), chainID)
	if err != nil {
		return nil, err
	}
	if c == nil {
		return nil, types.Errorf(types.CodeClientNotFound, "no light client of chain %q is registered", chainID)
	}
	return c, nil
}

// LightClientHeader implements api.LightClientBackend.
func (b *backend) LightClientHeader(chainID string, height uint64) (*types.LightHeader, error) {
	var out *types.LightHeader
	err := b.snapshotRead(func(sn *store.Snapshot) error {
		c, h, terr, err := lightclient.Header(sn, b.genesis.Suite(), chainID, height)
		if err != nil {
			return err
		}
		if terr != nil && !(terr.Code == types.CodeClientFrozen && c != nil) {
			return terr
		}
		if terr != nil { // a frozen client's headers stay readable, as evidence
			inst, _ := types.HashOf(c.Instance)
			if height == 0 {
				height = c.LatestHeight
			}
			if h, err = state.ReadLightHeader(sn, inst, height); err != nil {
				return err
			}
			if h == nil {
				return types.Errorf(types.CodeHeaderNotFound, "the light client of chain %q keeps no verified header at height %d", chainID, height)
			}
		}
		out = h
		return nil
	})
	return out, err
}

// VerifyRemoteTx implements api.LightClientBackend.
func (b *backend) VerifyRemoteTx(chainID string, height uint64, p *proofpb.TxProof) (*verify.Tx, error) {
	var out *verify.Tx
	err := b.snapshotRead(func(sn *store.Snapshot) error {
		tx, terr, err := lightclient.VerifyTx(sn, b.genesis.Suite(), chainID, height, p)
		if err != nil {
			return err
		}
		if terr != nil {
			return terr
		}
		out = tx
		return nil
	})
	return out, err
}

// VerifyRemoteState implements api.LightClientBackend.
func (b *backend) VerifyRemoteState(chainID string, height uint64, key, value []byte, p *proofpb.SMTProof) error {
	return b.snapshotRead(func(sn *store.Snapshot) error {
		_, terr, err := lightclient.VerifyState(sn, b.genesis.Suite(), chainID, height, key, value, p)
		if err != nil {
			return err
		}
		if terr != nil {
			return terr
		}
		return nil
	})
}
