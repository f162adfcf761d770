package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/causeway/causeway/api/apijson"
	"github.com/causeway/causeway/consortium"
	"github.com/causeway/causeway/execution"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

func govCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "gov",
		Short: "Governance: propose changes to the consortium, vote, and show proposals and the configuration",
		Long: `Changes to the consortium (members, consensus nodes, parameters, revoked certificates,
frozen accounts) are proposals that member orgs vote on. An org acts through its admin
account ORG.admin, signed with its admin certificate's key (--org picks the org). A proposal
counts as its proposer's approval and executes once the policy (by default, a majority of
member orgs) approves; the change applies from the next block on every node.`,
	}
	c.AddCommand(govProposeCmd(), govVoteCmd(), govListCmd(), govShowCmd(), govConfigCmd())
	return c
}

// govFlags are the flags of commands that submit a governance transaction.
type govFlags struct {
	clientFlags
	description string
	timeout     time.Duration
}

func (f *govFlags) register(c *cobra.Command, withDescription bool) {
	f.clientFlags.register(c)
	if withDescription {
		c.Flags().StringVar(&f.description, "description", "", "why: shown to the voters (at most 1024 bytes)")
	}
	c.Flags().DurationVar(&f.timeout, "timeout", 30*time.Second, "how long to wait for the block")
}

// govSubmit submits a governance transaction signed by --org's admin account
// and waits for its block; it fails if the transaction did.
func (f *govFlags) govSubmit(build func(ctx context.Context, cl *sdk.Client, nw *sdk.Network, admin sdk.Account, opt sdk.TxOptions) (*types.Transaction, error),
	after func(ctx context.Context, cl *sdk.Client, nw *sdk.Network, height uint64) error) error {
	ctx, cancel := context.WithTimeout(context.Background(), f.timeout)
	defer cancel()
	cl, nw, org, err := f.dial(ctx)
	if err != nil {
		return err
	}
	defer cl.Close()
	admin, err := nw.AdminAccount(org.Name)
	if err != nil {
		return fmt.Errorf("org %s's admin account: %w", org.Name, err)
	}
	tx, err := build(ctx, cl, nw, admin, sdk.TxOptions{ChainID: nw.ChainID})
	if err != nil {
		return err
	}
	var height uint64
	if f.json() {
		resp, err := cl.SubmitAndWait(ctx, tx)
		if err != nil {
			return err
		}
		if r := resp.Receipt; r.Status != types.ReceiptStatus_SUCCESS {
			return fmt.Errorf("transaction %s failed in block %d: %s: %s", resp.TxHash, resp.Height, r.ErrorCode, r.Error)
		}
		height = resp.Height
	} else if err := submit(ctx, cl, tx, false, false); err != nil {
		return err
	}
	return after(ctx, cl, nw, height)
}

// propose submits p (with --description) and prints the proposal.
func (f *govFlags) propose(build func(nw *sdk.Network) (*types.Proposal, error)) error {
	var id types.Hash
	return f.govSubmit(func(_ context.Context, _ *sdk.Client, nw *sdk.Network, admin sdk.Account, opt sdk.TxOptions) (*types.Transaction, error) {
		p, err := build(nw)
		if err != nil {
			return nil, err
		}
		p.Description = f.description
		tx, err := admin.ProposeTx(opt, p)
		if err != nil {
			return nil, err
		}
		id = nw.Suite().TxHash(tx)
		return tx, nil
	}, func(ctx context.Context, cl *sdk.Client, nw *sdk.Network, height uint64) error {
		return showProposal(ctx, cl, id, height, f.json())
	})
}

func govProposeCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "propose ACTION ...",
		Short: "Propose a change, as --org's admin (the proposal counts as its approval)",
	}
	simple := func(use, short string, args cobra.PositionalArgs, build func(args []string, nw *sdk.Network) (*types.Proposal, error)) *cobra.Command {
		var f govFlags
		cmd := &cobra.Command{Use: use, Short: short, Args: args,
			RunE: func(cmd *cobra.Command, args []string) error {
				return f.propose(func(nw *sdk.Network) (*types.Proposal, error) { return build(args, nw) })
			}}
		f.register(cmd, true)
		return cmd
	}
	c.AddCommand(
		simple("add-org REQUEST.json", "Admit an organisation (and its nodes) from its join request", cobra.ExactArgs(1),
			func(args []string, _ *sdk.Network) (*types.Proposal, error) {
				req, err := consortium.LoadJoinRequest(args[0])
				if err != nil {
					return nil, err
				}
				return &types.Proposal{Action: &types.Proposal_AddOrg{AddOrg: req}}, nil
			}),
		simple("remove-org NAME", "Remove a member organisation, its nodes and its certificates' access", cobra.ExactArgs(1),
			func(args []string, _ *sdk.Network) (*types.Proposal, error) {
				return &types.Proposal{Action: &types.Proposal_RemoveOrg{RemoveOrg: &types.RemoveOrg{Name: args[0]}}}, nil
			}),
		govAddNodeCmd(),
		simple("remove-node ID", "Remove a consensus node", cobra.ExactArgs(1),
			func(args []string, _ *sdk.Network) (*types.Proposal, error) {
				id, err := strconv.ParseUint(args[0], 10, 64)
				if err != nil || id == 0 {
					return nil, fmt.Errorf("node id %q: want a positive integer", args[0])
				}
				return &types.Proposal{Action: &types.Proposal_RemoveNode{RemoveNode: &types.RemoveNode{Id: id}}}, nil
			}),
		simple("set-param NAME VALUE", "Change a chain parameter (batch_max_count, max_tx_bytes, ...; see `gov config`)", cobra.ExactArgs(2),
			func(args []string, _ *sdk.Network) (*types.Proposal, error) {
				v, err := strconv.ParseInt(args[1], 10, 64)
				if err != nil {
					return nil, fmt.Errorf("value %q: want an integer", args[1])
				}
				// Check the name and the bounds here; the chain checks the
				// value against the parameters in force too.
				if err := types.CheckParam(args[0], v); err != nil {
					return nil, err
				}
				return &types.Proposal{Action: &types.Proposal_UpdateParam{UpdateParam: &types.UpdateParam{Name: args[0], Value: v}}}, nil
			}),
		govRevokeCmd(),
		govRotateNodeCertCmd(),
		govRotateCACmd(),
		simple("freeze ACCOUNT", "Freeze an account (a name or a 64-hex-digit identity)", cobra.ExactArgs(1),
			func(args []string, nw *sdk.Network) (*types.Proposal, error) {
				id, err := accountID(nw.Suite(), args[0])
				if err != nil {
					return nil, err
				}
				return &types.Proposal{Action: &types.Proposal_FreezeAccount{FreezeAccount: &types.FreezeAccount{Id: id.Bytes()}}}, nil
			}),
		simple("unfreeze ACCOUNT", "Unfreeze an account (a name or a 64-hex-digit identity)", cobra.ExactArgs(1),
			func(args []string, nw *sdk.Network) (*types.Proposal, error) {
				id, err := accountID(nw.Suite(), args[0])
				if err != nil {
					return nil, err
				}
				return &types.Proposal{Action: &types.Proposal_UnfreezeAccount{UnfreezeAccount: &types.UnfreezeAccount{Id: id.Bytes()}}}, nil
			}),
	)
	c.AddCommand(govSealCmds()...)
	c.AddCommand(govAuditorCmd())
	return c
}

