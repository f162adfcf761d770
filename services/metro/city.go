package metro

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/causeway/causeway/crypto/seal"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/sdk/contracts/metro"
	"github.com/causeway/causeway/sealing"
	"github.com/causeway/causeway/types"
)

// Sealed-payload classes of the scenario (the envelopes' public labels).
const (
	ClassRide    = "metro-ride"
	ClassInvoice = "metro-invoice"
	// ClearingGroup is the reader group of the clearing role: every ride
	// is sealed to it as well as to its two cities.
	ClearingGroup = "metro-clearing"
)

// Gas limits of the scenario's calls (measured use is far below).
const (
	gasRide   = 400_000
	gasSmall  = 300_000
	gasInvite = 600_000
)

// Ride is the content of a ride record, sealed to the home city, the ride
// city and the clearing role. Times are RFC 3339.
type Ride struct {
	ID      string `json:"id"`    // 64 hex digits (RideID)
	Rider   string `json:"rider"` // 64 hex digits (RiderID): never a phone number
	Home    string `json:"home"`  // the rider's home city
	City    string `json:"city"`  // the city whose gates recorded the ride
	Entry   uint32 `json:"entry_station"`
	Exit    uint32 `json:"exit_station"`
	EntryAt string `json:"entry_at"`
	ExitAt  string `json:"exit_at"`
	Fare    uint64 `json:"fare"` // fen
}

// RideReceipt is a committed ride.
type RideReceipt struct {
	TxHash types.Hash
	Height uint64
	Seq    uint64 // the ride's sequence number within its pair of cities
}

// City is one city's connection to the scenario: the one interface a
// city's AFC and app systems call. It is safe for concurrent use.
type City struct {
	Name     string
	Code     Code
	Client   *sdk.Client
	Account  sdk.Account
	Key      *seal.EncryptionKey // the org's encryption key: opens what is sealed to the city
	Contract []byte              // the Metro contract's 20-byte address
	Opt      sdk.TxOptions

	abi *metro.Metro
	mu  sync.Mutex
	// readers of a ride, by home city, resolved once (ResolveReaders)
	// and again when the chain reports that a key changed.
	readers map[string]resolved
}

type resolved struct {
	spec    *types.SealedPayload
	readers []sealing.Reader
}

// NewCity connects city name (its org name) through cl, sending as acct.
func NewCity(name string, cl *sdk.Client, acct sdk.Account, key *seal.EncryptionKey, contract []byte, opt sdk.TxOptions) (*City, error) {
	code, err := CodeOf(name)
	if err != nil {
		return nil, err
	}
	if len(contract) != 20 {
		return nil, fmt.Errorf("%w: contract address has %d bytes, want 20", ErrBadInput, len(contract))
	}
	return &City{Name: name, Code: code, Client: cl, Account: acct, Key: key, Contract: contract, Opt: opt,
		abi: metro.NewMetro(), readers: map[string]resolved{}}, nil
}

// Address is the EVM address of an account: the last 20 bytes of its identity.
func Address(id types.Hash) common.Address { return common.BytesToAddress(id[12:]) }

// call sends a contract call, waits for it and turns a failed receipt into a *RefusedError.
func (c *City) call(ctx context.Context, op string, input []byte, gas uint64, sealed *types.SealedPayload) (*types.Receipt, error) {
	tx, err := c.Account.BuildTx(c.Opt, types.TxType_CALL_CONTRACT, &types.CallContract{To: c.Contract, Input: input, GasLimit: gas, Sealed: sealed})
	if err != nil {
		return nil, err
	}
	return submit(ctx, c.Client, op, tx)
}

func submit(ctx context.Context, cl *sdk.Client, op string, tx *types.Transaction) (*types.Receipt, error) {
	r, err := cl.SubmitOK(ctx, tx)
	var te *types.TxError
	if errors.As(err, &te) {
		return r.GetReceipt(), &RefusedError{Op: op, Code: string(te.Code), Reason: te.Reason}
	}
	if err != nil {
		return nil, fmt.Errorf("metro: %s: %w", op, err)
	}
	return r.GetReceipt(), nil
}

// query runs a read-only call on the local node's committed state.
func (c *City) query(ctx context.Context, input []byte) ([]byte, uint64, error) {
	r, err := c.Client.QueryContract(ctx, c.Account.ID().String(), c.Contract, input, 0)
	if err != nil {
		return nil, 0, err
	}
	if r.GetErrorCode() != "" {
		return nil, r.GetHeight(), &RefusedError{Op: "query", Code: r.GetErrorCode(), Reason: r.GetError()}
	}
	return r.GetReturnData(), r.GetHeight(), nil
}

