package console

import (
	"context"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/causeway/causeway/types"
)

//go:embed web
var webFS embed.FS

// Limits of the server.
const (
	// MaxBodyBytes bounds a request body; MaxCertificateBytes bounds the
	// one form that uploads a certificate of deposit (its proofs).
	MaxBodyBytes        = 64 << 10
	MaxCertificateBytes = 8 << 20
	// chainTimeout bounds the chain calls of one request; a deposit or a
	// vote waits for its block within it.
	chainTimeout = 45 * time.Second
	// oneTimeTTL is how long a sign-in link stays valid (once).
	oneTimeTTL = 24 * time.Hour
)

// ContentSecurityPolicy is sent with every answer: scripts, styles, images
// and fetches from the console itself only, no inline code, no frames, no
// plug-ins, forms posting only to the console.
const ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// Options configure a Server.
type Options struct {
	// Chain is what the signed-in pages use; nil serves only the public
	// pages (a verify-only console).
	Chain Chain
	// Geneses are the chains' geneses the Verify page trusts.
	Geneses []*types.Genesis
	// Users may sign in with a password; nil allows only the one-time link.
	Users Users
	// TLS marks cookies Secure and sends Strict-Transport-Security.
	TLS bool
	// CookieSuffix is added to cookie names, so that consoles on one host
	// (different ports) keep separate sessions.
	CookieSuffix string
	// Evidence is the file that lists the org's deposits made through the
	// console ("": kept in memory only).
	EvidenceFile string
	// ContractsFile keeps the artifacts uploaded and the contracts deployed
	// through the console ("": in memory only).
	ContractsFile string
	// IssuedDir is where client certificates and keys issued through the
	// Members page are written ("": issuing is disabled).
	IssuedDir string
	// Metro, with Chain, adds the Metro page (the metro scenario's
	// deployment, causeway console --metro DIR); nil: no page, no link.
	Metro Metro
	// Trade, with Chain, adds the Trade page (causeway console --trade
	// DIR); nil: no page, no link.
	Trade Trade
	// Trace, with Chain, adds the Traceability page (causeway console
	// --trace DIR); nil: no page, no link. PublicURL is the console's
	// address as consumers reach it: printed labels' QR codes open
	// PublicURL/q/item/CODE ("": labels are not printed).
	Trace     Trace
	PublicURL string
	// Judicial, with Chain, lets the Judicial page export evidence
	// packages (causeway console, --judicial-network for more chains);
	// nil: the page only links to the public package verification.
	Judicial Judicial
	// Logger logs requests that fail (default: discard).
	Logger *slog.Logger
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Server is the console's HTTP handler. It is safe for concurrent use.
type Server struct {
	opts      Options
	sessions  *sessions
	pages     map[string]*template.Template
	mux       *http.ServeMux
	routes    []route
	evidence  *evidenceIndex
	contracts *contractStore
	issued    *issuedIndex
	lookups   lookupCache
	signIns   *signInLimiter
	samples   *sampler
	jud       *judicialState
	handler   http.Handler
	static    http.Handler
}

// route is one entry of the console's routing table.
type route struct {
	method, path string
	// public routes answer without a session.
	public bool
	h      http.HandlerFunc
}

// New returns a console server.
func New(opts Options) (*Server, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{opts: opts, sessions: newSessions(opts.Now), samples: newSampler(90), signIns: newSignInLimiter(opts.Now), jud: newJudicialState(opts.Now)}
	var err error
	if s.evidence, err = openEvidenceIndex(opts.EvidenceFile); err != nil {
		return nil, err
	}
	if s.contracts, err = openContractStore(opts.ContractsFile); err != nil {
		return nil, err
	}
	if opts.IssuedDir != "" {
		if err := os.MkdirAll(opts.IssuedDir, 0o700); err != nil {
			return nil, err
		}
	}
	if s.issued, err = openIssuedIndex(opts.IssuedDir); err != nil {
		return nil, err
	}
	if s.pages, err = parsePages(); err != nil {
		return nil, err
	}
	sub, err := fs.Sub(webFS, "web/static")
	if err != nil {
		return nil, err
	}
	s.static = http.StripPrefix("/static/", http.FileServerFS(sub))
	s.routes = s.routeTable()
	s.mux = http.NewServeMux()
	for _, rt := range s.routes {
		h := rt.h
		if !rt.public {
			h = s.requireSession(h)
		}
		if rt.method == http.MethodPost {
			h = s.requireCSRF(h, rt.public)
		}
		s.mux.HandleFunc(rt.method+" "+rt.path, h)
	}
	s.mux.HandleFunc("/", s.notFound)
	cop := http.NewCrossOriginProtection()
	s.handler = s.secure(cop.Handler(s.mux))
	return s, nil
}

// routeTable lists every page and action of the console.
func (s *Server) routeTable() []route {
	pub := func(method, path string, h http.HandlerFunc) route { return route{method, path, true, h} }
	priv := func(method, path string, h http.HandlerFunc) route { return route{method, path, false, h} }
	rs := []route{
		pub("GET", "/static/", s.serveStatic),
		pub("GET", "/signin", s.signInLink),
		pub("GET", "/login", s.loginPage),
		pub("POST", "/login", s.login),
		pub("GET", "/verify", s.verifyPage),
		pub("POST", "/verify", s.verify),
		pub("GET", "/lookup", s.lookupForm),
		pub("GET", "/q/evidence/{id}", s.lookup),
		pub("GET", "/judicial/verify", s.judicialVerifyPage),
		pub("POST", "/judicial/verify", s.judicialVerify),
		priv("POST", "/logout", s.logout),
	}
	if s.opts.Chain == nil {
		return rs
	}
	if s.opts.Metro != nil {
		rs = append(rs,
			priv("GET", "/metro", s.metroPage),
			priv("GET", "/metro/gate", s.metroGate),
		)
	}
	if s.opts.Trade != nil {
		rs = append(rs,
			priv("GET", "/trade", s.tradePage),
			priv("POST", "/trade/order/{id}/terms", s.tradeTerms),
		)
	}
	if s.opts.Trace != nil {
		rs = append(rs,
			priv("GET", "/trace", s.tracePage),
			priv("GET", "/trace/batch/{no}", s.traceBatch),
			priv("POST", "/trace/batch/{no}/labels", s.traceLabels),
		)
	}
	rs = append(rs,
		priv("GET", "/judicial", s.judicialPage),
		priv("POST", "/judicial/export", s.judicialExport),
		priv("GET", "/judicial/export/{id}/package.json", s.judicialDownload),
		priv("GET", "/judicial/export/{id}/summary.pdf", s.judicialDownload),
	)
	return append(rs,
		priv("GET", "/{$}", s.overview),
		priv("GET", "/api/overview", s.overviewJSON),
		priv("GET", "/overview/chart.svg", s.chart),
		priv("GET", "/explorer", s.explorer),
		priv("GET", "/explorer/block/{height}", s.block),
		priv("GET", "/explorer/tx/{hash}", s.tx),
		priv("GET", "/explorer/account/{account}", s.account),
		priv("GET", "/explorer/search", s.search),
		priv("GET", "/evidence", s.evidencePage),
		priv("POST", "/evidence", s.deposit),
		priv("GET", "/evidence/{id}", s.evidenceRecord),
		priv("GET", "/evidence/{id}/certificate.json", s.certificateJSON),
		priv("GET", "/evidence/{id}/certificate.pdf", s.certificatePDF),
		priv("GET", "/governance", s.governance),
		priv("POST", "/governance/propose", s.propose),
		priv("POST", "/governance/{id}/vote", s.vote),
		priv("GET", "/contracts", s.contractsPage),
		priv("POST", "/contracts/upload", s.uploadArtifact),
		priv("GET", "/contracts/artifact/{id}", s.artifactPage),
		priv("POST", "/contracts/artifact/{id}/deploy", s.deploy),
		priv("POST", "/contracts/artifact/{id}/attach", s.attach),
		priv("GET", "/contracts/at/{address}", s.contractPage),
		priv("POST", "/contracts/at/{address}/query", s.queryContract),
		priv("POST", "/contracts/at/{address}/call", s.callContract),
		priv("GET", "/contracts/tx/{hash}", s.contractTx),
		priv("GET", "/members", s.members),
		priv("POST", "/members/issue", s.issueCert),
		priv("POST", "/members/revoke", s.proposeRevoke),
		priv("GET", "/sealed", s.sealedPage),
		priv("POST", "/sealed", s.sealData),
		priv("GET", "/sealed/{id}", s.sealedRecord),
		priv("POST", "/sealed/{id}/open", s.openSealed),
		priv("GET", "/tokens", s.tokensPage),
		priv("POST", "/tokens/balance", s.tokenBalance),
		priv("GET", "/crosschain", s.crossChain),
		priv("GET", "/crosschain/message", s.crossMessage),
		priv("GET", "/crosschain/message/{id}", s.crossMessage),
	)
}

// Handler returns the console's HTTP handler.
func (s *Server) Handler() http.Handler { return s.handler }

// HTTPServer returns an http.Server for the console on addr, with the
// console's timeouts and header limit.
func (s *Server) HTTPServer(addr string) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           s.handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      chainTimeout + 15*time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    16 << 10,
	}
}

