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
	// the packets against (0: none was needed, nothing to carry).
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
	// Transactions counts the RELAY_MESSAGES transactions submitted (a
	// batch retried packet by packet counts each).
	Transactions int
	// Unprovable (RelayMessages) counts messages to the destination that
	// the source wrote in its newest block: no header proves them until
	// the source makes another block. RelayAcks: the destination's
	// pending messages whose acknowledgement no header of the source
	// proves yet (not received, or received in the source's newest block).
	Unprovable int
	// Pending (RelayMessages) is how many messages the source has sent
	// (its newest block included) from Next on: sent, not yet carried.
	Pending uint64
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
	// Header, if set, is how the call gets a header of the source kept by
	// the destination's light client: it is called only when there is
	// something to carry, with the lowest source height whose header
	// proves it, and returns the height of a kept header at or above it
	// (a relayer's Path.EnsureHeader). Then a call that finds nothing to
	// carry submits nothing. Nil: the call first relays the source's head
	// (one light-client update, or none when it is kept already).
	Header func(ctx context.Context, height uint64) (uint64, error)
	// Submit, if set, submits a transaction to the destination and waits
	// for its receipt (nil: dst.SubmitAndWait).
	Submit func(ctx context.Context, tx *types.Transaction) (*apipb.SubmitTxResponse, error)
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

// header returns a kept header of srcChain at or above need (o.Header), or
// relays src's head (no o.Header).
func (o MessageRelayOptions) header(ctx context.Context, src, dst *Client, a Account, opt TxOptions, srcChain string, need uint64) (uint64, error) {
	if o.Header == nil {
		return relayHeader(ctx, src, dst, a, opt, srcChain)
	}
	return o.Header(ctx, need)
}

