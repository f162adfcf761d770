package consensus_test

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"testing"
	"time"

	bft "github.com/hyperledger-labs/SmartBFT/pkg/types"
	"github.com/hyperledger-labs/SmartBFT/smartbftprotos"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/chain"
	"github.com/causeway/causeway/consensus"
	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/store"
	"github.com/causeway/causeway/types"
)

// A Byzantine leader's proposals, built by hand: each hostile proposal
// differs from one that verifies in one respect only, so that a follower
// which stops checking that respect accepts it.

const hostileChain = "hostile-chain"

// memLedger is a committed chain at a fixed head with a set of committed
// transaction hashes.
type memLedger struct {
	head      store.Head
	committed map[types.Hash]bool
}

func (l *memLedger) Head() store.Head                       { return l.head }
func (l *memLedger) Block(uint64) (*types.Block, error)     { return nil, store.ErrNotFound }
func (l *memLedger) HasTx(h types.Hash) (bool, error)       { return l.committed[h], nil }
func (l *memLedger) ConfigVersionAt(uint64) (uint64, error) { return 1, nil }
func (l *memLedger) Apply(*types.Block, []*types.DecodedTx) (*chain.Applied, error) {
	return nil, errors.New("read-only ledger")
}

// follower is node 2 of four, not started (no SmartBFT): only its
// verifier runs. Its clock is fixed at now; its head is block 10, made
// 100 ms before now.
type follower struct {
	c      *consensus.Consensus
	ledger *memLedger
	now    time.Time
	params types.ChainParams
	keys   []crypto.Key // transaction signers
	// genesis and nodeKeys (the consensus nodes' signing keys, by id)
	// make other replicas of the same chain.
	genesis  *types.Genesis
	nodeKeys map[uint64]crypto.Key
}

func newFollower(t *testing.T) *follower {
	t.Helper()
	g := &types.Genesis{ChainID: hostileChain, Params: types.DefaultParams()}
	nodeKeys := map[uint64]crypto.Key{}
	for i := 1; i <= 4; i++ {
		org := fmt.Sprintf("org%d", i)
		ca, err := pki.NewCA(org)
		if err != nil {
			t.Fatal(err)
		}
		cert, keyPEM, err := ca.Issue(pki.IssueRequest{CommonName: "node", Role: pki.RoleNode, KeyType: pki.KeyEd25519})
		if err != nil {
			t.Fatal(err)
		}
		k, err := crypto.ParsePrivateKeyPEM(keyPEM)
		if err != nil {
			t.Fatal(err)
		}
		nodeKeys[uint64(i)] = k
		g.Orgs = append(g.Orgs, types.GenesisOrg{Name: org, CACert: string(ca.CertPEM())})
		g.Nodes = append(g.Nodes, types.GenesisNode{ID: uint64(i), Org: org, Address: "127.0.0.1:1", TLSCert: string(cert), SignCert: string(cert)})
	}
	now := time.UnixMilli(1_750_000_000_000)
	state, receipts := sha256.Sum256([]byte("state")), sha256.Sum256([]byte("receipts"))
	l := &memLedger{head: store.Head{Height: 10, Hash: types.Intl.Sum([]byte("block 10")), TimeMs: now.UnixMilli() - 100,
		StateRoot: state[:], ReceiptRoot: receipts[:]}, committed: map[types.Hash]bool{}}
	c, err := consensus.New(consensus.Config{SelfID: 2, Genesis: g, Signer: nodeKeys[2], Now: func() time.Time { return now }}, l, nil)
	if err != nil {
		t.Fatal(err)
	}
	f := &follower{c: c, ledger: l, now: now, params: g.Params, genesis: g, nodeKeys: nodeKeys}
	for range 3 {
		k, err := crypto.GenerateEd25519()
		if err != nil {
			t.Fatal(err)
		}
		f.keys = append(f.keys, k)
	}
	return f
}

