package main

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/causeway/causeway/consortium"
	"github.com/causeway/causeway/types"
)

// orgExportCmd is `causeway org export`: an org's public part of a genesis.
func orgExportCmd() *cobra.Command {
	var orgDir, account, out, output string
	var id uint64
	var addrs consortium.NodeAddrs
	c := &cobra.Command{
		Use:   "export --org-dir D --node-id N --p2p HOST:PORT --grpc HOST:PORT [--rest HOST:PORT] --out ORG.public.json",
		Short: "Make the org's node and account key, and write its public part of a new consortium's genesis",
		Long: `export is an org's step of the genesis ceremony. In its own folder (made by 'causeway org init')
it makes the org's account key (D/account.key) and its node (D/nodes/nodeN: TLS and consensus
signing certificates and node.json, which names D/genesis.json), unless they exist, and writes
the org's public part: its CA certificate, admin certificate, account public key, and the node's
id, addresses and certificates. No private key leaves the folder. Send the part to the party
that assembles the genesis ('causeway genesis assemble').`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if orgDir == "" || id == 0 || addrs.P2P == "" || addrs.GRPC == "" || out == "" {
				return fmt.Errorf("--org-dir, --node-id, --p2p, --grpc and --out are required")
			}
			o, err := consortium.LoadOrg(orgDir)
			if err != nil {
				return err
			}
			p, err := o.ExportPart(consortium.PartOptions{NodeID: id, Addrs: addrs, Account: account})
			if err != nil {
				return err
			}
			if err := consortium.SavePart(out, p); err != nil {
				return err
			}
			nodeCfg := filepath.Join(o.Dir, "nodes", fmt.Sprintf("node%d", id), "node.json")
			fp := consortium.CAFingerprint(o.CA.Cert())
			if output == "json" {
				printJSON(map[string]any{"org": o.Name, "part": out, "node_id": id, "node_config": nodeCfg, "ca_fingerprint": fp,
					"account": p.Account.Name, "account_key": o.AccountKeyPath(), "p2p": addrs.P2P, "grpc": addrs.GRPC, "rest": addrs.REST})
				return nil
			}
			fmt.Printf("public part of %s written to %s (no private key in it)\n", o.Name, out)
			fmt.Printf("  CA sha256:  %s (tell the other orgs; 'genesis verify' shows every member's)\n", fp)
			fmt.Printf("  node %d:    %s (p2p %s, grpc %s)\n  account:   %s, key %s\n", id, nodeCfg, addrs.P2P, addrs.GRPC, p.Account.Name, o.AccountKeyPath())
			fmt.Println("next: send the part to the assembler; check the genesis you get back with")
			fmt.Printf("  causeway genesis verify genesis.json --org-dir %s --install\n", orgDir)
			return nil
		},
	}
	c.Flags().StringVar(&orgDir, "org-dir", "", "folder of the organisation (made by `causeway org init`)")
	c.Flags().Uint64Var(&id, "node-id", 0, "consensus id of the org's node (agreed among the founders; unique)")
	c.Flags().StringVar(&addrs.P2P, "p2p", "", "peer address HOST:PORT the node listens on and the other nodes dial")
	c.Flags().StringVar(&addrs.GRPC, "grpc", "", "client gRPC address HOST:PORT (advertised in the node's TLS certificate)")
	c.Flags().StringVar(&addrs.REST, "rest", "", "client REST address HOST:PORT (advertised in the node's TLS certificate)")
	c.Flags().StringVar(&addrs.Admin, "admin", "", "admin address HOST:PORT for /healthz and /metrics (loopback; empty disables)")
	c.Flags().StringVar(&account, "account", "", "name of the org's funded account (default: the org's name)")
	c.Flags().StringVar(&out, "out", "", "where to write the public part (e.g. ORG.public.json)")
	c.Flags().StringVarP(&output, "output", "o", "text", "output format: text or json")
	return c
}

func genesisCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "genesis",
		Short: "The genesis ceremony: assemble a genesis from the orgs' public parts, print its hash, verify it",
		Long: `A consortium of separate organisations is founded without any party seeing another's keys:
  1. each org: causeway org init ORG --dir D; causeway org export --org-dir D ... --out ORG.public.json
  2. one party: causeway genesis assemble --chain-id ID --part org1.public.json ... --out genesis.json
  3. each org:  causeway genesis verify genesis.json --org-dir D --install
                causeway genesis hash genesis.json   (compare out of band with every other org)
  4. each org:  causeway node start --config D/nodes/nodeN/node.json`,
	}
	c.AddCommand(genesisAssembleCmd(), genesisHashCmd(), genesisVerifyCmd())
	return c
}

