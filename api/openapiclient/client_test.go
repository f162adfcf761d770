package openapiclient_test

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/api"
	"github.com/causeway/causeway/api/apijson"
	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/api/apitest"
	"github.com/causeway/causeway/api/openapiclient"
	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

// populated fails t unless every field of v (a generated model), nested
// ones included, is set: no zero value, no nil pointer, no empty list.
func populated(t *testing.T, path string, v reflect.Value) {
	t.Helper()
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			t.Errorf("%s is not set", path)
			return
		}
		if v.Type() == reflect.TypeOf(&time.Time{}) {
			return
		}
		populated(t, path, v.Elem())
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(time.Time{}) {
			if v.Interface().(time.Time).IsZero() {
				t.Errorf("%s is zero", path)
			}
			return
		}
		for i := 0; i < v.NumField(); i++ {
			populated(t, path+"."+v.Type().Field(i).Name, v.Field(i))
		}
	case reflect.Slice:
		if v.Len() == 0 {
			t.Errorf("%s is empty", path)
		}
		for i := 0; i < v.Len(); i++ {
			populated(t, path+"[]", v.Index(i))
		}
	default:
		if v.IsZero() {
			t.Errorf("%s is zero", path)
		}
	}
}

// sameAsSDK fails t unless the generated model got holds exactly what the
// SDK read (want): got is written back as JSON and decoded as the message.
func sameAsSDK(t *testing.T, what string, got any, want proto.Message) {
	t.Helper()
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	m := want.ProtoReflect().New().Interface()
	if err := apijson.Unmarshal(b, m); err != nil {
		t.Fatalf("%s: the generated client's model does not decode back: %v\n%s", what, err, b)
	}
	if !proto.Equal(m, want) {
		t.Fatalf("%s: the generated client read\n%v\nthe SDK read\n%v", what, m, want)
	}
	populated(t, what, reflect.ValueOf(got))
}

func sameTime(t *testing.T, what string, copy *time.Time, ms int64) {
	t.Helper()
	if copy == nil || copy.UnixMilli() != ms {
		t.Errorf("%s: RFC 3339 copy %v, want Unix ms %d", what, copy, ms)
	}
}

