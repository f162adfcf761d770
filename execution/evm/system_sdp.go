package evm

import (
	"fmt"
	"math/big"

	"github.com/causeway/causeway/execution/sdp"
	"github.com/causeway/causeway/types"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	gethtypes "github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/holiman/uint256"
)

// The SDP system contract (0x…010d): cross-chain contract messages with
// the AntChain Bridge SDP interface (ISDPMessage in contracts/ICauseway.sol;
// the rules are package execution/sdp's). A contract sends with
// sendMessage/sendUnorderedMessage, their atomic V2 forms that return the
// message id, and the V3 forms with a timeout by the receiving chain's
// height (timeoutMeasure 2) or time in Unix seconds (4). The receiving
// chain calls the receiver's recvMessage/recvUnorderedMessage from this
// address, and the sender's ackOnSuccess/ackOnError, so receivers check
// msg.sender against it. A send that is refused reverts with
// "causeway: <function>: <code>: ...".

// SDPAddress is the address of the SDP system contract.
var SDPAddress = common.HexToAddress("0x000000000000000000000000000000000000010d")

// Gas of the SDP system contract.
const (
	// SDPSendGas is a send's base gas: three new keys (the packet, its
	// record, the channel sequence or counter), the reads of the light
	// client and the authorisation, and a log.
	SDPSendGas = 60_000
	// SDPSendByteGas is charged per byte of the call's input (the message
	// is stored twice: in the packet and in the acknowledgement).
	SDPSendByteGas = 24
	// SDPQueryGas is querySDPMessageSeq's gas (one cold read).
	SDPQueryGas = 2600
)

// sdpABIJSON is the ABI of the SDP system contract: ISDPMessage in
// contracts/ICauseway.sol, and its MessageSent event.
const sdpABIJSON = `[
 {"type":"function","name":"sendMessage","stateMutability":"nonpayable",
  "inputs":[{"name":"receiverDomain","type":"string"},{"name":"receiverID","type":"bytes32"},{"name":"message","type":"bytes"}],"outputs":[]},
 {"type":"function","name":"sendUnorderedMessage","stateMutability":"nonpayable",
  "inputs":[{"name":"receiverDomain","type":"string"},{"name":"receiverID","type":"bytes32"},{"name":"message","type":"bytes"}],"outputs":[]},
 {"type":"function","name":"sendMessageV2","stateMutability":"nonpayable",
  "inputs":[{"name":"receiverDomain","type":"string"},{"name":"receiverID","type":"bytes32"},{"name":"atomic","type":"bool"},{"name":"message","type":"bytes"}],
  "outputs":[{"name":"","type":"bytes32"}]},
 {"type":"function","name":"sendUnorderedMessageV2","stateMutability":"nonpayable",
  "inputs":[{"name":"receiverDomain","type":"string"},{"name":"receiverID","type":"bytes32"},{"name":"atomic","type":"bool"},{"name":"message","type":"bytes"}],
  "outputs":[{"name":"","type":"bytes32"}]},
 {"type":"function","name":"sendMessageV3","stateMutability":"nonpayable",
  "inputs":[{"name":"receiverDomain","type":"string"},{"name":"receiverID","type":"bytes32"},{"name":"atomic","type":"bool"},{"name":"message","type":"bytes"},
            {"name":"timeoutMeasure","type":"uint8"},{"name":"timeout","type":"uint256"}],
  "outputs":[{"name":"","type":"bytes32"}]},
 {"type":"function","name":"sendUnorderedMessageV3","stateMutability":"nonpayable",
  "inputs":[{"name":"receiverDomain","type":"string"},{"name":"receiverID","type":"bytes32"},{"name":"atomic","type":"bool"},{"name":"message","type":"bytes"},
            {"name":"timeoutMeasure","type":"uint8"},{"name":"timeout","type":"uint256"}],
  "outputs":[{"name":"","type":"bytes32"}]},
 {"type":"function","name":"querySDPMessageSeq","stateMutability":"view",
  "inputs":[{"name":"senderDomain","type":"string"},{"name":"senderID","type":"bytes32"},{"name":"receiverDomain","type":"string"},{"name":"receiverID","type":"bytes32"}],
  "outputs":[{"name":"","type":"uint32"}]},
 {"type":"event","name":"MessageSent","anonymous":false,
  "inputs":[{"name":"messageId","type":"bytes32","indexed":true},{"name":"sender","type":"bytes32","indexed":true},
            {"name":"receiverDomain","type":"string","indexed":false},{"name":"receiverID","type":"bytes32","indexed":false},
            {"name":"sequence","type":"uint32","indexed":false},{"name":"nonce","type":"uint64","indexed":false},
            {"name":"atomic","type":"bool","indexed":false}]}
]`

// SDPABI is the SDP system contract's ABI.
var SDPABI = mustABI(sdpABIJSON)

// SDPMessageSentTopic is the first topic of the MessageSent log the SDP
// contract emits for every message sent; the second is the message id.
var SDPMessageSentTopic = SDPABI.Events["MessageSent"].ID

// sdpContract is the SDP system contract bound to a message.
type sdpContract struct{ m *message }

var _ vm.PrecompiledContract = sdpContract{}

func (c sdpContract) Name() string { return "causeway.sdp" }

