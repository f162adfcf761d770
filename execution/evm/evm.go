package evm

import (
	"bytes"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"sync"

	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/tracing"
	gethtypes "github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"
)

// DefaultQueryGas is the gas a Query gets when it asks for none and the
// block has no gas limit.
const DefaultQueryGas = 50_000_000

// DefaultMaxEvidenceMetadataBytes bounds the metadata of evidence deposited
// through the system contract when Context.MaxEvidenceMetadataBytes is 0; it
// is types.DefaultParams' MaxEvidenceMetadataBytes.
const DefaultMaxEvidenceMetadataBytes = 4 << 10

// Context is what a message sees of its chain, block and transaction.
type Context struct {
	// ChainID is the EVM chain id (CHAINID opcode); the executor derives it
	// from the chain's configuration.
	ChainID uint64
	// Height is the block number (NUMBER) and the created height of new
	// accounts.
	Height uint64
	// TimeMs is the block time in Unix milliseconds; TIMESTAMP is TimeMs/1000.
	TimeMs int64
	// BlockGasLimit is the block's gas limit (GASLIMIT). A message may not
	// ask for more; 0 means no limit (GASLIMIT is then the message's).
	BlockGasLimit uint64
	// Coinbase is the COINBASE address (it receives nothing: there are no fees).
	Coinbase common.Address
	// Hash is the chain hash used in derived identifiers (contract
	// identities, evidence ids); nil means SHA-256.
	Hash func([]byte) [32]byte
	// Suite is the chain's crypto suite, by which the light client system
	// contracts find a remote chain's client (state.LightClientID); the
	// zero value is types.Intl. It must hash as Hash does.
	Suite types.Suite
	// BlockHash returns the hash of the block at a height (BLOCKHASH, for
	// the 256 blocks before Height); nil makes BLOCKHASH return zero.
	BlockHash func(height uint64) [32]byte
	// Domain is the chain id: the domain name of the SDP contract (the
	// sender domain of the messages it sends).
	Domain string
	// MaxEvidenceMetadataBytes bounds the metadata of an evidence deposit by
	// a contract, as the chain parameter of the same name bounds a
	// DEPOSIT_EVIDENCE transaction's; 0 means DefaultMaxEvidenceMetadataBytes.
	MaxEvidenceMetadataBytes int
}

// Result is the outcome of a message, for its receipt.
type Result struct {
	// GasUsed is the gas the message used after refunds, intrinsic gas
	// included; it counts against the block gas limit. It is 0 when the
	// message was refused before running (Err is then ErrUnknownSender,
	// ErrInvalidAddress, ErrEmptyCode, ErrIntrinsicGas, ErrGasLimit,
	// ErrInsufficientFunds or ErrAddressTaken).
	GasUsed uint64
	// ReturnData is what the call returned, or the revert data of a revert.
	// A successful deployment returns nothing here (its code is stored).
	ReturnData []byte
	// Logs are the logs of a successful message, in order; nil on failure.
	Logs []*types.Log
	// ContractAddress is the 20-byte address of the contract a successful
	// Deploy created.
	ContractAddress []byte
	// Err is nil on success and otherwise why the message failed; a failed
	// message writes nothing. See the Err* variables and ErrorCode.
	Err error
	// RevertReason is the decoded reason of a revert whose data is
	// Error(string) or Panic(uint256); empty otherwise.
	RevertReason string
}

