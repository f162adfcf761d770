package sdk

import (
	"context"
	"encoding/hex"

	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/types"
)

// DefaultGasLimit is the gas limit of contract transactions built with gas 0.
const DefaultGasLimit = 5_000_000

// DeployContractTx builds the deployment of EVM creation code (constructor
// arguments appended) from a. The receipt's contract_address is the new
// contract's 20-byte address.
func (a Account) DeployContractTx(opt TxOptions, code []byte, gasLimit, value uint64) (*types.Transaction, error) {
	if gasLimit == 0 {
		gasLimit = DefaultGasLimit
	}
	return a.BuildTx(opt, types.TxType_DEPLOY_CONTRACT, &types.DeployContract{Code: code, GasLimit: gasLimit, Value: value})
}

// CallContractTx builds a call of the contract at the 20-byte address to with
// ABI-encoded input, from a.
func (a Account) CallContractTx(opt TxOptions, to []byte, input []byte, gasLimit, value uint64) (*types.Transaction, error) {
	if gasLimit == 0 {
		gasLimit = DefaultGasLimit
	}
	return a.BuildTx(opt, types.TxType_CALL_CONTRACT, &types.CallContract{To: to, Input: input, GasLimit: gasLimit, Value: value})
}

// QueryContract runs a read-only call of the contract at to, as the account
// from (a name, a hex identity, or empty), on the node's committed state.
func (c *Client) QueryContract(ctx context.Context, from string, to []byte, input []byte, gasLimit uint64) (*apipb.QueryContractResponse, error) {
	return c.chain.QueryContract(ctx, &apipb.QueryContractRequest{From: from, To: hex.EncodeToString(to), Input: input, GasLimit: gasLimit})
}

// Call sends a contract call from a (with an optional sealed payload that
// travels with it) and waits until it is committed. A refusal — before
// ordering, or a failed receipt such as a revert, whose reason is the
// contract's — is a *types.TxError (ReasonOf gives its code); the receipt
// is returned with it when there is one.
func (c *Client) Call(ctx context.Context, a Account, opt TxOptions, to []byte, input []byte, gasLimit uint64, sealed *types.SealedPayload) (*types.Receipt, error) {
	if gasLimit == 0 {
		gasLimit = DefaultGasLimit
	}
	tx, err := a.BuildTx(opt, types.TxType_CALL_CONTRACT, &types.CallContract{To: to, Input: input, GasLimit: gasLimit, Sealed: sealed})
	if err != nil {
		return nil, err
	}
	resp, err := c.SubmitOK(ctx, tx)
	return resp.GetReceipt(), err
}
