package trace

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync"
	"time"

	"github.com/causeway/causeway/sdk/contracts/trace"
)

// What a member's console shows of the scenario (the signed-in
// Traceability page): the batches, newest first, a bounded page at a
// time, each with its steps and its next step; one batch with its steps
// proven (by the console's Lookup, whose proofs are cached); and the labels
// of a range of a batch's items, where the console's deployment folder
// holds the batch's code key.

// MaxViewBatches bounds a page of batches; MaxLabels bounds the labels
// printed at once (10 A4 sheets of 21).
const (
	MaxViewBatches = 50
	MaxLabels      = 210
)

// ErrNoCodeKey: the deployment folder does not hold the batch's code key
// (only the producer's does, until the key is deleted), so its labels
// cannot be printed here.
var ErrNoCodeKey = errors.New("trace: this deployment folder does not hold the batch's code key")

// ErrCodeKeyMismatch: the key file found for a batch is not the key whose
// public half the batch registered (a folder of another deployment):
// codes it signed would all be unknown.
var ErrCodeKeyMismatch = errors.New("trace: the code key in the deployment folder is not the batch's")

// LabelRangeError is a range of labels that is empty, larger than
// MaxLabels, or not inside the batch's items. It matches ErrBadInput.
type LabelRangeError struct {
	Batch       uint64
	Items       uint32 // the batch's items (0: not read)
	From, Count uint64
}

func (e *LabelRangeError) Error() string {
	if e.Count == 0 || e.Count > MaxLabels {
		return fmt.Sprintf("trace: %d labels asked for; print 1 to %d at once", e.Count, MaxLabels)
	}
	return fmt.Sprintf("trace: %d labels from item %d do not fit in batch %d, whose items are 0 to %d", e.Count, e.From, e.Batch, int64(e.Items)-1)
}

// Is matches ErrBadInput.
func (e *LabelRangeError) Is(target error) bool { return target == ErrBadInput }

// ViewInfo is what the page says about the deployment and the console's org.
type ViewInfo struct {
	Org      string `json:"org"`
	Role     string `json:"role"`
	ChainID  string `json:"chain_id"`
	Contract string `json:"contract"` // 40 hex digits
}

// BatchView is one batch as the contract holds it.
type BatchView struct {
	No        uint64 `json:"batch"`
	ProductID string `json:"product_id"`
	Product   string `json:"product"`
	Producer  string `json:"producer"`
	Items     uint32 `json:"items"`
	Imported  bool   `json:"imported"`
	// Stage is the last step attested; Complete: it is retail.
	Stage    string `json:"stage"`
	Complete bool   `json:"complete"`
	// Rejected: inspection or customs refused the batch at RejectedAt;
	// nothing follows.
	Rejected   bool   `json:"rejected"`
	RejectedAt string `json:"rejected_at,omitempty"`
	// Next is the step that comes next ("" when none: at retail or
	// rejected), as the contract's nextStep computes it.
	Next    string `json:"next,omitempty"`
	CodeKey string `json:"code_key"` // the public key that signs its codes, hex
	// Steps are its attested steps in order (proven only in Batch).
	Steps []StepView `json:"steps"`
	// HasCodeKey: the console's deployment folder holds the batch's code
	// key, so its labels can be printed here.
	HasCodeKey bool `json:"has_code_key"`
	// SampleCode is item 0's code, when HasCodeKey (Batch only): its
	// public page shows what a consumer sees.
	SampleCode string `json:"sample_code,omitempty"`
	// KeyMismatch: the deployment folder holds a key file for the batch
	// that is not its code key (Batch only; HasCodeKey is then false).
	KeyMismatch bool `json:"key_mismatch,omitempty"`
	// Proven: the steps were checked by the lookup service (Batch only);
	// Height is the block the batch was read at.
	Proven bool   `json:"proven"`
	Height uint64 `json:"height"`
}

// BatchPage is a page of batches, newest first, with the contract's totals.
type BatchPage struct {
	Total        uint64 `json:"batches"`
	Flags        uint64 `json:"flagged_items"`
	Attestations uint64 `json:"attestations"`
	// Height is the block the totals were read at.
	Height  uint64      `json:"height"`
	Batches []BatchView `json:"page"`
	// Next is the cursor of the older page (the batches numbered below
	// it); 0: this is the last page.
	Next uint64 `json:"next,omitempty"`
}

type productInfo struct{ name, org string }

