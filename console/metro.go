package console

import (
	"context"
	"fmt"
	"math/big"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/causeway/causeway/services/metro"
	"github.com/causeway/causeway/types"
)

// Metro is what the Metro page reads: the metro scenario's deployment
// (causeway scenario metro) as this console's org sees it. *metro.View
// implements it over the SDK; tests use fakes. Everything it returns came
// from the chain (or a sealed ride) and is untrusted: the templates escape
// it.
type Metro interface {
	Info() metro.ViewInfo
	// Pairs is every pair of cities' position (public sums).
	Pairs(ctx context.Context) ([]*metro.Position, error)
	// Rides is a page of the rides sealed to the org, opened with its
	// encryption key (an error without it), newest first from before,
	// reading a bounded window of blocks.
	Rides(ctx context.Context, before metro.Cursor, limit int) (*metro.RidePage, error)
	// Marks is the active marks of the risk list made or changed in the
	// blocks read, each confirmed by the contract.
	Marks(ctx context.Context) (*metro.MarkList, error)
	// GateCheck answers "may this rider enter?" from the node's state.
	GateCheck(ctx context.Context, rider [32]byte) (*metro.Decision, error)
}

// MetroRidesPerPage is how many rides the Metro page shows at once.
const MetroRidesPerPage = 30

// MetroView is the Metro page's source for the deployment d (metro.json
// and its folder), read through the console's node as its org, opening
// rides with the org's encryption key if the console holds it (--enc-key).
func (c *NetworkChain) MetroView(d *metro.Deployment) (*metro.View, error) {
	if d.ChainID != c.nw.ChainID {
		return nil, fmt.Errorf("the metro deployment in %s is for chain %q, the console's network is %q", d.Dir, d.ChainID, c.nw.ChainID)
	}
	return metro.NewView(d, c.main(), c.org, c.acct, c.orgKey)
}

// pairRow is a pair of cities as the page shows it.
type pairRow struct {
	A, B              string
	Rides             uint64
	Debtor, Creditor  string // "" when the net position is 0
	NetFen, NetYuan   string // absolute value
	Settled, Unsettle uint64
	Settlements       uint64
	SettledYuan       string // absolute, with its direction in SettledBy
	SettledDebtor     string
	Ours              bool // the console's org is one of the two
}

type rideRow struct {
	metro.RideView
	Tx, Time, Span, FareYuan string
}

// rideSpan shows a ride's entry and exit times (RFC 3339, as the ride
// city's gates wrote them) compactly, in UTC; as written if they do not
// parse.
func rideSpan(entry, exit string) string {
	a, err1 := time.Parse(time.RFC3339, entry)
	b, err2 := time.Parse(time.RFC3339, exit)
	if err1 != nil || err2 != nil {
		return entry + " – " + exit
	}
	a, b = a.UTC(), b.UTC()
	if a.Format("2006-01-02") == b.Format("2006-01-02") {
		return a.Format("2006-01-02 15:04") + "–" + b.Format("15:04")
	}
	return a.Format("2006-01-02 15:04") + " – " + b.Format("2006-01-02 15:04")
}

type markRow struct {
	metro.MarkView
	MarkedAt, ExpiresAt string
}

// yuan formats an amount of fen, without its sign.
func yuan(fen *big.Int) string {
	a := new(big.Int).Abs(fen)
	q, r := new(big.Int).QuoRem(a, big.NewInt(100), new(big.Int))
	return fmt.Sprintf("%s.%02d", q.String(), r.Int64())
}

