package console

import (
	"encoding/hex"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

// MaxSealBytes bounds what the Sealed data page seals (text or file); the
// chain's max_tx_bytes may refuse less.
const MaxSealBytes = 512 << 10

// maxShownPlaintext bounds the opened data shown on the page; the rest is
// in the download.
const maxShownPlaintext = 64 << 10

// sealedReaderView is one reader of a sealed payload.
type sealedReaderView struct {
	Kind  string // org, account, auditor
	Name  string // org name or account identity (hex)
	Label string
	KeyID string
	// Self: the reader is this console's org or its account.
	Self bool
}

// sealedView is a sealed payload as the page shows it.
type sealedView struct {
	ID, Owner, EnvelopeHash, Carrier, Suite, Class, Time string
	Height, EnvelopeSize                                 uint64
	Orgs, Groups, Accounts                               []string
	Readers                                              []sealedReaderView
	// Reader: this console's org (or its account) is a reader; CanOpen:
	// and the console holds a key.
	Reader, CanOpen bool
	// OrgReader: the org itself is a reader (not only its account).
	OrgReader       bool
	OrgKey, AcctKey bool
}

// sealedForm is what the seal form offers: the member orgs and reader
// groups of the configuration.
type sealedForm struct {
	Orgs   []string
	Groups []types.ReaderGroup
	Max    int
}

func (s *Server) sealedFormData(r *http.Request) sealedForm {
	f := sealedForm{Max: MaxSealBytes}
	ctx, cancel := chainCtx(r)
	defer cancel()
	if cfg, err := s.opts.Chain.Config(ctx); err == nil {
		for _, o := range cfg.Orgs {
			f.Orgs = append(f.Orgs, o.Name)
		}
		f.Groups = cfg.ReaderGroups
	}
	return f
}

// sealedPage is the lookup form and the seal form; ?id= goes to a record.
func (s *Server) sealedPage(w http.ResponseWriter, r *http.Request) {
	if q := strings.TrimSpace(r.URL.Query().Get("id")); q != "" {
		id, err := types.ParseHash(strings.TrimPrefix(q, "0x"))
		if err != nil {
			s.fail(w, r, http.StatusBadRequest, "err.bad_hash")
			return
		}
		http.Redirect(w, r, "/sealed/"+id.String(), http.StatusSeeOther)
		return
	}
	p := s.newPage(w, r, "title.sealed", "sealed")
	orgKey, acctKey := s.opts.Chain.EncryptionKeys()
	p.Data = map[string]any{"Form": s.sealedFormData(r), "OrgKey": orgKey, "AcctKey": acctKey}
	s.render(w, "sealed.html", p)
}

// sealedViewOf turns a record into its view, marking this console's
// readers.
func (s *Server) sealedViewOf(rec *types.SealedRecord) sealedView {
	c := s.opts.Chain
	acctName, _ := c.ContractAccount()
	acctID := c.Suite().AccountID(acctName)
	v := sealedView{ID: hex.EncodeToString(rec.GetId()), Owner: hex.EncodeToString(rec.GetOwner()), Height: rec.GetHeight(),
		EnvelopeHash: hex.EncodeToString(rec.GetEnvelopeHash()), EnvelopeSize: rec.GetEnvelopeSize(), Suite: rec.GetSuite(),
		Class: rec.GetClass(), Carrier: rec.GetCarrier().String(), Orgs: rec.GetOrgs(), Groups: rec.GetGroups()}
	if rec.GetTimeMs() != 0 {
		v.Time = time.UnixMilli(rec.GetTimeMs()).UTC().Format(time.RFC3339)
	}
	for _, a := range rec.GetAccounts() {
		v.Accounts = append(v.Accounts, hex.EncodeToString(a))
	}
	for _, rd := range rec.GetReaders() {
		rv := sealedReaderView{Label: rd.GetLabel(), KeyID: hex.EncodeToString(rd.GetKeyId())}
		switch {
		case rd.GetLabel() == types.SealLabelAuditor:
			rv.Kind = "auditor"
		case rd.GetOrg() != "":
			rv.Kind, rv.Name, rv.Self = "org", rd.GetOrg(), rd.GetOrg() == c.Org()
		default:
			rv.Kind, rv.Name = "account", hex.EncodeToString(rd.GetAccount())
			rv.Self = rv.Name == acctID.String()
		}
		if rv.Self {
			v.Reader = true
			v.OrgReader = v.OrgReader || rv.Kind == "org"
		}
		v.Readers = append(v.Readers, rv)
	}
	v.OrgKey, v.AcctKey = c.EncryptionKeys()
	v.CanOpen = v.Reader && (v.OrgKey || v.AcctKey)
	return v
}

func (s *Server) sealedRecord(w http.ResponseWriter, r *http.Request) {
	id, ok := s.evidenceID(w, r)
	if !ok {
		return
	}
	ctx, cancel := chainCtx(r)
	defer cancel()
	got, err := s.opts.Chain.Sealed(ctx, id)
	if err != nil {
		s.failChain(w, r, err)
		return
	}
	p := s.newPage(w, r, "title.sealed_record", "sealed")
	if r.URL.Query().Get("sealed") == "1" {
		p.Notice = p.T("sd.sealed_notice")
	}
	p.Data = map[string]any{"V": s.sealedViewOf(got.GetRecord())}
	s.render(w, "sealed_record.html", p)
}

// openSealed decrypts a payload with the console's keys for the signed-in
// user: shown as text on the page (escaped), or sent as a download.
func (s *Server) openSealed(w http.ResponseWriter, r *http.Request) {
	id, ok := s.evidenceID(w, r)
	if !ok {
		return
	}
	ctx, cancel := chainCtx(r)
	defer cancel()
	got, err := s.opts.Chain.Sealed(ctx, id)
	if err != nil {
		s.failChain(w, r, err)
		return
	}
	plain, err := s.opts.Chain.OpenSealed(ctx, id)
	switch {
	case errors.Is(err, ErrNoEncryptionKey):
		s.fail(w, r, http.StatusConflict, "err.no_enc_key")
		return
	case errors.Is(err, sdk.ErrNotAReader):
		s.fail(w, r, http.StatusForbidden, "err.not_a_reader", err.Error())
		return
	case err != nil:
		s.failChain(w, r, err)
		return
	}
	ss := sessionOf(r)
	s.opts.Logger.Info("console: sealed data opened", "id", id.String(), "user", ss.user)
	if r.PostFormValue("download") == "1" {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": "sealed-" + id.String()[:16] + ".bin"}))
		w.Header().Set("Content-Length", strconv.Itoa(len(plain)))
		_, _ = w.Write(plain)
		return
	}
	p := s.newPage(w, r, "title.sealed_record", "sealed")
	v := s.sealedViewOf(got.GetRecord())
	data := map[string]any{"V": v, "Opened": true, "Size": len(plain)}
	if utf8.Valid(plain) {
		shown := plain
		if len(shown) > maxShownPlaintext {
			shown = shown[:maxShownPlaintext]
			for !utf8.Valid(shown) {
				shown = shown[:len(shown)-1]
			}
			data["Cut"] = true
		}
		data["Text"] = string(shown)
	} else {
		data["Binary"] = true
	}
	p.Data = data
	s.render(w, "sealed_record.html", p)
}

// sealData seals a text or a file to the chosen readers.
func (s *Server) sealData(w http.ResponseWriter, r *http.Request) {
	var data []byte
	if f, _, err := r.FormFile("file"); err == nil {
		data, err = io.ReadAll(io.LimitReader(f, MaxSealBytes+1))
		f.Close()
		if err != nil {
			s.fail(w, r, http.StatusBadRequest, "err.bad_form")
			return
		}
	}
	if len(data) == 0 {
		data = []byte(r.PostFormValue("text"))
	}
	if len(data) == 0 {
		s.fail(w, r, http.StatusBadRequest, "err.seal_empty")
		return
	}
	if len(data) > MaxSealBytes {
		s.fail(w, r, http.StatusRequestEntityTooLarge, "err.too_large")
		return
	}
	rd := sdk.Readers{Orgs: r.PostForm["org"], Groups: r.PostForm["group"]}
	for _, a := range strings.FieldsFunc(r.PostFormValue("accounts"), func(c rune) bool { return c == ',' || c == '\n' || c == '\r' }) {
		if a = strings.TrimSpace(a); a != "" {
			rd.Accounts = append(rd.Accounts, a)
		}
	}
	if len(rd.Orgs)+len(rd.Groups)+len(rd.Accounts) == 0 {
		s.fail(w, r, http.StatusBadRequest, "err.seal_no_reader")
		return
	}
	class := strings.TrimSpace(r.PostFormValue("class"))
	if len(class) > 64 || strings.IndexFunc(class, func(c rune) bool { return c < 0x20 || c > 0x7e }) >= 0 {
		s.fail(w, r, http.StatusBadRequest, "err.seal_class")
		return
	}
	ctx, cancel := chainCtx(r)
	defer cancel()
	res, err := s.opts.Chain.Seal(ctx, data, rd, class)
	if err != nil {
		s.fail(w, r, http.StatusBadGateway, "err.seal", err.Error())
		return
	}
	http.Redirect(w, r, "/sealed/"+res.ID.String()+"?sealed=1", http.StatusSeeOther)
}
