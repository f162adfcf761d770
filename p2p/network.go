package p2p

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/causeway/causeway/p2p/p2ppb"
	"github.com/causeway/causeway/types"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/keepalive"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/status"
)

// Handler receives what peers send. Calls for one peer are sequential; calls
// for different peers are concurrent.
type Handler interface {
	HandleConsensus(from uint64, msg []byte)
	HandleForward(from uint64, req []byte)
	HandleTxs(from uint64, txs [][]byte)
}

// BlockSource serves committed blocks to syncing peers.
type BlockSource interface {
	Height() uint64
	Block(height uint64) (*types.Block, error)
}

// Peer describes one consensus node.
type Peer struct {
	ID      uint64
	Address string
	// TLSCert is the peer's TLS certificate (DER); a connection from or to a
	// peer is accepted only if it presents exactly this certificate (or
	// RetiringTLSCert), and is refused at the TLS handshake otherwise.
	TLSCert []byte
	// RetiringTLSCert, if set, is the certificate a rotation replaced,
	// accepted as well until the overlap ends (the next SetPeers without it).
	RetiringTLSCert []byte
}

// certs returns the fingerprints of the certificates p is known by.
func (p Peer) certs() [][32]byte {
	var out [][32]byte
	for _, c := range [][]byte{p.TLSCert, p.RetiringTLSCert} {
		if len(c) > 0 {
			out = append(out, sha256.Sum256(c))
		}
	}
	return out
}

// Config configures a Network.
type Config struct {
	SelfID uint64
	// Listen is the address to serve peers on.
	Listen string
	Peers  []Peer
	// ServerTLS must require and verify client certificates.
	ServerTLS *tls.Config
	// ClientTLS returns the TLS configuration to dial a peer at addr.
	ClientTLS func(addr string) (*tls.Config, error)
	// DialAddress, if set, returns where to connect to reach peer id
	// whose address in the chain configuration is addr: a relay, a NAT
	// or a fault-injecting proxy in front of the peer. "" means addr. The
	// connection is still made with ClientTLS(addr) and the peer's pinned
	// certificate, so the relay sees only TLS.
	DialAddress func(id uint64, addr string) string
	// QueueSize bounds each peer's outbound queue (messages), and
	// MaxQueueBytes the bytes those messages hold (default 64 MiB): a peer
	// that is slow or down costs at most that much memory.
	QueueSize     int
	MaxQueueBytes int64
	// MaxMessageBytes bounds a message in both directions.
	MaxMessageBytes int
	Logger          *slog.Logger
	// Outbound, if set, sees every message before it is queued and returns
	// what to send instead (nil drops it). Fault-injection tests use it to
	// make a node Byzantine; nodes leave it nil.
	Outbound func(to uint64, m *p2ppb.PeerMessage) *p2ppb.PeerMessage
	// WrapListener, if set, wraps the listener before serving (the node's
	// connection limits).
	WrapListener func(net.Listener) net.Listener
	// WatchTLS, if set, wraps the server TLS configuration last, after
	// peer pinning is added to it (the node's connection limits watch
	// handshakes this way). A wrapper that hands each handshake a
	// configuration of its own must keep the wrapped VerifyConnection.
	WatchTLS func(*tls.Config) *tls.Config
	// ServerOptions are added to the gRPC server's options, after the
	// network's own (later options override earlier ones): stream caps,
	// keepalive, handshake timeout.
	ServerOptions []grpc.ServerOption
}

// Network is a node's set of peer connections.
type Network struct {
	cfg     Config
	log     *slog.Logger
	handler Handler
	blocks  BlockSource

	mu     sync.RWMutex
	peers  map[uint64]*peerConn
	byCert map[[32]byte]uint64

	srv    *grpc.Server
	lis    net.Listener
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	dropped atomic.Uint64
	// received counts inbound messages by kind: consensus, forward, txs.
	received [3]atomic.Uint64
}

// service implements the gRPC Peer service for a Network.
type service struct {
	p2ppb.UnimplementedPeerServer
	n *Network
}

