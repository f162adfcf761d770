package metro_test

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/causeway/causeway/sdk"
	metrobind "github.com/causeway/causeway/sdk/contracts/metro"
	"github.com/causeway/causeway/services/metro"
	"github.com/causeway/causeway/types"
)

// TestLyingRideCityIsNotSettled: a ride city that nets one fare on chain
// but seals another to the home city gets that ride disputed — no city
// settles through it — while the rides before it settle. A settlement
// confirmed with another amount than the contract's, or by the proposer
// itself, is refused.
func TestLyingRideCityIsNotSettled(t *testing.T) {
	if testing.Short() {
		t.Skip("a consortium of 3 nodes")
	}
	s := newScenario(t, 2)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	sh, hz := s.cities["shanghai"], s.cities["hangzhou"]

	// Ride 1, honest: a Shanghai rider at Hangzhou's gates.
	r1 := s.ride("shanghai", "hangzhou", 1, riderOf("shanghai", 1), 1, 40)
	if _, err := hz.RecordRide(ctx, r1); err != nil {
		t.Fatal(err)
	}
	// The contract's rules on a settlement: the amount is the contract's,
	// and only the counterparty confirms.
	if err := hz.ProposeSettlement(ctx, "shanghai", 1); err != nil {
		t.Fatal(err)
	}
	want := -int64(r1.Fare) // a = hangzhou, b = shanghai: b owes a
	if _, err := sh.ConfirmSettlement(ctx, "hangzhou", 1, big.NewInt(want+1)); !errors.Is(err, metro.ErrAmountDiffers) {
		t.Fatalf("a confirmation with another amount: %v", err)
	}
	if _, err := hz.ConfirmSettlement(ctx, "shanghai", 1, big.NewInt(want)); err == nil || !strings.Contains(err.Error(), "only the counterparty confirms") {
		t.Fatalf("the proposer confirms its own proposal: %v", err)
	}
	if err := sh.RejectSettlement(ctx, "hangzhou"); err != nil {
		t.Fatal(err)
	}
	if p, _ := sh.Position(ctx, "hangzhou"); p.SettledSeq != 0 {
		t.Fatalf("refused confirmations settled rides: %+v", p)
	}

	// Ride 2, a lie: netted at 1000 fen, sealed to Shanghai as 300.
	lie := s.ride("shanghai", "hangzhou", 2, riderOf("shanghai", 2), 1, 2)
	lie.Fare = 300
	body, _ := json.Marshal(lie)
	sealed, err := hz.Client.NewSealedPayload(ctx, hz.Account, hz.Opt, body,
		sdk.Readers{Orgs: []string{"shanghai", "hangzhou"}, Groups: []string{metro.ClearingGroup}}, sdk.SealOptions{Class: metro.ClassRide})
	if err != nil {
		t.Fatal(err)
	}
	id, _ := metroHex32(lie.ID)
	home, _ := metro.CodeOf("shanghai")
	tx, err := hz.Account.BuildTx(hz.Opt, types.TxType_CALL_CONTRACT, &types.CallContract{To: hz.Contract,
		Input: metrobind.NewMetro().PackRecordRide(id, home, 1000), GasLimit: 400_000, Sealed: sealed})
	if err != nil {
		t.Fatal(err)
	}
	if r, err := hz.Client.SubmitAndWait(ctx, tx); err != nil || r.GetReceipt().GetStatus() != types.ReceiptStatus_SUCCESS {
		t.Fatalf("the lying ride: %v %v", err, r.GetReceipt())
	}
	// Ride 3, honest again.
	if _, err := hz.RecordRide(ctx, s.ride("shanghai", "hangzhou", 3, riderOf("shanghai", 3), 5, 6)); err != nil {
		t.Fatal(err)
	}

	var wg sync.WaitGroup
	sctx, stop := context.WithCancel(ctx)
	settlers := map[string]*metro.Settler{}
	for _, c := range []*metro.City{sh, hz} {
		st := &metro.Settler{City: c, From: 1}
		settlers[c.Name] = st
		wg.Add(1)
		go func() { defer wg.Done(); st.Run(sctx) }()
	}
	defer func() { stop(); wg.Wait() }()

	deadline := time.Now().Add(time.Minute)
	for {
		p, err := sh.Position(ctx, "hangzhou")
		if err != nil {
			t.Fatal(err)
		}
		if p.SettledSeq == 1 {
			if p.SettledNet.Cmp(big.NewInt(want)) != 0 {
				t.Fatalf("settled %v through ride 1, want %d", p.SettledNet, want)
			}
			break
		}
		if p.SettledSeq > 1 {
			t.Fatalf("settled through the disputed ride: %+v", p)
		}
		if time.Now().After(deadline) {
			t.Fatalf("ride 1 not settled: %+v %v %v", p, settlers["shanghai"].Errors(), settlers["hangzhou"].Errors())
		}
		time.Sleep(100 * time.Millisecond)
	}
	// The home city disputes ride 2, and nothing settles through it.
	for time.Now().Before(deadline) && len(settlers["shanghai"].Disputes()) == 0 {
		time.Sleep(100 * time.Millisecond)
	}
	d := settlers["shanghai"].Disputes()
	if len(d) != 1 || d[0].Seq != 2 || d[0].Counterparty != "hangzhou" || !strings.Contains(d[0].Reason, "differs") {
		t.Fatalf("shanghai's disputes: %+v", d)
	}
	// More blocks come (a ride of another pair would do; a fourth ride of
	// this pair here), and still nothing settles past ride 1.
	if _, err := hz.RecordRide(ctx, s.ride("shanghai", "hangzhou", 4, riderOf("shanghai", 4), 7, 8)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(3 * time.Second)
	if p, _ := sh.Position(ctx, "hangzhou"); p.SettledSeq != 1 || p.Rides != 4 {
		t.Fatalf("after the dispute: %+v", p)
	}
}

func metroHex32(s string) ([32]byte, error) {
	var out [32]byte
	b, err := hex.DecodeString(s)
	copy(out[:], b)
	return out, err
}
