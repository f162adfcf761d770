package execution

import (
	"bytes"
	"fmt"

	"github.com/causeway/causeway/execution/evm"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
)

// GenesisState returns the state g founds: the writes that create its
// initial accounts and its configuration, sorted by key, the nodes of the
// state tree over them, and its root (state.Commit of the writes on the
// empty tree). Each account gets one auth key of weight AuthThreshold, its
// balance, status NORMAL, version 1 and created height 0. It fails if an
// account's name, key scheme or key is invalid or two accounts share a name.
func GenesisState(g *types.Genesis) (writes, nodes []state.Write, root []byte, err error) {
	if g == nil {
		return nil, nil, nil, fmt.Errorf("execution: nil genesis")
	}
	writes = make([]state.Write, 0, 2*len(g.Accounts)+1)
	seen := make(map[types.Hash]string, len(g.Accounts))
	for i, ga := range g.Accounts {
		if err := checkAccountName(ga.Name); err != nil {
			return nil, nil, nil, fmt.Errorf("execution: genesis account %d: %s", i, err.Reason)
		}
		if err := checkPublicKey(ga.Scheme, ga.PublicKey); err != nil {
			return nil, nil, nil, fmt.Errorf("execution: genesis account %q: %s", ga.Name, err.Reason)
		}
		id := g.Suite().AccountID(ga.Name)
		if prev, ok := seen[id]; ok {
			return nil, nil, nil, fmt.Errorf("execution: genesis accounts %q and %q have the same identity", prev, ga.Name)
		}
		seen[id] = ga.Name
		acct := newAccount(id, ga.Name, ga.Scheme, ga.PublicKey, 0)
		acct.Balance = ga.Balance
		writes = append(writes, state.Write{Key: state.AccountKey(id), Value: state.EncodeAccount(acct)},
			state.Write{Key: state.AddressIndexKey(evm.AddressOf(id)), Value: state.EncodeIdentity(id)})
	}
	writes = append(writes, state.Write{Key: state.ConfigKey(), Value: state.EncodeConfig(g.Config())})
	state.SortWrites(writes)
	root, nodes, err = state.Commit(g.Suite(), state.EmptyTree, nil, writes)
	if err != nil {
		return nil, nil, nil, err
	}
	return writes, nodes, root, nil
}

// newAccount returns a fresh NORMAL account with a single auth key of weight
// AuthThreshold.
func newAccount(id types.Hash, name string, scheme types.SignatureScheme, pub []byte, height uint64) *types.Account {
	return &types.Account{
		Id:            id.Bytes(),
		Name:          name,
		AuthKeys:      []*types.AuthKey{{Scheme: scheme, PublicKey: bytes.Clone(pub), Weight: AuthThreshold}},
		Status:        types.AccountStatus_ACCOUNT_NORMAL,
		Version:       1,
		CreatedHeight: height,
	}
}
