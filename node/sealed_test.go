package node_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/causeway/causeway/crypto/seal"
	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/sealing"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
	"github.com/causeway/causeway/verify"
)

// sealCluster is a running consortium whose orgs have set encryption keys
// by governance; keys[org] is the private key the org admin keeps.
type sealCluster struct {
	*testnet.Cluster
	keys map[string]*seal.EncryptionKey
}

// orgs returns the cluster's org names.
func (c *sealCluster) orgs() []string {
	var out []string
	for _, o := range c.Network.Orgs {
		out = append(out, o.Name)
	}
	return out
}

// voters returns org followed by the next two orgs: a proposer and enough
// approvals for a majority of four.
func (c *sealCluster) voters(org string) []string {
	orgs := c.orgs()
	for i, o := range orgs {
		if o == org {
			return []string{o, orgs[(i+1)%len(orgs)], orgs[(i+2)%len(orgs)]}
		}
	}
	return nil
}

// setKey has org set a fresh encryption key by governance and returns it.
func (c *sealCluster) setKey(t *testing.T, cl *sdk.Client, org string) *seal.EncryptionKey {
	t.Helper()
	k, err := seal.GenerateEncryptionKey(c.Network.Suite().Name())
	if err != nil {
		t.Fatal(err)
	}
	govern(t, c.Cluster, cl, &types.Proposal{Action: &types.Proposal_SetOrgEncryptionKey{
		SetOrgEncryptionKey: &types.SetOrgEncryptionKey{Org: org, PublicKey: k.PublicKey()}}}, c.voters(org)...)
	return k
}

func newSealCluster(t *testing.T, suite string) *sealCluster {
	t.Helper()
	c := &sealCluster{Cluster: testnet.New(t, testnet.Options{Nodes: 4, Crypto: suite}), keys: map[string]*seal.EncryptionKey{}}
	cl := c.Client(0)
	for _, org := range c.orgs() {
		c.keys[org] = c.setKey(t, cl, org)
	}
	return c
}

// everywhere waits until every node has committed height h, so that a
// client of any node reads what was committed through another.
func (c *sealCluster) everywhere(t *testing.T, h uint64) {
	t.Helper()
	if err := c.WaitHeight(h, 30*time.Second); err != nil {
		t.Fatal(err)
	}
}

// secret returns a payload with a random, incompressible part to search
// the disks for.
func secret(t *testing.T, what string) (payload []byte, needle string) {
	t.Helper()
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	needle = hex.EncodeToString(b)
	return []byte(fmt.Sprintf(`{"record":%q,"card":"6222-%s","route":"Hongqiao -> Suzhou North"}`, what, needle)), needle
}

