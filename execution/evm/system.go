package evm

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"

	cwcrypto "github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
	"github.com/emmansun/gmsm/sm3"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	gethtypes "github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm"
)

// Addresses of the system contracts (see contracts/ICauseway.sol).
var (
	AccountInfoAddress = common.HexToAddress("0x0000000000000000000000000000000000000100")
	SM3Address         = common.HexToAddress("0x0000000000000000000000000000000000000101")
	SM2VerifyAddress   = common.HexToAddress("0x0000000000000000000000000000000000000102")
	EvidenceAddress    = common.HexToAddress("0x0000000000000000000000000000000000000103")

	// Confidential amounts (package crypto/confidential; see
	// system_confidential.go).
	VerifyCommitmentAddress = common.HexToAddress("0x0000000000000000000000000000000000000104")
	VerifyRangeAddress      = common.HexToAddress("0x0000000000000000000000000000000000000105")
	VerifyBalanceAddress    = common.HexToAddress("0x0000000000000000000000000000000000000106")
	AddCommitmentsAddress   = common.HexToAddress("0x0000000000000000000000000000000000000107")
	SubCommitmentsAddress   = common.HexToAddress("0x0000000000000000000000000000000000000108")
)

// Gas of the system contracts, charged before they run.
const (
	AccountInfoGas  = 2600  // accountInfo, flat (a cold account read)
	SM3BaseGas      = 60    // sm3: base
	SM3WordGas      = 12    // sm3: per 32-byte word of the call's input
	SM2VerifyGas    = 6000  // sm2Verify, flat
	EvidenceBaseGas = 25000 // depositEvidence: base (a new key and a log)
	EvidenceByteGas = 16    // depositEvidence: per byte of the call's input
)

// EvidenceHashAlgorithms are the hash algorithms depositEvidence accepts,
// sorted: the 32-byte ones among the executor's DEPOSIT_EVIDENCE algorithms.
var EvidenceHashAlgorithms = []string{"keccak256", "sha256", "sha3-256", "sm3"}

// evidenceMetaKey is the metadata key under which depositEvidence stores meta.
const evidenceMetaKey = "meta"

// SystemABIJSON is the ABI of the system contracts: the functions of
// IAccountInfo, ISM3, ISM2Verify, IEvidence, IVerifyCommitment,
// IVerifyRange, IVerifyBalance, IAddCommitments, ISubCommitments and
// ILightClient in contracts/ICauseway.sol and the EvidenceDeposited event.
const SystemABIJSON = `[
 {"type":"function","name":"accountInfo","stateMutability":"view",
  "inputs":[{"name":"id","type":"bytes32"}],
  "outputs":[{"name":"balance","type":"uint64"},{"name":"status","type":"uint8"},{"name":"version","type":"uint64"}]},
 {"type":"function","name":"sm3","stateMutability":"view",
  "inputs":[{"name":"data","type":"bytes"}],
  "outputs":[{"name":"","type":"bytes32"}]},
 {"type":"function","name":"sm2Verify","stateMutability":"view",
  "inputs":[{"name":"pubkey","type":"bytes"},{"name":"digest","type":"bytes32"},{"name":"sig","type":"bytes"}],
  "outputs":[{"name":"ok","type":"bool"}]},
 {"type":"function","name":"depositEvidence","stateMutability":"nonpayable",
  "inputs":[{"name":"hash","type":"bytes32"},{"name":"alg","type":"string"},{"name":"meta","type":"string"}],
  "outputs":[{"name":"id","type":"bytes32"}]},
 {"type":"function","name":"verifyCommitment","stateMutability":"pure",
  "inputs":[{"name":"commitment","type":"bytes32"},{"name":"value","type":"uint64"},{"name":"blinding","type":"bytes32"}],
  "outputs":[{"name":"ok","type":"bool"}]},
 {"type":"function","name":"verifyRange","stateMutability":"pure",
  "inputs":[{"name":"commitments","type":"bytes32[]"},{"name":"proof","type":"bytes"},{"name":"context","type":"bytes"}],
  "outputs":[{"name":"ok","type":"bool"}]},
 {"type":"function","name":"verifyBalance","stateMutability":"pure",
  "inputs":[{"name":"inputs","type":"bytes32[]"},{"name":"outputs","type":"bytes32[]"},{"name":"fee","type":"uint64"},
            {"name":"proof","type":"bytes"},{"name":"context","type":"bytes"}],
  "outputs":[{"name":"ok","type":"bool"}]},
 {"type":"function","name":"addCommitments","stateMutability":"pure",
  "inputs":[{"name":"a","type":"bytes32"},{"name":"b","type":"bytes32"}],
  "outputs":[{"name":"sum","type":"bytes32"}]},
 {"type":"function","name":"subCommitments","stateMutability":"pure",
  "inputs":[{"name":"a","type":"bytes32"},{"name":"b","type":"bytes32"}],
  "outputs":[{"name":"difference","type":"bytes32"}]},` + lightClientABIJSON + `
 {"type":"event","name":"EvidenceDeposited","anonymous":false,
  "inputs":[{"name":"id","type":"bytes32","indexed":true},{"name":"owner","type":"bytes32","indexed":true},
            {"name":"hash","type":"bytes32","indexed":false},{"name":"alg","type":"string","indexed":false},
            {"name":"meta","type":"string","indexed":false}]}
]`

