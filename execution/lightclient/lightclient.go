package lightclient

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify"
	"github.com/causeway/causeway/verify/proofpb"
)

// Store is the state a light client reads and writes: the executor's view
// of one transaction, whose writes are kept only if the transaction
// succeeds. Put with a nil value deletes the key.
type Store interface {
	state.Getter
	Put(key, value []byte)
}

// Env is the local block and transaction a light client rule runs in.
type Env struct {
	// Suite and ChainID are this chain's.
	Suite   types.Suite
	ChainID string
	// Height and TimeMs are the local block's.
	Height uint64
	TimeMs int64
	// TxHash and Sender are the transaction's (an update's submitter).
	TxHash types.Hash
	Sender types.Hash
}

// Kinds of misbehaviour (types.LightMisbehaviour.kind).
const (
	// MisbehaviourConflict: two certified headers at one height.
	MisbehaviourConflict = "conflicting_headers"
	// MisbehaviourLink: a certified header that its kept neighbour does not
	// link to (the kept successor's prev_hash is another block, or its
	// prev_hash is not the kept predecessor).
	MisbehaviourLink = "broken_link"
)

// refuse returns a refusal with code.
func refuse(code types.Code, format string, a ...any) *types.TxError {
	return types.Errorf(code, format, a...)
}

// Client reads the light client of chainID; nil, nil if there is none.
func Client(r state.Getter, suite types.Suite, chainID string) (*types.LightClient, error) {
	return state.ReadLightClient(r, state.LightClientID(suite, chainID))
}

// instanceOf returns the client's instance.
func instanceOf(c *types.LightClient) (types.Hash, error) {
	h, err := types.HashOf(c.Instance)
	if err != nil {
		return h, fmt.Errorf("light client of %q: instance: %w", c.ChainId, err)
	}
	return h, nil
}

// verifiers caches a Verifier per remote genesis (suite and hash): building
// one decodes the genesis and parses its certificates. A Verifier is a pure
// function of its genesis, so the cache never changes a result.
var verifiers struct {
	sync.Mutex
	m map[string]*verify.Verifier
}

// maxCachedVerifiers bounds the cache; it is emptied when full.
const maxCachedVerifiers = 64

// verifierOf returns the Verifier of c's remote genesis, read from r.
func verifierOf(r state.Getter, c *types.LightClient) (*verify.Verifier, error) {
	key := c.Crypto + "/" + string(c.GenesisHash)
	verifiers.Lock()
	v := verifiers.m[key]
	verifiers.Unlock()
	if v != nil {
		return v, nil
	}
	inst, err := instanceOf(c)
	if err != nil {
		return nil, err
	}
	b, err := state.ReadLightGenesis(r, inst)
	if err != nil {
		return nil, err
	}
	if b == nil {
		return nil, fmt.Errorf("light client of %q: its genesis is missing from the state", c.ChainId)
	}
	g := &types.Genesis{}
	if err := json.Unmarshal(b, g); err != nil {
		return nil, &state.CorruptError{What: "light client genesis", Key: state.LightGenesisKey(inst), Err: err}
	}
	if h := g.Hash(); !bytes.Equal(h[:], c.GenesisHash) {
		return nil, &state.CorruptError{What: "light client genesis", Key: state.LightGenesisKey(inst), Err: fmt.Errorf("hash %s, the client names %x", h, c.GenesisHash)}
	}
	v, err = verify.New(g)
	if err != nil {
		return nil, fmt.Errorf("light client of %q: %w", c.ChainId, err)
	}
	verifiers.Lock()
	if verifiers.m == nil || len(verifiers.m) >= maxCachedVerifiers {
		verifiers.m = map[string]*verify.Verifier{}
	}
	verifiers.m[key] = v
	verifiers.Unlock()
	return v, nil
}

// refusalOf turns a verification failure into a refusal with the code of
// its kind. An error that is not a *verify.Error is returned as it is: an
// internal failure.
func refusalOf(err error) (*types.TxError, error) {
	var ve *verify.Error
	if !errors.As(err, &ve) {
		return nil, err
	}
	code := types.CodeBadProof
	switch ve.Kind {
	case verify.ErrMalformed:
		code = types.CodeMalformed
	case verify.ErrGenesis:
		code = types.CodeRemoteWrongChain
	case verify.ErrConfigChain:
		code = types.CodeBadConfigChain
	case verify.ErrHeader:
		code = types.CodeBadHeader
	case verify.ErrConfig:
		code = types.CodeConfigMismatch
	case verify.ErrSignature:
		code = types.CodeBadCommitSignature
	case verify.ErrQuorum:
		code = types.CodeNoQuorum
	}
	return refuse(code, "%v", err), nil
}

