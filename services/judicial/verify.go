package judicial

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/causeway/causeway/services/evidence"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify"
)

// Kinds of package failure: errors.Is(err, ErrManifestChanged). The
// *Error carries the deposit and the field.
var (
	// ErrMalformed: the package, its manifest or a certificate does not
	// decode, or the package does not hold one certificate per deposit.
	ErrMalformed = errors.New("malformed package")
	// ErrUntrustedGenesis: a chain the package (or a certificate in it)
	// is anchored on starts from a genesis the verifier does not trust.
	ErrUntrustedGenesis = errors.New("genesis not trusted")
	// ErrSeal: the seal's certificate does not verify.
	ErrSeal = errors.New("the package's seal does not verify")
	// ErrManifestChanged: the manifest is not the one sealed at export.
	ErrManifestChanged = errors.New("the manifest is not the one sealed at export")
	// ErrSummaryChanged: the PDF summary is not the one sealed at export.
	ErrSummaryChanged = errors.New("the PDF summary is not the one sealed at export")
	// ErrCertificate: a deposit's certificate does not verify against the
	// chains' geneses (the wrapped evidence error says which field, which
	// proof).
	ErrCertificate = errors.New("certificate of deposit does not verify")
	// ErrAnchorMissing: a certificate lacks an anchor on a chain the
	// manifest lists for its deposit, or has one it does not list.
	ErrAnchorMissing = errors.New("anchors differ from the manifest")
	// ErrWrongDeposit: a certificate is of another deposit, or shows other
	// content, than the manifest lists at its place.
	ErrWrongDeposit = errors.New("certificate is not the deposit the manifest lists")
	// ErrCertificateChanged: a certificate verifies but is not, byte for
	// byte, the one sealed at export (a field no proof covers changed).
	ErrCertificateChanged = errors.New("certificate is not the one sealed at export")
)

