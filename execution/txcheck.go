package execution

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/types"
)

// TxContext is what a transaction's envelope is checked against. Admission
// checks it with the node's clock as TimeMs; proposal verification and
// execution with the block's time, so that every node reaches the same
// verdict on an ordered block.
type TxContext struct {
	// ChainID is the chain this node serves.
	ChainID string
	// Window bounds the timestamp and validity period (the parameters in force).
	Window types.TimeWindow
	// TimeMs is the reference time: the node's clock at admission, the block
	// time in a proposal and in execution.
	TimeMs int64
	// Committed reports whether a transaction was committed in an earlier
	// block (the replay set). Nil means "never": unit tests of the stateless
	// rules only.
	Committed func(types.Hash) (bool, error)
}

// CheckTx is the one transaction check: the envelope rules every
// transaction must pass wherever it is checked — admission to the pool, a
// proposal under verification, and execution. It needs no signature
// verification (see TxCache.Verify) and no account state (execution checks
// authorisation). In order: the body is present and the sender is an
// account identity; the chain id is this chain's; the timestamp and validity
// period fit the time window at ctx.TimeMs; the transaction was not
// committed before.
//
// A rule that fails gives a *types.TxError with its code (CodeMalformed,
// CodeWrongChain, CodeBadValidity, CodeFuture, CodeExpired, CodeDuplicate).
// A failure to read the replay set is returned as a plain error: it says
// nothing about the transaction.
func CheckTx(d *types.DecodedTx, ctx TxContext) (*types.TxError, error) {
	if d == nil || d.Tx == nil || d.Body == nil {
		return types.Errorf(types.CodeMalformed, "transaction or its body is missing"), nil
	}
	if len(d.Body.Sender) != types.HashSize {
		return types.Errorf(types.CodeMalformed, "sender must be a %d-byte account identity, got %d bytes", types.HashSize, len(d.Body.Sender)), nil
	}
	if d.Body.ChainId != ctx.ChainID {
		return types.Errorf(types.CodeWrongChain, "transaction is for chain %q, this is chain %q", d.Body.ChainId, ctx.ChainID), nil
	}
	if err := ctx.Window.CheckTime(d.Body, ctx.TimeMs); err != nil {
		var te *types.TxError
		if errors.As(err, &te) {
			return te, nil
		}
		return types.Errorf(types.CodeMalformed, "%v", err), nil
	}
	if ctx.Committed != nil {
		committed, err := ctx.Committed(d.Hash)
		if err != nil {
			return nil, fmt.Errorf("look up transaction %s: %w", d.Hash, err)
		}
		if committed {
			return types.Errorf(types.CodeDuplicate, "transaction %s was committed in an earlier block", d.Hash), nil
		}
	}
	return nil, nil
}

// TxCache carries decoded, signature-checked transactions along a node's
// route, from admission to the state: a transaction is decoded once per
// node (at admission, or when a peer's proposal or a synced block first
// shows it) and each of its signatures is verified once per node. Entries
// are keyed by the SHA-256 of the transaction's canonical encoding,
// signatures included: a copy of a known transaction with other signatures
// is a different entry, decoded and verified on its own.
//
// The cache holds at most about 2*capacity entries, forgetting the oldest
// generation first; a forgotten transaction is decoded again when it shows
// up. It is safe for concurrent use.
type TxCache struct {
	suite    types.Suite
	capacity int

	mu   sync.Mutex
	cur  map[types.Hash]*cachedTx
	prev map[types.Hash]*cachedTx

	decodes atomic.Uint64
}

type cachedTx struct {
	d        *types.DecodedTx
	verified bool
}

// NewTxCache makes a cache for a chain of this suite.
func NewTxCache(suite types.Suite, capacity int) *TxCache {
	if capacity <= 0 {
		capacity = 1 << 16
	}
	return &TxCache{suite: suite, capacity: capacity, cur: map[types.Hash]*cachedTx{}, prev: map[types.Hash]*cachedTx{}}
}

// Key is a transaction's key in a TxCache: the SHA-256 of its canonical
// encoding, signatures included. It is local to a node (never part of the
// chain), so it does not follow the chain's crypto suite.
func Key(raw []byte) types.Hash { return sha256.Sum256(raw) }

func (c *TxCache) lookup(k types.Hash) *cachedTx {
	if e, ok := c.cur[k]; ok {
		return e
	}
	if e, ok := c.prev[k]; ok {
		c.put(k, e) // keep what is in use in the young generation
		return e
	}
	return nil
}

