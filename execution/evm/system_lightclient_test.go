package evm

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/execution/lightclient"
	"github.com/causeway/causeway/execution/lightclient/lctest"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify/proofpb"
)

// kvStore lets package lightclient write the test KV, as the executor's
// transaction view would.
type kvStore struct{ kv *memKV }

func (s kvStore) Get(k []byte) ([]byte, error) { return s.kv.Get(k) }
func (s kvStore) Put(k, v []byte) {
	if v == nil {
		s.kv.Delete(k)
		return
	}
	s.kv.Set(k, v)
}

// remoteFixture is a remote chain B whose light client this test chain
// keeps, with an evidence record deposited in B's block depositHeight, and
// B's header depositHeight+1 (whose state root holds the record, and whose
// receipt root the deposit's receipt) verified.
type remoteFixture struct {
	r             *lctest.Remote
	id            types.Hash
	record        []byte
	deposit       *types.Transaction
	depositHeight uint64
	kept          uint64
}

const remoteB = "remote-b"

func newRemoteFixture(t testing.TB, c *testChain) *remoteFixture {
	return newRemoteFixtureFilled(t, c, 0)
}

// newRemoteFixtureFilled is newRemoteFixture on a remote state that also
// holds fill other keys (deeper state proofs).
func newRemoteFixtureFilled(t testing.TB, c *testChain, fill int) *remoteFixture {
	t.Helper()
	r := lctest.NewRemote(t, remoteB, 4)
	if fill > 0 {
		ws := map[string][]byte{}
		for i := range fill {
			k := state.EvidenceKey(types.Intl.Sum(binary.BigEndian.AppendUint64(nil, uint64(i))))
			ws[string(k)] = []byte("filler")
		}
		r.Block(nil, ws)
	}
	env := lightclient.Env{Suite: types.Intl, ChainID: "evm-test-chain", Height: 5, TimeMs: testTimeMs}
	if _, terr, err := lightclient.Register(kvStore{c.kv}, env, types.Hash{0xa1}, r.Register()); terr != nil || err != nil {
		t.Fatalf("register: %v %v", terr, err)
	}
	f := &remoteFixture{r: r}
	r.Blocks(2)
	f.deposit = r.Tx(types.TxType_DEPOSIT_EVIDENCE, []byte("deposit"), 1)
	f.id = r.Suite.TxHash(f.deposit)
	f.depositHeight = r.Height() + 1
	owner := r.Suite.AccountID("user")
	f.record = state.EncodeEvidence(&types.Evidence{Id: f.id.Bytes(), Hash: bytes.Repeat([]byte{0xd1}, 32), HashAlgorithm: "sha256",
		Owner: owner.Bytes(), TxHash: f.id.Bytes(), Height: f.depositHeight, TimeMs: r.Genesis.TimeMs + int64(f.depositHeight)*1000})
	r.Block([]*types.Transaction{f.deposit}, map[string][]byte{string(state.EvidenceKey(f.id)): f.record})
	r.Blocks(2)
	f.kept = f.depositHeight + 1
	env.Height++
	if _, terr, err := lightclient.Update(kvStore{c.kv}, env, r.Update(f.kept)); terr != nil || err != nil {
		t.Fatalf("update: %v %v", terr, err)
	}
	c.kv.writes = nil
	return f
}

// proof returns the record's state proof under the kept header, encoded.
func (f *remoteFixture) proof(t testing.TB, key []byte) ([]byte, []byte) {
	t.Helper()
	v, p := f.r.Prove(f.r.Header(f.kept).StateRoot, key)
	b, err := proto.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	return v, b
}

func (f *remoteFixture) txProof(t testing.TB) *proofpb.TxProof {
	p := f.r.TxProof(f.depositHeight, 0)
	p.Next, p.Config, p.ConfigChain = nil, nil, nil
	return p
}

