package node

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// RebuildOptions adjust Rebuild.
type RebuildOptions struct {
	// Logger receives the node's log (default: discarded).
	Logger *slog.Logger
	// Progress, if set, is called about twice a second while blocks arrive.
	Progress func(RebuildProgress)
	// Now names the folder the old ledger is moved to (default time.Now).
	Now func() time.Time
	// Node adjusts the temporary node that fetches the blocks (tests).
	Node Options
}

// RebuildProgress is how far a rebuild is.
type RebuildProgress struct {
	// Height is the verified and committed height; Target the highest
	// height the peers reported when the rebuild started.
	Height uint64 `json:"height"`
	Target uint64 `json:"target"`
}

// RebuildRefusal is a peer whose blocks a rebuild refused (they failed
// verification) or could not fetch; other peers were used instead.
type RebuildRefusal struct {
	Peer   uint64 `json:"peer"`
	Reason string `json:"reason"`
}

// RebuildResult describes a finished rebuild.
type RebuildResult struct {
	// MovedTo holds the previous ledger and consensus log, kept for
	// inspection (empty if the node had none).
	MovedTo string `json:"moved_to,omitempty"`
	// Height and HeadHash are the rebuilt ledger's head.
	Height   uint64 `json:"height"`
	HeadHash string `json:"head_hash"`
	// Blocks is how many blocks were fetched, verified and re-executed.
	Blocks int `json:"blocks"`
	// Refused lists the peers whose blocks were refused.
	Refused []RebuildRefusal `json:"refused,omitempty"`
}

// ErrNodeRunning is returned by Rebuild when the node's ledger is in use.
var ErrNodeRunning = errors.New("the node is running (its ledger is locked): stop it first")

// ErrNoPeerServed is returned by Rebuild when no peer served a verifiable
// block beyond the genesis.
var ErrNoPeerServed = errors.New("no peer served verifiable blocks")

// Rebuild restores a stopped node's ledger from its peers. It moves the
// ledger and the consensus log aside into <data_dir>/corrupted-<time>/ (never
// deleting them), creates a fresh ledger from the genesis, and fetches the
// chain from the peers of the configuration in force, block after block,
// through the same path as the node's own catch-up: every block must extend
// the local head (hash chain), carry the transaction root of its
// transactions and the state and receipt roots of the local re-execution of
// its parent, and be signed by a quorum of the node set in force at its
// height. A peer whose block fails is refused and the next peer is asked.
// The last block's own state root is checked by the next block the node
// commits after it restarts (headers carry their parent's roots).
//
// Rebuild returns ErrNodeRunning if the node holds its ledger, and
// ErrNoPeerServed if no peer answered or none served a verifiable block.
// Progress is called from one goroutine at a time, never after Rebuild
// returns.
func Rebuild(ctx context.Context, cfg *Config, opts RebuildOptions) (*RebuildResult, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	res := &RebuildResult{}
	moved, err := moveLedgerAside(cfg, now())
	if err != nil {
		return nil, err
	}
	res.MovedTo = moved
	nopts := opts.Node
	nopts.Logger = log
	n, err := New(cfg, nopts)
	if err != nil {
		return res, fmt.Errorf("fresh ledger: %w", err)
	}
	defer n.Stop()
	// Only the peers are needed: no listener, no consensus replica.
	peers, err := peersOf(n.ChainConfig())
	if err != nil {
		return res, err
	}
	n.net.SetPeers(peers)

	var target uint64
	answered := 0
	for _, id := range n.ChainConfig().NodeIDs() {
		if id == cfg.ID {
			continue
		}
		cctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		if h, err := n.net.PeerHeight(cctx, id); err == nil {
			target = max(target, h)
			answered++
		}
		cancel()
	}
	if answered == 0 {
		return res, fmt.Errorf("%w: no peer of the node set %v answered", ErrNoPeerServed, n.ChainConfig().NodeIDs())
	}
	done := make(chan struct{})
	var reporter sync.WaitGroup
	stopProgress := sync.OnceFunc(func() { close(done); reporter.Wait() })
	defer stopProgress()
	if opts.Progress != nil {
		reporter.Add(1)
		go func() {
			defer reporter.Done()
			t := time.NewTicker(500 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-done:
					return
				case <-t.C:
					opts.Progress(RebuildProgress{Height: n.Head().Height, Target: target})
				}
			}
		}()
	}
	refused := map[uint64]string{}
	var order []uint64
	for {
		k, failed, err := n.consensus.CatchUpReport(ctx)
		for _, f := range failed {
			if _, seen := refused[f.Peer]; !seen {
				order = append(order, f.Peer)
			}
			refused[f.Peer] = f.Err.Error()
		}
		res.Blocks += k
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
		if k == 0 {
			if err != nil && n.Head().Height == 0 {
				return res, fmt.Errorf("%w: %v", ErrNoPeerServed, err)
			}
			break
		}
	}
	for _, id := range order {
		res.Refused = append(res.Refused, RebuildRefusal{Peer: id, Reason: refused[id]})
	}
	head := n.Head()
	if head.Height == 0 && target > 0 {
		return res, ErrNoPeerServed
	}
	if err := n.store.Verify(ctx, nil); err != nil {
		return res, fmt.Errorf("rebuilt ledger: %w", err)
	}
	res.Height, res.HeadHash = head.Height, head.Hash.String()
	stopProgress()
	if opts.Progress != nil {
		opts.Progress(RebuildProgress{Height: head.Height, Target: max(target, head.Height)})
	}
	return res, nil
}

// moveLedgerAside moves the node's ledger and consensus log into a new
// folder <data_dir>/corrupted-<time>; it returns "" when there is nothing to
// move. It refuses while a process holds the ledger's lock.
func moveLedgerAside(cfg *Config, at time.Time) (string, error) {
	ledger := LedgerDir(cfg)
	wal := filepath.Join(cfg.DataDir, "wal")
	var parts []string
	for _, p := range []string{ledger, wal} {
		if _, err := os.Stat(p); err == nil {
			parts = append(parts, p)
		} else if !errors.Is(err, os.ErrNotExist) {
			return "", err
		}
	}
	if len(parts) == 0 {
		return "", nil
	}
	if _, err := os.Stat(filepath.Join(ledger, "LOCK")); err == nil {
		lock, err := vfs.Default.Lock(filepath.Join(ledger, "LOCK"))
		if err != nil {
			return "", fmt.Errorf("%w (%v)", ErrNodeRunning, err)
		}
		lock.Close()
	}
	dst := filepath.Join(cfg.DataDir, "corrupted-"+at.UTC().Format("20060102T150405Z"))
	for i := 2; ; i++ {
		if _, err := os.Stat(dst); errors.Is(err, os.ErrNotExist) {
			break
		}
		dst = filepath.Join(cfg.DataDir, fmt.Sprintf("corrupted-%s-%d", at.UTC().Format("20060102T150405Z"), i))
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return "", err
	}
	for _, p := range parts {
		if err := os.Rename(p, filepath.Join(dst, filepath.Base(p))); err != nil {
			return "", fmt.Errorf("move %s aside: %w", p, err)
		}
	}
	return dst, nil
}
