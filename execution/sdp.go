package execution

import (
	"encoding/hex"
	"strconv"

	"github.com/causeway/causeway/execution/evm"
	"github.com/causeway/causeway/execution/sdp"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify/proofpb"
	"github.com/ethereum/go-ethereum/common"
)

// Governance actions and events of cross-chain contract messages (package
// execution/sdp holds the rules).
const (
	ActionAuthorizeMessageChannel = "authorize_message_channel"
	ActionRevokeMessageChannel    = "revoke_message_channel"

	// EventMessageReceived: chain_id, id (hex), sequence, result
	// (success, error, timeout), error, ack (true when an acknowledgement
	// was written to this chain's outbox: relayers carry it back).
	EventMessageReceived = "sdp.received"
	// EventMessageAcked: chain_id, id, state (ack_success, ack_error,
	// timed_out), error, callback_error.
	EventMessageAcked = "sdp.acked"
	// EventChannelAuthorized / EventChannelRevoked: chain_id, local, remote.
	EventChannelAuthorized = "sdp.channel_authorized"
	EventChannelRevoked    = "sdp.channel_revoked"
)

func (t *txExec) sdpEnv() sdp.Env {
	return sdp.Env{Suite: t.e.Suite, ChainID: t.e.ChainID, Height: t.header.Height, TimeMs: t.header.TimeMs}
}

// applyMessageChannel checks (check) or executes a message channel
// governance action.
func (t *txExec) applyMessageChannel(p *types.Proposal, check bool) (*types.TxError, error) {
	switch a := p.Action.(type) {
	case *types.Proposal_AuthorizeMessageChannel:
		c := a.AuthorizeMessageChannel
		terr, err := sdp.Authorize(lcStore{t}, t.sdpEnv(), c, check)
		if terr == nil && err == nil && !check {
			t.emit(EventChannelAuthorized, "chain_id", c.RemoteChainId, "local", hex.EncodeToString(c.LocalContract), "remote", hex.EncodeToString(c.RemoteContract))
		}
		return terr, err
	case *types.Proposal_RevokeMessageChannel:
		c := a.RevokeMessageChannel
		terr, err := sdp.Revoke(lcStore{t}, t.sdpEnv(), c, check)
		if terr == nil && err == nil && !check {
			t.emit(EventChannelRevoked, "chain_id", c.RemoteChainId, "local", hex.EncodeToString(c.LocalContract), "remote", hex.EncodeToString(c.RemoteContract))
		}
		return terr, err
	}
	return types.Errorf(types.CodeInvalidPayload, "unknown governance action"), nil
}

// relayMessages executes RELAY_MESSAGES: any account may carry packets of
// another chain's outbox (messages, acknowledgements) or timeout aborts;
// the chain checks each against its light client. The transaction's gas
// limit is types.SDPReceiveGas per packet, reserved in the block; the gas
// the receivers and callbacks use counts on the receipt and in the block.
func (t *txExec) relayMessages() (*types.TxError, error) {
	m := &proofpb.RelayMessages{}
	if terr := t.decodePayload(m); terr != nil {
		return terr, nil
	}
	if len(m.Packets) > types.MaxRelayPackets {
		return types.Errorf(types.CodeTooLarge, "%d packets, at most %d per transaction", len(m.Packets), types.MaxRelayPackets), nil
	}
	if terr := t.checkGas(uint64(max(1, len(m.Packets))) * types.SDPReceiveGas); terr != nil {
		return terr, nil
	}
	if _, _, terr, err := t.sender(); terr != nil || err != nil {
		return terr, err
	}
	ctx := t.evmContext()
	var used uint64
	call := func(to [20]byte, input []byte) (sdp.CallResult, error) {
		res, err := evm.SystemCall(kv{t}, ctx, evm.SDPAddress, t.d.Hash, common.Address(to), input, types.SDPReceiveGas)
		if err != nil {
			return sdp.CallResult{}, err
		}
		used += res.GasUsed
		t.logs = append(t.logs, res.Logs...)
		if res.Err != nil {
			reason := res.Err.Error()
			if res.RevertReason != "" {
				reason = types.EscapeText(res.RevertReason)
			}
			return sdp.CallResult{Reason: reason}, nil
		}
		return sdp.CallResult{OK: true}, nil
	}
	out, terr, err := sdp.Relay(lcStore{t}, t.sdpEnv(), call, m)
	if err != nil {
		return nil, err
	}
	t.gasUsed = used
	t.blockGas += used
	if terr != nil {
		t.logs = nil
		return terr, nil
	}
	for _, o := range out {
		id := hex.EncodeToString(o.Packet.ID[:])
		switch o.Kind {
		case "message":
			r := o.Received
			t.emit(EventMessageReceived, "chain_id", m.ChainId, "id", id, "sequence", strconv.FormatUint(uint64(r.Sequence), 10),
				"result", resultName(r.Result), "error", r.Error, "ack", strconv.FormatBool(o.AckWritten))
		default:
			s := o.Sent
			t.emit(EventMessageAcked, "chain_id", m.ChainId, "id", id, "state", stateName(s.State), "error", s.Error, "callback_error", s.CallbackError)
		}
	}
	return nil, nil
}

func resultName(r types.ReceiveResult) string {
	switch r {
	case types.ReceiveResult_RECEIVE_SUCCESS:
		return "success"
	case types.ReceiveResult_RECEIVE_ERROR:
		return "error"
	case types.ReceiveResult_RECEIVE_TIMEOUT:
		return "timeout"
	}
	return r.String()
}

func stateName(s types.MessageState) string {
	switch s {
	case types.MessageState_MESSAGE_PENDING:
		return "pending"
	case types.MessageState_MESSAGE_SENT:
		return "sent"
	case types.MessageState_MESSAGE_ACK_SUCCESS:
		return "ack_success"
	case types.MessageState_MESSAGE_ACK_ERROR:
		return "ack_error"
	case types.MessageState_MESSAGE_TIMED_OUT:
		return "timed_out"
	}
	return s.String()
}
