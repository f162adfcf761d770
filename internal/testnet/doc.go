// Package testnet runs whole Causeway consortia inside one test process: real
// nodes (Pebble on disk, SmartBFT, gRPC over mutual TLS on loopback sockets)
// generated exactly as `causeway up` generates them, with handles to stop,
// restart and corrupt individual nodes, and checks that the nodes agree.
// Tests and benchmarks share it.
package testnet
