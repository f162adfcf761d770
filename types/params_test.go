package types_test

import (
	"encoding/pem"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/causeway/causeway/consensus"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

// wantBounds is the documented table of parameter bounds (README), written
// out here independently of types/params.go: a bound moved in the code
// without the table, or a parameter added without bounds, fails the tests.
var wantBounds = []struct {
	name     string
	min, max int64
}{
	{"batch_max_count", 10, 50_000},
	{"batch_max_bytes", 1 << 20, 16 << 20},
	{"batch_max_interval_ms", 1, 2_000},
	{"max_tx_bytes", 32 << 10, 1 << 20},
	{"max_validity_ms", 300_000, 86_400_000},
	{"max_future_ms", 5_000, 600_000},
	{"max_evidence_metadata_bytes", 1 << 10, 16 << 10},
	{"block_time_drift_ms", 2_000, 60_000},
	{"recovery_delay_ms", 1_000, 2_592_000_000},
	{"block_gas_limit", 10_000_000, 500_000_000},
	{"tx_gas_limit", 10_000_000, 500_000_000},
}

// jsonNames returns the JSON names of ChainParams' fields, by reflection.
func jsonNames(t *testing.T) []string {
	t.Helper()
	var out []string
	rt := reflect.TypeOf(types.ChainParams{})
	for i := 0; i < rt.NumField(); i++ {
		name, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
		if name == "" || name == "-" {
			t.Fatalf("field %s has no JSON name: every chain parameter needs one, and bounds", rt.Field(i).Name)
		}
		out = append(out, name)
	}
	return out
}

// Every field of ChainParams has bounds with reasons, listed in field
// order, and the documented table covers every field: adding a parameter
// without bounds fails here.
func TestEveryParamHasBounds(t *testing.T) {
	names := jsonNames(t)
	bounds := types.ParamBounds()
	if len(bounds) != len(names) || len(wantBounds) != len(names) {
		t.Fatalf("%d fields, %d bounds, %d documented bounds", len(names), len(bounds), len(wantBounds))
	}
	for i, name := range names {
		b := bounds[i]
		if b.Name != name || wantBounds[i].name != name {
			t.Fatalf("field %d is %s, bound %s, documented %s", i, name, b.Name, wantBounds[i].name)
		}
		if b.Min != wantBounds[i].min || b.Max != wantBounds[i].max {
			t.Errorf("%s: bounds [%d, %d], documented [%d, %d]", name, b.Min, b.Max, wantBounds[i].min, wantBounds[i].max)
		}
		if b.Min <= 0 || b.Min > b.Max {
			t.Errorf("%s: bounds [%d, %d] are not a positive range", name, b.Min, b.Max)
		}
		if len(b.MinReason) < 20 || len(b.MaxReason) < 20 {
			t.Errorf("%s: a reason is missing", name)
		}
	}
	// Each parameter is read and written through its own field.
	var p types.ChainParams
	for i, name := range names {
		if err := p.SetParam(name, wantBounds[i].max); err != nil && name != "tx_gas_limit" {
			t.Fatalf("%s: %v", name, err)
		}
	}
	rv := reflect.ValueOf(p)
	for i, name := range names {
		got, ok := p.Param(name)
		field := rv.Field(i)
		var raw int64
		if field.CanInt() {
			raw = field.Int()
		} else {
			raw = int64(field.Uint())
		}
		if !ok || got != raw {
			t.Errorf("%s: Param gives %d, the field holds %d", name, got, raw)
		}
	}
}

func TestDefaultParamsAreWithinBounds(t *testing.T) {
	if err := types.DefaultParams().Check(); err != nil {
		t.Fatal(err)
	}
}

// relaxed returns parameters within bounds from which any single parameter
// can be set to either end of its range without breaking a rule between
// parameters (the gas limits sit at the ends that leave each other room).
func relaxed() types.ChainParams {
	p := types.DefaultParams()
	p.TxGasLimit = 10_000_000
	p.BlockGasLimit = 500_000_000
	return p
}

// For every parameter, SetParam accepts both ends of its range and refuses
// one beyond each end, with CodeParamOutOfBounds, a reason naming the
// parameter and the bound, and p unchanged. So do ChainParams.Check and
// Genesis.Validate.
func TestParamsAtAndBeyondBounds(t *testing.T) {
	g := testGenesis(t)
	for _, wb := range wantBounds {
		t.Run(wb.name, func(t *testing.T) {
			for _, tc := range []struct {
				v    int64
				ok   bool
				word string
			}{{wb.min, true, ""}, {wb.max, true, ""}, {wb.min - 1, false, "floor"}, {wb.max + 1, false, "ceiling"}, {0, false, "floor"}, {-1, false, "floor"}, {math.MaxInt64, false, "ceiling"}} {
				p := relaxed()
				before := p
				err := p.SetParam(wb.name, tc.v)
				if tc.ok {
					if err != nil {
						t.Fatalf("%d refused: %v", tc.v, err)
					}
					if got, _ := p.Param(wb.name); got != tc.v {
						t.Fatalf("set %d, got %d", tc.v, got)
					}
				} else {
					if types.CodeOf(err) != types.CodeParamOutOfBounds {
						t.Fatalf("%d: got %v, want %s", tc.v, err, types.CodeParamOutOfBounds)
					}
					if !strings.Contains(err.Error(), wb.name) || !strings.Contains(err.Error(), tc.word) {
						t.Fatalf("%d: reason %q does not name the parameter and its %s", tc.v, err, tc.word)
					}
					if p != before {
						t.Fatalf("%d: refused but changed the parameters", tc.v)
					}
				}
				// The same value written directly is judged the same by
				// Check and by genesis validation.
				q := relaxed()
				setField(t, &q, wb.name, tc.v)
				if err := q.Check(); (err == nil) != tc.ok {
					t.Fatalf("Check of %d: %v", tc.v, err)
				}
				gg := *g
				gg.Params = q
				if err := gg.Validate(); (err == nil) != tc.ok {
					t.Fatalf("genesis with %d: %v", tc.v, err)
				}
			}
		})
	}
	var p types.ChainParams
	if err := p.SetParam("no_such_param", 1); types.CodeOf(err) != types.CodeUnknownParam {
		t.Fatalf("unknown parameter: %v", err)
	}
	if err := types.CheckParam("no_such_param", 1); types.CodeOf(err) != types.CodeUnknownParam {
		t.Fatalf("CheckParam of an unknown parameter: %v", err)
	}
	if err := types.CheckParam("max_tx_bytes", 1); types.CodeOf(err) != types.CodeParamOutOfBounds {
		t.Fatalf("CheckParam below the floor: %v", err)
	}
}

// setField writes v into the field of p whose JSON name is name, without
// going through SetParam.
func setField(t *testing.T, p *types.ChainParams, name string, v int64) {
	t.Helper()
	rv := reflect.ValueOf(p).Elem()
	for i, n := range jsonNames(t) {
		if n != name {
			continue
		}
		f := rv.Field(i)
		if f.CanInt() {
			f.SetInt(v)
		} else {
			f.SetUint(uint64(v)) // negative values wrap to huge ones: still out of bounds
		}
		return
	}
	t.Fatalf("no field %s", name)
}

// The rule between the gas limits holds whatever the order of changes.
func TestGasLimitsStayConsistent(t *testing.T) {
	p := types.DefaultParams() // tx 30 M, block 100 M
	if err := p.SetParam("tx_gas_limit", 100_000_001); types.CodeOf(err) != types.CodeParamOutOfBounds || !strings.Contains(err.Error(), "block_gas_limit") {
		t.Fatalf("tx above block: %v", err)
	}
	if err := p.SetParam("block_gas_limit", 29_999_999); types.CodeOf(err) != types.CodeParamOutOfBounds {
		t.Fatalf("block below tx: %v", err)
	}
	if err := p.SetParam("tx_gas_limit", 100_000_000); err != nil {
		t.Fatal(err)
	}
	bad := types.DefaultParams()
	bad.TxGasLimit = bad.BlockGasLimit + 1
	if err := bad.Check(); types.CodeOf(err) != types.CodeParamOutOfBounds {
		t.Fatalf("Check of tx above block: %v", err)
	}
	// batch_max_bytes' floor is max_tx_bytes' ceiling: no pair of in-bounds
	// values can break max_tx_bytes <= batch_max_bytes.
	q := types.DefaultParams()
	if err := q.SetParam("max_tx_bytes", 1<<20); err != nil {
		t.Fatal(err)
	}
	if err := q.SetParam("batch_max_bytes", 1<<20); err != nil {
		t.Fatal(err)
	}
}

// The largest governance transaction execution can accept — a PROPOSE
// whose proposal has the largest allowed size, on the longest chain id,
// with the largest header values and one maximal signature per auth key —
// fits in max_tx_bytes' floor with at least 10% to spare.
func TestLargestGovernanceTxFitsTheFloor(t *testing.T) {
	body := &types.TxBody{
		ChainId: strings.Repeat("c", types.MaxChainIDBytes), Sender: make([]byte, types.HashSize),
		TimestampMs: math.MaxInt64, ValidityMs: math.MaxInt64, Type: types.TxType_PROPOSE,
		Payload: make([]byte, types.MaxProposalBytes), Nonce: math.MaxUint64,
	}
	tx, err := types.Intl.NewTx(body)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < types.MaxGovernanceSignatures; i++ {
		tx.Signatures = append(tx.Signatures, &types.Signature{Scheme: types.SignatureScheme_SM2, PublicKey: make([]byte, 65), Signature: make([]byte, 72)})
	}
	n := len(types.EncodeTx(tx))
	if n*10 > types.MinMaxTxBytes*9 {
		t.Fatalf("the largest governance transaction is %d bytes, max_tx_bytes' floor %d leaves less than 10%%", n, types.MinMaxTxBytes)
	}
	t.Logf("largest governance transaction: %d bytes of the %d floor", n, types.MinMaxTxBytes)

	// And MaxProposalBytes holds the largest add_org it is meant for: a 4
	// KiB CA certificate, two nodes with 4 KiB certificates, the longest
	// names and addresses and a full description.
	p := maxAddOrg(2)
	if terr := types.CheckProposal(p); terr != nil {
		t.Fatalf("the largest two-node add_org is refused: %v", terr)
	}
	// A third node of that size does not fit: the size rule is real.
	if terr := types.CheckProposal(maxAddOrg(3)); terr == nil || terr.Code != types.CodeTooLarge {
		t.Fatalf("a three-node maximal add_org: %v", terr)
	}
}

// pemOf returns a PEM CERTIFICATE block of exactly size bytes (its content
// is not a certificate: CheckProposal checks the shape, execution parses).
func pemOf(size int) string {
	for n := size; n > 0; n-- {
		s := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: make([]byte, n)}))
		if len(s) <= size {
			return s
		}
	}
	return ""
}

