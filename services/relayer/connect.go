package relayer

import (
	"bytes"
	"context"
	"fmt"

	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

// Register makes the chain that on talks to keep a light client of the
// chain founded by remote, by governance: admins[0] proposes the
// registration and the others vote for it in turn until it executes (the
// votes of admins beyond the threshold are not cast). It is for
// consortia whose admin keys one operator holds (a local `causeway up`);
// members of a real consortium vote with `causeway gov vote`. A chain that
// keeps a light client of remote's genesis already is left as it is
// (nil record, nil error); one of another genesis under the same chain id
// is an error.
func Register(ctx context.Context, on *sdk.Client, opt sdk.TxOptions, admins []sdk.Account, remote *types.Genesis) (*types.ProposalRecord, error) {
	if len(admins) == 0 {
		return nil, fmt.Errorf("register chain %q: no admin account to propose with", remote.ChainID)
	}
	gh := remote.Hash()
	lc, err := on.LightClient(ctx, remote.ChainID)
	switch {
	case err == nil && bytes.Equal(lc.GenesisHash, gh[:]):
		return nil, nil
	case err == nil:
		return nil, fmt.Errorf("chain %q keeps a light client of another chain %q already (genesis %x, not %x): remove it first", opt.ChainID, remote.ChainID, lc.GenesisHash, gh[:])
	case sdk.ReasonOf(err) != types.CodeClientNotFound:
		return nil, err
	}
	p, err := sdk.RegisterLightClientProposal(remote, "light client of "+remote.ChainID)
	if err != nil {
		return nil, err
	}
	return Govern(ctx, on, opt, admins, p, "the registration of "+remote.ChainID)
}

// Govern passes proposal p on the chain that on talks to (sdk.Client.Govern).
func Govern(ctx context.Context, on *sdk.Client, opt sdk.TxOptions, admins []sdk.Account, p *types.Proposal, what string) (*types.ProposalRecord, error) {
	return on.Govern(ctx, opt, admins, p, what)
}

// Admins returns the admin accounts of every org of nw (sdk.Network.AdminAccounts).
func Admins(nw *sdk.Network) ([]sdk.Account, error) { return nw.AdminAccounts() }
