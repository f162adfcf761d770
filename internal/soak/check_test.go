package soak

import (
	"context"
	"encoding/binary"
	"strings"
	"testing"

	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/types"
)

// word is a register's 32-byte return value.
func word(v uint64) []byte { return binary.BigEndian.AppendUint64(make([]byte, 24), v) }

// history builds a checker over register operations placed in the chain
// as given; an op with ret < 0 was never acknowledged.
type histOp struct {
	write      bool
	key, value uint64 // value written
	out        uint64 // value returned
	call, ret  int64
	height     uint64 // 0: not in the chain
}

func checkerOf(ops []histOp, reads []localRead) *checker {
	w := &workload{reads: reads}
	ck := &checker{w: w, rep: &Report{Submitted: map[string]int{}, Acked: map[string]int{}}, chain: map[types.Hash]*committed{}}
	for i, h := range ops {
		o := &op{kind: opKVRead, key: h.key, value: h.value, call: h.call, ret: h.ret}
		if h.write {
			o.kind = opKVWrite
		}
		o.hash[0], o.hash[1] = byte(i), 1
		rc := &types.Receipt{ReturnData: word(h.out)}
		if h.ret >= 0 {
			o.ack = &apipb.SubmitTxResponse{Height: h.height, Receipt: rc}
		}
		if h.height > 0 {
			ck.chain[o.hash] = &committed{height: h.height, index: i, receipt: rc}
		}
		w.ops = append(w.ops, o)
	}
	return ck
}

func violations(ck *checker, what string) int {
	n := 0
	for _, v := range ck.rep.Violations {
		if strings.HasPrefix(v, what) {
			n++
		}
	}
	return n
}

// The register checker accepts a history the chain could have produced,
// counting an unacknowledged committed write as pending, and refuses a
// read that misses a write acknowledged before the read was sent.
func TestLinearizabilityChecker(t *testing.T) {
	ctx := context.Background()
	good := []histOp{
		{write: true, key: 1, value: 7, out: 0, call: 0, ret: 10, height: 2},
		{write: false, key: 1, out: 7, call: 11, ret: 20, height: 3},
		{write: true, key: 1, value: 9, out: 7, call: 12, ret: -1, height: 4}, // committed, never acknowledged
		{write: true, key: 1, value: 5, out: 0, call: 13, ret: -1},            // never committed: left out
		{write: false, key: 1, out: 9, call: 30, ret: 40, height: 5},
		{write: false, key: 2, out: 0, call: 1, ret: 2, height: 1},
	}
	ck := checkerOf(good, nil)
	ck.linearizable(ctx)
	if !ck.rep.OK() || ck.rep.KVOps != 5 {
		t.Fatalf("a linearizable history: %d ops, %v", ck.rep.KVOps, ck.rep.Violations)
	}

	stale := append([]histOp(nil), good...)
	stale[4].out = 7 // reads the value overwritten by a write committed before
	stale[2].ret, stale[2].call = 25, 12
	ck = checkerOf(stale, nil)
	ck.linearizable(ctx)
	if violations(ck, "linearizability") != 1 {
		t.Fatalf("a stale read after an acknowledged write: %v", ck.rep.Violations)
	}
}

// Local reads must return the chain's value at the height they report;
// one older than an acknowledged block is counted stale, not refused.
func TestLocalReadChecker(t *testing.T) {
	ops := []histOp{
		{write: true, key: 1, value: 7, out: 0, call: 0, ret: 10, height: 2},
		{write: true, key: 1, value: 9, out: 7, call: 11, ret: 20, height: 4},
	}
	reads := []localRead{
		{key: 1, value: 0, height: 1, call: 5},  // before the first write: fine
		{key: 1, value: 7, height: 3, call: 30}, // height 3 after block 4 was acknowledged: stale, but right for height 3
		{key: 1, value: 9, height: 4, call: 30},
		{key: 1, value: 7, height: 4, call: 30}, // wrong for height 4
	}
	ck := checkerOf(ops, reads)
	ck.localReads(context.Background())
	if n := violations(ck, "local read"); n != 1 || ck.rep.StaleLocalReads != 1 || ck.rep.LocalReads != 4 {
		t.Fatalf("local reads: %d violations %v, %d stale of %d", n, ck.rep.Violations, ck.rep.StaleLocalReads, ck.rep.LocalReads)
	}
}

// An acknowledged transaction missing from the chain is a durability
// violation; an unacknowledged one is only counted.
func TestDurabilityChecker(t *testing.T) {
	ops := []histOp{
		{write: true, key: 1, value: 7, call: 0, ret: 10, height: 2},
		{write: true, key: 1, value: 8, call: 0, ret: 10}, // acknowledged, not in the chain
		{write: true, key: 1, value: 9, call: 0, ret: -1}, // neither
	}
	ck := checkerOf(ops, nil)
	ck.durability(context.Background())
	if violations(ck, "durability") != 1 || ck.rep.UnackedDropped != 1 {
		t.Fatalf("durability: %v, %d dropped", ck.rep.Violations, ck.rep.UnackedDropped)
	}
}
