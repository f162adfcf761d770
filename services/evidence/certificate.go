package evidence

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/api/apijson"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify"
	"github.com/causeway/causeway/verify/proofpb"
)

// CertificateFormat names the certificate format; Verify refuses others.
const CertificateFormat = "causeway-evidence-certificate/v1"

// Certificate is a certificate of deposit: the evidence record and, per
// chain it is anchored on, the proofs that a verifier holding that chain's
// genesis checks offline. Its JSON form is the document users keep.
type Certificate struct {
	Format   string    `json:"format"`
	Evidence Record    `json:"evidence"`
	Anchors  []*Anchor `json:"anchors"`
	// IssuedAt is when the certificate was made (RFC 3339); it is not
	// covered by any proof.
	IssuedAt string `json:"issued_at,omitempty"`
}

// Record is the deposited evidence, as the primary chain stores it: what a
// reader of the certificate looks at. Verify checks every field against
// the proofs.
type Record struct {
	// ID is the evidence id: the deposit's transaction hash on ChainID.
	ID            string `json:"id"`
	Hash          string `json:"hash"`
	HashAlgorithm string `json:"hash_algorithm"`
	// Metadata holds the depositor's metadata (without reserved keys).
	Metadata map[string]string `json:"metadata"`
	// Org and Depositor are the depositing organisation and certificate
	// name as the service recorded them (empty for a plain transaction).
	Org       string   `json:"org,omitempty"`
	Depositor string   `json:"depositor,omitempty"`
	Readers   []string `json:"readers,omitempty"`
	// EncryptedPayload is the payload the depositor encrypted, if any.
	EncryptedPayload Hex `json:"encrypted_payload,omitempty"`
	// SealedHash is the hash of the sealed payload's envelope the deposit
	// carried, if any (its readers: causeway readers ID).
	SealedHash Hex `json:"sealed_hash,omitempty"`
	// Owner is the identity of the account that signed the deposit.
	Owner   string `json:"owner_account"`
	ChainID string `json:"chain_id"`
	Height  uint64 `json:"height"`
	TimeMs  int64  `json:"time_ms"`
	// Time is TimeMs as RFC 3339 (UTC), for people.
	Time string `json:"time"`
}

// Anchor is the deposit on one chain with its proofs.
type Anchor struct {
	ChainID string
	// GenesisHash is the hash of the chain's genesis, hex: the verifier
	// needs that genesis.
	GenesisHash string
	// EvidenceID is the deposit's transaction hash on this chain; Height,
	// TimeMs and BlockHash are its block's.
	EvidenceID string
	Height     uint64
	TimeMs     int64
	BlockHash  string
	// Record is the stored evidence record (deterministic protobuf of
	// types.Evidence) and RecordProof its proof under the state root of
	// block Height+1 (TxProof.Next).
	Record      []byte
	RecordProof *proofpb.SMTProof
	// TxProof proves the deposit transaction and its receipt.
	TxProof *proofpb.TxProof
}

type anchorJSON struct {
	ChainID     string          `json:"chain_id"`
	GenesisHash string          `json:"genesis_hash"`
	EvidenceID  string          `json:"evidence_id"`
	Height      uint64          `json:"height"`
	TimeMs      int64           `json:"time_ms"`
	BlockHash   string          `json:"block_hash"`
	Record      Hex             `json:"record"`
	RecordProof json.RawMessage `json:"record_proof"`
	TxProof     json.RawMessage `json:"tx_proof"`
}

// MarshalJSON encodes the anchor with the API's JSON encoding (package
// apijson: bytes as hex).
func (a *Anchor) MarshalJSON() ([]byte, error) {
	j := anchorJSON{ChainID: a.ChainID, GenesisHash: a.GenesisHash, EvidenceID: a.EvidenceID,
		Height: a.Height, TimeMs: a.TimeMs, BlockHash: a.BlockHash, Record: a.Record}
	var err error
	if j.RecordProof, err = apijson.Marshal(orEmpty(a.RecordProof)); err != nil {
		return nil, err
	}
	if j.TxProof, err = apijson.Marshal(orEmpty(a.TxProof)); err != nil {
		return nil, err
	}
	return json.Marshal(j)
}

func orEmpty[M any, P interface {
	*M
	proto.Message
}](m P) proto.Message {
	if m == nil {
		return P(new(M))
	}
	return m
}

