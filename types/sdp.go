package types

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// Cross-chain contract messages (issue 13): SDP (the smart-contract data
// protocol) carried in AM (authenticated messages), as IEEE 3205-2023
// layers them. A contract's message is an SDP payload (receiver, sequence,
// nonce, atomic flag, timeout, message id, the message); the AM envelope
// around it names the sending chain (its domain: the chain id) and the
// author (the sending contract). Causeway encodes both layers with its own
// fixed, length-prefixed binary encoding (EncodeSDPPacket), which has one
// encoding per packet: the receiving chain proves the exact bytes in the
// sending chain's state. The rules are in package execution/sdp.

// Codes of contract message refusals (RELAY_MESSAGES receipts, governance
// of message channels, reverts of the SDP system contract).
const (
	// CodeChannelNotAuthorized: governance has not authorised the contract
	// pair (on this chain, for the remote chain), or has revoked it.
	CodeChannelNotAuthorized Code = "channel_not_authorized"
	// CodeSequenceSkipped: an ordered message whose sequence is beyond the
	// next one its channel expects; the ones before it must come first.
	CodeSequenceSkipped Code = "sequence_skipped"
	// CodeAlreadyReceived: the message (or an ordered message with that
	// sequence) was received already: a replay.
	CodeAlreadyReceived Code = "already_received"
	// CodeWrongDomain: a packet not addressed to this chain, or not sent by
	// the chain whose proof carries it.
	CodeWrongDomain Code = "wrong_domain"
	// CodeAckUnknown: an acknowledgement or abort of a message this chain
	// has not sent atomically, or one acknowledged or aborted already.
	CodeAckUnknown Code = "ack_unknown"
	// CodeNotTimedOut: an abort whose remote header is not past the
	// message's timeout, or of a message without a timeout.
	CodeNotTimedOut Code = "not_timed_out"
	// CodeChannelExists / CodeChannelNotFound: governance authorises a
	// pair twice / revokes a pair it has not authorised.
	CodeChannelExists   Code = "channel_exists"
	CodeChannelNotFound Code = "channel_not_found"
	// CodeMessageNotFound: no message with that id was sent or received.
	CodeMessageNotFound Code = "message_not_found"
)

// Limits of contract messages.
const (
	// MaxSDPMessageBytes bounds a contract's message: with its
	// acknowledgement (which carries it back) and a state proof it still
	// fits many times in a transaction (MinMaxTxBytes).
	MaxSDPMessageBytes = 4 << 10
	// MaxSDPErrorBytes bounds the error text of an error acknowledgement
	// (a receiver's revert reason is cut to it).
	MaxSDPErrorBytes = 512
	// MaxRelayPackets bounds the packets of one RELAY_MESSAGES.
	MaxRelayPackets = 32
	// SDPReceiveGas is the gas every delivery (recvMessage or
	// recvUnorderedMessage) and every sender callback (ackOnSuccess,
	// ackOnError) gets: fixed by the chain, so that no relayer can starve a
	// receiver into an error acknowledgement. A RELAY_MESSAGES needs a gas
	// limit of SDPReceiveGas per packet.
	SDPReceiveGas = 500_000
)

// Values of the SDP packet fields.
const (
	// AMVersion and SDPVersion are the versions of Causeway's encodings of
	// the two layers.
	AMVersion  = 1
	SDPVersion = 3
	// AMProtocolSDP is the upper protocol type of an AM envelope carrying SDP.
	AMProtocolSDP = 0
	// SDPUnorderedSequence is the sequence of unordered messages.
	SDPUnorderedSequence = 0xffffffff
)

// SDPFlag is an SDP packet's atomic flag.
type SDPFlag uint8

const (
	SDPFlagNone     SDPFlag = 0 // a message that wants no acknowledgement
	SDPFlagAtomic   SDPFlag = 1 // a message whose sender wants an acknowledgement
	SDPFlagAckOK    SDPFlag = 2 // the acknowledgement of a delivered message
	SDPFlagAckError SDPFlag = 3 // the acknowledgement of a failed or timed-out message
)

