package txpool

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/execution"
	"github.com/causeway/causeway/p2p/p2ppb"
	"github.com/causeway/causeway/types"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
)

const testChain = "txpool-test"

// fakeOrderer is the consensus pool: it keeps what was submitted, in order.
type fakeOrderer struct {
	mu   sync.Mutex
	raws [][]byte
	err  error
	// gate, if set, is received from before each Submit returns.
	gate chan struct{}
}

func (o *fakeOrderer) Submit(raw []byte) error {
	if o.gate != nil {
		<-o.gate
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.err != nil {
		return o.err
	}
	o.raws = append(o.raws, raw)
	return nil
}

func (o *fakeOrderer) Prune(drop func(raw []byte) bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	kept := o.raws[:0]
	for _, r := range o.raws {
		if !drop(r) {
			kept = append(kept, r)
		}
	}
	o.raws = kept
}

func (o *fakeOrderer) submitted() [][]byte {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([][]byte(nil), o.raws...)
}

// fakeLedger is the committed chain's replay set.
type fakeLedger struct {
	mu        sync.Mutex
	committed map[types.Hash]bool
	err       error
	reads     atomic.Int64
}

func newLedger() *fakeLedger { return &fakeLedger{committed: map[types.Hash]bool{}} }

func (l *fakeLedger) HasTx(h types.Hash) (bool, error) {
	l.reads.Add(1)
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.committed[h], l.err
}

func (l *fakeLedger) commit(h types.Hash) {
	l.mu.Lock()
	l.committed[h] = true
	l.mu.Unlock()
}

// fakeGossip records broadcasts.
type fakeGossip struct {
	mu   sync.Mutex
	msgs []*p2ppb.PeerMessage
}

func (g *fakeGossip) Broadcast(m *p2ppb.PeerMessage) {
	g.mu.Lock()
	g.msgs = append(g.msgs, m)
	g.mu.Unlock()
}

// txs returns every gossiped transaction, in order.
func (g *fakeGossip) txs() [][]byte {
	g.mu.Lock()
	defer g.mu.Unlock()
	var out [][]byte
	for _, m := range g.msgs {
		out = append(out, m.GetTxs().GetTxs()...)
	}
	return out
}

// clock is a settable time source.
type clock struct{ ms atomic.Int64 }

func newClock() *clock {
	c := &clock{}
	c.ms.Store(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC).UnixMilli())
	return c
}
func (c *clock) now() time.Time          { return time.UnixMilli(c.ms.Load()) }
func (c *clock) advance(d time.Duration) { c.ms.Add(d.Milliseconds()) }

type harness struct {
	pool    *Pool
	orderer *fakeOrderer
	ledger  *fakeLedger
	gossip  *fakeGossip
	clock   *clock
	key     crypto.Key
	sender  types.Hash
	nonce   atomic.Uint64
}

func newHarness(t testing.TB, adjust func(*Config)) *harness {
	t.Helper()
	k, err := crypto.GenerateEd25519()
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{orderer: &fakeOrderer{}, ledger: newLedger(), gossip: &fakeGossip{}, clock: newClock(), key: k,
		sender: types.Intl.AccountID("alice")}
	params := types.DefaultParams()
	params.MaxTxBytes = 4096
	cfg := Config{ChainID: testChain, Suite: types.Intl, Params: params, Now: h.clock.now, PruneEvery: time.Hour}
	if adjust != nil {
		adjust(&cfg)
	}
	h.pool = New(cfg, h.ledger, h.orderer, h.gossip, execution.NewTxCache(types.Intl, 1<<16))
	return h
}

// gateOrderer makes the orderer hold every submission until the returned
// function is called (at the latest when the test ends, before the pool stops).
func (h *harness) gateOrderer(t *testing.T) func() {
	gate := make(chan struct{})
	h.orderer.gate = gate
	var once sync.Once
	open := func() { once.Do(func() { close(gate) }) }
	t.Cleanup(open)
	return open
}

func (h *harness) start(t *testing.T) {
	t.Helper()
	h.pool.Start()
	t.Cleanup(h.pool.Stop)
}

// body returns a valid evidence-deposit body, adjusted by edit.
func (h *harness) body(edit func(*types.TxBody)) *types.TxBody {
	b := &types.TxBody{ChainId: testChain, Sender: h.sender[:], TimestampMs: h.clock.now().UnixMilli(), ValidityMs: 60_000,
		Type: types.TxType_DEPOSIT_EVIDENCE, Payload: []byte("evidence"), Nonce: h.nonce.Add(1)}
	if edit != nil {
		edit(b)
	}
	return b
}

