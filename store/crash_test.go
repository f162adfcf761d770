package store

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/vfs"
)

// crashPoint is a crash clone of the file system together with the height of
// the last Commit that had returned before the clone was taken (-1: none).
type crashPoint struct {
	fs       *vfs.MemFS
	minDone  int
	label    string
	unsynced int
}

// checkCrashPoint reopens the store from a crash clone and checks that it is
// at a fully committed height >= p.minDone with exactly that block's data,
// and that the chain continues from there.
func checkCrashPoint(t *testing.T, cs []*Commit, p crashPoint) {
	t.Helper()
	s, err := Open("/db", WithFS(p.fs), WithLogger(quiet), WithCacheSize(1<<20))
	if err != nil {
		t.Fatalf("%s: reopen crash clone: %v", p.label, err)
	}
	defer s.Close()
	head := s.Head()
	got := -1
	if !head.Empty {
		got = int(head.Height)
	}
	if got < p.minDone || got >= len(cs) {
		t.Fatalf("%s (unsynced %d%%): recovered at height %d, want >= %d", p.label, p.unsynced, got, p.minDone)
	}
	if want := expectHead(cs, got); !headEqual(head, want) {
		t.Fatalf("%s: recovered head %+v, want %+v", p.label, head, want)
	}
	// Blocks well below the recovered head were checked at earlier points;
	// check the last few in full and the rest by hash.
	if err := verifyFrom(s, cs, got, p.minDone-1); err != nil {
		t.Fatalf("%s: recovered at %d: %v", p.label, got, err)
	}
	if got+1 < len(cs) {
		if err := s.Commit(cs[got+1]); err != nil {
			t.Fatalf("%s: commit after recovery: %v", p.label, err)
		}
		if err := verifyFrom(s, cs, got+1, got+1); err != nil {
			t.Fatalf("%s: after recommit: %v", p.label, err)
		}
	}
}

var unsyncedChoices = []int{0, 30, 70, 100}

// TestCrashBetweenCommits clones after every commit returns: the clone must
// hold exactly that commit, whatever unsynced data survives.
func TestCrashBetweenCommits(t *testing.T) {
	cs := buildChain(25, func(h int) int { return h % 6 })
	fs := vfs.NewCrashableMem()
	s := openMem(t, fs)
	defer s.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	var points []crashPoint
	clone := func(done int) {
		u := unsyncedChoices[rng.IntN(len(unsyncedChoices))]
		points = append(points, crashPoint{
			fs:       fs.CrashClone(vfs.CrashCloneCfg{UnsyncedDataPercent: u, RNG: rng}),
			minDone:  done,
			label:    fmt.Sprintf("after commit %d", done),
			unsynced: u,
		})
	}
	clone(-1)
	for h, c := range cs {
		if err := s.Commit(c); err != nil {
			t.Fatal(err)
		}
		clone(h)
	}
	for _, p := range points {
		// No commit was in flight, so the clone holds exactly minDone.
		s2, err := Open("/db", WithFS(p.fs), WithLogger(quiet))
		if err != nil {
			t.Fatal(err)
		}
		if h := s2.Head(); !headEqual(h, expectHead(cs, p.minDone)) {
			t.Fatalf("%s: head %+v", p.label, h)
		}
		if err := verifyAt(s2, cs, p.minDone); err != nil {
			t.Fatalf("%s: %v", p.label, err)
		}
		if err := s2.Close(); err != nil {
			t.Fatal(err)
		}
		checkCrashPoint(t, cs, p)
	}
}

// syncHookFS calls hook before and after every Sync of a file opened for
// writing, so crash clones can be taken in the middle of a commit: after the
// batch is written to the WAL but before (or just after) it is synced, and
// during flushes and compactions.
type syncHookFS struct {
	vfs.FS
	hook func(when string, name string)
	// reuse keeps crash clones out of ReuseForWrite: Pebble's MemFS takes its
	// clone read-lock twice there (ReuseForWrite, then Rename), so a clone
	// waiting for the write lock in between deadlocks both.
	reuse sync.RWMutex
}

type syncHookFile struct {
	vfs.File
	fs   *syncHookFS
	name string
}

func (f *syncHookFile) around(op func() error) error {
	f.fs.hook("before sync", f.name)
	err := op()
	f.fs.hook("after sync", f.name)
	return err
}

func (f *syncHookFile) Sync() error     { return f.around(f.File.Sync) }
func (f *syncHookFile) SyncData() error { return f.around(f.File.SyncData) }
func (f *syncHookFile) SyncTo(n int64) (full bool, err error) {
	err = f.around(func() error {
		var e error
		full, e = f.File.SyncTo(n)
		return e
	})
	return full, err
}

