package console

import (
	"bufio"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/types"
)

// certView is a certificate as the Members page shows it.
type certView struct {
	What      string // catalogue key: ca, retiring_ca, tls, sign, client
	Subject   string
	Issuer    string
	Serial    string // lower-case hex, as revoke_cert takes it
	NotBefore string // RFC 3339
	NotAfter  string // RFC 3339
	// Fingerprint is the SHA-256 of the DER certificate, hex.
	Fingerprint string
	Role        string
	Revoked     bool
	Expired     bool
	Error       string
}

func certViewOf(what, pemText string, revoked []string, now time.Time) certView {
	v := certView{What: what}
	c, err := pki.ParseCertPEM([]byte(pemText))
	if err != nil {
		v.Error = err.Error()
		return v
	}
	return certViewOfCert(what, c, revoked, now)
}

func certViewOfCert(what string, c *x509.Certificate, revoked []string, now time.Time) certView {
	id := pki.IdentityOf(c)
	fp := sha256.Sum256(c.Raw)
	return certView{What: what, Subject: c.Subject.String(), Issuer: c.Issuer.String(), Serial: id.Serial,
		NotBefore: c.NotBefore.UTC().Format(time.RFC3339), NotAfter: c.NotAfter.UTC().Format(time.RFC3339),
		Fingerprint: hex.EncodeToString(fp[:]), Role: string(id.Role),
		Revoked: slices.Contains(revoked, id.Serial), Expired: now.After(c.NotAfter)}
}

type orgView struct {
	Name, Admin string
	Certs       []certView
	Nodes       []nodeView
	Self        bool
}

type nodeView struct {
	ID      uint64
	Address string
	Certs   []certView
}

// issuedCert is a client certificate issued by this console.
type issuedCert struct {
	CommonName string    `json:"common_name"`
	Serial     string    `json:"serial"`
	Cert       string    `json:"cert"` // file
	Key        string    `json:"key"`  // file
	Issued     time.Time `json:"issued"`
}

// issuedIndex lists the certificates issued through this console (JSON
// lines next to their folders).
type issuedIndex struct {
	mu   sync.Mutex
	dir  string
	list []issuedCert
}

func openIssuedIndex(dir string) (*issuedIndex, error) {
	ix := &issuedIndex{dir: dir}
	if dir == "" {
		return ix, nil
	}
	f, err := os.Open(filepath.Join(dir, "issued.jsonl"))
	if errors.Is(err, os.ErrNotExist) {
		return ix, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var ic issuedCert
		if json.Unmarshal(sc.Bytes(), &ic) == nil {
			ix.list = append(ix.list, ic)
		}
	}
	return ix, sc.Err()
}

