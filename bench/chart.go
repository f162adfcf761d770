package bench

import (
	"fmt"
	"html/template"
	"io"
	"strings"
)

// WriteChart writes a self-contained HTML page with SVG charts of committed
// throughput and latency (p50, p99) over the run.
func WriteChart(w io.Writer, rep *Report) error {
	const width, height = 800.0, 240.0
	var maxT, maxTPS, maxLat float64
	var steadyT, drainT float64 = -1, -1
	for _, s := range rep.Timeline {
		maxT = max(maxT, s.T)
		maxTPS = max(maxTPS, s.TPS, s.SentTPS)
		maxLat = max(maxLat, s.P99Ms)
		if s.Phase == "steady" && steadyT < 0 {
			steadyT = s.T
		}
		if s.Phase == "drain" && drainT < 0 {
			drainT = s.T
		}
	}
	if maxT == 0 {
		maxT = 1
	}
	if maxTPS == 0 {
		maxTPS = 1
	}
	if maxLat == 0 {
		maxLat = 1
	}
	line := func(val func(Sample) float64, maxV float64) string {
		var b strings.Builder
		for i, s := range rep.Timeline {
			x := s.T / maxT * width
			y := height - val(s)/maxV*height
			if i == 0 {
				fmt.Fprintf(&b, "M%.1f,%.1f", x, y)
			} else {
				fmt.Fprintf(&b, " L%.1f,%.1f", x, y)
			}
		}
		return b.String()
	}
	marker := func(t float64) string {
		if t < 0 {
			return ""
		}
		x := t / maxT * width
		return fmt.Sprintf("M%.1f,0 L%.1f,%.1f", x, x, height)
	}
	data := map[string]any{
		"R": rep, "W": width, "H": height,
		"Phases": marker(steadyT) + " " + marker(drainT),
		"Sent":   line(func(s Sample) float64 { return s.SentTPS }, maxTPS),
		"TPS":    line(func(s Sample) float64 { return s.TPS }, maxTPS),
		"P50":    line(func(s Sample) float64 { return s.P50Ms }, maxLat),
		"P99":    line(func(s Sample) float64 { return s.P99Ms }, maxLat),
		"MaxTPS": fmt.Sprintf("%.0f", maxTPS), "MaxLat": fmt.Sprintf("%.0f", maxLat), "MaxT": fmt.Sprintf("%.0f", maxT),
	}
	return chartTmpl.Execute(w, data)
}

var chartTmpl = template.Must(template.New("chart").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>causeway bench: {{.R.Workload}}</title>
<style>body{font-family:sans-serif;margin:2em}svg{border:1px solid #ccc;background:#fafafa}td{padding:0 1em}</style></head>
<body><h1>causeway bench — {{.R.Workload}}, {{.R.Nodes}} nodes, {{.R.Mode}}</h1>
<table><tr><td>committed tx/s</td><td>{{printf "%.0f" .R.CommittedTPS}}</td></tr>
<tr><td>latency p50 / p90 / p99 / max (ms)</td><td>{{printf "%.1f" .R.P50Ms}} / {{printf "%.1f" .R.P90Ms}} / {{printf "%.1f" .R.P99Ms}} / {{printf "%.1f" .R.MaxMs}}</td></tr>
<tr><td>rejected / timed out</td><td>{{.R.Rejected}} / {{.R.TimedOut}}</td></tr>
{{if .R.TargetRate}}<tr><td>target / offered tx/s</td><td>{{printf "%.0f" .R.TargetRate}} / {{printf "%.0f" .R.OfferedTPS}} (unsent {{.R.Unsent}})</td></tr>{{end}}
<tr><td>load generator CPU</td><td>{{printf "%.0f" .R.ClientCPUPercent}}%</td></tr>
{{range .R.NodeUsage}}<tr><td>node {{.ID}}</td><td>CPU {{printf "%.0f" .CPUPercent}}%, RSS {{printf "%.0f" .RSSMiB}} MiB (max {{printf "%.0f" .MaxRSSMiB}})</td></tr>{{end}}</table>
<p>Grey lines mark the start of the steady phase and of the drain.</p>
<h2>Committed tx/s (blue) and submitted tx/s (dashed), max {{.MaxTPS}}, over {{.MaxT}} s</h2>
<svg width="{{.W}}" height="{{.H}}"><path d="{{.Phases}}" stroke="#999"/><path d="{{.Sent}}" fill="none" stroke="#90a4ae" stroke-width="1.5" stroke-dasharray="4 3"/><path d="{{.TPS}}" fill="none" stroke="#1565c0" stroke-width="2"/></svg>
<h2>Latency p50 (green) and p99 (red), ms (max {{.MaxLat}})</h2>
<svg width="{{.W}}" height="{{.H}}"><path d="{{.Phases}}" stroke="#999"/><path d="{{.P50}}" fill="none" stroke="#2e7d32" stroke-width="2"/><path d="{{.P99}}" fill="none" stroke="#c62828" stroke-width="2"/></svg>
</body></html>
`))
