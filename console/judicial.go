package console

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime/multipart"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/services/evidence"
	"github.com/causeway/causeway/services/judicial"
	"github.com/causeway/causeway/types"
)

// The Judicial page (the judicial evidence scenario, issue 16).
//
// Verifying a package is what a court does, and a court needs no account:
// /judicial/verify is public like /verify. It takes the package file
// (≤ MaxPackageBytes) and optional genesis files of the chains the console
// does not trust yet, checks the package offline with
// judicial.VerifyPackage against the console's trusted geneses plus those,
// and shows the verdict with its precise reason, and for a valid package
// each deposit (who deposited which digest, when, on which chains and
// heights, certified by which nodes) and the chains that anchored it. It
// reads no session, never calls the chain, and shows nothing but what the
// package (and the genesis files given) hold; every value is escaped by
// html/template. Verification costs CPU (signatures, Merkle proofs), so it
// is rate-limited per client address and runs at most two at a time.
//
// Exporting is what a party does (/judicial, signed in): it picks
// deposits (this console's, as the Evidence page lists them, or any
// evidence id its org may read), the chains to anchor on, a case
// reference, and POSTs (CSRF) to /judicial/export; the package is built
// and sealed by judicial.Export as the org, checked against the console's
// trusted geneses, and kept in memory (the last maxExports) for download
// as JSON and as its PDF summary.

// Limits of the judicial pages.
const (
	// MaxPackageBytes bounds an uploaded evidence package.
	MaxPackageBytes = 8 << 20
	// MaxGenesisBytes bounds one uploaded genesis file, maxGenesisFiles
	// their number.
	MaxGenesisBytes = 1 << 20
	maxGenesisFiles = 4
	// maxPackageUpload bounds the verify form's body: the package, the
	// genesis files and the form.
	maxPackageUpload = MaxPackageBytes + maxGenesisFiles*MaxGenesisBytes + 64<<10
	// MaxExportDeposits bounds the deposits of one export.
	MaxExportDeposits = 200
	// maxExports is how many exported packages the console keeps for
	// download (in memory, until it restarts).
	maxExports = 8
	// Public verification limits: per client address, at most
	// verifyPerAddress verifications within verifyWindow; at most
	// verifyConcurrent at once, a request waiting at most verifyQueueWait
	// for its turn.
	verifyPerAddress = 30
	verifyWindow     = 10 * time.Minute
	verifyConcurrent = 2
	verifyQueueWait  = 10 * time.Second
)

// Judicial exports evidence packages as the console's org.
// *JudicialExporter implements it over the SDK; tests use it on real
// chains or fakes.
type Judicial interface {
	// Chains are the chains a package can be anchored on: the console's
	// own first (always used: its transaction hashes are the evidence
	// ids), then the others the console was given.
	Chains() []string
	// Export builds the package of deposits ids anchored on chains (a
	// subset of Chains, the console's first) and seals it on them, as the
	// org (judicial.Export).
	Export(ctx context.Context, chains []string, ids []types.Hash, o judicial.ExportOptions) (*judicial.Package, error)
}

// JudicialExporter exports packages over the console's chain and the
// other chains its org deposits on.
type JudicialExporter struct {
	caller  pki.Identity
	chains  []evidence.Chain
	clients []*sdk.Client // dialled here (the other chains'), closed by Close
}

// JudicialExporter returns the exporter of the console's org over its
// own chain (the node and account the console uses) and the org's node and
// account on each of others (network.json of the other chains its
// deposits are anchored on, e.g. the court chain of the judicial
// scenario). Close releases the connections to the others.
func (c *NetworkChain) JudicialExporter(ctx context.Context, others ...*sdk.Network) (*JudicialExporter, error) {
	x := &JudicialExporter{caller: c.caller, chains: []evidence.Chain{{ChainID: c.nw.ChainID, Client: c.main(), Account: c.acct}}}
	for _, nw := range others {
		if slices.Contains(x.Chains(), nw.ChainID) {
			x.Close()
			return nil, fmt.Errorf("chain %s is given twice", nw.ChainID)
		}
		ch, _, cl, err := judicial.DialChain(ctx, nw, c.org)
		if err != nil {
			x.Close()
			return nil, fmt.Errorf("chain %s: %w", nw.ChainID, err)
		}
		x.clients = append(x.clients, cl)
		x.chains = append(x.chains, ch)
	}
	return x, nil
}

