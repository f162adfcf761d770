package main

import (
	"context"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/causeway/causeway/crypto/seal"
	"github.com/causeway/causeway/ctoken"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

// tokenFlags are the flags of the token and audit commands: the node, the
// sending account and, where outputs are opened, its encryption key.
type tokenFlags struct {
	clientFlags
	account, key, encKey string
	oldEncKeys           []string
	timeout              time.Duration
}

func (f *tokenFlags) register(c *cobra.Command, withEncKey bool) {
	f.clientFlags.register(c)
	c.Flags().StringVar(&f.account, "account", "", "account to act as (default: the org's)")
	c.Flags().StringVar(&f.key, "key", "", "signing key of --account (key-store name or PEM file)")
	if withEncKey {
		c.Flags().StringVar(&f.encKey, "enc-key", "", "encryption key file of --account (causeway keys new-encryption), to open its outputs")
		c.Flags().StringArrayVar(&f.oldEncKeys, "old-enc-key", nil, "an encryption key file of --account that a rotation replaced, for outputs received before it (repeatable)")
	}
	c.Flags().DurationVar(&f.timeout, "timeout", 60*time.Second, "how long to wait for the blocks")
}

// tokenSession is a dialled client with the acting account.
type tokenSession struct {
	ctx    context.Context
	cancel context.CancelFunc
	cl     *sdk.Client
	nw     *sdk.Network
	acct   sdk.Account
	opt    sdk.TxOptions
	encKey *seal.EncryptionKey
	// older are --old-enc-key's keys.
	older []*seal.EncryptionKey
}

func (f *tokenFlags) open(needEncKey bool) (*tokenSession, error) {
	s := &tokenSession{}
	if needEncKey {
		if f.encKey == "" {
			return nil, fmt.Errorf("--enc-key is required: the encryption key file of --account")
		}
		k, err := sdk.LoadEncryptionKey(f.encKey)
		if err != nil {
			return nil, err
		}
		s.encKey = k
		for _, p := range f.oldEncKeys {
			k, err := sdk.LoadEncryptionKey(p)
			if err != nil {
				return nil, err
			}
			s.older = append(s.older, k)
		}
	}
	s.ctx, s.cancel = context.WithTimeout(context.Background(), f.timeout)
	cl, nw, org, err := f.dial(s.ctx)
	if err != nil {
		s.cancel()
		return nil, err
	}
	acct, err := orgAccount(org, f.account, f.key)
	if err != nil {
		cl.Close()
		s.cancel()
		return nil, err
	}
	acct.Suite = nw.Suite()
	s.cl, s.nw, s.acct, s.opt = cl, nw, acct, sdk.TxOptions{ChainID: nw.ChainID}
	return s, nil
}

func (s *tokenSession) close() { s.cl.Close(); s.cancel() }

// tokenRef is a token's name, or its id as 64 hex digits.
func tokenRef(suite types.Suite, s string) types.Hash {
	if len(s) == 2+2*types.HashSize && strings.HasPrefix(s, "0x") {
		s = s[2:]
	}
	if len(s) == 2*types.HashSize {
		if h, err := types.ParseHash(s); err == nil {
			return h
		}
	}
	return ctoken.TokenID(suite, s)
}

// holderID is an account's name, or its identity as 64 hex digits.
func holderID(suite types.Suite, s string) types.Hash {
	if len(s) == 2+2*types.HashSize && strings.HasPrefix(s, "0x") {
		s = s[2:]
	}
	h, _ := accountID(suite, s)
	return h
}

func tokenCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "token",
		Short: "Confidential tokens: amounts hidden in commitments, readable by their holders and the auditor",
		Long: `A confidential token has one issuer (the account that created it). Issues and transfers carry
Pedersen commitments instead of amounts, with range proofs (no negative amount, no overdraw)
and a balance proof (no value created), all made here, on the client. The opening of each
output is sealed to its holder's account encryption key and to the chain's auditor key; a
holder's balance is the sum of its outputs, opened with its key (--enc-key). The accounts
involved need encryption keys (causeway account create ... --encryption-key FILE).`,
	}
	var cf tokenFlags
	create := &cobra.Command{
		Use:   "create NAME",
		Short: "Create a confidential token, with --account as its issuer; prints its id",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := cf.open(false)
			if err != nil {
				return err
			}
			defer s.close()
			id, err := s.cl.CreateToken(s.ctx, s.acct, s.opt, args[0])
			if err != nil {
				return err
			}
			if cf.json() {
				printJSON(map[string]string{"token": id.String(), "name": args[0], "issuer": s.acct.ID().String()})
				return nil
			}
			fmt.Printf("created token %s (%s), issuer %s\n", safe(args[0]), id, safe(s.acct.Name))
			return nil
		},
	}
	cf.register(create, false)

	var inf tokenFlags
	var issueTo string
	var issueAmount uint64
	issue := &cobra.Command{
		Use:   "issue TOKEN --to ACCOUNT --amount N",
		Short: "Issue a hidden amount of TOKEN (name or id) to ACCOUNT; only the issuer may",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if issueTo == "" {
				return fmt.Errorf("--to is required")
			}
			s, err := inf.open(false)
			if err != nil {
				return err
			}
			defer s.close()
			token, to := tokenRef(s.nw.Suite(), args[0]), holderID(s.nw.Suite(), issueTo)
			resp, err := s.cl.IssueToken(s.ctx, s.acct, s.opt, token, to, issueAmount)
			if err != nil {
				return err
			}
			return printTokenTx(inf.json(), "issued", resp.GetTxHash(), resp.GetHeight(), token, to)
		},
	}
	inf.register(issue, false)
	issue.Flags().StringVar(&issueTo, "to", "", "recipient account (name or identity)")
	issue.Flags().Uint64Var(&issueAmount, "amount", 0, "amount to issue (hidden on chain)")

	var tf tokenFlags
	var to string
	var amount uint64
	transfer := &cobra.Command{
		Use:   "transfer TOKEN --to ACCOUNT --amount N --enc-key FILE",
		Short: "Send a hidden amount of TOKEN from --account to ACCOUNT",
		Long: `Opens --account's balance with --enc-key, proves the transfer here (range proofs for the amount
and the remaining balance, a balance proof) and submits it. The node sees commitments and
proofs, never the amount.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if to == "" {
				return fmt.Errorf("--to is required")
			}
			s, err := tf.open(true)
			if err != nil {
				return err
			}
			defer s.close()
			token, toID := tokenRef(s.nw.Suite(), args[0]), holderID(s.nw.Suite(), to)
			resp, err := s.cl.TransferToken(s.ctx, s.acct, s.opt, s.encKey, token, toID, amount, s.older...)
			if err != nil {
				return err
			}
			return printTokenTx(tf.json(), "transferred", resp.GetTxHash(), resp.GetHeight(), token, toID)
		},
	}
	tf.register(transfer, true)
	transfer.Flags().StringVar(&to, "to", "", "recipient account (name or identity)")
	transfer.Flags().Uint64Var(&amount, "amount", 0, "amount to send (hidden on chain)")

	var bf tokenFlags
	balance := &cobra.Command{
		Use:   "balance TOKEN --enc-key FILE",
		Short: "Print --account's balance of TOKEN, opened from its sealed outputs",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := bf.open(true)
			if err != nil {
				return err
			}
			defer s.close()
			token := tokenRef(s.nw.Suite(), args[0])
			o, h, err := s.cl.TokenBalance(s.ctx, s.acct, s.opt, s.encKey, token, s.older...)
			if err != nil {
				return err
			}
			if bf.json() {
				printJSON(struct {
					Token      string `json:"token"`
					Holder     string `json:"holder"`
					Balance    uint64 `json:"balance"`
					Commitment string `json:"commitment"`
					Outputs    uint64 `json:"outputs"`
				}{token.String(), s.acct.ID().String(), o.Value, hex.EncodeToString(h.Balance.Commitment), h.Balance.Outputs})
				return nil
			}
			fmt.Printf("%d\n  balance of %s in token %s; commitment %x (%d outputs)\n", o.Value, safe(s.acct.Name), token, h.Balance.Commitment, h.Balance.Outputs)
			return nil
		},
	}
	bf.register(balance, true)

	var of tokenFlags
	var holder string
	outputs := &cobra.Command{
		Use:   "outputs TOKEN [--holder ACCOUNT]",
		Short: "List a holder's outputs of TOKEN as the chain has them: commitments, no amounts",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := of.open(false)
			if err != nil {
				return err
			}
			defer s.close()
			token := tokenRef(s.nw.Suite(), args[0])
			h := s.acct.ID()
			if holder != "" {
				h = holderID(s.nw.Suite(), holder)
			}
			if err := s.cl.Fresh(s.ctx, s.acct, s.opt); err != nil {
				return err
			}
			bal, err := s.cl.TokenHoldings(s.ctx, token, h)
			if err != nil {
				return err
			}
			type outView struct {
				Index      uint64 `json:"index"`
				Kind       string `json:"kind"`
				Commitment string `json:"commitment"`
				TxHash     string `json:"tx_hash"`
				Height     uint64 `json:"height"`
				AuditorKey string `json:"auditor_key_id,omitempty"`
			}
			var views []outView
			for i := uint64(0); i < bal.Balance.Outputs; i++ {
				r, err := s.cl.TokenOutput(s.ctx, token, h, i)
				if err != nil {
					return err
				}
				views = append(views, outView{r.Index, strings.TrimPrefix(r.Kind.String(), "TOKEN_OUTPUT_"), hex.EncodeToString(r.Commitment),
					hex.EncodeToString(r.TxHash), r.Height, hex.EncodeToString(r.AuditorKeyId)})
			}
			if of.json() {
				printJSON(struct {
					Token      string    `json:"token"`
					Holder     string    `json:"holder"`
					Commitment string    `json:"commitment"`
					Outputs    []outView `json:"outputs"`
				}{token.String(), h.String(), hex.EncodeToString(bal.Balance.Commitment), views})
				return nil
			}
			fmt.Printf("holder %s, token %s, balance commitment %x\n", h, token, bal.Balance.Commitment)
			for _, v := range views {
				fmt.Printf("  %d  %-8s  %s  block %d\n", v.Index, strings.ToLower(v.Kind), v.Commitment, v.Height)
			}
			return nil
		},
	}
	of.register(outputs, false)
	outputs.Flags().StringVar(&holder, "holder", "", "holder account (default: --account)")

	c.AddCommand(create, issue, transfer, balance, outputs)
	return c
}

func printTokenTx(asJSON bool, what, txHash string, height uint64, token, to types.Hash) error {
	if asJSON {
		printJSON(map[string]any{"tx_hash": txHash, "height": height, "token": token.String(), "to": to.String()})
		return nil
	}
	fmt.Printf("%s (hidden amount) of token %s to %s in block %d, transaction %s\n", what, token, to, height, txHash)
	return nil
}

func auditCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "audit",
		Short: "The auditor's view of confidential outputs, and the on-chain log of its openings",
	}
	var f tokenFlags
	var reason, sealedArg, out string
	open := &cobra.Command{
		Use:   "open (TOKEN HOLDER INDEX | --sealed ID [--out FILE]) --enc-key AUDITOR-KEY --reason TEXT",
		Short: "Open a confidential output or an audited sealed payload with the auditor's key, logging the access on chain first",
		Long: `Records the access on chain (an AUDIT_ACCESS transaction from --account, which must be the
chain's auditor account, with --reason) and only once it is committed opens the item with
--enc-key, the auditor's encryption key: output INDEX of HOLDER in TOKEN, or with --sealed
the sealed payload ID (of a class the auditor audits, see causeway gov propose set-auditor
--classes; written as causeway open writes it). Members list the accesses with causeway
audit log. A certificate of role auditor reads an item only after its access is recorded.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if sealedArg != "" {
				return cobra.NoArgs(cmd, args)
			}
			return cobra.ExactArgs(3)(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if sealedArg != "" {
				id, err := sealedID(sealedArg)
				if err != nil {
					return err
				}
				s, err := f.open(true)
				if err != nil {
					return err
				}
				defer s.close()
				plain, _, err := s.cl.AuditOpenSealed(s.ctx, s.acct, s.opt, s.encKey, id, reason)
				if err != nil {
					return err
				}
				return writeOpened(id, s.encKey.ID(), plain, out, f.json())
			}
			idx, err := strconv.ParseUint(args[2], 10, 64)
			if err != nil {
				return fmt.Errorf("INDEX: %w", err)
			}
			s, err := f.open(true)
			if err != nil {
				return err
			}
			defer s.close()
			token, h := tokenRef(s.nw.Suite(), args[0]), holderID(s.nw.Suite(), args[1])
			o, rec, err := s.cl.AuditOpen(s.ctx, s.acct, s.opt, s.encKey, token, h, idx, reason)
			if err != nil {
				return err
			}
			if f.json() {
				printJSON(struct {
					Token      string `json:"token"`
					Holder     string `json:"holder"`
					Index      uint64 `json:"index"`
					Amount     uint64 `json:"amount"`
					Kind       string `json:"kind"`
					Commitment string `json:"commitment"`
					TxHash     string `json:"tx_hash"`
				}{token.String(), h.String(), idx, o.Value, strings.TrimPrefix(rec.Kind.String(), "TOKEN_OUTPUT_"), hex.EncodeToString(rec.Commitment), hex.EncodeToString(rec.TxHash)})
				return nil
			}
			fmt.Printf("%d\n  output %d of %s in token %s (%s, transaction %x), access logged on chain\n", o.Value, idx, h, token,
				strings.ToLower(strings.TrimPrefix(rec.Kind.String(), "TOKEN_OUTPUT_")), rec.TxHash)
			return nil
		},
	}
	f.register(open, true)
	open.Flags().StringVar(&reason, "reason", "", "why the auditor opens it (recorded on chain, at most 256 bytes)")
	open.Flags().StringVar(&sealedArg, "sealed", "", "open this sealed payload (id) instead of a token output")
	open.Flags().StringVar(&out, "out", "", "with --sealed: write the data to this new file (mode 0600) instead of standard output")

	var lf tokenFlags
	var from, limit uint64
	log := &cobra.Command{
		Use:   "log [--from N] [--limit N]",
		Short: "List the auditor's openings recorded on chain, oldest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := lf.open(false)
			if err != nil {
				return err
			}
			defer s.close()
			if err := s.cl.Fresh(s.ctx, s.acct, s.opt); err != nil {
				return err
			}
			recs, err := s.cl.AuditLog(s.ctx, from, limit)
			if err != nil {
				return err
			}
			type recView struct {
				Seq     uint64 `json:"seq"`
				Auditor string `json:"auditor"`
				Token   string `json:"token,omitempty"`
				Holder  string `json:"holder,omitempty"`
				Index   uint64 `json:"index"`
				Sealed  string `json:"sealed,omitempty"`
				Reason  string `json:"reason"`
				TxHash  string `json:"tx_hash"`
				Height  uint64 `json:"height"`
				Time    string `json:"time"`
			}
			views := []recView{}
			for _, r := range recs {
				views = append(views, recView{r.Seq, hex.EncodeToString(r.Auditor), hex.EncodeToString(r.Token), hex.EncodeToString(r.Holder),
					r.Index, hex.EncodeToString(r.Sealed), r.Reason, hex.EncodeToString(r.TxHash), r.Height, time.UnixMilli(r.TimeMs).UTC().Format(time.RFC3339)})
			}
			if lf.json() {
				printJSON(struct {
					Records []recView `json:"records"`
				}{views})
				return nil
			}
			if len(views) == 0 {
				fmt.Println("no audit accesses recorded")
			}
			for _, v := range views {
				if v.Sealed != "" {
					fmt.Printf("%d  %s  block %d  auditor %s opened sealed payload %s: %s\n", v.Seq, v.Time, v.Height, v.Auditor[:16], v.Sealed, safe(v.Reason))
					continue
				}
				fmt.Printf("%d  %s  block %d  auditor %s opened output %d of %s (token %s): %s\n", v.Seq, v.Time, v.Height, v.Auditor[:16], v.Index, v.Holder[:16], v.Token[:16], safe(v.Reason))
			}
			return nil
		},
	}
	lf.register(log, false)
	log.Flags().Uint64Var(&from, "from", 0, "first record")
	log.Flags().Uint64Var(&limit, "limit", 0, "at most this many records (0: all)")
	c.AddCommand(open, log)
	return c
}

