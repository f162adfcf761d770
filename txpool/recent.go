package txpool

import (
	"encoding/binary"
	"sync"

	"github.com/causeway/causeway/types"
)

// recentCommits is a Bloom filter of the hashes of the transactions
// committed since the pool started, covering at least the replay window:
// it lets admission skip the ledger read (a point lookup that misses, the
// common case, costs several microseconds) for a transaction that certainly
// was not committed. It has no false negatives for what it was told; a
// positive answer, true or false, falls back to the ledger.
//
// It keeps three generations of bits, each started period apart; a lookup
// checks all three, so a hash stays in it for at least two periods after it
// was added. Transaction hashes are uniform, so their own bytes index the
// bits. A generation of 2^25 bits (4 MiB) with four probes keeps the false
// positive rate under 1% up to about 3.5 million hashes per period.
type recentCommits struct {
	mu      sync.RWMutex
	gens    [3][]uint64
	cur     int
	started int64 // ms, when gens[cur] began
	period  int64 // ms
}

const (
	recentBits   = 1 << 25
	recentProbes = 4
)

func newRecentCommits(nowMs, periodMs int64) *recentCommits {
	r := &recentCommits{started: nowMs, period: periodMs}
	for i := range r.gens {
		r.gens[i] = make([]uint64, recentBits/64)
	}
	return r
}

// probe returns the i-th bit index of h.
func probe(h types.Hash, i int) uint32 {
	return binary.LittleEndian.Uint32(h[4*i:]) & (recentBits - 1)
}

// add records committed hashes at time nowMs; periodMs, if longer than
// the current period, becomes the period (the replay window grew).
func (r *recentCommits) add(nowMs, periodMs int64, hashes []types.Hash) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.period = max(r.period, periodMs)
	if nowMs-r.started >= r.period {
		r.cur = (r.cur + 1) % len(r.gens)
		clear(r.gens[r.cur])
		r.started = nowMs
	}
	g := r.gens[r.cur]
	for _, h := range hashes {
		for i := 0; i < recentProbes; i++ {
			b := probe(h, i)
			g[b/64] |= 1 << (b % 64)
		}
	}
}

// mayContain reports whether h may have been added within the last two
// periods; false means certainly not.
func (r *recentCommits) mayContain(h types.Hash) bool {
	r.mu.RLock()
	defer r.mu.RUnlock()
gens:
	for _, g := range r.gens {
		for i := 0; i < recentProbes; i++ {
			b := probe(h, i)
			if g[b/64]&(1<<(b%64)) == 0 {
				continue gens
			}
		}
		return true
	}
	return false
}
