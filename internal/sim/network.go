package sim

import (
	"cmp"
	"context"
	"crypto/sha256"
	"errors"
	"slices"
	"sync"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/p2p/p2ppb"
	"github.com/causeway/causeway/types"
)

// envelope is one message on the simulated network.
type envelope struct {
	from, to uint64
	raw      []byte // the PeerMessage, deterministic encoding
	hash     [32]byte
	at       time.Time // delivery time
	seq      uint64    // tie-break: order of scheduling
}

// network is the simulated network. Replicas' sends land in outbox; the
// driver moves them to the queue in a deterministic order (sender,
// receiver, content hash), deciding with the seeded generator whether each
// is lost, duplicated, and when it arrives; then delivers the due ones one
// at a time.
type network struct {
	mu     sync.Mutex
	outbox []*envelope
	notify chan struct{}

	queue []*envelope // sorted by (at, seq)
	seq   uint64
}

func newNetwork() *network {
	return &network{notify: make(chan struct{}, 1)}
}

func (n *network) post(e *envelope) {
	n.mu.Lock()
	n.outbox = append(n.outbox, e)
	n.mu.Unlock()
	select {
	case n.notify <- struct{}{}:
	default:
	}
}

// take returns the messages sent since the last call, in canonical order.
func (n *network) take() []*envelope {
	n.mu.Lock()
	out := n.outbox
	n.outbox = nil
	n.mu.Unlock()
	slices.SortFunc(out, func(a, b *envelope) int {
		if c := cmp.Compare(a.from, b.from); c != 0 {
			return c
		}
		if c := cmp.Compare(a.to, b.to); c != 0 {
			return c
		}
		for i := range a.hash {
			if c := cmp.Compare(a.hash[i], b.hash[i]); c != 0 {
				return c
			}
		}
		return 0
	})
	return out
}

// enqueue schedules e for delivery at e.at.
func (n *network) enqueue(e *envelope) {
	n.seq++
	e.seq = n.seq
	i, _ := slices.BinarySearchFunc(n.queue, e, func(a, b *envelope) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
	n.queue = slices.Insert(n.queue, i, e)
}

// due pops the next message due at or before now, or nil.
func (n *network) due(now time.Time) *envelope {
	if len(n.queue) == 0 || n.queue[0].at.After(now) {
		return nil
	}
	e := n.queue[0]
	n.queue = n.queue[1:]
	return e
}

// next returns the delivery time of the next message, or zero.
func (n *network) next() time.Time {
	if len(n.queue) == 0 {
		return time.Time{}
	}
	return n.queue[0].at
}

// endpoint is one replica's attachment to the network: it implements
// consensus.Transport and txpool.Gossip.
type endpoint struct {
	sim *Sim
	id  uint64
}

func (ep *endpoint) send(to uint64, m *p2ppb.PeerMessage) {
	raw, err := proto.MarshalOptions{Deterministic: true}.Marshal(m)
	if err != nil {
		return
	}
	ep.sim.net.post(&envelope{from: ep.id, to: to, raw: raw, hash: sha256.Sum256(raw)})
}

// Send implements consensus.Transport.
func (ep *endpoint) Send(to uint64, m *p2ppb.PeerMessage) bool {
	ep.send(to, m)
	return true
}

// Broadcast implements txpool.Gossip.
func (ep *endpoint) Broadcast(m *p2ppb.PeerMessage) {
	for _, id := range ep.sim.peerIDs() {
		if id != ep.id {
			ep.send(id, m)
		}
	}
}

var errUnreachable = errors.New("sim: peer unreachable")

// PeerHeight implements consensus.Transport: the peer's head height, after
// a round trip, if the link both ways is up.
func (ep *endpoint) PeerHeight(ctx context.Context, id uint64) (uint64, error) {
	if err := ep.sim.rpcWait(ctx, ep.id, id); err != nil {
		return 0, err
	}
	return ep.sim.serveHeight(id)
}

// FetchBlocks implements consensus.Transport: blocks from..to served by the
// peer (a Byzantine one may forge them), one round trip per block.
func (ep *endpoint) FetchBlocks(ctx context.Context, id, from, to uint64, fn func(*types.Block) error) error {
	for h := from; h <= to; h++ {
		if err := ep.sim.rpcWait(ctx, ep.id, id); err != nil {
			return err
		}
		b, err := ep.sim.serveBlock(id, ep.id, h)
		if err != nil {
			return err
		}
		if b == nil {
			return nil
		}
		if err := fn(b); err != nil {
			return err
		}
	}
	return nil
}
