package metro

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/crypto/seal"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/sdk/contracts/metro"
	"github.com/causeway/causeway/sealing"
	"github.com/causeway/causeway/types"
)

// View is a read-only view of the scenario for one org of the consortium,
// a city or not (the web console's Metro page): every pair's position
// (public sums), the rides sealed to the org (opened with its encryption
// key), the active marks of the risk list and the gate check. It reads
// blocks only in bounded windows, never the whole chain. It is safe for
// concurrent use.
type View struct {
	// City is the org's connection (its client, account and, if held, its
	// encryption key; Key nil: no ride is opened).
	City *City
	// Window is the most blocks one Rides page, or the first marks scan,
	// reads (default DefaultViewWindow).
	Window uint64
	// Now is the clock marks expire by (default time.Now).
	Now func() time.Time

	dir     string
	mu      sync.Mutex
	dep     *Deployment
	scanMu  sync.Mutex
	marks   map[markKey]uint64 // (rider, marking city) → last block of a call naming it
	from    uint64             // marks: the scan covers blocks from..to
	to      uint64
	senders map[types.Hash]Code // account → city (cityOf)
}

// DefaultViewWindow is how many blocks a View reads at most per page.
const DefaultViewWindow = 200

// maxMarkCandidates bounds the (rider, city) pairs a View remembers.
const maxMarkCandidates = 1000

type markKey struct {
	rider [32]byte
	city  Code
}

// NewView is org's view of deployment d, read through cl as acct (any
// account: the view only queries). key is the org's encryption key, or nil.
func NewView(d *Deployment, cl *sdk.Client, org string, acct sdk.Account, key *seal.EncryptionKey) (*View, error) {
	addr, err := d.ContractAddress()
	if err != nil {
		return nil, err
	}
	c, err := NewCity(org, cl, acct, key, addr, sdk.TxOptions{ChainID: d.ChainID})
	if err != nil {
		return nil, err
	}
	return &View{City: c, dir: d.Dir, dep: d, marks: map[markKey]uint64{}, senders: map[types.Hash]Code{}}, nil
}

func (v *View) window() uint64 {
	if v.Window == 0 {
		return DefaultViewWindow
	}
	return v.Window
}

func (v *View) now() time.Time {
	if v.Now != nil {
		return v.Now()
	}
	return time.Now()
}

// deployment is metro.json as it is now: a city that joined during a run
// appears without restarting the view (the last good copy if it cannot be
// read).
func (v *View) deployment() *Deployment {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.dir != "" {
		if d, err := LoadDeployment(v.dir); err == nil && d.Contract == v.dep.Contract {
			v.dep = d
		}
	}
	return v.dep
}

// ViewInfo says what the view is about.
type ViewInfo struct {
	Org       string
	ChainID   string
	Contract  string // 40 hex digits
	Cities    []string
	TaxBureau string
	IsCity    bool   // Org is a city of the deployment
	KeyID     string // the org's encryption key id (hex), "" without one
}

// Info describes the deployment and the org.
func (v *View) Info() ViewInfo {
	d := v.deployment()
	in := ViewInfo{Org: v.City.Name, ChainID: d.ChainID, Contract: d.Contract, Cities: slices.Clone(d.Cities), TaxBureau: d.TaxBureau,
		IsCity: slices.Contains(d.Cities, v.City.Name)}
	if v.City.Key != nil {
		id := v.City.Key.ID()
		in.KeyID = hex.EncodeToString(id[:])
	}
	return in
}