func govAddNodeCmd() *cobra.Command {
	var f govFlags
	var spec types.NodeSpec
	var tlsCert, signCert string
	c := &cobra.Command{
		Use:   "add-node [NODESPEC.json | --id N --address HOST:PORT --tls-cert F --sign-cert F [--node-org ORG]]",
		Short: "Add a consensus node of a member org",
		Long: `add-node adds a consensus node. NODESPEC.json is a node spec ({"id", "org", "address",
"tls_cert", "sign_cert"}) or a join request made by 'causeway join request' (its node, or the
one --id picks); or give the node with flags. Its certificates must be issued by its org's CA.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return f.propose(func(nw *sdk.Network) (*types.Proposal, error) {
				var n *types.NodeSpec
				if len(args) == 1 {
					var err error
					if n, err = loadNodeSpec(args[0], spec.Id); err != nil {
						return nil, err
					}
				} else {
					if spec.Id == 0 || spec.Address == "" || tlsCert == "" || signCert == "" {
						return nil, fmt.Errorf("give NODESPEC.json, or --id, --address, --tls-cert and --sign-cert")
					}
					t, err := os.ReadFile(tlsCert)
					if err != nil {
						return nil, err
					}
					s, err := os.ReadFile(signCert)
					if err != nil {
						return nil, err
					}
					n = &types.NodeSpec{Id: spec.Id, Org: spec.Org, Address: spec.Address, TlsCert: string(t), SignCert: string(s)}
					if n.Org == "" {
						o, err := f.orgOf(nw)
						if err != nil {
							return nil, err
						}
						n.Org = o.Name
					}
				}
				return &types.Proposal{Action: &types.Proposal_AddNode{AddNode: &types.AddNode{Node: n}}}, nil
			})
		},
	}
	f.register(c, true)
	c.Flags().Uint64Var(&spec.Id, "id", 0, "node id")
	c.Flags().StringVar(&spec.Address, "address", "", "node's peer (p2p) address HOST:PORT")
	c.Flags().StringVar(&spec.Org, "node-org", "", "org that runs the node (default: --org)")
	c.Flags().StringVar(&tlsCert, "tls-cert", "", "node's TLS certificate file")
	c.Flags().StringVar(&signCert, "sign-cert", "", "node's consensus signing certificate file")
	return c
}

// loadNodeSpec reads a node spec, or the node (id, if not 0) of a join request.
func loadNodeSpec(path string, id uint64) (*types.NodeSpec, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	n := &types.NodeSpec{}
	if err := consortium.UnmarshalJSON(b, n); err == nil {
		return n, nil
	}
	req := &types.AddOrg{}
	if err := consortium.UnmarshalJSON(b, req); err != nil {
		return nil, fmt.Errorf("%s is neither a node spec nor a join request: %v", path, err)
	}
	for _, n := range req.Nodes {
		if id == 0 && len(req.Nodes) == 1 || n.Id == id {
			return n, nil
		}
	}
	return nil, fmt.Errorf("%s has %d nodes; pick one with --id", path, len(req.Nodes))
}

func govRevokeCmd() *cobra.Command {
	var f govFlags
	var certFile string
	c := &cobra.Command{
		Use:   "revoke SERIAL | --cert FILE",
		Short: "Revoke a certificate by serial (hex): it is refused at once by every node",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var serial string
			switch {
			case len(args) == 1 && certFile == "":
				serial = args[0]
			case len(args) == 0 && certFile != "":
				cert, err := pki.LoadCertPEM(certFile)
				if err != nil {
					return err
				}
				serial = pki.IdentityOf(cert).Serial
			default:
				return fmt.Errorf("give a SERIAL or --cert FILE")
			}
			return f.propose(func(*sdk.Network) (*types.Proposal, error) {
				return &types.Proposal{Action: &types.Proposal_RevokeCert{RevokeCert: &types.RevokeCert{Serial: strings.ToLower(serial)}}}, nil
			})
		},
	}
	f.register(c, true)
	c.Flags().StringVar(&certFile, "cert", "", "certificate file to revoke (instead of SERIAL)")
	return c
}

func govVoteCmd() *cobra.Command {
	var f govFlags
	var reject bool
	c := &cobra.Command{
		Use:   "vote ID [--reject] --org ORG",
		Short: "Vote on a proposal as --org's admin (approve, or --reject)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := types.ParseHash(args[0])
			if err != nil {
				return fmt.Errorf("proposal id: %w", err)
			}
			return f.govSubmit(func(ctx context.Context, cl *sdk.Client, nw *sdk.Network, admin sdk.Account, opt sdk.TxOptions) (*types.Transaction, error) {
				// Refuse at once what the chain would refuse in a block. A
				// node that lags may not know the proposal yet: then the
				// chain decides.
				rec, err := cl.GetProposal(ctx, id)
				if sdk.IsNotFound(err) {
					return admin.VoteTx(opt, id, !reject)
				}
				if err != nil {
					return nil, fmt.Errorf("proposal %s: %w", id, err)
				}
				cfg, err := cl.ChainConfig(ctx)
				if err != nil {
					return nil, err
				}
				if v := viewOf(rec, cfg); v.Status != "open" {
					return nil, fmt.Errorf("proposal %s is %s: it takes no more votes", id, v.Status)
				}
				for _, v := range rec.Votes {
					if types.AdminAccountName(v.Org) == admin.Name {
						return nil, fmt.Errorf("org %s has already voted on proposal %s", v.Org, id)
					}
				}
				return admin.VoteTx(opt, id, !reject)
			}, func(ctx context.Context, cl *sdk.Client, _ *sdk.Network, height uint64) error {
				return showProposal(ctx, cl, id, height, f.json())
			})
		},
	}
	f.register(c, false)
	c.Flags().BoolVar(&reject, "reject", false, "vote against")
	return c
}

func govListCmd() *cobra.Command {
	var f clientFlags
	c := &cobra.Command{
		Use:   "list",
		Short: "List the governance proposals, newest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			cl, _, _, err := f.dial(ctx)
			if err != nil {
				return err
			}
			defer cl.Close()
			recs, err := cl.ListProposals(ctx)
			if err != nil {
				return err
			}
			cfg, err := cl.ChainConfig(ctx)
			if err != nil {
				return err
			}
			views := make([]proposalView, 0, len(recs))
			for _, r := range recs {
				views = append(views, viewOf(r, cfg))
			}
			if f.json() {
				printJSON(views)
				return nil
			}
			if len(views) == 0 {
				fmt.Println("no proposals")
				return nil
			}
			w := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "ID\tACTION\tPROPOSER\tSTATUS\tYES\tNO\tCREATED\tSUMMARY")
			for _, v := range views {
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%d\t%d\t%d\t%s\n", v.ID, v.Action, safe(v.Proposer), v.Status, v.Yes, v.No, v.CreatedHeight, safe(v.Summary))
			}
			return w.Flush()
		},
	}
	f.register(c)
	return c
}

func govShowCmd() *cobra.Command {
	var f clientFlags
	c := &cobra.Command{
		Use:   "show ID",
		Short: "Show a proposal: its action, votes, status, effective height and reason",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := types.ParseHash(args[0])
			if err != nil {
				return fmt.Errorf("proposal id: %w", err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			cl, _, _, err := f.dial(ctx)
			if err != nil {
				return err
			}
			defer cl.Close()
			return showProposal(ctx, cl, id, 0, f.json())
		},
	}
	f.register(c)
	return c
}

func govConfigCmd() *cobra.Command {
	var f clientFlags
	c := &cobra.Command{
		Use:   "config",
		Short: "Show the chain configuration in force: orgs, nodes, parameters, policy, roles, revocations",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			cl, _, _, err := f.dial(ctx)
			if err != nil {
				return err
			}
			defer cl.Close()
			cfg, err := cl.ChainConfig(ctx)
			if err != nil {
				return err
			}
			if f.json() {
				printJSON(cfg)
				return nil
			}
			printConfig(cfg)
			return nil
		},
	}
	f.register(c)
	return c
}

// proposalView is a proposal as the CLI shows it.
type proposalView struct {
	ID          string `json:"id"`
	Action      string `json:"action"`
	Summary     string `json:"summary"`
	Description string `json:"description,omitempty"`
	Proposer    string `json:"proposer"`
	// Status is open, executed, rejected or expired.
	Status string `json:"status"`
	// Yes and No count the votes; while the proposal is open, only votes
	// of current member orgs count.
	Yes int `json:"yes"`
	No  int `json:"no"`
	// Members and Needed (open proposals only): the member orgs and the
	// approvals the policy needs among them.
	Members         int             `json:"members,omitempty"`
	Needed          int             `json:"needed,omitempty"`
	Votes           []voteView      `json:"votes"`
	CreatedHeight   uint64          `json:"created_height"`
	ClosedHeight    uint64          `json:"closed_height,omitempty"`
	EffectiveHeight uint64          `json:"effective_height,omitempty"`
	Expires         time.Time       `json:"expires"`
	Reason          string          `json:"reason,omitempty"`
	Proposal        json.RawMessage `json:"proposal"`
	// TxHeight is the block of the transaction just submitted, if any.
	TxHeight uint64 `json:"tx_height,omitempty"`
}

type voteView struct {
	Org     string `json:"org"`
	Approve bool   `json:"approve"`
	Height  uint64 `json:"height"`
	// Counted is false for the vote of an org that is no longer a member
	// (open proposals only).
	Counted bool `json:"counted"`
}

func viewOf(r *types.ProposalRecord, cfg *types.ChainConfig) proposalView {
	id, _ := types.HashOf(r.Id)
	status := strings.ToLower(strings.TrimPrefix(r.Status.String(), "PROPOSAL_"))
	open := r.Status == types.ProposalStatus_PROPOSAL_OPEN
	if open && time.Now().UnixMilli() > r.ExpiresMs {
		status, open = "expired", false
	}
	raw, _ := apijson.Marshal(r.Proposal)
	v := proposalView{ID: id.String(), Action: execution.ActionOf(r.Proposal), Summary: summarize(r.Proposal), Description: r.Proposal.GetDescription(),
		Proposer: r.Proposer, Status: status, CreatedHeight: r.CreatedHeight, ClosedHeight: r.ClosedHeight, EffectiveHeight: r.EffectiveHeight,
		Expires: time.UnixMilli(r.ExpiresMs).UTC(), Reason: r.Reason, Proposal: raw, Votes: []voteView{}}
	for _, vr := range r.Votes {
		_, member := cfg.Org(vr.Org)
		counted := member || !open
		v.Votes = append(v.Votes, voteView{Org: vr.Org, Approve: vr.Approve, Height: vr.Height, Counted: counted})
		switch {
		case !counted:
		case vr.Approve:
			v.Yes++
		default:
			v.No++
		}
	}
	if open {
		th := cfg.Policy.For(v.Action)
		v.Members = len(cfg.Orgs)
		for v.Needed = 1; v.Needed < v.Members && !th.Met(v.Needed, v.Members); v.Needed++ {
		}
	}
	return v
}

// summarize says what a proposal does in one line.
func summarize(p *types.Proposal) string {
	switch a := p.GetAction().(type) {
	case *types.Proposal_AddOrg:
		var nodes []string
		for _, n := range a.AddOrg.Nodes {
			nodes = append(nodes, fmt.Sprintf("%d at %s", n.Id, n.Address))
		}
		s := "admit org " + a.AddOrg.Name
		if len(nodes) > 0 {
			s += " with node " + strings.Join(nodes, ", ")
		}
		return s
	case *types.Proposal_RemoveOrg:
		return "remove org " + a.RemoveOrg.Name + " and its nodes"
	case *types.Proposal_AddNode:
		n := a.AddNode.GetNode()
		return fmt.Sprintf("add node %d of %s at %s", n.GetId(), n.GetOrg(), n.GetAddress())
	case *types.Proposal_RemoveNode:
		return fmt.Sprintf("remove node %d", a.RemoveNode.Id)
	case *types.Proposal_UpdateParam:
		return fmt.Sprintf("set %s = %d", a.UpdateParam.Name, a.UpdateParam.Value)
	case *types.Proposal_RevokeCert:
		return "revoke certificate " + a.RevokeCert.Serial
	case *types.Proposal_FreezeAccount:
		return fmt.Sprintf("freeze account %x", a.FreezeAccount.Id)
	case *types.Proposal_UnfreezeAccount:
		return fmt.Sprintf("unfreeze account %x", a.UnfreezeAccount.Id)
	case *types.Proposal_RegisterLightClient:
		r := a.RegisterLightClient
		return fmt.Sprintf("register a light client of chain %s (genesis %x, %s suite, %d bytes)", r.ChainId, r.GenesisHash, r.Crypto, len(r.Genesis))
	case *types.Proposal_RemoveLightClient:
		return "remove the light client of chain " + a.RemoveLightClient.ChainId
	}
	if s := summarizeRotation(p); s != "" {
		return s
	}
	if s := summarizeSeal(p); s != "" {
		return s
	}
	return "unknown action"
}

// showProposal fetches and prints proposal id; height is the block of the
// transaction just submitted (0 if none).
func showProposal(ctx context.Context, cl *sdk.Client, id types.Hash, height uint64, asJSON bool) error {
	rec, err := cl.GetProposal(ctx, id)
	if err != nil {
		return fmt.Errorf("proposal %s: %w", id, err)
	}
	cfg, err := cl.ChainConfig(ctx)
	if err != nil {
		return err
	}
	v := viewOf(rec, cfg)
	v.TxHeight = height
	if asJSON {
		printJSON(v)
		return nil
	}
	fmt.Printf("proposal %s\n", v.ID)
	fmt.Printf("  action       %s: %s\n", v.Action, safe(v.Summary))
	if v.Description != "" {
		fmt.Printf("  description  %s\n", safe(v.Description))
	}
	fmt.Printf("  proposer     %s\n", safe(v.Proposer))
	switch v.Status {
	case "executed":
		fmt.Printf("  status       executed in block %d; in force from block %d\n", v.ClosedHeight, v.EffectiveHeight)
	case "rejected":
		fmt.Printf("  status       rejected in block %d: %s\n", v.ClosedHeight, safe(v.Reason))
	case "expired":
		fmt.Printf("  status       expired at %s\n", v.Expires.Format(time.RFC3339))
	default:
		fmt.Printf("  status       open until %s: %d of %d needed approvals among %d member orgs\n", v.Expires.Format(time.RFC3339), v.Yes, v.Needed, v.Members)
	}
	fmt.Printf("  created      block %d\n", v.CreatedHeight)
	fmt.Printf("  votes        %d yes, %d no\n", v.Yes, v.No)
	for _, vt := range v.Votes {
		how := "yes"
		if !vt.Approve {
			how = "no"
		}
		note := ""
		if !vt.Counted {
			note = "  (not counted: no longer a member)"
		}
		fmt.Printf("    %-12s %-3s  block %d%s\n", safe(vt.Org), how, vt.Height, note)
	}
	if v.Status == "open" {
		fmt.Printf("vote with:  causeway gov vote %s --org ORG\n", v.ID)
	}
	return nil
}

func printConfig(cfg *types.ChainConfig) {
	fmt.Printf("chain configuration version %d\n", cfg.Version)
	w := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "\nORG\tADMIN ACCOUNT\tCA")
	for _, o := range cfg.Orgs {
		ca := "?"
		if c, err := pki.ParseCertPEM([]byte(o.CACert)); err == nil {
			ca = fmt.Sprintf("%s (serial %s, until %s)", c.Subject.CommonName, c.SerialNumber.Text(16), c.NotAfter.UTC().Format("2006-01-02"))
		}
		fmt.Fprintf(w, "%s\t%s\t%s\n", safe(o.Name), safe(o.Admin), safe(ca))
	}
	fmt.Fprintln(w, "\nNODE\tORG\tADDRESS")
	for _, n := range cfg.Nodes {
		fmt.Fprintf(w, "%d\t%s\t%s\n", n.ID, safe(n.Org), safe(n.Address))
	}
	w.Flush()
	printRotations(cfg)
	printSealConfig(cfg)
	fmt.Println("\nparameters:")
	var params map[string]json.Number
	b, _ := json.Marshal(cfg.Params)
	_ = json.Unmarshal(b, &params)
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Printf("  %-28s %v\n", k, params[k])
	}
	fmt.Printf("\npolicy: more than %d/%d of member orgs", cfg.Policy.Default.Num, cfg.Policy.Default.Den)
	actions := make([]string, 0, len(cfg.Policy.Actions))
	for a := range cfg.Policy.Actions {
		actions = append(actions, a)
	}
	sort.Strings(actions)
	for _, a := range actions {
		t := cfg.Policy.Actions[a]
		fmt.Printf("; %s: more than %d/%d", a, t.Num, t.Den)
	}
	fmt.Printf("; proposals open for %s\n", time.Duration(cfg.Policy.ProposalTTLMs)*time.Millisecond)
	fmt.Println("roles:")
	roles := make([]string, 0, len(cfg.Roles))
	for r := range cfg.Roles {
		roles = append(roles, r)
	}
	slices.Sort(roles)
	for _, r := range roles {
		fmt.Printf("  %-8s %s\n", r, strings.Join(cfg.Roles[r], ", "))
	}
	if len(cfg.Revoked) == 0 {
		fmt.Println("revoked certificates: none")
	} else {
		fmt.Printf("revoked certificates: %s\n", strings.Join(cfg.Revoked, ", "))
	}
}
