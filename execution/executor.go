package execution

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
)

// Reader reads the committed state a block executes on. Implementations must
// answer consistently for the duration of ExecuteBlock; values they return
// are not modified.
type Reader interface {
	// Get returns the value of key, or nil, nil when the key is absent.
	Get(key []byte) ([]byte, error)
	// HasTx reports whether a transaction with hash h was committed in an
	// earlier block.
	HasTx(h types.Hash) (bool, error)
	// NodeReader reads the nodes of the committed state tree, from which
	// ExecuteBlock computes the new state root (see state.Commit).
	state.NodeReader
}

// Executor applies blocks of one chain. Its fields are the chain's identity
// and parameters from genesis; an Executor holds no other state and may be
// used by several goroutines at once.
type Executor struct {
	ChainID string
	Params  types.ChainParams
	// Suite is the chain's crypto suite (account identities, roots); the zero value is types.Intl.
	Suite types.Suite
}

// Result is the outcome of executing a block.
type Result struct {
	// Receipts holds one receipt per transaction, in block order, with
	// Height and Index set.
	Receipts []*types.Receipt
	// Writes are the block's net state changes: sorted by key, one per key,
	// and only keys whose value differs from the committed state.
	Writes []state.Write
	// StateRoot is the root of the state tree after the block: state.Commit
	// of Writes on the tree with root prevStateRoot.
	StateRoot []byte
	// StateNodes are the state tree nodes that StateRoot adds, to be
	// committed with Writes (store.Commit.StateNodes).
	StateNodes []state.Write
	// ReceiptRoot is the suite's ReceiptRoot(Receipts).
	ReceiptRoot []byte
	// Config is the chain configuration after the block when governance
	// changed it (nil otherwise); it applies from the next block on.
	Config *types.ChainConfig
}

// ExecuteBlock executes txs, the transactions of the block with header, in
// order, on the state read from r whose commitment is prevStateRoot. It reads
// r and changes nothing: the caller commits Result.Writes and
// Result.StateNodes.
//
// The signatures of txs must already have been verified (see the package
// documentation). A transaction that is malformed, unauthorized, expired,
// replayed or otherwise invalid gets a FAILED receipt and changes nothing;
// ExecuteBlock returns an error only for internal failures (r failing, stored
// state that does not decode), in which case the block must not be committed.
func (e *Executor) ExecuteBlock(r Reader, prevStateRoot []byte, header *types.BlockHeader, txs []*types.DecodedTx) (*Result, error) {
	if r == nil {
		return nil, errors.New("execution: nil state reader")
	}
	if header == nil {
		return nil, errors.New("execution: nil block header")
	}
	if uint64(len(txs)) > math.MaxUint32 {
		return nil, fmt.Errorf("execution: block %d has %d transactions, more than a receipt index can number", header.Height, len(txs))
	}
	b := &blockExec{
		e:      e,
		header: header,
		state:  newOverlay(r),
		seen:   make(map[types.Hash]struct{}, len(txs)),
	}
	cfg, err := state.ReadConfig(r)
	if err != nil {
		return nil, err
	}
	if cfg == nil { // a state without configuration (unit tests): Params only
		cfg = &types.ChainConfig{Params: e.Params, Policy: types.DefaultPolicy(), Roles: types.DefaultRoles()}
	}
	b.config = cfg
	b.inForce = cfg
	b.params = cfg.Params
	version := cfg.Version
	b.sweepRotations()
	receipts := make([]*types.Receipt, len(txs))
	for i, d := range txs {
		rc, err := b.execTx(d)
		if err != nil {
			return nil, fmt.Errorf("execution: block %d tx %d: %w", header.Height, i, err)
		}
		rc.Height = header.Height
		rc.Index = uint32(i)
		receipts[i] = rc
	}
	writes := b.state.netWrites()
	root, nodes, err := state.Commit(e.Suite, r, prevStateRoot, writes)
	if err != nil {
		return nil, fmt.Errorf("execution: block %d: %w", header.Height, err)
	}
	res := &Result{
		Receipts:    receipts,
		Writes:      writes,
		StateRoot:   root,
		StateNodes:  nodes,
		ReceiptRoot: e.Suite.ReceiptRoot(receipts),
	}
	if b.config.Version != version {
		res.Config = b.config
	}
	return res, nil
}

