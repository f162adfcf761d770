// Package testonly holds switches that re-enable known bugs, so that tests
// can show the simulator (internal/sim) catches them. Production code
// reads them; nothing but tests ever sets them.
package testonly

import "sync/atomic"

// SkipSyncQuorum, when set, makes a syncing node accept a fetched block
// without checking its commit quorum (the bug a forged block exploits).
// TEST ONLY.
var SkipSyncQuorum atomic.Bool

// SkipProposalSignatures, when set, makes a follower accept a proposal
// whose transactions' signatures do not verify (the bug a Byzantine leader
// proposing a badly signed transaction exploits). TEST ONLY.
var SkipProposalSignatures atomic.Bool

// AmnesiacLeaderLeads, when set, lets a replica that lost its write-ahead
// log resume at once as the leader of its last block's view (the bug that
// stalled the chain in the simulator's seeds 201 and 208). TEST ONLY.
var AmnesiacLeaderLeads atomic.Bool

// AmnesiacLeaderResumes, when set, lets a replica that lost its
// write-ahead log as the leader of its last block's view wait for the
// others as before, but then resume as that view's leader instead of
// giving the view up (the bug that stalled the simulator's seeds 1275 and
// 7740). TEST ONLY.
var AmnesiacLeaderResumes atomic.Bool

// ViewDataNotRedelivered, when set, stops consensus from handing a peer's
// early view data to SmartBFT again after a view-change message (the bug
// that stalled view changes in the simulator's seeds 5093 and 5242). TEST
// ONLY.
var ViewDataNotRedelivered atomic.Bool

// StuckReplicaStays, when set, keeps a replica that is stuck behind the
// others (alone in a view change) from restarting its consensus instance
// (the lag watch). TEST ONLY.
var StuckReplicaStays atomic.Bool

// ReconfigRestoresWAL, when set, leaves SmartBFT the write-ahead log
// content its instance started from, which it restores again at every
// reconfiguration (the bug that stalled the simulator's seed 3429). TEST
// ONLY.
var ReconfigRestoresWAL atomic.Bool

// InFlightNotResent, when set, stops a replica from sending its proposal
// in flight and its votes again to a peer that announces it started (the
// bug that stalled the simulator's seeds 627 and 4564 for the request
// timeouts). TEST ONLY.
var InFlightNotResent atomic.Bool

// StaleProposalRestored, when set, starts SmartBFT on a write-ahead log
// that ends with a proposal without catching up first, so that SmartBFT's
// own start-up sync can pass that proposal and still restore it as in
// flight. TEST ONLY.
var StaleProposalRestored atomic.Bool

// InFlightForgottenInViewChange, when set, hands SmartBFT a write-ahead log
// that ends with a view-change vote after a proposal in flight, which it
// restores without the proposal (the bug that forked the simulator's seed
// 992). TEST ONLY.
var InFlightForgottenInViewChange atomic.Bool

// ViewOfInFlightForgotten, when set, starts a replica whose write-ahead log
// ends with a proposal of a later view than its last block's in its last
// block's view, as SmartBFT does on its own: its controller and its
// restored proposal then disagree on the view (the stall of the
// simulator's seed 3074). TEST ONLY.
var ViewOfInFlightForgotten atomic.Bool
