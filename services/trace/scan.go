package trace

import (
	"net"
	"slices"
	"sync"
	"time"
)

// Counterfeit signals. Consumers' scans are public, unauthenticated
// lookups: writing each one on chain would let anyone spend the
// consortium's capacity, so the scan log lives with the lookup service
// that answers them (the org running the public page), in memory. The
// rule is deterministic — a code's verdict depends only on the ordered
// list of (place, time) of its scans — so any service that saw the same
// scans reaches the same verdict:
//
//	a code is flagged at the first scan after which, within Window before
//	that scan, it was scanned from at least MaxPlaces distinct places, or
//	at least MaxScans times.
//
// A genuine item is bought once and scanned by its buyer, a few times, in
// one place; a printed copy of its label travels with many fakes. Once
// flagged, a code stays flagged, and the service records the flag on
// chain (Trace.flagItem, by its org) so that every other lookup service
// and every later scan shows it: the flag is shared, the scans are not.
//
// A place is what the service can observe without trusting the scanner:
// for the web page, the client's network (IPv4 /24, IPv6 /48), not a
// location the client claims. Someone with many networks can still get a
// genuine code flagged; the flag says "scanned from N places", which the
// brand checks, it does not destroy anything.
type ScanRule struct {
	MaxPlaces int           // default 3
	MaxScans  int           // default 20
	Window    time.Duration // default 30 days
}

// DefaultScanRule is the rule when none is set.
var DefaultScanRule = ScanRule{MaxPlaces: 3, MaxScans: 20, Window: 30 * 24 * time.Hour}

// MaxCodesLogged bounds the codes a ScanLog remembers; past it, the codes
// not scanned for longest are forgotten (flags on chain stay).
const MaxCodesLogged = 1 << 20

// Verdict is a code's state after a scan.
type Verdict struct {
	Scans   int // within the window
	Places  int // distinct, within the window
	Flagged bool
	// NewlyFlagged: this scan made the code flagged.
	NewlyFlagged bool
}

type scan struct {
	place string
	at    time.Time
}

type codeLog struct {
	scans   []scan // within the window, oldest first
	flagged bool
	last    time.Time
}

// ScanLog is a lookup service's log of scans. It is safe for concurrent use.
type ScanLog struct {
	Rule ScanRule
	mu   sync.Mutex
	m    map[string]*codeLog
}

// NewScanLog returns an empty log with rule (zero fields: the defaults).
func NewScanLog(rule ScanRule) *ScanLog {
	if rule.MaxPlaces <= 0 {
		rule.MaxPlaces = DefaultScanRule.MaxPlaces
	}
	if rule.MaxScans <= 0 {
		rule.MaxScans = DefaultScanRule.MaxScans
	}
	if rule.Window <= 0 {
		rule.Window = DefaultScanRule.Window
	}
	return &ScanLog{Rule: rule, m: map[string]*codeLog{}}
}

// Record logs a scan of code from place at at and returns its verdict.
// Scans are applied in the order they are recorded.
func (l *ScanLog) Record(code, place string, at time.Time) Verdict {
	l.mu.Lock()
	defer l.mu.Unlock()
	c := l.m[code]
	if c == nil {
		if len(l.m) >= MaxCodesLogged {
			l.evict()
		}
		c = &codeLog{}
		l.m[code] = c
	}
	c.last = at
	from := at.Add(-l.Rule.Window)
	i := 0
	for i < len(c.scans) && c.scans[i].at.Before(from) {
		i++
	}
	c.scans = append(c.scans[i:], scan{place, at})
	// Keep the log of a code bounded: MaxScans entries are enough to
	// decide, and a flagged code stays flagged.
	if len(c.scans) > l.Rule.MaxScans {
		c.scans = c.scans[len(c.scans)-l.Rule.MaxScans:]
	}
	v := l.verdict(c)
	if !c.flagged && (v.Places >= l.Rule.MaxPlaces || v.Scans >= l.Rule.MaxScans) {
		c.flagged, v.NewlyFlagged = true, true
	}
	v.Flagged = c.flagged
	return v
}

// Peek is code's verdict without recording a scan.
func (l *ScanLog) Peek(code string) Verdict {
	l.mu.Lock()
	defer l.mu.Unlock()
	c := l.m[code]
	if c == nil {
		return Verdict{}
	}
	v := l.verdict(c)
	v.Flagged = c.flagged
	return v
}

func (l *ScanLog) verdict(c *codeLog) Verdict {
	places := make([]string, 0, len(c.scans))
	for _, s := range c.scans {
		if !slices.Contains(places, s.place) {
			places = append(places, s.place)
		}
	}
	return Verdict{Scans: len(c.scans), Places: len(places)}
}

// evict forgets the eighth of the codes not scanned for longest.
func (l *ScanLog) evict() {
	type kv struct {
		k string
		t time.Time
	}
	all := make([]kv, 0, len(l.m))
	for k, c := range l.m {
		all = append(all, kv{k, c.last})
	}
	slices.SortFunc(all, func(a, b kv) int { return a.t.Compare(b.t) })
	for _, e := range all[:len(all)/8+1] {
		delete(l.m, e.k)
	}
}

// PlaceOfAddr is the place of a client address ("ip:port" or "ip"): its
// IPv4 /24 or IPv6 /48 network.
func PlaceOfAddr(addr string) string {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	ip := net.ParseIP(host)
	if ip == nil {
		return "unknown"
	}
	if v4 := ip.To4(); v4 != nil {
		return v4.Mask(net.CIDRMask(24, 32)).String() + "/24"
	}
	return ip.Mask(net.CIDRMask(48, 128)).String() + "/48"
}
