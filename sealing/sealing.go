package sealing

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"

	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/crypto/seal"
	"github.com/causeway/causeway/types"
)

// Context returns the context every envelope of chain chainID is sealed and
// opened under (seal.WithContext): the chain id's bytes. An envelope sealed
// for one chain fails to open (seal.ErrTampered) as another's.
func Context(chainID string) []byte { return []byte(chainID) }

// SuiteOf returns the crypto/seal suite name of a chain suite: "intl" or
// "gm", as both packages spell them.
func SuiteOf(s types.Suite) string { return s.Name() }

// Reader is one reader of a sealed payload with its encryption key in force.
type Reader struct {
	// Org is the reader org's name; empty for an account reader.
	Org string
	// Account is the reader account's identity, when Org is empty.
	Account types.Hash
	// PublicKey is the reader's encryption public key in force.
	PublicKey []byte
	// KeyID is PublicKey's crypto/seal KeyID.
	KeyID seal.KeyID
	// Label is the envelope entry's label (types.SealLabelOrg,
	// types.SealLabelAccount).
	Label string
}

// String names the reader: "org org2", "the auditor" or "account <hex>".
func (r Reader) String() string {
	if r.Org != "" {
		return "org " + r.Org
	}
	if r.Label == types.SealLabelAuditor {
		return "the auditor"
	}
	return "account " + r.Account.String()
}

// Proto returns r as a stored types.SealedReader.
func (r Reader) Proto() *types.SealedReader {
	sr := &types.SealedReader{Org: r.Org, KeyId: bytes.Clone(r.KeyID[:]), Label: r.Label}
	if r.Org == "" && r.Label != types.SealLabelAuditor {
		sr.Account = r.Account.Bytes()
	}
	return sr
}

// Recipient returns r as a crypto/seal recipient, for Seal.
func (r Reader) Recipient() seal.Recipient {
	return seal.Recipient{PublicKey: bytes.Clone(r.PublicKey), Label: r.Label}
}

// Accounts reads an account by identity: nil, nil when it does not exist.
// An error is a failure to read, not a refusal.
type Accounts func(id types.Hash) (*types.Account, error)

// AccountAt returns a as a reader at block height. When a's latest
// encryption key is not yet in force at height (a rotation executed in
// block h comes into force at h+1), it returns a copy of a holding the key
// in force at height instead (types.Account.EncryptionKeyAt; none when
// there is none); otherwise a itself. Execution resolves readers with it,
// so that an account's new key, like an org's, applies from the block
// after the rotation and an envelope for the replaced key is refused from
// then on (CodeReaderMismatch).
func AccountAt(a *types.Account, height uint64) *types.Account {
	if a == nil {
		return nil
	}
	k := a.EncryptionKeyAt(height)
	if bytes.Equal(k, a.GetEncryptionKey()) {
		return a
	}
	c := proto.Clone(a).(*types.Account)
	c.EncryptionKey = bytes.Clone(k)
	return c
}

// AccountKey is one encryption key an account lists.
type AccountKey struct {
	PublicKey []byte
	KeyID     seal.KeyID
	// FromHeight is the first block in which the key is in force.
	FromHeight uint64
	// UntilHeight is the first block in which it no longer is: the next
	// key's FromHeight; 0 for the account's latest key.
	UntilHeight uint64
}

// AccountKeys returns the encryption keys account a lists, oldest first:
// the replaced ones (types.Account.replaced_encryption_keys), then its
// latest key (which may not be in force yet: see FromHeight). Keys that are
// not valid keys of suite are left out.
func AccountKeys(suite types.Suite, a *types.Account) []AccountKey {
	var out []AccountKey
	add := func(pub []byte, from, until uint64) {
		if pk, err := seal.ParsePublicKey(SuiteOf(suite), pub); err == nil {
			out = append(out, AccountKey{PublicKey: pk.Bytes(), KeyID: pk.ID(), FromHeight: from, UntilHeight: until})
		}
	}
	for _, r := range a.GetReplacedEncryptionKeys() {
		add(r.GetPublicKey(), r.GetFromHeight(), r.GetUntilHeight())
	}
	if len(a.GetEncryptionKey()) > 0 {
		add(a.GetEncryptionKey(), a.EncryptionKeyFrom(), 0)
	}
	return out
}