// Deploy runs a DEPLOY_CONTRACT transaction: sender deploys creation code
// (constructor arguments appended), sending value, with at most gasLimit
// gas. The contract gets identity ContractID(ctx.Hash, sender, txHash, 0)
// and address AddressOf of it. On success the net writes go to kv, in key
// order; on failure nothing is written. The error is non-nil only if kv
// failed or holds corrupt state.
func Deploy(kv KV, ctx Context, sender types.Hash, txHash types.Hash, code []byte, gasLimit, value uint64) (*Result, error) {
	if len(code) == 0 {
		return &Result{Err: ErrEmptyCode}, nil
	}
	if len(code) > params.MaxInitCodeSize {
		return &Result{Err: fmt.Errorf("%w: %d bytes, the limit is %d", vm.ErrMaxInitCodeSizeExceeded, len(code), params.MaxInitCodeSize)}, nil
	}
	id := ContractID(ctx.Hash, sender, txHash, 0)
	addr := AddressOf(id)
	m := newMessage(kv, ctx, txHash, AddressOf(sender))
	res, err := m.execute(kv, sender, true, &addr, code, true, gasLimit, value,
		func(from common.Address, gas uint64) ([]byte, uint64, error) {
			return m.create(from, code, gas, value, addr, id)
		})
	if res != nil && res.Err == nil {
		res.ContractAddress = addr.Bytes()
		res.ReturnData = nil
	}
	return res, err
}

// Call runs a CALL_CONTRACT transaction (hash txHash): sender calls the
// 20-byte address to with input, sending value, with at most gasLimit gas.
// Calling an address without code succeeds and only moves value, as on
// Ethereum. On success the net writes go to kv, in key order; on failure
// nothing is written. The error is non-nil only if kv failed or holds
// corrupt state.
func Call(kv KV, ctx Context, sender types.Hash, txHash types.Hash, to []byte, input []byte, gasLimit, value uint64) (*Result, error) {
	if len(to) != common.AddressLength {
		return &Result{Err: fmt.Errorf("%w, got %d bytes", ErrInvalidAddress, len(to))}, nil
	}
	dest := common.Address(to)
	m := newMessage(kv, ctx, txHash, AddressOf(sender))
	return m.execute(kv, sender, true, &dest, input, false, gasLimit, value,
		func(from common.Address, gas uint64) ([]byte, uint64, error) {
			return m.evm.Call(from, dest, input, gas, uint256.NewInt(value))
		})
}

// Query runs a read-only call: like Call without value, as the account from
// (which need not exist), on kv, which it never writes. Its transaction hash
// is zero. gasLimit 0 means the block gas limit, or DefaultQueryGas if there
// is none. The error is non-nil only if kv failed or holds corrupt state.
func Query(kv state.Getter, ctx Context, from types.Hash, to []byte, input []byte, gasLimit uint64) (*Result, error) {
	if len(to) != common.AddressLength {
		return &Result{Err: fmt.Errorf("%w, got %d bytes", ErrInvalidAddress, len(to))}, nil
	}
	if gasLimit == 0 {
		gasLimit = ctx.BlockGasLimit
		if gasLimit == 0 {
			gasLimit = DefaultQueryGas
		}
	}
	dest := common.Address(to)
	m := newMessage(kv, ctx, types.Hash{}, AddressOf(from))
	return m.execute(nil, from, false, &dest, input, false, gasLimit, 0,
		func(sender common.Address, gas uint64) ([]byte, uint64, error) {
			return m.evm.Call(sender, dest, input, gas, new(uint256.Int))
		})
}

// IntrinsicGas is the gas a message costs before its code runs, as on
// Ethereum since Shanghai: 21000 (53000 for a deployment), plus 4 per zero
// byte and 16 per other byte of data, plus for a deployment 2 per 32-byte
// word of creation code (EIP-3860).
func IntrinsicGas(data []byte, creation bool) uint64 {
	gas := params.TxGas
	if creation {
		gas = params.TxGasContractCreation
	}
	z := uint64(bytes.Count(data, []byte{0}))
	nz := uint64(len(data)) - z
	gas += z*params.TxDataZeroGas + nz*params.TxDataNonZeroGasEIP2028
	if creation {
		gas += (uint64(len(data)) + 31) / 32 * params.InitCodeWordGas
	}
	return gas
}

