package consensus

import (
	"errors"
	"fmt"
	"sort"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/types"
)

// Committee is the set of consensus nodes and their signing keys: what a
// block's commit signatures are checked against. During a certificate
// rotation's overlap a node has two keys, its new one and its retiring one,
// and a signature by either is valid; afterwards only the new one is.
type Committee struct {
	ChainID string
	Suite   types.Suite
	keys    map[uint64][]signingKey
	ids     []uint64
}

type signingKey struct {
	scheme types.SignatureScheme
	pub    []byte
}

// Errors of block certification.
var (
	ErrInsufficientQuorum = errors.New("insufficient commit quorum")
	ErrBadCommitSignature = errors.New("bad commit signature")
)

// NewCommittee reads the signing keys of the genesis nodes.
func NewCommittee(g *types.Genesis) (*Committee, error) {
	return CommitteeOf(g.ChainID, g.Suite(), g.Nodes)
}

// CommitteeOf reads the signing keys of nodes (a chain configuration's).
func CommitteeOf(chainID string, suite types.Suite, nodes []types.GenesisNode) (*Committee, error) {
	c := &Committee{ChainID: chainID, Suite: suite, keys: map[uint64][]signingKey{}}
	for _, n := range nodes {
		for _, p := range n.SignCerts() {
			cert, err := pki.ParseCertPEM([]byte(p))
			if err != nil {
				return nil, fmt.Errorf("node %d: signing certificate: %w", n.ID, err)
			}
			scheme, pub, err := crypto.PublicKeyOf(cert.PublicKey)
			if err != nil {
				return nil, fmt.Errorf("node %d: signing key: %w", n.ID, err)
			}
			c.keys[n.ID] = append(c.keys[n.ID], signingKey{scheme: scheme, pub: pub})
		}
		c.ids = append(c.ids, n.ID)
	}
	sort.Slice(c.ids, func(i, j int) bool { return c.ids[i] < c.ids[j] })
	return c, nil
}

// Contains reports whether id is a consensus node.
func (c *Committee) Contains(id uint64) bool {
	_, ok := c.keys[id]
	return ok
}

// IDs returns the node ids, ascending.
func (c *Committee) IDs() []uint64 { return append([]uint64(nil), c.ids...) }

// Quorum is the number of distinct signers that certify a block.
func (c *Committee) Quorum() int { return types.Quorum(len(c.ids)) }

// Verify checks one node's signature over digest, by any of the node's
// keys in force (two during a rotation's overlap).
func (c *Committee) Verify(id uint64, digest, sig []byte) error {
	ks, ok := c.keys[id]
	if !ok {
		return fmt.Errorf("%w: node %d is not a consenter", ErrBadCommitSignature, id)
	}
	var first error
	for _, k := range ks {
		err := crypto.Verify(k.scheme, k.pub, digest, sig)
		if err == nil {
			return nil
		}
		if first == nil {
			first = err
		}
	}
	if len(ks) > 1 {
		return fmt.Errorf("%w: node %d: by none of its %d keys in force: %v", ErrBadCommitSignature, id, len(ks), first)
	}
	return fmt.Errorf("%w: node %d: %v", ErrBadCommitSignature, id, first)
}

// VerifyQuorum checks that b carries valid commit signatures from a quorum of
// distinct consenters over its header hash. Invalid or duplicate signatures
// are an error even when enough valid ones remain: a block is stored only with
// clean certificates.
func (c *Committee) VerifyQuorum(b *types.Block) error {
	if b.GetHeader() == nil {
		return fmt.Errorf("%w: block has no header", ErrInsufficientQuorum)
	}
	h := c.Suite.BlockHash(b)
	seen := map[uint64]bool{}
	for _, s := range b.Signatures {
		if seen[s.Signer] {
			return fmt.Errorf("%w: node %d signed twice", ErrBadCommitSignature, s.Signer)
		}
		seen[s.Signer] = true
		if err := c.Verify(s.Signer, c.Suite.CommitMessage(c.ChainID, b.Header.Height, h, s.Aux), s.Signature); err != nil {
			return err
		}
	}
	if len(seen) < c.Quorum() {
		return fmt.Errorf("%w: %d of %d signatures, %d needed", ErrInsufficientQuorum, len(seen), len(c.ids), c.Quorum())
	}
	return nil
}
