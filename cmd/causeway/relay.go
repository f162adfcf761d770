package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/spf13/cobra"

	"github.com/causeway/causeway/consortium"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/services/relayer"
)

// relaySide names one chain of a relayer: its network, the org whose
// client certificate (and, by default, account) to use, the node to talk
// to, and the signing account.
type relaySide struct {
	network, org, account, key string
	node                       int
}

func (s *relaySide) register(c *cobra.Command, prefix, which string) {
	name := "network"
	if prefix != "" {
		name = strings.TrimSuffix(prefix, "-") // --remote
	}
	c.Flags().StringVar(&s.network, name, "", "network.json (or consortium folder) of "+which)
	c.Flags().StringVar(&s.org, prefix+"org", "", "org of "+which+" whose client certificate and account to use (default: its first)")
	c.Flags().IntVar(&s.node, prefix+"node", 0, "index of the node of "+which+" to talk to first, in its network.json (the relayer moves to the next when it stops answering)")
	c.Flags().StringVar(&s.account, prefix+"account", "", "account signing the relay transactions on "+which+" (default: the org's account)")
	c.Flags().StringVar(&s.key, prefix+"key", "", "key file of that account")
}

// networkPath accepts a network.json or a consortium folder holding one.
func networkPath(p string) string {
	if st, err := os.Stat(p); err == nil && st.IsDir() {
		return filepath.Join(p, consortium.NetworkFile)
	}
	return p
}

// open loads the side's network and account and dials its node; what goes
// wrong here is a configuration error.
func (s *relaySide) open(ctx context.Context, fallback func() (*sdk.Network, error)) (*relayer.Chain, *sdk.Network, error) {
	var nw *sdk.Network
	var err error
	if s.network != "" {
		nw, err = sdk.LoadNetwork(networkPath(s.network))
	} else {
		nw, err = fallback()
	}
	if err != nil {
		return nil, nil, err
	}
	f := clientFlags{org: s.org}
	org, err := f.orgOf(nw)
	if err != nil {
		return nil, nil, fmt.Errorf("chain %s: %w", nw.ChainID, err)
	}
	if s.node < 0 || s.node >= len(nw.Nodes) {
		return nil, nil, fmt.Errorf("chain %s: node %d out of range (its network has %d nodes)", nw.ChainID, s.node, len(nw.Nodes))
	}
	acct, err := orgAccount(org, s.account, s.key)
	if err != nil {
		return nil, nil, fmt.Errorf("chain %s: %w", nw.ChainID, err)
	}
	acct.Suite = nw.Suite()
	cl, err := sdk.DialNetwork(ctx, nw, org.Name, s.node)
	if err != nil {
		return nil, nil, fmt.Errorf("chain %s: %w", nw.ChainID, err)
	}
	// After a failure, a direction whose node does not answer moves on to
	// the next node of the network.
	dial := func(ctx context.Context, attempt int) (*sdk.Client, error) {
		return sdk.DialNetwork(ctx, nw, org.Name, (s.node+attempt)%len(nw.Nodes))
	}
	return &relayer.Chain{Client: cl, Account: acct, ChainID: nw.ChainID, Dial: dial}, nw, nil
}

// relayOptions are the flags of the relayer loop.
type relayOptions struct {
	interval, maxBackoff, statusEvery time.Duration
	metrics                           string
	only                              []string
	once                              bool
	headersOnly                       bool
	logLevel                          string
	output                            string
}

func (o *relayOptions) register(c *cobra.Command) {
	c.Flags().DurationVar(&o.interval, "interval", 500*time.Millisecond, "how often each direction looks for work when idle (also the first back-off delay)")
	c.Flags().DurationVar(&o.maxBackoff, "max-backoff", 15*time.Second, "longest delay between attempts after repeated errors")
	c.Flags().DurationVar(&o.statusEvery, "status-every", 10*time.Second, "how often to print a status line per direction (0: only when something is carried)")
	c.Flags().StringVar(&o.metrics, "metrics", "", "address to serve Prometheus metrics on, at /metrics (for example 127.0.0.1:9464)")
	c.Flags().StringSliceVar(&o.only, "only", nil, "relay only these directions, named SOURCE->DESTINATION by chain id (default: both)")
	c.Flags().BoolVar(&o.headersOnly, "headers-only", false, "carry headers only, not contract messages and their acknowledgements")
	c.Flags().BoolVar(&o.once, "once", false, "do one round in each direction and exit (non-zero when a round fails)")
	c.Flags().StringVar(&o.logLevel, "log-level", "warn", "log level on standard error: debug, info, warn, error")
}

