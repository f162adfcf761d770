package trace

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
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
// A log opened with OpenScanLog also keeps a journal on disk, so that a
// restarted service reaches the same verdicts.
type ScanLog struct {
	Rule ScanRule
	mu   sync.Mutex
	m    map[string]*codeLog
	// The journal: nil for a log in memory only.
	file    *os.File
	w       *bufio.Writer
	path    string
	entries int   // lines in the journal
	err     error // the first journal write error
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
// Scans are applied in the order they are recorded. With a journal, the
// scan is written to it (Err reports a write that failed; the verdict
// stands).
func (l *ScanLog) Record(code, place string, at time.Time) Verdict {
	l.mu.Lock()
	defer l.mu.Unlock()
	v := l.record(code, place, at)
	l.journal(journalEntry{Code: code, Place: place, At: at.UnixNano()})
	return v
}

func (l *ScanLog) record(code, place string, at time.Time) Verdict {
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

// journalEntry is a line of the journal: a scan, or (in a compacted
// journal) a code that is flagged.
type journalEntry struct {
	Code    string `json:"c"`
	Place   string `json:"p,omitempty"`
	At      int64  `json:"t,omitempty"` // Unix nanoseconds
	Flagged bool   `json:"f,omitempty"`
}

// MaxJournalEntry bounds a journal line; a code or place is far shorter.
const MaxJournalEntry = 4096

// OpenScanLog opens the scan log kept in the journal at path (made if
// missing, mode 0600), replaying it: the verdicts are the ones the scans
// already seen give. A last line cut short by a crash is dropped; any
// other malformed line is an error (the journal is not this service's),
// and the file is left as it is. The journal is rewritten from the log
// when it grows to four times what the log holds.
func OpenScanLog(path string, rule ScanRule) (*ScanLog, error) {
	l := NewScanLog(rule)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	r := bufio.NewReaderSize(f, 64<<10)
	var good int64
	for n := 1; ; n++ {
		line, err := r.ReadSlice('\n')
		if errors.Is(err, io.EOF) {
			// A torn last line (no newline): dropped below.
			break
		}
		if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			f.Close()
			return nil, fmt.Errorf("trace: scan journal %s, line %d: %w", path, n, err)
		}
		var e journalEntry
		if err != nil || len(line) > MaxJournalEntry || json.Unmarshal(bytes.TrimSpace(line), &e) != nil || e.Code == "" || (!e.Flagged && e.At == 0) {
			f.Close()
			return nil, fmt.Errorf("trace: scan journal %s, line %d: malformed", path, n)
		}
		good += int64(len(line))
		l.entries++
		if e.Flagged {
			l.flag(e.Code)
			continue
		}
		l.record(e.Code, e.Place, time.Unix(0, e.At))
	}
	if err := f.Truncate(good); err != nil {
		f.Close()
		return nil, err
	}
	if _, err := f.Seek(good, io.SeekStart); err != nil {
		f.Close()
		return nil, err
	}
	l.file, l.w, l.path = f, bufio.NewWriter(f), path
	return l, nil
}

func (l *ScanLog) flag(code string) {
	c := l.m[code]
	if c == nil {
		c = &codeLog{}
		l.m[code] = c
	}
	c.flagged = true
}

// journal appends e, flushing at once (a scan is cheap to lose in a crash
// of the machine, not of the service), and compacts the journal when it
// has grown to four times what the log holds.
func (l *ScanLog) journal(e journalEntry) {
	if l.w == nil || l.err != nil {
		return
	}
	b, _ := json.Marshal(e)
	if _, err := l.w.Write(append(b, '\n')); err != nil {
		l.err = err
		return
	}
	if err := l.w.Flush(); err != nil {
		l.err = err
		return
	}
	l.entries++
	if l.entries > 1024 && l.entries > 4*l.held() {
		l.err = l.compact()
	}
}

// held is the number of journal lines the log's content needs.
func (l *ScanLog) held() int {
	n := 0
	for _, c := range l.m {
		n += len(c.scans)
		if c.flagged {
			n++
		}
	}
	return n
}

// compact rewrites the journal from the log: for each code, its flag and
// its scans in the window, oldest first. The new journal replaces the old
// one by a rename.
func (l *ScanLog) compact() error {
	tmp := l.path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	codes := make([]string, 0, len(l.m))
	for k := range l.m {
		codes = append(codes, k)
	}
	slices.Sort(codes)
	n := 0
	enc := func(e journalEntry) {
		b, _ := json.Marshal(e)
		_, _ = w.Write(append(b, '\n'))
		n++
	}
	for _, k := range codes {
		c := l.m[k]
		if c.flagged {
			enc(journalEntry{Code: k, Flagged: true})
		}
		for _, s := range c.scans {
			enc(journalEntry{Code: k, Place: s.place, At: s.at.UnixNano()})
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, l.path); err != nil {
		return err
	}
	nf, err := os.OpenFile(l.path, os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	l.file.Close()
	l.file, l.w, l.entries = nf, bufio.NewWriter(nf), n
	return nil
}

// Err is the first error writing the journal: from then on scans are
// logged in memory only.
func (l *ScanLog) Err() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.err
}

// Close flushes and closes the journal.
func (l *ScanLog) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.file == nil {
		return nil
	}
	err := l.w.Flush()
	if e := l.file.Sync(); err == nil {
		err = e
	}
	if e := l.file.Close(); err == nil {
		err = e
	}
	l.file, l.w = nil, nil
	return err
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
