package node

import (
	"context"
	"net/http"
	"net/http/pprof"
	"strconv"
	"sync"
	"time"

	"github.com/hyperledger-labs/SmartBFT/smartbftprotos"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/api"
	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/types"
)

// metrics are the node's Prometheus metrics, in a registry of its own so that
// several in-process nodes do not collide. Every metric carries the labels
// chain (the chain id) and node (the node id).
type metrics struct {
	reg *prometheus.Registry
	// r registers into reg with the chain and node labels.
	r          prometheus.Registerer
	height     prometheus.Gauge
	blocks     prometheus.Counter
	txs        prometheus.Counter
	blockDelay prometheus.Histogram

	view        prometheus.Gauge
	viewChanges prometheus.Counter
	requests    *prometheus.CounterVec
	latency     *prometheus.HistogramVec

	mu       sync.Mutex
	viewSeen bool
	lastView uint64
	// peerHeights are the heights peers reported at the last poll.
	peerHeights map[uint64]uint64
	watched     bool
}

// Names of the metrics a dashboard may use; metrics_test checks the
// shipped dashboard against what a running node exposes.
const (
	metricRequests        = "causeway_requests_total"
	metricRequestDuration = "causeway_request_duration_seconds"
)

func newMetrics(chainID string, nodeID uint64) *metrics {
	m := &metrics{
		reg:        prometheus.NewRegistry(),
		height:     prometheus.NewGauge(prometheus.GaugeOpts{Name: "causeway_height", Help: "Height of the last committed block."}),
		blocks:     prometheus.NewCounter(prometheus.CounterOpts{Name: "causeway_blocks_committed_total", Help: "Blocks committed since start."}),
		txs:        prometheus.NewCounter(prometheus.CounterOpts{Name: "causeway_txs_committed_total", Help: "Transactions committed since start."}),
		blockDelay: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "causeway_block_commit_delay_seconds", Help: "Time from a block's proposal time to its local commit.", Buckets: prometheus.ExponentialBuckets(0.005, 2, 12)}),
		view: prometheus.NewGauge(prometheus.GaugeOpts{Name: "causeway_consensus_view",
			Help: "SmartBFT view number of the last committed block."}),
		viewChanges: prometheus.NewCounter(prometheus.CounterOpts{Name: "causeway_consensus_view_changes_total",
			Help: "View changes since start, as seen in the view numbers of committed blocks."}),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: metricRequests,
			Help: "API requests served, by transport (grpc, rest), method (gRPC full method name) and code (gRPC status code name, or HTTP status for REST)."},
			[]string{"transport", "method", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: metricRequestDuration,
			Help:    "API request latency (whole stream for streaming calls), by transport, method and code.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2.5, 14)}, []string{"transport", "method", "code"}),
		peerHeights: map[uint64]uint64{},
	}
	m.r = prometheus.WrapRegistererWith(prometheus.Labels{"chain": chainID, "node": strconv.FormatUint(nodeID, 10)}, m.reg)
	m.r.MustRegister(m.height, m.blocks, m.txs, m.blockDelay, m.view, m.viewChanges, m.requests, m.latency,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) committed(b *types.Block, now time.Time) {
	m.height.Set(float64(b.Header.Height))
	m.blocks.Inc()
	m.txs.Add(float64(len(b.Txs)))
	if d := now.UnixMilli() - b.Header.TimeMs; d >= 0 {
		m.blockDelay.Observe(float64(d) / 1000)
	}
	m.observeView(b)
}

// observeView counts view changes from the view numbers of committed blocks.
func (m *metrics) observeView(b *types.Block) {
	md := &smartbftprotos.ViewMetadata{}
	if len(b.ConsensusMetadata) == 0 || proto.Unmarshal(b.ConsensusMetadata, md) != nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.viewSeen && md.ViewId > m.lastView {
		m.viewChanges.Add(float64(md.ViewId - m.lastView))
	}
	if !m.viewSeen || md.ViewId > m.lastView {
		m.lastView, m.viewSeen = md.ViewId, true
		m.view.Set(float64(md.ViewId))
	}
}

func (m *metrics) observe(transport, method, code string, start time.Time) {
	m.requests.WithLabelValues(transport, method, code).Inc()
	m.latency.WithLabelValues(transport, method, code).Observe(time.Since(start).Seconds())
}

