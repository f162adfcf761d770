package sdk

import (
	"context"
	"fmt"

	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/api/apipb"

	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify/proofpb"
)

// Cross-chain contract messages (issue 13, SDP over AM). A contract on
// chain A sends through the SDP system contract (contracts/ICauseway.sol,
// ISDPMessage); the message waits in A's outbox (state key "sdpo/" || id).
// Anyone carries it to chain B: RelayMessages relays A's header to B's
// light client and submits RELAY_MESSAGES transactions with the packets and
// their state proofs, which B checks itself. For atomic messages B writes
// an acknowledgement to its own outbox; RelayAcks carries those back to A
// (and aborts, with a proof that B never received them, the messages past
// their timeout), which calls the sender's ackOnSuccess or ackOnError.
// Relayers are not trusted and need no state of their own: what was
// delivered is read from the chains, so several may run at once (a batch
// that another relayer delivered first is refused as already_received and
// counted, not retried).

// AuthorizeMessageChannelProposal returns the governance proposal that lets
// the contract local of this chain and the contract remote of chain
// remoteChain exchange messages (each chain authorises its side).
func AuthorizeMessageChannelProposal(remoteChain string, local, remote []byte, description string) *types.Proposal {
	return &types.Proposal{Description: description, Action: &types.Proposal_AuthorizeMessageChannel{AuthorizeMessageChannel: &types.AuthorizeMessageChannel{
		RemoteChainId: remoteChain, LocalContract: local, RemoteContract: remote}}}
}

// RevokeMessageChannelProposal returns the proposal that withdraws an
// authorisation.
func RevokeMessageChannelProposal(remoteChain string, local, remote []byte, description string) *types.Proposal {
	return &types.Proposal{Description: description, Action: &types.Proposal_RevokeMessageChannel{RevokeMessageChannel: &types.RevokeMessageChannel{
		RemoteChainId: remoteChain, LocalContract: local, RemoteContract: remote}}}
}

// RelayMessagesTx builds a RELAY_MESSAGES transaction sent by a (any
// account may relay).
func (a Account) RelayMessagesTx(opt TxOptions, m *proofpb.RelayMessages) (*types.Transaction, error) {
	return a.BuildTx(opt, types.TxType_RELAY_MESSAGES, m)
}

// MessagesSent returns how many messages the chain has sent (its message
// counter: the nonces 0..n-1 are its messages).
func (c *Client) MessagesSent(ctx context.Context) (uint64, error) {
	sp, err := c.GetStateProof(ctx, state.SDPNonceKey(), LatestHeight)
	if err != nil {
		return 0, err
	}
	return state.DecodeUint64(nilIfEmpty(sp.Value))
}

func nilIfEmpty(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return b
}

// SentMessage returns this chain's record of message id, which it sent
// (from the committed state); ReasonOf(err) is types.CodeMessageNotFound
// when there is none.
func (c *Client) SentMessage(ctx context.Context, id types.Hash) (*types.SentMessage, error) {
	return c.lightClients().GetSentMessage(ctx, &apipb.GetSentMessageRequest{Id: id.String()})
}

// OutboxPacket returns the packet of message id from this chain's outbox.
func (c *Client) OutboxPacket(ctx context.Context, id types.Hash) (*types.SDPPacket, error) {
	sp, err := c.GetStateProof(ctx, state.SDPOutboxKey(id), LatestHeight)
	if err != nil {
		return nil, err
	}
	if len(sp.Value) == 0 {
		return nil, types.Errorf(types.CodeMessageNotFound, "no message %s in this chain's outbox", id)
	}
	return types.DecodeSDPPacket(sp.Value)
}

// ReceivedMessage returns this chain's marker of message id of chain
// senderDomain (from the committed state); ReasonOf(err) is
// types.CodeMessageNotFound when it has not received it.
func (c *Client) ReceivedMessage(ctx context.Context, senderDomain string, id types.Hash) (*types.ReceivedMessage, error) {
	return c.lightClients().GetReceivedMessage(ctx, &apipb.GetReceivedMessageRequest{ChainId: senderDomain, Id: id.String()})
}

// MessageRelayResult is what RelayMessages or RelayAcks did.
type MessageRelayResult struct {
	// Height is the source header the destination's light client checked
	// the packets against.
	Height uint64
	// From is the first message nonce examined; Next is where the next
	// call may start (RelayMessages: past the last message examined;
	// RelayAcks: the lowest message still pending).
	From, Next uint64
	// Delivered counts messages (RelayMessages) or acknowledgements and
	// aborts (RelayAcks) this call had executed; Done counts those found
	// already done (by another relayer, or earlier).
	Delivered, Aborted, Done int
	// Receipts are the RELAY_MESSAGES receipts, in order.
	Receipts []*types.Receipt
}