// ChainConfig returns the go-ethereum chain configuration of a Causeway
// chain: chain id chainID and every fork through Cancun active from block 0
// and time 0, Prague and later never.
func ChainConfig(chainID uint64) *params.ChainConfig {
	zero := func() *big.Int { return new(big.Int) }
	t0 := func() *uint64 { var t uint64; return &t }
	return &params.ChainConfig{
		ChainID:                 new(big.Int).SetUint64(chainID),
		HomesteadBlock:          zero(),
		EIP150Block:             zero(),
		EIP155Block:             zero(),
		EIP158Block:             zero(),
		ByzantiumBlock:          zero(),
		ConstantinopleBlock:     zero(),
		PetersburgBlock:         zero(),
		IstanbulBlock:           zero(),
		MuirGlacierBlock:        zero(),
		BerlinBlock:             zero(),
		LondonBlock:             zero(),
		ArrowGlacierBlock:       zero(),
		GrayGlacierBlock:        zero(),
		MergeNetsplitBlock:      zero(),
		ShanghaiTime:            t0(),
		CancunTime:              t0(),
		TerminalTotalDifficulty: zero(),
		BlobScheduleConfig:      &params.BlobScheduleConfig{Cancun: params.DefaultCancunBlobConfig},
	}
}

// chainConfigs caches ChainConfig by chain id; go-ethereum only reads it.
var chainConfigs sync.Map // uint64 -> *params.ChainConfig

func cachedChainConfig(chainID uint64) *params.ChainConfig {
	if c, ok := chainConfigs.Load(chainID); ok {
		return c.(*params.ChainConfig)
	}
	c, _ := chainConfigs.LoadOrStore(chainID, ChainConfig(chainID))
	return c.(*params.ChainConfig)
}

// message is one Deploy, Call or Query.
type message struct {
	ctx    Context
	db     *StateDB
	evm    *vm.EVM
	rules  params.Rules
	txHash types.Hash
	// frames mirrors the EVM's call stack (through tracing hooks), so that
	// system contracts know their caller and whether they run in a static
	// context, which go-ethereum's precompile interface does not tell them.
	frames []frame
	// deposits counts the evidence deposits of the message.
	deposits    uint64
	precompiles []common.Address
}

// frame is one call frame: the call of to by from.
type frame struct {
	typ    vm.OpCode
	from   common.Address
	to     common.Address
	value  bool // the call carries value
	static bool // the frame or one of its callers is a STATICCALL
}

func newMessage(kv state.Getter, ctx Context, txHash types.Hash, origin common.Address) *message {
	m := &message{ctx: ctx, db: NewStateDB(kv, ctx.Height), txHash: txHash}
	cfg := cachedChainConfig(ctx.ChainID)
	var timestamp uint64
	if ctx.TimeMs > 0 {
		timestamp = uint64(ctx.TimeMs / 1000)
	}
	random := common.Hash{} // PREVRANDAO: there is no randomness beacon
	bctx := vm.BlockContext{
		CanTransfer: canTransfer,
		Transfer:    transfer,
		GetHash:     m.blockHash,
		Coinbase:    ctx.Coinbase,
		GasLimit:    ctx.BlockGasLimit,
		BlockNumber: new(big.Int).SetUint64(ctx.Height),
		Time:        timestamp,
		Difficulty:  new(big.Int),
		BaseFee:     new(big.Int),
		BlobBaseFee: new(big.Int),
		Random:      &random,
	}
	hooks := &tracing.Hooks{OnEnter: m.enter, OnExit: m.exit}
	m.evm = vm.NewEVM(bctx, m.db, cfg, vm.Config{Tracer: hooks})
	m.evm.SetTxContext(vm.TxContext{Origin: origin, GasPrice: new(uint256.Int)})
	m.rules = cfg.Rules(bctx.BlockNumber, true, timestamp)
	pcs := vm.ActivePrecompiledContracts(m.rules) // a copy
	m.precompiles = slices.Clone(vm.ActivePrecompiles(m.rules))
	for _, sc := range m.systemContracts() {
		pcs[sc.addr] = sc
		m.precompiles = append(m.precompiles, sc.addr)
	}
	pcs[SDPAddress] = sdpContract{m}
	m.precompiles = append(m.precompiles, SDPAddress)
	m.evm.SetPrecompiles(pcs)
	m.db.onErr = m.evm.Cancel
	return m
}