// checkUsable refuses a missing or frozen client.
func checkUsable(c *types.LightClient, chainID string) *types.TxError {
	if c == nil {
		return refuse(types.CodeClientNotFound, "no light client of chain %q is registered", chainID)
	}
	if c.Frozen {
		m := c.Misbehaviour
		return refuse(types.CodeClientFrozen, "the light client of chain %q is frozen: at height %d it was shown two conflicting headers (%s, at this chain's block %d); governance must remove it",
			chainID, m.GetHeight(), m.GetKind(), m.GetDetectedHeight())
	}
	return nil
}

// Header returns the verified header at height of the light client of
// chainID (height 0: its latest), refusing a missing or frozen client
// (client_not_found, client_frozen) and a height it keeps no header at
// (header_not_found).
func Header(r state.Getter, suite types.Suite, chainID string, height uint64) (*types.LightClient, *types.LightHeader, *types.TxError, error) {
	c, err := Client(r, suite, chainID)
	if err != nil {
		return nil, nil, nil, err
	}
	if terr := checkUsable(c, chainID); terr != nil {
		return c, nil, terr, nil
	}
	if height == 0 {
		height = c.LatestHeight
		if height == 0 {
			return c, nil, refuse(types.CodeHeaderNotFound, "the light client of chain %q has verified no header yet", chainID), nil
		}
	}
	inst, err := instanceOf(c)
	if err != nil {
		return nil, nil, nil, err
	}
	h, err := state.ReadLightHeader(r, inst, height)
	if err != nil {
		return nil, nil, nil, err
	}
	if h == nil {
		return c, nil, refuse(types.CodeHeaderNotFound, "the light client of chain %q keeps no verified header at height %d (latest %d)", chainID, height, c.LatestHeight), nil
	}
	return c, h, nil, nil
}

// VerifyTx verifies a transaction proof of the remote chain chainID against
// the verified header at height, the block after the transaction's (see
// verify.TxUnder): height 0 is refused, as a transaction is never proven by
// the latest header implicitly. A proof that does not hold is refused with
// bad_proof (or malformed, remote_wrong_chain, bad_header).
func VerifyTx(r state.Getter, suite types.Suite, chainID string, height uint64, p *proofpb.TxProof) (*verify.Tx, *types.TxError, error) {
	if height == 0 {
		return nil, refuse(types.CodeHeaderNotFound, "give the height of the verified header that certifies the transaction (the block after it)"), nil
	}
	c, h, terr, err := Header(r, suite, chainID, height)
	if terr != nil || err != nil {
		return nil, terr, err
	}
	v, err := verifierOf(r, c)
	if err != nil {
		return nil, nil, err
	}
	tx, err := v.TxUnder(h.Header, p)
	if err != nil {
		terr, err := refusalOf(err)
		return nil, terr, err
	}
	return tx, nil, nil
}

// VerifyState verifies that under the state root of the verified header at
// height of the remote chain chainID, key has value (or, with an empty
// value, is absent): the state after the remote block height-1. A proof
// that does not hold is refused with bad_proof.
func VerifyState(r state.Getter, suite types.Suite, chainID string, height uint64, key, value []byte, p *proofpb.SMTProof) (*types.LightHeader, *types.TxError, error) {
	if height == 0 {
		return nil, refuse(types.CodeHeaderNotFound, "give the height of the verified header whose state root holds the value"), nil
	}
	if len(key) == 0 {
		return nil, refuse(types.CodeMalformed, "the state key is empty"), nil
	}
	c, h, terr, err := Header(r, suite, chainID, height)
	if terr != nil || err != nil {
		return nil, terr, err
	}
	v, err := verifierOf(r, c)
	if err != nil {
		return nil, nil, err
	}
	if err := v.StateValue(h.Header, "proof", key, value, p); err != nil {
		terr, err := refusalOf(err)
		return nil, terr, err
	}
	return h, nil, nil
}

// headerOf is the record of a certified header.
func headerOf(sh *proofpb.SignedHeader, hash types.Hash, version uint64, env Env) *types.LightHeader {
	return &types.LightHeader{Header: sh.Header, Signatures: sh.Signatures, Hash: hash.Bytes(), ConfigVersion: version,
		VerifiedHeight: env.Height, VerifiedTimeMs: env.TimeMs}
}

// nodeIDs returns the ids of cfg's consensus nodes, ascending.
func nodeIDs(cfg *types.ChainConfig) []uint64 {
	ids := cfg.NodeIDs()
	slices.Sort(ids)
	return ids
}
