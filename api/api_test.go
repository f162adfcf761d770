package api_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/causeway/causeway/api/apijson"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/api"
	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/api/apitest"
	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/types"
)

// env is a served fake backend with an org1 client certificate.
type env struct {
	b      *apitest.Backend
	s      *apitest.Served
	client apitest.Cred
}

func newEnv(t *testing.T, opts api.Options) *env {
	t.Helper()
	b := apitest.NewBackend()
	s := apitest.Start(t, b, opts, nil)
	c, err := s.PKI.Issue("org1", pki.RoleClient)
	if err != nil {
		t.Fatal(err)
	}
	return &env{b: b, s: s, client: c}
}

func (e *env) grpc(t *testing.T) apipb.ChainClient {
	return apipb.NewChainClient(e.s.GRPCConn(t, &e.client))
}

func (e *env) http(t *testing.T) *http.Client { return e.s.HTTPClient(t, &e.client) }

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

var (
	keyOnce sync.Once
	key     crypto.Key
)

// signedTx returns a signed transfer from "alice", distinct per nonce.
func signedTx(t *testing.T, nonce uint64) *types.Transaction {
	t.Helper()
	keyOnce.Do(func() {
		var err error
		if key, err = crypto.GenerateEd25519(); err != nil {
			panic(err)
		}
	})
	payload, _ := proto.Marshal(&types.Transfer{To: types.Intl.AccountID("bob").Bytes(), Amount: 5})
	tx, err := types.Intl.NewTx(&types.TxBody{
		ChainId: apitest.ChainID, Sender: types.Intl.AccountID("alice").Bytes(), TimestampMs: time.Now().UnixMilli(),
		ValidityMs: 60_000, Type: types.TxType_TRANSFER, Payload: payload, Nonce: nonce,
	}, key)
	if err != nil {
		t.Fatal(err)
	}
	return tx
}

// wantStatus checks err's gRPC code and ErrorInfo reason.
func wantStatus(t *testing.T, err error, code codes.Code, reason types.Code) *status.Status {
	t.Helper()
	st, ok := status.FromError(err)
	if !ok {
		t.Fatalf("error %v is not a gRPC status", err)
	}
	if st.Code() != code {
		t.Fatalf("code %v (%s), want %v", st.Code(), st.Message(), code)
	}
	var info *errdetails.ErrorInfo
	for _, d := range st.Details() {
		if i, ok := d.(*errdetails.ErrorInfo); ok {
			info = i
		}
	}
	if reason != "" {
		if info == nil {
			t.Fatalf("status %v has no ErrorInfo", st)
		}
		if info.Reason != string(reason) || info.Domain != api.ErrorDomain {
			t.Fatalf("ErrorInfo %v, want reason %q domain %q", info, reason, api.ErrorDomain)
		}
	}
	return st
}

// call does a REST request and returns the status and body.
func call(t *testing.T, c *http.Client, method, url string, body any) (int, http.Header, []byte) {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, r)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, b
}

// wantProblem checks an RFC 9457 problem response.
func wantProblem(t *testing.T, code int, h http.Header, body []byte, wantCode int, reason types.Code) api.Problem {
	t.Helper()
	if code != wantCode {
		t.Fatalf("HTTP %d (%s), want %d", code, body, wantCode)
	}
	if ct := h.Get("Content-Type"); ct != api.ProblemContentType {
		t.Fatalf("Content-Type %q, want %q", ct, api.ProblemContentType)
	}
	var p api.Problem
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("problem %s: %v", body, err)
	}
	var raw map[string]any
	_ = json.Unmarshal(body, &raw)
	for _, k := range []string{"type", "title", "status", "detail", "code"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("problem %s lacks %q", body, k)
		}
	}
	if p.Status != wantCode || p.Code != reason || p.Type != api.ProblemTypePrefix+string(reason) || p.Title == "" {
		t.Fatalf("problem %+v, want status %d code %q", p, wantCode, reason)
	}
	return p
}

func unmarshal(t *testing.T, b []byte, m proto.Message) {
	t.Helper()
	if err := apijson.Unmarshal(b, m); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
}