// AccountsAt wraps accounts so that each account read holds its
// encryption key in force at block height (AccountAt).
func AccountsAt(accounts Accounts, height uint64) Accounts {
	return func(id types.Hash) (*types.Account, error) {
		a, err := accounts(id)
		if err != nil || a == nil {
			return a, err
		}
		return AccountAt(a, height), nil
	}
}

// Resolve turns the readers spec names (its orgs, accounts and groups; its
// envelope is ignored) into the readers whose keys the envelope must be
// wrapped for, against cfg, the configuration in force, and accounts. The
// result holds each distinct reader once (an org named directly and through
// a group, or through two groups, counts once), sorted by KeyID: the order
// of the envelope's entries.
//
// Each account's key in force is its EncryptionKey as accounts returns it:
// execution passes AccountsAt(accounts, block height), so that a rotation
// applies from the block after it; a client, whose transaction lands in a
// block after the state it read, passes the accounts as read (their latest
// keys).
//
// A refusal is a *types.TxError: no reader, or a list longer than its bound
// or naming one reader twice (CodeInvalidPayload); an org that is not a
// member or has no encryption key, a group that does not exist, an account
// that does not exist or has no valid encryption key (CodeUnknownReader);
// more than seal.MaxRecipients readers (CodeTooLarge); two readers holding
// one key (CodeDuplicate). An error is a failure of accounts or a stored
// org key that does not decode.
func Resolve(suite types.Suite, cfg *types.ChainConfig, spec *types.SealedPayload, accounts Accounts) ([]Reader, *types.TxError, error) {
	if cfg == nil || spec == nil {
		return nil, types.Errorf(types.CodeInvalidPayload, "the sealed payload or the configuration is missing"), nil
	}
	orgs, accts, groups := spec.GetOrgs(), spec.GetAccounts(), spec.GetGroups()
	if len(orgs)+len(accts)+len(groups) == 0 {
		return nil, types.Errorf(types.CodeInvalidPayload, "the sealed payload names no reader"), nil
	}
	if len(orgs) > seal.MaxRecipients || len(accts) > seal.MaxRecipients || len(groups) > types.MaxReaderGroups {
		return nil, types.Errorf(types.CodeInvalidPayload, "the sealed payload names %d orgs, %d accounts and %d groups; at most %d, %d and %d",
			len(orgs), len(accts), len(groups), seal.MaxRecipients, seal.MaxRecipients, types.MaxReaderGroups), nil
	}
	if terr := distinct("org", orgs); terr != nil {
		return nil, terr, nil
	}
	if terr := distinct("group", groups); terr != nil {
		return nil, terr, nil
	}
	// The orgs, named directly or through groups, each once, in name order.
	orgSet := slices.Clone(orgs)
	for _, g := range groups {
		rg, ok := cfg.ReaderGroup(g)
		if !ok {
			return nil, types.Errorf(types.CodeUnknownReader, "reader group %q does not exist", types.EscapeText(g)), nil
		}
		orgSet = append(orgSet, rg.Orgs...)
	}
	slices.Sort(orgSet)
	orgSet = slices.Compact(orgSet)
	if len(orgSet)+len(accts) > seal.MaxRecipients {
		return nil, types.Errorf(types.CodeTooLarge, "the sealed payload has %d readers, at most %d", len(orgSet)+len(accts), seal.MaxRecipients), nil
	}
	readers := make([]Reader, 0, len(orgSet)+len(accts))
	for _, name := range orgSet {
		o, ok := cfg.Org(name)
		if !ok {
			return nil, types.Errorf(types.CodeUnknownReader, "org %q is not a member of the chain", types.EscapeText(name)), nil
		}
		k, ok := o.EncryptionKey()
		if !ok {
			return nil, types.Errorf(types.CodeUnknownReader, "org %s has no encryption key (its admin sets one with set_org_encryption_key)", name), nil
		}
		r, err := orgReader(name, k)
		if err != nil {
			return nil, nil, err
		}
		readers = append(readers, r)
	}
	seen := make(map[types.Hash]bool, len(accts))
	for i, raw := range accts {
		id, err := types.HashOf(raw)
		if err != nil {
			return nil, types.Errorf(types.CodeInvalidPayload, "reader account %d: %v", i, err), nil
		}
		if seen[id] {
			return nil, types.Errorf(types.CodeInvalidPayload, "reader account %s is named twice", id), nil
		}
		seen[id] = true
		a, err := accounts(id)
		if err != nil {
			return nil, nil, err
		}
		if a == nil {
			return nil, types.Errorf(types.CodeUnknownReader, "reader account %s does not exist", id), nil
		}
		if len(a.EncryptionKey) == 0 {
			return nil, types.Errorf(types.CodeUnknownReader, "reader account %s has no encryption key", id), nil
		}
		pk, err := seal.ParsePublicKey(SuiteOf(suite), a.EncryptionKey)
		if err != nil {
			return nil, types.Errorf(types.CodeUnknownReader, "reader account %s has no valid %s encryption key: %v", id, suite.Name(), err), nil
		}
		readers = append(readers, Reader{Account: id, PublicKey: pk.Bytes(), KeyID: pk.ID(), Label: types.SealLabelAccount(id)})
	}
	slices.SortStableFunc(readers, func(a, b Reader) int { return bytes.Compare(a.KeyID[:], b.KeyID[:]) })
	for i := 1; i < len(readers); i++ {
		if readers[i].KeyID == readers[i-1].KeyID {
			return nil, types.Errorf(types.CodeDuplicate, "%s and %s hold the same encryption key %s: an envelope wraps once per key", readers[i-1], readers[i], readers[i].KeyID), nil
		}
	}
	return readers, nil, nil
}

