package metro

import (
	"bytes"
	"context"
	"fmt"
	"math/big"
	"slices"
	"sort"
	"sync"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/crypto/seal"
	"github.com/causeway/causeway/sdk/contracts/metro"
	"github.com/causeway/causeway/sealing"
	"github.com/causeway/causeway/types"
)

// Settler is a city's settlement agent. It follows the chain block by
// block, opens every ride sealed to its city and keeps its own tally of
// each pair's rides from what it read. Of each pair, the city with the
// lower code proposes settlements through the last ride it has read; the
// other confirms a proposal only when the amount equals its own tally of
// the covered rides (and rejects it when its complete tally differs). A
// settlement is final in the block that confirms it.
type Settler struct {
	City *City
	// From is the first block to read (rides before it are not tallied:
	// start at 1, or at the block the city joined in).
	From uint64
	// OnSettled, if set, is called for each settlement this city confirmed.
	OnSettled func(SettlementRecord)

	mu        sync.Mutex
	tally     map[string]map[uint64]int64 // counterparty → pair seq → amount (A owes B if > 0)
	rideTime  map[string]map[uint64]int64 // counterparty → pair seq → block time (ms) of the ride
	rides     map[types.Hash]*Ride        // rides read, by transaction
	unsettled map[string]bool             // counterparties with rides read but not known settled
	workers   map[string]chan struct{}    // a worker per pair (kick)
	running   sync.WaitGroup
	height    uint64
	rejected  int
	confirmed []SettlementRecord
	disputes  []Dispute
	errs      []error
}

// SettlementRecord is a settlement this city confirmed.
type SettlementRecord struct {
	A, B                string
	FromSeq, ThroughSeq uint64
	Amount              int64 // A pays B if > 0
	// Latency is from the block of the last covered ride to the block
	// that confirmed the settlement (block times).
	Latency time.Duration
	Height  uint64
}

// Run follows the chain until ctx ends.
func (s *Settler) Run(ctx context.Context) error {
	s.mu.Lock()
	if s.tally == nil {
		s.tally, s.rideTime, s.rides = map[string]map[uint64]int64{}, map[string]map[uint64]int64{}, map[types.Hash]*Ride{}
		s.unsettled, s.workers = map[string]bool{}, map[string]chan struct{}{}
	}
	s.mu.Unlock()
	defer s.running.Wait()
	from := max(s.From, 1)
	for ctx.Err() == nil {
		sub, cancel := context.WithCancel(ctx)
		blocks, errc := s.City.Client.SubscribeBlocks(sub, from)
		for b := range blocks {
			if err := s.block(ctx, b.GetBlock()); err != nil {
				if ctx.Err() == nil {
					s.note(err)
				}
				break // subscribe again from this block
			}
			from = b.GetBlock().GetHeader().GetHeight() + 1
		}
		cancel()
		for range blocks {
		}
		if err := <-errc; err != nil && sub.Err() == nil {
			s.note(err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(200 * time.Millisecond):
		}
	}
	return nil
}

func (s *Settler) note(err error) {
	s.mu.Lock()
	if len(s.errs) < 100 {
		s.errs = append(s.errs, err)
	}
	s.mu.Unlock()
}

// Errors returns the errors met so far (at most 100).
func (s *Settler) Errors() []error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.errs)
}

// block reads one committed block: the rides sealed to this city, then the
// settlement steps they allow.
func (s *Settler) block(ctx context.Context, b *types.Block) error {
	c := s.City
	h := b.GetHeader().GetHeight()
	touched := map[string]bool{}
	for _, tx := range b.GetTxs() {
		var body types.TxBody
		if err := proto.Unmarshal(tx.GetBody(), &body); err != nil || body.GetType() != types.TxType_CALL_CONTRACT {
			continue
		}
		var call types.CallContract
		if err := proto.Unmarshal(body.GetPayload(), &call); err != nil || !bytes.Equal(call.GetTo(), c.Contract) {
			continue
		}
		sender := types.Hash(body.GetSender())
		if call.GetSealed() != nil {
			other, err := s.ride(ctx, tx, &call, b.GetHeader().GetTimeMs())
			if err != nil {
				return err
			}
			if other != "" {
				touched[other] = true
			}
			continue
		}
		// A proposal from a counterparty: look at the pair after this block.
		// (selector, bytes32 other, uint64 throughSeq): it names this city.
		in := call.GetInput()
		if len(in) == 4+64 && bytes.Equal(in[:4], proposeSelector) && bytes.Equal(in[4:36], c.Code[:]) {
			touched[s.counterpartyOf(sender)] = true
		}
	}
	s.mu.Lock()
	s.height = h
	for o := range s.unsettled {
		touched[o] = true
	}
	s.mu.Unlock()
	delete(touched, "")
	others := make([]string, 0, len(touched))
	for o := range touched {
		others = append(others, o)
	}
	sort.Strings(others)
	for _, o := range others {
		s.kick(ctx, o)
	}
	return nil
}

