package keystore

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/types"
)

// testScrypt keeps tests fast; production files use DefaultScrypt.
var testScrypt = ScryptParams{N: 1 << 10, R: 8, P: 1}

var schemes = []types.SignatureScheme{types.SignatureScheme_ED25519, types.SignatureScheme_ECDSA_P256, types.SignatureScheme_SM2}

var pass = []byte("correct horse battery staple")

func openTest(t *testing.T) *Dir {
	t.Helper()
	d, err := Open(filepath.Join(t.TempDir(), "keys"), WithScrypt(testScrypt))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func digest(s string) []byte {
	h := sha256.Sum256([]byte(s))
	return h[:]
}

func TestNewGetList(t *testing.T) {
	d := openTest(t)
	if infos, err := d.List(); err != nil || len(infos) != 0 {
		t.Fatalf("List of a missing directory = %v, %v", infos, err)
	}
	if _, err := os.Stat(d.Path()); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("List created the directory: %v", err)
	}
	want := map[string]KeyInfo{}
	for _, s := range schemes {
		name := "k-" + crypto.SchemeName(s)
		t.Run(name, func(t *testing.T) {
			info, err := d.New(name, s, pass)
			if err != nil {
				t.Fatal(err)
			}
			want[name] = info
			if info.Name != name || info.Scheme != s || info.Path != filepath.Join(d.Path(), name+".json") {
				t.Fatalf("info %+v", info)
			}
			st, err := os.Stat(info.Path)
			if err != nil || st.Mode().Perm() != 0o600 {
				t.Fatalf("key file mode %v, %v; want 0600", st.Mode().Perm(), err)
			}
			b, _ := os.ReadFile(info.Path)
			var f map[string]any
			if err := json.Unmarshal(b, &f); err != nil {
				t.Fatal(err)
			}
			wantCipher := "aes-256-gcm"
			if s == types.SignatureScheme_SM2 {
				wantCipher = "sm4-gcm"
			}
			if got := f["cipher"].(map[string]any)["name"]; got != wantCipher {
				t.Fatalf("cipher %v, want %s", got, wantCipher)
			}
			k, err := d.Get(name, pass)
			if err != nil {
				t.Fatal(err)
			}
			if k.Scheme() != s || !bytes.Equal(k.PublicKey(), info.PublicKey) {
				t.Fatal("Get returned another key")
			}
			sig, err := k.Sign(digest("x"))
			if err != nil {
				t.Fatal(err)
			}
			if err := crypto.Verify(s, info.PublicKey, digest("x"), sig); err != nil {
				t.Fatal(err)
			}
			pem, err := d.Export(name, pass)
			if err != nil {
				t.Fatal(err)
			}
			k2, err := crypto.ParsePrivateKeyPEM(pem)
			if err != nil || !bytes.Equal(k2.PublicKey(), info.PublicKey) {
				t.Fatalf("exported PEM: %v", err)
			}
			if bytes.Contains(b, pem) || bytes.Contains(b, []byte("PRIVATE KEY")) {
				t.Fatal("key file holds the private key in the clear")
			}
		})
	}
	st, err := os.Stat(d.Path())
	if err != nil || st.Mode().Perm() != 0o700 {
		t.Fatalf("directory mode %v, %v; want 0700", st.Mode().Perm(), err)
	}
	infos, err := d.List()
	if err != nil {
		t.Fatal(err)
	}
	if len(infos) != len(schemes) {
		t.Fatalf("List = %d keys, want %d", len(infos), len(schemes))
	}
	for i, ki := range infos {
		if i > 0 && infos[i-1].Name >= ki.Name {
			t.Fatal("List is not sorted")
		}
		w := want[ki.Name]
		if ki.Scheme != w.Scheme || !bytes.Equal(ki.PublicKey, w.PublicKey) || !ki.Created.Equal(w.Created) || ki.Path != w.Path {
			t.Fatalf("List entry %+v, New said %+v", ki, w)
		}
	}
	// A fresh store on the same directory (another process) sees the same.
	d2, err := Open(d.Path())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d2.Get("k-sm2", pass); err != nil {
		t.Fatal(err)
	}
	if err := d.Delete("k-sm2"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Get("k-sm2", pass); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get after Delete: %v", err)
	}
	if err := d.Delete("k-sm2"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Delete twice: %v", err)
	}
}

