package node_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/causeway/causeway/consortium"
	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

func freeAddr(t *testing.T) string {
	t.Helper()
	a, err := consortium.FreeAddr("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// govern proposes p as org proposer and has the next orgs approve until it executes.
func govern(t *testing.T, c *testnet.Cluster, cl *sdk.Client, p *types.Proposal, orgs ...string) *types.ProposalRecord {
	t.Helper()
	opt := c.TxOptions()
	admin, err := c.Network.AdminAccount(orgs[0])
	if err != nil {
		t.Fatal(err)
	}
	tx, err := admin.ProposeTx(opt, p)
	if err != nil {
		t.Fatal(err)
	}
	if r := submitAll(t, cl, []*types.Transaction{tx}, 1)[0]; r.Status != types.ReceiptStatus_SUCCESS {
		t.Fatalf("propose: %s %s", r.ErrorCode, r.Error)
	}
	id := c.Network.Suite().TxHash(tx)
	for _, org := range orgs[1:] {
		a, err := c.Network.AdminAccount(org)
		if err != nil {
			t.Fatal(err)
		}
		v, _ := a.VoteTx(opt, id, true)
		if r := submitAll(t, cl, []*types.Transaction{v}, 1)[0]; r.Status != types.ReceiptStatus_SUCCESS {
			t.Fatalf("vote by %s: %s %s", org, r.ErrorCode, r.Error)
		}
	}
	rec, err := cl.GetProposal(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Status != types.ProposalStatus_PROPOSAL_EXECUTED {
		t.Fatalf("proposal %s is %v", id, rec.Status)
	}
	return rec
}

func waitFor(t *testing.T, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// A fifth org joins a running consortium by governance; its node syncs and
// becomes a consenter, and the n=5, f=1 chain survives a stopped node. Then
// an org is removed: its node and clients are cut off, the rest go on.
func TestOrgJoinsAndLeavesByGovernance(t *testing.T) {
	c := testnet.New(t, testnet.Options{Nodes: 4})
	cl := c.Client(0)
	opt := c.TxOptions()
	submitAll(t, cl, []*types.Transaction{evidenceTx(t, c.Account(0), opt, "before join")}, 1)

	// The new org prepares its material and join request.
	org5, err := consortium.InitOrg(filepath.Join(t.TempDir(), "org5"), "org5")
	if err != nil {
		t.Fatal(err)
	}
	addrs := consortium.NodeAddrs{P2P: freeAddr(t), GRPC: freeAddr(t), REST: freeAddr(t)}
	cfgPath, gn, err := org5.NewNode(filepath.Join(org5.Dir, "nodes", "node5"), 5, addrs, filepath.Join(c.Layout.Dir, "genesis.json"))
	if err != nil {
		t.Fatal(err)
	}
	req, err := org5.JoinRequest(gn)
	if err != nil {
		t.Fatal(err)
	}
	// Its node starts before the vote: it cannot connect yet, and waits.
	n5 := c.AddNode(cfgPath)
	rec := govern(t, c, cl, &types.Proposal{Action: &types.Proposal_AddOrg{AddOrg: req}, Description: "admit org5"}, "org1", "org2", "org3")
	t.Logf("org5 admitted at height %d", rec.EffectiveHeight)

	waitFor(t, "node 5 to join the consensus", 60*time.Second, func() bool {
		n := c.Node(n5)
		return n != nil && n.Consensus().Running() && n.Head().Height >= rec.EffectiveHeight-1
	})
	// Clients learn of the new member CA through an updated bundle.
	bundle, err := os.ReadFile(c.Network.CABundle)
	if err != nil {
		t.Fatal(err)
	}
	newBundle := filepath.Join(t.TempDir(), "ca-bundle.pem")
	if err := os.WriteFile(newBundle, append(bundle, org5.CA.CertPEM()...), 0o644); err != nil {
		t.Fatal(err)
	}
	c.Network.CABundle = newBundle
	c.Network.Orgs = append(c.Network.Orgs, org5.NetworkOrg())
	c.Network.Nodes = append(c.Network.Nodes, sdk.NetworkNode{ID: 5, Org: "org5", GRPC: addrs.GRPC, REST: addrs.REST})
	cl5 := c.Client(n5) // org5's client certificate is now trusted by node 5 and the others
	if _, err := cl5.Status(context.Background()); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		submitAll(t, cl, []*types.Transaction{evidenceTx(t, c.Account(0), opt, fmt.Sprintf("with five %d", i))}, 1)
	}
	// n=5, f=1: with node 2 stopped, the remaining four (node 5 among them) still commit.
	c.Stop(1)
	before := c.MaxHeight()
	for i := 0; i < 3; i++ {
		submitAll(t, cl, []*types.Transaction{evidenceTx(t, c.Account(0), opt, fmt.Sprintf("node 2 down %d", i))}, 1)
	}
	signedBy5 := false
	for h := before + 1; h <= c.Node(0).Head().Height; h++ {
		b, err := c.Node(0).Store().Block(h)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range b.Signatures {
			signedBy5 = signedBy5 || s.Signer == 5
		}
	}
	if !signedBy5 {
		t.Fatal("node 5 did not sign blocks while node 2 was down")
	}
	c.Restart(1)
	if err := c.WaitHeight(c.MaxHeight(), 30*time.Second); err != nil {
		t.Fatal(err)
	}
	if err := c.CheckConsistent(); err != nil {
		t.Fatal(err)
	}

	// org4 is removed.
	cl4 := c.Client(3)
	govern(t, c, cl, &types.Proposal{Action: &types.Proposal_RemoveOrg{RemoveOrg: &types.RemoveOrg{Name: "org4"}}}, "org1", "org2", "org5")
	waitFor(t, "org4's client to be refused", 10*time.Second, func() bool {
		_, err := cl4.Status(context.Background())
		return err != nil
	})
	// A new connection with org4's certificate fails at the handshake.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if c2, err := sdk.DialNetwork(ctx, c.Network, "org4", 0); err == nil {
		c2.Close()
		t.Fatal("org4's client certificate still accepted")
	}
	waitFor(t, "node 4 to leave the consensus", 20*time.Second, func() bool { return !c.Node(3).Consensus().Running() })
	c.Stop(3)
	for i := 0; i < 3; i++ {
		submitAll(t, cl5, []*types.Transaction{evidenceTx(t, c.Account(1), opt, fmt.Sprintf("without org4 %d", i))}, 1)
	}
	if err := c.WaitHeight(c.MaxHeight(), 30*time.Second); err != nil {
		t.Fatal(err)
	}
	if err := c.CheckConsistent(); err != nil {
		t.Fatal(err)
	}
}

// A revoked client certificate is refused within one block of the vote, and
// its live block stream is closed.
func TestRevokedCertificateIsCutOff(t *testing.T) {
	c := testnet.New(t, testnet.Options{Nodes: 4})
	cl := c.Client(0)
	o, err := consortium.LoadOrg(filepath.Join(c.Layout.Dir, "orgs", "org2"))
	if err != nil {
		t.Fatal(err)
	}
	cred, err := o.Issue(filepath.Join(t.TempDir(), "app"), pki.IssueRequest{CommonName: "app@org2", Role: pki.RoleClient})
	if err != nil {
		t.Fatal(err)
	}
	cert, err := pki.LoadCertPEM(cred.Cert)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	app, err := sdk.Dial(ctx, sdk.Config{Address: c.Network.Nodes[1].GRPC, CertFile: cred.Cert, KeyFile: cred.Key, CAFile: c.Network.CABundle})
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	sctx, scancel := context.WithCancel(ctx)
	defer scancel()
	blocks, errs := app.SubscribeBlocks(sctx, 0)

	rec := govern(t, c, cl, &types.Proposal{Action: &types.Proposal_RevokeCert{RevokeCert: &types.RevokeCert{Serial: cert.SerialNumber.Text(16)}}}, "org1", "org2", "org3")
	revokedAt := rec.ClosedHeight
	// The stream ends at the latest with the block after the vote.
	var last uint64
	func() {
		timeout := time.After(15 * time.Second)
		for {
			select {
			case b, ok := <-blocks:
				if !ok {
					return
				}
				last = b.Block.Header.Height
			case err := <-errs:
				t.Logf("stream closed after height %d: %v", last, err)
				return
			case <-timeout:
				t.Fatal("the revoked certificate's stream is still open")
			}
		}
	}()
	if last > revokedAt {
		t.Fatalf("stream delivered block %d after the revocation at %d", last, revokedAt)
	}
	// Calls on the existing connection and new connections are refused, on
	// every node once it has committed the vote's block.
	if err := c.WaitHeight(revokedAt, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Status(ctx); err == nil {
		t.Fatal("revoked certificate still served")
	}
	dctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if a2, err := sdk.Dial(dctx, sdk.Config{Address: c.Network.Nodes[2].GRPC, CertFile: cred.Cert, KeyFile: cred.Key, CAFile: c.Network.CABundle}); err == nil {
		a2.Close()
		t.Fatal("revoked certificate accepted at a new handshake")
	}
	// Others are unaffected.
	if _, err := cl.Status(ctx); err != nil {
		t.Fatal(err)
	}
}

// A parameter changed by vote applies from a defined height on every node.
func TestParameterChangeAppliesAtDefinedHeight(t *testing.T) {
	c := testnet.New(t, testnet.Options{Nodes: 4})
	cl := c.Client(0)
	opt := c.TxOptions()
	acct := c.Account(0)
	// 1,500 bytes: within the default limit (4 KiB), above the floor (1 KiB) it is lowered to.
	meta := []*types.Attribute{{Key: "note", Value: strings.Repeat("a metadata value of 25 b ", 60)}}
	deposit := func(tag string) *types.Receipt {
		d := c.Network.Suite().AccountID(tag) // any digest
		tx, err := acct.DepositEvidenceTx(opt, d[:], "sha256", meta)
		if err != nil {
			t.Fatal(err)
		}
		return submitAll(t, cl, []*types.Transaction{tx}, 1)[0]
	}
	if r := deposit("before"); r.Status != types.ReceiptStatus_SUCCESS {
		t.Fatalf("before: %s", r.ErrorCode)
	}
	rec := govern(t, c, cl, &types.Proposal{Action: &types.Proposal_UpdateParam{UpdateParam: &types.UpdateParam{Name: "max_evidence_metadata_bytes", Value: types.MinEvidenceMetaBytes}}}, "org1", "org2", "org3")
	r := deposit("after")
	if r.Status != types.ReceiptStatus_FAILED || r.ErrorCode != string(types.CodeTooLarge) || r.Height < rec.EffectiveHeight {
		t.Fatalf("after the change (effective %d): %v at %d", rec.EffectiveHeight, r.ErrorCode, r.Height)
	}
	if err := c.WaitHeight(r.Height, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < c.Len(); i++ {
		cfg, err := c.Client(i).ChainConfig(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Params.MaxEvidenceMetadataBytes != types.MinEvidenceMetaBytes || cfg.Version != 2 {
			t.Fatalf("node %d config: %+v", i, cfg.Params)
		}
	}
	if err := c.WaitHeight(c.MaxHeight(), 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if err := c.CheckConsistent(); err != nil {
		t.Fatal(err)
	}
	_ = errors.New
	_ = strconv.Itoa
}