// MessageRelayOptions bound a relay.
type MessageRelayOptions struct {
	// MaxPackets per transaction (0: types.MaxRelayPackets).
	MaxPackets int
	// MaxBytes per transaction's payload (0: the destination's
	// max_tx_bytes less 4 KiB).
	MaxBytes int
	// Limit stops after this many packets (0: no limit).
	Limit int
}

// remoteSuite returns the suite of the chain that c's light client of
// chainID follows.
func remoteSuite(ctx context.Context, c *Client, chainID string) (types.Suite, error) {
	lc, err := c.LightClient(ctx, chainID)
	if err != nil {
		return types.Suite{}, err
	}
	return types.SuiteNamed(lc.Crypto)
}

// relayHeader relays src's head to dst's light client of srcChain and
// returns the kept height.
func relayHeader(ctx context.Context, src, dst *Client, a Account, opt TxOptions, srcChain string) (uint64, error) {
	r, err := dst.Relay(ctx, src, a, opt, srcChain, LatestHeight)
	if err != nil {
		return 0, fmt.Errorf("relay the header of %s: %w", srcChain, err)
	}
	return r.Height, nil
}

// batcher groups packets into RELAY_MESSAGES transactions.
type batcher struct {
	ctx      context.Context
	dst      *Client
	a        Account
	opt      TxOptions
	m        *proofpb.RelayMessages
	max, cap int
	out      *MessageRelayResult
	kinds    []bool // per packet in m: abort
}

func (b *batcher) add(rp *proofpb.RelayedPacket) error {
	if len(b.m.Packets) > 0 && (len(b.m.Packets) >= b.max || proto.Size(b.m)+proto.Size(rp)+16 > b.cap) {
		if err := b.flush(); err != nil {
			return err
		}
	}
	b.m.Packets = append(b.m.Packets, rp)
	return nil
}

func (b *batcher) flush() error {
	n := len(b.m.Packets)
	if n == 0 {
		return nil
	}
	tx, err := b.a.RelayMessagesTx(b.opt, b.m)
	if err != nil {
		return err
	}
	r, err := b.dst.SubmitAndWait(b.ctx, tx)
	if err != nil {
		return err
	}
	rc := r.GetReceipt()
	b.out.Receipts = append(b.out.Receipts, rc)
	aborts := 0
	for _, p := range b.m.Packets {
		if p.Abort {
			aborts++
		}
	}
	switch {
	case rc.GetStatus() == types.ReceiptStatus_SUCCESS:
		b.out.Delivered += n - aborts
		b.out.Aborted += aborts
	case rc.GetErrorCode() == string(types.CodeAlreadyReceived) || rc.GetErrorCode() == string(types.CodeAckUnknown):
		// Another relayer was first with some of them: retry one by one,
		// so that the new ones still go through.
		if n > 1 {
			pk := b.m.Packets
			for _, p := range pk {
				b.m = &proofpb.RelayMessages{ChainId: b.m.ChainId, Height: b.m.Height, Packets: []*proofpb.RelayedPacket{p}}
				if err := b.flush(); err != nil {
					return err
				}
			}
		} else {
			b.out.Done++
		}
	default:
		return types.Errorf(types.Code(rc.GetErrorCode()), "relay of %d packets refused: %s", n, rc.GetError())
	}
	b.m = &proofpb.RelayMessages{ChainId: b.m.ChainId, Height: b.m.Height}
	return nil
}

func newBatcher(ctx context.Context, dst *Client, a Account, opt TxOptions, chain string, height uint64, o MessageRelayOptions, out *MessageRelayResult) *batcher {
	b := &batcher{ctx: ctx, dst: dst, a: a, opt: opt, out: out, m: &proofpb.RelayMessages{ChainId: chain, Height: height}, max: o.MaxPackets, cap: o.MaxBytes}
	if b.max <= 0 || b.max > types.MaxRelayPackets {
		b.max = types.MaxRelayPackets
	}
	if b.cap <= 0 {
		b.cap = 60 << 10
		if cfg, err := dst.ChainConfig(ctx); err == nil && cfg.Params.MaxTxBytes > 0 {
			b.cap = cfg.Params.MaxTxBytes - 4096
		}
	}
	return b
}

