package node_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/consensus"
	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/types"
)

// forgery is one way a peer lies about the blocks it serves. Each keeps
// everything else about the block true, so that only the commit quorum
// check can tell.
type forgery struct {
	name string
	// want is the error the syncing node must refuse the block with.
	want  error
	forge func(b *types.Block) *types.Block
}

// forgeries are the lies of a peer that is a member of the node set
// (node 1, whose own signing key it holds) against a chain of 4 nodes
// (quorum 3).
func forgeries(t *testing.T, c *testnet.Cluster) []forgery {
	suite := c.Node(0).Genesis().Suite()
	chainID := c.Node(0).Genesis().ChainID
	self := c.Node(0).Consensus().Signer()
	outsiders := make([]crypto.Key, 3)
	for i := range outsiders {
		k, err := crypto.GenerateKey(self.Scheme())
		if err != nil {
			t.Fatal(err)
		}
		outsiders[i] = k
	}
	sign := func(b *types.Block, id uint64, k types.Signer) *types.QuorumSignature {
		aux := []byte("aux")
		sig, err := k.Sign(suite.CommitMessage(chainID, b.Header.Height, suite.BlockHash(b), aux))
		if err != nil {
			panic(err)
		}
		return &types.QuorumSignature{Signer: id, Signature: sig, Aux: aux}
	}
	clone := func(b *types.Block) *types.Block { return proto.Clone(b).(*types.Block) }
	// retimed is b one millisecond later: another block, whose genuine
	// signatures no longer verify.
	retimed := func(b *types.Block) *types.Block {
		f := clone(b)
		f.Header.TimeMs++
		return f
	}
	return []forgery{
		{"header altered, signatures kept", consensus.ErrBadCommitSignature, retimed},
		{"transaction inserted, roots and count recomputed", consensus.ErrBadCommitSignature, func(b *types.Block) *types.Block {
			f := clone(b)
			extra := clone(&types.Block{Txs: f.Txs[:1]}).Txs[0]
			extra.Body = append(extra.Body, 0) // another transaction
			f.Txs = append(f.Txs, extra)
			hashes := make([]types.Hash, len(f.Txs))
			for i, tx := range f.Txs {
				hashes[i] = suite.TxHash(tx)
			}
			f.Header.TxRoot = suite.TxRoot(hashes)
			f.Header.TxCount = uint32(len(f.Txs))
			return f
		}},
		{"no signatures", consensus.ErrInsufficientQuorum, func(b *types.Block) *types.Block {
			f := clone(b)
			f.Signatures = nil
			return f
		}},
		{"quorum - 1 genuine signatures", consensus.ErrInsufficientQuorum, func(b *types.Block) *types.Block {
			f := clone(b)
			f.Signatures = f.Signatures[:2]
			return f
		}},
		{"a genuine signature repeated to make up the quorum", consensus.ErrBadCommitSignature, func(b *types.Block) *types.Block {
			f := clone(b)
			f.Signatures = []*types.QuorumSignature{f.Signatures[0], f.Signatures[1], f.Signatures[1]}
			return f
		}},
		{"signature bytes forged", consensus.ErrBadCommitSignature, func(b *types.Block) *types.Block {
			f := clone(b)
			f.Signatures[len(f.Signatures)-1].Signature[4] ^= 0x08
			return f
		}},
		{"altered block signed by non-members", consensus.ErrBadCommitSignature, func(b *types.Block) *types.Block {
			f := retimed(b)
			f.Signatures = nil
			for i, k := range outsiders {
				f.Signatures = append(f.Signatures, sign(f, uint64(5+i), k))
			}
			return f
		}},
		{"altered block signed by the liar and outsiders under members' ids", consensus.ErrBadCommitSignature, func(b *types.Block) *types.Block {
			f := retimed(b)
			f.Signatures = []*types.QuorumSignature{sign(f, 1, self), sign(f, 2, outsiders[0]), sign(f, 3, outsiders[1])}
			return f
		}},
	}
}

