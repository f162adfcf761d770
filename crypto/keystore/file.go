package keystore

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"golang.org/x/crypto/scrypt"

	"github.com/causeway/causeway/crypto"
	"github.com/causeway/causeway/types"
)

// The key file format, version 1:
//
//	{
//	  "version": 1,
//	  "name": "alice",
//	  "scheme": "sm2",                      // ed25519 | ecdsa-p256 | sm2
//	  "public_key": "04…",                  // hex, crypto package encoding
//	  "created": "2026-01-02T03:04:05Z",
//	  "kdf": {"name": "scrypt", "n": 32768, "r": 8, "p": 1,
//	          "salt": "…",                  // 32 random bytes, hex
//	          "check": "…"},                // passphrase check, hex
//	  "cipher": {"name": "sm4-gcm",          // aes-256-gcm | sm4-gcm
//	             "nonce": "…",              // 12 random bytes, hex
//	             "ciphertext": "…"}         // PKCS#8 DER sealed, with tag
//	}
//
// scrypt(passphrase, salt, n, r, p) gives K || C, K the cipher key (32
// bytes for AES-256, 16 for SM4) and C 32 bytes; check = SHA-256(label ||
// C). The additional data of the seal is a canonical encoding of every
// other field (header below), so none of them can be changed unnoticed.
const (
	fileVersion = 1
	kdfScrypt   = "scrypt"
	cipherAES   = "aes-256-gcm"
	cipherSM4   = "sm4-gcm"
	saltSize    = 32
	checkSize   = 32
	checkLabel  = "causeway keystore v1 passphrase check"
	headerLabel = "causeway keystore v1 header\n"
)

type keyFile struct {
	Version   int        `json:"version"`
	Name      string     `json:"name"`
	Scheme    string     `json:"scheme"`
	PublicKey string     `json:"public_key"`
	Created   time.Time  `json:"created"`
	KDF       kdfJSON    `json:"kdf"`
	Cipher    cipherJSON `json:"cipher"`

	// Decoded fields, filled by seal and parseKeyFile.
	scheme                  types.SignatureScheme
	pub, salt, check, nonce []byte
	ciphertext              []byte
}

type kdfJSON struct {
	Name  string `json:"name"`
	N     int    `json:"n"`
	R     int    `json:"r"`
	P     int    `json:"p"`
	Salt  string `json:"salt"`
	Check string `json:"check"`
}

type cipherJSON struct {
	Name       string `json:"name"`
	Nonce      string `json:"nonce"`
	Ciphertext string `json:"ciphertext"`
}

// suiteOf maps a file's cipher name to the crypto suite of its AEAD.
func suiteOf(cipherName string) (string, bool) {
	switch cipherName {
	case cipherAES:
		return crypto.SuiteIntl, true
	case cipherSM4:
		return crypto.SuiteGM, true
	}
	return "", false
}

// cipherFor is the cipher of new files: SM4-GCM for SM2 (GM) keys.
func cipherFor(s types.SignatureScheme) string {
	if s == types.SignatureScheme_SM2 {
		return cipherSM4
	}
	return cipherAES
}

func (f *keyFile) info(path string) KeyInfo {
	return KeyInfo{
		Name:      f.Name,
		Scheme:    f.scheme,
		PublicKey: append([]byte(nil), f.pub...),
		Created:   f.Created,
		Path:      path,
	}
}

// header is the additional data of the seal: every field but the
// ciphertext, re-encoded from their decoded values.
func (f *keyFile) header() []byte {
	h, _ := json.Marshal(struct {
		Version   int    `json:"version"`
		Name      string `json:"name"`
		Scheme    string `json:"scheme"`
		PublicKey string `json:"public_key"`
		Created   string `json:"created"`
		KDF       string `json:"kdf"`
		N, R, P   int
		Salt      string `json:"salt"`
		Check     string `json:"check"`
		Cipher    string `json:"cipher"`
		Nonce     string `json:"nonce"`
	}{
		fileVersion, f.Name, crypto.SchemeName(f.scheme), hex.EncodeToString(f.pub),
		f.Created.UTC().Format(time.RFC3339Nano), f.KDF.Name, f.KDF.N, f.KDF.R, f.KDF.P,
		hex.EncodeToString(f.salt), hex.EncodeToString(f.check), f.Cipher.Name, hex.EncodeToString(f.nonce),
	})
	return append([]byte(headerLabel), h...)
}

// derive runs scrypt and splits its output into the cipher key and the
// passphrase check value.
func derive(passphrase, salt []byte, p ScryptParams, keySize int) (key, check []byte, err error) {
	dk, err := scrypt.Key(passphrase, salt, p.N, p.R, p.P, keySize+checkSize)
	if err != nil {
		return nil, nil, fmt.Errorf("scrypt: %w", err)
	}
	h := sha256.New()
	h.Write([]byte(checkLabel))
	h.Write(dk[keySize:])
	clear(dk[keySize:])
	return dk[:keySize], h.Sum(nil), nil
}

