package consensus

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	smartbft "github.com/hyperledger-labs/SmartBFT/pkg/consensus"
	bft "github.com/hyperledger-labs/SmartBFT/pkg/types"
	"github.com/hyperledger-labs/SmartBFT/pkg/wal"
	"github.com/hyperledger-labs/SmartBFT/smartbftprotos"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/internal/testonly"
	"github.com/causeway/causeway/p2p/p2ppb"
	"github.com/causeway/causeway/store"
	"github.com/causeway/causeway/types"
)

// Ledger is the committed chain the consensus builds on.
type Ledger interface {
	// Head is the last committed block.
	Head() store.Head
	Block(height uint64) (*types.Block, error)
	HasTx(h types.Hash) (bool, error)
	// CommitBlock executes b and stores it durably. b is at Head().Height+1
	// and carries its commit quorum. When the block changed the chain
	// configuration, it returns the new one, after calling Reconfigure.
	CommitBlock(b *types.Block) (*types.ChainConfig, error)
}

// Transport carries messages to peers and fetches blocks from them.
type Transport interface {
	Send(to uint64, m *p2ppb.PeerMessage) bool
	PeerHeight(ctx context.Context, id uint64) (uint64, error)
	FetchBlocks(ctx context.Context, id, from, to uint64, fn func(*types.Block) error) error
}

// Config configures a node's consensus.
type Config struct {
	SelfID  uint64
	Genesis *types.Genesis
	// Chain is the configuration in force at the committed head.
	Chain *types.ChainConfig
	// Signer is the node's consensus signing key (its signing certificate's
	// key); SetSigner replaces it after a certificate rotation.
	Signer types.Signer
	// WALDir holds SmartBFT's write-ahead log.
	WALDir string
	Tuning Tuning
	Logger *slog.Logger
	// Now is the clock used for block times; time.Now if nil.
	Now func() time.Time
	// Tickers, if set, makes the two tick channels SmartBFT runs on (its
	// scheduler and its view changer's ticker) instead of wall-clock
	// tickers of Tuning.Tick; Stop calls stop. The simulator (internal/sim)
	// drives them.
	Tickers func() (scheduler, viewChanger <-chan time.Time, stop func())
}

// Consensus is one node's SmartBFT replica with Causeway's adapter.
type Consensus struct {
	cfg     Config
	suite   types.Suite
	chainID string
	ledger  Ledger
	// The chain configuration in force: it changes when governance executes
	// a change, from the next block on (Reconfigure).
	committeePtr atomic.Pointer[Committee]
	paramsPtr    atomic.Pointer[types.ChainParams]
	version      atomic.Uint64
	net          Transport
	log          *slog.Logger
	verified     *VerifiedSet

	bft     *smartbft.Consensus
	tickers func() // stops the tick sources
	running atomic.Bool
	syncMu  sync.Mutex

	// signer is the signing key in use: cfg.Signer until SetSigner.
	signer atomic.Pointer[signerBox]

	badMsgs atomic.Uint64
	// checked is the last proposal this node assembled or verified in full.
	checked atomic.Pointer[checkedProposal]
}

// New makes a replica; Start runs it.
func New(cfg Config, ledger Ledger, net Transport) (*Consensus, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Tuning == (Tuning{}) {
		cfg.Tuning = DefaultTuning()
	}
	if cfg.Chain == nil {
		cfg.Chain = cfg.Genesis.Config()
	}
	c := &Consensus{
		cfg: cfg, suite: cfg.Genesis.Suite(), chainID: cfg.Genesis.ChainID, ledger: ledger, net: net,
		log: cfg.Logger, verified: NewVerifiedSet(1 << 18),
	}
	if err := c.Reconfigure(cfg.Chain); err != nil {
		return nil, err
	}
	c.signer.Store(&signerBox{cfg.Signer})
	return c, nil
}

type signerBox struct{ types.Signer }

// SetSigner makes s the node's consensus signing key from the next
// signature on: a node whose signing certificate governance rotated
// switches to the new key without a restart. Signatures already sent stay
// valid while the chain configuration still lists the old key (the
// rotation's overlap).
func (c *Consensus) SetSigner(s types.Signer) { c.signer.Store(&signerBox{s}) }

