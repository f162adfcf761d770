package relayer

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

// Chain is one side of the relayer: a client of one of its nodes, and the
// account that signs what the relayer submits to it (any account of the
// chain may relay: the light client checks the headers, not the sender).
type Chain struct {
	// Client talks to a node of the chain.
	Client *sdk.Client
	// Account signs the transactions submitted to this chain; its Suite
	// must be the chain's.
	Account sdk.Account
	// ChainID is the chain's id (the TxOptions' chain id).
	ChainID string
	// Dial, if set, reaches another node of the chain: after a round that
	// failed, a path whose node does not answer its health check dials
	// Dial(ctx, 1), then 2, ... (the CLI rotates through the network's
	// nodes) and continues with that client. Each path keeps its own
	// copy of the Chain, so a path's failover does not touch the other.
	Dial func(ctx context.Context, attempt int) (*sdk.Client, error)

	attempt int
	dialed  *sdk.Client // the client this copy dialed (closed on the next failover)
}

// Options returns the transaction options for this chain.
func (c *Chain) Options() sdk.TxOptions { return sdk.TxOptions{ChainID: c.ChainID} }

// Carrier carries one kind of thing along a path: headers now, contract
// messages and acknowledgements later. Carry does one round: it reads the
// source and the destination, submits what the destination lacks, and
// returns what it did. It must derive what to do from the chains (so that a
// restarted relayer continues, and two relayers on one path do no harm)
// and treat "already done" refusals (header_known; for messages, a
// delivered sequence) as done, counted in Round.Known. An error ends the
// round; the path backs off and calls Carry again.
type Carrier interface {
	// Name is the carrier's label in logs and metrics ("headers").
	Name() string
	// Carry does one round on p.
	Carry(ctx context.Context, p *Path) (Round, error)
}

// Round is what one Carry call did.
type Round struct {
	// Submitted counts the transactions submitted to the destination.
	Submitted int
	// Carried counts the items the destination accepted (a header newly
	// kept, a message delivered).
	Carried int
	// Known counts the items the destination had already, carried by
	// another relayer (header_known): done, not an error.
	Known int
	// Height is the highest source height carried this round (0: none).
	Height uint64
}

// Config configures a Relayer.
type Config struct {
	// A and B are the two chains. Each direction needs the other chain
	// registered as a light client on its destination.
	A, B *Chain
	// Directions limits the relayer to some paths, by name ("chain-a->chain-b");
	// empty: both.
	Directions []string
	// Carriers returns the carriers of a path, in the order they run
	// (nil: the HeaderCarrier alone). The header carrier should come
	// first, and its instance is what Path.EnsureHeader uses.
	Carriers func(p *Path) []Carrier
	// Interval is how often a path looks for work when it is idle
	// (default 500 ms); it is also the first back-off delay.
	Interval time.Duration
	// MaxBackoff bounds the delay after repeated errors (default 15 s).
	MaxBackoff time.Duration
	// SubmitTimeout bounds the wait for one transaction's receipt
	// (default 30 s).
	SubmitTimeout time.Duration
	// Metrics, if set, receives the relayer's metrics.
	Metrics *Metrics
	// Logger receives progress and errors (default: discard).
	Logger *slog.Logger
	// OnRound, if set, is called after each round of each path with the
	// path's status (from the path's goroutine).
	OnRound func(Status)
}

// Relayer relays between two chains, both directions (see the package
// documentation).
type Relayer struct {
	cfg   Config
	paths []*Path
}

// ConfigError is a fatal configuration error: a wrong network, a chain
// that does not keep a light client of the other, a chain relayed to
// itself. A relayer stops on it rather than retrying.
type ConfigError struct{ Msg string }

func (e *ConfigError) Error() string { return e.Msg }

