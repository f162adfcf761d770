package evidence

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/types"
)

// Reserved metadata keys, set by the service (see the package documentation).
const (
	ReservedPrefix      = "causeway."
	KeyOrg              = types.EvidenceMetaOrg
	KeyDepositor        = ReservedPrefix + "depositor"
	KeyReaders          = types.EvidenceMetaReaders
	KeyEncryptedPayload = ReservedPrefix + "encrypted_payload"
)

// Errors of the service, wrapped with detail; test with errors.Is.
var (
	// ErrInvalid: the request is malformed (a digest that is not hex or
	// has the wrong size, an unknown algorithm, a reserved metadata key).
	ErrInvalid = errors.New("invalid evidence request")
	// ErrForbidden: the caller may not do this (read another org's
	// evidence, deposit through another org's node).
	ErrForbidden = errors.New("not allowed")
	// ErrUnknownOrg: a reader names an organisation that is not a member
	// of the chain (the chain refuses the deposit with unknown_org). It
	// wraps ErrInvalid: the request is at fault.
	ErrUnknownOrg = fmt.Errorf("%w: unknown organisation", ErrInvalid)
	// ErrNotFound: no evidence has this id.
	ErrNotFound = errors.New("evidence not found")
	// ErrNotCertified: the certificate cannot be made yet (the block after
	// the deposit did not come in time).
	ErrNotCertified = errors.New("deposit not certified yet")
)

// metadataOf returns the metadata of a stored record as a map.
func metadataOf(attrs []*types.Attribute) map[string]string {
	m := make(map[string]string, len(attrs))
	for _, a := range attrs {
		m[a.Key] = a.Value
	}
	return m
}

// readersOf splits a causeway.readers value.
func readersOf(v string) []string {
	var out []string
	for _, r := range strings.Split(v, ",") {
		if r = strings.TrimSpace(r); r != "" {
			out = append(out, r)
		}
	}
	return out
}

// CanRead reports whether caller may read ev (and get its certificate): an
// auditor may read everything; a record deposited through the service
// (with causeway.org) only by its organisation and the organisations in
// causeway.readers; a record without causeway.org by every member.
func CanRead(caller pki.Identity, ev *types.Evidence) error {
	if caller.Role == pki.RoleAuditor {
		return nil
	}
	md := metadataOf(ev.GetMetadata())
	org, ok := md[KeyOrg]
	if !ok || org == "" || caller.Org == org || slices.Contains(readersOf(md[KeyReaders]), caller.Org) {
		return nil
	}
	return fmt.Errorf("%w: evidence %x was deposited by %s; %s (%s) is neither that org, one of its readers, nor an auditor",
		ErrForbidden, ev.GetId(), org, caller.CommonName, caller.Org)
}
