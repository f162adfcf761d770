package evm

import (
	"bytes"
	"fmt"

	"github.com/causeway/causeway/execution/lightclient"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
	"github.com/ethereum/go-ethereum/common"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/verify/proofpb"
)

// The light client system contracts (0x…0109–0x…010c) read this chain's
// light clients of other Causeway chains (package execution/lightclient,
// issue 13): a verified remote header, and the verification of a remote
// state value, transaction or evidence record against one. They only read
// the state, so they work in static calls, and they answer exactly as the
// node's LightClients API does: the same package checks both.
//
// A call reverts, with a "causeway: <function>: <code>: ..." reason, when
// its input is malformed (a proof whose bytes do not decode, an empty key, a
// record that is not an evidence record), when no light client of the chain
// is registered (client_not_found), when the client is frozen
// (client_frozen) or when it keeps no verified header at the height
// (header_not_found). A well-formed proof that does not hold returns false
// (ok false, the other outputs zero).

// Addresses of the light client system contracts.
var (
	LightClientHeaderAddress = common.HexToAddress("0x0000000000000000000000000000000000000109")
	VerifyRemoteStateAddress = common.HexToAddress("0x000000000000000000000000000000000000010a")
	VerifyRemoteTxAddress    = common.HexToAddress("0x000000000000000000000000000000000000010b")
	RemoteEvidenceAddress    = common.HexToAddress("0x000000000000000000000000000000000000010c")
)

// Gas of the light client system contracts, charged before they run: the
// reads (LightClientReadGas, two cold state reads: the client and the
// header) plus, for the verifications, the measured CPU time of the proof
// check priced like the confidential contracts (117.9 gas/µs, see
// system_confidential.go) and rounded up, plus ProofWordGas per 32-byte
// word of the input (decoding and hashing grow with the proof). See
// BenchmarkLightClientSystemContracts and .notes/lightclient.md.
const (
	// LightClientReadGas: reading a client and one of its headers.
	LightClientReadGas = 4200
	// LightClientHeaderGas is lightClientHeader's flat gas.
	LightClientHeaderGas = LightClientReadGas + 800
	// VerifyRemoteStateGas is verifyRemoteState's base gas and
	// RemoteEvidenceGas remoteEvidence's (a state proof of up to 256
	// levels, and for remoteEvidence the record's decoding).
	VerifyRemoteStateGas = LightClientReadGas + 6000
	RemoteEvidenceGas    = LightClientReadGas + 6500
	// VerifyRemoteTxGas is verifyRemoteTx's base gas: two Merkle proofs, the
	// transaction's decoding and one signature verification.
	VerifyRemoteTxGas = LightClientReadGas + 12000
	// VerifyRemoteTxSignatureGas is charged per signature the proven
	// transaction carries beyond the first (each verification is about
	// 60 µs).
	VerifyRemoteTxSignatureGas = 7100
)

// lightClientABIJSON is the ABI of the light client system contracts: the
// functions of ILightClient in contracts/ICauseway.sol.
const lightClientABIJSON = `
 {"type":"function","name":"lightClientHeader","stateMutability":"view",
  "inputs":[{"name":"chainId","type":"string"},{"name":"height","type":"uint64"}],
  "outputs":[{"name":"headerHeight","type":"uint64"},{"name":"blockHash","type":"bytes32"},{"name":"stateRoot","type":"bytes32"},
             {"name":"txRoot","type":"bytes32"},{"name":"receiptRoot","type":"bytes32"},{"name":"timeMs","type":"uint64"}]},
 {"type":"function","name":"verifyRemoteState","stateMutability":"view",
  "inputs":[{"name":"chainId","type":"string"},{"name":"height","type":"uint64"},{"name":"key","type":"bytes"},
            {"name":"value","type":"bytes"},{"name":"proof","type":"bytes"}],
  "outputs":[{"name":"ok","type":"bool"}]},
 {"type":"function","name":"verifyRemoteTx","stateMutability":"view",
  "inputs":[{"name":"chainId","type":"string"},{"name":"height","type":"uint64"},{"name":"proof","type":"bytes"}],
  "outputs":[{"name":"ok","type":"bool"},{"name":"txHash","type":"bytes32"},{"name":"sender","type":"bytes32"},
             {"name":"succeeded","type":"bool"},{"name":"txHeight","type":"uint64"},{"name":"timeMs","type":"uint64"}]},
 {"type":"function","name":"remoteEvidence","stateMutability":"view",
  "inputs":[{"name":"chainId","type":"string"},{"name":"height","type":"uint64"},{"name":"id","type":"bytes32"},
            {"name":"record","type":"bytes"},{"name":"proof","type":"bytes"}],
  "outputs":[{"name":"ok","type":"bool"},{"name":"hash","type":"bytes"},{"name":"alg","type":"string"},{"name":"owner","type":"bytes32"},
             {"name":"depositHeight","type":"uint64"},{"name":"timeMs","type":"uint64"}]},`

// lcGetter reads the state as the message sees it.
type lcGetter struct{ db *StateDB }

func (g lcGetter) Get(key []byte) ([]byte, error) {
	v := g.db.getRaw(key)
	return v, g.db.Err()
}

// lightClientRefusal is a revert for a refusal, or, for an internal
// failure, the failure of the whole message (the state is unreadable).
func (m *message) lightClientRefusal(terr *types.TxError, err error) error {
	if err != nil {
		m.db.fail(err)
		return fmt.Errorf("internal error")
	}
	return fmt.Errorf("%s: %s", terr.Code, terr.Reason)
}

