package node_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/api/apijson"
	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/consortium"
	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/sdk/contracts/remoteevidence"
	"github.com/causeway/causeway/state"
	"github.com/causeway/causeway/types"
)

// Two consortia with different chain ids and node sets, in one process.
// Chain A registers a light client of chain B by governance; headers of B
// reach A through the SDK's relay (relayers are not trusted: A checks each
// against B's node set in force). B admits an org and removes another, and
// A's client follows both changes. Then a Solidity contract on A proves
// that an evidence record exists on B and reads its deposit time, and the
// SDK verifies B's deposit transaction and record through A (issue 13,
// "must be shown" 4 and 5).
func TestLightClientAcrossTwoChains(t *testing.T) {
	a := testnet.New(t, testnet.Options{Nodes: 4, ChainID: "chain-a"})
	b := testnet.New(t, testnet.Options{Nodes: 4, ChainID: "chain-b"})
	ca, cb := a.Client(0), b.Client(0)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	optA, optB := a.TxOptions(), b.TxOptions()
	relayer := a.Account(1) // any account of A may relay

	// A's governance registers B's genesis.
	p, err := sdk.RegisterLightClientProposal(b.Node(0).Genesis(), "follow chain-b")
	if err != nil {
		t.Fatal(err)
	}
	govern(t, a, ca, p, "org1", "org2", "org3")
	lc, err := ca.LightClient(ctx, "chain-b")
	gh := b.Node(0).Genesis().Hash()
	if err != nil || !bytes.Equal(lc.GenesisHash, gh[:]) || len(lc.Configs) != 1 || !slices.Equal(lc.Configs[0].Nodes, []uint64{1, 2, 3, 4}) {
		t.Fatalf("registered client: %v %v", lc, err)
	}

	relay := func(height uint64) *sdk.RelayResult {
		t.Helper()
		r, err := ca.Relay(ctx, cb, relayer, optA, "chain-b", height)
		if err != nil {
			t.Fatalf("relay B's header %d to A: %v", height, err)
		}
		return r
	}
	submitAll(t, cb, []*types.Transaction{evidenceTx(t, b.Account(0), optB, "before any change")}, 1)
	r := relay(sdk.LatestHeight)
	if r.Client.LatestHeight == 0 || r.Client.LatestHeight != r.Height {
		t.Fatalf("after the first relay: %v", r.Client)
	}

	// B admits org5 with its node.
	org5, err := consortium.InitOrg(filepath.Join(t.TempDir(), "org5"), "org5")
	if err != nil {
		t.Fatal(err)
	}
	addrs := consortium.NodeAddrs{P2P: freeAddr(t), GRPC: freeAddr(t), REST: freeAddr(t)}
	cfgPath, gn, err := org5.NewNode(filepath.Join(org5.Dir, "nodes", "node5"), 5, addrs, filepath.Join(b.Layout.Dir, "genesis.json"))
	if err != nil {
		t.Fatal(err)
	}
	join, err := org5.JoinRequest(gn)
	if err != nil {
		t.Fatal(err)
	}
	n5 := b.AddNode(cfgPath)
	added := govern(t, b, cb, &types.Proposal{Action: &types.Proposal_AddOrg{AddOrg: join}}, "org1", "org2", "org3")
	waitFor(t, "node 5 to join chain B's consensus", 60*time.Second, func() bool {
		n := b.Node(n5)
		return n != nil && n.Consensus().Running() && n.Head().Height >= added.EffectiveHeight-1
	})
	for i := range 3 {
		submitAll(t, cb, []*types.Transaction{evidenceTx(t, b.Account(0), optB, "with org5 "+string(rune('a'+i)))}, 1)
	}
	r = relay(sdk.LatestHeight)
	if n := len(r.Client.Configs); n != 2 || r.Client.Configs[1].Height != added.EffectiveHeight || !slices.Equal(r.Client.Configs[1].Nodes, []uint64{1, 2, 3, 4, 5}) {
		t.Fatalf("A's client did not follow org5's admission (effective %d): %v", added.EffectiveHeight, r.Client.Configs)
	}
	if h, err := ca.LightClientHeader(ctx, "chain-b", 0); err != nil || h.ConfigVersion != r.Client.Configs[1].Version {
		t.Fatalf("latest header under version %v: %v", h.GetConfigVersion(), err)
	}

	// B removes org4; its node leaves.
	removed := govern(t, b, cb, &types.Proposal{Action: &types.Proposal_RemoveOrg{RemoveOrg: &types.RemoveOrg{Name: "org4"}}}, "org1", "org2", "org3")
	waitFor(t, "node 4 to leave chain B's consensus", 30*time.Second, func() bool { return !b.Node(3).Consensus().Running() })
	b.Stop(3)
	depositTx := evidenceTx(t, b.Account(0), optB, "after org4 left")
	deposit := submitAll(t, cb, []*types.Transaction{depositTx}, 1)[0]
	if deposit.Status != types.ReceiptStatus_SUCCESS {
		t.Fatalf("deposit on B: %s %s", deposit.ErrorCode, deposit.Error)
	}
	submitAll(t, cb, []*types.Transaction{evidenceTx(t, b.Account(1), optB, "one more block")}, 1)
	r = relay(sdk.LatestHeight)
	last := r.Client.Configs[len(r.Client.Configs)-1]
	if len(r.Client.Configs) != 3 || last.Height != removed.EffectiveHeight || !slices.Equal(last.Nodes, []uint64{1, 2, 3, 5}) {
		t.Fatalf("A's client did not follow org4's removal (effective %d): %v", removed.EffectiveHeight, r.Client.Configs)
	}
	kept, err := ca.LightClientHeader(ctx, "chain-b", r.Height)
	if err != nil || slices.ContainsFunc(kept.Signatures, func(s *types.QuorumSignature) bool { return s.Signer == 4 }) {
		t.Fatalf("header %d after the removal: %v %v", r.Height, kept, err)
	}

	// The evidence record deposited on B, and its state proof from B's node.
	id := b.Network.Suite().TxHash(depositTx)
	ev, err := cb.GetEvidence(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	sp, err := cb.GetStateProof(ctx, state.EvidenceKey(id), sdk.LatestHeight)
	if err != nil {
		t.Fatal(err)
	}
	certHeight := sp.Header.Header.Height // its state root holds the record
	relay(certHeight)

	// A contract on A proves it exists on B and reads its deposit time.
	env := &contractEnv{t: t, c: a, cl: ca, acct: relayer, opt: optA}
	art := artifact(t, "RemoteEvidenceCheck")
	at := env.deploy(art, "chain-b")
	binding := remoteevidence.NewRemoteEvidenceCheck()
	proof, err := proto.Marshal(sp.Proof)
	if err != nil {
		t.Fatal(err)
	}
	rc := env.send(relayer.CallContractTx(optA, at, binding.PackAttest(certHeight, [32]byte(id), sp.Value, proof), 2_000_000, 0))
	if rc.Status != types.ReceiptStatus_SUCCESS {
		t.Fatalf("attest on A: %s %s", rc.ErrorCode, rc.Error)
	}
	got, err := binding.UnpackAttest(rc.ReturnData)
	if err != nil || got != uint64(ev.TimeMs) || ev.TimeMs == 0 {
		t.Fatalf("attest returned deposit time %d, B holds %d (%v)", got, ev.TimeMs, err)
	}
	q, err := ca.QueryContract(ctx, relayer.Name, at, binding.PackDepositTime([32]byte(id)), 0)
	if err != nil {
		t.Fatal(err)
	}
	dt, err := binding.UnpackDepositTime(q.ReturnData)
	if err != nil || !dt.Proven || dt.TimeMs != uint64(ev.TimeMs) {
		t.Fatalf("depositTime on A: %+v %v", dt, err)
	}
	// A record B does not hold is refused by the contract.
	forged := proto.Clone(ev).(*types.Evidence)
	forged.TimeMs -= 3_600_000
	rc = env.send(relayer.CallContractTx(optA, at, binding.PackAttest(certHeight, [32]byte(id), state.EncodeEvidence(forged), proof), 2_000_000, 0))
	if rc.Status != types.ReceiptStatus_FAILED || rc.ErrorCode != "reverted" {
		t.Fatalf("a forged record on A: %v %s %s", rc.Status, rc.ErrorCode, rc.Error)
	}

	checkLightClientREST(t, a, "chain-b", certHeight, &apipb.VerifyRemoteStateRequest{ChainId: "chain-b", Height: certHeight,
		Key: state.EvidenceKey(id), Value: sp.Value, Proof: sp.Proof})

	// The SDK verifies B's record and deposit transaction through A.
	vs, err := ca.VerifyRemoteState(ctx, "chain-b", certHeight, state.EvidenceKey(id), sp.Value, sp.Proof)
	if err != nil || !vs.Valid || !vs.Present {
		t.Fatalf("VerifyRemoteState: %v %v", vs, err)
	}
	vs, err = ca.VerifyRemoteState(ctx, "chain-b", certHeight, state.EvidenceKey(id), state.EncodeEvidence(forged), sp.Proof)
	if err != nil || vs.Valid || vs.Code != string(types.CodeBadProof) {
		t.Fatalf("VerifyRemoteState of a forged record: %v %v", vs, err)
	}
	tp, err := cb.WaitTxProof(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	relay(tp.Next.Header.Height)
	vt, err := ca.VerifyRemoteTx(ctx, "chain-b", tp.Next.Header.Height, tp)
	if err != nil || !vt.Valid || vt.TxHash != id.String() || vt.TxHeight != deposit.Height || vt.TimeMs != ev.TimeMs || vt.Receipt.GetStatus() != types.ReceiptStatus_SUCCESS {
		t.Fatalf("VerifyRemoteTx: %v %v", vt, err)
	}
	if _, err := ca.VerifyRemoteTx(ctx, "chain-z", tp.Next.Header.Height, tp); sdk.ReasonOf(err) != types.CodeClientNotFound {
		t.Fatalf("an unknown chain: %v", err)
	}

	// A relayer cannot slip in a header B's node set did not sign: one of
	// B's headers with a field changed is refused, and changes nothing.
	before, _ := ca.LightClient(ctx, "chain-b")
	next, err := cb.GetStateProof(ctx, state.ConfigKey(), sdk.LatestHeight)
	if err != nil {
		t.Fatal(err)
	}
	u := sdk.LightClientUpdateOf(next, before.VerifiedTo)
	u.Header.Header.TimeMs++
	rc = env.send(relayer.UpdateLightClientTx(optA, u))
	if rc.Status != types.ReceiptStatus_FAILED || rc.ErrorCode != string(types.CodeBadCommitSignature) {
		t.Fatalf("a tampered header: %v %s %s", rc.Status, rc.ErrorCode, rc.Error)
	}
	after, _ := ca.LightClient(ctx, "chain-b")
	if !proto.Equal(before, after) {
		t.Fatal("a refused update changed the light client")
	}
	// Every node of A reached the same state.
	if err := a.WaitHeight(a.MaxHeight(), 30*time.Second); err != nil {
		t.Fatal(err)
	}
	if err := a.CheckConsistent(); err != nil {
		t.Fatal(err)
	}
}

// checkLightClientREST reads the light client over REST (each exchange
// checked against api/openapi.yaml by TestMain): the list, the client, a
// header, a state verification, and an unknown chain's problem (404).
func checkLightClientREST(t *testing.T, c *testnet.Cluster, chainID string, height uint64, verifyState *apipb.VerifyRemoteStateRequest) {
	t.Helper()
	do := restClient(t, c)
	list := &apipb.ListLightClientsResponse{}
	do("GET", "/v1/lightclients", nil, http.StatusOK, list)
	if len(list.Clients) != 1 || list.Clients[0].ChainId != chainID {
		t.Fatalf("REST list: %v", list)
	}
	lc := &types.LightClient{}
	do("GET", "/v1/lightclients/"+chainID, nil, http.StatusOK, lc)
	h := &types.LightHeader{}
	do("GET", "/v1/lightclients/"+chainID+"/header?height="+strconv.FormatUint(height, 10), nil, http.StatusOK, h)
	if h.Header.GetHeight() != height || lc.LatestHeight < height {
		t.Fatalf("REST header %d: %v, client %v", height, h.Header, lc)
	}
	body, err := apijson.Marshal(verifyState)
	if err != nil {
		t.Fatal(err)
	}
	vs := &apipb.VerifyRemoteStateResponse{}
	do("POST", "/v1/lightclients/"+chainID+"/state:verify", body, http.StatusOK, vs)
	if !vs.Valid {
		t.Fatalf("REST state verification: %v", vs)
	}
	do("GET", "/v1/lightclients/no-such-chain", nil, http.StatusNotFound, nil)
}

// restClient returns a REST caller of c's node 1 as org2's client: do
// checks the status and decodes the body into into (when not nil).
func restClient(t *testing.T, c *testnet.Cluster) func(method, path string, body []byte, want int, into proto.Message) {
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
	return func(method, path string, body []byte, want int, into proto.Message) {
		t.Helper()
		req, err := http.NewRequest(method, "https://"+c.Network.Nodes[1].REST+path, bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != want {
			t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, b)
		}
		if into != nil {
			if err := apijson.Unmarshal(b, into); err != nil {
				t.Fatalf("%s %s: %v\n%s", method, path, err, b)
			}
		}
	}
}
