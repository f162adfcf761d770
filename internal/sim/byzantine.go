package sim

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/hyperledger-labs/SmartBFT/smartbftprotos"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/p2p/p2ppb"
	"github.com/causeway/causeway/store"
	"github.com/causeway/causeway/types"
)

// A Byzantine replica runs the honest code, but the network rewrites what it
// sends (byzOut), adds garbage and replays (byzInject), and its block
// server forges blocks (forgeBlock). It holds its own keys only: it can sign
// as itself, never as another node.

// byzState is one Byzantine node's memory of past messages (to replay).
type byzState struct {
	modes map[string]bool
	past  [][]byte // recent messages it sent or received
}

func (b *byzState) remember(raw []byte) {
	if len(b.past) >= 256 {
		b.past = b.past[1:]
	}
	b.past = append(b.past, raw)
}

var marshal = proto.MarshalOptions{Deterministic: true}

// byzOut rewrites a message a Byzantine node sends.
func (s *Sim) byzOut(bz *byzState, e *envelope) []*envelope {
	bz.remember(e.raw)
	m := &p2ppb.PeerMessage{}
	if err := proto.Unmarshal(e.raw, m); err != nil {
		return []*envelope{e}
	}
	cm, ok := m.Kind.(*p2ppb.PeerMessage_Consensus)
	if !ok {
		return []*envelope{e}
	}
	msg := &smartbftprotos.Message{}
	if err := proto.Unmarshal(cm.Consensus, msg); err != nil {
		return []*envelope{e}
	}
	changed := false
	switch c := msg.Content.(type) {
	case *smartbftprotos.Message_PrePrepare:
		// Followers with an even id get another proposal.
		if e.to%2 == 0 && (bz.modes[ModeEquivocate] || bz.modes[ModeBadTx]) && c.PrePrepare.Proposal != nil {
			if p := s.altProposal(e.from, bz, c.PrePrepare.Proposal); p != nil {
				c.PrePrepare.Proposal = p
				changed = true
			}
		}
	case *smartbftprotos.Message_Prepare:
		if bz.modes[ModeVotes] && e.to%2 == 1 {
			c.Prepare.Digest = fmt.Sprintf("%x", sha256.Sum256([]byte(c.Prepare.Digest)))
			changed = true
		}
	case *smartbftprotos.Message_Commit:
		if bz.modes[ModeVotes] && e.to%2 == 1 {
			c.Commit.Digest = fmt.Sprintf("%x", sha256.Sum256([]byte(c.Commit.Digest)))
			changed = true
		}
	}
	if !changed {
		return []*envelope{e}
	}
	raw, err := marshal.Marshal(msg)
	if err != nil {
		return []*envelope{e}
	}
	out := s.envelopeOf(e.from, e.to, &p2ppb.PeerMessage{Kind: &p2ppb.PeerMessage_Consensus{Consensus: raw}})
	s.record("byz-rewrite", e.from, e.to, fmt.Sprintf("%T", msg.Content))
	return []*envelope{out}
}

func (s *Sim) envelopeOf(from, to uint64, m *p2ppb.PeerMessage) *envelope {
	raw, _ := marshal.Marshal(m)
	return &envelope{from: from, to: to, raw: raw, hash: sha256.Sum256(raw)}
}

// altProposal returns a different proposal for the same slot: valid but
// different (equivocation: one transaction fewer and a later time), or
// carrying a badly signed or already committed transaction (bad tx).
func (s *Sim) altProposal(from uint64, bz *byzState, p *smartbftprotos.Proposal) *smartbftprotos.Proposal {
	header := &types.BlockHeader{}
	batch := &types.TxBatch{}
	if proto.Unmarshal(p.Header, header) != nil || proto.Unmarshal(p.Payload, batch) != nil {
		return nil
	}
	suite := s.cons.Genesis.Suite()
	txs := slices.Clone(batch.Txs)
	if bz.modes[ModeBadTx] && s.rng.IntN(2) == 0 {
		if bad := s.badTx(from, txs); bad != nil {
			txs = append(txs, bad)
		}
	} else {
		if len(txs) > 0 {
			txs = txs[:len(txs)-1]
		}
		header.TimeMs++
	}
	hashes := make([]types.Hash, len(txs))
	for i, raw := range txs {
		d, err := suite.DecodeTx(raw, 0)
		if err != nil {
			return nil
		}
		hashes[i] = d.Hash
	}
	header.TxRoot = suite.TxRoot(hashes)
	header.TxCount = uint32(len(txs))
	hb, _ := marshal.Marshal(header)
	pb, _ := marshal.Marshal(&types.TxBatch{Txs: txs})
	return &smartbftprotos.Proposal{Header: hb, Payload: pb, Metadata: p.Metadata, VerificationSequence: p.VerificationSequence}
}