// A node that lags, and whose only reachable peer serves forged blocks,
// refuses every one of them and stays at its height with its own blocks;
// once an honest peer is back it catches up from that peer, the liar
// notwithstanding, and ends with the same chain as the others.
func TestLaggingNodeRefusesForgedBlocksFromItsOnlyPeer(t *testing.T) {
	var lie atomic.Pointer[forgery]
	serve := func(b *types.Block) *types.Block {
		if f := lie.Load(); f != nil && b.GetHeader().GetHeight() > 0 {
			return f.forge(b)
		}
		return b
	}
	c := testnet.New(t, testnet.Options{Nodes: 4, ServeBlock: map[int]func(*types.Block) *types.Block{0: serve}})
	liar := c.Node(0).ID()
	lies := forgeries(t, c)
	commitSome(t, c, 2, "before the lag")
	if err := c.WaitHeight(c.MaxHeight(), 20*time.Second); err != nil {
		t.Fatal(err)
	}
	lagHeight := c.Node(3).Head().Height
	lagHash := c.Node(3).Head().Hash
	c.Stop(3)
	commitSome(t, c, 5, "while node 4 is down")
	target := c.MaxHeight()
	if err := c.WaitHeight(target, 20*time.Second); err != nil {
		t.Fatal(err)
	}
	// Only node 1, which lies, stays up; node 4 comes back behind it.
	c.Stop(1)
	c.Stop(2)
	lie.Store(&lies[0])
	c.Restart(3)
	lagging := c.Node(3)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for i := range lies {
		f := &lies[i]
		t.Run(f.name, func(t *testing.T) {
			lie.Store(f)
			n, failed, err := lagging.Consensus().CatchUpReport(ctx)
			if n != 0 || err == nil {
				t.Fatalf("committed %d blocks from the liar (err %v)", n, err)
			}
			refused := false
			for _, pf := range failed {
				if pf.Peer == liar && errors.Is(pf.Err, f.want) {
					refused = true
				} else {
					t.Errorf("peer %d failed with %v, want node %d refused with %v", pf.Peer, pf.Err, liar, f.want)
				}
			}
			if !refused {
				t.Fatalf("failures %+v, want node %d refused with %v", failed, liar, f.want)
			}
			if h := lagging.Head(); h.Height != lagHeight || h.Hash != lagHash {
				t.Fatalf("head moved to %d (%s) from %d (%s)", h.Height, h.Hash, lagHeight, lagHash)
			}
			if _, err := lagging.Store().Block(lagHeight + 1); err == nil {
				t.Fatalf("a block above the head was stored")
			}
		})
	}
	if t.Failed() {
		return
	}

	// An honest peer is back: node 4 catches up from it while node 1 keeps
	// lying, and refuses none of the honest blocks.
	lie.Store(&lies[len(lies)-1])
	c.Restart(1)
	for lagging.Head().Height < target {
		_, failed, _ := lagging.Consensus().CatchUpReport(ctx)
		for _, pf := range failed {
			if pf.Peer != liar && ctx.Err() == nil {
				t.Fatalf("the honest peer %d failed: %v", pf.Peer, pf.Err)
			}
		}
		if ctx.Err() != nil {
			t.Fatalf("node 4 reached only %d of %d", lagging.Head().Height, target)
		}
	}
	if err := c.CheckConsistent(); err != nil {
		t.Fatal(err)
	}
	// And the three honest-storing nodes (1, 2, 4) form a quorum again.
	r := submitAll(t, c.Client(3), []*types.Transaction{evidenceTx(t, c.Account(3), c.TxOptions(), fmt.Sprint("after the liar"))}, 1)[0]
	if r.Status != types.ReceiptStatus_SUCCESS {
		t.Fatalf("tx after the catch-up: %s", r.ErrorCode)
	}
	if err := c.WaitHeight(r.Height, 20*time.Second); err != nil {
		t.Fatal(err)
	}
	if err := c.CheckConsistent(); err != nil {
		t.Fatal(err)
	}
}