// UnmarshalJSON decodes what MarshalJSON encodes, and the protojson form
// (bytes as base64) of certificates written before hex.
func (a *Anchor) UnmarshalJSON(b []byte) error {
	var j anchorJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*a = Anchor{ChainID: j.ChainID, GenesisHash: j.GenesisHash, EvidenceID: j.EvidenceID,
		Height: j.Height, TimeMs: j.TimeMs, BlockHash: j.BlockHash, Record: j.Record,
		RecordProof: &proofpb.SMTProof{}, TxProof: &proofpb.TxProof{}}
	if len(j.RecordProof) > 0 {
		if err := unmarshalProof(j.RecordProof, a.RecordProof); err != nil {
			return fmt.Errorf("record_proof: %w", err)
		}
	}
	if len(j.TxProof) > 0 {
		if err := unmarshalProof(j.TxProof, a.TxProof); err != nil {
			return fmt.Errorf("tx_proof: %w", err)
		}
	}
	return nil
}

// unmarshalProof decodes a proof in apijson, or else in protojson.
func unmarshalProof(b []byte, m proto.Message) error {
	err := apijson.Unmarshal(b, m)
	if err != nil && protojson.Unmarshal(b, m) == nil {
		return nil
	}
	return err
}

// JSON returns the certificate as indented JSON.
func (c *Certificate) JSON() ([]byte, error) { return json.MarshalIndent(c, "", "  ") }

// ParseCertificate decodes a certificate's JSON.
func ParseCertificate(b []byte) (*Certificate, error) {
	c := &Certificate{}
	if err := json.Unmarshal(b, c); err != nil {
		return nil, &verify.Error{Kind: ErrCertificate, Detail: "not a certificate of deposit", Err: err}
	}
	return c, nil
}

// recordOf returns the certificate record of a stored evidence.
func recordOf(ev *types.Evidence, chainID string) Record {
	r := Record{ID: hex.EncodeToString(ev.Id), Hash: hex.EncodeToString(ev.Hash), HashAlgorithm: ev.HashAlgorithm,
		Metadata: map[string]string{}, Owner: hex.EncodeToString(ev.Owner), ChainID: chainID,
		Height: ev.Height, TimeMs: ev.TimeMs, Time: time.UnixMilli(ev.TimeMs).UTC().Format(time.RFC3339Nano), SealedHash: ev.SealedHash}
	for _, a := range ev.Metadata {
		switch a.Key {
		case KeyOrg:
			r.Org = a.Value
		case KeyDepositor:
			r.Depositor = a.Value
		case KeyReaders:
			r.Readers = readersOf(a.Value)
		case KeyEncryptedPayload:
			r.EncryptedPayload, _ = decodeB64(a.Value)
		default:
			r.Metadata[a.Key] = a.Value
		}
	}
	return r
}

// Kinds of certificate failure, beside verify's (ErrSignature,
// ErrTxInclusion, ...): errors.Is(err, ErrFileMismatch).
var (
	// ErrFileMismatch: the file (or digest) given is not the one deposited.
	ErrFileMismatch = errors.New("file does not match the certificate")
	// ErrCertificate: a field of the certificate disagrees with what its
	// proofs show, or the certificate does not decode.
	ErrCertificate = errors.New("certificate does not match its proofs")
	// ErrNoGenesis: no trusted genesis was given for a chain the
	// certificate is anchored on.
	ErrNoGenesis = errors.New("no trusted genesis for the chain")
	// ErrDepositFailed: the deposit transaction is in the chain but its
	// execution failed, so nothing was deposited.
	ErrDepositFailed = errors.New("deposit transaction failed")
)

// VerifyOptions say what to check a certificate against.
type VerifyOptions struct {
	// Geneses are the trusted geneses; each anchor is checked against the
	// one with its genesis hash.
	Geneses []*types.Genesis
	// File, if set, is the original file: its digest must be the
	// deposited one. Hash, if set instead, is that digest.
	File io.Reader
	Hash []byte
	// Partial accepts anchors whose genesis is not among Geneses: they are
	// reported unchecked. At least one anchor must be checked. Otherwise
	// every anchor must be checked.
	Partial bool
}

// Report says what a verified certificate shows.
type Report struct {
	// Valid is true when everything checked holds.
	Valid  bool   `json:"valid"`
	Record Record `json:"evidence"`
	// FileChecked is true when a file or digest was checked.
	FileChecked bool           `json:"file_checked"`
	Anchors     []AnchorReport `json:"anchors"`
	// Error and Code (the error's kind) say why it is not valid.
	Error string `json:"error,omitempty"`
	Code  string `json:"code,omitempty"`
}

