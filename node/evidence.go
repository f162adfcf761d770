package node

import (
	"context"
	"fmt"
	"net/http"

	"github.com/causeway/causeway/api"
	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/services/evidence"
	"github.com/causeway/causeway/types"
)

// hostEvidence serves the evidence service on the REST API. The service
// runs on an in-process SDK client (api.Server.Local), so each of its calls
// is authorized as the REST caller's own; deposits are signed by the node's
// evidence account for callers of the node's org only.
func (n *Node) hostEvidence() error {
	var svc *evidence.Service
	if n.cfg.EvidenceAccount != "" {
		key, err := crypto.LoadKey(n.cfg.EvidenceKey)
		if err != nil {
			return fmt.Errorf("evidence account key: %w", err)
		}
		acct := sdk.Account{Name: n.cfg.EvidenceAccount, Signer: key, Suite: n.genesis.Suite()}
		svc, err = evidence.New(evidence.Options{Org: n.cfg.Org, Logger: n.log.With("component", "evidence")},
			evidence.Chain{ChainID: n.genesis.ChainID, Client: sdk.NewLocalClient(n.api.Local()), Account: acct})
		if err != nil {
			return err
		}
	}
	routes := evidence.Routes(svc, evidence.HandlerOptions{
		Identity: func(r *http.Request) (pki.Identity, error) { return api.IdentityFromContext(r.Context()) },
		Verify:   evidence.VerifyOptions{Geneses: []*types.Genesis{n.genesis}},
		Logger:   n.log.With("component", "evidence"),
	})
	for _, rt := range routes {
		h := rt.Handler
		if svc == nil && rt.Method != evidence.MethodVerify {
			h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n.api.WriteProblem(w, r, http.StatusServiceUnavailable, types.CodeUnavailable,
					"this node hosts no evidence service (its configuration names no evidence_account)")
			})
		}
		n.api.AddRoutes(api.Route{Pattern: rt.Pattern, Method: rt.Method, Handler: h})
	}
	return nil
}

// submitsEvidence reports whether an evidence REST method deposits (and so
// needs the permission to submit transactions).
func submitsEvidence(method string) bool {
	return method == evidence.MethodDeposit || method == evidence.MethodDepositBatch
}

// readEvidence is the API's evidence read policy (evidence.CanRead).
func readEvidence(_ context.Context, id pki.Identity, ev *types.Evidence) error {
	return evidence.CanRead(id, ev)
}