func (c *TxCache) put(k types.Hash, e *cachedTx) {
	if len(c.cur) >= c.capacity {
		c.prev, c.cur = c.cur, make(map[types.Hash]*cachedTx, c.capacity)
	}
	c.cur[k] = e
}

// Decode returns the transaction encoded by raw: from the cache when raw
// was seen, decoded (and counted, see Decodes) otherwise. A transaction
// longer than maxBytes (when > 0) is refused before decoding. The result's
// Raw is its canonical encoding (Canonical reports whether raw was); only
// canonical encodings are cached. Callers must not modify the result.
func (c *TxCache) Decode(raw []byte, maxBytes int) (*types.DecodedTx, error) {
	if maxBytes > 0 && len(raw) > maxBytes {
		return nil, types.Errorf(types.CodeTooLarge, "transaction is %d bytes, the limit is %d", len(raw), maxBytes)
	}
	k := Key(raw)
	c.mu.Lock()
	e := c.lookup(k)
	c.mu.Unlock()
	if e != nil {
		return e.d, nil
	}
	d, err := c.suite.DecodeTx(raw, maxBytes)
	c.decodes.Add(1)
	if err != nil {
		return nil, err
	}
	d.Raw = types.EncodeTx(d.Tx)
	if !bytes.Equal(d.Raw, raw) {
		// Not canonical: the caller decides (admission re-encodes, a
		// proposal is refused). Only canonical bytes are cached.
		return d, nil
	}
	c.mu.Lock()
	if e := c.lookup(k); e != nil {
		d = e.d
	} else {
		c.put(k, &cachedTx{d: d})
	}
	c.mu.Unlock()
	return d, nil
}

// Canonical reports whether raw is the canonical encoding of d (d from Decode).
func Canonical(d *types.DecodedTx, raw []byte) bool { return bytes.Equal(d.Raw, raw) }

// Decodes counts the transactions this cache decoded (cache misses).
func (c *TxCache) Decodes() uint64 { return c.decodes.Load() }

// Verified reports whether d's signatures were verified by this cache.
func (c *TxCache) Verified(d *types.DecodedTx) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.lookup(keyOf(d))
	return e != nil && e.verified
}

func keyOf(d *types.DecodedTx) types.Hash {
	raw := d.Raw
	if raw == nil {
		raw = types.EncodeTx(d.Tx)
	}
	return Key(raw)
}

// Verify checks every signature of every transaction cryptographically, in
// parallel batches, skipping transactions whose signatures this cache
// verified before and remembering those that pass. It returns one error per
// transaction (nil when all its signatures verify; a *types.TxError with
// CodeBadSignature otherwise).
func (c *TxCache) Verify(txs []*types.DecodedTx) []error {
	errs := make([]error, len(txs))
	keys := make([]types.Hash, len(txs))
	var items []crypto.BatchItem
	var owner []int
	c.mu.Lock()
	for i, tx := range txs {
		keys[i] = keyOf(tx)
		if e := c.lookup(keys[i]); e != nil && e.verified {
			continue
		}
		for _, s := range tx.Tx.Signatures {
			items = append(items, crypto.BatchItem{Scheme: s.Scheme, PublicKey: s.PublicKey, Digest: tx.Hash[:], Signature: s.Signature})
			owner = append(owner, i)
		}
	}
	c.mu.Unlock()
	if len(items) == 0 {
		return errs
	}
	workers := runtime.GOMAXPROCS(0)
	if len(items) < 64 {
		workers = 1
	}
	ok := crypto.VerifyBatchParallel(items, workers)
	for k, good := range ok {
		if !good && errs[owner[k]] == nil {
			errs[owner[k]] = types.Errorf(types.CodeBadSignature, "signature by key %x does not verify", short(items[k].PublicKey))
		}
	}
	c.mu.Lock()
	seen := -1
	for _, i := range owner {
		if i != seen && errs[i] == nil {
			if e := c.lookup(keys[i]); e != nil {
				e.verified = true
			} else {
				c.put(keys[i], &cachedTx{d: txs[i], verified: true})
			}
		}
		seen = i
	}
	c.mu.Unlock()
	return errs
}

func short(b []byte) []byte {
	if len(b) > 8 {
		return b[:8]
	}
	return b
}