func (m *message) blockHash(n uint64) common.Hash {
	if m.ctx.BlockHash == nil {
		return common.Hash{}
	}
	return common.Hash(m.ctx.BlockHash(n))
}

func (m *message) enter(_ int, typ byte, from, to common.Address, _ []byte, _ uint64, value *big.Int) {
	op := vm.OpCode(typ)
	static := op == vm.STATICCALL || (len(m.frames) > 0 && m.frames[len(m.frames)-1].static)
	m.frames = append(m.frames, frame{typ: op, from: from, to: to, value: value != nil && value.Sign() != 0, static: static})
}

func (m *message) exit(int, []byte, uint64, error, bool) {
	if len(m.frames) > 0 {
		m.frames = m.frames[:len(m.frames)-1]
	}
}

// top returns the innermost call frame.
func (m *message) top() (frame, bool) {
	if len(m.frames) == 0 {
		return frame{}, false
	}
	return m.frames[len(m.frames)-1], true
}

func canTransfer(db vm.StateDB, addr common.Address, amount *uint256.Int) bool {
	return db.GetBalance(addr).Cmp(amount) >= 0
}

func transfer(db vm.StateDB, from, to common.Address, amount *uint256.Int, _ *params.Rules) {
	db.SubBalance(from, amount, tracing.BalanceChangeTransfer)
	db.AddBalance(to, amount, tracing.BalanceChangeTransfer)
}

// execute checks and runs a message whose EVM part is body, and, when
// commit is not nil and the message succeeded, writes its effects there.
func (m *message) execute(commit KV, sender types.Hash, mustExist bool, dest *common.Address, data []byte, creation bool,
	gasLimit, value uint64, body func(from common.Address, gas uint64) ([]byte, uint64, error)) (*Result, error) {
	db := m.db
	acct, err := db.loadSender(sender)
	if db.err != nil {
		return nil, db.err
	}
	if err != nil {
		return &Result{Err: err}, nil
	}
	if mustExist && !acct.exists {
		return &Result{Err: fmt.Errorf("%w: %s", ErrUnknownSender, sender)}, nil
	}
	if m.ctx.BlockGasLimit != 0 && gasLimit > m.ctx.BlockGasLimit {
		return &Result{Err: fmt.Errorf("%w: %d > %d", ErrGasLimit, gasLimit, m.ctx.BlockGasLimit)}, nil
	}
	intrinsic := IntrinsicGas(data, creation)
	if gasLimit < intrinsic {
		return &Result{Err: fmt.Errorf("%w: %d < %d", ErrIntrinsicGas, gasLimit, intrinsic)}, nil
	}
	if acct.balance < value {
		return &Result{Err: fmt.Errorf("%w: balance %d, value %d", ErrInsufficientFunds, acct.balance, value)}, nil
	}
	if m.evm.Context.GasLimit == 0 {
		m.evm.Context.GasLimit = gasLimit
	}
	from := AddressOf(sender)
	db.Prepare(m.rules, from, m.ctx.Coinbase, dest, m.precompiles, nil)

	ret, left, vmErr := m.safely(func() ([]byte, uint64, error) { return body(from, gasLimit-intrinsic) })
	if db.err != nil {
		return nil, db.err
	}
	if left > gasLimit-intrinsic {
		left = gasLimit - intrinsic // never trust a caller's arithmetic
	}
	return m.finish(ret, gasLimit-left, vmErr, commit)
}

