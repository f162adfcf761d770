package consortium_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/causeway/causeway/consortium"
	"github.com/causeway/causeway/types"
)

// A join request is written with keys in hex, and read back; one written
// by an earlier version (protojson, base64) still loads.
func TestJoinRequestFile(t *testing.T) {
	req := &types.AddOrg{Name: "org5", CaCert: "-----BEGIN CERTIFICATE-----\n",
		AdminKey: &types.AuthKey{Scheme: types.SignatureScheme_ED25519, PublicKey: []byte{0xde, 0xad, 0xbe, 0xef}, Weight: 100},
		Nodes:    []*types.NodeSpec{{Id: 5, Org: "org5", Address: "10.0.0.5:7050"}}}
	dir := t.TempDir()
	path := filepath.Join(dir, "request.json")
	if err := consortium.SaveJoinRequest(path, req); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if !strings.Contains(string(b), `"public_key": "deadbeef"`) {
		t.Fatalf("join request does not write the key in hex:\n%s", b)
	}
	got, err := consortium.LoadJoinRequest(path)
	if err != nil || !proto.Equal(got, req) {
		t.Fatalf("load: %v %v", got, err)
	}
	old, _ := protojson.MarshalOptions{UseProtoNames: true}.Marshal(req)
	oldPath := filepath.Join(dir, "old.json")
	if err := os.WriteFile(oldPath, old, 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := consortium.LoadJoinRequest(oldPath); err != nil || !proto.Equal(got, req) {
		t.Fatalf("load a base64 request: %v %v", got, err)
	}
	if err := os.WriteFile(oldPath, []byte(`{"name":"x","admin_key":{"public_key":"zz!"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := consortium.LoadJoinRequest(oldPath); err == nil {
		t.Fatal("a malformed key loaded")
	}
}
