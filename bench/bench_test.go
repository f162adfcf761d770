package bench

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/causeway/causeway/internal/testnet"
)

// A short closed-loop run against an in-process cluster: transactions
// commit, the report is consistent, and the chart renders. The cluster's
// nodes have no admin endpoint, so there is no node usage: not an error.
func TestRunAgainstCluster(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a 4-node cluster")
	}
	c := testnet.New(t, testnet.Options{Nodes: 4})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var samples []Sample
	rep, err := Run(ctx, Config{Network: c.Network, Workload: Evidence, Clients: 8, InFlight: 16,
		Warmup: 2 * time.Second, Duration: 3 * time.Second, Progress: func(s Sample) { samples = append(samples, s) }})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("committed %.0f tx/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms, client cpu %.0f%%",
		rep.CommittedTPS, rep.P50Ms, rep.P99Ms, rep.MaxMs, rep.ClientCPUPercent)
	switch {
	case rep.Mode != "closed-loop" || rep.Nodes != 4 || rep.Workload != Evidence:
		t.Errorf("report header: %+v", rep)
	case rep.CommittedTPS <= 0 || rep.Committed == 0:
		t.Errorf("nothing committed: %+v", rep)
	case rep.Rejected != 0 || rep.TimedOut != 0:
		t.Errorf("%d rejected (%v), %d timed out", rep.Rejected, rep.RejectReason, rep.TimedOut)
	case !(0 < rep.P50Ms && rep.P50Ms <= rep.P90Ms && rep.P90Ms <= rep.P99Ms && rep.P99Ms <= rep.MaxMs):
		t.Errorf("latency percentiles out of order: p50 %v p90 %v p99 %v max %v", rep.P50Ms, rep.P90Ms, rep.P99Ms, rep.MaxMs)
	case rep.Submitted < rep.Committed:
		t.Errorf("submitted %d < committed %d", rep.Submitted, rep.Committed)
	case rep.NodeUsage == nil || len(rep.NodeUsage) != 0:
		t.Errorf("node usage %v, want an empty list (no admin endpoints)", rep.NodeUsage)
	}
	// Every transaction sent was settled by the drain.
	if rep.Committed+rep.Rejected+rep.TimedOut != rep.Submitted {
		t.Errorf("committed %d + rejected %d + timed out %d != submitted %d", rep.Committed, rep.Rejected, rep.TimedOut, rep.Submitted)
	}
	if len(rep.Timeline) < 5 || len(samples) != len(rep.Timeline) {
		t.Errorf("timeline of %d samples, %d progress calls", len(rep.Timeline), len(samples))
	}
	phases := map[string]bool{}
	for _, s := range rep.Timeline {
		phases[s.Phase] = true
	}
	if !phases["warmup"] || !phases["steady"] {
		t.Errorf("timeline phases %v", phases)
	}
	var buf bytes.Buffer
	if err := WriteChart(&buf, rep); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "<svg") || !strings.Contains(buf.String(), "committed tx/s") {
		t.Error("chart lacks its SVG")
	}

	// Open loop at a modest rate: what is offered is about the target, and
	// it all commits.
	rep, err = Run(ctx, Config{Network: c.Network, Workload: Transfer, Rate: 200, Clients: 4, InFlight: 64,
		Warmup: time.Second, Duration: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("open loop: offered %.0f tx/s, committed %.0f tx/s, p99 %.1f ms", rep.OfferedTPS, rep.CommittedTPS, rep.P99Ms)
	if rep.Mode != "open-loop" || rep.TargetRate != 200 {
		t.Errorf("open-loop report header: %+v", rep)
	}
	if rep.OfferedTPS < 150 || rep.OfferedTPS > 250 {
		t.Errorf("offered %.0f tx/s for a target of 200", rep.OfferedTPS)
	}
	if rep.Committed == 0 || rep.Rejected != 0 {
		t.Errorf("open loop: committed %d, rejected %d (%v)", rep.Committed, rep.Rejected, rep.RejectReason)
	}
}

func TestRunRefusesBadConfig(t *testing.T) {
	if _, err := Run(context.Background(), Config{Workload: "erc721"}); err == nil {
		t.Error("unknown workload accepted")
	}
	if _, err := Run(context.Background(), Config{}); err == nil {
		t.Error("a run without a network was accepted")
	}
}

// The open-loop schedule issues floor(rate*t) tokens by time t, whatever the
// pacer's wake-ups: late wake-ups catch up, early ones issue nothing.
func TestPacer(t *testing.T) {
	p := pacer{rate: 1000}
	total, latest := uint64(0), 0
	// Wake-ups early, late, repeated, and even out of order.
	for _, ms := range []int{0, 1, 1, 5, 250, 251, 1000, 999, 1500} {
		total += p.due(time.Duration(ms) * time.Millisecond)
		latest = max(latest, ms)
		if total != uint64(latest) {
			t.Fatalf("after a wake-up at %d ms: %d tokens in all, want %d", ms, total, latest)
		}
	}
	slow := pacer{rate: 0.5}
	if n := slow.due(1900 * time.Millisecond); n != 0 {
		t.Fatalf("a token at 0.5/s after 1.9 s: %d", n)
	}
	if n := slow.due(2 * time.Second); n != 1 {
		t.Fatalf("%d tokens at 0.5/s after 2 s, want 1", n)
	}
}

func TestPercentile(t *testing.T) {
	v := make([]float64, 100)
	for i := range v {
		v[i] = float64(i + 1)
	}
	for _, c := range []struct{ p, want float64 }{{50, 50}, {90, 90}, {99, 99}, {100, 100}, {0, 1}} {
		if got := percentile(v, c.p); got != c.want {
			t.Errorf("p%v = %v, want %v", c.p, got, c.want)
		}
	}
	if percentile(nil, 50) != 0 || percentile([]float64{7}, 99) != 7 {
		t.Error("percentile of empty or single-value lists")
	}
}

func TestMetricValue(t *testing.T) {
	if v, ok := metricValue("process_resident_memory_bytes 1.048576e+08", "process_resident_memory_bytes"); !ok || v != 104857600 {
		t.Errorf("metricValue = %v, %v", v, ok)
	}
	if _, ok := metricValue("process_resident_memory_bytes_total 3", "process_resident_memory_bytes"); ok {
		t.Error("a longer metric name matched")
	}
}
