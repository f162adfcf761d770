package consensus

import (
	"time"

	bft "github.com/hyperledger-labs/SmartBFT/pkg/types"

	"github.com/causeway/causeway/types"
)

// Tuning is the timing of the consensus protocol. SmartBFT's defaults (20 s
// complaint timeout, 1 min heartbeat timeout, 100-request batches) suit a
// wide-area ordering service; these suit a consortium on a LAN, where a
// crashed leader should be replaced within a few seconds.
type Tuning struct {
	// Tick drives heartbeats and view-change timers.
	Tick time.Duration
	// HeartbeatTimeout is how long followers wait without hearing from the
	// leader before complaining; the leader sends HeartbeatCount heartbeats
	// per timeout.
	HeartbeatTimeout time.Duration
	HeartbeatCount   uint64
	// ForwardTimeout is how long a request waits in a follower's pool before
	// the follower forwards it to the leader; ComplainTimeout is how long
	// before it complains that the leader censors it.
	ForwardTimeout  time.Duration
	ComplainTimeout time.Duration
	// AutoRemoveTimeout drops a request that was never ordered.
	AutoRemoveTimeout time.Duration
	// ViewChangeResend and ViewChangeTimeout pace view changes.
	ViewChangeResend  time.Duration
	ViewChangeTimeout time.Duration
	CollectTimeout    time.Duration
	// PoolSize bounds the requests waiting for ordering on each node.
	PoolSize uint64
	// SubmitTimeout is how long a submission waits for room in a full pool.
	SubmitTimeout time.Duration
}

// DefaultTuning is the LAN tuning used by nodes and tests.
func DefaultTuning() Tuning {
	return Tuning{
		Tick:             100 * time.Millisecond,
		HeartbeatTimeout: 2 * time.Second,
		HeartbeatCount:   10,
		// Every admitted transaction is gossiped to every node, the leader
		// included, so forwarding is only a fallback; under load requests
		// legitimately wait longer than 2 s, and forwarding them then only
		// adds work for the leader (each forwarded request is verified
		// again). A crashed leader is detected by the heartbeat timeout, not
		// by these.
		ForwardTimeout:    5 * time.Second,
		ComplainTimeout:   15 * time.Second,
		AutoRemoveTimeout: 2 * time.Minute,
		ViewChangeResend:  1 * time.Second,
		ViewChangeTimeout: 6 * time.Second,
		CollectTimeout:    500 * time.Millisecond,
		PoolSize:          50000,
		SubmitTimeout:     200 * time.Millisecond,
	}
}

// bftConfig builds SmartBFT's configuration from the chain parameters and tuning.
func bftConfig(self uint64, p types.ChainParams, t Tuning) bft.Configuration {
	c := bft.DefaultConfig
	c.SelfID = self
	c.RequestBatchMaxCount = p.BatchMaxCount
	c.RequestBatchMaxBytes = p.BatchMaxBytes
	c.RequestBatchMaxInterval = time.Duration(p.BatchMaxIntervalMs) * time.Millisecond
	c.RequestMaxBytes = uint64(p.MaxTxBytes)
	c.IncomingMessageBufferSize = 1000
	c.RequestPoolSize = t.PoolSize
	c.RequestForwardTimeout = t.ForwardTimeout
	c.RequestComplainTimeout = t.ComplainTimeout
	c.RequestAutoRemoveTimeout = t.AutoRemoveTimeout
	c.ViewChangeResendInterval = t.ViewChangeResend
	c.ViewChangeTimeout = t.ViewChangeTimeout
	c.LeaderHeartbeatTimeout = t.HeartbeatTimeout
	c.LeaderHeartbeatCount = t.HeartbeatCount
	c.NumOfTicksBehindBeforeSyncing = 10
	c.CollectTimeout = t.CollectTimeout
	c.SyncOnStart = true
	c.SpeedUpViewChange = false
	c.LeaderRotation = false
	c.DecisionsPerLeader = 0
	c.RequestPoolSubmitTimeout = t.SubmitTimeout
	return c
}
