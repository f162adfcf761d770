package node

import (
	"net/http"
	"net/http/pprof"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/causeway/causeway/types"
)

// metrics are the node's Prometheus metrics, in a registry of its own so that
// several in-process nodes do not collide.
type metrics struct {
	reg        *prometheus.Registry
	height     prometheus.Gauge
	blocks     prometheus.Counter
	txs        prometheus.Counter
	blockDelay prometheus.Histogram
}

func newMetrics() *metrics {
	m := &metrics{
		reg:        prometheus.NewRegistry(),
		height:     prometheus.NewGauge(prometheus.GaugeOpts{Name: "causeway_height", Help: "Height of the last committed block."}),
		blocks:     prometheus.NewCounter(prometheus.CounterOpts{Name: "causeway_blocks_committed_total", Help: "Blocks committed since start."}),
		txs:        prometheus.NewCounter(prometheus.CounterOpts{Name: "causeway_txs_committed_total", Help: "Transactions committed since start."}),
		blockDelay: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "causeway_block_commit_delay_seconds", Help: "Time from a block's proposal time to its local commit.", Buckets: prometheus.ExponentialBuckets(0.005, 2, 12)}),
	}
	m.reg.MustRegister(m.height, m.blocks, m.txs, m.blockDelay, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) committed(b *types.Block, now time.Time) {
	m.height.Set(float64(b.Header.Height))
	m.blocks.Inc()
	m.txs.Add(float64(len(b.Txs)))
	if d := now.UnixMilli() - b.Header.TimeMs; d >= 0 {
		m.blockDelay.Observe(float64(d) / 1000)
	}
}

// watch registers the metrics read from the node's parts when scraped:
// admission, verification batching, transport drops and the ordering pool.
func (m *metrics) watch(n *Node) {
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
		gauge("causeway_consensus_pool_size", "Requests waiting in the consensus pool for ordering.",
			func() float64 { return float64(n.consensus.PoolSize()) }),
	} {
		_ = m.reg.Register(c) // registered once per node; a repeat is harmless
	}
}

// adminHandler serves /healthz, /metrics and /debug/pprof/.
func (n *Node) adminHandler() http.Handler {
	n.metrics.watch(n)
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", n.serveHealthz)
	mux.Handle("/metrics", promhttp.HandlerFor(n.metrics.reg, promhttp.HandlerOpts{}))
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}
