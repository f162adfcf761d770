package evm

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"github.com/causeway/causeway/execution/sdp"
	"math/big"
	"slices"
	"strings"
	"testing"

	cwcrypto "github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
	"github.com/emmansun/gmsm/sm2"
	"github.com/emmansun/gmsm/sm3"
	"github.com/ethereum/go-ethereum/common"
	"google.golang.org/protobuf/proto"
)

func TestSystemAccountInfo(t *testing.T) {
	c := newTestChain(t)
	sAddr, su, _ := c.deploy(alice, "SystemUser", 0)

	out := c.query(bob, sAddr, su, "info", alice)
	if out[0].(uint64) != 1_000_000 || out[1].(uint8) != 0 || out[2].(uint64) != 1 {
		t.Fatalf("accountInfo(alice) = %v", out)
	}
	out = c.query(bob, sAddr, su, "info", [32]byte(types.Intl.AccountID("nobody")))
	if out[0].(uint64) != 0 || out[1].(uint8) != 0 || out[2].(uint64) != 0 {
		t.Fatalf("accountInfo(nobody) = %v", out)
	}
	// Status and version come from the stored account.
	a := c.account(carol)
	a.Status, a.Version, a.Balance = types.AccountStatus_ACCOUNT_FROZEN, 9, 33
	c.kv.Set(state.AccountKey(carol), state.EncodeAccount(a))
	out = c.query(bob, sAddr, su, "info", carol)
	if out[0].(uint64) != 33 || out[1].(uint8) != 1 || out[2].(uint64) != 9 {
		t.Fatalf("accountInfo(carol) = %v", out)
	}
	// The contract's own account, and balances as the transaction sees them.
	sID, _, _ := IdentityOf(c.kv, sAddr)
	out = c.query(bob, sAddr, su, "info", sID)
	if out[2].(uint64) != 1 {
		t.Fatalf("accountInfo(contract) = %v", out)
	}
	// Calling the system contract directly, as an account.
	input, _ := SystemABI.Pack("accountInfo", [32]byte(bob))
	res, err := Query(c.kv, c.ctx, alice, AccountInfoAddress.Bytes(), input, 0)
	if err != nil || res.Err != nil {
		t.Fatalf("direct accountInfo: %v %v", err, res.Err)
	}
	vals, _ := SystemABI.Unpack("accountInfo", res.ReturnData)
	if vals[0].(uint64) != 500 {
		t.Fatalf("direct accountInfo(bob) = %v", vals)
	}
}

func TestSystemSM3(t *testing.T) {
	c := newTestChain(t)
	sAddr, su, _ := c.deploy(alice, "SystemUser", 0)
	for _, data := range [][]byte{nil, []byte("abc"), bytes.Repeat([]byte("causeway"), 100)} {
		got := c.query(bob, sAddr, su, "hash", data)[0].([32]byte)
		if want := sm3.Sum(data); got != want {
			t.Fatalf("sm3(%q) = %x, gmsm says %x", data, got, want)
		}
	}
	// The GB/T 32905 test vector.
	got := c.query(bob, sAddr, su, "hash", []byte("abc"))[0].([32]byte)
	if h := common.Bytes2Hex(got[:]); h != "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0" {
		t.Fatalf("sm3(abc) = %s", h)
	}
}

func TestSystemSM2Verify(t *testing.T) {
	c := newTestChain(t)
	sAddr, su, _ := c.deploy(alice, "SystemUser", 0)
	key, err := cwcrypto.GenerateSM2()
	if err != nil {
		t.Fatal(err)
	}
	digest := sha256.Sum256([]byte("a message"))
	sig, err := key.Sign(digest[:])
	if err != nil {
		t.Fatal(err)
	}
	if ok := c.query(bob, sAddr, su, "verify", key.PublicKey(), digest, sig)[0].(bool); !ok {
		t.Fatal("a valid SM2 signature does not verify")
	}
	// Independently of the crypto package: gmsm signing SM3(Z_A || digest)
	// with the default user ID.
	priv, err := sm2.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	gsig, err := sm2.SignASN1(rand.Reader, priv, digest[:], sm2.DefaultSM2SignerOpts)
	if err != nil {
		t.Fatal(err)
	}
	pub := append([]byte{4}, append(priv.X.FillBytes(make([]byte, 32)), priv.Y.FillBytes(make([]byte, 32))...)...)
	if ok := c.query(bob, sAddr, su, "verify", pub, digest, gsig)[0].(bool); !ok {
		t.Fatal("a gmsm SM2 signature does not verify")
	}
	other := digest
	other[0] ^= 1
	for name, args := range map[string][]any{
		"other digest":  {key.PublicKey(), other, sig},
		"other key":     {pub, digest, sig},
		"malformed key": {[]byte{4, 1, 2}, digest, sig},
		"malformed sig": {key.PublicKey(), digest, []byte{0x30, 0}},
		"empty":         {[]byte{}, [32]byte{}, []byte{}},
	} {
		if ok := c.query(bob, sAddr, su, "verify", args...)[0].(bool); ok {
			t.Fatalf("%s: verifies", name)
		}
	}
}

