package node_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/status"

	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

// Each bad input is refused with a clear, typed reason; nothing changes on
// chain; the node keeps serving and committing.
func TestBadInputsAreRefused(t *testing.T) {
	c := testnet.New(t, testnet.Options{Nodes: 4})
	cl := c.Client(0)
	acct := c.Account(0)
	opt := c.TxOptions()
	ctx := context.Background()

	// One committed transaction, to replay.
	committed := evidenceTx(t, acct, opt, "original")
	submitAll(t, cl, []*types.Transaction{committed}, 1)

	before, err := cl.GetAccount(ctx, acct.Name)
	if err != nil {
		t.Fatal(err)
	}
	height := c.MaxHeight()

	good := func() *types.Transaction { return evidenceTx(t, acct, opt, "payload "+time.Now().String()) }
	bigMeta := []*types.Attribute{{Key: "blob", Value: strings.Repeat("x", 70<<10)}}
	stranger, _ := crypto.GenerateEd25519()

	cases := []struct {
		name string
		raw  func() []byte
		want types.Code
		// grpc is the status code the refusal must carry, written out here
		// (api.CodeOfTxError's table), not computed by the code under test.
		grpc codes.Code
	}{
		{"malformed bytes", func() []byte { return []byte{0xff, 0x01, 0x02, 0x03} }, types.CodeMalformed, codes.InvalidArgument},
		{"empty body", func() []byte { return types.EncodeTx(&types.Transaction{Signatures: good().Signatures}) }, types.CodeMalformed, codes.InvalidArgument},
		{"missing signature", func() []byte { tx := good(); tx.Signatures = nil; return types.EncodeTx(tx) }, types.CodeNoSignature, codes.InvalidArgument},
		{"bad signature", func() []byte {
			tx := good()
			tx.Signatures[0].Signature[5] ^= 0x40
			return types.EncodeTx(tx)
		}, types.CodeBadSignature, codes.InvalidArgument},
		{"signature by another key", func() []byte {
			tx := good()
			other, _ := sdk.Account{Name: acct.Name, Signer: stranger}.DepositEvidenceTx(opt, []byte{1}, "sha256", nil)
			tx.Signatures = other.Signatures // valid signature, but over another body
			return types.EncodeTx(tx)
		}, types.CodeBadSignature, codes.InvalidArgument},
		{"wrong chain id", func() []byte {
			o := opt
			o.ChainID = "another-chain"
			tx := evidenceTx(t, acct, o, "wrong chain")
			return types.EncodeTx(tx)
		}, types.CodeWrongChain, codes.InvalidArgument},
		{"expired", func() []byte {
			o := opt
			o.Now = func() time.Time { return time.Now().Add(-time.Hour) }
			o.Validity = time.Minute
			return types.EncodeTx(evidenceTx(t, acct, o, "expired"))
		}, types.CodeExpired, codes.FailedPrecondition},
		{"timestamp in the future", func() []byte {
			o := opt
			o.Now = func() time.Time { return time.Now().Add(time.Hour) }
			return types.EncodeTx(evidenceTx(t, acct, o, "future"))
		}, types.CodeFuture, codes.FailedPrecondition},
		{"validity above the chain's limit", func() []byte {
			o := opt
			o.Validity = 24 * time.Hour
			return types.EncodeTx(evidenceTx(t, acct, o, "long validity"))
		}, types.CodeBadValidity, codes.InvalidArgument},
		{"replayed transaction", func() []byte { return types.EncodeTx(committed) }, types.CodeDuplicate, codes.AlreadyExists},
		{"oversized transaction", func() []byte {
			tx, err := acct.DepositEvidenceTx(opt, []byte{1, 2, 3}, "sha256", bigMeta)
			if err != nil {
				t.Fatal(err)
			}
			return types.EncodeTx(tx)
		}, types.CodeTooLarge, codes.InvalidArgument},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := cl.SubmitRaw(ctx, tc.raw(), false)
			if err == nil {
				t.Fatal("accepted")
			}
			if got := sdk.ReasonOf(err); got != tc.want {
				t.Fatalf("reason %q (%v), want %q", got, err, tc.want)
			}
			st, ok := status.FromError(err)
			if !ok || st.Code() != tc.grpc {
				t.Fatalf("status %v (%v), want %v", st.Code(), err, tc.grpc)
			}
			if reasonOfDetails(st) != string(tc.want) {
				t.Fatalf("ErrorInfo reason %q, want %q", reasonOfDetails(st), tc.want)
			}
		})
	}

	// A transaction larger than the API's request limit is refused before decoding.
	huge := make([]byte, 2<<20)
	if _, err := cl.SubmitRaw(ctx, huge, false); status.Code(err) != codes.ResourceExhausted {
		t.Fatalf("2 MiB request: %v, want ResourceExhausted", err)
	}

	// Nothing changed. The barrier is a valid transaction of another
	// account, submitted through the same node after every refusal: had a
	// refused transaction been let into the pool, it would be ordered no
	// later than the barrier. So the barrier's block must be the next one
	// and hold the barrier alone, and the account must be as it was.
	barrier := evidenceTx(t, c.Account(1), opt, "barrier after the refusals")
	r := submitAll(t, cl, []*types.Transaction{barrier}, 1)[0]
	if r.Status != types.ReceiptStatus_SUCCESS {
		t.Fatalf("barrier: %s", r.ErrorCode)
	}
	if r.Height != height+1 {
		t.Fatalf("the barrier committed at %d, the last block before the refusals was %d", r.Height, height)
	}
	blk, err := c.Node(0).Store().Block(r.Height)
	if err != nil {
		t.Fatal(err)
	}
	if len(blk.Txs) != 1 || c.Network.Suite().TxHash(blk.Txs[0]) != c.Network.Suite().TxHash(barrier) {
		t.Fatalf("the barrier's block holds %d transactions", len(blk.Txs))
	}
	after, err := cl.GetAccount(ctx, acct.Name)
	if err != nil {
		t.Fatal(err)
	}
	if after.Balance != before.Balance || after.Version != before.Version {
		t.Fatalf("account changed: %v -> %v", before, after)
	}

	// The node keeps running and committing.
	if r := submitAll(t, cl, []*types.Transaction{good()}, 1)[0]; r.Status != types.ReceiptStatus_SUCCESS {
		t.Fatalf("valid tx after bad ones: %s", r.ErrorCode)
	}
	if err := c.CheckConsistent(); err != nil {
		t.Fatal(err)
	}
}