// finish turns the outcome of a call that used gas into its Result. A
// failure reports its error (with the revert reason, if any) and writes
// nothing; a success writes the net changes to commit (unless nil) and
// returns the logs.
func (m *message) finish(ret []byte, used uint64, vmErr error, commit KV) (*Result, error) {
	db := m.db
	used -= min(db.GetRefund(), used/params.RefundQuotientEIP3529)
	res := &Result{GasUsed: used, ReturnData: ret}
	if vmErr == nil {
		vmErr = db.failure
	}
	if vmErr != nil {
		res.Err = vmErr
		if errors.Is(vmErr, vm.ErrExecutionReverted) {
			if reason, err := abi.UnpackRevert(ret); err == nil {
				res.RevertReason = reason
				res.Err = fmt.Errorf("%w: %s", vmErr, reason)
			}
		} else if db.failure == nil {
			res.ReturnData = nil
		}
		return res, nil
	}
	db.Finalise(true)
	if commit != nil {
		if _, err := db.Commit(commit); err != nil {
			return nil, err
		}
	}
	res.Logs = convertLogs(db.Logs())
	return res, nil
}

// safely runs f, turning a panic into a failure of the message.
func (m *message) safely(f func() ([]byte, uint64, error)) (ret []byte, left uint64, err error) {
	defer func() {
		if r := recover(); r != nil {
			ret, left, err = nil, 0, fmt.Errorf("%w: %v", ErrInternal, r)
		}
	}()
	return f()
}

// create runs creation code at a given address and identity: go-ethereum's
// CREATE, except that the address is Causeway's (its Create and Create2
// compute it from a nonce or a salt) and that the sender's nonce is not
// used (Causeway accounts have none).
func (m *message) create(caller common.Address, code []byte, gas, value uint64, addr common.Address, id types.Hash) ([]byte, uint64, error) {
	db := m.db
	db.AddAddressToAccessList(addr)
	if h := db.GetCodeHash(addr); db.GetNonce(addr) != 0 ||
		(h != (common.Hash{}) && h != gethtypes.EmptyCodeHash) ||
		db.GetStorageRoot(addr) != (common.Hash{}) {
		return nil, 0, vm.ErrContractAddressCollision
	}
	snapshot := db.Snapshot()
	if !db.Exist(addr) {
		db.create(addr, id)
	}
	db.CreateContract(addr)
	db.SetNonce(addr, 1, tracing.NonceChangeNewContract)
	v := uint256.NewInt(value)
	transfer(db, caller, addr, v, &m.rules)

	contract := vm.NewContract(caller, addr, v, gas, nil)
	contract.SetCallCode(common.Hash{}, code)
	contract.IsDeployment = true
	m.frames = append(m.frames, frame{typ: vm.CREATE, from: caller, to: addr, value: value != 0})
	ret, err := m.evm.Run(contract, nil, false)
	m.frames = m.frames[:len(m.frames)-1]
	if err == nil {
		err = vm.CheckMaxCodeSize(&m.rules, uint64(len(ret)))
	}
	if err == nil && len(ret) > 0 && ret[0] == 0xEF {
		err = vm.ErrInvalidCode // EIP-3541
	}
	if err == nil && !contract.UseGas(uint64(len(ret))*params.CreateDataGas, nil, tracing.GasChangeCallCodeStorage) {
		err = vm.ErrCodeStoreOutOfGas
	}
	if err == nil && len(ret) > 0 {
		db.SetCode(addr, ret, tracing.CodeChangeContractCreation)
	}
	if err != nil {
		db.RevertToSnapshot(snapshot)
		if !errors.Is(err, vm.ErrExecutionReverted) {
			contract.Gas = 0
		}
	}
	return ret, contract.Gas, err
}

func convertLogs(ls []*gethtypes.Log) []*types.Log {
	if len(ls) == 0 {
		return nil
	}
	out := make([]*types.Log, len(ls))
	for i, l := range ls {
		topics := make([][]byte, len(l.Topics))
		for j, t := range l.Topics {
			topics[j] = t.Bytes()
		}
		out[i] = &types.Log{Address: l.Address.Bytes(), Topics: topics, Data: bytes.Clone(l.Data)}
	}
	return out
}