// tx returns a signed transaction and its hash.
func (h *harness) tx(t testing.TB, edit func(*types.TxBody)) (*types.Transaction, types.Hash) {
	t.Helper()
	tx, err := types.Intl.NewTx(h.body(edit), h.key)
	if err != nil {
		t.Fatal(err)
	}
	return tx, types.Intl.TxHash(tx)
}

func (h *harness) raw(t testing.TB, edit func(*types.TxBody)) ([]byte, types.Hash) {
	tx, hash := h.tx(t, edit)
	return types.EncodeTx(tx), hash
}

func (h *harness) submit(raw []byte) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := h.pool.Submit(ctx, raw)
	return err
}

// eventually polls cond for up to 5 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestAdmitsValidTransaction(t *testing.T) {
	h := newHarness(t, nil)
	h.start(t)
	raw, hash := h.raw(t, nil)
	got, err := h.pool.Submit(context.Background(), raw)
	if err != nil {
		t.Fatal(err)
	}
	if got != hash {
		t.Fatalf("Submit returned hash %s, want %s", got, hash)
	}
	if sub := h.orderer.submitted(); len(sub) != 1 || string(sub[0]) != string(raw) {
		t.Fatalf("orderer got %d transactions, want the one submitted", len(sub))
	}
	if n := h.pool.Pending(); n != 1 {
		t.Fatalf("Pending = %d, want 1", n)
	}
	if a, r := h.pool.Stats(); a != 1 || r != 0 {
		t.Fatalf("Stats = %d admitted, %d refused; want 1, 0", a, r)
	}
	h.pool.Committed([]types.Hash{hash})
	if n := h.pool.Pending(); n != 0 {
		t.Fatalf("Pending after commit = %d, want 0", n)
	}
}

// A transaction is handed on in its canonical encoding, whatever the
// encoding it arrived in.
func TestAdmitsCanonicalEncoding(t *testing.T) {
	h := newHarness(t, nil)
	h.start(t)
	raw, _ := h.raw(t, nil)
	// Signatures (field 2) before the body (field 1) is valid protobuf.
	tx := &types.Transaction{}
	if err := protoUnmarshal(raw, tx); err != nil {
		t.Fatal(err)
	}
	reordered := appendSignaturesFirst(tx)
	if string(reordered) == string(raw) {
		t.Fatal("test setup: reordered encoding equals the canonical one")
	}
	if err := h.submit(reordered); err != nil {
		t.Fatal(err)
	}
	if sub := h.orderer.submitted(); len(sub) != 1 || string(sub[0]) != string(raw) {
		t.Fatal("orderer did not get the canonical encoding")
	}
}

