package main_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/sdk"
)

// netnsLab is a set of network namespaces joined by a bridge: one "host"
// per organisation, each with its own address 10.77.0.N on eth0.
type netnsLab struct {
	t     *testing.T
	tag   string
	bin   string
	env   []string
	procs []*exec.Cmd
}

func (l *netnsLab) ns(i int) string       { return fmt.Sprintf("cw%s-%d", l.tag, i) }
func (l *netnsLab) bridge() string        { return "cw" + l.tag + "br" }
func (l *netnsLab) hostVeth(i int) string { return fmt.Sprintf("cw%sh%d", l.tag, i) }
func hostIP(i int) string                 { return fmt.Sprintf("10.77.0.%d", i) }

func ipCmd(args ...string) error {
	out, err := exec.Command("ip", args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("ip %s: %v: %s", strings.Join(args, " "), err, out)
	}
	return nil
}

// up creates the bridge and n namespaces; t.Cleanup removes them, after
// the node processes are stopped.
func (l *netnsLab) up(n int) {
	l.t.Helper()
	l.t.Cleanup(func() {
		for i := 1; i <= n; i++ {
			_ = ipCmd("netns", "del", l.ns(i))
		}
		_ = ipCmd("link", "del", l.bridge())
	})
	steps := [][]string{{"link", "add", l.bridge(), "type", "bridge"}, {"link", "set", l.bridge(), "up"}}
	for i := 1; i <= n; i++ {
		ns, hv := l.ns(i), l.hostVeth(i)
		steps = append(steps,
			[]string{"netns", "add", ns},
			[]string{"link", "add", hv, "type", "veth", "peer", "name", "eth0", "netns", ns},
			[]string{"link", "set", hv, "master", l.bridge()},
			[]string{"link", "set", hv, "up"},
			[]string{"-n", ns, "addr", "add", hostIP(i) + "/24", "dev", "eth0"},
			[]string{"-n", ns, "link", "set", "eth0", "up"},
			[]string{"-n", ns, "link", "set", "lo", "up"},
		)
	}
	for _, s := range steps {
		if err := ipCmd(s...); err != nil {
			l.t.Fatal(err)
		}
	}
}

// run runs the causeway CLI inside host i's namespace.
func (l *netnsLab) run(i int, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "ip", append([]string{"netns", "exec", l.ns(i), l.bin}, args...)...)
	cmd.Env = l.env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return out.String(), fmt.Errorf("[host %d] causeway %s: %v\n%s%s", i, strings.Join(args, " "), err, out.String(), errb.String())
	}
	return out.String(), nil
}

func (l *netnsLab) must(i int, args ...string) string {
	l.t.Helper()
	out, err := l.run(i, args...)
	if err != nil {
		l.t.Fatal(err)
	}
	return out
}

// start runs `causeway node start` inside host i's namespace, logging to
// logPath; t.Cleanup stops it.
func (l *netnsLab) start(i int, logPath string, args ...string) {
	l.t.Helper()
	logf, err := os.Create(logPath)
	if err != nil {
		l.t.Fatal(err)
	}
	cmd := exec.Command("ip", append([]string{"netns", "exec", l.ns(i), l.bin, "node", "start"}, args...)...)
	cmd.Env, cmd.Stdout, cmd.Stderr = l.env, logf, logf
	// Should the test binary die without running its cleanups (a test
	// timeout), the node dies with it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		l.t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); logf.Close(); close(done) }()
	l.t.Cleanup(func() {
		// `ip netns exec` execs the node: the pid is the node's.
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		if l.t.Failed() {
			b, _ := os.ReadFile(logPath)
			if len(b) > 4000 {
				b = b[len(b)-4000:]
			}
			l.t.Logf("host %d node log (tail):\n%s", i, b)
		}
	})
}