func TestImport(t *testing.T) {
	d := openTest(t)
	for _, s := range schemes {
		k, err := crypto.GenerateKey(s)
		if err != nil {
			t.Fatal(err)
		}
		name := crypto.SchemeName(s)
		if err := d.Import(name, k, pass); err != nil {
			t.Fatal(err)
		}
		got, err := d.Get(name, pass)
		if err != nil || !bytes.Equal(got.PublicKey(), k.PublicKey()) {
			t.Fatalf("%s: Get after Import: %v", name, err)
		}
		other, _ := crypto.GenerateKey(s)
		if err := d.Import(name, other, pass); !errors.Is(err, ErrExists) {
			t.Fatalf("%s: second Import: %v", name, err)
		}
		if got, _ := d.Get(name, pass); !bytes.Equal(got.PublicKey(), k.PublicKey()) {
			t.Fatalf("%s: key overwritten", name)
		}
	}
}

func TestErrors(t *testing.T) {
	d := openTest(t)
	if _, err := d.New("alice", types.SignatureScheme_ED25519, pass); err != nil {
		t.Fatal(err)
	}
	k, _ := crypto.GenerateEd25519()
	tests := []struct {
		name string
		run  func() error
		want error
	}{
		{"wrong passphrase", func() error { _, err := d.Get("alice", []byte("wrong")); return err }, ErrWrongPassphrase},
		{"empty passphrase on Get", func() error { _, err := d.Get("alice", nil); return err }, ErrWrongPassphrase},
		{"wrong passphrase on Export", func() error { _, err := d.Export("alice", []byte("x")); return err }, ErrWrongPassphrase},
		{"missing key", func() error { _, err := d.Get("bob", pass); return err }, ErrNotFound},
		{"missing key export", func() error { _, err := d.Export("bob", pass); return err }, ErrNotFound},
		{"existing name", func() error { _, err := d.New("alice", types.SignatureScheme_SM2, pass); return err }, ErrExists},
		{"empty passphrase on New", func() error { _, err := d.New("carol", types.SignatureScheme_SM2, nil); return err }, ErrEmptyPassphrase},
		{"empty passphrase on Import", func() error { return d.Import("carol", k, []byte{}) }, ErrEmptyPassphrase},
		{"nil key", func() error { return d.Import("carol", nil, pass) }, crypto.ErrBadPrivateKey},
		{"unknown scheme", func() error { _, err := d.New("carol", types.SignatureScheme(9), pass); return err }, crypto.ErrUnsupportedScheme},
		{"unspecified scheme", func() error { _, err := d.New("carol", types.SignatureScheme_SCHEME_UNSPECIFIED, pass); return err }, crypto.ErrUnsupportedScheme},
	}
	for _, bad := range []string{"", ".alice", "-x", "../alice", "a/b", `a\b`, "a b", "ä", strings.Repeat("a", 65), "alice\n"} {
		tests = append(tests,
			struct {
				name string
				run  func() error
				want error
			}{fmt.Sprintf("name %q", bad), func() error { _, err := d.New(bad, types.SignatureScheme_ED25519, pass); return err }, ErrBadName},
			struct {
				name string
				run  func() error
				want error
			}{fmt.Sprintf("get %q", bad), func() error { _, err := d.Get(bad, pass); return err }, ErrBadName},
			struct {
				name string
				run  func() error
				want error
			}{fmt.Sprintf("delete %q", bad), func() error { return d.Delete(bad) }, ErrBadName})
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.run(); !errors.Is(err, tc.want) {
				t.Fatalf("error %v, want %v", err, tc.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(d.Path(), "carol.json")); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("a failed New left a file behind")
	}
	entries, _ := os.ReadDir(d.Path())
	if len(entries) != 1 {
		t.Fatalf("directory holds %v, want only alice.json", entries)
	}
}

func TestOpenOptions(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f")
	os.WriteFile(file, nil, 0o600)
	tests := []struct {
		name string
		dir  string
		opts []Option
		ok   bool
	}{
		{"default params", dir, nil, true},
		{"light params", dir, []Option{WithScrypt(ScryptParams{N: 2, R: 1, P: 1})}, true},
		{"N not a power of two", dir, []Option{WithScrypt(ScryptParams{N: 1000, R: 8, P: 1})}, false},
		{"N too big", dir, []Option{WithScrypt(ScryptParams{N: 1 << 21, R: 1, P: 1})}, false},
		{"memory too big", dir, []Option{WithScrypt(ScryptParams{N: 1 << 20, R: 16, P: 1})}, false},
		{"r zero", dir, []Option{WithScrypt(ScryptParams{N: 1 << 10, R: 0, P: 1})}, false},
		{"p zero", dir, []Option{WithScrypt(ScryptParams{N: 1 << 10, R: 8, P: 0})}, false},
		{"a file", file, nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Open(tc.dir, tc.opts...); (err == nil) != tc.ok {
				t.Fatalf("Open = %v, want ok=%v", err, tc.ok)
			}
		})
	}
	t.Setenv("HOME", dir)
	d, err := Open("")
	if err != nil || d.Path() != filepath.Join(dir, ".causeway", "keys") {
		t.Fatalf("default dir %q, %v", d.Path(), err)
	}
}

