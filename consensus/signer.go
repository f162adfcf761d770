package consensus

import (
	"fmt"
	"sync/atomic"

	bft "github.com/hyperledger-labs/SmartBFT/pkg/types"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/types"
)

// signer implements SmartBFT's Signer with the node's consensus key: commit
// signatures over the block hash (which certify blocks, and which
// Committee.VerifyQuorum checks) and signatures over protocol messages
// (view changes), in a separate domain so that neither can pass for the
// other. The key can be replaced while the replica runs (a certificate
// rotation); a signing failure panics, since a replica that cannot sign
// cannot take part.
type signer struct {
	selfID  uint64
	chainID string
	suite   types.Suite
	current atomic.Pointer[signerBox]
}

type signerBox struct{ types.Signer }

func newSigner(self uint64, chainID string, suite types.Suite, key types.Signer) *signer {
	s := &signer{selfID: self, chainID: chainID, suite: suite}
	s.setKey(key)
	return s
}

func (s *signer) key() types.Signer     { return s.current.Load().Signer }
func (s *signer) setKey(k types.Signer) { s.current.Store(&signerBox{k}) }

// consensusDomain separates consensus-message signatures from commit signatures.
const consensusDomain = "causeway/consensus/v1"

// messageDigest is what a protocol-message signature signs.
func messageDigest(suite types.Suite, msg []byte) []byte {
	h := suite.Sum(append([]byte(consensusDomain), msg...))
	return h[:]
}

// Sign implements SmartBFT's Signer for protocol messages (view changes).
func (s *signer) Sign(msg []byte) []byte {
	sig, err := s.key().Sign(messageDigest(s.suite, msg))
	if err != nil {
		panic(fmt.Sprintf("consensus: signing failed: %v", err))
	}
	return sig
}

// SignProposal implements SmartBFT's Signer: the commit signature over the
// block hash, binding aux (SmartBFT's auxiliary data).
func (s *signer) SignProposal(p bft.Proposal, aux []byte) *bft.Signature {
	header := &types.BlockHeader{}
	if err := proto.Unmarshal(p.Header, header); err != nil {
		panic(fmt.Sprintf("consensus: signing a proposal with a bad header: %v", err))
	}
	digest := s.suite.CommitMessage(s.chainID, header.Height, s.suite.HeaderHash(header), aux)
	sig, err := s.key().Sign(digest)
	if err != nil {
		panic(fmt.Sprintf("consensus: signing failed: %v", err))
	}
	return &bft.Signature{ID: s.selfID, Value: sig, Msg: aux}
}
