package sdk_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/api"
	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/api/apitest"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

// fixture is a served fake backend plus a network file describing it.
type fixture struct {
	b   *apitest.Backend
	s   *apitest.Served
	nw  *sdk.Network
	dir string
}

func write(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	b := apitest.NewBackend()
	s := apitest.Start(t, b, api.Options{}, nil)
	dir := t.TempDir()
	nw := &sdk.Network{ChainID: apitest.ChainID, Dir: dir}
	for _, org := range s.PKI.Orgs {
		c, err := s.PKI.Issue(org, pki.RoleClient)
		if err != nil {
			t.Fatal(err)
		}
		o := sdk.NetworkOrg{
			Name:   org,
			CA:     filepath.Join("orgs", org, "ca.crt"),
			Client: sdk.Credential{Cert: filepath.Join("orgs", org, "client", "cert.pem"), Key: filepath.Join("orgs", org, "client", "key.pem")},
		}
		write(t, filepath.Join(dir, o.CA), s.PKI.CAs[org].CertPEM())
		write(t, filepath.Join(dir, o.Client.Cert), c.CertPEM)
		write(t, filepath.Join(dir, o.Client.Key), c.KeyPEM)
		nw.Orgs = append(nw.Orgs, o)
	}
	write(t, filepath.Join(dir, "ca-bundle.pem"), s.PKI.CABundle)
	nw.CABundle = "ca-bundle.pem"
	nw.Nodes = []sdk.NetworkNode{{ID: 1, Org: "org1", GRPC: s.GRPCAddr, REST: s.RESTAddr}}
	return &fixture{b: b, s: s, nw: nw, dir: dir}
}

