package evidence_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/crypto/seal"
	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/sealing"
	"github.com/causeway/causeway/services/evidence"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify"
)

// A deposit carries a payload sealed to org2: the stored record keeps the
// envelope's hash, the certificate of deposit shows it and verifies offline
// (a certificate with another hash does not), org2 opens the payload by the
// evidence id, and a service anchoring on two chains refuses a sealed
// payload (an envelope is sealed for one chain).
func TestDepositCarriesSealedPayload(t *testing.T) {
	c := testnet.New(t, testnet.Options{Nodes: 4})
	ctx := ctxT(t)
	cl := c.Client(0)
	key := setOrgKey(t, c, "org2")

	plain := []byte("contract appendix: price 1,250,000 CNY")
	spec, readers, err := cl.ResolveReaders(ctx, c.Network.Suite(), sdk.Readers{Orgs: []string{"org2"}})
	if err != nil {
		t.Fatal(err)
	}
	if spec.Envelope, err = sdk.SealPayload(c.Network.Suite(), c.Network.ChainID, plain, readers, "appendix"); err != nil {
		t.Fatal(err)
	}
	svc := service(t, 0, c)
	caller := callerOf(t, c.Network, 0)
	file := []byte("signed contract\n")
	d, err := svc.Deposit(ctx, caller, evidence.Request{Hash: sha256Hex(file), HashAlgorithm: "sha256", Readers: []string{"org2"}, Sealed: spec})
	if err != nil {
		t.Fatal(err)
	}
	evID := mustHash(t, d.ID)
	cert, err := svc.Certificate(ctx, caller, evID)
	if err != nil {
		t.Fatal(err)
	}
	h := c.Network.Suite().Sum(spec.Envelope)
	if !bytes.Equal(cert.Evidence.SealedHash, h[:]) {
		t.Fatalf("certificate sealed hash %x, want %x", cert.Evidence.SealedHash, h)
	}
	g := c.Node(0).Genesis()
	if _, err := evidence.Verify(cert, evidence.VerifyOptions{Geneses: []*types.Genesis{g}, File: bytes.NewReader(file)}); err != nil {
		t.Fatalf("certificate: %v", err)
	}
	forged := clone(t, cert)
	forged.Evidence.SealedHash[0] ^= 1
	if _, err := evidence.Verify(forged, evidence.VerifyOptions{Geneses: []*types.Genesis{g}}); !errors.Is(err, evidence.ErrCertificate) || pathOf(err) != "evidence.sealed_hash" {
		t.Fatalf("a certificate with another envelope hash: %v", err)
	}
	if err := c.WaitHeight(d.Height, 30*time.Second); err != nil { // org2 reads through its own node
		t.Fatal(err)
	}
	got, rec, err := c.Client(1).Open(ctx, evID, key)
	if err != nil || !bytes.Equal(got, plain) || rec.Carrier != types.TxType_DEPOSIT_EVIDENCE {
		t.Fatalf("org2 opens the deposit's payload: %q %v", got, err)
	}

	other := testnet.New(t, testnet.Options{Nodes: 4, ChainID: "other"})
	two := service(t, 0, c, other)
	if _, err := two.Deposit(ctx, caller, evidence.Request{Hash: sha256Hex(file), HashAlgorithm: "sha256", Sealed: spec}); !errors.Is(err, evidence.ErrInvalid) {
		t.Fatalf("a sealed payload on two chains: %v", err)
	}
}

