// Package netlimit bounds what unauthenticated clients can hold on a
// node's listeners: a connection cap per listener, a cap on connections
// without a verified member certificate (overall and per source address),
// a deadline for the TLS handshake, and rate-limited logging of refusals.
//
// A Listener wraps a net.Listener. Every accepted connection starts
// unauthenticated and counts against the per-address cap. The TLS
// configuration returned by WatchTLS reports each handshake's outcome to
// the connection it ran on: a connection that presented a certificate
// which the configuration's own VerifyConnection accepted is reclassified
// as a member's and leaves the per-address and unauthenticated counts, so
// members are bounded only by the listener's total cap. A connection that
// completes its handshake without a certificate (REST health checks)
// stays unauthenticated until it closes; the server's own read and idle
// timeouts end it. One that has not completed its handshake by the
// deadline is closed.
//
// Connections beyond an address's cap wait, a few at a time
// (PendingPerIP), for a slot of that address instead of being refused,
// so that members behind one address (a NAT, or a test cluster on
// loopback) whose handshakes overlap take turns; a waiting connection is
// still closed at its handshake deadline. When the unauthenticated cap is
// reached, the oldest unauthenticated connection is closed to admit the
// new one, so a member can always start a handshake while outsiders hold
// every slot they are allowed.
//
// A RefusalLog writes at most Burst lines per Interval for one listener
// and then one summary line per Interval with the number of refusals it
// did not write.
package netlimit
