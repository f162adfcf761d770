package p2p

import (
	"context"
	"crypto/tls"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/causeway/causeway/p2p/p2ppb"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/types"
)

// received is one message a handler got.
type received struct {
	from uint64
	kind string
	data []byte
	txs  [][]byte
}

// recorder is a Handler that keeps what it receives, in order.
type recorder struct {
	mu  sync.Mutex
	got []received
	ch  chan struct{} // signalled on every message
}

func newRecorder() *recorder { return &recorder{ch: make(chan struct{}, 1)} }

func (r *recorder) add(m received) {
	r.mu.Lock()
	r.got = append(r.got, m)
	r.mu.Unlock()
	select {
	case r.ch <- struct{}{}:
	default:
	}
}

func (r *recorder) HandleConsensus(from uint64, msg []byte) {
	r.add(received{from: from, kind: "consensus", data: msg})
}
func (r *recorder) HandleForward(from uint64, req []byte) {
	r.add(received{from: from, kind: "forward", data: req})
}
func (r *recorder) HandleTxs(from uint64, txs [][]byte) {
	r.add(received{from: from, kind: "txs", txs: txs})
}

func (r *recorder) messages() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.got...)
}

// waitFor waits until cond holds on the received messages.
func (r *recorder) waitFor(t *testing.T, what string, timeout time.Duration, cond func([]received) bool) []received {
	t.Helper()
	deadline := time.After(timeout)
	for {
		got := r.messages()
		if cond(got) {
			return got
		}
		select {
		case <-r.ch:
		case <-time.After(20 * time.Millisecond):
		case <-deadline:
			t.Fatalf("timed out waiting for %s (%d messages so far)", what, len(got))
		}
	}
}

// blocks is a BlockSource of n blocks 1..n.
type blocks struct{ n uint64 }

func (b blocks) Height() uint64 { return b.n }
func (b blocks) Block(h uint64) (*types.Block, error) {
	if h == 0 || h > b.n {
		return nil, errors.New("no such block")
	}
	return &types.Block{Header: &types.BlockHeader{ChainId: "p2p-test", Height: h}}, nil
}

// identity is one node's TLS material.
type identity struct {
	id      uint64
	certPEM []byte
	keyPEM  []byte
	der     []byte
}

// testbed makes nodes of distinct orgs, each with its CA, sharing one trust.
type testbed struct {
	t     *testing.T
	trust *pki.Trust
	ids   map[uint64]identity
	cas   map[uint64]*pki.CA
}

func newTestbed(t *testing.T, n int) *testbed {
	t.Helper()
	tb := &testbed{t: t, ids: map[uint64]identity{}, cas: map[uint64]*pki.CA{}}
	var caPEMs [][]byte
	for i := 1; i <= n; i++ {
		ca, err := pki.NewCA(fmt.Sprintf("org%d", i))
		if err != nil {
			t.Fatal(err)
		}
		tb.cas[uint64(i)] = ca
		caPEMs = append(caPEMs, ca.CertPEM())
		tb.ids[uint64(i)] = tb.issue(ca, uint64(i))
	}
	trust, err := pki.NewTrust(caPEMs...)
	if err != nil {
		t.Fatal(err)
	}
	tb.trust = trust
	return tb
}

func (tb *testbed) issue(ca *pki.CA, id uint64) identity {
	tb.t.Helper()
	certPEM, keyPEM, err := ca.Issue(pki.IssueRequest{CommonName: fmt.Sprintf("node%d", id), Role: pki.RoleNode,
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}})
	if err != nil {
		tb.t.Fatal(err)
	}
	c, err := pki.ParseCertPEM(certPEM)
	if err != nil {
		tb.t.Fatal(err)
	}
	return identity{id: id, certPEM: certPEM, keyPEM: keyPEM, der: c.Raw}
}

