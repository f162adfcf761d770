package soak

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"sort"
	"sync"
	"time"

	"github.com/anishathalye/porcupine"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify"
)

// waitDial connects to every node, retrying while they start.
func waitDial(ctx context.Context, c *cluster, timeout time.Duration) ([]*sdk.Client, error) {
	deadline := time.Now().Add(timeout)
	for {
		dctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		cl, err := dialAll(dctx, c.nw)
		cancel()
		if err == nil {
			return cl, nil
		}
		for _, p := range c.nodes {
			if p.exited() {
				return nil, fmt.Errorf("node %d exited at start:\n%s", p.id, p.logTail(3000))
			}
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return nil, fmt.Errorf("the nodes did not start serving: %w", err)
		}
		time.Sleep(300 * time.Millisecond)
	}
}

// balances reads the accounts' balances from one node.
func balances(ctx context.Context, cl *sdk.Client, accounts []sdk.Account) ([]uint64, error) {
	out := make([]uint64, len(accounts))
	for i, a := range accounts {
		acc, err := cl.GetAccount(ctx, a.ID().String())
		if err != nil {
			return nil, fmt.Errorf("account %s: %w", a.Name, err)
		}
		out[i] = acc.Balance
	}
	return out, nil
}

// committed is where a transaction is in the chain, and its receipt.
type committed struct {
	height  uint64
	index   int
	receipt *types.Receipt
}

// checker runs the closing checks on a converged, final chain.
type checker struct {
	w       *workload
	clients []*sdk.Client
	genesis *types.Genesis
	rep     *Report
	initial []uint64
	height  uint64

	chain map[types.Hash]*committed
}

func (ck *checker) run(ctx context.Context) error {
	steps := []func(context.Context) error{
		ck.agreement, ck.receipts, ck.durability, ck.balances, ck.evidence, ck.linearizable, ck.localReads, ck.proofs,
	}
	for _, s := range steps {
		if err := s(ctx); err != nil {
			return err
		}
	}
	return nil
}

// parallel runs fn(i) for i in [0, n) on 8 goroutines.
func parallel(n int, fn func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// agreement reads every block 1..height from every node: the same block
// hash at every height on every node, each block's hash is its header's,
// its transactions are the ones its header commits to, it links to its
// parent, and no transaction is in the chain twice. It indexes the chain.
func (ck *checker) agreement(ctx context.Context) error {
	suite := ck.genesis.Suite()
	n := len(ck.clients)
	// Node 1's blocks are kept whole; of the others', only the hash they
	// are served under (each checked against its header).
	blocks := make([]*apipb.BlockResponse, ck.height+1)
	hashes := make([][]string, n)
	var mu sync.Mutex
	var errs []error
	for node := range n {
		hashes[node] = make([]string, ck.height+1)
		parallel(int(ck.height), func(i int) {
			h := uint64(i + 1)
			var b *apipb.BlockResponse
			var err error
			for try := 0; try < 3; try++ {
				bctx, cancel := context.WithTimeout(ctx, 10*time.Second)
				b, err = ck.clients[node].GetBlock(bctx, h)
				cancel()
				if err == nil {
					break
				}
			}
			var got string
			if err == nil {
				got = suite.BlockHash(b.Block).String()
			}
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, fmt.Errorf("node %d block %d: %w", node+1, h, err))
				return
			}
			if got != b.Hash {
				ck.rep.violation("agreement: node %d serves block %d as %s, its header hashes to %s", node+1, h, b.Hash, got)
			}
			hashes[node][h] = b.Hash
			if node == 0 {
				blocks[h] = b
			}
		})
	}
	if len(errs) > 0 {
		for _, err := range errs[:min(len(errs), 10)] {
			ck.rep.violation("agreement: %v", err)
		}
		return nil
	}
	ck.chain = map[types.Hash]*committed{}
	divergent := 0
	var prev []byte
	for h := uint64(1); h <= ck.height; h++ {
		ref := blocks[h]
		for node := 1; node < n; node++ {
			if hashes[node][h] != ref.Hash {
				divergent++
				if divergent <= 10 {
					ck.rep.violation("agreement: block %d is %s on node 1 and %s on node %d", h, ref.Hash, hashes[node][h], node+1)
				}
			}
		}
		blk := ref.Block
		if blk.Header.GetHeight() != h {
			ck.rep.violation("agreement: block at height %d says height %d", h, blk.Header.GetHeight())
		}
		if h > 1 && !bytes.Equal(blk.Header.PrevHash, prev) {
			ck.rep.violation("agreement: block %d does not link to block %d", h, h-1)
		}
		hb, _ := types.ParseHash(ref.Hash)
		prev = hb[:]
		var hashes []types.Hash
		for i, tx := range blk.Txs {
			th := suite.TxHash(tx)
			hashes = append(hashes, th)
			if at, dup := ck.chain[th]; dup {
				ck.rep.violation("double execution: transaction %s is in block %d and in block %d", th, at.height, h)
				continue
			}
			ck.chain[th] = &committed{height: h, index: i}
		}
		if !bytes.Equal(suite.TxRoot(hashes), blk.Header.TxRoot) || int(blk.Header.TxCount) != len(blk.Txs) {
			ck.rep.violation("agreement: block %d's transactions are not those its header commits to", h)
		}
	}
	if divergent > 10 {
		ck.rep.violation("agreement: %d divergent blocks in all", divergent)
	}
	return nil
}