// New returns a relayer for cfg; it checks nothing on the chains (Check
// does).
func New(cfg Config) (*Relayer, error) {
	if cfg.A == nil || cfg.B == nil || cfg.A.Client == nil || cfg.B.Client == nil {
		return nil, &ConfigError{"a relayer needs a client of each chain"}
	}
	if cfg.A.ChainID == "" || cfg.B.ChainID == "" {
		return nil, &ConfigError{"each chain needs its chain id"}
	}
	if cfg.A.ChainID == cfg.B.ChainID {
		return nil, &ConfigError{fmt.Sprintf("both sides are chain %q: a relayer carries between two different chains", cfg.A.ChainID)}
	}
	if cfg.Interval <= 0 {
		cfg.Interval = 500 * time.Millisecond
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = 15 * time.Second
	}
	if cfg.MaxBackoff < cfg.Interval {
		cfg.MaxBackoff = cfg.Interval
	}
	if cfg.SubmitTimeout <= 0 {
		cfg.SubmitTimeout = 30 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	r := &Relayer{cfg: cfg}
	all := []*Path{newPath(r, cfg.B, cfg.A), newPath(r, cfg.A, cfg.B)}
	for _, p := range all {
		if len(cfg.Directions) == 0 || contains(cfg.Directions, p.Name()) {
			r.paths = append(r.paths, p)
		}
	}
	if len(r.paths) == 0 {
		return nil, &ConfigError{fmt.Sprintf("no path matches %v: the paths are %q and %q", cfg.Directions, all[0].Name(), all[1].Name())}
	}
	for _, p := range r.paths {
		if cfg.Carriers != nil {
			p.carriers = cfg.Carriers(p)
		}
		if len(p.carriers) == 0 {
			p.carriers = []Carrier{&HeaderCarrier{}}
		}
		for _, c := range p.carriers {
			if h, ok := c.(*HeaderCarrier); ok && p.headers == nil {
				p.headers = h
			}
		}
		if p.headers == nil {
			p.headers = &HeaderCarrier{}
		}
	}
	return r, nil
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// Paths returns the relayer's paths.
func (r *Relayer) Paths() []*Path { return r.paths }

// Check verifies the configuration against the chains: each side serves
// the chain id it was given, and each path's destination keeps a light
// client of its source's genesis. A path whose destination keeps no light
// client of the source (not registered yet) is reported in the returned
// list, not as an error, unless no path has one; a client of another
// genesis, or a side serving another chain, is a *ConfigError.
func (r *Relayer) Check(ctx context.Context) (waiting []string, err error) {
	genesis := map[string]string{} // by chain id
	for _, c := range []*Chain{r.cfg.A, r.cfg.B} {
		st, err := c.Client.Status(ctx)
		if err != nil {
			return nil, fmt.Errorf("chain %q: %w", c.ChainID, err)
		}
		if st.ChainId != c.ChainID {
			return nil, &ConfigError{fmt.Sprintf("the node given for chain %q serves chain %q", c.ChainID, st.ChainId)}
		}
		genesis[c.ChainID] = st.GenesisHash
	}
	ready := 0
	for _, p := range r.paths {
		lc, err := p.Dst.Client.LightClient(ctx, p.Src.ChainID)
		if sdk.ReasonOf(err) == types.CodeClientNotFound {
			waiting = append(waiting, p.Name())
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.Name(), err)
		}
		if g := hex.EncodeToString(lc.GenesisHash); g != genesis[p.Src.ChainID] {
			return nil, &ConfigError{fmt.Sprintf("%s: chain %q keeps a light client of a chain %q with genesis %.16s…, the node given serves genesis %.16s…",
				p.Name(), p.Dst.ChainID, p.Src.ChainID, g, genesis[p.Src.ChainID])}
		}
		ready++
	}
	if ready == 0 {
		return waiting, &ConfigError{fmt.Sprintf("neither chain keeps a light client of the other: register one with `causeway crosschain register` (or `causeway crosschain connect`) before relaying (%s)", r.pathNames())}
	}
	return waiting, nil
}

func (r *Relayer) pathNames() string {
	s := ""
	for i, p := range r.paths {
		if i > 0 {
			s += ", "
		}
		s += p.Name()
	}
	return s
}

// Once runs one round of every path, one path after the other, and
// returns their statuses and the first error.
func (r *Relayer) Once(ctx context.Context) ([]Status, error) {
	var first error
	var out []Status
	for _, p := range r.paths {
		if err := p.round(ctx); err != nil && first == nil {
			first = fmt.Errorf("%s: %w", p.Name(), err)
		}
		out = append(out, p.Status())
	}
	return out, first
}

// Run relays until ctx ends (then it returns nil) or a path meets a
// *ConfigError (then it stops every path and returns it). Other errors are
// logged, counted and retried with back-off.
func (r *Relayer) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	var once sync.Once
	var fatal error
	for _, p := range r.paths {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := p.run(ctx); err != nil {
				once.Do(func() { fatal = err; cancel() })
			}
		}()
	}
	wg.Wait()
	return fatal
}

