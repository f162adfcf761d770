package execution

import (
	"encoding/hex"
	"slices"
	"strconv"

	"github.com/causeway/causeway/crypto/seal"
	"github.com/causeway/causeway/sealing"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
)

// Events of sealed data and its governance.
const (
	// EventSealedStored: a sealed payload was stored (id, owner, readers
	// (count), envelope_hash, carrier).
	EventSealedStored = "sealed.stored"
	// EventEncryptionKeySet: an org's encryption key came into force at
	// from_height (org, key_id, from_height).
	EventEncryptionKeySet = "gov.encryption_key_set"
)

// Governance action names of privacy (policy keys).
const (
	ActionSetOrgEncryptionKey = "set_org_encryption_key"
	ActionSetReaderGroup      = "set_reader_group"
	ActionRemoveReaderGroup   = "remove_reader_group"
)

// storeSealedTx executes STORE_SEALED: the sender stores a sealed payload.
func (t *txExec) storeSealedTx() (*types.TxError, error) {
	p := &types.SealedPayload{}
	if terr := t.decodePayload(p); terr != nil {
		return terr, nil
	}
	_, owner, terr, err := t.sender()
	if terr != nil || err != nil {
		return terr, err
	}
	_, terr, err = t.storeSealed(p, owner)
	return terr, err
}

// storeSealed checks a carried sealed payload against the configuration in
// force at this block (package sealing: the envelope's shape, the readers,
// and that the envelope is wrapped exactly for their keys in force) and
// stages its record under the transaction's hash. It returns the envelope's
// hash. The writes are kept only if the transaction succeeds.
func (t *txExec) storeSealed(p *types.SealedPayload, owner types.Hash) (types.Hash, *types.TxError, error) {
	env, terr := sealing.CheckEnvelope(t.e.Suite, p.GetEnvelope(), t.params.MaxTxBytes)
	if terr != nil {
		return types.Hash{}, terr, nil
	}
	readers, terr, err := sealing.Resolve(t.e.Suite, t.inForce, p, sealing.AccountsAt(t.account, t.header.Height))
	if terr != nil || err != nil {
		return types.Hash{}, terr, err
	}
	// A payload of a class the auditor audits is sealed to its key too.
	readers, terr, err = sealing.WithAuditor(t.inForce, env.Class, readers)
	if terr != nil || err != nil {
		return types.Hash{}, terr, err
	}
	if terr := sealing.Match(env, readers); terr != nil {
		return types.Hash{}, terr, nil
	}
	id := t.d.Hash
	key := state.SealedKey(id)
	old, err := t.get(key)
	if err != nil {
		return types.Hash{}, nil, err
	}
	if old != nil { // unreachable while transaction hashes are unique
		return types.Hash{}, types.Errorf(types.CodeDuplicate, "sealed payload %s already exists", id), nil
	}
	h := t.e.Suite.Sum(p.Envelope)
	rec := &types.SealedRecord{
		Id: id.Bytes(), Owner: owner.Bytes(), Height: t.header.Height, TimeMs: t.header.TimeMs,
		EnvelopeHash: h.Bytes(), EnvelopeSize: uint64(len(p.Envelope)), Suite: env.Suite, Class: env.Class,
		Orgs: slices.Clone(p.Orgs), Accounts: slices.Clone(p.Accounts), Groups: slices.Clone(p.Groups),
		Carrier: t.d.Body.Type,
	}
	for _, r := range readers {
		rec.Readers = append(rec.Readers, r.Proto())
	}
	t.put(key, state.EncodeSealed(rec))
	t.emit(EventSealedStored, "id", id.String(), "owner", owner.String(), "readers", strconv.Itoa(len(readers)),
		"envelope_hash", h.String(), "carrier", t.d.Body.Type.String())
	return h, nil, nil
}

