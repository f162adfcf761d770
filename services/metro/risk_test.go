package metro_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/services/metro"
)

// gateAtOrAfter asks city's gate about rider until its node answers from
// block h or later, and returns that first answer.
func gateAtOrAfter(t *testing.T, ctx context.Context, c *metro.City, rider [32]byte, h uint64) *metro.Decision {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		d, err := c.GateCheck(ctx, rider)
		if err != nil {
			t.Fatal(err)
		}
		if d.Height >= h {
			return d
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s's node stays at height %d, below %d", c.Name, d.Height, h)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// allowedSoon waits until c's node lets rider in: a change made through
// another city's node reaches c's node a block later at most.
func allowedSoon(t *testing.T, ctx context.Context, c *metro.City, rider [32]byte, what string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		d, err := c.GateCheck(ctx, rider)
		if err != nil {
			t.Fatal(err)
		}
		if d.Allowed {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %s's gate still refuses: %+v", what, c.Name, d)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestRiskListIsSharedWithinOneBlock: a mark one city makes refuses the
// rider at another city's gate from the block that records it; a mark
// expires, is removed by its city, and on appeal by a majority of cities;
// nobody else can remove it, and an account that is not a city cannot mark.
func TestRiskListIsSharedWithinOneBlock(t *testing.T) {
	if testing.Short() {
		t.Skip("a consortium of 4 nodes")
	}
	s := newScenario(t, 3)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	sh, hz, nb := s.cities["shanghai"], s.cities["hangzhou"], s.cities["nanjing"]
	rider := riderOf("hangzhou", 1)
	if d, err := nb.GateCheck(ctx, rider); err != nil || !d.Allowed {
		t.Fatalf("an unmarked rider at nanjing's gate: %+v, %v", d, err)
	}

	// Shanghai marks the rider; nanjing's gate refuses from that very block.
	ride := metro.RideID(sh.Code, "gate-7", 1)
	rc, err := sh.MarkRider(ctx, rider, "unpaid-fare", ride, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	d := gateAtOrAfter(t, ctx, nb, rider, rc.GetHeight())
	if d.Allowed || d.MarkedBy != "shanghai" || d.Reason != "unpaid-fare" || d.Height != rc.GetHeight() && d.Height != rc.GetHeight()+1 {
		t.Fatalf("nanjing's gate at the mark's block %d: %+v", rc.GetHeight(), d)
	}
	if left := time.Until(d.ExpiresAt); left < 50*time.Minute || left > 61*time.Minute {
		t.Fatalf("the mark expires at %v", d.ExpiresAt)
	}
	// Another city cannot remove it, nor vote it away unappealed.
	if err := hz.UnmarkRider(ctx, rider); !errors.Is(err, metro.ErrNoMarkByThisCity) {
		t.Fatalf("hangzhou removes shanghai's mark: %v", err)
	}
	if err := nb.VoteRemoveMark(ctx, rider, "shanghai"); !errors.Is(err, metro.ErrNotAppealed) {
		t.Fatalf("a vote on an unappealed mark: %v", err)
	}
	// The tax bureau's account is not a city: it cannot mark.
	bureauAcct, err := metro.OrgAccount(s.c.Network, "taxbureau")
	if err != nil {
		t.Fatal(err)
	}
	addr, _ := s.d.ContractAddress()
	bureau, err := metro.NewCity("taxbureau", sh.Client, bureauAcct, sh.Key, addr, sdk.TxOptions{ChainID: s.c.Network.ChainID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bureau.MarkRider(ctx, riderOf("nanjing", 5), "x", [32]byte{}, time.Hour); !errors.Is(err, metro.ErrNotACity) {
		t.Fatalf("a non-city marks a rider: %v", err)
	}
	if d, _ := nb.GateCheck(ctx, riderOf("nanjing", 5)); !d.Allowed {
		t.Fatalf("the refused mark took effect: %+v", d)
	}

	// The marking city removes its mark.
	if err := sh.UnmarkRider(ctx, rider); err != nil {
		t.Fatal(err)
	}
	allowedSoon(t, ctx, nb, rider, "after shanghai removed its mark")

	// Expiry: a 2-second mark refuses, then lets the rider in once a block
	// later than its expiry is committed.
	short := riderOf("hangzhou", 2)
	rc, err = sh.MarkRider(ctx, short, "unpaid-fare", ride, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if d := gateAtOrAfter(t, ctx, nb, short, rc.GetHeight()); d.Allowed {
		t.Fatalf("a fresh 2 s mark lets the rider in: %+v", d)
	}
	time.Sleep(3 * time.Second)
	rc, err = sh.MarkRider(ctx, riderOf("hangzhou", 3), "unpaid-fare", ride, time.Hour) // a later block
	if err != nil {
		t.Fatal(err)
	}
	if d := gateAtOrAfter(t, ctx, nb, short, rc.GetHeight()); !d.Allowed {
		t.Fatalf("an expired mark still refuses: %+v", d)
	}

	// Appeal and governance: nanjing's mark, appealed by the rider's home
	// city, is removed once a majority (2 of 3) votes; one vote is not
	// enough and a second vote by the same city is refused.
	appealed := riderOf("hangzhou", 4)
	if _, err := nb.MarkRider(ctx, appealed, "fare-evasion", ride, time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := hz.AppealMark(ctx, appealed, "nanjing"); err != nil {
		t.Fatal(err)
	}
	if err := sh.VoteRemoveMark(ctx, appealed, "nanjing"); err != nil {
		t.Fatal(err)
	}
	if err := sh.VoteRemoveMark(ctx, appealed, "nanjing"); !errors.Is(err, metro.ErrAlreadyVoted) {
		t.Fatalf("a second vote by the same city: %v", err)
	}
	if d, _ := sh.GateCheck(ctx, appealed); d.Allowed {
		t.Fatalf("one vote of three removed the mark: %+v", d)
	}
	if err := hz.VoteRemoveMark(ctx, appealed, "nanjing"); err != nil {
		t.Fatal(err)
	}
	allowedSoon(t, ctx, sh, appealed, "after a majority's removal")
}
