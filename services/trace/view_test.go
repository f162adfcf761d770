package trace_test

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/causeway/causeway/services/trace"
)

// The member's view on a real consortium: four batches (one imported
// from production to retail, one rejected at inspection, one domestic at
// shipping, one just made), read back newest first over two pages; every
// step equal to what was attested (org, block, block time, evidence,
// memo), the next step equal to the contract's nextStep, the totals equal
// to what was done; the detail's steps proven by the lookup service; the
// labels of a range issued only with the batch's own code key, each code
// valid for the lookup, other ranges and keys refused.
func TestViewOnConsortium(t *testing.T) {
	if testing.Short() {
		t.Skip("consortium")
	}
	s := newScenario(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	prod, insp, ship, cust, ret := s.orgs["producer"], s.orgs["inspector"], s.orgs["shipper"], s.orgs["customs"], s.orgs["retailer"]
	t0 := time.Now().Add(-2 * time.Second)

	type want struct {
		org, step, memo string
		evidence        [32]byte
		height          uint64
	}
	wants := map[uint64][]want{}
	newBatch := func(product string, imported bool, memo string) *trace.Batch {
		t.Helper()
		ev := evidence("production of " + product)
		b, err := prod.CreateBatch(ctx, product, 50, imported, ev, memo)
		if err != nil {
			t.Fatal(err)
		}
		wants[b.No] = append(wants[b.No], want{"producer", "production", memo, ev, b.Receipt.Height})
		return b
	}
	attest := func(o *trace.Org, b *trace.Batch, st trace.Step, memo string) {
		t.Helper()
		ev := evidence(st.String() + " of " + memo)
		r, err := o.Attest(ctx, b.No, st, ev, memo)
		if err != nil {
			t.Fatalf("%s: %v", st, err)
		}
		wants[b.No] = append(wants[b.No], want{o.Name, st.String(), memo, ev, r.Height})
	}
	milk, moutai, rice := trace.DefaultProducts[0], trace.DefaultProducts[1], trace.DefaultProducts[2]
	a := newBatch(milk.ID, true, "lot NZ-2611-03 <script>alert(1)</script>")
	attest(insp, a, trace.StepInspection, "passed")
	attest(ship, a, trace.StepShipping, "Auckland -> Shanghai")
	attest(cust, a, trace.StepCustoms, "released")
	attest(ret, a, trace.StepRetail, "store 021-118")
	b := newBatch(rice.ID, false, "")
	if err := insp.Reject(ctx, b.No, trace.StepInspection, evidence("cadmium"), "cadmium over limit"); err != nil {
		t.Fatal(err)
	}
	c := newBatch(moutai.ID, false, "moutai lot 7")
	attest(insp, c, trace.StepInspection, "ok")
	attest(ship, c, trace.StepShipping, "Guizhou -> Shanghai")
	d := newBatch(moutai.ID, false, "moutai lot 8")
	if err := ret.Flag(ctx, a.No, 3, 3, 5); err != nil {
		t.Fatal(err)
	}
	t1 := time.Now().Add(2 * time.Second)
	attestations := uint64(0)
	for _, w := range wants {
		attestations += uint64(len(w))
	}

	look, err := s.d.NewLookupFor(prod, s.c.Network, trace.ScanRule{})
	if err != nil {
		t.Fatal(err)
	}
	v, err := trace.NewView(s.d, prod, look)
	if err != nil {
		t.Fatal(err)
	}
	if in := v.Info(); in.Org != "producer" || in.Role != "producer" || in.ChainID != s.d.ChainID || in.Contract != s.d.Contract {
		t.Fatalf("info: %+v", in)
	}
	// Newest first, two pages of at most 3.
	var p1 *trace.BatchPage
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		// (the producer's node may be a block behind the retailer's flag)
		if p1, err = v.Batches(ctx, 0, 3); err != nil {
			t.Fatal(err)
		}
		if p1.Flags == 1 || time.Now().After(deadline) {
			break
		}
	}
	if p1.Total != 4 || p1.Flags != 1 || p1.Attestations != attestations || p1.Height == 0 {
		t.Fatalf("totals: %d batches, %d flags, %d attestations (want 4, 1, %d)", p1.Total, p1.Flags, p1.Attestations, attestations)
	}
	if len(p1.Batches) != 3 || p1.Batches[0].No != d.No || p1.Batches[1].No != c.No || p1.Batches[2].No != b.No || p1.Next != b.No {
		t.Fatalf("page 1: %d batches, next %d", len(p1.Batches), p1.Next)
	}
	p2, err := v.Batches(ctx, p1.Next, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(p2.Batches) != 1 || p2.Batches[0].No != a.No || p2.Next != 0 {
		t.Fatalf("page 2: %+v", p2)
	}
	if p, err := v.Batches(ctx, 1, 3); err != nil || len(p.Batches) != 0 || p.Next != 0 {
		t.Fatalf("below batch 1: %+v %v", p, err)
	}
	got := map[uint64]trace.BatchView{}
	for _, bv := range append(p1.Batches, p2.Batches...) {
		got[bv.No] = bv
	}
	check := func(bv trace.BatchView) {
		t.Helper()
		w := wants[bv.No]
		if len(bv.Steps) != len(w) {
			t.Fatalf("batch %d: %d steps, want %d", bv.No, len(bv.Steps), len(w))
		}
		for i, sv := range bv.Steps {
			at, err := time.Parse(time.RFC3339, sv.At)
			if sv.Org != w[i].org || sv.Name != w[i].step || sv.Memo != w[i].memo || sv.Evidence != hex.EncodeToString(w[i].evidence[:]) ||
				sv.Height != w[i].height || err != nil || !strings.HasSuffix(sv.At, "Z") || at.Before(t0.Truncate(time.Second)) || at.After(t1) {
				t.Fatalf("batch %d step %d: %+v, want %+v", bv.No, i, sv, w[i])
			}
			blk, err := prod.Client.GetBlock(ctx, sv.Height)
			if err != nil {
				t.Fatal(err)
			}
			if bt := time.UnixMilli(blk.GetBlock().GetHeader().GetTimeMs()).UTC(); bt.Unix() != at.Unix() {
				t.Fatalf("batch %d step %s: time %s, block %d's %s", bv.No, sv.Name, sv.At, sv.Height, bt)
			}
		}
		next, err := prod.NextStep(ctx, bv.No)
		if err != nil {
			t.Fatal(err)
		}
		if wantNext := map[bool]string{true: next.String(), false: ""}[next != 0]; bv.Next != wantNext {
			t.Fatalf("batch %d: next %q, the contract's %q", bv.No, bv.Next, wantNext)
		}
	}
	for _, bv := range got {
		check(bv)
	}
	if x := got[a.No]; x.Product != milk.Name || x.ProductID != milk.ID || x.Producer != "producer" || x.Items != 50 || !x.Imported || !x.Complete ||
		x.Stage != "retail" || x.Rejected || x.Next != "" || x.HasCodeKey || x.Proven {
		t.Fatalf("batch a: %+v", x)
	}
	if x := got[b.No]; !x.Rejected || x.RejectedAt != "inspection" || x.Next != "" || x.Stage != "production" || x.Complete {
		t.Fatalf("batch b: %+v", x)
	}
	if x := got[c.No]; x.Next != "retail" || x.Stage != "shipping" || x.Rejected {
		t.Fatalf("batch c: %+v", x)
	}
	if x := got[d.No]; x.Next != "inspection" || x.Product != moutai.Name {
		t.Fatalf("batch d: %+v", x)
	}
	if x := got[a.No]; x.CodeKey != hex.EncodeToString(a.CodeKey.Public().(ed25519.PublicKey)) {
		t.Fatalf("batch a's code key %s", x.CodeKey)
	}

	// The detail: every step proven (the retail step once the next block
	// certifies it).
	if err := prod.DefineProduct(ctx, "spare-product", "spare"); err != nil {
		t.Fatal(err)
	}
	var det *trace.BatchView
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		if det, err = v.Batch(ctx, a.No); err != nil {
			t.Fatal(err)
		}
		all := true
		for _, sv := range det.Steps {
			all = all && sv.Proven
		}
		if all {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not proven: %+v", det.Steps)
		}
	}
	check(*det)
	for _, sv := range det.Steps {
		if sv.TxHash == "" || sv.Signers < 4 {
			t.Fatalf("proof of %s: %+v", sv.Name, sv)
		}
	}
	if !det.Proven || det.HasCodeKey || det.SampleCode != "" {
		t.Fatalf("detail: %+v", det)
	}
	if _, err := v.Batch(ctx, 999); !errors.Is(err, trace.ErrUnknownBatch) {
		t.Fatalf("batch 999: %v", err)
	}

	// Labels: not without the code key.
	if _, err := v.Labels(ctx, a.No, 0, 3); !errors.Is(err, trace.ErrNoCodeKey) {
		t.Fatalf("labels without the key: %v", err)
	}
	if err := s.d.SaveCodeKey(a.No, a.CodeKey); err != nil {
		t.Fatal(err)
	}
	if err := s.d.SaveCodeKey(c.No, d.CodeKey); err != nil { // another batch's key
		t.Fatal(err)
	}
	sheet, err := v.Labels(ctx, a.No, 5, 3)
	if err != nil {
		t.Fatal(err)
	}
	if sheet.Batch != a.No || sheet.Product != milk.Name || len(sheet.Codes) != 3 {
		t.Fatalf("sheet: %+v", sheet)
	}
	for i, code := range sheet.Codes {
		iv, err := look.Lookup(ctx, code, "")
		if err != nil || iv.Batch != a.No || iv.Serial != uint32(5+i) || !strings.HasPrefix(code, "B"+strconv.FormatUint(a.No, 10)+"-"+strconv.Itoa(5+i)+"-") {
			t.Fatalf("label %d: %s: %+v %v", i, code, iv, err)
		}
	}
	if _, err := v.Labels(ctx, c.No, 0, 3); !errors.Is(err, trace.ErrCodeKeyMismatch) {
		t.Fatalf("labels with another batch's key: %v", err)
	}
	for _, r := range [][2]uint64{{48, 3}, {50, 1}, {0, 0}, {0, trace.MaxLabels + 1}, {1 << 40, 2}, {^uint64(0), 2}} {
		var re *trace.LabelRangeError
		_, err := v.Labels(ctx, a.No, r[0], r[1])
		if !errors.As(err, &re) || !errors.Is(err, trace.ErrBadInput) {
			t.Fatalf("labels %v: %v", r, err)
		}
		t.Logf("labels %v: %v", r, err)
	}
	if _, err := v.Labels(ctx, 999, 0, 1); !errors.Is(err, trace.ErrUnknownBatch) {
		t.Fatalf("labels of batch 999: %v", err)
	}
	det, err = v.Batch(ctx, a.No)
	if err != nil || !det.HasCodeKey || det.SampleCode != trace.IssueCodes(s.d.ChainID, prod.Contract, a.No, a.CodeKey, 0, 1)[0] {
		t.Fatalf("detail with the key: %+v %v", det, err)
	}
	if det, err = v.Batch(ctx, c.No); err != nil || det.HasCodeKey || !det.KeyMismatch || det.SampleCode != "" {
		t.Fatalf("detail with another batch's key: %+v %v", det, err)
	}
	if p, err := v.Batches(ctx, 0, 10); err != nil || !p.Batches[len(p.Batches)-1].HasCodeKey || p.Batches[0].HasCodeKey {
		t.Fatalf("key marks: %+v %v", p, err)
	}

	// Another member's console (the retailer's, a folder without keys,
	// no lookup service): the same batches, nothing to print.
	dr := *s.d
	dr.Dir = t.TempDir()
	vr, err := trace.NewView(&dr, ret, nil)
	if err != nil {
		t.Fatal(err)
	}
	var pr *trace.BatchPage
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		// (its node may be a block behind the producer's)
		if pr, err = vr.Batches(ctx, 0, 20); err != nil {
			t.Fatal(err)
		}
		if pr.Flags == 1 && len(pr.Batches) == 4 || time.Now().After(deadline) {
			break
		}
	}
	if len(pr.Batches) != 4 || pr.Total != 4 || pr.Next != 0 || pr.Attestations != attestations {
		t.Fatalf("retailer's page: %+v", pr)
	}
	for _, bv := range pr.Batches {
		if bv.HasCodeKey {
			t.Fatalf("the retailer holds batch %d's key", bv.No)
		}
		check(bv)
	}
	if _, err := vr.Labels(ctx, a.No, 0, 1); !errors.Is(err, trace.ErrNoCodeKey) {
		t.Fatalf("retailer's labels: %v", err)
	}
	if det, err := vr.Batch(ctx, a.No); err != nil || det.Proven || len(det.Steps) != 5 {
		t.Fatalf("retailer's detail: %+v %v", det, err)
	}
}
