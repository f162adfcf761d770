package types

import (
	"bytes"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"unicode/utf8"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Codes of refused user-supplied text.
const (
	// CodeInvalidText: a name, metadata key or value, address or
	// description is not valid UTF-8 or holds a refused character (see
	// PrintableRune).
	CodeInvalidText Code = "invalid_text"
	// CodeUnknownOrg: the transaction names an organisation (an evidence
	// reader, an evidence org) that is not a member of the chain.
	CodeUnknownOrg Code = "unknown_org"
)

// Length limits of user-supplied text that is stored on chain and printed.
const (
	// MaxNameBytes bounds account names.
	MaxNameBytes = 128
	// MaxOrgNameBytes bounds org names; an org's admin account is
	// "<org>.admin", which stays within MaxNameBytes.
	MaxOrgNameBytes = 64
	// MaxAddressBytes bounds a node's host:port address (a DNS name has at
	// most 253 characters).
	MaxAddressBytes = 300
	// MaxDescriptionBytes bounds a proposal's description.
	MaxDescriptionBytes = 1024
	// MaxProposalTextBytes bounds any other text field of a proposal (the
	// longest is a node address).
	MaxProposalTextBytes = MaxAddressBytes
	// MaxMetadataKeyBytes bounds an evidence metadata key (values are
	// bounded only by the chain's max_evidence_metadata_bytes).
	MaxMetadataKeyBytes = 128
	// MaxCertPEMBytes bounds one PEM certificate (an RSA-8192 certificate
	// with a long subject stays below it; Ed25519 and ECDSA ones are under 1 KiB).
	MaxCertPEMBytes = 4096
	// MaxSerialHexChars bounds a certificate serial to revoke (RFC 5280
	// allows 20 octets, 40 hex digits; some CAs exceed it).
	MaxSerialHexChars = 64
)

// Reserved evidence metadata keys that name organisations. Execution
// refuses a deposit whose value for them names an org that is not a member.
const (
	// EvidenceMetaOrg names the org that deposited the evidence through
	// the evidence service.
	EvidenceMetaOrg = "causeway.org"
	// EvidenceMetaReaders lists, comma-separated, the other orgs that may
	// read the evidence.
	EvidenceMetaReaders = "causeway.readers"
)

// PrintableRune reports whether r may appear in user-supplied text stored
// on chain.
//
// The rule is fixed here, not taken from unicode.IsPrint, whose answer
// depends on the Unicode tables of the Go release that built the node: two
// nodes built with different releases must never disagree. It refuses
// control characters (U+0000–U+001F, U+007F–U+009F: they move the cursor,
// erase or recolour a terminal, or forge extra lines in output and logs),
// invisible and direction-changing format characters (soft hyphen, zero
// width characters, bidirectional marks, embeddings, overrides and
// isolates, line and paragraph separators, the byte order mark,
// interlinear annotation marks: they make a text read differently from
// what it is), and noncharacters. Every other character, space and all
// scripts included, is allowed.
func PrintableRune(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f: // C0 and C1 controls, DEL
		return false
	case r == 0xad: // soft hyphen
		return false
	case r == 0x061c: // Arabic letter mark
		return false
	case r >= 0x200b && r <= 0x200f: // zero-width space/joiners, LRM, RLM
		return false
	case r >= 0x2028 && r <= 0x202e: // line/paragraph separators, embeddings, overrides
		return false
	case r >= 0x2060 && r <= 0x206f: // word joiner, invisible operators, isolates, deprecated formats
		return false
	case r == 0xfeff: // byte order mark
		return false
	case r >= 0xfff9 && r <= 0xfffb: // interlinear annotation
		return false
	case r >= 0xfdd0 && r <= 0xfdef, r&0xfffe == 0xfffe: // noncharacters
		return false
	}
	return true
}

// CheckText checks that s, the field described by what, is at most max
// bytes of valid UTF-8 made of PrintableRune characters. It may be empty.
// Oversize text is CodeTooLarge, anything else CodeInvalidText.
func CheckText(what, s string, max int) *TxError {
	if len(s) > max {
		return Errorf(CodeTooLarge, "%s is %d bytes, the limit is %d", what, len(s), max)
	}
	if !utf8.ValidString(s) {
		return Errorf(CodeInvalidText, "%s is not valid UTF-8", what)
	}
	for i, r := range s {
		if !PrintableRune(r) {
			return Errorf(CodeInvalidText, "%s has the refused character %U at byte %d (control, invisible and direction-changing characters are not allowed)", what, r, i)
		}
	}
	return nil
}