func evidenceAt(t *testing.T, kv *memKV, id types.Hash) *types.Evidence {
	t.Helper()
	b := kv.m[string(state.EvidenceKey(id))]
	if b == nil {
		t.Fatalf("no evidence %s", id)
	}
	ev := &types.Evidence{}
	if err := proto.Unmarshal(b, ev); err != nil {
		t.Fatal(err)
	}
	return ev
}

func TestSystemDepositEvidence(t *testing.T) {
	c := newTestChain(t)
	sAddr, su, _ := c.deploy(alice, "SystemUser", 0)
	sID, _, _ := IdentityOf(c.kv, sAddr)
	h := sha256.Sum256([]byte("contract.pdf"))

	txHash := sha256Tx(c.n + 1)
	res := c.mustCall(bob, sAddr, su, "deposit", h, "sha256", "case 42")
	id := types.Hash(unpack(t, su, "deposit", res)[0].([32]byte))
	if want := EvidenceID(nil, txHash, sAddr, 0); id != want {
		t.Fatalf("evidence id %s, want %s", id, want)
	}
	ev := evidenceAt(t, c.kv, id)
	want := &types.Evidence{
		Id: id.Bytes(), Hash: h[:], HashAlgorithm: "sha256",
		Metadata: []*types.Attribute{{Key: "meta", Value: "case 42"}},
		Owner:    sID.Bytes(), TxHash: txHash.Bytes(), Height: testHeight, TimeMs: testTimeMs,
	}
	if !proto.Equal(ev, want) {
		t.Fatalf("evidence %v, want %v", ev, want)
	}
	if !bytes.Equal(c.kv.m[string(state.EvidenceKey(id))], state.EncodeEvidence(want)) {
		t.Fatal("evidence is not in the deterministic encoding")
	}
	if got := c.query(bob, sAddr, su, "lastEvidence")[0].([32]byte); got != id {
		t.Fatalf("lastEvidence %x", got)
	}
	// The deposit is logged by the system contract.
	event := SystemABI.Events["EvidenceDeposited"]
	lg := res.Logs[0]
	if !bytes.Equal(lg.Address, EvidenceAddress[:]) || !bytes.Equal(lg.Topics[0], event.ID[:]) ||
		!bytes.Equal(lg.Topics[1], id[:]) || !bytes.Equal(lg.Topics[2], sID[:]) {
		t.Fatalf("EvidenceDeposited log %x %x", lg.Address, lg.Topics)
	}
	vals, err := event.Inputs.NonIndexed().Unpack(lg.Data)
	if err != nil || vals[0].([32]byte) != h || vals[1].(string) != "sha256" || vals[2].(string) != "case 42" {
		t.Fatalf("EvidenceDeposited data %v %v", vals, err)
	}

	// Two deposits in one transaction get distinct ids.
	txHash = sha256Tx(c.n + 1)
	res = c.mustCall(bob, sAddr, su, "depositTwice", [32]byte{1}, [32]byte{2})
	out := unpack(t, su, "depositTwice", res)
	a, b := types.Hash(out[0].([32]byte)), types.Hash(out[1].([32]byte))
	if a != EvidenceID(nil, txHash, sAddr, 0) || b != EvidenceID(nil, txHash, sAddr, 1) {
		t.Fatalf("ids %s %s", a, b)
	}
	if ev := evidenceAt(t, c.kv, b); ev.HashAlgorithm != "sm3" || ev.Metadata[0].Value != "second" {
		t.Fatalf("second evidence %v", ev)
	}

	// A deposit whose caller reverts is undone with it.
	c.expectUnchanged(func() { res = c.call(bob, sAddr, su, 0, "depositAndRevert", [32]byte{3}) })
	if res.RevertReason != "SystemUser: undo the deposit" {
		t.Fatalf("depositAndRevert: %v %q", res.Err, res.RevertReason)
	}
	// ... also when the revert is caught: only the later deposit stays.
	nEvid := len(c.kv.keysWithPrefix(state.EvidencePrefix))
	txHash = sha256Tx(c.n + 1)
	res = c.mustCall(bob, sAddr, su, "depositAfterFailure", [32]byte{4}, [32]byte{5})
	id = types.Hash(unpack(t, su, "depositAfterFailure", res)[0].([32]byte))
	if got := len(c.kv.keysWithPrefix(state.EvidencePrefix)); got != nEvid+1 {
		t.Fatalf("%d new evidence records, want 1", got-nEvid)
	}
	if id != EvidenceID(nil, txHash, sAddr, 1) { // the undone deposit used number 0
		t.Fatalf("id after an undone deposit: %s", id)
	}
	if len(res.Logs) != 1 {
		t.Fatalf("logs of the undone deposit survived: %d", len(res.Logs))
	}

	// Not in a static call.
	out = c.query(bob, sAddr, su, "depositStatic", [32]byte{6})
	if out[0].(bool) {
		t.Fatal("a deposit through STATICCALL succeeded")
	}
	if !strings.Contains(revertString(out[1].([]byte)), "not allowed in a static call") {
		t.Fatalf("static deposit reverted with %q", revertString(out[1].([]byte)))
	}
	// A CALL to the system contract inside a STATICCALL further up is static too.
	out = c.query(bob, sAddr, su, "depositUnderStatic", [32]byte{6})
	if out[0].(bool) || !strings.Contains(revertString(out[1].([]byte)), "not allowed in a static call") {
		t.Fatalf("deposit under a static call: %v %q", out[0], revertString(out[1].([]byte)))
	}

	// Invalid arguments revert with a reason.
	for _, tc := range []struct {
		hash      [32]byte
		alg, meta string
		reason    string
	}{
		{[32]byte{7}, "md5", "", `hash algorithm "md5" is not one of`},
		{[32]byte{}, "sha256", "", "evidence hash is zero"},
		{[32]byte{7}, "sha256", strings.Repeat("x", DefaultMaxEvidenceMetadataBytes), "metadata is 4100 bytes, the limit is 4096"},
		// Text that would reach terminals raw: control, direction-changing
		// and invalid UTF-8 characters.
		{[32]byte{7}, "sha256", "file.pdf\x1b[2J", "refused character U+001B"},
		{[32]byte{7}, "sha256", "line\nstatus: VERIFIED", "refused character U+000A"},
		{[32]byte{7}, "sha256", "invoice\u202efdp.exe", "refused character U+202E"},
		{[32]byte{7}, "sha256", "a\xffb", "not valid UTF-8"},
	} {
		c.expectUnchanged(func() { res = c.call(bob, sAddr, su, 0, "deposit", tc.hash, tc.alg, tc.meta) })
		if !strings.HasPrefix(res.RevertReason, "causeway: depositEvidence: ") || !strings.Contains(res.RevertReason, tc.reason) {
			t.Fatalf("deposit(%q, %q): %v %q", tc.alg, tc.meta, res.Err, res.RevertReason)
		}
	}

	// An account may call the system contract directly: it owns the evidence.
	input, _ := SystemABI.Pack("depositEvidence", h, "sm3", "")
	txHash = c.nextTx()
	res, err = Call(c.kv, c.ctx, carol, txHash, EvidenceAddress.Bytes(), input, 200_000, 0)
	if err != nil || res.Err != nil {
		t.Fatalf("direct deposit: %v %v", err, res.Err)
	}
	id = EvidenceID(nil, txHash, addr(carol), 0)
	if ev := evidenceAt(t, c.kv, id); !bytes.Equal(ev.Owner, carol[:]) || ev.Metadata != nil {
		t.Fatalf("direct deposit %v", ev)
	}
	// Value is refused, and so are unknown selectors.
	c.expectUnchanged(func() {
		res, err = Call(c.kv, c.ctx, alice, c.nextTx(), EvidenceAddress.Bytes(), input, 200_000, 5)
	})
	if err != nil || !strings.Contains(res.RevertReason, "do not accept value") {
		t.Fatalf("value to a system contract: %v %v %q", err, res.Err, res.RevertReason)
	}
	res, _ = Call(c.kv, c.ctx, alice, c.nextTx(), EvidenceAddress.Bytes(), []byte{1, 2, 3, 4, 5}, 200_000, 0)
	if !strings.Contains(res.RevertReason, "unknown function selector") {
		t.Fatalf("bad selector: %q", res.RevertReason)
	}
	res, _ = Call(c.kv, c.ctx, alice, c.nextTx(), EvidenceAddress.Bytes(), input[:40], 200_000, 0)
	if !strings.Contains(res.RevertReason, "malformed arguments") {
		t.Fatalf("truncated input: %q", res.RevertReason)
	}

	// The chain hash replaces SHA-256 in derived ids when it is set.
	c.ctx.Hash = func(b []byte) [32]byte { return [32]byte(types.GM.Sum(b)) }
	txHash = sha256Tx(c.n + 1)
	res = c.mustCall(bob, sAddr, su, "deposit", h, "sm3", "")
	id = types.Hash(unpack(t, su, "deposit", res)[0].([32]byte))
	if id != EvidenceID(c.ctx.Hash, txHash, sAddr, 0) || id == EvidenceID(nil, txHash, sAddr, 0) {
		t.Fatalf("id under the GM suite: %s", id)
	}
}

