package consensus

import "time"

// Clock is the replica's source of time: the block times it proposes and
// checks, and the tickers that drive SmartBFT's heartbeats and view-change
// timers. A test or a simulator injects a clock it advances by hand;
// Config's zero value uses SystemClock.
type Clock interface {
	// Now is the current time. Block times are taken from it in
	// milliseconds; it need not be monotonic (a proposal never carries a
	// time before its parent's).
	Now() time.Time
	// NewTicker returns a ticker that delivers the clock's time on C about
	// every d. Like time.Ticker, it drops ticks its reader is not ready
	// for rather than queueing them.
	NewTicker(d time.Duration) Ticker
}

// Ticker is a source of periodic ticks, as time.Ticker.
type Ticker interface {
	// C delivers the ticks.
	C() <-chan time.Time
	// Stop ends the ticks; C is not closed.
	Stop()
}

// SystemClock returns the wall clock: time.Now and time.NewTicker. Inside a
// testing/synctest bubble it is the bubble's virtual clock.
func SystemClock() Clock { return systemClock{} }

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) NewTicker(d time.Duration) Ticker { return systemTicker{time.NewTicker(d)} }

type systemTicker struct{ t *time.Ticker }

func (t systemTicker) C() <-chan time.Time { return t.t.C }
func (t systemTicker) Stop()               { t.t.Stop() }

// nowClock is a clock whose Now is replaced (Config.Now) and whose tickers
// are the underlying clock's.
type nowClock struct {
	Clock
	now func() time.Time
}

func (c nowClock) Now() time.Time { return c.now() }
