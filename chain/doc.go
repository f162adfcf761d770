// Package chain is the application line of a node, in the manner of
// CometBFT's block executor: it owns applying certified blocks — executing
// them through execution, committing them with their receipts and state to
// the store in one synced write — and everything that follows from the
// committed ledger: the genesis block, the configuration in force, commit
// events (transaction waiters and block subscribers) and proofs that anyone
// holding the genesis can verify offline.
//
// Consensus calls a Chain through one small interface (Head, Block, HasTx,
// Apply); a configuration change flows back to it as Apply's result
// (Applied.Config), never as a call-back. What else must follow a commit on
// a node (the transaction pool's view of what is committed, the TLS trust of
// a new configuration, metrics) registers with OnApply when the node is
// wired together. Nothing writes to the store except Apply.
package chain
