package netlimit

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// bound is the generous limit for "eventually": no test asserts timing
// beyond it.
const bound = 15 * time.Second

func listen(t *testing.T, lim Limits, rlog *RefusalLog) *Listener {
	t.Helper()
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l := NewListener(inner, lim, rlog)
	t.Cleanup(func() { l.Close() })
	return l
}

// dialFrom connects to addr from the loopback source address src.
func dialFrom(t *testing.T, src, addr string) net.Conn {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(src)}, Timeout: 5 * time.Second}
	c, err := d.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// closedWithin reports whether the peer closes c within d (reading and
// discarding whatever it sends).
func closedWithin(c net.Conn, d time.Duration) bool {
	c.SetReadDeadline(time.Now().Add(d))
	_, err := io.Copy(io.Discard, c)
	var ne net.Error
	return !(errors.As(err, &ne) && ne.Timeout())
}

// hold accepts connections and keeps them open, doing nothing (a server
// busy elsewhere); it returns how many it accepted.
func hold(l net.Listener) (accepted func() int) {
	var mu sync.Mutex
	n := 0
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			n++
			mu.Unlock()
			go func() { io.Copy(io.Discard, c); c.Close() }()
		}
	}()
	return func() int { mu.Lock(); defer mu.Unlock(); return n }
}

func eventually(t *testing.T, what string, f func() bool) {
	t.Helper()
	deadline := time.Now().Add(bound)
	for !f() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %s: %s", bound, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Many connections from one address: one is served, PendingPerIP wait, the
// rest are refused at once; the served and waiting ones are closed at the
// handshake deadline, and the address's slot is then free again.
func TestManyConnectionsFromOneAddress(t *testing.T) {
	l := listen(t, Limits{MaxUnauthenticatedPerIP: 1, PendingPerIP: 2, HandshakeTimeout: time.Second}, nil)
	accepted := hold(l)
	var conns []net.Conn
	for i := 0; i < 50; i++ {
		conns = append(conns, dialFrom(t, "127.0.0.5", l.Addr().String()))
	}
	eventually(t, "47 refused", func() bool { return l.Stats().Refused >= 47 })
	st := l.Stats()
	if st.Open != 3 || st.Unauthenticated != 3 {
		t.Fatalf("stats %+v, want 3 open (1 served, 2 waiting)", st)
	}
	if n := accepted(); n != 1 {
		t.Fatalf("server got %d connections from one address, want 1", n)
	}
	// Another address is not affected.
	other := dialFrom(t, "127.0.0.6", l.Addr().String())
	eventually(t, "second address served", func() bool { return accepted() >= 2 })
	for i, c := range append(conns, other) {
		if !closedWithin(c, bound) {
			t.Fatalf("connection %d still open after %s", i, bound)
		}
	}
	eventually(t, "all slots freed", func() bool { return l.Stats().Open == 0 })
	if l.Stats().Refused < 50 {
		t.Fatalf("refused %d, want 47 at once and 3 at the deadline", l.Stats().Refused)
	}
	l.mu.Lock()
	left := len(l.perAddr)
	l.mu.Unlock()
	if left != 0 {
		t.Fatalf("%d address entries left after every connection closed", left)
	}
}

// Idle connections that never start TLS are closed at the handshake deadline.
func TestIdleConnectionsClosed(t *testing.T) {
	l := listen(t, Limits{HandshakeTimeout: 500 * time.Millisecond}, nil)
	hold(l)
	var conns []net.Conn
	for i := 0; i < 20; i++ {
		conns = append(conns, dialFrom(t, fmt.Sprintf("127.0.1.%d", i+1), l.Addr().String()))
	}
	for i, c := range conns {
		if !closedWithin(c, bound) {
			t.Fatalf("idle connection %d still open", i)
		}
	}
	eventually(t, "counts back to zero", func() bool { return l.Stats().Open == 0 })
}

// testPKI is a CA with a member client certificate and a server certificate.
type testPKI struct {
	pool   *x509.CertPool
	server tls.Certificate
	member tls.Certificate
	// stranger is self-signed: not from the CA.
	stranger tls.Certificate
}

func newPKI(t *testing.T) *testPKI {
	t.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test CA"}, NotBefore: time.Now().Add(-time.Hour),
		NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	issue := func(cn string, parent *x509.Certificate, parentKey *ecdsa.PrivateKey, serial int64) tls.Certificate {
		k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: cn}, NotBefore: time.Now().Add(-time.Hour),
			NotAfter: time.Now().Add(time.Hour), ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth, x509.ExtKeyUsageServerAuth},
			IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}}
		if parent == nil {
			parent, parentKey = tmpl, k
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &k.PublicKey, parentKey)
		if err != nil {
			t.Fatal(err)
		}
		return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: k}
	}
	p := &testPKI{pool: x509.NewCertPool()}
	p.pool.AddCert(ca)
	p.server = issue("server", ca, caKey, 2)
	p.member = issue("member", ca, caKey, 3)
	p.stranger = issue("stranger", nil, nil, 4)
	return p
}

