package main

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/causeway/causeway/consortium"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/services/metro"
	"github.com/causeway/causeway/types"
)

// metroCities are the cities of `causeway scenario metro`, in the order
// the first N are taken; joinCities are the ones that join during a run.
var (
	metroCities = []string{"shanghai", "hangzhou", "nanjing", "suzhou", "ningbo", "hefei", "wuxi", "changzhou", "wenzhou", "xuzhou", "nantong",
		"shaoxing", "jinhua", "taizhou", "yangzhou", "huzhou", "zhenjiang", "yancheng", "lianyungang", "wuhu", "maanshan"}
	joinCities = []string{"jiaxing", "changshu", "kunshan"}
)

func scenarioCmd() *cobra.Command {
	c := &cobra.Command{Use: "scenario", Short: "Run the scenarios Causeway is built for (metro interconnection)"}
	c.AddCommand(metroCmd(), tradeCmd(), judicialCmd(), traceCmd())
	return c
}

func metroCmd() *cobra.Command {
	var cities, basePort, riders int
	var dir, join, output string
	var duration, joinAt time.Duration
	var rate, peak, unpaid float64
	c := &cobra.Command{
		Use:   "metro",
		Short: "Metro interconnection: cross-city rides settled between cities in seconds, a shared risk list, e-invoices",
		Long: `metro runs the metro interconnection scenario on a local consortium: one organisation
and node per city (11 by default) plus the tax bureau. It creates the consortium in --dir
(or restarts the one there), deploys the scenario once (encryption keys, the clearing
reader group, the tax bureau as auditor of invoices, the Metro contract, each city's
stations and fares), then drives a ride simulator for --duration: riders of every city ride
in the others with a rush-hour peak in the middle third, a fraction never pays and is marked
on the shared risk list by its home city, and each city's settlement agent signs settlements
off with every other city. At --join-at a new city joins the consortium with its own node
and joins the scenario, with no other city stopping. At the end every pair's rides, net
position and settlements are checked against the simulator's own tally, and the figures
are printed. The consortium keeps running: stop it with ` + "`causeway down --dir DIR`" + `.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cities < 2 || cities > len(metroCities) {
				return fmt.Errorf("--cities must be between 2 and %d", len(metroCities))
			}
			if join != "" && (slices.Contains(metroCities[:cities], join) || !validCity(join)) {
				return fmt.Errorf("--join %q: a city name (a-z, 0-9, -) that is not one of the founding cities", join)
			}
			if rate <= 0 || rate > 5000 || peak < 1 || peak > 10 || riders < 1 || riders > 10_000_000 || unpaid < 0 || unpaid >= 1 {
				return fmt.Errorf("--rate must be in (0, 5000], --peak in [1, 10], --riders in [1, 10^7], --unpaid in [0, 1)")
			}
			if duration <= 0 || duration > 24*time.Hour || joinAt < 0 || (join != "" && joinAt >= duration) {
				return fmt.Errorf("--duration must be in (0, 24h] and --join-at within it")
			}
			ctx, cancel := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer cancel()
			progress := progressOut(output)
			abs, err := filepath.Abs(dir)
			if err != nil {
				return err
			}
			names := append(slices.Clone(metroCities[:cities]), "taxbureau")
			created, err := upOne(ctx, abs, consortium.Options{Orgs: len(names), OrgNames: names, ChainID: "metro-yrd", BasePort: basePort}, progress)
			if err != nil {
				return err
			}
			if created {
				rememberNetwork(filepath.Join(abs, consortium.NetworkFile))
			}
			nw, err := sdk.LoadNetwork(filepath.Join(abs, consortium.NetworkFile))
			if err != nil {
				return err
			}
			depDir := filepath.Join(abs, "metro")
			dep, err := metro.LoadDeployment(depDir)
			if os.IsNotExist(err) {
				fmt.Fprintf(progress, "deploying the scenario for %d cities and the tax bureau\n", cities)
				dep, err = metro.Setup(ctx, metro.SetupConfig{Network: nw, Cities: names[:cities], TaxBureau: "taxbureau", Dir: depDir,
					Progress: func(f string, a ...any) { fmt.Fprintf(progress, "  "+f+"\n", a...) }})
			}
			if err != nil {
				return err
			}
			run := metro.RunConfig{Network: nw, Deployment: dep,
				Sim:   metro.SimConfig{Rate: rate, Peak: peak, Duration: duration, Riders: riders, UnpaidFraction: unpaidOrNone(unpaid), Seed: uint64(time.Now().UnixNano())},
				Every: func(s metro.Snapshot) { liveLine(progress, s) }}
			if join != "" && !slices.Contains(dep.Cities, join) {
				run.JoinAt = joinAt
				run.Join = func(ctx context.Context) (*metro.City, []byte, error) {
					return joinMetroCity(ctx, abs, nw, dep, join, progress)
				}
			}
			fmt.Fprintf(progress, "riding for %v: %v rides/s off-peak, %v× at the rush hour, %d riders a city\n", duration, rate, peak, riders)
			rep, err := metro.Run(ctx, run)
			if err != nil {
				return err
			}
			if output == "json" {
				printJSON(rep)
			} else {
				printMetroReport(os.Stdout, rep)
				fmt.Printf("\nthe consortium keeps running; stop it with: causeway down --dir %s\n", dir)
			}
			if !rep.AllMatch || rep.Failed > 0 {
				return fmt.Errorf("the run did not settle every ride exactly: see the pairs above")
			}
			return nil
		},
	}
	c.Flags().IntVar(&cities, "cities", 11, "number of founding cities (one org and node each, plus the tax bureau)")
	c.Flags().StringVar(&dir, "dir", "metro-net", "folder of the consortium (made if empty)")
	c.Flags().IntVar(&basePort, "base-port", 7300, "first port of the consortium's nodes (0 picks free ports)")
	c.Flags().DurationVar(&duration, "duration", 60*time.Second, "how long riders ride")
	c.Flags().Float64Var(&rate, "rate", 10, "rides offered per second off-peak")
	c.Flags().Float64Var(&peak, "peak", 2, "rush-hour multiplier of the rate, in the middle third of the run")
	c.Flags().IntVar(&riders, "riders", 1000, "riders of each city")
	c.Flags().Float64Var(&unpaid, "unpaid", 0.01, "fraction of riders who never pay (marked on the risk list)")
	c.Flags().StringVar(&join, "join", joinCities[0], "city that joins during the run (empty: none)")
	c.Flags().DurationVar(&joinAt, "join-at", 20*time.Second, "when the new city joins")
	outputFlag(c, &output)
	c.AddCommand(metroPositionsCmd(), metroGateCmd(), metroMarkCmd(), metroApproveCityCmd(), metroPrepareCityCmd(), metroInvoiceCmd())
	return c
}

func unpaidOrNone(f float64) float64 {
	if f == 0 {
		return -1 // NewSimulator: negative means none
	}
	return f
}

func validCity(s string) bool { _, err := metro.CodeOf(s); return err == nil }

// liveLine is the terminal's live view: one line a second.
func liveLine(w io.Writer, s metro.Snapshot) {
	joined := ""
	if s.Joined != "" {
		joined = " (" + s.Joined + " joined)"
	}
	fmt.Fprintf(w, "  %5.0fs  %d cities%s  rides %d (%.1f/s)  refused at gate %d  marked %d  settlements %d  failed %d\n",
		s.Elapsed.Seconds(), len(s.Cities), joined, s.Sim.Committed, float64(s.Sim.Committed)/max(s.Elapsed.Seconds(), 1), s.Sim.Refused, s.Sim.Marked, s.Settlements, s.Sim.Failed)
}

func printMetroReport(w io.Writer, r *metro.Report) {
	fmt.Fprintf(w, "\ncities: %s\n", strings.Join(r.Cities, ", "))
	if r.Joined != "" {
		fmt.Fprintf(w, "joined during the run: %s (at %s, took %s)\n", r.Joined, r.JoinedAfter, r.JoinTook)
	}
	fmt.Fprintf(w, "rides: %d committed of %d offered (%.1f/s over %s), %d refused at the gate, %d riders marked, %d failed\n",
		r.Committed, r.Offered, r.RidesPerSecond, r.Elapsed, r.Refused, r.Marked, r.Failed)
	fmt.Fprintf(w, "gate check: p50 %s, p99 %s; ride commit: p50 %s, p99 %s\n", r.GateP50, r.GateP99, r.CommitP50, r.CommitP99)
	fmt.Fprintf(w, "settlements: %d; latency from the last covered ride to the final settlement: p50 %s, p99 %s\n", r.Settlements, r.SettleP50, r.SettleP99)
	fmt.Fprintf(w, "\n%-12s %-12s %7s %12s %8s %11s  %s\n", "A", "B", "RIDES", "NET (fen)", "SETTLED", "SETTLEMENTS", "CHECK")
	for _, p := range r.Pairs {
		check := "ok"
		if !p.Matches {
			check = "MISMATCH"
		}
		fmt.Fprintf(w, "%-12s %-12s %7d %12s %8d %11d  %s\n", p.A, p.B, p.Rides, p.Net, p.Settled, p.Settlements, check)
	}
	for _, e := range r.Errors {
		fmt.Fprintln(w, "error:", e)
	}
}

// joinMetroCity makes name a member of the consortium in dir, as the
// documented join does (org init, join request, node start --join, the
// members' votes on add-org, the account), then a city of the scenario.
func joinMetroCity(ctx context.Context, dir string, nw *sdk.Network, dep *metro.Deployment, name string, progress io.Writer) (*metro.City, []byte, error) {
	say := func(f string, a ...any) { fmt.Fprintf(progress, "  [join %s] "+f+"\n", append([]any{name}, a...)...) }
	org, err := consortium.InitOrg(filepath.Join(dir, "orgs", name), name)
	if err != nil {
		return nil, nil, err
	}
	var id uint64
	for _, n := range nw.Nodes {
		id = max(id, n.ID)
	}
	id++
	addr := func() (string, error) { return consortium.FreeAddr("127.0.0.1") }
	var addrs [4]string
	for i := range addrs {
		if addrs[i], err = addr(); err != nil {
			return nil, nil, err
		}
	}
	j, err := org.PrepareJoin(consortium.JoinOptions{NodeID: id, Addrs: consortium.NodeAddrs{P2P: addrs[0], GRPC: addrs[1], REST: addrs[2], Admin: addrs[3]}, Genesis: filepath.Join(dir, "genesis.json")})
	if err != nil {
		return nil, nil, err
	}
	exe, err := os.Executable()
	if err != nil {
		return nil, nil, err
	}
	nd := filepath.Dir(j.NodeConfig)
	proc := consortium.NodeProcess{ID: id, Config: j.NodeConfig, Dir: nd, PIDFile: filepath.Join(nd, "node.pid"), LogFile: filepath.Join(nd, "node.log"), Join: true}
	pid, err := proc.Start(exe)
	if err != nil {
		return nil, nil, err
	}
	say("node %d started (pid %d), syncing and waiting to be admitted", id, pid)
	admins, err := nw.AdminAccounts()
	if err != nil {
		return nil, nil, err
	}
	cl, err := metro.Dial(ctx, nw, dep.Cities[0])
	if err != nil {
		return nil, nil, err
	}
	defer cl.Close()
	rec, err := cl.Govern(ctx, sdk.TxOptions{ChainID: nw.ChainID}, admins, &types.Proposal{Action: &types.Proposal_AddOrg{AddOrg: j.Request}}, "the admission of "+name)
	if err != nil {
		return nil, nil, err
	}
	say("admitted by governance, in force from block %d", rec.EffectiveHeight)
	// The network map gains the org, its node and its CA.
	no := org.NetworkOrg()
	no.Account = &sdk.AccountFile{Name: name, Key: org.AccountKeyPath()}
	nw.Orgs = append(nw.Orgs, no)
	nw.Nodes = append(nw.Nodes, sdk.NetworkNode{ID: id, Org: name, GRPC: addrs[1], REST: addrs[2], Admin: addrs[3]})
	bundle, err := os.OpenFile(nw.CABundle, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return nil, nil, err
	}
	_, werr := bundle.Write(org.CA.CertPEM())
	if err := bundle.Close(); werr != nil || err != nil {
		return nil, nil, fmt.Errorf("CA bundle: %v %v", werr, err)
	}
	if err := nw.Save(filepath.Join(dir, consortium.NetworkFile)); err != nil {
		return nil, nil, err
	}
	// Its own node, once it serves, creates its account.
	own, err := waitServing(ctx, nw, name, rec.EffectiveHeight)
	if err != nil {
		return nil, nil, err
	}
	defer own.Close()
	acct, err := metro.OrgAccount(nw, name)
	if err != nil {
		return nil, nil, err
	}
	tx, err := acct.CreateAccountTx(sdk.TxOptions{ChainID: nw.ChainID})
	if err != nil {
		return nil, nil, err
	}
	// A node that has just caught up starts consensus a moment later
	// (it refuses transactions as unavailable until then).
	for deadline := time.Now().Add(time.Minute); ; {
		r, err := own.SubmitAndWait(ctx, tx)
		if err == nil && r.GetReceipt().GetStatus() == types.ReceiptStatus_SUCCESS {
			break
		}
		if _, gerr := own.GetAccount(ctx, name); gerr == nil {
			break // created by an earlier attempt
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return nil, nil, fmt.Errorf("create %s's account: %v %s", name, err, r.GetReceipt().GetError())
		}
		time.Sleep(500 * time.Millisecond)
	}
	say("node %d serves, account %s created; joining the scenario", id, hex.EncodeToString(acct.ID().Bytes()))
	var voters []*metro.City
	for _, c := range dep.Cities {
		v, err := dep.Connect(ctx, nw, c)
		if err != nil {
			return nil, nil, err
		}
		defer v.Client.Close()
		voters = append(voters, v)
	}
	admins, err = nw.AdminAccounts()
	if err != nil {
		return nil, nil, err
	}
	if err := dep.AdmitCity(ctx, nw, name, admins, voters, metro.FareRules{}); err != nil {
		return nil, nil, err
	}
	c, err := dep.Connect(ctx, nw, name)
	if err != nil {
		return nil, nil, err
	}
	key, err := dep.RiderKey(name)
	if err != nil {
		c.Client.Close()
		return nil, nil, err
	}
	say("a city of the scenario: its riders ride, its gates record rides, its agent settles")
	return c, key, nil
}

// waitServing dials org's node until it has reached height h.
func waitServing(ctx context.Context, nw *sdk.Network, org string, h uint64) (*sdk.Client, error) {
	deadline := time.Now().Add(2 * time.Minute)
	for {
		cl, err := metro.Dial(ctx, nw, org)
		if err == nil {
			st, serr := cl.Status(ctx)
			if serr == nil && st.GetHeight() >= h {
				return cl, nil
			}
			cl.Close()
			err = serr
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("%s's node does not serve at height %d: %v", org, h, err)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(300 * time.Millisecond):
		}
	}
}

// metroFlags are the flags of the commands a city's systems run.
type metroFlags struct {
	clientFlags
	deployment string
}

func (f *metroFlags) register(c *cobra.Command) {
	f.clientFlags.register(c)
	c.Flags().StringVar(&f.deployment, "deployment", "metro-net/metro", "folder of the scenario's deployment (metro.json and the orgs' keys)")
}

// city connects as --org to the scenario.
func (f *metroFlags) city(ctx context.Context) (*metro.City, *metro.Deployment, error) {
	nw, err := f.loadNetwork()
	if err != nil {
		return nil, nil, err
	}
	dep, err := metro.LoadDeployment(f.deployment)
	if err != nil {
		return nil, nil, err
	}
	org, err := f.orgOf(nw)
	if err != nil {
		return nil, nil, err
	}
	c, err := dep.Connect(ctx, nw, org.Name)
	return c, dep, err
}

func metroPositionsCmd() *cobra.Command {
	var f metroFlags
	c := &cobra.Command{
		Use:   "positions",
		Short: "Every pair of cities: rides, net position, what is settled",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			city, dep, err := f.city(ctx)
			if err != nil {
				return err
			}
			defer city.Client.Close()
			type row struct {
				A           string `json:"a"`
				B           string `json:"b"`
				Rides       uint64 `json:"rides"`
				Net         string `json:"net"`
				Settled     uint64 `json:"settled_rides"`
				SettledNet  string `json:"settled_net"`
				Settlements uint64 `json:"settlements"`
				Height      uint64 `json:"height"`
			}
			var rows []row
			names := slices.Sorted(slices.Values(dep.Cities))
			for i, a := range names {
				for _, b := range names[i+1:] {
					p, err := city.PositionOf(ctx, a, b)
					if err != nil {
						return err
					}
					rows = append(rows, row{p.A, p.B, p.Rides, p.Net.String(), p.SettledSeq, p.SettledNet.String(), p.Settlements, p.Height})
				}
			}
			if f.json() {
				printJSON(rows)
				return nil
			}
			fmt.Printf("%-12s %-12s %7s %12s %8s %12s %11s\n", "A", "B", "RIDES", "NET (fen)", "SETTLED", "SETTLED NET", "SETTLEMENTS")
			for _, r := range rows {
				fmt.Printf("%-12s %-12s %7d %12s %8d %12s %11d\n", r.A, r.B, r.Rides, r.Net, r.Settled, r.SettledNet, r.Settlements)
			}
			return nil
		},
	}
	f.register(c)
	return c
}

func metroGateCmd() *cobra.Command {
	var f metroFlags
	c := &cobra.Command{
		Use:   "gate RIDER",
		Short: "The gate check: may this rider (64 hex digits, the pseudonymous id) enter? Answered by the local node",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			rider, err := parseHash32(args[0])
			if err != nil {
				return err
			}
			city, _, err := f.city(ctx)
			if err != nil {
				return err
			}
			defer city.Client.Close()
			d, err := city.GateCheck(ctx, rider)
			if err != nil {
				return err
			}
			out := map[string]any{"rider": args[0], "allowed": d.Allowed, "height": d.Height}
			if !d.Allowed {
				out["marked_by"], out["reason"], out["expires_at"] = d.MarkedBy, d.Reason, d.ExpiresAt.Format(time.RFC3339)
			}
			if f.json() {
				printJSON(out)
				return nil
			}
			if d.Allowed {
				fmt.Printf("allowed (block %d)\n", d.Height)
			} else {
				fmt.Printf("refused: marked by %s for %q until %s (block %d)\n", d.MarkedBy, d.Reason, d.ExpiresAt.Format(time.RFC3339), d.Height)
			}
			return nil
		},
	}
	f.register(c)
	return c
}

func metroMarkCmd() *cobra.Command {
	var f metroFlags
	var reason, evidence string
	var ttl time.Duration
	var remove bool
	c := &cobra.Command{
		Use:   "mark RIDER",
		Short: "Mark a rider on the shared risk list as --org's city (or --remove the city's mark)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			rider, err := parseHash32(args[0])
			if err != nil {
				return err
			}
			var ev [32]byte
			if evidence != "" {
				if ev, err = parseHash32(evidence); err != nil {
					return fmt.Errorf("--evidence: %w", err)
				}
			}
			city, _, err := f.city(ctx)
			if err != nil {
				return err
			}
			defer city.Client.Close()
			if remove {
				if err := city.UnmarkRider(ctx, rider); err != nil {
					return err
				}
			} else if _, err := city.MarkRider(ctx, rider, reason, ev, ttl); err != nil {
				return err
			}
			d, err := city.GateCheck(ctx, rider)
			if err != nil {
				return err
			}
			if f.json() {
				printJSON(map[string]any{"rider": args[0], "city": city.Name, "removed": remove, "allowed": d.Allowed, "height": d.Height})
				return nil
			}
			fmt.Printf("%s: rider %s is now %s at the gates (block %d)\n", city.Name, args[0], map[bool]string{true: "allowed", false: "refused"}[d.Allowed], d.Height)
			return nil
		},
	}
	f.register(c)
	c.Flags().StringVar(&reason, "reason", "unpaid-fare", "why (at most 64 bytes)")
	c.Flags().StringVar(&evidence, "evidence", "", "evidence id or ride id (64 hex digits)")
	c.Flags().DurationVar(&ttl, "ttl", 24*time.Hour, "how long the mark lasts")
	c.Flags().BoolVar(&remove, "remove", false, "remove this city's mark instead")
	return c
}

func parseHash32(s string) ([32]byte, error) {
	var out [32]byte
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != 32 {
		return out, fmt.Errorf("%q is not 64 hex digits", s)
	}
	copy(out[:], b)
	return out, nil
}

func metroApproveCityCmd() *cobra.Command {
	var f metroFlags
	c := &cobra.Command{
		Use:   "approve-city NAME ACCOUNT",
		Short: "Vote, as --org's city, to admit city NAME whose operator account is ACCOUNT (name or 64 hex digits)",
		Long: `approve-city is a founding city's vote in the Metro contract for a new city: the org NAME must
have joined the consortium (gov propose add-org) and created its account ACCOUNT. The city is
admitted once a strict majority of the active cities has approved the same account.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			city, _, err := f.city(ctx)
			if err != nil {
				return err
			}
			defer city.Client.Close()
			acct, err := city.Client.GetAccount(ctx, args[1])
			if err != nil {
				return fmt.Errorf("account %s: %w", args[1], err)
			}
			err = city.ApproveCity(ctx, args[0], types.Hash(acct.GetId()))
			if err != nil && !errors.Is(err, metro.ErrCityExists) {
				return err
			}
			admitted, err := city.IsCity(ctx, args[0])
			if err != nil {
				return err
			}
			if f.json() {
				printJSON(map[string]any{"city": args[0], "approved_by": city.Name, "admitted": admitted})
				return nil
			}
			fmt.Printf("%s approved %s; admitted: %v\n", city.Name, args[0], admitted)
			return nil
		},
	}
	f.register(c)
	return c
}