func genesisAssembleCmd() *cobra.Command {
	var chainID, out, output, at, policyDefault string
	var parts, params, policies []string
	var balance uint64
	var ttl time.Duration
	c := &cobra.Command{
		Use:   "assemble --chain-id ID --part ORG.public.json ... --out genesis.json",
		Short: "Assemble a genesis from the orgs' public parts (checked first)",
		Long: `assemble checks every part (CA certificate of its org; admin and node certificates issued by
that CA with the right roles; node TLS certificate valid for its p2p host and advertising its
client endpoints; no private key) and all together (one crypto suite; distinct orgs, CAs, node
ids, addresses and account names), then writes the genesis: the orgs in the order given, their
admin accounts, their accounts funded with --balance, their nodes, the parameters and policy.
Send it to every org; each runs 'causeway genesis verify' and compares 'causeway genesis hash'.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if chainID == "" || len(parts) == 0 || out == "" {
				return fmt.Errorf("--chain-id, at least one --part and --out are required")
			}
			opts := consortium.AssembleOptions{ChainID: chainID, Balance: balance}
			for _, path := range parts {
				p, err := consortium.LoadPart(path)
				if err != nil {
					return err
				}
				opts.Parts = append(opts.Parts, p)
			}
			if at != "" {
				t, err := time.Parse(time.RFC3339, at)
				if err != nil {
					return fmt.Errorf("--time %q: want RFC 3339, e.g. 2026-01-02T15:04:05Z: %v", at, err)
				}
				opts.Time = t
			}
			p := types.DefaultParams()
			for _, kv := range params {
				name, val, ok := strings.Cut(kv, "=")
				v, err := strconv.ParseInt(val, 10, 64)
				if !ok || err != nil {
					return fmt.Errorf("--param %q: want NAME=INTEGER", kv)
				}
				if err := p.SetParam(name, v); err != nil {
					return fmt.Errorf("--param %q: %w", kv, err)
				}
			}
			opts.Params = &p
			if policyDefault != "" || len(policies) > 0 || ttl != 0 {
				pol := types.DefaultPolicy()
				if policyDefault != "" {
					t, err := parseThreshold(policyDefault)
					if err != nil {
						return fmt.Errorf("--policy-default: %w", err)
					}
					pol.Default = t
				}
				for _, kv := range policies {
					action, th, ok := strings.Cut(kv, "=")
					t, err := parseThreshold(th)
					if !ok || err != nil {
						return fmt.Errorf("--policy %q: want ACTION=NUM/DEN (e.g. add_org=2/3)", kv)
					}
					if pol.Actions == nil {
						pol.Actions = map[string]types.Threshold{}
					}
					pol.Actions[action] = t
				}
				if ttl != 0 {
					if ttl < time.Minute {
						return fmt.Errorf("--proposal-ttl %v: at least a minute", ttl)
					}
					pol.ProposalTTLMs = ttl.Milliseconds()
				}
				opts.Policy = &pol
			}
			g, err := consortium.Assemble(opts)
			if err != nil {
				return err
			}
			if err := g.Save(out); err != nil {
				return err
			}
			h := g.Hash()
			if output == "json" {
				printJSON(map[string]any{"genesis": out, "hash": h.String(), "chain_id": g.ChainID, "crypto": g.Crypto,
					"orgs": len(g.Orgs), "nodes": g.NodeIDs(), "time": time.UnixMilli(g.TimeMs).UTC().Format(time.RFC3339)})
				return nil
			}
			fmt.Printf("genesis of chain %s written to %s: %d orgs, nodes %v\n", g.ChainID, out, len(g.Orgs), g.NodeIDs())
			fmt.Printf("genesis hash %s\n", h)
			fmt.Println("next: every org runs  causeway genesis verify genesis.json --org-dir D --install  and compares the hash")
			return nil
		},
	}
	c.Flags().StringVar(&chainID, "chain-id", "", "chain id of the new consortium")
	c.Flags().StringArrayVar(&parts, "part", nil, "an org's public part from `causeway org export` (repeatable; order is kept)")
	c.Flags().StringVar(&out, "out", "genesis.json", "where to write the genesis")
	c.Flags().StringArrayVar(&params, "param", nil, "chain parameter NAME=VALUE (repeatable; see `causeway gov config`)")
	c.Flags().StringVar(&policyDefault, "policy-default", "", "approvals every action needs: more than NUM/DEN of member orgs, at least 1/2 (default 1/2)")
	c.Flags().StringArrayVar(&policies, "policy", nil, "per-action threshold ACTION=NUM/DEN, at least 1/2, e.g. add_org=2/3 (repeatable; actions: "+strings.Join(types.GovernanceActions, ", ")+")")
	c.Flags().DurationVar(&ttl, "proposal-ttl", 0, "how long proposals stay open (default 168h)")
	c.Flags().Uint64Var(&balance, "balance", 0, "balance of each org's account at genesis (default 1000000000000)")
	c.Flags().StringVar(&at, "time", "", "genesis time, RFC 3339 (default now)")
	c.Flags().StringVarP(&output, "output", "o", "text", "output format: text or json")
	return c
}

// parseThreshold parses "NUM/DEN".
func parseThreshold(s string) (types.Threshold, error) {
	n, d, ok := strings.Cut(s, "/")
	num, err1 := strconv.ParseUint(n, 10, 32)
	den, err2 := strconv.ParseUint(d, 10, 32)
	if !ok || err1 != nil || err2 != nil || den == 0 || num >= den {
		return types.Threshold{}, fmt.Errorf("threshold %q: want NUM/DEN with 0 <= NUM < DEN", s)
	}
	return types.Threshold{Num: uint32(num), Den: uint32(den)}, nil
}

func genesisHashCmd() *cobra.Command {
	var output string
	c := &cobra.Command{
		Use:   "hash GENESIS.json",
		Short: "Print a genesis's hash, to compare out of band with the other orgs",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			g, err := types.LoadGenesis(args[0])
			if err != nil {
				return err
			}
			h := g.Hash()
			if output == "json" {
				printJSON(map[string]any{"hash": h.String(), "chain_id": g.ChainID})
				return nil
			}
			fmt.Println(h)
			return nil
		},
	}
	c.Flags().StringVarP(&output, "output", "o", "text", "output format: text or json")
	return c
}

func genesisVerifyCmd() *cobra.Command {
	var orgDir, output string
	var install bool
	var nodeCfgs []string
	c := &cobra.Command{
		Use:   "verify GENESIS.json --org-dir D [--install]",
		Short: "Check that a genesis holds this org's material unaltered (and install it for the org's node)",
		Long: `verify checks the genesis against the org's own folder: the org is a member with its own CA
certificate (which no other org lists), its admin account holds its admin key, its account
holds its account key, its nodes are listed with their ids, addresses and certificates
unaltered and no node is listed as the org's that it does not have, and every node's
certificates are issued by its org's CA. It prints in full what only people can check and
what every org must agree to: the policy (the default and every action's threshold, the
proposal lifetime), every chain parameter, the roles and their permissions, every org with
its admin account, CA fingerprint and nodes, every node's address, and every account with its
org and balance; then a WARNING line for each threshold that fewer than half of the orgs pass,
each role other than admin that may govern, each org whose admin account is unusual, and each
funded account that is no org's. Compare the CA fingerprints with the other orgs and the hash
with every org: they all receive the same document, so a matching hash does not make its
choices safe. With --install it copies the genesis to D/genesis.json, which the org's
node.json names.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if orgDir == "" {
				return fmt.Errorf("--org-dir is required")
			}
			o, err := consortium.LoadOrg(orgDir)
			if err != nil {
				return err
			}
			refuse := func(err error) error {
				if output == "json" {
					code := string(types.CodeOf(err))
					if code == "" && errors.Is(err, consortium.ErrGenesisMismatch) {
						code = "genesis_mismatch"
					}
					printJSON(map[string]any{"ok": false, "error": err.Error(), "code": code})
				}
				return err
			}
			g, err := types.LoadGenesis(args[0])
			if err != nil {
				return refuse(err)
			}
			gc, err := consortium.VerifyGenesis(g, o, nodeCfgs...)
			if err != nil {
				return refuse(err)
			}
			installed := ""
			if install {
				if installed, err = o.InstallGenesis(g); err != nil {
					return refuse(err)
				}
			}
			if output == "json" {
				printJSON(map[string]any{"ok": true, "check": gc, "warnings": gc.Warnings, "installed": installed})
				return nil
			}
			printGenesisCheck(cmd.OutOrStdout(), gc)
			if installed != "" {
				fmt.Printf("installed as %s\n", installed)
			}
			return nil
		},
	}
	c.Flags().StringVar(&orgDir, "org-dir", "", "folder of the organisation")
	c.Flags().StringArrayVar(&nodeCfgs, "node-config", nil, "node.json of an org's node kept outside ORGDIR/nodes (repeatable; e.g. causeway-net/nodes/node1/node.json)")
	c.Flags().BoolVar(&install, "install", false, "copy the verified genesis to ORGDIR/genesis.json for the org's node")
	c.Flags().StringVarP(&output, "output", "o", "text", "output format: text or json")
	return c
}