// View reads the scenario for a member's console. It is safe for
// concurrent use.
type View struct {
	d      *Deployment
	org    *Org
	lookup *Lookup
	abi    *trace.Trace

	mu       sync.Mutex
	products map[[32]byte]productInfo // product classes never change
}

// NewView is the view of org o on deployment d (whose folder holds the
// code keys the console may print with); l, if not nil, proves the steps
// of Batch (the console's public-page lookup service: its proofs are
// cached and shared).
func NewView(d *Deployment, o *Org, l *Lookup) (*View, error) {
	if d == nil || o == nil {
		return nil, fmt.Errorf("%w: a view needs the deployment and an org", ErrBadInput)
	}
	return &View{d: d, org: o, lookup: l, abi: trace.NewTrace(), products: map[[32]byte]productInfo{}}, nil
}

// Info says which deployment and org the view reads.
func (v *View) Info() ViewInfo {
	return ViewInfo{Org: v.org.Name, Role: v.org.Role.String(), ChainID: v.d.ChainID, Contract: hex.EncodeToString(v.org.Contract)}
}

func (v *View) count(ctx context.Context, input []byte, unpack func([]byte) (uint64, error)) (uint64, uint64, error) {
	out, h, err := v.org.query(ctx, input)
	if err != nil {
		return 0, 0, err
	}
	n, err := unpack(out)
	return n, h, err
}