// AnchorReport is what one chain certifies.
type AnchorReport struct {
	ChainID     string `json:"chain_id"`
	GenesisHash string `json:"genesis_hash"`
	EvidenceID  string `json:"evidence_id"`
	Height      uint64 `json:"height"`
	Time        string `json:"time"`
	BlockHash   string `json:"block_hash"`
	// CertifiedBy is block Height+1's signers, with their organisations,
	// and ConfigVersion the configuration they signed under.
	CertifiedBy   []string `json:"certified_by,omitempty"`
	ConfigVersion uint64   `json:"config_version,omitempty"`
	// ConfigChanges are the heights of the membership changes the proof
	// followed from the genesis.
	ConfigChanges []uint64 `json:"config_changes,omitempty"`
	Checked       bool     `json:"checked"`
}

// Verify checks a certificate (see the package documentation) and returns
// what it shows. The error, nil only if everything holds, is a
// *verify.Error naming what failed: its Kind is ErrFileMismatch,
// ErrCertificate, ErrNoGenesis, ErrDepositFailed or one of verify's kinds
// (ErrSignature, ErrHeader, ErrTxInclusion, ...), its Path where in the
// certificate ("anchors[0].tx_proof.next.signatures[2]"). The report is
// returned even on failure, as far as it got.
func Verify(c *Certificate, opts VerifyOptions) (*Report, error) {
	rep := &Report{}
	err := verifyCert(c, opts, rep)
	if err != nil {
		rep.Valid = false
		rep.Error = err.Error()
		var ve *verify.Error
		if errors.As(err, &ve) {
			rep.Code = kindCode(ve.Kind)
		}
		return rep, err
	}
	rep.Valid = true
	return rep, nil
}

func verifyCert(c *Certificate, opts VerifyOptions, rep *Report) error {
	if c == nil || c.Format != CertificateFormat {
		f := ""
		if c != nil {
			f = c.Format
		}
		return &verify.Error{Kind: ErrCertificate, Path: "format", Detail: fmt.Sprintf("format %q, want %q", f, CertificateFormat)}
	}
	rep.Record = c.Evidence
	if len(c.Anchors) == 0 {
		return &verify.Error{Kind: ErrCertificate, Path: "anchors", Detail: "the certificate is anchored on no chain"}
	}
	checked := 0
	for i, a := range c.Anchors {
		path := fmt.Sprintf("anchors[%d]", i)
		if a == nil {
			return &verify.Error{Kind: ErrCertificate, Path: path, Detail: "missing"}
		}
		ar := AnchorReport{ChainID: a.ChainID, GenesisHash: a.GenesisHash, EvidenceID: a.EvidenceID, Height: a.Height,
			Time: time.UnixMilli(a.TimeMs).UTC().Format(time.RFC3339Nano), BlockHash: a.BlockHash}
		g := genesisFor(opts.Geneses, a.GenesisHash)
		if g == nil {
			rep.Anchors = append(rep.Anchors, ar)
			if opts.Partial {
				continue
			}
			return &verify.Error{Kind: ErrNoGenesis, Path: path + ".genesis_hash",
				Detail: fmt.Sprintf("chain %q with genesis %s: give its genesis file", a.ChainID, a.GenesisHash)}
		}
		chainRec, err := verifyAnchor(g, a, &ar)
		if err != nil {
			rep.Anchors = append(rep.Anchors, ar)
			return verify.Prefixed(path, err)
		}
		if err := sameRecord(&c.Evidence, chainRec, i == 0, a.ChainID); err != nil {
			rep.Anchors = append(rep.Anchors, ar)
			return err
		}
		ar.Checked = true
		checked++
		rep.Anchors = append(rep.Anchors, ar)
	}
	if checked == 0 {
		return &verify.Error{Kind: ErrNoGenesis, Path: "anchors", Detail: "no anchor's genesis is trusted here"}
	}
	// The file.
	var digest []byte
	switch {
	case opts.File != nil:
		d, err := HashFile(c.Evidence.HashAlgorithm, opts.File)
		if err != nil {
			return &verify.Error{Kind: ErrFileMismatch, Path: "evidence.hash_algorithm", Detail: "cannot hash the file", Err: err}
		}
		digest = d
	case opts.Hash != nil:
		digest = opts.Hash
	}
	if digest != nil {
		if want, _ := hex.DecodeString(c.Evidence.Hash); !bytes.Equal(digest, want) {
			return &verify.Error{Kind: ErrFileMismatch, Path: "evidence.hash",
				Detail: fmt.Sprintf("the file's %s digest is %x, the deposited digest is %s", c.Evidence.HashAlgorithm, digest, c.Evidence.Hash)}
		}
		rep.FileChecked = true
	}
	return nil
}

