package keystore

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/types"
)

// env is a fake environment for Passphrases.LookupEnv.
func env(vars map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
}

// noTerminal is a Prompt for tests that must not prompt.
func noTerminal(t *testing.T) func(string) ([]byte, error) {
	return func(p string) ([]byte, error) {
		t.Errorf("unexpected prompt %q", p)
		return nil, ErrNoPassphrase
	}
}

func newCLI(t *testing.T, dir string, out *bytes.Buffer, p Passphrases) *CLI {
	if p.LookupEnv == nil {
		p.LookupEnv = env(nil)
	}
	if p.Prompt == nil {
		p.Prompt = noTerminal(t)
	}
	return &CLI{Dir: dir, Passphrases: p, Out: out, Options: []Option{WithScrypt(testScrypt)}}
}

// TestCLI runs `keys new`, `keys list` and `keys export` as the command does.
func TestCLI(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "keys")
	passFile := filepath.Join(t.TempDir(), "pass")
	os.WriteFile(passFile, []byte("s3cret\n"), 0o600)
	var out bytes.Buffer
	c := newCLI(t, dir, &out, Passphrases{File: passFile})

	// keys list on an empty store.
	if err := c.List(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "no keys in "+dir) {
		t.Fatalf("empty list: %q", out.String())
	}

	// keys new, text and JSON.
	out.Reset()
	if err := c.New("alice", "sm2"); err != nil {
		t.Fatal(err)
	}
	if s := out.String(); !strings.Contains(s, "created key alice") || !strings.Contains(s, "sm2") || !strings.Contains(s, filepath.Join(dir, "alice.json")) {
		t.Fatalf("new output %q", s)
	}
	out.Reset()
	c.JSON = true
	if err := c.New("bob", "ed25519"); err != nil {
		t.Fatal(err)
	}
	var bob KeyInfo
	if err := json.Unmarshal(out.Bytes(), &bob); err != nil || bob.Name != "bob" || bob.Scheme != types.SignatureScheme_ED25519 {
		t.Fatalf("new -o json: %q, %v", out.String(), err)
	}

	// keys list -o json.
	out.Reset()
	if err := c.List(); err != nil {
		t.Fatal(err)
	}
	var infos []KeyInfo
	if err := json.Unmarshal(out.Bytes(), &infos); err != nil {
		t.Fatalf("list -o json: %q, %v", out.String(), err)
	}
	if len(infos) != 2 || infos[0].Name != "alice" || infos[0].Scheme != types.SignatureScheme_SM2 || !bytes.Equal(infos[1].PublicKey, bob.PublicKey) {
		t.Fatalf("list -o json = %+v", infos)
	}

	// keys list, text.
	out.Reset()
	c.JSON = false
	if err := c.List(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "NAME") || !strings.HasPrefix(lines[1], "alice") || !strings.Contains(lines[2], "ed25519") {
		t.Fatalf("list output:\n%s", out.String())
	}

	// keys export to standard output: the passphrase file's trailing
	// newline is not part of the passphrase.
	out.Reset()
	if err := c.Export("alice", ""); err != nil {
		t.Fatal(err)
	}
	k, err := crypto.ParsePrivateKeyPEM(out.Bytes())
	if err != nil || !bytes.Equal(k.PublicKey(), infos[0].PublicKey) {
		t.Fatalf("export: %v", err)
	}
	d, _ := Open(dir)
	if _, err := d.Get("alice", []byte("s3cret")); err != nil {
		t.Fatal(err)
	}

	// keys export --out F: a new 0600 file, never overwritten.
	outFile := filepath.Join(t.TempDir(), "alice.pem")
	out.Reset()
	if err := c.Export("alice", outFile); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(outFile)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("exported file mode %v, %v", st.Mode().Perm(), err)
	}
	if k2, err := crypto.LoadKey(outFile); err != nil || !bytes.Equal(k2.PublicKey(), k.PublicKey()) {
		t.Fatalf("exported file: %v", err)
	}
	if err := c.Export("alice", outFile); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("export over an existing file: %v", err)
	}

	// The environment variable works when there is no file; a wrong one
	// is refused.
	ce := newCLI(t, dir, &out, Passphrases{LookupEnv: env(map[string]string{EnvPassphrase: "s3cret"})})
	out.Reset()
	if err := ce.Export("bob", ""); err != nil {
		t.Fatal(err)
	}
	cw := newCLI(t, dir, &out, Passphrases{LookupEnv: env(map[string]string{EnvPassphrase: "nope"})})
	if err := cw.Export("bob", ""); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("export with a wrong passphrase: %v", err)
	}
}

