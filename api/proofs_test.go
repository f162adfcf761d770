package api_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/causeway/causeway/api"
	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/api/apitest"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify/proofpb"
)

// proofBackend is the fake backend with proofs: transaction 0x01.. is
// certified, 0x02.. is in the head block, others unknown.
type proofBackend struct {
	*apitest.Backend
	lastKey    []byte
	lastHeight uint64
	lastLatest bool
}

func (p *proofBackend) TxProof(h types.Hash) (*proofpb.TxProof, error) {
	switch h[0] {
	case 1:
		return &proofpb.TxProof{Header: &types.BlockHeader{Height: 7}}, nil
	case 2:
		return nil, api.ErrNotCertified
	}
	return nil, api.ErrNotFound
}

func (p *proofBackend) StateProof(key []byte, height uint64, latest bool) (*proofpb.StateProof, error) {
	p.lastKey, p.lastHeight, p.lastLatest = key, height, latest
	return &proofpb.StateProof{Key: key, Height: height}, nil
}

func (p *proofBackend) ConfigChain(to uint64, latest bool) (*proofpb.ConfigChain, error) {
	return &proofpb.ConfigChain{ChainId: apitest.ChainID, ToHeight: to}, nil
}

func hashWith(b byte) types.Hash {
	var h types.Hash
	h[0] = b
	return h
}

func TestProofsService(t *testing.T) {
	b := &proofBackend{Backend: apitest.NewBackend()}
	s := apitest.Start(t, b, api.Options{}, nil)
	c, err := s.PKI.Issue("org1", pki.RoleClient)
	if err != nil {
		t.Fatal(err)
	}
	ctx := testCtx(t)
	pc := apipb.NewProofsClient(s.GRPCConn(t, &c))

	p, err := pc.GetTxProof(ctx, &apipb.GetTxProofRequest{Hash: hashWith(1).String()})
	if err != nil || p.Header.Height != 7 {
		t.Fatalf("GetTxProof: %v %v", p, err)
	}
	_, err = pc.GetTxProof(ctx, &apipb.GetTxProofRequest{Hash: hashWith(2).String()})
	if status.Code(err) != codes.FailedPrecondition || reasonOf(err) != string(api.ReasonNotCertified) {
		t.Fatalf("head block: %v", err)
	}
	if _, err = pc.GetTxProof(ctx, &apipb.GetTxProofRequest{Hash: hashWith(3).String()}); status.Code(err) != codes.NotFound {
		t.Fatalf("unknown: %v", err)
	}
	if _, err = pc.GetTxProof(ctx, &apipb.GetTxProofRequest{Hash: "xyz"}); status.Code(err) != codes.InvalidArgument {
		t.Fatalf("bad hash: %v", err)
	}
	// Height absent means the latest; present (even 0) means that height.
	if _, err := pc.GetStateProof(ctx, &apipb.GetStateProofRequest{Key: "61636374"}); err != nil || !b.lastLatest || string(b.lastKey) != "acct" {
		t.Fatalf("latest state proof: %v %v", err, b.lastLatest)
	}
	zero := uint64(0)
	if _, err := pc.GetStateProof(ctx, &apipb.GetStateProofRequest{Key: "61", Height: &zero}); err != nil || b.lastLatest || b.lastHeight != 0 {
		t.Fatalf("state proof at 0: %v %v", err, b.lastLatest)
	}
	if _, err := pc.GetStateProof(ctx, &apipb.GetStateProofRequest{Key: "not hex"}); status.Code(err) != codes.InvalidArgument {
		t.Fatalf("bad key: %v", err)
	}

	// REST: the same, with the reason in the problem JSON.
	hc := s.HTTPClient(t, &c)
	get := func(path string) (int, string) {
		resp, err := hc.Get(s.URL(path))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	if st, body := get("/v1/txs/" + hashWith(1).String() + "/proof"); st != http.StatusOK || !strings.Contains(body, `"height":7`) {
		t.Fatalf("REST proof: %d %s", st, body)
	}
	if st, body := get("/v1/txs/" + hashWith(2).String() + "/proof"); st != http.StatusBadRequest || !strings.Contains(body, `"code":"not_certified"`) {
		t.Fatalf("REST not certified: %d %s", st, body)
	}
	if st, body := get("/v1/state/61636374/proof?height=5"); st != http.StatusOK || b.lastHeight != 5 || b.lastLatest {
		t.Fatalf("REST state proof: %d %s", st, body)
	}
	if st, body := get("/v1/config/chain?to_height=9"); st != http.StatusOK || !strings.Contains(body, `"to_height":9`) {
		t.Fatalf("REST config chain: %d %s", st, body)
	}
	// The in-process client calls the same service with the caller's context.
	if _, err := s.Server.Local().GetTxProof(context.Background(), &apipb.GetTxProofRequest{Hash: hashWith(1).String()}); status.Code(err) != codes.Unauthenticated {
		t.Fatalf("local call without an identity: %v", err)
	}
}

// A backend without proofs answers Unimplemented; the evidence read hook
// refuses GetEvidence.
func TestProofsUnimplementedAndEvidenceReadHook(t *testing.T) {
	deny := errors.New("org2 may not read it")
	e := newEnv(t, api.Options{ReadEvidence: func(_ context.Context, id pki.Identity, ev *types.Evidence) error {
		if id.Org == "org1" {
			return deny
		}
		return nil
	}})
	ctx := testCtx(t)
	pc := apipb.NewProofsClient(e.s.GRPCConn(t, &e.client))
	if _, err := pc.GetTxProof(ctx, &apipb.GetTxProofRequest{Hash: hashWith(1).String()}); status.Code(err) != codes.Unimplemented {
		t.Fatalf("GetTxProof on a backend without proofs: %v", err)
	}
	id := hashWith(9)
	e.b.PutEvidence(&types.Evidence{Id: id[:], Hash: []byte{1}, HashAlgorithm: "sha256"})
	_, err := e.grpc(t).GetEvidence(ctx, &apipb.GetEvidenceRequest{Id: id.String()})
	if status.Code(err) != codes.PermissionDenied || !strings.Contains(err.Error(), deny.Error()) {
		t.Fatalf("GetEvidence refused by the hook: %v", err)
	}
}

func reasonOf(err error) string {
	st, _ := status.FromError(err)
	return string(api.ReasonOfStatus(st))
}