// setOrgKey has org set a fresh encryption key by governance (org3 and
// org4, or org1, vote) and returns it.
func setOrgKey(t *testing.T, c *testnet.Cluster, org string) *seal.EncryptionKey {
	t.Helper()
	ctx := ctxT(t)
	key, err := seal.GenerateEncryptionKey(seal.SuiteIntl)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := c.Network.AdminAccount(org)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := admin.ProposeTx(c.TxOptions(), &types.Proposal{Action: &types.Proposal_SetOrgEncryptionKey{
		SetOrgEncryptionKey: &types.SetOrgEncryptionKey{Org: org, PublicKey: key.PublicKey()}}})
	if err != nil {
		t.Fatal(err)
	}
	id := c.Network.Suite().TxHash(tx)
	txs := []*types.Transaction{tx}
	voters := 0
	for _, o := range []string{"org1", "org3", "org4"} {
		if o == org || voters == 2 {
			continue
		}
		a, err := c.Network.AdminAccount(o)
		if err != nil {
			t.Fatal(err)
		}
		v, _ := a.VoteTx(c.TxOptions(), id, true)
		txs = append(txs, v)
		voters++
	}
	for _, tx := range txs {
		if r, err := c.Client(0).SubmitAndWait(ctx, tx); err != nil || r.Receipt.Status != types.ReceiptStatus_SUCCESS {
			t.Fatalf("governance: %v %v", err, r)
		}
	}
	return key
}

