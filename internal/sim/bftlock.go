package sim

import (
	"fmt"
	"reflect"
	"sync"
	"unsafe"

	"github.com/hyperledger-labs/SmartBFT/smartbftprotos"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/consensus"
	"github.com/causeway/causeway/p2p/p2ppb"
)

// SmartBFT holds some locks while it waits for time to pass: the view
// changer's in-flight view lock for two ticks before it commits an
// in-flight proposal after a view change, and the controller's sync lock
// while it collects state responses (up to its collect timeout). Inside a
// synctest bubble a goroutine blocked on a mutex is not durably blocked, so
// a goroutine waiting for such a lock stops the fake clock, and with it
// the lock holder's wait: the run hangs for ever. The driver therefore
// holds back (a short network delay) the messages that would make a
// replica's goroutine take such a lock while it is held: prepares,
// pre-prepares and commits (their handler takes the in-flight lock; their
// decision takes the sync lock) and view-change messages (an in-flight
// decision). It reads SmartBFT's unexported fields through reflection: the
// simulator must not change consensus to look inside it.

// bftField returns the named field of the value p points to (invalid if
// any step is missing).
func bftField(p reflect.Value, name string) reflect.Value {
	if !p.IsValid() || p.Kind() != reflect.Pointer || p.IsNil() {
		return reflect.Value{}
	}
	return p.Elem().FieldByName(name)
}

// heldLocks reports whether c's SmartBFT holds its in-flight view lock and
// its controller's sync lock. Call it only when the bubble is quiescent.
func heldLocks(c *consensus.Consensus) (inFlight, syncing bool) {
	bft := bftField(reflect.ValueOf(c), "bft")
	if f := bftField(bftField(bft, "viewChanger"), "inFlightViewLock"); f.IsValid() {
		mu := (*sync.RWMutex)(unsafe.Pointer(f.UnsafeAddr()))
		if mu.TryLock() {
			mu.Unlock()
		} else {
			inFlight = true
		}
	}
	if f := bftField(bftField(bft, "controller"), "syncLock"); f.IsValid() {
		mu := (*sync.Mutex)(unsafe.Pointer(f.UnsafeAddr()))
		if mu.TryLock() {
			mu.Unlock()
		} else {
			syncing = true
		}
	}
	return inFlight, syncing
}

// reconfiguring reports whether c's SmartBFT holds its consensus lock for
// writing (a reconfiguration stopping and restarting its components, which
// may wait for time to pass); every message handler takes it for reading.
// It is a guess when the bubble is not quiescent.
func reconfiguring(c *consensus.Consensus) bool {
	f := bftField(bftField(reflect.ValueOf(c), "bft"), "consensusLock")
	if !f.IsValid() {
		return false
	}
	mu := (*sync.RWMutex)(unsafe.Pointer(f.UnsafeAddr()))
	if mu.TryRLock() {
		mu.RUnlock()
		return false
	}
	return true
}

// orderer is the admission pool's way into consensus in the sim: during a
// reconfiguration it refuses transactions (as consensus refuses them when
// it is not running) instead of waiting for the consensus lock.
type orderer struct{ c *consensus.Consensus }

func (o orderer) Submit(raw []byte) error {
	if reconfiguring(o.c) {
		return consensus.ErrNotRunning
	}
	return o.c.Submit(raw)
}

func (o orderer) Prune(drop func(raw []byte) bool) { o.c.Prune(drop) }

// holdBack reports whether a consensus message (or forwarded request) must
// wait before it is handed to c (see above).
func holdBack(c *consensus.Consensus, raw []byte) bool {
	if reconfiguring(c) {
		return true
	}
	if raw == nil {
		return false // a forwarded request
	}
	inFlight, syncing := heldLocks(c)
	if !inFlight && !syncing {
		return false
	}
	m := &smartbftprotos.Message{}
	if proto.Unmarshal(raw, m) != nil {
		return false
	}
	switch m.Content.(type) {
	case *smartbftprotos.Message_PrePrepare, *smartbftprotos.Message_Prepare, *smartbftprotos.Message_Commit:
		return true
	case *smartbftprotos.Message_ViewChange, *smartbftprotos.Message_ViewData, *smartbftprotos.Message_NewView:
		return syncing
	}
	return false
}

// kindOf names a peer message's kind, for the trace.
func kindOf(m *p2ppb.PeerMessage) string {
	switch k := m.Kind.(type) {
	case *p2ppb.PeerMessage_Consensus:
		c := &smartbftprotos.Message{}
		if proto.Unmarshal(k.Consensus, c) != nil || c.Content == nil {
			return "bad"
		}
		return fmt.Sprintf("%T", c.Content)[len("*smartbftprotos.Message_"):]
	case *p2ppb.PeerMessage_Forward:
		return "forward"
	case *p2ppb.PeerMessage_Txs:
		return fmt.Sprintf("txs/%d", len(k.Txs.GetTxs()))
	}
	return "?"
}