func TestRefusals(t *testing.T) {
	other, err := crypto.GenerateEd25519()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		code types.Code
		raw  func(h *harness) []byte
	}{
		{"malformed bytes", types.CodeMalformed, func(h *harness) []byte { return []byte{0xff, 0xff, 0xff} }},
		{"empty", types.CodeMalformed, func(h *harness) []byte { return nil }},
		{"no body", types.CodeMalformed, func(h *harness) []byte {
			return types.EncodeTx(&types.Transaction{Signatures: []*types.Signature{{Scheme: types.SignatureScheme_ED25519, PublicKey: []byte{1}, Signature: []byte{2}}}})
		}},
		{"too large", types.CodeTooLarge, func(h *harness) []byte {
			raw, _ := h.raw(t, func(b *types.TxBody) { b.Payload = make([]byte, 5000) })
			return raw
		}},
		{"wrong chain", types.CodeWrongChain, func(h *harness) []byte {
			raw, _ := h.raw(t, func(b *types.TxBody) { b.ChainId = "another-chain" })
			return raw
		}},
		{"expired", types.CodeExpired, func(h *harness) []byte {
			raw, _ := h.raw(t, func(b *types.TxBody) { b.TimestampMs -= 120_000 })
			return raw
		}},
		{"future", types.CodeFuture, func(h *harness) []byte {
			raw, _ := h.raw(t, func(b *types.TxBody) { b.TimestampMs += 60_000 })
			return raw
		}},
		{"validity too long", types.CodeBadValidity, func(h *harness) []byte {
			raw, _ := h.raw(t, func(b *types.TxBody) { b.ValidityMs = 24 * 3600 * 1000 })
			return raw
		}},
		{"bad signature", types.CodeBadSignature, func(h *harness) []byte {
			tx, _ := h.tx(t, nil)
			tx.Signatures[0].Signature[3] ^= 0x40
			return types.EncodeTx(tx)
		}},
		{"signature by another key", types.CodeBadSignature, func(h *harness) []byte {
			tx, _ := h.tx(t, nil)
			tx.Signatures[0].PublicKey = other.PublicKey()
			return types.EncodeTx(tx)
		}},
		{"empty signature", types.CodeBadSignature, func(h *harness) []byte {
			tx, _ := h.tx(t, nil)
			tx.Signatures[0].Signature = nil
			return types.EncodeTx(tx)
		}},
		{"no signature", types.CodeNoSignature, func(h *harness) []byte {
			tx, _ := h.tx(t, nil)
			tx.Signatures = nil
			return types.EncodeTx(tx)
		}},
		{"committed", types.CodeDuplicate, func(h *harness) []byte {
			raw, hash := h.raw(t, nil)
			h.ledger.commit(hash)
			return raw
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, nil)
			h.start(t)
			err := h.submit(tc.raw(h))
			if got := types.CodeOf(err); got != tc.code {
				t.Fatalf("refusal code %q (%v), want %q", got, err, tc.code)
			}
			if n := len(h.orderer.submitted()); n != 0 {
				t.Fatalf("a refused transaction reached the orderer (%d)", n)
			}
			if n := h.pool.Pending(); n != 0 {
				t.Fatalf("a refused transaction stays pending (%d)", n)
			}
			if n := len(h.gossip.txs()); n != 0 {
				t.Fatalf("a refused transaction was gossiped (%d)", n)
			}
			if _, r := h.pool.Stats(); r != 1 {
				t.Fatalf("refused count %d, want 1", r)
			}
		})
	}
}

func TestRefusesDuplicatePending(t *testing.T) {
	h := newHarness(t, nil)
	h.start(t)
	raw, _ := h.raw(t, nil)
	if err := h.submit(raw); err != nil {
		t.Fatal(err)
	}
	err := h.submit(raw)
	if types.CodeOf(err) != types.CodeDuplicate {
		t.Fatalf("second submission: %v, want duplicate", err)
	}
	// The same transaction gossiped back by a peer is ignored too. The
	// barrier is a new transaction from that peer, handled after the copy:
	// once it reaches the orderer, the copy would have reached it before.
	h.pool.HandleTxs(2, [][]byte{raw})
	next, _ := h.raw(t, nil)
	h.pool.HandleTxs(2, [][]byte{next})
	eventually(t, "the peer's next transaction to reach the orderer", func() bool { return hasRaw(h.orderer.submitted(), next) })
	if got := h.orderer.submitted(); len(got) != 2 || string(got[0]) != string(raw) {
		t.Fatalf("orderer got %d transactions, want the original and the barrier", len(got))
	}
}

// Concurrent duplicates: exactly one of many simultaneous submissions of
// the same transaction is admitted.
func TestConcurrentDuplicates(t *testing.T) {
	h := newHarness(t, nil)
	h.start(t)
	raw, _ := h.raw(t, nil)
	var ok atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := h.submit(raw); err == nil {
				ok.Add(1)
			} else if types.CodeOf(err) != types.CodeDuplicate {
				t.Errorf("unexpected refusal: %v", err)
			}
		}()
	}
	wg.Wait()
	if ok.Load() != 1 || len(h.orderer.submitted()) != 1 {
		t.Fatalf("%d submissions admitted, orderer got %d; want 1 and 1", ok.Load(), len(h.orderer.submitted()))
	}
}

