package types

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
)

// Codes of refused sealed payloads (package sealing applies the rules).
const (
	// CodeBadEnvelope: a sealed payload's envelope is not a canonical,
	// well-formed envelope of the chain's crypto suite (malformed bytes,
	// the other suite, an empty envelope).
	CodeBadEnvelope Code = "bad_envelope"
	// CodeUnknownReader: a sealed payload names a reader the chain does not
	// know: an org that is not a member or has no encryption key, an
	// account that does not exist or has no encryption key, a reader group
	// that does not exist.
	CodeUnknownReader Code = "unknown_reader"
	// CodeReaderMismatch: the envelope is not wrapped exactly for the
	// encryption keys in force of the named readers: an entry for a key
	// no named reader holds (an unknown key, a rotated-out key, a reader
	// revoked from a group), a named reader without an entry, or a label
	// that is not the reader's.
	CodeReaderMismatch Code = "reader_mismatch"
)

// Bounds of the privacy configuration. They keep the chain configuration,
// which every node holds and every configuration change copies into the
// history, small.
const (
	// MaxOrgEncryptionKeys bounds the encryption keys an org lists: the key
	// in force and the ones it replaced. A rotation beyond it drops the
	// oldest from the configuration in force; the configuration history
	// ("cfgh/") keeps every configuration, so the dropped key stays on
	// record, and sealed records name their readers' key ids themselves.
	MaxOrgEncryptionKeys = 16
	// MaxAccountEncryptionKeys bounds the encryption keys an account lists:
	// its key (Account.encryption_key) and the ones it replaced
	// (Account.replaced_encryption_keys). A rotation beyond it drops the
	// oldest replaced key from the account (sealed records name their
	// readers' key ids themselves), and the chain no longer refuses that
	// key as one the account used before.
	MaxAccountEncryptionKeys = 16
	// MaxEncryptionPublicKeyBytes bounds an encryption public key (X25519
	// keys are 32 bytes, uncompressed SM2 keys 65).
	MaxEncryptionPublicKeyBytes = 128
	// MaxReaderGroups bounds the reader groups of a chain.
	MaxReaderGroups = 64
	// MaxReaderGroupOrgs bounds the orgs of one reader group (an envelope
	// has at most 256 readers).
	MaxReaderGroupOrgs = 256
	// MaxReaderGroupNameBytes bounds a reader group's name.
	MaxReaderGroupNameBytes = 64
)

// OrgEncryptionKey is one encryption key of an org: the public key that data
// sealed to the org is wrapped for (package crypto/seal).
type OrgEncryptionKey struct {
	// PublicKey is the key of the chain's suite, lower-case hex.
	PublicKey string `json:"public_key"`
	// KeyID is its KeyID (crypto/seal.KeyIDOf), lower-case hex: how
	// envelopes name it.
	KeyID string `json:"key_id"`
	// FromHeight is the first block in which the key is in force; it stays
	// in force until the next key's FromHeight.
	FromHeight uint64 `json:"from_height"`
}

// ReaderGroup is a named set of member orgs that a sealed payload may name
// as one reader, such as "yangtze-delta" = org1, org2, org3. Governance
// sets it (set_reader_group, remove_reader_group); a payload naming it is
// wrapped for the group's orgs as the group stands when the payload is
// executed.
type ReaderGroup struct {
	Name string `json:"name"`
	// Orgs are the member orgs, sorted.
	Orgs []string `json:"orgs"`
}

// EncryptionKey returns the org's encryption key in force (the last one
// listed); ok is false when the org has none.
func (o OrgConfig) EncryptionKey() (OrgEncryptionKey, bool) {
	if len(o.EncryptionKeys) == 0 {
		return OrgEncryptionKey{}, false
	}
	return o.EncryptionKeys[len(o.EncryptionKeys)-1], true
}

// EncryptionKeyByID returns the org's listed key with this KeyID (hex).
func (o OrgConfig) EncryptionKeyByID(keyID string) (OrgEncryptionKey, bool) {
	for _, k := range o.EncryptionKeys {
		if k.KeyID == keyID {
			return k, true
		}
	}
	return OrgEncryptionKey{}, false
}

// ReaderGroup returns the reader group called name.
func (c *ChainConfig) ReaderGroup(name string) (ReaderGroup, bool) {
	for _, g := range c.ReaderGroups {
		if g.Name == name {
			return g, true
		}
	}
	return ReaderGroup{}, false
}

// dropOrgFromGroups removes org from every reader group, and the groups it
// leaves empty: a removed org reads nothing sealed after its removal.
func (c *ChainConfig) dropOrgFromGroups(org string) {
	var groups []ReaderGroup
	for _, g := range c.ReaderGroups {
		g.Orgs = slices.DeleteFunc(slices.Clone(g.Orgs), func(o string) bool { return o == org })
		if len(g.Orgs) > 0 {
			groups = append(groups, g)
		}
	}
	c.ReaderGroups = groups
}

