package consensus

import (
	"errors"
	"fmt"
	"testing"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/store"
	"github.com/causeway/causeway/types"
	"github.com/hyperledger-labs/SmartBFT/smartbftprotos"
	"google.golang.org/protobuf/proto"
)

// testCommittee makes n consensus nodes with Ed25519 signing certificates.
func testCommittee(t *testing.T, n int) (*types.Genesis, map[uint64]crypto.Key) {
	t.Helper()
	g := &types.Genesis{ChainID: "test-chain", Params: types.DefaultParams()}
	keys := map[uint64]crypto.Key{}
	for i := 1; i <= n; i++ {
		org := fmt.Sprintf("org%d", i)
		ca, err := pki.NewCA(org)
		if err != nil {
			t.Fatal(err)
		}
		certPEM, keyPEM, err := ca.Issue(pki.IssueRequest{CommonName: "node", Role: pki.RoleNode, KeyType: pki.KeyEd25519})
		if err != nil {
			t.Fatal(err)
		}
		k, err := crypto.ParsePrivateKeyPEM(keyPEM)
		if err != nil {
			t.Fatal(err)
		}
		keys[uint64(i)] = k
		g.Orgs = append(g.Orgs, types.GenesisOrg{Name: org, CACert: string(ca.CertPEM())})
		g.Nodes = append(g.Nodes, types.GenesisNode{ID: uint64(i), Org: org, Address: "127.0.0.1:1", TLSCert: string(certPEM), SignCert: string(certPEM)})
	}
	return g, keys
}

func testBlock(t *testing.T, chain string, head store.Head) *types.Block {
	t.Helper()
	tx := &types.Transaction{Body: []byte("body"), Signatures: []*types.Signature{{Scheme: types.SignatureScheme_ED25519, PublicKey: []byte{1}, Signature: []byte{2}}}}
	md, _ := proto.Marshal(&smartbftprotos.ViewMetadata{LatestSequence: head.Height + 1})
	return &types.Block{
		Header: &types.BlockHeader{ChainId: chain, Height: head.Height + 1, PrevHash: head.Hash.Bytes(), TimeMs: 1000,
			TxRoot: types.Intl.TxRoot([]types.Hash{types.Intl.TxHash(tx)}), StateRoot: head.StateRoot, ReceiptRoot: head.ReceiptRoot, TxCount: 1},
		Txs:               []*types.Transaction{tx},
		ConsensusMetadata: md,
	}
}

func sign(t *testing.T, b *types.Block, chain string, id uint64, k crypto.Key) *types.QuorumSignature {
	t.Helper()
	aux := []byte("aux")
	sig, err := k.Sign(types.Intl.CommitMessage(chain, b.Header.Height, types.Intl.BlockHash(b), aux))
	if err != nil {
		t.Fatal(err)
	}
	return &types.QuorumSignature{Signer: id, Signature: sig, Aux: aux}
}

func TestVerifyBlockQuorum(t *testing.T) {
	g, keys := testCommittee(t, 4)
	c, err := New(Config{SelfID: 1, Genesis: g, Signer: keys[1]}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	head := store.Head{Height: 7, Hash: types.Intl.Sum([]byte("parent")), StateRoot: []byte("state"), ReceiptRoot: []byte("receipts")}
	outsider, _ := crypto.GenerateEd25519()

	cases := []struct {
		name    string
		mutate  func(b *types.Block)
		wantErr error
	}{
		{"three of four", func(b *types.Block) {}, nil},
		{"all four", func(b *types.Block) { b.Signatures = append(b.Signatures, sign(t, b, g.ChainID, 4, keys[4])) }, nil},
		{"two of four is insufficient", func(b *types.Block) { b.Signatures = b.Signatures[:2] }, ErrInsufficientQuorum},
		{"none", func(b *types.Block) { b.Signatures = nil }, ErrInsufficientQuorum},
		{"forged by an outsider under a member's id", func(b *types.Block) { b.Signatures[2] = sign(t, b, g.ChainID, 3, outsider) }, ErrBadCommitSignature},
		{"unknown signer id", func(b *types.Block) { b.Signatures[2] = sign(t, b, g.ChainID, 9, keys[3]) }, ErrBadCommitSignature},
		{"same signer twice", func(b *types.Block) { b.Signatures[2] = sign(t, b, g.ChainID, 1, keys[1]) }, ErrBadCommitSignature},
		{"signature bytes flipped", func(b *types.Block) { b.Signatures[1].Signature[3] ^= 1 }, ErrBadCommitSignature},
		{"aux changed after signing", func(b *types.Block) { b.Signatures[1].Aux = []byte("other") }, ErrBadCommitSignature},
		{"header changed after signing", func(b *types.Block) { b.Header.TimeMs++ }, ErrBadCommitSignature},
		{"wrong previous hash", func(b *types.Block) { b.Header.PrevHash = make([]byte, 32) }, ErrBadProposal},
		{"transactions swapped", func(b *types.Block) { b.Txs[0] = &types.Transaction{Body: []byte("other")} }, ErrBadProposal},
		{"wrong state root", func(b *types.Block) { b.Header.StateRoot = []byte("x") }, ErrBadProposal},
		{"wrong chain", func(b *types.Block) { b.Header.ChainId = "other" }, ErrBadProposal},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := testBlock(t, g.ChainID, head)
			for id := uint64(1); id <= 3; id++ {
				b.Signatures = append(b.Signatures, sign(t, b, g.ChainID, id, keys[id]))
			}
			tc.mutate(b)
			err := c.VerifyBlock(b, head)
			if tc.wantErr == nil && err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Fatalf("got %v, want %v", err, tc.wantErr)
			}
		})
	}
}

func TestQuorumSizes(t *testing.T) {
	for n, q := range map[int]int{1: 1, 2: 2, 3: 2, 4: 3, 5: 4, 6: 4, 7: 5, 10: 7} {
		if got := types.Quorum(n); got != q {
			t.Errorf("Quorum(%d) = %d, want %d", n, got, q)
		}
	}
}
