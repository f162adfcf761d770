package console

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"strings"
	"sync"
	"time"
)

// lagBlocks is how far behind the highest node a node may be before the
// Overview raises an alert.
const lagBlocks = 5

// overviewData is the Overview's content (also its JSON, polled by app.js).
type overviewData struct {
	Nodes   []NodeStatus `json:"nodes"`
	Healthy int          `json:"healthy"`
	Height  uint64       `json:"height"`
	Alerts  []string     `json:"alerts"`
	TPS     string       `json:"tps"`
}

func (s *Server) overviewOf(ctx context.Context, lang string) overviewData {
	d := overviewData{Nodes: s.opts.Chain.Nodes(ctx), Alerts: []string{}}
	for _, n := range d.Nodes {
		d.Height = max(d.Height, n.Height)
	}
	for _, n := range d.Nodes {
		switch {
		case !n.Reachable:
			d.Alerts = append(d.Alerts, tr(lang, "alert.down", n.ID, n.Org, n.Error))
		case !n.Ready:
			d.Alerts = append(d.Alerts, tr(lang, "alert.not_ready", n.ID, n.Org, n.Health, n.Reason))
		case d.Height > n.Height+lagBlocks:
			d.Alerts = append(d.Alerts, tr(lang, "alert.lag", n.ID, n.Org, d.Height-n.Height))
		default:
			d.Healthy++
		}
	}
	if tps, ok := s.samples.lastRate(); ok {
		d.TPS = fmt.Sprintf("%.1f", tps)
	}
	return d
}

func (s *Server) overview(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(w, r, "title.overview", "overview")
	ctx, cancel := chainCtx(r)
	defer cancel()
	p.Data = s.overviewOf(ctx, p.Lang)
	s.render(w, "overview.html", p)
}

func (s *Server) overviewJSON(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := chainCtx(r)
	defer cancel()
	d := s.overviewOf(ctx, s.lang(w, r))
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(d)
}

// sample is the chain as seen at one moment.
type sample struct {
	at     time.Time
	height uint64
	txs    uint64 // transactions in blocks up to height (since the first sample)
	blkMs  int64  // time of the block at height
}

// sampler keeps the last samples of the chain for the charts.
type sampler struct {
	mu   sync.Mutex
	max  int
	ring []sample
}

func newSampler(n int) *sampler { return &sampler{max: n} }

// maxBlocksPerSample bounds the blocks one sample reads to count
// transactions; beyond it, the count is extrapolated.
const maxBlocksPerSample = 100

func (sp *sampler) sample(ctx context.Context, c Chain, now time.Time) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	st, err := c.Status(ctx)
	if err != nil {
		return
	}
	sp.mu.Lock()
	var last *sample
	if len(sp.ring) > 0 {
		l := sp.ring[len(sp.ring)-1]
		last = &l
	}
	sp.mu.Unlock()
	cur := sample{at: now, height: st.Height, blkMs: st.LastBlockTimeMs}
	if last != nil {
		cur.txs = last.txs
		if st.Height > last.height {
			from := last.height + 1
			if st.Height-last.height > maxBlocksPerSample {
				from = st.Height - maxBlocksPerSample + 1
			}
			var n, read uint64
			for h := from; h <= st.Height; h++ {
				b, err := c.Block(ctx, h)
				if err != nil {
					break
				}
				n += uint64(b.GetBlock().GetHeader().GetTxCount())
				read++
			}
			if read > 0 {
				n = n * (st.Height - last.height) / read
			}
			cur.txs += n
		}
	}
	sp.mu.Lock()
	defer sp.mu.Unlock()
	sp.ring = append(sp.ring, cur)
	if len(sp.ring) > sp.max {
		sp.ring = sp.ring[len(sp.ring)-sp.max:]
	}
}

// series returns the points of a chart: "tps" (transactions per second)
// or "interval" (mean block interval in ms, by block time).
func (sp *sampler) series(kind string) []float64 {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	var out []float64
	for i := 1; i < len(sp.ring); i++ {
		a, b := sp.ring[i-1], sp.ring[i]
		switch kind {
		case "tps":
			dt := b.at.Sub(a.at).Seconds()
			if dt > 0 {
				out = append(out, float64(b.txs-a.txs)/dt)
			}
		case "interval":
			if b.height > a.height && b.blkMs > a.blkMs {
				out = append(out, float64(b.blkMs-a.blkMs)/float64(b.height-a.height))
			} else {
				out = append(out, 0)
			}
		}
	}
	return out
}

func (sp *sampler) lastRate() (float64, bool) {
	s := sp.series("tps")
	if len(s) == 0 {
		return 0, false
	}
	return s[len(s)-1], true
}

// chart serves a chart of the last samples as an SVG sparkline drawn here:
// numbers and a localised title only, every string escaped.
func (s *Server) chart(w http.ResponseWriter, r *http.Request) {
	kind := r.URL.Query().Get("series")
	if kind != "tps" && kind != "interval" {
		kind = "tps"
	}
	lang := s.lang(w, r)
	title := tr(lang, "chart."+kind)
	w.Header().Set("Content-Type", "image/svg+xml")
	_, _ = w.Write([]byte(sparkline(title, s.samples.series(kind), 600, 140)))
}

// sparkline draws points as an SVG line chart of w x h, scaled to the
// largest value, with the title, the latest value and the maximum.
func sparkline(title string, pts []float64, w, h int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img">`, w, h, w, h)
	fmt.Fprintf(&b, `<title>%s</title><rect x="0" y="0" width="%d" height="%d" fill="#ffffff" stroke="#d0d7de"/>`, html.EscapeString(title), w, h)
	top, left, bottom := 24.0, 8.0, float64(h)-8
	peak := 0.0
	for _, v := range pts {
		peak = max(peak, v)
	}
	scale := peak
	if scale <= 0 {
		scale = 1
	}
	last := ""
	if len(pts) > 0 {
		last = fmt.Sprintf("%.1f", pts[len(pts)-1])
	}
	fmt.Fprintf(&b, `<text x="8" y="16" font-family="sans-serif" font-size="12" fill="#24292f">%s: %s (max %.1f)</text>`, html.EscapeString(title), last, peak)
	if len(pts) >= 2 {
		var poly strings.Builder
		step := (float64(w) - 2*left) / float64(len(pts)-1)
		for i, v := range pts {
			x := left + float64(i)*step
			y := bottom - (bottom-top)*v/scale
			fmt.Fprintf(&poly, "%.1f,%.1f ", x, y)
		}
		fmt.Fprintf(&b, `<polyline fill="none" stroke="#0969da" stroke-width="2" points="%s"/>`, strings.TrimSpace(poly.String()))
	}
	b.WriteString(`</svg>`)
	return b.String()
}
