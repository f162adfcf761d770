package console

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/causeway/causeway/types"
)

// The QR code of a certificate of deposit (evidence.QRContent) holds
// "causeway:evidence/ID?chain=CHAIN&hash=ALG:HEX". Its public lookup page
// is /q/evidence/ID?chain=CHAIN&hash=ALG:HEX: the same path and query
// under the console's address, so that a label printer or a scanner app
// maps one to the other by replacing "causeway:" with the console's URL
// plus "/q/" (/lookup does it for a pasted QR content).
//
// The page shows that one record's verification and nothing else: the
// console fetches the record's certificate (proofs) with the org's
// client, checks it offline against the geneses it trusts, exactly as
// the Verify page does, and requires the QR's digest to be the record's:
// the id and the digest together act as the capability, so a guessed id
// alone reveals nothing (not even whether it exists: unknown id, other
// chain and wrong digest get the same answer).

// lookupCache keeps recent lookups' results: a certificate's proofs are
// built once per record, not per scan.
type lookupCache struct {
	mu sync.Mutex
	m  map[string]lookupEntry
}

type lookupEntry struct {
	res verifyResult
	at  time.Time
}

const (
	lookupCacheTTL  = 5 * time.Minute
	lookupCacheSize = 1024
)

func (c *lookupCache) get(key string, now time.Time) (verifyResult, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok || now.Sub(e.at) > lookupCacheTTL {
		return verifyResult{}, false
	}
	return e.res, true
}

func (c *lookupCache) put(key string, res verifyResult, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= lookupCacheSize {
		c.m = map[string]lookupEntry{}
	}
	c.m[key] = lookupEntry{res, now}
}

// lookupForm is the public page where QR content can be pasted; with
// ?qr= it goes straight to the record's page.
func (s *Server) lookupForm(w http.ResponseWriter, r *http.Request) {
	if q := strings.TrimSpace(r.URL.Query().Get("qr")); q != "" {
		rest, ok := strings.CutPrefix(q, "causeway:")
		if ok && strings.HasPrefix(rest, "evidence/") {
			if u, err := url.Parse("/q/" + rest); err == nil && u.Path == "/q/"+strings.SplitN(rest, "?", 2)[0] {
				if l := r.URL.Query().Get("lang"); l == "en" || l == "zh" {
					q := u.Query()
					q.Set("lang", l)
					u.RawQuery = q.Encode()
				}
				http.Redirect(w, r, u.String(), http.StatusSeeOther)
				return
			}
		}
		p := s.newPage(w, r, "title.lookup", "")
		p.Public, p.User = true, ""
		p.Error = p.T("lookup.bad_qr")
		p.status = http.StatusBadRequest
		s.render(w, "lookup.html", p)
		return
	}
	p := s.newPage(w, r, "title.lookup", "")
	p.Public, p.User = true, ""
	s.render(w, "lookup.html", p)
}

// lookup shows the verification of the record a QR code names.
func (s *Server) lookup(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(w, r, "title.lookup", "")
	p.Public, p.User = true, ""
	notFound := func() {
		p.Error = p.T("lookup.not_found")
		p.status = http.StatusNotFound
		s.render(w, "lookup.html", p)
	}
	id, err := types.ParseHash(r.PathValue("id"))
	alg, digest, ok := strings.Cut(r.URL.Query().Get("hash"), ":")
	if err != nil || !ok || alg == "" || len(digest) < 32 || s.opts.Chain == nil || r.URL.Query().Get("chain") != s.opts.Chain.ChainID() {
		notFound()
		return
	}
	digest = strings.ToLower(digest)
	key := id.String() + "|" + alg + ":" + digest
	now := s.opts.Now()
	res, cached := s.lookups.get(key, now)
	if !cached {
		ctx, cancel := chainCtx(r)
		defer cancel()
		cert, err := s.opts.Chain.Certificate(ctx, id)
		if err != nil {
			s.opts.Logger.Info("console: lookup", "id", id.String(), "err", err)
			notFound()
			return
		}
		if !strings.EqualFold(cert.Evidence.HashAlgorithm, alg) || !strings.EqualFold(cert.Evidence.Hash, digest) {
			notFound()
			return
		}
		res = checkCert(s.opts.Geneses, cert, digest)
		s.lookups.put(key, res, now)
	}
	p.Data = res
	s.render(w, "lookup.html", p)
}
