package node_test

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/causeway/causeway/consortium"
	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/crypto/confidential"
	"github.com/causeway/causeway/crypto/seal"
	"github.com/causeway/causeway/ctoken"
	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/sealing"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// tokenUser is an account created on the cluster with its own signing key
// and encryption key, used through the node of one org.
type tokenUser struct {
	acct sdk.Account
	key  *seal.EncryptionKey
	cl   *sdk.Client
}

func newTokenUser(t *testing.T, c *testnet.Cluster, node int, name string) tokenUser {
	t.Helper()
	scheme := types.SignatureScheme_ED25519
	if c.Network.Suite().Name() == types.GM.Name() {
		scheme = types.SignatureScheme_SM2
	}
	k, err := crypto.GenerateKey(scheme)
	if err != nil {
		t.Fatal(err)
	}
	ek, err := seal.GenerateEncryptionKey(c.Network.Suite().Name())
	if err != nil {
		t.Fatal(err)
	}
	u := tokenUser{acct: sdk.Account{Name: name, Signer: k, Suite: c.Network.Suite()}, key: ek, cl: c.Client(node)}
	tx, err := u.acct.CreateAccountWithKeysTx(c.TxOptions(), []*types.AuthKey{sdk.AuthKeyOf(k, 100)}, nil, ek.PublicKey(), k)
	if err != nil {
		t.Fatal(err)
	}
	if r := submitAll(t, u.cl, []*types.Transaction{tx}, 1)[0]; r.Status != types.ReceiptStatus_SUCCESS {
		t.Fatalf("create %s: %s %s", name, r.ErrorCode, r.Error)
	}
	return u
}

