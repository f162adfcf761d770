package consensus

import (
	"log/slog"
	"sync/atomic"

	bft "github.com/hyperledger-labs/SmartBFT/pkg/types"
	"github.com/hyperledger-labs/SmartBFT/smartbftprotos"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/execution"
	"github.com/causeway/causeway/types"
)

// assembler implements SmartBFT's Assembler: on the leader, it turns a batch
// of pool requests into a proposal whose header chains to the committed
// head, at the clock's time (never before the parent's). It keeps only the
// requests the verifier's rules accept at that time, once each, and has the
// others removed from the pool so that they do not keep timing out. A
// proposal built only from transactions whose signatures this node verified
// is recorded as checked, so the verifier does not check it again.
type assembler struct {
	selfID  uint64
	chainID string
	suite   types.Suite
	ledger  Ledger
	clock   Clock
	chain   *inForce
	rules   *txRules
	// txs and checked are shared with the verifier.
	txs     *execution.TxCache
	checked *atomic.Pointer[checkedProposal]
	// removeFromPool drops refused requests from SmartBFT's pool.
	removeFromPool func([]bft.RequestInfo)
	log            *slog.Logger
}

// now returns the block time to propose: never before the parent's.
func (a *assembler) now(parent int64) int64 {
	t := a.clock.Now().UnixMilli()
	if t < parent {
		return parent
	}
	return t
}

// AssembleProposal implements SmartBFT's Assembler. Requests that are no
// longer valid (expired, committed meanwhile, repeated) are left out and
// removed from the pool, so that they do not keep timing out.
func (a *assembler) AssembleProposal(metadata []byte, requests [][]byte) bft.Proposal {
	md := &smartbftprotos.ViewMetadata{}
	if err := proto.Unmarshal(metadata, md); err != nil {
		a.log.Error("assembler: bad metadata", "err", err)
	}
	head := a.ledger.Head()
	timeMs := a.now(head.TimeMs)
	params := a.chain.params()
	win := params.TimeWindow()
	seen := make(map[types.Hash]struct{}, len(requests))
	txs := make([][]byte, 0, len(requests))
	hashes := make([]types.Hash, 0, len(requests))
	infos := make([]bft.RequestInfo, 0, len(requests))
	allVerified := true
	var dropped []bft.RequestInfo
	for _, raw := range requests {
		d, err := a.txs.Decode(raw, params.MaxTxBytes)
		if err == nil {
			if _, dup := seen[d.Hash]; dup {
				err = types.Errorf(types.CodeDuplicate, "repeated in batch")
			} else if err = a.rules.checkTx(d, timeMs, win); err == nil {
				seen[d.Hash] = struct{}{}
				txs = append(txs, raw)
				hashes = append(hashes, d.Hash)
				infos = append(infos, requestInfo(d))
				allVerified = allVerified && a.txs.Verified(d)
				continue
			}
			dropped = append(dropped, requestInfo(d))
		} else {
			dropped = append(dropped, requestID(a.txs, a.suite, raw))
		}
		a.log.Debug("assembler: leaving out request", "err", err)
	}
	if len(dropped) > 0 {
		a.removeFromPool(dropped)
	}
	header := &types.BlockHeader{
		ChainId:     a.chainID,
		Height:      md.LatestSequence,
		PrevHash:    head.Hash.Bytes(),
		TimeMs:      timeMs,
		TxRoot:      a.suite.TxRoot(hashes),
		StateRoot:   head.StateRoot,
		ReceiptRoot: head.ReceiptRoot,
		TxCount:     uint32(len(txs)),
		Proposer:    a.selfID,
	}
	p := bft.Proposal{
		Header:               mustMarshal(header),
		Payload:              mustMarshal(&types.TxBatch{Txs: txs}),
		Metadata:             metadata,
		VerificationSequence: int64(a.chain.version.Load()),
	}
	if allVerified {
		// Every transaction was checked just now and its signatures when
		// admitted: SmartBFT's verification of this node's own proposal
		// need not decode and check them again.
		a.checked.Store(newCheckedProposal(p, head.Hash, infos))
	}
	return p
}
