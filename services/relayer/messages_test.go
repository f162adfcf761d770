package relayer

import (
	"context"
	"encoding/binary"
	"math/big"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/causeway/causeway/consortium"
	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/sdk/contracts/messagebox"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify/proofpb"
)

// messageRelayer runs a relayer with the header and message carriers,
// signing with org i's accounts, until stop.
func (p *pair) messageRelayer(t *testing.T, i int, interval time.Duration, noTick bool, only ...string) *running {
	t.Helper()
	reg := prometheus.NewRegistry()
	m, err := NewMetrics(reg)
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(Config{A: side(p.a, p.ca, i), B: side(p.b, p.cb, i), Interval: interval, MaxBackoff: time.Second, Metrics: m, Directions: only,
		Carriers: func(*Path) []Carrier { return []Carrier{&HeaderCarrier{}, &MessageCarrier{NoTick: noTick}} }})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	var once sync.Once
	var rerr error
	stop := func() error { once.Do(func() { cancel(); rerr = <-done }); return rerr }
	t.Cleanup(func() { stop() })
	return &running{r: r, reg: reg, stop: stop}
}

// The message carrier between two in-process chains: with nothing waiting
// the chains stay idle; messages sent in an idle chain's newest block are
// carried (the carrier ticks the source) and their acknowledgements come
// back; ordered ones arrive in order; a restarted relayer and two at once
// deliver nothing twice; every count is read from the contracts.
func TestMessageCarrier(t *testing.T) {
	p := &pair{a: testnet.New(t, testnet.Options{Nodes: 4, ChainID: "chain-a"}), b: testnet.New(t, testnet.Options{Nodes: 4, ChainID: "chain-b"})}
	p.ca, p.cb = p.a.Client(0), p.b.Client(0)
	ctx := ctxT(t, 5*time.Minute)
	code := common.FromHex(messagebox.MessageBoxMetaData.Bin)
	var boxA, boxB []byte
	for _, x := range []struct {
		on    *testnet.Cluster
		cl    *sdk.Client
		other *testnet.Cluster
		box   *[]byte
	}{{p.a, p.ca, p.b, &boxA}, {p.b, p.cb, p.a, &boxB}} {
		admins, err := Admins(x.on.Network)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Register(ctx, x.cl, x.on.TxOptions(), admins, x.other.Node(0).Genesis()); err != nil {
			t.Fatal(err)
		}
		tx, err := x.on.Account(0).DeployContractTx(x.on.TxOptions(), code, 5_000_000, 0)
		if err != nil {
			t.Fatal(err)
		}
		r, err := x.cl.SubmitAndWait(ctx, tx)
		if err != nil || r.Receipt.Status != types.ReceiptStatus_SUCCESS {
			t.Fatalf("deploy: %v %v", r, err)
		}
		*x.box = r.Receipt.ContractAddress
	}
	for _, x := range []struct {
		on               *testnet.Cluster
		cl               *sdk.Client
		remote           string
		local, remoteBox []byte
	}{{p.a, p.ca, "chain-b", boxA, boxB}, {p.b, p.cb, "chain-a", boxB, boxA}} {
		govern(t, x.on, x.cl, sdk.AuthorizeMessageChannelProposal(x.remote, x.local, x.remoteBox, "talk"))
	}
	box := messagebox.NewMessageBox()
	query := func(cl *sdk.Client, to, input []byte) uint64 {
		t.Helper()
		r, err := cl.QueryContract(ctx, "", to, input, 0)
		if err != nil || r.ErrorCode != "" {
			t.Fatalf("query: %v %v", r, err)
		}
		return new(big.Int).SetBytes(r.ReturnData).Uint64()
	}
	counts := func() (ordered, unordered, acks uint64) {
		return query(p.cb, boxB, box.PackOrderedReceived()), query(p.cb, boxB, box.PackUnorderedReceived()), query(p.ca, boxA, box.PackAcksOK())
	}
	// send sends n ordered and n unordered atomic messages from A's box
	// ("o"/"u" followed by the index as 8 big-endian bytes), from index
	// from, in two transactions; nothing else is submitted on A.
	send := func(from, n uint64, kinds ...bool) {
		t.Helper()
		for _, ordered := range kinds {
			prefix := []byte("u")
			if ordered {
				prefix = []byte("o")
			}
			tx, err := p.a.Account(0).CallContractTx(p.a.TxOptions(), boxA, box.PackSendMany("chain-b", types.AddressID(boxB), ordered, prefix, from, n), 300_000*n+300_000, 0)
			if err != nil {
				t.Fatal(err)
			}
			if r, err := p.ca.SubmitAndWait(ctx, tx); err != nil || r.Receipt.Status != types.ReceiptStatus_SUCCESS {
				t.Fatalf("sendMany: %v %v", r, err)
			}
		}
	}
	// The ordered hash chain B must hold after ordered messages 0..n-1 in
	// order: keccak(prev || "o" || index), computed here.
	orderedChain := func(n uint64) common.Hash {
		var h common.Hash
		for i := uint64(0); i < n; i++ {
			m := append([]byte("o"), binary.BigEndian.AppendUint64(nil, i)...)
			h = crypto.Keccak256Hash(h[:], m)
		}
		return h
	}
	// stable waits until neither chain has grown for 1 s (relays of the
	// last deliveries and acknowledgements land), then requires 2 s more
	// with no block: a tick or relay loop would never settle.
	stable := func(t *testing.T, what string) {
		t.Helper()
		ha, hb := head(t, p.ca), head(t, p.cb)
		for deadline := time.Now().Add(20 * time.Second); ; {
			time.Sleep(time.Second)
			a, b := head(t, p.ca), head(t, p.cb)
			if a == ha && b == hb {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: the chains never settle: A %d -> %d, B %d -> %d", what, ha, a, hb, b)
			}
			ha, hb = a, b
		}
		time.Sleep(2 * time.Second)
		if a, b := head(t, p.ca), head(t, p.cb); a != ha || b != hb {
			t.Fatalf("%s: idle chains grew: A %d -> %d, B %d -> %d", what, ha, a, hb, b)
		}
	}

	r1 := p.messageRelayer(t, 1, 50*time.Millisecond, false)
	waitFor(t, "both light clients", 30*time.Second, func() bool {
		return p.client(t, p.ca, "chain-b").LatestHeight > 0 && p.client(t, p.cb, "chain-a").LatestHeight > 0
	})
	t.Run("idle chains stay idle with the message carrier", func(t *testing.T) { stable(t, "before any message") })

	const n = 20
	t.Run("messages in an idle source's newest block are carried and acknowledged", func(t *testing.T) {
		// Each send is one transaction on idle chains: the outbox entries
		// are in A's newest block, which only a tick of A makes provable;
		// their acknowledgements are in B's newest block (the delivery),
		// which only a tick of B makes provable.
		send(0, n, true)
		waitFor(t, "delivery of the ordered ones and their acknowledgements", 60*time.Second, func() bool {
			o, _, acks := counts()
			return o == n && acks == n
		})
		stable(t, "after the ordered ones")
		send(0, n, false)
		waitFor(t, "delivery and acknowledgements", 60*time.Second, func() bool {
			o, u, acks := counts()
			return o == n && u == n && acks == 2*n
		})
		if got := common.BytesToHash(mustQuery(t, p.cb, boxB, box.PackOrderedChain())); got != orderedChain(n) {
			t.Fatalf("ordered deliveries out of order: chain %x, want %x", got, orderedChain(n))
		}
		// The relayer counts a batch once its receipt is back: a moment
		// after the chain shows it.
		time.Sleep(time.Second)
		if d := metric(t, r1.reg, "causeway_relay_messages_delivered_total", map[string]string{"path": "chain-a->chain-b"}); d != 2*n {
			t.Fatalf("delivered_total %v, want %d", d, 2*n)
		}
		if a := metric(t, r1.reg, "causeway_relay_acks_total", map[string]string{"path": "chain-b->chain-a"}); a != 2*n {
			t.Fatalf("acks_total %v, want %d", a, 2*n)
		}
		for _, path := range []string{"chain-a->chain-b"} {
			if tk := metric(t, r1.reg, "causeway_relay_ticks_total", map[string]string{"path": path}); tk < 1 {
				t.Fatalf("%s: %v ticks: the newest block of an idle source holds work only a tick makes provable", path, tk)
			}
		}
		if codes := errorCodes(t, r1.reg); len(codes) > 0 {
			t.Fatalf("errors: %v", codes)
		}
		stable(t, "after delivery")
		if pend := metric(t, r1.reg, "causeway_relay_messages_pending", map[string]string{"path": "chain-a->chain-b"}); pend != 0 {
			t.Fatalf("messages_pending %v after delivery", pend)
		}
	})

	const k = 5
	t.Run("acknowledgements in an idle chain's newest block", func(t *testing.T) {
		if err := r1.stop(); err != nil {
			t.Fatal(err)
		}
		// k ordered messages delivered by hand (the SDK), so that B's
		// newest block is the delivery that wrote their acknowledgements
		// and nothing else moves B; then a relayer of B->A alone.
		send(n, k, true)
		deposit(t, p.a, p.ca, "after the sends")
		res, err := sdk.RelayMessages(ctx, p.ca, p.cb, p.b.Account(2), p.b.TxOptions(), "chain-a", "chain-b", 0, sdk.MessageRelayOptions{})
		if err != nil || res.Delivered != k {
			t.Fatalf("relay by hand: %+v %v", res, err)
		}
		rb := p.messageRelayer(t, 2, 30*time.Millisecond, false, "chain-b->chain-a")
		waitFor(t, "the acknowledgements", 30*time.Second, func() bool { _, _, acks := counts(); return acks == 2*n+k })
		if tk := metric(t, rb.reg, "causeway_relay_ticks_total", map[string]string{"path": "chain-b->chain-a"}); tk < 1 {
			t.Fatalf("no tick of B: its newest block held the acknowledgements")
		}
		if err := rb.stop(); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("the acknowledgement walk keeps an earlier pending message", func(t *testing.T) {
		// B sends an ordered then an unordered message to A; only the
		// unordered one is delivered (by hand), so its acknowledgement is
		// provable while the earlier ordered one is still pending: the
		// walk carries the ack and its Next stays at the ordered one.
		c0, err := p.cb.MessagesSent(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, ordered := range []bool{true, false} {
			tx, err := p.b.Account(0).CallContractTx(p.b.TxOptions(), boxB, box.PackSendMany("chain-a", types.AddressID(boxA), ordered, []byte("x"), 0, 1), 600_000, 0)
			if err != nil {
				t.Fatal(err)
			}
			if r, err := p.cb.SubmitAndWait(ctx, tx); err != nil || r.Receipt.Status != types.ReceiptStatus_SUCCESS {
				t.Fatalf("send on B: %v %v", r, err)
			}
		}
		deposit(t, p.b, p.cb, "proves the sends")
		rl, err := p.ca.Relay(ctx, p.cb, p.a.Account(2), p.a.TxOptions(), "chain-b", sdk.LatestHeight)
		if err != nil {
			t.Fatal(err)
		}
		id := types.SDPMessageID(p.b.Network.Suite(), "chain-b", c0+1)
		sp, err := p.cb.GetStateProof(ctx, state.SDPOutboxKey(id), rl.Height-1)
		if err != nil || len(sp.Value) == 0 {
			t.Fatalf("outbox of message %d: %v %v", c0+1, sp, err)
		}
		tx, err := p.a.Account(2).RelayMessagesTx(p.a.TxOptions(), &proofpb.RelayMessages{ChainId: "chain-b", Height: rl.Height,
			Packets: []*proofpb.RelayedPacket{{Packet: sp.Value, Proof: sp.Proof}}})
		if err != nil {
			t.Fatal(err)
		}
		if r, err := p.ca.SubmitAndWait(ctx, tx); err != nil || r.Receipt.Status != types.ReceiptStatus_SUCCESS {
			t.Fatalf("deliver the unordered one: %v %v", r, err)
		}
		deposit(t, p.a, p.ca, "proves the ack")
		o := sdk.MessageRelayOptions{Header: func(ctx context.Context, h uint64) (uint64, error) {
			r, err := p.cb.Relay(ctx, p.ca, p.b.Account(2), p.b.TxOptions(), "chain-a", sdk.LatestHeight)
			if err != nil {
				return 0, err
			}
			return r.Height, nil
		}}
		res, err := sdk.RelayAcks(ctx, p.ca, p.cb, p.b.Account(2), p.b.TxOptions(), "chain-a", "chain-b", c0, o)
		if err != nil || res.Delivered != 1 {
			t.Fatalf("acks: %+v %v", res, err)
		}
		if res.Next != c0 {
			t.Fatalf("Next = %d after carrying the ack of %d: the pending message %d would be skipped", res.Next, c0+1, c0)
		}
	})

	t.Run("restarted and concurrent relayers deliver each message once", func(t *testing.T) {
		// Two fresh relayers (no memory: they walk the outboxes from 0).
		r2, r3 := p.messageRelayer(t, 2, 30*time.Millisecond, false), p.messageRelayer(t, 3, 30*time.Millisecond, false)
		send(n+k, n, true)
		send(n, n, false)
		const ordered, unordered = 2*n + k, 2 * n
		waitFor(t, "second delivery", 60*time.Second, func() bool {
			o, u, acks := counts()
			return o >= ordered && u >= unordered && acks >= ordered+unordered
		})
		stable(t, "after the second delivery")
		if o, u, acks := counts(); o != ordered || u != unordered || acks != ordered+unordered {
			t.Fatalf("B received %d ordered and %d unordered, A %d acknowledgements; want %d, %d, %d", o, u, acks, ordered, unordered, ordered+unordered)
		}
		if got := common.BytesToHash(mustQuery(t, p.cb, boxB, box.PackOrderedChain())); got != orderedChain(ordered) {
			t.Fatalf("ordered chain after the restart %x, want %x", got, orderedChain(ordered))
		}
		path := map[string]string{"path": "chain-a->chain-b"}
		d := metric(t, r2.reg, "causeway_relay_messages_delivered_total", path) + metric(t, r3.reg, "causeway_relay_messages_delivered_total", path)
		if d != 2*n {
			t.Fatalf("the two relayers delivered %v together, want %d (each message once)", d, 2*n)
		}
		for _, r := range []*running{r2, r3} {
			for code := range errorCodes(t, r.reg) {
				t.Fatalf("error %s counted: a packet another relayer delivered is done, not an error", code)
			}
		}
	})

	t.Run("B changes membership while messages flow both ways", func(t *testing.T) {
		r4 := p.messageRelayer(t, 0, 50*time.Millisecond, false)
		org5, err := consortium.InitOrg(filepath.Join(t.TempDir(), "org5"), "org5")
		if err != nil {
			t.Fatal(err)
		}
		addr := func() string {
			a, err := consortium.FreeAddr("127.0.0.1")
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		cfgPath, gn, err := org5.NewNode(filepath.Join(org5.Dir, "nodes", "node5"), 5, consortium.NodeAddrs{P2P: addr(), GRPC: addr(), REST: addr()}, filepath.Join(p.b.Layout.Dir, "genesis.json"))
		if err != nil {
			t.Fatal(err)
		}
		join, err := org5.JoinRequest(gn)
		if err != nil {
			t.Fatal(err)
		}
		n5 := p.b.AddNode(cfgPath)
		added := govern(t, p.b, p.cb, &types.Proposal{Action: &types.Proposal_AddOrg{AddOrg: join}})
		waitFor(t, "node 5 to join B's consensus", 30*time.Second, func() bool {
			nd := p.b.Node(n5)
			return nd != nil && nd.Consensus().Running() && nd.Head().Height >= added.EffectiveHeight-1
		})
		// A -> B (acknowledged under B's new node set) and B -> A (proven
		// by B's headers signed by it).
		send(2*n+k, n, true)
		tx, err := p.b.Account(0).CallContractTx(p.b.TxOptions(), boxB, box.PackSendMany("chain-a", types.AddressID(boxA), false, []byte("b"), 0, n), 300_000*n+300_000, 0)
		if err != nil {
			t.Fatal(err)
		}
		if r, err := p.cb.SubmitAndWait(ctx, tx); err != nil || r.Receipt.Status != types.ReceiptStatus_SUCCESS {
			t.Fatalf("sendMany on B: %v %v", r, err)
		}
		removed := govern(t, p.b, p.cb, &types.Proposal{Action: &types.Proposal_RemoveOrg{RemoveOrg: &types.RemoveOrg{Name: "org4"}}})
		waitFor(t, "node 4 to leave B's consensus", 30*time.Second, func() bool { return !p.b.Node(3).Consensus().Running() })
		p.b.Stop(3)
		send(2*n, n, false)
		const ordered, unordered = 3*n + k, 3 * n
		waitFor(t, "delivery both ways and the acknowledgements", 90*time.Second, func() bool {
			o, u, acks := counts()
			return o == ordered && u == unordered && acks == ordered+unordered &&
				query(p.ca, boxA, box.PackUnorderedReceived()) == n+1 && query(p.cb, boxB, box.PackAcksOK()) == n+2
		})
		if got := common.BytesToHash(mustQuery(t, p.cb, boxB, box.PackOrderedChain())); got != orderedChain(ordered) {
			t.Fatalf("ordered chain %x, want %x", got, orderedChain(ordered))
		}
		lc := p.client(t, p.ca, "chain-b")
		if len(lc.Configs) != 3 {
			t.Fatalf("A's client of B keeps %d configurations, want 3 (genesis, org5 in, org4 out)", len(lc.Configs))
		}
		if c := lc.Configs[1]; c.Height != added.EffectiveHeight || !slices.Equal(c.Nodes, []uint64{1, 2, 3, 4, 5}) {
			t.Fatalf("config after org5 joined: %v (effective %d)", c, added.EffectiveHeight)
		}
		if c := lc.Configs[2]; c.Height != removed.EffectiveHeight || !slices.Equal(c.Nodes, []uint64{1, 2, 3, 5}) {
			t.Fatalf("config after org4 left: %v (effective %d)", c, removed.EffectiveHeight)
		}
		if lc.LatestHeight <= removed.EffectiveHeight {
			t.Fatalf("A's client of B at %d, not past the removal (%d)", lc.LatestHeight, removed.EffectiveHeight)
		}
		if codes := errorCodes(t, r4.reg); len(codes) > 0 {
			t.Fatalf("errors: %v", codes)
		}
	})
}

func mustQuery(t *testing.T, cl *sdk.Client, to, input []byte) []byte {
	t.Helper()
	r, err := cl.QueryContract(ctxT(t, 10*time.Second), "", to, input, 0)
	if err != nil || r.ErrorCode != "" {
		t.Fatalf("query: %v %v", r, err)
	}
	return r.ReturnData
}