// TestDefaultScrypt runs the production cost once.
func TestDefaultScrypt(t *testing.T) {
	d, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.New("k", types.SignatureScheme_SM2, pass); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(d.Path(), "k.json"))
	var f keyFile
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if f.KDF.N != 1<<15 || f.KDF.R != 8 || f.KDF.P != 1 || f.KDF.Name != "scrypt" || f.Version != 1 {
		t.Fatalf("kdf %+v, version %d", f.KDF, f.Version)
	}
	if _, err := d.Get("k", pass); err != nil {
		t.Fatal(err)
	}
}

// editJSON rewrites one field of a key file: path is "a" or "a.b".
func editJSON(t *testing.T, b []byte, path string, v any) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	obj := m
	parts := strings.Split(path, ".")
	for _, p := range parts[:len(parts)-1] {
		obj = obj[p].(map[string]any)
	}
	if v == nil {
		delete(obj, parts[len(parts)-1])
	} else {
		obj[parts[len(parts)-1]] = v
	}
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// flipHex flips the lowest bit of the i-th byte (from the end if i < 0)
// of a hex string field.
func flipHex(t *testing.T, b []byte, path string, i int) []byte {
	t.Helper()
	var m map[string]any
	json.Unmarshal(b, &m)
	obj := m
	parts := strings.Split(path, ".")
	for _, p := range parts[:len(parts)-1] {
		obj = obj[p].(map[string]any)
	}
	s := []byte(obj[parts[len(parts)-1]].(string))
	if i < 0 {
		i += len(s) / 2
	}
	c := s[2*i+1]
	if c == '0' {
		s[2*i+1] = '1'
	} else {
		s[2*i+1] = '0'
	}
	return editJSON(t, b, path, string(s))
}

func TestTampering(t *testing.T) {
	for _, s := range schemes {
		t.Run(crypto.SchemeName(s), func(t *testing.T) {
			d := openTest(t)
			info, err := d.New("alice", s, pass)
			if err != nil {
				t.Fatal(err)
			}
			bob, err := d.New("bob", s, pass)
			if err != nil {
				t.Fatal(err)
			}
			orig, _ := os.ReadFile(info.Path)
			bobFile, _ := os.ReadFile(bob.Path)
			otherCipher := "sm4-gcm"
			if s == types.SignatureScheme_SM2 {
				otherCipher = "aes-256-gcm"
			}
			tests := []struct {
				name string
				file []byte
				want error
			}{
				{"untouched", orig, nil},
				{"re-indented", editJSON(t, orig, "version", 1), nil},
				{"ciphertext bit", flipHex(t, orig, "cipher.ciphertext", 3), ErrTampered},
				{"tag bit", flipHex(t, orig, "cipher.ciphertext", -1), ErrTampered},
				{"nonce bit", flipHex(t, orig, "cipher.nonce", 0), ErrTampered},
				{"public key replaced", editJSON(t, orig, "public_key", fmt.Sprintf("%x", bob.PublicKey)), ErrTampered},
				{"created changed", editJSON(t, orig, "created", "2001-01-01T00:00:00Z"), ErrTampered},
				{"name changed", editJSON(t, orig, "name", "bob"), ErrTampered},
				{"another key's file", bobFile, ErrTampered},
				// Changing what the key is derived from looks like a
				// wrong passphrase: the check value no longer matches.
				{"salt bit", flipHex(t, orig, "kdf.salt", 0), ErrWrongPassphrase},
				{"check bit", flipHex(t, orig, "kdf.check", 0), ErrWrongPassphrase},
				{"kdf cost", editJSON(t, orig, "kdf.n", 1<<11), ErrWrongPassphrase},
				{"other cipher", editJSON(t, orig, "cipher.name", otherCipher), ErrWrongPassphrase},
				{"scheme changed", editJSON(t, orig, "scheme", "rsa"), ErrCorrupt},
				{"version 2", editJSON(t, orig, "version", 2), ErrCorrupt},
				{"unknown kdf", editJSON(t, orig, "kdf.name", "argon2id"), ErrCorrupt},
				{"unknown cipher", editJSON(t, orig, "cipher.name", "chacha20"), ErrCorrupt},
				{"huge kdf cost", editJSON(t, orig, "kdf.n", 1<<30), ErrCorrupt},
				{"kdf n not a power of two", editJSON(t, orig, "kdf.n", 1000), ErrCorrupt},
				{"short salt", editJSON(t, orig, "kdf.salt", "00"), ErrCorrupt},
				{"short nonce", editJSON(t, orig, "cipher.nonce", "00112233"), ErrCorrupt},
				{"no ciphertext", editJSON(t, orig, "cipher.ciphertext", nil), ErrCorrupt},
				{"ciphertext not hex", editJSON(t, orig, "cipher.ciphertext", "zz"), ErrCorrupt},
				{"public key not a key", editJSON(t, orig, "public_key", "0011"), ErrCorrupt},
				{"extra field", editJSON(t, orig, "comment", "hi"), ErrCorrupt},
				{"truncated", orig[:len(orig)/2], ErrCorrupt},
				{"two objects", append(append([]byte(nil), orig...), orig...), ErrCorrupt},
				{"empty", nil, ErrCorrupt},
				{"not json", []byte("-----BEGIN PRIVATE KEY-----"), ErrCorrupt},
			}
			for _, tc := range tests {
				t.Run(tc.name, func(t *testing.T) {
					if err := os.WriteFile(info.Path, tc.file, 0o600); err != nil {
						t.Fatal(err)
					}
					k, err := d.Get("alice", pass)
					if tc.want == nil {
						if err != nil || !bytes.Equal(k.PublicKey(), info.PublicKey) {
							t.Fatalf("Get = %v", err)
						}
						return
					}
					if !errors.Is(err, tc.want) || k != nil {
						t.Fatalf("Get error %v, want %v", err, tc.want)
					}
				})
			}
		})
	}
}