// A REST client deposits evidence carrying a payload it sealed itself
// (POST /v1/evidence with "sealed": the node sees only the envelope): the
// answer and the record carry the envelope's hash, org2 opens the payload
// by the evidence id, a non-reader cannot, and the certificate proves the
// hash; a batch carries one too. Hostile sealed members are refused with a
// typed reason and deposit nothing: unknown members, bytes that are not
// hex, an envelope that is not one (bad_envelope, before ordering), one
// wrapped for another key (reader_mismatch), one naming a reader without a
// key (unknown_reader). DepositSealed, the Go path the CLI takes, seals
// against proven keys and deposits in one call.
func TestRESTDepositCarriesSealedPayload(t *testing.T) {
	c := testnet.New(t, testnet.Options{Nodes: 4})
	ctx := ctxT(t)
	suite := c.Network.Suite()
	key := setOrgKey(t, c, "org2")
	org1 := orgREST(t, c, 0, 0)

	seal1 := func(plain []byte, r sdk.Readers) *types.SealedPayload {
		t.Helper()
		spec, readers, err := c.Client(0).ResolveReaders(ctx, suite, r)
		if err != nil {
			t.Fatal(err)
		}
		if spec.Envelope, err = sdk.SealPayload(suite, c.Network.ChainID, plain, readers, "appendix"); err != nil {
			t.Fatal(err)
		}
		return spec
	}
	plain := []byte("appendix B: penalty clause, 0.05% per day")
	spec := seal1(plain, sdk.Readers{Orgs: []string{"org2"}})
	file := []byte("signed contract\n")
	st, _, body := org1.do(http.MethodPost, "/v1/evidence", evidence.Request{Hash: sha256Hex(file), HashAlgorithm: "sha256", Sealed: spec})
	if st != http.StatusOK {
		t.Fatalf("deposit: %d %s", st, body)
	}
	var d evidence.Deposit
	if err := json.Unmarshal(body, &d); err != nil {
		t.Fatal(err)
	}
	h := suite.Sum(spec.Envelope)
	if !bytes.Equal(d.SealedHash, h[:]) {
		t.Fatalf("deposit answer %s: sealed_hash, want %x", body, h)
	}
	if !bytes.Contains(body, []byte(hex.EncodeToString(h[:]))) {
		t.Fatalf("the answer does not show the envelope hash in hex: %s", body)
	}
	evID := mustHash(t, d.ID)
	if err := c.WaitHeight(d.Height, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	got, rec, err := c.Client(1).Open(ctx, evID, key)
	if err != nil || !bytes.Equal(got, plain) || rec.Carrier != types.TxType_DEPOSIT_EVIDENCE {
		t.Fatalf("org2 opens the REST deposit's payload: %q %v", got, err)
	}
	stranger, _ := seal.GenerateEncryptionKey(seal.SuiteIntl)
	if _, _, err := c.Client(2).Open(ctx, evID, stranger); !errors.Is(err, sdk.ErrNotAReader) {
		t.Fatalf("a non-reader opens: %v", err)
	}
	st, _, body = org1.do(http.MethodGet, "/v1/evidence/"+d.ID+"/certificate", nil)
	if st != http.StatusOK {
		t.Fatalf("certificate: %d %s", st, body)
	}
	cert, err := evidence.ParseCertificate(body)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := evidence.Verify(cert, evidence.VerifyOptions{Geneses: []*types.Genesis{c.Node(0).Genesis()}, File: bytes.NewReader(file)}); err != nil || !bytes.Equal(cert.Evidence.SealedHash, h[:]) {
		t.Fatalf("certificate of the REST deposit: %v (sealed_hash %x)", err, cert.Evidence.SealedHash)
	}

	// A batch: one item sealed, one not.
	spec2 := seal1([]byte("second appendix"), sdk.Readers{Orgs: []string{"org2"}})
	st, _, body = org1.do(http.MethodPost, "/v1/evidence:batch", evidence.BatchRequest{Items: []evidence.Request{
		{Hash: sha256Hex([]byte("b1")), HashAlgorithm: "sha256", Sealed: spec2}, {Hash: sha256Hex([]byte("b2")), HashAlgorithm: "sha256"}}})
	var br evidence.BatchResponse
	if st != http.StatusOK || json.Unmarshal(body, &br) != nil || len(br.Results) != 2 || len(br.Results[0].SealedHash) == 0 || br.Results[1].SealedHash != nil {
		t.Fatalf("batch: %d %s", st, body)
	}
	if got, _, err := c.Client(0).Open(ctx, mustHash(t, br.Results[0].ID), key); err != nil || string(got) != "second appendix" {
		t.Fatalf("org2 opens the batch item: %q %v", got, err)
	}

	// Hostile sealed members.
	before := c.MaxHeight()
	hash := sha256Hex([]byte("hostile"))
	wrongKey := &types.SealedPayload{Orgs: []string{"org2"}}
	if wrongKey.Envelope, err = sdk.SealPayload(suite, c.Network.ChainID, plain, []sealing.Reader{{Org: "org2", PublicKey: stranger.PublicKey(), KeyID: stranger.ID(), Label: types.SealLabelOrg("org2")}}, ""); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		body   any
		status int
		code   string
		reason string
	}{
		{"unknown member in sealed", map[string]any{"hash": hash, "sealed": map[string]any{"envelope": hex.EncodeToString(spec.Envelope), "orgs": []string{"org2"}, "colour": "red"}},
			http.StatusBadRequest, "invalid_argument", "colour"},
		{"envelope not hex", map[string]any{"hash": hash, "sealed": map[string]any{"envelope": "zz", "orgs": []string{"org2"}}},
			http.StatusBadRequest, "invalid_argument", "sealed"},
		{"sealed not an object", map[string]any{"hash": hash, "sealed": "envelope"}, http.StatusBadRequest, "invalid_argument", "sealed"},
		{"not an envelope", evidence.Request{Hash: hash, Sealed: &types.SealedPayload{Envelope: []byte("not an envelope"), Orgs: []string{"org2"}}},
			http.StatusBadRequest, "bad_envelope", "envelope"},
		{"wrapped for another key", evidence.Request{Hash: hash, Sealed: wrongKey}, http.StatusBadRequest, "invalid_argument", "reader_mismatch"},
		{"a reader without a key", evidence.Request{Hash: hash, Sealed: &types.SealedPayload{Envelope: spec.Envelope, Orgs: []string{"org2", "org3"}}},
			http.StatusBadRequest, "invalid_argument", "unknown_reader"},
		{"replayed envelope, other readers", evidence.Request{Hash: hash, Sealed: &types.SealedPayload{Envelope: spec.Envelope, Groups: []string{"nowhere"}}},
			http.StatusBadRequest, "invalid_argument", "unknown_reader"},
	} {
		st, _, body := org1.do(http.MethodPost, "/v1/evidence", tc.body)
		if st != tc.status || problemCode(body) != tc.code || !strings.Contains(string(body), tc.reason) {
			t.Errorf("%s: %d %s, want %d %s naming %s", tc.name, st, body, tc.status, tc.code, tc.reason)
		}
	}
	if err := c.WaitHeight(c.MaxHeight(), 10*time.Second); err != nil {
		t.Fatal(err)
	}
	for h := before + 1; h <= c.MaxHeight(); h++ {
		rcs, err := c.Node(0).Store().Receipts(h)
		if err != nil {
			t.Fatal(err)
		}
		for _, rc := range rcs {
			for _, ev := range rc.Events {
				if rc.Status == types.ReceiptStatus_SUCCESS && (ev.Type == "evidence.deposited" || ev.Type == "sealed.stored") {
					t.Fatalf("block %d: a refused deposit was stored", h)
				}
			}
		}
	}

	// DepositSealed: sealed here against proven keys, deposited in one call.
	g := c.Node(0).Genesis()
	v, err := verify.New(g)
	if err != nil {
		t.Fatal(err)
	}
	svc := service(t, 0, c)
	caller := callerOf(t, c.Network, 0)
	d2, err := svc.DepositSealed(ctx, caller, evidence.Request{Hash: sha256Hex([]byte("ds")), HashAlgorithm: "sha256"}, []byte("sealed in one call"),
		sdk.Readers{Orgs: []string{"org2"}}, sdk.SealOptions{Class: "appendix", Verifier: v})
	if err != nil || len(d2.SealedHash) == 0 {
		t.Fatalf("DepositSealed: %+v %v", d2, err)
	}
	if got, _, err := c.Client(0).Open(ctx, mustHash(t, d2.ID), key); err != nil || string(got) != "sealed in one call" {
		t.Fatalf("org2 opens the DepositSealed payload: %q %v", got, err)
	}
	if _, err := svc.DepositSealed(ctx, caller, evidence.Request{Hash: sha256Hex([]byte("ds2")), HashAlgorithm: "sha256"}, []byte("x"),
		sdk.Readers{Orgs: []string{"org4"}}, sdk.SealOptions{Verifier: v}); !errors.Is(err, evidence.ErrInvalid) || types.CodeOf(err) != types.CodeUnknownReader {
		t.Fatalf("DepositSealed to an org without a key: %v", err)
	}
	if _, err := svc.DepositSealed(ctx, caller, evidence.Request{Hash: "zz"}, []byte("x"), sdk.Readers{Orgs: []string{"org2"}}, sdk.SealOptions{}); !errors.Is(err, evidence.ErrInvalid) {
		t.Fatalf("DepositSealed of a bad request: %v", err)
	}
}

