package api_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/causeway/causeway/api/apijson"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/causeway/causeway/api"
	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/types"
)

// blockSource is one way of subscribing: it returns a function yielding the
// next block of the stream.
type blockSource func(t *testing.T, ctx context.Context, e *env, from uint64) func() (*apipb.BlockResponse, error)

func grpcSource(t *testing.T, ctx context.Context, e *env, from uint64) func() (*apipb.BlockResponse, error) {
	stream, err := e.grpc(t).SubscribeBlocks(ctx, &apipb.SubscribeBlocksRequest{FromHeight: from})
	if err != nil {
		t.Fatal(err)
	}
	return stream.Recv
}

func restSource(t *testing.T, ctx context.Context, e *env, from uint64) func() (*apipb.BlockResponse, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, e.s.URL(fmt.Sprintf("%s?from_height=%d", api.BlockStreamPath, from)), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := e.http(t).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != api.NDJSONContentType {
		t.Fatalf("block stream: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	r := bufio.NewReader(resp.Body)
	return func() (*apipb.BlockResponse, error) {
		line, err := r.ReadBytes('\n')
		if err != nil {
			return nil, err
		}
		if !strings.Contains(string(line), `"chain_id"`) {
			return nil, fmt.Errorf("line %s does not use proto field names", line)
		}
		b := &apipb.BlockResponse{}
		if err := apijson.Unmarshal(line, b); err != nil {
			return nil, fmt.Errorf("line %q: %w", line, err)
		}
		return b, nil
	}
}

var sources = map[string]blockSource{"grpc": grpcSource, "rest": restSource}

// expect reads blocks from next and checks they are heights from..to, in
// order, each with its correct hash.
func expect(t *testing.T, next func() (*apipb.BlockResponse, error), from, to uint64) {
	t.Helper()
	for h := from; h <= to; h++ {
		b, err := next()
		if err != nil {
			t.Fatalf("waiting for block %d: %v", h, err)
		}
		if got := b.Block.GetHeader().GetHeight(); got != h {
			t.Fatalf("got block %d, want %d (gap or duplicate)", got, h)
		}
		if b.Hash != types.Intl.BlockHash(b.Block).String() {
			t.Fatalf("block %d: hash %s does not match its header", h, b.Hash)
		}
	}
}

func TestSubscribeBlocksBackfillThenLive(t *testing.T) {
	for name, src := range sources {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, api.Options{})
			e.b.CommitEmpty(5) // heights 1..5
			// Block 6 commits between the subscription and the read of the
			// head: it is both stored and delivered live, and must be sent once.
			var subOnce, getOnce sync.Once
			e.b.OnSubscribe(func() { subOnce.Do(func() { e.b.Commit() }) })
			// Block 7 commits during the backfill: it arrives live only.
			e.b.OnGetBlock(func(h uint64) {
				if h == 3 {
					getOnce.Do(func() { e.b.Commit() })
				}
			})
			ctx, cancel := context.WithCancel(testCtx(t))
			defer cancel()
			next := src(t, ctx, e, 2)
			expect(t, next, 2, 7)

			// Live blocks.
			go func() {
				for range 5 {
					e.b.Commit()
					time.Sleep(2 * time.Millisecond)
				}
			}()
			expect(t, next, 8, 12)

			// The node drops the subscription (as it does to a lagging
			// subscriber): the stream resubscribes and catches up from the store.
			e.b.DropSubscribers()
			e.b.CommitEmpty(3)
			expect(t, next, 13, 15)
			e.b.Commit()
			expect(t, next, 16, 16)

			// The stream ends when the client goes away.
			cancel()
			waitFor(t, func() bool { return e.b.Subscribers() == 0 }, "the subscription to end after the client left")
		})
	}
}

func TestSubscribeFromZeroStartsAtNextBlock(t *testing.T) {
	for name, src := range sources {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, api.Options{})
			e.b.CommitEmpty(3)
			subscribed := make(chan struct{}, 1)
			e.b.OnSubscribe(func() {
				select {
				case subscribed <- struct{}{}:
				default:
				}
			})
			ctx, cancel := context.WithCancel(testCtx(t))
			defer cancel()
			next := src(t, ctx, e, 0)
			<-subscribed
			e.b.CommitEmpty(2)
			expect(t, next, 4, 5)
		})
	}
}

func TestSubscribeFromTheFuture(t *testing.T) {
	for name, src := range sources {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, api.Options{})
			e.b.CommitEmpty(2)
			ctx, cancel := context.WithCancel(testCtx(t))
			defer cancel()
			next := src(t, ctx, e, 5)
			go func() {
				for range 6 {
					e.b.Commit()
					time.Sleep(time.Millisecond)
				}
			}()
			expect(t, next, 5, 8)
		})
	}
}

func TestSubscribeEndsWhenNodeStops(t *testing.T) {
	e := newEnv(t, api.Options{})
	e.b.CommitEmpty(2)
	// A backend that is stopping hands out closed subscriptions.
	e.b.OnSubscribe(func() { e.b.DropSubscribers() })
	stream, err := e.grpc(t).SubscribeBlocks(testCtx(t), &apipb.SubscribeBlocksRequest{FromHeight: 1})
	if err != nil {
		t.Fatal(err)
	}
	expect(t, stream.Recv, 1, 2)
	_, err = stream.Recv()
	wantStatus(t, err, codes.Unavailable, api.ReasonUnavailable)
}

func TestBlockStreamRESTErrors(t *testing.T) {
	e := newEnv(t, api.Options{})
	code, h, body := call(t, e.http(t), http.MethodGet, e.s.URL(api.BlockStreamPath+"?from_height=minus"), nil)
	wantProblem(t, code, h, body, http.StatusBadRequest, api.ReasonInvalidArgument)
	// SubscribeBlocks over gRPC needs a certificate like everything else.
	stream, err := apipb.NewChainClient(e.s.GRPCConn(t, nil)).SubscribeBlocks(testCtx(t), &apipb.SubscribeBlocksRequest{})
	if err == nil {
		_, err = stream.Recv()
	}
	if status.Code(err) != codes.Unavailable {
		t.Fatalf("subscribe without a certificate: %v", err)
	}
}

func waitFor(t *testing.T, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