func TestPoolFull(t *testing.T) {
	t.Run("admission queue", func(t *testing.T) {
		h := newHarness(t, func(c *Config) { c.QueueSize = 1 })
		// Not started: the first transaction stays queued.
		first, _ := h.raw(t, nil)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { _, err := h.pool.Submit(ctx, first); done <- err }()
		eventually(t, "the first transaction to be queued", func() bool { return len(h.pool.queue) == 1 })
		second, _ := h.raw(t, nil)
		if err := h.submit(second); types.CodeOf(err) != types.CodePoolFull {
			t.Fatalf("second submission: %v, want pool_full", err)
		}
		if h.pool.Pending() != 1 {
			t.Fatalf("the refused transaction stays pending")
		}
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Fatalf("first submission: %v, want context canceled", err)
		}
	})
	t.Run("ordering pool", func(t *testing.T) {
		h := newHarness(t, nil)
		h.orderer.err = types.Errorf(types.CodePoolFull, "the ordering pool is full; retry later") // as consensus.Submit types it
		h.start(t)
		raw, _ := h.raw(t, nil)
		if err := h.submit(raw); types.CodeOf(err) != types.CodePoolFull {
			t.Fatalf("submission: %v, want pool_full", err)
		}
		if h.pool.Pending() != 0 || len(h.gossip.txs()) != 0 {
			t.Fatal("a refused transaction stays pending or was gossiped")
		}
		// Once there is room, the same transaction is admitted.
		h.orderer.mu.Lock()
		h.orderer.err = nil
		h.orderer.mu.Unlock()
		if err := h.submit(raw); err != nil {
			t.Fatalf("resubmission: %v", err)
		}
	})
	t.Run("consensus not running", func(t *testing.T) {
		h := newHarness(t, nil)
		h.orderer.err = errors.New("consensus is not running")
		h.start(t)
		raw, _ := h.raw(t, nil)
		if err := h.submit(raw); types.CodeOf(err) != types.CodeUnavailable {
			t.Fatalf("submission: %v, want unavailable", err)
		}
	})
}

func TestLedgerErrorIsUnavailable(t *testing.T) {
	h := newHarness(t, nil)
	h.ledger.err = errors.New("disk on fire")
	h.start(t)
	raw, _ := h.raw(t, nil)
	if err := h.submit(raw); types.CodeOf(err) != types.CodeUnavailable {
		t.Fatalf("submission: %v, want unavailable", err)
	}
}

// Many clients submitting at once are verified in batches, each
// transaction once, and every one is admitted exactly once.
func TestBatchesConcurrentSubmitters(t *testing.T) {
	const clients, each = 8, 100
	h := newHarness(t, nil)
	h.start(t)
	open := h.gateOrderer(t) // after start: its cleanup runs before the pool stops
	raws := make([][][]byte, clients)
	for c := range raws {
		for i := 0; i < each; i++ {
			raw, _ := h.raw(t, nil)
			raws[c] = append(raws[c], raw)
		}
	}
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		for i := 0; i < each; i++ {
			wg.Add(1)
			go func(raw []byte) {
				defer wg.Done()
				if err := h.submit(raw); err != nil {
					t.Errorf("submit: %v", err)
				}
			}(raws[c][i])
		}
	}
	// The orderer holds the first submission until everything is in the
	// pool, so the verifier sees the backlog.
	eventually(t, "submissions to arrive", func() bool { return h.pool.Pending() == clients*each })
	open()
	wg.Wait()
	sub := h.orderer.submitted()
	if len(sub) != clients*each {
		t.Fatalf("orderer got %d transactions, want %d", len(sub), clients*each)
	}
	seen := map[string]bool{}
	for _, r := range sub {
		if seen[string(r)] {
			t.Fatal("a transaction reached the orderer twice")
		}
		seen[string(r)] = true
	}
	batches, txs := h.pool.BatchStats()
	if txs != clients*each {
		t.Fatalf("verified %d transactions, want %d (each once)", txs, clients*each)
	}
	if batches*8 > txs {
		t.Fatalf("%d transactions verified in %d batches: no batching", txs, batches)
	}
	eventually(t, "every transaction to be gossiped", func() bool { return len(h.gossip.txs()) == clients*each })
}