// Chains implements Judicial.
func (x *JudicialExporter) Chains() []string {
	out := make([]string, len(x.chains))
	for i, c := range x.chains {
		out[i] = c.ChainID
	}
	return out
}

// Export implements Judicial.
func (x *JudicialExporter) Export(ctx context.Context, chains []string, ids []types.Hash, o judicial.ExportOptions) (*judicial.Package, error) {
	var sel []evidence.Chain
	for _, c := range x.chains {
		if slices.Contains(chains, c.ChainID) {
			sel = append(sel, c)
		}
	}
	if len(sel) != len(chains) || len(sel) == 0 || sel[0].ChainID != x.chains[0].ChainID {
		return nil, fmt.Errorf("chains %v: not the console's chain followed by chains it was given (%v)", chains, x.Chains())
	}
	svc, err := evidence.New(evidence.Options{CertifyAfter: 50 * time.Millisecond}, sel...)
	if err != nil {
		return nil, err
	}
	return judicial.Export(ctx, svc, x.caller, ids, o)
}

// Close closes the connections to the other chains.
func (x *JudicialExporter) Close() {
	for _, c := range x.clients {
		c.Close()
	}
	x.clients = nil
}

// judicialState is the judicial pages' state: the public limiter and the
// exported packages.
type judicialState struct {
	limit   *publicLimiter
	mu      sync.Mutex
	exports []*exported // oldest first, at most maxExports
}

func newJudicialState(now func() time.Time) *judicialState {
	return &judicialState{limit: newPublicLimiter(now, verifyPerAddress, verifyWindow, verifyConcurrent)}
}

// exported is a package exported through the console.
type exported struct {
	ID       string // random, the download capability with the session
	Case     string
	Title    string
	Deposits int
	Chains   []string
	At       string
	User     string
	Bytes    int
	Verdict  *verdict
	json     []byte
	pdf      []byte
}

func (j *judicialState) add(e *exported) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.exports = append(j.exports, e)
	if len(j.exports) > maxExports {
		j.exports = slices.Delete(j.exports, 0, len(j.exports)-maxExports)
	}
}

func (j *judicialState) get(id string) *exported {
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, e := range j.exports {
		if e.ID == id {
			return e
		}
	}
	return nil
}

// list is the exports, newest first.
func (j *judicialState) list() []*exported {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := slices.Clone(j.exports)
	slices.Reverse(out)
	return out
}

// publicLimiter bounds a costly public action: per client address (the
// TCP peer, no header trusted) at most perAddr uses within window, in a
// table of at most maxLimitedAddresses addresses that fails closed when
// full of live entries; and at most conc uses at once.
type publicLimiter struct {
	mu      sync.Mutex
	now     func() time.Time
	perAddr int
	window  time.Duration
	byAddr  map[string]*failures
	max     int
	slots   chan struct{}
}

func newPublicLimiter(now func() time.Time, perAddr int, window time.Duration, conc int) *publicLimiter {
	return &publicLimiter{now: now, perAddr: perAddr, window: window, byAddr: map[string]*failures{}, max: maxLimitedAddresses,
		slots: make(chan struct{}, conc)}
}

// allow counts a use from addr and reports whether it may go ahead, and
// if not, how long until it may.
func (l *publicLimiter) allow(addr string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	f := l.byAddr[addr]
	if f != nil && now.Sub(f.since) >= l.window {
		delete(l.byAddr, addr)
		f = nil
	}
	if f == nil {
		if len(l.byAddr) >= l.max {
			for k, g := range l.byAddr {
				if now.Sub(g.since) >= l.window {
					delete(l.byAddr, k)
				}
			}
			if len(l.byAddr) >= l.max {
				return false, l.window
			}
		}
		l.byAddr[addr] = &failures{n: 1, since: now}
		return true, 0
	}
	if f.n >= l.perAddr {
		return false, f.since.Add(l.window).Sub(now)
	}
	f.n++
	return true, 0
}

// acquire waits up to wait for a free slot; release frees it.
func (l *publicLimiter) acquire(ctx context.Context, wait time.Duration) bool {
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case l.slots <- struct{}{}:
		return true
	case <-t.C:
		return false
	case <-ctx.Done():
		return false
	}
}

func (l *publicLimiter) release() { <-l.slots }