func genesisFor(gs []*types.Genesis, hash string) *types.Genesis {
	for _, g := range gs {
		if h := g.Hash(); strings.EqualFold(h.String(), hash) {
			return g
		}
	}
	return nil
}

// mismatch reports a certificate field that disagrees with the proofs.
func mismatch(path, field string, cert, chain any) error {
	return &verify.Error{Kind: ErrCertificate, Path: path,
		Detail: fmt.Sprintf("%s: the certificate says %v, the proofs show %v", field, cert, chain)}
}

// verifyAnchor checks one anchor against genesis g and returns the record
// its chain stores.
func verifyAnchor(g *types.Genesis, a *Anchor, ar *AnchorReport) (*Record, error) {
	v, err := verify.New(g)
	if err != nil {
		return nil, &verify.Error{Kind: ErrNoGenesis, Path: "genesis_hash", Detail: "the genesis is unusable", Err: err}
	}
	if a.ChainID != g.ChainID {
		return nil, mismatch("chain_id", "chain id", a.ChainID, g.ChainID)
	}
	tx, err := v.Tx(a.TxProof)
	if err != nil {
		return nil, verify.Prefixed("tx_proof", err)
	}
	ar.CertifiedBy = signersOf(tx.Certified)
	ar.ConfigVersion = tx.Certified.Config.Version
	ar.ConfigChanges = tx.Certified.Configs.Changes()
	if tx.Body.Type != types.TxType_DEPOSIT_EVIDENCE {
		return nil, mismatch("tx_proof.tx", "transaction type", types.TxType_DEPOSIT_EVIDENCE, tx.Body.Type)
	}
	if tx.Receipt.Status != types.ReceiptStatus_SUCCESS {
		return nil, &verify.Error{Kind: ErrDepositFailed, Path: "tx_proof.receipt", Height: tx.Height,
			Detail: fmt.Sprintf("%s: %s", tx.Receipt.ErrorCode, tx.Receipt.Error)}
	}
	// The anchor's own fields.
	switch {
	case a.EvidenceID != tx.Hash.String():
		return nil, mismatch("evidence_id", "evidence id", a.EvidenceID, tx.Hash)
	case a.Height != tx.Height:
		return nil, mismatch("height", "height", a.Height, tx.Height)
	case a.TimeMs != tx.TimeMs:
		return nil, mismatch("time_ms", "block time", a.TimeMs, tx.TimeMs)
	case a.BlockHash != tx.BlockHash.String():
		return nil, mismatch("block_hash", "block hash", a.BlockHash, tx.BlockHash)
	}
	// The stored record, under the certifying block's state root.
	if err := v.StateValue(tx.Certified.Header, "record_proof", state.EvidenceKey(tx.Hash), a.Record, a.RecordProof); err != nil {
		return nil, err
	}
	stored, err := state.DecodeEvidence(a.Record)
	if err != nil {
		return nil, &verify.Error{Kind: verify.ErrMalformed, Path: "record", Detail: "stored record does not decode", Err: err}
	}
	p := &types.DepositEvidence{}
	if err := proto.Unmarshal(tx.Body.Payload, p); err != nil {
		return nil, &verify.Error{Kind: verify.ErrMalformed, Path: "tx_proof.tx", Detail: "deposit payload does not decode", Err: err}
	}
	// The stored record is what the transaction deposited.
	want := &types.Evidence{Id: tx.Hash[:], Hash: p.Hash, HashAlgorithm: p.HashAlgorithm, Metadata: p.Metadata,
		Owner: tx.Body.Sender, TxHash: tx.Hash[:], Height: tx.Height, TimeMs: tx.TimeMs}
	if p.Sealed != nil {
		h := g.Suite().Sum(p.Sealed.Envelope)
		want.SealedHash = h[:]
	}
	if !proto.Equal(stored, want) {
		return nil, mismatch("record", "stored record", stored, want)
	}
	r := recordOf(stored, g.ChainID)
	return &r, nil
}

