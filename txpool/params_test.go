package txpool

import (
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/crypto/seal"
	"github.com/causeway/causeway/types"
)

// A PROPOSE that execution would refuse whatever the state (a parameter
// beyond its bounds or out of step with the parameters in force, hostile
// text, an oversize proposal) is refused at admission with execution's
// typed code, and never reaches consensus; a valid one is admitted.
func TestAdmissionRefusesInvalidProposals(t *testing.T) {
	params := types.DefaultParams()
	h := newHarness(t, func(c *Config) {
		c.Params = params
		c.CurrentParams = func() types.ChainParams { return params }
	})
	h.start(t)
	propose := func(p *types.Proposal) []byte {
		pb, err := proto.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := h.raw(t, func(b *types.TxBody) { b.Type = types.TxType_PROPOSE; b.Payload = pb })
		return raw
	}
	up := func(name string, v int64) *types.Proposal {
		return &types.Proposal{Action: &types.Proposal_UpdateParam{UpdateParam: &types.UpdateParam{Name: name, Value: v}}}
	}
	for _, b := range types.ParamBounds() {
		for _, v := range []int64{b.Min - 1, b.Max + 1} {
			if err := h.submit(propose(up(b.Name, v))); types.CodeOf(err) != types.CodeParamOutOfBounds {
				t.Errorf("%s = %d: %v", b.Name, v, err)
			}
		}
	}
	for name, tc := range map[string]struct {
		p    *types.Proposal
		code types.Code
	}{
		"the issue's max_tx_bytes 1":          {up("max_tx_bytes", 1), types.CodeParamOutOfBounds},
		"the issue's max_validity_ms 1":       {up("max_validity_ms", 1), types.CodeParamOutOfBounds},
		"the issue's huge interval":           {up("batch_max_interval_ms", 86_400_000), types.CodeParamOutOfBounds},
		"tx gas above the block gas in force": {up("tx_gas_limit", int64(params.BlockGasLimit)+1), types.CodeParamOutOfBounds},
		"unknown parameter":                   {up("nonsense", 5), types.CodeUnknownParam},
		"description with an escape":          {&types.Proposal{Action: &types.Proposal_RemoveOrg{RemoveOrg: &types.RemoveOrg{Name: "org2"}}, Description: "ok\x1b[2K"}, types.CodeInvalidText},
	} {
		if err := h.submit(propose(tc.p)); types.CodeOf(err) != tc.code {
			t.Errorf("%s: %v, want %s", name, err, tc.code)
		}
	}
	if n := len(h.orderer.submitted()); n != 0 {
		t.Fatalf("%d refused proposals reached consensus", n)
	}
	for _, b := range types.ParamBounds() {
		v := b.Min
		if b.Name == "block_gas_limit" {
			v = int64(params.TxGasLimit) // the floor is below the tx gas limit in force
		}
		if err := h.submit(propose(up(b.Name, v))); err != nil {
			t.Errorf("%s = %d refused: %v", b.Name, v, err)
		}
	}
	if n := len(h.orderer.submitted()); n != len(types.ParamBounds()) {
		t.Fatalf("%d valid proposals reached consensus, want %d", n, len(types.ParamBounds()))
	}
}

// A sealed payload whose envelope execution would refuse whatever the state
// (missing, malformed, not canonical, of the other suite) is refused at
// admission with execution's code; a well-formed one is admitted, its
// readers left to execution.
func TestAdmissionRefusesMalformedEnvelopes(t *testing.T) {
	h := newHarness(t, nil)
	h.start(t)
	k, _ := seal.GenerateEncryptionKey(seal.SuiteIntl)
	gk, _ := seal.GenerateEncryptionKey(seal.SuiteGM)
	envelope := func(suite string, pub []byte) []byte {
		env, err := seal.Seal(suite, []byte("ride"), []seal.Recipient{{PublicKey: pub, Label: "org:org2"}}, seal.WithContext([]byte(testChain)))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := seal.Marshal(env)
		return b
	}
	good := envelope(seal.SuiteIntl, k.PublicKey())
	submit := func(typ types.TxType, m proto.Message) error {
		pb, err := proto.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := h.raw(t, func(b *types.TxBody) { b.Type = typ; b.Payload = pb })
		return h.submit(raw)
	}
	for name, env := range map[string][]byte{
		"empty":     nil,
		"garbage":   []byte("not an envelope"),
		"truncated": good[:len(good)-3],
		"trailing":  append(append([]byte(nil), good...), 0),
		"gm suite":  envelope(seal.SuiteGM, gk.PublicKey()),
	} {
		sp := &types.SealedPayload{Envelope: env, Orgs: []string{"org2"}}
		if err := submit(types.TxType_STORE_SEALED, sp); types.CodeOf(err) != types.CodeBadEnvelope {
			t.Errorf("%s: %v", name, err)
		}
		if err := submit(types.TxType_DEPOSIT_EVIDENCE, &types.DepositEvidence{Hash: make([]byte, 32), HashAlgorithm: "sha256", Sealed: sp}); types.CodeOf(err) != types.CodeBadEnvelope {
			t.Errorf("%s on a deposit: %v", name, err)
		}
	}
	if n := len(h.orderer.submitted()); n != 0 {
		t.Fatalf("%d refused payloads reached consensus", n)
	}
	if err := submit(types.TxType_STORE_SEALED, &types.SealedPayload{Envelope: good, Orgs: []string{"org2"}}); err != nil {
		t.Fatalf("a well-formed envelope: %v", err)
	}
}
