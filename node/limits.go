package node

import (
	"bytes"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"log"
	"net"
	"net/http"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/keepalive"

	"github.com/causeway/causeway/internal/netlimit"
)

// Duration is a time.Duration written in JSON as a Go duration string
// ("5s", "1m30s").
type Duration time.Duration

// MarshalJSON writes the duration as a string.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// UnmarshalJSON reads a duration string ("5s"); a bare number is taken as
// nanoseconds, as time.Duration's own encoding is.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		var n int64
		if err2 := json.Unmarshal(b, &n); err2 != nil {
			return fmt.Errorf("duration: want a string such as \"5s\": %w", err)
		}
		*d = Duration(n)
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("duration: %w", err)
	}
	*d = Duration(v)
	return nil
}

// Limits bound what clients and peers, above all those without a member
// certificate, can hold on the node's listeners (p2p, gRPC, REST and
// admin). Every field is optional: zero takes the default named in its
// comment (DefaultLimits). Caps count per listener.
type Limits struct {
	// MaxConns caps each listener's open connections, members' included
	// (default 4096); connections beyond it are refused at once.
	MaxConns int `json:"max_conns,omitempty"`
	// MaxUnauthenticated caps each listener's connections without a
	// verified member certificate: in their TLS handshake, waiting for a
	// slot of their address, or anonymous REST callers (default 512). At
	// the cap the oldest of them is closed, so a member can still connect.
	MaxUnauthenticated int `json:"max_unauthenticated,omitempty"`
	// MaxUnauthenticatedPerIP caps those connections per source address
	// (IPv4 address or IPv6 /64) on the p2p, gRPC and REST listeners
	// (default 1). A member's connection leaves the count once its
	// certificate is verified.
	MaxUnauthenticatedPerIP int `json:"max_unauthenticated_per_ip,omitempty"`
	// PendingPerIP is how many further connections of an address at its
	// cap wait their turn (members behind one NAT handshaking at once)
	// rather than being refused (default 16).
	PendingPerIP int `json:"pending_per_ip,omitempty"`
	// HandshakeTimeout closes a connection that has not completed its TLS
	// handshake this long after it was accepted (default 5s).
	HandshakeTimeout Duration `json:"handshake_timeout,omitempty"`
	// ReadHeaderTimeout bounds reading a REST or admin request's header
	// (default 5s); an anonymous REST connection serves one request.
	ReadHeaderTimeout Duration `json:"read_header_timeout,omitempty"`
	// IdleTimeout closes an idle keep-alive REST or admin connection
	// (default 60s).
	IdleTimeout Duration `json:"idle_timeout,omitempty"`
	// MaxHeaderBytes bounds a REST or admin request's header (default 64 KiB).
	MaxHeaderBytes int `json:"max_header_bytes,omitempty"`
	// MaxConcurrentStreams caps the streams of one gRPC connection (p2p
	// and API) and of one HTTP/2 REST connection (default 256).
	MaxConcurrentStreams uint32 `json:"max_concurrent_streams,omitempty"`
	// KeepaliveTime is how long a gRPC connection may be silent before the
	// server pings it, and KeepaliveTimeout how long the ping may go
	// unanswered before the connection is closed (defaults 30s and 10s).
	KeepaliveTime    Duration `json:"keepalive_time,omitempty"`
	KeepaliveTimeout Duration `json:"keepalive_timeout,omitempty"`
	// KeepaliveMinTime is the shortest interval at which a gRPC client
	// may ping; a client pinging more often is disconnected (default 5s;
	// nodes ping their peers every 10s).
	KeepaliveMinTime Duration `json:"keepalive_min_time,omitempty"`
	// MaxConnectionIdle closes a gRPC API connection without calls for
	// this long; clients reconnect transparently (default 5m).
	MaxConnectionIdle Duration `json:"max_connection_idle,omitempty"`
	// AdminMaxConnsPerIP caps the admin listener's connections per source
	// address (default 8): it has no TLS, so no connection is a member's.
	AdminMaxConnsPerIP int `json:"admin_max_conns_per_ip,omitempty"`
	// RefusalLogBurst and RefusalLogInterval bound the log lines about
	// refused connections and handshakes: per listener, at most the burst
	// per interval, then one "refusals suppressed" summary per interval
	// (defaults 10 and 1m).
	RefusalLogBurst    int      `json:"refusal_log_burst,omitempty"`
	RefusalLogInterval Duration `json:"refusal_log_interval,omitempty"`
}