// serverTLS verifies client certificates in VerifyConnection, like pki's.
func (p *testPKI) serverTLS() *tls.Config {
	return &tls.Config{MinVersion: tls.VersionTLS13, Certificates: []tls.Certificate{p.server}, ClientAuth: tls.RequestClientCert,
		VerifyConnection: func(cs tls.ConnectionState) error {
			if len(cs.PeerCertificates) == 0 {
				return nil
			}
			_, err := cs.PeerCertificates[0].Verify(x509.VerifyOptions{Roots: p.pool, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}})
			return err
		}}
}

func (p *testPKI) clientTLS(cert *tls.Certificate) *tls.Config {
	c := &tls.Config{MinVersion: tls.VersionTLS13, RootCAs: p.pool, ServerName: "127.0.0.1"}
	if cert != nil {
		c.Certificates = []tls.Certificate{*cert}
	}
	return c
}

// serveTLS runs TLS handshakes on l's connections and then echoes lines;
// handshake errors close the connection.
func serveTLS(l *Listener, cfg *tls.Config) {
	tl := tls.NewListener(l, cfg)
	go func() {
		for {
			c, err := tl.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				if err := c.(*tls.Conn).Handshake(); err != nil {
					return
				}
				io.Copy(c, c)
			}()
		}
	}()
}

// Members are reclassified after their handshake: many members behind the
// address of an outsider holding its one slot still connect and stay
// connected, and only the outsider counts as unauthenticated.
func TestMembersNotLimitedPerAddress(t *testing.T) {
	p := newPKI(t)
	l := listen(t, Limits{MaxUnauthenticatedPerIP: 1, PendingPerIP: 16, HandshakeTimeout: 3 * time.Second}, nil)
	serveTLS(l, WatchTLS(p.serverTLS(), nil))
	addr := l.Addr().String()
	// An anonymous client completes TLS without a certificate and idles:
	// it holds the one slot of 127.0.0.7 after its handshake.
	anon := tls.Client(dialFrom(t, "127.0.0.7", addr), p.clientTLS(nil))
	if err := anon.Handshake(); err != nil {
		t.Fatal(err)
	}
	eventually(t, "anonymous counted", func() bool { return l.Stats().Unauthenticated == 1 })
	// Ten members from the same address, concurrently.
	var wg sync.WaitGroup
	members := make([]*tls.Conn, 10)
	errs := make(chan error, 10)
	for i := range members {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP("127.0.0.8")}}
			c, err := tls.DialWithDialer(d, "tcp", addr, p.clientTLS(&p.member))
			if err != nil {
				errs <- err
				return
			}
			members[i] = c
			if _, err := c.Write([]byte("ping\n")); err != nil {
				errs <- err
				return
			}
			buf := make([]byte, 5)
			if _, err := io.ReadFull(c, buf); err != nil {
				errs <- fmt.Errorf("member %d: %w", i, err)
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	st := l.Stats()
	if st.Open != 11 || st.Unauthenticated != 1 {
		t.Fatalf("stats %+v, want 11 open of which 1 unauthenticated", st)
	}
	// Members from the outsider's own address take turns for the slot...
	// but the anonymous connection holds it: a member dialing from there
	// waits, and is served once the anonymous one leaves.
	done := make(chan error, 1)
	go func() {
		d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP("127.0.0.7")}}
		c, err := tls.DialWithDialer(d, "tcp", addr, p.clientTLS(&p.member))
		if err == nil {
			c.Close()
		}
		done <- err
	}()
	time.Sleep(100 * time.Millisecond)
	anon.Close()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("member behind the outsider's address: %v", err)
		}
	case <-time.After(bound):
		t.Fatal("member behind the outsider's address never served")
	}
	// Members' connections are not closed at the handshake deadline.
	time.Sleep(3500 * time.Millisecond)
	for i, c := range members {
		if _, err := c.Write([]byte("ping\n")); err != nil {
			t.Fatalf("member %d closed: %v", i, err)
		}
		buf := make([]byte, 5)
		c.SetReadDeadline(time.Now().Add(bound))
		if _, err := io.ReadFull(c, buf); err != nil {
			t.Fatalf("member %d closed: %v", i, err)
		}
	}
}