// kick asks other's pair worker to step the pair (coalescing requests):
// each pair moves on in its own goroutine, so a step that waits for its
// transaction's block holds neither the reading of blocks nor the other
// pairs.
func (s *Settler) kick(ctx context.Context, other string) {
	s.mu.Lock()
	ch := s.workers[other]
	if ch == nil {
		ch = make(chan struct{}, 1)
		s.workers[other] = ch
		s.running.Add(1)
		go s.work(ctx, other, ch)
	}
	s.mu.Unlock()
	select {
	case ch <- struct{}{}:
	default:
	}
}

func (s *Settler) work(ctx context.Context, other string, ch chan struct{}) {
	defer s.running.Done()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ch:
		}
		if err := s.step(ctx, other); err != nil && ctx.Err() == nil {
			s.note(err)
			// Try again soon even if no block comes.
			time.AfterFunc(500*time.Millisecond, func() {
				select {
				case ch <- struct{}{}:
				default:
				}
			})
		}
	}
}

var proposeSelector = metro.NewMetro().PackProposeSettlement(Code{}, 0)[:4]

// counterpartyOf is the city whose account is id (by the contract's cityOf).
func (s *Settler) counterpartyOf(id types.Hash) string {
	out, _, err := s.City.query(context.Background(), s.City.abi.PackCityOf(Address(id)))
	if err != nil {
		return ""
	}
	code, err := s.City.abi.UnpackCityOf(out)
	if err != nil {
		return ""
	}
	return Code(code).String()
}

// ride tallies a sealed contract call if it is a committed ride this city
// can read; it returns the counterparty.
func (s *Settler) ride(ctx context.Context, tx *types.Transaction, call *types.CallContract, timeMs int64) (string, error) {
	c := s.City
	env, err := seal.Unmarshal(call.GetSealed().GetEnvelope(), 0)
	if err != nil || env.GetClass() != ClassRide || !slices.Contains(seal.Readers(env), c.Key.ID()) {
		return "", nil
	}
	hash := c.Account.Suite.TxHash(tx)
	r, err := c.Client.GetTx(ctx, hash)
	if err != nil {
		return "", fmt.Errorf("ride %s: %w", hash, err)
	}
	rc := r.GetReceipt()
	if rc.GetStatus() != types.ReceiptStatus_SUCCESS {
		return "", nil
	}
	ev, ok := c.rideEvent(rc)
	if !ok {
		return "", nil
	}
	// A ride this city cannot verify is disputed: it gets no tally, so no
	// settlement through it is proposed or confirmed by this city.
	evOther := ""
	if home := Code(ev.Home); home == c.Code {
		evOther = Code(ev.RideCity).String()
	} else if Code(ev.RideCity) == c.Code {
		evOther = home.String()
	}
	dispute := func(reason string) (string, error) {
		s.mu.Lock()
		s.disputes = append(s.disputes, Dispute{Tx: hash, Counterparty: evOther, Seq: ev.Seq, Reason: reason})
		s.mu.Unlock()
		return "", nil
	}
	plain, err := seal.Open(env, c.Key, sealing.Context(c.Opt.ChainID))
	if err != nil {
		return dispute("the sealed record does not open: " + err.Error())
	}
	ride, err := parseRide(plain)
	if err != nil {
		return dispute(err.Error())
	}
	// What the city read must be what the contract netted.
	if ride.ID != Hex(ev.Ride) || ride.Home != Code(ev.Home).String() || ride.City != Code(ev.RideCity).String() || ride.Fare != ev.Fare {
		return dispute(fmt.Sprintf("the sealed record (%s %s→%s fare %d) differs from the netted one (%s %s→%s fare %d)",
			ride.ID, ride.Home, ride.City, ride.Fare, Hex(ev.Ride), Code(ev.Home), Code(ev.RideCity), ev.Fare))
	}
	other := ride.Home
	if other == c.Name {
		other = ride.City
	} else if ride.City != c.Name {
		s.mu.Lock()
		s.rides[hash] = ride // the clearing role reads rides of others
		s.mu.Unlock()
		return "", nil
	}
	amt := int64(ride.Fare)
	// A (the lower code) owes B when A's rider rode in B.
	oc, _ := CodeOf(other)
	a := c.Code
	if bytes.Compare(oc[:], c.Code[:]) < 0 {
		a = oc
	}
	home, _ := CodeOf(ride.Home)
	if home != a {
		amt = -amt
	}
	s.mu.Lock()
	if s.tally[other] == nil {
		s.tally[other], s.rideTime[other] = map[uint64]int64{}, map[uint64]int64{}
	}
	s.tally[other][ev.Seq] = amt
	s.unsettled[other] = true
	s.rideTime[other][ev.Seq] = timeMs
	s.rides[hash] = ride
	s.mu.Unlock()
	return other, nil
}

