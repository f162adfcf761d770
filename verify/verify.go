package verify

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/merkle"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/state/smt"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify/proofpb"
)

// Verifier checks proofs of one chain. It holds only the genesis and what
// derives from it, so it is safe for concurrent use.
type Verifier struct {
	genesis     *types.Genesis
	suite       types.Suite
	genesisHash types.Hash
	// base is the node set founded by the genesis.
	base *nodeSet
}

// New returns a Verifier that trusts g. It fails if g's node signing
// certificates do not parse.
func New(g *types.Genesis) (*Verifier, error) {
	if g == nil {
		return nil, fmt.Errorf("verify: nil genesis")
	}
	cfg := g.Config()
	ns, err := newNodeSet(cfg, cfg.Encode())
	if err != nil {
		return nil, fmt.Errorf("verify: genesis: %w", err)
	}
	return &Verifier{genesis: g, suite: g.Suite(), genesisHash: g.Hash(), base: ns}, nil
}

// Genesis returns the trusted genesis.
func (v *Verifier) Genesis() *types.Genesis { return v.genesis }

// GenesisHash returns the hash of the trusted genesis.
func (v *Verifier) GenesisHash() types.Hash { return v.genesisHash }

// ChainID returns the chain id of the trusted genesis.
func (v *Verifier) ChainID() string { return v.genesis.ChainID }

// nodeSet is a configuration with its nodes' parsed signing keys: one per
// node, two during a certificate rotation's overlap (new, then retiring),
// either of which signs for the node.
type nodeSet struct {
	cfg  *types.ChainConfig
	enc  []byte
	keys map[uint64][]signingKey
}

// verifyBy reports whether sig over msg verifies under one of ks.
func verifyBy(ks []signingKey, msg, sig []byte) error {
	err := fmt.Errorf("no signing key")
	for _, k := range ks {
		if err = crypto.Verify(k.scheme, k.pub, msg, sig); err == nil {
			return nil
		}
	}
	return err
}

type signingKey struct {
	scheme types.SignatureScheme
	pub    []byte
}

func newNodeSet(cfg *types.ChainConfig, enc []byte) (*nodeSet, error) {
	ns := &nodeSet{cfg: cfg, enc: enc, keys: map[uint64][]signingKey{}}
	for _, n := range cfg.Nodes {
		for _, p := range n.SignCerts() {
			cert, err := pki.ParseCertPEM([]byte(p))
			if err != nil {
				return nil, fmt.Errorf("node %d signing certificate: %w", n.ID, err)
			}
			scheme, pub, err := crypto.PublicKeyOf(cert.PublicKey)
			if err != nil {
				return nil, fmt.Errorf("node %d signing key: %w", n.ID, err)
			}
			ns.keys[n.ID] = append(ns.keys[n.ID], signingKey{scheme: scheme, pub: pub})
		}
	}
	return ns, nil
}

func (ns *nodeSet) quorum() int { return types.Quorum(len(ns.keys)) }

// f is the number of faulty nodes the set tolerates.
func (ns *nodeSet) f() int { return (len(ns.keys) - 1) / 3 }

// Configs is a verified configuration history: the node set of every height
// from 0 up to To.
type Configs struct {
	// To is the last height the history covers.
	To uint64
	// heights[i] is the first height of sets[i]; heights[0] is 0 (genesis).
	heights []uint64
	sets    []*nodeSet
}

// At returns the configuration in force at height (the one whose nodes
// sign block height), or false if height is above To.
func (c *Configs) At(height uint64) (*types.ChainConfig, bool) {
	ns := c.at(height)
	if ns == nil {
		return nil, false
	}
	return ns.cfg, true
}

func (c *Configs) at(height uint64) *nodeSet {
	if height > c.To || len(c.heights) == 0 || height < c.heights[0] {
		return nil
	}
	i, found := slices.BinarySearch(c.heights, height)
	if !found {
		i--
	}
	return c.sets[i]
}

// From returns the first height the history covers: 0 for a history from
// the genesis (ConfigChain), the first known configuration's height for one
// that Resume rebuilt.
func (c *Configs) From() uint64 { return c.heights[0] }