// sealFor seals plaintext to the orgs and groups of a ride (or an
// invoice), with the readers resolved once per key.
func (c *City) sealFor(ctx context.Context, key string, r sdk.Readers, class string, plaintext []byte) (*types.SealedPayload, error) {
	c.mu.Lock()
	rs, ok := c.readers[key]
	c.mu.Unlock()
	if !ok {
		spec, readers, err := c.Client.ResolveReaders(ctx, c.Account.Suite, r)
		if err != nil {
			return nil, err
		}
		cfg, err := c.Client.ChainConfig(ctx)
		if err != nil {
			return nil, err
		}
		readers, terr, err := sealing.WithAuditor(cfg, class, readers)
		if err != nil {
			return nil, err
		}
		if terr != nil {
			return nil, terr
		}
		rs = resolved{spec: spec, readers: readers}
		c.mu.Lock()
		c.readers[key] = rs
		c.mu.Unlock()
	}
	env, err := sdk.SealPayload(c.Account.Suite, c.Opt.ChainID, plaintext, rs.readers, class)
	if err != nil {
		return nil, err
	}
	p := &types.SealedPayload{Envelope: env, Orgs: rs.spec.Orgs, Accounts: rs.spec.Accounts, Groups: rs.spec.Groups}
	return p, nil
}

func (c *City) forget(key string) {
	c.mu.Lock()
	delete(c.readers, key)
	c.mu.Unlock()
}

// RecordRide records a ride taken at this city's gates by a rider of
// another city, sealed to the home city, this city and the clearing role.
// It returns once the ride is committed: its pair's position includes it.
func (c *City) RecordRide(ctx context.Context, r Ride) (*RideReceipt, error) {
	if r.City != c.Name {
		return nil, fmt.Errorf("%w: ride of city %q recorded by %q", ErrBadInput, r.City, c.Name)
	}
	id, err := hex32(r.ID)
	if err != nil {
		return nil, fmt.Errorf("%w: ride id: %v", ErrBadInput, err)
	}
	if _, err := hex32(r.Rider); err != nil {
		return nil, fmt.Errorf("%w: rider id: %v", ErrBadInput, err)
	}
	home, err := CodeOf(r.Home)
	if err != nil {
		return nil, err
	}
	if r.Entry == 0 || r.Exit == 0 {
		return nil, fmt.Errorf("%w: stations are numbered from 1", ErrBadInput)
	}
	in, err1 := time.Parse(time.RFC3339, r.EntryAt)
	out, err2 := time.Parse(time.RFC3339, r.ExitAt)
	if err1 != nil || err2 != nil || out.Before(in) {
		return nil, fmt.Errorf("%w: entry and exit times must be RFC 3339, exit not before entry (%q, %q)", ErrBadInput, r.EntryAt, r.ExitAt)
	}
	body, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	input := c.abi.PackRecordRide(id, home, r.Fare)
	key := "ride:" + r.Home
	for attempt := 0; ; attempt++ {
		sealed, err := c.sealFor(ctx, key, sdk.Readers{Orgs: []string{r.Home, c.Name}, Groups: []string{ClearingGroup}}, ClassRide, body)
		if err != nil {
			return nil, err
		}
		rc, err := c.call(ctx, "record ride", input, gasRide, sealed)
		if attempt == 0 && isReaderMismatch(err) {
			c.forget(key)
			continue
		}
		if err != nil {
			return nil, err
		}
		rec := &RideReceipt{TxHash: types.Hash(rc.GetTxHash()), Height: rc.GetHeight()}
		if ev, ok := c.rideEvent(rc); ok {
			rec.Seq = ev.Seq
		}
		return rec, nil
	}
}

func isReaderMismatch(err error) bool {
	var re *RefusedError
	return errors.As(err, &re) && re.Code == string(types.CodeReaderMismatch)
}

// rideEvent finds the RideRecorded event in a receipt.
func (c *City) rideEvent(rc *types.Receipt) (*metro.MetroRideRecorded, bool) {
	for _, l := range rc.GetLogs() {
		if ev, err := c.abi.UnpackRideRecordedEvent(toEthLog(l)); err == nil {
			return ev, true
		}
	}
	return nil, false
}

// ConfirmPayment: this city, the ride's home city, collected the fare.
func (c *City) ConfirmPayment(ctx context.Context, ride [32]byte, paymentRef [32]byte) error {
	_, err := c.call(ctx, "confirm payment", c.abi.PackConfirmPayment(ride, paymentRef), gasSmall, nil)
	return err
}