func TestGRPCMethods(t *testing.T) {
	e := newEnv(t, api.Options{})
	e.b.CommitEmpty(2)
	c := e.grpc(t)
	ctx := testCtx(t)

	// Submit without waiting, then commit.
	tx := signedTx(t, 1)
	resp, err := c.SubmitTx(ctx, &apipb.SubmitTxRequest{Tx: types.EncodeTx(tx)})
	if err != nil {
		t.Fatal(err)
	}
	if resp.TxHash != types.Intl.TxHash(tx).String() || resp.Receipt != nil || resp.Height != 0 {
		t.Fatalf("submit response %v", resp)
	}
	blk := e.b.CommitPending()

	r, err := c.GetTx(ctx, &apipb.GetTxRequest{Hash: resp.TxHash})
	if err != nil {
		t.Fatal(err)
	}
	if r.TxHash != resp.TxHash || r.Height != 3 || r.Index != 0 || r.BlockHash != types.Intl.BlockHash(blk).String() ||
		r.Body.GetNonce() != 1 || r.Receipt.GetHeight() != 3 || !proto.Equal(r.Tx, tx) {
		t.Fatalf("GetTx %v", r)
	}
	_, err = c.GetTx(ctx, &apipb.GetTxRequest{Hash: strings.Repeat("ab", 32)})
	wantStatus(t, err, codes.NotFound, api.ReasonNotFound)
	_, err = c.GetTx(ctx, &apipb.GetTxRequest{Hash: "not-hex"})
	wantStatus(t, err, codes.InvalidArgument, api.ReasonInvalidArgument)
	_, err = c.GetTx(ctx, &apipb.GetTxRequest{})
	wantStatus(t, err, codes.InvalidArgument, api.ReasonInvalidArgument)

	// Submit and wait: the receipt comes back with the height.
	e.b.SetAutoCommit(true, 20*time.Millisecond)
	tx2 := signedTx(t, 2)
	resp, err = c.SubmitTx(ctx, &apipb.SubmitTxRequest{Tx: types.EncodeTx(tx2), Wait: true})
	if err != nil {
		t.Fatal(err)
	}
	if resp.TxHash != types.Intl.TxHash(tx2).String() || resp.Height != 4 || resp.Receipt.GetStatus() != types.ReceiptStatus_SUCCESS ||
		!bytes.Equal(resp.Receipt.GetTxHash(), types.Intl.TxHash(tx2).Bytes()) {
		t.Fatalf("submit-and-wait response %v", resp)
	}
	// The same bytes again are a duplicate.
	_, err = c.SubmitTx(ctx, &apipb.SubmitTxRequest{Tx: types.EncodeTx(tx2)})
	wantStatus(t, err, codes.AlreadyExists, types.CodeDuplicate)
	_, err = c.SubmitTx(ctx, &apipb.SubmitTxRequest{})
	wantStatus(t, err, codes.InvalidArgument, types.CodeMalformed)
	_, err = c.SubmitTx(ctx, &apipb.SubmitTxRequest{Tx: []byte{0xff, 0xff}})
	wantStatus(t, err, codes.InvalidArgument, types.CodeMalformed)

	// Blocks by height and by hash.
	b3, err := c.GetBlock(ctx, &apipb.GetBlockRequest{Height: 3})
	if err != nil {
		t.Fatal(err)
	}
	if b3.Hash != types.Intl.BlockHash(blk).String() || b3.Block.GetHeader().GetHeight() != 3 || len(b3.Block.GetTxs()) != 1 {
		t.Fatalf("GetBlock(3) %v", b3)
	}
	bh, err := c.GetBlock(ctx, &apipb.GetBlockRequest{Hash: b3.Hash})
	if err != nil {
		t.Fatal(err)
	}
	if !proto.Equal(bh, b3) {
		t.Fatalf("GetBlock by hash %v, want %v", bh, b3)
	}
	b0, err := c.GetBlock(ctx, &apipb.GetBlockRequest{Height: 0})
	if err != nil || b0.Block.GetHeader().GetHeight() != 0 {
		t.Fatalf("genesis block %v, %v", b0, err)
	}
	_, err = c.GetBlock(ctx, &apipb.GetBlockRequest{Height: 99})
	wantStatus(t, err, codes.NotFound, api.ReasonNotFound)
	_, err = c.GetBlock(ctx, &apipb.GetBlockRequest{Hash: "abcd"})
	wantStatus(t, err, codes.InvalidArgument, api.ReasonInvalidArgument)

	// Accounts by name and by identity.
	alice := &types.Account{Id: types.Intl.AccountID("alice").Bytes(), Name: "alice", Balance: 7}
	e.b.PutAccount(alice)
	for _, ref := range []string{"alice", types.Intl.AccountID("alice").String()} {
		a, err := c.GetAccount(ctx, &apipb.GetAccountRequest{Account: ref})
		if err != nil {
			t.Fatal(err)
		}
		if !proto.Equal(a, alice) {
			t.Fatalf("GetAccount(%s) %v", ref, a)
		}
	}
	_, err = c.GetAccount(ctx, &apipb.GetAccountRequest{Account: "nobody"})
	wantStatus(t, err, codes.NotFound, api.ReasonNotFound)
	_, err = c.GetAccount(ctx, &apipb.GetAccountRequest{})
	wantStatus(t, err, codes.InvalidArgument, api.ReasonInvalidArgument)

	// Evidence.
	evID := types.Intl.Sum([]byte("evidence"))
	ev := &types.Evidence{Id: evID.Bytes(), Hash: []byte{1, 2, 3}, HashAlgorithm: "sha256", Height: 3,
		Metadata: []*types.Attribute{{Key: "k", Value: "v"}}}
	e.b.PutEvidence(ev)
	got, err := c.GetEvidence(ctx, &apipb.GetEvidenceRequest{Id: evID.String()})
	if err != nil {
		t.Fatal(err)
	}
	if !proto.Equal(got, ev) {
		t.Fatalf("GetEvidence %v", got)
	}
	_, err = c.GetEvidence(ctx, &apipb.GetEvidenceRequest{Id: "xyz"})
	wantStatus(t, err, codes.InvalidArgument, api.ReasonInvalidArgument)
	_, err = c.GetEvidence(ctx, &apipb.GetEvidenceRequest{Id: strings.Repeat("00", 32)})
	wantStatus(t, err, codes.NotFound, api.ReasonNotFound)

	st, err := c.Status(ctx, &apipb.StatusRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if st.ChainId != apitest.ChainID || st.Height != 4 || len(st.Peers) != 1 {
		t.Fatalf("Status %v", st)
	}
	h, err := c.Health(ctx, &apipb.HealthRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if h.Status != api.HealthServing || h.Height != 4 {
		t.Fatalf("Health %v", h)
	}
}

func TestRESTMethods(t *testing.T) {
	e := newEnv(t, api.Options{})
	e.b.CommitEmpty(2)
	c := e.http(t)

	// POST /v1/txs without waiting, then commit.
	tx := signedTx(t, 1)
	code, _, body := call(t, c, http.MethodPost, e.s.URL("/v1/txs"), map[string]any{"tx": hex.EncodeToString(types.EncodeTx(tx))})
	if code != http.StatusOK {
		t.Fatalf("POST /v1/txs: %d %s", code, body)
	}
	var sub apipb.SubmitTxResponse
	unmarshal(t, body, &sub)
	if sub.TxHash != types.Intl.TxHash(tx).String() {
		t.Fatalf("submit response %s", body)
	}
	if !bytes.Contains(body, []byte(`"tx_hash"`)) {
		t.Fatalf("response %s does not use proto field names", body)
	}
	blk := e.b.CommitPending()

	code, _, body = call(t, c, http.MethodGet, e.s.URL("/v1/txs/"+sub.TxHash), nil)
	if code != http.StatusOK {
		t.Fatalf("GET tx: %d %s", code, body)
	}
	var txr apipb.TxResponse
	unmarshal(t, body, &txr)
	if txr.Height != 3 || txr.BlockHash != types.Intl.BlockHash(blk).String() || !proto.Equal(txr.Tx, tx) ||
		!bytes.Contains(body, []byte(`"block_hash"`)) || !bytes.Contains(body, []byte(`"chain_id"`)) {
		t.Fatalf("GET tx %s", body)
	}
	code, h, body := call(t, c, http.MethodGet, e.s.URL("/v1/txs/"+strings.Repeat("cd", 32)), nil)
	wantProblem(t, code, h, body, http.StatusNotFound, api.ReasonNotFound)
	code, h, body = call(t, c, http.MethodGet, e.s.URL("/v1/txs/nothex"), nil)
	wantProblem(t, code, h, body, http.StatusBadRequest, api.ReasonInvalidArgument)

	// POST /v1/txs with wait.
	e.b.SetAutoCommit(true, 20*time.Millisecond)
	tx2 := signedTx(t, 2)
	code, _, body = call(t, c, http.MethodPost, e.s.URL("/v1/txs"), map[string]any{"tx": hex.EncodeToString(types.EncodeTx(tx2)), "wait": true})
	if code != http.StatusOK {
		t.Fatalf("POST /v1/txs wait: %d %s", code, body)
	}
	unmarshal(t, body, &sub)
	if sub.Height != 4 || sub.Receipt == nil {
		t.Fatalf("submit-and-wait %s", body)
	}
	code, h, body = call(t, c, http.MethodPost, e.s.URL("/v1/txs"), map[string]any{"tx": hex.EncodeToString(types.EncodeTx(tx2))})
	wantProblem(t, code, h, body, http.StatusConflict, types.CodeDuplicate)
	code, h, body = call(t, c, http.MethodPost, e.s.URL("/v1/txs"), map[string]any{"tx": 12})
	wantProblem(t, code, h, body, http.StatusBadRequest, api.ReasonInvalidArgument)

	// Blocks.
	code, _, body = call(t, c, http.MethodGet, e.s.URL("/v1/blocks/3"), nil)
	if code != http.StatusOK {
		t.Fatalf("GET block: %d %s", code, body)
	}
	var br apipb.BlockResponse
	unmarshal(t, body, &br)
	if br.Hash != types.Intl.BlockHash(blk).String() || br.Block.GetHeader().GetHeight() != 3 {
		t.Fatalf("GET block %s", body)
	}
	code, _, body = call(t, c, http.MethodGet, e.s.URL("/v1/blocks/hash/"+br.Hash), nil)
	var bh apipb.BlockResponse
	unmarshal(t, body, &bh)
	if code != http.StatusOK || !proto.Equal(&bh, &br) {
		t.Fatalf("GET block by hash: %d %s", code, body)
	}
	code, h, body = call(t, c, http.MethodGet, e.s.URL("/v1/blocks/77"), nil)
	wantProblem(t, code, h, body, http.StatusNotFound, api.ReasonNotFound)
	code, h, body = call(t, c, http.MethodGet, e.s.URL("/v1/blocks/hash/zz"), nil)
	wantProblem(t, code, h, body, http.StatusBadRequest, api.ReasonInvalidArgument)
	code, h, body = call(t, c, http.MethodGet, e.s.URL("/v1/blocks/minus-one"), nil)
	wantProblem(t, code, h, body, http.StatusBadRequest, api.ReasonInvalidArgument)

	// Accounts and evidence.
	alice := &types.Account{Id: types.Intl.AccountID("alice").Bytes(), Name: "alice", Balance: 7}
	e.b.PutAccount(alice)
	for _, ref := range []string{"alice", types.Intl.AccountID("alice").String()} {
		code, _, body = call(t, c, http.MethodGet, e.s.URL("/v1/accounts/"+ref), nil)
		var a types.Account
		unmarshal(t, body, &a)
		if code != http.StatusOK || !proto.Equal(&a, alice) {
			t.Fatalf("GET account %s: %d %s", ref, code, body)
		}
	}
	code, h, body = call(t, c, http.MethodGet, e.s.URL("/v1/accounts/nobody"), nil)
	wantProblem(t, code, h, body, http.StatusNotFound, api.ReasonNotFound)

	evID := types.Intl.Sum([]byte("evidence"))
	ev := &types.Evidence{Id: evID.Bytes(), Hash: []byte{9}, HashAlgorithm: "sha256"}
	e.b.PutEvidence(ev)
	code, _, body = call(t, c, http.MethodGet, e.s.URL("/v1/evidence/"+evID.String()), nil)
	var gotEv types.Evidence
	unmarshal(t, body, &gotEv)
	if code != http.StatusOK || !proto.Equal(&gotEv, ev) || !bytes.Contains(body, []byte(`"hash_algorithm"`)) {
		t.Fatalf("GET evidence: %d %s", code, body)
	}

	code, _, body = call(t, c, http.MethodGet, e.s.URL("/v1/status"), nil)
	var st apipb.StatusResponse
	unmarshal(t, body, &st)
	if code != http.StatusOK || st.ChainId != apitest.ChainID || st.Height != 4 || !bytes.Contains(body, []byte(`"chain_id"`)) {
		t.Fatalf("GET status: %d %s", code, body)
	}
	code, _, body = call(t, c, http.MethodGet, e.s.URL("/v1/health"), nil)
	var hr apipb.HealthResponse
	unmarshal(t, body, &hr)
	if code != http.StatusOK || hr.Status != api.HealthServing || hr.Height != 4 {
		t.Fatalf("GET health: %d %s", code, body)
	}

	// Unknown endpoints and methods are problems too.
	code, h, body = call(t, c, http.MethodGet, e.s.URL("/v1/nothing"), nil)
	wantProblem(t, code, h, body, http.StatusNotFound, api.ReasonNotFound)
	code, h, body = call(t, c, http.MethodDelete, e.s.URL("/v1/txs"), nil)
	if code != http.StatusMethodNotAllowed && code != http.StatusNotFound {
		t.Fatalf("DELETE /v1/txs: %d %s", code, body)
	}
	if h.Get("Content-Type") != api.ProblemContentType {
		t.Fatalf("DELETE /v1/txs: Content-Type %q", h.Get("Content-Type"))
	}
}

func TestAuthorizeSeesCallerOnBothTransports(t *testing.T) {
	type seen struct {
		id     pki.Identity
		method string
	}
	var mu sync.Mutex
	var calls []seen
	e := newEnv(t, api.Options{Authorize: func(ctx context.Context, id pki.Identity, method string) error {
		mu.Lock()
		calls = append(calls, seen{id, method})
		mu.Unlock()
		if ctxID, err := api.IdentityFromContext(ctx); err != nil || ctxID.Serial != id.Serial {
			return fmt.Errorf("identity from context %v, %v", ctxID, err)
		}
		switch method {
		case apipb.Chain_SubmitTx_FullMethodName:
			return errors.New("role client may not submit here")
		case apipb.Chain_GetEvidence_FullMethodName:
			return status.Error(codes.ResourceExhausted, "slow down")
		}
		return nil
	}})
	ctx := testCtx(t)
	c := e.grpc(t)
	hc := e.http(t)
	last := func() seen {
		mu.Lock()
		defer mu.Unlock()
		if len(calls) == 0 {
			t.Fatal("Authorize was not called")
		}
		s := calls[len(calls)-1]
		calls = nil
		return s
	}
	check := func(s seen, method string) {
		t.Helper()
		if s.method != method || s.id.Org != "org1" || s.id.Role != pki.RoleClient || s.id.Serial == "" {
			t.Fatalf("Authorize saw %v %q, want org1 client calling %s", s.id, s.method, method)
		}
	}

	if _, err := c.Status(ctx, &apipb.StatusRequest{}); err != nil {
		t.Fatal(err)
	}
	check(last(), apipb.Chain_Status_FullMethodName)
	if code, _, body := call(t, hc, http.MethodGet, e.s.URL("/v1/status"), nil); code != http.StatusOK {
		t.Fatalf("REST status %d %s", code, body)
	}
	check(last(), apipb.Chain_Status_FullMethodName)

	_, err := c.SubmitTx(ctx, &apipb.SubmitTxRequest{Tx: types.EncodeTx(signedTx(t, 1))})
	st := wantStatus(t, err, codes.PermissionDenied, api.ReasonPermissionDenied)
	if !strings.Contains(st.Message(), "may not submit") {
		t.Fatalf("message %q", st.Message())
	}
	check(last(), apipb.Chain_SubmitTx_FullMethodName)
	code, h, body := call(t, hc, http.MethodPost, e.s.URL("/v1/txs"), map[string]any{"tx": hex.EncodeToString(types.EncodeTx(signedTx(t, 2)))})
	wantProblem(t, code, h, body, http.StatusForbidden, api.ReasonPermissionDenied)
	check(last(), apipb.Chain_SubmitTx_FullMethodName)
	if len(e.b.Submitted()) != 0 {
		t.Fatal("a refused caller's transaction reached the backend")
	}

	_, err = c.GetEvidence(ctx, &apipb.GetEvidenceRequest{Id: strings.Repeat("00", 32)})
	wantStatus(t, err, codes.ResourceExhausted, api.ReasonResourceExhausted)
	last()

	// Health asks nobody.
	if _, err := c.Health(ctx, &apipb.HealthRequest{}); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	n := len(calls)
	mu.Unlock()
	if n != 0 {
		t.Fatalf("Authorize called for Health")
	}
}

func TestClientCertificateRequired(t *testing.T) {
	e := newEnv(t, api.Options{})
	ctx := testCtx(t)

	// gRPC: the handshake itself fails, even for Health.
	c := apipb.NewChainClient(e.s.GRPCConn(t, nil))
	for _, f := range []func() error{
		func() error { _, err := c.Health(ctx, &apipb.HealthRequest{}); return err },
		func() error { _, err := c.Status(ctx, &apipb.StatusRequest{}); return err },
	} {
		err := f()
		if status.Code(err) != codes.Unavailable {
			t.Fatalf("call without a client certificate: %v, want Unavailable (handshake refused)", err)
		}
	}

	// REST: 401 problem JSON everywhere but GET /v1/health.
	hc := e.s.HTTPClient(t, nil)
	for _, p := range []struct{ method, path string }{
		{http.MethodGet, "/v1/status"}, {http.MethodGet, "/v1/blocks/0"}, {http.MethodPost, "/v1/txs"},
		{http.MethodGet, "/v1/accounts/alice"}, {http.MethodGet, "/v1/blocks:stream"}, {http.MethodGet, "/v1/nothing"},
		{http.MethodPost, "/v1/health"},
	} {
		code, h, body := call(t, hc, p.method, e.s.URL(p.path), nil)
		wantProblem(t, code, h, body, http.StatusUnauthorized, api.ReasonUnauthenticated)
	}
	code, _, body := call(t, hc, http.MethodGet, e.s.URL("/v1/health"), nil)
	var hr apipb.HealthResponse
	unmarshal(t, body, &hr)
	if code != http.StatusOK || hr.Status != api.HealthServing {
		t.Fatalf("GET /v1/health without a certificate: %d %s", code, body)
	}
}

func TestUnknownCARefusedAtHandshake(t *testing.T) {
	e := newEnv(t, api.Options{})
	rogue, err := e.s.PKI.IssueRogue(pki.RoleClient)
	if err != nil {
		t.Fatal(err)
	}
	ctx := testCtx(t)
	c := apipb.NewChainClient(e.s.GRPCConn(t, &rogue))
	if _, err := c.Health(ctx, &apipb.HealthRequest{}); status.Code(err) != codes.Unavailable {
		t.Fatalf("gRPC with a rogue certificate: %v, want Unavailable", err)
	}
	hc := e.s.HTTPClient(t, &rogue)
	for _, path := range []string{"/v1/health", "/v1/status"} {
		resp, err := hc.Get(e.s.URL(path))
		if err == nil {
			resp.Body.Close()
			t.Fatalf("REST %s with a rogue certificate answered %d", path, resp.StatusCode)
		}
	}
	// The rogue CA is not trusted by the client either: a server with a
	// rogue certificate is refused (checked by pki); a member client still works.
	good := e.http(t)
	if code, _, body := call(t, good, http.MethodGet, e.s.URL("/v1/status"), nil); code != http.StatusOK {
		t.Fatalf("member client: %d %s", code, body)
	}
}

func TestRESTRechecksRevokedCertificate(t *testing.T) {
	e := newEnv(t, api.Options{})
	hc := e.http(t)
	if code, _, body := call(t, hc, http.MethodGet, e.s.URL("/v1/status"), nil); code != http.StatusOK {
		t.Fatalf("status %d %s", code, body)
	}
	cert, err := pki.ParseCertPEM(e.client.CertPEM)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.s.PKI.Trust.Revoke(cert.SerialNumber.Text(16)); err != nil {
		t.Fatal(err)
	}
	// Same keep-alive connection: refused from the next request.
	code, h, body := call(t, hc, http.MethodGet, e.s.URL("/v1/status"), nil)
	p := wantProblem(t, code, h, body, http.StatusUnauthorized, api.ReasonUnauthenticated)
	if !strings.Contains(p.Detail, "revoked") {
		t.Fatalf("detail %q does not say the certificate is revoked", p.Detail)
	}
}

func TestTxErrorMapping(t *testing.T) {
	e := newEnv(t, api.Options{})
	ctx := testCtx(t)
	c := e.grpc(t)
	hc := e.http(t)
	cases := []struct {
		code  types.Code
		grpc  codes.Code
		httpS int
	}{
		{types.CodeMalformed, codes.InvalidArgument, 400},
		{types.CodeTooLarge, codes.InvalidArgument, 413},
		{types.CodeWrongChain, codes.InvalidArgument, 400},
		{types.CodeBadSignature, codes.InvalidArgument, 400},
		{types.CodeNoSignature, codes.InvalidArgument, 400},
		{types.CodeBadValidity, codes.InvalidArgument, 400},
		{types.CodeInvalidPayload, codes.InvalidArgument, 400},
		{types.CodeUnknownType, codes.InvalidArgument, 400},
		{types.CodeExpired, codes.FailedPrecondition, 400},
		{types.CodeFuture, codes.FailedPrecondition, 400},
		{types.CodeUnknownAccount, codes.FailedPrecondition, 400},
		{types.CodeInsufficientFunds, codes.FailedPrecondition, 400},
		{types.CodeAccountFrozen, codes.FailedPrecondition, 400},
		{types.CodeDuplicate, codes.AlreadyExists, 409},
		{types.CodeAccountExists, codes.AlreadyExists, 409},
		{types.CodePoolFull, codes.ResourceExhausted, 429},
		{types.CodeUnauthorized, codes.PermissionDenied, 403},
		{types.CodeUnavailable, codes.Unavailable, 503},
		{types.Code("some_new_code"), codes.InvalidArgument, 400},
	}
	raw := types.EncodeTx(signedTx(t, 1))
	for _, tc := range cases {
		t.Run(string(tc.code), func(t *testing.T) {
			if got := api.CodeOfTxError(tc.code); got != tc.grpc {
				t.Fatalf("CodeOfTxError(%s) = %v, want %v", tc.code, got, tc.grpc)
			}
			// Wrapped, as a pool might return it.
			e.b.SetSubmitError(fmt.Errorf("admission: %w", types.Errorf(tc.code, "scripted refusal %s", tc.code)))
			_, err := c.SubmitTx(ctx, &apipb.SubmitTxRequest{Tx: raw})
			st := wantStatus(t, err, tc.grpc, tc.code)
			if !strings.Contains(st.Message(), "scripted refusal") {
				t.Fatalf("message %q", st.Message())
			}
			code, h, body := call(t, hc, http.MethodPost, e.s.URL("/v1/txs"), map[string]any{"tx": hex.EncodeToString(raw)})
			p := wantProblem(t, code, h, body, tc.httpS, tc.code)
			if !strings.Contains(p.Detail, "scripted refusal") || p.Instance != "/v1/txs" {
				t.Fatalf("problem %+v", p)
			}
		})
	}
}

func TestBackendErrors(t *testing.T) {
	e := newEnv(t, api.Options{})
	ctx := testCtx(t)
	c := e.grpc(t)
	hc := e.http(t)

	// Internal errors do not leak their text.
	e.b.SetReadError(errors.New("pebble: corrupt sstable /var/lib/secret/000123.sst"))
	_, err := c.GetBlock(ctx, &apipb.GetBlockRequest{Height: 0})
	st := wantStatus(t, err, codes.Internal, api.ReasonInternal)
	if strings.Contains(st.Message(), "secret") {
		t.Fatalf("internal error leaked: %q", st.Message())
	}
	code, h, body := call(t, hc, http.MethodGet, e.s.URL("/v1/blocks/0"), nil)
	wantProblem(t, code, h, body, http.StatusInternalServerError, api.ReasonInternal)
	if bytes.Contains(body, []byte("secret")) {
		t.Fatalf("internal error leaked: %s", body)
	}
	e.b.SetReadError(nil)

	// Context errors from the backend.
	raw := types.EncodeTx(signedTx(t, 1))
	e.b.SetWaitError(fmt.Errorf("wait: %w", context.DeadlineExceeded))
	_, err = c.SubmitTx(ctx, &apipb.SubmitTxRequest{Tx: raw, Wait: true})
	wantStatus(t, err, codes.DeadlineExceeded, api.ReasonDeadlineExceeded)
	e.b.SetWaitError(context.Canceled)
	code, h, body = call(t, hc, http.MethodPost, e.s.URL("/v1/txs"), map[string]any{"tx": hex.EncodeToString(types.EncodeTx(signedTx(t, 2))), "wait": true})
	wantProblem(t, code, h, body, 499, api.ReasonCanceled)
	e.b.SetWaitError(nil)

	// The caller's own deadline while waiting for a commit that never comes.
	short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	_, err = c.SubmitTx(short, &apipb.SubmitTxRequest{Tx: types.EncodeTx(signedTx(t, 3)), Wait: true})
	if status.Code(err) != codes.DeadlineExceeded {
		t.Fatalf("wait past the deadline: %v", err)
	}
}

// panicky panics in Status.
type panicky struct{ *apitest.Backend }

func (panicky) Status() *apipb.StatusResponse { panic("status exploded") }

func TestPanicsAreInternal(t *testing.T) {
	b := apitest.NewBackend()
	s := apitest.Start(t, panicky{b}, api.Options{}, nil)
	cred, err := s.PKI.Issue("org2", pki.RoleClient)
	if err != nil {
		t.Fatal(err)
	}
	_, err = apipb.NewChainClient(s.GRPCConn(t, &cred)).Status(testCtx(t), &apipb.StatusRequest{})
	wantStatus(t, err, codes.Internal, api.ReasonInternal)
	code, h, body := call(t, s.HTTPClient(t, &cred), http.MethodGet, s.URL("/v1/status"), nil)
	wantProblem(t, code, h, body, http.StatusInternalServerError, api.ReasonInternal)
}

func TestOversizedRequests(t *testing.T) {
	const limit = 4096
	e := newEnv(t, api.Options{MaxRequestBytes: limit})
	ctx := testCtx(t)
	big := make([]byte, 3*limit)

	_, err := e.grpc(t).SubmitTx(ctx, &apipb.SubmitTxRequest{Tx: big})
	if status.Code(err) != codes.ResourceExhausted {
		t.Fatalf("oversized gRPC request: %v, want ResourceExhausted", err)
	}
	body, _ := json.Marshal(map[string]any{"tx": hex.EncodeToString(big)})
	hc := e.http(t)

	// With a Content-Length.
	code, h, resp := call(t, hc, http.MethodPost, e.s.URL("/v1/txs"), map[string]any{"tx": hex.EncodeToString(big)})
	wantProblem(t, code, h, resp, http.StatusRequestEntityTooLarge, types.CodeTooLarge)

	// Chunked, without one.
	req, _ := http.NewRequest(http.MethodPost, e.s.URL("/v1/txs"), io.NopCloser(bytes.NewReader(body)))
	req.ContentLength = -1
	r, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp, _ = io.ReadAll(r.Body)
	r.Body.Close()
	wantProblem(t, r.StatusCode, r.Header, resp, http.StatusRequestEntityTooLarge, types.CodeTooLarge)
	if len(e.b.Submitted()) != 0 {
		t.Fatal("an oversized request reached the backend")
	}

	// Just under the limit still works.
	tx := signedTx(t, 1)
	if _, err := e.grpc(t).SubmitTx(ctx, &apipb.SubmitTxRequest{Tx: types.EncodeTx(tx)}); err != nil {
		t.Fatal(err)
	}
}
