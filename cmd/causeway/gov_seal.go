package main

import (
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/causeway/causeway/crypto/seal"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

// govSealCmds are the proposals of sealed data: an org's encryption key
// and the reader groups.
func govSealCmds() []*cobra.Command {
	var kf govFlags
	var pubHex string
	setKey := &cobra.Command{
		Use:   "set-encryption-key (KEYFILE | --public-key HEX)",
		Short: "Set or rotate --org's encryption key, which data sealed to the org is wrapped for",
		Long: `Proposes the public key of KEYFILE (made by causeway keys new-encryption; only its public key
leaves this machine) or --public-key as --org's encryption key. Only the org itself may propose
it. Once executed, the key is in force from the next block: data is sealed to it from then on,
and the key it replaces stays listed, so data sealed to the old key stays readable by whoever
holds the old key file (keep it). After a compromise, rotate: data sealed afterwards is out of
the old key's reach; what was sealed before is not.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return kf.propose(func(nw *sdk.Network) (*types.Proposal, error) {
				var pub []byte
				switch {
				case len(args) == 1 && pubHex != "":
					return nil, fmt.Errorf("give KEYFILE or --public-key, not both")
				case len(args) == 1:
					k, err := sdk.LoadEncryptionKey(args[0])
					if err != nil {
						return nil, err
					}
					pub = k.PublicKey()
				case pubHex != "":
					b, err := hex.DecodeString(strings.TrimPrefix(pubHex, "0x"))
					if err != nil {
						return nil, fmt.Errorf("--public-key: %w", err)
					}
					pub = b
				default:
					return nil, fmt.Errorf("give KEYFILE or --public-key")
				}
				if _, err := seal.ParsePublicKey(nw.Suite().Name(), pub); err != nil {
					return nil, fmt.Errorf("not an encryption key of the chain's %s suite: %w", nw.Suite().Name(), err)
				}
				org, err := kf.orgOf(nw)
				if err != nil {
					return nil, err
				}
				return &types.Proposal{Action: &types.Proposal_SetOrgEncryptionKey{SetOrgEncryptionKey: &types.SetOrgEncryptionKey{Org: org.Name, PublicKey: pub}}}, nil
			})
		},
	}
	kf.register(setKey, true)
	setKey.Flags().StringVar(&pubHex, "public-key", "", "the encryption public key, hex (instead of KEYFILE)")

	var gf govFlags
	setGroup := &cobra.Command{
		Use:   "set-reader-group NAME ORG...",
		Short: "Create or replace a reader group: data sealed to NAME is readable by these orgs",
		Long: `Proposes that the reader group NAME be exactly ORG... (member orgs). Data sealed to the group
after the change is wrapped for the new member list: an org left out cannot read it; data
sealed to the group before stays readable by the orgs that were in it then.`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return gf.propose(func(*sdk.Network) (*types.Proposal, error) {
				return &types.Proposal{Action: &types.Proposal_SetReaderGroup{SetReaderGroup: &types.SetReaderGroup{Name: args[0], Orgs: splitList(args[1:])}}}, nil
			})
		},
	}
	gf.register(setGroup, true)

	var rf govFlags
	removeGroup := &cobra.Command{
		Use:   "remove-reader-group NAME",
		Short: "Delete a reader group",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return rf.propose(func(*sdk.Network) (*types.Proposal, error) {
				return &types.Proposal{Action: &types.Proposal_RemoveReaderGroup{RemoveReaderGroup: &types.RemoveReaderGroup{Name: args[0]}}}, nil
			})
		},
	}
	rf.register(removeGroup, true)
	return []*cobra.Command{setKey, setGroup, removeGroup}
}

// summarizeSeal says what a sealed-data proposal does, or "".
func summarizeSeal(p *types.Proposal) string {
	switch a := p.GetAction().(type) {
	case *types.Proposal_SetOrgEncryptionKey:
		s := a.SetOrgEncryptionKey
		id := "(not a valid key)"
		for _, suite := range []string{seal.SuiteIntl, seal.SuiteGM} {
			if k, err := seal.KeyIDOf(suite, s.PublicKey); err == nil {
				id = k.String()
			}
		}
		return fmt.Sprintf("set org %s's encryption key to %s", s.Org, id)
	case *types.Proposal_SetReaderGroup:
		return fmt.Sprintf("set reader group %s to %s", a.SetReaderGroup.Name, strings.Join(a.SetReaderGroup.Orgs, ", "))
	case *types.Proposal_RemoveReaderGroup:
		return "remove reader group " + a.RemoveReaderGroup.Name
	case *types.Proposal_SetAuditor:
		id := "(not a valid key)"
		for _, suite := range []string{seal.SuiteIntl, seal.SuiteGM} {
			if k, err := seal.KeyIDOf(suite, a.SetAuditor.PublicKey); err == nil {
				id = k.String()
			}
		}
		classes := ""
		if cs := a.SetAuditor.Classes; len(cs) > 0 {
			esc := make([]string, len(cs))
			for i, c := range cs {
				esc[i] = safe(c)
			}
			classes = ", auditing sealed classes " + strings.Join(esc, ", ")
		}
		return fmt.Sprintf("set the auditor to account %x with key %s%s", a.SetAuditor.Account, id, classes)
	}
	return ""
}

// printSealConfig lists the orgs' encryption keys and the reader groups.
func printSealConfig(cfg *types.ChainConfig) {
	var lines []string
	for _, o := range cfg.Orgs {
		for i, k := range o.EncryptionKeys {
			state := "in force"
			if i+1 < len(o.EncryptionKeys) {
				state = fmt.Sprintf("replaced at block %d", o.EncryptionKeys[i+1].FromHeight)
			}
			lines = append(lines, fmt.Sprintf("  org %s: key %s from block %d, %s", safe(o.Name), k.KeyID, k.FromHeight, state))
		}
	}
	if len(lines) == 0 {
		fmt.Println("\nencryption keys: none (orgs set them with gov propose set-encryption-key)")
	} else {
		fmt.Println("\nencryption keys:")
		fmt.Println(strings.Join(lines, "\n"))
	}
	if a := cfg.Auditor; a != nil {
		classes := "token outputs only"
		if len(a.Classes) > 0 {
			esc := make([]string, len(a.Classes))
			for i, c := range a.Classes {
				esc[i] = safe(c)
			}
			classes = "token outputs and sealed classes " + strings.Join(esc, ", ")
		}
		fmt.Printf("auditor: account %s, key %s from block %d; audits %s\n", a.Account, a.KeyID, a.FromHeight, classes)
	}
	if len(cfg.ReaderGroups) == 0 {
		fmt.Println("reader groups: none")
		return
	}
	fmt.Println("reader groups:")
	for _, g := range cfg.ReaderGroups {
		fmt.Printf("  %s: %s\n", safe(g.Name), safe(strings.Join(g.Orgs, ", ")))
	}
}
