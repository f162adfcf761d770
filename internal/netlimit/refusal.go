package netlimit

import (
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// Default rate of a RefusalLog.
const (
	DefaultLogBurst    = 10
	DefaultLogInterval = time.Minute
)

// RefusalLog writes refusals (connections refused or closed by a limit,
// handshakes refused) to a logger at a bounded rate: a token bucket of
// Burst lines refilled at Burst per Interval. Refusals beyond the rate are
// counted, and one summary line ("refusals suppressed", count=K) is written
// per Interval in which any were. In any window of length T it writes at
// most Burst*(1+T/Interval) refusal lines plus 1+T/Interval summaries.
// It is safe for concurrent use.
type RefusalLog struct {
	log      *slog.Logger
	burst    float64
	interval time.Duration

	mu         sync.Mutex
	tokens     float64
	last       time.Time
	suppressed uint64
	timer      *time.Timer
	closed     bool

	total atomic.Uint64
}

// NewRefusalLog returns a RefusalLog writing to log at Warn level; burst
// and interval <= 0 take DefaultLogBurst and DefaultLogInterval. A nil log
// discards the lines but still counts refusals.
func NewRefusalLog(log *slog.Logger, burst int, interval time.Duration) *RefusalLog {
	if burst <= 0 {
		burst = DefaultLogBurst
	}
	if interval <= 0 {
		interval = DefaultLogInterval
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &RefusalLog{log: log, burst: float64(burst), interval: interval, tokens: float64(burst), last: time.Now()}
}

// Refuse records one refusal and writes msg with args if the rate allows.
func (r *RefusalLog) Refuse(msg string, args ...any) {
	if r == nil {
		return
	}
	r.total.Add(1)
	r.mu.Lock()
	now := time.Now()
	r.tokens += now.Sub(r.last).Seconds() * r.burst / r.interval.Seconds()
	if r.tokens > r.burst {
		r.tokens = r.burst
	}
	r.last = now
	if r.tokens >= 1 {
		r.tokens--
		r.mu.Unlock()
		r.log.Warn(msg, args...)
		return
	}
	r.suppressed++
	if r.timer == nil && !r.closed {
		r.timer = time.AfterFunc(r.interval, r.flush)
	}
	r.mu.Unlock()
}

// flush writes the summary of the refusals suppressed since the last one.
func (r *RefusalLog) flush() {
	r.mu.Lock()
	k := r.suppressed
	r.suppressed = 0
	r.timer = nil
	r.mu.Unlock()
	if k > 0 {
		r.log.Warn("refusals suppressed", "count", k, "interval", r.interval.String())
	}
}

// Total returns how many refusals were recorded, written or not.
func (r *RefusalLog) Total() uint64 {
	if r == nil {
		return 0
	}
	return r.total.Load()
}

// Close writes the pending summary, if any, and stops the summary timer.
// Refusals recorded afterwards are written within the rate but never
// summarised.
func (r *RefusalLog) Close() {
	r.mu.Lock()
	r.closed = true
	t := r.timer
	r.mu.Unlock()
	if t != nil && t.Stop() {
		r.flush()
	}
}