// A certificate that the configuration refuses is not a member's: the
// handshake fails, the refusal is logged with the address, and the
// connection leaves the counts.
func TestStrangerCertificateRefused(t *testing.T) {
	p := newPKI(t)
	var buf syncBuffer
	rlog := NewRefusalLog(slog.New(slog.NewTextHandler(&buf, nil)), 100, time.Minute)
	l := listen(t, Limits{MaxUnauthenticatedPerIP: 1, HandshakeTimeout: 5 * time.Second}, rlog)
	serveTLS(l, WatchTLS(p.serverTLS(), rlog))
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP("127.0.0.9")}}
	c, err := tls.DialWithDialer(d, "tcp", l.Addr().String(), p.clientTLS(&p.stranger))
	if err == nil {
		// TLS 1.3: the client learns of the refusal on its first read.
		c.SetReadDeadline(time.Now().Add(bound))
		_, err = c.Read(make([]byte, 1))
		c.Close()
	}
	if err == nil {
		t.Fatal("stranger's certificate accepted")
	}
	eventually(t, "refusal logged", func() bool { return strings.Contains(buf.String(), "refused TLS handshake") })
	if !strings.Contains(buf.String(), "127.0.0.9") {
		t.Fatalf("refusal line without the remote address: %s", buf.String())
	}
	eventually(t, "connection left the counts", func() bool { return l.Stats().Open == 0 })
}

// A half-sent ClientHello holds the connection only until the handshake
// deadline.
func TestHalfSentClientHelloClosed(t *testing.T) {
	p := newPKI(t)
	l := listen(t, Limits{HandshakeTimeout: 700 * time.Millisecond}, nil)
	serveTLS(l, WatchTLS(p.serverTLS(), nil))
	// A TLS handshake record header announcing 512 bytes, and 10 of them.
	c := dialFrom(t, "127.0.0.10", l.Addr().String())
	if _, err := c.Write(append([]byte{0x16, 0x03, 0x01, 0x02, 0x00}, bytes.Repeat([]byte{1}, 10)...)); err != nil {
		t.Fatal(err)
	}
	if !closedWithin(c, bound) {
		t.Fatal("half-sent ClientHello still open")
	}
	eventually(t, "refusal counted", func() bool { return l.Stats().Refused == 1 && l.Stats().Open == 0 })
}

// A client that completes TLS without a certificate and sends a request
// header one byte at a time is closed by the HTTP server's header timeout,
// and its slot is freed.
func TestSlowlorisHeaderClosed(t *testing.T) {
	p := newPKI(t)
	l := listen(t, Limits{MaxUnauthenticatedPerIP: 1, HandshakeTimeout: 5 * time.Second}, nil)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}), ReadHeaderTimeout: 700 * time.Millisecond,
		ErrorLog: nil}
	cfg := p.serverTLS()
	cfg.NextProtos = []string{"http/1.1"}
	go srv.Serve(tls.NewListener(l, WatchTLS(cfg, nil)))
	t.Cleanup(func() { srv.Close() })
	raw := dialFrom(t, "127.0.0.11", l.Addr().String())
	c := tls.Client(raw, p.clientTLS(nil))
	if err := c.Handshake(); err != nil {
		t.Fatal(err)
	}
	eventually(t, "anonymous after the handshake", func() bool {
		l.mu.Lock()
		defer l.mu.Unlock()
		return l.unauth.Len() == 1 && l.unauth.Front().Value.(*Conn).state == stAnonymous
	})
	stop := make(chan struct{})
	go func() {
		c.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n"))
		for {
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
			}
			if _, err := c.Write([]byte("X")); err != nil {
				return
			}
		}
	}()
	defer close(stop)
	if !closedWithin(c, bound) {
		t.Fatal("slowloris connection still open")
	}
	eventually(t, "slot freed", func() bool { return l.Stats().Open == 0 })
}