// Signer returns the signing key in use.
func (c *Consensus) Signer() types.Signer { return c.signer.Load().Signer }

// Reconfigure puts a new chain configuration in force: its node set signs
// and verifies the next blocks, its parameters bound them. The consensus
// library itself is reconfigured through Deliver's result.
func (c *Consensus) Reconfigure(cfg *types.ChainConfig) error {
	com, err := CommitteeOf(c.chainID, c.suite, cfg.Nodes)
	if err != nil {
		return err
	}
	params := cfg.Params
	c.committeePtr.Store(com)
	c.paramsPtr.Store(&params)
	c.version.Store(cfg.Version)
	return nil
}

func (c *Consensus) committee() *Committee     { return c.committeePtr.Load() }
func (c *Consensus) params() types.ChainParams { return *c.paramsPtr.Load() }

// IsConsenter reports whether this node is in the current node set.
func (c *Consensus) IsConsenter() bool { return c.committee().Contains(c.cfg.SelfID) }

// Running reports whether the replica runs and takes part in consensus: a
// node that governance removed from the node set stops (SmartBFT evicts it).
func (c *Consensus) Running() bool { return c.running.Load() && c.IsConsenter() }

// reconfigOf is SmartBFT's view of a configuration change.
func (c *Consensus) reconfigOf(cfg *types.ChainConfig) bft.Reconfig {
	return bft.Reconfig{InLatestDecision: true, CurrentNodes: cfg.NodeIDs(), CurrentConfig: bftConfig(c.cfg.SelfID, cfg.Params, c.cfg.Tuning)}
}

// Verified is the node's set of signature-verified transactions.
func (c *Consensus) Verified() *VerifiedSet { return c.verified }

// Committee returns the consensus nodes and their keys.
func (c *Consensus) Committee() *Committee { return c.committee() }

// Start opens the WAL, restores the last decision from the ledger and starts SmartBFT.
func (c *Consensus) Start() error {
	if !c.IsConsenter() {
		return ErrNotConsenter
	}
	lg := bftLogger{c.log.With("component", "smartbft")}
	w, entries, err := wal.InitializeAndReadAll(lg, c.cfg.WALDir, nil)
	if err != nil {
		return fmt.Errorf("consensus: WAL %s: %w", c.cfg.WALDir, err)
	}
	md := &smartbftprotos.ViewMetadata{}
	var last bft.Decision
	head := c.ledger.Head()
	if head.Height > 0 {
		b, err := c.ledger.Block(head.Height)
		if err != nil {
			return fmt.Errorf("consensus: last block: %w", err)
		}
		if err := proto.Unmarshal(b.ConsensusMetadata, md); err != nil {
			return fmt.Errorf("consensus: last block metadata: %w", err)
		}
		last = c.storedDecision(b)
	}
	var sched, vcTicks <-chan time.Time
	if c.cfg.Tickers != nil {
		sched, vcTicks, c.tickers = c.cfg.Tickers()
	} else {
		t1 := time.NewTicker(c.cfg.Tuning.Tick)
		t2 := time.NewTicker(c.cfg.Tuning.Tick)
		sched, vcTicks = t1.C, t2.C
		c.tickers = func() { t1.Stop(); t2.Stop() }
	}
	c.bft = &smartbft.Consensus{
		Config:             bftConfig(c.cfg.SelfID, *c.paramsPtr.Load(), c.cfg.Tuning),
		Application:        c,
		Assembler:          c,
		WAL:                w,
		WALInitialContent:  entries,
		Comm:               comm{c},
		Signer:             c,
		Verifier:           c,
		MembershipNotifier: c,
		RequestInspector:   c,
		Synchronizer:       c,
		Logger:             lg,
		Metadata:           md,
		LastProposal:       last.Proposal,
		LastSignatures:     last.Signatures,
		Scheduler:          sched,
		ViewChangerTicker:  vcTicks,
	}
	if err := c.bft.Start(); err != nil {
		return fmt.Errorf("consensus: %w", err)
	}
	c.running.Store(true)
	return nil
}

// Stop halts the replica. It is safe to call more than once.
func (c *Consensus) Stop() {
	if !c.running.Swap(false) {
		return
	}
	c.bft.Stop()
	c.tickers()
}

