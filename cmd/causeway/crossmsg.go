package main

import (
	"context"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

// causeway crosschain messages: cross-chain contract messages (SDP over AM).

func ccMessagesCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "messages",
		Short: "Contract messages between chains: authorise contract pairs, relay messages and acknowledgements, show a message",
		Long: `A contract sends a message to a contract of another chain through the SDP system contract
0x...010d (contracts/ICauseway.sol, ISDPMessage: AntChain Bridge's interface). Both chains'
governance must authorise the pair (messages authorize), and each chain must keep a light client
of the other (crosschain register). Any member carries the messages (messages relay, run on the
receiving chain's side) and their acknowledgements (messages acks, on the sending chain's side);
the chains verify every packet with their light clients, so relayers need no trust, and several
may run at once: a message is delivered once, ordered channels in sequence.`,
	}
	c.AddCommand(msgAuthorizeCmd(true), msgAuthorizeCmd(false), msgRelayCmd(false), msgRelayCmd(true), msgStatusCmd(), msgCountCmd())
	return c
}

func parseContractAddress(what, s string) ([]byte, error) {
	b, err := hex.DecodeString(strings.TrimPrefix(s, "0x"))
	if err != nil || len(b) != 20 {
		return nil, fmt.Errorf("%s %q is not a 20-byte hex address", what, s)
	}
	return b, nil
}

func msgAuthorizeCmd(authorize bool) *cobra.Command {
	var f govFlags
	use, short := "authorize", "Propose, as --org's admin, that a contract of this chain and one of CHAIN_ID may exchange messages"
	if !authorize {
		use, short = "revoke", "Propose, as --org's admin, to withdraw such an authorisation"
	}
	c := &cobra.Command{
		Use:   use + " CHAIN_ID LOCAL_CONTRACT REMOTE_CONTRACT",
		Short: short,
		Args:  cobra.ExactArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			local, err := parseContractAddress("local contract", args[1])
			if err != nil {
				return err
			}
			remote, err := parseContractAddress("remote contract", args[2])
			if err != nil {
				return err
			}
			return f.propose(func(*sdk.Network) (*types.Proposal, error) {
				if authorize {
					return sdk.AuthorizeMessageChannelProposal(args[0], local, remote, f.description), nil
				}
				return sdk.RevokeMessageChannelProposal(args[0], local, remote, f.description), nil
			})
		},
	}
	f.register(c, true)
	return c
}

// msgRelayView is what relay and acks print.
type msgRelayView struct {
	ChainID   string `json:"chain_id"`
	Height    uint64 `json:"height"`
	From      uint64 `json:"from"`
	Next      uint64 `json:"next"`
	Delivered int    `json:"delivered"`
	Aborted   int    `json:"aborted"`
	Done      int    `json:"already_done"`
	Txs       int    `json:"transactions"`
}

func msgRelayCmd(acks bool) *cobra.Command {
	var f sendFlags
	var r remoteFlags
	var from uint64
	var limit int
	use, short := "relay CHAIN_ID --remote NETWORK.json", "Carry the messages that CHAIN_ID's contracts sent to this chain's, with their proofs"
	if acks {
		use, short = "acks CHAIN_ID --remote NETWORK.json", "Carry back CHAIN_ID's acknowledgements of this chain's messages, and abort those past their timeout"
	}
	c := &cobra.Command{
		Use:   use,
		Short: short,
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
			o := sdk.MessageRelayOptions{Limit: limit}
			var res *sdk.MessageRelayResult
			if acks {
				res, err = sdk.RelayAcks(ctx, remote, local, acct, opt, args[0], opt.ChainID, from, o)
			} else {
				res, err = sdk.RelayMessages(ctx, remote, local, acct, opt, args[0], opt.ChainID, from, o)
			}
			if err != nil {
				return err
			}
			v := msgRelayView{ChainID: args[0], Height: res.Height, From: res.From, Next: res.Next, Delivered: res.Delivered,
				Aborted: res.Aborted, Done: res.Done, Txs: len(res.Receipts)}
			if f.json() {
				printJSON(v)
				return nil
			}
			what := "message(s) delivered"
			if acks {
				what = "acknowledgement(s) delivered"
			}
			fmt.Printf("%d %s, %d aborted, %d already done, in %d transaction(s), under %s's header %d\n",
				v.Delivered, what, v.Aborted, v.Done, v.Txs, safe(v.ChainID), v.Height)
			fmt.Printf("  next run may start at --from %d\n", v.Next)
			return nil
		},
	}
	f.register(c)
	r.register(c)
	c.Flags().Uint64Var(&from, "from", 0, "first message nonce to examine (the sending chain's message counter)")
	c.Flags().IntVar(&limit, "limit", 0, "stop after this many packets (0: all)")
	return c
}

