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

// Govern passes proposal p on the chain that on talks to: admins[0]
// proposes it and the others vote for it in turn until it executes (the
// votes beyond the threshold are not cast), as Register does. It returns
// the executed proposal's record; one that did not execute after every
// vote is an error naming what.
func Govern(ctx context.Context, on *sdk.Client, opt sdk.TxOptions, admins []sdk.Account, p *types.Proposal, what string) (*types.ProposalRecord, error) {
	if len(admins) == 0 {
		return nil, fmt.Errorf("%s: no admin account to propose with", what)
	}
	tx, err := admins[0].ProposeTx(opt, p)
	if err != nil {
		return nil, err
	}
	if err := submitOK(ctx, on, tx, "propose "+what); err != nil {
		return nil, err
	}
	id := admins[0].Suite.TxHash(tx)
	for _, a := range admins[1:] {
		rec, err := on.GetProposal(ctx, id)
		if err != nil {
			return nil, err
		}
		if rec.Status != types.ProposalStatus_PROPOSAL_OPEN {
			break
		}
		v, err := a.VoteTx(opt, id, true)
		if err != nil {
			return nil, err
		}
		if err := submitOK(ctx, on, v, "vote as "+a.Name); err != nil {
			return nil, err
		}
	}
	rec, err := on.GetProposal(ctx, id)
	if err != nil {
		return nil, err
	}
	if rec.Status != types.ProposalStatus_PROPOSAL_EXECUTED {
		return rec, fmt.Errorf("%s on %q is %s after %d vote(s): %s", what, opt.ChainID, rec.Status, len(admins), rec.Reason)
	}
	return rec, nil
}

func submitOK(ctx context.Context, cl *sdk.Client, tx *types.Transaction, what string) error {
	r, err := cl.SubmitAndWait(ctx, tx)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if rc := r.GetReceipt(); rc.GetStatus() != types.ReceiptStatus_SUCCESS {
		return types.Errorf(types.Code(rc.GetErrorCode()), "%s: %s", what, rc.GetError())
	}
	return nil
}

// Admins returns the admin accounts of every org of nw, in its order:
// the voters Register needs on a local consortium.
func Admins(nw *sdk.Network) ([]sdk.Account, error) {
	var out []sdk.Account
	for _, o := range nw.Orgs {
		a, err := nw.AdminAccount(o.Name)
		if err != nil {
			return nil, fmt.Errorf("org %s: %w", o.Name, err)
		}
		out = append(out, a)
	}
	return out, nil
}
