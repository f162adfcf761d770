package console

import (
	"encoding/hex"
	"errors"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/causeway/causeway/services/evidence"
	"github.com/causeway/causeway/types"
)

// verifyResult is what the public Verify page shows: only what the
// uploaded certificate holds and what checking it against the trusted
// geneses proved. It is computed by checkCertificate, which has no access
// to the chain.
type verifyResult struct {
	Valid bool
	// File: "" (not checked), "match" or "mismatch".
	File string
	// Why is the catalogue key that says in the reader's language why the
	// check failed; Reason is the checker's technical detail (English).
	Why      string
	Reason   string
	ID       string
	Digest   string
	Alg      string
	Org      string
	By       string
	Owner    string
	Time     string
	Metadata [][2]string
	Anchors  []evidence.AnchorReport
}

// checkCertificate checks a certificate offline against geneses, with the
// file's digest if given (hex, computed in the browser).
func checkCertificate(geneses []*types.Genesis, raw []byte, digestHex string) verifyResult {
	cert, err := evidence.ParseCertificate(raw)
	if err != nil {
		return verifyResult{Why: "verify.why.unreadable", Reason: err.Error()}
	}
	return checkCert(geneses, cert, digestHex)
}

// checkCert is checkCertificate on a parsed certificate.
func checkCert(geneses []*types.Genesis, cert *evidence.Certificate, digestHex string) verifyResult {
	opts := evidence.VerifyOptions{Geneses: geneses}
	if digestHex != "" {
		d, err := hex.DecodeString(strings.TrimPrefix(strings.TrimSpace(digestHex), "0x"))
		if err != nil {
			return verifyResult{Why: "verify.why.unreadable", Reason: "the file digest is not hex"}
		}
		opts.Hash = d
	}
	rep, err := evidence.Verify(cert, opts)
	res := verifyResult{Valid: err == nil, ID: rep.Record.ID}
	if err != nil {
		res.Reason, res.Why = err.Error(), whyKey(rep.Code)
		if errors.Is(err, evidence.ErrFileMismatch) {
			res.File = "mismatch"
		}
		// The record is shown only once the chain's proofs hold: an
		// unverified certificate says nothing about who deposited what.
		if res.File != "mismatch" {
			return res
		}
	} else if digestHex != "" {
		res.File = "match"
	}
	e := rep.Record
	res.Digest, res.Alg, res.Org, res.By, res.Owner, res.Time, res.Anchors = e.Hash, e.HashAlgorithm, e.Org, e.Depositor, e.Owner, e.Time, rep.Anchors
	for _, k := range slices.Sorted(maps.Keys(e.Metadata)) {
		res.Metadata = append(res.Metadata, [2]string{k, e.Metadata[k]})
	}
	return res
}

// newPublicPage is a page that needs no session and shows no user, with
// the CSRF token of a public form.
func (s *Server) newPublicPage(w http.ResponseWriter, r *http.Request, title, nav string) *page {
	p := s.newPage(w, r, title, nav)
	p.Public, p.User = true, ""
	p.CSRF = s.publicCSRF(w, r)
	return p
}

// verifyPage is the public Verify form.
func (s *Server) verifyPage(w http.ResponseWriter, r *http.Request) {
	p := s.newPublicPage(w, r, "title.verify", "verify")
	s.render(w, "verify.html", p)
}

// verify checks an uploaded certificate (file field "certificate", or the
// pasted "certificate_text"), with the digest the browser computed of the
// optional file.
func (s *Server) verify(w http.ResponseWriter, r *http.Request) {
	p := s.newPublicPage(w, r, "title.verify", "verify")
	raw := []byte(r.PostFormValue("certificate_text"))
	if f, _, err := r.FormFile("certificate"); err == nil {
		raw, err = io.ReadAll(io.LimitReader(f, MaxCertificateBytes))
		f.Close()
		if err != nil {
			s.fail(w, r, http.StatusBadRequest, "err.bad_form")
			return
		}
	}
	if len(strings.TrimSpace(string(raw))) == 0 {
		p.Error = p.T("verify.none")
		s.render(w, "verify.html", p)
		return
	}
	res := checkCertificate(s.opts.Geneses, raw, r.PostFormValue("hash"))
	p.Data = res
	s.render(w, "verify.html", p)
}

// whyKey is the catalogue key of a verification failure's code.
func whyKey(code string) string {
	switch code {
	case "file_mismatch", "certificate_mismatch", "no_genesis", "deposit_failed", "wrong_genesis":
		return "verify.why." + code
	}
	return "verify.why.proofs"
}
