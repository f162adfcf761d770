package node_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/causeway/causeway/node"
)

// Limits are read from the node configuration with durations as strings;
// omitted fields take the documented defaults; a bad duration is refused.
func TestLimitsConfig(t *testing.T) {
	dir := t.TempDir()
	write := func(limits string) string {
		p := filepath.Join(dir, "node.json")
		cfg := `{"id":1,"data_dir":"d","genesis":"g.json","p2p_listen":"127.0.0.1:0","grpc_listen":"127.0.0.1:0",
			"tls_cert":"c.pem","tls_key":"k.pem","sign_key":"s.pem","log_format":"json","limits":` + limits + `}`
		if err := os.WriteFile(p, []byte(cfg), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cfg, err := node.LoadConfig(write(`{"handshake_timeout":"2s","max_unauthenticated_per_ip":3,"refusal_log_interval":"30s"}`))
	if err != nil {
		t.Fatal(err)
	}
	lim := cfg.Limits.WithDefaults()
	if time.Duration(lim.HandshakeTimeout) != 2*time.Second || lim.MaxUnauthenticatedPerIP != 3 ||
		time.Duration(lim.RefusalLogInterval) != 30*time.Second {
		t.Fatalf("configured limits not applied: %+v", lim)
	}
	d := node.DefaultLimits
	if lim.MaxConns != d.MaxConns || lim.ReadHeaderTimeout != d.ReadHeaderTimeout || lim.MaxConcurrentStreams != d.MaxConcurrentStreams ||
		lim.PendingPerIP != d.PendingPerIP || lim.KeepaliveMinTime != d.KeepaliveMinTime {
		t.Fatalf("omitted limits do not take the defaults: %+v", lim)
	}
	if cfg.LogFormat != node.LogJSON {
		t.Fatalf("log_format %q", cfg.LogFormat)
	}
	out := filepath.Join(dir, "saved.json")
	if err := cfg.Save(out); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(out)
	if !strings.Contains(string(b), `"handshake_timeout": "2s"`) {
		t.Fatalf("saved limits: %s", b)
	}
	if _, err := node.LoadConfig(write(`{"handshake_timeout":"2 parsecs"}`)); err == nil || !strings.Contains(err.Error(), "duration") {
		t.Fatalf("bad duration: %v", err)
	}
}
