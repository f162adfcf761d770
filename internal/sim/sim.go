package sim

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash"
	"log/slog"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"sync"
	"testing/synctest"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/consensus"
	"github.com/causeway/causeway/p2p/p2ppb"
	"github.com/causeway/causeway/types"
)

// Sim is one simulated cluster. It must be made and run inside a
// testing/synctest bubble: its clock is the bubble's.
type Sim struct {
	seed   uint64
	rng    *rand.Rand
	cons   *Consortium
	tuning consensus.Tuning
	tmp    string
	log    *slog.Logger

	net      *network
	replicas []*replica // by index; node id = index+1

	// links[from][to] false = the directed link is cut.
	cut map[[2]uint64]bool

	trace      hash.Hash
	traceCount int

	mu      sync.Mutex
	ledgers map[uint64]*ledgerView // what each replica committed
	// firstCommit is when each transaction was first committed by any
	// replica, with its receipt.
	firstCommit map[types.Hash]commitInfo
	lastCommit  time.Time
	violations  []string
}

type commitInfo struct {
	at      time.Time
	height  uint64
	receipt *types.Receipt
}

// ledgerView is what the sim saw one replica commit.
type ledgerView struct {
	hashes []types.Hash // block hash by height-1
	txs    map[types.Hash]uint64
}

// Options configure a Sim.
type Options struct {
	Nodes int
	// TempDir holds the replicas' WALs.
	TempDir string
	Logger  *slog.Logger
}

// New builds a cluster of opts.Nodes replicas with the consortium of that
// size, seeded by seed. Call it inside a synctest bubble.
func New(seed uint64, opts Options) (*Sim, error) {
	if opts.Nodes == 0 {
		opts.Nodes = 4
	}
	if opts.Logger == nil {
		opts.Logger = quiet
	}
	s := &Sim{
		seed: seed, rng: rand.New(rand.NewPCG(seed, 0x5eed)), cons: consortiumOf(opts.Nodes),
		tuning: simTuning(), tmp: opts.TempDir, log: opts.Logger, net: newNetwork(),
		cut: map[[2]uint64]bool{}, trace: sha256.New(), ledgers: map[uint64]*ledgerView{},
		firstCommit: map[types.Hash]commitInfo{},
	}
	for i := 0; i < opts.Nodes; i++ {
		id := uint64(i + 1)
		r := &replica{id: id, sim: s, g: s.cons.Genesis, signer: s.cons.SignKeys[i], fs: vfs.NewCrashableMem(),
			walDir: filepath.Join(s.tmp, fmt.Sprintf("wal%d-0", id)), log: s.log.With("node", id)}
		r.ep = &endpoint{sim: s, id: id}
		s.replicas = append(s.replicas, r)
		s.ledgers[id] = &ledgerView{txs: map[types.Hash]uint64{}}
	}
	for _, r := range s.replicas {
		if err := r.open(); err != nil {
			return nil, err
		}
	}
	for _, r := range s.replicas {
		if err := r.start(); err != nil {
			return nil, err
		}
		synctest.Wait()
	}
	return s, nil
}

var (
	consortiaMu sync.Mutex
	consortia   = map[int]*Consortium{}
)

// consortiumOf returns the (deterministic) consortium of n nodes, built once.
func consortiumOf(n int) *Consortium {
	consortiaMu.Lock()
	defer consortiaMu.Unlock()
	c, ok := consortia[n]
	if !ok {
		c = NewConsortium(n)
		consortia[n] = c
	}
	return c
}

// simTuning is the consensus timing of simulated replicas: the LAN tuning.
func simTuning() consensus.Tuning {
	t := consensus.DefaultTuning()
	t.PoolSize = 2000
	return t
}

// peerIDs returns the ids of the replicas (the peers gossip goes to).
func (s *Sim) peerIDs() []uint64 {
	ids := make([]uint64, 0, len(s.replicas))
	for _, r := range s.replicas {
		ids = append(ids, r.id)
	}
	return ids
}

func (s *Sim) replica(id uint64) *replica { return s.replicas[id-1] }

// record adds an event to the trace.
func (s *Sim) record(parts ...any) {
	s.traceCount++
	fmt.Fprintln(s.trace, parts...)
}

// TraceHash is the hash of the ordered trace of delivered messages and
// driver events so far.
func (s *Sim) TraceHash() string { return fmt.Sprintf("%x", s.trace.Sum(nil)) }

// linkUp reports whether a message from -> to gets through now.
func (s *Sim) linkUp(from, to uint64) bool {
	return !s.cut[[2]uint64{from, to}]
}

