package keystore

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/types"
)

// Errors returned (wrapped with context) by key stores; test with
// errors.Is.
var (
	// ErrNotFound: no key of that name.
	ErrNotFound = errors.New("key not found")
	// ErrExists: a key of that name already exists; keys are never
	// overwritten (Delete first).
	ErrExists = errors.New("key already exists")
	// ErrBadName: the name is not 1 to 64 letters, digits, '.', '_' or
	// '-' starting with a letter or digit.
	ErrBadName = errors.New("bad key name")
	// ErrWrongPassphrase: the passphrase does not open the key.
	ErrWrongPassphrase = errors.New("wrong passphrase")
	// ErrEmptyPassphrase: keys are not stored under an empty passphrase.
	ErrEmptyPassphrase = errors.New("empty passphrase")
	// ErrTampered: the key file's contents fail authentication under the
	// right passphrase: it was altered or damaged after it was written.
	ErrTampered = errors.New("key file altered or damaged")
	// ErrCorrupt: the key file cannot be read as a key file (bad JSON,
	// unknown version, cipher or KDF, out-of-range parameters).
	ErrCorrupt = errors.New("malformed key file")
	// ErrNotExportable: the store cannot hand out the private key (a
	// hardware module); returned by Export of such stores.
	ErrNotExportable = errors.New("private key not exportable")
)

// KeyStore keeps named private keys. Implementations are safe for use by
// one process; concurrent writers to the same name see ErrExists or
// ErrNotFound rather than a half-written key.
//
// Dir is the file implementation. A PKCS#11 module can implement the same
// interface: Get returns a crypto.Key (a types.Signer) whose Sign and
// Std().Sign call into the module, so the private key never leaves it;
// the passphrase is the user PIN; New generates the key inside the module;
// Import may refuse, and Export returns ErrNotExportable.
type KeyStore interface {
	// List returns the stored keys sorted by name, without needing a
	// passphrase. If some entries cannot be read it returns the others
	// and an error naming the unreadable ones.
	List() ([]KeyInfo, error)
	// Get opens the key called name with passphrase.
	Get(name string, passphrase []byte) (crypto.Key, error)
	// Import stores k under name, encrypted with passphrase.
	Import(name string, k crypto.Key, passphrase []byte) error
	// New generates a key of scheme and stores it under name, encrypted
	// with passphrase.
	New(name string, scheme types.SignatureScheme, passphrase []byte) (KeyInfo, error)
	// Export opens the key called name and returns it unencrypted as a
	// PKCS#8 PEM block.
	Export(name string, passphrase []byte) (pem []byte, err error)
	// Delete removes the key called name.
	Delete(name string) error
}

// KeyInfo is what a key store says about a key without its passphrase.
type KeyInfo struct {
	// Name is the key's name in the store.
	Name string
	// Scheme is the key's signature scheme.
	Scheme types.SignatureScheme
	// PublicKey is the raw public key (crypto package encoding).
	PublicKey []byte
	// Created is when the key was stored (UTC, second precision).
	Created time.Time
	// Path is the key file ("" for stores without files).
	Path string
}

type keyInfoJSON struct {
	Name      string    `json:"name"`
	Scheme    string    `json:"scheme"`
	PublicKey string    `json:"public_key"`
	Created   time.Time `json:"created"`
	Path      string    `json:"path,omitempty"`
}

// MarshalJSON encodes the info for scripts: the scheme by its short name
// ("ed25519", "ecdsa-p256", "sm2") and the public key in hex.
func (ki KeyInfo) MarshalJSON() ([]byte, error) {
	return json.Marshal(keyInfoJSON{
		Name:      ki.Name,
		Scheme:    crypto.SchemeName(ki.Scheme),
		PublicKey: hex.EncodeToString(ki.PublicKey),
		Created:   ki.Created,
		Path:      ki.Path,
	})
}

// UnmarshalJSON decodes what MarshalJSON encodes.
func (ki *KeyInfo) UnmarshalJSON(b []byte) error {
	var j keyInfoJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	scheme, err := crypto.ParseScheme(j.Scheme)
	if err != nil {
		return err
	}
	pub, err := hex.DecodeString(j.PublicKey)
	if err != nil {
		return fmt.Errorf("public_key: %w", err)
	}
	*ki = KeyInfo{Name: j.Name, Scheme: scheme, PublicKey: pub, Created: j.Created, Path: j.Path}
	return nil
}

// ScryptParams are the scrypt cost parameters of new key files.
type ScryptParams struct {
	// N is the CPU/memory cost, a power of two; memory is 128·N·R bytes.
	N int
	// R is the block size.
	R int
	// P is the parallelism.
	P int
}