// IsAck reports whether f is an acknowledgement's flag.
func (f SDPFlag) IsAck() bool { return f == SDPFlagAckOK || f == SDPFlagAckError }

// Timeout measures (sendMessageV3's timeoutMeasure, numbered as the
// standard's interface numbers them). Causeway accepts only measures of the
// receiving chain, which the receiving chain itself applies.
const (
	SDPTimeoutNone           = 0
	SDPTimeoutSenderHeight   = 1 // refused
	SDPTimeoutReceiverHeight = 2 // deliverable while the receiving block's height < timeout
	SDPTimeoutSenderTime     = 3 // refused
	SDPTimeoutReceiverTime   = 4 // deliverable while the receiving block's time in Unix seconds < timeout
)

// SDPPacket is one AM envelope with its SDP payload: a message from
// SenderDomain's contract Author to ReceiverDomain's contract Receiver, or
// (Flag IsAck) the acknowledgement of one (see Ack).
// Identities are 32 bytes: a 20-byte address left-padded with zeros.
type SDPPacket struct {
	// AM layer.
	SenderDomain string
	Author       [32]byte
	// SDP layer.
	ReceiverDomain string
	Receiver       [32]byte
	Sequence       uint32 // SDPUnorderedSequence for unordered messages
	Nonce          uint64 // the sending chain's message counter
	Flag           SDPFlag
	TimeoutMeasure uint8
	Timeout        uint64
	ID             Hash // the message id (an acknowledgement keeps its message's)
	Message        []byte
	Error          string // an error acknowledgement's reason
}

// Ordered reports whether the packet belongs to an ordered channel.
func (p *SDPPacket) Ordered() bool { return p.Sequence != SDPUnorderedSequence }

// Ack returns the acknowledgement of message p (which the receiving chain
// writes): from p's receiver to p's author, with p's sequence, nonce, id
// and message, the flag ok or error and the error text.
func (p *SDPPacket) Ack(ok bool, errText string) *SDPPacket {
	a := *p
	a.SenderDomain, a.Author = p.ReceiverDomain, p.Receiver
	a.ReceiverDomain, a.Receiver = p.SenderDomain, p.Author
	a.Flag, a.Error = SDPFlagAckOK, ""
	if !ok {
		a.Flag, a.Error = SDPFlagAckError, errText
	}
	a.Message = bytes.Clone(p.Message)
	return &a
}

// Encoding (all integers big-endian):
//
//	AM:  u8 AMVersion | u8 protocol (AMProtocolSDP) | u8 len | sender domain
//	     | author (32) | u32 len | SDP payload
//	SDP: u8 SDPVersion | u8 len | receiver domain | receiver (32)
//	     | u32 sequence | u64 nonce | u8 flag | u8 timeout measure
//	     | u64 timeout | message id (32) | u32 len | message
//	     | u16 len | error

// EncodeSDPPacket returns p's encoding. It checks nothing: see
// CheckSDPPacket.
func EncodeSDPPacket(p *SDPPacket) []byte {
	sdp := make([]byte, 0, 128+len(p.ReceiverDomain)+len(p.Message)+len(p.Error))
	sdp = append(sdp, SDPVersion, byte(len(p.ReceiverDomain)))
	sdp = append(sdp, p.ReceiverDomain...)
	sdp = append(sdp, p.Receiver[:]...)
	sdp = binary.BigEndian.AppendUint32(sdp, p.Sequence)
	sdp = binary.BigEndian.AppendUint64(sdp, p.Nonce)
	sdp = append(sdp, byte(p.Flag), p.TimeoutMeasure)
	sdp = binary.BigEndian.AppendUint64(sdp, p.Timeout)
	sdp = append(sdp, p.ID[:]...)
	sdp = binary.BigEndian.AppendUint32(sdp, uint32(len(p.Message)))
	sdp = append(sdp, p.Message...)
	sdp = binary.BigEndian.AppendUint16(sdp, uint16(len(p.Error)))
	sdp = append(sdp, p.Error...)

	am := make([]byte, 0, 40+len(p.SenderDomain)+len(sdp))
	am = append(am, AMVersion, AMProtocolSDP, byte(len(p.SenderDomain)))
	am = append(am, p.SenderDomain...)
	am = append(am, p.Author[:]...)
	am = binary.BigEndian.AppendUint32(am, uint32(len(sdp)))
	return append(am, sdp...)
}

