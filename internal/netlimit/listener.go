package netlimit

import (
	"container/list"
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Limits bound one listener. A zero field means "no limit" for that field.
type Limits struct {
	// MaxConns caps all open connections of the listener, members' included;
	// a connection beyond it is refused at once.
	MaxConns int
	// MaxUnauthenticated caps the connections without a verified member
	// certificate (in their handshake, waiting for one, or anonymous); at
	// the cap, the oldest of them is closed to admit a new connection.
	MaxUnauthenticated int
	// MaxUnauthenticatedPerIP caps the unauthenticated connections served
	// per source address (IPv4 address, or IPv6 /64 prefix).
	MaxUnauthenticatedPerIP int
	// PendingPerIP is how many more connections of an address at its cap
	// wait for a slot; beyond them, connections are refused at once.
	PendingPerIP int
	// HandshakeTimeout closes a connection that has not completed its TLS
	// handshake (see WatchTLS) this long after it was accepted, waiting
	// included. 0 disables it (plain-text listeners).
	HandshakeTimeout time.Duration
}

// Stats are a Listener's counters.
type Stats struct {
	// Open connections, and how many of them are unauthenticated.
	Open, Unauthenticated int
	// Refused counts connections refused or closed by a limit: caps,
	// evictions and handshake timeouts.
	Refused uint64
}

// ErrListenerClosed is returned by Accept after Close.
var ErrListenerClosed = errors.New("netlimit: listener closed")

// Listener is a net.Listener that applies Limits. Accept returns *Conn
// values, in the order their slots were granted.
type Listener struct {
	inner net.Listener
	lim   Limits
	rlog  *RefusalLog

	ready chan *Conn
	done  chan struct{}
	once  sync.Once
	err   atomic.Pointer[error]

	mu      sync.Mutex
	total   int
	unauth  *list.List // of *Conn, oldest first
	perAddr map[string]*addrState
	refused atomic.Uint64
}

type addrState struct {
	active  int
	waiting []*Conn
}

// connection states
const (
	stWaiting   = iota // beyond its address's cap, not yet handed to the server
	stHandshake        // handed to the server, handshake not complete
	stAnonymous        // handshake complete without a certificate
	stMember           // a verified member certificate was presented
	stClosed
)

// NewListener wraps inner and starts accepting from it. Refusals are
// written to rlog (nil: not written).
func NewListener(inner net.Listener, lim Limits, rlog *RefusalLog) *Listener {
	l := &Listener{inner: inner, lim: lim, rlog: rlog, ready: make(chan *Conn), done: make(chan struct{}),
		unauth: list.New(), perAddr: map[string]*addrState{}}
	go l.acceptLoop()
	return l
}

// Accept returns the next connection admitted by the limits.
func (l *Listener) Accept() (net.Conn, error) {
	select {
	case c := <-l.ready:
		return c, nil
	case <-l.done:
		if p := l.err.Load(); p != nil {
			return nil, *p
		}
		return nil, ErrListenerClosed
	}
}

// Close stops accepting and closes the connections still waiting for a
// slot; connections already returned by Accept belong to the caller.
func (l *Listener) Close() error {
	err := l.inner.Close()
	l.shutdown(nil)
	return err
}

// Addr returns the inner listener's address.
func (l *Listener) Addr() net.Addr { return l.inner.Addr() }

// Stats returns the listener's counters.
func (l *Listener) Stats() Stats {
	l.mu.Lock()
	defer l.mu.Unlock()
	return Stats{Open: l.total, Unauthenticated: l.unauth.Len(), Refused: l.refused.Load()}
}

func (l *Listener) shutdown(err error) {
	l.once.Do(func() {
		if err != nil {
			l.err.Store(&err)
		}
		close(l.done)
		l.mu.Lock()
		var waiting []*Conn
		for _, st := range l.perAddr {
			waiting = append(waiting, st.waiting...)
		}
		l.mu.Unlock()
		for _, c := range waiting {
			c.Close()
		}
	})
}

func (l *Listener) acceptLoop() {
	backoff := 5 * time.Millisecond
	for {
		raw, err := l.inner.Accept()
		if err != nil {
			select {
			case <-l.done:
				return
			default:
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() || isTemporary(err) {
				// Out of file descriptors, for example: wait, then go on.
				l.refuse("accept failed; retrying", "err", err)
				select {
				case <-time.After(backoff):
				case <-l.done:
					return
				}
				backoff = min(2*backoff, time.Second)
				continue
			}
			l.shutdown(err)
			return
		}
		backoff = 5 * time.Millisecond
		if c := l.admit(raw); c != nil {
			l.deliver(c)
		}
	}
}

func isTemporary(err error) bool {
	var t interface{ Temporary() bool }
	return errors.As(err, &t) && t.Temporary()
}

func (l *Listener) refuse(msg string, args ...any) {
	l.refused.Add(1)
	l.rlog.Refuse(msg, args...)
}

// addrKey is the source address a connection counts against: the IPv4
// address, or the /64 prefix of an IPv6 address.
func addrKey(a net.Addr) string {
	var ip net.IP
	switch t := a.(type) {
	case *net.TCPAddr:
		ip = t.IP
	default:
		host, _, err := net.SplitHostPort(a.String())
		if err != nil {
			return a.String()
		}
		ip = net.ParseIP(host)
		if ip == nil {
			return host
		}
	}
	if v4 := ip.To4(); v4 != nil {
		return v4.String()
	}
	return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
}

// admit applies the caps to a new connection: it returns the connection to
// hand to the server now, or nil when it was refused or waits for a slot.
func (l *Listener) admit(raw net.Conn) *Conn {
	c := &Conn{Conn: raw, l: l, key: addrKey(raw.RemoteAddr()), since: time.Now()}
	var evict *Conn
	l.mu.Lock()
	if l.lim.MaxUnauthenticated > 0 && l.unauth.Len() >= l.lim.MaxUnauthenticated {
		evict = l.unauth.Front().Value.(*Conn)
	}
	l.mu.Unlock()
	if evict != nil {
		l.refuse("connection closed: unauthenticated connection cap reached, closing the oldest", "remote", evict.RemoteAddr().String(),
			"age", time.Since(evict.since).Round(time.Millisecond).String(), "cap", l.lim.MaxUnauthenticated)
		evict.Close()
	}
	l.mu.Lock()
	if l.lim.MaxConns > 0 && l.total >= l.lim.MaxConns {
		l.mu.Unlock()
		l.refuse("connection refused: connection cap reached", "remote", raw.RemoteAddr().String(), "cap", l.lim.MaxConns)
		raw.Close()
		return nil
	}
	st := l.perAddr[c.key]
	if st == nil {
		st = &addrState{}
		l.perAddr[c.key] = st
	}
	switch {
	case l.lim.MaxUnauthenticatedPerIP <= 0 || st.active < l.lim.MaxUnauthenticatedPerIP:
		st.active++
		c.state = stHandshake
	case len(st.waiting) < l.lim.PendingPerIP:
		st.waiting = append(st.waiting, c)
		c.state = stWaiting
	default:
		if st.active == 0 && len(st.waiting) == 0 {
			delete(l.perAddr, c.key)
		}
		l.mu.Unlock()
		l.refuse("connection refused: unauthenticated connections per address cap reached", "remote", raw.RemoteAddr().String(),
			"cap", l.lim.MaxUnauthenticatedPerIP)
		raw.Close()
		return nil
	}
	l.total++
	c.elem = l.unauth.PushBack(c)
	if l.lim.HandshakeTimeout > 0 {
		c.timer = time.AfterFunc(l.lim.HandshakeTimeout, c.handshakeExpired)
	}
	deliverNow := c.state == stHandshake
	l.mu.Unlock()
	if deliverNow {
		return c
	}
	return nil
}

// deliver hands c to Accept, or closes it if the listener closes first.
func (l *Listener) deliver(c *Conn) {
	select {
	case l.ready <- c:
	case <-l.done:
		c.Close()
	}
}

// release gives a slot of c's address (held by c, now leaving the
// unauthenticated count) to the next waiting connection. l.mu is held; the
// returned connection, if any, must be delivered after unlocking.
func (l *Listener) release(key string) *Conn {
	st := l.perAddr[key]
	if st == nil {
		return nil
	}
	st.active--
	var next *Conn
	if len(st.waiting) > 0 {
		next = st.waiting[0]
		st.waiting = st.waiting[1:]
		next.state = stHandshake
		st.active++
	}
	if st.active == 0 && len(st.waiting) == 0 {
		delete(l.perAddr, key)
	}
	return next
}

// Conn is a connection accepted by a Listener.
type Conn struct {
	net.Conn
	l     *Listener
	key   string
	since time.Time
	// guarded by l.mu
	state int
	elem  *list.Element
	timer *time.Timer

	closeOnce sync.Once
	closeErr  error
}

// Authenticated reclassifies c as a member's connection: it leaves the
// unauthenticated and per-address counts and its handshake deadline.
// WatchTLS calls it when the handshake verified a client certificate.
func (c *Conn) Authenticated() { c.leave(stMember) }

// HandshakeDone ends c's handshake deadline without a certificate: c stays
// unauthenticated (and counted against its address) until it closes.
func (c *Conn) HandshakeDone() {
	l := c.l
	l.mu.Lock()
	if c.state == stHandshake {
		c.state = stAnonymous
		if c.timer != nil {
			c.timer.Stop()
		}
	}
	l.mu.Unlock()
}

// leave moves c out of the unauthenticated states into to (stMember or
// stClosed) and reports whether it was open.
func (c *Conn) leave(to int) bool {
	l := c.l
	var next *Conn
	l.mu.Lock()
	was := c.state
	switch was {
	case stClosed:
		l.mu.Unlock()
		return false
	case stMember:
		if to == stClosed {
			l.total--
			c.state = stClosed
		}
		l.mu.Unlock()
		return true
	case stWaiting:
		if st := l.perAddr[c.key]; st != nil {
			for i, w := range st.waiting {
				if w == c {
					st.waiting = append(st.waiting[:i:i], st.waiting[i+1:]...)
					break
				}
			}
			if st.active == 0 && len(st.waiting) == 0 {
				delete(l.perAddr, c.key)
			}
		}
	case stHandshake, stAnonymous:
		next = l.release(c.key)
	}
	if c.elem != nil {
		l.unauth.Remove(c.elem)
		c.elem = nil
	}
	if c.timer != nil {
		c.timer.Stop()
	}
	c.state = to
	if to == stClosed {
		l.total--
	}
	l.mu.Unlock()
	if next != nil {
		go l.deliver(next)
	}
	return true
}

// Close closes the connection and frees its slots.
func (c *Conn) Close() error {
	c.closeOnce.Do(func() {
		c.leave(stClosed)
		c.closeErr = c.Conn.Close()
	})
	return c.closeErr
}

// NetConn returns the underlying connection.
func (c *Conn) NetConn() net.Conn { return c.Conn }

func (c *Conn) handshakeExpired() {
	l := c.l
	l.mu.Lock()
	pending := c.state == stHandshake || c.state == stWaiting
	waited := c.state == stWaiting
	l.mu.Unlock()
	if !pending {
		return
	}
	reason := "connection closed: TLS handshake not completed in time"
	if waited {
		reason = "connection closed: waited too long for a slot of its address"
	}
	l.refuse(reason, "remote", c.RemoteAddr().String(), "timeout", l.lim.HandshakeTimeout.String())
	c.Close()
}