// msgStatusView is what status prints.
type msgStatusView struct {
	ID       string `json:"id"`
	Role     string `json:"role"` // sent or received
	State    string `json:"state"`
	Peer     string `json:"peer_chain"`
	Sequence uint32 `json:"sequence"`
	Height   uint64 `json:"height"`
	Done     uint64 `json:"done_height,omitempty"`
	Error    string `json:"error,omitempty"`
	Callback string `json:"callback_error,omitempty"`
}

func msgStatusCmd() *cobra.Command {
	var f clientFlags
	var fromChain string
	c := &cobra.Command{
		Use:   "status MESSAGE_ID [--from CHAIN_ID]",
		Short: "Show a message this chain sent (or, with --from, one it received from that chain)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			b, err := hex.DecodeString(strings.TrimPrefix(args[0], "0x"))
			if err != nil || len(b) != types.HashSize {
				return fmt.Errorf("message id %q is not 32 bytes of hex", args[0])
			}
			id := types.Hash(b)
			cl, _, _, err := f.dial(ctx)
			if err != nil {
				return err
			}
			defer cl.Close()
			var v msgStatusView
			if fromChain != "" {
				m, err := cl.ReceivedMessage(ctx, fromChain, id)
				if err != nil {
					return err
				}
				v = msgStatusView{ID: id.String(), Role: "received", State: strings.ToLower(strings.TrimPrefix(m.Result.String(), "RECEIVE_")),
					Peer: m.SenderDomain, Sequence: m.Sequence, Height: m.Height, Error: m.Error}
			} else {
				m, err := cl.SentMessage(ctx, id)
				if err != nil {
					return err
				}
				v = msgStatusView{ID: id.String(), Role: "sent", State: strings.ToLower(strings.TrimPrefix(m.State.String(), "MESSAGE_")),
					Peer: m.ReceiverDomain, Sequence: m.Sequence, Height: m.Height, Done: m.DoneHeight, Error: m.Error, Callback: m.CallbackError}
			}
			if f.json() {
				printJSON(v)
				return nil
			}
			fmt.Printf("message %s (%s, %s %s)\n", v.ID, v.Role, map[bool]string{true: "to", false: "from"}[v.Role == "sent"], safe(v.Peer))
			fmt.Printf("  state     %s\n", v.State)
			if v.Sequence == types.SDPUnorderedSequence {
				fmt.Printf("  sequence  unordered\n")
			} else {
				fmt.Printf("  sequence  %d\n", v.Sequence)
			}
			fmt.Printf("  height    %d\n", v.Height)
			if v.Done != 0 {
				fmt.Printf("  done at   %d\n", v.Done)
			}
			if v.Error != "" {
				fmt.Printf("  error     %s\n", safe(v.Error))
			}
			if v.Callback != "" {
				fmt.Printf("  callback  failed: %s\n", safe(v.Callback))
			}
			return nil
		},
	}
	f.register(c)
	c.Flags().StringVar(&fromChain, "from", "", "the sending chain of a message this chain received")
	return c
}

func msgCountCmd() *cobra.Command {
	var f clientFlags
	c := &cobra.Command{
		Use:   "sent",
		Short: "Show how many messages this chain's contracts have sent, and the ids of the last ones",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			cl, nw, _, err := f.dial(ctx)
			if err != nil {
				return err
			}
			defer cl.Close()
			n, err := cl.MessagesSent(ctx)
			if err != nil {
				return err
			}
			var ids []string
			for i := n - min(n, 10); i < n; i++ {
				ids = append(ids, types.SDPMessageID(nw.Suite(), nw.ChainID, i).String())
			}
			if f.json() {
				printJSON(struct {
					Count uint64   `json:"count"`
					Last  []string `json:"last_ids"`
				}{n, ids})
				return nil
			}
			fmt.Printf("%d message(s) sent\n", n)
			for i, id := range ids {
				fmt.Printf("  #%d %s\n", n-uint64(len(ids))+uint64(i), id)
			}
			return nil
		},
	}
	f.register(c)
	return c
}