// Pairs reads the position of every pair of cities of the deployment,
// A < B as the contract orders them (positions are public sums).
func (v *View) Pairs(ctx context.Context) ([]*Position, error) {
	cities := slices.Clone(v.deployment().Cities)
	sort.Strings(cities)
	type pair struct{ a, b string }
	var pairs []pair
	for i := range cities {
		for j := i + 1; j < len(cities); j++ {
			pairs = append(pairs, pair{cities[i], cities[j]})
		}
	}
	out := make([]*Position, len(pairs))
	errs := make([]error, len(pairs))
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for i, p := range pairs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			out[i], errs[i] = v.City.PositionOf(ctx, p.a, p.b)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// GateCheck asks the contract whether rider may enter, on the local
// node's state.
func (v *View) GateCheck(ctx context.Context, rider [32]byte) (*Decision, error) {
	return v.City.GateCheck(ctx, rider)
}

// Cursor is a place in the chain's rides, newest first: a page holds the
// rides of blocks below Height, and of block Height those before
// transaction Index. The zero Cursor is the head.
type Cursor struct {
	Height uint64
	Index  int
}

// RideView is a ride sealed to the org, opened.
type RideView struct {
	Ride
	TxHash types.Hash
	Height uint64
	Index  int   // the transaction's index in its block
	TimeMs int64 // the block's time
	Seq    uint64
}

// RidePage is one page of rides sealed to the org, newest first.
type RidePage struct {
	Rides []RideView
	// Blocks From..To were read (From <= To, both 0 on an empty chain).
	From, To uint64
	Head     uint64
	// Next is where the next (older) page starts; nil at block 1.
	Next *Cursor
	// Others counts the rides in the blocks read that are sealed to other
	// orgs only: this org cannot read them. Failed counts rides sealed to
	// the org whose transaction failed, or whose sealed record differs
	// from what the contract netted (not shown).
	Others, Failed int
}

// Rides reads a page of at most limit rides sealed to the org, from
// before on (the zero Cursor: the head), reading at most Window blocks.
// Without the org's encryption key it reads nothing.
func (v *View) Rides(ctx context.Context, before Cursor, limit int) (*RidePage, error) {
	c := v.City
	if c.Key == nil {
		return nil, fmt.Errorf("%w: no encryption key of %s to open its rides", ErrBadInput, c.Name)
	}
	if limit <= 0 {
		limit = 50
	}
	st, err := c.Client.Status(ctx)
	if err != nil {
		return nil, err
	}
	head := st.GetHeight()
	pg := &RidePage{Head: head}
	top, idx := before.Height, before.Index
	if top == 0 || top > head {
		top, idx = head, -1 // every transaction of the head block
	}
	if top == 0 {
		return pg, nil
	}
	if idx == 0 { // nothing of block top: start below it
		top--
		idx = -1
		if top == 0 {
			return pg, nil
		}
	}
	pg.To = top
	low := uint64(1)
	if top > v.window() {
		low = top - v.window() + 1
	}
	keyID := c.Key.ID()
	var ahead []*types.Block // blocks fetched ahead, from h down
	for h := top; h >= low; h-- {
		pg.From = h
		if len(ahead) == 0 {
			lo := low
			if h >= low+fetchAhead-1 {
				lo = h - fetchAhead + 1
			}
			var hs []uint64
			for x := h; x >= lo; x-- {
				hs = append(hs, x)
			}
			if ahead, err = v.blocks(ctx, hs); err != nil {
				return nil, err
			}
		}
		blk := ahead[0]
		ahead = ahead[1:]
		txs := blk.GetTxs()
		end := len(txs)
		if h == top && idx >= 0 && idx < end {
			end = idx
		}
		for i := end - 1; i >= 0; i-- {
			env, call := v.sealedCall(txs[i])
			if env == nil || env.GetClass() != ClassRide {
				continue
			}
			if !slices.Contains(seal.Readers(env), keyID) {
				pg.Others++
				continue
			}
			rv, ok, err := v.openRide(ctx, txs[i], call, env)
			if err != nil {
				return nil, err
			}
			if !ok {
				pg.Failed++
				continue
			}
			rv.Height, rv.Index, rv.TimeMs = h, i, blk.GetHeader().GetTimeMs()
			pg.Rides = append(pg.Rides, *rv)
			if len(pg.Rides) == limit {
				if i > 0 || h > 1 {
					pg.Next = &Cursor{Height: h, Index: i}
				}
				return pg, nil
			}
		}
		if h == 1 {
			break
		}
	}
	if pg.From > 1 {
		pg.Next = &Cursor{Height: pg.From, Index: 0}
	}
	return pg, nil
}

// fetchAhead is how many blocks a View fetches at once (4 at a time).
const fetchAhead = 16

// blocks fetches the blocks at heights, in that order, 4 requests at a time.
func (v *View) blocks(ctx context.Context, heights []uint64) ([]*types.Block, error) {
	out := make([]*types.Block, len(heights))
	errs := make([]error, len(heights))
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for i, h := range heights {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			b, err := v.City.Client.GetBlock(ctx, h)
			out[i], errs[i] = b.GetBlock(), err
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// sealedCall is a transaction's sealed envelope if it calls the contract
// with one.
func (v *View) sealedCall(tx *types.Transaction) (*seal.Envelope, *types.CallContract) {
	call, _ := v.contractCall(tx)
	if call == nil || call.GetSealed() == nil {
		return nil, nil
	}
	env, err := seal.Unmarshal(call.GetSealed().GetEnvelope(), 0)
	if err != nil {
		return nil, nil
	}
	return env, call
}

// contractCall decodes a transaction that calls the Metro contract, and
// its sender.
func (v *View) contractCall(tx *types.Transaction) (*types.CallContract, types.Hash) {
	var body types.TxBody
	if err := proto.Unmarshal(tx.GetBody(), &body); err != nil || body.GetType() != types.TxType_CALL_CONTRACT {
		return nil, types.Hash{}
	}
	var call types.CallContract
	if err := proto.Unmarshal(body.GetPayload(), &call); err != nil || !bytes.Equal(call.GetTo(), v.City.Contract) {
		return nil, types.Hash{}
	}
	return &call, types.Hash(body.GetSender())
}

// openRide opens a ride sealed to the org, as a Settler does: only a
// committed ride whose sealed record is what the contract netted.
func (v *View) openRide(ctx context.Context, tx *types.Transaction, call *types.CallContract, env *seal.Envelope) (*RideView, bool, error) {
	c := v.City
	hash := c.Account.Suite.TxHash(tx)
	r, err := c.Client.GetTx(ctx, hash)
	if err != nil {
		return nil, false, fmt.Errorf("ride %s: %w", hash, err)
	}
	rc := r.GetReceipt()
	if rc.GetStatus() != types.ReceiptStatus_SUCCESS {
		return nil, false, nil
	}
	ev, ok := c.rideEvent(rc)
	if !ok {
		return nil, false, nil
	}
	plain, err := seal.Open(env, c.Key, sealing.Context(c.Opt.ChainID))
	if err != nil {
		return nil, false, nil
	}
	ride, err := parseRide(plain)
	if err != nil {
		return nil, false, nil
	}
	if ride.ID != Hex(ev.Ride) || ride.Home != Code(ev.Home).String() || ride.City != Code(ev.RideCity).String() || ride.Fare != ev.Fare {
		return nil, false, nil
	}
	return &RideView{Ride: *ride, TxHash: hash, Seq: ev.Seq}, true, nil
}

// MarkView is an active mark of the risk list.
type MarkView struct {
	Rider        string // 64 hex digits
	City         string // the marking city
	Reason       string
	Evidence     string // 64 hex digits
	MarkedAt     time.Time
	ExpiresAt    time.Time
	Appealed     bool
	RemovalVotes uint32
	// Block is the last block read with a call on this mark (mark,
	// appeal, vote).
	Block uint64
}

// MarkList is the active marks a View knows of.
type MarkList struct {
	// Marks are the marks made or changed in blocks From..To that are
	// active and not expired at Height (the state they were read on),
	// newest first. Marks older than From are not listed: the gate check
	// answers for any rider.
	Marks    []MarkView
	From, To uint64
	Height   uint64
	// Ended counts the marks found removed or expired by this read (each
	// is then forgotten, until a new call names it).
	Ended int
}

var (
	markSelector   = metro.NewMetro().PackMarkRider([32]byte{}, "", [32]byte{}, 0)[:4]
	unmarkSelector = metro.NewMetro().PackUnmarkRider([32]byte{})[:4]
	appealSelector = metro.NewMetro().PackAppealMark([32]byte{}, [32]byte{})[:4]
	voteSelector   = metro.NewMetro().PackVoteRemoveMark([32]byte{}, [32]byte{})[:4]
)

// Marks reads the blocks since its last call (at most the last Window
// blocks: after a longer gap the coverage starts again) and one Window of
// older blocks below what it covered, until block 1, for calls on the risk
// list (mark, unmark, appeal, vote to remove); each (rider, city) they
// name is confirmed with the contract's marks getter. A view thus reads at
// most 2 Windows of blocks, and covers the whole chain after a few.
func (v *View) Marks(ctx context.Context) (*MarkList, error) {
	v.scanMu.Lock()
	defer v.scanMu.Unlock()
	c := v.City
	st, err := c.Client.Status(ctx)
	if err != nil {
		return nil, err
	}
	head := st.GetHeight()
	if head > v.to {
		from := v.to + 1
		if head-v.to > v.window() {
			from = head - v.window() + 1 // a gap: the coverage starts again
			v.from = from
		}
		if v.from == 0 {
			v.from = from
		}
		if err := v.scanMarks(ctx, from, head); err != nil {
			return nil, err
		}
		v.to = head
	}
	if v.from > 1 {
		// One more window of older blocks each time, so that the coverage
		// reaches block 1 over a few views.
		lo := uint64(1)
		if v.from > v.window() {
			lo = v.from - v.window()
		}
		if err := v.scanMarks(ctx, lo, v.from-1); err != nil {
			return nil, err
		}
		v.from = lo
	}
	out := &MarkList{From: v.from, To: v.to}
	now := v.now()
	type got struct {
		k   markKey
		blk uint64
		m   metro.MarksOutput
		h   uint64
		err error
	}
	res := make([]got, 0, len(v.marks))
	for k, blk := range v.marks {
		res = append(res, got{k: k, blk: blk})
	}
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for i := range res {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			g := &res[i]
			var b []byte
			if b, g.h, g.err = c.query(ctx, c.abi.PackMarks(g.k.rider, g.k.city)); g.err == nil {
				g.m, g.err = c.abi.UnpackMarks(b)
			}
		}()
	}
	wg.Wait()
	for _, g := range res {
		if g.err != nil {
			return nil, g.err
		}
		out.Height = max(out.Height, g.h)
		m := g.m
		exp := time.Unix(int64(m.ExpiresAt), 0).UTC()
		if !m.Active || !exp.After(now) {
			out.Ended++
			delete(v.marks, g.k) // a new mark is a new call: it comes back
			continue
		}
		out.Marks = append(out.Marks, MarkView{Rider: Hex(g.k.rider), City: g.k.city.String(), Reason: m.Reason, Evidence: Hex(m.Evidence),
			MarkedAt: time.Unix(int64(m.MarkedAt), 0).UTC(), ExpiresAt: exp, Appealed: m.Appealed, RemovalVotes: m.RemovalVotes, Block: g.blk})
	}
	sort.Slice(out.Marks, func(i, j int) bool {
		a, b := out.Marks[i], out.Marks[j]
		if a.Block != b.Block {
			return a.Block > b.Block
		}
		if a.Rider != b.Rider {
			return a.Rider < b.Rider
		}
		return a.City < b.City
	})
	return out, nil
}

// scanMarks remembers the (rider, city) pairs that calls on the risk list
// in blocks from..to name, with the last block naming each.
func (v *View) scanMarks(ctx context.Context, from, to uint64) error {
	for lo := from; lo <= to; lo += fetchAhead {
		var hs []uint64
		for h := lo; h <= to && h < lo+fetchAhead; h++ {
			hs = append(hs, h)
		}
		blks, err := v.blocks(ctx, hs)
		if err != nil {
			return err
		}
		for i, blk := range blks {
			for _, tx := range blk.GetTxs() {
				if k, ok := v.markCall(ctx, tx); ok {
					if old, seen := v.marks[k]; seen && old >= hs[i] || !seen && len(v.marks) >= maxMarkCandidates {
						continue
					}
					v.marks[k] = hs[i]
				}
			}
		}
	}
	return nil
}

// markCall is the (rider, marking city) a call on the risk list names.
func (v *View) markCall(ctx context.Context, tx *types.Transaction) (markKey, bool) {
	var k markKey
	call, sender := v.contractCall(tx)
	in := call.GetInput()
	if call == nil || len(in) < 4+32 {
		return k, false
	}
	copy(k.rider[:], in[4:36])
	switch sel := in[:4]; {
	case bytes.Equal(sel, markSelector), bytes.Equal(sel, unmarkSelector):
		city, ok := v.cityOf(ctx, sender)
		if !ok {
			return k, false
		}
		k.city = city
	case bytes.Equal(sel, appealSelector), bytes.Equal(sel, voteSelector):
		if len(in) < 4+64 {
			return k, false
		}
		copy(k.city[:], in[36:68])
	default:
		return k, false
	}
	return k, true
}

// cityOf is the city whose account is id (cached; false if none).
func (v *View) cityOf(ctx context.Context, id types.Hash) (Code, bool) {
	if c, ok := v.senders[id]; ok {
		return c, c != Code{}
	}
	out, _, err := v.City.query(ctx, v.City.abi.PackCityOf(Address(id)))
	if err != nil {
		return Code{}, false
	}
	code, err := v.City.abi.UnpackCityOf(out)
	if err != nil {
		return Code{}, false
	}
	v.senders[id] = code
	return code, code != Code{}
}