// sameRecord compares the certificate's record with one chain's; the
// placement fields (id, chain, height, time, owner) only for the primary
// chain.
func sameRecord(cert, chain *Record, placement bool, chainID string) error {
	p := "evidence"
	mismatch := func(path, field string, c, ch any) error {
		return &verify.Error{Kind: ErrCertificate, Path: path,
			Detail: fmt.Sprintf("%s: the certificate says %v, chain %s stores %v", field, c, chainID, ch)}
	}
	switch {
	case cert.Hash != chain.Hash:
		return mismatch(p+".hash", "deposited digest", cert.Hash, chain.Hash)
	case cert.HashAlgorithm != chain.HashAlgorithm:
		return mismatch(p+".hash_algorithm", "digest algorithm", cert.HashAlgorithm, chain.HashAlgorithm)
	case !maps.Equal(cert.Metadata, chain.Metadata) && !(len(cert.Metadata) == 0 && len(chain.Metadata) == 0):
		for _, k := range slices.Sorted(maps.Keys(chain.Metadata)) {
			if v, ok := cert.Metadata[k]; !ok || v != chain.Metadata[k] {
				return mismatch(p+".metadata."+k, "metadata "+k, quoteOr(v, ok), quoteOr(chain.Metadata[k], true))
			}
		}
		return mismatch(p+".metadata", "metadata keys", slices.Sorted(maps.Keys(cert.Metadata)), slices.Sorted(maps.Keys(chain.Metadata)))
	case cert.Org != chain.Org:
		return mismatch(p+".org", "depositing org", cert.Org, chain.Org)
	case cert.Depositor != chain.Depositor:
		return mismatch(p+".depositor", "depositor", cert.Depositor, chain.Depositor)
	case !slices.Equal(cert.Readers, chain.Readers):
		return mismatch(p+".readers", "readers", cert.Readers, chain.Readers)
	case !bytes.Equal(cert.EncryptedPayload, chain.EncryptedPayload):
		return mismatch(p+".encrypted_payload", "encrypted payload", "(certificate's)", "(chain's)")
	case !bytes.Equal(cert.SealedHash, chain.SealedHash):
		return mismatch(p+".sealed_hash", "sealed payload's envelope hash", cert.SealedHash, chain.SealedHash)
	}
	if !placement {
		return nil
	}
	switch {
	case cert.ID != chain.ID:
		return mismatch(p+".id", "evidence id", cert.ID, chain.ID)
	case cert.ChainID != chain.ChainID:
		return mismatch(p+".chain_id", "chain", cert.ChainID, chain.ChainID)
	case cert.Owner != chain.Owner:
		return mismatch(p+".owner_account", "owner account", cert.Owner, chain.Owner)
	case cert.Height != chain.Height:
		return mismatch(p+".height", "height", cert.Height, chain.Height)
	case cert.TimeMs != chain.TimeMs:
		return mismatch(p+".time_ms", "deposit time", cert.TimeMs, chain.TimeMs)
	case cert.Time != "" && cert.Time != chain.Time:
		return mismatch(p+".time", "deposit time", cert.Time, chain.Time)
	}
	return nil
}

func decodeB64(s string) ([]byte, error) { return base64.StdEncoding.DecodeString(s) }

func quoteOr(v string, ok bool) string {
	if !ok {
		return "(absent)"
	}
	return fmt.Sprintf("%q", v)
}

// signersOf lists a certified header's signers as "node N (org)".
func signersOf(c *verify.Certified) []string {
	out := make([]string, 0, len(c.Signers))
	for _, id := range c.Signers {
		if n, ok := c.Config.Node(id); ok {
			out = append(out, fmt.Sprintf("node %d (%s)", id, n.Org))
		} else {
			out = append(out, fmt.Sprintf("node %d", id))
		}
	}
	return out
}

// kindCode is a short machine-readable name of an error kind.
func kindCode(k error) string {
	codes := map[error]string{
		ErrFileMismatch: "file_mismatch", ErrCertificate: "certificate_mismatch", ErrNoGenesis: "no_genesis",
		ErrDepositFailed: "deposit_failed", verify.ErrMalformed: "malformed", verify.ErrGenesis: "wrong_genesis",
		verify.ErrConfigChain: "config_chain", verify.ErrHeader: "header", verify.ErrConfig: "config",
		verify.ErrSignature: "signature", verify.ErrQuorum: "quorum", verify.ErrTxInclusion: "tx_inclusion",
		verify.ErrReceiptInclusion: "receipt_inclusion", verify.ErrTransaction: "transaction", verify.ErrStateProof: "state_proof",
	}
	if c, ok := codes[k]; ok {
		return c
	}
	return "invalid"
}