// Decision is a gate check's answer.
type Decision struct {
	Allowed   bool
	MarkedBy  string // the city whose mark refuses the rider
	Reason    string
	ExpiresAt time.Time
	// Height is the committed block the answer was read on: a node that
	// is briefly behind still answers, from the state it has.
	Height uint64
}

// GateCheck answers "may this rider enter?" from the local node's state.
func (c *City) GateCheck(ctx context.Context, rider [32]byte) (*Decision, error) {
	out, h, err := c.query(ctx, c.abi.PackMayEnter(rider))
	if err != nil {
		return nil, err
	}
	r, err := c.abi.UnpackMayEnter(out)
	if err != nil {
		return nil, err
	}
	d := &Decision{Allowed: r.Ok, Reason: r.Reason, Height: h}
	if !r.Ok {
		d.MarkedBy = Code(r.City).String()
		d.ExpiresAt = time.Unix(int64(r.ExpiresAt), 0).UTC()
	}
	return d, nil
}

// MarkRider puts a rider on the shared risk list for ttl (whole seconds),
// with a reason and evidence (for an unpaid fare, the ride's id).
func (c *City) MarkRider(ctx context.Context, rider [32]byte, reason string, evidence [32]byte, ttl time.Duration) (*types.Receipt, error) {
	if ttl < time.Second {
		return nil, fmt.Errorf("%w: a mark lasts at least a second", ErrBadInput)
	}
	return c.call(ctx, "mark rider", c.abi.PackMarkRider(rider, reason, evidence, uint64(ttl/time.Second)), gasSmall, nil)
}

// UnmarkRider removes this city's mark.
func (c *City) UnmarkRider(ctx context.Context, rider [32]byte) error {
	_, err := c.call(ctx, "unmark rider", c.abi.PackUnmarkRider(rider), gasSmall, nil)
	return err
}

// AppealMark appeals markingCity's mark on a rider (normally done by the
// rider's home city).
func (c *City) AppealMark(ctx context.Context, rider [32]byte, markingCity string) error {
	mc, err := CodeOf(markingCity)
	if err != nil {
		return err
	}
	_, err = c.call(ctx, "appeal mark", c.abi.PackAppealMark(rider, mc), gasSmall, nil)
	return err
}

// VoteRemoveMark is this city's governance vote to remove an appealed mark.
func (c *City) VoteRemoveMark(ctx context.Context, rider [32]byte, markingCity string) error {
	mc, err := CodeOf(markingCity)
	if err != nil {
		return err
	}
	_, err = c.call(ctx, "vote to remove mark", c.abi.PackVoteRemoveMark(rider, mc), gasSmall, nil)
	return err
}

// ApproveCity is this city's vote to admit a new city run by account.
func (c *City) ApproveCity(ctx context.Context, name string, account types.Hash) error {
	code, err := CodeOf(name)
	if err != nil {
		return err
	}
	_, err = c.call(ctx, "approve city", c.abi.PackApproveCity(code, Address(account)), gasInvite, nil)
	return err
}

// SetFares sets this city's fare rules (fen).
func (c *City) SetFares(ctx context.Context, base, perZone, max uint32) error {
	_, err := c.call(ctx, "set fares", c.abi.PackSetFares(base, perZone, max), gasSmall, nil)
	return err
}

// SetStations registers this city's stations and their zones.
func (c *City) SetStations(ctx context.Context, ids []uint32, zones []uint8) error {
	for i := 0; i < len(ids); i += 256 {
		j := min(len(ids), i+256)
		if _, err := c.call(ctx, "set stations", c.abi.PackSetStations(ids[i:j], zones[i:j]), uint64(100_000+25_000*(j-i)), nil); err != nil {
			return err
		}
	}
	return nil
}

// Fare is the fare of a ride between two of city's stations by its rules
// on chain.
func (c *City) Fare(ctx context.Context, city string, entry, exit uint32) (uint64, error) {
	code, err := CodeOf(city)
	if err != nil {
		return 0, err
	}
	out, _, err := c.query(ctx, c.abi.PackFareOf(code, entry, exit))
	if err != nil {
		return 0, err
	}
	return c.abi.UnpackFareOf(out)
}

// Position is the state of a pair of cities as the contract nets it.
type Position struct {
	A, B        string   // the pair, A < B
	Rides       uint64   // rides recorded on the pair
	Net         *big.Int // A owes B if > 0, over all rides
	SettledSeq  uint64   // rides covered by confirmed settlements
	SettledNet  *big.Int
	Settlements uint64
	Height      uint64
}