// EscapeText returns s with every byte sequence that is not valid UTF-8 and
// every character PrintableRune refuses replaced by a Go escape (\x1b,
// \u202e): for text a transaction cannot be refused for, such as a
// contract's revert reason, before it is stored in a receipt. Printable
// text is returned unchanged.
func EscapeText(s string) string {
	if CheckText("", s, len(s)) == nil {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, "\\x%02x", s[i])
		case !PrintableRune(r) && r < 0x100:
			fmt.Fprintf(&b, "\\x%02x", r)
		case !PrintableRune(r) && r < 0x10000:
			fmt.Fprintf(&b, "\\u%04x", r)
		case !PrintableRune(r):
			fmt.Fprintf(&b, "\\U%08x", r)
		default:
			b.WriteRune(r)
		}
		i += n
	}
	return b.String()
}

// CheckName checks a name: not empty, and CheckText with max bytes.
func CheckName(what, name string, max int) *TxError {
	if name == "" {
		return Errorf(CodeInvalidPayload, "%s is empty", what)
	}
	return CheckText(what, name, max)
}

// CheckOrgName checks an org name: a name of at most MaxOrgNameBytes
// without spaces, commas or slashes (org names are listed comma-separated
// in evidence readers and appear in paths and certificate subjects).
func CheckOrgName(name string) *TxError {
	if terr := CheckName("org name", name, MaxOrgNameBytes); terr != nil {
		return terr
	}
	if i := strings.IndexAny(name, " ,/"); i >= 0 {
		return Errorf(CodeInvalidText, "org name %q has %q at byte %d: spaces, commas and slashes are not allowed", name, name[i], i)
	}
	return nil
}