// verdict is a package's verification as the pages show it: only what the
// package holds and what checking it proved.
type verdict struct {
	Valid bool
	// Why is the catalogue key of the failure's kind; Args its
	// arguments; Cause the key of the certificate's failure (for a
	// deposit or the seal whose proofs fail); Detail the checker's
	// technical text (English).
	Why    string
	Args   []any
	Cause  string
	Detail string
	Code   string
	// Deposit, Label and Field locate the failure.
	Deposit, Label, Field string
	// From the manifest (as sealed when Valid).
	Case, Title, ExportedBy, ExportedAt string
	Chains                              []judicial.ChainRef
	Seal                                *evidence.Report
	SummaryChecked                      bool
	Deposits                            []depositRow
	// Given are the genesis files the visitor gave.
	Given []judicial.ChainRef
}

// depositRow is a verified deposit.
type depositRow struct {
	N         int
	Label     string
	ID        string
	Alg, Hash string
	Org, By   string
	Owner     string
	Time      string
	Metadata  [][2]string
	Anchors   []evidence.AnchorReport
}

// judicialWhy are the catalogue keys of the package errors' codes.
var judicialWhy = map[string]string{
	"malformed":           "jd.why.malformed",
	"untrusted_genesis":   "jd.why.untrusted_genesis",
	"seal":                "jd.why.seal",
	"manifest_changed":    "jd.why.manifest_changed",
	"summary_changed":     "jd.why.summary_changed",
	"certificate":         "jd.why.certificate",
	"anchor_mismatch":     "jd.why.anchor_mismatch",
	"wrong_deposit":       "jd.why.wrong_deposit",
	"certificate_changed": "jd.why.certificate_changed",
	"invalid":             "jd.why.invalid",
}

// checkPackage parses and verifies raw against trusted, offline.
func checkPackage(raw []byte, trusted []*types.Genesis) *verdict {
	v := &verdict{}
	p, err := judicial.Parse(raw)
	if err != nil {
		v.Why, v.Code, v.Detail = judicialWhy["malformed"], "malformed", err.Error()
		return v
	}
	rep, err := judicial.VerifyPackage(p, trusted)
	v.Case, v.Title, v.ExportedBy, v.ExportedAt = rep.Case, rep.Title, rep.ExportedBy, rep.ExportedAt
	if err != nil {
		v.Code, v.Deposit, v.Field, v.Detail = rep.Code, rep.Deposit, rep.Field, err.Error()
		v.Why = judicialWhy[rep.Code]
		if v.Why == "" {
			v.Why = judicialWhy["invalid"]
		}
		var pe *judicial.Error
		if errors.As(err, &pe) {
			v.Label = pe.Label
			if pe.Kind == judicial.ErrUntrustedGenesis && strings.HasPrefix(pe.Field, "manifest.chains[") {
				// Name the chain from the package; the checker's text
				// would also say how many geneses the console trusts.
				v.Args = untrustedChain(p, pe.Field)
				v.Detail = pe.Field + ": " + pe.Kind.Error()
			}
		}
		if rep.Cause != "" {
			v.Cause = whyKey(rep.Cause)
		}
		return v
	}
	v.Valid = true
	v.Chains, v.Seal, v.SummaryChecked = rep.Chains, rep.Seal, rep.SummaryChecked
	for i, d := range rep.Deposits {
		e := d.Record
		row := depositRow{N: i + 1, Label: d.Label, ID: e.ID, Alg: e.HashAlgorithm, Hash: e.Hash, Org: e.Org, By: e.Depositor, Owner: e.Owner,
			Time: e.Time, Anchors: d.Anchors}
		for _, k := range slices.Sorted(maps.Keys(e.Metadata)) {
			row.Metadata = append(row.Metadata, [2]string{k, e.Metadata[k]})
		}
		v.Deposits = append(v.Deposits, row)
	}
	return v
}

// untrustedChain is the chain id and genesis hash the manifest names at
// field "manifest.chains[i]...".
func untrustedChain(p *judicial.Package, field string) []any {
	var m judicial.Manifest
	rest := strings.TrimPrefix(field, "manifest.chains[")
	i, err := strconv.Atoi(rest[:max(0, strings.IndexByte(rest, ']'))])
	if json.Unmarshal(p.Manifest, &m) != nil || err != nil || i < 0 || i >= len(m.Chains) {
		return []any{"?", "?"}
	}
	return []any{m.Chains[i].ChainID, m.Chains[i].GenesisHash}
}

