// Package consensus orders blocks with SmartBFT (github.com/hyperledger-labs/SmartBFT),
// a PBFT-family protocol: n = 3f+1 nodes tolerate f Byzantine ones, and a
// decided block is final.
//
// Causeway does not implement the protocol; this package is the adapter that
// gives SmartBFT what an application must, one role per file, each a small
// type with its dependencies spelled out:
//
//   - assembler.go, the Assembler: on the leader, a batch of pool requests
//     becomes a proposal whose header chains to the committed head, at the
//     clock's time; requests no longer valid are left out and dropped from
//     the pool.
//   - verifier.go, the Verifier and RequestInspector: every transaction of a
//     proposal is decoded, checked against the chain id, time window and
//     replay set (txRules.checkTx, shared with the assembler), and
//     signature-verified in parallel batches (verify.go), each signature
//     once per node thanks to a cache of verified transactions
//     (verified.go); commit and protocol signatures are checked against the
//     node set in force (committee.go).
//   - signer.go, the Signer: commit signatures over the block hash and
//     protocol-message signatures, in separate domains.
//   - comm.go, the Comm: protocol messages and forwarded requests over the
//     Transport, and the inbound HandleConsensus and HandleForward.
//   - application.go, the Application and MembershipNotifier: decided
//     blocks go to the Ledger, which executes and stores them before
//     Deliver returns.
//   - sync.go, the Synchronizer: fetches missing blocks from peers and
//     accepts each only with a valid commit quorum.
//   - replica.go, Consensus: wires the roles into one SmartBFT replica
//     (New, Start, Stop, Submit, Reconfigure, ...).
//
// Where SmartBFT (v1.0.1) can stall or crash a replica, the adapter works
// around it, each case found by the simulator (internal/sim) and kept as a
// counterexample there:
//
//   - a replica that starts without its write-ahead log as the leader of
//     its last view never leads that view again
//     (awaitSuccessorAfterAmnesia): it waits for the others to decide the
//     next block, and otherwise gives the view up by restoring into the
//     others' view change (abdicate) — it could propose a sequence again
//     with other contents, and no view change could settle it;
//   - a replica restoring into a view change sends nothing of the view it
//     leaves (comm.muzzle): SmartBFT starts that view before it joins the
//     view change;
//   - view data that reaches the next leader before it entered the view is
//     handed over again after each view-change message (comm.keepViewData):
//     SmartBFT drops it and never resends it;
//   - a log ending with a commit vote right after a NewView record is
//     restored from the NewView, and a log ending with a proposal the
//     ledger already holds is restored without it, the replica catching up
//     first (restorable, endsWithProposal): SmartBFT panics on the first,
//     and on the second resumes at the old sequence, even when its own
//     start-up sync passed it;
//   - a log ending with view-change votes after a proposal in flight is
//     restored without the votes (inFlightBeforeViewChange): SmartBFT
//     restores the proposal only from the last record, and a replica that
//     forgot a proposal it had committed could help a new view put another
//     block at that height;
//   - the log content a SmartBFT instance started from is retired once
//     restored (retireInitialContent): SmartBFT restores it again at every
//     reconfiguration, bringing a decided proposal back as in flight;
//   - a replica that starts announces it, and its peers send it their
//     proposal in flight and their votes again (comm.resendInFlight):
//     SmartBFT sends each once, and a replica that started after them
//     held the sequence up until the request timeouts;
//   - a SmartBFT instance whose Stop does not return (a deadlock between
//     delivering a block and aborting the view that decided it) is
//     abandoned after ten seconds, its comm retired (stopBFT);
//   - the lag watch (checkLag): a replica stuck behind f+1 peers for five
//     seconds, alone in a view change no one joins, restarts its SmartBFT
//     instance (rejoin), catching up first and carrying its waiting
//     requests over.
//
// Tuning turns SmartBFT's defaults, made for Fabric's wide-area ordering
// service, into seconds-scale failover on a LAN.
//
// The edges are injected through Config, so that a test or a simulator can
// run whole clusters in one process: the Transport (the network), the
// Ledger (the chain), the Clock (block times, and the tickers that drive
// SmartBFT's heartbeats and view-change timers: SystemClock by default) and
// the WALStorage that holds SmartBFT's write-ahead log (FileWAL in the
// node's data directory by default, or a MemoryWAL that survives a
// replica's Stop and Start and can be dropped to model a lost disk).
//
// Not everything is injected: SmartBFT's own timers (the request pool's
// forward, complain and auto-remove timeouts, set with time.AfterFunc; the
// batcher's time.After; the state collector's timer during sync) read the
// Go runtime's clock directly. A deterministic simulation therefore runs
// inside a testing/synctest bubble, which virtualises them; outside one,
// those timeouts elapse in real time.
package consensus
