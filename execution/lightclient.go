package execution

import (
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/causeway/causeway/execution/lightclient"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify/proofpb"
)

// Governance actions and events of the light clients of other Causeway
// chains (package execution/lightclient holds the rules).
const (
	ActionRegisterLightClient = "register_light_client"
	ActionRemoveLightClient   = "remove_light_client"

	// EventLightClientRegistered: chain_id, genesis_hash (hex), crypto.
	EventLightClientRegistered = "lightclient.registered"
	// EventLightClientRemoved: chain_id, genesis_hash, frozen.
	EventLightClientRemoved = "lightclient.removed"
	// EventLightClientUpdated: chain_id, height, hash (hex),
	// config_version.
	EventLightClientUpdated = "lightclient.updated"
	// EventLightClientConfig: chain_id, from_height, version, nodes (ids,
	// comma-separated): the client follows a remote configuration change.
	EventLightClientConfig = "lightclient.config"
	// EventLightClientFrozen: chain_id, kind, height, stored_hash,
	// conflicting_hash: the client was shown conflicting certified
	// headers and froze.
	EventLightClientFrozen = "lightclient.frozen"
)

// lcStore lets a light client read and write through the transaction's
// view, so that its writes are kept only if the transaction succeeds.
type lcStore struct{ t *txExec }

func (s lcStore) Get(key []byte) ([]byte, error) { return s.t.get(key) }
func (s lcStore) Put(key, value []byte)          { s.t.put(key, value) }

// lcEnv is the light client's view of this block and transaction.
func (t *txExec) lcEnv() lightclient.Env {
	env := lightclient.Env{Suite: t.e.Suite, ChainID: t.e.ChainID, Height: t.header.Height, TimeMs: t.header.TimeMs, TxHash: t.d.Hash}
	if s, err := types.HashOf(t.d.Body.Sender); err == nil {
		env.Sender = s
	}
	return env
}

// applyLightClient checks (check) or executes a light client governance
// action; handled is false for other actions.
func (t *txExec) applyLightClient(p *types.Proposal, check bool) (handled bool, terr *types.TxError, err error) {
	switch a := p.Action.(type) {
	case *types.Proposal_RegisterLightClient:
		if check {
			_, terr, err := lightclient.CheckRegister(lcStore{t}, t.lcEnv(), a.RegisterLightClient)
			return true, terr, err
		}
		c, terr, err := lightclient.Register(lcStore{t}, t.lcEnv(), t.proposalID, a.RegisterLightClient)
		if terr != nil || err != nil {
			return true, terr, err
		}
		t.emit(EventLightClientRegistered, "chain_id", c.ChainId, "genesis_hash", hex.EncodeToString(c.GenesisHash), "crypto", c.Crypto)
		return true, nil, nil
	case *types.Proposal_RemoveLightClient:
		if check {
			_, terr, err := lightclient.CheckRemove(lcStore{t}, t.lcEnv(), a.RemoveLightClient.ChainId)
			return true, terr, err
		}
		c, terr, err := lightclient.Remove(lcStore{t}, t.lcEnv(), a.RemoveLightClient.ChainId)
		if terr != nil || err != nil {
			return true, terr, err
		}
		t.emit(EventLightClientRemoved, "chain_id", c.ChainId, "genesis_hash", hex.EncodeToString(c.GenesisHash), "frozen", strconv.FormatBool(c.Frozen))
		return true, nil, nil
	}
	return false, nil, nil
}

// updateLightClient executes UPDATE_LIGHT_CLIENT: any account may submit a
// remote chain's signed header; the light client keeps it if it verifies.
func (t *txExec) updateLightClient() (*types.TxError, error) {
	u := &proofpb.LightClientUpdate{}
	if terr := t.decodePayload(u); terr != nil {
		return terr, nil
	}
	if _, _, terr, err := t.sender(); terr != nil || err != nil {
		return terr, err
	}
	out, terr, err := lightclient.Update(lcStore{t}, t.lcEnv(), u)
	if terr != nil || err != nil {
		return terr, err
	}
	chain := out.Client.ChainId
	if m := out.Misbehaviour; m != nil {
		t.emit(EventLightClientFrozen, "chain_id", chain, "kind", m.Kind, "height", strconv.FormatUint(m.Height, 10),
			"stored_hash", hex.EncodeToString(m.Stored.Hash), "conflicting_hash", hex.EncodeToString(m.Conflicting.Hash))
		return nil, nil
	}
	for _, lc := range out.NewConfigs {
		ids := make([]string, len(lc.Nodes))
		for i, n := range lc.Nodes {
			ids[i] = strconv.FormatUint(n, 10)
		}
		t.emit(EventLightClientConfig, "chain_id", chain, "from_height", strconv.FormatUint(lc.Height, 10),
			"version", strconv.FormatUint(lc.Version, 10), "nodes", strings.Join(ids, ","))
	}
	h := out.Header
	t.emit(EventLightClientUpdated, "chain_id", chain, "height", strconv.FormatUint(h.Header.Height, 10),
		"hash", hex.EncodeToString(h.Hash), "config_version", strconv.FormatUint(h.ConfigVersion, 10))
	return nil, nil
}
