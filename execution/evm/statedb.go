package evm

import (
	"bytes"
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
	"github.com/ethereum/go-ethereum/common"
	gethstate "github.com/ethereum/go-ethereum/core/state"
	"github.com/ethereum/go-ethereum/core/stateless"
	"github.com/ethereum/go-ethereum/core/tracing"
	gethtypes "github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"
	"google.golang.org/protobuf/proto"
)

// StateDB is go-ethereum's vm.StateDB over a Causeway KV, for one message
// (one transaction or query). It reads the KV lazily and caches what it
// read; every change is kept in memory and journaled, so that
// RevertToSnapshot undoes exactly the changes made since the snapshot. The
// KV is written only by Commit.
//
// A StateDB is not safe for concurrent use. It does not return errors
// through the vm.StateDB methods, which have no error results: the first
// failure of the KV (or corrupt stored state) is kept, the methods then
// return zero values, and Err reports it; Commit refuses to write after one.
type StateDB struct {
	kv     state.Getter
	height uint64

	// accounts holds every address looked at, including ones found not to
	// exist (exists false), so that each is read from the KV once.
	accounts map[common.Address]*account
	codes    map[common.Hash][]byte // code by hash, as read or set
	// raw holds writes of other keys (evidence), by key.
	raw map[string][]byte

	journal []func() // undo actions, oldest first
	snaps   []int    // journal length at each live snapshot

	refund    uint64
	logs      []*gethtypes.Log
	access    accessList
	transient map[slotKey]common.Hash

	err     error  // first internal failure (KV, corrupt state)
	failure error  // first failure of the message itself (balance overflow)
	onErr   func() // called once at the first err or failure (cancels the EVM)
}

var _ vm.StateDB = (*StateDB)(nil)

// account is the in-memory state of one address.
type account struct {
	addr common.Address
	id   types.Hash
	// stored is the account as read from the KV; nil if it did not exist
	// before this message.
	stored *types.Account

	exists      bool // the account exists (now)
	created     bool // brought into being by this message
	indexed     bool // the KV has its address index entry
	newContract bool // CreateContract was called for it in this message
	destructed  bool // SELFDESTRUCT in the message that created it
	deleted     bool // set by Finalise: write nothing, delete what was stored

	balance   uint64
	nonce     uint64
	origNonce uint64

	codeHash common.Hash // keccak256 of the code; zero when there is none
	code     []byte
	codeRead bool // code holds the code of codeHash

	storage map[common.Hash]common.Hash // values written by this message
	origin  map[common.Hash]common.Hash // values at the start of the message
}

func (a *account) empty() bool {
	return a.balance == 0 && a.nonce == 0 && a.codeHash == (common.Hash{})
}

type slotKey struct {
	addr common.Address
	slot common.Hash
}

// NewStateDB returns a StateDB reading kv, for a message in the block at
// height (the created height of the accounts it creates).
func NewStateDB(kv state.Getter, height uint64) *StateDB {
	return &StateDB{
		kv:        kv,
		height:    height,
		accounts:  make(map[common.Address]*account),
		codes:     make(map[common.Hash][]byte),
		raw:       make(map[string][]byte),
		access:    newAccessList(),
		transient: make(map[slotKey]common.Hash),
	}
}

// Err returns the first internal failure: the KV failed or held state that
// does not decode. The message's result must then be discarded and the
// block not committed.
func (s *StateDB) Err() error { return s.err }

// fail records an internal failure.
func (s *StateDB) fail(err error) {
	if s.err == nil {
		s.err = err
		s.stop()
	}
}

// failMessage records a failure of the message itself: it fails as a whole.
func (s *StateDB) failMessage(err error) {
	if s.failure == nil {
		s.failure = err
		s.stop()
	}
}

func (s *StateDB) stop() {
	if s.onErr != nil {
		s.onErr()
		s.onErr = nil
	}
}

func (s *StateDB) get(key []byte) []byte {
	if s.err != nil {
		return nil
	}
	v, err := s.kv.Get(key)
	if err != nil {
		s.fail(fmt.Errorf("evm: read state key %x: %w", key, err))
		return nil
	}
	return v
}

