package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/api/apijson"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
)

func crosschainCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "crosschain",
		Short: "Light clients of other Causeway chains: register, relay headers, read and verify",
		Long: `This chain keeps a light client of another Causeway chain once governance registers that
chain's genesis (crosschain register, then gov vote). Any member then relays the other chain's
signed headers (crosschain update); this chain checks each against the other chain's node set
in force at its height, following its membership changes, so relayers need no trust. Contracts
read the verified headers and verify the other chain's proofs through the system contracts
0x...0109-0x...010c (contracts/ICauseway.sol); crosschain evidence does it from the CLI.

--network, --org and --node pick this chain as elsewhere; --remote is the other chain's
network.json (a relayer needs a client certificate of each chain).`,
	}
	c.AddCommand(ccRegisterCmd(), ccRemoveCmd(), ccUpdateCmd(), ccClientsCmd(), ccHeaderCmd(), ccEvidenceCmd(), ccConnectCmd(), ccMessagesCmd())
	return c
}

func ccRegisterCmd() *cobra.Command {
	var f govFlags
	c := &cobra.Command{
		Use:   "register GENESIS.json",
		Short: "Propose, as --org's admin, a light client of the chain whose genesis this is (members vote with gov vote)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			g, err := types.LoadGenesis(args[0])
			if err != nil {
				return err
			}
			return f.propose(func(*sdk.Network) (*types.Proposal, error) {
				return sdk.RegisterLightClientProposal(g, "")
			})
		},
	}
	f.register(c, true)
	return c
}

func ccRemoveCmd() *cobra.Command {
	var f govFlags
	c := &cobra.Command{
		Use:   "remove CHAIN_ID",
		Short: "Propose, as --org's admin, to remove the light client of a chain (a frozen one, say)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return f.propose(func(*sdk.Network) (*types.Proposal, error) {
				return sdk.RemoveLightClientProposal(args[0], ""), nil
			})
		},
	}
	f.register(c, true)
	return c
}

// remoteFlags name the other chain.
type remoteFlags struct {
	network string
	org     string
	node    int
}

func (r *remoteFlags) register(c *cobra.Command) {
	c.Flags().StringVar(&r.network, "remote", "", "network.json of the other chain (required)")
	c.Flags().StringVar(&r.org, "remote-org", "", "org of the other chain whose client certificate to use (default: its first)")
	c.Flags().IntVar(&r.node, "remote-node", 0, "index of the other chain's node to read from, in its network.json")
}

func (r *remoteFlags) dial(ctx context.Context) (*sdk.Client, *sdk.Network, error) {
	if r.network == "" {
		return nil, nil, errors.New("--remote NETWORK.json (the other chain's) is required")
	}
	nw, err := sdk.LoadNetwork(r.network)
	if err != nil {
		return nil, nil, err
	}
	org := r.org
	if org == "" {
		org = nw.Orgs[0].Name
	}
	if r.node < 0 || r.node >= len(nw.Nodes) {
		return nil, nil, fmt.Errorf("--remote-node %d out of range (the other chain's network has %d nodes)", r.node, len(nw.Nodes))
	}
	c, err := sdk.DialNetwork(ctx, nw, org, r.node)
	if err != nil {
		return nil, nil, fmt.Errorf("the other chain: %w", err)
	}
	return c, nw, nil
}

// dialRelayer dials both chains and returns the sending account of this one.
func dialRelayer(ctx context.Context, f *sendFlags, r *remoteFlags) (local, remote *sdk.Client, acct sdk.Account, opt sdk.TxOptions, err error) {
	local, nw, org, err := f.dial(ctx)
	if err != nil {
		return nil, nil, acct, opt, err
	}
	if acct, err = orgAccount(org, f.account, f.key); err != nil {
		local.Close()
		return nil, nil, acct, opt, err
	}
	acct.Suite = nw.Suite()
	if remote, _, err = r.dial(ctx); err != nil {
		local.Close()
		return nil, nil, acct, opt, err
	}
	return local, remote, acct, sdk.TxOptions{ChainID: nw.ChainID}, nil
}

// relayView is what update prints.
type relayView struct {
	ChainID    string   `json:"chain_id"`
	Height     uint64   `json:"height"`
	Updates    []string `json:"updates"`
	Latest     uint64   `json:"latest_height"`
	Configs    int      `json:"configs"`
	Nodes      []uint64 `json:"nodes"`
	VerifiedTo uint64   `json:"verified_to"`
}