// blockExec is the state of one ExecuteBlock call.
type blockExec struct {
	e      *Executor
	header *types.BlockHeader
	// config is the chain configuration as the block sees it; params are the
	// parameters in force for the whole block (changes apply from the next).
	config *types.ChainConfig
	params types.ChainParams
	// inForce is the configuration in force at this block, as it was read
	// from the state: sealed payloads are checked against its encryption
	// keys and reader groups, which governance changes from the next block.
	inForce *types.ChainConfig
	// blockGas is the gas used by the block's contract transactions so far.
	blockGas uint64
	state    *overlay
	// seen holds the hashes of the transactions earlier in the block, valid
	// or not: a hash may appear in a block once.
	seen map[types.Hash]struct{}
}

// txExec is one transaction being executed: what it read through and what it
// will write if it succeeds.
type txExec struct {
	*blockExec
	d      *types.DecodedTx
	writes []state.Write
	events []*types.Event
	// newConfig is the configuration this transaction sets, if any.
	newConfig *types.ChainConfig
	// proposalID is the proposal being executed (castVote), for actions
	// that key state by it (a light client's instance).
	proposalID types.Hash
	// Contract execution results, kept on the receipt even on failure.
	gasUsed         uint64
	returnData      []byte
	logs            []*types.Log
	contractAddress []byte
}

func (t *txExec) get(key []byte) ([]byte, error) {
	for i := len(t.writes) - 1; i >= 0; i-- {
		if bytes.Equal(t.writes[i].Key, key) {
			return t.writes[i].Value, nil
		}
	}
	return t.state.get(key)
}

func (t *txExec) put(key, value []byte) {
	t.writes = append(t.writes, state.Write{Key: key, Value: value})
}

func (t *txExec) emit(typ string, kv ...string) {
	ev := &types.Event{Type: typ}
	for i := 0; i+1 < len(kv); i += 2 {
		ev.Attributes = append(ev.Attributes, &types.Attribute{Key: kv[i], Value: kv[i+1]})
	}
	t.events = append(t.events, ev)
}

// account reads account id as this transaction sees it; nil if absent.
func (t *txExec) account(id types.Hash) (*types.Account, error) {
	b, err := t.get(state.AccountKey(id))
	if err != nil || b == nil {
		return nil, err
	}
	a, err := state.DecodeAccount(b)
	if err != nil {
		return nil, fmt.Errorf("account %s: %w", id, err)
	}
	return a, nil
}

func (t *txExec) putAccount(a *types.Account) {
	id, _ := types.HashOf(a.Id)
	t.put(state.AccountKey(id), state.EncodeAccount(a))
}

// execTx executes one transaction and returns its receipt (without Height and
// Index). On success its writes are applied to the block's overlay; on
// failure nothing is.
func (b *blockExec) execTx(d *types.DecodedTx) (*types.Receipt, error) {
	rc := &types.Receipt{}
	if d != nil && d.Tx != nil {
		rc.TxHash = d.Hash.Bytes()
	}
	t := &txExec{blockExec: b, d: d}
	terr, err := t.run()
	if err != nil {
		return nil, err
	}
	rc.GasUsed, rc.ReturnData, rc.ContractAddress = t.gasUsed, t.returnData, t.contractAddress
	if terr != nil {
		rc.Status = types.ReceiptStatus_FAILED
		rc.ErrorCode = string(terr.Code)
		rc.Error = terr.Reason
		return rc, nil
	}
	rc.Logs = t.logs
	b.state.apply(t.writes)
	if t.newConfig != nil {
		b.config = t.newConfig
	}
	rc.Status = types.ReceiptStatus_SUCCESS
	rc.Events = t.events
	return rc, nil
}