func maxAddOrg(nodes int) *types.Proposal {
	org := strings.Repeat("o", types.MaxOrgNameBytes)
	add := &types.AddOrg{Name: org, CaCert: pemOf(types.MaxCertPEMBytes),
		AdminKey: &types.AuthKey{Scheme: types.SignatureScheme_ECDSA_P256, PublicKey: make([]byte, 65), Weight: 100}}
	for i := 0; i < nodes; i++ {
		addr := strings.Repeat("h", types.MaxAddressBytes-6) + ":65535"
		add.Nodes = append(add.Nodes, &types.NodeSpec{Id: math.MaxUint64 - uint64(i), Org: org, Address: addr,
			TlsCert: pemOf(types.MaxCertPEMBytes), SignCert: pemOf(types.MaxCertPEMBytes)})
	}
	return &types.Proposal{Action: &types.Proposal_AddOrg{AddOrg: add}, Description: strings.Repeat("d", types.MaxDescriptionBytes)}
}

// The bounds agree with the clients and with the consensus tuning they are
// reasoned from.
func TestBoundsAgreeWithClientsAndConsensus(t *testing.T) {
	if sdk.DefaultValidity > time.Duration(types.MinMaxValidityMs)*time.Millisecond {
		t.Errorf("the SDK's default validity %v exceeds max_validity_ms' floor: default clients could be refused", sdk.DefaultValidity)
	}
	tu := consensus.DefaultTuning()
	if interval := time.Duration(types.MaxBatchMaxIntervalMs) * time.Millisecond; 2*interval > tu.ForwardTimeout || 2*interval > tu.ComplainTimeout {
		t.Errorf("batch_max_interval_ms' ceiling %v is not well below the forward (%v) and complaint (%v) timeouts", interval, tu.ForwardTimeout, tu.ComplainTimeout)
	}
	if tu.PoolSize < types.MaxBatchMaxCount {
		t.Errorf("batch_max_count's ceiling %d exceeds the request pool (%d)", types.MaxBatchMaxCount, tu.PoolSize)
	}
	if types.MaxMaxTxBytes > types.MinBatchMaxBytes {
		t.Error("a max-size transaction may not fit in a min-size batch")
	}
	if types.MaxEvidenceMetaBytes >= types.MinMaxTxBytes {
		t.Error("full evidence metadata may not fit in a min-size transaction")
	}
	if types.MaxBlockTimeDriftMs*4 > types.MinMaxValidityMs {
		t.Error("the block time drift ceiling is not far below the validity floor")
	}
	if types.MinTxGasLimit > types.MinBlockGasLimit || types.MaxTxGasLimit > types.MaxBlockGasLimit {
		t.Error("the gas bounds allow no consistent pair")
	}
}