// Status returns the statuses of the paths.
func (r *Relayer) Status() []Status {
	var out []Status
	for _, p := range r.paths {
		out = append(out, p.Status())
	}
	return out
}

// Status is a path's progress.
type Status struct {
	// Path is "source->destination".
	Path string `json:"path"`
	// SourceHeight is the source's head when last read.
	SourceHeight uint64 `json:"source_height"`
	// ClientHeight is the destination light client's latest kept height.
	ClientHeight uint64 `json:"client_height"`
	// Lag is SourceHeight - ClientHeight (blocks of the source not yet
	// under a kept header; relay-only blocks are left there on purpose).
	Lag uint64 `json:"lag"`
	// Relayed counts the headers this relayer made the client keep, and
	// Known the ones another relayer had carried first.
	Relayed uint64 `json:"relayed"`
	Known   uint64 `json:"known"`
	// LastRelayed is the last height this relayer carried (or found known).
	LastRelayed uint64 `json:"last_relayed"`
	// Errors counts errors by code; LastError is the latest, "" after a
	// round that succeeded.
	Errors    map[string]uint64 `json:"errors,omitempty"`
	LastError string            `json:"last_error,omitempty"`
	// Frozen is set when the destination's light client of the source is
	// frozen (only governance can clear it).
	Frozen bool `json:"frozen,omitempty"`
	// Waiting is set while the destination keeps no light client of the
	// source.
	Waiting bool `json:"waiting,omitempty"`
	// Rounds counts the path's rounds.
	Rounds uint64 `json:"rounds"`
	// Delivered counts the source's contract messages this relayer
	// delivered; Acks and Aborts the acknowledgements of the
	// destination's messages it carried back and the messages it aborted
	// past their timeout; MessagesKnown the messages and acknowledgements
	// found done already (another relayer's, or before a restart).
	Delivered     uint64 `json:"messages_delivered"`
	Acks          uint64 `json:"acks"`
	Aborts        uint64 `json:"aborts"`
	MessagesKnown uint64 `json:"messages_known"`
	// MessagesPending is the message lag: messages the source sent (its
	// newest block included) that the destination had not received at the
	// end of the last round.
	MessagesPending uint64 `json:"messages_pending"`
	// Ticks counts the self-transfers made on an idle source so that its
	// newest block becomes provable.
	Ticks uint64 `json:"ticks,omitempty"`
}

// Path is one direction: the source's headers (and, later, messages) to
// the destination's light client of the source.
type Path struct {
	Src, Dst *Chain
	r        *Relayer
	carriers []Carrier
	headers  *HeaderCarrier

	mu sync.Mutex
	st Status
}

func newPath(r *Relayer, src, dst *Chain) *Path {
	s, d := *src, *dst // the path's own copies: failover swaps their clients
	p := &Path{Src: &s, Dst: &d, r: r}
	p.st.Path = p.Name()
	p.st.Errors = map[string]uint64{}
	return p
}

// Name is "source->destination", by chain id.
func (p *Path) Name() string { return p.Src.ChainID + "->" + p.Dst.ChainID }

// Status returns a copy of the path's status.
func (p *Path) Status() Status {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.st
	s.Errors = make(map[string]uint64, len(p.st.Errors))
	for k, v := range p.st.Errors {
		s.Errors[k] = v
	}
	return s
}

// Logger is the relayer's logger, with the path.
func (p *Path) Logger() *slog.Logger { return p.r.cfg.Logger.With("path", p.Name()) }

// Metrics returns the relayer's metrics (nil: none).
func (p *Path) Metrics() *Metrics { return p.r.cfg.Metrics }

// SubmitTimeout is how long a carrier waits for one receipt.
func (p *Path) SubmitTimeout() time.Duration { return p.r.cfg.SubmitTimeout }

// Submit submits tx to the destination as carrier and waits (at most
// SubmitTimeout) for its receipt, recording the latency. A refused or
// failed transaction is not an error here: see the receipt, or ReasonOf(err)
// for a refusal at admission.
func (p *Path) Submit(ctx context.Context, carrier string, tx *types.Transaction) (*apipb.SubmitTxResponse, error) {
	ctx, cancel := context.WithTimeout(ctx, p.SubmitTimeout())
	defer cancel()
	start := time.Now()
	r, err := p.Dst.Client.SubmitAndWait(ctx, tx)
	if err == nil {
		p.Metrics().submitted(p.Name(), carrier, time.Since(start))
	}
	return r, err
}

