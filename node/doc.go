// Package node wires one Causeway node together from its configuration file:
// the store (Pebble) under the application line (package chain), the peer
// network (gRPC, mutual TLS), the SmartBFT consensus adapter, the admission
// pool, the client API (gRPC and REST over mutual TLS) and the admin
// endpoint (health, Prometheus metrics, pprof). `causeway node start` and
// the local consortium run exactly this.
//
// The node neither executes nor stores blocks: consensus applies them
// through the chain, and what must follow a commit on this node (the TLS
// trust and peers of a new configuration, the pool's view, metrics) is
// registered with chain.OnApply when the node is built. One transaction
// cache (execution.TxCache) is shared by admission, consensus and the
// chain, so a transaction is decoded and its signatures verified once per
// node.
//
// Certificate rotation (rotation.go): new key material is staged in the
// node's data folder (StageRotation); when governance names it on chain
// for this node, the node presents the new TLS certificate and signs with
// the new consensus key without a restart, and installs them over its
// configured files.
package node