// Error is why a package does not verify: its Kind (one of the Err
// values), the deposit it concerns (Deposit, the evidence id, and Label,
// the document's name; empty for the package as a whole), the Field of the
// package where it failed ("certificates[1].anchors[0].tx_proof.next.
// signatures[2]", "manifest", "summary_pdf") and, wrapped, the
// evidence or verify error it comes from.
type Error struct {
	Kind    error
	Deposit string
	Label   string
	Field   string
	Detail  string
	Err     error
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Deposit != "" {
		fmt.Fprintf(&b, "deposit %s", e.Deposit)
		if e.Label != "" {
			fmt.Fprintf(&b, " (%s)", e.Label)
		}
		b.WriteString(": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(e.Kind.Error())
	if e.Detail != "" {
		b.WriteString(": " + e.Detail)
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

// Is reports whether target is e's Kind.
func (e *Error) Is(target error) bool { return target == e.Kind }

// Unwrap returns the underlying error (an evidence or verify error).
func (e *Error) Unwrap() error { return e.Err }

// Code is a short machine-readable name of the error's kind.
func (e *Error) Code() string {
	codes := map[error]string{ErrMalformed: "malformed", ErrUntrustedGenesis: "untrusted_genesis", ErrSeal: "seal",
		ErrManifestChanged: "manifest_changed", ErrSummaryChanged: "summary_changed", ErrCertificate: "certificate",
		ErrAnchorMissing: "anchor_mismatch", ErrWrongDeposit: "wrong_deposit", ErrCertificateChanged: "certificate_changed"}
	if c, ok := codes[e.Kind]; ok {
		return c
	}
	return "invalid"
}

// Report is what a verified package shows.
type Report struct {
	// Valid is true when everything holds.
	Valid      bool   `json:"valid"`
	Case       string `json:"case,omitempty"`
	Title      string `json:"title,omitempty"`
	ExportedBy string `json:"exported_by,omitempty"`
	ExportedAt string `json:"exported_at,omitempty"`
	// Chains are the package's chains, each checked against a trusted
	// genesis.
	Chains []ChainRef `json:"chains,omitempty"`
	// Seal is what the seal's certificate shows: who deposited the
	// manifest's digest, when, on which chains.
	Seal *evidence.Report `json:"seal,omitempty"`
	// SummaryChecked: the PDF summary is the one sealed.
	SummaryChecked bool `json:"summary_checked"`
	// Deposits are the deposits checked so far (all when Valid).
	Deposits []DepositReport `json:"deposits"`
	// Error, Code, Cause (the evidence error's code, for a certificate
	// that does not verify), Deposit and Field say why it is not valid.
	Error   string `json:"error,omitempty"`
	Code    string `json:"code,omitempty"`
	Cause   string `json:"cause,omitempty"`
	Deposit string `json:"deposit,omitempty"`
	Field   string `json:"field,omitempty"`
}

// DepositReport is one verified deposit: who deposited what and when, on
// which chains (evidence.Report: the record, and per chain its block and
// the nodes that certified it).
type DepositReport struct {
	Label string `json:"label"`
	*evidence.Report
}

// VerifyPackage checks an evidence package offline against the geneses
// the verifier trusts, and returns what it shows. It checks, in order:
// the format and the manifest; that every chain of the manifest starts
// from a trusted genesis; the seal (the manifest's digest deposited on
// the chains, evidence.Verify); the PDF summary's digest; then, per
// deposit, its certificate (evidence.Verify against the trusted geneses
// of the package's chains), that it is the deposit the manifest lists at
// its place, anchored on exactly the chains listed, and that it is the
// certificate sealed byte for byte. The error, nil only if everything
// holds, is an *Error; the report is returned even on failure, as far as
// it got.
func VerifyPackage(p *Package, trusted []*types.Genesis) (*Report, error) {
	rep := &Report{Deposits: []DepositReport{}}
	err := verifyPackage(p, trusted, rep)
	if err != nil {
		rep.Valid = false
		rep.Error = err.Error()
		var pe *Error
		if errors.As(err, &pe) {
			rep.Code, rep.Deposit, rep.Field = pe.Code(), pe.Deposit, pe.Field
		}
		return rep, err
	}
	rep.Valid = true
	return rep, nil
}

func verifyPackage(p *Package, trusted []*types.Genesis, rep *Report) error {
	if p == nil || p.Format != Format {
		f := ""
		if p != nil {
			f = p.Format
		}
		return &Error{Kind: ErrMalformed, Field: "format", Detail: fmt.Sprintf("format %q, want %q", f, Format)}
	}
	m := &Manifest{}
	dec := json.NewDecoder(bytes.NewReader(p.Manifest))
	dec.DisallowUnknownFields()
	if err := dec.Decode(m); err != nil {
		return &Error{Kind: ErrMalformed, Field: "manifest", Detail: "the manifest does not decode", Err: err}
	}
	if m.Format != ManifestFormat {
		return &Error{Kind: ErrMalformed, Field: "manifest.format", Detail: fmt.Sprintf("format %q, want %q", m.Format, ManifestFormat)}
	}
	rep.Case, rep.Title, rep.ExportedBy, rep.ExportedAt = m.Case, m.Title, m.ExportedBy, m.ExportedAt
	// The chains: each must start from a trusted genesis.
	if len(m.Chains) == 0 {
		return &Error{Kind: ErrMalformed, Field: "manifest.chains", Detail: "the manifest lists no chain"}
	}
	var gs []*types.Genesis
	for i, c := range m.Chains {
		g := genesisFor(trusted, c.GenesisHash)
		if g == nil {
			return &Error{Kind: ErrUntrustedGenesis, Field: fmt.Sprintf("manifest.chains[%d]", i),
				Detail: fmt.Sprintf("chain %q starts from genesis %s, which is not among the %d trusted geneses: give its genesis file", c.ChainID, c.GenesisHash, len(trusted))}
		}
		if g.ChainID != c.ChainID {
			return &Error{Kind: ErrUntrustedGenesis, Field: fmt.Sprintf("manifest.chains[%d].chain_id", i),
				Detail: fmt.Sprintf("the manifest names chain %q, the trusted genesis %s is of chain %q", c.ChainID, c.GenesisHash, g.ChainID)}
		}
		gs = append(gs, g)
	}
	rep.Chains = m.Chains
	// The seal: the manifest's digest, deposited on the chains.
	seal, err := evidence.ParseCertificate(p.Seal)
	if err != nil {
		return &Error{Kind: ErrMalformed, Field: "seal", Detail: "the seal is not a certificate of deposit", Err: err}
	}
	digest, err := p.ManifestDigest()
	if err != nil {
		return &Error{Kind: ErrMalformed, Field: "manifest", Err: err}
	}
	srep, err := evidence.Verify(seal, evidence.VerifyOptions{Geneses: gs, Hash: digest})
	rep.Seal = srep
	if err != nil {
		if errors.Is(err, evidence.ErrFileMismatch) {
			return &Error{Kind: ErrManifestChanged, Field: "manifest",
				Detail: fmt.Sprintf("its digest is %x; the seal, deposited by %s at %s on %s, holds %s", digest, sealWho(seal), seal.Evidence.Time,
					strings.Join(anchorChains(seal), ", "), seal.Evidence.Hash)}
		}
		rep.Cause = srep.Code
		return &Error{Kind: ErrSeal, Field: "seal." + pathOf(err), Err: err}
	}
	if seal.Evidence.Metadata["type"] != SealType || seal.Evidence.Metadata["case"] != m.Case {
		return &Error{Kind: ErrSeal, Field: "seal.evidence.metadata",
			Detail: fmt.Sprintf("the seal is of type %q for case %q, want type %q for case %q", seal.Evidence.Metadata["type"], seal.Evidence.Metadata["case"], SealType, m.Case)}
	}
	// The summary.
	if sum := sha256.Sum256(p.Summary); hex.EncodeToString(sum[:]) != m.SummarySHA256 {
		return &Error{Kind: ErrSummaryChanged, Field: "summary_pdf",
			Detail: fmt.Sprintf("its SHA-256 is %x, the sealed manifest says %s", sum, m.SummarySHA256)}
	}
	rep.SummaryChecked = true
	// The deposits.
	if len(p.Certificates) != len(m.Deposits) {
		return &Error{Kind: ErrMalformed, Field: "certificates",
			Detail: fmt.Sprintf("%d certificates, the sealed manifest lists %d deposits", len(p.Certificates), len(m.Deposits))}
	}
	for i, raw := range p.Certificates {
		e := m.Deposits[i]
		fail := func(kind error, field, detail string, err error) error {
			return &Error{Kind: kind, Deposit: e.ID, Label: e.Label, Field: fmt.Sprintf("certificates[%d]", i) + field, Detail: detail, Err: err}
		}
		c, err := evidence.ParseCertificate(raw)
		if err != nil {
			return fail(ErrMalformed, "", "not a certificate of deposit", err)
		}
		dr, err := evidence.Verify(c, evidence.VerifyOptions{Geneses: gs})
		if err != nil {
			kind := ErrCertificate
			if errors.Is(err, evidence.ErrNoGenesis) {
				kind = ErrUntrustedGenesis
			}
			rep.Cause = dr.Code
			return fail(kind, "."+pathOf(err), "", err)
		}
		// The deposit the manifest lists at this place.
		switch {
		case c.Evidence.ID != e.ID:
			return fail(ErrWrongDeposit, ".evidence.id", fmt.Sprintf("the certificate is of deposit %s (%s), the manifest lists %s here", c.Evidence.ID, labelOf(c.Evidence.Metadata), e.ID), nil)
		case c.Evidence.Hash != e.Hash || c.Evidence.HashAlgorithm != e.HashAlgorithm:
			return fail(ErrWrongDeposit, ".evidence.hash", fmt.Sprintf("the certificate proves digest %s:%s, the manifest lists %s:%s", c.Evidence.HashAlgorithm, c.Evidence.Hash, e.HashAlgorithm, e.Hash), nil)
		}
		var chains []string
		for _, a := range c.Anchors {
			chains = append(chains, a.ChainID)
		}
		for _, want := range e.Chains {
			if !slices.Contains(chains, want) {
				return fail(ErrAnchorMissing, ".anchors", fmt.Sprintf("the manifest lists an anchor on chain %s, the certificate has none (it is anchored on %s)", want, strings.Join(chains, ", ")), nil)
			}
		}
		for j, got := range chains {
			if !slices.Contains(e.Chains, got) {
				return fail(ErrAnchorMissing, fmt.Sprintf(".anchors[%d]", j), fmt.Sprintf("the certificate is anchored on chain %s, which the manifest does not list for it", got), nil)
			}
		}
		if !slices.Equal(chains, e.Chains) {
			return fail(ErrAnchorMissing, ".anchors", fmt.Sprintf("anchors in the order %v, the manifest lists %v", chains, e.Chains), nil)
		}
		d, err := Digest(raw)
		if err != nil {
			return fail(ErrMalformed, "", "", err)
		}
		if hex.EncodeToString(d) != e.CertificateSHA256 {
			return fail(ErrCertificateChanged, "", fmt.Sprintf("its digest is %x, the sealed manifest says %s (a field no proof covers, such as issued_at, changed)", d, e.CertificateSHA256), nil)
		}
		rep.Deposits = append(rep.Deposits, DepositReport{Label: e.Label, Report: dr})
	}
	return nil
}

// pathOf is the path of a verify error ("" if none).
func pathOf(err error) string {
	var ve *verify.Error
	if errors.As(err, &ve) {
		return ve.Path
	}
	return ""
}

func genesisFor(gs []*types.Genesis, hash string) *types.Genesis {
	for _, g := range gs {
		if h := g.Hash(); strings.EqualFold(h.String(), hash) {
			return g
		}
	}
	return nil
}

func anchorChains(c *evidence.Certificate) []string {
	var out []string
	for _, a := range c.Anchors {
		out = append(out, a.ChainID)
	}
	return out
}

func sealWho(c *evidence.Certificate) string {
	if c.Evidence.Org != "" {
		return fmt.Sprintf("%s of org %s", c.Evidence.Depositor, c.Evidence.Org)
	}
	return "account " + c.Evidence.Owner
}