// EnsureHeader makes the destination's light client keep a header of the
// source at height or above (relaying the source's head if needed) and
// returns the height of the latest header it keeps. A carrier of messages
// calls it with the height after the block that wrote what it carries
// (the state after block h is proven under header h+1), then fetches its
// proofs at the returned height minus one. It fails with
// types.CodeHeaderNotFound while the source has no such header yet.
func (p *Path) EnsureHeader(ctx context.Context, height uint64) (uint64, error) {
	return p.headers.ensure(ctx, p, height)
}

func (p *Path) update(f func(*Status)) {
	p.mu.Lock()
	f(&p.st)
	p.mu.Unlock()
}

// round runs every carrier once.
func (p *Path) round(ctx context.Context) error {
	p.update(func(s *Status) { s.Rounds++ })
	for _, c := range p.carriers {
		start := time.Now()
		rd, err := c.Carry(ctx, p)
		if m := p.Metrics(); m != nil {
			m.rounds.WithLabelValues(p.Name(), c.Name()).Inc()
		}
		p.Metrics().carriedRound(p.Name(), c.Name(), rd)
		if rd.Carried > 0 || rd.Known > 0 {
			p.Logger().Info("carried", "carrier", c.Name(), "carried", rd.Carried, "known", rd.Known, "height", rd.Height, "took", time.Since(start).Round(time.Millisecond))
		}
		if err != nil && ctx.Err() != nil {
			return err // stopping: not an error of the path
		}
		if err != nil {
			code := codeOf(err)
			p.update(func(s *Status) { s.Errors[code]++; s.LastError = err.Error() })
			if m := p.Metrics(); m != nil {
				m.errors.WithLabelValues(p.Name(), code).Inc()
			}
			return err
		}
	}
	p.update(func(s *Status) { s.LastError = "" })
	return nil
}

// codeOf is the metrics label of err: its reason code, or "other".
func codeOf(err error) string {
	if c := sdk.ReasonOf(err); c != "" {
		return string(c)
	}
	var ce *ConfigError
	if errors.As(err, &ce) {
		return "config"
	}
	return "other"
}

// run loops rounds until ctx ends; it returns only a *ConfigError.
func (p *Path) run(ctx context.Context) error {
	cfg := p.r.cfg
	delay := cfg.Interval
	for {
		err := p.round(ctx)
		if cfg.OnRound != nil {
			cfg.OnRound(p.Status())
		}
		if ctx.Err() != nil {
			return nil
		}
		wait := cfg.Interval
		if err != nil {
			var ce *ConfigError
			if errors.As(err, &ce) {
				p.Logger().Error("fatal configuration error", "err", err)
				return fmt.Errorf("%s: %w", p.Name(), err)
			}
			p.Logger().Warn("round failed; backing off", "err", err, "code", codeOf(err), "delay", delay)
			p.failover(ctx)
			// Jitter keeps two relayers that failed together apart.
			wait = delay/2 + rand.N(delay/2+1)
			delay = min(2*delay, cfg.MaxBackoff)
		} else {
			delay = cfg.Interval
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}

// failover replaces the client of each side whose node does not answer a
// health check, when the side has a Dial.
func (p *Path) failover(ctx context.Context) {
	for _, c := range []*Chain{p.Src, p.Dst} {
		if c.Dial == nil {
			continue
		}
		hctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		_, err := c.Client.Health(hctx)
		cancel()
		if err == nil || ctx.Err() != nil {
			continue
		}
		c.attempt++
		dctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		cl, derr := c.Dial(dctx, c.attempt)
		cancel()
		if derr != nil {
			p.Logger().Warn("cannot reach another node", "chain", c.ChainID, "attempt", c.attempt, "err", derr)
			continue
		}
		p.Logger().Warn("node does not answer; failing over", "chain", c.ChainID, "attempt", c.attempt, "err", err)
		if c.dialed != nil {
			c.dialed.Close()
		}
		c.Client, c.dialed = cl, cl
	}
}
