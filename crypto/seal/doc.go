// Package seal encrypts a payload to several readers (hybrid encryption):
// the payload is sealed once under a fresh random data key with the crypto
// suite's AEAD, and the data key is wrapped for each reader's encryption
// public key.
//
//	suite  payload AEAD   data key  wrapping
//	intl   AES-256-GCM    32 bytes  HPKE (RFC 9180) base mode, DHKEM(X25519,
//	                                HKDF-SHA256), HKDF-SHA256, AES-256-GCM
//	                                (standard library crypto/hpke)
//	gm     SM4-GCM        16 bytes  SM2 public-key encryption (GB/T 32918.4,
//	                                gmsm), ciphertext C1 || C3 || C2, C1
//	                                uncompressed
//
// Readers hold an EncryptionKey (GenerateEncryptionKey; stored with
// MarshalPEM / ParseEncryptionKeyPEM, PKCS#8 in a PEM block of type PEMType)
// and publish its PublicKey; a KeyID, a hash of the suite and the public key,
// names a reader inside an envelope. Seal makes an Envelope, Marshal and
// Unmarshal give its canonical bytes, Open reads it, Readers lists who can,
// AddReaders re-issues it for more readers.
//
// # Envelope
//
// An Envelope is the protobuf message causeway.v1.SealedEnvelope
// (proto/causeway/v1/seal.proto), fields in this order: version (1), suite,
// class (optional public label such as "ride-record"), key commitment, one
// entry per reader in strictly ascending KeyID order (key id, optional public
// label such as "org2" or "account:<hex>", HPKE encapsulated key for intl,
// wrapped data key), GCM nonce, and last the GCM ciphertext and tag. Only the
// canonical encoding (deterministic protobuf, no unknown fields) is accepted,
// so an envelope has one byte string and the chain proves an envelope by the
// hash of those bytes; no strict prefix of an envelope is an envelope. There
// is no hash of the plaintext in clear: it would let anyone test guesses of
// a low-entropy payload. Who can read (KeyIDs, labels), the class, the
// payload length and the time of sealing are public.
//
// # What is bound, and why
//
// All hashes H below are the suite's (SHA-256 or SM3); context is a
// caller-supplied byte string (for example the chain id) that is not stored
// but must be given again to Open. Let
//
//	ctx        = H("causeway-seal-context" || 0x00 || context)
//	commitment = H("causeway-seal-commit" || 0x00 || data key)
//	core(p)    = "causeway-seal" || 0x00 || p || version || len(suite) ||
//	             suite || len(class) || class || ctx || commitment
//
// with one-byte lengths. Then:
//
//   - the payload's AEAD additional data is core('P') || n (2 bytes) and,
//     for every entry in order, key id || len(label) || label || len(enc) ||
//     enc || len(wrapped) (2 bytes) || wrapped;
//   - a reader's wrapped key is bound to info = core('W') || key id ||
//     len(label) || label: it is the HPKE info (intl), and for gm the SM2
//     plaintext is data key || H(info), checked on opening;
//   - the commitment is checked by every reader against the data key it
//     unwrapped.
//
// What an attacker who is not a reader can do, and what happens:
//
//   - change the class, the version, the suite or any byte of an entry, or
//     open with another context: the payload's additional data differs, and
//     the reader's own entry is bound to the class and context too, so Open
//     fails (ErrTampered) for every reader;
//   - remove an entry: the reader list in the additional data differs, Open
//     fails for everyone; the removal is visible, and never discloses
//     anything (it only denies reading, which deleting the envelope does
//     too);
//   - add an entry or substitute one (say an entry of the same reader taken
//     from another envelope): the reader list differs (Open fails for
//     everyone), and the taken entry is bound to the other envelope's
//     commitment, class and context, so it does not even unwrap;
//   - take the payload and re-issue it under another header: same, the
//     additional data differs.
//
// A malicious sender could try to give two readers two data keys under which
// the same GCM ciphertext opens to two different plaintexts (GCM does not
// commit to its key). The key commitment stops it: every reader checks that
// its data key is the one committed to in the envelope, so all readers who
// open an envelope read the same plaintext. A reader is not an attacker of
// this scheme: knowing the data key and the plaintext, a reader can always
// make a new envelope with any header and readers. The chain, not this
// package, says who sealed an envelope (the signed transaction that carries
// it) and fixes it by its hash.
//
// # Rotation and revocation
//
// AddReaders lets a reader re-issue an envelope for more readers, keeping
// the data key and the existing entries (no old reader's public key is
// needed) and re-encrypting the payload under a fresh nonce. There is no
// removal: a reader who once read an envelope knows its data key and
// plaintext. Revoking a reader (or rotating a leaked key) means sealing new
// data without them under a fresh data key; what was sealed to them stays
// readable by whoever kept their old key. Envelopes issued by AddReaders
// from one another share a data key and a commitment, which shows that they
// hold the same payload.
//
// Errors are typed (ErrMalformed, ErrNotARecipient, ErrTampered, ...) and
// tested with errors.Is; nothing here panics on malformed input.
package seal