// RemoveOrg removes the member org called name from c: from the orgs,
// together with its encryption keys, and from every reader group (a group
// left empty is removed). The caller removes the org's nodes.
func (c *ChainConfig) RemoveOrg(name string) {
	c.Orgs = slices.DeleteFunc(c.Orgs, func(o OrgConfig) bool { return o.Name == name })
	c.dropOrgFromGroups(name)
}

// CheckReaderGroupName checks a reader group's name: a name of at most
// MaxReaderGroupNameBytes without spaces, commas or slashes, as org names.
func CheckReaderGroupName(name string) *TxError {
	if terr := CheckName("reader group name", name, MaxReaderGroupNameBytes); terr != nil {
		return terr
	}
	if i := strings.IndexAny(name, " ,/"); i >= 0 {
		return Errorf(CodeInvalidText, "reader group name %q has %q at byte %d: spaces, commas and slashes are not allowed", name, name[i], i)
	}
	return nil
}

// SealLabelOrg returns the label of an org's entry in a sealed envelope:
// "org:<name>", or, for a name that is not printable ASCII (envelope labels
// are), "org-sha256:<hex of SHA-256 of the name>".
func SealLabelOrg(name string) string {
	for i := 0; i < len(name); i++ {
		if name[i] < 0x21 || name[i] > 0x7e {
			d := sha256.Sum256([]byte(name))
			return "org-sha256:" + hex.EncodeToString(d[:])
		}
	}
	return "org:" + name
}

// SealLabelAccount returns the label of an account's entry in a sealed
// envelope: "account:<hex identity>".
func SealLabelAccount(id Hash) string { return "account:" + id.String() }

// checkSealProposal checks the sizes and names of a privacy governance
// action; the rules that need the configuration are execution's.
func checkSealProposal(p *Proposal) *TxError {
	switch a := p.Action.(type) {
	case *Proposal_SetOrgEncryptionKey:
		if terr := CheckOrgName(a.SetOrgEncryptionKey.GetOrg()); terr != nil {
			return terr
		}
		if n := len(a.SetOrgEncryptionKey.GetPublicKey()); n == 0 || n > MaxEncryptionPublicKeyBytes {
			return Errorf(CodeInvalidPayload, "encryption public key is %d bytes, it must be 1 to %d", n, MaxEncryptionPublicKeyBytes)
		}
	case *Proposal_SetReaderGroup:
		if terr := CheckReaderGroupName(a.SetReaderGroup.GetName()); terr != nil {
			return terr
		}
		orgs := a.SetReaderGroup.GetOrgs()
		if len(orgs) == 0 || len(orgs) > MaxReaderGroupOrgs {
			return Errorf(CodeInvalidPayload, "reader group %q has %d orgs, it must have 1 to %d", a.SetReaderGroup.GetName(), len(orgs), MaxReaderGroupOrgs)
		}
		for _, o := range orgs {
			if terr := CheckOrgName(o); terr != nil {
				return terr
			}
		}
	case *Proposal_RemoveReaderGroup:
		if terr := CheckReaderGroupName(a.RemoveReaderGroup.GetName()); terr != nil {
			return terr
		}
	}
	return nil
}

// String describes the key for people: its id and first height.
func (k OrgEncryptionKey) String() string {
	return fmt.Sprintf("%s (from height %d)", k.KeyID, k.FromHeight)
}

// EncryptionKeyFrom returns the first block in which a's encryption key
// (Account.encryption_key) is in force: encryption_key_from_height when
// SET_ENCRYPTION_KEY set it, else the account's creation height. Zero for
// an account without an encryption key.
func (a *Account) EncryptionKeyFrom() uint64 {
	if len(a.GetEncryptionKey()) == 0 {
		return 0
	}
	if h := a.GetEncryptionKeyFromHeight(); h != 0 {
		return h
	}
	return a.GetCreatedHeight()
}

// EncryptionKeyAt returns a's encryption public key in force at block
// height: its key (Account.encryption_key) from EncryptionKeyFrom on, and
// before that the replaced key whose [from_height, until_height) holds
// height. Nil when none is: an account without a key, a key set by the
// account's first SET_ENCRYPTION_KEY before its first block, a replaced key
// dropped beyond MaxAccountEncryptionKeys.
//
// A rotation executed in block h comes into force at h+1, so a sealed
// payload in block h is still wrapped for the key it replaces; clients,
// whose transactions land in a later block than the state they read, seal
// to Account.encryption_key.
func (a *Account) EncryptionKeyAt(height uint64) []byte {
	if len(a.GetEncryptionKey()) > 0 && a.EncryptionKeyFrom() <= height {
		return a.EncryptionKey
	}
	rs := a.GetReplacedEncryptionKeys()
	for i := len(rs) - 1; i >= 0; i-- {
		if r := rs[i]; r.GetFromHeight() <= height && height < r.GetUntilHeight() {
			return r.PublicKey
		}
	}
	return nil
}