func ccUpdateCmd() *cobra.Command {
	var f sendFlags
	var r remoteFlags
	var height uint64
	c := &cobra.Command{
		Use:   "update CHAIN_ID --remote NETWORK.json [--height H]",
		Short: "Relay a header of the other chain (default: its latest) with the membership changes the light client lacks",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, cancel := context.WithTimeout(context.Background(), f.timeout)
			defer cancel()
			local, remote, acct, opt, err := dialRelayer(ctx, &f, &r)
			if err != nil {
				return err
			}
			defer local.Close()
			defer remote.Close()
			h := height
			if h == 0 {
				h = sdk.LatestHeight
			}
			res, err := local.Relay(ctx, remote, acct, opt, args[0], h)
			if err != nil {
				return err
			}
			v := relayView{ChainID: args[0], Height: res.Height, Latest: res.Client.LatestHeight, Configs: len(res.Client.Configs),
				VerifiedTo: res.Client.VerifiedTo}
			if n := len(res.Client.Configs); n > 0 {
				v.Nodes = res.Client.Configs[n-1].Nodes
			}
			for _, u := range res.Updates {
				v.Updates = append(v.Updates, u.TxHash)
			}
			if f.json() {
				printJSON(v)
				return nil
			}
			fmt.Printf("light client of %s keeps header %d (%d update(s): %s)\n", safe(v.ChainID), v.Height, len(v.Updates), strings.Join(v.Updates, ", "))
			fmt.Printf("  latest %d, %d configuration(s), nodes in force %v\n", v.Latest, v.Configs, v.Nodes)
			return nil
		},
	}
	f.register(c)
	r.register(c)
	c.Flags().Uint64Var(&height, "height", 0, "the other chain's header to relay (default: its latest certified header)")
	return c
}

func ccClientsCmd() *cobra.Command {
	var f clientFlags
	c := &cobra.Command{
		Use:   "clients [CHAIN_ID]",
		Short: "List the light clients this chain keeps, or show one",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			cl, _, _, err := f.dial(ctx)
			if err != nil {
				return err
			}
			defer cl.Close()
			if len(args) == 1 {
				lc, err := cl.LightClient(ctx, args[0])
				if err != nil {
					return err
				}
				if f.json() {
					printProto(lc)
					return nil
				}
				printLightClient(lc)
				return nil
			}
			cs, err := cl.LightClients(ctx)
			if err != nil {
				return err
			}
			if f.json() {
				printJSON(clientsJSON(cs))
				return nil
			}
			if len(cs) == 0 {
				fmt.Println("no light clients (register one with `causeway crosschain register GENESIS.json`)")
				return nil
			}
			w := tabwriter.NewWriter(os.Stdout, 0, 2, 2, ' ', 0)
			fmt.Fprintln(w, "CHAIN\tGENESIS\tLATEST\tCONFIGS\tNODES\tSTATE")
			for _, lc := range cs {
				fmt.Fprintf(w, "%s\t%.16x\t%d\t%d\t%v\t%s\n", safe(lc.ChainId), lc.GenesisHash, lc.LatestHeight, len(lc.Configs), lastNodes(lc), clientState(lc))
			}
			return w.Flush()
		},
	}
	f.register(c)
	return c
}

// clientsJSON is the JSON list: each client in the API's encoding.
func clientsJSON(cs []*types.LightClient) []json.RawMessage {
	out := []json.RawMessage{}
	for _, lc := range cs {
		b, err := apijson.Marshal(lc)
		if err != nil {
			b = []byte("null")
		}
		out = append(out, b)
	}
	return out
}

func lastNodes(lc *types.LightClient) []uint64 {
	if n := len(lc.Configs); n > 0 {
		return lc.Configs[n-1].Nodes
	}
	return nil
}

func clientState(lc *types.LightClient) string {
	if lc.Frozen {
		return "FROZEN"
	}
	return "active"
}

func printLightClient(lc *types.LightClient) {
	fmt.Printf("light client of %s (%s suite)\n", safe(lc.ChainId), safe(lc.Crypto))
	fmt.Printf("  genesis hash   %x\n", lc.GenesisHash)
	fmt.Printf("  registered     block %d (proposal %x)\n", lc.RegisteredHeight, lc.Instance)
	fmt.Printf("  headers        %d kept, latest %d; configuration settled up to %d\n", lc.Headers, lc.LatestHeight, lc.VerifiedTo)
	for _, c := range lc.Configs {
		fmt.Printf("  configuration  version %d from height %d: nodes %v\n", c.Version, c.Height, c.Nodes)
	}
	if m := lc.Misbehaviour; lc.Frozen && m != nil {
		fmt.Printf("  FROZEN         %s at height %d, found in block %d by tx %x\n", safe(m.Kind), m.Height, m.DetectedHeight, m.TxHash)
		fmt.Printf("                 kept header %x, conflicting header %x\n", m.GetStored().GetHash(), m.GetConflicting().GetHash())
	}
}