// tx is a signed evidence deposit, valid at the follower's time, changed
// by edit before signing.
func (f *follower) tx(t *testing.T, n int, edit func(*types.TxBody)) *types.Transaction {
	t.Helper()
	digest := sha256.Sum256(fmt.Append(nil, "document ", n))
	payload, _ := proto.Marshal(&types.DepositEvidence{Hash: digest[:], HashAlgorithm: "sha256"})
	sender := types.Intl.AccountID(fmt.Sprint("account-", n%len(f.keys)))
	body := &types.TxBody{ChainId: hostileChain, Sender: sender[:], TimestampMs: f.now.UnixMilli() - 1000,
		ValidityMs: 300_000, Type: types.TxType_DEPOSIT_EVIDENCE, Payload: payload, Nonce: uint64(n) + 1}
	if edit != nil {
		edit(body)
	}
	tx, err := types.Intl.NewTx(body, f.keys[n%len(f.keys)])
	if err != nil {
		t.Fatal(err)
	}
	return tx
}

// batch is n valid transactions.
func (f *follower) batch(t *testing.T, n int) []*types.Transaction {
	out := make([]*types.Transaction, n)
	for i := range out {
		out[i] = f.tx(t, i, nil)
	}
	return out
}

// proposal is what a leader (node 1) proposes at height 11 on the
// follower's head with txs: a header that commits to them, and the batch.
// edit changes the header after it is filled in.
func (f *follower) proposal(txs []*types.Transaction, edit func(*types.BlockHeader)) bft.Proposal {
	raws := make([][]byte, len(txs))
	hashes := make([]types.Hash, len(txs))
	for i, tx := range txs {
		raws[i] = types.EncodeTx(tx)
		hashes[i] = types.Intl.TxHash(tx)
	}
	head := f.ledger.head
	h := &types.BlockHeader{ChainId: hostileChain, Height: head.Height + 1, PrevHash: head.Hash.Bytes(), TimeMs: f.now.UnixMilli() - 50,
		TxRoot: types.Intl.TxRoot(hashes), StateRoot: head.StateRoot, ReceiptRoot: head.ReceiptRoot, TxCount: uint32(len(txs)), Proposer: 1}
	if edit != nil {
		edit(h)
	}
	return f.raw(h, raws, head.Height+1)
}

func (f *follower) raw(h *types.BlockHeader, raws [][]byte, seq uint64) bft.Proposal {
	det := proto.MarshalOptions{Deterministic: true}
	hb, _ := det.Marshal(h)
	pb, _ := det.Marshal(&types.TxBatch{Txs: raws})
	md, _ := proto.Marshal(&smartbftprotos.ViewMetadata{ViewId: 1, LatestSequence: seq})
	return bft.Proposal{Header: hb, Payload: pb, Metadata: md, VerificationSequence: 1}
}

// forge returns tx with one byte of its first signature flipped.
func forge(tx *types.Transaction) *types.Transaction {
	f := proto.Clone(tx).(*types.Transaction)
	f.Signatures[0].Signature[9] ^= 0x10
	return f
}

// reordered encodes the transaction raw with its fields in reverse order
// (signatures before the body): it decodes to the same transaction, but
// is not its canonical encoding.
func reordered(t *testing.T, raw []byte) []byte {
	t.Helper()
	var fields [][]byte
	for b := raw; len(b) > 0; {
		_, _, n := protowire.ConsumeField(b)
		if n < 0 {
			t.Fatal(protowire.ParseError(n))
		}
		fields = append(fields, b[:n])
		b = b[n:]
	}
	var out []byte
	for i := len(fields) - 1; i >= 0; i-- {
		out = append(out, fields[i]...)
	}
	tx := &types.Transaction{}
	if err := proto.Unmarshal(out, tx); err != nil || string(out) == string(raw) || string(types.EncodeTx(tx)) != string(raw) {
		t.Fatalf("reordering failed: %v", err)
	}
	return out
}