// receipts fetches the receipt of every transaction of the run that is in
// the chain (from node 1; blocks agree, and receipt roots are in the
// headers), and of every acknowledged one from every node, which must
// place it where the chain does and hold the receipt the client got.
func (ck *checker) receipts(ctx context.Context) error {
	if ck.chain == nil {
		return nil
	}
	ops := ck.w.ops
	var mu sync.Mutex
	parallel(len(ops), func(i int) {
		o := ops[i]
		at := ck.chain[o.hash]
		if at == nil {
			return
		}
		nodes := []int{0}
		if o.ack != nil {
			nodes = []int{0, 1, 2, 3}
		}
		for _, node := range nodes {
			gctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			r, err := ck.clients[node].GetTx(gctx, o.hash)
			cancel()
			mu.Lock()
			switch {
			case err != nil:
				ck.rep.violation("durability: node %d does not serve %s transaction %s (in block %d): %v", node+1, o.kind, o.hash, at.height, err)
			case r.Height != at.height || int(r.Index) != at.index:
				ck.rep.violation("index: node %d places transaction %s at %d/%d, the chain at %d/%d", node+1, o.hash, r.Height, r.Index, at.height, at.index)
			case at.receipt != nil && !proto.Equal(at.receipt, r.Receipt):
				ck.rep.violation("receipts: node %d's receipt of %s differs from node 1's", node+1, o.hash)
			default:
				if at.receipt == nil {
					at.receipt = r.Receipt
				}
			}
			mu.Unlock()
		}
	})
	for _, o := range ops {
		at := ck.chain[o.hash]
		if o.ack == nil || at == nil || at.receipt == nil {
			continue
		}
		if o.ack.Height != at.height || !proto.Equal(o.ack.Receipt, at.receipt) {
			ck.rep.violation("acknowledgement: node %d acknowledged %s at height %d with a receipt other than the chain's (height %d)", o.ackNode+1, o.hash, o.ack.Height, at.height)
		}
		if at.receipt.Status != types.ReceiptStatus_SUCCESS {
			ck.rep.violation("execution: %s transaction %s failed: %s %s", o.kind, o.hash, at.receipt.ErrorCode, at.receipt.Error)
		}
	}
	return nil
}

// durability: every acknowledged transaction is in the chain; validity:
// every transaction in the chain is one the run submitted.
func (ck *checker) durability(ctx context.Context) error {
	if ck.chain == nil {
		return nil
	}
	mine := map[types.Hash]bool{}
	for _, o := range ck.w.ops {
		mine[o.hash] = true
		_, in := ck.chain[o.hash]
		switch {
		case o.ack != nil:
			if !in {
				ck.rep.violation("durability: %s transaction %s acknowledged by node %d at height %d is not in the chain", o.kind, o.hash, o.ackNode+1, o.ack.Height)
			}
		case in:
			ck.rep.UnackedCommitted++
		default:
			ck.rep.UnackedDropped++
		}
	}
	for h, at := range ck.chain {
		if !mine[h] {
			ck.rep.violation("validity: block %d holds transaction %s, which no client submitted", at.height, h)
		}
	}
	return nil
}