// load reads the account at addr through the reverse index.
func (s *StateDB) load(addr common.Address) *account {
	if s.err != nil {
		return &account{addr: addr}
	}
	id, ok, err := IdentityOf(s.kv, addr)
	if err != nil {
		s.fail(err)
		return &account{addr: addr}
	}
	if !ok {
		return &account{addr: addr}
	}
	a := s.loadID(addr, id)
	if !a.exists && s.err == nil {
		s.fail(fmt.Errorf("evm: address index %x points to identity %s, which has no account", addr, id))
	}
	a.indexed = true
	return a
}

// loadID reads the account id, whose address is addr.
func (s *StateDB) loadID(addr common.Address, id types.Hash) *account {
	a := &account{addr: addr, id: id}
	b := s.get(state.AccountKey(id))
	if b == nil {
		return a
	}
	acct, err := state.DecodeAccount(b)
	if err != nil {
		s.fail(fmt.Errorf("evm: account %s: %w", id, err))
		return a
	}
	a.stored, a.exists, a.balance = acct, true, acct.Balance
	switch len(acct.CodeHash) {
	case 0:
	case common.HashLength:
		a.codeHash = common.Hash(acct.CodeHash)
	default:
		s.fail(fmt.Errorf("evm: stored account %s has a %d-byte code hash", id, len(acct.CodeHash)))
	}
	n, err := state.DecodeNonce(s.get(state.NonceKey(addr)))
	if err != nil {
		s.fail(fmt.Errorf("evm: nonce of %x: %w", addr, err))
	}
	a.nonce, a.origNonce = n, n
	return a
}

// loadSender loads the account id, which sends the message, and reports
// whether it exists. An identity whose address the index gives to another
// identity cannot use the EVM.
func (s *StateDB) loadSender(id types.Hash) (*account, error) {
	addr := AddressOf(id)
	if a, ok := s.accounts[addr]; ok {
		if a.exists && a.id != id {
			return nil, fmt.Errorf("%w: address %x of identity %s belongs to identity %s", ErrAddressTaken, addr, id, a.id)
		}
		return a, nil
	}
	other, ok, err := IdentityOf(s.kv, addr)
	if err != nil {
		s.fail(err)
		return nil, err
	}
	if ok && other != id {
		return nil, fmt.Errorf("%w: address %x of identity %s belongs to identity %s", ErrAddressTaken, addr, id, other)
	}
	a := s.loadID(addr, id)
	a.indexed = ok
	s.accounts[addr] = a
	return a, s.err
}

// lookup returns the account at addr, or nil if there is none.
func (s *StateDB) lookup(addr common.Address) *account {
	a, ok := s.accounts[addr]
	if !ok {
		a = s.load(addr)
		s.accounts[addr] = a
	}
	if !a.exists {
		return nil
	}
	return a
}

// lookupOrCreate returns the account at addr, creating it if there is none.
func (s *StateDB) lookupOrCreate(addr common.Address) *account {
	if a := s.lookup(addr); a != nil {
		return a
	}
	return s.create(addr, ImplicitID(addr))
}

// create brings the account id into being at addr, which must hold none.
func (s *StateDB) create(addr common.Address, id types.Hash) *account {
	prev, had := s.accounts[addr]
	if had && prev.exists {
		return prev
	}
	a := &account{addr: addr, id: id, exists: true, created: true}
	s.accounts[addr] = a
	s.journal = append(s.journal, func() {
		if had {
			s.accounts[addr] = prev
		} else {
			delete(s.accounts, addr)
		}
	})
	return a
}

// identity returns the Causeway identity of the account at addr, or the
// identity an account there would get.
func (s *StateDB) identity(addr common.Address) types.Hash {
	s.lookup(addr) // loads addr into s.accounts
	if a := s.accounts[addr]; a != nil && (a.exists || a.id != (types.Hash{})) {
		return a.id // an account, or the sender of a query that has none
	}
	return ImplicitID(addr)
}

// CreateAccount creates an empty account at addr, whose identity is
// ImplicitID(addr). The EVM calls it only for an address without account.
func (s *StateDB) CreateAccount(addr common.Address) {
	s.create(addr, ImplicitID(addr))
}

// CreateContract marks the account at addr as a contract created by this
// message (for EIP-6780).
func (s *StateDB) CreateContract(addr common.Address) {
	a := s.lookupOrCreate(addr)
	if !a.newContract {
		a.newContract = true
		s.journal = append(s.journal, func() { a.newContract = false })
	}
}

