package consensus

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	bft "github.com/hyperledger-labs/SmartBFT/pkg/types"
	"github.com/hyperledger-labs/SmartBFT/smartbftprotos"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/internal/testonly"
	"github.com/causeway/causeway/store"
	"github.com/causeway/causeway/types"
)

// syncChunk is how many blocks one fetch asks a peer for.
const syncChunk = 500

// Sync implements SmartBFT's Synchronizer: it asks the peers for their heights,
// fetches the missing blocks from the highest, accepts each block only if it
// extends the local head and carries a valid commit quorum, commits it, and
// returns the last decision.
func (c *Consensus) Sync() bft.SyncResponse {
	_, changed, _, err := c.catchUp(context.Background())
	if err != nil {
		c.log.Warn("sync incomplete", "err", err)
	}
	var resp bft.SyncResponse
	if changed != nil {
		rc := c.reconfigOf(changed)
		resp.Reconfig = bft.ReconfigSync{InReplicatedDecisions: true, CurrentNodes: rc.CurrentNodes, CurrentConfig: rc.CurrentConfig}
	}
	head := c.ledger.Head()
	if head.Height == 0 {
		return resp
	}
	b, err := c.ledger.Block(head.Height)
	if err != nil {
		c.log.Error("sync: cannot read the head block", "err", err)
		return resp
	}
	resp.Latest = c.storedDecision(b)
	return resp
}

// CatchUp fetches and commits blocks from peers until this node reaches the
// highest height they report. It returns how many blocks were committed.
func (c *Consensus) CatchUp(ctx context.Context) (int, error) {
	n, _, _, err := c.catchUp(ctx)
	return n, err
}

// PeerFailure is a peer whose blocks were refused or could not be fetched
// during a catch-up: a forged or altered block fails verification and is
// never committed.
type PeerFailure struct {
	// Peer is the peer's node id; Err says what failed.
	Peer uint64
	Err  error
}

// CatchUpReport is CatchUp, also listing the peers that failed on the way
// (whose blocks were refused) while the others were used.
func (c *Consensus) CatchUpReport(ctx context.Context) (int, []PeerFailure, error) {
	n, _, failed, err := c.catchUp(ctx)
	return n, failed, err
}

// catchUp is CatchUp, also returning the last configuration change among the
// blocks it committed and the peers that failed.
func (c *Consensus) catchUp(ctx context.Context) (int, *types.ChainConfig, []PeerFailure, error) {
	heights := c.peerHeights(ctx)
	committed := 0
	var lastErr error
	var failed []PeerFailure
	var changed *types.ChainConfig
	for _, ph := range heights {
		for c.ledger.Head().Height < ph.height {
			n, ch, err := c.fetchFrom(ctx, ph.id, ph.height)
			committed += n
			if ch != nil {
				changed = ch
			}
			if err != nil {
				lastErr = fmt.Errorf("from node %d: %w", ph.id, err)
				failed = append(failed, PeerFailure{Peer: ph.id, Err: err})
				c.log.Warn("sync: peer failed", "peer", ph.id, "err", err)
				break
			}
			if n == 0 {
				break
			}
		}
	}
	if committed > 0 {
		c.log.Info("synced blocks from peers", "blocks", committed, "height", c.ledger.Head().Height)
	}
	return committed, changed, failed, lastErr
}

type peerHeight struct {
	id     uint64
	height uint64
}

// peerHeights returns the peers above the local head, highest first.
func (c *Consensus) peerHeights(ctx context.Context) []peerHeight {
	var mu sync.Mutex
	var out []peerHeight
	var wg sync.WaitGroup
	local := c.ledger.Head().Height
	for _, id := range c.committee().IDs() {
		if id == c.cfg.SelfID {
			continue
		}
		wg.Add(1)
		go func(id uint64) {
			defer wg.Done()
			cctx, cancel := context.WithTimeout(ctx, 2*time.Second)
			defer cancel()
			h, err := c.net.PeerHeight(cctx, id)
			if err != nil || h <= local {
				return
			}
			mu.Lock()
			out = append(out, peerHeight{id, h})
			mu.Unlock()
		}(id)
	}
	wg.Wait()
	sort.Slice(out, func(i, j int) bool {
		if out[i].height != out[j].height {
			return out[i].height > out[j].height
		}
		return out[i].id < out[j].id
	})
	return out
}

func (c *Consensus) fetchFrom(ctx context.Context, peer, target uint64) (int, *types.ChainConfig, error) {
	from := c.ledger.Head().Height + 1
	to := min(target, from+syncChunk-1)
	cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	n := 0
	var changed *types.ChainConfig
	err := c.net.FetchBlocks(cctx, peer, from, to, func(b *types.Block) error {
		c.syncMu.Lock()
		defer c.syncMu.Unlock()
		head := c.ledger.Head()
		if b.GetHeader() != nil && b.Header.Height <= head.Height {
			return nil // delivered by consensus meanwhile
		}
		if err := c.VerifyBlock(b, head); err != nil {
			return err
		}
		// The chain decodes the block's transactions through the node's
		// cache: those this node saw before are not decoded again.
		applied, err := c.ledger.Apply(b, nil)
		if err != nil {
			return err
		}
		c.forgetRequests(applied.Txs)
		if applied.Config != nil {
			if err := c.Reconfigure(applied.Config); err != nil {
				return err
			}
			changed = applied.Config
		}
		n++
		return nil
	})
	return n, changed, err
}

// VerifyBlock checks that b is the certified successor of head: it extends
// head, its header commits to its transactions and to head's execution
// results, and a quorum of consensus nodes signed it.
func (c *Consensus) VerifyBlock(b *types.Block, head store.Head) error {
	h := b.GetHeader()
	switch {
	case h == nil:
		return fmt.Errorf("%w: no header", ErrBadProposal)
	case h.ChainId != c.chainID:
		return fmt.Errorf("%w: chain id %q", ErrBadProposal, h.ChainId)
	case h.Height != head.Height+1:
		return fmt.Errorf("%w: height %d does not follow %d", ErrBadProposal, h.Height, head.Height)
	case !bytes.Equal(h.PrevHash, head.Hash[:]):
		return fmt.Errorf("%w: block %d does not extend the local head", ErrBadProposal, h.Height)
	case !bytes.Equal(h.StateRoot, head.StateRoot):
		return fmt.Errorf("%w: block %d state root differs from local execution", ErrBadProposal, h.Height)
	case !bytes.Equal(h.ReceiptRoot, head.ReceiptRoot):
		return fmt.Errorf("%w: block %d receipt root differs from local execution", ErrBadProposal, h.Height)
	case int(h.TxCount) != len(b.Txs):
		return fmt.Errorf("%w: block %d tx count", ErrBadProposal, h.Height)
	}
	md := &smartbftprotos.ViewMetadata{}
	if err := proto.Unmarshal(b.ConsensusMetadata, md); err != nil || md.LatestSequence != h.Height {
		return fmt.Errorf("%w: block %d consensus metadata", ErrBadProposal, h.Height)
	}
	hashes := make([]types.Hash, len(b.Txs))
	for i, tx := range b.Txs {
		hashes[i] = c.suite.TxHash(tx)
	}
	if !bytes.Equal(h.TxRoot, c.suite.TxRoot(hashes)) {
		return fmt.Errorf("%w: block %d tx root does not match its transactions", ErrBadProposal, h.Height)
	}
	if testonly.SkipSyncQuorum.Load() {
		return nil
	}
	if err := c.committee().VerifyQuorum(b); err != nil {
		return fmt.Errorf("block %d: %w", h.Height, err)
	}
	return nil
}
