package evm

import (
	"bytes"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
)

// BenchmarkSDPSend measures the SDP contract's send (the reads of the light
// client and the authorisation, the packet's encoding and hashing, three
// writes and a log) with a 256-byte message, for comparison with its gas
// (SDPSendGas + SDPSendByteGas per input byte) in gas per second next to
// BenchmarkPrecompileReference's ecrecover.
func BenchmarkSDPSend(b *testing.B) {
	c := newTestChain(b)
	c.ctx.Domain = "evm-test-chain"
	newRemoteFixture(b, c) // registers the light client of remoteB
	receiver := types.AddressID(bytes.Repeat([]byte{0x42}, 20))
	var sender common.Address // the frame-less caller of Run
	kvStore{c.kv}.Put(state.SDPPairKey(types.SDPPairID(types.Intl, remoteB, sender[:], receiver[12:])), []byte{1})
	m := newMessage(c.kv, c.ctx, types.Hash{}, sender)
	in, err := SDPABI.Pack("sendUnorderedMessageV2", remoteB, receiver, true, bytes.Repeat([]byte{7}, 256))
	if err != nil {
		b.Fatal(err)
	}
	benchPrecompile(b, sdpContract{m}, in, true)
}