// A request's JSON carries the sealed payload in the API's encoding (hex
// bytes, proto field names), round-trips, and refuses unknown members at
// either level.
func TestRequestSealedJSON(t *testing.T) {
	r := evidence.Request{Hash: "ab", HashAlgorithm: "sha256", Readers: []string{"org3"},
		Sealed: &types.SealedPayload{Envelope: []byte{1, 2, 0xfe}, Orgs: []string{"org2"}, Accounts: [][]byte{{0xaa}}, Groups: []string{"g"}}}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(`"envelope":"0102fe"`)) || !bytes.Contains(b, []byte(`"accounts":["aa"]`)) {
		t.Fatalf("JSON %s", b)
	}
	var back evidence.Request
	if err := json.Unmarshal(b, &back); err != nil || back.Hash != "ab" || back.Readers[0] != "org3" || !proto.Equal(back.Sealed, r.Sealed) {
		t.Fatalf("round trip: %+v %v", back, err)
	}
	for _, bad := range []string{
		`{"hash":"ab","sealed":{"envelope":"01","extra":1}}`,
		`{"hash":"ab","colour":"red"}`,
		`{"hash":"ab","sealed":{"envelope":"0g"}}`,
		`{"hash":"ab","sealed":[1]}`,
	} {
		if err := json.Unmarshal([]byte(bad), &evidence.Request{}); err == nil {
			t.Errorf("%s: accepted", bad)
		}
	}
	var none evidence.Request
	if err := json.Unmarshal([]byte(`{"hash":"ab","sealed":null}`), &none); err != nil || none.Sealed != nil {
		t.Fatalf("null sealed: %+v %v", none, err)
	}
	if b, _ := json.Marshal(evidence.Request{Hash: "ab"}); bytes.Contains(b, []byte("sealed")) {
		t.Fatalf("an unsealed request's JSON names sealed: %s", b)
	}
}
