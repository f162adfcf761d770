package consensus

import (
	"bytes"
	"errors"
	"fmt"
	"sync/atomic"

	bft "github.com/hyperledger-labs/SmartBFT/pkg/types"
	"github.com/hyperledger-labs/SmartBFT/smartbftprotos"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/execution"
	"github.com/causeway/causeway/internal/testonly"
	"github.com/causeway/causeway/types"
)

// txRules applies the one transaction check (execution.CheckTx) with
// the committed ledger as the replay set: the verifier to proposals (at
// the block time) and forwarded requests (at the clock's time), the
// assembler to the requests it batches.
type txRules struct {
	chainID string
	ledger  Ledger
}

// checkTx returns CheckTx's verdict at timeMs: a *types.TxError, or the
// error reading the ledger.
func (r *txRules) checkTx(d *types.DecodedTx, timeMs int64, win types.TimeWindow) error {
	terr, err := execution.CheckTx(d, execution.TxContext{ChainID: r.chainID, Window: win, TimeMs: timeMs, Committed: r.ledger.HasTx})
	if err != nil {
		return err
	}
	if terr != nil {
		return terr
	}
	return nil
}

// verifier implements SmartBFT's Verifier and RequestInspector. It accepts
// a proposal only if its header extends the committed head with a time
// within the clock's drift bound, and every transaction is canonical, for
// this chain, inside its time window at the block time, not committed
// before, not repeated, and correctly signed (each signature verified once
// per node, through the verified set). It accepts commit and protocol
// signatures only from the node set in force.
type verifier struct {
	chainID string
	suite   types.Suite
	ledger  Ledger
	clock   Clock
	chain   *inForce
	rules   *txRules
	// txs decodes transactions once per node and verifies each signature
	// once; checked is the last proposal checked in full (shared with the
	// assembler, whose own proposals it recognises).
	txs     *execution.TxCache
	checked *atomic.Pointer[checkedProposal]
}

// ErrBadProposal wraps every reason a proposal is refused.
var ErrBadProposal = errors.New("bad proposal")

func badProposal(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrBadProposal, fmt.Sprintf(format, a...))
}

// RequestID implements SmartBFT's RequestInspector: a request is identified
// by its transaction hash, and its client by the sender account.
func (v *verifier) RequestID(raw []byte) bft.RequestInfo { return requestID(v.txs, v.suite, raw) }

func requestID(txs *execution.TxCache, suite types.Suite, raw []byte) bft.RequestInfo {
	d, err := txs.Decode(raw, 0)
	if err != nil {
		h := suite.Sum(raw)
		return bft.RequestInfo{ID: h.String(), ClientID: "malformed"}
	}
	return requestInfo(d)
}

func requestInfo(d *types.DecodedTx) bft.RequestInfo {
	return bft.RequestInfo{ID: d.Hash.String(), ClientID: fmt.Sprintf("%x", d.Body.Sender)}
}