// DefaultScrypt is the cost of new key files: N=2^15, r=8, p=1 (32 MiB,
// about 0.1 s per derivation).
var DefaultScrypt = ScryptParams{N: 1 << 15, R: 8, P: 1}

// Limits on the scrypt parameters a file may ask for, so that a crafted
// file cannot make Get allocate gigabytes.
const (
	maxScryptN      = 1 << 20
	maxScryptR      = 32
	maxScryptP      = 16
	maxScryptMemory = 1 << 30
)

func (p ScryptParams) validate() error {
	if p.N < 2 || p.N&(p.N-1) != 0 || p.N > maxScryptN {
		return fmt.Errorf("scrypt N=%d must be a power of two in [2, 2^20]", p.N)
	}
	if p.R < 1 || p.R > maxScryptR || p.P < 1 || p.P > maxScryptP {
		return fmt.Errorf("scrypt r=%d, p=%d out of range (1..%d, 1..%d)", p.R, p.P, maxScryptR, maxScryptP)
	}
	if 128*p.N*p.R > maxScryptMemory {
		return fmt.Errorf("scrypt N=%d, r=%d needs more than 1 GiB", p.N, p.R)
	}
	return nil
}

// Option configures Open.
type Option func(*Dir)

// WithScrypt sets the scrypt cost of key files written from now on (files
// already written keep theirs). Lighter parameters than DefaultScrypt make
// passphrases cheaper to guess: use them in tests only.
func WithScrypt(p ScryptParams) Option { return func(d *Dir) { d.scrypt = p } }

// WithClock sets the clock that stamps new keys' creation time (tests).
func WithClock(now func() time.Time) Option { return func(d *Dir) { d.now = now } }

// Dir is a KeyStore over a directory: one file NAME.json per key, mode
// 0600, in a directory created with mode 0700 when the first key is stored.
type Dir struct {
	path   string
	scrypt ScryptParams
	now    func() time.Time
}

var _ KeyStore = (*Dir)(nil)

// DefaultDir returns ~/.causeway/keys.
func DefaultDir() (string, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("key store: no home directory: %w", err)
	}
	return filepath.Join(home, ".causeway", "keys"), nil
}

// Open returns the key store in dir ("" means DefaultDir). The directory
// need not exist yet; it is created by the first New or Import.
func Open(dir string, opts ...Option) (*Dir, error) {
	if dir == "" {
		var err error
		if dir, err = DefaultDir(); err != nil {
			return nil, err
		}
	}
	d := &Dir{path: dir, scrypt: DefaultScrypt, now: time.Now}
	for _, o := range opts {
		o(d)
	}
	if err := d.scrypt.validate(); err != nil {
		return nil, fmt.Errorf("key store: %w", err)
	}
	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		return nil, fmt.Errorf("key store: %s is not a directory", dir)
	}
	return d, nil
}

// Path returns the store's directory.
func (d *Dir) Path() string { return d.path }

const fileExt = ".json"

var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

func checkName(name string) error {
	if !nameRE.MatchString(name) {
		return fmt.Errorf("%w %q: use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit", ErrBadName, name)
	}
	return nil
}

func (d *Dir) file(name string) string { return filepath.Join(d.path, name+fileExt) }

