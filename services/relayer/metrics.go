package relayer

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the relayer's Prometheus metrics, labelled by path
// ("source->destination") and, where several carriers share one, by
// carrier ("headers").
//
//	causeway_relay_carried_total{path,carrier}       items the destination accepted (headers newly kept)
//	causeway_relay_known_total{path,carrier}         items another relayer had carried first (header_known)
//	causeway_relay_errors_total{path,code}           failed rounds, by reason code (header_known is not one)
//	causeway_relay_submit_seconds{path,carrier}      submit-to-receipt latency of each transaction
//	causeway_relay_rounds_total{path,carrier}        rounds run
//	causeway_relay_last_relayed_height{path}         the last source height this relayer carried
//	causeway_relay_source_height{path}               the source's head
//	causeway_relay_client_height{path}               the destination light client's latest kept height
//	causeway_relay_lag_blocks{path}                  source_height - client_height
//	causeway_relay_messages_delivered_total{path}    contract messages of the source delivered to the destination
//	causeway_relay_acks_total{path}                  acknowledgements carried back (the destination's messages)
//	causeway_relay_aborts_total{path}                the destination's messages aborted past their timeout
//	causeway_relay_refusals_total{path,code}         relay transactions refused, by code (already_received: another relayer was first)
//	causeway_relay_messages_pending{path}            messages the source sent (newest block included) not yet received by the destination
//	causeway_relay_ticks_total{path}                 ticks: self-transfers on an idle source so that its newest block becomes provable
type Metrics struct {
	delivered    *prometheus.CounterVec
	acks         *prometheus.CounterVec
	aborts       *prometheus.CounterVec
	refusals     *prometheus.CounterVec
	pending      *prometheus.GaugeVec
	ticks        *prometheus.CounterVec
	carried      *prometheus.CounterVec
	known        *prometheus.CounterVec
	errors       *prometheus.CounterVec
	submit       *prometheus.HistogramVec
	rounds       *prometheus.CounterVec
	lastRelayed  *prometheus.GaugeVec
	sourceHeight *prometheus.GaugeVec
	clientHeight *prometheus.GaugeVec
	lag          *prometheus.GaugeVec
}

// NewMetrics makes the relayer's metrics and registers them with reg.
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	const ns = "causeway_relay"
	m := &Metrics{
		carried: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "carried_total",
			Help: "Items the destination accepted from this relayer (headers newly kept by its light client), by path and carrier."}, []string{"path", "carrier"}),
		known: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "known_total",
			Help: "Items the destination had already, carried first by another relayer (header_known): done, not errors."}, []string{"path", "carrier"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "errors_total",
			Help: "Failed rounds by path and reason code (a chain's refusal code, a transport code such as unavailable, or config)."}, []string{"path", "code"}),
		submit: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: ns, Name: "submit_seconds",
			Help:    "Time from submitting a relay transaction to its receipt.",
			Buckets: []float64{.05, .1, .25, .5, 1, 2.5, 5, 10, 30}}, []string{"path", "carrier"}),
		rounds: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "rounds_total",
			Help: "Rounds run, by path and carrier."}, []string{"path", "carrier"}),
		lastRelayed: prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: ns, Name: "last_relayed_height",
			Help: "The last source height this relayer carried to the destination's light client."}, []string{"path"}),
		sourceHeight: prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: ns, Name: "source_height",
			Help: "The source chain's head when last read."}, []string{"path"}),
		clientHeight: prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: ns, Name: "client_height",
			Help: "The destination light client's latest kept height of the source."}, []string{"path"}),
		lag: prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: ns, Name: "lag_blocks",
			Help: "Source blocks above the light client's latest kept header (source_height - client_height)."}, []string{"path"}),
	}
	m.delivered = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "messages_delivered_total",
		Help: "Contract messages of the source that this relayer delivered to the destination."}, []string{"path"})
	m.acks = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "acks_total",
		Help: "Acknowledgements of the destination's messages that this relayer carried back from the source."}, []string{"path"})
	m.aborts = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "aborts_total",
		Help: "The destination's messages this relayer aborted past their timeout, with the source's proof of non-receipt."}, []string{"path"})
	m.refusals = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "refusals_total",
		Help: "Relay transactions of messages or acknowledgements refused by the destination, by code (already_received and ack_unknown: another relayer was first)."}, []string{"path", "code"})
	m.pending = prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: ns, Name: "messages_pending",
		Help: "Message lag: messages the source has sent (its newest block included) that the destination has not received, at the last round."}, []string{"path"})
	m.ticks = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "ticks_total",
		Help: "Self-transfers submitted on an idle source so that messages or acknowledgements in its newest block become provable."}, []string{"path"})
	for _, c := range []prometheus.Collector{m.delivered, m.acks, m.aborts, m.refusals, m.pending, m.ticks, m.carried, m.known, m.errors, m.submit, m.rounds, m.lastRelayed, m.sourceHeight, m.clientHeight, m.lag} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func (m *Metrics) heights(path string, source, client uint64) {
	if m == nil {
		return
	}
	m.sourceHeight.WithLabelValues(path).Set(float64(source))
	m.clientHeight.WithLabelValues(path).Set(float64(client))
	lag := uint64(0)
	if source > client {
		lag = source - client
	}
	m.lag.WithLabelValues(path).Set(float64(lag))
}

func (m *Metrics) carriedRound(path, carrier string, rd Round) {
	if m == nil {
		return
	}
	m.carried.WithLabelValues(path, carrier).Add(float64(rd.Carried))
	m.known.WithLabelValues(path, carrier).Add(float64(rd.Known))
	if rd.Height > 0 && carrier == headersName {
		m.lastRelayed.WithLabelValues(path).Set(float64(rd.Height))
	}
}

func (m *Metrics) submitted(path, carrier string, d time.Duration) {
	if m == nil {
		return
	}
	m.submit.WithLabelValues(path, carrier).Observe(d.Seconds())
}

func (m *Metrics) deliveredN(path string, n int) {
	if m == nil {
		return
	}
	m.delivered.WithLabelValues(path).Add(float64(n))
}

func (m *Metrics) messagesPending(path string, n uint64) {
	if m == nil {
		return
	}
	m.pending.WithLabelValues(path).Set(float64(n))
}

func (m *Metrics) refused(path, code string) {
	if m == nil {
		return
	}
	m.refusals.WithLabelValues(path, code).Inc()
}

func (m *Metrics) acked(path string, acks, aborts int) {
	if m == nil {
		return
	}
	m.acks.WithLabelValues(path).Add(float64(acks))
	m.aborts.WithLabelValues(path).Add(float64(aborts))
}

func (m *Metrics) ticked(path string) {
	if m == nil {
		return
	}
	m.ticks.WithLabelValues(path).Inc()
}
