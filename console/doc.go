// Package console is Causeway's web console: a web server that one member
// organisation runs for itself (`causeway console`), acting as that org
// through its client certificate (reads, evidence) and its admin key
// (governance), over the SDK like any other client. It serves the pages an
// operator or a business user needs — Overview (nodes, health, live charts),
// Explorer (blocks paged from the tip, a block, a transaction with its
// receipt and events, an account, search), Evidence (deposit a digest
// computed in the browser, list, certificates as JSON and PDF) and
// Governance (proposals, votes, proposing a parameter change) — and one
// public page, Verify, that checks a certificate of deposit offline against
// the genesis the console trusts.
//
// Design: server-rendered pages (html/template) and one small hand-written
// script (web/static/app.js), embedded in the binary with go:embed. This
// keeps to the map in DESIGN.md: the console is one more SDK client with no
// logic of its own beyond presentation, there is no build step and no npm
// tree to audit or pin, every value that came from the chain passes through
// html/template's contextual escaping (it is untrusted: metadata, names,
// descriptions are written by other members), and a strict
// Content-Security-Policy (scripts and styles from 'self' only, no inline
// code) holds because nothing needs to be inlined. The script only adds what
// a server cannot do: hashing a file in the browser with WebCrypto (so the
// file never leaves the user's machine), polling the overview, and switching
// nothing else. Charts are SVG drawn on the server (a sparkline per series),
// served as images from the console's own origin: a vendored chart library
// would add more code than the whole console's script for two line charts.
//
// Security rules, each tested in console_test.go:
//   - every page except the public ones (/verify, /login, the one-time
//     /signin link, static assets) answers only to a signed-in session;
//   - sessions are random 256-bit tokens in HttpOnly, SameSite=Strict
//     cookies (Secure under TLS), expiring after 12 hours idle;
//   - every state-changing request (POST) carries a CSRF token: the
//     session's, or for the public forms a double-submit cookie; and
//     cross-origin POSTs are refused (net/http.CrossOriginProtection);
//   - the one-time sign-in link printed at start works once;
//   - passwords of configured users are bcrypt hashes;
//   - request bodies are bounded (64 KiB; 8 MiB for a certificate upload),
//     and the server has header, read, write and idle timeouts;
//   - the Verify page is built from the trusted geneses only: it holds no
//     client of the chain, so it cannot reveal anything the uploaded
//     certificate does not already hold.
//
// Every user-visible string goes through the message catalogue (i18n.go),
// English and Chinese, switched by one click (?lang=, remembered in a
// cookie).
package console
