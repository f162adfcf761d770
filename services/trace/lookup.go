package trace

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/sdk/contracts/trace"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify"
)

// LookupConfig configures a lookup service: what answers a consumer's scan.
type LookupConfig struct {
	// Client reads the chain (the service org's own node); From is the
	// account queries are made as (any account: a name or a hex id).
	Client   *sdk.Client
	From     string
	ChainID  string
	Contract []byte
	// Genesis is the chain's genesis: every step shown as proven is
	// checked against it (a transaction proof certified by a quorum of the
	// consensus nodes), not only read from the node.
	Genesis *types.Genesis
	// Scans is the scan log (nil: NewScanLog(DefaultScanRule)).
	Scans *ScanLog
	// Reporter, if set, records on chain the flags the scan log raises
	// (in the background; Lookup does not wait for the block).
	Reporter *Org
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// StepView is one step of an item's trail.
type StepView struct {
	Step     Step   `json:"-"`
	Name     string `json:"step"`
	Org      string `json:"org"`
	At       string `json:"at"` // block time, RFC 3339
	Height   uint64 `json:"height"`
	Evidence string `json:"evidence"` // 64 hex digits
	Memo     string `json:"memo,omitempty"`
	// Proven: the attestation's transaction and receipt (with its
	// StepAttested event equal to what the contract holds) were checked
	// against the genesis: included in block Height, certified by
	// Signers consensus nodes' signatures on the next block.
	Proven  bool   `json:"proven"`
	TxHash  string `json:"tx_hash,omitempty"`
	Signers int    `json:"signers,omitempty"`
	// Unproven says why a step is not proven (e.g. the next block that
	// certifies it is not committed yet).
	Unproven string `json:"unproven,omitempty"`
}

// ItemView is what a lookup of a code shows.
type ItemView struct {
	Code      string `json:"code"`
	Batch     uint64 `json:"batch"`
	Serial    uint32 `json:"serial"`
	Items     uint32 `json:"batch_items"`
	ProductID string `json:"product_id"`
	Product   string `json:"product"`
	Producer  string `json:"producer"`
	Imported  bool   `json:"imported"`
	Rejected  bool   `json:"rejected"`
	// Complete: the batch reached retail.
	Complete bool       `json:"complete"`
	Steps    []StepView `json:"steps"`
	// AllProven: every step shown is proven.
	AllProven bool `json:"all_proven"`
	// Height is the block whose state the answer was read from.
	Height uint64 `json:"height"`
	// Flag: the code looks copied, by the chain's flag (FlagBy, the org
	// that recorded it) or this service's scan log.
	Flagged    bool   `json:"flagged"`
	FlagBy     string `json:"flag_by,omitempty"`
	FlagPlaces uint32 `json:"flag_places,omitempty"`
	FlagScans  uint32 `json:"flag_scans,omitempty"`
	// Scans and Places are this service's log of the code, within the window.
	Scans  int `json:"scans"`
	Places int `json:"places"`
}

type stepKey struct {
	batch uint64
	step  Step
}

// Lookup answers consumers' scans. It is safe for concurrent use.
type Lookup struct {
	cfg      LookupConfig
	abi      *trace.Trace
	verifier *verify.Verifier
	suite    types.Suite
	selAtt   []byte
	selBatch []byte

	mu     sync.Mutex
	proven map[stepKey]StepView // proven steps never change
	keys   map[uint64][32]byte  // batches' code keys never change
	flags  sync.WaitGroup
	ferrs  []error
}

// NewLookup returns a lookup service.
func NewLookup(cfg LookupConfig) (*Lookup, error) {
	if cfg.Client == nil || len(cfg.Contract) != 20 || cfg.Genesis == nil || cfg.From == "" {
		return nil, fmt.Errorf("%w: a lookup needs a client, an account to query as, the contract and the genesis", ErrBadInput)
	}
	v, err := verify.New(cfg.Genesis)
	if err != nil {
		return nil, err
	}
	if cfg.ChainID == "" {
		cfg.ChainID = cfg.Genesis.ChainID
	}
	if cfg.Scans == nil {
		cfg.Scans = NewScanLog(DefaultScanRule)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	suite := cfg.Genesis.Suite()
	a := trace.NewTrace()
	return &Lookup{cfg: cfg, abi: a, verifier: v, suite: suite,
		selAtt: a.PackAttest(0, 0, [32]byte{}, "")[:4], selBatch: a.PackCreateBatch([32]byte{}, 0, [32]byte{}, false, [32]byte{}, "")[:4],
		proven: map[stepKey]StepView{}, keys: map[uint64][32]byte{}}, nil
}

// Scans is the service's scan log.
func (l *Lookup) Scans() *ScanLog { return l.cfg.Scans }

// Lookup shows code's verified trail. place, if not empty, records a
// consumer's scan from there in the scan log (a flag it raises goes on
// chain through the Reporter). A code that no batch issued is
// ErrUnknownCode, with nothing else said.
func (l *Lookup) Lookup(ctx context.Context, code, place string) (*ItemView, error) {
	c, err := ParseCode(code)
	if err != nil {
		return nil, err
	}
	out, height, err := query(ctx, l.cfg.Client, l.cfg.From, l.cfg.Contract, l.abi.PackItem(c.Batch, c.Serial))
	if err != nil {
		return nil, err
	}
	it, err := l.abi.UnpackItem(out)
	if err != nil {
		return nil, err
	}
	if it.B.Stage == 0 || c.Serial >= it.B.Items || !l.checkCode(c, it.B.CodeKey) {
		return nil, ErrUnknownCode
	}
	v := &ItemView{Code: c.String(), Batch: c.Batch, Serial: c.Serial, Items: it.B.Items, ProductID: nameOf(it.B.Product), Product: it.ProductName,
		Producer: nameOf(it.ProducerOrg), Imported: it.B.Imported, Rejected: it.B.Rejected, Complete: Step(it.B.Stage) == StepRetail, Height: height, AllProven: true}
	for _, s := range Steps {
		if s > Step(it.B.Stage) {
			break
		}
		if s == StepCustoms && !it.B.Imported {
			continue
		}
		sv, err := l.step(ctx, c.Batch, s)
		if err != nil {
			return nil, err
		}
		v.AllProven = v.AllProven && sv.Proven
		v.Steps = append(v.Steps, sv)
	}
	if it.Flag.At != 0 {
		v.Flagged, v.FlagBy, v.FlagPlaces, v.FlagScans = true, nameOf(it.Flag.Org), it.Flag.Places, it.Flag.Scans
	}
	var verdict Verdict
	if place != "" {
		verdict = l.cfg.Scans.Record(v.Code, place, l.cfg.Now())
	} else {
		verdict = l.cfg.Scans.Peek(v.Code)
	}
	v.Scans, v.Places = verdict.Scans, verdict.Places
	if verdict.Flagged && !v.Flagged {
		v.Flagged = true
		v.FlagPlaces, v.FlagScans = uint32(verdict.Places), uint32(verdict.Scans)
	}
	if verdict.NewlyFlagged && it.Flag.At == 0 && l.cfg.Reporter != nil {
		r := l.cfg.Reporter
		v.FlagBy = r.Name
		l.flags.Add(1)
		go func() {
			defer l.flags.Done()
			fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
			defer cancel()
			if err := r.Flag(fctx, c.Batch, c.Serial, uint32(verdict.Places), uint32(verdict.Scans)); err != nil {
				l.mu.Lock()
				l.ferrs = append(l.ferrs, err)
				l.mu.Unlock()
			}
		}()
	}
	return v, nil
}

// WaitFlags waits until the flags sent on chain are committed and returns
// the errors of those that failed.
func (l *Lookup) WaitFlags() []error {
	l.flags.Wait()
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]error(nil), l.ferrs...)
}

