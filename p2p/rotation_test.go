package p2p

import (
	"crypto/tls"
	"net"
	"testing"
	"time"

	"github.com/causeway/causeway/p2p/p2ppb"
	"github.com/causeway/causeway/pki"
)

// accepts reports whether the peer server at addr accepts a client
// presenting certPEM/keyPEM (TLS 1.3: a refusal shows on the first read).
func accepts(t *testing.T, addr string, certPEM, keyPEM []byte) bool {
	t.Helper()
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := tls.Dial("tcp", addr, &tls.Config{Certificates: []tls.Certificate{cert}, InsecureSkipVerify: true, MinVersion: tls.VersionTLS13, NextProtos: []string{"h2"}})
	if err != nil {
		return false
	}
	defer conn.Close()
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, err = conn.Read(make([]byte, 1))
	return err == nil
}

// A peer's certificate is rotated: during the overlap its old and new
// certificates are both accepted; after it, the old one is refused at the
// handshake and a stream made with it is cut at its next message, while
// the peer, once it presents the new certificate (Redial), is served.
func TestPeerCertificateRotation(t *testing.T) {
	var kp *pki.KeyPair
	swappable := func(c *cluster) func(*Config) {
		return func(cfg *Config) {
			if cfg.SelfID != 1 {
				return
			}
			var err error
			me := c.tb.ids[1]
			if kp, err = pki.NewKeyPair(me.certPEM, me.keyPEM); err != nil {
				t.Fatal(err)
			}
			if cfg.ServerTLS, err = c.tb.trust.ServerTLS(nil, nil, pki.RequireClientCert, pki.WithKeyPair(kp)); err != nil {
				t.Fatal(err)
			}
			cfg.ClientTLS = func(addr string) (*tls.Config, error) {
				host, _, err := net.SplitHostPort(addr)
				if err != nil {
					return nil, err
				}
				return c.tb.trust.ClientTLS(nil, nil, host, pki.WithKeyPair(kp))
			}
		}
	}
	// Start node 1 with the swappable key pair: stop the one newCluster made.
	ev := newLogEvents()
	c := newCluster(t, 3, logTo(2, ev))
	c.stop(1)
	c.start(t, 1, 100, swappable(c))
	c.waitConnected(t, 1, 2)

	old := c.tb.ids[1]
	next := c.tb.issue(c.tb.cas[1], 1)
	withPeer1 := func(p Peer) []Peer {
		out := append([]Peer(nil), c.peers...)
		out[0] = p
		return out
	}
	// The rotation executes: every node knows node 1 by both certificates.
	overlap := withPeer1(Peer{ID: 1, Address: c.addrs[1], TLSCert: next.der, RetiringTLSCert: old.der})
	for _, nw := range c.nets {
		nw.SetPeers(overlap)
	}
	if !accepts(t, c.addrs[2], old.certPEM, old.keyPEM) || !accepts(t, c.addrs[2], next.certPEM, next.keyPEM) {
		t.Fatal("during the overlap, node 1's old or new certificate is refused")
	}
	c.waitConnected(t, 1, 2) // node 1 still presents the old one

	// The overlap ends while node 1 still presents the old certificate.
	const retired = "closing a peer stream made with a retired certificate"
	before := ev.count(retired)
	after := withPeer1(Peer{ID: 1, Address: c.addrs[1], TLSCert: next.der})
	for id, nw := range c.nets {
		if id != 1 {
			nw.SetPeers(after)
		}
	}
	if accepts(t, c.addrs[2], old.certPEM, old.keyPEM) {
		t.Fatal("after the overlap, node 1's old certificate is accepted at the handshake")
	}
	for i := 0; i < 20; i++ {
		c.nets[1].Send(2, &p2ppb.PeerMessage{Kind: &p2ppb.PeerMessage_Forward{Forward: []byte("stale")}})
	}
	// The barrier: node 2 closes the stream node 1 made with the retired
	// certificate at its first message after the overlap ended (before
	// handling it), and refuses that certificate at the handshake from
	// then on.
	ev.waitCount(t, retired, before+1, 5*time.Second)
	for _, m := range c.recs[2].messages() {
		if string(m.data) == "stale" {
			t.Fatal("node 2 took a message over a connection made with node 1's retired certificate")
		}
	}
	// Node 1 switches to its new certificate: it is served again.
	if err := kp.Set(next.certPEM, next.keyPEM); err != nil {
		t.Fatal(err)
	}
	c.nets[1].Redial()
	c.waitConnected(t, 1, 2)
	c.waitConnected(t, 1, 3)
}
