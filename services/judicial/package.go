package judicial

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/services/evidence"
	"github.com/causeway/causeway/types"
)

// Format names the evidence package format; VerifyPackage refuses others.
const Format = "causeway-evidence-package/v1"

// ManifestFormat names the manifest's format.
const ManifestFormat = "causeway-evidence-package-manifest/v1"

// SealType is the metadata "type" of the deposit that seals a package's
// manifest.
const SealType = "evidence-package"

// Package is an evidence package: one JSON document (see the package
// documentation for why one JSON rather than an archive).
type Package struct {
	Format string `json:"format"`
	// Manifest is the manifest's JSON (a Manifest). Its digest, the
	// SHA-256 of its compact form (ManifestDigest), is what Seal deposits:
	// the manifest is checked as sealed, byte for byte but whitespace.
	Manifest json.RawMessage `json:"manifest"`
	// Certificates holds the certificate of deposit of each deposit the
	// manifest lists, in its order (evidence.Certificate JSON, unchanged).
	Certificates []json.RawMessage `json:"certificates"`
	// Seal is the certificate of deposit of the manifest's digest,
	// deposited by the exporting party on the package's chains at export.
	Seal json.RawMessage `json:"seal"`
	// Summary is the human-readable PDF summary (base64 in JSON); the
	// manifest holds its SHA-256.
	Summary []byte `json:"summary_pdf"`
}

// Manifest says what the package holds: the chains (with the genesis each
// is expected to start from), the deposits with what their certificates
// show, the digest of each certificate and of the PDF summary.
type Manifest struct {
	Format string `json:"format"`
	// Case is the case (or dispute) reference; Title describes it.
	Case  string `json:"case"`
	Title string `json:"title,omitempty"`
	// ExportedBy is "NAME (org ORG)" of the exporting caller; ExportedAt
	// the export time (RFC 3339). Neither is proven by the manifest
	// itself: the seal's certificate proves who deposited it and when.
	ExportedBy string `json:"exported_by"`
	ExportedAt string `json:"exported_at"`
	// Chains are the chains the deposits are anchored on.
	Chains []ChainRef `json:"chains"`
	// Deposits are the deposits, in the order of Package.Certificates.
	Deposits []Entry `json:"deposits"`
	// SummarySHA256 is the SHA-256 (hex) of Package.Summary.
	SummarySHA256 string `json:"summary_sha256"`
}

// ChainRef is a chain and the hash of the genesis it starts from.
type ChainRef struct {
	ChainID     string `json:"chain_id"`
	GenesisHash string `json:"genesis_hash"`
}

// Entry is one deposit as the manifest lists it.
type Entry struct {
	// ID is the evidence id (the deposit's transaction hash on its primary
	// chain).
	ID string `json:"id"`
	// Label names the document for people (its file_name metadata, else
	// its type).
	Label         string `json:"label"`
	Hash          string `json:"hash"`
	HashAlgorithm string `json:"hash_algorithm"`
	Org           string `json:"org,omitempty"`
	Depositor     string `json:"depositor,omitempty"`
	Time          string `json:"time"`
	// Chains are the chains the deposit is anchored on, in the
	// certificate's order: the certificate must hold an anchor on each.
	Chains []string `json:"chains"`
	// CertificateSHA256 is the SHA-256 (hex) of the certificate's compact
	// JSON.
	CertificateSHA256 string `json:"certificate_sha256"`
}

// Digest is the SHA-256 of a JSON value's compact form (insignificant
// whitespace removed), which does not change when the package is
// re-indented.
func Digest(raw []byte) ([]byte, error) {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return nil, err
	}
	d := sha256.Sum256(b.Bytes())
	return d[:], nil
}

// ManifestDigest is the digest of the package's manifest: what its seal
// deposits.
func (p *Package) ManifestDigest() ([]byte, error) { return Digest(p.Manifest) }

// JSON returns the package as indented JSON: the file a party hands over.
func (p *Package) JSON() ([]byte, error) { return json.MarshalIndent(p, "", "  ") }

// Parse decodes a package's JSON; it refuses unknown members.
func Parse(b []byte) (*Package, error) {
	p := &Package{}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(p); err != nil {
		return nil, &Error{Kind: ErrMalformed, Detail: "not an evidence package", Err: err}
	}
	return p, nil
}

// IsPackage reports whether b looks like an evidence package (a JSON
// object whose format is Format), as opposed to a single certificate.
func IsPackage(b []byte) bool {
	var h struct {
		Format string `json:"format"`
	}
	return json.Unmarshal(b, &h) == nil && h.Format == Format
}

// ExportOptions describe an export.
type ExportOptions struct {
	// Case is the case reference (required); Title describes the dispute.
	Case, Title string
	// Now is the export clock (default time.Now).
	Now func() time.Time
	// Parallel bounds the certificates fetched at once (default 8).
	Parallel int
	// Timings, if set, receives how long each step took.
	Timings *ExportTimings
}

