package state

import (
	"encoding/binary"
	"fmt"

	"github.com/causeway/causeway/types"
)

// Cross-chain contract messages (issue 13, SDP over AM; package
// execution/sdp holds the rules). The sending chain keeps each packet in its
// outbox under the message id, where the receiving chain proves it with its
// light client; the receiving chain keeps a marker per message received and,
// for atomic messages, the acknowledgement in its own outbox, where the
// sending chain proves it in turn.
const (
	// SDPOutboxPrefix precedes a message id (32 bytes); the value is the
	// message's packet (types.EncodeSDPPacket), never changed or deleted.
	SDPOutboxPrefix = "sdpo/"
	// SDPAckPrefix precedes a message id (32 bytes) of another chain; the
	// value is this chain's acknowledgement packet of that message.
	SDPAckPrefix = "sdpa/"
	// SDPSentPrefix precedes a message id (32 bytes); the value is a
	// types.SentMessage: the message's state on the sending chain.
	SDPSentPrefix = "sdpm/"
	// SDPReceivedPrefix precedes a receipt id (32 bytes,
	// types.SDPReceiptID); the value is a types.ReceivedMessage.
	SDPReceivedPrefix = "sdpr/"
	// SDPSendSeqPrefix precedes a channel id (32 bytes,
	// types.SDPChannelID); the value is the channel's next send sequence,
	// uint32 big-endian; absent = 0.
	SDPSendSeqPrefix = "sdpc/"
	// SDPRecvSeqPrefix precedes a channel id (32 bytes); the value is the
	// next sequence the channel delivers, uint32 big-endian; absent = 0.
	SDPRecvSeqPrefix = "sdpi/"
	// SDPPairPrefix precedes a pair id (32 bytes, types.SDPPairID); the
	// value is a types.AuthorizeMessageChannel: governance authorised the
	// pair.
	SDPPairPrefix = "sdpz/"
)

// sdpNonceKey is the key of the number of messages this chain has sent.
const sdpNonceKey = "sdpnonce"

// SDPOutboxKey returns the key of message id's packet in the outbox.
func SDPOutboxKey(id types.Hash) []byte { return key(SDPOutboxPrefix, id[:]) }

// SDPAckKey returns the key of this chain's acknowledgement of message id.
func SDPAckKey(id types.Hash) []byte { return key(SDPAckPrefix, id[:]) }

// SDPSentKey returns the key of the record of a message this chain sent.
func SDPSentKey(id types.Hash) []byte { return key(SDPSentPrefix, id[:]) }

// SDPReceivedKey returns the key of the marker of a received message.
func SDPReceivedKey(receipt types.Hash) []byte { return key(SDPReceivedPrefix, receipt[:]) }

// SDPSendSeqKey returns the key of a channel's next send sequence.
func SDPSendSeqKey(channel types.Hash) []byte { return key(SDPSendSeqPrefix, channel[:]) }

// SDPRecvSeqKey returns the key of a channel's next delivered sequence.
func SDPRecvSeqKey(channel types.Hash) []byte { return key(SDPRecvSeqPrefix, channel[:]) }

// SDPPairKey returns the key of an authorised contract pair.
func SDPPairKey(pair types.Hash) []byte { return key(SDPPairPrefix, pair[:]) }

// SDPNonceKey returns the key of this chain's message counter.
func SDPNonceKey() []byte { return []byte(sdpNonceKey) }

// EncodeUint32 and DecodeUint32 are the encoding of the sequences.
func EncodeUint32(v uint32) []byte { return binary.BigEndian.AppendUint32(nil, v) }

// DecodeUint32 decodes a stored sequence; nil is 0.
func DecodeUint32(b []byte) (uint32, error) {
	if b == nil {
		return 0, nil
	}
	if len(b) != 4 {
		return 0, &CorruptError{What: "sequence", Err: fmt.Errorf("%d bytes, not 4", len(b))}
	}
	return binary.BigEndian.Uint32(b), nil
}

// EncodeUint64 is the encoding of the message counter.
func EncodeUint64(v uint64) []byte { return binary.BigEndian.AppendUint64(nil, v) }

// DecodeUint64 decodes the stored message counter; nil is 0.
func DecodeUint64(b []byte) (uint64, error) {
	if b == nil {
		return 0, nil
	}
	if len(b) != 8 {
		return 0, &CorruptError{What: "counter", Err: fmt.Errorf("%d bytes, not 8", len(b))}
	}
	return binary.BigEndian.Uint64(b), nil
}

// EncodeSentMessage / DecodeSentMessage: deterministic protobuf.
func EncodeSentMessage(m *types.SentMessage) []byte { return encodeProto(m) }

func DecodeSentMessage(b []byte) (*types.SentMessage, error) {
	return decodeProto("sent message", b, &types.SentMessage{})
}

// EncodeReceivedMessage / DecodeReceivedMessage: deterministic protobuf.
func EncodeReceivedMessage(m *types.ReceivedMessage) []byte { return encodeProto(m) }

func DecodeReceivedMessage(b []byte) (*types.ReceivedMessage, error) {
	return decodeProto("received message", b, &types.ReceivedMessage{})
}

// ReadSentMessage reads the record of a message this chain sent; nil, nil
// if there is none.
func ReadSentMessage(r Getter, id types.Hash) (*types.SentMessage, error) {
	return read(r, "sent message", SDPSentKey(id), DecodeSentMessage)
}

// ReadReceivedMessage reads the marker of a received message; nil, nil if
// there is none.
func ReadReceivedMessage(r Getter, receipt types.Hash) (*types.ReceivedMessage, error) {
	return read(r, "received message", SDPReceivedKey(receipt), DecodeReceivedMessage)
}

// EncodeAuthorizeMessageChannel is the stored form of an authorised pair:
// deterministic protobuf.
func EncodeAuthorizeMessageChannel(a *types.AuthorizeMessageChannel) []byte { return encodeProto(a) }