func metroPrepareCityCmd() *cobra.Command {
	var f metroFlags
	var rules metro.FareRules
	c := &cobra.Command{
		Use:   "prepare-city",
		Short: "As --org's city (admitted), draw the riders' key and register stations and fare rules",
		Long: `prepare-city is a new city's last step: it draws the secret key of its riders' pseudonymous ids
(DEPLOYMENT/ORG/rider.key, kept by the city), registers its stations (1..--stations over --zones
fare zones) and fare rules in the Metro contract, and adds the city to the deployment's
metro.json. The org's encryption key must be at DEPLOYMENT/ORG/encryption.pem and in force.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			nw, err := f.loadNetwork()
			if err != nil {
				return err
			}
			dep, err := metro.LoadDeployment(f.deployment)
			if err != nil {
				return err
			}
			org, err := f.orgOf(nw)
			if err != nil {
				return err
			}
			city, err := dep.Connect(ctx, nw, org.Name)
			if err != nil {
				return err
			}
			defer city.Client.Close()
			if ok, err := city.IsCity(ctx, org.Name); err != nil || !ok {
				return fmt.Errorf("%s is not an admitted city of the contract yet (approve-city by a majority): %v", org.Name, err)
			}
			if err := dep.PrepareCity(ctx, nw, org.Name, rules); err != nil {
				return err
			}
			if !slices.Contains(dep.Cities, org.Name) {
				dep.Cities = append(dep.Cities, org.Name)
				if err := dep.Save(); err != nil {
					return err
				}
			}
			if f.json() {
				printJSON(map[string]any{"city": org.Name, "stations": rules.Stations, "zones": rules.Zones, "base": rules.Base, "per_zone": rules.PerZone, "max": rules.Max})
				return nil
			}
			fmt.Printf("%s: %d stations over %d zones, fares %d + %d a zone, at most %d fen; a city of the scenario\n", org.Name, rules.Stations, rules.Zones, rules.Base, rules.PerZone, rules.Max)
			return nil
		},
	}
	f.register(c)
	d := metro.DefaultFareRules
	c.Flags().IntVar(&rules.Stations, "stations", d.Stations, "number of stations")
	c.Flags().IntVar(&rules.Zones, "zones", d.Zones, "number of fare zones")
	c.Flags().Uint64Var(&rules.Base, "base", d.Base, "base fare, fen")
	c.Flags().Uint64Var(&rules.PerZone, "per-zone", d.PerZone, "fare per zone crossed, fen")
	c.Flags().Uint64Var(&rules.Max, "max", d.Max, "highest fare, fen")
	return c
}