// On a four-org consortium, org1 seals a ride record to org2 and org3.
// org2 and org3 open it through their own nodes; org4, whose key is not a
// reader, and a node operator, who holds the node's data and keys but no
// reader's encryption key, cannot. The record lists exactly who can read
// it, also over REST. Rotation: after org2 rotates its key, new data is
// sealed to the new key, and the old data still opens with the old key
// (not the new). Revocation: after org3 is removed from the group
// "yangtze-delta", data sealed to the group is not openable by org3 (a
// client that sealed for the old group is refused), while what was sealed
// to it before stays readable. Finally no node's Pebble directory holds any
// plaintext, though it holds a clear control string deposited beside them.
// The record and its envelope are provable offline against the genesis.
func TestSealedDataOnCluster(t *testing.T) {
	c := newSealCluster(t, "intl")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cls := []*sdk.Client{c.Client(0), c.Client(1), c.Client(2), c.Client(3)}
	org1 := c.Account(0)
	opt := c.TxOptions()
	var needles []string

	ride, needle := secret(t, "ride record")
	needles = append(needles, needle)
	v, err := verify.New(c.Node(0).Genesis())
	if err != nil {
		t.Fatal(err)
	}
	// Readers' keys read through proofs checked against the genesis.
	res, err := cls[0].Seal(ctx, org1, opt, ride, sdk.Readers{Orgs: []string{"org2", "org3"}}, sdk.SealOptions{Class: "ride-record", Verifier: v})
	if err != nil {
		t.Fatal(err)
	}
	c.everywhere(t, res.Height)
	t.Logf("sealed %s in block %d (%d-byte envelope)", res.ID, res.Height, res.EnvelopeSize)
	if rs := res.Record.Readers; len(rs) != 2 || rs[0].Org == rs[1].Org || res.Record.Class != "ride-record" {
		t.Fatalf("readers %v", rs)
	}
	for _, r := range res.Record.Readers {
		if r.Org != "org2" && r.Org != "org3" || seal.KeyID(r.KeyId) != c.keys[r.Org].ID() {
			t.Fatalf("reader %v", r)
		}
	}
	for i, org := range []string{"org2", "org3"} {
		got, _, err := cls[i+1].Open(ctx, res.ID, c.keys[org])
		if err != nil || !bytes.Equal(got, ride) {
			t.Fatalf("%s opens through its node: %q %v", org, got, err)
		}
	}
	if _, _, err := cls[3].Open(ctx, res.ID, c.keys["org4"]); !errors.Is(err, sdk.ErrNotAReader) {
		t.Fatalf("org4 opened: %v", err)
	}
	if _, _, err := cls[0].Open(ctx, res.ID, c.keys["org1"]); !errors.Is(err, sdk.ErrNotAReader) {
		t.Fatalf("org1, the sender, is not a reader, yet opened: %v", err)
	}
	// A node operator has the node's files but no reader's key: none of
	// them is an encryption key, and any key of its own is no reader's.
	for i := 0; i < c.Len(); i++ {
		cfg := c.Config(i)
		for _, f := range []string{cfg.SignKey, cfg.TLSKey, cfg.EvidenceKey} {
			if f == "" {
				continue
			}
			if _, err := sdk.LoadEncryptionKey(f); err == nil {
				t.Fatalf("node %d's key file %s loads as an encryption key", i, f)
			}
		}
	}
	own, _ := seal.GenerateEncryptionKey(seal.SuiteIntl)
	if _, _, err := cls[0].Open(ctx, res.ID, own); !errors.Is(err, sdk.ErrNotAReader) {
		t.Fatalf("an operator's own key opened: %v", err)
	}
	checkSealedREST(t, c, res.ID, res.Record)

	// Rotation of org2's key.
	oldKey := c.keys["org2"]
	c.keys["org2"] = c.setKey(t, cls[0], "org2")
	after, needle := secret(t, "after rotation")
	needles = append(needles, needle)
	rotated := c.MaxHeight()
	// Proven keys: the rotation executed in the head block, which cannot be
	// proven yet; Seal makes the next block first rather than seal to the
	// replaced key.
	res2, err := cls[0].Seal(ctx, org1, opt, after, sdk.Readers{Orgs: []string{"org2"}}, sdk.SealOptions{Verifier: v})
	if err != nil {
		t.Fatal(err)
	}
	c.everywhere(t, res2.Height)
	if r := res2.Record.Readers; len(r) != 1 || seal.KeyID(r[0].KeyId) != c.keys["org2"].ID() {
		t.Fatalf("sealed after the rotation to %v, want the new key %s", r, c.keys["org2"].ID())
	}
	// No envelope for the replaced key reached a block: one STORE_SEALED since the rotation.
	sealedTxs := 0
	for h := rotated; h <= res2.Height; h++ {
		b, err := cls[0].GetBlock(ctx, h)
		if err != nil {
			t.Fatal(err)
		}
		for _, tx := range b.Block.Txs {
			d, err := c.Network.Suite().DecodeTx(types.EncodeTx(tx), 0)
			if err != nil {
				t.Fatal(err)
			}
			if d.Body.Type == types.TxType_STORE_SEALED {
				sealedTxs++
			}
		}
	}
	if sealedTxs != 1 {
		t.Fatalf("%d sealed payloads in blocks %d..%d, want 1", sealedTxs, rotated, res2.Height)
	}
	if got, _, err := cls[1].Open(ctx, res2.ID, c.keys["org2"]); err != nil || !bytes.Equal(got, after) {
		t.Fatalf("new data with the new key: %v", err)
	}
	if _, _, err := cls[1].Open(ctx, res2.ID, oldKey); !errors.Is(err, sdk.ErrNotAReader) {
		t.Fatalf("new data with the old key: %v", err)
	}
	if got, _, err := cls[1].Open(ctx, res.ID, oldKey); err != nil || !bytes.Equal(got, ride) {
		t.Fatalf("old data with the old key: %v", err)
	}
	if _, _, err := cls[1].Open(ctx, res.ID, c.keys["org2"]); !errors.Is(err, sdk.ErrNotAReader) {
		t.Fatalf("old data with the new key: %v", err)
	}
	cfg, err := cls[0].ChainConfig(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if o, _ := cfg.Org("org2"); len(o.EncryptionKeys) != 2 || o.EncryptionKeys[0].KeyID != oldKey.ID().String() {
		t.Fatalf("org2's keys after the rotation: %v", o.EncryptionKeys)
	}

	// Provable offline: the record is in the state after its block, and the
	// envelope it names by hash is in the proven transaction.
	proveSealed(t, c, cls[1], res.ID, res.Height)

	// A verifier of another chain refuses the node's proofs: nothing is sealed.
	other := *c.Node(0).Genesis()
	other.ChainID = "elsewhere"
	ov, err := verify.New(&other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cls[0].Seal(ctx, org1, opt, ride, sdk.Readers{Orgs: []string{"org2"}}, sdk.SealOptions{Verifier: ov}); !errors.Is(err, verify.ErrGenesis) {
		t.Fatalf("readers proven against another genesis: %v", err)
	}

	// Revocation from a group.
	group := func(orgs ...string) {
		govern(t, c.Cluster, cls[0], &types.Proposal{Action: &types.Proposal_SetReaderGroup{
			SetReaderGroup: &types.SetReaderGroup{Name: "yangtze-delta", Orgs: orgs}}}, "org1", "org2", "org3")
	}
	group("org1", "org2", "org3")
	before, needle := secret(t, "to the delta, before the revocation")
	needles = append(needles, needle)
	res3, err := cls[0].Seal(ctx, org1, opt, before, sdk.Readers{Groups: []string{"yangtze-delta"}}, sdk.SealOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c.everywhere(t, res3.Height)
	// A client that resolved the group before the revocation seals for org3 too.
	spec, stale, err := cls[0].ResolveReaders(ctx, org1.Suite, sdk.Readers{Groups: []string{"yangtze-delta"}})
	if err != nil {
		t.Fatal(err)
	}
	group("org1", "org2")
	revoked, needle := secret(t, "to the delta, after the revocation")
	needles = append(needles, needle)
	if spec.Envelope, err = sdk.SealPayload(org1.Suite, opt.ChainID, revoked, stale, ""); err != nil {
		t.Fatal(err)
	}
	tx, err := org1.SealTx(opt, spec)
	if err != nil {
		t.Fatal(err)
	}
	if rc := submitAll(t, cls[0], []*types.Transaction{tx}, 1)[0]; rc.ErrorCode != string(types.CodeReaderMismatch) {
		t.Fatalf("a payload sealed for the group as it was: %v %s %s", rc.Status, rc.ErrorCode, rc.Error)
	}
	res4, err := cls[0].Seal(ctx, org1, opt, revoked, sdk.Readers{Groups: []string{"yangtze-delta"}}, sdk.SealOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c.everywhere(t, res4.Height)
	if len(res4.Record.Readers) != 2 {
		t.Fatalf("readers after the revocation: %v", res4.Record.Readers)
	}
	if _, _, err := cls[2].Open(ctx, res4.ID, c.keys["org3"]); !errors.Is(err, sdk.ErrNotAReader) {
		t.Fatalf("org3 opened data sealed to the group after its revocation: %v", err)
	}
	if got, _, err := cls[1].Open(ctx, res4.ID, c.keys["org2"]); err != nil || !bytes.Equal(got, revoked) {
		t.Fatalf("org2 opens data sealed to the group: %v", err)
	}
	// The honest limit: what was sealed to org3 before stays readable by it.
	if got, _, err := cls[2].Open(ctx, res3.ID, c.keys["org3"]); err != nil || !bytes.Equal(got, before) {
		t.Fatalf("org3 opens data sealed before its revocation: %v", err)
	}

	// A clear control string beside the sealed payloads: the disk search
	// below must find it, or it proves nothing.
	control := make([]byte, 24)
	rand.Read(control)
	controlHex := hex.EncodeToString(control)
	dep, err := org1.DepositEvidenceTx(opt, control[:], "sha256", []*types.Attribute{{Key: "control", Value: controlHex}})
	if err != nil {
		t.Fatal(err)
	}
	submitAll(t, cls[0], []*types.Transaction{dep}, 1)
	h := c.MaxHeight()
	if err := c.WaitHeight(h, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	c.StopAll()
	for i := 0; i < c.Len(); i++ {
		found := searchDir(t, c.Config(i).DataDir, append([]string{controlHex}, needles...))
		if !found[controlHex] {
			t.Fatalf("node %d: the clear control string is not on disk: the search proves nothing", i)
		}
		for _, n := range needles {
			if found[n] {
				t.Fatalf("node %d: plaintext %s is on disk", i, n)
			}
		}
	}
}

// proveSealed checks, against the genesis alone, the state proof of sealed
// payload id's record and the proof of the transaction that carried it:
// the envelope in the proven transaction hashes to the proven record's
// envelope_hash.
func proveSealed(t *testing.T, c *sealCluster, cl *sdk.Client, id types.Hash, height uint64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	v, err := verify.New(c.Node(0).Genesis())
	if err != nil {
		t.Fatal(err)
	}
	sp, err := cl.GetStateProof(ctx, state.SealedKey(id), height)
	if err != nil {
		t.Fatal(err)
	}
	st, err := v.State(sp)
	if err != nil || !st.Present {
		t.Fatalf("state proof of the sealed record: %+v %v", st, err)
	}
	rec, err := state.DecodeSealed(sp.Value)
	if err != nil {
		t.Fatal(err)
	}
	tp, err := cl.WaitTxProof(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := v.Tx(tp)
	if err != nil {
		t.Fatal(err)
	}
	p, err := sealing.PayloadOf(tx.Body)
	if err != nil || p == nil {
		t.Fatalf("the proven transaction carries no sealed payload: %v", err)
	}
	if h := c.Network.Suite().Sum(p.Envelope); !bytes.Equal(h[:], rec.EnvelopeHash) {
		t.Fatal("the proven envelope does not hash to the proven record's envelope_hash")
	}
}

// searchDir reports which needles occur in some file under dir.
func searchDir(t *testing.T, dir string, needles []string) map[string]bool {
	t.Helper()
	found := map[string]bool{}
	files := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files++
		for _, n := range needles {
			if bytes.Contains(b, []byte(n)) {
				found[n] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files == 0 {
		t.Fatalf("no files under %s", dir)
	}
	return found
}

// checkSealedREST reads the sealed payload over REST (checked against
// api/openapi.yaml by TestMain) and a missing one (a problem, 404).
func checkSealedREST(t *testing.T, c *sealCluster, id types.Hash, want *types.SealedRecord) {
	t.Helper()
	bundle, err := os.ReadFile(c.Network.CABundle)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(bundle)
	o := c.Network.Orgs[1]
	cert, err := tls.LoadX509KeyPair(o.Client.Cert, o.Client.Key)
	if err != nil {
		t.Fatal(err)
	}
	hc := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{
		RootCAs: pool, ServerName: "127.0.0.1", Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS13}}}
	get := func(path string) (int, []byte) {
		resp, err := hc.Get("https://" + c.Network.Nodes[1].REST + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	code, body := get("/v1/sealed/" + id.String())
	if code != http.StatusOK {
		t.Fatalf("GET /v1/sealed: %d %s", code, body)
	}
	var got struct {
		Record struct {
			Readers []struct {
				Org   string `json:"org"`
				KeyID string `json:"key_id"`
			} `json:"readers"`
		} `json:"record"`
		Envelope string `json:"envelope"`
	}
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Record.Readers) != len(want.Readers) || got.Envelope == "" {
		t.Fatalf("REST sealed payload: %s", body)
	}
	for i, r := range got.Record.Readers {
		if r.Org != want.Readers[i].Org || r.KeyID != hex.EncodeToString(want.Readers[i].KeyId) {
			t.Fatalf("REST reader %d: %+v, want %v", i, r, want.Readers[i])
		}
	}
	if code, body := get("/v1/sealed/" + types.Intl.Sum([]byte("none")).String()); code != http.StatusNotFound {
		t.Fatalf("a missing sealed payload: %d %s", code, body)
	}
}

// On a GM chain the same path seals with SM2 and SM4-GCM: org1 seals to
// org2, whose SM2 encryption key (set by governance) opens it through its
// node; org3 cannot.
func TestGMSealedDataOnCluster(t *testing.T) {
	c := newSealCluster(t, "gm")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if c.keys["org2"].Suite() != seal.SuiteGM || len(c.keys["org2"].PublicKey()) != seal.SM2PublicKeySize {
		t.Fatalf("org2's key is %s", c.keys["org2"].Suite())
	}
	plain, _ := secret(t, "gm ride record")
	res, err := c.Client(0).Seal(ctx, c.Account(0), c.TxOptions(), plain, sdk.Readers{Orgs: []string{"org2"}}, sdk.SealOptions{Class: "ride-record"})
	if err != nil {
		t.Fatal(err)
	}
	c.everywhere(t, res.Height)
	if res.Record.Suite != "gm" {
		t.Fatalf("record suite %q", res.Record.Suite)
	}
	got, _, err := c.Client(1).Open(ctx, res.ID, c.keys["org2"])
	if err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("org2 opens: %q %v", got, err)
	}
	if _, _, err := c.Client(2).Open(ctx, res.ID, c.keys["org3"]); !errors.Is(err, sdk.ErrNotAReader) {
		t.Fatalf("org3 opened: %v", err)
	}
	// An intl key is refused as an org key of a GM chain.
	intl, _ := seal.GenerateEncryptionKey(seal.SuiteIntl)
	admin, err := c.Network.AdminAccount("org4")
	if err != nil {
		t.Fatal(err)
	}
	tx, err := admin.ProposeTx(c.TxOptions(), &types.Proposal{Action: &types.Proposal_SetOrgEncryptionKey{
		SetOrgEncryptionKey: &types.SetOrgEncryptionKey{Org: "org4", PublicKey: intl.PublicKey()}}})
	if err != nil {
		t.Fatal(err)
	}
	if rc := submitAll(t, c.Client(3), []*types.Transaction{tx}, 1)[0]; rc.ErrorCode != string(types.CodeInvalidPayload) {
		t.Fatalf("an intl key on a GM chain: %v %s %s", rc.Status, rc.ErrorCode, rc.Error)
	}
}