// Last returns the height from which the last configuration of the history
// is in force, and that configuration.
func (c *Configs) Last() (uint64, *types.ChainConfig) {
	i := len(c.heights) - 1
	return c.heights[i], c.sets[i].cfg
}

// Changes returns the heights from which each configuration after the
// genesis applies, ascending.
func (c *Configs) Changes() []uint64 { return slices.Clone(c.heights[1:]) }

// ConfigChain verifies a configuration chain (see the package
// documentation) and returns the history it proves: Extend of the genesis.
func (v *Verifier) ConfigChain(c *proofpb.ConfigChain) (*Configs, error) {
	return v.Extend(&Configs{heights: []uint64{0}, sets: []*nodeSet{v.base}}, c)
}

// Known is a configuration the caller verified before, in its stored
// encoding (the value of state.ConfigHistoryKey(Height), or the genesis
// configuration for Height 0): the configuration in force from Height on.
// A light client keeps the ones ConfigChain and Extend proved to it.
type Known struct {
	Height uint64
	Config []byte
}

// Resume rebuilds a configuration history from configurations the caller
// verified before (with ConfigChain or Extend), without checking their
// signatures again: known[i] is in force from known[i].Height until the
// next one's height, the last one up to to. known must be ascending and
// contiguous: every change after known[0] up to to must be in it (a light
// client passes every change it holds from the one in force at the lowest
// height it needs). The history covers heights from known[0].Height to to;
// At answers false below. It fails if known is empty or out of order, or if
// a configuration does not decode or its node certificates do not parse.
func (v *Verifier) Resume(to uint64, known ...Known) (*Configs, error) {
	if len(known) == 0 {
		return nil, fail(ErrMalformed, "known", 0, nil, "no known configuration")
	}
	out := &Configs{To: to}
	for i, k := range known {
		if i > 0 && k.Height <= known[i-1].Height {
			return nil, fail(ErrConfigChain, fmt.Sprintf("known[%d].height", i), k.Height, nil, "height %d does not follow height %d", k.Height, known[i-1].Height)
		}
		if k.Height > to {
			return nil, fail(ErrConfigChain, fmt.Sprintf("known[%d].height", i), k.Height, nil, "height %d is above the history's end %d", k.Height, to)
		}
		cfg, err := state.DecodeConfig(k.Config)
		if err != nil || len(k.Config) == 0 {
			return nil, fail(ErrConfigChain, fmt.Sprintf("known[%d].config", i), k.Height, err, "configuration does not decode")
		}
		ns, err := newNodeSet(cfg, k.Config)
		if err != nil {
			return nil, fail(ErrConfigChain, fmt.Sprintf("known[%d].config", i), k.Height, err, "configuration version %d", cfg.Version)
		}
		out.heights = append(out.heights, k.Height)
		out.sets = append(out.sets, ns)
	}
	return out, nil
}

