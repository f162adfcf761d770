// Package testonly holds switches that re-enable known bugs, so that tests
// can show the simulator (internal/sim) catches them. Production code
// reads them; nothing but tests ever sets them.
package testonly

import "sync/atomic"

// SkipSyncQuorum, when set, makes a syncing node accept a fetched block
// without checking its commit quorum (the bug a forged block exploits).
// TEST ONLY.
var SkipSyncQuorum atomic.Bool
