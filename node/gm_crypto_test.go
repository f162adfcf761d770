package node_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/binary"
	"encoding/pem"
	"fmt"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/smx509"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/merkle"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/state/smt"
	"github.com/causeway/causeway/types"
)

// sm2Key parses a PEM certificate with gmsm's x509 and returns its public
// key if it is an SM2 key.
func sm2Key(t *testing.T, certPEM string) *ecdsa.PublicKey {
	t.Helper()
	blk, _ := pem.Decode([]byte(certPEM))
	if blk == nil {
		t.Fatal("certificate is not PEM")
	}
	cert, err := smx509.ParseCertificate(blk.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	pub, ok := cert.PublicKey.(*ecdsa.PublicKey)
	if !ok || !sm2.IsSM2PublicKey(pub) {
		t.Fatalf("certificate %q has a %T key, not SM2", cert.Subject.CommonName, cert.PublicKey)
	}
	return pub
}

// A GM chain, checked from outside: every block hash, transaction hash and
// transaction root is SM3 (computed here with gmsm's sm3, not through the
// chain's suite), the state tree hashes with SM3, every consensus node
// holds an SM2 signing certificate and key, and every commit signature on
// every block is an SM2 signature (verified here with gmsm's sm2) over an
// SM3 commit message.
func TestGMChainIsSM3AndSM2Throughout(t *testing.T) {
	c := testnet.New(t, testnet.Options{Nodes: 4, Crypto: "gm", ChainID: "gm-chain"})
	g := c.Node(0).Genesis()
	if g.Crypto != "gm" {
		t.Fatalf("genesis crypto %q", g.Crypto)
	}
	keys := map[uint64]*ecdsa.PublicKey{}
	for _, gn := range g.Nodes {
		keys[gn.ID] = sm2Key(t, gn.SignCert)
	}
	for _, i := range c.Running() {
		n := c.Node(i)
		s := n.Consensus().Signer()
		if s.Scheme() != types.SignatureScheme_SM2 {
			t.Fatalf("node %d signs blocks with %v", n.ID(), s.Scheme())
		}
		if want := keys[n.ID()]; !bytes.Equal(s.PublicKey(), append([]byte{4}, append(want.X.FillBytes(make([]byte, 32)), want.Y.FillBytes(make([]byte, 32))...)...)) {
			t.Fatalf("node %d's signing key is not its certificate's", n.ID())
		}
	}

	cl := c.Client(1)
	var hashes [][32]byte
	for i := range 3 {
		tx := evidenceTx(t, c.Account(i), c.TxOptions(), fmt.Sprint("gm doc ", i))
		if tx.Signatures[0].Scheme != types.SignatureScheme_SM2 {
			t.Fatalf("account %d signs with %v", i, tx.Signatures[0].Scheme)
		}
		submitAll(t, cl, []*types.Transaction{tx}, 1)
		hashes = append(hashes, sm3.Sum(tx.Body))
	}
	// One more block, so that the last deposit's state is certified.
	submitAll(t, cl, []*types.Transaction{evidenceTx(t, c.Account(3), c.TxOptions(), "gm last")}, 1)
	if err := c.WaitHeight(c.MaxHeight(), 20*time.Second); err != nil {
		t.Fatal(err)
	}

	n := c.Node(2)
	st := n.Store()
	head := n.Head()
	sm3Merkle := merkle.Tree{New: sm3.New}
	for h := uint64(1); h <= head.Height; h++ {
		b, err := st.Block(h)
		if err != nil {
			t.Fatal(err)
		}
		hb, err := proto.MarshalOptions{Deterministic: true}.Marshal(b.Header)
		if err != nil {
			t.Fatal(err)
		}
		bh := sm3.Sum(hb)
		if got, err := st.BlockHash(h); err != nil || got != types.Hash(bh) {
			t.Fatalf("block %d: stored hash %s, SM3 of its header %x (%v)", h, got, bh, err)
		}
		if h < head.Height {
			next, err := st.Block(h + 1)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(next.Header.PrevHash, bh[:]) {
				t.Fatalf("block %d links to %x, SM3 of block %d is %x", h+1, next.Header.PrevHash, h, bh)
			}
		} else if head.Hash != types.Hash(bh) {
			t.Fatalf("head hash %s, SM3 of the head header %x", head.Hash, bh)
		}
		var items [][]byte
		for i, tx := range b.Txs {
			th := sm3.Sum(tx.Body)
			items = append(items, th[:])
			if at, idx, err := st.TxLocation(th); err != nil || at != h || int(idx) != i {
				t.Fatalf("transaction SM3 %x of block %d index %d: found at %d/%d (%v)", th, h, i, at, idx, err)
			}
		}
		if !bytes.Equal(b.Header.TxRoot, sm3Merkle.Root(items)) {
			t.Fatalf("block %d's tx root is not the SM3 Merkle root of its transactions", h)
		}
		// Commit signatures: SM2, by distinct members, over SM3(commit message).
		aux := func(a []byte) [32]byte { return sm3.Sum(a) }
		signed := 0
		for _, s := range b.Signatures {
			pub := keys[s.Signer]
			if pub == nil {
				t.Fatalf("block %d signed by unknown node %d", h, s.Signer)
			}
			var buf []byte
			buf = append(buf, "causeway/commit/v1"...)
			buf = binary.BigEndian.AppendUint32(buf, uint32(len(g.ChainID)))
			buf = append(buf, g.ChainID...)
			buf = binary.BigEndian.AppendUint64(buf, h)
			buf = append(buf, bh[:]...)
			a := aux(s.Aux)
			buf = append(buf, a[:]...)
			msg := sm3.Sum(buf)
			if !sm2.VerifyASN1WithSM2(pub, nil, msg[:], s.Signature) {
				t.Fatalf("block %d: node %d's commit signature is not an SM2 signature over the SM3 commit message", h, s.Signer)
			}
			signed++
		}
		if signed < 3 {
			t.Fatalf("block %d carries %d commit signatures", h, signed)
		}
	}
	// The state commitment is an SM3 tree: the deposit's record proves
	// under the certified state root with SM3 as the tree's hash.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	loc, _, err := st.TxLocation(hashes[2])
	if err != nil {
		t.Fatal(err)
	}
	sp, err := cl.GetStateProof(ctx, state.EvidenceKey(hashes[2]), loc)
	if err != nil {
		t.Fatal(err)
	}
	if len(sp.Value) == 0 {
		t.Fatal("the deposit's record is absent from the state")
	}
	proof := &smt.Proof{Siblings: sp.Proof.Siblings, LeafPath: sp.Proof.LeafPath, LeafValueHash: sp.Proof.LeafValueHash}
	if err := smt.Verify(sm3.New, sp.Header.Header.StateRoot, sp.Key, sp.Value, proof); err != nil {
		t.Fatalf("state proof under SM3: %v", err)
	}
}
