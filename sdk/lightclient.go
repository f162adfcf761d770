package sdk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify/proofpb"
)

// Light clients of other Causeway chains (issue 13). Chain A keeps a light
// client of chain B once A's governance registers B's genesis
// (RegisterLightClientProposal). Anyone then relays B's signed headers to A
// (Relay, or FetchLightClientUpdates and UpdateLightClientTx), and A checks
// each against B's node set in force at its height. Contracts on A read
// the verified headers and verify B's proofs through the system contracts
// of contracts/ICauseway.sol; SDK users through VerifyRemoteTx and
// VerifyRemoteState.

func (c *Client) lightClients() apipb.LightClientsClient {
	if l, ok := c.chain.(apipb.LightClientsClient); ok {
		return l
	}
	return apipb.NewLightClientsClient(c.conn)
}

// RegisterLightClientProposal returns the governance proposal that
// registers a light client of the chain founded by g: it carries g in its
// canonical encoding with its hash and crypto suite.
func RegisterLightClientProposal(g *types.Genesis, description string) (*types.Proposal, error) {
	if g == nil {
		return nil, errors.New("register light client: no genesis")
	}
	b, err := json.Marshal(g)
	if err != nil {
		return nil, fmt.Errorf("register light client: %w", err)
	}
	if len(b) > types.MaxLightClientGenesisBytes {
		return nil, types.Errorf(types.CodeTooLarge, "the genesis of chain %q is %d bytes encoded, a registration carries at most %d", g.ChainID, len(b), types.MaxLightClientGenesisBytes)
	}
	gh := g.Hash()
	return &types.Proposal{Description: description, Action: &types.Proposal_RegisterLightClient{RegisterLightClient: &types.RegisterLightClient{
		ChainId: g.ChainID, Genesis: b, GenesisHash: gh[:], Crypto: g.Suite().Name(),
	}}}, nil
}

// RemoveLightClientProposal returns the governance proposal that removes
// the light client of chainID (a frozen one, say, before registering the
// chain again).
func RemoveLightClientProposal(chainID, description string) *types.Proposal {
	return &types.Proposal{Description: description, Action: &types.Proposal_RemoveLightClient{RemoveLightClient: &types.RemoveLightClient{ChainId: chainID}}}
}

// UpdateLightClientTx builds an UPDATE_LIGHT_CLIENT transaction carrying u,
// sent by a (any account may relay).
func (a Account) UpdateLightClientTx(opt TxOptions, u *proofpb.LightClientUpdate) (*types.Transaction, error) {
	return a.BuildTx(opt, types.TxType_UPDATE_LIGHT_CLIENT, u)
}

// LightClients returns the light clients this chain keeps, by chain id.
func (c *Client) LightClients(ctx context.Context) ([]*types.LightClient, error) {
	r, err := c.lightClients().ListLightClients(ctx, &apipb.ListLightClientsRequest{})
	if err != nil {
		return nil, err
	}
	return r.Clients, nil
}

// LightClient returns the light client of chainID; ReasonOf(err) is
// types.CodeClientNotFound when there is none.
func (c *Client) LightClient(ctx context.Context, chainID string) (*types.LightClient, error) {
	return c.lightClients().GetLightClient(ctx, &apipb.GetLightClientRequest{ChainId: chainID})
}

// LightClientHeader returns the header of chainID at height that the light
// client verified (height 0: its latest); ReasonOf(err) is
// types.CodeHeaderNotFound when it keeps none there.
func (c *Client) LightClientHeader(ctx context.Context, chainID string, height uint64) (*types.LightHeader, error) {
	req := &apipb.GetLightClientHeaderRequest{ChainId: chainID}
	if height != 0 {
		req.Height = &height
	}
	return c.lightClients().GetLightClientHeader(ctx, req)
}

// VerifyRemoteTx asks this chain whether a transaction proof of chainID
// (its node's GetTxProof) holds against the verified header at height, the
// block after the transaction's. A proof that does not hold is an answer
// with Valid false and its Code, not an error.
func (c *Client) VerifyRemoteTx(ctx context.Context, chainID string, height uint64, p *proofpb.TxProof) (*apipb.VerifyRemoteTxResponse, error) {
	return c.lightClients().VerifyRemoteTx(ctx, &apipb.VerifyRemoteTxRequest{ChainId: chainID, Height: height, Proof: p})
}

// VerifyRemoteState asks this chain whether, in the state of chainID after
// block height-1 (under the verified header at height), key has value
// (absence when value is empty), given its proof.
func (c *Client) VerifyRemoteState(ctx context.Context, chainID string, height uint64, key, value []byte, p *proofpb.SMTProof) (*apipb.VerifyRemoteStateResponse, error) {
	return c.lightClients().VerifyRemoteState(ctx, &apipb.VerifyRemoteStateRequest{ChainId: chainID, Height: height, Key: key, Value: value, Proof: p})
}

// settled is the height up to which c's configuration history is settled
// (lightclient.Settled).
func settled(c *types.LightClient) uint64 {
	s := c.VerifiedTo
	if n := len(c.Configs); n > 0 {
		s = max(s, c.Configs[n-1].Height)
	}
	return s
}