func mustMarshal(t testing.TB, m proto.Message) []byte {
	t.Helper()
	b, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// lightClientHeader returns a kept header's fields; height 0 is the
// latest; unknown chains and heights revert with their code.
func TestSystemLightClientHeader(t *testing.T) {
	c := newTestChain(t)
	f := newRemoteFixture(t, c)
	hdr := f.r.Header(f.kept)
	want := f.r.Suite.HeaderHash(hdr)
	for _, height := range []uint64{0, f.kept} {
		res := c.sysCall(LightClientHeaderAddress, "lightClientHeader", remoteB, height)
		if res.Err != nil {
			t.Fatalf("lightClientHeader(%d): %v %q", height, res.Err, res.RevertReason)
		}
		out, _ := SystemABI.Unpack("lightClientHeader", res.ReturnData)
		if out[0].(uint64) != f.kept || out[1].([32]byte) != [32]byte(want) || out[2].([32]byte) != [32]byte(hdr.StateRoot) ||
			out[3].([32]byte) != [32]byte(hdr.TxRoot) || out[4].([32]byte) != [32]byte(hdr.ReceiptRoot) || out[5].(uint64) != uint64(hdr.TimeMs) {
			t.Fatalf("lightClientHeader(%d) = %v", height, out)
		}
	}
	c.expectRevert(LightClientHeaderAddress, "client_not_found", "lightClientHeader", "no-such-chain", uint64(0))
	c.expectRevert(LightClientHeaderAddress, "header_not_found", "lightClientHeader", remoteB, f.kept+1)
	// In a read-only call too.
	input, _ := SystemABI.Pack("lightClientHeader", remoteB, uint64(0))
	res, err := Query(c.kv, c.ctx, alice, LightClientHeaderAddress.Bytes(), input, 0)
	if err != nil || res.Err != nil {
		t.Fatalf("query: %v %v", err, res.Err)
	}
}

// verifyRemoteState: true for the value under the kept header, false for
// another value or a wrong absence, a revert for malformed input.
func TestSystemVerifyRemoteState(t *testing.T) {
	c := newTestChain(t)
	f := newRemoteFixture(t, c)
	key := state.EvidenceKey(f.id)
	v, p := f.proof(t, key)
	if !bytes.Equal(v, f.record) {
		t.Fatal("fixture: the record is not under the kept header")
	}
	if !c.verdict(VerifyRemoteStateAddress, "verifyRemoteState", remoteB, f.kept, key, f.record, p) {
		t.Fatal("the record does not verify")
	}
	forged := bytes.Clone(f.record)
	forged[len(forged)-1]++
	if c.verdict(VerifyRemoteStateAddress, "verifyRemoteState", remoteB, f.kept, key, forged, p) {
		t.Fatal("a forged record verifies")
	}
	if c.verdict(VerifyRemoteStateAddress, "verifyRemoteState", remoteB, f.kept, key, []byte{}, p) {
		t.Fatal("the record's absence verifies")
	}
	// An absent key's absence verifies; before its block the record was absent.
	other := state.EvidenceKey(types.Hash{0xee})
	v, ap := f.proof(t, other)
	if v != nil || !c.verdict(VerifyRemoteStateAddress, "verifyRemoteState", remoteB, f.kept, other, []byte{}, ap) {
		t.Fatal("an absence does not verify")
	}
	c.expectRevert(VerifyRemoteStateAddress, "malformed", "verifyRemoteState", remoteB, f.kept, key, f.record, []byte{0xff, 0x01})
	c.expectRevert(VerifyRemoteStateAddress, "malformed", "verifyRemoteState", remoteB, f.kept, []byte{}, f.record, p)
	c.expectRevert(VerifyRemoteStateAddress, "header_not_found", "verifyRemoteState", remoteB, f.kept-1, key, f.record, p)
	c.expectRevert(VerifyRemoteStateAddress, "client_not_found", "verifyRemoteState", "no-such-chain", f.kept, key, f.record, p)
}

// verifyRemoteTx returns the proven transaction's fields; an altered proof
// gives ok = false.
func TestSystemVerifyRemoteTx(t *testing.T) {
	c := newTestChain(t)
	f := newRemoteFixture(t, c)
	res := c.sysCall(VerifyRemoteTxAddress, "verifyRemoteTx", remoteB, f.kept, mustMarshal(t, f.txProof(t)))
	if res.Err != nil {
		t.Fatalf("verifyRemoteTx: %v %q", res.Err, res.RevertReason)
	}
	out, _ := SystemABI.Unpack("verifyRemoteTx", res.ReturnData)
	sender := f.r.Suite.AccountID("user")
	if !out[0].(bool) || out[1].([32]byte) != [32]byte(f.id) || out[2].([32]byte) != [32]byte(sender) || !out[3].(bool) ||
		out[4].(uint64) != f.depositHeight || out[5].(uint64) != uint64(f.r.Header(f.depositHeight).TimeMs) {
		t.Fatalf("verifyRemoteTx = %v", out)
	}
	bad := f.txProof(t)
	bad.Receipt.Status = types.ReceiptStatus_FAILED
	res = c.sysCall(VerifyRemoteTxAddress, "verifyRemoteTx", remoteB, f.kept, mustMarshal(t, bad))
	out, _ = SystemABI.Unpack("verifyRemoteTx", res.ReturnData)
	if res.Err != nil || out[0].(bool) || out[1].([32]byte) != [32]byte{} {
		t.Fatalf("an altered receipt: %v %v", res.Err, out)
	}
	c.expectRevert(VerifyRemoteTxAddress, "malformed", "verifyRemoteTx", remoteB, f.kept, []byte("not a proof"))
	c.expectRevert(VerifyRemoteTxAddress, "header_not_found", "verifyRemoteTx", remoteB, uint64(0), mustMarshal(t, f.txProof(t)))
}

// remoteEvidence decodes a proven record; a record of another id reverts,
// a forged one gives ok = false.
func TestSystemRemoteEvidence(t *testing.T) {
	c := newTestChain(t)
	f := newRemoteFixture(t, c)
	_, p := f.proof(t, state.EvidenceKey(f.id))
	res := c.sysCall(RemoteEvidenceAddress, "remoteEvidence", remoteB, f.kept, [32]byte(f.id), f.record, p)
	if res.Err != nil {
		t.Fatalf("remoteEvidence: %v %q", res.Err, res.RevertReason)
	}
	out, _ := SystemABI.Unpack("remoteEvidence", res.ReturnData)
	owner := f.r.Suite.AccountID("user")
	if !out[0].(bool) || !bytes.Equal(out[1].([]byte), bytes.Repeat([]byte{0xd1}, 32)) || out[2].(string) != "sha256" ||
		out[3].([32]byte) != [32]byte(owner) || out[4].(uint64) != f.depositHeight || out[5].(uint64) != uint64(1_700_000_000_000+int64(f.depositHeight)*1000) {
		t.Fatalf("remoteEvidence = %v", out)
	}
	ev, _ := state.DecodeEvidence(f.record)
	ev.TimeMs += 1000 // an earlier deposit claimed: not what B holds
	if c.verdict(RemoteEvidenceAddress, "remoteEvidence", remoteB, f.kept, [32]byte(f.id), state.EncodeEvidence(ev), p) {
		t.Fatal("a forged deposit time verifies")
	}
	c.expectRevert(RemoteEvidenceAddress, "malformed", "remoteEvidence", remoteB, f.kept, [32]byte{1}, f.record, p)
	c.expectRevert(RemoteEvidenceAddress, "malformed", "remoteEvidence", remoteB, f.kept, [32]byte(f.id), []byte{}, p)
}

// A Solidity contract proves, through the light client, that an evidence
// record exists on the remote chain and reads its deposit time; a forged
// record is refused; once the client is frozen, the contract's call fails
// with the system contract's reason.
func TestRemoteEvidenceCheckContract(t *testing.T) {
	c := newTestChain(t)
	f := newRemoteFixture(t, c)
	at, a, _ := c.deploy(alice, "RemoteEvidenceCheck", 0, remoteB)
	_, p := f.proof(t, state.EvidenceKey(f.id))
	want := uint64(1_700_000_000_000 + int64(f.depositHeight)*1000)
	res := c.mustCall(bob, at, a, "attest", f.kept, [32]byte(f.id), f.record, p)
	if out := unpack(t, a, "attest", res); out[0].(uint64) != want {
		t.Fatalf("attest returned %v, want %d", out, want)
	}
	if len(res.Logs) != 1 || !bytes.Equal(res.Logs[0].Topics[1], f.id[:]) {
		t.Fatalf("logs: %v", res.Logs)
	}
	if out := c.query(carol, at, a, "depositTime", [32]byte(f.id)); !out[0].(bool) || out[1].(uint64) != want {
		t.Fatalf("depositTime = %v", out)
	}
	if out := c.query(carol, at, a, "latestRemoteHeader"); out[0].(uint64) != f.kept {
		t.Fatalf("latestRemoteHeader = %v", out)
	}
	ev, _ := state.DecodeEvidence(f.record)
	ev.TimeMs -= 86_400_000
	other := types.Hash{0x42}
	res = c.call(bob, at, a, 0, "attest", f.kept, [32]byte(f.id), state.EncodeEvidence(ev), p)
	if !errors.Is(res.Err, ErrReverted) || !strings.Contains(res.RevertReason, "does not hold") {
		t.Fatalf("forged record: %v %q", res.Err, res.RevertReason)
	}
	if out := c.query(carol, at, a, "depositTime", [32]byte(other)); out[0].(bool) {
		t.Fatal("an unproven id reads as proven")
	}

	// B's node set signs another block at the kept height: the client
	// freezes, and the contract can no longer prove anything.
	env := lightclient.Env{Suite: types.Intl, ChainID: "evm-test-chain", Height: 20, TimeMs: testTimeMs}
	forged := f.r.Forge(f.kept, 1, nil)
	if out, terr, err := lightclient.Update(kvStore{c.kv}, env, f.r.ForgedUpdate(forged, f.r.Chain(f.kept))); terr != nil || err != nil || out.Misbehaviour == nil {
		t.Fatalf("freeze: %v %v", terr, err)
	}
	res = c.call(bob, at, a, 0, "attest", f.kept, [32]byte(f.id), f.record, p)
	if !errors.Is(res.Err, ErrReverted) || !strings.HasPrefix(res.RevertReason, "causeway: remoteEvidence: client_frozen: ") {
		t.Fatalf("frozen client: %v %q", res.Err, res.RevertReason)
	}
}

// Each light client system contract charges its documented gas: with one
// gas less than intrinsic plus its charge it runs out, with exactly that it
// succeeds.
func TestLightClientSystemContractGas(t *testing.T) {
	c := newTestChain(t)
	f := newRemoteFixture(t, c)
	key := state.EvidenceKey(f.id)
	_, p := f.proof(t, key)
	tp := f.txProof(t)
	tp.Tx.Signatures = append(tp.Tx.Signatures, tp.Tx.Signatures[0]) // two signatures
	for _, cs := range []struct {
		to     common.Address
		method string
		args   []any
		gas    func(in []byte) uint64
	}{
		{LightClientHeaderAddress, "lightClientHeader", []any{remoteB, uint64(0)}, func([]byte) uint64 { return 5000 }},
		{VerifyRemoteStateAddress, "verifyRemoteState", []any{remoteB, f.kept, key, f.record, p}, func(in []byte) uint64 { return 10200 + 12*words(in) }},
		{VerifyRemoteTxAddress, "verifyRemoteTx", []any{remoteB, f.kept, mustMarshal(t, tp)}, func(in []byte) uint64 { return 16200 + 7100 + 12*words(in) }},
		{RemoteEvidenceAddress, "remoteEvidence", []any{remoteB, f.kept, [32]byte(f.id), f.record, p}, func(in []byte) uint64 { return 10700 + 12*words(in) }},
	} {
		input, err := SystemABI.Pack(cs.method, cs.args...)
		if err != nil {
			t.Fatal(err)
		}
		need := IntrinsicGas(input, false) + cs.gas(input)
		if res := c.sysCallInput(cs.to, input, need-1); !errors.Is(res.Err, ErrOutOfGas) {
			t.Fatalf("%s with one gas too few: %v", cs.method, res.Err)
		}
		if res := c.sysCallInput(cs.to, input, need); res.Err != nil || res.GasUsed != need {
			t.Fatalf("%s with its gas: %v %q, used %d of %d", cs.method, res.Err, res.RevertReason, res.GasUsed, need)
		}
	}
}

// BenchmarkLightClientSystemContracts measures the light client system
// contracts' Run (ABI and protobuf decoding, the state reads from memory,
// the verification) on valid calls against a remote state of 20,000 keys,
// and reports the gas they charge and the gas per second that makes; the
// gas is meant to buy no more CPU time per gas than the confidential
// contracts (117.9 gas/µs).
func BenchmarkLightClientSystemContracts(b *testing.B) {
	c := newTestChain(b)
	f := newRemoteFixtureFilled(b, c, 20_000)
	m := newMessage(c.kv, c.ctx, types.Hash{}, common.Address{})
	at := func(a common.Address) *systemContract {
		for _, sc := range m.systemContracts() {
			if sc.addr == a {
				return sc
			}
		}
		b.Fatalf("no system contract at %x", a)
		return nil
	}
	key := state.EvidenceKey(f.id)
	_, p := f.proof(b, key)
	var sp proofpb.SMTProof
	_ = proto.Unmarshal(p, &sp)
	b.Logf("state proof: %d siblings, %d bytes", len(sp.Siblings), len(p))
	pack := func(method string, args ...any) []byte {
		in, err := SystemABI.Pack(method, args...)
		if err != nil {
			b.Fatal(err)
		}
		return in
	}
	b.Run("lightClientHeader", func(b *testing.B) {
		benchPrecompile(b, at(LightClientHeaderAddress), pack("lightClientHeader", remoteB, uint64(0)), true)
	})
	b.Run("verifyRemoteState", func(b *testing.B) {
		benchPrecompile(b, at(VerifyRemoteStateAddress), pack("verifyRemoteState", remoteB, f.kept, key, f.record, p), true)
	})
	b.Run("verifyRemoteTx", func(b *testing.B) {
		benchPrecompile(b, at(VerifyRemoteTxAddress), pack("verifyRemoteTx", remoteB, f.kept, mustMarshal(b, f.txProof(b))), true)
	})
	b.Run("remoteEvidence", func(b *testing.B) {
		benchPrecompile(b, at(RemoteEvidenceAddress), pack("remoteEvidence", remoteB, f.kept, [32]byte(f.id), f.record, p), true)
	})
}