// DecodeSDPPacket decodes and checks a packet (CheckSDPPacket). It
// refuses trailing bytes and anything EncodeSDPPacket would not produce,
// so a packet has exactly one encoding.
func DecodeSDPPacket(b []byte) (*SDPPacket, error) {
	r := &reader{b: b}
	p := &SDPPacket{}
	if v := r.u8(); v != AMVersion {
		return nil, fmt.Errorf("AM version %d, not %d", v, AMVersion)
	}
	if v := r.u8(); v != AMProtocolSDP {
		return nil, fmt.Errorf("AM protocol type %d is not SDP (%d)", v, AMProtocolSDP)
	}
	p.SenderDomain = string(r.take(int(r.u8())))
	copy(p.Author[:], r.take(32))
	n := r.u32()
	if r.err == nil && uint64(n) != uint64(len(r.b)) {
		return nil, fmt.Errorf("AM payload length %d, %d bytes follow", n, len(r.b))
	}
	if v := r.u8(); r.err == nil && v != SDPVersion {
		return nil, fmt.Errorf("SDP version %d, not %d", v, SDPVersion)
	}
	p.ReceiverDomain = string(r.take(int(r.u8())))
	copy(p.Receiver[:], r.take(32))
	p.Sequence = r.u32()
	p.Nonce = r.u64()
	p.Flag = SDPFlag(r.u8())
	p.TimeoutMeasure = r.u8()
	p.Timeout = r.u64()
	copy(p.ID[:], r.take(32))
	if n := r.u32(); n > MaxSDPMessageBytes {
		return nil, fmt.Errorf("message of %d bytes, the limit is %d", n, MaxSDPMessageBytes)
	} else {
		p.Message = bytes.Clone(r.take(int(n)))
	}
	p.Error = string(r.take(int(r.u16())))
	if r.err != nil {
		return nil, r.err
	}
	if len(r.b) != 0 {
		return nil, fmt.Errorf("%d trailing bytes", len(r.b))
	}
	if err := CheckSDPPacket(p); err != nil {
		return nil, err
	}
	return p, nil
}

// CheckSDPPacket checks the fields' ranges: domains of 1..MaxChainIDBytes
// bytes, identities that are 20-byte addresses, a known flag and timeout
// measure (no timeout value without a measure), the size bounds, and an
// error text only on an error acknowledgement.
func CheckSDPPacket(p *SDPPacket) error {
	for _, d := range []struct{ what, v string }{{"sender domain", p.SenderDomain}, {"receiver domain", p.ReceiverDomain}} {
		if d.v == "" || len(d.v) > MaxChainIDBytes {
			return fmt.Errorf("%s is %d bytes, it must be 1 to %d", d.what, len(d.v), MaxChainIDBytes)
		}
	}
	if !IsAddressID(p.Author) || !IsAddressID(p.Receiver) {
		return fmt.Errorf("author and receiver must be 20-byte addresses left-padded to 32 bytes")
	}
	if p.Flag > SDPFlagAckError {
		return fmt.Errorf("unknown atomic flag %d", p.Flag)
	}
	switch p.TimeoutMeasure {
	case SDPTimeoutNone:
		if p.Timeout != 0 {
			return fmt.Errorf("a timeout without a timeout measure")
		}
	case SDPTimeoutReceiverHeight, SDPTimeoutReceiverTime:
	default:
		return fmt.Errorf("timeout measure %d is not one of the receiving chain's (%d height, %d time)", p.TimeoutMeasure, SDPTimeoutReceiverHeight, SDPTimeoutReceiverTime)
	}
	if len(p.Message) > MaxSDPMessageBytes {
		return fmt.Errorf("message of %d bytes, the limit is %d", len(p.Message), MaxSDPMessageBytes)
	}
	if len(p.Error) > MaxSDPErrorBytes {
		return fmt.Errorf("error of %d bytes, the limit is %d", len(p.Error), MaxSDPErrorBytes)
	}
	if p.Error != "" && p.Flag != SDPFlagAckError {
		return fmt.Errorf("an error text on a packet that is not an error acknowledgement")
	}
	return nil
}