func utc(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") }

// parseCursor reads "HEIGHT.INDEX" (a ride page's start).
func parseCursor(s string) (metro.Cursor, bool) {
	if s == "" {
		return metro.Cursor{}, true
	}
	h, i, ok := strings.Cut(s, ".")
	height, err1 := strconv.ParseUint(h, 10, 64)
	index, err2 := strconv.Atoi(i)
	if !ok || err1 != nil || err2 != nil || index < 0 || height == 0 {
		return metro.Cursor{}, false
	}
	return metro.Cursor{Height: height, Index: index}, true
}

// metroPage shows every pair's position, the org's rides (opened), the
// active risk marks and the gate-check form.
func (s *Server) metroPage(w http.ResponseWriter, r *http.Request) {
	m := s.opts.Metro
	before, ok := parseCursor(r.URL.Query().Get("before"))
	if !ok {
		s.fail(w, r, http.StatusBadRequest, "err.bad_form")
		return
	}
	info := m.Info()
	p := s.newPage(w, r, "title.metro", "metro")
	data := map[string]any{"Info": info, "HasKey": info.KeyID != "", "Before": r.URL.Query().Get("before")}
	p.Data = data
	ctx, cancel := chainCtx(r)
	defer cancel()
	pairs, err := m.Pairs(ctx)
	if err != nil {
		s.failChain(w, r, err)
		return
	}
	var rows []pairRow
	var height uint64
	for _, ps := range pairs {
		row := pairRow{A: ps.A, B: ps.B, Rides: ps.Rides, Settled: ps.SettledSeq, Settlements: ps.Settlements,
			Ours: ps.A == info.Org || ps.B == info.Org}
		row.Unsettle = row.Rides - min(row.Rides, row.Settled)
		if ps.Net != nil && ps.Net.Sign() != 0 {
			row.Debtor, row.Creditor = ps.A, ps.B
			if ps.Net.Sign() < 0 {
				row.Debtor, row.Creditor = ps.B, ps.A
			}
			row.NetFen, row.NetYuan = new(big.Int).Abs(ps.Net).String(), yuan(ps.Net)
		}
		if ps.SettledNet != nil && ps.SettledNet.Sign() != 0 {
			row.SettledYuan, row.SettledDebtor = yuan(ps.SettledNet), ps.A
			if ps.SettledNet.Sign() < 0 {
				row.SettledDebtor = ps.B
			}
		}
		height = max(height, ps.Height)
		rows = append(rows, row)
	}
	data["Pairs"], data["Height"] = rows, height
	if info.KeyID != "" {
		pg, err := m.Rides(ctx, before, MetroRidesPerPage)
		if err != nil {
			s.failChain(w, r, err)
			return
		}
		var rides []rideRow
		for _, rv := range pg.Rides {
			rides = append(rides, rideRow{RideView: rv, Tx: rv.TxHash.String(), Time: time.UnixMilli(rv.TimeMs).UTC().Format("2006-01-02 15:04:05 UTC"),
				Span:     rideSpan(rv.EntryAt, rv.ExitAt),
				FareYuan: yuan(new(big.Int).SetUint64(rv.Fare))})
		}
		data["Rides"], data["RidePage"] = rides, pg
		if pg.Next != nil {
			data["Next"] = fmt.Sprintf("%d.%d", pg.Next.Height, pg.Next.Index)
		}
	}
	ml, err := m.Marks(ctx)
	if err != nil {
		s.failChain(w, r, err)
		return
	}
	var marks []markRow
	for _, mk := range ml.Marks {
		marks = append(marks, markRow{MarkView: mk, MarkedAt: utc(mk.MarkedAt), ExpiresAt: utc(mk.ExpiresAt)})
	}
	data["Marks"], data["MarkList"] = marks, ml
	s.render(w, "metro.html", p)
}

// parseRider reads a rider's pseudonymous id: 64 hex digits (0x optional).
func parseRider(s string) ([32]byte, bool) {
	h, err := types.ParseHash(strings.TrimPrefix(strings.TrimSpace(s), "0x"))
	if err != nil {
		return [32]byte{}, false
	}
	return [32]byte(h), true
}

// metroGate is the gate check: may this rider enter, and if not, who
// refuses and why, on which block's state.
func (s *Server) metroGate(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("rider")
	p := s.newPage(w, r, "title.metro_gate", "metro")
	data := map[string]any{"Rider": q}
	p.Data = data
	if q == "" {
		s.render(w, "metro_gate.html", p)
		return
	}
	rider, ok := parseRider(q)
	if !ok {
		p.status = http.StatusBadRequest
		p.Error = p.T("err.metro_rider")
		s.render(w, "metro_gate.html", p)
		return
	}
	ctx, cancel := chainCtx(r)
	defer cancel()
	d, err := s.opts.Metro.GateCheck(ctx, rider)
	if err != nil {
		s.failChain(w, r, err)
		return
	}
	data["Rider"] = metro.Hex(rider)
	data["D"] = d
	if !d.Allowed {
		data["Until"] = utc(d.ExpiresAt)
	}
	s.render(w, "metro_gate.html", p)
}