// SystemABI is SystemABIJSON parsed.
var SystemABI = mustABI(SystemABIJSON)

func mustABI(s string) abi.ABI {
	a, err := abi.JSON(strings.NewReader(s))
	if err != nil {
		panic(fmt.Sprintf("evm: system ABI: %v", err))
	}
	return a
}

// errorSelector is the selector of Error(string), the revert data of
// Solidity's require and revert with a reason.
var errorSelector = []byte{0x08, 0xc3, 0x79, 0xa0}

var stringArgs = func() abi.Arguments {
	t, err := abi.NewType("string", "", nil)
	if err != nil {
		panic(err)
	}
	return abi.Arguments{{Type: t}}
}()

// revertData encodes Error(reason).
func revertData(reason string) []byte {
	b, err := stringArgs.Pack(reason)
	if err != nil { // a string always packs
		panic(err)
	}
	return append(slices.Clone(errorSelector), b...)
}

// systemContract is a native contract reachable at a fixed address: one ABI
// function, bound to the message it runs in. It implements
// vm.PrecompiledContract.
type systemContract struct {
	m      *message
	addr   common.Address
	method abi.Method
	gas    func(input []byte) uint64
	run    func(f frame, args []any) ([]any, error)
}

var _ vm.PrecompiledContract = (*systemContract)(nil)

// systemContracts returns the system contracts bound to m.
func (m *message) systemContracts() []*systemContract {
	return []*systemContract{
		{m: m, addr: AccountInfoAddress, method: SystemABI.Methods["accountInfo"],
			gas: func([]byte) uint64 { return AccountInfoGas }, run: m.accountInfo},
		{m: m, addr: SM3Address, method: SystemABI.Methods["sm3"],
			gas: func(in []byte) uint64 { return SM3BaseGas + SM3WordGas*words(in) }, run: sm3Run},
		{m: m, addr: SM2VerifyAddress, method: SystemABI.Methods["sm2Verify"],
			gas: func([]byte) uint64 { return SM2VerifyGas }, run: sm2VerifyRun},
		{m: m, addr: EvidenceAddress, method: SystemABI.Methods["depositEvidence"],
			gas: func(in []byte) uint64 { return EvidenceBaseGas + EvidenceByteGas*uint64(len(in)) }, run: m.depositEvidence},
		{m: m, addr: VerifyCommitmentAddress, method: SystemABI.Methods["verifyCommitment"],
			gas: func([]byte) uint64 { return VerifyCommitmentGas }, run: verifyCommitmentRun},
		{m: m, addr: VerifyRangeAddress, method: SystemABI.Methods["verifyRange"],
			gas: verifyRangeGas, run: verifyRangeRun},
		{m: m, addr: VerifyBalanceAddress, method: SystemABI.Methods["verifyBalance"],
			gas: verifyBalanceGas, run: verifyBalanceRun},
		{m: m, addr: AddCommitmentsAddress, method: SystemABI.Methods["addCommitments"],
			gas: func([]byte) uint64 { return CommitmentArithmeticGas }, run: addCommitmentsRun},
		{m: m, addr: SubCommitmentsAddress, method: SystemABI.Methods["subCommitments"],
			gas: func([]byte) uint64 { return CommitmentArithmeticGas }, run: subCommitmentsRun},
		{m: m, addr: LightClientHeaderAddress, method: SystemABI.Methods["lightClientHeader"],
			gas: func([]byte) uint64 { return LightClientHeaderGas }, run: m.lightClientHeader},
		{m: m, addr: VerifyRemoteStateAddress, method: SystemABI.Methods["verifyRemoteState"],
			gas: func(in []byte) uint64 { return VerifyRemoteStateGas + ProofWordGas*words(in) }, run: m.verifyRemoteState},
		{m: m, addr: VerifyRemoteTxAddress, method: SystemABI.Methods["verifyRemoteTx"],
			gas: verifyRemoteTxGas, run: m.verifyRemoteTx},
		{m: m, addr: RemoteEvidenceAddress, method: SystemABI.Methods["remoteEvidence"],
			gas: func(in []byte) uint64 { return RemoteEvidenceGas + ProofWordGas*words(in) }, run: m.remoteEvidence},
	}
}

func words(b []byte) uint64 { return (uint64(len(b)) + 31) / 32 }

// RequiredGas returns the gas the call costs.
func (c *systemContract) RequiredGas(input []byte) uint64 { return c.gas(input) }

// Name returns the function's name.
func (c *systemContract) Name() string { return "causeway." + c.method.Name }

