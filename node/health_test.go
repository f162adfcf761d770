package node_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	"github.com/causeway/causeway/api/apipb"
	"github.com/causeway/causeway/consortium"
	"github.com/causeway/causeway/internal/testnet"
	"github.com/causeway/causeway/node"
	"github.com/causeway/causeway/types"
)

// getJSON GETs url with client and decodes the answer; it returns the HTTP status.
func getJSON(t *testing.T, client *http.Client, url string) (int, map[string]any) {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out := map[string]any{}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	return resp.StatusCode, out
}

// A node outside the node set says so in every health answer (Node.Health,
// gRPC Health, REST /v1/health without a certificate, admin /healthz): a
// node not yet admitted is "not_a_consenter", a node removed by governance
// is "removed" with the height it was removed from; neither is ready, and
// the admin endpoint answers 503. The members stay "serving" and ready.
func TestHealthOfNodeOutsideTheNodeSet(t *testing.T) {
	c := testnet.New(t, testnet.Options{Nodes: 4, Configure: func(_ int, cfg *node.Config) { cfg.AdminListen = "127.0.0.1:0" }})
	cl := c.Client(0)
	submitAll(t, cl, []*types.Transaction{evidenceTx(t, c.Account(0), c.TxOptions(), "first")}, 1)

	pool := x509.NewCertPool()
	bundle, err := os.ReadFile(c.Network.CABundle)
	if err != nil {
		t.Fatal(err)
	}
	pool.AppendCertsFromPEM(bundle)
	anon := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	plain := &http.Client{Timeout: 5 * time.Second}

	// Members are serving and ready everywhere.
	for i := 0; i < 4; i++ {
		if h := c.Node(i).Health(); h.Status != "serving" || !h.Ready || h.Reason != "" {
			t.Fatalf("member node %d: %+v", i+1, h)
		}
		if code, body := getJSON(t, plain, "http://"+c.Node(i).Addr("admin")+"/healthz"); code != 200 || body["status"] != "serving" || body["ready"] != true {
			t.Fatalf("member node %d /healthz: %d %v", i+1, code, body)
		}
	}

	// A node that is not (yet) admitted.
	org5, err := consortium.InitOrg(filepath.Join(t.TempDir(), "org5"), "org5")
	if err != nil {
		t.Fatal(err)
	}
	cfgPath, _, err := org5.NewNode(filepath.Join(org5.Dir, "nodes", "node5"), 5,
		consortium.NodeAddrs{P2P: freeAddr(t), GRPC: freeAddr(t), REST: freeAddr(t), Admin: "127.0.0.1:0"}, filepath.Join(c.Layout.Dir, "genesis.json"))
	if err != nil {
		t.Fatal(err)
	}
	n5cfg, err := node.LoadConfig(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	n5, err := node.New(n5cfg, node.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	if err := n5.Start(); err != nil {
		t.Fatal(err)
	}
	defer n5.Stop()
	if h := n5.Health(); h.Status != node.HealthNotAConsenter || h.Ready || !strings.Contains(h.Reason, "not in the node set") {
		t.Fatalf("node 5 before admission: %+v", h)
	}
	if code, body := getJSON(t, plain, "http://"+n5.Addr("admin")+"/healthz"); code != http.StatusServiceUnavailable || body["status"] != node.HealthNotAConsenter {
		t.Fatalf("node 5 /healthz: %d %v", code, body)
	}

	// Node 4 is removed by governance.
	rec := govern(t, c, cl, &types.Proposal{Action: &types.Proposal_RemoveNode{RemoveNode: &types.RemoveNode{Id: 4}}, Description: "remove node 4"}, "org1", "org2", "org3")
	n4 := c.Node(3)
	waitFor(t, "node 4 to apply its removal", 20*time.Second, func() bool { return n4.Health().Status == node.HealthRemoved })
	h := n4.Health()
	if h.Ready || !strings.Contains(h.Reason, "removed from the node set by governance") || !strings.Contains(h.Reason, "height") {
		t.Fatalf("removed node 4: %+v (removal effective at %d)", h, rec.EffectiveHeight)
	}
	t.Logf("node 4 health: %+v", h)

	// gRPC Health, through a member's client connection.
	cl4 := c.Client(3)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	gh, err := cl4.Health(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if gh.Status != node.HealthRemoved || gh.Ready || gh.Reason != h.Reason {
		t.Fatalf("gRPC Health of node 4: %v", gh)
	}
	// REST /v1/health, without a client certificate.
	_, body := getJSON(t, anon, "https://"+c.Network.Nodes[3].REST+"/v1/health")
	if body["status"] != node.HealthRemoved || body["reason"] != h.Reason || body["ready"] == true {
		t.Fatalf("REST /v1/health of node 4: %v", body)
	}
	// Admin /healthz: 503 and the reason.
	if code, body := getJSON(t, plain, "http://"+n4.Addr("admin")+"/healthz"); code != http.StatusServiceUnavailable || body["status"] != node.HealthRemoved || body["reason"] != h.Reason {
		t.Fatalf("node 4 /healthz: %d %v", code, body)
	}
	// The standard grpc.health.v1 service agrees: NOT_SERVING on the
	// removed node, for the server and for each service.
	for _, svc := range []string{"", "causeway.v1.Chain"} {
		r, err := healthpb.NewHealthClient(cl4.Conn()).Check(ctx, &healthpb.HealthCheckRequest{Service: svc})
		if err != nil || r.Status != healthpb.HealthCheckResponse_NOT_SERVING {
			t.Fatalf("grpc.health.v1 of removed node 4 (service %q): %v %v", svc, r, err)
		}
	}
	// The remaining members are still serving and ready, by both answers.
	for i := 0; i < 3; i++ {
		var r *apipb.HealthResponse
		if r, err = c.Client(i).Health(ctx); err != nil || r.Status != "serving" || !r.Ready {
			t.Fatalf("member node %d: %v %v", i+1, r, err)
		}
		std, err := healthpb.NewHealthClient(c.Client(i).Conn()).Check(ctx, &healthpb.HealthCheckRequest{})
		if err != nil || std.Status != healthpb.HealthCheckResponse_SERVING {
			t.Fatalf("grpc.health.v1 of member node %d: %v %v", i+1, std, err)
		}
	}
}
