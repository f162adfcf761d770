package consensus

import (
	"sync"

	"github.com/causeway/causeway/types"
)

// VerifiedSet remembers the hashes of transactions whose signatures this node
// has verified, so that each signature is verified once per node: at admission
// to the pool, not again when the transaction arrives in a proposal. It holds
// at most about 2*capacity hashes, forgetting the oldest generation first.
type VerifiedSet struct {
	mu       sync.Mutex
	capacity int
	cur      map[types.Hash]struct{}
	prev     map[types.Hash]struct{}
}

// NewVerifiedSet makes a set of the given capacity per generation.
func NewVerifiedSet(capacity int) *VerifiedSet {
	return &VerifiedSet{capacity: capacity, cur: map[types.Hash]struct{}{}, prev: map[types.Hash]struct{}{}}
}

// Add records that h's signatures are valid.
func (s *VerifiedSet) Add(h types.Hash) {
	s.mu.Lock()
	if len(s.cur) >= s.capacity {
		s.prev, s.cur = s.cur, make(map[types.Hash]struct{}, s.capacity)
	}
	s.cur[h] = struct{}{}
	s.mu.Unlock()
}

// Contains reports whether h's signatures were verified.
func (s *VerifiedSet) Contains(h types.Hash) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.cur[h]; ok {
		return true
	}
	_, ok := s.prev[h]
	return ok
}