// At the unauthenticated cap the oldest unauthenticated connection is
// closed so that a new one (perhaps a member's) can start its handshake;
// the total cap refuses beyond it.
func TestCaps(t *testing.T) {
	t.Run("unauthenticated cap evicts the oldest", func(t *testing.T) {
		l := listen(t, Limits{MaxUnauthenticated: 3}, nil)
		hold(l)
		var conns []net.Conn
		for i := 0; i < 3; i++ {
			conns = append(conns, dialFrom(t, fmt.Sprintf("127.0.2.%d", i+1), l.Addr().String()))
		}
		eventually(t, "3 open", func() bool { return l.Stats().Open == 3 })
		dialFrom(t, "127.0.2.9", l.Addr().String())
		if !closedWithin(conns[0], bound) {
			t.Fatal("oldest connection not evicted")
		}
		eventually(t, "3 open again", func() bool { return l.Stats().Open == 3 })
		for _, c := range conns[1:] {
			if closedWithin(c, 200*time.Millisecond) {
				t.Fatal("a newer connection was closed")
			}
		}
	})
	t.Run("total cap refuses", func(t *testing.T) {
		l := listen(t, Limits{MaxConns: 2}, nil)
		hold(l)
		a := dialFrom(t, "127.0.3.1", l.Addr().String())
		dialFrom(t, "127.0.3.2", l.Addr().String())
		eventually(t, "2 open", func() bool { return l.Stats().Open == 2 })
		c := dialFrom(t, "127.0.3.3", l.Addr().String())
		if !closedWithin(c, bound) {
			t.Fatal("connection beyond the cap not refused")
		}
		if closedWithin(a, 200*time.Millisecond) {
			t.Fatal("an admitted connection was closed")
		}
	})
}

// syncBuffer is a bytes.Buffer safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// A storm of refusals writes at most the burst plus one summary per
// interval, and the summary counts the rest.
func TestRefusalLogRate(t *testing.T) {
	var buf syncBuffer
	r := NewRefusalLog(slog.New(slog.NewJSONHandler(&buf, nil)), 5, 300*time.Millisecond)
	began := time.Now()
	for i := 0; i < 1000; i++ {
		r.Refuse("connection refused", "i", i)
	}
	elapsed := time.Since(began)
	lines := strings.Count(buf.String(), "\n")
	// At most the burst plus what refilled while the loop ran (1000 calls
	// take well under an interval, unless the machine is very slow).
	k := int(elapsed / (300 * time.Millisecond)) // intervals elapsed
	allowed := 5 + 5*k + k + 1                   // refills and summaries
	if lines < 5 || lines > allowed {
		t.Fatalf("%d lines for 1000 refusals in %s, want the burst of 5 (at most %d)", lines, elapsed, allowed)
	}
	eventually(t, "summary written", func() bool { return strings.Contains(buf.String(), "refusals suppressed") })
	var total uint64
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		if strings.Contains(line, "refusals suppressed") {
			var k uint64
			i := strings.Index(line, `"count":`)
			fmt.Sscanf(line[i+len(`"count":`):], "%d", &k)
			total += k
		}
	}
	written := uint64(strings.Count(buf.String(), `"msg":"connection refused"`))
	if written+total != 1000 || r.Total() != 1000 {
		t.Fatalf("written %d + summarised %d (total %d), want 1000", written, total, r.Total())
	}
	r.Close()
}