// A genesis policy that could never pass a proposal, or that lets
// proposals expire before admins can vote, is refused.
func TestGenesisPolicyBounds(t *testing.T) {
	g := testGenesis(t)
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		pol  types.Policy
		ok   bool
	}{
		{"majority, 1 h", types.Policy{Default: types.Threshold{Num: 1, Den: 2}, ProposalTTLMs: 3_600_000}, true},
		{"two thirds, 90 days", types.Policy{Default: types.Threshold{Num: 2, Den: 3}, ProposalTTLMs: 7_776_000_000}, true},
		{"just a majority of 1000ths", types.Policy{Default: types.Threshold{Num: 500, Den: 1000}, ProposalTTLMs: 3_600_000}, true},
		{"any org alone", types.Policy{Default: types.Threshold{Num: 0, Den: 1}, ProposalTTLMs: 3_600_000}, false},
		{"any org alone for remove_org", types.Policy{Default: types.Threshold{Num: 1, Den: 2}, ProposalTTLMs: 3_600_000, Actions: map[string]types.Threshold{"remove_org": {Num: 0, Den: 2}}}, false},
		{"a third for add_org", types.Policy{Default: types.Threshold{Num: 1, Den: 2}, ProposalTTLMs: 3_600_000, Actions: map[string]types.Threshold{"add_org": {Num: 1, Den: 3}}}, false},
		{"just below half", types.Policy{Default: types.Threshold{Num: 499, Den: 1000}, ProposalTTLMs: 3_600_000}, false},
		{"misspelt action", types.Policy{Default: types.Threshold{Num: 1, Den: 2}, ProposalTTLMs: 3_600_000, Actions: map[string]types.Threshold{"remove_orgs": {Num: 2, Den: 3}}}, false},
		{"every action at two thirds", types.Policy{Default: types.Threshold{Num: 1, Den: 2}, ProposalTTLMs: 3_600_000, Actions: everyAction(types.Threshold{Num: 2, Den: 3})}, true},
		{"ttl below 1 h", types.Policy{Default: types.Threshold{Num: 1, Den: 2}, ProposalTTLMs: 3_599_999}, false},
		{"ttl above 90 days", types.Policy{Default: types.Threshold{Num: 1, Den: 2}, ProposalTTLMs: 7_776_000_001}, false},
		{"unanimity is unreachable as more than 1/1", types.Policy{Default: types.Threshold{Num: 1, Den: 1}, ProposalTTLMs: 3_600_000}, false},
		{"more than 3/2", types.Policy{Default: types.Threshold{Num: 3, Den: 2}, ProposalTTLMs: 3_600_000}, false},
		{"action threshold unreachable", types.Policy{Default: types.Threshold{Num: 1, Den: 2}, ProposalTTLMs: 3_600_000, Actions: map[string]types.Threshold{"update_param": {Num: 5, Den: 5}}}, false},
		{"huge denominator", types.Policy{Default: types.Threshold{Num: 1, Den: 1001}, ProposalTTLMs: 3_600_000}, false},
	} {
		gg := *g
		gg.Policy = tc.pol
		err := gg.Validate()
		if (err == nil) != tc.ok {
			t.Errorf("%s: %v", tc.name, err)
		}
		if !tc.ok && types.CodeOf(err) != types.CodeBadPolicy {
			t.Errorf("%s: code %q, want %s", tc.name, types.CodeOf(err), types.CodeBadPolicy)
		}
	}
	gg := *g
	gg.Roles = map[string][]string{"admin": {types.PermQuery, types.PermGovern}, "client": {types.PermSubmit}}
	if err := gg.Validate(); types.CodeOf(err) != types.CodeBadPolicy {
		t.Errorf("admins without submit: %v", err)
	}
	// The floor's refusal gives its reason.
	gg = *g
	gg.Policy = types.Policy{Default: types.Threshold{Num: 1, Den: 2}, ProposalTTLMs: 3_600_000, Actions: map[string]types.Threshold{"remove_org": {Num: 0, Den: 2}}}
	if err := gg.Validate(); err == nil || !strings.Contains(err.Error(), "remove_org") || !strings.Contains(err.Error(), "decide alone") {
		t.Errorf("0/2 for remove_org: %v", err)
	}
	// A policy without a default would be replaced whole by the default
	// policy: its per-action thresholds silently dropped.
	gg = *g
	gg.Policy = types.Policy{Actions: map[string]types.Threshold{"add_org": {Num: 2, Den: 3}}}
	if err := gg.Validate(); types.CodeOf(err) != types.CodeBadPolicy {
		t.Errorf("policy without a default: %v", err)
	}
	gg.Policy = types.Policy{}
	if err := gg.Validate(); err != nil {
		t.Errorf("no policy (the default policy): %v", err)
	}
	// Two orgs sharing an admin account: one of them would have no vote.
	gg = *g
	gg.Orgs = append([]types.GenesisOrg(nil), g.Orgs...)
	gg.Orgs[1].Admin = "org1.admin"
	if err := gg.Validate(); types.CodeOf(err) != types.CodeBadPolicy {
		t.Errorf("shared admin account: %v", err)
	}
	// An account labelled as a non-member's.
	gg = *g
	gg.Accounts = append([]types.GenesisAccount(nil), g.Accounts...)
	gg.Accounts[0].Org = "org9"
	if err := gg.Validate(); err == nil {
		t.Error("an account of a non-member org was accepted")
	}
}