type peerConn struct {
	Peer
	queue     chan *p2ppb.PeerMessage
	queued    atomic.Int64 // bytes of the messages in queue
	connected atomic.Bool
	// retry is a message whose send failed, sent first on the next stream;
	// only runOutbound touches it.
	retry  *p2ppb.PeerMessage
	conn   *grpc.ClientConn
	cancel context.CancelFunc
}

// New makes a Network; Start begins serving and dialing.
func New(cfg Config, h Handler, blocks BlockSource) *Network {
	if cfg.QueueSize <= 0 {
		cfg.QueueSize = 8192
	}
	if cfg.MaxQueueBytes <= 0 {
		cfg.MaxQueueBytes = 64 << 20
	}
	if cfg.MaxMessageBytes <= 0 {
		cfg.MaxMessageBytes = 64 << 20
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	n := &Network{cfg: cfg, log: cfg.Logger, handler: h, blocks: blocks, peers: map[uint64]*peerConn{}, byCert: map[[32]byte]uint64{}}
	n.ctx, n.cancel = context.WithCancel(context.Background())
	return n
}

// Start listens on cfg.Listen and dials every peer. It returns once listening.
func (n *Network) Start() error {
	lis, err := net.Listen("tcp", n.cfg.Listen)
	if err != nil {
		return fmt.Errorf("p2p: listen %s: %w", n.cfg.Listen, err)
	}
	if n.cfg.WrapListener != nil {
		lis = n.cfg.WrapListener(lis)
	}
	n.lis = lis
	serverTLS := n.pinnedServerTLS()
	if n.cfg.WatchTLS != nil {
		serverTLS = n.cfg.WatchTLS(serverTLS)
	}
	n.srv = grpc.NewServer(append([]grpc.ServerOption{
		grpc.Creds(credentials.NewTLS(serverTLS)),
		grpc.MaxRecvMsgSize(n.cfg.MaxMessageBytes),
		grpc.MaxSendMsgSize(n.cfg.MaxMessageBytes),
		grpc.KeepaliveEnforcementPolicy(keepalive.EnforcementPolicy{MinTime: 5 * time.Second, PermitWithoutStream: true}),
	}, n.cfg.ServerOptions...)...)
	p2ppb.RegisterPeerServer(n.srv, &service{n: n})
	n.wg.Add(1)
	go func() {
		defer n.wg.Done()
		_ = n.srv.Serve(lis)
	}()
	n.SetPeers(n.cfg.Peers)
	return nil
}

// Addr returns the listening address.
func (n *Network) Addr() net.Addr { return n.lis.Addr() }

// SetPeers replaces the peer set: new peers are dialed, removed ones are
// disconnected. Connections from removed peers are refused from then on.
func (n *Network) SetPeers(peers []Peer) {
	n.mu.Lock()
	defer n.mu.Unlock()
	want := map[uint64]Peer{}
	n.byCert = map[[32]byte]uint64{}
	for _, p := range peers {
		for _, fp := range p.certs() {
			n.byCert[fp] = p.ID
		}
		if p.ID != n.cfg.SelfID {
			want[p.ID] = p
		}
	}
	for id, pc := range n.peers {
		w, ok := want[id]
		if !ok || w.Address != pc.Address {
			pc.cancel()
			delete(n.peers, id)
			continue
		}
		if !slices.Equal(w.certs(), pc.certs()) {
			// A certificate rotation: the connection was checked against
			// the old set; make it again against the new one, keeping the
			// queued messages.
			pc.TLSCert, pc.RetiringTLSCert = w.TLSCert, w.RetiringTLSCert
			n.resetConnLocked(pc)
		}
	}
	for id, p := range want {
		if _, ok := n.peers[id]; ok {
			continue
		}
		ctx, cancel := context.WithCancel(n.ctx)
		pc := &peerConn{Peer: p, queue: make(chan *p2ppb.PeerMessage, n.cfg.QueueSize), cancel: cancel}
		n.peers[id] = pc
		n.wg.Add(1)
		go n.runOutbound(ctx, pc)
	}
}

// Redial closes every outbound connection; each is made again, with a new
// TLS handshake, the next time a message is sent. A node calls it when its
// own TLS certificate changes, so that peers see the new one. Queued
// messages are kept.
func (n *Network) Redial() {
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, pc := range n.peers {
		n.resetConnLocked(pc)
	}
}

// resetConnLocked closes pc's client connection; runOutbound dials again.
// n.mu must be held.
func (n *Network) resetConnLocked(pc *peerConn) {
	if pc.conn != nil {
		pc.conn.Close()
		pc.conn = nil
	}
}

// errNotPinned refuses a handshake with a certificate no peer is known by.
var errNotPinned = errors.New("p2p: certificate is not a consensus node's")

// pinnedServerTLS is cfg.ServerTLS that also refuses, at the handshake, a
// client whose certificate is not one a peer is known by now. Refusals are
// returned, not logged (see Config.WatchTLS).
func (n *Network) pinnedServerTLS() *tls.Config {
	c := n.cfg.ServerTLS.Clone()
	verify := c.VerifyConnection
	c.VerifyConnection = func(cs tls.ConnectionState) error {
		if verify != nil {
			if err := verify(cs); err != nil {
				return err
			}
		}
		if len(cs.PeerCertificates) == 0 {
			return errNotPinned
		}
		n.mu.RLock()
		_, ok := n.byCert[sha256.Sum256(cs.PeerCertificates[0].Raw)]
		n.mu.RUnlock()
		if !ok {
			// Not logged here: any holder of a member certificate can
			// reconnect at will. The error is what the handshake fails
			// with, and Config.WatchTLS (the node's rate-limited refusal
			// log, wrapping this configuration) logs it with the reason.
			leaf := cs.PeerCertificates[0]
			return fmt.Errorf("%w: %q (serial %s)", errNotPinned, leaf.Subject.String(), leaf.SerialNumber.Text(16))
		}
		return nil
	}
	return c
}

// Stop closes every connection and the listener.
func (n *Network) Stop() {
	n.cancel()
	if n.srv != nil {
		// Inbound streams end when the peers' contexts end; do not wait for them.
		go n.srv.GracefulStop()
		time.Sleep(10 * time.Millisecond)
		n.srv.Stop()
	}
	n.wg.Wait()
}

// Send queues m for peer to without blocking. It reports false, and drops m,
// when the peer is unknown or its queue is full.
func (n *Network) Send(to uint64, m *p2ppb.PeerMessage) bool {
	n.mu.RLock()
	pc := n.peers[to]
	n.mu.RUnlock()
	if pc == nil {
		return false
	}
	if n.cfg.Outbound != nil {
		if m = n.cfg.Outbound(to, m); m == nil {
			return false
		}
	}
	return n.enqueue(pc, m, messageSize(m))
}

// enqueue puts m on pc's queue unless the queue is full (in messages or in
// bytes; a message bigger than the byte budget still goes through an empty
// queue). It never blocks.
func (n *Network) enqueue(pc *peerConn, m *p2ppb.PeerMessage, size int64) bool {
	if q := pc.queued.Add(size); q > n.cfg.MaxQueueBytes && q > size {
		pc.queued.Add(-size)
		n.dropped.Add(1)
		return false
	}
	select {
	case pc.queue <- m:
		return true
	default:
		pc.queued.Add(-size)
		n.dropped.Add(1)
		return false
	}
}

// messageSize is about the encoded size of m, for the queues' byte budget.
func messageSize(m *p2ppb.PeerMessage) int64 {
	switch k := m.Kind.(type) {
	case *p2ppb.PeerMessage_Consensus:
		return int64(len(k.Consensus)) + 8
	case *p2ppb.PeerMessage_Forward:
		return int64(len(k.Forward)) + 8
	case *p2ppb.PeerMessage_Txs:
		size := int64(8)
		for _, tx := range k.Txs.GetTxs() {
			size += int64(len(tx)) + 4
		}
		return size
	}
	return 8
}

// Broadcast queues m for every peer.
func (n *Network) Broadcast(m *p2ppb.PeerMessage) {
	n.mu.RLock()
	defer n.mu.RUnlock()
	size := messageSize(m)
	for id, pc := range n.peers {
		out, outSize := m, size
		if n.cfg.Outbound != nil {
			if out = n.cfg.Outbound(id, m); out == nil {
				continue
			}
			outSize = messageSize(out)
		}
		n.enqueue(pc, out, outSize)
	}
}

// Dropped returns how many messages were dropped on full queues.
func (n *Network) Dropped() uint64 { return n.dropped.Load() }

// Received returns how many messages peers sent this node, by kind:
// consensus protocol messages, requests forwarded by SmartBFT, and gossiped
// transaction batches.
func (n *Network) Received() (consensus, forward, txs uint64) {
	return n.received[0].Load(), n.received[1].Load(), n.received[2].Load()
}

// PeerState is a peer's id, address and whether its outbound stream is up.
type PeerState struct {
	ID        uint64
	Address   string
	Connected bool
}

// Peers returns the state of every peer, by id.
func (n *Network) Peers() []PeerState {
	n.mu.RLock()
	defer n.mu.RUnlock()
	out := make([]PeerState, 0, len(n.peers))
	for _, pc := range n.peers {
		out = append(out, PeerState{ID: pc.ID, Address: pc.Address, Connected: pc.connected.Load()})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func (n *Network) runOutbound(ctx context.Context, pc *peerConn) {
	defer n.wg.Done()
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		sent, err := n.streamTo(ctx, pc)
		pc.connected.Store(false)
		if ctx.Err() != nil {
			return
		}
		if sent {
			// The stream worked (the connection was closed, e.g. to redial
			// after a certificate rotation): come back quickly.
			backoff = 100 * time.Millisecond
		}
		n.log.Debug("peer stream ended", "peer", pc.ID, "err", err)
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		if backoff < 2*time.Second {
			backoff *= 2
		}
	}
}

func (n *Network) dial(pc *peerConn) (*grpc.ClientConn, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if pc.conn != nil {
		return pc.conn, nil
	}
	tlsConf, err := n.cfg.ClientTLS(pc.Address)
	if err != nil {
		return nil, err
	}
	// The server must present a certificate this peer is known by.
	tlsConf = tlsConf.Clone()
	verify := tlsConf.VerifyConnection
	id := pc.ID
	tlsConf.VerifyConnection = func(cs tls.ConnectionState) error {
		if verify != nil {
			if err := verify(cs); err != nil {
				return err
			}
		}
		if len(cs.PeerCertificates) == 0 {
			return errNotPinned
		}
		n.mu.RLock()
		got, ok := n.byCert[sha256.Sum256(cs.PeerCertificates[0].Raw)]
		n.mu.RUnlock()
		if !ok || got != id {
			return fmt.Errorf("%w: peer %d at %s presented %q", errNotPinned, id, pc.Address, cs.PeerCertificates[0].Subject.String())
		}
		return nil
	}
	target := pc.Address
	if n.cfg.DialAddress != nil {
		if a := n.cfg.DialAddress(pc.ID, pc.Address); a != "" {
			target = a
		}
	}
	conn, err := grpc.NewClient(target,
		grpc.WithTransportCredentials(credentials.NewTLS(tlsConf)),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(n.cfg.MaxMessageBytes), grpc.MaxCallSendMsgSize(n.cfg.MaxMessageBytes)),
		grpc.WithKeepaliveParams(keepalive.ClientParameters{Time: 10 * time.Second, Timeout: 5 * time.Second, PermitWithoutStream: true}),
	)
	if err != nil {
		return nil, err
	}
	pc.conn = conn
	go func() { <-n.ctx.Done(); conn.Close() }()
	return conn, nil
}

// streamTo sends pc's queued messages over one stream until it fails; it
// reports whether any message got through. A message whose send failed is
// kept in pc.retry and sent first on the next stream, so that closing a
// connection (a redial) loses no message.
func (n *Network) streamTo(ctx context.Context, pc *peerConn) (bool, error) {
	conn, err := n.dial(pc)
	if err != nil {
		return false, err
	}
	stream, err := p2ppb.NewPeerClient(conn).Send(ctx, grpc.WaitForReady(false))
	if err != nil {
		return false, err
	}
	// The stream is up once the first message gets through; mark it eagerly so
	// status shows dialed peers, and clear it on the first error.
	pc.connected.Store(true)
	defer stream.CloseSend()
	sent := false
	send := func(m *p2ppb.PeerMessage) error {
		if err := stream.Send(m); err != nil {
			pc.retry = m
			return err
		}
		sent = true
		return nil
	}
	if m := pc.retry; m != nil {
		pc.retry = nil
		if err := send(m); err != nil {
			return sent, err
		}
	}
	for {
		select {
		case <-ctx.Done():
			return sent, ctx.Err()
		case <-stream.Context().Done():
			// The connection closed under the stream: dial again before
			// taking the next message.
			return sent, stream.Context().Err()
		case m := <-pc.queue:
			pc.queued.Add(-messageSize(m))
			if err := send(m); err != nil {
				return sent, err
			}
		}
	}
}

// identify returns the id of the peer on the other end of ctx's connection.
func (n *Network) identify(ctx context.Context) (uint64, error) {
	p, ok := peer.FromContext(ctx)
	if !ok {
		return 0, status.Error(codes.Unauthenticated, "no peer")
	}
	info, ok := p.AuthInfo.(credentials.TLSInfo)
	if !ok || len(info.State.PeerCertificates) == 0 {
		return 0, status.Error(codes.Unauthenticated, "no client certificate")
	}
	id, _, err := n.identifyCert(info.State.PeerCertificates[0])
	return id, err
}

// identifyCert returns the peer a certificate is known by, with the
// certificate's fingerprint.
func (n *Network) identifyCert(leaf *x509.Certificate) (uint64, [32]byte, error) {
	fp := sha256.Sum256(leaf.Raw)
	n.mu.RLock()
	id, ok := n.byCert[fp]
	n.mu.RUnlock()
	if !ok {
		return 0, fp, status.Errorf(codes.PermissionDenied, "certificate %q (issuer %q) is not a consensus node's", leaf.Subject.CommonName, leaf.Issuer.CommonName)
	}
	return id, fp, nil
}

// Send implements the Peer service: messages from one peer, in order.
func (s *service) Send(stream p2ppb.Peer_SendServer) error {
	n := s.n
	from, err := n.identify(stream.Context())
	if err != nil {
		n.log.Warn("refused peer stream", "err", err)
		return err
	}
	fp := streamCert(stream.Context())
	for {
		m, err := stream.Recv()
		if err == io.EOF {
			return stream.SendAndClose(&p2ppb.SendAck{})
		}
		if err != nil {
			return err
		}
		// A peer removed from the set (by governance), or one whose
		// certificate a rotation retired, is cut off at its next message.
		if !n.isPeer(from) {
			n.log.Warn("closing the stream of a node that is no longer a peer", "peer", from)
			return status.Errorf(codes.PermissionDenied, "node %d is no longer a peer", from)
		}
		if !n.knownAs(fp, from) {
			n.log.Warn("closing a peer stream made with a retired certificate", "peer", from)
			return status.Errorf(codes.PermissionDenied, "node %d's certificate of this connection is retired", from)
		}
		switch k := m.Kind.(type) {
		case *p2ppb.PeerMessage_Consensus:
			n.received[0].Add(1)
			n.handler.HandleConsensus(from, k.Consensus)
		case *p2ppb.PeerMessage_Forward:
			n.received[1].Add(1)
			n.handler.HandleForward(from, k.Forward)
		case *p2ppb.PeerMessage_Txs:
			n.received[2].Add(1)
			if k.Txs != nil {
				n.handler.HandleTxs(from, k.Txs.Txs)
			}
		default:
			n.log.Debug("dropping empty peer message", "from", from)
		}
	}
}

// maxBlocksPerRequest bounds one GetBlocks answer.
const maxBlocksPerRequest = 1000

// GetBlocks implements the Peer service: committed blocks [from, to].
func (s *service) GetBlocks(req *p2ppb.GetBlocksRequest, stream p2ppb.Peer_GetBlocksServer) error {
	n := s.n
	if _, err := n.identify(stream.Context()); err != nil {
		return err
	}
	to := req.To
	h := n.blocks.Height()
	if to == 0 || to > h {
		to = h
	}
	if req.From > to {
		return nil
	}
	if to-req.From >= maxBlocksPerRequest {
		to = req.From + maxBlocksPerRequest - 1
	}
	for i := req.From; i <= to; i++ {
		b, err := n.blocks.Block(i)
		if err != nil {
			return status.Errorf(codes.NotFound, "block %d: %v", i, err)
		}
		if err := stream.Send(b); err != nil {
			return err
		}
	}
	return nil
}

// GetHeight implements the Peer service.
func (s *service) GetHeight(ctx context.Context, _ *p2ppb.GetHeightRequest) (*p2ppb.GetHeightResponse, error) {
	n := s.n
	if _, err := n.identify(ctx); err != nil {
		return nil, err
	}
	return &p2ppb.GetHeightResponse{Height: n.blocks.Height()}, nil
}

// streamCert is the fingerprint of the client certificate of ctx's connection.
func streamCert(ctx context.Context) [32]byte {
	if p, ok := peer.FromContext(ctx); ok {
		if info, ok := p.AuthInfo.(credentials.TLSInfo); ok && len(info.State.PeerCertificates) > 0 {
			return sha256.Sum256(info.State.PeerCertificates[0].Raw)
		}
	}
	return [32]byte{}
}

// knownAs reports whether the certificate with fingerprint fp is one peer
// id is known by now.
func (n *Network) knownAs(fp [32]byte, id uint64) bool {
	n.mu.RLock()
	defer n.mu.RUnlock()
	got, ok := n.byCert[fp]
	return ok && got == id
}

// isPeer reports whether id is in the current peer set.
func (n *Network) isPeer(id uint64) bool {
	n.mu.RLock()
	defer n.mu.RUnlock()
	for _, pid := range n.byCert {
		if pid == id {
			return true
		}
	}
	return false
}

// ErrUnknownPeer is returned when asking a peer that is not in the peer set.
var ErrUnknownPeer = errors.New("p2p: unknown peer")

func (n *Network) client(id uint64) (p2ppb.PeerClient, error) {
	n.mu.RLock()
	pc := n.peers[id]
	n.mu.RUnlock()
	if pc == nil {
		return nil, ErrUnknownPeer
	}
	conn, err := n.dial(pc)
	if err != nil {
		return nil, err
	}
	return p2ppb.NewPeerClient(conn), nil
}

// PeerHeight asks a peer for its committed height.
func (n *Network) PeerHeight(ctx context.Context, id uint64) (uint64, error) {
	c, err := n.client(id)
	if err != nil {
		return 0, err
	}
	r, err := c.GetHeight(ctx, &p2ppb.GetHeightRequest{})
	if err != nil {
		return 0, err
	}
	return r.Height, nil
}

// FetchBlocks asks peer id for blocks [from, to] and calls fn for each in
// order; the peer may return fewer than asked. It stops at fn's first error.
func (n *Network) FetchBlocks(ctx context.Context, id, from, to uint64, fn func(*types.Block) error) error {
	c, err := n.client(id)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := c.GetBlocks(ctx, &p2ppb.GetBlocksRequest{From: from, To: to})
	if err != nil {
		return err
	}
	for {
		b, err := stream.Recv()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(b); err != nil {
			return err
		}
	}
}

// CertFingerprint is the key peers are recognised by: SHA-256 of the DER certificate.
func CertFingerprint(c *x509.Certificate) [32]byte { return sha256.Sum256(c.Raw) }