// config returns the Config of a node with identity me listening on listen.
func (tb *testbed) config(me identity, listen string, peers []Peer) Config {
	tb.t.Helper()
	server, err := tb.trust.ServerTLS(me.certPEM, me.keyPEM, pki.RequireClientCert)
	if err != nil {
		tb.t.Fatal(err)
	}
	return Config{
		SelfID: me.id, Listen: listen, Peers: peers, ServerTLS: server,
		ClientTLS: func(addr string) (*tls.Config, error) {
			host, _, err := net.SplitHostPort(addr)
			if err != nil {
				return nil, err
			}
			return tb.trust.ClientTLS(me.certPEM, me.keyPEM, host)
		},
		Logger: slog.New(slog.DiscardHandler),
	}
}

// freeAddrs reserves n loopback addresses.
func freeAddrs(t *testing.T, n int) []string {
	t.Helper()
	var out []string
	var ls []net.Listener
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ls = append(ls, l)
		out = append(out, l.Addr().String())
	}
	for _, l := range ls {
		l.Close()
	}
	return out
}

// cluster starts a Network for each identity 1..n, all peers of each other.
type cluster struct {
	tb    *testbed
	addrs map[uint64]string
	peers []Peer
	nets  map[uint64]*Network
	recs  map[uint64]*recorder
}

func newCluster(t *testing.T, n int, adjust func(*Config)) *cluster {
	t.Helper()
	tb := newTestbed(t, n)
	c := &cluster{tb: tb, addrs: map[uint64]string{}, nets: map[uint64]*Network{}, recs: map[uint64]*recorder{}}
	for i, a := range freeAddrs(t, n) {
		id := uint64(i + 1)
		c.addrs[id] = a
		c.peers = append(c.peers, Peer{ID: id, Address: a, TLSCert: tb.ids[id].der})
	}
	for id := uint64(1); id <= uint64(n); id++ {
		c.start(t, id, 100, adjust)
	}
	t.Cleanup(func() {
		for _, nw := range c.nets {
			nw.Stop()
		}
	})
	return c
}

func (c *cluster) start(t *testing.T, id uint64, height uint64, adjust func(*Config)) {
	t.Helper()
	cfg := c.tb.config(c.tb.ids[id], c.addrs[id], c.peers)
	if adjust != nil {
		adjust(&cfg)
	}
	rec := newRecorder()
	nw := New(cfg, rec, blocks{n: height})
	if err := nw.Start(); err != nil {
		t.Fatal(err)
	}
	c.nets[id], c.recs[id] = nw, rec
}

func (c *cluster) stop(id uint64) {
	c.nets[id].Stop()
	delete(c.nets, id)
}

func seqMsg(i int) *p2ppb.PeerMessage {
	return &p2ppb.PeerMessage{Kind: &p2ppb.PeerMessage_Consensus{Consensus: binary.BigEndian.AppendUint32(nil, uint32(i))}}
}

func seqOf(m received) int { return int(binary.BigEndian.Uint32(m.data)) }