// printGenesisCheck prints everything a genesis founds, for the operator to
// read before installing it, and the warnings last.
func printGenesisCheck(out io.Writer, gc *consortium.GenesisCheck) {
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "genesis of chain %s (%s) holds org %s's material unaltered\n", safe(gc.ChainID), safe(gc.Crypto), safe(gc.Org))
	fmt.Fprintf(w, "  your nodes:\t%v\n", gc.OwnNodes)
	if gc.Account != "" {
		fmt.Fprintf(w, "  your account:\t%s (balance %d)\n", safe(gc.Account), gc.Balance)
	}
	fmt.Fprintf(w, "members (%d):\n", len(gc.Members))
	for _, m := range gc.Members {
		mark := ""
		if m.Name == gc.Org {
			mark = "  (yours)"
		}
		fmt.Fprintf(w, "  %s\tadmin %s\tnodes %v\tCA sha256 %s%s\n", safe(m.Name), safe(m.Admin), m.Nodes, m.CAFingerprint, mark)
	}
	fmt.Fprintf(w, "nodes (%d):\n", len(gc.NodeList))
	for _, n := range gc.NodeList {
		fmt.Fprintf(w, "  %d\t%s\t%s\n", n.ID, safe(n.Org), safe(n.Address))
	}
	fmt.Fprintf(w, "accounts (%d):\n", len(gc.Accounts))
	for _, a := range gc.Accounts {
		org := a.Org
		if org == "" {
			org = "(no org)"
		}
		fmt.Fprintf(w, "  %s\t%s\t%s\tbalance %d\n", safe(a.Name), safe(org), a.Scheme, a.Balance)
	}
	fmt.Fprintf(w, "policy: proposals open for %s; an action passes with approvals of more than NUM/DEN of the member orgs\n",
		time.Duration(gc.Policy.ProposalTTLMs)*time.Millisecond)
	fmt.Fprintf(w, "  default\t%d/%d\t%d of %d orgs\n", gc.Policy.Default.Num, gc.Policy.Default.Den, gc.Policy.Default.Approvals(len(gc.Members)), len(gc.Members))
	for _, t := range gc.Thresholds {
		from := ""
		if t.Default {
			from = " (default)"
		}
		fmt.Fprintf(w, "  %s\t%d/%d%s\t%d of %d orgs\n", t.Action, t.Num, t.Den, from, t.Approvals, t.Members)
	}
	fmt.Fprintln(w, "roles:")
	for _, r := range slices.Sorted(maps.Keys(gc.Roles)) {
		fmt.Fprintf(w, "  %s\t%s\n", safe(r), safe(strings.Join(gc.Roles[r], ", ")))
	}
	fmt.Fprintln(w, "params:")
	for _, b := range types.ParamBounds() {
		v, _ := gc.Params.Param(b.Name)
		fmt.Fprintf(w, "  %s\t%d\t(bounds %d..%d)\n", b.Name, v, b.Min, b.Max)
	}
	w.Flush()
	for _, warn := range gc.Warnings {
		fmt.Fprintf(out, "WARNING: %s\n", safe(warn))
	}
	fmt.Fprintf(out, "genesis hash %s\n", gc.Hash)
	fmt.Fprintln(out, "compare this hash, and the members' CA fingerprints, with every other org before starting your node")
}
