package sdp

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/causeway/causeway/execution/lightclient"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify/proofpb"
	"github.com/ethereum/go-ethereum/accounts/abi"
)

// Store is the state the rules read and write: the executor's view of one
// transaction (or of one EVM message), whose writes are kept only if it
// succeeds.
type Store interface {
	state.Getter
	Put(key, value []byte)
}

// Env is the local chain and block the rules run in.
type Env struct {
	Suite   types.Suite
	ChainID string
	Height  uint64
	TimeMs  int64
}

func refuse(code types.Code, format string, a ...any) *types.TxError {
	return types.Errorf(code, format, a...)
}

// CallbackABIJSON is the interface the SDP contract calls: the receiver's
// recvMessage and recvUnorderedMessage, the sender's ackOnSuccess and
// ackOnError (IContractUsingSDP in contracts/ICauseway.sol).
const CallbackABIJSON = `[
 {"type":"function","name":"recvMessage","stateMutability":"nonpayable",
  "inputs":[{"name":"senderDomain","type":"string"},{"name":"author","type":"bytes32"},{"name":"message","type":"bytes"}],"outputs":[]},
 {"type":"function","name":"recvUnorderedMessage","stateMutability":"nonpayable",
  "inputs":[{"name":"senderDomain","type":"string"},{"name":"author","type":"bytes32"},{"name":"message","type":"bytes"}],"outputs":[]},
 {"type":"function","name":"ackOnSuccess","stateMutability":"nonpayable",
  "inputs":[{"name":"messageId","type":"bytes32"},{"name":"receiverDomain","type":"string"},{"name":"receiver","type":"bytes32"},
            {"name":"sequence","type":"uint32"},{"name":"nonce","type":"uint64"},{"name":"message","type":"bytes"}],"outputs":[]},
 {"type":"function","name":"ackOnError","stateMutability":"nonpayable",
  "inputs":[{"name":"messageId","type":"bytes32"},{"name":"receiverDomain","type":"string"},{"name":"receiver","type":"bytes32"},
            {"name":"sequence","type":"uint32"},{"name":"nonce","type":"uint64"},{"name":"message","type":"bytes"},{"name":"errorMsg","type":"string"}],"outputs":[]}
]`

// CallbackABI is CallbackABIJSON parsed.
var CallbackABI = func() abi.ABI {
	a, err := abi.JSON(strings.NewReader(CallbackABIJSON))
	if err != nil {
		panic(err)
	}
	return a
}()

// SendRequest is a contract's call of one of the send functions.
type SendRequest struct {
	// Sender is the calling contract (msg.sender of the SDP contract).
	Sender         [20]byte
	ReceiverDomain string
	Receiver       [32]byte
	Ordered        bool
	Atomic         bool
	TimeoutMeasure uint8
	Timeout        uint64
	Message        []byte
}

