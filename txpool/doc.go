// Package txpool admits transactions into the ordering pool.
//
// A transaction from a client or a peer is decoded (size-limited), put in its
// canonical encoding, checked against the chain id, its time window at the
// node's clock and the replay set (committed or already pending hashes), and
// then signature-verified together with whatever else arrived meanwhile: one
// goroutine drains the queue into batches and verifies them in parallel, so
// batching costs no latency when idle and amortises verification under load.
// Admitted transactions go to the consensus pool; those a client submitted
// here are also gossiped to every peer, so that any leader has them and a crash
// of this node loses none that were acknowledged. A refused transaction gets a
// *types.TxError and changes nothing.
package txpool