// privateSecrets returns, for every private key file under dir, the byte
// strings that would betray the key if found elsewhere: the raw secret
// (Ed25519 seed or ECDSA scalar), in raw, hex and base64 form, and the
// PKCS#8 DER, raw and base64 (as in a PEM body).
func privateSecrets(t *testing.T, dir string) map[string][][]byte {
	t.Helper()
	out := map[string][][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil || !bytes.Contains(b, []byte("PRIVATE KEY-----")) {
			return err
		}
		k, err := crypto.ParsePrivateKeyPEM(b)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		var secret []byte
		switch s := k.Std().(type) {
		case ed25519.PrivateKey:
			secret = s.Seed()
		case *ecdsa.PrivateKey:
			secret = s.D.FillBytes(make([]byte, 32))
		default:
			return fmt.Errorf("%s: unexpected key type %T", path, s)
		}
		blk, _ := pem.Decode(b)
		out[path] = [][]byte{secret, []byte(hex.EncodeToString(secret)), []byte(base64.StdEncoding.EncodeToString(secret)),
			blk.Bytes, []byte(base64.StdEncoding.EncodeToString(blk.Bytes))}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// leaks returns the files under dirs that hold any of the secrets.
func leaks(t *testing.T, secrets map[string][][]byte, dirs ...string) []string {
	t.Helper()
	var found []string
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			flat := bytes.Join(bytes.Fields(b), nil) // PEM bodies wrap lines
			for keyFile, needles := range secrets {
				for _, n := range needles {
					if bytes.Contains(b, n) || bytes.Contains(flat, n) {
						found = append(found, fmt.Sprintf("%s holds the key of %s", path, keyFile))
						break
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return found
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// Separate organisations on separate hosts: four orgs, each in its own
// network namespace with its own address (10.77.0.1-4), make their keys in
// their own folders and hand over public parts only; a fifth party
// assembles the genesis; each org verifies it, compares its hash, and
// starts its node on its own host. No private key leaves its org's folder.
// The consortium commits. A fifth org (10.77.0.5) joins with the documented
// commands, gets its network.json from the chain with `network export`, is
// funded by a member's transfer, votes on a later proposal, and its client
// submits transactions.
//
// It needs root and iproute2, and runs only with CAUSEWAY_NETNS=1 (.ci/run
// sets it): it creates and deletes network namespaces and a bridge.
func TestSeparateOrgsOnSeparateHosts(t *testing.T) {
	if os.Getenv("CAUSEWAY_NETNS") != "1" {
		t.Skip("multi-host test: set CAUSEWAY_NETNS=1 (needs root and iproute2; it creates network namespaces)")
	}
	if os.Geteuid() != 0 {
		t.Skip("multi-host test: needs root to create network namespaces")
	}
	if _, err := exec.LookPath("ip"); err != nil {
		t.Skip("multi-host test: the ip command (iproute2) is missing")
	}
	start := time.Now()
	tagb := make([]byte, 2)
	_, _ = rand.Read(tagb)
	tmp := t.TempDir()
	lab := &netnsLab{t: t, tag: hex.EncodeToString(tagb), bin: buildCauseway(t),
		env: append(os.Environ(), "XDG_CONFIG_HOME="+filepath.Join(tmp, "config"))}
	lab.up(5)
	t.Logf("namespaces %s..%s up (%.1fs)", lab.ns(1), lab.ns(5), time.Since(start).Seconds())

	orgDir := func(i int) string { return filepath.Join(tmp, fmt.Sprintf("org%d", i)) }
	assembler := filepath.Join(tmp, "assembler")
	addr := func(i, port int) string { return fmt.Sprintf("%s:%d", hostIP(i), port) }

	// 1. Each founding org, on its own host, in its own folder.
	for i := 1; i <= 4; i++ {
		name := fmt.Sprintf("org%d", i)
		lab.must(i, "org", "init", name, "--dir", orgDir(i))
		part := filepath.Join(orgDir(i), name+".public.json")
		lab.must(i, "org", "export", "--org-dir", orgDir(i), "--node-id", fmt.Sprint(i),
			"--p2p", addr(i, 7050), "--grpc", addr(i, 7051), "--rest", addr(i, 7052), "--admin", "127.0.0.1:7053", "--out", part)
		copyFile(t, part, filepath.Join(assembler, name+".public.json")) // sent to the assembler
	}
	// 2. The assembler builds the genesis from the public parts alone.
	var asm struct {
		Hash  string   `json:"hash"`
		Nodes []uint64 `json:"nodes"`
	}
	args := []string{"genesis", "assemble", "--chain-id", "netns-consortium", "--out", filepath.Join(assembler, "genesis.json"), "-o", "json"}
	for i := 1; i <= 4; i++ {
		args = append(args, "--part", filepath.Join(assembler, fmt.Sprintf("org%d.public.json", i)))
	}
	if err := json.Unmarshal([]byte(lab.must(1, args...)), &asm); err != nil || len(asm.Hash) != 64 || len(asm.Nodes) != 4 {
		t.Fatalf("assemble: %+v %v", asm, err)
	}
	// 3. Each org verifies and installs it, and compares the hash.
	for i := 1; i <= 4; i++ {
		incoming := filepath.Join(orgDir(i), "incoming", "genesis.json")
		copyFile(t, filepath.Join(assembler, "genesis.json"), incoming)
		out := lab.must(i, "genesis", "verify", incoming, "--org-dir", orgDir(i), "--install")
		if !strings.Contains(out, "unaltered") || !strings.Contains(out, asm.Hash) {
			t.Fatalf("org%d verify: %s", i, out)
		}
		if h := strings.TrimSpace(lab.must(i, "genesis", "hash", filepath.Join(orgDir(i), "genesis.json"))); h != asm.Hash {
			t.Fatalf("org%d computes hash %s, the assembler %s", i, h, asm.Hash)
		}
	}
	// A genesis tampered in transit (org2's node redirected) fails org2's check.
	var g map[string]any
	raw, _ := os.ReadFile(filepath.Join(assembler, "genesis.json"))
	_ = json.Unmarshal(raw, &g)
	g["nodes"].([]any)[1].(map[string]any)["address"] = "10.77.0.66:7050"
	bad, _ := json.Marshal(g)
	badPath := filepath.Join(orgDir(2), "incoming", "tampered.json")
	if err := os.WriteFile(badPath, bad, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := lab.run(2, "genesis", "verify", badPath, "--org-dir", orgDir(2)); err == nil || !strings.Contains(err.Error(), "address") {
		t.Fatalf("tampered genesis passed org2's verify: %s %v", out, err)
	}
	if h := strings.TrimSpace(lab.must(2, "genesis", "hash", badPath)); h == asm.Hash {
		t.Fatal("tampered genesis has the same hash")
	}

	// 4. Each org starts its node on its own host.
	for i := 1; i <= 4; i++ {
		lab.start(i, filepath.Join(orgDir(i), "node.log"), "--config", filepath.Join(orgDir(i), "nodes", fmt.Sprintf("node%d", i), "node.json"))
	}
	// Each founding org gets its network.json from the chain, and its
	// client's transaction commits.
	netFile := func(i int) string { return filepath.Join(orgDir(i), "network.json") }
	for i := 1; i <= 4; i++ {
		eventually(t, fmt.Sprintf("org%d's network export", i), 60*time.Second, func() (bool, string) {
			out, err := lab.run(i, "network", "export", "--org-dir", orgDir(i), "--node", addr(i, 7051), "--out", netFile(i), "-o", "json")
			return err == nil, fmt.Sprint(out, err)
		})
	}
	deposit := func(host int, n int, args ...string) string {
		t.Helper()
		out := lab.must(host, append([]string{"tx", "evidence", "--hash", fmt.Sprintf("%064x", n), "-o", "json"}, args...)...)
		var r struct {
			TxHash string `json:"tx_hash"`
		}
		if err := json.Unmarshal([]byte(out), &r); err != nil || r.TxHash == "" {
			t.Fatalf("tx evidence: %q %v", out, err)
		}
		return r.TxHash
	}
	for i := 1; i <= 4; i++ {
		deposit(i, i, "--network", netFile(i), "--org", fmt.Sprintf("org%d", i), "--node", fmt.Sprint(i%4))
	}
	t.Logf("consortium of 4 hosts commits (%.1fs)", time.Since(start).Seconds())

	// 5. org5 joins, on host 5, with the documented commands.
	d5 := orgDir(5)
	lab.must(5, "org", "init", "org5", "--dir", d5)
	copyFile(t, filepath.Join(assembler, "genesis.json"), filepath.Join(d5, "incoming", "genesis.json")) // the genesis is public
	req := filepath.Join(d5, "request.json")
	lab.must(5, "join", "request", "--org-dir", d5, "--node-id", "5", "--p2p", addr(5, 7050), "--grpc", addr(5, 7051), "--rest", addr(5, 7052),
		"--admin", "127.0.0.1:7053", "--genesis", filepath.Join(d5, "incoming", "genesis.json"), "--out", req)
	lab.start(5, filepath.Join(d5, "node.log"), "--join", "--config", filepath.Join(d5, "nodes", "node5", "node.json"))
	copyFile(t, req, filepath.Join(orgDir(1), "incoming", "org5-request.json")) // sent to a member
	var prop struct {
		ID     string `json:"id"`
		Status string `json:"status"`
		Votes  []struct {
			Org     string `json:"org"`
			Counted bool   `json:"counted"`
		} `json:"votes"`
	}
	out := lab.must(1, "gov", "propose", "add-org", filepath.Join(orgDir(1), "incoming", "org5-request.json"), "--network", netFile(1), "--org", "org1", "-o", "json")
	if err := json.Unmarshal([]byte(out), &prop); err != nil || prop.ID == "" {
		t.Fatalf("propose: %q %v", out, err)
	}
	lab.must(2, "gov", "vote", prop.ID, "--network", netFile(2), "--org", "org2")
	out = lab.must(3, "gov", "vote", prop.ID, "--network", netFile(3), "--org", "org3", "-o", "json")
	if err := json.Unmarshal([]byte(out), &prop); err != nil || prop.Status != "executed" {
		t.Fatalf("add-org not executed: %q %v", out, err)
	}
	// Funding, step 1: a member transfers to org5's admin account, which
	// admission created. Its block also makes the change provable (a
	// change is proven by the first block signed under it).
	lab.must(1, "tx", "transfer", "--to", "org5.admin", "--amount", "5000", "--network", netFile(1), "--org", "org1")
	// A genesis tampered with does not verify the chain's answers.
	badGenesis := filepath.Join(d5, "incoming", "tampered.json")
	copyFile(t, badPath, badGenesis)
	if out, err := lab.run(5, "network", "export", "--org-dir", d5, "--node", addr(1, 7051), "--genesis", badGenesis, "--out", filepath.Join(d5, "bad.json")); err == nil || !strings.Contains(err.Error(), "does not verify") {
		t.Fatalf("network export with a tampered genesis: %s %v", out, err)
	}
	var exp struct {
		Nodes   []uint64 `json:"nodes"`
		Orgs    []string `json:"orgs"`
		Account string   `json:"account"`
	}
	eventually(t, "org5's network export", 60*time.Second, func() (bool, string) {
		out, err := lab.run(5, "network", "export", "--org-dir", d5, "--node", addr(1, 7051), "--out", netFile(5), "-o", "json")
		if err != nil {
			return false, err.Error()
		}
		return json.Unmarshal([]byte(out), &exp) == nil && len(exp.Nodes) == 5 && len(exp.Orgs) == 5, out
	})
	nw5, err := sdk.LoadNetwork(netFile(5))
	if err != nil {
		t.Fatal(err)
	}
	if len(nw5.Orgs) != 1 || nw5.Orgs[0].Name != "org5" || nw5.Orgs[0].Account == nil || nw5.Nodes[4].GRPC != addr(5, 7051) || exp.Account != "org5" {
		t.Fatalf("org5's network.json: %+v", nw5)
	}
	for _, p := range []string{nw5.Orgs[0].Client.Key, nw5.Orgs[0].Admin.Key, nw5.Orgs[0].Account.Key} {
		if !strings.HasPrefix(p, d5+string(filepath.Separator)) {
			t.Fatalf("org5's network.json names %s, outside its folder", p)
		}
	}
	bundle, _ := os.ReadFile(nw5.CABundle)
	if n := bytes.Count(bundle, []byte("BEGIN CERTIFICATE")); n != 5 {
		t.Fatalf("CA bundle holds %d CAs, want 5", n)
	}

	// 6. Funding, step 2: org5 creates its account with its key and moves
	// the funds there from its admin account.
	lab.must(5, "account", "create", "org5", "--key", filepath.Join(d5, "account.key")+":100", "--network", netFile(5), "--org", "org5")
	lab.must(5, "tx", "transfer", "--to", "org5", "--amount", "4000", "--account", "org5.admin", "--key", filepath.Join(d5, "admin", "key.pem"),
		"--network", netFile(5), "--org", "org5")
	var acct struct {
		Balance uint64 `json:"balance"`
	}
	out = lab.must(5, "account", "get", "org5", "--network", netFile(5), "--org", "org5", "-o", "json")
	if err := json.Unmarshal([]byte(out), &acct); err != nil || acct.Balance != 4000 {
		t.Fatalf("org5's account after funding: %s %v", out, err)
	}
	lab.must(5, "tx", "transfer", "--to", "org1", "--amount", "7", "--network", netFile(5), "--org", "org5")

	// 7. A later proposal: org2 proposes, org5's admin and org3 approve (3 of 5).
	out = lab.must(2, "gov", "propose", "set-param", "batch_max_count", "1500", "--network", netFile(2), "--org", "org2", "-o", "json")
	if err := json.Unmarshal([]byte(out), &prop); err != nil || prop.ID == "" {
		t.Fatalf("propose: %q %v", out, err)
	}
	// org5's admin votes through org5's own node, once it has joined the
	// consensus (status --wait, as the README does).
	lab.must(5, "status", "--wait", "60s", "--network", netFile(5), "--org", "org5")
	lab.must(5, "gov", "vote", prop.ID, "--network", netFile(5), "--org", "org5", "--node", "4")
	out = lab.must(3, "gov", "vote", prop.ID, "--network", netFile(3), "--org", "org3", "-o", "json")
	if err := json.Unmarshal([]byte(out), &prop); err != nil || prop.Status != "executed" {
		t.Fatalf("set-param not executed: %q %v", out, err)
	}
	voted := false
	for _, v := range prop.Votes {
		voted = voted || v.Org == "org5" && v.Counted
	}
	if !voted {
		t.Fatalf("org5's vote not counted: %+v", prop)
	}
	// 8. org5's client submits transactions, through its own node and another.
	for n, node := range []string{"4", "0", "4"} {
		h := deposit(5, 200+n, "--network", netFile(5), "--org", "org5", "--node", node)
		lab.must(5, "tx", "get", h, "--network", netFile(5), "--org", "org5", "--node", "4")
	}
	t.Logf("org5 joined, funded, voted and transacted (%.1fs)", time.Since(start).Seconds())

	// 9. No private key left its org's folder: every other org's folder and
	// the assembler's artifacts are free of each org's key material.
	for i := 1; i <= 5; i++ {
		secrets := privateSecrets(t, orgDir(i))
		if len(secrets) < 6 { // CA, admin, client, node TLS, node signing, account
			t.Fatalf("org%d: found only %d private keys in its folder", i, len(secrets))
		}
		others := []string{assembler}
		for j := 1; j <= 5; j++ {
			if j != i {
				others = append(others, orgDir(j))
			}
		}
		if found := leaks(t, secrets, others...); len(found) > 0 {
			t.Fatalf("private keys of org%d left its folder:\n%s", i, strings.Join(found, "\n"))
		}
		// The scan is not vacuous: a planted copy of one key is found.
		plant := filepath.Join(tmp, "plant", fmt.Sprint(i))
		for path := range secrets {
			copyFile(t, path, filepath.Join(plant, "leaked.pem"))
			break
		}
		if found := leaks(t, secrets, plant); len(found) != 1 {
			t.Fatalf("leak scan missed a planted key: %v", found)
		}
	}
	if grep, err := exec.Command("grep", "-rl", "PRIVATE KEY", assembler).CombinedOutput(); err == nil {
		t.Fatalf("the assembler's folder holds private keys: %s", grep)
	}
	t.Logf("done in %.1fs", time.Since(start).Seconds())
}
