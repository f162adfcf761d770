package console

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// Users are the accounts that may sign in with a password: name -> bcrypt
// hash. The one-time sign-in link needs none.
type Users map[string][]byte

// usersFile is the format of a users file (causeway console --users):
//
//	{"users": [{"name": "alice", "password_hash": "$2a$12$..."}]}
//
// `causeway console hash-password` prints a hash.
type usersFile struct {
	Users []struct {
		Name         string `json:"name"`
		PasswordHash string `json:"password_hash"`
	} `json:"users"`
}

// LoadUsers reads a users file. Every hash must be a bcrypt hash: a
// plain-text password is refused.
func LoadUsers(path string) (Users, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f usersFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("users file %s: %w", path, err)
	}
	u := Users{}
	for i, e := range f.Users {
		if e.Name == "" {
			return nil, fmt.Errorf("users file %s: user %d has no name", path, i)
		}
		if _, err := bcrypt.Cost([]byte(e.PasswordHash)); err != nil {
			return nil, fmt.Errorf("users file %s: user %q: password_hash is not a bcrypt hash (make one with causeway console hash-password): %v", path, e.Name, err)
		}
		u[e.Name] = []byte(e.PasswordHash)
	}
	return u, nil
}

// HashPassword returns the bcrypt hash of a password, for a users file.
func HashPassword(password string) (string, error) {
	if len(password) < 8 {
		return "", errors.New("the password must have at least 8 characters")
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), 12)
	return string(h), err
}

// dummyHash makes a sign-in with an unknown name cost what one with a
// known name costs.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("causeway-console-dummy"), bcrypt.MinCost)

// check reports whether name and password match a user.
func (u Users) check(name, password string) bool {
	h, ok := u[name]
	if !ok {
		_ = bcrypt.CompareHashAndPassword(dummyHash, []byte(password))
		return false
	}
	return bcrypt.CompareHashAndPassword(h, []byte(password)) == nil
}

// session is a signed-in browser.
type session struct {
	user    string
	csrf    string
	expires time.Time
}

// sessions holds the sessions and the one-time sign-in tokens.
type sessions struct {
	mu      sync.Mutex
	byID    map[string]*session
	oneTime map[string]time.Time // token -> expiry
	idle    time.Duration
	now     func() time.Time
}

func newSessions(now func() time.Time) *sessions {
	return &sessions{byID: map[string]*session{}, oneTime: map[string]time.Time{}, idle: 12 * time.Hour, now: now}
}

// randomToken returns 256 random bits, base64url.
func randomToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// newOneTime returns a sign-in token valid once, until ttl has passed.
func (s *sessions) newOneTime(ttl time.Duration) string {
	t := randomToken()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.oneTime[t] = s.now().Add(ttl)
	return t
}

// useOneTime consumes a sign-in token: true once for a token newOneTime
// made and that has not expired, false ever after.
func (s *sessions) useOneTime(t string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	exp, ok := s.oneTime[t]
	if !ok {
		return false
	}
	delete(s.oneTime, t)
	return s.now().Before(exp)
}

// create starts a session for user and returns its id.
func (s *sessions) create(user string) (string, *session) {
	id := randomToken()
	ss := &session{user: user, csrf: randomToken(), expires: s.now().Add(s.idle)}
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, v := range s.byID { // drop expired sessions
		if s.now().After(v.expires) {
			delete(s.byID, k)
		}
	}
	s.byID[id] = ss
	return id, ss
}

// get returns the live session with id, extending it, or nil.
func (s *sessions) get(id string) *session {
	if id == "" {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ss, ok := s.byID[id]
	if !ok {
		return nil
	}
	if s.now().After(ss.expires) {
		delete(s.byID, id)
		return nil
	}
	ss.expires = s.now().Add(s.idle)
	return ss
}

func (s *sessions) end(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.byID, id)
}

// equalToken compares two tokens in constant time; empty never matches.
func equalToken(a, b string) bool {
	return a != "" && b != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// cookie makes a cookie with the console's rules: HttpOnly,
// SameSite=Strict, Path=/, Secure under TLS.
func (s *Server) cookie(name, value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: s.cookieName(name), Value: value, Path: "/", HttpOnly: true, Secure: s.opts.TLS,
		SameSite: http.SameSiteStrictMode, MaxAge: maxAge}
}

// cookieName gives each console its own cookies: browsers do not separate
// cookies by port, and an operator may run a console per org on one host.
func (s *Server) cookieName(name string) string {
	if s.opts.CookieSuffix == "" {
		return name
	}
	return name + "_" + s.opts.CookieSuffix
}

func (s *Server) cookieValue(r *http.Request, name string) string {
	c, err := r.Cookie(s.cookieName(name))
	if err != nil {
		return ""
	}
	return c.Value
}
