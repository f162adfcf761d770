package store

import (
	"sync"

	"github.com/causeway/causeway/types"
)

// DefaultStateNodeCacheSize is the memory the state tree node cache may
// use unless WithStateNodeCache says otherwise.
const DefaultStateNodeCacheSize = 64 << 20

// WithStateNodeCache sets how many bytes of state tree nodes the store keeps
// in memory (0 disables the cache). Nodes are immutable and keyed by their
// digest, so the cache never needs invalidating; it holds the nodes read
// and written most recently, which are the upper levels of the tree and the
// paths of recent blocks: what the next block's update reads.
func WithStateNodeCache(bytes int64) Option { return func(c *config) { c.nodeCache = bytes } }

// nodeCache is a sharded, approximately least-recently-used cache of state
// tree nodes: each shard has a current and a previous generation; a shard
// whose current generation outgrows its budget drops the previous one and
// starts a new one, and a hit in the previous generation moves the node to
// the current one. Cached slices are shared and never modified.
type nodeCache struct {
	shards [nodeCacheShards]nodeShard
}

const nodeCacheShards = 16

type nodeShard struct {
	mu        sync.Mutex
	cur, prev map[types.Hash][]byte
	size, max int64
}

// entryOverhead approximates a map entry's cost beyond its value bytes.
const entryOverhead = 96

func newNodeCache(bytes int64) *nodeCache {
	if bytes <= 0 {
		return nil
	}
	c := &nodeCache{}
	for i := range c.shards {
		// Two generations per shard: each may reach half the shard's budget.
		c.shards[i].max = bytes / nodeCacheShards / 2
		c.shards[i].cur = map[types.Hash][]byte{}
	}
	return c
}

func (c *nodeCache) shard(k *types.Hash) *nodeShard { return &c.shards[k[0]%nodeCacheShards] }

// get returns the cached node with digest d, or nil.
func (c *nodeCache) get(d []byte) []byte {
	if c == nil || len(d) != types.HashSize {
		return nil
	}
	k := types.Hash(d)
	s := c.shard(&k)
	s.mu.Lock()
	defer s.mu.Unlock()
	if v, ok := s.cur[k]; ok {
		return v
	}
	if v, ok := s.prev[k]; ok {
		s.putLocked(k, v)
		return v
	}
	return nil
}

// put caches node v (owned by the cache from now on) under digest d.
func (c *nodeCache) put(d, v []byte) {
	if c == nil || len(d) != types.HashSize {
		return
	}
	k := types.Hash(d)
	s := c.shard(&k)
	s.mu.Lock()
	s.putLocked(k, v)
	s.mu.Unlock()
}

func (s *nodeShard) putLocked(k types.Hash, v []byte) {
	if _, ok := s.cur[k]; ok {
		return
	}
	s.cur[k] = v
	s.size += int64(len(v)) + entryOverhead
	if s.size > s.max {
		s.prev, s.cur, s.size = s.cur, make(map[types.Hash][]byte, len(s.cur)), 0
	}
}
