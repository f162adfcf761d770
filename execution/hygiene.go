package execution

import (
	"errors"

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
