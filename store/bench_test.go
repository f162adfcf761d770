package store

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/causeway/causeway/types"
)

// BenchmarkCommit commits blocks of small transactions to a store on the
// real disk (one fsync per block); tx/s counts transactions committed per
// second of wall time. Each transaction brings a receipt and one state write.
func BenchmarkCommit(b *testing.B) {
	for _, ntx := range []int{1, 100, 2000} {
		b.Run(fmt.Sprintf("txs=%d", ntx), func(b *testing.B) {
			s, err := Open(b.TempDir(), WithLogger(quiet))
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			// Pre-build a ring of blocks and give each a fresh height and
			// parent just before committing it (cheap) so only Commit is timed.
			const ring = 16
			templates := make([]*Commit, ring)
			for i := range templates {
				templates[i] = makeCommitSalt(0, types.Hash{}, ntx, fmt.Sprint(i))
			}
			var prev types.Hash
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				c := templates[i%ring]
				c.Block.Header.Height = uint64(i)
				c.Block.Header.PrevHash = nil
				if i > 0 {
					c.Block.Header.PrevHash = prev[:]
				}
				if err := s.Commit(c); err != nil {
					b.Fatal(err)
				}
				prev = s.Head().Hash
			}
			b.ReportMetric(float64(b.N*ntx)/b.Elapsed().Seconds(), "tx/s")
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "blocks/s")
		})
	}
}

// BenchmarkGet reads random keys of a 100k-key flat state, all of it in the
// block cache after warm-up; parallel runs share one store.
func BenchmarkGet(b *testing.B) {
	const keys = 100_000
	s, err := Open(b.TempDir(), WithLogger(quiet))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	var prev types.Hash
	const perBlock = 10_000
	for h := 0; h < keys/perBlock; h++ {
		c := makeCommit(uint64(h), prev, 0)
		c.Writes = make([]Write, perBlock)
		for i := range c.Writes {
			k := h*perBlock + i
			c.Writes[i] = Write{Key: fmt.Appendf(nil, "acct/%08d", k), Value: fmt.Appendf(nil, "balance-%d", k)}
		}
		if err := s.Commit(c); err != nil {
			b.Fatal(err)
		}
		prev = types.Intl.BlockHash(c.Block)
	}
	if err := s.db.Flush(); err != nil {
		b.Fatal(err)
	}
	b.Run("serial", func(b *testing.B) {
		rng := rand.New(rand.NewPCG(1, 2))
		key := make([]byte, 0, 16)
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			key = fmt.Appendf(key[:0], "acct/%08d", rng.IntN(keys))
			if v, err := s.Get(key); err != nil || v == nil {
				b.Fatalf("Get(%s) = %q, %v", key, v, err)
			}
		}
	})
	b.Run("absent", func(b *testing.B) {
		key := make([]byte, 0, 16)
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			key = fmt.Appendf(key[:0], "none/%08d", i%keys)
			if v, err := s.Get(key); err != nil || v != nil {
				b.Fatalf("Get(%s) = %q, %v", key, v, err)
			}
		}
	})
	b.Run("parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			rng := rand.New(rand.NewPCG(rand.Uint64(), 2))
			key := make([]byte, 0, 16)
			for pb.Next() {
				key = fmt.Appendf(key[:0], "acct/%08d", rng.IntN(keys))
				if v, err := s.Get(key); err != nil || v == nil {
					b.Fatalf("Get(%s) = %q, %v", key, v, err)
				}
			}
		})
	})
}
