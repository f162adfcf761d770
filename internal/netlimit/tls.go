package netlimit

import (
	"crypto/tls"
	"net"
)

// WatchTLS returns a copy of cfg that reports every handshake's outcome to
// the *Conn it runs on (a connection from a Listener, possibly wrapped in
// connections with a NetConn method): after cfg's own VerifyConnection
// accepts the peer, the connection is marked Authenticated if the peer
// presented a certificate, and HandshakeDone if not. A handshake that
// VerifyConnection refuses is written to rlog with the remote address and
// the reason, and counted as a refusal of the connection's listener.
//
// The per-connection configuration is a copy of cfg made when WatchTLS is
// called: cfg.NextProtos must already list the application protocols
// ("h2" for gRPC and HTTP/2), since changes made to the returned
// configuration later (by credentials.NewTLS or http.Server.ServeTLS) do
// not reach it. A GetConfigForClient of cfg is honoured.
func WatchTLS(cfg *tls.Config, rlog *RefusalLog) *tls.Config {
	base := cfg.Clone()
	inner := base.GetConfigForClient
	base.GetConfigForClient = nil
	out := cfg.Clone()
	out.GetConfigForClient = func(hello *tls.ClientHelloInfo) (*tls.Config, error) {
		b := base
		if inner != nil {
			got, err := inner(hello)
			if err != nil {
				return nil, err
			}
			if got != nil {
				b = got
			}
		}
		c := connOf(hello.Conn)
		if c == nil {
			return b, nil
		}
		per := b.Clone()
		verify := b.VerifyConnection
		// Only a configuration that verifies client certificates makes
		// their presence mean "member".
		verifies := verify != nil || b.ClientAuth == tls.VerifyClientCertIfGiven || b.ClientAuth == tls.RequireAndVerifyClientCert
		per.VerifyConnection = func(cs tls.ConnectionState) error {
			if verify != nil {
				if err := verify(cs); err != nil {
					c.l.refused.Add(1)
					rlog.Refuse("refused TLS handshake", "remote", c.RemoteAddr().String(), "reason", err.Error())
					return err
				}
			}
			if verifies && len(cs.PeerCertificates) > 0 {
				c.Authenticated()
			} else {
				c.HandshakeDone()
			}
			return nil
		}
		return per, nil
	}
	return out
}

// connOf finds the *Conn under nc, if any.
func connOf(nc net.Conn) *Conn {
	for i := 0; nc != nil && i < 8; i++ {
		if c, ok := nc.(*Conn); ok {
			return c
		}
		u, ok := nc.(interface{ NetConn() net.Conn })
		if !ok {
			return nil
		}
		nc = u.NetConn()
	}
	return nil
}
