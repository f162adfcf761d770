package main

import (
	"context"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/sdk/contracts"
	"github.com/causeway/causeway/types"
)

// loadContract reads an artifact (.json) or compiles a Solidity file (.sol).
func loadContract(path, name string) (*contracts.Artifact, error) {
	if strings.EqualFold(filepath.Ext(path), ".sol") {
		return contracts.CompileFile(path, name)
	}
	return contracts.LoadArtifact(path)
}

func parseAddress(s string) ([]byte, error) {
	b, err := hex.DecodeString(strings.TrimPrefix(s, "0x"))
	if err != nil || len(b) != 20 {
		return nil, fmt.Errorf("%q is not a 20-byte hex contract address", s)
	}
	return b, nil
}

// printContractReceipt prints a receipt with its logs decoded by art's ABI.
func printContractReceipt(resp interface {
	GetTxHash() string
	GetHeight() uint64
	GetReceipt() *types.Receipt
}, art *contracts.Artifact, method string) error {
	r := resp.GetReceipt()
	fmt.Printf("tx %s committed in block %d: %s, gas used %d\n", resp.GetTxHash(), resp.GetHeight(), r.Status, r.GasUsed)
	if len(r.ContractAddress) > 0 {
		fmt.Printf("  contract address 0x%x\n", r.ContractAddress)
	}
	for _, l := range r.Logs {
		if ev, ok := art.DecodeLog(l); ok {
			fmt.Printf("  event %s\n", safe(ev.String()))
		} else {
			fmt.Printf("  log from 0x%x topics %d data %x\n", l.Address, len(l.Topics), l.Data)
		}
	}
	if r.Status != types.ReceiptStatus_SUCCESS {
		fmt.Printf("  error %s: %s\n", safe(r.ErrorCode), safe(r.Error))
		return fmt.Errorf("transaction failed: %s", r.ErrorCode)
	}
	if method != "" && len(r.ReturnData) > 0 {
		if outs, err := art.Outputs(method, r.ReturnData); err == nil {
			fmt.Printf("  returned %s\n", safe(strings.Join(outs, ", ")))
		}
	}
	return nil
}