// Extend verifies the changes of the configuration chain c on top of the
// history known (see the package documentation): each change must be above
// known's last change and above known.To (the history up to known.To is
// settled), no higher than c.ToHeight, signed by a quorum of its new node
// set and vouched for by more than f of the node set in force before it.
// It returns known's history followed by c's changes, up to the greater of
// known.To and c.ToHeight; known is not modified. ConfigChain is Extend of
// the genesis alone.
func (v *Verifier) Extend(known *Configs, c *proofpb.ConfigChain) (*Configs, error) {
	if c == nil {
		return nil, fail(ErrMalformed, "config_chain", 0, nil, "missing")
	}
	if c.ChainId != v.genesis.ChainID {
		return nil, fail(ErrGenesis, "config_chain.chain_id", 0, nil, "chain %q, the genesis is of chain %q", c.ChainId, v.genesis.ChainID)
	}
	if !bytes.Equal(c.GenesisHash, v.genesisHash[:]) {
		return nil, fail(ErrGenesis, "config_chain.genesis_hash", 0, nil, "genesis hash %x, the trusted genesis has hash %s", c.GenesisHash, v.genesisHash)
	}
	out := &Configs{To: max(known.To, c.ToHeight), heights: slices.Clone(known.heights), sets: slices.Clone(known.sets)}
	prevHeight, _ := known.Last()
	prev := known.sets[len(known.sets)-1]
	for i, ch := range c.Changes {
		path := fmt.Sprintf("config_chain.changes[%d]", i)
		if ch == nil || ch.Header == nil || ch.Header.Header == nil || ch.Proof == nil {
			return nil, fail(ErrMalformed, path, 0, nil, "change, header or proof missing")
		}
		h := ch.Height
		if h <= prevHeight {
			return nil, fail(ErrConfigChain, path+".height", h, nil, "height %d does not follow the previous change's height %d", h, prevHeight)
		}
		if h <= known.To {
			return nil, fail(ErrConfigChain, path+".height", h, nil, "height %d is not above height %d, up to which the configuration history is already verified (version %d in force)", h, known.To, prev.cfg.Version)
		}
		if h > c.ToHeight {
			return nil, fail(ErrConfigChain, path+".height", h, nil, "height %d is above the chain's to_height %d", h, c.ToHeight)
		}
		hdr := ch.Header.Header
		if hdr.ChainId != v.genesis.ChainID || hdr.Height != h {
			return nil, fail(ErrHeader, path+".header", h, nil, "header of chain %q at height %d, want chain %q at height %d", hdr.ChainId, hdr.Height, v.genesis.ChainID, h)
		}
		cfg, err := state.DecodeConfig(ch.Config)
		if err != nil || len(ch.Config) == 0 {
			return nil, fail(ErrConfigChain, path+".config", h, err, "configuration does not decode")
		}
		next, err := newNodeSet(cfg, ch.Config)
		if err != nil {
			return nil, fail(ErrConfigChain, path+".config", h, err, "configuration version %d", cfg.Version)
		}
		// The header is signed by the new node set, and the configuration is
		// under its state root (the state after block h-1, which set it).
		signers, err := v.checkSignatures(path+".header", ch.Header, next)
		if err != nil {
			return nil, err
		}
		key := state.ConfigHistoryKey(h)
		if err := state.Verify(v.suite, hdr.StateRoot, key, ch.Config, smtProof(ch.Proof)); err != nil {
			return nil, fail(ErrConfigChain, path+".proof", h, err, "configuration in force from height %d is not under block %d's state root %x", h, h, hdr.StateRoot)
		}
		if cfg.Version <= prev.cfg.Version {
			return nil, fail(ErrConfigChain, path+".config", h, nil, "version %d does not follow version %d", cfg.Version, prev.cfg.Version)
		}
		// The previous node set vouches for the change: more than f of its
		// nodes, with the keys it knows them by, signed the header.
		vouch := 0
		hh := v.suite.HeaderHash(hdr)
		for _, s := range ch.Header.Signatures {
			ks, ok := prev.keys[s.Signer]
			if !ok || !slices.Contains(signers, s.Signer) {
				continue
			}
			if verifyBy(ks, v.suite.CommitMessage(hdr.ChainId, hdr.Height, hh, s.Aux), s.Signature) == nil {
				vouch++
			}
		}
		if vouch < prev.f()+1 {
			return nil, fail(ErrConfigChain, path+".header.signatures", h, nil,
				"only %d of the %d nodes in force before height %d signed the change, %d needed", vouch, len(prev.keys), h, prev.f()+1)
		}
		out.heights = append(out.heights, h)
		out.sets = append(out.sets, next)
		prev, prevHeight = next, h
	}
	return out, nil
}