// SignInLink returns a new one-time sign-in link under base (the console's
// URL, "http://127.0.0.1:8080"): it signs the first browser that opens it
// in, once, within 24 hours.
func (s *Server) SignInLink(base string) string {
	return strings.TrimSuffix(base, "/") + "/signin?token=" + s.sessions.newOneTime(oneTimeTTL)
}

// Run samples the chain for the Overview's charts until ctx ends.
func (s *Server) Run(ctx context.Context) {
	if s.opts.Chain == nil {
		return
	}
	t := time.NewTicker(2 * time.Second)
	defer t.Stop()
	for {
		s.samples.sample(ctx, s.opts.Chain, s.opts.Now())
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// secure adds the security headers and the body limit to every answer.
func (s *Server) secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		if s.opts.TLS {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		if !strings.HasPrefix(r.URL.Path, "/static/") {
			h.Set("Cache-Control", "no-store")
		}
		limit := int64(MaxBodyBytes)
		switch r.URL.Path {
		case "/verify":
			limit = MaxCertificateBytes
		case "/contracts/upload":
			limit = MaxArtifactBytes + 64<<10
		case "/sealed":
			limit = MaxSealBytes + 64<<10
		case "/judicial/verify":
			limit = maxPackageUpload
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next.ServeHTTP(w, r)
	})
}

type ctxKey struct{}

// sessionOf returns the request's session (set by requireSession), or nil.
func sessionOf(r *http.Request) *session {
	ss, _ := r.Context().Value(ctxKey{}).(*session)
	return ss
}

// currentSession returns the live session of the request's cookie.
func (s *Server) currentSession(r *http.Request) *session {
	return s.sessions.get(s.cookieValue(r, "cw_session"))
}

// requireSession refuses a request without a live session: a page is sent
// to the sign-in page (303), anything else gets 401.
func (s *Server) requireSession(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ss := s.currentSession(r)
		if ss == nil {
			if r.Method == http.MethodGet && !strings.HasPrefix(r.URL.Path, "/api/") && !strings.HasSuffix(r.URL.Path, ".svg") &&
				!strings.HasSuffix(r.URL.Path, ".json") && !strings.HasSuffix(r.URL.Path, ".pdf") {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.Path), http.StatusSeeOther)
				return
			}
			http.Error(w, tr(s.lang(w, r), "err.signin_required"), http.StatusUnauthorized)
			return
		}
		next(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, ss)))
	}
}