// applySealGovernance applies a privacy governance action to cfg (a copy);
// handled is false for other actions.
func (t *txExec) applySealGovernance(p *types.Proposal, cfg *types.ChainConfig) (handled bool, terr *types.TxError) {
	bad := func(format string, a ...any) *types.TxError {
		return types.Errorf(types.CodeInvalidPayload, format, a...)
	}
	switch a := p.Action.(type) {
	case *types.Proposal_SetOrgEncryptionKey:
		return true, t.setOrgEncryptionKey(cfg, a.SetOrgEncryptionKey)
	case *types.Proposal_SetReaderGroup:
		g := a.SetReaderGroup
		orgs := slices.Clone(g.Orgs)
		slices.Sort(orgs)
		for i, o := range orgs {
			if i > 0 && o == orgs[i-1] {
				return true, bad("reader group %s lists org %s twice", g.Name, o)
			}
			if _, ok := cfg.Org(o); !ok {
				return true, types.Errorf(types.CodeUnknownOrg, "reader group %s: org %s is not a member", g.Name, o)
			}
		}
		i := slices.IndexFunc(cfg.ReaderGroups, func(rg types.ReaderGroup) bool { return rg.Name == g.Name })
		if i >= 0 {
			if slices.Equal(cfg.ReaderGroups[i].Orgs, orgs) {
				return true, bad("reader group %s already has exactly these orgs", g.Name)
			}
			cfg.ReaderGroups[i].Orgs = orgs
			return true, nil
		}
		if len(cfg.ReaderGroups) >= types.MaxReaderGroups {
			return true, bad("the chain has %d reader groups, the most it may have; remove one first", len(cfg.ReaderGroups))
		}
		cfg.ReaderGroups = append(cfg.ReaderGroups, types.ReaderGroup{Name: g.Name, Orgs: orgs})
		return true, nil
	case *types.Proposal_RemoveReaderGroup:
		name := a.RemoveReaderGroup.Name
		n := len(cfg.ReaderGroups)
		cfg.ReaderGroups = slices.DeleteFunc(cfg.ReaderGroups, func(rg types.ReaderGroup) bool { return rg.Name == name })
		if len(cfg.ReaderGroups) == n {
			return true, bad("reader group %s does not exist", name)
		}
		return true, nil
	}
	return false, nil
}

// setOrgEncryptionKey applies SetOrgEncryptionKey: the key must be a valid
// encryption public key of the chain's suite that no org lists (a key is
// never reused, neither after its own rotation nor by another org); it comes
// into force at the next block, and the replaced keys stay listed, the
// oldest dropped beyond types.MaxOrgEncryptionKeys.
func (t *txExec) setOrgEncryptionKey(cfg *types.ChainConfig, s *types.SetOrgEncryptionKey) *types.TxError {
	i := slices.IndexFunc(cfg.Orgs, func(o types.OrgConfig) bool { return o.Name == s.Org })
	if i < 0 {
		return types.Errorf(types.CodeUnknownOrg, "org %s is not a member", s.Org)
	}
	pk, err := seal.ParsePublicKey(sealing.SuiteOf(t.e.Suite), s.PublicKey)
	if err != nil {
		return types.Errorf(types.CodeInvalidPayload, "org %s: not an encryption public key of the %s suite: %v", s.Org, t.e.Suite.Name(), err)
	}
	id := pk.ID().String()
	for _, o := range cfg.Orgs {
		if _, used := o.EncryptionKeyByID(id); used {
			return types.Errorf(types.CodeDuplicate, "encryption key %s is already listed for org %s: a key is never reused", id, o.Name)
		}
	}
	o := &cfg.Orgs[i]
	o.EncryptionKeys = append(o.EncryptionKeys, types.OrgEncryptionKey{
		PublicKey: hex.EncodeToString(pk.Bytes()), KeyID: id, FromHeight: t.header.Height + 1,
	})
	if n := len(o.EncryptionKeys); n > types.MaxOrgEncryptionKeys {
		o.EncryptionKeys = slices.Clone(o.EncryptionKeys[n-types.MaxOrgEncryptionKeys:])
	}
	return nil
}

// emitKeySet announces an executed encryption key change.
func (t *txExec) emitKeySet(p *types.Proposal) {
	if s, ok := p.Action.(*types.Proposal_SetAuditor); ok {
		if pk, err := seal.ParsePublicKey(sealing.SuiteOf(t.e.Suite), s.SetAuditor.PublicKey); err == nil {
			t.emit(EventAuditorSet, "account", hex.EncodeToString(s.SetAuditor.Account), "key_id", pk.ID().String(),
				"from_height", strconv.FormatUint(t.header.Height+1, 10))
		}
	}
	if s, ok := p.Action.(*types.Proposal_SetOrgEncryptionKey); ok {
		if pk, err := seal.ParsePublicKey(sealing.SuiteOf(t.e.Suite), s.SetOrgEncryptionKey.PublicKey); err == nil {
			t.emit(EventEncryptionKeySet, "org", s.SetOrgEncryptionKey.Org, "key_id", pk.ID().String(),
				"from_height", strconv.FormatUint(t.header.Height+1, 10))
		}
	}
}