// Send writes a message to the outbox: the packet under its id, the
// channel's next sequence (ordered), the message counter, and the sent
// record. It refuses a receiver domain that is this chain or has no usable
// light client here (acknowledgements could not come back), a pair
// governance has not authorised, a receiver that is not an address, a
// timeout measure of the sender's clock, and a message over the bound.
func Send(st Store, env Env, req SendRequest) (*types.SDPPacket, *types.TxError, error) {
	if req.ReceiverDomain == env.ChainID {
		return nil, refuse(types.CodeWrongDomain, "receiver domain %q is this chain", req.ReceiverDomain), nil
	}
	if !types.IsAddressID(req.Receiver) {
		return nil, refuse(types.CodeInvalidPayload, "receiver %x is not a 20-byte address left-padded to 32 bytes", req.Receiver), nil
	}
	switch req.TimeoutMeasure {
	case types.SDPTimeoutNone:
		if req.Timeout != 0 {
			return nil, refuse(types.CodeInvalidPayload, "a timeout of %d with no timeout measure", req.Timeout), nil
		}
	case types.SDPTimeoutReceiverHeight, types.SDPTimeoutReceiverTime:
		if req.Timeout == 0 {
			return nil, refuse(types.CodeInvalidPayload, "timeout 0: the message could never be delivered"), nil
		}
	case types.SDPTimeoutSenderHeight, types.SDPTimeoutSenderTime:
		return nil, refuse(types.CodeInvalidPayload, "timeout measure %d counts on the sending chain's clock, which the receiving chain cannot apply; use %d (receiving chain's height) or %d (its time, Unix seconds)",
			req.TimeoutMeasure, types.SDPTimeoutReceiverHeight, types.SDPTimeoutReceiverTime), nil
	default:
		return nil, refuse(types.CodeInvalidPayload, "unknown timeout measure %d", req.TimeoutMeasure), nil
	}
	if len(req.Message) > types.MaxSDPMessageBytes {
		return nil, refuse(types.CodeTooLarge, "message of %d bytes, the limit is %d", len(req.Message), types.MaxSDPMessageBytes), nil
	}
	if req.ReceiverDomain == "" || len(req.ReceiverDomain) > types.MaxChainIDBytes {
		return nil, refuse(types.CodeInvalidPayload, "receiver domain is %d bytes, it must be 1 to %d", len(req.ReceiverDomain), types.MaxChainIDBytes), nil
	}
	if _, terr, err := usableClient(st, env, req.ReceiverDomain); terr != nil || err != nil {
		return nil, terr, err
	}
	if terr, err := checkPair(st, env, req.ReceiverDomain, req.Sender[:], req.Receiver[12:]); terr != nil || err != nil {
		return nil, terr, err
	}
	nb, err := st.Get(state.SDPNonceKey())
	if err != nil {
		return nil, nil, err
	}
	nonce, err := state.DecodeUint64(nb)
	if err != nil {
		return nil, nil, err
	}
	st.Put(state.SDPNonceKey(), state.EncodeUint64(nonce+1))
	author := types.AddressID(req.Sender[:])
	p := &types.SDPPacket{
		SenderDomain: env.ChainID, Author: author,
		ReceiverDomain: req.ReceiverDomain, Receiver: req.Receiver,
		Sequence: types.SDPUnorderedSequence, Nonce: nonce, Flag: types.SDPFlagNone,
		TimeoutMeasure: req.TimeoutMeasure, Timeout: req.Timeout,
		ID: types.SDPMessageID(env.Suite, env.ChainID, nonce), Message: bytes.Clone(req.Message),
	}
	if req.Atomic {
		p.Flag = types.SDPFlagAtomic
	}
	if req.Ordered {
		ch := types.SDPChannelID(env.Suite, env.ChainID, author, req.ReceiverDomain, req.Receiver)
		b, err := st.Get(state.SDPSendSeqKey(ch))
		if err != nil {
			return nil, nil, err
		}
		seq, err := state.DecodeUint32(b)
		if err != nil {
			return nil, nil, err
		}
		if seq >= types.SDPUnorderedSequence-1 {
			return nil, refuse(types.CodeInvalidPayload, "the ordered channel has used all its sequence numbers"), nil
		}
		p.Sequence = seq
		st.Put(state.SDPSendSeqKey(ch), state.EncodeUint32(seq+1))
	}
	if err := types.CheckSDPPacket(p); err != nil {
		return nil, refuse(types.CodeInvalidPayload, "%v", err), nil
	}
	enc := types.EncodeSDPPacket(p)
	ph := env.Suite.Sum(enc)
	rec := &types.SentMessage{
		Id: p.ID.Bytes(), PacketHash: ph.Bytes(), ReceiverDomain: p.ReceiverDomain, Receiver: p.Receiver[:],
		Sender: author[:], Sequence: p.Sequence, Nonce: p.Nonce, Atomic: req.Atomic, Height: env.Height,
		State: types.MessageState_MESSAGE_SENT,
	}
	if req.Atomic {
		rec.State = types.MessageState_MESSAGE_PENDING
	}
	st.Put(state.SDPOutboxKey(p.ID), enc)
	st.Put(state.SDPSentKey(p.ID), state.EncodeSentMessage(rec))
	return p, nil, nil
}