// Batches is the page of at most limit batches numbered below before (0:
// the newest), newest first, each with its steps: 3 queries for the
// totals, then per batch one for the batch, one per step and one per
// product not seen before, 4 at a time.
func (v *View) Batches(ctx context.Context, before uint64, limit int) (*BatchPage, error) {
	limit = max(1, min(limit, MaxViewBatches))
	total, h, err := v.count(ctx, v.abi.PackBatchCount(), v.abi.UnpackBatchCount)
	if err != nil {
		return nil, err
	}
	p := &BatchPage{Total: total, Height: h}
	if p.Flags, _, err = v.count(ctx, v.abi.PackFlagCount(), v.abi.UnpackFlagCount); err != nil {
		return nil, err
	}
	if p.Attestations, _, err = v.count(ctx, v.abi.PackAttestations(), v.abi.UnpackAttestations); err != nil {
		return nil, err
	}
	top := total
	if before != 0 && before-1 < top {
		top = before - 1
	}
	n := min(uint64(limit), top)
	p.Batches = make([]BatchView, n)
	errs := make([]error, n)
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			b, err := v.batch(ctx, top-i)
			if err == nil {
				err = v.steps(ctx, b, false)
			}
			if err == nil {
				p.Batches[i] = *b
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if top > n {
		p.Next = top - n + 1
	}
	return p, nil
}

// Batch is batch no with its steps, proven by the lookup service if the
// view has one, and item 0's code if the console holds the code key.
// An unknown batch is ErrUnknownBatch.
func (v *View) Batch(ctx context.Context, no uint64) (*BatchView, error) {
	b, err := v.batch(ctx, no)
	if err != nil {
		return nil, err
	}
	if err := v.steps(ctx, b, v.lookup != nil); err != nil {
		return nil, err
	}
	if b.HasCodeKey {
		key, err := v.codeKey(no, b.CodeKey)
		if err == nil {
			b.SampleCode = IssueCodes(v.d.ChainID, v.org.Contract, no, key, 0, 1)[0]
		}
		b.HasCodeKey, b.KeyMismatch = err == nil, errors.Is(err, ErrCodeKeyMismatch)
	}
	return b, nil
}

// batch reads batch no and its product (without its steps).
func (v *View) batch(ctx context.Context, no uint64) (*BatchView, error) {
	out, h, err := v.org.query(ctx, v.abi.PackBatches(no))
	if err != nil {
		return nil, err
	}
	bo, err := v.abi.UnpackBatches(out)
	if err != nil {
		return nil, err
	}
	if bo.Stage == 0 {
		return nil, fmt.Errorf("%w: batch %d", ErrUnknownBatch, no)
	}
	prod, err := v.product(ctx, bo.Product)
	if err != nil {
		return nil, err
	}
	stage := Step(bo.Stage)
	b := &BatchView{No: no, ProductID: nameOf(bo.Product), Product: prod.name, Producer: prod.org, Items: bo.Items, Imported: bo.Imported,
		Stage: stage.String(), Complete: stage == StepRetail, Rejected: bo.Rejected, CodeKey: hex.EncodeToString(bo.CodeKey[:]), Height: h,
		HasCodeKey: v.hasKeyFile(no)}
	// The contract's nextStep, and the step a rejection refused (the one
	// that would have come next: inspection or customs).
	next := stage + 1
	if stage == StepShipping && !bo.Imported {
		next = StepRetail
	}
	switch {
	case bo.Rejected:
		b.RejectedAt = next.String()
	case stage != StepRetail:
		b.Next = next.String()
	}
	return b, nil
}

func (v *View) product(ctx context.Context, id [32]byte) (productInfo, error) {
	v.mu.Lock()
	p, ok := v.products[id]
	v.mu.Unlock()
	if ok {
		return p, nil
	}
	out, _, err := v.org.query(ctx, v.abi.PackProducts(id))
	if err != nil {
		return p, err
	}
	po, err := v.abi.UnpackProducts(out)
	if err != nil {
		return p, err
	}
	p = productInfo{name: po.Name, org: nameOf(po.Org)}
	if po.Name != "" {
		v.mu.Lock()
		v.products[id] = p
		v.mu.Unlock()
	}
	return p, nil
}

// steps reads b's attested steps: proven by the lookup service, or as
// the contract holds them.
func (v *View) steps(ctx context.Context, b *BatchView, prove bool) error {
	stage := Step(0)
	for _, s := range Steps {
		if s.String() == b.Stage {
			stage = s
		}
	}
	b.Proven = prove
	for _, s := range Steps {
		if s > stage {
			break
		}
		if s == StepCustoms && !b.Imported {
			continue
		}
		if prove {
			sv, err := v.lookup.step(ctx, b.No, s)
			if err != nil {
				return err
			}
			b.Steps = append(b.Steps, sv)
			continue
		}
		rec, err := getStep(ctx, v.org.Client, v.org.Account.ID().String(), v.org.Contract, v.abi, b.No, s)
		if err != nil {
			return err
		}
		if rec == nil {
			return fmt.Errorf("trace: step %s of batch %d is not attested, yet the batch is past it", s, b.No)
		}
		b.Steps = append(b.Steps, StepView{Step: s, Name: s.String(), Org: rec.Org, At: rec.At.Format(time.RFC3339), Height: rec.Height,
			Evidence: hex.EncodeToString(rec.Evidence[:]), Memo: rec.Memo})
	}
	return nil
}

func (v *View) hasKeyFile(no uint64) bool {
	if v.d.Dir == "" {
		return false
	}
	st, err := os.Stat(v.d.codeKeyPath(no))
	return err == nil && st.Mode().IsRegular()
}

// codeKey reads batch no's code key and checks it against the public key
// the batch registered (hex).
func (v *View) codeKey(no uint64, registered string) (ed25519.PrivateKey, error) {
	if v.d.Dir == "" {
		return nil, ErrNoCodeKey
	}
	key, err := v.d.CodeKey(no)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNoCodeKey
	}
	if err != nil {
		return nil, err
	}
	if hex.EncodeToString(key.Public().(ed25519.PublicKey)) != registered {
		return nil, fmt.Errorf("%w (batch %d)", ErrCodeKeyMismatch, no)
	}
	return key, nil
}

// Labels issues the codes of items from .. from+count-1 of batch no for
// printing (WriteLabels, with the console's public address as BaseURL):
// count is 1 to MaxLabels and the range inside the batch
// (*LabelRangeError otherwise); ErrNoCodeKey if the deployment folder
// does not hold the batch's code key, ErrCodeKeyMismatch if the key there
// is not the batch's.
func (v *View) Labels(ctx context.Context, no uint64, from, count uint64) (*LabelSheet, error) {
	if count == 0 || count > MaxLabels {
		return nil, &LabelRangeError{Batch: no, From: from, Count: count}
	}
	b, err := v.batch(ctx, no)
	if err != nil {
		return nil, err
	}
	if from > uint64(b.Items) || count > uint64(b.Items)-from {
		return nil, &LabelRangeError{Batch: no, Items: b.Items, From: from, Count: count}
	}
	key, err := v.codeKey(no, b.CodeKey)
	if err != nil {
		return nil, err
	}
	return &LabelSheet{Product: b.Product, Batch: no, Codes: IssueCodes(v.d.ChainID, v.org.Contract, no, key, uint32(from), uint32(count))}, nil
}
