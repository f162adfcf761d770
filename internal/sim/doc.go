// Package sim is a deterministic whole-cluster simulator: N full Causeway
// replicas (SmartBFT consensus through package consensus, the admission
// pool, execution and the Pebble store on an in-memory, crashable file
// system) run in one process, over a simulated network and a simulated
// clock, driven by a seed, under a schedule of faults; checkers then say
// whether any rule was broken.
//
// # Determinism
//
// Each schedule runs inside a testing/synctest bubble. Every clock the
// replicas read (time.Now, timers, tickers, context deadlines) is the
// bubble's fake clock, which moves only when every goroutine of the bubble
// is durably blocked. One driver goroutine owns the run: it advances the
// clock to the next thing due, waits for the replicas to go quiet
// (synctest.Wait), collects what they sent, orders it canonically (sender,
// receiver, content hash; never arrival order) and decides with a seeded
// generator, message by message, whether it is lost, duplicated, and when
// it arrives; then it delivers the due messages one at a time, each
// handled before the next. SmartBFT's two tick channels are fed by the
// driver too (consensus.Config.Tickers), each replica at its own phase and
// one channel at a time, and the clients act at microsecond-random times,
// because events of one instant inside one replica race (Go's select picks
// a ready case at random). So the same seed gives the same trace of
// delivered messages and the same block hashes (TestSameSeedSameRun); the
// consortium's keys and certificates are derived from fixed labels, so
// this holds across processes and machines too.
//
// Two properties of SmartBFT bend the design. It holds a mutex while it
// waits for time to pass (the view changer's in-flight lock across two
// ticks, the controller's sync lock while it collects state responses);
// inside a bubble a goroutine waiting for a mutex is not durably blocked,
// so the clock would stop for good. The driver holds back, for a short
// network delay, the messages whose handling would take such a lock while
// it is held (see holdBack), and block sync takes no simulated time.
//
// # Faults
//
// A Schedule (Generate(seed), or ParseSchedule of a printed one) lists
// faults, each from a time for a duration: Crash (nodes stop and restart
// with what their store had synced: Pebble's crash clone), Wipe (a node
// restarts with no data and resyncs), Partition and OneWay (symmetric and
// asymmetric link cuts), Chaos (loss, duplication, extra delay that
// reorders), Slow (extra delay on a node's messages) and Byzantine: an
// equivocating leader (different valid proposals to different followers),
// proposals carrying badly signed or already committed transactions,
// garbage, replays of old messages, conflicting prepares and commits, and
// a block server that claims a higher height and serves forged or
// fabricated blocks (no quorum, or altered) to syncing peers. Byzantine and
// wiped nodes together never exceed f; crashes of any number of nodes,
// the whole cluster included, are allowed. Clients retry at other nodes
// and sometimes send one transaction to two nodes.
//
// # Workload and checkers
//
// Sequential clients read and write registers of an EVM contract
// (testdata/KV.sol): every operation, reads included, is a transaction
// whose receipt carries the result, so reads are ordered with writes. A
// client's operation returns when a node it sent it to commits it (the
// acknowledgement). The checkers:
//
//   - agreement: one block per height on every honest replica, across
//     restarts and data loss too;
//   - certification: every block an honest replica commits carries a quorum
//     of valid commit signatures of the node set in force;
//   - validity: every committed transaction was submitted by a client, and
//     its signatures verify;
//   - no double execution: no transaction twice in one ledger;
//   - durability: every acknowledged transaction is, at the end, in every
//     honest replica's ledger;
//   - linearizability of the key-value history (porcupine);
//   - liveness: after the last fault heals, a probe transaction is
//     committed by every honest replica within LivenessBound; the time it
//     took is the run's recovery time.
//
// A failing schedule prints the command that replays it and is shrunk
// (Shrink: faults removed one at a time, durations and the workload
// halved, Byzantine behaviours dropped) to a small counterexample, printed
// with its own replay command.
package sim