// A proposal whose transactions are all valid is accepted by a fresh
// follower, which has verified none of them before; changing any one
// thing below makes it refused.
func TestFollowerRefusesHostileProposals(t *testing.T) {
	base := newFollower(t)
	if infos, err := base.c.VerifyProposal(base.proposal(base.batch(t, 5), nil)); err != nil || len(infos) != 5 {
		t.Fatalf("valid proposal: %d requests, %v", len(infos), err)
	}
	type tcase struct {
		name string
		// proposal builds the hostile proposal for a fresh follower f.
		proposal func(t *testing.T, f *follower) bft.Proposal
	}
	stranger, _ := crypto.GenerateEd25519()
	cases := []tcase{
		// Transactions.
		{"a transaction whose signature does not verify", func(t *testing.T, f *follower) bft.Proposal {
			txs := f.batch(t, 5)
			txs[3] = forge(txs[3])
			return f.proposal(txs, nil)
		}},
		{"a forged copy of a transaction the follower verified before", func(t *testing.T, f *follower) bft.Proposal {
			txs := f.batch(t, 5)
			// The follower admitted the genuine transaction earlier (as its
			// pool does); the proposal carries a copy with another
			// signature over the same body, so the same hash.
			d, err := f.c.Txs().Decode(types.EncodeTx(txs[2]), 0)
			if err != nil {
				t.Fatal(err)
			}
			if err := f.c.Txs().Verify([]*types.DecodedTx{d})[0]; err != nil || !f.c.Txs().Verified(d) {
				t.Fatalf("the genuine transaction: %v", err)
			}
			txs[2] = forge(txs[2])
			return f.proposal(txs, nil)
		}},
		{"a transaction signed by a key that is not the one it names", func(t *testing.T, f *follower) bft.Proposal {
			txs := f.batch(t, 5)
			other := f.tx(t, 1, nil)
			sig, _ := stranger.Sign(types.Intl.TxHash(other).Bytes())
			other.Signatures[0].Signature = sig // the public key stays the account's
			txs[1] = other
			return f.proposal(txs, nil)
		}},
		{"a transaction already committed", func(t *testing.T, f *follower) bft.Proposal {
			txs := f.batch(t, 5)
			f.ledger.committed[types.Intl.TxHash(txs[4])] = true
			return f.proposal(txs, nil)
		}},
		{"the same transaction twice", func(t *testing.T, f *follower) bft.Proposal {
			txs := f.batch(t, 5)
			txs[4] = txs[1]
			return f.proposal(txs, nil)
		}},
		{"the same transaction twice, with different signature bytes", func(t *testing.T, f *follower) bft.Proposal {
			// ECDSA-style malleability or a second valid signature: the
			// hash (body) is the same, so it is the same transaction.
			txs := f.batch(t, 5)
			dup := proto.Clone(txs[1]).(*types.Transaction)
			k := f.keys[1%len(f.keys)]
			sig, _ := k.Sign(types.Intl.TxHash(dup).Bytes())
			dup.Signatures = append(dup.Signatures, &types.Signature{Scheme: k.Scheme(), PublicKey: k.PublicKey(), Signature: sig})
			txs[4] = dup
			return f.proposal(txs, nil)
		}},
		{"a transaction for another chain", func(t *testing.T, f *follower) bft.Proposal {
			txs := f.batch(t, 5)
			txs[0] = f.tx(t, 0, func(b *types.TxBody) { b.ChainId = "another-chain" })
			return f.proposal(txs, nil)
		}},
		{"a transaction expired at the block's time", func(t *testing.T, f *follower) bft.Proposal {
			txs := f.batch(t, 5)
			txs[0] = f.tx(t, 0, func(b *types.TxBody) { b.TimestampMs = f.now.UnixMilli() - 60_000; b.ValidityMs = 59_000 })
			return f.proposal(txs, nil)
		}},
		{"a transaction dated too far after the block's time", func(t *testing.T, f *follower) bft.Proposal {
			txs := f.batch(t, 5)
			txs[0] = f.tx(t, 0, func(b *types.TxBody) { b.TimestampMs = f.now.UnixMilli() + f.params.MaxFutureMs + 1000 })
			return f.proposal(txs, nil)
		}},
		{"a transaction dated too far after the block's time, though not after the follower's clock", func(t *testing.T, f *follower) bft.Proposal {
			// The block is dated at its parent's time, 100 ms before the
			// follower's clock: the transaction is 20 ms beyond the future
			// bound at the block time, within it at the clock. Every node
			// must judge it at the block time, as execution will.
			txs := f.batch(t, 5)
			blockTime := f.ledger.head.TimeMs
			txs[0] = f.tx(t, 0, func(b *types.TxBody) { b.TimestampMs = blockTime + f.params.MaxFutureMs + 20 })
			return f.proposal(txs, func(h *types.BlockHeader) { h.TimeMs = blockTime })
		}},
		{"a transaction with a validity above the chain's limit", func(t *testing.T, f *follower) bft.Proposal {
			txs := f.batch(t, 5)
			txs[0] = f.tx(t, 0, func(b *types.TxBody) { b.ValidityMs = f.params.MaxValidityMs + 1 })
			return f.proposal(txs, nil)
		}},
		{"a transaction that is not canonically encoded", func(t *testing.T, f *follower) bft.Proposal {
			p := f.proposal(f.batch(t, 5), nil)
			b := &types.TxBatch{}
			_ = proto.Unmarshal(p.Payload, b)
			b.Txs[2] = reordered(t, b.Txs[2]) // same transaction, other bytes
			p.Payload, _ = proto.MarshalOptions{Deterministic: true}.Marshal(b)
			return p
		}},
		{"bytes that are not a transaction", func(t *testing.T, f *follower) bft.Proposal {
			p := f.proposal(f.batch(t, 5), nil)
			b := &types.TxBatch{}
			_ = proto.Unmarshal(p.Payload, b)
			b.Txs[2] = []byte{0xff, 0x01}
			p.Payload, _ = proto.MarshalOptions{Deterministic: true}.Marshal(b)
			return p
		}},
		// The header.
		{"a header of another chain", func(t *testing.T, f *follower) bft.Proposal {
			return f.proposal(f.batch(t, 5), func(h *types.BlockHeader) { h.ChainId = "another-chain" })
		}},
		{"a header at another height than the sequence", func(t *testing.T, f *follower) bft.Proposal {
			h := &types.BlockHeader{}
			p := f.proposal(f.batch(t, 5), nil)
			_ = proto.Unmarshal(p.Header, h)
			b := &types.TxBatch{}
			_ = proto.Unmarshal(p.Payload, b)
			return f.raw(h, b.Txs, 12)
		}},
		{"a header that skips a height", func(t *testing.T, f *follower) bft.Proposal {
			h := &types.BlockHeader{}
			p := f.proposal(f.batch(t, 5), func(h *types.BlockHeader) { h.Height = 12 })
			_ = proto.Unmarshal(p.Header, h)
			b := &types.TxBatch{}
			_ = proto.Unmarshal(p.Payload, b)
			return f.raw(h, b.Txs, 12)
		}},
		{"a header on another parent", func(t *testing.T, f *follower) bft.Proposal {
			return f.proposal(f.batch(t, 5), func(h *types.BlockHeader) { h.PrevHash = types.Intl.Sum([]byte("fork")).Bytes() })
		}},
		{"a header with another state root", func(t *testing.T, f *follower) bft.Proposal {
			return f.proposal(f.batch(t, 5), func(h *types.BlockHeader) { h.StateRoot = types.Intl.Sum([]byte("other state")).Bytes() })
		}},
		{"a header with another receipt root", func(t *testing.T, f *follower) bft.Proposal {
			return f.proposal(f.batch(t, 5), func(h *types.BlockHeader) { h.ReceiptRoot = types.Intl.Sum([]byte("other")).Bytes() })
		}},
		{"a header dated before its parent", func(t *testing.T, f *follower) bft.Proposal {
			return f.proposal(f.batch(t, 5), func(h *types.BlockHeader) { h.TimeMs = f.ledger.head.TimeMs - 1 })
		}},
		{"a header dated beyond the follower's clock and drift", func(t *testing.T, f *follower) bft.Proposal {
			return f.proposal(f.batch(t, 5), func(h *types.BlockHeader) { h.TimeMs = f.now.UnixMilli() + f.params.BlockTimeDriftMs + 1 })
		}},
		{"a header counting another number of transactions", func(t *testing.T, f *follower) bft.Proposal {
			return f.proposal(f.batch(t, 5), func(h *types.BlockHeader) { h.TxCount = 4 })
		}},
		{"a header whose tx root is of other transactions", func(t *testing.T, f *follower) bft.Proposal {
			other := f.batch(t, 6)[1:]
			hashes := make([]types.Hash, len(other))
			for i, tx := range other {
				hashes[i] = types.Intl.TxHash(tx)
			}
			return f.proposal(f.batch(t, 5), func(h *types.BlockHeader) { h.TxRoot = types.Intl.TxRoot(hashes) })
		}},
		{"a header whose tx root has two transactions swapped", func(t *testing.T, f *follower) bft.Proposal {
			txs := f.batch(t, 5)
			p := f.proposal(txs, nil)
			b := &types.TxBatch{}
			_ = proto.Unmarshal(p.Payload, b)
			b.Txs[0], b.Txs[1] = b.Txs[1], b.Txs[0]
			p.Payload, _ = proto.MarshalOptions{Deterministic: true}.Marshal(b)
			return p
		}},
		{"more transactions than a batch may hold", func(t *testing.T, f *follower) bft.Proposal {
			n := int(f.params.BatchMaxCount) + 1
			txs := make([]*types.Transaction, n)
			for i := range txs {
				txs[i] = f.tx(t, i, nil)
			}
			return f.proposal(txs, nil)
		}},
		{"a header that does not decode", func(t *testing.T, f *follower) bft.Proposal {
			p := f.proposal(f.batch(t, 5), nil)
			p.Header = []byte{0xff, 0xff}
			return p
		}},
		{"metadata that does not decode", func(t *testing.T, f *follower) bft.Proposal {
			p := f.proposal(f.batch(t, 5), nil)
			p.Metadata = []byte{0xff, 0xff}
			return p
		}},
		{"a payload that does not decode", func(t *testing.T, f *follower) bft.Proposal {
			p := f.proposal(f.batch(t, 5), nil)
			p.Payload = []byte{0xff, 0xff}
			return p
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFollower(t)
			p := tc.proposal(t, f)
			if infos, err := f.c.VerifyProposal(p); !errors.Is(err, consensus.ErrBadProposal) {
				t.Fatalf("accepted (%d requests, err %v)", len(infos), err)
			}
			// Refused again: a refused proposal is not remembered as checked.
			if _, err := f.c.VerifyProposal(p); !errors.Is(err, consensus.ErrBadProposal) {
				t.Fatalf("accepted the second time: %v", err)
			}
		})
	}
}