func (l *Lookup) checkCode(c Code, key [32]byte) bool {
	l.mu.Lock()
	known, ok := l.keys[c.Batch]
	if !ok {
		l.keys[c.Batch] = key
		known = key
	}
	l.mu.Unlock()
	return known == key && CheckCode(l.cfg.ChainID, l.cfg.Contract, key, c)
}

// step returns step s of batch, proven if it can be.
func (l *Lookup) step(ctx context.Context, batch uint64, s Step) (StepView, error) {
	k := stepKey{batch, s}
	l.mu.Lock()
	sv, ok := l.proven[k]
	l.mu.Unlock()
	if ok {
		return sv, nil
	}
	rec, err := getStep(ctx, l.cfg.Client, l.cfg.From, l.cfg.Contract, l.abi, batch, s)
	if err != nil {
		return StepView{}, err
	}
	if rec == nil {
		return StepView{}, fmt.Errorf("trace: step %s of batch %d is not attested, yet the batch is past it", s, batch)
	}
	sv = StepView{Step: s, Name: s.String(), Org: rec.Org, At: rec.At.Format(time.RFC3339), Height: rec.Height, Evidence: hex.EncodeToString(rec.Evidence[:]), Memo: rec.Memo}
	if err := l.prove(ctx, batch, rec, &sv); err != nil {
		sv.Unproven = err.Error()
		return sv, nil
	}
	sv.Proven = true
	l.mu.Lock()
	l.proven[k] = sv
	l.mu.Unlock()
	return sv, nil
}