// RelayMessages carries the messages of chain srcChain (served by src)
// addressed to the chain dst serves, from src's message nonce `from` on:
// it relays src's head to dst's light client, then submits, as a, the
// packets dst has not received, in nonce order (so ordered channels are
// in sequence), each with its proof under that header, in batches.
func RelayMessages(ctx context.Context, src, dst *Client, a Account, opt TxOptions, srcChain, dstChain string, from uint64, o MessageRelayOptions) (*MessageRelayResult, error) {
	h, err := relayHeader(ctx, src, dst, a, opt, srcChain)
	if err != nil {
		return nil, err
	}
	sSuite, err := remoteSuite(ctx, dst, srcChain)
	if err != nil {
		return nil, err
	}
	nsp, err := src.GetStateProof(ctx, state.SDPNonceKey(), h-1)
	if err != nil {
		return nil, err
	}
	count, err := state.DecodeUint64(nilIfEmpty(nsp.Value))
	if err != nil {
		return nil, err
	}
	out := &MessageRelayResult{Height: h, From: from, Next: max(from, count)}
	b := newBatcher(ctx, dst, a, opt, srcChain, h, o, out)
	n := 0
	for nonce := from; nonce < count; nonce++ {
		if o.Limit > 0 && n >= o.Limit {
			out.Next = nonce
			break
		}
		id := types.SDPMessageID(sSuite, srcChain, nonce)
		sp, err := src.GetStateProof(ctx, state.SDPOutboxKey(id), h-1)
		if err != nil {
			return out, err
		}
		if len(sp.Value) == 0 {
			return out, fmt.Errorf("message %d (%s) of %s is missing from its outbox", nonce, id, srcChain)
		}
		p, err := types.DecodeSDPPacket(sp.Value)
		if err != nil {
			return out, fmt.Errorf("message %d of %s: %w", nonce, srcChain, err)
		}
		if p.ReceiverDomain != dstChain {
			continue
		}
		if _, err := dst.ReceivedMessage(ctx, srcChain, id); err == nil {
			out.Done++
			continue
		} else if ReasonOf(err) != types.CodeMessageNotFound {
			return out, err
		}
		if err := b.add(&proofpb.RelayedPacket{Packet: sp.Value, Proof: sp.Proof}); err != nil {
			return out, err
		}
		n++
	}
	return out, b.flush()
}

// RelayAcks carries back to the chain dst serves (the senders' chain,
// dstChain) the acknowledgements that chain srcChain (served by src) wrote
// for dst's atomic messages, from dst's message nonce `from` on; a pending
// message that src had not received by its timeout is aborted with a proof
// of absence instead. Next is the lowest nonce still pending.
func RelayAcks(ctx context.Context, src, dst *Client, a Account, opt TxOptions, srcChain, dstChain string, from uint64, o MessageRelayOptions) (*MessageRelayResult, error) {
	h, err := relayHeader(ctx, src, dst, a, opt, srcChain)
	if err != nil {
		return nil, err
	}
	sSuite, err := remoteSuite(ctx, dst, srcChain)
	if err != nil {
		return nil, err
	}
	hdr, err := dst.LightClientHeader(ctx, srcChain, h)
	if err != nil {
		return nil, err
	}
	count, err := dst.MessagesSent(ctx)
	if err != nil {
		return nil, err
	}
	out := &MessageRelayResult{Height: h, From: from, Next: max(from, count)}
	b := newBatcher(ctx, dst, a, opt, srcChain, h, o, out)
	lowest := count
	n := 0
	for nonce := from; nonce < count; nonce++ {
		if o.Limit > 0 && n >= o.Limit {
			lowest = min(lowest, nonce)
			break
		}
		id := types.SDPMessageID(a.Suite, dstChain, nonce)
		rec, err := dst.SentMessage(ctx, id)
		if err != nil {
			return out, err
		}
		if rec.ReceiverDomain != srcChain || rec.State != types.MessageState_MESSAGE_PENDING {
			continue
		}
		sp, err := src.GetStateProof(ctx, state.SDPAckKey(id), h-1)
		if err != nil {
			return out, err
		}
		if len(sp.Value) > 0 {
			if err := b.add(&proofpb.RelayedPacket{Packet: sp.Value, Proof: sp.Proof}); err != nil {
				return out, err
			}
			n++
			continue
		}
		p, err := dst.OutboxPacket(ctx, id)
		if ReasonOf(err) == types.CodeMessageNotFound { // sent in the head block: not provable yet
			lowest = min(lowest, nonce)
			continue
		}
		if err != nil {
			return out, err
		}
		if !pastTimeout(p, hdr.GetHeader()) {
			lowest = min(lowest, nonce)
			continue
		}
		ab, err := src.GetStateProof(ctx, state.SDPReceivedKey(types.SDPReceiptID(sSuite, dstChain, id)), h-1)
		if err != nil {
			return out, err
		}
		if len(ab.Value) > 0 { // received: its acknowledgement comes in a later header
			lowest = min(lowest, nonce)
			continue
		}
		if err := b.add(&proofpb.RelayedPacket{Packet: types.EncodeSDPPacket(p), Proof: ab.Proof, Abort: true}); err != nil {
			return out, err
		}
		n++
	}
	out.Next = lowest
	return out, b.flush()
}

// pastTimeout reports whether header h of the receiving chain shows that
// message p can no longer be delivered (see execution/sdp).
func pastTimeout(p *types.SDPPacket, h *types.BlockHeader) bool {
	switch p.TimeoutMeasure {
	case types.SDPTimeoutReceiverHeight:
		return h.GetHeight() >= p.Timeout
	case types.SDPTimeoutReceiverTime:
		return h.GetTimeMs() >= 0 && uint64(h.GetTimeMs()/1000) >= p.Timeout
	}
	return false
}