func (fs *syncHookFS) wrap(name string, f vfs.File, err error) (vfs.File, error) {
	if err != nil {
		return f, err
	}
	return &syncHookFile{File: f, fs: fs, name: name}, nil
}

func (fs *syncHookFS) Create(name string, c vfs.DiskWriteCategory) (vfs.File, error) {
	f, err := fs.FS.Create(name, c)
	return fs.wrap(name, f, err)
}

func (fs *syncHookFS) OpenReadWrite(name string, c vfs.DiskWriteCategory, opts ...vfs.OpenOption) (vfs.File, error) {
	f, err := fs.FS.OpenReadWrite(name, c, opts...)
	return fs.wrap(name, f, err)
}

func (fs *syncHookFS) ReuseForWrite(oldname, newname string, c vfs.DiskWriteCategory) (vfs.File, error) {
	fs.reuse.RLock()
	defer fs.reuse.RUnlock()
	f, err := fs.FS.ReuseForWrite(oldname, newname, c)
	return fs.wrap(newname, f, err)
}

func (fs *syncHookFS) OpenDir(name string) (vfs.File, error) {
	f, err := fs.FS.OpenDir(name)
	return fs.wrap(name, f, err)
}

// TestCrashDuringCommit takes crash clones from inside file syncs (so while a
// commit, flush or compaction is in flight) and from a goroutine racing the
// committer, with tiny memtables so that flushes and compactions happen.
func TestCrashDuringCommit(t *testing.T) {
	const blocks = 40
	cs := buildChain(blocks, func(h int) int { return 1 + (h*7)%30 })
	for _, small := range []bool{false, true} {
		t.Run(fmt.Sprintf("smallMemtable=%v", small), func(t *testing.T) {
			base := vfs.NewCrashableMem()
			var (
				mu      sync.Mutex
				rng     = rand.New(rand.NewPCG(42, 43))
				points  []crashPoint
				done    atomic.Int64 // height of the last returned Commit
				armed   atomic.Bool
				syncs   atomic.Int64
				maxPts  = 100
				stopRun = make(chan struct{})
			)
			done.Store(-1)
			hfs := &syncHookFS{FS: base}
			take := func(label string) {
				mu.Lock()
				defer mu.Unlock()
				hfs.reuse.Lock()
				defer hfs.reuse.Unlock()
				if len(points) >= maxPts {
					return
				}
				// Read done before cloning: every commit that returned before
				// this line must survive in the clone.
				minDone := int(done.Load())
				u := unsyncedChoices[rng.IntN(len(unsyncedChoices))]
				points = append(points, crashPoint{
					fs:       base.CrashClone(vfs.CrashCloneCfg{UnsyncedDataPercent: u, RNG: rng}),
					minDone:  minDone,
					label:    label,
					unsynced: u,
				})
			}
			hfs.hook = func(when, name string) {
				if !armed.Load() {
					return
				}
				n := syncs.Add(1)
				if n%3 == 0 {
					take(fmt.Sprintf("%s of %s (sync #%d)", when, name, n))
				}
			}
			var opts []Option
			if small {
				opts = append(opts, withPebbleOptions(func(o *pebble.Options) {
					o.MemTableSize = 64 << 10
					o.L0CompactionThreshold = 2
					o.LBaseMaxBytes = 256 << 10
				}))
			}
			s := openMem(t, hfs, opts...)
			armed.Store(true)

			// A goroutine cloning at arbitrary moments.
			var wg sync.WaitGroup
			wg.Add(1)
			go func() {
				defer wg.Done()
				last := int64(-2)
				for i := 0; ; i++ {
					select {
					case <-stopRun:
						return
					case <-time.After(time.Duration(i%7) * 50 * time.Microsecond):
					}
					// At most one racing clone per committed block, so
					// that the clones spread over the whole chain.
					if d := done.Load(); d != last {
						last = d
						take(fmt.Sprintf("racing clone %d", i))
					}
				}
			}()
			for h, c := range cs {
				if err := s.Commit(c); err != nil {
					t.Fatal(err)
				}
				done.Store(int64(h))
			}
			close(stopRun)
			wg.Wait()
			armed.Store(false)
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			defer mu.Unlock()
			var mid, late int
			for _, p := range points {
				checkCrashPoint(t, cs, p)
				if p.minDone >= 0 && p.minDone < blocks-1 {
					mid++
				}
				if p.minDone >= blocks/2 {
					late++
				}
			}
			if mid < 20 || late < 5 {
				t.Fatalf("only %d crash points taken while committing, %d in the second half", mid, late)
			}
			t.Logf("%d crash points, %d mid-chain, %d in the second half, %d syncs", len(points), mid, late, syncs.Load())
		})
	}
}