func TestListReportsBadFiles(t *testing.T) {
	d := openTest(t)
	for _, n := range []string{"a", "c"} {
		if _, err := d.New(n, types.SignatureScheme_ED25519, pass); err != nil {
			t.Fatal(err)
		}
	}
	files := map[string]string{
		"b.json":           "{broken",
		"notes.txt":        "not a key",
		".a.json.tmp12345": "a temporary file",
		".hidden.json":     "{}",
	}
	for n, c := range files {
		os.WriteFile(filepath.Join(d.Path(), n), []byte(c), 0o600)
	}
	os.Mkdir(filepath.Join(d.Path(), "sub.json"), 0o700)
	infos, err := d.List()
	if len(infos) != 2 || infos[0].Name != "a" || infos[1].Name != "c" {
		t.Fatalf("List = %+v", infos)
	}
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), `"b"`) {
		t.Fatalf("List error %v, want ErrCorrupt naming b", err)
	}
}

func TestConcurrentNew(t *testing.T) {
	d := openTest(t)
	const n = 8
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { _, errs[i] = d.New("same", types.SignatureScheme_ED25519, pass) })
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, ErrExists):
			t.Fatalf("unexpected error %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d of %d concurrent News succeeded, want 1", ok, n)
	}
	entries, _ := os.ReadDir(d.Path())
	if len(entries) != 1 {
		t.Fatalf("directory holds %v", entries)
	}
}

func TestKeyInfoJSON(t *testing.T) {
	ki := KeyInfo{Name: "a", Scheme: types.SignatureScheme_SM2, PublicKey: []byte{4, 1, 2}, Created: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Path: "/k/a.json"}
	b, err := json.Marshal(ki)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"name":"a","scheme":"sm2","public_key":"040102","created":"2026-01-02T03:04:05Z","path":"/k/a.json"}`
	if string(b) != want {
		t.Fatalf("JSON %s, want %s", b, want)
	}
	var back KeyInfo
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Name != ki.Name || back.Scheme != ki.Scheme || !bytes.Equal(back.PublicKey, ki.PublicKey) || !back.Created.Equal(ki.Created) || back.Path != ki.Path {
		t.Fatalf("round trip %+v", back)
	}
	for _, bad := range []string{`{"scheme":"rsa"}`, `{"scheme":"sm2","public_key":"zz"}`, `[]`} {
		if err := json.Unmarshal([]byte(bad), &back); err == nil {
			t.Fatalf("%s accepted", bad)
		}
	}
}
