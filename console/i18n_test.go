package console

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var verbs = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

// Both catalogues have the same keys, each message the same format verbs in
// the same order, and every key the templates and the Go code use exists.
func TestCataloguesHaveTheSameKeys(t *testing.T) {
	for k, m := range en {
		z, ok := zh[k]
		if !ok {
			t.Errorf("zh lacks %q", k)
			continue
		}
		if a, b := verbs.FindAllString(m, -1), verbs.FindAllString(z, -1); strings.Join(a, " ") != strings.Join(b, " ") {
			t.Errorf("%q: en verbs %v, zh verbs %v", k, a, b)
		}
		if strings.TrimSpace(z) == "" {
			t.Errorf("zh %q is empty", k)
		}
	}
	for k := range zh {
		if _, ok := en[k]; !ok {
			t.Errorf("en lacks %q", k)
		}
	}
	used := map[string]bool{}
	tmplKey := regexp.MustCompile(`\$\.T "([a-z_.]+)"`)
	err := fs.WalkDir(webFS, "web/templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(webFS, p)
		for _, m := range tmplKey.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = true
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	goKey := regexp.MustCompile(`(?:tr\([a-zA-Z.]+, |p\.T\(|newPage\(w, r, |fail\(w, r, http\.Status[A-Za-z]+, )"([a-z_.]+)"`)
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range goKey.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = true
		}
	}
	// Keys built at run time.
	delete(used, "chart.")
	for _, k := range []string{"gov.st.open", "gov.st.executed", "gov.st.rejected", "gov.st.expired", "chart.tps", "chart.interval",
		"verify.why.unreadable", "verify.why.file_mismatch", "verify.why.certificate_mismatch", "verify.why.no_genesis",
		"verify.why.wrong_genesis", "verify.why.deposit_failed", "verify.why.proofs",
		"sd.k.org", "sd.k.account", "sd.k.auditor", "tk.k.issued", "tk.k.received", "tk.k.change", "tk.k.unspecified",
		"cc.ch.authorized", "cc.ch.revoked", "cc.ch.unknown", "cc.st.pending", "cc.st.sent", "cc.st.ack_success", "cc.st.ack_error",
		"cc.st.timed_out", "cc.st.state_unspecified", "cc.st.success", "cc.st.error", "cc.st.timeout", "cc.st.result_unspecified"} {
		used[k] = true
	}
	if len(used) < 100 {
		t.Fatalf("found only %d keys in use: the scan is broken", len(used))
	}
	for k := range used {
		if _, ok := en[k]; !ok {
			t.Errorf("key %q is used but not in the catalogue", k)
		}
	}
}

// Every signed-in page renders without a missing key in both languages.
func TestPagesHaveNoMissingMessages(t *testing.T) {
	h := newHarness(t, &fakeChain{height: 30, str: "chain-b", orgKey: true, plaintext: "hello"})
	c := h.signedIn()
	for _, lang := range []string{"en", "zh"} {
		for _, p := range []string{"/", "/explorer", "/explorer/block/3", "/explorer/tx/" + strings.Repeat("ab", 32), "/explorer/account/alice",
			"/evidence", "/evidence/" + strings.Repeat("cd", 32), "/governance", "/members", "/contracts", "/contracts/tx/" + strings.Repeat("ab", 32), "/sealed", "/sealed/" + strings.Repeat("cd", 32), "/tokens", "/tokens?token=t1&holder=bob", "/crosschain", "/crosschain/message/" + strings.Repeat("ab", 32), "/crosschain/message/" + strings.Repeat("cd", 32), "/lookup", "/q/evidence/" + strings.Repeat("ab", 32) + "?chain=fake-chain-id&hash=sha256:" + strings.Repeat("ab", 32), "/verify", "/login", "/nothing"} {
			sep := "?"
			if strings.Contains(p, "?") {
				sep = "&"
			}
			_, body := h.get(c, p+sep+"lang="+lang)
			if i := strings.Index(body, "!"); i >= 0 && regexp.MustCompile(`![a-z_]+\.[a-z_.]+`).MatchString(body) {
				t.Errorf("%s in %s has a missing message: %s", p, lang, regexp.MustCompile(`![a-z_]+\.[a-z_.]+`).FindString(body))
			}
			if lang == "zh" && !strings.Contains(body, "控制台") {
				t.Errorf("%s is not in Chinese", p)
			}
		}
	}
}