// badTx returns a workload transaction with a broken signature, or one the
// Byzantine node's ledger already committed (a replay).
func (s *Sim) badTx(from uint64, batch [][]byte) []byte {
	if s.rng.IntN(2) == 0 {
		r := s.replica(from)
		if r.up {
			head := r.store.Head().Height
			for h := head; h >= 1 && h+20 > head; h-- {
				b, err := r.store.Block(h)
				if err == nil && len(b.Txs) > 0 {
					s.record("byz-replayed-tx", from, h)
					return types.EncodeTx(b.Txs[0])
				}
			}
		}
	}
	var src []byte
	if len(batch) > 0 {
		src = batch[0]
	} else if len(s.submittedRaw) > 0 {
		src = s.submittedRaw[s.rng.IntN(len(s.submittedRaw))]
	}
	if src == nil {
		return nil
	}
	tx := &types.Transaction{}
	if proto.Unmarshal(src, tx) != nil || len(tx.Signatures) == 0 {
		return nil
	}
	sig := slices.Clone(tx.Signatures[0].Signature)
	sig[s.rng.IntN(len(sig))] ^= 0x40
	tx.Signatures[0].Signature = sig
	s.record("byz-badsig-tx", from)
	return types.EncodeTx(tx)
}

// byzInject adds garbage and replayed messages from a Byzantine node.
func (s *Sim) byzInject(id uint64, bz *byzState) []*envelope {
	var out []*envelope
	peers := s.peerIDs()
	to := peers[s.rng.IntN(len(peers))]
	if to == id {
		return nil
	}
	if bz.modes[ModeGarbage] && s.rng.IntN(8) == 0 {
		junk := make([]byte, 1+s.rng.IntN(200))
		for i := range junk {
			junk[i] = byte(s.rng.Uint32())
		}
		var m *p2ppb.PeerMessage
		switch s.rng.IntN(4) {
		case 0:
			m = &p2ppb.PeerMessage{Kind: &p2ppb.PeerMessage_Consensus{Consensus: junk}}
		case 1:
			m = &p2ppb.PeerMessage{Kind: &p2ppb.PeerMessage_Forward{Forward: junk}}
		case 2:
			m = &p2ppb.PeerMessage{Kind: &p2ppb.PeerMessage_Txs{Txs: &p2ppb.TxGossip{Txs: [][]byte{junk}}}}
		case 3:
			// Well-formed protocol messages with nonsense in them.
			seq := s.rng.Uint64N(1000)
			var msg *smartbftprotos.Message
			switch s.rng.IntN(3) {
			case 0:
				msg = &smartbftprotos.Message{Content: &smartbftprotos.Message_PrePrepare{PrePrepare: &smartbftprotos.PrePrepare{
					View: s.rng.Uint64N(4), Seq: seq, Proposal: &smartbftprotos.Proposal{Header: junk, Payload: junk, Metadata: junk}}}}
			case 1:
				msg = &smartbftprotos.Message{Content: &smartbftprotos.Message_ViewChange{ViewChange: &smartbftprotos.ViewChange{
					NextView: s.rng.Uint64N(8), Reason: "byzantine"}}}
			default:
				msg = &smartbftprotos.Message{Content: &smartbftprotos.Message_Commit{Commit: &smartbftprotos.Commit{
					View: s.rng.Uint64N(4), Seq: seq, Digest: fmt.Sprintf("%x", junk),
					Signature: &smartbftprotos.Signature{Signer: id, Value: junk, Msg: junk}}}}
			}
			raw, _ := marshal.Marshal(msg)
			m = &p2ppb.PeerMessage{Kind: &p2ppb.PeerMessage_Consensus{Consensus: raw}}
		}
		out = append(out, s.envelopeOf(id, to, m))
		s.record("byz-garbage", id, to)
	}
	if bz.modes[ModeReplay] && len(bz.past) > 0 && s.rng.IntN(8) == 0 {
		raw := bz.past[s.rng.IntN(len(bz.past))]
		out = append(out, &envelope{from: id, to: to, raw: raw, hash: sha256.Sum256(raw)})
		s.record("byz-replay", id, to)
	}
	return out
}