// NextSequence returns the next sequence an ordered channel sends (on its
// sending chain) and the next it delivers (on its receiving chain, as far
// as this chain knows).
func NextSequence(r state.Getter, suite types.Suite, senderDomain string, sender [32]byte, receiverDomain string, receiver [32]byte, receiving bool) (uint32, error) {
	ch := types.SDPChannelID(suite, senderDomain, sender, receiverDomain, receiver)
	k := state.SDPSendSeqKey(ch)
	if receiving {
		k = state.SDPRecvSeqKey(ch)
	}
	b, err := r.Get(k)
	if err != nil {
		return 0, err
	}
	return state.DecodeUint32(b)
}

// usableClient returns the light client of chain, refusing a missing or
// frozen one.
func usableClient(r state.Getter, env Env, chain string) (*types.LightClient, *types.TxError, error) {
	c, err := lightclient.Client(r, env.Suite, chain)
	if err != nil {
		return nil, nil, err
	}
	if c == nil {
		return nil, refuse(types.CodeClientNotFound, "no light client of chain %q is registered: governance must register it before contracts exchange messages with it", chain), nil
	}
	if c.Frozen {
		return nil, refuse(types.CodeClientFrozen, "the light client of chain %q is frozen; governance must remove it", chain), nil
	}
	return c, nil, nil
}

// checkPair refuses a contract pair governance has not authorised.
func checkPair(r state.Getter, env Env, remote string, local, remoteContract []byte) (*types.TxError, error) {
	b, err := r.Get(state.SDPPairKey(types.SDPPairID(env.Suite, remote, local, remoteContract)))
	if err != nil {
		return nil, err
	}
	if b == nil {
		return refuse(types.CodeChannelNotAuthorized, "governance has not authorised contract %x of this chain and contract %x of chain %q to exchange messages", local, remoteContract, remote), nil
	}
	return nil, nil
}

// Authorize executes authorize_message_channel (check: only checks).
func Authorize(st Store, env Env, a *types.AuthorizeMessageChannel, check bool) (*types.TxError, error) {
	if a.RemoteChainId == env.ChainID {
		return refuse(types.CodeWrongDomain, "chain %q is this chain", a.RemoteChainId), nil
	}
	if _, terr, err := usableClient(st, env, a.RemoteChainId); terr != nil || err != nil {
		return terr, err
	}
	k := state.SDPPairKey(types.SDPPairID(env.Suite, a.RemoteChainId, a.LocalContract, a.RemoteContract))
	b, err := st.Get(k)
	if err != nil {
		return nil, err
	}
	if b != nil {
		return refuse(types.CodeChannelExists, "contract %x and contract %x of chain %q are authorised already", a.LocalContract, a.RemoteContract, a.RemoteChainId), nil
	}
	if !check {
		st.Put(k, state.EncodeAuthorizeMessageChannel(a))
	}
	return nil, nil
}

// Revoke executes revoke_message_channel (check: only checks).
func Revoke(st Store, env Env, a *types.RevokeMessageChannel, check bool) (*types.TxError, error) {
	k := state.SDPPairKey(types.SDPPairID(env.Suite, a.RemoteChainId, a.LocalContract, a.RemoteContract))
	b, err := st.Get(k)
	if err != nil {
		return nil, err
	}
	if b == nil {
		return refuse(types.CodeChannelNotFound, "contract %x and contract %x of chain %q are not authorised", a.LocalContract, a.RemoteContract, a.RemoteChainId), nil
	}
	if !check {
		st.Put(k, nil)
	}
	return nil, nil
}

// CallResult is the outcome of a call the rules make into the EVM.
type CallResult struct {
	OK     bool
	Reason string // why it failed: the revert reason, or the EVM error
}