// LightClientUpdateOf is the update that carries header h of the chain
// whose node answered sp, a state proof of the key "config" after block
// h-1 (sp.Header is block h): its signed header, its configuration proof,
// and the configuration changes above the height `after` (the changes a
// light client settled up to `after` are left out).
func LightClientUpdateOf(sp *proofpb.StateProof, after uint64) *proofpb.LightClientUpdate {
	cc := sp.GetConfigChain()
	chain := &proofpb.ConfigChain{ChainId: cc.GetChainId(), GenesisHash: cc.GetGenesisHash(), ToHeight: cc.GetToHeight()}
	for _, ch := range cc.GetChanges() {
		if ch.GetHeight() > after {
			chain.Changes = append(chain.Changes, ch)
		}
	}
	return &proofpb.LightClientUpdate{ChainId: cc.GetChainId(), Header: sp.GetHeader(), Config: sp.GetConfig(), ConfigChain: chain}
}

// FetchLightClientUpdates fetches from remote (a client of the remote chain)
// what a light client in the state known needs to verify the remote header
// at height (LatestHeight: the remote's latest certified header, its head).
// It returns one update when the configuration changes the client lacks fit
// in maxBytes (0: 48 KiB) with it; otherwise one update per change, at the
// change's own height, then the one at height, each to be submitted in
// order.
func FetchLightClientUpdates(ctx context.Context, remote *Client, known *types.LightClient, height uint64, maxBytes int) ([]*proofpb.LightClientUpdate, error) {
	if maxBytes <= 0 {
		maxBytes = 48 << 10
	}
	if height == 0 {
		return nil, errors.New("height 0 is the remote genesis block, which a light client trusts already")
	}
	at := func(h uint64) (*proofpb.StateProof, error) {
		q := LatestHeight
		if h != LatestHeight {
			q = h - 1
		}
		sp, err := remote.GetStateProof(ctx, state.ConfigKey(), q)
		if err != nil {
			return nil, fmt.Errorf("fetch the remote header %s: %w", heightName(h), err)
		}
		if sp.GetHeader().GetHeader() == nil {
			return nil, fmt.Errorf("the remote node answered no header %s", heightName(h))
		}
		return sp, nil
	}
	after := settled(known)
	sp, err := at(height)
	if err != nil {
		return nil, err
	}
	if got := sp.GetHeader().GetHeader().GetChainId(); got != known.ChainId {
		return nil, fmt.Errorf("the remote node serves chain %q, the light client follows chain %q", got, known.ChainId)
	}
	final := LightClientUpdateOf(sp, after)
	if proto.Size(final) <= maxBytes || len(final.ConfigChain.Changes) <= 1 {
		return []*proofpb.LightClientUpdate{final}, nil
	}
	var out []*proofpb.LightClientUpdate
	for _, ch := range final.ConfigChain.Changes {
		if ch.Height == sp.Header.Header.Height {
			break
		}
		step, err := at(ch.Height)
		if err != nil {
			return nil, err
		}
		out = append(out, LightClientUpdateOf(step, after))
		after = ch.Height
	}
	return append(out, LightClientUpdateOf(sp, after)), nil
}

func heightName(h uint64) string {
	if h == LatestHeight {
		return "at the head"
	}
	return fmt.Sprintf("at height %d", h)
}

// RelayResult is what Relay did.
type RelayResult struct {
	// Height is the remote header the light client now keeps.
	Height uint64
	// Updates are the updates submitted, in order, with their receipts.
	// An update whose header the client kept already (header_known) counts
	// as done.
	Updates []*apipb.SubmitTxResponse
	// Client is the light client after the relay.
	Client *types.LightClient
}

// Relay carries the header at height (LatestHeight: the head) of the
// remote chain, with the configuration changes the light client lacks, from
// remote (a client of the remote chain) to this chain's light client of
// chainID, submitting the updates as a and waiting for each. Relayers are
// not trusted: this chain checks every update. It fails on the first
// update the chain refuses (with its receipt's code), except header_known.
func (c *Client) Relay(ctx context.Context, remote *Client, a Account, opt TxOptions, chainID string, height uint64) (*RelayResult, error) {
	known, err := c.LightClient(ctx, chainID)
	if err != nil {
		return nil, err
	}
	if known.Frozen {
		return nil, types.Errorf(types.CodeClientFrozen, "the light client of chain %q is frozen", chainID)
	}
	maxBytes := 0
	if cfg, err := c.ChainConfig(ctx); err == nil && cfg.Params.MaxTxBytes > 0 {
		maxBytes = cfg.Params.MaxTxBytes - 2048 // the envelope and signatures
	}
	us, err := FetchLightClientUpdates(ctx, remote, known, height, maxBytes)
	if err != nil {
		return nil, err
	}
	out := &RelayResult{}
	for _, u := range us {
		tx, err := a.UpdateLightClientTx(opt, u)
		if err != nil {
			return nil, err
		}
		r, err := c.SubmitAndWait(ctx, tx)
		if err != nil {
			return out, err
		}
		out.Updates = append(out.Updates, r)
		if rc := r.GetReceipt(); rc.GetStatus() != types.ReceiptStatus_SUCCESS && rc.GetErrorCode() != string(types.CodeHeaderKnown) {
			return out, types.Errorf(types.Code(rc.GetErrorCode()), "update with the remote header %d: %s", u.Header.Header.Height, rc.GetError())
		}
		out.Height = u.Header.Header.Height
	}
	if out.Client, err = c.LightClient(ctx, chainID); err != nil {
		return out, err
	}
	if out.Client.Frozen {
		return out, types.Errorf(types.CodeClientFrozen, "the light client of chain %q froze: the remote chain signed a header that conflicts with one it kept (%s at height %d)",
			chainID, out.Client.GetMisbehaviour().GetKind(), out.Client.GetMisbehaviour().GetHeight())
	}
	return out, nil
}