// seal builds the key file of k.
func seal(name string, k crypto.Key, passphrase []byte, p ScryptParams, created time.Time) (*keyFile, error) {
	der, err := crypto.MarshalPKCS8(k)
	if err != nil {
		return nil, err
	}
	defer clear(der)
	f := &keyFile{
		Version: fileVersion,
		Name:    name,
		Created: created,
		scheme:  k.Scheme(),
		pub:     k.PublicKey(),
		salt:    make([]byte, saltSize),
		nonce:   make([]byte, crypto.AEADNonceSize),
	}
	if _, err := rand.Read(f.salt); err != nil {
		return nil, err
	}
	if _, err := rand.Read(f.nonce); err != nil {
		return nil, err
	}
	f.Cipher.Name = cipherFor(f.scheme)
	suite, _ := suiteOf(f.Cipher.Name)
	keySize, err := crypto.AEADKeySize(suite)
	if err != nil {
		return nil, err
	}
	key, check, err := derive(passphrase, f.salt, p, keySize)
	if err != nil {
		return nil, err
	}
	defer clear(key)
	f.check = check
	f.KDF = kdfJSON{Name: kdfScrypt, N: p.N, R: p.R, P: p.P, Salt: hex.EncodeToString(f.salt), Check: hex.EncodeToString(check)}
	aead, err := crypto.NewAEAD(suite, key)
	if err != nil {
		return nil, err
	}
	f.ciphertext = aead.Seal(nil, f.nonce, der, f.header())
	f.Scheme = crypto.SchemeName(f.scheme)
	f.PublicKey = hex.EncodeToString(f.pub)
	f.Cipher.Nonce = hex.EncodeToString(f.nonce)
	f.Cipher.Ciphertext = hex.EncodeToString(f.ciphertext)
	return f, nil
}

// parseKeyFile decodes and range-checks a key file; errors wrap ErrCorrupt.
func parseKeyFile(b []byte) (*keyFile, error) {
	var f keyFile
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: data after the JSON object", ErrCorrupt)
	}
	bad := func(format string, args ...any) (*keyFile, error) {
		return nil, fmt.Errorf("%w: "+format, append([]any{ErrCorrupt}, args...)...)
	}
	if f.Version != fileVersion {
		return bad("version %d is not supported (want %d)", f.Version, fileVersion)
	}
	if checkName(f.Name) != nil {
		return bad("name %q is not a valid key name", f.Name)
	}
	var err error
	if f.scheme, err = crypto.ParseScheme(f.Scheme); err != nil {
		return bad("%v", err)
	}
	hexField := func(field, s string, min, max int) ([]byte, error) {
		v, err := hex.DecodeString(s)
		if err != nil {
			return nil, fmt.Errorf("%w: %s is not hex", ErrCorrupt, field)
		}
		if len(v) < min || len(v) > max {
			return nil, fmt.Errorf("%w: %s is %d bytes, want %d to %d", ErrCorrupt, field, len(v), min, max)
		}
		return v, nil
	}
	if f.pub, err = hexField("public_key", f.PublicKey, 1, 1024); err != nil {
		return nil, err
	}
	if _, err := crypto.ParsePublicKey(f.scheme, f.pub); err != nil {
		return bad("public_key: %v", err)
	}
	if f.KDF.Name != kdfScrypt {
		return bad("kdf %q is not supported (want %q)", f.KDF.Name, kdfScrypt)
	}
	if err := (ScryptParams{N: f.KDF.N, R: f.KDF.R, P: f.KDF.P}).validate(); err != nil {
		return bad("%v", err)
	}
	if f.salt, err = hexField("kdf.salt", f.KDF.Salt, 16, 64); err != nil {
		return nil, err
	}
	if f.check, err = hexField("kdf.check", f.KDF.Check, checkSize, checkSize); err != nil {
		return nil, err
	}
	if _, ok := suiteOf(f.Cipher.Name); !ok {
		return bad("cipher %q is not supported (want %q or %q)", f.Cipher.Name, cipherAES, cipherSM4)
	}
	if f.nonce, err = hexField("cipher.nonce", f.Cipher.Nonce, crypto.AEADNonceSize, crypto.AEADNonceSize); err != nil {
		return nil, err
	}
	if f.ciphertext, err = hexField("cipher.ciphertext", f.Cipher.Ciphertext, 16+1, 1<<16); err != nil {
		return nil, err
	}
	return &f, nil
}

// open decrypts the private key: ErrWrongPassphrase if the check value
// does not match, ErrTampered if the seal does not authenticate.
func (f *keyFile) open(passphrase []byte) (crypto.Key, error) {
	suite, _ := suiteOf(f.Cipher.Name)
	keySize, err := crypto.AEADKeySize(suite)
	if err != nil {
		return nil, err
	}
	key, check, err := derive(passphrase, f.salt, ScryptParams{N: f.KDF.N, R: f.KDF.R, P: f.KDF.P}, keySize)
	if err != nil {
		return nil, err
	}
	defer clear(key)
	if subtle.ConstantTimeCompare(check, f.check) != 1 {
		return nil, ErrWrongPassphrase
	}
	aead, err := crypto.NewAEAD(suite, key)
	if err != nil {
		return nil, err
	}
	der, err := aead.Open(nil, f.nonce, f.ciphertext, f.header())
	if err != nil {
		return nil, fmt.Errorf("%w: the encrypted key or its clear fields do not authenticate", ErrTampered)
	}
	defer clear(der)
	k, err := crypto.ParsePKCS8(der)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if k.Scheme() != f.scheme || !bytes.Equal(k.PublicKey(), f.pub) {
		return nil, fmt.Errorf("%w: the private key does not match the file's public key", ErrCorrupt)
	}
	return k, nil
}