// schedule moves what replicas sent to the delivery queue.
func (s *Sim) schedule() {
	now := time.Now()
	for _, e := range s.net.take() {
		if !s.linkUp(e.from, e.to) {
			continue
		}
		delay := time.Millisecond + time.Duration(s.rng.IntN(4000))*time.Microsecond
		e.at = now.Add(delay)
		s.net.enqueue(e)
	}
}

// deliver hands e to its receiver if the receiver is up and the link is.
func (s *Sim) deliver(e *envelope) {
	r := s.replica(e.to)
	if !r.up || !s.linkUp(e.from, e.to) {
		return
	}
	m := &p2ppb.PeerMessage{}
	if err := proto.Unmarshal(e.raw, m); err != nil {
		return
	}
	s.record("deliver", time.Since(epoch).Microseconds(), e.from, e.to, fmt.Sprintf("%x", e.hash[:8]))
	switch k := m.Kind.(type) {
	case *p2ppb.PeerMessage_Consensus:
		r.cons.HandleConsensus(e.from, k.Consensus)
	case *p2ppb.PeerMessage_Forward:
		r.cons.HandleForward(e.from, k.Forward)
	case *p2ppb.PeerMessage_Txs:
		r.pool.HandleTxs(e.from, k.Txs.GetTxs())
	}
}

// RunFor advances the simulation by d of simulated time.
func (s *Sim) RunFor(d time.Duration) {
	s.RunUntil(time.Now().Add(d), nil)
}

// RunUntil advances the simulation until end or until done returns true
// (checked at every step).
func (s *Sim) RunUntil(end time.Time, done func() bool) bool {
	for {
		synctest.Wait()
		s.schedule()
		now := time.Now()
		for e := s.net.due(now); e != nil; e = s.net.due(now) {
			s.deliver(e)
			synctest.Wait()
			s.schedule()
		}
		if done != nil && done() {
			return true
		}
		if !now.Before(end) {
			return false
		}
		wake := end
		if nx := s.net.next(); !nx.IsZero() && nx.Before(wake) {
			wake = nx
		}
		t := time.NewTimer(wake.Sub(now))
		select {
		case <-t.C:
		case <-s.net.notify:
		}
		t.Stop()
	}
}

// rpcWait simulates a request's round trip from -> to: it fails when either
// direction is cut or the peer is down.
func (s *Sim) rpcWait(ctx context.Context, from, to uint64) error {
	t := time.NewTimer(rpcDelay)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
		return ctx.Err()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.linkUp(from, to) || !s.linkUp(to, from) || !s.replica(to).up {
		return errUnreachable
	}
	return nil
}

func (s *Sim) serveHeight(id uint64) (uint64, error) {
	r := s.replica(id)
	return r.store.Head().Height, nil
}

func (s *Sim) serveBlock(id, h uint64) (*types.Block, error) {
	r := s.replica(id)
	if h > r.store.Head().Height {
		return nil, nil
	}
	return r.store.Block(h)
}

// committed is called by a replica for each block it commits.
func (s *Sim) committed(r *replica, b *types.Block, receipts []*types.Receipt) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	s.lastCommit = now
	lv := s.ledgers[r.id]
	h := b.Header.Height
	bh := r.g.Suite().HeaderHash(b.Header)
	if uint64(len(lv.hashes))+1 != h {
		s.violations = append(s.violations, fmt.Sprintf("node %d committed height %d after %d", r.id, h, len(lv.hashes)))
	}
	lv.hashes = append(lv.hashes, bh)
	for i, tx := range b.Txs {
		th := r.g.Suite().TxHash(tx)
		if prev, dup := lv.txs[th]; dup {
			s.violations = append(s.violations, fmt.Sprintf("node %d committed tx %s twice (heights %d and %d)", r.id, th, prev, h))
		}
		lv.txs[th] = h
		if _, ok := s.firstCommit[th]; !ok {
			s.firstCommit[th] = commitInfo{at: now, height: h, receipt: receipts[i]}
		}
	}
}

// Heights returns each replica's committed height, by index.
func (s *Sim) Heights() []uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]uint64, len(s.replicas))
	for i, r := range s.replicas {
		out[i] = uint64(len(s.ledgers[r.id].hashes))
	}
	return out
}

// BlockHashes returns the hash of every block at heights 1..h that every
// replica committed, as one digest per replica (for comparing runs).
func (s *Sim) BlockHashes() [][]types.Hash {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([][]types.Hash, len(s.replicas))
	for i, r := range s.replicas {
		out[i] = slices.Clone(s.ledgers[r.id].hashes)
	}
	return out
}

// Stop stops every replica (the bubble must end with no goroutine left).
func (s *Sim) Stop() {
	for _, r := range s.replicas {
		r.stop()
		synctest.Wait()
	}
}

func u64(b []byte) uint64 { return binary.BigEndian.Uint64(b) }