// A client generated from api/openapi.yaml by oapi-codegen reads every
// field of a status, block, transaction, account, evidence and sealed
// payload answer of a
// running server, each equal to what the Go SDK reads over gRPC.
func TestGeneratedClientReadsEveryField(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	b := apitest.NewBackend()
	s := apitest.Start(t, b, api.Options{}, nil)
	cred, err := s.PKI.Issue("org1", pki.RoleClient)
	if err != nil {
		t.Fatal(err)
	}

	// A chain whose answers have every field set.
	key, err := crypto.GenerateEd25519()
	if err != nil {
		t.Fatal(err)
	}
	var txs []*types.Transaction
	for nonce := uint64(1); nonce <= 2; nonce++ {
		payload, _ := proto.Marshal(&types.Transfer{To: types.Intl.AccountID("bob").Bytes(), Amount: 5})
		tx, err := types.Intl.NewTx(&types.TxBody{
			ChainId: apitest.ChainID, Sender: types.Intl.AccountID("alice").Bytes(), TimestampMs: 1764503228123,
			ValidityMs: 60_000, Type: types.TxType_TRANSFER, Payload: payload, Nonce: nonce,
		}, key)
		if err != nil {
			t.Fatal(err)
		}
		txs = append(txs, tx)
	}
	genesis, err := b.GetBlock(0)
	if err != nil {
		t.Fatal(err)
	}
	h := func(s string) []byte { return types.Intl.Sum([]byte(s)).Bytes() }
	blk := &types.Block{
		Header: &types.BlockHeader{ChainId: apitest.ChainID, Height: 1, PrevHash: types.Intl.BlockHash(genesis).Bytes(), TimeMs: 1764503229000,
			TxRoot: h("txs"), StateRoot: h("state"), ReceiptRoot: h("receipts"), TxCount: 2, Proposer: 3},
		Txs:               txs,
		ConsensusMetadata: []byte{1, 2, 3},
		Signatures:        []*types.QuorumSignature{{Signer: 2, Signature: []byte("sig"), Aux: []byte("aux")}},
	}
	b.CommitBlock(blk)
	d, err := types.Intl.DecodeTx(types.EncodeTx(txs[1]), 0)
	if err != nil {
		t.Fatal(err)
	}
	txHash := types.Intl.TxHash(txs[1])
	b.PutTx(&api.TxResult{
		Tx: txs[1], Body: d.Body, Height: 1, Index: 1, BlockHash: types.Intl.BlockHash(blk),
		Receipt: &types.Receipt{
			TxHash: txHash.Bytes(), Status: types.ReceiptStatus_FAILED, ErrorCode: "insufficient_funds", Error: "balance 0 < 5",
			Events: []*types.Event{{Type: "transfer", Attributes: []*types.Attribute{{Key: "amount", Value: "5"}}}},
			Height: 1, Index: 1, GasUsed: 21000, ReturnData: []byte{0xca, 0xfe},
			Logs:            []*types.Log{{Address: h("contract")[:20], Topics: [][]byte{h("topic")}, Data: []byte{7}}},
			ContractAddress: h("contract")[:20],
		},
	})
	authKey := &types.AuthKey{Scheme: types.SignatureScheme_ED25519, PublicKey: key.PublicKey(), Weight: 100}
	account := &types.Account{
		Id: types.Intl.AccountID("alice").Bytes(), Name: "alice", Balance: 1000, AuthKeys: []*types.AuthKey{authKey},
		Status: types.AccountStatus_ACCOUNT_RECOVERING, Version: 4, CreatedHeight: 1,
		RecoverKey: &types.AuthKey{Scheme: types.SignatureScheme_ED25519, PublicKey: h("recover"), Weight: 100}, RecoverAfterMs: 1764503300000,
		PendingKeys:   []*types.AuthKey{{Scheme: types.SignatureScheme_ECDSA_P256, PublicKey: h("pending"), Weight: 50}},
		EncryptionKey: h("enc"), CodeHash: h("code"), EncryptionKeyFromHeight: 7,
		ReplacedEncryptionKeys: []*types.ReplacedEncryptionKey{{PublicKey: h("old enc"), FromHeight: 1, UntilHeight: 7}},
	}
	b.PutAccount(account)
	evID := types.Intl.Sum([]byte("evidence"))
	b.PutEvidence(&types.Evidence{Id: evID.Bytes(), Hash: h("file"), HashAlgorithm: "sha256",
		Metadata: []*types.Attribute{{Key: "owner", Value: "Acme"}}, Owner: account.Id, TxHash: txHash.Bytes(), Height: 1, TimeMs: 1764503229000,
		SealedHash: h("envelope")})
	// A sealed payload: its record, and the transaction carrying its envelope.
	sealedPayload, _ := proto.Marshal(&types.SealedPayload{Envelope: []byte("envelope"), Orgs: []string{"org2"}})
	sealedTx, err := types.Intl.NewTx(&types.TxBody{ChainId: apitest.ChainID, Sender: account.Id, TimestampMs: 1764503228123,
		ValidityMs: 60_000, Type: types.TxType_STORE_SEALED, Payload: sealedPayload, Nonce: 3}, key)
	if err != nil {
		t.Fatal(err)
	}
	sealedID := types.Intl.TxHash(sealedTx)
	sd, _ := types.Intl.DecodeTx(types.EncodeTx(sealedTx), 0)
	b.PutTx(&api.TxResult{Tx: sealedTx, Body: sd.Body, Height: 1, Index: 2, BlockHash: types.Intl.BlockHash(blk),
		Receipt: &types.Receipt{TxHash: sealedID.Bytes(), Height: 1, Index: 2}})
	b.PutSealed(&types.SealedRecord{Id: sealedID.Bytes(), Owner: account.Id, Height: 1, TimeMs: 1764503229000,
		EnvelopeHash: h("envelope"), EnvelopeSize: 8, Suite: "intl", Class: "ride-record",
		// (A real reader is an org or an account; this one has both, so that every field is set.)
		Readers: []*types.SealedReader{{Org: "org2", Account: account.Id, KeyId: h("org2 key"), Label: "org:org2"}},
		Orgs:    []string{"org2"}, Accounts: [][]byte{account.Id}, Groups: []string{"delta"}, Carrier: types.TxType_STORE_SEALED})
	b.EditStatus(func(st *apipb.StatusResponse) {
		st.View, st.GenesisHash, st.PoolSize, st.LastBlockTimeMs = 2, types.Intl.BlockHash(genesis).String(), 1, blk.Header.TimeMs
	})

	// The Go SDK reads over gRPC.
	sc, err := sdk.Dial(ctx, sdk.Config{Address: s.GRPCAddr, CertPEM: cred.CertPEM, KeyPEM: cred.KeyPEM, CAPEM: s.PKI.CABundle})
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close()
	// The generated client reads over REST.
	oc, err := openapiclient.NewClientWithResponses("https://"+s.RESTAddr, openapiclient.WithHTTPClient(s.HTTPClient(t, &cred)))
	if err != nil {
		t.Fatal(err)
	}

	wantSt, err := sc.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st, err := oc.StatusWithResponse(ctx)
	if err != nil || st.JSON200 == nil {
		t.Fatalf("status: %v %s", err, st.Body)
	}
	sameAsSDK(t, "status", st.JSON200, wantSt)
	sameTime(t, "status.last_block_time", st.JSON200.LastBlockTime, wantSt.LastBlockTimeMs)

	wantBlk, err := sc.GetBlock(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	br, err := oc.GetBlockWithResponse(ctx, 1)
	if err != nil || br.JSON200 == nil {
		t.Fatalf("block: %v %s", err, br.Body)
	}
	sameAsSDK(t, "block", br.JSON200, wantBlk)
	sameTime(t, "block.header.time", br.JSON200.Block.Header.Time, blk.Header.TimeMs)

	wantTx, err := sc.GetTx(ctx, txHash)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := oc.GetTxWithResponse(ctx, txHash.String())
	if err != nil || tr.JSON200 == nil {
		t.Fatalf("tx: %v %s", err, tr.Body)
	}
	sameAsSDK(t, "tx", tr.JSON200, wantTx)
	sameTime(t, "tx.body.timestamp", tr.JSON200.Body.Timestamp, wantTx.Body.TimestampMs)

	wantAcct, err := sc.GetAccount(ctx, "alice")
	if err != nil {
		t.Fatal(err)
	}
	ar, err := oc.GetAccountWithResponse(ctx, "alice")
	if err != nil || ar.JSON200 == nil {
		t.Fatalf("account: %v %s", err, ar.Body)
	}
	sameAsSDK(t, "account", ar.JSON200, wantAcct)
	sameTime(t, "account.recover_after", ar.JSON200.RecoverAfter, wantAcct.RecoverAfterMs)

	wantEv, err := sc.GetEvidence(ctx, evID)
	if err != nil {
		t.Fatal(err)
	}
	er, err := oc.GetEvidenceWithResponse(ctx, evID.String())
	if err != nil || er.JSON200 == nil {
		t.Fatalf("evidence: %v %s", err, er.Body)
	}
	sameAsSDK(t, "evidence", er.JSON200, wantEv)
	sameTime(t, "evidence.time", er.JSON200.Time, wantEv.TimeMs)

	wantSealed, err := sc.GetSealed(ctx, sealedID)
	if err != nil {
		t.Fatal(err)
	}
	sr, err := oc.GetSealedWithResponse(ctx, sealedID.String())
	if err != nil || sr.JSON200 == nil {
		t.Fatalf("sealed: %v %s", err, sr.Body)
	}
	sameAsSDK(t, "sealed", sr.JSON200, wantSealed)
	sameTime(t, "sealed.record.time", sr.JSON200.Record.Time, wantSealed.Record.TimeMs)

	// Errors are typed too: a missing account is a Problem.
	missing, err := oc.GetAccountWithResponse(ctx, "nobody")
	if err != nil || missing.ApplicationproblemJSON404 == nil || missing.ApplicationproblemJSON404.Code != "not_found" {
		t.Fatalf("missing account: %v %d %s", err, missing.StatusCode(), missing.Body)
	}
}