func TestCLIErrors(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	withEnv := Passphrases{LookupEnv: env(map[string]string{EnvPassphrase: "pw"})}
	c := newCLI(t, dir, &out, withEnv)
	if err := c.New("alice", "ecdsa"); err != nil {
		t.Fatal(err)
	}
	prompts := 0
	counting := Passphrases{LookupEnv: env(nil), Prompt: func(string) ([]byte, error) { prompts++; return []byte("pw"), nil }}
	mismatch := 0
	differing := Passphrases{LookupEnv: env(nil), Prompt: func(string) ([]byte, error) {
		mismatch++
		return []byte{byte('a' + mismatch)}, nil
	}}
	notty := Passphrases{LookupEnv: env(nil), Prompt: func(string) ([]byte, error) { return nil, ErrNoPassphrase }}
	tests := []struct {
		name string
		p    Passphrases
		run  func(c *CLI) error
		want error
	}{
		{"bad scheme", counting, func(c *CLI) error { return c.New("x", "rsa") }, crypto.ErrUnsupportedScheme},
		{"existing name, before prompting", counting, func(c *CLI) error { return c.New("alice", "sm2") }, ErrExists},
		{"bad name, before prompting", counting, func(c *CLI) error { return c.New("../x", "sm2") }, ErrBadName},
		{"export missing key, before prompting", counting, func(c *CLI) error { return c.Export("bob", "") }, ErrNotFound},
		{"confirmation differs", differing, func(c *CLI) error { return c.New("x", "sm2") }, ErrPassphraseMismatch},
		{"no terminal", notty, func(c *CLI) error { return c.New("x", "sm2") }, ErrNoPassphrase},
		{"empty env passphrase", Passphrases{LookupEnv: env(map[string]string{EnvPassphrase: ""})}, func(c *CLI) error { return c.New("x", "sm2") }, ErrEmptyPassphrase},
		{"missing passphrase file", Passphrases{File: filepath.Join(dir, "none")}, func(c *CLI) error { return c.New("x", "sm2") }, os.ErrNotExist},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			prompts = 0
			c := newCLI(t, dir, &out, tc.p)
			if err := tc.run(c); !errors.Is(err, tc.want) {
				t.Fatalf("error %v, want %v", err, tc.want)
			}
			if prompts != 0 {
				t.Fatalf("prompted %d times before failing", prompts)
			}
		})
	}
	// Prompting: a new key asks twice, an export once.
	prompts = 0
	if err := newCLI(t, dir, &out, counting).New("carol", "sm2"); err != nil || prompts != 2 {
		t.Fatalf("new with prompt: %v, %d prompts", err, prompts)
	}
	prompts = 0
	if err := newCLI(t, dir, &out, counting).Export("carol", ""); err != nil || prompts != 1 {
		t.Fatalf("export with prompt: %v, %d prompts", err, prompts)
	}
	if _, err := os.Stat(filepath.Join(dir, "x.json")); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("a failed new left a key behind")
	}
}

func TestPassphrasesRead(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(content), 0o600)
		return p
	}
	lf, crlf, two, empty, nl := write("lf", "pw\n"), write("crlf", "pw\r\n"), write("two", "pw\n\n"), write("empty", ""), write("nl", "\n")
	spaces := write("spaces", " pw ")
	tests := []struct {
		name string
		p    Passphrases
		want string
		err  error
	}{
		{"file with LF", Passphrases{File: lf}, "pw", nil},
		{"file with CRLF", Passphrases{File: crlf}, "pw", nil},
		{"only one newline removed", Passphrases{File: two}, "pw\n", nil},
		{"spaces kept", Passphrases{File: spaces}, " pw ", nil},
		{"empty file", Passphrases{File: empty}, "", ErrEmptyPassphrase},
		{"newline only", Passphrases{File: nl}, "", ErrEmptyPassphrase},
		{"file wins over env", Passphrases{File: lf, LookupEnv: env(map[string]string{EnvPassphrase: "env"})}, "pw", nil},
		{"env", Passphrases{LookupEnv: env(map[string]string{EnvPassphrase: "env pw\n"})}, "env pw\n", nil},
		{"other env name", Passphrases{Env: "MY_PW", LookupEnv: env(map[string]string{"MY_PW": "mine", EnvPassphrase: "no"})}, "mine", nil},
		{"env wins over prompt", Passphrases{LookupEnv: env(map[string]string{EnvPassphrase: "env"}), Prompt: func(string) ([]byte, error) { return []byte("typed"), nil }}, "env", nil},
		{"prompt", Passphrases{LookupEnv: env(nil), Prompt: func(string) ([]byte, error) { return []byte("typed"), nil }}, "typed", nil},
		{"empty prompt", Passphrases{LookupEnv: env(nil), Prompt: func(string) ([]byte, error) { return nil, nil }}, "", ErrEmptyPassphrase},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.p.Read("pw: ", true)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("error %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil || string(got) != tc.want {
				t.Fatalf("Read = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func TestTerminalPromptWithoutTerminal(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	stdin := os.Stdin
	os.Stdin = r
	defer func() { os.Stdin = stdin }()
	if _, err := TerminalPrompt("pw: "); !errors.Is(err, ErrNoPassphrase) || !strings.Contains(err.Error(), EnvPassphrase) {
		t.Fatalf("TerminalPrompt on a pipe: %v", err)
	}
}
