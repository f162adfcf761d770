package console

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// Password sign-in limits: after this many failures within the window, an
// address (or a user name) is refused until the window that began with
// its first failure ends. A success clears both.
const (
	signInWindow          = 15 * time.Minute
	maxFailuresPerAddress = 20
	maxFailuresPerUser    = 5
	// maxLimitedAddresses bounds the addresses tracked; when the table is
	// full of live entries, a new address is refused (fail closed) until
	// entries expire. User names are tracked only for configured users,
	// so that table is bounded by the users file.
	maxLimitedAddresses = 4096
)

type failures struct {
	n     int
	since time.Time
}

// signInLimiter counts failed password sign-ins per remote address and per
// user, in bounded memory.
type signInLimiter struct {
	mu     sync.Mutex
	now    func() time.Time
	byAddr map[string]*failures
	byUser map[string]*failures
	max    int // tracked addresses
}

func newSignInLimiter(now func() time.Time) *signInLimiter {
	return &signInLimiter{now: now, byAddr: map[string]*failures{}, byUser: map[string]*failures{}, max: maxLimitedAddresses}
}

// remoteHost is the address a request came from (the TCP peer: headers
// such as X-Forwarded-For are not trusted).
func remoteHost(r *http.Request) string {
	h, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return h
}

// live returns the entry's count, dropping it once its window has passed.
func (l *signInLimiter) live(m map[string]*failures, k string, now time.Time) *failures {
	f := m[k]
	if f != nil && now.Sub(f.since) >= signInWindow {
		delete(m, k)
		return nil
	}
	return f
}

// allow reports whether a sign-in from addr as user may be tried, and if
// not, how long until it may.
func (l *signInLimiter) allow(addr, user string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	wait := time.Duration(0)
	if f := l.live(l.byAddr, addr, now); f != nil && f.n >= maxFailuresPerAddress {
		wait = f.since.Add(signInWindow).Sub(now)
	}
	if f := l.live(l.byUser, user, now); f != nil && f.n >= maxFailuresPerUser {
		wait = max(wait, f.since.Add(signInWindow).Sub(now))
	}
	if wait == 0 && l.byAddr[addr] == nil && len(l.byAddr) >= l.max {
		l.sweep(now)
		if len(l.byAddr) >= l.max {
			return false, signInWindow
		}
	}
	return wait == 0, wait
}

// sweep drops the expired entries.
func (l *signInLimiter) sweep(now time.Time) {
	for k := range l.byAddr {
		l.live(l.byAddr, k, now)
	}
	for k := range l.byUser {
		l.live(l.byUser, k, now)
	}
}

// failed counts a failed sign-in; knownUser says whether user is a
// configured user (unknown names are not tracked, so they cannot fill
// memory).
func (l *signInLimiter) failed(addr, user string, knownUser bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	add := func(m map[string]*failures, k string) {
		if f := l.live(m, k, now); f != nil {
			f.n++
			return
		}
		m[k] = &failures{n: 1, since: now}
	}
	if l.byAddr[addr] != nil || len(l.byAddr) < l.max {
		add(l.byAddr, addr)
	}
	if knownUser {
		add(l.byUser, user)
	}
}

// succeeded clears the counts of addr and user.
func (l *signInLimiter) succeeded(addr, user string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.byAddr, addr)
	delete(l.byUser, user)
}