func contractCmd() *cobra.Command {
	c := &cobra.Command{Use: "contract", Short: "Deploy, call and query Solidity contracts"}
	{
		var f sendFlags
		var gas, value uint64
		var name string
		d := &cobra.Command{
			Use:   "deploy FILE.sol|ARTIFACT.json [CONSTRUCTOR ARGS...]",
			Short: "Deploy a contract; prints its address and decoded events",
			Args:  cobra.MinimumNArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				art, err := loadContract(args[0], name)
				if err != nil {
					return err
				}
				code, err := art.DeployCode(args[1:])
				if err != nil {
					return err
				}
				return f.sendContract(art, "", func(a sdk.Account, opt sdk.TxOptions) (*types.Transaction, error) {
					return a.DeployContractTx(opt, code, gas, value)
				})
			},
		}
		f.register(d)
		d.Flags().Uint64Var(&gas, "gas", 0, "gas limit (default 5,000,000)")
		d.Flags().Uint64Var(&value, "value", 0, "balance to send to the constructor")
		d.Flags().StringVar(&name, "contract", "", "contract to deploy from a .sol file (default: the file's name)")
		c.AddCommand(d)
	}
	{
		var f sendFlags
		var gas, value uint64
		var abiPath, name string
		call := &cobra.Command{
			Use:   "call ADDRESS METHOD [ARGS...] --abi ARTIFACT",
			Short: "Call a contract in a transaction; prints decoded events and results",
			Args:  cobra.MinimumNArgs(2),
			RunE: func(cmd *cobra.Command, args []string) error {
				art, err := loadContract(abiPath, name)
				if err != nil {
					return err
				}
				to, err := parseAddress(args[0])
				if err != nil {
					return err
				}
				input, err := art.Input(args[1], args[2:])
				if err != nil {
					return err
				}
				return f.sendContract(art, args[1], func(a sdk.Account, opt sdk.TxOptions) (*types.Transaction, error) {
					return a.CallContractTx(opt, to, input, gas, value)
				})
			},
		}
		f.register(call)
		call.Flags().StringVar(&abiPath, "abi", "", "artifact (.json) or source (.sol) with the contract's ABI")
		call.Flags().StringVar(&name, "contract", "", "contract name in a .sol file")
		call.Flags().Uint64Var(&gas, "gas", 0, "gas limit (default 5,000,000)")
		call.Flags().Uint64Var(&value, "value", 0, "balance to send")
		c.AddCommand(call)
	}
	{
		var f clientFlags
		var abiPath, name, from string
		q := &cobra.Command{
			Use:   "query ADDRESS METHOD [ARGS...] --abi ARTIFACT",
			Short: "Call a contract read-only (no transaction); prints decoded results",
			Args:  cobra.MinimumNArgs(2),
			RunE: func(cmd *cobra.Command, args []string) error {
				art, err := loadContract(abiPath, name)
				if err != nil {
					return err
				}
				to, err := parseAddress(args[0])
				if err != nil {
					return err
				}
				input, err := art.Input(args[1], args[2:])
				if err != nil {
					return err
				}
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				defer cancel()
				cl, _, org, err := f.dial(ctx)
				if err != nil {
					return err
				}
				defer cl.Close()
				if from == "" && org.Account != nil {
					from = org.Account.Name
				}
				r, err := cl.QueryContract(ctx, from, to, input, 0)
				if err != nil {
					return err
				}
				if r.ErrorCode != "" {
					return fmt.Errorf("%s: %s", r.ErrorCode, r.Error)
				}
				outs, err := art.Outputs(args[1], r.ReturnData)
				if err != nil {
					return err
				}
				if f.json() {
					printJSON(map[string]any{"height": r.Height, "gas_used": r.GasUsed, "outputs": outs})
					return nil
				}
				fmt.Println(strings.Join(outs, "\n"))
				return nil
			},
		}
		f.register(q)
		q.Flags().StringVar(&abiPath, "abi", "", "artifact (.json) or source (.sol) with the contract's ABI")
		q.Flags().StringVar(&name, "contract", "", "contract name in a .sol file")
		q.Flags().StringVar(&from, "from", "", "calling account (default: the org's account)")
		c.AddCommand(q)
	}
	return c
}

// sendContract builds, submits and waits for a contract transaction and
// prints its receipt decoded with art (or JSON with -o json).
func (f *sendFlags) sendContract(art *contracts.Artifact, method string, build func(a sdk.Account, opt sdk.TxOptions) (*types.Transaction, error)) error {
	ctx, cancel := context.WithTimeout(context.Background(), f.timeout)
	defer cancel()
	cl, nw, org, err := f.dial(ctx)
	if err != nil {
		return err
	}
	defer cl.Close()
	acct, err := orgAccount(org, f.account, f.key)
	if err != nil {
		return err
	}
	acct.Suite = nw.Suite()
	tx, err := build(acct, sdk.TxOptions{ChainID: nw.ChainID})
	if err != nil {
		return err
	}
	resp, err := cl.SubmitAndWait(ctx, tx)
	if err != nil {
		return err
	}
	if f.json() {
		out := map[string]any{"tx_hash": resp.TxHash, "height": resp.Height, "status": resp.Receipt.Status.String(),
			"gas_used": resp.Receipt.GasUsed, "error_code": resp.Receipt.ErrorCode, "error": resp.Receipt.Error}
		if len(resp.Receipt.ContractAddress) > 0 {
			out["contract_address"] = fmt.Sprintf("0x%x", resp.Receipt.ContractAddress)
		}
		var events []string
		for _, l := range resp.Receipt.Logs {
			if ev, ok := art.DecodeLog(l); ok {
				events = append(events, ev.String())
			}
		}
		out["events"] = events
		printJSON(out)
		if resp.Receipt.Status != types.ReceiptStatus_SUCCESS {
			return fmt.Errorf("transaction failed: %s", resp.Receipt.ErrorCode)
		}
		return nil
	}
	return printContractReceipt(resp, art, method)
}
