package evidence_test

import (
	"testing"

	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/services/evidence"
	"github.com/causeway/causeway/types"
)

// A deposit anchored on two chains by one org's service is certified, on
// both chains, by another org's service (a reader): its deposit on the
// second chain is found from the depositor's account of the same name.
func TestMultiChainCertificateByAnotherOrg(t *testing.T) {
	if testing.Short() {
		t.Skip("two consortia of 4 nodes")
	}
	court := testnet.New(t, testnet.Options{Nodes: 4, ChainID: "court"})
	notary := testnet.New(t, testnet.Options{Nodes: 4, ChainID: "notary"})
	ctx := ctxT(t)
	depositor, reader := service(t, 0, court, notary), service(t, 1, court, notary)
	d, err := depositor.Deposit(ctx, callerOf(t, court.Network, 0), evidence.Request{Hash: sha256Hex([]byte("acceptance record")), HashAlgorithm: "sha256",
		Metadata: map[string]string{"file_name": "acceptance.pdf"}, Readers: []string{court.Network.Orgs[1].Name}})
	if err != nil {
		t.Fatal(err)
	}
	cert, err := reader.Certificate(ctx, callerOf(t, court.Network, 1), mustHash(t, d.ID))
	if err != nil {
		t.Fatal(err)
	}
	if len(cert.Anchors) != 2 || cert.Anchors[1].EvidenceID != d.Anchors[1].ID || cert.Evidence.Org != court.Network.Orgs[0].Name {
		t.Fatalf("anchors %+v, deposit %+v", cert.Anchors, d.Anchors)
	}
	rep, err := evidence.Verify(cert, evidence.VerifyOptions{Geneses: []*types.Genesis{court.Node(0).Genesis(), notary.Node(0).Genesis()}})
	if err != nil || !rep.Anchors[0].Checked || !rep.Anchors[1].Checked {
		t.Fatalf("%v %+v", err, rep)
	}
}
