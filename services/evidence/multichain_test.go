package evidence_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/services/evidence"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify"
)

// One deposit anchored on two chains (a court's and a notary's): the
// certificate holds both proofs and verifies against both geneses; with
// only one genesis it fails, or, when partial verification is asked for,
// reports the other chain unchecked. Each chain's proof checked against the
// other's genesis fails.
func TestMultiChainAnchoring(t *testing.T) {
	court := testnet.New(t, testnet.Options{Nodes: 4, ChainID: "court"})
	notary := testnet.New(t, testnet.Options{Nodes: 4, ChainID: "notary"})
	gc, gn := court.Node(0).Genesis(), notary.Node(0).Genesis()
	svc := service(t, 0, court, notary)
	caller := callerOf(t, court.Network, 0)
	ctx := ctxT(t)

	file := []byte("judgment 2026/117, signed\n")
	d, err := svc.Deposit(ctx, caller, evidence.Request{Hash: sha256Hex(file), HashAlgorithm: "sha256", Metadata: map[string]string{"file_name": "judgment.txt", "case": "2026/117"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Anchors) != 2 || d.Anchors[0].ChainID != "court" || d.Anchors[1].ChainID != "notary" || d.Anchors[0].ID == d.Anchors[1].ID {
		t.Fatalf("anchors %+v", d.Anchors)
	}
	cert, err := svc.Certificate(ctx, caller, mustHash(t, d.ID))
	if err != nil {
		t.Fatal(err)
	}
	if len(cert.Anchors) != 2 || cert.Anchors[1].EvidenceID != d.Anchors[1].ID {
		t.Fatalf("certificate anchors: %+v", cert.Anchors)
	}
	both := []*types.Genesis{gn, gc}
	rep, err := evidence.Verify(cert, evidence.VerifyOptions{Geneses: both, File: bytes.NewReader(file)})
	if err != nil || !rep.Anchors[0].Checked || !rep.Anchors[1].Checked {
		t.Fatalf("both chains: %v %+v", err, rep)
	}
	// One genesis only.
	if _, err := evidence.Verify(cert, evidence.VerifyOptions{Geneses: []*types.Genesis{gc}}); !errors.Is(err, evidence.ErrNoGenesis) || pathOf(err) != "anchors[1].genesis_hash" {
		t.Fatalf("court genesis only: %v", err)
	}
	rep, err = evidence.Verify(cert, evidence.VerifyOptions{Geneses: []*types.Genesis{gc}, Partial: true})
	if err != nil || !rep.Anchors[0].Checked || rep.Anchors[1].Checked {
		t.Fatalf("partial: %v %+v", err, rep)
	}
	// The notary's proof presented as the court's.
	swapped := clone(t, cert)
	swapped.Anchors[1].GenesisHash = cert.Anchors[0].GenesisHash
	if _, err := evidence.Verify(swapped, evidence.VerifyOptions{Geneses: both}); !errors.Is(err, verify.ErrGenesis) && !errors.Is(err, evidence.ErrCertificate) {
		t.Fatalf("notary proof against the court's genesis: %v", err)
	}
	// A second-chain anchor that deposited other metadata is caught.
	other := clone(t, cert)
	other.Anchors[1] = clone(t, cert).Anchors[1]
	other.Evidence.Metadata["case"] = "2026/118"
	if _, err := evidence.Verify(other, evidence.VerifyOptions{Geneses: both}); !errors.Is(err, evidence.ErrCertificate) {
		t.Fatalf("metadata: %v", err)
	}
}
