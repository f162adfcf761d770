package sdk_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

// stdSigner signs with the standard library's Ed25519.
type stdSigner struct{ priv ed25519.PrivateKey }

func newStdSigner(t *testing.T) stdSigner {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return stdSigner{priv}
}

func (s stdSigner) Scheme() types.SignatureScheme { return types.SignatureScheme_ED25519 }
func (s stdSigner) PublicKey() []byte             { return s.priv.Public().(ed25519.PublicKey) }
func (s stdSigner) Sign(d []byte) ([]byte, error) { return ed25519.Sign(s.priv, d), nil }

var fixedNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// checkTx verifies a built transaction and returns its body.
func checkTx(t *testing.T, tx *types.Transaction, a sdk.Account, typ types.TxType, payload, want proto.Message) *types.TxBody {
	t.Helper()
	d, err := types.Intl.DecodeTx(types.EncodeTx(tx), 0)
	if err != nil {
		t.Fatal(err)
	}
	if d.Hash != types.Intl.TxHash(tx) || d.Hash != types.Intl.Sum(tx.Body) {
		t.Fatalf("hash %s, TxHash %s", d.Hash, types.Intl.TxHash(tx))
	}
	if len(tx.Signatures) != 1 {
		t.Fatalf("%d signatures", len(tx.Signatures))
	}
	s := tx.Signatures[0]
	if s.Scheme != types.SignatureScheme_ED25519 || !bytes.Equal(s.PublicKey, a.Signer.PublicKey()) {
		t.Fatalf("signature %v", s)
	}
	if !ed25519.Verify(s.PublicKey, d.Hash[:], s.Signature) {
		t.Fatal("signature does not verify over the transaction hash")
	}
	b := d.Body
	if b.ChainId != "testchain" || !bytes.Equal(b.Sender, a.ID().Bytes()) || b.Type != typ ||
		b.TimestampMs != fixedNow.UnixMilli() || b.Nonce == 0 {
		t.Fatalf("body %v", b)
	}
	if err := proto.Unmarshal(b.Payload, payload); err != nil {
		t.Fatal(err)
	}
	if !proto.Equal(payload, want) {
		t.Fatalf("payload %v, want %v", payload, want)
	}
	enc, _ := proto.MarshalOptions{Deterministic: true}.Marshal(want)
	if !bytes.Equal(b.Payload, enc) {
		t.Fatal("payload is not the deterministic encoding")
	}
	// The body bytes are the deterministic encoding of the body.
	benc, _ := proto.MarshalOptions{Deterministic: true}.Marshal(b)
	if !bytes.Equal(tx.Body, benc) {
		t.Fatal("body is not the deterministic encoding")
	}
	return b
}

func TestBuilders(t *testing.T) {
	a := sdk.Account{Name: "alice", Signer: newStdSigner(t)}
	if a.ID() != types.Intl.AccountID("alice") {
		t.Fatal("ID is not AccountID(name)")
	}
	opt := sdk.TxOptions{ChainID: "testchain", Now: func() time.Time { return fixedNow }}

	tx, err := a.CreateAccountTx(opt)
	if err != nil {
		t.Fatal(err)
	}
	b := checkTx(t, tx, a, types.TxType_CREATE_ACCOUNT, &types.CreateAccount{},
		&types.CreateAccount{Name: "alice", Scheme: types.SignatureScheme_ED25519, PublicKey: a.Signer.PublicKey()})
	if b.ValidityMs != sdk.DefaultValidity.Milliseconds() {
		t.Fatalf("validity %d ms, want the default", b.ValidityMs)
	}

	bob := types.Intl.AccountID("bob")
	opt.Validity = 90 * time.Second
	tx, err = a.TransferTx(opt, bob, 250)
	if err != nil {
		t.Fatal(err)
	}
	b = checkTx(t, tx, a, types.TxType_TRANSFER, &types.Transfer{}, &types.Transfer{To: bob.Bytes(), Amount: 250})
	if b.ValidityMs != 90_000 {
		t.Fatalf("validity %d ms", b.ValidityMs)
	}

	digest := types.Intl.Sum([]byte("file"))
	meta := []*types.Attribute{{Key: "z", Value: "1"}, {Key: "a", Value: "2"}}
	tx, err = a.DepositEvidenceTx(opt, digest[:], "sha256", meta)
	if err != nil {
		t.Fatal(err)
	}
	checkTx(t, tx, a, types.TxType_DEPOSIT_EVIDENCE, &types.DepositEvidence{},
		&types.DepositEvidence{Hash: digest[:], HashAlgorithm: "sha256", Metadata: meta})
}

func TestBuildersNonce(t *testing.T) {
	a := sdk.Account{Name: "alice", Signer: newStdSigner(t)}
	opt := sdk.TxOptions{ChainID: "testchain", Now: func() time.Time { return fixedNow }}
	to := types.Intl.AccountID("bob")
	// Random nonces: the same transfer twice in the same millisecond differs.
	t1, _ := a.TransferTx(opt, to, 1)
	t2, _ := a.TransferTx(opt, to, 1)
	if types.Intl.TxHash(t1) == types.Intl.TxHash(t2) {
		t.Fatal("two transfers with random nonces have the same hash")
	}
	// A fixed nonce and clock give the same body (Ed25519 signatures are
	// deterministic too).
	opt.Nonce = 77
	t1, _ = a.TransferTx(opt, to, 1)
	t2, _ = a.TransferTx(opt, to, 1)
	if !proto.Equal(t1, t2) {
		t.Fatal("fixed nonce and clock gave different transactions")
	}
	body := &types.TxBody{}
	if err := proto.Unmarshal(t1.Body, body); err != nil || body.Nonce != 77 {
		t.Fatalf("nonce %d, %v", body.Nonce, err)
	}
}

func TestBuildersRefuseIncompleteInput(t *testing.T) {
	s := newStdSigner(t)
	opt := sdk.TxOptions{ChainID: "testchain"}
	for name, f := range map[string]func() error{
		"no chain": func() error {
			_, err := sdk.Account{Name: "a", Signer: s}.TransferTx(sdk.TxOptions{}, types.Hash{}, 1)
			return err
		},
		"no name": func() error { _, err := sdk.Account{Signer: s}.CreateAccountTx(opt); return err },
		"no signer": func() error {
			_, err := sdk.Account{Name: "a"}.CreateAccountTx(opt)
			return err
		},
		"no evidence hash": func() error {
			_, err := sdk.Account{Name: "a", Signer: s}.DepositEvidenceTx(opt, nil, "sha256", nil)
			return err
		},
		"negative validity": func() error {
			_, err := sdk.Account{Name: "a", Signer: s}.TransferTx(sdk.TxOptions{ChainID: "c", Validity: -time.Second}, types.Hash{}, 1)
			return err
		},
	} {
		if f() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
