package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/cockroachdb/pebble/v2"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/types"
)

// CorruptionError reports that the store's files on disk are damaged: a
// checksum mismatch in a table, an undecodable record, or blocks whose hash
// chain does not hold. errors.Is(err, ErrCorrupt) is true for it. The store
// cannot repair itself; the node's ledger must be rebuilt from its peers.
type CorruptionError struct {
	// File is the damaged file (absolute path when known), or the store's
	// folder when the damage cannot be pinned to one file.
	File string
	// Reason says what is wrong, in one line.
	Reason string
	// Err is the underlying error, if any.
	Err error
}

func (e *CorruptionError) Error() string {
	return fmt.Sprintf("store: corrupt data: %s: %s", e.File, e.Reason)
}

// Is reports whether target is ErrCorrupt.
func (e *CorruptionError) Is(target error) bool { return target == ErrCorrupt }

// Unwrap returns the underlying error.
func (e *CorruptionError) Unwrap() error { return e.Err }

// fileName finds a Pebble file in an error message: "MANIFEST-000007",
// "000012.sst", "000012.log", or a table number ("table 000012").
var fileName = regexp.MustCompile(`(MANIFEST-\d+|OPTIONS-\d+|\d{6,}\.(?:sst|log|blob))|(?:table|file|sstable) (\d{6,})`)

// oneLine squeezes an error message to its first line, without Pebble's
// stack annotations, with control and invalid bytes (damaged data quoted in
// the message) escaped so that it is safe to print on a terminal.
func oneLine(s string) string {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError:
			fmt.Fprintf(&b, "\\x%02x", s[i])
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			fmt.Fprintf(&b, "\\x%02x", r)
		default:
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}

// corruptionOf converts err into a *CorruptionError when it reports damaged
// data (Pebble's ErrCorruption or this package's ErrCorrupt), naming the file
// inside dir that holds it; other errors are returned unchanged.
func corruptionOf(dir string, err error) error {
	if err == nil {
		return nil
	}
	var ce *CorruptionError
	if errors.As(err, &ce) {
		return err
	}
	if !pebble.IsCorruptionError(err) && !errors.Is(err, ErrCorrupt) {
		return err
	}
	return newCorruption(dir, err)
}

func newCorruption(dir string, err error) *CorruptionError {
	file := dir
	if info := pebble.ExtractDataCorruptionInfo(err); info != nil && info.Path != "" {
		file = info.Path
	} else if m := fileName.FindStringSubmatch(err.Error()); m != nil && m[1] != "" {
		file = filepath.Join(dir, m[1])
	} else if m != nil {
		file = filepath.Join(dir, m[2]+".sst")
	}
	if dir != "" && !filepath.IsAbs(file) {
		file = filepath.Join(dir, file)
	}
	reason := oneLine(err.Error())
	reason = strings.TrimPrefix(reason, "store: corrupt data: ")
	if reason == "" {
		reason = "damaged data"
	}
	return &CorruptionError{File: file, Reason: reason, Err: err}
}

// WithCorruptionHandler has the store call f, once, the first time it finds
// damaged data: on a read, in a background compaction, or when Pebble gives
// up on an unrecoverable condition. f must not block for long; it typically
// tells the node to stop with a clear message. Once f is set, a fatal Pebble
// condition no longer panics: the goroutine that met it reports it to f and
// waits forever, and the caller is expected to end the process.
func WithCorruptionHandler(f func(*CorruptionError)) Option {
	return func(c *config) { c.onCorrupt = f }
}

// failure remembers the first corruption and reports it once.
type failure struct {
	dir     string
	handler func(*CorruptionError)
	once    sync.Once
	mu      sync.Mutex
	first   *CorruptionError
}

func (f *failure) report(err error) *CorruptionError {
	ce, ok := corruptionOf(f.dir, err).(*CorruptionError)
	if !ok {
		ce = newCorruption(f.dir, err)
	}
	f.mu.Lock()
	if f.first == nil {
		f.first = ce
	}
	f.mu.Unlock()
	f.once.Do(func() {
		if f.handler != nil {
			f.handler(ce)
		}
	})
	return ce
}