// revertString decodes Error(string) revert data.
func revertString(data []byte) string {
	if len(data) < 4 || !bytes.Equal(data[:4], errorSelector) {
		return ""
	}
	v, err := stringArgs.Unpack(data[4:])
	if err != nil {
		return ""
	}
	return v[0].(string)
}

// The Go ABI of the system contracts and contracts/ICauseway.sol agree.
func TestSystemABIMatchesSolidity(t *testing.T) {
	for iface, method := range map[string]string{
		"IAccountInfo": "accountInfo",
		"ISM3":         "sm3",
		"ISM2Verify":   "sm2Verify",
		"IEvidence":    "depositEvidence",
		// confidential amounts
		"IVerifyCommitment": "verifyCommitment",
		"IVerifyRange":      "verifyRange",
		"IVerifyBalance":    "verifyBalance",
		"IAddCommitments":   "addCommitments",
		"ISubCommitments":   "subCommitments",
		// light clients
		"ILightClientHeader": "lightClientHeader",
		"IVerifyRemoteState": "verifyRemoteState",
		"IVerifyRemoteTx":    "verifyRemoteTx",
		"IRemoteEvidence":    "remoteEvidence",
	} {
		a := loadArtifact(t, iface)
		got, want := a.ABI.Methods[method], SystemABI.Methods[method]
		if !bytes.Equal(got.ID, want.ID) || got.Sig != want.Sig || len(got.Outputs) != len(want.Outputs) {
			t.Fatalf("%s.%s: solidity %s %x, go %s %x", iface, method, got.Sig, got.ID, want.Sig, want.ID)
		}
		for i := range got.Outputs {
			if got.Outputs[i].Type.String() != want.Outputs[i].Type.String() {
				t.Fatalf("%s.%s output %d: %s vs %s", iface, method, i, got.Outputs[i].Type, want.Outputs[i].Type)
			}
		}
	}
	sdpIface := loadArtifact(t, "ISDPMessage").ABI
	for name, want := range SDPABI.Methods {
		got := sdpIface.Methods[name]
		if !bytes.Equal(got.ID, want.ID) || got.Sig != want.Sig || len(got.Outputs) != len(want.Outputs) {
			t.Fatalf("ISDPMessage.%s: solidity %s %x, go %s %x", name, got.Sig, got.ID, want.Sig, want.ID)
		}
	}
	if len(sdpIface.Methods) != len(SDPABI.Methods) || sdpIface.Events["MessageSent"].ID != SDPMessageSentTopic {
		t.Fatal("ISDPMessage differs from the Go ABI")
	}
	cb := loadArtifact(t, "IContractUsingSDP").ABI
	for name, want := range sdp.CallbackABI.Methods {
		if got := cb.Methods[name]; !bytes.Equal(got.ID, want.ID) {
			t.Fatalf("IContractUsingSDP.%s: solidity %s, go %s", name, got.Sig, want.Sig)
		}
	}
	ev := loadArtifact(t, "IEvidence").ABI.Events["EvidenceDeposited"]
	if ev.ID != SystemABI.Events["EvidenceDeposited"].ID {
		t.Fatal("EvidenceDeposited differs")
	}
	for i, in := range ev.Inputs {
		if g := SystemABI.Events["EvidenceDeposited"].Inputs[i]; g.Indexed != in.Indexed || g.Type.String() != in.Type.String() {
			t.Fatalf("EvidenceDeposited input %d differs", i)
		}
	}
	if !slices.IsSorted(EvidenceHashAlgorithms) {
		t.Fatal("EvidenceHashAlgorithms is not sorted")
	}
}

func TestSystemContractGas(t *testing.T) {
	c := newTestChain(t)
	input, _ := SystemABI.Pack("sm3", []byte("abc"))
	// Too little gas for the system contract itself: all gas is used.
	gas := IntrinsicGas(input, false) + SM3BaseGas
	var res *Result
	c.expectUnchanged(func() {
		var err error
		res, err = Call(c.kv, c.ctx, alice, c.nextTx(), SM3Address.Bytes(), input, gas, 0)
		if err != nil {
			t.Fatal(err)
		}
	})
	if !errors.Is(res.Err, ErrOutOfGas) || res.GasUsed != gas {
		t.Fatalf("sm3 with too little gas: %v, used %d", res.Err, res.GasUsed)
	}
	gas = IntrinsicGas(input, false) + SM3BaseGas + SM3WordGas*words(input)
	res, _ = Call(c.kv, c.ctx, alice, c.nextTx(), SM3Address.Bytes(), input, gas, 0)
	if res.Err != nil || res.GasUsed != gas {
		t.Fatalf("sm3 with exact gas: %v, used %d of %d", res.Err, res.GasUsed, gas)
	}
	if new(big.Int).SetBytes(res.ReturnData).Sign() == 0 {
		t.Fatal("no digest")
	}
}
