package console

import (
	"bytes"
	"encoding/hex"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/causeway/causeway/sdk"
)

// page is what every template gets. Chain values reach templates only as
// data, and html/template escapes them for their context.
type page struct {
	Lang  string
	Title string // catalogue key
	Nav   string
	// User and CSRF are set on signed-in pages; Public pages show no
	// navigation and nothing about the console's chain or org.
	User    string
	CSRF    string
	Org     string
	ChainID string
	Public  bool
	// Metro: the console shows the Metro page (started with a deployment).
	Metro  bool
	Trade  bool // the Trade page (started with a trade deployment)
	Trace  bool // the Traceability page (started with --trace)
	Path   string
	query  url.Values
	Error  string
	Notice string
	Data   any
	// status is the HTTP status to answer with (0: 200).
	status int
}

// T returns the message key of the page's language, formatted with args.
func (p *page) T(key string, args ...any) string { return tr(p.Lang, key, args...) }

// LangURL is the current page in language l.
func (p *page) LangURL(l string) string {
	q := url.Values{}
	for k, v := range p.query {
		if k != "lang" && k != "token" {
			q[k] = v
		}
	}
	q.Set("lang", l)
	return p.Path + "?" + q.Encode()
}

func (s *Server) newPage(w http.ResponseWriter, r *http.Request, title, nav string) *page {
	p := &page{Lang: s.lang(w, r), Title: title, Nav: nav, Path: r.URL.Path, query: r.URL.Query()}
	if ss := sessionOf(r); ss != nil {
		p.User, p.CSRF = ss.user, ss.csrf
		if c := s.opts.Chain; c != nil {
			p.Org, p.ChainID = c.Org(), c.ChainID()
			p.Metro = s.opts.Metro != nil
			p.Trade = s.opts.Trade != nil
			p.Trace = s.opts.Trace != nil
		}
	}
	return p
}

var funcs = template.FuncMap{
	"hex": func(b []byte) string { return hex.EncodeToString(b) },
	"short": func(s string) string {
		if len(s) > 16 {
			return s[:8] + "…" + s[len(s)-6:]
		}
		return s
	},
	"ms": func(ms int64) string {
		if ms == 0 {
			return ""
		}
		return time.UnixMilli(ms).UTC().Format("2006-01-02 15:04:05.000 UTC")
	},
	"add":   func(a, b uint64) uint64 { return a + b },
	"deref": func(p *uint64) uint64 { return *p },
	"state": stateKey,
	"sub": func(a, b uint64) uint64 {
		if b > a {
			return 0
		}
		return a - b
	},
}

// parsePages parses every page template with the layout.
func parsePages() (map[string]*template.Template, error) {
	names, err := fs.Glob(webFS, "web/templates/*.html")
	if err != nil {
		return nil, err
	}
	out := map[string]*template.Template{}
	for _, n := range names {
		base := path.Base(n)
		if base == "layout.html" {
			continue
		}
		t, err := template.New(base).Funcs(funcs).ParseFS(webFS, "web/templates/layout.html", n)
		if err != nil {
			return nil, err
		}
		out[base] = t
	}
	return out, nil
}

// render executes a page into a buffer first, so that a template error
// never sends half a page.
func (s *Server) render(w http.ResponseWriter, name string, p *page) {
	var b bytes.Buffer
	if err := s.pages[name].ExecuteTemplate(&b, "layout", p); err != nil {
		s.opts.Logger.Error("console: template", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if p.status != 0 {
		w.WriteHeader(p.status)
	}
	_, _ = w.Write(b.Bytes())
}

func isNotFound(err error) bool {
	return sdk.IsNotFound(err) || strings.Contains(err.Error(), "not found")
}
