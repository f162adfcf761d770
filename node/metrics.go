package node

import (
	"encoding/json"
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

// adminHandler serves /healthz, /metrics and /debug/pprof/.
func (n *Node) adminHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"status": "serving", "height": n.store.Head().Height})
	})
	mux.Handle("/metrics", promhttp.HandlerFor(n.metrics.reg, promhttp.HandlerOpts{}))
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}