// IsNewContract reports whether the contract at addr was created by this
// message.
func (s *StateDB) IsNewContract(addr common.Address) bool {
	a := s.lookup(addr)
	return a != nil && a.newContract
}

func (s *StateDB) setBalance(a *account, v uint64) {
	prev := a.balance
	a.balance = v
	s.journal = append(s.journal, func() { a.balance = prev })
}

// GetBalance returns the balance at addr (zero without account).
func (s *StateDB) GetBalance(addr common.Address) *uint256.Int {
	if a := s.lookup(addr); a != nil {
		return uint256.NewInt(a.balance)
	}
	return new(uint256.Int)
}

// AddBalance credits amount to addr, creating the account if needed (a zero
// amount only "touches" it: an account created so and still empty at the
// end is not stored). A credit past 2^64-1 fails the message with
// ErrBalanceOverflow. It returns the previous balance.
func (s *StateDB) AddBalance(addr common.Address, amount *uint256.Int, _ tracing.BalanceChangeReason) uint256.Int {
	a := s.lookupOrCreate(addr)
	prev := a.balance
	if amount.IsZero() {
		return *uint256.NewInt(prev)
	}
	if !amount.IsUint64() || prev > math.MaxUint64-amount.Uint64() {
		s.failMessage(fmt.Errorf("%w: crediting %s to %x (balance %d) exceeds 2^64-1", ErrBalanceOverflow, amount.Dec(), addr, prev))
		return *uint256.NewInt(prev)
	}
	s.setBalance(a, prev+amount.Uint64())
	return *uint256.NewInt(prev)
}

// SubBalance debits amount from addr and returns the previous balance. The
// EVM checks the balance first; a debit below zero fails the message.
func (s *StateDB) SubBalance(addr common.Address, amount *uint256.Int, _ tracing.BalanceChangeReason) uint256.Int {
	if amount.IsZero() {
		return *s.GetBalance(addr)
	}
	a := s.lookup(addr)
	if a == nil || !amount.IsUint64() || a.balance < amount.Uint64() {
		s.failMessage(fmt.Errorf("%w: debiting %s from %x", ErrInsufficientFunds, amount.Dec(), addr))
		return *s.GetBalance(addr)
	}
	prev := a.balance
	s.setBalance(a, prev-amount.Uint64())
	return *uint256.NewInt(prev)
}

// GetNonce returns the EVM nonce at addr: zero unless addr is a contract.
func (s *StateDB) GetNonce(addr common.Address) uint64 {
	if a := s.lookup(addr); a != nil {
		return a.nonce
	}
	return 0
}

// SetNonce sets the EVM nonce at addr.
func (s *StateDB) SetNonce(addr common.Address, nonce uint64, _ tracing.NonceChangeReason) {
	a := s.lookupOrCreate(addr)
	prev := a.nonce
	a.nonce = nonce
	s.journal = append(s.journal, func() { a.nonce = prev })
}

// GetCodeHash returns keccak256 of the code at addr: the hash of empty code
// for an account without code, zero when there is no account.
func (s *StateDB) GetCodeHash(addr common.Address) common.Hash {
	a := s.lookup(addr)
	switch {
	case a == nil:
		return common.Hash{}
	case a.codeHash == (common.Hash{}):
		return gethtypes.EmptyCodeHash
	default:
		return a.codeHash
	}
}

// GetCode returns the code at addr (nil if none). The slice must not be
// modified.
func (s *StateDB) GetCode(addr common.Address) []byte {
	a := s.lookup(addr)
	if a == nil || a.codeHash == (common.Hash{}) {
		return nil
	}
	if !a.codeRead {
		code, ok := s.codes[a.codeHash]
		if !ok {
			code = s.get(state.CodeKey(a.codeHash))
			if code == nil {
				if s.err == nil {
					s.fail(fmt.Errorf("evm: code %x of account %s is missing", a.codeHash, a.id))
				}
				return nil
			}
			s.codes[a.codeHash] = code
		}
		a.code, a.codeRead = code, true
	}
	return a.code
}