// CheckAddress checks a node's peer address: host:port, at most
// MaxAddressBytes of printable text without spaces, with a non-empty host
// and a decimal port up to 65535.
func CheckAddress(what, addr string) *TxError {
	if terr := CheckName(what, addr, MaxAddressBytes); terr != nil {
		return terr
	}
	if strings.ContainsAny(addr, " ") {
		return Errorf(CodeInvalidText, "%s %q has a space", what, addr)
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil || host == "" {
		return Errorf(CodeInvalidPayload, "%s %q is not host:port", what, addr)
	}
	if n, err := strconv.ParseUint(port, 10, 16); err != nil || strconv.FormatUint(n, 10) != port {
		return Errorf(CodeInvalidPayload, "%s %q has port %q, not a number up to 65535", what, addr, port)
	}
	return nil
}

// CheckCertPEM checks the shape of a PEM certificate field: at most
// MaxCertPEMBytes, exactly one CERTIFICATE block without headers, and
// nothing but whitespace around it (no text smuggled in beside the
// certificate). It does not parse the certificate.
func CheckCertPEM(what, p string) *TxError {
	if len(p) > MaxCertPEMBytes {
		return Errorf(CodeTooLarge, "%s is %d bytes of PEM, the limit is %d", what, len(p), MaxCertPEMBytes)
	}
	blk, rest := pem.Decode([]byte(p))
	if blk == nil || blk.Type != "CERTIFICATE" || len(blk.Headers) != 0 {
		return Errorf(CodeInvalidPayload, "%s is not exactly one PEM CERTIFICATE block", what)
	}
	if len(bytes.TrimSpace(rest)) != 0 || !strings.HasPrefix(strings.TrimSpace(p), "-----BEGIN CERTIFICATE-----") || strings.Count(p, "-----BEGIN") != 1 {
		return Errorf(CodeInvalidPayload, "%s must be exactly one PEM CERTIFICATE block and nothing else", what)
	}
	return nil
}

// CheckMetadata checks evidence metadata: every key non-empty, at most
// MaxMetadataKeyBytes, unique, and keys and values printable text
// (CheckText); keys plus values at most maxBytes together (CodeTooLarge).
func CheckMetadata(md []*Attribute, maxBytes int) *TxError {
	size := 0
	for i, a := range md {
		if a == nil || a.Key == "" {
			return Errorf(CodeInvalidPayload, "metadata entry %d has an empty key", i)
		}
		size += len(a.Key) + len(a.Value)
	}
	if size > maxBytes {
		return Errorf(CodeTooLarge, "metadata is %d bytes, the limit is %d", size, maxBytes)
	}
	seen := make(map[string]struct{}, len(md)) // membership only, never iterated
	for i, a := range md {
		if terr := CheckText(fmt.Sprintf("metadata key %d", i), a.Key, MaxMetadataKeyBytes); terr != nil {
			return terr
		}
		if terr := CheckText(fmt.Sprintf("metadata value of %q", a.Key), a.Value, maxBytes); terr != nil {
			return terr
		}
		if _, dup := seen[a.Key]; dup {
			return Errorf(CodeInvalidPayload, "metadata key %q appears more than once", a.Key)
		}
		seen[a.Key] = struct{}{}
	}
	return nil
}

// SplitReaders parses an EvidenceMetaReaders value: org names separated by
// commas, each a valid org name, none repeated.
func SplitReaders(v string) ([]string, *TxError) {
	parts := strings.Split(v, ",")
	seen := make(map[string]struct{}, len(parts)) // membership only, never iterated
	for i, o := range parts {
		if terr := CheckOrgName(o); terr != nil {
			return nil, Errorf(terr.Code, "%s entry %d: %s", EvidenceMetaReaders, i, terr.Reason)
		}
		if _, dup := seen[o]; dup {
			return nil, Errorf(CodeInvalidPayload, "%s lists org %q twice", EvidenceMetaReaders, o)
		}
		seen[o] = struct{}{}
	}
	return parts, nil
}

// CheckProposal checks the user-supplied content of a proposal, whatever
// its action: its encoding is at most MaxProposalBytes (so that every
// governance transaction fits in max_tx_bytes' floor); every certificate
// field (a string field whose name contains "cert" or "pem") passes
// CheckCertPEM; the
// description passes CheckText with MaxDescriptionBytes, every other string
// field with MaxProposalTextBytes; org names pass CheckOrgName and node
// addresses CheckAddress. New actions are covered by the size, certificate
// and text rules without change here.
func CheckProposal(p *Proposal) *TxError {
	if p == nil {
		return Errorf(CodeInvalidPayload, "the proposal is missing")
	}
	if n := proto.Size(p); n > MaxProposalBytes {
		return Errorf(CodeTooLarge, "the proposal is %d bytes, the limit is %d (add further nodes of a new org with add_node)", n, MaxProposalBytes)
	}
	if terr := checkStrings(p.ProtoReflect(), ""); terr != nil {
		return terr
	}
	switch a := p.Action.(type) {
	case *Proposal_AddOrg:
		if terr := CheckOrgName(a.AddOrg.GetName()); terr != nil {
			return terr
		}
		for i, n := range a.AddOrg.GetNodes() {
			if terr := CheckAddress(fmt.Sprintf("address of node %d", i), n.GetAddress()); terr != nil {
				return terr
			}
		}
	case *Proposal_AddNode:
		if terr := CheckAddress("node address", a.AddNode.GetNode().GetAddress()); terr != nil {
			return terr
		}
	case *Proposal_RevokeCert:
		if len(a.RevokeCert.GetSerial()) > MaxSerialHexChars {
			return Errorf(CodeTooLarge, "serial is %d characters, at most %d hex digits", len(a.RevokeCert.GetSerial()), MaxSerialHexChars)
		}
	case *Proposal_SetOrgEncryptionKey, *Proposal_SetReaderGroup, *Proposal_RemoveReaderGroup:
		return checkSealProposal(p)
	case *Proposal_RegisterLightClient:
		return checkRegisterLightClient(a.RegisterLightClient)
	case *Proposal_RemoveLightClient:
		if id := a.RemoveLightClient.GetChainId(); id == "" || len(id) > MaxChainIDBytes {
			return Errorf(CodeInvalidPayload, "chain id is %d bytes, it must be 1 to %d", len(id), MaxChainIDBytes)
		}
	case *Proposal_AuthorizeMessageChannel:
		c := a.AuthorizeMessageChannel
		return checkMessageChannel(c.GetRemoteChainId(), c.GetLocalContract(), c.GetRemoteContract())
	case *Proposal_RevokeMessageChannel:
		c := a.RevokeMessageChannel
		return checkMessageChannel(c.GetRemoteChainId(), c.GetLocalContract(), c.GetRemoteContract())
	case *Proposal_SetAuditor:
		if n := len(a.SetAuditor.GetPublicKey()); n == 0 || n > MaxEncryptionPublicKeyBytes {
			return Errorf(CodeInvalidPayload, "auditor encryption public key is %d bytes, it must be 1 to %d", n, MaxEncryptionPublicKeyBytes)
		}
		if n := len(a.SetAuditor.GetAccount()); n != HashSize {
			return Errorf(CodeInvalidPayload, "auditor account is %d bytes, want a %d-byte account identity", n, HashSize)
		}
	}
	return nil
}

// checkStrings applies the text and certificate rules to every string field
// set in m and in the messages it holds; path names the field in errors.
func checkStrings(m protoreflect.Message, path string) *TxError {
	var terr *TxError
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		name := path + string(fd.Name())
		switch {
		case fd.Kind() == protoreflect.MessageKind && fd.IsList():
			l := v.List()
			for i := 0; i < l.Len() && terr == nil; i++ {
				terr = checkStrings(l.Get(i).Message(), fmt.Sprintf("%s[%d].", name, i))
			}
		case fd.Kind() == protoreflect.MessageKind && !fd.IsMap():
			terr = checkStrings(v.Message(), name+".")
		case fd.Kind() == protoreflect.StringKind && fd.IsList():
			l := v.List()
			for i := 0; i < l.Len() && terr == nil; i++ {
				terr = checkString(fmt.Sprintf("%s[%d]", name, i), l.Get(i).String())
			}
		case fd.Kind() == protoreflect.StringKind && !fd.IsMap():
			terr = checkString(name, v.String())
		}
		return terr == nil
	})
	return terr
}