// govAuditorCmd proposes the chain's auditor.
func govAuditorCmd() *cobra.Command {
	var f govFlags
	var account string
	var classes []string
	c := &cobra.Command{
		Use:   "set-auditor KEYFILE --auditor ACCOUNT [--classes C1,C2]",
		Short: "Name the chain's auditor: its encryption key (KEYFILE's public key), its account and the classes it audits",
		Long: `Proposes the public key of KEYFILE (causeway keys new-encryption; only the public key leaves this
machine) as the chain's auditor key, ACCOUNT as the account that logs the auditor's
openings, and --classes as the sealed-payload classes (causeway seal --class) that must also
be sealed to the auditor's key. Once executed, from the next block, every confidential token
output and every sealed payload of those classes is also sealed to this key (causeway seal
adds it); what was made before stays unreadable to it. Proposing the same key again with
other classes changes the classes.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return f.propose(func(nw *sdk.Network) (*types.Proposal, error) {
				if account == "" {
					return nil, fmt.Errorf("--auditor is required: the auditor's account")
				}
				k, err := sdk.LoadEncryptionKey(args[0])
				if err != nil {
					return nil, err
				}
				return sdk.SetAuditorProposal(k.PublicKey(), holderID(nw.Suite(), account), classes...), nil
			})
		},
	}
	f.register(c, true)
	c.Flags().StringVar(&account, "auditor", "", "the auditor's account (name or identity)")
	c.Flags().StringSliceVar(&classes, "classes", nil, "sealed-payload classes also sealed to the auditor's key (comma-separated, at most 16)")
	return c
}
