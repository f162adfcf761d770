package soak

import (
	"io"
	"net"
	"sync"
	"time"
)

// LinkState is what a Link does with the traffic of its peer link.
type LinkState int

const (
	// Up forwards bytes both ways.
	Up LinkState = iota
	// Refused closes the link's connections and resets new ones at once,
	// as a peer whose port is firewalled with a reject rule: the dialer
	// learns immediately.
	Refused
	// Stalled accepts connections but moves no byte in either direction
	// until healed, as a path that drops every packet: TCP stays open and
	// the dialer notices only through its own timeouts (gRPC keepalive).
	// Bytes held back resume when the link heals, as TCP retransmits.
	Stalled
)

func (s LinkState) String() string {
	switch s {
	case Up:
		return "up"
	case Refused:
		return "refused"
	case Stalled:
		return "stalled"
	}
	return "?"
}

// Link is a TCP proxy for one directed peer link: the connections node
// From dials to reach node To. From's configuration names the Link's
// address as To's peer address (node.Config.PeerAddresses), so everything
// From sends to To, and To's answers on those connections, pass here;
// what To dials to From goes through the opposite Link. TLS is end to end:
// the Link sees only ciphertext.
type Link struct {
	From, To uint64
	target   string
	ln       net.Listener

	mu     sync.Mutex
	cond   *sync.Cond
	state  LinkState
	conns  map[net.Conn]struct{}
	closed bool
}

// NewLink listens on a free loopback port and forwards to target.
func NewLink(from, to uint64, target string) (*Link, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	l := &Link{From: from, To: to, target: target, ln: ln, conns: map[net.Conn]struct{}{}}
	l.cond = sync.NewCond(&l.mu)
	go l.serve()
	return l, nil
}

// Addr is the address From dials.
func (l *Link) Addr() string { return l.ln.Addr().String() }

// State returns the link's current state.
func (l *Link) State() LinkState {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.state
}

// Set changes the link's state. Setting Refused resets the connections
// open on it; going from Stalled to Up lets held bytes through.
func (l *Link) Set(s LinkState) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.state == s {
		return
	}
	l.state = s
	if s == Refused {
		for c := range l.conns {
			reset(c)
		}
	}
	l.cond.Broadcast()
}

// Close stops the link and closes its connections.
func (l *Link) Close() {
	l.mu.Lock()
	l.closed = true
	for c := range l.conns {
		c.Close()
	}
	l.cond.Broadcast()
	l.mu.Unlock()
	l.ln.Close()
}

// reset closes c with an RST rather than a FIN, as a reject rule would.
func reset(c net.Conn) {
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	c.Close()
}

func (l *Link) track(c net.Conn) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed || l.state == Refused {
		return false
	}
	l.conns[c] = struct{}{}
	return true
}

func (l *Link) untrack(c net.Conn) {
	l.mu.Lock()
	delete(l.conns, c)
	l.mu.Unlock()
}

// pass waits while the link is stalled; it reports false once the link is
// refused or closed (the connection must go).
func (l *Link) pass() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for l.state == Stalled && !l.closed {
		l.cond.Wait()
	}
	return l.state == Up && !l.closed
}

func (l *Link) serve() {
	for {
		in, err := l.ln.Accept()
		if err != nil {
			return
		}
		go l.handle(in)
	}
}

func (l *Link) handle(in net.Conn) {
	if !l.track(in) {
		reset(in)
		return
	}
	defer l.untrack(in)
	// A stalled link holds a new connection before dialing the target, as
	// a SYN-dropping path would (the dialer sees a connected socket that
	// never answers: close enough, and its TLS handshake times out).
	if !l.pass() {
		reset(in)
		return
	}
	out, err := net.DialTimeout("tcp", l.target, 2*time.Second)
	if err != nil {
		reset(in) // the target is down: refuse, as the target's host would
		return
	}
	if !l.track(out) {
		reset(in)
		reset(out)
		return
	}
	defer l.untrack(out)
	done := make(chan struct{}, 2)
	go func() { l.copy(out, in); done <- struct{}{} }()
	go func() { l.copy(in, out); done <- struct{}{} }()
	<-done
	in.Close()
	out.Close()
	<-done
}

// copy moves bytes from src to dst while the link is up, holding them
// while it is stalled.
func (l *Link) copy(dst, src net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			if !l.pass() {
				return
			}
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			if err != io.EOF {
				return
			}
			if tc, ok := dst.(*net.TCPConn); ok {
				_ = tc.CloseWrite()
			}
			return
		}
	}
}