// fieldName returns the last field name of a path such as "add_org.nodes[0].tls_cert".
func fieldName(path string) string {
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		path = path[i+1:]
	}
	if i := strings.IndexByte(path, '['); i >= 0 {
		path = path[:i]
	}
	return path
}

// certKind names the certificate a field holds, for messages.
func certKind(field string) string {
	switch {
	case strings.Contains(field, "tls"):
		return "TLS certificate"
	case strings.Contains(field, "sign"):
		return "signing certificate"
	case strings.Contains(field, "ca"):
		return "CA certificate"
	}
	return "certificate"
}

func checkString(name, s string) *TxError {
	switch {
	case strings.Contains(fieldName(name), "cert"), strings.Contains(fieldName(name), "pem"):
		return CheckCertPEM(fmt.Sprintf("%s (%s)", name, certKind(fieldName(name))), s)
	case name == "description":
		return CheckText(name, s, MaxDescriptionBytes)
	default:
		return CheckText(name, s, MaxProposalTextBytes)
	}
}

// CheckProposalPayload is the part of a PROPOSE transaction's checks that
// needs no state, for admission: the payload decodes to a Proposal that
// passes CheckProposal and, for update_param, the new value is within its
// bounds and consistent with params (the parameters in force). Execution
// checks all of it again, with everything else.
func CheckProposalPayload(payload []byte, params ChainParams) *TxError {
	p := &Proposal{}
	if err := proto.Unmarshal(payload, p); err != nil {
		return Errorf(CodeMalformed, "cannot decode the proposal: %v", err)
	}
	if terr := CheckProposal(p); terr != nil {
		return terr
	}
	if u, ok := p.Action.(*Proposal_UpdateParam); ok {
		if err := params.SetParam(u.UpdateParam.GetName(), u.UpdateParam.GetValue()); err != nil {
			var te *TxError
			if errors.As(err, &te) {
				return te
			}
			return Errorf(CodeInvalidPayload, "%v", err)
		}
	}
	return nil
}

// CheckNodeDistinct checks that node n shares neither its address nor any
// of its keys with another node of nodes (entries with n's id are
// skipped), and that n does not use one key both for TLS and for signing.
// The keys of a node are those of its current and, during a rotation's
// overlap, its retiring TLS and signing certificates, and they are compared
// across kinds: two node ids behind one signing key would let one
// key-holder count twice towards a commit quorum, two behind one TLS key
// would make peers indistinguishable, and a key that is one node's TLS key
// and another's signing key would let the first node's TLS signatures be
// replayed where the second's consensus signatures are expected. Keys are
// compared by their SubjectPublicKeyInfo, so a second certificate for the
// same key is caught too; SPKIs are read from the DER structure, so any
// key algorithm (SM2 included) is compared. A certificate that does not
// parse is CodeInvalidPayload.
func CheckNodeDistinct(nodes []GenesisNode, n GenesisNode) *TxError {
	mine, terr := nodeKeys(n)
	if terr != nil {
		return terr
	}
	for i, a := range mine {
		for _, b := range mine[i+1:] {
			if a.kind != b.kind && bytes.Equal(a.spki, b.spki) {
				return Errorf(CodeDuplicate, "node %d uses one key as its %s key and as its %s key", n.ID, a.kind, b.kind)
			}
		}
	}
	for _, o := range nodes {
		if o.ID == n.ID {
			continue
		}
		if strings.EqualFold(o.Address, n.Address) {
			return Errorf(CodeDuplicate, "node %d has the address %q of node %d", n.ID, n.Address, o.ID)
		}
		theirs, terr := nodeKeys(o)
		if terr != nil {
			return terr
		}
		for _, a := range mine {
			for _, b := range theirs {
				if !bytes.Equal(a.spki, b.spki) {
					continue
				}
				if a.kind == "signing" && b.kind == "signing" {
					return Errorf(CodeDuplicate, "node %d's signing key is a signing key of node %d: one key would count twice towards a quorum", n.ID, o.ID)
				}
				return Errorf(CodeDuplicate, "node %d's %s key is a %s key of node %d", n.ID, a.kind, b.kind, o.ID)
			}
		}
	}
	return nil
}