// Transactions submitted by clients here are gossiped; those gossiped by
// peers are admitted but not gossiped again.
func TestGossipsLocalTransactionsOnly(t *testing.T) {
	h := newHarness(t, nil)
	h.start(t)
	local, _ := h.raw(t, nil)
	if err := h.submit(local); err != nil {
		t.Fatal(err)
	}
	fromPeer, _ := h.raw(t, nil)
	h.pool.HandleTxs(2, [][]byte{fromPeer})
	eventually(t, "the peer's transaction to be admitted", func() bool { return len(h.orderer.submitted()) == 2 })
	eventually(t, "the local transaction to be gossiped", func() bool { return len(h.gossip.txs()) > 0 })
	// The barrier: a second local transaction, admitted after the peer's.
	// Gossip goes out in admission order, so once the second one is
	// gossiped, the peer's would have been too.
	local2, _ := h.raw(t, nil)
	if err := h.submit(local2); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the second local transaction to be gossiped", func() bool { return hasRaw(h.gossip.txs(), local2) })
	got := h.gossip.txs()
	if len(got) != 2 || string(got[0]) != string(local) || string(got[1]) != string(local2) {
		t.Fatalf("gossiped %d transactions, want only the two local ones", len(got))
	}
	// Invalid gossip is dropped silently: a valid transaction gossiped
	// after it reaches the orderer, and nothing else does.
	bad, _ := h.raw(t, func(b *types.TxBody) { b.ChainId = "x" })
	h.pool.HandleTxs(2, [][]byte{bad, {0xff}})
	after, _ := h.raw(t, nil)
	h.pool.HandleTxs(2, [][]byte{after})
	eventually(t, "the valid gossip to reach the orderer", func() bool { return hasRaw(h.orderer.submitted(), after) })
	if sub := h.orderer.submitted(); len(sub) != 4 || hasRaw(sub, bad) {
		t.Fatalf("invalid gossip reached the orderer (%d transactions)", len(sub))
	}
}

// Gossip messages are bounded: a big batch goes out in several messages.
func TestGossipChunks(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.MaxGossip = 10 })
	h.start(t)
	open := h.gateOrderer(t) // after start: its cleanup runs before the pool stops
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		raw, _ := h.raw(t, nil)
		wg.Add(1)
		go func() { defer wg.Done(); _ = h.submit(raw) }()
	}
	eventually(t, "submissions to arrive", func() bool { return h.pool.Pending() == 50 })
	open()
	wg.Wait()
	eventually(t, "every transaction to be gossiped", func() bool { return len(h.gossip.txs()) == 50 })
	h.gossip.mu.Lock()
	defer h.gossip.mu.Unlock()
	total := 0
	for _, m := range h.gossip.msgs {
		if n := len(m.GetTxs().GetTxs()); n > 10 || n == 0 {
			t.Fatalf("gossip message of %d transactions", n)
		}
		total += len(m.GetTxs().GetTxs())
	}
	if total != 50 {
		t.Fatalf("gossiped %d, want 50", total)
	}
}

// Pruning removes from the consensus pool what expired or was committed
// (through sync, for instance) and keeps the rest; expired hashes are
// forgotten, so that the pending set does not grow.
func TestPrune(t *testing.T) {
	h := newHarness(t, nil)
	h.start(t)
	short, shortHash := h.raw(t, func(b *types.TxBody) { b.ValidityMs = 1000 })
	synced, syncedHash := h.raw(t, nil)
	live, _ := h.raw(t, nil)
	for _, raw := range [][]byte{short, synced, live} {
		if err := h.submit(raw); err != nil {
			t.Fatal(err)
		}
	}
	// A transaction forwarded to the consensus pool without passing here
	// (SmartBFT's own forwarding), and committed meanwhile.
	forwarded, forwardedHash := h.raw(t, nil)
	h.orderer.Submit(forwarded)
	h.ledger.commit(forwardedHash)
	h.ledger.commit(syncedHash)
	h.pool.Committed([]types.Hash{syncedHash})
	h.clock.advance(5 * time.Second)
	reads := h.ledger.reads.Load()
	h.pool.prune()
	sub := h.orderer.submitted()
	if len(sub) != 1 || string(sub[0]) != string(live) {
		t.Fatalf("after pruning the orderer holds %d transactions, want only the live one", len(sub))
	}
	if h.pool.Pending() != 1 {
		t.Fatalf("Pending = %d, want 1 (the expired hash forgotten)", h.pool.Pending())
	}
	// The live transaction is still pending here, so it needs no ledger
	// read; the synced and forwarded ones do.
	if n := h.ledger.reads.Load() - reads; n != 2 {
		t.Fatalf("pruning read the ledger %d times, want 2", n)
	}
	// An expired transaction can no longer be submitted (expired), and the
	// hash of the synced one is refused as committed.
	if err := h.submit(short); types.CodeOf(err) != types.CodeExpired {
		t.Fatalf("resubmitting the expired transaction: %v", err)
	}
	if err := h.submit(synced); types.CodeOf(err) != types.CodeDuplicate {
		t.Fatalf("resubmitting the committed transaction: %v", err)
	}
	_ = shortHash
}

