// Package soak runs a multi-process soak of Causeway: real `causeway node
// start` processes of a generated 4-org consortium (n = 4, f = 1) under a
// client load, while nodes are killed with SIGKILL and restarted and their
// peer links are cut, for a duration given on the command line; then it
// heals everything, restarts every node, and checks what the nodes agreed
// on. It is the multi-process counterpart of the in-process simulator and
// shares no code with it.
//
// Run it with
//
//	go test ./internal/soak -run TestSoak -soak.duration=10m -v -timeout 30m
//
// (TestSoak skips without -soak.duration; -soak.seed picks the seed,
// -soak.dir keeps the consortium, data and logs in a folder of your
// choice.)
//
// # Faults
//
// Every node reaches each peer through a Link, a TCP proxy in the soak
// process for that one directed link, named in the node's configuration
// (node.Config.PeerAddresses; TLS stays end to end, checked against the
// peer's configured address and pinned certificate). A partition puts
// links in the Refused state (connections reset, as a reject rule) or the
// Stalled state (connections open but silent, as a path dropping every
// packet): a node isolated, a node that cannot send, a node that cannot
// receive, or one directed link. No root, no network namespaces.
//
// One fault at a time, seeded: kill -9 of a node (half the time the
// leader; sometimes restarted at once), or a partition; each is healed
// and the node caught up before the next, so at most f = 1 node is faulty
// and the chain must stay live. The schedule is reproducible from the
// seed; the interleaving with real processes and clocks is not.
//
// # Load
//
// Several clients, each one transaction at a time through the SDK:
// transfers between the orgs' accounts, evidence deposits, and
// transactions on a register contract (hand-assembled EVM code whose call
// swaps a value in and returns the previous one, or only returns it). A
// transaction goes to a random node and waits for its commit; on any
// failure the same transaction (same hash) goes to another node, until it
// is acknowledged or expires. Clients also read registers from one node's
// committed state (QueryContract).
//
// # Checks
//
//   - agreement: the same block hash at every height on every node, each
//     block's hash its header's, its transactions those its header commits
//     to, linked to its parent;
//   - no double execution: no transaction twice in the chain;
//   - durability: every acknowledged transaction is in the chain, and
//     every node serves it at the same place with the receipt the client
//     was given; validity: the chain holds only submitted transactions;
//   - balances: every node's balances equal the initial ones plus the
//     successful committed transfers; every acknowledged evidence deposit
//     is served by every node;
//   - linearizability (porcupine) of the register transactions: they are
//     ordered by consensus and their outputs are in their receipts, so the
//     history is checked as a linearizable register per key. A transaction
//     never acknowledged but found in the chain is an operation that may
//     have taken effect any time after it was sent; one not found never
//     took effect (the check runs after every transaction has expired);
//   - local reads: a read served from one node's state is not linearizable
//     (a node behind, partitioned or just restarted answers from an older
//     block), so each is checked to return exactly the value the chain
//     holds after the block it reports; how many were stale is counted;
//   - proofs: a sample of acknowledged transactions is proven by the nodes
//     and verified offline against the genesis;
//   - liveness: the chain never goes longer than a bound without a block;
//     every restarted or healed node, and before each fault every node,
//     catches up within a bound (a node that does not is reported with a
//     dump of its goroutines, then restarted so that the soak goes on);
//     no node process exits by itself; after the closing restart every
//     node reaches the same height (with a transaction every few seconds:
//     whether they agree on an idle chain is only noted).
package soak
