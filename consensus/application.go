package consensus

import (
	"log/slog"
	"sort"
	"sync"

	bft "github.com/hyperledger-labs/SmartBFT/pkg/types"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/execution"
	"github.com/causeway/causeway/types"
)

// application implements SmartBFT's Application and MembershipNotifier: a
// decided proposal becomes a block with its commit signatures, which the
// ledger executes and stores before Deliver returns. A block at or below
// the committed head (already committed through sync) is skipped, and a
// block the ledger cannot commit stops the replica (panic), since every
// other node committed it. A configuration change the block made is
// returned to SmartBFT as its reconfiguration.
type application struct {
	ledger Ledger
	txs    *execution.TxCache
	log    *slog.Logger
	// mu serialises commits with the synchronizer's.
	mu *sync.Mutex
	// reconfig puts a configuration change in force in the replica and
	// returns SmartBFT's view of it.
	reconfig func(*types.ChainConfig) bft.Reconfig
}

// Deliver implements SmartBFT's Application: the decided block is executed
// and stored before Deliver returns.
func (a *application) Deliver(p bft.Proposal, sigs []bft.Signature) bft.Reconfig {
	b, txs, err := blockOf(a.txs, p, sigs)
	if err != nil {
		a.log.Error("consensus: cannot decode a decided block", "err", err)
		panic(err)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if b.Header.Height <= a.ledger.Head().Height {
		return bft.Reconfig{}
	}
	applied, err := a.ledger.Apply(b, txs)
	if err != nil {
		a.log.Error("consensus: cannot commit a decided block; stopping", "height", b.Header.Height, "err", err)
		panic(err)
	}
	if applied.Config != nil {
		return a.reconfig(applied.Config)
	}
	return bft.Reconfig{}
}

// MembershipChange implements SmartBFT's MembershipNotifier. Membership
// changes reach SmartBFT through Deliver's and Sync's reconfiguration results.
func (a *application) MembershipChange() bool { return false }

// blockOf turns a decision into a block, and its transactions decoded
// (through the cache: the verifier decoded them when it checked the
// proposal).
func blockOf(cache *execution.TxCache, p bft.Proposal, sigs []bft.Signature) (*types.Block, []*types.DecodedTx, error) {
	header := &types.BlockHeader{}
	if err := proto.Unmarshal(p.Header, header); err != nil {
		return nil, nil, err
	}
	batch := &types.TxBatch{}
	if err := proto.Unmarshal(p.Payload, batch); err != nil {
		return nil, nil, err
	}
	b := &types.Block{Header: header, ConsensusMetadata: p.Metadata, Txs: make([]*types.Transaction, 0, len(batch.Txs))}
	txs := make([]*types.DecodedTx, 0, len(batch.Txs))
	for _, raw := range batch.Txs {
		d, err := cache.Decode(raw, 0)
		if err != nil {
			return nil, nil, err
		}
		b.Txs = append(b.Txs, d.Tx)
		txs = append(txs, d)
	}
	for _, s := range sigs {
		b.Signatures = append(b.Signatures, &types.QuorumSignature{Signer: s.ID, Signature: s.Value, Aux: s.Msg})
	}
	sort.Slice(b.Signatures, func(i, j int) bool { return b.Signatures[i].Signer < b.Signatures[j].Signer })
	return b, txs, nil
}

// storedDecision is decisionOf(b) with the verification sequence it was
// decided with (see Ledger.ConfigVersionAt).
func (a *application) storedDecision(b *types.Block) bft.Decision {
	d := decisionOf(b)
	if v, err := a.ledger.ConfigVersionAt(b.Header.Height); err == nil {
		d.Proposal.VerificationSequence = int64(v)
	} else {
		a.log.Warn("consensus: configuration version of a stored block unknown", "height", b.Header.Height, "err", err)
	}
	return d
}

// decisionOf turns a stored block back into SmartBFT's decision.
func decisionOf(b *types.Block) bft.Decision {
	txs := make([][]byte, len(b.Txs))
	for i, tx := range b.Txs {
		txs[i] = types.EncodeTx(tx)
	}
	d := bft.Decision{Proposal: bft.Proposal{
		Header:   mustMarshal(b.Header),
		Payload:  mustMarshal(&types.TxBatch{Txs: txs}),
		Metadata: b.ConsensusMetadata,
	}}
	for _, s := range b.Signatures {
		d.Signatures = append(d.Signatures, bft.Signature{ID: s.Signer, Value: s.Signature, Msg: s.Aux})
	}
	return d
}
