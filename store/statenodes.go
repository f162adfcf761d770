package store

import "github.com/cockroachdb/pebble/v2"

// StateNode returns the state tree node with the given 32-byte digest, or
// (nil, nil) if no committed block wrote it. Nodes are immutable and never
// deleted, so a node once found stays readable; the tree of every committed
// height can be read through StateNode. It has the shape of smt.NodeReader's
// GetNode (see state.NodeReader). The returned slice may be shared with
// the store's node cache: the caller must not modify it.
// Cost: a cache lookup; on a miss, one point read.
func (s *Store) StateNode(digest []byte) ([]byte, error) {
	if v := s.nodes.get(digest); v != nil {
		return v, nil
	}
	if err := s.acquire(); err != nil {
		return nil, err
	}
	defer s.release()
	return s.readNode(s.db, digest)
}

// StateNode is Store.StateNode as of the snapshot's head.
func (sn *Snapshot) StateNode(digest []byte) ([]byte, error) {
	if v := sn.s.nodes.get(digest); v != nil {
		return v, nil
	}
	if err := sn.acquire(); err != nil {
		return nil, err
	}
	defer sn.s.release()
	return sn.s.readNode(sn.snap, digest)
}

func (s *Store) readNode(r pebble.Reader, digest []byte) ([]byte, error) {
	v, ok, err := getCopy(r, stateNodeKey(digest))
	if err != nil || !ok {
		return nil, err
	}
	s.nodes.put(digest, v)
	return v, nil
}

// cacheNodes caches the nodes a commit wrote (copied: the caller keeps its slices).
func (s *Store) cacheNodes(nodes []Write) {
	if s.nodes == nil || len(nodes) == 0 {
		return
	}
	n := 0
	for _, w := range nodes {
		n += len(w.Value)
	}
	slab := make([]byte, 0, n)
	for _, w := range nodes {
		slab = append(slab, w.Value...)
		s.nodes.put(w.Key, slab[len(slab)-len(w.Value):len(slab):len(slab)])
	}
}