// The pruner runs by itself.
func TestPruneLoop(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.PruneEvery = 10 * time.Millisecond })
	h.start(t)
	raw, _ := h.raw(t, func(b *types.TxBody) { b.ValidityMs = 1000 })
	if err := h.submit(raw); err != nil {
		t.Fatal(err)
	}
	h.clock.advance(2 * time.Second)
	eventually(t, "the expired transaction to be pruned", func() bool { return len(h.orderer.submitted()) == 0 && h.pool.Pending() == 0 })
}

// Client transactions wait at most GossipDelay to be gossiped together, and
// stopping the pool sends what is waiting.
func TestGossipDelay(t *testing.T) {
	h := newHarness(t, func(c *Config) { c.GossipDelay = time.Hour })
	h.start(t)
	for i := 0; i < 3; i++ {
		raw, _ := h.raw(t, nil)
		if err := h.submit(raw); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(h.gossip.txs()); n != 0 {
		t.Fatalf("%d transactions gossiped before the delay", n)
	}
	h.pool.Stop()
	h.gossip.mu.Lock()
	defer h.gossip.mu.Unlock()
	if len(h.gossip.msgs) != 1 || len(h.gossip.msgs[0].GetTxs().GetTxs()) != 3 {
		t.Fatalf("stopping sent %d gossip messages, want one of 3 transactions", len(h.gossip.msgs))
	}
}

func TestStop(t *testing.T) {
	h := newHarness(t, nil)
	h.pool.Start()
	h.pool.Stop()
	h.pool.Stop() // idempotent
	raw, _ := h.raw(t, nil)
	if err := h.submit(raw); types.CodeOf(err) != types.CodeUnavailable {
		t.Fatalf("submission after stop: %v, want unavailable", err)
	}
}

// Signatures are verified once per node: a transaction admitted here is in
// the verified set that proposal verification consults.
func TestRecordsVerifiedTransactions(t *testing.T) {
	h := newHarness(t, nil)
	h.start(t)
	raw, _ := h.raw(t, nil)
	if err := h.submit(raw); err != nil {
		t.Fatal(err)
	}
	d, err := types.Intl.DecodeTx(raw, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !h.pool.txs.Verified(d) {
		t.Fatal("the admitted transaction is not in the verified set")
	}
}

func TestCurrentParams(t *testing.T) {
	var max atomic.Int64
	max.Store(4096)
	h := newHarness(t, func(c *Config) {
		c.CurrentParams = func() types.ChainParams {
			p := types.DefaultParams()
			p.MaxTxBytes = int(max.Load())
			return p
		}
	})
	h.start(t)
	raw, _ := h.raw(t, func(b *types.TxBody) { b.Payload = make([]byte, 2000) })
	max.Store(1000)
	if err := h.submit(raw); types.CodeOf(err) != types.CodeTooLarge {
		t.Fatalf("submission: %v, want too_large after the limit changed", err)
	}
	max.Store(4096)
	if err := h.submit(raw); err != nil {
		t.Fatal(err)
	}
}

func ExamplePool_BatchStats() {
	p := New(Config{ChainID: "c"}, newLedger(), &fakeOrderer{}, nil, nil)
	b, n := p.BatchStats()
	fmt.Println(b, n)
	// Output: 0 0
}

// hasRaw reports whether raws holds raw.
func hasRaw(raws [][]byte, raw []byte) bool {
	for _, r := range raws {
		if string(r) == string(raw) {
			return true
		}
	}
	return false
}

func protoUnmarshal(b []byte, m proto.Message) error { return proto.Unmarshal(b, m) }

// appendSignaturesFirst encodes tx with its signatures (field 2) before its
// body (field 1): valid protobuf, but not the canonical encoding.
func appendSignaturesFirst(tx *types.Transaction) []byte {
	var b []byte
	for _, s := range tx.Signatures {
		sb, _ := proto.MarshalOptions{Deterministic: true}.Marshal(s)
		b = protowire.AppendTag(b, 2, protowire.BytesType)
		b = protowire.AppendBytes(b, sb)
	}
	b = protowire.AppendTag(b, 1, protowire.BytesType)
	return protowire.AppendBytes(b, tx.Body)
}
