package consensus

import (
	"log/slog"
	"sort"
	"sync"

	bft "github.com/hyperledger-labs/SmartBFT/pkg/types"
	"google.golang.org/protobuf/proto"

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
	log    *slog.Logger
	// mu serialises commits with the synchronizer's.
	mu *sync.Mutex
	// reconfig is SmartBFT's view of a configuration change.
	reconfig func(*types.ChainConfig) bft.Reconfig
}

// Deliver implements SmartBFT's Application: the decided block is executed
// and stored before Deliver returns.
func (a *application) Deliver(p bft.Proposal, sigs []bft.Signature) bft.Reconfig {
	b, err := blockOf(p, sigs)
	if err != nil {
		a.log.Error("consensus: cannot decode a decided block", "err", err)
		panic(err)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if b.Header.Height <= a.ledger.Head().Height {
		return bft.Reconfig{}
	}
	changed, err := a.ledger.CommitBlock(b)
	if err != nil {
		a.log.Error("consensus: cannot commit a decided block; stopping", "height", b.Header.Height, "err", err)
		panic(err)
	}
	if changed != nil {
		a.log.Info("chain configuration changed", "height", b.Header.Height, "version", changed.Version, "nodes", changed.NodeIDs())
		return a.reconfig(changed)
	}
	return bft.Reconfig{}
}

// MembershipChange implements SmartBFT's MembershipNotifier. Membership
// changes reach SmartBFT through Deliver's and Sync's reconfiguration results.
func (a *application) MembershipChange() bool { return false }

// blockOf turns a decision into a block.
func blockOf(p bft.Proposal, sigs []bft.Signature) (*types.Block, error) {
	header := &types.BlockHeader{}
	if err := proto.Unmarshal(p.Header, header); err != nil {
		return nil, err
	}
	batch := &types.TxBatch{}
	if err := proto.Unmarshal(p.Payload, batch); err != nil {
		return nil, err
	}
	b := &types.Block{Header: header, ConsensusMetadata: p.Metadata}
	for _, raw := range batch.Txs {
		tx := &types.Transaction{}
		if err := proto.Unmarshal(raw, tx); err != nil {
			return nil, err
		}
		b.Txs = append(b.Txs, tx)
	}
	for _, s := range sigs {
		b.Signatures = append(b.Signatures, &types.QuorumSignature{Signer: s.ID, Signature: s.Value, Aux: s.Msg})
	}
	sort.Slice(b.Signatures, func(i, j int) bool { return b.Signatures[i].Signer < b.Signatures[j].Signer })
	return b, nil
}

// ConfigVersions is implemented by a Ledger that can tell the version of
// the chain configuration in force at a height. The consensus then rebuilds
// a stored block's decision with the verification sequence it was decided
// with: SmartBFT compares the last decisions of nodes during a view change,
// and a node that restarted or synced (whose last decision comes from its
// store) would otherwise differ from the others after any configuration
// change, and be left out of the view change.
type ConfigVersions interface {
	ConfigVersionAt(height uint64) (uint64, error)
}

// storedDecision is decisionOf(b) with its verification sequence, when the
// ledger can tell it.
func (a *application) storedDecision(b *types.Block) bft.Decision {
	d := decisionOf(b)
	if cv, ok := a.ledger.(ConfigVersions); ok {
		if v, err := cv.ConfigVersionAt(b.Header.Height); err == nil {
			d.Proposal.VerificationSequence = int64(v)
		} else {
			a.log.Warn("consensus: configuration version of a stored block unknown", "height", b.Header.Height, "err", err)
		}
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
