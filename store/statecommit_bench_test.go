package store_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"log/slog"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/store"
	"github.com/causeway/causeway/types"
)

// BenchmarkStateCommit measures the state commitment's cost per block as
// the state grows, through the real store on disk: for a state of N keys,
// one block of 1,000 changes (half updates of existing keys, half new keys)
// is applied to the sparse Merkle tree (state.Commit, reading
// nodes from Pebble) and committed with its nodes in one synced batch
// (store.Commit). Reported per block: commit-ns (CommitState alone),
// store-ns (store.Commit), nodes/block written and node-bytes/block.
// N is 10^4, 10^5 and 10^6; CAUSEWAY_BENCH_1E7=1 adds 10^7 (building that
// state takes several minutes and about 3 GB of disk).
// CAUSEWAY_BENCH_NODE_CACHE_MB sets the store's node cache (default 64).
func BenchmarkStateCommit(b *testing.B) {
	sizes := []int{1e4, 1e5, 1e6}
	if os.Getenv("CAUSEWAY_BENCH_1E7") == "1" {
		sizes = append(sizes, 1e7)
	}
	b.Cleanup(func() {
		for n, st := range benchStates {
			st.s.Close()
			os.RemoveAll(st.dir)
			delete(benchStates, n)
		}
	})
	for _, n := range sizes {
		b.Run(fmt.Sprintf("keys=%.0e", float64(n)), func(b *testing.B) { benchStateCommit(b, n) })
	}
}

const benchChanges = 1000

func benchKey(i uint64) []byte {
	k := make([]byte, 0, 5+32)
	k = append(k, "acct/"...)
	d := sha256.Sum256(binary.BigEndian.AppendUint64(nil, i))
	return append(k, d[:]...)
}

// benchState is a store holding a state of n keys, shared by the runs of
// one size (the benchmark function runs more than once).
type benchState struct {
	dir    string
	s      *store.Store
	root   []byte
	prev   types.Hash
	height uint64
	next   uint64
	rng    *rand.Rand
}

var benchStates = map[int]*benchState{}

func (st *benchState) value() []byte {
	v := make([]byte, 120) // about an account record's size
	st.rng.Read(v)
	return v
}

// commit applies ws as one block and returns the time CommitState and
// store.Commit took, and the nodes written.
func (st *benchState) commit(b *testing.B, ws []store.Write) (time.Duration, time.Duration, []store.Write) {
	t0 := time.Now()
	r, nodes, err := state.Commit(types.Intl, st.s, st.root, ws)
	if err != nil {
		b.Fatal(err)
	}
	t1 := time.Now()
	blk := &types.Block{Header: &types.BlockHeader{ChainId: "bench", Height: st.height, PrevHash: st.prev[:], StateRoot: r}}
	if err := st.s.Commit(&store.Commit{Block: blk, Writes: ws, StateNodes: nodes, StateRoot: r}); err != nil {
		b.Fatal(err)
	}
	st.root, st.prev = r, st.s.Head().Hash
	st.height++
	return t1.Sub(t0), time.Since(t1), nodes
}

// getBenchState builds the state of n keys on first use, in path-order
// chunks (as a long-running chain would hold it, without the obsolete nodes
// of its history).
func getBenchState(b *testing.B, n int) *benchState {
	if st, ok := benchStates[n]; ok {
		return st
	}
	dir, err := os.MkdirTemp("", "statecommit")
	if err != nil {
		b.Fatal(err)
	}
	opts := []store.Option{store.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))}
	if mb, err := strconv.Atoi(os.Getenv("CAUSEWAY_BENCH_NODE_CACHE_MB")); err == nil {
		opts = append(opts, store.WithStateNodeCache(int64(mb)<<20))
	}
	s, err := store.Open(filepath.Join(dir, "db"), opts...)
	if err != nil {
		b.Fatal(err)
	}
	st := &benchState{dir: dir, s: s, rng: rand.New(rand.NewSource(int64(n))), next: uint64(n)}
	start := time.Now()
	type kp struct {
		i    uint64
		path [32]byte
	}
	kps := make([]kp, n)
	for i := range kps {
		kps[i] = kp{uint64(i), sha256.Sum256(benchKey(uint64(i)))}
	}
	slices.SortFunc(kps, func(a, c kp) int { return bytes.Compare(a.path[:], c.path[:]) })
	const chunk = 50_000
	for lo := 0; lo < n; lo += chunk {
		ws := make([]store.Write, 0, chunk)
		for _, x := range kps[lo:min(n, lo+chunk)] {
			ws = append(ws, store.Write{Key: benchKey(x.i), Value: st.value()})
		}
		st.commit(b, ws)
	}
	b.Logf("built a state of %d keys in %s", n, time.Since(start).Round(time.Millisecond))
	benchStates[n] = st
	return st
}

func benchStateCommit(b *testing.B, n int) {
	b.StopTimer()
	st := getBenchState(b, n)
	b.StartTimer()
	var tc, ts time.Duration
	var nodes, nodeBytes int
	for i := 0; i < b.N; i++ {
		ws := make([]store.Write, 0, benchChanges)
		for j := 0; j < benchChanges/2; j++ {
			ws = append(ws, store.Write{Key: benchKey(uint64(st.rng.Int63n(int64(st.next)))), Value: st.value()})
			ws = append(ws, store.Write{Key: benchKey(st.next), Value: st.value()})
			st.next++
		}
		c, sd, ns := st.commit(b, ws)
		tc += c
		ts += sd
		nodes += len(ns)
		for _, w := range ns {
			nodeBytes += len(w.Key) + len(w.Value)
		}
	}
	b.ReportMetric(float64(tc.Nanoseconds())/float64(b.N), "commit-ns/block")
	b.ReportMetric(float64(ts.Nanoseconds())/float64(b.N), "store-ns/block")
	b.ReportMetric(float64(tc.Nanoseconds())/float64(b.N*benchChanges), "commit-ns/change")
	b.ReportMetric(float64(nodes)/float64(b.N), "nodes/block")
	b.ReportMetric(float64(nodeBytes)/float64(b.N), "node-bytes/block")
}