// Run decodes the call, runs it and encodes its outputs. Any failure is a
// revert with an Error(string) reason, so that the caller's gas is kept and
// Solidity shows the reason.
func (c *systemContract) Run(input []byte) (ret []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			ret, err = revertData(fmt.Sprintf("causeway: %s failed: %v", c.method.Name, r)), vm.ErrExecutionReverted
		}
	}()
	revert := func(format string, a ...any) ([]byte, error) {
		return revertData("causeway: " + c.method.Name + ": " + fmt.Sprintf(format, a...)), vm.ErrExecutionReverted
	}
	f, _ := c.m.top()
	if f.value && (f.typ == vm.CALL || f.typ == vm.CALLCODE) {
		return revert("system contracts do not accept value")
	}
	if len(input) < 4 || !bytes.Equal(input[:4], c.method.ID) {
		return revert("unknown function selector; %x implements only %s", c.addr, c.method.Sig)
	}
	args, err := c.method.Inputs.Unpack(input[4:])
	if err != nil {
		return revert("malformed arguments: %v", err)
	}
	out, err := c.run(f, args)
	if err != nil {
		return revert("%v", err)
	}
	return c.method.Outputs.Pack(out...)
}

func (m *message) accountInfo(_ frame, args []any) ([]any, error) {
	id := types.Hash(args[0].([32]byte))
	balance, status, version := m.db.accountInfo(id)
	return []any{balance, status, version}, nil
}

func sm3Run(_ frame, args []any) ([]any, error) {
	return []any{sm3.Sum(args[0].([]byte))}, nil
}

// sm2VerifyRun verifies as the chain verifies SM2 transaction signatures
// (crypto.Verify): over SM3(Z_A || digest) with the default user ID.
func sm2VerifyRun(_ frame, args []any) ([]any, error) {
	pub, digest, sig := args[0].([]byte), args[1].([32]byte), args[2].([]byte)
	return []any{cwcrypto.Verify(types.SignatureScheme_SM2, pub, digest[:], sig) == nil}, nil
}

// EvidenceID returns the id of the n-th (from 0) evidence deposited through
// the system contract in transaction txHash, by the contract or account at
// caller: hash(txHash || caller || uint64be(n)), hash being h or SHA-256.
func EvidenceID(h func([]byte) [32]byte, txHash types.Hash, caller common.Address, n uint64) types.Hash {
	b := make([]byte, 0, types.HashSize+common.AddressLength+8)
	b = append(b, txHash[:]...)
	b = append(b, caller[:]...)
	b = binary.BigEndian.AppendUint64(b, n)
	return types.Hash(chainHash(h, b))
}

func (m *message) depositEvidence(f frame, args []any) ([]any, error) {
	if f.static {
		return nil, fmt.Errorf("not allowed in a static call")
	}
	hash, alg, meta := args[0].([32]byte), args[1].(string), args[2].(string)
	if hash == ([32]byte{}) {
		return nil, fmt.Errorf("evidence hash is zero")
	}
	if !slices.Contains(EvidenceHashAlgorithms, alg) {
		return nil, fmt.Errorf("hash algorithm %q is not one of %v", alg, EvidenceHashAlgorithms)
	}
	var md []*types.Attribute
	if meta != "" {
		limit := m.ctx.MaxEvidenceMetadataBytes
		if limit <= 0 {
			limit = DefaultMaxEvidenceMetadataBytes
		}
		if size := len(evidenceMetaKey) + len(meta); size > limit {
			return nil, fmt.Errorf("metadata is %d bytes, the limit is %d", size, limit)
		}
		if terr := types.CheckText("metadata", meta, limit); terr != nil {
			return nil, fmt.Errorf("%s", terr.Reason)
		}
		md = []*types.Attribute{{Key: evidenceMetaKey, Value: meta}}
	}
	n := m.deposits
	m.deposits++
	id := EvidenceID(m.ctx.Hash, m.txHash, f.from, n)
	key := state.EvidenceKey(id)
	if m.db.getRaw(key) != nil {
		// Unreachable while transaction hashes are unique, but never overwrite.
		return nil, fmt.Errorf("evidence %s already exists", id)
	}
	owner := m.db.identity(f.from)
	ev := &types.Evidence{
		Id:            id.Bytes(),
		Hash:          hash[:],
		HashAlgorithm: alg,
		Metadata:      md,
		Owner:         owner.Bytes(),
		TxHash:        m.txHash.Bytes(),
		Height:        m.ctx.Height,
		TimeMs:        m.ctx.TimeMs,
	}
	m.db.setRaw(key, state.EncodeEvidence(ev))
	event := SystemABI.Events["EvidenceDeposited"]
	data, err := event.Inputs.NonIndexed().Pack(hash, alg, meta)
	if err != nil {
		return nil, err
	}
	m.db.AddLog(&gethtypes.Log{
		Address: EvidenceAddress,
		Topics:  []common.Hash{event.ID, common.Hash(id), common.Hash(owner)},
		Data:    data,
	})
	return []any{[32]byte(id)}, nil
}