func (f *fixture) dial(t *testing.T) *sdk.Client {
	t.Helper()
	c, err := sdk.DialNetwork(ctx(t), f.nw, "org2", 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return c
}

func account(t *testing.T, name string) sdk.Account {
	return sdk.Account{Name: name, Signer: newStdSigner(t)}
}

func TestClientMethods(t *testing.T) {
	f := newFixture(t)
	f.b.CommitEmpty(2)
	c := f.dial(t)
	cx := ctx(t)
	alice := account(t, "alice")
	opt := sdk.TxOptions{ChainID: apitest.ChainID}

	// Submit: admitted, not committed.
	tx, err := alice.TransferTx(opt, types.Intl.AccountID("bob"), 3)
	if err != nil {
		t.Fatal(err)
	}
	h, err := c.Submit(cx, tx)
	if err != nil {
		t.Fatal(err)
	}
	if h != types.Intl.TxHash(tx) {
		t.Fatalf("Submit hash %s, want %s", h, types.Intl.TxHash(tx))
	}
	if _, err := c.GetTx(cx, h); !sdk.IsNotFound(err) || sdk.ReasonOf(err) != api.ReasonNotFound {
		t.Fatalf("GetTx before commit: %v", err)
	}
	blk := f.b.CommitPending()
	r, err := c.GetTx(cx, h)
	if err != nil {
		t.Fatal(err)
	}
	if r.TxHash != h.String() || r.Height != 3 || r.BlockHash != types.Intl.BlockHash(blk).String() || !proto.Equal(r.Tx, tx) {
		t.Fatalf("GetTx %v", r)
	}

	// The same transaction again is refused as a duplicate.
	_, err = c.Submit(cx, tx)
	if sdk.ReasonOf(err) != types.CodeDuplicate || status.Code(err) != codes.AlreadyExists {
		t.Fatalf("resubmit: %v (reason %q)", err, sdk.ReasonOf(err))
	}

	// SubmitAndWait and SubmitRaw.
	f.b.SetAutoCommit(true, 10*time.Millisecond)
	tx2, _ := alice.DepositEvidenceTx(opt, bytes.Repeat([]byte{7}, 32), "sha256", []*types.Attribute{{Key: "k", Value: "v"}})
	resp, err := c.SubmitAndWait(cx, tx2)
	if err != nil {
		t.Fatal(err)
	}
	if resp.TxHash != types.Intl.TxHash(tx2).String() || resp.Height != 4 || resp.Receipt.GetStatus() != types.ReceiptStatus_SUCCESS {
		t.Fatalf("SubmitAndWait %v", resp)
	}
	tx3, _ := alice.TransferTx(opt, types.Intl.AccountID("carol"), 1)
	raw, err := c.SubmitRaw(cx, types.EncodeTx(tx3), true)
	if err != nil || raw.Height != 5 {
		t.Fatalf("SubmitRaw wait: %v %v", raw, err)
	}
	_, err = c.SubmitRaw(cx, []byte("garbage"), false)
	if sdk.ReasonOf(err) != types.CodeMalformed {
		t.Fatalf("garbage: %v", err)
	}

	// Blocks.
	b3, err := c.GetBlock(cx, 3)
	if err != nil {
		t.Fatal(err)
	}
	if b3.Hash != types.Intl.BlockHash(blk).String() {
		t.Fatalf("GetBlock(3) %v", b3)
	}
	bh, err := c.GetBlockByHash(cx, types.Intl.BlockHash(blk))
	if err != nil || !proto.Equal(bh, b3) {
		t.Fatalf("GetBlockByHash: %v %v", bh, err)
	}
	if _, err := c.GetBlock(cx, 100); !sdk.IsNotFound(err) {
		t.Fatalf("GetBlock(100): %v", err)
	}

	// Accounts and evidence.
	acc := &types.Account{Id: alice.ID().Bytes(), Name: "alice", Balance: 42}
	f.b.PutAccount(acc)
	for _, ref := range []string{"alice", alice.ID().String()} {
		a, err := c.GetAccount(cx, ref)
		if err != nil || !proto.Equal(a, acc) {
			t.Fatalf("GetAccount(%s): %v %v", ref, a, err)
		}
	}
	if _, err := c.GetAccount(cx, "nobody"); !sdk.IsNotFound(err) {
		t.Fatalf("GetAccount(nobody): %v", err)
	}
	evID := types.Intl.Sum([]byte("ev"))
	ev := &types.Evidence{Id: evID.Bytes(), Hash: []byte{1}, HashAlgorithm: "sha256"}
	f.b.PutEvidence(ev)
	got, err := c.GetEvidence(cx, evID)
	if err != nil || !proto.Equal(got, ev) {
		t.Fatalf("GetEvidence: %v %v", got, err)
	}

	st, err := c.Status(cx)
	if err != nil || st.ChainId != apitest.ChainID || st.Height != 5 {
		t.Fatalf("Status: %v %v", st, err)
	}
	hr, err := c.Health(cx)
	if err != nil || hr.Status != api.HealthServing || hr.Height != 5 {
		t.Fatalf("Health: %v %v", hr, err)
	}

	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Health(cx); status.Code(err) != codes.Canceled {
		t.Fatalf("call after Close: %v", err)
	}
}

func TestSubscribeBlocks(t *testing.T) {
	f := newFixture(t)
	f.b.CommitEmpty(4)
	c := f.dial(t)
	cx, cancel := context.WithCancel(ctx(t))
	blocks, errs := c.SubscribeBlocks(cx, 2)
	next := func() *apipb.BlockResponse {
		t.Helper()
		select {
		case b, ok := <-blocks:
			if !ok {
				t.Fatalf("stream ended: %v", <-errs)
			}
			return b
		case <-time.After(10 * time.Second):
			t.Fatal("no block")
		}
		return nil
	}
	for h := uint64(2); h <= 4; h++ {
		if b := next(); b.Block.GetHeader().GetHeight() != h || b.Hash != types.Intl.BlockHash(b.Block).String() {
			t.Fatalf("backfill: got %v, want height %d", b.Block.GetHeader(), h)
		}
	}
	go f.b.CommitEmpty(3)
	for h := uint64(5); h <= 7; h++ {
		if b := next(); b.Block.GetHeader().GetHeight() != h {
			t.Fatalf("live: got height %d, want %d", b.Block.GetHeader().GetHeight(), h)
		}
	}
	cancel()
	// The block channel closes after the error is sent.
	for range blocks {
	}
	if err := <-errs; !errors.Is(err, context.Canceled) {
		t.Fatalf("error after cancel: %v", err)
	}
}

func TestSubscribeBlocksReportsFailure(t *testing.T) {
	f := newFixture(t)
	f.b.CommitEmpty(1)
	f.b.OnSubscribe(func() { f.b.DropSubscribers() }) // a node that is stopping
	c := f.dial(t)
	blocks, errs := c.SubscribeBlocks(ctx(t), 1)
	var n int
	for range blocks {
		n++
	}
	err := <-errs
	if n != 1 || sdk.ReasonOf(err) != api.ReasonUnavailable {
		t.Fatalf("got %d blocks and %v (reason %q)", n, err, sdk.ReasonOf(err))
	}
}

func TestDial(t *testing.T) {
	f := newFixture(t)
	org := f.nw.Orgs[0]
	abs := func(p string) string { return filepath.Join(f.dir, p) }
	read := func(p string) []byte {
		b, err := os.ReadFile(abs(p))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}

	// Files, and inline PEM.
	for name, cfg := range map[string]sdk.Config{
		"files": {Address: f.s.GRPCAddr, CertFile: abs(org.Client.Cert), KeyFile: abs(org.Client.Key), CAFile: abs(f.nw.CABundle)},
		"pem":   {Address: f.s.GRPCAddr, CertPEM: read(org.Client.Cert), KeyPEM: read(org.Client.Key), CAPEM: read(f.nw.CABundle)},
	} {
		c, err := sdk.Dial(ctx(t), cfg)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := c.Status(ctx(t)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		c.Close()
	}

	// A certificate from a CA outside the consortium is refused at the handshake.
	rogue, err := f.s.PKI.IssueRogue(pki.RoleClient)
	if err != nil {
		t.Fatal(err)
	}
	_, err = sdk.Dial(ctx(t), sdk.Config{Address: f.s.GRPCAddr, CertPEM: rogue.CertPEM, KeyPEM: rogue.KeyPEM, CAPEM: f.s.PKI.CABundle})
	if err == nil || sdk.ReasonOf(err) != "unavailable" {
		t.Fatalf("rogue certificate: %v", err)
	}

	// A node whose CA the bundle does not hold is refused by the client.
	other, err := apitest.NewPKI("elsewhere")
	if err != nil {
		t.Fatal(err)
	}
	_, err = sdk.Dial(ctx(t), sdk.Config{Address: f.s.GRPCAddr, CertPEM: read(org.Client.Cert), KeyPEM: read(org.Client.Key), CAPEM: other.CABundle})
	if err == nil {
		t.Fatal("dialled a node the CA bundle does not trust")
	}

	// The node's certificate must cover the server name.
	_, err = sdk.Dial(ctx(t), sdk.Config{Address: f.s.GRPCAddr, CertPEM: read(org.Client.Cert), KeyPEM: read(org.Client.Key), CAPEM: f.s.PKI.CABundle, ServerName: "node.example"})
	if err == nil {
		t.Fatal("dialled a node whose certificate does not cover the server name")
	}
	c, err := sdk.Dial(ctx(t), sdk.Config{Address: f.s.GRPCAddr, CertPEM: read(org.Client.Cert), KeyPEM: read(org.Client.Key), CAPEM: f.s.PKI.CABundle, ServerName: "localhost"})
	if err != nil {
		t.Fatalf("server name localhost: %v", err)
	}
	c.Close()

	// Missing credentials are reported before any connection.
	if _, err := sdk.Dial(ctx(t), sdk.Config{Address: f.s.GRPCAddr, CAPEM: f.s.PKI.CABundle}); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("no certificate: %v", err)
	}
	if _, err := sdk.Dial(ctx(t), sdk.Config{Address: f.s.GRPCAddr, CertFile: abs("missing.pem"), KeyFile: abs(org.Client.Key), CAPEM: f.s.PKI.CABundle}); err == nil {
		t.Fatal("missing certificate file accepted")
	}

	// DialNetwork: by org and node index, through a saved and reloaded file.
	path := filepath.Join(f.dir, "network.json")
	if err := f.nw.Save(path); err != nil {
		t.Fatal(err)
	}
	nw, err := sdk.LoadNetwork(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range nw.Orgs {
		c, err := sdk.DialNetwork(ctx(t), nw, o.Name, 0)
		if err != nil {
			t.Fatalf("DialNetwork(%s): %v", o.Name, err)
		}
		c.Close()
	}
	if _, err := sdk.DialNetwork(ctx(t), nw, "org9", 0); err == nil {
		t.Fatal("unknown org accepted")
	}
	if _, err := sdk.DialNetwork(ctx(t), nw, "org1", 1); err == nil {
		t.Fatal("node index out of range accepted")
	}
	// Without a CA bundle, the orgs' CA files are trusted.
	nw.CABundle = ""
	c, err = sdk.DialNetwork(ctx(t), nw, "org1", 0)
	if err != nil {
		t.Fatalf("DialNetwork without a bundle: %v", err)
	}
	c.Close()
}

func TestReasonOf(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want types.Code
	}{
		{nil, ""},
		{errors.New("plain"), ""},
		{types.Errorf(types.CodeExpired, "old"), types.CodeExpired},
		{context.DeadlineExceeded, "deadline_exceeded"},
		{context.Canceled, "canceled"},
		{status.Error(codes.ResourceExhausted, "grpc: received message larger than max"), "resource_exhausted"},
		{status.Error(codes.Unavailable, "connection refused"), "unavailable"},
	} {
		if got := sdk.ReasonOf(tc.err); got != tc.want {
			t.Errorf("ReasonOf(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}
