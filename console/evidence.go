package console

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/causeway/causeway/services/evidence"
	"github.com/causeway/causeway/types"
)

// evidenceItem is one deposit made through the console.
type evidenceItem struct {
	ID       string `json:"id"`
	Hash     string `json:"hash"`
	FileName string `json:"file_name,omitempty"`
	Height   uint64 `json:"height"`
	TxHash   string `json:"tx_hash"`
}

// evidenceIndex lists the deposits made through this console, newest
// last, in a JSON-lines file. The node has no query for "the evidence of
// an org"; until it has, the console remembers what it deposited.
type evidenceIndex struct {
	mu    sync.Mutex
	path  string
	items []evidenceItem
}

func openEvidenceIndex(path string) (*evidenceIndex, error) {
	x := &evidenceIndex{path: path}
	if path == "" {
		return x, nil
	}
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return x, nil
	}
	if err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		var it evidenceItem
		if json.Unmarshal(sc.Bytes(), &it) == nil && it.ID != "" {
			x.items = append(x.items, it)
		}
	}
	return x, nil
}

func (x *evidenceIndex) add(it evidenceItem) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.items = append(x.items, it)
	if x.path == "" {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(x.path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(x.path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	b, _ := json.Marshal(it)
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// latest returns up to n items, newest first.
func (x *evidenceIndex) latest(n int) []evidenceItem {
	x.mu.Lock()
	defer x.mu.Unlock()
	var out []evidenceItem
	for i := len(x.items) - 1; i >= 0 && len(out) < n; i-- {
		out = append(out, x.items[i])
	}
	return out
}

func (s *Server) evidencePage(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(w, r, "title.evidence", "evidence")
	p.Data = map[string]any{"Items": s.evidence.latest(100)}
	s.render(w, "evidence.html", p)
}

// metadataKeys are the form's named metadata fields.
var metadataKeys = []string{"file_name", "owner", "type", "business_id"}

// deposit deposits the digest the browser computed (the file never
// reaches the console) with the form's metadata.
func (s *Server) deposit(w http.ResponseWriter, r *http.Request) {
	digest := strings.ToLower(strings.TrimSpace(r.PostFormValue("hash")))
	if b, err := hex.DecodeString(digest); err != nil || len(b) != 32 {
		s.fail(w, r, http.StatusBadRequest, "err.bad_digest")
		return
	}
	md := map[string]string{}
	for _, k := range metadataKeys {
		if v := strings.TrimSpace(r.PostFormValue(k)); v != "" {
			md[k] = v
		}
	}
	for _, line := range strings.Split(r.PostFormValue("extra"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok || strings.TrimSpace(k) == "" {
			s.fail(w, r, http.StatusBadRequest, "err.bad_meta", line)
			return
		}
		md[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	ctx, cancel := chainCtx(r)
	defer cancel()
	d, err := s.opts.Chain.Deposit(ctx, evidence.Request{Hash: digest, HashAlgorithm: "sha256", Metadata: md})
	if err != nil {
		s.fail(w, r, http.StatusBadGateway, "err.deposit", err.Error())
		return
	}
	if err := s.evidence.add(evidenceItem{ID: d.ID, Hash: digest, FileName: md["file_name"], Height: d.Height, TxHash: d.TxHash}); err != nil {
		s.opts.Logger.Warn("console: evidence index", "err", err)
	}
	http.Redirect(w, r, "/evidence/"+d.ID+"?deposited=1", http.StatusSeeOther)
}

type evidenceView struct {
	ID       string
	Ev       *types.Evidence
	Metadata [][2]string // sorted by key
}

func (s *Server) evidenceID(w http.ResponseWriter, r *http.Request) (types.Hash, bool) {
	id, err := types.ParseHash(strings.TrimPrefix(r.PathValue("id"), "0x"))
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, "err.bad_hash")
		return types.Hash{}, false
	}
	return id, true
}

func (s *Server) evidenceRecord(w http.ResponseWriter, r *http.Request) {
	id, ok := s.evidenceID(w, r)
	if !ok {
		return
	}
	ctx, cancel := chainCtx(r)
	defer cancel()
	ev, err := s.opts.Chain.Evidence(ctx, id)
	if err != nil {
		s.failChain(w, r, err)
		return
	}
	p := s.newPage(w, r, "title.evidence_record", "evidence")
	if r.URL.Query().Get("deposited") == "1" {
		p.Notice = p.T("evidence.deposited")
	}
	md := map[string]string{}
	for _, a := range ev.GetMetadata() {
		md[a.Key] = a.Value
	}
	v := evidenceView{ID: id.String(), Ev: ev}
	for _, k := range slices.Sorted(maps.Keys(md)) {
		v.Metadata = append(v.Metadata, [2]string{k, md[k]})
	}
	p.Data = v
	s.render(w, "evidence_record.html", p)
}

// certificate fetches the certificate of the path's evidence id, and
// returns it with the name its download gets (from the id, hex).
func (s *Server) certificate(w http.ResponseWriter, r *http.Request) (*evidence.Certificate, string, bool) {
	id, ok := s.evidenceID(w, r)
	if !ok {
		return nil, "", false
	}
	ctx, cancel := chainCtx(r)
	defer cancel()
	c, err := s.opts.Chain.Certificate(ctx, id)
	if err != nil {
		s.failChain(w, r, err)
		return nil, "", false
	}
	return c, "certificate-" + id.String()[:16], true
}

func (s *Server) certificateJSON(w http.ResponseWriter, r *http.Request) {
	c, name, ok := s.certificate(w, r)
	if !ok {
		return
	}
	b, err := c.JSON()
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, "err.chain", err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.json"`)
	_, _ = w.Write(append(b, '\n'))
}

func (s *Server) certificatePDF(w http.ResponseWriter, r *http.Request) {
	c, name, ok := s.certificate(w, r)
	if !ok {
		return
	}
	rep, _ := evidence.Verify(c, evidence.VerifyOptions{Geneses: s.opts.Geneses, Partial: true})
	var b bytes.Buffer
	if err := evidence.WritePDF(&b, c, rep); err != nil {
		s.fail(w, r, http.StatusInternalServerError, "err.chain", err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.pdf"`)
	_, _ = w.Write(b.Bytes())
}
