package node

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"

	"github.com/causeway/causeway/api"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
)

// Health statuses of a node (api.HealthServing is the ready one).
const (
	// HealthNotAConsenter: the node is outside the node set and never was in
	// it (a new org's node waiting to be admitted); it syncs blocks.
	HealthNotAConsenter = "not_a_consenter"
	// HealthRemoved: governance removed the node from the node set; it no
	// longer takes part in consensus.
	HealthRemoved = "removed"
	// HealthLedgerCorrupted: the node found its storage damaged.
	HealthLedgerCorrupted = "ledger_corrupted"
	// HealthStarting: the node is in the node set but its consensus does
	// not run yet (a newly admitted node catching up before it joins).
	HealthStarting = "starting"
)

// Health is a node's health answer.
type Health struct {
	// Status is api.HealthServing or one of the Health* statuses.
	Status string `json:"status"`
	// Ready is true only while the node is a serving consensus node.
	Ready bool `json:"ready"`
	// Reason says why the node is not ready (empty when ready).
	Reason string `json:"reason,omitempty"`
	// Height is the committed height.
	Height uint64 `json:"height"`
}

// healthCache remembers, per configuration version, why this node is
// outside the node set.
type healthCache struct {
	mu      sync.Mutex
	version uint64
	h       Health
}

// Health says whether the node is a serving member of the node set. A node
// outside it says so: "removed" (with the height from which governance
// removed it) or "not_a_consenter" (never admitted yet), and is not ready.
// Cost: memory only, except once per configuration change for a node
// outside the node set (a scan of the configuration history).
func (n *Node) Health() Health {
	height := n.store.Head().Height
	if ce := n.Failure(); ce != nil {
		return Health{Status: HealthLedgerCorrupted, Height: height,
			Reason: fmt.Sprintf("ledger corrupted: %s: %s; stop the node and run \"causeway node rebuild\"", ce.File, ce.Reason)}
	}
	chain := n.ChainConfig()
	if _, in := chain.Node(n.cfg.ID); in {
		if n.consensus != nil && !n.consensus.Running() && !n.stopping.Load() {
			return Health{Status: HealthStarting, Height: height,
				Reason: "in the node set, but consensus is not running yet: the node is catching up with its peers before it joins"}
		}
		return Health{Status: api.HealthServing, Ready: true, Height: height}
	}
	c := &n.health
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != chain.Version || c.h.Status == "" {
		c.version, c.h = chain.Version, n.outsiderHealth(chain)
	}
	h := c.h
	h.Height = height
	return h
}

// outsiderHealth explains why a node outside chain's node set is there.
func (n *Node) outsiderHealth(chain *types.ChainConfig) Health {
	// Walk the configurations in height order: was this node ever in the
	// node set, and from which height is it out?
	_, wasIn := n.genesis.Config().Node(n.cfg.ID)
	member, removedFrom, version := wasIn, uint64(0), uint64(0)
	if sn, err := n.store.Snapshot(); err == nil {
		_ = state.ScanConfigHistory(sn, func(from uint64, v []byte) error {
			cfg, err := state.DecodeConfig(v)
			if err != nil {
				return nil
			}
			_, in := cfg.Node(n.cfg.ID)
			switch {
			case in:
				member, removedFrom, version = true, 0, 0
			case wasIn:
				removedFrom, version = from, cfg.Version
			}
			wasIn = in
			return nil
		})
		sn.Close()
	}
	if member {
		reason := fmt.Sprintf("node %d was removed from the node set by governance", n.cfg.ID)
		if removedFrom > 0 {
			reason += fmt.Sprintf(" (configuration v%d, in force from height %d)", version, removedFrom)
		}
		return Health{Status: HealthRemoved, Reason: reason + "; it no longer takes part in consensus"}
	}
	return Health{Status: HealthNotAConsenter, Reason: fmt.Sprintf("node %d is not in the node set (configuration v%d): it syncs blocks until governance adds it", n.cfg.ID, chain.Version)}
}

// HealthStatus implements api.HealthReporter.
func (b *backend) HealthStatus() (status string, ready bool, reason string) {
	h := (*Node)(b).Health()
	return h.Status, h.Ready, h.Reason
}

// serveHealthz answers the admin /healthz: the Health answer as JSON, with
// status 200 when ready and 503 otherwise (what load balancers and
// orchestrators test).
func (n *Node) serveHealthz(w http.ResponseWriter, _ *http.Request) {
	h := n.Health()
	w.Header().Set("Content-Type", "application/json")
	if !h.Ready {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	_ = json.NewEncoder(w).Encode(h)
}

// syncServing makes the standard grpc.health.v1 service answer what Health
// says: SERVING only while the node is a ready member of the node set.
func (n *Node) syncServing() { n.api.SetServing(n.Health().Ready) }

// watchFailure turns the health service to NOT_SERVING as soon as the node
// finds its ledger damaged while it runs.
func (n *Node) watchFailure(stop <-chan struct{}) {
	select {
	case <-n.Failed():
		n.syncServing()
	case <-stop:
	}
}
