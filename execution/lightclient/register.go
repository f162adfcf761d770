package lightclient

import (
	"bytes"
	"encoding/json"

	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify"
)

// Registration is a checked register_light_client action.
type Registration struct {
	Genesis *types.Genesis
	// Encoded is the genesis's canonical encoding (the action's bytes).
	Encoded []byte
	// Config is the genesis configuration, as the remote state holds it.
	Config []byte
}

// CheckRegister checks a register_light_client action against the state r
// of this chain (see the package documentation); it changes nothing.
// Refusals are invalid_payload, too_large or client_exists.
func CheckRegister(r state.Getter, env Env, p *types.RegisterLightClient) (*Registration, *types.TxError, error) {
	bad := func(format string, a ...any) (*Registration, *types.TxError, error) {
		return nil, refuse(types.CodeInvalidPayload, format, a...), nil
	}
	if p == nil {
		return bad("the registration is missing")
	}
	if n := len(p.Genesis); n > types.MaxLightClientGenesisBytes {
		return nil, refuse(types.CodeTooLarge, "the remote genesis is %d bytes, the limit is %d", n, types.MaxLightClientGenesisBytes), nil
	}
	g := &types.Genesis{}
	dec := json.NewDecoder(bytes.NewReader(p.Genesis))
	dec.DisallowUnknownFields()
	if err := dec.Decode(g); err != nil {
		return bad("the remote genesis does not decode: %v", err)
	}
	canon, err := json.Marshal(g)
	if err != nil || !bytes.Equal(canon, p.Genesis) {
		return bad("the remote genesis is not in its canonical encoding (the compact JSON a genesis marshals to, whose hash is the genesis hash): re-encode it, e.g. with the SDK's RegisterLightClientProposal")
	}
	if err := g.Validate(); err != nil {
		return bad("the remote genesis is not valid: %v", err)
	}
	if g.ChainID != p.ChainId {
		return bad("the remote genesis is of chain %q, the proposal names chain %q", g.ChainID, p.ChainId)
	}
	if g.ChainID == env.ChainID {
		return bad("chain %q is this chain: a light client follows another chain", g.ChainID)
	}
	suite, err := types.SuiteNamed(p.Crypto)
	if err != nil {
		return bad("crypto suite: %v", err)
	}
	if suite.Name() != g.Suite().Name() {
		return bad("the proposal names the %s crypto suite, the remote genesis has the %s suite", suite.Name(), g.Suite().Name())
	}
	if h := g.Hash(); !bytes.Equal(h[:], p.GenesisHash) {
		return bad("the remote genesis hashes to %s under the %s suite, the proposal states %x", h, suite.Name(), p.GenesisHash)
	}
	if _, err := verify.New(g); err != nil {
		return bad("the remote genesis: %v", err)
	}
	c, err := Client(r, env.Suite, g.ChainID)
	if err != nil {
		return nil, nil, err
	}
	if c != nil {
		state := "registered"
		if c.Frozen {
			state = "registered and frozen"
		}
		return nil, refuse(types.CodeClientExists, "a light client of chain %q is %s already (genesis %x); remove it first to register it again", g.ChainID, state, c.GenesisHash), nil
	}
	return &Registration{Genesis: g, Encoded: canon, Config: g.Config().Encode()}, nil, nil
}

// Register executes a register_light_client action decided by the proposal
// instance: it checks it again (CheckRegister) and stores the client with
// its genesis and genesis configuration.
func Register(st Store, env Env, instance types.Hash, p *types.RegisterLightClient) (*types.LightClient, *types.TxError, error) {
	reg, terr, err := CheckRegister(st, env, p)
	if terr != nil || err != nil {
		return nil, terr, err
	}
	cfg := reg.Genesis.Config()
	remote := reg.Genesis.Suite()
	gh := reg.Genesis.Hash()
	confHash := remote.Sum(reg.Config)
	c := &types.LightClient{
		ChainId: reg.Genesis.ChainID, GenesisHash: gh.Bytes(), Crypto: remote.Name(), Instance: instance.Bytes(),
		RegisteredHeight: env.Height,
		Configs:          []*types.LightConfig{{Height: 0, Version: cfg.Version, Hash: confHash.Bytes(), Nodes: nodeIDs(cfg)}},
	}
	for _, w := range []struct{ k, v []byte }{
		{state.LightGenesisKey(instance), reg.Encoded},
		{state.LightConfigKey(instance, 0), reg.Config},
		{state.LightClientKey(state.LightClientID(env.Suite, c.ChainId)), state.EncodeLightClient(c)},
	} {
		if err := put(st, w.k, w.v); err != nil {
			return nil, nil, err
		}
	}
	return c, nil, nil
}

// CheckRemove checks a remove_light_client action: a client of chainID
// must be registered (client_not_found otherwise).
func CheckRemove(r state.Getter, env Env, chainID string) (*types.LightClient, *types.TxError, error) {
	c, err := Client(r, env.Suite, chainID)
	if err != nil {
		return nil, nil, err
	}
	if c == nil {
		return nil, refuse(types.CodeClientNotFound, "no light client of chain %q is registered", chainID), nil
	}
	return c, nil, nil
}

// Remove executes a remove_light_client action: the client record, its
// genesis and its configurations are deleted. Its verified headers stay in
// the state under the old instance, unreachable: no read finds them
// without the client record, and a new registration has a new instance.
func Remove(st Store, env Env, chainID string) (*types.LightClient, *types.TxError, error) {
	c, terr, err := CheckRemove(st, env, chainID)
	if terr != nil || err != nil {
		return nil, terr, err
	}
	inst, err := instanceOf(c)
	if err != nil {
		return nil, nil, err
	}
	keys := [][]byte{state.LightGenesisKey(inst), state.LightClientKey(state.LightClientID(env.Suite, chainID))}
	for _, lc := range c.Configs {
		keys = append(keys, state.LightConfigKey(inst, lc.Height))
	}
	for _, k := range keys {
		if err := put(st, k, nil); err != nil {
			return nil, nil, err
		}
	}
	return c, nil, nil
}

// put writes value under k (nil deletes it), having read k first: the
// executor computes a block's net writes from what each key held before.
func put(st Store, k, value []byte) error {
	if _, err := st.Get(k); err != nil {
		return err
	}
	st.Put(k, value)
	return nil
}