// IsAddressID reports whether a 32-byte identity is a 20-byte address
// left-padded with zeros.
func IsAddressID(id [32]byte) bool {
	for _, b := range id[:12] {
		if b != 0 {
			return false
		}
	}
	return true
}

// AddressID returns the 32-byte identity of a 20-byte address.
func AddressID(addr []byte) [32]byte {
	var id [32]byte
	copy(id[32-len(addr):], addr)
	return id
}

// SDPMessageID returns the id of the nonce-th message sent on the chain
// senderDomain: s's hash of "causeway/sdp/message/" || u8 len || domain ||
// u64be nonce.
func SDPMessageID(s Suite, senderDomain string, nonce uint64) Hash {
	b := []byte("causeway/sdp/message/")
	b = append(b, byte(len(senderDomain)))
	b = append(b, senderDomain...)
	b = binary.BigEndian.AppendUint64(b, nonce)
	return s.Sum(b)
}

// SDPChannelID returns the id of the channel (sender domain, sender,
// receiver domain, receiver) under s: the hash of
// "causeway/sdp/channel/" and the four fields, the domains length-prefixed.
func SDPChannelID(s Suite, senderDomain string, sender [32]byte, receiverDomain string, receiver [32]byte) Hash {
	b := []byte("causeway/sdp/channel/")
	b = append(b, byte(len(senderDomain)))
	b = append(b, senderDomain...)
	b = append(b, sender[:]...)
	b = append(b, byte(len(receiverDomain)))
	b = append(b, receiverDomain...)
	b = append(b, receiver[:]...)
	return s.Sum(b)
}

// SDPReceiptID returns the id under which the receiving chain marks a
// message of senderDomain received: s's hash of "causeway/sdp/received/" ||
// u8 len || sender domain || message id. The sending chain's id alone is
// not trusted to be unique across chains.
func SDPReceiptID(s Suite, senderDomain string, id Hash) Hash {
	b := []byte("causeway/sdp/received/")
	b = append(b, byte(len(senderDomain)))
	b = append(b, senderDomain...)
	b = append(b, id[:]...)
	return s.Sum(b)
}

// SDPPairID returns the id of an authorised contract pair: s's hash of
// "causeway/sdp/pair/" || u8 len || remote chain || local (20) || remote (20).
func SDPPairID(s Suite, remoteChain string, local, remote []byte) Hash {
	b := []byte("causeway/sdp/pair/")
	b = append(b, byte(len(remoteChain)))
	b = append(b, remoteChain...)
	b = append(b, local...)
	b = append(b, remote...)
	return s.Sum(b)
}

// reader reads big-endian fields, remembering the first error.
type reader struct {
	b   []byte
	err error
}

func (r *reader) take(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n > len(r.b) {
		r.err = fmt.Errorf("packet truncated: %d bytes needed, %d left", n, len(r.b))
		return nil
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v
}

func (r *reader) u8() uint8 {
	if v := r.take(1); v != nil {
		return v[0]
	}
	return 0
}

func (r *reader) u16() uint16 {
	if v := r.take(2); v != nil {
		return binary.BigEndian.Uint16(v)
	}
	return 0
}

func (r *reader) u32() uint32 {
	if v := r.take(4); v != nil {
		return binary.BigEndian.Uint32(v)
	}
	return 0
}

func (r *reader) u64() uint64 {
	if v := r.take(8); v != nil {
		return binary.BigEndian.Uint64(v)
	}
	return 0
}