// complete is the sum of the tally over seqs from..through, and whether
// every one of them was read.
func (s *Settler) complete(other string, from, through uint64) (int64, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tally[other]
	var sum int64
	for q := from; q <= through; q++ {
		v, ok := t[q]
		if !ok {
			return 0, false
		}
		sum += v
	}
	return sum, true
}

// lastRead is the highest seq of the pair read so far, with every seq
// before it read too.
func (s *Settler) lastRead(other string, after uint64) uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := after
	for {
		if _, ok := s.tally[other][q+1]; !ok {
			return q
		}
		q++
	}
}

// step moves the pair (this city, other) on: propose if this city is A,
// confirm or reject if it is B and A proposed.
func (s *Settler) step(ctx context.Context, other string) error {
	c := s.City
	oc, err := CodeOf(other)
	if err != nil {
		return err
	}
	p, err := c.Position(ctx, other)
	if err != nil {
		return err
	}
	if s.lastRead(other, p.SettledSeq) == p.SettledSeq {
		s.mu.Lock()
		delete(s.unsettled, other) // all read rides are settled
		s.mu.Unlock()
	}
	if bytes.Compare(c.Code[:], oc[:]) < 0 {
		pend, err := c.PendingSettlement(ctx, other)
		if err != nil || pend != nil {
			return err
		}
		through := s.lastRead(other, p.SettledSeq)
		if through > p.SettledSeq && through <= p.Rides {
			if err := c.ProposeSettlement(ctx, other, through); err != nil && !isRace(err) {
				return err
			}
		}
		return nil
	}
	pend, err := c.PendingSettlement(ctx, other)
	if err != nil || pend == nil || pend.By != other {
		return err
	}
	sum, ok := s.complete(other, pend.FromSeq, pend.ThroughSeq)
	if !ok {
		return nil // not read yet: a later block will tell
	}
	if big.NewInt(sum).Cmp(pend.Amount) != 0 {
		s.mu.Lock()
		s.rejected++
		s.mu.Unlock()
		return c.RejectSettlement(ctx, other)
	}
	rc, err := c.ConfirmSettlement(ctx, other, pend.ThroughSeq, pend.Amount)
	if err != nil {
		if isRace(err) {
			return nil
		}
		return err
	}
	rec := SettlementRecord{FromSeq: pend.FromSeq, ThroughSeq: pend.ThroughSeq, Amount: sum, Height: rc.GetHeight()}
	rec.A, rec.B = other, c.Name
	if blk, err := c.Client.GetBlock(ctx, rc.GetHeight()); err == nil {
		s.mu.Lock()
		rt := s.rideTime[other][pend.ThroughSeq]
		s.mu.Unlock()
		rec.Latency = time.Duration(blk.GetBlock().GetHeader().GetTimeMs()-rt) * time.Millisecond
	}
	s.mu.Lock()
	s.confirmed = append(s.confirmed, rec)
	s.mu.Unlock()
	if s.OnSettled != nil {
		s.OnSettled(rec)
	}
	return nil
}

// isRace is a refusal that a concurrent step of the counterparty explains
// (a proposal already pending, or none any more, or rides settled by a
// confirmation this city's node had not applied yet when it looked).
func isRace(err error) bool {
	var re *RefusedError
	if !asRefused(err, &re) {
		return false
	}
	return re.Is(ErrSettlementPending) || re.Is(ErrNoPendingSettlment) || re.Is(ErrNothingToSettle)
}

// Confirmed returns the settlements this city confirmed.
func (s *Settler) Confirmed() []SettlementRecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.confirmed)
}

// Dispute is a ride sealed to this city that it cannot verify: its
// sealed record does not open, does not parse, or differs from what the
// contract netted. This city settles its pair only up to the ride before
// it, until the cities resolve it.
type Dispute struct {
	Tx           types.Hash
	Counterparty string
	Seq          uint64
	Reason       string
}

// Disputes returns the rides this city disputes.
func (s *Settler) Disputes() []Dispute {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.disputes)
}

// Rejected is how many proposals this city rejected.
func (s *Settler) Rejected() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rejected
}

// Height is the last block read.
func (s *Settler) Height() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.height
}

// Rides returns the rides this city read (its own pairs' rides, and for
// the clearing role every ride), by transaction.
func (s *Settler) Rides() map[types.Hash]*Ride {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[types.Hash]*Ride, len(s.rides))
	for k, v := range s.rides {
		out[k] = v
	}
	return out
}