func relayCmd() *cobra.Command {
	var local, remote relaySide
	var o relayOptions
	c := &cobra.Command{
		Use:   "relay --network A --remote B",
		Short: "Relay headers, contract messages and acknowledgements between two chains, both directions, until stopped (any member can run one)",
		Long: `relay watches two chains and carries to each chain's light client of the other the
headers (with the membership changes, first) it needs: when the other chain made blocks with
transactions the light client cannot prove yet, or changed its configuration. Each direction
needs its source registered as a light client on its destination (crosschain register, or
crosschain connect for local consortia).

It also carries contract messages (SDP): the messages each chain's contracts sent to the other,
in nonce order (ordered channels in sequence), and back the acknowledgements of atomic messages,
or aborts of those past their timeout, each with its proof under a relayed header. A message in
the source's newest block is provable only once the source makes another block: when such work
waits and the source is idle, the relayer submits a self-transfer of 1 on it (a tick).
--headers-only turns message carrying off.

The relayer keeps no state: it starts from the light clients' latest headers on the chains, so
it can be killed at any moment and started again, and several may run at once (a header another
relayer carried first counts as done, not as an error). Relayers are not trusted: each chain
checks every header against the other chain's node set.

It prints a status line per direction (NDJSON with -o json), serves Prometheus metrics with
--metrics, stops cleanly on SIGINT or SIGTERM, and exits non-zero on a configuration error (a
network that does not match the light client, neither chain keeping a light client of the other).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if remote.network == "" {
				return errors.New("--remote NETWORK.json (the other chain's network or consortium folder) is required")
			}
			o.output = cmd.Flag("output").Value.String()
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			dctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			defer cancel()
			a, _, err := local.open(dctx, (&clientFlags{}).loadNetwork)
			if err != nil {
				return err
			}
			defer a.Client.Close()
			b, _, err := remote.open(dctx, nil)
			if err != nil {
				return err
			}
			defer b.Client.Close()
			return runRelay(ctx, a, b, o)
		},
	}
	local.register(c, "", "this chain (default: the last one `causeway up` made)")
	remote.register(c, "remote-", "the other chain")
	o.register(c)
	outputFlag(c, &o.output)
	return c
}

// statusLine is what the relayer prints per direction.
type statusLine struct {
	Time string `json:"time"`
	relayer.Status
}

// runRelay runs a relayer between a and b until ctx ends.
func runRelay(ctx context.Context, a, b *relayer.Chain, o relayOptions) error {
	var level slog.Level
	if err := level.UnmarshalText([]byte(o.logLevel)); err != nil {
		return fmt.Errorf("--log-level %q: want debug, info, warn or error", o.logLevel)
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	reg := prometheus.NewRegistry()
	reg.MustRegister(prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	m, err := relayer.NewMetrics(reg)
	if err != nil {
		return err
	}
	out := os.Stdout
	printStatus := func(s relayer.Status) {
		line := statusLine{Time: time.Now().UTC().Format(time.RFC3339), Status: s}
		if o.output == "json" {
			enc := json.NewEncoder(out)
			enc.SetEscapeHTML(false) // "chain-b->chain-a", not "-\u003e"
			_ = enc.Encode(line)
			return
		}
		fmt.Fprintln(out, statusText(line))
	}
	// Print a direction's status when it carried something, when its
	// error changed, and every statusEvery.
	type seen struct {
		relayed, known, delivered, acks, aborts uint64
		lastErr                                 string
		at                                      time.Time
	}
	last := map[string]*seen{}
	onRound := func(s relayer.Status) {
		p := last[s.Path]
		now := time.Now()
		cur := &seen{s.Relayed, s.Known, s.Delivered, s.Acks, s.Aborts, s.LastError, now}
		if p != nil && *p == (seen{cur.relayed, cur.known, cur.delivered, cur.acks, cur.aborts, cur.lastErr, p.at}) && (o.statusEvery <= 0 || now.Sub(p.at) < o.statusEvery) {
			return
		}
		last[s.Path] = cur
		printStatus(s)
	}
	var carriers func(p *relayer.Path) []relayer.Carrier
	if !o.headersOnly {
		carriers = func(p *relayer.Path) []relayer.Carrier {
			return []relayer.Carrier{&relayer.HeaderCarrier{}, &relayer.MessageCarrier{}}
		}
	}
	r, err := relayer.New(relayer.Config{A: a, B: b, Directions: o.only, Interval: o.interval, MaxBackoff: o.maxBackoff,
		Carriers: carriers, Metrics: m, Logger: log, OnRound: serialized(onRound)})
	if err != nil {
		return err
	}
	// The chains may be starting: retry what is not a configuration error.
	for delay := o.interval; ; delay = min(2*delay, o.maxBackoff) {
		waiting, err := r.Check(ctx)
		var ce *relayer.ConfigError
		if err == nil {
			for _, w := range waiting {
				fmt.Fprintf(os.Stderr, "%s: the destination keeps no light client of the source yet; retrying until it does\n", w)
			}
			break
		}
		if errors.As(err, &ce) || o.once {
			return err
		}
		fmt.Fprintf(os.Stderr, "cannot check the chains yet (%v); retrying in %s\n", err, delay)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(delay):
		}
	}
	if o.once {
		sts, err := r.Once(ctx)
		if o.output == "json" {
			enc := json.NewEncoder(out)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			_ = enc.Encode(sts)
		} else {
			for _, s := range sts {
				printStatus(s)
			}
		}
		return err
	}
	if o.metrics != "" {
		ln, err := net.Listen("tcp", o.metrics)
		if err != nil {
			return fmt.Errorf("--metrics %s: %w", o.metrics, err)
		}
		srv := &http.Server{Handler: promhttp.HandlerFor(reg, promhttp.HandlerOpts{}), ReadHeaderTimeout: 5 * time.Second}
		go srv.Serve(ln)
		defer srv.Close()
		fmt.Fprintf(os.Stderr, "metrics on http://%s/metrics\n", ln.Addr())
	}
	fmt.Fprintf(os.Stderr, "relaying between %s and %s (%s); stop with Ctrl-C\n", a.ChainID, b.ChainID, strings.Join(pathNames(r), ", "))
	err = r.Run(ctx)
	for _, s := range r.Status() {
		printStatus(s)
	}
	return err
}

func pathNames(r *relayer.Relayer) []string {
	var out []string
	for _, p := range r.Paths() {
		out = append(out, p.Name())
	}
	return out
}

// serialized makes f safe to call from the relayer's path goroutines.
func serialized(f func(relayer.Status)) func(relayer.Status) {
	ch := make(chan struct{}, 1)
	return func(s relayer.Status) {
		ch <- struct{}{}
		defer func() { <-ch }()
		f(s)
	}
}

func statusText(l statusLine) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %-24s client %d / source %d  lag %d  relayed %d  known %d  messages %d (pending %d)  acks %d", l.Time, safe(l.Path), l.ClientHeight, l.SourceHeight, l.Lag, l.Relayed, l.Known, l.Delivered, l.MessagesPending, l.Acks)
	if l.Aborts > 0 {
		fmt.Fprintf(&b, "  aborts %d", l.Aborts)
	}
	var errs []string
	for code, n := range l.Errors {
		errs = append(errs, fmt.Sprintf("%s=%d", safe(code), n))
	}
	sort.Strings(errs)
	if len(errs) > 0 {
		fmt.Fprintf(&b, "  errors %s", strings.Join(errs, ","))
	}
	switch {
	case l.Frozen:
		b.WriteString("  FROZEN")
	case l.Waiting:
		b.WriteString("  waiting for registration")
	}
	if l.LastError != "" {
		fmt.Fprintf(&b, "\n    last error: %s", safe(l.LastError))
	}
	return b.String()
}