// DefaultLimits are the limits used for the fields a configuration leaves zero.
var DefaultLimits = Limits{
	MaxConns:                4096,
	MaxUnauthenticated:      512,
	MaxUnauthenticatedPerIP: 1,
	PendingPerIP:            16,
	HandshakeTimeout:        Duration(5 * time.Second),
	ReadHeaderTimeout:       Duration(5 * time.Second),
	IdleTimeout:             Duration(60 * time.Second),
	MaxHeaderBytes:          64 << 10,
	MaxConcurrentStreams:    256,
	KeepaliveTime:           Duration(30 * time.Second),
	KeepaliveTimeout:        Duration(10 * time.Second),
	KeepaliveMinTime:        Duration(5 * time.Second),
	MaxConnectionIdle:       Duration(5 * time.Minute),
	AdminMaxConnsPerIP:      8,
	RefusalLogBurst:         netlimit.DefaultLogBurst,
	RefusalLogInterval:      Duration(netlimit.DefaultLogInterval),
}

// WithDefaults returns l with every zero (or negative) field set from DefaultLimits.
func (l Limits) WithDefaults() Limits {
	d := DefaultLimits
	pick := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	pickD := func(v *Duration, def Duration) {
		if *v <= 0 {
			*v = def
		}
	}
	pick(&l.MaxConns, d.MaxConns)
	pick(&l.MaxUnauthenticated, d.MaxUnauthenticated)
	pick(&l.MaxUnauthenticatedPerIP, d.MaxUnauthenticatedPerIP)
	pick(&l.PendingPerIP, d.PendingPerIP)
	pick(&l.MaxHeaderBytes, d.MaxHeaderBytes)
	pick(&l.AdminMaxConnsPerIP, d.AdminMaxConnsPerIP)
	pick(&l.RefusalLogBurst, d.RefusalLogBurst)
	pickD(&l.HandshakeTimeout, d.HandshakeTimeout)
	pickD(&l.ReadHeaderTimeout, d.ReadHeaderTimeout)
	pickD(&l.IdleTimeout, d.IdleTimeout)
	pickD(&l.KeepaliveTime, d.KeepaliveTime)
	pickD(&l.KeepaliveTimeout, d.KeepaliveTimeout)
	pickD(&l.KeepaliveMinTime, d.KeepaliveMinTime)
	pickD(&l.MaxConnectionIdle, d.MaxConnectionIdle)
	pickD(&l.RefusalLogInterval, d.RefusalLogInterval)
	if l.MaxConcurrentStreams == 0 {
		l.MaxConcurrentStreams = d.MaxConcurrentStreams
	}
	return l
}

// guard is one listener's limiter: its refusal log and, once listening,
// its limited listener.
type guard struct {
	name string
	rlog *netlimit.RefusalLog
	lis  *netlimit.Listener
}

// guardFor returns (making it on first use) the guard of listener name.
func (n *Node) guardFor(name string) *guard {
	n.guardsMu.Lock()
	defer n.guardsMu.Unlock()
	if g, ok := n.guards[name]; ok {
		return g
	}
	lim := n.limits
	g := &guard{name: name, rlog: netlimit.NewRefusalLog(n.log.With("component", "netlimit", "listener", name),
		lim.RefusalLogBurst, time.Duration(lim.RefusalLogInterval))}
	n.guards[name] = g
	return g
}

// wrap puts the limits of listener g.name around l.
func (n *Node) wrap(g *guard, l net.Listener) net.Listener {
	lim := n.limits
	nl := netlimit.Limits{
		MaxConns: lim.MaxConns, MaxUnauthenticated: lim.MaxUnauthenticated,
		MaxUnauthenticatedPerIP: lim.MaxUnauthenticatedPerIP, PendingPerIP: lim.PendingPerIP,
		HandshakeTimeout: time.Duration(lim.HandshakeTimeout),
	}
	if g.name == "admin" {
		nl.MaxUnauthenticated = lim.MaxConns
		nl.MaxUnauthenticatedPerIP = lim.AdminMaxConnsPerIP
		nl.HandshakeTimeout = 0 // no TLS: the header timeout applies
	}
	lis := netlimit.NewListener(l, nl, g.rlog)
	n.guardsMu.Lock()
	g.lis = lis
	n.guardsMu.Unlock()
	return lis
}

