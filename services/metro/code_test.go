package metro

import (
	"context"
	"errors"
	"testing"

	"github.com/causeway/causeway/sdk"
)

// A ride with malformed fields is refused before anything is sealed or sent.
func TestRecordRideRefusesMalformedRides(t *testing.T) {
	c, err := NewCity("ningbo", nil, sdk.Account{}, nil, make([]byte, 20), sdk.TxOptions{ChainID: "x"})
	if err != nil {
		t.Fatal(err)
	}
	good := Ride{ID: Hex(RideID(c.Code, "g", 1)), Rider: Hex(RiderID([]byte("k"), "a")), Home: "shanghai", City: "ningbo",
		Entry: 1, Exit: 2, EntryAt: "2026-12-01T08:00:00Z", ExitAt: "2026-12-01T08:30:00Z", Fare: 300}
	bad := map[string]func(*Ride){
		"another city's ride": func(r *Ride) { r.City = "hangzhou" },
		"short ride id":       func(r *Ride) { r.ID = r.ID[:62] },
		"rider not hex":       func(r *Ride) { r.Rider = "zz" + r.Rider[2:] },
		"home not a code":     func(r *Ride) { r.Home = "Shang Hai" },
		"station 0":           func(r *Ride) { r.Entry = 0 },
		"time not RFC 3339":   func(r *Ride) { r.EntryAt = "08:00" },
		"exit before entry":   func(r *Ride) { r.ExitAt = "2026-12-01T07:00:00Z" },
	}
	for name, f := range bad {
		r := good
		f(&r)
		if _, err := c.RecordRide(context.Background(), r); !errors.Is(err, ErrBadInput) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestCodes(t *testing.T) {
	for _, bad := range []string{"", "Shanghai", "shang hai", "上海", "a23456789012345678901234567890123"} {
		if _, err := CodeOf(bad); !errors.Is(err, ErrBadInput) {
			t.Errorf("CodeOf(%q): %v", bad, err)
		}
	}
	c, err := CodeOf("ningbo")
	if err != nil || c.String() != "ningbo" {
		t.Fatalf("%v %v", c, err)
	}
	if RiderID([]byte("k1"), "a") == RiderID([]byte("k2"), "a") || RiderID([]byte("k1"), "a") == RiderID([]byte("k1"), "b") {
		t.Fatal("rider ids collide across keys or accounts")
	}
	if RideID(c, "g", 1) == RideID(c, "g", 2) || RideID(c, "g1", 1) == RideID(c, "g", 11) {
		t.Fatal("ride ids collide")
	}
}
