// Package sdp holds the rules of cross-chain contract messages (issue 13):
// SDP (the smart-contract data protocol) over AM (authenticated messages),
// as IEEE 3205-2023 layers them, with the AntChain Bridge contract
// interface, verified by the receiving chain itself through its light
// client of the sending chain (package execution/lightclient): no relayer
// or committee is trusted.
//
// Sending (Send, called by the SDP system contract 0x…010d of package
// execution/evm) writes the packet (types.SDPPacket: the AM envelope around
// the SDP payload) to the sending chain's outbox, with a per-channel
// sequence for ordered messages and a record of the message's state.
//
// Relaying (Relay, the RELAY_MESSAGES transaction) brings packets of a
// remote chain's state, each with its state proof under one header that
// the light client keeps, and does, per packet:
//
//   - a message: checks the proof of the remote outbox entry, the domains,
//     governance's authorisation of the contract pair, exactly once (a
//     marker per message), the ordered channel's next sequence (a skipped
//     sequence and a replay are refused) and the timeout (a message past it
//     is not delivered, and the channel still advances); then calls the
//     receiver (recvMessage or recvUnorderedMessage) with a fixed gas
//     (types.SDPReceiveGas). A receiver that fails does not stop the
//     channel. For an atomic message the outcome becomes an
//     acknowledgement in this chain's own outbox of acknowledgements.
//   - an acknowledgement: checks the proof of the remote acknowledgement
//     and that the message is pending here, calls the sender's ackOnSuccess
//     or ackOnError once, and records the outcome.
//   - an abort: a proof that the remote chain had not received a pending
//     message by a header past its timeout (the remote receipt key absent),
//     after which it never can: calls ackOnError and records the message
//     as timed out.
//
// Every refusal (types codes: bad_proof, client_frozen, wrong_domain,
// channel_not_authorized, already_received, sequence_skipped, ack_unknown,
// not_timed_out, malformed, ...) refuses the whole transaction, which then
// changes nothing. Execution is deterministic: packets are handled in their
// order in the transaction, and nothing depends on maps, clocks or floats.
package sdp
