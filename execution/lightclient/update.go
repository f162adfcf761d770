package lightclient

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify"
	"github.com/causeway/causeway/verify/proofpb"
)

// Updated is the outcome of an update that succeeded: either the header was
// kept (Header, with the remote configurations it brought in NewConfigs),
// or it conflicts with a kept one and froze the client (Misbehaviour).
type Updated struct {
	// Client is the client after the update.
	Client *types.LightClient
	// Header is the header kept; nil when the update froze the client.
	Header *types.LightHeader
	// NewConfigs are the remote configurations the client learnt, in force
	// from their heights on.
	NewConfigs []*types.LightConfig
	// Misbehaviour is the evidence that froze the client, or nil.
	Misbehaviour *types.LightMisbehaviour
}

// Settled returns the height up to which c's configuration history is
// settled: its highest verified header's, or its last configuration
// change's if that is higher. Configuration changes are accepted only
// above it.
func Settled(c *types.LightClient) uint64 {
	s := c.VerifiedTo
	if n := len(c.Configs); n > 0 {
		s = max(s, c.Configs[n-1].Height)
	}
	return s
}

// Update executes UPDATE_LIGHT_CLIENT (see the package documentation). A
// refusal changes nothing; an error is an internal failure (the state
// cannot be read or is corrupt).
func Update(st Store, env Env, u *proofpb.LightClientUpdate) (*Updated, *types.TxError, error) {
	if u == nil || u.Header == nil || u.Header.Header == nil {
		return nil, refuse(types.CodeMalformed, "the update has no signed header"), nil
	}
	if u.Config == nil || u.ConfigChain == nil {
		return nil, refuse(types.CodeMalformed, "the update lacks the configuration proof or the configuration chain (a Proofs.GetStateProof answer for the state key \"config\" after block h-1 carries both, with header h)"), nil
	}
	c, err := Client(st, env.Suite, u.ChainId)
	if err != nil {
		return nil, nil, err
	}
	if terr := checkUsable(c, u.ChainId); terr != nil {
		return nil, terr, nil
	}
	hdr := u.Header.Header
	if hdr.ChainId != c.ChainId {
		return nil, refuse(types.CodeRemoteWrongChain, "header of chain %q, the light client follows chain %q", hdr.ChainId, c.ChainId), nil
	}
	if hdr.Height == 0 {
		return nil, refuse(types.CodeBadHeader, "height 0 is the genesis block, which the client trusts already and which carries no commit signatures"), nil
	}
	inst, err := instanceOf(c)
	if err != nil {
		return nil, nil, err
	}
	v, err := verifierOf(st, c)
	if err != nil {
		return nil, nil, err
	}
	remote := v.Genesis().Suite()
	hash := remote.HeaderHash(hdr)
	kept, err := state.ReadLightHeader(st, inst, hdr.Height)
	if err != nil {
		return nil, nil, err
	}
	if kept != nil && bytes.Equal(kept.Hash, hash[:]) {
		return nil, refuse(types.CodeHeaderKnown, "the light client of chain %q keeps header %d (%s) already", c.ChainId, hdr.Height, hash), nil
	}

	// The configuration history: what the client settled, from the
	// configuration in force at the header's height, then the update's new
	// changes, verified.
	settled := Settled(c)
	chain, terr := trimKnown(c, remote, settled, u.ConfigChain)
	if terr != nil {
		return nil, terr, nil
	}
	i := 0
	for j, lc := range c.Configs {
		if lc.Height <= hdr.Height {
			i = j
		}
	}
	known := make([]verify.Known, 0, len(c.Configs)-i)
	for _, lc := range c.Configs[i:] {
		b, err := state.ReadLightConfig(st, inst, lc.Height)
		if err != nil {
			return nil, nil, err
		}
		if b == nil {
			return nil, nil, fmt.Errorf("light client of %q: the configuration in force from %d is missing from the state", c.ChainId, lc.Height)
		}
		known = append(known, verify.Known{Height: lc.Height, Config: b})
	}
	base, err := v.Resume(settled, known...)
	if err != nil {
		return nil, nil, fmt.Errorf("light client of %q: stored configurations: %w", c.ChainId, err)
	}
	configs, err := v.Extend(base, chain)
	if err != nil {
		terr, err := refusalOf(err)
		return nil, terr, err
	}
	cert, err := v.SignedHeaderIn("header", u.Header, u.Config, configs)
	if err != nil {
		terr, err := refusalOf(err)
		return nil, terr, err
	}
	rec := headerOf(u.Header, cert.Hash, cert.Config.Version, env)

	// Two certified headers that cannot both be in the chain freeze it.
	if kept != nil {
		return freeze(st, env, c, MisbehaviourConflict, kept, rec)
	}
	if next, err := state.ReadLightHeader(st, inst, hdr.Height+1); err != nil {
		return nil, nil, err
	} else if next != nil && !bytes.Equal(next.Header.GetPrevHash(), hash[:]) {
		return freeze(st, env, c, MisbehaviourLink, next, rec)
	}
	if prev, err := state.ReadLightHeader(st, inst, hdr.Height-1); err != nil {
		return nil, nil, err
	} else if prev != nil && !bytes.Equal(hdr.PrevHash, prev.Hash) {
		return freeze(st, env, c, MisbehaviourLink, prev, rec)
	}

	// Keep the header and the configurations it brought.
	out := &Updated{Header: rec}
	for _, ch := range chain.Changes {
		cfg, err := state.DecodeConfig(ch.Config)
		if err != nil { // verified by Extend
			return nil, nil, err
		}
		h := remote.Sum(ch.Config)
		lc := &types.LightConfig{Height: ch.Height, Version: cfg.Version, Hash: h.Bytes(), Nodes: nodeIDs(cfg)}
		if err := put(st, state.LightConfigKey(inst, ch.Height), ch.Config); err != nil {
			return nil, nil, err
		}
		c.Configs = append(c.Configs, lc)
		out.NewConfigs = append(out.NewConfigs, lc)
	}
	if err := put(st, state.LightHeaderKey(inst, hdr.Height), state.EncodeLightHeader(rec)); err != nil {
		return nil, nil, err
	}
	c.Headers++
	c.LatestHeight = max(c.LatestHeight, hdr.Height)
	c.VerifiedTo = max(c.VerifiedTo, hdr.Height)
	if err := put(st, state.LightClientKey(state.LightClientID(env.Suite, c.ChainId)), state.EncodeLightClient(c)); err != nil {
		return nil, nil, err
	}
	out.Client = c
	return out, nil, nil
}