// A proposal's transactions are judged at the block's time, not at the
// follower's clock: one that expired between the block time and now is
// accepted, as execution (at the block time) will accept it on every node.
func TestProposalTransactionsAreCheckedAtTheBlockTime(t *testing.T) {
	f := newFollower(t)
	blockTime := f.ledger.head.TimeMs // 100 ms before the follower's clock
	txs := f.batch(t, 3)
	txs[1] = f.tx(t, 1, func(b *types.TxBody) { b.TimestampMs = blockTime - 10_000; b.ValidityMs = 10_050 }) // expires 50 ms after the block
	p := f.proposal(txs, func(h *types.BlockHeader) { h.TimeMs = blockTime })
	if infos, err := f.c.VerifyProposal(p); err != nil || len(infos) != 3 {
		t.Fatalf("a transaction valid at the block time: %d requests, %v", len(infos), err)
	}
}

// A request forwarded by a peer is refused, with the code that names the
// reason, if it is forged, committed, for another chain or outside its
// time window; a valid one is accepted.
func TestForwardedRequestsAreChecked(t *testing.T) {
	f := newFollower(t)
	if _, err := f.c.VerifyRequest(types.EncodeTx(f.tx(t, 0, nil))); err != nil {
		t.Fatal(err)
	}
	committed := f.tx(t, 1, nil)
	f.ledger.committed[types.Intl.TxHash(committed)] = true
	for _, tc := range []struct {
		name string
		raw  []byte
		want types.Code
	}{
		{"forged signature", types.EncodeTx(forge(f.tx(t, 2, nil))), types.CodeBadSignature},
		{"committed", types.EncodeTx(committed), types.CodeDuplicate},
		{"another chain", types.EncodeTx(f.tx(t, 3, func(b *types.TxBody) { b.ChainId = "x" })), types.CodeWrongChain},
		{"expired", types.EncodeTx(f.tx(t, 4, func(b *types.TxBody) { b.TimestampMs -= 400_000 })), types.CodeExpired},
		{"future", types.EncodeTx(f.tx(t, 5, func(b *types.TxBody) { b.TimestampMs += 60_000 })), types.CodeFuture},
		{"not canonical", reordered(t, types.EncodeTx(f.tx(t, 6, nil))), types.CodeMalformed},
	} {
		if _, err := f.c.VerifyRequest(tc.raw); types.CodeOf(err) != tc.want {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.want)
		}
	}
}