// VerifyProposal implements SmartBFT's Verifier: the header must extend the
// committed head, and every transaction must be canonical, for this chain,
// inside its time window at the block time, new, and correctly signed.
func (v *verifier) VerifyProposal(p bft.Proposal) ([]bft.RequestInfo, error) {
	header := &types.BlockHeader{}
	if err := proto.Unmarshal(p.Header, header); err != nil {
		return nil, badProposal("header: %v", err)
	}
	md := &smartbftprotos.ViewMetadata{}
	if err := proto.Unmarshal(p.Metadata, md); err != nil {
		return nil, badProposal("metadata: %v", err)
	}
	head := v.ledger.Head()
	params := v.chain.params()
	switch {
	case header.ChainId != v.chainID:
		return nil, badProposal("chain id %q", header.ChainId)
	case header.Height != md.LatestSequence:
		return nil, badProposal("height %d but sequence %d", header.Height, md.LatestSequence)
	case header.Height != head.Height+1:
		return nil, badProposal("height %d does not follow committed height %d", header.Height, head.Height)
	case !bytes.Equal(header.PrevHash, head.Hash[:]):
		return nil, badProposal("previous hash %x is not the committed head %s", header.PrevHash, head.Hash)
	case !bytes.Equal(header.StateRoot, head.StateRoot):
		return nil, badProposal("state root %x, expected %x", header.StateRoot, head.StateRoot)
	case !bytes.Equal(header.ReceiptRoot, head.ReceiptRoot):
		return nil, badProposal("receipt root %x, expected %x", header.ReceiptRoot, head.ReceiptRoot)
	case header.TimeMs < head.TimeMs:
		return nil, badProposal("time %d before parent's %d", header.TimeMs, head.TimeMs)
	case header.TimeMs > v.clock.Now().UnixMilli()+params.BlockTimeDriftMs:
		return nil, badProposal("time %d is too far ahead of this node's clock", header.TimeMs)
	}
	if infos, ok := v.checked.Load().match(p, head.Hash); ok {
		return infos, nil
	}
	batch := &types.TxBatch{}
	if err := proto.Unmarshal(p.Payload, batch); err != nil {
		return nil, badProposal("payload: %v", err)
	}
	if uint64(len(batch.Txs)) > params.BatchMaxCount || uint64(len(p.Payload)) > params.BatchMaxBytes+uint64(16*len(batch.Txs)) {
		return nil, badProposal("batch of %d txs, %d bytes exceeds the limits", len(batch.Txs), len(p.Payload))
	}
	if int(header.TxCount) != len(batch.Txs) {
		return nil, badProposal("header counts %d txs, payload has %d", header.TxCount, len(batch.Txs))
	}
	win := params.TimeWindow()
	decoded := make([]*types.DecodedTx, len(batch.Txs))
	hashes := make([]types.Hash, len(batch.Txs))
	infos := make([]bft.RequestInfo, len(batch.Txs))
	seen := make(map[types.Hash]struct{}, len(batch.Txs))
	for i, raw := range batch.Txs {
		d, err := v.txs.Decode(raw, params.MaxTxBytes)
		if err != nil {
			return nil, badProposal("tx %d: %v", i, err)
		}
		if !execution.Canonical(d, raw) {
			return nil, badProposal("tx %d is not canonically encoded", i)
		}
		if _, dup := seen[d.Hash]; dup {
			return nil, badProposal("tx %d (%s) repeated", i, d.Hash)
		}
		seen[d.Hash] = struct{}{}
		if err := v.rules.checkTx(d, header.TimeMs, win); err != nil {
			return nil, badProposal("tx %d (%s): %v", i, d.Hash, err)
		}
		decoded[i], hashes[i], infos[i] = d, d.Hash, requestInfo(d)
	}
	for i, err := range v.txs.Verify(decoded) {
		if err != nil && !testonly.SkipProposalSignatures.Load() {
			return nil, badProposal("tx %d (%s): %v", i, decoded[i].Hash, err)
		}
	}
	if !bytes.Equal(header.TxRoot, v.suite.TxRoot(hashes)) {
		return nil, badProposal("tx root does not match the transactions")
	}
	v.checked.Store(newCheckedProposal(p, head.Hash, infos))
	return infos, nil
}

// RequestsFromProposal implements SmartBFT's Verifier.
func (v *verifier) RequestsFromProposal(p bft.Proposal) []bft.RequestInfo {
	if infos, ok := v.checked.Load().match(p, types.Hash{}); ok {
		return infos
	}
	batch := &types.TxBatch{}
	if err := proto.Unmarshal(p.Payload, batch); err != nil {
		return nil
	}
	out := make([]bft.RequestInfo, 0, len(batch.Txs))
	for _, raw := range batch.Txs {
		out = append(out, v.RequestID(raw))
	}
	return out
}

// VerifyRequest implements SmartBFT's Verifier, for requests forwarded by peers.
func (v *verifier) VerifyRequest(raw []byte) (bft.RequestInfo, error) {
	params := v.chain.params()
	d, err := v.txs.Decode(raw, params.MaxTxBytes)
	if err != nil {
		return bft.RequestInfo{}, err
	}
	if !execution.Canonical(d, raw) {
		return bft.RequestInfo{}, types.Errorf(types.CodeMalformed, "not canonically encoded")
	}
	if err := v.rules.checkTx(d, v.clock.Now().UnixMilli(), params.TimeWindow()); err != nil {
		return bft.RequestInfo{}, err
	}
	if err := v.txs.Verify([]*types.DecodedTx{d})[0]; err != nil {
		return bft.RequestInfo{}, err
	}
	return requestInfo(d), nil
}

// VerifyConsenterSig implements SmartBFT's Verifier.
func (v *verifier) VerifyConsenterSig(s bft.Signature, p bft.Proposal) ([]byte, error) {
	header := &types.BlockHeader{}
	if err := proto.Unmarshal(p.Header, header); err != nil {
		return nil, badProposal("header: %v", err)
	}
	digest := v.suite.CommitMessage(v.chainID, header.Height, v.suite.HeaderHash(header), s.Msg)
	if err := v.chain.committee().Verify(s.ID, digest, s.Value); err != nil {
		return nil, err
	}
	return s.Msg, nil
}

// VerifySignature implements SmartBFT's Verifier for protocol messages.
func (v *verifier) VerifySignature(s bft.Signature) error {
	return v.chain.committee().Verify(s.ID, messageDigest(v.suite, s.Msg), s.Value)
}

// VerificationSequence implements SmartBFT's Verifier: the version of the
// chain configuration in force.
func (v *verifier) VerificationSequence() uint64 { return v.chain.version.Load() }

// AuxiliaryData implements SmartBFT's Verifier: aux travels as the signature's message.
func (v *verifier) AuxiliaryData(msg []byte) []byte { return msg }