// Caller calls contract to from the SDP contract's address with input and
// types.SDPReceiveGas gas, keeping its writes only if it succeeds. An error
// is an internal failure.
type Caller func(to [20]byte, input []byte) (CallResult, error)

// Outcome is what Relay did with one packet, for the transaction's events.
type Outcome struct {
	Packet *types.SDPPacket
	// Kind is "message", "ack" or "abort".
	Kind string
	// Received is set for a message, Sent for an ack or abort.
	Received *types.ReceivedMessage
	Sent     *types.SentMessage
	// AckWritten: an acknowledgement was written to this chain's outbox.
	AckWritten bool
}

// Relay executes RELAY_MESSAGES (see the package documentation).
func Relay(st Store, env Env, call Caller, m *proofpb.RelayMessages) ([]Outcome, *types.TxError, error) {
	if m == nil || len(m.Packets) == 0 {
		return nil, refuse(types.CodeMalformed, "no packets"), nil
	}
	if len(m.Packets) > types.MaxRelayPackets {
		return nil, refuse(types.CodeTooLarge, "%d packets, at most %d per transaction", len(m.Packets), types.MaxRelayPackets), nil
	}
	if m.ChainId == env.ChainID {
		return nil, refuse(types.CodeWrongDomain, "chain %q is this chain", m.ChainId), nil
	}
	c, terr, err := usableClient(st, env, m.ChainId)
	if terr != nil || err != nil {
		return nil, terr, err
	}
	remoteSuite, err := types.SuiteNamed(c.Crypto)
	if err != nil {
		return nil, nil, fmt.Errorf("light client of %q: %w", c.ChainId, err)
	}
	if m.Height == 0 {
		return nil, refuse(types.CodeHeaderNotFound, "give the height of the verified header whose state proves the packets"), nil
	}
	_, hdr, terr, err := lightclient.Header(st, env.Suite, m.ChainId, m.Height)
	if terr != nil || err != nil {
		return nil, terr, err
	}
	out := make([]Outcome, 0, len(m.Packets))
	for i, rp := range m.Packets {
		o, terr, err := relayOne(st, env, call, m.ChainId, m.Height, hdr, remoteSuite, rp)
		if err != nil {
			return nil, nil, err
		}
		if terr != nil {
			terr.Reason = fmt.Sprintf("packet %d: %s", i, terr.Reason)
			return nil, terr, nil
		}
		out = append(out, o)
	}
	return out, nil, nil
}

func relayOne(st Store, env Env, call Caller, chain string, height uint64, hdr *types.LightHeader, remoteSuite types.Suite, rp *proofpb.RelayedPacket) (Outcome, *types.TxError, error) {
	p, err := types.DecodeSDPPacket(rp.GetPacket())
	if err != nil {
		return Outcome{}, refuse(types.CodeMalformed, "packet: %v", err), nil
	}
	if rp.GetProof() == nil {
		return Outcome{}, refuse(types.CodeMalformed, "packet has no proof"), nil
	}
	switch {
	case rp.Abort:
		return abort(st, env, call, chain, height, hdr, remoteSuite, p, rp)
	case p.Flag.IsAck():
		return ack(st, env, call, chain, height, p, rp)
	default:
		return deliver(st, env, call, chain, height, p, rp)
	}
}

// verifyRemote checks that under the kept header at height of chain, key
// holds value (absent: value nil).
func verifyRemote(st Store, env Env, chain string, height uint64, key, value []byte, p *proofpb.SMTProof) (*types.TxError, error) {
	_, terr, err := lightclient.VerifyState(st, env.Suite, chain, height, key, value, p)
	return terr, err
}

