package execution

import (
	"bytes"
	"encoding/binary"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/causeway/causeway/execution/evm"
	"github.com/causeway/causeway/execution/lightclient/lctest"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify/proofpb"
)

// Cross-chain contract messages (SDP over AM) as this chain's executor
// applies them: packets of a remote chain (lctest.Remote, a chain simulated
// in memory whose headers are certified by real signatures) relayed with
// their state proofs, delivered to a Solidity receiver (MessageBox) on this
// chain; messages that MessageBox sends from this chain, acknowledged or
// aborted with proofs of the remote's state.

// remoteBox is the remote contract that talks to the local MessageBox.
var remoteBox = types.AddressID(bytes.Repeat([]byte{0xab}, 20))

type sdpFixture struct {
	*govFixture
	r     *lctest.Remote
	box   []byte // local MessageBox address
	abi   abi.ABI
	nonce uint64 // remote message counter
}

func newSDP(t *testing.T) *sdpFixture {
	t.Helper()
	f := &sdpFixture{govFixture: newGov(t), r: lctest.NewRemote(t, remoteChain, 4)}
	registerRemote(t, f.govFixture, f.r)
	art := loadArtifact(t, "MessageBox")
	f.abi = art.ABI
	rc, _ := f.run(t, sign(t, mkBody("alice", types.TxType_DEPLOY_CONTRACT, &types.DeployContract{Code: art.Bytecode, GasLimit: 5_000_000}), alice))
	wantReceipt(t, rc, "")
	f.box = rc.ContractAddress
	f.govern(t, &types.Proposal_AuthorizeMessageChannel{AuthorizeMessageChannel: &types.AuthorizeMessageChannel{
		RemoteChainId: remoteChain, LocalContract: f.box, RemoteContract: remoteBox[12:]}}, "")
	return f
}

// govern passes a proposal (org1 proposes, org2 and org3 approve); the
// executing vote's receipt has code.
func (f *sdpFixture) govern(t *testing.T, a any, code types.Code) *types.Receipt {
	t.Helper()
	p := &types.Proposal{}
	switch a := a.(type) {
	case *types.Proposal_AuthorizeMessageChannel:
		p.Action = a
	case *types.Proposal_RevokeMessageChannel:
		p.Action = a
	}
	pid, rc, _ := f.propose(t, 1, p)
	if code != "" && rc.ErrorCode == string(code) {
		return rc // refused at the proposal
	}
	wantReceipt(t, rc, "")
	f.vote(t, 2, pid, true)
	rc, _ = f.vote(t, 3, pid, true)
	wantReceipt(t, rc, code)
	return rc
}

// packet is a remote message to the local MessageBox, built field by field.
func (f *sdpFixture) packet(seq uint32, flag types.SDPFlag, msg string) *types.SDPPacket {
	f.nonce++
	var id types.Hash
	binary.BigEndian.PutUint64(id[24:], f.nonce)
	id[0] = 0x77
	return &types.SDPPacket{SenderDomain: remoteChain, Author: remoteBox, ReceiverDomain: testChain, Receiver: types.AddressID(f.box),
		Sequence: seq, Nonce: f.nonce, Flag: flag, ID: id, Message: []byte(msg)}
}

// commitRemote writes kv into the remote state, then certifies it: the
// header of the block after, relayed to this chain, whose state root holds
// kv. It returns that header's height.
func (f *sdpFixture) commitRemote(t *testing.T, kv map[string][]byte) uint64 {
	t.Helper()
	f.r.Block(nil, kv)
	h := f.r.Blocks(1)
	rc, _ := f.update(t, f.r.Update(h))
	wantReceipt(t, rc, "")
	return h
}

// outbox writes packets to the remote outbox and returns the certifying
// height.
func (f *sdpFixture) outbox(t *testing.T, ps ...*types.SDPPacket) uint64 {
	kv := map[string][]byte{}
	for _, p := range ps {
		kv[string(state.SDPOutboxKey(p.ID))] = types.EncodeSDPPacket(p)
	}
	return f.commitRemote(t, kv)
}

// relayed is packet bytes with the proof of key under header h.
func (f *sdpFixture) relayed(t *testing.T, h uint64, key []byte, packet []byte) *proofpb.RelayedPacket {
	t.Helper()
	_, p := f.r.Prove(f.r.Header(h).StateRoot, key)
	return &proofpb.RelayedPacket{Packet: packet, Proof: p}
}

func (f *sdpFixture) msgs(t *testing.T, h uint64, ps ...*types.SDPPacket) []*proofpb.RelayedPacket {
	var out []*proofpb.RelayedPacket
	for _, p := range ps {
		out = append(out, f.relayed(t, h, state.SDPOutboxKey(p.ID), types.EncodeSDPPacket(p)))
	}
	return out
}

func (f *sdpFixture) relayTx(t *testing.T, chain string, h uint64, rps ...*proofpb.RelayedPacket) *types.DecodedTx {
	return sign(t, mkBody("alice", types.TxType_RELAY_MESSAGES, &proofpb.RelayMessages{ChainId: chain, Height: h, Packets: rps}), alice)
}

