package api

import (
	"context"

	"google.golang.org/grpc/codes"

	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/types"
)

// streamBlocks sends every committed block from height from on, in order,
// each exactly once, until ctx ends or send fails. from == 0 means "from the
// next block to commit".
//
// It subscribes before it reads the head, so a block committed during the
// backfill arrives on the subscription; blocks the subscription delivers
// below the next height to send were already sent from the store and are
// skipped; a gap (a block the subscription skipped) is filled from the store.
// When the backend drops the subscription because this stream lagged, it
// subscribes again and catches up from the store, so a slow client gets
// every block, only later. It returns ctx's error when ctx ends.
func (s *Server) streamBlocks(ctx context.Context, from uint64, send func(*apipb.BlockResponse) error) error {
	// The caller is authorised again before every block, so a stream whose
	// certificate is revoked (or whose org is removed) ends at the next block.
	deliver := send
	send = func(r *apipb.BlockResponse) error {
		if err := s.authorize(ctx, apipb.Chain_SubscribeBlocks_FullMethodName); err != nil {
			return err
		}
		return deliver(r)
	}
	next := from
	sendHeight := func(h uint64) error {
		b, err := s.b.GetBlock(h)
		if err != nil {
			return err
		}
		r, err := blockResponse(s.b.Suite(), b)
		if err != nil {
			return err
		}
		if err := send(r); err != nil {
			return err
		}
		next = h + 1
		return nil
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		subCtx, cancel := context.WithCancel(ctx)
		live := s.b.SubscribeBlocks(subCtx)
		head := s.b.Height()
		if next == 0 {
			next = head + 1
		}
		err := func() error {
			for h := next; h <= head; h++ {
				if err := sendHeight(h); err != nil {
					return err
				}
			}
			received := false
			for {
				var b *types.Block
				select {
				case <-ctx.Done():
					return ctx.Err()
				case blk, open := <-live:
					if !open {
						if ctx.Err() != nil {
							return ctx.Err()
						}
						if !received {
							// Closed without a block: the node is not
							// delivering blocks (it is stopping).
							return newStatus(codes.Unavailable, ReasonUnavailable, "the node stopped delivering blocks")
						}
						return errResubscribe
					}
					b = blk
				}
				received = true
				h := b.GetHeader().GetHeight()
				if h < next {
					continue
				}
				for g := next; g < h; g++ {
					if err := sendHeight(g); err != nil {
						return err
					}
				}
				r, err := blockResponse(s.b.Suite(), b)
				if err != nil {
					return err
				}
				if err := send(r); err != nil {
					return err
				}
				next = h + 1
			}
		}()
		cancel()
		if err != errResubscribe {
			return err
		}
		s.log.DebugContext(ctx, "block subscriber fell behind; catching up from the store", "next", next)
	}
}

const errResubscribe = constError("resubscribe")