// run checks the transaction's envelope and dispatches on its type. A
// *types.TxError fails the transaction; an error fails the block.
func (t *txExec) run() (*types.TxError, error) {
	d := t.d
	if d == nil || d.Tx == nil || d.Body == nil {
		return types.Errorf(types.CodeMalformed, "transaction or its body is missing"), nil
	}
	if _, dup := t.seen[d.Hash]; dup {
		return types.Errorf(types.CodeDuplicate, "transaction %s appears earlier in this block", d.Hash), nil
	}
	t.seen[d.Hash] = struct{}{}
	if terr, err := CheckTx(d, TxContext{ChainID: t.e.ChainID, Window: t.params.TimeWindow(), TimeMs: t.header.TimeMs, Committed: t.state.r.HasTx}); terr != nil || err != nil {
		return terr, err
	}
	switch d.Body.Type {
	case types.TxType_CREATE_ACCOUNT:
		return t.createAccount()
	case types.TxType_TRANSFER:
		return t.transfer()
	case types.TxType_DEPOSIT_EVIDENCE:
		return t.depositEvidence()
	case types.TxType_UPDATE_AUTH:
		return t.updateAuth()
	case types.TxType_SET_RECOVER_KEY:
		return t.setRecoverKey()
	case types.TxType_PRE_RESET:
		return t.preReset()
	case types.TxType_RESET:
		return t.reset()
	case types.TxType_CANCEL_RESET:
		return t.cancelReset()
	case types.TxType_FREEZE_SELF:
		return t.freezeSelf()
	case types.TxType_DEPLOY_CONTRACT:
		return t.deployContract()
	case types.TxType_CALL_CONTRACT:
		return t.callContract()
	case types.TxType_PROPOSE:
		return t.propose()
	case types.TxType_VOTE:
		return t.vote()
	case types.TxType_STORE_SEALED:
		return t.storeSealedTx()
	case types.TxType_TOKEN_CREATE:
		return t.tokenCreate()
	case types.TxType_TOKEN_ISSUE:
		return t.tokenIssue()
	case types.TxType_TOKEN_TRANSFER:
		return t.tokenTransfer()
	case types.TxType_AUDIT_ACCESS:
		return t.auditAccess()
	case types.TxType_SET_ENCRYPTION_KEY:
		return t.setEncryptionKey()
	case types.TxType_UPDATE_LIGHT_CLIENT:
		return t.updateLightClient()
	case types.TxType_RELAY_MESSAGES:
		return t.relayMessages()
	default:
		return types.Errorf(types.CodeUnknownType, "unknown transaction type %v", d.Body.Type), nil
	}
}

// sender loads the sending account and checks that it may act: it exists, is
// not frozen, and the transaction's signers carry enough weight.
func (t *txExec) sender() (*types.Account, types.Hash, *types.TxError, error) {
	id, _ := types.HashOf(t.d.Body.Sender) // length checked in run
	acct, err := t.account(id)
	if err != nil {
		return nil, id, nil, err
	}
	if acct == nil {
		return nil, id, types.Errorf(types.CodeUnknownAccount, "sender account %s does not exist", id), nil
	}
	if acct.Status == types.AccountStatus_ACCOUNT_FROZEN {
		return nil, id, types.Errorf(types.CodeAccountFrozen, "sender account %s is frozen", id), nil
	}
	if terr := authorize(acct, t.d.Tx.Signatures); terr != nil {
		return nil, id, terr, nil
	}
	return acct, id, nil, nil
}

// overlay is the block's view of the state: the committed state read through
// r, with the writes of the block's successful transactions on top.
type overlay struct {
	r Reader
	// base caches committed values read from r (nil = absent).
	base map[string][]byte
	// dirty holds the latest value written to each key (nil = deleted).
	dirty map[string][]byte
}

func newOverlay(r Reader) *overlay {
	return &overlay{r: r, base: map[string][]byte{}, dirty: map[string][]byte{}}
}

func (o *overlay) get(key []byte) ([]byte, error) {
	if v, ok := o.dirty[string(key)]; ok {
		return v, nil
	}
	return o.committed(key)
}

// committed returns the value of key in the committed state, reading r at
// most once per key.
func (o *overlay) committed(key []byte) ([]byte, error) {
	if v, ok := o.base[string(key)]; ok {
		return v, nil
	}
	v, err := o.r.Get(key)
	if err != nil {
		return nil, fmt.Errorf("read state key %x: %w", key, err)
	}
	v = bytes.Clone(v) // keep nil as nil: absent
	o.base[string(key)] = v
	return v, nil
}

func (o *overlay) apply(ws []state.Write) {
	for _, w := range ws {
		o.dirty[string(w.Key)] = w.Value
	}
}

// netWrites returns the writes that take the committed state to the
// overlay's, sorted by key, leaving out keys whose value is unchanged.
func (o *overlay) netWrites() []state.Write {
	keys := make([]string, 0, len(o.dirty))
	for k := range o.dirty {
		keys = append(keys, k)
	}
	slices.Sort(keys) // map order never reaches the result
	ws := make([]state.Write, 0, len(keys))
	for _, k := range keys {
		v := o.dirty[k]
		// Every key a transaction writes was read first, so base holds it.
		if old, ok := o.base[k]; ok && (old == nil) == (v == nil) && bytes.Equal(old, v) {
			continue
		}
		ws = append(ws, state.Write{Key: []byte(k), Value: v})
	}
	return ws
}
