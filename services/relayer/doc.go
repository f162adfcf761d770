// Package relayer is Causeway's cross-chain relayer (`causeway relay`): it
// watches two chains and carries, in both directions, what each chain's
// light client of the other needs, through the SDK only. Relayers are not
// trusted: the destination chain checks every header and proof it is given
// (execution/lightclient), so anyone may run one, and several may run at
// once.
//
// A Relayer runs one loop per Path (a direction, source → destination).
// Each round asks every Carrier of the path, in order, to carry what the
// destination lacks. The HeaderCarrier, first, carries the source's signed
// headers with the configuration changes the light client has not settled
// (the changes first, split into several updates when they do not fit in a
// transaction). The MessageCarrier, next, carries contract messages
// (SDP): it reads what it must carry from the source's outbox, asks the
// path for a kept header that covers it (Path.EnsureHeader, so a header is
// relayed only when something is to be carried), fetches the proofs under
// that header and submits them, then does the same for the acknowledgements
// of the destination's messages (sdk.RelayMessages and sdk.RelayAcks). When
// work waits in an idle source's newest block, which no header can prove
// yet, it submits a tick on the source (a self-transfer of 1).
//
// Progress is the chains', not the relayer's: every round starts from the
// destination light client's latest kept height and the source's head, so
// a relayer killed at any moment (SIGKILL included) continues where the
// chains are when it starts again, and two relayers racing on one path do
// no harm: a header already kept is refused with header_known, which a
// carrier counts as done (Round.Known), not as an error. What a relayer
// keeps in memory (how far it found only relay blocks on the source) is an
// optimisation that a restart loses at the cost of a few block reads.
//
// When a header is needed. A header of the source is worth relaying when it
// makes provable something no kept header does: when a block at or above
// the client's latest kept height and up to the source's head holds a
// transaction other than a light-client update, or when the source's
// configuration has moved past the last one the client knows. A block made
// only of light-client updates is not relayed by itself: with two
// directions, relaying every block would make the chains relay each
// other's relay blocks for ever. One update covers all new blocks (the
// light client keeps the latest header; the ones in between are not
// needed to verify it), so a burst of blocks costs one transaction.
//
// Errors back off per path (from Config.Interval, doubling up to
// Config.MaxBackoff) and are counted by code in the metrics; a relay that
// succeeds resets the delay. Metrics (Prometheus, namespace
// causeway_relay) give per path the headers relayed and found known, the
// last relayed height, the source head, the client's height, the lag in
// blocks, errors by code and the submit latency.
package relayer
