// Package node wires one Causeway node together from its configuration file:
// the store (Pebble), the executor, the peer network (gRPC, mutual TLS), the
// SmartBFT consensus adapter, the admission pool, the client API (gRPC and
// REST over mutual TLS) and the admin endpoint (health, Prometheus metrics,
// pprof). `causeway node start` and the local consortium run exactly this.
//
// The node is the ledger the consensus commits to: a decided block is
// executed and written in one synced batch before consensus moves on, and the
// node then wakes clients waiting for its transactions and streams it to
// subscribers.
//
// Certificate rotation (rotation.go): new key material is staged in the
// node's data folder (StageRotation); when governance names it on chain
// for this node, the node presents the new TLS certificate and signs with
// the new consensus key without a restart, and installs them over its
// configured files.
package node