// balances: each account's balance on every node is its balance before
// the load plus the transfers into it, less those out of it, that the
// chain holds with a successful receipt (acknowledged or not).
func (ck *checker) balances(ctx context.Context) error {
	want := append([]uint64(nil), ck.initial...)
	for _, o := range ck.w.ops {
		at := ck.chain[o.hash]
		if o.kind != opTransfer || at == nil || at.receipt == nil || at.receipt.Status != types.ReceiptStatus_SUCCESS {
			continue
		}
		want[o.from] -= o.amount
		want[o.to] += o.amount
	}
	for node, cl := range ck.clients {
		got, err := balances(ctx, cl, ck.w.accounts)
		if err != nil {
			ck.rep.violation("balances: node %d: %v", node+1, err)
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				ck.rep.violation("balances: node %d has %d on account %s, the committed transfers give %d", node+1, got[i], ck.w.accounts[i].Name, want[i])
			}
		}
	}
	return nil
}

// evidence: every acknowledged deposit is served by every node, as
// deposited.
func (ck *checker) evidence(ctx context.Context) error {
	var deposits []*op
	for _, o := range ck.w.ops {
		if o.kind == opEvidence && o.ack != nil {
			deposits = append(deposits, o)
		}
	}
	var mu sync.Mutex
	parallel(len(deposits), func(i int) {
		o := deposits[i]
		for node, cl := range ck.clients {
			gctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			ev, err := cl.GetEvidence(gctx, o.hash)
			cancel()
			if err == nil && bytes.Equal(ev.Hash, o.digest) && bytes.Equal(ev.TxHash, o.hash[:]) {
				continue
			}
			mu.Lock()
			ck.rep.violation("evidence: node %d does not serve deposit %s as deposited (%v)", node+1, o.hash, err)
			mu.Unlock()
		}
	})
	return nil
}

// kvInputOp and kvOutputOp are the porcupine model's operations.
type kvInputOp struct {
	key   uint64
	write bool
	value uint64
}

type kvOutputOp struct{ value uint64 }

// registerModel is a set of registers, each holding a uint64 (0 at
// first); a write returns the value it replaced, a read the value held.
var registerModel = porcupine.Model{
	Partition: func(h []porcupine.Operation) [][]porcupine.Operation {
		by := map[uint64][]porcupine.Operation{}
		var keys []uint64
		for _, o := range h {
			k := o.Input.(kvInputOp).key
			if _, ok := by[k]; !ok {
				keys = append(keys, k)
			}
			by[k] = append(by[k], o)
		}
		sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
		var out [][]porcupine.Operation
		for _, k := range keys {
			out = append(out, by[k])
		}
		return out
	},
	Init: func() any { return uint64(0) },
	Step: func(state, input, output any) (bool, any) {
		s, in, out := state.(uint64), input.(kvInputOp), output.(kvOutputOp)
		if out.value != s {
			return false, s
		}
		if in.write {
			return true, in.value
		}
		return true, s
	},
	DescribeOperation: func(input, output any) string {
		in, out := input.(kvInputOp), output.(kvOutputOp)
		if in.write {
			return fmt.Sprintf("swap(%d, %x) -> %x", in.key, in.value, out.value)
		}
		return fmt.Sprintf("read(%d) -> %x", in.key, out.value)
	},
}

// kvHistory is the register transactions that took effect, as porcupine
// operations: called when first sent, returned when acknowledged. One
// that committed unacknowledged returns at "infinity" (it may have taken
// effect any time after its call), with the output its committed receipt
// holds; one that never committed never took effect and is left out.
func (ck *checker) kvHistory() []porcupine.Operation {
	var hist []porcupine.Operation
	for _, o := range ck.w.ops {
		if o.kind != opKVWrite && o.kind != opKVRead {
			continue
		}
		at := ck.chain[o.hash]
		if at == nil || at.receipt == nil || at.receipt.Status != types.ReceiptStatus_SUCCESS {
			continue
		}
		v, err := kvOutput(at.receipt.ReturnData)
		if err != nil {
			ck.rep.violation("key-value: transaction %s: %v", o.hash, err)
			continue
		}
		ret := int64(math.MaxInt64)
		if o.ack != nil {
			ret = o.ret
		}
		hist = append(hist, porcupine.Operation{ClientId: o.client, Call: o.call, Return: ret,
			Input: kvInputOp{key: o.key, write: o.kind == opKVWrite, value: o.value}, Output: kvOutputOp{value: v}})
	}
	return hist
}

