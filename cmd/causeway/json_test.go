package main

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/causeway/causeway/api"
	"github.com/causeway/causeway/api/apitest"
	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/crypto/keystore"
	"github.com/causeway/causeway/pki"
	"github.com/causeway/causeway/sdk"
	"github.com/causeway/causeway/types"
)

// runCLI runs the CLI in process with args and returns its standard output
// and error, as main would print them.
func runRoot(t *testing.T, args ...string) (string, error) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout := os.Stdout
	os.Stdout = w
	done := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		done <- string(b)
	}()
	root := rootCmd()
	root.SetArgs(args)
	root.SetOut(w)
	runErr := root.Execute()
	os.Stdout = stdout
	w.Close()
	return <-done, runErr
}

// testNetwork serves a fake chain and writes a network.json for it.
func testNetwork(t *testing.T) (*apitest.Backend, string) {
	t.Helper()
	b := apitest.NewBackend()
	s := apitest.Start(t, b, api.Options{}, nil)
	dir := t.TempDir()
	put := func(rel string, data []byte) string {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return rel
	}
	nw := &sdk.Network{ChainID: apitest.ChainID, Dir: dir, CABundle: put("ca-bundle.pem", s.PKI.CABundle)}
	for _, org := range s.PKI.Orgs {
		c, err := s.PKI.Issue(org, pki.RoleClient)
		if err != nil {
			t.Fatal(err)
		}
		nw.Orgs = append(nw.Orgs, sdk.NetworkOrg{Name: org, CA: put(org+"/ca.crt", s.PKI.CAs[org].CertPEM()),
			Client: sdk.Credential{Cert: put(org+"/client.crt", c.CertPEM), Key: put(org+"/client.key", c.KeyPEM)}})
	}
	key, err := crypto.GenerateEd25519()
	if err != nil {
		t.Fatal(err)
	}
	keyPEM, err := crypto.MarshalPrivateKeyPEM(key)
	if err != nil {
		t.Fatal(err)
	}
	nw.Orgs[0].Account = &sdk.AccountFile{Name: "org1.admin", Key: put("org1/account.key", keyPEM)}
	nw.Nodes = []sdk.NetworkNode{{ID: 1, Org: "org1", GRPC: s.GRPCAddr, REST: s.RESTAddr}}
	path := filepath.Join(dir, "network.json")
	if err := nw.Save(path); err != nil {
		t.Fatal(err)
	}
	return b, path
}

// A representative set of commands print one valid JSON document with -o
// json, with hashes and ids in hex; a failing command exits with an error
// that reads as a sentence.
func TestCommandsPrintJSON(t *testing.T) {
	b, netFile := testNetwork(t)
	b.CommitEmpty(2)
	alice := &types.Account{Id: types.Intl.AccountID("alice").Bytes(), Name: "alice\x1b[31m", Balance: 7}
	b.PutAccount(alice)
	evID := types.Intl.Sum([]byte("ev"))
	b.PutEvidence(&types.Evidence{Id: evID.Bytes(), Hash: []byte{0xab}, HashAlgorithm: "sha256", TimeMs: 1764503228123,
		Metadata: []*types.Attribute{{Key: "note", Value: "line\nforged"}}})
	keys := t.TempDir()
	t.Setenv(keystore.EnvPassphrase, "pw-for-test")

	for _, c := range []struct {
		args []string
		want []string // substrings of the JSON
	}{
		{[]string{"status"}, []string{`"chain_id": "apitest"`, `"reachable": true`}},
		{[]string{"block", "get", "2"}, []string{`"height": 2`, `"prev_hash": "`}},
		{[]string{"account", "get", "alice"}, []string{`"id": "` + types.Intl.AccountID("alice").String() + `"`, `"balance": 7`}},
		{[]string{"evidence", "get", evID.String()}, []string{`"id": "` + evID.String() + `"`, `"hash": "ab"`, `"time": "2025-11-30T11:47:08.123Z"`}},
		{[]string{"gov", "list"}, nil},
		{[]string{"gov", "config"}, nil},
		{[]string{"keys", "new", "k1", "--dir", keys}, []string{`"name": "k1"`}},
		{[]string{"keys", "list", "--dir", keys}, []string{`"k1"`}},
	} {
		args := append(append([]string(nil), c.args...), "-o", "json")
		if c.args[0] != "keys" {
			args = append(args, "--network", netFile)
		}
		out, err := runRoot(t, args...)
		if err != nil {
			t.Fatalf("causeway %s: %v\n%s", strings.Join(args, " "), userError(err), out)
		}
		if !json.Valid([]byte(out)) {
			t.Fatalf("causeway %s: not JSON:\n%s", strings.Join(args, " "), out)
		}
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("causeway %s: output lacks %s:\n%s", strings.Join(args, " "), w, out)
			}
		}
	}

	// Human output escapes what came from the chain.
	out, err := runRoot(t, "account", "get", "alice", "--network", netFile)
	if err != nil || !strings.Contains(out, `"alice\x1b[31m"`) || strings.Contains(out, "\x1b") {
		t.Fatalf("account get: %v\n%q", err, out)
	}
	out, err = runRoot(t, "evidence", "get", evID.String(), "--network", netFile)
	if err != nil || !strings.Contains(out, `note: "line\nforged"`) {
		t.Fatalf("evidence get: %v\n%q", err, out)
	}

	// Failures exit non-zero with a sentence.
	if _, err := runRoot(t, "account", "get", "nobody", "-o", "json", "--network", netFile); err == nil {
		t.Fatal("account get nobody succeeded")
	} else if msg := userError(err); !strings.HasPrefix(msg, "not found") || strings.Contains(msg, "rpc error") {
		t.Fatalf("account get nobody: %q", msg)
	}
	if _, err := runRoot(t, "status", "-o", "yaml", "--network", netFile); err == nil || !strings.Contains(err.Error(), "want text or json") {
		t.Fatalf("-o yaml: %v", err)
	}
}
