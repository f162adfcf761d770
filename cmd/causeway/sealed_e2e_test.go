package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// As a user would, through the CLI against a consortium of node processes:
//
// Evidence with sealed data. org1 deposits a contract's digest carrying an
// appendix sealed to org2 and the account dora (evidence deposit --seal
// --to-org --to-account --class); readers lists both, with their keys in
// force; org2 and dora open the appendix by the evidence id, a key of no
// reader cannot; the certificate of deposit verifies offline and causeway
// verify prints the envelope hash; a certificate whose sealed_hash was
// altered fails. Mistaken flags are refused before anything is sent.
//
// Account key rotation. dora rotates its encryption key (account
// set-encryption-key, signed by its own key): the same key again, its
// replaced key, and a rotation signed by a stranger are refused; readers
// shows dora's key of the older data as replaced (key_in_force false);
// the replaced key still opens the older data; data sealed to dora
// afterwards opens with the new key only; account get lists both keys.
func TestSealedEvidenceAndAccountRotationCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("multi-process")
	}
	bin := buildCauseway(t)
	work := t.TempDir()
	dir := filepath.Join(work, "net")
	home := filepath.Join(work, "home")
	c := cli{t: t, bin: bin, env: append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"), "CAUSEWAY_PASSPHRASE=sealed-e2e")}
	c.must("up", "--dir", dir, "--base-port", "0")
	t.Cleanup(func() { c.run("down", "--dir", dir) })
	p := func(name string) string { return filepath.Join(work, name) }
	write := func(name, s string) string {
		if err := os.WriteFile(p(name), []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		return p(name)
	}
	jsonOf := func(out string, v any) {
		t.Helper()
		if err := json.Unmarshal([]byte(out), v); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
	}
	mustFail := func(want string, args ...string) {
		t.Helper()
		out, err := c.run(args...)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("causeway %s: %v (output %s), want a failure naming %q", strings.Join(args, " "), err, out, want)
		}
	}

	// org2's encryption key, by governance; the account dora with its own.
	c.must("keys", "new-encryption", "--out", p("org2-enc.pem"))
	var prop struct{ ID string }
	jsonOf(c.must("gov", "propose", "set-encryption-key", p("org2-enc.pem"), "--org", "org2", "-o", "json"), &prop)
	c.must("gov", "vote", prop.ID, "--org", "org3")
	c.must("gov", "vote", prop.ID, "--org", "org4")
	c.must("keys", "new", "dora")
	c.must("keys", "new", "mallory")
	c.must("keys", "new-encryption", "--out", p("dora-enc.pem"))
	c.must("keys", "new-encryption", "--out", p("stranger-enc.pem"))
	c.must("account", "create", "dora", "--key", "dora:100", "--encryption-key", p("dora-enc.pem"))

	// A deposit carrying sealed data.
	contract := write("contract.txt", "Sale contract between Acme Ltd and Bolt GmbH.\n")
	appendix := "Appendix B: price 1,250,000 CNY, penalty 0.05% per day"
	write("appendix.txt", appendix)
	mustFail("--seal", "evidence", "deposit", "--file", contract, "--to-org", "org2")
	mustFail("name at least one reader", "evidence", "deposit", "--file", contract, "--seal", p("appendix.txt"))
	mustFail("not both", "evidence", "deposit", "--file", contract, "--seal", p("appendix.txt"), "--to-org", "org2", "--encrypted-payload", p("appendix.txt"))
	mustFail("unknown_reader", "evidence", "deposit", "--file", contract, "--seal", p("appendix.txt"), "--to-org", "org3")
	var dep struct {
		ID         string `json:"id"`
		TxHash     string `json:"tx_hash"`
		SealedHash string `json:"sealed_hash"`
	}
	jsonOf(c.must("evidence", "deposit", "--file", contract, "--seal", p("appendix.txt"), "--to-org", "org2", "--to-account", "dora",
		"--class", "appendix", "--org", "org1", "-o", "json"), &dep)
	if len(dep.ID) != 64 || dep.TxHash != dep.ID || len(dep.SealedHash) != 64 {
		t.Fatalf("deposit answer %+v", dep)
	}
	type reader struct {
		Reader     string `json:"reader"`
		KeyStatus  string `json:"key_status"`
		KeyInForce bool   `json:"key_in_force"`
	}
	var rd struct {
		Carrier      string   `json:"carrier"`
		Class        string   `json:"class"`
		EnvelopeHash string   `json:"envelope_hash"`
		Readers      []reader `json:"readers"`
	}
	jsonOf(c.must("readers", dep.ID, "-o", "json"), &rd)
	if rd.Carrier != "DEPOSIT_EVIDENCE" || rd.Class != "appendix" || rd.EnvelopeHash != dep.SealedHash || len(rd.Readers) != 2 {
		t.Fatalf("readers %+v", rd)
	}
	for _, r := range rd.Readers {
		if !r.KeyInForce {
			t.Fatalf("reader %+v: its key is in force", r)
		}
	}
	if got := c.must("open", dep.ID, "--key", p("org2-enc.pem"), "--org", "org2"); got != appendix {
		t.Fatalf("org2 opens %q", got)
	}
	if got := c.must("open", dep.ID, "--key", p("dora-enc.pem")); got != appendix {
		t.Fatalf("dora opens %q", got)
	}
	mustFail("not a reader", "open", dep.ID, "--key", p("stranger-enc.pem"), "--org", "org3")

	// The certificate verifies offline and shows the envelope hash; one
	// with another hash does not.
	c.must("evidence", "certificate", dep.ID, "--out", p("cert.json"), "--org", "org1")
	out := c.must("verify", p("cert.json"), "--file", contract)
	if !strings.Contains(out, "VALID") || !strings.Contains(out, "sealed data: envelope hash "+dep.SealedHash) {
		t.Fatalf("verify: %s", out)
	}
	var rep struct {
		Valid  bool `json:"valid"`
		Record struct {
			SealedHash string `json:"sealed_hash"`
		} `json:"evidence"`
	}
	jsonOf(c.must("verify", p("cert.json"), "-o", "json"), &rep)
	if !rep.Valid || rep.Record.SealedHash != dep.SealedHash {
		t.Fatalf("verify -o json: %+v", rep)
	}
	raw, err := os.ReadFile(p("cert.json"))
	if err != nil {
		t.Fatal(err)
	}
	flip := "0"
	if dep.SealedHash[0] == '0' {
		flip = "1"
	}
	forged := strings.Replace(string(raw), `"sealed_hash": "`+dep.SealedHash, `"sealed_hash": "`+flip+dep.SealedHash[1:], 1)
	if forged == string(raw) {
		t.Fatalf("the certificate has no sealed_hash: %s", raw)
	}
	write("forged.json", forged)
	out, err = c.run("verify", p("forged.json"), "--file", contract)
	if err == nil || !strings.Contains(out, "INVALID") || !strings.Contains(out, "sealed_hash") {
		t.Fatalf("a certificate with an altered sealed_hash: %v\n%s", err, out)
	}

	// dora rotates its encryption key.
	c.must("keys", "new-encryption", "--out", p("dora-enc-2.pem"))
	mustFail("unauthorized", "account", "set-encryption-key", "dora", "--encryption-key", p("dora-enc-2.pem"), "--sign", "mallory")
	mustFail("--sign", "account", "set-encryption-key", "dora", "--encryption-key", p("dora-enc-2.pem"))
	mustFail("duplicate", "account", "set-encryption-key", "dora", "--encryption-key", p("dora-enc.pem"), "--sign", "dora")
	mustFail("duplicate", "account", "set-encryption-key", "dora", "--encryption-key", p("org2-enc.pem"), "--sign", "dora")
	var rot struct {
		KeyID      string `json:"key_id"`
		FromHeight uint64 `json:"from_height"`
		Replaced   string `json:"replaced"`
		Height     uint64 `json:"height"`
	}
	jsonOf(c.must("account", "set-encryption-key", "dora", "--encryption-key", p("dora-enc-2.pem"), "--sign", "dora", "-o", "json"), &rot)
	if rot.KeyID == "" || rot.Replaced == "" || rot.FromHeight <= rot.Height {
		t.Fatalf("rotation answer %+v", rot)
	}
	mustFail("duplicate", "account", "set-encryption-key", "dora", "--encryption-key", p("dora-enc.pem"), "--sign", "dora")
	from := strconv.FormatUint(rot.FromHeight, 10)

	jsonOf(c.must("readers", dep.ID, "-o", "json"), &rd)
	for _, r := range rd.Readers {
		isDora := strings.HasPrefix(r.Reader, "account ")
		if r.KeyInForce == isDora || isDora && !strings.Contains(r.KeyStatus, "replaced at block "+from) {
			t.Fatalf("after dora's rotation, reader %+v", r)
		}
	}
	if out := c.must("readers", dep.ID); !strings.Contains(out, "replaced at block "+from) {
		t.Fatalf("readers: %s", out)
	}
	if got := c.must("open", dep.ID, "--key", p("dora-enc.pem")); got != appendix {
		t.Fatalf("the replaced key opens older data: %q", got)
	}
	mustFail("not a reader", "open", dep.ID, "--key", p("dora-enc-2.pem"))
	var sealed struct {
		ID string `json:"id"`
	}
	write("later.txt", "after the rotation")
	jsonOf(c.must("seal", p("later.txt"), "--to-account", "dora", "-o", "json"), &sealed)
	if got := c.must("open", sealed.ID, "--key", p("dora-enc-2.pem")); got != "after the rotation" {
		t.Fatalf("the new key opens newer data: %q", got)
	}
	mustFail("not a reader", "open", sealed.ID, "--key", p("dora-enc.pem"))
	var acct struct {
		EncryptionKeyFromHeight uint64 `json:"encryption_key_from_height"`
		Replaced                []struct {
			UntilHeight uint64 `json:"until_height"`
		} `json:"replaced_encryption_keys"`
	}
	jsonOf(c.must("account", "get", "dora", "-o", "json"), &acct)
	if acct.EncryptionKeyFromHeight != rot.FromHeight || len(acct.Replaced) != 1 || acct.Replaced[0].UntilHeight != rot.FromHeight {
		t.Fatalf("account get: %+v", acct)
	}
	if out := c.must("account", "get", "dora"); !strings.Contains(out, "encryption key "+rot.KeyID+", in force from block "+from) ||
		!strings.Contains(out, "encryption key "+rot.Replaced+", replaced") {
		t.Fatalf("account get: %s", out)
	}
}