// linearizable checks the register history with porcupine.
func (ck *checker) linearizable(ctx context.Context) error {
	if ck.chain == nil {
		return nil
	}
	hist := ck.kvHistory()
	ck.rep.KVOps = len(hist)
	res := porcupine.CheckOperationsTimeout(registerModel, hist, 2*time.Minute)
	ck.rep.Linearizable = string(res)
	switch res {
	case porcupine.Ok:
	case porcupine.Illegal:
		ck.rep.violation("linearizability: the register history of %d operations is not linearizable", len(hist))
	default:
		ck.rep.violation("linearizability: porcupine could not decide within 2 minutes (%s)", res)
	}
	return nil
}

// localReads checks each read served from one node's state against the
// chain: the value it returned is the register's value after the block
// it says it read (QueryContractResponse.height). It counts the stale
// ones, which read a block older than one some client had already been
// acknowledged when the read began.
func (ck *checker) localReads(ctx context.Context) error {
	if ck.chain == nil {
		return nil
	}
	type write struct {
		height uint64
		index  int
		value  uint64
	}
	writes := map[uint64][]write{}
	type ack struct {
		at     int64
		height uint64
	}
	var acks []ack
	for _, o := range ck.w.ops {
		if o.ack != nil {
			acks = append(acks, ack{o.ret, o.ack.Height})
		}
		at := ck.chain[o.hash]
		if o.kind != opKVWrite || at == nil || at.receipt == nil || at.receipt.Status != types.ReceiptStatus_SUCCESS {
			continue
		}
		writes[o.key] = append(writes[o.key], write{at.height, at.index, o.value})
	}
	for k := range writes {
		ws := writes[k]
		sort.Slice(ws, func(i, j int) bool {
			return ws[i].height < ws[j].height || ws[i].height == ws[j].height && ws[i].index < ws[j].index
		})
	}
	sort.Slice(acks, func(i, j int) bool { return acks[i].at < acks[j].at })
	// ackedBy[i] is the highest height acknowledged by acks[0..i].
	ackedBy := make([]uint64, len(acks))
	for i, a := range acks {
		ackedBy[i] = a.height
		if i > 0 {
			ackedBy[i] = max(ackedBy[i], ackedBy[i-1])
		}
	}
	bad := 0
	for _, r := range ck.w.reads {
		ck.rep.LocalReads++
		want := uint64(0)
		for _, wr := range writes[r.key] {
			if wr.height > r.height {
				break
			}
			want = wr.value
		}
		if r.value != want {
			bad++
			if bad <= 10 {
				ck.rep.violation("local read: node %d returned %x for key %d at height %d; the chain holds %x there", r.node+1, r.value, r.key, r.height, want)
			}
		}
		i := sort.Search(len(acks), func(i int) bool { return acks[i].at >= r.call }) - 1
		if i >= 0 && r.height < ackedBy[i] {
			ck.rep.StaleLocalReads++
		}
	}
	if bad > 10 {
		ck.rep.violation("local read: %d reads in all disagree with the chain", bad)
	}
	return nil
}

// proofs fetches, from a rotating node, the proof of up to 32
// acknowledged transactions spread over the run, and verifies each
// offline against the genesis: quorum-signed headers, the configuration
// chain, Merkle inclusion of the transaction and its receipt.
func (ck *checker) proofs(ctx context.Context) error {
	v, err := verify.New(ck.genesis)
	if err != nil {
		return err
	}
	var acked []*op
	for _, o := range ck.w.ops {
		if o.ack != nil && o.kind != opSetup && o.ack.Height < ck.height {
			acked = append(acked, o)
		}
	}
	if len(acked) == 0 {
		return nil
	}
	step := max(1, len(acked)/32)
	for i := 0; i < len(acked); i += step {
		o := acked[i]
		node := (i / step) % len(ck.clients)
		pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		p, err := ck.clients[node].GetTxProof(pctx, o.hash)
		cancel()
		if err != nil {
			ck.rep.violation("proofs: node %d: proof of %s: %v", node+1, o.hash, err)
			continue
		}
		tx, err := v.Tx(p)
		if err != nil {
			ck.rep.violation("proofs: node %d's proof of %s does not verify: %v", node+1, o.hash, err)
			continue
		}
		if tx.Hash != o.hash || tx.Height != o.ack.Height || !proto.Equal(tx.Receipt, o.ack.Receipt) {
			ck.rep.violation("proofs: node %d proves %s at height %d, acknowledged at %d", node+1, tx.Hash, tx.Height, o.ack.Height)
			continue
		}
		ck.rep.ProofsVerified++
	}
	return nil
}