// ErrNotConsenter is returned by Start when this node is not in the node set
// (yet): a joining node syncs until governance has added it.
var ErrNotConsenter = errors.New("this node is not a consensus node of the chain")

// ErrNotRunning is returned when submitting to a stopped replica.
var ErrNotRunning = errors.New("consensus is not running")

// Submit adds a verified, canonical transaction to the ordering pool.
func (c *Consensus) Submit(raw []byte) error {
	if !c.running.Load() {
		return ErrNotRunning
	}
	return c.bft.SubmitRequest(raw)
}

// Prune removes from the pool the requests for which drop returns true.
func (c *Consensus) Prune(drop func(raw []byte) bool) {
	if !c.running.Load() || c.bft.Pool == nil {
		return
	}
	c.bft.Pool.Prune(func(raw []byte) error {
		if drop(raw) {
			return errors.New("pruned")
		}
		return nil
	})
}

// PoolSize returns how many requests wait for ordering.
func (c *Consensus) PoolSize() int {
	if !c.running.Load() || c.bft.Pool == nil {
		return 0
	}
	return c.bft.Pool.Size()
}

// Leader returns the current leader's id, 0 if unknown.
func (c *Consensus) Leader() uint64 {
	if !c.running.Load() {
		return 0
	}
	return c.bft.GetLeaderID()
}

// HandleConsensus passes a peer's protocol message to SmartBFT. Garbage is
// dropped and counted.
func (c *Consensus) HandleConsensus(from uint64, raw []byte) {
	if !c.running.Load() {
		return
	}
	m := &smartbftprotos.Message{}
	if err := proto.Unmarshal(raw, m); err != nil || m.Content == nil {
		if c.badMsgs.Add(1)%100 == 1 {
			c.log.Warn("dropping malformed consensus message", "from", from, "err", err, "total", c.badMsgs.Load())
		}
		return
	}
	c.bft.HandleMessage(from, m)
}

// HandleForward passes a request forwarded by a peer to SmartBFT, which
// verifies it before adding it to the pool.
func (c *Consensus) HandleForward(from uint64, raw []byte) {
	if !c.running.Load() {
		return
	}
	c.bft.HandleRequest(from, raw)
}

// BadMessages counts malformed protocol messages received.
func (c *Consensus) BadMessages() uint64 { return c.badMsgs.Load() }

// comm implements SmartBFT's Comm over the Transport.
type comm struct{ c *Consensus }

func (m comm) SendConsensus(to uint64, msg *smartbftprotos.Message) {
	b, err := proto.Marshal(msg)
	if err != nil {
		return
	}
	m.c.net.Send(to, &p2ppb.PeerMessage{Kind: &p2ppb.PeerMessage_Consensus{Consensus: b}})
}

func (m comm) SendTransaction(to uint64, req []byte) {
	m.c.net.Send(to, &p2ppb.PeerMessage{Kind: &p2ppb.PeerMessage_Forward{Forward: req}})
}

func (m comm) Nodes() []uint64 { return m.c.committee().IDs() }

// MembershipChange implements SmartBFT's MembershipNotifier. Membership
// changes reach SmartBFT through Deliver's and Sync's reconfiguration results.
func (c *Consensus) MembershipChange() bool { return false }

// RequestID implements SmartBFT's RequestInspector: a request is identified
// by its transaction hash, and its client by the sender account.
func (c *Consensus) RequestID(raw []byte) bft.RequestInfo {
	d, err := c.suite.DecodeTx(raw, 0)
	if err != nil {
		h := c.suite.Sum(raw)
		return bft.RequestInfo{ID: h.String(), ClientID: "malformed"}
	}
	return requestInfo(d)
}

func requestInfo(d *types.DecodedTx) bft.RequestInfo {
	return bft.RequestInfo{ID: d.Hash.String(), ClientID: fmt.Sprintf("%x", d.Body.Sender)}
}

// now returns the block time to propose: never before the parent's.
func (c *Consensus) now(parent int64) int64 {
	t := c.cfg.Now().UnixMilli()
	if t < parent {
		return parent
	}
	return t
}