// GetCodeSize returns the length of the code at addr.
//
// The SDP system contract reports a size of 1: its interface
// (ISDPMessage) has functions that return nothing, before whose calls
// Solidity checks that the callee has code; a dApp written for AntChain
// Bridge calls them through the interface, unchanged.
func (s *StateDB) GetCodeSize(addr common.Address) int {
	if addr == SDPAddress {
		return 1
	}
	return len(s.GetCode(addr))
}

// SetCode sets the code at addr and returns the previous code.
func (s *StateDB) SetCode(addr common.Address, code []byte, _ tracing.CodeChangeReason) []byte {
	a := s.lookupOrCreate(addr)
	prev := s.GetCode(addr)
	prevHash, prevRead := a.codeHash, a.codeRead
	s.journal = append(s.journal, func() { a.codeHash, a.code, a.codeRead = prevHash, prev, prevRead })
	if len(code) == 0 {
		a.codeHash, a.code, a.codeRead = common.Hash{}, nil, true
		return prev
	}
	code = bytes.Clone(code)
	h := crypto.Keccak256Hash(code)
	s.codes[h] = code
	a.codeHash, a.code, a.codeRead = h, code, true
	return prev
}

// AddRefund adds gas to the refund counter.
func (s *StateDB) AddRefund(gas uint64) {
	prev := s.refund
	s.refund += gas
	s.journal = append(s.journal, func() { s.refund = prev })
}

// SubRefund removes gas from the refund counter.
func (s *StateDB) SubRefund(gas uint64) {
	prev := s.refund
	if gas > prev {
		s.fail(fmt.Errorf("evm: refund counter below zero (%d - %d)", prev, gas))
		return
	}
	s.refund -= gas
	s.journal = append(s.journal, func() { s.refund = prev })
}

// GetRefund returns the refund counter.
func (s *StateDB) GetRefund() uint64 { return s.refund }

// committed returns the value of slot of a at the start of the message.
func (s *StateDB) committed(a *account, slot common.Hash) common.Hash {
	if v, ok := a.origin[slot]; ok {
		return v
	}
	var v common.Hash
	if !a.created {
		b, err := state.DecodeSlot(s.get(state.StorageKey(a.addr, slot)))
		if err != nil {
			s.fail(fmt.Errorf("evm: storage slot %x of %x: %w", slot, a.addr, err))
		}
		v = b
	}
	if a.origin == nil {
		a.origin = make(map[common.Hash]common.Hash)
	}
	a.origin[slot] = v
	return v
}

func (s *StateDB) current(a *account, slot common.Hash) common.Hash {
	if v, ok := a.storage[slot]; ok {
		return v
	}
	return s.committed(a, slot)
}

// GetState returns the current value of slot at addr.
func (s *StateDB) GetState(addr common.Address, slot common.Hash) common.Hash {
	if a := s.lookup(addr); a != nil {
		return s.current(a, slot)
	}
	return common.Hash{}
}

// GetStateAndCommittedState returns the current value of slot at addr and
// its value at the start of the message.
func (s *StateDB) GetStateAndCommittedState(addr common.Address, slot common.Hash) (common.Hash, common.Hash) {
	a := s.lookup(addr)
	if a == nil {
		return common.Hash{}, common.Hash{}
	}
	return s.current(a, slot), s.committed(a, slot)
}

// SetState sets slot at addr to value and returns the previous value.
func (s *StateDB) SetState(addr common.Address, slot, value common.Hash) common.Hash {
	a := s.lookupOrCreate(addr)
	prev := s.current(a, slot)
	if prev == value {
		return prev
	}
	old, had := a.storage[slot]
	if a.storage == nil {
		a.storage = make(map[common.Hash]common.Hash)
	}
	a.storage[slot] = value
	s.journal = append(s.journal, func() {
		if had {
			a.storage[slot] = old
		} else {
			delete(a.storage, slot)
		}
	})
	return prev
}

// storageMarker is what GetStorageRoot returns for an account that may have
// storage. The flat state keeps no per-account storage root; the EVM uses it
// only to refuse creating a contract over an account with storage.
var storageMarker = crypto.Keccak256Hash([]byte("causeway/evm: storage may be non-empty"))