// word32 is b as a 32-byte ABI word: right-aligned, its last 32 bytes if
// it is longer.
func word32(b []byte) [32]byte {
	var w [32]byte
	copy(w[32-min(len(b), 32):], b[max(0, len(b)-32):])
	return w
}

// lightClientHeader returns a verified header of the remote chain (height
// 0: the latest).
func (m *message) lightClientHeader(_ frame, args []any) ([]any, error) {
	chain, height := args[0].(string), args[1].(uint64)
	_, h, terr, err := lightclient.Header(lcGetter{m.db}, m.ctx.Suite, chain, height)
	if terr != nil || err != nil {
		return nil, m.lightClientRefusal(terr, err)
	}
	hdr := h.Header
	return []any{hdr.Height, word32(h.Hash), word32(hdr.StateRoot), word32(hdr.TxRoot), word32(hdr.ReceiptRoot), uint64(max(hdr.TimeMs, 0))}, nil
}

// smtProofArg decodes a state proof argument.
func smtProofArg(b []byte) (*proofpb.SMTProof, error) {
	p := &proofpb.SMTProof{}
	if err := proto.Unmarshal(b, p); err != nil {
		return nil, fmt.Errorf("%s: proof is not a protobuf causeway.v1.SMTProof: %v", types.CodeMalformed, err)
	}
	return p, nil
}

// verifyRemoteState returns whether the remote state after block height-1
// has key = value (absent when value is empty).
func (m *message) verifyRemoteState(_ frame, args []any) ([]any, error) {
	chain, height, key, value, raw := args[0].(string), args[1].(uint64), args[2].([]byte), args[3].([]byte), args[4].([]byte)
	p, err := smtProofArg(raw)
	if err != nil {
		return nil, err
	}
	_, terr, err := lightclient.VerifyState(lcGetter{m.db}, m.ctx.Suite, chain, height, key, value, p)
	if terr != nil && terr.Code == types.CodeBadProof {
		return []any{false}, nil
	}
	if terr != nil || err != nil {
		return nil, m.lightClientRefusal(terr, err)
	}
	return []any{true}, nil
}

// verifyRemoteTx returns a verified remote transaction: its hash, sender,
// whether it succeeded, its block and block time.
func (m *message) verifyRemoteTx(_ frame, args []any) ([]any, error) {
	chain, height, raw := args[0].(string), args[1].(uint64), args[2].([]byte)
	p := &proofpb.TxProof{}
	if err := proto.Unmarshal(raw, p); err != nil {
		return nil, fmt.Errorf("%s: proof is not a protobuf causeway.v1.TxProof: %v", types.CodeMalformed, err)
	}
	tx, terr, err := lightclient.VerifyTx(lcGetter{m.db}, m.ctx.Suite, chain, height, p)
	if terr != nil && terr.Code == types.CodeBadProof {
		return []any{false, [32]byte{}, [32]byte{}, false, uint64(0), uint64(0)}, nil
	}
	if terr != nil || err != nil {
		return nil, m.lightClientRefusal(terr, err)
	}
	return []any{true, [32]byte(tx.Hash), word32(tx.Body.Sender), tx.Receipt.Status == types.ReceiptStatus_SUCCESS, tx.Height, uint64(max(tx.TimeMs, 0))}, nil
}

// remoteEvidence verifies a remote evidence record, the value of the remote
// state key state.EvidenceKey(id) after block height-1, and returns its
// fields.
func (m *message) remoteEvidence(_ frame, args []any) ([]any, error) {
	chain, height, id, record, raw := args[0].(string), args[1].(uint64), args[2].([32]byte), args[3].([]byte), args[4].([]byte)
	p, err := smtProofArg(raw)
	if err != nil {
		return nil, err
	}
	ev, err := state.DecodeEvidence(record)
	if err != nil || len(record) == 0 {
		return nil, fmt.Errorf("%s: record is not a protobuf causeway.v1.Evidence", types.CodeMalformed)
	}
	if !bytes.Equal(ev.Id, id[:]) {
		return nil, fmt.Errorf("%s: the record is of evidence %x, not %x", types.CodeMalformed, ev.Id, id)
	}
	_, terr, err := lightclient.VerifyState(lcGetter{m.db}, m.ctx.Suite, chain, height, state.EvidenceKey(types.Hash(id)), record, p)
	if terr != nil && terr.Code == types.CodeBadProof {
		return []any{false, []byte{}, "", [32]byte{}, uint64(0), uint64(0)}, nil
	}
	if terr != nil || err != nil {
		return nil, m.lightClientRefusal(terr, err)
	}
	return []any{true, ev.Hash, ev.HashAlgorithm, word32(ev.Owner), ev.Height, uint64(max(ev.TimeMs, 0))}, nil
}

// verifyRemoteTxGas is VerifyRemoteTxGas plus ProofWordGas per word of the
// input plus VerifyRemoteTxSignatureGas per signature of the proven
// transaction beyond the first, counted by decoding the input (a cost of a
// few microseconds, far below one signature's); an input that does not
// decode is charged the base, and reverts.
func verifyRemoteTxGas(input []byte) uint64 {
	gas := VerifyRemoteTxGas + ProofWordGas*words(input)
	if len(input) < 4 {
		return gas
	}
	args, err := SystemABI.Methods["verifyRemoteTx"].Inputs.Unpack(input[4:])
	if err != nil {
		return gas
	}
	raw, _ := args[2].([]byte)
	p := &proofpb.TxProof{}
	if proto.Unmarshal(raw, p) != nil {
		return gas
	}
	if n := uint64(len(p.GetTx().GetSignatures())); n > 1 {
		gas += (n - 1) * VerifyRemoteTxSignatureGas
	}
	return gas
}
