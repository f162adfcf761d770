package bench

import (
	"bufio"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/causeway/causeway/sdk"
)

// cpuSample is a process's CPU time (seconds) at a moment.
type cpuSample struct {
	at  time.Time
	cpu float64
}

type procSample struct {
	at  time.Time
	cpu float64 // seconds
	rss float64 // MiB
}

// sampleUsage reads each node's process CPU time and resident memory from
// its admin /metrics endpoint. Nodes without one are skipped.
func sampleUsage(nw *sdk.Network) map[uint64]procSample {
	out := map[uint64]procSample{}
	client := &http.Client{Timeout: 2 * time.Second}
	for _, n := range nw.Nodes {
		if n.Admin == "" {
			continue
		}
		resp, err := client.Get("http://" + n.Admin + "/metrics")
		if err != nil {
			continue
		}
		s := procSample{at: time.Now()}
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			if v, ok := metricValue(line, "process_cpu_seconds_total"); ok {
				s.cpu = v
			} else if v, ok := metricValue(line, "process_resident_memory_bytes"); ok {
				s.rss = v / (1 << 20)
			}
		}
		resp.Body.Close()
		out[n.ID] = s
	}
	return out
}

func metricValue(line, name string) (float64, bool) {
	if !strings.HasPrefix(line, name+" ") {
		return 0, false
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(line[len(name)+1:]), 64)
	return v, err == nil
}

// usageReport is each node's CPU between samples a and b, its RSS at b
// and its peak RSS; an empty (not nil) list when no node has an admin
// endpoint.
func usageReport(a, b map[uint64]procSample, maxRSS map[uint64]float64) []NodeUsage {
	out := []NodeUsage{}
	for id, s1 := range b {
		s0, ok := a[id]
		u := NodeUsage{ID: id, RSSMiB: s1.rss, MaxRSSMiB: maxRSS[id]}
		if ok {
			if d := s1.at.Sub(s0.at).Seconds(); d > 0 {
				u.CPUPercent = 100 * (s1.cpu - s0.cpu) / d
			}
		}
		out = append(out, u)
	}
	sortUsage(out)
	return out
}

func sortUsage(u []NodeUsage) {
	sort.Slice(u, func(i, j int) bool { return u[i].ID < u[j].ID })
}