// GetStorageRoot returns zero for an address whose storage is certainly
// empty and a fixed non-zero marker otherwise. Storage can only have been
// written by code, and code is never removed from an account outside the
// message that created it, so an account without code, nonce or storage
// written in this message has none.
func (s *StateDB) GetStorageRoot(addr common.Address) common.Hash {
	a := s.lookup(addr)
	if a == nil {
		return common.Hash{}
	}
	if a.codeHash != (common.Hash{}) || a.nonce != 0 {
		return storageMarker
	}
	for _, v := range a.storage {
		if v != (common.Hash{}) {
			return storageMarker
		}
	}
	return common.Hash{}
}

// GetTransientState returns the transient (EIP-1153) value of key at addr.
func (s *StateDB) GetTransientState(addr common.Address, key common.Hash) common.Hash {
	return s.transient[slotKey{addr, key}]
}

// SetTransientState sets the transient (EIP-1153) value of key at addr.
func (s *StateDB) SetTransientState(addr common.Address, key, value common.Hash) {
	k := slotKey{addr, key}
	prev, had := s.transient[k]
	if prev == value {
		return
	}
	s.setTransient(k, value)
	s.journal = append(s.journal, func() {
		if had {
			s.transient[k] = prev
		} else {
			delete(s.transient, k)
		}
	})
}

func (s *StateDB) setTransient(k slotKey, v common.Hash) {
	if v == (common.Hash{}) {
		delete(s.transient, k)
		return
	}
	s.transient[k] = v
}

// SelfDestruct marks the account at addr destroyed and zeroes its balance.
// The EVM calls it (EIP-6780) only for a contract created by this message;
// Finalise then deletes the account.
func (s *StateDB) SelfDestruct(addr common.Address) {
	a := s.lookup(addr)
	if a == nil {
		return
	}
	if a.balance != 0 {
		s.setBalance(a, 0)
	}
	if !a.destructed {
		a.destructed = true
		s.journal = append(s.journal, func() { a.destructed = false })
	}
}

// HasSelfDestructed reports whether the account at addr self-destructed.
func (s *StateDB) HasSelfDestructed(addr common.Address) bool {
	a := s.lookup(addr)
	return a != nil && a.destructed
}

// Exist reports whether an account exists at addr (a self-destructed one
// exists until the message ends).
func (s *StateDB) Exist(addr common.Address) bool { return s.lookup(addr) != nil }

// Empty reports whether addr has no balance, no nonce and no code (EIP-161);
// an address without account is empty.
func (s *StateDB) Empty(addr common.Address) bool {
	a := s.lookup(addr)
	return a == nil || a.empty()
}

// AddressInAccessList reports whether addr is warm (EIP-2929).
func (s *StateDB) AddressInAccessList(addr common.Address) bool { return s.access.hasAddr(addr) }

// SlotInAccessList reports whether addr and its slot are warm (EIP-2929).
func (s *StateDB) SlotInAccessList(addr common.Address, slot common.Hash) (addressOk bool, slotOk bool) {
	return s.access.has(addr, slot)
}

// AddAddressToAccessList warms addr.
func (s *StateDB) AddAddressToAccessList(addr common.Address) {
	if s.access.addAddr(addr) {
		s.journal = append(s.journal, func() { s.access.deleteAddr(addr) })
	}
}

// AddSlotToAccessList warms addr and its slot.
func (s *StateDB) AddSlotToAccessList(addr common.Address, slot common.Hash) {
	addrAdded, slotAdded := s.access.addSlot(addr, slot)
	if addrAdded {
		s.journal = append(s.journal, func() { s.access.deleteAddr(addr) })
	}
	if slotAdded {
		s.journal = append(s.journal, func() { s.access.deleteSlot(addr, slot) })
	}
}

// Prepare starts a message: it resets the access list and transient storage
// and warms the sender, the destination, the precompiles, the given access
// list and (from Shanghai) the coinbase, as EIP-2929, EIP-2930 and EIP-3651
// require.
func (s *StateDB) Prepare(rules params.Rules, sender, coinbase common.Address, dest *common.Address, precompiles []common.Address, txAccesses gethtypes.AccessList) {
	s.access = newAccessList()
	s.transient = make(map[slotKey]common.Hash)
	if !rules.IsBerlin {
		return
	}
	s.access.addAddr(sender)
	if dest != nil {
		s.access.addAddr(*dest)
	}
	for _, p := range precompiles {
		s.access.addAddr(p)
	}
	for _, el := range txAccesses {
		s.access.addAddr(el.Address)
		for _, k := range el.StorageKeys {
			s.access.addSlot(el.Address, k)
		}
	}
	if rules.IsShanghai {
		s.access.addAddr(coinbase)
	}
}