// AssembleProposal implements SmartBFT's Assembler. Requests that are no
// longer valid (expired, committed meanwhile, repeated) are left out and
// removed from the pool, so that they do not keep timing out.
func (c *Consensus) AssembleProposal(metadata []byte, requests [][]byte) bft.Proposal {
	md := &smartbftprotos.ViewMetadata{}
	if err := proto.Unmarshal(metadata, md); err != nil {
		c.log.Error("assembler: bad metadata", "err", err)
	}
	head := c.ledger.Head()
	timeMs := c.now(head.TimeMs)
	win := c.params().TimeWindow()
	seen := make(map[types.Hash]struct{}, len(requests))
	txs := make([][]byte, 0, len(requests))
	hashes := make([]types.Hash, 0, len(requests))
	infos := make([]bft.RequestInfo, 0, len(requests))
	allVerified := true
	var dropped []bft.RequestInfo
	for _, raw := range requests {
		d, err := c.suite.DecodeTx(raw, c.params().MaxTxBytes)
		if err == nil {
			if _, dup := seen[d.Hash]; dup {
				err = types.Errorf(types.CodeDuplicate, "repeated in batch")
			} else if err = c.checkTx(d, timeMs, win); err == nil {
				seen[d.Hash] = struct{}{}
				txs = append(txs, raw)
				hashes = append(hashes, d.Hash)
				infos = append(infos, requestInfo(d))
				allVerified = allVerified && c.verified.Contains(VerifiedKey(d))
				continue
			}
			dropped = append(dropped, requestInfo(d))
		} else {
			dropped = append(dropped, c.RequestID(raw))
		}
		c.log.Debug("assembler: leaving out request", "err", err)
	}
	if len(dropped) > 0 {
		go func() {
			for _, info := range dropped {
				_ = c.bft.Pool.RemoveRequest(info)
			}
		}()
	}
	header := &types.BlockHeader{
		ChainId:     c.chainID,
		Height:      md.LatestSequence,
		PrevHash:    head.Hash.Bytes(),
		TimeMs:      timeMs,
		TxRoot:      c.suite.TxRoot(hashes),
		StateRoot:   head.StateRoot,
		ReceiptRoot: head.ReceiptRoot,
		TxCount:     uint32(len(txs)),
		Proposer:    c.cfg.SelfID,
	}
	p := bft.Proposal{
		Header:               mustMarshal(header),
		Payload:              mustMarshal(&types.TxBatch{Txs: txs}),
		Metadata:             metadata,
		VerificationSequence: int64(c.version.Load()),
	}
	if allVerified {
		// Every transaction was checked just now and its signatures when
		// admitted: SmartBFT's verification of this node's own proposal
		// need not decode and check them again.
		c.checked.Store(newCheckedProposal(p, head.Hash, infos))
	}
	return p
}

// checkTx applies the per-transaction rules that do not need signatures:
// chain id, time window against the block time, and the replay set.
func (c *Consensus) checkTx(d *types.DecodedTx, timeMs int64, win types.TimeWindow) error {
	if d.Body.ChainId != c.chainID {
		return types.Errorf(types.CodeWrongChain, "transaction is for chain %q, this is %q", d.Body.ChainId, c.chainID)
	}
	if err := win.CheckTime(d.Body, timeMs); err != nil {
		return err
	}
	seen, err := c.ledger.HasTx(d.Hash)
	if err != nil {
		return err
	}
	if seen {
		return types.Errorf(types.CodeDuplicate, "transaction %s is already committed", d.Hash)
	}
	return nil
}

func mustMarshal(m proto.Message) []byte {
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(m)
	if err != nil {
		panic(err)
	}
	return b
}

// ErrBadProposal wraps every reason a proposal is refused.
var ErrBadProposal = errors.New("bad proposal")

func badProposal(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrBadProposal, fmt.Sprintf(format, a...))
}

