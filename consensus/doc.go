// Package consensus orders blocks with SmartBFT (github.com/hyperledger-labs/SmartBFT),
// a PBFT-family protocol: n = 3f+1 nodes tolerate f Byzantine ones, and a
// decided block is final.
//
// Causeway does not implement the protocol; this package is the adapter that
// gives SmartBFT what an application must: the assembler (a batch of pool
// requests becomes a block whose header chains to the last committed block),
// the verifier (every transaction of a proposal is decoded, checked against the
// chain id, time window and replay set, and signature-verified in parallel
// batches, each signature once per node thanks to a cache of verified
// transactions), the signer (Ed25519 commit signatures over the block hash),
// the write-ahead log (SmartBFT's, in the node's data directory), the
// synchronizer (fetches missing blocks from peers and accepts each only with a
// valid commit quorum), and the application hook that hands decided blocks to
// the ledger. Tuning turns SmartBFT's defaults, made for Fabric's
// wide-area ordering service, into seconds-scale failover on a LAN.
package consensus
