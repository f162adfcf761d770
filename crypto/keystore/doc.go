// Package keystore keeps named private keys in files encrypted at rest
// with a passphrase, and carries out the `causeway keys` commands.
//
// KeyStore is the interface the rest of Causeway uses (List, Get, Import,
// New, Export, Delete); Dir, returned by Open, implements it over a
// directory (by default ~/.causeway/keys) with one JSON file per key. A key
// file holds, in the clear, the key's name, signature scheme, public key and
// creation time, so List needs no passphrase; the private key is PKCS#8 DER
// sealed with AES-256-GCM (SM4-GCM for SM2 keys, the GM suite) under a key
// derived from the passphrase with scrypt (N=2^15, r=8, p=1 by default).
// The clear fields are authenticated as GCM additional data, so a file
// whose name, scheme, public key or ciphertext was altered is refused with
// ErrTampered, and a wrong passphrase is told apart from tampering by a
// separate check value (ErrWrongPassphrase). Files are written atomically
// with mode 0600 in a 0700 directory and are never overwritten.
//
// A hardware security module can implement KeyStore later (PKCS#11): its Get
// returns a crypto.Key whose Sign asks the module and whose private key
// never leaves it, the passphrase being the token PIN; Export then returns
// ErrNotExportable.
package keystore