// trimKnown returns chain without the changes the client knows: those at
// or below the settled height, each of which must be a configuration the
// client verified at that height (bad_config_chain otherwise).
func trimKnown(c *types.LightClient, remote types.Suite, settled uint64, chain *proofpb.ConfigChain) (*proofpb.ConfigChain, *types.TxError) {
	out := &proofpb.ConfigChain{ChainId: chain.ChainId, GenesisHash: chain.GenesisHash, ToHeight: chain.ToHeight}
	for i, ch := range chain.Changes {
		if ch == nil {
			return nil, refuse(types.CodeMalformed, "config_chain.changes[%d] is missing", i)
		}
		if ch.Height > settled {
			out.Changes = chain.Changes[i:]
			break
		}
		j := slices.IndexFunc(c.Configs, func(lc *types.LightConfig) bool { return lc.Height == ch.Height })
		if h := remote.Sum(ch.Config); j < 0 || ch.Height == 0 || !bytes.Equal(c.Configs[j].Hash, h[:]) {
			heights := make([]uint64, 0, len(c.Configs))
			for _, lc := range c.Configs[1:] {
				heights = append(heights, lc.Height)
			}
			return nil, refuse(types.CodeBadConfigChain,
				"config_chain.changes[%d]: a configuration change at height %d, at or below height %d up to which the client's configuration history of chain %q is settled, that the client does not know (it knows changes at heights %v)",
				i, ch.Height, settled, c.ChainId, heights)
		}
	}
	return out, nil
}

// freeze records misbehaviour: the kept header and the conflicting one,
// both certified, and freezes the client. The update succeeds, so that the
// evidence stays; the conflicting header is not kept as verified.
func freeze(st Store, env Env, c *types.LightClient, kind string, kept, conflicting *types.LightHeader) (*Updated, *types.TxError, error) {
	m := &types.LightMisbehaviour{
		Kind: kind, Height: conflicting.Header.Height, Stored: kept, Conflicting: conflicting,
		DetectedHeight: env.Height, DetectedTimeMs: env.TimeMs, TxHash: env.TxHash.Bytes(), Submitter: env.Sender.Bytes(),
	}
	c.Frozen = true
	c.Misbehaviour = m
	if err := put(st, state.LightClientKey(state.LightClientID(env.Suite, c.ChainId)), state.EncodeLightClient(c)); err != nil {
		return nil, nil, err
	}
	return &Updated{Client: c, Misbehaviour: m}, nil, nil
}
