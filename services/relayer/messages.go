package relayer

import (
	"context"
	"fmt"
	"sync"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

const messagesName = "messages"

// MessageCarrier carries contract messages (SDP over AM) along a path: the
// messages the source sent to the destination, and the acknowledgements
// the source wrote for the destination's atomic messages (with the aborts,
// proven by the source's non-receipt, of those past their timeout). It is
// the SDK's sdk.RelayMessages and sdk.RelayAcks run each round with the
// path's header (Path.EnsureHeader: a header is relayed only when
// something is to be carried) and the path's submit (latency metric).
// Acknowledgements of A's messages are carried by the carrier of the path
// B->A, in the same round as B's messages to A, under the same header.
//
// Progress is the chains': every message the destination has received is
// skipped (read from the destination's receipt markers, not remembered),
// so a restarted carrier starts from nonce 0 and only re-reads. Two
// relayers may carry the same packet: the chain refuses the second with
// already_received (an acknowledgement: ack_unknown), which the SDK
// retries packet by packet and counts as done, reported in Round.Known.
//
// Ticks. A message or acknowledgement written in the source's newest block
// cannot be proven until the source makes another block (the state after
// block h is committed by header h+1). When the carrier finds such work,
// and the source's head has not moved since its previous round (the
// chain is idle), it submits on the source a tick: a self-transfer of 1 by
// the relayer's account there. A tick is only made when work waits in the
// newest block, so two idle chains with nothing waiting stay idle.
type MessageCarrier struct {
	// Options bound the relay transactions (MaxPackets, MaxBytes, Limit);
	// Header and Submit are set by the carrier.
	Options sdk.MessageRelayOptions
	// NoTick disables ticks (then a message sent in an idle source's
	// newest block waits for its next block).
	NoTick bool

	mu sync.Mutex
	// next and ackNext are where the last round left the outbox walks:
	// memory only, an optimisation (a restart reads from 0).
	next, ackNext uint64
	// lastHead is the source's head seen at the previous round's end;
	// tickedAt the head a tick was last submitted on.
	lastHead, tickedAt uint64
}

// Name is "messages".
func (m *MessageCarrier) Name() string { return messagesName }

// Carry carries the source's messages to the destination, then the
// acknowledgements and aborts of the destination's messages.
func (m *MessageCarrier) Carry(ctx context.Context, p *Path) (Round, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var rd Round
	o := m.Options
	o.Header = func(ctx context.Context, h uint64) (uint64, error) { return p.EnsureHeader(ctx, h) }
	o.Submit = func(ctx context.Context, tx *types.Transaction) (*apipb.SubmitTxResponse, error) {
		return p.Submit(ctx, messagesName, tx)
	}
	src, dst := p.Src, p.Dst
	res, err := sdk.RelayMessages(ctx, src.Client, dst.Client, dst.Account, dst.Options(), src.ChainID, dst.ChainID, m.next, o)
	m.account(p, &rd, res, false)
	if notYet(err) {
		p.Logger().Debug("messages wait for the source's next header", "err", err)
		return rd, nil
	}
	if err != nil {
		return rd, fmt.Errorf("carry the messages of %q to %q: %w", src.ChainID, dst.ChainID, err)
	}
	m.next = res.Next
	acks, err := sdk.RelayAcks(ctx, src.Client, dst.Client, dst.Account, dst.Options(), src.ChainID, dst.ChainID, m.ackNext, o)
	m.account(p, &rd, acks, true)
	if notYet(err) {
		p.Logger().Debug("acknowledgements wait for the source's next header", "err", err)
		return rd, nil
	}
	if err != nil {
		return rd, fmt.Errorf("carry the acknowledgements of %q to %q: %w", src.ChainID, dst.ChainID, err)
	}
	m.ackNext = acks.Next
	p.Metrics().messagesPending(p.Name(), res.Pending)
	p.update(func(s *Status) { s.MessagesPending = res.Pending })
	if err := m.tick(ctx, p, res.Unprovable > 0, acks.Unprovable > 0); err != nil {
		return rd, err
	}
	return rd, nil
}

// account records what one SDK call did in the round, the status and the
// metrics.
func (m *MessageCarrier) account(p *Path, rd *Round, res *sdk.MessageRelayResult, acks bool) {
	if res == nil {
		return
	}
	rd.Submitted += res.Transactions
	rd.Carried += res.Delivered + res.Aborted
	rd.Known += res.Done
	rd.Height = max(rd.Height, res.Height)
	mt := p.Metrics()
	for _, rc := range res.Receipts {
		if rc.GetStatus() != types.ReceiptStatus_SUCCESS {
			mt.refused(p.Name(), rc.GetErrorCode())
		}
	}
	if acks {
		mt.acked(p.Name(), res.Delivered, res.Aborted)
		p.update(func(s *Status) { s.Acks += uint64(res.Delivered); s.Aborts += uint64(res.Aborted) })
	} else {
		mt.deliveredN(p.Name(), res.Delivered)
		p.update(func(s *Status) { s.Delivered += uint64(res.Delivered) })
	}
	p.update(func(s *Status) { s.MessagesKnown += uint64(res.Done) })
}

// tick makes the source produce a block when work waits in its newest one
// and it is idle (see the type's documentation).
func (m *MessageCarrier) tick(ctx context.Context, p *Path, messages, acks bool) error {
	if !messages && !acks {
		m.lastHead = 0
		return nil
	}
	st, err := p.Src.Client.Status(ctx)
	if err != nil {
		return fmt.Errorf("read the head of %q: %w", p.Src.ChainID, err)
	}
	head := st.Height
	idle := head == m.lastHead
	m.lastHead = head
	if m.NoTick || !idle || m.tickedAt == head {
		return nil
	}
	if !messages {
		// Pending messages without a provable acknowledgement: only a
		// delivery in the source's newest block can have written one.
		b, err := p.Src.Client.GetBlock(ctx, head)
		if err != nil {
			return fmt.Errorf("read block %d of %q: %w", head, p.Src.ChainID, err)
		}
		if !holds(b, types.TxType_RELAY_MESSAGES) {
			return nil
		}
	}
	tx, err := p.Src.Account.TransferTx(p.Src.Options(), p.Src.Account.ID(), 1)
	if err != nil {
		return err
	}
	tctx, cancel := context.WithTimeout(ctx, p.SubmitTimeout())
	defer cancel()
	start := time.Now()
	r, err := p.Src.Client.SubmitAndWait(tctx, tx)
	if err != nil {
		return fmt.Errorf("tick %q (a block to prove its newest one): %w", p.Src.ChainID, err)
	}
	if rc := r.GetReceipt(); rc.GetStatus() != types.ReceiptStatus_SUCCESS {
		return types.Errorf(types.Code(rc.GetErrorCode()), "tick %q refused: %s", p.Src.ChainID, rc.GetError())
	}
	m.tickedAt = head
	p.Metrics().ticked(p.Name())
	p.update(func(s *Status) { s.Ticks++ })
	p.Logger().Info("ticked the source: work waits in its newest block", "head", head, "messages", messages, "acks", acks, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// holds reports whether block b holds a transaction of type t.
func holds(b *apipb.BlockResponse, t types.TxType) bool {
	for _, tx := range b.GetBlock().GetTxs() {
		var body types.TxBody
		if err := proto.Unmarshal(tx.Body, &body); err == nil && body.Type == t {
			return true
		}
	}
	return false
}

// notYet reports an error that the next round clears by itself: what is to
// be carried was proven at a node of the source ahead of the one whose
// head the header carrier read (they differ by a block while a block
// commits, or longer during a membership change), so the header it needs
// is not there yet.
func notYet(err error) bool {
	return err != nil && sdk.ReasonOf(err) == types.CodeHeaderNotFound
}
