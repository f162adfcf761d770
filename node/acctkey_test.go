package node_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/crypto/seal"
	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify"
)

// An account rotates its encryption key on a running cluster, through the
// REST API's transaction submission (POST /v1/txs, checked against
// api/openapi.yaml by TestMain), signed by its own key; a rotation signed
// by another key fails (unauthorized) and changes nothing. Data sealed to
// the account before (sealed right after the account's creation, whose
// block could not be proven yet: Seal makes the next block first) opens
// with the old key only; Seal right after the rotation, through proofs,
// makes the next block first rather than seal to the replaced key, so no
// envelope for that key reaches a block; the new data opens with the new
// key only. The account lists both keys.
func TestSealedAccountKeyRotationOnCluster(t *testing.T) {
	c := testnet.New(t, testnet.Options{Nodes: 4})
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	cl := c.Client(0)
	opt := c.TxOptions()
	suite := c.Network.Suite()
	v, err := verify.New(c.Node(0).Genesis())
	if err != nil {
		t.Fatal(err)
	}
	org1 := c.Account(0)
	org1.Suite = suite

	signer, err := crypto.GenerateEd25519()
	if err != nil {
		t.Fatal(err)
	}
	dora := sdk.Account{Name: "dora", Signer: signer, Suite: suite}
	oldKey, _ := seal.GenerateEncryptionKey(suite.Name())
	newKey, _ := seal.GenerateEncryptionKey(suite.Name())
	create, err := dora.CreateAccountWithKeysTx(opt, []*types.AuthKey{sdk.AuthKeyOf(signer, 100)}, nil, oldKey.PublicKey(), signer)
	if err != nil {
		t.Fatal(err)
	}
	if r, err := cl.SubmitAndWait(ctx, create); err != nil || r.Receipt.Status != types.ReceiptStatus_SUCCESS {
		t.Fatalf("create dora: %v %v", err, r)
	}
	toDora := sdk.Readers{Accounts: []string{"dora"}}
	before, err := cl.Seal(ctx, org1, opt, []byte("before the rotation"), toDora, sdk.SealOptions{Verifier: v})
	if err != nil {
		t.Fatalf("seal to an account created in the head block: %v", err)
	}

	// The rotation, as a REST client submits any transaction.
	post := restPoster(t, c)
	submit := func(tx *types.Transaction) (int, []byte) {
		return post("/v1/txs", map[string]any{"tx": hex.EncodeToString(types.EncodeTx(tx)), "wait": true})
	}
	mallory, _ := crypto.GenerateEd25519()
	forged, err := dora.SetEncryptionKeyTx(opt, newKey.PublicKey(), mallory)
	if err != nil {
		t.Fatal(err)
	}
	if st, body := submit(forged); st != http.StatusOK || !strings.Contains(string(body), `"unauthorized"`) {
		t.Fatalf("a rotation signed by another key: %d %s", st, body)
	}
	rot, err := dora.SetEncryptionKeyTx(opt, newKey.PublicKey())
	if err != nil {
		t.Fatal(err)
	}
	st, body := submit(rot)
	var resp struct {
		Height  uint64 `json:"height"`
		Receipt struct {
			Status string `json:"status"`
		} `json:"receipt"`
	}
	if st != http.StatusOK || json.Unmarshal(body, &resp) != nil || resp.Receipt.Status != "SUCCESS" {
		t.Fatalf("rotation through POST /v1/txs: %d %s", st, body)
	}
	rotated := resp.Height
	if st, body := submit(rot); st == http.StatusOK && !strings.Contains(string(body), "duplicate") {
		t.Fatalf("the rotation replayed: %d %s", st, body)
	}

	after, err := cl.Seal(ctx, org1, opt, []byte("after the rotation"), toDora, sdk.SealOptions{Verifier: v})
	if err != nil {
		t.Fatal(err)
	}
	if r := after.Record.Readers; len(r) != 1 || seal.KeyID(r[0].KeyId) != newKey.ID() {
		t.Fatalf("sealed after the rotation to %v, want the new key %s", r, newKey.ID())
	}
	sealedTxs := 0
	for h := rotated; h <= after.Height; h++ {
		b, err := cl.GetBlock(ctx, h)
		if err != nil {
			t.Fatal(err)
		}
		for _, tx := range b.Block.Txs {
			d, err := suite.DecodeTx(types.EncodeTx(tx), 0)
			if err != nil {
				t.Fatal(err)
			}
			if d.Body.Type == types.TxType_STORE_SEALED {
				sealedTxs++
			}
		}
	}
	if sealedTxs != 1 {
		t.Fatalf("%d sealed payloads in blocks %d..%d, want 1 (none to the replaced key)", sealedTxs, rotated, after.Height)
	}
	if err := c.WaitHeight(after.Height, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		id   types.Hash
		key  *seal.EncryptionKey
		want string
	}{{before.ID, oldKey, "before the rotation"}, {before.ID, newKey, ""}, {after.ID, newKey, "after the rotation"}, {after.ID, oldKey, ""}} {
		got, _, err := c.Client(1).Open(ctx, tc.id, tc.key)
		if tc.want == "" && !errors.Is(err, sdk.ErrNotAReader) || tc.want != "" && (err != nil || string(got) != tc.want) {
			t.Fatalf("open %s with key %s: %q %v", tc.id, tc.key.ID(), got, err)
		}
	}
	a, err := cl.GetAccount(ctx, "dora")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.EncryptionKey, newKey.PublicKey()) || a.EncryptionKeyFromHeight != rotated+1 || len(a.ReplacedEncryptionKeys) != 1 ||
		!bytes.Equal(a.ReplacedEncryptionKeys[0].PublicKey, oldKey.PublicKey()) || a.ReplacedEncryptionKeys[0].UntilHeight != rotated+1 {
		t.Fatalf("dora after the rotation: %v", a)
	}
}

// restPoster returns a function posting JSON to node 0's REST API as org1's
// client, returning the status and body.
func restPoster(t *testing.T, c *testnet.Cluster) func(path string, body any) (int, []byte) {
	t.Helper()
	bundle, err := os.ReadFile(c.Network.CABundle)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(bundle)
	o := c.Network.Orgs[0]
	cert, err := tls.LoadX509KeyPair(o.Client.Cert, o.Client.Key)
	if err != nil {
		t.Fatal(err)
	}
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, ServerName: "127.0.0.1", Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS13}}
	t.Cleanup(tr.CloseIdleConnections)
	hc := &http.Client{Timeout: 30 * time.Second, Transport: tr}
	return func(path string, body any) (int, []byte) {
		t.Helper()
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := hc.Post("https://"+c.Network.Nodes[0].REST+path, "application/json", bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, out
	}
}