// errNotCertified: the step's block is not certified yet.
var errNotCertified = errors.New("committed; its certificate (the next block's signatures) is not there yet")

// prove finds the transaction that attested rec in its block, fetches
// its proof and checks it against the genesis.
func (l *Lookup) prove(ctx context.Context, batch uint64, rec *StepRecord, sv *StepView) error {
	blk, err := l.cfg.Client.GetBlock(ctx, rec.Height)
	if err != nil {
		return err
	}
	for _, tx := range blk.GetBlock().GetTxs() {
		var body types.TxBody
		if proto.Unmarshal(tx.GetBody(), &body) != nil || body.GetType() != types.TxType_CALL_CONTRACT {
			continue
		}
		var cc types.CallContract
		if proto.Unmarshal(body.GetPayload(), &cc) != nil || !bytes.Equal(cc.GetTo(), l.cfg.Contract) || len(cc.GetInput()) < 68 {
			continue
		}
		in := cc.GetInput()
		switch {
		case rec.Step == StepProduction && bytes.Equal(in[:4], l.selBatch):
		case rec.Step != StepProduction && bytes.Equal(in[:4], l.selAtt) && word(in[4:36]) == batch && word(in[36:68]) == uint64(rec.Step):
		default:
			continue
		}
		h := l.suite.TxHash(tx)
		p, err := l.cfg.Client.GetTxProof(ctx, h)
		if err != nil {
			if sdk.IsNotCertified(err) {
				return errNotCertified
			}
			return err
		}
		vt, err := l.verifier.Tx(p)
		if err != nil {
			return fmt.Errorf("the proof does not verify: %w", err)
		}
		if vt.Height != rec.Height || vt.Receipt.GetStatus() != types.ReceiptStatus_SUCCESS {
			continue
		}
		for _, lg := range vt.Receipt.GetLogs() {
			if !bytes.Equal(lg.GetAddress(), l.cfg.Contract) {
				continue
			}
			ev, err := l.abi.UnpackStepAttestedEvent(toEthLog(lg))
			if err != nil || ev.Batch != batch || Step(ev.Step) != rec.Step || ev.Evidence != rec.Evidence || nameOf(ev.Org) != rec.Org || ev.Memo != rec.Memo {
				continue
			}
			sv.TxHash = h.String()
			if vt.Certified != nil {
				sv.Signers = len(vt.Certified.Signers)
			}
			return nil
		}
	}
	return fmt.Errorf("no transaction in block %d attests it", rec.Height)
}

// word reads an ABI word's low 8 bytes (0 if the word is larger).
func word(b []byte) uint64 {
	for _, x := range b[:24] {
		if x != 0 {
			return 0
		}
	}
	var v uint64
	for _, x := range b[24:32] {
		v = v<<8 | uint64(x)
	}
	return v
}