// Corruption returns the first damage the store met since it was opened, or
// nil. A store that reports damage should be closed and rebuilt.
func (s *Store) Corruption() *CorruptionError {
	s.fail.mu.Lock()
	defer s.fail.mu.Unlock()
	return s.fail.first
}

// check converts a read or write error into a *CorruptionError when it
// reports damaged data, and reports it to the corruption handler.
func (s *Store) check(err error) error {
	if err == nil {
		return nil
	}
	c := corruptionOf(s.fail.dir, err)
	if ce, ok := c.(*CorruptionError); ok {
		s.fail.report(ce)
	}
	return c
}

// VerifyProgress is what Verify reports as it goes.
type VerifyProgress struct {
	// Keys is how many records were read so far; Blocks how many blocks
	// were decoded and chained.
	Keys, Blocks uint64
}

// Verify reads every record of the store, which makes Pebble check the
// checksum of every table block, decodes every block, and checks that the
// blocks form a hash chain up to the head (each block's header hash is the
// next block's parent hash, and the last is the head). It returns a
// *CorruptionError naming the damaged file and what is wrong, or ctx's error.
// progress, if not nil, is called every 64k records.
//
// Cost: one sequential read of the whole store (disk bound; a few seconds per
// GiB) and a protobuf decode and header hash per block.
func (s *Store) Verify(ctx context.Context, progress func(VerifyProgress)) error {
	if err := s.acquire(); err != nil {
		return err
	}
	defer s.release()
	head := s.Head()
	it, err := s.db.NewIter(nil)
	if err != nil {
		return s.check(err)
	}
	var p VerifyProgress
	var prev types.Hash
	next := uint64(0)
	fail := func(format string, args ...any) error {
		_ = it.Close()
		return s.check(corrupt(format, args...))
	}
	for valid := it.First(); valid; valid = it.Next() {
		if p.Keys%4096 == 0 {
			if err := ctx.Err(); err != nil {
				_ = it.Close()
				return err
			}
		}
		p.Keys++
		if progress != nil && p.Keys%65536 == 0 {
			progress(p)
		}
		k := it.Key()
		if len(k) == 0 || k[0] != prefixBlock {
			continue
		}
		if len(k) != 9 {
			return fail("block key %x of wrong length", k)
		}
		height := binary.BigEndian.Uint64(k[1:])
		v, err := it.ValueAndErr()
		if err != nil {
			_ = it.Close()
			return s.check(err)
		}
		b := &types.Block{}
		if err := proto.Unmarshal(v, b); err != nil || b.Header == nil {
			return fail("block %d does not decode: %v", height, errOrNoHeader(err))
		}
		switch {
		case height != next:
			return fail("block %d missing (next stored block is %d)", next, height)
		case b.Header.Height != height:
			return fail("block stored at height %d says height %d", height, b.Header.Height)
		case height > 0 && !bytes.Equal(b.Header.PrevHash, prev[:]):
			return fail("block %d does not extend block %d (hash chain broken)", height, height-1)
		}
		prev = s.suite.HeaderHash(b.Header)
		next++
		p.Blocks++
	}
	if err := it.Close(); err != nil {
		return s.check(err)
	}
	if progress != nil {
		progress(p)
	}
	switch {
	case head.Empty && p.Blocks != 0:
		return s.check(corrupt("blocks stored but no head"))
	case head.Empty:
		return nil
	case p.Blocks != head.Height+1:
		return s.check(corrupt("head is block %d but %d blocks are stored", head.Height, p.Blocks))
	case prev != head.Hash:
		return s.check(corrupt("head block %d hashes to %s, the head records %s", head.Height, prev, head.Hash))
	}
	return nil
}

func errOrNoHeader(err error) error {
	if err != nil {
		return err
	}
	return errors.New("no header")
}