func everyAction(th types.Threshold) map[string]types.Threshold {
	m := map[string]types.Threshold{}
	for _, a := range types.GovernanceActions {
		m[a] = th
	}
	return m
}

// Threshold.Approvals is the least number of orgs that passes Met.
func TestThresholdApprovals(t *testing.T) {
	for _, th := range []types.Threshold{{Num: 1, Den: 2}, {Num: 2, Den: 3}, {Num: 3, Den: 4}, {Num: 0, Den: 1}, {Num: 999, Den: 1000}} {
		for n := 1; n <= 12; n++ {
			k := th.Approvals(n)
			if !th.Met(k, n) || (k > 0 && th.Met(k-1, n)) {
				t.Errorf("%s of %d: Approvals says %d", th, n, k)
			}
		}
	}
}

// testGenesis returns a valid genesis of two orgs with one node each.
func testGenesis(t testing.TB) *types.Genesis {
	t.Helper()
	g := &types.Genesis{ChainID: "params-test", Crypto: "intl", Params: types.DefaultParams()}
	for i, org := range []string{"org1", "org2"} {
		ca, err := pki.NewCA(org)
		if err != nil {
			t.Fatal(err)
		}
		tlsPEM, _, err := ca.Issue(pki.IssueRequest{CommonName: org + "-node", Role: pki.RoleNode})
		if err != nil {
			t.Fatal(err)
		}
		signPEM, _, err := ca.Issue(pki.IssueRequest{CommonName: org + "-node", Role: pki.RoleNode, KeyType: pki.KeyEd25519})
		if err != nil {
			t.Fatal(err)
		}
		g.Orgs = append(g.Orgs, types.GenesisOrg{Name: org, CACert: string(ca.CertPEM())})
		g.Nodes = append(g.Nodes, types.GenesisNode{ID: uint64(i + 1), Org: org, Address: fmt.Sprintf("127.0.0.1:%d", 7051+i), TLSCert: string(tlsPEM), SignCert: string(signPEM)})
		g.Accounts = append(g.Accounts, types.GenesisAccount{Name: org + ".admin", Scheme: types.SignatureScheme_ED25519, PublicKey: make([]byte, 32)})
	}
	return g
}