// checkSignatures checks that sh's signatures are all valid, by distinct
// nodes of ns, and reach ns's quorum; it returns the signers.
func (v *Verifier) checkSignatures(path string, sh *proofpb.SignedHeader, ns *nodeSet) ([]uint64, error) {
	hdr := sh.Header
	hh := v.suite.HeaderHash(hdr)
	var signers []uint64
	for i, s := range sh.Signatures {
		sp := fmt.Sprintf("%s.signatures[%d]", path, i)
		if s == nil {
			return nil, fail(ErrMalformed, sp, hdr.Height, nil, "missing")
		}
		if slices.Contains(signers, s.Signer) {
			return nil, fail(ErrSignature, sp, hdr.Height, nil, "node %d signed twice", s.Signer)
		}
		ks, ok := ns.keys[s.Signer]
		if !ok {
			return nil, fail(ErrSignature, sp, hdr.Height, nil, "node %d is not in the node set in force at height %d (configuration version %d, nodes %v)", s.Signer, hdr.Height, ns.cfg.Version, ns.cfg.NodeIDs())
		}
		msg := v.suite.CommitMessage(hdr.ChainId, hdr.Height, hh, s.Aux)
		if err := verifyBy(ks, msg, s.Signature); err != nil {
			return nil, fail(ErrSignature, sp, hdr.Height, err, "signature of node %d over block %d (hash %s)", s.Signer, hdr.Height, hh)
		}
		signers = append(signers, s.Signer)
	}
	if len(signers) < ns.quorum() {
		return nil, fail(ErrQuorum, path+".signatures", hdr.Height, nil, "%d of %d nodes signed block %d, %d needed", len(signers), len(ns.keys), hdr.Height, ns.quorum())
	}
	slices.Sort(signers)
	return signers, nil
}

// Certified is a header checked against the configuration chain: signed by
// a quorum of the node set in force at its height.
type Certified struct {
	Header *types.BlockHeader
	Hash   types.Hash
	// Signers are the nodes whose signatures verified, ascending.
	Signers []uint64
	// Config is the configuration in force at the header's height.
	Config *types.ChainConfig
	// Configs is the verified configuration history.
	Configs *Configs
}

// SignedHeader verifies sh (at path in its proof) against the configuration
// chain chain and the configuration proof cp: chain id, the configuration in
// force at its height (proven under its own state root and equal to the
// chain's), and the signatures.
func (v *Verifier) SignedHeader(path string, sh *proofpb.SignedHeader, cp *proofpb.ConfigProof, chain *proofpb.ConfigChain) (*Certified, error) {
	if sh == nil || sh.Header == nil {
		return nil, fail(ErrMalformed, path, 0, nil, "signed header missing")
	}
	hdr := sh.Header
	if hdr.ChainId != v.genesis.ChainID {
		return nil, fail(ErrGenesis, path+".header.chain_id", hdr.Height, nil, "header of chain %q, the genesis is of chain %q", hdr.ChainId, v.genesis.ChainID)
	}
	configs, err := v.ConfigChain(chain)
	if err != nil {
		return nil, err
	}
	return v.SignedHeaderIn(path, sh, cp, configs)
}

// SignedHeaderIn verifies sh (at path in its proof) as SignedHeader does,
// against a configuration history the caller already verified (ConfigChain,
// Extend, or Resume of what those proved): chain id, the configuration in
// force at its height (proven under its own state root by cp and equal to
// the history's), and the signatures of a quorum of that configuration.
func (v *Verifier) SignedHeaderIn(path string, sh *proofpb.SignedHeader, cp *proofpb.ConfigProof, configs *Configs) (*Certified, error) {
	if sh == nil || sh.Header == nil {
		return nil, fail(ErrMalformed, path, 0, nil, "signed header missing")
	}
	if configs == nil {
		return nil, fail(ErrMalformed, "config_chain", 0, nil, "configuration history missing")
	}
	hdr := sh.Header
	if hdr.ChainId != v.genesis.ChainID {
		return nil, fail(ErrGenesis, path+".header.chain_id", hdr.Height, nil, "header of chain %q, the genesis is of chain %q", hdr.ChainId, v.genesis.ChainID)
	}
	ns := configs.at(hdr.Height)
	if ns == nil {
		return nil, fail(ErrConfigChain, "config_chain.to_height", hdr.Height, nil, "the chain covers heights %d to %d, the header is at %d", configs.From(), configs.To, hdr.Height)
	}
	signers, err := v.checkSignatures(path, sh, ns)
	if err != nil {
		// Say so when the signatures fail because the chain lacks a change:
		// the header proves another configuration than the chain gives.
		if cp != nil && !sameConfig(cp.Config, ns) && state.Verify(v.suite, hdr.StateRoot, state.ConfigKey(), cp.Config, smtProof(cp.Proof)) == nil {
			if c, derr := state.DecodeConfig(cp.Config); derr == nil {
				return nil, fail(ErrConfig, "config_chain", hdr.Height, err,
					"block %d is under configuration version %d, the configuration chain gives version %d: a change is missing from the chain", hdr.Height, c.Version, ns.cfg.Version)
			}
		}
		return nil, err
	}
	if cp == nil || cp.Proof == nil {
		return nil, fail(ErrMalformed, "config", hdr.Height, nil, "configuration proof missing")
	}
	if !sameConfig(cp.Config, ns) {
		return nil, fail(ErrConfig, "config.config", hdr.Height, nil, "the configuration in force at height %d differs from the one the configuration chain gives (version %d): a change is missing from the chain, or the proof is altered", hdr.Height, ns.cfg.Version)
	}
	if err := state.Verify(v.suite, hdr.StateRoot, state.ConfigKey(), cp.Config, smtProof(cp.Proof)); err != nil {
		return nil, fail(ErrConfig, "config.proof", hdr.Height, err, "configuration is not under block %d's state root %x", hdr.Height, hdr.StateRoot)
	}
	return &Certified{Header: hdr, Hash: v.suite.HeaderHash(hdr), Signers: signers, Config: ns.cfg, Configs: configs}, nil
}