func (f *sdpFixture) relay(t *testing.T, h uint64, rps ...*proofpb.RelayedPacket) (*types.Receipt, *Result) {
	t.Helper()
	return f.run(t, f.relayTx(t, remoteChain, h, rps...))
}

// refused relays and checks the refusal's code and that nothing changed.
func (f *sdpFixture) refused(t *testing.T, code types.Code, h uint64, rps ...*proofpb.RelayedPacket) {
	t.Helper()
	before := f.m.clone()
	rc, res := f.relay(t, h, rps...)
	wantRefused(t, f.govFixture, before, rc, res, code)
}

// view calls a MessageBox view function.
func (f *sdpFixture) view(t *testing.T, fn string, args ...any) []any {
	t.Helper()
	input, err := f.abi.Pack(fn, args...)
	if err != nil {
		t.Fatal(err)
	}
	res, err := newExecutor().Query(f.m, header(f.height), id("alice"), f.box, input, 0)
	if err != nil || res.Err != nil {
		t.Fatalf("%s: %v %v", fn, err, res.Err)
	}
	out, err := f.abi.Unpack(fn, res.ReturnData)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func (f *sdpFixture) count(t *testing.T, fn string) uint64 { return f.view(t, fn)[0].(uint64) }

// call sends a CALL_CONTRACT to MessageBox as alice.
func (f *sdpFixture) call(t *testing.T, fn string, args ...any) *types.Receipt {
	t.Helper()
	input, err := f.abi.Pack(fn, args...)
	if err != nil {
		t.Fatal(err)
	}
	rc, _ := f.run(t, sign(t, mkBody("alice", types.TxType_CALL_CONTRACT, &types.CallContract{To: f.box, Input: input, GasLimit: 5_000_000}), alice))
	return rc
}

func received(t *testing.T, r state.Getter, p *types.SDPPacket) *types.ReceivedMessage {
	t.Helper()
	m, err := state.ReadReceivedMessage(r, types.SDPReceiptID(types.Intl, p.SenderDomain, p.ID))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// ackOf decodes this chain's acknowledgement of p (nil if none).
func ackOf(t *testing.T, r state.Getter, p *types.SDPPacket) *types.SDPPacket {
	t.Helper()
	b, _ := r.Get(state.SDPAckKey(p.ID))
	if b == nil {
		return nil
	}
	a, err := types.DecodeSDPPacket(b)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// Ordered messages are delivered in sequence, each once: a skipped
// sequence and a replay (of an ordered or unordered message, in the same
// transaction too) are refused with their codes and change nothing.
func TestSDPOrderedDelivery(t *testing.T) {
	f := newSDP(t)
	var ps []*types.SDPPacket
	for i := 0; i < 5; i++ {
		ps = append(ps, f.packet(uint32(i), types.SDPFlagAtomic, "msg-"+string(rune('a'+i))))
	}
	u := f.packet(types.SDPUnorderedSequence, types.SDPFlagNone, "loose")
	// Another message at a sequence the channel used (a remote that wrote
	// two messages with one sequence): refused as a replay of the sequence.
	dup := f.packet(1, types.SDPFlagAtomic, "second message with sequence 1")
	h := f.outbox(t, append(ps, u, dup)...)

	// Sequence 1 before 0: skipped.
	f.refused(t, types.CodeSequenceSkipped, h, f.msgs(t, h, ps[1])...)
	rc, _ := f.relay(t, h, f.msgs(t, h, ps[0])...)
	wantReceipt(t, rc, "")
	// 2 before 1, in one batch with 1 after it: refused as a whole.
	f.refused(t, types.CodeSequenceSkipped, h, f.msgs(t, h, ps[2], ps[1])...)
	rc, _ = f.relay(t, h, f.msgs(t, h, ps[1], ps[2])...)
	wantReceipt(t, rc, "")
	if ev := findEvent(rc, EventMessageReceived); ev == nil || attrs(ev)["result"] != "success" || attrs(ev)["ack"] != "true" {
		t.Fatalf("events %v", rc.Events)
	}
	// Replays: a delivered sequence alone, twice in a batch, or after new ones.
	f.refused(t, types.CodeAlreadyReceived, h, f.msgs(t, h, ps[1])...)
	f.refused(t, types.CodeAlreadyReceived, h, f.msgs(t, h, ps[3], ps[3])...)
	f.refused(t, types.CodeAlreadyReceived, h, f.msgs(t, h, ps[3], ps[0])...)
	f.refused(t, types.CodeAlreadyReceived, h, f.msgs(t, h, dup)...)
	rc, _ = f.relay(t, h, f.msgs(t, h, ps[3], ps[4], u)...)
	wantReceipt(t, rc, "")
	f.refused(t, types.CodeAlreadyReceived, h, f.msgs(t, h, u)...)

	if n := f.count(t, "orderedReceived"); n != 5 {
		t.Fatalf("ordered received %d, want 5", n)
	}
	if n := f.count(t, "unorderedReceived"); n != 1 {
		t.Fatalf("unordered received %d, want 1", n)
	}
	// The hash chain of the delivery order, computed here with keccak.
	var chain [32]byte
	for _, p := range ps {
		chain = crypto.Keccak256Hash(chain[:], p.Message)
	}
	if got := f.view(t, "orderedChain")[0].([32]byte); got != chain {
		t.Fatalf("ordered chain %x, want %x: delivered out of order", got, chain)
	}
	if got := f.view(t, "lastSenderDomain")[0].(string); got != remoteChain {
		t.Fatalf("sender domain %q", got)
	}
	if got := f.view(t, "lastAuthor")[0].([32]byte); got != remoteBox {
		t.Fatalf("author %x", got)
	}
	// Each atomic message has a success acknowledgement addressed back.
	for _, p := range ps {
		a := ackOf(t, f.m, p)
		if a == nil || a.Flag != types.SDPFlagAckOK || a.SenderDomain != testChain || a.ReceiverDomain != remoteChain ||
			a.Author != types.AddressID(f.box) || a.Receiver != remoteBox || a.ID != p.ID || a.Sequence != p.Sequence || !bytes.Equal(a.Message, p.Message) {
			t.Fatalf("ack of %d: %+v", p.Sequence, a)
		}
		if m := received(t, f.m, p); m == nil || m.Result != types.ReceiveResult_RECEIVE_SUCCESS || m.RemoteHeight != h {
			t.Fatalf("marker %v", m)
		}
	}
	if ackOf(t, f.m, u) != nil {
		t.Fatal("a non-atomic message was acknowledged")
	}
}

// Each hostile relay is refused with its code and changes nothing.
func TestSDPRefusesHostileRelays(t *testing.T) {
	f := newSDP(t)
	good := f.packet(0, types.SDPFlagAtomic, "hello")
	stranger := f.packet(types.SDPUnorderedSequence, types.SDPFlagNone, "from a stranger")
	stranger.Author = types.AddressID(bytes.Repeat([]byte{0xcd}, 20))
	elsewhere := f.packet(types.SDPUnorderedSequence, types.SDPFlagNone, "for another chain")
	elsewhere.ReceiverDomain = "other-chain"
	foreign := f.packet(types.SDPUnorderedSequence, types.SDPFlagNone, "claims another sender chain")
	foreign.SenderDomain = "other-chain"
	h := f.outbox(t, good, stranger, elsewhere, foreign)
	rp := func(p *types.SDPPacket) *proofpb.RelayedPacket { return f.msgs(t, h, p)[0] }

	// Governance has not authorised the stranger's pair.
	f.refused(t, types.CodeChannelNotAuthorized, h, rp(stranger))
	// Not for this chain; not of the proving chain.
	f.refused(t, types.CodeWrongDomain, h, rp(elsewhere))
	f.refused(t, types.CodeWrongDomain, h, rp(foreign))
	// Tampered message, sequence, receiver; a proof of another key; a
	// packet that the remote never wrote.
	for name, edit := range map[string]func(p *types.SDPPacket){
		"message":  func(p *types.SDPPacket) { p.Message = []byte("hellO") },
		"sequence": func(p *types.SDPPacket) { p.Sequence = 1 },
		"flag":     func(p *types.SDPPacket) { p.Flag = types.SDPFlagNone },
		"timeout":  func(p *types.SDPPacket) { p.TimeoutMeasure, p.Timeout = types.SDPTimeoutReceiverHeight, 1<<40 },
	} {
		bad := *good
		edit(&bad)
		f.refused(t, types.CodeBadProof, h, &proofpb.RelayedPacket{Packet: types.EncodeSDPPacket(&bad), Proof: rp(good).Proof})
		_ = name
	}
	f.refused(t, types.CodeBadProof, h, &proofpb.RelayedPacket{Packet: rp(good).Packet, Proof: rp(stranger).Proof})
	unwritten := f.packet(1, types.SDPFlagAtomic, "never sent")
	f.refused(t, types.CodeBadProof, h, f.msgs(t, h, unwritten)...)
	// Malformed packets and relays.
	f.refused(t, types.CodeMalformed, h, &proofpb.RelayedPacket{Packet: append(rp(good).Packet, 0), Proof: rp(good).Proof})
	f.refused(t, types.CodeMalformed, h, &proofpb.RelayedPacket{Packet: rp(good).Packet})
	f.refused(t, types.CodeMalformed, h)
	many := make([]*proofpb.RelayedPacket, types.MaxRelayPackets+1)
	for i := range many {
		many[i] = rp(good)
	}
	f.refused(t, types.CodeTooLarge, h, many...)
	// A header the client does not keep; a chain without a client.
	f.refused(t, types.CodeHeaderNotFound, h+5, rp(good))
	before := f.m.clone()
	rc, res := f.run(t, f.relayTx(t, "unknown-chain", h, rp(good)))
	wantRefused(t, f.govFixture, before, rc, res, types.CodeClientNotFound)
	if n := f.count(t, "orderedReceived") + f.count(t, "unorderedReceived"); n != 0 {
		t.Fatalf("%d messages delivered by refused relays", n)
	}
	// The unedited relay passes (so each refusal was its one change's).
	rc, _ = f.relay(t, h, rp(good))
	wantReceipt(t, rc, "")

	// Revoked by governance: refused from then on.
	next := f.packet(1, types.SDPFlagAtomic, "after revocation")
	h2 := f.outbox(t, next)
	f.govern(t, &types.Proposal_RevokeMessageChannel{RevokeMessageChannel: &types.RevokeMessageChannel{
		RemoteChainId: remoteChain, LocalContract: f.box, RemoteContract: remoteBox[12:]}}, "")
	f.refused(t, types.CodeChannelNotAuthorized, h2, f.msgs(t, h2, next)...)
	f.govern(t, &types.Proposal_RevokeMessageChannel{RevokeMessageChannel: &types.RevokeMessageChannel{
		RemoteChainId: remoteChain, LocalContract: f.box, RemoteContract: remoteBox[12:]}}, types.CodeChannelNotFound)
}

// A frozen light client refuses every relay.
func TestSDPFrozenClientRefuses(t *testing.T) {
	f := newSDP(t)
	p := f.packet(0, types.SDPFlagAtomic, "hello")
	h := f.outbox(t, p)
	rps := f.msgs(t, h, p)
	forged := f.r.Forge(h, 1, map[string][]byte{"acct/x": []byte("forked")})
	rc, _ := f.update(t, f.r.ForgedUpdate(forged, f.r.Chain(h)))
	wantReceipt(t, rc, "")
	if !lightClient(t, f.m, remoteChain).Frozen {
		t.Fatal("client not frozen")
	}
	f.refused(t, types.CodeClientFrozen, h, rps...)
	// Sending to the frozen chain is refused too.
	rc = f.call(t, "sendAtomic", remoteChain, remoteBox, false, []byte("x"))
	if rc.Status == types.ReceiptStatus_SUCCESS || !strings.Contains(rc.Error, string(types.CodeClientFrozen)) {
		t.Fatalf("send to a frozen chain: %v %s", rc.Status, rc.Error)
	}
}

// A receiver that reverts produces an error acknowledgement with its
// reason, and the ordered channel goes on.
func TestSDPRevertingReceiverAcksError(t *testing.T) {
	f := newSDP(t)
	bad := f.packet(0, types.SDPFlagAtomic, "fail: please")
	next := f.packet(1, types.SDPFlagAtomic, "fine")
	h := f.outbox(t, bad, next)
	rc, _ := f.relay(t, h, f.msgs(t, h, bad)...)
	wantReceipt(t, rc, "")
	if ev := findEvent(rc, EventMessageReceived); ev == nil || attrs(ev)["result"] != "error" {
		t.Fatalf("events %v", rc.Events)
	}
	if n := f.count(t, "orderedReceived"); n != 0 {
		t.Fatalf("the reverting receiver kept %d messages", n)
	}
	m := received(t, f.m, bad)
	if m == nil || m.Result != types.ReceiveResult_RECEIVE_ERROR || !strings.Contains(m.Error, "MessageBox: refused") {
		t.Fatalf("marker %v", m)
	}
	a := ackOf(t, f.m, bad)
	if a == nil || a.Flag != types.SDPFlagAckError || !strings.Contains(a.Error, "MessageBox: refused") {
		t.Fatalf("ack %+v", a)
	}
	f.refused(t, types.CodeAlreadyReceived, h, f.msgs(t, h, bad)...)
	rc, _ = f.relay(t, h, f.msgs(t, h, next)...)
	wantReceipt(t, rc, "")
	if n := f.count(t, "orderedReceived"); n != 1 {
		t.Fatalf("channel stuck: %d delivered after the failure", n)
	}
}

// A message past its timeout (by this chain's height or time) is not
// delivered: it gets a timeout error acknowledgement, and the ordered
// channel advances. One before its timeout is delivered.
func TestSDPTimeoutOnReceipt(t *testing.T) {
	f := newSDP(t)
	late := f.packet(0, types.SDPFlagAtomic, "late")
	late.TimeoutMeasure, late.Timeout = types.SDPTimeoutReceiverHeight, 3 // this chain is past height 3 already
	lateT := f.packet(1, types.SDPFlagAtomic, "late by time")
	lateT.TimeoutMeasure, lateT.Timeout = types.SDPTimeoutReceiverTime, uint64(testTime/1000) // block time == timeout: too late
	onTime := f.packet(2, types.SDPFlagAtomic, "on time")
	onTime.TimeoutMeasure, onTime.Timeout = types.SDPTimeoutReceiverTime, uint64(testTime/1000)+1
	h := f.outbox(t, late, lateT, onTime)
	onTimeH := f.packet(types.SDPUnorderedSequence, types.SDPFlagAtomic, "on time by height")
	onTimeH.TimeoutMeasure, onTimeH.Timeout = types.SDPTimeoutReceiverHeight, f.height+10
	h2 := f.outbox(t, onTimeH)

	rc, _ := f.relay(t, h, f.msgs(t, h, late, lateT, onTime)...)
	wantReceipt(t, rc, "")
	for _, p := range []*types.SDPPacket{late, lateT} {
		m := received(t, f.m, p)
		if m == nil || m.Result != types.ReceiveResult_RECEIVE_TIMEOUT {
			t.Fatalf("marker of %q: %v", p.Message, m)
		}
		if a := ackOf(t, f.m, p); a == nil || a.Flag != types.SDPFlagAckError || !strings.HasPrefix(a.Error, "timeout") {
			t.Fatalf("ack of %q: %+v", p.Message, a)
		}
	}
	if n := f.count(t, "orderedReceived"); n != 1 {
		t.Fatalf("ordered delivered %d, want only the one on time", n)
	}
	if got := f.view(t, "lastMessage")[0].([]byte); string(got) != "on time" {
		t.Fatalf("last message %q", got)
	}
	rc, _ = f.relay(t, h2, f.msgs(t, h2, onTimeH)...)
	wantReceipt(t, rc, "")
	if n := f.count(t, "unorderedReceived"); n != 1 {
		t.Fatalf("unordered delivered %d", n)
	}
}

// sentPacket reads the packet of the n-th (from 0) message this chain sent.
func sentPacket(t *testing.T, r state.Getter, n uint64) *types.SDPPacket {
	t.Helper()
	b, err := r.Get(state.SDPOutboxKey(types.SDPMessageID(types.Intl, testChain, n)))
	if err != nil || b == nil {
		t.Fatalf("outbox %d: %v", n, err)
	}
	p, err := types.DecodeSDPPacket(b)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func sent(t *testing.T, r state.Getter, p *types.SDPPacket) *types.SentMessage {
	t.Helper()
	m, err := state.ReadSentMessage(r, p.ID)
	if err != nil || m == nil {
		t.Fatalf("sent record: %v", err)
	}
	return m
}

// remoteAck is the remote's acknowledgement of local message p, built
// field by field.
func remoteAck(p *types.SDPPacket, ok bool, errText string) *types.SDPPacket {
	a := &types.SDPPacket{SenderDomain: remoteChain, Author: p.Receiver, ReceiverDomain: testChain, Receiver: p.Author,
		Sequence: p.Sequence, Nonce: p.Nonce, Flag: types.SDPFlagAckOK, TimeoutMeasure: p.TimeoutMeasure, Timeout: p.Timeout, ID: p.ID, Message: p.Message}
	if !ok {
		a.Flag, a.Error = types.SDPFlagAckError, errText
	}
	return a
}

func (f *sdpFixture) acks(t *testing.T, ps ...*types.SDPPacket) (uint64, []*proofpb.RelayedPacket) {
	kv := map[string][]byte{}
	for _, p := range ps {
		kv[string(state.SDPAckKey(p.ID))] = types.EncodeSDPPacket(p)
	}
	h := f.commitRemote(t, kv)
	var out []*proofpb.RelayedPacket
	for _, p := range ps {
		out = append(out, f.relayed(t, h, state.SDPAckKey(p.ID), types.EncodeSDPPacket(p)))
	}
	return h, out
}

// Messages a contract sends are in the outbox with their fields; their
// acknowledgements call the sender's callback exactly once.
func TestSDPSendAndAckExactlyOnce(t *testing.T) {
	f := newSDP(t)
	wantReceipt(t, f.call(t, "sendAtomic", remoteChain, remoteBox, true, []byte("one")), "")
	wantReceipt(t, f.call(t, "sendAtomic", remoteChain, remoteBox, true, []byte("two")), "")
	wantReceipt(t, f.call(t, "sendUnordered", remoteChain, remoteBox, []byte("three")), "")
	p0, p1, p2 := sentPacket(t, f.m, 0), sentPacket(t, f.m, 1), sentPacket(t, f.m, 2)
	for i, c := range []struct {
		p     *types.SDPPacket
		seq   uint32
		flag  types.SDPFlag
		msg   string
		state types.MessageState
	}{{p0, 0, types.SDPFlagAtomic, "one", types.MessageState_MESSAGE_PENDING}, {p1, 1, types.SDPFlagAtomic, "two", types.MessageState_MESSAGE_PENDING},
		{p2, types.SDPUnorderedSequence, types.SDPFlagNone, "three", types.MessageState_MESSAGE_SENT}} {
		if c.p.SenderDomain != testChain || c.p.Author != types.AddressID(f.box) || c.p.ReceiverDomain != remoteChain || c.p.Receiver != remoteBox ||
			c.p.Sequence != c.seq || c.p.Nonce != uint64(i) || c.p.Flag != c.flag || string(c.p.Message) != c.msg {
			t.Fatalf("packet %d: %+v", i, c.p)
		}
		if s := sent(t, f.m, c.p); s.State != c.state {
			t.Fatalf("record %d: %v", i, s)
		}
	}
	// An unauthorised receiver and a sender's clock are refused at the send.
	if rc := f.call(t, "sendAtomic", remoteChain, types.AddressID(bytes.Repeat([]byte{1}, 20)), true, []byte("x")); !strings.Contains(rc.Error, string(types.CodeChannelNotAuthorized)) {
		t.Fatalf("unauthorised send: %s", rc.Error)
	}
	if rc := f.call(t, "sendWithTimeout", remoteChain, remoteBox, true, []byte("x"), uint8(types.SDPTimeoutSenderHeight), bigOf(100)); !strings.Contains(rc.Error, string(types.CodeInvalidPayload)) {
		t.Fatalf("sender-clock timeout: %s", rc.Error)
	}

	ok0 := remoteAck(p0, true, "")
	err1 := remoteAck(p1, false, "receiver said no")
	// A proven acknowledgement that does not match the message sent (the
	// remote wrote another sequence): refused.
	mism := remoteAck(p0, true, "")
	mism.Sequence = 7
	hm, rpm := f.acks(t, mism)
	f.refused(t, types.CodeAckUnknown, hm, rpm...)
	nonAtomic := remoteAck(p2, true, "")
	unknown := remoteAck(p0, true, "")
	unknown.ID[0] ^= 1
	h, rps := f.acks(t, ok0, err1, nonAtomic, unknown)
	f.refused(t, types.CodeAckUnknown, h, rps[2]) // not atomic
	f.refused(t, types.CodeAckUnknown, h, rps[3]) // never sent
	// The mismatching ack under the proof of the real one: bad_proof.
	f.refused(t, types.CodeBadProof, h, &proofpb.RelayedPacket{Packet: types.EncodeSDPPacket(mism), Proof: rps[0].Proof})
	rc, _ := f.relay(t, h, rps[0], rps[1])
	wantReceipt(t, rc, "")
	if f.count(t, "acksOK") != 1 || f.count(t, "acksError") != 1 || f.view(t, "lastAckError")[0].(string) != "receiver said no" {
		t.Fatalf("callbacks: ok %d error %d", f.count(t, "acksOK"), f.count(t, "acksError"))
	}
	if s := sent(t, f.m, p0); s.State != types.MessageState_MESSAGE_ACK_SUCCESS || s.DoneHeight != f.height {
		t.Fatalf("record 0 %v", s)
	}
	if s := sent(t, f.m, p1); s.State != types.MessageState_MESSAGE_ACK_ERROR || s.Error != "receiver said no" {
		t.Fatalf("record 1 %v", s)
	}
	// Exactly once: the same acks again, alone or in a batch.
	f.refused(t, types.CodeAckUnknown, h, rps[0])
	f.refused(t, types.CodeAckUnknown, h, rps[1])
	h2, rps2 := f.acks(t, remoteAck(p0, false, "a second, contradicting ack"))
	f.refused(t, types.CodeAckUnknown, h2, rps2...)
	if f.count(t, "acksOK") != 1 || f.count(t, "acksError") != 1 {
		t.Fatal("a callback ran twice")
	}
}

func bigOf(v int64) *big.Int { return big.NewInt(v) }

// A message that the remote never received by a header past its timeout
// is aborted on this chain with a proof of absence: ackOnError once. An
// abort before the timeout, or of a message the remote received, is
// refused.
func TestSDPTimeoutAbort(t *testing.T) {
	f := newSDP(t)
	timeout := f.r.Height() + 4
	wantReceipt(t, f.call(t, "sendWithTimeout", remoteChain, remoteBox, false, []byte("too slow"), uint8(types.SDPTimeoutReceiverHeight), bigOf(int64(timeout))), "")
	wantReceipt(t, f.call(t, "sendWithTimeout", remoteChain, remoteBox, false, []byte("received"), uint8(types.SDPTimeoutReceiverHeight), bigOf(int64(timeout))), "")
	wantReceipt(t, f.call(t, "sendAtomic", remoteChain, remoteBox, false, []byte("no timeout")), "")
	slow, got, none := sentPacket(t, f.m, 0), sentPacket(t, f.m, 1), sentPacket(t, f.m, 2)
	rk := func(p *types.SDPPacket) []byte {
		return state.SDPReceivedKey(types.SDPReceiptID(f.r.Suite, testChain, p.ID))
	}
	abortOf := func(h uint64, p *types.SDPPacket) *proofpb.RelayedPacket {
		rp := f.relayed(t, h, rk(p), types.EncodeSDPPacket(p))
		rp.Abort = true
		return rp
	}
	// The remote receives "received" (its marker in its state), at a header before the timeout.
	early := f.commitRemote(t, map[string][]byte{string(rk(got)): []byte("marker")})
	if early >= timeout {
		t.Fatalf("test setup: header %d not below the timeout %d", early, timeout)
	}
	f.refused(t, types.CodeNotTimedOut, early, abortOf(early, slow))
	for f.r.Height() < timeout {
		f.r.Blocks(1)
	}
	h := f.r.Height()
	rc, _ := f.update(t, f.r.Update(h))
	wantReceipt(t, rc, "")
	f.refused(t, types.CodeBadProof, h, abortOf(h, got))     // it was received: no absence proof
	f.refused(t, types.CodeNotTimedOut, h, abortOf(h, none)) // no timeout: only acks
	tampered := abortOf(h, slow)
	tampered.Packet = types.EncodeSDPPacket(&types.SDPPacket{SenderDomain: slow.SenderDomain, Author: slow.Author, ReceiverDomain: slow.ReceiverDomain,
		Receiver: slow.Receiver, Sequence: slow.Sequence, Nonce: slow.Nonce, Flag: slow.Flag, TimeoutMeasure: slow.TimeoutMeasure, Timeout: 1, ID: slow.ID, Message: slow.Message})
	f.refused(t, types.CodeAckUnknown, h, tampered) // not the outbox's packet
	rc, _ = f.relay(t, h, abortOf(h, slow))
	wantReceipt(t, rc, "")
	if ev := findEvent(rc, EventMessageAcked); ev == nil || attrs(ev)["state"] != "timed_out" {
		t.Fatalf("events %v", rc.Events)
	}
	if f.count(t, "acksError") != 1 || !strings.HasPrefix(f.view(t, "lastAckError")[0].(string), "timeout") {
		t.Fatalf("callback: %d %q", f.count(t, "acksError"), f.view(t, "lastAckError")[0])
	}
	if s := sent(t, f.m, slow); s.State != types.MessageState_MESSAGE_TIMED_OUT {
		t.Fatalf("record %v", s)
	}
	f.refused(t, types.CodeAckUnknown, h, abortOf(h, slow)) // once
	// A late error ack of the aborted message is refused too.
	h2, rps := f.acks(t, remoteAck(slow, false, "timeout: late"))
	f.refused(t, types.CodeAckUnknown, h2, rps...)
}

// Governance authorises a pair once, only for a chain with a light client.
func TestSDPChannelGovernance(t *testing.T) {
	f := newSDP(t)
	f.govern(t, &types.Proposal_AuthorizeMessageChannel{AuthorizeMessageChannel: &types.AuthorizeMessageChannel{
		RemoteChainId: remoteChain, LocalContract: f.box, RemoteContract: remoteBox[12:]}}, types.CodeChannelExists)
	f.govern(t, &types.Proposal_AuthorizeMessageChannel{AuthorizeMessageChannel: &types.AuthorizeMessageChannel{
		RemoteChainId: "no-such-chain", LocalContract: f.box, RemoteContract: remoteBox[12:]}}, types.CodeClientNotFound)
	f.govern(t, &types.Proposal_AuthorizeMessageChannel{AuthorizeMessageChannel: &types.AuthorizeMessageChannel{
		RemoteChainId: remoteChain, LocalContract: f.box[:19], RemoteContract: remoteBox[12:]}}, types.CodeInvalidPayload)
}

// The same block of relays (deliveries, a failure, a refusal, acks) on two
// copies of the state gives the same state root and receipts.
func TestSDPDeterministic(t *testing.T) {
	f := newSDP(t)
	wantReceipt(t, f.call(t, "sendAtomic", remoteChain, remoteBox, true, []byte("one")), "")
	p0 := sentPacket(t, f.m, 0)
	a := f.packet(0, types.SDPFlagAtomic, "a")
	b := f.packet(1, types.SDPFlagAtomic, "fail b")
	c := f.packet(types.SDPUnorderedSequence, types.SDPFlagAtomic, "c")
	h := f.outbox(t, a, b, c)
	hAck, rps := f.acks(t, remoteAck(p0, true, ""))
	_ = hAck
	txs := []*types.DecodedTx{
		f.relayTx(t, remoteChain, h, f.msgs(t, h, a, b)...),
		f.relayTx(t, remoteChain, h, f.msgs(t, h, b)...), // replay: refused
		f.relayTx(t, remoteChain, h, f.msgs(t, h, c)...),
		f.relayTx(t, remoteChain, hAck, rps...),
	}
	one, two := f.m.clone(), f.m.clone()
	hdr := header(f.height + 1)
	r1, err := newExecutor().ExecuteBlock(one, one.root, hdr, txs)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := newExecutor().ExecuteBlock(two, two.root, hdr, txs)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(r1.StateRoot, r2.StateRoot) || !bytes.Equal(r1.ReceiptRoot, r2.ReceiptRoot) {
		t.Fatal("two executions of one block differ")
	}
	for i, want := range []types.Code{"", types.CodeAlreadyReceived, "", ""} {
		wantReceipt(t, r1.Receipts[i], want)
	}
	if bytes.Equal(r1.StateRoot, f.m.root) {
		t.Fatal("the block changed nothing")
	}
}

// The packet encoding, pinned byte for byte (written out by hand from the
// layout in types/sdp.go, not by the encoder).
func TestSDPPacketEncoding(t *testing.T) {
	p := &types.SDPPacket{SenderDomain: "ab", Author: types.AddressID([]byte{0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x01, 0x02, 0x03, 0x04, 0x05}),
		ReceiverDomain: "c", Receiver: types.AddressID(bytes.Repeat([]byte{0x09}, 20)), Sequence: 2, Nonce: 3, Flag: types.SDPFlagAtomic,
		TimeoutMeasure: types.SDPTimeoutReceiverHeight, Timeout: 0x0100, ID: types.Hash{0: 0xee, 31: 0x01}, Message: []byte("hi")}
	want := []byte{1, 0, 2, 'a', 'b'}
	want = append(want, make([]byte, 12)...)
	want = append(want, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x01, 0x02, 0x03, 0x04, 0x05)
	sdpPart := []byte{3, 1, 'c'}
	sdpPart = append(sdpPart, make([]byte, 12)...)
	sdpPart = append(sdpPart, bytes.Repeat([]byte{0x09}, 20)...)
	sdpPart = append(sdpPart, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 3, 1, 2, 0, 0, 0, 0, 0, 0, 1, 0)
	sdpPart = append(sdpPart, 0xee)
	sdpPart = append(sdpPart, make([]byte, 30)...)
	sdpPart = append(sdpPart, 0x01, 0, 0, 0, 2, 'h', 'i', 0, 0)
	want = append(want, 0, 0, 0, byte(len(sdpPart)))
	want = append(want, sdpPart...)
	if got := types.EncodeSDPPacket(p); !bytes.Equal(got, want) {
		t.Fatalf("encoding\n got %x\nwant %x", got, want)
	}
	back, err := types.DecodeSDPPacket(want)
	if err != nil || back.SenderDomain != "ab" || back.Receiver != p.Receiver || back.Timeout != 0x100 || back.ID != p.ID || string(back.Message) != "hi" {
		t.Fatalf("decode: %+v %v", back, err)
	}
	for name, b := range map[string][]byte{
		"trailing":         append(bytes.Clone(want), 0),
		"truncated":        want[:len(want)-1],
		"AM version":       append([]byte{2}, want[1:]...),
		"not an address":   func() []byte { b := bytes.Clone(want); b[5] = 1; return b }(),
		"unknown measure":  func() []byte { b := bytes.Clone(want); b[len(want)-len(sdpPart)+3+32+4+8+1] = 1; return b }(),
		"payload too long": func() []byte { b := bytes.Clone(want); b[5+32+3]++; return b }(),
	} {
		if _, err := types.DecodeSDPPacket(b); err == nil {
			t.Errorf("%s: decoded", name)
		}
	}
}

// The SDP contract called directly: querySDPMessageSeq reads both sides of
// an ordered channel; a send by an account whose pair is not authorised,
// or carrying value, reverts and writes nothing.
func TestSDPContractInterface(t *testing.T) {
	f := newSDP(t)
	boxID := types.AddressID(f.box)
	seq := func(sd string, s [32]byte, rd string, r [32]byte) uint32 {
		t.Helper()
		in, err := evm.SDPABI.Pack("querySDPMessageSeq", sd, s, rd, r)
		if err != nil {
			t.Fatal(err)
		}
		res, err := newExecutor().Query(f.m, header(f.height), id("alice"), evm.SDPAddress[:], in, 0)
		if err != nil || res.Err != nil {
			t.Fatalf("query: %v %v", err, res.Err)
		}
		out, err := evm.SDPABI.Unpack("querySDPMessageSeq", res.ReturnData)
		if err != nil {
			t.Fatal(err)
		}
		return out[0].(uint32)
	}
	wantReceipt(t, f.call(t, "sendOrdered", remoteChain, remoteBox, []byte("a")), "")
	wantReceipt(t, f.call(t, "sendOrdered", remoteChain, remoteBox, []byte("b")), "")
	wantReceipt(t, f.call(t, "sendUnordered", remoteChain, remoteBox, []byte("c")), "")
	if got := seq(testChain, boxID, remoteChain, remoteBox); got != 2 {
		t.Fatalf("send sequence %d, want 2", got)
	}
	p := f.packet(0, types.SDPFlagNone, "in")
	h := f.outbox(t, p)
	if got := seq(remoteChain, remoteBox, testChain, boxID); got != 0 {
		t.Fatalf("receive sequence %d before delivery", got)
	}
	rc, _ := f.relay(t, h, f.msgs(t, h, p)...)
	wantReceipt(t, rc, "")
	if got := seq(remoteChain, remoteBox, testChain, boxID); got != 1 {
		t.Fatalf("receive sequence %d after delivery, want 1", got)
	}
	in, err := evm.SDPABI.Pack("sendUnorderedMessage", remoteChain, remoteBox, []byte("from an account"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		value uint64
		want  string
	}{{0, string(types.CodeChannelNotAuthorized)}, {5, "do not accept value"}} {
		before := f.m.clone()
		rc, res := f.run(t, sign(t, mkBody("alice", types.TxType_CALL_CONTRACT, &types.CallContract{To: evm.SDPAddress[:], Input: in, GasLimit: 1_000_000, Value: c.value}), alice))
		if rc.Status == types.ReceiptStatus_SUCCESS || !strings.Contains(rc.Error, c.want) {
			t.Fatalf("direct send (value %d): %v %s", c.value, rc.Status, rc.Error)
		}
		if !bytes.Equal(before.kv[string(state.SDPNonceKey())], f.m.kv[string(state.SDPNonceKey())]) || len(res.Writes) > 1 {
			t.Fatalf("a refused send wrote %d keys", len(res.Writes))
		}
	}
}