// Position reads the pair (this city, other).
func (c *City) Position(ctx context.Context, other string) (*Position, error) {
	return c.PositionOf(ctx, c.Name, other)
}

// PositionOf reads any pair's position (positions are public: they are
// sums, not rides).
func (c *City) PositionOf(ctx context.Context, x, y string) (*Position, error) {
	cx, err := CodeOf(x)
	if err != nil {
		return nil, err
	}
	cy, err := CodeOf(y)
	if err != nil {
		return nil, err
	}
	out, h, err := c.query(ctx, c.abi.PackPosition(cx, cy))
	if err != nil {
		return nil, err
	}
	p, err := c.abi.UnpackPosition(out)
	if err != nil {
		return nil, err
	}
	a, b := x, y
	if string(cy[:]) < string(cx[:]) {
		a, b = y, x
	}
	return &Position{A: a, B: b, Rides: p.Seq, Net: p.Net, SettledSeq: p.SettledSeq, SettledNet: p.SettledNet, Settlements: p.Settlements, Height: h}, nil
}

// Pending is a pair's pending settlement proposal.
type Pending struct {
	FromSeq, ThroughSeq uint64
	Amount              *big.Int // A pays B if > 0
	By                  string
}

// PendingSettlement reads the pair's pending proposal (nil if none).
func (c *City) PendingSettlement(ctx context.Context, other string) (*Pending, error) {
	co, err := CodeOf(other)
	if err != nil {
		return nil, err
	}
	out, _, err := c.query(ctx, c.abi.PackPendingSettlement(c.Code, co))
	if err != nil {
		return nil, err
	}
	p, err := c.abi.UnpackPendingSettlement(out)
	if err != nil {
		return nil, err
	}
	if p.ThroughSeq == 0 {
		return nil, nil
	}
	return &Pending{FromSeq: p.FromSeq, ThroughSeq: p.ThroughSeq, Amount: p.Amount, By: Code(p.By).String()}, nil
}

// ProposeSettlement proposes to settle the pair (this city, other)
// through the pair's ride throughSeq.
func (c *City) ProposeSettlement(ctx context.Context, other string, throughSeq uint64) error {
	co, err := CodeOf(other)
	if err != nil {
		return err
	}
	_, err = c.call(ctx, "propose settlement", c.abi.PackProposeSettlement(co, throughSeq), gasSmall, nil)
	return err
}

// ConfirmSettlement signs other's pending proposal off, for the amount
// this city computed itself.
func (c *City) ConfirmSettlement(ctx context.Context, other string, throughSeq uint64, amount *big.Int) (*types.Receipt, error) {
	co, err := CodeOf(other)
	if err != nil {
		return nil, err
	}
	return c.call(ctx, "confirm settlement", c.abi.PackConfirmSettlement(co, throughSeq, amount), gasSmall, nil)
}

// RejectSettlement refuses other's pending proposal.
func (c *City) RejectSettlement(ctx context.Context, other string) error {
	co, err := CodeOf(other)
	if err != nil {
		return err
	}
	_, err = c.call(ctx, "reject settlement", c.abi.PackRejectSettlement(co), gasSmall, nil)
	return err
}

// OpenRide reads the sealed content of the ride that transaction txHash
// recorded: only the ride's two cities and the clearing role can.
func (c *City) OpenRide(ctx context.Context, txHash types.Hash) (*Ride, error) {
	b, _, err := c.Client.Open(ctx, txHash, c.Key)
	if err != nil {
		return nil, err
	}
	return parseRide(b)
}

func hex32(s string) ([32]byte, error) {
	var out [32]byte
	b, err := hex.DecodeString(s)
	if err != nil {
		return out, err
	}
	if len(b) != 32 {
		return out, fmt.Errorf("%d bytes, want 32", len(b))
	}
	copy(out[:], b)
	return out, nil
}

// Hex is the lowercase hex of a 32-byte id.
func Hex(b [32]byte) string { return hex.EncodeToString(b[:]) }

// parseRide decodes a ride record, refusing unknown fields.
func parseRide(b []byte) (*Ride, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	var r Ride
	if err := d.Decode(&r); err != nil {
		return nil, fmt.Errorf("ride record: %w", err)
	}
	return &r, nil
}

// IsCity tells whether name is an active city of the contract.
func (c *City) IsCity(ctx context.Context, name string) (bool, error) {
	code, err := CodeOf(name)
	if err != nil {
		return false, err
	}
	out, _, err := c.query(ctx, c.abi.PackCities(code))
	if err != nil {
		return false, err
	}
	r, err := c.abi.UnpackCities(out)
	if err != nil {
		return false, err
	}
	return r.Active, nil
}
