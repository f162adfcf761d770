package node_test

import (
	"context"
	"encoding/binary"
	"flag"
	"fmt"
	"math/big"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/sdk/contracts/crosschaintoken"
	"github.com/causeway/causeway/sdk/contracts/messagebox"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify/proofpb"
)

var sdpCount = flag.Int("sdp.count", 1000, "ordered and unordered messages each in TestContractMessagesAcrossTwoChains")

// Cross-chain contract messages between two in-process 4-node chains
// (issue 13, must be shown 1 and 2): a Solidity contract on A sends
// ordered and unordered atomic messages to a contract on B, relayed by the
// SDK (no trusted relayer: B checks every packet against its light client
// of A); each is delivered exactly once, the ordered ones in order, and
// their acknowledgements come back to A. The token example locks on A and
// mints on B, and refunds on A when B's receiver reverts and when the
// message times out (refused late by B, or aborted on A with B's proof of
// non-receipt), never delivered late.
func TestContractMessagesAcrossTwoChains(t *testing.T) {
	a := testnet.New(t, testnet.Options{Nodes: 4, ChainID: "chain-a"})
	b := testnet.New(t, testnet.Options{Nodes: 4, ChainID: "chain-b"})
	ca, cb := a.Client(0), b.Client(0)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	optA, optB := a.TxOptions(), b.TxOptions()
	userA, userB := a.Account(0), b.Account(0)
	relayerA, relayerB := a.Account(1), b.Account(1) // any accounts relay

	// Each chain's governance registers the other's light client.
	pa, err := sdk.RegisterLightClientProposal(b.Node(0).Genesis(), "follow chain-b")
	if err != nil {
		t.Fatal(err)
	}
	govern(t, a, ca, pa, "org1", "org2", "org3")
	pb, err := sdk.RegisterLightClientProposal(a.Node(0).Genesis(), "follow chain-a")
	if err != nil {
		t.Fatal(err)
	}
	govern(t, b, cb, pb, "org1", "org2", "org3")

	envA := &contractEnv{t: t, c: a, cl: ca, acct: userA, opt: optA, gas: 5_000_000}
	envB := &contractEnv{t: t, c: b, cl: cb, acct: userB, opt: optB, gas: 5_000_000}
	boxA, boxB := envA.deploy(artifact(t, "MessageBox")), envB.deploy(artifact(t, "MessageBox"))
	tokA, tokB := envA.deploy(artifact(t, "CrossChainToken"), "TOK", "1000"), envB.deploy(artifact(t, "CrossChainToken"), "TOK", "0")
	for _, pair := range [][2][]byte{{boxA, boxB}, {tokA, tokB}} {
		govern(t, a, ca, sdk.AuthorizeMessageChannelProposal("chain-b", pair[0], pair[1], "let them talk"), "org1", "org2", "org3")
		govern(t, b, cb, sdk.AuthorizeMessageChannelProposal("chain-a", pair[1], pair[0], "let them talk"), "org1", "org2", "org3")
	}
	tok := crosschaintoken.NewCrossChainToken()
	mustOK(t, envA.send(userA.CallContractTx(optA, tokA, tok.PackSetPeer("chain-b", types.AddressID(tokB)), 0, 0)), "setPeer on A")
	mustOK(t, envB.send(userB.CallContractTx(optB, tokB, tok.PackSetPeer("chain-a", types.AddressID(tokA)), 0, 0)), "setPeer on B")

	// 1. N ordered and N unordered atomic messages, sent by the contract on A.
	n := *sdpCount
	if testing.Short() {
		n = 50
	}
	box := messagebox.NewMessageBox()
	const perTx = 100
	var txs []*types.Transaction
	for _, ordered := range []bool{true, false} {
		prefix := []byte("u")
		if ordered {
			prefix = []byte("o")
		}
		for from := 0; from < n; from += perTx {
			k := min(perTx, n-from)
			tx, err := userA.CallContractTx(optA, boxA, box.PackSendMany("chain-b", types.AddressID(boxB), ordered, prefix, uint64(from), uint64(k)), 25_000_000, 0)
			if err != nil {
				t.Fatal(err)
			}
			txs = append(txs, tx)
		}
	}
	// A chain's state after block k is proven under header k+1: a tick
	// makes the next block, so that what the last block wrote can be relayed.
	ticks := 0
	tick := func(c *testnet.Cluster, cl *sdk.Client, acct sdk.Account, opt sdk.TxOptions) {
		t.Helper()
		ticks++
		mustOK(t, submitAll(t, cl, []*types.Transaction{evidenceTx(t, acct, opt, fmt.Sprintf("tick %d", ticks))}, 1)[0], "tick")
	}
	tickA := func() { tick(a, ca, userA, optA) }
	tickB := func() { tick(b, cb, userB, optB) }
	start := time.Now()
	for _, rc := range submitAll(t, ca, txs, 1) { // in order: the ordered sequences follow nonce order
		mustOK(t, rc, "sendMany on A")
	}
	tickA()
	if sent, err := ca.MessagesSent(ctx); err != nil || sent != uint64(2*n) {
		t.Fatalf("A sent %d messages, want %d (%v)", sent, 2*n, err)
	}
	sentAt := time.Since(start)

	// Two relayers at once, each from the start: together they deliver
	// each message once (a batch the other delivered first is refused as
	// already_received and counted as done).
	type relayed struct {
		delivered, done int
		err             error
	}
	results := make(chan relayed, 2)
	for _, acct := range []sdk.Account{relayerB, b.Account(3)} {
		go func() {
			var r relayed
			var from uint64
			for from < uint64(2*n) {
				res, err := sdk.RelayMessages(ctx, ca, cb, acct, optB, "chain-a", "chain-b", from, sdk.MessageRelayOptions{})
				if err != nil {
					r.err = err
					break
				}
				r.delivered += res.Delivered
				r.done += res.Done
				from = res.Next
			}
			results <- r
		}()
	}
	delivered := 0
	for range 2 {
		r := <-results
		if r.err != nil {
			t.Fatalf("relay A -> B: %v", r.err)
		}
		delivered += r.delivered
	}
	var next uint64 = uint64(2 * n)
	deliveredAt := time.Since(start)
	tickB()
	if delivered != 2*n {
		t.Fatalf("delivered %d, want %d", delivered, 2*n)
	}
	qu64 := func(cl *sdk.Client, at []byte, input []byte, unpack func([]byte) (uint64, error)) uint64 {
		t.Helper()
		q, err := cl.QueryContract(ctx, "", at, input, 0)
		if err != nil {
			t.Fatal(err)
		}
		v, err := unpack(q.ReturnData)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if got := qu64(cb, boxB, box.PackOrderedReceived(), box.UnpackOrderedReceived); got != uint64(n) {
		t.Fatalf("B received %d ordered, want %d", got, n)
	}
	if got := qu64(cb, boxB, box.PackUnorderedReceived(), box.UnpackUnorderedReceived); got != uint64(n) {
		t.Fatalf("B received %d unordered, want %d", got, n)
	}
	// In order: the hash chain of what B received equals the one of
	// "o" || uint64be(i), i = 0..n-1, computed here.
	var chain [32]byte
	for i := 0; i < n; i++ {
		chain = crypto.Keccak256Hash(chain[:], binary.BigEndian.AppendUint64([]byte("o"), uint64(i)))
	}
	q, err := cb.QueryContract(ctx, "", boxB, box.PackOrderedChain(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := box.UnpackOrderedChain(q.ReturnData); err != nil || got != chain {
		t.Fatalf("B's ordered chain %x, want %x: not delivered in order (%v)", got, chain, err)
	}
	// A second relayer over the same range delivers nothing again.
	r, err := sdk.RelayMessages(ctx, ca, cb, b.Account(3), optB, "chain-a", "chain-b", 0, sdk.MessageRelayOptions{})
	if err != nil || r.Delivered != 0 || r.Done != 2*n {
		t.Fatalf("second relayer: %+v %v", r, err)
	}
	// A hostile replay of a delivered packet is refused with its code.
	id0 := types.SDPMessageID(types.Intl, "chain-a", 0)
	sp, err := ca.GetStateProof(ctx, state.SDPOutboxKey(id0), r.Height-1)
	if err != nil {
		t.Fatal(err)
	}
	replay, err := relayerB.RelayMessagesTx(optB, &proofpb.RelayMessages{ChainId: "chain-a", Height: r.Height, Packets: []*proofpb.RelayedPacket{{Packet: sp.Value, Proof: sp.Proof}}})
	if err != nil {
		t.Fatal(err)
	}
	if rc := envB.send(replay, nil); rc.ErrorCode != string(types.CodeAlreadyReceived) {
		t.Fatalf("replay: %s %s", rc.ErrorCode, rc.Error)
	}

	// Acknowledgements come back to A.
	var ackNext uint64
	acked := 0
	for ackNext < uint64(2*n) {
		r, err := sdk.RelayAcks(ctx, cb, ca, relayerA, optA, "chain-b", "chain-a", ackNext, sdk.MessageRelayOptions{})
		if err != nil {
			t.Fatalf("relay acks B -> A: %v", err)
		}
		acked += r.Delivered
		if r.Next == ackNext && r.Delivered == 0 {
			t.Fatalf("acks stuck at %d: %+v", ackNext, r)
		}
		ackNext = r.Next
	}
	ackedAt := time.Since(start)
	if got := qu64(ca, boxA, box.PackAcksOK(), box.UnpackAcksOK); acked != 2*n || got != uint64(2*n) {
		t.Fatalf("acks: relayed %d, ackOnSuccess ran %d times, want %d", acked, got, 2*n)
	}
	if s, err := ca.SentMessage(ctx, id0); err != nil || s.State != types.MessageState_MESSAGE_ACK_SUCCESS {
		t.Fatalf("status of message 0: %v %v", s, err)
	}
	t.Logf("%d messages: sent in %v, delivered on B after %v, acknowledged on A after %v (%.0f messages/s end to end)",
		2*n, sentAt.Round(time.Millisecond), deliveredAt.Round(time.Millisecond), ackedAt.Round(time.Millisecond), float64(2*n)/ackedAt.Seconds())

	// 2. The token: lock on A, mint on B; refunds on a reverting receiver
	// and on timeouts.
	bobID, aliceID := b.Account(2).ID(), userA.ID()
	bob, alice := common.Address(bobID[12:]), common.Address(aliceID[12:])
	balA := func() uint64 { return qu64(ca, tokA, tok.PackBalanceOf(alice), bigU64(tok.UnpackBalanceOf)) }
	lockedA := func() uint64 { return qu64(ca, tokA, tok.PackLocked(), bigU64(tok.UnpackLocked)) }
	bobB := func() uint64 { return qu64(cb, tokB, tok.PackBalanceOf(bob), bigU64(tok.UnpackBalanceOf)) }
	send := func(amount int64, measure uint8, timeout uint64) *types.Receipt {
		t.Helper()
		rc := envA.send(userA.CallContractTx(optA, tokA, tok.PackSend("chain-b", bob, big.NewInt(amount), measure, new(big.Int).SetUint64(timeout)), 0, 0))
		mustOK(t, rc, "token send on A")
		return rc
	}
	relayAll := func() {
		t.Helper()
		tickA()
		r, err := sdk.RelayMessages(ctx, ca, cb, relayerB, optB, "chain-a", "chain-b", next, sdk.MessageRelayOptions{})
		if err != nil {
			t.Fatalf("relay: %v", err)
		}
		next = r.Next
		tickB()
		if _, err := sdk.RelayAcks(ctx, cb, ca, relayerA, optA, "chain-b", "chain-a", ackNext, sdk.MessageRelayOptions{}); err != nil {
			t.Fatalf("relay acks: %v", err)
		}
	}
	// Delivered: minted on B, settled on A.
	send(100, 0, 0)
	relayAll()
	if balA() != 900 || lockedA() != 100 || bobB() != 100 {
		t.Fatalf("after a delivered transfer: A %d locked %d, bob on B %d", balA(), lockedA(), bobB())
	}
	// B's receiver reverts (paused): error ack, refund on A.
	mustOK(t, envB.send(userB.CallContractTx(optB, tokB, tok.PackSetPaused(true), 0, 0)), "pause on B")
	send(50, 0, 0)
	if balA() != 850 || lockedA() != 150 {
		t.Fatalf("not locked: %d %d", balA(), lockedA())
	}
	relayAll()
	if balA() != 900 || lockedA() != 100 || bobB() != 100 {
		t.Fatalf("after a refused transfer: A %d locked %d, bob on B %d", balA(), lockedA(), bobB())
	}
	mustOK(t, envB.send(userB.CallContractTx(optB, tokB, tok.PackSetPaused(false), 0, 0)), "unpause on B")

	// Timed out, refused late by B: relayed only after B passed the timeout.
	headB := func() uint64 {
		st, err := cb.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return st.Height
	}
	advanceB := func(past uint64) {
		for headB() <= past+1 {
			tickB()
		}
	}
	late := headB() + 2
	rcLate := send(30, types.SDPTimeoutReceiverHeight, late)
	advanceB(late)
	relayAll()
	if balA() != 900 || lockedA() != 100 || bobB() != 100 {
		t.Fatalf("after a late transfer: A %d locked %d, bob on B %d (minted late?)", balA(), lockedA(), bobB())
	}
	lateID := lockedID(t, rcLate)
	if m, err := cb.ReceivedMessage(ctx, "chain-a", lateID); err != nil || m.Result != types.ReceiveResult_RECEIVE_TIMEOUT {
		t.Fatalf("B's marker of the late message: %v %v", m, err)
	}
	if s, err := ca.SentMessage(ctx, lateID); err != nil || s.State != types.MessageState_MESSAGE_ACK_ERROR || !strings.HasPrefix(s.Error, "timeout") {
		t.Fatalf("A's record of the late message: %v %v", s, err)
	}

	// Timed out and never relayed to B: A aborts it with B's proof of
	// non-receipt, and refunds; relayed to B afterwards, B refuses it as
	// late, and its error ack finds nothing pending on A.
	never := headB() + 2
	rcNever := send(20, types.SDPTimeoutReceiverHeight, never)
	advanceB(never)
	tickA()
	ab, err := sdk.RelayAcks(ctx, cb, ca, relayerA, optA, "chain-b", "chain-a", ackNext, sdk.MessageRelayOptions{})
	if err != nil || ab.Aborted != 1 {
		t.Fatalf("abort: %+v %v", ab, err)
	}
	if balA() != 900 || lockedA() != 100 {
		t.Fatalf("after the abort: A %d locked %d", balA(), lockedA())
	}
	neverID := lockedID(t, rcNever)
	if s, err := ca.SentMessage(ctx, neverID); err != nil || s.State != types.MessageState_MESSAGE_TIMED_OUT {
		t.Fatalf("A's record of the aborted message: %v %v", s, err)
	}
	relayAll()
	if balA() != 900 || lockedA() != 100 || bobB() != 100 {
		t.Fatalf("after relaying the aborted message: A %d locked %d, bob on B %d", balA(), lockedA(), bobB())
	}
	if m, err := cb.ReceivedMessage(ctx, "chain-a", neverID); err != nil || m.Result != types.ReceiveResult_RECEIVE_TIMEOUT {
		t.Fatalf("B's marker of the aborted message: %v %v", m, err)
	}

	// A hostile relayer, by hand: a tampered packet (bad_proof) and an
	// ordered message that skips its predecessor (sequence_skipped) change
	// nothing; the two in order then pass.
	k, err := ca.MessagesSent(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"first", "second"} {
		mustOK(t, envA.send(userA.CallContractTx(optA, boxA, box.PackSendOrdered("chain-b", types.AddressID(boxB), []byte(m)), 0, 0)), "sendOrdered")
	}
	tickA()
	hr, err := cb.Relay(ctx, ca, relayerB, optB, "chain-a", sdk.LatestHeight)
	if err != nil {
		t.Fatal(err)
	}
	packetOf := func(nonce uint64) *proofpb.RelayedPacket {
		t.Helper()
		sp, err := ca.GetStateProof(ctx, state.SDPOutboxKey(types.SDPMessageID(types.Intl, "chain-a", nonce)), hr.Height-1)
		if err != nil || len(sp.Value) == 0 {
			t.Fatalf("outbox %d: %v", nonce, err)
		}
		return &proofpb.RelayedPacket{Packet: sp.Value, Proof: sp.Proof}
	}
	first, second := packetOf(k), packetOf(k+1)
	tampered := &proofpb.RelayedPacket{Packet: append([]byte(nil), first.Packet...), Proof: first.Proof}
	tampered.Packet[len(tampered.Packet)-3] ^= 1 // a byte of the message
	before := qu64(cb, boxB, box.PackOrderedReceived(), box.UnpackOrderedReceived)
	for _, c := range []struct {
		code    types.Code
		packets []*proofpb.RelayedPacket
	}{{types.CodeBadProof, []*proofpb.RelayedPacket{tampered}}, {types.CodeSequenceSkipped, []*proofpb.RelayedPacket{second}}, {"", []*proofpb.RelayedPacket{first, second}}} {
		tx, err := relayerB.RelayMessagesTx(optB, &proofpb.RelayMessages{ChainId: "chain-a", Height: hr.Height, Packets: c.packets})
		if err != nil {
			t.Fatal(err)
		}
		if rc := envB.send(tx, nil); rc.ErrorCode != string(c.code) {
			t.Fatalf("hand-made relay: want %q, got %s %s", c.code, rc.ErrorCode, rc.Error)
		}
		if c.code != "" && qu64(cb, boxB, box.PackOrderedReceived(), box.UnpackOrderedReceived) != before {
			t.Fatalf("a refused relay (%s) delivered", c.code)
		}
	}
	if got := qu64(cb, boxB, box.PackOrderedReceived(), box.UnpackOrderedReceived); got != before+2 {
		t.Fatalf("ordered received %d, want %d", got, before+2)
	}

	// Over REST (checked against api/openapi.yaml by TestMain): A's record of
	// the aborted message, B's marker of it, and an unknown id (404).
	sm := &types.SentMessage{}
	restClient(t, a)("GET", "/v1/messages/"+neverID.String(), nil, http.StatusOK, sm)
	if sm.State != types.MessageState_MESSAGE_TIMED_OUT {
		t.Fatalf("REST sent message: %v", sm)
	}
	rm := &types.ReceivedMessage{}
	restClient(t, b)("GET", "/v1/lightclients/chain-a/messages/"+neverID.String(), nil, http.StatusOK, rm)
	if rm.Result != types.ReceiveResult_RECEIVE_TIMEOUT {
		t.Fatalf("REST received message: %v", rm)
	}
	restClient(t, a)("GET", "/v1/messages/"+types.Hash{1}.String(), nil, http.StatusNotFound, nil)
}

func mustOK(t *testing.T, rc *types.Receipt, what string) {
	t.Helper()
	if rc.Status != types.ReceiptStatus_SUCCESS {
		t.Fatalf("%s: %s %s", what, rc.ErrorCode, rc.Error)
	}
}

func bigU64(f func([]byte) (*big.Int, error)) func([]byte) (uint64, error) {
	return func(b []byte) (uint64, error) {
		v, err := f(b)
		if err != nil {
			return 0, err
		}
		return v.Uint64(), nil
	}
}

// lockedID is the message id of the token's Locked log in rc.
func lockedID(t *testing.T, rc *types.Receipt) types.Hash {
	t.Helper()
	topic := crypto.Keccak256Hash([]byte("Locked(bytes32,address,address,uint256)"))
	for _, l := range rc.Logs {
		if len(l.Topics) == 3 && common.BytesToHash(l.Topics[0]) == topic {
			return types.Hash(l.Topics[1])
		}
	}
	t.Fatal("no Locked log")
	return types.Hash{}
}