// orgReader decodes an org's stored key.
func orgReader(org string, k types.OrgEncryptionKey) (Reader, error) {
	pub, err := hex.DecodeString(k.PublicKey)
	if err != nil {
		return Reader{}, fmt.Errorf("stored encryption key of org %s: %w", org, err)
	}
	id, err := seal.ParseKeyID(k.KeyID)
	if err != nil {
		return Reader{}, fmt.Errorf("stored encryption key id of org %s: %w", org, err)
	}
	return Reader{Org: org, PublicKey: pub, KeyID: id, Label: types.SealLabelOrg(org)}, nil
}

// OrgKey returns org's listed encryption key with this KeyID, as a Reader:
// the key in force or one a rotation replaced.
func OrgKey(cfg *types.ChainConfig, org string, id seal.KeyID) (Reader, bool) {
	o, ok := cfg.Org(org)
	if !ok {
		return Reader{}, false
	}
	k, ok := o.EncryptionKeyByID(id.String())
	if !ok {
		return Reader{}, false
	}
	r, err := orgReader(org, k)
	return r, err == nil
}

func distinct(what string, names []string) *types.TxError {
	s := slices.Clone(names)
	slices.Sort(s)
	for i := 1; i < len(s); i++ {
		if s[i] == s[i-1] {
			return types.Errorf(types.CodeInvalidPayload, "reader %s %q is named twice", what, types.EscapeText(s[i]))
		}
	}
	return nil
}

// CheckEnvelope checks a carried envelope's bytes: present, at most maxBytes
// long (the chain passes its max_tx_bytes), the canonical encoding of a
// well-formed envelope (seal.Unmarshal, with maxBytes as the payload bound)
// of the chain's suite. It returns the envelope, or a refusal:
// CodeTooLarge for an envelope over the bound, CodeBadEnvelope otherwise.
func CheckEnvelope(suite types.Suite, raw []byte, maxBytes int) (*seal.Envelope, *types.TxError) {
	if len(raw) == 0 {
		return nil, types.Errorf(types.CodeBadEnvelope, "the sealed payload has no envelope")
	}
	if maxBytes > 0 && len(raw) > maxBytes {
		return nil, types.Errorf(types.CodeTooLarge, "the envelope is %d bytes, the limit is %d", len(raw), maxBytes)
	}
	env, err := seal.Unmarshal(raw, maxBytes)
	if errors.Is(err, seal.ErrPayloadTooLarge) {
		return nil, types.Errorf(types.CodeTooLarge, "%v", err)
	}
	if err != nil {
		return nil, types.Errorf(types.CodeBadEnvelope, "%v", err)
	}
	if env.Suite != SuiteOf(suite) {
		return nil, types.Errorf(types.CodeBadEnvelope, "the envelope is of suite %q; this chain's suite is %q", env.Suite, SuiteOf(suite))
	}
	return env, nil
}

