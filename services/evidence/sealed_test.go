package evidence_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/causeway/causeway/crypto/seal"
	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/services/evidence"
	"github.com/causeway/causeway/types"
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
	key, err := seal.GenerateEncryptionKey(seal.SuiteIntl)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := c.Network.AdminAccount("org2")
	if err != nil {
		t.Fatal(err)
	}
	tx, err := admin.ProposeTx(c.TxOptions(), &types.Proposal{Action: &types.Proposal_SetOrgEncryptionKey{
		SetOrgEncryptionKey: &types.SetOrgEncryptionKey{Org: "org2", PublicKey: key.PublicKey()}}})
	if err != nil {
		t.Fatal(err)
	}
	id := c.Network.Suite().TxHash(tx)
	txs := []*types.Transaction{tx}
	for _, org := range []string{"org3", "org4"} {
		a, err := c.Network.AdminAccount(org)
		if err != nil {
			t.Fatal(err)
		}
		v, _ := a.VoteTx(c.TxOptions(), id, true)
		txs = append(txs, v)
	}
	for _, tx := range txs {
		if r, err := cl.SubmitAndWait(ctx, tx); err != nil || r.Receipt.Status != types.ReceiptStatus_SUCCESS {
			t.Fatalf("governance: %v %v", err, r)
		}
	}

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