func ccHeaderCmd() *cobra.Command {
	var f clientFlags
	c := &cobra.Command{
		Use:   "header CHAIN_ID [HEIGHT]",
		Short: "Show a header of the other chain that the light client verified (default: its latest)",
		Args:  cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			var height uint64
			if len(args) == 2 {
				h, err := strconv.ParseUint(args[1], 10, 64)
				if err != nil || h == 0 {
					return fmt.Errorf("height %q: want a positive integer", args[1])
				}
				height = h
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			cl, _, _, err := f.dial(ctx)
			if err != nil {
				return err
			}
			defer cl.Close()
			h, err := cl.LightClientHeader(ctx, args[0], height)
			if err != nil {
				return err
			}
			if f.json() {
				printProto(h)
				return nil
			}
			hdr := h.Header
			signers := make([]string, len(h.Signatures))
			for i, s := range h.Signatures {
				signers[i] = strconv.FormatUint(s.Signer, 10)
			}
			fmt.Printf("%s header %d  %x\n", safe(args[0]), hdr.GetHeight(), h.Hash)
			fmt.Printf("  time         %s\n", time.UnixMilli(hdr.GetTimeMs()).UTC().Format(time.RFC3339Nano))
			fmt.Printf("  state root   %x  (the state after block %d)\n", hdr.GetStateRoot(), hdr.GetHeight()-1)
			fmt.Printf("  tx root      %x  (%d transactions)\n", hdr.GetTxRoot(), hdr.GetTxCount())
			fmt.Printf("  signed by    nodes %s under configuration version %d\n", strings.Join(signers, ", "), h.ConfigVersion)
			fmt.Printf("  verified in  block %d of this chain\n", h.VerifiedHeight)
			return nil
		},
	}
	f.register(c)
	return c
}

// evidenceView is what `crosschain evidence` prints.
type evidenceView struct {
	ChainID       string `json:"chain_id"`
	EvidenceID    string `json:"evidence_id"`
	Height        uint64 `json:"height"`
	Valid         bool   `json:"valid"`
	Hash          string `json:"hash"`
	HashAlgorithm string `json:"hash_algorithm"`
	Owner         string `json:"owner"`
	DepositHeight uint64 `json:"deposit_height"`
	TimeMs        int64  `json:"time_ms"`
	Time          string `json:"time"`
	// Record and Proof are what a contract passes to the system contract
	// remoteEvidence (0x...010c) with Height: the record as the other
	// chain stores it and its state proof (protobuf SMTProof), in hex.
	Record string `json:"record"`
	Proof  string `json:"proof"`
}

func ccEvidenceCmd() *cobra.Command {
	var f sendFlags
	var r remoteFlags
	c := &cobra.Command{
		Use:   "evidence CHAIN_ID EVIDENCE_ID --remote NETWORK.json",
		Short: "Prove on this chain that an evidence record exists on the other chain, and read its deposit time",
		Long: `evidence reads the record and its state proof from the other chain, relays the header whose
state root holds it (if the light client lacks it), and has this chain verify the proof against
that header: what it prints was certified by the other chain's consortium, whoever relayed it.
The record's block must be followed by another one on the other chain (its successor's header
carries its state root).`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := types.ParseHash(strings.TrimPrefix(args[1], "0x"))
			if err != nil {
				return fmt.Errorf("evidence id %q: %w", args[1], err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), f.timeout)
			defer cancel()
			local, remote, acct, opt, err := dialRelayer(ctx, &f, &r)
			if err != nil {
				return err
			}
			defer local.Close()
			defer remote.Close()
			key := state.EvidenceKey(id)
			sp, err := remote.GetStateProof(ctx, key, sdk.LatestHeight)
			if err != nil {
				return fmt.Errorf("the other chain: %w", err)
			}
			if len(sp.Value) == 0 {
				return fmt.Errorf("the other chain holds no evidence %s in its latest certified state (after block %d): if it was just deposited, its block needs a successor", id, sp.Height)
			}
			ev, err := state.DecodeEvidence(sp.Value)
			if err != nil {
				return err
			}
			height := sp.Header.Header.Height
			if _, err := local.LightClientHeader(ctx, args[0], height); sdk.ReasonOf(err) == types.CodeHeaderNotFound {
				if _, err := local.Relay(ctx, remote, acct, opt, args[0], height); err != nil {
					return err
				}
			} else if err != nil {
				return err
			}
			res, err := local.VerifyRemoteState(ctx, args[0], height, key, sp.Value, sp.Proof)
			if err != nil {
				return err
			}
			proof, err := proto.Marshal(sp.Proof)
			if err != nil {
				return err
			}
			v := evidenceView{ChainID: args[0], EvidenceID: id.String(), Height: height, Valid: res.Valid, Hash: fmt.Sprintf("%x", ev.Hash),
				HashAlgorithm: ev.HashAlgorithm, Owner: fmt.Sprintf("%x", ev.Owner), DepositHeight: ev.Height, TimeMs: ev.TimeMs,
				Time: time.UnixMilli(ev.TimeMs).UTC().Format(time.RFC3339Nano), Record: fmt.Sprintf("%x", sp.Value), Proof: fmt.Sprintf("%x", proof)}
			if !res.Valid {
				if f.json() {
					printJSON(v)
				}
				return fmt.Errorf("%s: this chain refuses the proof: %s", res.Code, res.Reason)
			}
			if f.json() {
				printJSON(v)
				return nil
			}
			fmt.Printf("evidence %s exists on %s: proven by this chain's light client against %s's header %d\n", id, safe(args[0]), safe(args[0]), height)
			fmt.Printf("  %s %s, owner %s\n", safe(v.HashAlgorithm), v.Hash, v.Owner)
			fmt.Printf("  deposited in block %d at %s\n", v.DepositHeight, v.Time)
			fmt.Printf("  (with -o json: the record and proof a contract passes to remoteEvidence at height %d)\n", height)
			return nil
		},
	}
	f.register(c)
	r.register(c)
	return c
}
