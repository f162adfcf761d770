package execution

import (
	"errors"
	"math/big"

	"github.com/causeway/causeway/types"
)

// paramRefusal turns an error of types.ChainParams.SetParam into the
// transaction's refusal, keeping its code (types.CodeParamOutOfBounds,
// types.CodeUnknownParam).
func paramRefusal(err error) *types.TxError {
	var te *types.TxError
	if errors.As(err, &te) {
		return te
	}
	return types.Errorf(types.CodeInvalidPayload, "%v", err)
}

// checkEvidenceOrgs checks the metadata entries of a deposit that name
// organisations (types.EvidenceMetaOrg, types.EvidenceMetaReaders): each
// named org must be a member of the chain configuration in force, or the
// deposit is refused with types.CodeUnknownOrg. A reader list that is not
// a comma-separated list of distinct org names is refused too.
func (t *txExec) checkEvidenceOrgs(md []*types.Attribute) *types.TxError {
	for _, a := range md {
		var orgs []string
		switch a.Key {
		case types.EvidenceMetaOrg:
			if terr := types.CheckOrgName(a.Value); terr != nil {
				return types.Errorf(terr.Code, "%s: %s", types.EvidenceMetaOrg, terr.Reason)
			}
			orgs = []string{a.Value}
		case types.EvidenceMetaReaders:
			var terr *types.TxError
			if orgs, terr = types.SplitReaders(a.Value); terr != nil {
				return terr
			}
		default:
			continue
		}
		for _, o := range orgs {
			if _, ok := t.config.Org(o); !ok {
				return types.Errorf(types.CodeUnknownOrg, "%s names org %q, which is not a member of the chain", a.Key, o)
			}
		}
	}
	return nil
}

// refuseAdminFreeze refuses a governance freeze of a member org's admin
// account: frozen admins cannot vote, and freezing enough of them would
// leave no majority that could ever unfreeze them. An org that must lose
// its say is removed instead (remove_org).
func refuseAdminFreeze(cfg *types.ChainConfig, acct *types.Account, freeze bool) *types.TxError {
	if !freeze {
		return nil
	}
	for _, o := range cfg.Orgs {
		if o.Admin == acct.Name {
			return types.Errorf(types.CodeInvalidPayload, "account %q is the admin account of member org %s: freezing it could leave governance without a majority; remove the org instead", acct.Name, o.Name)
		}
	}
	return nil
}

// refuseRevokingInUse refuses revoking a serial that a current consensus
// node's TLS or signing certificate, or a member org's current or retiring
// CA certificate, carries (revocation is by serial alone, whichever CA issued it): a vote
// revoking them could cut off enough nodes to stop the chain for good.
// Such a node is removed first (remove_node), such an org too
// (remove_org). Serials compare as numbers, so leading zeros do not matter.
func refuseRevokingInUse(cfg *types.ChainConfig, serialHex string) *types.TxError {
	serial, ok := new(big.Int).SetString(serialHex, 16)
	if !ok {
		return types.Errorf(types.CodeInvalidPayload, "serial %q is not hex", serialHex)
	}
	inUse := func(p string) bool {
		c, err := parseCert(p)
		return err == nil && c.SerialNumber.Cmp(serial) == 0
	}
	for _, n := range cfg.Nodes {
		if inUse(n.TLSCert) || inUse(n.SignCert) {
			return types.Errorf(types.CodeInvalidPayload, "serial %s is a certificate of consensus node %d: remove the node first (remove_node), or revoking it could cut the node set below a quorum", serialHex, n.ID)
		}
	}
	for _, o := range cfg.Orgs {
		if inUse(o.CACert) {
			return types.Errorf(types.CodeInvalidPayload, "serial %s is the CA certificate of member org %s: remove the org first (remove_org)", serialHex, o.Name)
		}
		// During (and, while its nodes still need it, after) a CA
		// rotation's overlap the org's nodes may still hold certificates
		// of the retiring CA only: revoking it would cut them off at once.
		if o.RetiringCACert != "" && inUse(o.RetiringCACert) {
			return types.Errorf(types.CodeInvalidPayload, "serial %s is the retiring CA certificate of member org %s, which its nodes may still depend on: it retires by itself once they have moved to the new CA", serialHex, o.Name)
		}
	}
	return nil
}