// VerifyProposal implements SmartBFT's Verifier: the header must extend the
// committed head, and every transaction must be canonical, for this chain,
// inside its time window at the block time, new, and correctly signed.
func (c *Consensus) VerifyProposal(p bft.Proposal) ([]bft.RequestInfo, error) {
	header := &types.BlockHeader{}
	if err := proto.Unmarshal(p.Header, header); err != nil {
		return nil, badProposal("header: %v", err)
	}
	md := &smartbftprotos.ViewMetadata{}
	if err := proto.Unmarshal(p.Metadata, md); err != nil {
		return nil, badProposal("metadata: %v", err)
	}
	head := c.ledger.Head()
	switch {
	case header.ChainId != c.chainID:
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
	case header.TimeMs > c.cfg.Now().UnixMilli()+c.params().BlockTimeDriftMs:
		return nil, badProposal("time %d is too far ahead of this node's clock", header.TimeMs)
	}
	if infos, ok := c.checked.Load().match(p, head.Hash); ok {
		return infos, nil
	}
	batch := &types.TxBatch{}
	if err := proto.Unmarshal(p.Payload, batch); err != nil {
		return nil, badProposal("payload: %v", err)
	}
	if uint64(len(batch.Txs)) > c.params().BatchMaxCount || uint64(len(p.Payload)) > c.params().BatchMaxBytes+uint64(16*len(batch.Txs)) {
		return nil, badProposal("batch of %d txs, %d bytes exceeds the limits", len(batch.Txs), len(p.Payload))
	}
	if int(header.TxCount) != len(batch.Txs) {
		return nil, badProposal("header counts %d txs, payload has %d", header.TxCount, len(batch.Txs))
	}
	win := c.params().TimeWindow()
	decoded := make([]*types.DecodedTx, len(batch.Txs))
	hashes := make([]types.Hash, len(batch.Txs))
	infos := make([]bft.RequestInfo, len(batch.Txs))
	seen := make(map[types.Hash]struct{}, len(batch.Txs))
	for i, raw := range batch.Txs {
		d, err := c.suite.DecodeTx(raw, c.params().MaxTxBytes)
		if err != nil {
			return nil, badProposal("tx %d: %v", i, err)
		}
		if !bytes.Equal(raw, types.EncodeTx(d.Tx)) {
			return nil, badProposal("tx %d is not canonically encoded", i)
		}
		if _, dup := seen[d.Hash]; dup {
			return nil, badProposal("tx %d (%s) repeated", i, d.Hash)
		}
		seen[d.Hash] = struct{}{}
		if err := c.checkTx(d, header.TimeMs, win); err != nil {
			return nil, badProposal("tx %d (%s): %v", i, d.Hash, err)
		}
		decoded[i], hashes[i], infos[i] = d, d.Hash, requestInfo(d)
	}
	for i, err := range VerifySignatures(decoded, c.verified) {
		if err != nil && !testonly.SkipProposalSignatures.Load() {
			return nil, badProposal("tx %d (%s): %v", i, decoded[i].Hash, err)
		}
	}
	if !bytes.Equal(header.TxRoot, c.suite.TxRoot(hashes)) {
		return nil, badProposal("tx root does not match the transactions")
	}
	c.checked.Store(newCheckedProposal(p, head.Hash, infos))
	return infos, nil
}

// RequestsFromProposal implements SmartBFT's Verifier.
func (c *Consensus) RequestsFromProposal(p bft.Proposal) []bft.RequestInfo {
	if infos, ok := c.checked.Load().match(p, types.Hash{}); ok {
		return infos
	}
	batch := &types.TxBatch{}
	if err := proto.Unmarshal(p.Payload, batch); err != nil {
		return nil
	}
	out := make([]bft.RequestInfo, 0, len(batch.Txs))
	for _, raw := range batch.Txs {
		out = append(out, c.RequestID(raw))
	}
	return out
}

// VerifyRequest implements SmartBFT's Verifier, for requests forwarded by peers.
func (c *Consensus) VerifyRequest(raw []byte) (bft.RequestInfo, error) {
	d, err := c.suite.DecodeTx(raw, c.params().MaxTxBytes)
	if err != nil {
		return bft.RequestInfo{}, err
	}
	if !bytes.Equal(raw, types.EncodeTx(d.Tx)) {
		return bft.RequestInfo{}, types.Errorf(types.CodeMalformed, "not canonically encoded")
	}
	if err := c.checkTx(d, c.cfg.Now().UnixMilli(), c.params().TimeWindow()); err != nil {
		return bft.RequestInfo{}, err
	}
	if err := VerifySignatures([]*types.DecodedTx{d}, c.verified)[0]; err != nil {
		return bft.RequestInfo{}, err
	}
	return requestInfo(d), nil
}