// Snapshot returns an identifier of the current state for RevertToSnapshot.
func (s *StateDB) Snapshot() int {
	s.snaps = append(s.snaps, len(s.journal))
	return len(s.snaps) - 1
}

// RevertToSnapshot undoes every change made since Snapshot returned id; id
// and later snapshots are no longer valid afterwards.
func (s *StateDB) RevertToSnapshot(id int) {
	if id < 0 || id >= len(s.snaps) {
		s.fail(fmt.Errorf("evm: revert to unknown snapshot %d (%d live)", id, len(s.snaps)))
		return
	}
	n := s.snaps[id]
	for i := len(s.journal) - 1; i >= n; i-- {
		s.journal[i]()
		s.journal[i] = nil
	}
	s.journal = s.journal[:n]
	s.snaps = s.snaps[:id]
}

// AddLog records a log of the message.
func (s *StateDB) AddLog(l *gethtypes.Log) {
	l.Index = uint(len(s.logs))
	s.logs = append(s.logs, l)
	n := len(s.logs) - 1
	s.journal = append(s.journal, func() {
		s.logs[n] = nil
		s.logs = s.logs[:n]
	})
}

// Logs returns the logs of the message, in order.
func (s *StateDB) Logs() []*gethtypes.Log { return s.logs }

// EmitLogsForBurnAccounts does nothing: burn logs belong to a later fork.
func (s *StateDB) EmitLogsForBurnAccounts() {}

// AddPreimage does nothing: preimages are not kept.
func (s *StateDB) AddPreimage(common.Hash, []byte) {}

// Witness returns nil: there are no stateless witnesses.
func (s *StateDB) Witness() *stateless.Witness { return nil }

// AccessEvents returns nil: Verkle access events are not used.
func (s *StateDB) AccessEvents() *gethstate.AccessEvents { return nil }

// getRaw returns the value of a key outside the EVM's account state
// (evidence) as the message sees it.
func (s *StateDB) getRaw(key []byte) []byte {
	if v, ok := s.raw[string(key)]; ok {
		return v
	}
	return s.get(key)
}

// setRaw writes a key outside the EVM's account state, journaled.
func (s *StateDB) setRaw(key, value []byte) {
	k := string(key)
	prev, had := s.raw[k]
	s.raw[k] = value
	s.journal = append(s.journal, func() {
		if had {
			s.raw[k] = prev
		} else {
			delete(s.raw, k)
		}
	})
}

// accountInfo returns the balance, status and version of the account id as
// the message sees it; version 0 means there is no such account.
func (s *StateDB) accountInfo(id types.Hash) (balance uint64, status uint8, version uint64) {
	if a, ok := s.accounts[AddressOf(id)]; ok && a.exists && a.id == id {
		if a.stored == nil {
			return a.balance, uint8(types.AccountStatus_ACCOUNT_NORMAL), 1
		}
		return a.balance, uint8(a.stored.Status), a.stored.Version
	}
	b := s.get(state.AccountKey(id))
	if b == nil {
		return 0, 0, 0
	}
	acct, err := state.DecodeAccount(b)
	if err != nil {
		s.fail(fmt.Errorf("evm: account %s: %w", id, err))
		return 0, 0, 0
	}
	return acct.Balance, uint8(acct.Status), acct.Version
}

// Finalise ends the message: accounts that self-destructed are deleted, and
// so, when deleteEmptyObjects is set (EIP-161), are accounts this message
// created that are still empty. Accounts that existed before the message are
// never deleted for being empty. The journal is cleared: nothing can be
// reverted afterwards.
func (s *StateDB) Finalise(deleteEmptyObjects bool) {
	for _, a := range s.accounts {
		if !a.exists {
			continue
		}
		if a.destructed || (deleteEmptyObjects && a.created && a.empty()) {
			a.deleted = true
		}
	}
	s.journal, s.snaps = nil, nil
}