// batcher groups packets into RELAY_MESSAGES transactions.
type batcher struct {
	ctx      context.Context
	dst      *Client
	a        Account
	opt      TxOptions
	submit   func(ctx context.Context, tx *types.Transaction) (*apipb.SubmitTxResponse, error)
	m        *proofpb.RelayMessages
	max, cap int
	out      *MessageRelayResult
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
	b.out.Transactions++
	r, err := b.submit(b.ctx, tx)
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
	b := &batcher{ctx: ctx, dst: dst, a: a, opt: opt, out: out, submit: o.Submit, m: &proofpb.RelayMessages{ChainId: chain, Height: height}, max: o.MaxPackets, cap: o.MaxBytes}
	if b.submit == nil {
		b.submit = dst.SubmitAndWait
	}
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

// outboxCount returns how many messages src had sent in the state after
// block at (LatestHeight: the newest state a header proves) and that
// block's height.
func outboxCount(ctx context.Context, src *Client, at uint64) (count, height uint64, err error) {
	sp, err := src.GetStateProof(ctx, state.SDPNonceKey(), at)
	if err != nil {
		return 0, 0, err
	}
	count, err = state.DecodeUint64(nilIfEmpty(sp.Value))
	return count, sp.Height, err
}

// toCarry reads message nonce of srcChain from src's outbox in the state
// after block at, and reports whether dst still needs it (addressed to
// dstChain, not received); done is set when dst has it already.
func toCarry(ctx context.Context, src, dst *Client, sSuite types.Suite, srcChain, dstChain string, nonce, at uint64) (sp *proofpb.StateProof, carry, done bool, err error) {
	id := types.SDPMessageID(sSuite, srcChain, nonce)
	sp, err = src.GetStateProof(ctx, state.SDPOutboxKey(id), at)
	if err != nil {
		return nil, false, false, err
	}
	if len(sp.Value) == 0 {
		return nil, false, false, fmt.Errorf("message %d (%s) of %s is missing from its outbox", nonce, id, srcChain)
	}
	p, err := types.DecodeSDPPacket(sp.Value)
	if err != nil {
		return nil, false, false, fmt.Errorf("message %d of %s: %w", nonce, srcChain, err)
	}
	if p.ReceiverDomain != dstChain {
		return sp, false, false, nil
	}
	if _, err := dst.ReceivedMessage(ctx, srcChain, id); err == nil {
		return sp, false, true, nil
	} else if ReasonOf(err) != types.CodeMessageNotFound {
		return nil, false, false, err
	}
	return sp, true, false, nil
}

// maxHeadScan bounds the messages of the source's newest block that
// RelayMessages looks at (to count those not provable yet).
const maxHeadScan = 64

// RelayMessages carries the messages of chain srcChain (served by src)
// addressed to the chain dst serves, from src's message nonce `from` on:
// it gets a header of src kept by dst's light client (relaying src's head,
// or through o.Header only when something is to be carried), then
// submits, as a, the packets dst has not received, in nonce order (so
// ordered channels are in sequence), each with its proof under that
// header, in batches.
func RelayMessages(ctx context.Context, src, dst *Client, a Account, opt TxOptions, srcChain, dstChain string, from uint64, o MessageRelayOptions) (*MessageRelayResult, error) {
	sSuite, err := remoteSuite(ctx, dst, srcChain)
	if err != nil {
		return nil, err
	}
	out := &MessageRelayResult{From: from, Next: from}
	need, headCount := uint64(0), uint64(0)
	if o.Header != nil {
		// Look under the newest proven state first: anything to carry?
		count, at, err := outboxCount(ctx, src, LatestHeight)
		if err != nil {
			return nil, err
		}
		first := count
		for nonce := from; nonce < count; nonce++ {
			_, carry, done, err := toCarry(ctx, src, dst, sSuite, srcChain, dstChain, nonce, at)
			if err != nil {
				return out, err
			}
			if carry {
				first = nonce
				break
			}
			if done {
				out.Done++
			}
		}
		out.Next = max(from, first)
		// Messages of the newest block: not provable until the next one.
		head := count
		for ; head < count+maxHeadScan; head++ {
			rec, err := src.SentMessage(ctx, types.SDPMessageID(sSuite, srcChain, head))
			if ReasonOf(err) == types.CodeMessageNotFound {
				break
			}
			if err != nil {
				return out, err
			}
			if rec.ReceiverDomain == dstChain {
				out.Unprovable++
			}
		}
		headCount = head
		out.Pending = head - out.Next
		if first == count {
			return out, nil
		}
		from, need = first, at+1
	}
	h, err := o.header(ctx, src, dst, a, opt, srcChain, need)
	if err != nil {
		return out, err
	}
	count, _, err := outboxCount(ctx, src, h-1)
	if err != nil {
		return out, err
	}
	out.Height = h
	out.Next = max(from, count)
	b := newBatcher(ctx, dst, a, opt, srcChain, h, o, out)
	n := 0
	for nonce := from; nonce < count; nonce++ {
		if o.Limit > 0 && n >= o.Limit {
			out.Next = nonce
			break
		}
		sp, carry, done, err := toCarry(ctx, src, dst, sSuite, srcChain, dstChain, nonce, h-1)
		if err != nil {
			return out, err
		}
		if done {
			out.Done++
		}
		if !carry {
			continue
		}
		if err := b.add(&proofpb.RelayedPacket{Packet: sp.Value, Proof: sp.Proof}); err != nil {
			return out, err
		}
		n++
	}
	if err := b.flush(); err != nil {
		return out, err
	}
	out.Pending = 0
	if headCount > out.Next {
		out.Pending = headCount - out.Next
	}
	return out, nil
}

// RelayAcks carries back to the chain dst serves (the senders' chain,
// dstChain) the acknowledgements that chain srcChain (served by src) wrote
// for dst's atomic messages, from dst's message nonce `from` on; a pending
// message that src had not received by its timeout is aborted with a proof
// of absence instead. Next is the lowest nonce still pending. With
// o.Header, a header is asked for only when an acknowledgement or an abort
// is to be carried.
func RelayAcks(ctx context.Context, src, dst *Client, a Account, opt TxOptions, srcChain, dstChain string, from uint64, o MessageRelayOptions) (*MessageRelayResult, error) {
	sSuite, err := remoteSuite(ctx, dst, srcChain)
	if err != nil {
		return nil, err
	}
	out := &MessageRelayResult{From: from, Next: from}
	count, err := dst.MessagesSent(ctx)
	if err != nil {
		return nil, err
	}
	need, waiting := uint64(0), count // waiting: the lowest pending nonce the look-ahead passed
	if o.Header != nil {
		// Under the newest state of src a header proves: anything to carry?
		sp, err := src.GetStateProof(ctx, state.SDPNonceKey(), LatestHeight)
		if err != nil {
			return nil, err
		}
		at, hdr := sp.Height, sp.GetHeader().GetHeader()
		first, lowest := count, count
		for nonce := from; nonce < count && first == count; nonce++ {
			kind, _, _, err := ackOf(ctx, src, dst, a.Suite, sSuite, srcChain, dstChain, nonce, at, hdr)
			if err != nil {
				return out, err
			}
			switch kind {
			case ackCarry, ackAbort:
				first = nonce
			case ackWait:
				out.Unprovable++
				lowest = min(lowest, nonce)
			}
		}
		if first == count {
			out.Next = max(from, lowest)
			return out, nil
		}
		// The waiting ones before first are counted and stay pending.
		from, need, waiting = first, at+1, lowest
	}
	h, err := o.header(ctx, src, dst, a, opt, srcChain, need)
	if err != nil {
		return out, err
	}
	out.Height = h
	hdr, err := dst.LightClientHeader(ctx, srcChain, h)
	if err != nil {
		return out, err
	}
	b := newBatcher(ctx, dst, a, opt, srcChain, h, o, out)
	lowest := waiting // pending messages before from stay pending
	n := 0
	for nonce := from; nonce < count; nonce++ {
		if o.Limit > 0 && n >= o.Limit {
			lowest = min(lowest, nonce)
			break
		}
		kind, packet, proof, err := ackOf(ctx, src, dst, a.Suite, sSuite, srcChain, dstChain, nonce, h-1, hdr.GetHeader())
		if err != nil {
			return out, err
		}
		switch kind {
		case ackNone:
			continue
		case ackWait:
			out.Unprovable++
			lowest = min(lowest, nonce)
			continue
		}
		if err := b.add(&proofpb.RelayedPacket{Packet: packet, Proof: proof, Abort: kind == ackAbort}); err != nil {
			return out, err
		}
		n++
	}
	out.Next = lowest
	return out, b.flush()
}

type ackKind int

const (
	ackNone  ackKind = iota // not a pending message to srcChain
	ackWait                 // pending, nothing to carry under this state
	ackCarry                // its acknowledgement is there
	ackAbort                // past its timeout and not received: abort
)

// ackOf says what to carry for dst's message nonce under src's state after
// block at (which header hdr of src proves): its acknowledgement (packet
// and proof), an abort (the packet, and the proof that src did not receive
// it), or nothing yet.
func ackOf(ctx context.Context, src, dst *Client, dSuite, sSuite types.Suite, srcChain, dstChain string, nonce, at uint64, hdr *types.BlockHeader) (ackKind, []byte, *proofpb.SMTProof, error) {
	id := types.SDPMessageID(dSuite, dstChain, nonce)
	rec, err := dst.SentMessage(ctx, id)
	if err != nil {
		return ackNone, nil, nil, err
	}
	if rec.ReceiverDomain != srcChain || rec.State != types.MessageState_MESSAGE_PENDING {
		return ackNone, nil, nil, nil
	}
	sp, err := src.GetStateProof(ctx, state.SDPAckKey(id), at)
	if err != nil {
		return ackNone, nil, nil, err
	}
	if len(sp.Value) > 0 {
		return ackCarry, sp.Value, sp.Proof, nil
	}
	p, err := dst.OutboxPacket(ctx, id)
	if ReasonOf(err) == types.CodeMessageNotFound { // sent in the head block: not provable yet
		return ackWait, nil, nil, nil
	}
	if err != nil {
		return ackNone, nil, nil, err
	}
	if !pastTimeout(p, hdr) {
		return ackWait, nil, nil, nil
	}
	ab, err := src.GetStateProof(ctx, state.SDPReceivedKey(types.SDPReceiptID(sSuite, dstChain, id)), at)
	if err != nil {
		return ackNone, nil, nil, err
	}
	if len(ab.Value) > 0 { // received: its acknowledgement comes in a later header
		return ackWait, nil, nil, nil
	}
	return ackAbort, types.EncodeSDPPacket(p), ab.Proof, nil
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