func deliver(st Store, env Env, call Caller, chain string, height uint64, p *types.SDPPacket, rp *proofpb.RelayedPacket) (Outcome, *types.TxError, error) {
	if p.SenderDomain != chain {
		return Outcome{}, refuse(types.CodeWrongDomain, "message of chain %q carried under a header of chain %q", p.SenderDomain, chain), nil
	}
	if p.ReceiverDomain != env.ChainID {
		return Outcome{}, refuse(types.CodeWrongDomain, "message for chain %q, this chain is %q", p.ReceiverDomain, env.ChainID), nil
	}
	if terr, err := verifyRemote(st, env, chain, height, state.SDPOutboxKey(p.ID), rp.Packet, rp.Proof); terr != nil || err != nil {
		return Outcome{}, terr, err
	}
	if terr, err := checkPair(st, env, chain, p.Receiver[12:], p.Author[12:]); terr != nil || err != nil {
		return Outcome{}, terr, err
	}
	rid := types.SDPReceiptID(env.Suite, chain, p.ID)
	old, err := state.ReadReceivedMessage(st, rid)
	if err != nil {
		return Outcome{}, nil, err
	}
	if old != nil {
		return Outcome{}, refuse(types.CodeAlreadyReceived, "message %s of chain %q was received at height %d", p.ID, chain, old.Height), nil
	}
	if p.Ordered() {
		ch := types.SDPChannelID(env.Suite, p.SenderDomain, p.Author, p.ReceiverDomain, p.Receiver)
		b, err := st.Get(state.SDPRecvSeqKey(ch))
		if err != nil {
			return Outcome{}, nil, err
		}
		next, err := state.DecodeUint32(b)
		if err != nil {
			return Outcome{}, nil, err
		}
		switch {
		case p.Sequence < next:
			return Outcome{}, refuse(types.CodeAlreadyReceived, "sequence %d of the ordered channel was delivered already (next is %d)", p.Sequence, next), nil
		case p.Sequence > next:
			return Outcome{}, refuse(types.CodeSequenceSkipped, "sequence %d skips the channel's next sequence %d", p.Sequence, next), nil
		}
		st.Put(state.SDPRecvSeqKey(ch), state.EncodeUint32(next+1))
	}
	rec := &types.ReceivedMessage{Id: p.ID.Bytes(), SenderDomain: p.SenderDomain, Sender: p.Author[:], Receiver: p.Receiver[:],
		Sequence: p.Sequence, Height: env.Height, RemoteHeight: height}
	if reason := timedOut(p, env.Height, env.TimeMs); reason != "" {
		rec.Result, rec.Error = types.ReceiveResult_RECEIVE_TIMEOUT, reason
	} else {
		fn := "recvUnorderedMessage"
		if p.Ordered() {
			fn = "recvMessage"
		}
		input, err := CallbackABI.Pack(fn, p.SenderDomain, p.Author, p.Message)
		if err != nil {
			return Outcome{}, nil, err
		}
		res, err := call([20]byte(p.Receiver[12:]), input)
		if err != nil {
			return Outcome{}, nil, err
		}
		rec.Result = types.ReceiveResult_RECEIVE_SUCCESS
		if !res.OK {
			rec.Result, rec.Error = types.ReceiveResult_RECEIVE_ERROR, cut(res.Reason)
		}
	}
	st.Put(state.SDPReceivedKey(rid), state.EncodeReceivedMessage(rec))
	o := Outcome{Packet: p, Kind: "message", Received: rec}
	if p.Flag == types.SDPFlagAtomic {
		a := p.Ack(rec.Result == types.ReceiveResult_RECEIVE_SUCCESS, rec.Error)
		st.Put(state.SDPAckKey(p.ID), types.EncodeSDPPacket(a))
		o.AckWritten = true
	}
	return o, nil, nil
}