// Commit writes the message's net changes to kv, in ascending key order,
// and returns the number of keys written or deleted. Call it after Finalise
// and only for a message that succeeded; it writes nothing and returns the
// error if the StateDB recorded an internal failure.
func (s *StateDB) Commit(kv KV) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	w := make(map[string][]byte) // nil value: delete
	for _, a := range s.accounts {
		s.accountWrites(a, w)
	}
	for k, v := range s.raw {
		w[k] = v
	}
	if s.err != nil { // reading codes in accountWrites may fail
		return 0, s.err
	}
	keys := slices.Sorted(maps.Keys(w)) // map order never reaches the KV
	for _, k := range keys {
		if v := w[k]; v == nil {
			kv.Delete([]byte(k))
		} else {
			kv.Set([]byte(k), v)
		}
	}
	return len(keys), nil
}

// accountWrites adds the writes of account a to w.
func (s *StateDB) accountWrites(a *account, w map[string][]byte) {
	if a.deleted {
		if !a.created { // an account that existed before becomes a contract and is destroyed
			w[string(state.AccountKey(a.id))] = nil
			if a.indexed {
				w[string(state.AddressIndexKey(a.addr))] = nil
			}
			if a.origNonce != 0 {
				w[string(state.NonceKey(a.addr))] = nil
			}
		}
		return
	}
	if !a.exists {
		return
	}
	var codeHash []byte
	if a.codeHash != (common.Hash{}) {
		codeHash = a.codeHash.Bytes()
	}
	switch {
	case a.created:
		acct := &types.Account{
			Id:            a.id.Bytes(),
			Balance:       a.balance,
			Status:        types.AccountStatus_ACCOUNT_NORMAL,
			Version:       1,
			CreatedHeight: s.height,
			CodeHash:      codeHash,
		}
		w[string(state.AccountKey(a.id))] = state.EncodeAccount(acct)
	case a.balance != a.stored.Balance || !bytes.Equal(codeHash, a.stored.CodeHash):
		acct := proto.Clone(a.stored).(*types.Account)
		acct.Balance = a.balance
		acct.CodeHash = codeHash
		acct.Version++
		w[string(state.AccountKey(a.id))] = state.EncodeAccount(acct)
	}
	if !a.indexed {
		w[string(state.AddressIndexKey(a.addr))] = state.EncodeIdentity(a.id)
	}
	if a.nonce != a.origNonce {
		w[string(state.NonceKey(a.addr))] = state.EncodeNonce(a.nonce) // nil for 0: delete
	}
	if codeHash != nil && (a.stored == nil || !bytes.Equal(codeHash, a.stored.CodeHash)) {
		// Code is content-addressed: store it unless another account did.
		if key := state.CodeKey(a.codeHash); s.get(key) == nil {
			w[string(key)] = bytes.Clone(a.code)
		}
	}
	for slot, v := range a.storage {
		if v == a.origin[slot] {
			continue
		}
		w[string(state.StorageKey(a.addr, slot))] = state.EncodeSlot(v) // nil for zero: delete
	}
}

// accessList is the EIP-2929 set of warm addresses and slots.
type accessList struct {
	addrs map[common.Address]struct{}
	slots map[slotKey]struct{}
}

func newAccessList() accessList {
	return accessList{addrs: make(map[common.Address]struct{}), slots: make(map[slotKey]struct{})}
}

func (l accessList) hasAddr(addr common.Address) bool {
	_, ok := l.addrs[addr]
	return ok
}

func (l accessList) has(addr common.Address, slot common.Hash) (bool, bool) {
	_, a := l.addrs[addr]
	_, s := l.slots[slotKey{addr, slot}]
	return a, s
}

func (l accessList) addAddr(addr common.Address) bool {
	if _, ok := l.addrs[addr]; ok {
		return false
	}
	l.addrs[addr] = struct{}{}
	return true
}

func (l accessList) addSlot(addr common.Address, slot common.Hash) (addrAdded, slotAdded bool) {
	addrAdded = l.addAddr(addr)
	k := slotKey{addr, slot}
	if _, ok := l.slots[k]; !ok {
		l.slots[k] = struct{}{}
		slotAdded = true
	}
	return addrAdded, slotAdded
}

func (l accessList) deleteAddr(addr common.Address)                { delete(l.addrs, addr) }
func (l accessList) deleteSlot(addr common.Address, s common.Hash) { delete(l.slots, slotKey{addr, s}) }