// Tx is a verified transaction with its receipt.
type Tx struct {
	Hash    types.Hash
	Tx      *types.Transaction
	Body    *types.TxBody
	Receipt *types.Receipt
	// Height and Index place it; BlockHash and TimeMs are its block's.
	Height    uint64
	Index     uint32
	BlockHash types.Hash
	TimeMs    int64
	// Certified is block Height+1, whose signatures certify the proof.
	Certified *Certified
}

// Tx verifies a transaction proof (see the package documentation).
func (v *Verifier) Tx(p *proofpb.TxProof) (*Tx, error) {
	if p == nil || p.Tx == nil || p.Receipt == nil || p.Header == nil || p.TxProof == nil || p.ReceiptProof == nil || p.Next == nil || p.Next.Header == nil {
		return nil, fail(ErrMalformed, "", 0, nil, "transaction, receipt, headers or Merkle proofs missing")
	}
	if err := v.txLink(p.Header, p.Next.Header); err != nil {
		return nil, err
	}
	cert, err := v.SignedHeader("next", p.Next, p.Config, p.ConfigChain)
	if err != nil {
		return nil, err
	}
	tx, err := v.txIncluded(p, p.Next.Header)
	if err != nil {
		return nil, err
	}
	tx.Certified = cert
	return tx, nil
}

// TxUnder verifies a transaction proof against next, the header of the
// block after the transaction's that the caller already trusts (a header a
// light client verified and stored): block h's header must link to it, the
// transaction must be under block h's tx root and its receipt under next's
// receipt root, and the transaction must be well formed and signed. p.Next,
// p.Config and p.ConfigChain are not used (they may be left out); the
// result's Certified is nil.
func (v *Verifier) TxUnder(next *types.BlockHeader, p *proofpb.TxProof) (*Tx, error) {
	if next == nil {
		return nil, fail(ErrMalformed, "next", 0, nil, "trusted header missing")
	}
	if p == nil || p.Tx == nil || p.Receipt == nil || p.Header == nil || p.TxProof == nil || p.ReceiptProof == nil {
		return nil, fail(ErrMalformed, "", 0, nil, "transaction, receipt, header or Merkle proofs missing")
	}
	if next.ChainId != v.genesis.ChainID {
		return nil, fail(ErrGenesis, "next.chain_id", next.Height, nil, "trusted header of chain %q, the genesis is of chain %q", next.ChainId, v.genesis.ChainID)
	}
	if err := v.txLink(p.Header, next); err != nil {
		return nil, err
	}
	return v.txIncluded(p, next)
}