func (c sdpContract) RequiredGas(input []byte) uint64 {
	if len(input) >= 4 {
		if mt, err := SDPABI.MethodById(input[:4]); err == nil && mt.Name == "querySDPMessageSeq" {
			return SDPQueryGas
		}
	}
	return SDPSendGas + SDPSendByteGas*uint64(len(input))
}

// Run decodes and dispatches a call; any refusal is a revert with its
// reason.
func (c sdpContract) Run(input []byte) (ret []byte, err error) {
	name := "sdp"
	defer func() {
		if r := recover(); r != nil {
			ret, err = revertData(fmt.Sprintf("causeway: %s failed: %v", name, r)), vm.ErrExecutionReverted
		}
	}()
	revert := func(format string, a ...any) ([]byte, error) {
		return revertData("causeway: " + name + ": " + fmt.Sprintf(format, a...)), vm.ErrExecutionReverted
	}
	f, _ := c.m.top()
	if f.value && (f.typ == vm.CALL || f.typ == vm.CALLCODE) {
		return revert("system contracts do not accept value")
	}
	if len(input) < 4 {
		return revert("no function selector")
	}
	mt, err := SDPABI.MethodById(input[:4])
	if err != nil {
		return revert("unknown function selector %x", input[:4])
	}
	name = mt.Name
	args, err := mt.Inputs.Unpack(input[4:])
	if err != nil {
		return revert("malformed arguments: %v", err)
	}
	if mt.Name == "querySDPMessageSeq" {
		sender, receiver := args[1].([32]byte), args[3].([32]byte)
		seq, err := sdp.NextSequence(lcGetter{c.m.db}, c.m.ctx.Suite, args[0].(string), sender, args[2].(string), receiver, args[0].(string) != c.m.ctx.Domain)
		if err != nil {
			c.m.db.fail(err)
			return revert("internal error")
		}
		return mt.Outputs.Pack(seq)
	}
	if f.static {
		return revert("not allowed in a static call")
	}
	req := sdp.SendRequest{Sender: f.from, ReceiverDomain: args[0].(string), Receiver: args[1].([32]byte)}
	switch mt.Name {
	case "sendMessage", "sendUnorderedMessage":
		req.Message = args[2].([]byte)
	default:
		req.Atomic, req.Message = args[2].(bool), args[3].([]byte)
	}
	req.Ordered = mt.Name == "sendMessage" || mt.Name == "sendMessageV2" || mt.Name == "sendMessageV3"
	if len(args) == 6 {
		req.TimeoutMeasure = args[4].(uint8)
		t := args[5].(*big.Int)
		if !t.IsUint64() {
			return revert("%s: timeout %s is beyond 2^64", types.CodeInvalidPayload, t)
		}
		req.Timeout = t.Uint64()
	}
	env := sdp.Env{Suite: c.m.ctx.Suite, ChainID: c.m.ctx.Domain, Height: c.m.ctx.Height, TimeMs: c.m.ctx.TimeMs}
	p, terr, err := sdp.Send(sdpStore{c.m.db}, env, req)
	if err != nil {
		c.m.db.fail(err)
		return revert("internal error")
	}
	if terr != nil {
		return revert("%s: %s", terr.Code, terr.Reason)
	}
	ev := SDPABI.Events["MessageSent"]
	data, err := ev.Inputs.NonIndexed().Pack(p.ReceiverDomain, p.Receiver, p.Sequence, p.Nonce, req.Atomic)
	if err != nil {
		return nil, err
	}
	c.m.db.AddLog(&gethtypes.Log{Address: SDPAddress, Topics: []common.Hash{ev.ID, common.Hash(p.ID), common.Hash(p.Author)}, Data: data})
	return mt.Outputs.Pack(outputsOf(mt, p)...)
}

func outputsOf(mt *abi.Method, p *types.SDPPacket) []any {
	if len(mt.Outputs) == 0 {
		return nil
	}
	return []any{[32]byte(p.ID)}
}

// sdpStore lets the SDP rules read and write the message's state, journaled
// (a revert undoes a send).
type sdpStore struct{ db *StateDB }

func (s sdpStore) Get(key []byte) ([]byte, error) {
	v := s.db.getRaw(key)
	return v, s.db.Err()
}

func (s sdpStore) Put(key, value []byte) { s.db.setRaw(key, value) }

// SystemCall runs a call of the 20-byte address to from the system address
// from (the SDP contract delivering a message or an acknowledgement), with
// input and gasLimit gas and no value, as part of the transaction txHash.
// from needs no account. On success the net writes go to kv; on failure
// nothing is written. The error is non-nil only if kv failed or holds
// corrupt state.
func SystemCall(kv KV, ctx Context, from common.Address, txHash types.Hash, to common.Address, input []byte, gasLimit uint64) (*Result, error) {
	m := newMessage(kv, ctx, txHash, from)
	db := m.db
	if m.evm.Context.GasLimit == 0 {
		m.evm.Context.GasLimit = gasLimit
	}
	db.Prepare(m.rules, from, m.ctx.Coinbase, &to, m.precompiles, nil)
	ret, left, vmErr := m.safely(func() ([]byte, uint64, error) {
		return m.evm.Call(from, to, input, gasLimit, new(uint256.Int))
	})
	if db.err != nil {
		return nil, db.err
	}
	return m.finish(ret, gasLimit-min(left, gasLimit), vmErr, kv)
}
