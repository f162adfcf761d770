package store

import (
	"fmt"
	"testing"

	"github.com/causeway/causeway/types"
)

// BenchmarkHasTx measures the replay-check lookup that a node does for each
// transaction it admits, proposes or verifies, and executes: HasTx of a hash
// never committed (the common case) and of one that was, in a store on the
// real disk holding 200 blocks of 2,000 transactions (both memtables full).
func BenchmarkHasTx(b *testing.B) {
	s, err := Open(b.TempDir(), WithLogger(quiet))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	const blocks, perBlock = 200, 2000
	var prev types.Hash
	var committed []types.Hash
	for h := 0; h < blocks; h++ {
		c := makeCommitSalt(uint64(h), prev, perBlock, fmt.Sprint("lookup-", h))
		if err := s.Commit(c); err != nil {
			b.Fatal(err)
		}
		prev = s.Head().Hash
		for i := 0; i < perBlock; i += 97 {
			committed = append(committed, types.Intl.TxHash(c.Block.Txs[i]))
		}
	}
	absent := make([]types.Hash, 1<<16)
	for i := range absent {
		absent[i] = types.Intl.Sum(fmt.Appendf(nil, "absent-%d", i))
	}
	b.Run("miss", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if ok, err := s.HasTx(absent[i%len(absent)]); err != nil || ok {
				b.Fatalf("HasTx = %v, %v", ok, err)
			}
			i++
		}
	})
	b.Run("hit", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if ok, err := s.HasTx(committed[i%len(committed)]); err != nil || !ok {
				b.Fatalf("HasTx = %v, %v", ok, err)
			}
			i++
		}
	})
}