// listen binds addr with the limits of listener name.
func (n *Node) listen(name, addr string) (net.Listener, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("%s listen %s: %w", name, addr, err)
	}
	return n.wrap(n.guardFor(name), l), nil
}

// watchTLS prepares a server TLS configuration for listener name: the
// application protocols are set (protos) and each handshake reports to
// the limiter, refusals going to the listener's refusal log.
func (n *Node) watchTLS(name string, cfg *tls.Config, protos ...string) *tls.Config {
	cfg = cfg.Clone()
	cfg.NextProtos = protos
	return netlimit.WatchTLS(cfg, n.guardFor(name).rlog)
}

// grpcServerOptions are the connection limits of a gRPC server; maxIdle
// (0: none) closes connections without calls for that long.
func (n *Node) grpcServerOptions(maxIdle time.Duration) []grpc.ServerOption {
	lim := n.limits
	return []grpc.ServerOption{
		grpc.MaxConcurrentStreams(lim.MaxConcurrentStreams),
		grpc.ConnectionTimeout(time.Duration(lim.HandshakeTimeout)),
		grpc.KeepaliveEnforcementPolicy(keepalive.EnforcementPolicy{MinTime: time.Duration(lim.KeepaliveMinTime), PermitWithoutStream: true}),
		grpc.KeepaliveParams(keepalive.ServerParameters{
			Time: time.Duration(lim.KeepaliveTime), Timeout: time.Duration(lim.KeepaliveTimeout), MaxConnectionIdle: maxIdle,
		}),
	}
}

// apiGRPCServerOptions are the API server's: the connection limits with an
// idle connection limit, and the request metrics.
func (n *Node) apiGRPCServerOptions() []grpc.ServerOption {
	return append(n.grpcServerOptions(time.Duration(n.limits.MaxConnectionIdle)),
		grpc.ChainUnaryInterceptor(n.metrics.unaryInterceptor),
		grpc.ChainStreamInterceptor(n.metrics.streamInterceptor),
	)
}

// httpServer returns an HTTP server for listener name with the header,
// idle and size limits; its error log goes through the refusal log.
func (n *Node) httpServer(name string, h http.Handler, tlsConf *tls.Config) *http.Server {
	lim := n.limits
	g := n.guardFor(name)
	return &http.Server{
		Handler: h, TLSConfig: tlsConf,
		ReadHeaderTimeout: time.Duration(lim.ReadHeaderTimeout),
		IdleTimeout:       time.Duration(lim.IdleTimeout),
		MaxHeaderBytes:    lim.MaxHeaderBytes,
		HTTP2:             &http.HTTP2Config{MaxConcurrentStreams: int(lim.MaxConcurrentStreams)},
		ErrorLog:          log.New(httpErrorLog{n: n, g: g}, "", 0),
	}
}

// httpErrorLog routes net/http's error log: failed TLS handshakes are
// already reported by the limiter (refused certificates, deadlines), so
// they go to the debug log; other lines are refusals, rate-limited.
type httpErrorLog struct {
	n *Node
	g *guard
}

func (w httpErrorLog) Write(p []byte) (int, error) {
	line := string(bytes.TrimSpace(p))
	if bytes.Contains(p, []byte("TLS handshake error")) {
		w.n.log.Debug(line, "listener", w.g.name)
	} else {
		w.g.rlog.Refuse("http server: "+line, "listener", w.g.name)
	}
	return len(p), nil
}

// anonymousOneRequest makes an HTTP connection without a client certificate
// serve one request: the response says "Connection: close", so such a
// connection holds its address's slot only while its request is served.
func anonymousOneRequest(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.TLS == nil || len(r.TLS.PeerCertificates) == 0 {
			w.Header().Set("Connection", "close")
		}
		h.ServeHTTP(w, r)
	})
}

// closeGuards writes the pending refusal summaries.
func (n *Node) closeGuards() {
	n.guardsMu.Lock()
	defer n.guardsMu.Unlock()
	for _, g := range n.guards {
		g.rlog.Close()
	}
}