// requireCSRF refuses a POST whose CSRF token is missing or wrong: the
// session's token for signed-in forms, the double-submit cookie's for the
// public forms (sign-in, verify). A body over the limit is refused (413).
func (s *Server) requireCSRF(next http.HandlerFunc, public bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var err error
		if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
			err = r.ParseMultipartForm(1 << 20)
		} else {
			err = r.ParseForm()
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				http.Error(w, tr(s.lang(w, r), "err.too_large"), http.StatusRequestEntityTooLarge)
				return
			}
			http.Error(w, tr(s.lang(w, r), "err.bad_form"), http.StatusBadRequest)
			return
		}
		got := r.Header.Get("X-CSRF-Token")
		if got == "" {
			got = r.PostFormValue("csrf")
		}
		want := ""
		if public {
			want = s.cookieValue(r, "cw_csrf")
		} else if ss := s.currentSession(r); ss != nil {
			want = ss.csrf
		}
		if !equalToken(got, want) {
			http.Error(w, tr(s.lang(w, r), "err.csrf"), http.StatusForbidden)
			return
		}
		next(w, r)
	}
}

// publicCSRF returns the double-submit token of the public forms, setting
// its cookie if the browser has none.
func (s *Server) publicCSRF(w http.ResponseWriter, r *http.Request) string {
	if v := s.cookieValue(r, "cw_csrf"); len(v) >= 32 {
		return v
	}
	v := randomToken()
	http.SetCookie(w, s.cookie("cw_csrf", v, 0))
	return v
}

