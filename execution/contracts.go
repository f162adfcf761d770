package execution

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"unicode/utf8"

	"github.com/causeway/causeway/execution/evm"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
)

// EVMChainID is the chain id contracts see (CHAINID): the first 8 bytes of
// the hash of the chain id, as a positive 63-bit number. Every node derives
// the same from the genesis.
func EVMChainID(suite types.Suite, chainID string) uint64 {
	h := suite.Sum([]byte(chainID))
	return binary.BigEndian.Uint64(h[:8]) >> 1
}

// evmContext is the block context of contract execution.
func (t *txExec) evmContext() evm.Context {
	suite := t.e.Suite
	return evm.Context{
		ChainID:                  EVMChainID(suite, t.e.ChainID),
		Height:                   t.header.Height,
		TimeMs:                   t.header.TimeMs,
		BlockGasLimit:            t.params.BlockGasLimit,
		Hash:                     func(b []byte) [32]byte { return suite.Sum(b) },
		Suite:                    suite,
		Domain:                   t.e.ChainID,
		MaxEvidenceMetadataBytes: t.params.MaxEvidenceMetadataBytes,
	}
}

// kv lets the EVM read and write through the transaction's overlay, so its
// writes are kept only if the transaction succeeds.
type kv struct{ t *txExec }

func (k kv) Get(key []byte) ([]byte, error) { return k.t.get(key) }
func (k kv) Set(key, value []byte)          { k.t.put(key, value) }
func (k kv) Delete(key []byte)              { k.t.put(key, nil) }

// checkGas checks a contract transaction's gas limit against the chain's
// per-transaction limit and what remains of the block's.
func (t *txExec) checkGas(limit uint64) *types.TxError {
	if limit == 0 {
		return types.Errorf(types.CodeInvalidPayload, "gas limit is zero")
	}
	if t.params.TxGasLimit > 0 && limit > t.params.TxGasLimit {
		return types.Errorf(evm.CodeGasLimit, "gas limit %d exceeds the chain's transaction limit %d", limit, t.params.TxGasLimit)
	}
	if t.params.BlockGasLimit > 0 && limit > t.params.BlockGasLimit-t.blockGas {
		return types.Errorf(types.CodeBlockGasFull, "gas limit %d exceeds what remains of the block's gas (%d of %d)", limit, t.params.BlockGasLimit-t.blockGas, t.params.BlockGasLimit)
	}
	return nil
}

// finishEVM records a contract execution's outcome on the receipt and in the
// block's gas; a failed execution (revert, out of gas...) fails the
// transaction, which then writes nothing, though its gas still counts.
func (t *txExec) finishEVM(res *evm.Result) *types.TxError {
	t.gasUsed = res.GasUsed
	t.blockGas += res.GasUsed
	t.returnData = res.ReturnData
	t.logs = res.Logs
	t.contractAddress = res.ContractAddress
	if res.Err != nil {
		reason := res.Err.Error()
		if res.RevertReason != "" {
			// The contract chose the reason: escape what must not reach a terminal.
			reason = fmt.Sprintf("execution reverted: %s", types.EscapeText(truncate(res.RevertReason, maxRevertReasonBytes)))
		}
		return types.Errorf(evm.ErrorCode(res.Err), "%s", reason)
	}
	return nil
}

// maxRevertReasonBytes bounds the part of a revert reason kept in a
// receipt's error (the whole return data stays in the receipt).
const maxRevertReasonBytes = 1024

// truncate cuts s to at most n bytes, at a character boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// deployContract executes DEPLOY_CONTRACT.
func (t *txExec) deployContract() (*types.TxError, error) {
	p := &types.DeployContract{}
	if terr := t.decodePayload(p); terr != nil {
		return terr, nil
	}
	if len(p.Code) == 0 {
		return types.Errorf(types.CodeInvalidPayload, "contract code is empty"), nil
	}
	if terr := t.checkGas(p.GasLimit); terr != nil {
		return terr, nil
	}
	_, id, terr, err := t.sender()
	if terr != nil || err != nil {
		return terr, err
	}
	res, err := evm.Deploy(kv{t}, t.evmContext(), id, t.d.Hash, p.Code, p.GasLimit, p.Value)
	if err != nil {
		return nil, err
	}
	if terr := t.finishEVM(res); terr != nil {
		return terr, nil
	}
	t.emit(EventContractDeployed, "address", hex.EncodeToString(res.ContractAddress), "deployer", id.String())
	return nil, nil
}

// callContract executes CALL_CONTRACT. A sealed payload it carries is
// checked and stored first (the contract does not see it); if the call
// fails, nothing is stored.
func (t *txExec) callContract() (*types.TxError, error) {
	p := &types.CallContract{}
	if terr := t.decodePayload(p); terr != nil {
		return terr, nil
	}
	if len(p.To) != 20 {
		return types.Errorf(types.CodeInvalidPayload, "contract address must be 20 bytes, got %d", len(p.To)), nil
	}
	if terr := t.checkGas(p.GasLimit); terr != nil {
		return terr, nil
	}
	_, id, terr, err := t.sender()
	if terr != nil || err != nil {
		return terr, err
	}
	if p.Sealed != nil {
		if _, terr, err := t.storeSealed(p.Sealed, id); terr != nil || err != nil {
			return terr, err
		}
	}
	res, err := evm.Call(kv{t}, t.evmContext(), id, t.d.Hash, p.To, p.Input, p.GasLimit, p.Value)
	if err != nil {
		return nil, err
	}
	return t.finishEVM(res), nil
}

// EventContractDeployed is emitted by a successful DEPLOY_CONTRACT.
const EventContractDeployed = "contract.deployed" // address (hex), deployer

// Query runs a read-only contract call on the state r (no transaction):
// nothing is written whatever the contract does.
func (e *Executor) Query(r state.Getter, header *types.BlockHeader, from types.Hash, to, input []byte, gasLimit uint64) (*evm.Result, error) {
	cfg, err := state.ReadConfig(r)
	if err != nil {
		return nil, err
	}
	params := e.Params
	if cfg != nil {
		params = cfg.Params
	}
	if gasLimit == 0 || (params.TxGasLimit > 0 && gasLimit > params.TxGasLimit) {
		gasLimit = params.TxGasLimit
	}
	suite := e.Suite
	ctx := evm.Context{ChainID: EVMChainID(suite, e.ChainID), Height: header.Height, TimeMs: header.TimeMs,
		BlockGasLimit: params.BlockGasLimit, Hash: func(b []byte) [32]byte { return suite.Sum(b) }, Suite: suite, Domain: e.ChainID,
		MaxEvidenceMetadataBytes: params.MaxEvidenceMetadataBytes}
	return evm.Query(r, ctx, from, to, input, gasLimit)
}