// consensusDomain separates consensus-message signatures from commit signatures.
const consensusDomain = "causeway/consensus/v1"

func (c *Consensus) messageDigest(msg []byte) []byte {
	h := c.suite.Sum(append([]byte(consensusDomain), msg...))
	return h[:]
}

// Sign implements SmartBFT's Signer for protocol messages (view changes).
func (c *Consensus) Sign(msg []byte) []byte {
	sig, err := c.Signer().Sign(c.messageDigest(msg))
	if err != nil {
		panic(fmt.Sprintf("consensus: signing failed: %v", err))
	}
	return sig
}

// SignProposal implements SmartBFT's Signer: the commit signature over the
// block hash, binding aux (SmartBFT's auxiliary data).
func (c *Consensus) SignProposal(p bft.Proposal, aux []byte) *bft.Signature {
	header := &types.BlockHeader{}
	if err := proto.Unmarshal(p.Header, header); err != nil {
		panic(fmt.Sprintf("consensus: signing a proposal with a bad header: %v", err))
	}
	digest := c.suite.CommitMessage(c.chainID, header.Height, c.suite.HeaderHash(header), aux)
	sig, err := c.Signer().Sign(digest)
	if err != nil {
		panic(fmt.Sprintf("consensus: signing failed: %v", err))
	}
	return &bft.Signature{ID: c.cfg.SelfID, Value: sig, Msg: aux}
}

// VerifyConsenterSig implements SmartBFT's Verifier.
func (c *Consensus) VerifyConsenterSig(s bft.Signature, p bft.Proposal) ([]byte, error) {
	header := &types.BlockHeader{}
	if err := proto.Unmarshal(p.Header, header); err != nil {
		return nil, badProposal("header: %v", err)
	}
	digest := c.suite.CommitMessage(c.chainID, header.Height, c.suite.HeaderHash(header), s.Msg)
	if err := c.committee().Verify(s.ID, digest, s.Value); err != nil {
		return nil, err
	}
	return s.Msg, nil
}

// VerifySignature implements SmartBFT's Verifier for protocol messages.
func (c *Consensus) VerifySignature(s bft.Signature) error {
	return c.committee().Verify(s.ID, c.messageDigest(s.Msg), s.Value)
}

// VerificationSequence implements SmartBFT's Verifier: the version of the
// chain configuration in force.
func (c *Consensus) VerificationSequence() uint64 { return c.version.Load() }

// AuxiliaryData implements SmartBFT's Verifier: aux travels as the signature's message.
func (c *Consensus) AuxiliaryData(msg []byte) []byte { return msg }

// Deliver implements SmartBFT's Application: the decided block is executed
// and stored before Deliver returns.
func (c *Consensus) Deliver(p bft.Proposal, sigs []bft.Signature) bft.Reconfig {
	b, err := blockOf(p, sigs)
	if err != nil {
		c.log.Error("consensus: cannot decode a decided block", "err", err)
		panic(err)
	}
	c.syncMu.Lock()
	defer c.syncMu.Unlock()
	if b.Header.Height <= c.ledger.Head().Height {
		return bft.Reconfig{}
	}
	changed, err := c.ledger.CommitBlock(b)
	if err != nil {
		c.log.Error("consensus: cannot commit a decided block; stopping", "height", b.Header.Height, "err", err)
		panic(err)
	}
	if changed != nil {
		c.log.Info("chain configuration changed", "height", b.Header.Height, "version", changed.Version, "nodes", changed.NodeIDs())
		return c.reconfigOf(changed)
	}
	return bft.Reconfig{}
}

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
func (c *Consensus) storedDecision(b *types.Block) bft.Decision {
	d := decisionOf(b)
	if cv, ok := c.ledger.(ConfigVersions); ok {
		if v, err := cv.ConfigVersionAt(b.Header.Height); err == nil {
			d.Proposal.VerificationSequence = int64(v)
		} else {
			c.log.Warn("consensus: configuration version of a stored block unknown", "height", b.Header.Height, "err", err)
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