// txLink checks that hdr is of this chain and that next is the block after
// it.
func (v *Verifier) txLink(hdr, next *types.BlockHeader) error {
	if hdr.ChainId != v.genesis.ChainID {
		return fail(ErrGenesis, "header.chain_id", hdr.Height, nil, "block of chain %q, the genesis is of chain %q", hdr.ChainId, v.genesis.ChainID)
	}
	if next.Height != hdr.Height+1 {
		return fail(ErrHeader, "next.header.height", next.Height, nil, "block %d does not follow block %d", next.Height, hdr.Height)
	}
	bh := v.suite.HeaderHash(hdr)
	if !bytes.Equal(next.PrevHash, bh[:]) {
		return fail(ErrHeader, "header", hdr.Height, nil, "block %d's hash is %s, block %d links to %x", hdr.Height, bh, next.Height, next.PrevHash)
	}
	return nil
}

// txIncluded checks the inclusion of p's transaction under its block's tx
// root and of its receipt under next's receipt root, and the transaction
// itself; next is block h+1, linked to p.Header (txLink).
func (v *Verifier) txIncluded(p *proofpb.TxProof, next *types.BlockHeader) (*Tx, error) {
	hdr := p.Header
	bh := v.suite.HeaderHash(hdr)
	// The transaction is in block h.
	txh := v.suite.TxHash(p.Tx)
	tp := merkleProof(p.TxProof)
	if tp.Total != uint64(hdr.TxCount) {
		return nil, fail(ErrTxInclusion, "tx_proof.total", hdr.Height, nil, "proof over %d transactions, block %d has %d", tp.Total, hdr.Height, hdr.TxCount)
	}
	if err := v.suite.Merkle().Verify(hdr.TxRoot, txh[:], tp); err != nil {
		return nil, fail(ErrTxInclusion, "tx_proof", hdr.Height, err, "transaction %s at index %d is not under block %d's tx root %x", txh, tp.Index, hdr.Height, hdr.TxRoot)
	}
	// Its receipt is under block h+1's receipt root.
	rc := p.Receipt
	if !bytes.Equal(rc.TxHash, txh[:]) || rc.Height != hdr.Height || uint64(rc.Index) != tp.Index {
		return nil, fail(ErrReceiptInclusion, "receipt", hdr.Height, nil, "receipt of transaction %x at %d/%d, the proof is of transaction %s at %d/%d", rc.TxHash, rc.Height, rc.Index, txh, hdr.Height, tp.Index)
	}
	rp := merkleProof(p.ReceiptProof)
	if rp.Total != uint64(hdr.TxCount) || rp.Index != tp.Index {
		return nil, fail(ErrReceiptInclusion, "receipt_proof", hdr.Height, nil, "proof of receipt %d of %d, want %d of %d", rp.Index, rp.Total, tp.Index, hdr.TxCount)
	}
	if err := v.suite.Merkle().Verify(next.ReceiptRoot, types.EncodeReceipt(rc), rp); err != nil {
		return nil, fail(ErrReceiptInclusion, "receipt_proof", next.Height, err, "receipt is not under block %d's receipt root %x", next.Height, next.ReceiptRoot)
	}
	// The transaction is well formed and signed.
	d, err := v.suite.DecodeTx(types.EncodeTx(p.Tx), 0)
	if err != nil {
		return nil, fail(ErrTransaction, "tx", hdr.Height, err, "transaction %s does not decode", txh)
	}
	if d.Body.ChainId != v.genesis.ChainID {
		return nil, fail(ErrTransaction, "tx.body.chain_id", hdr.Height, nil, "transaction for chain %q", d.Body.ChainId)
	}
	for i, s := range p.Tx.Signatures {
		if err := crypto.Verify(s.Scheme, s.PublicKey, txh[:], s.Signature); err != nil {
			return nil, fail(ErrTransaction, fmt.Sprintf("tx.signatures[%d]", i), hdr.Height, err, "signature by key %x", s.PublicKey)
		}
	}
	return &Tx{Hash: txh, Tx: p.Tx, Body: d.Body, Receipt: rc, Height: hdr.Height, Index: rc.Index,
		BlockHash: bh, TimeMs: hdr.TimeMs}, nil
}

