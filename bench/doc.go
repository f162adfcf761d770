// Package bench is Causeway's load generator, behind `causeway bench`.
//
// Many client goroutines sign transactions of one workload (evidence deposits
// or transfers between the orgs' accounts) and submit them over mutual-TLS
// gRPC to every node in turn, either closed-loop (each client keeps a fixed
// number in flight, to find the maximum rate) or open-loop (a total target
// rate, to measure latency at a given load). One block subscription observes
// commits: a transaction's latency is the time from its submission to the
// arrival of the block that holds it. After a warm-up, the steady phase is
// measured: committed tx/s, latency percentiles, rejects, and each node's CPU
// and resident memory from its admin /metrics endpoint.
package bench