// ExportTimings are the steps of an export, in milliseconds: fetching the
// certificates (with their proofs on every chain), writing the summary,
// and sealing (depositing the manifest's digest and getting its
// certificate, which waits for the next block on every chain).
type ExportTimings struct {
	CertificatesMs float64 `json:"certificates_ms"`
	SummaryMs      float64 `json:"summary_ms"`
	SealMs         float64 `json:"seal_ms"`
}

// Export builds the evidence package of deposits ids for caller, through
// svc (the caller's evidence service over the package's chains; the
// caller must be allowed to read each deposit): it gets each deposit's
// certificate with its proofs on every chain it is anchored on, writes the
// PDF summary and the manifest, and seals the manifest by depositing its
// digest on svc's chains, whose certificate becomes the package's seal.
func Export(ctx context.Context, svc *evidence.Service, caller pki.Identity, ids []types.Hash, o ExportOptions) (*Package, error) {
	if len(ids) == 0 {
		return nil, errors.New("judicial: no deposit to export")
	}
	if o.Case == "" {
		return nil, errors.New("judicial: the case reference is required")
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Parallel <= 0 {
		o.Parallel = 8
	}
	for i, id := range ids {
		if slices.Contains(ids[:i], id) {
			return nil, fmt.Errorf("judicial: deposit %s is listed twice", id)
		}
	}
	var tm ExportTimings
	if o.Timings == nil {
		o.Timings = &tm
	}
	step := time.Now()
	lap := func(d *float64) {
		*d = float64(time.Since(step).Microseconds()) / 1000
		step = time.Now()
	}
	certs := make([]*evidence.Certificate, len(ids))
	errs := make([]error, len(ids))
	sem := make(chan struct{}, o.Parallel)
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			certs[i], errs[i] = svc.Certificate(ctx, caller, id)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("judicial: deposit %s: %w", ids[i], err)
		}
	}
	lap(&o.Timings.CertificatesMs)
	now := o.Now().UTC()
	m := &Manifest{Format: ManifestFormat, Case: o.Case, Title: o.Title, ExportedAt: now.Format(time.RFC3339),
		ExportedBy: fmt.Sprintf("%s (org %s)", caller.CommonName, caller.Org)}
	p := &Package{Format: Format}
	for _, c := range certs {
		raw, err := json.Marshal(c)
		if err != nil {
			return nil, err
		}
		d, err := Digest(raw)
		if err != nil {
			return nil, err
		}
		e := entryOf(c)
		e.CertificateSHA256 = hex.EncodeToString(d)
		for _, a := range c.Anchors {
			ref := ChainRef{ChainID: a.ChainID, GenesisHash: a.GenesisHash}
			if !slices.Contains(m.Chains, ref) {
				m.Chains = append(m.Chains, ref)
			}
		}
		m.Deposits = append(m.Deposits, e)
		p.Certificates = append(p.Certificates, raw)
	}
	var pdf bytes.Buffer
	if err := WriteSummary(&pdf, m); err != nil {
		return nil, fmt.Errorf("judicial: summary: %w", err)
	}
	p.Summary = pdf.Bytes()
	lap(&o.Timings.SummaryMs)
	sum := sha256.Sum256(p.Summary)
	m.SummarySHA256 = hex.EncodeToString(sum[:])
	raw, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	p.Manifest = raw
	digest, err := p.ManifestDigest()
	if err != nil {
		return nil, err
	}
	// The seal: the manifest's digest, deposited by the exporter.
	d, err := svc.Deposit(ctx, caller, evidence.Request{Hash: hex.EncodeToString(digest), HashAlgorithm: "sha256",
		Metadata: map[string]string{"type": SealType, "case": o.Case, "file_name": "manifest.json", "deposits": fmt.Sprint(len(ids))}})
	if err != nil {
		return nil, fmt.Errorf("judicial: sealing the manifest: %w", err)
	}
	id, err := types.ParseHash(d.ID)
	if err != nil {
		return nil, err
	}
	seal, err := svc.Certificate(ctx, caller, id)
	if err != nil {
		return nil, fmt.Errorf("judicial: the seal's certificate: %w", err)
	}
	if p.Seal, err = json.Marshal(seal); err != nil {
		return nil, err
	}
	lap(&o.Timings.SealMs)
	return p, nil
}

// entryOf is the manifest entry of a certificate (without its digest).
func entryOf(c *evidence.Certificate) Entry {
	e := c.Evidence
	out := Entry{ID: e.ID, Label: labelOf(e.Metadata), Hash: e.Hash, HashAlgorithm: e.HashAlgorithm, Org: e.Org,
		Depositor: e.Depositor, Time: e.Time}
	for _, a := range c.Anchors {
		out.Chains = append(out.Chains, a.ChainID)
	}
	return out
}

// labelOf names a document for people: its file name, else its type.
func labelOf(md map[string]string) string {
	for _, k := range []string{"file_name", "title", "type"} {
		if v := md[k]; v != "" {
			return v
		}
	}
	return "(unnamed)"
}