func (m *metrics) unaryInterceptor(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (resp any, err error) {
	start := time.Now()
	returned := false
	defer func() {
		code := status.Code(err)
		if !returned { // panicking: the recovery interceptor answers Internal
			code = codes.Internal
		}
		m.observe("grpc", info.FullMethod, code.String(), start)
	}()
	resp, err = h(ctx, req)
	returned = true
	return resp, err
}

func (m *metrics) streamInterceptor(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, h grpc.StreamHandler) (err error) {
	start := time.Now()
	returned := false
	defer func() {
		code := status.Code(err)
		if !returned {
			code = codes.Internal
		}
		m.observe("grpc", info.FullMethod, code.String(), start)
	}()
	err = h(srv, ss)
	returned = true
	return err
}

// restCall carries the method of a REST request from the API's
// authorization (which names it) to the metrics middleware.
type restCall struct{ method string }

type restCallKey struct{}

// authorizeCall is the API's Authorize: it records the method of a REST
// call for the metrics, then authorizes.
func (n *Node) authorizeCall(ctx context.Context, id pki.Identity, method string) error {
	if c, ok := ctx.Value(restCallKey{}).(*restCall); ok {
		c.method = method
	}
	return n.authorize(ctx, id, method)
}

// statusWriter records the status code of a response.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the connection (flushes).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// restMetrics counts REST requests by the gRPC method they map to (the
// method the API authorized; Health for the public health path; "unknown"
// for requests refused before that, such as unauthenticated or unrouted
// ones, so that callers cannot create label values) and HTTP status.
func (n *Node) restMetrics(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		call := &restCall{}
		sw := &statusWriter{ResponseWriter: w}
		h.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), restCallKey{}, call)))
		method := call.method
		if method == "" {
			method = "unknown"
			if r.URL.Path == api.HealthPath {
				method = apipb.Chain_Health_FullMethodName
			}
		}
		code := sw.code
		if code == 0 {
			code = http.StatusOK
		}
		n.metrics.observe("rest", method, strconv.Itoa(code), start)
	})
}

// watch registers the metrics read from the node's parts when scraped:
// admission, verification batching, transport, consensus, sync and the
// listeners' limits. It is called once, when the node starts.
func (m *metrics) watch(n *Node) {
	m.mu.Lock()
	if m.watched {
		m.mu.Unlock()
		return
	}
	m.watched = true
	m.mu.Unlock()
	counter := func(name, help string, f func() float64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help}, f)
	}
	gauge := func(name, help string, f func() float64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, f)
	}
	for _, c := range []prometheus.Collector{
		counter("causeway_txpool_admitted_total", "Transactions admitted to the ordering pool (from clients and peers).",
			func() float64 { a, _ := n.pool.Stats(); return float64(a) }),
		counter("causeway_txpool_refused_total", "Client transactions refused at admission.",
			func() float64 { _, r := n.pool.Stats(); return float64(r) }),
		gauge("causeway_txpool_pending", "Admitted transactions not yet committed.",
			func() float64 { return float64(n.pool.Pending()) }),
		counter("causeway_txpool_verify_batches_total", "Signature verification batches run at admission.",
			func() float64 { b, _ := n.pool.BatchStats(); return float64(b) }),
		counter("causeway_txpool_verified_txs_total", "Transactions whose signatures were verified at admission.",
			func() float64 { _, t := n.pool.BatchStats(); return float64(t) }),
		counter("causeway_p2p_dropped_total", "Peer messages dropped on full send queues.",
			func() float64 { return float64(n.net.Dropped()) }),
		counter("causeway_p2p_received_consensus_total", "Consensus protocol messages received from peers.",
			func() float64 { c, _, _ := n.net.Received(); return float64(c) }),
		counter("causeway_p2p_received_forward_total", "Requests forwarded by peers (SmartBFT's request forwarding).",
			func() float64 { _, f, _ := n.net.Received(); return float64(f) }),
		counter("causeway_p2p_received_gossip_total", "Transaction gossip messages received from peers.",
			func() float64 { _, _, t := n.net.Received(); return float64(t) }),
		gauge("causeway_p2p_peers_connected", "Peers whose outbound stream from this node is up.",
			func() float64 {
				k := 0
				for _, p := range n.net.Peers() {
					if p.Connected {
						k++
					}
				}
				return float64(k)
			}),
		gauge("causeway_p2p_peers", "Peers in the current node set, this node excluded.",
			func() float64 { return float64(len(n.net.Peers())) }),
		gauge("causeway_consensus_pool_size", "Requests waiting in the consensus pool for ordering.",
			func() float64 { return float64(n.consensus.PoolSize()) }),
		gauge("causeway_consensus_leader", "Node id of the current leader as this node sees it (0: unknown, not running).",
			func() float64 { return float64(n.consensus.Leader()) }),
		gauge("causeway_consensus_is_leader", "1 when this node is the leader.",
			func() float64 {
				if n.consensus.Leader() == n.cfg.ID {
					return 1
				}
				return 0
			}),
		gauge("causeway_consensus_running", "1 when this node takes part in consensus (0: not in the node set, or stopped).",
			func() float64 {
				if n.consensus.Running() {
					return 1
				}
				return 0
			}),
		gauge("causeway_sync_target_height", "Highest height the peers reported at the last poll (the local height when none is higher).",
			func() float64 { return float64(m.syncTarget(n.store.Head().Height)) }),
		gauge("causeway_sync_behind_blocks", "Blocks this node lacks to reach the sync target.",
			func() float64 {
				local := n.store.Head().Height
				return float64(m.syncTarget(local) - local)
			}),
		&peerCollector{n: n},
		&listenerCollector{n: n},
	} {
		m.r.MustRegister(c)
	}
}