// judicialPageData is what judicial.html shows.
type judicialPageData struct {
	Enabled bool
	Chains  []string
	Items   []evidenceItem
	Exports []*exported
	Done    string
	Form    exportForm
}

type exportForm struct {
	Case, Title, IDs string
}

// judicialPage is the signed-in page: export form and exported packages.
func (s *Server) judicialPage(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(w, r, "title.judicial", "judicial")
	d := judicialPageData{Items: s.evidence.latest(100), Exports: s.jud.list()}
	if j := s.opts.Judicial; j != nil {
		d.Enabled, d.Chains = true, j.Chains()
	}
	if done := r.URL.Query().Get("done"); done != "" && s.jud.get(done) != nil {
		d.Done = done
		p.Notice = p.T("jd.exported")
	}
	p.Data = d
	s.render(w, "judicial.html", p)
}

// judicialExport exports a package (POST, session + CSRF).
func (s *Server) judicialExport(w http.ResponseWriter, r *http.Request) {
	j := s.opts.Judicial
	if j == nil {
		s.fail(w, r, http.StatusConflict, "jd.err.no_export")
		return
	}
	form := exportForm{Case: strings.TrimSpace(r.PostFormValue("case")), Title: strings.TrimSpace(r.PostFormValue("title")), IDs: r.PostFormValue("ids")}
	refuse := func(key string, args ...any) {
		p := s.newPage(w, r, "title.judicial", "judicial")
		p.Error = p.T(key, args...)
		p.status = http.StatusBadRequest
		p.Data = judicialPageData{Enabled: true, Chains: j.Chains(), Items: s.evidence.latest(100), Exports: s.jud.list(), Form: form}
		s.render(w, "judicial.html", p)
	}
	if form.Case == "" || len(form.Case) > 200 || !utf8.ValidString(form.Case) {
		refuse("jd.err.case")
		return
	}
	if len(form.Title) > 500 || !utf8.ValidString(form.Title) {
		refuse("jd.err.title")
		return
	}
	var ids []types.Hash
	add := func(v string) bool {
		v = strings.TrimSpace(v)
		if v == "" {
			return true
		}
		h, err := types.ParseHash(v)
		if err != nil {
			refuse("jd.err.bad_id", v)
			return false
		}
		if !slices.Contains(ids, h) {
			ids = append(ids, h)
		}
		return true
	}
	for _, v := range r.PostForm["id"] {
		if !add(v) {
			return
		}
	}
	for _, v := range strings.FieldsFunc(form.IDs, func(c rune) bool { return c == '\n' || c == '\r' || c == ',' || c == ' ' || c == '\t' }) {
		if !add(v) {
			return
		}
	}
	if len(ids) == 0 {
		refuse("jd.err.no_ids")
		return
	}
	if len(ids) > MaxExportDeposits {
		refuse("jd.err.too_many", MaxExportDeposits)
		return
	}
	all := j.Chains()
	chains := []string{all[0]}
	for _, c := range all[1:] {
		if slices.Contains(r.PostForm["chain"], c) {
			chains = append(chains, c)
		}
	}
	for _, c := range r.PostForm["chain"] {
		if !slices.Contains(all, c) {
			refuse("jd.err.bad_chain", c)
			return
		}
	}
	ctx, cancel := chainCtx(r)
	defer cancel()
	user := ""
	if ss := sessionOf(r); ss != nil {
		user = ss.user
	}
	pkg, err := j.Export(ctx, chains, ids, judicial.ExportOptions{Case: form.Case, Title: form.Title, Now: s.opts.Now})
	if err != nil {
		s.opts.Logger.Warn("console: judicial export", "user", user, "err", err)
		status := http.StatusBadGateway
		if errors.Is(err, evidence.ErrNotFound) || isNotFound(err) {
			status = http.StatusNotFound
		} else if errors.Is(err, evidence.ErrForbidden) {
			status = http.StatusForbidden
		}
		s.fail(w, r, status, "jd.err.export", err.Error())
		return
	}
	raw, err := pkg.JSON()
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, "jd.err.export", err.Error())
		return
	}
	e := &exported{ID: randomID(), Case: form.Case, Title: form.Title, Deposits: len(ids), Chains: chains,
		At: s.opts.Now().UTC().Format(time.RFC3339), User: user, Bytes: len(raw), json: raw, pdf: pkg.Summary}
	// The console checks what it hands out, as a court will.
	e.Verdict = checkPackage(raw, s.opts.Geneses)
	s.jud.add(e)
	s.opts.Logger.Info("console: evidence package exported", "user", user, "case", form.Case, "deposits", len(ids), "chains", chains)
	http.Redirect(w, r, "/judicial?done="+e.ID+"#export-"+e.ID, http.StatusSeeOther)
}