// Match checks that env is wrapped exactly for readers (from Resolve): one
// entry per reader, with the reader's KeyID and label, and no other entry.
// A difference is CodeReaderMismatch, naming the first one.
func Match(env *seal.Envelope, readers []Reader) *types.TxError {
	entries := env.GetRecipients()
	want := make(map[seal.KeyID]Reader, len(readers))
	for _, r := range readers {
		want[r.KeyID] = r
	}
	have := make(map[seal.KeyID]bool, len(entries))
	for i, e := range entries {
		id := seal.KeyID(e.GetKeyId())
		have[id] = true
		r, ok := want[id]
		if !ok {
			return types.Errorf(types.CodeReaderMismatch, "envelope entry %d (label %q) is wrapped for key %s, which is not the key in force of any named reader (an unknown key, a key replaced by a rotation, or a reader no longer in the group)", i, e.GetLabel(), id)
		}
		if e.GetLabel() != r.Label {
			return types.Errorf(types.CodeReaderMismatch, "envelope entry %d for %s is labelled %q, want %q", i, r, e.GetLabel(), r.Label)
		}
	}
	for _, r := range readers { // in key order: the first missing one
		if !have[r.KeyID] {
			return types.Errorf(types.CodeReaderMismatch, "%s is a named reader, but the envelope has no entry for its key in force %s (was it sealed before a key rotation?)", r, r.KeyID)
		}
	}
	return nil
}

// PayloadOf returns the sealed payload a transaction body carries (nil when
// it carries none): the payload of STORE_SEALED, or the sealed field of
// DEPOSIT_EVIDENCE and CALL_CONTRACT.
func PayloadOf(body *types.TxBody) (*types.SealedPayload, error) {
	switch body.GetType() {
	case types.TxType_STORE_SEALED:
		p := &types.SealedPayload{}
		if err := proto.Unmarshal(body.GetPayload(), p); err != nil {
			return nil, err
		}
		return p, nil
	case types.TxType_DEPOSIT_EVIDENCE:
		p := &types.DepositEvidence{}
		if err := proto.Unmarshal(body.GetPayload(), p); err != nil {
			return nil, err
		}
		return p.GetSealed(), nil
	case types.TxType_CALL_CONTRACT:
		p := &types.CallContract{}
		if err := proto.Unmarshal(body.GetPayload(), p); err != nil {
			return nil, err
		}
		return p.GetSealed(), nil
	}
	return nil, nil
}

// AuditorReader returns the reader of the auditor's key in force in cfg;
// ok is false when the chain has no auditor.
func AuditorReader(cfg *types.ChainConfig) (r Reader, ok bool, err error) {
	a := cfg.Auditor
	if a == nil {
		return Reader{}, false, nil
	}
	pub, err := hex.DecodeString(a.PublicKey)
	if err != nil {
		return Reader{}, false, fmt.Errorf("stored auditor key: %w", err)
	}
	id, err := seal.ParseKeyID(a.KeyID)
	if err != nil {
		return Reader{}, false, fmt.Errorf("stored auditor key id: %w", err)
	}
	return Reader{PublicKey: pub, KeyID: id, Label: types.SealLabelAuditor}, true, nil
}

// WithAuditor adds the auditor's key in force in cfg to readers (sorted by
// KeyID, as Resolve returns them) when cfg's auditor audits class; else it
// returns readers unchanged. A reader holding the auditor's key is
// CodeDuplicate (an envelope has one entry per key).
func WithAuditor(cfg *types.ChainConfig, class string, readers []Reader) ([]Reader, *types.TxError, error) {
	if !cfg.Auditor.Audits(class) {
		return readers, nil, nil
	}
	aud, ok, err := AuditorReader(cfg)
	if err != nil || !ok {
		return nil, nil, err
	}
	for _, r := range readers {
		if r.KeyID == aud.KeyID {
			return nil, types.Errorf(types.CodeDuplicate, "%s holds the auditor's encryption key", r), nil
		}
	}
	out := append(slices.Clone(readers), aud)
	slices.SortFunc(out, func(a, b Reader) int { return bytes.Compare(a.KeyID[:], b.KeyID[:]) })
	return out, nil, nil
}