// syncTarget is the highest of local and the peers' last reported heights.
func (m *metrics) syncTarget(local uint64) uint64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	t := local
	for _, h := range m.peerHeights {
		t = max(t, h)
	}
	return t
}

// syncPollInterval is how often the node asks its peers for their heights,
// for the sync progress metrics.
const syncPollInterval = 5 * time.Second

// pollPeerHeights asks every peer for its height, now and then every
// syncPollInterval, until ctx ends.
func (n *Node) pollPeerHeights(ctx context.Context) {
	t := time.NewTicker(syncPollInterval)
	defer t.Stop()
	for {
		heights := map[uint64]uint64{}
		var mu sync.Mutex
		var wg sync.WaitGroup
		for _, p := range n.net.Peers() {
			wg.Add(1)
			go func(id uint64) {
				defer wg.Done()
				cctx, cancel := context.WithTimeout(ctx, 2*time.Second)
				defer cancel()
				if h, err := n.net.PeerHeight(cctx, id); err == nil {
					mu.Lock()
					heights[id] = h
					mu.Unlock()
				}
			}(p.ID)
		}
		wg.Wait()
		n.metrics.mu.Lock()
		n.metrics.peerHeights = heights
		n.metrics.mu.Unlock()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

var (
	peerConnectedDesc = prometheus.NewDesc("causeway_p2p_peer_connected", "1 when this node's outbound stream to the peer is up.", []string{"peer"}, nil)
	peerHeightDesc    = prometheus.NewDesc("causeway_sync_peer_height", "Height the peer reported at the last poll (absent: it did not answer).", []string{"peer"}, nil)
)

// peerCollector exposes per-peer state, labelled by peer id.
type peerCollector struct{ n *Node }

func (c *peerCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- peerConnectedDesc
	ch <- peerHeightDesc
}

func (c *peerCollector) Collect(ch chan<- prometheus.Metric) {
	m := c.n.metrics
	m.mu.Lock()
	heights := make(map[uint64]uint64, len(m.peerHeights))
	for id, h := range m.peerHeights {
		heights[id] = h
	}
	m.mu.Unlock()
	for _, p := range c.n.net.Peers() {
		id := strconv.FormatUint(p.ID, 10)
		v := 0.0
		if p.Connected {
			v = 1
		}
		ch <- prometheus.MustNewConstMetric(peerConnectedDesc, prometheus.GaugeValue, v, id)
		if h, ok := heights[p.ID]; ok {
			ch <- prometheus.MustNewConstMetric(peerHeightDesc, prometheus.GaugeValue, float64(h), id)
		}
	}
}

var (
	listenerOpenDesc    = prometheus.NewDesc("causeway_listener_connections", "Open connections of a listener (p2p, grpc, rest, admin).", []string{"listener"}, nil)
	listenerUnauthDesc  = prometheus.NewDesc("causeway_listener_unauthenticated_connections", "Open connections of a listener without a verified member certificate.", []string{"listener"}, nil)
	listenerRefusedDesc = prometheus.NewDesc("causeway_listener_refused_total", "Refusals per listener: connections refused or closed by a limit (caps, handshake deadline), handshakes refused, and HTTP server errors.", []string{"listener"}, nil)
)

// listenerCollector exposes the limiters' counters, labelled by listener.
type listenerCollector struct{ n *Node }

func (c *listenerCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- listenerOpenDesc
	ch <- listenerUnauthDesc
	ch <- listenerRefusedDesc
}

func (c *listenerCollector) Collect(ch chan<- prometheus.Metric) {
	c.n.guardsMu.Lock()
	defer c.n.guardsMu.Unlock()
	for name, g := range c.n.guards {
		if g.lis == nil {
			continue
		}
		st := g.lis.Stats()
		ch <- prometheus.MustNewConstMetric(listenerOpenDesc, prometheus.GaugeValue, float64(st.Open), name)
		ch <- prometheus.MustNewConstMetric(listenerUnauthDesc, prometheus.GaugeValue, float64(st.Unauthenticated), name)
		// Handshakes refused are counted by the refusal log too.
		ch <- prometheus.MustNewConstMetric(listenerRefusedDesc, prometheus.CounterValue, float64(g.rlog.Total()), name)
	}
}

// MetricsHandler serves the node's metrics in the Prometheus text format
// (what the admin listener serves at /metrics).
func (n *Node) MetricsHandler() http.Handler {
	return promhttp.HandlerFor(n.metrics.reg, promhttp.HandlerOpts{})
}

// adminHandler serves /healthz, /metrics and /debug/pprof/.
func (n *Node) adminHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", n.serveHealthz)
	mux.Handle("/metrics", n.MetricsHandler())
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}