// State is a verified state value (Present) or absence.
type State struct {
	Key, Value []byte
	Present    bool
	// Height is the block after which the key has Value.
	Height uint64
	// Certified is block Height+1, whose state root commits the value.
	Certified *Certified
}

// State verifies a state proof.
func (v *Verifier) State(p *proofpb.StateProof) (*State, error) {
	if p == nil || p.Header == nil || p.Header.Header == nil || p.Proof == nil {
		return nil, fail(ErrMalformed, "", 0, nil, "header or proof missing")
	}
	if p.Header.Header.Height != p.Height+1 {
		return nil, fail(ErrHeader, "header.header.height", p.Header.Header.Height, nil, "the state after block %d is committed by block %d, not %d", p.Height, p.Height+1, p.Header.Header.Height)
	}
	cert, err := v.SignedHeader("header", p.Header, p.Config, p.ConfigChain)
	if err != nil {
		return nil, err
	}
	if err := v.StateValue(cert.Header, "proof", p.Key, p.Value, p.Proof); err != nil {
		return nil, err
	}
	return &State{Key: p.Key, Value: p.Value, Present: len(p.Value) > 0, Height: p.Height, Certified: cert}, nil
}

// StateValue checks that under hdr's state root key has value (absence when
// value is empty); path names the proof in errors. hdr must itself be
// verified (SignedHeader, or Tx's Certified.Header).
func (v *Verifier) StateValue(hdr *types.BlockHeader, path string, key, value []byte, p *proofpb.SMTProof) error {
	if p == nil {
		return fail(ErrMalformed, path, hdr.Height, nil, "state proof missing")
	}
	if err := state.Verify(v.suite, hdr.StateRoot, key, value, smtProof(p)); err != nil {
		what := "value"
		if len(value) == 0 {
			what = "absence"
		}
		return fail(ErrStateProof, path, hdr.Height, err, "%s of key %q is not under block %d's state root %x", what, printable(key), hdr.Height, hdr.StateRoot)
	}
	return nil
}

// sameConfig reports whether enc is the configuration of ns. Both sides are
// compared through the current ChainConfig type, so that a configuration
// stored by an older version (without fields added since) still matches.
func sameConfig(enc []byte, ns *nodeSet) bool {
	if bytes.Equal(enc, ns.enc) {
		return true
	}
	c, err := state.DecodeConfig(enc)
	if err != nil {
		return false
	}
	c.Normalize()
	d := ns.cfg.Clone()
	d.Normalize()
	return bytes.Equal(c.Encode(), d.Encode())
}

func smtProof(p *proofpb.SMTProof) *smt.Proof {
	if p == nil {
		return nil
	}
	return &smt.Proof{Siblings: p.Siblings, LeafPath: p.LeafPath, LeafValueHash: p.LeafValueHash}
}

func merkleProof(p *proofpb.MerkleProof) merkle.Proof {
	return merkle.Proof{Index: p.Index, Total: p.Total, Siblings: p.Siblings}
}

// SMTProofOf converts a tree proof to its message.
func SMTProofOf(p *smt.Proof) *proofpb.SMTProof {
	return &proofpb.SMTProof{Siblings: p.Siblings, LeafPath: p.LeafPath, LeafValueHash: p.LeafValueHash}
}

// MerkleProofOf converts a Merkle proof to its message.
func MerkleProofOf(p merkle.Proof) *proofpb.MerkleProof {
	return &proofpb.MerkleProof{Index: p.Index, Total: p.Total, Siblings: p.Siblings}
}

// printable shows a state key: its text prefix and the rest in hex.
func printable(key []byte) string {
	i := bytes.IndexByte(key, '/')
	if i < 0 || i+1 == len(key) {
		if isText(key) {
			return string(key)
		}
		return fmt.Sprintf("%x", key)
	}
	if isText(key[:i+1]) {
		return fmt.Sprintf("%s%x", key[:i+1], key[i+1:])
	}
	return fmt.Sprintf("%x", key)
}

func isText(b []byte) bool {
	for _, c := range b {
		if c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}