// List returns the keys in the directory sorted by name; a missing
// directory holds no keys. Files that are not key files (other extensions,
// dot files) are ignored; a NAME.json that cannot be read is reported in
// the error (wrapping ErrCorrupt, or ErrTampered for a file renamed from
// another key's), while the other keys are still returned. List does not
// authenticate what it shows: Get does, with the passphrase.
func (d *Dir) List() ([]KeyInfo, error) {
	entries, err := os.ReadDir(d.path)
	if errors.Is(err, fs.ErrNotExist) {
		return []KeyInfo{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list keys: %w", err)
	}
	infos := []KeyInfo{}
	var errs []error
	for _, e := range entries {
		n := e.Name()
		name, ok := strings.CutSuffix(n, fileExt)
		if !ok || e.IsDir() || checkName(name) != nil {
			continue
		}
		f, err := d.read(name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		infos = append(infos, f.info(d.file(name)))
	}
	sort.Slice(infos, func(i, j int) bool { return infos[i].Name < infos[j].Name })
	return infos, errors.Join(errs...)
}

// read loads and parses the file of name (not decrypting it).
func (d *Dir) read(name string) (*keyFile, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	path := d.file(name)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %q in %s", ErrNotFound, name, d.path)
	}
	if err != nil {
		return nil, fmt.Errorf("read key %q: %w", name, err)
	}
	f, err := parseKeyFile(b)
	if err != nil {
		return nil, fmt.Errorf("key %q (%s): %w", name, path, err)
	}
	if f.Name != name {
		return nil, fmt.Errorf("key %q (%s): %w: the file holds key %q (key files cannot be renamed)", name, path, ErrTampered, f.Name)
	}
	return f, nil
}

// Get decrypts the key called name. A wrong passphrase gives
// ErrWrongPassphrase, an altered file ErrTampered, a malformed one
// ErrCorrupt, a missing one ErrNotFound.
func (d *Dir) Get(name string, passphrase []byte) (crypto.Key, error) {
	f, err := d.read(name)
	if err != nil {
		return nil, err
	}
	k, err := f.open(passphrase)
	if err != nil {
		return nil, fmt.Errorf("key %q: %w", name, err)
	}
	return k, nil
}

// Import encrypts k under passphrase and stores it as name. It fails with
// ErrExists if name is taken and ErrEmptyPassphrase if passphrase is empty.
func (d *Dir) Import(name string, k crypto.Key, passphrase []byte) error {
	_, err := d.store(name, k, passphrase)
	return err
}

// New generates a key of scheme and stores it as name (see Import).
func (d *Dir) New(name string, scheme types.SignatureScheme, passphrase []byte) (KeyInfo, error) {
	// Check cheap failures before generating a key.
	if err := d.precheck(name, passphrase); err != nil {
		return KeyInfo{}, err
	}
	k, err := crypto.GenerateKey(scheme)
	if err != nil {
		return KeyInfo{}, fmt.Errorf("new key %q: %w", name, err)
	}
	return d.store(name, k, passphrase)
}

func (d *Dir) precheck(name string, passphrase []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	if len(passphrase) == 0 {
		return fmt.Errorf("store key %q: %w", name, ErrEmptyPassphrase)
	}
	if _, err := os.Lstat(d.file(name)); err == nil {
		return fmt.Errorf("%w: %q in %s", ErrExists, name, d.path)
	}
	return nil
}

func (d *Dir) store(name string, k crypto.Key, passphrase []byte) (KeyInfo, error) {
	if err := d.precheck(name, passphrase); err != nil {
		return KeyInfo{}, err
	}
	if k == nil {
		return KeyInfo{}, fmt.Errorf("store key %q: %w: nil key", name, crypto.ErrBadPrivateKey)
	}
	f, err := seal(name, k, passphrase, d.scrypt, d.now().UTC().Truncate(time.Second))
	if err != nil {
		return KeyInfo{}, fmt.Errorf("store key %q: %w", name, err)
	}
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return KeyInfo{}, fmt.Errorf("store key %q: %w", name, err)
	}
	if err := os.MkdirAll(d.path, 0o700); err != nil {
		return KeyInfo{}, fmt.Errorf("store key %q: %w", name, err)
	}
	path := d.file(name)
	if err := writeNew(path, append(b, '\n')); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return KeyInfo{}, fmt.Errorf("%w: %q in %s", ErrExists, name, d.path)
		}
		return KeyInfo{}, fmt.Errorf("store key %q: %w", name, err)
	}
	return f.info(path), nil
}

// Export decrypts the key called name and returns it as an unencrypted
// PKCS#8 "PRIVATE KEY" PEM block. Errors are Get's.
func (d *Dir) Export(name string, passphrase []byte) ([]byte, error) {
	k, err := d.Get(name, passphrase)
	if err != nil {
		return nil, err
	}
	return crypto.MarshalPrivateKeyPEM(k)
}

// Delete removes the key file of name; ErrNotFound if there is none.
func (d *Dir) Delete(name string) error {
	if err := checkName(name); err != nil {
		return err
	}
	err := os.Remove(d.file(name))
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%w: %q in %s", ErrNotFound, name, d.path)
	}
	if err != nil {
		return fmt.Errorf("delete key %q: %w", name, err)
	}
	return nil
}

// writeNew writes b to path with mode 0600, atomically and without
// replacing an existing file: it writes a temporary file in the same
// directory, syncs it and hard-links it to path (which fails with
// fs.ErrExist if path exists).
func writeNew(path string, b []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	err = f.Chmod(0o600)
	if err == nil {
		_, err = f.Write(b)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Link(tmp, path); err != nil {
		var le *os.LinkError
		if errors.As(err, &le) && errors.Is(le.Err, fs.ErrExist) {
			return fs.ErrExist
		}
		return err
	}
	// Make the new directory entry durable.
	if dir, err := os.Open(filepath.Dir(path)); err == nil {
		_ = dir.Sync()
		_ = dir.Close()
	}
	return nil
}
