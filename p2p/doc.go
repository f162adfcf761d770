// Package p2p is the node-to-node transport: gRPC over mutual TLS between the
// consortium's consensus nodes.
//
// Every node dials every other node and keeps one outbound stream per peer, fed
// by a bounded queue: Send never blocks, and when a peer is slow or down its
// queue fills and further messages to it are dropped (and counted), which the
// BFT protocol tolerates. The sender of an inbound message is the node whose
// TLS certificate the connection presented, never a claim inside the message.
// The same service serves committed blocks and the height to peers that sync.
package p2p