// timedOut returns why a message is past its timeout at a receiving block
// of height and time, or "" if it is not.
func timedOut(p *types.SDPPacket, height uint64, timeMs int64) string {
	switch p.TimeoutMeasure {
	case types.SDPTimeoutReceiverHeight:
		if height >= p.Timeout {
			return fmt.Sprintf("timeout: the message was deliverable below height %d of chain %s, it arrived at %d", p.Timeout, p.ReceiverDomain, height)
		}
	case types.SDPTimeoutReceiverTime:
		if timeMs >= 0 && uint64(timeMs/1000) >= p.Timeout {
			return fmt.Sprintf("timeout: the message was deliverable before time %d of chain %s, it arrived at %d", p.Timeout, p.ReceiverDomain, timeMs/1000)
		}
	}
	return ""
}

// cut bounds an error text for an acknowledgement, at a character boundary.
func cut(s string) string {
	if len(s) <= types.MaxSDPErrorBytes {
		return s
	}
	s = s[:types.MaxSDPErrorBytes]
	for len(s) > 0 && s[len(s)-1]&0xC0 == 0x80 {
		s = s[:len(s)-1]
	}
	if len(s) > 0 && s[len(s)-1] >= 0xC0 {
		s = s[:len(s)-1]
	}
	return s
}

// pending reads the record of an atomic message this chain sent and still
// waits for, refusing anything else with ack_unknown.
func pending(st Store, id types.Hash) (*types.SentMessage, *types.TxError, error) {
	rec, err := state.ReadSentMessage(st, id)
	if err != nil {
		return nil, nil, err
	}
	if rec == nil {
		return nil, refuse(types.CodeAckUnknown, "this chain sent no message %s", id), nil
	}
	if !rec.Atomic {
		return nil, refuse(types.CodeAckUnknown, "message %s was not sent atomically: it has no acknowledgement", id), nil
	}
	if rec.State != types.MessageState_MESSAGE_PENDING {
		return nil, refuse(types.CodeAckUnknown, "message %s is acknowledged or aborted already (%s at height %d)", id, rec.State, rec.DoneHeight), nil
	}
	return rec, nil, nil
}

func ack(st Store, env Env, call Caller, chain string, height uint64, p *types.SDPPacket, rp *proofpb.RelayedPacket) (Outcome, *types.TxError, error) {
	if p.SenderDomain != chain {
		return Outcome{}, refuse(types.CodeWrongDomain, "acknowledgement of chain %q carried under a header of chain %q", p.SenderDomain, chain), nil
	}
	if p.ReceiverDomain != env.ChainID {
		return Outcome{}, refuse(types.CodeWrongDomain, "acknowledgement for chain %q, this chain is %q", p.ReceiverDomain, env.ChainID), nil
	}
	if terr, err := verifyRemote(st, env, chain, height, state.SDPAckKey(p.ID), rp.Packet, rp.Proof); terr != nil || err != nil {
		return Outcome{}, terr, err
	}
	rec, terr, err := pending(st, p.ID)
	if terr != nil || err != nil {
		return Outcome{}, terr, err
	}
	if rec.ReceiverDomain != p.SenderDomain || !bytes.Equal(rec.Receiver, p.Author[:]) || !bytes.Equal(rec.Sender, p.Receiver[:]) ||
		rec.Sequence != p.Sequence || rec.Nonce != p.Nonce {
		return Outcome{}, refuse(types.CodeAckUnknown, "acknowledgement %s does not match the message this chain sent", p.ID), nil
	}
	ok := p.Flag == types.SDPFlagAckOK
	rec.State = types.MessageState_MESSAGE_ACK_SUCCESS
	if !ok {
		rec.State, rec.Error = types.MessageState_MESSAGE_ACK_ERROR, p.Error
	}
	if terr, err := callback(st, env, call, rec, p, ok, p.Error); terr != nil || err != nil {
		return Outcome{}, terr, err
	}
	return Outcome{Packet: p, Kind: "ack", Sent: rec}, nil, nil
}