func (ix *issuedIndex) add(ic issuedCert) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.list = append(ix.list, ic)
	if ix.dir == "" {
		return nil
	}
	f, err := os.OpenFile(filepath.Join(ix.dir, "issued.jsonl"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	b, _ := json.Marshal(ic)
	_, err = f.Write(append(b, '\n'))
	return err
}

func (ix *issuedIndex) all() []issuedCert {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	out := make([]issuedCert, len(ix.list))
	for i, ic := range ix.list {
		out[len(out)-1-i] = ic
	}
	return out
}

type issuedView struct {
	issuedCert
	Info    certView
	CertPEM string
}

type membersData struct {
	Version uint64
	Orgs    []orgView
	Revoked []string
	Issued  []issuedView
	// Fresh is the certificate just issued (?issued=SERIAL).
	Fresh *issuedView
}

func (s *Server) members(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(w, r, "title.members", "members")
	ctx, cancel := chainCtx(r)
	defer cancel()
	cfg, err := s.opts.Chain.Config(ctx)
	if err != nil {
		s.failChain(w, r, err)
		return
	}
	now := s.opts.Now()
	d := membersData{Version: cfg.Version, Revoked: cfg.Revoked}
	for _, o := range cfg.Orgs {
		ov := orgView{Name: o.Name, Admin: o.Admin, Self: o.Name == s.opts.Chain.Org()}
		ov.Certs = append(ov.Certs, certViewOf("ca", o.CACert, cfg.Revoked, now))
		if o.RetiringCACert != "" {
			ov.Certs = append(ov.Certs, certViewOf("retiring_ca", o.RetiringCACert, cfg.Revoked, now))
		}
		for _, n := range cfg.Nodes {
			if n.Org != o.Name {
				continue
			}
			nv := nodeView{ID: n.ID, Address: n.Address}
			nv.Certs = append(nv.Certs, certViewOf("tls", n.TLSCert, cfg.Revoked, now), certViewOf("sign", n.SignCert, cfg.Revoked, now))
			ov.Nodes = append(ov.Nodes, nv)
		}
		d.Orgs = append(d.Orgs, ov)
	}
	fresh := r.URL.Query().Get("issued")
	for _, ic := range s.issued.all() {
		iv := issuedView{issuedCert: ic}
		if b, err := os.ReadFile(ic.Cert); err == nil {
			iv.Info = certViewOf("client", string(b), cfg.Revoked, now)
			if ic.Serial == fresh {
				iv.CertPEM = string(b)
				f := iv
				d.Fresh = &f
			}
		} else {
			iv.Info = certView{What: "client", Serial: ic.Serial, Error: err.Error(), Revoked: slices.Contains(cfg.Revoked, ic.Serial)}
		}
		d.Issued = append(d.Issued, iv)
	}
	p.Data = d
	s.render(w, "members.html", p)
}

var commonNameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// issueCert issues a client certificate with the org's CA into the
// console's folder (issued/CN-SERIAL/cert.pem and key.pem).
func (s *Server) issueCert(w http.ResponseWriter, r *http.Request) {
	cn := strings.TrimSpace(r.PostFormValue("common_name"))
	if !commonNameRE.MatchString(cn) {
		s.fail(w, r, http.StatusBadRequest, "err.bad_common_name")
		return
	}
	if s.issued.dir == "" {
		s.fail(w, r, http.StatusServiceUnavailable, "err.issue", "no folder to keep issued keys in")
		return
	}
	tmp, err := os.MkdirTemp(s.issued.dir, "issuing-")
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, "err.issue", err.Error())
		return
	}
	cred, err := s.opts.Chain.IssueClientCert(cn, tmp)
	if err != nil {
		os.RemoveAll(tmp)
		s.fail(w, r, http.StatusBadGateway, "err.issue", err.Error())
		return
	}
	c, err := pki.LoadCertPEM(cred.Cert)
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, "err.issue", err.Error())
		return
	}
	serial := pki.IdentityOf(c).Serial
	final := filepath.Join(s.issued.dir, cn+"-"+serial)
	if err := os.Rename(tmp, final); err != nil {
		s.fail(w, r, http.StatusInternalServerError, "err.issue", err.Error())
		return
	}
	ic := issuedCert{CommonName: cn, Serial: serial, Cert: filepath.Join(final, filepath.Base(cred.Cert)), Key: filepath.Join(final, filepath.Base(cred.Key)), Issued: s.opts.Now().UTC()}
	if err := s.issued.add(ic); err != nil {
		s.opts.Logger.Warn("console: recording an issued certificate", "err", err)
	}
	http.Redirect(w, r, "/members?issued="+url.QueryEscape(serial)+"#issued", http.StatusSeeOther)
}

var serialRE = regexp.MustCompile(`^[0-9a-f]{1,64}$`)

// proposeRevoke proposes revoke_cert for a serial as the org's admin.
func (s *Server) proposeRevoke(w http.ResponseWriter, r *http.Request) {
	serial := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(r.PostFormValue("serial")), "0x"))
	if !serialRE.MatchString(serial) {
		s.fail(w, r, http.StatusBadRequest, "err.bad_serial")
		return
	}
	prop := &types.Proposal{Description: r.PostFormValue("description"), Action: &types.Proposal_RevokeCert{RevokeCert: &types.RevokeCert{Serial: serial}}}
	ctx, cancel := chainCtx(r)
	defer cancel()
	id, err := s.opts.Chain.Propose(ctx, prop)
	if err != nil {
		s.fail(w, r, http.StatusBadGateway, "err.propose", err.Error())
		return
	}
	http.Redirect(w, r, "/governance?done="+url.QueryEscape(id.String()), http.StatusSeeOther)
}
