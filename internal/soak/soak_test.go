package soak

import (
	"context"
	"flag"
	"math/rand/v2"
	"os"
	"testing"
	"time"
)

var (
	duration = flag.Duration("soak.duration", 0, "run TestSoak for this long (load and faults); without it TestSoak skips")
	seed     = flag.Uint64("soak.seed", 0, "seed of the fault schedule and the clients (0: random)")
	dir      = flag.String("soak.dir", "", "folder for the consortium, data and logs (kept); default a temporary folder, removed on success")
	clients  = flag.Int("soak.clients", 0, "concurrent clients (default 6)")
)

// TestSoak is the multi-process soak (see the package documentation). It
// runs only when -soak.duration is given:
//
//	go test ./internal/soak -run TestSoak -soak.duration=10m -v -timeout 30m
func TestSoak(t *testing.T) {
	if *duration <= 0 {
		t.Skip("multi-process soak: give -soak.duration (e.g. -soak.duration=10m -timeout 30m)")
	}
	s := *seed
	if s == 0 {
		s = rand.Uint64() >> 1
	}
	t.Logf("soak seed %d (rerun the schedule with -soak.seed=%d)", s, s)
	work := *dir
	if work == "" {
		var err error
		if work, err = TempDir(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if t.Failed() {
				t.Logf("soak folder kept: %s", work)
				return
			}
			os.RemoveAll(work)
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if d, ok := t.Deadline(); ok {
		ctx, cancel = context.WithDeadline(ctx, d.Add(-30*time.Second))
		defer cancel()
	}
	bin, err := Build(ctx, work)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(ctx, Config{Duration: *duration, Seed: s, Binary: bin, Dir: work, Clients: *clients, Logf: t.Logf})
	if err != nil {
		t.Fatalf("soak seed %d: %v", s, err)
	}
	t.Log(rep.String())
	if !rep.OK() {
		for _, l := range rep.NodeLogs {
			t.Log(l)
		}
		t.Fatalf("soak seed %d: %d violations; rerun the schedule with:\n  go test ./internal/soak -run TestSoak -soak.duration=%s -soak.seed=%d -v -timeout %s",
			s, len(rep.Violations), *duration, s, 3**duration+10*time.Minute)
	}
}