// forgeBlock returns what a forging Byzantine server sends instead of b to
// requester: the block with one transaction fewer (or a shifted time), with
// the original signatures (now invalid) or with the server's own signature
// only (no quorum). The choice is a function of the seed, the requester and
// the height, not of the generator, since sync runs on replicas' goroutines.
func (s *Sim) forgeBlock(server *replica, requester uint64, b *types.Block) *types.Block {
	var k [24]byte
	binary.BigEndian.PutUint64(k[:], s.seed)
	binary.BigEndian.PutUint64(k[8:], requester)
	binary.BigEndian.PutUint64(k[16:], b.Header.Height)
	choice := sha256.Sum256(k[:])
	f := proto.Clone(b).(*types.Block)
	suite := s.cons.Genesis.Suite()
	if len(f.Txs) > 0 {
		f.Txs = f.Txs[:len(f.Txs)-1]
	} else {
		f.Header.TimeMs++
	}
	hashes := make([]types.Hash, len(f.Txs))
	for i, tx := range f.Txs {
		hashes[i] = suite.TxHash(tx)
	}
	f.Header.TxRoot = suite.TxRoot(hashes)
	f.Header.TxCount = uint32(len(f.Txs))
	if choice[0]%2 == 0 {
		// Signed by the server alone.
		var aux []byte
		for _, sg := range b.Signatures {
			if sg.Signer == server.id {
				aux = sg.Aux
			}
		}
		sig, err := server.signer.Sign(suite.CommitMessage(s.cons.Genesis.ChainID, f.Header.Height, suite.HeaderHash(f.Header), aux))
		if err == nil {
			f.Signatures = []*types.QuorumSignature{{Signer: server.id, Signature: sig, Aux: aux}}
		}
	}
	return f
}

// fabricateBlock returns a block the forging server makes up on top of its
// head for requester: empty, signed by the server alone, its time
// depending on the requester (so that two requesters get different ones).
func (s *Sim) fabricateBlock(server *replica, st *store.Store, requester uint64) (*types.Block, error) {
	head := st.Head()
	hb, err := st.Block(head.Height)
	if err != nil {
		return nil, err
	}
	md := &smartbftprotos.ViewMetadata{}
	if err := proto.Unmarshal(hb.ConsensusMetadata, md); err != nil {
		return nil, err
	}
	md.LatestSequence = head.Height + 1
	md.DecisionsInView++
	mdb, _ := marshal.Marshal(md)
	suite := s.cons.Genesis.Suite()
	b := &types.Block{Header: &types.BlockHeader{
		ChainId: s.cons.Genesis.ChainID, Height: head.Height + 1, PrevHash: head.Hash.Bytes(), TimeMs: head.TimeMs + int64(requester),
		TxRoot: suite.TxRoot(nil), StateRoot: head.StateRoot, ReceiptRoot: head.ReceiptRoot, Proposer: server.id,
	}, ConsensusMetadata: mdb}
	sig, err := server.signer.Sign(suite.CommitMessage(s.cons.Genesis.ChainID, b.Header.Height, suite.HeaderHash(b.Header), nil))
	if err != nil {
		return nil, err
	}
	b.Signatures = []*types.QuorumSignature{{Signer: server.id, Signature: sig}}
	return b, nil
}
