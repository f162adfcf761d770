package p2p

import (
	"bytes"
	"crypto/tls"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/causeway/causeway/internal/netlimit"
)

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

// A member certificate that is no peer's, presented again and again, is
// refused at every handshake, but the refusals are logged only through the
// node's rate-limited refusal log (WatchTLS, wrapping the pinned
// configuration), with the pinning reason: the network itself writes no
// line per refusal.
func TestPinningRefusalsAreRateLimited(t *testing.T) {
	netLog, refusals := &syncBuffer{}, &syncBuffer{}
	rlog := netlimit.NewRefusalLog(slog.New(slog.NewTextHandler(refusals, nil)), 2, time.Hour)
	defer rlog.Close()
	c := newCluster(t, 2, func(cfg *Config) {
		if cfg.SelfID != 2 {
			return
		}
		cfg.Logger = slog.New(slog.NewTextHandler(netLog, &slog.HandlerOptions{Level: slog.LevelDebug}))
		cfg.WrapListener = func(l net.Listener) net.Listener {
			return netlimit.NewListener(l, netlimit.Limits{MaxConns: 1000, MaxUnauthenticated: 1000, MaxUnauthenticatedPerIP: 1000, PendingPerIP: 10, HandshakeTimeout: 5 * time.Second}, rlog)
		}
		cfg.WatchTLS = func(tc *tls.Config) *tls.Config {
			tc = tc.Clone()
			tc.NextProtos = []string{"h2"}
			return netlimit.WatchTLS(tc, rlog)
		}
	})
	c.waitConnected(t, 1, 2)
	impostor := c.tb.issue(c.tb.cas[1], 1)
	pair, err := tls.X509KeyPair(impostor.certPEM, impostor.keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	const tries = 30
	for i := 0; i < tries; i++ {
		conn, err := tls.Dial("tcp", c.addrs[2], &tls.Config{Certificates: []tls.Certificate{pair}, InsecureSkipVerify: true, MinVersion: tls.VersionTLS13, NextProtos: []string{"h2"}})
		if err == nil {
			conn.SetReadDeadline(time.Now().Add(5 * time.Second))
			_, err = conn.Read(make([]byte, 1))
			conn.Close()
		}
		if err == nil {
			t.Fatal("the impostor's handshake was accepted")
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for rlog.Total() < tries && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if got := rlog.Total(); got < tries {
		t.Fatalf("the refusal log counted %d of %d refused handshakes", got, tries)
	}
	if strings.Contains(netLog.String(), "refused peer handshake") {
		t.Fatalf("the network logs every refused handshake itself:\n%s", netLog.String())
	}
	out := refusals.String()
	if !strings.Contains(out, "refused TLS handshake") || !strings.Contains(out, errNotPinned.Error()) {
		t.Fatalf("the refusal log does not give the pinning reason:\n%s", out)
	}
	if n := strings.Count(out, "refused TLS handshake"); n > 2 {
		t.Fatalf("%d refusal lines for a burst of 2:\n%s", n, out)
	}
}
