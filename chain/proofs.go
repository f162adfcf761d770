package chain

import (
	"errors"
	"fmt"

	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/store"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify"
	"github.com/causeway/causeway/verify/proofpb"
)

// ErrNotCertified is returned for a proof about block h while block h+1,
// whose signatures certify h's results, is not committed yet.
var ErrNotCertified = errors.New("not certified yet: the next block is not committed")

// ErrNotFound is returned for a transaction or block the chain does not hold.
var ErrNotFound = store.ErrNotFound

// proofReader is what proofs are built from: a snapshot of the store, so
// that every part of one proof comes from the same height.
type proofReader interface {
	state.NodeReader
	Head() store.Head
	Block(height uint64) (*types.Block, error)
	Receipts(height uint64) ([]*types.Receipt, error)
	TxLocation(h types.Hash) (uint64, uint32, error)
	Scan(prefix []byte, fn func(key, value []byte) error) error
}

// withSnapshot runs f on a snapshot of the store.
func (c *Chain) withSnapshot(f func(r proofReader) error) error {
	sn, err := c.store.Snapshot()
	if err != nil {
		return err
	}
	defer sn.Close()
	return f(sn)
}

// TxProof builds the proof of a committed transaction: block h's header
// with the Merkle proof of the transaction's hash, block h+1 with its
// signatures and the Merkle proof of the receipt, the configuration in
// force at h+1 and the configuration chain leading to it.
func (c *Chain) TxProof(h types.Hash) (*proofpb.TxProof, error) {
	var out *proofpb.TxProof
	err := c.withSnapshot(func(r proofReader) error {
		height, index, err := r.TxLocation(h)
		if err != nil {
			return err
		}
		if head := r.Head(); height >= head.Height {
			return fmt.Errorf("%w: transaction %s is in block %d, the head", ErrNotCertified, h, height)
		}
		blk, err := r.Block(height)
		if err != nil {
			return err
		}
		next, err := r.Block(height + 1)
		if err != nil {
			return err
		}
		receipts, err := r.Receipts(height)
		if err != nil {
			return err
		}
		if int(index) >= len(blk.Txs) || len(receipts) != len(blk.Txs) {
			return fmt.Errorf("block %d: transaction index %d of %d, %d receipts", height, index, len(blk.Txs), len(receipts))
		}
		suite := c.genesis.Suite()
		hashes := make([][]byte, len(blk.Txs))
		for i, tx := range blk.Txs {
			th := suite.TxHash(tx)
			hashes[i] = th[:]
		}
		encs := make([][]byte, len(receipts))
		for i, rc := range receipts {
			encs[i] = types.EncodeReceipt(rc)
		}
		tp, err := suite.Merkle().Prove(hashes, int(index))
		if err != nil {
			return err
		}
		rp, err := suite.Merkle().Prove(encs, int(index))
		if err != nil {
			return err
		}
		cp, err := c.configProof(r, next.Header)
		if err != nil {
			return err
		}
		chain, err := c.configChain(r, height+1)
		if err != nil {
			return err
		}
		out = &proofpb.TxProof{
			Tx: blk.Txs[index], Receipt: receipts[index],
			Header: blk.Header, TxProof: verify.MerkleProofOf(tp),
			Next:         &proofpb.SignedHeader{Header: next.Header, Signatures: next.Signatures},
			ReceiptProof: verify.MerkleProofOf(rp),
			Config:       cp, ConfigChain: chain,
		}
		return nil
	})
	return out, err
}

// StateProof builds the proof of key's value (or absence) in the state
// after block height, against the state root in block height+1's header.
func (c *Chain) StateProof(key []byte, height uint64, latest bool) (*proofpb.StateProof, error) {
	var out *proofpb.StateProof
	err := c.withSnapshot(func(r proofReader) error {
		head := r.Head()
		if latest {
			if head.Height == 0 {
				return fmt.Errorf("%w: only the genesis block is committed", ErrNotCertified)
			}
			height = head.Height - 1
		}
		if height >= head.Height {
			if height > head.Height {
				return fmt.Errorf("%w: block %d is above the head %d", ErrNotFound, height, head.Height)
			}
			return fmt.Errorf("%w: the state after block %d is committed by block %d", ErrNotCertified, height, height+1)
		}
		next, err := r.Block(height + 1)
		if err != nil {
			return err
		}
		value, p, err := state.Tree(c.genesis.Suite(), r).Prove(next.Header.StateRoot, key)
		if err != nil {
			return err
		}
		cp, err := c.configProof(r, next.Header)
		if err != nil {
			return err
		}
		chain, err := c.configChain(r, height+1)
		if err != nil {
			return err
		}
		out = &proofpb.StateProof{
			Key: key, Value: value, Height: height,
			Header: &proofpb.SignedHeader{Header: next.Header, Signatures: next.Signatures},
			Proof:  verify.SMTProofOf(p), Config: cp, ConfigChain: chain,
		}
		return nil
	})
	return out, err
}

// ConfigChain returns the configuration chain up to toHeight (the head
// when latest).
func (c *Chain) ConfigChain(toHeight uint64, latest bool) (*proofpb.ConfigChain, error) {
	var out *proofpb.ConfigChain
	err := c.withSnapshot(func(r proofReader) error {
		head := r.Head()
		if latest {
			toHeight = head.Height
		}
		if toHeight > head.Height {
			return fmt.Errorf("%w: height %d is above the head %d", ErrNotFound, toHeight, head.Height)
		}
		var err error
		out, err = c.configChain(r, toHeight)
		return err
	})
	return out, err
}

// configProof proves the configuration in force at hdr's height under its
// state root.
func (c *Chain) configProof(r proofReader, hdr *types.BlockHeader) (*proofpb.ConfigProof, error) {
	v, p, err := state.Tree(c.genesis.Suite(), r).Prove(hdr.StateRoot, state.ConfigKey())
	if err != nil {
		return nil, err
	}
	if v == nil {
		return nil, fmt.Errorf("block %d: no configuration under the state root", hdr.Height)
	}
	return &proofpb.ConfigProof{Config: v, Proof: verify.SMTProofOf(p)}, nil
}

// configChain lists every configuration change in force from a height up
// to toHeight (which must be committed), each proven under the state root of
// the first block it applies to, whose signatures the verifier checks.
func (c *Chain) configChain(r proofReader, toHeight uint64) (*proofpb.ConfigChain, error) {
	gh := c.genesis.Hash()
	out := &proofpb.ConfigChain{ChainId: c.genesis.ChainID, GenesisHash: gh[:], ToHeight: toHeight}
	var heights []uint64
	err := state.ScanConfigHistory(r, func(h uint64, _ []byte) error {
		if h <= toHeight {
			heights = append(heights, h)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	tree := state.Tree(c.genesis.Suite(), r)
	for _, h := range heights {
		blk, err := r.Block(h)
		if err != nil {
			return nil, fmt.Errorf("configuration in force from %d: %w", h, err)
		}
		key := state.ConfigHistoryKey(h)
		v, p, err := tree.Prove(blk.Header.StateRoot, key)
		if err != nil {
			return nil, err
		}
		if v == nil {
			return nil, fmt.Errorf("configuration in force from %d is not under block %d's state root", h, h)
		}
		out.Changes = append(out.Changes, &proofpb.ConfigChange{
			Height: h, Config: v, Proof: verify.SMTProofOf(p),
			Header: &proofpb.SignedHeader{Header: blk.Header, Signatures: blk.Signatures},
		})
	}
	return out, nil
}
