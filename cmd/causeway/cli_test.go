package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/causeway/causeway/crypto/keystore"
)

// walk calls f on every command of the tree under c.
func walk(c *cobra.Command, f func(*cobra.Command)) {
	f(c)
	for _, sub := range c.Commands() {
		walk(sub, f)
	}
}

// Every runnable command has -o/--output (text or json).
func TestEveryCommandHasOutputFlag(t *testing.T) {
	n := 0
	walk(rootCmd(), func(c *cobra.Command) {
		if !c.Runnable() || c.Hidden {
			return
		}
		n++
		fl := c.Flags().Lookup("output")
		if fl == nil || fl.Shorthand != "o" {
			t.Errorf("%q has no -o/--output flag", c.CommandPath())
		}
	})
	if n < 20 {
		t.Fatalf("walked %d runnable commands: the tree is not what this test expects", n)
	}
}

// statusWith returns a status error as a node sends it: code, message and
// an ErrorInfo reason.
func statusWith(t *testing.T, c codes.Code, reason, msg string) error {
	t.Helper()
	st, err := status.New(c, msg).WithDetails(&errdetails.ErrorInfo{Reason: reason, Domain: "causeway"})
	if err != nil {
		t.Fatal(err)
	}
	return st.Err()
}

// Errors read as sentences: no "rpc error: code = ... desc = ...", the
// node's explanation kept, control characters escaped.
func TestUserErrors(t *testing.T) {
	dialErr := status.Error(codes.Unavailable, `connection error: desc = "transport: Error while dialing: dial tcp 127.0.0.1:1: connect: connection refused"`)
	for _, c := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("dial 127.0.0.1:1: %w", dialErr), "dial 127.0.0.1:1: cannot reach the node: dial tcp 127.0.0.1:1: connect: connection refused"},
		{statusWith(t, codes.NotFound, "not_found", "block 9 is not committed"), "not found: block 9 is not committed"},
		{statusWith(t, codes.FailedPrecondition, "insufficient_funds", "insufficient_funds: balance 3 < 5"), "insufficient funds: balance 3 < 5"},
		{statusWith(t, codes.AlreadyExists, "duplicate", "transaction ab is already pending"), "the transaction was already submitted: transaction ab is already pending"},
		{status.Error(codes.DeadlineExceeded, "context deadline exceeded"), "the node did not answer in time: context deadline exceeded"},
		{fmt.Errorf("proposal x: %w", statusWith(t, codes.PermissionDenied, "permission_denied", "org \"o\x1b[31m\" may not vote")), `proposal x: permission denied: org \"o\x1b[31m\" may not vote`},
		{errors.New(`org "x" is not in the network`), `org "x" is not in the network`},
		{status.Error(codes.Unknown, "odd"), "unknown: odd"},
	} {
		got := userError(c.err)
		if got != c.want {
			t.Errorf("userError(%q)\n got %q\nwant %q", c.err, got, c.want)
		}
		if strings.Contains(got, "rpc error") || strings.Contains(got, "code =") {
			t.Errorf("%q leaks the gRPC status string", got)
		}
	}
}

// Human output quotes text from the chain that holds control characters.
func TestSafe(t *testing.T) {
	for in, want := range map[string]string{
		"Acme Ltd":       "Acme Ltd",
		"城市 metro":       "城市 metro",
		"a\x1b[2Jb":      `"a\x1b[2Jb"`,
		"line\nforged":   `"line\nforged"`,
		"tab\there":      `"tab\there"`,
		"bell\a":         `"bell\a"`,
		"c1\u0085":       `"c1\u0085"`,
		"bad\xffutf8":    `"bad\xffutf8"`,
		"\u202eoverride": `"\u202eoverride"`,
	} {
		if got := safe(in); got != want {
			t.Errorf("safe(%q) = %s, want %s", in, got, want)
		}
	}
}

// The README's multi-signature flow: `keys new k1` stores k1 in the key
// store, and `--key k1:50` (account create, update-auth, --sign ...) finds
// it there; a PEM file path still works, and a name that is neither is a
// clear error.
func TestKeyFlagTakesKeyStoreNames(t *testing.T) {
	dir := t.TempDir()
	keyStoreDir = dir
	t.Cleanup(func() { keyStoreDir = "" })
	t.Setenv(keystore.EnvPassphrase, "correct horse")
	root := rootCmd()
	root.SetArgs([]string{"keys", "new", "k1", "--dir", dir, "-o", "json"})
	root.SetOut(io.Discard)
	if err := root.Execute(); err != nil {
		t.Fatal(err)
	}
	d, err := keystore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	stored, err := d.Get("k1", []byte("correct horse"))
	if err != nil {
		t.Fatal(err)
	}
	k, w, err := keySpec("k1:50", 100)
	if err != nil || w != 50 || !bytes.Equal(k.PublicKey(), stored.PublicKey()) {
		t.Fatalf("keySpec(k1:50) = %v %d %v", k, w, err)
	}
	signers, err := loadSigners([]string{"k1"})
	if err != nil || len(signers) != 1 || !bytes.Equal(signers[0].PublicKey(), stored.PublicKey()) {
		t.Fatalf("loadSigners(k1) = %v %v", signers, err)
	}

	// A PEM file (as `keys export` writes) is read as before.
	pemPath := filepath.Join(t.TempDir(), "k1.pem")
	pem, err := d.Export("k1", []byte("correct horse"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pemPath, pem, 0o600); err != nil {
		t.Fatal(err)
	}
	if k, w, err := keySpec(pemPath+":30", 100); err != nil || w != 30 || !bytes.Equal(k.PublicKey(), stored.PublicKey()) {
		t.Fatalf("keySpec(%s:30) = %v %d %v", pemPath, k, w, err)
	}

	// Neither a file nor a stored key.
	if _, _, err := keySpec("k9.pem:50", 100); err == nil || !strings.Contains(err.Error(), "no key of that name in the key store") {
		t.Fatalf("keySpec(k9.pem:50): %v", err)
	}
	// The wrong passphrase is reported, not mistaken for a missing key.
	t.Setenv(keystore.EnvPassphrase, "wrong")
	if _, _, err := keySpec("k1:50", 100); !errors.Is(err, keystore.ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase: %v", err)
	}
}