// Clients without a certificate, or with one from a CA that is not a member,
// are refused at the TLS handshake, for gRPC and REST; health needs no certificate.
func TestClientCertificatesAreRequired(t *testing.T) {
	c := testnet.New(t, testnet.Options{Nodes: 4})
	nw := c.Network
	bundle, err := os.ReadFile(nw.CABundle)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(bundle)

	outsider, err := pki.NewCA("outsider")
	if err != nil {
		t.Fatal(err)
	}
	certPEM, keyPEM, err := outsider.Issue(pki.IssueRequest{CommonName: "mallory", Role: pki.RoleClient})
	if err != nil {
		t.Fatal(err)
	}
	outsiderCert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	clients := map[string][]tls.Certificate{"no certificate": nil, "unknown CA": {outsiderCert}}
	for name, certs := range clients {
		t.Run("grpc/"+name, func(t *testing.T) {
			conf := &tls.Config{RootCAs: pool, ServerName: "127.0.0.1", Certificates: certs, MinVersion: tls.VersionTLS13}
			conn, err := grpc.NewClient(nw.Nodes[0].GRPC, grpc.WithTransportCredentials(credentials.NewTLS(conf)))
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_, err = apipb.NewChainClient(conn).Status(ctx, &apipb.StatusRequest{})
			if err == nil {
				t.Fatal("served a client without a member certificate")
			}
			t.Logf("refused: %v", err)
		})
		t.Run("rest/"+name, func(t *testing.T) {
			conf := &tls.Config{RootCAs: pool, ServerName: "127.0.0.1", Certificates: certs}
			hc := &http.Client{Transport: &http.Transport{TLSClientConfig: conf}, Timeout: 5 * time.Second}
			resp, err := hc.Get("https://" + nw.Nodes[0].REST + "/v1/status")
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					t.Fatal("served status to a client without a member certificate")
				}
				if certs == nil && resp.StatusCode != http.StatusUnauthorized {
					t.Fatalf("status %d, want 401", resp.StatusCode)
				}
			}
			// Health is open to anyone who can reach the node (a client without a certificate).
			if certs == nil {
				resp, err := hc.Get("https://" + nw.Nodes[0].REST + "/v1/health")
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("health: %d", resp.StatusCode)
				}
			}
		})
	}
	// A member's client is served.
	if _, err := c.Client(1).Status(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// reasonOfDetails is the reason of the Causeway ErrorInfo detail of st.
func reasonOfDetails(st *status.Status) string {
	for _, d := range st.Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok && info.GetDomain() == "causeway" {
			return info.GetReason()
		}
	}
	return ""
}
