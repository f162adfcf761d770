package sim

import (
	"reflect"
	"sync"
	"unsafe"

	"github.com/hyperledger-labs/SmartBFT/smartbftprotos"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/consensus"
)

// inFlightBusy reports whether c's SmartBFT view changer holds its
// in-flight view lock. SmartBFT holds that lock while it waits two ticks
// before committing an in-flight proposal after a view change, and its
// message handler takes it too (for prepares, pre-prepares and commits).
// Inside a synctest bubble a goroutine blocked on a mutex is not durably
// blocked, so the fake clock would stop and the ticks would never come:
// the driver holds such messages back (a short network delay) while the
// lock is held. It reads unexported fields through reflection: the sim
// must not change consensus to look inside it.
func inFlightBusy(c *consensus.Consensus) bool {
	bft := reflect.ValueOf(c).Elem().FieldByName("bft")
	if !bft.IsValid() || bft.IsNil() {
		return false
	}
	vc := bft.Elem().FieldByName("viewChanger")
	if !vc.IsValid() || vc.IsNil() {
		return false
	}
	f := vc.Elem().FieldByName("inFlightViewLock")
	if !f.IsValid() {
		return false
	}
	mu := (*sync.RWMutex)(unsafe.Pointer(f.UnsafeAddr()))
	if !mu.TryRLock() {
		return true
	}
	mu.RUnlock()
	return false
}

// isViewMessage reports whether raw is a SmartBFT pre-prepare, prepare or
// commit (the messages whose handling takes the in-flight view lock).
func isViewMessage(raw []byte) bool {
	m := &smartbftprotos.Message{}
	if proto.Unmarshal(raw, m) != nil {
		return false
	}
	switch m.Content.(type) {
	case *smartbftprotos.Message_PrePrepare, *smartbftprotos.Message_Prepare, *smartbftprotos.Message_Commit:
		return true
	}
	return false
}