// callback calls the sender's ackOnSuccess or ackOnError and stores rec as
// done. A callback that fails is recorded, not retried: the
// acknowledgement is consumed all the same, so that a sender that always
// reverts cannot make relayers retry forever.
func callback(st Store, env Env, call Caller, rec *types.SentMessage, p *types.SDPPacket, ok bool, errText string) (*types.TxError, error) {
	var input []byte
	var err error
	// p is the message (abort) or its acknowledgement: the message's
	// receiver is the acknowledgement's author.
	recvDomain, receiver := rec.ReceiverDomain, [32]byte(rec.Receiver)
	if ok {
		input, err = CallbackABI.Pack("ackOnSuccess", p.ID, recvDomain, receiver, p.Sequence, p.Nonce, p.Message)
	} else {
		input, err = CallbackABI.Pack("ackOnError", p.ID, recvDomain, receiver, p.Sequence, p.Nonce, p.Message, errText)
	}
	if err != nil {
		return nil, err
	}
	res, err := call([20]byte(rec.Sender[12:]), input)
	if err != nil {
		return nil, err
	}
	if !res.OK {
		rec.CallbackError = cut(res.Reason)
	}
	rec.DoneHeight = env.Height
	st.Put(state.SDPSentKey(p.ID), state.EncodeSentMessage(rec))
	return nil, nil
}

func abort(st Store, env Env, call Caller, chain string, height uint64, hdr *types.LightHeader, remoteSuite types.Suite, p *types.SDPPacket, rp *proofpb.RelayedPacket) (Outcome, *types.TxError, error) {
	if p.SenderDomain != env.ChainID || p.ReceiverDomain != chain || p.Flag.IsAck() {
		return Outcome{}, refuse(types.CodeWrongDomain, "an abort carries a message this chain sent to chain %q", chain), nil
	}
	stored, err := st.Get(state.SDPOutboxKey(p.ID))
	if err != nil {
		return Outcome{}, nil, err
	}
	if !bytes.Equal(stored, rp.Packet) {
		return Outcome{}, refuse(types.CodeAckUnknown, "message %s is not in this chain's outbox as given", p.ID), nil
	}
	rec, terr, err := pending(st, p.ID)
	if terr != nil || err != nil {
		return Outcome{}, terr, err
	}
	h := hdr.GetHeader()
	switch p.TimeoutMeasure {
	case types.SDPTimeoutReceiverHeight:
		// Header h proves the state after block h-1; a delivery needs a
		// block below the timeout, so every possible one is in it when
		// h >= timeout.
		if h.GetHeight() < p.Timeout {
			return Outcome{}, refuse(types.CodeNotTimedOut, "the message is deliverable below height %d of chain %q; header %d does not show that it can no longer be", p.Timeout, chain, h.GetHeight()), nil
		}
	case types.SDPTimeoutReceiverTime:
		// Block h's time is at or past the timeout, and block times never
		// decrease: every block that could deliver it is below h.
		if h.GetTimeMs() < 0 || uint64(h.GetTimeMs()/1000) < p.Timeout {
			return Outcome{}, refuse(types.CodeNotTimedOut, "the message is deliverable before time %d of chain %q; header %d has time %d", p.Timeout, chain, h.GetHeight(), h.GetTimeMs()/1000), nil
		}
	default:
		return Outcome{}, refuse(types.CodeNotTimedOut, "message %s has no timeout: it can only be acknowledged", p.ID), nil
	}
	rid := types.SDPReceiptID(remoteSuite, p.SenderDomain, p.ID)
	if terr, err := verifyRemote(st, env, chain, height, state.SDPReceivedKey(rid), nil, rp.Proof); terr != nil || err != nil {
		return Outcome{}, terr, err
	}
	reason := fmt.Sprintf("timeout: chain %s had not received the message at its header %d, past the timeout", chain, h.GetHeight())
	rec.State, rec.Error = types.MessageState_MESSAGE_TIMED_OUT, reason
	if terr, err := callback(st, env, call, rec, p, false, reason); terr != nil || err != nil {
		return Outcome{}, terr, err
	}
	return Outcome{Packet: p, Kind: "abort", Sent: rec}, nil, nil
}