// On a four-org consortium: governance names the auditor (org4's
// regulator) with its key; org1's bank creates a token and issues hidden
// amounts to two metro operators (org2, org3), who transfer hidden amounts
// to each other through their own nodes. Each holder's balance, opened from
// its own sealed outputs, is right; no amount is in any receipt event.
// Forged proofs and an overdraw are refused with their codes. The auditor
// opens every output, each opening logged on chain first, and a member
// lists the log: one record per opening, naming the auditor.
func TestConfidentialTokenOnCluster(t *testing.T) {
	c := testnet.New(t, testnet.Options{Nodes: 4})
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	opt := c.TxOptions()
	bank := newTokenUser(t, c, 0, "bank")
	sh := newTokenUser(t, c, 1, "metro-sh")
	sz := newTokenUser(t, c, 2, "metro-sz")
	reg := newTokenUser(t, c, 3, "regulator")
	govern(t, c, c.Client(0), sdk.SetAuditorProposal(reg.key.PublicKey(), reg.acct.ID(), "ride-record"), "org1", "org2", "org3")

	token, err := bank.cl.CreateToken(ctx, bank.acct, opt, "metro-credit")
	if err != nil {
		t.Fatal(err)
	}
	for _, is := range []struct {
		to tokenUser
		v  uint64
	}{{sh, 1000}, {sz, 500}} {
		if _, err := bank.cl.IssueToken(ctx, bank.acct, opt, token, is.to.acct.ID(), is.v); err != nil {
			t.Fatalf("issue: %v", err)
		}
	}
	// A holder cannot issue.
	if _, err := sh.cl.IssueToken(ctx, sh.acct, opt, token, sh.acct.ID(), 1_000_000); sdk.ReasonOf(err) != types.CodeNotIssuer {
		t.Fatalf("holder issues: %v", err)
	}
	amounts := []struct {
		from, to tokenUser
		v        uint64
	}{{sh, sz, 300}, {sz, sh, 120}, {sh, sz, 50}}
	for _, a := range amounts {
		resp, err := a.from.cl.TransferToken(ctx, a.from.acct, opt, a.from.key, token, a.to.acct.ID(), a.v)
		if err != nil {
			t.Fatalf("transfer %d: %v", a.v, err)
		}
		for _, ev := range resp.Receipt.Events {
			for _, at := range ev.Attributes {
				if at.Key == "amount" {
					t.Fatalf("a confidential transfer's event shows an amount: %v", ev)
				}
			}
		}
	}
	for _, h := range []struct {
		u    tokenUser
		want uint64
	}{{sh, 1000 - 300 + 120 - 50}, {sz, 500 + 300 - 120 + 50}} {
		o, _, err := h.u.cl.TokenBalance(ctx, h.u.acct, opt, h.u.key, token)
		if err != nil || o.Value != h.want {
			t.Fatalf("%s's balance: %d %v, want %d", h.u.acct.Name, o.Value, err, h.want)
		}
	}
	// Hostile transfers on the cluster: each refused, balances unchanged.
	bal, _, err := sh.cl.TokenBalance(ctx, sh.acct, opt, sh.key, token)
	if err != nil {
		t.Fatal(err)
	}
	good, _, err := sh.cl.TransferPayload(ctx, sh.acct, opt, token, sz.acct.ID(), bal, 10)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sh.cl.TransferToken(ctx, sh.acct, opt, sh.key, token, sz.acct.ID(), 771); err == nil {
		t.Fatal("an overdraw was proven")
	}
	forged := proto.Clone(good).(*types.TokenTransfer)
	forged.AmountProof[300] ^= 1
	wrongBalance := proto.Clone(good).(*types.TokenTransfer)
	wrongBalance.BalanceProof[33] ^= 1
	overdraw := overdrawPayload(t, ctx, opt.ChainID, sh, sz, token, bal, good)
	for _, hc := range []struct {
		p    *types.TokenTransfer
		code types.Code
	}{{forged, types.CodeBadRangeProof}, {wrongBalance, types.CodeBadBalanceProof}, {overdraw, types.CodeInsufficientFunds}} {
		tx, err := sh.acct.BuildTx(opt, types.TxType_TOKEN_TRANSFER, hc.p)
		if err != nil {
			t.Fatal(err)
		}
		if r := submitAll(t, sh.cl, []*types.Transaction{tx}, 1)[0]; r.ErrorCode != string(hc.code) || r.Error == "" {
			t.Fatalf("want %s, got %s %s", hc.code, r.ErrorCode, r.Error)
		}
	}
	if o, _, err := sh.cl.TokenBalance(ctx, sh.acct, opt, sh.key, token); err != nil || o.Value != bal.Value {
		t.Fatalf("balance after refused transfers: %d %v", o.Value, err)
	}
	// A holder cannot log an audit access.
	if _, _, err := sh.cl.AuditOpen(ctx, sh.acct, opt, sh.key, token, sz.acct.ID(), 0, "curious"); sdk.ReasonOf(err) != types.CodeNotAuditor {
		t.Fatalf("a holder's audit access: %v", err)
	}

	// The auditor opens every output of both holders through org4's node.
	var seen []uint64
	opened := 0
	for _, h := range []tokenUser{sh, sz} {
		_, hold, err := h.cl.TokenBalance(ctx, h.acct, opt, h.key, token)
		if err != nil {
			t.Fatal(err)
		}
		for i := uint64(0); i < hold.Balance.Outputs; i++ {
			o, rec, err := reg.cl.AuditOpen(ctx, reg.acct, opt, reg.key, token, h.acct.ID(), i, "quarterly review")
			if err != nil {
				t.Fatalf("auditor opens %s/%d: %v", h.acct.Name, i, err)
			}
			if !o.Commitment().Equal(mustCommitment(t, rec.Commitment)) {
				t.Fatal("auditor's opening does not open the commitment")
			}
			seen = append(seen, o.Value)
			opened++
		}
		// Another holder's key opens nothing of h's.
		other := sh
		if h.acct.Name == sh.acct.Name {
			other = sz
		}
		rec, err := other.cl.TokenOutput(ctx, token, h.acct.ID(), 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ctoken.OpenOutput(opt.ChainID, rec, other.key); !errors.Is(err, seal.ErrNotARecipient) {
			t.Fatalf("%s opened %s's output: %v", other.acct.Name, h.acct.Name, err)
		}
	}
	for _, v := range []uint64{1000, 500, 300, 120, 50} {
		if !slices.Contains(seen, v) {
			t.Fatalf("the auditor did not see amount %d among %v", v, seen)
		}
	}
	// The PKI's auditor role: a certificate of org4 with role auditor may
	// submit the auditor's access records, and no other transaction.
	regCert := auditorClient(t, c, 3)
	defer regCert.Close()
	if o, _, err := regCert.AuditOpen(ctx, reg.acct, opt, reg.key, token, sh.acct.ID(), 0, "quarterly review"); err != nil || o.Value != 1000 {
		t.Fatalf("auditor-role certificate: %d %v", o.Value, err)
	}
	opened++
	tx, _ := reg.acct.TransferTx(opt, reg.acct.ID(), 1)
	if _, err := regCert.SubmitAndWait(ctx, tx); status.Code(err) != codes.PermissionDenied {
		t.Fatalf("an auditor-role certificate sent a transfer: %v", err)
	}
	if _, err := regCert.IssueToken(ctx, bank.acct, opt, token, sz.acct.ID(), 1); status.Code(err) != codes.PermissionDenied {
		t.Fatalf("an auditor-role certificate sent an issue: %v", err)
	}
	// It reads exactly what it logged opening, and nothing else: a new
	// output is refused until the access is recorded; blocks, accounts,
	// transactions and other state are refused always.
	if _, err := sz.cl.TransferToken(ctx, sz.acct, opt, sz.key, token, sh.acct.ID(), 7); err != nil {
		t.Fatal(err)
	}
	_, hold, err := sh.cl.TokenBalance(ctx, sh.acct, opt, sh.key, token)
	if err != nil {
		t.Fatal(err)
	}
	fresh := hold.Balance.Outputs - 1
	if _, err := regCert.TokenOutput(ctx, token, sh.acct.ID(), fresh); status.Code(err) != codes.PermissionDenied {
		t.Fatalf("the auditor role read an output it did not log: %v", err)
	}
	if o, _, err := regCert.AuditOpen(ctx, reg.acct, opt, reg.key, token, sh.acct.ID(), fresh, "quarterly review"); err != nil || o.Value != 7 {
		t.Fatalf("auditor-role opening of the new output: %d %v", o.Value, err)
	}
	opened++
	if _, err := regCert.TokenOutput(ctx, token, sh.acct.ID(), fresh); err != nil {
		t.Fatalf("the auditor role cannot read the output it logged: %v", err)
	}
	for what, call := range map[string]func() error{
		"a block":       func() error { _, err := regCert.GetBlock(ctx, 1); return err },
		"an account":    func() error { _, err := regCert.GetAccount(ctx, sh.acct.ID().String()); return err },
		"a transaction": func() error { _, err := regCert.GetTx(ctx, types.Hash{}); return err },
		"a balance": func() error {
			_, err := regCert.GetStateProof(ctx, state.TokenBalanceKey(token, sh.acct.ID()), sdk.LatestHeight)
			return err
		},
		"an account's state": func() error {
			_, err := regCert.GetStateProof(ctx, state.AccountKey(sh.acct.ID()), sdk.LatestHeight)
			return err
		},
	} {
		if err := call(); status.Code(err) != codes.PermissionDenied {
			t.Fatalf("the auditor role read %s: %v", what, err)
		}
	}
	// Sealed payloads of an audited class ("ride-record") are sealed to the
	// auditor's key too; the auditor role reads one only after logging the
	// opening, and cannot open one of another class at all.
	ride := []byte(`{"card":"6222 0000 1111","from":"Hongqiao","to":"Suzhou North","fare":"4.00"}`)
	rideRes, err := sh.cl.Seal(ctx, sh.acct, opt, ride, sdk.Readers{Accounts: []string{sz.acct.ID().String()}}, sdk.SealOptions{Class: "ride-record"})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(rideRes.Record.Readers); n != 2 || !slices.ContainsFunc(rideRes.Record.Readers, func(r *types.SealedReader) bool { return r.Label == types.SealLabelAuditor }) {
		t.Fatalf("readers of an audited class: %v", rideRes.Record.Readers)
	}
	other, err := sh.cl.Seal(ctx, sh.acct, opt, []byte("private note"), sdk.Readers{Accounts: []string{sz.acct.ID().String()}}, sdk.SealOptions{Class: "note"})
	if err != nil {
		t.Fatal(err)
	}
	if len(other.Record.Readers) != 1 {
		t.Fatalf("readers of an unaudited class: %v", other.Record.Readers)
	}
	if _, err := regCert.GetSealed(ctx, rideRes.ID); status.Code(err) != codes.PermissionDenied {
		t.Fatalf("the auditor role read a sealed payload before logging it: %v", err)
	}
	if got, _, err := regCert.AuditOpenSealed(ctx, reg.acct, opt, reg.key, rideRes.ID, "quarterly review"); err != nil || !bytes.Equal(got, ride) {
		t.Fatalf("auditor opens the ride record: %q %v", got, err)
	}
	opened++
	if got, _, err := sz.cl.Open(ctx, rideRes.ID, sz.key); err != nil || !bytes.Equal(got, ride) {
		t.Fatalf("the reader opens the ride record: %q %v", got, err)
	}
	if _, _, err := regCert.AuditOpenSealed(ctx, reg.acct, opt, reg.key, other.ID, "quarterly review"); sdk.ReasonOf(err) != types.CodeNotAudited {
		t.Fatalf("auditor opens a payload of an unaudited class: %v", err)
	}
	if _, err := regCert.GetSealed(ctx, other.ID); status.Code(err) != codes.PermissionDenied {
		t.Fatalf("the auditor role read a payload of an unaudited class: %v", err)
	}
	// A member reads the access log through its own node.
	if _, err := bank.cl.TokenHoldings(ctx, token, bank.acct.ID()); err != nil {
		t.Fatal(err)
	}
	if err := bank.cl.Fresh(ctx, bank.acct, opt); err != nil {
		t.Fatal(err)
	}
	log, err := bank.cl.AuditLog(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != opened {
		t.Fatalf("audit log has %d records for %d openings", len(log), opened)
	}
	regID := reg.acct.ID()
	for i, r := range log {
		if r.Seq != uint64(i) || string(r.Auditor) != string(regID[:]) || r.Reason != "quarterly review" || r.Height == 0 {
			t.Fatalf("audit record %d: %v", i, r)
		}
	}
	if last := log[len(log)-1]; !bytes.Equal(last.Sealed, rideRes.ID.Bytes()) || len(last.Token) != 0 {
		t.Fatalf("the last audit record is not the ride record's opening: %v", last)
	}
	// The auditor role reads the log too.
	if l, err := regCert.AuditLog(ctx, 0, 0); err != nil || len(l) != opened {
		t.Fatalf("the auditor role reads the log: %d records, %v", len(l), err)
	}
	t.Logf("%d transfers, %d outputs opened by the auditor, %d audit records", len(amounts), opened, len(log))
}

func mustCommitment(t *testing.T, b []byte) confidential.Commitment {
	t.Helper()
	c, err := confidential.DecodeCommitment(b)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// overdrawPayload is a transfer of one more than from's balance: the change
// commits to −1 mod ℓ, which no range proof can show in range; the payload
// carries the change proof of an honest transfer instead.
func overdrawPayload(t *testing.T, ctx context.Context, chainID string, from, to tokenUser, token types.Hash, bal confidential.Opening, good *types.TokenTransfer) *types.TokenTransfer {
	t.Helper()
	suite := from.acct.Suite
	cfg, err := from.cl.ChainConfig(ctx)
	if err != nil {
		t.Fatal(err)
	}
	readers := func(u tokenUser) []sealing.Reader {
		a, err := from.cl.GetAccount(ctx, u.acct.ID().String())
		if err != nil {
			t.Fatal(err)
		}
		rs, terr, err := ctoken.HolderReaders(suite, cfg, a)
		if terr != nil || err != nil {
			t.Fatalf("%v %v", terr, err)
		}
		return rs
	}
	a, err := confidential.NewOpening(bal.Value + 1)
	if err != nil {
		t.Fatal(err)
	}
	amount, err := ctoken.Output(suite, chainID, a, readers(to))
	if err != nil {
		t.Fatal(err)
	}
	// The change's envelope holds what the sender claims; the chain cannot
	// read it. Its commitment is balance − amount.
	change, err := ctoken.Output(suite, chainID, confidential.Opening{Blinding: bal.Blinding.Sub(a.Blinding)}, readers(from))
	if err != nil {
		t.Fatal(err)
	}
	change.Commitment = bal.Commitment().Sub(a.Commitment()).Bytes()
	rp, _, err := confidential.ProveRange([]uint64{a.Value}, []confidential.Scalar{a.Blinding},
		ctoken.TransferContext(chainID, token, from.acct.ID(), to.acct.ID(), good.Balance))
	if err != nil {
		t.Fatal(err)
	}
	ap, err := rp.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return &types.TokenTransfer{Token: token.Bytes(), To: to.acct.ID().Bytes(), Balance: good.Balance, Amount: amount, Change: change,
		AmountProof: ap, ChangeProof: good.ChangeProof, BalanceProof: good.BalanceProof}
}

// auditorClient dials node i with a fresh certificate of role auditor
// issued by org i's CA.
func auditorClient(t *testing.T, c *testnet.Cluster, i int) *sdk.Client {
	t.Helper()
	o, err := consortium.LoadOrg(filepath.Join(c.Layout.Dir, "orgs", c.Network.Orgs[i].Name))
	if err != nil {
		t.Fatal(err)
	}
	cred, err := o.Issue(filepath.Join(t.TempDir(), "auditor"), pki.IssueRequest{CommonName: "auditor@" + c.Network.Orgs[i].Name, Role: pki.RoleAuditor})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cl, err := sdk.Dial(ctx, sdk.Config{Address: c.Network.Nodes[i].GRPC, CertFile: cred.Cert, KeyFile: cred.Key, CAFile: c.Network.CABundle})
	if err != nil {
		t.Fatal(err)
	}
	return cl
}

// The confidential token and the auditor on a GM chain: SM2 account and
// encryption keys, openings sealed with SM2 + SM4-GCM (the GM suite of
// crypto/seal), the same commitments and proofs (ristretto255 on both
// suites). Hidden transfers, both balances right, the auditor opens an
// output and an audited ride record after logging each access.
func TestGMConfidentialTokenOnCluster(t *testing.T) {
	c := testnet.New(t, testnet.Options{Nodes: 4, Crypto: "gm"})
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	opt := c.TxOptions()
	bank := newTokenUser(t, c, 0, "bank")
	sh := newTokenUser(t, c, 1, "metro-sh")
	sz := newTokenUser(t, c, 2, "metro-sz")
	reg := newTokenUser(t, c, 3, "regulator")
	if reg.key.Suite() != seal.SuiteGM {
		t.Fatalf("encryption key of suite %s on a GM chain", reg.key.Suite())
	}
	govern(t, c, c.Client(0), sdk.SetAuditorProposal(reg.key.PublicKey(), reg.acct.ID(), "ride-record"), "org1", "org2", "org3")
	token, err := bank.cl.CreateToken(ctx, bank.acct, opt, "metro-credit")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bank.cl.IssueToken(ctx, bank.acct, opt, token, sh.acct.ID(), 1000); err != nil {
		t.Fatalf("issue: %v", err)
	}
	if _, err := sh.cl.TransferToken(ctx, sh.acct, opt, sh.key, token, sz.acct.ID(), 300); err != nil {
		t.Fatalf("transfer: %v", err)
	}
	for _, h := range []struct {
		u    tokenUser
		want uint64
	}{{sh, 700}, {sz, 300}} {
		o, hold, err := h.u.cl.TokenBalance(ctx, h.u.acct, opt, h.u.key, token)
		if err != nil || o.Value != h.want {
			t.Fatalf("%s's balance: %d %v, want %d", h.u.acct.Name, o.Value, err, h.want)
		}
		for _, out := range hold.Outputs {
			env, err := seal.Unmarshal(out.Envelope, 0)
			if err != nil || env.Suite != seal.SuiteGM {
				t.Fatalf("output envelope of suite %v (%v), want gm", env, err)
			}
		}
	}
	if o, _, err := reg.cl.AuditOpen(ctx, reg.acct, opt, reg.key, token, sz.acct.ID(), 0, "quarterly review"); err != nil || o.Value != 300 {
		t.Fatalf("auditor opens: %d %v", o.Value, err)
	}
	ride := []byte(`{"card":"6222 0000 1111","fare":"4.00"}`)
	res, err := sh.cl.Seal(ctx, sh.acct, opt, ride, sdk.Readers{Accounts: []string{sz.acct.ID().String()}}, sdk.SealOptions{Class: "ride-record"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Record.Suite != seal.SuiteGM || len(res.Record.Readers) != 2 {
		t.Fatalf("ride record: suite %s, readers %v", res.Record.Suite, res.Record.Readers)
	}
	if got, _, err := reg.cl.AuditOpenSealed(ctx, reg.acct, opt, reg.key, res.ID, "fare dispute"); err != nil || !bytes.Equal(got, ride) {
		t.Fatalf("auditor opens the ride record: %q %v", got, err)
	}
	if got, _, err := sz.cl.Open(ctx, res.ID, sz.key); err != nil || !bytes.Equal(got, ride) {
		t.Fatalf("the reader opens the ride record: %q %v", got, err)
	}
	if _, _, err := sh.cl.Open(ctx, res.ID, sh.key); !errors.Is(err, sdk.ErrNotAReader) {
		t.Fatalf("the sender opens its ride record: %v", err)
	}
}
