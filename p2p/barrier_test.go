package p2p

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"
)

// logEvents is a slog handler that counts a network's log records by
// message, at every level, so that a test can wait for an event that must
// come after the ones it asserts about (a barrier) instead of sleeping.
type logEvents struct {
	mu sync.Mutex
	n  map[string]int
}

func newLogEvents() *logEvents { return &logEvents{n: map[string]int{}} }

func (l *logEvents) Enabled(context.Context, slog.Level) bool { return true }
func (l *logEvents) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	l.n[r.Message]++
	l.mu.Unlock()
	return nil
}
func (l *logEvents) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *logEvents) WithGroup(string) slog.Handler      { return l }

// count is how many records with message msg were logged.
func (l *logEvents) count(msg string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.n[msg]
}

// waitCount waits until msg was logged at least n times.
func (l *logEvents) waitCount(t *testing.T, msg string, n int, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for l.count(msg) < n {
		if time.Now().After(deadline) {
			t.Fatalf("%q logged %d times within %s, want %d", msg, l.count(msg), timeout, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// logTo makes node id of a cluster log to ev.
func logTo(id uint64, ev *logEvents) func(*Config) {
	return func(cfg *Config) {
		if cfg.SelfID == id {
			cfg.Logger = slog.New(ev)
		}
	}
}