// replica is node id of the follower's chain, on the same head.
func (f *follower) replica(t *testing.T, id uint64) *consensus.Consensus {
	t.Helper()
	c, err := consensus.New(consensus.Config{SelfID: id, Genesis: f.genesis, Signer: f.nodeKeys[id], Now: func() time.Time { return f.now }}, f.ledger, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Commit signatures on a proposal and signatures on protocol messages are
// verified against the signer's key: a forged one, one under another id or
// an unknown id, one over another proposal or message, or a commit
// signature passed off as a protocol message signature, is refused.
func TestConsenterSignaturesAreChecked(t *testing.T) {
	f := newFollower(t)
	leader := f.replica(t, 1)
	p := f.proposal(f.batch(t, 3), nil)
	sig := leader.SignProposal(p, []byte("aux"))
	if aux, err := f.c.VerifyConsenterSig(*sig, p); err != nil || string(aux) != "aux" {
		t.Fatalf("node 1's commit signature: %q, %v", aux, err)
	}
	other := f.proposal(f.batch(t, 3), func(h *types.BlockHeader) { h.TimeMs-- })
	forged := *sig
	forged.Value = append([]byte(nil), sig.Value...)
	forged.Value[5] ^= 1
	for name, tc := range map[string]struct {
		s bft.Signature
		p bft.Proposal
	}{
		"forged bytes":            {forged, p},
		"under another member id": {bft.Signature{ID: 3, Value: sig.Value, Msg: sig.Msg}, p},
		"under an unknown id":     {bft.Signature{ID: 9, Value: sig.Value, Msg: sig.Msg}, p},
		"other aux":               {bft.Signature{ID: 1, Value: sig.Value, Msg: []byte("other")}, p},
		"over another proposal":   {*sig, other},
	} {
		if _, err := f.c.VerifyConsenterSig(tc.s, tc.p); err == nil {
			t.Errorf("commit signature %s: accepted", name)
		}
	}

	msg := []byte("view change 7")
	ps := bft.Signature{ID: 1, Value: leader.Sign(msg), Msg: msg}
	if err := f.c.VerifySignature(ps); err != nil {
		t.Fatalf("node 1's message signature: %v", err)
	}
	for name, s := range map[string]bft.Signature{
		"another message":         {ID: 1, Value: ps.Value, Msg: []byte("view change 8")},
		"under another member id": {ID: 4, Value: ps.Value, Msg: msg},
		"under an unknown id":     {ID: 9, Value: ps.Value, Msg: msg},
		"a commit signature":      {ID: 1, Value: sig.Value, Msg: sig.Msg},
	} {
		if err := f.c.VerifySignature(s); err == nil {
			t.Errorf("message signature %s: accepted", name)
		}
	}
}