// lang picks the language: ?lang= (remembered in a cookie), the cookie,
// then Accept-Language.
func (s *Server) lang(w http.ResponseWriter, r *http.Request) string {
	if l := r.URL.Query().Get("lang"); l == "en" || l == "zh" {
		c := s.cookie("cw_lang", l, 365*24*3600)
		http.SetCookie(w, c)
		return l
	}
	if l := s.cookieValue(r, "cw_lang"); l == "en" || l == "zh" {
		return l
	}
	if strings.HasPrefix(strings.ToLower(r.Header.Get("Accept-Language")), "zh") {
		return "zh"
	}
	return "en"
}

func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-cache")
	s.static.ServeHTTP(w, r)
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(w, r, "title.not_found", "")
	p.status = http.StatusNotFound
	p.Error = p.T("err.not_found")
	s.render(w, "message.html", p)
}

// signInLink consumes a one-time sign-in token and starts a session.
func (s *Server) signInLink(w http.ResponseWriter, r *http.Request) {
	if !s.sessions.useOneTime(r.URL.Query().Get("token")) {
		p := s.newPage(w, r, "title.signin", "")
		p.Public = true
		p.Error = p.T("err.link_used")
		p.status = http.StatusForbidden
		s.render(w, "message.html", p)
		return
	}
	s.startSession(w, "operator")
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (s *Server) startSession(w http.ResponseWriter, user string) {
	id, _ := s.sessions.create(user)
	http.SetCookie(w, s.cookie("cw_session", id, 0))
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(w, r, "title.signin", "")
	p.Public = true
	p.CSRF = s.publicCSRF(w, r)
	p.Data = map[string]any{"Next": safeNext(r.URL.Query().Get("next")), "HasUsers": len(s.opts.Users) > 0}
	s.render(w, "login.html", p)
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	name, pw := r.PostFormValue("user"), r.PostFormValue("password")
	addr := remoteHost(r)
	refuse := func(status int, msg string) {
		p := s.newPage(w, r, "title.signin", "")
		p.Public = true
		p.CSRF = s.publicCSRF(w, r)
		p.Error = msg
		p.Data = map[string]any{"Next": safeNext(r.PostFormValue("next")), "HasUsers": len(s.opts.Users) > 0}
		p.status = status
		s.render(w, "login.html", p)
	}
	// The limit is checked before the password, so that a refused try
	// costs no bcrypt comparison and tells nothing.
	if ok, wait := s.signIns.allow(addr, name); !ok {
		mins := int((wait + time.Minute - 1) / time.Minute)
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		refuse(http.StatusTooManyRequests, tr(s.lang(w, r), "err.rate_limited", mins))
		return
	}
	if len(s.opts.Users) == 0 || !s.opts.Users.check(name, pw) {
		_, known := s.opts.Users[name]
		s.signIns.failed(addr, name, known)
		refuse(http.StatusUnauthorized, tr(s.lang(w, r), "err.bad_password"))
		return
	}
	s.signIns.succeeded(addr, name)
	s.startSession(w, name)
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	s.sessions.end(s.cookieValue(r, "cw_session"))
	http.SetCookie(w, s.cookie("cw_session", "", -1))
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// safeNext keeps a redirect target inside the console: a path, never
// another origin ("//evil", "/\evil", "https://...").
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return "/"
	}
	return next
}

// chainCtx bounds a request's chain calls.
func chainCtx(r *http.Request) (context.Context, context.CancelFunc) {
	return context.WithTimeout(r.Context(), chainTimeout)
}

// fail renders an error page with status and a localised message (args
// are untrusted and escaped like everything else).
func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, key string, args ...any) {
	p := s.newPage(w, r, "title.error", "")
	p.Error = p.T(key, args...)
	p.status = status
	s.render(w, "message.html", p)
}

// failChain renders a chain error: not found as 404, else 502.
func (s *Server) failChain(w http.ResponseWriter, r *http.Request, err error) {
	s.opts.Logger.Warn("console: chain call failed", "path", r.URL.Path, "err", err)
	if isNotFound(err) {
		s.fail(w, r, http.StatusNotFound, "err.not_found")
		return
	}
	s.fail(w, r, http.StatusBadGateway, "err.chain", err.Error())
}