// waitConnected waits until from's stream to to is up and a message gets through.
func (c *cluster) waitConnected(t *testing.T, from, to uint64) {
	t.Helper()
	rec := c.recs[to]
	deadline := time.Now().Add(10 * time.Second)
	for {
		c.nets[from].Send(to, &p2ppb.PeerMessage{Kind: &p2ppb.PeerMessage_Forward{Forward: []byte("ping")}})
		for _, m := range rec.messages() {
			if m.from == from && m.kind == "forward" && string(m.data) == "ping" {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("node %d never reached node %d", from, to)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Messages from each peer arrive in the order sent, attributed to the
// sender by its certificate, whatever the concurrency between senders.
func TestDeliversInOrderWithSender(t *testing.T) {
	c := newCluster(t, 3, nil)
	c.waitConnected(t, 1, 3)
	c.waitConnected(t, 2, 3)
	const n = 2000
	var wg sync.WaitGroup
	for _, from := range []uint64{1, 2} {
		wg.Add(1)
		go func(from uint64) {
			defer wg.Done()
			for i := 0; i < n; i++ {
				for !c.nets[from].Send(3, seqMsg(i)) {
					time.Sleep(time.Millisecond) // queue full: the test wants every message
				}
			}
		}(from)
	}
	wg.Wait()
	got := c.recs[3].waitFor(t, "all messages", 20*time.Second, func(ms []received) bool {
		k := 0
		for _, m := range ms {
			if m.kind == "consensus" {
				k++
			}
		}
		return k == 2*n
	})
	next := map[uint64]int{1: 0, 2: 0}
	for _, m := range got {
		if m.kind != "consensus" {
			continue
		}
		if m.from != 1 && m.from != 2 {
			t.Fatalf("message attributed to node %d", m.from)
		}
		if seqOf(m) != next[m.from] {
			t.Fatalf("from node %d: message %d arrived when %d was expected", m.from, seqOf(m), next[m.from])
		}
		next[m.from]++
	}
	// Node 1 got nothing: nobody sent to it.
	for _, m := range c.recs[1].messages() {
		if m.kind == "consensus" {
			t.Fatal("node 1 received a consensus message sent to node 3")
		}
	}
}

// Each kind of message reaches its handler method; Broadcast reaches every
// peer but not the sender itself.
func TestRoutesMessageKinds(t *testing.T) {
	c := newCluster(t, 3, nil)
	c.waitConnected(t, 1, 2)
	c.waitConnected(t, 1, 3)
	c.nets[1].Broadcast(&p2ppb.PeerMessage{Kind: &p2ppb.PeerMessage_Txs{Txs: &p2ppb.TxGossip{Txs: [][]byte{[]byte("a"), []byte("b")}}}})
	c.nets[1].Send(2, &p2ppb.PeerMessage{Kind: &p2ppb.PeerMessage_Consensus{Consensus: []byte("c")}})
	c.nets[1].Send(2, &p2ppb.PeerMessage{})                           // empty: dropped by the receiver
	if c.nets[1].Send(1, seqMsg(0)) || c.nets[1].Send(9, seqMsg(0)) { // self and unknown
		t.Fatal("Send to itself or to an unknown node reported success")
	}
	for _, to := range []uint64{2, 3} {
		c.recs[to].waitFor(t, "gossip", 5*time.Second, func(ms []received) bool {
			for _, m := range ms {
				if m.kind == "txs" && m.from == 1 && len(m.txs) == 2 && string(m.txs[1]) == "b" {
					return true
				}
			}
			return false
		})
	}
	c.recs[2].waitFor(t, "consensus message", 5*time.Second, func(ms []received) bool {
		for _, m := range ms {
			if m.kind == "consensus" && string(m.data) == "c" {
				return true
			}
		}
		return false
	})
}

// A node whose certificate is not in the peer set cannot send messages or
// read blocks, even with a certificate from a member CA; one from an
// unknown CA does not get past the TLS handshake.
func TestRefusesUnknownPeers(t *testing.T) {
	c := newCluster(t, 2, nil)
	c.waitConnected(t, 1, 2)
	// An impostor: a valid certificate of org1's CA, but not node 1's.
	impostor := c.tb.issue(c.tb.cas[1], 1)
	addr := freeAddrs(t, 1)[0]
	cfg := c.tb.config(impostor, addr, []Peer{{ID: 1, Address: addr, TLSCert: impostor.der}, {ID: 2, Address: c.addrs[2], TLSCert: c.tb.ids[2].der}})
	rec := newRecorder()
	badLog := newLogEvents()
	cfg.Logger = slog.New(badLog)
	bad := New(cfg, rec, blocks{})
	if err := bad.Start(); err != nil {
		t.Fatal(err)
	}
	defer bad.Stop()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// The impostor is refused at the TLS handshake: its certificate is no
	// peer's (the server pins the peers' certificates). The client sees the
	// connection fail (the server's alert, or the closed connection when it
	// writes first, depending on timing), never an answer.
	refusedAtHandshake := func(err error) bool {
		return status.Code(err) == codes.Unavailable && (strings.Contains(err.Error(), "bad certificate") ||
			strings.Contains(err.Error(), "broken pipe") || strings.Contains(err.Error(), "connection reset") || strings.Contains(err.Error(), "EOF"))
	}
	_, err := bad.PeerHeight(ctx, 2)
	if !refusedAtHandshake(err) {
		t.Fatalf("PeerHeight by an impostor: %v, want a refused handshake", err)
	}
	err = bad.FetchBlocks(ctx, 2, 1, 10, func(*types.Block) error { return nil })
	if !refusedAtHandshake(err) {
		t.Fatalf("FetchBlocks by an impostor: %v, want a refused handshake", err)
	}
	streamEnded := badLog.count("peer stream ended")
	for i := 0; i < 20; i++ {
		bad.Send(2, &p2ppb.PeerMessage{Kind: &p2ppb.PeerMessage_Forward{Forward: []byte("impostor")}})
	}
	// A certificate from a CA outside the consortium.
	outsider, err := pki.NewCA("outsiders")
	if err != nil {
		t.Fatal(err)
	}
	stranger := c.tb.issue(outsider, 7)
	strangerTrust, err := pki.NewTrust(outsider.CertPEM(), c.tb.cas[2].CertPEM())
	if err != nil {
		t.Fatal(err)
	}
	tlsConf, err := strangerTrust.ClientTLS(stranger.certPEM, stranger.keyPEM, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	conn, err := tls.Dial("tcp", c.addrs[2], tlsConf)
	if err == nil {
		// TLS 1.3: the server's refusal of the client certificate shows on
		// the first read; an accepted client would read the server's
		// HTTP/2 settings instead.
		conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		_, err = conn.Read(make([]byte, 1))
		conn.Close()
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			err = nil
		}
	}
	if err == nil {
		t.Fatal("a client certificate from an unknown CA was accepted")
	}
	// Meanwhile the real node 1 still gets through, and node 2 never saw
	// the impostor's messages.
	c.waitConnected(t, 1, 2)
	// The barrier: the impostor's stream to node 2 failed twice after its
	// messages were queued, so the second attempt, at least, carried them.
	badLog.waitCount(t, "peer stream ended", streamEnded+2, 10*time.Second)
	for _, m := range c.recs[2].messages() {
		if string(m.data) == "impostor" {
			t.Fatalf("node 2 accepted a message from an impostor (attributed to node %d)", m.from)
		}
	}
}

// Send never blocks: with the peer down, the queue fills and further
// messages are dropped and counted.
func TestSendDropsWhenPeerDown(t *testing.T) {
	tb := newTestbed(t, 2)
	addrs := freeAddrs(t, 2) // node 2 never listens
	peers := []Peer{{ID: 1, Address: addrs[0], TLSCert: tb.ids[1].der}, {ID: 2, Address: addrs[1], TLSCert: tb.ids[2].der}}
	cfg := tb.config(tb.ids[1], addrs[0], peers)
	cfg.QueueSize = 16
	nw := New(cfg, newRecorder(), blocks{})
	if err := nw.Start(); err != nil {
		t.Fatal(err)
	}
	defer nw.Stop()
	done := make(chan int)
	go func() {
		accepted := 0
		for i := 0; i < 10000; i++ {
			if nw.Send(2, seqMsg(i)) {
				accepted++
			}
		}
		nw.Broadcast(seqMsg(0))
		done <- accepted
	}()
	select {
	case accepted := <-done:
		if accepted > 16+1 { // the queue, and at most one message in the sender's hands
			t.Fatalf("%d messages accepted for a peer that is down, queue of 16", accepted)
		}
		if d := nw.Dropped(); d < 10000-17 {
			t.Fatalf("Dropped = %d, want about 10000", d)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Send blocked on a peer that is down")
	}
	for _, p := range nw.Peers() {
		if p.ID == 2 && p.Connected {
			t.Fatal("a peer that is down shows as connected")
		}
	}
}

// Byte-bounded queues: big messages to a peer that is down are dropped
// once the queue holds MaxQueueBytes, however few messages that is.
func TestSendDropsOverByteBudget(t *testing.T) {
	tb := newTestbed(t, 2)
	addrs := freeAddrs(t, 2)
	peers := []Peer{{ID: 1, Address: addrs[0], TLSCert: tb.ids[1].der}, {ID: 2, Address: addrs[1], TLSCert: tb.ids[2].der}}
	cfg := tb.config(tb.ids[1], addrs[0], peers)
	cfg.MaxQueueBytes = 1 << 20
	nw := New(cfg, newRecorder(), blocks{})
	if err := nw.Start(); err != nil {
		t.Fatal(err)
	}
	defer nw.Stop()
	big := &p2ppb.PeerMessage{Kind: &p2ppb.PeerMessage_Consensus{Consensus: make([]byte, 100<<10)}}
	accepted := 0
	for i := 0; i < 100; i++ {
		if nw.Send(2, big) {
			accepted++
		}
	}
	if accepted > 11 {
		t.Fatalf("%d messages of 100 KiB accepted with a 1 MiB budget", accepted)
	}
	if accepted == 0 {
		t.Fatal("nothing accepted")
	}
}

// A peer that restarts is reconnected to, and messages flow again.
func TestReconnectsAfterRestart(t *testing.T) {
	c := newCluster(t, 2, nil)
	c.waitConnected(t, 1, 2)
	c.stop(2)
	for i := 0; i < 10; i++ {
		c.nets[1].Send(2, seqMsg(i)) // queued or dropped while node 2 is down
	}
	time.Sleep(300 * time.Millisecond)
	c.start(t, 2, 100, nil)
	c.waitConnected(t, 1, 2)
	// And node 2, restarted, reaches node 1 too.
	c.waitConnected(t, 2, 1)
	connected := false
	for _, p := range c.nets[1].Peers() {
		if p.ID == 2 {
			connected = p.Connected
		}
	}
	if !connected {
		t.Fatal("node 1 does not report node 2 as connected")
	}
}

func TestGetHeightAndBlocks(t *testing.T) {
	c := newCluster(t, 2, nil)
	c.stop(2)
	c.start(t, 2, 1500, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var h uint64
	var err error
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if h, err = c.nets[1].PeerHeight(ctx, 2); err == nil {
			break
		}
	}
	if err != nil || h != 1500 {
		t.Fatalf("PeerHeight = %d, %v; want 1500", h, err)
	}
	fetch := func(from, to uint64) []uint64 {
		t.Helper()
		var got []uint64
		if err := c.nets[1].FetchBlocks(ctx, 2, from, to, func(b *types.Block) error {
			got = append(got, b.Header.Height)
			return nil
		}); err != nil {
			t.Fatalf("FetchBlocks(%d, %d): %v", from, to, err)
		}
		return got
	}
	got := fetch(10, 20)
	if len(got) != 11 || got[0] != 10 || got[10] != 20 {
		t.Fatalf("FetchBlocks(10, 20) returned %v", got)
	}
	for i := 1; i < len(got); i++ {
		if got[i] != got[i-1]+1 {
			t.Fatalf("blocks out of order: %v", got)
		}
	}
	// One answer is bounded; 0 means up to the peer's height.
	if got := fetch(1, 0); len(got) != maxBlocksPerRequest || got[len(got)-1] != maxBlocksPerRequest {
		t.Fatalf("FetchBlocks(1, 0) returned %d blocks, want %d", len(got), maxBlocksPerRequest)
	}
	if got := fetch(1400, 0); len(got) != 101 || got[100] != 1500 {
		t.Fatalf("FetchBlocks(1400, 0) returned %d blocks", len(got))
	}
	if got := fetch(2000, 3000); len(got) != 0 {
		t.Fatalf("FetchBlocks above the height returned %d blocks", len(got))
	}
	// The callback's error stops the transfer and is returned.
	stop := errors.New("enough")
	n := 0
	err = c.nets[1].FetchBlocks(ctx, 2, 1, 500, func(*types.Block) error {
		n++
		if n == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 3 {
		t.Fatalf("FetchBlocks with a failing callback: %v after %d blocks", err, n)
	}
	if _, err := c.nets[1].PeerHeight(ctx, 9); !errors.Is(err, ErrUnknownPeer) {
		t.Fatalf("PeerHeight of an unknown node: %v", err)
	}
}

// A peer removed from the set is cut off: its messages are no longer
// delivered, and its block requests are refused.
func TestRemovedPeerIsCutOff(t *testing.T) {
	ev := newLogEvents()
	c := newCluster(t, 3, logTo(3, ev))
	c.waitConnected(t, 1, 3)
	const cutOff = "closing the stream of a node that is no longer a peer"
	before := ev.count(cutOff)
	c.nets[3].SetPeers(c.peers[1:]) // node 3 drops node 1
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := c.nets[1].PeerHeight(ctx, 3); status.Code(err) != codes.PermissionDenied {
		t.Fatalf("PeerHeight by a removed peer: %v, want PermissionDenied", err)
	}
	for i := 0; i < 5; i++ {
		c.nets[1].Send(3, &p2ppb.PeerMessage{Kind: &p2ppb.PeerMessage_Forward{Forward: []byte("removed")}})
	}
	// The barrier: node 3 closes node 1's stream at node 1's first message
	// after the removal (before handling it), and from then on refuses
	// node 1 at the handshake, so no later message can arrive.
	ev.waitCount(t, cutOff, before+1, 5*time.Second)
	c.waitConnected(t, 2, 3)
	for _, m := range c.recs[3].messages() {
		if string(m.data) == "removed" {
			t.Fatal("node 3 accepted a message from a removed peer")
		}
	}
	if c.nets[3].Send(1, seqMsg(0)) {
		t.Fatal("Send to a removed peer reported success")
	}
}

// The Outbound hook sees every message and may replace or drop it.
func TestOutboundHook(t *testing.T) {
	c := newCluster(t, 2, nil)
	c.stop(1)
	c.start(t, 1, 0, func(cfg *Config) {
		cfg.Outbound = func(to uint64, m *p2ppb.PeerMessage) *p2ppb.PeerMessage {
			if f := m.GetForward(); string(f) == "drop" {
				return nil
			}
			if m.GetConsensus() != nil {
				return &p2ppb.PeerMessage{Kind: &p2ppb.PeerMessage_Consensus{Consensus: []byte("tampered")}}
			}
			return m
		}
	})
	c.waitConnected(t, 1, 2)
	if c.nets[1].Send(2, &p2ppb.PeerMessage{Kind: &p2ppb.PeerMessage_Forward{Forward: []byte("drop")}}) {
		t.Fatal("a message the hook dropped was reported sent")
	}
	c.nets[1].Send(2, seqMsg(1))
	c.recs[2].waitFor(t, "the tampered message", 5*time.Second, func(ms []received) bool {
		for _, m := range ms {
			if m.kind == "consensus" && string(m.data) == "tampered" {
				return true
			}
		}
		return false
	})
}

// DialAddress sends a peer's traffic through a relay (here a counting TCP
// forwarder named by host name, not by the peer's IP): the TLS handshake
// still checks the peer's configured address and pinned certificate, and
// messages arrive attributed to the sender.
func TestDialAddressThroughRelay(t *testing.T) {
	c := newCluster(t, 2, nil)
	relay, err := net.Listen("tcp", "localhost:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { relay.Close() })
	accepted := make(chan struct{}, 16)
	go func() {
		for {
			in, err := relay.Accept()
			if err != nil {
				return
			}
			accepted <- struct{}{}
			out, err := net.Dial("tcp", c.addrs[2])
			if err != nil {
				in.Close()
				continue
			}
			pipe := func(dst, src net.Conn) {
				buf := make([]byte, 32<<10)
				for {
					n, err := src.Read(buf)
					if n > 0 {
						if _, werr := dst.Write(buf[:n]); werr != nil {
							break
						}
					}
					if err != nil {
						break
					}
				}
				dst.Close()
				src.Close()
			}
			go pipe(out, in)
			go pipe(in, out)
		}
	}()
	c.stop(1)
	c.start(t, 1, 0, func(cfg *Config) {
		cfg.DialAddress = func(id uint64, addr string) string {
			if id == 2 && addr == c.addrs[2] {
				return relay.Addr().String()
			}
			return ""
		}
	})
	c.waitConnected(t, 1, 2)
	select {
	case <-accepted:
	default:
		t.Fatal("node 1 reached node 2 without going through the relay")
	}
	c.nets[1].Send(2, seqMsg(7))
	c.recs[2].waitFor(t, "the relayed message", 5*time.Second, func(ms []received) bool {
		for _, m := range ms {
			if m.kind == "consensus" && m.from == 1 && seqOf(m) == 7 {
				return true
			}
		}
		return false
	})
	c.stop(1)
	relay.Close()
}
