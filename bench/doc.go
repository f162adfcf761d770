// Package bench is Causeway's load generator, behind `causeway bench`.
//
// Many client goroutines sign transactions of one workload (evidence deposits
// or transfers between the orgs' accounts) and submit them over mutual-TLS
// gRPC to every node in turn, either closed-loop (each client keeps a fixed
// number in flight, to find the maximum rate) or open-loop (a total target
// rate on a fixed schedule, to measure latency at a given load; when every
// client is at its in-flight bound the schedule's transactions are counted
// as unsent rather than silently delayed). One block subscription observes
// commits: a transaction's latency is the time from the start of its
// submission to the arrival of the block that holds it.
//
// A run has three phases: warm-up (not measured), steady (measured), and a
// drain that waits for what is still in flight. The report gives committed
// tx/s (commits observed during the steady phase per second of it), the
// latency percentiles of transactions submitted during the steady phase,
// rejects by reason and timeouts, each node's CPU and resident memory from
// its admin /metrics endpoint (nodes without one are left out), the load
// generator's own CPU (it shares the machine with local nodes), and a
// per-second timeline that WriteChart draws.
package bench