// nodeKey is one public key of a node: its kind ("TLS" or "signing") and
// its certificate's SubjectPublicKeyInfo (DER).
type nodeKey struct {
	kind string
	spki []byte
}

// nodeKeys returns the keys of n's current and retiring certificates.
func nodeKeys(n GenesisNode) ([]nodeKey, *TxError) {
	var out []nodeKey
	for _, c := range []struct{ kind, what, pem string }{
		{"TLS", "TLS", n.TLSCert}, {"signing", "signing", n.SignCert},
		{"TLS", "retiring TLS", n.RetiringTLSCert}, {"signing", "retiring signing", n.RetiringSignCert},
	} {
		if c.pem == "" && strings.HasPrefix(c.what, "retiring") {
			continue
		}
		spki, err := certSPKI(c.pem)
		if err != nil {
			return nil, Errorf(CodeInvalidPayload, "node %d %s certificate: %v", n.ID, c.what, err)
		}
		out = append(out, nodeKey{kind: c.kind, spki: spki})
	}
	return out, nil
}

// certSPKI returns the SubjectPublicKeyInfo (DER) of the PEM certificate
// p, read from the certificate's ASN.1 structure (RFC 5280 4.1) without
// interpreting the key, so that keys crypto/x509 does not know (SM2)
// compare too.
func certSPKI(p string) ([]byte, error) {
	blk, _ := pem.Decode([]byte(p))
	if blk == nil || blk.Type != "CERTIFICATE" {
		return nil, errors.New("not a PEM certificate")
	}
	var cert struct {
		TBS struct {
			Version   asn1.RawValue `asn1:"optional,explicit,tag:0"`
			Serial    asn1.RawValue
			SigAlg    asn1.RawValue
			Issuer    asn1.RawValue
			Validity  asn1.RawValue
			Subject   asn1.RawValue
			PublicKey asn1.RawValue
		}
		SigAlg asn1.RawValue
		Sig    asn1.BitString
	}
	rest, err := asn1.Unmarshal(blk.Bytes, &cert)
	if err != nil {
		return nil, fmt.Errorf("malformed certificate: %v", err)
	}
	if len(rest) != 0 {
		return nil, errors.New("trailing data after the certificate")
	}
	if cert.TBS.PublicKey.Tag != asn1.TagSequence || len(cert.TBS.PublicKey.FullBytes) == 0 {
		return nil, errors.New("malformed subject public key")
	}
	return cert.TBS.PublicKey.FullBytes, nil
}

// checkRegisterLightClient checks the sizes of a register_light_client
// action; execution checks the genesis itself.
func checkRegisterLightClient(r *RegisterLightClient) *TxError {
	if id := r.GetChainId(); id == "" || len(id) > MaxChainIDBytes {
		return Errorf(CodeInvalidPayload, "chain id is %d bytes, it must be 1 to %d", len(id), MaxChainIDBytes)
	}
	if n := len(r.GetGenesis()); n == 0 || n > MaxLightClientGenesisBytes {
		if n > 0 {
			return Errorf(CodeTooLarge, "the remote genesis is %d bytes, the limit is %d", n, MaxLightClientGenesisBytes)
		}
		return Errorf(CodeInvalidPayload, "the remote genesis is missing")
	}
	if n := len(r.GetGenesisHash()); n != HashSize {
		return Errorf(CodeInvalidPayload, "genesis hash is %d bytes, want %d", n, HashSize)
	}
	return nil
}

// checkMessageChannel checks the fields of a message channel action: a
// chain id of 1..MaxChainIDBytes bytes and two 20-byte addresses.
func checkMessageChannel(chain string, local, remote []byte) *TxError {
	if chain == "" || len(chain) > MaxChainIDBytes {
		return Errorf(CodeInvalidPayload, "remote chain id is %d bytes, it must be 1 to %d", len(chain), MaxChainIDBytes)
	}
	if len(local) != 20 || len(remote) != 20 {
		return Errorf(CodeInvalidPayload, "local and remote contracts must be 20-byte addresses, got %d and %d bytes", len(local), len(remote))
	}
	return nil
}