func randomID() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// judicialDownload sends an exported package (package.json) or its PDF
// summary (summary.pdf) as an attachment.
func (s *Server) judicialDownload(w http.ResponseWriter, r *http.Request) {
	e := s.jud.get(r.PathValue("id"))
	if e == nil {
		s.fail(w, r, http.StatusNotFound, "jd.err.no_package")
		return
	}
	name, ctype, body := "evidence-package.json", "application/json", e.json
	if strings.HasSuffix(r.URL.Path, ".pdf") {
		name, ctype, body = "evidence-package-summary.pdf", "application/pdf", e.pdf
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body)
}

// judicialVerifyPage is the public form.
func (s *Server) judicialVerifyPage(w http.ResponseWriter, r *http.Request) {
	p := s.newPublicPage(w, r, "title.judicial_verify", "")
	s.render(w, "judicial_verify.html", p)
}

// judicialVerify checks an uploaded package (file field "package") with
// the console's trusted geneses and the genesis files given (fields
// "genesis"), offline.
func (s *Server) judicialVerify(w http.ResponseWriter, r *http.Request) {
	p := s.newPublicPage(w, r, "title.judicial_verify", "")
	refuse := func(status int, key string, args ...any) {
		p.status = status
		p.Error = p.T(key, args...)
		s.render(w, "judicial_verify.html", p)
	}
	if ok, wait := s.jud.limit.allow(remoteHost(r)); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		refuse(http.StatusTooManyRequests, "jd.err.rate_limited", int((wait+time.Minute-1)/time.Minute))
		return
	}
	if r.MultipartForm == nil || len(r.MultipartForm.File["package"]) == 0 {
		refuse(http.StatusBadRequest, "jd.err.no_package_file")
		return
	}
	raw, err := readUpload(r.MultipartForm.File["package"][0], MaxPackageBytes)
	if errors.Is(err, errTooLarge) {
		refuse(http.StatusRequestEntityTooLarge, "jd.err.package_too_large", MaxPackageBytes>>20)
		return
	}
	if err != nil || len(bytes.TrimSpace(raw)) == 0 {
		refuse(http.StatusBadRequest, "jd.err.no_package_file")
		return
	}
	trusted := slices.Clone(s.opts.Geneses)
	var given []judicial.ChainRef
	files := r.MultipartForm.File["genesis"]
	if len(files) > maxGenesisFiles {
		refuse(http.StatusBadRequest, "jd.err.too_many_geneses", maxGenesisFiles)
		return
	}
	for _, fh := range files {
		b, err := readUpload(fh, MaxGenesisBytes)
		if errors.Is(err, errTooLarge) {
			refuse(http.StatusRequestEntityTooLarge, "jd.err.genesis_too_large", fh.Filename, MaxGenesisBytes>>20)
			return
		}
		g := &types.Genesis{}
		if err == nil {
			err = json.Unmarshal(b, g)
		}
		if err == nil {
			err = g.Validate()
		}
		if err != nil {
			refuse(http.StatusBadRequest, "jd.err.bad_genesis", fh.Filename, err.Error())
			return
		}
		trusted = append(trusted, g)
		given = append(given, judicial.ChainRef{ChainID: g.ChainID, GenesisHash: g.Hash().String()})
	}
	if !s.jud.limit.acquire(r.Context(), verifyQueueWait) {
		w.Header().Set("Retry-After", "5")
		refuse(http.StatusServiceUnavailable, "jd.err.busy")
		return
	}
	v := checkPackage(raw, trusted)
	s.jud.limit.release()
	v.Given = given
	p.Data = v
	s.render(w, "judicial_verify.html", p)
}

var errTooLarge = errors.New("too large")

// readUpload reads an uploaded file of at most limit bytes.
func readUpload(fh *multipart.FileHeader, limit int64) ([]byte, error) {
	if fh.Size > limit {
		return nil, errTooLarge
	}
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, errTooLarge
	}
	return b, nil
}
