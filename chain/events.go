package chain

import (
	"context"
	"sync"

	"github.com/causeway/causeway/types"
)

// subscriberBuffer is how many blocks a subscriber may lag before it is dropped.
const subscriberBuffer = 1024

// events wakes transaction waiters and feeds block subscribers.
type events struct {
	mu      sync.Mutex
	waiters map[types.Hash][]chan struct{}
	subs    map[chan *types.Block]struct{}
	closed  bool
}

func newEvents() *events {
	return &events{waiters: map[types.Hash][]chan struct{}{}, subs: map[chan *types.Block]struct{}{}}
}

// wait returns a channel closed when h commits, and a function to cancel.
func (e *events) wait(h types.Hash) (<-chan struct{}, func()) {
	ch := make(chan struct{})
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		close(ch)
		return ch, func() {}
	}
	e.waiters[h] = append(e.waiters[h], ch)
	return ch, func() {
		e.mu.Lock()
		defer e.mu.Unlock()
		ws := e.waiters[h]
		for i, w := range ws {
			if w == ch {
				e.waiters[h] = append(ws[:i], ws[i+1:]...)
				break
			}
		}
		if len(e.waiters[h]) == 0 {
			delete(e.waiters, h)
		}
	}
}

// subscribe delivers blocks committed from now on until ctx ends.
func (e *events) subscribe(ctx context.Context) <-chan *types.Block {
	ch := make(chan *types.Block, subscriberBuffer)
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		close(ch)
		return ch
	}
	e.subs[ch] = struct{}{}
	e.mu.Unlock()
	go func() {
		<-ctx.Done()
		e.mu.Lock()
		if _, ok := e.subs[ch]; ok {
			delete(e.subs, ch)
			close(ch)
		}
		e.mu.Unlock()
	}()
	return ch
}

func (e *events) publish(b *types.Block, hashes []types.Hash) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, h := range hashes {
		for _, w := range e.waiters[h] {
			close(w)
		}
		delete(e.waiters, h)
	}
	for ch := range e.subs {
		select {
		case ch <- b:
		default: // too slow: drop the subscriber rather than stall commits
			delete(e.subs, ch)
			close(ch)
		}
	}
}

func (e *events) close() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.closed = true
	for h, ws := range e.waiters {
		for _, w := range ws {
			close(w)
		}
		delete(e.waiters, h)
	}
	for ch := range e.subs {
		delete(e.subs, ch)
		close(ch)
	}
}
